"""What measures 2, 3 and 6 share: the rule ids, the sentences of `basis`, money in micro-万元, the input.

面向在济宁市开展电商经营活动且纳入统计部门“企业一套表”法人库的商贸流通企业……
(RULES.md §2: an entity is one unified social credit code per year; it must be in a Jining county,
纳统 and, for the tiers, a trade and circulation enterprise. Money is computed exactly in integer
micro-万元, the 6 decimals of the conformed money dtype.)
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import polars as pl

from jncli import bureau, credit_code
from jncli.errors import DataError, PolicyError, row_ref
from jncli.policy import Policy
from jncli.rules import Said
from jncli.values import MONEY_DTYPE

MONEY = MONEY_DTYPE  # conformed money (万元)
MICRO = 1_000_000  # micro-万元 per 万元: the scale of the conformed money dtype
QUALIFIED = "_qualified"  # internal: passes every condition, awaits 就高 / top-up

REQUIRED = ("credit_code", "county", "year", "in_statistics", "is_trade")
OPTIONAL = {
    "name": pl.String,
    "online_retail": MONEY,
    "online_retail_prev": MONEY,
    "national_title": pl.String,
    "new_fiscal_revenue": MONEY,
    "converted_branch": pl.Boolean,
}
TIER_RULES = ("m2.tier2022", "m2.tier2023")
TITLE_RULE, BASE_RULE, FISCAL_RULE, COMMEND_RULE = "m2.title", "m6.base", "m3.fiscal", "m2.commend"
# Where a prior ledger's row comes from (`_origin`, set by `annual`; the values of annual.inputs' FROM_OPTION
# and FROM_EARLIER_RUN): a --prior ledger, or the verified earlier run beside OUT_DIR. Without it: --prior.
PRIOR_OPTION, EARLIER_RUN = "--prior", "earlier run"
TITLE_SEPARATORS = re.compile(r"[、,;/|]")  # after NFKC: one cell may list several titles

_CN_NUMERALS = "零一二三四五六七八九十"


# ------------------------------------------------------------------------------------- texts
_ZH = dict(
    sep="；",
    article="第{n}条",
    empty="（空）",
    bad_year="年度{year}不在政策执行年度（{years}）内",
    not_jining="县（市、区）“{county}”不属于{city}所辖县（市、区）",
    not_stat="未纳入统计部门“企业一套表”法人库（未纳统）",
    not_trade="不是商贸流通企业",
    no_retail="未报送实物商品网络零售额",
    below="实物商品网络零售额{retail}万元，低于{min}万元",
    not_title="称号不在政策文件所列国家级称号清单中：{title}",
    not_title_base=(
        "称号不在政策文件所列国家级称号清单中：{title}，疑为第六条国家电子商务示范基地称号的另一写法，"
        "m6.base 的称号清单中也没有这一写法"
    ),
    no_fiscal="新增财力省级不再分成部分{nfr}万元，不大于0",
    no_ratio="--fiscal-ratios 文件中没有{county}的奖励比例",
    not_converted="不是省外电商企业在济宁分支机构转为入库纳统的法人企业（是否省外电商企业分支机构转设：否）",
    no_converted_column="输入没有“是否省外电商企业分支机构转设”（converted_branch）列，无法确认是否为省外电商企业在济宁分支机构转设的法人企业",
    out_of_period="{year}年度不在政策执行年度（{years}）内，不适用{article}",
    ineligible="不符合{article}（{rule}）的条件：{reasons}",
    q_tier="{year}年度实物商品网络零售额{retail}万元，达到{thr}万元档，按{article}奖励最高{amount}万元",
    q_title="{year}年度取得国家级示范项目称号“{title}”，按{article}奖励最高{amount}万元",
    q_base="{year}年度取得“{title}”称号，按{article}奖励{amount}万元",
    award="，给予{award}万元",
    topup="；往年已领取{received}万元，按就高原则补差{award}万元",
    topup_zero="；往年已领取{received}万元，不低于本项，按就高原则不再补差",
    recv_data="按{years}年度数据测算应得{received}万元（未核对实际发放）",
    recv_mixed="往年已领取及按{years}年度数据测算应得合计{received}万元（数据测算部分未核对实际发放）",
    topup_calc="；{recv}，按就高原则补差{award}万元",
    topup_zero_calc="；{recv}，不低于本项，按就高原则不再补差",
    years_sep="、",
    lost="；同年{winner}（{winner_rule}）奖励{winner_amount}万元更高，按就高原则不重复享受",
    scaled="；预算{budget}万元低于“最高”奖励合计{total}万元，按比例{factor}缩减并向下取整至{step}万元，由{before}万元调整为{award}万元",
    fiscal="{year}年度新增财力省级不再分成部分{nfr}万元，按{county}奖励比例{ratio}计算并向下取整至{step}万元，依{article}给予{award}万元",
    fiscal_paid=(
        "{year}年度新增财力省级不再分成部分{nfr}万元，按{county}奖励比例{ratio}可得{amount}万元；但该企业已于"
        "{paid_year}年度获{article}一次性奖励{paid}万元（{paid_source}），政策施行期内只奖励一次，本年度不再奖励"
    ),
    fiscal_calc=(
        "{year}年度新增财力省级不再分成部分{nfr}万元，按{county}奖励比例{ratio}可得{amount}万元；"
        "但按 {file} 中{paid_year}年度的行测算，该企业{paid_year}年度应得{article}一次性奖励{paid}万元"
        "（未核对实际发放），政策施行期内只奖励一次，本年度不再奖励"
    ),
    paid_run="见本次输出的{paid_year}年度行",
    paid_data="按 {file} 中{paid_year}年度的行测算",
    paid_prior="据 --prior 台账 {file}",
    paid_earlier="据已核验的上年度运行 {folder}",
    fiscal_zero_ratio="；{county}奖励比例为0，不发放奖励",
    fiscal_zero_round="；金额向下取整后为0万元，不发放奖励",
    fiscal_zero_once="，不占用{article}的一次性奖励",
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
    not_title="title not on the policy file's list of national-level titles: {title}",
    not_title_base=(
        "title not on the policy file's list of national-level titles: {title}, which reads as article 6's "
        "示范基地 title in another form, not on m6.base's list either"
    ),
    no_fiscal="new fiscal revenue {nfr} 万元 is not above 0",
    no_ratio="no ratio for {county} in the --fiscal-ratios file",
    not_converted="not a converted out-of-province branch (converted_branch is not yes)",
    no_converted_column=(
        "the input has no converted_branch column (是否省外电商企业分支机构转设): whether it is a converted "
        "out-of-province branch is unknown"
    ),
    out_of_period="year {year} is outside the policy years ({years}); {article} does not apply",
    ineligible="fails {article} ({rule}): {reasons}",
    q_tier="online retail {retail} 万元 in {year} reaches the {thr} 万元 tier: up to {amount} 万元 under {article}",
    q_title="national-level title {title} in {year}: up to {amount} 万元 under {article}",
    q_base="title {title} in {year}: {amount} 万元 under {article}",
    award=", awarded {award} 万元",
    topup=(
        "; {received} 万元 already received in earlier years, so the highest-award rule pays the top-up of {award} 万元"
    ),
    topup_zero=(
        "; {received} 万元 already received in earlier years is not less, so the highest-award rule pays no top-up"
    ),
    recv_data="{received} 万元 computed for {years} from the data (not checked against what was paid)",
    recv_mixed=(
        "{received} 万元 received in earlier years or computed for {years} from the data (the computed part not "
        "checked against what was paid)"
    ),
    topup_calc="; {recv}, so the highest-award rule pays the top-up of {award} 万元",
    topup_zero_calc="; {recv} is not less, so the highest-award rule pays no top-up",
    years_sep=", ",
    lost="; {winner} ({winner_rule}) pays more the same year ({winner_amount} 万元): highest award only",
    scaled=(
        "; budget {budget} 万元 is below the total {total} 万元 of up-to awards, so scaled by {factor} and rounded "
        "down to {step} 万元: {before} → {award} 万元"
    ),
    fiscal=(
        "new fiscal revenue {nfr} 万元 in {year} × ratio {ratio} of {county}, rounded down to {step} 万元: "
        "{award} 万元 under {article}"
    ),
    fiscal_paid=(
        "new fiscal revenue {nfr} 万元 in {year} × ratio {ratio} of {county} would give {amount} 万元, but the entity "
        "already received the one-off reward of {article} in {paid_year} ({paid} 万元, {paid_source}): paid once in "
        "the policy period, nothing this year"
    ),
    fiscal_calc=(
        "new fiscal revenue {nfr} 万元 in {year} × ratio {ratio} of {county} would give {amount} 万元, but by this "
        "run's evaluation of the {paid_year} rows of {file} the entity was due the one-off reward of {article} in "
        "{paid_year} ({paid} 万元, not checked against what was paid): paid once in the policy period, nothing this "
        "year"
    ),
    paid_run="this run's {paid_year} row",
    paid_data="this run's evaluation of the {paid_year} rows of {file}",
    paid_prior="per the --prior ledger {file}",
    paid_earlier="per the verified earlier run in {folder}",
    fiscal_zero_ratio="; the ratio of {county} is 0, so nothing is paid",
    fiscal_zero_round="; the amount rounds down to 0 万元, so nothing is paid",
    fiscal_zero_once=" and the one-off reward of {article} is not used up",
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


def _nulls(expr: pl.Expr) -> pl.Expr:
    return expr.null_count().cast(pl.Int64)


def _sorted_by(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """`frame.sort(keys)` for integer keys (`_sort_order`)."""
    return frame[_sort_order(frame, keys)]


def _sort_order(frame: pl.DataFrame, keys: list[str]) -> pl.Series:
    """The row indices that sort `frame` as `frame.sort(keys)` does, for integer keys: the caller gathers its rows
    once (award-enterprises: after the working frame is gone, its sentences already in this order). Without nulls
    and with ranges whose product is below 2**63, the keys are sorted as one Int64 in mixed radix — (key − its least
    value) × the product of the later keys' ranges, summed: the lexicographic order of the keys is the numeric order
    of that sum — once instead of by five keys (`_finish`: 27 → ~6 ms on 204,000 rows; issue 18). Its keys name
    each row alone, so both give the same rows."""
    spans = frame.select(
        e.alias(f"{i}") for i, e in enumerate(f(pl.col(k)) for k in keys for f in (pl.Expr.min, pl.Expr.max, _nulls))
    ).row(0)
    lows, highs, nulls = spans[0::3], spans[1::3], spans[2::3]
    if not frame.height or any(nulls):
        return _index(frame.select(keys)).sort(keys).get_column("_i")
    weights, total = [], 1
    for lo, hi in reversed(list(zip(lows, highs))):
        weights.insert(0, total)
        total *= hi - lo + 1
    if total >= 2**63:
        return _index(frame.select(keys)).sort(keys).get_column("_i")
    one = pl.sum_horizontal((pl.col(k).cast(pl.Int64) - _lit(lo)) * _lit(w) for k, lo, w in zip(keys, lows, weights))
    return _index(frame.select(one.alias("_one"))).sort("_one", maintain_order=True).get_column("_i")


def _index(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` and its rows' indices, `_i` (sorted with the keys: the sort's order, its rows gathered once after)."""
    return frame.with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_i"))


