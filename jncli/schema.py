"""Canonical input tables: every column, its type, unit, whether required, and accepted aliases.

Bureau files arrive with Chinese headers (县市区, 网络零售额(万元) …) or English snake_case. The reader
maps each header to a canonical name with `match_header`: case, spaces, underscores, full-width forms
and a trailing unit such as `(万元)` / `（元）` / `_yuan` are ignored when matching; a money unit is
returned so the reader can convert the column to 万元.

This module is pure data plus string matching: it imports neither polars nor anything that opens files.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Column types. `id` is text that must never become a number (credit codes, shop ids, county codes);
# `month` is a calendar month (2023-05, 2023年5月, or any date in it), read as the month's first day.
TYPES = ("text", "id", "int", "number", "money", "bool", "date", "month")

# Money units → factor to 万元 (the policy's unit, RULES.md §0).
MONEY_UNITS: dict[str, float] = {
    "元": 0.0001,
    "yuan": 0.0001,
    "千元": 0.1,
    "万元": 1.0,
    "万": 1.0,
    "wan": 1.0,
    "wanyuan": 1.0,
    "亿元": 10000.0,
    "亿": 10000.0,
    "yi": 10000.0,
    "yiyuan": 10000.0,
}
# Units that may trail a non-money header and are simply ignored when matching.
OTHER_UNITS = {"%", "家", "个", "人", "年", "日期", "date", "pct", "percent"}

# The widest header an input table may have. The widest table below has a dozen columns and a bureau
# export adds a few dozen of its own; a header of thousands is no table jncli reads (one long line, a
# corrupt or hostile file) and is refused at once, before the file is parsed.
MAX_COLUMNS = 1000


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool
    description: str
    aliases: tuple[str, ...] = ()
    unit: str | None = None  # "万元" for money columns


@dataclass(frozen=True)
class Schema:
    name: str
    description: str
    columns: tuple[Column, ...]
    notes: str = ""
    _index: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def normalize_header(text: str) -> str:
    """Matching key of a header: NFKC (full-width → half-width), lower case, no spaces/underscores/hyphens."""
    t = unicodedata.normalize("NFKC", text).strip().lower()
    return re.sub(r"[\s_\-·:：]+", "", t)


_TRAILING_UNIT = re.compile(
    r"^(?P<base>.*?)[\s_]*(?:[(\[](?P<paren>[^()\[\]]*)[)\]]|_(?P<snake>yuan|wan|wanyuan|yi|yiyuan|pct|percent))$",
    re.IGNORECASE,
)
_BARE_CN_UNIT = re.compile(r"^(?P<base>.+?)(?P<unit>亿元|万元|千元)$")


def split_unit(header: str) -> tuple[str, str | None]:
    """`网络零售额（万元）` → (`网络零售额`, `万元`); `online_retail_yuan` → (`online_retail`, `yuan`)."""
    t = unicodedata.normalize("NFKC", header).strip()
    m = _TRAILING_UNIT.match(t)
    if m and m.group("base"):
        unit = m.group("paren") if m.group("paren") is not None else m.group("snake")
        return m.group("base").strip(), unit.strip().lower() if unit else unit
    m = _BARE_CN_UNIT.match(t)
    if m:
        return m.group("base"), m.group("unit")
    return t, None


def _money_prev_aliases(aliases: tuple[str, ...]) -> tuple[str, ...]:
    """Wide-form previous-year aliases (本年 / 上年同期) for a money column's aliases."""
    out: list[str] = []
    for a in aliases:
        out += [
            f"{a}_prev",
            f"上年{a}",
            f"上年同期{a}",
            f"{a}上年同期",
            f"{a}(上年同期)",
            f"{a}上年",
            f"{a}(上年)",
            f"{a}_last_year",
            f"prev_{a}",
        ]
    return tuple(out)


