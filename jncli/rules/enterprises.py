"""Measures 2, 3 and 6: awards to enterprises and parks (`jncli award-enterprises`), RULES.md §2.

第二条 培育电商龙头企业 — 面向在济宁市开展电商经营活动且纳入统计部门“企业一套表”法人库的商贸流通企业，
2022年度通过公共网络交易平台实现实物商品网络零售额达到1000万元以上（含1000万元）的，给予最高5万元的
一次性奖励。对2023年度实现实物商品网络零售额达到5000万元、1亿元、2亿元的电商企业，分别给予最高10万元、
20万元、30万元的一次性奖励。……对于取得数字商务企业、电子商务示范企业等国家级示范项目称号的，市财政给予
最高50万元的一次性奖励。……对于新培育实物商品网络零售额过亿元电商企业1家以上或者过5000万元电商企业3家以上
的县（市、区）予以通报表扬。
  (Article 2: 纳统 trade enterprises get up to 5 万元 for 2022 online retail ≥ 1000 万元; 2023 tiers
  5000/10000/20000 万元 → up to 10/20/30; a national title → up to 50; counties that newly cultivate
  one ≥ 1亿 or three ≥ 5000万 enterprises are commended.)

第三条 吸引电商大企业落户 — 政策施行期内，对该纳统的法人企业产生的新增财力省级不再分成部分，由企业所在
县（市、区）财政按一定比例给予一次性奖励。
  (Article 3: the county pays a share of the new fiscal revenue of a 纳统 legal entity.)

第六条 提升完善电商产业园区生态 — 对于取得国家级电子商务示范基地称号的电商园区（基地），市财政给予50万元的
一次性奖励。
  (Article 6: a national e-commerce demonstration base gets a fixed 50 万元.)

以上奖励政策按就高原则执行，不重复享受。
  (Only the highest award of an entity is paid; across years only the top-up over what was received.)

Every number (thresholds, amounts, title lists, precedence, which rules scale under a budget,
decimals, ratio range, policy years) comes from the `Policy` object. Money is computed exactly in
integer micro-万元 (the 6 decimals of the conformed money dtype) and returned as Decimal(38, 6)
values with at most `award_decimals` decimals. Per-row conditions are vectorised polars; the per-entity
top-up across years is a cumulative max-plus recurrence, also vectorised (see `_topup`).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

import polars as pl

from jncli import credit_code
from jncli.errors import DataError, PolicyError
from jncli.ledger import AWARDED, COMMENDED, INELIGIBLE, OUT_OF_PERIOD, SUPERSEDED
from jncli.policy import Policy
from jncli.rules import RuleResult, Said
from jncli.values import MONEY_DTYPE

MONEY = MONEY_DTYPE  # conformed money (万元)
MICRO = 1_000_000  # micro-万元 per 万元: the scale of the conformed money dtype
QUALIFIED = "_qualified"  # internal: passes every condition, awaits 就高 / top-up

REQUIRED = ("credit_code", "county", "year", "in_statistics", "is_trade")
OPTIONAL = {"name": pl.String, "online_retail": MONEY, "online_retail_prev": MONEY,
            "national_title": pl.String, "new_fiscal_revenue": MONEY}
TIER_RULES = ("m2.tier2022", "m2.tier2023")
TITLE_RULE, BASE_RULE, FISCAL_RULE, COMMEND_RULE = "m2.title", "m6.base", "m3.fiscal", "m2.commend"
TITLE_SEPARATORS = re.compile(r"[、,;/|]")  # after NFKC: one cell may list several titles

_CN_NUMERALS = "零一二三四五六七八九十"



# ------------------------------------------------------------------------------------- texts
_ZH = dict(
    sep="；",
    article="第{n}条",
    empty="（空）",
    bad_year="年度{year}不在政策执行年度（{years}）内",
    not_jining="县（市、区）“{county}”不在{city}范围内",
    not_stat="未纳入统计部门“企业一套表”法人库（未纳统）",
    not_trade="不是商贸流通企业",
    no_retail="未报送实物商品网络零售额",
    below="实物商品网络零售额{retail}万元，低于{min}万元",
    not_title="称号“{title}”不是国家级示范项目称号",
    no_fiscal="新增财力省级不再分成部分{nfr}万元，不大于0",
    no_ratio="--fiscal-ratios 文件中没有{county}的奖励比例",
    out_of_period="{year}年度不在政策执行年度（{years}）内，不适用{article}",
    ineligible="不符合{article}（{rule}）的条件：{reasons}",
    q_tier="{year}年度实物商品网络零售额{retail}万元，达到{thr}万元档，按{article}奖励最高{amount}万元",
    q_title="{year}年度取得国家级示范项目称号“{title}”，按{article}奖励最高{amount}万元",
    q_base="{year}年度取得“{title}”称号，按{article}奖励{amount}万元",
    award="，给予{award}万元",
    topup="；往年已领取{received}万元，按就高原则补差{award}万元",
    topup_zero="；往年已领取{received}万元，不低于本项，按就高原则不再补差",
    lost="；同年{winner}（{winner_rule}）奖励{winner_amount}万元更高，按就高原则不重复享受",
    scaled="；预算{budget}万元低于“最高”奖励合计{total}万元，按比例{factor}缩减并向下取整至{step}万元，由{before}万元调整为{award}万元",
    fiscal="{year}年度新增财力省级不再分成部分{nfr}万元，按{county}奖励比例{ratio}计算并向下取整至{step}万元，依{article}给予{award}万元",
    commend_count="新培育网络零售额≥{thr}万元企业{n}家（需{need}家以上）",
    commended="{counts}，符合{article}通报表扬条件",
    not_commended="{counts}，未达到{article}通报表扬条件",
    commend_out="{year}年度不在政策执行年度（{years}）内，不适用{article}通报表扬",
)
_EN = dict(
    sep="; ",
    article="article {n}",
    empty="(empty)",
    bad_year="year {year} is outside the policy years ({years})",
    not_jining="not a county of {city}: {county}",
    not_stat="not in the statistics register (not 纳统)",
    not_trade="not a trade and circulation enterprise (商贸流通)",
    no_retail="no online retail reported",
    below="online retail {retail} 万元 is below {min} 万元",
    not_title="not a national-level title: {title}",
    no_fiscal="new fiscal revenue {nfr} 万元 is not above 0",
    no_ratio="no ratio for {county} in the --fiscal-ratios file",
    out_of_period="year {year} is outside the policy years ({years}); {article} does not apply",
    ineligible="fails {article} ({rule}): {reasons}",
    q_tier="online retail {retail} 万元 in {year} reaches the {thr} 万元 tier: up to {amount} 万元 under {article}",
    q_title="national-level title {title} in {year}: up to {amount} 万元 under {article}",
    q_base="title {title} in {year}: {amount} 万元 under {article}",
    award=", awarded {award} 万元",
    topup="; {received} 万元 already received in earlier years, so the highest-award rule pays the top-up of {award} 万元",
    topup_zero="; {received} 万元 already received in earlier years is not less, so the highest-award rule pays no top-up",
    lost="; {winner} ({winner_rule}) pays more the same year ({winner_amount} 万元): highest award only",
    scaled="; budget {budget} 万元 is below the total {total} 万元 of up-to awards, so scaled by {factor} and rounded down to {step} 万元: {before} → {award} 万元",
    fiscal="new fiscal revenue {nfr} 万元 in {year} × ratio {ratio} of {county}, rounded down to {step} 万元: {award} 万元 under {article}",
    commend_count="{n} newly cultivated with ≥ {thr} 万元 (needs {need})",
    commended="{counts}: commended under {article}",
    not_commended="{counts}: not enough for a commendation under {article}",
    commend_out="year {year} is outside the policy years ({years}); {article} commendations do not apply",
)
TEXTS = {"zh": _ZH, "en": _EN}

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _text(lang: str, key: str, **values) -> pl.Expr:
    """A sentence from the template `key`: str values are inserted as they are, expressions per row."""
    template = TEXTS[lang][key]
    args: list[pl.Expr] = []

    def fill(m: re.Match) -> str:
        value = values[m.group(1)]
        if isinstance(value, pl.Expr):
            args.append(value.cast(pl.String))
            return "{}"  # a pl.format slot (templates and policy texts hold no other braces)
        return str(value)

    fmt = _PLACEHOLDER.sub(fill, template)
    return pl.format(fmt, *args) if args else pl.lit(fmt)


def _plain(lang: str, key: str, **values) -> str:
    return TEXTS[lang][key].format(**values)


def _article(policy: Policy, rule: str, lang: str) -> str:
    n = policy.rules[rule].measure
    if lang == "en":
        return _plain(lang, "article", n=n)
    cn = _CN_NUMERALS[n] if n <= 10 else "十" + _CN_NUMERALS[n - 10]
    return _plain(lang, "article", n=cn)


def _rule_name(policy: Policy, rule: str, lang: str) -> str:
    info = policy.rules[rule]
    return info.name if lang == "zh" else info.name_en


# ------------------------------------------------------------------------------------- money
def _dec(value: Decimal) -> str:
    """A policy amount as people write it: 1000, 0.01, 12.5."""
    return format(value.normalize(), "f")


def _micro(value: Decimal, what: str) -> int:
    scaled = value * MICRO
    if scaled != scaled.to_integral_value():
        raise PolicyError(f"policy {what} {value} has more than 6 decimals")
    return int(scaled)


def _lit(value: int) -> pl.Expr:
    # Always Int64: a bare pl.lit(50_000_000) is Int32 and overflows once scaled for the 就高 score.
    return pl.lit(value, pl.Int64)


def _to_micro(expr: pl.Expr) -> pl.Expr:
    # Decimal(38, 6) is stored as an integer count of micro-万元: exact, no float in between.
    return expr.cast(MONEY).to_physical().cast(pl.Int64)


def _from_micro(expr: pl.Expr) -> pl.Expr:
    return expr.cast(MONEY) / MICRO


def _money_str(expr: pl.Expr) -> pl.Expr:
    """micro-万元 → '12.5': exact decimal text without trailing zeros."""
    return _from_micro(expr).cast(pl.String).str.strip_chars_end("0").str.strip_chars_end(".")


# ------------------------------------------------------------------------------------- input
def _where(source: object, row: object) -> str:
    return f"{source} row {row}"


def _with_position(frame: pl.DataFrame, default_source: str) -> pl.DataFrame:
    """Frames built by hand may lack the reader's `_source` / `_row`; messages still need them."""
    if "_source" not in frame.columns:
        frame = frame.with_columns(_source=pl.lit(default_source))
    if "_row" not in frame.columns:
        frame = frame.with_row_index("_row", offset=2).with_columns(pl.col("_row").cast(pl.Int64))
    return frame


