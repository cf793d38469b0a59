"""What a cell means: money, numbers, text, yes/no, dates and units — the ground floor.

Both the reader (`jncli.tableio`) and the rules (`jncli.rules`) build on these, so that a value
means the same thing wherever it is read: a date typed on the command line and a date in a file,
money conformed by the reader and money a rule builds. No I/O and no typer here; polars only.

RULES.md §0: money is 万元 with exact decimals; surrounding whitespace is stripped; yes/no columns
take 是/否, Y/N, yes/no, true/false, T/F, 1/0, √/× (any case), empty meaning no; dates take ISO
`2023-05-01`, `2023/5/1`, `20230501` and `2023年5月1日`.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from jncli.errors import shown

# Money in 万元 with 6 decimals: exact for 元 amounts with 2 decimals (0.01 元 = 0.000001 万元).
MONEY_DTYPE = pl.Decimal(38, 6)
# Money as read, before it is fitted to 6 decimals of 万元 (a unit conversion may add decimals).
MONEY_WIDE = pl.Decimal(38, 12)

FULLWIDTH = [chr(c) for c in range(0xFF10, 0xFF1A)] + ["．", "，", "－", "＋", "％", "\u3000", "\u00a0"]
HALFWIDTH = [str(d) for d in range(10)] + [".", ",", "-", "+", "%", " ", " "]
TRUE_WORDS = ("是", "y", "yes", "true", "t", "1", "√", "✓", "✔", "对", "已纳统", "纳统", "已入库", "已入库纳统", "在库")
FALSE_WORDS = (
    "否",
    "n",
    "no",
    "false",
    "f",
    "0",
    "×",
    "✗",
    "✘",
    "",
    "未纳统",
    "不纳统",
    "非纳统",
    "未入库",
    "未入库纳统",
    "不在库",
)
# RULES.md §0 (rev 3): a cell holding only one of these means "not applicable" and reads as empty.
NOT_APPLICABLE = ("—", "-", "--", "/", "／", "无", "不适用", "——", "－", "－－", "–")
_EMPTY_WORDS = ("", *NOT_APPLICABLE)
EXCEL_EPOCH = pl.date(1899, 12, 30)
# A timestamp that carries its time zone (Parquet from another tool, often UTC) counts on the day it
# was in Jining: China Standard Time. A timestamp without a zone is taken as local time already.
LOCAL_TIME_ZONE = "Asia/Shanghai"


def local_date(value: pl.Expr, dtype: pl.Datetime) -> pl.Expr:
    """The calendar day of a timestamp in Jining (UTC 2022-12-31 20:00 is 2023-01-01 there)."""
    if dtype.time_zone is not None:
        value = value.dt.convert_time_zone(LOCAL_TIME_ZONE)
    return value.dt.date()


def award_dtype(decimals: int) -> pl.DataType:
    """Ledger awards: exact decimals in 万元 with the policy's `award_decimals` places (RULES.md §0)."""
    return pl.Decimal(38, decimals)


def text(col: pl.Expr) -> pl.Expr:
    """A text value as jncli reads it: surrounding whitespace stripped, empty or a not-applicable mark
    (—, -, /, 无, 不适用 …) → missing."""
    # one lookup (a third of when/then/otherwise's cost on a million cells: no copy of the strings)
    return col.str.strip_chars().replace(_EMPTY_WORDS, None)


def yes_no_word(col: pl.Expr) -> pl.Expr:
    """A yes/no cell as a word of TRUE_WORDS / FALSE_WORDS: stripped, lower case, a not-applicable mark
    empty, and a bracketed remark after the word dropped (`是（已纳统）` → 是)."""
    w = col.str.strip_chars().str.to_lowercase()
    w = pl.when(w.is_in(NOT_APPLICABLE)).then(pl.lit("")).otherwise(w)
    return w.str.replace(r"^(\S+?)\s*[(（].*[)）]$", "$1")


