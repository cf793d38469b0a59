"""The steps over ledgers: `check-validity` (the ledger checks, or the policy period of dated tables) and
`compare` (two ledgers or two `annual` output folders), shared by their commands and `annual` as the measures'
steps in `jncli.steps` are; kept apart so that module stays short.

本措施自2022年11月10日起施行，有效期至2023年12月31日。……以上奖励政策按就高原则执行，不重复享受。
(The checks themselves are `jncli.rules.validity`.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from jncli.errors import DataError, UsageError
from jncli.settings import InputOptions
from jncli.steps import Sources, _for_ledger, _tables

if TYPE_CHECKING:
    import datetime as dt

    import polars as pl

    from jncli.policy import Policy
    from jncli.rules import RuleResult


# ------------------------------------------------------------------------------------------- validity
def policy_in_force(day: dt.date, policy: Policy, lang: str = "zh") -> tuple[bool, str]:
    """`check-validity --as-of`: is the policy in force on `day`? (answer, one line saying why)."""
    from jncli.rules import validity

    return validity.as_of(day, policy, lang)


def check_validity(
    sources: Sources,
    policy: Policy,
    inopts: InputOptions | None = None,
    *,
    mode: str | None = None,
    date_column: str | None = None,
    only: bool = False,
    lang: str = "zh",
    warn: Callable[[str], None] | None = None,
) -> tuple[RuleResult, bool]:
    """The ledger checks (就高/不重复享受) or the policy period of dated tables: (result, anything violated?).

    `mode` None chooses: ledger when every input has the ledger columns, else period (a ledger beside
    other tables is refused: its checks must not vanish). Period mode adds `in_force` and `reason` to
    every row of each table (`only`: the rows not in force) and notes how many are not in force; each
    table's warnings go to `warn` as soon as it is checked (before a later table can fail), else into
    the result.
    """
    import polars as pl

    from jncli import tableio
    from jncli.rules import RuleResult, validity

    tables = _tables(sources, inopts)
    if mode is None:
        if date_column is None:  # the header as conform finds it: an XLSX title row above it is read as a header
            strict = bool(inopts and inopts.strict)
            tables = [tableio.settle(t, validity.is_ledger, strict=strict) for t in tables]
        ledgers = [validity.is_ledger(t.columns) for t in tables]
        if date_column is None and any(ledgers) and not all(ledgers):
            # a ledger would silently get the period check only: the 就高 checks must not vanish
            ledger, other = tables[ledgers.index(True)].source, tables[ledgers.index(False)].source
            raise UsageError(
                f"{ledger} is a ledger but {other} is not: check ledgers and other tables in separate "
                f"runs (or say --mode period)"
            )
        mode = "ledger" if date_column is None and all(ledgers) else "period"
    if mode == "ledger":
        result = validity.check_ledger(tableio.conform_all(tables, "ledger", inopts), policy, lang=lang)
        return result, result.table.height > 0

    parts, warnings = [], []
    for t in tables:
        column = date_column or validity.find_date_column(t.columns, t.source)
        if column is None:
            raise DataError(
                f"{t.source}: neither a ledger (beneficiary, measure, rule, year, award, status) nor a "
                f"table with a date or year column (found: {', '.join(map(str, t.columns)) or 'none'})",
                hint="name the date column with --date-column NAME",
            )
        part = validity.check_period(t.frame.collect(), policy, column, fmt=t.format, lang=lang)
        for line in part.warnings:
            (warn or warnings.append)(f"{t.source}: {line}")
        parts.append(part.table)
    table = parts[0] if len(parts) == 1 else pl.concat(parts, how="diagonal_relaxed")
    outside = table.height - int(table.get_column("in_force").sum())
    notes = [f"{outside} of {table.height} row(s) not in force"] if outside > 0 else []
    if only:
        table = table.filter(~pl.col("in_force"))
    return RuleResult(table, warnings, notes), outside > 0


def check_ledger(ledger: pl.DataFrame, policy: Policy, *, name: str, lang: str = "zh") -> RuleResult:
    """A combined ledger built in memory (annual), checked as `jncli check-validity NAME` would check it
    written out: violations name `name` and its row (the header is row 1)."""
    import polars as pl

    from jncli.rules import validity

    checked = ledger.with_columns(_source=pl.lit(name), _row=pl.int_range(2, pl.len() + 2, dtype=pl.Int64))
    return validity.check_ledger(checked, policy, lang=lang)


# ------------------------------------------------------------------------------------------- compare
def compare(a: str, b: str, inopts: InputOptions | None = None, *, summary: bool = False, only: str | None = None):
    """`jncli compare A B`: two ledgers or two `annual` output folders, row by row (`only` "changed": the
    rows that differ) or, with `summary`, per measure and county. Returns a RuleResult."""
    import polars as pl

    from jncli.analysis import compare as cmp
    from jncli.rules import RuleResult

    if only not in (None, "changed"):
        raise UsageError(f"--only takes one value, changed, not {only!r}")
    if summary and only:
        raise UsageError("--summary totals every row of both runs; it does not go with --only")
    if a in (None, "-") and b in (None, "-"):
        raise UsageError("A and B cannot both read stdin; give files or folders")
    left, right = run_ledger(a, inopts), run_ledger(b, inopts)
    rows = cmp.compare(left, right, names=(a, b))
    if only == "changed":
        rows = rows.filter(pl.col("change") != "same")
    names = ("A" if a in (None, "-") else a, "B" if b in (None, "-") else b)
    said = cmp.year_warnings(left, right, names) + cmp.code_warnings(left, right, rows, names)
    return RuleResult(cmp.summary(rows) if summary else rows, warnings=said)


def run_ledger(source: str, inopts: InputOptions | None = None, *, with_path: bool = False):
    """A ledger to compare: a ledger file (any format, '-' stdin), or an `annual` output folder — its
    ledger, with each row's county from the measures' tables beside it (the ledger itself has none).
    `with_path`: (ledger, the file read)."""
    import os

    import polars as pl

    from jncli import tableio
    from jncli.analysis.compare import with_counties

    opts = _for_ledger(inopts)
    if source is None or not os.path.isdir(source):
        ledger = tableio.conform_all(_tables(source, opts), "ledger", opts)
        return (ledger, source) if with_path else ledger
    names = os.listdir(source)
    name, checked = _folder_ledger(source, names)
    path = os.path.join(source, name)
    read = _tables(path, opts)
    # written or replaced between its check against the manifest and its reading: not the run it was checked as
    if checked is not None and read[0].identity != checked:
        raise DataError(
            f"{path}: the file changed between its check against manifest.json and its reading",
            "run again when nothing writes the folder",
        )
    ledger = tableio.conform_all(read, "ledger", opts)
    tables = []
    for name in sorted(names):
        if name.endswith(".parquet") and name not in ("ledger.parquet", "check-validity.parquet", "compare.parquet"):
            (table,) = _tables(os.path.join(source, name), opts)
            tables.append(table.frame.collect() if isinstance(table.frame, pl.LazyFrame) else table.frame)
    ledger = with_counties(ledger, tables)
    return (ledger, path) if with_path else ledger


def _folder_ledger(source: str, names: list[str]) -> tuple[str, tuple | None]:
    """The ledger file of an `annual` output folder to compare: the folder as `verify` sees it. With its
    manifest.json, ledger.parquet (ledger.csv without it) — and each of the two the folder holds must be the
    file the run wrote (the SHA-256 the manifest records): a ledger.csv corrected by hand is not what the
    folder's other ledger says, and reading either would show a comparison of neither (review 18, F4).
    Without a manifest: ledger.csv (the file people edit) if there is one, else ledger.parquet."""
    import json
    import os

    from jncli.digest import Changed, file_sha256, identity

    found = [name for name in ("ledger.parquet", "ledger.csv") if name in names]
    if "manifest.json" not in names:
        if not found:
            raise UsageError(f"{source} is a folder but not an `annual` output (it has no manifest.json)")
        return found[-1], None
    if not found:
        raise DataError(f"{source}: no ledger.parquet or ledger.csv in this annual output")
    manifest = os.path.join(source, "manifest.json")
    try:
        with open(manifest, "rb") as f:  # a small JSON file of our own, not a data table
            recorded = {o["file"]: o["sha256"] for o in json.loads(f.read().decode("utf-8"))["outputs"]}
    except (OSError, ValueError, RecursionError, KeyError, TypeError):
        path = os.path.join(source, found[-1])
        raise DataError(
            f"{manifest}: not a readable jncli annual manifest, so the ledger beside it cannot be checked against it",
            f"compare the ledger file itself: `jncli compare A {path}`",
        ) from None
    checked = {}  # name → the file's identity when its SHA-256 was checked (the reading must find the same file)
    for name in found:
        path = os.path.join(source, name)
        try:
            checked[name] = identity(os.stat(path))
            digest = file_sha256(path, same_as=checked[name])
        except Changed:
            digest = None
        if recorded.get(name) != digest:
            raise DataError(
                f"{path}: changed after the annual run (its SHA-256 is not the one manifest.json records), so "
                f"{source} is no longer the run it records and is not compared as a folder",
                f"to compare the changed ledger, give the file itself: `jncli compare A {path}`; else restore it "
                f"(`jncli verify {source}` lists what changed)",
            )
    return found[0], checked[found[0]]


def prior_warnings(ledger: pl.DataFrame, policy: Policy, year: int) -> list[str]:
    """`award-enterprises --prior` alone: its prior ledgers' rows of the years before `year` checked as
    `check-validity` checks a ledger; a warning with the first violation and how many (`annual` stops on
    them: `jncli.annual.priorcheck`)."""

    from jncli import messages
    from jncli.errors import row_ref
    from jncli.rules import Said, validity
    from jncli.rules.enterprises.received import earlier_years

    found = validity.prior_violations(ledger, policy, earlier_years(policy, year), lang=messages.lang())
    if not found.height:
        return []
    v, n = found.row(0, named=True), found.height
    return [
        Said(
            f"--prior: {n} violation(s) in its rows of the years before {year}, the first at "
            f"{row_ref(v['file'], v['row'])}: {v['kind']}: {v['message']}: what was received may be wrong "
            f"(`jncli check-validity` lists them; `annual` stops on them)",
            f"--prior：{year}年以前各年度的行中有{n}处问题，第一处在{row_ref(v['file'], v['row'], lang='zh')}："
            f"{v['kind']}：{v['message']}：此前已领取的金额可能有误（`jncli check-validity` 可列出全部问题；"
            f"annual 遇此会停止）",
        )
    ]
