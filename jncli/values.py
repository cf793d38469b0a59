"""What a cell means: money, numbers, text, yes/no, dates and units — the ground floor.

Both the reader (`jncli.tableio`) and the rules (`jncli.rules`) build on these, so that a value
means the same thing wherever it is read: a date typed on the command line and a date in a file,
money conformed by the reader and money a rule builds. No I/O and no typer here; polars only.

RULES.md §0: money is 万元 with exact decimals; surrounding whitespace is stripped; yes/no columns
take 是/否, Y/N, yes/no, true/false, T/F, 1/0, √/× (any case), empty meaning no; dates take ISO
`2023-05-01`, `2023/5/1`, `20230501` and `2023年5月1日`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Context, Decimal, localcontext

import polars as pl

from jncli.errors import shown

# Money in 万元 with 6 decimals: exact for 元 amounts with 2 decimals (0.01 元 = 0.000001 万元).
MONEY_DTYPE = pl.Decimal(38, 6)
# Money as read, before it is fitted to 6 decimals of 万元 (a unit conversion may add decimals).
MONEY_WIDE = pl.Decimal(38, 12)


def money_constant(text: str) -> pl.Expr:
    """A money constant (`"0"`, `"1"`) as an expression of MONEY_DTYPE, through its text: `pl.lit(Decimal(…))`
    makes polars import NumPy (~60 ms of CPU in a run that needs nothing else of it)."""
    return pl.lit(text).cast(MONEY_DTYPE)


def money_series(values: list, name: str = "") -> pl.Series:
    """Python Decimals (or None) as a Series of MONEY_DTYPE, through their text (`money_constant`: a list of
    Decimals makes polars import NumPy)."""
    return pl.Series(name, [None if v is None else format(v, "f") for v in values], pl.String).cast(MONEY_DTYPE)


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
# Day 0 of Excel's serial days (day 60 is its 1900-02-29): what a number in a date column would be read as.
EXCEL_EPOCH = dt.date(1899, 12, 30)
# How Excel shows a number of 12 digits or more in a General cell, and writes it when it saves a CSV:
# 6 significant digits (5 with a minus sign) and an exponent; the other digits are not in the file.
EXCEL_DISPLAY_FORM = r"^\s*-?\d(\.\d{1,5})?E\+\d{2,3}\s*$"
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
    return emptied(col.str.strip_chars())


def emptied(col: pl.Expr) -> pl.Expr:
    """`text` of cells known to hold no surrounding whitespace: empty or a not-applicable mark → missing."""
    # one lookup (a third of when/then/otherwise's cost on a million cells: no copy of the strings)
    return col.replace(_EMPTY_WORDS, None)


def not_applicable_mark(col: pl.Expr) -> pl.Expr:
    """The not-applicable mark a text cell holds (`—`, `-`, `无` …, stripped), null for any other cell: what
    `text` reads as empty and a blank cell cannot tell apart (measure 1 names the two differently)."""
    t = col.str.strip_chars()
    return pl.when(t.is_in(NOT_APPLICABLE)).then(t)


def yes_no_word(col: pl.Expr) -> pl.Expr:
    """A yes/no cell as a word of TRUE_WORDS / FALSE_WORDS: stripped, lower case, a not-applicable mark
    empty, and a bracketed remark after the word dropped (`是（已纳统）` → 是)."""
    w = col.str.strip_chars().str.to_lowercase()
    w = pl.when(w.is_in(NOT_APPLICABLE)).then(pl.lit("")).otherwise(w)
    return w.str.replace(r"^(\S+?)\s*[(（].*[)）]$", "$1")


# Whitespace that is not a space: a line break, CR or tab inside a number is most likely a broken file (a
# lone CR in a LF file, cells run together), never a way of writing a number: it is kept, and the value fails.
LINE_SPACE = "\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029"
LINE_BREAKS = list(LINE_SPACE)  # for `str.contains_any`


def numeric_text(col: pl.Expr) -> pl.Expr:
    """`1,234.5`, `１２３４`, `1 234` → `1234.5`, `1234`, `1234` (full-width forms, thousands separators,
    spaces; the caller strips the cell first, `text`). A line break, CR or tab inside stays (`LINE_SPACE`):
    `20\r23` is no year.

    A comma or a space between digits is a thousands separator only in groups of three: `1,5`, `12,34`
    or `12 34` (a decimal comma, a typo, two cells run together) stay and fail to convert, rather than
    become 15 or 1234. A space beside a sign, `%` or a unit word (`- 5`, `5 %`, `2 年`) is dropped."""
    t = col.str.replace_many(FULLWIDTH, HALFWIDTH)
    # A space between two digits becomes a comma (the groups-of-three test below judges it). Matches do not
    # overlap: a one-digit group (`1 2 34`) leaves its second space to the second pass, never to be dropped.
    between = (r"(\d)\p{Zs}+(\d)", "${1},${2}")
    t = t.str.replace_all(*between).str.replace_all(*between).str.replace_all(r"\p{Zs}", "")
    grouped = t.str.contains(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?%?$")
    return pl.when(grouped).then(t.str.replace_all(",", "")).otherwise(t)


# The unit words any count or duration cell may end with (`2年`, `20 人`, `3家`, `5个`), taken off before its digits
# are read; a column in 人 also takes its own count words (`5名`, `5位`: review 27 F4), given by the caller.
UNIT_WORDS = ("年", "人", "家", "个")


def without_unit_word(src: pl.Expr, words: tuple[str, ...] = ()) -> pl.Expr:
    """The cell (`text`) without a unit word after the number (`2年`, `20 人`, `1 500人`, `5名` with `words`
    holding 名), taken off before the digits' grouping is judged (`numeric_text`: `1 500` is grouped, `1 500人`
    would not be). `words`: the column's own units, beside `UNIT_WORDS`."""
    import re

    alts = "|".join(re.escape(w) for w in sorted({*UNIT_WORDS, *words}, key=len, reverse=True))
    return text(src).str.replace(rf"\p{{Zs}}*(?:{alts})$", "")


