"""The options of `jncli annual` (those it shares with score-counties come from `measures`)."""

from __future__ import annotations

from typing import Annotated

import typer

from jncli.options import _option

# annual
DataDir = Annotated[
    str,
    typer.Argument(
        help=(
            "Folder holding the year's input tables (found by their columns, not their names; "
            "not searched recursively)."
        ),
        metavar="DATA_DIR",
        show_default=False,
    ),
]
AnnualYear = Annotated[int, _option("--year", help="The data year to evaluate (all measures).", metavar="Y")]
AnnualOutput = Annotated[
    str,
    _option(
        "--output",
        "-o",
        help=(
            "Folder to create with every result, report.html, report.xlsx and manifest.json "
            "(written as a whole, atomically)."
        ),
        metavar="OUT_DIR",
    ),
]
AnnualProvinceGrowth = Annotated[
    str | None,
    _option(
        "--province-growth",
        help=("Shandong's average online retail growth, 0.12 or 12% (default: the policy file's value for the year)."),
        metavar="P",
    ),
]
AnnualAsOf = Annotated[
    str | None,
    _option(
        "--as-of",
        help="Whitelist evaluation date (default: 31 December of --year, so that a rerun gives the same list).",
        metavar="DATE",
    ),
]
AnnualBudget = Annotated[
    str | None,
    _option(
        "--budget",
        help="Budget in 万元 for the 'up to' (最高) enterprise awards, as award-enterprises --budget.",
        metavar="X",
    ),
]
AnnualEligibility = Annotated[
    str, typer.Option("--eligibility", help="Measure 1 reading: literal or filter-first (see score-counties).")
]
AnnualReassign = Annotated[
    bool, typer.Option("--reassign", help="Measure 1: pass vacated places on (see score-counties).")
]
PreviousWhitelist = Annotated[
    str | None,
    _option(
        "--previous-whitelist",
        help=(
            "The last published whitelist (last year's whitelist.csv or ledger.csv, or a list of credit codes): "
            "the report lists what changed."
        ),
        metavar="FILE",
    ),
]
AnnualTrainers = Annotated[
    str | None,
    _option(
        "--trainers",
        help=(
            "More whitelisted training institutions for measure 8 (the province's list): `jncli whitelist` output "
            "or a list of credit codes; counted beside this run's own whitelist (with --skip 7: alone)."
        ),
        metavar="FILE",
    ),
]
_PRIOR = (
    "A ledger of what was paid in an earlier year of the policy period (repeatable): enterprises get the top-up "
    "(default: the verified run OUT_DIR/../Y-1, else the earlier years' rows in DATA_DIR)."
)
AnnualPrior = Annotated[list[str] | None, _option("--prior", help=_PRIOR, metavar="LEDGER")]
_FIRST = "Nothing was paid before --year: no earlier year's awards are deducted (else the run stops without them)."
FirstYear = Annotated[bool, typer.Option("--first-year", help=_FIRST)]
_SKIP = (
    "A measure knowingly not run (repeatable): 1, 2 (with 3, 6), 3, 4, 7 (with 8) or 8; else a missing input stops "
    "the run."
)
Skip = Annotated[list[str] | None, _option("--skip", help=_SKIP, metavar="MEASURE")]
Force = Annotated[
    bool,
    typer.Option("--force", help="Replace OUT_DIR if it holds an earlier annual output (never any other folder)."),
]
AcceptTotalMismatch = Annotated[
    bool,
    _option(
        "--accept-total-mismatch",
        help=(
            "Take a grand total (合计, 全市) that disagrees with the sum of its unit rows as a warning, not an error "
            "(e.g. a bureau's 全市 that leaves out the functional zones); the unit rows are used either way. "
            "Recorded in the manifest: verify reads the same way."
        ),
    ),
]
PriorComplete = Annotated[
    bool,
    _option(
        "--prior-complete",
        help=(
            "Take the --prior ledgers as the whole record of their years even where they name no enterprise of a "
            "county this run pays (a county that received nothing under measures 2 and 6 then), instead of "
            "stopping. Recorded in the manifest: verify reads the same way."
        ),
    ),
]
AnnualNoBom = Annotated[
    bool,
    _option(
        "--no-bom",
        help=(
            "Write the CSV outputs without the UTF-8 BOM that lets Excel on Chinese Windows open them by "
            "double-click (recorded in the manifest: verify writes them the same way)."
        ),
    ),
]
