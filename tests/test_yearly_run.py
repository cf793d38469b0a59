"""The yearly run never pays wrong money with exit 0 (issue 20; RULES.md "The yearly run").

Each case found on realistic inputs, through the real CLI, in `annual` and in the single command:
what was received before (the 2022 payouts a 2023 run must deduct), every file used or refused
(DATA/inputs.toml, --skip), a counties table without the previous year, an empty table, and `jncli
samples` overwriting files. The money is worked out by hand from the shipped samples (samples/README.md).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
RATES = ["--province-growth", "10%", "--province-rural-growth", "12%"]  # made up for the samples
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

# The shipped samples, 2023, with what was paid for 2022 deducted (test_annual works measure 1 by hand):
#   measure 1: 梁山县 40 + 嘉祥县 50 + 兖州区 50 + 任城区 40                      = 180
#   measure 2: the tiers and titles of 2023 after the top-up                     = 165
#   measure 3: the fiscal reward                                                 = 118.68
#   measure 6: one national demonstration base, a fixed 50                       =  50
#   measure 8: 7 employers, qualifying hires × their county's rate               =   3.60
#              (nothing received before counts here: test_trained_hires checks the figure)
#                                                                           total  517.28
PAID = {"1": Decimal(180), "2": Decimal(165), "3": Decimal("118.68"), "6": Decimal(50), "8": Decimal("3.60")}
# The twelve enterprises paid for 2022 that qualify again in 2023: (code, rule, entitled in 2023, received
# for 2022, paid = max(0, entitled − received)). 5 is the 2022 tier (≥ 1000 万元), 50 a 2022 national title.
TOPUPS = [
    ("9137080049HF7D3K2W", "m2.tier2023", 10, 5, 5),
    ("913708004YF6JBEWYR", "m2.tier2023", 10, 5, 5),
    ("91370800QYFMPEJ5ED", "m2.tier2023", 10, 5, 5),
    ("91370800W54GN3680J", "m2.tier2023", 10, 5, 5),
    ("913708116KA4B88TYK", "m2.tier2023", 30, 5, 25),
    ("91370811E7HF1W9DGD", "m2.tier2023", 30, 5, 25),
    ("91370826JGD5JDF1UH", "m2.tier2023", 10, 5, 5),
    ("91370827E3229XDMW6", "m2.tier2023", 20, 5, 15),
    ("91370828T62X6XP3UL", "m2.title", 50, 5, 45),
    ("91370830C60GD6X34E", "m2.tier2023", 10, 50, 0),  # superseded: 50 received ≥ the 10 tier
    ("91370832XKJ57YFTDD", "m2.tier2023", 20, 5, 15),
    ("91370883W9X278GWNA", "m2.tier2023", 10, 5, 5),
]
# Without the 2022 payouts each of them is paid its whole entitlement: Σ(entitled − paid) more.
OVERPAID = sum(Decimal(e - p) for _, _, e, _, p in TOPUPS)  # 11 × 5 + 1 × 10 = 65


@pytest.fixture(scope="module")
def jncli(jncli):
    return jncli.using(text=True, timeout=300)


def copy_samples(dest: Path, skip: tuple[str, ...] = ()) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in INPUTS:
        if name not in skip:
            shutil.copy(SAMPLES / name, dest / name)
    return dest


def paid(out: Path) -> dict[str, Decimal]:
    """万元 paid per measure (awarded rows of the ledger), and the total under "all"."""
    ledger = pl.read_csv(out / "ledger.csv", infer_schema=False).filter(pl.col("status") == "awarded")
    sums: dict[str, Decimal] = {}
    for measure, award in ledger.select("measure", "award").iter_rows():
        sums[measure] = sums.get(measure, Decimal(0)) + Decimal(award)
    return {**sums, "all": sum(sums.values(), Decimal(0))}


def last_line(proc: subprocess.CompletedProcess) -> str:
    return proc.stderr.strip().splitlines()[-1]


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text("utf-8"))


def counties_wide_2023(path: Path) -> None:
    """The counties table as a bureau sends it for 2023: one row per county, 本年 and 上年 side by side,
    GB18030 CSV (the 2022 values of the samples in the 上年 columns)."""
    long = pl.read_csv(SAMPLES / "counties.csv", infer_schema=False)
    metrics = long.columns[2:]  # 网络零售额(万元) …
    this = long.filter(pl.col("年份") == "2023").drop("年份")
    last = long.filter(pl.col("年份") == "2022").drop("年份").rename({m: f"上年{m}" for m in metrics})
    wide = this.join(last, on="县市区").select("县市区", *[c for m in metrics for c in (m, f"上年{m}")])
    path.write_bytes(wide.write_csv().encode("gb18030"))


def enterprises_of(year: str, path: Path) -> None:
    rows = pl.read_csv(SAMPLES / "enterprises.csv", infer_schema=False)
    path.write_text(rows.filter(pl.col("年份") == year).write_csv(), "utf-8")


def only_2023(dest: Path) -> Path:
    """A data folder holding only the 2023 tables: what `data/$y` of the cron line holds."""
    data = copy_samples(dest, skip=("counties.csv", "enterprises.csv"))
    counties_wide_2023(data / "县市区网络零售统计2023.csv")
    enterprises_of("2023", data / "enterprises.csv")
    return data


def run_2022(annual, tmp_path_factory, **kw) -> Path:
    """The 2022 run on the samples, in a folder `2022` (keywords go to the run: env=…)."""
    out = tmp_path_factory.mktemp("runs") / "2022"
    proc = annual(SAMPLES, out, year="2022", **kw)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def data2023(tmp_path_factory) -> Path:
    return only_2023(tmp_path_factory.mktemp("data") / "2023")


@pytest.fixture(scope="module")
def run2022(annual, tmp_path_factory) -> Path:
    """The 2022 run on the samples (the first year of the policy period: nothing received before)."""
    out = run_2022(annual, tmp_path_factory)
    assert manifest(out)["received"] == []
    return out


# ------------------------------------------------------------------------- 1. what was received before
def test_2023_tables_alone_stop_the_run_instead_of_paying_582_28(annual, data2023, tmp_path):
    # Before: 582.28 万元 with exit 0 — every 2022 recipient paid the full 2023 tier again (65 万元 too much).
    out = tmp_path / "runs" / "2023"
    proc = annual(data2023, out)
    assert proc.returncode == 1
    assert last_line(proc) == (
        "jncli annual: enterprises.csv: 2023 is evaluated without what was received in 2022: no --prior ledger, "
        "no verified earlier run OUT_DIR/../2022, and no 2022 rows in the enterprises table, so every 2022 "
        "recipient would be paid its full 2023 amount again (hint: pass --prior with the 2022 ledger of what was "
        "paid, or run 2022 into OUT_DIR/../2022 first, or add the 2022 rows to the enterprises table; "
        "--first-year if nothing was paid in 2022)"
    )
    assert not (tmp_path / "runs").exists() or list((tmp_path / "runs").iterdir()) == []


def test_first_year_over_data_holding_earlier_rows_is_a_warning_in_the_report(annual, tmp_path):
    # hostile review 1: --first-year over DATA holding 57 rows of 2022 said so in a note only; if 2022 was paid after
    # all, the run pays its tiers again (611.23 instead of 517.28 万元): a warning, on stderr and in the report
    out = tmp_path / "2023"
    proc = annual(SAMPLES, out, "--first-year")
    assert proc.returncode == 0, proc.stderr
    line = (
        "warning: award-enterprises: 57 row(s) before 2023 are not counted as received: nothing was paid before "
        "2023 (--first-year); if awards were paid for that year, give its ledger with --prior instead"
    )
    assert line in proc.stderr
    report = (out / "report.html").read_text("utf-8")
    assert "2023年以前的57行不计入已领取金额" in report and "请改用 --prior 给出其奖励台账" in report


def test_first_year_says_nothing_was_paid_before_and_pays_in_full(annual, data2023, tmp_path):
    out = tmp_path / "2023"
    proc = annual(data2023, out, "--first-year")
    assert proc.returncode == 0, proc.stderr
    assert "received in 2022: nothing (--first-year: nothing was paid)" in proc.stderr
    money = paid(out)
    assert money["2"] == PAID["2"] + OVERPAID == Decimal(230)
    # Nothing paid in 2022 also means measure 3's one-off reward was not paid then: 金乡鑫美 (paid 34.x in
    # 2022 by the samples' own 2022 run) now gets its 2023 one-off, floor(38.1 × 0.76 = 28.956) = 28.95.
    assert money["3"] == PAID["3"] + Decimal("28.95")
    assert money["all"] == sum(PAID.values()) + OVERPAID + Decimal("28.95") == Decimal("611.23")
    assert manifest(out)["received"] == [{"year": 2022, "source": "none", "why": "--first-year: nothing was paid"}]
    assert manifest(out)["options"]["first_year"] is True
    proc = annual(data2023, tmp_path / "x", "--first-year", "--prior", str(out / "ledger.csv"))
    assert proc.returncode == 2 and "not both" in last_line(proc)


def _assert_topups(out: Path) -> None:
    money = paid(out)
    assert {m: money[m] for m in PAID} == PAID and money["all"] == Decimal("517.28")
    rows = pl.read_csv(out / "award-enterprises.csv", infer_schema=False)
    got = rows.filter(pl.col("received").cast(pl.Float64) > 0).select(
        "beneficiary", "rule", "entitled", "received", "award", "status"
    )
    assert sorted(got.iter_rows()) == [
        (code, rule, str(e), str(r), str(p), "awarded" if p else "superseded") for code, rule, e, r, p in TOPUPS
    ]


def test_prior_ledger_of_the_2022_run_pays_517_28(annual, jncli, data2023, run2022, tmp_path):
    kept = tmp_path / "archive" / "ledger-2022.csv"  # wherever the bureau keeps it
    kept.parent.mkdir()
    shutil.copy(run2022 / "ledger.csv", kept)
    out = tmp_path / "2023"
    proc = annual(data2023, out, "--prior", str(kept))
    assert proc.returncode == 0, proc.stderr
    assert "received in 2022: from --prior ledger-2022.csv" in proc.stderr
    _assert_topups(out)
    doc = manifest(out)
    assert doc["options"]["prior"] == [str(kept)]
    assert doc["received"] == [{"year": 2022, "source": "--prior", "files": ["ledger-2022.csv"], "data_files": []}]
    [prior] = [i for i in doc["inputs"] if i["kind"] == "prior"]
    assert prior["file"] == "ledger-2022.csv" and prior["path"] == str(kept) and prior["origin"] == "--prior"
    assert (
        prior["sha256"]
        == manifest(run2022)["outputs"][[o["file"] for o in manifest(run2022)["outputs"]].index("ledger.csv")]["sha256"]
    )
    html = (out / "report.html").read_text("utf-8")
    assert "2022年度已领取：取自--prior 台账 ledger-2022.csv" in html
    # verify reads no file outside OUT_DIR and the data folder that the manifest names (issue 19): the --prior
    # ledger kept elsewhere is refused by name, and the refusal says how to give it
    proc = jncli("verify", str(out))
    assert proc.returncode == 1 and proc.stdout == ""
    assert f"path names '{kept}', outside the run's folder and the data folder" in last_line(proc)
    assert "give it with `jncli verify OUT_DIR --prior LEDGER`" in last_line(proc)
    # given with --prior, it is checked by its SHA-256 and the year re-run with it
    proc = jncli("verify", str(out), "--prior", str(kept), "-f", "csv")
    assert proc.returncode == 0 and "every output is byte-identical" in proc.stderr, proc.stdout
    assert "input,ledger-2022.csv,identical" in proc.stdout
    # a ledger edited since is not what was paid: refused by its hash, never parsed
    edited = tmp_path / "archive" / "ledger-2022-edited.csv"
    text = kept.read_text("utf-8")
    assert text.count(",5,awarded,") >= 1
    edited.write_text(text.replace(",5,awarded,", ",0,awarded,", 1), "utf-8")
    found = hashlib.sha256(edited.read_bytes()).hexdigest()
    proc = jncli("verify", str(out), "--prior", str(edited))
    assert proc.returncode == 1 and proc.stdout == "" and proc.stderr.count("\n") == 1
    assert last_line(proc).startswith(
        f"jncli verify: --prior '{edited}': SHA-256 {found[:12]}… is not the recorded {prior['sha256'][:12]}… "
        "of 'ledger-2022.csv': not a ledger the run read"
    )


def test_the_2022_run_beside_out_dir_is_found_and_verified(annual, jncli, data2023, run2022, tmp_path):
    runs = tmp_path / "out"
    shutil.copytree(run2022, runs / "2022")
    proc = annual(data2023, runs / "2023")
    assert proc.returncode == 0, proc.stderr
    assert "received in 2022: from the verified earlier run ../2022/ledger.csv" in proc.stderr
    _assert_topups(runs / "2023")
    doc = manifest(runs / "2023")
    assert doc["received"][0]["source"] == "earlier run" and doc["received"][0]["files"] == ["../2022/ledger.csv"]
    assert "2022年度已领取：取自已核验的上年度运行 ../2022/ledger.csv" in (runs / "2023" / "report.html").read_text(
        "utf-8"
    )
    proc = jncli("verify", str(runs / "2023"))
    assert proc.returncode == 0, proc.stdout
    # the 2023 run archived alone: its earlier run's ledger is missing, and verify says how to give it
    archived = tmp_path / "archive" / "2023"
    shutil.copytree(runs / "2023", archived)
    proc = jncli("verify", str(archived), "-f", "csv")
    assert proc.returncode == 1
    table = pl.read_csv(io.StringIO(proc.stdout))
    [row] = table.filter(pl.col("kind") == "input", pl.col("status") != "identical").rows()
    assert (
        row[1:3] == ("../2022/ledger.csv", "missing") and "give it with `jncli verify OUT_DIR --prior LEDGER`" in row[3]
    )
    proc = jncli("verify", str(archived), "--prior", str(runs / "2022" / "ledger.csv"))
    assert proc.returncode == 0 and "every output is byte-identical" in proc.stderr, proc.stdout
    proc = jncli("verify", str(run2022), "--prior", str(runs / "2022" / "ledger.csv"))  # the 2022 run read none
    assert proc.returncode == 2 and "--prior: the run read no prior ledger" in last_line(proc)

    # Someone edits last year's ledger by hand: it is no longer what the 2022 run wrote, so not what was paid.
    ledger = runs / "2022" / "ledger.csv"
    ledger.write_text(ledger.read_text("utf-8").replace(",5,awarded,", ",0,awarded,", 1), "utf-8")
    proc = annual(data2023, runs / "2023", "--force")
    assert proc.returncode == 1
    assert last_line(proc).startswith(
        "jncli annual: ../2022/ledger.csv: changed after the 2022 run (its SHA-256 is not the one manifest.json "
        "recorded) (hint: restore it, or pass --prior with the ledger of what was paid in 2022"
    )
    assert (runs / "2023" / "manifest.json").exists()  # the earlier 2023 output is left as it was
    proc = jncli("verify", str(runs / "2023"))
    assert proc.returncode == 1
    table = pl.read_csv(io.StringIO(proc.stdout))
    assert table.filter(pl.col("status") == "changed").select("kind", "file").rows() == [
        ("input", "../2022/ledger.csv")
    ]


def test_last_years_report_saved_in_excel_stops_the_run_and_the_hint_gives_its_intact_ledger(
    annual, data2023, run2022, tmp_path
):
    # hostile3 F7: opening the 2022 report.xlsx and saving it (an everyday action) stops the 2023 run beside it, as
    # `verify` would; what was paid (ledger.csv) is intact, so the hint names the --prior that carries on.
    import openpyxl

    runs = tmp_path / "out"
    shutil.copytree(run2022, runs / "2022")
    report = runs / "2022" / "report.xlsx"
    openpyxl.load_workbook(report).save(report)
    proc = annual(data2023, runs / "2023", cwd=tmp_path)
    assert proc.returncode == 1 and not (runs / "2023").exists()
    assert last_line(proc) == (
        "jncli annual: ../2022/report.xlsx: changed after the 2022 run (its SHA-256 is not the one manifest.json "
        "recorded) (hint: its ledger.csv is as recorded: pass --prior out/2022/ledger.csv, or restore the file)"
    )
    proc = annual(data2023, runs / "2023", "--prior", "out/2022/ledger.csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "../2022: ignored (not a verified 2022 run beside OUT_DIR: --prior is taken as the whole 2022 record)" in (
        proc.stderr
    )
    _assert_topups(runs / "2023")  # what the run beside the untouched folder pays


def test_a_folder_for_2022_that_is_not_a_clean_run_stops_the_run(annual, data2023, tmp_path):
    runs = tmp_path / "out"
    (runs / "2022").mkdir(parents=True)
    (runs / "2022" / "说明.txt").write_text("2022年发放情况见纸质台账", "utf-8")
    proc = annual(data2023, runs / "2023")
    assert proc.returncode == 1
    assert "../2022 (beside OUT_DIR): not a jncli annual output (no readable manifest.json)" in last_line(proc)
    # a 2022 run whose ledger check found violations: its manifest says so (a policy whose cap is below its own
    # award, which made one, is now refused when loaded: test_annual's exit-3 test reaches the check in process)
    shutil.rmtree(runs / "2022")
    assert annual(SAMPLES, runs / "2022", year="2022").returncode == 0
    manifest = runs / "2022" / "manifest.json"
    doc = json.loads(manifest.read_text("utf-8"))
    assert doc["violations"] == 0
    manifest.write_text(json.dumps({**doc, "violations": 1, "exit_status": 3}, ensure_ascii=False), "utf-8")
    proc = annual(data2023, runs / "2023")
    assert proc.returncode == 1
    assert last_line(proc) == (
        "jncli annual: ../2022: the 2022 run found 1 ledger violation(s): its ledger is not what was paid until "
        "a person resolved them (hint: pass --prior with the ledger of what was actually paid in 2022)"
    )


def test_the_2022_rows_in_data_are_the_source_on_the_shipped_samples(annual, tmp_path):
    # The README's main job: the samples hold 2022 and 2023 rows, so the 2023 run sees what 2022 paid.
    out = tmp_path / "out" / "2023"
    proc = annual(SAMPLES, out)
    assert proc.returncode == 0, proc.stderr
    assert "received in 2022: this run's evaluation of the 2022 rows of enterprises.csv" in proc.stderr
    assert manifest(out)["received"] == [{"year": 2022, "source": "data", "files": ["enterprises.csv"]}]
    _assert_topups(out)


def test_award_enterprises_alone_warns_without_the_earlier_year(jncli, data2023, run2022):
    warning = (
        "jncli award-enterprises: warning: 2023 is evaluated without what was received in 2022: no --prior ledger "
        "and no 2022 rows in the input, so an entity paid in 2022 is paid its full 2023 amount again (pass "
        "--prior with the 2022 ledger, or add the 2022 rows to the input)"
    )
    e2023 = str(data2023 / "enterprises.csv")
    proc = jncli("award-enterprises", e2023, "--year", "2023", "-f", "csv")
    assert proc.returncode == 0 and warning in proc.stderr.splitlines()  # it still answers, as a single command
    rows = pl.read_csv(io.StringIO(proc.stdout), infer_schema=False)
    m2 = rows.filter(pl.col("status") == "awarded", pl.col("rule").str.starts_with("m2."))
    assert sum(Decimal(a) for a in m2["award"]) == PAID["2"] + OVERPAID  # 230: what the warning is about
    proc = jncli("award-enterprises", e2023, "--year", "2023", "--prior", str(run2022 / "ledger.csv"), "-f", "csv")
    assert proc.returncode == 0 and "warning: 2023 is evaluated without" not in proc.stderr
    proc = jncli("award-enterprises", str(SAMPLES / "enterprises.csv"), "--year", "2023", "-f", "csv")
    assert proc.returncode == 0 and "warning: 2023 is evaluated without" not in proc.stderr
    proc = jncli("award-enterprises", str(SAMPLES / "enterprises.csv"), "--year", "2022", "-f", "csv")
    assert "is evaluated without" not in proc.stderr  # 2022 is the first year of the period


# ------------------------------------------------------------------------- 4. every file used or refused
def _workbook_with_a_cover_sheet(path: Path) -> None:
    """counties.csv as a bureau's workbook: a cover sheet with a merged title first, the table on sheet 2."""
    openpyxl = pytest.importorskip("openpyxl")
    rows = pl.read_csv(SAMPLES / "counties.csv", infer_schema=False)
    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "说明"
    cover["A1"] = "2023年各县（市、区）网络零售统计"
    cover.merge_cells("A1:F1")
    cover["A2"] = "数据来源：市统计局；单位：万元"
    table = wb.create_sheet("数据")
    table.append(rows.columns)
    for row in rows.iter_rows():
        table.append([int(v) if i == 1 else (v if i == 0 else float(v)) for i, v in enumerate(row)])
    wb.save(path)


