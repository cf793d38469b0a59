"""The yearly report as people use it: printed on A4 landscape, every award explained, the money split
by who pays it (the city's budget, the county's own), and report.xlsx ready for Excel.

One in-process run of `annual` on the shipped samples is shared by the module; the CLI run of the
report is in test_annual.py.
"""

from __future__ import annotations

import re
import shutil
import time
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GROWTH = ("--province-growth", "10%", "--province-rural-growth", "12%")


def _run(lang: str = "zh"):
    from jncli import annual as an
    from jncli.policy import load_policy

    settings = an.Settings(year=2023, province_growth="10%", province_rural_growth="12%", lang=lang)
    return an.run(an.discover(str(SAMPLES)), settings, load_policy(an._shipped_policy_path()))


@pytest.fixture(scope="module")
def r():
    return _run("zh")


@pytest.fixture(scope="module")
def html(r):
    from jncli import report

    return report.build_html(r)


@pytest.fixture(scope="module")
def workbook(r, tmp_path_factory):
    openpyxl = pytest.importorskip("openpyxl")
    from jncli import report

    folder = tmp_path_factory.mktemp("report")
    report.write_report(r, str(folder), "report.html", "report.xlsx")
    return folder / "report.xlsx", openpyxl.load_workbook(folder / "report.xlsx")


def _print_css(html: str) -> str:
    """The body of the @media print block."""
    start = html.index("@media print {") + len("@media print {")
    depth, i = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(html[i], 0)
        i += 1
    return html[start : i - 1]


def _rule(css: str, selector: str) -> str:
    m = re.search(r"(?:^|[\s}])" + re.escape(selector) + r"\s*\{([^}]*)\}", css)
    assert m, f"no print rule for {selector}"
    return m.group(1)


# ------------------------------------------------------------------------------------------ print
def test_the_page_prints_on_a4_landscape_with_every_column(html):
    assert re.search(r"@page\s*\{\s*size:\s*A4 landscape;", html)
    css = _print_css(html)
    assert "overflow: visible" in _rule(css, ".scroll")  # no scrollbar hides a column on paper
    assert "position: static" in _rule(css, "th")  # sticky headers would print over the rows
    assert "display: table-header-group" in _rule(css, "thead")  # the header again on every page
    assert "break-before: page" in _rule(css, "h2")  # each section starts a page
    assert "break-after: avoid" in _rule(css, "h2, h3")
    assert "white-space: normal" in _rule(css, "td.wrap") and "overflow-wrap: anywhere" in _rule(css, "td.wrap")
    assert "break-inside: avoid" in _rule(css, "svg.chart")
    assert "content-visibility: visible" in _rule(css, "details::details-content")  # folded text prints


def test_long_text_cells_wrap_in_print_and_short_ones_stay_on_one_line(html):
    from jncli.report.page import WRAP_ABOVE

    cells = re.findall(r"<td( class=\"[^\"]*\")?>([^<]*)</td>", html)
    long = [(cls, text) for cls, text in cells if len(text) > WRAP_ABOVE and "num" not in cls and "st " not in cls]
    assert long and all(cls == ' class="wrap"' for cls, _ in long), [t for c, t in long if c != ' class="wrap"'][:3]
    # a credit code (18 characters) and a status keep one line
    assert '<td class="wrap">91370811UBKL3DU603</td>' not in html and "<td>91370811UBKL3DU603</td>" in html


# ------------------------------------------------------------------------------------------ every award explained
def test_every_award_row_shows_its_basis(r, html):
    # the enterprises table carries its basis: 任城华美商贸 m3 row (120 万元 × 0.58 = 69.6)
    section = html[html.index("获奖与就高不重复的企业") : html.index("县（市、区）通报表扬（新培育企业）")]
    assert "<th>依据</th>" in section
    assert "<th>新增财力省级不再分成部分（万元）</th>" in section and "<th>县（市、区）奖励比例</th>" in section
    row = re.search(r"<tr><td>91370811UBKL3DU603</td>.*?</tr>", section).group(0)
    assert ">120.00<" in row and ">0.58<" in row and ">69.60<" in row and "按任城区奖励比例0.58计算" in row
    # every awarded row of the ledger has its basis sentence in the page (m1's top places unfolded)
    awarded = r.ledger.filter(pl.col("status") == "awarded")
    missing = [b for b in awarded["basis"].to_list() if _html_text(b) not in html]
    assert not missing, missing[:2]
    assert "<details open><summary>依据</summary>" in html


