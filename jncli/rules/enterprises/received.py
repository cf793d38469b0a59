"""What was received before: which earlier years of the policy period the top-up can see.

以上奖励政策按就高原则执行，不重复享受。
(RULES.md §2: across years an entity is paid only the top-up over what it received in earlier years
of the period. "Received" per earlier year comes from a prior ledger's m2/m6 rows for that entity and year
(`says_received`), else from this run's own evaluation of that year's rows in the input. An earlier year that neither
holds is invisible: every entity paid in it would be paid again in full — RULES.md "The yearly run".)
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import polars as pl

from jncli.errors import DataError, row_ref
from jncli.ledger import AWARDED, OUT_OF_PERIOD
from jncli.policy import Policy
from jncli.rules import Said
from jncli.rules.enterprises.common import _with_position

# The smallest year written in full: a ledger's year below it (22 for 2022) is refused, never read as a year.
FOUR_DIGITS = 1000


class Coverage(NamedTuple):  # immutable record: ~0.1 ms to create, a frozen dataclass ~0.7 ms
    """One earlier year of the period, as the top-up of a later year sees it."""

    year: int
    in_prior: bool  # a prior ledger has m2/m6 rows of that year
    in_input: bool  # the enterprises input has rows of that year

    @property
    def covered(self) -> bool:
        return self.in_prior or self.in_input


def says_received(policy: Policy) -> pl.Expr:
    """The prior ledger rows that say what an entity received under measures 2 and 6 (the 就高 group) in a year,
    and so cover that entity-year: its rows of the group's rules, whatever their status (an `ineligible` m2 row
    says it received 0). The ONE place that decides it, for the top-up (`topup._prior_events`), the coverage of
    an earlier year (`coverage`, annual's stated source of "received") and the fallback lines: a row of another
    rule (m3.fiscal, m8.hires …) says nothing of what measures 2 and 6 paid, so the entity-year it names is taken
    from the data's rows as if the ledger did not list it (hostile review 1, A8: an m3-only ledger paid 50, not 45,
    while the run named the data as the source)."""
    return pl.col("rule").is_in(list(policy.enterprise_group))


def earlier_years(policy: Policy, year: int) -> list[int]:
    """The years of the policy period before `year` (none when `year` itself is outside the period:
    nothing is paid then, so nothing received matters)."""
    if year not in policy.annual_years:
        return []
    return [y for y in policy.annual_years if y < year]


def blank_years(policy: Policy, year: int, first_year: bool) -> tuple[int, ...]:
    """The years whose rows `annual` checks a needed column in one by one (`InputOptions.years`): `year` and, unless
    nothing was paid before it (`--first-year`), the earlier years of the period, whose rows say what was received."""
    return (year,) if first_year else (*earlier_years(policy, year), year)


def period_text(policy: Policy, sep: str = "–") -> str:
    """The policy period as its first and last annual years: 2022–2023."""
    first, last = min(policy.annual_years), max(policy.annual_years)
    return str(first) if first == last else f"{first}{sep}{last}"


def in_period_prior(prior: pl.DataFrame | None, policy: Policy) -> tuple[pl.DataFrame | None, list[str]]:
    """The prior ledger's rows of the policy period's years, and a warning per file whose other rows are left out.

    RULES.md "The yearly run": --prior is what was paid in an earlier year *of the policy period*; a payment of
    another period (the previous policy's ledger given to a revision's first year, a row dated before the period)
    is never deducted, neither from the m2/m6 top-up nor as the one-off m3.fiscal reward (`check-validity` still
    reports such rows as out_of_period). Refused, naming the first such row (review 17, F2/F3): a year written
    with fewer than four digits (22 for 2022) — read as a year it would be outside the period and silently not
    deducted; an `awarded` row without a year (it cannot be placed in a year of the period, so nothing of it
    would be deducted; a row of another status without a year moves no money and is kept as before); a year
    after the period's last year (2202 for 2022) — no payment of an earlier year of the period can be dated
    after it, so it is a typo, not another policy's ledger (a year *before* the period stays a warning, and so
    does an `out_of_period` row after it: jncli writes those for a later year, and they pay nothing)."""
    if prior is None or "year" not in prior.columns:
        return prior, []
    years = sorted(policy.annual_years)
    period = period_text(policy)
    placed = _with_position(prior, "prior ledger")  # row numbers of the whole ledger, before any filter
    short = placed.filter(pl.col("year").is_not_null() & (pl.col("year") < FOUR_DIGITS))
    if short.height:
        r = short.row(0, named=True)
        y, full, two = r["year"], years[0], f"{years[0] % 100:02d}"
        raise DataError(
            f"{row_ref(r['_source'], r['_row'], 'year')}: {y} is not a year written in full "
            f"({short.height} such row(s) in the prior ledgers): what was paid in the policy period {period} "
            f"cannot be taken from it",
            f"write the year with four digits ({full}, not {two}), as jncli's ledgers have it",
        )
    if "status" in prior.columns:
        unplaced = placed.filter(pl.col("year").is_null() & (pl.col("status") == AWARDED))
        if unplaced.height:
            r = unplaced.row(0, named=True)
            raise DataError(
                f"{row_ref(r['_source'], r['_row'], 'year')}: an awarded row without a year cannot be placed "
                f"({unplaced.height} such row(s) in the prior ledgers): what it paid would not be deducted in the "
                f"policy period {period}",
                "fill the year in (the year the award was paid for), as jncli's ledgers have it",
            )
    after = pl.col("year").is_not_null() & (pl.col("year") > years[-1])
    if "status" in prior.columns:  # jncli's own out_of_period rows (award-enterprises of a later year) pay nothing
        after = after & (pl.col("status").is_null() | (pl.col("status") != OUT_OF_PERIOD))
    later = placed.filter(after)
    if later.height:
        r = later.row(0, named=True)
        raise DataError(
            f"{row_ref(r['_source'], r['_row'], 'year')}: {r['year']} is after the policy period {period}: a "
            f"typo? ({later.height} such row(s) in the prior ledgers): --prior is what was paid in an earlier year "
            f"of the period, and a row dated after it would not be deducted",
            "correct the year (the year the award was paid for), or leave out the rows that are not payments of "
            "this period",
        )
    outside = pl.col("year").is_not_null() & ~pl.col("year").is_in(years)
    dropped = placed.filter(outside)
    if not dropped.height:
        return prior, []
    warnings: list[str] = []
    for (source,), rows in sorted(dropped.group_by("_source"), key=lambda g: str(g[0][0])):
        held = sorted(rows["year"].unique().to_list())
        listed, zh_listed = ", ".join(map(str, held)), "、".join(map(str, held))
        warnings.append(
            Said(
                f"--prior {source}: {rows.height} row(s) of {listed}, outside the policy period {period}: not "
                f"deducted (--prior is what was paid in an earlier year of the period; `jncli check-validity` "
                f"reports them as out_of_period)",
                f"--prior {source}：{rows.height}行属于{zh_listed}年度，不在政策施行期{period}年度内：不计入已领取"
                f"（--prior 是政策施行期内往年已发放的台账；`jncli check-validity` 将其列为 out_of_period）",
            )
        )
    return prior.filter(~outside), warnings


def coverage(frame: pl.DataFrame, prior: pl.DataFrame | None, policy: Policy, year: int) -> list[Coverage]:
    """For each earlier year of the period: does a prior ledger, or the input, tell what was received?

    `frame`: the conformed enterprises; `prior`: conformed ledger rows (None: no --prior)."""
    before = earlier_years(policy, year)
    if not before:
        return []
    in_input = set(frame.filter(pl.col("year").is_in(before))["year"].unique().to_list())
    in_prior: set[int] = set()
    if prior is not None and {"year", "rule"} <= set(prior.columns):
        rows = prior.filter(pl.col("year").is_in(before) & says_received(policy))
        in_prior = set(rows["year"].unique().to_list())
    return [Coverage(y, y in in_prior, y in in_input) for y in before]


def uncovered_warnings(
    frame: pl.DataFrame, prior: pl.DataFrame | None, policy: Policy, out_years: list[int]
) -> list[str]:
    """A warning per output year that cannot see an earlier year of the period (award-enterprises alone:
    the yearly run stops instead)."""
    warnings: list[str] = []
    for year in out_years:
        missing = [c.year for c in coverage(frame, prior, policy, year) if not c.covered]
        if not missing:
            continue
        years = ", ".join(map(str, missing))
        zh_years = "、".join(map(str, missing))
        warnings.append(
            Said(
                f"{year} is evaluated without what was received in {years}: no --prior ledger and no {years} "
                f"rows in the input, so an entity paid in {years} is paid its full {year} amount again "
                f"(pass --prior with the {years} ledger, or add the {years} rows to the input)",
                f"{year}年度测算看不到{zh_years}年度已领取的奖励：没有 --prior 台账，输入中也没有{zh_years}年度的行，"
                f"{zh_years}年度已获奖的企业将再次全额获得{year}年度奖励（请用 --prior 提供{zh_years}年度台账，"
                f"或在输入中补充{zh_years}年度的行）",
            )
        )
    return warnings


def fallback_lines(
    f: pl.DataFrame, prior: pl.DataFrame | None, policy: Policy, out_years: list[int], budget
) -> tuple[list[str], list[str]]:
    """(notes, warnings): one line per earlier year whose "received" is this run's own evaluation of that
        year's rows in the input (the fallback of RULES.md §2 "Received": no --prior row of the m2/m6 group,
    `says_received`, for the entity-year),
        for the entities of the output years. That figure is a computation under this run's policy, without
        the earlier run's --budget, not what was paid: a note with the shipped policy and no --budget, a
        warning when this run re-prices the earlier year (--budget, or another policy file). Earlier years
        that are output years themselves (--all-years) are this run's own rows: no line."""
    from jncli.policy.pricing import prices_received_as_shipped
    from jncli.rules.enterprises.common import _normalised_code

    if not out_years:
        return [], []
    last = max(out_years)
    years = [y for y in earlier_years(policy, last) if y not in out_years]
    rows = f.filter(pl.col("year").is_in(years) & pl.col("code").is_not_null()).select("code", "year")
    if not rows.height:
        return [], []
    if prior is not None and {"beneficiary", "year", "rule"} <= set(prior.columns):
        paid = prior.filter(says_received(policy)).select(
            code=_normalised_code(pl.col("beneficiary")), year=pl.col("year").cast(rows["year"].dtype)
        )
        rows = rows.join(paid.drop_nulls().unique(), on=["code", "year"], how="anti")
    # a semi join keeps the left rows with a match: the right side's repeated codes change nothing, so they are
    # not made unique first (200,000 codes: ~16 ms; issue 18)
    later = f.filter(pl.col("year").is_in(out_years)).select("code")
    rows = rows.join(later, on="code", how="semi")
    reasons_en, reasons_zh = [], []
    if budget is not None:
        reasons_en.append("this run has --budget, and the earlier year is evaluated without the budget its run had")
        reasons_zh.append("本次运行指定了 --budget，而往年数据按无预算缩放测算，未计入往年运行的预算缩放")
    if not prices_received_as_shipped(policy):  # a copy that changes only measure 1's weights does not re-price
        name = policy.source.replace("\\", "/").rsplit("/", 1)[-1]  # as the manifest names it (verify re-runs a copy)
        reasons_en.append(
            f"the policy file {name} is not the shipped one, so the earlier year is priced under it, not "
            f"under the policy that paid it (a what-if comparison re-prices the past)"
        )
        reasons_zh.append(
            f"政策文件 {name} 不是随附的政策文件，往年按该文件重新定价，而非按当年发放时的政策"
            f"（对比测算会把往年重新定价）"
        )
    notes: list[str] = []
    warnings: list[str] = []
    for (y,), part in sorted(rows.group_by("year"), key=lambda g: g[0][0]):
        n = part["code"].n_unique()
        en = (
            f"received in {y} for {n} enterprise(s) is computed from the {y} rows of the input under this run's "
            f"policy, not checked against what was paid; for what was paid give --prior the {y} ledger (annual: "
            f"or run beside the {y} output)"
        )
        zh = (
            f"{n}家企业{y}年度的已领取金额按输入中{y}年度的行以本次政策测算，未核对实际发放；如需按实际发放，请用 "
            f"--prior 提供{y}年度台账（annual：或在{y}年度输出旁运行）"
        )
        if reasons_en:
            warnings.append(Said(f"{en}: {'; '.join(reasons_en)}", f"{zh}：{'；'.join(reasons_zh)}"))
        else:
            notes.append(Said(en, zh))
    return notes, warnings


