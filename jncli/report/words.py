"""The report's words: column labels, statuses, categories and sheet names in Chinese and English, the
page's sentences, status and measure colours, and how money and numbers are written.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jncli.messages.columns import CATEGORY, CHANGE, KIND, STATUS

if TYPE_CHECKING:
    import polars as pl

STATUS_COLOURS = {
    "awarded": "#2e7d32",
    "commended": "#2e7d32",
    "included": "#2e7d32",
    "qualified": "#00897b",
    "superseded": "#f9a825",
    "ineligible": "#9e9e9e",
    "not_ranked": "#90caf9",
    "out_of_period": "#c62828",
    "excluded": "#9e9e9e",
}
MEASURE_COLOURS = {1: "#1565c0", 2: "#2e7d32", 3: "#f9a825", 6: "#6a1b9a", 8: "#00897b"}

# ------------------------------------------------------------------------------------------ words
# Column labels: canonical name → (中文, English). Money columns get （万元） added.
LABELS = {
    "county": ("县（市、区）", "county"),
    "category": ("类别", "category"),
    "year": ("年度", "year"),
    "scale": ("规模指标", "scale indicator"),
    "growth": ("增幅", "growth"),
    "score": ("综合得分", "score"),
    "rank": ("排名", "rank"),
    "retail_wan": ("零售额（万元）", "retail (万元)"),
    "growth_pct": ("增幅", "growth"),
    "share_lift": ("占比提升（百分点）", "share lift (pp)"),
    "contrib": ("增长贡献率", "contribution"),
    "above_city_growth": ("高于全市平均增幅", "above city growth"),
    "above_province_growth": ("高于全省平均增幅", "above province growth"),
    "tie_at_boundary": ("名次边界并列", "tie at boundary"),
    "beneficiary": ("受益方", "beneficiary"),
    "beneficiary_name": ("受益方名称", "beneficiary name"),
    "measure": ("条款", "measure"),
    "rule": ("规则", "rule"),
    "award": ("奖励金额", "award"),
    "status": ("状态", "status"),
    "basis": ("依据", "basis"),
    "online_retail": ("实物商品网络零售额", "online retail"),
    "national_title": ("国家级称号", "national title"),
    "entitled": ("按规则应得", "entitled"),
    "received": ("此前已获", "received before"),
    "scale_factor": ("预算缩放系数", "budget scale factor"),
    "newly_ge_10000": ("新培育达1亿元企业数", "newly ≥ 10000 万元"),
    "newly_ge_5000": ("新培育达5000万元企业数", "newly ≥ 5000 万元"),
    "new_shops": ("新增店铺", "new shops"),
    "closed_shops": ("关闭店铺", "closed shops"),
    "active_end": ("年末在营店铺", "active at year end"),
    "migrated_in": ("市外迁入店铺", "migrated in"),
    "migrated_retail": ("迁入纳统店铺网络零售额", "migrated shops' retail"),
    "month": ("月份", "month"),
    "decision": ("决定", "decision"),
    "change": ("变动", "change"),
    "recommend_province": ("推荐省库", "recommend to province"),
    "reasons": ("不符合原因", "reasons"),
    "blocking_records": ("未修复记录", "blocking records"),
    "revenue": ("营业收入", "revenue"),
    "employees": ("从业人数", "employees"),
    "years_operating": ("经营年限", "years operating"),
    "file": ("文件", "file"),
    "row": ("行", "row"),
    "kind": ("问题类型", "kind"),
    "message": ("说明", "message"),
    "hires_listed": ("列报人数", "hires listed"),
    "qualifying_hires": ("符合条件人数", "qualifying hires"),
    "rate": ("每人奖励标准", "rate per hire"),
    "new_fiscal_revenue": ("新增财力省级不再分成部分", "new fiscal revenue"),
    "fiscal_ratio": ("县（市、区）奖励比例", "county ratio"),
    # decision support (jncli.analysis): --margins, the robustness of measure 1, --compare-with
    "margin_up": ("提升还差", "margin up"),
    "margin_down": ("保持余量", "margin down"),
    "margin_up_shops": ("表扬还差（家）", "margin up (shops)"),  # counts, never （万元）
    "margin_down_shops": ("表扬余量（家）", "margin down (shops)"),
    "by_weight": ("按权重 w 的奖励", "award by weight w"),
    "literal": ("字面读法", "literal"),
    "literal_reassign": ("字面读法+递补", "literal + reassign"),
    "filter_first": ("先筛后排", "filter-first"),
    "filter_first_reassign": ("先筛后排+递补", "filter-first + reassign"),
    "award_min": ("最少", "least"),
    "award_max": ("最多", "most"),
    "robust": ("稳健", "robust"),
    "status_a": ("A 状态", "status in A"),
    "award_a": ("A 金额", "award in A"),
    "status_b": ("B 状态", "status in B"),
    "award_b": ("B 金额", "award in B"),
    "county_a": ("A 县（市、区）", "county in A"),
    "county_b": ("B 县（市、区）", "county in B"),
    "difference": ("差额（B − A）", "difference (B − A)"),
    "gain": ("增加行数", "rows gaining"),
    "loss": ("减少行数", "rows losing"),
    "changed": ("变动行数", "rows changed"),
    "by": ("汇总口径", "by"),
}
DECISION = {"include": STATUS["included"], "exclude": STATUS["excluded"]}
BY = {"measure": ("条款", "measure"), "county": ("县（市、区）", "county"), "total": ("合计", "total")}
# The workbook's words: column → the table of its values (statuses, decisions … in the report's language).
WORDS = {
    "status": STATUS,
    "status_a": STATUS,
    "status_b": STATUS,
    "change": CHANGE,
    "decision": DECISION,
    "kind": KIND,
    "by": BY,
}
# Number formats of the workbook's non-money numbers (money: #,##0.00): fractions shown as percentages.
NUMBER_FORMATS = {
    "retail_wan": "#,##0.00",
    "growth_pct": "0.00%",
    "share_lift": "0.0000",
    "contrib": "0.00%",
    "score": "0.000000",
    "fiscal_ratio": "0.00%",
    "scale_factor": "0.000000",
}
SHEETS = {
    "summary": ("汇总", "summary"),
    "payers": ("各县市区奖励资金（市县分列）", "money per county by payer"),
    "warnings": ("提示与警告", "warnings and notes"),
    "score-counties": ("第一条 县市区评分", "m1 counties"),
    "award-enterprises": ("第二三六条 企业奖励", "m2 m3 m6 enterprises"),
    "commendations": ("第二条 县市区通报表扬", "m2 commendations"),
    "track-shops": ("第四条 网上店铺", "m4 shops"),
    "track-shops-by-month": ("第四条 网上店铺按月", "m4 shops by month"),
    "whitelist": ("第七条 白名单", "m7 whitelist"),
    "trained-hires": ("第八条 吸纳培训人员就业", "m8 trained hires"),
    "ledger": ("奖励台账", "ledger"),
    "check-validity": ("台账核查", "ledger check"),
    "robustness": ("第一条 结果稳健性", "m1 robustness"),
    "compare": ("与另一次运行比较", "comparison"),
}
T = {
    "zh": dict(
        title="{city}促进电子商务高质量发展措施 {year}年度测算报告",
        basis=(
            "依据{issuer}《{doc_title}》（{document}）。由 jncli {version} 计算；政策文件 {policy}（SHA-256 {sha}…）。"
        ),
        synthetic="",
        clean="台账核查通过：未发现重复奖励、超上限、超出政策期或金额错误。",
        violations="台账核查发现 {n} 处问题，请在发放前逐条核对（见“台账核查”）。",
        summary="奖励汇总",
        rule="规则",
        awarded_n="获奖数",
        amount="金额合计（万元）",
        commended_n="通报表扬数",
        qualified_n="符合条件数（金额由县定）",
        total="合计",
        inputs="输入与参数",
        file="文件",
        kind="表",
        rows="行数",
        feeds="用于",
        sha="SHA-256",
        skipped="未运行的措施",
        skipped_none="所有措施均已运行。",
        reading="读取说明",
        not_used="未使用（{why}）",
        received_from="此前已领取金额，来源：{origin}",
        config_use="各文件的读取设置",
        ignored_use="未读取（{why}）",
        received_title="此前已领取金额的来源（跨年度只补差额）",
        received_none="{year}年度之前的政策年度无需扣除已领取金额。",
        origins={"--prior": "--prior 台账", "earlier run": "已核验的上年度运行"},
        prior_opt="此前已发放台账（--prior）",
        trainers_opt="另行提供的白名单培训机构（--trainers）",
        first_year_opt="此前未发放（--first-year）",
        skip_opt="未运行的措施（--skip）",
        options="参数",
        option="参数",
        value="取值",
        warnings="提示与警告",
        warnings_none="无警告。",
        notes="运行说明",
        message_kind="类别",
        message="内容",
        warning_kind="警告",
        note_kind="说明",
        m1="第一条 实施网络零售倍增行动：县（市、区）评分与排名",
        m1_chart="各类别综合得分（颜色表示结果）",
        m2="第二、三、六条 企业奖励：档次、称号、示范基地与新增财力",
        m2_counts="各规则结果统计",
        m2_awards="获奖与就高不重复的企业",
        m2_commend="县（市、区）通报表扬（新培育企业）",
        m4="第四条 壮大网上店铺规模",
        m4_month="新增店铺按月（全市，按县市区分色）",
        m4_month_table="各县市区每月新增店铺",
        m7="第七条 生态链企业“白名单”",
        m7_counts="列入 {inc} 家，不列入 {exc} 家，推荐省库 {rec} 家。",
        m7_changes="与上一版白名单相比的变动",
        m7_change_counts="新增列入 {added} 家，移出 {removed} 家，继续保留 {kept} 家。",
        m7_no_previous="未提供上一版白名单（--previous-whitelist），无法列出变动。",
        m7_included="列入白名单",
        m7_excluded="不列入白名单及原因",
        m8="第八条 加强实用型人才引进培育：吸纳培训人员就业并连续参保",
        m8_counts=(
            "{employers}家用人单位有符合条件的人员共{hires}人：获县（市、区）奖励{awarded}家，合计{amount}万元；"
            "符合条件、奖励金额待县（市、区）确定{qualified}家。"
        ),
        m8_none="本年度没有用人单位有符合条件的人员。",
        m8_note="人员明细（身份证号已脱敏）：jncli trained-hires … --detail。",
        awards_chart="各县（市、区）获得的奖励（万元）：按条款分色，市财政与县（市、区）财政分开堆叠",
        awards_chart_none="本年度无奖励金额。",
        payers="各县（市、区）奖励资金：市财政与县（市、区）财政分列",
        payers_intro=(
            "市财政出资：{city}；县（市、区）财政出资：{county}（依政策原文“市财政给予”“由企业所在县（市、区）财政"
            "……给予”“鼓励有条件的县（市、区）给予”）。企业获得的奖励计入企业所在县（市、区）。两者来源不同，"
            "合计仅供参考，不可视为一笔支出。"
        ),
        payer="出资",
        payer_city="市财政",
        payer_county="县（市、区）财政",
        payer_total="{payer}小计",
        payers_sum="合计（两级财政）",
        payers_check="与奖励台账核对：获奖金额合计{ledger}万元，本表合计{table}万元。",
        check="台账核查（就高原则，不重复享受）",
        check_none="未发现问题。",
        articles="引用的政策条款",
        verify="复核：<code>jncli verify OUT_DIR</code> 按 manifest.json 重新计算并逐字节比对全部输出。",
        cut="（仅显示前 {n} 行，共 {total} 行；完整内容见 report.xlsx 与 CSV。）",
        article="第{n}条",
        month_label="{m}月",
        other="其他",
        score="综合得分",
        award_unit="万元",
        measure="第{n}条",
        yes="是",
        no="否",
        city_growth="",
        skipped_row="{name}（第{measures}条）：{why}",
        previous="上一版白名单",
        margins="奖励差距（--margins）",
        compare_with="比较的另一次运行",
        as_of="评估日期",
        budget="预算（万元）",
        eligibility="名次读法",
        reassign="空出名次递补",
        province_growth="全省网络零售额平均增幅",
        province_rural_growth="全省农村网络零售额平均增幅",
        lang="语言",
        year="年度",
        none="无",
        outside="（市外）",
    ),
    "en": dict(
        title="Jining e-commerce support measures: {year} annual computation",
        basis=(
            "Under {issuer}, {doc_title_en} ({document}). Computed by jncli {version}; "
            "policy file {policy} (SHA-256 {sha}…)."
        ),
        synthetic="",
        clean=(
            "Ledger check passed: no double award, no award above its cap, none outside the policy period, "
            "no bad amount."
        ),
        violations="The ledger check found {n} problem(s): review each before paying (see “Ledger check”).",
        summary="Awards",
        rule="rule",
        awarded_n="awarded",
        amount="total (万元)",
        commended_n="commended",
        qualified_n="qualified (county sets the amount)",
        total="total",
        inputs="Inputs and options",
        file="file",
        kind="table",
        rows="rows",
        feeds="feeds",
        sha="SHA-256",
        skipped="Measures not run",
        skipped_none="Every measure ran.",
        reading="how it was read",
        not_used="not used ({why})",
        received_from="what was received before, from: {origin}",
        config_use="how each file is read",
        ignored_use="not read ({why})",
        received_title="Where “received before” comes from (across years only the top-up is paid)",
        received_none="No earlier year of the policy period before {year}: nothing received to deduct.",
        origins={"--prior": "--prior ledger", "earlier run": "the verified earlier run"},
        prior_opt="ledgers of earlier payments (--prior)",
        trainers_opt="more whitelisted training institutions (--trainers)",
        first_year_opt="nothing paid before (--first-year)",
        skip_opt="measures not run (--skip)",
        options="Options",
        option="option",
        value="value",
        warnings="Notes and warnings",
        warnings_none="No warnings.",
        notes="Run notes",
        message_kind="kind",
        message="message",
        warning_kind="warning",
        note_kind="note",
        m1="Article 1 — online retail doubling: county scores and ranks",
        m1_chart="Composite score per category (colour: outcome)",
        m2="Articles 2, 3, 6 — enterprise awards: tiers, titles, bases, fiscal reward",
        m2_counts="Outcomes per rule",
        m2_awards="Enterprises awarded or superseded",
        m2_commend="County commendations (newly cultivated enterprises)",
        m4="Article 4 — online shops",
        m4_month="New shops per month (city, coloured by county)",
        m4_month_table="New shops per county and month",
        m7="Article 7 — ecosystem whitelist",
        m7_counts="{inc} included, {exc} excluded, {rec} recommended to the province.",
        m7_changes="Changes against the previous whitelist",
        m7_change_counts="{added} added, {removed} removed, {kept} kept.",
        m7_no_previous="No previous whitelist given (--previous-whitelist): no changes to list.",
        m7_included="Included",
        m7_excluded="Excluded, with reasons",
        m8="Article 8 — practical talent: trained hires with consecutive social insurance",
        m8_counts=(
            "{employers} employer(s) with {hires} qualifying hire(s): {awarded} awarded by their county, "
            "{amount} 万元 in all; {qualified} qualified, the amount for their county to set."
        ),
        m8_none="No employer has a qualifying hire this year.",
        m8_note="Hire by hire (person ids masked): jncli trained-hires … --detail.",
        awards_chart="Awards per county (万元): coloured by measure, city-paid and county-paid stacked apart",
        awards_chart_none="No money awarded this year.",
        payers="Money per county: paid by the city and paid by the county, apart",
        payers_intro=(
            "Paid by the city: {city}; paid by the county: {county} (the text: 市财政给予, 由企业所在县（市、区）"
            "财政……给予, 鼓励有条件的县（市、区）给予). An enterprise's award counts in its county. The two come "
            "from different budgets: their sum is for reference only, not one expense."
        ),
        payer="paid by",
        payer_city="city budget",
        payer_county="county budget",
        payer_total="{payer} subtotal",
        payers_sum="total (both budgets)",
        payers_check="Against the ledger: awarded in all {ledger} 万元, this table {table} 万元.",
        check="Ledger check (highest award only, never twice)",
        check_none="No problem found.",
        articles="Policy articles cited",
        verify=(
            "Audit: <code>jncli verify OUT_DIR</code> re-runs from manifest.json and compares every output byte "
            "for byte."
        ),
        cut="(first {n} of {total} rows; report.xlsx and the CSV files have them all.)",
        article="Article {n}",
        month_label="{m}",
        other="other",
        score="score",
        award_unit="万元",
        measure="measure {n}",
        yes="yes",
        no="no",
        city_growth="",
        skipped_row="{name} (measure {measures}): {why}",
        previous="previous whitelist",
        margins="margins (--margins)",
        compare_with="compared with the run",
        as_of="as of",
        budget="budget (万元)",
        eligibility="eligibility reading",
        reassign="reassign vacated places",
        province_growth="province online retail growth",
        province_rural_growth="province rural online retail growth",
        lang="language",
        year="year",
        none="none",
        outside="(outside)",
    ),
}
_ZH_DIGITS = "零一二三四五六七八九十"


def _zh_number(n: int) -> str:
    if n <= 10:
        return _ZH_DIGITS[n]
    if n < 20:
        return "十" + _ZH_DIGITS[n - 10]
    return str(n)


def label(column: str, lang: str, money: bool = False) -> str:
    if column.startswith("newly_ge_") and column not in LABELS:  # a commendation threshold of another policy
        n = column.removeprefix("newly_ge_")
        return f"新培育达{n}万元企业数" if lang == "zh" else f"newly ≥ {n} 万元"
    zh, en = LABELS.get(column, (column, column))
    text = zh if lang == "zh" else en
    if money:
        text += "（万元）" if lang == "zh" else " (万元)"
    return text


# Exact decimals that are not money: shown in full, without （万元）.
RATIOS = ("scale_factor",)


def _is_money(column: str, dtype) -> bool:
    import polars as pl

    return isinstance(dtype, pl.Decimal) and column not in RATIOS


def _ratios_as_numbers(frame: pl.DataFrame) -> pl.DataFrame:
    """The budget scale factor (0.303030…) as a plain number: shown as money it read 0.30 万元, and
    the awards next to it could not be recomputed from the report."""
    import polars as pl

    ratios = [c for c in RATIOS if c in frame.columns]
    return frame.with_columns(pl.col(ratios).cast(pl.Float64)) if ratios else frame


def headers(frame: pl.DataFrame, lang: str) -> list[str]:
    return [label(c, lang, _is_money(c, d)) for c, d in frame.schema.items()]


def _word(table: dict, key: Any, lang: str) -> str:
    if key is None:
        return ""
    pair = table.get(key)
    return (pair[0] if lang == "zh" else pair[1]) if pair else str(key)


def _money(value: Decimal | float | int | None) -> str:
    if value is None:
        return ""
    exact = Decimal(str(value))
    if not isinstance(value, Decimal) or exact == exact.quantize(Decimal("0.01")):
        return f"{exact:,.2f}"
    # finer than cents (4999.995 万元 from 元): shown as it is, never rounded onto a threshold it misses
    return f"{exact.normalize():,f}"


def sheet_frame(frame: pl.DataFrame, name: str, r) -> pl.DataFrame:
    """A result as report.xlsx shows it: measure 1's two indicators under names that say what they are
    (retail in 万元 and growth as a fraction shown in %, or share lift in percentage points and contribution
    as a fraction shown in %), statuses, decisions, categories and yes/no in the report's words."""
    import polars as pl

    lang = r.parsed.lang
    i = 0 if lang == "zh" else 1
    frame = _ratios_as_numbers(frame)
    if name == "score-counties" and {"scale", "growth", "category"} <= set(frame.columns):
        ent = pl.col("category") == "enterprise"
        at = frame.columns.index("scale")
        split = frame.with_columns(
            retail_wan=pl.when(~ent).then(pl.col("scale")),
            growth_pct=pl.when(~ent).then(pl.col("growth")),
            share_lift=pl.when(ent).then(pl.col("scale")),
            contrib=pl.when(ent).then(pl.col("growth") / 100),
        )
        rest = [c for c in frame.columns if c not in ("scale", "growth")]
        frame = split.select(rest[:at] + ["retail_wan", "growth_pct", "share_lift", "contrib"] + rest[at:])
    swaps = []
    for column, dtype in frame.schema.items():
        if dtype == pl.Boolean:
            swaps.append(pl.col(column).replace_strict({True: T[lang]["yes"], False: T[lang]["no"]}, default=None))
        elif dtype == pl.String and column in WORDS:
            words = {k: v[i] for k, v in WORDS[column].items()}
            swaps.append(pl.col(column).replace(words))
        elif dtype == pl.String and column == "category":
            words = {k: v[i] for k, v in CATEGORY.items()}
            if lang == "zh":
                words |= {c.key: c.zh for c in r.policy.m7_categories}
            swaps.append(pl.col(column).replace(words))
    return frame.with_columns(swaps) if swaps else frame
