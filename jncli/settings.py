"""The values of the shared option bundles, as the library takes them (no typer here).

`jncli.options` turns command-line options into these; `jncli.tableio` and the steps take them, so
that reading a table never imports the command-line layer.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class InputOptions:
    """How to read input tables: `--encoding`, `--sheet`, `--unit` (of unlabelled money columns; None:
    not given, read as 万元 but checked against the schema's plausibility bounds), `--strict` (a row
    that is not data — a title, a total, a note — is an error instead of being skipped with a note),
    `--allow-empty` (a measure's input table with a header but no rows is read as empty, with a
    warning, instead of refused).

    `guessed_unit`: what a money column without a unit whose values exceed the schema's bound (values
    that look like 元) is: "warn" (the commands) or "error" (`annual`, RULES.md "The yearly run").
    """

    encoding: str | None = None
    sheet: str | None = None
    unit: str | None = None
    allow_empty: bool = False
    strict: bool = False
    guessed_unit: str = "warn"

    @property
    def money_unit(self) -> str:
        """The unit of money columns whose header names none: yuan, wan or yi."""
        return self.unit or "wan"

    def for_ledger(self) -> InputOptions:
        """For jncli's own output read back (`--prior`, `--final`): its money is 万元 whatever
        `--unit` says of the data file."""
        return dataclasses.replace(self, unit="wan")


@dataclass(frozen=True)
class OutputOptions:
    """How to write the result: `--format`, `--output`, formula escaping, a UTF-8 BOM, `--headers`
    (en: the machine column names; zh: Chinese headers; None: en in files and pipes, the interface
    language in a table for people)."""

    format: str | None = None
    output: str | None = None
    escape_formulas: bool = True
    bom: bool = False
    headers: str | None = None
