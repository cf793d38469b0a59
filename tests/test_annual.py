"""`jncli annual` (the yearly run), its report and manifest, `jncli verify`, and samples/annual.sh.

One annual run on the shipped samples is shared by the module (a module-scoped fixture); tests that
need another run (a missing or corrupt input, violations, a second run for byte-identity) make their
own, on copies of the samples in a temp folder.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jncli.ledger import LEDGER_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
RATES = ["--province-growth", "10%", "--province-rural-growth", "12%"]  # made up for the samples (samples/README.md)
INPUTS = (
    "counties.csv",
    "enterprises.csv",
    "fiscal_ratios.csv",
    "shops.csv",
    "candidates.csv",
    "records.csv",
    "hires.csv",
    "insurance.csv",
    "county_rates.csv",
)


@pytest.fixture(scope="module")
def jncli(jncli):
    """conftest's runner; this module reads stdout and stderr as text, and an annual run takes a while."""
    return jncli.using(text=True, timeout=300)


@pytest.fixture(scope="module")
def annual(jncli):
    def run(data: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
        return jncli("annual", str(data), "--year", "2023", *RATES, "-o", str(out), *extra)

    return run


def test_the_robustness_section_scores_with_the_runs_city_wide_change(annual, tmp_path):
    # --city-ent-change -3000 moves the enterprise ranking (measure 1 pays 130 万元, not the 180 without it);
    # the report's 结果稳健性 sheet must show, as "the award", what measure 1 paid in this very run
    import openpyxl

    out = tmp_path / "2023"
    proc = annual(SAMPLES, out, "--city-ent-change", "-3000")
    assert proc.returncode == 0, proc.stderr
    scored = pl.read_csv(out / "score-counties.csv", infer_schema=False)
    paid = {(r["county"], r["rule"]): Decimal(r["award"]) for r in scored.iter_rows(named=True)}
    assert sum(paid.values()) == Decimal(130)
    sheet = openpyxl.load_workbook(out / "report.xlsx", read_only=True)["第一条 结果稳健性"]
    rows = list(sheet.iter_rows(values_only=True))
    head = rows[0]
    county, rule, award = head.index("县（市、区）"), head.index("规则"), head.index("奖励金额（万元）")
    shown = {(r[county], r[rule]): Decimal(str(r[award])) for r in rows[1:] if r[rule]}
    assert shown == paid


def copy_samples(dest: Path, skip: tuple[str, ...] = ()) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in INPUTS:
        if name not in skip:
            shutil.copy(SAMPLES / name, dest / name)
    return dest


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ledger_rows(path: Path) -> list[tuple]:
    frame = pl.read_csv(path, infer_schema=False).select(LEDGER_COLUMNS)
    return sorted(frame.iter_rows(), key=lambda r: tuple("" if v is None else v for v in r))


@pytest.fixture(scope="module")
def run(annual, tmp_path_factory):
    base = tmp_path_factory.mktemp("annual")
    out = base / "2023"
    proc = annual(SAMPLES, out)
    assert proc.returncode == 0, proc.stderr
    return out, proc


# ------------------------------------------------------------------------------------------ the run
def test_annual_on_the_samples_writes_every_output(run):
    out, proc = run
    names = sorted(p.name for p in out.iterdir())
    steps = [
        "score-counties",
        "award-enterprises",
        "commendations",
        "track-shops",
        "track-shops-by-month",
        "whitelist",
        "trained-hires",
        "ledger",
        "check-validity",
    ]
    assert names == sorted(
        [f"{s}.{e}" for s in steps for e in ("csv", "parquet")] + ["report.html", "report.xlsx", "manifest.json"]
    )
    # stderr says which file fed which measure, and that README.md is not an input
    err = proc.stderr
    assert "score-counties (measure 1) ← counties.csv" in err
    assert "award-enterprises (measure 2, 3, 6) ← enterprises.csv, fiscal_ratios.csv" in err
    assert "track-shops (measure 4) ← shops.csv" in err
    assert "whitelist (measure 7) ← candidates.csv, records.csv" in err
    # measure 8 takes its training institutions from this run's whitelist
    assert "trained-hires (measure 8) ← hires.csv, insurance.csv, county_rates.csv, candidates.csv, records.csv" in err
    assert "whitelisted training institution(s) read from this run's whitelist" in err
    assert "README.md: ignored" in err
    assert not any(p.name.startswith(".") for p in out.parent.iterdir()), "temp folder left behind"


def test_measure_1_awards_match_the_hand_worked_samples(run):
    # samples/README.md, 2023 with the defaults (literal, no reassign), province 10% / 12%:
    #   online:     任城区 rank 1 but grows 5.3% < city 9.9% → ineligible; 梁山县 rank 2 → 40; 嘉祥县 rank 3 → 30,
    #               superseded by its rural 50 (就高)
    #   rural:      嘉祥县 rank 1 → 50; 兖州区 rank 2 → 40, superseded by its enterprise 50;
    #               微山县 rank 3 grows too little
    #   enterprise: 兖州区 rank 1 → 50; 任城区 rank 2 → 40; 嘉祥县 rank 3 → 30, superseded (rural 50)
    # awarded: 梁山县 40 + 嘉祥县 50 + 兖州区 50 + 任城区 40 = 180 万元
    out, _ = run
    led = pl.read_csv(out / "ledger.csv", infer_schema=False)
    m1 = led.filter(pl.col("measure") == "1", pl.col("status") == "awarded")
    assert sorted(m1.select("beneficiary", "rule", "award").iter_rows()) == [
        ("任城区", "m1.enterprise", "40"),
        ("兖州区", "m1.enterprise", "50"),
        ("嘉祥县", "m1.rural", "50"),
        ("梁山县", "m1.online", "40"),
    ]
    assert sum(Decimal(a) for a in m1["award"]) == Decimal(180)
    superseded = led.filter(pl.col("measure") == "1", pl.col("status") == "superseded")
    assert sorted(superseded.select("beneficiary", "rule").iter_rows()) == [
        ("兖州区", "m1.rural"),
        ("嘉祥县", "m1.enterprise"),
        ("嘉祥县", "m1.online"),
    ]
    # measure 4: 任城区 opens 1125 shops in 2023 (> 1000): commended
    shops = led.filter(pl.col("rule") == "m4.newshops", pl.col("status") == "commended")
    assert shops["beneficiary"].to_list() == ["任城区"]


def test_the_ledger_is_the_ledger_columns_of_every_award_result_in_order(run):
    out, _ = run
    parts = [
        pl.read_csv(out / f"{s}.csv", infer_schema=False).select(LEDGER_COLUMNS)
        for s in ("score-counties", "award-enterprises", "commendations", "track-shops", "whitelist", "trained-hires")
    ]
    ledger = pl.read_csv(out / "ledger.csv", infer_schema=False)
    assert ledger.columns == list(LEDGER_COLUMNS)
    assert ledger.equals(pl.concat(parts))
    assert pl.read_parquet(out / "ledger.parquet").schema["award"] == pl.Decimal(38, 6)
    # the samples are clean: check-validity found nothing (header only)
    assert pl.read_csv(out / "check-validity.csv").height == 0


def test_manifest_records_inputs_options_policy_and_output_hashes(run):
    out, _ = run
    doc = json.loads((out / "manifest.json").read_text("utf-8"))
    from jncli import __version__

    assert doc["jncli"] == __version__
    shipped = ROOT / "jncli" / "policies" / "jining-2022.toml"
    assert doc["policy"]["file"] == "jining-2022.toml" and doc["policy"]["sha256"] == sha256(shipped)
    inputs = {i["file"]: i for i in doc["inputs"]}
    assert set(inputs) == set(INPUTS)
    for name in INPUTS:
        assert inputs[name]["sha256"] == sha256(SAMPLES / name)
        lines = (SAMPLES / name).read_text("utf-8").count("\n")
        assert inputs[name]["rows"] == lines - 1  # data rows: every line but the header
    assert inputs["counties.csv"]["kind"] == "counties" and inputs["fiscal_ratios.csv"]["kind"] == "fiscal_ratios"
    assert doc["options"]["year"] == 2023 and doc["options"]["province_growth"] == "10%"
    assert doc["resolved"]["as_of"] == "2023-12-31" and doc["resolved"]["province_rural_growth"] == 0.12
    outputs = {o["file"]: o["sha256"] for o in doc["outputs"]}
    assert set(outputs) == {p.name for p in out.iterdir()} - {"manifest.json"}
    for name, digest in outputs.items():
        assert sha256(out / name) == digest, name
    assert doc["exit_status"] == 0 and doc["violations"] == 0
    # the time of the run is in the manifest and nowhere else
    started = dt.datetime.fromisoformat(doc["run"]["started_utc"])
    stamps = {started.strftime("%Y-%m-%dT%H:%M"), started.strftime("%Y-%m-%d %H:%M")}
    for p in out.iterdir():
        if p.name != "manifest.json" and p.suffix in (".csv", ".html"):
            text = p.read_text("utf-8")
            assert not any(s in text for s in stamps), p.name


def test_same_inputs_and_options_give_byte_identical_outputs(annual, run, tmp_path):
    # Another run, from a copy of the inputs in another folder, at another time.
    out, _ = run
    again = tmp_path / "again"
    proc = annual(copy_samples(tmp_path / "data"), again)
    assert proc.returncode == 0, proc.stderr
    for p in out.iterdir():
        if p.name == "manifest.json":
            continue
        assert (again / p.name).read_bytes() == p.read_bytes(), f"{p.name} differs between two runs"


# ------------------------------------------------------------------------------------------ the report
def test_report_html_is_self_contained_with_charts(run):
    html = (run[0] / "report.html").read_text("utf-8")
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html.lower() and "@import" not in html and "<link" not in html
    refs = re.findall(r'\b(?:src|href)\s*=\s*["\']?([^"\' >]*)', html, flags=re.I)
    refs += re.findall(r"url\(\s*['\"]?([^'\")]*)", html)
    assert all(ref.startswith("#") for ref in refs), [r for r in refs if not r.startswith("#")]  # in-page links only
    assert html.count('<svg class="chart"') == 3  # county scores, awards by county, new shops by month
    assert "<svg" in html and "<text" in html  # text stays text (svg.fonttype none): the browser draws the Chinese
    for title in (
        "2023年度测算报告",
        "各类别综合得分",
        "各县（市、区）获得的奖励",
        "新增店铺按月",
        "引用的政策条款",
        "第七条 生态链企业“白名单”",
        "台账核查通过",
    ):
        assert title in html, title
    assert "award-enterprises：3行的统一社会信用代码无效" in html  # every warning is shown, in Chinese
    assert "对于当年网络零售总额和增幅进行综合评价" in html  # article 1 cited


def test_rule_warnings_are_chinese_in_the_chinese_report_and_english_on_stderr(run):
    out, proc = run
    html = (out / "report.html").read_text("utf-8")
    # enterprises.csv plants 2 rows with a county outside the city, 3 with a bad credit code
    assert "award-enterprises：2行的县（市、区）不属于济宁市所辖县（市、区）：不符合条件" in html
    assert "award-enterprises：3行的统一社会信用代码无效" in html
    assert "row(s) name a county outside 济宁市: ineligible" in proc.stderr
    assert "outside 济宁市: ineligible" not in html


def test_report_xlsx_has_a_sheet_per_result_with_chinese_headers(run):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(run[0] / "report.xlsx")
    assert wb.sheetnames == [
        "汇总",
        "各县市区奖励资金（市县分列）",
        "提示与警告",
        "第一条 县市区评分",
        "第二三六条 企业奖励",
        "第二条 县市区通报表扬",
        "第四条 网上店铺",
        "第四条 网上店铺按月",
        "第七条 白名单",
        "第八条 吸纳培训人员就业",
        "奖励台账",
        "台账核查",
        "第一条 结果稳健性",
    ]
    ledger = wb["奖励台账"]
    assert [c.value for c in ledger[1]] == [
        "受益方",
        "受益方名称",
        "条款",
        "规则",
        "年度",
        "奖励金额（万元）",
        "状态",
        "依据",
    ]
    assert ledger.freeze_panes == "A2"
    assert ledger.max_row == 1 + pl.read_csv(run[0] / "ledger.csv").height
    award = ledger.cell(row=2, column=6)
    assert award.data_type == "n" and award.number_format == "#,##0.00"
    assert ledger.column_dimensions["A"].width >= 18  # an 18-character credit code fits
    assert wb["第一条 县市区评分"]["A1"].value == "县（市、区）"
    assert wb.properties.created == dt.datetime(1980, 1, 1)  # fixed: no run time in the workbook


def test_workbook_writes_formula_like_text_as_text(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from jncli.tableio import write_workbook

    frame = pl.DataFrame(
        {"name": ["=1+1", "@SUM(A1)", "+cmd|' /C calc'!A0"], "award": [Decimal("1.5"), Decimal("0"), Decimal("12.25")]},
        schema={"name": pl.String, "award": pl.Decimal(38, 6)},
    )
    path = tmp_path / "w.xlsx"
    write_workbook(str(path), [("s", frame, ["名称", "奖励金额（万元）"])], money_format="#,##0.00")
    ws = openpyxl.load_workbook(path)["s"]
    assert [c.value for c in ws["A"]] == ["名称", "=1+1", "@SUM(A1)", "+cmd|' /C calc'!A0"]
    assert all(c.data_type == "s" for c in ws["A"])
    assert [c.value for c in ws["B"]][1:] == [1.5, 0, 12.25]


def test_report_in_english():
    from jncli import annual as an
    from jncli import report
    from jncli.policy import load_policy

    settings = an.Settings(year=2023, province_growth="10%", province_rural_growth="12%", lang="en")
    r = an.run(an.discover(str(SAMPLES)), settings, load_policy(an._shipped_policy_path()))
    html = report.build_html(r)
    assert "Jining e-commerce support measures: 2023 annual computation" in html
    assert "Ledger check passed" in html and "Article 7 — ecosystem whitelist" in html
    assert '<html lang="en">' in html and "http" not in html


def test_the_budget_scale_factor_is_a_ratio_in_full_not_money():
    # --budget 50 over the samples' up-to awards of 165 万元: factor 50/165 = 0.303030…; shown as money it
    # read 0.30 （万元） and 10 × 0.30 = 3.00 did not explain the 3.03 paid.
    from jncli import annual as an
    from jncli import report
    from jncli.policy import load_policy

    settings = an.Settings(year=2023, province_growth="10%", province_rural_growth="12%", budget="50", lang="zh")
    r = an.run(an.discover(str(SAMPLES)), settings, load_policy(an._shipped_policy_path()))
    html = report.build_html(r)
    assert "<th>预算缩放系数</th>" in html and "预算缩放系数（万元）" not in html
    assert re.search(r">0\.30303<", html), "the factor is shown to 6 decimals"
    frame = dict(report._tables(r))["award-enterprises"]
    assert frame.schema["scale_factor"] == pl.Float64 and "预算缩放系数" in report.headers(frame, "zh")


# ------------------------------------------------------------------------------------------ inputs
@pytest.mark.parametrize(
    "headers,kind",
    [
        (["county", "ratio"], "fiscal_ratios"),  # also "fits" counties by its county column: more columns win
        (["县市区", "年份", "网络零售额(万元)"], "counties"),
        (["县市区", "年份"], None),  # a counties table without any measure-1 figure feeds nothing
        (["platform", "county", "opened_on", "shop_id", "online_retail"], "shops"),
        (["统一社会信用代码", "企业名称", "县市区", "年份", "是否纳统", "是否商贸流通企业"], "enterprises"),
        (["credit_code", "kind", "recorded_on"], "records"),
        (["beneficiary", "measure", "rule", "year", "award", "status"], None),  # a ledger is no input
    ],
)
def test_inputs_are_recognised_by_their_columns(headers, kind):
    from jncli.annual import classify

    assert classify(headers)[0] == kind


@settings(max_examples=40, deadline=None)
@given(
    kind=st.sampled_from(["counties", "enterprises", "fiscal_ratios", "shops", "candidates", "records"]), data=st.data()
)
def test_the_kind_does_not_depend_on_column_order_case_or_extra_columns(kind, data):
    # Every column of the schema under a random accepted header, shuffled, upper-cased at random, plus
    # columns no schema knows: still that kind.
    from jncli import schema as schemas
    from jncli.annual import classify

    columns = schemas.SCHEMAS[kind].columns
    headers = [data.draw(st.sampled_from([c.name, *c.aliases])) for c in columns]
    headers = [h.upper() if data.draw(st.booleans()) else h for h in headers]
    headers += data.draw(st.lists(st.sampled_from(["备注", "remark", "联系人", "phone"]), max_size=3, unique=True))
    assert classify(data.draw(st.permutations(headers)))[0] == kind


def test_a_missing_input_stops_the_run_unless_skip_names_its_measure(annual, tmp_path):
    # Without shops.csv measure 4 would silently drop out of the year: the run stops and says how to go on.
    data = copy_samples(tmp_path / "data", skip=("shops.csv",))
    out = tmp_path / "out"
    proc = annual(data, out)
    assert proc.returncode == 1 and not out.exists()
    assert proc.stderr.strip().splitlines()[-1] == (
        f"jncli annual: {data}: measure 4 (shop counts) has no input: no shops table (see `jncli schema shops`) "
        f"(hint: add the table to {data}, or pass --skip 4 if measure 4 is knowingly not run)"
    )
    proc = annual(data, out, "--skip", "4")
    assert proc.returncode == 0, proc.stderr
    assert "warning: measure 4 (shop counts) not run: --skip 4" in proc.stderr
    assert not (out / "track-shops.csv").exists() and (out / "score-counties.csv").exists()
    doc = json.loads((out / "manifest.json").read_text("utf-8"))
    assert doc["measures"]["track-shops"] == {"ran": False, "skipped": "--skip 4"}
    assert doc["skipped"] == [{"measure": "4", "why": "--skip 4"}] and doc["options"]["skip"] == ["4"]
    html = (out / "report.html").read_text("utf-8")
    assert "track-shops, track-shops-by-month（第4条）：--skip 4" in html
    assert not pl.read_csv(out / "ledger.csv")["rule"].str.starts_with("m4.").any()


@pytest.mark.parametrize("name", ["m4", "track-shops", "4"])
def test_skip_takes_the_article_number_m_and_the_command(annual, tmp_path, name):
    proc = annual(copy_samples(tmp_path / "data", skip=("shops.csv",)), tmp_path / "out", "--skip", name)
    assert proc.returncode == 0, proc.stderr


def test_skip_6_names_measure_2_and_skip_2_skips_3_and_6(annual, tmp_path):
    data = copy_samples(tmp_path / "data", skip=("enterprises.csv", "fiscal_ratios.csv"))
    proc = annual(data, tmp_path / "out", "--skip", "6")
    assert proc.returncode == 2
    assert "measure 6 is decided together with measure 2 (就高) (hint: --skip 2 skips measures 2, 6)" in proc.stderr
    proc = annual(data, tmp_path / "out", "--skip", "2")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    assert [s["measure"] for s in doc["skipped"]] == ["2", "3"]
    assert "award-enterprises" not in {s for s, m in doc["measures"].items() if m["ran"]}


def test_measure_3_needs_the_fiscal_ratios_or_skip_3(annual, tmp_path):
    # Without fiscal_ratios.csv m3.fiscal would pay nothing (118.68 万元 on the samples): stop, or --skip 3.
    data = copy_samples(tmp_path / "data", skip=("fiscal_ratios.csv",))
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 1 and "measure 3 (the fiscal reward (m3.fiscal)) has no input" in proc.stderr
    assert "--skip 3" in proc.stderr
    proc = annual(data, tmp_path / "out", "--skip", "3")
    assert proc.returncode == 0, proc.stderr
    ledger = pl.read_csv(tmp_path / "out" / "ledger.csv", infer_schema=False)
    assert not ledger["rule"].str.starts_with("m3.").any() and ledger["rule"].str.starts_with("m2.").any()


ONLY_COUNTIES = ("--skip", "2", "--skip", "4", "--skip", "7")  # a data folder holding the counties table only


def test_files_named_differently_are_found_by_their_columns(annual, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SAMPLES / "counties.csv", data / "2023年县市区网络零售统计.csv")
    shutil.copy(SAMPLES / "fiscal_ratios.csv", data / "比例.csv")
    proc = annual(data, tmp_path / "out", *ONLY_COUNTIES)
    assert proc.returncode == 0, proc.stderr
    assert "score-counties (measure 1) ← 2023年县市区网络零售统计.csv" in proc.stderr
    assert "比例.csv (fiscal_ratios): not used (--skip 3)" in proc.stderr


def test_a_corrupt_input_fails_and_leaves_no_out_dir(annual, tmp_path):
    data = copy_samples(tmp_path / "data")
    text = (data / "enterprises.csv").read_text("utf-8").splitlines()
    cells = text[5].split(",")
    cells[6] = "lots"  # 实物商品网络零售额(万元) on spreadsheet row 6
    text[5] = ",".join(cells)
    (data / "enterprises.csv").write_text("\n".join(text) + "\n", "utf-8")
    out = tmp_path / "out"
    proc = annual(data, out)
    assert proc.returncode == 1
    assert "enterprises.csv row 6" in proc.stderr and "'lots'" in proc.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["data"], "temp folder left behind"


def test_an_existing_out_dir_is_replaced_only_with_force(annual, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SAMPLES / "counties.csv", data / "counties.csv")
    out = tmp_path / "out"
    assert annual(data, out, *ONLY_COUNTIES).returncode == 0
    first = (out / "manifest.json").read_text("utf-8")
    proc = annual(data, out, *ONLY_COUNTIES)
    assert proc.returncode == 2 and "--force" in proc.stderr
    assert annual(data, out, "--force", *ONLY_COUNTIES).returncode == 0
    assert (out / "manifest.json").read_text("utf-8") != first  # a new run (its time differs)
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", "utf-8")
    proc = annual(data, other, "--force", *ONLY_COUNTIES)
    assert proc.returncode == 2 and (other / "notes.txt").exists()
    # an earlier output to which a person added a file: --force would have deleted it with the old run
    (out / "my-notes.txt").write_text("reviewed, 张三", "utf-8")
    proc = annual(data, out, "--force", *ONLY_COUNTIES)
    assert proc.returncode == 2 and "my-notes.txt" in proc.stderr and (out / "my-notes.txt").exists()


def test_force_never_replaces_the_run_of_another_year(jncli, tmp_path):
    """Review 18, F5: a stale `-o out/2022` in a 2023 cron line replaced the verified 2022 run (the record the 2023
    run deducts from) with exit 0. --force replaces an earlier run of the same year only."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SAMPLES / "counties.csv", data / "counties.csv")
    out = tmp_path / "out" / "2022"

    def annual(data: Path, out: Path, *extra: str, year: str = "2023", **kw) -> subprocess.CompletedProcess:
        return jncli("annual", str(data), "--year", year, *RATES, "-o", str(out), *extra, **kw)

    assert annual(data, out, *ONLY_COUNTIES, year="2022").returncode == 0
    before = (out / "ledger.csv").read_bytes()
    proc = annual(data, out, "--force", *ONLY_COUNTIES)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip().splitlines()[-1] == (
        f"jncli annual: -o {out}: the folder holds the annual output of 2022 (its manifest.json); --force replaces "
        f"only an earlier run of 2023 (hint: write the 2023 run to its own folder (e.g. {out.parent / '2023'}); "
        "to rebuild 2022, run --year 2022)"
    )
    assert (out / "ledger.csv").read_bytes() == before
    zh = annual(data, out, "--force", *ONLY_COUNTIES, env={"JNCLI_LANG": "zh"})
    assert zh.returncode == 2 and "该文件夹中是2022年度的 annual 输出" in zh.stderr, zh.stderr
    assert annual(data, out, "--force", *ONLY_COUNTIES, year="2022").returncode == 0  # the same year: replaced


def test_ledger_violations_exit_3_with_everything_written(annual, tmp_path, monkeypatch):
    # A policy whose m1.rural cap (45) is below its first-place award (50): 嘉祥县's 50 is above_cap. Such a file
    # is refused when loaded (review 30: score-counties alone paid the 50 with exit 0), so the run's own ledger
    # check — the net behind every rule — is reached here in process, with the loaded policy's cap lowered.
    from jncli import annual as an
    from jncli.policy import load_policy

    shipped = load_policy(an._shipped_policy_path())
    rural = shipped.rules["m1.rural"]._replace(cap=Decimal(45))
    strict = shipped._replace(rules={**shipped.rules, "m1.rural": rural})
    monkeypatch.setattr("jncli.policy.load_policy", lambda path=None: strict)
    out = tmp_path / "out"
    settings = an.Settings(year=2023, province_growth="10%", province_rural_growth="12%")
    r = an.annual(str(SAMPLES), str(out), settings)
    assert r.violations.height == 1
    found = pl.read_csv(out / "check-validity.csv", infer_schema=False)
    assert found.select("file", "kind", "beneficiary", "rule", "award").rows() == [
        ("ledger.csv", "above_cap", "嘉祥县", "m1.rural", "50")
    ]
    html = (out / "report.html").read_text("utf-8")
    assert "台账核查发现 1 处问题" in html
    doc = json.loads((out / "manifest.json").read_text("utf-8"))
    assert doc["exit_status"] == 3 and doc["violations"] == 1
    # through the binary, the same edit in a policy copy stops before anything is read or written
    text = (ROOT / "jncli" / "policies" / "jining-2022.toml").read_text("utf-8")
    text, n = re.subn(r'(\[rules\."m1\.rural"\]\nmeasure = 1\ncap = )50', r"\g<1>45", text)
    assert n == 1
    policy = tmp_path / "strict.toml"
    policy.write_text(text, "utf-8")
    proc = annual(SAMPLES, tmp_path / "refused", "--policy", str(policy))
    assert proc.returncode == 1 and not (tmp_path / "refused").exists()
    assert "key 'm1.awards'" in proc.stderr and "above the cap of m1.rural under [rules] (45 万元)" in proc.stderr


def test_the_rev3_readings_of_measures_1_and_3_reach_the_yearly_run(annual, jncli, run, tmp_path):
    # samples: 金乡鑫美 has new fiscal revenue in 2022 (45.25, paid 34.39) and 2023 (38.10 × 0.76 = 28.956 → 28.95).
    # Paid once by default (the 2023 row superseded), every year with --fiscal-each-year.
    entity = "91370828E8DPD65LRA"

    def m3(out: Path) -> list[tuple]:
        t = pl.read_csv(out / "ledger.csv", infer_schema=False)
        return (
            t.filter((pl.col("beneficiary") == entity) & (pl.col("rule") == "m3.fiscal"))
            .select("award", "status")
            .rows()
        )

    assert m3(run[0]) == [("0", "superseded")]
    out = tmp_path / "2023"
    proc = annual(SAMPLES, out, "--fiscal-each-year", "--city-ent-change", "1000000")
    assert proc.returncode == 0, proc.stderr
    assert m3(out) == [("28.95", "awarded")]
    scored = pl.read_csv(out / "score-counties.csv", infer_schema=False).filter(pl.col("category") == "enterprise")
    assert scored["basis"].str.contains("占全市增量1000000万元，全市增量由 --city-ent-change 给出").any()
    doc = json.loads((out / "manifest.json").read_text("utf-8"))
    assert doc["options"]["fiscal_each_year"] is True and doc["options"]["city_ent_change"] == "1000000"
    assert jncli("verify", str(out)).returncode == 0  # the options are replayed
    assert (
        jncli(
            "annual", str(SAMPLES), "--year", "2023", *RATES, "-o", str(tmp_path / "x"), "--city-ent-change", "lots"
        ).returncode
        == 2
    )


# ------------------------------------------------------------------------------------------ verify
def test_verify_a_clean_run(jncli, run):
    proc = jncli("verify", str(run[0]))
    assert proc.returncode == 0, proc.stderr
    table = pl.read_csv(io.StringIO(proc.stdout))
    assert set(table["status"]) == {"identical"}
    assert table.filter(pl.col("kind") == "output").height == 20
    assert "every output is byte-identical" in proc.stderr


def test_verify_after_tampering_with_one_output(jncli, run, tmp_path):
    out = tmp_path / "2023"
    shutil.copytree(run[0], out)
    ledger = out / "ledger.csv"
    ledger.write_text(ledger.read_text("utf-8").replace(",40,awarded,", ",45,awarded,", 1), "utf-8")
    proc = jncli("verify", str(out))
    assert proc.returncode == 1
    table = pl.read_csv(io.StringIO(proc.stdout))
    bad = table.filter(pl.col("status") != "identical")
    assert bad.select("file", "status").rows() == [("ledger.csv", "differs")]
    assert "changed after the run" in bad["detail"][0]


@pytest.mark.parametrize(
    ("field", "value", "detail"),
    [
        ("skipped", [{"measure": "3", "why": "not run"}], "its skipped is [3], the re-run's []"),
        ("violations", 2, "its violations is 2, the re-run's 0"),
        ("exit_status", 3, "its exit_status is 3, the re-run's 0"),
        ("ledger_rows", 1, "its ledger_rows is 1, the re-run's 221"),
    ],
)
def test_verify_fails_a_manifest_whose_decisions_were_edited(jncli, run, tmp_path, field, value, detail):
    # hostile review 2, B2: `"skipped": []` written over a run of 2022 with measure 3 skipped passed verify, and the
    # 2023 run beside it trusted it (measure 3's one-off reward no longer guarded); every output was as recorded
    out = tmp_path / "2023"
    shutil.copytree(run[0], out)
    path = out / "manifest.json"
    doc = json.loads(path.read_text("utf-8"))
    doc[field] = value
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    proc = jncli("verify", str(out))
    assert proc.returncode == 1, proc.stderr
    table = pl.read_csv(io.StringIO(proc.stdout))
    bad = table.filter(pl.col("status") != "identical")
    assert bad.select("kind", "file", "status").rows() == [("manifest", "manifest.json", "differs")]
    assert bad["detail"][0] == f"{detail}: the manifest was changed after the run"


def test_verify_reports_a_changed_input(annual, jncli, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SAMPLES / "counties.csv", data / "counties.csv")
    out = tmp_path / "out"
    assert annual(data, out, *ONLY_COUNTIES).returncode == 0
    with open(data / "counties.csv", "a", encoding="utf-8") as f:
        f.write("任城区,2020,1,1,1,1\n")  # a year not evaluated: the outputs stay the same, the input does not
    proc = jncli("verify", str(out))
    assert proc.returncode == 1
    table = pl.read_csv(io.StringIO(proc.stdout))
    assert table.filter(pl.col("kind") == "input").select("file", "status").rows() == [("counties.csv", "changed")]


def test_verify_names_a_table_added_to_the_data_folder_after_the_run(annual, jncli, tmp_path):
    # review 11: a second enterprises table copied into the folder after the run was not mentioned; a cron re-run
    # would read it (and pay it). verify re-runs the recorded inputs only, so the outputs stay identical (exit 0),
    # and the new file is named as extra.
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SAMPLES / "counties.csv", data / "counties.csv")
    out = tmp_path / "out"
    assert annual(data, out, *ONLY_COUNTIES).returncode == 0
    shutil.copy(SAMPLES / "enterprises.csv", data / "enterprises_2.csv")
    (data / "readme.md").write_text("not a table", encoding="utf-8")
    proc = jncli("verify", str(out))
    assert proc.returncode == 0, proc.stderr
    table = pl.read_csv(io.StringIO(proc.stdout))
    assert table.filter(pl.col("kind") == "input").select("file", "status").rows() == [
        ("counties.csv", "identical"),
        ("enterprises_2.csv", "extra"),
    ]
    assert "a new run would read it" in table.filter(pl.col("file") == "enterprises_2.csv")["detail"].item()
    assert set(table.filter(pl.col("kind") == "output")["status"]) == {"identical"}
    # said on stderr too (a cron log keeps stderr), after the summary
    assert proc.stderr.splitlines()[-1].endswith(
        "warning: 1 table file(s) in the data folder that the run did not read: enterprises_2.csv: a new run would "
        "read them"
    ), proc.stderr


def test_verify_finds_an_archived_previous_whitelist_in_the_data_folder(annual, jncli, run, tmp_path):
    # the manifest names --previous-whitelist by its full path; archived beside the data, it is found there
    prev = tmp_path / "pw" / "whitelist.csv"
    prev.parent.mkdir()
    shutil.copy(run[0] / "whitelist.csv", prev)
    out = tmp_path / "out"
    assert annual(SAMPLES, out, "--previous-whitelist", str(prev)).returncode == 0
    archive = copy_samples(tmp_path / "archive")
    shutil.move(str(prev), archive / "whitelist.csv")
    proc = jncli("verify", str(out), "--data-dir", str(archive))
    assert proc.returncode == 0 and "every output is byte-identical" in proc.stderr, proc.stderr
    assert "verify reads only in the run's folder and the data folder); using" in proc.stderr
    assert ",extra," not in proc.stdout and "did not read" not in proc.stderr  # used, so not an unread table
    # not archived: the recorded path lies outside both folders, so verify refuses to read it and names the option
    (archive / "whitelist.csv").unlink()
    proc = jncli("verify", str(out), "--data-dir", str(archive))
    assert proc.returncode == 1 and proc.stdout == ""
    assert "options.previous_whitelist names" in proc.stderr
    assert "give it with `jncli verify OUT_DIR --previous-whitelist FILE`" in proc.stderr


def test_verify_takes_the_previous_whitelist_given_with_the_option(annual, jncli, run, tmp_path):
    # the last published whitelist kept where the bureau keeps it, outside the data folder and OUT_DIR
    prev = tmp_path / "published" / "whitelist-2022.csv"
    prev.parent.mkdir()
    shutil.copy(run[0] / "whitelist.csv", prev)
    out = tmp_path / "out"
    assert annual(SAMPLES, out, "--previous-whitelist", str(prev)).returncode == 0
    proc = jncli("verify", str(out))
    assert proc.returncode == 1 and proc.stdout == ""
    assert f"options.previous_whitelist names '{prev}', outside the run's folder and the data folder" in proc.stderr
    assert "give it with `jncli verify OUT_DIR --previous-whitelist FILE`" in proc.stderr
    # given, under another name in another folder: its bytes are what counts (the re-run uses the recorded name)
    moved = tmp_path / "archive" / "wl.csv"
    moved.parent.mkdir()
    shutil.move(prev, moved)
    proc = jncli("verify", str(out), "--previous-whitelist", str(moved), "-f", "csv")
    assert proc.returncode == 0 and "every output is byte-identical" in proc.stderr, proc.stdout + proc.stderr
    assert f"input,{prev},identical" in proc.stdout
    # one row more than the run read: refused by its SHA-256, one line, nothing re-run
    recorded = sha256(moved)
    with open(moved, "a", encoding="utf-8") as f:
        f.write("91370800MA3C00000X,someone\n")
    proc = jncli("verify", str(out), "--previous-whitelist", str(moved))
    assert proc.returncode == 1 and proc.stdout == "" and proc.stderr.count("\n") == 1
    assert proc.stderr.startswith(
        f"jncli verify: --previous-whitelist '{moved}': SHA-256 {sha256(moved)[:12]}… is not the recorded "
        f"{recorded[:12]}… of the file the run read ('{prev}')"
    )
    # the shared run read no previous whitelist: the option does not apply (usage, exit 2)
    proc = jncli("verify", str(run[0]), "--previous-whitelist", str(moved))
    assert proc.returncode == 2 and "--previous-whitelist: the run read no previous whitelist" in proc.stderr


def test_verify_takes_the_policy_file_given_with_policy(annual, jncli, run, tmp_path):
    # the cron layout of docs/annual.md: policy/, data/2023 and out/2023 side by side, the policy in neither folder
    copy_samples(tmp_path / "data" / "2023", skip=tuple(n for n in INPUTS if n != "counties.csv"))
    policy = tmp_path / "policy" / "jining.toml"
    policy.parent.mkdir()
    shutil.copy(ROOT / "jncli" / "policies" / "jining-2022.toml", policy)
    cd = {"cwd": tmp_path}
    cron = ["annual", "data/2023", "--year", "2023", *RATES, "--policy", "policy/jining.toml", "-o", "out/2023"]
    proc = jncli(*cron, *ONLY_COUNTIES, **cd)
    assert proc.returncode == 0, proc.stderr
    proc = jncli("verify", "out/2023", **cd)
    assert proc.returncode == 1 and proc.stdout == ""
    assert f"options.policy names '{policy}', outside the run's folder and the data folder" in proc.stderr
    assert "give it with `jncli verify OUT_DIR --policy FILE`" in proc.stderr
    proc = jncli("verify", "out/2023", "--policy", "policy/jining.toml", "-f", "csv", **cd)
    assert proc.returncode == 0 and "every output is byte-identical" in proc.stderr, proc.stdout + proc.stderr
    assert "policy,jining.toml,identical" in proc.stdout
    # the report names the policy file: a copy under another name re-runs as jining.toml, byte for byte
    shutil.copy(policy, tmp_path / "policy-2023-archived.toml")
    proc = jncli("verify", "out/2023", "--policy", "policy-2023-archived.toml", **cd)
    assert proc.returncode == 0, proc.stdout
    # the policy edited since the run (a growth rate added): refused by its SHA-256, not loaded
    recorded = sha256(policy)
    policy.write_text(policy.read_text("utf-8") + "\n# 2024-02-29: 山东省统计公报\n", "utf-8")
    proc = jncli("verify", "out/2023", "--policy", "policy/jining.toml", **cd)
    assert proc.returncode == 1 and proc.stdout == "" and proc.stderr.count("\n") == 1
    assert proc.stderr.startswith(
        f"jncli verify: --policy 'policy/jining.toml': SHA-256 {sha256(policy)[:12]}… is not the recorded "
        f"{recorded[:12]}… of the file the run read ('{policy}')"
    )
    # a run under the shipped policy: --policy does not apply (usage, exit 2)
    proc = jncli("verify", str(run[0]), "--policy", str(policy))
    assert proc.returncode == 2 and "--policy: the run used the shipped policy" in proc.stderr


# ------------------------------------------------------------------------------------------ annual.sh
def test_annual_sh_gives_the_same_ledger_as_annual(jncli, run, tmp_path):
    out = tmp_path / "sh"
    proc = subprocess.run(
        ["bash", str(SAMPLES / "annual.sh"), "samples", "2023", str(out), "10%", "12%"],
        capture_output=True,
        text=True,
        env=jncli.env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    mine = ledger_rows(run[0] / "ledger.csv")
    assert len(mine) == pl.read_csv(run[0] / "ledger.csv").height > 100
    assert ledger_rows(out / "ledger.csv") == mine
    assert pl.read_csv(out / "check-validity.csv").height == 0


def test_output_parent_folders_are_created(jncli, tmp_path):
    # `-o out/2023` on a first run: the README's main job must work in a fresh clone.
    out = tmp_path / "out" / "2023"
    proc = jncli(
        "annual",
        str(ROOT / "samples"),
        "--year",
        "2023",
        "--province-growth",
        "10%",
        "--province-rural-growth",
        "12%",
        "-o",
        str(out),
    )
    assert proc.returncode == 0, proc.stderr
    assert (out / "manifest.json").exists()


# ------------------------------------------------------------------------------------------ the exit
_EXIT_PROBE = """
import sys
from jncli import entry
from jncli.tableio import spill, text
text.LAZY_CSV_BYTES = 0  # every CSV scanned: shops.csv is converted into a temporary folder (spill)
if sys.argv[1] == "plain":
    entry._no_last_collections = lambda: None  # Python's own exit, its last cycle collections included
sys.argv = ["jncli", "annual", *sys.argv[2:]]
sys.stdout.write("left in the buffer, written by the exit")  # no newline, no flush
from jncli.entry import main
try:
    main()
finally:
    assert spill._SPILLED, "the probe must leave a temporary folder for the exit to remove"
"""


def test_the_yearly_run_exits_as_before_without_the_last_cycle_collections(tmp_path):
    """`annual` freezes the cycle collector at exit (issue 18): the same exit status, stdout and stderr, the
    same output bytes, what was left in stdout's buffer written, and the temporary folders removed, as by
    Python's own exit."""
    from conftest import jncli_env

    answers = []
    for how in ("plain", "frozen"):
        tmp = tmp_path / f"tmp-{how}"
        tmp.mkdir()
        out = tmp_path / "out"
        shutil.rmtree(out, ignore_errors=True)
        proc = subprocess.run(
            [sys.executable, "-c", _EXIT_PROBE, how, str(SAMPLES), "--year", "2023", *RATES, "-o", str(out)],
            capture_output=True,
            env=jncli_env({"TMPDIR": str(tmp), "JNCLI_LANG": "en"}),
            timeout=180,
        )
        files = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.name != "manifest.json"}
        answers.append((proc.returncode, proc.stdout, proc.stderr, files, sorted(p.name for p in tmp.iterdir())))
    plain, frozen = answers
    assert plain[0] == 0 and plain[4] == [] and plain[1].endswith(b"written by the exit"), plain[2]
    assert frozen == plain


def _modules_after_a_yearly_run(tmp_path, extra: list[str]) -> list[str]:
    """The modules a yearly run on the samples (with `extra` options) has imported when it exits."""
    args = ["annual", str(SAMPLES), "--year", "2023", "--province-growth", "10%", "--province-rural-growth", "12%"]
    code = (
        "import atexit, runpy, sys\n"
        "atexit.register(lambda: sys.stdout.write(repr(sorted(sys.modules))))\n"
        f"sys.argv = ['jncli', *{[*args, '-o', str(tmp_path / 'out'), *extra]!r}]\n"
        "runpy.run_module('jncli', run_name='__main__')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return ast.literal_eval(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("margins", [False, True])
def test_the_yearly_run_imports_the_margins_only_for_margins(tmp_path, margins):
    """The robustness section's check that its Decider pays what measure 1 paid (`same_as_rule`) lives
    beside the sensitivity: a yearly run without --margins does not import the margins' five modules
    (~2.5 ms)."""
    imported = _modules_after_a_yearly_run(tmp_path, ["--margins"] if margins else [])
    assert ("jncli.analysis.margins" in imported) == margins


@pytest.mark.parametrize("margins", [False, True])
def test_the_yearly_run_does_not_import_numpy(tmp_path, margins):
    """polars imports NumPy for a Python Decimal made a literal or a Series (`pl.lit(Decimal(0), …)`, a list of
    caps): ~60 ms of CPU in a yearly run that needs nothing else of it. Money constants and Decimal lists go
    through their text (`values.money_constant`, `values.money_series`)."""
    imported = _modules_after_a_yearly_run(tmp_path, ["--margins", "--city-ent-change", "5"] if margins else [])
    assert "numpy" not in imported and "jncli.report" in imported
