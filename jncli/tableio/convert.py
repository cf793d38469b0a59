"""What one column's cells become: the conversion of a column of text or of another type to its schema type
(money exact in 万元, whole numbers, numbers, yes/no, dates, months), and the rows it cannot convert.
May import polars, `jncli.values`, `jncli.errors`, `jncli.schema`, `jncli.tableio.excel`.

`conform` builds one `_Conversion` per column and runs them (`checked`, `spill`); clean values take a plain
cast (`fast`), a column where some value failed it goes through the full normalisation (`expr`).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

import polars as pl

from jncli import schema as schemas
from jncli.bureau import UNITS_SHOWN
from jncli.errors import shown
from jncli.tableio.excel import _excel_text_number
from jncli.values import (
    EXCEL_DISPLAY_FORM,
    EXCEL_EPOCH,
    FALSE_WORDS,
    FOUR_DIGIT_YEARS,
    MONEY_DTYPE,
    MONEY_WIDE,
    MONTH_FORMS,
    TRUE_WORDS,
    WIDE_BOUND,
    emptied,
    float_fits_money,
    iso_date,
    local_date,
    money_holds,
    money_range_holds,
    parse_date_expr,
    parse_month_expr,
    unit_decimals,
    without_money_unit,
    without_unit_word,
)
from jncli.values import money_problem as _money_problem
from jncli.values import numeric_text as _numeric_text
from jncli.values import text as _text
from jncli.values import yes_no_word as _yes_no_word


@dataclass(eq=False, repr=False)
class _Conversion:
    """How one input column becomes its canonical typed column."""

    canonical: str
    header: str
    expr: pl.Expr  # the typed value
    bad: pl.Expr | None  # true where a non-empty source value did not convert
    expected: str  # "a number", …, for the message
    fast: pl.Expr | None = None  # same value for clean input (plain cast); null where it needs `expr`
    why: Callable[[str], str] | None = None  # what is wrong with a raw value, if not "is not {expected}"
    # the same value as `fast` wherever `fast` is not null, cheaper: the lazy path proves that in its one
    # checking pass (`fast` compares the two) and every later pass computes only this
    cheap: pl.Expr | None = None
    present: pl.Expr | None = None  # a cell that holds a value, if not a non-empty text (`checked._present`)
    # the check depends on the cell's value alone and a column holds few distinct values (yes/no words):
    # the lazy checking pass looks at the distinct values, and once they all pass, this gives what the
    # later passes take, knowing them (cheaper than `cheap`; `checked._convert_checked_lazy`)
    by_value: Callable[[pl.Expr, pl.Series], pl.Expr] | None = None
    # an expression of the raw column, non-decreasing in it row by row, that the column may be built with
    # (the exact widening of typed money, the plain cast of proven Float64 money): where it is (`taken`),
    # the column's min and max are the raw column's, converted (`checks.money_values`)
    monotone: pl.Expr | None = None
    # typed money wider than money holds: given the raw column's min and max (its `monotone` range), does
    # every value between them take the plain cast? Then the lazy checking pass need not cast each value
    # to find one that fails (`checked._convert_checked_lazy`; `values.money_range_holds`)
    range_holds: Callable[[object, object], bool] | None = None
    taken: pl.Expr | None = None  # what the lazy paths built the column with (set by them)
    raw_range: pl.DataFrame | None = None  # the raw column's min and max (lo, hi), if the checking pass took them
    # text money: true where a cell is written as Excel displays a long number (1.23457E+11); looked at
    # only when the column needed the full conversion (`retried`), which such a cell always does
    display_form: pl.Expr | None = None
    retried: bool = False
    suspect: pl.Expr | None = None  # true where `fast` takes a value the full way refuses (a date's `20\r23`)
    # `fast`'s least value the full way takes (a date's year of four digits): a column holding a smaller one is
    # sent the full way by the checking pass, which compares the values it computed anyway
    low: object | None = None
    id_text: bool = False  # an id column of text, whose ids may be written ="…" or '… (`unwrap_ids`)


def _unpadded_text(src: pl.Expr) -> pl.Expr:
    """`values.text` of a column none of whose cells has whitespace at either end (`Table.unpadded`): the same
    values without the strip, which copies every string (4 text columns of 260,000 rows: 7,500 page faults)."""
    return emptied(src)


def _convert(
    header: str,
    col: schemas.Column,
    dtype: pl.DataType,
    factor: float,
    fmt: str,
    raw_text: bool = False,
    divisor: int = 1,
    unpadded: Callable[[], bool] | None = None,
) -> _Conversion:
    """`divisor`: a number column whose header names a unit that converts to the column's (`经营年限(月)`: 12,
    `奖励比例(%)`: 100 — `schema.NUMBER_UNITS`)."""
    src = pl.col(header)
    kind = col.type
    is_str = dtype == pl.String
    if fmt == "xlsx" and is_str and kind in ("int", "number", "money"):
        src = _excel_text_number(src)
    present = _text(src).is_not_null() if is_str else src.is_not_null()

    if kind in ("text", "id"):
        # (asked only here: the proof maps the file, `Table.unpadded`)
        value = src if raw_text or not is_str else _unpadded_text(src) if unpadded and unpadded() else _text(src)
        if is_str and kind == "id":  # `="9137…"`, `'9137…`: the id inside where a column has them (`unwrap_ids`)
            return _Conversion(col.name, header, value, None, "text", id_text=True)
        if is_str:
            return _Conversion(col.name, header, value, None, "text")
        if dtype.is_float():  # an id Excel stored as a number: 123.0 → "123"
            whole = src.round(0) == src
            expr = pl.when(whole).then(src.cast(pl.Int64, strict=False).cast(pl.String)).otherwise(src.cast(pl.String))
            return _Conversion(col.name, header, expr, None, "text")
        return _Conversion(col.name, header, src.cast(pl.String), None, "text")

    if kind == "int":
        if col.name == "year" and dtype.is_temporal():  # dates not shown as a year alone (`excel.shown_as_year`)
            return _Conversion(col.name, header, pl.lit(None, pl.Int64), present, "a whole number", why=_date_not_year)
        if is_str:
            word = _without_unit_word(src, col)
            if col.name == "year":  # 2023年度, as 统计年度 columns are filled (2023年: `_without_unit_word`)
                word = word.str.replace(r"\p{Zs}*年度$", "")
            value = _numeric_text(word).cast(pl.Float64, strict=False)
        else:
            value = src.cast(pl.Float64, strict=False)
        if dtype.is_integer():
            return _Conversion(col.name, header, src.cast(pl.Int64), None, "a whole number")
        expr = pl.when(value.round(0) == value).then(value.cast(pl.Int64, strict=False))
        fast = src.cast(pl.Int64, strict=False) if is_str else None
        why = _date_not_year if col.name == "year" else None
        return _Conversion(col.name, header, expr, present & expr.is_null(), "a whole number", fast, why=why)

    if kind == "number" and divisor != 1:
        return _converted_number(header, col, src, dtype, is_str, present, divisor)
    if kind == "number":
        if is_str:
            t = _numeric_text(_without_unit_word(src, col))  # 2年, 2.5年 as for whole numbers
            pct = t.str.ends_with("%")
            num = t.str.strip_suffix("%").cast(pl.Float64, strict=False)
            # 0.7% → 0.007, not 0.006999999999999999 (15 significant digits: what a float holds exactly);
            # in a column of percentages (a stated growth, `同比增长(%)`) 12.5% and 12.5 are both 12.5
            expr = num if col.unit == "%" else pl.when(pct).then((num / 100).round_sig_figs(15)).otherwise(num)
        else:
            expr = src.cast(pl.Float64, strict=False)
        # NaN, inf and 1e309 are no numbers (RULES.md §0): NaN would pass every minimum
        expr = pl.when(expr.is_finite()).then(expr)
        if dtype.is_numeric():
            bad = src.is_not_null() & expr.is_null() if dtype.is_float() else None
            return _Conversion(col.name, header, expr, bad, "a finite number")
        fast = _finite(src.cast(pl.Float64, strict=False)) if is_str else None
        return _Conversion(col.name, header, expr, present & expr.is_null(), "a number", fast)

    if kind == "money":
        # Exact: read with 12 decimals, convert the unit, and only then fit 万元 with 6 decimals (1 分).
        # A value that does not fit (12.499999999, 0.49999996 亿元 is fine: 4999.9996 万元) is an error,
        # not rounded: rounding could lift 4999.9999999 over a 5000 threshold.
        unit = pl.lit(str(factor)).cast(pl.Decimal(38, unit_decimals(factor)))  # not pl.lit(Decimal): imports NumPy
        expected = "a number (money)"

        def in_unit(wide: pl.Expr) -> pl.Expr:  # MONEY_WIDE in the column's unit → MONEY_WIDE in 万元
            if factor > 1.0:  # 亿元: polars raises on an overflowing product, naming no row; null it first
                limit = pl.lit(format(WIDE_BOUND / Decimal(str(factor)), "f")).cast(MONEY_WIDE)
                wide = pl.when(wide.abs() < limit).then(wide)
            return wide if factor == 1.0 else (wide * unit).cast(MONEY_WIDE)

        def in_wan(value: pl.Expr, text: bool = True) -> pl.Expr:  # null where it does not convert or loses digits
            wide = in_unit(value.cast(MONEY_WIDE, strict=False))
            fitted = wide.cast(MONEY_DTYPE)
            fits = fitted.cast(MONEY_WIDE) == wide
            if text:  # a digit past the 12th decimal: the wide cast itself would have rounded it away
                fits = fits & ~value.str.contains(PAST_12_DECIMALS)
            return pl.when(fits).then(fitted)

        def exact(value: pl.Expr, strict: bool = False) -> pl.Expr:  # values known to fit 6 decimals of 万元
            return (
                value.cast(MONEY_DTYPE, strict=strict)
                if factor == 1.0
                else in_unit(value.cast(MONEY_WIDE, strict=strict)).cast(MONEY_DTYPE, strict=strict)
            )

        why = partial(_money_problem, factor=factor)
        if dtype.is_integer() or (isinstance(dtype, pl.Decimal) and dtype.scale + unit_decimals(factor) <= 6):
            if money_holds(dtype, factor):  # typed input that always fits: nothing to check, stays lazy
                value = exact(src, strict=True)
                return _Conversion(col.name, header, value, None, expected, monotone=value)
            # a type wider than money holds (Decimal(38, 2) in 万元 reaches 10³⁶): the checking pass proves
            # every value in range (the cast is null beyond it, and the row is named); later passes cast
            value, cheap, present = exact(src), exact(src, strict=True), src.is_not_null()
            holds = partial(money_range_holds, factor=factor)
            checked = {"why": why, "cheap": cheap, "present": present, "monotone": cheap, "range_holds": holds}
            return _Conversion(col.name, header, value, present & value.is_null(), expected, value, **checked)
        if dtype.is_float():  # through the shortest text of the float (1234.56, not 1234.559999…)
            value = in_wan(src.cast(pl.String))
            bad = src.is_not_null() & value.is_null()
            if factor != 1.0:
                return _Conversion(col.name, header, value, bad, expected, why=why)
            # Float64 万元 from another tool: the plain cast, where the checking pass proves without text
            # that the float fits 6 decimals (`values.float_fits_money`: then the cast is what the exact
            # conversion gives); any other value (finer than 1 分, NaN, huge) sends the column through
            # the shortest text, which names it. The later passes take the plain cast alone.
            # (Float32: the proof is for doubles, and a float's shortest text is its own width's — 123456792
            # as a Float32 reads 123456790 — so the cast is compared with the text route row by row.)
            cheap = src.cast(MONEY_DTYPE, strict=False)
            fast = pl.when(float_fits_money(src) if dtype == pl.Float64 else cheap == value).then(cheap)
            return _Conversion(
                col.name,
                header,
                value,
                bad,
                expected,
                fast,
                why=why,
                cheap=cheap,
                present=src.is_not_null(),
                monotone=cheap,  # rounding to 6 decimals keeps the order
            )
        if not is_str:
            value = in_wan(src, text=False)
            return _Conversion(col.name, header, value, src.is_not_null() & value.is_null(), expected, why=why)
        value = in_wan(_numeric_text(without_money_unit(src, _money_unit_words(factor))))
        # The plain cast for clean text: exact when the text has no more decimals than 1 分 allows in
        # its unit (元 2, 万元 6, 亿元 10), which a regex tells far cheaper than comparing casts.
        allowed = 6 + round(math.log10(factor))
        fast = pl.when(~src.str.contains(rf"\.\d{{{allowed + 1}}}|[eE]")).then(exact(src))  # 1.5e-7: the full path
        excel = src.str.contains(EXCEL_DISPLAY_FORM)
        return _Conversion(
            col.name, header, value, present & value.is_null(), expected, fast, why=why, display_form=excel
        )

    if kind == "bool":
        if dtype == pl.Boolean:
            return _Conversion(col.name, header, src.fill_null(False), None, "yes/no")
        word = _yes_no_word(src.cast(pl.String) if not is_str else src)
        if dtype.is_float():  # 1.0 / 0.0 are the words 1 / 0; any other float (0.5, NaN) is named, not truncated
            word = (
                pl.when((src == 1) | (src == 0))
                .then(src.cast(pl.Int64, strict=False).cast(pl.String))
                .otherwise(src.cast(pl.String))
            )

        def yes_no(w: pl.Expr) -> pl.Expr:
            w = w.fill_null("")
            return pl.when(w.is_in(TRUE_WORDS)).then(True).when(w.is_in(FALSE_WORDS)).then(False)

        expr = yes_no(word)
        # the words as written (是/否, y, 1 …) need no strip or case folding: ten million cheap lookups;
        # once every value is proven a yes or a no word, one lookup tells which (`cheap`)
        fast = yes_no(src) if is_str else None
        cheap = src.fill_null("").is_in(TRUE_WORDS) if is_str else None
        expected = "yes/no (是/否, Y/N, true/false, 1/0, √/×)"
        by_value = _yes_among if is_str else None
        return _Conversion(col.name, header, expr, expr.is_null(), expected, fast, cheap=cheap, by_value=by_value)

    if kind == "date":
        if dtype == pl.Date:
            return _Conversion(col.name, header, src, None, "a date")
        if isinstance(dtype, pl.Datetime):
            return _Conversion(col.name, header, local_date(src, dtype), None, "a date")
        if dtype.is_numeric():  # no Excel serial day: a number is no date (`checks.number_dates`)
            return _Conversion(col.name, header, pl.lit(None, pl.Date), present, "a date")
        expr, (fast, suspect) = parse_date_expr(src, fmt), iso_date(src)
        expected = "a date (2023-05-01, 2023/5/1, 20230501 or 2023年5月1日)"
        why = partial(_serial_text, expected=expected)
        bad = present & expr.is_null()
        return _Conversion(col.name, header, expr, bad, expected, fast, suspect=suspect, why=why, low=FOUR_DIGIT_YEARS)
    if kind == "month":
        return _month(col, header, src, dtype, fmt, present)
    raise AssertionError(kind)


def unwrap_ids(conversions: list[_Conversion], headers: set[str]) -> list[int]:
    """The id columns among `headers` (found holding ids written ="…" or '…: `checks.excel_number_ids`, which
    notes them) converted to the id inside from now on: the indices of the conversions changed. Only such a
    column pays for it (~90 ms per million ids); any other keeps the plain text conversion."""
    changed = [i for i, cv in enumerate(conversions) if cv.id_text and cv.header in headers]
    for i in changed:  # (a column left as read for its rule, `raw_text`, keeps its other cells as read)
        src = conversions[i].expr
        conversions[i].expr, conversions[i].id_text = id_inside(_text(src), src), False
    return changed


def id_inside(t: pl.Expr, other: pl.Expr | None = None) -> pl.Expr:
    """An id cell (stripped, `values.text`) as the id it holds: `="9137…"` (Excel's text formula, how many
    systems export an id to keep it text) and `'9137…` (typed so that Excel keeps it text) are the id
    inside; any other cell as it is (or `other`'s)."""
    formula = t.str.starts_with('="') & t.str.ends_with('"') & (t.str.len_bytes() >= 3)
    return (
        pl.when(formula)
        .then(_text(t.str.slice(2).str.strip_suffix('"')))
        .when(t.str.starts_with("'"))
        .then(_text(t.str.slice(1)))
        .otherwise(t if other is None else other)
    )


def _yes_among(src: pl.Expr, words: pl.Series) -> pl.Expr:
    """`cheap` of a yes/no column whose distinct values are `words`, every one a yes or a no word as
    written: a comparison with each yes word among them (是), not a lookup in every yes word (the same
    answer on these values: a missing cell is no, as "" is)."""
    yes = [w for w in words.to_list() if w is not None and w in TRUE_WORDS]
    if not yes:
        return pl.lit(False)
    if len(yes) > 4:
        return src.is_in(yes).fill_null(False)
    hit = src == yes[0]
    for w in yes[1:]:
        hit = hit | (src == w)
    return hit.fill_null(False)


# A money text with a digit past the 12th decimal, which the cast to 12 decimals would round away unseen:
# written out (0.0000000000001), or in scientific notation — a last nonzero mantissa digit at decimal d
# with exponent −e (d + e > 12: 1.0000001e-6, 1.5e-12), or any nonzero mantissa with an exponent of −13
# or below (1e-13, 100000000000001e-14: refused even where trailing zeros would bring it back, which no
# bureau writes). A positive exponent only moves digits left: the first alternative errs on the safe side.
PAST_12_DECIMALS = "|".join(
    [r"\.\d{12}\d*[1-9]"]
    + [rf"\.\d{{{12 - e}}}\d*[1-9]0*[eE]-0*{e}$" for e in range(1, 13)]
    + [r"[1-9][\d.]*[eE]-0*(1[3-9]|[2-9]\d|[1-9]\d{2,})$"]
)


def _converted_number(
    header: str, col: schemas.Column, src: pl.Expr, dtype: pl.DataType, is_str: bool, present: pl.Expr, divisor: int
) -> _Conversion:
    """A number column whose header names a unit converting to the column's: months under `经营年限(月)` ÷ 12
    into years; a share under `奖励比例(%)` in percent, ÷ 100 (`58` and `58%` are 0.58). No unit word comes off
    a cell (`6年` under `(月)` says two units: not a number). Under `(%)` a value above 0 up to 1 is refused:
    `0.58` may be the share written as a fraction (58 %) or 0.58 %, and jncli does not guess (`58`, `58%`)."""
    share = divisor == 100
    if is_str:
        t = _numeric_text(_text(src))
        pct = t.str.ends_with("%")
        num = t.str.strip_suffix("%").cast(pl.Float64, strict=False)
        bare = ~pct.fill_null(False)
        if not share:  # a `%` cell of months is no number of months
            num = pl.when(bare).then(num)
    else:
        num, bare = src.cast(pl.Float64, strict=False), pl.lit(True)
    # Months: the quotient as is (7 → 0.5833333333333334 years). Division is correctly rounded, so 12 × Y months
    # are Y years exactly and fewer months never round up to Y: a minimum is met by months as by years (rounding
    # to 15 digits could lift 11.999999999999998 months to 1 year). A share in %: as a `58%` cell is read, to
    # 15 significant digits (57.7 → 0.577, not 0.5770000000000001).
    expr = (num / divisor).round_sig_figs(15) if share else num / divisor
    expr = pl.when(expr.is_finite()).then(expr)
    ambiguous = (bare & (num > 0) & (num <= 1)).fill_null(False) if share else pl.lit(False)
    bad = (present & expr.is_null()) | ambiguous
    if share:
        expr = pl.when(~ambiguous).then(expr)

    def why(raw: str) -> str:
        value = _bare_number(raw) if share else None
        if value is not None and 0 < value <= 1:
            return (
                f"{shown(raw)} under a header in % is ambiguous: {value:g} % or {value * 100:g} %? "
                f"write {value * 100:g} for {value * 100:g} %, or drop the % from the header if the column holds shares"
            )
        return f"{shown(raw)} is not a number"

    return _Conversion(col.name, header, expr, bad, "a number", why=why)


def _bare_number(raw: str | None) -> float | None:
    """A raw cell's value if it is a plain number (`0.58`, `０.５８`), for the message."""
    try:
        return float(unicodedata.normalize("NFKC", raw or "").strip())
    except ValueError:
        return None


def _date_not_year(raw: str) -> str:
    """A year cell that did not convert: a date (an Excel date cell, or 2023-12-31 typed) is named as one."""
    import re

    if re.fullmatch(r"\s*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:[ T][\d:.]+)?\s*", str(raw)):
        return (
            f"{shown(raw)} is a date, not a year: write the year alone (2023), or format the cell to show only "
            f"the year (yyyy)"
        )
    return f"{shown(raw)} is not a whole number"


def _without_unit_word(src: pl.Expr, col: schemas.Column) -> pl.Expr:
    """The cell without a unit word after a count (`values.without_unit_word`): the column's own unit words
    too, those its header may name without a conversion (a column in 人: 名, 位 …; `schema.NUMBER_UNITS`)."""
    own = schemas.NUMBER_UNITS.get(col.units or col.unit or "", {})
    words = tuple(w for w, d in own.items() if d == 1 and not w.isascii() and w not in ("%", "±%"))
    return without_unit_word(src, words)


def _money_unit_words(factor: float) -> tuple[str, ...]:
    """The spellings of the column's own money unit a cell may end with (万元, 万 in a column in 万元)."""
    return tuple(u for u in UNITS_SHOWN if schemas.MONEY_UNITS.get(schemas.normalize_header(u)) == Decimal(str(factor)))


def _finite(value: pl.Expr) -> pl.Expr:
    return pl.when(value.is_finite()).then(value)


def _month(col: schemas.Column, header: str, src: pl.Expr, dtype: pl.DataType, fmt: str, present: pl.Expr):
    """A calendar month as its first day: text forms (2023-05, 2023年5月, 202305), dates, whole numbers
    (202305; an Excel serial day is refused, `checks.number_dates`)."""
    expected = f"a month ({MONTH_FORMS})"
    if dtype == pl.Date:
        return _Conversion(col.name, header, src.dt.month_start(), None, expected)
    if isinstance(dtype, pl.Datetime):
        return _Conversion(col.name, header, local_date(src, dtype).dt.month_start(), None, expected)
    if dtype.is_numeric():
        whole = src.cast(pl.Int64, strict=False)
        as_text = pl.when(whole.cast(pl.Float64) == src.cast(pl.Float64)).then(whole.cast(pl.String))
        expr = parse_month_expr(as_text, fmt)
        return _Conversion(col.name, header, expr, present & expr.is_null(), expected)
    expr = parse_month_expr(src, fmt)
    why = partial(_serial_text, expected=expected)
    return _Conversion(col.name, header, expr, present & expr.is_null(), expected, why=why)


def _serial_text(raw: str, expected: str) -> str:
    """Why a text cell of a date or month column is none: a 5-digit number is an Excel serial day written out as
    text (a CSV saved from a General-format column), named with the date it would be, as in a sheet
    (`checks.number_dates`); anything else is not `expected`."""
    import datetime as dt
    import re
    import unicodedata

    value = unicodedata.normalize("NFKC", raw).strip()
    if re.fullmatch(r"\d{5}", value):
        serial = f"{EXCEL_EPOCH + dt.timedelta(days=int(value)):%Y-%m-%d}"
        return f"{value} is a plain number, not a date or a month (as an Excel serial day it would be {serial})"
    return f"{shown(raw)} is not {expected}"
