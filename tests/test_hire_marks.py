"""Measure 8's tables and the unit rows of a bureau's sheets as published (review 19, findings 4 and 7), through
the real binary.

- F4: a 合计 or a 注 row in the hires, insurance or county-rates table stopped the command and `annual` (their
  schemas named no key columns, so no row was ever a total or a note). They are now named on stderr and left
  out, as in every other table; a hire table and an insurance table hold no amounts, a rate per hire does not
  add up: their totals are left out unchecked (said so), and what a total row holds under 参保月份 or 身份证号 (a
  count, the label) is not read as a month or an id. A row that fills a hire's person id and employer code is a
  hire whatever another cell says (a remark `说明：…` in the first column): never a note that hides it.
- F7: a unit row naming the money unit with those of counts and years (`单位：万元，人，年`, the candidates table
  mixing 营业收入, 从业人数 and 经营年限) names the money unit; a rate header `每人奖励标准(元/人)` is in 元. Two money
  units in one unit row stay an error, and `元/人` under an amount (网络零售额) stays refused.

Files are built here as a bureau publishes them: workbooks by openpyxl with real merged cells, CSVs in GB18030.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from hire_files import HIRES_HEADER, INSURANCE_HEADER, ZH, by_code, hire, pid, write

from jncli import credit_code

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"

EMP, EMP2 = credit_code.make("91370800MA0000001"), credit_code.make("91370800MA0000002")
P1, P2, P3 = pid(1), pid(2), pid(3)


def months(start: str, count: int) -> list[str]:
    y, m = map(int, start.split("-"))
    return [f"{(y * 12 + m - 1 + k) // 12}{(y * 12 + m - 1 + k) % 12 + 1:02d}" for k in range(count)]


# 甲 hires P1 and P2, 乙 hires P3; each paid 6 months from the month of hiring, the 6th in 2023: 甲 2 × 0.5 = 1,
# 乙 1 × 0.5 = 0.5 万元 (任城区: 5000 元 per hire).
HIRES = [hire(EMP, P1, "2023-01-05"), hire(EMP, P2, "2023-02-01"), hire(EMP2, P3, "2023-03-10", "乙电商")]
PAID = [
    [p, e, m]
    for p, e, start in ((P1, EMP, "2023-01"), (P2, EMP, "2023-02"), (P3, EMP2, "2023-03"))
    for m in months(start, 6)
]
EXPECTED = {EMP: ("awarded", 1.0), EMP2: ("awarded", 0.5)}


def _hires_book(path: Path, rows: list[list], *, total: bool = True, note: bool = True) -> Path:
    """The hires as a workbook: a title merged across, a group row over the header (merged), the hires with
    their dates as date cells, a 合计 row (its label merged over the employer's three columns, the count of
    people under 身份证号) and a note."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "吸纳就业"
    ws.append(["2023年度电商企业吸纳培训人员就业情况表"])
    ws.merge_cells("A1:G1")
    ws.append(["用人单位", None, None, "吸纳人员", None, None, None])
    ws.merge_cells("A2:C2")
    ws.merge_cells("D2:G2")
    ws.append(HIRES_HEADER)
    for r in rows:
        ws.append([*r[:5], *(dt.datetime.strptime(d, "%Y-%m-%d") for d in r[5:7])])
        for c in (6, 7):
            ws.cell(ws.max_row, c).number_format = "yyyy/m/d"
    if total:
        ws.append(["合计", None, None, f"{len(rows)}人", None, None, None])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=3)
    if note:
        ws.append(["注：培训机构栏填写培训机构统一社会信用代码，院校培训填“院校”。"])
    wb.save(path)
    return path


