"""The last published whitelist (`--previous`), for 动态管理: who was on it.

……电商生态链企业“白名单”实施动态管理。
(`change` against the previous published list: added, kept, removed, new_candidate_rejected. The list
is this command's earlier output (its included m7.whitelist rows, latest year) or a plain list of codes.)
"""

from __future__ import annotations

import polars as pl

from jncli.ledger import INCLUDED
from jncli.rules import Said
from jncli.rules.whitelist.common import RULE_ID, _normalised_code, _require

# The shapes a published whitelist (--previous) may come in, for tableio.conform_first.
PREVIOUS_SHAPES = [("ledger", ("beneficiary", "status")), ("candidates", ("credit_code",))]


def previous_list(frame: pl.DataFrame, shape: str) -> pl.DataFrame:
    """The last published list as `vet_whitelist(previous=…)` takes it: this command's own output
    (ledger columns) as is; a plain list of credit codes (`candidates` shape) means every code listed."""
    if shape == "ledger":
        return frame
    return frame.select(
        "_source",
        "_row",
        beneficiary=pl.col("credit_code"),
        status=pl.lit("included"),
        beneficiary_name=pl.col("name") if "name" in frame.columns else pl.lit(None, pl.String),
    )


def _previous_list(previous: pl.DataFrame, warnings: list[str]) -> pl.DataFrame:
    """The entities on the previous published list: m7.whitelist rows with status included (latest year)."""
    _require(previous, ("beneficiary", "status"), "--previous (this command's earlier output)")
    prev = previous.with_row_index("_i")
    if "rule" in prev.columns:
        prev = prev.filter(pl.col("rule").str.strip_chars() == RULE_ID)
    if "year" in prev.columns and prev["year"].n_unique() > 1:
        latest = prev["year"].max()
        warnings.append(
            Said(
                f"the previous list holds whitelist rows of several years; compared with the latest, {latest}",
                f"上一版名单含多个年度的白名单行，按最近的{latest}年比较",
            )
        )
        prev = prev.filter(pl.col("year") == latest)
    prev = prev.filter(pl.col("status").str.strip_chars().str.to_lowercase() == INCLUDED)
    name = pl.col("beneficiary_name") if "beneficiary_name" in prev.columns else pl.lit(None, dtype=pl.String)
    listed = (
        prev.select(_code=_normalised_code("beneficiary"), _prev_name=name, _i=pl.col("_i"))
        .filter(pl.col("_code").is_not_null() & (pl.col("_code") != ""))
        .unique("_code", keep="first", maintain_order=True)
    )
    if listed.height == 0:
        warnings.append(
            Said(
                f"the previous list holds no {RULE_ID} row with status {INCLUDED}: every included candidate is 'added'",
                f"上一版名单没有状态为 {INCLUDED} 的 {RULE_ID} 行：列入的候选企业均为“新增”",
            )
        )
    return listed
