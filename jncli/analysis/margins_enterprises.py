"""Measures 2 and 6's margins: how much more online retail would raise an enterprise's award of the year,
how much less would still keep it.

The award that matters is what the enterprise is paid in the m2/m6 group that year — after 就高 (only
its highest rule pays) and the top-up across years (only what exceeds what it received before) — so a
tier row superseded by a title of 50 万元 has no margin up: no tier pays more. Enterprises do not affect
each other's awards, so every enterprise's question of a round is answered by ONE run of
`award_enterprises` over the whole input with each enterprise's value changed (`search.run_rounds`);
the searches start at the steps to each tier's threshold (the structure of the rule) and end with the
rule's proof on both sides of the boundary.

--budget scales every "up to" award by one factor that moves with all of them, so margins are those of
the awards before the budget's scaling (docs/award-enterprises.md). m3.fiscal is proportional to the new
fiscal revenue and has no boundary: its rows get no margins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import polars as pl

from jncli.analysis import search
from jncli.ledger import OUT_OF_PERIOD
from jncli.policy import Policy
from jncli.rules.enterprises import award_enterprises
from jncli.values import MONEY_DTYPE

STEP = Decimal("0.01")
Key = tuple[str, int]  # (_source, _row): the input row of an enterprise and year


@dataclass
class EntityMargin:
    """One entity's margins: how far its value may rise or fall before its award changes."""

    up: Decimal | None = None
    down: Decimal | None = None
    award_up: Decimal | None = None
    awarded: Decimal = Decimal(0)
    seen: dict[int, Decimal] = field(default_factory=dict, repr=False)  # steps → award the rule gave


def _positioned(frame: pl.DataFrame) -> pl.DataFrame:
    """Every row with a `_source` and `_row` (the reader gives them; a frame built in code gets them as
    the rule would give them), so output rows can be traced to their input row."""
    if "_source" not in frame.columns:
        frame = frame.with_columns(_source=pl.lit("enterprises"))
    if "_row" not in frame.columns:
        frame = frame.with_row_index("_row", offset=2).with_columns(pl.col("_row").cast(pl.Int64))
    return frame


def enterprise_margins(frame: pl.DataFrame, policy: Policy, **options) -> dict[Key, EntityMargin]:
    """(_source, _row) of each enterprise-year → its margins. `options`: those of `award_enterprises`
    except `budget` (margins are before the budget)."""
    frame = _positioned(frame)
    group = list(policy.enterprise_group)
    base = award_enterprises(frame, policy, **options).table
    held = _held(base, group)
    rows = base.filter(
        pl.col("rule").is_in(group) & (pl.col("status") != OUT_OF_PERIOD) & pl.col("online_retail").is_not_null()
    )
    tiers = {r.year: r for r in (policy.m2_tier2022, policy.m2_tier2023)}
    margins: dict[Key, EntityMargin] = {}
    tasks = []
    for r in rows.unique(["_source", "_row"], maintain_order=True).iter_rows(named=True):
        key: Key = (r["_source"], r["_row"])
        tier = tiers.get(r["year"])
        value = r["online_retail"]
        awarded = held.get(key, Decimal(0))
        m = margins[key] = EntityMargin(awarded=awarded)
        who = r["beneficiary"] if r["beneficiary"] is not None else key
        thresholds = [t.threshold for t in tier.tiers] if tier else []
        above = [_steps_up(t - value) for t in thresholds if t > value]
        cap = max(above + [1])
        tasks.append((who, (key, "up"), search.search_up(cap, candidates=above)))
        if awarded > 0:
            floor = _steps_down(value)
            below = [t for t in thresholds if t <= value]
            near = [_steps_down(value - below[-1])] if below else []
            tasks.append(
                (who, (key, "down"), search.search_down(floor, candidates=near + [n + 1 for n in near] + [floor]))
            )
    values = {(r["_source"], r["_row"]): r["online_retail"] for r in rows.iter_rows(named=True)}

    def answer_round(questions: list[tuple[tuple[Key, str], int]]) -> list[bool]:
        changed = {key: values[key] + (n if way == "up" else -n) * STEP for (key, way), n in questions}
        got = _held(award_enterprises(_with_values(frame, changed), policy, **options).table, group)
        answers = []
        for (key, way), n in questions:
            award = got.get(key, Decimal(0))
            if way == "up":
                margins[key].seen[n] = award
                answers.append(award > margins[key].awarded)
            else:
                answers.append(award >= margins[key].awarded)
        return answers

    results = search.run_rounds(tasks, answer_round)
    for (key, way), n in results.items():
        if n is None:
            continue
        m = margins[key]
        if way == "up":
            m.up, m.award_up = n * STEP, m.seen[n]
        else:
            m.down = n * STEP
    return margins


def _held(table: pl.DataFrame, group: list[str]) -> dict[Key, Decimal]:
    """Per enterprise-year input row, what it is paid in the m2/m6 group (after 就高 and the top-up)."""
    sums = table.filter(pl.col("rule").is_in(group)).group_by("_source", "_row").agg(pl.col("award").sum())
    return {(s, r): a for s, r, a in sums.iter_rows()}


def _with_values(frame: pl.DataFrame, changed: dict[Key, Decimal]) -> pl.DataFrame:
    """The input with some enterprise-years' online retail changed."""
    overrides = pl.DataFrame(
        {
            "_source": [k[0] for k in changed],
            "_row": [k[1] for k in changed],
            "_value": [str(v) for v in changed.values()],
        },
        schema={"_source": pl.String, "_row": pl.Int64, "_value": pl.String},
    ).with_columns(pl.col("_value").cast(MONEY_DTYPE))
    joined = frame.join(overrides, on=["_source", "_row"], how="left", maintain_order="left")
    return joined.with_columns(
        online_retail=pl.coalesce(pl.col("_value"), pl.col("online_retail").cast(MONEY_DTYPE))
    ).drop("_value")


def _steps_up(gap: Decimal) -> int:
    """Whole steps to cover `gap` (> 0): the value reaches a threshold."""
    return max(int((gap / STEP).to_integral_value(rounding=ROUND_CEILING)), 1)


def _steps_down(gap: Decimal) -> int:
    """Whole steps within `gap` (≥ 0): the value stays at or above a threshold (or 0)."""
    return max(int((gap / STEP).to_integral_value(rounding=ROUND_FLOOR)), 0)
