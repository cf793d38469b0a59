"""Columns empty in every row, and county cells left blank (hostile review 1, A2 and A3).

A cell left empty is an answer (RULES.md §0: empty means false; a figure not reported), but a column a rule reads in
every row (`Schema.answered`) that is empty in every row of a table of two or more rows answers nothing: the
bureau left it to be filled, and read as it stands it would be "no" or "none" for everyone (a whole measure unpaid,
exit 0). `annual` stops (`InputOptions.blank_columns` "error"), a command warns; one data row is that row's cell.

A county cell left blank names no county: such rows are named apart, not as "outside the city" (their county as
`''`). A CSV saved from a sheet whose county cells were merged down has the county on each group's first row only:
in `annual`, blank cells that each follow a named county, in a table grouped by county, stop the run.
May import polars, the schema, errors, values, settings and `table`.
"""

from __future__ import annotations

import polars as pl

from jncli import schema as schemas
from jncli.errors import DataError, row_ref
from jncli.settings import InputOptions
from jncli.tableio.table import Table, _warn, engine
from jncli.values import NOT_APPLICABLE

# A big table scanned from its file is first asked about its first rows only: a filled column shows a value there.
HEAD_ROWS = 10_000
_EMPTY = ("", *NOT_APPLICABLE)


def _filled(header: str, dtype: pl.DataType) -> pl.Expr:
    """A cell holding something: not null, and as text neither blank nor a not-applicable mark."""
    col = pl.col(header)
    if dtype == pl.String:
        return col.is_not_null() & ~col.str.strip_chars().is_in(_EMPTY)
    return col.is_not_null()


def check(
    lf: pl.LazyFrame,
    table: Table,
    schema: schemas.Schema,
    mapped: dict[str, tuple[str, float]],
    types: dict,
    left_out: list[int],
    opts: InputOptions,
) -> None:
    """Stop (`annual`) or warn (a command) on a column of `schema.answered` empty in every row, and name the rows of
    a blank county. `lf`: the rows as read (raw cells, headers as written); `left_out`: rows that are not data
    (totals); `mapped`: canonical column → (header, factor)."""
    # (column, measure, the column whose filled rows it is read in: None, every row), of the measures run
    cols = [(a[0], a[1], a[2] if len(a) > 2 else None) for a in schema.answered if a[0] in mapped]
    cols = [(c, key, within) for c, key, within in cols if key not in opts.skipped and within in (None, *mapped)]
    if not cols:
        return
    rows = lf.filter(~pl.col("_row").is_in(left_out)) if left_out else lf

    def filled(c: str) -> pl.Expr:
        return _filled(mapped[c][0], types[mapped[c][0]])

    counts = [filled(c).sum().alias(c) for c, _, _ in cols]
    # the rows each column is read in: every row, or those with `within` filled (a shop moved in)
    counts += [filled(w).sum().alias(f"_n:{w}") for w in {w for _, _, w in cols if w is not None}]
    counts += [(filled(c) & filled(w)).sum().alias(f"{c}:{w}") for c, _, w in cols if w is not None]
    asked = rows.head(HEAD_ROWS) if table.scanned else rows
    got = asked.select(pl.len().alias("_n"), *counts).collect(engine=engine(table)).row(0, named=True)
    if table.scanned and got["_n"] == HEAD_ROWS and any(got[c] == 0 for c, _, _ in cols):
        got = rows.select(pl.len().alias("_n"), *counts).collect(engine=engine(table)).row(0, named=True)
    error = opts.blank_columns == "error"
    for c, key, within in cols:
        n = got["_n"] if within is None else got[f"_n:{within}"]
        if n < 2 or got[c if within is None else f"{c}:{within}"]:  # one row: a blank is that row's answer
            continue
        header, yes_no = mapped[c][0], schema.column(c).type == "bool"
        if error and yes_no:
            raise DataError(
                f"{table.source}: the column {header} ({c}) is empty in all {n} rows: read so, every row would be "
                f'"no" and measure {key} would decide without it',
                hint=f"fill it in (e.g. 是/否 in each row), or pass --skip {key} if measure {key} is knowingly not run",
            )
        if error:
            raise DataError(
                f"{table.source}: the column {header} ({c}) is empty in all {n} rows: read so, every row would have "
                f"none and measure {key} would decide without it",
                hint=f"fill it in (a value in each row), or pass --skip {key} if measure {key} is knowingly not run",
            )
        if yes_no:
            _warn(
                table,
                f'{table.source}: the column {header} ({c}) is empty in all {n} rows: every row is read as "no" '
                f"(fill it in, e.g. 是/否 in each row, if that is not meant)",
            )
        else:
            _warn(
                table,
                f"{table.source}: the column {header} ({c}) is empty in all {n} rows: every row is read as having "
                f"none (fill it in, a value in each row, if that is not meant)",
            )
    if any(c == "county" for c, _, _ in cols) and 0 < got["county"] < got["_n"] and not table.scanned:
        _blank_counties(rows, table, mapped, types, error)


def _blank_counties(rows: pl.LazyFrame, table: Table, mapped: dict, types: dict, error: bool) -> None:
    """Name the rows whose county cell is blank; in `annual`, stop when they look like merged cells lost."""
    header = mapped["county"][0]
    year = [pl.col(mapped["year"][0]).cast(pl.String).alias("y")] if "year" in mapped else []
    county = pl.col(header).cast(pl.String).str.strip_chars()
    got = rows.select("_row", _filled(header, types[header]).alias("f"), county.alias("c"), *year)
    got = got.collect(engine=engine(table))
    blank = got.filter(~pl.col("f"))["_row"].to_list()
    first = row_ref(table.source, blank[0])
    hint = (
        "a sheet whose county cells are merged is read as .xlsx (a merged cell is read into each of its rows); in a "
        "CSV, fill the county down into every row"
    )
    if error and _merged_pattern(got):
        raise DataError(
            f"{table.source}: {len(blank)} row(s) have no county (blank) and each follows a row naming one, in a "
            f"table grouped by county: the county cells look merged in the sheet this was saved from (first: {first})",
            hint=hint,
        )
    _warn(
        table,
        f"{len(blank)} row(s) have no county (blank): they name no county and are ineligible (first: {first}) ({hint})",
    )


def _merged_pattern(got: pl.DataFrame) -> bool:
    """Blank county cells as a merged cell saved as CSV leaves them: two or more, the first row named, and with each
    blank read as the county above it, every (county, year) one run of consecutive rows."""
    filled, counties = got["f"].to_list(), got["c"].to_list()
    years = got["y"].to_list() if "y" in got.columns else [None] * len(filled)
    if filled.count(False) < 2 or not filled[0]:
        return False
    runs: list[tuple[object, object]] = []
    current = None
    for f, c, y in zip(filled, counties, years):
        current = c if f else current
        if not runs or runs[-1] != (current, y):
            runs.append((current, y))
    return len(runs) == len(set(runs))
