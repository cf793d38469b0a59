"""A date or month whose year is not four digits is no date (hostile review 2, A1): polars' `%Y` takes 1 to 4 digits
and a sign, so `23-07-04` — what Excel writes to CSV for a cell formatted yy-mm-dd — was read as the year 23 and a
violation record of 2023 fell outside the whitelist's window (the enterprise included, a training institution's
hires paid), insurance months `22-05` counted nowhere (measure 8 paid 0), shops opened `23-05-01` not new. Each is now
the conversion's error naming the file, row and column, on every reading path.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from jncli.errors import DataError
from jncli.options import InputOptions
from jncli.tableio import conform, read_table, text
from jncli.values import iso_date, parse_date_expr, parse_month_expr

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHORT = ["23-07-04", "0023-07-04", "223-07-04", "3-7-4", "-2023-07-04", "0-05-01"]
GOOD = {"2023-07-04": "2023-07-04", "2023/7/4": "2023-07-04", "20230704": "2023-07-04", "2023年7月4日": "2023-07-04"}


def _dates(expr, cells):
    return pl.DataFrame({"t": cells}).select(expr(pl.col("t")).alias("d"))["d"].to_list()


@pytest.mark.parametrize("parse", [parse_date_expr, parse_month_expr])
def test_a_year_of_other_than_four_digits_is_no_date(parse):
    assert _dates(parse, SHORT) == [None] * len(SHORT)


def test_the_plain_parse_takes_them_and_so_the_conversion_checks_its_least_value():
    # the fast path (`iso_date`) parses a short year as polars does; the conversion's checking pass sends a column
    # holding one the full way (`_Conversion.low`): the tests below break if it does not
    parsed = pl.DataFrame({"t": ["23-07-04", "0023-07-04", "-2023-07-04"]}).select(iso_date(pl.col("t"))[0].alias("d"))
    assert parsed["d"].null_count() == 0


def test_the_listed_forms_still_read():
    assert [str(d) for d in _dates(parse_date_expr, list(GOOD))] == list(GOOD.values())
    months = ["2023-05", "2023/5", "202305", "2023年5月", "2023-05-17"]
    assert {str(d) for d in _dates(parse_month_expr, months)} == {"2023-05-01"}
    assert _dates(parse_month_expr, ["23-05", "23/5", "-2023-05"]) == [None] * 3


def _copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    for f in SAMPLES.glob("*.csv"):
        shutil.copy(f, data / f.name)
    return data


def test_a_violation_record_dated_with_a_two_digit_year_stops_the_whitelist(jncli, tmp_path):
    data = _copy(tmp_path)
    records = data / "records.csv"
    records.write_text(
        records.read_text("utf-8").replace(
            "9137080037K0BP09CX,违法违规,2023-07-04,", "9137080037K0BP09CX,违法违规,23-07-04,"
        ),
        "utf-8",
    )
    proc = jncli(
        "whitelist", "candidates.csv", "--records", "records.csv", "--as-of", "2023-12-31", cwd=data, text=True
    )
    assert proc.returncode == 1, proc.stdout
    assert proc.stderr.splitlines() == [
        "jncli whitelist: records.csv row 2, column recorded_on (recorded_on): '23-07-04' is not a date (2023-05-01, "
        "2023/5/1, 20230501 or 2023年5月1日) (hint: `jncli cat --as records records.csv` lists every problem)"
    ]
    assert proc.stdout == ""
    args = ("annual", ".", "--year", "2023", "--province-growth", "10%", "--province-rural-growth", "12%")
    proc = jncli(*args, "-o", str(tmp_path / "out"), cwd=data, text=True)
    assert proc.returncode == 1 and "'23-07-04' is not a date" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_insurance_months_with_a_two_digit_year_stop_measure_8(jncli, tmp_path):
    data = _copy(tmp_path)
    insurance = data / "insurance.csv"
    lines = insurance.read_text("utf-8").splitlines()
    lines[1:] = [line[: line.rindex(",") + 1] + f"{line[-4:-2]}-{line[-2:]}" for line in lines[1:]]  # 202205 → 22-05
    insurance.write_text("\n".join(lines) + "\n", "utf-8")
    proc = jncli(
        "trained-hires",
        "hires.csv",
        "--insurance",
        "insurance.csv",
        "--trainers",
        "candidates.csv",
        "--year",
        "2023",
        cwd=data,
        text=True,
    )
    assert proc.returncode == 1, proc.stderr
    assert "insurance.csv row 2, column 参保月份 (month): '22-05' is not a month" in proc.stderr


@pytest.mark.parametrize("written", ["23-10-25", "0023-10-25", "-2023-10-25"])
@pytest.mark.parametrize("lazy_bytes", [1 << 60, 0])  # read whole, and scanned as a big CSV is
@pytest.mark.parametrize("lazy", [False, True])  # conform's eager and lazy (spilled) conversions
def test_shop_dates_with_a_short_year_are_named_on_every_path(tmp_path, monkeypatch, lazy_bytes, lazy, written):
    monkeypatch.setattr(text, "LAZY_CSV_BYTES", lazy_bytes)
    path = tmp_path / "shops.csv"
    lines = (SAMPLES / "shops.csv").read_text("utf-8").splitlines()
    lines[3] = lines[3].replace(",2023-10-25,", f",{written},")
    path.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(DataError, match=rf"row 4, column opened_on \(opened_on\): '{written}' is not a date"):
        table = read_table(str(path), InputOptions(), deferred=lazy)
        out = conform(table, "shops", InputOptions(), lazy=lazy)
        out.collect() if lazy else out


def test_an_as_of_with_a_two_digit_year_is_a_usage_error(jncli):
    proc = jncli(
        "whitelist", "samples/candidates.csv", "--records", "samples/records.csv", "--as-of", "23-12-31", text=True
    )
    assert proc.returncode == 2, proc.stderr
    assert "23-12-31" in proc.stderr
