"""A month written `2023.1` as text (review 14, finding 1), through the real binary.

A sheet that keeps its insurance months as numbers (2023.05 … 2023.10) and is saved as CSV by Excel or
WPS has each number in its shortest form: 2023.10 becomes `2023.1`, which jncli read as January — the
hire's 6th month moved, its year moved, money moved, exit 0 (the same cell in an XLSX was refused,
`tableio.checks.number_dates`). Now a month cell written `YYYY.1` as text is an error naming file, row
and column, in every command and in `annual` (RULES.md is silent: docs/policy-reading.md) — unless the
same column of the same file also holds a month written `YYYY.10`: no number is ever written so, so that
column is text, and its `2023.1` is January. `2023.2` … `2023.9` and `2023.01` … `2023.12` are read as ever.

The inputs are GB18030 CSVs written here, as a bureau's export. Employers are in 任城区, whose rate is
0.49 万元 per qualifying hire; every hire was trained at a 院校 (no list of training institutions needed).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import polars as pl
from hire_files import HIRES_HEADER, INSURANCE_HEADER, ZH, by_code, hire, pid, write

from jncli import credit_code

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
EMP, EMP2 = credit_code.make("91370800MA0000071"), credit_code.make("91370800MA0000072")


P1, P2 = pid(1), pid(2)


def as_number(year: int, month: int) -> str:
    """The month kept as the number YYYY.MM, as Excel/WPS write a number into a CSV (its shortest form:
    2023.05 → 2023.05, 2023.10 → 2023.1); Python's repr of a float is the same shortest form."""
    return repr(float(f"{year}.{month:02d}"))


def inputs(folder: Path, hires: list[list[str]], insurance: list[list[str]]) -> None:
    write(folder / "hires.csv", HIRES_HEADER, hires)
    write(folder / "insurance.csv", INSURANCE_HEADER, insurance)
    write(folder / "county_rates.csv", ["县市区", "每人奖励(万元)"], [["任城区", "0.49"]])


def trained_hires(jncli, folder: Path, **kw):
    common = ["trained-hires", "hires.csv", "--insurance", "insurance.csv", "--county-rates", "county_rates.csv"]
    return jncli(*common, "--year", "2023", "-f", "csv", cwd=folder, text=True, **kw)


MESSAGE = (
    "{where}: {value} may be January or October: Excel and WPS write the number 2023.10 as 2023.1 when they save "
    "a CSV (hint: write the months as 2023-01 or 2023-10 (or 202301, 202310); a column that also holds a month "
    "written 2023.10 is read as text, its 2023.1 as January)"
)

# The reviewer's case: 甲 hired P1 on 2023-05-15 and paid May … October 2023, kept as numbers and saved as
# CSV: rows 2 … 7 are 2023.05, 2023.06, 2023.07, 2023.08, 2023.09, 2023.1. Read as January (main), October
# was lost: 5 months, 甲 `ineligible`, 0 万元, exit 0. By hand (RULES §8): May … Oct = 6 consecutive months
# from the month of hiring, the 6th 2023-10: it counts in 2023, 1 × 0.49 = 0.49 万元 — if the cell is October.
OCT = [[P1, EMP, as_number(2023, m)] for m in range(5, 11)]