def _html_text(s: str) -> str:
    import html as h

    return h.escape(s, quote=True)


def test_m3_rows_of_award_enterprises_carry_new_fiscal_revenue_and_the_ratio(r):
    m2 = r.steps["award-enterprises"].table
    m3 = m2.filter(pl.col("rule") == "m3.fiscal", pl.col("status") == "awarded").sort("beneficiary")
    # 任城华美商贸: 120 × 0.58 = 69.6; 微山信晟供应链: 87.65 × 0.56 = 49.084 → 49.08 (rounded down)
    assert m3.select("beneficiary", "new_fiscal_revenue", "fiscal_ratio", "award").rows() == [
        ("91370811UBKL3DU603", Decimal("120"), 0.58, Decimal("69.6")),
        ("91370826CKCMT9AU9E", Decimal("87.65"), 0.56, Decimal("49.08")),
    ]
    assert m2.filter(pl.col("rule") != "m3.fiscal")["fiscal_ratio"].is_null().all()


# ------------------------------------------------------------------------------------------ who pays
def test_the_policy_says_who_pays_each_rule(r):
    payer = {k: v.payer for k, v in r.policy.rules.items()}
    assert {k for k, v in payer.items() if v == "city"} == {
        "m1.online",
        "m1.rural",
        "m1.enterprise",
        "m2.tier2022",
        "m2.tier2023",
        "m2.title",
        "m6.base",
    }  # 市财政给予
    assert {k for k, v in payer.items() if v == "county"} == {"m3.fiscal", "m8.hires"}  # 县（市、区）财政 / 县给予


def test_a_policy_file_with_an_unknown_payer_is_refused(tmp_path, jncli):
    text = (ROOT / "jncli/policies/jining-2022.toml").read_text("utf-8")
    bad = tmp_path / "bad.toml"
    text, n = re.subn(r'(\[rules\."m3\.fiscal"\]\n(?:\w+ = .*\n)*?)payer = "county"', r'\1payer = "province"', text)
    assert n == 1
    bad.write_text(text, "utf-8")
    proc = jncli("policy", "--policy", str(bad), text=True)
    assert proc.returncode == 1
    assert 'rules."m3.fiscal".payer' in proc.stderr and "city, county, none" in proc.stderr


