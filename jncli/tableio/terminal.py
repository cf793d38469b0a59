"""The table for people (`--format table`, the default on a terminal), drawn by rich. May import
polars, `jncli.errors`, `jncli.settings` and `cells`; rich only when a table is drawn.

Into a file or pipe (`-f table | less -S`): plain ASCII, every column at natural width (unchanged).

On a terminal a table that decides something (it has one of the command's decision columns) is fitted
to its width (`_write_fitted`); other tables (`jncli policy`, `schema`, `cat` of an input table) keep
every column, free text folded to fit and numbers whole. Fitted: the command's decision columns first
(`OutputOptions.decision`, from `jncli.ledger.TERMINAL_COLUMNS`: beneficiary, rule, rank, award, status),
always shown; then the other columns, in the command's priority order, each only if it fits whole. A
number, code or date is never cut; only a name among the decision columns is shortened with "…" when the
decision alone is wider than the screen. Sentences (`basis`) are never a column here: `--explain` prints
each under its row. One line on stderr names every column left out and how to see it (`--wide`,
`-f table | less -S`, `--explain`). `--wide` draws every column at full width, lines longer than the screen.
"""

from __future__ import annotations

import re
from typing import BinaryIO

import polars as pl

from jncli.errors import warn
from jncli.settings import OutputOptions
from jncli.tableio.cells import _display_text, _is_number
from jncli.tableio.headers import chinese_headers, column_headers

TABLE_MAX_ROWS = 1000  # a terminal table beyond this is unreadable anyway; CSV has them all


def _write_rich(frame: pl.DataFrame, out: BinaryIO, opts: OutputOptions, tty: bool) -> None:
    if tty and not opts.wide and _layout(list(frame.columns), opts)[0]:  # a table that decides something
        _write_fitted(frame, out, opts)
        return
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
    if chinese_headers(opts, "table"):
        text = _value_words(text)
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
    if tty and opts.wide:  # --wide: every column whole, lines as long as they need
        console = Console(file=sink, highlight=False, emoji=False, markup=False, width=100_000)
    elif tty:  # rich detects width, colours and NO_COLOR / FORCE_COLOR itself
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


NAME_FLOOR = 10  # a name among the decision columns is shortened to no fewer cells than this ("任城济晟…")
_NEWLINE = "\u21b5"  # ↵: a line break inside a cell, so that every row is one line on a terminal


def _shown(frame: pl.DataFrame) -> pl.DataFrame:
    if frame.height > TABLE_MAX_ROWS:
        warn(
            f"showing the first {TABLE_MAX_ROWS} of {frame.height} rows, {frame.height - TABLE_MAX_ROWS} left out; "
            "use --format csv (or -o FILE) for all of them"
        )
    return frame.head(TABLE_MAX_ROWS)


def _layout(columns: list[str], opts: OutputOptions) -> tuple[list[str], list[str], list[str]]:
    """(decision columns present, the others in priority order, the explained sentences present)."""
    explained = [c for c in opts.explained if c in columns]
    decision = []
    for entry in opts.decision:
        found = next((c for c in entry.split("|") if c in columns), None)
        if found is not None and found not in decision and found not in explained:
            decision.append(found)
    first = [c for c in opts.priority if c in columns]
    rest = [c for c in dict.fromkeys(first + columns) if c not in decision and c not in explained]
    return decision, rest, explained


