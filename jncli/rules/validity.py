"""Validity — `check-validity`: the policy period, and 就高 / 不重复享受 over a combined award ledger.

本措施自2022年11月10日起施行，有效期至2023年12月31日。
  In force from 10 November 2022 until 31 December 2023 (annual measures: data years 2022 and 2023).
以上奖励政策按就高原则执行，不重复享受。（上述奖励政策不重复奖励）
  Highest award only; no beneficiary enjoys two awards of one measure (m2 and m6 as one group), and
  across years only the top-up up to the highest cap is paid.

Two checks (RULES.md "Validity"), both pure functions of polars frames and the `Policy`:

1. `check_period` (in `jncli.rules.period`, re-exported here): every row of any table gets `in_force`
   and a `reason`, from a date column (inside [period_start, period_end], both ends inclusive) or a year
   column (one of annual_years).
2. `check_ledger`: one row per violation in a ledger (the concatenated outputs of award commands):
   duplicate_award, beyond_topup, repeated_one_off (a one-off reward — m3.fiscal, 一次性奖励 — awarded in a
   second year), above_cap, out_of_period, unknown_rule, bad_amount — each naming the file and row it was
   found at. Measure 8's `qualified` rows (entitled, the amount the county's) count as awards for
   duplicate_award; only `awarded` rows carry money (bad_amount). Two kinds beyond RULES.md's list, for
   what a prior ledger's deduction keys on: bad_id (an awarded m2/m6 or m3.fiscal row above 0 万元 whose
   beneficiary is no valid credit code: deducted from nobody) and wrong_year (a tier table's rule,
   m2.tier2022, on a row of another year of the period).

Every number (dates, years, caps, decimals, the m2/m6 group) comes from the policy. Nothing here
prints or opens files; violations are data, the CLI decides the exit status.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import polars as pl

from jncli import credit_code
from jncli import schema as schemas
from jncli.errors import row_ref
from jncli.ledger import AWARDED, QUALIFIED
from jncli.policy import Policy, normalize_name
from jncli.rules import RuleResult, Said
from jncli.rules.period import (  # noqa: F401 (period mode, re-exported: validity.check_period …)
    DATE_HEADERS,
    DATE_SUFFIXES,
    YEAR_HEADERS,
    as_of,
    check_period,
    find_date_column,
)
from jncli.values import MONEY_DTYPE, money_constant

KINDS = (
    "duplicate_award",
    "beyond_topup",
    "repeated_one_off",
    "above_cap",
    "out_of_period",
    "unknown_rule",
    "bad_amount",
    "bad_id",
    "wrong_year",
)
VIOLATION_COLUMNS = ("file", "row", "kind", "beneficiary", "rule", "year", "award", "message")
VIOLATION_SCHEMA = {
    "file": pl.String,
    "row": pl.Int64,
    "kind": pl.String,
    "beneficiary": pl.String,
    "rule": pl.String,
    "year": pl.Int64,
    "award": MONEY_DTYPE,
    "message": pl.String,
}


# ---------------------------------------------------------------------------------- mode
def is_ledger(headers: list[str]) -> bool:
    """True when the headers carry every required ledger column (aliases and money units allowed)."""
    schema = schemas.SCHEMAS["ledger"]
    found = set()
    for h in headers:
        try:
            m = schemas.match_header(schema, str(h))
        except ValueError:  # e.g. award(美元): it means award; conform will name the bad unit
            base, _ = schemas.split_unit(str(h))
            m = schemas.match_header(schema, base)
        if m.column:
            found.add(m.column)
    return all(c.name in found for c in schema.columns if c.required)


# ---------------------------------------------------------------------------------- ledger mode
def _fmt_amount(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _beneficiary_keys(values: list[str | None], policy: Policy) -> dict[str, str]:
    """beneficiary → comparison key: a county alias becomes its canonical name, a code its upper-case form."""
    out = {}
    for v in values:
        if v is not None:
            out[v] = policy.canonical_county(v) or normalize_name(v).upper()
    return out


def check_ledger(frame: pl.DataFrame, policy: Policy, *, lang: str = "zh") -> RuleResult:
    """Every violation in a conformed ledger (schema "ledger", with `_source` and `_row`), one row each.

    The frame's row order is the reading order (files in the order given, then rows): a duplicate
    is reported at every awarded row after the first of its group, a beyond_topup at the last
    awarded m2/m6-group row of the year in which the cumulative total passes the cap.
    """
    zh = lang == "zh"
    group = tuple(policy.enterprise_group)
    group_measures = sorted({policy.rules[r].measure for r in group})
    f = _ledger_rows(frame, policy, group, group_measures)

    def label(m: int) -> str:
        return _measures_label(m, group_measures, zh)

    group_label = label(group_measures[0]) if group_measures else ""  # the m2/m6 group, for beyond_topup
    found = (
        _duplicate_awards(f, label, lang)
        + _beyond_topup(f, policy, group_label, zh)
        + _repeated_one_off(f, policy, lang)
        + _above_cap(f, zh)
        + _out_of_period(f, policy, zh)
        + _unknown_rules(f, policy, zh)
        + _bad_amounts(f, policy.award_decimals, zh)
        + _bad_ids(f, policy, zh)
        + _wrong_years(f, policy, zh)
    )
    order = {k: i for i, k in enumerate(KINDS)}
    found.sort(key=lambda v: (v["_seq"], order[v["kind"]]))
    table = (
        pl.DataFrame([{k: v[k] for k in VIOLATION_COLUMNS} for v in found], schema=VIOLATION_SCHEMA, orient="row")
        if found
        else pl.DataFrame(schema=VIOLATION_SCHEMA)
    )
    notes = []
    if found:
        counts = {}
        for v in found:
            counts[v["kind"]] = counts.get(v["kind"], 0) + 1
        kinds = ", ".join(f"{k} {counts[k]}" for k in KINDS if k in counts)
        notes.append(
            Said(
                f"{len(found)} violation(s) in {frame.height} ledger row(s): {kinds}",
                f"台账{frame.height}行中发现{len(found)}处问题：{kinds}",
            )
        )
    return RuleResult(table, [], notes)


def prior_violations(ledger: pl.DataFrame, policy: Policy, before: list[int], *, lang: str = "zh") -> pl.DataFrame:
    """The violations of a prior ledger that bear on what was received before a year: those of the rows of the
    earlier years `before` (the payments deducted), and wrong_year in any row (a 2022 tier paid out in 2023 and
    dated so would not count as received for 2022, in a 2023 run or any other)."""
    found = check_ledger(ledger, policy, lang=lang).table
    return found.filter(pl.col("year").is_in(before) | (pl.col("kind") == "wrong_year"))


def _ledger_rows(
    frame: pl.DataFrame, policy: Policy, group: tuple[str, ...], group_measures: list[int]
) -> pl.DataFrame:
    """The ledger in reading order (`_seq`) with what the checks compare: the beneficiary's key, awarded or
    not, the measure group (m2 and m6 as one: 就高 across them), the rule's cap, known and in the group."""
    f = frame.with_row_index("_seq").with_columns(pl.col("_seq").cast(pl.Int64))
    if "_source" not in f.columns:
        f = f.with_columns(_source=pl.lit("input"))
    if "_row" not in f.columns:
        f = f.with_columns(_row=(pl.col("_seq") + 2).cast(pl.Int64))
    keys = _beneficiary_keys(f["beneficiary"].unique().to_list(), policy)
    caps = pl.DataFrame(
        {
            "rule": list(policy.rules),
            # as text, cast below: a list of Python Decimals makes polars import NumPy (~60 ms)
            "_cap": [None if r.cap is None else format(r.cap, "f") for r in policy.rules.values()],
            "_known": [True] * len(policy.rules),
            "_in_group": [r in group for r in policy.rules],
        },
        schema={"rule": pl.String, "_cap": pl.String, "_known": pl.Boolean, "_in_group": pl.Boolean},
    ).with_columns(pl.col("_cap").cast(MONEY_DTYPE))
    key = (
        pl.col("beneficiary").replace_strict(keys, default=None, return_dtype=pl.String)
        if keys
        else pl.lit(None, pl.String)
    )
    first_measure = pl.lit(group_measures[0] if group_measures else None, pl.Int64)
    return (
        f.with_columns(
            _key=key,
            _awarded=pl.col("status").str.strip_chars().str.to_lowercase().eq(AWARDED).fill_null(False),
            # qualified (measure 8): entitled, the amount still the county's — a second one is paid twice too
            _qualified=pl.col("status").str.strip_chars().str.to_lowercase().eq(QUALIFIED).fill_null(False),
            # 就高 across measures 2 and 6: one group for duplicates (its measures from the policy's group rules)
            _measure_group=pl.when(pl.col("measure").is_in(group_measures))
            .then(first_measure)
            .otherwise(pl.col("measure")),
        )
        .join(caps, on="rule", how="left")
        .with_columns(pl.col("_known", "_in_group").fill_null(False))
        .sort("_seq")
    )


