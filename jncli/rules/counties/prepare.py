"""Measure 1's input: one row per county with this year's values and last year's (本年 / 上年同期).

    对于当年网络零售总额和增幅进行综合评价……
    (Totals of the year and their growth: every county needs its value of the year and of the year
    before. RULES.md §1, input: long form with `year` — the previous year's rows give the `_prev`
    values — or wide form with `*_prev` columns; `--year` picks the year, by default the latest.)

Counties are matched to the policy's county-level units of the city (names and aliases); a name that
is no such unit, an empty county or year, a county given twice for a year, or a previous-year value
given twice differently is a data error naming the file and row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import polars as pl

from jncli.errors import DataError, UsageError
from jncli.policy import Policy
from jncli.rules.counties.blanks import Blank, empty_cells, missing_rows
from jncli.rules.counties.common import METRICS, MONEY, where


@dataclass(eq=False, repr=False)
class _Input:
    """The counties table prepared for scoring: one row per county."""

    year: int
    units: pl.DataFrame  # one row per county: county, _has_row, m, m_prev for present metrics
    present: set[str]  # metric columns in the frame
    prev_source: dict[str, bool]
    prev_rows: int | None = None  # long form: rows of the previous year
    blanks: list[Blank] = field(default_factory=list)  # empty cells of the metric columns (blanks.empty_cells)
    missing: list[tuple[str, int]] = field(default_factory=list)  # (county, year): the policy's, without a row
    sources: list[str] = field(default_factory=list)  # the files the rows came from


class _Rows(NamedTuple):
    """The table's rows as lists: county (the policy's names once matched), where each row came from."""

    county: list[str]
    source: list[str | None]
    row: list[int | None]

    def at(self, i: int) -> dict[str, Any]:
        """Row `i` as the messages name it (`where`) and its county."""
        return {"_source": self.source[i], "_row": self.row[i], "county": self.county[i]}


def _prepare(frame: pl.DataFrame, policy: Policy, year: int | None, allow_unknown: bool) -> _Input:
    """The conformed counties table → one row per county of this year's and last year's values.

    Plain Python over the table's key columns as lists (a few rows: polars' fixed cost per query was most of
    the time); the values stay polars' own (Decimal), gathered once into `units`."""
    if "county" not in frame.columns:
        raise DataError("the input has no county column (县市区): see `jncli schema counties`")
    long_form = "year" in frame.columns
    present = {c for c in METRICS if c in frame.columns}
    wide = {c for c in present if f"{c}_prev" in frame.columns}
    f = _columns_used(frame, long_form, present, wide)
    t = _Rows(f["county"].to_list(), f["_source"].to_list(), f["_row"].to_list())
    _canonical_counties(t, policy, allow_unknown)
    years = f["year"].to_list() if long_form else None
    _check_one_row_each(t, years)
    year, cur, before = _year_and_previous(t, years, year)
    units = _units(f, t, cur, before, present, wide)
    prev_source = {c: (c in wide) or long_form for c in METRICS}
    blanks = empty_cells(year, f, t, cur, before, units, present, wide)
    # the previous year's rows are read for a metric without its `*_prev` column (and only once there are some:
    # a table without the previous year is refused or warned about as a whole)
    by_row = before is not None and len(before) > 0 and bool(present - wide)
    county = t.county
    missing = missing_rows(
        policy, year, {county[i] for i in cur}, {county[i] for i in before} if by_row and before is not None else None
    )
    sources = sorted({str(s) for s in set(t.source) if s is not None})
    return _Input(
        year, units, present, prev_source, len(before) if before is not None else None, blanks, missing, sources
    )


def _columns_used(frame: pl.DataFrame, long_form: bool, present: set[str], wide: set[str]) -> pl.DataFrame:
    """The columns measure 1 reads, with `_source` / `_row` for messages, money as conformed money."""
    f = frame.select(
        ["county"]
        + (["year"] if long_form else [])
        + sorted(present)
        + sorted(f"{c}_prev" for c in wide)
        + [c for c in ("_source", "_row") if c in frame.columns]
        # the not-applicable marks the reader kept (tableio: `Schema.kept_marks`; a frame built in code has none)
        + [m for c in sorted(present) + sorted(f"{c}_prev" for c in wide) if (m := f"_mark_{c}") in frame.columns]
    )
    if "_row" not in f.columns:  # frames built in code: count like a spreadsheet (header = row 1)
        f = f.with_columns(_row=pl.int_range(2, pl.len() + 2, dtype=pl.Int64))
    if "_source" not in f.columns:
        f = f.with_columns(_source=pl.lit("input"))
    return f.with_columns(
        pl.col("county").cast(pl.String).str.strip_chars(),
        *[pl.col(c).cast(MONEY) for c in sorted(present) + [f"{c}_prev" for c in sorted(wide)]],
    )


