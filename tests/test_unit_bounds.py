"""Money in 元 under a header without a unit (review 9, finding 1): every money column has a plausibility
bound that fits what it holds (`Column.high`, jncli/bureau.py), compared with every value, not the median.

A new fiscal revenue (新增财力, measure 3) in 元 was read as 万元 under the online-retail bound (1,000,000
万元) and paid 10 000 times over; a county's rate per hire (每人奖励, measure 8) had no bound at all. The
files are the samples with one column rewritten in 元 (× 10000) and its unit taken off the header.
"""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GROWTH = ("--province-growth", "10%", "--province-rural-growth", "12%")
ZH = {"LC_ALL": None, "LANG": "zh_CN.UTF-8"}


def in_yuan(sample: str, header: str, path: Path, rows=None) -> Path:
    """samples/`sample` with column `header` (…(万元)) written in 元 without its unit, as GB18030 (as Excel
    saves a CSV on a Chinese Windows); `rows`: only those data rows (0-based) in 元, the others left in 万元."""
    with open(SAMPLES / sample, encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    i = table[0].index(header)
    table[0][i] = header.removesuffix("(万元)")
    for k, row in enumerate(table[1:]):
        if row[i].strip() and (rows is None or k in rows):
            row[i] = f"{Decimal(row[i]) * 10000:f}"
    with open(path, "w", encoding="gb18030", newline="") as f:
        csv.writer(f).writerows(table)
    return path


def data_dir(tmp_path: Path, replaced: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    for sample in SAMPLES.glob("*.csv"):
        shutil.copy(sample, data / sample.name)
    shutil.copy(replaced, data / replaced.name)
    return data


def fiscal_rows() -> list[int]:
    with open(SAMPLES / "enterprises.csv", encoding="utf-8-sig", newline="") as f:
        return [k for k, r in enumerate(csv.DictReader(f)) if r["新增财力(万元)"] not in ("", "0")]


# ------------------------------------------------------------------ measure 3: 新增财力 in 元
def test_new_fiscal_revenue_in_yuan_warns_in_the_command_and_stops_annual(jncli, tmp_path):
    path = in_yuan("enterprises.csv", "新增财力(万元)", tmp_path / "enterprises.csv")
    ratios = str(SAMPLES / "fiscal_ratios.csv")
    proc = jncli("award-enterprises", path.name, "--fiscal-ratios", ratios, cwd=tmp_path)
    assert proc.returncode == 0
    # the first fiscal figure, 45.25 万元 on the file's row 5, is 452500 元: above the bound of 10,000 万元
    # (on main it was under the online-retail bound of 1,000,000 万元 and paid as 452500 万元 × ratio)
    assert (
        "warning: enterprises.csv row 5, column 新增财力 (new_fiscal_revenue): 452500 万元 is above 10,000 万元, more "
        "than any enterprises row can hold: the column's header names no unit, so it was read in 万元 — is it in 元?"
    ) in proc.stderr.decode()
    # said in 元, the run pays what the samples pay (the same figures, exactly)
    told = jncli("award-enterprises", path.name, "--fiscal-ratios", ratios, "--unit", "yuan", cwd=tmp_path)
    sample = jncli("award-enterprises", str(SAMPLES / "enterprises.csv"), "--fiscal-ratios", ratios)
    assert told.returncode == 0 and told.stdout == sample.stdout and "is it in 元" not in told.stderr.decode()
    run = jncli("annual", str(data_dir(tmp_path, path)), "--year", "2023", *GROWTH, "-o", str(tmp_path / "out"))
    assert run.returncode == 1 and not (tmp_path / "out").exists()
    err = run.stderr.decode()
    assert "enterprises.csv row 5, column 新增财力 (new_fiscal_revenue): 452500 万元 is above 10,000 万元" in err
    assert "label the header with its unit, e.g. 新增财力(元) or 新增财力(万元)" in err and "Traceback" not in err


def test_half_the_rows_in_yuan_do_not_pass(jncli, tmp_path):
    """The bound is compared with every value: a folder where some rows are in 元 and the others in 万元 (a
    median would sit in 万元) stops `annual` at the first row in 元."""
    rows = fiscal_rows()
    later = rows[len(rows) // 2 :]  # the second half of the fiscal figures in 元
    path = in_yuan("enterprises.csv", "新增财力(万元)", tmp_path / "enterprises.csv", rows=set(later))
    run = jncli("annual", str(data_dir(tmp_path, path)), "--year", "2023", *GROWTH, "-o", str(tmp_path / "out"))
    assert run.returncode == 1 and not (tmp_path / "out").exists()
    assert f"enterprises.csv row {later[0] + 2}, column 新增财力 (new_fiscal_revenue): " in run.stderr.decode()


def test_new_fiscal_revenue_in_yuan_in_chinese(jncli, tmp_path):
    path = in_yuan("enterprises.csv", "新增财力(万元)", tmp_path / "enterprises.csv")
    run = jncli("annual", str(data_dir(tmp_path, path)), "--year", "2023", *GROWTH, "-o", "out", cwd=tmp_path, env=ZH)
    assert run.returncode == 1
    assert (
        "enterprises.csv 第5行，新增财力（new_fiscal_revenue）列：452500 万元超过 10,000 万元，"
        "大于任何一行 enterprises 数据的可能值：该列表头未注明单位，因此按万元读取——它是否以元为单位？"
    ) in run.stderr.decode()


# ------------------------------------------------------------------ measure 8: 每人奖励 in 元
def test_rate_per_hire_in_yuan_warns_in_the_command_and_stops_annual(jncli, tmp_path):
    # 任城区 0.49 万元 per hire written 4900 (元): read as 4900 万元 per hire, with no bound, on main
    path = in_yuan("county_rates.csv", "每人奖励(万元)", tmp_path / "county_rates.csv")
    listed = jncli(
        "whitelist", str(SAMPLES / "candidates.csv"), "--records", str(SAMPLES / "records.csv"), "--as-of", "2023-12-31"
    )
    (tmp_path / "wl.csv").write_bytes(listed.stdout)
    args = ("--insurance", str(SAMPLES / "insurance.csv"), "--trainers", "wl.csv", "--year", "2023")
    hires = str(SAMPLES / "hires.csv")
    proc = jncli("trained-hires", hires, *args, "--county-rates", path.name, cwd=tmp_path)
    assert proc.returncode == 0
    assert (
        "warning: county_rates.csv row 2, column 每人奖励 (rate): 4900 万元 is above 5 万元, "
        "more than any county_rates row can hold: the column's header names no unit, so it was read in 万元 — "
        "is it in 元?"
    ) in proc.stderr.decode()
    told = jncli("trained-hires", hires, *args, "--county-rates", path.name, "--unit", "yuan", cwd=tmp_path)
    sample = jncli("trained-hires", hires, *args, "--county-rates", str(SAMPLES / "county_rates.csv"), cwd=tmp_path)
    assert told.returncode == 0 and told.stdout == sample.stdout and "is it in 元" not in told.stderr.decode()
    run = jncli("annual", str(data_dir(tmp_path, path)), "--year", "2023", *GROWTH, "-o", "out", cwd=tmp_path, env=ZH)
    assert run.returncode == 1 and not (tmp_path / "out").exists()
    assert "county_rates.csv 第2行，每人奖励（rate）列：4900 万元超过 5 万元" in run.stderr.decode()


def test_a_negative_rate_keeps_its_own_message(jncli, tmp_path):
    (tmp_path / "r.csv").write_text("县市区,每人奖励\n任城区,-0.2\n", "utf-8")
    args = ("--insurance", str(SAMPLES / "insurance.csv"), "--county-rates", "r.csv", "--year", "2023")
    proc = jncli("trained-hires", str(SAMPLES / "hires.csv"), *args, cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == b""
    assert "a rate cannot be negative (-0.2 万元)" in proc.stderr.decode()


# ------------------------------------------------------------------ measure 7: 营业收入 in 元
def test_candidate_revenue_in_yuan_warns(jncli, tmp_path):
    """Read as 万元, revenue in 元 passes every category's minimum (100..1000 万元). The candidates under 1000
    万元 each, in 元, stayed under the old bound (10,000,000 万元 = 1000 亿元) and gave no warning."""
    with open(SAMPLES / "candidates.csv", encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    i = table[0].index("营业收入(万元)")
    small = [r for r in table[1:] if r[i] and Decimal(r[i]) < 1000]
    assert max(Decimal(r[i]) for r in small) * 10000 < 10_000_000
    table[0][i] = "营业收入"
    for r in small:
        r[i] = f"{Decimal(r[i]) * 10000:f}"
    with open(tmp_path / "candidates.csv", "w", encoding="gb18030", newline="") as f:
        csv.writer(f).writerows([table[0], *small])
    records = ("--records", str(SAMPLES / "records.csv"), "--as-of", "2023-12-31")
    proc = jncli("whitelist", "candidates.csv", *records, cwd=tmp_path)
    assert proc.returncode == 0
    err = proc.stderr.decode()
    assert "column 营业收入 (revenue): " in err
    assert "万元 is above 1,000,000 万元, more than any candidates row can hold" in err


@pytest.mark.parametrize(
    "kind,sample",
    [
        ("enterprises", "enterprises.csv"),
        ("county_rates", "county_rates.csv"),
        ("candidates", "candidates.csv"),
        ("counties", "counties.csv"),
        ("shops", "shops.csv"),
    ],
)
def test_the_samples_stay_under_every_bound_with_no_unit(jncli, tmp_path, kind, sample):
    """The samples' figures, their units taken off the headers, stay under the bounds: no warning."""
    text = (SAMPLES / sample).read_text("utf-8-sig")
    header, rest = text.split("\n", 1)
    (tmp_path / sample).write_text(header.replace("(万元)", "") + "\n" + rest, "utf-8")
    proc = jncli("cat", "--as", kind, sample, cwd=tmp_path)
    assert proc.returncode == 0 and "is it in 元" not in proc.stderr.decode(), proc.stderr.decode()


# ------------------------------------------------------------------ months and dates typed as numbers (finding 8)
def insurance_xlsx(path: Path, month) -> Path:
    """samples/insurance.csv as a workbook, each 参保月份 (202305 in the sample) written by `month(y, m)`."""
    import openpyxl

    with open(SAMPLES / "insurance.csv", encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(table[0])
    for person, employer, ym in table[1:]:
        ws.append([person, employer, month(int(ym[:4]), int(ym[4:]))])
    wb.save(path)
    return path


def hires_run(jncli, tmp_path: Path, insurance: str, **kw):
    listed = jncli(
        "whitelist", str(SAMPLES / "candidates.csv"), "--records", str(SAMPLES / "records.csv"), "--as-of", "2023-12-31"
    )
    (tmp_path / "wl.csv").write_bytes(listed.stdout)
    hires = str(SAMPLES / "hires.csv")
    return jncli("trained-hires", hires, "--insurance", insurance, "--trainers", "wl.csv", "--year", "2023", **kw)


def test_months_typed_as_numbers_are_refused(jncli, tmp_path):
    # 2023.10 typed into a General cell is the number 2023.1: read as January it moved 21 → 17 qualifying
    # hires in 2023. The sample's first row is 2022-05, typed 2022.5 (row 2)
    insurance_xlsx(tmp_path / "ins.xlsx", lambda y, m: float(f"{y}.{m}"))
    proc = hires_run(jncli, tmp_path, "ins.xlsx", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == b""
    assert proc.stderr.decode() == (
        "jncli trained-hires: ins.xlsx row 2, column 参保月份 (month): 2022.5 is a month typed as a number: Excel "
        "stores 2023.10 as 2023.1, so it may be January or October (hint: write the months as text (2023-10) or as "
        "dates; typing them into a column formatted as text keeps them as typed)\n"
    )
    zh = hires_run(jncli, tmp_path, "ins.xlsx", cwd=tmp_path, env=ZH)
    assert zh.returncode == 1
    assert "ins.xlsx 第2行，参保月份（month）列：2022.5 是以数字录入的月份：Excel 会把 2023.10 存成 2023.1" in (
        zh.stderr.decode()
    )


def test_months_as_yyyymm_numbers_and_as_date_cells_are_read(jncli, tmp_path):
    """The forms the docs list stay: 202305 typed as a number, and a date cell (any day of the month)."""
    import datetime as dt

    sample = hires_run(jncli, tmp_path, str(SAMPLES / "insurance.csv"), cwd=tmp_path)
    assert sample.returncode == 0
    for name, month in [("n.xlsx", lambda y, m: y * 100 + m), ("d.xlsx", lambda y, m: dt.datetime(y, m, 15))]:
        insurance_xlsx(tmp_path / name, month)
        proc = hires_run(jncli, tmp_path, name, cwd=tmp_path)
        assert proc.returncode == 0 and proc.stdout == sample.stdout, proc.stderr.decode()


def records_xlsx(path: Path, *dates) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["credit_code", "kind", "recorded_on"])
    for k, d in enumerate(dates):
        ws.append([f"91370800MA3C0000{k}X", "violation", d])
    wb.save(path)
    return path


def test_a_plain_number_in_a_date_column_is_not_an_excel_serial_day(jncli, tmp_path):
    import datetime as dt

    # 20235 (2023-5 with the dash lost) in a General cell was read as the serial day 20235 = 1955-05-26
    records_xlsx(tmp_path / "r.xlsx", dt.datetime(2023, 5, 1), 20230501, 20235)
    proc = jncli("cat", "--as", "records", "r.xlsx", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == b""
    assert proc.stderr.decode() == (
        "jncli cat: r.xlsx row 4, column recorded_on (recorded_on): 20235 is a plain number, not a date or a month "
        "(as an Excel serial day it would be 1955-05-26) (hint: format the column as a date in Excel, or write the "
        "date as text (2023-05-01) or as 20230501)\n"
    )
    zh = jncli("cat", "--as", "records", "r.xlsx", cwd=tmp_path, env=ZH)
    assert (
        "r.xlsx 第4行，recorded_on（recorded_on）列：20235 是普通数字，不是日期或月份"
        "（若按 Excel 日期序列号读取，将是 1955-05-26）" in (zh.stderr.decode())
    )
    # 45047 too (2023-05-01 as a serial): a General-format number is no date; a date cell is
    records_xlsx(tmp_path / "s.xlsx", 45047)
    assert (
        "45047 is a plain number, not a date" in jncli("cat", "--as", "records", "s.xlsx", cwd=tmp_path).stderr.decode()
    )
    # the date cell and 20230501 typed as a number are read
    records_xlsx(tmp_path / "ok.xlsx", dt.datetime(2023, 5, 1), 20230501)
    ok = jncli("cat", "--as", "records", "ok.xlsx", cwd=tmp_path)
    assert ok.returncode == 0 and ok.stdout.decode().count(",2023-05-01") == 2, ok.stderr.decode()


def test_csv_text_45047_in_a_date_column_stays_refused(jncli, tmp_path):
    """A CSV holds text: 45047 is no date form the docs list (an Excel serial day is never read)."""
    (tmp_path / "r.csv").write_text("credit_code,kind,recorded_on\n91370800MA3C00001M,violation,45047\n", "utf-8")
    proc = jncli("cat", "--as", "records", "r.csv", cwd=tmp_path)
    assert proc.returncode == 1 and "row 2, column recorded_on" in proc.stderr.decode()
    assert "45047 is a plain number, not a date" in proc.stderr.decode()  # named as the serial it would be


# ------------------------------------------------------------------ a national title with its period (finding 9)
TITLED = (
    "统一社会信用代码,企业名称,县市区,年份,是否纳统,是否商贸流通企业,国家级称号,实物商品网络零售额(万元)\n"
    "91370800MA3C00001M,甲商贸,任城区,2023,是,是,2023-2024年度电子商务示范企业,100\n"  # MOFCOM's form
    "91370800MA3C00002Q,乙商贸,任城区,2023,是,是,电子商务示范企业,100\n"  # listed: 50 万元
    "91370800MA3C00003U,丙商贸,兖州区,2023,是,是,省级电子商务示范企业,100\n"  # provincial: no warning
)


def test_a_listed_title_with_its_period_is_warned_not_paid(jncli, tmp_path):
    (tmp_path / "e.csv").write_text(TITLED, "utf-8")
    proc = jncli("award-enterprises", "e.csv", "--year", "2023", cwd=tmp_path)
    assert proc.returncode == 0
    rows = [r for r in csv.DictReader(proc.stdout.decode().splitlines()) if r["rule"] == "m2.title"]
    # 100 万元 of online retail reaches no tier; only 乙's listed title pays: 50 万元 (up to 50, no budget)
    paid = {r["beneficiary"]: (r["status"], Decimal(r["award"])) for r in rows}
    assert paid == {
        "91370800MA3C00001M": ("ineligible", Decimal(0)),
        "91370800MA3C00002Q": ("awarded", Decimal(50)),
        "91370800MA3C00003U": ("ineligible", Decimal(0)),
    }
    err = proc.stderr.decode()
    assert (
        "warning: e.csv row 2: the title '2023-2024年度电子商务示范企业' reads as national but is not on the policy "
        "file's list of national-level titles ([m2.title] titles), so m2.title pays nothing for it."
    ) in err
    assert "省级电子商务示范企业" not in err and err.count("reads as national") == 1
    zh = jncli("award-enterprises", "e.csv", "--year", "2023", cwd=tmp_path, env=ZH).stderr.decode()
    assert "e.csv 第2行：称号“2023-2024年度电子商务示范企业”看似国家级，但不在政策文件所列国家级称号清单" in zh


# ------------------------------------------------------------------ bureau sheets (finding 12)
COUNTY_GROWTH = "县市区,年份,网络零售额(万元),上年同期网络零售额(万元),网络零售额同比增长(%)\n"


def test_a_city_total_spelled_with_ascii_spaces_is_a_total_row(jncli, tmp_path):
    # `全  市` (two ASCII spaces, as a sheet centres two characters) is the city's total as `全　市` and `合　计` are
    text = COUNTY_GROWTH + "任城区,2023,105,100,5\n兖州区,2023,110,100,10\n全  市,2023,215,200,7.5\n"
    (tmp_path / "c.csv").write_text(text, "utf-8")
    proc = jncli("cat", "--as", "counties", "c.csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert [r["county"] for r in csv.DictReader(proc.stdout.decode().splitlines())] == ["任城区", "兖州区"]
    # 105 + 110 = 215, 100 + 100 = 200: the total agrees, and is left out
    assert "c.csv: row 4 left out: a total row (全市), checked against the 2 unit row(s)" in proc.stderr.decode()


def test_a_growth_cell_formatted_as_a_percentage_is_read_as_shown(jncli, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(COUNTY_GROWTH.strip().split(","))
    ws.append(["任城区", 2023, 105.31, 100, 0.0531])  # shows 5.31%: 105.31 / 100 - 1 = 5.31 %
    ws.append(["兖州区", 2023, 110, 100, 10])  # 10, in a column headed (%): 10 %
    ws.append(["曲阜市", 2023, 120, 100, "20%"])  # text
    ws.cell(row=2, column=5).number_format = "0.00%"
    wb.save(tmp_path / "c.xlsx")
    proc = jncli("cat", "--as", "counties", "c.xlsx", cwd=tmp_path)
    assert proc.returncode == 0
    rows = list(csv.DictReader(proc.stdout.decode().splitlines()))
    assert [Decimal(r["online_retail_growth"]) for r in rows] == [Decimal("5.31"), Decimal(10), Decimal(20)]
    assert "contradicts" not in proc.stderr.decode()  # was: 0.0531 % stated, 5.31 % computed


def test_a_growth_mismatch_in_chinese_names_its_rows_in_chinese(jncli, tmp_path):
    text = COUNTY_GROWTH + "任城区,2023,94.96,100,5.31\n兖州区,2023,110,100,10\n"
    (tmp_path / "g.csv").write_text(text, "utf-8")
    err = jncli("cat", "--as", "counties", "g.csv", cwd=tmp_path, env=ZH).stderr.decode()
    # 94.96 / 100 - 1 = -5.04 %, the file says 5.31 %
    assert "在 1 行中相差超过 0.05 个百分点（第2行：文件所列 5.31%，计算得 -5.04%）" in err
    assert "stated" not in err and "computed" not in err
    en = jncli("cat", "--as", "counties", "g.csv", cwd=tmp_path).stderr.decode()
    assert "(row 2: 5.31% stated, -5.04% computed)" in en


def east_asian_xlsx(path: Path, header: list[str], rows: list[list], fmt: int, date_1904: bool = False) -> Path:
    """A workbook written as a Chinese Excel writes dates: the last column's cells formatted with the built-in
    East-Asian number format `fmt` (31 yyyy年m月d日, 57 yyyy年m月, 58 m月d日 …; xlsxwriter writes the id)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"date_1904": date_1904})
    ws = wb.add_worksheet()
    shown = wb.add_format({"num_format": fmt})
    ws.write_row(0, 0, header)
    for i, row in enumerate(rows, start=1):
        ws.write_row(i, 0, row[:-1])
        ws.write_datetime(i, len(row) - 1, row[-1], shown)
    wb.close()
    return path


@pytest.mark.parametrize("fmt", [27, 31, 36, 50, 57, 58])
def test_dates_in_excels_built_in_east_asian_formats_are_dates(jncli, tmp_path, fmt):
    # Before (review 10, finding 6): Excel's built-in zh-CN formats (31 yyyy年m月d日, 57 yyyy年m月, 58 m月d日;
    # ids 27–36 and 50–58) were not dates to the reader: "44605 is a plain number, not a date", exit 1.
    import datetime as dt

    rows = [
        ["91370800MA3C00001X", "violation", dt.datetime(2022, 2, 13)],
        ["91370800MA3C00002X", "fine", dt.datetime(2023, 5, 1)],
    ]
    for book in (False, True):  # the 1900 and the 1904 date systems
        path = east_asian_xlsx(tmp_path / f"r{book:d}.xlsx", ["credit_code", "kind", "recorded_on"], rows, fmt, book)
        proc = jncli("cat", "--as", "records", path.name, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr.decode()
        assert proc.stdout.decode().splitlines()[1:] == [
            "91370800MA3C00001X,violation,2022-02-13",
            "91370800MA3C00002X,fine,2023-05-01",
        ]


def test_insurance_months_in_the_built_in_format_57_are_months(jncli, tmp_path):
    import datetime as dt

    rows = [["990800198611156733", "91370800NT730M34X7", dt.datetime(2022, m, 1)] for m in (5, 6)]
    path = east_asian_xlsx(tmp_path / "i.xlsx", ["身份证号", "统一社会信用代码", "参保月份"], rows, 57)
    proc = jncli("cat", "--as", "insurance", path.name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().splitlines()[1:] == [
        "9908**********6733,91370800NT730M34X7,2022-05-01",
        "9908**********6733,91370800NT730M34X7,2022-06-01",
    ]
