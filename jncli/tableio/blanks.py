"""Columns empty in every row, and county cells left blank (hostile review 1, A2 and A3; hostile review 3, F1-F3, F6).

A cell left empty is an answer (RULES.md §0: empty means false; a figure not reported), but a column a rule reads in
every row (`Schema.answered`) that is empty in every row of a table of two or more rows answers nothing: the
bureau left it to be filled, and read as it stands it would be "no" or "none" for everyone (a whole measure unpaid,
exit 0). `annual` stops (`InputOptions.blank_columns` "error"), a command warns; one data row is that row's cell.
A column read only in some rows (`within`: the shops moved in, the enterprises that are converted branches) is
checked over those rows only: a year with no converted branch leaves 新增财力 blank everywhere, and that is an answer.
Several files of one kind are one table (`conform_all`): a column is checked over all of them (`decide`), and a file
that alone leaves it empty is a warning; only the county, which each row is paid in, is checked file by file.

A county cell left blank names no county: such rows are named apart, not as "outside the city" (their county as
`''`). A CSV saved from a sheet whose county cells were merged down has the county on each group's first row only:
in `annual`, blank cells that each follow a named county, in a table grouped by county, stop the run.
May import polars, the schema, errors, values, settings and `table`.
"""

from __future__ import annotations

from typing import NamedTuple

import polars as pl

from jncli import schema as schemas
from jncli.errors import DataError, listed, row_ref
from jncli.settings import InputOptions
from jncli.tableio.table import Table, _warn, engine
from jncli.values import NOT_APPLICABLE, TRUE_WORDS, yes_no_word

# A big table scanned from its file is first asked about its first rows only: a filled column shows a value there.
HEAD_ROWS = 10_000
_EMPTY = ("", *NOT_APPLICABLE)


class Gap(NamedTuple):
    """What one file says of one column a rule reads (`check`), for `decide` over the files of a kind."""

    column: str
    key: str  # the measure reading it, as --skip names it
    header: str  # as written in this file
    yes_no: bool
    within: str | None  # the column whose yes (or filled) rows it is read in; None: every row
    within_header: str | None
    within_yes: bool  # `within` is a yes/no column: its yes rows
    rows: int  # the rows it is read in
    filled: int  # of those, the rows holding a value
    marks: tuple[str, ...]  # the not-applicable marks written in those rows (when none holds a value)
    by_year: tuple[tuple[int, int, int], ...] = ()  # (year, rows it is read in, of those filled), of `opts.years`


def _filled(header: str, dtype: pl.DataType) -> pl.Expr:
    """A cell holding something: not null, and as text neither blank nor a not-applicable mark."""
    col = pl.col(header)
    if dtype == pl.String:
        return col.is_not_null() & ~col.str.strip_chars().is_in(_EMPTY)
    return col.is_not_null()


def _yes(header: str, dtype: pl.DataType) -> pl.Expr:
    """A yes/no cell reading yes, as the conversion reads it (`convert`: 是, Y, true, 1, √ …; a true cell)."""
    col = pl.col(header)
    if dtype == pl.Boolean:
        return col.fill_null(False)
    if dtype.is_numeric():
        return (col == 1).fill_null(False)
    return yes_no_word(col.cast(pl.String)).is_in(TRUE_WORDS).fill_null(False)


