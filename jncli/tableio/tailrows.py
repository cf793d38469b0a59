"""The last rows of a big CSV read from the end of the file (issue 18): polars parses the whole file to
take the `tail` of a CSV scan (~0.5 s on 10 M rows); a file without any quote character has one record per
line, so its last records are its last lines, found by reading backwards from its end. May import polars.

Only the cells come back, not the row numbers (those would need every line break counted): `marks.find`
asks whether any of the last rows is a total or a note, and reads them from the scan as before when one may be.
"""

from __future__ import annotations

import os

import polars as pl

_FIRST_READ = 1 << 18  # bytes read from the end first (2,000 rows of a shop registry: ~110 KB)
_MOST = 1 << 26  # lines longer than this on average: not looked for (the scan's tail is taken instead)


def last_lines(path: str, n: int, header_bytes: int) -> list[bytes] | None:
    """The last `n` lines of the file (without their line break; a final line without one counts), or None
    when they cannot be told from the end alone: fewer than `n` full lines after `header_bytes` (the header
    and the title lines above it) within the bytes looked at, a blank line among them (polars reads a blank
    line as a record of missing cells), a CR that does not end its line (not one record per line for certain)
    or a quote character (a quoted field may span lines)."""
    size = os.path.getsize(path)
    want = _FIRST_READ
    with open(path, "rb") as f:
        while True:
            start = max(size - want, header_bytes)
            f.seek(start)
            data = f.read(size - start)
            lines = data.split(b"\n")
            if lines and lines[-1] == b"":  # the final line break ends the last line: no line after it
                lines.pop()
            # the first piece may be the end of a longer line, unless the bytes start right after the header
            full = lines if start == header_bytes else lines[1:]
            if len(full) >= n:
                break
            if start == header_bytes or want >= _MOST:
                return None
            want *= 4
    tail = full[-n:]
    for line in tail:
        text = line[:-1] if line.endswith(b"\r") else line
        if not text or b"\r" in text or b'"' in text:
            return None
    return tail


def last_rows(path: str, n: int, header_bytes: int, sep: str, columns: list[str]) -> pl.DataFrame | None:
    """The cells of the last `n` records as polars reads them in a scan of the whole file (every column as
    text, empty cells missing), `columns` their names; None when the lines cannot be told apart from the end
    (`last_lines`) or polars does not read them as `n` records of `len(columns)` fields."""
    tail = last_lines(path, n, header_bytes)
    if tail is None:
        return None
    try:
        rows = pl.read_csv(
            b"\n".join(tail) + b"\n", has_header=False, new_columns=columns, separator=sep, infer_schema=False
        )
    except pl.exceptions.PolarsError:  # a long row, a byte that is not UTF-8: the scan names it
        return None
    return rows if rows.height == n and rows.width == len(columns) else None
