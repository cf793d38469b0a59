"""A big CSV converted once (issue 18): the typed table streamed into a temporary Parquet file that
every later pass of a rule reads, so the text is neither held in memory nor parsed again per pass.
May import polars and `tableio.convert` (`unwrap_ids`). Used by `conform` for tables the text reader scanned
(`Table.scanned`).

Or, when the caller says what its passes read per row (`compact`: track-shops' key hash and the columns
of its count) and the file has at most `COMPACT_ROWS` lines, no file at all: the conversion pass keeps
those columns in memory (~50 bytes a row) and the typed table stays a lazy conversion of the text, read
again only for what needs whole rows (the rows of a repeated key, the rows an error names).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from typing import Any

import polars as pl

from jncli.tableio.convert import unwrap_ids

_SPILLED: list = []  # the temporary folders, removed when the process ends


def spill(lf: pl.LazyFrame) -> pl.LazyFrame:
    """`lf` streamed into a temporary Parquet file, scanned back."""
    tmp = tempfile.TemporaryDirectory(prefix="jncli-")
    _SPILLED.append(tmp)
    path = f"{tmp.name}/typed.parquet"
    lf.sink_parquet(path, compression="uncompressed", statistics=False)  # read once or twice, soon
    return pl.scan_parquet(path)


# Rows a compact form is kept in memory for (`convert_spilled`): a bigger file is spilled, so that the
# memory stays that of this many rows whatever the file's size (the key check sorts as many at once).
COMPACT_ROWS = 12_000_000


class Unproven(Exception):
    """A scanned CSV's row widths are not proven (conform reads the file into memory instead)."""


def convert_spilled(
    lf: pl.LazyFrame,
    conversions: list[Any],
    passthrough: list[pl.Expr],
    name: str,
    present: Callable,
    carry: tuple[str, ...] = (),
    compact: Callable[[pl.LazyFrame], list[pl.Expr] | None] | None = None,
    folded: Any = None,
) -> tuple[pl.LazyFrame | None, dict[str, Any]]:
    """conform's plain conversions and, per row, whether a checked column needs the full one, in the
    one pass that writes the typed table; None when some value does (conform then checks and converts
    as for any lazy table, naming the bad values). `present`: conform's test of a non-empty cell.
    `carry`: columns written along and told back as their `max` (with `rows`, the rows written).

    `compact` (the typed table → the columns to keep per row, or None): that pass keeps them in memory
    instead of writing the file (told back as `compact`); the table returned is the same conversion,
    lazily, from the text.

    `folded` (`checks.FoldedIds`): per-row tests of the id columns taken in this pass (`marks`: the text is
    not parsed again for them); its `check` is given the indices of those true on some row, before a
    value needing the full conversion sends the caller to name it (the id checks come first)."""
    marks = folded.marks if folded is not None else []
    values = [(cv.fast if cv.fast is not None else cv.expr).alias(f"__v{i}") for i, cv in enumerate(conversions)]
    checked = [i for i, cv in enumerate(conversions) if cv.bad is not None]
    flag = {
        i: (
            conversions[i].bad if conversions[i].fast is None else present(conversions[i]) & pl.col(f"__v{i}").is_null()
        )
        for i in checked
    }
    for i in checked:  # a value the plain cast takes and the full conversion refuses (a date's `20\r23`)
        if conversions[i].suspect is not None and conversions[i].fast is not None:
            flag[i] = flag[i] | conversions[i].suspect
        if conversions[i].low is not None and conversions[i].fast is not None:  # `_Conversion.low`
            flag[i] = flag[i] | (pl.col(f"__v{i}") < conversions[i].low)
    retry = [f"__retry{i}" for i in checked]
    marked = [f"__mark{j}" for j in range(len(marks))]
    converted = lf.with_columns(values).select(
        pl.col("_row"),
        *[pl.col(f"__v{i}").alias(cv.canonical) for i, cv in enumerate(conversions)],
        *passthrough,
        *[flag[i].fill_null(False).alias(f"__retry{i}") for i in checked],
        *[m.fill_null(False).alias(f"__mark{j}") for j, m in enumerate(marks)],
        *[pl.col(c) for c in carry],
    )
    kept, rows = compact(converted) if compact is not None else None, None
    if kept is not None:  # the columns the caller reads per row, in memory; the typed table stays lazy
        left = getattr(compact, "left", COMPACT_ROWS)  # what the tables before this one left of the bound
        rows = converted.select(*kept, *retry, *marked, *carry).head(left + 1).collect(engine="streaming")
        rows = rows if rows.height <= left else None  # more rows than guessed: spilled after all
        if rows is not None and isinstance(compact, _Budget):
            compact.left -= rows.height
    # (the file's name, the same on every row, is not written: added back below)
    typed, sums = (converted, rows.lazy()) if rows is not None else (spill(converted),) * 2
    told = (
        sums.select(*[pl.col(r).any() for r in (*retry, *marked)], *[pl.col(c).max() for c in carry], rows=pl.len())
        .collect()
        .row(0, named=True)
    )
    carried = {c: told[c] or 0 for c in carry} | {"rows": told["rows"]}
    if any(told[m] for m in marked):
        folded.check([j for j, m in enumerate(marked) if told[m]])
        if unwrap_ids(conversions, folded.table.id_forms):  # ids written ="…" or '…: converted again, checked
            return None, carried
    if any(told[r] for r in retry):
        return None, carried
    if rows is not None:
        carried["compact"] = rows.drop(*retry, *marked, *carry)
    return typed.select(pl.lit(name).alias("_source"), pl.exclude(*retry, *marked, *carry)), carried


def bounded(tables: list, compact: Callable | None) -> Callable | None:
    """`compact` when every table is a big CSV converted in one pass (`Table.deferred`) and their
    lines, as the first 64 KiB of each suggest, are fewer than `COMPACT_ROWS` in all, else None (none
    keeps one). A file with more rows than that is spilled after all (`convert_spilled`): the memory
    kept stays bounded without counting the lines (a third of a second on 10 M rows)."""
    lines = [_lines_guessed(t.deferred.path) if t.deferred is not None else COMPACT_ROWS for t in tables]
    return _Budget(compact) if compact is not None and sum(lines) < COMPACT_ROWS else None


class _Budget:
    """`compact` with the rows its tables may still keep: the bound holds for all of them together, also
    when the first bytes of several files suggested fewer lines than they hold."""

    def __init__(self, compact: Callable) -> None:
        self.compact, self.left = compact, COMPACT_ROWS

    def __call__(self, lf: pl.LazyFrame) -> list[pl.Expr] | None:
        return self.compact(lf)


def _lines_guessed(path: str) -> int:
    with open(path, "rb") as f:
        sample = f.read(1 << 16)
    return os.path.getsize(path) * sample.count(b"\n") // max(len(sample), 1)


def kept(tables: list, frame: pl.LazyFrame, suffices: Callable[[pl.DataFrame], bool]) -> dict[str, Any]:
    """track-shops' `shops` (`frame`) and `compact` (the compact rows conform kept of every table, stacked),
    the latter None unless each of them has its own. Where the caller's `suffices` says the compact form
    does not serve its passes (they would read the whole table more than once: track-shops' key check,
    given a key with spaces around it), `frame` spilled and None: a typed file serves them for a fraction
    of parsing the text again."""
    forms = [t.compact for t in tables]
    compact = pl.concat(forms) if forms and all(f is not None for f in forms) else None
    if compact is not None and not suffices(compact):
        return {"shops": spill(frame), "compact": None}
    return {"shops": frame, "compact": compact}
