"""Measure 1's scoring: 综合评价 — indicators, composite scores, ranks and the growth tests.

    对于当年网络零售总额和增幅进行综合评价，得分列全市前3位且增幅高于全市和全省平均增幅的县（市、区）……
    (RULES.md §1: min-max normalisation N(x) = 100 (x − min) / (max − min), 100 when all are equal;
    score = w_scale N(scale) + w_growth N(growth), rounded half-up to `m1_score_decimals`; rank by
    score, then growth, then scale, then name; growth must be strictly above the city's and the
    province's average growth. m1.enterprise: share lift and growth contribution, no growth test.)

Computed in plain Python, per county, and the ranking's frame built once at the end (`_frame`): for a
city's 14 units polars' fixed cost per call, not the rows, was most of the work (issue 18). Exactness (see
the package docstring): indicators are floats with a rigorous error bound — Python's int / int and float
arithmetic round as polars' Float64 does, so the floats shown are polars' own — and the few rows the bound
cannot decide are recomputed exactly with `Fraction`s (`_Exact`).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from fractions import Fraction

import polars as pl

from jncli.errors import UsageError
from jncli.policy import Policy
from jncli.rules.counties.basis import _num, _trim_dec
from jncli.rules.counties.common import MONEY, MONEY_SCALE, Category, U, fmt_dec, frac, round_half_up
from jncli.rules.counties.prepare import _Input

_ONE = 10**MONEY_SCALE  # a money value's integer units per 万元


def _exact_only() -> bool:
    """`jncli.rules.counties._EXACT_ONLY = True` (tests) recomputes every row exactly."""
    import jncli.rules.counties as package

    return package._EXACT_ONLY


@dataclass(eq=False, repr=False)
class _Scored:
    """One ranking scored."""

    cat: Category
    frame: pl.DataFrame | None  # one row per county: indicators, reason, rank, growth tests (None: `_reweighed`)
    order: list[str] = field(default_factory=list)  # scored counties by rank
    k: dict[str, int] = field(default_factory=dict)  # rounded score × 10^D
    passes: dict[str, bool] = field(default_factory=dict)
    city_growth: Fraction | None = None
    province_growth: Fraction | None = None
    province_source: object = None  # where the province average came from: the option's name, or a policy `Sourced`
    city_change: Fraction | None = None  # m1.enterprise: Σ ent − Σ ent_prev over the whole city (万元)
    city_change_given: bool = False  # m1.enterprise: the change came from --city-ent-change
    input_change: Fraction | None = None  # m1.enterprise: the input's own Σ ent − Σ ent_prev
    input_counties: int = 0  # m1.enterprise: the counties of the input with both values
    exact: _Exact | None = None
    rows: dict[str, list] = field(default_factory=dict)  # the frame's columns as Python lists (`_frame`)


class _Exact:
    """Exact indicators of single counties, computed lazily (only for rows the float bound cannot decide) from
    the money values as integers (`values`: per county, the ranking's columns then their `_prev`)."""

    def __init__(self, cat: Category, values: dict[str, tuple], change: Fraction | None):
        self.cat, self.values, self.change = cat, values, change
        self.cache: dict[str, tuple[Fraction, Fraction]] = {}

    def load(self, counties: list[str]) -> None:
        for name in counties:
            if name in self.cache:
                continue
            if self.cat.key == "enterprise":
                e, aq, ep, aqp = self.values[name]
                lift = Fraction(100 * (e * aqp - ep * aq), aq * aqp)
                # contribution in percent: (ent − ent_prev) / (Σ ent − Σ ent_prev) × 100, both in 万元
                contrib = Fraction(e - ep, _ONE) / self.change * 100 if self.change else Fraction(0)
                self.cache[name] = (lift, contrib)
            else:
                a, b = self.values[name]
                self.cache[name] = (Fraction(a, _ONE), Fraction(a - b, b))

    def __getitem__(self, county: str) -> tuple[Fraction, Fraction]:
        return self.cache[county]


@dataclass(eq=False, repr=False)
class _Indicators:
    """One ranking's per-county work before the weights enter, in the units' order (by county name): why a
    county cannot be scored (`reason`: (code, column, value, when), None when scored) and its two indicators
    as floats with a bound on their error (`x1`/`e1` scale-like, `x2`/`e2` growth-like; None when not scored)."""

    names: list[str]
    values: dict[str, tuple]  # county → the ranking's columns then their `_prev`, as integers (None: empty)
    reason: list[tuple | None]
    x1: list[float | None]
    e1: list[float]
    x2: list[float | None]
    e2: list[float]
    units: pl.DataFrame  # county, the ranking's columns and their `_prev`, as prepared (rows in `names`' order)
    change: str | None = None  # m1.enterprise: the city-wide change as text (`_change`)
    nobody: bool = False  # m1.enterprise: the change is ≤ 0, nobody is scored (reason "city_change")


def _units_ints(data: _Input) -> tuple[list[str], list[bool], dict[str, list]]:
    """The prepared units as Python lists (money as integers of 10^-MONEY_SCALE 万元), once per `_Input`."""
    kept = data.__dict__.get("_units_ints")
    if kept is None:
        units = data.units
        cols = {c: units[c].to_physical().to_list() for c in units.columns if c not in ("county", "_has_row")}
        kept = (units["county"].to_list(), units["_has_row"].to_list(), cols)
        data.__dict__["_units_ints"] = kept
    return kept


def _reason(cat: Category, has_row: bool, v: tuple) -> tuple | None:
    """The first failing check of a county's values `v` (the ranking's columns, then their `_prev`):
    (code, column, value, when), or None when it can be scored."""
    if not has_row:
        return ("no_row", None, None, None)
    cols = cat.columns
    n = len(cols)
    for i, c in enumerate(cols):
        if v[i] is None:
            return ("no_current", c, None, None)
    for i, c in enumerate(cols):
        if v[i] < 0:
            return ("negative_current", c, v[i], None)
    for i, c in enumerate(cols):
        if v[n + i] is None:
            return ("no_prev", c, None, None)
    if cat.key == "enterprise":
        ent, aq = cols
        if v[1] <= 0:
            return ("aq_nonpositive", aq, v[1], "this")
        if v[3] <= 0:
            return ("aq_nonpositive", aq, v[3], "last")
        # (rev 3) neither indicator is a growth rate: a previous value of 0 is scored; a negative one is
        # no statistic (the reader refuses it; a frame built in code is stopped here)
        if v[2] < 0:
            return ("negative_prev", ent, v[2], None)
        return None
    if v[1] <= 0:
        return ("prev_nonpositive", cols[0], v[1], None)
    return None


def _indicators(cat: Category, data: _Input, given: Fraction | None, sc: _Scored) -> _Indicators:
    """Per county its reason and floats (`_Indicators`); m1.enterprise's city-wide change set on `sc`."""
    names, has, cols = _units_ints(data)
    wanted = [cols[c] for c in cat.columns] + [cols[f"{c}_prev"] for c in cat.columns]
    values = dict(zip(names, zip(*wanted)))
    if cat.key == "enterprise":  # the usual case first: every value there, none negative, the quotas positive
        fine = [
            h and None not in v and v[0] >= 0 and v[1] > 0 and v[2] >= 0 and v[3] > 0
            for v, h in zip(values.values(), has)
        ]
    else:
        fine = [h and None not in v and v[0] >= 0 and v[1] > 0 for v, h in zip(values.values(), has)]
    reason = [None if ok else _reason(cat, h, values[name]) for name, h, ok in zip(names, has, fine)]
    n = len(names)
    x1: list = [None] * n
    x2: list = [None] * n
    e1, e2 = [0.0] * n, [0.0] * n
    units = data.units.select("county", *cat.columns, *[f"{c}_prev" for c in cat.columns])
    ind = _Indicators(names, values, reason, x1, e1, x2, e2, units)
    if cat.key == "enterprise":
        _contribution(sc, ind, given)
        delta = float(sc.city_change) if any(r is None for r in reason) and sc.city_change is not None else 1.0
        for i, name in enumerate(names):
            if reason[i] is not None:
                continue
            e, aq, ep, aqp = values[name]
            r1, r0 = (e / _ONE) / (aq / _ONE), (ep / _ONE) / (aqp / _ONE)
            x1[i], e1[i] = (r1 - r0) * 100, 100 * 24 * U * (r1 + r0) + U * abs(r1 - r0) * 100
            if not ind.nobody:  # the float bound also covers `delta`, the nearest double to the exact change
                now, before = e / _ONE, ep / _ONE
                x2[i], e2[i] = (now - before) / delta * 100, 100 * 16 * U * (now + before) / abs(delta)
    else:
        for i, name in enumerate(names):
            if reason[i] is None:
                a, b = values[name]
                x, q = a / _ONE, (a / _ONE) / (b / _ONE)
                x1[i], e1[i], x2[i], e2[i] = x, 4 * U * abs(x), q - 1, 12 * U * (abs(q) + 1)
    return ind


def _contribution(sc: _Scored, ind: _Indicators, given: Fraction | None) -> None:
    """m1.enterprise: the city-wide change the growth contribution (对全市纳统电商零售企业…增长贡献率) is measured
    against.

    (rev 3) The change is Σ ent − Σ ent_prev over EVERY county of the input that has both values — those
    ineligible for another reason included: it is the city's increase a county contributes to, not the
    increase of the counties that happen to be scored — or `given` (--city-ent-change, the official
    figure when the input does not hold every county). Sets `sc.city_change`; when it is ≤ 0 the
    contribution is meaningless: nobody is scored (reason "city_change"), the share lift is still shown."""
    both = [(v[0], v[2]) for v in ind.values.values() if v[0] is not None and v[2] is not None]
    change = Fraction(sum(e - ep for e, ep in both), _ONE) if both else None
    sc.input_change, sc.input_counties = change, len(both)
    if given is not None:
        sc.city_change, sc.city_change_given = given, True
    else:
        sc.city_change = change
    ind.change = fmt_dec(sc.city_change) if sc.city_change is not None else None
    ind.nobody = sc.city_change is not None and sc.city_change <= 0


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
    """Indicators, exact rounded scores, ranks and growth tests of one ranking, and its frame (`_frame`).
    `city_ent_change` (万元, --city-ent-change) replaces the city-wide change that m1.enterprise's contribution
    is measured against."""
    ind, known, exact = _weightless(cat, data, city_ent_change)
    sc = _Scored(cat, None, **known)
    if ind.nobody:  # m1.enterprise with a city-wide change ≤ 0: nobody is scored
        return _frame(sc, ind, policy, list(range(len(ind.names))))
    sc.exact = exact
    ok = [i for i, r in enumerate(ind.reason) if r is None]
    if cat.growth_test:
        if city_override is not None:
            sc.city_growth = frac(city_override)
        elif ok:
            (c,) = cat.columns
            now = sum(ind.values[ind.names[i]][0] for i in ok)
            sc.city_growth = Fraction(now, sum(ind.values[ind.names[i]][1] for i in ok)) - 1
        sc.province_growth = province
    if not ok:
        return _frame(sc, ind, policy, list(range(len(ind.names))))
    k = _rounded_scores(ind, ok, exact, policy, weights)
    order = _rank(sc, ind, ok, k)
    tests = _growth_tests(sc, ind, ok) if cat.growth_test else {}
    by_name = {ind.names[i]: i for i in ok}
    rest = [i for i in range(len(ind.names)) if ind.reason[i] is not None]
    sc = _frame(sc, ind, policy, [by_name[c] for c in order] + rest, k, tests)
    if cat.growth_test:
        city, prov = tests["above_city_growth"], tests["above_province_growth"]
        sc.passes = {c: city.get(c, True) is not False and prov.get(c, True) is not False for c in order}
    else:
        sc.passes = dict.fromkeys(order, True)
    return sc


_PREFIX_FIELDS = ("city_change", "city_change_given", "input_change", "input_counties")


def _weightless(cat: Category, data: _Input, city_ent_change: Fraction | None) -> tuple:
    """What a ranking's scoring computes before the weights enter: the indicators (`_Indicators`), the `_Scored`
    fields set so far and the exact indicators (`_Exact`, a lazy memo). Kept on `data` per category, so
    re-scoring the same input under other weights reuses them; a changed input is a new `_Input`
    (`dataclasses.replace`), with none kept."""
    key = (cat.key, cat.columns, cat.growth_test, city_ent_change)
    kept = data.__dict__.setdefault("_weightless", {})
    if key not in kept:
        sc = _Scored(cat, None)
        ind = _indicators(cat, data, city_ent_change, sc)
        known = {name: getattr(sc, name) for name in _PREFIX_FIELDS}
        kept[key] = (ind, known, None if ind.nobody else _Exact(cat, ind.values, sc.city_change))
    return kept[key]


def _rounded_scores(
    ind: _Indicators, ok: list[int], exact: _Exact, policy: Policy, weights: tuple[float, float]
) -> dict[int, int]:
    """综合得分: the composite score, rounded half-up to D decimals, as the integer k = score × 10^D (per scored
    row) — from the floats where their error bound decides the rounding, exactly for the other rows."""
    D = policy.m1_score_decimals
    T = policy.m1_normalise_to
    w1, w2 = weights
    if T * (w1 + w2) * 10**D >= 2**53:
        raise UsageError(f"--weights {w1},{w2} with {D} score decimals give scores too large to rank exactly")
    exact_all = _exact_only()
    norm: list = []
    errs: list[float] = []
    for x, e in ((ind.x1, ind.e1), (ind.x2, ind.e2)):
        lo, hi, E = min(x[i] for i in ok), max(x[i] for i in ok), max(e[i] for i in ok)
        R = hi - lo
        if R <= 4 * E:  # the float range cannot tell "all equal" from "nearly equal": decide exactly
            exact_all = True
            norm.append(None)
            errs.append(0.0)
        else:
            norm.append((x, lo, R))
            errs.append(T * (8 * E / (R - 2 * E) + 8 * U))
    etot = (w1 * errs[0] + w2 * errs[1] + 8 * U * T * (w1 + w2)) * 10**D
    exact_all = exact_all or etot > 1e-3
    k: dict[int, int] = {}
    unsure: list[int] = []
    scale = 10**D
    (x1, lo1, R1), (x2, lo2, R2) = (n if n is not None else (None, 0.0, 1.0) for n in norm)
    for i in ok:
        n1 = T if x1 is None else T * (x1[i] - lo1) / R1
        n2 = T if x2 is None else T * (x2[i] - lo2) / R2
        y = (w1 * n1 + w2 * n2) * scale + 0.5
        yerr = etot + 4 * U * abs(y)
        k[i] = math.floor(y)
        if exact_all or math.floor(y - yerr) != math.floor(y + yerr):
            unsure.append(i)
    if unsure:
        k.update(_exact_scores(unsure, ind, ok, exact, policy, weights))
    return k


def _exact_scores(
    rows: list[int], ind: _Indicators, ok: list[int], exact: _Exact, policy: Policy, weights: tuple[float, float]
) -> dict[int, int]:
    """Exact rounded scores (× 10^D) for some rows; the exact min/max come from the float near-extremes."""
    names = ind.names
    ends = {}
    for j, (x, e) in enumerate(((ind.x1, ind.e1), (ind.x2, ind.e2))):
        E = max(e[i] for i in ok)
        low, high = min(x[i] for i in ok), max(x[i] for i in ok)
        lo_c = [names[i] for i in ok if x[i] <= low + 2 * E + U * abs(low)]
        hi_c = [names[i] for i in ok if x[i] >= high - 2 * E - U * abs(high)]
        exact.load(lo_c + hi_c)
        ends[j] = (min(exact[c][j] for c in lo_c), max(exact[c][j] for c in hi_c))
    exact.load([names[i] for i in rows])
    T = frac(policy.m1_normalise_to)
    w = (frac(weights[0]), frac(weights[1]))
    D = policy.m1_score_decimals
    out = {}
    for i in rows:
        total = Fraction(0)
        for j in (0, 1):
            lo, hi = ends[j]
            n = T if lo == hi else T * (exact[names[i]][j] - lo) / (hi - lo)
            total += w[j] * n
        out[i] = int(round_half_up(total, D) * 10**D)
    return out


def _rank(sc: _Scored, ind: _Indicators, ok: list[int], k: dict[int, int]) -> list[str]:
    """排名: score desc, growth-like desc, scale-like desc, county name (code points); equal rounded scores
    are ordered by the exact tie-breakers. Sets `sc.order` and `sc.k`; returns the order."""
    names = ind.names
    rows = sorted(ok, key=lambda i: (-k[i], -ind.x2[i], -ind.x1[i], names[i]))
    order = [names[i] for i in rows]
    kvals = [k[i] for i in rows]
    # equal rounded scores: the float tie-breakers may not be exact, so those groups are ordered exactly
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
    sc.k = {names[i]: k[i] for i in rows}
    return order


def _growth_tests(sc: _Scored, ind: _Indicators, ok: list[int]) -> dict[str, dict[str, bool | None]]:
    """增幅高于全市和全省平均增幅: per scored county, growth strictly above each average (None: no average),
    exact where the float is too close to call."""
    exact_all = _exact_only()
    out: dict[str, dict[str, bool | None]] = {}
    for name, average in (("above_city_growth", sc.city_growth), ("above_province_growth", sc.province_growth)):
        verdict: dict[str, bool | None] = {}
        if average is not None:
            a = float(average)
            for i in ok:
                x, c = ind.x2[i], ind.names[i]
                if exact_all or abs(x - a) <= ind.e2[i] + 2 * U * (abs(a) + abs(x)):
                    sc.exact.load([c])
                    verdict[c] = sc.exact[c][1] > average
                else:
                    verdict[c] = x > a
        out[name] = verdict
    return out


def _money_text(v: int) -> str:
    """A money value (integer units of 10^-MONEY_SCALE 万元) as exact decimal text: polars casts it to MONEY."""
    whole, part = divmod(abs(v), _ONE)
    return f"{'-' if v < 0 else ''}{whole}.{part:0{MONEY_SCALE}d}"


def _int_dec(k: int, places: int) -> str:
    """k × 10^-places exactly, as text: 62500000, 6 → '62.5'."""
    if places == 0:
        return str(k)
    whole, part = divmod(k, 10**places)
    return f"{whole}.{part:0{places}d}".rstrip("0") if part else str(whole)


def _frame(
    sc: _Scored,
    ind: _Indicators,
    policy: Policy,
    rows: list[int],
    k: dict[int, int] | None = None,
    tests: dict[str, dict[str, bool | None]] | None = None,
) -> _Scored:
    """The ranking's frame, built once: per county (scored ones in `rows`' order, by rank, then the others by
    name) its values, reason, indicators, score, rank and growth tests — the columns `measure` and `basis` read
    (county, the ranking's columns and their `_prev`, `_reason*`, `_x2`, `_change`, `_score_txt`, scale, growth,
    score, rank, above_city_growth, above_province_growth)."""
    names = ind.names
    scored = [i for i in rows if ind.reason[i] is None and not ind.nobody]
    n = len(scored)
    rows = scored + sorted((i for i in rows if ind.reason[i] is not None or ind.nobody), key=names.__getitem__)
    k = k or {}
    tests = tests or {}
    pad = [None] * (len(rows) - n)
    reasons = [("city_change", None, None, None) if r is None else r for r in (ind.reason[i] for i in rows)]
    if not ind.nobody:
        reasons[:n] = [(None, None, None, None)] * n
    D = policy.m1_score_decimals
    scale_d = 10**D
    ks = [k[i] for i in scored]
    growth: list = [ind.x2[i] for i in scored]
    if sc.cat.key == "enterprise" and scored:
        # the contribution in percent, (ent − ent_prev) / change × 100, from the integers (as `_Exact`)
        num, den = sc.city_change.as_integer_ratio()
        growth = [
            _faithful((ind.values[names[i]][0] - ind.values[names[i]][2]) * den * 100, _ONE * num) for i in scored
        ]
    reason_vals = [r[2] for r in reasons]
    columns = [
        pl.Series("_reason", [r[0] for r in reasons], pl.String),
        pl.Series("_reason_col", [r[1] for r in reasons], pl.String),
        pl.Series("_reason_val", [None if v is None else _money_text(v) for v in reason_vals], pl.String).cast(MONEY)
        if any(v is not None for v in reason_vals)
        else pl.Series("_reason_val", [None] * len(rows), MONEY),
        pl.Series("_reason_when", [r[3] for r in reasons], pl.String),
        pl.Series("_x2", [ind.x2[i] for i in rows] if not ind.nobody else [None] * len(rows), pl.Float64),
        pl.Series("_change", [ind.change] * len(rows), pl.String),
        pl.Series("_score_txt", [_int_dec(v, D) for v in ks] + pad, pl.String),
        pl.Series("scale", [ind.x1[i] for i in rows], pl.Float64),
        pl.Series("growth", growth + pad, pl.Float64),
        # the score as the double nearest to k / 10^D (Python's int / int division is correctly rounded)
        pl.Series("score", [v / scale_d for v in ks] + pad, pl.Float64),
        pl.Series("rank", list(range(1, n + 1)) + pad, pl.Int64),
        *[
            pl.Series(name, [tests.get(name, {}).get(names[i]) for i in scored] + pad, pl.Boolean)
            for name in ("above_city_growth", "above_province_growth")
        ],
    ]
    # indicators for output rounded to 12 decimals so that no float noise shows (-1.0, not -1.0000000000000009);
    # the comparisons used the exact values. (m1.enterprise's contribution is shown from its exact value.) With
    # them, the percentages `basis` shows (`_num`: polars' rounding of the floats).
    # And the money `basis` quotes, as decimal text without trailing zeros ('100', '0.5').
    if sc.cat.key == "enterprise":
        scale, ent = pl.col("scale").round(12), sc.cat.columns[0]
        shown = {"scale": scale, "_lift": _num(scale, 4), "_contrib": _num(pl.col("growth"), 4)}
        shown["_delta_txt"] = _trim_dec((pl.col(ent) - pl.col(f"{ent}_prev")).cast(pl.String))
    else:
        shown = {"growth": pl.col("growth").round(12), "_tg": _num(pl.col("_x2") * 100, 2)}
        shown["_value_txt"] = _trim_dec(pl.col(sc.cat.columns[0]).cast(pl.String))
    f = ind.units[rows].hstack(columns).with_columns(**shown)
    sc.frame = f
    # the same columns as Python lists, for the output rows (`measure._ranking_rows`)
    sc.rows = {
        "county": [names[i] for i in rows],
        "_reason": [r[0] for r in reasons],
        "_reason_detail": reasons,
        "_change": [ind.change] * len(rows),
        **{c: f[c].to_list() for c in ("_score_txt", "scale", "growth", "score", "rank", *shown)},
        **{c.name: c.to_list() for c in columns[-2:]},
    }
    return sc


def _reweighed(
    sc: _Scored,
    policy: Policy,
    weights: tuple[float, float],
    normalised: dict[str, tuple[Fraction, Fraction]],
    ties: dict[str, int] | None = None,
) -> _Scored:
    """The ranking `sc` (scored by `_score_category`) under other `weights`, in plain Python from its exact
    normalised indicators (`normalised`: per scored county (N(scale), N(growth)), `Decider.normalised`) —
    what `_score_category` gives for the same input and `weights`: the exact rounded scores `k` (× 10^D:
    w_scale N(scale) + w_growth N(growth) rounded half-up, away from zero, as `_exact_scores`), the order
    (score, then the exact growth, scale and county name, as `_rank`) and the growth tests (`passes`: they
    do not depend on the weights). For the sensitivity's ~90 re-scorings of a city's counties, where
    polars' fixed cost per call is most of the work; tests/test_sensitivity.py checks over random inputs,
    at every breakpoint of the weights, that this and `_score_category` agree. The output `frame` is not
    computed (None): only the dealing (`_award`: order, k, passes) may use the result. `ties`: `_tie_ranks(sc)`,
    when the caller kept it (the same for every weight)."""
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
    rank = ties if ties is not None else _tie_ranks(sc)
    order = sorted(sc.order, key=lambda c: (-k[c], rank[c]))
    return dataclasses.replace(sc, frame=None, order=order, k=k)


def _tie_ranks(sc: _Scored) -> dict[str, int]:
    """Per scored county of `sc` its place in the order of equal scores (the exact growth, then scale, both
    descending, then the name: `_rank`'s tie-break), which no weight changes: sorting by (−k, this place) gives
    the order sorting by (−k, −growth, −scale, name) gives — the names are distinct, so no two places are equal."""
    if not sc.order:  # nobody scored (no exact indicators either)
        return {}
    exact = sc.exact
    exact.load(sc.order)
    ranked = sorted(sc.order, key=lambda c: (-exact[c][1], -exact[c][0], c))
    return {c: i for i, c in enumerate(ranked)}


def _faithful(num: int, den: int) -> float:
    """num / den (den > 0) rounded half-up to 12 decimals and 15 significant digits, as the nearest double."""
    a = abs(num)
    places = max(0, min(12, 15 - len(str(a // den)))) if a >= den else 12
    scale = 10**places
    whole = (2 * a * scale + den) // (2 * den)  # floor(|q| · 10^places + ½)
    return (whole if num >= 0 else -whole) / scale
