"""Errors that end a command with one line on stderr and a documented exit status.

Exit statuses: 0 ok, 1 data error (bad input, unreadable file), 2 usage error,
3 a check found violations (check-validity), 130 interrupted.
"""

from __future__ import annotations

import re
import sys

from jncli.messages import aside, labelled, tr

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_VIOLATIONS = 3
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT), as a shell reports 128 + 2

# Every line jncli writes to stderr is bounded, whatever the data held: a value quoted in a message is
# cut (`shown`), and a whole line is cut at LINE_LIMIT characters, so that a 10 MB header cell or a
# million column names never become a 10 MB error line.
LINE_LIMIT = 1000
VALUE_LIMIT = 80


# Control characters a file may hold in a cell a message quotes (the header row of a binary file such as Excel's
# lock file `~$x.xlsx`: NUL, BEL …), which a terminal would obey: written as \xNN. Tab, line feed and carriage
# return are left as they are (a header broken over two lines is quoted as before).
# (Text, compiled by `re` when a message is first written: a run that writes none compiles nothing, branch records.)
_CONTROL = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


def printable(text: str) -> str:
    """`text` with its control characters written as \\xNN."""
    return re.sub(_CONTROL, lambda m: f"\\x{ord(m.group()):02x}", text) if re.search(_CONTROL, text) else text


def clip(text: str, limit: int = LINE_LIMIT) -> str:
    """`text` cut to at most `limit` characters, ending in … when cut (its control characters escaped)."""
    text = printable(text)
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def listed(items: list, limit: int = 20, each: int = 30) -> str:
    """`a, b, c, … (12 more)`: at most `limit` items, each cut to `each` characters."""
    names = ", ".join(clip(str(i), each) for i in items[:limit])
    return names if len(items) <= limit else f"{names}, … ({len(items) - limit} more)"  # whole, for its Chinese


def shown(value: object, limit: int = VALUE_LIMIT) -> str:
    """A value as a message quotes it: its repr, cut with … when long (the quote stays closed)."""
    text = str(value)
    if len(text) <= limit:
        return repr(value) if isinstance(value, str) else text
    return repr(text[: max(limit - 1, 0)] + "…")


class JncliError(Exception):
    """Base class: message is one line for the user; `hint` is appended after a semicolon."""

    exit_code = EXIT_DATA

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details: list[str] = []  # further lines (e.g. every bad value `cat --as` found)

    def line(self, lang: str | None = None) -> str:
        """The message and its hint, in this run's language (`jncli.messages`) or in `lang`."""
        text = clip(tr(self.message, lang))  # always one bounded line, whatever the data held
        return text + aside("hint", clip(tr(self.hint, lang), 300), lang) if self.hint else text


class DataError(JncliError):
    """The input data is wrong or unreadable: exit 1."""

    exit_code = EXIT_DATA


class UsageError(JncliError):
    """The command line is wrong: exit 2."""

    exit_code = EXIT_USAGE


class PolicyError(JncliError):
    """The policy file is malformed or incomplete: exit 1 (it is data)."""

    exit_code = EXIT_DATA


def row_ref(source: object, row: object = None, column: object = None, lang: str = "en") -> str:
    """Where a value is, as every message says it: `file.csv row 7, column award` (`file.csv 第7行` in
    Chinese); row numbers are the spreadsheet's own (the header is row 1)."""
    if lang == "zh":
        where = f"{source} 第{row}行" if row is not None else str(source)
        return f"{where}，{column}列" if column is not None else where
    if source is None:
        where = f"row {row}" if row is not None else "input"
    else:
        where = f"{source} row {row}" if row is not None else str(source)
    return f"{where}, column {column}" if column is not None else where


# The command being run, set once by the CLI, so warnings and errors can say who speaks.
current_command: list[str] = [""]


def prefix() -> str:
    return f"jncli {current_command[0]}: " if current_command[0] else "jncli: "


def warn(message: str) -> None:
    """A warning: stderr only, never stdout data."""
    say(f"{prefix()}{labelled('warning', clip(tr(message)))}\n")


def note(message: str) -> None:
    """A note (what was done, nothing wrong): stderr only, never stdout data."""
    say(f"{prefix()}{printable(tr(message))}\n")


# Whether this run's messages are a copy only (`jncli annual`: every note and warning is also in report.html and
# manifest.json): then a stderr that cannot be written (closed, a full disk, a reader that left) is not an error,
# and the exit status stays the one the outputs earned (docs/annual.md, exit status). Otherwise a message that
# cannot be said stops the command (exit 1), before its output is written: stderr is its only record.
stderr_optional: list[bool] = [False]


def say(text: str, *, optional: bool = False) -> None:
    """Write `text` on stderr at once; `optional` (or `stderr_optional`): a stderr that cannot be written is let be
    (the line is lost, never the run), else the command stops (`StderrLost`, exit 1), and so at every later
    message."""
    try:
        if _lost[0]:
            raise _lost[1]
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError) as e:  # AttributeError: stderr closed (`2>&-`), sys.stderr is None
        if not _lost[0]:
            _lost[:] = [True, e]
            _stderr_to_devnull()
        if not (optional or stderr_optional[0]):
            # not the OSError itself: a BrokenPipeError is taken for stdout's reader leaving (a quiet exit 0)
            why = "it is closed" if isinstance(e, AttributeError) else e.strerror or str(e)
            raise StderrLost(
                f"cannot write a message to stderr ({why}): the command stops before its output, as stderr is the "
                f"message's only record"
            ) from None


_lost: list = [False, None]  # stderr failed once (and the error it gave): every later line is lost the same way


class StderrLost(JncliError):
    """A message could not be written to stderr, its only record: exit 1 (not a DataError, which a reader may
    catch to try another reading)."""

    exit_code = EXIT_DATA


def _stderr_to_devnull() -> None:
    """Stop writing to a stderr that failed: what is still buffered would fail again at exit (Python then exits
    120), so stderr is pointed at /dev/null from here on."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)  # the old stream's buffer is flushed (into nothing) when it goes
        os.close(devnull)
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - kept open for the rest of the run
    except OSError:
        pass