def _insurance_csv(path: Path, rows: list[list[str]], *, total: bool = True, note: bool = True) -> Path:
    """The insurance months as a GB18030 CSV: a title line, the months, a 合计 row (the count of months under
    参保月份) and a note."""
    lines = [["2023年参保缴费明细", "", ""], INSURANCE_HEADER, *rows]
    if total:
        lines.append(["合计", "", str(len(rows))])
    if note:
        lines.append(["注：数据来源：济宁市社会保险事业中心", "", ""])
    with open(path, "w", newline="", encoding="gb18030") as f:
        csv.writer(f).writerows(lines)
    return path


def _rates_csv(path: Path, header: str, rate: str, *, note: bool = True) -> Path:
    rows = [["任城区", rate]] + ([["注：未列出的县（市、区）暂未制定标准。", ""]] if note else [])
    return write(path, ["县市区", header], rows)


def _run(jncli, folder: Path, hires: Path, insurance: Path, rates: Path, **kw):
    return jncli(
        "trained-hires", str(hires), "--insurance", str(insurance), "--county-rates", str(rates), "--year", "2023",
        "-f", "csv", cwd=folder, **kw,
    )  # fmt: skip


def _award(proc) -> dict[str, tuple[str, float]]:
    assert proc.returncode == 0, proc.stderr.decode()
    return by_code(pl.read_csv(proc.stdout, infer_schema=False).with_columns(pl.col("award").cast(pl.Float64)))


# ------------------------------------------------------------------------------------------ F4: the command
def test_totals_and_notes_of_measure_8_tables_are_named_and_left_out(jncli, tmp_path):
    hires = _hires_book(tmp_path / "吸纳就业情况.xlsx", HIRES)
    insurance = _insurance_csv(tmp_path / "参保明细.csv", PAID)
    rates = _rates_csv(tmp_path / "县区奖励标准.csv", "每人奖励(元)", "5000")
    proc = _run(jncli, tmp_path, hires, insurance, rates)
    assert _award(proc) == EXPECTED
    err = proc.stderr.decode()
    top, last = 4 + len(HIRES), 2 + len(PAID)  # the hires' total row, the insurance's last month
    assert (
        f"吸纳就业情况.xlsx: row {top} left out: a total row (合计); the table holds no amounts to check it against"
        in err
    )
    assert f"吸纳就业情况.xlsx: row {top + 1} skipped: notes after the data" in err
    assert f"参保明细.csv: row {last + 1} left out: a total row (合计); the table holds no amounts" in err
    assert f"参保明细.csv: row {last + 2} skipped: notes after the data" in err
    assert "县区奖励标准.csv: row 3 skipped: notes after the data" in err
    # the same files without those rows pay the same
    clean = _run(
        jncli,
        tmp_path,
        _hires_book(tmp_path / "h.xlsx", HIRES, total=False, note=False),
        _insurance_csv(tmp_path / "i.csv", PAID, total=False, note=False),
        _rates_csv(tmp_path / "r.csv", "每人奖励(元)", "5000", note=False),
    )
    assert clean.stdout == proc.stdout


def test_a_total_in_the_county_rates_is_left_out_unchecked(jncli, tmp_path):
    """A rate per hire does not add up: a 合计 row of a rate table (here with the sum of the rates written in) is
    left out, not compared with the sum of the rates (which `annual` would make an error)."""
    write(tmp_path / "r.csv", ["县市区", "每人奖励(元)"], [["任城区", "5000"], ["曲阜市", "2000"], ["合计", "7000"]])
    write(tmp_path / "h.csv", HIRES_HEADER, HIRES)
    write(tmp_path / "i.csv", INSURANCE_HEADER, PAID)
    proc = _run(jncli, tmp_path, tmp_path / "h.csv", tmp_path / "i.csv", tmp_path / "r.csv")
    assert _award(proc) == EXPECTED
    assert "r.csv: row 4 left out: a total row (合计); the table holds no amounts to check it against" in (
        proc.stderr.decode()
    )