def test_money_per_county_is_split_by_payer_and_adds_up_to_the_ledger(r):
    from jncli.report.payers import payer_table
    from jncli.report.words import T

    columns, rows, total = payer_table(r, T["zh"])
    assert columns == [
        "县（市、区）",
        "市财政 第一条",
        "市财政 第二条",
        "市财政 第六条",
        "市财政小计",
        "县（市、区）财政 第三条",
        "县（市、区）财政 第八条",
        "县（市、区）财政小计",
        "合计（两级财政）",
    ]
    table = {row[0]: [float(v) for v in row[1:]] for row in rows}
    # 任城区: m1.enterprise 2nd place 40; two enterprises' 2023 tier top-ups 25 + 25 = 50 (city 90);
    # 任城华美商贸 m3 120 × 0.58 = 69.6, one trained hire × 0.49 (county 70.09); 160.09 in all.
    assert table["任城区"] == [40, 50, 0, 90, 69.6, 0.49, 70.09, 160.09]
    # 微山县: a tier top-up of 5 (city); 微山信晟 m3 87.65 × 0.56 = 49.084 → 49.08 (county); 54.08.
    assert table["微山县"] == [0, 5, 0, 5, 49.08, 0, 49.08, 54.08]
    # 泗水县: the national demonstration base, 50, city-paid.
    assert table["泗水县"] == [0, 0, 50, 50, 0, 0, 0, 50]
    # every county of the policy has its row, with money or not (济宁经济技术开发区: nothing awarded)
    assert list(table)[:-1] == [c.name for c in r.policy.counties]
    assert table["济宁经济技术开发区"] == [0] * 8
    # city: m1 40 + 50 + 90 = 180, m2 120 + 45 = 165, m6 50 → 395;
    # county: m3 69.6 + 49.08 = 118.68, m8 0.49 + 0.2 + 0.58 + 1.2 + 0.57 + 0.56 = 3.6 → 122.28.
    assert table["合计"] == [180, 165, 50, 395, 118.68, 3.6, 122.28, 517.28]
    ledger = r.ledger.filter(pl.col("status") == "awarded")
    assert total == ledger["award"].sum() == Decimal("517.28")
    for payer, at in (("city", 4), ("county", 7)):
        rules = [k for k, v in r.policy.rules.items() if v.payer == payer]
        assert Decimal(str(table["合计"][at - 1])) == ledger.filter(pl.col("rule").is_in(rules))["award"].sum()
    # each column's total is the sum of the county rows
    for i in range(8):
        assert round(sum(v[i] for k, v in table.items() if k != "合计"), 2) == table["合计"][i]


def test_the_report_shows_the_split_and_the_chart_keeps_the_budgets_apart(html):
    assert "各县（市、区）奖励资金：市财政与县（市、区）财政分列" in html
    assert "与奖励台账核对：获奖金额合计517.28万元，本表合计517.28万元。" in html
    # the summary per rule names the payer and gives each budget's subtotal before their sum
    assert "<td>市财政小计</td>" in html and "<td>县（市、区）财政小计</td>" in html and "合计（两级财政）" in html
    chart = html[html.index("各县（市、区）获得的奖励") :]
    chart = chart[: chart.index("</svg>")]
    for legend in ("第一条（市财政）", "第二条（市财政）", "第六条（市财政）", "第三条（县（市、区）财政）"):
        assert legend in chart, legend
    assert "第八条（县（市、区）财政）" in chart
    assert "市财政 90" in chart and "县（市、区）财政 70.09" in chart  # 任城区's two bars, never 160.09
    assert "160.09" not in chart


# ------------------------------------------------------------------------------------------ report.xlsx
def test_the_workbook_starts_with_the_summary_then_the_split(workbook):
    _, wb = workbook
    assert wb.sheetnames[:4] == ["汇总", "各县市区奖励资金（市县分列）", "提示与警告", "第一条 县市区评分"]
    summary = wb["汇总"]
    assert [c.value for c in summary[1]] == [
        "条款",
        "规则",
        "出资",
        "获奖数",
        "金额合计（万元）",
        "通报表扬数",
        "符合条件数（金额由县定）",
    ]
    last = [c.value for c in summary[summary.max_row]]
    assert last[0] == "合计（两级财政）" and last[4] == pytest.approx(517.28)
    assert summary.cell(row=summary.max_row, column=5).number_format == "#,##0.00"
    payers = wb["各县市区奖励资金（市县分列）"]
    assert [c.value for c in payers[payers.max_row]][-1] == pytest.approx(517.28)
    assert all(ws.freeze_panes == "A2" for ws in wb.worksheets)