def unseen_received(f: pl.DataFrame, policy: Policy, out_years: list[int], how: str) -> pl.DataFrame:
    """The rows of an earlier year of the period (not output) that would count as received were their credit code
    valid, but whose code is invalid (or empty) and is no output year's row's code: the top-up keys on the code,
    so what the row says was received is deducted from no enterprise, and the enterprise (its later row under the
    valid code) is paid its full amount again (hostile review 1, A9: `91370828-T62X6XP3UL` in 2022, 50 not 45).
    An invalid code that an output year's row has too makes those rows ineligible themselves: nothing to deduct
    from, no money at stake. One row per input row (`_source`, `_row`, `code`, `year`, `rule`, `entitled_m`: the
    highest award it would count for); `how` "error" (`annual`): a data error naming the first whose enterprise
    (by name) has an output year's row (RULES.md §2 gives no reading of such a row, and a guess decides money)."""
    from jncli import credit_code
    from jncli.rules.enterprises.common import MICRO, QUALIFIED, _dec
    from jncli.rules.enterprises.rows import _tier_rows, _title_rows

    if not out_years or not f.height:
        return f.clear().select("_source", "_row", "code", "year")
    before = [y for y in earlier_years(policy, max(out_years)) if y not in out_years]
    candidates = f.filter(pl.col("year").is_in(before) & ~pl.col("code_ok"))
    if candidates.height:
        later = f.filter(pl.col("year").is_in(out_years) & pl.col("code").is_not_null()).select("code").unique()
        candidates = candidates.join(later, on="code", how="anti")  # an empty code matches none
    if not candidates.height:
        return f.clear().select("_source", "_row", "code", "year")
    as_if = candidates.with_columns(code_ok=pl.lit(True))
    rows = pl.concat([_tier_rows(as_if, policy), _title_rows(as_if, policy)], how="diagonal_relaxed")
    rows = rows.filter((pl.col("status") == QUALIFIED) & (pl.col("entitled_m") > 0))
    rows = rows.sort("_source", "_row", pl.col("entitled_m"), descending=[False, False, True]).unique(
        ["_source", "_row"], keep="first", maintain_order=True
    )
    unseen = rows.select("_source", "_row", "code", "year", "rule", "entitled_m", "name")
    # Money is at stake only where the enterprise has an output year's row to be paid — found by its name, as the
    # code is what is wrong (hostile3 F5: a 2022 row mistyped, the enterprise gone by 2023, stopped the run); the
    # others are counted in the invalid-code warning.
    later_names = f.filter(pl.col("year").is_in(out_years) & pl.col("name").is_not_null()).select("name").unique()
    at_stake = unseen.join(later_names, on="name", how="semi") if unseen.height else unseen
    if at_stake.height and how == "error":
        r = at_stake.row(0, named=True)
        later_years = ", ".join(str(y) for y in out_years if y > r["year"])
        amount = _dec(Decimal(r["entitled_m"]) / MICRO)
        raise DataError(
            f"{row_ref(r['_source'], r['_row'], 'credit_code')}: {credit_code.problem(r['code'])}: this {r['year']} "
            f"row of {r['name'] or '(no name)'} would count as received ({r['rule']}, {amount} 万元) in the top-up "
            f"of {later_years}, but an invalid code is no enterprise's, so what it received would be deducted from "
            f"nobody and the enterprise paid its full amount again ({at_stake.height} such row(s))",
            "correct the credit code in that row as the enterprise's other rows write it (one enterprise has one "
            "unified social credit code)",
        )
    return unseen


