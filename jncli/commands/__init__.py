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
    """The policy in force (--policy, else $JNCLI_POLICY, else the shipped file); when it is not the shipped file,
    a note on stderr says which it is and where it came from, once per command (review 25 F3: a what-if copy left
    in $JNCLI_POLICY paid silently)."""
    from jncli.policy import load_policy

    policy = load_policy(path)
    policy_note(policy, path)
    return policy


_noted: list[bool] = [False]


def policy_note(policy, path: str | None) -> None:
    """Say on stderr, once, that `policy` (chosen by `path`, else $JNCLI_POLICY) is not the shipped file: a note,
    never a warning (it changes no exit status), never stdout."""
    from jncli.policy import DEFAULT_POLICY, is_shipped, policy_path

    chosen = policy_path(path)
    if _noted[0] or chosen is None or is_shipped(policy):
        return
    _noted[0] = True
    how = "--policy" if path else "$JNCLI_POLICY"
    note(f"policy: {chosen} (from {how}), not the shipped {DEFAULT_POLICY}")
