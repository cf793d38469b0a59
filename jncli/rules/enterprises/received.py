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

from jncli.policy import Policy
from jncli.rules import Said


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
