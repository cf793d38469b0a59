"""Float64 money (万元) from another tool's Parquet: the float-only check (`values.float_fits_money`)
against the text route it replaces (each float read through its shortest text, exactly, and refused
when that text is finer than 1 分 = 6 decimals of 万元).

The check is the fast path of conform: where it holds, the plain cast is taken; anywhere it does not,
the whole column goes through the text route, which names the bad values. So it must never hold where
the text route refuses a value or reads it differently (a wrong amount), and — for speed only — it
should hold wherever the text route takes a value below the bound (`FLOAT_MONEY_BOUND`).
Two oracles: the text route itself (polars), and Python's `repr` (the shortest round-trip text too).
"""

from __future__ import annotations

import math
from decimal import Decimal

import polars as pl
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jncli.schema import SCHEMAS
from jncli.tableio import read_table
from jncli.tableio.conform import conform
from jncli.tableio.convert import _convert
from jncli.values import FLOAT_MONEY_BOUND, MONEY_DTYPE

_MONEY = next(c for c in SCHEMAS["shops"].columns if c.name == "online_retail")
_CONVERSION = _convert("x", _MONEY, pl.Float64, 1.0, "parquet")


def _routes(values: list[float]) -> pl.DataFrame:
    """Per value: the text route's value (null: refused) and the fast path's (null: not proven; else
    the plain cast that every later pass takes)."""
    cv = _CONVERSION
    frame = pl.DataFrame({"x": values}, schema={"x": pl.Float64})
    return frame.select(pl.col("x"), cv.expr.alias("text"), cv.fast.alias("fast"))


def _python_text_route(x: float) -> Decimal | None:
    """The text route by hand: the shortest text (Python's repr), taken only with ≤ 6 decimals."""
    if not math.isfinite(x):
        return None
    d = Decimal(repr(x))
    return d if d == d.quantize(Decimal("0.000001")) and abs(d) < Decimal(10) ** 26 else None


def _check(values: list[float]) -> None:
    routes = _routes(values)
    # the plain cast keeps the order of proven values: the column's min and max are the raw ones, cast
    # (`checks.money_values` takes them so)
    proven = sorted((x, fast) for x, _, fast in routes.iter_rows() if fast is not None)
    assert all(a[1] <= b[1] for a, b in zip(proven, proven[1:])), proven
    for x, text, fast in routes.iter_rows():
        if fast is not None:  # proven: the text route takes it, with the same amount as the plain cast
            assert text is not None and fast == text, (x, text, fast)
            assert _python_text_route(x) == text, (x, text)
        elif text is not None:  # the text route takes it: the check may only leave it where unproven
            # (5e-324 and 1e-13, written with an exponent, were once read as 0 there: now refused)
            assert not abs(x) < FLOAT_MONEY_BOUND, (x, text)
        if abs(x) < FLOAT_MONEY_BOUND:  # the check is complete below the bound: it agrees with Python
            assert (fast is not None) == (_python_text_route(x) is not None), (x, fast)


_SCALE = 10**MONEY_DTYPE.scale
_BIG = 2**53


def _near(x: float) -> st.SearchStrategy[float]:
    """x and its neighbours a few ulps away (the values a float noise or a careless export makes)."""
    return st.integers(-3, 3).map(lambda k: _step(x, k))


def _step(x: float, k: int) -> float:
    for _ in range(abs(k)):
        x = math.nextafter(x, math.inf if k > 0 else -math.inf)
    return x


_fen = st.integers(-_BIG, _BIG).map(lambda n: n / _SCALE)  # exactly a number of 分 (Python: correctly rounded)
_small_fen = st.integers(-(10**12), 10**12).map(lambda n: n / _SCALE)
_half_fen = st.integers(-(10**12), 10**12).map(lambda n: (n + 0.5) / _SCALE)  # half a 分 off: refused
_magnitudes = st.sampled_from(
    [2.0**30, 2.0**33, 2.0**50, 2.0**53, 1e15, 1e16, 1e20, 1e26, 1e300, 1e-6, 1e-7, 5e-324, 2.2250738585072014e-308]
)
_adversarial = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True),
    st.floats(min_value=-1e10, max_value=1e10),
    _fen,
    _small_fen,
    _half_fen,
    _small_fen.flatmap(_near),
    _fen.flatmap(_near),
    _magnitudes.flatmap(_near),
    _magnitudes.map(lambda x: -x),
    st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 0.0]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_adversarial, min_size=1, max_size=64))
