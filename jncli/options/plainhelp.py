"""`--help` as plain text, without rich: typer's click formatter, with what jncli's help needs.

typer's rich help imports rich, markdown-it and pygments (`typer.rich_utils`): five times the start-up of
`python -c pass` before a line is printed (docs/performance.md, issue 18). jncli's help is plain text
instead, written through click's `HelpFormatter` with:

- each option panel (`rich_help_panel`: Input, Output, Policy …) a section of its own with its heading,
  in typer's order: the arguments, the options without a panel, then each panel as first met;
- lines wrapped by display width (a Chinese character takes two columns; click counts one),
  breaking between Chinese characters but not before a closing or after an opening punctuation mark;
- the help texts' Markdown reduced to what they use: paragraphs, and backticks (dropped);
- the command list with each command's first paragraph, not click's clipped first sentence;
- every section's first column as wide as the widest of the page, so that the sections line up.

The words typer and click write themselves ("Usage:", "Options", "[default: …]") go through
`typer.core._`, which `help_zh.chinese_typer` points at their Chinese under `--lang zh`.
"""

from __future__ import annotations

import inspect
import re
import shutil
import unicodedata

from typer import core as typer_core
from typer._click import Context, HelpFormatter, formatting

# no line starts with these (closing marks) and none ends with the openers (GB/T 15834 line breaking)
_NO_START = set("，。、；：！？）」』》〉】〕］｝’”…—%),.;:!?]}")
_NO_END = set("（「『《〈【〔［｛‘“([{")
_DIGITS = set("0123456789")
MIN_WIDTH = 20  # narrower than this, lines may run past the terminal (the option names alone need it)
_BREAKS_IN_LONG = "|/,"  # a word longer than its column breaks after one of these, else anywhere


