"""The jncli command line: a thin typer app.

Each command parses its options (`jncli.parse`), calls the one step of its measure (`jncli.steps`:
read and conform the inputs, apply the rule; `jncli annual` calls the same steps) and writes the
result through `jncli.tableio`. Every option is declared in `jncli.options` (`opt.…` here): the ones
every table command shares are added by `@reads_tables` / `@writes_table` and passed checked as
`inopts` / `outopts`. Heavy modules (polars) are imported inside the command bodies so that
`jncli --help` and `jncli --version` stay fast.

Errors: `main()` turns every `JncliError` into one line on stderr (`jncli <command>: …`) and its exit
status (1 data, 2 usage, 3 violations); `--debug` shows the traceback instead."""

from __future__ import annotations

import os
import sys

import typer

from jncli import messages
from jncli import options as opt
from jncli.errors import EXIT_DATA, EXIT_INTERRUPTED, EXIT_USAGE, JncliError, clip, current_command, prefix, say
from jncli.messages import aside, labelled, tr, word
from jncli.options.plainhelp import PlainCommand, PlainGroup

_APP = dict(
    name="jncli",
    help="Jining e-commerce support measures (济政字〔2022〕54号) as reproducible table computations.\n\n"
    "Every command reads CSV/TSV/JSON/JSONL/Parquet/Arrow/XLSX from files or stdin and writes a table "
    "(terminal) or CSV (pipe); see `jncli COMMAND --help`.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help, no rich (options/plainhelp.py)
    cls=PlainGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app = typer.Typer(**_APP)

_debug = [False]


@app.callback()
def _root(version: opt.Version = None, debug: opt.Debug = False, lang: opt.RootLang = None) -> None:
    _debug[0] = debug or _debug[0]


# ------------------------------------------------------------------------------------------- main
def _command_name(argv: list[str]) -> str:
    after_lang = False  # `jncli --lang zh cat …`: zh is --lang's value, cat the command
    for arg in argv:
        if not arg.startswith("-") and not after_lang:
            return arg
        after_lang = arg == "--lang"
    return ""


def main(argv: list[str] | None = None) -> None:
    """Console entry point: one-line errors, documented exit statuses, quiet broken pipes."""
    from typer import Abort, Exit

    try:  # typer ≥ 0.22 vendors click
        from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
    except ImportError:  # pragma: no cover
        from click.exceptions import ClickException, NoArgsIsHelpError, UsageError

    args = sys.argv[1:] if argv is None else argv
    _hold_closed_streams()
    current_command[0] = _command_name(args)
    _debug[0] = "--debug" in args or bool(os.environ.get("JNCLI_DEBUG"))
    messages.set_lang(messages.resolve(args))  # before the app is built: its help texts follow it
    runs = any(c.name == current_command[0] for c in app.registered_commands) and not _may_show_help(args)
    command = typer.main.get_command(_only(current_command[0]))
    args = _lang_anywhere(command, args)
    if messages.lang() == "zh":
        from jncli.options.help_zh import chinese_typer, translate_help

        if _may_show_help(args):
            translate_help(command)
        else:  # typer's own words only (its usage errors): no help text of this run can be shown
            chinese_typer()
    try:
        if runs:
            # Every command reads or writes tables through polars. Imported here, near the stack's base, not
            # deep inside click's call chain: Python 3.11 frees a 16 KiB chunk of its frame stack whenever a
            # call returns across the chunk's edge, and polars' import (thousands of nested calls) made deep
            # down crossed it ~1,000 times (mmap/munmap pairs: ~800 page faults, ~10 ms of a 28-row run; issue
            # 18). Inside the `try`, as before: Ctrl-C during the import is "interrupted", a failure one line.
            import polars  # noqa: F401
        _refuse_repeated_options(command, args)
        rv = command.main(args=args, prog_name="jncli", standalone_mode=False)
        code = rv if isinstance(rv, int) else 0
        if code == EXIT_INTERRUPTED:
            # typer turns a KeyboardInterrupt in a command into Exit(130), returned without a word when not
            # standalone (no command of jncli exits 130 itself): said below, as one raised out of typer is
            raise KeyboardInterrupt
    except Exit as e:
        code = e.exit_code
    except ClickException as e:
        if isinstance(e, UsageError) and not isinstance(e, NoArgsIsHelpError):
            # one line, as every other error (click's own is usage text, a blank line and the error)
            where = e.ctx.command_path if e.ctx else "jncli"
            text = clip(tr(e.format_message()))
            say(f"{prefix()}{text}{aside('see', where + ' --help')}\n", optional=True)
        elif isinstance(e, NoArgsIsHelpError) and e.ctx is not None:
            sys.stdout.write(e.ctx.get_help() + "\n")  # bare `jncli`: the help, as --help prints it (exit 2)
        else:
            e.show()
        code = e.exit_code if e.exit_code else EXIT_USAGE
    except (Abort, KeyboardInterrupt):
        say(f"{prefix()}{word('interrupted')}\n", optional=True)
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        code = _quiet_broken_pipe()
    except JncliError as e:
        if _debug[0]:
            raise
        say(f"{prefix()}{e.line()}\n", optional=True)
        for detail in e.details:
            say(f"  {clip(tr(detail))}\n", optional=True)
        code = e.exit_code
    except Exception as e:  # a bug or an unforeseen input: still one line unless --debug
        if _debug[0]:
            raise
        if isinstance(e, OSError) and e.errno == 32:
            code = _quiet_broken_pipe()
        else:
            msg = clip(tr(str(e))) or type(e).__name__
            hint = tr("rerun with --debug for the traceback")
            say(f"{prefix()}{labelled('error', msg)}{aside('hint', hint)}\n", optional=True)
            code = EXIT_DATA
    except BaseException as e:  # a panic inside polars (pyo3's PanicException is no Exception): as above
        if _debug[0] or type(e).__name__ != "PanicException":
            raise
        msg = clip(tr(str(e))) or type(e).__name__
        say(
            f"{prefix()}{labelled('error', msg)}{aside('hint', tr('rerun with --debug for the traceback'))}\n",
            optional=True,
        )
        code = EXIT_DATA
    try:
        if sys.stdout is not None:  # None: stdout closed (`>&-`), which a command writing nothing there never minds
            sys.stdout.flush()
    except (BrokenPipeError, OSError, ValueError):
        code = _quiet_broken_pipe() if code == 0 else code
    sys.exit(code)


def _hold_closed_streams() -> None:
    """A standard stream the caller closed (`>&-`, `2>&-`) is held on /dev/null, read-only: else the first file
    jncli opens would get its number, and a line meant for stdout or stderr (a library's) would land in it. Python
    keeps the stream None (nothing is written there by jncli: `say`, the table writer)."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            try:
                held = os.open(os.devnull, os.O_RDONLY)
                if held != fd:
                    os.dup2(held, fd)
                    os.close(held)
            except OSError:
                pass


def _may_show_help(args: list[str]) -> bool:
    """Can this run show a help text: `--help`, `-h` (alone or among other short flags, before `--`), the bare
    `jncli` (the root's help), or shell completion (which describes each option by its help)? Only then are
    the help texts put in Chinese — looking each up loads the whole message table (~8 ms of every Chinese run,
    issue 18). A run that cannot show one prints nothing of them; an argument that merely looks like a help
    flag (`-o -h`) only translates texts that are then not shown."""
    if not current_command[0] or os.environ.get("_JNCLI_COMPLETE"):
        return True
    for arg in args:
        if arg == "--":
            return False
        if arg.startswith("--help") or (arg.startswith("-") and not arg.startswith("--") and "h" in arg):
            return True
    return False


def _lang_anywhere(command, args: list[str]) -> list[str]:
    """`--lang` is read by every command (`messages.resolve`): a command without its own `--lang`
    (cat, schema …) gets the line without it, so that `jncli cat --lang zh x.csv` works; a command with its
    own (the language of its records: basis sentences, the report) gets the one given before its name when
    none follows it, so that `jncli --lang en award-enterprises …` is `jncli award-enterprises --lang en …`."""
    chosen = getattr(command, "commands", {}).get(current_command[0])
    if chosen is None:
        return args
    if any("--lang" in p.opts for p in chosen.params):
        return _root_lang_carried(args)
    out, skip = [], False
    for i, arg in enumerate(args):
        if skip:
            skip = False
        elif arg == "--":
            return out + args[i:]
        elif arg == "--lang" and i > args.index(current_command[0]):
            skip = True
        elif arg.startswith("--lang=") and i > args.index(current_command[0]):
            continue
        else:
            out.append(arg)
    return out


def _root_lang_carried(args: list[str]) -> list[str]:
    """The line with the `--lang` given before the command's name (the last one) repeated right after that name,
    unless the command's own part of the line has one (that one is the command's, as before)."""
    at = args.index(current_command[0])
    end = args.index("--") if "--" in args[at:] else len(args)
    if any(a == "--lang" or a.startswith("--lang=") for a in args[at + 1 : end]):
        return args
    given = None
    for i, arg in enumerate(args[:at]):
        if arg == "--lang" and i + 1 < at:
            given = args[i + 1]
        elif arg.startswith("--lang="):
            given = arg.removeprefix("--lang=")
    return args if given is None else [*args[: at + 1], "--lang", given, *args[at + 1 :]]


def _refuse_repeated_options(command, args: list[str]) -> None:
    """An option that takes one value, given twice, is a usage error (exit 2) naming it and both values: click
    keeps the last one silently (`whitelist --records court.csv --records tax.csv` read tax.csv only). Repeatable
    options (`--insurance`), flags and counts may repeat. `--opt=v`, `-o v` and `-ov` are the same option."""
    from jncli.errors import UsageError

    chosen = getattr(command, "commands", {}).get(current_command[0])
    if chosen is None or current_command[0] not in args:
        return
    takes: dict[str, object] = {}  # option string → its parameter, for every option that takes a value
    for p in chosen.params:
        if getattr(p, "param_type_name", "") == "option" and not p.is_flag and not p.count:
            takes.update(dict.fromkeys(p.opts, p))
    seen: dict[str, tuple[str, str]] = {}  # parameter name → (the option as written, its value)
    rest = iter(args[args.index(current_command[0]) + 1 :])
    for arg in rest:
        if arg == "--":
            return
        name, value = arg, None
        if arg.startswith("--") and "=" in arg:
            name, value = arg.split("=", 1)
        elif not arg.startswith("--") and arg.startswith("-") and len(arg) > 2 and arg[:2] in takes:
            name, value = arg[:2], arg[2:]
        p = takes.get(name)
        if p is None:
            continue
        if value is None:
            value = next(rest, "")
        if p.multiple:
            continue
        if p.name in seen:
            first, before = seen[p.name]
            shown = first if first == name else f"{first}/{name}"
            raise UsageError(
                f"{shown} is given twice ({before!r} and {value!r}): it takes one value",
                "give it once; jncli does not pick one",
            )
        seen[p.name] = (name, value)


def _only(name: str) -> typer.Typer:
    """The app with just the command being run: typer inspects every command's signature when it
    builds the command tree, which costs more start-up time than the command itself on small inputs."""
    chosen = [c for c in app.registered_commands if c.name == name]
    if not chosen and not name and not os.environ.get("_JNCLI_COMPLETE"):
        return _listing()  # the root help: the command list needs each command's name and help only
    if not chosen:
        return app  # an unknown command (typer says which ones exist)
    single = typer.Typer(**_APP)
    single.registered_callback = app.registered_callback
    single.registered_commands = chosen
    return single


def _listing() -> typer.Typer:
    """The app for `jncli`, `jncli --help`: every command with a callback that takes no parameters and
    has the same docstring, so typer lists them without inspecting every signature (a third of the
    root help's time); no command can run from it, as `_command_name` found none in the arguments."""
    import copy

    listing = typer.Typer(**_APP)
    listing.registered_callback = app.registered_callback
    for info in app.registered_commands:
        stub = copy.copy(info)

        def _stub() -> None:  # pragma: no cover - never called: the root is only asked for help
            raise AssertionError("the root listing runs no command")

        _stub.__doc__ = info.callback.__doc__ if info.callback else None
        stub.callback = _stub
        listing.registered_commands.append(stub)
    return listing


def _quiet_broken_pipe() -> int:
    # `jncli … | head`: the reader left; exit quietly (and stop Python complaining at shutdown).
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
    return 0


# The commands register themselves on `app` (defined above), in the order `jncli --help` lists them.
from jncli.commands import yearly  # noqa: E402, F401, I001
from jncli.commands import measures  # noqa: E402, F401, I001
from jncli.commands import compare  # noqa: E402, F401, I001
from jncli.commands import tables  # noqa: E402, F401, I001

for _info in app.registered_commands:  # typer makes each a TyperCommand: plain help instead
    _info.cls = PlainCommand
