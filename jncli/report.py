"""The yearly report of `jncli annual`: report.html (self-contained, opens offline) and report.xlsx.

report.html is one file people would rather look at than read: the awards per measure, the county
ranking with the growth tests, the enterprise tiers, shop growth per county and month, the whitelist
changes, every warning, the policy articles cited, and charts. Charts are drawn by matplotlib as inline
SVG with `svg.fonttype = none`, so the text stays text and the browser renders the Chinese with its own
fonts (a CSS font stack of the usual CJK fonts); nothing is loaded from anywhere: no script, no image
file, no URL. Layout is measured with matplotlib's bundled DejaVu Sans on every machine, so the same
run gives the same bytes everywhere (CJK glyphs, missing from it, are measured wide: labels never clip).

report.xlsx: one sheet per measure's result plus the ledger and the ledger check, with header labels
in the report's language, money as 万元 with 2 decimals; the cells are written by the table writer
(`jncli.tableio.write_workbook`: text is always a string cell, so no formula can run).

No timestamps anywhere: the time of the run lives only in manifest.json.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import re
import warnings
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

    from jncli.annual import Run

WORKBOOK_CREATED = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)  # = the zip entries' date: no run time
MONEY_FORMAT = "#,##0.00"
HTML_MAX_ROWS = 500  # a table longer than this is cut in the HTML (report.xlsx and the CSVs have every row)
CJK_FONTS = ("'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'Hiragino Sans GB', "
             "'WenQuanYi Micro Hei', SimHei, 'Noto Sans SC', sans-serif")
STATUS_COLOURS = {"awarded": "#2e7d32", "commended": "#2e7d32", "included": "#2e7d32", "superseded": "#f9a825",
                  "ineligible": "#9e9e9e", "not_ranked": "#90caf9", "out_of_period": "#c62828", "excluded": "#9e9e9e"}
MEASURE_COLOURS = {1: "#1565c0", 2: "#2e7d32", 3: "#f9a825", 6: "#6a1b9a"}

# ------------------------------------------------------------------------------------------ words
# Column labels: canonical name → (中文, English). Money columns get （万元） added.
LABELS = {
    "county": ("县（市、区）", "county"), "category": ("类别", "category"), "year": ("年度", "year"),
    "scale": ("规模指标", "scale indicator"), "growth": ("增幅", "growth"), "score": ("综合得分", "score"),
    "rank": ("排名", "rank"), "retail_wan": ("零售额（万元）", "retail (万元)"), "growth_pct": ("增幅", "growth"),
    "share_lift": ("占比提升（百分点）", "share lift (pp)"), "contrib": ("增长贡献率", "contribution"), "above_city_growth": ("高于全市平均增幅", "above city growth"),
    "above_province_growth": ("高于全省平均增幅", "above province growth"),
    "tie_at_boundary": ("名次边界并列", "tie at boundary"), "beneficiary": ("受益方", "beneficiary"),
    "beneficiary_name": ("受益方名称", "beneficiary name"), "measure": ("条款", "measure"), "rule": ("规则", "rule"),
    "award": ("奖励金额", "award"), "status": ("状态", "status"), "basis": ("依据", "basis"),
    "online_retail": ("实物商品网络零售额", "online retail"), "national_title": ("国家级称号", "national title"),
    "entitled": ("按规则应得", "entitled"), "received": ("此前已获", "received before"),
    "scale_factor": ("预算缩放系数", "budget scale factor"),
    "newly_ge_10000": ("新培育达1亿元企业数", "newly ≥ 10000 万元"), "newly_ge_5000": ("新培育达5000万元企业数", "newly ≥ 5000 万元"),
    "new_shops": ("新增店铺", "new shops"), "closed_shops": ("关闭店铺", "closed shops"),
    "active_end": ("年末在营店铺", "active at year end"), "migrated_in": ("市外迁入店铺", "migrated in"),
    "migrated_retail": ("迁入纳统店铺网络零售额", "migrated shops' retail"), "month": ("月份", "month"),
    "decision": ("决定", "decision"), "change": ("变动", "change"), "recommend_province": ("推荐省库", "recommend to province"),
    "reasons": ("不符合原因", "reasons"), "blocking_records": ("未修复记录", "blocking records"),
    "revenue": ("营业收入", "revenue"), "employees": ("从业人数", "employees"), "years_operating": ("经营年限", "years operating"),
    "file": ("文件", "file"), "row": ("行", "row"), "kind": ("问题类型", "kind"), "message": ("说明", "message"),
}
STATUS = {
    "awarded": ("获奖", "awarded"), "commended": ("通报表扬", "commended"), "superseded": ("就高不重复", "superseded"),
    "ineligible": ("不符合条件", "ineligible"), "not_ranked": ("未进前三", "not ranked"),
    "out_of_period": ("不在政策期", "out of period"), "included": ("列入", "included"), "excluded": ("不列入", "excluded"),
}
CATEGORY = {"online": ("网络零售额", "online retail"), "rural": ("农村网络零售额", "rural online retail"),
            "enterprise": ("纳统企业占比与贡献", "纳统 enterprises")}
CHANGE = {"added": ("新增列入", "added"), "kept": ("继续保留", "kept"), "removed": ("移出", "removed"),
          "new_candidate_rejected": ("新申报未列入", "new candidate rejected")}
SHEETS = {
    "score-counties": ("第一条 县市区评分", "m1 counties"),
    "award-enterprises": ("第二三六条 企业奖励", "m2 m3 m6 enterprises"),
    "commendations": ("第二条 县市区通报表扬", "m2 commendations"),
    "track-shops": ("第四条 网上店铺", "m4 shops"),
    "track-shops-by-month": ("第四条 网上店铺按月", "m4 shops by month"),
    "whitelist": ("第七条 白名单", "m7 whitelist"),
    "ledger": ("奖励台账", "ledger"),
    "check-validity": ("台账核查", "ledger check"),
}
T = {
    "zh": dict(
        title="{city}促进电子商务高质量发展措施 {year}年度测算报告",
        basis="依据{issuer}《{doc_title}》（{document}）。由 jncli {version} 计算；政策文件 {policy}（SHA-256 {sha}…）。",
        synthetic="",
        clean="台账核查通过：未发现重复奖励、超上限、超出政策期或金额错误。",
        violations="台账核查发现 {n} 处问题，请在发放前逐条核对（见“台账核查”）。",
        summary="奖励汇总", rule="规则", awarded_n="获奖数", amount="金额合计（万元）", commended_n="通报表扬数",
        total="合计", inputs="输入与参数", file="文件", kind="表", rows="行数", feeds="用于", sha="SHA-256",
        skipped="未运行的措施", skipped_none="所有措施均已运行。", options="参数", option="参数", value="取值",
        warnings="提示与警告", warnings_none="无警告。", notes="运行说明",
        m1="第一条 实施网络零售倍增行动：县（市、区）评分与排名", m1_chart="各类别综合得分（颜色表示结果）",
        m2="第二、三、六条 企业奖励：档次、称号、示范基地与新增财力", m2_counts="各规则结果统计",
        m2_awards="获奖与就高不重复的企业", m2_commend="县（市、区）通报表扬（新培育企业）",
        m4="第四条 壮大网上店铺规模", m4_month="新增店铺按月（全市，按县市区分色）", m4_month_table="各县市区每月新增店铺",
        m7="第七条 生态链企业“白名单”", m7_counts="列入 {inc} 家，不列入 {exc} 家，推荐省库 {rec} 家。",
        m7_changes="与上一版白名单相比的变动", m7_change_counts="新增列入 {added} 家，移出 {removed} 家，继续保留 {kept} 家。", m7_no_previous="未提供上一版白名单（--previous-whitelist），无法列出变动。",
        m7_included="列入白名单", m7_excluded="不列入白名单及原因",
        awards_chart="各县（市、区）获得的奖励（万元，按条款分色）", awards_chart_none="本年度无奖励金额。",
        check="台账核查（就高原则，不重复享受）", check_none="未发现问题。",
        articles="引用的政策条款", verify="复核：<code>jncli verify OUT_DIR</code> 按 manifest.json 重新计算并逐字节比对全部输出。",
        cut="（仅显示前 {n} 行，共 {total} 行；完整内容见 report.xlsx 与 CSV。）",
        article="第{n}条", month_label="{m}月", other="其他", score="综合得分", award_unit="万元", measure="第{n}条",
        yes="是", no="否", city_growth="", skipped_row="{name}（第{measures}条）：{why}",
        previous="上一版白名单", as_of="评估日期", budget="预算（万元）", eligibility="名次读法", reassign="空出名次递补",
        province_growth="全省网络零售额平均增幅", province_rural_growth="全省农村网络零售额平均增幅", lang="语言",
        year="年度", none="无", outside="（市外）",
    ),
    "en": dict(
        title="Jining e-commerce support measures: {year} annual computation",
        basis="Under {issuer}, {doc_title_en} ({document}). Computed by jncli {version}; policy file {policy} (SHA-256 {sha}…).",
        synthetic="",
        clean="Ledger check passed: no double award, no award above its cap, none outside the policy period, no bad amount.",
        violations="The ledger check found {n} problem(s): review each before paying (see “Ledger check”).",
        summary="Awards", rule="rule", awarded_n="awarded", amount="total (万元)", commended_n="commended",
        total="total", inputs="Inputs and options", file="file", kind="table", rows="rows", feeds="feeds", sha="SHA-256",
        skipped="Measures not run", skipped_none="Every measure ran.", options="Options", option="option", value="value",
        warnings="Notes and warnings", warnings_none="No warnings.", notes="Run notes",
        m1="Article 1 — online retail doubling: county scores and ranks", m1_chart="Composite score per category (colour: outcome)",
        m2="Articles 2, 3, 6 — enterprise awards: tiers, titles, bases, fiscal reward", m2_counts="Outcomes per rule",
        m2_awards="Enterprises awarded or superseded", m2_commend="County commendations (newly cultivated enterprises)",
        m4="Article 4 — online shops", m4_month="New shops per month (city, coloured by county)", m4_month_table="New shops per county and month",
        m7="Article 7 — ecosystem whitelist", m7_counts="{inc} included, {exc} excluded, {rec} recommended to the province.",
        m7_changes="Changes against the previous whitelist", m7_change_counts="{added} added, {removed} removed, {kept} kept.", m7_no_previous="No previous whitelist given (--previous-whitelist): no changes to list.",
        m7_included="Included", m7_excluded="Excluded, with reasons",
        awards_chart="Awards per county (万元, coloured by measure)", awards_chart_none="No money awarded this year.",
        check="Ledger check (highest award only, never twice)", check_none="No problem found.",
        articles="Policy articles cited", verify="Audit: <code>jncli verify OUT_DIR</code> re-runs from manifest.json and compares every output byte for byte.",
        cut="(first {n} of {total} rows; report.xlsx and the CSV files have them all.)",
        article="Article {n}", month_label="{m}", other="other", score="score", award_unit="万元", measure="measure {n}",
        yes="yes", no="no", city_growth="", skipped_row="{name} (measure {measures}): {why}",
        previous="previous whitelist", as_of="as of", budget="budget (万元)", eligibility="eligibility reading",
        reassign="reassign vacated places", province_growth="province online retail growth",
        province_rural_growth="province rural online retail growth", lang="language", year="year", none="none",
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


def _ratios_as_numbers(frame: "pl.DataFrame") -> "pl.DataFrame":
    """The budget scale factor (0.303030…) as a plain number: shown as money it read 0.30 万元, and
    the awards next to it could not be recomputed from the report."""
    import polars as pl

    ratios = [c for c in RATIOS if c in frame.columns]
    return frame.with_columns(pl.col(ratios).cast(pl.Float64)) if ratios else frame


def headers(frame: "pl.DataFrame", lang: str) -> list[str]:
    return [label(c, lang, _is_money(c, d)) for c, d in frame.schema.items()]


def _word(table: dict, key: Any, lang: str) -> str:
    if key is None:
        return ""
    pair = table.get(key)
    return (pair[0] if lang == "zh" else pair[1]) if pair else str(key)


# ------------------------------------------------------------------------------------------ entry point
def write_report(r: "Run", folder: str, html_name: str, xlsx_name: str) -> None:
    """Write report.html and report.xlsx for the run into `folder` (through jncli.tableio)."""
    from jncli import tableio

    lang = r.parsed.lang
    tableio.write_bytes(os.path.join(folder, html_name), build_html(r).encode("utf-8"))
    sheets = []
    for name, frame in _tables(r):
        zh, en = SHEETS[name]
        sheets.append((zh if lang == "zh" else en, frame, headers(frame, lang)))
    tableio.write_workbook(os.path.join(folder, xlsx_name), sheets, money_format=MONEY_FORMAT, created=WORKBOOK_CREATED)


def _tables(r: "Run") -> list[tuple[str, "pl.DataFrame"]]:
    out = [(s.name, _ratios_as_numbers(s.table)) for s in r.steps.values() if s.table is not None]
    return out + [("ledger", r.ledger), ("check-validity", r.violations)]


# ------------------------------------------------------------------------------------------ charts
def _svg(fig) -> str:
    """The figure as inline SVG for HTML5: no XML prolog, DOCTYPE, metadata or namespace URLs."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg, count=0)
    # Scale with the page: keep the viewBox, drop the fixed size.
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 class="chart" preserveAspectRatio="xMidYMid meet"',
                 svg, count=1)
    return svg


