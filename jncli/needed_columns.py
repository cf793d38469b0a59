"""The columns a measure cannot do without, one table for the yearly run and for each measure command.

The schema calls these columns optional (a table is read with what it holds), but a rule that reads one
decides nothing right without it: the awards it would pay are paid as nothing, with exit 0. So a run
that computes such a rule stops (exit 1) when its table lacks the column: `annual` for every measure it
runs (`annual.needs.check`), a measure command for the rules it computes in that run (`steps`, through
`tableio.conform_all(needs=…)`: the rules of the years it evaluates, m3 only with --fiscal-ratios …).
An absent column is never an answer; a column a rule reads in every row that is empty in every row is not one
either (`Schema.answered`, `tableio.blanks`: `annual` stops, a command warns).

Measure 1's columns are the policy's (m1.category_order names the rankings): `ranked`, for `annual` only —
score-counties skips a ranking whose column is absent, with a warning, as RULES.md §1 says.
May import the rules (measure 1's categories), the policy and the data layer; no tableio, no cli.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from jncli.policy import Policy


class Needed(NamedTuple):  # immutable record: ~0.1 ms to create, a frozen dataclass ~0.7 ms
    """A column of a table kind that the rules named would pay (or commend) nothing without."""

    kind: str
    column: str
    rules: tuple[str, ...]
    # False: the measure command decides without it as RULES.md says (a warning), the yearly run stops
    command: bool = True


# need key of annual.needs (the article) → its columns
COLUMNS: dict[str, tuple[Needed, ...]] = {
    "2": (
        Needed("enterprises", "online_retail", ("m2.tier2022", "m2.tier2023", "m2.commend")),
        Needed("enterprises", "national_title", ("m2.title", "m6.base")),
    ),
    "3": (
        Needed("enterprises", "new_fiscal_revenue", ("m3.fiscal",)),
        # RULES.md §3 (rev 3): without it every m3 row is ineligible and a warning names the column (the command)
        Needed("enterprises", "converted_branch", ("m3.fiscal",), command=False),
    ),
    "4": (
        # without them no shop counts as moved in, or none with 纳统 sales: no county commended
        Needed("shops", "migrated_in_on", ("m4.migrated",)),
        Needed("shops", "in_statistics", ("m4.migrated",)),
        Needed("shops", "online_retail", ("m4.migrated",)),
    ),
}


def ranked(policy: Policy) -> tuple[Needed, ...]:
    """The counties columns measure 1's rankings (the policy's m1.category_order) rank on."""
    from jncli.rules.counties.common import categories

    return tuple(Needed("counties", c, (cat.rule,)) for cat in categories(policy) for c in cat.columns)


def as_triples(needed: tuple[Needed, ...]) -> tuple[tuple[str, str, str], ...]:
    """(kind, column, the rules joined) as `annual.needs` names them."""
    return tuple((n.kind, n.column, ", ".join(n.rules)) for n in needed)


def for_command(needed: tuple[Needed, ...], computed: set[str]) -> dict[str, str]:
    """column → the rules of `computed` (this run's) that need it, joined, for a measure command."""
    out: dict[str, list[str]] = {}
    for n in needed:
        rules = [r for r in n.rules if r in computed]
        if n.command and rules:
            out.setdefault(n.column, [])
            out[n.column] += [r for r in rules if r not in out[n.column]]
    return {c: ", ".join(rules) for c, rules in out.items()}
