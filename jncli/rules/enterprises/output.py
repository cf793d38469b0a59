"""The output of `award_enterprises`: ledger columns first, then context, and the keys of the output's order."""

from __future__ import annotations

import polars as pl

from jncli.ledger import AWARDED, SUPERSEDED
from jncli.policy import Policy
from jncli.rules.enterprises.common import FISCAL_RULE, MONEY, _from_micro

FINISH_KEYS = ["year", "_k1", "_k2", "_k3", "_row"]  # `_finish`'s sort: year, entity, rule, source, row


def _finish(rows: pl.DataFrame, policy: Policy, with_budget: bool, present: set[str]) -> pl.DataFrame:
    """Ledger columns first, then context, and the keys `_k1`–`_k3`: sorted by FINISH_KEYS (year, entity and rule)
    so any input order gives the same output — by the caller, once the working frame is gone (peak memory)."""
    measure = {r: info.measure for r, info in policy.rules.items()}
    order = {r: i for i, r in enumerate([*policy.enterprise_group, FISCAL_RULE])}
    for c, dtype in (
        ("basis", pl.String),
        ("award_m", pl.Int64),
        ("received_m", pl.Int64),
        ("scale_factor", MONEY),
        ("rule", pl.String),
        ("status", pl.String),
        ("entitled_m", pl.Int64),
    ):
        if c not in rows.columns:
            rows = rows.with_columns(pl.lit(None, dtype).alias(c))
    # `entitled`: what the rule gives before 就高, top-up and budget — only where every condition holds.
    entitled = pl.when(pl.col("status").is_in([AWARDED, SUPERSEDED])).then(pl.col("entitled_m"))
    cols = [
        pl.col("code").alias("beneficiary"),
        pl.col("name").alias("beneficiary_name"),
        pl.col("rule").replace_strict(measure, default=None, return_dtype=pl.Int64).alias("measure"),
        pl.col("rule"),
        pl.col("year").cast(pl.Int64),
        _from_micro(pl.col("award_m")).alias("award"),
        pl.col("status"),
        pl.col("basis"),
        pl.col("county"),
        pl.col("online_retail"),
    ]
    if "national_title" in present:
        cols.append(pl.col("national_title"))
    cols += [_from_micro(entitled).alias("entitled"), _from_micro(pl.col("received_m")).alias("received")]
    if with_budget:
        cols.append(pl.col("scale_factor").cast(MONEY))
    if "ratio" in rows.columns and "nfr_m" in rows.columns and (rows["rule"] == FISCAL_RULE).any():
        # 第三条 explained on its own row: the new fiscal revenue and the county's ratio it was multiplied by
        fiscal = pl.col("rule") == FISCAL_RULE
        cols += [
            pl.when(fiscal).then(_from_micro(pl.col("nfr_m"))).alias("new_fiscal_revenue"),
            pl.when(fiscal).then(pl.col("ratio").cast(pl.Float64, strict=False)).alias("fiscal_ratio"),
        ]
    cols += [pl.col("_source"), pl.col("_row")]
    # Sort on integer keys (dense rank of the code) and gather only the output columns: string
    # multi-key sorts of the wide working frame cost several times more.
    keys = [
        pl.col("code").rank("dense").fill_null(2**31).alias("_k1"),
        pl.col("rule").replace_strict(order, default=len(order), return_dtype=pl.Int64).alias("_k2"),
        pl.col("_source").rank("dense").alias("_k3"),
    ]
    return rows.select(*cols, *keys)  # sorted by FINISH_KEYS, then the three `_k` dropped
