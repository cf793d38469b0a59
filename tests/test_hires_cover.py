"""Measure 8 across years and employers (review 11, findings 5 and 8), through the real binary.

- A hire counts in the year of the 6th month of its first run of 6, once ever. That year can be told only
  from every month paid since the month of hiring: an insurance table that starts after a hire's month
  (the cron layout's `data/2023` with 2023's insurance alone) would count a hire that reached 6 months
  in 2022 again in 2023, and lose one whose 6 months straddle 1 January. `annual` stops; `trained-hires`
  warns (counting the hires and naming the first rows).
- One person's month paid by two employers is contradictory data (both employers would count it):
  `annual` stops, `trained-hires` warns, naming both insurance rows, the month and the person masked. A
  job change (one employer, then the next) stays as it is.

The inputs are GB18030 CSVs written here, as a bureau's export; employers are in 任城区, whose rate is
0.5 万元 per qualifying hire; every hire was trained at a 院校 (no list of training institutions needed).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
from hire_files import HIRES_HEADER, INSURANCE_HEADER, ZH, by_code, hire, pid, write

from jncli import credit_code

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SKIP = ["--skip", "1", "--skip", "2", "--skip", "4"]  # measures 7 and 8 run


def masked(person: str) -> str:
    return person[:4] + "*" * 10 + person[-4:]


EMP, EMP2 = credit_code.make("91370800MA0000001"), credit_code.make("91370800MA0000002")
P1, P2 = pid(1), pid(2)


def months(start: str, count: int) -> list[str]:
    y, m = map(int, start.split("-"))
    return [f"{(y * 12 + m - 1 + k) // 12}{(y * 12 + m - 1 + k) % 12 + 1:02d}" for k in range(count)]


def paid(person: str, emp: str, month_list: list[str]) -> list[list[str]]:
    return [[person, emp, m] for m in month_list]


def rates(folder: Path) -> Path:
    return write(folder / "county_rates.csv", ["县市区", "每人奖励(万元)"], [["任城区", "0.5"]])


# ------------------------------------------------------------------------------------------ finding 5
# P1 (甲, hired 2022-05): paid 2022-05..10 — 6 months, the 6th in 2022-10: counts in 2022 — and again
# 2023-03..08. P2 (乙, hired 2022-10): paid 2022-10..2023-03 — 6 months, the 6th in 2023-03: counts in 2023.
# For 2023, with every month: 甲 has no hire counting in 2023 (ineligible, 0); 乙 1 × 0.5 = 0.5 万元.
# With 2023's months alone (main's code): 甲 1 × 0.5 = 0.5 (P1 counted a second time), 乙 0 (P2 has 3 months).
PAID_2022 = paid(P1, EMP, months("2022-05", 6)) + paid(P2, EMP2, months("2022-10", 3))
PAID_2023 = paid(P1, EMP, months("2023-03", 10)) + paid(P2, EMP2, months("2023-01", 3))  # exported to 2023-12
HIRES_5 = [hire(EMP, P1, "2022-05-01"), hire(EMP2, P2, "2022-10-08", "乙电商")]


def test_trained_hires_warns_when_the_insurance_starts_after_a_hire(jncli, tmp_path):
    write(tmp_path / "hires.csv", HIRES_HEADER, HIRES_5)
    write(tmp_path / "ins2022.csv", INSURANCE_HEADER, PAID_2022)
    write(tmp_path / "ins2023.csv", INSURANCE_HEADER, PAID_2023)
    rates(tmp_path)
    common = ["trained-hires", "hires.csv", "--county-rates", "county_rates.csv", "--year", "2023", "-f", "csv"]
    # every month since hiring: correct, and no warning
    full = jncli(*common, "--insurance", "ins2022.csv", "--insurance", "ins2023.csv", cwd=tmp_path, text=True)
    assert full.returncode == 0, full.stderr
    assert "first month of the insurance table" not in full.stderr
    assert by_code(pl.read_csv(full.stdout.encode())) == {EMP: ("ineligible", 0.0), EMP2: ("awarded", 0.5)}
    # 2023's months alone: the result cannot be right, and a warning says why, how many and where
    part = jncli(*common, "--insurance", "ins2023.csv", cwd=tmp_path, text=True)
    assert part.returncode == 0, part.stderr
    assert (
        "warning: 2 hire(s) were hired before 2023-01, the first month of the insurance table, and have months "
        "paid in 2023 (hires.csv row 2, column hired_on, rows 2, 3): whether they reached 6 consecutive months "
        "before 2023 cannot be told, and they are counted from 2023-01 as if nothing was paid before; pass the "
        "earlier years' insurance too (--insurance 2022.csv --insurance 2023.csv)"
    ) in part.stderr
    assert by_code(pl.read_csv(part.stdout.encode())) == {EMP: ("awarded", 0.5), EMP2: ("ineligible", 0.0)}


def test_trained_hires_on_the_samples_has_no_such_warning(jncli):
    proc = jncli(
        "trained-hires", "samples/hires.csv", "--insurance", "samples/insurance.csv", "--year", "2023", text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert "insurance table" not in proc.stderr and "two employers" not in proc.stderr


def _year_folder(root: Path, year: int, insurance: list[list[str]], hires: list[list[str]]) -> Path:
    folder = root / "data" / str(year)
    folder.mkdir(parents=True)
    write(folder / "hires.csv", HIRES_HEADER, hires)
    write(folder / "insurance.csv", INSURANCE_HEADER, insurance)
    rates(folder)
    for name in ("candidates.csv", "records.csv"):
        shutil.copy(SAMPLES / name, folder / name)
    return folder


def _annual(jncli, data: Path, year: int, out: Path, **kw):
    return jncli("annual", str(data), "--year", str(year), *SKIP, "-o", str(out), text=True, timeout=300, **kw)


def _m8(out: Path) -> dict[str, tuple[str, float]]:
    ledger = pl.read_csv(out / "ledger.csv")
    return by_code(ledger.filter(pl.col("rule") == "m8.hires"))


def test_annual_stops_when_each_years_folder_holds_only_its_insurance(jncli, tmp_path):
    d2022 = _year_folder(tmp_path, 2022, PAID_2022, HIRES_5)
    d2023 = _year_folder(tmp_path, 2023, PAID_2023, HIRES_5)
    out = tmp_path / "out"
    # 2022: the table starts 2022-05, the month P1 was hired: nothing before it is missing. P1's 6th month
    # is 2022-10: 甲 1 × 0.5 = 0.5; P2 has 3 months by December: 乙 0.
    proc = _annual(jncli, d2022, 2022, out / "2022")
    assert proc.returncode == 0, proc.stderr
    assert _m8(out / "2022") == {EMP: ("awarded", 0.5), EMP2: ("ineligible", 0.0)}
    # 2023 with 2023's insurance alone: main paid 甲 0.5 again and lost P2 (exit 0); now the run stops
    proc = _annual(jncli, d2023, 2023, out / "2023")
    assert proc.returncode == 1 and not (out / "2023").exists()
    assert (
        "jncli annual: hires.csv row 2, column hired_on: 2 hire(s) (rows 2, 3) were hired before 2023-01, the "
        "first month of the insurance table, and have months paid in 2023: without their months since hiring it "
        "cannot be told whether they reached 6 consecutive months before 2023 (and count then, not again in "
        "2023) or across 1 January (hint: add the insurance months since hiring: put the insurance file of 2022 "
        "(and of any earlier year a hire's months fall in) into the data folder beside this year's (both are "
        "read); a hire counts in one year only)"
    ) in proc.stderr
    zh = _annual(jncli, d2023, 2023, out / "2023", env=ZH)
    assert zh.returncode == 1
    assert "2名人员（第2, 3行）入职早于参保表的第一个月2023-01，且在2023年有参保月份" in zh.stderr
    assert "把2022年（以及人员参保月份所在的更早年度）的参保记录文件放入数据文件夹" in zh.stderr
    # as the hint says: last year's insurance file beside this year's — 甲 0 (P1 counted in 2022), 乙 0.5
    shutil.copy(d2022 / "insurance.csv", d2023 / "insurance-2022.csv")
    proc = _annual(jncli, d2023, 2023, out / "2023")
    assert proc.returncode == 0, proc.stderr
    assert _m8(out / "2023") == {EMP: ("ineligible", 0.0), EMP2: ("awarded", 0.5)}


# ------------------------------------------------------------------------------------------ finding 8
# One person hired by 甲 and by 乙, both paying 2023-01..06: main paid both 1 × 0.5 = 0.5, without a word.
HIRES_8 = [hire(EMP, P1, "2023-01-01"), hire(EMP2, P1, "2023-01-01", "乙电商")]
# rows 2..7 甲, 8..13 乙; the export runs to 2023-12 (its last row another person's, of no listed hire)
TO_DECEMBER = paid(pid(9), EMP, ["202312"])
BOTH = paid(P1, EMP, months("2023-01", 6)) + paid(P1, EMP2, months("2023-01", 6)) + TO_DECEMBER
# A job change: 甲 hired 2022-07 and paid 2022-07..12 (6th month 2022-12: counts in 2022), 乙 hired 2023-01
# and paid 2023-01..06 (counts in 2023). For 2023: 甲 0 (ineligible), 乙 1 × 0.5 = 0.5; no warning.
HIRES_CHANGE = [hire(EMP, P1, "2022-07-01"), hire(EMP2, P1, "2023-01-01", "乙电商")]
CHANGE = paid(P1, EMP, months("2022-07", 6)) + paid(P1, EMP2, months("2023-01", 6)) + TO_DECEMBER


def test_trained_hires_warns_of_one_person_insured_by_two_employers_in_a_month(jncli, tmp_path):
    write(tmp_path / "hires.csv", HIRES_HEADER, HIRES_8)
    write(tmp_path / "insurance.csv", INSURANCE_HEADER, BOTH)
    rates(tmp_path)
    args = ["hires.csv", "--insurance", "insurance.csv", "--county-rates", "county_rates.csv", "--year", "2023"]
    proc = jncli("trained-hires", *args, "-f", "csv", cwd=tmp_path, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (
        f"warning: insurance.csv row 2 and insurance.csv row 8: person {masked(P1)} is insured by two employers in "
        f"2023-01, {EMP} and {EMP2}: both count the month (and 5 more person-month(s)); check the insurance export"
    ) in proc.stderr
    assert P1 not in proc.stderr
    # the command still computes what the data says (both employers 1 × 0.5): the warning is the flag
    assert by_code(pl.read_csv(proc.stdout.encode())) == {EMP: ("awarded", 0.5), EMP2: ("awarded", 0.5)}
    zh = jncli("trained-hires", *args, "-o", "x.csv", cwd=tmp_path, text=True, env=ZH)
    assert (
        f"insurance.csv 第2行和insurance.csv 第8行：人员{masked(P1)}在2023-01同时由两家用人单位参保（{EMP}和{EMP2}），"
        f"两家均计入该月（另有5处同一人员同一月份由两家单位参保）；请核对参保记录"
    ) in zh.stderr


def test_a_job_change_is_two_hires_without_a_warning(jncli, tmp_path):
    write(tmp_path / "hires.csv", HIRES_HEADER, HIRES_CHANGE)
    write(tmp_path / "insurance.csv", INSURANCE_HEADER, CHANGE)
    rates(tmp_path)
    args = ["hires.csv", "--insurance", "insurance.csv", "--county-rates", "county_rates.csv", "-f", "csv"]
    y2023 = jncli("trained-hires", *args, "--year", "2023", cwd=tmp_path, text=True)
    assert y2023.returncode == 0 and "warning" not in y2023.stderr, y2023.stderr
    assert by_code(pl.read_csv(y2023.stdout.encode())) == {EMP: ("ineligible", 0.0), EMP2: ("awarded", 0.5)}
    y2022 = jncli("trained-hires", *args, "--year", "2022", cwd=tmp_path, text=True)
    assert by_code(pl.read_csv(y2022.stdout.encode())) == {EMP: ("awarded", 0.5), EMP2: ("ineligible", 0.0)}


def test_annual_stops_on_one_person_insured_by_two_employers(jncli, tmp_path):
    data = _year_folder(tmp_path, 2023, BOTH, HIRES_8)
    out = tmp_path / "out" / "2023"
    proc = _annual(jncli, data, 2023, out)
    assert proc.returncode == 1 and not out.exists()
    assert (
        f"jncli annual: insurance.csv row 2 and insurance.csv row 8: person {masked(P1)} is insured by two "
        f"employers in 2023-01, {EMP} and {EMP2}, and both would count the month (and 5 more person-month(s)) "
        f"(hint: a month's social insurance is paid by one employer: correct the insurance export (a wrong "
        f"employer code, or a month paid by the former employer after a job change))"
    ) in proc.stderr
    assert P1 not in proc.stderr
    zh = _annual(jncli, data, 2023, out, env=ZH)
    assert f"人员{masked(P1)}在2023-01同时由两家用人单位参保（{EMP}和{EMP2}），两家都会计入该月" in zh.stderr
    # the job change runs: 甲 0 (its hire counted in 2022), 乙 1 × 0.5 = 0.5
    change = _year_folder(tmp_path / "change", 2023, CHANGE, HIRES_CHANGE)
    proc = _annual(jncli, change, 2023, tmp_path / "change" / "out")
    assert proc.returncode == 0, proc.stderr
    assert _m8(tmp_path / "change" / "out") == {EMP: ("ineligible", 0.0), EMP2: ("awarded", 0.5)}