# Named in the warning of `fiscal_unknown_warnings`: this many enterprises, then "…".
NAMED = 10


def fiscal_unknown_warnings(
    rows: pl.DataFrame, prior: pl.DataFrame | None, policy: Policy, out_years: list[int]
) -> list[str]:
    """(rev 3, 一次性奖励) A warning per earlier year y whose prior ledger rows include measure 2/6 rows of y but no
    m3.fiscal row of y at all — the ledger of a run that did not compute measure 3 for y (`--skip 3`, the
    ratios not yet published), or of a year nobody had new fiscal revenue — while this run withholds an
    output year's m3.fiscal (`superseded`) only because its own evaluation of the input's y rows computes a
    one-off payment in y. What measure 3 paid in y is unknown: the withheld reward is named, not hidden.

    `rows`: the m3.fiscal rows after `_fiscal_once` (`paid_src` "data": the payment is this run's evaluation
    of an earlier year's input rows); `prior`: the conformed prior ledger (None: none given)."""
    from jncli.ledger import SUPERSEDED
    from jncli.rules.enterprises.common import FISCAL_RULE, MICRO, _dec

    if prior is None or not {"rule", "year"} <= set(prior.columns) or "paid_src" not in rows.columns:
        return []
    group = prior.filter(says_received(policy))
    years = set(group["year"].drop_nulls().cast(pl.Int64).to_list())
    years -= set(prior.filter(pl.col("rule") == FISCAL_RULE)["year"].drop_nulls().cast(pl.Int64).to_list())
    withheld = rows.filter(
        (pl.col("status") == SUPERSEDED)
        & (pl.col("paid_src") == "data")
        & pl.col("paid_year").is_in(sorted(years))
        & pl.col("year").is_in(out_years)
    )
    warnings: list[str] = []
    for (y,), part in sorted(withheld.group_by("paid_year"), key=lambda g: g[0][0]):
        part = part.sort("year", "code")
        named = part.select("code", name=pl.col("name") if "name" in part.columns else pl.lit(None, pl.String))
        named = named.unique("code", maintain_order=True)
        n = named.height
        who = [f"{nm} {c}" if nm else c for c, nm in named.iter_rows()]
        shown = ", ".join(who[:NAMED]) + (" …" if n > NAMED else "")
        zh_shown = "、".join(who[:NAMED]) + ("…" if n > NAMED else "")
        total = _dec(Decimal(int(part["entitled_m"].sum())) / MICRO)
        ys = sorted(set(part["year"].to_list()))
        en_ys, zh_ys = ", ".join(map(str, ys)), "、".join(map(str, ys))
        sources = group.filter(pl.col("year") == y)["_source"] if "_source" in group.columns else []
        files = sorted({s for s in sources if s is not None})  # annual: the names its report shows
        ledgers = ", ".join(files) or "--prior"
        warnings.append(
            Said(
                f"{FISCAL_RULE}: the prior ledger {ledgers} has {y} rows of measures 2 and 6 but no {FISCAL_RULE} row "
                f"of {y}, so what measure 3 paid in {y} is unknown (was it run for {y}?): the {en_ys} {FISCAL_RULE} "
                f"of {n} enterprise(s), {total} 万元, is withheld (superseded) only because this run's evaluation of "
                f"the input's {y} rows computes a {y} one-off payment, not checked against what was paid: {shown}; "
                f"give --prior the {y} ledger with its {FISCAL_RULE} rows, or check what was paid in {y}",
                f"{FISCAL_RULE}：往年台账 {ledgers} 有{y}年度第二、六条的行，但没有{y}年度的 {FISCAL_RULE} 行，"
                f"{y}年度第三条实际发放情况不明（{y}年度是否计算了第三条？）：{n}家企业{zh_ys}年度的 {FISCAL_RULE} "
                f"共{total}万元不予奖励（superseded），仅因本次按输入中{y}年度的行测算其{y}年度应得一次性奖励，"
                f"未核对实际发放：{zh_shown}；请用 --prior 提供含 {FISCAL_RULE} 行的{y}年度台账，或核对{y}年度实际发放",
            )
        )
    return warnings