def without_money_unit(src: pl.Expr, units: tuple[str, ...]) -> pl.Expr:
    """A money cell (`text`) without a unit word after the number that is the column's own unit (`20000万元`
    in a column in 万元: 20000; review 27 F4). Any other unit stays, and the cell is no number (`2亿` in 万元:
    jncli does not convert one cell against its column's unit)."""
    import re

    if not units:
        return text(src)
    alts = "|".join(re.escape(u) for u in sorted(set(units), key=len, reverse=True))
    return text(src).str.replace(rf"(\d)\p{{Zs}}*(?:{alts})$", "${1}")


# Enough digits for any money value (38), where the default context's 28 would round one when printed.
WIDE_CONTEXT = Context(prec=MONEY_WIDE.precision)

# Money read from text (or converted from another unit) passes through MONEY_WIDE: it holds |x| < 10²⁶.
WIDE_BOUND = Decimal(10) ** (MONEY_WIDE.precision - MONEY_WIDE.scale)


def money_problem(raw: str, factor: float = 1.0) -> str:
    """A money cell that did not convert: not a number at all, out of range, or finer than 1 分.
    `factor`: the column's unit in 万元 (亿元 10000): 10²² 亿元 is out of range though 10²² is not."""
    import re
    import unicodedata

    cleaned = unicodedata.normalize("NFKC", str(raw)).strip()
    cleaned = re.sub(rf"[^\S{LINE_SPACE}]", "", re.sub(rf"(?<=\d)[^\S{LINE_SPACE}]+(?=\d)", ",", cleaned))
    try:
        # beyond what 38 digits with 12 decimals hold, in the unit or in 万元
        huge = abs(float(cleaned.replace(",", ""))) * max(float(factor), 1.0) >= float(WIDE_BOUND)
    except ValueError:
        huge = False
    if huge or cleaned.lower().lstrip("+-") in ("inf", "infinity", "nan"):
        return f"{raw!r} is not a number jncli takes as money (out of range, or not a number at all)"
    if re.fullmatch(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d+)?", cleaned):
        return (
            f"{shown(raw)} is finer than 1 分 (6 decimals of 万元); round it at the source: "
            f"rounding here could carry it over a threshold"
        )
    unit = re.fullmatch(r"[+-]?[\d,.]+\s*(千元|万元|亿元|元|万|亿)", cleaned)
    if unit:  # a unit of its own (the column's own comes off before: `without_money_unit`)
        return (
            f"{shown(raw)} is not a number (money): its unit {unit.group(1)} is not the column's; write the number "
            f"alone, in the column's unit"
        )
    return f"{shown(raw)} is not a number (money)"


