"""The console script `jncli`: answers `jncli --version` before typer, rich or polars is imported
(the version is all it needs); everything else goes to `jncli.cli.main`."""

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
    from jncli.cli import main as run

    run()
