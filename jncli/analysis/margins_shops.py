"""Measure 4's margins: how many more new shops, or how much more 纳统 retail of migrated shops, would
turn a county commended; how many fewer, or how much less, would still keep the commendation.

The commendations are decided from the per-county counts (`decide_counts`, the rule's own decision),
so a margin re-runs that decision on the counts with one county's number changed — never the scan of
the shop registry, however many millions of rows it has. The searches start at the structure of the
rule (more than 1000 new shops; the value of the last commended county) and end with the rule's proof
on both sides of the boundary.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import polars as pl

from jncli.analysis import search
from jncli.ledger import COMMENDED
from jncli.policy import Policy
from jncli.rules.shops import COUNTS, MIGRATED, NEWSHOPS, OUTSIDE, decide_counts

STEP = {NEWSHOPS: Decimal(1), MIGRATED: Decimal("0.01")}  # whole shops; 0.01 万元
VARIABLE = {NEWSHOPS: "new_shops", MIGRATED: "migrated_retail"}


@dataclass(frozen=True)
class ShopMargin:
    """One county's measure-4 margins: shops (or 万元) up or down before its commendation changes."""

    up: Decimal | None = None  # shops (m4.newshops) or 万元 (m4.migrated)
    down: Decimal | None = None
    rank_up: int | None = None  # m4.migrated: the place it would take


def shop_margins(table: pl.DataFrame, policy: Policy, lang: str = "zh") -> dict[tuple[str, str], ShopMargin]:
    """(county, rule) → its margins, from track-shops' per-year output (one row per county and rule)."""
    if table.height == 0:
        return {}
    year = table["year"][0]
    if year not in policy.annual_years:
        return {}
    per = (
        table.filter(pl.col("county") != OUTSIDE)
        .unique("county", maintain_order=True)
        .select("county", *COUNTS, _shops=pl.lit(0, pl.Int64))
    )
    status = {(r["county"], r["rule"]): r["status"] for r in table.iter_rows(named=True)}
    values = {r["county"]: r for r in per.iter_rows(named=True)}
    ranked = sorted(values, key=lambda c: (-(values[c]["migrated_retail"] or 0), c))
    top = policy.m4_migrated_top
    out = {}
    for county in ranked:
        for rule in (NEWSHOPS, MIGRATED):
            out[(county, rule)] = _margin(per, policy, year, lang, county, rule, status, values, ranked, top)
    return out


def _margin(per, policy, year, lang, county, rule, status, values, ranked, top) -> ShopMargin:
    column, step = VARIABLE[rule], STEP[rule]
    value = values[county][column] or 0
    value = Decimal(value)
    seen: dict[int, tuple[bool, int | None]] = {}

    def ask(n: int) -> tuple[bool, int | None]:
        if n not in seen:
            changed = value + n * step
            new = per.with_columns(
                pl.when(pl.col("county") == county)
                .then(pl.lit(str(changed)).cast(per.schema[column]))
                .otherwise(pl.col(column))
                .alias(column)
            )
            decided, _ = decide_counts(new, policy, year, lang)
            row = decided.filter((pl.col("county") == county) & (pl.col("rule") == rule)).row(0, named=True)
            seen[n] = (row["status"] == COMMENDED, row["rank"])
        return seen[n]

    commended = status.get((county, rule)) == COMMENDED
    floor = int((value / step).to_integral_value(rounding=ROUND_FLOOR))
    if rule == NEWSHOPS:
        need = policy.m4_newshops_more_than + 1 - int(value)  # more than the threshold
        up_guess, down_guess = [max(need, 1)], [max(-need, 0), max(-need, 0) + 1]
        cap = max(need, 1)
    else:
        others = [values[c]["migrated_retail"] or Decimal(0) for c in ranked if c != county]
        line = others[top - 1] if len(others) >= top else Decimal(0)  # the value to beat for the last place
        gap = ((line - value) / step).to_integral_value(rounding=ROUND_CEILING)
        up_guess = [max(int(gap), 1), max(int(gap), 0) + 1]
        cap = max(
            int(((max(others, default=Decimal(0)) - value) / step).to_integral_value(rounding=ROUND_CEILING)) + 1, 1
        )
        below = int(((value - line) / step).to_integral_value(rounding=ROUND_FLOOR))
        down_guess = [max(below - 1, 0), max(below, 0), below + 1]
    up = down = None
    if not commended:
        up = search.run(search.search_up(cap, candidates=up_guess), lambda n: ask(n)[0])
    else:
        down = search.run(search.search_down(floor, candidates=down_guess), lambda n: ask(-n)[0])
    return ShopMargin(
        up=None if up is None else up * step,
        down=None if down is None else down * step,
        rank_up=None if up is None else ask(up)[1],
    )
