"""The options of the commands, defined once: `cli.py` only names them.

`@reads_tables` gives a command the input options (--encoding, --sheet, --unit, --allow-empty) and passes them as
one checked `InputOptions` argument `inopts`; `@writes_table` does the same for the output options
(--format, --output, --no-escape-formulas, --bom) as `outopts`. Every other option or argument is a
typer `Annotated` alias: the shared ones first (`Files`, `Lang`, `PolicyFile`), then each command's,
in the order of `jncli --help`. No polars here (imported by `jncli --help`).
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from typing import Annotated

import typer

from jncli import __version__
from jncli.settings import InputOptions, OutputOptions

IN = "Input"
OUT = "Output"
POL = "Policy"

Files = Annotated[
    list[str] | None,
    typer.Argument(
        help="Input table(s): CSV, TSV, JSON, JSONL, Parquet, Arrow or XLSX; '-' or nothing reads stdin.",
        show_default=False,
        metavar="[FILE|-]...",
    ),
]
File = Annotated[
    str | None,
    typer.Argument(
        help="Input table: CSV, TSV, JSON, JSONL, Parquet, Arrow or XLSX; '-' or nothing reads stdin.",
        show_default=False,
        metavar="[FILE|-]",
    ),
]
Encoding = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        help="Text encoding of the input (default: detect UTF-8/UTF-8-BOM/GB18030/UTF-16).",
        rich_help_panel=IN,
    ),
]
Sheet = Annotated[
    str | None,
    typer.Option("--sheet", help="XLSX sheet: name or 1-based number (default: the first).", rich_help_panel=IN),
]
Unit = Annotated[
    str,
    typer.Option(
        "--unit", help="Unit of money columns whose header names none: yuan|wan|yi (元/万元/亿元).", rich_help_panel=IN
    ),
]
_EMPTY = "Read a table with a header and no rows as empty, with a warning (default: refused, exit 1: a failed export)."
AllowEmpty = Annotated[bool, typer.Option("--allow-empty", help=_EMPTY, rich_help_panel=IN)]

Format = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help=(
            "table|csv|tsv|json|jsonl|parquet|xlsx|markdown "
            "(default: table on a terminal, CSV in a pipe, or from -o's extension)."
        ),
        rich_help_panel=OUT,
    ),
]
Output = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to FILE atomically (format from its extension unless --format).",
        rich_help_panel=OUT,
        metavar="FILE",
    ),
]
NoEscape = Annotated[
    bool,
    typer.Option(
        "--no-escape-formulas",
        help="Do not prefix CSV/TSV cells starting with = + - @ with ' (OWASP formula-injection escaping).",
        rich_help_panel=OUT,
    ),
]
Bom = Annotated[
    bool,
    typer.Option(
        "--bom",
        help="Start CSV/TSV output with a UTF-8 BOM so that Excel shows Chinese correctly.",
        rich_help_panel=OUT,
    ),
]
Lang = Annotated[str, typer.Option("--lang", help="Language of basis sentences and notes: zh|en.", rich_help_panel=OUT)]

PolicyFile = Annotated[
    str | None,
    typer.Option(
        "--policy",
        help="Policy TOML file (default: $JNCLI_POLICY, else the shipped jining-2022).",
        rich_help_panel=POL,
        metavar="FILE",
    ),
]


def _bundle(name: str, make: Callable, options: dict[str, tuple[object, object]]) -> Callable:
    """A decorator that replaces the command's parameter `name` by the typer options `options`
    ({parameter: (Annotated type, default)}) and calls the command with `name=make(**their values)`."""
    added = [
        inspect.Parameter(p, inspect.Parameter.KEYWORD_ONLY, annotation=a, default=d) for p, (a, d) in options.items()
    ]

    def decorate(command: Callable) -> Callable:
        sig = inspect.signature(command)
        hints = typing.get_type_hints(command, include_extras=True)
        kept = [
            p.replace(annotation=hints.get(p.name, p.annotation), kind=inspect.Parameter.KEYWORD_ONLY)
            for p in sig.parameters.values()
            if p.name != name
        ]

        @functools.wraps(command)
        def run(**kwargs):
            kwargs[name] = make(**{p: kwargs.pop(p) for p in options})
            return command(**kwargs)

        params = kept + added
        run.__signature__ = sig.replace(parameters=params, return_annotation=None)  # what typer reads
        run.__annotations__ = {p.name: p.annotation for p in params}
        return run

    return decorate


def input_options(
    encoding: str | None, sheet: str | None, unit: str = "wan", allow_empty: bool = False
) -> InputOptions:
    from jncli.errors import UsageError

    if unit not in ("yuan", "wan", "yi"):
        raise UsageError(f"--unit must be yuan, wan or yi, not {unit!r}")
    return InputOptions(encoding, sheet, unit, allow_empty)


def output_options(
    format: str | None, output: str | None, no_escape_formulas: bool = False, bom: bool = False
) -> OutputOptions:
    from jncli.errors import UsageError

    formats = ("table", "csv", "tsv", "json", "jsonl", "parquet", "xlsx", "markdown")
    if format is not None and format not in formats:
        raise UsageError(f"--format must be one of {', '.join(formats)}, not {format!r}")
    return OutputOptions(format, output, not no_escape_formulas, bom)


reads_tables = _bundle(
    "inopts",
    input_options,
    {"encoding": (Encoding, None), "sheet": (Sheet, None), "unit": (Unit, "wan"), "allow_empty": (AllowEmpty, False)},
)
writes_table = _bundle(
    "outopts",
    output_options,
    {"format": (Format, None), "output": (Output, None), "no_escape_formulas": (NoEscape, False), "bom": (Bom, False)},
)


def _option(*names: str, **kwargs) -> typer.models.OptionInfo:
    """`typer.Option` that shows no default: the help text says it (or the option has none)."""
    return typer.Option(*names, show_default=False, **kwargs)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jncli {__version__}")
        raise typer.Exit()


# ----------------------------------------------------------------------------------------------------------------------
# The options of each command, in the order of `jncli --help`. Commands that share an option name but not its
# help text each have their own alias, named after the command (CountiesYear, EnterprisesYear, ShopsYear;
# Budget of award-enterprises and AnnualBudget …); ProvinceRuralGrowth is shared as is.

# jncli (the root)
Version = Annotated[
    bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
]
Debug = Annotated[bool, typer.Option("--debug", help="Show the full traceback on errors.")]

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
_PRIOR = (
    "A ledger of what was paid in an earlier year of the policy period (repeatable): enterprises get the top-up "
    "(default: the verified run OUT_DIR/../Y-1, else the earlier years' rows in DATA_DIR)."
)
AnnualPrior = Annotated[list[str] | None, _option("--prior", help=_PRIOR, metavar="LEDGER")]
_FIRST = "Nothing was paid before --year: no earlier year's awards are deducted (else the run stops without them)."
FirstYear = Annotated[bool, typer.Option("--first-year", help=_FIRST)]
_SKIP = "A measure knowingly not run (repeatable): 1, 2 (with 3, 6), 3, 4 or 7; else a missing input stops the run."
Skip = Annotated[list[str] | None, _option("--skip", help=_SKIP, metavar="MEASURE")]
Force = Annotated[
    bool,
    typer.Option("--force", help="Replace OUT_DIR if it holds an earlier annual output (never any other folder)."),
]

# score-counties (and annual: --province-rural-growth)
CountiesYear = Annotated[
    int | None,
    _option(
        "--year",
        help=(
            "Evaluation year (default: the latest year in the input; required for wide input without a year column)."
        ),
        metavar="Y",
    ),
]
ProvinceGrowth = Annotated[
    str | None,
    _option(
        "--province-growth",
        help=(
            "Shandong's average online retail growth for the year, 0.12 or 12% "
            "(default: the policy file's value for that year)."
        ),
        metavar="P",
    ),
]
ProvinceRuralGrowth = Annotated[
    str | None,
    _option(
        "--province-rural-growth",
        help="Shandong's average rural online retail growth, 0.12 or 12% (default: the policy file's value).",
        metavar="R",
    ),
]
CityGrowth = Annotated[
    str | None,
    _option(
        "--city-growth",
        help="Override the city average growth (default: Σ this year / Σ last year − 1 over the scored counties).",
        metavar="C",
    ),
]
CityRuralGrowth = Annotated[
    str | None,
    _option("--city-rural-growth", help="Override the city average rural growth.", metavar="C"),
]
Weights = Annotated[
    str | None,
    _option(
        "--weights",
        help=(
            "Weights of the scale-like and the growth-like indicator in every category, e.g. 0.6,0.4 "
            "(default: the policy file's weights)."
        ),
        metavar="S,G",
    ),
]
Eligibility = Annotated[
    str,
    typer.Option(
        "--eligibility",
        help=(
            "literal: ranks 1-3 over all counties, a top-3 county failing the growth test gets nothing and "
            "nobody moves up; filter-first: counties failing the growth test drop out, the rest take 1-3."
        ),
    ),
]
Reassign = Annotated[
    bool,
    typer.Option(
        "--reassign",
        help=(
            "A county that keeps a higher award elsewhere leaves this ranking and the counties below move up "
            "(default: the vacated place is not passed on)."
        ),
    ),
]
Final = Annotated[
    bool,
    typer.Option(
        "--final",
        help=(
            "One row per county: its final award and the category it came from. "
            "Also reads score-counties output (a pipe)."
        ),
    ),
]
AllowUnknownCounties = Annotated[
    bool,
    typer.Option(
        "--allow-unknown-counties",
        help=(
            "Score rows whose county is not a Jining unit in the policy instead of stopping "
            "(e.g. a province's counties)."
        ),
    ),
]

# award-enterprises
EnterprisesYear = Annotated[
    int | None,
    _option(
        "--year",
        help=(
            "Data year to evaluate and output (default: the latest year in the input); "
            "earlier years only count for the top-up."
        ),
    ),
]
AllYears = Annotated[bool, typer.Option("--all-years", help="Evaluate and output every year in the input, in order.")]
Prior = Annotated[
    list[str] | None,
    _option(
        "--prior",
        help=(
            "An earlier ledger (this command's own output, CSV/Parquet/JSON; repeatable): "
            "what it says each entity received under m2/m6 is deducted (top-up)."
        ),
        metavar="LEDGER",
    ),
]
Budget = Annotated[
    str | None,
    _option(
        "--budget",
        help=(
            "Budget in 万元 for the 'up to' (最高) awards: if their total exceeds it, "
            "each is scaled by budget/total and rounded down to 0.01 万元."
        ),
        metavar="X",
    ),
]
FiscalRatios = Annotated[
    str | None,
    _option(
        "--fiscal-ratios",
        help="Table of county, ratio (0..1) for measure 3 (m3.fiscal); without it no m3 rows.",
        metavar="FILE",
    ),
]
Commendations = Annotated[
    bool,
    typer.Option(
        "--commendations", help="Output the county commendation table (通报表扬, m2.commend) instead of the awards."
    ),
]

# track-shops
ShopsYear = Annotated[
    int | None,
    _option("--year", help="Data year to evaluate (default: the latest year of opened_on)."),
]
By = Annotated[
    str,
    typer.Option(
        "--by",
        help="year: one row per county and rule with the commendations; month: the counts per county per month.",
    ),
]
FromCity = Annotated[
    list[str] | None,
    _option(
        "--from-city",
        help=(
            "A name that also means Jining itself as a shop's origin_city (repeatable), "
            "besides the policy's city names: moves from there are not from outside."
        ),
        metavar="NAME",
    ),
]

# whitelist
Records = Annotated[
    str,
    _option(
        "--records",
        help=(
            "Violation / bad-credit records: credit_code, kind, recorded_on, repaired_on (信用修复); "
            "see `jncli schema records`."
        ),
        metavar="FILE",
    ),
]
Previous = Annotated[
    str | None,
    _option(
        "--previous",
        help=(
            "The last published whitelist: this command's earlier output (any format; full, --only include, "
            "or a combined ledger), or a plain list of credit codes. Fills `change`."
        ),
        metavar="FILE",
    ),
]
WhitelistAsOf = Annotated[
    str | None,
    _option(
        "--as-of",
        help=(
            "Evaluation date: 2023-12-31, 2023/12/31, 20231231 or 2023年12月31日 (default: today). "
            "Sets the records window and `year`."
        ),
        metavar="DATE",
    ),
]
LookbackYears = Annotated[
    int | None,
    _option(
        "--lookback-years",
        help=(
            "Records window: this many years back from --as-of, both ends included "
            "(default: the policy's m7.lookback_years)."
        ),
        metavar="N",
    ),
]
WhitelistOnly = Annotated[
    str | None,
    _option(
        "--only",
        help=(
            "include: the list itself; exclude: the rejected; changes: what the list gains or loses "
            "vs --previous (added, removed), the update the bureau publishes."
        ),
        metavar="include|exclude|changes",
    ),
]

# check-validity
Mode = Annotated[
    str | None,
    _option(
        "--mode",
        help="period or ledger (default: ledger when every input has the ledger columns, else period).",
    ),
]
DateColumn = Annotated[
    str | None,
    _option(
        "--date-column",
        help=(
            "Period mode: the column holding each row's date or year "
            "(default: found by name: date, 日期, year, 年份 …)."
        ),
        metavar="NAME",
    ),
]
ValidityAsOf = Annotated[
    str | None,
    _option(
        "--as-of",
        help="Read no input: say in one line whether the policy is in force on DATE; exit 0 in force, 3 not.",
        metavar="DATE",
    ),
]
ValidityOnly = Annotated[
    str | None,
    _option(
        "--only",
        help=(
            "violations: in period mode write only the rows not in force (ledger mode writes only violations anyway)."
        ),
        metavar="violations",
    ),
]

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
SchemaName = Annotated[
    str | None,
    typer.Argument(
        help="counties, enterprises, fiscal_ratios, shops, candidates, records or ledger; nothing lists them all.",
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