def _canonical_counties(t: _Rows, policy: Policy, allow_unknown: bool) -> None:
    """County names as the policy spells them (aliases, full-width forms, spaces), in `t.county`; a name that is
    no county-level unit (县、市、区) of the city is an error unless `--allow-unknown-counties`."""
    county = t.county
    for i, name in enumerate(county):
        if name is None or name == "":
            row = t.at(i)
            raise DataError(f"{where(row)}: column county is empty")
    index = policy.county_index()
    mapping: dict[str, str] = {}
    unknown: set[str] = set()
    for name in set(county):
        canonical = index.get(name)
        if canonical is None:
            canonical = policy.canonical_county(name)  # the reading every table uses (济宁任城区, 任城区（济宁）)
        if canonical is None:
            unknown.add(name)
        elif canonical != name:
            mapping[name] = canonical
    if unknown and not allow_unknown:
        row = t.at(next(i for i, name in enumerate(county) if name in unknown))
        raise DataError(
            f"{where(row)}: county {row['county']!r} is not a county-level unit of {policy.city_name} in the policy",
            hint="check the spelling, or pass --allow-unknown-counties",
        )
    if mapping:
        county[:] = [mapping.get(name, name) for name in county]


def _check_one_row_each(t: _Rows, years: list[int | None] | None) -> None:
    """One row per county (and year, in long form: `years`); no empty year."""
    if years is not None:
        if None in years:
            row = t.at(years.index(None))
            raise DataError(f"{where(row)}: column year is empty")
        keys: list = list(zip(t.county, years))
    else:
        keys = t.county
    if len(set(keys)) == len(keys):
        return
    seen: dict = {}
    for i, k in enumerate(keys):
        seen.setdefault(k, []).append(i)
    i, j = next(rows for rows in seen.values() if len(rows) > 1)[:2]
    pair = [t.at(i), t.at(j)]
    first = pair[0]
    if years is not None:
        first["year"] = years[i]
        raise DataError(
            f"{where(pair[0])} and {where(pair[1])}: {first['county']} appears twice for {first['year']} "
            "(duplicate county × year)"
        )
    raise DataError(f"{where(pair[0])} and {where(pair[1])}: {first['county']} appears twice (duplicate county)")


def _year_and_previous(
    t: _Rows, years_of_rows: list[int] | None, year: int | None
) -> tuple[int, list[int], list[int] | None]:
    """(the year evaluated, the indices of its rows, those of the previous year's rows in long form)."""
    if years_of_rows is None:
        if year is None:
            raise UsageError(
                "the input has no year column (wide form, 本年 / 上年同期): pass --year Y to say which "
                "year its values are for"
            )
        return year, list(range(len(t.county))), None
    years = sorted(set(years_of_rows))
    if not years:
        raise DataError("the input has no rows")
    if year is None:
        year = years[-1]
    elif year not in years:
        raise DataError(f"no rows for year {year} in the input (years present: {', '.join(map(str, years))})")
    cur = [i for i, y in enumerate(years_of_rows) if y == year]
    before = [i for i, y in enumerate(years_of_rows) if y == year - 1]
    return year, cur, before


def _units(
    f: pl.DataFrame, t: _Rows, cur: list[int], before: list[int] | None, present: set[str], wide: set[str]
) -> pl.DataFrame:
    """One row per county of the input: this year's values and the previous year's (上年同期), from a
    `*_prev` column or the previous year's row; both given and different is an error."""
    county = t.county
    names = sorted(set(county))
    at_cur = {county[i]: i for i in cur}
    at_prev = {county[i]: i for i in before} if before is not None else {}
    cur_idx = pl.Series([at_cur.get(n) for n in names], dtype=pl.UInt32)
    prev_idx = pl.Series([at_prev.get(n) for n in names], dtype=pl.UInt32)
    prev_exprs = []
    for c in sorted(present):
        options = ([pl.col(f"{c}_prev").gather(cur_idx)] if c in wide else []) + (
            [pl.col(c).gather(prev_idx)] if before is not None else []
        )
        if len(options) == 2:
            a, b = f[f"{c}_prev"].to_physical().to_list(), f[c].to_physical().to_list()
            for n in names:
                i, j = at_cur.get(n), at_prev.get(n)
                if i is None or j is None or a[i] is None or b[j] is None or a[i] == b[j]:
                    continue
                r = {**t.at(i), f"{c}_prev": f[f"{c}_prev"][i], f"_long_{c}": f[c][j]}
                earlier = where({"_source": t.source[j], "_row": t.row[j]})
                raise DataError(
                    f"{where(r)} column {c}_prev and {earlier} "
                    f"column {c}: the previous-year {c} of {r['county']} is given twice, differently "
                    f"({r[f'{c}_prev']} vs {r[f'_long_{c}']})"
                )
        prev_exprs.append((pl.coalesce(options) if options else pl.lit(None, MONEY)).alias(f"{c}_prev"))
    keys = pl.DataFrame(
        [pl.Series("county", names, pl.String), pl.Series("_has_row", [n in at_cur for n in names], pl.Boolean)]
    )
    if not present:
        return keys
    return keys.hstack(f.select(*[pl.col(c).gather(cur_idx) for c in sorted(present)], *prev_exprs))