def _normalised_code(expr: pl.Expr) -> pl.Expr:
    return credit_code.normalized_expr(expr)


def _prepare(frame: pl.DataFrame, policy: Policy, lang: str) -> tuple[pl.DataFrame, set[str]]:
    """Per entity-year base columns: normalised code and its check, canonical county, title matches, money in micro."""
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise DataError(f"enterprises table lacks required column(s) {', '.join(missing)} (see `jncli schema enterprises`)")
    present = {c for c in OPTIONAL if c in frame.columns}
    f = _with_position(frame, "enterprises")
    f = f.with_columns([pl.lit(None, dtype).alias(c) for c, dtype in OPTIONAL.items() if c not in present])
    no_year = f.filter(pl.col("year").is_null())
    if no_year.height:
        r = no_year.row(0, named=True)
        raise DataError(f"{_where(r['_source'], r['_row'])}, column year: the year is empty")

    f = f.with_columns(code=_normalised_code(pl.col("credit_code")))
    _check_duplicates(f)

    f = f.with_columns(code_ok=credit_code.valid_expr(pl.col("code")))
    explain = credit_code.problem_zh if lang == "zh" else credit_code.problem
    problems = {c: explain(c) for c in f.filter(~pl.col("code_ok"))["code"].unique().to_list() if c is not None}
    f = f.with_columns(code_problem=pl.when(pl.col("code_ok")).then(None).when(pl.col("code").is_null())
                       .then(pl.lit(explain(None)))
                       .otherwise(pl.col("code").replace_strict(problems, default=None, return_dtype=pl.String)))

    # Counties stay as written by the reader; the policy maps names and aliases (few distinct values).
    canon = {c: policy.canonical_county(c) for c in f["county"].unique().to_list() if c is not None}
    f = f.with_columns(county_c=pl.col("county").replace_strict(canon, default=None, return_dtype=pl.String))
    f = f.with_columns(jining=pl.col("county_c").is_not_null(), county=pl.coalesce(pl.col("county_c"), pl.col("county")))

    m2, m6 = {}, {}
    for t in f["national_title"].unique().to_list():
        if t is not None:
            parts = [p for p in TITLE_SEPARATORS.split(unicodedata.normalize("NFKC", t)) if p.strip()]
            m2[t] = any(policy.m2_title.matches(p) for p in parts)
            m6[t] = any(policy.m6_base.matches(p) for p in parts)
    f = f.with_columns(
        title_m2=pl.col("national_title").replace_strict(m2, default=False, return_dtype=pl.Boolean),
        title_m6=pl.col("national_title").replace_strict(m6, default=False, return_dtype=pl.Boolean),
        in_period=pl.col("year").is_in(list(policy.annual_years)),
        in_statistics=pl.col("in_statistics").fill_null(False),
        is_trade=pl.col("is_trade").fill_null(False),
        online_retail=pl.col("online_retail").cast(MONEY),
        retail_m=_to_micro(pl.col("online_retail")),
        prev_m=_to_micro(pl.col("online_retail_prev")),
        nfr_m=_to_micro(pl.col("new_fiscal_revenue")),
    )
    keep = ["_source", "_row", "code", "code_ok", "code_problem", "name", "county", "county_c", "jining", "year",
            "in_period", "in_statistics", "is_trade", "online_retail", "retail_m", "prev_m", "national_title",
            "title_m2", "title_m6", "nfr_m"]
    return f.select(keep), present


