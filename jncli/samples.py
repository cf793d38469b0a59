"""`jncli samples`: deterministic SYNTHETIC data sets for every command.

Nothing here is real statistics. The values are made up so that each measure's interesting cases occur
(RULES.md): a rank-1 county that fails the growth test, a county placed in two categories (就高),
enterprises exactly at and just below every tier threshold, invalid credit codes, national and
provincial titles, shops migrated from inside and outside the city, whitelist candidates at and just
below every category minimum, expired / repaired / future-dated violation records.

Determinism: the small sets draw from `random.Random` seeded with a string made from `seed` and the
set's name (string seeds hash with SHA-512, so they do not depend on PYTHONHASHSEED and each set is
independent of the others' sizes). The shop registry draws from a pure integer hash of
(seed, stream, row index) written as polars UInt64 arithmetic, so any row can be computed on its own:
the registry streams in batches (`--shops 10000000` in bounded memory) and the same seed gives
byte-identical files whatever the batch size.

County names, the city name, thresholds, titles, category minimums and dates come from the `Policy`
object; only places outside the city (菏泽市, 杭州市 …) and generic vocabulary are written here.
Files are written only through `jncli.tableio`.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from jncli import credit_code
from jncli.errors import UsageError
from jncli.policy import County, Policy, load_policy

MONEY = pl.Decimal(38, 2)  # sample money columns: 万元 with 2 decimals, written without float noise
CENT = Decimal("0.01")

# Places outside the city, with their administrative division codes (for credit codes).
OUTSIDE = (("菏泽市", "371700"), ("临沂市", "371300"))
# Cities a shop may migrate from (回迁); a share of migrations instead come from inside the city.
ORIGIN_CITIES = ("杭州市", "广州市", "深圳市", "上海市", "北京市", "临沂市", "义乌市", "苏州市")
PLATFORMS = ("淘宝", "天猫", "京东", "拼多多", "抖音", "快手")
PLATFORM_WEIGHTS = (28, 14, 12, 20, 18, 8)  # percent

SHOPS_FORMATS = ("csv", "parquet")
FILE_NAMES = {
    "counties": "counties.csv",
    "enterprises": "enterprises.csv",
    "fiscal_ratios": "fiscal_ratios.csv",
    "candidates": "candidates.csv",
    "records": "records.csv",
}


# ============================================================================================ API
def write_samples(
    output_dir: str, *, seed: int, shops: int, enterprises: int, shops_format: str = "csv", policy: Policy | None = None
) -> list[str]:
    """Write every data set into `output_dir` (created if needed); return the paths written."""
    from jncli import tableio

    if shops < 0:
        raise UsageError(f"--shops must be ≥ 0, not {shops}")
    fmt = shops_format.strip().lower()
    if fmt not in SHOPS_FORMATS:
        raise UsageError(f"--shops-format must be csv or parquet, not {shops_format!r}")
    if shops > MAX_SHOPS:
        raise UsageError(f"--shops must be at most {MAX_SHOPS:,}, not {shops:,}")
    pol = policy or load_policy()
    if enterprises < min_enterprises(pol):
        raise UsageError(
            f"--enterprises must be at least {min_enterprises(pol)} (the planted cases), not {enterprises}"
        )
    try:
        os.makedirs(output_dir, exist_ok=True)
    except OSError as e:
        raise UsageError(f"cannot create folder {output_dir}: {e.strerror or e}") from None

    candidates = generate_candidates(seed, pol)
    frames = {
        "counties": generate_counties(seed, pol),
        "enterprises": generate_enterprises(seed, pol, enterprises),
        "fiscal_ratios": generate_fiscal_ratios(seed, pol),
        "candidates": candidates,
        "records": generate_records(seed, pol, candidates),
    }
    written = []
    for key, frame in frames.items():
        path = os.path.join(output_dir, FILE_NAMES[key])
        tableio.write_file(frame, path)
        written.append(path)
    path = os.path.join(output_dir, f"shops.{fmt}")
    tableio.sink_file(shops_lazy(seed, shops, pol), path)
    written.append(path)
    return written


# ============================================================================================ helpers
def _wan(x: float | Decimal) -> Decimal:
    """Money in 万元 rounded half-up to 0.01."""
    return Decimal(str(x)).quantize(CENT, rounding=ROUND_HALF_UP)


def _years(policy: Policy) -> tuple[int, ...]:
    """The year before the first annual year (so it has a previous year) and the annual years."""
    annual = sorted(policy.annual_years)
    return (annual[0] - 1, *annual)


def _city_prefix(policy: Policy) -> str:
    """The city's division code (e.g. 3708xx → 370800), for units without a code of their own."""
    codes = [c.code for c in policy.counties if len(c.code) == 6]
    return (codes[0][:4] + "00") if codes else "370000"