def check(
    lf: pl.LazyFrame,
    table: Table,
    schema: schemas.Schema,
    mapped: dict[str, tuple[str, float]],
    types: dict,
    left_out: list[int],
    opts: InputOptions,
) -> list[Gap]:
    """Stop (`annual`) or warn (a command) on a county column empty in every row of this file, and name the rows of
    a blank county; the other columns of `schema.answered` as this file has them (`Gap`), for `decide`. `lf`: the
    rows as read (raw cells, headers as written); `left_out`: rows that are not data (totals); `mapped`: canonical
    column → (header, factor)."""
    # (column, measure, the column whose yes / filled rows it is read in: None, every row), of the measures run
    cols = [(a[0], a[1], a[2] if len(a) > 2 else None) for a in schema.answered if a[0] in mapped]
    cols = [(c, key, within) for c, key, within in cols if key not in opts.skipped and within in (None, *mapped)]
    if not cols:
        return []
    rows = lf.filter(~pl.col("_row").is_in(left_out)) if left_out else lf

    def filled(c: str) -> pl.Expr:
        return _filled(mapped[c][0], types[mapped[c][0]])

    def read_in(w: str) -> pl.Expr:  # the rows a column `within` w is read in: w's yes rows, or its filled rows
        return _yes(mapped[w][0], types[mapped[w][0]]) if schema.column(w).type == "bool" else filled(w)

    counts = [filled(c).sum().alias(c) for c, _, _ in cols]
    withins = list(dict.fromkeys(w for _, _, w in cols if w is not None))
    counts += [read_in(w).sum().alias(f"_n:{w}") for w in withins]
    counts += [(filled(c) & read_in(w)).sum().alias(f"{c}:{w}") for c, _, w in cols if w is not None]
    decisive = [c if w is None else f"{c}:{w}" for c, _, w in cols]
    asked = rows.head(HEAD_ROWS) if table.scanned else rows
    got = asked.select(pl.len().alias("_n"), *counts).collect(engine=engine(table)).row(0, named=True)
    if table.scanned and got["_n"] == HEAD_ROWS and any(got[d] == 0 for d in decisive):
        got = rows.select(pl.len().alias("_n"), *counts).collect(engine=engine(table)).row(0, named=True)
    error = opts.blank_columns == "error"
    years = _by_year(rows, table, mapped, opts, counts)
    gaps = []
    for (c, key, within), d in zip(cols, decisive):
        n, header = (got["_n"] if within is None else got[f"_n:{within}"]), mapped[c][0]
        marks: tuple[str, ...] = ()
        if n and not got[d] and types[header] == pl.String:  # what the rows it is read in hold instead of a value
            where = rows if within is None else rows.filter(read_in(within))
            cells = where.select(pl.col(header).str.strip_chars().alias("m")).filter(pl.col("m").is_in(NOT_APPLICABLE))
            found = cells.unique(maintain_order=True).head(3).collect(engine=engine(table))["m"].to_list()
            marks = tuple(sorted(found, key=NOT_APPLICABLE.index))
        gap = Gap(
            c,
            key,
            header,
            schema.column(c).type == "bool",
            within,
            None if within is None else mapped[within][0],
            within is not None and schema.column(within).type == "bool",
            n,
            got[d],
            marks,
            tuple((y["_y"], y["_n"] if within is None else y[f"_n:{within}"], y[d]) for y in years),
        )
        if c == "county":  # each row is paid in its county: a file without any is that file's gap (F6)
            _county_gap(table, gap, error)
        else:
            gaps.append(gap)
    if any(c == "county" for c, _, _ in cols) and 0 < got["county"] < got["_n"] and not table.scanned:
        _blank_counties(rows, table, mapped, types, error)
    return gaps


def _by_year(rows: pl.LazyFrame, table: Table, mapped: dict, opts: InputOptions, counts: list[pl.Expr]) -> list[dict]:
    """The counts of `check` for each year of `opts.years` the table's year column holds (none without one): in a
    table of two years, the filled cells of one must not hide a column left blank in every row of the other."""
    if not opts.years or "year" not in mapped:
        return []
    year = pl.col(mapped["year"][0]).cast(pl.String).str.strip_chars().str.extract(r"^(\d{4})", 1)
    year = year.cast(pl.Int64, strict=False).alias("_y")
    got = rows.group_by(year).agg(pl.len().alias("_n"), *counts).filter(pl.col("_y").is_in(opts.years))
    return got.sort("_y").collect(engine=engine(table)).to_dicts()


def _empty_in_a_year(gap: Gap) -> tuple[int, int] | None:
    """The first year of `gap.by_year` (summed over files) whose two or more rows the column is read in hold no
    value: (year, rows); None when every year has one (or a single row: a blank is that row's answer)."""
    return next(((y, n) for y, n, filled in gap.by_year if n >= 2 and not filled), None)


