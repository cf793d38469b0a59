"""The table as read (`Table`) and what every reader shares: the bookkeeping columns, stdin's name,
how much to sniff, stacking raw tables, names of repeated headers, the headers no file may use. May import
polars, `jncli.errors`, `jncli.settings` and `jncli.schema` (the mark columns a schema keeps) only.

A `Table`'s frame holds the values exactly as stored, plus the bookkeeping columns `_source` (file
name) and `_row` (row number as a spreadsheet shows it: the header is row 1). The other tableio
modules build on this one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from jncli import schema as schemas
from jncli.errors import DataError
from jncli.settings import InputOptions

SNIFF = 1 << 16  # bytes read to tell the format and the encoding
STDIN = "<stdin>"
# Bookkeeping columns the reader adds (file name, spreadsheet row number; the not-applicable marks a schema keeps,
# `Schema.kept_marks`); the writer never outputs them, and a header of that name is not read as a column.
INTERNAL_COLUMNS = (
    "_source",
    "_row",
    "_jncli_short_row",
    *dict.fromkeys(f"_mark_{c}" for s in schemas.SCHEMAS.values() for c in s.kept_marks),
)
# Headers of the working columns (`checked`: `__v0`, `__bad0`, …) — but for the name the XLSX reader gives a
# column whose header cell is empty (`__UNNAMED__3`, fastexcel's).
WORKING_PREFIX = "__"
_UNNAMED = re.compile(r"__UNNAMED__\d+")
# A big CSV scanned for `conform(lazy=True)` (`text._scanned_csv`): true where the row's last cell is missing.
SHORT_ROW = INTERNAL_COLUMNS[2]


@dataclass(eq=False, repr=False)
class Table:
    """A table as read: `frame` is lazy; `_row` numbers rows as a spreadsheet or line count shows them.

    What the reading did is recorded on the table as it happens (`reading`: header rows used, rows
    skipped and why, units applied; `warnings`: what a person should look at), said on stderr unless
    `echo` is off (`jncli annual` puts them into its messages and report instead). `dataclasses.replace`
    keeps these lists shared, so a table and its replacements tell one story.
    """

    frame: pl.LazyFrame
    source: str
    format: str
    encoding: str | None = None
    columns: list[str] = field(default_factory=list)  # headers as read, without internal columns
    # False for a file polars scans lazily (Parquet, Arrow): conform then never materialises it.
    in_memory: bool = True
    # A big CSV scanned lazily (`text._scanned_csv`): conform converts it once, in a streaming pass.
    scanned: bool = False
    # Such a CSV whose row widths conform proves in its conversion pass (`text._DeferredProof`).
    deferred: object | None = field(default=None, repr=False)
    # What conform kept in memory of such a CSV's rows for the caller's passes (`conform(compact=…)`).
    compact: pl.DataFrame | None = field(default=None, repr=False)
    # Such a CSV without any quote character: its last n records' cells read from the end of the file
    # (`tailrows.last_rows`; no row numbers), or None when they cannot be told from there.
    tail: Callable[[int], pl.DataFrame | None] | None = field(default=None, repr=False)
    # The row holding `columns` (a title line the CSV reader skipped moves it down) and the cells of
    # that row as written (None where empty: the frame's names for them are made up).
    header_row: int = 1
    header_cells: list[str | None] | None = None
    # Lines above the header the text reader skipped (a title without separators): (line, text).
    above: list[tuple[int, str]] = field(default_factory=list)
    # The rows skipped above the header (title, unit and other rows): (row, their cells joined), read for the year
    # and the part of a year they name (`titles`, review 27 F1).
    titles: list[tuple[int, str]] = field(default_factory=list)
    # The first line with fewer fields than the header that the text reader accepted because a note line
    # opens the trailing block it is in (`pycsv`): (row, the structure error it is otherwise). Conform refuses
    # the table with that error unless the note reading skips that row (a note at or above it).
    narrow: tuple[int, str] | None = None
    # Set once the header rows are settled (layout): the unit row's (row, unit as written), if any.
    settled: bool = False
    unit_row: tuple[int, str] | None = None
    # A two-row header's group cell naming a money unit (`经营情况(元)`) over columns naming none: column → (row,
    # group cell as written, unit); `conform` applies it to the money columns among them.
    group_units: dict[str, tuple[int, str, str]] = field(default_factory=dict)
    # … and the columns a group cell may or may not be over (not merged with it), or whose group names a money unit
    # jncli does not read: column → (row, group cell, why); `conform` stops for a money column naming no unit.
    group_unsure: dict[str, tuple[int, str, str]] = field(default_factory=dict)
    # A two-row header whose qualifiers are years (网络零售额 over 2023年 / 2022年): (row, the latest year, the cell
    # naming it), held against the run's year, the year column and the title (`steps.check_titles`).
    header_years: tuple[int, int, str] | None = None
    # XLSX: the sheet read again with its header on a given row (types from the data rows only), and
    # the rows of cells stored as numbers in the given sheet columns (`excel_cols`); columns whose every cell
    # is a number.
    reload: Callable[[int], Table] | None = field(default=None, repr=False)
    number_cells: Callable[[list[int]], dict[int, list[int]]] | None = field(default=None, repr=False)
    # XLSX: each column's column in the sheet, as Excel places it (0-based: A is 0). The reader starts at the
    # first column holding a value from its first row down: a title in column A over a table from column B is
    # read with column A, the table read again from its header without it. Columns match by these, never by
    # position.
    excel_cols: list[int] | None = None
    # XLSX: rows of the number cells shown as a percentage (a % number format), per sheet column
    percent_cells: Callable[[list[int]], dict[int, list[int]]] | None = field(default=None, repr=False)
    # XLSX: rows of the date cells shown as their year alone (a `yyyy` number format), per sheet column
    year_cells: Callable[[list[int]], dict[int, list[int]]] | None = field(default=None, repr=False)
    number_columns: set[str] = field(default_factory=set)
    # XLSX: what Excel shows that the cells do not hold (`sheetfacts.SheetFacts`: hidden rows and columns, merged
    # ranges, formulas never computed, error values), read from the sheet's XML once; None when it has none.
    sheet_facts: Callable[[], object] | None = field(default=None, repr=False)
    # Id columns (canonical) that held numbers from Excel: (row, value) of the first, for the warning
    # about ids mixing zero-padded text and numbers (checks.mixed_ids).
    number_ids: dict[str, tuple[int, str] | None] = field(default_factory=dict)
    # Id columns (headers) holding ids written ="…" or '… (checks.excel_number_ids): converted to the id inside
    id_forms: set[str] = field(default_factory=set)
    # False when the text reader saw in the bytes below the header no `+`, `=` or `'`: then no cell holds a mark of
    # such ids (E+, e+, =", ': `checks.EXCEL_NUMBER_MARKS`, `ID_FORM_MARKS`), and `checks.ids` does not look for them
    # row by row (a million records' codes: ~12 ms; two finds of one byte in the mapped file: ~4 ms)
    id_marks: bool = True
    # CSV read into memory: does the text reader see in the bytes below the header no byte a cell's surrounding
    # whitespace can start with (nor a quote)? Then no cell has any, `values.text`'s strip changes nothing, and
    # conform empties the text columns without it (`convert._unpadded_text`: no copy of the strings, ~28 MB for
    # 260,000 rows). Asked by conform only for a text column it strips (`padding._unpadded`; None: not proven).
    unpadded: Callable[[], bool] | None = field(default=None, repr=False)
    reading: list[str] = field(default_factory=list)
    skipped: set[int] = field(default_factory=set)  # rows not read as data (title, unit, total, note rows)
    warnings: list[str] = field(default_factory=list)
    echo: bool = True
    said: list[int] = field(default_factory=lambda: [0, 0])  # notes and warnings already said on stderr
    # Set by a caller whose own pass reads every row of the id columns (track-shops' key check hashes every
    # shop_id: `checks.IdsLater`): conform tests a lazily read Parquet's ids at its edges and leaves the rest to it.
    ids_later: object | None = field(default=None, repr=False)
    # How this one file is read when it differs from the command's options (annual's DATA/inputs.toml):
    # conform takes its unit and allow_empty from here.
    options: InputOptions | None = None
    # The file's identity (`jncli.digest.identity`) before its first byte was read (None: stdin or a pipe):
    # `annual` hashes an input at the end only while it is still that file (docs/annual.md, the manifest).
    identity: tuple | None = None
    # XLSX: the name of the sheet read (the manifest records it), and the hidden sheets whose header is that sheet's
    # (a sheet per county, the others hidden: the commands warn, `annual` stops)
    sheet: str | None = None
    hidden_alike: list[str] = field(default_factory=list)


def refuse_reserved(name: str, columns: list[str]) -> None:
    """A file whose header names a column as jncli names its bookkeeping or working columns is refused, not
    read: its column would be overwritten (`_source`), dropped from every output (`_row`, the marks) or
    mixed up with a working column (`__…`) — a user's column lost without a word."""
    for i, column in enumerate(columns, start=1):
        if column in INTERNAL_COLUMNS or (column.startswith(WORKING_PREFIX) and not _UNNAMED.fullmatch(column)):
            raise DataError(
                f"{name}: column {i} is named {column!r}, a name jncli reserves for its own columns",
                hint="rename that column in the file",
            )


