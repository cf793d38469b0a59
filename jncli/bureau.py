"""How statistics-bureau tables are laid out, as data: the words of total and note rows, the qualifiers
of two-row headers, the tolerance of a stated growth rate, the plausibility bounds of money columns,
and header spellings several input tables share.

`jncli.schema` builds its qualified header aliases and bounds from these; `jncli.tableio.layout` and
`jncli.tableio.marks` read bureau files with them. Pure data: imports nothing of jncli. docs/policy-reading.md
says where each reading comes from.
"""

from __future__ import annotations

from decimal import Decimal

# A key-column cell naming a total row: checked against the sum of the unit rows, then left out.
# (Compared after removing spaces: 合  计 is 合计.) 小计 is a subtotal of the unit rows above it.
TOTAL_WORDS = ("合计", "总计", "小计", "总合计", "全市合计", "全市总计", "全部合计")
SUBTOTAL_WORDS = ("小计",)
# A key-column cell ending in one of these after a short name is a total too (县区合计, 功能区小计).
TOTAL_ENDINGS = ("合计", "总计", "小计")
# The whole city, in the key column of a county table: a total row too.
CITY_WORDS = ("全市", "济宁市", "济宁", "全市合计", "济宁市合计", "济宁全市")
# A key-column cell starting with one of these (then ：, :, a number or nothing) is a note row: after
# the data it is skipped with a note, inside the data it is an error. The last ones are the signature
# lines at the foot of a statistical form.
NOTE_WORDS = (
    "注",
    "备注",
    "说明",
    "附注",
    "填表说明",
    "数据来源",
    "资料来源",
    "填表人",
    "填报人",
    "制表人",
    "审核人",
    "制表",
    "填表",
    "审核",
    "复核",
    "负责人",
    "单位负责人",
    "统计负责人",
    "联系电话",
    "联系人",
    "填报单位",
    "填报日期",
    "报出日期",
)
# Names that name nobody in particular (an individual business without a trade name, an empty mark): two
# enterprises so named in one county are not one enterprise under two codes. After NFKC, without spaces.
PLACEHOLDER_NAMES = r"无字号|^(?:个体工商户|个体户|无|暂无|不详|未知|[-—/*.、]+)$"
# Words under a group header of a two-row header (网络零售额 over 本年 / 上年同期 / 同比增长): the
# column is the group with this qualifier. A lower cell that is not a qualifier is a header of its own.
CURRENT_QUALIFIERS = (
    "本年",
    "今年",
    "本期",
    "当年",
    "本年度",
    "全年",
    "本年累计",
    "本期累计",
    "累计",
    "1-12月",
    "1-12月累计",
    "绝对额",
    "金额",
    "本年数",
    "本期数",
    "本年1-12月",
    "今年1-12月",
)
PREVIOUS_QUALIFIERS = (
    "上年",
    "上年同期",
    "去年同期",
    "同期",
    "上期",
    "上年度",
    "上年累计",
    "上年同期累计",
    "去年",
    "去年累计",
    "上年1-12月",
    "上年1-12月累计",
    "上年数",
    "上期数",
    "上年同期数",
    "去年1-12月",
    "去年同期1-12月",
)
GROWTH_QUALIFIERS = (
    "同比增长",
    "同比增速",
    "同比增幅",
    "同比",
    "增长",
    "增速",
    "增幅",
    "增长率",
    "同比增长率",
    "比上年增长",
    "比上年同期增长",
    "比同期增长",
)
QUALIFIERS = CURRENT_QUALIFIERS + PREVIOUS_QUALIFIERS + GROWTH_QUALIFIERS
# A year as a qualifier (网络零售额 over 2023年 / 2022年 / 同比增长): a year of 4 digits and 年, then nothing or one
# of these (as `jncli.schema.normalize_header` leaves them: `2023年1-12月`). The latest year under the groups is
# the table's year, read as 本年, the year before it as 上年; the run stops when that year is not `--year`, when
# a year column or a title names another, or when a third year stands under the groups (docs/policy-reading.md
# "Years under a group header"). `2023年1-11月` is not one: a part of a year.
YEAR_QUALIFIER_ENDINGS = ("", "度", "全年", "累计", "1-12月", "1-12月累计", "全年累计")
# A stated growth rate (同比增长%) may differ from the one its own 本年 / 上年同期 figures give by this
# many percentage points (the rounding of a rate published with 1 decimal) before a warning says the
# file contradicts itself.
GROWTH_TOLERANCE_PP = 0.05
# Plausibility bounds of money columns whose unit nobody named (万元; a value above looks like 元). Every
# value is compared (not the median): one row in 元 is as wrong as half of them. Each bound sits above
# what the column can hold in 万元 and below what its usual values written in 元 are (the reasons, and
# what is left uncaught, in docs/policy-reading.md "Plausibility bounds"):
# a Jining county's yearly online retail is some 10^5 to 10^6 万元; an enterprise's online retail above
# 100 亿元, a whitelist candidate's revenue above 100 亿元 or a shop's above 10 亿元 would be the largest
# in the province; an enterprise's new fiscal revenue (新增财力省级不再分成部分, measure 3) above 1 亿元 in a
# year would take some 10 亿元 of taxes; a county's reward per trained hire (measure 8) above 5 万元 would
# pay one hire as much as the policy's 2022 tier pays a whole enterprise (最高5万元).
COUNTY_MONEY_HIGH = 100_000_000.0  # 1 万亿元
ENTERPRISE_MONEY_HIGH = 1_000_000.0  # 100 亿元
SHOP_MONEY_HIGH = 100_000.0  # 10 亿元
CANDIDATE_REVENUE_HIGH = 1_000_000.0  # 100 亿元
FISCAL_REVENUE_HIGH = 10_000.0  # 1 亿元
RATE_PER_HIRE_HIGH = 5.0  # 5 万元 = 50,000 元 per hire
# A column whose unit the header (or --unit) names is read in it; a value above its bound is still said (a 元
# figure typed under a template's 万元 header), and one above this many times the bound stops `annual`: a 元 figure
# read as 万元 is 10,000 times too large, while a real figure that far above the largest in the province is none
# (docs/policy-reading.md "Plausibility bounds"; hostile review 1, A1).
LABELLED_STOP_FACTOR = 10


