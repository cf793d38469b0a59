"""The input tables of measure 8 (`jncli trained-hires`): hires, insurance and county_rates, with their
Chinese headers (身份证号, 参保月份, 培训机构, 入职日期 …). Pure data, registered by `jncli.schema` (which
holds the matching machinery and every other table); kept apart so that module stays short.
"""

from __future__ import annotations

from jncli.bureau import RATE_PER_HIRE_HIGH
from jncli.schema import COUNTY_ALIASES, CREDIT_CODE_ALIASES, NAME_ALIASES, Schema, _col

HIRES: list[Schema] = []

# Where a bureau's sheet writes a total (合计) or a note (注：) label beside the file's first column (`Schema.key`):
# any of the columns that name the person or the employer (a row holding a person id or a credit code beside such
# a label is a hire, never a mark: `tableio.marks`).
LABELS = ("credit_code", "name", "county", "person_id")
# The units a reward per hire is per (每人奖励标准(元/人), (万元/名)).
PER_HIRE = ("人", "名")

PERSON_ID_ALIASES = (
    "person_id",
    "身份证号",
    "身份证号码",
    "公民身份号码",
    "身份证",
    "证件号码",
    "人员编号",
    "个人编号",
    "社会保障号码",
    "社保号",
    "id_number",
)

HIRES.append(
    Schema(
        "hires",
        "Hires for measure 8 (trained-hires): one row per person hired by an e-commerce enterprise.",
        (
            _col(
                "credit_code",
                "id",
                True,
                "The employer's unified social credit code (用人单位统一社会信用代码)",
                CREDIT_CODE_ALIASES
                + ("用人单位统一社会信用代码", "单位统一社会信用代码", "用人单位信用代码", "employer_code"),
            ),
            _col("name", "text", False, "The employer's name", NAME_ALIASES + ("用人单位", "用人单位名称", "employer")),
            _col("county", "text", True, "County-level unit of the employer", COUNTY_ALIASES),
            _col(
                "person_id",
                "id",
                True,
                "The person hired: 身份证号 or another stable id (masked in every output)",
                PERSON_ID_ALIASES,
            ),
            _col(
                "training",
                "id",
                True,
                "Who trained the person: the training institution's credit code, or 院校 for a college course",
                (
                    "training",
                    "培训机构",
                    "培训机构统一社会信用代码",
                    "培训机构信用代码",
                    "培训单位",
                    "培训方式",
                    "trainer",
                ),
            ),
            _col(
                "trained_on",
                "date",
                True,
                "Date the training ended (培训日期)",
                ("trained_on", "培训日期", "培训结业日期", "结业日期", "培训时间", "培训完成日期"),
            ),
            _col(
                "hired_on",
                "date",
                True,
                "Date the person was hired (入职日期)",
                ("hired_on", "入职日期", "就业日期", "录用日期", "入职时间", "吸纳就业日期"),
            ),
        ),
        notes="Person ids never appear in full in any output of trained-hires (first 4 and last 4 kept).",
        key=LABELS,
        # an empty training or date stops `annual` (rules/hires/unfilled.py); a mark is named as written
        kept_marks=("training", "trained_on", "hired_on"),
        answered=(("county", "8"),),
    )
)

HIRES.append(
    Schema(
        "insurance",
        "Social insurance paid, for measure 8 (trained-hires --insurance): one row per person, employer and month.",
        (
            _col("person_id", "id", True, "The insured person (same id as in the hires)", PERSON_ID_ALIASES),
            _col(
                "credit_code",
                "id",
                True,
                "The paying employer's unified social credit code",
                CREDIT_CODE_ALIASES + ("参保单位统一社会信用代码", "缴费单位统一社会信用代码", "单位统一社会信用代码"),
            ),
            _col(
                "month",
                "month",
                True,
                "Month paid (参保月份): 2023-05, 2023/5, 202305, 2023年5月 or a date in that month",
                ("month", "参保月份", "缴费月份", "缴费年月", "参保年月", "费款所属期", "所属期", "月份"),
            ),
        ),
        key=("person_id", "credit_code"),
    )
)

HIRES.append(
    Schema(
        "county_rates",
        "Per-county reward per qualifying hire for measure 8 (trained-hires --county-rates).",
        (
            _col("county", "text", True, "County-level unit", COUNTY_ALIASES),
            _col(
                "rate",
                "money",
                True,
                "Reward per qualifying hire (每人奖励标准)",
                ("rate", "每人奖励", "每人奖励标准", "奖励标准", "补贴标准", "rate_per_hire"),
                high=RATE_PER_HIRE_HIGH,
                per=PER_HIRE,
            ),
        ),
        key=("county",),
        # every rate blank: the rule says so (`rules.hires.award`: leave the file out, not --skip 8)
    )
)

HIRES_SCHEMAS = tuple(HIRES)
