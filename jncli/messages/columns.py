"""Chinese column headers: what a table for people (`--format table` in Chinese) and a file written with
`--headers zh` call jncli's columns.

The machine names (`award`, `status` …) stay the columns' names everywhere else: in CSV/JSON/Parquet
by default, in pipes, and inside jncli. A Chinese header of a column that an input table has is one of
that column's aliases in `jncli/schema.py` (the report's and the policy's terms: 县市区, 奖励金额 …),
with （万元） after money, so that a file written with `--headers zh` reads back through jncli to the
same data (`tests/test_messages.py` checks both). Columns without an entry keep their name.
"""

from __future__ import annotations

COLUMNS = {
    # the ledger (RULES.md §0)
    "beneficiary": "受益方",
    "beneficiary_name": "受益方名称",
    "measure": "条款",
    "rule": "规则",
    "year": "年度",
    "award": "奖励金额",
    "status": "状态",
    "basis": "依据",
    # measure 1 (score-counties)
    "county": "县市区",
    "category": "类别",
    "scale": "规模指标",
    "growth": "增幅",
    "score": "综合得分",
    "rank": "排名",
    "above_city_growth": "高于全市平均增幅",
    "above_province_growth": "高于全省平均增幅",
    "tie_at_boundary": "名次边界并列",
    # neither says 奖励: a measure-4 margin is for a commendation, which pays nothing
    # short, to fit beside the decision on an 80-column terminal
    "margin_up": "提升还差",
    "margin_down": "保持余量",
    "margin_up_shops": "表扬还差（家）",  # whole shops (track-shops' m4.newshops), never （万元）
    "margin_down_shops": "表扬余量（家）",
    "by_weight": "按权重 w 的奖励",
    "literal": "字面读法",
    "literal_reassign": "字面读法+递补",
    "filter_first": "先筛后排",
    "filter_first_reassign": "先筛后排+递补",
    "award_min": "最少",
    "award_max": "最多",
    "robust": "稳健",
    # measures 2, 3, 6 (award-enterprises)
    "online_retail": "实物商品网络零售额",
    "national_title": "国家级称号",
    "entitled": "按规则应得",
    "received": "此前已获",
    "scale_factor": "预算缩放系数",
    "newly_ge_10000": "新培育达1亿元企业数",
    "newly_ge_5000": "新培育达5000万元企业数",
    # measure 4 (track-shops)
    "new_shops": "新增店铺",
    "closed_shops": "关闭店铺",
    "active_end": "年末在营店铺",
    "migrated_in": "市外迁入店铺",
    "migrated_retail": "迁入纳统店铺网络零售额",
    "month": "月份",
    # measure 7 (whitelist)
    "decision": "决定",
    "change": "变动",
    "recommend_province": "推荐省库",
    "reasons": "不符合原因",
    "blocking_records": "未修复记录",
    "revenue": "营业收入",
    "employees": "从业人数",
    "years_operating": "经营年限",
    # measure 3 rows of award-enterprises
    "fiscal_ratio": "县（市、区）奖励比例",
    # measure 8 (trained-hires)
    "hires_listed": "列报人数",
    "qualifying_hires": "符合条件人数",
    "rate": "每人奖励标准",
    # check-validity, compare, verify
    "in_force": "在政策期内",
    "reason": "原因",
    "file": "文件",
    "row": "行",
    "kind": "问题类型",
    "message": "说明",
    "detail": "详情",
    "status_a": "A 状态",
    "award_a": "A 金额",
    "status_b": "B 状态",
    "award_b": "B 金额",
    "county_a": "A 县市区",
    "county_b": "B 县市区",
    "difference": "差额（B − A）",
    "gain": "增加行数",
    "loss": "减少行数",
    "changed": "变动行数",
    "rows": "行数",
    "by": "汇总口径",
    # policy, schema
    "parameter": "参数",
    "value": "取值",
    "article": "出处条款",
    "clause": "条文",
    "table": "表",
    "column": "列",
    "type": "类型",
    "unit": "单位",
    "required": "必需",
    "description": "描述",
    "aliases": "可接受的表头",
}