def concat_raw(tables: list[Table]) -> pl.LazyFrame:
    """Tables as read, stacked by column name (a missing column is empty), bookkeeping columns kept."""
    frames = [t.frame for t in tables]
    return frames[0] if len(frames) == 1 else pl.concat(frames, how="diagonal_relaxed")


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__


def _copy_of(header: str, headers: list) -> str | None:
    """The header this one repeats, if the reader renamed it (`a_duplicated_0` → `a`)."""
    base, sep, n = header.rpartition("_duplicated_")
    return base if sep and n.isdigit() and base in headers else None


def header_as_written(header: str, headers: list) -> str:
    """A header as the file has it: a repeated one without the reader's `_duplicated_N`, an empty cell empty (the XLSX
    reader names it `__UNNAMED__N`)."""
    if _UNNAMED.fullmatch(header):
        return ""
    copy = _copy_of(header, headers)
    return header if copy is None else copy


def _dedupe(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in header:
        n = seen.get(h, 0)
        out.append(h if n == 0 else f"{h}_duplicated_{n - 1}")
        seen[h] = n + 1
    return out


# Rows a full scan for rows that are not data (totals, notes: `marks`) looks at; a bigger table (a shop
# registry of millions of rows, a machine export) has its first and last `EDGE_ROWS` scanned: where
# titles, totals and notes sit. (Ids Excel wrote as 9.1E+17 are looked for on every row, `checks.ids`: in
# the middle of a records file such a code blocks nobody. A total or note row there is read as data and
# meets the other checks: no credit code of a candidate, no shop key or dates.) docs/performance.md.
FULL_SCAN_ROWS = 200_000
EDGE_ROWS = 2_000


_EDGES: list = [None, None]  # the last frame asked about and its edges (a table conformed twice asks twice)

# polars 2 runs a `LazyFrame.collect()` on its streaming engine unless told otherwise; setting that engine up
# costs ~0.3 ms of CPU a query, most of a query's cost on a table of tens or thousands of rows (a yearly run
# makes ~100 such queries). A query over a table already in memory (CSV, XLSX, JSON: read whole) or over
# frames jncli made takes the in-memory engine, the one every eager DataFrame method runs on; a file polars
# scans (Parquet, a big CSV) keeps the default, which bounds memory. tests/test_small_engine.py checks the
# reading gives the same tables, notes and errors either way.
IN_MEMORY = "in-memory"


def engine(table: Table | None = None) -> str:
    """The polars engine for a query over `table`'s frame (None: over frames in memory by construction)."""
    return IN_MEMORY if table is None or table.in_memory else "auto"


def too_big(lf: pl.LazyFrame, engine: str = "auto") -> bool:
    """Whether `lf` has more than `FULL_SCAN_ROWS` rows (counted only up to that bound)."""
    return lf.head(FULL_SCAN_ROWS + 1).select(pl.len()).collect(engine=engine).item() > FULL_SCAN_ROWS


def edges(lf: pl.LazyFrame, engine: str = "auto") -> pl.LazyFrame:
    """`lf` when it is small enough to scan whole, else its first and last `EDGE_ROWS` rows."""
    if _EDGES[0] is lf:
        return _EDGES[1]
    # Counted only up to the bound: a row count of a whole CSV scan maps the whole file into memory
    # (the peak memory grew with the file: 1.6 GB at 30 M rows).
    if not too_big(lf, engine):
        return lf
    # Collected apart: as one plan, polars would cache the whole scan (every column) for the two ends.
    ends = [lf.head(EDGE_ROWS).collect(engine=engine), lf.tail(EDGE_ROWS).collect(engine=engine)]
    _EDGES[:] = [lf, pl.concat(ends).lazy()]
    return _EDGES[1]


# Notes of one table said on stderr before "… and N more" (RULES: every skipped row is listed on
# stderr, the first few, then a count).
NOTES_SHOWN = 8


def _note(table: Table, text: str) -> None:
    """Record what the reading did (said once however often the table is conformed)."""
    if text not in table.reading:
        table.reading.append(text)


def _warn(table: Table, text: str) -> None:
    """Record a warning of the reading, once however often the table is conformed (`annual` conforms the
    counties twice: for measure 1 and for its robustness)."""
    if text not in table.warnings:
        table.warnings.append(text)


def tell(table: Table) -> None:
    """Say on stderr what the reading of `table` did since it last said it: its notes (the first
    `NOTES_SHOWN`, then how many more) and every warning. Nothing when `table.echo` is off."""
    from jncli.errors import note, warn

    if not table.echo:
        return
    notes, warnings = table.reading[table.said[0] :], table.warnings[table.said[1] :]
    for line in notes[:NOTES_SHOWN]:
        note(f"{table.source}: {line}")
    if len(notes) > NOTES_SHOWN:
        note(f"{table.source}: … and {len(notes) - NOTES_SHOWN} more (`jncli cat --as KIND FILE` lists them all)")
    for line in warnings:
        warn(line)
    table.said[0], table.said[1] = len(table.reading), len(table.warnings)


def summary(table: Table, kind: str, rows: int | None) -> list[str]:
    """What `jncli cat --as KIND FILE` says of the reading of one file: every note, then one line with
    the header row(s), the rows read and how many notes there were."""
    header = next((n for n in table.reading if n.startswith("header: ")), f"header: row {table.header_row}")
    read = f"{rows} data row(s) read as {kind}" if rows is not None else f"not read as {kind}"
    rows_shown = ", ".join(map(str, sorted(table.skipped)[:12])) + (" …" if len(table.skipped) > 12 else "")
    what = f"{len(table.skipped)} row(s) not read as data: {rows_shown}" if table.skipped else "no row skipped"
    return [*(f"{table.source}: {n}" for n in table.reading), f"{table.source}: {header}; {read}; {what}"]
