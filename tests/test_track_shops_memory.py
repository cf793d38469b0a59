"""track-shops' passes over the rows in bounded memory (issue 18, branch pqrss6): the count's two group-bys
and the key check's sorted hashes against the one group-by and the in-query sort they replaced, and the
command's peak memory on a registry of a million rows.

The replaced forms are kept here as references: the new ones must give their answers on any registry.
"""

from __future__ import annotations

import datetime as dt
import resource
import subprocess
import sys
from decimal import Decimal

import polars as pl
import pytest
from conftest import jncli_env
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_track_shops import SCHEMA  # the registry's conformed dtypes, as the rule sees them

from jncli.policy import load_policy
from jncli.rules.shops import keys as keys_module
from jncli.rules.shops import measure as measure_module
from jncli.rules.shops import track_shops
from jncli.rules.shops.common import _column

D = dt.date
POLICY = load_policy()


def _one_group_by(lf: pl.LazyFrame, year: int, periods) -> pl.DataFrame:
    """`counts._counts` as it was before branch pqrss6: ONE group-by of every row by (county, origin)."""
    o, c, m = pl.col("opened_on"), pl.col("closed_on"), pl.col("migrated_in_on")
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
            ((o <= last) & ~(c <= last).fill_null(False)).sum().alias(_column("active_end", label)),
            moved.sum().alias(_column("migrated_in", label)),
            pl.col("online_retail")
            .filter(moved & pl.col("in_statistics"))
            .sum()
            .alias(_column("migrated_retail", label)),
        ]
    out = lf.group_by(pl.col("county").alias("_county"), origin.alias("_origin")).agg(aggs).collect()
    return out.with_columns(
        pl.col("_county", "_origin").cast(pl.String),
        pl.exclude("_county", "_origin", r"^migrated_retail.*$").cast(pl.Int64),
    )


def _sorted_in_the_query(hashed: pl.LazyFrame) -> pl.DataFrame:
    """`keys._repeated` as it was before branch pqrss6."""
    hk = pl.col("_hk")
    return hashed.select(hk.sort()).filter((hk == hk.shift(1)) | (hk == 0)).unique().collect()


dates = st.one_of(st.none(), st.dates(min_value=D(2022, 11, 1), max_value=D(2024, 2, 1)))
# raw county texts and origins as the rule may get them (`SELF_NORMALISED`: padded, empty, aliases, elsewhere)
COUNTIES = ["任城区", " 任城区", "兖州", "济南市", "", "  ", None, "梁山县", "高新区"]
ORIGINS = [None, "", " ", "杭州市", "济宁市", " 济宁 ", "任城区", "上海市 "]


@st.composite
def registries(draw, copies: bool = False):
    n = draw(st.integers(0, 30))
    rows = []
    for i in range(n):
        opened = draw(st.dates(min_value=D(2021, 11, 1), max_value=D(2024, 2, 1)))
        closed = draw(dates)
        if rare := draw(st.integers(0, 60)) == 0:  # now and then a row the count refuses
            opened = None
        rows.append(
            {
                "platform": draw(st.sampled_from(["淘宝", "京东"])),
                "shop_id": f"S{draw(st.integers(0, 40)) if copies else i}",
                "county": draw(st.sampled_from(COUNTIES)),
                "opened_on": opened,
                "migrated_in_on": draw(dates),
                "origin_city": draw(st.sampled_from(ORIGINS)),
                "closed_on": closed if rare or closed is None or closed >= opened else opened,
                "in_statistics": draw(st.booleans()),
                "online_retail": draw(st.sampled_from([None, "0", "1.5", "20", "0.000001", "-3.25"])),
                "_source": "shops.csv",
                "_row": i + 2,
            }
        )
    for r in rows:
        if r["online_retail"] is not None:
            r["online_retail"] = Decimal(r["online_retail"])
    return pl.DataFrame(rows, schema=SCHEMA)


