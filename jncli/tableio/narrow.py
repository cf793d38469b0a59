"""Lines short of fields in the trailing note block of a CSV (docs/formats.md, "Notes under the data"),
proven by polars on the lines of a file without quotes: the fast twin of `pycsv._structure`, for the
in-memory read (`text._narrow_lines`) and the big-CSV line pass (`text._line_pass`). May import polars,
`notelines` and `pycsv`.
"""

from __future__ import annotations

import mmap
import os
import re

import polars as pl

from jncli.tableio.notelines import NOTE, note
from jncli.tableio.pycsv import _width_problem


def _quoted(raw, skip: int) -> bool:
    """A quote character below the header (or no header line at all)? On the bytes, or a map of the file."""
    if isinstance(raw, bytes):
        return _quote_below_header(raw, skip)
    with open(raw, "rb") as f:
        if not os.fstat(f.fileno()).st_size:
            return True
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _quote_below_header(data, skip)


def _quote_below_header(data, skip: int) -> bool:
    start = 0
    for _ in range(skip + 1):  # the lines above the header, and the header
        start = data.find(b"\n", start) + 1
        if not start:
            return True
    return data.find(b'"', start) != -1


def _note_block(lines: pl.LazyFrame, sep: str, width: int, skip: int) -> tuple[int, str] | None:
    """A second pass, for a file some line of which has not the header's width: (row, structure error) of
    the first short line when every short line lies at or below the first note line (`pycsv._structure`,
    here on lines without quotes, one record each), no line is longer and none holds a CR inside it (where
    Python's csv module would end the line); else None (not proven). The first short line is read again
    to tell whether it is a note; only when it is not, the lines above it are searched for one."""
    line = pl.col("line")
    fields = line.str.count_matches(sep, literal=True) + 1
    short = (fields < width) & (line.str.len_bytes() - line.str.ends_with("\r").cast(pl.UInt32) > 0)
    found = (  # (not `short.arg_max()`: polars 2.1's streaming engine gives the last true of a frame in memory)
        lines.with_row_index("index")
        .select(bad=((fields > width) | line.str.contains("\r.")).any(), first=pl.col("index").filter(short).min())
        .collect(engine="streaming")
        .row(0, named=True)
    )
    if found["bad"] or found["first"] is None:
        return None
    text = lines.slice(found["first"], 1).collect(engine="streaming").item().removesuffix("\r")
    if not note().match(text.split(sep, 1)[0]):
        above = lines.head(found["first"]).select(line.str.contains(_note_line(sep)).any())
        if not above.collect(engine="streaming").item():
            return None
    row = skip + 2 + found["first"]  # the header is line skip + 1; each line one record, as polars numbers them
    return row, _width_problem(row, text.count(sep) + 1, width)


def _note_line(sep: str) -> str:
    """`notelines.NOTE` on a whole line: the note word in its first field (never across a separator),
    then one of ：:.、, the separator or the line's end."""
    pattern = NOTE.replace(r"\s", rf"[^\S{sep}]") if sep.isspace() else NOTE
    assert pattern.endswith("|$)")
    return pattern[: -len("|$)")] + rf"|{_regex_literal(sep)}|\r?$)"


def _regex_literal(sep: str) -> str:
    """`sep` in a polars (Rust) regex, which refuses escapes of characters that are not special."""
    return re.escape(sep) if sep in r".^$*+?()[]{}|\\" else sep
