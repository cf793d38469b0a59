"""Empty cells in the columns measure 1 ranks on (review 14): where they are, and what is said about them.

RULES.md §1 makes a county whose value of the year (or of the previous year) is empty `ineligible` in that
ranking: an empty value cannot be scored. But a blank in a 50/40/30 ranking is far more likely a county that
has not reported than one without online retail, and it moves every other county's normalised score. So the
cell is named: `score-counties` warns (file, row and column; several cells counted, the first few named) and
the yearly run, which pays the money, stops (`require_previous`) with the hint to fill the figure in.

A cell written as a not-applicable mark (`—`, `-`, `不适用` …) reads as empty and is handled as an empty
value (RULES §0): in the ranked columns it is a blank, named with its mark (`written '-'`) so the analyst sees
why, and the yearly run stops on it (review 17, F4: a row of nothing but `-` moved five counties' money with
exit 0). One column is the exception, `MARKS_MEAN_NONE`, for the policy's units of kind "zone": there a mark is a
bureau saying the zone has no such figure — a development zone without a rural area — not a figure left out
(a county has a rural area: its mark there is a blank); it is named apart, with its mark,
and only warned about, in `annual` too (the reader keeps the mark: `Schema.kept_marks`). The county stays
ineligible in that ranking either way, as RULES §1 says.

A county of the policy's list with no row of a year the ranking reads (`missing_rows`) moves money as a blank
does: named too, and the yearly run stops.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import polars as pl

from jncli.errors import DataError, row_ref
from jncli.policy import Policy
from jncli.rules import Said, in_lang

SHOWN = 3  # cells named in a message; the others are counted

# The measure-1 values (this year's and the previous year's) where a not-applicable mark only warns: a
# development zone with no rural area writes `—` for its rural online retail. A reading of what a mark can
# mean, not a policy number: every unit has a total online retail, an enterprises' one and an above-quota
# retail, so a mark in those columns is a figure not reported, and is handled as the blank it reads as.
MARKS_MEAN_NONE = ("rural_online_retail",)


class Blank(NamedTuple):
    """One empty cell a ranking reads: where it is, whose value it is and for which year."""

    source: str | None
    row: int | None
    column: str  # the column as jncli names it (`online_retail`, `online_retail_prev`)
    metric: str  # the measure-1 value it holds (`online_retail`)
    county: str
    year: int
    mark: str | None = None  # the not-applicable mark the cell was written as (`—`), None for a blank cell


def empty_cells(
    year: int,
    f: pl.DataFrame,
    t: Any,
    cur: list[int],
    before: list[int] | None,
    units: pl.DataFrame,
    present: set[str],
    wide: set[str],
) -> list[Blank]:
    """The empty cells of the counties' rows of `year` and `year − 1` in the metric columns: this year's
    value in the county's row of the year; last year's where it stays empty after both sources (the
    previous year's row, the `*_prev` column). A county without a row of a year has no cell: not listed.
    `f`: the table measure 1 reads; `t`: its rows' counties (the policy's names), sources and row numbers
    (`prepare._Rows`); `cur`, `before`: the indices of the rows of `year` and (long form) `year − 1`."""
    found: list[Blank] = []
    county, source, row = t.county, t.source, t.row

    def nulls(col: str) -> set[int]:
        s = f[col]
        return set(s.is_null().arg_true().to_list()) if s.null_count() else set()

    def mark(col: str, i: int) -> str | None:
        m = f"_mark_{col}"
        return f[m][i] if m in f.columns else None

    for c in sorted(present):
        empty = nulls(c)
        for i in cur:
            if i in empty:
                found.append(Blank(source[i], row[i], c, c, county[i], year, mark(c, i)))
        prev = units[f"{c}_prev"]
        if not prev.null_count():
            continue
        still = set(units.filter(prev.is_null())["county"].to_list())
        if before is not None:
            for i in before:
                if county[i] in still and i in empty:
                    found.append(Blank(source[i], row[i], c, c, county[i], year - 1, mark(c, i)))
        if c in wide:
            empty_prev = nulls(f"{c}_prev")
            for i in cur:
                if county[i] in still and i in empty_prev:
                    found.append(Blank(source[i], row[i], f"{c}_prev", c, county[i], year - 1, mark(f"{c}_prev", i)))
    return sorted(found, key=lambda b: (str(b.source), b.row or 0, b.column))


def _cell(b: Blank, lang: str) -> str:
    if lang == "zh":
        mark = f"，写作“{b.mark}”" if b.mark is not None else ""
        return f"{row_ref(b.source, b.row, b.column, 'zh')}（{b.county}，{b.year}年{mark}）"
    mark = f", written {b.mark!r}" if b.mark is not None else ""
    return f"{row_ref(b.source, b.row, b.column)} ({b.county}, {b.year}{mark})"


def _cells(read: list[Blank]) -> tuple[str, str]:
    """The first few cells named (en, zh), the others as `…`."""
    n = len(read)
    return (
        "; ".join(_cell(b, "en") for b in read[:SHOWN]) + (" …" if n > SHOWN else ""),
        "；".join(_cell(b, "zh") for b in read[:SHOWN]) + ("……" if n > SHOWN else ""),
    )


def said_about(
    blanks: list[Blank], rules: dict[str, list[str]], stop: bool, zones: frozenset[str] = frozenset()
) -> list[Said]:
    """The warnings (or, with `stop`, the yearly run's DataError) naming the empty cells the rankings read:
    blank cells — and cells written as a not-applicable mark outside `MARKS_MEAN_NONE`, named with their mark —
    in one; marks in `MARKS_MEAN_NONE` in another (never a stop: the bureau wrote that the unit has none).
    `rules`: metric → the rules that rank on it; `zones`: the units of the policy's list of kind "zone", as the
    blanks name them — the only ones whose mark in `MARKS_MEAN_NONE` can mean "none" (a county has a rural area)."""
    said: list[Said] = []
    read = [b for b in blanks if b.metric in rules]
    blank = [b for b in read if b.mark is None or b.metric not in MARKS_MEAN_NONE or b.county not in zones]
    if blank:
        n = len(blank)
        first, first_zh = _cells(blank)
        ranked = ", ".join(sorted({r for b in blank for r in rules[b.metric]}))
        hint = "fill the figure in (0 where the county truly had none)"
        if any(b.mark is not None for b in blank):
            only = ", ".join(MARKS_MEAN_NONE)
            hint = (
                "fill the figure in (0 where the county truly had none): a not-applicable mark is read as empty, "
                f"and only a development zone's rural figure can be not applicable ({only})"
            )
        if stop:
            raise DataError(
                Said(
                    f"{first}: {n} empty cell(s) in the columns measure 1 ranks on: such a county would be "
                    f"ineligible in that ranking ({ranked}) and every other county's score would move",
                    f"{first_zh}：措施一排名所用的列中有{n}个空单元格：该县（市、区）将在相应排名（{ranked}）中"
                    "不符合条件，其他各县（市、区）的得分也会随之改变",
                ),
                hint,
            )
        said.append(
            Said(
                f"{first}: {n} empty cell(s) in the columns measure 1 ranks on: such a county is ineligible in that "
                f"ranking ({ranked}), not evaluated — {hint}",
                f"{first_zh}：措施一排名所用的列中有{n}个空单元格：该县（市、区）在相应排名（{ranked}）中不符合条件、"
                f"不参与评价——{in_lang(hint, 'zh')}",
            )
        )
    marked = [b for b in read if b.mark is not None and b.metric in MARKS_MEAN_NONE and b.county in zones]
    if marked:
        n = len(marked)
        first, first_zh = _cells(marked)
        ranked = ", ".join(sorted({r for b in marked for r in rules[b.metric]}))
        said.append(
            Said(
                f"{first}: {n} cell(s) in the columns measure 1 ranks on written as a not-applicable mark, read as "
                f"empty (RULES §0): such a county is ineligible in that ranking ({ranked}), not evaluated — "
                "check that the county truly has no such figure",
                f"{first_zh}：措施一排名所用的列中有{n}个单元格写作“不适用”标记，按空值读取（RULES §0）："
                f"该县（市、区）在相应排名（{ranked}）中不符合条件、不参与评价——请核实该县（市、区）确实没有此项数据",
            )
        )
    return said


def missing_rows(policy: Policy, year: int, have: set[str], had: set[str] | None) -> list[tuple[str, int]]:
    """(county, year) for each county of the policy's list without a row of `year` (`have`: the counties with
    one, their names already the policy's: aliases matched), and of `year − 1` (`had`) when given (the rows the
    growth is read from)."""
    out = [(c.name, year) for c in policy.counties if c.name not in have]
    if had is not None:
        out += [(c.name, year - 1) for c in policy.counties if c.name not in had]
    return out


def said_about_missing(missing: list[tuple[str, int]], sources: list[str], stop: bool) -> list[Said]:
    """The warning (or, with `stop`, the yearly run's DataError) naming the policy's counties without a row:
    such a county is left out of that year's ranking, and every other county's score moves."""
    if not missing:
        return []
    files = ", ".join(sources) or "input"
    years: dict[str, list[int]] = {}  # county → the years it lacks, in the policy's order of counties
    for c, y in missing:
        years.setdefault(c, []).append(y)
    groups: dict[tuple[int, ...], list[str]] = {}  # the counties lacking the same years, together
    for c, ys in years.items():
        groups.setdefault(tuple(sorted(ys, reverse=True)), []).append(c)
    by_year = "; ".join(f"{', '.join(cs)} ({' and '.join(map(str, ys))})" for ys, cs in groups.items())
    by_year_zh = "；".join(f"{'、'.join(cs)}（{'、'.join(f'{y}年' for y in ys)}）" for ys, cs in groups.items())
    n = len(years)
    if stop:
        raise DataError(
            Said(
                f"{files}: no row for {n} county(ies) of the policy's list ({by_year}): such a county would be left "
                "out of measure 1's rankings and every other county's score would move",
                f"{files}：政策所列县（市、区）中有{n}个没有数据行（{by_year_zh}）：该县（市、区）将不参与措施一的排名，"
                "其他各县（市、区）的得分也会随之改变",
            ),
            "add the county's row for that year (0 where it truly had none)",
        )
    return [
        Said(
            f"{files}: no row for {n} county(ies) of the policy's list ({by_year}): such a county is not in that "
            "year's ranking — add its row if the export left it out",
            f"{files}：政策所列县（市、区）中有{n}个没有数据行（{by_year_zh}）：该县（市、区）不参与当年排名"
            "——如为导出遗漏，请补上该行",
        )
    ]