def money_holds(dtype: pl.DataType, factor: float) -> bool:
    """Does money hold every value of this integer or decimal type, in this unit? 万元 are cast straight to
    MONEY_DTYPE (|x| < 10³²); other units pass through MONEY_WIDE (|x| < 10²⁶), before and after the unit."""
    if isinstance(dtype, pl.Decimal):
        beyond = Decimal(10) ** (dtype.precision - dtype.scale)  # every |x| is below it
    else:
        low, high = pl.select(dtype.min().alias("low"), dtype.max().alias("high")).row(0)
        beyond = Decimal(max(-low, high) + 1)
    if factor == 1.0:
        return beyond <= Decimal(10) ** (MONEY_DTYPE.precision - MONEY_DTYPE.scale)
    return beyond * max(Decimal(str(factor)), Decimal(1)) <= WIDE_BOUND


def money_range_holds(lo: int | Decimal | None, hi: int | Decimal | None, factor: float) -> bool:
    """`money_holds` for the values of a column, from its min and max (an integer or decimal column in
    this unit): does money hold every value between them? The same bounds, on |x| ≤ max(|lo|, |hi|)
    instead of a type's range (exact arithmetic: 76 digits hold every product here). No values: True."""
    if lo is None or hi is None:
        return True
    with localcontext(Context(prec=100)):
        largest = max(abs(Decimal(lo)), abs(Decimal(hi)))
        if factor == 1.0:
            return largest < Decimal(10) ** (MONEY_DTYPE.precision - MONEY_DTYPE.scale)
        return largest * max(Decimal(str(factor)), Decimal(1)) < WIDE_BOUND


# |x| below this: the float check of `float_fits_money` is proven (its comment); beyond it, the text route.
FLOAT_MONEY_BOUND = 2.0**30  # ≈ 1.07e9 万元


def float_fits_money(x: pl.Expr) -> pl.Expr:
    """True where a Float64 in 万元 certainly fits 6 decimals (1 分), computed without text: the value
    is then exactly what its shortest text says, `round(x·10⁶)/10⁶`. False elsewhere — outside
    |x| < 2³⁰, NaN, ±inf — where the caller decides through the shortest text (`conform`).

    Why it is exact. Let D6 be the decimals with at most 6 decimal places, and fl(·) IEEE rounding to
    the nearest double (ties to even), which is what parsing a decimal text and dividing two doubles
    do. For |x| < 2³⁰, ulp(x) ≤ 2⁻²³ < 10⁻⁶.
    (1) If n = round(fl(x·10⁶)) and fl(n / 10⁶) = x, then d = n/10⁶ is in D6 and x = fl(d); d is the
        only element of D6 within ulp(x)/2 ≤ 2⁻²⁴ of x (two of them are 10⁻⁶ apart). The shortest text
        s of x (fewest significant digits among the decimals that read back as x) is in D6: were its
        last digit past the 6th decimal, having no more digits than d would put its leading digit
        below d's, so the power of ten P = 10^lead(d) would lie between s and d and read back as x
        with one digit, so s would have one digit and be at most 0.9·P — farther from x than ulp(x).
        So s = d: the text route takes x, with the value d (and the plain cast to Decimal(38, 6)
        gives d too: x·10⁶ rounds to n; x rounded to 6 decimals is d, as |x − d| ≤ 2⁻²⁴).
    (2) Conversely, if the shortest text s of x is in D6: |x − s| ≤ 2⁻²⁴, so x·10⁶ is within
        10⁶·2⁻²⁴ < 0.06 of the integer n = s·10⁶, fl(x·10⁶) within another 2⁻⁴ (|x·10⁶| < 2⁵⁰),
        so it rounds to n (|n| < 2⁵⁰: exact), and fl(n / 10⁶) = fl(s) = x. The check never sends a
        clean column to the text route (that would only cost time).
    The division must be a true IEEE division: polars turns division by a literal into multiplication
    by its reciprocal (0.1 and 11.63 would fail), so the divisor is a column (x clipped to 10⁶).
    ±0 passes (both routes give 0). tests/test_float_money.py compares both routes, hypothesis-driven."""
    scale = float(10**MONEY_DTYPE.scale)
    back = (x * scale).round() / x.clip(scale, scale)  # a column divisor: exact division, no reciprocal
    return (x.abs() < FLOAT_MONEY_BOUND) & (back == x)  # NaN is not below the bound (nor is ±inf)


def unit_decimals(factor: Decimal | float) -> int:
    """Decimals a unit conversion adds: 元 → 万元 (× 0.0001) 4, 亿元 → 万元 0."""
    return max(0, -Decimal(str(factor)).normalize().as_tuple().exponent)


