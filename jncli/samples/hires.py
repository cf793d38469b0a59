"""The measure-8 inputs of `jncli samples`: hires.csv, insurance.csv and county_rates.csv.

hires.csv: first the planted hires, one per case the rule must get right, then `--hires` in all with
ordinary hires. The trainers are the samples' own whitelist candidates of the policy's trainer category:
those `jncli whitelist` includes (as of the samples' as-of date) are "listed", one it excludes is the
"unlisted trainer". Planted, around the last annual year Y: exactly 6 consecutive months (qualifies)
and exactly 5 (does not); a gap month that breaks a run (does not) and a gap before a full run
(qualifies, from the month after the gap); training after hiring; an unlisted trainer; the 6th month
in Y+1 (needs --as-of in Y+1) and in Y−1 (counts in Y−1, not Y); a person who moved to another
employer after 3 months; months paid before hiring (not counted); a month listed twice (counted once);
an employer outside the city and one with an invalid credit code.
insurance.csv: one row per person, employer and month paid (`参保月份` as 202305).
county_rates.csv: 万元 per qualifying hire for every other county, so that some employers are
`awarded` and others stay `qualified`.

Person ids are synthetic 身份证号 with a valid check character but the area code 99xxxx, which no
region has: no sample id can be a real person's.
"""

from __future__ import annotations

import datetime as dt
import random

import polars as pl

from jncli.policy import Policy
from jncli.samples.common import CENT, MONEY, OUTSIDE, Names, bad_check, city_prefix, make_code, place_word, wan
from jncli.samples.whitelist import CANDIDATE_HEADERS, sample_as_of

HIRES_HEADERS = {
    "credit_code": "统一社会信用代码",
    "name": "企业名称",
    "county": "县市区",
    "person_id": "身份证号",
    "training": "培训机构",
    "trained_on": "培训日期",
    "hired_on": "入职日期",
}
INSURANCE_HEADERS = {"person_id": "身份证号", "credit_code": "统一社会信用代码", "month": "参保月份"}
RATE_HEADERS = {"county": "县市区", "rate": "每人奖励(万元)"}
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
MAX_EMPLOYERS = 400


def person_id(rng: random.Random, area: str, used: set[str]) -> str:
    """A synthetic 身份证号: area 99xxxx (no region has it), a birth date 1985..2004, a sequence, the check."""
    while True:
        born = dt.date(1985, 1, 1) + dt.timedelta(days=rng.randrange(7300))
        first17 = f"99{area[-4:]}{born:%Y%m%d}{rng.randrange(1000):03d}"
        pid = first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS)) % 11]
        if pid not in used:
            used.add(pid)
            return pid


def trainer_codes(policy: Policy, candidates: pl.DataFrame, records: pl.DataFrame) -> tuple[list[str], list[str]]:
    """(listed, unlisted): the trainer-category candidates the samples' whitelist includes, and excludes."""
    from jncli.rules.whitelist import vet_whitelist

    renamed = {v: k for k, v in CANDIDATE_HEADERS.items()}
    cands = candidates.rename(renamed).with_columns(pl.col("revenue").cast(pl.Decimal(38, 6)))
    vetted = vet_whitelist(cands, records, policy, as_of=sample_as_of(policy), lang="en").table
    key = policy.category(policy.m8.trainer_category).key
    trainers = vetted.filter(pl.col("category") == key)
    # sorted: the samples must not depend on the order the whitelist writes its rows in
    listed = sorted(trainers.filter(pl.col("decision") == "include")["beneficiary"].to_list())
    unlisted = sorted(trainers.filter(pl.col("decision") == "exclude")["beneficiary"].to_list())
    return listed, unlisted