# Named per county in the stop (and warning) of an earlier year a prior ledger covers in part: this many, then "…".
FIRST = 3


class Uncovered(NamedTuple):
    """An earlier year `year` the prior ledgers `files` cover for the counties `covered` only, while this run pays
    enterprises of the counties `counties` under measures 2 and 6 whose `year` is seen nowhere:
    (county, how many, the first few "name code")."""

    year: int
    files: tuple[str, ...]
    covered: tuple[str, ...]
    counties: tuple[tuple[str, int, tuple[str, ...]], ...]


def partial_prior(
    frame: pl.DataFrame,
    prior: pl.DataFrame | None,
    rows: pl.DataFrame,
    policy: Policy,
    year: int,
    whole: tuple[int, ...] = (),
) -> list[Uncovered]:
    """The earlier years a prior ledger covers for some counties only (one county bureau's ledger given as the
    year's): the ONE place that decides it, for `annual` (a stop) and `award-enterprises --prior` (a warning).

    RULES.md §2 "Received": per entity and year, from the prior ledger where it has a row of the m2/m6 group for
    that entity and year, else from this run's evaluation of that year's rows in the input. An enterprise with
    neither is taken as having received nothing — right when the ledger is the year's whole record, but one
    county's ledger makes every other county's recipient of that year paid its full amount again. So, per earlier
    year of the period the prior ledgers hold m2/m6 rows of (any status; `whole`: years whose record is a verified
    earlier run beside OUT_DIR, a whole run, are not checked):

    - the counties the ledgers cover: the counties of the enterprises their m2/m6 rows of that year name, taken
      from the enterprises table's rows of the same credit code (a ledger has no county column: the finance
      office's list of what was paid names codes only); a code the table does not know names no county. A county
      the input holds rows of that year of is covered too (its enterprises without such a row are new: RULES.md's
      fallback to the input's rows, one level down from the year to the county);
    - the enterprises at stake: paid under measures 2 and 6 in `year` (`rows`: the award rows, awarded above 0),
      whose received of that year comes from nowhere — no m2/m6 row of theirs of that year in the ledgers, no row
      of theirs of that year in the enterprises table — and with no evidence in the data that they received
      nothing then. The evidence (docs/policy-reading.md): that year is the year before `year`, this year's row
      gives the previous year's online retail below the lowest tier of that year's tier rule (m2.tier2022: 1000
      万元), and names no title (a title held now may have been held, and paid, then);
    - a county of such an enterprise the ledgers cover none of is a hole: one Uncovered per year. A ledger
      covering no county at all (none of its codes in the table) is no evidence of a part: not checked."""
    from jncli.rules.enterprises.common import _normalised_code
    from jncli.rules.enterprises.rows import _tier_rules

    needed = {"beneficiary", "year", "rule"}
    if prior is None or not needed <= set(prior.columns) or not rows.height or "county" not in frame.columns:
        return []
    before = [y for y in earlier_years(policy, year) if y not in whole]
    group = prior.filter(pl.col("year").is_in(before) & says_received(policy)).with_columns(
        _code=_normalised_code(pl.col("beneficiary"))
    )
    if not group.height:
        return []
    ent, county_of = counties_of(frame, policy)
    now = rows.filter(
        (pl.col("year") == year)
        & pl.col("rule").is_in(list(policy.enterprise_group))
        & (pl.col("status") == AWARDED)
        & (pl.col("award") > 0)
    ).with_columns(_code=_normalised_code(pl.col("beneficiary")))
    if not now.height:
        return []
    this_year = ent.filter(pl.col("year") == year).unique("_code", keep="first", maintain_order=True)
    names = dict(this_year.select("_code", "name").iter_rows()) if "name" in this_year.columns else {}
    out: list[Uncovered] = []
    for y in sorted(set(group["year"].to_list())):
        listed = group.filter(pl.col("year") == y)
        codes = set(listed["_code"].drop_nulls().to_list())
        covered = {county_of[c] for c in codes if c in county_of}
        if not covered:
            continue
        rows_then = ent.filter(pl.col("year") == y)
        covered |= set(rows_then["_county"].drop_nulls().to_list())  # that county's year is in the input
        seen = codes | set(rows_then["_code"].to_list())
        quiet = _nothing_then(this_year, policy, year, y, _tier_rules(policy))
        at_stake: dict[str, list[str]] = {}
        for code, county in (
            now.select("_code", "county").unique("_code", keep="first", maintain_order=True).iter_rows()
        ):
            if code is None or code in seen or code in quiet:
                continue
            place = policy.canonical_county(county) or county
            if place in covered:
                continue
            name = names.get(code)
            at_stake.setdefault(place, []).append(f"{name} {code}" if name else code)
        if at_stake:
            files = tuple(sorted(set(listed["_source"].to_list()))) if "_source" in listed.columns else ()
            counties = tuple((c, len(who), tuple(who[:FIRST])) for c, who in sorted(at_stake.items()))
            out.append(Uncovered(y, files, tuple(sorted(covered)), counties))
    return out