class _Charts:
    """matplotlib, imported lazily, with settings that make the SVG reproducible and the text selectable."""

    def __init__(self) -> None:
        import matplotlib
        import matplotlib.patches  # noqa: F401  (legend patches)
        from matplotlib.figure import Figure

        self.matplotlib = matplotlib
        self.Figure = Figure
        self.rc = {"svg.fonttype": "none", "svg.hashsalt": "jncli", "font.family": "DejaVu Sans",
                   "font.size": 10, "axes.spines.top": False, "axes.spines.right": False}

    def draw(self, paint, size: tuple[float, float]) -> str:
        with self.matplotlib.rc_context(self.rc), warnings.catch_warnings():
            # CJK glyphs are not in DejaVu Sans: measured with its fallback box, drawn by the browser.
            warnings.filterwarnings("ignore", message=r"Glyph .* missing from")
            fig = self.Figure(figsize=size, layout="constrained")
            paint(fig)
            return _svg(fig)


def _money(value: Decimal | float | int | None) -> str:
    if value is None:
        return ""
    text = f"{Decimal(str(value)):,.2f}"
    return text


def chart_scores(ch: _Charts, table: "pl.DataFrame", lang: str, t: dict) -> str | None:
    import polars as pl

    cats = [c for c in table["category"].unique(maintain_order=True).to_list()]
    scored = table.filter(pl.col("score").is_not_null())
    if scored.height == 0:
        return None
    n = max(scored.group_by("category").len()["len"].max(), 1)

    def paint(fig):
        axes = fig.subplots(1, len(cats), squeeze=False)[0]
        for ax, cat in zip(axes, cats):
            part = scored.filter(pl.col("category") == cat).sort("rank", descending=True)
            ax.barh(part["county"].to_list(), part["score"].to_list(),
                    color=[STATUS_COLOURS.get(s, "#9e9e9e") for s in part["status"].to_list()])
            for y, (score, award) in enumerate(zip(part["score"].to_list(), part["award"].to_list())):
                if award:
                    ax.text(score, y, f" {_money(award).rstrip('0').rstrip('.')}{t['award_unit']}", va="center", fontsize=8)
            ax.set_title(_word(CATEGORY, cat, lang), fontsize=10)
            ax.set_xlim(0, 125)
            ax.tick_params(axis="y", labelsize=8)
        handles = [ch.matplotlib.patches.Patch(color=STATUS_COLOURS[s], label=_word(STATUS, s, lang))
                   for s in ("awarded", "superseded", "ineligible", "not_ranked")]
        fig.legend(handles=handles, loc="outside lower center", ncols=4, frameon=False, fontsize=8)

    return ch.draw(paint, (11, 0.28 * n + 1.6))


