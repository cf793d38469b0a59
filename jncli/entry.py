"""The console script `jncli`: answers `jncli --version` before typer, rich or polars is imported
(the version is all it needs); everything else goes to `jncli.cli.main`."""

import gc
import os
import sys


def main() -> None:
    if sys.argv[1:] == ["--version"] and sys.stdout is not None:
        from jncli import __version__

        try:
            sys.stdout.write(f"jncli {__version__}\n")
            sys.stdout.flush()
        except BrokenPipeError:  # `jncli --version | true`: quiet, as jncli.cli.main is
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    # Python's cycle collector runs every 700 new container objects: importing polars, typer, pygal and
    # xlsxwriter and a yearly run's report (pygal's and xlsxwriter's many small objects) set it off ~130
    # times, ~0.03 s CPU of `jncli annual` on the samples (issue 18), while jncli makes almost no reference
    # cycles (its data lives in polars). A higher first threshold, as mypy sets for the same reason; cycles
    # are still collected, only in larger batches.
    gc.set_threshold(200_000, 30, 30)
    _no_last_collections()
    try:
        from jncli.cli import main as run

        run()
    except KeyboardInterrupt:  # Ctrl-C before cli.main's own handler is in place (importing typer, building the app)
        _interrupted()


def _no_last_collections() -> None:
    """At exit, Python's cycle collector walks every object the process made or imported once more before
    the operating system takes the memory back: ~0.1 s of CPU after a yearly run, ~0.05 s after a 28-row
    score-counties (issue 18), more than their own work. Objects frozen at exit (`gc.freeze`) are left out
    of those last walks; the exit is otherwise as before: registered first, it runs after every other
    atexit handler (temporary folders removed), the standard streams are flushed after it, and outputs
    were written, fsynced and closed before."""
    import atexit

    atexit.register(gc.freeze)


def _interrupted() -> None:
    """`jncli: interrupted` (in the run's language), exit 130, as cli.main says it once its handler is in place:
    no traceback for a Ctrl-C in the first tens of milliseconds."""
    try:
        from jncli.errors import EXIT_INTERRUPTED, prefix
        from jncli.messages import resolve, set_lang, word

        set_lang(resolve(sys.argv[1:]))
        line, code = f"{prefix()}{word('interrupted')}\n", EXIT_INTERRUPTED
    except BaseException:  # interrupted while those very modules were imported: the English line
        line, code = "jncli: interrupted\n", 128 + 2  # 128 + SIGINT, the shell's convention
    try:
        sys.stderr.write(line)
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # no stderr to say it on: the status says it
        pass
    sys.exit(code)
