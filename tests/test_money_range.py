"""Money too large for jncli's decimals is named, row and column, never polars' overflow error.

Money lives in Decimal(38, 6) 万元 (|x| < 10³²); text and other units pass through Decimal(38, 12)
(|x| < 10²⁶) and the unit's multiplication (亿元: × 10⁴, so |x| < 10²² 亿元). A value beyond was a raw
"overflow in decimal multiplication … rerun with --debug" naming no row (亿元 text ≥ 10²², a typed
Decimal(38, 2) ≥ 10³² 万元). No bureau has such figures; a corrupted cell or a wrong column can.
"""

from __future__ import annotations

from decimal import Context, Decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jncli.schema import SCHEMAS
from jncli.tableio.convert import _convert
from jncli.values import money_holds

COUNTY_HEADER = "county,year,online_retail(亿元),rural_online_retail\n"


def _counties_parquet(path, values: list[str]) -> None:
    pl.DataFrame(
        {
            "county": ["任城区", "兖州区"][: len(values)],
            "year": [2023] * len(values),
            "online_retail": pl.Series([Decimal(v) for v in values], dtype=pl.Decimal(38, 2)),
            "rural_online_retail": [1] * len(values),
        }
    ).write_parquet(path)


def _one_line_error(proc) -> str:
    err = proc.stderr.decode()
    assert proc.returncode == 1 and proc.stdout == b"", err
    assert "Traceback" not in err and "--debug" not in err and "overflow" not in err, err
    return err


@pytest.mark.parametrize("value", ["100000000000000000000000", "1e22", "10000000000000000000000", "-1e23"])
def test_yi_yuan_text_beyond_the_range_is_named(jncli, tmp_path, value):
    # 10²² 亿元 = 10²⁶ 万元: one digit more than Decimal(38, 12) holds before the decimals
    (tmp_path / "c.csv").write_text(COUNTY_HEADER + f"任城区,2023,{value},1\n", "utf-8")
    err = _one_line_error(jncli("cat", "--as", "counties", "c.csv", cwd=tmp_path))
    assert (
        f"c.csv row 2, column online_retail(亿元) (online_retail): '{value}' is not a number jncli takes as money"
        in err
    )
    assert "out of range" in err