def _code(rng: random.Random, division: str, *, kind: str = "91") -> str:
    """A valid GB 32100-2015 code: registration authority + entity type, division, 9 random characters."""
    body = "".join(rng.choice(credit_code.CHARSET) for _ in range(9))
    return credit_code.make(kind + division + body)


def _bad_check(code: str) -> str:
    """The same code with a wrong check character."""
    i = credit_code.CHARSET.index(code[-1])
    return code[:-1] + credit_code.CHARSET[(i + 7) % len(credit_code.CHARSET)]


_NAME_HEADS = (
    "鲁",
    "济",
    "运河",
    "泉",
    "圣",
    "儒",
    "汇",
    "鑫",
    "华",
    "恒",
    "瑞",
    "嘉",
    "润",
    "丰",
    "博",
    "联",
    "优",
    "水泊",
    "湖光",
    "麒麟",
    "尼山",
    "铭",
    "信",
    "诚",
    "盛",
    "宏",
    "安",
    "康",
)
_NAME_TAILS = ("达", "源", "通", "品", "禾", "邦", "创", "聚", "拓", "航", "晟", "谷", "佳", "美", "融", "邻")


class _Names:
    """Unique synthetic company names."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def __call__(self, place: str, trade: str) -> str:
        for _ in range(1000):
            name = f"{place}{self.rng.choice(_NAME_HEADS)}{self.rng.choice(_NAME_TAILS)}{trade}有限公司"
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("ran out of synthetic names")  # pragma: no cover


def _short(unit: County) -> str:
    """A place word for names: the unit's shortest alias (任城, 高新区 …) or its name."""
    return min(unit.aliases, key=len) if unit.aliases else unit.name


# ============================================================================================ counties
def county_roles(seed: int, policy: Policy) -> dict[str, str | None]:
    """Which unit plays which part in the counties sample (the tests check the parts are played).

    leader: the first unit of the policy list, the largest online market, growing slowest in the last
      year: rank 1 in m1.online but below the city average growth (literal and filter-first differ);
    runner: strong in online (a top-3 place) and first in rural: placed in two categories (就高);
    rocket: small but fastest-growing online; decliner: online sales fall in the last year;
    no_rural: a functional zone with no rural online retail (previous value 0 → ineligible in rural).
    """
    rng = random.Random(f"jncli-samples:{seed}:county-roles")
    units = policy.counties
    pool = [c.name for c in units[1:] if c.kind == "county"] or [c.name for c in units[1:]]
    picked = rng.sample(pool, min(3, len(pool))) + [None, None, None]
    zones = [c.name for c in units if c.kind == "zone" and c.name not in picked]
    return {
        "leader": units[0].name,
        "runner": picked[0],
        "rocket": picked[1],
        "decliner": picked[2],
        "no_rural": zones[-1] if zones else None,
    }


COUNTY_HEADERS = {
    "county": "县市区",
    "year": "年份",
    "online_retail": "网络零售额(万元)",
    "rural_online_retail": "农村网络零售额(万元)",
    "ent_online_retail": "纳统电商零售企业实物商品网络零售额(万元)",
    "above_quota_retail": "限额以上消费品零售额(万元)",
}