def _money_cur_aliases(aliases: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = list(aliases)
    for a in aliases:
        if re.search(r"[\u4e00-\u9fff]", a):
            out += [f"本年{a}", f"{a}本年", f"{a}(本年)", f"当年{a}", f"{a}(当年)", f"本期{a}", f"{a}(本期)"]
    return tuple(out)


def _col(name, type_, required, description, aliases=(), unit=None) -> Column:
    return Column(name, type_, required, description, tuple(aliases), unit or ("万元" if type_ == "money" else None))


COUNTY_ALIASES = (
    "county",
    "县市区",
    "县(市、区)",
    "县(市,区)",
    "县(市区)",
    "县区",
    "区县",
    "县市",
    "地区",
    "区域",
    "所属县市区",
    "所在县市区",
    "所属区县",
    "所在区县",
    "县市区名称",
    "单位",
    "county_name",
    "region",
)
YEAR_ALIASES = ("year", "年份", "年度", "年", "统计年度", "数据年份")
CREDIT_CODE_ALIASES = (
    "credit_code",
    "统一社会信用代码",
    "社会信用代码",
    "信用代码",
    "uscc",
    "usci",
    "unified_social_credit_code",
)
NAME_ALIASES = ("name", "企业名称", "名称", "单位名称", "机构名称", "企业(单位)名称", "enterprise_name")
# 第三条: 推动省外电商企业在济宁分支机构转为入库纳统的法人企业 — the entities measure 3 rewards.
CONVERTED_BRANCH_ALIASES = (
    "converted_branch",
    "是否省外电商企业分支机构转设",
    "省外电商企业分支机构转设",
    "是否省外电商企业在济宁分支机构转设",
    "是否省外电商企业分支机构转为法人企业",
    "是否省外企业分支机构转设",
    "省外企业分支机构转设",
    "是否分支机构转设",
    "分支机构转设",
    "是否分支机构转法人",
    "分支机构转法人",
    "是否转设法人企业",
    "转设法人企业",
    "是否由分支机构转设",
)
IN_STATS_ALIASES = ("in_statistics", "是否纳统", "纳统", "是否纳入统计", "是否入库纳统", "是否纳入一套表", "纳入一套表")
ONLINE_RETAIL = ("online_retail", "网络零售额", "网络零售总额", "实物商品网络零售额", "网上零售额")


def _money_pair(name: str, aliases: tuple[str, ...], description: str, required: bool) -> tuple[Column, Column]:
    return (
        _col(name, "money", required, description, _money_cur_aliases(aliases)),
        _col(
            f"{name}_prev",
            "money",
            False,
            f"{description} — previous year (wide form, 上年同期)",
            _money_prev_aliases(aliases),
        ),
    )


SCHEMAS: dict[str, Schema] = {}


def _add(schema: Schema) -> None:
    SCHEMAS[schema.name] = schema


_add(
    Schema(
        "counties",
        "County-level statistics for measure 1 (score-counties): one row per county per year (long form) "
        "or one row per county with *_prev columns (wide form, 本年 / 上年同期).",
        (
            _col("county", "text", True, "County-level unit (县（市、区）) or functional zone", COUNTY_ALIASES),
            _col("year", "int", False, "Data year (long form); absent in wide form", YEAR_ALIASES),
            *_money_pair(
                "online_retail", ONLINE_RETAIL[:2] + ("网上零售总额",), "Online retail sales (网络零售额)", False
            ),
            *_money_pair(
                "rural_online_retail",
                ("rural_online_retail", "农村网络零售额", "农村网络零售总额", "农村网上零售额"),
                "Rural online retail sales (农村网络零售额)",
                False,
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
                ),
                "Online retail of physical goods by 纳统 e-commerce retail enterprises",
                False,
            ),
            *_money_pair(
                "above_quota_retail",
                (
                    "above_quota_retail",
                    "限额以上消费品零售额",
                    "限上消费品零售额",
                    "限额以上单位消费品零售额",
                    "限上零售额",
                ),
                "Retail sales of consumer goods above designated size (限额以上消费品零售额)",
                False,
            ),
        ),
        notes="Each measure-1 category is scored only when all its columns are present.",
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
            _col("year", "int", True, "Data year", YEAR_ALIASES),
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
                ("is_trade", "是否商贸流通企业", "商贸流通企业", "是否商贸流通", "商贸流通"),
            ),
            _col(
                "online_retail",
                "money",
                False,
                "Online retail of physical goods through public platforms (实物商品网络零售额)",
                _money_cur_aliases(ONLINE_RETAIL),
            ),
            _col(
                "online_retail_prev",
                "money",
                False,
                "The same, previous year (for 'newly cultivated')",
                _money_prev_aliases(ONLINE_RETAIL),
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
            ),
        ),
    )
)