# ------------------------------------------------------------------------------------- input
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
        raise DataError(
            f"enterprises table lacks required column(s) {', '.join(missing)} (see `jncli schema enterprises`)"
        )
    present = {c for c in OPTIONAL if c in frame.columns}
    # One chunk per column, once: the reader's columns come in chunks beside `_source` in one, and polars copies
    # every column of a frame whose columns are cut at different rows again for each operation on it (issue 18).
    f = _with_position(frame, "enterprises").rechunk()
    f = f.with_columns([pl.lit(None, dtype).alias(c) for c, dtype in OPTIONAL.items() if c not in present])
    no_year = f.filter(pl.col("year").is_null())
    if no_year.height:
        r = no_year.row(0, named=True)
        raise DataError(f"{row_ref(r['_source'], r['_row'], 'year')}: the year is empty")

    f = f.with_columns(credit_code.normalized_series(f["credit_code"]).alias("code"))
    _check_duplicates(f)

    f = f.with_columns(code_ok=credit_code.valid_expr(pl.col("code")))
    explain = credit_code.problem_zh if lang == "zh" else credit_code.problem
    problems = {c: explain(c) for c in f.filter(~pl.col("code_ok"))["code"].unique().to_list() if c is not None}
    f = f.with_columns(
        code_problem=pl.when(pl.col("code_ok"))
        .then(None)
        .when(pl.col("code").is_null())
        .then(pl.lit(explain(None)))
        .otherwise(pl.col("code").replace_strict(problems, default=None, return_dtype=pl.String))
    )

    # Counties stay as written by the reader; the policy maps names and aliases (few distinct values).
    canon = {c: policy.canonical_county(c) for c in f["county"].unique().to_list() if c is not None}
    f = f.with_columns(county_c=pl.col("county").replace_strict(canon, default=None, return_dtype=pl.String))
    f = f.with_columns(
        jining=pl.col("county_c").is_not_null(), county=pl.coalesce(pl.col("county_c"), pl.col("county"))
    )

    # title_m2 / title_m6: a part of the cell is a listed title. title_base_form: a part is the 示范基地 title in an
    # unlisted form (`国家电子商务示范基地（第三批）`, Policy.holds_base_title): the ineligible m2.title row such a
    # cell gets (RULES §2) names m6.base's list too, so that nobody adds the form under [m2.title].
    m2, m6, base_form = {}, {}, {}
    for t in f["national_title"].unique().to_list():
        if t is not None:
            parts = [p for p in TITLE_SEPARATORS.split(unicodedata.normalize("NFKC", t)) if p.strip()]
            m2[t] = any(policy.m2_title.matches(p) for p in parts)
            m6[t] = any(policy.m6_base.matches(p) for p in parts)
            base_form[t] = any(policy.holds_base_title(p) for p in parts)
    f = f.with_columns(
        title_m2=pl.col("national_title").replace_strict(m2, default=False, return_dtype=pl.Boolean),
        title_m6=pl.col("national_title").replace_strict(m6, default=False, return_dtype=pl.Boolean),
        title_base_form=pl.col("national_title").replace_strict(base_form, default=False, return_dtype=pl.Boolean),
        in_period=pl.col("year").is_in(list(policy.annual_years)),
        in_statistics=pl.col("in_statistics").fill_null(False),
        is_trade=pl.col("is_trade").fill_null(False),
        online_retail=pl.col("online_retail").cast(MONEY),
        retail_m=_to_micro(pl.col("online_retail")),
        prev_m=_to_micro(pl.col("online_retail_prev")),
        nfr_m=_to_micro(pl.col("new_fiscal_revenue")),
        converted=pl.col("converted_branch").fill_null(False),
    )
    keep = [
        "_source",
        "_row",
        "code",
        "code_ok",
        "code_problem",
        "name",
        "county",
        "county_c",
        "jining",
        "year",
        "in_period",
        "in_statistics",
        "is_trade",
        "online_retail",
        "retail_m",
        "prev_m",
        "national_title",
        "title_m2",
        "title_m6",
        "title_base_form",
        "nfr_m",
        "converted",
    ]
    return f.select(keep), present


