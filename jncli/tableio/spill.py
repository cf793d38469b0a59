"""A big CSV converted once (issue 18): the typed table streamed into a temporary Parquet file that
every later pass of a rule reads, so the text is neither held in memory nor parsed again per pass.
May import polars only. Used by `conform` for tables the text reader scanned (`Table.scanned`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import Any

import polars as pl

_SPILLED: list = []  # the temporary folders, removed when the process ends


def spill(lf: pl.LazyFrame) -> pl.LazyFrame:
    """`lf` streamed into a temporary Parquet file, scanned back."""
    tmp = tempfile.TemporaryDirectory(prefix="jncli-")
    _SPILLED.append(tmp)
    path = f"{tmp.name}/typed.parquet"
    lf.sink_parquet(path, compression="uncompressed", statistics=False)  # read once or twice, soon
    return pl.scan_parquet(path)


class Unproven(Exception):
    """A scanned CSV's row widths are not proven (conform reads the file into memory instead)."""


def convert_spilled(
    lf: pl.LazyFrame,
    conversions: list[Any],
    passthrough: list[pl.Expr],
    name: str,
    present: Callable,
    carry: tuple[str, ...] = (),
) -> tuple[pl.LazyFrame | None, dict[str, Any]]:
    """conform's plain conversions and, per row, whether a checked column needs the full one, in the
    one pass that writes the typed table; None when some value does (conform then checks and converts
    as for any lazy table, naming the bad values). `present`: conform's test of a non-empty cell.
    `carry`: columns written along and told back as their `max` (with `rows`, the rows written)."""
    values = [(cv.fast if cv.fast is not None else cv.expr).alias(f"__v{i}") for i, cv in enumerate(conversions)]
    checked = [i for i, cv in enumerate(conversions) if cv.bad is not None]
    flag = {
        i: (
            conversions[i].bad if conversions[i].fast is None else present(conversions[i]) & pl.col(f"__v{i}").is_null()
        )
        for i in checked
    }
    typed = spill(  # the file's name, the same on every row, is not written: added back below
        lf.with_columns(values).select(
            pl.col("_row"),
            *[pl.col(f"__v{i}").alias(cv.canonical) for i, cv in enumerate(conversions)],
            *passthrough,
            *[flag[i].fill_null(False).alias(f"__retry{i}") for i in checked],
            *[pl.col(c) for c in carry],
        )
    )
    told = (
        typed.select(*[pl.col(f"__retry{i}").any() for i in checked], *[pl.col(c).max() for c in carry], rows=pl.len())
        .collect()
        .row(0, named=True)
    )
    carried = {c: told[c] or 0 for c in carry} | {"rows": told["rows"]}
    if any(told[f"__retry{i}"] for i in checked):
        return None, carried
    return typed.select(pl.lit(name).alias("_source"), pl.exclude([f"__retry{i}" for i in checked], *carry)), carried
