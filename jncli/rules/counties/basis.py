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
from jncli.rules.counties.common import CATEGORIES, COLUMN_NAMES, Category, chain, fmt_dec, rule_name

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


def _fmt(template: str, **values: pl.Expr | str | int) -> pl.Expr:
    """A named template as a polars string expression (pl.format only knows positional {})."""
    # constants go into the format string; only expressions stay as pl.format arguments
    pieces = _FIELD.split(template)  # text, name, text, name, …, text
    fmt, args = pieces[0], []
    for i in range(1, len(pieces), 2):
        value = values[pieces[i]]
        if isinstance(value, pl.Expr):
            fmt += "{}"
            args.append(value)
        else:  # pl.format has no escape for braces: keep them out of constants
            fmt += str(value).replace("{", "(").replace("}", ")")
        fmt += pieces[i + 1]
    return pl.format(fmt, *args) if args else pl.lit(fmt)


def _trim(text: pl.Expr) -> pl.Expr:
    """'12.500000' → '12.5', '50.00' → '50', '-0.00' → '0' (decimal text without trailing zeros)."""
    return text.str.replace(r"\.0*$|(\.\d*?[1-9])0+$", "${1}").str.replace(r"^-0$", "0")


def _trim_dec(text: pl.Expr) -> pl.Expr:
    """Decimal text, which always has a point ('100.000000'), without trailing zeros: '100', '0.5'."""
    return text.str.replace(r"\.?0+$", "")


def _num(x: pl.Expr, places: int) -> pl.Expr:
    return _trim(x.round(places, mode="half_away_from_zero").cast(pl.Decimal(38, places), strict=False).cast(pl.String))


