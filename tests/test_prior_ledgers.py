"""Ledgers read back as what was paid (review 11): `--prior`, `check-validity`, `whitelist --previous` and
`trained-hires --trainers` given jncli's own files in the shapes an analyst keeps them — a sheet of
report.xlsx saved alone (Chinese headers and statuses: 获奖, 就高不重复, 列入 …), the same payments twice,
amounts in 元 under a header without a unit. Each case through the real binary, on the shipped samples,
with the money worked out (the 2023 figures: tests/test_yearly_run.py).

The input files are built here from the 2022 run's own outputs (openpyxl, as an analyst copies a sheet
into a workbook of its own), never hand-edited.
"""

from __future__ import annotations

import csv
import io
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from test_yearly_run import only_2023, run_2022

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
RATES = ["--province-growth", "10%", "--province-rural-growth", "12%"]
ZH = {"LANG": "zh_CN.UTF-8", "LC_ALL": None}
# 2023 on the samples, with what was paid for 2022 deducted (tests/test_yearly_run.py PAID): 517.28 万元.
# Without it (nothing counted as received) every 2022 recipient is paid its full tier again, 65 万元 more,
# and 金乡鑫美's one-off m3 a second time, floor(38.1 × 0.76) = 28.95: 611.23 (test_yearly_run's --first-year).
PAID_2023 = Decimal("517.28")
NOTHING_RECEIVED = PAID_2023 + Decimal(65) + Decimal("28.95")


@pytest.fixture(scope="module")
def jncli(jncli):
    return jncli.using(text=True, timeout=300)


@pytest.fixture(scope="module")
def run2022(annual, tmp_path_factory) -> Path:
    """The 2022 run on the samples, in Chinese (report.xlsx's sheets as a bureau analyst has them)."""
    return run_2022(annual, tmp_path_factory, env=ZH)


@pytest.fixture(scope="module")
def data2023(tmp_path_factory) -> Path:
    """Only the 2023 tables (the cron layout `data/$y`): what was received comes from --prior alone."""
    return only_2023(tmp_path_factory.mktemp("data") / "2023")


def paid(out: Path) -> Decimal:
    """万元 paid by a run: the awarded rows of its ledger."""
    ledger = pl.read_csv(out / "ledger.csv", infer_schema=False).filter(pl.col("status") == "awarded")
    return sum((Decimal(a) for a in ledger["award"]), Decimal(0))


def last_line(proc: subprocess.CompletedProcess) -> str:
    return proc.stderr.strip().splitlines()[-1]


def sheet_alone(report: Path, sheet: str, dest: Path, edit=None) -> list[tuple]:
    """One sheet of report.xlsx copied into a workbook of its own (values only), `edit(rows)` applied to
    its rows first (the header is rows[0]). Returns the rows written."""
    src = openpyxl.load_workbook(report, read_only=True)[sheet]
    rows = [list(r) for r in src.iter_rows(values_only=True)]
    if edit is not None:
        edit(rows)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    wb.save(dest)
    return rows


# ------------------------------------------------------------------ 2. report.xlsx's 奖励台账 as --prior
def test_report_ledger_sheet_as_prior_pays_the_top_up_only(annual, data2023, run2022, tmp_path):
    # Before: no row's status (获奖, 就高不重复 …) read as awarded, nothing counted as received: 611.23 with exit 0.
    prior = tmp_path / "2022年奖励台账.xlsx"
    rows = sheet_alone(run2022 / "report.xlsx", "奖励台账", prior)
    assert rows[0][6] == "状态" and {r[6] for r in rows[1:]} >= {"获奖", "就高不重复"}
    proc = annual(data2023, tmp_path / "2023", "--prior", str(prior))
    assert proc.returncode == 0, proc.stderr
    assert paid(tmp_path / "2023") == PAID_2023 != NOTHING_RECEIVED
    # the same as the 2022 ledger.csv itself
    proc = annual(data2023, tmp_path / "csv", "--prior", str(run2022 / "ledger.csv"))
    assert proc.returncode == 0, proc.stderr
    a = pl.read_csv(tmp_path / "2023" / "ledger.csv", infer_schema=False)
    b = pl.read_csv(tmp_path / "csv" / "ledger.csv", infer_schema=False)
    assert a.drop("basis").equals(b.drop("basis"))


