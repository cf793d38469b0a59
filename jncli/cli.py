"""The jncli command line: a thin typer app.

Each command parses its options, reads tables through `jncli.tableio`, calls a pure rule from
`jncli.rules`, and writes the result through `jncli.tableio`. Heavy modules (polars) are imported
inside the command bodies so that `jncli --help` and `jncli --version` stay fast.

Errors: `main()` turns every `JncliError` into one line on stderr (`jncli <command>: …`) and its exit
status (1 data, 2 usage, 3 violations); `--debug` shows the traceback instead.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Optional

import typer

from jncli import __version__
from jncli.errors import EXIT_DATA, EXIT_USAGE, JncliError, current_command, prefix
from jncli.options import (Bom, Encoding, File, Files, Format, Lang, NoEscape, Output, PolicyFile, Sheet, Unit,
                           check_lang, input_options, output_options)

app = typer.Typer(
    name="jncli",
    help="Jining e-commerce support measures (济政字〔2022〕54号) as reproducible table computations.\n\n"
         "Every command reads CSV/TSV/JSON/JSONL/Parquet/Arrow/XLSX from files or stdin and writes a table "
         "(terminal) or CSV (pipe); see `jncli COMMAND --help`.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)

_debug = [False]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jncli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback on errors.")] = False,
) -> None:
    _debug[0] = debug or _debug[0]


def _policy(path: str | None):
    from jncli.policy import load_policy

    return load_policy(path)


# ------------------------------------------------------------------------------------------- policy
@app.command("policy")
def policy_cmd(
    format: Format = None,
    output: Output = None,
    lang: Lang = "zh",
    policy: PolicyFile = None,
) -> None:
    """The policy in force: every parameter with the article it comes from and the clause text.

    Example: `jncli policy --lang en`
    """
    from jncli import describe, tableio

    pol = _policy(policy)
    table = describe.policy_table(pol, check_lang(lang))
    tableio.write_table(table, output_options(format, output))


# ------------------------------------------------------------------------------------------- schema
@app.command("schema")
def schema_cmd(
    name: Annotated[Optional[str], typer.Argument(help="counties, enterprises, fiscal_ratios, shops, candidates, records or ledger; nothing lists them all.", show_default=False)] = None,
    format: Format = None,
    output: Output = None,
) -> None:
    """The canonical input tables: every column, its type, unit, whether required, and the aliases accepted.

    Example: `jncli schema counties`
    """
    from jncli import describe, tableio

    tableio.write_table(describe.schema_table(name), output_options(format, output))


# ------------------------------------------------------------------------------------------- cat
@app.command("cat")
def cat_cmd(
    files: Files = None,
    as_: Annotated[Optional[str], typer.Option("--as", help="Check against a schema first: map headers, convert units to 万元, check types (see `jncli schema`).", metavar="NAME")] = None,
    encoding: Encoding = None,
    sheet: Sheet = None,
    unit: Unit = "wan",
    format: Format = None,
    output: Output = None,
    no_escape_formulas: NoEscape = False,
    bom: Bom = False,
) -> None:
    """Read any supported table(s) and write them in the chosen format.

    Without `--as` every value passes through as text, exactly as read. With `--as NAME` the headers
    are mapped, money converted to 万元 and types checked; all problems are listed and the exit status is 1.

    Example: `jncli cat --as counties samples/counties.csv -o counties.parquet`
    """
    from jncli import tableio

    inopts = input_options(encoding, sheet, unit)
    outopts = output_options(format, output, no_escape_formulas, bom)
    tables = tableio.read_tables(files, inopts)
    if as_ is None:
        frame = tableio.concat_raw(tables)
    else:
        frame = tableio.conform_all(tables, as_, inopts, all_problems=True)
    tableio.write_table(frame, outopts)


# ------------------------------------------------------------------------------------------- samples
@app.command("samples")
def samples_cmd(
    output_dir: Annotated[str, typer.Option("--output-dir", "-o", help="Folder to write the data sets into (created if needed).", metavar="DIR")] = "samples",
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives byte-identical files.")] = 2022,
    shops: Annotated[int, typer.Option("--shops", help="Number of shops in the registry (10,000,000 works in bounded memory).")] = 3000,
    enterprises: Annotated[int, typer.Option("--enterprises", help="Number of enterprises per year.")] = 60,
    shops_format: Annotated[str, typer.Option("--shops-format", help="csv or parquet for the shop registry.")] = "csv",
) -> None:
    """Write deterministic synthetic data sets for every command (clearly synthetic: not real statistics).

    Example: `jncli samples -o /tmp/jn --seed 7 --shops 100000`
    """
    from jncli import samples

    written = samples.write_samples(output_dir, seed=seed, shops=shops, enterprises=enterprises, shops_format=shops_format)
    for path in written:
        sys.stderr.write(f"{prefix()}wrote {path}\n")


# ------------------------------------------------------------------------------------------- main
def _command_name(argv: list[str]) -> str:
    for arg in argv:
        if not arg.startswith("-"):
            return arg
    return ""


def main(argv: list[str] | None = None) -> None:
    """Console entry point: one-line errors, documented exit statuses, quiet broken pipes."""
    from typer import Abort, Exit

    try:  # typer ≥ 0.22 vendors click
        from typer._click.exceptions import ClickException
    except ImportError:  # pragma: no cover
        from click.exceptions import ClickException

    args = sys.argv[1:] if argv is None else argv
    current_command[0] = _command_name(args)
    _debug[0] = "--debug" in args or bool(os.environ.get("JNCLI_DEBUG"))
    command = typer.main.get_command(app)
    try:
        rv = command.main(args=args, prog_name="jncli", standalone_mode=False)
        code = rv if isinstance(rv, int) else 0
    except Exit as e:
        code = e.exit_code
    except ClickException as e:
        e.show()
        code = e.exit_code if e.exit_code else EXIT_USAGE
    except (Abort, KeyboardInterrupt):
        sys.stderr.write(f"{prefix()}interrupted\n")
        code = 130
    except BrokenPipeError:
        code = _quiet_broken_pipe()
    except JncliError as e:
        if _debug[0]:
            raise
        sys.stderr.write(f"{prefix()}{e.line()}\n")
        for detail in e.details:
            sys.stderr.write(f"  {' '.join(detail.split())}\n")
        code = e.exit_code
    except Exception as e:  # a bug or an unforeseen input: still one line unless --debug
        if _debug[0]:
            raise
        if isinstance(e, OSError) and e.errno == 32:
            code = _quiet_broken_pipe()
        else:
            msg = " ".join(str(e).split()) or type(e).__name__
            sys.stderr.write(f"{prefix()}error: {msg} (hint: rerun with --debug for the traceback)\n")
            code = EXIT_DATA
    try:
        sys.stdout.flush()
    except (BrokenPipeError, OSError):
        code = _quiet_broken_pipe() if code == 0 else code
    sys.exit(code)


def _quiet_broken_pipe() -> int:
    # `jncli … | head`: the reader left; exit quietly (and stop Python complaining at shutdown).
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
    return 0