def _check_duplicates(f: pl.DataFrame) -> None:
    dup = f.filter(pl.col("code").is_not_null() & pl.struct("code", "year").is_duplicated())
    if dup.height:
        dup = dup.sort("year", "code", "_source", "_row")
        a, b = dup.row(0, named=True), dup.row(1, named=True)
        more = f" (and {dup.height - 2} more duplicate rows)" if dup.height > 2 else ""
        raise DataError(f"{_where(a['_source'], a['_row'])} and {_where(b['_source'], b['_row'])} both have credit code "
                        f"{a['code']} for year {a['year']}: one row per entity and year{more}")


def _years(f: pl.DataFrame, policy: Policy, year: int | None, all_years: bool, warnings: list[str]) -> tuple[list[int], int | None]:
    """(years output, last year evaluated); earlier years are evaluated only for the top-up."""
    present = sorted(f["year"].unique().to_list())
    if all_years:
        out = present
    else:
        chosen = year if year is not None else (present[-1] if present else None)
        out = [] if chosen is None else [chosen]
        if chosen is not None and chosen not in present:
            years = ', '.join(map(str, present)) or 'none'
            warnings.append(Said(f"no rows for year {chosen} in the input (years present: {years})",
                                 f"输入没有{chosen}年的行（现有年份：{years}）"))
    outside = [y for y in out if y not in policy.annual_years and y in present]
    if outside:
        years, annual = ', '.join(map(str, outside)), ', '.join(map(str, policy.annual_years))
        warnings.append(Said(f"year(s) {years} outside the policy years ({annual}): their rows are out_of_period with no award",
                             f"{years}年不在政策年度（{annual}）内：这些行为 out_of_period，不予奖励"))
    return out, (max(out) if out else None)


# ------------------------------------------------------------------------------------- rule rows
def _status(ok: pl.Expr) -> pl.Expr:
    # An invalid code makes every row of the entity ineligible (RULES §2); otherwise the year decides first.
    return (pl.when(~pl.col("code_ok")).then(pl.lit(INELIGIBLE))
            .when(~pl.col("in_period")).then(pl.lit(OUT_OF_PERIOD))
            .when(pl.col("jining") & ok).then(pl.lit(QUALIFIED))
            .otherwise(pl.lit(INELIGIBLE)))


def _tier_rules(policy: Policy) -> dict[str, object]:
    return {rid: getattr(policy, "m2_" + rid.split(".")[1]) for rid in TIER_RULES}


def _tier_rows(f: pl.DataFrame, policy: Policy) -> pl.DataFrame:
    """m2.tier2022 / m2.tier2023: one row per entity-year; a year outside the policy gets the nearest tier rule."""
    rules = _tier_rules(policy)
    by_year = {r.year: rid for rid, r in rules.items()}
    mapping: dict[int, str] = {}
    for y in f["year"].unique().to_list():
        if y in by_year:
            mapping[y] = by_year[y]
        elif y not in policy.annual_years:  # out_of_period row under the nearest tier rule
            mapping[y] = min(by_year.items(), key=lambda kv: (abs(kv[0] - y), kv[0]))[1]
    rows = f.with_columns(rule=pl.col("year").replace_strict(mapping, default=None, return_dtype=pl.String)).filter(
        pl.col("rule").is_not_null())
    amount = threshold = None
    for rid, r in rules.items():
        for t in reversed(r.tiers):  # the highest tier reached only
            hit = (pl.col("rule") == rid) & (pl.col("retail_m") >= _micro(t.threshold, f"{rid} threshold"))
            a, th = _lit(_micro(t.award, f"{rid} award")), _lit(_micro(t.threshold, f"{rid} threshold"))
            amount = pl.when(hit).then(a) if amount is None else amount.when(hit).then(a)
            threshold = pl.when(hit).then(th) if threshold is None else threshold.when(hit).then(th)
    rows = rows.with_columns(entitled_m=amount.otherwise(None), threshold_m=threshold.otherwise(None))
    ok = pl.col("in_statistics") & pl.col("is_trade") & pl.col("entitled_m").is_not_null()
    return rows.with_columns(status=_status(ok))