def _nothing_then(this_year: pl.DataFrame, policy: Policy, year: int, then: int, tier_rules: dict) -> set[str]:
    """The codes whose row of `year` shows they received nothing under measures 2 and 6 in `then`: `then` is the
    year before, the previous year's online retail is given and below the lowest threshold of `then`'s tier rule,
    and no title is named (a title may have been held, and paid, in `then`)."""
    lowest = [min(t.threshold for t in r.tiers) for r in tier_rules.values() if r.year == then and r.tiers]
    if then != year - 1 or not lowest or not {"online_retail_prev", "national_title"} <= set(this_year.columns):
        return set()
    below = (
        pl.col("online_retail_prev").is_not_null()
        & (pl.col("online_retail_prev").cast(pl.Float64) < float(min(lowest)))
        & (pl.col("national_title").is_null() | (pl.col("national_title").str.strip_chars() == ""))
    )
    return set(this_year.filter(below)["_code"].to_list())


def partial_lines(found: list[Uncovered], accepted: bool = False) -> list[Said]:
    """One line per earlier year `partial_prior` found covered in part: award-enterprises' warning, or
    (`accepted`) annual's warning that --prior-complete takes the ledgers as the whole year all the same."""
    lines = []
    for u in found:
        en, zh = _counties_text(u)
        files = ", ".join(u.files) or "--prior"
        covered, zh_covered = ", ".join(u.covered), "、".join(u.covered)
        head_en = (
            f"--prior {files}: its {u.year} rows of measures 2 and 6 name enterprises of {covered} but none of {en}, "
            f"whose {u.year} is in no --prior row and no {u.year} row of the input"
        )
        head_zh = (
            f"--prior {files}：其{u.year}年度第二、六条的行涉及{zh_covered}的企业，但没有{zh}的企业，这些企业的"
            f"{u.year}年度既不在任何 --prior 行中，输入中也没有其{u.year}年度的行"
        )
        if accepted:
            lines.append(
                Said(
                    f"{head_en}: --prior-complete takes the ledgers as the whole {u.year} record, so they are paid "
                    f"as having received nothing under measures 2 and 6 in {u.year}",
                    f"{head_zh}：已指定 --prior-complete，台账视为{u.year}年度的完整记录，这些企业按{u.year}年度"
                    f"未领取第二、六条奖励计发",
                )
            )
        else:
            lines.append(
                Said(
                    f"{head_en}: they are paid as having received nothing in {u.year}; if the ledger is one "
                    f"county's part, give every county's {u.year} ledger (repeat --prior) or the whole city's",
                    f"{head_zh}：按{u.year}年度未领取任何奖励计发；如该台账只是部分县（市、区）的台账，请提供各县"
                    f"（市、区）{u.year}年度的台账（重复 --prior）或全市的台账",
                )
            )
    return lines


