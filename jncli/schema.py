"""Canonical input tables: every column, its type, unit, whether required, and accepted aliases.

Bureau files arrive with Chinese headers (县市区, 网络零售额(万元) …) or English snake_case. The reader
maps each header to a canonical name with `match_header`: case, spaces, underscores, full-width forms
and a trailing unit such as `(万元)` / `（元）` / `_yuan` are ignored when matching; a money unit is
returned so the reader can convert the column to 万元.

Pure data plus string matching: it imports neither polars nor anything that opens files; the words of
bureau table layouts (qualifiers, totals, notes) and the plausibility bounds are in `jncli.bureau`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal
from typing import NamedTuple

from jncli.bureau import (
    BUREAU_UNITS,
    CITY_WORDS,
    CONVERTED_BRANCH_ALIASES,
    COUNTY_ALIASES,
    COUNTY_MONEY_HIGH,
    CREDIT_CODE_ALIASES,
    CURRENT_QUALIFIERS,
    ENTERPRISE_MONEY_HIGH,
    FISCAL_REVENUE_HIGH,
    GROWTH_QUALIFIERS,
    IN_STATS_ALIASES,
    NAME_ALIASES,
    ONLINE_RETAIL,
    PREVIOUS_QUALIFIERS,
    SHOP_MONEY_HIGH,
    currency_joined,
    unit_key,
)
from jncli.headerkey import normalize_header  # the matching key of a header (its own module: this one is full)

# Column types. `id` is text that must never become a number (credit codes, shop ids, county codes);
# `month` is a calendar month (2023-05, 2023年5月, or any date in it), read as the month's first day.
TYPES = ("text", "id", "int", "number", "money", "bool", "date", "month")

# Money units → factor to 万元 (the policy's unit, RULES.md §0): those of bureau tables, and machine spellings.
_SPELLED = {"yuan": "元", "wan": "万元", "wanyuan": "万元", "yi": "亿元", "yiyuan": "亿元"}
MONEY_UNITS: dict[str, Decimal] = {**BUREAU_UNITS, **{k: BUREAU_UNITS[v] for k, v in _SPELLED.items()}}
# The units a number column's header may name, by `Column.units` (else `unit`): spelling (normalised as a header
# is) → what a value in it is divided by into the column's unit (`经营年限(月)`: ÷12; a share's `(%)`: 58 is 0.58).
# Any other unit stops the run (`经营年限(天)`: no exact years); never read as the column's unit (review 21). A text,
# id, date, month or yes/no column's bracket (`企业名称(盖章)`) is ignored, unless it is a money unit.
NUMBER_UNITS: dict[str, dict[str, int]] = {
    "年": {"年": 1, "年限": 1, "周年": 1, "year": 1, "years": 1, "月": 12, "个月": 12, "month": 12, "months": 12},
    "人": {"人": 1, "人数": 1, "个人": 1, "名": 1, "位": 1, "个": 1, "persons": 1, "people": 1},
    "%": {"%": 1, "±%": 1, "pct": 1, "percent": 1, "百分比": 1, "百分点": 1},  # a stated growth, in % (`同比增长(%)`)
    "share": {"%": 100, "pct": 100, "percent": 100, "百分比": 100},  # a share 0..1 (`奖励比例(%)`: 58 is 0.58)
    "year": {"年": 1, "年度": 1, "year": 1},  # a data year (`年份(年)`)
}
# The unit jncli reads a number column in, and the units it may be written in, for the message refusing another.
NUMBER_UNIT_NAMES = {"年": ("年", "年, 月 (÷12)"), "人": ("人", "人, 名"), "%": ("%", "%"), "year": ("年", "年")}
NUMBER_UNIT_NAMES["share"] = ("0..1", "% (58 = 0.58)")

# The widest header an input table may have. The widest table below has a dozen columns and a bureau
# export adds a few dozen of its own; a header of thousands is no table jncli reads (one long line, a
# corrupt or hostile file) and is refused at once, before the file is parsed.
MAX_COLUMNS = 1000


# Immutable records (NamedTuple; `_replace`: a copy), not frozen dataclasses (`exec`s at each start, branch records)
class Column(NamedTuple):
    """One canonical column of an input table."""

    name: str
    type: str
    required: bool
    description: str
    aliases: tuple[str, ...] = ()
    unit: str | None = None  # "万元" for money columns, "%" for stated growth
    # Plausibility (money, in 万元): a value above `high` in a column whose unit nobody named looks
    # like 元 (RULES.md "The yearly run"); None: no bound. Money below 0 is always a data error (§0).
    high: float | None = None
    # Qualified forms also accepted: (kind, Chinese names): each name with a "current" (本年…), "previous"
    # (上年同期…) or "growth" (同比增长…) qualifier before it, after it, or after it in brackets.
    qualified: tuple[str, tuple[str, ...]] | None = None
    # A money column's figure is a sum of its kind (an amount): a total row (合计) is checked against the sum of
    # the unit rows'. False for a rate (每人奖励标准: per hire), which does not add up.
    summed: bool = True
    # The units a money rate is per (`元/人`: 元 per person); a header's `(元/人)` is then the money unit 元.
    per: tuple[str, ...] = ()
    # A number column's header units (a key of NUMBER_UNITS), when not its `unit`: a share's `(%)`, a year's `(年)`.
    units: str | None = None


class Schema(NamedTuple):
    """One canonical input table."""

    name: str
    description: str
    columns: tuple[Column, ...]
    notes: str = ""
    # Where a total (合计) or a note (注：) is looked for: these columns, and the file's first column.
    key: tuple[str, ...] = ()
    # Words that name the whole city in a key column (a total row), beyond TOTAL_WORDS.
    whole: tuple[str, ...] = ()
    # Stated growth checked against the computed one: (growth column in %, this year, previous year).
    growth: tuple[tuple[str, str, str], ...] = ()
    # Columns whose cells written as a not-applicable mark (`—`, `-`, `无` …, read as empty) keep the mark as
    # written in `_mark_<column>` (null elsewhere): a blank and a mark are told apart (measure 1, RULES §0).
    # A small table's columns only: a companion column per column, for every row.
    kept_marks: tuple[str, ...] = ()
    # (column, the measure reading it as --skip names it[, the column whose yes / filled rows it is read in]): read to
    # decide money; empty in every row it is read in, it answers nothing (`tableio.blanks`: annual stops, commands warn)
    answered: tuple[tuple[str, ...], ...] = ()

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


_TRAILING_UNIT = re.compile(
    r"^(?P<base>.*?)[\s_]*(?:[(\[](?P<paren>[^()\[\]]*)[)\]]|_(?P<snake>yuan|wan|wanyuan|yi|yiyuan|pct|percent))$",
    re.IGNORECASE,
)
_BARE_CN_UNIT = r"^(?P<base>.+?)(?P<unit>亿元|万元|千元)$"  # (text: compiled by `re` when a header needs it)


@functools.lru_cache(maxsize=4096)
def split_unit(header: str) -> tuple[str, str | None]:
    """`网络零售额（万元）` → (`网络零售额`, `万元`); `online_retail_yuan` → (`online_retail`, `yuan`)."""
    t = re.sub(r"[ \t]*[\r\n]+[ \t]*", " ", unicodedata.normalize("NFKC", header).strip())  # Alt+Enter: a space
    t = currency_joined(t)  # `(万元)(人民币)` → `(万元人民币)`
    m = _TRAILING_UNIT.match(t)
    if m and m.group("base"):
        unit = m.group("paren") if m.group("paren") is not None else m.group("snake")
        return m.group("base").strip(), unit.strip().lower() if unit else unit
    m = re.match(_BARE_CN_UNIT, t)
    if m:
        return m.group("base"), m.group("unit")
    return t, None


def _qualified(aliases: tuple[str, ...], qualifiers: tuple[str, ...]) -> list[str]:
    """Each Chinese alias with each qualifier before it, after it and after it in brackets
    (上年同期网络零售额, 网络零售额上年同期, 网络零售额(上年同期)): how single-row headers write it
    and how a two-row header reads (group, then the qualifier below it)."""
    out: list[str] = []
    for a in aliases:
        if any("\u4e00" <= ch <= "\u9fff" for ch in a):  # a CJK character (the regex class: ~1.3 ms to compile)
            for q in qualifiers:
                out += [f"{q}{a}", f"{a}{q}", f"{a}({q})"]
    return out


QUALIFIED = {"current": CURRENT_QUALIFIERS, "previous": PREVIOUS_QUALIFIERS, "growth": GROWTH_QUALIFIERS}


def _money_prev_aliases(aliases: tuple[str, ...]) -> tuple[str, ...]:
    """Wide-form previous-year aliases of a money column's English aliases (the Chinese ones come
    qualified: 上年同期网络零售额, 网络零售额(上年), see `Column.qualified`)."""
    return tuple(f for a in aliases if a.isascii() for f in (f"{a}_prev", f"{a}_last_year", f"prev_{a}"))


def _growth_aliases(aliases: tuple[str, ...]) -> tuple[str, ...]:
    """A stated growth rate's English aliases (the Chinese ones come qualified: 网络零售额同比增长(%))."""
    return tuple(f"{a}_growth" for a in aliases if a.isascii())


