"""The values of the shared option bundles, as the library takes them (no typer here).

`jncli.options` turns command-line options into these; `jncli.tableio` and the steps take them, so
that reading a table never imports the command-line layer.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class InputOptions:
    """How to read input tables: `--encoding`, `--sheet`, `--unit` (of unlabelled money columns),
    `--allow-empty` (a measure's input table with a header but no rows is read as empty, with a
    warning, instead of refused)."""

    encoding: str | None = None
    sheet: str | None = None
    unit: str = "wan"
    allow_empty: bool = False

    def for_ledger(self) -> InputOptions:
        """For jncli's own output read back (`--prior`, `--final`): its money is 万元 whatever
        `--unit` says of the data file."""
        return dataclasses.replace(self, unit="wan")


@dataclass(frozen=True)
class OutputOptions:
    """How to write the result: `--format`, `--output`, formula escaping, a UTF-8 BOM."""

    format: str | None = None
    output: str | None = None
    escape_formulas: bool = True
    bom: bool = False
