"""The table for people (`--format table`, the default on a terminal), drawn by rich. May import
polars, `jncli.errors`, `jncli.settings` and `cells`; rich only when a table is drawn.

Colours and the terminal's width when stdout is a terminal; plain ASCII at natural width into a
file or pipe.
"""

from __future__ import annotations

from typing import BinaryIO

import polars as pl

from jncli.errors import warn
from jncli.settings import OutputOptions
from jncli.tableio.cells import _display_text, _is_number
from jncli.tableio.headers import chinese_headers, column_headers

TABLE_MAX_ROWS = 1000  # a terminal table beyond this is unreadable anyway; CSV has them all


def _write_rich(frame: pl.DataFrame, out: BinaryIO, opts: OutputOptions, tty: bool) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    shown = frame.head(TABLE_MAX_ROWS)
    if frame.height > TABLE_MAX_ROWS:
        warn(
            f"showing the first {TABLE_MAX_ROWS} of {frame.height} rows, {frame.height - TABLE_MAX_ROWS} left out; "
            "use --format csv (or -o FILE) for all of them"
        )
    from rich.cells import cell_len

    table = Table(box=box.SIMPLE_HEAD if tty else box.ASCII2, header_style="bold cyan" if tty else None)
    text = _display_text(shown)
    names = column_headers(frame) if chinese_headers(opts, "table") else frame.columns
    for (_, dtype), name, values in zip(frame.schema.items(), names, text.iter_columns()):
        # A number, a code or a date is never broken over lines (1366.75 read as 136 on a narrow
        # terminal): it keeps its width and the free text beside it folds instead.
        words = [v for v in values if v]
        whole = _is_number(dtype) or all(len(v) <= 24 and not any(ch.isspace() for ch in v) for v in words)
        width = max((cell_len(v) for v in words), default=None) if whole else None
        table.add_column(Text(name), justify="right" if _is_number(dtype) else "left", overflow="fold", min_width=width)
    for row in text.iter_rows():
        table.add_row(*(Text(v) if v is not None else Text("") for v in row))
    sink = _Utf8Text(out)
    if tty:  # rich detects width, colours and NO_COLOR / FORCE_COLOR itself
        console = Console(file=sink, highlight=False, emoji=False, markup=False)
        # Too narrow for the unbreakable columns: rich would drop columns silently. Wider lines instead.
        needed = sum((c.min_width or 4) + 3 for c in table.columns) + 1  # free text folds down to 4
        if needed > console.width:
            warn(
                f"the table needs {needed} columns, the terminal has {console.width}: "
                "lines are longer than the screen (try `| less -S`, or --format csv)"
            )
            console = Console(file=sink, highlight=False, emoji=False, markup=False, width=needed)
    else:  # a file or pipe: no colour codes, natural width (no wrapping at 80 columns)
        console = Console(
            file=sink,
            highlight=False,
            emoji=False,
            markup=False,
            no_color=True,
            color_system=None,
            force_terminal=False,
            width=100_000,
        )
    console.print(table)


class _Utf8Text:
    """A text file for rich that encodes UTF-8 into a binary stream, keeping isatty/fileno."""

    encoding = "utf-8"

    def __init__(self, out: BinaryIO):
        self._out = out

    def write(self, text: str) -> int:
        self._out.write(text.encode("utf-8"))
        return len(text)

    def flush(self) -> None:
        self._out.flush()

    def isatty(self) -> bool:
        try:
            return self._out.isatty()
        except (AttributeError, ValueError):
            return False

    def fileno(self) -> int:
        return self._out.fileno()