def _violations(rows: pl.DataFrame, kind: str, message: Callable[[dict], str]) -> list[dict]:
    """One violation per row of `rows`, at its file and row, with its message."""
    return [
        {
            "_seq": r["_seq"],
            "file": r["_source"],
            "row": r["_row"],
            "kind": kind,
            "beneficiary": r["beneficiary"],
            "rule": r["rule"],
            "year": r["year"],
            "award": r["award"],
            "message": message(r),
        }
        for r in rows.iter_rows(named=True)
    ]


def _measures_label(m: int, group_measures: list[int], zh: bool) -> str:
    """第2条 / measure 2, or the m2/m6 group as one: 第2、6条（合并计） / measures 2 and 6 (one group)."""
    if m in group_measures and len(group_measures) > 1:
        return (
            f"第{'、'.join(map(str, group_measures))}条（合并计）"
            if zh
            else f"measures {' and '.join(map(str, group_measures))} (one group)"
        )
    return f"第{m}条" if zh else f"measure {m}"


def _duplicate_awards(f: pl.DataFrame, label: Callable[[int], str], lang: str) -> list[dict]:
    """duplicate_award — more than one awarded (or qualified: measure 8's entitlement whose amount the county
    sets) row per beneficiary, measure (m2+m6 as one) and year (不重复享受)."""
    zh = lang == "zh"
    keyed = ["_key", "_measure_group", "year"]
    entitled = pl.col("_awarded") | pl.col("_qualified")
    aw = f.filter(entitled & pl.all_horizontal(pl.col(k).is_not_null() for k in keyed)).with_columns(
        _first=pl.col("_seq").min().over(keyed)
    )
    first = aw.filter(pl.col("_seq") == pl.col("_first")).select(
        pl.col("_seq").alias("_first"),
        pl.col("_source").alias("_first_source"),
        pl.col("_row").alias("_first_row"),
        pl.col("rule").alias("_first_rule"),
        pl.col("_qualified").alias("_first_qualified"),
    )
    dups = aw.filter(pl.col("_seq") != pl.col("_first")).join(first, on="_first", how="left").sort("_seq")

    def message(r: dict) -> str:
        where = row_ref(r["_first_source"], r["_first_row"], lang=lang)
        if r["_qualified"] or r["_first_qualified"]:
            return (
                f"{label(r['_measure_group'])}{r['year']}年已于{where}（{r['_first_rule']}）列为获奖或符合条件："
                f"同一措施同一年度只能列一次，否则会重复奖励"
                if zh
                else f"already awarded or qualified under {label(r['_measure_group'])} for {r['year']} at {where} "
                f"({r['_first_rule']}): listed twice, it would be paid twice"
            )
        return (
            f"{label(r['_measure_group'])}{r['year']}年已于{where}（{r['_first_rule']}）获奖：同一措施同一年度不重复奖励，"
            f"只保留最高一项（就高）"
            if zh
            else f"already awarded under {label(r['_measure_group'])} for {r['year']} at {where} ({r['_first_rule']}): "
            f"one award per measure and year, the highest only"
        )

    return _violations(dups, "duplicate_award", message)