def _outcome(frame: pl.DataFrame, year: int, by: str):
    from jncli.errors import DataError

    try:
        res = track_shops(frame, POLICY, year=year, by=by)
    except DataError as e:
        return ("error", e.line())
    return (res.table.to_dicts(), [str(w) for w in res.warnings], [str(n) for n in res.notes])


@settings(max_examples=150, deadline=None)
@given(registries(), st.sampled_from([2022, 2023, 2024]), st.sampled_from(["year", "month"]))
@example(pl.DataFrame(schema=SCHEMA), 2023, "year")
def test_the_two_group_bys_give_the_one_group_bys_answer(frame, year, by):
    # Every count, every sum of money (the 纳统 moves of the year and of each month), the outside warning and
    # the row checks, with padded and empty county names and origins: as from the one group-by.
    new = _outcome(frame, year, by)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(measure_module, "_counts", _one_group_by)
        old = _outcome(frame, year, by)
    assert new == old


@settings(max_examples=60, deadline=None)
@given(registries(copies=True), st.sampled_from(["year", "month"]))
def test_copies_subtracted_from_the_two_group_bys_as_from_the_one(frame, by):
    # Exact copies are counted by the same `_counts` and subtracted group by group; conflicts are refused.
    frame = pl.concat([frame, frame.head(3).with_columns(pl.col("_row") + 1000)])
    new = _outcome(frame, 2023, by)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(measure_module, "_counts", _one_group_by)
        old = _outcome(frame, 2023, by)
    assert new == old


def test_the_counts_are_exact_on_a_hand_worked_registry():
    # 任城区: S0 opened 2023-03-01 and moved in 2023-05-01 from 杭州市, 纳统, 2.5 万元; S1 moved in 2023-07-01
    # from 济宁市 (inside: not counted), 纳统, 4; S2 moved in 2023-08-01 from 上海市, not 纳统, 9; S3 moved in
    # 2022 (not this year), 纳统, 100. migrated_in = 2 (S0, S2; S1 is from inside), migrated_retail = 2.5.
    rows = [
        ("S0", D(2023, 3, 1), D(2023, 5, 1), "杭州市", True, "2.5"),
        ("S1", D(2021, 3, 1), D(2023, 7, 1), "济宁市", True, "4"),
        ("S2", D(2021, 3, 1), D(2023, 8, 1), "上海市", False, "9"),
        ("S3", D(2021, 3, 1), D(2022, 8, 1), "上海市", True, "100"),
    ]
    frame = pl.DataFrame(
        [
            {
                "platform": "淘宝",
                "shop_id": s,
                "county": "任城区",
                "opened_on": o,
                "migrated_in_on": m,
                "origin_city": c,
                "closed_on": None,
                "in_statistics": st_,
                "online_retail": Decimal(r),
                "_source": "shops.csv",
                "_row": i + 2,
            }
            for i, (s, o, m, c, st_, r) in enumerate(rows)
        ],
        schema=SCHEMA,
    )
    got = [r for r in track_shops(frame, POLICY, year=2023).table.to_dicts() if r["county"] == "任城区"][0]
    assert (got["new_shops"], got["migrated_in"], got["migrated_retail"]) == (1, 2, Decimal("2.5"))
    assert got["active_end"] == 4


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.just(0), st.integers(1, 6), st.integers(0, 2**64 - 1)), max_size=60))
@example([])
@example([0])
@example([2**64 - 1, 2**64 - 1, 0, 0])
def test_repeated_hashes_from_the_sorted_slices_as_from_the_sort_in_the_query(hashes):
    # The hashes that repeat, and 0 when any row hashes to 0: what the key check looks at closely.
    lf = pl.LazyFrame({"_hk": pl.Series(hashes, dtype=pl.UInt64)})
    new = keys_module._repeated(lf)
    assert new.schema == {"_hk": pl.UInt64}
    assert sorted(new["_hk"].to_list()) == sorted(_sorted_in_the_query(lf)["_hk"].to_list())


