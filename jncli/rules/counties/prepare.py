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
from typing import Any

import polars as pl

from jncli.errors import DataError, UsageError
from jncli.policy import Policy, normalize_name
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


def _located(frame: pl.DataFrame, mask: pl.Expr, n: int = 1) -> list[dict[str, Any]]:
    return frame.filter(mask).head(n).rows(named=True)


def _prepare(frame: pl.DataFrame, policy: Policy, year: int | None, allow_unknown: bool) -> _Input:
    """The conformed counties table → one row per county of this year's and last year's values."""
    if "county" not in frame.columns:
        raise DataError("the input has no county column (县市区): see `jncli schema counties`")
    long_form = "year" in frame.columns
    present = {c for c in METRICS if c in frame.columns}
    wide = {c for c in present if f"{c}_prev" in frame.columns}
    f = _columns_used(frame, long_form, present, wide)
    f = _canonical_counties(f, policy, allow_unknown)
    _check_one_row_each(f, long_form)
    year, cur, before = _year_and_previous(f, year, long_form, present)
    units = _units(f, cur, before, present, wide)
    prev_source = {c: (c in wide) or long_form for c in METRICS}
    blanks = empty_cells(year, cur, before, units, present, wide)
    # the previous year's rows are read for a metric without its `*_prev` column (and only once there are some:
    # a table without the previous year is refused or warned about as a whole)
    by_row = before is not None and before.height > 0 and bool(present - wide)
    missing = missing_rows(policy, year, cur, before if by_row else None)
    sources = sorted({str(s) for s in f["_source"].unique().to_list() if s is not None})
    return _Input(
        year, units, present, prev_source, before.height if before is not None else None, blanks, missing, sources
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


def _canonical_counties(f: pl.DataFrame, policy: Policy, allow_unknown: bool) -> pl.DataFrame:
    """County names as the policy spells them (aliases, full-width forms, spaces); a name that is no
    county-level unit (县、市、区) of the city is an error unless `--allow-unknown-counties`."""
    empty = pl.col("county").is_null() | (pl.col("county") == "")
    if f.select(empty.any()).item():
        raise DataError(f"{where(_located(f, empty)[0])}: column county is empty")
    index = policy.county_index()
    mapping: dict[str, str] = {}
    names = f.select(pl.col("county").unique())["county"]
    # a name that normalising (NFKC, case folding, no spaces) leaves unchanged and that is not in the index
    # cannot match: decided for all names at once (a country's 2,800 unknown names); the others one by one
    plain = (
        ~names.is_in(list(index))
        & (names.str.normalize("NFKC") == names)
        & (names.str.to_lowercase() == names)
        & ~names.str.contains(r"[\sßẞς]")
    )
    unknown: list[str] = []
    for name in names.filter(~plain).to_list():
        canonical = index.get(name)
        if canonical is None:
            canonical = index.get(normalize_name(name))
        if canonical is None:
            unknown.append(name)
        mapping[name] = canonical or name
    if (unknown or plain.any()) and not allow_unknown:
        row = _located(f, pl.col("county").is_in(unknown + names.filter(plain).to_list()))[0]
        raise DataError(
            f"{where(row)}: county {row['county']!r} is not a county-level unit of {policy.city_name} in the policy",
            hint="check the spelling, or pass --allow-unknown-counties",
        )
    changes = {name: canonical for name, canonical in mapping.items() if name != canonical}
    if changes:
        f = f.with_columns(pl.col("county").replace(changes))
    return f


def _check_one_row_each(f: pl.DataFrame, long_form: bool) -> None:
    """One row per county (and year, in long form); no empty year."""
    key = ["county"]
    if long_form:
        if f["year"].null_count():
            raise DataError(f"{where(_located(f, pl.col('year').is_null())[0])}: column year is empty")
        key.append("year")
    if f.select(pl.struct(key).is_duplicated().any()).item():
        first = _located(f, pl.struct(key).is_duplicated())[0]
        pair = _located(f, pl.all_horizontal([pl.col(k) == first[k] for k in key]), 2)
        if long_form:
            raise DataError(
                f"{where(pair[0])} and {where(pair[1])}: {first['county']} appears twice for {first['year']} "
                "(duplicate county × year)"
            )
        raise DataError(f"{where(pair[0])} and {where(pair[1])}: {first['county']} appears twice (duplicate county)")


def _year_and_previous(
    f: pl.DataFrame, year: int | None, long_form: bool, present: set[str]
) -> tuple[int, pl.DataFrame, pl.DataFrame | None]:
    """(the year evaluated, its rows, the previous year's rows in long form: their values as `_long_*`)."""
    if not long_form:
        if year is None:
            raise UsageError(
                "the input has no year column (wide form, 本年 / 上年同期): pass --year Y to say which "
                "year its values are for"
            )
        return year, f, None
    years = f["year"].unique().sort().to_list()
    if not years:
        raise DataError("the input has no rows")
    if year is None:
        year = years[-1]
    elif year not in years:
        raise DataError(f"no rows for year {year} in the input (years present: {', '.join(map(str, years))})")
    cur = f.filter(pl.col("year") == year).drop("year")
    before = f.filter(pl.col("year") == year - 1).select(
        "county",
        *[pl.col(c).alias(f"_long_{c}") for c in sorted(present)],
        pl.col("_source").alias("_source_p"),
        pl.col("_row").alias("_row_p"),
        *[pl.col(f"_mark_{c}").alias(f"_mark_p_{c}") for c in sorted(present) if f"_mark_{c}" in f.columns],
    )
    return year, cur, before


def _units(
    f: pl.DataFrame, cur: pl.DataFrame, before: pl.DataFrame | None, present: set[str], wide: set[str]
) -> pl.DataFrame:
    """One row per county of the input: this year's values and the previous year's (上年同期), from a
    `*_prev` column or the previous year's row; both given and different is an error."""
    units = f.select(pl.col("county").unique()).sort("county")
    units = units.join(cur.with_columns(_has_row=pl.lit(True)), on="county", how="left")
    if before is not None:
        units = units.join(before, on="county", how="left")
    prev_exprs = []
    for c in sorted(present):
        options = ([pl.col(f"{c}_prev")] if c in wide else []) + ([pl.col(f"_long_{c}")] if before is not None else [])
        if len(options) == 2:
            clash = _located(units, options[0].is_not_null() & options[1].is_not_null() & (options[0] != options[1]))
            if clash:
                r = clash[0]
                earlier = where({"_source": r["_source_p"], "_row": r["_row_p"]})
                raise DataError(
                    f"{where(r)} column {c}_prev and {earlier} "
                    f"column {c}: the previous-year {c} of {r['county']} is given twice, differently "
                    f"({r[f'{c}_prev']} vs {r[f'_long_{c}']})"
                )
        prev_exprs.append((pl.coalesce(options) if options else pl.lit(None, MONEY)).alias(f"{c}_prev"))
    units = units.with_columns(*prev_exprs, pl.col("_has_row").fill_null(False))
    return units.select("county", "_has_row", *sorted(present), *[f"{c}_prev" for c in sorted(present)])