def _cells(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cc"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def width(text: str) -> int:
    """Terminal columns of `text`: a wide (CJK) or full-width character takes two, a combining mark
    none (Unicode's East Asian Width, as terminals and wcwidth count; `unicodedata` is built in, where
    importing wcwidth would cost a fifth of the start-up this module saves)."""
    return sum(1 if " " <= ch < "\x7f" else _cells(ch) for ch in text)


def _atoms(text: str) -> list[tuple[str, str]]:
    """The units a line may break between, each as (the space before it, its text): a run of
    non-space narrow characters, or one wide character; a closing mark sticks to what precedes it,
    an opening mark to what follows, a digit to a Chinese character beside it (2023年12月31日)."""
    atoms: list[list[str]] = []
    sep, word = "", ""

    def push(piece: str) -> None:
        nonlocal sep
        prev = atoms[-1][1] if atoms else ""
        # no space between: one of the two is a wide character
        if prev and not sep and (piece[0] in _NO_START or prev[-1] in _NO_END or _number_unit(prev[-1], piece[0])):
            atoms[-1][1] += piece
        else:
            atoms.append([sep, piece])
        sep = ""

    for ch in text:
        if ch.isspace():
            if word:
                push(word)
                word = ""
            sep += " " if atoms else ""
        elif width(ch) == 2:
            if word:
                push(word)
                word = ""
            push(ch)
        else:
            word += ch
    if word:
        push(word)
    return [(s[:2] if s else "", t) for s, t in atoms]


def _number_unit(a: str, b: str) -> bool:
    """A digit beside a Chinese character (12月, 6个): kept on one line."""
    return (a in _DIGITS and unicodedata.category(b)[0] == "L") or (b in _DIGITS and unicodedata.category(a)[0] == "L")


def _split_long(text: str, room: int, full: int) -> list[str]:
    """A word wider than its column, cut after a `|`, `/` or `,` where one fits, else at the column."""
    pieces = []
    while width(text) > room:
        cut, used = 0, 0
        for i, ch in enumerate(text):
            used += width(ch)
            if used > room:
                break
            if ch in _BREAKS_IN_LONG:
                cut = i + 1
        if not cut:
            cut = max(i, 1)
        while 1 < cut < len(text) and text[cut] in _NO_START:  # a closing mark goes down with what it closes
            cut -= 1
        pieces.append(text[:cut])
        text, room = text[cut:], full
    return [*pieces, text]


def wrap(text: str, limit: int, first: str = "", rest: str = "") -> list[str]:
    """`text` (one paragraph) in lines of at most `limit` columns, the first starting with `first`,
    the others with `rest`."""
    lines, line, used, empty = [], first, width(first), True
    for sep, atom in _atoms(text):
        size = width(atom)
        if not empty and used + len(sep) + size <= limit:
            line, used = line + sep + atom, used + len(sep) + size
            continue
        if not empty:
            lines.append(line.rstrip())
            line, used = rest, width(rest)
        pieces = _split_long(atom, limit - used, limit - width(rest)) if used + size > limit else [atom]
        for piece in pieces[:-1]:
            lines.append(line + piece)
            line, used = rest, width(rest)
        line, used, empty = line + pieces[-1], used + width(pieces[-1]), False
    lines.append(line.rstrip())
    return lines


def _join(lines: list[str]) -> str:
    """The lines of a paragraph as one: a space between them, none between two Chinese characters."""
    out = ""
    for line in (x.strip() for x in lines):
        if out and line:
            out += "" if width(out[-1]) == 2 and width(line[0]) == 2 else " "
        out += line
    return out


def paragraphs(text: str) -> list[tuple[bool, list[str]]]:
    """(kept as written, lines) of each paragraph of a help text; a paragraph whose first line is
    `\\b` keeps its lines, the others are joined and re-wrapped."""
    out = []
    for block in re.split(r"\n\s*\n", text.replace("`", "")):
        lines = block.splitlines()
        if lines and lines[0].strip() == "\b":
            out.append((True, lines[1:]))
        elif block.strip():
            out.append((False, [_join(lines)]))
    return out


class PlainFormatter(HelpFormatter):
    """click's formatter, measuring and wrapping by display width."""

    first_col: int | None = None  # the first column's width on this page (every section the same)

    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None) -> None:
        super().__init__(indent_increment, width, max_width)
        if width is None and formatting.FORCED_WIDTH is None:
            # click never goes below 50 columns; a narrower terminal would wrap every line raggedly
            columns = shutil.get_terminal_size().columns
            self.width = max(min(columns, max_width or 80) - 2, MIN_WIDTH)

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            label = typer_core._("Usage:")
            prefix = label if width(label[-1]) == 2 else label + " "
        head = f"{'':>{self.current_indent}}{prefix}{prog} "
        if self.width - width(head) >= 20:
            self.write("\n".join(wrap(args, self.width, head, " " * width(head))) + "\n")
        else:
            indent = " " * (self.current_indent + 4)
            self.write(head.rstrip() + "\n" + "\n".join(wrap(args, self.width, indent, indent)) + "\n")

    def write_heading(self, heading: str) -> None:
        colon = "：" if width(heading[-1]) == 2 else ":"
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        blocks = []
        for kept, lines in paragraphs(text):
            if kept:
                blocks.append("\n".join(indent + line for line in lines))
            else:
                blocks.append("\n".join(wrap(lines[0], self.width, indent, indent)))
        self.write("\n\n".join(blocks) + "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        if not rows:
            return
        col_max = min(col_max, self.width * 2 // 5)  # a narrow terminal keeps room for the text
        first_col = min(self.first_col or max(width(r[0]) for r in rows), col_max)
        first_col += col_spacing
        pad = " " * (self.current_indent + first_col)
        limit = max(self.width, self.current_indent + first_col + 10)
        for term, text in rows:
            head = " " * self.current_indent + term
            if not text:
                self.write(head + "\n")
                continue
            if width(term) > first_col - col_spacing:
                self.write(head + "\n")
                head = pad
            else:
                head += " " * (first_col - width(term))
            out, start = [], head
            for kept, lines in paragraphs(text):
                if kept:
                    out += [(start if not out else pad) + line for line in lines]
                else:
                    out += wrap(lines[0], limit, start if not out else pad, pad)
            self.write("\n".join(out) + "\n")


class PlainContext(Context):
    formatter_class = PlainFormatter


def _first_paragraph(help_text: str | None) -> str:
    found = paragraphs(inspect.cleandoc(help_text or "").partition("\f")[0])
    return "\n".join(found[0][1]) if found else ""


class _Plain:
    """What `PlainCommand` and `PlainGroup` add to typer's command classes."""

    context_class = PlainContext

    def format_help(self, ctx, formatter) -> None:
        rows = [r for p in self.get_params(ctx) if (r := p.get_help_record(ctx))]
        rows += [(name, "") for name in getattr(self, "commands", {})]
        formatter.first_col = min(max((width(r[0]) for r in rows), default=0), 30)
        self.format_usage(ctx, formatter)
        self.format_help_text(ctx, formatter)
        self.format_options(ctx, formatter)
        self.format_epilog(ctx, formatter)

    def format_options(self, ctx, formatter) -> None:
        """One section per panel: the arguments (their own panels after them), the options without
        a panel, then each option panel in the order the options first name it."""
        arguments, options = typer_core._("Arguments"), typer_core._("Options")
        sections: dict[tuple[bool, str], list[tuple[str, str]]] = {(False, arguments): [], (True, options): []}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            is_option = param.param_type_name == "option"
            panel = getattr(param, "rich_help_panel", None) or (options if is_option else arguments)
            sections.setdefault((is_option, panel), []).append(record)
        for is_option in (False, True):
            for (kind, title), rows in sections.items():
                if kind == is_option and rows:
                    with formatter.section(title):
                        formatter.write_dl(rows)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx, formatter) -> None:
        rows = []
        for name in getattr(self, "commands", {}):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, _first_paragraph(command.short_help or command.help)))
        if rows:
            with formatter.section(typer_core._("Commands")):
                formatter.write_dl(rows)


class PlainCommand(_Plain, typer_core.TyperCommand):
    """A typer command whose help is plain text (see the module)."""


class PlainGroup(_Plain, typer_core.TyperGroup):
    """A typer group whose help is plain text, its commands `PlainCommand`s."""

    command_class = PlainCommand