# The money units a bureau table names (a unit row `单位：百万元`, a header's `(千元)`) → their factor to
# 万元, the policy's unit (RULES.md §0): exact decimals, so 百万元 × 100 is 万元 to the last 分. Any other
# unit in a unit row is a data error, never a guess. `万` is 万元 and `亿` is 亿元, in a header and in a unit row
# alike. Each may carry the currency before or after it (`人民币万元`, `万元人民币`, `RMB万元`, `万元RMB`: see
# `_CURRENCY`), or after it in brackets (`万元（人民币）`, `元(RMB)`); `BUREAU_UNITS` holds every such spelling, keyed
# as `jncli.schema.normalize_header` leaves them (lower case, no spaces, half-width brackets): `RMB元` is `rmb元`. One
# table for headers and unit rows.
_UNIT_FACTORS: dict[str, Decimal] = {
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "万元": Decimal(1),
    "万": Decimal(1),
    "十万元": Decimal(10),
    "百万元": Decimal(100),
    "千万元": Decimal(1000),
    "亿元": Decimal(10000),
    "亿": Decimal(10000),
}
_CURRENCY = ("人民币", "rmb")
# The name each unit is shown by in messages and known by in `jncli.schema.MONEY_UNITS` (人民币元 and RMB元
# are 元, 万 is 万元, 亿 is 亿元).


def _spellings() -> tuple[dict[str, Decimal], dict[str, str]]:
    factors: dict[str, Decimal] = {}
    names: dict[str, str] = {}
    for unit, factor in _UNIT_FACTORS.items():
        name = {"万": "万元", "亿": "亿元"}.get(unit, unit)
        for spelled in (unit, *(s for c in _CURRENCY for s in (c + unit, unit + c, f"{unit}({c})"))):
            factors[spelled] = factor
            if spelled != name:
                names[spelled] = name
    return factors, names


BUREAU_UNITS, UNIT_NAMES = _spellings()
UNITS_SHOWN = (
    *("元", "千元", "万元", "十万元", "百万元", "千万元", "亿元", "万", "亿"),
    *("人民币元", "RMB元", "人民币万元", "万元人民币", "RMB万元", "万元（人民币）", "元(RMB)"),
)
# A header's bracket may state its unit as a unit row does (`实物商品网络零售额（单位：万元）`, `(金额单位:元)`): the
# unit is what follows the word (`unit_key`).
UNIT_WORDS = ("金额单位", "计量单位", "单位")


def currency_joined(header: str) -> str:
    """A header whose unit is followed by its currency in brackets of its own, `网络零售额(万元)(人民币)` or
    `(千元)(RMB)` (NFKC text), as one unit, `网络零售额(万元人民币)`: the form unit rows write (review 26 F3).
    Other text unchanged."""
    import re

    return re.sub(r"\(([^()]+)\)\s*\((人民币|RMB|rmb)\)$", r"(\1\2)", header)


def unit_key(key: str) -> str:
    """A unit as `jncli.schema.normalize_header` leaves it, without the word 单位 before it: `单位万元` → `万元`."""
    for word in UNIT_WORDS:
        if key.startswith(word) and len(key) > len(word):
            return key[len(word) :]
    return key


# Header spellings of the tables bureaus publish, shared by several input tables (jncli.schema).
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
    "区县名称",
    "县(市、区)名称",
    "县(市区)名称",
    "县(市、区)及功能区",
    "县市区及功能区",
    "所属县(市、区)",
    "所在县(市、区)",
    "地区名称",
    "区域名称",
    "所属地区",
    "所在地区",
    "单位",
    "county_name",
    "region",
)
CREDIT_CODE_ALIASES = (
    "credit_code",
    "统一社会信用代码",
    "社会信用代码",
    "信用代码",
    "uscc",
    "usci",
    "unified_social_credit_code",
    "统一社会信用代码(18位)",
    "统一社会信用代码(纳税人识别号)",
    "社会统一信用代码",
    "统一信用代码",
    "纳税人识别号",
)
NAME_ALIASES = (
    "name",
    "企业名称",
    "企业名称(盖章)",
    "单位名称(盖章)",
    "名称",
    "单位名称",
    "机构名称",
    "企业(单位)名称",
    "公司名称",
    "企业全称",
    "市场主体名称",
    "enterprise_name",
)
IN_STATS_ALIASES = (
    "in_statistics",
    "是否纳统",
    "纳统",
    "是否纳统企业",
    "纳统情况",
    "是否纳入统计",
    "是否入库纳统",
    "是否入库",
    "入库情况",
    "是否在库",
    "是否纳入一套表",
    "纳入一套表",
    "是否一套表企业",
    "是否纳入统计部门企业一套表",
)
ONLINE_RETAIL = (
    "online_retail",
    "网络零售额",
    "网络零售总额",
    "实物商品网络零售额",
    "网上零售额",
    "实物商品网上零售额",
    "实物网络零售额",
)
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
