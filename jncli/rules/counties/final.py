"""`score-counties --final`: one row per county and year, its single award under measure 1.

……（上述奖励政策不重复奖励）
(No county is rewarded twice: the score-counties table holds at most one awarded row per county and
year, and --final says which, citing the other categories' outcomes; RULES.md §1, `--final`.)
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from jncli.errors import DataError
from jncli.ledger import AWARDED, INELIGIBLE, NOT_RANKED, OUT_OF_PERIOD, SUPERSEDED
from jncli.policy import Policy
from jncli.rules.counties.common import CATEGORIES, FINAL_COLUMNS, MEASURE, fmt_dec, output_types, rule_name, where

_FINAL_T = {
    "zh": {
        "awarded": "依据第一条（{year}年度）：{county}最终获「{name}」补贴{amount}万元",
        "others": "；{items}",
        "none": "依据第一条（{year}年度）：{county}未获补贴（{items}）",
        "item": "「{name}」{status}",
        "sep": "，",
        "end": "。",
        "status": {
            AWARDED: "获补贴",
            SUPERSEDED: "就高不重复奖励",
            INELIGIBLE: "不符合条件",
            NOT_RANKED: "未进入前{n}位",
            OUT_OF_PERIOD: "不在政策执行年度内",
        },
    },
    "en": {
        "awarded": 'Article 1 ({year}): {county} receives {amount} 万元 from "{name}"',
        "others": "; {items}",
        "none": "Article 1 ({year}): {county} receives no award ({items})",
        "item": '"{name}" {status}',
        "sep": ", ",
        "end": ".",
        "status": {
            AWARDED: "awarded",
            SUPERSEDED: "superseded (no double award)",
            INELIGIBLE: "ineligible",
            NOT_RANKED: "not in the top {n}",
            OUT_OF_PERIOD: "outside the policy years",
        },
    },
}


def final_awards(table: pl.DataFrame, policy: Policy, lang: str = "zh") -> pl.DataFrame:
    """One row per county and year from a score-counties table: its final award and the category it came from.

    Accepts score-counties output as produced, or read back from a file (strings are cast). A county with no
    award gets award 0, an empty category, and the status and rule of its best-ranked category row.
    """
    missing = [c for c in ("rule", "status", "award", "year") if c not in table.columns]
    if missing or ("county" not in table.columns and "beneficiary" not in table.columns):
        raise DataError(f"--final needs a score-counties table; the input lacks {', '.join(missing) or 'county'}")
    order = {CATEGORIES[k].rule: i for i, k in enumerate(policy.m1_category_order) if k in CATEGORIES}
    groups = _county_years(table, order)
    results = [_final_row(county, year, items, order, policy, lang) for (county, year), items in groups.items()]
    results.sort(key=lambda r: (r["year"], -r["award"], r["county"]))
    types = output_types(policy)
    return pl.DataFrame(
        {c: [r[c] for r in results] for c in FINAL_COLUMNS}, schema={c: types[c] for c in FINAL_COLUMNS}
    )


def _county_years(table: pl.DataFrame, order: dict[str, int]) -> dict[tuple[str, int], list[dict]]:
    """The table's rows by county and year; every row must be a measure-1 rule's, with county and year."""
    county_col = "county" if "county" in table.columns else "beneficiary"
    keep = [c for c in (county_col, "rule", "status", "award", "year", "rank", "_source", "_row") if c in table.columns]
    groups: dict[tuple[str, int], list[dict]] = {}
    for row in table.select(keep).rows(named=True):
        if row["rule"] not in order:
            raise DataError(
                f"{where(row)}: rule {row['rule']!r} is not a measure-1 rule "
                f"({', '.join(order)}): --final reads score-counties output"
            )
        if row[county_col] is None or row["year"] is None:
            raise DataError(f"{where(row)}: county and year must not be empty")
        groups.setdefault((row[county_col], int(row["year"])), []).append(row)
    return groups


def _rank_of(r: dict) -> int:
    try:
        return int(r.get("rank")) if r.get("rank") not in (None, "") else 1 << 60
    except (TypeError, ValueError):
        return 1 << 60


def _final_row(county: str, year: int, items: list[dict], order: dict[str, int], policy: Policy, lang: str) -> dict:
    """A county's one award of the year (不重复奖励), or none, with the outcome of each of its categories."""
    t = _FINAL_T[lang]
    n = len(policy.m1_awards)

    def item_text(r: dict) -> str:
        status = t["status"].get(r["status"], r["status"]).replace("{n}", str(n))
        return t["item"].format(name=rule_name(policy, r["rule"], lang), status=status)

    items.sort(key=lambda r: order[r["rule"]])
    awarded = [r for r in items if r["status"] == AWARDED]
    if len(awarded) > 1:
        raise DataError(
            f"{where(awarded[0])} and {where(awarded[1])}: {county} has two awarded rows for {year}, "
            f"which measure 1 forbids (上述奖励政策不重复奖励)"
        )
    if awarded:
        best = awarded[0]
        amount = Decimal(str(best["award"])).quantize(Decimal(1).scaleb(-policy.award_decimals))
        basis = t["awarded"].format(
            year=year, county=county, name=rule_name(policy, best["rule"], lang), amount=fmt_dec(amount, 2)
        )
        others = [item_text(r) for r in items if r is not best]
        if others:
            basis += t["others"].format(items=t["sep"].join(others))
        category = next(k for k, c in CATEGORIES.items() if c.rule == best["rule"])
    else:
        best = min(items, key=lambda r: (_rank_of(r), order[r["rule"]]))
        amount, category = Decimal(0), None
        basis = t["none"].format(year=year, county=county, items=t["sep"].join(item_text(r) for r in items))
    return {
        "county": county,
        "category": category,
        "year": year,
        "beneficiary": county,
        "beneficiary_name": county,
        "measure": MEASURE,
        "rule": best["rule"],
        "award": amount,
        "status": best["status"],
        "basis": basis + t["end"],
    }
