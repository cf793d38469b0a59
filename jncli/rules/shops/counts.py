"""Pass 2 over the registry: ONE group-by keyed by the raw county text and the origin of a move, per period.

……集中推动开设一批网店，对当年新增网上店铺超过1000家的县（市、区）予以通报表扬。
……推动市内生产经营的企业将设在市外的网上店铺回迁，对当年迁入店铺纳统实物商品网络零售额列全市前3名的
县（市、区）予以通报表扬。
(新增网上店铺 = opened in the period; 迁入店铺 = moved in during the period from outside the city, with
its 纳统 online retail; also the shops closed and open at the end. Summed per period — the year, or
its 12 months — and checked: every shop has an opening date, none closes before it opened.)
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from jncli.rules.shops.common import _bad_rows, _column, _text


def _periods(year: int, by: str) -> list[tuple[int | None, dt.date, dt.date]]:
    """(label, first day, last day) of each output period: the year, or its 12 months."""
    if by == "year":
        return [(None, dt.date(year, 1, 1), dt.date(year, 12, 31))]
    ends = [dt.date(year, m + 1, 1) - dt.timedelta(days=1) for m in range(1, 12)] + [dt.date(year, 12, 31)]
    return [(m, dt.date(year, m, 1), ends[m - 1]) for m in range(1, 13)]


def _counts(lf: pl.LazyFrame, year: int, periods: list[tuple[int | None, dt.date, dt.date]]) -> pl.DataFrame:
    """ONE group-by over all rows, keyed by the raw county text and the origin of a move in the year
    (a few hundred groups), with conditional sums per period and the row-check counts."""
    o, c, m = pl.col("opened_on"), pl.col("closed_on"), pl.col("migrated_in_on")
    # the origin only matters for shops that moved in during the year; "" = moved in, origin empty
    origin = pl.when(m.is_between(dt.date(year, 1, 1), dt.date(year, 12, 31))).then(pl.col("origin_city").fill_null(""))
    aggs = [
        pl.len().alias("_shops"),
        o.is_null().sum().alias("_no_opening"),
        (c < o).sum().alias("_closed_before_opened"),
    ]
    for label, first, last in periods:
        moved = m.is_between(first, last)
        aggs += [
            o.is_between(first, last).sum().alias(_column("new_shops", label)),
            c.is_between(first, last).sum().alias(_column("closed_shops", label)),
            # open at the end of the period: opened by then and not closed on or before it
            ((o <= last) & ~(c <= last).fill_null(False)).sum().alias(_column("active_end", label)),
            moved.sum().alias(_column("migrated_in", label)),
            pl.col("online_retail")
            .filter(moved & pl.col("in_statistics"))
            .sum()
            .alias(_column("migrated_retail", label)),
        ]
    out = lf.group_by(pl.col("county").alias("_county"), origin.alias("_origin")).agg(aggs).collect()
    return out.with_columns(  # names as Categorical (`keys.compact`): as text, as everywhere else
        pl.col("_county", "_origin").cast(pl.String),
        pl.exclude("_county", "_origin", r"^migrated_retail.*$").cast(pl.Int64),
    )


def _subtract(counts: pl.DataFrame, extra: pl.DataFrame) -> pl.DataFrame:
    """counts − extra, group by group (the extra copies of duplicate rows)."""
    value_columns = [c for c in counts.columns if c not in ("_county", "_origin")]
    joined = counts.join(extra, on=["_county", "_origin"], how="left", nulls_equal=True, suffix="_x")
    return joined.select(
        "_county", "_origin", *[(pl.col(c) - pl.col(f"{c}_x").fill_null(0)).alias(c) for c in value_columns]
    )


def _group_names(counts: pl.DataFrame) -> pl.DataFrame:
    """The (county, origin) groups of raw text merged by the text as the reader conforms it (stripped;
    an empty county is missing; an empty origin stays "" = moved in, origin not given)."""
    return counts.group_by(
        _text(pl.col("_county")).alias("_county"), pl.col("_origin").str.strip_chars().alias("_origin")
    ).agg(pl.exclude("_county", "_origin").sum())


def _check_counts(lf: pl.LazyFrame, counts: pl.DataFrame) -> None:
    empty = counts["_no_opening"].sum()
    if empty:
        raise _bad_rows(
            lf, pl.col("opened_on").is_null(), empty, "opened_on", "empty, but every shop needs its opening date"
        )
    bad = counts["_closed_before_opened"].sum()
    if bad:
        raise _bad_rows(
            lf,
            pl.col("closed_on") < pl.col("opened_on"),
            bad,
            "closed_on",
            "{closed_on} is before opened_on {opened_on}",
        )


def _per_county(counts: pl.DataFrame, periods: list[tuple[int | None, dt.date, dt.date]]) -> pl.DataFrame:
    """Sum the (county, origin) groups per canonical county; moves count only from outside the city."""
    sums = [pl.col("_shops").sum()]
    for label, _, _ in periods:
        sums += [pl.col(_column(k, label)).sum() for k in ("new_shops", "closed_shops", "active_end")]
        sums += [
            pl.col(_column(k, label)).filter(pl.col("_from_outside")).sum() for k in ("migrated_in", "migrated_retail")
        ]
    return counts.group_by("county").agg(sums)
