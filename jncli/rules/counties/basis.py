"""Measure 1's `basis`: one sentence per county and category saying why it gets what it gets.

依据第一条「{name}」（{year}年度）：综合得分{score}，在{n}个参评单位中排第{rank}位；{col}{value}万元；
增幅{g}%，高于全市平均{cg}%，高于全省平均{pg}%；列第{pos}位，获补贴{amount}万元。
(RULES.md §0: every ledger row carries its basis — the article, the data problem or the score, rank
and indicators, and the outcome: awarded, superseded under 上述奖励政策不重复奖励, moved up by
`--reassign`, failing the growth test 增幅高于全市和全省平均增幅, not in the top 3, out of period.)
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import polars as pl

from jncli.ledger import AWARDED, INELIGIBLE, SUPERSEDED
from jncli.policy import Policy
from jncli.rules.counties.common import CATEGORIES, COLUMN_NAMES, Category, fmt_dec, rule_name

if TYPE_CHECKING:
    from jncli.rules.counties.awards import _Outcome
    from jncli.rules.counties.scoring import _Exact

_T = {
    "zh": {
        "head": "依据第一条「{name}」（{year}年度）：",
        "score": "综合得分{score}，在{n}个参评单位中排第{rank}位",
        "scale": "{col}{value}万元",
        "growth": "增幅{g}%，{vs_city}全市平均{cg}%，{vs_prov}全省平均{pg}%{cite}",
        "cite_option": "（全省平均增幅由命令行 {option} 给出）",
        "cite_source": "（全省平均增幅来源：{source}，{published}发布）",
        "growth_city": "增幅{g}%，{vs_city}全市平均{cg}%",
        "above": "高于",
        "not_above": "未高于",
        "ent": (
            "纳统电商零售企业网络零售额占限额以上消费品零售额比重提升{lift}个百分点，"
            "增长贡献率{contrib}%（本单位增量{delta}万元，占全市增量{change}万元{given}）"
        ),
        "given": "，全市增量由 --city-ent-change 给出",
        "awarded": "列第{pos}位，获补贴{amount}万元",
        "moved": "列第{pos}位（原第{first}位，因其他县就高让出名次而递补），获补贴{amount}万元",
        "superseded": (
            "本可按第{pos}位获{amount}万元，但已在「{other}」获{kept}万元，上述奖励政策不重复奖励（就高），"
            "此项不发放{passed}"
        ),
        "passed_on": "，空出的名次依次递补",
        "not_passed": "，空出的名次不递补",
        "fail_literal": "排名前{n}位，但增幅未同时高于全市和全省平均增幅，不予补贴",
        "fail_moved": "递补至第{pos}位，但增幅未同时高于全市和全省平均增幅，不予补贴",
        "fail_filter": "增幅未同时高于全市和全省平均增幅，不参与排位，不予补贴",
        "not_ranked": "未进入前{n}位，不予补贴",
        "not_ranked_filter": "增幅达标，但在达标单位中未进入前{n}位，不予补贴",
        "out_of_period": "{year}年度不在政策执行年度（{years}）内，不予补贴",
        "sep": "；",
        "end": "。",
        "years_sep": "、",
        "no_row": "输入中没有该单位{year}年度的数据行，无法评价",
        "no_current": "{year}年度{col}为空，无法评价",
        "negative_current": "{year}年度{col}为{v}万元（负数），无法评价",
        "negative_prev": "上年（{prev}年度）{col}为{v}万元（负数），无法评价",
        "no_prev": "缺少上年（{prev}年度）{col}，无法计算增幅，不参与评分",
        "prev_nonpositive": "上年（{prev}年度）{col}为{v}万元（≤0），无法计算增幅，不参与评分",
        "aq_nonpositive": "{when}{col}为{v}万元（≤0），无法计算占比，不参与评分",
        "this": "本年",
        "last": "上年",
        "city_change": (
            "占比提升{lift}个百分点，但全市纳统电商零售企业网络零售额变化为{change}万元（≤0{given}），"
            "增长贡献率无意义，本类不予评分"
        ),
    },
    "en": {
        "head": "Article 1 ({name}, {year}): ",
        "score": "score {score}, rank {rank} of {n}",
        "scale": "{col} {value} 万元",
        "growth": "growth {g}% {vs_city} the city average {cg}% and {vs_prov} the province average {pg}%{cite}",
        "cite_option": " (the province average given on the command line, {option})",
        "cite_source": " (the province average from {source}, published {published})",
        "growth_city": "growth {g}% {vs_city} the city average {cg}%",
        "above": "above",
        "not_above": "not above",
        "ent": (
            "纳统 enterprises' share of above-quota retail up {lift} percentage points, growth contribution "
            "{contrib}% (a change of {delta} 万元 of the city's {change} 万元{given})"
        ),
        "given": ", the city's change given by --city-ent-change",
        "awarded": "position {pos}: awarded {amount} 万元",
        "moved": (
            "position {pos} (originally {first}, moved up by reassignment after another county kept a higher "
            "award): awarded {amount} 万元"
        ),
        "superseded": (
            'position {pos} would pay {amount} 万元, but the county keeps {kept} 万元 from "{other}" '
            "(no double award: the highest wins){passed}"
        ),
        "passed_on": "; the vacated place is passed on",
        "not_passed": "; the vacated place is not passed on",
        "fail_literal": "in the top {n} but growth does not beat both the city and province averages: no award",
        "fail_moved": (
            "moved up to position {pos} by reassignment but growth does not beat both the city and "
            "province averages: no award"
        ),
        "fail_filter": "growth does not beat both the city and province averages: not placed, no award",
        "not_ranked": "outside the top {n}: no award",
        "not_ranked_filter": "growth test passed but outside the top {n} of the counties passing it: no award",
        "out_of_period": "{year} is not a year the policy covers ({years}): no award",
        "sep": "; ",
        "end": ".",
        "years_sep": ", ",
        "no_row": "no {year} row for this unit in the input: not evaluated",
        "no_current": "{col} for {year} is empty: not evaluated",
        "negative_current": "{col} for {year} is {v} 万元 (negative): not evaluated",
        "negative_prev": "previous-year ({prev}) {col} is {v} 万元 (negative): not evaluated",
        "no_prev": "no previous-year ({prev}) {col}: growth cannot be computed, not scored",
        "prev_nonpositive": "previous-year ({prev}) {col} is {v} 万元 (≤ 0): growth cannot be computed, not scored",
        "aq_nonpositive": "{col} {when} is {v} 万元 (≤ 0): the share is undefined, not scored",
        "this": "this year",
        "last": "last year",
        "city_change": (
            "share up {lift} percentage points, but the city-wide change of 纳统 enterprises' online "
            "retail is {change} 万元 (≤ 0{given}): growth contribution is meaningless, category not scored"
        ),
    },
}
_FIELD = re.compile(r"\{(\w+)\}")


def _compiled(template: str, constants: dict[str, object]) -> tuple[str, tuple[str, ...]]:
    """A named template as a `str.format` string with `constants` (the same for every row; braces in them become
    parentheses) filled in, and the names of the fields left for each row."""
    pieces = _FIELD.split(template)  # text, name, text, name, …, text

    def text(piece: str) -> str:
        return piece.replace("{", "{{").replace("}", "}}")

    out, names = [text(pieces[0])], []
    for i in range(1, len(pieces), 2):
        name = pieces[i]
        if name in constants:
            out.append(text(str(constants[name]).replace("{", "(").replace("}", ")")))
        else:
            out.append("{}")
            names.append(name)
        out.append(text(pieces[i + 1]))
    return "".join(out), tuple(names)


def _fmt(compiled: tuple[str, tuple[str, ...]], values: dict[str, object]) -> str | None:
    """A compiled template (`_compiled`) filled in with one row's `values`: None when one of its fields is None
    (as polars' format gives)."""
    fmt, names = compiled
    args = [values[name] for name in names]
    return None if None in args else fmt.format(*args)


def _trim_money(v: int | None) -> str | None:
    """A money value (integer units of 10^-6 万元) as decimal text without trailing zeros: '100', '0.5'."""
    if v is None:
        return None
    whole, part = divmod(abs(v), 10**6)
    sign = "-" if v < 0 else ""
    return f"{sign}{whole}" if not part else f"{sign}{whole}.{part:06d}".rstrip("0")


def _trim(text: pl.Expr) -> pl.Expr:
    """'12.500000' → '12.5', '50.00' → '50', '-0.00' → '0' (decimal text without trailing zeros)."""
    return text.str.replace(r"\.0*$|(\.\d*?[1-9])0+$", "${1}").str.replace(r"^-0$", "0")


def _trim_dec(text: pl.Expr) -> pl.Expr:
    """Decimal text, which always has a point ('100.000000'), without trailing zeros: '100', '0.5'."""
    return text.str.replace(r"\.?0+$", "")


def _num(x: pl.Expr, places: int) -> pl.Expr:
    return _trim(x.round(places, mode="half_away_from_zero").cast(pl.Decimal(38, places), strict=False).cast(pl.String))


def _given(prov: Fraction) -> str:
    """The province average as given (31.5972% → '31.5972', 10% → '10'): a published figure is quoted the
    same in every row, never rounded; 2 decimals only for a figure with no finite decimal form."""
    d = Decimal(prov.numerator * 100) / Decimal(prov.denominator)
    return (
        fmt_dec(prov * 100, 2) if Fraction(d) != prov * 100 else fmt_dec(d, max(2, -d.normalize().as_tuple().exponent))
    )


def _sign(x: Fraction) -> int:
    return (x > 0) - (x < 0)


def _pct_texts(rows: dict[str, list], exact: _Exact | None, city: Fraction | None, prov: Fraction | None) -> None:
    """Growth and the city average as percentage texts (`_tg`, `_tc`) for `basis`, with 2 decimals; the province
    average (`_tp`) as given. Where a growth printed with 2 decimals would contradict its test — beating an average
    it prints equal to, or (the province average quoted as given, maybe with more decimals) failing one it prints
    above — as many decimals as it takes (exact, for those few rows)."""
    n = len(rows["county"])
    tc = fmt_dec(city * 100, 2) if city is not None else None  # the same for every row: formatted once
    tp = _given(prov) if prov is not None else None
    rows["_tc"], rows["_tp"] = [tc] * n, [tp] * n
    floor = Decimal(math.floor(prov * 10000)).scaleb(-2) if prov is not None else None
    close = []
    for i, (tg, above_city, above) in enumerate(
        zip(rows["_tg"], rows["above_city_growth"], rows["above_province_growth"])
    ):
        clash = above_city is True and tg is not None and tg == tc
        if floor is not None and tg is not None and above is not None:  # the 2-decimal text against the floor
            shown = Decimal(tg)
            clash = clash or (above and shown <= floor) or (not above and shown > floor)
        if clash:
            close.append(i)
    if not close or exact is None:
        return
    exact.load([rows["county"][i] for i in close])
    for i in close:
        g = exact[rows["county"][i]][1]
        for places in range(4, 31, 2):
            tg = fmt_dec(g * 100, places)
            tc = fmt_dec(city * 100, places) if city is not None else None
            if (g <= city or tg != tc) and (
                prov is None or _sign(g * 100 - prov * 100) == _sign(Fraction(Decimal(tg)) - prov * 100)
            ):
                break
        rows["_tg"][i], rows["_tc"][i], rows["_tp"][i] = tg, tc, _given(prov) if prov is not None else None


def _cite(t: dict[str, str], source: Any) -> str:
    """Where the province average came from (rev 3): the option that gave it, or the publication the policy file
    records for it (a `Sourced`)."""
    if source is None:
        return ""
    if isinstance(source, str):
        return t["cite_option"].format(option=source)
    return t["cite_source"].format(source=source.source, published=source.published.isoformat())


def _outcome_text(o: _Outcome, policy: Policy, lang: str, reassign: bool, final: dict[str, tuple[str, Decimal]]) -> str:
    """The outcome clause of `basis` for a county the dealing placed, superseded or moved up (few rows: Python)."""
    t = _T[lang]
    moved = o.first_position is not None and o.position != o.first_position
    if o.status == AWARDED:
        return t["moved" if moved else "awarded"].format(
            pos=o.position, first=o.first_position, amount=fmt_dec(o.award, 2)
        )
    if o.status == SUPERSEDED:
        return t["superseded"].format(
            pos=o.held_position,
            amount=fmt_dec(o.held, 2),
            kept=fmt_dec(final[o.county][1], 2),
            other=rule_name(policy, CATEGORIES[final[o.county][0]].rule, lang),
            passed=t["passed_on"] if reassign else t["not_passed"],
        )
    if moved:  # literal: moved into positions 1-3 by reassignment, but failing a growth test
        return t["fail_moved"].format(pos=o.position)
    return t["fail_literal"].format(n=len(policy.m1_awards))


def _basis(
    cat: Category,
    policy: Policy,
    lang: str,
    year: int,
    eligibility: str,
    in_period: bool,
    n_scored: int,
    prov: Fraction | None,
    rows: dict[str, list],
    change_given: bool = False,
    prov_source: Any = None,
) -> list[str | None]:
    """One sentence per row of `rows` (the ranking's columns, `measure._ranking_rows`): the data problem, or
    score and rank, the indicators, and the outcome (RULES.md §0)."""
    t = _T[lang]
    cols = COLUMN_NAMES[lang]
    n = len(policy.m1_awards)
    sep, end = t["sep"], t["end"]
    head = t["head"].format(name=rule_name(policy, cat.rule, lang), year=year)
    out_of_period = (
        None
        if in_period
        else t["out_of_period"].format(year=year, years=t["years_sep"].join(map(str, policy.annual_years)))
    )
    fail_literal, fail_filter = t["fail_literal"].format(n=n), t["fail_filter"]
    not_ranked = t["not_ranked_filter" if eligibility == "filter-first" else "not_ranked"].format(n=n)
    parts = [t["score"]]
    constants: dict[str, Any] = {"n": n_scored}
    if out_of_period is not None:
        constants["outcome"] = out_of_period
    if cat.growth_test:
        (c,) = cat.columns
        parts += [t["scale"], t["growth"] if prov is not None else t["growth_city"]]
        constants.update(col=cols[c], cite=_cite(t, prov_source))
    else:
        parts.append(t["ent"])
        constants["given"] = t["given"] if change_given else ""
    scored = _compiled(head + sep.join(parts + ["{outcome}"]) + end, constants)
    tail = (sep + out_of_period if out_of_period is not None else "") + end
    reason_constants = {"year": year, "prev": year - 1, "given": t["given"] if change_given else ""}
    reasons = rows["_reason"]
    at = [i for i, reason in enumerate(reasons) if reason is None]  # the scored rows
    fields: dict[str, list] = {"score": [rows["_score_txt"][i] for i in at], "rank": [rows["rank"][i] for i in at]}
    if out_of_period is None:
        status, given_outcome = rows["status"], rows["_outcome"]
        failed = fail_literal if eligibility == "literal" else fail_filter
        fields["outcome"] = [
            given_outcome[i] if given_outcome[i] is not None else failed if status[i] == INELIGIBLE else not_ranked
            for i in at
        ]
    if cat.growth_test:
        above, not_above = t["above"], t["not_above"]
        fields.update(
            value=[rows["_value_txt"][i] for i in at],
            g=[rows["_tg"][i] for i in at],
            cg=[rows["_tc"][i] for i in at],
            pg=[rows["_tp"][i] for i in at],
            vs_city=[above if rows["above_city_growth"][i] else not_above for i in at],
            vs_prov=[above if rows["above_province_growth"][i] else not_above for i in at],
        )
    else:
        fields.update(
            lift=[rows["_lift"][i] for i in at],
            contrib=[rows["_contrib"][i] for i in at],
            delta=[rows["_delta_txt"][i] for i in at],
            change=[rows["_change"][i] for i in at],
        )
    fmt, names = scored
    out: list[str | None] = [None] * len(reasons)
    for i, args in zip(at, zip(*[fields[name] for name in names])):
        out[i] = None if None in args else fmt.format(*args)
    templates: dict[str, tuple[str, tuple[str, ...]]] = {}
    for i, reason in enumerate(reasons):
        if reason is None:
            continue
        _, col, v, when = rows["_reason_detail"][i]
        row = {
            "col": cols.get(col) if col is not None else None,
            "v": _trim_money(v),
            "when": {"this": t["this"], "last": t["last"]}.get(when) if when is not None else None,
            "lift": rows["_lift"][i] if "_lift" in rows else None,
            "change": rows["_change"][i],
        }
        if reason not in templates:
            templates[reason] = _compiled(head + t[reason] + tail, reason_constants)
        out[i] = _fmt(templates[reason], row)
    return out