def _beyond_topup(f: pl.DataFrame, policy: Policy, label: str, zh: bool) -> list[dict]:
    """beyond_topup — year by year, the cumulative awarded m2/m6 total above the highest cap awarded so far
    (跨年只补差额)."""
    g = f.filter(
        pl.col("_awarded")
        & pl.col("_in_group")
        & pl.col("_key").is_not_null()
        & pl.col("year").is_not_null()
        & pl.col("award").is_not_null()
    )
    if not g.height:
        return []
    per = (
        g.group_by("_key", "year")
        .agg(
            pl.col("award").sum().alias("_sum"),
            pl.col("_cap").max().alias("_year_cap"),
            pl.col("_cap").is_null().any().alias("_uncapped"),
            pl.col("_seq").max().alias("_last"),
            pl.col("rule").unique(maintain_order=True).alias("_rules"),
        )
        .sort("_key", "year")
    )
    # One row per beneficiary and year: a plain scan is clearest (cumulative sum, running max cap).
    state: dict[str, dict] = {}
    flagged = []
    for r in per.iter_rows(named=True):
        s = state.setdefault(r["_key"], {"cum": Decimal(0), "cap": None, "uncapped": False, "rules": []})
        s["cum"] += r["_sum"]
        if r["_year_cap"] is not None:
            s["cap"] = r["_year_cap"] if s["cap"] is None else max(s["cap"], r["_year_cap"])
        s["uncapped"] = s["uncapped"] or r["_uncapped"]  # a group rule without a cap: nothing to pass
        s["rules"] += [x for x in r["_rules"] if x not in s["rules"]]
        if not s["uncapped"] and s["cap"] is not None and s["cum"] > s["cap"]:
            flagged.append({"_seq": r["_last"], "_cum": s["cum"], "_max_cap": s["cap"], "_rules": list(s["rules"])})
    if not flagged:
        return []
    extra = pl.DataFrame(
        flagged,
        schema={"_seq": pl.Int64, "_cum": MONEY_DTYPE, "_max_cap": MONEY_DTYPE, "_rules": pl.List(pl.String)},
        orient="row",
    )
    rows = extra.join(f, on="_seq", how="left").sort("_seq")
    sep = "、" if zh else ", "

    def topup_message(r: dict) -> str:
        rules = r["_rules"]
        capped = [x for x in rules if policy.rules[x].cap == r["_max_cap"]]
        if zh:
            return (
                f"截至{r['year']}年{label}累计获奖{_fmt_amount(r['_cum'])}万元，超过已获奖规则"
                f"（{sep.join(rules)}）中的最高上限{_fmt_amount(r['_max_cap'])}万元（{sep.join(capped)}）："
                f"跨年只补差额，不重复享受"
            )
        return (
            f"cumulative award under {label} reaches {_fmt_amount(r['_cum'])} 万元 by {r['year']}, above the "
            f"highest cap among the rules awarded so far ({sep.join(rules)}): {_fmt_amount(r['_max_cap'])} 万元 "
            f"({sep.join(capped)}); across years only the top-up may be paid"
        )

    return _violations(rows, "beyond_topup", topup_message)


