"""XLSX sheet facts: what Excel shows that the values fastexcel reads do not tell (hidden rows and columns,
merged ranges, formulas never computed, error values), read from the sheet's XML once and applied to the
data rows a command reads (`data_facts`, from conform). May import polars, `jncli.errors` and `table`, and
`excel` (the sheet's part and cell references).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection

import polars as pl

from jncli.errors import DataError
from jncli.tableio.excel import _col_index, _sheet_part
from jncli.tableio.table import Table, _note, _warn, engine

# ------------------------------------------------------------------------------------------ sheet facts
# What Excel shows that the values fastexcel reads do not tell: rows and columns hidden, merged ranges (only
# the top-left cell holds the value Excel shows across the range), formulas never computed (a file written by
# a program and never saved in Excel holds the formula, no value) and error values (#N/A, #REF! …); fastexcel
# reads these last two as empty cells. The sheet's XML is read once, as a stream of pieces of whole rows; each
# fact's pattern runs only on a piece holding its mark (a clean sheet costs the unzipping and a few searches
# for the marks, no parse).
_FORMULA = rb"(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)"  # `<` inside a formula is written &lt;
_NO_VALUE = re.compile(rb"<c\b([^>]*)>" + _FORMULA + rb"(?:</c>|<v\s*/>|<v></v>)")
# a workbook that asks to be computed when opened (a program wrote it: Excel drops the flag when it saves) may
# hold a placeholder where a formula's value goes: xlsxwriter writes the number 0 (for =IF(…,"是","") too)
_ZERO_VALUE = re.compile(rb"<c\b([^>]*)>" + _FORMULA + rb"<v>0</v>")
_CALC_ON_LOAD = re.compile(rb'<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad="(?:1|true)"')
_ERROR = re.compile(rb'<c\b([^>]*\bt="e"[^>]*)>' + _FORMULA + rb"?<v>([^<]*)</v>")
_HIDDEN_ROW = re.compile(rb'<row\b([^>]*\bhidden="(?:1|true)"[^>]*)>')
_HIDDEN_COL = re.compile(rb'<col\b([^>]*\bhidden="(?:1|true)"[^>]*)>')
_MERGED = re.compile(rb'<mergeCell\b[^>]*\bref="([A-Z]+\d+)(?::([A-Z]+\d+))?"')
# a row's first cell holding a value (empty cells, with a style or an uncomputed formula, are not read either),
# by the reader's rule: a string cell holding the empty string (a formula returning "", as Excel saves it:
# <c t="str"><f>…</f><v></v></c>) is read, a filled cell
_EMPTY_CELL = (
    rb"(?:<c\b[^>]*/>|<c\b[^>]*>" + _FORMULA + rb"?</c>"
    rb'|<c\b(?![^>]*\bt="(?:str|inlineStr)")[^>]*>' + _FORMULA + rb"?(?:<v\s*/>|<v></v>|<is\s*/>)</c>)"
)
_FIRST_CELL = re.compile(rb"<row\b[^>]*>" + _EMPTY_CELL + rb"*+(?!" + _EMPTY_CELL + rb')<c\b[^>]*?\br="([A-Z]+)(\d+)"')
_ATTR_R = re.compile(rb'\br="([A-Z]*)(\d+)"')
_ATTR_T = re.compile(rb'\bt="([^"]*)"')
_ATTR_MIN_MAX = (re.compile(rb'\bmin="(\d+)"'), re.compile(rb'\bmax="(\d+)"'))
_CHUNK = 1 << 20
_PREFIX = re.compile(rb"<(\w+):worksheet\b")


@dataclasses.dataclass
class SheetFacts:
    """What a sheet's XML says that its values do not, in Excel's coordinates (`first_row`, `first_col`: the
    first row and column holding a value; the reader's first column is `first_col`, its rows are Excel's)."""

    sheet: str
    first_row: int = 1
    first_col: int = 0
    hidden_rows: list[int] = dataclasses.field(default_factory=list)
    hidden_cols: set[int] = dataclasses.field(default_factory=set)
    merged: list[tuple[int, int, int, int]] = dataclasses.field(default_factory=list)  # col, row, last col, last row
    cells: list[tuple[int, int, str | None]] = dataclasses.field(
        default_factory=list
    )  # col, row, error (None: uncomputed)


def _segments(zf, part: str):
    """The sheet's XML as a stream of pieces that end after a row, and what follows the last row (where the
    merged ranges are): (piece, last?). A sheet whose elements carry a namespace prefix (<x:row>, <x:c>: the
    OpenXML SDK writes them) comes without it."""
    with zf.open(part) as f:
        rest = b""
        prefix = None
        while chunk := f.read(_CHUNK):
            buf = rest + chunk if rest else chunk
            if prefix is None:
                m = _PREFIX.search(buf)
                prefix = m.group(1) if m else b""
            if prefix:
                buf = buf.replace(b"<" + prefix + b":", b"<").replace(b"</" + prefix + b":", b"</")
            cut = buf.rfind(b"</row>")
            if cut < 0:
                rest = buf
                continue
            yield buf[: cut + 6], False
            rest = buf[cut + 6 :]
        yield rest, True


def _cell_ref(attrs: bytes) -> tuple[int, int] | None:
    r = _ATTR_R.search(attrs)
    return _col_index((r.group(1) + r.group(2)).decode()) if r and r.group(1) else None


def _sheet_facts(source, sheet_index: int, sheet: str) -> SheetFacts | None:
    """The facts of one sheet (None when it has none, or its XML cannot be read: the values were read)."""
    import xml.etree.ElementTree as ET
    import zipfile

    facts = SheetFacts(sheet)
    first_row = first_col = None
    formulas = False
    try:
        zf, part = _sheet_part(source, sheet_index)
        on_load = _CALC_ON_LOAD.search(zf.read("xl/workbook.xml")) is not None
        for piece, last in _segments(zf, part):
            if first_row is None:  # the first row holding a value (rows come in order), and its first column
                first_row, first_col = _first_cell(piece, None, None)
            if b'hidden="' in piece:
                for m in _HIDDEN_ROW.finditer(piece):
                    r = _ATTR_R.search(m.group(1))
                    if r:
                        facts.hidden_rows.append(int(r.group(2)))
                for m in _HIDDEN_COL.finditer(piece):
                    lo, hi = (int(a.search(m.group(1)).group(1)) for a in _ATTR_MIN_MAX)
                    facts.hidden_cols.update(range(lo - 1, hi))
            if b't="e"' in piece:
                for m in _ERROR.finditer(piece):
                    if ref := _cell_ref(m.group(1)):
                        facts.cells.append((*ref, m.group(2).decode()))
            formulas = formulas or b"</f>" in piece  # a shared formula's master cell comes before the others
            if formulas and on_load:  # a cached 0 is a placeholder, not a value
                for m in _ZERO_VALUE.finditer(piece):
                    t = _ATTR_T.search(m.group(1))
                    if (t is None or t.group(1) == b"n") and (ref := _cell_ref(m.group(1))):
                        facts.cells.append((*ref, None))
            if formulas:
                for m in _NO_VALUE.finditer(piece):
                    t = _ATTR_T.search(m.group(1))
                    # a formula whose cached value is the empty string: <c t="str"><f>…</f><v></v></c>
                    if t and t.group(1) in (b"str", b"inlineStr") and not m.group(0).endswith(b"</c>"):
                        continue
                    if ref := _cell_ref(m.group(1)):
                        facts.cells.append((*ref, None))
            if last:
                for m in _MERGED.finditer(piece):
                    top = _col_index(m.group(1).decode())
                    end = _col_index(m.group(2).decode()) if m.group(2) else top
                    facts.merged.append((top[0], top[1], end[0], end[1]))
        if not (facts.hidden_rows or facts.hidden_cols or facts.merged or facts.cells) or first_row is None:
            return None
        if first_col:  # the first row does not start in column A: another may (read again, only then)
            for piece, _ in _segments(zf, part):
                first_row, first_col = _first_cell(piece, first_row, first_col)
    except (KeyError, StopIteration, IndexError, ValueError, AttributeError, zipfile.BadZipFile, ET.ParseError):
        return None
    facts.first_row, facts.first_col = first_row, first_col
    return facts


def _first_cell(piece: bytes, first_row: int | None, first_col: int | None) -> tuple[int | None, int | None]:
    """The first row and the first column holding a value, given those of the pieces before (None: none yet)."""
    for m in _FIRST_CELL.finditer(piece):
        col, row = _col_index((m.group(1) + m.group(2)).decode())
        first_row = row if first_row is None else min(first_row, row)
        first_col = col if first_col is None else min(first_col, col)
        if first_col == 0:
            break
    return first_row, first_col


def _letters(col: int) -> str:
    """0-based column → Excel's letters (27 → AB)."""
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


