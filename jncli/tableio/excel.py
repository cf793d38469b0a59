"""XLSX input through fastexcel: the sheet (`--sheet`, hidden sheets), repeated headers, numbers as Excel
shows them. May import polars, `jncli.errors`, `jncli.settings` and `table`; fastexcel only when a
workbook is read.

Which sheet: `--sheet NAME|N`, else the one visible sheet that holds a table. Hidden sheets are never
read unless `--sheet` names them (a hidden draft must not move money), and a workbook with more than
one visible sheet holding a table needs `--sheet` (the error lists the sheets, and which are hidden).

Number cells become text with Excel's 15 significant digits, so that from then on they take the
same path as CSV text (exact for money); dates and booleans stay typed. The table can read its sheet
again with the header on a later row (`Table.reload`, when a title sits above it: the types then come
from the data rows only) and say which cells of a column Excel stored as numbers (`Table.number_cells`,
read from the sheet's XML: an id stored as a number has lost its leading zeros, or its digits past
the 15th).
"""

from __future__ import annotations

import dataclasses
import os
import re
from functools import partial

import polars as pl

from jncli.errors import DataError
from jncli.settings import InputOptions
from jncli.tableio import notelines
from jncli.tableio.table import Table, _dedupe, _first_line, _warn, refuse_reserved

# Rows of each sheet looked at to tell a sheet holding a table (two rows of two or more cells) from a
# cover or notes sheet, and its visibility.
SHEET_PROBE_ROWS = 50


def _from_xlsx(name: str, path: str | None, data: bytes | None, opts: InputOptions) -> Table:
    import logging

    import fastexcel

    # fastexcel logs "could not determine dtype … falling back to string" for empty columns through
    # Python logging, whose last-resort handler would print it: text is what we want anyway.
    logging.getLogger("fastexcel").setLevel(logging.ERROR)
    # calamine's warning for a chart sheet ("'chartsheet' not a valid worksheet") says nothing to the analyst:
    # such a sheet holds no table, which jncli says itself when it matters
    logging.getLogger("calamine").setLevel(logging.ERROR)

    try:
        dated = _with_east_asian_dates(path if path else data)
        if dated is None and path and os.path.splitext(path)[1] not in _XLSX_EXTENSIONS:
            # calamine picks its reader by a path's extension: an .xlsx saved as `x.xls` would be read as an old
            # binary workbook and fail; its bytes, which the sniffing found to be a zip workbook, decide instead
            with open(path, "rb") as f:
                data = f.read()
        reader = fastexcel.read_excel(dated if dated is not None else data if data is not None else path)
        sheets = reader.sheet_names
    except Exception as e:
        if "Zip error" in str(e):  # calamine's words for a zip archive it cannot open
            raise DataError(
                f"{name} is not a complete XLSX workbook: its zip archive is broken",
                hint="was the download or copy cut short? export or copy it again",
            ) from None
        raise DataError(f"cannot read {name} as XLSX: {_first_line(e)}") from None
    target, notes, alike = _choose_sheet(name, reader, sheets, opts)
    sheet = sheets[target] if sheets else target  # by name: an error reading it names it
    table = _load(name, reader, sheet, None)
    source = path if path else data

    def reload(header_row: int) -> Table:
        return _load(name, reader, sheet, header_row - 1)

    def number_cells(columns: list[int]) -> dict[int, list[int]]:
        return _number_cells(source, target, columns)

    def percent_cells(columns: list[int]) -> dict[int, list[int]]:
        return _number_cells(source, target, columns, percent=True)

    facts: list = []

    def sheet_facts():
        from jncli.tableio.sheetfacts import _sheet_facts

        if not facts:  # read once however often the table is conformed
            facts.append(_sheet_facts(source, target, sheets[target]))
        return facts[0]

    table.reload = reload
    table.number_cells = number_cells
    table.percent_cells = percent_cells
    table.year_cells = partial(_styled_cells, source, target, sheets)
    table.sheet_facts = sheet_facts
    table.reading.extend(notes)
    table.sheet = sheet if sheets else None
    table.hidden_alike = alike
    if alike:
        _warn(
            table,
            f"{name}: hidden sheet(s) {', '.join(alike)} hold a table with the same header as sheet {sheet!r}, the one "
            f"read, and are not read (a sheet per county or per year? unhide them and put every row in one sheet, or "
            f"choose the sheet with --sheet)",
        )
    return table


