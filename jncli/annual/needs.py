"""Which measure needs which tables: the yearly run runs every measure, or stops naming what is missing.

A measure whose input is missing from DATA would pay nothing and the run would still exit 0, so it
stops the run (exit 1) — unless `--skip MEASURE` says the measure is knowingly not run this year; the
report and the manifest name every measure skipped. The table below is the whole of that knowledge:
a new measure adds one entry (and its step in `compute.run`).
"""

from __future__ import annotations

from typing import NamedTuple

from jncli.errors import DataError, UsageError
from jncli.needed_columns import COLUMNS, as_triples


class Need(NamedTuple):  # immutable record: ~0.1 ms to create, a frozen dataclass ~0.7 ms
    """One unit of the yearly run that `--skip` can name."""

    key: str  # what --skip takes: the article number
    articles: tuple[int, ...]  # the policy articles it decides
    steps: tuple[str, ...]  # the steps of compute.STEPS that run it (none: a part of another step)
    required: tuple[str, ...]  # table kinds that must be in DATA
    optional: tuple[str, ...] = ()  # kinds it reads when there
    # (kind, column, the rules that would pay nothing without it): a column it cannot do without. Optional in
    # the schema, required here: the yearly run must not pay with it missing (`jncli.needed_columns`, the
    # table the measure commands stop by too).
    columns: tuple[tuple[str, str, str], ...] = ()
    names: tuple[str, ...] = ()  # other names --skip accepts (the command)
    what: str = ""  # a few words for messages
    inside: str | None = None  # the need whose step computes it: skipping that one skips this one
    uses: str | None = None  # the need whose result it reads: skipping that one skips this one too


NEEDS: tuple[Need, ...] = (
    Need("1", (1,), ("score-counties",), ("counties",), names=("score-counties",), what="county awards"),
    Need(
        "2",
        (2, 6),
        ("award-enterprises", "commendations"),
        ("enterprises",),
        columns=as_triples(COLUMNS["2"]),
        names=("award-enterprises",),
        what="enterprise tiers and titles, demonstration bases (article 6, decided with 2 under 就高), "
        "county commendations",
    ),
    Need(
        "3",
        (3,),
        (),  # computed inside award-enterprises, with the fiscal ratios
        ("enterprises", "fiscal_ratios"),
        columns=as_triples(COLUMNS["3"]),
        what="the fiscal reward (m3.fiscal)",
        inside="2",
    ),
    Need(
        "4",
        (4,),
        ("track-shops", "track-shops-by-month"),
        ("shops",),
        columns=as_triples(COLUMNS["4"]),
        names=("track-shops",),
        what="shop counts",
    ),
    Need("7", (7,), ("whitelist",), ("candidates", "records"), names=("whitelist",), what="the whitelist"),
    Need(
        "8",
        (8,),
        ("trained-hires",),
        ("hires", "insurance"),
        optional=("county_rates",),
        names=("trained-hires",),
        what="trained hires",
        uses="7",  # its training institutions are the whitelist's: without it, hires would be refused wrongly
    ),
)


def need(key: str) -> Need:
    return next(n for n in NEEDS if n.key == key)


def parse_skip(values: tuple[str, ...] | list[str], own_input: tuple[str, ...] = ()) -> tuple[str, ...]:
    """`--skip` values (1, m1, score-counties …) → need keys, in table order. UsageError on a name that
    is none (an article computed with another one names that one). `own_input`: needs given their own copy of
    the result they read (measure 8 with `annual --trainers`): skipping that result does not skip them."""
    chosen = set()
    for value in values:
        v = str(value).strip().lower()
        if v.startswith("m") and v[1:].isdigit():
            v = v[1:]
        found = [n.key for n in NEEDS if v == n.key or v in n.names]
        if not found:
            joined = [n for n in NEEDS if v.isdigit() and int(v) in n.articles]
            if joined:
                n = joined[0]
                raise UsageError(
                    f"--skip {value}: measure {v} is decided together with measure {n.key} (就高)",
                    f"--skip {n.key} skips measures {', '.join(map(str, n.articles))}",
                )
            keys = ", ".join(n.key for n in NEEDS)
            raise UsageError(
                f"--skip {value}: not a measure of the yearly run", f"one of {keys} (or m1 …, or the command's name)"
            )
        chosen.update(found)
    chosen |= {n.key for n in NEEDS if n.inside in chosen}
    chosen |= {n.key for n in NEEDS if n.uses in chosen and n.key not in own_input}
    if "8" in own_input and "8" in chosen:
        raise UsageError("--trainers is read by measure 8 only, and --skip 8 skips it", "leave --trainers out")
    return tuple(n.key for n in NEEDS if n.key in chosen)