# Rows and cells a fact of the sheet lists in its message before "…".
FACTS_SHOWN = 12


def _shown(items: list[str]) -> str:
    return ", ".join(items[:FACTS_SHOWN]) + (" …" if len(items) > FACTS_SHOWN else "")


def data_facts(lf: pl.LazyFrame, table: Table, used: Collection[str]) -> pl.LazyFrame:
    """The data rows of an XLSX table (`lf`: header settled, notes and totals left out) with what Excel shows
    in them: a formula never computed or an error value in a column read (`used`) is refused naming its cell;
    a range merged down one column is filled from its top cell, as Excel shows it (a note); a range merged
    over several rows and columns of a column read is refused; hidden rows and hidden columns read are
    warned. Cells outside the data (titles, headers, notes after the table) are left as they are."""
    facts = table.sheet_facts() if table.sheet_facts is not None else None
    if facts is None:
        return lf
    name, sheet, columns = table.source, facts.sheet, table.columns
    data = set(lf.select("_row").collect(engine=engine(table)).to_series().to_list())

    def header(c: int) -> str | None:
        p = c - facts.first_col
        return columns[p] if 0 <= p < len(columns) else None

    bad = sorted((r, c, v) for c, r, v in facts.cells if r in data and header(c) in used)
    if bad:
        r, c, v = bad[0]
        h = header(c)
        cells = [f"{_letters(c)}{r}" for r, c, _ in bad[1:]]  # as Excel names the cells
        more = f" (and {len(bad) - 1} more such cell(s): {_shown(cells)})"
        more = more if len(bad) > 1 else ""
        if v is None:
            raise DataError(
                f"{name} row {r}, column {h} (sheet {sheet}): the formula has no computed value "
                f"(the file was written by a program and never saved in Excel){more}",
                hint="open the workbook in Excel and save it: Excel then computes the formulas and stores their values",
            )
        raise DataError(
            f"{name} row {r}, column {h} (sheet {sheet}): the cell holds the error value {v} "
            f"(not a value jncli can read){more}",
            hint="correct the cell (or the formula behind it) in Excel and save the workbook again",
        )
    fills: list[tuple[str, int, list[int], str]] = []  # header, top row, rows below filled with its value, range
    for c1, r1, c2, r2 in sorted(facts.merged):  # by column, then row
        below = [r for r in range(r1 + 1, r2 + 1) if r in data]
        if r1 not in data or r1 == r2 or not below:
            continue  # header cells (the layout reads them), a row merged across (title, note), notes after the data
        ref = f"{_letters(c1)}{r1}:{_letters(c2)}{r2}"  # the range as Excel names it"
        if c1 != c2:
            if any(header(c) in used for c in range(c1, c2 + 1)):
                raise DataError(
                    f"{name} (sheet {sheet}): the cells {ref} are merged over several rows and columns inside "
                    "the data: jncli cannot tell which column the value belongs to",
                    hint="unmerge the cells in Excel and write each row's value into its own cell",
                )
            continue
        if header(c1) is not None:
            fills.append((header(c1), r1, below, ref))
    if fills:
        lf = _fill_down(lf, fills)
        refs = [ref for _, _, _, ref in fills]
        _note(table, f"merged cells filled down: {_shown(refs)} ({len(refs)} range(s))")
    hidden = [r for r in sorted(set(facts.hidden_rows)) if r in data]
    if hidden:
        _warn(
            table, f"{name}: {len(hidden)} row(s) hidden in Excel are read as data: {_shown([str(r) for r in hidden])}"
        )
    hidden_cols = [h for c in sorted(facts.hidden_cols) if (h := header(c)) in used]
    if hidden_cols:
        _warn(table, f"{name}: column(s) hidden in Excel are read: {', '.join(hidden_cols)}")
    return lf


def _fill_down(lf: pl.LazyFrame, fills: list[tuple[str, int, list[int], str]]) -> pl.LazyFrame:
    """Each (header, top row, rows below) filled with the value of its top row."""
    for h in dict.fromkeys(h for h, *_ in fills):
        spans = [(top, r) for g, top, below, _ in fills if g == h for r in below]
        cover = pl.LazyFrame(
            {"_row": [r for _, r in spans], "_top": [t for t, _ in spans]}, schema={"_row": pl.Int64, "_top": pl.Int64}
        )
        value = cover.join(lf.select(pl.col("_row").alias("_top"), pl.col(h).alias("_fill")), on="_top", how="left")
        lf = (
            lf.join(value.select("_row", "_fill", _cover=pl.lit(True)), on="_row", how="left", maintain_order="left")
            .with_columns(pl.when(pl.col("_cover")).then(pl.col("_fill")).otherwise(pl.col(h)).alias(h))
            .drop("_fill", "_cover")
        )
    return lf