def _title_rows(f: pl.DataFrame, policy: Policy) -> pl.DataFrame:
    """m2.title / m6.base: rows only where a title is given; a non-national title → ineligible m2.title."""
    titled = f.filter(pl.col("national_title").is_not_null())
    m2 = titled.filter(pl.col("title_m2") | ~pl.col("title_m6")).with_columns(
        rule=pl.lit(TITLE_RULE), entitled_m=_lit(_micro(policy.m2_title.award, "m2.title award")))
    m6 = titled.filter(pl.col("title_m6")).with_columns(
        rule=pl.lit(BASE_RULE), entitled_m=_lit(_micro(policy.m6_base.award, "m6.base award")))
    rows = pl.concat([m2, m6]).with_columns(threshold_m=pl.lit(None, pl.Int64))
    ok = (pl.col("rule") == BASE_RULE) | pl.col("title_m2")
    return rows.with_columns(status=_status(ok))


def _fiscal_rows(f: pl.DataFrame, policy: Policy, ratios: dict[str, tuple[str, int, int]]) -> pl.DataFrame:
    """m3.fiscal: new_fiscal_revenue × the county's ratio, rounded down to 0.01 万元; kept beside 就高."""
    step = 10 ** (6 - policy.award_decimals)  # micro-万元 per smallest paid unit (0.01 万元)
    rows = f.filter(pl.col("nfr_m").is_not_null()).with_columns(
        rule=pl.lit(FISCAL_RULE),
        ratio=pl.col("county_c").replace_strict({k: v[0] for k, v in ratios.items()}, default=None, return_dtype=pl.String),
        _num=pl.col("county_c").replace_strict({k: v[1] for k, v in ratios.items()}, default=None, return_dtype=pl.Int128),
        _den=pl.col("county_c").replace_strict({k: v[2] for k, v in ratios.items()}, default=None, return_dtype=pl.Int128),
    )
    # floor(nfr × num / den) in units of 0.01 万元, exact in 128-bit integers.
    paid = (pl.col("nfr_m").cast(pl.Int128) * pl.col("_num")) // (pl.col("_den") * pl.lit(step, pl.Int128))
    rows = rows.with_columns(entitled_m=(paid * step).cast(pl.Int64), threshold_m=pl.lit(None, pl.Int64)).drop("_num", "_den")
    ok = pl.col("in_statistics") & (pl.col("nfr_m") > 0) & pl.col("ratio").is_not_null()
    rows = rows.with_columns(status=_status(ok))
    return rows.with_columns(
        award_m=pl.when(pl.col("status") == QUALIFIED).then(pl.col("entitled_m")).otherwise(_lit(0)),
        status=pl.when(pl.col("status") == QUALIFIED).then(pl.lit(AWARDED)).otherwise(pl.col("status")))


def _fiscal_ratios(frame: pl.DataFrame, policy: Policy) -> dict[str, tuple[str, int, int]]:
    """county → (ratio as written, numerator, denominator) after checking every row (a handful of rows)."""
    for col in ("county", "ratio"):
        if col not in frame.columns:
            raise DataError(f"fiscal ratios table lacks required column {col} (see `jncli schema fiscal_ratios`)")
    frame = _with_position(frame, "fiscal ratios")
    out: dict[str, tuple[str, int, int]] = {}
    seen: dict[str, str] = {}
    for s, r, county, ratio in frame.select("_source", "_row", "county", "ratio").iter_rows():
        where = _where(s, r)
        name = policy.canonical_county(county)
        if name is None:
            raise DataError(f"{where}, column county: {county!r} is not a county of {policy.city_name}")
        if ratio is None or ratio != ratio:
            raise DataError(f"{where}, column ratio: the ratio for {name} is empty")
        value = Decimal(str(ratio))  # via str: 0.3 stays 0.3, not 0.29999999999999998889…
        if not policy.m3_ratio_min <= value <= policy.m3_ratio_max:
            raise DataError(f"{where}, column ratio: {_dec(value)} for {name} is outside "
                            f"{_dec(policy.m3_ratio_min)}..{_dec(policy.m3_ratio_max)}")
        if name in seen:
            raise DataError(f"{seen[name]} and {where} both give a ratio for {name}")
        seen[name] = where
        num, den = value.as_integer_ratio()
        out[name] = (_dec(value), num, den)
    return out


# ------------------------------------------------------------------------------------- 就高 and top-up
def _prior_events(prior: pl.DataFrame, policy: Policy, max_year: int) -> pl.DataFrame:
    """Per (code, year) the prior ledgers cover: what was received in the m2/m6 group (sum of awarded rows)."""
    for col in ("beneficiary", "rule", "year", "award", "status"):
        if col not in prior.columns:
            raise DataError(f"prior ledger lacks required column {col} (see `jncli schema ledger`)")
    p = _with_position(prior, "prior ledger")
    counted = (pl.col("status") == AWARDED) & pl.col("rule").is_in(list(policy.enterprise_group))
    bad = p.filter(counted & pl.col("award").is_null())
    if bad.height:
        r = bad.row(0, named=True)
        raise DataError(f"{_where(r['_source'], r['_row'])}, column award: an awarded {r['rule']} row has no amount")
    p = p.with_columns(code=_normalised_code(pl.col("beneficiary")),
                       _m=pl.when(counted).then(_to_micro(pl.col("award"))).otherwise(_lit(0)))
    return (p.filter(pl.col("code").is_not_null() & pl.col("year").is_not_null() & (pl.col("year") < max_year))
            .group_by("code", "year").agg(ledger_m=pl.col("_m").sum()))


