"""Measure 1's scoring (plain Python: floats with an error bound, exact `Fraction`s where the bound cannot decide)
against the rule re-derived here from Fractions alone: scores, ranks, growth tests and the indicators shown.

Coarse values, so equal values, equal rounded scores, growths equal to an average and scores on a rounding
half-step are frequent; every county of the draw has both years (the data problems have their own tests).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jncli.policy import load_policy
from jncli.rules import counties as m1
from jncli.rules.counties import score_counties

POLICY = load_policy()
NAMES = [c.name for c in POLICY.counties]
MONEY = pl.Decimal(38, 6)
METRICS = ("online_retail", "rural_online_retail", "ent_online_retail", "above_quota_retail")
value = st.one_of(
    st.sampled_from([Decimal(x) for x in ("1", "2", "4", "5", "8", "10", "20", "2.5", "0.5", "12.5", "3")]),
    st.integers(1, 80).map(lambda v: Decimal(v) / 4),
    st.integers(1, 10**9).map(lambda v: Decimal(v) / 1000),
)
RATES = [0.0, 0.1, 0.25, 0.5, 1.0, -0.5, 3.0, 1.5]


@st.composite
def tables(draw):
    names = draw(st.lists(st.sampled_from(NAMES), min_size=2, max_size=len(NAMES), unique=True))
    data = {n: {c: (draw(value), draw(value)) for c in METRICS} for n in names}
    rows = [
        {"county": n, "year": y, **{c: per[c][i] for c in METRICS}}
        for y, i in ((2022, 0), (2023, 1))
        for n, per in data.items()
    ]
    frame = pl.DataFrame(rows, schema={"county": pl.String, "year": pl.Int64, **{c: MONEY for c in METRICS}})
    return data, frame.sample(fraction=1.0, shuffle=True, seed=draw(st.integers(0, 99)))


def _half_up(q: Fraction, places: int) -> int:
    n = abs(q) * 10**places
    whole = n.numerator // n.denominator + (n - n.numerator // n.denominator >= Fraction(1, 2))
    return whole if q >= 0 else -whole


def _expected(data, key: str, weights, city, province, change=None):
    """Per county (score × 10^D, rank, above city, above province, scale, growth) from Fractions alone."""
    ind = {}
    for n, per in data.items():
        if key == "enterprise":
            (ep, e), (aqp, aq) = per["ent_online_retail"], per["above_quota_retail"]
            total = (
                change
                if change is not None
                else sum(Fraction(p["ent_online_retail"][1] - p["ent_online_retail"][0]) for p in data.values())
            )
            if total <= 0:
                return None
            ind[n] = (100 * (Fraction(e) / Fraction(aq) - Fraction(ep) / Fraction(aqp)), Fraction(e - ep) / total * 100)
        else:
            prev, cur = per[f"{key}_retail" if key == "online" else "rural_online_retail"]
            ind[n] = (Fraction(cur), Fraction(cur) / Fraction(prev) - 1)
    T, D = Fraction(str(POLICY.m1_normalise_to)), POLICY.m1_score_decimals
    w = [Fraction(repr(x)) for x in weights]
    k = {}
    for n, x in ind.items():
        s = Fraction(0)
        for i in (0, 1):
            lo, hi = min(v[i] for v in ind.values()), max(v[i] for v in ind.values())
            s += w[i] * (T if lo == hi else T * (x[i] - lo) / (hi - lo))
        k[n] = _half_up(s, D)
    order = sorted(ind, key=lambda n: (-k[n], -ind[n][1], -ind[n][0], n))
    if key != "enterprise" and city is None:
        col = "online_retail" if key == "online" else "rural_online_retail"
        city = (
            Fraction(sum(Fraction(p[col][1]) for p in data.values())) / sum(Fraction(p[col][0]) for p in data.values())
            - 1
        )
    out = {}
    for n in ind:
        tests = (
            (None, None)
            if key == "enterprise"
            else (ind[n][1] > city, None if province is None else ind[n][1] > province)
        )
        out[n] = (k[n], order.index(n) + 1, *tests, ind[n])
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tables(),
    st.sampled_from([(0.5, 0.5), (0.3, 0.7), (1.0, 0.0), (0.0, 1.0), (0.35, 0.65)]),
    st.sampled_from([None, *RATES]),
    st.sampled_from(RATES),
    st.sampled_from([None, Decimal(100), Decimal("7.5")]),
    st.booleans(),
)
def test_scores_ranks_and_growth_tests_are_the_exact_ones(drawn, weights, city, province, change, exact_only):
    data, frame = drawn
    m1._EXACT_ONLY = exact_only
    try:
        table = score_counties(
            frame,
            POLICY,
            weights=weights,
            city_growth=city,
            city_rural_growth=city,
            province_growth=province,
            province_rural_growth=province,
            city_ent_change=change,
        ).table
    finally:
        m1._EXACT_ONLY = False
    D = POLICY.m1_score_decimals
    for key in ("online", "rural", "enterprise"):
        part = table.filter(pl.col("category") == key)
        expected = _expected(
            data,
            key,
            weights,
            None if city is None else Fraction(repr(city)),
            Fraction(repr(province)),
            None if change is None else Fraction(change),
        )
        if expected is None:  # m1.enterprise with a city-wide change ≤ 0: nobody scored
            assert part["score"].null_count() == part.height
            continue
        # the output order: by rank
        assert part["county"].to_list() == sorted(expected, key=lambda n: expected[n][1])
        for row in part.rows(named=True):
            k, rank, above_city, above_prov, (scale, growth) = expected[row["county"]]
            assert row["score"] == k / 10**D and row["rank"] == rank
            assert (row["above_city_growth"], row["above_province_growth"]) == (above_city, above_prov)
            # the indicators shown: within float noise of the exact ones
            assert abs(row["scale"] - float(scale)) <= 1e-9 * max(1.0, abs(float(scale)))
            assert abs(row["growth"] - float(growth)) <= 1e-9 * max(1.0, abs(float(growth)))