def test_a_month_written_2023_1_in_a_number_export_is_refused(jncli, tmp_path):
    assert [r[2] for r in OCT] == ["2023.05", "2023.06", "2023.07", "2023.08", "2023.09", "2023.1"]
    inputs(tmp_path, [hire(EMP, P1, "2023-05-15", "甲电商")], OCT)
    proc = trained_hires(jncli, tmp_path)
    assert proc.returncode == 1 and proc.stdout == "", proc.stderr
    where = "insurance.csv row 7, column 参保月份 (month)"
    assert proc.stderr == f"jncli trained-hires: {MESSAGE.format(where=where, value='2023.1')}\n"
    zh = trained_hires(jncli, tmp_path, env=ZH)
    assert zh.returncode == 1 and zh.stdout == ""
    assert (
        "insurance.csv 第7行，参保月份（month）列：2023.1 可能是 1 月，也可能是 10 月：Excel 和 WPS 保存为 CSV 时"
        "会把数字 2023.10 写成 2023.1（提示：请把月份写成 2023-01 或 2023-10（或 202301、202310）"
    ) in zh.stderr
    # written as the hint says (2023-10): October, 6 months, 1 × 0.49 = 0.49 万元
    inputs(tmp_path, [hire(EMP, P1, "2023-05-15", "甲电商")], [*OCT[:5], [P1, EMP, "2023-10"]])
    fixed = trained_hires(jncli, tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    assert by_code(pl.read_csv(fixed.stdout.encode())) == {EMP: ("awarded", 0.49)}


def test_every_command_refuses_it_in_any_spelling(jncli, tmp_path):
    # `cat --as insurance` reads the column as trained-hires does; spaces around the cell and full-width
    # digits are the same month. The first such cell is named (row 3: row 2 is 2023.5, one month).
    for cell, shown in [("2023.1", "2023.1"), (" 2024.1 ", "2024.1"), ("２０２３．１", "２０２３．１")]:
        write(tmp_path / "ins.csv", INSURANCE_HEADER, [[P1, EMP, "2023.5"], [P1, EMP, cell], [P1, EMP, "2022.1"]])
        proc = jncli("cat", "--as", "insurance", "ins.csv", cwd=tmp_path, text=True)
        assert proc.returncode == 1 and proc.stdout == "", proc.stderr
        where = "ins.csv row 3, column 参保月份 (month)"
        assert proc.stderr == f"jncli cat: {MESSAGE.format(where=where, value=shown)}\n"
    # a text cell of a workbook alike (its number cells are refused as "typed as a number", as before)
    import openpyxl

    book = openpyxl.Workbook()
    for row in [INSURANCE_HEADER, [P1, EMP, "2023.5"], [P1, EMP, "2023.1"]]:
        book.active.append(row)
    book.save(tmp_path / "ins.xlsx")
    proc = jncli("cat", "--as", "insurance", "ins.xlsx", cwd=tmp_path, text=True)
    assert proc.returncode == 1 and proc.stdout == "", proc.stderr
    where = "ins.xlsx row 3, column 参保月份 (month)"
    assert proc.stderr == f"jncli cat: {MESSAGE.format(where=where, value='2023.1')}\n"


def test_unambiguous_dotted_months_are_read_as_ever(jncli, tmp_path):
    # 2023.2 … 2023.9 and 2023.01 … 2023.12 name one month each, whatever wrote them
    cells = [f"2023.{m}" for m in range(2, 10)] + [f"2023.{m:02d}" for m in range(1, 13)]
    write(tmp_path / "ins.csv", INSURANCE_HEADER, [[P1, EMP, c] for c in cells])
    proc = jncli("cat", "--as", "insurance", "ins.csv", "-f", "csv", cwd=tmp_path, text=True)
    assert proc.returncode == 0, proc.stderr
    read = pl.read_csv(proc.stdout.encode(), try_parse_dates=True)["month"].to_list()
    assert [f"{d:%Y-%m}" for d in read] == [f"2023-{m:02d}" for m in range(2, 10)] + [
        f"2023-{m:02d}" for m in range(1, 13)
    ]


# A column that also holds `2023.10` as text is text: its 2023.1 is January. 甲 hired P1 on 2023-05-15, paid
# 2023.05 … 2023.09 and 2023.10 (October, written so): 6 months, the 6th 2023-10. 乙 hired P2 on 2022-08-01,
# paid 2022.08, 2022.09, 2022.10, 2022.11, 2022.12, 2023.1 (January 2023): 6 consecutive months Aug 2022 …
# Jan 2023, the 6th 2023-01, so it counts in 2023 (had 2023.1 been October: 5 months, 乙 0).
# By hand: 甲 1 × 0.49 = 0.49 万元, 乙 1 × 0.49 = 0.49 万元.
TEXT = (
    [[P1, EMP, f"2023.{m:02d}"] for m in range(5, 10)]
    + [[P1, EMP, "2023.10"]]
    + [[P2, EMP2, f"2022.{m:02d}"] for m in range(8, 10)]
    + [[P2, EMP2, f"2022.{m}"] for m in range(10, 13)]
    + [[P2, EMP2, "2023.1"]]
)
TEXT_HIRES = [hire(EMP, P1, "2023-05-15", "甲电商"), hire(EMP2, P2, "2022-08-01", "乙电商")]


def test_a_column_holding_2023_10_as_text_reads_2023_1_as_january(jncli, tmp_path):
    inputs(tmp_path, TEXT_HIRES, TEXT)
    proc = trained_hires(jncli, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert by_code(pl.read_csv(proc.stdout.encode())) == {EMP: ("awarded", 0.49), EMP2: ("awarded", 0.49)}
    assert "January or October" not in proc.stderr
    # 乙's rows alone: their 2022.10 shows the column is text, as 甲's 2023.10 did — 乙 1 × 0.49 = 0.49
    inputs(tmp_path, TEXT_HIRES[1:], TEXT[6:])
    proc = trained_hires(jncli, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert by_code(pl.read_csv(proc.stdout.encode())) == {EMP2: ("awarded", 0.49)}
    # and with that cell written 2022-10, nothing says the column is text: refused at 2023.1 (row 7)
    assert TEXT[8] == [P2, EMP2, "2022.10"]
    inputs(tmp_path, TEXT_HIRES[1:], [*TEXT[6:8], [P2, EMP2, "2022-10"], *TEXT[9:]])
    proc = trained_hires(jncli, tmp_path)
    assert proc.returncode == 1 and proc.stdout == ""
    assert "insurance.csv row 7, column 参保月份 (month): 2023.1 may be January or October" in proc.stderr


def test_annual_stops_on_the_samples_insurance_saved_from_numbers(jncli, tmp_path):
    # The samples' 参保月份 (202305 …) kept as numbers YYYY.MM and saved as CSV: the first October is on row 11
    # (2023.1). main read every October as January: 2023's m8 total 3.60 → 4.00 万元, exit 0.
    data = tmp_path / "data"
    shutil.copytree(SAMPLES, data, ignore=shutil.ignore_patterns("*.sh", "README.md"))
    rows = list(csv.reader((SAMPLES / "insurance.csv").read_text(encoding="utf-8-sig").splitlines()))
    numbers = [[p, c, as_number(int(m[:4]), int(m[4:6]))] for p, c, m in rows[1:]]
    write(data / "insurance.csv", rows[0], numbers)
    assert [r[2] for r in numbers[:10]][-1] == "2023.1" and "2023.1" not in [r[2] for r in numbers[:9]]
    out = tmp_path / "out" / "2023"
    args = ["annual", str(data), "--year", "2023", "--province-growth", "10%", "--province-rural-growth", "12%"]
    proc = jncli(*args, "--first-year", "-o", str(out), text=True, timeout=300)
    assert proc.returncode == 1 and not out.exists(), proc.stderr
    where = "insurance.csv row 11, column 参保月份 (month)"
    assert proc.stderr.endswith(f"jncli annual: {MESSAGE.format(where=where, value='2023.1')}\n")
