"""The console script `jncli`: answers `jncli --version` before typer, rich or polars is imported
(the version is all it needs); everything else goes to `jncli.cli.main`."""

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from jncli import __version__

        sys.stdout.write(f"jncli {__version__}\n")
        sys.stdout.flush()
        sys.exit(0)
    from jncli.cli import main as run

    run()