def test_a_workbook_with_its_table_on_sheet_2_is_read_from_it_or_the_sheet_inputs_toml_names(annual, jncli, tmp_path):
    # Before: the workbook was "ignored", measure 1 dropped out, 337.28 instead of 517.28 万元, exit 0.
    # A cover sheet holds no table: the one visible sheet that does is read, and a note says which.
    data = copy_samples(tmp_path / "data", skip=("counties.csv",))
    _workbook_with_a_cover_sheet(data / "县市区统计.xlsx")
    proc = annual(data, tmp_path / "first")
    assert proc.returncode == 0, proc.stderr
    assert (
        "县市区统计.xlsx: sheet '数据' read: the only visible sheet holding a table (sheets: 说明, 数据)" in proc.stderr
    )
    assert paid(tmp_path / "first")["1"] == PAID["1"] and paid(tmp_path / "first")["all"] == Decimal("517.28")

    (data / "inputs.toml").write_text('[files."县市区统计.xlsx"]\nsheet = "数据"\n', "utf-8")
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert "score-counties (measure 1) ← 县市区统计.xlsx" in proc.stderr
    assert paid(tmp_path / "out")["1"] == PAID["1"] and paid(tmp_path / "out")["all"] == Decimal("517.28")
    inputs = {i["file"]: i for i in manifest(tmp_path / "out")["inputs"]}
    assert inputs["县市区统计.xlsx"]["settings"] == {"sheet": "数据"} and inputs["县市区统计.xlsx"]["rows"] == 42
    assert inputs["inputs.toml"]["kind"] == "inputs.toml"
    assert "sheet = 数据" in (tmp_path / "out" / "report.html").read_text("utf-8")
    proc = jncli("verify", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stdout


def test_a_header_no_measure_knows_stops_the_run_naming_it(annual, tmp_path):
    # A county table keyed by 区划代码 (the administrative code) instead of the county's name.
    data = copy_samples(tmp_path / "data", skip=("counties.csv",))
    text = (SAMPLES / "counties.csv").read_text("utf-8")
    (data / "县区统计.csv").write_text(text.replace("县市区,", "区划代码,", 1), "utf-8")
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 1
    assert last_line(proc) == (
        "jncli annual: 县区统计.csv: no measure recognises this table: headers 区划代码, 年份, 网络零售额(万元), "
        "农村网络零售额(万元), 纳统电商零售企业实物商品网络零售额(万元), 限额以上消费品零售额(万元); nearest: a "
        "counties table, but no header means county (known: county, 县市区, 县(市、区), 县(市,区), 县(市区) …) "
        "(hint: rename its headers to ones jncli knows (`jncli schema`), or give its sheet or kind in "
        'DATA/inputs.toml, or move it out of the data folder (or kind = "ignore" for it there))'
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_title_above_a_header_no_measure_knows_is_named_as_a_title_not_by_the_readers_column_names(
    annual, tmp_path, fmt
):
    # hostile review (B1): the title and the reader's names of the empty cells beside it were shown as the headers:
    # "headers 2023年度电商企业申报汇总表, , _duplicated_0, _duplicated_1 …"
    import xlsxwriter

    data = copy_samples(tmp_path / "data", skip=("enterprises.csv",))
    rows = [line.split(",") for line in (SAMPLES / "enterprises.csv").read_text("utf-8").splitlines()]
    rows[0] = ["年度X" if h == "年份" else h for h in rows[0]]  # a header jncli does not know
    title = ["2023年度电商企业申报汇总表"] + [""] * (len(rows[0]) - 1)
    if fmt == "csv":
        (data / "申报汇总.csv").write_text("\n".join(",".join(r) for r in [title, *rows]) + "\n", "utf-8")
    else:
        wb = xlsxwriter.Workbook(str(data / "申报汇总.xlsx"))
        ws = wb.add_worksheet()
        ws.merge_range(0, 0, 0, len(rows[0]) - 1, title[0])
        for i, r in enumerate(rows, start=1):
            ws.write_row(i, 0, r)
        wb.close()
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 1
    assert f"申报汇总.{fmt}: no measure recognises this table: its first row holds one cell only " in last_line(proc)
    assert "(2023年度电商企业申报汇总表): a title above a header row jncli does not know" in last_line(proc)
    assert "_duplicated_" not in proc.stderr and "UNNAMED" not in proc.stderr


def test_a_table_that_is_not_an_input_is_refused_unless_inputs_toml_ignores_it(annual, tmp_path):
    data = copy_samples(tmp_path / "data")
    (data / "联系人.csv").write_text("姓名,电话\n张三,0537-1234567\n", "utf-8")
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 1 and "联系人.csv: no measure recognises this table: headers 姓名, 电话" in proc.stderr
    (data / "inputs.toml").write_text('[files."联系人.csv"]\nkind = "ignore"\n', "utf-8")
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert '联系人.csv: ignored (inputs.toml: kind = "ignore")' in proc.stderr
    assert {"file": "联系人.csv", "why": 'inputs.toml: kind = "ignore"'} in manifest(tmp_path / "out")["ignored"]


@pytest.mark.parametrize(
    "toml,message",
    [
        ('[files."counties.csv"]\nsheets = 2\n', "[files.\"counties.csv\"] has unknown key(s) 'sheets'"),
        ('[files."county.csv"]\nunit = "yuan"\n', '[files."county.csv"] names no file in data'),
        ('[files."counties.csv"]\nunit = "元"\n', "unit must be one of yuan, wan, yi, not '元'"),
        ('[files."counties.csv"]\nkind = "county"\n', "kind must be one of counties, enterprises"),
        ('[files."counties.csv"]\nencoding = "big5x"\n', "encoding 'big5x' is not an encoding Python knows"),
        ('[files."counties.csv"]\nallow_empty = "yes"\n', "allow_empty must be true or false"),
        ('["counties.csv"]\nunit = "yuan"\n', "unknown key 'counties.csv'"),
        ("[files\n", "not valid TOML"),
    ],
)
def test_inputs_toml_is_checked_like_the_policy_file(annual, tmp_path, toml, message):
    data = copy_samples(tmp_path / "data")
    (data / "inputs.toml").write_text(toml, "utf-8")
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 1 and last_line(proc).startswith("jncli annual: data/inputs.toml: ")
    assert message in last_line(proc)


def test_a_unit_given_in_inputs_toml_reads_a_table_in_yuan(annual, tmp_path):
    # The fiscal reward table of one county sent in 元 under an unlabelled header: unit = "yuan" converts it.
    data = copy_samples(tmp_path / "data", skip=("enterprises.csv",))
    rows = pl.read_csv(SAMPLES / "enterprises.csv", infer_schema=False)
    money = [c for c in rows.columns if c.endswith("(万元)")]
    in_yuan = rows.with_columns(
        [
            (pl.col(c).cast(pl.Decimal(38, 6)) * 10000).cast(pl.Decimal(38, 2)).alias(c.removesuffix("(万元)"))
            for c in money
        ]
    ).drop(money)
    (data / "enterprises.csv").write_text(in_yuan.write_csv(), "utf-8")
    (data / "inputs.toml").write_text('[files."enterprises.csv"]\nunit = "yuan"\n', "utf-8")
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert paid(tmp_path / "out")["all"] == Decimal("517.28")  # the same money as in 万元


def test_a_ledger_in_the_data_folder_belongs_to_prior(annual, data2023, run2022, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(data2023, data)
    shutil.copy(run2022 / "ledger.csv", data / "台账2022.csv")
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 1
    assert "台账2022.csv: no measure recognises this table: headers beneficiary" in last_line(proc)
    assert "it is a jncli ledger: give it with --prior" in last_line(proc)
    proc = annual(data, tmp_path / "out", "--prior", str(data / "台账2022.csv"))
    assert proc.returncode == 0, proc.stderr
    assert "台账2022.csv: ignored (given with --prior)" in proc.stderr
    _assert_topups(tmp_path / "out")


@pytest.mark.parametrize("output", ["award-enterprises.csv", "trained-hires.csv"])
def test_a_measures_output_in_the_data_folder_is_named_a_ledger(annual, data2023, run2022, tmp_path, output):
    """Review 18: award-enterprises.csv names a county and figures, and was read as a counties table (stop:
    `济宁经济技术开发区 appears twice`), trained-hires.csv as county rates: stops naming the wrong cause."""
    data = tmp_path / "data"
    shutil.copytree(data2023, data)
    shutil.copy(run2022 / output, data / output)
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 1 and not (tmp_path / "out").exists()
    assert f"{output}: no measure recognises this table: headers beneficiary" in last_line(proc)
    assert "it is a jncli ledger: give it with --prior" in last_line(proc)


# ------------------------------------------------------------------------- 5. measure 1 without the previous year
def test_a_counties_table_without_the_previous_year(annual, jncli, tmp_path):
    # Before: 0 county awards and exit 0 in annual (every county ineligible: no growth can be computed).
    data = copy_samples(tmp_path / "data", skip=("counties.csv",))
    rows = pl.read_csv(SAMPLES / "counties.csv", infer_schema=False)
    rows.filter(pl.col("年份") == "2023").write_csv(data / "counties.csv")
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 1 and not (tmp_path / "out").exists()
    assert last_line(proc) == (
        "jncli annual: counties.csv: no rows for 2022 and no *_prev (上年同期) columns: no county's growth can be "
        "computed, so measure 1 would pay nothing (hint: add the 2022 rows (or *_prev columns) to the counties "
        "table, or pass --skip 1)"
    )
    # The single command keeps answering: every county of every category ineligible, 0 paid, and a warning.
    proc = jncli("score-counties", str(data / "counties.csv"), *RATES, "-f", "csv")
    assert proc.returncode == 0
    assert (
        "jncli score-counties: warning: the input has no rows for 2022: no county has a previous-year value, so no "
        "growth can be computed and every county is ineligible (add the 2022 rows or *_prev columns)"
    ) in proc.stderr.splitlines()
    out = pl.read_csv(io.StringIO(proc.stdout), infer_schema=False)
    assert out.height == 14 * 3 and set(out["status"]) == {"ineligible"} and set(out["award"]) == {"0"}


def test_an_enterprises_table_without_rows_of_the_year(annual, tmp_path):
    data = copy_samples(tmp_path / "data", skip=("enterprises.csv",))
    enterprises_of("2022", data / "enterprises.csv")  # last year's file sent again
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 1
    assert last_line(proc) == (
        "jncli annual: enterprises.csv: no enterprise rows for 2023 (years present: 2022): measures 2, 3 and 6 would "
        "pay nothing (hint: add the 2023 rows to the enterprises table, or pass --skip 2 if measures 2, 3, 6 are "
        "knowingly not run)"
    )


# ------------------------------------------------------------------------- 6. empty tables
def test_an_empty_table_stops_annual_unless_inputs_toml_allows_it(annual, tmp_path):
    data = copy_samples(tmp_path / "data")
    header = (SAMPLES / "candidates.csv").read_text("utf-8").splitlines()[0]
    (data / "candidates.csv").write_text(header + "\n", "utf-8")  # an export that failed after the header
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 1
    assert last_line(proc) == (
        "jncli annual: candidates.csv: the candidates table has a header but no data rows (an empty or failed "
        'export?) (hint: export it again; if it is really empty, write allow_empty = true under [files."candidates.'
        'csv"] in DATA/inputs.toml)'
    )
    # A year without any violation record: records.csv really is empty, and inputs.toml says so.
    copy_samples(data)
    header = (SAMPLES / "records.csv").read_text("utf-8").splitlines()[0]
    (data / "records.csv").write_text(header + "\n", "utf-8")
    (data / "inputs.toml").write_text('[files."records.csv"]\nallow_empty = true\n', "utf-8")
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert "records.csv: the records table has a header but no data rows: read as empty" in proc.stderr
    records = next(i for i in manifest(tmp_path / "out")["inputs"] if i["file"] == "records.csv")
    assert records["rows"] == 0 and records["settings"] == {"allow_empty": True}
    assert "allow_empty = True" in (tmp_path / "out" / "report.html").read_text("utf-8")


@pytest.mark.parametrize(
    "command,sample",
    [
        (["cat", "--as", "counties"], "counties.csv"),
        (["score-counties", *RATES], "counties.csv"),
        (["award-enterprises"], "enterprises.csv"),
        (["award-enterprises", str(SAMPLES / "enterprises.csv"), "--fiscal-ratios"], "fiscal_ratios.csv"),
        (["track-shops", "--year", "2023"], "shops.csv"),
        (["whitelist", "--records", str(SAMPLES / "records.csv")], "candidates.csv"),
        (["whitelist", str(SAMPLES / "candidates.csv"), "--as-of", "2023-12-31", "--records"], "records.csv"),
    ],
    ids=lambda v: v if isinstance(v, str) else " ".join(a for a in v if "/" not in a),
)
def test_an_empty_table_in_a_single_command_is_refused_unless_allow_empty(jncli, tmp_path, command, sample):
    kind = sample.removesuffix(".csv")
    empty = tmp_path / sample
    empty.write_text((SAMPLES / sample).read_text("utf-8").splitlines()[0] + "\n", "utf-8")
    proc = jncli(*command, str(empty), "-o", str(tmp_path / "out.csv"))
    assert proc.returncode == 1 and not (tmp_path / "out.csv").exists()
    assert last_line(proc) == (
        f"jncli {command[0]}: {empty}: the {kind} table has a header but no data rows (an empty or failed export?) "
        f"(hint: export it again; if it is really empty, pass --allow-empty)"
    )
    proc = jncli(*command, str(empty), "--allow-empty", "-o", str(tmp_path / "out.csv"))
    said = f"jncli {command[0]}: warning: {empty}: the {kind} table has a header but no data rows: read as empty"
    assert said + " (--allow-empty)" in proc.stderr.splitlines()
    if command[0] == "score-counties":  # the measure itself needs rows to rank
        assert proc.returncode == 1 and last_line(proc) == "jncli score-counties: the input has no rows"
    else:
        assert proc.returncode == 0, proc.stderr


# ------------------------------------------------------------------------- 9. samples never overwrites
def test_samples_does_not_overwrite_existing_files_without_force(jncli, tmp_path):
    mine = tmp_path / "samples"
    mine.mkdir()
    (mine / "counties.csv").write_text("县市区,年份,网络零售额(万元)\n任城区,2023,1\n", "utf-8")  # a bureau's own file
    proc = jncli("samples", cwd=tmp_path)  # no -o: ./samples
    assert proc.returncode == 2
    assert last_line(proc) == (
        "jncli samples: samples already holds counties.csv: not overwriting them "
        "(hint: pass --force to replace them, or -o another folder)"
    )
    assert [p.name for p in mine.iterdir()] == ["counties.csv"]  # nothing written at all
    assert (mine / "counties.csv").read_text("utf-8").endswith("任城区,2023,1\n")
    proc = jncli("samples", "--shops", "50", "--force", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in mine.iterdir()) == sorted(INPUTS)
    assert "任城区,2023,1\n" not in (mine / "counties.csv").read_text("utf-8")
    proc = jncli("samples", "-o", str(mine), "--shops", "50", "--shops-format", "parquet")
    assert proc.returncode == 2 and "holds counties.csv, enterprises.csv" in last_line(proc)


# ------------------------------------------------------------------------- the property
MEASURE_OF = {  # the file of the samples → what --skip names for it
    "counties.csv": "1",
    "enterprises.csv": "2",
    "fiscal_ratios.csv": "3",
    "shops.csv": "4",
    "candidates.csv": "7",
    "records.csv": "7",
    "hires.csv": "8",
    "insurance.csv": "8",
}


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(min_value=0, max_value=10**6),
    shops=st.integers(min_value=30, max_value=300),
    enterprises=st.integers(min_value=34, max_value=50),
    removed=st.sampled_from(sorted(MEASURE_OF)),
)
def test_removing_an_input_never_pays_less_with_exit_0_unless_skipped(annual, jncli, seed, shops, enterprises, removed):
    with tempfile.TemporaryDirectory(prefix="jncli-prop-") as tmp:
        base = Path(tmp)
        made = jncli(
            "samples", "-o", str(base / "data"), "--seed", str(seed), "--shops", str(shops),
            "--enterprises", str(enterprises),
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        whole = annual(base / "data", base / "whole")
        assert whole.returncode in (0, 3), whole.stderr
        before = paid(base / "whole")["all"]
        (base / "data" / removed).unlink()
        proc = annual(base / "data", base / "less")
        assert proc.returncode != 0 or paid(base / "less")["all"] >= before, (removed, proc.stderr)
        assert proc.returncode == 1 and f"--skip {MEASURE_OF[removed]}" in last_line(proc), proc.stderr
        skipped = annual(base / "data", base / "skipped", "--skip", MEASURE_OF[removed])
        assert skipped.returncode in (0, 3), skipped.stderr
        assert {"measure": MEASURE_OF[removed], "why": f"--skip {MEASURE_OF[removed]}"} in manifest(base / "skipped")[
            "skipped"
        ]


@pytest.mark.parametrize(("rate", "stops"), [("4900", True), ("6", False), ("5", None)])
def test_a_labelled_money_column_above_its_bound_is_said_and_far_above_it_stops_the_run(
    annual, jncli, tmp_path, rate, stops
):
    # hostile review 1, A1: 每人奖励(万元) 4900 — a 元 figure under the template's 万元 header — paid 4900 万元 a hire,
    # exit 0, not a word: the bound was checked only where no unit was named. 6 万元 is above the bound (5) but
    # not 10 times it: said, not stopped; 5 is at the bound: nothing said.
    data = copy_samples(tmp_path / "data")
    rates = data / "county_rates.csv"
    rates.write_text(rates.read_text("utf-8").replace("任城区,0.49", f"任城区,{rate}"), "utf-8")
    proc = annual(data, tmp_path / "out")
    said = (
        f"county_rates.csv row 2, column 每人奖励(万元) (rate): {rate} 万元 is above 5 万元, more than any "
        "county_rates row can hold, though the column's unit was named: is the figure in a smaller unit than the "
        "header names (e.g. 元 under 万元)?"
    )
    if stops:
        assert proc.returncode == 1 and not (tmp_path / "out").exists()
        assert last_line(proc) == (
            f"jncli annual: {said} (hint: correct the header's unit, e.g. (元), or the figure, at the source)"
        )
    else:
        assert proc.returncode == 0, proc.stderr
        assert (said in proc.stderr) is (stops is False)
    (tmp_path / "trainers.csv").write_text("credit_code\n9137082928HF9X4H8E\n", "utf-8")
    single = jncli(
        "trained-hires", "hires.csv", "--insurance", "insurance.csv", "--trainers", str(tmp_path / "trainers.csv"),
        "--county-rates", "county_rates.csv", "--year", "2023", cwd=data, text=True,
    )  # fmt: skip
    assert single.returncode == 0, single.stderr
    assert (f"warning: {said}" in single.stderr) is (stops is not None)
