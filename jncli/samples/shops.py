"""The measure-4 input of `jncli samples`: the shop registry (shops.csv or shops.parquet), streamed.

The registry can be large (`--shops 10000000`), so it is never held in memory: rows are computed from
their index alone, by a pure integer hash of (seed, stream, row index) — splitmix64 written as polars
UInt64 arithmetic (`_hash`, checked against the plain-Python `hash_py`) — and a polars IO source yields
the indices in batches of `BATCH` rows. The same seed thus gives byte-identical files whatever the batch
size, and a shorter registry is a prefix of a longer one.

The shares are chosen so that the measures have something to decide: more shops open each later year;
the first unit of the policy holds most shops, so that at the default 3000 it alone passes the measure-4
threshold in the last year; some shops sit outside the city or have no county; 6 % migrated in (回迁)
from cities elsewhere, from the city itself or from one of its units; 12 % closed; 纳统 is 是 / 否 /
empty; last year's sales are a product of three uniforms (many small shops, a few big ones). Shop ids
are unique 11-digit strings with leading zeros, shuffled so that consecutive rows do not get evenly
spaced ids.
"""

from __future__ import annotations

import datetime as dt
import random

import polars as pl

from jncli.policy import Policy
from jncli.samples.common import MONEY, OUTSIDE, sample_years

# Cities a shop may migrate from (回迁); a share of migrations instead come from inside the city.
ORIGIN_CITIES = ("杭州市", "广州市", "深圳市", "上海市", "北京市", "临沂市", "义乌市", "苏州市")
PLATFORMS = ("淘宝", "天猫", "京东", "拼多多", "抖音", "快手")
PLATFORM_WEIGHTS = (28, 14, 12, 20, 18, 8)  # percent

M64 = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_STREAM = 0xD1B54A32D192ED03
_MIX1, _MIX2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB


def _splitmix_py(z: int) -> int:
    z &= M64
    z = ((z ^ (z >> 30)) * _MIX1) & M64
    z = ((z ^ (z >> 27)) * _MIX2) & M64
    return z ^ (z >> 31)


def _key(seed: int, stream: int) -> int:
    return _splitmix_py((seed & M64) ^ ((stream * _STREAM) & M64))


def hash_py(seed: int, stream: int, index: int) -> int:
    """Reference of `_hash` in plain Python (the tests compare the two)."""
    return _splitmix_py(index * _GOLDEN + _key(seed, stream))


def _u(x: int) -> pl.Expr:
    return pl.lit(x & M64, dtype=pl.UInt64)


