"""Measure 3 after a year whose run skipped it (hostile review: m3skip).

m3.fiscal is one-off (一次性奖励, rev 3). A 2022 run with `--skip 3` (the counties' ratios not yet published)
writes no m3.fiscal row, so what measure 3 paid in 2022 is unknown. Before this change a 2023 run beside it,
or given its ledger with --prior, took 2022's m3 from its own evaluation of DATA's 2022 rows as if paid: on the
samples 金乡鑫美's 2023 reward (28.95 万元) was `superseded` with exit 0. Now (docs/policy-reading.md, "Measure 3
after a year that skipped it"):

- `annual` beside a 2022 run that skipped measure 3, or given its ledger with --prior while its manifest.json lies
  beside it, stops unless a --prior ledger holds 2022 m3.fiscal rows — DATA's 2022 rows are no escape;
- a --prior ledger with 2022 rows of measures 2 and 6 but no m3.fiscal row of 2022, and no manifest saying why,
  keeps the fallback with a warning (stderr and the report; award-enterprises too) naming the enterprises whose
  2023 m3.fiscal is withheld only for a computed 2022 payment; with no 2022 rows in DATA either (nothing to
  compute from: every 2022 recipient would be paid again, review 16 F7) `annual` stops.

Through the real CLI on the shipped samples.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from test_prior_cover import RIGHT, XINMEI, paid

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"

STOP_BESIDE = (
    "jncli annual: ../2022/ledger.csv: the 2022 run beside OUT_DIR did not run measure 3 (--skip), so what it paid "
    "as the one-off m3.fiscal reward in 2022 is unknown: a 2023 m3.fiscal would be paid again as never paid, or "
    "withheld for a 2022 payment computed from the data and never checked (hint: pass --prior with the 2022 ledger "
    "of what was paid (its m3.fiscal rows), or run 2022 again without --skip 3 and pass its ledger; --skip 3 if "
    "measure 3 is knowingly not run in 2023)"
)
STOP_PRIOR = (
    "jncli annual: --prior ledger.csv: the manifest.json beside it says the 2022 run that wrote it did not run "
    "measure 3 (--skip), so what it paid as the one-off m3.fiscal reward in 2022 is unknown: a 2023 m3.fiscal would "
    "be paid again as never paid, or withheld for a 2022 payment computed from the data and never checked (hint: "
    "pass --prior with the 2022 ledger of what was paid (its m3.fiscal rows), or run 2022 again without --skip 3 "
    "and pass its ledger; --skip 3 if measure 3 is knowingly not run in 2023)"
)
STOP_PRIOR_ZH = (
    "jncli annual: --prior ledger.csv：同目录的 manifest.json 表明写出该台账的2022年度运行未计算第 3 条措施"
    "（--skip），无法得知2022年度已发放的一次性财力奖励（m3.fiscal）：2023年度的 m3.fiscal 会被当作从未发放而"
    "重复发放，或因按数据测算、未经核对的2022年度发放而不予奖励（提示：请用 --prior 给出2022年度已发放奖励的"
    "台账（含其 m3.fiscal 行），或不加 --skip 3 重新运行2022年度并给出其台账；如2023年度确定不计算第 3 条措施，"
    "请加 --skip 3）"
)


def warning(ledger: str) -> str:
    return (
        f"m3.fiscal: the prior ledger {ledger} has 2022 rows of measures 2 and 6 but no m3.fiscal row of 2022, so "
        "what measure 3 paid in 2022 is unknown (was it run for 2022?): the 2023 m3.fiscal of 1 enterprise(s), "
        "28.95 万元, is withheld (superseded) only because this run's evaluation of the input's 2022 rows computes a "
        f"2022 one-off payment, not checked against what was paid: 金乡鑫美电子商务有限公司 {XINMEI}; give --prior "
        "the 2022 ledger with its m3.fiscal rows, or check what was paid in 2022"
    )


WARNING_ZH = (
    "m3.fiscal：往年台账 2022台账.csv 有2022年度第二、六条的行，但没有2022年度的 m3.fiscal 行，2022年度第三条实际"
    "发放情况不明（2022年度是否计算了第三条？）：1家企业2023年度的 m3.fiscal 共28.95万元不予奖励（superseded），"
    "仅因本次按输入中2022年度的行测算其2022年度应得一次性奖励，未核对实际发放：金乡鑫美电子商务有限公司 "
    f"{XINMEI}；请用 --prior 提供含 m3.fiscal 行的2022年度台账，或核对2022年度实际发放"
)


@pytest.fixture(scope="module")
def jncli(jncli):
    return jncli.using(text=True, timeout=300)


@pytest.fixture(scope="module")
def full2022(annual, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("full") / "2022"
    proc = annual(SAMPLES, out, year="2022")
    assert proc.returncode == 0, proc.stderr
    return out


def xinmei_2023(out: Path) -> dict:
    ledger = pl.read_csv(out / "ledger.csv", infer_schema=False)
    return ledger.filter((pl.col("beneficiary") == XINMEI) & (pl.col("rule") == "m3.fiscal")).row(0, named=True)


def test_annual_beside_a_run_that_skipped_3_stops_though_data_holds_2022(annual, skipped3, tmp_path):
    runs = tmp_path / "out"
    shutil.copytree(skipped3, runs / "2022")
    # Before: exit 0; the samples hold 2022 rows, so the stop never fired and 金乡鑫美's 2023 m3.fiscal (28.95
    # 万元) was superseded by this run's evaluation of its 2022 row, taken as paid.
    proc = annual(SAMPLES, runs / "2023")
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == STOP_BESIDE
    assert not (runs / "2023").exists()
    # measure 3 knowingly not run in 2023 either: the rest runs
    proc = annual(SAMPLES, runs / "2023", "--skip", "3")
    assert proc.returncode == 0, proc.stderr
    assert "m3.fiscal" not in (runs / "2023" / "ledger.csv").read_text("utf-8")


def test_annual_given_the_ledger_of_a_run_that_skipped_3_stops(annual, skipped3, tmp_path):
    # Before: exit 0 and 金乡鑫美 superseded, as beside it. The manifest.json beside the --prior ledger says its
    # run skipped measure 3.
    out = tmp_path / "elsewhere" / "2023"
    proc = annual(SAMPLES, out, "--prior", str(skipped3 / "ledger.csv"))
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == STOP_PRIOR
    assert not out.exists()
    proc = annual(SAMPLES, out, "--prior", str(skipped3 / "ledger.csv"), env={"JNCLI_LANG": "zh"})
    assert proc.returncode == 1 and proc.stderr.strip().splitlines()[-1] == STOP_PRIOR_ZH


def test_a_prior_ledger_with_the_2022_m3_rows_lets_the_run_through(annual, skipped3, full2022, tmp_path):
    """What was paid under measure 3 in 2022, given with --prior beside the run that skipped it: the right money."""
    runs = tmp_path / "out"
    shutil.copytree(skipped3, runs / "2022")
    m3 = tmp_path / "m3-2022.csv"
    ledger = pl.read_csv(full2022 / "ledger.csv", infer_schema=False)
    m3.write_text(ledger.filter(pl.col("rule") == "m3.fiscal").write_csv(), "utf-8")
    proc = annual(SAMPLES, runs / "2023", "--prior", str(m3))
    assert proc.returncode == 0, proc.stderr
    assert paid(runs / "2023")["all"] == RIGHT
    row = xinmei_2023(runs / "2023")
    assert row["status"] == "superseded" and "m3-2022.csv" in row["basis"]
    assert "is withheld (superseded) only because" not in proc.stderr


def test_a_prior_ledger_without_m3_rows_and_no_manifest_warns(annual, jncli, skipped3, full2022, tmp_path):
    """The same ledger copied away from its manifest: nothing says measure 3 was skipped, so the fallback stays,
    said as a warning naming whose 2023 m3.fiscal it withholds."""
    bare = tmp_path / "2022台账.csv"
    shutil.copy(skipped3 / "ledger.csv", bare)
    out = tmp_path / "out" / "2023"
    # Before: exit 0, 金乡鑫美 superseded, and no warning (a note on the 2022 rows' evaluation at most).
    proc = annual(SAMPLES, out, "--prior", str(bare))
    assert proc.returncode == 0, proc.stderr
    assert f"jncli annual: warning: award-enterprises: {warning('2022台账.csv')}" in proc.stderr.splitlines()
    assert xinmei_2023(out)["status"] == "superseded"
    assert paid(out)["all"] == RIGHT
    assert WARNING_ZH in (out / "report.html").read_text("utf-8")
    # the ledger of what was paid (m3.fiscal rows included): no warning
    proc = annual(SAMPLES, tmp_path / "full" / "2023", "--prior", str(full2022 / "ledger.csv"))
    assert proc.returncode == 0 and "m3.fiscal: the prior ledger" not in proc.stderr, proc.stderr


def test_award_enterprises_with_a_prior_ledger_without_m3_rows_warns(jncli, skipped3, full2022, tmp_path):
    bare = tmp_path / "2022台账.csv"
    shutil.copy(skipped3 / "ledger.csv", bare)
    args = ["award-enterprises", "samples/enterprises.csv", "--year", "2023", "--fiscal-ratios"]
    args += ["samples/fiscal_ratios.csv", "-o", str(tmp_path / "m2.csv")]
    # Before: exit 0 and no warning.
    proc = jncli(*args, "--prior", str(bare))
    assert proc.returncode == 0, proc.stderr
    assert f"jncli award-enterprises: warning: {warning(str(bare))}" in proc.stderr.splitlines()
    rows = pl.read_csv(tmp_path / "m2.csv", infer_schema=False)
    xinmei = rows.filter((pl.col("beneficiary") == XINMEI) & (pl.col("rule") == "m3.fiscal"))
    assert xinmei["status"].to_list() == ["superseded"] and Decimal(xinmei["award"][0]) == 0
    proc = jncli(*args, "--prior", str(bare), env={"JNCLI_LANG": "zh"})
    assert proc.returncode == 0 and "警告：" + WARNING_ZH.replace("2022台账.csv", str(bare)) in proc.stderr
    # with the m3.fiscal rows of what was paid: no warning
    proc = jncli(*args, "--prior", str(full2022 / "ledger.csv"))
    assert proc.returncode == 0 and "m3.fiscal: the prior ledger" not in proc.stderr, proc.stderr


def test_a_prior_ledger_without_m3_rows_and_no_2022_rows_in_data_stops(annual, skipped3, full2022, tmp_path):
    """Review 16, F7: a finance office's ledger of 2022 (measures 2 and 6; m3 is paid by the counties) and an
    enterprises table without 2022 rows. Before: exit 0, every 2022 m3 recipient paid its one-off reward again
    (金乡鑫美 28.95 万元 awarded). Now the run stops: nothing says what measure 3 paid in 2022."""
    data = tmp_path / "data"
    shutil.copytree(SAMPLES, data)
    ent = pl.read_csv(SAMPLES / "enterprises.csv", infer_schema=False)
    (data / "enterprises.csv").write_text(ent.filter(pl.col("年份") != "2022").write_csv(), "utf-8")
    bare = tmp_path / "finance-2022.csv"
    shutil.copy(skipped3 / "ledger.csv", bare)
    out = tmp_path / "out" / "2023"
    proc = annual(data, out, "--prior", str(bare))
    assert proc.returncode == 1, proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith(
        "jncli annual: --prior finance-2022.csv: it holds 2022 rows but no m3.fiscal row of 2022, and the "
        "enterprises table has no 2022 rows"
    ), last
    assert not out.exists()
    # the counties' 2022 m3 payments given beside it: the run goes through, 金乡鑫美 paid once
    m3 = tmp_path / "m3-2022.csv"
    ledger = pl.read_csv(full2022 / "ledger.csv", infer_schema=False)
    m3.write_text(ledger.filter(pl.col("rule") == "m3.fiscal").write_csv(), "utf-8")
    proc = annual(data, out, "--prior", str(bare), "--prior", str(m3))
    assert proc.returncode == 0, proc.stderr
    assert xinmei_2023(out)["status"] == "superseded"


def test_one_countys_m3_record_beside_a_skip_3_run_does_not_let_the_others_fall_back(annual, skipped3, tmp_path):
    """Review 17, F1: any 2022 m3.fiscal row in --prior let the run through, and every enterprise it did not list
    fell back to DATA's 2022 rows: 金乡鑫美's 28.95 万元 withheld with exit 0, no warning. Now every enterprise
    with 2022 new fiscal revenue must be listed; an ineligible row of 0 for it is what was paid."""
    runs = tmp_path / "out"
    shutil.copytree(skipped3, runs / "2022")
    header = "beneficiary,beneficiary_name,measure,rule,year,award,status,basis\n"
    county = tmp_path / "任城区m3.csv"
    county.write_text(
        header + "91370811UBKL3DU603,任城华美商贸有限公司,3,m3.fiscal,2022,0,ineligible,任城区\n", "utf-8"
    )
    proc = annual(SAMPLES, runs / "2023", "--prior", str(county))
    assert proc.returncode == 1, proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert "do not list 1 enterprise(s) with 2022 new fiscal revenue" in last and XINMEI in last, last
    assert not (runs / "2023").exists()
    # what was paid to 金乡鑫美 in 2022 given too (nothing: measure 3 did not run): its 2023 reward is paid
    county.write_text(county.read_text("utf-8") + f"{XINMEI},金乡鑫美电子商务有限公司,3,m3.fiscal,2022,0,ineligible,\n")
    proc = annual(SAMPLES, runs / "2023", "--prior", str(county))
    assert proc.returncode == 0, proc.stderr
    row = xinmei_2023(runs / "2023")
    assert row["status"] == "awarded" and Decimal(row["award"]) == Decimal("28.95")


def test_fiscal_each_year_is_not_stopped_by_the_one_off_checks(annual, skipped3, tmp_path):
    # Review 17, F6: under --fiscal-each-year (RULES §3's other reading) no earlier m3 payment matters.
    runs = tmp_path / "out"
    shutil.copytree(skipped3, runs / "2022")
    proc = annual(SAMPLES, runs / "2023", "--fiscal-each-year")
    assert proc.returncode == 0, proc.stderr
    row = xinmei_2023(runs / "2023")
    assert row["status"] == "awarded" and Decimal(row["award"]) == Decimal("28.95")
