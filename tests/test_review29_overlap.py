"""Review 29 F5: two records or insurance files sharing rows identical in every column (two sources naming the
same record, two exports sharing their edge month) are read once each with a warning naming both files; a
shared identity that differs in another column still stops (tests/test_overlapping_files.py). Through the
installed binary, on files built here from the shipped samples."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
from hire_files import ZH

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SKIP = ("--skip", "1", "--skip", "2", "--skip", "4")  # measures 7 and 8 run


def _data(tmp_path: Path, drop: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(SAMPLES, data, ignore=shutil.ignore_patterns(drop, "README.md", "annual.sh"))
    return data


def _lines(path: Path) -> list[str]:
    return path.read_text("utf-8").splitlines()


def _ledger(out: Path) -> pl.DataFrame:
    return pl.read_csv(out / "ledger.csv", infer_schema=False)


def test_records_from_two_sources_naming_one_record_run_with_a_warning(annual, tmp_path):
    header, *rows = _lines(SAMPLES / "records.csv")
    data = _data(tmp_path, "records.csv")
    (data / "records_court.csv").write_text("\n".join([header, *rows[:5]]) + "\n", "utf-8")
    (data / "records_tax.csv").write_text("\n".join([header, *rows[4:]]) + "\n", "utf-8")  # rows[4] in both
    proc = annual(data, tmp_path / "out", *SKIP)
    assert proc.returncode == 0, proc.stderr  # stopped: "two versions of the records, or parts that overlap"
    assert (
        "records_court.csv and records_tax.csv: 1 record(s) of records_tax.csv repeat a record of records_court.csv "
        "identical in every column (first: records_tax.csv row 2 and records_court.csv row 6): read as two "
        "sources naming the same record, each counted once"
    ) in proc.stderr
    whole = annual(SAMPLES, tmp_path / "whole", *SKIP)
    assert whole.returncode == 0, whole.stderr
    assert _ledger(tmp_path / "out").equals(_ledger(tmp_path / "whole"))  # the shared record counted once
    zh = annual(data, tmp_path / "zh", *SKIP, env=ZH)
    assert zh.returncode == 0 and "按两个来源列出同一记录读取，每条只计一次" in zh.stderr, zh.stderr


def test_insurance_exports_sharing_their_edge_month_run_with_a_warning(annual, jncli, tmp_path):
    header, *rows = _lines(SAMPLES / "insurance.csv")
    h1 = [r for r in rows if r.rsplit(",", 1)[1] <= "202306"]
    h2 = [r for r in rows if r.rsplit(",", 1)[1] >= "202306"]
    data = _data(tmp_path, "insurance.csv")
    (data / "insurance_2023H1.csv").write_text("\n".join([header, *h1]) + "\n", "utf-8")
    (data / "insurance_2023H2.csv").write_text("\n".join([header, *h2]) + "\n", "utf-8")
    proc = annual(data, tmp_path / "out", *SKIP)
    assert proc.returncode == 0, proc.stderr
    assert "insurance_2023H1.csv and insurance_2023H2.csv: " in proc.stderr
    assert "insurance row(s) of insurance_2023H2.csv repeat a row of insurance_2023H1.csv identical in every" in (
        proc.stderr
    )
    whole = annual(SAMPLES, tmp_path / "whole", *SKIP)
    assert whole.returncode == 0, whole.stderr
    assert _ledger(tmp_path / "out").equals(_ledger(tmp_path / "whole"))
    zh = annual(data, tmp_path / "zh", *SKIP, env=ZH)
    assert zh.returncode == 0 and "按相互重叠的导出文件读取，每条只计一次" in zh.stderr, zh.stderr


def test_records_sharing_a_record_with_another_repair_date_still_stop(annual, tmp_path):
    header, *rows = _lines(SAMPLES / "records.csv")
    data = _data(tmp_path, "records.csv")
    unrepaired = "9137082928HF9X4H8E,违法违规,2023-03-01,"
    repaired = unrepaired + "2023-04-01"
    (data / "records_a.csv").write_text("\n".join([header, *rows[:5], unrepaired]) + "\n", "utf-8")
    (data / "records_b.csv").write_text("\n".join([header, *rows[5:], repaired]) + "\n", "utf-8")
    proc = annual(data, tmp_path / "out", *SKIP)
    assert proc.returncode == 1, proc.stderr
    assert "two versions of the records, or parts that overlap" in proc.stderr.strip().splitlines()[-1]