def _hash(index: pl.Expr, seed: int, stream: int) -> pl.Expr:
    """splitmix64(index·φ + key(seed, stream)) in UInt64 arithmetic: polars multiplies with wrap-around
    and `// 2^k` is a right shift, so every row's value depends only on (seed, stream, index)."""
    z = index * _u(_GOLDEN) + _u(_key(seed, stream))
    z = (z ^ (z // _u(1 << 30))) * _u(_MIX1)
    z = (z ^ (z // _u(1 << 27))) * _u(_MIX2)
    return z ^ (z // _u(1 << 31))


def _bucket(r: pl.Expr, weights: list[int]) -> pl.Expr:
    """Index of the weight bucket `r` (uniform in 0..sum-1) falls in."""
    edges, acc = [], 0
    for w in weights[:-1]:
        acc += w
        edges.append(acc)
    if not edges:
        return pl.lit(0, dtype=pl.UInt32)
    return pl.sum_horizontal([(r >= _u(e)).cast(pl.UInt32) for e in edges])


def _pick(index: pl.Expr, values: list, dtype: pl.DataType = pl.String) -> pl.Expr:
    """values[index] (None past the end). A when/then chain, not replace_strict: that one is not
    streamed and would hold the whole column in memory."""
    expr = pl.when(index == 0).then(pl.lit(values[0], dtype=dtype))
    for k, v in enumerate(values[1:], start=1):
        expr = expr.when(index == k).then(pl.lit(v, dtype=dtype))
    return expr.otherwise(pl.lit(None, dtype=dtype))


SHOP_COLUMNS = (
    "platform",
    "county",
    "opened_on",
    "migrated_in_on",
    "origin_city",
    "closed_on",
    "in_statistics",
    "online_retail",
    "shop_id",
)  # shop_id last: the last column is never empty
_EPOCH = dt.date(1970, 1, 1)
_ID_MULT = 3_141_592_653  # odd and not a multiple of 5: i ↦ i·m + c is a bijection mod 10^11 (unique ids)
_ID_WIDTH = 11
_ID_SPACE = 10**_ID_WIDTH
_ID_DIGITS = (7, 2, 9, 0, 5, 10, 3, 8, 1, 6, 4)  # digit k of the affine value goes to position _ID_DIGITS[k]
BATCH = 100_000
MAX_SHOPS = 10**9  # i·_ID_MULT stays below 2^64 and ids stay unique


def shop_weights(seed: int, policy: Policy) -> tuple[list[str | None], list[int]]:
    """County of a shop: names (policy units, outside places, None = empty) and weights in basis points.

    The first unit of the policy list holds most shops so that, at the default 3000 shops, it opens more
    than the measure-4 threshold in the last year while every other unit stays below it."""
    rng = random.Random(f"jncli-samples:{seed}:shop-weights")
    names: list[str | None] = [c.name for c in policy.counties] + [o[0] for o in OUTSIDE] + [None]
    outside = [150, 60, 60]
    leader = 6300
    rest = 10_000 - leader - sum(outside)
    raw = [rng.uniform(1.5, 3.0) if c.kind == "county" else rng.uniform(0.6, 1.2) for c in policy.counties[1:]]
    others = [int(rest * x / sum(raw)) for x in raw]
    others[0] += rest - sum(others)
    return names, [leader, *others, *outside]


def shops_lazy(seed: int, n: int, policy: Policy) -> pl.LazyFrame:
    """The shop registry, `n` rows, as a streaming LazyFrame (batches of row indices → expressions)."""
    from polars.io.plugins import register_io_source

    def source(with_columns, predicate, n_rows, batch_size):
        stop = n if n_rows is None else min(n, n_rows)
        for lo in range(0, stop, BATCH):
            batch = pl.select(i=pl.int_range(lo, min(lo + BATCH, stop), dtype=pl.UInt64))
            yield batch.filter(predicate) if predicate is not None else batch

    index = register_io_source(source, schema={"i": pl.UInt64}, is_pure=True, explain_name="jncli samples shops")
    return index.select(shop_columns(pl.col("i"), seed, policy))


def shop_columns(i: pl.Expr, seed: int, policy: Policy) -> list[pl.Expr]:
    """Expressions computing every shop column from the row index `i` (UInt64)."""
    years = sample_years(policy)
    last_day = dt.date(years[-1], 12, 31)
    last_year_start = dt.date(years[-1], 1, 1)
    end = (last_day - _EPOCH).days

    def h(stream: int) -> pl.Expr:
        return _hash(i, seed, stream)

    def pct(stream: int) -> pl.Expr:
        return h(stream) % _u(100)

    def days(x: pl.Expr) -> pl.Expr:
        return x.cast(pl.Int32).cast(pl.Date)

    # Opening year: more shops each year (15 % / 25 % / 60 % for three years), then a day within it.
    year_weights = [15, 25, 60] if len(years) == 3 else [1] * len(years)
    year_idx = _bucket(h(2) % _u(sum(year_weights)), year_weights)
    year_start = _pick(year_idx, [(dt.date(y, 1, 1) - _EPOCH).days for y in years], pl.Int64)
    year_len = _pick(year_idx, [(dt.date(y + 1, 1, 1) - dt.date(y, 1, 1)).days for y in years], pl.Int64)
    opened = year_start + (h(3) % year_len.cast(pl.UInt64)).cast(pl.Int64)
    # 6 % migrated in, on or after opening; 12 % closed after opening (and after migrating in).
    migrated = pct(6) < _u(6)
    migrated_on = pl.when(migrated).then(opened + (h(7) % (_u(end) - opened.cast(pl.UInt64) + _u(1))).cast(pl.Int64))
    since = pl.coalesce(migrated_on, opened)
    closed_on = pl.when((pct(4) < _u(12)) & (since < end)).then(
        since + 1 + (h(5) % (_u(end) - since.cast(pl.UInt64))).cast(pl.Int64)
    )
    # Origin: outside cities (60 %), the city itself (15 %), a unit of the city (13 %), empty (12 %).
    units = [c.name for c in policy.counties]
    origin_kind = pct(8)
    origin = (
        pl.when(~migrated)
        .then(pl.lit(None, dtype=pl.String))
        .when(origin_kind < _u(60))
        .then(_pick(h(9) % _u(len(ORIGIN_CITIES)), list(ORIGIN_CITIES)))
        .when(origin_kind < _u(75))
        .then(pl.lit(policy.city_name))
        .when(origin_kind < _u(88))
        .then(_pick(h(9) % _u(len(units)), units))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    names, weights = shop_weights(seed, policy)
    county = _pick(_bucket(h(1) % _u(sum(weights)), weights), names)
    platform = _pick(_bucket(h(0) % _u(sum(PLATFORM_WEIGHTS)), list(PLATFORM_WEIGHTS)), list(PLATFORMS))
    stats_pct = pct(10)
    in_statistics = (
        pl.when(stats_pct < pl.when(migrated).then(_u(55)).otherwise(_u(25)))
        .then(pl.lit("是"))
        .when(stats_pct < _u(98))
        .then(pl.lit("否"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )  # 2 % left empty (= 否)
    # Last year's sales in 万元: a product of three uniforms (many small shops, few big), in cents of 万元;
    # migrated shops sell more; shops closed before the last year and 3 % of the rest report nothing.
    r = h(11)
    cents = ((r % _u(1000)) * ((r // _u(1 << 20)) % _u(1000)) * ((r // _u(1 << 40)) % _u(1000))) // _u(50_000)
    cents = pl.when(migrated).then(cents * _u(5)).otherwise(cents)
    last_start = (last_year_start - _EPOCH).days
    online_retail = (
        pl.when(closed_on.is_not_null() & (closed_on < last_start))
        .then(None)
        .when(pct(12) < _u(3))
        .then(None)
        .otherwise(cents.cast(MONEY) / pl.lit(100, dtype=pl.Decimal(38, 0)))
    )
    # Unique 11-digit ids (leading zeros kept as text): an affine bijection mod 10^11, then its digits
    # shuffled (another bijection) so that consecutive rows do not get evenly spaced ids.
    affine = (i * _u(_ID_MULT) + _u(_key(seed, 13) % _ID_SPACE)) % _u(_ID_SPACE)
    shop_id = pl.sum_horizontal([(affine // _u(10**k)) % _u(10) * _u(10**p) for k, p in enumerate(_ID_DIGITS)])
    shop_id = shop_id.cast(pl.String).str.zfill(_ID_WIDTH)
    out = {
        "platform": platform,
        "county": county,
        "opened_on": days(opened),
        "migrated_in_on": days(migrated_on),
        "origin_city": origin,
        "closed_on": days(closed_on),
        "in_statistics": in_statistics,
        "online_retail": online_retail.cast(MONEY),
        "shop_id": shop_id,
    }
    return [out[c].alias(c) for c in SHOP_COLUMNS]
