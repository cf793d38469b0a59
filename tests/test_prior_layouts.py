"""A ledger laid out as Excel users lay it out (review 18, F3): a title row above the header and a 合计 row
under the data, read by `annual --prior`, `check-validity` and `compare` as every other input table is read
(the title skipped, the total checked against the sum of `award` and left out, each with a note). Each case
through the real binary, on the shipped samples, with the money of the 2023 run worked out
(tests/test_prior_ledgers.py: 517.28 万元 with the 2022 payments deducted).

The files are built here from the 2022 run's ledger (openpyxl, csv), never hand-edited.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from test_prior_ledgers import PAID_2023, ZH, last_line, paid
from test_yearly_run import only_2023, run_2022

TITLE = "2022年度电子商务奖励台账"
HEADER = ["受益方", "受益方名称", "条款", "规则", "年度", "奖励金额", "状态", "依据"]


@pytest.fixture(scope="module")
def jncli(jncli):
    return jncli.using(text=True, timeout=300)


@pytest.fixture(scope="module")
def run2022(annual, tmp_path_factory) -> Path:
    return run_2022(annual, tmp_path_factory)


@pytest.fixture(scope="module")
def data2023(tmp_path_factory) -> Path:
    return only_2023(tmp_path_factory.mktemp("data") / "2023")


def ledger_rows(run: Path) -> list[list[str]]:
    """The 2022 ledger's rows as text, in its column order (the header left out)."""
    with open(run / "ledger.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))[1:]


def total_of(rows: list[list[str]]) -> Decimal:
    return sum((Decimal(r[5]) for r in rows), Decimal(0))


def as_xlsx(dest: Path, rows: list[list], *, title: bool = True, total: Decimal | None = None) -> Path:
    """The ledger as an analyst keeps it in Excel: a title row (merged across, as Excel shows a title), the
    Chinese header, the rows as given (text, or numbers), a 合计 row under them with the sum of the awards."""
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append([TITLE])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    if total is not None:
        ws.append(["合计", None, None, None, None, float(total), None, None])
    wb.save(dest)
    return dest


def as_csv(dest: Path, rows: list[list[str]], *, total: Decimal) -> Path:
    with open(dest, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(rows)
        w.writerow(["合计", "", "", "", "", str(total), "", ""])
    return dest


def typed(rows: list[list[str]]) -> list[list]:
    """The cells as Excel holds them once typed in: measure and year whole numbers, the award a number."""
    return [[int(c) if i in (2, 4) else float(c) if i == 5 else c for i, c in enumerate(r)] for r in rows]


# ------------------------------------------------------------------ F3b: a title row above an XLSX ledger
@pytest.mark.parametrize("cells", ["text", "numbers"])
def test_an_xlsx_prior_with_a_title_row_is_read(annual, data2023, run2022, tmp_path, cells):
    # Before: its rows carried the workbook's full path as their file, so the file "held no 2022 row": exit 1
    # with "the prior ledger(s) … hold no 2022 row of measures 2 and 6 (the years of their rows: 2022; …)".
    rows = ledger_rows(run2022)
    prior = as_xlsx(tmp_path / "paid2022.xlsx", rows if cells == "text" else typed(rows))
    proc = annual(data2023, tmp_path / "2023", "--prior", str(prior))
    assert proc.returncode == 0, proc.stderr
    assert f"paid2022.xlsx: row 1 skipped: a title above the header ('{TITLE}')" in proc.stderr
    assert paid(tmp_path / "2023") == PAID_2023
    # the same run as with the ledger itself (the basis names the --prior file)
    proc = annual(data2023, tmp_path / "csv", "--prior", str(run2022 / "ledger.csv"))
    assert proc.returncode == 0, proc.stderr
    a = pl.read_csv(tmp_path / "2023" / "ledger.csv", infer_schema=False)
    b = pl.read_csv(tmp_path / "csv" / "ledger.csv", infer_schema=False)
    assert a.drop("basis").equals(b.drop("basis"))


def test_a_row_of_a_titled_xlsx_prior_is_named_by_the_file_name(annual, data2023, run2022, tmp_path):
    # Before: a message about a row named the workbook by the path it was given (the report must not depend on
    # where the file lies): "/tmp/…/paid2022.xlsx row 45: beyond_topup: …".
    rows = ledger_rows(run2022)
    i = next(i for i, r in enumerate(rows) if r[3] == "m2.tier2022" and r[6] == "awarded")
    rows[i][5] = "50"  # above the 2022 cap of 5 万元: the prior check stops on the row
    prior = as_xlsx(tmp_path / "paid2022.xlsx", rows)
    proc = annual(data2023, tmp_path / "2023", "--prior", str(prior))
    assert proc.returncode == 1, proc.stderr
    assert last_line(proc).startswith(f"jncli annual: paid2022.xlsx row {i + 3}: beyond_topup: "), proc.stderr


# -------------------------------------------------------- F3c: check-validity chooses its mode from the header
def test_check_validity_reads_an_xlsx_ledger_with_a_title_as_a_ledger(jncli, run2022, tmp_path):
    # Before: the mode was chosen from the title row ("neither a ledger … nor a table with a date or year
    # column (found: 2022年度电子商务奖励台账, __UNNAMED__1 …)"), exit 1; --mode ledger read it.
    rows = ledger_rows(run2022)
    clean = as_xlsx(tmp_path / "clean.xlsx", rows)
    proc = jncli("check-validity", str(clean), "-f", "csv")
    assert proc.returncode == 0, proc.stderr
    assert "clean.xlsx: header: row 2" in proc.stderr
    # and the checks run: an award above its cap is found, on its row in the sheet
    i = next(i for i, r in enumerate(rows) if r[3] == "m2.tier2022" and r[6] == "awarded")
    rows[i][5] = "50"
    edited = as_xlsx(tmp_path / "edited.xlsx", rows)
    proc = jncli("check-validity", str(edited), "-f", "csv")
    assert proc.returncode == 3, proc.stderr
    found = list(csv.DictReader(proc.stdout.splitlines()))
    assert {(f["row"], f["kind"]) for f in found} >= {(str(i + 3), "above_cap")}


# ------------------------------------------------------------------- F3a: a 合计 row under the ledger
@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_total_row_under_a_prior_ledger_is_checked_and_left_out(annual, jncli, data2023, run2022, tmp_path, form):
    # Before: exit 1 "… row 214, column 状态 (status): '' is not a status jncli writes …" (annual, check-validity
    # and compare alike): the 合计 row was read as a payment.
    rows = ledger_rows(run2022)
    total = total_of(rows)
    assert total == Decimal("571.53")
    if form == "csv":
        prior, row = as_csv(tmp_path / "paid2022.csv", rows, total=total), len(rows) + 2
    else:
        prior, row = as_xlsx(tmp_path / "paid2022.xlsx", typed(rows), total=total), len(rows) + 3
    said = f"paid2022.{form}: row {row} left out: a total row (合计), checked against the {len(rows)} unit row(s)"
    proc = annual(data2023, tmp_path / "2023", "--prior", str(prior))
    assert proc.returncode == 0, proc.stderr
    assert said in proc.stderr
    assert paid(tmp_path / "2023") == PAID_2023
    proc = jncli("check-validity", str(prior), "-f", "csv")
    assert proc.returncode == 0, proc.stderr
    assert said in proc.stderr
    proc = jncli("compare", str(run2022 / "ledger.csv"), str(prior), "--only", "changed", "-f", "csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().count("\n") == 0  # the header alone: no row changed, none added
    # in Chinese
    proc = jncli("check-validity", str(prior), "-f", "csv", env=ZH)
    assert proc.returncode == 0, proc.stderr
    assert "合计" in proc.stderr and "left out" not in proc.stderr


def test_a_ledger_total_that_disagrees_with_the_awards_stops_the_run(annual, jncli, data2023, run2022, tmp_path):
    # A ledger's awards are exact: a 合计 2 万元 above their sum is not rounding (the bureau tables' tolerance,
    # half a unit of the shown decimals per row, would have allowed 106 万元 over 212 whole-number awards).
    rows = ledger_rows(run2022)
    prior = as_csv(tmp_path / "paid2022.csv", rows, total=total_of(rows) + 2)
    proc = annual(data2023, tmp_path / "2023", "--prior", str(prior))
    assert proc.returncode == 1, proc.stderr
    assert last_line(proc).startswith(
        f"jncli annual: paid2022.csv row {len(rows) + 2}, column 奖励金额 (award): the grand total (合计) is 573.53 "
        "万元 but the 212 unit row(s) sum to 571.53 万元 (difference 2 万元"
    )
    assert not (tmp_path / "2023").exists()
    proc = jncli("check-validity", str(prior), "-f", "csv")
    assert proc.returncode == 0, proc.stderr
    assert "does not agree with the sum of the 212 unit row(s)" in proc.stderr
    # the total's own rounding is allowed: 571.5 for 571.53
    prior = as_csv(tmp_path / "rounded.csv", rows, total=Decimal("571.5"))
    proc = jncli("check-validity", str(prior), "-f", "csv")
    assert proc.returncode == 0 and "checked against the 212 unit row(s)" in proc.stderr, proc.stderr


# ------------------------------------------------------------------- F3d: a --prior workbook of two tables
def test_a_prior_workbook_of_two_tables_says_what_works_for_prior(annual, jncli, data2023, run2022, tmp_path):
    # Before: the hint was "say which one with --sheet NAME (or its number)", an option annual does not have.
    rows = ledger_rows(run2022)
    prior = as_xlsx(tmp_path / "paid2022.xlsx", typed(rows), title=False)
    wb = openpyxl.load_workbook(prior)
    wb.active.title = "台账"
    summary = wb.create_sheet("汇总")  # a total per beneficiary kind, as an analyst adds beside the ledger
    summary.append(["类别", "奖励金额"])
    summary.append(["县市区", float(sum(Decimal(r[5]) for r in rows if r[2] == "1"))])
    summary.append(["企业", float(sum(Decimal(r[5]) for r in rows if r[2] != "1"))])
    wb.save(prior)
    proc = annual(data2023, tmp_path / "2023", "--prior", str(prior))
    assert proc.returncode == 1, proc.stderr
    assert last_line(proc) == (
        f"jncli annual: {prior} has 2 visible sheets holding a table: 台账, 汇总 (hint: a --prior workbook is read "
        f"as one table: save the sheet holding the ledger as a file of its own, `jncli cat {prior} --sheet NAME -o "
        "paid2022.csv`, and give that with --prior)"
    )
    # what the hint says works
    proc = jncli("cat", str(prior), "--sheet", "台账", "-o", "paid2022.csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    proc = annual(data2023, tmp_path / "2023", "--prior", str(tmp_path / "paid2022.csv"))
    assert proc.returncode == 0, proc.stderr
    assert paid(tmp_path / "2023") == PAID_2023
    proc = annual(data2023, tmp_path / "zh", "--prior", str(prior), env=ZH)
    assert proc.returncode == 1 and "请把存放台账的工作表另存为单独的文件" in last_line(proc), proc.stderr
