"""Step 2 over the registry: the counts per raw county text and origin of a move, per period (two group-bys).

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
    """The counts per group of rows, a group being a raw county text and the origin of a move in the year
    (a few hundred groups), with conditional sums per period and the row-check counts. Two group-bys:

    - every row, by its county alone (origin null): the shops, the row checks, new, closed and active;
    - the rows that moved in during the year (a few per cent), by county and origin: the moves and their
      纳统 retail, every other count 0 (each period lies in the year, so its moves are among these rows).

    Summed per county, as the callers do, that is one group-by by (county, origin) over every row. Grouping
    every row by the origin too (an expression key), or summing the money under a row filter there, is not
    streamed by polars: it held the counted columns of every row in memory (+0.15–0.4 GB on 10 M shops, the
    command's peak) and cost more CPU than the two group-bys."""
    o, c, m = pl.col("opened_on"), pl.col("closed_on"), pl.col("migrated_in_on")
    aggs = [
        pl.len().alias("_shops"),
        o.is_null().sum().alias("_no_opening"),
        (c < o).sum().alias("_closed_before_opened"),
    ]
    moves = []
    for label, first, last in periods:
        moved = m.is_between(first, last)
        aggs += [
            o.is_between(first, last).sum().alias(_column("new_shops", label)),
            c.is_between(first, last).sum().alias(_column("closed_shops", label)),
            # open at the end of the period: opened by then and not closed on or before it
            ((o <= last) & ~(c <= last).fill_null(False)).sum().alias(_column("active_end", label)),
        ]
        moves += [
            moved.sum().alias(_column("migrated_in", label)),
            pl.when(moved & pl.col("in_statistics"))
            .then(pl.col("online_retail"))
            .sum()
            .alias(_column("migrated_retail", label)),
        ]
    every = lf.group_by(pl.col("county").alias("_county")).agg(aggs).collect()
    # the origin only matters for shops that moved in during the year; "" = moved in, origin empty
    origin = pl.col("origin_city").fill_null("").alias("_origin")
    moved = (
        lf.filter(m.is_between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        .group_by(pl.col("county").alias("_county"), origin)
        .agg(moves)
        .collect()
    )
    dtypes = every.schema | moved.schema
    names = [a.meta.output_name() for a in aggs[:3]] + [
        _column(k, label)
        for label, _, _ in periods
        for k in ("new_shops", "closed_shops", "active_end", "migrated_in", "migrated_retail")
    ]
    zero = {c: pl.lit(0, dtypes[c]) for c in names}
    out = pl.concat(
        [
            every.with_columns(pl.lit(None, moved.schema["_origin"]).alias("_origin"), *_absent(every, zero)),
            moved.with_columns(*_absent(moved, zero)),
        ],
        how="diagonal",
    ).select("_county", "_origin", *zero)
    return out.with_columns(  # names as Categorical (`keys.compact`): as text, as everywhere else
        pl.col("_county", "_origin").cast(pl.String),
        pl.exclude("_county", "_origin", r"^migrated_retail.*$").cast(pl.Int64),
    )


def _absent(frame: pl.DataFrame, zero: dict[str, pl.Expr]) -> list[pl.Expr]:
    """0 for each count the other group-by of `_counts` makes."""
    return [z.alias(c) for c, z in zero.items() if c not in frame.columns]


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
