"""The options of verify, cat, policy, schema and samples."""

from __future__ import annotations

from typing import Annotated

import typer

from jncli.options import _option

# verify
AnnualDir = Annotated[
    str,
    typer.Argument(
        help="A folder written by `jncli annual` (it holds manifest.json).", metavar="OUT_DIR", show_default=False
    ),
]
DataDirOption = Annotated[
    str | None,
    _option(
        "--data-dir",
        help="Read the inputs from this folder instead of the one the manifest names (the data were moved).",
        metavar="DIR",
    ),
]
# files the run read outside OUT_DIR and the data folder, which verify opens only when given here
_GIVEN = " Used only if its SHA-256 is the one the manifest records."
VerifyPolicy = Annotated[
    str | None,
    _option(
        "--policy",
        help="The policy file the run used with --policy, where it lies now (never $JNCLI_POLICY)." + _GIVEN,
        metavar="FILE",
    ),
]
VerifyPrior = Annotated[
    list[str] | None,
    _option(
        "--prior",
        help="A ledger of what was received before that the run read (--prior, or the earlier run's ledger.csv), "
        "where it lies now (repeatable)." + _GIVEN,
        metavar="LEDGER",
    ),
]
VerifyPreviousWhitelist = Annotated[
    str | None,
    _option(
        "--previous-whitelist",
        help="The previous whitelist the run read, where it lies now." + _GIVEN,
        metavar="FILE",
    ),
]
VerifyTrainers = Annotated[
    str | None,
    _option(
        "--trainers",
        help="The --trainers file the run read, where it lies now." + _GIVEN,
        metavar="FILE",
    ),
]

# cat
As = Annotated[
    str | None,
    typer.Option(
        "--as",
        help="Check against a schema first: map headers, convert units to 万元, check types (see `jncli schema`).",
        metavar="NAME",
    ),
]

# schema
PolicyCoverage = Annotated[
    bool,
    typer.Option("--coverage", help="Every sentence of the text with the rule that computes it, or why none can."),
]
PolicyToml = Annotated[
    bool,
    typer.Option(
        "--toml",
        help="Write the policy file in force itself, byte for byte (to stdout, or to --output FILE): a copy to edit.",
    ),
]
SchemaName = Annotated[
    str | None,
    typer.Argument(
        help=(
            "counties, enterprises, fiscal_ratios, shops, candidates, records, hires, insurance, county_rates or "
            "ledger; nothing lists them all."
        ),
        show_default=False,
    ),
]

# samples
SamplesDir = Annotated[
    str,
    typer.Option("--output-dir", "-o", help="Folder to write the data sets into (created if needed).", metavar="DIR"),
]
Seed = Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives byte-identical files.")]
Shops = Annotated[
    int, typer.Option("--shops", help="Number of shops in the registry (10,000,000 works in bounded memory).")
]
Enterprises = Annotated[int, typer.Option("--enterprises", help="Number of enterprises per year.")]
ShopsFormat = Annotated[str, typer.Option("--shops-format", help="csv or parquet for the shop registry.")]
SamplesForce = Annotated[
    bool, typer.Option("--force", help="Overwrite files of the same names in the folder (default: refused).")
]
SampleHires = Annotated[
    int,
    typer.Option("--hires", help="Number of hires (measure 8); insurance.csv holds their months paid."),
]
SampleCandidates = Annotated[
    int | None,
    typer.Option(
        "--candidates",
        help="Number of whitelist candidates (measure 7; default: the 46 planted cases of the shipped policy).",
        show_default=False,
    ),
]
SampleRecords = Annotated[
    int | None,
    typer.Option(
        "--records",
        help="Number of violation records (measure 7; default: only the 9 planted ones).",
        show_default=False,
    ),
]