def test_a_subtotal_per_employer_in_the_insurance_is_left_out(jncli, tmp_path):
    """An export grouped by employer: a 小计 row after each employer's months, with its credit code beside the
    label and the count under 参保月份. The credit code does not make it data (no person id)."""
    rows: list[list[str]] = []
    for emp in (EMP, EMP2):
        mine = [r for r in PAID if r[1] == emp]
        rows += [*mine, ["小计", emp, str(len(mine))]]
    write(tmp_path / "i.csv", INSURANCE_HEADER, rows)
    write(tmp_path / "h.csv", HIRES_HEADER, HIRES)
    _rates_csv(tmp_path / "r.csv", "每人奖励(元)", "5000", note=False)
    proc = _run(jncli, tmp_path, tmp_path / "h.csv", tmp_path / "i.csv", tmp_path / "r.csv")
    assert _award(proc) == EXPECTED
    err = proc.stderr.decode()
    assert "i.csv: row 14 left out: a total row (小计)" in err and "i.csv: row 21 left out: a total row (小计)" in err


@pytest.mark.parametrize("remark", ["说明：试用期满转正", "注：2023年3月入职", "合计"])
def test_a_hire_whose_remark_reads_like_a_note_is_a_hire(jncli, tmp_path, remark):
    """The hires with a remarks column first (the file's first column is looked at for labels): the last hire's
    remark reads like a note or a total. It fills the person id and the employer's code: it is a hire, paid."""
    header = ["备注", *HIRES_HEADER]
    rows = [["", *r] for r in HIRES]
    rows[-1][0] = remark
    write(tmp_path / "h.csv", header, rows)
    write(tmp_path / "i.csv", INSURANCE_HEADER, PAID)
    _rates_csv(tmp_path / "r.csv", "每人奖励(元)", "5000", note=False)
    proc = _run(jncli, tmp_path, tmp_path / "h.csv", tmp_path / "i.csv", tmp_path / "r.csv")
    assert _award(proc) == EXPECTED
    assert "skipped" not in proc.stderr.decode() and "left out" not in proc.stderr.decode()


# ------------------------------------------------------------------------------------------ F7: rate headers
@pytest.mark.parametrize(
    ("header", "rate"),
    [("每人奖励标准(元/人)", "5000"), ("每人奖励标准（万元/人）", "0.5"), ("每人奖励标准(元／名)", "5000")],
)
def test_a_rate_per_person_header_names_its_money_unit(jncli, tmp_path, header, rate):
    write(tmp_path / "h.csv", HIRES_HEADER, HIRES)
    write(tmp_path / "i.csv", INSURANCE_HEADER, PAID)
    _rates_csv(tmp_path / "r.csv", header, rate, note=False)
    proc = _run(jncli, tmp_path, tmp_path / "h.csv", tmp_path / "i.csv", tmp_path / "r.csv")
    assert _award(proc) == EXPECTED
    assert "plausib" not in proc.stderr.decode()  # the unit is named: no "looks like 元" warning


def test_per_person_is_no_unit_of_an_amount(jncli, tmp_path):
    """`元/人` under 网络零售额 is a per-person figure, not the enterprise's retail: still refused."""
    path = tmp_path / "e.csv"
    path.write_text(
        "统一社会信用代码,企业名称,县市区,年份,是否纳统,是否商贸流通企业,网络零售额(元/人)\n"
        f"{EMP},甲电商,任城区,2023,是,是,5000\n",
        "utf-8",
    )
    proc = jncli("award-enterprises", str(path), "--year", "2023", cwd=tmp_path)
    assert proc.returncode == 1
    assert "unit '元/人' is not a money unit jncli knows" in proc.stderr.decode()