def _write_fitted(frame: pl.DataFrame, out: BinaryIO, opts: OutputOptions) -> None:
    """The table fitted to the terminal: the decision first and whole, other columns as they fit."""
    from rich import box
    from rich.cells import cell_len
    from rich.console import Console
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    shown = _shown(frame)
    text = _display_text(shown).with_columns(pl.all().str.replace_all("\r\n|\n|\r", _NEWLINE))
    sink = _Utf8Text(out)
    console = Console(file=sink, highlight=False, emoji=False, markup=False)
    screen = console.width
    decision, rest, explained = _layout(list(frame.columns), opts)
    chinese = chinese_headers(opts, "table")
    label = dict(zip(frame.columns, column_headers(frame) if chinese else frame.columns))
    if chinese:  # people read 获奖, not awarded (files and pipes keep the machine values)
        text = _value_words(text)

    natural, cut, need = {}, {}, {}
    for name in decision + rest:
        values = [v for v in text[name].to_list() if v]
        need[name] = max([4, *(cell_len(v) for v in values)])  # the values: never cut (names aside)
        natural[name] = max(_header_width(label[name], console), need[name])
        # text with CJK or spaces is a name or sentence; ASCII without spaces is a number, code, date or status
        cut[name] = frame.schema[name] == pl.String and any(not v.isascii() or " " in v for v in values)

    chosen = list(decision)
    total = sum(natural[c] for c in chosen) + 3 * len(chosen) + 1
    left_out = []
    for name in rest:
        if total + natural[name] + 3 <= screen:
            chosen.append(name)
            total += natural[name] + 3
        else:
            left_out.append(name)
    widths = dict(natural)
    while total > screen:  # the decision alone is wider than the screen: shorten its names, then fold the
        # headers over more lines; never cut its numbers
        room = [c for c in chosen if cut[c] and widths[c] > min(natural[c], NAME_FLOOR)] or [
            c for c in chosen if widths[c] > need[c]
        ]
        if not room:
            break
        widest = max(room, key=lambda c: widths[c])
        widths[widest] -= 1
        total -= 1
    if total > screen:
        warn(
            f"the table's decision columns need {total} columns, the terminal has {screen}: "
            "lines are longer than the screen"
        )
        console = Console(file=sink, highlight=False, emoji=False, markup=False, width=total)

    table = Table(box=box.SIMPLE_HEAD, header_style="bold cyan")
    for name in chosen:
        justify = "right" if _is_number(frame.schema[name]) else "left"
        head = Text(label[name], no_wrap=False, overflow="fold")  # a long Chinese header takes two lines
        table.add_column(head, justify=justify, width=widths[name], no_wrap=True, overflow="ellipsis")
    for row in text.select(chosen).iter_rows():
        table.add_row(*(Text(v) if v is not None else Text("") for v in row))

    if not (opts.explain and explained):
        console.print(table)
    else:  # each row's sentences under it, indented and wrapped to the screen
        with console.capture() as captured:
            console.print(table)
        lines = captured.get().split("\n")[:-1]
        head = len(lines) - shown.height - 1
        sink.write("".join(line + "\n" for line in lines[:head]))
        for i, line in enumerate(lines[head:-1]):
            sink.write(line + "\n")
            for name in explained:
                for part in _wrap(text[name][i] or "", console.width - 5):
                    console.print(Padding(Text(part, style="dim"), (0, 0, 0, 4)))
        sink.write(lines[-1] + "\n")

    shortened = [c for c in chosen if widths[c] < need[c]]
    hidden = left_out + ([] if opts.explain else explained)
    if hidden or shortened:
        said = []
        if left_out:
            names = ", ".join(label[c] for c in left_out)
            said.append(f"{len(left_out)} column(s) left out to fit {screen} columns: {names}")
        if shortened:
            said.append(f"names shortened with …: {', '.join(label[c] for c in shortened)}")
        if explained and not opts.explain:
            what = "/".join(explained)
            said.append(f"{what} not shown")
            said.append(
                f"see every column with --wide (or -f table | less -S), the {what} of each row with --explain, "
                "all of it with -f csv or -o FILE"
            )
        else:
            said.append("see every column with --wide (or -f table | less -S), all of it with -f csv or -o FILE")
        _note_parts(said)


# A number, code or Latin word is one piece (never split over two lines); CJK breaks between any two characters.
_PIECE = re.compile(r"[0-9A-Za-z][0-9A-Za-z.,%+\-/:_~]*|\s+|.")


def _wrap(sentence: str, width: int) -> list[str]:
    """`sentence` in lines of at most `width` cells, breaking only between pieces (1366.75 stays whole)."""
    from rich.cells import cell_len

    lines, line, used = [], "", 0
    for piece in _PIECE.findall(sentence):
        size = cell_len(piece)
        if used + size > width and line:
            lines.append(line.rstrip())
            line, used = "", 0
            if piece.isspace():
                continue
        line += piece
        used += size
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _note(message: str) -> None:
    from jncli.errors import note

    note(message)


def _header_width(header: str, console) -> int:
    """The width a header needs: a Chinese one (差额（B − A）（万元）) may fold over two lines; a Latin one
    stays whole."""
    from rich.cells import cell_len
    from rich.text import Text

    width = cell_len(header)
    if header.isascii():
        return width
    for narrower in range(max(4, (width + 1) // 2), width):
        if len(Text(header).wrap(console, narrower, overflow="fold")) <= 2:
            return narrower
    return width


def _value_words(text: pl.DataFrame) -> pl.DataFrame:
    """Statuses, categories, changes and violation kinds in Chinese words (`messages.columns.VALUES`)."""
    from jncli.messages.columns import value_words

    words = {c: value_words(c) for c in text.columns}
    return text.with_columns(
        pl.col(c).replace(w) for c, w in words.items() if w is not None and text.schema[c] == pl.String
    )


def _note_parts(parts: list[str]) -> None:
    """One note of several sentences, each translated on its own (a joined line would not match the table)."""
    from jncli.errors import prefix, say
    from jncli.messages import lang, tr

    text = ("；" if lang() == "zh" else "; ").join(tr(p) for p in parts)
    say(f"{prefix()}{text}\n")


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