def _year_gap(where: str, gap: Gap, error: bool, table: Table) -> None:
    """A column read in every row left without a value in every row of one year, while another year's rows fill it:
    read so, that year's rows would be "no" or "none" — a 2022 column left blank deducts nothing from 2023's top-ups
    and pays the 2022 recipients again (hostile review 4, A1)."""
    hit = _empty_in_a_year(gap)
    if hit is None:
        return
    year, n = hit
    if error:
        raise DataError(
            f"{where}: the column {gap.header} ({gap.column}) has no value in any of its {n} rows of {year} (the rows "
            f'of other years fill it): read so, every {year} row would be read as "no" or none, and measure {gap.key} '
            f"would decide {year} — and what was received in it — without it",
            hint=f"fill it in for the {year} rows too (the same column for every year of the table)",
        )
    _warn(
        table,
        f"{where}: the column {gap.header} ({gap.column}) has no value in any of its {n} rows of {year} (the rows of "
        f'other years fill it): those rows are read as "no" or none (fill it in if that is not meant)',
    )


def _empty(gap: Gap, n: int) -> str:
    """`is empty in all N rows` (the rows it is read in), or, when they hold a not-applicable mark (`无`, `—`: written
    on purpose, read as no value, RULES §0), that they hold no value: the mark is not called empty."""
    marks = ", ".join(repr(m) for m in gap.marks)
    if gap.within is None and marks:
        return f"holds no value in all {n} rows: each is blank or {marks}, a not-applicable mark read as none"
    if gap.within is None:
        return f"is empty in all {n} rows"
    if gap.within_yes and marks:
        return (
            f"holds no value in all {n} rows where {gap.within_header} is yes (the rows it is read in): each is blank "
            f"or {marks}, a not-applicable mark read as none"
        )
    if gap.within_yes:
        return f"is empty in all {n} rows where {gap.within_header} is yes (the rows it is read in)"
    if marks:
        return (
            f"holds no value in all {n} rows where {gap.within_header} is filled (the rows it is read in): each is "
            f"blank or {marks}, a not-applicable mark read as none"
        )
    return f"is empty in all {n} rows where {gap.within_header} is filled (the rows it is read in)"


def _county_gap(table: Table, gap: Gap, error: bool) -> None:
    """A file whose county column is empty in every row (the county only in its title, a column left to be filled):
    no row names its county, and `--skip` would drop the measure for every county, not this file's gap."""
    if gap.filled:
        _year_gap(table.source, gap, error, table)
    if gap.rows < 2 or gap.filled:  # one row: a blank is that row's answer
        return
    empty, where = _empty(gap, gap.rows), table.source
    if error:
        raise DataError(
            f"{where}: the column {gap.header} (county) {empty}: read so, no row names its county and measure "
            f"{gap.key} would find every row ineligible",
            hint="write each row's county in the column (a file of one county, named in its title only, needs it in "
            "every row too: jncli does not read the county from a title)",
        )
    _warn(
        table,
        f"{where}: the column {gap.header} (county) {empty}: no row names its county, and every row is ineligible "
        "(write each row's county in the column if that is not meant)",
    )


def decide(found: list[tuple[Table, list[Gap]]], opts: InputOptions) -> None:
    """Stop (`annual`) or warn (a command) on a column empty in every row it is read in, over all the files of one
    kind (`found`: each table and its `Gap`s): they are read as one table. A file of several that alone leaves the
    column empty in two or more of those rows is a warning naming it."""
    error = opts.blank_columns == "error"
    columns: dict[str, list[tuple[Table, Gap]]] = {}
    for table, gaps in found:
        for gap in gaps:
            columns.setdefault(gap.column, []).append((table, gap))
    for held in columns.values():
        n, filled = sum(g.rows for _, g in held), sum(g.filled for _, g in held)
        if n >= 2 and not filled:  # one row: a blank is that row's answer
            _stop_or_warn([t for t, g in held if g.rows] or [held[0][0]], _combined(held), n, error)
        elif filled and len(held) > 1:
            for table, gap in held:
                if gap.rows >= 2 and not gap.filled:
                    _alone(table, gap)
        if filled:  # a year of the table without it, the other years filling it (over the files, as one table)
            years: dict[int, list[int]] = {}
            for _, gap in held:
                for y, rows, got in gap.by_year:
                    years.setdefault(y, [0, 0])
                    years[y][0] += rows
                    years[y][1] += got
            tables = [t for t, g in held if g.rows] or [held[0][0]]
            where = _where(tables)
            summed = held[0][1]._replace(by_year=tuple((y, r, f) for y, (r, f) in sorted(years.items())))
            _year_gap(where, summed, error, tables[0])


