"""A ledger's `status` read back as jncli writes it: the machine word (awarded …) or the word a table for
people shows (report.xlsx's 奖励台账 and 第七条 白名单 sheets, `--format table` in Chinese: 获奖, 就高不重复,
列入 …), one table both ways (`jncli.messages.columns.STATUS`). A status that is none of them is a data
error naming file, row and column: every check of a ledger (what was received, duplicate_award,
beyond_topup, above_cap, the whitelist's `included`) keys on the status, and a row whose status is not
understood would silently count as nothing. May import polars, `jncli.errors`, `jncli.messages` and `table`.
"""

from __future__ import annotations

import polars as pl

from jncli.errors import DataError, row_ref
from jncli.tableio.table import Table, engine


def read_back(out: pl.LazyFrame, table: Table, header: str) -> pl.LazyFrame:
    """`out` (a conformed ledger) with every status its machine word; a DataError at the first row whose
    status is no word jncli writes (empty included). `header`: the status column's header in the file."""
    from jncli.messages.columns import STATUS, value_of_word

    seen = out.select(pl.col("status").unique()).collect(engine=engine(table)).get_column("status").to_list()
    words = {s: value_of_word("status", s) if s is not None else None for s in seen}
    unknown = [s for s, v in words.items() if v is None]
    if unknown:
        first = (
            out.filter(pl.col("status").is_null() | pl.col("status").is_in([s for s in unknown if s is not None]))
            .select("_row", "status")
            .head(1)
            .collect(engine=engine(table))
        )
        row, value = first.item(0, "_row"), first.item(0, "status") or ""
        where = row_ref(table.source, row, f"{header} (status)")
        known = ", ".join(STATUS)
        raise DataError(
            f"{where}: {value!r} is not a status jncli writes ({known}, or their Chinese words: 获奖, 就高不重复 …), "
            f"so what the row paid cannot be counted",
            hint="write the row's status as jncli does (awarded / 获奖 for money paid), or pass the ledger jncli wrote",
        )
    if all(s == v for s, v in words.items()):
        return out  # the machine words already (jncli's ledger.csv): nothing to replace
    return out.with_columns(pl.col("status").replace_strict(words, return_dtype=pl.String))
