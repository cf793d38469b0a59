"""The measure-2/3/6 inputs of `jncli samples`: enterprises.csv (per entity and year) and fiscal_ratios.csv.

enterprises.csv holds about `--enterprises` entities a year for the annual years, with Chinese headers.
First come the planted entities (`_planted_enterprises`), one per case the rules must get right: sales
exactly at and 0.01 below every tier threshold, the commendation counties (one entity newly past the high
bar; exactly the required number newly past the low bar; one short of it), national, provincial and
base titles, entities outside the city, invalid and repairable credit codes, no sales reported, not a
trade enterprise, not 纳统, and new fiscal revenue (including in the unit left out of fiscal_ratios, in both
years — paid once —, and of an entity that is not a converted out-of-province branch). Entities with new
fiscal revenue are converted branches (是否省外电商企业分支机构转设 = 是) unless a case says otherwise.
The ordinary entities that fill up the rest stay below the lowest 2023 tier and commendation bar, so
they never disturb the planted cases; a fifth sit around the 2022 threshold, and a few exit after the
first year or enter in the second. fiscal_ratios.csv gives every unit but one a ratio in 0.3..0.8.
"""

from __future__ import annotations

import random
from decimal import Decimal

import polars as pl

from jncli.policy import County, Policy
from jncli.samples.common import (
    CENT,
    MONEY,
    OUTSIDE,
    Names,
    bad_check,
    city_prefix,
    make_code,
    place_word,
    wan,
)

ENTERPRISE_HEADERS = {
    "credit_code": "统一社会信用代码",
    "name": "企业名称",
    "county": "县市区",
    "year": "年份",
    "in_statistics": "是否纳统",
    "is_trade": "是否商贸流通企业",
    "online_retail": "实物商品网络零售额(万元)",
    "online_retail_prev": "上年实物商品网络零售额(万元)",
    "national_title": "国家级称号",
    "new_fiscal_revenue": "新增财力(万元)",
    "converted_branch": "是否省外电商企业分支机构转设",
}
PROVINCIAL_TITLE = "省级电子商务示范企业"  # not national: m2.title must say ineligible


