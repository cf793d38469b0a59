"""The measure-7 inputs of `jncli samples`: whitelist candidates.csv and violation records.csv.

candidates.csv: for every category of the policy, one candidate exactly at every minimum (revenue,
employees, years operating), one just below each minimum, one failing two at once and two comfortably
above; then two outside the city, one with an invalid check character and one with a lower-case code.
Categories are spelt in turn in Chinese, by their English key and by an alias, and once in full-width
letters (ＭＣＮ), because the real lists arrive spelt all these ways.
records.csv: violation / bad-credit records laid out around the as-of date (the last day of the policy
period) so that every edge of the look-back window occurs: inside it, on its first day, one day before
it, long expired, repaired before and only after the as-of date, dated after it, two records for one
entity, and one record for an entity that is not a candidate.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from decimal import Decimal

import polars as pl

from jncli.policy import Policy
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


def min_candidates(policy: Policy) -> int:
    """The planted candidates: seven per category and four more."""
    return 7 * len(policy.m7_categories) + 4


def generate_candidates(seed: int, policy: Policy, n: int | None = None) -> pl.DataFrame:
    """Measure 7 candidates: per category, one at every minimum, one just below each minimum, one failing
    two minimums, two comfortably above; plus two outside the city, one invalid code, one lower-case code.
    Categories are written in Chinese, English, by an alias, or in full-width forms. With `n` (at least
    `min_candidates`): more candidates after those, from 0.7 to 3 times each minimum, drawn from a stream
    of their own (the planted rows stay as they are)."""
    rng = random.Random(f"jncli-samples:{seed}:candidates")
    names = Names(rng)
    city = city_prefix(policy)
    units = list(policy.counties)
    rows = []

    def add(cat, label, revenue, employees, years, outside=None, code_kind=None, rng=rng):
        if outside:
            county, division, word = outside[0], outside[1], outside[0][:2]
        else:
            unit = rng.choice(units)
            county, division, word = unit.name, unit.code if len(unit.code) == 6 else city, place_word(unit)
        code = make_code(rng, division)
        if code_kind == "badcheck":
            code = bad_check(code)
        elif code_kind == "lower":
            code = code.lower()
        rows.append(
            (
                code,
                names(word, CATEGORY_TRADES.get(cat.key, "电子商务")),
                label,
                county,
                wan(revenue),
                employees,
                years,
            )
        )

    for i, cat in enumerate(policy.m7_categories):
        labels = [cat.zh, cat.key, *(cat.aliases[:1] or [cat.zh])]
        spelling = [labels[(i + k) % len(labels)] for k in range(3)]  # rotate the spellings across categories
        rev, emp, yrs = cat.revenue, cat.employees, float(cat.years_operating)
        add(cat, spelling[0], rev, emp, yrs)  # exactly at every minimum: passes
        add(cat, spelling[1], rev - CENT, emp, yrs)  # revenue 0.01 below
        add(cat, spelling[2], rev, emp - 1, yrs)  # one employee short
        add(cat, spelling[0], rev, emp, yrs - 0.5)  # half a year short
        add(cat, spelling[1], rev * Decimal("0.6"), max(emp - 3, 0), yrs)  # two reasons at once
        add(
            cat,
            spelling[2],
            rev * Decimal(str(round(rng.uniform(1.5, 4), 2))),
            emp + rng.randint(5, 60),
            yrs + rng.randint(1, 6),
        )  # comfortably above
        add(
            cat,
            spelling[0],
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
    more = random.Random(f"jncli-samples:{seed}:candidates-more")
    names.rng = more
    for _ in range(max(0, (n or 0) - len(rows))):
        cat = more.choice(cats)
        label = more.choice([cat.zh, cat.key, *cat.aliases[:1]])
        revenue = cat.revenue * Decimal(str(round(more.uniform(0.7, 3), 2)))
        employees = max(0, round(cat.employees * more.uniform(0.7, 3)))
        add(cat, label, revenue, employees, float(cat.years_operating) + more.randint(-1, 6), rng=more)
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


MIN_RECORDS = 9  # the planted records


def generate_records(seed: int, policy: Policy, candidates: pl.DataFrame, n: int | None = None) -> pl.DataFrame:
    """Violation / bad-credit records around the as-of date: in the window, on its first day, one day
    before it (expired), repaired before and after as-of, future-dated, two for one entity, one stranger.
    With `n` (at least MIN_RECORDS): more records after those, of random candidates, dated from two years
    before the window to two months after as-of, a third repaired, from a stream of their own."""
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
        (make_code(rng, "110105"), kinds[rng.randrange(3)], as_of - 100 * day, None),  # not a candidate
    ]
    more = random.Random(f"jncli-samples:{seed}:records-more")
    span = (as_of - start).days + 800
    for _ in range(max(0, (n or 0) - len(rows))):
        recorded = start - 730 * day + more.randrange(span) * day
        repaired = recorded + more.randrange(30, 700) * day if more.random() < 1 / 3 else None
        rows.append((more.choice(codes), more.choice(kinds), recorded, repaired))
    return pl.DataFrame(
        rows,
        schema={"credit_code": pl.String, "kind": pl.String, "recorded_on": pl.Date, "repaired_on": pl.Date},
        orient="row",
    )
