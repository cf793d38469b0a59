"""Measure 4 (第四条 壮大网上店铺规模), `track-shops`: hand-worked cases from the policy text and RULES.md §4.

    对当年新增网上店铺超过1000家的县（市、区）予以通报表扬。……对当年迁入店铺纳统实物商品网络零售额列全市
    前3名的县（市、区）予以通报表扬。

Each golden case states its arithmetic in a comment. Rule-level tests build conformed frames in code;
the CLI tests at the end run real processes (pipes, several files, Chinese headers, date forms).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jncli.errors import DataError, UsageError
from jncli.policy import load_policy
from jncli.rules import shops as S
from jncli.rules.shops import OUTSIDE, track_shops

D = dt.date
POLICY = load_policy()
ROOT = Path(__file__).resolve().parents[1]

SCHEMA = {
    "platform": pl.String,
    "shop_id": pl.String,
    "county": pl.String,
    "opened_on": pl.Date,
    "migrated_in_on": pl.Date,
    "origin_city": pl.String,
    "closed_on": pl.Date,
    "in_statistics": pl.Boolean,
    "online_retail": pl.Decimal(38, 6),
    "_source": pl.String,
    "_row": pl.Int64,
}


def registry(*rows: dict, source: str = "shops.csv") -> pl.DataFrame:
    """A conformed shop registry: every column present, row numbers as the reader gives them."""
    full = []
    for i, r in enumerate(rows):
        full.append(
            {
                "platform": "淘宝",
                "shop_id": f"S{i}",
                "county": "任城区",
                "opened_on": D(2020, 1, 1),
                "migrated_in_on": None,
                "origin_city": None,
                "closed_on": None,
                "in_statistics": False,
                "online_retail": None,
                "_source": source,
                "_row": i + 2,
                **r,
            }
        )
    for r in full:
        if r["online_retail"] is not None:
            r["online_retail"] = Decimal(str(r["online_retail"]))
    return pl.DataFrame(full, schema=SCHEMA)


def moved(county: str, retail, *, when=dt.date(2023, 6, 1), origin="杭州市", stats=True) -> dict:
    return {
        "county": county,
        "migrated_in_on": when,
        "origin_city": origin,
        "in_statistics": stats,
        "online_retail": retail,
    }


def _besides_no_new_shops(result) -> list:
    """The warnings but the one a registry with no shop opened in the year gives (`registry` opens shops in 2020)."""
    return [w for w in result.warnings if not str(w).startswith("no shop opened in ")]


def row(result, county: str, rule: str = S.NEWSHOPS) -> dict:
    hits = [r for r in result.table.to_dicts() if r["county"] == county and r["rule"] == rule]
    assert len(hits) == 1, (county, rule, result.table)
    return hits[0]


# ------------------------------------------------------------------ counting
def test_year_boundaries_dec31_jan1():
    # Y = 2023 runs from 2023-01-01 to 2023-12-31 inclusive.
    res = track_shops(
        registry(
            {"opened_on": D(2022, 12, 31)},  # a: opened last year, active
            {"opened_on": D(2023, 1, 1)},  # b: new, active
            {"opened_on": D(2023, 12, 31)},  # c: new, active (opened on Dec 31)
            {"opened_on": D(2024, 1, 1)},  # d: next year: not new, not active
            {"opened_on": D(2021, 5, 1), "closed_on": D(2023, 12, 31)},  # e: closed in Y → not active at end
            {"opened_on": D(2021, 5, 1), "closed_on": D(2024, 1, 1)},  # f: closed next year → still active
            {"opened_on": D(2021, 5, 1), "closed_on": D(2022, 12, 31)},  # g: closed last year
        ),
        POLICY,
        year=2023,
    )
    r = row(res, "任城区")
    assert r["new_shops"] == 2  # b, c
    assert r["closed_shops"] == 1  # e
    assert r["active_end"] == 4  # a, b, c, f
    # moves on Dec 31 of last year and Jan 1 of next year are not in 2023; Jan 1 and Dec 31 are.
    res = track_shops(
        registry(
            moved("任城区", 1, when=D(2022, 12, 31)),
            moved("任城区", 2, when=D(2023, 1, 1)),
            moved("任城区", 4, when=D(2023, 12, 31)),
            moved("任城区", 8, when=D(2024, 1, 1)),
        ),
        POLICY,
        year=2023,
    )
    r = row(res, "任城区", S.MIGRATED)
    assert (r["migrated_in"], r["migrated_retail"]) == (2, Decimal("6"))  # 2 + 4


def test_exactly_1000_is_not_more_than_1000_but_1001_is():
    assert POLICY.m4_newshops_more_than == 1000  # 超过1000家: strictly more
    rows = [{"county": "任城区", "opened_on": D(2023, 3, 1)}] * 1000 + [
        {"county": "兖州区", "opened_on": D(2023, 3, 1)}
    ] * 1001
    res = track_shops(registry(*rows), POLICY, year=2023)
    assert (row(res, "任城区")["new_shops"], row(res, "任城区")["status"]) == (1000, "ineligible")
    assert (row(res, "兖州区")["new_shops"], row(res, "兖州区")["status"]) == (1001, "commended")
    assert "1001" in row(res, "兖州区")["basis"] and "超过1000家" in row(res, "兖州区")["basis"]


def test_a_shop_that_opens_and_closes_in_the_same_year():
    # opened 2023-03-01, closed 2023-10-01: new 1, closed 1, not open at the end of the year.
    res = track_shops(registry({"opened_on": D(2023, 3, 1), "closed_on": D(2023, 10, 1)}), POLICY, year=2023)
    r = row(res, "任城区")
    assert (r["new_shops"], r["closed_shops"], r["active_end"]) == (1, 1, 0)
    # opened and closed on the same day is allowed too (not before)
    res = track_shops(registry({"opened_on": D(2023, 3, 1), "closed_on": D(2023, 3, 1)}), POLICY, year=2023)
    assert row(res, "任城区")["active_end"] == 0


def test_migrated_shop_without_in_statistics_counts_as_moved_but_not_in_the_retail():
    # two moves into 任城区 from 杭州市: 100 万元 纳统, 50 万元 not 纳统 → migrated_in 2, migrated_retail 100;
    # a 纳统 move with empty online_retail counts 0.
    res = track_shops(
        registry(moved("任城区", 100), moved("任城区", 50, stats=False), moved("任城区", None)), POLICY, year=2023
    )
    r = row(res, "任城区", S.MIGRATED)
    assert (r["migrated_in"], r["migrated_retail"]) == (3, Decimal("100"))
    assert r["status"] == "commended" and r["rank"] == 1


def test_moves_from_inside_the_city_do_not_count_and_an_empty_origin_counts_as_outside():
    res = track_shops(
        registry(
            moved("任城区", 1, origin="兖州区"),  # another Jining county: inside
            moved("任城区", 2, origin="济宁市"),  # the city itself
            moved("任城区", 4, origin=" 济宁 "),  # an alias of the city, with spaces
            moved("任城区", 8, origin="高新区"),  # a zone alias
            moved("任城区", 16, origin=None),  # empty: counts as outside (回迁 means from outside)
            moved("任城区", 32, origin="杭州市"),  # outside
        ),
        POLICY,
        year=2023,
    )
    r = row(res, "任城区", S.MIGRATED)
    assert (r["migrated_in"], r["migrated_retail"]) == (2, Decimal("48"))  # 16 + 32


def test_from_city_adds_names_of_the_city_itself():
    frame = registry(moved("任城区", 5, origin="济宁市区"), moved("任城区", 7, origin="杭州市"))
    assert row(track_shops(frame, POLICY, year=2023), "任城区", S.MIGRATED)["migrated_retail"] == Decimal("12")
    res = track_shops(frame, POLICY, year=2023, from_city=["济宁市区"])
    assert row(res, "任城区", S.MIGRATED)["migrated_retail"] == Decimal("7")


def test_the_province_in_front_of_the_city_is_inside():
    # 山东省济宁市 and 山东省济宁市曲阜市 are aliases in the policy: moves from there are not from outside
    frame = registry(
        moved("任城区", 5, origin="山东省济宁市"),
        moved("任城区", 3, origin="山东省济宁市曲阜市"),
        moved("任城区", 7, origin="杭州市"),
    )
    assert row(track_shops(frame, POLICY, year=2023), "任城区", S.MIGRATED)["migrated_retail"] == Decimal("7")


def test_county_aliases_spaces_and_fullwidth_forms_are_canonicalised():
    # 高新区 (alias), " 兖 州 " (spaces), 任城 (alias), ⾼新区 with the Kangxi radical ⾼ (U+2FBC, NFKC → 高).
    res = track_shops(
        registry({"county": "高新区"}, {"county": " 兖 州 "}, {"county": "任城"}, {"county": "\u2fbc新区"}),
        POLICY,
        year=2023,
    )
    assert set(res.table["county"]) == {"济宁高新区", "兖州区", "任城区"}
    assert row(res, "济宁高新区")["active_end"] == 2
    assert not _besides_no_new_shops(res)  # the registry's shops opened in 2020: none new in 2023


# ------------------------------------------------------------------ m4.migrated ranking
def test_ties_for_third_place_set_tie_at_boundary():
    # migrated_retail: 曲阜市 50, 邹城市 40, 嘉祥县 30, 金乡县 30, 微山县 10, 鱼台县 0.
    # Sorted desc then by name (code points: 嘉 U+5609 < 金 U+91D1): 3rd 嘉祥县, 4th 金乡县 → the tie
    # straddles the top-3 line: both flagged, a warning; 嘉祥县 commended, 金乡县 not_ranked.
    res = track_shops(
        registry(
            moved("曲阜市", 50),
            moved("邹城市", 40),
            moved("金乡县", 30),
            moved("嘉祥县", 30),
            moved("微山县", 10),
            {"county": "鱼台县"},
        ),
        POLICY,
        year=2023,
    )
    got = {
        c: tuple(row(res, c, S.MIGRATED)[k] for k in ("rank", "status", "tie_at_boundary"))
        for c in ("曲阜市", "邹城市", "嘉祥县", "金乡县", "微山县", "鱼台县")
    }
    assert got == {
        "曲阜市": (1, "commended", False),
        "邹城市": (2, "commended", False),
        "嘉祥县": (3, "commended", True),
        "金乡县": (4, "not_ranked", True),
        "微山县": (5, "not_ranked", False),
        "鱼台县": (6, "ineligible", False),
    }
    assert any("嘉祥县" in w and "金乡县" in w and "top-3" in w for w in res.warnings)
    assert "须人工复核" in row(res, "金乡县", S.MIGRATED)["basis"]
    # the rank is repeated on the county's m4.newshops row; tie_at_boundary belongs to m4.migrated
    assert row(res, "金乡县")["rank"] == 4 and row(res, "金乡县")["tie_at_boundary"] is False


def test_a_tie_inside_the_top_3_is_not_a_boundary_tie():
    # 50, 50, 40, 10: places 1 and 2 are equal but both commended → no flag, no warning.
    res = track_shops(
        registry(moved("曲阜市", 50), moved("邹城市", 50), moved("嘉祥县", 40), moved("金乡县", 10)), POLICY, year=2023
    )
    assert not res.table["tie_at_boundary"].any()
    assert not _besides_no_new_shops(res)  # the registry's shops opened in 2020: none new in 2023
    assert [row(res, c, S.MIGRATED)["rank"] for c in ("曲阜市", "邹城市")] == [1, 2]


def test_zero_is_ineligible_even_within_the_first_3_places():
    # only one county has a positive value: it is commended; the others (0) are ineligible, not not_ranked.
    res = track_shops(
        registry(moved("泗水县", "0.000001"), {"county": "任城区"}, {"county": "梁山县"}), POLICY, year=2023
    )
    assert row(res, "泗水县", S.MIGRATED)["status"] == "commended"
    assert {row(res, c, S.MIGRATED)["status"] for c in ("任城区", "梁山县")} == {"ineligible"}
    assert [row(res, c, S.MIGRATED)["rank"] for c in ("任城区", "梁山县")] == [2, 3]  # 0, 0 by name: 任 < 梁


# ------------------------------------------------------------------ (outside)
def test_outside_and_empty_counties_form_one_outside_row():
    res = track_shops(
        registry(
            {"county": "济南市历下区", "opened_on": D(2023, 2, 1)},
            {"county": None, "opened_on": D(2023, 2, 2)},
            {"county": "济南市历下区"},
            moved("杭州市", 999),
            moved("任城区", 1),
        ),
        POLICY,
        year=2023,
    )
    out = [r for r in res.table.to_dicts() if r["county"] == OUTSIDE]
    assert [r["rule"] for r in out] == [S.NEWSHOPS, S.MIGRATED]
    r = out[0]
    # 4 outside shops: 2 opened in 2023; the move into "杭州市" (outside Jining) counts in (outside)
    assert (r["new_shops"], r["active_end"], r["migrated_in"], r["migrated_retail"]) == (2, 4, 1, Decimal("999"))
    assert all(x["status"] == "ineligible" and x["rank"] is None for x in out)
    # the outside row takes no place: 任城区 is first with 1 万元 although (outside) has 999
    assert row(res, "任城区", S.MIGRATED)["rank"] == 1
    assert res.table["county"].to_list()[-1] == OUTSIDE
    assert any("4 shops" in w and OUTSIDE in w and "(empty) ×1" in w for w in res.warnings)


def test_output_lists_the_jining_counties_present_in_policy_order():
    res = track_shops(
        registry({"county": "梁山县"}, {"county": "任城区"}, {"county": "济宁经济技术开发区"}), POLICY, year=2023
    )
    assert res.table["county"].to_list() == ["任城区"] * 2 + ["梁山县"] * 2 + ["济宁经济技术开发区"] * 2
    assert res.table["rule"].to_list() == [S.NEWSHOPS, S.MIGRATED] * 3
    assert OUTSIDE not in res.table["county"].to_list()


# ------------------------------------------------------------------ ledger columns, years, languages
def test_ledger_columns_and_types():
    res = track_shops(registry(moved("任城区", 3)), POLICY, year=2023)
    t = res.table
    assert t.columns == list(S.OUTPUT_COLUMNS)
    r = row(res, "任城区", S.MIGRATED)
    assert (r["beneficiary"], r["measure"], r["year"], r["award"]) == ("任城区", 4, 2023, Decimal("0"))
    assert t.schema["award"] == pl.Decimal(38, 2)
    assert r["basis"].startswith("依据第四条") and "3万元" in r["basis"]


def test_english_basis():
    res = track_shops(registry(*[{"opened_on": D(2023, 1, 2)}] * 1001), POLICY, year=2023, lang="en")
    name = POLICY.rules[S.NEWSHOPS].name_en
    assert row(res, "任城区")["basis"] == f"Article 4 ({name}, 2023): 1001 new online shops; more than 1000: commended."


def test_default_year_is_the_latest_opening_year():
    res = track_shops(registry({"opened_on": D(2022, 7, 1)}, {"opened_on": D(2023, 2, 1)}), POLICY)
    assert res.table["year"].unique().to_list() == [2023]
    assert any("2023" in n for n in res.notes)


def test_a_year_outside_the_policy_period_is_out_of_period():
    # 2024 is not one of the policy's annual years (2022, 2023): no commendation, counts still shown.
    res = track_shops(
        registry(*[{"opened_on": D(2024, 1, 2)}] * 1001, moved("任城区", 5, when=D(2024, 3, 1))), POLICY, year=2024
    )
    assert set(res.table["status"]) == {"out_of_period"}
    assert row(res, "任城区")["new_shops"] == 1001  # the moved shop opened in 2020
    assert "2024年不在政策适用年度（2022、2023）内" in row(res, "任城区")["basis"]


# ------------------------------------------------------------------ --by month
def test_by_month_sums_equal_the_yearly_row():
    frame = registry(
        {"opened_on": D(2023, 1, 31)},
        {"opened_on": D(2023, 2, 1), "closed_on": D(2023, 11, 30)},
        {"opened_on": D(2022, 12, 31), "closed_on": D(2023, 12, 31)},
        moved("任城区", 7, when=D(2023, 4, 30)),
        moved("兖州区", 9, when=D(2023, 12, 1)),
        {"county": "外省", "opened_on": D(2023, 5, 5)},
    )
    yearly = track_shops(frame, POLICY, year=2023).table
    monthly = track_shops(frame, POLICY, year=2023, by="month").table
    assert monthly.columns == list(S.MONTH_COLUMNS)
    assert monthly.height == 3 * 12  # 任城区, 兖州区, (outside) × 12 months
    _assert_months_add_up(yearly, monthly)
    # hand-worked 任城区: January 1 new; February 1 new; active at end of Jan = shop 0, 2 (shop 3 moved in
    # later but opened 2020) → 3; closures: November 1, December 1.
    r = monthly.filter(pl.col("county") == "任城区")
    assert r["new_shops"].to_list()[:2] == [1, 1]
    assert r["active_end"].to_list()[0] == 3
    assert r["closed_shops"].to_list()[10:] == [1, 1]
    assert r["migrated_in"].to_list()[3] == 1


def _assert_months_add_up(yearly: pl.DataFrame, monthly: pl.DataFrame) -> None:
    sums = monthly.group_by("county").agg(
        pl.col("new_shops", "closed_shops", "migrated_in", "migrated_retail").sum(),
        pl.col("active_end").sort_by("month").last(),
    )
    year_rows = yearly.filter(pl.col("rule") == S.NEWSHOPS).select("county", *S.COUNTS)
    joined = year_rows.join(sums, on="county", how="full", suffix="_m")
    for k in S.COUNTS:
        assert joined[k].cast(pl.String).to_list() == joined[f"{k}_m"].cast(pl.String).to_list(), k


dates = st.one_of(st.none(), st.dates(min_value=D(2021, 11, 1), max_value=D(2024, 2, 1)))


@st.composite
def registries(draw):
    n = draw(st.integers(0, 25))
    rows = []
    for _ in range(n):
        opened = draw(st.dates(min_value=D(2021, 11, 1), max_value=D(2024, 2, 1)))
        closed = draw(dates)
        rows.append(
            {
                "county": draw(st.sampled_from(["任城区", "兖州", "济南市", None, "梁山县"])),
                "opened_on": opened,
                "closed_on": closed if closed is None or closed >= opened else opened,
                "migrated_in_on": draw(dates),
                "origin_city": draw(st.sampled_from([None, "杭州市", "济宁市"])),
                "in_statistics": draw(st.booleans()),
                "online_retail": draw(st.sampled_from([None, 0, "1.5", 20])),
            }
        )
    return registry(*rows)


@settings(max_examples=40, deadline=None)
@given(registries(), st.sampled_from([2022, 2023]))
def test_property_month_sums_equal_year(frame, year):
    if frame.height == 0:
        return
    _assert_months_add_up(
        track_shops(frame, POLICY, year=year).table, track_shops(frame, POLICY, year=year, by="month").table
    )


@settings(max_examples=30, deadline=None)
@given(registries(), st.data())
def test_property_exact_duplicates_change_nothing_but_a_warning(frame, data):
    if frame.height == 0:
        return
    picks = data.draw(st.lists(st.integers(0, frame.height - 1), min_size=1, max_size=5))
    copies = frame[picks].with_columns(pl.col("_row") + 1000)
    base = track_shops(frame, POLICY, year=2023)
    doubled = track_shops(pl.concat([frame, copies]), POLICY, year=2023)
    assert doubled.table.equals(base.table)
    assert any(f"{len(picks)} exact duplicate row" in w for w in doubled.warnings)


# ------------------------------------------------------------------ keys and bad rows
def test_exact_duplicates_collapse_with_a_warning_naming_them():
    a = {"shop_id": "X1", "opened_on": D(2023, 4, 1)}
    res = track_shops(registry(a, a, {"opened_on": D(2023, 4, 1)}, a), POLICY, year=2023)
    assert row(res, "任城区")["new_shops"] == 2  # X1 once + S2
    assert any(
        "2 exact duplicate rows collapsed" in w and "淘宝/X1 at shops.csv rows 2, 3, 5" in w for w in res.warnings
    )


def test_same_shop_id_on_two_platforms_is_two_shops():
    res = track_shops(
        registry(
            {"shop_id": "X1", "opened_on": D(2023, 4, 1)},
            {"platform": "京东", "shop_id": "X1", "opened_on": D(2023, 4, 1)},
        ),
        POLICY,
        year=2023,
    )
    assert row(res, "任城区")["new_shops"] == 2 and not res.warnings


def test_conflicting_rows_under_one_key_are_a_data_error_naming_them():
    frame = pl.concat(
        [
            registry({"shop_id": "X1", "county": "任城区"}, {"shop_id": "Y"}, source="a.csv"),
            registry({"shop_id": "X1", "county": "兖州区"}, source="b.csv"),
        ]
    )
    with pytest.raises(DataError) as e:
        track_shops(frame, POLICY, year=2023)
    assert (
        "1 shop with different rows under the same (platform, shop_id): 淘宝/X1 at a.csv row 2; b.csv row 2"
        in e.value.line()
    )


def _outcome(frame):
    try:
        res = track_shops(frame, POLICY, year=2023)
        return res.table.to_dicts(), res.warnings
    except DataError as e:
        return e.line()


@pytest.mark.parametrize(
    "rows",
    [
        [{"shop_id": "X1"}, {"shop_id": "X1"}, {}, {"shop_id": "X1"}, {"shop_id": "Z"}, {"shop_id": "Z"}],  # copies
        [{"shop_id": "X1"}, {}, {"shop_id": "X1", "county": "兖州区"}],  # a conflict
        [{}, {"shop_id": None}, {}],  # an empty key
        [{"shop_id": f"S{i % 7}", "opened_on": D(2023, 1 + i % 7, 1)} for i in range(40)],  # 33 copies
    ],
)
def test_a_registry_bigger_than_one_sort_is_checked_in_passes_with_the_same_answer(monkeypatch, rows):
    # Beyond SORTED_AT_ONCE rows the key hashes are sorted in passes, one remainder class each (memory
    # stays that of one pass): the same copies, conflicts and empty keys are found, the same counts.
    from jncli.rules.shops import keys

    once = _outcome(registry(*rows))
    monkeypatch.setattr(keys, "SORTED_AT_ONCE", 2)
    assert _outcome(registry(*rows)) == once


def test_hash_collisions_only_cost_an_exact_comparison(monkeypatch):
    # Force every key onto one hash: the exact comparison must still see distinct shops, no false conflict.
    frame = registry(
        {"shop_id": "A", "opened_on": D(2023, 1, 5)},
        {"shop_id": "B", "opened_on": D(2023, 1, 5)},
        {"shop_id": "A", "opened_on": D(2023, 1, 5)},
    )
    honest = track_shops(frame, POLICY, year=2023)
    monkeypatch.setattr(S, "_key_hash", lambda: pl.lit(7, pl.UInt64))
    colliding = track_shops(frame, POLICY, year=2023)
    assert colliding.table.equals(honest.table)
    assert row(colliding, "任城区")["new_shops"] == 2
    assert colliding.warnings == honest.warnings


# ------------------------------------------------------------------ text columns as read (SELF_NORMALISED)
# The CLI passes platform, shop_id, county and origin_city as read (not stripped, "" not yet missing):
# the rule normalises them itself, cheaply. The answer must be the one the normalised frame gives.
PADDING = st.sampled_from(["", " ", "\t", "\u3000", "\u00a0 "])


@settings(max_examples=40, deadline=None)
@given(registries(), st.data())
def test_property_text_as_read_gives_the_answer_of_the_normalised_text(frame, data):
    if frame.height == 0:
        return
    picks = data.draw(st.lists(st.integers(0, frame.height - 1), max_size=4))
    frame = pl.concat([frame, frame[picks].with_columns(pl.col("_row") + 1000)])  # some exact copies
    raw = {
        c: [None if v is None else data.draw(PADDING) + v + data.draw(PADDING) for v in frame[c]]
        for c in S.SELF_NORMALISED
    }
    padded = frame.with_columns(pl.Series(c, v, pl.String) for c, v in raw.items())
    normal, as_read = track_shops(frame, POLICY, year=2023), track_shops(padded, POLICY, year=2023)
    assert as_read.table.equals(normal.table)
    assert as_read.warnings == normal.warnings


def test_keys_as_read_collapse_and_conflict_as_stripped_keys_do():
    # " X1" on " 淘宝" and "X1" on "淘宝" are one shop: identical rows collapse, different rows conflict.
    same = registry(
        {"shop_id": "X1", "opened_on": D(2023, 4, 1)},
        {"platform": " 淘宝", "shop_id": " X1\t", "county": "任城区 ", "opened_on": D(2023, 4, 1)},
    )
    res = track_shops(same, POLICY, year=2023)
    assert row(res, "任城区")["new_shops"] == 1  # one shop, X1, opened 2023-04-01
    assert any("1 exact duplicate row collapsed" in w and "淘宝/X1 at shops.csv rows 2, 3" in w for w in res.warnings)
    differ = registry({"shop_id": "X1"}, {"shop_id": "X1 ", "county": "兖州区"})
    with pytest.raises(DataError) as e:
        track_shops(differ, POLICY, year=2023)
    assert "淘宝/X1 at shops.csv rows 2, 3" in e.value.line()


@pytest.mark.parametrize("column", ["platform", "shop_id"])
@pytest.mark.parametrize("value", ["", "  ", "\u3000"])
def test_a_key_of_spaces_only_is_empty(column, value):
    with pytest.raises(DataError) as e:
        track_shops(registry({}, {column: value}), POLICY, year=2023)
    assert e.value.line().startswith(f"shops.csv row 3, column {column}: empty")


def test_a_county_of_spaces_only_is_empty():
    res = track_shops(registry({"county": "  "}, {"county": ""}, {"county": None}), POLICY, year=2023)
    assert any("3 shops with a county outside" in w and "(empty) ×3" in w for w in res.warnings)


def test_closed_before_opened_is_a_data_error_naming_the_row():
    frame = registry({}, {"opened_on": D(2023, 5, 1), "closed_on": D(2023, 4, 30)})
    with pytest.raises(DataError) as e:
        track_shops(frame, POLICY, year=2023)
    assert e.value.line() == "shops.csv row 3, column closed_on: 2023-04-30 is before opened_on 2023-05-01"


@pytest.mark.parametrize("column", ["platform", "shop_id", "opened_on"])
def test_empty_key_or_opening_date_is_a_data_error(column):
    with pytest.raises(DataError) as e:
        track_shops(registry({}, {column: None}), POLICY, year=2023)
    assert e.value.line().startswith(f"shops.csv row 3, column {column}: empty")


def test_missing_required_column_and_bad_options():
    with pytest.raises(DataError, match="opened_on"):
        track_shops(registry({}).drop("opened_on"), POLICY, year=2023)
    with pytest.raises(UsageError):
        track_shops(registry({}), POLICY, year=2023, by="week")


def test_optional_columns_may_be_absent_and_input_may_be_lazy():
    # only the required columns, as a LazyFrame (the reader's Parquet path)
    lf = (
        registry({"opened_on": D(2023, 1, 1)}, {"opened_on": D(2023, 2, 1), "county": "兖州"})
        .select("platform", "shop_id", "county", "opened_on")
        .lazy()
    )
    res = track_shops(lf, POLICY, year=2023)
    assert row(res, "兖州区")["new_shops"] == 1 and row(res, "任城区")["migrated_in"] == 0
    assert any("migrated_in_on" in n for n in res.notes)
    # before: nothing said when closed_on is absent, though every shop then counts as active
    assert any(n.startswith("no closed_on column: no shop counts as closed") for n in res.notes), res.notes


def test_empty_registry_needs_a_year():
    with pytest.raises(DataError) as e:
        track_shops(registry(), POLICY)
    assert "pass --year" in e.value.line()
    assert track_shops(registry(), POLICY, year=2023).table.height == 0


# ------------------------------------------------------------------ command line
HEADER = "平台,店铺ID,县市区,开店日期,关店日期,迁入日期,迁出城市,是否纳统,网络零售额(万元)\n"
TAOBAO = "淘宝,T1,任城区,2023-05-01,,2023/6/1,杭州市,是,12.5\n淘宝,T2,兖州,20230101,2023年12月31日,,,否,\n"
JD = '京东,J1,任城区,2023年5月1日,,20230701,上海市,是,"1,000"\n京东,J2,济南市,2023/2/2,,,,,\n'


def test_cli_several_files_equal_one_concatenated_file(jncli, tmp_path):
    (tmp_path / "taobao.csv").write_text(HEADER + TAOBAO, "utf-8")
    (tmp_path / "jd.csv").write_text(HEADER + JD, "utf-8")
    (tmp_path / "all.csv").write_text(HEADER + TAOBAO + JD, "utf-8")
    two = jncli("track-shops", "taobao.csv", "jd.csv", "--year", "2023", cwd=tmp_path)
    one = jncli("track-shops", "all.csv", "--year", "2023", cwd=tmp_path)
    assert two.returncode == 0, two.stderr.decode()
    assert two.stdout == one.stdout
    lines = two.stdout.decode().splitlines()
    # 任城区: T1 (2023-05-01, moved from 杭州市 2023-06-01, 纳统, 12.5) + J1 (2023-05-01 as 2023年5月1日,
    # moved from 上海市 2023-07-01 as 20230701, 纳统, 1,000) → new 2, migrated 2, retail 1012.5
    assert lines[1].startswith("任城区,2023,2,0,2,2,1012.5,1,false,任城区,任城区,4,m4.newshops,0,ineligible,")
    # 兖州 → 兖州区: opened 20230101, closed 2023年12月31日 → new 1, closed 1, active 0
    assert lines[3].startswith("兖州区,2023,1,1,0,0,0,2,false,")
    assert lines[5].startswith("(outside),2023,1,0,1,0,0,,false,(outside),")
    err = two.stderr.decode()
    assert "1 shop with a county outside 济宁市 or empty (济南市 ×1) counted in the (outside) row" in err
    assert "\x1b" not in err and "⠋" not in err  # no progress spinner when stderr is a pipe


def test_cli_stdin_pipe_and_month(jncli, tmp_path):
    proc = jncli("track-shops", "-", "--by", "month", stdin=(HEADER + TAOBAO).encode())
    assert proc.returncode == 0, proc.stderr.decode()
    lines = proc.stdout.decode().splitlines()
    assert lines[0] == "county,year,month,new_shops,closed_shops,active_end,migrated_in,migrated_retail"
    assert len(lines) == 1 + 2 * 12
    assert lines[5] == "任城区,2023,5,1,0,1,0,0"
    assert lines[6] == "任城区,2023,6,0,0,1,1,12.5"
    assert "year 2023" in proc.stderr.decode()


def test_cli_english_headers_and_excel_date_cells(jncli, tmp_path):
    import datetime as dt

    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    # the columns m4.migrated reads are there, empty (without them the command stops: fix27b)
    ws.append(["platform", "shop_id", "county", "opened_on", "closed_on", "migrated_in_on", "in_statistics"])
    ws.append(["淘宝", "X", "任城区", dt.datetime(2023, 5, 1), None])  # a date cell: the serial 45047, date-formatted
    ws.append(["淘宝", "Y", "任城区", "2022-12-31", None])
    ws.cell(1, 8, "online_retail")
    wb.save(tmp_path / "shops.xlsx")
    proc = jncli("track-shops", "shops.xlsx", "--year", "2023", "--lang", "en", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    first = proc.stdout.decode().splitlines()[1]
    assert first.startswith('任城区,2023,1,0,2,0,0,1,false,任城区,任城区,4,m4.newshops,0,ineligible,"Article 4 (')
    assert "1 new online shop; not more than 1000: not commended." in first


def test_cli_copies_and_conflicts_are_named_in_chinese(jncli, tmp_path):
    # the rows of a copied or conflicting shop are named in the run's language, not as English inside Chinese
    row = "淘宝,T1,任城区,2023-05-01,,,,,\n"
    (tmp_path / "dup.csv").write_text(HEADER + row + row + "淘宝,T2,任城区,2023-05-01,,,,,\n", "utf-8")
    err = jncli("track-shops", "dup.csv", "--lang", "zh", cwd=tmp_path).stderr.decode()
    assert "1行完全重复（平台、店铺ID及各值相同），已合并，例如 淘宝/T1（dup.csv 第2, 3行）" in err
    (tmp_path / "s.csv").write_text(HEADER + row + "淘宝,T1,兖州区,2023-05-01,,,,,\n", "utf-8")
    proc = jncli("track-shops", "s.csv", "--lang", "zh", cwd=tmp_path)
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert "1 家店铺在同一（平台，店铺编号）下有不同的行：淘宝/T1（s.csv 第2, 3行）" in err and " at " not in err


def test_cli_conflict_exit_1_and_bad_option_exit_2(jncli, tmp_path):
    (tmp_path / "s.csv").write_text(
        HEADER + "淘宝,T1,任城区,2023-05-01,,,,,\n淘宝,T1,兖州区,2023-05-01,,,,,\n", "utf-8"
    )
    proc = jncli("track-shops", "s.csv", cwd=tmp_path)
    assert proc.returncode == 1
    err = proc.stderr.decode().strip().splitlines()
    assert len(err) == 1 and "淘宝/T1 at s.csv rows 2, 3" in err[0] and "Traceback" not in err[0]
    proc = jncli("track-shops", "s.csv", "--by", "week", cwd=tmp_path)
    assert proc.returncode == 2 and "--by must be year or month" in proc.stderr.decode()
    # the reader leaves the key as read; the rule strips it: " T1 " is T1
    (tmp_path / "p.csv").write_text(
        HEADER + '淘宝,T1,任城区,2023-05-01,,,,,\n淘宝," T1 ",兖州区,2023-05-01,,,,,\n', "utf-8"
    )
    proc = jncli("track-shops", "p.csv", cwd=tmp_path)
    assert proc.returncode == 1 and "淘宝/T1 at p.csv rows 2, 3" in proc.stderr.decode()
    (tmp_path / "c.csv").write_text(HEADER + "淘宝,T1,任城区,2023-05-01,2023-04-01,,,,\n", "utf-8")
    proc = jncli("track-shops", "c.csv", cwd=tmp_path)
    assert proc.returncode == 1
    assert "c.csv row 2, column closed_on: 2023-04-01 is before opened_on 2023-05-01" in proc.stderr.decode()


def test_cli_from_city(jncli, tmp_path):
    (tmp_path / "s.csv").write_text(HEADER + "淘宝,T1,任城区,2023-05-01,,2023-06-01,济宁市区,是,3\n", "utf-8")
    plain = jncli("track-shops", "s.csv", "-f", "csv", cwd=tmp_path).stdout.decode().splitlines()[1]
    local = jncli("track-shops", "s.csv", "--from-city", "济宁市区", cwd=tmp_path).stdout.decode().splitlines()[1]
    assert plain.startswith("任城区,2023,1,0,1,1,3,") and local.startswith("任城区,2023,1,0,1,0,0,")


def test_cli_parquet_input_is_read_lazily(jncli, tmp_path):
    frame = registry(*[{"opened_on": D(2023, 1, 1)}] * 3).drop("_source", "_row")
    frame.write_parquet(tmp_path / "s.parquet")
    proc = jncli("track-shops", "s.parquet", "--year", "2023", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().splitlines()[1].startswith("任城区,2023,3,0,3,")


def test_cli_parquet_from_another_tool_float_money_and_datetime_dates(jncli, tmp_path):
    # Datetime dates and Float64 money (万元), as pandas or a database export writes them: the plain
    # cast is proven equal to the exact conversion once, then used alone. Three shops moved in from
    # 杭州市 in 2023, 纳统: 0.1 + 12.34 + 1234.5 = 1246.94 万元 migrated retail for 任城区.
    rows = [moved("任城区", r) for r in ("0.1", "12.34", "1234.5")]
    frame = registry(*rows).drop("_source", "_row")
    frame = frame.with_columns(
        *[pl.col(c).cast(pl.Datetime("us")) for c in ("opened_on", "migrated_in_on", "closed_on")],
        pl.col("online_retail").cast(pl.Float64),
    )
    frame.write_parquet(tmp_path / "s.parquet")
    proc = jncli("track-shops", "s.parquet", "--year", "2023", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().splitlines()[1].startswith("任城区,2023,0,0,3,3,1246.94,")
    # finer than 1 分 (6 decimals of 万元): refused, naming the row and the column, not rounded
    frame.with_columns(pl.Series("online_retail", [0.1, 12.3400001, 1234.5])).write_parquet(tmp_path / "b.parquet")
    proc = jncli("track-shops", "b.parquet", "--year", "2023", cwd=tmp_path)
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert "b.parquet row 2" in err and "online_retail" in err and "12.3400001" in err, err


def test_cli_parquet_time_zone_aware_dates_count_on_jinings_day(jncli, tmp_path):
    # Timestamps in UTC (a database export): 2022-12-31 20:00 UTC is 2023-01-01 04:00 in Jining (UTC+8),
    # so the shop opened in 2023; 2023-12-31 17:00 UTC is 2024-01-01 01:00 there: not in 2023.
    # A timestamp without a zone is local time already: 2022-12-31 20:00 stays in 2022.
    stamps = [dt.datetime(2022, 12, 31, 20), dt.datetime(2023, 12, 31, 17), dt.datetime(2023, 6, 1, 12)]
    frame = registry(*[{"opened_on": D(2020, 1, 1)}] * 3).drop("_source", "_row")
    aware = frame.with_columns(pl.Series("opened_on", stamps).dt.replace_time_zone("UTC"))
    aware.write_parquet(tmp_path / "utc.parquet")
    proc = jncli("track-shops", "utc.parquet", "--year", "2023", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().splitlines()[1].startswith("任城区,2023,2,0,2,")  # new: the 1st and 3rd
    frame.with_columns(pl.Series("opened_on", stamps)).write_parquet(tmp_path / "naive.parquet")
    proc = jncli("track-shops", "naive.parquet", "--year", "2023", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().splitlines()[1].startswith("任城区,2023,2,0,3,")  # new: the 2nd and 3rd


@pytest.mark.parametrize("words", [["是", "否", "", None], ["是", " 否", "", "√"]])
def test_cli_parquet_with_yes_no_words_as_text(jncli, tmp_path, words):
    # in_statistics as text (as `jncli samples` writes it): proven yes/no words once, then one lookup
    # per row; a word with spaces takes the full conversion. Four shops moved into 任城区 in 2023 with
    # 1, 2, 4 and 8 万元: 纳统 only the first (and, in the second case, the fourth, √): 1 or 1 + 8 = 9.
    rows = [moved("任城区", r) for r in ("1", "2", "4", "8")]
    frame = registry(*rows).drop("_source", "_row").with_columns(pl.Series("in_statistics", words, pl.String))
    frame.write_parquet(tmp_path / "s.parquet")
    proc = jncli("track-shops", "s.parquet", "--year", "2023", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    retail = "9" if words[-1] == "√" else "1"
    assert proc.stdout.decode().splitlines()[1].startswith(f"任城区,2023,0,0,4,4,{retail},")


@pytest.mark.parametrize(
    "words,retail",
    [
        (["是", "y", "已纳统", "1", "t", "否"], "31"),  # five yes words as written: 1 + 2 + 4 + 8 + 16
        (["否", "否", "", "否", None, "N"], "0"),  # no yes word at all
    ],
)
def test_cli_parquet_yes_no_words_checked_on_their_distinct_values(jncli, tmp_path, words, retail):
    # the checking pass looks at the distinct words only, and later passes compare with the yes words
    # found among them: six shops moved into 任城区 in 2023 with 1, 2, 4, 8, 16 and 32 万元
    rows = [moved("任城区", r) for r in ("1", "2", "4", "8", "16", "32")]
    frame = registry(*rows).drop("_source", "_row").with_columns(pl.Series("in_statistics", words, pl.String))
    frame.write_parquet(tmp_path / "s.parquet")
    proc = jncli("track-shops", "s.parquet", "--year", "2023", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().splitlines()[1].startswith(f"任城区,2023,0,0,6,6,{retail},")
    # a word that is no yes/no word among them is named with its row, as row by row
    frame.with_columns(pl.Series("in_statistics", ["是", "否", "maybe", "否", "也许", "N"])).write_parquet(
        tmp_path / "b.parquet"
    )
    proc = jncli("track-shops", "b.parquet", "--year", "2023", cwd=tmp_path)
    assert proc.returncode == 1
    assert (
        "b.parquet row 3, column in_statistics (in_statistics): 'maybe' is not yes/no (是/否, Y/N, true/false, "
        "1/0, √/×) (and more)" in proc.stderr.decode()
    )


@pytest.mark.parametrize("dtype", [pl.Float64, pl.Decimal(38, 2)])
def test_cli_parquet_money_min_and_max_from_the_raw_column(jncli, tmp_path, dtype):
    # typed money (Decimal, or Float64 proven to fit 1 分): the negative and implausible values are found
    # from the raw column's min and max, then named with their row as before
    rows = [moved("任城区", r) for r in ("1", "2", "4.5", "8", "16", "32")]
    frame = registry(*rows).drop("_source", "_row")
    for name, values, expected in [
        (
            "neg",
            ["1", "2", "-4.5", "8", "-16", "32"],
            "neg.parquet row 3, column online_retail (online_retail): "
            "-4.5 万元 is below 0: a retail, revenue or fiscal figure cannot be negative",
        ),
        (
            "high",
            ["1", "2", "4.5", "80000000.01", "8", "32"],
            "high.parquet row 4, column online_retail "
            "(online_retail): 80000000.01 万元 is above 100,000 万元, more than any shops row can hold",
        ),
    ]:
        money = pl.Series("online_retail", values).cast(pl.Decimal(38, 2)).cast(dtype)
        frame.with_columns(money).write_parquet(tmp_path / f"{name}.parquet")
        proc = jncli("track-shops", f"{name}.parquet", "--year", "2023", cwd=tmp_path)
        assert proc.returncode == (1 if name == "neg" else 0), proc.stderr.decode()
        assert expected in proc.stderr.decode()
    # 80000000.01 + 1 + 2 + 4.5 + 8 + 32 万元 of 纳统 retail moved in
    assert proc.stdout.decode().splitlines()[1].startswith("任城区,2023,0,0,6,6,80000047.51,")


def test_cli_progress_only_on_a_terminal(jncli, tmp_path):
    # stderr on a pseudo-terminal: a spinner naming the phase, cleared at the end; in a pipe (the other
    # CLI tests) nothing but the notes and warnings.
    pty = pytest.importorskip("pty")
    import select

    (tmp_path / "s.csv").write_text(HEADER + TAOBAO, "utf-8")
    master, slave = pty.openpty()
    proc = jncli.popen(
        "track-shops", "s.csv", cwd=tmp_path, stdout=subprocess.PIPE, stderr=slave, env={"TERM": "xterm"}
    )
    os.close(slave)
    chunks = []
    while select.select([master], [], [], 30)[0]:
        try:
            data = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    out = proc.stdout.read()
    assert proc.wait() == 0
    err = b"".join(chunks).decode("utf-8", "replace")
    assert "track-shops: counting shops for 2023 …" in err
    assert out.decode().startswith("county,year,")  # stdout stays clean data


def test_copies_and_conflicts_are_named_from_the_first_row_by_file_and_row_as_a_pair(jncli, tmp_path):
    # the earliest file and the earliest row were taken apart: 淘宝/B (a.csv row 4 and b.csv row 2) tied with
    # 淘宝/A (a.csv rows 2, 3), and which came first varied from run to run; copies named B, not A
    head = "platform,county,opened_on,shop_id,migrated_in_on,in_statistics,online_retail\n"  # m4.migrated's (fix27b)
    (tmp_path / "a.csv").write_text(
        head + "淘宝,任城区,2023-01-01,A,,,\n淘宝,任城区,2023-01-02,A,,,\n淘宝,任城区,2023-01-01,B,,,\n", "utf-8"
    )
    (tmp_path / "b.csv").write_text(head + "淘宝,任城区,2023-01-03,B,,,\n", "utf-8")
    for _ in range(6):
        proc = jncli("track-shops", "a.csv", "b.csv", "--year", "2023", cwd=tmp_path)
        assert proc.returncode == 1
        assert "淘宝/A at a.csv rows 2, 3; 淘宝/B at a.csv row 4; b.csv row 2" in proc.stderr.decode()
    (tmp_path / "c.csv").write_text(
        head + "淘宝,任城区,2023-01-01,A,,,\n淘宝,任城区,2023-01-01,A,,,\n淘宝,任城区,2023-01-01,B,,,\n", "utf-8"
    )
    (tmp_path / "d.csv").write_text(head + "淘宝,任城区,2023-01-01,B,,,\n", "utf-8")
    proc = jncli("track-shops", "c.csv", "d.csv", "--year", "2023", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "e.g. 淘宝/A at c.csv rows 2, 3" in proc.stderr.decode()


def test_a_registry_with_no_shop_opened_in_the_year_is_said(jncli, tmp_path):
    # hostile review 1, A12: last year's export given for 2023 changed the commendations, exit 0, not a word
    lines = (Path(__file__).resolve().parents[1] / "samples" / "shops.csv").read_text("utf-8").splitlines()
    older = [lines[0]] + [line for line in lines[1:] if line.split(",")[2] < "2023"]
    (tmp_path / "shops.csv").write_text("\n".join(older) + "\n", "utf-8")
    said = "warning: no shop opened in 2023: is the registry of another year? (every county has 0 new shops)"
    proc = jncli("track-shops", "shops.csv", "--year", "2023", cwd=tmp_path, text=True)
    assert proc.returncode == 0 and said in proc.stderr
    zh = jncli("track-shops", "shops.csv", "--year", "2023", "--lang", "zh", cwd=tmp_path, text=True)
    assert "没有任何店铺在2023年开业：是否给成了其他年度的店铺名录？" in zh.stderr
    months = jncli("track-shops", "shops.csv", "--year", "2023", "--by", "month", cwd=tmp_path, text=True)
    assert months.returncode == 0 and said not in months.stderr  # said once, with the decisions
    full = jncli("track-shops", "samples/shops.csv", "--year", "2023", text=True)
    assert full.returncode == 0 and "no shop opened" not in full.stderr
