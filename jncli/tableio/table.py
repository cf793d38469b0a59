"""The table as read (`Table`) and what every reader shares: the bookkeeping columns, stdin's name,
how much to sniff, stacking raw tables, names of repeated headers. May import polars and `jncli.settings` only.

A `Table`'s frame holds the values exactly as stored, plus the bookkeeping columns `_source` (file
name) and `_row` (row number as a spreadsheet shows it: the header is row 1). The other tableio
modules build on this one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from jncli.settings import InputOptions

SNIFF = 1 << 16  # bytes read to tell the format and the encoding
STDIN = "<stdin>"
# Bookkeeping columns the reader adds (file name, spreadsheet row number); the writer never outputs them.
INTERNAL_COLUMNS = ("_source", "_row")


@dataclass
class Table:
    """A table as read: `frame` is lazy; `_row` numbers rows as a spreadsheet or line count shows them."""

    frame: pl.LazyFrame
    source: str
    format: str
    encoding: str | None = None
    columns: list[str] = field(default_factory=list)  # headers as read, without internal columns
    # False for a file polars scans lazily (Parquet, Arrow): conform then never materialises it.
    in_memory: bool = True
    # How this one file is read when it differs from the command's options (annual's DATA/inputs.toml):
    # conform takes its unit and allow_empty from here.
    options: InputOptions | None = None


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


def _dedupe(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in header:
        n = seen.get(h, 0)
        out.append(h if n == 0 else f"{h}_duplicated_{n - 1}")
        seen[h] = n + 1
    return out
