"""Two versions of the insurance table or of the violation records side by side (review 28, F2 and F3).

Several files of one kind are read as one table. Parts of it (the insurance of each year) share no row; a file
that repeats rows of another is another version (a revision saved beside the original, a copy) or an export
overlapping another, and jncli cannot tell which rows to count: main unioned them, so a month or a record the
revision removed still counted (exit 0, wrong money). Now a row in two different files — the same person,
employer and month (insurance), the same credit code, kind and date recorded (records) — stops the run naming
both files, how many rows they share and the first shared pair. Repeats within one file stay as they were.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
from hire_files import ZH

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SKIP = ("--skip", "1", "--skip", "2", "--skip", "4")  # measures 7 and 8 run
# F2: the revision drops one month of a hire of 91370881U7XNP1MD9F, which then does not reach 6 consecutive months
REMOVED = "990881199302013301,91370881U7XNP1MD9F,202308"
HIRES = ("trained-hires", str(SAMPLES / "hires.csv"), "--county-rates", str(SAMPLES / "county_rates.csv"))


def _data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(SAMPLES, data)
    return data


def _m8(out: Path) -> pl.DataFrame:
    return pl.read_csv(out / "ledger.csv", infer_schema=False).filter(pl.col("rule") == "m8.hires")


def _lines(path: Path) -> list[str]:
    return path.read_text("utf-8").splitlines()


def test_annual_stops_on_two_versions_of_the_insurance(annual, tmp_path):
    data = _data(tmp_path)
    revised = [line for line in _lines(data / "insurance.csv") if line != REMOVED]
    assert len(revised) == len(_lines(data / "insurance.csv")) - 1
    (data / "insurance(修订).csv").write_text("\n".join(revised) + "\n", "utf-8")
    proc = annual(data, tmp_path / "out", *SKIP)
    # main: exit 0, the removed month counted from the old file, 91370881U7XNP1MD9F awarded 0.2 万元
    assert proc.returncode == 1, proc.stderr
    assert not (tmp_path / "out").exists()
    assert (
        "jncli annual: insurance(修订).csv and insurance.csv: 477 insurance row(s) of insurance.csv repeat a row of "
        "insurance(修订).csv (the same person, employer and month; first: insurance.csv row 2 and insurance(修订).csv "
        "row 2): two versions of the insurance table, or parts that overlap; which months to count cannot be told "
        "(hint: keep one version (take the other out of the data folder or off the command line); if the files are "
        "parts of one table, remove the rows they share from one of them)"
    ) in proc.stderr
    zh = annual(data, tmp_path / "out", *SKIP, env=ZH)
    assert zh.returncode == 1
    assert (
        "insurance(修订).csv 与 insurance.csv：insurance.csv 中有477条参保记录与 insurance(修订).csv 中的记录重复"
        "（人员、用人单位和月份均相同；第一处：insurance.csv 第2行 与 insurance(修订).csv 第2行）：这是参保表的两个"
        "版本，或相互重叠的几部分；无法判断应计入哪些月份（提示：请只保留一个版本"
    ) in zh.stderr
    # the revision alone runs: the hire's months are broken, the employer is not paid
    (data / "insurance.csv").unlink()
    proc = annual(data, tmp_path / "out", *SKIP)
    assert proc.returncode == 0, proc.stderr
    row = _m8(tmp_path / "out").filter(pl.col("beneficiary") == "91370881U7XNP1MD9F").row(0, named=True)
    assert (row["status"], float(row["award"])) == ("ineligible", 0.0)


def test_trained_hires_stops_on_two_versions_given_with_insurance(jncli, tmp_path):
    old = SAMPLES / "insurance.csv"
    new = tmp_path / "insurance2.csv"
    new.write_text("\n".join(line for line in _lines(old) if line != REMOVED) + "\n", "utf-8")
    proc = jncli(*HIRES, "--insurance", str(old), "--insurance", "insurance2.csv", "--year", "2023", cwd=tmp_path)
    assert proc.returncode == 1 and not proc.stdout
    err = proc.stderr.decode()
    assert f"jncli trained-hires: {old} and insurance2.csv: 477 insurance row(s) of insurance2.csv repeat a row" in err
    assert "(the same person, employer and month; first: insurance2.csv row 2 and " in err


def test_annual_stops_on_two_versions_of_the_records(annual, tmp_path):
    # records.csv: an unrepaired record of the training institution 9137082928HF9X4H8E; the revision repairs it.
    # main: exit 0, the institution excluded from the whitelist by the old record, measure 8 short 0.49 万元
    data = _data(tmp_path)
    base = (SAMPLES / "records.csv").read_text("utf-8")
    (data / "records.csv").write_text(base + "9137082928HF9X4H8E,违法违规,2023-03-01,\n", "utf-8")
    (data / "records(修订).csv").write_text(base + "9137082928HF9X4H8E,违法违规,2023-03-01,2023-04-01\n", "utf-8")
    proc = annual(data, tmp_path / "out", *SKIP)
    assert proc.returncode == 1, proc.stderr
    assert not (tmp_path / "out").exists()
    assert (
        "jncli annual: records(修订).csv and records.csv: 10 record(s) of records.csv repeat a record of "
        "records(修订).csv (the same credit code, kind and date recorded; first: records.csv row 2 and "
        "records(修订).csv row 2): two versions of the records, or parts that overlap; which records to count "
        "cannot be told (hint: keep one version (take the other out of the data folder); if the files are parts "
        "of one list, remove the records they share from one of them)"
    ) in proc.stderr
    zh = annual(data, tmp_path / "out", *SKIP, env=ZH)
    assert zh.returncode == 1
    assert "records(修订).csv 与 records.csv：records.csv 中有10条记录与 records(修订).csv 中的记录重复" in zh.stderr
    same = "（统一社会信用代码、记录类型和记录日期均相同；第一处：records.csv 第2行 与 records(修订).csv 第2行）"
    assert same in zh.stderr


def test_annual_reads_an_exact_copy_of_the_records_once_with_a_warning(annual, tmp_path):
    # main (review 28): exit 0, every record counted twice (期间有2条…未修复…记录 in the basis); review 28 then
    # stopped. Review 29 F5: an exact copy holds the same records in every column, so the union is right once
    # each shared record counts once: a warning naming both files, and the ledger of the one file.
    data = _data(tmp_path)
    shutil.copy(SAMPLES / "records.csv", data / "records - 副本.csv")
    proc = annual(data, tmp_path / "out", *SKIP)
    assert proc.returncode == 0, proc.stderr
    assert "records - 副本.csv and records.csv: 9 record(s) of records.csv repeat a record of" in proc.stderr
    assert "identical in every column" in proc.stderr
    one = annual(SAMPLES, tmp_path / "one", *SKIP)
    assert one.returncode == 0, one.stderr
    assert (tmp_path / "out" / "ledger.csv").read_bytes() == (tmp_path / "one" / "ledger.csv").read_bytes()


def test_insurance_parts_without_a_shared_row_run_and_pay_as_one_file(annual, jncli, tmp_path):
    """The insurance of 2022 and of 2023 in two files (the cron layout's `insurance-2022.csv` beside this year's)
    share no person-employer-month: read as one table, they pay exactly what the one file pays."""
    header, *rows = _lines(SAMPLES / "insurance.csv")
    early = [r for r in rows if r.rsplit(",", 1)[1].startswith("2022")]
    later = [r for r in rows if not r.rsplit(",", 1)[1].startswith("2022")]
    assert early and later
    data = _data(tmp_path)
    (data / "insurance-2022.csv").write_text("\n".join([header, *early]) + "\n", "utf-8")
    (data / "insurance.csv").write_text("\n".join([header, *later]) + "\n", "utf-8")
    parts = annual(data, tmp_path / "parts", *SKIP)
    assert parts.returncode == 0, parts.stderr
    assert "trained-hires (measure 8) ← hires.csv, insurance-2022.csv, insurance.csv" in parts.stderr
    whole = annual(SAMPLES, tmp_path / "whole", *SKIP)
    assert whole.returncode == 0, whole.stderr
    assert _m8(tmp_path / "parts").equals(_m8(tmp_path / "whole"))
    assert _m8(tmp_path / "whole")["award"].cast(pl.Float64).sum() > 0
    # the command with one --insurance per part: the same table as with the one file
    split = jncli(*HIRES, "--insurance", "insurance-2022.csv", "--insurance", "insurance.csv", "-f", "csv", cwd=data)
    one = jncli(*HIRES, "--insurance", str(SAMPLES / "insurance.csv"), "-f", "csv")
    assert split.returncode == 0 and one.returncode == 0, split.stderr
    assert split.stdout == one.stdout