def generate_counties(seed: int, policy: Policy) -> pl.DataFrame:
    """Measure 1 input, long form: every policy unit × (base year, annual years), Chinese headers with units.

    Magnitudes: Jining's online retail is a few hundred 亿元 a year, so 10^5..10^6 万元 per unit.
    """
    rng = random.Random(f"jncli-samples:{seed}:counties")
    roles = county_roles(seed, policy)
    role_of = {name: role for role, name in roles.items() if name}
    years = _years(policy)
    last = len(years) - 1
    rows = []
    for unit in policy.counties:
        role = role_of.get(unit.name)
        zone = unit.kind == "zone"
        online = {
            "leader": rng.uniform(9.0e5, 9.5e5),
            "runner": rng.uniform(3.5e5, 3.7e5),
            "rocket": rng.uniform(1.0e5, 1.3e5),
        }.get(role) or (rng.uniform(0.8e5, 1.5e5) if zone else rng.uniform(1.3e5, 2.8e5))
        rural_share = {"leader": rng.uniform(0.08, 0.12), "runner": rng.uniform(0.48, 0.52), "no_rural": 0.0}.get(role)
        if rural_share is None:
            rural_share = rng.uniform(0.02, 0.06) if zone else rng.uniform(0.22, 0.42)
        rural = online * rural_share
        ent = online * rng.uniform(0.12, 0.35)
        above = online * rng.uniform(1.5, 3.0)
        for k, year in enumerate(years):
            if k:
                final = k == last
                g = rng.uniform(0.06, 0.16)
                rg = rng.uniform(0.05, 0.18)
                eg = rng.uniform(-0.06, 0.25)
                if final:
                    g = {
                        "leader": rng.uniform(0.045, 0.06),
                        "runner": rng.uniform(0.17, 0.19),
                        "rocket": rng.uniform(0.28, 0.32),
                        "decliner": rng.uniform(-0.04, -0.01),
                    }.get(role, rng.uniform(0.07, 0.16))
                    rg = {"leader": rng.uniform(0.03, 0.06), "runner": rng.uniform(0.26, 0.30)}.get(role, rg)
                    eg = rng.uniform(-0.08, -0.03) if role == "decliner" else eg
                online *= 1 + g
                rural *= 1 + rg
                ent *= 1 + eg
                above *= 1 + rng.uniform(0.02, 0.09)
            rows.append((unit.name, year, _wan(online), _wan(rural), _wan(ent), _wan(above)))
    schema = {
        COUNTY_HEADERS["county"]: pl.String,
        COUNTY_HEADERS["year"]: pl.Int64,
        **{
            COUNTY_HEADERS[c]: MONEY
            for c in ("online_retail", "rural_online_retail", "ent_online_retail", "above_quota_retail")
        },
    }
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    return frame.sort(COUNTY_HEADERS["year"], maintain_order=True)


