"""What every section of measure 7 shares: the rule id, decisions and changes, the texts, row references.

第七条：在全市筛选一批电商产业园区、MCN机构、人才培养机构、供应链企业以及代运营、内容制作等专业服务企业，
建立全市电商生态链企业“白名单”……对于具有一定实力和知名度、无违法违规和不良信用记录的电商园区、机构、企业，
推荐列入省电商生态链企业“白名单”库。电商生态链企业“白名单”实施动态管理。
(One rule, m7.whitelist: each candidate is included or excluded, with every reason; `change` says what
that does to the published list; the records window ends on `as_of` and reaches back N years.)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl

from jncli import credit_code
from jncli.errors import DataError, row_ref
from jncli.ledger import LEDGER_COLUMNS
from jncli.policy import Policy, WhitelistCategory
from jncli.rules import decimals
from jncli.values import MONEY_DTYPE

RULE_ID = "m7.whitelist"

INCLUDE = "include"
EXCLUDE = "exclude"
ADDED = "added"
KEPT = "kept"
REMOVED = "removed"
NEW_CANDIDATE_REJECTED = "new_candidate_rejected"
CHANGES = (ADDED, KEPT, REMOVED, NEW_CANDIDATE_REJECTED)
# `--only changes` = what the published list gains or loses (the update the bureau publishes).
PUBLISHED_CHANGES = (ADDED, REMOVED)
ONLY = ("include", "exclude", "changes")

OUTPUT_COLUMNS = (
    *LEDGER_COLUMNS,
    "decision",
    "change",
    "recommend_province",
    "reasons",
    "blocking_records",
    "category",
    "county",
    "revenue",
    "employees",
    "years_operating",
)

# The inputs are frames already in memory and the per-candidate work is many small expressions: the
# in-memory engine runs this about a third faster than polars 2's default streaming engine.
_ENGINE = "in-memory"

_REASON_SEP = {"zh": "；", "en": "; "}
_SPLIT = "\x1f"  # joins reasons internally (ASCII unit separator: never in a reason)
# Reason templates; `{}` are filled by pl.format (value, category, minimum) or str.format.
_TEXT = {
    "zh": {
        "not_jining": "不属于{city}县（市、区）：{{}}",
        "county_empty": "未填写县（市、区）",
        "unlisted": "类别“{}”在政策文件中没有最低要求（无法判断是否具有一定实力和知名度）",
        "no_longer": "已不在候选名单中",
        "revenue": "营业收入{}万元低于{}最低要求{}万元",
        "employees": "从业人数{}人低于{}最低要求{}人",
        "years_operating": "经营年限{}年低于{}最低要求{}年",
        "revenue_missing": "未填报营业收入",
        "employees_missing": "未填报从业人数",
        "years_operating_missing": "未填报经营年限",
        "records": "{start}至{as_of}期间有{{}}条截至{as_of}未修复的违法违规或不良信用记录",
    },
    "en": {
        "not_jining": "not a county of {city} ({{}})",
        "county_empty": "county is empty: not a county of the city",
        "unlisted": "category without minimums in the policy file ({})",
        "no_longer": "no longer a candidate",
        "revenue": "revenue {} 万元 below the {} minimum {} 万元",
        "employees": "employees {} below the {} minimum {}",
        "years_operating": "years operating {} below the {} minimum {}",
        "revenue_missing": "revenue not given",
        "employees_missing": "employees not given",
        "years_operating_missing": "years operating not given",
        "records": "{{}} violation or bad-credit record(s) recorded {start}..{as_of} and not repaired by {as_of}",
    },
}


def window_start(as_of: dt.date, years: int) -> dt.date:
    """`as_of` minus `years` calendar years; Feb 29 falls back to Feb 28 in a common year."""
    try:
        return as_of.replace(year=as_of.year - years)
    except ValueError:  # Feb 29 → a year without one
        return dt.date(as_of.year - years, 2, 28)


def _where(frame: pl.DataFrame, i: int, lang: str = "en") -> str:
    """'file.csv row 7' for row i of a conformed frame (row numbers as a spreadsheet shows them)."""
    src = frame["_source"][i] if "_source" in frame.columns else None
    # without reader bookkeeping (a frame built in code) the header is row 1
    row = frame["_row"][i] if "_row" in frame.columns else (frame["_i"][i] if "_i" in frame.columns else i) + 2
    return row_ref(src or None, row, lang=lang)


def _normalised_code(col: str | pl.Series) -> pl.Expr | pl.Series:
    """The codes normalised: of a column (an expression), or of a Series (the rewrite only where needed)."""
    if isinstance(col, pl.Series):
        return credit_code.normalized_series(col)
    return credit_code.normalized_expr(pl.col(col))


def _number_text(expr: pl.Expr) -> pl.Expr:
    """Decimal/float/int as the shortest plain text: 1200.000000 → 1200, 12.500000 → 12.5, 3.0 → 3."""
    text = expr.cast(pl.String)
    # Decimal and float casts always carry a '.', so trailing zeros (then the '.') can go.
    return (
        pl.when(text.str.contains(".", literal=True))
        .then(text.str.strip_chars_end("0").str.strip_chars_end("."))
        .otherwise(text)
    )


def _plain(value: Decimal | int | float) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 1000, 2.5 — never 1E+3
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _zh_numeral(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _category_frame(policy: Policy) -> pl.DataFrame:
    cats = policy.m7_categories
    return pl.DataFrame(
        {
            "category": [c.key for c in cats],
            "_cat_zh": [c.zh for c in cats],
            "_min_revenue": decimals([c.revenue for c in cats], MONEY_DTYPE),
            "_min_employees": pl.Series([c.employees for c in cats], dtype=pl.Int64),
            "_min_years_operating": pl.Series([float(c.years_operating) for c in cats], dtype=pl.Float64),
            "_min_revenue_txt": [_plain(c.revenue) for c in cats],
            "_min_employees_txt": [_plain(c.employees) for c in cats],
            "_min_years_operating_txt": [_plain(c.years_operating) for c in cats],
        },
        schema_overrides={"category": pl.String, "_cat_zh": pl.String},
    )


def _expected_categories(cats: tuple[WhitelistCategory, ...]) -> str:
    return ", ".join(f"{c.zh}/{c.key}" for c in cats)


def _require(frame: pl.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        src = frame["_source"][0] if "_source" in frame.columns and frame.height else what
        raise DataError(f"{src}: {what} needs column(s) {', '.join(missing)}; found {', '.join(frame.columns)}")
