"""Values no statistic can hold, and ids that Excel turned into numbers. May import polars, `jncli.values`,
`jncli.schema`, `jncli.bureau`, `jncli.errors`, `jncli.settings` and `table`.

- **Negative money** (RULES.md §0, rev 3): a retail, revenue or fiscal value below 0 is a data error
  naming the file, row and column.
- **Units never guessed silently** (RULES.md "The yearly run"): a money column whose unit nobody named
  (not in its header, not in a unit row, not by `--unit`) with a value above the schema's bound for it
  (`Column.high`) looks like 元: a warning in the commands, a data error in `annual`. A column whose unit was
  named is read in it, but a value above the bound is still a warning, and above `bureau.LABELLED_STOP_FACTOR`
  times the bound a data error in `annual` (a 元 figure under a template's 万元 header).
- **Ids stored as numbers**: Excel keeps 15 significant digits of a number, so an 18-digit credit code
  typed as a number has lost its last digits (913708001234499968), and `001234567` typed as a number
  is 1234567. A number in an id column that cannot be an exact id (16 digits or more, decimals, or
  the `9.13708E+17` Excel writes into CSV) is a data error; an id column mixing zero-padded text and
  numbers is a warning (the same shop twice, once with its zeros and once without).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl

from jncli import bureau
from jncli import schema as schemas
from jncli.errors import DataError, row_ref
from jncli.settings import InputOptions
from jncli.tableio.table import Table, _note, _warn, edges, engine
from jncli.values import EXCEL_EPOCH, WIDE_CONTEXT
from jncli.values import text as text_rule

EXCEL_NUMBER_TEXT = r"^[+-]?\d(\.\d+)?[eE]\+?\d+$"  # how Excel writes a long number into CSV: 9.13708E+17
ZERO_PADDED = r"^0\d+$"
# Tables whose money is not a statistic: a negative value is their rule's to refuse, in its own words
# (a county's rate per hire: "a rate cannot be negative", jncli.rules.hires); the bound still applies.
SIGN_BY_RULE = frozenset({"county_rates"})


def money_values(
    out: pl.LazyFrame,
    table: Table,
    schema: schemas.Schema,
    mapped: dict[str, tuple[str, float]],
    unit_given: set[str],
    opts: InputOptions,
    raw: tuple[pl.LazyFrame, dict[str, tuple[str, pl.Expr, pl.DataFrame | None]]] | None = None,
    ends: pl.DataFrame | None = None,
) -> None:
    """Negative money, and money above its bound in a column whose unit nobody named.

    `raw`: the frame `out` was converted from, row for row, and the money columns built from it with an
    expression non-decreasing in the raw value (header, expression, and the raw column's min and max as
    columns lo and hi if the checking pass found them): their min and max are the raw column's,
    converted, which is the same as over the converted column and cheaper (no cast of every value).
    `ends`: the same rows as `out` in memory with some of its columns (a compact form, `spill`): the min
    and max of those are taken there."""
    if schema.name == "ledger":
        return  # jncli's own output: its checks are check-validity's (bad_amount)
    # the columns with a plausibility bound: the statistics (retail, revenue, fiscal figures) and a county's
    # rate per hire; an award of jncli's own tables is its rule's to check
    money = [c for c in schema.columns if c.type == "money" and c.name in mapped and c.high is not None]
    if not money:
        return
    bounded = [c for c in money if c.name not in unit_given]
    source, by_raw = raw if raw is not None else (None, {})
    stats: dict[str, object] = {}
    direct = [c.name for c in money if c.name not in by_raw]
    if direct:
        held = ends is not None and all(n in ends.columns for n in direct)
        stats |= (
            (ends.lazy() if held else out)
            .select(
                *[pl.col(n).min().alias(f"lo:{n}") for n in direct],
                *[pl.col(n).max().alias(f"hi:{n}") for n in direct],
            )
            .collect(engine=engine(table))
            .row(0, named=True)
        )
    from_raw = [c.name for c in money if c.name in by_raw]
    unknown = [n for n in from_raw if by_raw[n][2] is None]  # not found by the checking pass already
    if unknown:
        found = source.select(
            *[pl.col(by_raw[n][0]).min().alias(f"lo:{n}") for n in unknown],
            *[pl.col(by_raw[n][0]).max().alias(f"hi:{n}") for n in unknown],
        ).collect()
        for n in unknown:
            by_raw[n] = (*by_raw[n][:2], found.select(pl.col(f"lo:{n}").alias("lo"), pl.col(f"hi:{n}").alias("hi")))
    for n in from_raw:  # the raw min and max, converted as each value of the column is
        header, expr, ends = by_raw[n]
        stats[f"lo:{n}"] = ends.select(pl.col("lo").alias(header)).select(expr).item()
        stats[f"hi:{n}"] = ends.select(pl.col("hi").alias(header)).select(expr).item()
    for c in money:
        if schema.name in SIGN_BY_RULE:
            continue
        low = stats[f"lo:{c.name}"]
        if low is not None and low < 0:
            row, value = _first(out, pl.col(c.name) < 0, c.name)
            raise DataError(
                f"{row_ref(table.source, row, f'{mapped[c.name][0]} ({c.name})')}: {_plain(value)} 万元 is below 0: "
                f"a retail, revenue or fiscal figure cannot be negative",
                hint="correct the value at the source (an empty cell or a not-applicable mark means no figure)",
            )
    _labelled_above_bounds(out, table, schema, mapped, [c for c in money if c.name in unit_given], stats, opts)
    for c in bounded:
        above = _above_bound(out, table, mapped, stats, c)
        if above is None:
            continue
        _, value, header, where = above
        # whole templates, each with its Chinese (`{message} ({hint})` split at the first ` (`, in the header)
        if opts.guessed_unit == "error":
            raise DataError(
                f"{where}: {_plain(value)} 万元 is above {c.high:,.0f} 万元, more than any {schema.name} row can "
                f"hold: the column's header names no unit, so it was read in 万元 — is it in 元?",
                hint=f"label the header with its unit, e.g. {header}(元) or {header}(万元)",
            )
        message = (
            f"{where}: {_plain(value)} 万元 is above {c.high:,.0f} 万元, more than any {schema.name} row can hold: "
            f"the column's header names no unit, so it was read in 万元 — is it in 元? (label the header with its "
            f"unit, e.g. {header}(元) or {header}(万元), or say it with --unit yuan|wan)"
        )
        _warn(table, message)


def _labelled_above_bounds(out, table: Table, schema: schemas.Schema, mapped, labelled, stats, opts) -> None:
    """A money column whose unit was named (header, unit row, --unit) holding a value above the column's bound: said
    as a warning; in `annual` (`guessed_unit` "error") a value above `LABELLED_STOP_FACTOR` times the bound stops
    the run — a 元 figure under a 万元 header, 10,000 times too large."""
    for c in labelled:
        above = _above_bound(out, table, mapped, stats, c)
        if above is None:
            continue
        high, value, _, where = above
        said = (
            f"{where}: {_plain(value)} 万元 is above {c.high:,.0f} 万元, more than any {schema.name} row can hold, "
            f"though the column's unit was named: is the figure in a smaller unit than the header names "
            f"(e.g. 元 under 万元)?"
        )
        stop = Decimal(repr(c.high)) * bureau.LABELLED_STOP_FACTOR
        if opts.guessed_unit == "error" and high > stop:
            raise DataError(said, hint="correct the header's unit, e.g. (元), or the figure, at the source")
        _warn(table, said)


def _above_bound(out: pl.LazyFrame, table: Table, mapped, stats, c) -> tuple[object, object, str, str] | None:
    """(the column's highest value, its first value above the bound, the header, where that value is), or None when
    no value of money column `c` is above its bound."""
    high = stats[f"hi:{c.name}"]
    if high is None or high <= Decimal(repr(c.high)):
        return None
    row, value = _first(out, pl.col(c.name) > Decimal(repr(c.high)), c.name)
    header = mapped[c.name][0]
    return high, value, header, row_ref(table.source, row, f"{header} ({c.name})")


def _first(out: pl.LazyFrame, where: pl.Expr, column: str) -> tuple[int, object]:
    return out.filter(where).select("_row", column).head(1).collect().row(0)


def excel_display_forms(lf: pl.LazyFrame, table: Table, conversions: list) -> None:
    """A warning per money column holding a value as Excel displays a long number (`1.23457E+11`): a CSV
    saved from a General-format cell keeps only the 6 digits shown. The value is read as written (it is
    what the file says, and an error would stop a run over a figure off by at most 0.0005 %); the
    analyst is told where, to export it again from a number-formatted column."""
    if not conversions:
        return
    found = lf.select(
        *[
            agg.alias(f"{k}{i}")
            for i, cv in enumerate(conversions)
            for k, agg in (
                ("n", cv.display_form.sum()),
                ("row", pl.col("_row").filter(cv.display_form).first()),
                ("raw", pl.col(cv.header).filter(cv.display_form).first()),
            )
        ]
    ).collect()
    for i, cv in enumerate(conversions):
        count, row, raw = found.item(0, f"n{i}"), found.item(0, f"row{i}"), found.item(0, f"raw{i}")
        if count:
            _warn(
                table,
                f"{row_ref(table.source, row, f'{cv.header} ({cv.canonical})')}: {raw.strip()!r} is how Excel "
                f"displays a number too long for its cell ({count} such value(s) in the column): a file saved from "
                f"such a cell keeps only the digits shown, and jncli reads what is written; format the column as "
                f"a number (e.g. 0.00) in Excel and save the file again",
            )


def _plain(value) -> str:
    d = Decimal(value).normalize(WIDE_CONTEXT)  # the default context's 28 digits would round 10³² − 0.01
    return f"{d:f}"


def ids(
    lf: pl.LazyFrame, table: Table, schema: schemas.Schema, mapped: dict[str, tuple[str, float]], *, fold: bool = False
) -> FoldedIds:
    """Ids Excel stored as numbers: an error when the number cannot be the exact id; the rows stored
    as numbers are kept on the table (`number_ids`) for the mixing warning.

    Every row is looked at for the `9.13708E+17` Excel writes into a CSV (not only a big table's edges:
    such a credit code in the middle of a records file would block nobody). `fold`: the caller's
    conversion pass reads every row anyway (a big CSV scanned lazily, whose every other pass would parse
    the text again): what that pass is to test comes back (`FoldedIds`). A lazily read Parquet whose caller
    reads every id in a pass of its own (`IdsLater`): tested here at its edges (as before: a file's first
    problem is told as before), on every row in that pass."""
    later = isinstance(table.ids_later, IdsLater) and not table.in_memory and not table.scanned
    folded = FoldedIds(lf, table, late=later)
    types = lf.collect_schema()
    for c in schema.columns:
        if c.type != "id" or c.name not in mapped:
            continue
        header = mapped[c.name][0]
        where = f"{header} ({c.name})"
        dtype = types[header]
        if dtype.is_float():  # JSON / Parquet: a float column of ids
            bad = lf.filter(
                pl.col(header).is_not_null()
                & ((pl.col(header).abs() >= 1e15) | (pl.col(header) != pl.col(header).round(0)))
            )
            hit = bad.select("_row", header).head(1).collect()
            if hit.height:
                raise _stored_as_number(table, hit.item(0, 0), where, repr(hit.item(0, 1)))
            table.number_ids[c.name] = _example(lf.filter(pl.col(header).is_not_null()), header)
            continue
        if isinstance(dtype, pl.Categorical | pl.Enum):  # another tool's Parquet: its categories as text, every row
            excel_number_ids(lf.with_columns(pl.col(header).cast(pl.String)), table, [(header, where)], engine(table))
            continue
        if dtype != pl.String:
            continue
        if fold or later:
            folded.columns.append((header, where))
            folded.canonical.append(c.name)
        if not fold and table.id_marks:  # (no mark byte below a text file's header: no cell holds a mark)
            excel_number_ids(edges(lf, engine(table)) if later else lf, table, [(header, where)], engine(table))
        rows = _number_rows(lf, table, header)
        if not rows:
            continue
        numbers = lf.filter(pl.col("_row").is_in(rows)).select("_row", header)
        inexact = numbers.filter(
            (pl.col(header).str.replace_all(r"^[+-]|\.0+$", "").str.len_chars() >= 16)
            | pl.col(header).str.contains(r"[.eE]")
        )
        hit = inexact.head(1).collect()
        if hit.height:
            raise _stored_as_number(table, hit.item(0, 0), where, hit.item(0, 1))
        table.number_ids[c.name] = _example(numbers, header)
    if later and folded.columns:
        table.ids_later.found.append(folded)
    return folded


@dataclass(eq=False, repr=False)
class FoldedIds:
    """The text id columns of `lf` a conversion pass tests for ids Excel wrote as numbers (`ids(fold=True)`)."""

    lf: pl.LazyFrame
    table: Table
    late: bool = False  # tested after the conversion (`IdsLater`)
    columns: list[tuple[str, str]] = field(default_factory=list)  # (header, where)
    canonical: list[str] = field(default_factory=list)  # their names once conformed

    @property
    def marks(self) -> list[pl.Expr]:
        """The pass's per-row tests, one per column (`excel_number_mark`)."""
        return [excel_number_mark(header) for header, _ in self.columns]

    def check(self, hit: list[int]) -> None:
        """The exact test of the columns whose mark some row had (indices into `columns`): an error naming
        the first row that is such a number."""
        excel_number_ids(self.lf, self.table, [self.columns[j] for j in hit], "streaming", self.late)


class IdsLater:
    """The id columns of lazily read Parquet tables that the caller's own pass over every row tests (track-shops'
    key check, which decodes every shop_id to hash it: a pass of the reader's own would decode them again,
    ~27 ms per million, and cost 3× the test). Given the tables before conform; after it, `rule_args` are
    what the rule's pass takes: `suspect`, true on a row to look at (`excel_number_mark` of each column, by
    its conformed name), and `look`, the exact test of every such table, run once (an error naming the row)."""

    def __init__(self, tables: list[Table] | None) -> None:
        self.found: list[FoldedIds] = []
        self.looked = False
        for t in tables or []:
            t.ids_later = self

    def rule_args(self) -> dict:
        columns = sorted({c for f in self.found for c in f.canonical})
        if not columns:
            return {}
        args = {"suspect": pl.any_horizontal([excel_number_mark(c) for c in columns]), "look": self.look}
        if columns == ["shop_id"]:  # the key check may test these marks in its own test of shop_id (one regex)
            args["suspect_marks"] = (*EXCEL_NUMBER_MARKS, *ID_FORM_MARKS)
        return args

    def look(self) -> None:
        if not self.looked:
            self.looked = True
            for f in self.found:
                f.check(list(range(len(f.columns))))


# A cell Excel wrote as a number holds one of these (9.13708E+17); the literal test is the cheap first look
# at every row (one pass finding either: ~12 ms per million ids), the exact form only at its hits.
EXCEL_NUMBER_MARKS = ("E+", "e+")
# An id written as Excel's text formula (`="9137…"`) or after an apostrophe (`'9137…`): read as the id inside
# (`convert.id_inside`), with a note; found by the same literal look at every row (`="`, `'`), exact at its hits.
ID_FORM_MARKS = ('="', "'")
ID_FORM_TEXT = r"^(?:=\".*\"|'.*)$"


def excel_number_mark(header: str) -> pl.Expr:
    """True where the id column `header` may hold a number as Excel writes it into CSV (the literal test)."""
    return pl.col(header).str.contains_any([*EXCEL_NUMBER_MARKS, *ID_FORM_MARKS])


def excel_number_ids(
    lf: pl.LazyFrame, table: Table, columns: list[tuple[str, str]], engine: str, late: bool = False
) -> None:
    """The first row, in each (header, where) of `columns`, whose id is a number as Excel writes it into a
    CSV saved from a number column (`9.13708E+17`): an error naming it. Ids written ="…" or '… (`ID_FORM_TEXT`):
    the column is noted and kept in `table.id_forms` (its conversion takes the id inside: `convert.unwrap_ids`);
    `late`: tested after the conversion (`IdsLater`), an error."""
    for header, where in columns:
        # the cells the literal test finds, collected before the exact form looks at them: as one query polars
        # would merge the two filters into one predicate and run the regex on every row (4× the literal test)
        marked = lf.filter(excel_number_mark(header)).select("_row", header).collect(engine=engine)
        if not marked.height:  # (most columns: nothing to look at)
            continue
        hit = marked.filter(pl.col(header).str.strip_chars().str.contains(EXCEL_NUMBER_TEXT)).head(1)
        if hit.height:
            raise _stored_as_number(table, hit.item(0, 0), where, hit.item(0, 1))
        forms = marked.filter(pl.col(header).str.strip_chars().str.contains(ID_FORM_TEXT))
        if forms.height and late:  # tested in the rule's own pass, after conversion: too late to take the id inside
            raise DataError(
                f"{row_ref(table.source, forms.item(0, 0), where)}: {_masked(forms.item(0, 1).strip())} is an id "
                f'written as ="…" or \'… in a table read lazily',
                hint="write the ids without the = and the quotes or the apostrophe (e.g. jncli cat --as KIND FILE -o "
                "FILE.parquet reads them so)",
            )
        if forms.height:
            table.id_forms.add(header)
            _note(
                table,
                f'column {where}: {forms.height} id(s) written as ="…" (an Excel text formula) or after an '
                f"apostrophe ('…) read as the id inside (first: row {forms.item(0, 0)}, "
                f"{_masked(forms.item(0, 1).strip())})",
            )


def _number_rows(lf: pl.LazyFrame, table: Table, header: str) -> list[int]:
    """Rows whose cell in `header` Excel stored as a number (XLSX only)."""
    if table.format != "xlsx":
        return []
    if header in table.number_columns:
        return lf.filter(pl.col(header).is_not_null()).select("_row").collect().to_series().to_list()
    if table.number_cells is None:
        return []
    digits = lf.select(pl.col(header).str.contains(r"^\s*[+-]?[\d.]+([eE][+-]?\d+)?\s*$").any()).collect().item()
    if not digits:
        return []
    col = table.excel_cols[table.columns.index(header)]  # its column in the sheet
    return table.number_cells([col]).get(col, [])


def _example(frame: pl.LazyFrame, header: str) -> tuple[int, str] | None:
    got = frame.select("_row", pl.col(header).cast(pl.String)).head(1).collect()
    return (got.item(0, 0), got.item(0, 1)) if got.height else None


def _masked(value: object) -> str:
    """An id as messages show it: the first 4 and last 4 characters (a 身份证号 is never shown whole)."""
    text = str(value)
    return text if len(text) <= 8 else text[:4] + "*" * (len(text) - 8) + text[-4:]


def _stored_as_number(table: Table, row: int, where: str, value: str) -> DataError:
    return DataError(
        f"{row_ref(table.source, row, where)}: {_masked(value)} is an id stored as a number in Excel: format the "
        "column as text",
        hint="Excel keeps 15 digits of a number, and drops leading zeros: type the ids again into a text column "
        "(or with a leading ')",
    )


def mixed_ids(tables: list[Table], frames: list[pl.LazyFrame], schema: schemas.Schema) -> None:
    """An id column holding numbers from Excel in one place and zero-padded text in another: warn (the
    same id may be there twice, once with its leading zeros and once without)."""
    for c in schema.columns:
        numbered = [(t, t.number_ids[c.name]) for t in tables if t.number_ids.get(c.name)]
        if c.type != "id" or not numbered:
            continue
        for t, frame in zip(tables, frames):
            if c.name not in frame.collect_schema().names():
                continue
            # (stripped as the reader's text rule does: a column its rule normalises itself comes as read)
            padded = frame.select("_row", text_rule(pl.col(c.name)).alias(c.name)).filter(
                pl.col(c.name).str.contains(ZERO_PADDED)
            )
            hit = padded.head(1).collect()
            if hit.height:  # a number never has leading zeros: this is text
                nt, (nrow, nvalue) = numbered[0]
                warning = (
                    f"column {c.name} mixes zero-padded text ({_masked(hit.item(0, 1))}, "
                    f"{row_ref(t.source, hit.item(0, 0))}) and numbers from Excel ({_masked(nvalue)}, "
                    f"{row_ref(nt.source, nrow)}): a number has lost its leading "
                    f"zeros, so one id may be counted as two; format the column as text"
                )
                if warning not in nt.warnings:
                    nt.warnings.append(warning)
                return


# Number cells of an XLSX date or month column (a General-format cell: a date cell is read as the date it
# shows) read as written only in the forms the docs list: 20230501 in a date column, 202305 or 20230501 in
# a month column (`values.parse_date_expr`, `parse_month_expr`). Two forms were read as a date nobody wrote:
MONTH_AS_NUMBER = r"^\d{4}\.\d{1,2}$"  # 2023.10 typed into a number cell is stored as 2023.1: January?
SERIAL_AS_NUMBER = r"^\d{5}$"  # an Excel serial day: 20235 (2023-5 mistyped) would be 1955-05-26


def number_dates(lf: pl.LazyFrame, table: Table, schema: schemas.Schema, mapped: dict[str, tuple[str, float]]) -> None:
    """The first number cell of an XLSX date or month column that is a month typed as a number (2023.1) or
    a 5-digit number (an Excel serial day in a General-format cell): an error naming its row and column.
    Other numbers that are no date are named by the conversion, as in a CSV."""
    if table.format != "xlsx":
        return
    for c in schema.columns:
        if c.type not in ("date", "month") or c.name not in mapped:
            continue
        header = mapped[c.name][0]
        if lf.collect_schema()[header] != pl.String:
            continue
        text = pl.col(header).str.strip_chars()
        forms = [SERIAL_AS_NUMBER, MONTH_AS_NUMBER] if c.type == "month" else [SERIAL_AS_NUMBER]
        # the cells of those forms first (few or none): which of them are number cells needs the sheet's XML
        suspects = lf.filter(pl.any_horizontal([text.str.contains(f) for f in forms])).select("_row", text).collect()
        if not suspects.height:
            continue
        rows = _number_rows(lf, table, header)
        hit = suspects.filter(pl.col("_row").is_in(rows)).head(1)
        if not hit.height:
            continue
        row, value = hit.row(0)
        where = row_ref(table.source, row, f"{header} ({c.name})")
        if re.match(MONTH_AS_NUMBER, value):
            raise DataError(
                f"{where}: {value} is a month typed as a number: Excel stores 2023.10 as 2023.1, so it may be "
                f"January or October",
                hint="write the months as text (2023-10) or as dates; typing them into a column formatted as text "
                "keeps them as typed",
            )
        serial = f"{EXCEL_EPOCH + dt.timedelta(days=int(value)):%Y-%m-%d}"
        raise DataError(
            f"{where}: {value} is a plain number, not a date or a month (as an Excel serial day it would be {serial})",
            hint="format the column as a date in Excel, or write the date as text (2023-05-01) or as 20230501",
        )


# A month cell written as text `2023.1` (spaces around it, full-width digits alike) is how Excel and WPS write
# the number 2023.10 into a CSV (a sheet keeping months as numbers: the shortest form of the number), so it
# may be January or October. A number is never written `2023.10`: a column that holds such a month as text
# is text, and its `2023.1` is January. `2023.2` … `2023.9`, `2023.01` … `2023.12` are one month either way.
TEXT_MONTH_ONE = r"^\s*[0-9０-９]{4}[.．][1１]\s*$"
TEXT_MONTH_TEN = r"^\s*[0-9０-９]{4}[.．][1１][0０]\s*$"


def text_months(lf: pl.LazyFrame, table: Table, schema: schemas.Schema, mapped: dict[str, tuple[str, float]]) -> None:
    """The first text cell of a month column written `2023.1` in a column that holds no month written
    `2023.10`: an error naming its row and column (RULES.md is silent; docs/policy-reading.md). Any format:
    a CSV, the text cells of a sheet (its number cells are `number_dates`'), JSON or Parquet text."""
    types = lf.collect_schema()
    for c in schema.columns:
        if c.type != "month" or c.name not in mapped:
            continue
        header = mapped[c.name][0]
        if types[header] != pl.String:
            continue
        src = pl.col(header)
        one = src.str.contains(TEXT_MONTH_ONE)
        found = lf.select(
            pl.col("_row").filter(one).first().alias("row"),
            src.filter(one).first().alias("value"),
            src.str.contains(TEXT_MONTH_TEN).any().alias("ten"),
        ).collect(engine=engine(table))
        row, value, ten = found.row(0)
        if row is None or ten:
            continue
        value = value.strip()
        where = row_ref(table.source, row, f"{header} ({c.name})")
        raise DataError(
            f"{where}: {value} may be January or October: Excel and WPS write the number 2023.10 as 2023.1 "
            f"when they save a CSV",
            hint="write the months as 2023-01 or 2023-10 (or 202301, 202310); a column that also holds a month "
            "written 2023.10 is read as text, its 2023.1 as January",
        )


def unknown_headers(name: str, schema_name: str, headers: list[str], present: set[str], opts) -> list[str]:
    """`unknown.check`'s warnings (errors under --strict and in `annual`) for the headers that name no column.
    It finds nothing in no header, so `tableio.unknown` is imported only for a table that has such headers
    (most have none: ~1 ms of a 28-row score-counties)."""
    if not headers:
        return []
    from jncli.tableio import unknown

    error = opts.strict or opts.unknown_headers == "error"
    return unknown.check(name, schema_name, headers, present, error, unit_only=opts.strict)


def number_types(lf: pl.LazyFrame, table: Table, schema: schemas.Schema, mapped: dict[str, tuple[str, float]]) -> None:
    """A column of yes/no values, dates, lists or categories where numbers belong (another tool's Parquet
    or JSON): one error naming the file, the column and its first value. polars would read true as 1 (a
    year 1, a count of 1) or stop with its own cast error naming no row."""
    types = lf.collect_schema()
    for c in schema.columns:
        if c.type not in ("int", "number", "money") or c.name not in mapped:
            continue
        header = mapped[c.name][0]
        dtype = types[header]
        if dtype == pl.String or dtype == pl.Null or dtype.is_numeric():
            continue
        first = lf.filter(pl.col(header).is_not_null()).select("_row", pl.col(header)).head(1).collect()
        where, hint = f"{header} ({c.name})", "write the column as numbers (or as text) in the tool that made the file"
        if not first.height:
            raise DataError(f"{table.source}, column {where}: a column of {dtype} where numbers belong", hint=hint)
        value = first.item(0, 1)
        value = (
            value.to_list() if isinstance(value, pl.Series) else str(value).lower() if value in (True, False) else value
        )
        raise DataError(
            f"{row_ref(table.source, first.item(0, 0), where)}: {str(value)!r} is not a number (a column of {dtype} "
            "where numbers belong)",
            hint=hint,
        )