# The extensions (as written: calamine compares them case-sensitively) under which calamine reads a path as a zip
# workbook; under any other (.xls, .et, .xltx …) the workbook is given to it as bytes.
_XLSX_EXTENSIONS = (".xlsx", ".xlsm", ".xlam")


# Excel's built-in East-Asian number formats (ids 27–36 and 50–58; zh-CN 31 is yyyy年m月d日, 57 yyyy年m月, 58
# m月d日) that fastexcel does not know as dates or times: a date cell so formatted would be read as its serial
# day (44605). The workbook is read with each one defined as the format it stands for, when a style uses it.
_EAST_ASIAN_FORMATS = {
    **dict.fromkeys((27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58), "yyyy-mm-dd"),
    **dict.fromkeys((32, 33, 34, 35, 55, 56), "h:mm:ss"),
}
# patterns, compiled (by `re`'s own cache) when a workbook's styles are read, not at every run's import (issue 18)
_XF_FORMAT = rb'<(?:\w+:)?xf\b[^>]*?\bnumFmtId="(\d+)"'
_NUMFMT_ID = rb'<(?:\w+:)?numFmt\b[^>]*?\bnumFmtId="(\d+)"'
_STYLE_SHEET = rb"<(?:(\w+):)?styleSheet\b[^>]*>"
_STYLES = "xl/styles.xml"