def _repeated_one_off(f: pl.DataFrame, policy: Policy, lang: str) -> list[dict]:
    """repeated_one_off — a one-off reward (m3.fiscal: 一次性奖励, the policy's `m3.fiscal.once`) paid to one
    beneficiary in more than one year: reported at every paid row of a later year than the first. Paid means
    `awarded` with an award above 0: an awarded row of 0 万元 (the amount rounded down to 0, a county ratio of 0)
    pays nothing and does not use the reward up."""
    once = ["m3.fiscal"] if policy.m3_once and "m3.fiscal" in policy.rules else []
    keyed = ["_key", "rule"]
    aw = f.filter(
        pl.col("_awarded")
        & (pl.col("award") > money_constant("0")).fill_null(False)
        & pl.col("rule").is_in(once)
        & pl.col("_key").is_not_null()
        & pl.col("year").is_not_null()
    )
    if not aw.height:
        return []
    aw = aw.with_columns(_first_year=pl.col("year").min().over(keyed))
    first = (
        aw.filter(pl.col("year") == pl.col("_first_year"))
        .sort("_seq")
        .group_by(keyed, maintain_order=True)
        .first()
        .select(*keyed, _first_source="_source", _first_row="_row")
    )
    later = aw.filter(pl.col("year") > pl.col("_first_year")).join(first, on=keyed, how="left").sort("_seq")
    zh = lang == "zh"
    return _violations(
        later,
        "repeated_one_off",
        lambda r: (
            f"{r['rule']}已于{r['_first_year']}年在{row_ref(r['_first_source'], r['_first_row'], lang=lang)}获奖："
            f"一次性奖励，政策施行期内只奖励一次"
            if zh
            else f"{r['rule']} was already awarded for {r['_first_year']} at "
            f"{row_ref(r['_first_source'], r['_first_row'], lang=lang)}: a one-off reward (一次性奖励) is paid once "
            f"in the policy period"
        ),
    )


def _above_cap(f: pl.DataFrame, zh: bool) -> list[dict]:
    """above_cap — an award above its rule's cap (a rule without a cap has none to pass)."""
    above = f.filter(pl.col("_cap").is_not_null() & pl.col("award").is_not_null() & (pl.col("award") > pl.col("_cap")))
    return _violations(
        above,
        "above_cap",
        lambda r: (
            f"奖励{_fmt_amount(r['award'])}万元超过规则{r['rule']}的上限{_fmt_amount(r['_cap'])}万元"
            if zh
            else f"award {_fmt_amount(r['award'])} 万元 is above the cap of {r['rule']}, {_fmt_amount(r['_cap'])} 万元"
        ),
    )


