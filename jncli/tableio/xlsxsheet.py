"""A report.xlsx sheet written with less of xlsxwriter's per-cell overhead, byte for byte as xlsxwriter writes it.

jncli writes workbooks in xlsxwriter's constant_memory mode (inline strings: the bytes jncli's tests and `verify`
know). For the xlsxwriter versions whose inner workings were read (`KNOWN`, 3.3), `quicken` changes three things
on a sheet just added, each on that sheet alone (instance attributes; xlsxwriter's classes are not touched):

- its rows are kept in a `StringIO` while the workbook is written, not in xlsxwriter's temporary file: xlsxwriter
  writes each sheet's rows as XML text into a temporary file opened for reading and writing and reads them back
  when it assembles the sheet, and every write of a read/write text file resets its decoder (two Python calls;
  report.xlsx: ~9,000 writes, ~6 ms of a yearly run). The `StringIO` holds the same text; the temporary file,
  created and left empty, is removed by xlsxwriter as before. Only up to `ROWS_IN_MEMORY_CELLS` cells (the mode
  is there to bound memory: a bigger sheet keeps its file).
- text cells skip xlsxwriter's `_escape_control_characters` when there is nothing to escape: two regex
  substitutions (`_xHHHH_` escaped again, control characters as `_xHHHH_`) and two replacements (U+FFFE,
  U+FFFF) that change nothing in a text holding none of them (~3,500 cells, ~2.5 ms). One search for any of them
  decides; a text with one, or a value that is not text, goes through xlsxwriter's own function.
- cells are written through xlsxwriter's undecorated writers (`_write_string` …: its own "undecorated version"
  of each): jncli addresses cells by (row, column) numbers, and the decorator only reads "A1" addresses
  (~7,400 cells, ~1.5 ms).

`tests/test_writer.py` compares the workbooks' bytes with and without, and the escapes on generated text.
"""

from __future__ import annotations

import io
import re

KNOWN = ("3.3.",)
ROWS_IN_MEMORY_CELLS = 200_000  # ~20 MB of XML text at most
_ESCAPED = re.compile(r"_x[0-9a-fA-F]{4}_|[\x00-\x08\x0b-\x1f\ufffe\uffff]")


def known(xlsxwriter) -> bool:
    """Whether `quicken` may be used with this xlsxwriter."""
    return str(getattr(xlsxwriter, "__version__", "")).startswith(KNOWN)


def quicken(ws, cells: int) -> None:
    """xlsxwriter's sheet `ws`, just added, to hold `cells` cells: see the module docstring."""
    ws._escape_control_characters = escape_controls  # this sheet's, before xlsxwriter's static method
    ws.write_string, ws.write_number = ws._write_string, ws._write_number
    ws.write_boolean, ws.write_datetime = ws._write_boolean, ws._write_datetime
    if cells <= ROWS_IN_MEMORY_CELLS:
        rows_in_memory(ws)


def escape_controls(data):
    """xlsxwriter's `XMLwriter._escape_control_characters`, which returns a text without what it escapes as it is."""
    if isinstance(data, str) and not _ESCAPED.search(data):
        return data
    from xlsxwriter.xmlwriter import XMLwriter

    return XMLwriter._escape_control_characters(data)


def rows_in_memory(ws) -> None:
    """The sheet `ws`, just added, writes its rows into a `StringIO` (when they would go to its fresh row file)."""
    fh = getattr(ws, "row_data_fh", None)
    if fh is None or getattr(ws, "fh", None) is not fh or getattr(ws, "row_data_fh_closed", True) or fh.tell():
        return  # not the freshly opened row file of constant_memory mode: left as it is
    fh.close()
    ws.row_data_fh = ws.fh = io.StringIO()