def _no_line_space(t: pl.Expr) -> pl.Expr:
    """A stripped cell with a line break, CR or tab inside → null (no date: polars' parse would skip it)."""
    return pl.when(~t.str.contains_any(LINE_BREAKS)).then(t)


# The date forms a cell or an option may take, as a message lists them.
DATE_FORMS = "2023-05-01, 2023/5/1, 20230501 or 2023年5月1日"


def parse_date_expr(src: pl.Expr, fmt: str = "csv") -> pl.Expr:
    """A text column → pl.Date: `2023-05-01`, `2023/5/1`, `2023.5.1`, `20230501`, `2023年5月1日`, an ISO
    date-time's date; null where the text is empty or no date. `fmt`: the file's format (the same forms in
    every format)."""
    t = _no_line_space(text(src)).str.replace_many(FULLWIDTH, HALFWIDTH)
    # a time after any of the forms is dropped (2023/5/1 0:00 is how Excel in zh-CN saves a date-time), also with
    # China's zone (a platform's 2021-08-07T10:00:00+08:00: the date as written is the date in Jining); another
    # zone (Z, -05:00) is no date: its date in Jining may be the next or the previous day
    t = t.str.replace(r"^(\S+?)(T| +)\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(\+08:?00)?$", "$1")
    t = t.str.replace(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$", "$1-$2-$3")
    t = t.str.replace(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$", "$1-$2-$3")
    t = t.str.replace(r"^(\d{4})(\d{2})(\d{2})$", "$1-$2-$3")
    # no memo: it costs more than the parse. No Excel serial day (45047): a number in a General-format cell
    # is refused (`tableio.checks.number_dates`; 20235, 2023-5 mistyped, would be 1955-05-26), a date cell is
    # read as the date it shows
    return four_digit_year(t.str.to_date("%Y-%m-%d", strict=False, cache=False))


# The first date whose year has four digits: polars' `%Y` takes a year of 1 to 4 digits and a sign, so `23-07-04`
# (what Excel writes for a cell formatted yy-mm-dd) would be the year 23 and `-2023-05-01` the year −2023 — a date
# nobody meant, read without a word (hostile review 2, A1).
FOUR_DIGIT_YEARS = dt.date(1000, 1, 1)


def four_digit_year(date: pl.Expr) -> pl.Expr:
    """`date` where its year has four digits (`FOUR_DIGIT_YEARS` on), else null: no date."""
    return pl.when(date >= FOUR_DIGIT_YEARS).then(date)


def iso_date(src: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """The plain parse of `2023-05-01` (conform's `fast`), and where it would take a date that
    `parse_date_expr` refuses: polars' parse skips whitespace before a number, a CR too (`2023-05-\r01`)."""
    # no cache: polars' per-value memo costs twice the parse itself (a million dates: 43 → 21 ms). An empty cell
    # (a CSV's unquoted empty is "" here) is no date either way: not parsed, as a failed parse costs more than a
    # null (a million dates, 60 % empty: 36 → 23 ms; none empty: +1 ms)
    value = pl.when(src.str.len_bytes() > 0).then(src)
    # a year of fewer than four digits (`FOUR_DIGIT_YEARS`) is parsed here too: the conversion's checking pass
    # sends a column holding one the full way (`_Conversion.low`), once, instead of a test on every row here
    return value.str.to_date("%Y-%m-%d", strict=False, cache=False), src.str.contains_any(LINE_BREAKS)


# The month forms a cell may take, as a message lists them.
MONTH_FORMS = "2023-05, 2023/5, 202305, 2023年5月 or a date in the month"


def parse_month_expr(src: pl.Expr, fmt: str = "csv") -> pl.Expr:
    """A text column → pl.Date, the first day of its month: `2023-05`, `2023/5`, `2023.5`, `202305`,
    `2023年5月` (`2023年5月份`), or any date `parse_date_expr` reads (its month); null where the text is empty
    or no month."""
    t = _no_line_space(text(src)).str.replace_many(FULLWIDTH, HALFWIDTH)
    t = t.str.replace(r"^(\d{4})年(\d{1,2})(月份?)?$", "$1-$2")  # 2023年5月份 too, as written (hostile review 3, D1)
    t = t.str.replace(r"^(\d{4})[/.-](\d{1,2})$", "$1-$2")
    t = t.str.replace(r"^(\d{4})(\d{2})$", "$1-$2")
    month = four_digit_year((t + "-01").str.to_date("%Y-%m-%d", strict=False, cache=False))
    return pl.coalesce(month, parse_date_expr(src, fmt).dt.month_start())
