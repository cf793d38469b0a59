"""What was received before: which earlier years of the policy period the top-up can see.

以上奖励政策按就高原则执行，不重复享受。
(RULES.md §2: across years an entity is paid only the top-up over what it received in earlier years
of the period. "Received" per earlier year comes from a prior ledger's rows for that entity and year,
else from this run's own evaluation of that year's rows in the input. An earlier year that neither
holds is invisible: every entity paid in it would be paid again in full — RULES.md "The yearly run".)
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from jncli.errors import DataError, row_ref
from jncli.policy import Policy
from jncli.rules import Said
from jncli.rules.enterprises.common import _with_position

# The smallest year written in full: a ledger's year below it (22 for 2022) is refused, never read as a year.
FOUR_DIGITS = 1000


@dataclass(frozen=True)
class Coverage:
    """One earlier year of the period, as the top-up of a later year sees it."""

    year: int
    in_prior: bool  # a prior ledger has m2/m6 rows of that year
    in_input: bool  # the enterprises input has rows of that year

    @property
    def covered(self) -> bool:
        return self.in_prior or self.in_input


def earlier_years(policy: Policy, year: int) -> list[int]:
    """The years of the policy period before `year` (none when `year` itself is outside the period:
    nothing is paid then, so nothing received matters)."""
    if year not in policy.annual_years:
        return []
    return [y for y in policy.annual_years if y < year]


def period_text(policy: Policy, sep: str = "–") -> str:
    """The policy period as its first and last annual years: 2022–2023."""
    first, last = min(policy.annual_years), max(policy.annual_years)
    return str(first) if first == last else f"{first}{sep}{last}"


def in_period_prior(prior: pl.DataFrame | None, policy: Policy) -> tuple[pl.DataFrame | None, list[str]]:
    """The prior ledger's rows of the policy period's years, and a warning per file whose other rows are left out.

    RULES.md "The yearly run": --prior is what was paid in an earlier year *of the policy period*; a payment of
    another period (the previous policy's ledger given to a revision's first year, a row dated before the period)
    is never deducted, neither from the m2/m6 top-up nor as the one-off m3.fiscal reward (`check-validity` still
    reports such rows as out_of_period). A year written with fewer than four digits (22 for 2022) is refused,
    naming its row: read as a year it would be outside the period and silently not deducted."""
    if prior is None or "year" not in prior.columns:
        return prior, []
    years = sorted(policy.annual_years)
    period = period_text(policy)
    short = prior.filter(pl.col("year").is_not_null() & (pl.col("year") < FOUR_DIGITS))
    if short.height:
        r = _with_position(short, "prior ledger").row(0, named=True)
        y, full, two = r["year"], years[0], f"{years[0] % 100:02d}"
        raise DataError(
            f"{row_ref(r['_source'], r['_row'], 'year')}: {y} is not a year written in full "
            f"({short.height} such row(s) in the prior ledgers): what was paid in the policy period {period} "
            f"cannot be taken from it",
            f"write the year with four digits ({full}, not {two}), as jncli's ledgers have it",
        )
    outside = pl.col("year").is_not_null() & ~pl.col("year").is_in(years)
    dropped = _with_position(prior, "prior ledger").filter(outside)
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
        rows = prior.filter(pl.col("year").is_in(before) & pl.col("rule").is_in(list(policy.enterprise_group)))
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
    year's rows in the input (the fallback of RULES.md §2 "Received": no --prior row for the entity-year),
    for the entities of the output years. That figure is a computation under this run's policy, without
    the earlier run's --budget, not what was paid: a note with the shipped policy and no --budget, a
    warning when this run re-prices the earlier year (--budget, or another policy file). Earlier years
    that are output years themselves (--all-years) are this run's own rows: no line."""
    from jncli.policy import is_shipped
    from jncli.rules.enterprises.common import _normalised_code

    if not out_years:
        return [], []
    last = max(out_years)
    years = [y for y in earlier_years(policy, last) if y not in out_years]
    rows = f.filter(pl.col("year").is_in(years) & pl.col("code").is_not_null()).select("code", "year")
    if not rows.height:
        return [], []
    if prior is not None and {"beneficiary", "year"} <= set(prior.columns):
        paid = prior.select(code=_normalised_code(pl.col("beneficiary")), year=pl.col("year").cast(rows["year"].dtype))
        rows = rows.join(paid.drop_nulls().unique(), on=["code", "year"], how="anti")
    later = f.filter(pl.col("year").is_in(out_years)).select("code").unique()
    rows = rows.join(later, on="code", how="semi")
    reasons_en, reasons_zh = [], []
    if budget is not None:
        reasons_en.append("this run has --budget, and the earlier year is evaluated without the budget its run had")
        reasons_zh.append("本次运行指定了 --budget，而往年数据按无预算缩放测算，未计入往年运行的预算缩放")
    if not is_shipped(policy):
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
