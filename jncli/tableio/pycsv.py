"""What Python's csv module reads in a text table: the exact structure check that names the line of a
short or long row, CR-only files (old Excel for Mac), which polars cannot split, and jncli's own formula
escaping undone (a leading `'`). May import polars, `jncli.errors`, `table` and `notelines`.

A line with fewer fields than the header is a structure error, except in the trailing block that a note
line opens (its first field 注：, 数据来源：…, `notelines.NOTE`): a note typed without the commas Excel pads
it with. Such a line is read as its padded form is (the missing fields empty) and the first of them is kept
(`Table.narrow`): conform refuses it with the structure error unless the note reading (`marks`) skips it.
"""

from __future__ import annotations

import csv
import io
import re

import polars as pl

from jncli.errors import DataError
from jncli.tableio.notelines import note
from jncli.tableio.table import Table, _dedupe, refuse_reserved


def _cells_of(columns: list[str]) -> list[str | None]:
    """The header cells as written, from polars' names for them: an empty cell is named "" and then
    `_duplicated_0`, `_duplicated_1` …; a repeated `a` is `a_duplicated_0` …"""
    names = set(columns)
    cells: list[str | None] = []
    for c in columns:
        base, mark, n = c.rpartition("_duplicated_")
        if mark and n.isdigit() and base in names:
            c = base
        cells.append(c if c.strip() else None)
    return cells


def _unescape(col: pl.Expr) -> pl.Expr:
    """Undo the OWASP `'` prefix jncli's writer puts before = + - @ tab CR LF, so pipes round-trip.

    The writer also prefixes text that already starts with quotes before such a character
    (`'=x` → `''=x`), so exactly one quote comes off whenever quotes precede a trigger.
    """
    return pl.when(col.str.contains(_ESCAPED)).then(col.str.slice(1)).otherwise(col)


_ESCAPED = r"^'+[=+\-@\t\r\n]"


def _unescape_header(name: str) -> str:
    return name[1:] if re.match(_ESCAPED, name) else name


def _first_structure_problem(text: str, sep: str, width: int, skip: int = 0) -> str | None:
    return _structure(text, sep, width, skip)[0]