def _out_of_period(f: pl.DataFrame, policy: Policy, zh: bool) -> list[dict]:
    """out_of_period — an awarded row or a non-zero award in a year that is not an annual year."""
    years = list(policy.annual_years)
    listed = ("、" if zh else ", ").join(map(str, years))
    money = pl.col("award").is_not_null() & (pl.col("award") != money_constant("0"))
    outside = f.filter((pl.col("_awarded") | money) & (pl.col("year").is_null() | ~pl.col("year").is_in(years)))

    def period_message(r: dict) -> str:
        what_zh = "为获奖状态" if r["_awarded"] else f"有非零奖励{_fmt_amount(r['award'])}万元"
        what_en = "is awarded" if r["_awarded"] else f"carries a non-zero award of {_fmt_amount(r['award'])} 万元"
        if r["year"] is None:
            return (
                f"没有年份却{what_zh}：只有政策年度（{listed}）可以获奖"
                if zh
                else f"has no year but {what_en}: only the policy's annual years ({listed}) can be awarded"
            )
        return (
            f"{r['year']}年不是政策年度（{listed}），却{what_zh}"
            if zh
            else f"year {r['year']} is not an annual year of the policy ({listed}) but the row {what_en}"
        )

    return _violations(outside, "out_of_period", period_message)


def _unknown_rules(f: pl.DataFrame, policy: Policy, zh: bool) -> list[dict]:
    """unknown_rule — a rule id the policy does not define (so no cap, measure or group can be checked)."""
    unknown = f.filter(~pl.col("_known"))
    return _violations(
        unknown,
        "unknown_rule",
        lambda r: (
            (f"规则{r['rule']!r}不在政策文件（{policy.id}）的规则表中" if r["rule"] is not None else "没有规则编号")
            if zh
            else (
                f"rule {r['rule']!r} is not a rule of the policy ({policy.id})"
                if r["rule"] is not None
                else "no rule id"
            )
        ),
    )


def _bad_amounts(f: pl.DataFrame, places: int, zh: bool) -> list[dict]:
    """bad_amount — missing, negative, finer than award_decimals (0.01 万元 = 100 元), or money on a row that is
    not `awarded`: only awarded rows carry money (jncli writes 0 on every other status; measure 8's `qualified`
    means the county has not set the amount, a set amount is `awarded`). A row of money marked `ineligible` or
    `superseded` (a status column sorted or filled in by hand) says paid and not paid at once: read as not paid,
    a --prior row of it would pay the enterprise again."""
    award = pl.col("award")
    money = award.is_not_null() & (award != money_constant("0"))
    bad = f.filter(
        award.is_null() | (award < money_constant("0")) | (award != award.round(places)) | (~pl.col("_awarded") & money)
    )

    def amount_message(r: dict) -> str:
        a = r["award"]
        if a is None:
            return "没有奖励金额（无奖励时应为0）" if zh else "no amount (the ledger writes 0 when there is no award)"
        if a < 0:
            return f"奖励金额为负数：{_fmt_amount(a)}万元" if zh else f"negative award: {_fmt_amount(a)} 万元"
        if r["_qualified"] and a == round(a, places):  # else the decimals are named first
            return (
                f"状态为qualified（符合条件、金额由县确定）却有奖励金额{_fmt_amount(a)}万元：已定额的应为awarded"
                if zh
                else f"status qualified (the amount is the county's to set) but an award of {_fmt_amount(a)} 万元: "
                f"a decided amount is awarded"
            )
        if not r["_awarded"] and a == round(a, places):
            status = str(r["status"]).strip()
            return (
                f"状态为{status}（未获奖）却有奖励金额{_fmt_amount(a)}万元：只有awarded（获奖）的行有奖励金额，"
                f"是否已发放无法判断"
                if zh
                else f"status {status} (not awarded) but an award of {_fmt_amount(a)} 万元: only awarded rows carry "
                f"money, so whether it was paid cannot be told"
            )
        return (
            f"奖励金额{_fmt_amount(a)}万元超过{places}位小数"
            if zh
            else f"award {_fmt_amount(a)} 万元 has more than {places} decimals"
        )

    return _violations(bad, "bad_amount", amount_message)


