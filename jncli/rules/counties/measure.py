"""`score_counties`: measure 1 from the conformed counties table to one row per county and category.

对于当年网络零售总额和增幅进行综合评价，得分列全市前3位且增幅高于全市和全省平均增幅的县（市、区），
市财政分别给予每个县（市、区）补贴50万元、40万元、30万元。……（上述奖励政策不重复奖励）
(RULES.md §1: each ranking the input can feed is scored (scoring), its positions dealt under
不重复奖励 (awards), and every row explained (basis); a ranking the input lacks columns for is
skipped with a warning.)
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import polars as pl

from jncli.errors import DataError, UsageError
from jncli.ledger import AWARDED, INELIGIBLE, NOT_RANKED, OUT_OF_PERIOD
from jncli.policy import Policy
from jncli.rules import RuleResult, Said
from jncli.rules.counties.awards import _award, _Outcome, _tie_warnings
from jncli.rules.counties.basis import _basis, _outcome_text, _pct_texts
from jncli.rules.counties.blanks import said_about, said_about_missing
from jncli.rules.counties.common import (
    ELIGIBILITY,
    MEASURE,
    OUTPUT_COLUMNS,
    Category,
    categories,
    check_weights,
    fmt_dec,
    frac,
    output_types,
)
from jncli.rules.counties.prepare import _Input, _prepare
from jncli.rules.counties.scoring import _score_category, _Scored


def score_counties(
    frame: pl.DataFrame,
    policy: Policy,
    *,
    year: int | None = None,
    province_growth: float | None = None,
    province_rural_growth: float | None = None,
    city_growth: float | None = None,
    city_rural_growth: float | None = None,
    city_ent_change: Decimal | None = None,
    weights: tuple[float, float] | None = None,
    eligibility: str = "literal",
    reassign: bool = False,
    lang: str = "zh",
    allow_unknown_counties: bool = False,
    require_previous: bool = False,
) -> RuleResult:
    """Score, rank and award every county in every measure-1 category (RULES.md §1).

    `frame` is a conformed "counties" table (long form with `year`, or wide form with `*_prev`).
    A table without the previous year (no rows of year − 1, no `*_prev` column) makes every county
    ineligible with a warning; with `require_previous` (the yearly run) it is a DataError.
    `city_ent_change` (万元, --city-ent-change): the official city-wide change of 纳统 enterprises' online
    retail, replacing the input's own Σ ent − Σ ent_prev as m1.enterprise's denominator.
    Returns one row per county × category (OUTPUT_COLUMNS), ordered by category (policy order), rank, county.
    """
    if eligibility not in ELIGIBILITY:
        raise UsageError(f"--eligibility must be literal or filter-first, not {eligibility!r}")
    w = weights if weights is not None else (policy.m1_weight_scale, policy.m1_weight_growth)
    check_weights(w)
    cats = categories(policy)
    data = _prepare(frame, policy, year, allow_unknown_counties)
    year = data.year
    in_period = year in policy.annual_years
    warnings: list[str] = []
    notes: list[str] = []
    usable = _usable_categories(cats, data, frame, warnings, require_previous)
    ranked_on: dict[str, list[str]] = {}
    for cat in usable:
        for c in cat.columns:
            ranked_on.setdefault(c, []).append(cat.rule)
    if usable:  # a county of the policy's list without a row: the yearly run stops, as on a blank
        warnings += said_about_missing(data.missing, data.sources, stop=require_previous)
    zones = frozenset(c.name for c in policy.counties if c.kind == "zone")  # whose rural mark can mean "none"
    warnings += said_about(data.blanks, ranked_on, stop=require_previous, zones=zones)  # annual stops on a blank
    growth = {"online": (city_growth, province_growth), "rural": (city_rural_growth, province_rural_growth)}
    scored = [
        _score_ranking(cat, data, policy, w, growth.get(cat.key, (None, None)), in_period, warnings, city_ent_change)
        for cat in usable
    ]

    outcomes: dict[str, dict[str, _Outcome]] = {sc.cat.key: {} for sc in scored}
    final: dict[str, tuple[str, Decimal]] = {}
    ties: dict = {}
    if in_period:
        outcomes, final = _award(scored, policy, eligibility, reassign, ties)
        warnings += _tie_warnings(ties, policy, year)
    tied = {(key, c) for (key, members) in ties for c in members}
    columns: dict[str, list] = {c: [] for c in OUTPUT_COLUMNS}
    for sc in scored:
        tie_names = {c for (k2, c) in tied if k2 == sc.cat.key}
        part = _ranking_rows(
            sc, outcomes[sc.cat.key], final, tie_names, policy, year, in_period, eligibility, reassign, lang
        )
        for c in OUTPUT_COLUMNS:
            columns[c] += part[c]
    types = output_types(policy)
    # the table built once (awards through their text: Python Decimals make polars import NumPy)
    schema = {c: pl.String if c == "award" else types[c] for c in OUTPUT_COLUMNS}
    table = pl.DataFrame(columns, schema=schema).with_columns(pl.col("award").cast(types["award"]))
    notes += [_given_change_note(sc, year) for sc in scored if sc.city_change_given]
    return RuleResult(table, warnings, notes)


def _given_change_note(sc: _Scored, year: int) -> str:
    """--city-ent-change: what it replaced (the input's own change), so a person can see the two side by side."""
    given = fmt_dec(sc.city_change)
    own = fmt_dec(sc.input_change) if sc.input_change is not None else "—"
    return Said(
        f"{sc.cat.rule} {year}: growth contribution measured against the city-wide change {given} 万元 given by "
        f"--city-ent-change (the input's {sc.input_counties} counties with both values change by {own} 万元)",
        f"{sc.cat.rule} {year}年：增长贡献率以 --city-ent-change 给出的全市增量{given}万元为分母"
        f"（输入中有两年数据的{sc.input_counties}个县（市、区）合计增量{own}万元）",
    )


def _usable_categories(
    cats: list[Category], data: _Input, frame: pl.DataFrame, warnings: list[str], require_previous: bool = False
) -> list[Category]:
    """The rankings the input has every column for (this year's and last year's); the others are skipped."""
    year = data.year
    usable: list[Category] = []
    for cat in cats:
        missing = [c for c in cat.columns if c not in data.present]
        missing += [f"{c}_prev" for c in cat.columns if c in data.present and not data.prev_source[c]]
        if missing:
            warnings.append(
                Said(
                    f"{cat.rule} skipped: the input has no column {', '.join(missing)} (see `jncli schema counties`)",
                    f"{cat.rule} 未计算：输入缺少列 {', '.join(missing)}（见 `jncli schema counties`）",
                )
            )
        else:
            usable.append(cat)
    if data.prev_rows == 0 and not any(f"{c}_prev" in frame.columns for c in data.present):
        if require_previous:
            files = (
                ", ".join(sorted(set(frame["_source"].drop_nulls().to_list()))) if "_source" in frame.columns else ""
            )
            raise DataError(
                f"{files or 'the counties table'}: no rows for {year - 1} and no *_prev (上年同期) columns: no "
                f"county's growth can be computed, so measure 1 would pay nothing",
                f"add the {year - 1} rows (or *_prev columns) to the counties table, or pass --skip 1",
            )
        warnings.append(
            Said(
                f"the input has no rows for {year - 1}: no county has a previous-year value, so no "
                f"growth can be computed and every county is ineligible (add the {year - 1} rows or "
                f"*_prev columns)",
                f"输入没有{year - 1}年的行：各县（市、区）都没有上年值，无法计算增幅，均不符合条件"
                f"（请补充{year - 1}年的行或 *_prev 列）",
            )
        )
    if not usable:
        raise DataError(
            "none of the measure-1 categories can be scored: the input needs online_retail, "
            "rural_online_retail, or ent_online_retail with above_quota_retail, each with a previous-year "
            "value (a year column with the previous year's rows, or *_prev columns)"
        )
    return usable


def _bare_policy_rate(policy: Policy, cat: Category, year: int, rate: float) -> list[str]:
    """A policy file's province average from m1.province_growth_bare_warn up (the limit refuses it on load):
    a fraction is what the file holds, but 0.3 (30 %) is as likely 0.3 % written without %: a warning."""
    value = Decimal(str(rate))
    if abs(value) < policy.m1_province_growth_bare_warn:
        return []
    key = f"{cat.province_attr.replace('m1_', 'm1.')}.{year}.value"
    shown = format((value * 100).normalize(), "f")
    fraction = format((value / 100).normalize(), "f")
    bound = policy.m1_province_growth_bare_warn
    return [
        Said(
            f"{policy.source}: {key} {value} is read as {shown}%; write {fraction} for {value}% (a fraction from "
            f"±{bound} up may be a percentage written without %: policy m1.province_growth_bare_warn)",
            f"{policy.source}：{key} {value} 按 {shown}% 读取；如指 {value}%，请写 {fraction}（绝对值达到 {bound} "
            "的小数可能是漏写了 % 的百分数：见政策文件 m1.province_growth_bare_warn）",
        )
    ]


def _score_ranking(
    cat: Category,
    data: _Input,
    policy: Policy,
    weights: tuple[float, float],
    growth: tuple[float | None, float | None],
    in_period: bool,
    warnings: list[str],
    city_ent_change: Decimal | None = None,
) -> _Scored:
    """One ranking scored, with the province average growth (增幅高于全省平均增幅) from the option or the policy."""
    year = data.year
    city_o, prov_o = growth
    province, source = None, None
    if cat.growth_test:
        table = getattr(policy, cat.province_attr)
        if prov_o is not None:
            province, source = frac(prov_o), cat.option
        elif year in table:  # (rev 3) a figure from outside the text: cited with its source
            province, source = frac(table[year]), getattr(policy, f"{cat.province_attr}_source")[year]
            warnings += _bare_policy_rate(policy, cat, year, table[year])
    given = Fraction(city_ent_change) if city_ent_change is not None and cat.key == "enterprise" else None
    sc = _score_category(cat, data, policy, weights, city_o, province, given)
    sc.province_source = source
    if cat.growth_test and province is None and sc.order and in_period:
        raise DataError(
            f"{cat.rule} needs the province average growth for {year} (增幅高于全省平均增幅), and "
            f"the policy file {policy.source} has none for that year",
            hint=f"pass {cat.option} (e.g. 10.5%), or add the published figure with its source under "
            f"[{cat.province_attr.replace('m1_', 'm1.')}] in a policy file: "
            f'{year} = {{ value = 0.105, source = "…", published = {year + 1}-02-28 }}',
        )
    if sc.city_change is not None and sc.city_change <= 0:
        what = (
            ("--city-ent-change", "--city-ent-change 给出")
            if sc.city_change_given
            else ("Σ ent_online_retail − Σ ent_online_retail_prev", "各县合计")
        )
        warnings.append(
            Said(
                f"{cat.rule} {year}: the city-wide change of 纳统 enterprises' online retail "
                f"({what[0]}) is {fmt_dec(sc.city_change)} 万元 "
                f"≤ 0, so growth contribution is meaningless: every county is ineligible in this "
                f"category",
                f"{cat.rule} {year}年：全市纳统电商零售企业网络零售额增量（{what[1]}）为{fmt_dec(sc.city_change)}万元"
                f"（不大于0），增长贡献率无意义，本类别各县（市、区）均不符合条件",
            )
        )
    return sc


def _status(rows: dict[str, list], oc: dict[str, _Outcome], n: int, eligibility: str, in_period: bool) -> list[str]:
    """Each county's status in a ranking: the data problem, the dealing's outcome, the growth test, or not ranked."""
    if not in_period:
        return [OUT_OF_PERIOD] * len(rows["county"])
    out = []
    for name, reason, rank, city, prov in zip(
        rows["county"], rows["_reason"], rows["rank"], rows["above_city_growth"], rows["above_province_growth"]
    ):
        if reason is not None:
            out.append(INELIGIBLE)
        elif name in oc:
            out.append(oc[name].status)
        elif (city is False or prov is False) and (eligibility == "filter-first" or rank <= n):
            out.append(INELIGIBLE)
        else:
            out.append(NOT_RANKED)
    return out


def _ranking_rows(
    sc: _Scored,
    oc: dict[str, _Outcome],
    final: dict[str, tuple[str, Decimal]],
    tie_names: set[str],
    policy: Policy,
    year: int,
    in_period: bool,
    eligibility: str,
    reassign: bool,
    lang: str,
) -> dict[str, list]:
    """The output rows of one ranking as columns (OUTPUT_COLUMNS; awards as text): status, award, tie flag and
    basis. `oc`: the few counties the dealing touched (placed, superseded, moved up)."""
    rows = sc.rows
    names = rows["county"]
    n_rows = len(names)
    n = len(policy.m1_awards)
    rows["status"] = _status(rows, oc, n, eligibility, in_period)
    texts = {c: _outcome_text(o, policy, lang, reassign, final) for c, o in oc.items()}
    rows["_outcome"] = [texts.get(c) for c in names]
    if sc.cat.growth_test:
        _pct_texts(rows, sc.exact, sc.city_growth, sc.province_growth)
    basis = _basis(
        sc.cat,
        policy,
        lang,
        year,
        eligibility,
        in_period,
        len(sc.order),
        sc.province_growth,
        rows,
        sc.city_change_given,
        sc.province_source,
    )
    awards = {c: str(o.award) for c, o in oc.items() if o.status == AWARDED}
    return {
        "county": names,
        "category": [sc.cat.key] * n_rows,
        "year": [year] * n_rows,
        "scale": rows["scale"],
        "growth": rows["growth"],
        "score": rows["score"],
        "rank": rows["rank"],
        "above_city_growth": rows["above_city_growth"],
        "above_province_growth": rows["above_province_growth"],
        "tie_at_boundary": [c in tie_names for c in names],
        "beneficiary": names,
        "beneficiary_name": names,
        "measure": [MEASURE] * n_rows,
        "rule": [sc.cat.rule] * n_rows,
        "award": [awards.get(c, "0") for c in names],
        "status": rows["status"],
        "basis": basis,
    }