def _combined(held: list[tuple[Table, Gap]]) -> Gap:
    """The gap of the column over the files, as one table (the header as the first file writes it)."""
    gaps = [g for _, g in held if g.rows] or [held[0][1]]
    marks = {m for g in gaps for m in g.marks}
    return gaps[0]._replace(
        rows=sum(g.rows for g in gaps), filled=0, marks=tuple(sorted(marks, key=NOT_APPLICABLE.index))
    )


def _where(tables: list[Table]) -> str:
    return tables[0].source if len(tables) == 1 else f"{listed([t.source for t in tables])} (read as one table)"


def _stop_or_warn(tables: list[Table], gap: Gap, n: int, error: bool) -> None:
    first, where = tables[0], _where(tables)
    header, c, key, empty = gap.header, gap.column, gap.key, _empty(gap, n)
    if error and gap.yes_no:
        raise DataError(
            f'{where}: the column {header} ({c}) {empty}: read so, every row would be "no" and measure {key} would '
            "decide without it",
            hint=f"fill it in (e.g. 是/否 in each row), or pass --skip {key} if measure {key} is knowingly not run",
        )
    if error:
        raise DataError(
            f"{where}: the column {header} ({c}) {empty}: read so, every row would have none and measure {key} would "
            "decide without it",
            hint=f"fill it in (a value in each row), or pass --skip {key} if measure {key} is knowingly not run",
        )
    if gap.yes_no:
        _warn(
            first,
            f'{where}: the column {header} ({c}) {empty}: every row is read as "no" (fill it in, e.g. 是/否 in each '
            "row, if that is not meant)",
        )
    else:
        _warn(
            first,
            f"{where}: the column {header} ({c}) {empty}: every row is read as having none (fill it in, a value in "
            "each row, if that is not meant)",
        )


def _alone(table: Table, gap: Gap) -> None:
    """One file of several leaves the column empty where the others fill it: read so, a warning (RULES §0)."""
    empty = _empty(gap, gap.rows)
    if gap.yes_no:
        _warn(
            table,
            f"{table.source}: the column {gap.header} ({gap.column}) {empty} (other files of the table fill it): its "
            'rows are read as "no" (fill it in if that is not meant)',
        )
    else:
        _warn(
            table,
            f"{table.source}: the column {gap.header} ({gap.column}) {empty} (other files of the table fill it): its "
            "rows are read as having none (fill it in if that is not meant)",
        )


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
    merged = _merged_pattern(got)
    if error and merged:
        raise DataError(
            f"{table.source}: {len(blank)} row(s) have no county (blank) and each follows a row naming one, in a "
            f"table grouped by county: the county cells look merged in the sheet this was saved from (first: {first})",
            hint=hint,
        )
    if not merged:  # blanks of their own (a sort puts them last): filled down, they would take another county's
        hint = "write each row's own county: a blank is not the county of the row above it"
    _warn(
        table,
        f"{len(blank)} row(s) have no county (blank): they name no county and are ineligible (first: {first}) ({hint})",
    )


def _merged_pattern(got: pl.DataFrame) -> bool:
    """Blank county cells as a merged cell saved as CSV leaves them: two or more, the first row named; with each
    blank read as the county above it, every (county, year) one run of consecutive rows; blank runs after at least
    two different counties, and each blank run inside the table followed by a new (county, year) group. Blanks only
    after the last group are where a sort by county puts cells left blank (hostile review 3, F3): not this pattern."""
    filled, counties = got["f"].to_list(), got["c"].to_list()
    years = got["y"].to_list() if "y" in got.columns else [None] * len(filled)
    if filled.count(False) < 2 or not filled[0]:
        return False
    runs: list[tuple[object, object]] = []
    current = None
    after: set[object] = set()  # the counties a blank run follows
    for i, (f, c, y) in enumerate(zip(filled, counties, years)):
        current = c if f else current
        if not f and filled[i - 1]:  # a blank run starts: it follows the county above
            after.add(current)
            following = next((j for j in range(i + 1, len(filled)) if filled[j]), None)
            if following is not None and (counties[following], years[following]) == (current, y):
                return False  # the same group goes on below it: a blank inside a group, not a merged cell
        if not runs or runs[-1] != (current, y):
            runs.append((current, y))
    return len(after) >= 2 and len(runs) == len(set(runs))
