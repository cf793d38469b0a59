"""第一条 实施网络零售倍增行动 — measure 1, `jncli score-counties` (rule ids m1.online, m1.rural, m1.enterprise).

    对于当年网络零售总额和增幅进行综合评价，得分列全市前3位且增幅高于全市和全省平均增幅的县（市、区），
    市财政分别给予每个县（市、区）补贴50万元、40万元、30万元。对于当年农村网络零售总额和增幅进行综合评价，
    得分列全市前3位且增幅高于全市和全省平均增幅的县（市、区），市财政分别给予……50万元、40万元、30万元。
    对于纳统电商零售企业当年实物商品网络零售额占当年限额以上消费品零售额比重提升幅度，以及对全市纳统电商
    零售企业当年实物商品网络零售额增长贡献率综合得分列全市前3位的县（市、区），市财政分别给予……50万元、
    40万元、30万元（上述奖励政策不重复奖励）。

    Counties are scored on online retail (and rural online retail) totals and growth: the city's top 3
    whose growth beats both the city and province averages get 50/40/30 万元; a third ranking scores the
    share lift and growth contribution of 纳统 retail enterprises; no county is rewarded twice.

The executable reading is RULES.md §0 and §1; docs/score-counties.md explains it to users. Every
number (amounts, weights, score decimals, normalisation scale, category order, province growth by
year) comes from the `Policy`.

Exactness. Scores are rounded half-up to `m1_score_decimals` and ranks, ties and growth tests compare
exact values: the inputs are exact decimals, so every indicator is a rational number. Computing all of
them as `Fraction`s is too slow for a country's 2,800 counties, so the columns are computed as Float64
in polars together with a rigorous bound on each float's error; only the rows whose rounded score,
order or growth test the bound cannot decide (a score within ~1e-12 of a rounding half-point, equal
rounded scores, a growth rate within ~1e-15 of an average) are recomputed exactly with `Fraction`s.
`_EXACT_ONLY = True` recomputes every row exactly; the tests check both paths agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import polars as pl

from jncli.errors import DataError, PolicyError, UsageError
from jncli.ledger import AWARDED, INELIGIBLE, NOT_RANKED, OUT_OF_PERIOD, SUPERSEDED
from jncli.policy import Policy, normalize_name
from jncli.rules import RuleResult, Said
from jncli.values import MONEY_DTYPE

MEASURE = 1
MONEY = MONEY_DTYPE               # conformed money (万元)
MONEY_SCALE = 6
AWARD_DTYPE = pl.Decimal(38, 2)    # ledger awards: exact, policy.award_decimals (2) places (RULES.md §0)
ELIGIBILITY = ("literal", "filter-first")
U = 2.0 ** -53                     # unit roundoff of Float64
_EXACT_ONLY = False                # tests: recompute every row exactly


@dataclass(frozen=True)
class Category:
    key: str                     # as in policy.m1_category_order
    rule: str                    # ledger rule id
    columns: tuple[str, ...]     # conformed columns it needs (each also needs a previous-year value)
    growth_test: bool            # 增幅高于全市和全省平均增幅 applies
    province_attr: str | None    # Policy attribute holding the province average growth by year
    option: str | None           # CLI option that gives the province growth


CATEGORIES: dict[str, Category] = {
    "online": Category("online", "m1.online", ("online_retail",), True, "m1_province_growth", "--province-growth"),
    "rural": Category("rural", "m1.rural", ("rural_online_retail",), True, "m1_province_rural_growth",
                      "--province-rural-growth"),
    "enterprise": Category("enterprise", "m1.enterprise", ("ent_online_retail", "above_quota_retail"), False, None, None),
}
METRICS = ("online_retail", "rural_online_retail", "ent_online_retail", "above_quota_retail")

COLUMN_NAMES = {
    "zh": {"online_retail": "网络零售额", "rural_online_retail": "农村网络零售额",
           "ent_online_retail": "纳统电商零售企业网络零售额", "above_quota_retail": "限额以上消费品零售额"},
    "en": {c: c for c in METRICS},
}

OUTPUT_COLUMNS = ("county", "category", "year", "scale", "growth", "score", "rank", "above_city_growth",
                  "above_province_growth", "tie_at_boundary", "beneficiary", "beneficiary_name", "measure", "rule",
                  "award", "status", "basis")
FINAL_COLUMNS = ("county", "category", "year", "beneficiary", "beneficiary_name", "measure", "rule", "award",
                 "status", "basis")
_TYPES = {"county": pl.String, "category": pl.String, "year": pl.Int64, "scale": pl.Float64, "growth": pl.Float64,
          "score": pl.Float64, "rank": pl.Int64, "above_city_growth": pl.Boolean, "above_province_growth": pl.Boolean,
          "tie_at_boundary": pl.Boolean, "beneficiary": pl.String, "beneficiary_name": pl.String, "measure": pl.Int64,
          "rule": pl.String, "award": AWARD_DTYPE, "status": pl.String, "basis": pl.String}


# ------------------------------------------------------------------------------------------- small helpers
def _frac(x: float | int | Decimal | Fraction) -> Fraction:
    # repr of a float is its shortest decimal form: 0.12 → 3/25, not its binary neighbour.
    return x if isinstance(x, Fraction) else Fraction(repr(x) if isinstance(x, float) else x)


def round_half_up(q: Fraction, decimals: int) -> Fraction:
    """Exact half-up (away from zero) rounding of a rational to `decimals` places."""
    scale = 10 ** decimals
    n = abs(q) * scale
    whole = n.numerator // n.denominator
    if n - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole if q >= 0 else -whole, scale)


def _fmt_dec(q: Fraction | Decimal, places: int = 6) -> str:
    """A number without float noise and without trailing zeros: 62.5, 1234.56, 0."""
    d = Decimal(q.numerator) / Decimal(q.denominator) if isinstance(q, Fraction) else Decimal(q)
    text = format(d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP).normalize(), "f")
    return "0" if text in ("-0", "") else text


def _where(row: dict[str, Any]) -> str:
    src, num = row.get("_source"), row.get("_row")
    if src is None:
        return f"row {num}" if num is not None else "input"
    return f"{src} row {num}" if num is not None else str(src)


def parse_weights(text: str) -> tuple[float, float]:
    """`--weights S,G` → (S, G): S for the scale-like indicator, G for the growth-like one."""
    parts = [p.strip() for p in text.replace("，", ",").split(",")]
    try:
        if len(parts) != 2:
            raise ValueError
        w = (float(parts[0]), float(parts[1]))
    except ValueError:
        raise UsageError(f"--weights must be two numbers S,G such as 0.5,0.5, not {text!r}") from None
    _check_weights(w)
    return w


def _check_weights(w: tuple[float, float]) -> None:
    import math

    if any(not math.isfinite(x) or x < 0 for x in w) or (w[0] == 0 and w[1] == 0):
        raise UsageError(f"--weights must be two numbers ≥ 0, not both 0, not {w[0]},{w[1]}")


def _scaled(frame: pl.DataFrame, col: str) -> list[int | None]:
    """A money column as exact integers in units of 10^-MONEY_SCALE 万元."""
    return frame[col].cast(MONEY).to_physical().to_list()


# ------------------------------------------------------------------------------------------- input
@dataclass
class _Input:
    year: int
    units: pl.DataFrame        # one row per county: county, _has_row, m, m_prev for present metrics
    present: set[str]          # metric columns in the frame
    prev_source: dict[str, bool]
    prev_rows: int | None = None  # long form: rows of the previous year


def _located(frame: pl.DataFrame, mask: pl.Expr, n: int = 1) -> list[dict[str, Any]]:
    return frame.filter(mask).head(n).rows(named=True)


def _prepare(frame: pl.DataFrame, policy: Policy, year: int | None, allow_unknown: bool) -> _Input:
    if "county" not in frame.columns:
        raise DataError("the input has no county column (县市区): see `jncli schema counties`")
    long_form = "year" in frame.columns
    present = {c for c in METRICS if c in frame.columns}
    wide = {c for c in present if f"{c}_prev" in frame.columns}
    f = frame.select(["county"] + (["year"] if long_form else []) + sorted(present) + sorted(f"{c}_prev" for c in wide)
                     + [c for c in ("_source", "_row") if c in frame.columns])
    if "_row" not in f.columns:  # frames built in code: count like a spreadsheet (header = row 1)
        f = f.with_columns(_row=pl.int_range(2, pl.len() + 2, dtype=pl.Int64))
    if "_source" not in f.columns:
        f = f.with_columns(_source=pl.lit("input"))
    f = f.with_columns(pl.col("county").cast(pl.String).str.strip_chars(),
                       *[pl.col(c).cast(MONEY) for c in sorted(present) + [f"{c}_prev" for c in sorted(wide)]])

    empty = pl.col("county").is_null() | (pl.col("county") == "")
    if f.select(empty.any()).item():
        raise DataError(f"{_where(_located(f, empty)[0])}: column county is empty")
    index = policy.county_index()
    mapping: dict[str, str] = {}
    names = f.select(pl.col("county").unique())["county"]
    # a name that normalising (NFKC, case folding, no spaces) leaves unchanged and that is not in the index
    # cannot match: decided for all names at once (a country's 2,800 unknown names); the others one by one
    plain = (~names.is_in(list(index)) & (names.str.normalize("NFKC") == names) & (names.str.to_lowercase() == names)
             & ~names.str.contains(r"[\sßẞς]"))
    unknown: list[str] = []
    for name in names.filter(~plain).to_list():
        canonical = index.get(name)
        if canonical is None:
            canonical = index.get(normalize_name(name))
        if canonical is None:
            unknown.append(name)
        mapping[name] = canonical or name
    if (unknown or plain.any()) and not allow_unknown:
        row = _located(f, pl.col("county").is_in(unknown + names.filter(plain).to_list()))[0]
        raise DataError(f"{_where(row)}: county {row['county']!r} is not a county-level unit of {policy.city_name} "
                        f"in the policy", hint="check the spelling, or pass --allow-unknown-counties")
    changes = {name: canonical for name, canonical in mapping.items() if name != canonical}
    if changes:
        f = f.with_columns(pl.col("county").replace(changes))

    key = ["county"]
    if long_form:
        if f["year"].null_count():
            raise DataError(f"{_where(_located(f, pl.col('year').is_null())[0])}: column year is empty")
        key.append("year")
    if f.select(pl.struct(key).is_duplicated().any()).item():
        first = _located(f, pl.struct(key).is_duplicated())[0]
        pair = _located(f, pl.all_horizontal([pl.col(k) == first[k] for k in key]), 2)
        what = f"{first['county']} appears twice" + (f" for {first['year']}" if long_form else "")
        raise DataError(f"{_where(pair[0])} and {_where(pair[1])}: {what} (duplicate county × year)")

    if long_form:
        years = f["year"].unique().sort().to_list()
        if not years:
            raise DataError("the input has no rows")
        if year is None:
            year = years[-1]
        elif year not in years:
            raise DataError(f"no rows for year {year} in the input (years present: {', '.join(map(str, years))})")
        cur = f.filter(pl.col("year") == year).drop("year")
        before = (f.filter(pl.col("year") == year - 1)
                  .select("county", *[pl.col(c).alias(f"_long_{c}") for c in sorted(present)],
                          pl.col("_source").alias("_source_p"), pl.col("_row").alias("_row_p")))
    elif year is None:
        raise UsageError("the input has no year column (wide form, 本年 / 上年同期): pass --year Y to say which year "
                         "its values are for")
    else:
        cur, before = f, None

    units = f.select(pl.col("county").unique()).sort("county")
    units = units.join(cur.with_columns(_has_row=pl.lit(True)), on="county", how="left")
    if before is not None:
        units = units.join(before, on="county", how="left")
    prev_exprs = []
    for c in sorted(present):
        options = ([pl.col(f"{c}_prev")] if c in wide else []) + ([pl.col(f"_long_{c}")] if before is not None else [])
        if len(options) == 2:
            clash = _located(units, options[0].is_not_null() & options[1].is_not_null() & (options[0] != options[1]))
            if clash:
                r = clash[0]
                raise DataError(f"{_where(r)} column {c}_prev and {_where({'_source': r['_source_p'], '_row': r['_row_p']})} "
                                f"column {c}: the previous-year {c} of {r['county']} is given twice, differently "
                                f"({r[f'{c}_prev']} vs {r[f'_long_{c}']})")
        prev_exprs.append((pl.coalesce(options) if options else pl.lit(None, MONEY)).alias(f"{c}_prev"))
    units = units.with_columns(*prev_exprs, pl.col("_has_row").fill_null(False))
    units = units.select("county", "_has_row", *sorted(present), *[f"{c}_prev" for c in sorted(present)])
    prev_source = {c: (c in wide) or long_form for c in METRICS}
    return _Input(year, units, present, prev_source, before.height if before is not None else None)


# ------------------------------------------------------------------------------------------- scoring
@dataclass
class _Scored:
    cat: Category
    frame: pl.DataFrame                     # one row per county: indicators, reason, _k, rank, growth tests
    order: list[str] = field(default_factory=list)       # scored counties by rank
    k: dict[str, int] = field(default_factory=dict)      # rounded score × 10^D
    passes: dict[str, bool] = field(default_factory=dict)
    city_growth: Fraction | None = None
    province_growth: Fraction | None = None
    city_change: Fraction | None = None     # m1.enterprise: Σ ent − Σ ent_prev (万元)
    exact: "_Exact | None" = None


def _reasons(cat: Category) -> list[tuple[pl.Expr, str, str | None, pl.Expr | None, str | None]]:
    """(condition, code, column, value, when) in the order they are checked: the first that holds is the reason."""
    out: list = [(~pl.col("_has_row"), "no_row", None, None, None)]
    out += [(pl.col(c).is_null(), "no_current", c, None, None) for c in cat.columns]
    out += [(pl.col(c) < 0, "negative_current", c, pl.col(c), None) for c in cat.columns]
    out += [(pl.col(f"{c}_prev").is_null(), "no_prev", c, None, None) for c in cat.columns]
    if cat.key == "enterprise":
        ent, aq = cat.columns
        out += [(pl.col(aq) <= 0, "aq_nonpositive", aq, pl.col(aq), "this"),
                (pl.col(f"{aq}_prev") <= 0, "aq_nonpositive", aq, pl.col(f"{aq}_prev"), "last"),
                (pl.col(f"{ent}_prev") <= 0, "prev_nonpositive", ent, pl.col(f"{ent}_prev"), None)]
    else:
        (c,) = cat.columns
        out.append((pl.col(f"{c}_prev") <= 0, "prev_nonpositive", c, pl.col(f"{c}_prev"), None))
    return out


def _chain(pairs: list[tuple[pl.Expr, pl.Expr]], otherwise: pl.Expr) -> pl.Expr:
    expr = None
    for cond, value in pairs:
        expr = pl.when(cond).then(value) if expr is None else expr.when(cond).then(value)
    return expr.otherwise(otherwise) if expr is not None else otherwise


class _Exact:
    """Exact indicators of single counties, fetched lazily (only for rows the float bound cannot decide)."""

    def __init__(self, cat: Category, frame: pl.DataFrame, change: Fraction | None):
        self.cat, self.frame, self.change = cat, frame, change
        self.cache: dict[str, tuple[Fraction, Fraction]] = {}

    def load(self, counties: list[str]) -> None:
        need = [c for c in counties if c not in self.cache]
        if not need:
            return
        sub = self.frame.filter(pl.col("county").is_in(need))
        names = sub["county"].to_list()
        cols = {c: _scaled(sub, c) for c in self.cat.columns + tuple(f"{c}_prev" for c in self.cat.columns)}
        one = 10 ** MONEY_SCALE
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


def _score_category(cat: Category, data: _Input, policy: Policy, weights: tuple[float, float],
                    city_override: float | None, province: Fraction | None) -> _Scored:
    """Indicators, exact rounded scores, ranks and growth tests of one ranking (few polars calls: their fixed
    cost, not the rows, dominates for Jining's 14 units)."""
    F = pl.Float64
    # the first failing check, by number; its code, column, value and "when" follow from the number (each
    # condition appears once: big repeated expression trees cost more to plan than the rows to compute)
    checks = _reasons(cat)
    which = pl.col("_check")
    reasons = dict(
        _reason=which.replace_strict({i: code for i, (_, code, *_r) in enumerate(checks)}, default=None,
                                     return_dtype=pl.String),
        _reason_col=which.replace_strict({i: col for i, (_, _c, col, *_r) in enumerate(checks)}, default=None,
                                         return_dtype=pl.String),
        _reason_val=_chain([(which == i, v) for i, (_, _c, _col, v, _w) in enumerate(checks) if v is not None],
                           pl.lit(None, MONEY)),
        _reason_when=which.replace_strict({i: w for i, (*_r, w) in enumerate(checks)}, default=None,
                                          return_dtype=pl.String),
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
    f = data.units.select("county", "_has_row", *cat.columns, *[f"{c}_prev" for c in cat.columns],
                          _check=_chain([(cond, pl.lit(i)) for i, (cond, *_r) in enumerate(checks)], pl.lit(None, pl.Int64)))
    if f["_check"].null_count() == f.height:  # the usual case: every county can be scored
        reasons = {"_reason": pl.lit(None, pl.String), "_reason_col": pl.lit(None, pl.String),
                   "_reason_val": pl.lit(None, MONEY), "_reason_when": pl.lit(None, pl.String)}
    f = f.with_columns(**reasons, **floats)
    ok = pl.col("_reason").is_null()
    sc = _Scored(cat, f)

    if cat.key == "enterprise":
        n_ok, change_dec = f.select(ok.sum(), (pl.col(ent) - pl.col(f"{ent}_prev")).filter(ok).sum()).row(0)
        sc.city_change = Fraction(change_dec) if n_ok else None
        if n_ok and sc.city_change <= 0:  # contribution meaningless: nobody is scored, share lift still shown
            sc.frame = f.with_columns(scale=pl.when(ok).then(pl.col("_x1")),
                                      _reason=pl.when(ok).then(pl.lit("city_change")).otherwise(pl.col("_reason")),
                                      _change=pl.lit(_fmt_dec(sc.city_change))).sort("county")
            return _finish(sc, policy)
        delta = float(change_dec) if n_ok else 1.0
        e_now, e_before = pl.col(ent).cast(F), pl.col(f"{ent}_prev").cast(F)
        f = f.with_columns(_x2=(e_now - e_before) / delta * 100, _e2=100 * 12 * U * (e_now + e_before) / abs(delta))
    exact = sc.exact = _Exact(cat, f, sc.city_change)

    aggs = [ok.sum().alias("n")]
    for i in (1, 2):
        x = pl.col(f"_x{i}").filter(ok)
        aggs += [x.min().alias(f"lo{i}"), x.max().alias(f"hi{i}"), pl.col(f"_e{i}").filter(ok).max().alias(f"E{i}")]
    if cat.growth_test:
        (c,) = cat.columns
        aggs += [pl.col(c).filter(ok).sum().alias("now"), pl.col(f"{c}_prev").filter(ok).sum().alias("before")]
    bounds = f.select(aggs).row(0, named=True)
    n_scored = bounds["n"]
    if cat.growth_test:
        if city_override is not None:
            sc.city_growth = _frac(city_override)
        elif n_scored:
            sc.city_growth = Fraction(bounds["now"]) / Fraction(bounds["before"]) - 1
        sc.province_growth = province
    if n_scored == 0:
        sc.frame = f.sort("county")
        return _finish(sc, policy)

    # ---- composite score, rounded half-up to D decimals, as the integer k = score × 10^D
    D = policy.m1_score_decimals
    T = policy.m1_normalise_to
    w1, w2 = weights
    if T * (w1 + w2) * 10 ** D >= 2 ** 53:
        raise UsageError(f"--weights {w1},{w2} with {D} score decimals give scores too large to rank exactly")
    exact_all = _EXACT_ONLY

    def normalised(x: str, lo: float, hi: float, E: float) -> tuple[pl.Expr, float]:
        nonlocal exact_all
        R = hi - lo
        if R <= 4 * E:  # the float range cannot tell "all equal" from "nearly equal": decide exactly
            exact_all = True
            return pl.lit(T), 0.0
        return T * (pl.col(x) - lo) / R, T * (8 * E / (R - 2 * E) + 8 * U)

    n1, en1 = normalised("_x1", bounds["lo1"], bounds["hi1"], bounds["E1"])
    n2, en2 = normalised("_x2", bounds["lo2"], bounds["hi2"], bounds["E2"])
    etot = (w1 * en1 + w2 * en2 + 8 * U * T * (w1 + w2)) * 10 ** D
    exact_all = exact_all or etot > 1e-3
    masked = {name: pl.when(ok).then(pl.col(name)) for name in ("_x1", "_x2", "_e1", "_e2")}
    f = f.with_columns(_y=(w1 * n1 + w2 * n2) * 10 ** D + 0.5, **masked)
    y = pl.col("_y")
    yerr = etot + 4 * U * y.abs()
    f = f.with_columns(_k=pl.when(ok).then(y.floor().cast(pl.Int64)),
                       _unsure=ok & (((y - yerr).floor() != (y + yerr).floor()) | pl.lit(exact_all)))
    unsure = f.filter(pl.col("_unsure"))["county"].to_list()
    if unsure:
        ks = _exact_scores(unsure, f, exact, policy, weights, bounds)
        f = f.with_columns(_k=pl.col("county").replace_strict(ks, default=pl.col("_k"), return_dtype=pl.Int64))

    # ---- rank: score desc, growth-like desc, scale-like desc, county name (code points). The frame is kept
    # in output order: scored counties by rank, then the others by name (their keys are null: nulls last).
    f = f.sort(["_k", "_x2", "_x1", "county"], descending=[True, True, True, False], nulls_last=True)
    order = f["county"].head(n_scored).to_list()
    kvals = f["_k"].head(n_scored).to_list()
    float_order = list(order)
    # equal rounded scores: the float tie-breakers may not be exact, so those groups are ordered exactly
    if f["_k"].head(n_scored).is_duplicated().any():
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and kvals[j + 1] == kvals[i]:
                j += 1
            if j > i:
                group = order[i:j + 1]
                exact.load(group)
                order[i:j + 1] = sorted(group, key=lambda c: (-exact[c][1], -exact[c][0], c))
            i = j + 1
    sc.order = order
    sc.k = dict(zip(float_order, kvals))
    rank = pl.when(pl.int_range(pl.len()) < n_scored).then(pl.int_range(1, pl.len() + 1))
    if order != float_order:  # rare: the exact tie-breakers reorder some tied rows
        moved = {c: i for i, c in enumerate(order, 1) if c != float_order[i - 1]}
        f = f.with_columns(rank=pl.col("county").replace_strict(moved, default=rank, return_dtype=pl.Int64))
        f = f.sort(["rank", "county"], nulls_last=True)
        rank = pl.col("rank")

    # ---- growth tests (strictly greater), exact where the float is too close to call
    tests = {}
    if cat.growth_test:
        averages = {"above_city_growth": sc.city_growth, "above_province_growth": sc.province_growth}
        near = [_near(a) for a in averages.values() if a is not None]
        close = f.filter(ok & pl.any_horizontal(near + [pl.lit(_EXACT_ONLY)]))["county"].to_list() if near else []
        exact.load(close)
        tests = {name: _test(a, close, exact) for name, a in averages.items()}
    sc.frame = f
    # the score as the double nearest to k / 10^D (Python's int / float division is correctly rounded; polars'
    # division by a constant is not: 52.671960999999996)
    scale_d = 10 ** policy.m1_score_decimals
    score = pl.Series([k / scale_d for k in kvals] + [None] * (f.height - n_scored), dtype=pl.Float64)
    sc = _finish(sc, policy, rank=rank.cast(pl.Int64), score=pl.lit(score), **tests)
    if cat.growth_test:
        passes = sc.frame["above_city_growth"].fill_null(True) & sc.frame["above_province_growth"].fill_null(True)
        sc.passes = dict(zip(sc.frame["county"].head(n_scored).to_list(), passes.head(n_scored).to_list()))
    else:
        sc.passes = dict.fromkeys(order, True)
    return sc


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
        decided = pl.when(pl.col("county").is_in(close)).then(
            pl.col("county").replace_strict(verdict, default=None, return_dtype=pl.Boolean)).otherwise(decided)
    return decided


def _exact_scores(counties: list[str], f: pl.DataFrame, exact: _Exact, policy: Policy,
                  weights: tuple[float, float], bounds: dict[str, float]) -> dict[str, int]:
    """Exact rounded scores (× 10^D) for some counties; the exact min/max come from the float near-extremes."""
    ok = pl.col("_reason").is_null()
    ends = {}
    for i, x, e in ((0, "_x1", "E1"), (1, "_x2", "E2")):
        E = bounds[e]
        lo_c = f.filter(ok & (pl.col(x) <= bounds[f"lo{i + 1}"] + 2 * E + U * abs(bounds[f"lo{i + 1}"])))["county"].to_list()
        hi_c = f.filter(ok & (pl.col(x) >= bounds[f"hi{i + 1}"] - 2 * E - U * abs(bounds[f"hi{i + 1}"])))["county"].to_list()
        exact.load(lo_c + hi_c)
        ends[i] = (min(exact[c][i] for c in lo_c), max(exact[c][i] for c in hi_c))
    exact.load(counties)
    T = _frac(policy.m1_normalise_to)
    w = (_frac(weights[0]), _frac(weights[1]))
    D = policy.m1_score_decimals
    out = {}
    for c in counties:
        total = Fraction(0)
        for i in (0, 1):
            lo, hi = ends[i]
            n = T if lo == hi else T * (exact[c][i] - lo) / (hi - lo)
            total += w[i] * n
        out[c] = int(round_half_up(total, D) * 10 ** D)
    return out


def _clean(x: pl.Expr) -> pl.Expr:
    """An indicator for output, rounded to 12 decimals so that no float noise shows (-1.0, not
    -1.0000000000000009); the comparisons used the exact values."""
    return x.round(12)


def _finish(sc: _Scored, policy: Policy, **extra: pl.Expr) -> _Scored:
    """The output columns of a scored ranking: rank, growth tests, scale, growth, score (one polars call)."""
    f = sc.frame
    columns: dict[str, pl.Expr] = {}
    for name, dtype in (("_x1", pl.Float64), ("_x2", pl.Float64), ("_k", pl.Int64), ("rank", pl.Int64),
                        ("above_city_growth", pl.Boolean), ("above_province_growth", pl.Boolean),
                        ("_change", pl.String), ("scale", pl.Float64)):
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
    sc.frame = f.with_columns(scale=scale, growth=_clean(pl.when(ok).then(pl.col("_x2"))),
                              _score_txt=_int_dec(pl.col("_k"), policy.m1_score_decimals))
    return sc


# ------------------------------------------------------------------------------------------- awards
@dataclass
class _Outcome:
    county: str
    status: str
    award: Decimal = Decimal(0)
    position: int | None = None
    first_position: int | None = None
    held: Decimal | None = None
    held_position: int | None = None


def _award_type(policy: Policy) -> pl.DataType:
    return pl.Decimal(38, policy.award_decimals)


def _amount(policy: Policy, position: int | None) -> Decimal:
    awards = policy.m1_awards
    if position is None or position > len(awards):
        return Decimal(0)
    # never pay more than the policy says: an amount with more places than the ledger keeps is cut, not rounded up
    return awards[position - 1].quantize(Decimal(1).scaleb(-policy.award_decimals), rounding=ROUND_DOWN)


def _ranking(sc: _Scored, active: list[str], eligibility: str) -> list[str]:
    """The ranking that decides the awards: all scored counties (literal) or those passing the growth tests."""
    return active if eligibility == "literal" else [c for c in active if sc.passes[c]]


def _deal(sc: _Scored, active: list[str], eligibility: str, policy: Policy, positions: dict[str, int],
          ties: dict) -> dict[str, Decimal]:
    """Deal positions over the active counties (only as deep as money and ties reach); county → placement amount."""
    n = len(policy.m1_awards)
    ranking = _ranking(sc, active, eligibility)
    placements: dict[str, Decimal] = {}
    for pos, c in enumerate(ranking[:n], 1):
        positions[c] = pos
        if sc.passes[c]:
            placements[c] = _amount(policy, pos)
    if not ranking:
        return placements
    # tie_at_boundary: equal scores whose positions carry different amounts (RULES.md §0); only positions
    # down to the last paid one, and those tied with it, can differ in amount
    depth = min(n, len(ranking))
    while depth < len(ranking) and sc.k[ranking[depth]] == sc.k[ranking[depth - 1]]:
        depth += 1
    groups: dict[int, list[int]] = {}
    for pos in range(1, depth + 1):
        groups.setdefault(sc.k[ranking[pos - 1]], []).append(pos)
    for k, members in groups.items():
        amounts = [_amount(policy, p) for p in members]
        if len(members) > 1 and len(set(amounts)) > 1:
            names = tuple(ranking[p - 1] for p in members)
            ties.setdefault((sc.cat.key, names), (k, tuple(members), tuple(amounts)))
    return placements


def _award(scored: list[_Scored], policy: Policy, eligibility: str, reassign: bool,
           ties: dict) -> tuple[dict[str, dict[str, _Outcome]], dict[str, tuple[str, Decimal]]]:
    """Deal every category, then 就高; with reassign, deal again until each county holds ≤ 1 placement."""
    order = {k: i for i, k in enumerate(policy.m1_category_order)}
    active = {sc.cat.key: list(sc.order) for sc in scored}
    positions: dict[str, dict[str, int]] = {sc.cat.key: {} for sc in scored}
    # position in the first dealing, to tell in `basis` when a placement came by reassignment
    first = {sc.cat.key: {c: i for i, c in enumerate(_ranking(sc, sc.order, eligibility), 1)} for sc in scored}
    superseded: dict[str, dict[str, _Outcome]] = {sc.cat.key: {} for sc in scored}
    while True:
        holdings: dict[str, list[tuple[str, Decimal]]] = {}
        for sc in scored:
            positions[sc.cat.key] = {}
            placed = _deal(sc, active[sc.cat.key], eligibility, policy, positions[sc.cat.key], ties)
            for c, amount in placed.items():
                holdings.setdefault(c, []).append((sc.cat.key, amount))
        multiple = {c: h for c, h in holdings.items() if len(h) > 1}
        for c, held in multiple.items():
            keep = max(held, key=lambda h: (h[1], -order[h[0]]))
            for key, amount in held:
                if key != keep[0]:
                    superseded[key][c] = _Outcome(c, SUPERSEDED, held=amount, held_position=positions[key][c],
                                                  position=positions[key][c], first_position=first[key].get(c))
                    if reassign:
                        active[key].remove(c)
        if not multiple or not reassign:
            break
    final: dict[str, tuple[str, Decimal]] = {}
    for c, held in holdings.items():
        for key, amount in held:
            if c not in superseded[key]:
                final[c] = (key, amount)
    outcomes: dict[str, dict[str, _Outcome]] = {}
    for sc in scored:
        key = sc.cat.key
        out = dict(superseded[key])
        for c, pos in positions[key].items():
            if c in out:
                continue
            if final.get(c, (None,))[0] == key:
                out[c] = _Outcome(c, AWARDED, final[c][1], pos, first[key].get(c))
            elif not sc.passes[c]:
                out[c] = _Outcome(c, INELIGIBLE, position=pos, first_position=first[key].get(c))
        outcomes[key] = out
    return outcomes, final


# ------------------------------------------------------------------------------------------- basis
_T = {
    "zh": {
        "head": "依据第一条「{name}」（{year}年度）：",
        "score": "综合得分{score}，在{n}个参评单位中排第{rank}位",
        "scale": "{col}{value}万元",
        "growth": "增幅{g}%，{vs_city}全市平均{cg}%，{vs_prov}全省平均{pg}%",
        "growth_city": "增幅{g}%，{vs_city}全市平均{cg}%",
        "above": "高于", "not_above": "未高于",
        "ent": "纳统电商零售企业网络零售额占限额以上消费品零售额比重提升{lift}个百分点，增长贡献率{contrib}%",
        "awarded": "列第{pos}位，获补贴{amount}万元",
        "moved": "列第{pos}位（原第{first}位，因其他县就高让出名次而递补），获补贴{amount}万元",
        "superseded": "本可按第{pos}位获{amount}万元，但已在「{other}」获{kept}万元，上述奖励政策不重复奖励（就高），此项不发放{passed}",
        "passed_on": "，空出的名次依次递补",
        "not_passed": "，空出的名次不递补",
        "fail_literal": "排名前{n}位，但增幅未同时高于全市和全省平均增幅，不予补贴",
        "fail_moved": "递补至第{pos}位，但增幅未同时高于全市和全省平均增幅，不予补贴",
        "fail_filter": "增幅未同时高于全市和全省平均增幅，不参与排位，不予补贴",
        "not_ranked": "未进入前{n}位，不予补贴",
        "not_ranked_filter": "增幅达标，但在达标单位中未进入前{n}位，不予补贴",
        "out_of_period": "{year}年度不在政策执行年度（{years}）内，不予补贴",
        "sep": "；", "end": "。", "years_sep": "、",
        "no_row": "输入中没有该单位{year}年度的数据行，无法评价",
        "no_current": "{year}年度{col}为空，无法评价",
        "negative_current": "{year}年度{col}为{v}万元（负数），无法评价",
        "no_prev": "缺少上年（{prev}年度）{col}，无法计算增幅，不参与评分",
        "prev_nonpositive": "上年（{prev}年度）{col}为{v}万元（≤0），无法计算增幅，不参与评分",
        "aq_nonpositive": "{when}{col}为{v}万元（≤0），无法计算占比，不参与评分",
        "this": "本年", "last": "上年",
        "city_change": "占比提升{lift}个百分点，但全市纳统电商零售企业网络零售额变化为{change}万元（≤0），增长贡献率无意义，本类不予评分",
    },
    "en": {
        "head": "Article 1 ({name}, {year}): ",
        "score": "score {score}, rank {rank} of {n}",
        "scale": "{col} {value} 万元",
        "growth": "growth {g}% {vs_city} the city average {cg}% and {vs_prov} the province average {pg}%",
        "growth_city": "growth {g}% {vs_city} the city average {cg}%",
        "above": "above", "not_above": "not above",
        "ent": "纳统 enterprises' share of above-quota retail up {lift} percentage points, growth contribution {contrib}%",
        "awarded": "position {pos}: awarded {amount} 万元",
        "moved": "position {pos} (originally {first}, moved up by reassignment after another county kept a higher award): awarded {amount} 万元",
        "superseded": "position {pos} would pay {amount} 万元, but the county keeps {kept} 万元 from \"{other}\" (no double award: the highest wins){passed}",
        "passed_on": "; the vacated place is passed on",
        "not_passed": "; the vacated place is not passed on",
        "fail_literal": "in the top {n} but growth does not beat both the city and province averages: no award",
        "fail_moved": "moved up to position {pos} by reassignment but growth does not beat both the city and province averages: no award",
        "fail_filter": "growth does not beat both the city and province averages: not placed, no award",
        "not_ranked": "outside the top {n}: no award",
        "not_ranked_filter": "growth test passed but outside the top {n} of the counties passing it: no award",
        "out_of_period": "{year} is not a year the policy covers ({years}): no award",
        "sep": "; ", "end": ".", "years_sep": ", ",
        "no_row": "no {year} row for this unit in the input: not evaluated",
        "no_current": "{col} for {year} is empty: not evaluated",
        "negative_current": "{col} for {year} is {v} 万元 (negative): not evaluated",
        "no_prev": "no previous-year ({prev}) {col}: growth cannot be computed, not scored",
        "prev_nonpositive": "previous-year ({prev}) {col} is {v} 万元 (≤ 0): growth cannot be computed, not scored",
        "aq_nonpositive": "{col} {when} is {v} 万元 (≤ 0): the share cannot be computed, not scored",
        "this": "this year", "last": "last year",
        "city_change": "share up {lift} percentage points, but the city-wide change of 纳统 enterprises' online retail is {change} 万元 (≤ 0): growth contribution is meaningless, category not scored",
    },
}
_FIELD = re.compile(r"\{(\w+)\}")


def _fmt(template: str, **values: pl.Expr | str | int) -> pl.Expr:
    """A named template as a polars string expression (pl.format only knows positional {})."""
    # constants go into the format string; only expressions stay as pl.format arguments
    pieces = _FIELD.split(template)  # text, name, text, name, …, text
    fmt, args = pieces[0], []
    for i in range(1, len(pieces), 2):
        value = values[pieces[i]]
        if isinstance(value, pl.Expr):
            fmt += "{}"
            args.append(value)
        else:  # pl.format has no escape for braces: keep them out of constants
            fmt += str(value).replace("{", "(").replace("}", ")")
        fmt += pieces[i + 1]
    return pl.format(fmt, *args) if args else pl.lit(fmt)


def _trim(text: pl.Expr) -> pl.Expr:
    """'12.500000' → '12.5', '50.00' → '50', '-0.00' → '0' (decimal text without trailing zeros)."""
    return text.str.replace(r"\.0*$|(\.\d*?[1-9])0+$", "${1}").str.replace(r"^-0$", "0")


def _trim_dec(text: pl.Expr) -> pl.Expr:
    """Decimal text, which always has a point ('100.000000'), without trailing zeros: '100', '0.5'."""
    return text.str.replace(r"\.?0+$", "")


def _num(x: pl.Expr, places: int) -> pl.Expr:
    return _trim(x.round(places, mode="half_away_from_zero").cast(pl.Decimal(38, places), strict=False).cast(pl.String))


def _int_dec(k: pl.Expr, places: int) -> pl.Expr:
    """k × 10^-places exactly, as text: 62500000, 6 → '62.5'."""
    if places == 0:
        return k.cast(pl.String)
    whole = (k // 10 ** places).cast(pl.String)
    frac = (k % 10 ** places).cast(pl.String).str.zfill(places).str.strip_chars_end("0")
    return pl.when(frac == "").then(whole).otherwise(pl.format("{}.{}", whole, frac))


def _pct_texts(city: Fraction | None, prov: Fraction | None) -> dict[str, pl.Expr]:
    """Growth and the averages as percentage texts (_tg, _tc, _tp) for `basis`, with 2 decimals."""
    def text(average: Fraction | None) -> pl.Expr:  # the same for every row: formatted once
        return pl.lit(_fmt_dec(average * 100, 2) if average is not None else None, pl.String)

    return {"_tg": _num(pl.col("_x2") * 100, 2), "_tc": text(city), "_tp": text(prov)}


def _pct_patch(f: pl.DataFrame, exact: "_Exact | None", city: Fraction | None, prov: Fraction | None) -> pl.DataFrame:
    """Where a growth that beats an average would print equal to it with 2 decimals, as many decimals as it
    takes (exact, for those few rows)."""
    clash = (pl.col("above_city_growth").fill_null(False) & (pl.col("_tg") == pl.col("_tc"))) \
        | (pl.col("above_province_growth").fill_null(False) & (pl.col("_tg") == pl.col("_tp")))
    close = f.filter(clash.fill_null(False))["county"].to_list()
    if not close or exact is None:
        return f
    exact.load(close)
    texts: dict[str, tuple[str, str, str]] = {}
    for c in close:
        g = exact[c][1]
        for places in range(4, 31, 2):
            tg = _fmt_dec(g * 100, places)
            tc = _fmt_dec(city * 100, places) if city is not None else None
            tp = _fmt_dec(prov * 100, places) if prov is not None else None
            if (g <= city or tg != tc) and (prov is None or g <= prov or tg != tp):
                break
        texts[c] = (tg, tc, tp)
    return f.with_columns(*[pl.when(pl.col("county").is_in(close))
                          .then(pl.col("county").replace_strict({c: v[i] for c, v in texts.items()}, default=None,
                                                                return_dtype=pl.String))
                          .otherwise(pl.col(name)).alias(name) for i, name in enumerate(("_tg", "_tc", "_tp"))])


def _lookup(values: dict[str, Any], dtype: pl.DataType, default: Any = None) -> pl.Expr:
    """A per-county value from a small dict (the counties the dealing touched), `default` elsewhere."""
    if isinstance(dtype, pl.Decimal):
        # Through text: building a Decimal series from Python Decimals makes polars import NumPy
        # (~40 ms of start-up for a 14-row table).
        text = {k: None if v is None else str(v) for k, v in values.items()}
        fallback = None if default is None else str(default)
        return _lookup(text, pl.String, fallback).cast(dtype)
    if not values:
        return pl.lit(default, dtype)
    return pl.col("county").replace_strict(values, default=pl.lit(default, dtype), return_dtype=dtype)


def _outcome_text(o: _Outcome, policy: Policy, lang: str, reassign: bool, final: dict[str, tuple[str, Decimal]]) -> str:
    """The outcome clause of `basis` for a county the dealing placed, superseded or moved up (few rows: Python)."""
    t = _T[lang]
    moved = o.first_position is not None and o.position != o.first_position
    if o.status == AWARDED:
        return t["moved" if moved else "awarded"].format(pos=o.position, first=o.first_position,
                                                         amount=_fmt_dec(o.award, 2))
    if o.status == SUPERSEDED:
        return t["superseded"].format(pos=o.held_position, amount=_fmt_dec(o.held, 2), kept=_fmt_dec(final[o.county][1], 2),
                                      other=_rule_name(policy, CATEGORIES[final[o.county][0]].rule, lang), passed=t["passed_on"] if reassign else t["not_passed"])
    if moved:  # literal: moved into positions 1-3 by reassignment, but failing a growth test
        return t["fail_moved"].format(pos=o.position)
    return t["fail_literal"].format(n=len(policy.m1_awards))


def _basis(cat: Category, policy: Policy, lang: str, year: int, eligibility: str, in_period: bool, n_scored: int,
           prov: Fraction | None, has_reasons: bool) -> pl.Expr:
    """One sentence per row: the data problem, or score and rank, the indicators, and the outcome (RULES.md §0).

    Built as one `pl.format` per kind of row (constants substituted up front): this is the widest column of
    the output and the one that costs time for a country's counties."""
    t = _T[lang]
    cols = COLUMN_NAMES[lang]
    n = len(policy.m1_awards)
    sep, end = t["sep"], t["end"]
    head = t["head"].format(name=_rule_name(policy, cat.rule, lang), year=year)
    status = pl.col("status")
    if not in_period:
        outcome: pl.Expr | str = t["out_of_period"].format(
            year=year, years=t["years_sep"].join(map(str, policy.annual_years)))
    else:
        outcome = _chain([
            (pl.col("_outcome").is_not_null(), pl.col("_outcome")),
            ((status == INELIGIBLE) & (eligibility == "literal"), pl.lit(t["fail_literal"].format(n=n))),
            (status == INELIGIBLE, pl.lit(t["fail_filter"])),
        ], pl.lit(t["not_ranked_filter" if eligibility == "filter-first" else "not_ranked"].format(n=n)))
    parts = [t["score"]]
    values: dict[str, Any] = {"score": pl.col("_score_txt"), "rank": pl.col("rank").cast(pl.String), "n": n_scored,
                              "outcome": outcome}
    if cat.growth_test:
        (c,) = cat.columns
        parts += [t["scale"], t["growth"] if prov is not None else t["growth_city"]]
        values.update(col=cols[c], value=_trim_dec(pl.col(c).cast(pl.String)),
                      g=pl.col("_tg"), cg=pl.col("_tc"), pg=pl.col("_tp"),
                      vs_city=pl.when(pl.col("above_city_growth")).then(pl.lit(t["above"])).otherwise(pl.lit(t["not_above"])),
                      vs_prov=pl.when(pl.col("above_province_growth")).then(pl.lit(t["above"])).otherwise(pl.lit(t["not_above"])))
    else:
        parts.append(t["ent"])
        values.update(lift=_num(pl.col("scale"), 4), contrib=_num(pl.col("growth"), 4))
    scored = _fmt(head + sep.join(parts + ["{outcome}"]) + end, **values)
    if not has_reasons:
        return scored

    reason = pl.col("_reason")
    col_name = pl.col("_reason_col").replace_strict(cols, default=None, return_dtype=pl.String)
    value = _trim_dec(pl.col("_reason_val").cast(pl.String))
    tail = (sep + outcome if isinstance(outcome, str) else "") + end
    when = pl.col("_reason_when").replace_strict({"this": t["this"], "last": t["last"]}, default=None,
                                                 return_dtype=pl.String)
    data = _chain([
        (reason == "no_row", _fmt(head + t["no_row"] + tail, year=year)),
        (reason == "no_current", _fmt(head + t["no_current"] + tail, year=year, col=col_name)),
        (reason == "negative_current", _fmt(head + t["negative_current"] + tail, year=year, col=col_name, v=value)),
        (reason == "no_prev", _fmt(head + t["no_prev"] + tail, prev=year - 1, col=col_name)),
        (reason == "prev_nonpositive", _fmt(head + t["prev_nonpositive"] + tail, prev=year - 1, col=col_name, v=value)),
        (reason == "aq_nonpositive", _fmt(head + t["aq_nonpositive"] + tail, col=col_name, v=value, when=when)),
        (reason == "city_change", _fmt(head + t["city_change"] + tail, lift=_num(pl.col("scale"), 4),
                                       change=pl.col("_change"))),
    ], pl.lit(None, pl.String))
    return pl.when(reason.is_null()).then(scored).otherwise(data)


def _rule_name(policy: Policy, rule: str, lang: str) -> str:
    info = policy.rules.get(rule)
    if info is None:
        return rule
    return info.name if lang == "zh" else info.name_en


# ------------------------------------------------------------------------------------------- main
def _categories(policy: Policy) -> list[Category]:
    out = []
    for key in policy.m1_category_order:
        if key not in CATEGORIES:
            raise PolicyError(f"policy file {policy.source}: key 'm1.category_order' names {key!r}; "
                              f"known categories: {', '.join(CATEGORIES)}")
        out.append(CATEGORIES[key])
    return out


def score_counties(frame: pl.DataFrame, policy: Policy, *, year: int | None = None,
                   province_growth: float | None = None, province_rural_growth: float | None = None,
                   city_growth: float | None = None, city_rural_growth: float | None = None,
                   weights: tuple[float, float] | None = None, eligibility: str = "literal",
                   reassign: bool = False, lang: str = "zh", allow_unknown_counties: bool = False) -> RuleResult:
    """Score, rank and award every county in every measure-1 category (RULES.md §1).

    `frame` is a conformed "counties" table (long form with `year`, or wide form with `*_prev`).
    Returns one row per county × category (OUTPUT_COLUMNS), ordered by category (policy order), rank, county.
    """
    if eligibility not in ELIGIBILITY:
        raise UsageError(f"--eligibility must be literal or filter-first, not {eligibility!r}")
    if lang not in ("zh", "en"):
        raise UsageError(f"--lang must be zh or en, not {lang!r}")
    w = weights if weights is not None else (policy.m1_weight_scale, policy.m1_weight_growth)
    _check_weights(w)
    cats = _categories(policy)
    data = _prepare(frame, policy, year, allow_unknown_counties)
    year = data.year
    in_period = year in policy.annual_years
    warnings: list[str] = []

    usable: list[Category] = []
    for cat in cats:
        missing = [c for c in cat.columns if c not in data.present]
        missing += [f"{c}_prev" for c in cat.columns if c in data.present and not data.prev_source[c]]
        if missing:
            warnings.append(Said(f"{cat.rule} skipped: the input has no column {', '.join(missing)} "
                                 f"(see `jncli schema counties`)",
                                 f"{cat.rule} 未计算：输入缺少列 {', '.join(missing)}（见 `jncli schema counties`）"))
        else:
            usable.append(cat)
    if data.prev_rows == 0 and not any(f"{c}_prev" in frame.columns for c in data.present):
        warnings.append(Said(f"the input has no rows for {year - 1}: no county has a previous-year value, so no growth "
                             f"can be computed and every county is ineligible (add the {year - 1} rows or *_prev columns)",
                             f"输入没有{year - 1}年的行：各县（市、区）都没有上年值，无法计算增幅，均不符合条件"
                             f"（请补充{year - 1}年的行或 *_prev 列）"))
    if not usable:
        raise DataError("none of the measure-1 categories can be scored: the input needs online_retail, "
                        "rural_online_retail, or ent_online_retail with above_quota_retail, each with a previous-year "
                        "value (a year column with the previous year's rows, or *_prev columns)")

    options = {"online": (city_growth, province_growth), "rural": (city_rural_growth, province_rural_growth)}
    scored: list[_Scored] = []
    for cat in usable:
        city_o, prov_o = options.get(cat.key, (None, None))
        province = None
        if cat.growth_test:
            table = getattr(policy, cat.province_attr)
            province = _frac(prov_o) if prov_o is not None else (_frac(table[year]) if year in table else None)
        sc = _score_category(cat, data, policy, w, city_o, province)
        if cat.growth_test and province is None and sc.order and in_period:
            raise DataError(f"{cat.rule} needs the province average growth for {year} (增幅高于全省平均增幅), and "
                            f"the policy file {policy.source} has none for that year",
                            hint=f"pass {cat.option} (e.g. 10.5%), or add {year} under "
                                 f"[{cat.province_attr.replace('m1_', 'm1.')}] in the policy file")
        if sc.city_change is not None and sc.city_change <= 0:
            warnings.append(Said(f"{cat.rule} {year}: the city-wide change of 纳统 enterprises' online retail "
                                 f"(Σ ent_online_retail − Σ ent_online_retail_prev) is {_fmt_dec(sc.city_change)} 万元 ≤ 0, "
                                 f"so growth contribution is meaningless: every county is ineligible in this category",
                                 f"{cat.rule} {year}年：全市纳统电商零售企业网络零售额增量为{_fmt_dec(sc.city_change)}万元"
                                 f"（不大于0），增长贡献率无意义，本类别各县（市、区）均不符合条件"))
        scored.append(sc)

    outcomes: dict[str, dict[str, _Outcome]] = {sc.cat.key: {} for sc in scored}
    final: dict[str, tuple[str, Decimal]] = {}
    ties: dict = {}
    if in_period:
        outcomes, final = _award(scored, policy, eligibility, reassign, ties)
        for (key, members), (k, positions, amounts) in ties.items():
            score = _fmt_dec(Fraction(k, 10 ** policy.m1_score_decimals))
            money = " / ".join(_fmt_dec(a, 2) for a in amounts)
            warnings.append(Said(
                f"{CATEGORIES[key].rule} {year}: {', '.join(members)} have the same score {score} at positions "
                f"{', '.join(map(str, positions))} ({money} 万元): the tie-break (growth, then scale, then name) "
                f"decided the money; a person must look",
                f"{CATEGORIES[key].rule} {year}年：{'、'.join(members)}综合得分同为{score}，位于第"
                f"{'、'.join(map(str, positions))}位（{money}万元），由增幅、规模、名称依次决定名次与金额，请人工复核"))
    tied = {(key, c) for (key, members) in ties for c in members}

    parts = []
    n = len(policy.m1_awards)
    for sc in scored:
        key = sc.cat.key
        oc = outcomes[key]  # the few counties the dealing touched: placed, superseded, moved up
        texts = {c: _outcome_text(o, policy, lang, reassign, final) for c, o in oc.items()}
        awards = {c: o.award for c, o in oc.items() if o.status == AWARDED}
        tie_names = [c for (k2, c) in tied if k2 == key]
        passes_all = pl.col("above_city_growth").fill_null(True) & pl.col("above_province_growth").fill_null(True)
        if not in_period:
            status = pl.lit(OUT_OF_PERIOD)
        else:
            status = _chain([
                (pl.col("_reason").is_not_null(), pl.lit(INELIGIBLE)),
                (pl.col("county").is_in(list(oc)), _lookup({c: o.status for c, o in oc.items()}, pl.String)),
                ((pl.lit(eligibility == "literal") & (pl.col("rank") <= n) & ~passes_all), pl.lit(INELIGIBLE)),
                ((pl.lit(eligibility == "filter-first") & ~passes_all), pl.lit(INELIGIBLE)),
            ], pl.lit(NOT_RANKED))
        f = sc.frame.with_columns(
            status=status,
            award=_lookup(awards, AWARD_DTYPE, Decimal(0)),
            _outcome=_lookup(texts, pl.String),
            tie_at_boundary=pl.col("county").is_in(tie_names),
            **(_pct_texts(sc.city_growth, sc.province_growth) if sc.cat.growth_test else {}),
        )
        if sc.cat.growth_test:
            f = _pct_patch(f, sc.exact, sc.city_growth, sc.province_growth)
        has_reasons = f["_reason"].null_count() < f.height
        basis = _basis(sc.cat, policy, lang, year, eligibility, in_period, len(sc.order), sc.province_growth, has_reasons)
        constants = {"category": pl.lit(key), "year": pl.lit(year), "beneficiary": pl.col("county"),
                     "beneficiary_name": pl.col("county"), "measure": pl.lit(MEASURE), "rule": pl.lit(sc.cat.rule),
                     "basis": basis}
        parts.append(f.select([constants.get(c, pl.col(c)).cast(_award_type(policy) if c == "award" else _TYPES[c]).alias(c)
                               for c in OUTPUT_COLUMNS]))
    table = pl.concat(parts, how="vertical", rechunk=False)
    return RuleResult(table, warnings)


# ------------------------------------------------------------------------------------------- --final
_FINAL_T = {
    "zh": {"awarded": "依据第一条（{year}年度）：{county}最终获「{name}」补贴{amount}万元",
           "others": "；{items}",
           "none": "依据第一条（{year}年度）：{county}未获补贴（{items}）",
           "item": "「{name}」{status}",
           "sep": "，", "end": "。",
           "status": {AWARDED: "获补贴", SUPERSEDED: "就高不重复奖励", INELIGIBLE: "不符合条件", NOT_RANKED: "未进入前{n}位",
                      OUT_OF_PERIOD: "不在政策执行年度内"}},
    "en": {"awarded": "Article 1 ({year}): {county} receives {amount} 万元 from \"{name}\"",
           "others": "; {items}",
           "none": "Article 1 ({year}): {county} receives no award ({items})",
           "item": "\"{name}\" {status}",
           "sep": ", ", "end": ".",
           "status": {AWARDED: "awarded", SUPERSEDED: "superseded (no double award)", INELIGIBLE: "ineligible",
                      NOT_RANKED: "not in the top {n}", OUT_OF_PERIOD: "outside the policy years"}},
}


def final_awards(table: pl.DataFrame, policy: Policy, lang: str = "zh") -> pl.DataFrame:
    """One row per county and year from a score-counties table: its final award and the category it came from.

    Accepts score-counties output as produced, or read back from a file (strings are cast). A county with no
    award gets award 0, an empty category, and the status and rule of its best-ranked category row.
    """
    if lang not in ("zh", "en"):
        raise UsageError(f"--lang must be zh or en, not {lang!r}")
    missing = [c for c in ("rule", "status", "award", "year") if c not in table.columns]
    if missing or ("county" not in table.columns and "beneficiary" not in table.columns):
        raise DataError(f"--final needs a score-counties table; the input lacks {', '.join(missing) or 'county'}")
    t = _FINAL_T[lang]
    n = len(policy.m1_awards)
    order = {CATEGORIES[k].rule: i for i, k in enumerate(policy.m1_category_order) if k in CATEGORIES}
    county_col = "county" if "county" in table.columns else "beneficiary"
    keep = [c for c in (county_col, "rule", "status", "award", "year", "rank", "_source", "_row") if c in table.columns]
    groups: dict[tuple[str, int], list[dict]] = {}
    for row in table.select(keep).rows(named=True):
        if row["rule"] not in order:
            raise DataError(f"{_where(row)}: rule {row['rule']!r} is not a measure-1 rule "
                            f"({', '.join(order)}): --final reads score-counties output")
        if row[county_col] is None or row["year"] is None:
            raise DataError(f"{_where(row)}: county and year must not be empty")
        groups.setdefault((row[county_col], int(row["year"])), []).append(row)

    def item_text(r: dict) -> str:
        status = t["status"].get(r["status"], r["status"]).replace("{n}", str(n))
        return t["item"].format(name=_rule_name(policy, r["rule"], lang), status=status)

    def rank_of(r: dict) -> int:
        try:
            return int(r.get("rank")) if r.get("rank") not in (None, "") else 1 << 60
        except (TypeError, ValueError):
            return 1 << 60

    results = []
    for (county, year), items in groups.items():
        items.sort(key=lambda r: order[r["rule"]])
        awarded = [r for r in items if r["status"] == AWARDED]
        if len(awarded) > 1:
            raise DataError(f"{_where(awarded[0])} and {_where(awarded[1])}: {county} has two awarded rows for {year}, "
                            f"which measure 1 forbids (上述奖励政策不重复奖励)")
        if awarded:
            best = awarded[0]
            amount = Decimal(str(best["award"])).quantize(Decimal(1).scaleb(-policy.award_decimals))
            basis = t["awarded"].format(year=year, county=county, name=_rule_name(policy, best["rule"], lang),
                                        amount=_fmt_dec(amount, 2))
            others = [item_text(r) for r in items if r is not best]
            if others:
                basis += t["others"].format(items=t["sep"].join(others))
            category = next(k for k, c in CATEGORIES.items() if c.rule == best["rule"])
        else:
            best = min(items, key=lambda r: (rank_of(r), order[r["rule"]]))
            amount, category = Decimal(0), None
            basis = t["none"].format(year=year, county=county, items=t["sep"].join(item_text(r) for r in items))
        results.append({"county": county, "category": category, "year": year, "beneficiary": county,
                        "beneficiary_name": county, "measure": MEASURE, "rule": best["rule"], "award": amount,
                        "status": best["status"], "basis": basis + t["end"]})
    results.sort(key=lambda r: (r["year"], -r["award"], r["county"]))
    return pl.DataFrame({c: [r[c] for r in results] for c in FINAL_COLUMNS},
                        schema={c: _award_type(policy) if c == "award" else _TYPES[c] for c in FINAL_COLUMNS})