def _topup(q: pl.DataFrame, policy: Policy, prior: pl.DataFrame | None, max_year: int) -> pl.DataFrame:
    """就高 per entity-year over the qualified m2/m6 rows, then the top-up against earlier years.

    Earlier year k comes either from a prior ledger (what was received grows by what it says was
    paid, L_k) or from this run (received becomes max(c, new_k), i.e. it pays max(0, new_k − c)).
    The step c' = max(c + b_k, a_k) composes in closed form: c before year k is
    S_k + max(0, max_{j<k}(a_j − S_{j+1})), S the cumulative b — so cum_sum / cum_max per entity.
    """
    prec = {rid: i for i, rid in enumerate(policy.m2_precedence)}
    order = pl.col("rule").replace_strict(prec, default=len(prec), return_dtype=pl.Int64)
    # Highest amount wins; equal amounts by the policy's precedence list (first wins).
    q = q.with_columns(_score=pl.col("entitled_m").cast(pl.Int64) * 1000 + (999 - order))
    q = q.with_columns(winner=pl.col("_score") == pl.col("_score").max().over("code", "year"))
    winners = q.filter(pl.col("winner")).select("code", "year", winner_m=pl.col("entitled_m"), winner_rule=pl.col("rule"))

    events = winners.select("code", "year", new_m=pl.col("winner_m"))
    if prior is not None:
        ledger = _prior_events(prior, policy, max_year).join(winners.select("code").unique(), on="code", how="semi")
        events = events.join(ledger, on=["code", "year"], how="full", coalesce=True)
    else:
        events = events.with_columns(ledger_m=pl.lit(None, pl.Int64))
    # Sorted by entity and year; the per-entity cumulative ops run over the whole column with each
    # entity's start reset by hand (window functions over 10^5 groups are ten times slower).
    events = events.sort("code", "year").with_columns(
        b=pl.col("ledger_m").fill_null(0),
        a=pl.when(pl.col("ledger_m").is_null()).then(pl.col("new_m")),  # a ledger year: its own evaluation never counts
        g=pl.col("code").rle_id().cast(pl.Int128))
    first = pl.col("g") != pl.col("g").shift(1, fill_value=-1)
    events = events.with_columns(_cs=pl.col("b").cum_sum())
    events = events.with_columns(s_incl=pl.col("_cs") - pl.when(first).then(pl.col("_cs") - pl.col("b")).forward_fill())
    # d_j = a_j − S_{j+1}; an offset of 2^65 per entity keeps a running max from leaking across entities.
    offset = pl.col("g") * pl.lit(2 ** 65, pl.Int128)
    d = (pl.col("a").cast(pl.Int128) - pl.col("s_incl")).fill_null(pl.lit(-(2 ** 63), pl.Int128)) + offset
    events = events.with_columns(_cm=d.cum_max() - offset)
    events = (events.with_columns(m=pl.when(first).then(pl.lit(0, pl.Int128)).otherwise(pl.col("_cm").shift(1)))
              .with_columns(received_m=(pl.col("s_incl") - pl.col("b") + pl.max_horizontal(pl.col("m"), pl.lit(0, pl.Int128)))
                            .cast(pl.Int64))
              .filter(pl.col("new_m").is_not_null())
              .select("code", "year", "received_m",
                      pay_m=pl.max_horizontal(pl.col("new_m") - pl.col("received_m"), pl.lit(0, pl.Int64))))

    q = q.join(winners.join(events, on=["code", "year"], how="left"), on=["code", "year"], how="left")
    return q.with_columns(
        status=pl.when(pl.col("winner") & (pl.col("pay_m") > 0)).then(pl.lit(AWARDED)).otherwise(pl.lit(SUPERSEDED)),
        award_m=pl.when(pl.col("winner")).then(pl.col("pay_m")).otherwise(_lit(0)),
        received_m=pl.when(pl.col("winner")).then(pl.col("received_m")),
    ).drop("_score", "pay_m")


def _budget(rows: pl.DataFrame, policy: Policy, budget: Decimal, warnings: list[str]) -> tuple[pl.DataFrame, int | None]:
    """最高 awards × X / total, floored to 0.01 万元, when their total strictly exceeds X. Returns (rows, total if scaled)."""
    step = 10 ** (6 - policy.award_decimals)
    scaled = (pl.col("status") == AWARDED) & pl.col("rule").is_in(list(policy.m2_budget_scaled))
    total_m = int(rows.filter(scaled)["award_m"].sum() or 0)
    x_m = int((budget * MICRO).to_integral_value(rounding=ROUND_FLOOR))
    names = ", ".join(policy.m2_budget_scaled)
    if total_m <= x_m:
        total = _dec(Decimal(total_m) / MICRO)
        warnings.append(Said(f"budget {_dec(budget)} 万元 covers the total {total} 万元 of up-to awards "
                             f"({names}): no scaling (scale_factor 1)",
                             f"预算{_dec(budget)}万元不少于“最高”类奖励合计{total}万元（{names}）：不缩放（系数1）"))
        return rows.with_columns(scale_factor=pl.when(scaled).then(pl.lit(Decimal(1), MONEY)),
                                 before_m=pl.lit(None, pl.Int64)), None
    factor = (Decimal(x_m) / Decimal(total_m)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_EVEN)
    new = (pl.col("award_m").cast(pl.Int128) * x_m) // pl.lit(total_m * step, pl.Int128) * step
    rows = rows.with_columns(
        before_m=pl.when(scaled).then(pl.col("award_m")),
        award_m=pl.when(scaled).then(new.cast(pl.Int64)).otherwise(pl.col("award_m")),
        scale_factor=pl.when(scaled).then(pl.lit(factor, MONEY)),
    )
    paid = int(rows.filter(scaled)["award_m"].sum() or 0)
    total = _dec(Decimal(total_m) / MICRO)
    unit, paid_wan = _dec(Decimal(step) / MICRO), _dec(Decimal(paid) / MICRO)
    warnings.append(Said(f"budget {_dec(budget)} 万元 < total {total} 万元 of up-to awards ({names}): each scaled by "
                         f"{_dec(budget)}/{total} = {factor} (6 decimals shown) and rounded down to "
                         f"{unit} 万元; paid {paid_wan} 万元",
                         f"预算{_dec(budget)}万元少于“最高”类奖励合计{total}万元（{names}）：每项按 {_dec(budget)}/{total} = "
                         f"{factor}（显示6位小数）缩放并向下取整到{unit}万元；实发{paid_wan}万元"))
    return rows, total_m