def _months(year: int, month: int, count: int, skip: tuple[int, ...] = ()) -> list[tuple[int, int]]:
    """`count` calendar months from year-month on, leaving out the `skip`-th ones (0-based)."""
    out = []
    for k in range(count):
        if k in skip:
            continue
        m = year * 12 + month - 1 + k
        out.append((m // 12, m % 12 + 1))
    return out


def _planted(y: int) -> list[dict]:
    """The planted hires around year y: employer key, training ("college" / "listed" / "unlisted"),
    dates, and the months the employer paid (`paid`) or another employer paid (`elsewhere`)."""
    d = dt.date
    return [
        # exactly 6 consecutive months: qualifies in y (the 6th month is y-08); one month listed twice
        dict(emp="A", training="college", trained=d(y, 1, 15), hired=d(y, 3, 10), paid=_months(y, 3, 6), twice=True),
        # exactly 5: one short
        dict(emp="A", training="listed", trained=d(y, 2, 20), hired=d(y, 4, 1), paid=_months(y, 4, 5)),
        # a gap month breaks the run: 3 + 5 months
        dict(emp="A", training="listed", trained=d(y, 1, 5), hired=d(y, 2, 1), paid=_months(y, 2, 9, skip=(3,))),
        # trained after being hired
        dict(emp="B", training="college", trained=d(y, 5, 1), hired=d(y, 4, 1), paid=_months(y, 4, 9)),
        # trained by an institution the whitelist excludes
        dict(emp="B", training="unlisted", trained=d(y, 2, 1), hired=d(y, 3, 1), paid=_months(y, 3, 10)),
        # a gap right after hiring, then 6 in a row: qualifies from y-03 (6th month y-08)
        dict(emp="B", training="listed", trained=d(y - 1, 12, 1), hired=d(y, 1, 5), paid=_months(y, 1, 8, skip=(1,))),
        # the 6th month falls in y+1: 4 months by 31 December, qualifies with --as-of in y+1
        dict(emp="C", training="college", trained=d(y, 7, 1), hired=d(y, 9, 1), paid=_months(y, 9, 7)),
        # the 6th month falls in y-1: counts in y-1, not in y
        dict(emp="C", training="listed", trained=d(y - 1, 4, 1), hired=d(y - 1, 5, 1), paid=_months(y - 1, 5, 14)),
        # moved to employer A after 3 months: A's months are not C's
        dict(
            emp="C",
            training="college",
            trained=d(y - 1, 12, 1),
            hired=d(y, 1, 3),
            paid=_months(y, 1, 3),
            elsewhere=_months(y, 4, 9),
        ),
        # paid by the employer before being hired (not counted): June..November still make 6
        dict(emp="C", training="listed", trained=d(y, 5, 1), hired=d(y, 6, 1), paid=_months(y, 1, 11)),
        # the employer is outside the city / has an invalid credit code
        dict(emp="out", training="college", trained=d(y, 1, 1), hired=d(y, 2, 1), paid=_months(y, 2, 10)),
        dict(emp="bad", training="college", trained=d(y, 1, 1), hired=d(y, 2, 1), paid=_months(y, 2, 10)),
    ]


def min_hires(policy: Policy) -> int:
    """The smallest --hires: the planted hires."""
    return len(_planted(max(policy.annual_years)))


def generate_hires(
    seed: int, policy: Policy, n: int, candidates: pl.DataFrame, records: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(hires, insurance): the planted hires, then ordinary ones up to `n` hires in all."""
    rng = random.Random(f"jncli-samples:{seed}:hires")
    names = Names(rng)
    y = max(policy.annual_years)
    city = city_prefix(policy)
    listed, unlisted = trainer_codes(policy, candidates, records)
    listed = listed or [make_code(rng, city)]
    unlisted = unlisted or [make_code(rng, city)]
    college = policy.m8.college_words[0]
    units = list(policy.counties)
    used: set[str] = set()

    def employer(unit, outside=None, bad=False) -> dict:
        if outside:
            county, division, word = outside[0], outside[1], outside[0][:2]
        else:
            county, division, word = unit.name, unit.code if len(unit.code) == 6 else city, place_word(unit)
        code = make_code(rng, division)
        return dict(code=bad_check(code) if bad else code, name=names(word, "电子商务"), county=county, area=division)

    planted_employers = {
        "A": employer(units[0]),
        "B": employer(units[1 % len(units)]),
        "C": employer(units[2 % len(units)]),
        "out": employer(None, outside=OUTSIDE[0]),
        "bad": employer(units[3 % len(units)], bad=True),
    }
    # about 3 hires per employer, at most MAX_EMPLOYERS employers (the synthetic names run out beyond)
    pool = [employer(rng.choice(units)) for _ in range(min(MAX_EMPLOYERS, max(3, (n - min_hires(policy)) // 3)))]
    hires, paid = [], []

    def add(emp: dict, training: str, trained, hired, months, elsewhere=(), twice=False) -> None:
        pid = person_id(rng, emp["area"], used)
        code = {"college": college, "listed": rng.choice(listed), "unlisted": unlisted[0]}[training]
        hires.append((emp["code"], emp["name"], emp["county"], pid, code, trained, hired))
        paid.extend((pid, emp["code"], f"{yy}{mm:02d}") for yy, mm in months)
        if twice and months:
            paid.append((pid, emp["code"], f"{months[2][0]}{months[2][1]:02d}"))
        other = planted_employers["A"]["code"]
        paid.extend((pid, other, f"{yy}{mm:02d}") for yy, mm in elsewhere)

    for p in _planted(y):
        emp = planted_employers[p["emp"]]
        add(emp, p["training"], p["trained"], p["hired"], p["paid"], p.get("elsewhere", ()), p.get("twice", False))
    for _ in range(n - len(hires)):
        emp = rng.choice(pool)
        hired = dt.date(y - 1, 1, 1) + dt.timedelta(days=rng.randrange(700))
        trained = hired - dt.timedelta(days=rng.randrange(10, 200))
        training = rng.choices(["college", "listed", "unlisted"], weights=(5, 8, 1))[0]
        last = (y - hired.year) * 12 + 12 - hired.month + 1  # months from hiring to December of y
        count = min(last, rng.choice((2, 4, 5, 6, 7, 9, 12, 12, 14, 18)))
        add(emp, training, trained, hired, _months(hired.year, hired.month, count))
    rng.shuffle(hires)  # planted and ordinary hires mixed, as a real list would be
    hires_frame = pl.DataFrame(
        hires,
        schema={HIRES_HEADERS[k]: (pl.Date if k.endswith("_on") else pl.String) for k in HIRES_HEADERS},
        orient="row",
    )
    insurance = pl.DataFrame(paid, schema={v: pl.String for v in INSURANCE_HEADERS.values()}, orient="row")
    return hires_frame, insurance.sort(list(INSURANCE_HEADERS.values()), maintain_order=True)


def generate_county_rates(seed: int, policy: Policy) -> pl.DataFrame:
    """万元 per qualifying hire for every other unit (0.20..0.60, i.e. 2000..6000 元): the others set none."""
    rng = random.Random(f"jncli-samples:{seed}:county_rates")
    rows = [(u.name, wan(rng.randrange(20, 61) * CENT)) for i, u in enumerate(policy.counties) if i % 2 == 0]
    return pl.DataFrame(rows, schema={RATE_HEADERS["county"]: pl.String, RATE_HEADERS["rate"]: MONEY}, orient="row")
