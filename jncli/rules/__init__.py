"""One module per measure: pure functions from polars frames and a `Policy` to a polars frame.

No printing, no file access, no typer here. A rule returns a `RuleResult`: the output table and the
warnings the CLI prints on stderr (ties at an award boundary, skipped categories, budget scaling…).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl


@dataclass
class RuleResult:
    table: "pl.DataFrame"
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # informational lines (also stderr), not problems
