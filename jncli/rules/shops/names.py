"""County names and origins as written → the policy's counties (on the few hundred groups, not the rows).

……集中推动开设一批网店，对当年新增网上店铺超过1000家的县（市、区）予以通报表扬。
……推动市内生产经营的企业将设在市外的网上店铺回迁，对当年迁入店铺纳统实物商品网络零售额列全市前3名的
县（市、区）予以通报表扬。
(The county-level units of the city are the policy's, names and aliases compared after stripping,
removing spaces and case folding, then retried with `canonical_county`; a shop elsewhere or with no
county is counted in the `(outside)` row; a move counts only when its origin is outside the city.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl

from jncli.policy import Policy, normalize_name
from jncli.rules import Said
from jncli.rules.shops.common import EXAMPLES, OUTSIDE


def _norm(e: pl.Expr) -> pl.Expr:
    # policy.normalize_name without NFKC (not in polars): strip, drop whitespace, case-fold.
    return e.str.strip_chars().str.replace_all(r"\s+", "").str.to_lowercase()


def _lookup(values: pl.Series, index: dict[str, str], exact: Callable[[str], str | None]) -> pl.DataFrame:
    """Distinct raw names → canonical value (null: no match): vectorised join, exact retry on misses."""
    raw = pl.DataFrame({"_raw": values.unique()})
    mapping = pl.DataFrame(
        {"_key": list(index), "_canon": list(index.values())}, schema={"_key": pl.String, "_canon": pl.String}
    )
    out = raw.with_columns(_norm(pl.col("_raw")).alias("_key")).join(mapping, on="_key", how="left").drop("_key")
    misses = out.filter(pl.col("_canon").is_null() & pl.col("_raw").is_not_null())["_raw"].to_list()
    retried = {v: exact(v) for v in misses}
    if any(retried.values()):
        exact_canon = pl.col("_raw").replace_strict(retried, default=None, return_dtype=pl.String)
        out = out.with_columns(pl.col("_canon").fill_null(exact_canon))
    return out


def _canonicalise(raw: pl.DataFrame, policy: Policy, from_city: Sequence[str]) -> pl.DataFrame:
    """Adds `county` (canonical or OUTSIDE) and `_from_outside` (origin of a move is outside the city)."""
    counties = _lookup(raw["_county"], policy.county_index(), policy.canonical_county).rename(
        {"_raw": "_county", "_canon": "county"}
    )
    city = {normalize_name(n) for n in (policy.city_name, *policy.city_aliases, *from_city)}
    inside_index = {**{k: "in" for k in policy.county_index()}, **{k: "in" for k in city}}

    def inside(name: str) -> str | None:
        return "in" if policy.canonical_county(name) or normalize_name(name) in city else None

    origins = _lookup(raw["_origin"], inside_index, inside).rename({"_raw": "_origin", "_canon": "_inside"})
    return (
        raw.join(counties, on="_county", how="left", nulls_equal=True)
        .join(origins, on="_origin", how="left", nulls_equal=True)
        .with_columns(
            pl.col("county").fill_null(OUTSIDE),
            (pl.col("_origin").is_not_null() & pl.col("_inside").is_null()).alias("_from_outside"),
        )
    )


def _county_order(policy: Policy) -> dict[str, int]:
    order = {c.name: i for i, c in enumerate(policy.counties)}
    order[OUTSIDE] = len(order)
    return order


def _outside_warning(raw: pl.DataFrame, policy: Policy) -> list[str]:
    """Shops whose county is outside the city or empty: counted in the (outside) row, named in a warning."""
    outside = raw.filter(pl.col("county") == OUTSIDE)
    if not outside.height:
        return []
    top = (
        outside.group_by("_county")
        .agg(pl.col("_shops").sum())
        .sort("_shops", "_county", descending=[True, False])
        .head(EXAMPLES)
        .rows()
    )
    shown = ", ".join(f"{name if name is not None else '(empty)'} ×{n}" for name, n in top)
    shown_zh = ", ".join(f"{name if name is not None else '（空）'} ×{n}" for name, n in top)
    total = outside["_shops"].sum()
    more = ", …" if outside["_county"].n_unique() > EXAMPLES else ""
    return [
        Said(
            f"{total} shop{'s' if total > 1 else ''} with a county outside {policy.city_name} or empty "
            f"({shown}{more}) counted in the {OUTSIDE} row",
            f"{total}家店铺的县（市、区）不在{policy.city_name}范围内或为空（{shown_zh}{more}），计入“{OUTSIDE}”行",
        )
    ]
