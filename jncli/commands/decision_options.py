"""The options of the decision support (jncli.analysis): --margins, --sensitivity, --compare-with, and
`jncli compare`'s. Declared here, beside the commands, as `jncli.options` declares the others (which is
near its size limit); no polars here (imported by `jncli --help`)."""

from __future__ import annotations

from typing import Annotated

import typer

Margins = Annotated[
    bool,
    typer.Option(
        "--margins",
        help=(
            "Add margin_up (the smallest increase of the row's own value that raises its award or earns the "
            "commendation) and margin_down (awarded / commended rows: the largest decrease that keeps it), each "
            "proven by re-running the rule; basis says it."
        ),
    ),
]
Sensitivity = Annotated[
    bool,
    typer.Option(
        "--sensitivity",
        help=(
            "Instead of the awards: how they move with the weights (scale w, growth 1 − w, over the policy's "
            "m1.weight_range) and under the four readings (literal / filter-first × --reassign), and which are robust."
        ),
    ),
]
AnnualMargins = Annotated[
    bool,
    typer.Option(
        "--margins",
        help="Add margin_up / margin_down to measures 1, 2, 6 and 4 (see score-counties --margins).",
    ),
]
CompareWith = Annotated[
    str | None,
    typer.Option(
        "--compare-with",
        help=(
            "An earlier annual output folder (e.g. under another policy file): the report compares this run "
            "with it, and compare.csv holds every row that differs."
        ),
        metavar="OUT_DIR",
        show_default=False,
    ),
]

# compare
RunA = Annotated[
    str,
    typer.Argument(
        help="The first run: a ledger (any table format; '-' stdin) or an `annual` output folder.",
        metavar="A",
        show_default=False,
    ),
]
RunB = Annotated[
    str,
    typer.Argument(help="The second run, as A; difference = award in B − award in A.", metavar="B", show_default=False),
]
Summary = Annotated[
    bool,
    typer.Option(
        "--summary",
        help="Totals per measure and per county (money in A and B, difference, rows gaining and losing).",
    ),
]
CompareOnly = Annotated[
    str | None,
    typer.Option(
        "--only", help="changed: only the rows whose status or award differ.", metavar="changed", show_default=False
    ),
]