def chart_awards(ch: _Charts, r: "Run", lang: str, t: dict) -> str | None:
    """Money per county, stacked by measure: county awards (m1) and enterprises' awards by their county."""
    import polars as pl

    pol = r.policy
    rows: list[tuple[str, int, Decimal]] = []
    for name in ("score-counties", "award-enterprises"):
        table = r.steps[name].table
        if table is None:
            continue
        for county, measure, award in (table.filter(pl.col("status") == "awarded")
                                       .select("county", "measure", "award").iter_rows()):
            rows.append((pol.canonical_county(county) or t["outside"], measure, award))
    if not rows or not any(a for _, _, a in rows):
        return None
    order = [c.name for c in pol.counties] + [t["outside"]]
    counties = [c for c in order if any(rc == c for rc, _, _ in rows)]
    measures = sorted({m for _, m, _ in rows})

    def paint(fig):
        ax = fig.subplots()
        left = [0.0] * len(counties)
        for m in measures:
            values = [float(sum((a for rc, mm, a in rows if rc == c and mm == m), Decimal(0))) for c in counties]
            ax.barh(counties[::-1], values[::-1], left=left[::-1], color=MEASURE_COLOURS.get(m, "#607d8b"),
                    label=t["measure"].format(n=_zh_number(m) if lang == "zh" else m))
            left = [a + b for a, b in zip(left, values)]
        for y, total in enumerate(left[::-1]):
            ax.text(total, y, f" {total:,.2f}".rstrip("0").rstrip("."), va="center", fontsize=8)
        ax.set_xlabel(t["award_unit"])
        ax.tick_params(axis="y", labelsize=8)
        ax.legend(frameon=False, fontsize=8, loc="lower right")
        ax.margins(x=0.12)

    return ch.draw(paint, (9, 0.3 * len(counties) + 1.4))


