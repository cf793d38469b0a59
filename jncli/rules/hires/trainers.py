"""The whitelisted training institutions (`--trainers`): who trained a hire for measure 8 to count.

……吸纳经省电商生态链企业“白名单”培训机构培训……的人员就业……
(The list comes as `jncli whitelist` output — its `included` rows of the policy's trainer category,
`m8.trainer_category`, in any year the file holds — or as a plain list of credit codes, every code
listed. A combined ledger without the `category` column cannot say which entities train people, and
the candidates table has not been vetted: both are refused rather than read as a list.)
"""

from __future__ import annotations

import polars as pl

from jncli import credit_code
from jncli.errors import DataError
from jncli.ledger import INCLUDED
from jncli.policy import Policy
from jncli.rules import Said

# The shapes the list may come in, for tableio.conform_first: whitelist output, or a list of codes.
TRAINER_SHAPES = [("ledger", ("beneficiary", "status")), ("candidates", ("credit_code",))]
WHITELIST_RULE = "m7.whitelist"
# `source` when annual passes the whitelist it computed (a name for it, in both languages, not a file)
THIS_RUNS_WHITELIST = Said("this run's whitelist", "本次运行的白名单")


def trainer_list(
    frame: pl.DataFrame,
    shape: str,
    policy: Policy,
    notes: list[str] | None = None,
    source: str | None = None,
    known: list[str] | None = None,
) -> pl.DataFrame:
    """The codes of the whitelisted training institutions (`_code`, unique, normalised), with their names
    (`_name`, null when the list has none: only to tell an analyst who wrote a name instead of a code which
    code it is, `unfilled`).

    `shape` is the schema `conform_first` chose: "ledger" (whitelist output) or "candidates" (a list).
    `notes` receives one line saying how many institutions were read and from what (`source`, default:
    the file the frame was read from). `known` receives every code the list names, listed or not (a whitelist's
    excluded rows, other categories): a hire trained by one of those was judged by the list, not missed by it
    (`award.unlisted_trainers`)."""
    if source is None:
        source = frame["_source"][0] if "_source" in frame.columns and frame.height else "--trainers"
    wanted = policy.category(policy.m8.trainer_category)
    key = wanted.key if wanted else policy.m8.trainer_category
    if shape == "ledger":
        if "category" not in frame.columns:
            raise DataError(
                f"{source}: --trainers holds ledger rows without a category column, so it cannot say which "
                f"entities are training institutions",
                hint="pass the whitelist command's own output (it has `category`), or a list of credit codes",
            )
        listed = frame
        if known is not None:
            named = frame.select(credit_code.normalized_expr(pl.col("beneficiary"))).to_series()
            known += named.drop_nulls().to_list()
        if "rule" in listed.columns:
            listed = listed.filter(pl.col("rule").str.strip_chars() == WHITELIST_RULE)
        categories = {
            raw: (found.key if (found := policy.category(raw)) else None)
            for raw in listed["category"].unique().drop_nulls().to_list()
        }
        category = pl.col("category").replace_strict(categories, default=None, return_dtype=pl.String)
        listed = listed.filter(
            (pl.col("status").str.strip_chars().str.to_lowercase() == INCLUDED) & (category == key)
        ).select(_code=credit_code.normalized_expr(pl.col("beneficiary")), _name=_names(listed, "beneficiary_name"))
        what = Said(
            f"whitelist output ({key} rows with status {INCLUDED})",
            f"白名单结果（类别为{wanted.zh if wanted else key}且状态为{INCLUDED}的行）",
        )
    else:
        if "revenue" in frame.columns or "employees" in frame.columns:
            raise DataError(
                f"{source}: --trainers looks like the whitelist candidates table, which has not been vetted",
                hint="run `jncli whitelist` on it and pass that output (or a list of credit codes)",
            )
        listed = frame.select(_code=credit_code.normalized_expr(pl.col("credit_code")), _name=_names(frame, "name"))
        what = Said("a list of credit codes", "统一社会信用代码名单")
    codes = listed.filter(pl.col("_code").is_not_null()).unique("_code", maintain_order=True)
    if known is not None:
        known += codes["_code"].to_list()
    if notes is not None:
        notes.append(
            Said(
                f"{codes.height} whitelisted training institution(s) read from {source}: {what}",
                f"从{getattr(source, 'zh', source)}读取白名单培训机构{codes.height}家：{what.zh}",
            )
        )
    return codes


def _names(frame: pl.DataFrame, column: str) -> pl.Expr:
    """The institutions' names, as written (null when the list has no such column)."""
    return pl.col(column).cast(pl.String) if column in frame.columns else pl.lit(None, pl.String)