def _structure(text: str, sep: str, width: int, skip: int = 0) -> tuple[str | None, tuple[int, str] | None]:
    """The first structure problem (None: none), and the first line narrower than the header that the
    trailing note block holds: (its row as polars numbers it, the problem it would be), or None."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    narrow, noted, row = None, False, skip + 1  # rows as polars numbers them: one per record, blank ones too
    try:
        _header(reader, skip)
        for record in reader:
            row += 1
            if not record:  # blank line
                continue
            noted = noted or bool(note().match(record[0]))
            if len(record) != width:
                problem = _width_problem(reader.line_num, len(record), width)
                if len(record) > width or not noted:
                    return problem, None
                narrow = narrow or (row, problem)
    except csv.Error as e:
        return f"line {reader.line_num}: {e}", None
    return None, narrow


def _width_problem(line: int, fields: int, width: int) -> str:
    return f"line {line} has {fields} field{'s' if fields != 1 else ''}, the header has {width}"


def _header(reader, skip: int = 0) -> list[str] | None:
    """The first non-blank record after the first `skip` lines (blank lines and a title line above
    the header are skipped)."""
    for record in reader:
        if record and reader.line_num > skip:
            return record
    return None


_LINE_BREAK = re.compile(r"\r\n?|\n")


def _header_and_row(reader, skip: int) -> tuple[list[str] | None, int]:
    """`_header`, and the line it starts on: the header's row as polars numbers an LF file's (the lines
    above it, then one row for the header however many lines a cell holding a line break gives it)."""
    for record in reader:
        if record and reader.line_num > skip:
            return record, reader.line_num - sum(len(_LINE_BREAK.findall(cell)) for cell in record)
    return None, reader.line_num


def _structure_error(name: str, text: str, sep: str, skip: int = 0) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    header = _header(reader, skip) or []
    problem = (
        _stray_quote(text, sep)  # before the widths: Python's csv reads on past a quote polars stops at
        or _first_structure_problem(text, sep, len(header), skip)
        or _lone_carriage_return(text, sep, len(header))
    )
    raise DataError(f"{name}: {problem or _UNREAD}")


_UNREAD = "a row has more fields than the header"


def _lone_carriage_return(text: str, sep: str, width: int) -> str | None:
    """A CR alone inside a line of a LF file: Python's csv module ends the line there, polars does not
    (one long row): name the line as polars read it."""
    if '"' in text:
        return None
    for number, line in enumerate(text.split("\n"), start=1):
        inner = line.rstrip("\r")
        if "\r" in inner and inner.count(sep) + 1 > width:
            fields = inner.count(sep) + 1
            return (
                f"line {number} holds a lone carriage return (CR) inside it and reads as one row of "
                f"{fields} fields, the header has {width}"
            )
    return None


def _stray_quote(text: str, sep: str) -> str | None:
    """A `"` inside a field that does not start with one (`兖州"区`): polars cannot read the file (a field
    holding a quote is quoted, its quotes doubled: `"兖州""区"`), Python's csv would take it as a letter.
    Only lines holding a quote are walked, and those a quoted field runs on into."""
    quoted, opened, begun = False, (0, ""), 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not quoted and '"' not in line:
            continue
        start, i = True, 0  # at the start of a field
        while i < len(line):
            ch = line[i]
            if quoted:
                if ch == '"' and line[i + 1 : i + 2] == '"':
                    i += 1  # a doubled quote inside a quoted field
                elif ch == '"':
                    quoted = False
                    after = line[i + 1 : i + 2]
                    if after not in (sep, "\r", ""):  # polars cannot read text after a closing quote
                        rest = line[i + 1 :].split(sep, 1)[0].rstrip("\r")
                        if opened[0] == number:
                            field, whole = line[begun : i + 1], line[begun:i] + rest.replace('"', '""') + '"'
                        else:  # the field began on an earlier line
                            field, whole = "…" + line[: i + 1], '"…' + line[:i] + rest.replace('"', '""') + '"'
                        return (
                            f"line {number}: the quoted field {field!r} has {rest!r} after its closing quote; write "
                            f"the whole field inside the quotes ({whole}) or remove the quotes"
                        )
            elif ch == '"' and start:
                quoted, opened, begun = True, (number, line[i : i + 20]), i
            elif ch == '"':
                field = line[line.rfind(sep, 0, i) + 1 :].split(sep, 1)[0].rstrip("\r")
                quoted_field = '"' + field.replace('"', '""') + '"'
                return (
                    f'line {number}: {field!r} holds a quote (") but does not start with one; write the field '
                    f"as {quoted_field} (in quotes, its quote doubled) or remove the quote"
                )
            start = ch == sep and not quoted
            i += 1
    if quoted:  # the last quoted field never closed: polars reads to the end of the file for its end
        return f"line {opened[0]}: the quoted field {opened[1]!r}… is never closed (a quote is missing)"
    return None


def _csv_by_python(
    name: str, text: str, sep: str, fmt: str, encoding: str, *, skip: int = 0, above: list | None = None
) -> Table:
    """CR-only line ends (old Excel for Mac): polars cannot split them; Python's csv module can.
    `skip`: the blank and title lines above the header (`above` the titles), as the other paths skip them."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=sep)
    header, header_row = _header_and_row(reader, skip)
    if not header:
        raise DataError(f"{name} has no header row")
    rows, numbers, narrow, noted = [], [], None, False
    # rows numbered as polars numbers an LF file's: one per record (a blank line too), so a cell holding a
    # line break does not shift the rows below it (the structure error names the line, as for LF files)
    for number, record in enumerate(reader, start=header_row + 1):
        if not record or all(v == "" for v in record):
            continue
        noted = noted or bool(note().match(record[0]))
        if len(record) != len(header):
            problem = f"{name}: line {reader.line_num} has {len(record)} fields, the header has {len(header)}"
            if len(record) > len(header) or not noted:
                raise DataError(problem)
            narrow = narrow or (number, problem)  # in the trailing note block: read as its padded form
            record = record + [""] * (len(header) - len(record))
        rows.append(record)
        numbers.append(number)
    names = _dedupe([_unescape_header(h) for h in header])
    refuse_reserved(name, names)
    df = pl.DataFrame({n: [r[i] for r in rows] for i, n in enumerate(names)}, schema={n: pl.String for n in names})
    df = df.with_columns(pl.Series("_row", numbers, dtype=pl.Int64))
    df = df.with_columns([_unescape(pl.col(c)) for c in names])
    lf = df.lazy().with_columns(_source=pl.lit(name))
    return Table(
        lf,
        name,
        fmt,
        encoding,
        names,
        header_row=header_row,
        header_cells=_cells_of(names),
        above=above or [],
        narrow=narrow,
    )