def chart_shops_by_month(ch: _Charts, table: "pl.DataFrame", r: "Run", lang: str, t: dict) -> str | None:
    import polars as pl

    if table.height == 0:
        return None
    months = sorted(table["month"].unique().to_list())
    order = [c.name for c in r.policy.counties]
    counties = [c for c in order if c in set(table["county"].to_list())]
    counties += sorted(set(table["county"].to_list()) - set(counties))

    def paint(fig):
        ax = fig.subplots()
        cmap = ch.matplotlib.colormaps["tab20"]
        bottom = [0] * len(months)
        for i, county in enumerate(counties):
            part = dict(table.filter(pl.col("county") == county).select("month", "new_shops").iter_rows())
            values = [part.get(m, 0) or 0 for m in months]
            ax.bar([str(m) for m in months], values, bottom=bottom, color=cmap(i % 20),
                   label=t["outside"] if county == "(outside)" else county)
            bottom = [a + b for a, b in zip(bottom, values)]
        ax.set_xlabel("月份" if lang == "zh" else "month")
        ax.set_ylabel(label("new_shops", lang))
        fig.legend(loc="outside right upper", frameon=False, fontsize=8)

    return ch.draw(paint, (10, 4.2))


# ------------------------------------------------------------------------------------------ HTML pieces
def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _cell(value: Any, dtype, lang: str, column: str) -> tuple[str, bool]:
    """(text, numeric?) for one table cell."""
    import polars as pl

    t = T[lang]
    if value is None:
        return "", False
    if isinstance(dtype, pl.Decimal):
        return _money(value), True
    if dtype == pl.Boolean:
        return (t["yes"] if value else t["no"]), False
    if dtype.is_float():
        return f"{value:,.6f}".rstrip("0").rstrip("."), True
    if dtype.is_integer():
        return str(value), True
    if isinstance(value, list):
        return "；".join(map(str, value)), False
    if column == "status":
        return _word(STATUS, value, lang), False
    if column == "category":
        return _word(CATEGORY, value, lang), False
    if column == "change":
        return _word(CHANGE, value, lang), False
    return str(value), bool(_NUMERIC_TEXT.fullmatch(str(value)))


