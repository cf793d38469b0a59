"""The options of the commands, defined once: the commands (`jncli.commands`) only name them.

`@reads_tables` gives a command the input options (--encoding, --sheet, --unit, --allow-empty, --strict) and
passes them as one checked `InputOptions` argument `inopts`; `@writes_table` does the same for the output options
(--format, --output, --no-escape-formulas, --bom/--no-bom, --wide, --explain) as `outopts`. Every other option or
argument is a typer `Annotated` alias: the shared ones here (`Files`, `Lang`, `PolicyFile`), each command's in
`options/yearly.py`, `options/measures.py` and `options/tables.py` (all reachable as
`options.X`). No polars here (imported by `jncli --help`).
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
_SHEET = (
    "XLSX sheet: its name, or #N for the N-th (a bare N: the sheet named N, else the N-th) "
    "(default: the one visible sheet holding a table)."
)
Sheet = Annotated[str | None, typer.Option("--sheet", help=_SHEET, rich_help_panel=IN)]
_UNIT = (
    "Unit of money columns whose header names none: yuan|wan|yi (元/万元/亿元; default wan, with a warning when "
    "the values look like 元)."
)
Unit = Annotated[str | None, typer.Option("--unit", help=_UNIT, rich_help_panel=IN, show_default=False)]
_STRICT = "Refuse rows that are not data (title, unit, total and note rows) instead of skipping them with a note."
Strict = Annotated[bool, typer.Option("--strict", help=_STRICT, rich_help_panel=IN)]
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
    bool | None,
    typer.Option(
        "--bom/--no-bom",
        help=(
            "UTF-8 BOM at the start of CSV/TSV, so that Excel on Chinese Windows opens the file correctly "
            "(default: in a file written with -o, never on stdout)."
        ),
        rich_help_panel=OUT,
        show_default=False,
    ),
]
Wide = Annotated[
    bool,
    typer.Option(
        "--wide",
        help="On a terminal: every column at full width, lines longer than the screen (e.g. with | less -S).",
        rich_help_panel=OUT,
    ),
]
Explain = Annotated[
    bool,
    typer.Option("--explain", help="On a terminal: each row's basis sentence under it.", rich_help_panel=OUT),
]
_LANG = (
    "Language: zh|en, of messages, --help and table headers (default: $JNCLI_LANG, else the locale: "
    "LC_ALL, LC_MESSAGES, LANG) and of basis sentences and the report (default: $JNCLI_LANG, else zh)."
)
_HEADERS = (
    "Column headers of the output: en (the stable machine names, the default in files and pipes) or zh (Chinese, "
    "for files people open; jncli reads them back). A table on the terminal follows --lang."
)
Headers = Annotated[str | None, typer.Option("--headers", help=_HEADERS, rich_help_panel=OUT, show_default=False)]
Lang = Annotated[str, typer.Option("--lang", envvar="JNCLI_LANG", show_envvar=False, help=_LANG, rich_help_panel=OUT)]

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
    encoding: str | None, sheet: str | None, unit: str | None = None, allow_empty: bool = False, strict: bool = False
) -> InputOptions:
    from jncli.errors import UsageError

    if unit is not None and unit not in ("yuan", "wan", "yi"):
        raise UsageError(f"--unit must be yuan, wan or yi, not {unit!r}")
    return InputOptions(encoding, sheet, unit, allow_empty, strict)


def output_options(
    format: str | None,
    output: str | None,
    no_escape_formulas: bool = False,
    bom: bool | None = None,
    headers: str | None = None,
    wide: bool = False,
    explain: bool = False,
) -> OutputOptions:
    from jncli.errors import UsageError

    formats = ("table", "csv", "tsv", "json", "jsonl", "parquet", "xlsx", "markdown")
    if format is not None and format not in formats:
        raise UsageError(f"--format must be one of {', '.join(formats)}, not {format!r}")
    if headers is not None and headers not in ("en", "zh"):
        raise UsageError(f"--headers must be en or zh, not {headers!r}")
    from jncli.errors import current_command
    from jncli.ledger import EXPLAINED, terminal_columns

    decision, priority = terminal_columns(current_command[0])
    return OutputOptions(
        format, output, not no_escape_formulas, bom, headers, wide, explain, decision, priority, EXPLAINED
    )


reads_tables = _bundle(
    "inopts",
    input_options,
    {"encoding": (Encoding, None), "sheet": (Sheet, None), "unit": (Unit, None)}
    | {"allow_empty": (AllowEmpty, False), "strict": (Strict, False)},
)
writes_table = _bundle(
    "outopts",
    output_options,
    {"format": (Format, None), "output": (Output, None), "no_escape_formulas": (NoEscape, False), "bom": (Bom, None)}
    | {"headers": (Headers, None), "wide": (Wide, False), "explain": (Explain, False)},
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
_ROOT_LANG = (
    "Language of messages, --help and table headers: zh|en (default: $JNCLI_LANG, else the locale: LC_ALL, "
    "LC_MESSAGES, LANG), and of the basis sentences and the report of a command that writes them; every "
    "command also takes --lang."
)
RootLang = Annotated[str | None, typer.Option("--lang", help=_ROOT_LANG, show_default=False)]


# Each command's own options (imported last: they build on `_option` above).
from jncli.options.measures import *  # noqa: E402, F403, I001
from jncli.options.tables import *  # noqa: E402, F403, I001
from jncli.options.yearly import *  # noqa: E402, F403, I001