def _chinese(aliases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(a for a in aliases if not a.isascii())


def _col(
    name, type_, required, description, aliases=(), unit=None, high=None, qualified=None, per=(), units=None
) -> Column:
    """One column; `per`: the units a money rate is per (`元/人`), which also makes it a rate, not summed;
    `units`: a number column's header units (NUMBER_UNITS), when not its `unit`'s."""
    unit = unit or ("万元" if type_ == "money" else None)
    return Column(name, type_, required, description, tuple(aliases), unit, high, qualified, not per, tuple(per), units)


YEAR_ALIASES = ("year", "年份", "年度", "年", "统计年度", "数据年份")


def _money_pair(
    name: str, aliases: tuple[str, ...], description: str, required: bool, high: float
) -> tuple[Column, Column, Column]:
    """This year's figure, the previous year's (wide form) and the growth the file states (checked)."""
    return (
        _col(name, "money", required, description, aliases, high=high, qualified=("current", _chinese(aliases))),
        _col(
            f"{name}_prev",
            "money",
            False,
            f"{description} — previous year (wide form, 上年同期)",
            _money_prev_aliases(aliases),
            high=high,
            qualified=("previous", _chinese(aliases)),
        ),
        _col(
            f"{name}_growth",
            "number",
            False,
            f"{description} — growth as the file states it, in % (checked against this year and the previous)",
            _growth_aliases(aliases),
            unit="%",
            qualified=("growth", _chinese(aliases)),
        ),
    )


def _growth_checks(*names: str) -> tuple[tuple[str, str, str], ...]:
    return tuple((f"{n}_growth", n, f"{n}_prev") for n in names)


SCHEMAS: dict[str, Schema] = {}


def _add(schema: Schema) -> None:
    SCHEMAS[schema.name] = schema


_add(
    Schema(
        "counties",
        "County-level statistics for measure 1 (score-counties): one row per county per year (long form) "
        "or one row per county with *_prev columns (wide form, 本年 / 上年同期).",
        (
            _col(
                "county",
                "text",
                True,
                "County-level unit (县（市、区）) or functional zone",
                COUNTY_ALIASES + ("单位名称",),  # a county table's 单位 are the counties (填报单位)
            ),
            _col("year", "int", False, "Data year (long form); absent in wide form", YEAR_ALIASES, units="year"),
            *_money_pair(
                "online_retail",
                ONLINE_RETAIL[:2] + ("网上零售总额", "网上零售额"),
                "Online retail sales (网络零售额)",
                False,
                COUNTY_MONEY_HIGH,
            ),
            *_money_pair(
                "rural_online_retail",
                ("rural_online_retail", "农村网络零售额", "农村网络零售总额", "农村网上零售额", "农村电商网络零售额"),
                "Rural online retail sales (农村网络零售额)",
                False,
                COUNTY_MONEY_HIGH,
            ),
            *_money_pair(
                "ent_online_retail",
                (
                    "ent_online_retail",
                    "纳统电商零售企业实物商品网络零售额",
                    "纳统电商零售企业网络零售额",
                    "纳统企业实物商品网络零售额",
                    "纳统企业网络零售额",
                    "纳统电商企业网络零售额",
                    "纳统电商企业实物商品网络零售额",
                ),
                "Online retail of physical goods by 纳统 e-commerce retail enterprises",
                False,
                COUNTY_MONEY_HIGH,
            ),
            *_money_pair(
                "above_quota_retail",
                (
                    "above_quota_retail",
                    "限额以上消费品零售额",
                    "限上消费品零售额",
                    "限额以上单位消费品零售额",
                    "限上单位消费品零售额",
                    "限额以上社会消费品零售额",
                    "限上零售额",
                ),
                "Retail sales of consumer goods above designated size (限额以上消费品零售额)",
                False,
                COUNTY_MONEY_HIGH,
            ),
        ),
        notes="Each measure-1 category is scored only when all its columns are present.",
        key=("county",),
        whole=CITY_WORDS,
        growth=_growth_checks("online_retail", "rural_online_retail", "ent_online_retail", "above_quota_retail"),
        kept_marks=tuple(
            f"{n}{end}"
            for n in ("online_retail", "rural_online_retail", "ent_online_retail", "above_quota_retail")
            for end in ("", "_prev")
        ),
    )
)

_add(
    Schema(
        "enterprises",
        "Enterprises for measures 2, 3 and 6 (award-enterprises): one row per entity per year.",
        (
            _col(
                "credit_code",
                "id",
                True,
                "Unified social credit code (统一社会信用代码, GB 32100-2015)",
                CREDIT_CODE_ALIASES,
            ),
            _col("name", "text", False, "Enterprise name (企业名称)", NAME_ALIASES),
            _col("county", "text", True, "County-level unit where it operates", COUNTY_ALIASES),
            _col("year", "int", True, "Data year", YEAR_ALIASES, units="year"),
            _col(
                "in_statistics",
                "bool",
                True,
                "In the statistics bureau's 企业一套表 legal-entity register (纳统)",
                IN_STATS_ALIASES,
            ),
            _col(
                "is_trade",
                "bool",
                True,
                "A trade and circulation enterprise (商贸流通企业)",
                (
                    "is_trade",
                    "是否商贸流通企业",
                    "是否为商贸流通企业",
                    "商贸流通企业",
                    "是否商贸流通",
                    "商贸流通",
                    "是否属于商贸流通企业",
                ),
            ),
            _col(
                "online_retail",
                "money",
                False,
                "Online retail of physical goods through public platforms (实物商品网络零售额)",
                ONLINE_RETAIL,
                high=ENTERPRISE_MONEY_HIGH,
                qualified=("current", _chinese(ONLINE_RETAIL)),
            ),
            _col(
                "online_retail_prev",
                "money",
                False,
                "The same, previous year (for 'newly cultivated')",
                _money_prev_aliases(ONLINE_RETAIL),
                high=ENTERPRISE_MONEY_HIGH,
                qualified=("previous", _chinese(ONLINE_RETAIL)),
            ),
            _col(
                "online_retail_growth",
                "number",
                False,
                "Growth of online retail as the file states it, in % (checked against the two years)",
                _growth_aliases(ONLINE_RETAIL),
                unit="%",
                qualified=("growth", _chinese(ONLINE_RETAIL)),
            ),
            _col(
                "national_title",
                "text",
                False,
                "National-level title obtained in the year (国家级示范称号)",
                ("national_title", "国家级称号", "国家级示范称号", "示范称号", "称号", "获得称号", "title"),
            ),
            _col(
                "new_fiscal_revenue",
                "money",
                False,
                "New fiscal revenue, provincial share no longer split (新增财力省级不再分成部分)",
                ("new_fiscal_revenue", "新增财力", "新增财力省级不再分成部分", "新增财力(省级不再分成部分)"),
                high=FISCAL_REVENUE_HIGH,
            ),
            _col(
                "converted_branch",
                "bool",
                False,
                "A legal entity converted from the Jining branch of an out-of-province e-commerce enterprise "
                "(省外电商企业在济宁分支机构转设, measure 3 only)",
                CONVERTED_BRANCH_ALIASES,
            ),
        ),
        key=("credit_code", "name"),
        growth=_growth_checks("online_retail"),
        answered=(("county", "2"), ("in_statistics", "2"), ("is_trade", "2"), ("online_retail", "2"))
        + (("new_fiscal_revenue", "3", "converted_branch"), ("converted_branch", "3")),  # RULES §2 rev 3: m3
    )
)

_add(
    Schema(
        "fiscal_ratios",
        "Per-county reward ratios for measure 3 (award-enterprises --fiscal-ratios).",
        (
            _col("county", "text", True, "County-level unit", COUNTY_ALIASES),
            _col(
                "ratio",
                "number",
                True,
                "Share of the new fiscal revenue paid as reward, 0..1",
                ("ratio", "比例", "奖励比例"),
                units="share",
            ),
        ),
        key=("county",),
    )
)

_add(
    Schema(
        "shops",
        "Online shop registry for measure 4 (track-shops): one row per shop; (platform, shop_id) is the key.",
        (
            _col("platform", "text", True, "Platform (平台)", ("platform", "平台", "电商平台", "平台名称", "所属平台")),
            _col(
                "shop_id",
                "id",
                True,
                "Shop id on the platform (店铺ID)",
                ("shop_id", "店铺ID", "店铺编号", "店铺编码", "店铺id", "网店ID", "网店编号", "shop"),
            ),
            _col("county", "text", True, "County-level unit of the shop", COUNTY_ALIASES),
            _col(
                "opened_on",
                "date",
                True,
                "Date the shop opened (开店日期)",
                ("opened_on", "开店日期", "开店时间", "开业日期", "opened"),
            ),
            _col(
                "migrated_in_on",
                "date",
                False,
                "Date the shop moved into Jining (迁入日期)",
                ("migrated_in_on", "迁入日期", "迁入时间", "回迁日期", "migrated_on"),
            ),
            _col(
                "origin_city",
                "text",
                False,
                "City the shop moved from (迁出城市)",
                ("origin_city", "迁出城市", "迁出地", "原所在城市", "来源城市"),
            ),
            _col(
                "closed_on",
                "date",
                False,
                "Date the shop closed (关店日期)",
                ("closed_on", "关店日期", "关闭日期", "闭店日期", "注销日期", "closed"),
            ),
            _col("in_statistics", "bool", False, "The shop's sales are in the statistics (纳统)", IN_STATS_ALIASES),
            _col(
                "online_retail",
                "money",
                False,
                "The shop's online retail in the evaluation year",
                ONLINE_RETAIL,
                high=SHOP_MONEY_HIGH,
                qualified=("current", _chinese(ONLINE_RETAIL)),
            ),
        ),
        key=("shop_id",),
        answered=(("in_statistics", "4", "migrated_in_on"), ("online_retail", "4", "migrated_in_on")),
    )
)

# Measure 7's tables (candidates, records) are defined beside, in `schema_whitelist`.
from jncli.schema_whitelist import WHITELIST_SCHEMAS  # noqa: E402 (it builds on the definitions above)

for _schema in WHITELIST_SCHEMAS:
    _add(_schema)


_add(
    Schema(
        "ledger",
        "The award ledger every award-producing command writes (RULES.md §0); check-validity reads it.",
        (
            _col(
                "beneficiary", "id", True, "County name or credit code", ("beneficiary", "受益方", "受益单位", "对象")
            ),
            _col("beneficiary_name", "text", False, "Beneficiary name", ("beneficiary_name", "受益方名称", "对象名称")),
            _col("measure", "int", True, "Article number of the measure (1..11)", ("measure", "措施", "条款")),
            _col("rule", "text", True, "Stable rule id, e.g. m1.online, m2.tier2023", ("rule", "规则")),
            _col("year", "int", True, "Data year", YEAR_ALIASES, units="year"),
            _col("award", "money", True, "Award in 万元 (0 when none)", ("award", "奖励", "奖励金额", "补贴", "金额")),
            _col(
                "status",
                "text",
                True,
                "awarded, commended, qualified, superseded, ineligible, not_ranked, out_of_period, included, excluded",
                ("status", "状态"),
            ),
            _col("basis", "text", False, "One sentence citing the numbers and the article", ("basis", "依据", "说明")),
        ),
        # a total row (合计) or a note (注：) under a ledger kept in Excel: its label in the beneficiary column
        key=("beneficiary",),
    )
)


# Measure 8's tables (hires, insurance, county_rates) are defined beside, in `schema_hires`.
from jncli.schema_hires import HIRES_SCHEMAS  # noqa: E402 (it builds on the definitions above)

for _schema in HIRES_SCHEMAS:
    _add(_schema)


# Header keys → column per schema, built on first use: id(schema) → (the schema, held so its id is no other's;
_INDEXES: dict[int, tuple[Schema, dict[str, str], list[str], dict[str, str]]] = {}  # aliases, qualifiers, qualified)


def _lookup(schema: Schema, key: str) -> str | None:
    """A header key's column: a plain alias's, else a qualified form's (上年网络零售额, …), built (~3.5 ms) only
    for a key holding a qualifier key of the schema, as every qualified form's does (test_header_findings)."""
    held = _INDEXES.get(id(schema)) or _INDEXES.setdefault(id(schema), (schema, {}, [], {}))
    _, index, qualifiers, qualified_index = held
    if not index:
        for c in schema.columns:
            for a in (c.name, *c.aliases):
                index.setdefault(normalize_header(a), c.name)
            qualifiers.extend(normalize_header(q) for q in (QUALIFIED[c.qualified[0]] if c.qualified else ()))
        qualifiers[:] = dict.fromkeys(qualifiers)  # each once (counties: 132 → 33, tried for every key)
    if key in index or not any(q in key for q in qualifiers):
        return index.get(key)
    if not qualified_index:
        for c in (c for c in schema.columns if c.qualified):
            for a in _qualified(c.qualified[1], QUALIFIED[c.qualified[0]]):
                qualified_index.setdefault(normalize_header(a), c.name)
    return qualified_index.get(key)


class HeaderMatch(NamedTuple):
    """How one header of a file maps to a canonical column."""

    header: str  # as found in the file
    column: str | None  # canonical name, None when the header is not part of the schema
    factor: Decimal | float = 1.0  # multiply to get 万元 (money columns only)
    unit: str | None = None
    divisor: int = 1  # divide to get the column's unit (number columns: `经营年限(月)` 12, `奖励比例(%)` 100)


def match_header(schema: Schema, header: str) -> HeaderMatch:
    """Map one header to a canonical column, ignoring case, spaces, full-width forms and a trailing unit.

    Raises ValueError when a money column carries a unit we cannot convert, or a non-money column
    carries a money unit (a sign the wrong column was matched).
    """
    # the index is built on first use (a run reads one or two tables; all at import: ~10 ms)
    name = _lookup(schema, normalize_header(header))
    if name is not None:
        return HeaderMatch(header, name)
    base, unit = split_unit(header)
    name = _lookup(schema, normalize_header(base))
    if name is None:
        return HeaderMatch(header, None)
    col = schema.column(name)
    u = normalize_header(unit or "")
    if col.type == "money":
        u = _per_unit(col, unit_key(u))  # `(单位：万元)`: the unit itself
        if u not in MONEY_UNITS:
            raise ValueError(
                f"header {header!r}: unit {unit!r} is not a money unit jncli knows "
                f"(元, 千元, 万元, 亿元, _yuan, _wan, _yi)"
            )
        return HeaderMatch(header, name, MONEY_UNITS[u], unit)
    if unit_key(u) in MONEY_UNITS:
        raise ValueError(f"header {header!r}: column {name} is not money but carries unit {unit!r}")
    if col.type not in ("int", "number") or not u:
        return HeaderMatch(header, name, 1.0, unit)
    return HeaderMatch(header, name, 1.0, unit, _number_divisor(col, header, unit, u))


def _number_divisor(col: Column, header: str, unit: str, key: str) -> int:
    """What a number column's values under `header` (unit `unit`, normalised `key`) are divided by to be in
    the column's unit (NUMBER_UNITS); any other unit is refused, naming the column's."""
    units = col.units or col.unit or ""
    accepted = NUMBER_UNITS.get(units, {})
    divisor = accepted.get(key.removeprefix("计量").removeprefix("单位"))  # `(单位：人)`: the unit itself
    if divisor is not None and (divisor == 1 or col.type == "number"):
        return divisor
    if units not in NUMBER_UNIT_NAMES:
        raise ValueError(f"header {header!r}: column {col.name} is a number without a unit, not in {unit!r}")
    unit_name, written = NUMBER_UNIT_NAMES[units]
    raise ValueError(
        f"header {header!r}: jncli reads column {col.name} in {unit_name}, not {unit!r}; "
        f"the header may name {written}, or no unit"
    )


def _per_unit(col: Column, unit: str) -> str:
    """A rate's `元/人` (`万元/人`, `元／名`): its money unit, when the column is a rate per that (`Column.per`)."""
    money, slash, per = unit.partition("/")
    if slash and money in MONEY_UNITS and per in {normalize_header(p) for p in col.per}:
        return money
    return unit
