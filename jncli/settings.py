"""The values of the shared option bundles, as the library takes them (no typer here).

`jncli.options` turns command-line options into these; `jncli.tableio` and the steps take them, so
that reading a table never imports the command-line layer.
"""

from __future__ import annotations

from typing import NamedTuple

# Immutable records (`typing.NamedTuple`: an assignment raises AttributeError; a changed copy is `_replace(…)`), not
# frozen dataclasses (branch records): Python 3.11's `dataclass` `exec`s each class's `__init__`, `__setattr__` and
# `__delattr__` at every start (~1.7 ms for these two), a NamedTuple class ~0.1 ms.


class InputOptions(NamedTuple):
    """How to read input tables: `--encoding`, `--sheet`, `--unit` (of unlabelled money columns; None:
    not given, read as 万元 but checked against the schema's plausibility bounds), `--strict` (a row
    that is not data — a title, a total, a note — is an error instead of being skipped with a note),
    `--allow-empty` (a measure's input table with a header but no rows is read as empty, with a
    warning, instead of refused).

    `guessed_unit`: what a money column without a unit whose values exceed the schema's bound (values
    that look like 元) is: "warn" (the commands) or "error" (`annual`, RULES.md "The yearly run").
    `total_mismatch`: what a grand total (合计, 全市) that disagrees with the sum of its unit rows is:
    "warn" (the commands, and `annual --accept-total-mismatch`) or "error" (`annual`).
    """

    encoding: str | None = None
    sheet: str | None = None
    unit: str | None = None
    allow_empty: bool = False
    strict: bool = False
    guessed_unit: str = "warn"
    # a header naming no column that carries a money unit or resembles a column the file lacks
    # (`tableio.unknown`): "warn" (the commands), "error" (`annual`; --strict too)
    unknown_headers: str = "warn"
    total_mismatch: str = "warn"
    # an id that cannot be the right one — a violation record's credit code that is no valid code, one
    # enterprise under two codes in a year: "warn" (the commands), "error" (`annual`: it would pay or list wrongly)
    doubtful_ids: str = "warn"
    # a column a rule reads in every row that is empty in every row of a table (`tableio.blanks`), and a county
    # column whose blank cells follow a sheet's merged cells: "warn" (the commands), "error" (`annual`)
    blank_columns: str = "warn"
    # the measures `annual --skip` leaves out (need keys): the columns only they read are not checked for that
    skipped: tuple[str, ...] = ()
    # the data years whose rows a needed column is also checked in year by year (`annual`: its year and the earlier
    # years of the period: filled 2023 cells must not hide a 2022 column left blank; hostile review 4, A1, A2)
    years: tuple[int, ...] = ()

    @property
    def money_unit(self) -> str:
        """The unit of money columns whose header names none: yuan, wan or yi."""
        return self.unit or "wan"

    def for_ledger(self) -> InputOptions:
        """For jncli's own output read back (`--prior`, `--final`): its money is 万元 whatever
        `--unit` says of the data file."""
        return self._replace(unit="wan")


class OutputOptions(NamedTuple):
    """How to write the result: `--format`, `--output`, formula escaping, a UTF-8 BOM, `--headers`, the
    terminal table.

    `bom`: None (the default) starts a CSV/TSV *file* written with `-o` with a UTF-8 BOM (Excel on Chinese
    Windows then reads it as UTF-8 on a double-click) and never stdout (pipes stay plain UTF-8); True
    (`--bom`) always, False (`--no-bom`) never.

    `headers`: en (the machine column names), zh (Chinese headers), None (en in files and pipes, the
    interface language in a table for people).

    The terminal table only (`--format table` on a terminal): `wide` shows every column at its full width,
    lines longer than the screen; `explain` shows each row's `basis` under it; `decision` (always shown) and
    `priority` (then, as the width allows) are the command's columns for people, `explained` the sentences
    shown under a row with `explain` (`jncli.ledger.TERMINAL_COLUMNS`).
    """

    format: str | None = None
    output: str | None = None
    escape_formulas: bool = True
    bom: bool | None = None
    headers: str | None = None
    wide: bool = False
    explain: bool = False
    decision: tuple[str, ...] = ()
    priority: tuple[str, ...] = ()
    explained: tuple[str, ...] = ()

    def wants_bom(self) -> bool:
        """Whether CSV/TSV output starts with a UTF-8 BOM: a file given with -o, unless --no-bom; stdout
        (and a device such as -o /dev/stdout) only with --bom."""
        if self.bom is not None:
            return self.bom
        if self.output in (None, "-"):
            return False
        import os
        import stat

        try:
            mode = os.stat(self.output).st_mode
        except OSError:
            return True  # not there yet: a new file
        return not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode))