def numeric_text(col: pl.Expr) -> pl.Expr:
    """`1,234.5`, `１２３４`, ` 12 ` → `1234.5`, `1234`, `12` (full-width forms, thousands separators, spaces).

    A comma is a thousands separator only in groups of three: `1,5` or `12,34` (a decimal comma, a
    typo) stay as they are and fail to convert, rather than become 15 or 1234."""
    t = col.str.replace_many(FULLWIDTH, HALFWIDTH).str.replace_all(r"\s", "")
    grouped = t.str.contains(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?%?$")
    return pl.when(grouped).then(t.str.replace_all(",", "")).otherwise(t)


def money_problem(raw: str) -> str:
    """A money cell that did not convert: not a number at all, or a number finer than 1 分."""
    import re
    import unicodedata

    cleaned = re.sub(r"\s", "", unicodedata.normalize("NFKC", str(raw)))
    try:
        huge = abs(float(cleaned.replace(",", ""))) >= 1e26  # beyond what 38 digits with 12 decimals hold
    except ValueError:
        huge = False
    if huge or cleaned.lower().lstrip("+-") in ("inf", "infinity", "nan"):
        return f"{raw!r} is not a number jncli takes as money (out of range, or not a number at all)"
    if re.fullmatch(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d+)?", cleaned):
        return (
            f"{shown(raw)} is finer than 1 分 (6 decimals of 万元); round it at the source: "
            f"rounding here could carry it over a threshold"
        )
    return f"{shown(raw)} is not a number (money)"


def unit_decimals(factor: Decimal | float) -> int:
    """Decimals a unit conversion adds: 元 → 万元 (× 0.0001) 4, 亿元 → 万元 0."""
    return max(0, -Decimal(str(factor)).normalize().as_tuple().exponent)


# The date forms a cell or an option may take, as a message lists them.
DATE_FORMS = "2023-05-01, 2023/5/1, 20230501 or 2023年5月1日"


def parse_date_expr(src: pl.Expr, fmt: str = "csv") -> pl.Expr:
    """A text column → pl.Date: `2023-05-01`, `2023/5/1`, `2023.5.1`, `20230501`, `2023年5月1日`, an ISO
    date-time's date, and (XLSX only) an Excel serial day number; null where the text is empty or no date."""
    t = text(src).str.replace_many(FULLWIDTH, HALFWIDTH)
    # a time after any of the forms is dropped (2023/5/1 0:00 is how Excel in zh-CN saves a date-time)
    t = t.str.replace(r"^(\S+?)(T| +)\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", "$1")
    t = t.str.replace(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$", "$1-$2-$3")
    t = t.str.replace(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$", "$1-$2-$3")
    t = t.str.replace(r"^(\d{4})(\d{2})(\d{2})$", "$1-$2-$3")
    expr = t.str.to_date("%Y-%m-%d", strict=False, cache=False)  # no memo: it costs more than the parse
    if fmt == "xlsx":  # a serial day number: 5 digits (1927 on); `2023` typed alone is a year, not a date
        serial = t.str.contains(r"^\d{5}$")
        expr = pl.when(serial).then(EXCEL_EPOCH + pl.duration(days=t.cast(pl.Int64, strict=False))).otherwise(expr)
    return expr


# The month forms a cell may take, as a message lists them.
MONTH_FORMS = "2023-05, 2023/5, 202305, 2023年5月 or a date in the month"


def parse_month_expr(src: pl.Expr, fmt: str = "csv") -> pl.Expr:
    """A text column → pl.Date, the first day of its month: `2023-05`, `2023/5`, `2023.5`, `202305`,
    `2023年5月`, or any date `parse_date_expr` reads (its month); null where the text is empty or no month."""
    t = text(src).str.replace_many(FULLWIDTH, HALFWIDTH)
    t = t.str.replace(r"^(\d{4})年(\d{1,2})月?$", "$1-$2")
    t = t.str.replace(r"^(\d{4})[/.-](\d{1,2})$", "$1-$2")
    t = t.str.replace(r"^(\d{4})(\d{2})$", "$1-$2")
    month = (t + "-01").str.to_date("%Y-%m-%d", strict=False, cache=False)
    return pl.coalesce(month, parse_date_expr(src, fmt).dt.month_start())