def _hashed_duplicates(f: pl.DataFrame, keys: tuple[str, ...]) -> pl.DataFrame:
    """The rows of `f` that may share their `keys` with another row: a superset of the duplicated rows, found on
    one combined hash of the keys (equal keys give equal hashes), so the exact check that follows looks at those
    few rows only; every row equal to one of them is among them, so the exact check finds the same rows, in the
    same order, as on the whole frame. ~10 ms instead of ~30 on 260,000 rows (issue 18)."""
    combined = pl.col(keys[0]).hash(seed=0)
    for seed, key in enumerate(keys[1:], 1):  # a seed per key: equal texts in two keys do not cancel out
        combined = combined ^ pl.col(key).hash(seed=seed)
    hashes = f.select(combined).to_series()
    ordered = hashes.sort()
    # the hashes that occur more than once: equal neighbours once sorted (cheaper than `is_duplicated`'s table)
    repeated = ordered.filter(ordered == ordered.shift(1)).unique()
    if not repeated.len():  # no hash twice, so no key twice (the usual case): no second pass over the rows
        return f.clear()
    return f.filter(hashes.is_in(repeated.implode()))  # the hashes computed once, not again in the filter


def _check_duplicates(f: pl.DataFrame) -> None:
    dup = _hashed_duplicates(f, ("code", "year"))
    dup = dup.filter(pl.col("code").is_not_null() & pl.struct("code", "year").is_duplicated())
    if dup.height:
        dup = dup.sort("year", "code", "_source", "_row")
        a, b = dup.row(0, named=True), dup.row(1, named=True)
        more = f" (and {dup.height - 2} more duplicate rows)" if dup.height > 2 else ""
        raise DataError(
            f"{row_ref(a['_source'], a['_row'])} and {row_ref(b['_source'], b['_row'])} both have "
            f"credit code {a['code']} for year {a['year']}: one row per entity and year{more}"
        )