@example([0.1, 11.63, 0.3, 1234.56, 123456789.12, 0.000001, 0.000007, -11.63])  # the ones a reciprocal misjudges
@example([12.3400001, 4999.9999999, 12.499999999, 0.0000015, 1e-7, 5e-324])  # finer than 1 分: refused
@example([math.nan, math.inf, -math.inf, -0.0, 0.0])
@example([2.0**30 - 2.0**-23, 2.0**30, 2.0**30 + 0.25, 1073741823.999999, 1073741823.000001, 8589934591.999999])
@example([1e15, 1e16 + 2, 1e26, -1e26, 1e32, 1.7976931348623157e308])
def test_the_float_check_agrees_with_the_text_route(values):
    _check(values)


def test_the_float_check_on_every_fen_of_a_range():
    # every 分 from 0 to 0.2 万元 and around 11.63 and a large amount: all proven, all equal to their text
    ns = [*range(200_001), *range(11_620_000, 11_640_001), *range(999_999_000_000, 999_999_100_001)]
    values = [n / _SCALE for n in ns]
    routes = _routes(values)
    assert routes["fast"].null_count() == 0
    assert (routes["fast"] == routes["text"]).all()
    # and half a 分 further, none is
    assert _routes([(n + 0.5) / _SCALE for n in ns[:200_000]])["fast"].null_count() == 200_000


def test_money_beyond_the_bound_takes_the_text_route(tmp_path):
    # 2,147,483,648.25 万元 is beyond what the float check proves: the column is read through the texts
    path = tmp_path / "f.parquet"
    frame = {"county": ["任城区", "兖州区"], "year": [2023, 2023], "online_retail": [0.1, 2147483648.25]}
    pl.DataFrame(frame).write_parquet(path)
    got = conform(read_table(str(path)), "counties")["online_retail"].to_list()
    assert got == [Decimal("0.1"), Decimal("2147483648.25")]


def test_float32_money_keeps_its_own_shortest_text(tmp_path):
    # the float check is proven for doubles only: a Float32 column is compared with its text route row by
    # row. 123456789 stored as a Float32 is 123456792, whose shortest Float32 text is 123456790; 16777217
    # is 16777216. (Taking the double check on the Float32's value would have said 123456792.)
    path = tmp_path / "f.parquet"
    money = pl.Series("online_retail", [0.1, 123456789.0, 12.34, 16777217.0], dtype=pl.Float32)
    pl.DataFrame({"county": ["任城区"] * 4, "year": [2023] * 4, "online_retail": money}).write_parquet(path)
    got = conform(read_table(str(path)), "counties")["online_retail"].to_list()
    assert got == [Decimal("0.1"), Decimal("123456790"), Decimal("12.34"), Decimal("16777216")]


_TEXT_CONVERSION = _convert("x", _MONEY, pl.String, 1.0, "csv")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(["", "-"]), st.integers(0, 10**16), st.integers(0, 16), st.integers(-30, 8)),
        min_size=1,
        max_size=40,
    )
)
@example([("", 1, 0, -13), ("-", 1, 0, -13), ("", 10000001, 7, -6), ("", 100000000000001, 0, -14)])
@example([("", 15, 1, -12), ("", 15, 1, -3), ("", 12, 0, -6), ("", 0, 1, -20), ("", 1000000000, 0, -13)])
def test_money_text_in_scientific_notation_is_taken_exactly_or_refused(parts):
    # A money text with an exponent: taken only when its exact value has at most 6 decimals (1 分), with
    # that value; a digit past the 12th decimal was once rounded away by the 12-decimal read (1e-13 → 0).
    texts = []
    for sign, digits, decimals, exponent in parts:
        mantissa = str(digits).rjust(decimals + 1, "0")
        point = "." if decimals else ""  # 12e-6 as well as 1.5e-3
        texts.append(
            f"{sign}{mantissa[: len(mantissa) - decimals]}{point}{mantissa[len(mantissa) - decimals :]}e{exponent}"
        )
    got = pl.DataFrame({"x": texts}).select(_TEXT_CONVERSION.expr).to_series().to_list()
    for text, value in zip(texts, got):
        exact = Decimal(text)
        fits = exact == exact.quantize(Decimal("0.000001")) and abs(exact) < Decimal(10) ** 26
        if value is not None:
            assert fits and value == exact, (text, value)
        elif fits:  # refused although it fits: only the forms no bureau writes, on the safe side —
            # an exponent of −13 or below (1000000000e-13), a mantissa digit past its 12th decimal
            mantissa, _, exponent = text.partition("e")
            past_12 = len(mantissa.partition(".")[2].rstrip("0")) > 12
            assert exact != 0 and (int(exponent) <= -13 or past_12), (text, "refused", exact)