def test_check_validity_reads_the_report_sheet_and_flags_an_award_above_its_cap(jncli, run2022, tmp_path):
    # Before: every check keyed on `awarded`, so a sheet of 获奖 rows passed whatever it paid (exit 0).
    clean = tmp_path / "clean.xlsx"
    sheet_alone(run2022 / "report.xlsx", "奖励台账", clean)
    proc = jncli("check-validity", str(clean), "-f", "csv")
    assert proc.returncode == 0, proc.stderr

    def over_cap(rows):  # the first m2.tier2022 award, 5 万元 (cap 5), written as 50
        i = next(i for i, r in enumerate(rows) if r[3] == "m2.tier2022" and r[6] == "获奖")
        rows[i][5] = 50

    edited = tmp_path / "edited.xlsx"
    rows = sheet_alone(run2022 / "report.xlsx", "奖励台账", edited, over_cap)
    row = next(i for i, r in enumerate(rows, start=1) if r[3] == "m2.tier2022" and r[5] == 50)
    proc = jncli("check-validity", str(edited), "-f", "csv")
    assert proc.returncode == 3, proc.stderr
    found = list(csv.DictReader(io.StringIO(proc.stdout)))
    # 50 is above the m2 group's cap (beyond_topup: the highest cap, 50 … here the 2022 cap of 5) and the rule's
    assert [(f["file"], f["row"], f["kind"], f["award"]) for f in found] == [
        (str(edited), str(row), kind, "50") for kind in ("beyond_topup", "above_cap")
    ]


@pytest.mark.parametrize("command", ["check-validity", "annual", "whitelist", "trained-hires"])
def test_a_status_jncli_does_not_write_is_a_data_error_naming_the_row(
    jncli, annual, data2023, run2022, tmp_path, command
):
    # Before: a status 已拨付 ("paid out", the finance office's word) counted as nothing paid, with exit 0.
    def finance_word(rows):
        rows[3][6] = "已拨付"

    sheet = "第七条 白名单" if command in ("whitelist", "trained-hires") else "奖励台账"
    bad = tmp_path / "bad.xlsx"
    sheet_alone(run2022 / "report.xlsx", sheet, bad, finance_word)
    if command == "annual":
        proc = annual(data2023, tmp_path / "2023", "--prior", str(bad))
        assert not (tmp_path / "2023").exists()
    elif command == "whitelist":
        args = ["candidates.csv", "--records", "records.csv", "--as-of", "2023-12-31", "--previous", str(bad)]
        proc = jncli("whitelist", *args, cwd=SAMPLES)
    elif command == "trained-hires":
        args = ["hires.csv", "--insurance", "insurance.csv", "--trainers", str(bad), "--year", "2023"]
        proc = jncli("trained-hires", *args, cwd=SAMPLES)
    else:
        proc = jncli("check-validity", str(bad))
    assert proc.returncode == 1, proc.stderr
    name = bad.name if command == "annual" else bad  # annual names a --prior by its file name, as the report does
    assert last_line(proc) == (
        f"jncli {command}: {name} row 4, column 状态 (status): '已拨付' is not a status jncli writes (awarded, "
        "commended, qualified, superseded, ineligible, not_ranked, out_of_period, included, excluded, or their "
        "Chinese words: 获奖, 就高不重复 …), so what the row paid cannot be counted (hint: write the row's status "
        "as jncli does (awarded / 获奖 for money paid), or pass the ledger jncli wrote)"
    )


# ---------------------------------------------------- 10. report.xlsx's 第七条 白名单 as --previous / --trainers
def test_report_whitelist_sheet_as_previous_and_trainers_reads_its_statuses(jncli, run2022, tmp_path):
    # Before: 列入 / 不列入 were not understood: every candidate `added`, none `removed`, and 0 training
    # institutions for measure 8 (fewer hires qualify, exit 0).
    sheet = tmp_path / "白名单2022.xlsx"
    rows = sheet_alone(run2022 / "report.xlsx", "第七条 白名单", sheet)
    assert {r[6] for r in rows[1:]} == {"列入", "不列入"}
    vet = ["whitelist", "candidates.csv", "--records", "records.csv", "--as-of", "2023-12-31", "-f", "csv"]
    from_sheet = jncli(*vet, "--previous", str(sheet), cwd=SAMPLES)
    from_csv = jncli(*vet, "--previous", str(run2022 / "whitelist.csv"), cwd=SAMPLES)
    assert from_sheet.returncode == from_csv.returncode == 0, from_sheet.stderr
    assert from_sheet.stdout == from_csv.stdout
    # the samples' 2022 list: 16 列入; 14 kept in 2023, 2 removed, 2 added (main read all 16 as added, none removed)
    changes = pl.read_csv(io.StringIO(from_sheet.stdout), infer_schema=False)["change"].value_counts()
    assert dict(changes.iter_rows()) == {"kept": 14, "removed": 2, "added": 2, "new_candidate_rejected": 28}

    hires = ["trained-hires", "hires.csv", "--insurance", "insurance.csv", "--year", "2023", "-f", "csv"]
    from_sheet = jncli(*hires, "--trainers", str(sheet), cwd=SAMPLES)
    from_csv = jncli(*hires, "--trainers", str(run2022 / "whitelist.csv"), cwd=SAMPLES)
    nobody = jncli(*hires, cwd=SAMPLES)  # no training institution: only 院校 hires can qualify
    assert from_sheet.returncode == from_csv.returncode == 0, from_sheet.stderr
    assert from_sheet.stdout == from_csv.stdout != nobody.stdout


