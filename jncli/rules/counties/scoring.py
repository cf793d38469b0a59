"""Measure 1's scoring: 综合评价 — indicators, composite scores, ranks and the growth tests.

    对于当年网络零售总额和增幅进行综合评价，得分列全市前3位且增幅高于全市和全省平均增幅的县（市、区）……
    (RULES.md §1: min-max normalisation N(x) = 100 (x − min) / (max − min), 100 when all are equal;
    score = w_scale N(scale) + w_growth N(growth), rounded half-up to `m1_score_decimals`; rank by
    score, then growth, then scale, then name; growth must be strictly above the city's and the
    province's average growth. m1.enterprise: share lift and growth contribution, no growth test.)

Exactness (see the package docstring): indicators are Float64 with a rigorous error bound; the few
rows the bound cannot decide are recomputed exactly with `Fraction`s (`_Exact`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from fractions import Fraction

import polars as pl

from jncli.errors import UsageError
from jncli.policy import Policy
from jncli.rules.counties.basis import int_dec
from jncli.rules.counties.common import MONEY, MONEY_SCALE, Category, U, chain, fmt_dec, frac, round_half_up, scaled
from jncli.rules.counties.prepare import _Input


def _exact_only() -> bool:
    """`jncli.rules.counties._EXACT_ONLY = True` (tests) recomputes every row exactly."""
    import jncli.rules.counties as package

    return package._EXACT_ONLY


@dataclass(eq=False, repr=False)
class _Scored:
    """One ranking scored."""

    cat: Category
    frame: pl.DataFrame  # one row per county: indicators, reason, _k, rank, growth tests
    order: list[str] = field(default_factory=list)  # scored counties by rank
    k: dict[str, int] = field(default_factory=dict)  # rounded score × 10^D
    passes: dict[str, bool] = field(default_factory=dict)
    city_growth: Fraction | None = None
    province_growth: Fraction | None = None
    province_source: object = None  # where the province average came from: the option's name, or a policy `Sourced`
    city_change: Fraction | None = None  # m1.enterprise: Σ ent − Σ ent_prev over the whole city (万元)
    city_change_given: bool = False  # m1.enterprise: the change came from --city-ent-change
    input_change: Fraction | None = None  # m1.enterprise: the input's own Σ ent − Σ ent_prev
    input_counties: int = 0  # m1.enterprise: the counties of the input with both ent values
    exact: _Exact | None = None


def _reasons(cat: Category) -> list[tuple[pl.Expr, str, str | None, pl.Expr | None, str | None]]:
    """(condition, code, column, value, when) in the order they are checked: the first that holds is the reason."""
    out: list = [(~pl.col("_has_row"), "no_row", None, None, None)]
    out += [(pl.col(c).is_null(), "no_current", c, None, None) for c in cat.columns]
    out += [(pl.col(c) < 0, "negative_current", c, pl.col(c), None) for c in cat.columns]
    out += [(pl.col(f"{c}_prev").is_null(), "no_prev", c, None, None) for c in cat.columns]
    if cat.key == "enterprise":
        ent, aq = cat.columns
        out += [
            (pl.col(aq) <= 0, "aq_nonpositive", aq, pl.col(aq), "this"),
            (pl.col(f"{aq}_prev") <= 0, "aq_nonpositive", aq, pl.col(f"{aq}_prev"), "last"),
            # (rev 3) neither indicator is a growth rate: a previous value of 0 is scored; a negative one is
            # no statistic (the reader refuses it; a frame built in code is stopped here)
            (pl.col(f"{ent}_prev") < 0, "negative_prev", ent, pl.col(f"{ent}_prev"), None),
        ]
    else:
        (c,) = cat.columns
        out.append((pl.col(f"{c}_prev") <= 0, "prev_nonpositive", c, pl.col(f"{c}_prev"), None))
    return out


class _Exact:
    """Exact indicators of single counties, fetched lazily (only for rows the float bound cannot decide)."""

    def __init__(self, cat: Category, frame: pl.DataFrame, change: Fraction | None):
        self.cat, self.frame, self.change = cat, frame, change
        self.cache: dict[str, tuple[Fraction, Fraction]] = {}
        self.close: dict[tuple, list[str]] = {}  # (averages, exact-only) → the rows `_growth_tests` decides exactly

    def load(self, counties: list[str]) -> None:
        need = [c for c in counties if c not in self.cache]
        if not need:
            return
        sub = self.frame.filter(pl.col("county").is_in(need))
        names = sub["county"].to_list()
        cols = {c: scaled(sub, c) for c in self.cat.columns + tuple(f"{c}_prev" for c in self.cat.columns)}
        one = 10**MONEY_SCALE
        for i, name in enumerate(names):
            if self.cat.key == "enterprise":
                e, aq = cols["ent_online_retail"][i], cols["above_quota_retail"][i]
                ep, aqp = cols["ent_online_retail_prev"][i], cols["above_quota_retail_prev"][i]
                lift = Fraction(100 * (e * aqp - ep * aq), aq * aqp)
                # contribution in percent: (ent − ent_prev) / (Σ ent − Σ ent_prev) × 100, both in 万元
                contrib = Fraction(e - ep, one) / self.change * 100 if self.change else Fraction(0)
                self.cache[name] = (lift, contrib)
            else:
                (c,) = self.cat.columns
                a, b = cols[c][i], cols[f"{c}_prev"][i]
                self.cache[name] = (Fraction(a, one), Fraction(a - b, b))

    def __getitem__(self, county: str) -> tuple[Fraction, Fraction]:
        return self.cache[county]


# ------------------------------------------------------------------------------------------- one ranking
def _score_category(
    cat: Category,
    data: _Input,
    policy: Policy,
    weights: tuple[float, float],
    city_override: float | None,
    province: Fraction | None,
    city_ent_change: Fraction | None = None,
) -> _Scored:
    """Indicators, exact rounded scores, ranks and growth tests of one ranking (few polars calls: their fixed
    cost, not the rows, dominates for Jining's 14 units). `city_ent_change` (万元, --city-ent-change) replaces
    the city-wide change that m1.enterprise's contribution is measured against."""
    f, known, exact, bounds = _weightless(cat, data, city_ent_change)
    sc = _Scored(cat, **known)
    if cat.key == "enterprise" and sc.city_change is not None and sc.city_change <= 0:  # nobody is scored
        return _finish(sc, policy)
    sc.exact = exact
    bounds = dict(bounds)
    n_scored = bounds["n"]
    if cat.growth_test:
        if city_override is not None:
            sc.city_growth = frac(city_override)
        elif n_scored:
            sc.city_growth = Fraction(bounds["now"]) / Fraction(bounds["before"]) - 1
        sc.province_growth = province
    if n_scored == 0:
        sc.frame = f.sort("county")
        return _finish(sc, policy)

    f = _rounded_scores(f, sc.exact, policy, weights, bounds)
    f, rank, kvals = _rank(sc, f, n_scored)
    tests = _growth_tests(sc, f) if cat.growth_test else {}
    sc.frame = f
    # the score as the double nearest to k / 10^D (Python's int / float division is correctly rounded; polars'
    # division by a constant is not: 52.671960999999996)
    scale_d = 10**policy.m1_score_decimals
    score = pl.Series([k / scale_d for k in kvals] + [None] * (f.height - n_scored), dtype=pl.Float64)
    sc = _finish(sc, policy, rank=rank.cast(pl.Int64), score=pl.lit(score), **tests)
    if cat.growth_test:
        passes = sc.frame["above_city_growth"].fill_null(True) & sc.frame["above_province_growth"].fill_null(True)
        sc.passes = dict(zip(sc.frame["county"].head(n_scored).to_list(), passes.head(n_scored).to_list()))
    else:
        sc.passes = dict.fromkeys(sc.order, True)
    return sc


_PREFIX_FIELDS = ("frame", "city_change", "city_change_given", "input_change", "input_counties")


def _weightless(cat: Category, data: _Input, city_ent_change: Fraction | None) -> tuple:
    """What a ranking's scoring computes before the weights enter: the indicators frame, the `_Scored` fields
    set so far, the exact indicators (`_Exact`, a lazy memo) and the bounds. Kept on `data` per category, so
    re-scoring the same input under other weights (the sensitivity section: ~90 re-scorings) reuses them; a
    changed input is a new `_Input` (`dataclasses.replace`), with none kept."""
    key = (cat.key, cat.columns, cat.growth_test, city_ent_change)
    kept = data.__dict__.setdefault("_weightless", {})
    if key not in kept:
        f = _indicators(cat, data)
        sc = _Scored(cat, f)
        if cat.key == "enterprise":
            f = _contribution(sc, f, city_ent_change)
        known = {name: getattr(sc, name) for name in _PREFIX_FIELDS}
        if cat.key == "enterprise" and sc.city_change is not None and sc.city_change <= 0:
            kept[key] = (f, known, None, None)
        else:
            kept[key] = (f, known, _Exact(cat, f, sc.city_change), _bounds(cat, f))
    return kept[key]


def _indicators(cat: Category, data: _Input) -> pl.DataFrame:
    """Per county: why it cannot be scored (`_reason`, the first failing check), and its two indicators as
    floats with a bound on their error (`_x1`/`_e1` scale-like, `_x2`/`_e2` growth-like)."""
    F = pl.Float64
    # the first failing check, by number; its code, column, value and "when" follow from the number (each
    # condition appears once: big repeated expression trees cost more to plan than the rows to compute)
    checks = _reasons(cat)
    which = pl.col("_check")
    reasons = dict(
        _reason=which.replace_strict(
            {i: code for i, (_, code, *_r) in enumerate(checks)}, default=None, return_dtype=pl.String
        ),
        _reason_col=which.replace_strict(
            {i: col for i, (_, _c, col, *_r) in enumerate(checks)}, default=None, return_dtype=pl.String
        ),
        _reason_val=chain(
            [(which == i, v) for i, (_, _c, _col, v, _w) in enumerate(checks) if v is not None], pl.lit(None, MONEY)
        ),
        _reason_when=which.replace_strict(
            {i: w for i, (*_r, w) in enumerate(checks)}, default=None, return_dtype=pl.String
        ),
    )
    # indicators as floats with a bound on their error (unit roundoff U per operation, generously counted);
    # rows that are not scored get garbage here and are masked below
    if cat.key == "enterprise":
        ent, aq = cat.columns
        r1 = pl.col(ent).cast(F) / pl.col(aq).cast(F)
        r0 = pl.col(f"{ent}_prev").cast(F) / pl.col(f"{aq}_prev").cast(F)
        floats = dict(_x1=(r1 - r0) * 100, _e1=100 * 24 * U * (r1 + r0) + U * (r1 - r0).abs() * 100)
    else:
        (c,) = cat.columns
        q = pl.col(c).cast(F) / pl.col(f"{c}_prev").cast(F)
        floats = dict(_x1=pl.col(c).cast(F), _e1=4 * U * pl.col(c).cast(F).abs(), _x2=q - 1, _e2=12 * U * (q.abs() + 1))
    f = data.units.select(
        "county",
        "_has_row",
        *cat.columns,
        *[f"{c}_prev" for c in cat.columns],
        _check=chain([(cond, pl.lit(i)) for i, (cond, *_r) in enumerate(checks)], pl.lit(None, pl.Int64)),
    )
    if f["_check"].null_count() == f.height:  # the usual case: every county can be scored
        reasons = {
            "_reason": pl.lit(None, pl.String),
            "_reason_col": pl.lit(None, pl.String),
            "_reason_val": pl.lit(None, MONEY),
            "_reason_when": pl.lit(None, pl.String),
        }
    return f.with_columns(**reasons, **floats)


def _contribution(sc: _Scored, f: pl.DataFrame, given: Fraction | None) -> pl.DataFrame:
    """m1.enterprise: the growth contribution `_x2` (对全市纳统电商零售企业…增长贡献率) against the whole city's change.

    (rev 3) The change is Σ ent − Σ ent_prev over EVERY county of the input that has both values — those
    ineligible for another reason included: it is the city's increase a county contributes to, not the
    increase of the counties that happen to be scored — or `given` (--city-ent-change, the official
    figure when the input does not hold every county). Sets `sc.city_change`; when it is ≤ 0 the
    contribution is meaningless: nobody is scored, `sc.frame` shows the share lift and the reason."""
    ent = sc.cat.columns[0]
    ok = pl.col("_reason").is_null()
    both = pl.col(ent).is_not_null() & pl.col(f"{ent}_prev").is_not_null()
    n_ok, n_both, change_dec = f.select(
        ok.sum().alias("ok"), both.sum().alias("both"), (pl.col(ent) - pl.col(f"{ent}_prev")).filter(both).sum()
    ).row(0)
    sc.input_change, sc.input_counties = (Fraction(change_dec) if n_both else None), n_both
    if given is not None:
        sc.city_change, sc.city_change_given = given, True
    else:
        sc.city_change = Fraction(change_dec) if n_both else None
    change_text = pl.lit(fmt_dec(sc.city_change) if sc.city_change is not None else None, pl.String)
    if sc.city_change is not None and sc.city_change <= 0:  # contribution meaningless: nobody is scored
        sc.frame = f.with_columns(
            scale=pl.when(ok).then(pl.col("_x1")),
            _reason=pl.when(ok).then(pl.lit("city_change")).otherwise(pl.col("_reason")),
            _change=change_text,
        ).sort("county")
        return f
    delta = float(sc.city_change) if n_ok and sc.city_change is not None else 1.0
    e_now, e_before = pl.col(ent).cast(pl.Float64), pl.col(f"{ent}_prev").cast(pl.Float64)
    # the float bound also covers `delta`, the nearest double to the exact change (one more rounding)
    return f.with_columns(
        _x2=(e_now - e_before) / delta * 100,
        _e2=100 * 16 * U * (e_now + e_before) / abs(delta),
        _change=change_text,
    )


def _bounds(cat: Category, f: pl.DataFrame) -> dict:
    """Over the scored counties: how many (`n`), each indicator's float min, max and largest error bound, and
    for the growth test the sums this year and last (the city's average growth)."""
    ok = pl.col("_reason").is_null()
    aggs = [ok.sum().alias("n")]
    for i in (1, 2):
        x = pl.col(f"_x{i}").filter(ok)
        aggs += [x.min().alias(f"lo{i}"), x.max().alias(f"hi{i}"), pl.col(f"_e{i}").filter(ok).max().alias(f"E{i}")]
    if cat.growth_test:
        (c,) = cat.columns
        aggs += [pl.col(c).filter(ok).sum().alias("now"), pl.col(f"{c}_prev").filter(ok).sum().alias("before")]
    return f.select(aggs).row(0, named=True)


def _rounded_scores(
    f: pl.DataFrame, exact: _Exact, policy: Policy, weights: tuple[float, float], bounds: dict
) -> pl.DataFrame:
    """综合得分: the composite score, rounded half-up to D decimals, as the integer `_k` = score × 10^D —
    from the floats where their error bound decides the rounding, exactly for the other rows."""
    ok = pl.col("_reason").is_null()
    D = policy.m1_score_decimals
    T = policy.m1_normalise_to
    w1, w2 = weights
    if T * (w1 + w2) * 10**D >= 2**53:
        raise UsageError(f"--weights {w1},{w2} with {D} score decimals give scores too large to rank exactly")
    exact_all = _exact_only()

    def normalised(x: str, lo: float, hi: float, E: float) -> tuple[pl.Expr, float]:
        nonlocal exact_all
        R = hi - lo
        if R <= 4 * E:  # the float range cannot tell "all equal" from "nearly equal": decide exactly
            exact_all = True
            return pl.lit(T), 0.0
        return T * (pl.col(x) - lo) / R, T * (8 * E / (R - 2 * E) + 8 * U)

    n1, en1 = normalised("_x1", bounds["lo1"], bounds["hi1"], bounds["E1"])
    n2, en2 = normalised("_x2", bounds["lo2"], bounds["hi2"], bounds["E2"])
    etot = (w1 * en1 + w2 * en2 + 8 * U * T * (w1 + w2)) * 10**D
    exact_all = exact_all or etot > 1e-3
    masked = {name: pl.when(ok).then(pl.col(name)) for name in ("_x1", "_x2", "_e1", "_e2")}
    f = f.with_columns(_y=(w1 * n1 + w2 * n2) * 10**D + 0.5, **masked)
    y = pl.col("_y")
    yerr = etot + 4 * U * y.abs()
    f = f.with_columns(
        _k=pl.when(ok).then(y.floor().cast(pl.Int64)),
        _unsure=ok & (((y - yerr).floor() != (y + yerr).floor()) | pl.lit(exact_all)),
    )
    unsure = f.filter(pl.col("_unsure"))["county"].to_list()
    if unsure:
        ks = _exact_scores(unsure, f, exact, policy, weights, bounds)
        f = f.with_columns(_k=pl.col("county").replace_strict(ks, default=pl.col("_k"), return_dtype=pl.Int64))
    return f


def _rank(sc: _Scored, f: pl.DataFrame, n_scored: int) -> tuple[pl.DataFrame, pl.Expr, list[int]]:
    """排名: score desc, growth-like desc, scale-like desc, county name (code points); equal rounded scores
    are ordered by the exact tie-breakers. Sets `sc.order` and `sc.k`; returns the frame in output order
    (scored counties by rank, then the others by name), the rank expression and the scores in float order."""
    # the frame is kept in output order: the keys of unscored counties are null, and nulls go last
    f = f.sort(["_k", "_x2", "_x1", "county"], descending=[True, True, True, False], nulls_last=True)
    order = f["county"].head(n_scored).to_list()
    kvals = f["_k"].head(n_scored).to_list()
    float_order = list(order)
    # equal rounded scores: the float tie-breakers may not be exact, so those groups are ordered exactly
    if f["_k"].head(n_scored).is_duplicated().any():
        exact = sc.exact
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and kvals[j + 1] == kvals[i]:
                j += 1
            if j > i:
                group = order[i : j + 1]
                exact.load(group)
                order[i : j + 1] = sorted(group, key=lambda c: (-exact[c][1], -exact[c][0], c))
            i = j + 1
    sc.order = order
    sc.k = dict(zip(float_order, kvals))
    rank = pl.when(pl.int_range(pl.len()) < n_scored).then(pl.int_range(1, pl.len() + 1))
    if order != float_order:  # rare: the exact tie-breakers reorder some tied rows
        moved = {c: i for i, c in enumerate(order, 1) if c != float_order[i - 1]}
        f = f.with_columns(rank=pl.col("county").replace_strict(moved, default=rank, return_dtype=pl.Int64))
        f = f.sort(["rank", "county"], nulls_last=True)
        rank = pl.col("rank")
    return f, rank, kvals


def _growth_tests(sc: _Scored, f: pl.DataFrame) -> dict[str, pl.Expr]:
    """增幅高于全市和全省平均增幅: growth strictly above each average, exact where the float is too close to call."""
    ok = pl.col("_reason").is_null()
    averages = {"above_city_growth": sc.city_growth, "above_province_growth": sc.province_growth}
    # the rows too close to call depend on the indicators and the averages, not on the weights: found once
    key = (sc.city_growth, sc.province_growth, _exact_only())
    if key not in sc.exact.close:
        near = [_near(a) for a in averages.values() if a is not None]
        flagged = ok & pl.any_horizontal(near + [pl.lit(_exact_only())])
        sc.exact.close[key] = sc.exact.frame.filter(flagged)["county"].to_list() if near else []
    close = sc.exact.close[key]
    sc.exact.load(close)
    return {name: _test(a, close, sc.exact) for name, a in averages.items()}


def _near(average: Fraction) -> pl.Expr:
    """The float growth is too close to `average` for its error bound to decide `growth > average`."""
    a = float(average)
    return (pl.col("_x2") - a).abs() <= pl.col("_e2") + 2 * U * (abs(a) + pl.col("_x2").abs())


def _test(average: Fraction | None, close: list[str], exact: _Exact) -> pl.Expr:
    """`growth > average`, strictly: from the floats where they decide it, exactly for the `close` rows."""
    if average is None:
        return pl.lit(None, pl.Boolean)
    a = float(average)
    decided = pl.when(pl.col("_reason").is_null()).then(pl.col("_x2") > a)
    if close:
        verdict = {c: exact[c][1] > average for c in close}
        decided = (
            pl.when(pl.col("county").is_in(close))
            .then(pl.col("county").replace_strict(verdict, default=None, return_dtype=pl.Boolean))
            .otherwise(decided)
        )
    return decided


def _exact_scores(
    counties: list[str],
    f: pl.DataFrame,
    exact: _Exact,
    policy: Policy,
    weights: tuple[float, float],
    bounds: dict[str, float],
) -> dict[str, int]:
    """Exact rounded scores (× 10^D) for some counties; the exact min/max come from the float near-extremes."""
    ok = pl.col("_reason").is_null()
    ends = {}
    for i, x, e in ((0, "_x1", "E1"), (1, "_x2", "E2")):
        E = bounds[e]
        low, high = bounds[f"lo{i + 1}"], bounds[f"hi{i + 1}"]
        lo_c = f.filter(ok & (pl.col(x) <= low + 2 * E + U * abs(low)))["county"].to_list()
        hi_c = f.filter(ok & (pl.col(x) >= high - 2 * E - U * abs(high)))["county"].to_list()
        exact.load(lo_c + hi_c)
        ends[i] = (min(exact[c][i] for c in lo_c), max(exact[c][i] for c in hi_c))
    exact.load(counties)
    T = frac(policy.m1_normalise_to)
    w = (frac(weights[0]), frac(weights[1]))
    D = policy.m1_score_decimals
    out = {}
    for c in counties:
        total = Fraction(0)
        for i in (0, 1):
            lo, hi = ends[i]
            n = T if lo == hi else T * (exact[c][i] - lo) / (hi - lo)
            total += w[i] * n
        out[c] = int(round_half_up(total, D) * 10**D)
    return out


def _reweighed(
    sc: _Scored, policy: Policy, weights: tuple[float, float], normalised: dict[str, tuple[Fraction, Fraction]]
) -> _Scored:
    """The ranking `sc` (scored by `_score_category`) under other `weights`, in plain Python from its exact
    normalised indicators (`normalised`: per scored county (N(scale), N(growth)), `Decider.normalised`) —
    what `_score_category` gives for the same input and `weights`: the exact rounded scores `k` (× 10^D:
    w_scale N(scale) + w_growth N(growth) rounded half-up, away from zero, as `_exact_scores`), the order
    (score, then the exact growth, scale and county name, as `_rank`) and the growth tests (`passes`: they
    do not depend on the weights). For the sensitivity's ~90 re-scorings of a city's counties, where
    polars' fixed cost per call is most of the work; tests/test_sensitivity.py checks over random inputs,
    at every breakpoint of the weights, that this and `_score_category` agree. The output `frame` is not
    computed (None): only the dealing (`_award`: order, k, passes) may use the result."""
    T, D = policy.m1_normalise_to, policy.m1_score_decimals
    w1, w2 = weights
    if T * (w1 + w2) * 10**D >= 2**53:
        raise UsageError(f"--weights {w1},{w2} with {D} score decimals give scores too large to rank exactly")
    if not sc.order:  # nobody scored: nothing the weights can change
        return dataclasses.replace(sc, frame=None)
    (p1, q1), (p2, q2) = (frac(w1).as_integer_ratio(), frac(w2).as_integer_ratio())
    scale = 10**D
    k = {}
    for c in sc.order:  # the score w1·a1/b1 + w2·a2/b2 = num / den, den > 0, in integers
        (a1, b1), (a2, b2) = (x.as_integer_ratio() for x in normalised[c])
        num, den = p1 * a1 * q2 * b2 + p2 * a2 * q1 * b1, q1 * b1 * q2 * b2
        whole = (2 * abs(num) * scale + den) // (2 * den)  # half-up: floor(|score| · 10^D + ½)
        k[c] = whole if num >= 0 else -whole
    exact = sc.exact
    order = sorted(sc.order, key=lambda c: (-k[c], -exact[c][1], -exact[c][0], c))
    return dataclasses.replace(sc, frame=None, order=order, k=k)


def _clean(x: pl.Expr) -> pl.Expr:
    """An indicator for output, rounded to 12 decimals so that no float noise shows (-1.0, not
    -1.0000000000000009); the comparisons used the exact values."""
    return x.round(12)


def _finish(sc: _Scored, policy: Policy, **extra: pl.Expr) -> _Scored:
    """The output columns of a scored ranking: rank, growth tests, scale, growth, score (one polars call)."""
    f = sc.frame
    columns: dict[str, pl.Expr] = {}
    for name, dtype in (
        ("_x1", pl.Float64),
        ("_x2", pl.Float64),
        ("_k", pl.Int64),
        ("rank", pl.Int64),
        ("above_city_growth", pl.Boolean),
        ("above_province_growth", pl.Boolean),
        ("_change", pl.String),
        ("scale", pl.Float64),
    ):
        if name not in f.columns and name not in extra:
            columns[name] = pl.lit(None, dtype)
    f = f.with_columns(**columns, **extra) if columns or extra else f
    ok = pl.col("_reason").is_null()
    if sc.cat.key == "enterprise":
        scale = _clean(pl.coalesce("scale", pl.when(ok).then(pl.col("_x1"))))
    else:
        scale = pl.when(ok).then(pl.col("_x1"))
    if "score" not in f.columns:
        f = f.with_columns(score=pl.lit(None, pl.Float64))
    growth = _clean(pl.when(ok).then(pl.col("_x2")))
    if sc.cat.key == "enterprise" and sc.exact is not None:
        growth = pl.lit(_shown_contribution(sc, f))
    sc.frame = f.with_columns(
        scale=scale,
        growth=growth,
        _score_txt=int_dec(pl.col("_k"), policy.m1_score_decimals),
    )
    return sc


def _shown_contribution(sc: _Scored, f: pl.DataFrame) -> pl.Series:
    """m1.enterprise's `growth` (the contribution, in percent) for output, from the exact value: rounded half-up
    to 12 decimals and to at most 15 significant digits — what a double holds faithfully, so that its shortest
    form is that decimal. The float quotient showed noise once the contribution reached 1000 % (1891.745000000001
    with --city-ent-change 1000; RULES §0: no float noise in outputs). Display only: ranks and ties compared
    the unrounded values, as before."""
    scored = f["_reason"].is_null().to_list()
    names = f["county"].to_list()
    sc.exact.load([name for name, ok in zip(names, scored) if ok])
    return pl.Series(
        "growth", [_faithful(sc.exact[name][1]) if ok else None for name, ok in zip(names, scored)], pl.Float64
    )


def _faithful(q: Fraction) -> float:
    """`q` rounded half-up to 12 decimals and 15 significant digits, as the nearest double."""
    whole = len(str(abs(q.numerator) // q.denominator)) if abs(q) >= 1 else 0
    return float(round_half_up(q, max(0, min(12, 15 - whole))))
