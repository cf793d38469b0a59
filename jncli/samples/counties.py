"""The measure-1 input of `jncli samples`: counties.csv, every policy unit's retail figures by year.

Long form, one row per unit and year (the year before the first annual year, then the annual years),
with the Chinese headers and units of the statistics bureau's tables. Magnitudes follow Jining's:
online retail of a few hundred 亿元 a year in all, so 10^5..10^6 万元 per unit, functional zones
smaller and with little rural retail. A few units are given parts (`county_roles`) so that measure 1's
interesting cases occur: the largest market growing slowest (rank 1 but below the average growth),
a unit placed in two categories (就高), a small fast grower, a decliner, and a zone with no rural
online retail at all (previous value 0, so it cannot be scored on rural growth).
"""

from __future__ import annotations

import random

import polars as pl

from jncli.policy import Policy
from jncli.samples.common import MONEY, sample_years, wan


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
    years = sample_years(policy)
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
            rows.append((unit.name, year, wan(online), wan(rural), wan(ent), wan(above)))
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