def _with_east_asian_dates(source) -> bytes | None:
    """The workbook with the East-Asian built-in date and time formats its styles use defined (None: it uses
    none, or it cannot be read as a zip archive: read as it is)."""
    import io
    import zipfile

    try:
        zf = zipfile.ZipFile(source if isinstance(source, str) else io.BytesIO(source))
        styles = zf.read(_STYLES)
    except (KeyError, OSError, zipfile.BadZipFile):
        return None
    own = {int(m) for m in re.findall(_NUMFMT_ID, styles)}
    used = sorted({int(m) for m in re.findall(_XF_FORMAT, styles)} & _EAST_ASIAN_FORMATS.keys() - own)
    if not used:
        return None
    root = re.search(_STYLE_SHEET, styles)
    if root is None:
        return None
    p = root.group(1) + b":" if root.group(1) else b""  # the namespace prefix of its elements, if any
    code = b'<%snumFmt numFmtId="%d" formatCode="%s"/>'
    defined = b"".join(code % (p, i, _EAST_ASIAN_FORMATS[i].encode()) for i in used)
    block = re.compile(rb"<" + re.escape(p) + rb"numFmts\b[^>]*?(/?)>")
    if m := block.search(styles):
        inner = defined + b"</" + p + b"numFmts>" if m.group(1) else defined
        styles = styles[: m.start()] + b"<" + p + b"numFmts>" + inner + styles[m.end() :]
    else:  # numFmts comes first in the styleSheet
        styles = (
            styles[: root.end()] + b"<" + p + b"numFmts>" + defined + b"</" + p + b"numFmts>" + styles[root.end() :]
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zo:
        for item in zf.infolist():
            zo.writestr(item.filename, styles if item.filename == _STYLES else zf.read(item))
    return out.getvalue()


def _choose_sheet(name: str, reader, sheets: list[str], opts: InputOptions) -> tuple[int, list[str], list[str]]:
    """The sheet to read (its index), notes saying which it is (and why a hidden one was read), and the hidden
    sheets whose header is the one read (a sheet per county, the others hidden: parts or versions of one table)."""
    if opts.sheet:
        target = _named_sheet(name, sheets, opts.sheet)
        visible, _, _ = _probe(reader, target)
        shown = sheets[target]
        if not visible:
            return target, [f"sheet {shown!r} is hidden; read because --sheet names it"], []
        if len(sheets) == 1:
            return target, [], []
        return target, [f"sheet {shown!r} read (#{target + 1} of {len(sheets)} sheets; chosen by {opts.sheet!r})"], []
    probes = [(i, *_probe(reader, i)) for i in range(len(sheets))]
    tables = [i for i, visible, has_table, _ in probes if visible and has_table]
    if len(tables) == 1:
        chosen = sheets[tables[0]]
        listed = [f"{n} (hidden)" if not visible else n for n, (_, visible, _, _) in zip(sheets, probes)]
        if len(sheets) == 1:
            return tables[0], [], []
        header = probes[tables[0]][3]
        alike = [sheets[i] for i, visible, has_table, head in probes if not visible and has_table and head == header]
        read = f"sheet {chosen!r} read: the only visible sheet holding a table (sheets: {', '.join(listed)})"
        return tables[0], [read], alike
    hidden = [sheets[i] for i, visible, _, _ in probes if not visible]
    hidden_text = f"; hidden, never read unless --sheet names them: {', '.join(hidden)}" if hidden else ""
    if len(tables) > 1:
        raise DataError(
            f"{name} has {len(tables)} visible sheets holding a table: "
            f"{', '.join(sheets[i] for i in tables)}{hidden_text}",
            hint="say which one with --sheet NAME (or its number)",
        )
    hidden_tables = [sheets[i] for i, visible, has_table, _ in probes if not visible and has_table]
    if hidden_tables:
        raise DataError(
            f"{name}: no visible sheet holds a table; hidden sheet(s) do: {', '.join(hidden_tables)}",
            hint="a hidden sheet is read only when --sheet names it",
        )
    visible = [i for i, v, _, _ in probes if v]
    return (visible[0] if visible else 0), [], []  # an empty workbook: the reading says what is missing


# `--sheet '#2'` (inputs.toml `sheet = 2`): the second sheet, whatever the sheets are named; `2`: the same unless a
# sheet is named 2 (compiled by `re`'s own cache when a sheet is chosen)
_POSITION = r"#?([0-9]+)"


def _named_sheet(name: str, sheets: list[str], value: str) -> int:
    """The index of the sheet `value` chooses: `#N`, the N-th sheet; a sheet's exact name, that sheet; digits naming
    no sheet, the sheet at that position. Digits that name one sheet and are the position of another stop, naming
    both (a sheet per year named 2023 …: which one is meant cannot be told)."""
    listing = ", ".join(f"#{i} {s}" for i, s in enumerate(sheets, start=1))
    number = re.fullmatch(_POSITION, value)
    if value in sheets and not (number and value.startswith("#")):
        named = sheets.index(value)
        if number and 1 <= int(value) <= len(sheets) and int(value) - 1 != named:
            other = sheets[int(value) - 1]
            raise DataError(
                f"{name}: the sheet chosen, {value!r}, could mean the sheet named {value!r} (#{named + 1}) or the "
                f"sheet at position {value} (#{value}, {other!r})",
                hint=f"give the sheet by its position, --sheet '#{named + 1}' for {value!r} or --sheet '#{value}' "
                f"for {other!r} (in inputs.toml sheet = {named + 1} or sheet = {value}, a number without quotes)",
            )
        return named
    if number:
        if not 1 <= int(number.group(1)) <= len(sheets):
            raise DataError(f"{name} has {len(sheets)} sheet(s); there is no sheet {value}", hint=f"sheets: {listing}")
        return int(number.group(1)) - 1
    raise DataError(f"{name} has no sheet named {value!r}", hint=f"sheets: {listing}")


def _probe(reader, target: int | str) -> tuple[bool, bool, tuple[str, ...]]:
    """(visible?, holds a table?, its first row of two or more cells) of one sheet, from its first rows."""
    try:
        sheet = reader.load_sheet(target, header_row=None, n_rows=SHEET_PROBE_ROWS, dtypes="string")
        visible = sheet.visible == "visible"
        frame = sheet.to_polars()
    except Exception:
        return True, False, ()
    if not frame.width:
        return visible, False, ()
    cells = [pl.col(c).str.strip_chars() for c in frame.columns]
    first = pl.coalesce([pl.when(c.str.len_chars() > 0).then(c) for c in cells])
    # a row of a form (a cover sheet's 填报单位 | 济宁市…, 联系人 | 张三) is no row of a table
    table_rows = frame.select(
        (pl.sum_horizontal([(c.str.len_chars() > 0).fill_null(False) for c in cells]) >= 2)
        & ~first.str.contains(notelines.NOTE).fill_null(False)
    ).to_series()
    rows = table_rows.arg_true()
    header = tuple(v.strip() for v in frame.row(rows[0]) if v and v.strip()) if len(rows) else ()
    return visible, len(rows) >= 2, header


# Rows read as text with the header when it is the first filled row: the empty rows above it, when fewer, come
# in the same load.
_RAW_ROWS = 8


def _load(name: str, reader, target: int | str, header_index: int | None) -> Table:
    """The sheet with its header on row `header_index` (0-based: Excel's row 1 is 0; None: the first filled
    row), the rows above it not read.

    Rows are numbered as Excel numbers them, also in a sheet whose first rows are empty (the title in row 2):
    the reader starts there at the first filled row when it is given no header row, but counts its
    `header_row` and `skip_rows` from row 1 (a `header_row` above the first filled row is that row). The
    empty rows above are the difference of the two heights the first read gives (no other read of the
    sheet).

    Columns are Excel's too (`Table.excel_cols`): the reader starts at the first column holding a value from
    the row it starts at down, so a sheet read again from a later header may lose columns at its left (a title
    in column A over a table from column B); the header cells are matched to the columns by their column in
    the sheet, never by position."""
    try:
        # Types from every row, not the first 1000 (else a later `1,234`, `-` or `A0012` in a number
        # column is emptied): a column holding text anywhere comes as text. Cells of spaces are empty.
        sheet = reader.load_sheet(
            target, header_row=header_index or 0, schema_sample_rows=None, whitespace_as_null=True
        )
        df = sheet.to_polars()
        cols = [c.absolute_index for c in sheet.selected_columns]  # each column's column in the sheet
        # fastexcel renames a repeated header `a` to `a_1`, which could be a real name: name the copies
        # as the CSV reader does (`a_duplicated_0`), so that conform can tell a repeated header
        if header_index is None:  # the header on the first filled row: the rows above it counted
            head = reader.load_sheet(target, header_row=None, skip_rows=0, n_rows=_RAW_ROWS, dtypes="string")
            header_index = max(head.total_height - sheet.total_height - 1, 0)  # the empty rows above
            raw = head.to_polars().slice(header_index, 1)
            if header_index >= _RAW_ROWS:
                head = reader.load_sheet(target, header_row=None, skip_rows=header_index, n_rows=1, dtypes="string")
                raw = head.to_polars()
        else:
            head = reader.load_sheet(target, header_row=None, skip_rows=header_index, n_rows=1, dtypes="string")
            raw = head.to_polars()
        cells: list[str | None] = [None] * df.width
        if raw.height:  # the header row's cells, by their column in the sheet
            by_col = dict(zip((c.absolute_index for c in head.selected_columns), raw.row(0)))
            cells = [v if (v := by_col.get(c)) is not None and v.strip() else None for c in cols]
            df.columns = _dedupe([v if v is not None else c for v, c in zip(cells, df.columns)])
    except Exception as e:
        raise DataError(f"cannot read sheet {target!r} of {name}: {_first_line(e)}") from None
    if not df.columns:
        raise DataError(f"{name}: the sheet is empty: expected a header row")
    columns = df.columns
    refuse_reserved(name, columns)
    # Numbers as text, as Excel shows them (15 significant digits: 0.3, not 0.30000000000000004; 123,
    # not 123.0): from here on the same path as CSV text, exact for money. Dates and booleans stay typed.
    numbers = [c for c, t in df.schema.items() if t.is_numeric()]
    df = df.with_row_index("_row", offset=header_index + 2).with_columns(
        *[_excel_number_text(pl.col(c)).alias(c) for c in numbers], pl.col("_row").cast(pl.Int64)
    )
    df = df.filter(~pl.all_horizontal([pl.col(c).is_null() for c in columns]))  # empty rows, as in CSV
    lf = df.lazy().with_columns(_source=pl.lit(name))
    return Table(
        lf,
        name,
        "xlsx",
        None,
        columns,
        header_row=header_index + 1,
        header_cells=cells,
        number_columns=set(numbers),
        excel_cols=cols,
    )


def _excel_number_text(col: pl.Expr) -> pl.Expr:
    """A number cell as Excel shows it: 15 significant digits, a whole number without `.0`."""
    r = col.cast(pl.Float64).round_sig_figs(15)
    whole = (r == r.round(0)) & (r.abs() < 9e18)
    return pl.when(whole).then(r.cast(pl.Int64).cast(pl.String)).otherwise(r.cast(pl.String))


def _excel_text_number(src: pl.Expr) -> pl.Expr:
    """In a column of text and numbers fastexcel writes a number cell with 9 decimals, binary noise
    shown (9443751234.56 → `9443751234.559999466`): back to Excel's 15 significant digits."""
    noisy = src.str.contains(r"^-?\d+\.\d{9}$") & (src.str.replace_all(r"^[-0.]+|\.", "").str.len_chars() > 15)
    return pl.when(noisy).then(_excel_number_text(src.cast(pl.Float64, strict=False))).otherwise(src)


# ------------------------------------------------------------------------------------------ cell types
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _col_index(ref: str) -> tuple[int, int]:
    """`AB12` → (column 27, row 12), 0-based column."""
    letters = ""
    for ch in ref:
        if ch.isalpha():
            letters += ch
        else:
            break
    col = 0
    for ch in letters.upper():
        col = col * 26 + (ord(ch) - 64)
    return col - 1, int(ref[len(letters) :])


def _sheet_part(source, sheet_index: int):
    """The zip archive of the workbook and the name of the XML part of its sheet `sheet_index`."""
    import io
    import posixpath
    import xml.etree.ElementTree as ET
    import zipfile

    zf = zipfile.ZipFile(source if isinstance(source, str) else io.BytesIO(source))
    book = ET.fromstring(zf.read("xl/workbook.xml"))
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    rid = book.find(f"{_NS}sheets")[sheet_index].get(f"{_REL_NS}id")
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return zf, target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _styled_cells(source, target, sheets, columns: list[int]) -> dict[int, list[int]]:
    """`Table.year_cells`: the rows of the number (date) cells shown as a year alone, per sheet column."""
    index = target if isinstance(target, int) else sheets.index(target)
    return _number_cells(source, index, columns, year=True)


def _number_cells(
    source, sheet_index: int, columns: list[int], percent: bool = False, year: bool = False
) -> dict[int, list[int]]:
    """Rows (as Excel numbers them, as the reader does) of the cells stored as numbers, per sheet column (0-based: A
    is 0, as `Table.excel_cols`): read from
    the sheet's XML, which fastexcel does not tell (in a column of text and numbers a number becomes
    text that looks like any other). `percent`: only those shown as a percentage (a % number format: 0.0531
    shows 5.31%), none when the workbook has no such format (its sheet is then not read). `year`: only those whose
    number format shows the year alone (`yyyy`, `yyyy"年"`: a date cell that shows 2023)."""
    import io
    import posixpath
    import xml.etree.ElementTree as ET
    import zipfile

    out: dict[int, list[int]] = {c: [] for c in columns}
    try:
        zf = zipfile.ZipFile(source if isinstance(source, str) else io.BytesIO(source))
        book = ET.fromstring(zf.read("xl/workbook.xml"))
        rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        rid = book.find(f"{_NS}sheets")[sheet_index].get(f"{_REL_NS}id")
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        styles = _percent_styles(zf) if percent else _year_styles(zf) if year else None
        if styles is not None and not styles:
            return out
        numbers: list[tuple[int, int]] = []
        with zf.open(part) as f:
            for _, el in ET.iterparse(f):
                if el.tag != f"{_NS}c":
                    continue
                # as the reader reads it: a string cell holding "" is filled, an empty number cell is not
                v, inline = el.find(f"{_NS}v"), el.find(f"{_NS}is")
                typed = el.get("t") in ("str", "inlineStr") and (v is not None or inline is not None)
                has_value = typed or (v is not None and bool(v.text)) or (inline is not None and el.get("t") != "str")
                if has_value:
                    col, row = _col_index(el.get("r", "A1"))
                    if el.get("t") in (None, "n") and (styles is None or el.get("s", "0") in styles):
                        numbers.append((col, row))
                el.clear()
    except (KeyError, StopIteration, IndexError, ValueError, zipfile.BadZipFile, ET.ParseError):
        return out
    for col, row in numbers:
        if col in out:
            out[col].append(row)  # rows as Excel numbers them, as the reader's rows are
    return out


def _percent_styles(zf) -> set[str]:
    """The cell style indices (`s`) of a workbook whose number format shows a percentage: the built-in 0% and
    0.00% (ids 9 and 10), or a format of its own with a % outside quotes."""
    import xml.etree.ElementTree as ET

    try:
        styles = ET.fromstring(zf.read("xl/styles.xml"))
    except KeyError:
        return set()
    percent = {"9", "10"}
    for fmt in styles.iter(f"{_NS}numFmt"):
        if "%" in re.sub(r'"[^"]*"|\\.', "", fmt.get("formatCode", "")):
            percent.add(fmt.get("numFmtId"))
    xfs = styles.find(f"{_NS}cellXfs")
    return {str(i) for i, xf in enumerate(xfs if xfs is not None else []) if xf.get("numFmtId", "0") in percent}


def _year_styles(zf) -> set[str]:
    """The cell style indices (`s`) whose number format shows a date's year alone: `yyyy`, `yyyy"年"`, `yyyy年`,
    `[$-804]yyyy` (its date parts, outside quotes, escapes and brackets, are y's only)."""
    import xml.etree.ElementTree as ET

    try:
        styles = ET.fromstring(zf.read("xl/styles.xml"))
    except KeyError:
        return set()
    year = set()
    for fmt in styles.iter(f"{_NS}numFmt"):
        parts = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", fmt.get("formatCode", "")).lower()
        if re.fullmatch(r"[^ymdhse0#?@%]*y{2,4}[^ymdhse0#?@%]*", parts):
            year.add(fmt.get("numFmtId"))
    xfs = styles.find(f"{_NS}cellXfs")
    return {str(i) for i, xf in enumerate(xfs if xfs is not None else []) if xf.get("numFmtId", "0") in year}


def shown_as_year(lf: pl.LazyFrame, table: Table, header: str, dtype: pl.DataType) -> tuple[pl.LazyFrame, pl.DataType]:
    """A year column's date cells whose number format shows the year alone (`yyyy`: 2023-01-01 shows 2023), as
    Excel shows them: the year (review 27 F3). Other date cells stay dates, as text, and the year's conversion
    names them (a column of dates alone too: never 'a column of Datetime where numbers belong')."""
    if table.format != "xlsx" or table.year_cells is None or not (dtype == pl.String or dtype.is_temporal()):
        return lf, dtype
    col = table.excel_cols[table.columns.index(header)]
    rows = table.year_cells([col]).get(col) or []
    if not rows and not dtype.is_temporal():
        return lf, dtype
    here = pl.col("_row").is_in(rows)
    if dtype.is_temporal():
        year = pl.col(header).dt.year().cast(pl.String)
        as_text = pl.col(header).cast(pl.String)
    else:  # a column of numbers and dates: the date cell as the reader wrote it, 2023-01-01 00:00:00
        year = pl.col(header).str.extract(r"^(\d{4})-\d{2}-\d{2}(?:[ T][\d:.]+)?$", 1)
        as_text = pl.col(header)
    return lf.with_columns(pl.when(here & year.is_not_null()).then(year).otherwise(as_text).alias(header)), pl.String


def shown_as_percent(lf: pl.LazyFrame, table: Table, headers: list[str]) -> pl.LazyFrame:
    """The number cells of `headers` (stated growth rates, in %) that the sheet shows as a percentage, as
    Excel shows them: 0.0531 formatted 0.00% is 5.31%, as typed; read as 0.0531 it was 0.0531 %."""
    if table.format != "xlsx" or table.percent_cells is None or not headers:
        return lf
    cols = {h: table.excel_cols[table.columns.index(h)] for h in headers}
    found = table.percent_cells(list(cols.values()))
    for h in headers:
        rows = found.get(cols[h])
        if rows:
            shown = _excel_number_text(pl.col(h).cast(pl.Float64, strict=False) * 100) + "%"
            lf = lf.with_columns(pl.when(pl.col("_row").is_in(rows)).then(shown).otherwise(pl.col(h)).alias(h))
    return lf


def with_header(table: Table, header_row: int) -> Table:
    """The XLSX table read again with its header on `header_row` (spreadsheet numbering)."""
    again = table.reload(header_row)
    return dataclasses.replace(
        table,
        # the rows named as the table is (a caller may have renamed it: `annual` names a file by its name in
        # DATA_DIR or --prior, and compares `_source` with that name), not as the workbook was opened
        frame=again.frame.with_columns(_source=pl.lit(table.source)),
        columns=again.columns,
        header_row=again.header_row,
        header_cells=again.header_cells,
        number_columns=again.number_columns,
        excel_cols=again.excel_cols,
    )


def sheet_names(path: str) -> list[str]:
    """The names of a workbook's sheets, in order ([] when it cannot be read as one)."""
    import fastexcel

    try:
        if os.path.splitext(path)[1] not in _XLSX_EXTENSIONS:  # by its bytes, as `_from_xlsx` reads it
            with open(path, "rb") as f:
                return list(fastexcel.read_excel(f.read()).sheet_names)
        return list(fastexcel.read_excel(path).sheet_names)
    except Exception:  # not a workbook: the caller reads it as what it is
        return []