# ------------------------------------------------------------------ 3. the same payments given twice
def paid_sheet(ledger: Path, dest: Path, unit: str = "(元)") -> None:
    """The finance office's list of what was paid for 2022, kept by hand: Chinese headers, the awarded rows
    only, amounts in 元 (`unit` the header's unit: "" for none), as xlsxwriter writes a workbook."""
    import xlsxwriter

    rows = pl.read_csv(ledger, infer_schema=False).filter(pl.col("status") == "awarded")
    wb = xlsxwriter.Workbook(dest)
    ws = wb.add_worksheet("2022年已拨付")
    ws.write_row(0, 0, ["受益方", "受益方名称", "条款", "规则", "年度", f"奖励金额{unit}", "状态"])
    for i, r in enumerate(rows.iter_rows(named=True), start=1):
        yuan = Decimal(r["award"]) * 10000
        ws.write_row(i, 0, [r["beneficiary"], r["beneficiary_name"], int(r["measure"]), r["rule"], 2022])
        ws.write_number(i, 5, int(yuan) if yuan == int(yuan) else float(yuan))
        ws.write_string(i, 6, "awarded")
    wb.close()


@pytest.mark.parametrize("second", ["same file", "copy", "finance sheet"])
def test_the_same_payments_given_twice_stop_the_run(annual, data2023, run2022, tmp_path, second):
    # Before: what was received was summed over the prior ledgers, so each of the 11 enterprises topped up
    # (tests/test_yearly_run.py TOPUPS) had 2 × 5 received and was paid 5 less — 10 − 10 = 0 for 10 − 5,
    # 30 − 10 = 20 for 25 …: 517.28 − 11 × 5 = 462.28 万元 with exit 0.
    ledger = run2022 / "ledger.csv"
    other = {"same file": ledger, "copy": tmp_path / "ledger-2022.csv", "finance sheet": tmp_path / "已拨付2022.xlsx"}
    if second == "copy":
        other[second].write_bytes(ledger.read_bytes())
    elif second == "finance sheet":
        paid_sheet(ledger, other[second])
    out = tmp_path / "2023"
    proc = annual(data2023, out, "--prior", str(ledger), "--prior", str(other[second]))
    assert proc.returncode == 1, proc.stderr
    assert not out.exists()
    # the first row of the second file repeats the first row of the first: 任城区's m1.online award
    line = last_line(proc)
    assert line.startswith(
        f"jncli annual: {other[second].name} row 2: duplicate_award: already awarded under measure 1 for 2022 at "
        f"ledger.csv row 2 (m1.online): one award per measure and year, the highest only ("
    )
    assert line.endswith(
        " violations in the prior ledgers' rows of the earlier years): what was received before cannot be taken "
        "from them (hint: give each year's payments once: one ledger of what was paid per year (not the same rows "
        "in two files))"
    )
    # each alone is what was paid: 517.28
    proc = annual(data2023, out, "--prior", str(other[second]))
    assert proc.returncode == 0, proc.stderr
    assert paid(out) == PAID_2023


