"""The input tables of measure 7 (`jncli whitelist`): candidates and their violation / credit records, with their
Chinese headers (统一社会信用代码, 类别, 记录类型, 记录日期 …). Pure data, registered by `jncli.schema` (which holds the
matching machinery and every other table); kept apart so that module stays short.
"""

from __future__ import annotations

from jncli.bureau import CANDIDATE_REVENUE_HIGH
from jncli.schema import COUNTY_ALIASES, CREDIT_CODE_ALIASES, NAME_ALIASES, Schema, _col

WHITELIST: list[Schema] = []

WHITELIST.append(
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
                ("category", "类别", "类型", "企业类别", "机构类型", "机构类别", "申报类别", "分类"),
            ),
            _col("county", "text", True, "County-level unit", COUNTY_ALIASES),
            _col(
                "revenue",
                "money",
                True,
                "Annual revenue (营业收入)",
                ("revenue", "营业收入", "年营业收入", "上年度营业收入", "营收", "主营业务收入"),
                high=CANDIDATE_REVENUE_HIGH,
            ),
            _col(
                "employees",
                "int",
                True,
                "Employees (从业人数)",
                ("employees", "从业人数", "从业人员", "从业人员数", "员工人数", "职工人数", "人数"),
                unit="人",
            ),
            _col(
                "years_operating",
                "number",
                True,
                "Years in operation (经营年限)",
                ("years_operating", "经营年限", "成立年限", "运营年限", "经营年数"),
                unit="年",
            ),
        ),
        key=("credit_code", "name"),
        answered=(("county", "7"), ("revenue", "7"), ("employees", "7"), ("years_operating", "7")),
    )
)

WHITELIST.append(
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
                ("recorded_on", "记录日期", "认定日期", "处罚日期", "决定日期", "列入日期", "日期"),
            ),
            _col(
                "repaired_on",
                "date",
                False,
                "Date the credit was repaired (信用修复日期)",
                ("repaired_on", "信用修复日期", "修复日期"),
            ),
        ),
        key=("credit_code",),
    )
)

WHITELIST_SCHEMAS = tuple(WHITELIST)
