"""What the sections of measure 8 share: the rule id, the output columns, the texts, person ids and months.

……对我市电商、跨境电商企业吸纳经省电商生态链企业“白名单”培训机构培训或经院校“专业+实训”电商培训的人员就业，
并连续缴纳6个月以上社会保险的，鼓励有条件的县（市、区）给予企业适当支持奖励。
(Person ids are normalised — full-width forms to ASCII, no spaces, upper case — and never leave this
package in full: every output column and every message shows them masked, `policy.m8.mask`. Months are
counted as integers, year × 12 + month − 1, so that consecutive months differ by one.)
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from jncli.errors import row_ref
from jncli.ledger import LEDGER_COLUMNS
from jncli.policy import HiresRule, Policy

RULE_ID = "m8.hires"

# One row per employer: the ledger columns, then what decided it.
OUTPUT_COLUMNS = (
    *LEDGER_COLUMNS,
    "county",
    "hires_listed",
    "qualifying_hires",
    "rate",
)
# `--detail`: one row per hire, where it is in the input, every condition and every failing reason.
DETAIL_COLUMNS = (
    "file",
    "row",
    "credit_code",
    "name",
    "county",
    "person_id",
    "training",
    "trained_on",
    "hired_on",
    "months",
    "insured_from",
    "month_reached",
    "counts_in",
    "qualifies",
    "reasons",
)

SPLIT = "\x1f"  # joins reasons internally (ASCII unit separator: never in a reason)

# Reasons a hire does not qualify; `{name}` are filled by str.format, then `{}` (written `{{}}`) by pl.format.
TEXT = {
    "zh": {
        "county_empty": "未填写用人单位所在县（市、区）",
        "not_jining": "用人单位不属于{city}县（市、区）：{{}}",
        "training_empty": "未填写培训机构（白名单培训机构的统一社会信用代码，或“{college}”）",
        "training_bad": "培训机构“{{}}”既不是“{college}”，也不是有效的统一社会信用代码",
        "not_listed": "培训机构{{}}不在白名单培训机构名单中",
        "no_list": "培训机构{{}}无法核对：未提供白名单培训机构名单（--trainers）",
        "trained_missing": "未填写培训日期",
        "hired_missing": "未填写入职日期",
        "trained_after": "培训日期{{}}晚于入职日期{{}}",
        "hired_after": "入职日期{{}}晚于核算截止日{as_of}",
        "no_insurance": "{{}}至{as_month}该单位未为其缴纳社会保险",
        "short": "{{}}至{as_month}在该单位最长连续缴纳社会保险{{}}个月（{{}}至{{}}），不足{n}个月",
    },
    "en": {
        "county_empty": "the employer's county is empty",
        "not_jining": "the employer is not in a county of {city} ({{}})",
        "training_empty": "training is empty (a whitelisted institution's credit code, or {college})",
        "training_bad": "training {{}} is neither {college} nor a valid credit code",
        "not_listed": "training institution {{}} is not on the list of whitelisted training institutions",
        "no_list": "training institution {{}} cannot be checked: no list of whitelisted institutions (--trainers)",
        "trained_missing": "training date not given",
        "hired_missing": "hire date not given",
        "trained_after": "trained on {{}}, after being hired on {{}}",
        "hired_after": "hired on {{}}, after the as-of date {as_of}",
        "no_insurance": "no social insurance paid by the employer from {{}} to {as_month}",
        "short": "at most {{}} consecutive month(s) of social insurance with the employer from {{}} to {as_month} "
        "({{}}..{{}}); {n} needed",
    },
}


# ------------------------------------------------------------------------------------------ person ids
def person_id_expr(col: str) -> pl.Expr:
    """A person id as compared and shown: full-width forms to ASCII, no whitespace anywhere, upper case
    (a 身份证号's final x is X); empty → null."""
    pid = pl.col(col).cast(pl.String).str.normalize("NFKC").str.replace_all(r"\s", "").str.to_uppercase()
    return pl.when(pid != "").then(pid)


# 身份证号 (GB 11643-1999): 17 digits and a check character from these weights.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# The 15-digit 身份证号 of before GB 11643-1999 (6-digit area code, birth date as YYMMDD, 3-digit order): the same
# person's 18-digit id is it with "19" before the year and the check character after (docs/formats.md).
OLD_ID = r"^\d{15}$"


def id_check_expr(first17: pl.Expr) -> pl.Expr:
    """The check character of 17 digits (GB 11643-1999)."""
    total = pl.sum_horizontal(
        [first17.str.slice(i, 1).cast(pl.Int64, strict=False) * w for i, w in enumerate(ID_WEIGHTS)]
    )
    return pl.lit(ID_CHECK).str.slice((total % 11).cast(pl.Int64), 1)


def has_old_ids(frame: pl.DataFrame, column: str = "_pid") -> bool:
    """Whether a person id of `frame` is a 15-digit 身份证号 (one cheap look at the lengths first)."""
    pid = pl.col(column)
    if not frame.select((pid.str.len_bytes() == 15).any()).item():
        return False
    return bool(frame.select(pid.str.contains(OLD_ID).any()).item())


def old_id_expr(pid: pl.Expr) -> pl.Expr:
    """True where `pid` is a 15-digit 身份证号."""
    return pid.str.contains(OLD_ID).fill_null(False)


def id18_expr(pid: pl.Expr) -> pl.Expr:
    """`pid` as compared with another table's ids: a 15-digit 身份证号 as its 18-digit form (the one person it is),
    every other id as it is. Exactly one 18-digit id upgrades from a 15-digit one, and a 15-digit id is only ever
    compared in that form, so it never matches a different person."""
    first17 = pl.concat_str(pid.str.slice(0, 6), pl.lit("19"), pid.str.slice(6, 9))
    return pl.when(old_id_expr(pid)).then(pl.concat_str(first17, id_check_expr(first17))).otherwise(pid)


def mask_expr(pid: pl.Expr, m8: HiresRule) -> pl.Expr:
    """`policy.m8.mask` on a column: the first and last characters kept, every one between masked."""
    first, last = m8.mask_keep_first, m8.mask_keep_last
    n = pid.str.len_chars()
    everything = pid.str.replace_all(".", m8.mask_char, literal=False)
    middle = pid.str.slice(first, n - first - last).str.replace_all(".", m8.mask_char, literal=False)
    return (
        pl.when(n > first + last)
        .then(pl.concat_str(pid.str.slice(0, first), middle, pid.str.slice(n - last, last)))
        .otherwise(everything)
    )


def masked_person_ids(frame: pl.DataFrame, m8: HiresRule) -> pl.DataFrame:
    """A table's `person_id` as every output shows it, normalised and masked (`jncli cat --as hires`, `insurance`)."""
    return frame.with_columns(person_id=mask_expr(person_id_expr("person_id"), m8))


# ------------------------------------------------------------------------------------------ months
def month_index(day: pl.Expr) -> pl.Expr:
    """A date's calendar month as an integer: year × 12 + month − 1 (consecutive months differ by 1)."""
    return day.dt.year().cast(pl.Int64) * 12 + day.dt.month().cast(pl.Int64) - 1


def index_of(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_text(index: pl.Expr) -> pl.Expr:
    """A month index as `2023-05`."""
    year = (index // 12).cast(pl.String)
    month = (index % 12 + 1).cast(pl.String).str.zfill(2)
    return pl.when(index.is_not_null()).then(pl.concat_str(year, pl.lit("-"), month))


def month_label(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


# ------------------------------------------------------------------------------------------ places and words
def where(frame: pl.DataFrame, i: int, column: str | None = None) -> str:
    """'hires.csv row 7, column person_id' for row i of a conformed frame (the header is row 1)."""
    src = frame["_source"][i] if "_source" in frame.columns else None
    row = frame["_row"][i] if "_row" in frame.columns else i + 2
    return row_ref(src or None, row, column)


def article_ref(policy: Policy, measure: int, lang: str) -> str:
    """依据第八条（加强实用型人才引进培育） / Article 8 (Practical talent)."""
    numerals = "零一二三四五六七八九十"
    try:
        article = policy.article(measure)
        title = article.title if lang == "zh" else article.title_en
    except KeyError:
        title = None
    if lang == "zh":
        n = numerals[measure] if measure <= 10 else str(measure)
        return f"依据第{n}条" + (f"（{title}）" if title else "")
    return f"Article {measure}" + (f" ({title})" if title else "")