# ------------------------------------------------------------------------------------- basis
def _reasons(policy: Policy, lang: str) -> pl.Expr:
    """Every failing condition of an ineligible row, in the order the article states them."""
    t = TEXTS[lang]
    years = ("、" if lang == "zh" else ", ").join(map(str, policy.annual_years))
    tier = pl.col("rule").is_in(list(TIER_RULES))
    fiscal = pl.col("rule") == FISCAL_RULE
    lowest = {rid: _micro(r.tiers[0].threshold, f"{rid} threshold") for rid, r in _tier_rules(policy).items()}
    minimum = pl.col("rule").replace_strict(lowest, default=None, return_dtype=pl.Int64)
    parts = [
        pl.when(~pl.col("code_ok")).then(pl.col("code_problem")),
        pl.when(~pl.col("in_period")).then(_text(lang, "bad_year", year=pl.col("year"), years=years)),
        pl.when(~pl.col("jining")).then(_text(lang, "not_jining", city=policy.city_name,
                                                       county=pl.coalesce(pl.col("county"), pl.lit(t["empty"])))),
        pl.when((tier | fiscal) & ~pl.col("in_statistics")).then(pl.lit(t["not_stat"])),
        pl.when(tier & ~pl.col("is_trade")).then(pl.lit(t["not_trade"])),
        pl.when(tier & pl.col("retail_m").is_null()).then(pl.lit(t["no_retail"])),
        pl.when(tier & pl.col("in_period") & (pl.col("retail_m") < minimum))
        .then(_text(lang, "below", retail=_money_str(pl.col("retail_m")), min=_money_str(minimum))),
        pl.when((pl.col("rule") == TITLE_RULE) & ~pl.col("title_m2"))
        .then(_text(lang, "not_title", title=pl.col("national_title"))),
        pl.when(fiscal & (pl.col("nfr_m") <= 0)).then(_text(lang, "no_fiscal", nfr=_money_str(pl.col("nfr_m")))),
        pl.when(fiscal & pl.col("jining") & pl.col("ratio").is_null()).then(_text(lang, "no_ratio", county=pl.col("county"))),
    ]
    return pl.concat_str(parts, separator=t["sep"], ignore_nulls=True)


def _basis(rows: pl.DataFrame, policy: Policy, lang: str, budget: Decimal | None, total_m: int | None) -> pl.DataFrame:
    """One sentence per row. Rows are split by case so each template is built only for its own rows."""
    if "ratio" not in rows.columns:  # no m3 rows this run
        rows = rows.with_columns(ratio=pl.lit(None, pl.String))
    if "before_m" not in rows.columns:
        rows = rows.with_columns(before_m=pl.lit(None, pl.Int64))
    years = ("、" if lang == "zh" else ", ").join(map(str, policy.annual_years))
    step = _dec(Decimal(10 ** (6 - policy.award_decimals)) / MICRO)
    art = {r: _article(policy, r, lang) for r in policy.rules}
    name = {r: _rule_name(policy, r, lang) for r in policy.rules}
    article = pl.col("rule").replace_strict(art, default="", return_dtype=pl.String)
    rule_name = pl.col("rule").replace_strict(name, default="", return_dtype=pl.String)
    money = lambda c: _money_str(pl.col(c))  # noqa: E731

    kind = (pl.when(pl.col("rule").is_in(list(TIER_RULES))).then(pl.lit("q_tier"))
            .when(pl.col("rule") == TITLE_RULE).then(pl.lit("q_title")).otherwise(pl.lit("q_base")))
    suffix = (pl.when(pl.col("status") == AWARDED).then(pl.when(pl.col("received_m") > 0).then(pl.lit("topup"))
                                                         .otherwise(pl.lit("award")))
              .when(pl.col("winner")).then(pl.lit("topup_zero")).otherwise(pl.lit("lost")))
    case = (pl.when(pl.col("status") == OUT_OF_PERIOD).then(pl.lit("out_of_period"))
            .when(pl.col("status") == INELIGIBLE).then(pl.lit("ineligible"))
            .when(pl.col("rule") == FISCAL_RULE).then(pl.lit("fiscal"))
            .otherwise(pl.concat_str([kind, suffix], separator="|")))
    rows = rows.with_columns(_case=case, _scaled=pl.col("before_m").is_not_null())

    parts = []
    for (key, scaled), part in rows.partition_by("_case", "_scaled", as_dict=True).items():
        if key == "out_of_period":
            basis = _text(lang, "out_of_period", year=pl.col("year"), years=years, article=article)
        elif key == "ineligible":
            basis = _text(lang, "ineligible", article=article, rule=rule_name, reasons=_reasons(policy, lang))
        elif key == "fiscal":
            basis = _text(lang, "fiscal", year=pl.col("year"), nfr=money("nfr_m"), county=pl.col("county"),
                          ratio=pl.col("ratio"), step=step, article=article, award=money("award_m"))
        else:
            q, tail = key.split("|")
            head = _text(lang, q, year=pl.col("year"), retail=money("retail_m"), thr=money("threshold_m"),
                         title=pl.col("national_title"), article=article, amount=money("entitled_m"))
            paid = "before_m" if scaled else "award_m"
            winner = pl.col("winner_rule").replace_strict(name, default="", return_dtype=pl.String)
            sentence = _text(lang, tail, received=money("received_m"), award=money(paid), winner=winner,
                             winner_rule=pl.col("winner_rule"), winner_amount=money("winner_m"))
            basis = pl.concat_str([head, sentence])
            if scaled:
                basis = pl.concat_str([basis, _text(lang, "scaled", budget=_dec(budget), total=_dec(Decimal(total_m) / MICRO),
                                                    factor=pl.col("scale_factor").cast(pl.String).str.strip_chars_end("0"),
                                                    step=step, before=money("before_m"), award=money("award_m"))])
        parts.append(part.with_columns(basis=basis))
    return pl.concat(parts, how="diagonal_relaxed").drop("_case", "_scaled")