# ------------------------------------------------------------------------------------------ F7: unit rows
def _read(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def _candidates_book(path: Path, unit_row: str) -> Path:
    """The samples' candidates as a bureau workbook: a title, a unit row naming 万元 with the units of the other
    columns, headers without units."""
    rows = _read(SAMPLES / "candidates.csv")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "候选名单"
    ws.append(["2023年度济宁市电商生态链企业白名单候选名单"])
    ws.merge_cells("A1:G1")
    ws.append([unit_row])
    ws.merge_cells("A2:G2")
    ws.append(["统一社会信用代码", "企业名称", "类别", "县市区", "营业收入", "从业人数", "经营年限"])
    for r in rows[1:]:
        ws.append(
            [*r[:4], float(r[4]) if r[4] else None, int(float(r[5])) if r[5] else None, float(r[6]) if r[6] else None]
        )
    wb.save(path)
    return path


def _whitelist(jncli, candidates: Path, cwd: Path):
    args = ["whitelist", str(candidates), "--records", str(SAMPLES / "records.csv"), "--as-of", "2023-12-31"]
    return jncli(*args, "-f", "csv", cwd=cwd)


@pytest.mark.parametrize("unit_row", ["单位：万元，人，年", "单位：万元、人、年", "单位：万元/家、个、%、岁"])
def test_a_unit_row_naming_counts_and_years_names_its_money_unit(jncli, tmp_path, unit_row):
    proc = _whitelist(jncli, _candidates_book(tmp_path / "c.xlsx", unit_row), tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert f"row 2 skipped: a unit row ({unit_row!r}): money columns without a unit in their header are in 万元" in (
        proc.stderr.decode()
    )
    samples = _whitelist(jncli, SAMPLES / "candidates.csv", tmp_path)
    assert proc.stdout == samples.stdout


def test_a_unit_row_naming_two_money_units_stays_an_error(jncli, tmp_path):
    proc = _whitelist(jncli, _candidates_book(tmp_path / "c.xlsx", "单位：万元，元，人"), tmp_path)
    assert proc.returncode == 1
    assert "c.xlsx row 2: the unit row '单位：万元，元，人' names no single money unit" in proc.stderr.decode()


# ------------------------------------------------------------------------------------------ the yearly run
def test_annual_reads_measure_8_tables_and_a_mixed_unit_row_as_published(annual, tmp_path):
    """The samples with their hires as a workbook (title, group row, a merged 合计 row, a note), their insurance
    as two GB18030 CSVs of a year each (title, 合计, note), their rates in 元/人 with a note, and their candidates
    under 单位：万元，人，年: the ledger and every measure's output equal the samples' own run, in English and
    under a Chinese locale."""
    data = tmp_path / "data"
    shutil.copytree(SAMPLES, data)
    for name in ("README.md", "annual.sh", "hires.csv", "insurance.csv", "county_rates.csv", "candidates.csv"):
        (data / name).unlink()
    hires = _read(SAMPLES / "hires.csv")
    _hires_book(data / "吸纳就业情况.xlsx", hires[1:])
    paid = _read(SAMPLES / "insurance.csv")[1:]
    for year in ("2022", "2023"):
        _insurance_csv(data / f"参保明细{year}.csv", [r for r in paid if r[2].startswith(year)])
    rates = _read(SAMPLES / "county_rates.csv")[1:]
    write(
        data / "县区奖励标准.csv",
        ["县市区", "每人奖励标准(元/人)"],
        [[c, str(round(float(r) * 10000))] for c, r in rates] + [["注：未列出的县（市、区）暂未制定标准。", ""]],
    )
    _candidates_book(data / "候选名单.xlsx", "单位：万元，人，年")

    expected = annual(SAMPLES, tmp_path / "samples" / "2023")
    assert expected.returncode == 0, expected.stderr
    for env, out in ((None, tmp_path / "out" / "2023"), (ZH, tmp_path / "zh" / "2023")):
        proc = annual(data, out, env=env)
        assert proc.returncode == 0, proc.stderr
        for name in ("ledger.csv", "trained-hires.csv", "whitelist.csv", "award-enterprises.csv"):
            assert (out / name).read_bytes() == (tmp_path / "samples" / "2023" / name).read_bytes(), name
    err = proc.stderr  # the Chinese run names the rows it left out
    assert "吸纳就业情况.xlsx" in err and "合计" in err and "参保明细2023.csv" in err and "县区奖励标准.csv" in err