def int_dec(k: pl.Expr, places: int) -> pl.Expr:
    """k × 10^-places exactly, as text: 62500000, 6 → '62.5'."""
    if places == 0:
        return k.cast(pl.String)
    whole = (k // 10**places).cast(pl.String)
    frac = (k % 10**places).cast(pl.String).str.zfill(places).str.strip_chars_end("0")
    return pl.when(frac == "").then(whole).otherwise(pl.format("{}.{}", whole, frac))


def _given(prov: Fraction) -> str:
    """The province average as given (31.5972% → '31.5972', 10% → '10'): a published figure is quoted the
    same in every row, never rounded; 2 decimals only for a figure with no finite decimal form."""
    d = Decimal(prov.numerator * 100) / Decimal(prov.denominator)
    return (
        fmt_dec(prov * 100, 2) if Fraction(d) != prov * 100 else fmt_dec(d, max(2, -d.normalize().as_tuple().exponent))
    )


def _sign(x: Fraction) -> int:
    return (x > 0) - (x < 0)


def _pct_texts(city: Fraction | None, prov: Fraction | None) -> dict[str, pl.Expr]:
    """Growth and the city average as percentage texts (_tg, _tc) for `basis`, with 2 decimals; the province
    average (_tp) as given."""

    def text(average: Fraction | None, given: bool = False) -> pl.Expr:  # the same for every row: formatted once
        if average is None:
            return pl.lit(None, pl.String)
        return pl.lit(_given(average) if given else fmt_dec(average * 100, 2), pl.String)

    return {"_tg": _num(pl.col("_x2") * 100, 2), "_tc": text(city), "_tp": text(prov, given=True)}


def _pct_patch(f: pl.DataFrame, exact: _Exact | None, city: Fraction | None, prov: Fraction | None) -> pl.DataFrame:
    """Where a growth printed with 2 decimals would contradict its test — beating an average it prints equal
    to, or (the province average quoted as given, maybe with more decimals) failing one it prints above —
    as many decimals as it takes (exact, for those few rows)."""
    clash = pl.col("above_city_growth").fill_null(False) & (pl.col("_tg") == pl.col("_tc"))
    if prov is not None:  # the growth's 2-decimal text against the average cut to 2 decimals: exact
        # through its text: `pl.lit(Decimal(…))` makes polars import NumPy (values.money_constant)
        floor = pl.lit(format(Decimal(math.floor(prov * 10000)).scaleb(-2), "f")).cast(pl.Decimal(38, 2))
        shown = pl.col("_tg").cast(pl.Decimal(38, 2), strict=False)
        above = pl.col("above_province_growth")
        clash = clash | (above.fill_null(False) & (shown <= floor)) | ((~above).fill_null(False) & (shown > floor))
    close = f.filter(clash.fill_null(False))["county"].to_list()
    if not close or exact is None:
        return f
    exact.load(close)
    texts: dict[str, tuple[str, str, str]] = {}
    for c in close:
        g = exact[c][1]
        tp = _given(prov) if prov is not None else None
        for places in range(4, 31, 2):
            tg = fmt_dec(g * 100, places)
            tc = fmt_dec(city * 100, places) if city is not None else None
            if (g <= city or tg != tc) and (
                prov is None or _sign(g * 100 - prov * 100) == _sign(Fraction(Decimal(tg)) - prov * 100)
            ):
                break
        texts[c] = (tg, tc, tp)
    return f.with_columns(
        *[
            pl.when(pl.col("county").is_in(close))
            .then(
                pl.col("county").replace_strict(
                    {c: v[i] for c, v in texts.items()}, default=None, return_dtype=pl.String
                )
            )
            .otherwise(pl.col(name))
            .alias(name)
            for i, name in enumerate(("_tg", "_tc", "_tp"))
        ]
    )


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
    has_reasons: bool,
    change_given: bool = False,
    prov_source: Any = None,
) -> pl.Expr:
    """One sentence per row: the data problem, or score and rank, the indicators, and the outcome (RULES.md §0).

    Built as one `pl.format` per kind of row (constants substituted up front): this is the widest column of
    the output and the one that costs time for a country's counties."""
    t = _T[lang]
    cols = COLUMN_NAMES[lang]
    n = len(policy.m1_awards)
    sep, end = t["sep"], t["end"]
    head = t["head"].format(name=rule_name(policy, cat.rule, lang), year=year)
    status = pl.col("status")
    if not in_period:
        outcome: pl.Expr | str = t["out_of_period"].format(
            year=year, years=t["years_sep"].join(map(str, policy.annual_years))
        )
    else:
        outcome = chain(
            [
                (pl.col("_outcome").is_not_null(), pl.col("_outcome")),
                ((status == INELIGIBLE) & (eligibility == "literal"), pl.lit(t["fail_literal"].format(n=n))),
                (status == INELIGIBLE, pl.lit(t["fail_filter"])),
            ],
            pl.lit(t["not_ranked_filter" if eligibility == "filter-first" else "not_ranked"].format(n=n)),
        )
    parts = [t["score"]]
    values: dict[str, Any] = {
        "score": pl.col("_score_txt"),
        "rank": pl.col("rank").cast(pl.String),
        "n": n_scored,
        "outcome": outcome,
    }
    if cat.growth_test:
        (c,) = cat.columns
        parts += [t["scale"], t["growth"] if prov is not None else t["growth_city"]]
        values.update(
            col=cols[c],
            value=_trim_dec(pl.col(c).cast(pl.String)),
            g=pl.col("_tg"),
            cg=pl.col("_tc"),
            pg=pl.col("_tp"),
            vs_city=pl.when(pl.col("above_city_growth")).then(pl.lit(t["above"])).otherwise(pl.lit(t["not_above"])),
            vs_prov=pl.when(pl.col("above_province_growth")).then(pl.lit(t["above"])).otherwise(pl.lit(t["not_above"])),
            cite=_cite(t, prov_source),
        )
    else:
        parts.append(t["ent"])
        ent = cat.columns[0]
        values.update(
            lift=_num(pl.col("scale"), 4),
            contrib=_num(pl.col("growth"), 4),
            delta=_trim_dec((pl.col(ent) - pl.col(f"{ent}_prev")).cast(pl.String)).alias("_delta"),
            change=pl.col("_change"),
            given=t["given"] if change_given else "",
        )
    scored = _fmt(head + sep.join(parts + ["{outcome}"]) + end, **values)
    if not has_reasons:
        return scored

    reason = pl.col("_reason")
    col_name = pl.col("_reason_col").replace_strict(cols, default=None, return_dtype=pl.String)
    value = _trim_dec(pl.col("_reason_val").cast(pl.String))
    tail = (sep + outcome if isinstance(outcome, str) else "") + end
    when = pl.col("_reason_when").replace_strict(
        {"this": t["this"], "last": t["last"]}, default=None, return_dtype=pl.String
    )
    data = chain(
        [
            (reason == "no_row", _fmt(head + t["no_row"] + tail, year=year)),
            (reason == "no_current", _fmt(head + t["no_current"] + tail, year=year, col=col_name)),
            (reason == "negative_current", _fmt(head + t["negative_current"] + tail, year=year, col=col_name, v=value)),
            (reason == "negative_prev", _fmt(head + t["negative_prev"] + tail, prev=year - 1, col=col_name, v=value)),
            (reason == "no_prev", _fmt(head + t["no_prev"] + tail, prev=year - 1, col=col_name)),
            (
                reason == "prev_nonpositive",
                _fmt(head + t["prev_nonpositive"] + tail, prev=year - 1, col=col_name, v=value),
            ),
            (reason == "aq_nonpositive", _fmt(head + t["aq_nonpositive"] + tail, col=col_name, v=value, when=when)),
            (
                reason == "city_change",
                _fmt(
                    head + t["city_change"] + tail,
                    lift=_num(pl.col("scale"), 4),
                    change=pl.col("_change"),
                    given=t["given"] if change_given else "",
                ),
            ),
        ],
        pl.lit(None, pl.String),
    )
    return pl.when(reason.is_null()).then(scored).otherwise(data)