def comparable_names(names: pl.Series) -> pl.Series:
    """Enterprise names as they are compared (`_two_codes`, and `annual` across years): after NFKC (full-width
    forms, （） → ()), without whitespace and case-folded."""
    # only a name holding something else than CJK unified ideographs (U+4E00–9FFF, which NFKC leaves as they are)
    # and printable ASCII without capitals changes: those are normalised alone (most names: nothing to do)
    odd = names.str.contains(r"[^!-@\[-~\x{4E00}-\x{9FFF}]").fill_null(False)
    if odd.any():
        fixed = names.filter(odd).str.normalize("NFKC").str.replace_all(r"\s+", "").str.to_lowercase()
        names = names.scatter(odd.arg_true(), fixed)
    return names


def real_name(name: pl.Expr) -> pl.Expr:
    """A compared name (`comparable_names`) that names someone: not empty, not a placeholder (无字号, 个体户 …)."""
    return (name != "") & ~name.str.normalize("NFKC").str.contains(bureau.PLACEHOLDER_NAMES)


def _two_codes(f: pl.DataFrame, how: str) -> list[str]:
    """One enterprise (its name and county) under two valid credit codes in one year: two entities to the rule,
    so it may be paid twice. Names compared after NFKC (full-width forms, （） → ()), without whitespace and
    case-folded; the county as the policy names it. A warning naming both codes and rows, both still computed as
    the data says (which code is right is the bureau's to decide); `how` "error" (`annual`): a data error."""
    keyed = f.filter(pl.col("code_ok") & pl.col("name").is_not_null()).select(
        "year", "county", "name", "code", "_source", "_row"
    )
    keyed = keyed.with_columns(_name=comparable_names(keyed["name"]))
    # codes are unique per year (`_check_duplicates`): two rows of one name, county and year have two codes.
    # Placeholder names (无字号, 个体户 …) are left out after the duplicate check, on its few rows: whether a name
    # is real depends on the name alone, so a group of one (year, county, name) is kept or left out whole, and
    # the rows kept are those the check on the real names alone finds (NFKC over every name cost ~45 ms on
    # 260,000 rows; issue 18).
    many = _hashed_duplicates(keyed, ("year", "county", "_name"))
    many = many.filter(pl.struct("year", "county", "_name").is_duplicated()).filter(real_name(pl.col("_name")))
    if not many.height:
        return []
    many = many.sort("year", "county", "_name", "_source", "_row")
    a = many.row(0, named=True)
    b = (
        many.filter((pl.col("year") == a["year"]) & (pl.col("county") == a["county"]) & (pl.col("_name") == a["_name"]))
        .filter(pl.col("code") != a["code"])
        .row(0, named=True)
    )
    groups = many.select("year", "county", "_name").unique().height
    more = f" (and {groups - 1} more such enterprise(s))" if groups > 1 else ""
    more_zh = f"（另有{groups - 1}家此类企业）" if groups > 1 else ""
    ra, rb = row_ref(a["_source"], a["_row"]), row_ref(b["_source"], b["_row"])
    if how == "error":
        raise DataError(
            f"{ra} and {rb}: {a['name']!r} of {a['county']} has two credit codes for {a['year']}, {a['code']} and "
            f"{b['code']}: it would be paid twice ({groups} such enterprise(s) in all)",
            hint="correct the code at the source (one enterprise has one unified social credit code); if they are "
            "two enterprises, tell them apart by their names",
        )
    za, zb = row_ref(a["_source"], a["_row"], lang="zh"), row_ref(b["_source"], b["_row"], lang="zh")
    return [
        Said(
            f"{ra} and {rb}: {a['name']!r} of {a['county']} has two credit codes for {a['year']}, {a['code']} and "
            f"{b['code']}: both are computed as the data says, so it may be paid twice; which code is right is the "
            f"bureau's to decide{more}",
            f"{za}和{zb}：{a['county']}的“{a['name']}”{a['year']}年度有两个统一社会信用代码，{a['code']}和"
            f"{b['code']}：两者均按数据计算，该企业可能获得两次奖励；哪个代码正确由主管部门确定{more_zh}",
        )
    ]


def _years(
    f: pl.DataFrame, policy: Policy, year: int | None, all_years: bool, warnings: list[str]
) -> tuple[list[int], int | None]:
    """(years output, last year evaluated); earlier years are evaluated only for the top-up."""
    present = sorted(f["year"].unique().to_list())
    if all_years:
        out = present
    else:
        chosen = year if year is not None else (present[-1] if present else None)
        out = [] if chosen is None else [chosen]
        if chosen is not None and chosen not in present:
            years = ", ".join(map(str, present)) or "none"
            warnings.append(
                Said(
                    f"no rows for year {chosen} in the input (years present: {years})",
                    f"输入没有{chosen}年的行（现有年份：{years}）",
                )
            )
    outside = [y for y in out if y not in policy.annual_years and y in present]
    if outside:
        years, annual = ", ".join(map(str, outside)), ", ".join(map(str, policy.annual_years))
        warnings.append(
            Said(
                f"year(s) {years} outside the policy years ({annual}): their rows are out_of_period with no award",
                f"{years}年不在政策年度（{annual}）内：这些行为 out_of_period，不予奖励",
            )
        )
    return out, (max(out) if out else None)