_NUMERIC_TEXT = re.compile(r"-?[0-9][0-9,]*(\.[0-9]+)?%?")


def table_html(frame: "pl.DataFrame", lang: str, *, limit: int = HTML_MAX_ROWS, css: str = "") -> str:
    t = T[lang]
    frame = _ratios_as_numbers(frame)
    head = "".join(f"<th>{esc(h)}</th>" for h in headers(frame, lang))
    body = []
    schema = list(frame.schema.items())
    for row in frame.head(limit).iter_rows():
        cells = []
        for (column, dtype), value in zip(schema, row):
            text, numeric = _cell(value, dtype, lang, column)
            cls = ' class="num"' if numeric else ""
            if column == "status" and value in STATUS_COLOURS:
                cls = f' class="st st-{esc(value)}"'
            cells.append(f"<td{cls}>{esc(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = f'<p class="cut">{esc(t["cut"].format(n=limit, total=frame.height))}</p>' if frame.height > limit else ""
    return (f'<div class="scroll"><table class="{css}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>{more}')


def _plain_table(columns: list[str], rows: list[list[Any]], numeric: set[int] = frozenset()) -> str:
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    num = ' class="num"'
    body = "".join("<tr>" + "".join(f"<td{num if i in numeric else ''}>{esc(v)}</td>" for i, v in enumerate(row))
                   + "</tr>" for row in rows)
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _indicators(part: "pl.DataFrame", category: str) -> "pl.DataFrame":
    """Measure 1's two indicators under names that say what they are in this category (as text, so the
    units show): online / rural: retail in 万元 and growth in %; enterprise: share lift in percentage
    points and contribution already in %."""
    import polars as pl

    def fmt(values, pattern, factor=1.0):
        return pl.Series([None if v is None else pattern.format(v * factor) for v in values], dtype=pl.String)

    if category == "enterprise":
        scale, growth = fmt(part["scale"], "{:.4f}"), fmt(part["growth"], "{:.2f}%")
        names = ("share_lift", "contrib")
    else:
        scale, growth = fmt(part["scale"], "{:,.2f}"), fmt(part["growth"], "{:.2f}%", 100.0)
        names = ("retail_wan", "growth_pct")
    return part.with_columns(scale=scale, growth=growth).rename({"scale": names[0], "growth": names[1]})


def _select(frame: "pl.DataFrame", columns: list[str]) -> "pl.DataFrame":
    return frame.select([c for c in columns if c in frame.columns])


CSS = """
:root { --ink: #212121; --muted: #616161; --line: #e0e0e0; --ok: #2e7d32; --bad: #c62828; }
body { font-family: %s; color: var(--ink); margin: 0 auto; max-width: 1180px; padding: 24px 28px 60px;
       line-height: 1.55; font-size: 15px; }
svg.chart text { font-family: %s !important; }
svg.chart { width: 100%%; height: auto; display: block; margin: 8px 0 16px; }
h1 { font-size: 26px; margin: 0 0 6px; } h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 4px;
border-bottom: 2px solid var(--line); } h3 { font-size: 16px; margin: 20px 0 8px; }
.meta { color: var(--muted); font-size: 13px; }
.banner { padding: 12px 16px; border-radius: 6px; font-weight: 600; margin: 18px 0; }
.banner.ok { background: #e8f5e9; color: var(--ok); } .banner.bad { background: #ffebee; color: var(--bad); }
.scroll { overflow-x: auto; } table { border-collapse: collapse; font-size: 13px; margin: 6px 0 12px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f5f5f5; position: sticky; top: 0; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.st { white-space: nowrap; font-weight: 600; }
.st-awarded, .st-commended, .st-included { color: var(--ok); } .st-superseded { color: #b26a00; }
.st-ineligible, .st-not_ranked, .st-excluded { color: var(--muted); } .st-out_of_period { color: var(--bad); }
ul.warn li { margin: 3px 0; } ul.warn li.w::marker { color: var(--bad); }
.article { background: #fafafa; border-left: 4px solid #90a4ae; padding: 8px 14px; margin: 10px 0; font-size: 14px; }
.cut { color: var(--muted); font-size: 12px; } code { background: #f5f5f5; padding: 1px 4px; border-radius: 3px; }
details summary { cursor: pointer; color: var(--muted); }
""" % (CJK_FONTS, CJK_FONTS)


# ------------------------------------------------------------------------------------------ the page
def build_html(r: "Run") -> str:
    import polars as pl

    from jncli import __version__
    from jncli.rules import in_lang

    lang = r.parsed.lang
    t = T[lang]
    pol = r.policy
    ch = _Charts()
    zh = lang == "zh"
    out: list[str] = []
    add = out.append

    def article_name(n: int) -> str:
        return t["article"].format(n=_zh_number(n) if zh else n)

    # -- head
    add(f"<h1>{esc(t['title'].format(year=r.parsed.year, city=r.policy.city_name))}</h1>")
    add('<p class="meta">' + esc(t["basis"].format(
        issuer=pol.raw.get("meta", {}).get("issuer", ""), doc_title=pol.title, doc_title_en=pol.title_en,
        document=pol.document, version=__version__, policy=os.path.basename(pol.source), sha=pol.sha256[:12])) + "</p>")
    n_bad = r.violations.height
    add(f'<div class="banner {"bad" if n_bad else "ok"}">' +
        esc(t["violations"].format(n=n_bad) if n_bad else t["clean"]) + "</div>")

    # -- summary per rule
    add(f"<h2>{esc(t['summary'])}</h2>")
    led = r.ledger
    if led.height:
        per = (led.group_by("measure", "rule")
               .agg(awarded=(pl.col("status") == "awarded").sum(),
                    amount=pl.col("award").filter(pl.col("status") == "awarded").sum(),
                    commended=(pl.col("status") == "commended").sum())
               .sort("measure", "rule"))
        rows, total = [], Decimal(0)
        for measure, rule, awarded, amount, commended in per.iter_rows():
            info = pol.rules.get(rule)
            name = (info.name if zh else info.name_en) if info else rule
            amount = amount or Decimal(0)
            total += amount
            rows.append([article_name(measure), f"{rule} {name}", awarded, _money(amount), commended])
        rows.append([t["total"], "", sum(x[2] for x in rows), _money(total), sum(x[4] for x in rows)])
        add(_plain_table([LABELS["measure"][0 if zh else 1], t["rule"], t["awarded_n"], t["amount"], t["commended_n"]],
                         rows, {2, 3, 4}))
    svg = chart_awards(ch, r, lang, t)
    add(f"<h3>{esc(t['awards_chart'])}</h3>")
    add(svg if svg else f"<p>{esc(t['awards_chart_none'])}</p>")

    # -- warnings (ties, skipped measures, budget scaling …) and notes
    add(f"<h2>{esc(t['warnings'])}</h2>")
    warns = [in_lang(m, lang) for k, m in r.messages if k == "warning"]  # a rule's message has its Chinese
    add('<ul class="warn">' + "".join(f'<li class="w">{esc(w)}</li>' for w in warns) + "</ul>" if warns
        else f"<p>{esc(t['warnings_none'])}</p>")
    notes = [in_lang(m, lang) for k, m in r.messages if k == "note"]
    if notes:
        add(f"<details><summary>{esc(t['notes'])}</summary><ul>" + "".join(f"<li>{esc(n)}</li>" for n in notes)
            + "</ul></details>")

    # -- measure 1
    m1 = r.steps["score-counties"].table
    if m1 is not None:
        add(f"<h2>{esc(t['m1'])}</h2>")
        svg = chart_scores(ch, m1, lang, t)
        if svg:
            add(f"<h3>{esc(t['m1_chart'])}</h3>{svg}")
        cols = ["rank", "county", "scale", "growth", "score", "above_city_growth", "above_province_growth",
                "tie_at_boundary", "status", "award"]
        for cat in m1["category"].unique(maintain_order=True).to_list():
            part = m1.filter(pl.col("category") == cat).sort(pl.col("rank").fill_null(10**9), "county")
            add(f"<h3>{esc(_word(CATEGORY, cat, lang))}</h3>")
            add(table_html(_indicators(_select(part, cols), cat), lang))
            decided = part.filter(pl.col("rank") <= len(pol.m1_awards))
            if decided.height:
                add("<details><summary>" + esc(LABELS["basis"][0 if zh else 1]) + "</summary><ul>"
                    + "".join(f"<li>{esc(b)}</li>" for b in decided["basis"].to_list()) + "</ul></details>")

    # -- measures 2, 3, 6
    m2 = r.steps["award-enterprises"].table
    if m2 is not None:
        add(f"<h2>{esc(t['m2'])}</h2>")
        add(f"<h3>{esc(t['m2_counts'])}</h3>")
        counts = (m2.group_by("rule", "status").agg(n=pl.len(), amount=pl.col("award").sum()).sort("rule", "status"))
        add(_plain_table([t["rule"], LABELS["status"][0 if zh else 1], t["rows"], t["amount"]],
                         [[rule, _word(STATUS, st, lang), n, _money(a)] for rule, st, n, a in counts.iter_rows()], {2, 3}))
        paid = m2.filter(pl.col("status").is_in(["awarded", "superseded"])).sort("rule", "beneficiary")
        add(f"<h3>{esc(t['m2_awards'])}</h3>")
        add(table_html(_select(paid, ["beneficiary", "beneficiary_name", "county", "rule", "online_retail",
                                      "national_title", "entitled", "received", "scale_factor", "status", "award"]), lang))
    com = r.steps["commendations"].table
    if com is not None:
        add(f"<h3>{esc(t['m2_commend'])}</h3>")
        counted = [c for c in com.columns if c.startswith("newly_ge_")]  # one per threshold of the policy
        add(table_html(_select(com, ["county", *counted, "status", "basis"]), lang))

    # -- measure 4
    m4 = r.steps["track-shops"].table
    m4m = r.steps["track-shops-by-month"].table
    if m4 is not None:
        add(f"<h2>{esc(t['m4'])}</h2>")
        wide = (m4.select("county", "new_shops", "closed_shops", "active_end", "migrated_in", "migrated_retail")
                .unique("county", maintain_order=True))
        for rule in m4["rule"].unique(maintain_order=True).to_list():
            wide = wide.join(m4.filter(pl.col("rule") == rule).select("county", pl.col("status").alias(rule)),
                             on="county", how="left", maintain_order="left")
        wide = wide.with_columns([pl.col(c).replace_strict(
            {k: v[0 if zh else 1] for k, v in STATUS.items()}, default=pl.col(c)).alias(c)
            for c in wide.columns if c.startswith("m4.")])
        wide = wide.with_columns(pl.col("county").replace({"(outside)": t["outside"]}))
        names = {c: (pol.rules[c].name if zh else pol.rules[c].name_en) for c in wide.columns if c in pol.rules}
        add(table_html(wide.rename(names), lang))
    if m4m is not None and m4m.height:
        svg = chart_shops_by_month(ch, m4m, r, lang, t)
        if svg:
            add(f"<h3>{esc(t['m4_month'])}</h3>{svg}")
        add(f"<h3>{esc(t['m4_month_table'])}</h3>")
        months = sorted(m4m["month"].unique().to_list())
        piv = m4m.pivot(on="month", index="county", values="new_shops", sort_columns=True)
        rows = [[(t["outside"] if c == "(outside)" else c), *[row.get(str(m)) or 0 for m in months],
                 sum(row.get(str(m)) or 0 for m in months)]
                for c, row in ((d["county"], d) for d in piv.iter_rows(named=True))]
        add(_plain_table([label("county", lang), *[t["month_label"].format(m=m) for m in months], t["total"]], rows,
                         set(range(1, len(months) + 2))))

    # -- measure 7
    m7 = r.steps["whitelist"].table
    if m7 is not None:
        if zh:  # category keys (park, mcn …) in the policy's Chinese names
            names = {c.key: c.zh for c in pol.m7_categories}
            m7 = m7.with_columns(pl.col("category").replace(names))
        add(f"<h2>{esc(t['m7'])}</h2>")
        inc = m7.filter(pl.col("decision") == "include").height
        add(f"<p>{esc(t['m7_counts'].format(inc=inc, exc=m7.height - inc, rec=int(m7['recommend_province'].sum())))}</p>")
        add(f"<h3>{esc(t['m7_changes'])}</h3>")
        if m7["change"].is_null().all():
            add(f"<p>{esc(t['m7_no_previous'])}</p>")
        else:
            changed = m7.filter(pl.col("change").is_in(["added", "removed"])).sort("change", "beneficiary")
            kept = m7.filter(pl.col("change") == "kept").height
            add(f"<p>{esc(t['m7_change_counts'].format(added=changed.filter(pl.col('change') == 'added').height, removed=changed.filter(pl.col('change') == 'removed').height, kept=kept))}</p>")
            if changed.height:
                    add(table_html(_select(changed, ["change", "beneficiary", "beneficiary_name", "category", "county",
                                                 "reasons"]), lang))
        add(f"<h3>{esc(t['m7_included'])}</h3>")
        add(table_html(_select(m7.filter(pl.col("decision") == "include"),
                               ["beneficiary", "beneficiary_name", "category", "county", "revenue", "employees",
                                "years_operating", "recommend_province", "change"]), lang))
        add(f"<h3>{esc(t['m7_excluded'])}</h3>")
        add(table_html(_select(m7.filter(pl.col("decision") == "exclude"),
                               ["beneficiary", "beneficiary_name", "category", "county", "reasons", "change"]), lang))

    # -- ledger check
    add(f"<h2>{esc(t['check'])}</h2>")
    add(table_html(r.violations, lang) if r.violations.height else f"<p>{esc(t['check_none'])}</p>")

    # -- inputs, skipped measures, options
    add(f"<h2>{esc(t['inputs'])}</h2>")
    rows = [[f.name, f.kind, f.rows, ", ".join(s.name for s in r.steps.values() if f.name in s.inputs), f.sha256[:16] + "…"]
            for f in r.found.inputs + ([r.previous_whitelist] if r.previous_whitelist else [])]
    add(_plain_table([t["file"], t["kind"], t["rows"], t["feeds"], t["sha"]], rows, {2}))
    skipped = [s for s in r.steps.values() if s.skipped]
    add(f"<h3>{esc(t['skipped'])}</h3>")
    add("<ul>" + "".join(f"<li>{esc(t['skipped_row'].format(name=s.name, measures=', '.join(map(str, s.measures)), why=s.skipped))}</li>"
                         for s in skipped) + "</ul>" if skipped else f"<p>{esc(t['skipped_none'])}</p>")
    add(f"<h3>{esc(t['options'])}</h3>")
    s, p = r.settings, r.parsed
    opts = [(t["year"], p.year), (t["province_growth"], s.province_growth or t["none"]),
            (t["province_rural_growth"], s.province_rural_growth or t["none"]), (t["as_of"], p.as_of.isoformat()),
            (t["budget"], s.budget or t["none"]), (t["eligibility"], p.eligibility),
            (t["reassign"], t["yes"] if p.reassign else t["no"]),
            (t["previous"], os.path.basename(s.previous_whitelist) if s.previous_whitelist else t["none"]),
            (t["lang"], lang)]
    add(_plain_table([t["option"], t["value"]], [list(o) for o in opts]))

    # -- articles cited
    add(f"<h2>{esc(t['articles'])}</h2>")
    cited = sorted({m for st in r.steps.values() if st.table is not None for m in st.measures})
    for n in cited:
        try:
            a = pol.article(n)
        except KeyError:
            continue
        title = a.title if zh else a.title_en
        body = a.text if zh else (a.summary_en or a.text)
        add(f'<div class="article"><b>{esc(article_name(n))} {esc(title)}</b><br>{esc(body)}</div>')
    add(f'<div class="article">{esc(pol.precedence_clause if zh else pol.precedence_clause_en)}</div>')
    add(f'<div class="article">{esc(pol.period_clause if zh else pol.period_clause_en)}</div>')
    add(f'<p class="meta">{t["verify"]}</p>')

    title = esc(t["title"].format(year=r.parsed.year, city=r.policy.city_name))
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if zh else "en"}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(out) + "\n</body>\n</html>\n")