# ----------------------------------------------------------------------------- the command's peak memory
ROWS = 4_000_000


def _registry_parquet(path, rows: int) -> None:
    """A registry as `jncli samples` writes it (是/否 text, 2-decimal money), built by polars in a second."""
    i = pl.int_range(0, rows, dtype=pl.Int64)
    counties = pl.Series(["任城区", "兖州区", "曲阜市", "邹城市", "微山县", "鱼台县", "金乡县", "嘉祥县", "菏泽市"])
    pl.LazyFrame({"n": [0]}).select(i.alias("i")).select(
        pl.when(pl.col("i") % 3 == 0).then(pl.lit("淘宝")).otherwise(pl.lit("京东")).alias("platform"),
        pl.lit(counties).gather(pl.col("i") % counties.len()).alias("county"),
        (pl.lit(D(2021, 1, 1)) + pl.duration(days=pl.col("i") % 1000)).alias("opened_on"),
        pl.when(pl.col("i") % 20 == 0)
        .then(pl.lit(D(2023, 1, 1)) + pl.duration(days=pl.col("i") % 365))
        .alias("migrated_in_on"),
        pl.when(pl.col("i") % 20 == 0).then(pl.lit("杭州市")).alias("origin_city"),
        pl.when(pl.col("i") % 7 == 0)
        .then(pl.lit(D(2024, 1, 1)) + pl.duration(days=pl.col("i") % 300))
        .alias("closed_on"),
        pl.when(pl.col("i") % 2 == 0).then(pl.lit("是")).otherwise(pl.lit("否")).alias("in_statistics"),
        ((pl.col("i") % 10_000).cast(pl.Decimal(38, 2)) / 100).cast(pl.Decimal(38, 2)).alias("online_retail"),
        pl.format("SHOP{}X{}", pl.col("i") * 7919 % 1_000_003, pl.col("i")).alias("shop_id"),
    ).sink_parquet(path, row_group_size=100_000)


# Started from a small parent of its own: a child's peak counts the memory of the process that forked it
# (Linux copies the parent's high-water mark into the child), and this test's process holds polars and data.
_WAIT = (
    "import os, subprocess, sys; p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, "
    "stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL); _, status, usage = os.wait4(p.pid, 0); "
    "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)"
)


def _peak_mb(jncli, *args: str) -> float:
    """The peak resident memory of one `jncli` process (its own rusage, from `wait4`)."""
    out = subprocess.run(
        [sys.executable, "-c", _WAIT, jncli.binary, *args],
        env=jncli_env(),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout.split()
    assert out[0] == "0", args
    return int(out[1]) / 1024  # kB on Linux


@pytest.mark.skipif(resource.getpagesize() != 4096, reason="peak memory calibrated on Linux with 4 kB pages")
def test_track_shops_on_four_million_shops_holds_little_more_than_the_key_hashes(jncli, tmp_path):
    # Beyond a run on 3 shops (interpreter, polars, jncli), track-shops on 4 M shops (a Parquet as `jncli
    # samples` writes it) needs the key check's 64-bit hashes and their sorted copy (2 × 32 MB), the streamed
    # passes' buffers and what the allocator keeps from one pass to the next. Before branch pqrss6 the count's
    # one group-by held every row's counted columns, and the check of 是/否 the whole column: measured on
    # this registry, +200–250 MB before, +105–130 MB after (2 cores, load 10–20).
    big, small = tmp_path / "big.parquet", tmp_path / "small.parquet"
    _registry_parquet(big, ROWS)
    _registry_parquet(small, 3)
    base = min(
        _peak_mb(jncli, "track-shops", str(small), "--year", "2023", "-o", str(tmp_path / "s.csv")) for _ in range(2)
    )
    peak = min(
        _peak_mb(jncli, "track-shops", str(big), "--year", "2023", "-o", str(tmp_path / "b.csv")) for _ in range(2)
    )
    assert peak - base < 160, (base, peak)