def _counties_text(u: Uncovered) -> tuple[str, str]:
    """The uncovered counties with how many enterprises each and the first few: in English and in Chinese."""
    en, zh = [], []
    for county, n, first in u.counties:
        more = " …" if n > len(first) else ""
        en.append(f"{county} ({n} enterprise(s): {', '.join(first)}{more})")
        zh.append(f"{county}（{n}家：{'、'.join(first)}{'…' if more else ''}）")
    return "; ".join(en), "；".join(zh)


def counties_of(frame: pl.DataFrame, policy: Policy) -> tuple[pl.DataFrame, dict[str, str]]:
    """The enterprises with a code (`_code`, normalised) and their county as the policy reads it (`_county`), and
    each code's county in its latest year: how a ledger's codes (which have no county) are placed in counties."""
    from jncli.rules.enterprises.common import _normalised_code

    ent = frame.with_columns(_code=_normalised_code(pl.col("credit_code"))).filter(pl.col("_code").is_not_null())
    canon = {c: policy.canonical_county(c) or c for c in ent["county"].drop_nulls().unique().to_list()}
    ent = ent.with_columns(_county=pl.col("county").replace_strict(canon, default=None, return_dtype=pl.String))
    latest = ent.filter(pl.col("_county").is_not_null()).sort("year", descending=True)
    county_of = dict(latest.unique("_code", keep="first", maintain_order=True).select("_code", "_county").iter_rows())
    return ent, county_of