def why_skipped(key: str, skip: tuple[str, ...]) -> str:
    """Why need `key` does not run: `--skip K`, or the need it reads the result of was skipped."""
    n = need(key)
    if n.inside in skip:
        return f"--skip {n.inside} (measure {key} is computed with measure {n.inside})"
    if n.uses in skip:
        return f"--skip {n.uses} (measure {key} reads measure {n.uses}'s result)"
    return f"--skip {key}"


def skipped_steps(skip: tuple[str, ...]) -> dict[str, str]:
    """step name → why it does not run, for the needs skipped."""
    return {step: why_skipped(n.key, skip) for n in NEEDS if n.key in skip for step in n.steps}


def check(
    kinds_present: set[str],
    columns: dict[str, list[tuple[str, set[str]]]],
    skip: tuple[str, ...],
    data_name: str,
    more: dict[str, tuple[tuple[str, str, str], ...]] | None = None,
) -> None:
    """Stop the run when a measure that is not skipped lacks a table or a column it needs.

    `kinds_present`: the kinds found in DATA; `columns`: kind → (file name, the schema columns it
    holds) for each file of the kind — every file of a kind must hold a column a measure needs (an empty column says
    none reported), not only one of them; `more`:
    need key → columns it needs that depend on the policy (measure 1's rankings)."""
    more = more or {}
    for n in NEEDS:
        if n.key in skip:
            continue
        missing = [k for k in n.required if k not in kinds_present]
        if missing:
            hint = f"add the table to {data_name}, or pass --skip {n.key} if measure {n.key} is knowingly not run"
            if len(missing) == 1:  # a measure reads at most two tables: each case a whole template (its Chinese)
                raise DataError(
                    f"{data_name}: measure {n.key} ({n.what}) has no input: no {missing[0]} table "
                    f"(see `jncli schema {missing[0]}`)",
                    hint,
                )
            raise DataError(
                f"{data_name}: measure {n.key} ({n.what}) has no input: no {missing[0]} and no {missing[1]} table "
                f"(see `jncli schema {missing[0]}`)",
                hint,
            )
        for kind, column, rules in (*n.columns, *more.get(n.key, ())):
            files = columns.get(kind, [])
            lacking = [name for name, held in files if column not in held]
            if lacking and len(lacking) < len(files):  # several files of a kind: each must hold it
                name = lacking[0]
                raise DataError(
                    f"{name}: measure {n.key} ({n.what}) needs the column {column} in every {kind} file, and this "
                    f"one has none (the other {kind} files have it): without it {rules} would pay its rows nothing "
                    f"(see `jncli schema {kind}`)",
                    f"add the column to {name} (empty cells where none is reported), or pass --skip {n.key} if "
                    f"measure {n.key} is knowingly not run",
                )
            if lacking or not files:
                raise DataError(
                    f"{data_name}: measure {n.key} ({n.what}) needs the column {column} in the {kind} table: "
                    f"without it {rules} would pay nothing (see `jncli schema {kind}`)",
                    f"add the column, or pass --skip {n.key} if measure {n.key} is knowingly not run",
                )


def used_kinds(skip: tuple[str, ...]) -> set[str]:
    """The kinds some measure that runs reads."""
    return {k for n in NEEDS if n.key not in skip for k in (*n.required, *n.optional)}
