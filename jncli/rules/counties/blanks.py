"""Empty cells in the columns measure 1 ranks on (review 14): where they are, and what is said about them.

RULES.md §1 makes a county whose value of the year (or of the previous year) is empty `ineligible` in that
ranking: an empty value cannot be scored. But a blank in a 50/40/30 ranking is far more likely a county that
has not reported than one without online retail, and it moves every other county's normalised score. So the
cell is named: `score-counties` warns (file, row and column; several cells counted, the first few named) and
the yearly run, which pays the money, stops (`require_previous`) with the hint to fill the figure in.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from jncli.errors import DataError, row_ref
from jncli.rules import Said

SHOWN = 3  # cells named in a message; the others are counted


@dataclass(frozen=True)
class Blank:
    """One empty cell a ranking reads: where it is, whose value it is and for which year."""

    source: str | None
    row: int | None
    column: str  # the column as jncli names it (`online_retail`, `online_retail_prev`)
    metric: str  # the measure-1 value it holds (`online_retail`)
    county: str
    year: int


def empty_cells(
    year: int, cur: pl.DataFrame, before: pl.DataFrame | None, units: pl.DataFrame, present: set[str], wide: set[str]
) -> list[Blank]:
    """The empty cells of the counties' rows of `year` and `year − 1` in the metric columns: this year's
    value in the county's row of the year; last year's where it stays empty after both sources (the
    previous year's row, the `*_prev` column). A county without a row of a year has no cell: not listed."""
    found: list[Blank] = []
    for c in sorted(present):
        if cur[c].null_count():
            for r in cur.filter(pl.col(c).is_null()).iter_rows(named=True):
                found.append(Blank(r["_source"], r["_row"], c, c, r["county"], year))
        if not units[f"{c}_prev"].null_count():
            continue
        still = units.filter(pl.col(f"{c}_prev").is_null())["county"].to_list()
        if before is not None:
            rows = before.filter(pl.col("county").is_in(still) & pl.col(f"_long_{c}").is_null())
            for r in rows.iter_rows(named=True):
                found.append(Blank(r["_source_p"], r["_row_p"], c, c, r["county"], year - 1))
        if c in wide:
            for r in cur.filter(pl.col("county").is_in(still) & pl.col(f"{c}_prev").is_null()).iter_rows(named=True):
                found.append(Blank(r["_source"], r["_row"], f"{c}_prev", c, r["county"], year - 1))
    return sorted(found, key=lambda b: (str(b.source), b.row or 0, b.column))


def _cell(b: Blank, lang: str) -> str:
    if lang == "zh":
        return f"{row_ref(b.source, b.row, b.column, 'zh')}（{b.county}，{b.year}年）"
    return f"{row_ref(b.source, b.row, b.column)} ({b.county}, {b.year})"


def said_about(blanks: list[Blank], rules: dict[str, list[str]], stop: bool) -> Said | None:
    """The warning (or, with `stop`, the yearly run's DataError) naming the empty cells the rankings read.
    `rules`: metric → the rules that rank on it."""
    read = [b for b in blanks if b.metric in rules]
    if not read:
        return None
    n = len(read)
    first = "; ".join(_cell(b, "en") for b in read[:SHOWN]) + (" …" if n > SHOWN else "")
    first_zh = "；".join(_cell(b, "zh") for b in read[:SHOWN]) + ("……" if n > SHOWN else "")
    ranked = ", ".join(sorted({r for b in read for r in rules[b.metric]}))
    if stop:
        raise DataError(
            Said(
                f"{first}: {n} empty cell(s) in the columns measure 1 ranks on: such a county would be ineligible "
                f"in that ranking ({ranked}) and every other county's score would move",
                f"{first_zh}：措施一排名所用的列中有{n}个空单元格：该县（市、区）将在相应排名（{ranked}）中不符合条件，"
                "其他各县（市、区）的得分也会随之改变",
            ),
            "fill the figure in (0 where the county truly had none)",
        )
    return Said(
        f"{first}: {n} empty cell(s) in the columns measure 1 ranks on: such a county is ineligible in that ranking "
        f"({ranked}), not evaluated — fill the figure in (0 where the county truly had none)",
        f"{first_zh}：措施一排名所用的列中有{n}个空单元格：该县（市、区）在相应排名（{ranked}）中不符合条件、不参与评价"
        f"——请补填数据（确实为零的填 0）",
    )
