"""The two commendations per county and the sentence of `basis` (m4.newshops, m4.migrated).

……集中推动开设一批网店，对当年新增网上店铺超过1000家的县（市、区）予以通报表扬。
……推动市内生产经营的企业将设在市外的网上店铺回迁，对当年迁入店铺纳统实物商品网络零售额列全市前3名的
县（市、区）予以通报表扬。
(m4.newshops: more than `m4_newshops_more_than` new shops; m4.migrated: the top `m4_migrated_top` by the
纳统 online retail of shops moved in, above 0, ranked by value then county name — a tie across the
commended line is warned about, a person must check.)
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from jncli.ledger import COMMENDED, INELIGIBLE, NOT_RANKED, OUT_OF_PERIOD, ledger_schema
from jncli.policy import Policy
from jncli.rules import Said, frame_from_rows
from jncli.rules.shops.common import AWARD_DECIMALS, COUNTS, MEASURE, MIGRATED, MONEY, NEWSHOPS, OUTPUT_COLUMNS, OUTSIDE


def _fmt(v: Decimal) -> str:
    """12.500000 → 12.5, 100.000000 → 100 (no exponent, no float noise)."""
    return format(v.normalize(), "f") if v != 0 else "0"


_T = {
    "zh": {
        "head": "依据第四条「{name}」（{year}年度）：",
        "new": "新增网上店铺{n}家",
        "new_yes": "超过{t}家，予以通报表扬",
        "new_no": "未超过{t}家，不予通报表扬",
        "mig": "迁入店铺（来自市外）{k}家，其中纳统店铺网络零售额{v}万元",
        "mig_yes": "列全市第{r}名，进入前{top}名，予以通报表扬",
        "mig_zero": "不大于0，不予通报表扬",
        "mig_no": "列全市第{r}名，未进入前{top}名",
        "tie": "与{others}同为{v}万元，名次按县名排序决定，须人工复核",
        "period": "{year}年不在政策适用年度（{years}）内，不予通报表扬",
        "outside": "{n}家店铺所在县区不属于{city}或未填写，计入{o}行，不参加评比",
        "sep": "；",
        "end": "。",
        "and": "、",
    },
    "en": {
        "head": "Article 4 ({name}, {year}): ",
        "new": "{n} new online shop{s}",
        "new_yes": "more than {t}: commended",
        "new_no": "not more than {t}: not commended",
        "mig": "{k} shop{ks} moved in from outside the city, with {v} 万元 of 纳统 online retail",
        "mig_yes": "rank {r} in the city, within the top {top}: commended",
        "mig_zero": "not above 0: not commended",
        "mig_no": "rank {r} in the city, outside the top {top}",
        "tie": "equal to {others} at {v} 万元; the order by county name decided the place, a person must check",
        "period": "{year} is not a data year of the policy ({years}): no commendation",
        "outside": "{n} shop{s} whose county is outside {city} or empty, counted in the {o} row, not ranked",
        "sep": "; ",
        "end": ".",
        "and": ", ",
    },
}


def _s(n: int) -> str:
    return "" if n == 1 else "s"  # English plural; the Chinese templates do not use it


def _rule_name(policy: Policy, rule: str, lang: str) -> str:
    info = policy.rules.get(rule)
    return rule if info is None else (info.name if lang == "zh" else info.name_en)


def _rank_migrated(rows: list[dict], top: int, in_period: bool) -> list[str]:
    """m4.migrated: rank the counties by migrated_retail (then name) and set each one's status — the top
    `top` with a positive value are commended; a warning for every tie across the commended line."""
    for r in rows:
        r["migrated_retail"] = r["migrated_retail"] if r["migrated_retail"] is not None else Decimal(0)
    ranked = sorted((r for r in rows if r["county"] != OUTSIDE), key=lambda r: (-r["migrated_retail"], r["county"]))
    for i, r in enumerate(ranked, start=1):
        r["rank"] = i
        positive = r["migrated_retail"] > 0
        if not in_period:
            r["status"] = OUT_OF_PERIOD
        else:
            r["status"] = INELIGIBLE if not positive else COMMENDED if i <= top else NOT_RANKED
    # A tie decides the outcome when equal values sit on both sides of the commended / not-ranked line.
    warnings = []
    for value in sorted({r["migrated_retail"] for r in ranked if r["migrated_retail"] > 0}, reverse=True):
        group = [r for r in ranked if r["migrated_retail"] == value]
        if in_period and len({r["status"] for r in group}) > 1:
            for r in group:
                r["tie"] = [g["county"] for g in group if g is not r]
            names = [g["county"] for g in group]
            warnings.append(
                Said(
                    f"m4.migrated: {', '.join(names)} have equal migrated_retail {_fmt(value)} 万元 "
                    f"across the top-{top} line; the order by county name decided who is commended — a "
                    f"person must check",
                    f"m4.migrated：{'、'.join(names)}迁入纳统零售额同为{_fmt(value)}万元，跨越前{top}名界线，"
                    f"按名称排序决定谁获通报表扬，请人工复核",
                )
            )
    return warnings


def _decide(per: pl.DataFrame, policy: Policy, year: int, lang: str) -> tuple[pl.DataFrame, list[str]]:
    """The two commendations per county. ≤ 15 rows: plain Python is clearest."""
    t = _T[lang]
    in_period = year in policy.annual_years
    years = t["and"].join(map(str, policy.annual_years))
    threshold, top = policy.m4_newshops_more_than, policy.m4_migrated_top
    rows = per.to_dicts()
    warnings = _rank_migrated(rows, top, in_period)
    out = []
    for r in rows:
        county = r["county"]
        counts = {k: r[k] for k in COUNTS}
        base = {
            "county": county,
            "year": year,
            **counts,
            "beneficiary": county,
            "beneficiary_name": county,
            "award": Decimal(0),
        }
        for rule in (NEWSHOPS, MIGRATED):
            head = t["head"].format(name=_rule_name(policy, rule, lang), year=year)
            if county == OUTSIDE:
                parts = [
                    t["new"].format(n=r["new_shops"], s=_s(r["new_shops"]))
                    if rule == NEWSHOPS
                    else t["mig"].format(k=r["migrated_in"], ks=_s(r["migrated_in"]), v=_fmt(r["migrated_retail"])),
                    t["outside"].format(n=r["_shops"], s=_s(r["_shops"]), o=OUTSIDE, city=policy.city_name),
                ]
                status, rank, tie = INELIGIBLE, None, False
            elif rule == NEWSHOPS:
                more = r["new_shops"] > threshold
                status = OUT_OF_PERIOD if not in_period else COMMENDED if more else INELIGIBLE
                parts = [t["new"].format(n=r["new_shops"], s=_s(r["new_shops"]))]
                if in_period:
                    parts.append(t["new_yes" if more else "new_no"].format(t=threshold))
                rank, tie = r["rank"], False
            else:
                status, rank = r["status"], r["rank"]
                parts = [t["mig"].format(k=r["migrated_in"], ks=_s(r["migrated_in"]), v=_fmt(r["migrated_retail"]))]
                if in_period:
                    key = "mig_zero" if status == INELIGIBLE else "mig_yes" if status == COMMENDED else "mig_no"
                    parts.append(t[key].format(r=rank, top=top))
                tie = "tie" in r
                if tie:
                    parts.append(t["tie"].format(others=t["and"].join(r["tie"]), v=_fmt(r["migrated_retail"])))
            if not in_period and county != OUTSIDE:
                parts.append(t["period"].format(year=year, years=years))
            info = policy.rules.get(rule)
            out.append(
                {
                    **base,
                    "measure": info.measure if info else MEASURE,
                    "rank": rank,
                    "tie_at_boundary": tie,
                    "rule": rule,
                    "status": status,
                    "basis": head + t["sep"].join(parts) + t["end"],
                }
            )
    schema = {
        "county": pl.String,
        "new_shops": pl.Int64,
        "closed_shops": pl.Int64,
        "active_end": pl.Int64,
        "migrated_in": pl.Int64,
        "migrated_retail": MONEY,
        "rank": pl.Int64,
        "tie_at_boundary": pl.Boolean,
        **ledger_schema(AWARD_DECIMALS),
    }
    return frame_from_rows(out, schema).select(OUTPUT_COLUMNS), warnings
