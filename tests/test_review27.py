"""Review 27: a title naming another year or part of a year (F1), the tie warning under --reassign with
filter-first (F2), a year cell that is a date shown as its year (F3), cell units equal to the column's (F4).
Each through the installed binary, on files built here from the shipped samples."""

from __future__ import annotations

import csv
import datetime
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
RATES = ("--province-growth", "10%", "--province-rural-growth", "12%")


def _samples(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(SAMPLES, data, ignore=shutil.ignore_patterns("README.md", "annual.sh"))
    return data


def _read(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> None:
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)


# ---------------------------------------------------------------------------------------------- F2
def test_tie_warning_under_filter_first_reassign_names_the_deciding_ranking(jncli, tmp_path):
    # 曲阜市's 网络零售额 (both years) set to 微山县's: equal m1.online scores. Under filter-first with
    # --reassign the two are paid 40 and 30 (positions 2, 3 of the deciding ranking), not 30 and 0.
    data = _samples(tmp_path)
    rows = _read(data / "counties.csv")
    src = {r[1]: r for r in rows[1:] if r[0] == "微山县"}
    for r in rows[1:]:
        if r[0] == "曲阜市":
            r[2] = src[r[1]][2]
    _write(data / "counties.csv", rows)
    out = tmp_path / "ff.csv"
    args = ("--year", "2023", *RATES, "--reassign", "--eligibility", "filter-first", "--lang", "en")
    p = jncli("score-counties", str(data / "counties.csv"), *args, "-o", str(out), text=True)
    assert p.returncode == 0, p.stderr
    said = [line for line in p.stderr.splitlines() if "same score" in line]
    assert len(said) == 1 and "微山县, 曲阜市" in said[0], p.stderr
    assert "at positions 2, 3 (40 / 30 万元)" in said[0], said
    with open(out, encoding="utf-8-sig") as fh:
        paid = {r["county"]: r["award"] for r in csv.DictReader(fh) if r["category"] == "online"}
    assert (paid["微山县"], paid["曲阜市"]) == ("40", "30")
    a = jncli("annual", str(data), *args, "-o", str(tmp_path / "out"), text=True)
    assert a.returncode == 0, a.stderr
    assert "at positions 2, 3 (40 / 30 万元)" in a.stderr
    assert "(30 / 0 万元)" not in a.stderr


# ---------------------------------------------------------------------------------------------- F1
COUNTY_COLUMNS = ["网络零售额", "农村网络零售额", "纳统电商零售企业实物商品网络零售额", "限额以上消费品零售额"]


def _wide_counties(data: Path, title: str, cur: str = "2023", prev: str = "2022") -> None:
    """The samples' counties as a bureau's wide table (本年 / 上年同期, no year column) under `title`."""
    rows = _read(data / "counties.csv")
    by = {(r[0], r[1]): r for r in rows[1:]}
    out = [[title] + [""] * 8, ["单位：万元"] + [""] * 8]
    out.append(["县（市、区）"] + [f"本年{c}" for c in COUNTY_COLUMNS] + [f"上年同期{c}" for c in COUNTY_COLUMNS])
    for county in dict.fromkeys(r[0] for r in rows[1:]):
        out.append([county] + by[(county, cur)][2:6] + by[(county, prev)][2:6])
    _write(data / "counties.csv", out, encoding="gb18030")


def _annual(jncli, data: Path, out: Path, *extra: str):
    return jncli("annual", str(data), "--year", "2023", *RATES, "-o", str(out), "--lang", "en", *extra, text=True)


def _total(ledger: Path) -> str:
    from decimal import Decimal

    with open(ledger, encoding="utf-8-sig") as fh:
        return str(sum(Decimal(r["award"] or "0") for r in csv.DictReader(fh)))


def test_wide_counties_titled_with_another_year_stop_annual_and_the_command(jncli, tmp_path):
    # last year's export (本年 = 2022) in the 2023 folder: it paid 617.28 万元 (517.28 right) with exit 0
    data = _samples(tmp_path)
    _wide_counties(data, "2022年济宁市各县市区网络零售统计表", "2022", "2021")
    p = _annual(jncli, data, tmp_path / "out")
    assert p.returncode == 1, p.stderr
    last = p.stderr.strip().splitlines()[-1]
    assert "counties.csv row 1" in last and "'2022年济宁市各县市区网络零售统计表'" in last, last
    assert "names 2022" in last and "read as 2023" in last and "pass --year 2022" in last, last
    assert not (tmp_path / "out" / "ledger.csv").exists()
    c = jncli("score-counties", str(data / "counties.csv"), "--year", "2023", *RATES, "--lang", "en", text=True)
    assert c.returncode == 1 and "names 2022" in c.stderr and c.stdout == "", c.stderr
    zh = jncli("score-counties", str(data / "counties.csv"), "--year", "2023", *RATES, "--lang", "zh", text=True)
    assert zh.returncode == 1 and "文件与本次运行的年度不符" in zh.stderr, zh.stderr
    # read as the year it names, the table is scored
    ok = jncli("score-counties", str(data / "counties.csv"), "--year", "2022", *RATES, "--lang", "en", text=True)
    assert ok.returncode == 0, ok.stderr


@pytest.mark.parametrize(
    "title", ["2023年1-11月济宁市各县市区网络零售统计表", "2023年前三季度济宁市网络零售统计", "2023年上半年"]
)
def test_a_title_naming_part_of_the_year_stops_annual_and_warns_in_the_command(jncli, tmp_path, title):
    data = _samples(tmp_path)
    _wide_counties(data, title)
    p = _annual(jncli, data, tmp_path / "out")
    assert p.returncode == 1, p.stderr
    assert "names a part of a year" in p.stderr.strip().splitlines()[-1], p.stderr
    c = jncli("score-counties", str(data / "counties.csv"), "--year", "2023", *RATES, "--lang", "en", text=True)
    assert c.returncode == 0, c.stderr
    assert "warning:" in c.stderr and "names a part of a year" in c.stderr, c.stderr


@pytest.mark.parametrize(
    "title",
    [
        "2023年济宁市各县市区网络零售统计表",
        "2023年与2022年对比",
        "2023年网络零售统计（2024年1月制表）",
        "上年同期对比",
        "2022-2023年度网络零售统计",
    ],
)
def test_a_title_naming_the_run_s_year_reads_as_before(jncli, tmp_path, title):
    data = _samples(tmp_path)
    _wide_counties(data, title)
    p = _annual(jncli, data, tmp_path / "out")
    assert p.returncode == 0, p.stderr
    assert "part of a year" not in p.stderr and "contradicts" not in p.stderr
    assert _total(tmp_path / "out" / "ledger.csv") == "517.28"


def test_a_table_with_a_year_column_titled_with_another_year_warns(jncli, tmp_path):
    data = _samples(tmp_path)
    rows = _read(data / "enterprises.csv")
    _write(data / "enterprises.csv", [["2021年重点电商企业统计表"] + [""] * (len(rows[0]) - 1), *rows])
    p = _annual(jncli, data, tmp_path / "out")
    assert p.returncode == 0, p.stderr
    assert "names 2021, but the table's year column holds 2022, 2023" in p.stderr, p.stderr
    assert _total(tmp_path / "out" / "ledger.csv") == "517.28"


# ---------------------------------------------------------------------------------------------- F3
def _enterprises_xlsx(data: Path, value, number_format: str) -> None:
    """enterprises.csv as enterprises.xlsx, with 任城优达's 2023 年份 cell replaced by `value` so formatted."""
    import openpyxl

    rows = _read(data / "enterprises.csv")
    (data / "enterprises.csv").unlink()
    wb = openpyxl.Workbook()
    ws = wb.active
    for i, r in enumerate(rows):
        ws.append(
            [
                c if i == 0 or j in (0, 1, 2) or c == "" or not c.replace(".", "").isdigit() else float(c)
                for j, c in enumerate(r)
            ]
        )
    hit = next(i for i, r in enumerate(rows) if r[0] == "91370811E7HF1W9DGD" and r[3] == "2023")
    cell = ws.cell(row=hit + 1, column=4)
    cell.value, cell.number_format = value, number_format
    wb.save(data / "enterprises.xlsx")


@pytest.mark.parametrize(
    ("value", "fmt"), [(datetime.datetime(2023, 1, 1), "yyyy"), (datetime.datetime(2023, 12, 31), 'yyyy"年"')]
)
def test_a_year_cell_that_is_a_date_shown_as_its_year_is_read_as_the_year(jncli, tmp_path, value, fmt):
    data = _samples(tmp_path)
    _enterprises_xlsx(data, value, fmt)
    p = _annual(jncli, data, tmp_path / "out")
    assert p.returncode == 0, p.stderr
    assert _total(tmp_path / "out" / "ledger.csv") == "517.28"


@pytest.mark.parametrize(("fmt", "status"), [("yyyy", 0), ("yyyy-mm-dd", 1)])
def test_a_year_column_of_dates_shown_as_years_is_read_others_are_named(jncli, tmp_path, fmt, status):
    import openpyxl

    data = _samples(tmp_path)
    _enterprises_xlsx(data, datetime.datetime(2023, 1, 1), fmt)
    wb = openpyxl.load_workbook(data / "enterprises.xlsx")
    ws = wb.active
    for row in ws.iter_rows(min_row=2, min_col=4, max_col=4):
        for cell in row:
            if not isinstance(cell.value, datetime.datetime):
                cell.value = datetime.datetime(int(cell.value), 6, 1)
            cell.number_format = fmt
    wb.save(data / "enterprises.xlsx")
    p = _annual(jncli, data, tmp_path / "out")
    assert p.returncode == status, p.stderr
    if status:
        assert "is a date, not a year" in p.stderr.strip().splitlines()[-1], p.stderr
    else:
        assert _total(tmp_path / "out" / "ledger.csv") == "517.28"


def test_a_year_cell_that_is_a_full_date_is_named_a_date(jncli, tmp_path):
    data = _samples(tmp_path)
    _enterprises_xlsx(data, datetime.datetime(2023, 5, 1), "yyyy-mm-dd")
    p = _annual(jncli, data, tmp_path / "out")
    assert p.returncode == 1, p.stderr
    last = p.stderr.strip().splitlines()[-1]
    assert "enterprises.xlsx row" in last and "年份" in last and "is a date, not a year" in last, last
    zh = jncli("award-enterprises", str(data / "enterprises.xlsx"), "--year", "2023", "--lang", "zh", text=True)
    assert zh.returncode == 1 and "是日期而非年份" in zh.stderr, zh.stderr


# ---------------------------------------------------------------------------------------------- F4
def _one_cell(path: Path, key: str, column: str, value: str, year: str | None = None) -> None:
    rows = _read(path)
    j = rows[0].index(column)
    hit = next(r for r in rows[1:] if r[0] == key and (year is None or year in r))
    hit[j] = value
    _write(path, rows)


def test_a_count_written_with_ming_is_read_as_with_ren(jncli, tmp_path):
    data = _samples(tmp_path)
    _one_cell(data / "candidates.csv", "91370800X0X4E0GDUD", "从业人数(人)", "5名")
    p = _annual(jncli, data, tmp_path / "out")
    assert p.returncode == 0, p.stderr
    assert _total(tmp_path / "out" / "ledger.csv") == "517.28"


@pytest.mark.parametrize(
    ("cell", "status"), [("20000万元", 0), ("20000 万元", 0), ("20000万", 0), ("2亿", 1), ("200000000元", 1)]
)
def test_a_money_cell_with_its_column_s_unit_is_read_other_units_stop(jncli, tmp_path, cell, status):
    data = _samples(tmp_path)
    _one_cell(data / "enterprises.csv", "91370811E7HF1W9DGD", "实物商品网络零售额(万元)", cell, "2023")
    p = _annual(jncli, data, tmp_path / "out")
    assert p.returncode == status, p.stderr
    if status:
        assert "实物商品网络零售额(万元)" in p.stderr and "not a number (money): its unit" in p.stderr, p.stderr
    else:
        assert _total(tmp_path / "out" / "ledger.csv") == "517.28"