def _bad_ids(f: pl.DataFrame, policy: Policy, zh: bool) -> list[dict]:
    """bad_id — an `awarded` row above 0 万元 of the rules whose payments a later year deducts by credit code (the
    m2/m6 group's top-up, the one-off m3.fiscal) whose beneficiary is no valid unified social credit code
    (GB 32100-2015, after the clean-up of upper case and spaces): empty, a wrong check character, a name, an
    all-digit code Excel saved as a number (…000). What it paid can be deducted from nobody."""
    from jncli.rules.enterprises.common import FISCAL_RULE

    deducted = [*policy.enterprise_group, FISCAL_RULE]
    paid = f.filter(
        pl.col("_awarded") & (pl.col("award") > money_constant("0")).fill_null(False) & pl.col("rule").is_in(deducted)
    )
    # the check on the few distinct beneficiaries in Python: the 18-slice expression costs ~10 ms to plan per run
    bad = [b for b in paid["beneficiary"].unique().to_list() if not credit_code.is_valid(b)]
    named = pl.col("beneficiary").is_in([b for b in bad if b is not None])
    rows = paid.filter(named | pl.col("beneficiary").is_null() if None in bad else named)

    def id_message(r: dict) -> str:
        b = credit_code.normalize(r["beneficiary"])
        excel = credit_code.excel_cut(b)  # all digits ending in 000: Excel's (compare warns of it too)
        what = credit_code.problem_zh(b) if zh else credit_code.problem(b)
        name = (r.get("beneficiary_name") or "").strip()  # the enterprise, by the name the row gives
        if name:
            what += f"；该行企业名称为{name}" if zh else f"; the row names {name}"
        if zh:
            excel_zh = "；全为数字且以000结尾：是 Excel 把代码存成数字后写出的（第15位以后的数字已丢失）"
            excel_zh = excel_zh if excel else ""
            return (
                f"{r['rule']}获奖{_fmt_amount(r['award'])}万元，但受益人不是有效的统一社会信用代码（{what}）："
                f"往年已领取按代码扣除，这笔发放无法从任何企业扣除，该企业会被重复奖励{excel_zh}"
            )
        excel_en = "; all digits ending in 000: an id stored as a number in Excel (its digits past the 15th lost)"
        return (
            f"{r['rule']} awarded {_fmt_amount(r['award'])} 万元 to a beneficiary that is no valid unified social "
            f"credit code ({what}): what was received before is deducted by code, so this payment is deducted from "
            f"nobody and the enterprise would be paid again{excel_en if excel else ''}"
        )

    return _violations(rows, "bad_id", id_message)


def _wrong_years(f: pl.DataFrame, policy: Policy, zh: bool) -> list[dict]:
    """wrong_year — a rule of one year's tier table (the policy's `[m2.tier2022] year = 2022`) on a row of another
    annual year: a ledger row carries the year the award is for, and a 2022 award dated 2023 (the year it was paid
    out) is not received for 2022, so a later year would pay that tier again. A row outside the policy's annual
    years is out_of_period's (jncli writes those rows, out_of_period, under the nearest year's tier rule)."""
    years = {r: t.year for r, t in (("m2.tier2022", policy.m2_tier2022), ("m2.tier2023", policy.m2_tier2023))}
    years = {r: y for r, y in years.items() if r in policy.rules}
    if not years:
        return []
    rule_year = pl.col("rule").replace_strict(years, default=None, return_dtype=pl.Int64)
    rows = f.filter(
        rule_year.is_not_null()
        & pl.col("year").is_in(list(policy.annual_years))
        & (pl.col("year") != rule_year).fill_null(False)
    )

    def year_message(r: dict) -> str:
        ry = years[r["rule"]]
        return (
            f"{r['rule']}是{ry}年度的档次表（政策文件 [{r['rule']}] year = {ry}），该行年份却是{r['year']}："
            f"台账的年份是奖励所属的年度（{ry}年度的奖励在{r['year']}年发放，年份仍是{ry}）"
            if zh
            else f"{r['rule']} is the {ry} tier table (the policy's [{r['rule']}] year = {ry}) but the row is of "
            f"{r['year']}: a ledger row carries the year the award is for (a {ry} award paid out in {r['year']} is "
            f"still of {ry})"
        )

    return _violations(rows, "wrong_year", year_message)