def test_statuses_and_yes_no_are_chinese_in_the_workbook(workbook):
    from jncli.report.words import CHANGE, DECISION, STATUS

    _, wb = workbook
    words = {v[0] for v in STATUS.values()}
    seen = 0
    for ws in wb.worksheets:
        heads = [c.value for c in ws[1]]
        for col, head in enumerate(heads, start=1):
            values = {ws.cell(row=i, column=col).value for i in range(2, ws.max_row + 1)} - {None}
            if head == "状态":
                assert values <= words, (ws.title, values - words)
                seen += 1
            if head == "决定":
                assert values <= {v[0] for v in DECISION.values()}, values
            if head == "变动":
                assert values <= {v[0] for v in CHANGE.values()}, values
            assert not any(isinstance(v, bool) for v in values), (ws.title, head)  # no TRUE/FALSE cell
            assert not values & {"true", "false", "awarded", "ineligible", "include", "exclude"}, (ws.title, head)
    assert seen >= 8
    m1 = wb["第一条 县市区评分"]
    heads = [c.value for c in m1[1]]
    assert {m1.cell(row=i, column=heads.index("高于全省平均增幅") + 1).value for i in range(2, m1.max_row + 1)} <= {
        "是",
        "否",
        None,
    }
    assert m1.cell(row=2, column=heads.index("类别") + 1).value == "网络零售额"


def test_percentages_and_money_are_numbers_with_formats(workbook):
    _, wb = workbook
    m1 = wb["第一条 县市区评分"]
    heads = [c.value for c in m1[1]]
    rows = list(m1.iter_rows(min_row=2))
    growth = rows[0][heads.index("增幅")]  # 任城区 online: 1109238.43 / prev − 1 = 5.31 %
    assert (
        growth.data_type == "n" and growth.number_format == "0.00%" and growth.value == pytest.approx(0.0531, abs=1e-4)
    )
    contrib = [r[heads.index("增长贡献率")] for r in rows if r[heads.index("增长贡献率")].value is not None]
    assert contrib and all(c.number_format == "0.00%" and c.value < 1.5 for c in contrib)  # 21.96 % → 0.2196
    assert rows[0][heads.index("零售额（万元）")].number_format == "#,##0.00"
    m2 = wb["第二三六条 企业奖励"]
    heads = [c.value for c in m2[1]]
    ratio = [r[heads.index("县（市、区）奖励比例")] for r in m2.iter_rows(min_row=2)]
    ratio = [c for c in ratio if c.value is not None]
    assert ratio and all(c.data_type == "n" and c.number_format == "0.00%" for c in ratio)
    award = m2.cell(row=2, column=heads.index("奖励金额（万元）") + 1)
    assert award.data_type == "n" and award.number_format == "#,##0.00"


def test_column_widths_fit_chinese_text(workbook):
    from openpyxl.utils import get_column_letter

    _, wb = workbook
    ledger = wb["奖励台账"]
    names = [c.value for c in ledger["B"][1:] if c.value]
    longest = max(len(n) for n in names)  # all CJK: each character counts double
    assert ledger.column_dimensions["B"].width >= 2 * longest
    summary = wb["汇总"]
    for col in range(1, summary.max_column + 1):
        text = [str(summary.cell(row=i, column=col).value or "") for i in range(1, summary.max_row + 1)]
        need = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in t) for t in text)
        assert summary.column_dimensions[get_column_letter(col)].width >= min(need, 60)


def test_the_workbook_is_the_same_bytes_when_written_again(r, workbook, tmp_path):
    from jncli import report

    first, _ = workbook
    time.sleep(2.1)  # zip entries keep time to 2 seconds: a clock in the file would show here
    report.write_report(r, str(tmp_path), "report.html", "report.xlsx")
    assert (tmp_path / "report.xlsx").read_bytes() == first.read_bytes()


@pytest.mark.parametrize(
    "args",
    [
        ["award-enterprises", str(SAMPLES / "enterprises.csv"), "--year", "2023"],
        ["score-counties", str(SAMPLES / "counties.csv"), "--province-growth", "10%", "--province-rural-growth", "12%"],
    ],
)
def test_plain_dash_o_xlsx_is_byte_reproducible(jncli, tmp_path, args):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert jncli(*args, "-o", str(a)).returncode == 0
    time.sleep(2.1)
    assert jncli(*args, "-o", str(b)).returncode == 0
    assert a.read_bytes() == b.read_bytes()