_add(
    Schema(
        "shops",
        "Online shop registry for measure 4 (track-shops): one row per shop; (platform, shop_id) is the key.",
        (
            _col("platform", "text", True, "Platform (平台)", ("platform", "平台", "电商平台", "平台名称")),
            _col(
                "shop_id",
                "id",
                True,
                "Shop id on the platform (店铺ID)",
                ("shop_id", "店铺ID", "店铺编号", "店铺id", "网店ID", "shop"),
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
                ("closed_on", "关店日期", "关闭日期", "注销日期", "closed"),
            ),
            _col("in_statistics", "bool", False, "The shop's sales are in the statistics (纳统)", IN_STATS_ALIASES),
            _col(
                "online_retail",
                "money",
                False,
                "The shop's online retail in the evaluation year",
                _money_cur_aliases(ONLINE_RETAIL),
            ),
        ),
    )
)

_add(
    Schema(
        "candidates",
        "Whitelist candidates for measure 7 (whitelist): one row per entity.",
        (
            _col("credit_code", "id", True, "Unified social credit code", CREDIT_CODE_ALIASES),
            _col("name", "text", False, "Name", NAME_ALIASES),
            _col(
                "category",
                "text",
                True,
                "Category: park, mcn, training, supply_chain, operation, content (or Chinese)",
                ("category", "类别", "类型", "企业类别", "机构类型", "分类"),
            ),
            _col("county", "text", True, "County-level unit", COUNTY_ALIASES),
            _col(
                "revenue",
                "money",
                True,
                "Annual revenue (营业收入)",
                ("revenue", "营业收入", "年营业收入", "营收", "主营业务收入"),
            ),
            _col(
                "employees",
                "int",
                True,
                "Employees (从业人数)",
                ("employees", "从业人数", "员工人数", "职工人数", "人数"),
            ),
            _col(
                "years_operating",
                "number",
                True,
                "Years in operation (经营年限)",
                ("years_operating", "经营年限", "成立年限", "运营年限"),
            ),
        ),
    )
)

_add(
    Schema(
        "records",
        "Violation and bad-credit records for measure 7 (whitelist --records).",
        (
            _col("credit_code", "id", True, "Unified social credit code", CREDIT_CODE_ALIASES),
            _col(
                "kind",
                "text",
                False,
                "Kind of record (违法违规 / 不良信用 …)",
                ("kind", "类型", "记录类型", "违规类型"),
            ),
            _col(
                "recorded_on",
                "date",
                True,
                "Date recorded (记录日期)",
                ("recorded_on", "记录日期", "认定日期", "处罚日期", "日期"),
            ),
            _col(
                "repaired_on",
                "date",
                False,
                "Date the credit was repaired (信用修复日期)",
                ("repaired_on", "信用修复日期", "修复日期"),
            ),
        ),
    )
)

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
            _col("year", "int", True, "Data year", YEAR_ALIASES),
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
    )
)


# Measure 8's tables (hires, insurance, county_rates) are defined beside, in `schema_hires`.
from jncli.schema_hires import HIRES_SCHEMAS  # noqa: E402 (it builds on the definitions above)

for _schema in HIRES_SCHEMAS:
    _add(_schema)


def _build_index(schema: Schema) -> dict[str, str]:
    index: dict[str, str] = {}
    for c in schema.columns:
        for a in (c.name, *c.aliases):
            index.setdefault(normalize_header(a), c.name)
    return index


for _s in SCHEMAS.values():
    _s._index.update(_build_index(_s))


@dataclass(frozen=True)
class HeaderMatch:
    header: str  # as found in the file
    column: str | None  # canonical name, None when the header is not part of the schema
    factor: float = 1.0  # multiply to get 万元 (money columns only)
    unit: str | None = None


def match_header(schema: Schema, header: str) -> HeaderMatch:
    """Map one header to a canonical column, ignoring case, spaces, full-width forms and a trailing unit.

    Raises ValueError when a money column carries a unit we cannot convert, or a non-money column
    carries a money unit (a sign the wrong column was matched).
    """
    key = normalize_header(header)
    if key in schema._index:
        return HeaderMatch(header, schema._index[key])
    base, unit = split_unit(header)
    bkey = normalize_header(base)
    if bkey not in schema._index:
        return HeaderMatch(header, None)
    name = schema._index[bkey]
    col = schema.column(name)
    u = normalize_header(unit or "")
    if col.type == "money":
        if u not in MONEY_UNITS:
            raise ValueError(
                f"header {header!r}: unit {unit!r} is not a money unit jncli knows "
                f"(元, 千元, 万元, 亿元, _yuan, _wan, _yi)"
            )
        return HeaderMatch(header, name, MONEY_UNITS[u], unit)
    if u in MONEY_UNITS:
        raise ValueError(f"header {header!r}: column {name} is not money but carries unit {unit!r}")
    return HeaderMatch(header, name, 1.0, unit)