# ============================================================================================ enterprises
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
        v = {y2: _wan(many.threshold * lifts[slot % len(lifts)])}
        if prevs[slot % len(prevs)] is not None:
            v[y1] = _wan(many.threshold * prevs[slot % len(prevs)])
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
            v={y1: _wan(big.threshold * d("0.81504")), y2: big.threshold},
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
        dict(case="not a trade enterprise", place=4, v={y1: d("2000.00"), y2: d("5100.00")}, trade=False),
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
        dict(case="new fiscal revenue (2022)", place=6, v={y1: d("510.00"), y2: d("590.00")}, fiscal={y1: d("45.25")}),
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
    names = _Names(rng)
    y1, y2 = sorted(policy.annual_years)[:2]
    units = list(policy.counties)
    commend = _commend_counties(policy)
    reserved = {c.name for c in commend.values()}
    ordinary = [c for c in units if c.name not in reserved]
    city = _city_prefix(policy)
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
            county_name, word = unit.name, _short(unit)
        code = _code(rng, division)
        kind = p.get("code")
        if kind == "badcheck":
            code = _bad_check(code)
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
        first = _wan(rng.uniform(50, 0.8 * ceiling) if rng.random() < 0.8 else rng.uniform(0.9 * t22, 1.1 * t22))
        second = _wan(min(float(first) * rng.uniform(0.8, 1.35), ceiling))
        v = {y1: first, y2: second} if r < 0.9 else ({y1: first} if r < 0.95 else {y2: second})
        fiscal = {y2: _wan(rng.uniform(5, 300))} if rng.random() < 0.15 else {}
        entities.append(
            dict(
                code=_code(rng, unit.code if len(unit.code) == 6 else city),
                name=names(_short(unit), rng.choice(trades)),
                county=unit.name,
                v=v,
                title={},
                fiscal=fiscal,
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
                prev = _wan(float(value) * rng.uniform(0.55, 0.95)) if value is not None else None
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
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def generate_fiscal_ratios(seed: int, policy: Policy) -> pl.DataFrame:
    """Measure 3 ratios (county, ratio in 0..1) for every unit but one (its entity is then ineligible)."""
    rng = random.Random(f"jncli-samples:{seed}:fiscal_ratios")
    missing = fiscal_missing_county(seed, policy)
    rows = [(c.name, float(_wan(rng.uniform(0.3, 0.8)))) for c in policy.counties if c.name != missing]
    return pl.DataFrame(rows, schema={"county": pl.String, "ratio": pl.Float64}, orient="row")


# ============================================================================================ whitelist
CANDIDATE_HEADERS = {
    "credit_code": "统一社会信用代码",
    "name": "企业名称",
    "category": "类别",
    "county": "县市区",
    "revenue": "营业收入(万元)",
    "employees": "从业人数(人)",
    "years_operating": "经营年限(年)",
}
_FULL_WIDTH = {c: c + 0xFEE0 for c in range(ord("A"), ord("Z") + 1)}  # A → Ａ
CATEGORY_TRADES = {
    "park": "电商产业园运营管理",
    "mcn": "文化传媒",
    "training": "职业技能培训",
    "supply_chain": "供应链管理",
    "operation": "电商代运营",
    "content": "影视内容制作",
}


def generate_candidates(seed: int, policy: Policy) -> pl.DataFrame:
    """Measure 7 candidates: per category, one at every minimum, one just below each minimum, one failing
    two minimums, two comfortably above; plus two outside the city, one invalid code, one lower-case code.
    Categories are written in Chinese, English, by an alias, or in full-width forms."""
    rng = random.Random(f"jncli-samples:{seed}:candidates")
    names = _Names(rng)
    city = _city_prefix(policy)
    units = list(policy.counties)
    rows = []

    def add(cat, label, revenue, employees, years, outside=None, code_kind=None):
        if outside:
            county, division, word = outside[0], outside[1], outside[0][:2]
        else:
            unit = rng.choice(units)
            county, division, word = unit.name, unit.code if len(unit.code) == 6 else city, _short(unit)
        code = _code(rng, division)
        if code_kind == "badcheck":
            code = _bad_check(code)
        elif code_kind == "lower":
            code = code.lower()
        rows.append(
            (
                code,
                names(word, CATEGORY_TRADES.get(cat.key, "电子商务")),
                label,
                county,
                _wan(revenue),
                employees,
                years,
            )
        )

    for i, cat in enumerate(policy.m7_categories):
        labels = [cat.zh, cat.key, *(cat.aliases[:1] or [cat.zh])]
        label = lambda k: labels[(i + k) % len(labels)]  # noqa: E731 — rotate the spellings
        rev, emp, yrs = cat.revenue, cat.employees, float(cat.years_operating)
        add(cat, label(0), rev, emp, yrs)  # exactly at every minimum: passes
        add(cat, label(1), rev - CENT, emp, yrs)  # revenue 0.01 below
        add(cat, label(2), rev, emp - 1, yrs)  # one employee short
        add(cat, label(0), rev, emp, yrs - 0.5)  # half a year short
        add(cat, label(1), rev * Decimal("0.6"), max(emp - 3, 0), yrs)  # two reasons at once
        add(
            cat,
            label(2),
            rev * Decimal(str(round(rng.uniform(1.5, 4), 2))),
            emp + rng.randint(5, 60),
            yrs + rng.randint(1, 6),
        )  # comfortably above
        add(
            cat,
            label(0),
            rev * Decimal(str(round(rng.uniform(1.2, 3), 2))),
            emp + rng.randint(2, 30),
            yrs + rng.randint(0, 4),
        )  # comfortably above (gets a record)
    cats = policy.m7_categories

    def strong(cat, label, **kw):  # well above every minimum: only the place or the code can exclude it
        add(cat, label, cat.revenue * 2, cat.employees + 8, float(cat.years_operating) + 2, **kw)

    strong(cats[0], cats[0].zh, outside=OUTSIDE[0])
    strong(cats[-1], cats[-1].key, outside=OUTSIDE[1])
    mcn = cats[1 % len(cats)]
    # Full-width ＭＣＮ: NFKC makes it MCN机构, the category's Chinese name.
    strong(mcn, unicodedata.normalize("NFKC", mcn.zh).translate(_FULL_WIDTH), code_kind="badcheck")
    strong(cats[2 % len(cats)], cats[2 % len(cats)].zh, code_kind="lower")
    h = CANDIDATE_HEADERS
    schema = {
        h["credit_code"]: pl.String,
        h["name"]: pl.String,
        h["category"]: pl.String,
        h["county"]: pl.String,
        h["revenue"]: MONEY,
        h["employees"]: pl.Int64,
        h["years_operating"]: pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def sample_as_of(policy: Policy) -> dt.date:
    """The as-of date the records are laid out around: the last day of the policy period."""
    return policy.period_end


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # Feb 29 → Feb 28 (RULES.md §7)
        return day.replace(year=day.year - years, day=28)


def generate_records(seed: int, policy: Policy, candidates: pl.DataFrame) -> pl.DataFrame:
    """Violation / bad-credit records around the as-of date: in the window, on its first day, one day
    before it (expired), repaired before and after as-of, future-dated, two for one entity, one stranger."""
    rng = random.Random(f"jncli-samples:{seed}:records")
    as_of = sample_as_of(policy)
    start = _years_before(as_of, policy.m7_lookback_years)
    day = dt.timedelta(days=1)
    per_cat = 7
    codes = candidates[CANDIDATE_HEADERS["credit_code"]].to_list()
    # The 7th candidate of each category is comfortably above the minimums: only a record can exclude it.
    target = [codes[i * per_cat + 6] for i in range(len(policy.m7_categories))]
    target = (target * 6)[:6]
    at_min = codes[0]  # exactly at the minimums and with an expired record: included, not recommended
    kinds = ("违法违规", "不良信用", "行政处罚")
    rows = [
        (target[0], kinds[0], as_of - 180 * day, None),  # in the window: excluded
        (target[1], kinds[1], as_of - 650 * day, as_of - 340 * day),  # repaired before as-of: included
        (target[2], kinds[2], start - 400 * day, None),  # long expired: included
        (target[3], kinds[0], start, None),  # first day of the window: excluded
        (target[4], kinds[1], as_of + 32 * day, None),  # dated after as-of: ignored
        (target[5], kinds[2], as_of - 300 * day, as_of + 75 * day),  # repaired only after as-of: excluded
        (at_min, kinds[0], start - day, None),  # one day before the window: expired
        (at_min, kinds[1], as_of - 90 * day, as_of - 30 * day),  # and one repaired
        (_code(rng, "110105"), kinds[rng.randrange(3)], as_of - 100 * day, None),  # not a candidate
    ]
    return pl.DataFrame(
        rows,
        schema={"credit_code": pl.String, "kind": pl.String, "recorded_on": pl.Date, "repaired_on": pl.Date},
        orient="row",
    )


# ============================================================================================ shops
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
    years = _years(policy)
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