def test_yi_yuan_text_just_inside_the_range_is_read_exactly(jncli, tmp_path):
    # 9.99 × 10²¹ 亿元 × 10⁴ = 9.99 × 10²⁵ 万元 (26 digits before the point: fits)
    (tmp_path / "c.csv").write_text(COUNTY_HEADER + "任城区,2023,9990000000000000000000,1\n", "utf-8")
    proc = jncli("cat", "--as", "counties", "c.csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "任城区,2023,99900000000000000000000000,1" in proc.stdout.decode()


@pytest.mark.parametrize("value", ["1e32", "-1e32", "1e35"])
def test_a_typed_decimal_beyond_money_is_named(jncli, tmp_path, value):
    # Decimal(38, 2) reaches 10³⁶; money in 万元 holds |x| < 10³² (38 digits, 6 of them decimals)
    _counties_parquet(tmp_path / "c.parquet", [value, "5"])
    err = _one_line_error(jncli("cat", "--as", "counties", "c.parquet", cwd=tmp_path))
    shown = f"{Decimal(value):f}" + ".00"
    assert (
        f"c.parquet row 1, column online_retail (online_retail): '{shown}' is not a number jncli takes as money" in err
    )


def test_a_typed_decimal_just_inside_money_is_read_and_shown_exactly(jncli, tmp_path):
    top = "99999999999999999999999999999999.99"  # 10³² − 0.01: 32 digits before the point
    _counties_parquet(tmp_path / "c.parquet", [top, "5"])
    proc = jncli("cat", "--as", "counties", "c.parquet", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"任城区,2023,{top},1" in proc.stdout.decode()
    # the plausibility warning shows the value as it is (the default decimal context's 28 digits rounded
    # it to 100000000000000000000000000000000)
    assert f"{top} 万元 is above 100,000,000 万元" in proc.stderr.decode()


def test_track_shops_names_a_typed_decimal_beyond_money_in_its_checking_pass(jncli, tmp_path):
    # track-shops converts Parquet lazily (a checking pass, then the rule's passes): the same message
    shops = pl.read_csv("samples/shops.csv", infer_schema=False).head(3)
    money = pl.Series([Decimal("1.5"), Decimal("1e33"), Decimal("2")], dtype=pl.Decimal(38, 2))
    shops.with_columns(online_retail=money).write_parquet(tmp_path / "s.parquet")
    err = _one_line_error(jncli("track-shops", "s.parquet", cwd=tmp_path))
    assert (
        "s.parquet row 2, column online_retail (online_retail): '1000000000000000000000000000000000.00' is not" in err
    )


def test_money_holds_a_type_only_where_every_value_fits():
    wan, yi, yuan = 1.0, 10000.0, 0.0001
    assert money_holds(pl.Decimal(38, 6), wan)  # |x| < 10³²: exactly money's range
    assert not money_holds(pl.Decimal(38, 2), wan)  # up to 10³⁶
    assert money_holds(pl.Decimal(22, 0), yi)  # 10²² 亿元 × 10⁴ = 10²⁶: at the wide bound
    assert not money_holds(pl.Decimal(23, 0), yi)
    assert money_holds(pl.Decimal(18, 2), yuan)
    assert money_holds(pl.Int64, yi)  # 9.2 × 10¹⁸ × 10⁴ < 10²⁶
    assert not money_holds(pl.Int128, wan)  # 1.7 × 10³⁸


_BOUNDARIES = [Decimal(10) ** k for k in (21, 22, 25, 26, 31, 32, 33)]
# a few values of a typed Decimal(38, 2) column: at, a cent inside and beyond each bound, or anywhere to 10³⁵
_TYPED_MONEY = st.lists(
    st.one_of(
        st.sampled_from(_BOUNDARIES).flatmap(
            lambda b: st.sampled_from([b, b - Decimal("0.01"), -b, -b + Decimal("0.01")])
        ),
        st.decimals(min_value=-(10**35), max_value=10**35, places=2, allow_nan=False),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(
    _TYPED_MONEY,
    st.sampled_from([1.0, 10000.0]),
)
def test_conversion_is_exact_or_null_never_an_overflow(values, factor):
    """Python's Decimal as the oracle: the value times the unit where it fits money (万元 straight into
    Decimal(38, 6); 亿元 through Decimal(38, 12) and the product), else null — which conform names."""
    col = next(c for c in SCHEMAS["counties"].columns if c.name == "online_retail")
    dtype = pl.Decimal(38, 2)
    frame = pl.DataFrame({"x": pl.Series(values, dtype=dtype)})
    for text in (False, True):
        src = frame.with_columns(pl.col("x").cast(pl.String)) if text else frame
        cv = _convert("x", col, src.schema["x"], factor, "csv")
        got = src.select(cv.expr.alias("v"))["v"].to_list()
        lazy = src.lazy().select(cv.expr.alias("v")).collect(engine="streaming")["v"].to_list()
        for v, g, g2 in zip(values, got, lazy, strict=True):
            wan = Context(prec=80).multiply(v, Decimal(str(factor)))  # the default 28 digits would round
            fits = abs(wan) < 10**32 if factor == 1.0 and not text else abs(v) < 10**26 and abs(wan) < 10**26
            assert g == g2 == (wan if fits else None), (v, factor, text, g, g2)


@settings(max_examples=300, deadline=None)
@given(
    _TYPED_MONEY,
    st.sampled_from([1.0, 10000.0, 0.0001]),
)
def test_the_range_of_typed_money_decides_its_check_exactly(values, factor):
    """The lazy checking pass takes a typed column's min and max and skips casting every value when
    `range_holds` says money holds all between them (branch pq5): that must be exactly when no value
    fails the cast, which the row-by-row flag finds (so a skipped flag is one that would be false)."""
    col = next(c for c in SCHEMAS["counties"].columns if c.name == "online_retail")
    frame = pl.DataFrame({"x": pl.Series(values, dtype=pl.Decimal(38, 2))})
    cv = _convert("x", col, frame.schema["x"], factor, "csv")
    assert cv.range_holds is not None and cv.fast is not None and cv.monotone is not None
    lo, hi = frame.select(pl.col("x").min().alias("lo"), pl.col("x").max().alias("hi")).row(0)
    per_row = frame.select((cv.present & cv.fast.is_null()).any()).item()
    assert cv.range_holds(lo, hi) == (not per_row), (values, factor, lo, hi)


def test_the_range_holds_with_no_values():
    col = next(c for c in SCHEMAS["counties"].columns if c.name == "online_retail")
    assert _convert("x", col, pl.Decimal(38, 2), 1.0, "csv").range_holds(None, None)


@pytest.mark.parametrize(("value", "named"), [("99999999999999999999999999999999.99", False), ("1e32", True)])
def test_track_shops_typed_money_at_the_edge_of_money(jncli, tmp_path, value, named):
    # the largest amount money holds is read (with the unit warning); 10³² is named, as before branch pq5
    shops = pl.read_csv("samples/shops.csv", infer_schema=False).head(3)
    money = pl.Series([Decimal("1.5"), Decimal(value), Decimal("-0.00")], dtype=pl.Decimal(38, 2))
    shops.with_columns(online_retail=money).write_parquet(tmp_path / "s.parquet")
    proc = jncli("track-shops", "s.parquet", "--year", "2023", cwd=tmp_path)
    if named:
        err = _one_line_error(proc)
        assert "s.parquet row 2, column online_retail (online_retail): '100000000000000000000000000000000.00' is" in err
    else:
        assert proc.returncode == 0, proc.stderr.decode()
        assert (
            "s.parquet row 2, column online_retail (online_retail): 99999999999999999999999999999999.99 万元 is above"
            in (proc.stderr.decode())
        )