def test_the_english_workbook_has_english_words(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from jncli import report

    r = _run("en")
    report.write_report(r, str(tmp_path), "report.html", "report.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "report.xlsx")
    assert wb.sheetnames[:2] == ["summary", "money per county by payer"]
    ledger = wb["ledger"]
    statuses = {c.value for c in ledger["G"][1:]}
    assert "awarded" in statuses and "获奖" not in statuses


def test_the_workbook_carries_every_warning_and_note_of_the_html(r, html, workbook):
    # Review hostile3, D2: report.xlsx had none of the run's warnings; a reader of the workbook alone never saw, e.g.,
    # a per-hire amount above its plausibility bound that was paid with a warning only.
    import html as html_lib

    from jncli.rules import in_lang

    _, wb = workbook
    rows = [tuple(c.value for c in row) for row in wb["提示与警告"].iter_rows()]
    assert rows[0] == ("类别", "内容")
    warnings = [in_lang(m, "zh") for k, m in r.messages if k == "warning"]
    notes = [in_lang(m, "zh") for k, m in r.messages if k == "note"]
    assert warnings and notes
    assert rows[1:] == [("警告", w) for w in warnings] + [("说明", n) for n in notes]
    for w in warnings:  # the same sentences as the HTML's list
        assert f'<li class="w">{html_lib.escape(w, quote=False)}</li>' in html or w in html_lib.unescape(html)


def test_a_run_without_warnings_says_so_in_the_workbook(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from jncli import report

    r = _run("en")
    r.messages[:] = [(k, m) for k, m in r.messages if k != "warning"]
    report.write_report(r, str(tmp_path), "report.html", "report.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "report.xlsx")
    rows = [tuple(c.value for c in row) for row in wb["warnings and notes"].iter_rows()]
    assert rows[:2] == [("kind", "message"), ("warning", "No warnings.")]
    assert all(kind == "note" for kind, _ in rows[2:]) and len(rows) > 2


# ------------------------------------------------------------------------------------------ charts: the fast look-up
_PYGAL_GETATTRIBUTE = '''    def __getattribute__(self, name):
        """Get an attribute from the class or from the state if there is one"""
        if name.startswith('__') or name == 'state' or getattr(
                self, 'state',
                None) is None or name not in self.state.__dict__:
            return super(BaseGraph, self).__getattribute__(name)
        return getattr(self.state, name)
'''


def test_the_charts_attribute_look_up_is_pygals_own():
    """`charts._state_first` restates pygal's `BaseGraph.__getattribute__`: the installed pygal's is the one
    it was compared with (another would need a new comparison), and it is used."""
    import inspect

    from pygal.graph.base import BaseGraph

    from jncli.report import charts

    assert inspect.getsource(BaseGraph.__getattribute__) == _PYGAL_GETATTRIBUTE
    ch = charts._Charts()
    assert ch.fast
    for kind in ("HorizontalStackedBar", "StackedBar"):
        cls = ch.kind(kind)
        base = getattr(ch.pygal, kind)
        assert cls.__bases__ == (base,) and cls.__name__ == base.__name__
        assert cls.__getattribute__ is charts._state_first


def _answer(get, obj, name):
    try:
        return ("value", get(obj, name))
    except AttributeError as e:
        return ("AttributeError", str(e))


@pytest.mark.parametrize("kind", ["HorizontalStackedBar", "StackedBar"])
def test_the_charts_attribute_look_up_answers_as_pygal_does(kind):
    """Before a render (no state), during it (the transient state holds config values, the chart's own
    attributes and the render's), after it (state None), and on a chart without a `state` attribute:
    every name of the chart, its config and its state gives what pygal's look-up gives."""
    from pygal.graph.base import BaseGraph

    from jncli.report import charts

    ch = charts._Charts()
    chart = ch.chart(kind, ["#1f77b4", "#ff7f0e"], width=300, height=200, title="标题", print_values=True)
    chart.x_labels = ["甲", "乙", "丙"]
    chart.add("a", [1.5, None, 3])
    chart.add("b", [{"value": 2.0, "formatter": lambda _v: "x"}, 0, 1])

    def compare(obj, extra=()):
        own = object.__getattribute__(obj, "__dict__")
        names = set(dir(obj)) | set(extra) | {"state", "config", "__class__", "nothing_here", "_x"}
        names |= set(dir(own["config"])) if "config" in own else set()
        state = own.get("state")
        if state is not None:
            names |= set(state.__dict__)
        for name in sorted(names):
            assert _answer(charts._state_first, obj, name) == _answer(BaseGraph.__getattribute__, obj, name), name
        return len(names)

    compare(chart)  # state None
    chart.setup()  # what render does first: the transient state
    chart.state.only_in_state = "s"  # a name only the state has …
    object.__setattr__(chart, "only_on_chart", "c")  # … and one only the chart has
    assert compare(chart, ["only_in_state", "only_on_chart"]) > 200
    assert charts._state_first(chart, "only_in_state") == "s"
    chart.teardown()
    compare(chart)
    bare = object.__new__(ch.kind(kind))  # no __init__: no `state` attribute at all
    compare(bare, ["config", "uuid"])


# ------------------------------------------------------------------------------------------ charts: dir() of a series
def _serie_config_names() -> list[str]:
    from pygal.config import SerieConfig

    return sorted(type.__dir__(SerieConfig))


@settings(max_examples=200, deadline=None)
@given(
    extra=st.lists(
        st.one_of(
            st.sampled_from(_serie_config_names()),  # an instance attribute shadowing a class name
            st.from_regex(r"_{0,2}[a-z][a-z0-9_]{0,12}", fullmatch=True),  # other names, private ones too
        ).filter(lambda name: not (name.startswith("__") and name.endswith("__"))),  # not __class__ …
        max_size=12,
    )
)
def test_a_series_config_lists_the_same_names_as_pygals_own_dir(extra):
    """`charts._SerieNames`: inside it, `dir()` of a `SerieConfig` (fresh, or with instance attributes that
    shadow class names or are new) is exactly what it is outside, with Python's own `object.__dir__`; a subclass
    of it keeps its own answer; pygal's class has no `__dir__` of its own again after."""
    from pygal.config import SerieConfig

    from jncli.report import charts

    class Sub(SerieConfig):
        own_name = 1

    fresh, shadowed, sub = SerieConfig(), SerieConfig(), Sub()
    for i, name in enumerate(extra):
        setattr(shadowed, name, i)
        setattr(sub, name, i)
    expected = [dir(fresh), dir(shadowed), dir(sub)]
    assert "__dir__" not in SerieConfig.__dict__
    with charts._SerieNames(SerieConfig):
        assert "__dir__" in SerieConfig.__dict__
        assert [dir(fresh), dir(shadowed), dir(sub)] == expected
    assert "__dir__" not in SerieConfig.__dict__
    assert [dir(fresh), dir(shadowed), dir(sub)] == expected


def test_drawing_the_page_leaves_pygals_series_config_as_it_was(r, html):
    """The class's names `_SerieNames` takes when a chart's drawing starts do not change while it is drawn, and
    the whole page drawn without `_SerieNames` (pygal's own `dir()`) is the same text."""
    from pygal.config import SerieConfig

    from jncli import report
    from jncli.report import charts

    before = _serie_config_names()
    assert charts._Charts().fast and isinstance(charts._Charts().serie_names, charts._SerieNames)
    seen = []
    real = charts._SerieNames.__exit__

    def watching(self, *exc):
        seen.append(_serie_config_names())  # the names at the end of each chart's drawing
        return real(self, *exc)

    charts._SerieNames.__exit__ = watching
    try:
        assert report.build_html(r) == html
    finally:
        charts._SerieNames.__exit__ = real
    assert len(seen) >= 3 and all(names == before for names in seen)
    assert "__dir__" not in SerieConfig.__dict__

    class Plain:
        def __enter__(self):
            pass

        def __exit__(self, *exc):
            pass

    init = charts._Charts.__init__

    def plain(self):
        init(self)
        self.serie_names = Plain()

    charts._Charts.__init__ = plain
    try:
        assert report.build_html(r) == html
    finally:
        charts._Charts.__init__ = init


# ------------------------------------------------------------------------------------------ charts: ElementTree
def test_pygals_svg_module_sees_the_same_etree_names_inside_svg_etree():
    """`charts._SvgEtree`: every name pygal's SVG module asks of its `etree` answers as pygal's wrapper answers it
    (ElementTree's functions, the wrapper's `lxml` flag, the namespace map), but `tostring` (compared below); the
    wrapper is put back after."""
    import inspect
    import re as regex

    import pygal.svg

    from jncli.report import charts

    wrapper = pygal.svg.etree
    used = set(regex.findall(r"\betree\.(\w+)", inspect.getsource(pygal.svg)))
    assert {"SubElement", "Element", "QName", "tostring", "lxml"} <= used
    ch = charts._Charts()
    assert ch.svg_etree.usable and ch.svg_etree.wrapper is wrapper
    with ch.svg_etree:
        plain = pygal.svg.etree
        assert plain is not wrapper
        for name in sorted(used - {"tostring"}):
            assert getattr(plain, name) is getattr(wrapper, name), name
        assert plain.tostring is charts._tostring
    assert pygal.svg.etree is wrapper


_XML_TEXT = st.text(alphabet=st.sampled_from(list("a 1<>&\"'\t\n\r\x01济宁；🀄é\ud800\udfff")), max_size=8)


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(st.tuples(_XML_TEXT, _XML_TEXT, _XML_TEXT), min_size=1, max_size=6),
    href=st.booleans(),
)
def test_the_svg_is_serialised_to_the_same_bytes(texts, href):
    """`charts._tostring(root, encoding="utf-8")` gives ElementTree's bytes: text, tails and attributes with
    markup characters, control characters, CJK, astral characters and lone surrogates (a character reference)."""
    from xml.etree import ElementTree

    from jncli.report import charts

    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ElementTree.Element("svg", xmlns="http://www.w3.org/2000/svg")
    for text, tail, value in texts:
        node = ElementTree.SubElement(root, "text", {"class": value, "x": "1.5"})
        node.text, node.tail = text, tail
        if href:
            node.attrib[ElementTree.QName("http://www.w3.org/1999/xlink", "href")] = value
        ElementTree.SubElement(node, "g")
    assert charts._tostring(root, encoding="utf-8") == ElementTree.tostring(root, encoding="utf-8")
    assert charts._tostring(root) == ElementTree.tostring(root)


# ------------------------------------------------------------------------------------------ charts: pygal's import
def test_pygal_imported_for_the_charts_offers_the_same_charts_without_the_plug_in_look(tmp_path):
    """`charts._import_pygal` in a fresh process: pygal offers the same charts as a plain `import pygal`,
    `importlib_metadata` was not imported for it, and importing it afterwards gives the real package."""
    import subprocess
    import sys

    plain = "import pygal; print(sorted(pygal.CHARTS_NAMES))"
    ours = (
        "import sys; from jncli.report import charts; ch = charts._Charts(); import pygal; "
        "print(sorted(pygal.CHARTS_NAMES)); print('importlib_metadata' in sys.modules, ch.fast); "
        "import importlib_metadata; print(type(importlib_metadata).__name__, importlib_metadata.version('pygal'))"
    )
    run = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True) for code in (plain, ours)]
    assert all(p.returncode == 0 and not p.stderr for p in run), [p.stderr for p in run]
    names, rest = run[1].stdout.split("\n", 1)
    assert names == run[0].stdout.strip() and "StackedBar" in names and "HorizontalStackedBar" in names
    assert rest.splitlines()[0] == "False True"
    assert rest.splitlines()[1].startswith("module 3.1.")


def test_the_metadata_stand_in_answers_every_other_question_as_the_package_does():
    """The stand-in says "no map plug-in" and nothing else of its own: other entry-point groups, and every other
    name, come from the real `importlib_metadata`."""
    import importlib_metadata

    from jncli.report import charts

    stand_in = charts._MetadataStandIn("importlib_metadata")
    assert stand_in.entry_points(group=charts.MAP_PLUGINS) == ()
    for group in ("console_scripts", "pytest11", "no.such.group"):
        assert stand_in.entry_points(group=group) == importlib_metadata.entry_points(group=group)
    assert stand_in.entry_points(group="console_scripts")  # jncli's own command at least
    assert stand_in.entry_points() == importlib_metadata.entry_points()
    assert stand_in.version("pygal") == importlib_metadata.version("pygal")
    assert stand_in.PackageNotFoundError is importlib_metadata.PackageNotFoundError
    with pytest.raises(AttributeError):
        stand_in.__path__  # noqa: B018 — a plain module, not a package, to the import system


def test_the_charts_draw_the_same_svg_as_pygals_own_classes(r, html, monkeypatch):
    """The whole page (every chart) with the fast look-up and with pygal's own classes: the same text."""
    from jncli import report
    from jncli.report import charts

    monkeypatch.setattr(charts, "_STATE_FIRST_PYGAL", ())
    assert not charts._Charts().fast
    assert report.build_html(r) == html


def test_a_figure_just_below_a_threshold_is_not_shown_rounded_onto_it(jncli, tmp_path):
    """Enterprises' retail in 元: 49,999,950 元 = 4999.995 万元, below measure 2's 5000 万元 line (ineligible),
    was shown `5,000.00` beside 不符合条件 under #,##0.00; a column finer than cents shows its decimals."""
    import csv

    openpyxl = pytest.importorskip("openpyxl")
    data = tmp_path / "data"
    shutil.copytree(SAMPLES, data)
    with open(SAMPLES / "enterprises.csv", encoding="utf-8-sig", newline="") as f:
        head, *rows = list(csv.reader(f))
    money = [i for i, h in enumerate(head) if "(万元)" in h]
    head = [h.replace("(万元)", "(元)") for h in head]
    retail = head.index("实物商品网络零售额(元)")
    for row in rows:
        for i in money:
            row[i] = str(Decimal(row[i]) * 10000) if row[i] else ""
    row = next(r for r in rows if r[head.index("年份")] == "2023")
    row[retail] = "49999950"  # 4999.995 万元
    above = next(r for r in rows if r[head.index("年份")] == "2023" and r is not row and r[retail] == "50000000")
    above[retail] = "50000040"  # 5000.004 万元: at the line, awarded
    with open(data / "enterprises.csv", "w", encoding="gb18030", newline="") as f:
        csv.writer(f).writerows([head, *rows])
    out = tmp_path / "out"
    proc = jncli("annual", data, "--year", "2023", *GROWTH, "-o", out)
    assert proc.returncode == 0, proc.stderr
    m2 = openpyxl.load_workbook(out / "report.xlsx")["第二三六条 企业奖励"]
    heads = [c.value for c in m2[1]]
    shown = [r[heads.index("实物商品网络零售额（万元）")] for r in m2.iter_rows(min_row=2)]
    low = [c for c in shown if c.value == pytest.approx(4999.995)]
    assert low and all(c.number_format == "#,##0.00####" for c in low)  # Excel shows 4,999.995
    award = m2.cell(row=2, column=heads.index("奖励金额（万元）") + 1)
    assert award.number_format == "#,##0.00"  # awards are whole cents: as before
    page = (out / "report.html").read_text("utf-8")
    assert "5,000.004" in page and "5,000.00<" not in page  # 50,000,040 元, awarded: its figure as it is


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.none(), st.text(), st.text(alphabet="&<>\"'a济;#x27"), st.integers(), st.decimals(allow_nan=False)))
def test_esc_is_html_escape_with_quotes(value):
    """`page.esc` writes html.escape's five replacements itself (branch annual6: no `html` import, ~2 ms)."""
    import html

    from jncli.report.page import esc

    assert esc(value) == html.escape("" if value is None else str(value), quote=True)
