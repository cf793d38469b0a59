"""Option bundles shared by the commands, defined once (typer `Annotated` aliases).

Every command that reads tables takes `InputOpts`, every command that writes one takes `OutputOpts`;
`input_options(...)` / `output_options(...)` turn the parsed values into the plain objects the
table I/O module takes. No polars here (imported by `jncli --help`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Optional

import typer

IN = "Input"
OUT = "Output"
POL = "Policy"

Files = Annotated[
    Optional[list[str]],
    typer.Argument(help="Input table(s): CSV, TSV, JSON, JSONL, Parquet, Arrow or XLSX; '-' or nothing reads stdin.",
                   show_default=False, metavar="[FILE|-]..."),
]
File = Annotated[
    Optional[str],
    typer.Argument(help="Input table: CSV, TSV, JSON, JSONL, Parquet, Arrow or XLSX; '-' or nothing reads stdin.",
                   show_default=False, metavar="[FILE|-]"),
]
Encoding = Annotated[Optional[str], typer.Option("--encoding", help="Text encoding of the input (default: detect UTF-8/UTF-8-BOM/GB18030/UTF-16).", rich_help_panel=IN)]
Sheet = Annotated[Optional[str], typer.Option("--sheet", help="XLSX sheet: name or 1-based number (default: the first).", rich_help_panel=IN)]
Unit = Annotated[str, typer.Option("--unit", help="Unit of money columns whose header names none: yuan|wan|yi (元/万元/亿元).", rich_help_panel=IN)]

Format = Annotated[Optional[str], typer.Option("--format", "-f", help="table|csv|tsv|json|jsonl|parquet|xlsx|markdown (default: table on a terminal, CSV in a pipe, or from -o's extension).", rich_help_panel=OUT)]
Output = Annotated[Optional[str], typer.Option("--output", "-o", help="Write to FILE atomically (format from its extension unless --format).", rich_help_panel=OUT, metavar="FILE")]
NoEscape = Annotated[bool, typer.Option("--no-escape-formulas", help="Do not prefix CSV/TSV cells starting with = + - @ with ' (OWASP formula-injection escaping).", rich_help_panel=OUT)]
Bom = Annotated[bool, typer.Option("--bom", help="Start CSV/TSV output with a UTF-8 BOM so that Excel shows Chinese correctly.", rich_help_panel=OUT)]
Lang = Annotated[str, typer.Option("--lang", help="Language of basis sentences and notes: zh|en.", rich_help_panel=OUT)]

PolicyFile = Annotated[Optional[str], typer.Option("--policy", help="Policy TOML file (default: $JNCLI_POLICY, else the shipped jining-2022).", rich_help_panel=POL, metavar="FILE")]


@dataclass(frozen=True)
class InputOptions:
    encoding: str | None = None
    sheet: str | None = None
    unit: str = "wan"


@dataclass(frozen=True)
class OutputOptions:
    format: str | None = None
    output: str | None = None
    escape_formulas: bool = True
    bom: bool = False


def input_options(encoding: str | None, sheet: str | None, unit: str = "wan") -> InputOptions:
    from jncli.errors import UsageError

    if unit not in ("yuan", "wan", "yi"):
        raise UsageError(f"--unit must be yuan, wan or yi, not {unit!r}")
    return InputOptions(encoding, sheet, unit)


def output_options(format: str | None, output: str | None, no_escape_formulas: bool = False, bom: bool = False) -> OutputOptions:
    from jncli.errors import UsageError

    formats = ("table", "csv", "tsv", "json", "jsonl", "parquet", "xlsx", "markdown")
    if format is not None and format not in formats:
        raise UsageError(f"--format must be one of {', '.join(formats)}, not {format!r}")
    return OutputOptions(format, output, not no_escape_formulas, bom)


def check_lang(lang: str) -> str:
    from jncli.errors import UsageError

    if lang not in ("zh", "en"):
        raise UsageError(f"--lang must be zh or en, not {lang!r}")
    return lang


def parse_rate(text: str, option_name: str) -> float:
    """A growth rate given on the command line: a fraction (`0.12`, `-0.03`) or a percentage (`12%`, `１２％`).

    A bare number beyond ±1 is refused rather than guessed: `12` would be 1200 %, and a person who typed
    it almost certainly meant 12 %; they write `12%` (or `1200%` if they really mean it).
    """
    import math
    import unicodedata
    from decimal import Decimal, InvalidOperation

    from jncli.errors import UsageError

    raw = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")
    percent = raw.endswith("%")
    number = raw[:-1] if percent else raw
    try:
        value = Decimal(number)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise UsageError(f"{option_name} must be a fraction like 0.12 or a percentage like 12%, not {text!r}")
    if percent:
        value /= 100
    elif abs(value) > 1:
        raise UsageError(f"{option_name} {text} would be {value * 100}%: write {text}% for a percentage, "
                         f"or a fraction such as 0.12")
    result = float(value)
    if not math.isfinite(result):
        raise UsageError(f"{option_name} is out of range: {text!r}")
    return result