# Exact decimals that are not money (no （万元）).
RATIOS = ("scale_factor",)


def machine_name(text: str) -> str | None:
    """The column a Chinese header of `header()` names (None for any other text): how a file written with
    `--headers zh` reads back with the names it had."""
    text = text.removesuffix("（万元）")
    names = [c for c, zh in COLUMNS.items() if zh == text]
    if len(names) == 1:
        return names[0]
    n = text.removeprefix("新培育达").removesuffix("万元企业数")
    return f"newly_ge_{n}" if n.isdigit() and text != n else None


def header(column: str, money: bool = False) -> str:
    """The Chinese header of a column (its own name when it has none), with （万元） after money."""
    if column.startswith("newly_ge_") and column not in COLUMNS:  # a commendation threshold of another policy
        return f"新培育达{column.removeprefix('newly_ge_')}万元企业数"
    text = COLUMNS.get(column, column)
    return f"{text}（万元）" if money and column in COLUMNS and column not in RATIOS else text


# The words of the values people read (report, report.xlsx, a terminal table in Chinese): value → (zh, en).
# Files and pipes keep the machine values (`awarded` …).
STATUS = {
    "awarded": ("获奖", "awarded"),
    "commended": ("通报表扬", "commended"),
    "qualified": ("符合条件（金额由县定）", "qualified"),
    "superseded": ("就高不重复", "superseded"),
    "ineligible": ("不符合条件", "ineligible"),
    "not_ranked": ("未进前三", "not ranked"),
    "out_of_period": ("不在政策期", "out of period"),
    "included": ("列入", "included"),
    "excluded": ("不列入", "excluded"),
}
CATEGORY = {
    "online": ("网络零售额", "online retail"),
    "rural": ("农村网络零售额", "rural online retail"),
    "enterprise": ("纳统企业占比与贡献", "纳统 enterprises"),
}
CHANGE = {
    "added": ("新增列入", "added"),
    "kept": ("继续保留", "kept"),
    "removed": ("移出", "removed"),
    "new_candidate_rejected": ("新申报未列入", "new candidate rejected"),
    "same": ("不变", "same"),  # jncli compare
    "gain": ("增加", "gain"),
    "loss": ("减少", "loss"),
    "status": ("状态变化", "status changed"),
    "moved": ("所在县（市、区）变化", "moved to another county"),
    "only_a": ("仅 A 有", "only in A"),
    "only_b": ("仅 B 有", "only in B"),
}
KIND = {  # check-validity's violation kinds
    "duplicate_award": ("重复奖励", "duplicate award"),
    "beyond_topup": ("超过补差上限", "beyond top-up"),
    "above_cap": ("超过奖励上限", "above cap"),
    "out_of_period": ("不在政策期", "out of period"),
    "unknown_rule": ("未知规则", "unknown rule"),
    "bad_amount": ("金额错误", "bad amount"),
    "repeated_one_off": ("一次性奖励重复发放", "one-off paid again"),
    "bad_id": ("信用代码无效", "bad id"),
    "wrong_year": ("年度与规则不符", "wrong year"),
}
BY = {  # compare --summary: what a row totals
    "measure": ("条款", "measure"),
    "county": ("县市区", "county"),
    "total": ("合计", "total"),
}
VALUES = {"status": STATUS, "category": CATEGORY, "change": CHANGE, "kind": KIND, "by": BY}


def value_words(column: str) -> dict[str, str] | None:
    """The Chinese of `column`'s values, for a table people read; None if its values are not words."""
    table = VALUES.get(column)
    return None if table is None else {value: words[0] for value, words in table.items()}


def value_of_word(column: str, text: str) -> str | None:
    """The machine value a word of `column` reads back as (the other direction of `value_words`): the value
    itself, its Chinese word (获奖, 就高不重复, 列入 …) or its English words (not ranked), spaces and case
    aside. None when `text` is none of them — a word jncli does not write."""
    table = VALUES.get(column)
    if table is None:
        return None
    key = " ".join(text.split()).lower()
    for value, (zh, en) in table.items():
        if key in (value, zh, en.lower()):
            return value
    return None