# ------------------------------------------------------------------------------------- entry points
def award_enterprises(frame: pl.DataFrame, policy: Policy, *, year: int | None = None, all_years: bool = False,
                      prior: pl.DataFrame | None = None, budget: Decimal | None = None,
                      fiscal_ratios: pl.DataFrame | None = None, lang: str = "zh") -> RuleResult:
    """Measures 2, 3 and 6 for the conformed "enterprises" frame: one row per entity × rule considered.

    `year` (default: the latest year present) is output; earlier years are evaluated only for the
    top-up, later years ignored; `all_years` outputs every year. `prior`: conformed ledger rows of
    earlier payouts (they replace this run's evaluation of the entity-years they cover). `budget`
    (万元) scales the up-to awards of the output. `fiscal_ratios`: conformed (county, ratio) rows for m3.fiscal.
    """
    if lang not in TEXTS:
        raise ValueError(f"lang must be zh or en, not {lang!r}")
    if budget is not None and budget < 0:
        raise DataError(f"budget {budget} 万元 is negative")
    warnings: list[str] = []
    notes: list[str] = []
    f, present = _prepare(frame, policy, lang)
    out_years, max_year = _years(f, policy, year, all_years, warnings)
    f = f.filter(pl.col("year") <= max_year) if max_year is not None else f.clear()

    rows = pl.concat([_tier_rows(f, policy), _title_rows(f, policy)], how="diagonal_relaxed")
    qualified = rows.filter(pl.col("status") == QUALIFIED)
    rest = rows.filter((pl.col("status") != QUALIFIED) & pl.col("year").is_in(out_years))
    won = _topup(qualified, policy, prior, max_year if max_year is not None else 0).filter(pl.col("year").is_in(out_years))
    parts = [won, rest.with_columns(award_m=pl.lit(0, pl.Int64))]
    if prior is not None and "year" in prior.columns and out_years:
        last = max(out_years)
        later = prior.filter(pl.col("year") >= last).height
        if later:
            notes.append(Said(f"{later} prior ledger row(s) of year {last} or later do not count as received for {last}",
                              f"往年台账中{later}行属于{last}年或以后，不计入{last}年的已领取金额"))
        covered = sorted(set(prior.filter(pl.col("year").is_in([y for y in out_years if y != last]))["year"].to_list()))
        if covered:
            # --all-years over years a prior ledger already paid: those rows are re-evaluations
            years = ', '.join(map(str, covered))
            notes.append(Said(f"the prior ledger already covers output year(s) {years}: this run's rows for them are its "
                              f"own evaluation, not what was paid; the ledger counts as received for the later years "
                              f"only. Do not pay a covered year twice",
                              f"往年台账已包含输出年度{years}：本次这些年度的行是重新测算，不是实际发放；台账只计入以后年度的"
                              f"已领取金额。已发放的年度不要重复发放"))
    if fiscal_ratios is not None and "new_fiscal_revenue" in present:
        parts.append(_fiscal_rows(f.filter(pl.col("year").is_in(out_years)), policy, _fiscal_ratios(fiscal_ratios, policy)))
    elif fiscal_ratios is not None:
        notes.append(Said("the input has no new_fiscal_revenue column: no m3.fiscal rows",
                          "输入没有 new_fiscal_revenue（新增财力）列：不计算 m3.fiscal"))
    elif "new_fiscal_revenue" in present:
        notes.append(Said("no fiscal ratios table (county, ratio; --fiscal-ratios): m3.fiscal (article 3) is not computed",
                          "没有县（市、区）留成比例表（county, ratio；--fiscal-ratios）：不计算第三条 m3.fiscal"))
    rows = pl.concat(parts, how="diagonal_relaxed")

    total_m = None
    if budget is not None:
        rows, total_m = _budget(rows, policy, budget, warnings)

    invalid = rows.filter(~pl.col("code_ok")).unique(["_source", "_row"]).sort("_source", "_row")
    if invalid.height:
        r = invalid.row(0, named=True)
        first = f"{_where(r['_source'], r['_row'])}: {credit_code.problem(r['code'])}"
        warnings.append(Said(f"{invalid.height} row(s) have an invalid credit code, so every rule row of those entities "
                             f"is ineligible (first: {first})",
                             f"{invalid.height}行的统一社会信用代码无效，这些企业各规则均不符合条件（第一处：{first}）"))
    outside = rows.filter(pl.col("code_ok") & ~pl.col("jining")).unique(["_source", "_row"]).height
    if outside:
        warnings.append(Said(f"{outside} row(s) name a county outside {policy.city_name}: ineligible",
                             f"{outside}行的县（市、区）不在{policy.city_name}范围内：不符合条件"))
    if rows.height:
        rows = _basis(rows, policy, lang, budget, total_m)
    return RuleResult(_finish(rows, policy, budget is not None, present), warnings, notes)