def test_a_duplicate_in_one_prior_file_names_both_rows(annual, data2023, run2022, tmp_path):
    # the m2/m6 group counts as one (就高 across measures 2 and 6): a 2022 m6.base award beside the m2 tier
    # paid to the same enterprise, in a hand-kept list, is one payment too many
    rows = pl.read_csv(run2022 / "ledger.csv", infer_schema=False)
    tier = rows.filter((pl.col("rule") == "m2.tier2022") & (pl.col("status") == "awarded")).head(1)
    extra = tier.with_columns(measure=pl.lit("6"), rule=pl.lit("m6.base"), award=pl.lit("50"))
    prior = tmp_path / "paid-2022.csv"
    pl.concat([rows, extra]).write_csv(prior)
    first = rows.with_row_index().filter(pl.col("rule") == "m2.tier2022").item(0, "index") + 2
    proc = annual(data2023, tmp_path / "2023", "--prior", str(prior))
    assert proc.returncode == 1, proc.stderr
    # 5 + 50 under one group is also beyond the group's highest cap (beyond_topup): 2 violations
    assert last_line(proc) == (
        f"jncli annual: paid-2022.csv row {rows.height + 2}: duplicate_award: already awarded under measures 2 and "
        f"6 (one group) for 2022 at paid-2022.csv row {first} (m2.tier2022): one award per measure and year, the "
        "highest only (2 violations in the prior ledgers' rows of the earlier years): what was received before "
        "cannot be taken from them (hint: give each year's payments once: one ledger of what was paid per year (not "
        "the same rows in two files))"
    )


# ------------------------------------------------------------------ 4. a prior in 元 under a header without unit
def test_a_prior_in_yuan_without_its_unit_stops_the_run(annual, data2023, run2022, tmp_path):
    # Before: 50000 (5 万元 in 元) read as 50000 万元 received, above every 2023 tier: every top-up 0, the 155
    # 万元 of tests/test_yearly_run.py TOPUPS (5+5+5+5+25+25+5+15+45+0+15+5) unpaid: 362.28 万元 with exit 0.
    bare = tmp_path / "paid-2022.xlsx"
    paid_sheet(run2022 / "ledger.csv", bare, unit="")
    out = tmp_path / "2023"
    proc = annual(data2023, out, "--prior", str(bare))
    assert proc.returncode == 1, proc.stderr
    assert not out.exists()
    # row 2: 任城区's m1.online 50 万元, written 500000; every awarded row is above its cap, and the m2/m6
    # group's totals beyond the top-up too: 73 violations in all
    assert last_line(proc) == (
        "jncli annual: paid-2022.xlsx row 2: above_cap: award 500000 万元 is above the cap of m1.online, 50 万元 "
        "(73 violations in the prior ledgers' rows of the earlier years): what was received before cannot be taken "
        "from them (hint: if the file's amounts are in 元, label the amount column with its unit (奖励金额(元)); "
        "otherwise pass the ledger of what was actually paid)"
    )
    # labelled 奖励金额(元), the same list is what was paid: the run is the one on the 2022 ledger itself
    labelled = tmp_path / "paid-2022-yuan.xlsx"
    paid_sheet(run2022 / "ledger.csv", labelled)
    assert annual(data2023, out, "--prior", str(labelled)).returncode == 0
    assert paid(out) == PAID_2023
    again = tmp_path / "again"
    assert annual(data2023, again, "--prior", str(run2022 / "ledger.csv")).returncode == 0
    for name in ("ledger.csv", "award-enterprises.csv"):
        # the same, but for the name of the --prior ledger a superseded m3 row's basis cites (据 --prior 台账 …)
        labelled_text = (out / name).read_text("utf-8")
        assert labelled_text.count("据 --prior 台账 paid-2022-yuan.xlsx") == 1
        assert labelled_text.replace("paid-2022-yuan.xlsx", "ledger.csv") == (again / name).read_text("utf-8")


def test_award_enterprises_alone_warns_about_a_prior_given_twice(jncli, data2023, run2022, tmp_path):
    # the single command warns (annual stops): the same 2022 ledger twice would deduct 2 × 5 from each top-up
    ledger = str(run2022 / "ledger.csv")
    args = ["award-enterprises", str(data2023 / "enterprises.csv"), "--year", "2023", "-f", "csv"]
    proc = jncli(*args, "--prior", ledger, "--prior", ledger)
    assert proc.returncode == 0, proc.stderr
    warned = [line for line in proc.stderr.splitlines() if "--prior:" in line]
    assert len(warned) == 1 and warned[0].startswith("jncli award-enterprises: warning: --prior: "), proc.stderr
    assert (
        f"violation(s) in its rows of the years before 2023, the first at {ledger} row 2: duplicate_award: "
        in (warned[0])
    )
    assert warned[0].endswith(
        ": what was received may be wrong (`jncli check-validity` lists them; `annual` stops on them)"
    )
    proc = jncli(*args, "--prior", ledger)
    assert proc.returncode == 0 and "--prior:" not in proc.stderr, proc.stderr