def _planted_enterprises(policy: Policy) -> list[dict]:
    """Entities that exercise every measure-2/3/6 case; `v` maps year → online_retail (None = empty).

    `alias` writes the county by its first alias (曲阜, 济宁经开区 …): rules canonicalise with the policy.
    `place` picks a county: an int indexes the units other than A, B, C; "A" / "B" / "C" are the commendation
    counties (1 newly ≥ 10000; 3 newly ≥ 5000; only 2 newly ≥ 5000); "out0"/"out1" are outside the city.
    """
    d = Decimal
    y1, y2 = sorted(policy.annual_years)[:2]
    t22 = policy.m2_tier2022.tiers[0].threshold  # 1000
    tiers = [t.threshold for t in policy.m2_tier2023.tiers]
    lo, mid, hi = tiers[0], tiers[len(tiers) // 2], tiers[-1]  # 5000, 10000, 20000
    # Commendation: one entity newly past the high bar (A); exactly `count` newly past the low bar (B),
    # one of them new this year (no previous value); one short of `count` (C).
    big, many = max(policy.m2_commend, key=lambda r: r.threshold), min(policy.m2_commend, key=lambda r: r.threshold)
    prevs = [d("0.602"), d("0.88"), None, d("0.52"), d("0.75")]
    lifts = [d("1.04"), d("1.22004"), d("1.46"), d("1.01"), d("1.16")]

    def newly(place: str, k: int, n: int, slot: int) -> dict:
        v = {y2: wan(many.threshold * lifts[slot % len(lifts)])}
        if prevs[slot % len(prevs)] is not None:
            v[y1] = wan(many.threshold * prevs[slot % len(prevs)])
        return dict(case=f"newly ≥ {many.threshold} ({k + 1}/{n}): county {place}", place=place, v=v)

    commend = [newly("B", k, many.count, k) for k in range(many.count)] + [
        newly("C", k, many.count - 1, many.count + k) for k in range(many.count - 1)
    ]
    # C's last entity was just below the bar last year: still newly cultivated.
    if many.count > 1:
        commend[-1]["v"][y1] = many.threshold - CENT
    title, title_alt = policy.m2_title.titles[0], policy.m2_title.titles[-1]
    base = policy.m6_base.titles[0]
    return [
        # m2.tier2022 boundary: 999.99 is ineligible, 1000 awarded.
        dict(case="tier2022 just below", place=1, v={y1: t22 - CENT, y2: d("2480.50")}),
        dict(case="tier2022 at threshold, tier2023 just below", place=2, v={y1: t22, y2: lo - CENT}, alias=True),
        dict(case="tier2023 at lowest threshold (top-up over 2022)", place=3, v={y1: d("3120.00"), y2: lo}),
        dict(
            case=f"newly ≥ {big.threshold}: county A commended",
            place="A",
            v={y1: wan(big.threshold * d("0.81504")), y2: big.threshold},
        ),
        dict(case="just below middle tier", place=4, v={y1: d("12010.00"), y2: mid - CENT}),
        dict(case="top tier at threshold", place=0, v={y1: d("15500.00"), y2: hi}),
        dict(case="just below top tier", place=5, v={y1: d("18020.30"), y2: hi - CENT}),
        dict(case="established above top tier", place=0, v={y1: d("26800.00"), y2: d("31250.75")}),
        *commend,
        dict(
            case="national title beats tier (就高)",
            place=6,
            v={y1: d("10200.00"), y2: d("12400.00")},
            title={y2: title},
        ),
        dict(
            case="national title without 纳统",
            place=7,
            v={y1: d("760.00"), y2: d("900.00")},
            title={y1: title_alt},
            in_stats=False,
        ),
        dict(
            case="title 2022, tier 2023: top-up 0", place=8, v={y1: d("1500.00"), y2: d("5600.00")}, title={y1: title}
        ),
        dict(
            case="national e-commerce demonstration base (m6.base)",
            place=9,
            v={y1: d("420.00"), y2: d("600.00")},
            title={y2: base},
            trade=False,
            alias=True,
        ),
        dict(
            case="provincial title: not national",
            place=10,
            v={y1: d("1800.00"), y2: d("3300.00")},
            title={y2: PROVINCIAL_TITLE},
        ),
        dict(case="outside the city", place="out0", v={y1: d("2100.00"), y2: d("6000.00")}),
        dict(case="outside the city", place="out1", v={y1: d("1200.00"), y2: d("1350.00")}),
        dict(
            case="invalid code: wrong check character",
            place=11,
            v={y1: d("2500.00"), y2: d("5600.00")},
            code="badcheck",
            alias=True,
        ),
        dict(case="invalid code: 17 characters", place=12, v={y1: d("1100.00"), y2: d("1300.00")}, code="short"),
        dict(case="invalid code: letter O", place=13, v={y2: d("5500.00")}, code="letter"),
        dict(
            case="lower-case code (valid after upper-casing)",
            place=1,
            v={y1: d("1999.00"), y2: d("2300.00")},
            code="lower",
        ),
        dict(
            case="code with a space inside (valid after stripping)",
            place=2,
            v={y1: d("1020.00"), y2: d("1400.00")},
            code="space",
        ),
        dict(case="no online retail reported", place=3, v={y1: d("1300.00"), y2: None}),
        dict(
            case="not a trade enterprise; new fiscal revenue but not a converted branch (m3 ineligible)",
            place=4,
            v={y1: d("2000.00"), y2: d("5100.00")},
            trade=False,
            fiscal={y2: d("66.00")},
            converted=False,
        ),
        dict(case="not 纳统", place=5, v={y1: d("1700.00"), y2: d("6000.00")}, in_stats=False),
        dict(case="new fiscal revenue", place=0, v={y1: d("640.00"), y2: d("880.00")}, fiscal={y2: d("120.00")}),
        dict(
            case="new fiscal revenue, reward rounded down to 0.01",
            place=4,
            v={y1: d("1450.00"), y2: d("1610.00")},
            fiscal={y2: d("87.65")},
        ),
        dict(
            case="new fiscal revenue in a county missing from fiscal_ratios",
            place="nofiscal",
            v={y1: d("300.00"), y2: d("410.00")},
            fiscal={y2: d("56.78")},
            alias=True,
        ),
        dict(case="new fiscal revenue 0", place=2, v={y1: d("200.00"), y2: d("260.00")}, fiscal={y2: d("0")}),
        dict(
            case="new fiscal revenue but not 纳统",
            place=3,
            v={y1: d("180.00"), y2: d("240.00")},
            fiscal={y2: d("33.30")},
            in_stats=False,
        ),
        dict(
            case="new fiscal revenue in both years: paid once (一次性奖励), the later year superseded",
            place=6,
            v={y1: d("510.00"), y2: d("590.00")},
            fiscal={y1: d("45.25"), y2: d("38.10")},
        ),
    ]


def min_enterprises(policy: Policy) -> int:
    """The smallest --enterprises: the planted cases present in one year."""
    planted = _planted_enterprises(policy)
    return max(sum(1 for p in planted if y in p["v"]) for y in policy.annual_years)


def fiscal_missing_county(seed: int, policy: Policy) -> str:
    """The unit left out of fiscal_ratios (an entity there has new fiscal revenue: m3 ineligible)."""
    return policy.counties[-1].name


def _commend_counties(policy: Policy) -> dict[str, County]:
    """Counties A, B, C of the commendation cases: distinct, and no other planted entity is placed there."""
    n = len(policy.counties)
    pick = [policy.counties[i % n] for i in (n - 4, n - 3, n - 2)]
    return dict(zip("ABC", pick))


def generate_enterprises(seed: int, policy: Policy, n: int) -> pl.DataFrame:
    """Measures 2, 3, 6 input: about `n` entities per year for the annual years, Chinese headers."""
    rng = random.Random(f"jncli-samples:{seed}:enterprises")
    names = Names(rng)
    y1, y2 = sorted(policy.annual_years)[:2]
    units = list(policy.counties)
    commend = _commend_counties(policy)
    reserved = {c.name for c in commend.values()}
    ordinary = [c for c in units if c.name not in reserved]
    city = city_prefix(policy)
    missing = fiscal_missing_county(seed, policy)
    trades = ("电子商务", "网络科技", "商贸", "供应链管理", "食品", "农产品", "家居用品", "服饰")

    entities = []
    for p in _planted_enterprises(policy):
        place = p["place"]
        if isinstance(place, int):
            unit = ordinary[place % len(ordinary)]
        elif place in commend:
            unit = commend[place]
        elif place == "nofiscal":
            unit = next(c for c in units if c.name == missing)
        else:
            unit = None
        if unit is None:
            out_name, division = OUTSIDE[int(place[-1]) % len(OUTSIDE)]
            county_name, word = out_name, out_name[:2]
        else:
            division = unit.code if len(unit.code) == 6 else city
            county_name, word = unit.name, place_word(unit)
        code = make_code(rng, division)
        kind = p.get("code")
        if kind == "badcheck":
            code = bad_check(code)
        elif kind == "short":
            code = code[:17]
        elif kind == "letter":
            code = code[:10] + "O" + code[11:]  # O is not in the GB 32100 alphabet
        elif kind == "lower":
            code = code.lower()
        elif kind == "space":
            code = code[:8] + " " + code[8:]
        if unit is not None and p.get("alias") and unit.aliases:
            county_name = unit.aliases[0]
        entities.append(
            dict(
                code=code,
                name=names(word, rng.choice(trades)),
                county=county_name,
                v=p["v"],
                title=p.get("title", {}),
                fiscal=p.get("fiscal", {}),
                converted=p.get("converted", bool(p.get("fiscal"))),
                in_stats=p.get("in_stats", True),
                trade=p.get("trade", True),
            )
        )

    planted_per_year = max(sum(1 for e in entities if y in e["v"]) for y in (y1, y2))
    # Ordinary entities stay below the lowest 2023 tier and commendation bar, so those cases stay as
    # planted; a fifth sit around the 2022 threshold; a few exit after the first year or enter in the second.
    ceiling = 0.96 * float(
        min([t.threshold for t in policy.m2_tier2023.tiers] + [r.threshold for r in policy.m2_commend])
    )
    t22 = float(policy.m2_tier2022.tiers[0].threshold)
    for _ in range(max(0, n - planted_per_year)):
        unit = rng.choice(ordinary)
        r = rng.random()
        first = wan(rng.uniform(50, 0.8 * ceiling) if rng.random() < 0.8 else rng.uniform(0.9 * t22, 1.1 * t22))
        second = wan(min(float(first) * rng.uniform(0.8, 1.35), ceiling))
        v = {y1: first, y2: second} if r < 0.9 else ({y1: first} if r < 0.95 else {y2: second})
        fiscal = {y2: wan(rng.uniform(5, 300))} if rng.random() < 0.15 else {}
        entities.append(
            dict(
                code=make_code(rng, unit.code if len(unit.code) == 6 else city),
                name=names(place_word(unit), rng.choice(trades)),
                county=unit.name,
                v=v,
                title={},
                fiscal=fiscal,
                converted=bool(fiscal),  # no draw: the other entities stay as they were
                in_stats=rng.random() < 0.85,
                trade=rng.random() < 0.9,
            )
        )
    rng.shuffle(entities)

    rows = []
    for year in (y1, y2):
        for e in entities:
            if year not in e["v"]:
                continue
            value = e["v"][year]
            if year == y1:  # the year before y1: a made-up figure somewhat below y1's
                prev = wan(float(value) * rng.uniform(0.55, 0.95)) if value is not None else None
            else:
                prev = e["v"].get(y1)
            rows.append(
                (
                    e["code"],
                    e["name"],
                    e["county"],
                    year,
                    "是" if e["in_stats"] else "否",
                    "是" if e["trade"] else "否",
                    value,
                    prev,
                    e["title"].get(year),
                    e["fiscal"].get(year),
                    "是" if e["converted"] else "否",
                )
            )
    h = ENTERPRISE_HEADERS
    schema = {
        h["credit_code"]: pl.String,
        h["name"]: pl.String,
        h["county"]: pl.String,
        h["year"]: pl.Int64,
        h["in_statistics"]: pl.String,
        h["is_trade"]: pl.String,
        h["online_retail"]: MONEY,
        h["online_retail_prev"]: MONEY,
        h["national_title"]: pl.String,
        h["new_fiscal_revenue"]: MONEY,
        h["converted_branch"]: pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def generate_fiscal_ratios(seed: int, policy: Policy) -> pl.DataFrame:
    """Measure 3 ratios (county, ratio in 0..1) for every unit but one (its entity is then ineligible)."""
    rng = random.Random(f"jncli-samples:{seed}:fiscal_ratios")
    missing = fiscal_missing_county(seed, policy)
    rows = [(c.name, float(wan(rng.uniform(0.3, 0.8)))) for c in policy.counties if c.name != missing]
    return pl.DataFrame(rows, schema={"county": pl.String, "ratio": pl.Float64}, orient="row")