def _finish(rows: pl.DataFrame, policy: Policy, with_budget: bool, present: set[str]) -> pl.DataFrame:
    """Ledger columns first, then context; sorted by year, entity and rule so any input order gives the same output."""
    measure = {r: info.measure for r, info in policy.rules.items()}
    order = {r: i for i, r in enumerate([*policy.enterprise_group, FISCAL_RULE])}
    for c, dtype in (("basis", pl.String), ("award_m", pl.Int64), ("received_m", pl.Int64), ("scale_factor", MONEY),
                     ("rule", pl.String), ("status", pl.String), ("entitled_m", pl.Int64)):
        if c not in rows.columns:
            rows = rows.with_columns(pl.lit(None, dtype).alias(c))
    # `entitled`: what the rule gives before 就高, top-up and budget — only where every condition holds.
    entitled = pl.when(pl.col("status").is_in([AWARDED, SUPERSEDED])).then(pl.col("entitled_m"))
    cols = [
        pl.col("code").alias("beneficiary"),
        pl.col("name").alias("beneficiary_name"),
        pl.col("rule").replace_strict(measure, default=None, return_dtype=pl.Int64).alias("measure"),
        pl.col("rule"),
        pl.col("year").cast(pl.Int64),
        _from_micro(pl.col("award_m")).alias("award"),
        pl.col("status"),
        pl.col("basis"),
        pl.col("county"),
        pl.col("online_retail"),
    ]
    if "national_title" in present:
        cols.append(pl.col("national_title"))
    cols += [_from_micro(entitled).alias("entitled"), _from_micro(pl.col("received_m")).alias("received")]
    if with_budget:
        cols.append(pl.col("scale_factor").cast(MONEY))
    cols += [pl.col("_source"), pl.col("_row")]
    # Sort on integer keys (dense rank of the code) and gather only the output columns: string
    # multi-key sorts of the wide working frame cost several times more.
    keys = [pl.col("code").rank("dense").fill_null(2 ** 31).alias("_k1"),
            pl.col("rule").replace_strict(order, default=len(order), return_dtype=pl.Int64).alias("_k2"),
            pl.col("_source").rank("dense").alias("_k3")]
    return rows.select(*cols, *keys).sort(["year", "_k1", "_k2", "_k3", "_row"]).drop("_k1", "_k2", "_k3")


def commendations(frame: pl.DataFrame, policy: Policy, *, year: int | None = None, all_years: bool = False,
                  lang: str = "zh") -> RuleResult:
    """County commendations (m2.commend): at least `count` newly cultivated entities at ≥ `threshold`.

    An entity counts when its code is valid, it is 纳统 and in a Jining county; "newly cultivated" per
    threshold: online_retail_prev below that threshold or absent (an empty online_retail_prev is filled
    from the entity's own previous-year row in the input). One row per Jining county in the year's
    input, in the policy's county order.
    """
    if lang not in TEXTS:
        raise ValueError(f"lang must be zh or en, not {lang!r}")
    warnings: list[str] = []
    f, present = _prepare(frame, policy, lang)
    out_years, _ = _years(f, policy, year, all_years, warnings)
    if "online_retail_prev" not in present:
        warnings.append(Said("no online_retail_prev column: an entity counts as newly cultivated unless its previous "
                             "year's row in the input reached the threshold",
                             "没有上年网络零售额（online_retail_prev）列：除非输入中该企业上年的行已达到门槛，否则视为新培育"))
    last_year = f.filter(pl.col("code").is_not_null()).select("code", year=pl.col("year") + 1, _prev_row_m=pl.col("retail_m"))
    f = (f.join(last_year, on=["code", "year"], how="left")
         .with_columns(prev_m=pl.coalesce(pl.col("prev_m"), pl.col("_prev_row_m")))
         .filter(pl.col("year").is_in(out_years) & pl.col("jining")))
    counted = pl.col("code_ok") & pl.col("in_statistics")
    names, aggs = [], []
    for rule in policy.m2_commend:
        t = _micro(rule.threshold, "m2.commend threshold")
        names.append(f"newly_ge_{_dec(rule.threshold)}")
        newly = pl.col("prev_m").is_null() | (pl.col("prev_m") < t)
        aggs.append((counted & (pl.col("retail_m") >= t).fill_null(False) & newly).sum().cast(pl.Int64).alias(names[-1]))
    table = f.group_by("year", "county").agg(aggs) if aggs else f.select("year", "county").unique()
    counts = pl.concat_str([_text(lang, "commend_count", thr=_dec(r.threshold), n=pl.col(n), need=r.count)
                            for r, n in zip(policy.m2_commend, names)], separator="，" if lang == "zh" else "; ")
    hit = pl.any_horizontal([pl.col(n) >= r.count for r, n in zip(policy.m2_commend, names)])
    article = _article(policy, COMMEND_RULE, lang)
    years = ("、" if lang == "zh" else ", ").join(map(str, policy.annual_years))
    in_period = pl.col("year").is_in(list(policy.annual_years))
    table = table.with_columns(
        status=pl.when(~in_period).then(pl.lit(OUT_OF_PERIOD)).when(hit).then(pl.lit(COMMENDED)).otherwise(pl.lit(INELIGIBLE)),
        basis=pl.when(~in_period).then(_text(lang, "commend_out", year=pl.col("year"), years=years, article=article))
        .when(hit).then(_text(lang, "commended", counts=counts, article=article))
        .otherwise(_text(lang, "not_commended", counts=counts, article=article)),
    )
    order = {c.name: i for i, c in enumerate(policy.counties)}
    table = (table.with_columns(_o=pl.col("county").replace_strict(order, default=len(order), return_dtype=pl.Int64))
             .sort("year", "_o")
             .select(pl.col("county").alias("beneficiary"), pl.col("county").alias("beneficiary_name"),
                     pl.lit(policy.rules[COMMEND_RULE].measure, pl.Int64).alias("measure"),
                     pl.lit(COMMEND_RULE).alias("rule"), pl.col("year").cast(pl.Int64),
                     pl.lit(Decimal(0), MONEY).alias("award"), "status", "basis", "county", *names))
    return RuleResult(table, warnings, [])
