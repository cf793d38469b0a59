"""The commands of the typer app (`jncli.cli.app`), registered when `jncli.cli` is imported, in the
order `jncli --help` lists them. Each parses its options, calls one step and writes the result."""

from __future__ import annotations

from jncli.errors import note, warn


def emit(result, outopts) -> None:
    """A rule's notes and warnings to stderr, its table to the output."""
    from jncli import tableio

    for line in result.notes:
        note(line)
    for line in result.warnings:
        warn(line)
    tableio.write_table(result.table, outopts)


def load_policy(path: str | None):
    from jncli.policy import load_policy

    return load_policy(path)
