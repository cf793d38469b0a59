"""The unit a number column's header names (review 21, F1 and F2): `经营年限(月)` is months, not years (÷12, with a
note); a unit that converts to no column unit exactly (`经营年限(天)`, `从业人数(万人)`) stops the run naming the file,
the header and the unit; a share headed `奖励比例(%)` is in percent (58 is 0.58, as a `58%` cell is), and a value
above 0 up to 1 under it (0.58: 0.58 % or 58 %?) stops. Before: any unit of a non-money header was dropped, so 6
months passed a 1-year minimum as 6 years (a half-year-old training institution whitelisted, its hires paid under
measure 8, exit 0) and `奖励比例(%)` = 58 stopped as "outside 0..1". Through the real binary, on files built here.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
RATES = ("--province-growth", "10%", "--province-rural-growth", "12%")
TRAINER = "91370883075G54TKUA"  # 邹城润航职业技能培训有限公司, a training institution 0.5 years in operation
HIRE_ROW = 11  # hires.csv data row (0-based) whose trainer is made TRAINER: 913708286QP4CDLB8F, 金乡湖光品


def err_of(proc: subprocess.CompletedProcess) -> str:
    text = proc.stderr.decode()
    assert "Traceback" not in text, text
    return text


def read(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    return path


def candidates(path: Path, header: str, scale: Decimal = Decimal(1)) -> Path:
    """The samples' candidates with 经营年限(年) headed `header`, every value × `scale`."""
    head, rows = read(SAMPLES / "candidates.csv")
    i = head.index("经营年限(年)")
    head[i] = header
    for r in rows:
        r[i] = format((Decimal(r[i]) * scale).normalize(), "f")
    return write(path, head, rows)


def data_dir(tmp_path: Path, name: str, **tables: Path) -> Path:
    """The samples, with a hire trained by TRAINER and the given tables in place of the samples'."""
    data = tmp_path / name
    data.mkdir()
    for sample in SAMPLES.glob("*.csv"):
        shutil.copy(sample, data / sample.name)
    head, rows = read(SAMPLES / "hires.csv")
    rows[HIRE_ROW][head.index("培训机构")] = TRAINER
    write(data / "hires.csv", head, rows)
    for table, path in tables.items():
        shutil.copy(path, data / f"{table}.csv")
    return data


def whitelist(jncli, path: Path, *extra: str, **kw) -> subprocess.CompletedProcess:
    records = str(SAMPLES / "records.csv")
    return jncli("whitelist", str(path), "--records", records, "--as-of", "2023-12-31", "-f", "csv", *extra, **kw)


def statuses(out: bytes) -> dict[str, str]:
    rows = list(csv.DictReader(out.decode("utf-8-sig").splitlines()))
    return {r["beneficiary"]: r["status"] for r in rows}


# ------------------------------------------------------------------------------------------ F1: 经营年限(月)
def test_a_months_header_is_divided_by_12_in_whitelist(jncli, tmp_path):
    years = whitelist(jncli, SAMPLES / "candidates.csv")
    assert years.returncode == 0, err_of(years)
    for header in ("经营年限(月)", "经营年限（月）", "经营年限(个月)"):
        months = whitelist(jncli, candidates(tmp_path / "c.csv", header, Decimal(12)))
        assert months.returncode == 0, err_of(months)
        # before: 6 months read as 6 years, six institutions half a year short `included`
        assert statuses(months.stdout) == statuses(years.stdout)
        assert statuses(months.stdout)[TRAINER] == "excluded"
        unit = "个月" if "个月" in header else "月"
        assert f"c.csv: column {header}: values in {unit}, divided by 12 into 年" in err_of(months)
    # 7 months: 0.583333333333333 years, short of 1 year; 12 months is 1 year exactly (a minimum is met)
    head, rows = read(SAMPLES / "candidates.csv")
    i, code = head.index("经营年限(年)"), head.index("统一社会信用代码")
    head[i] = "经营年限(月)"
    one = [r for r in rows if r[code] == TRAINER]
    one[0][i] = "12"
    year = whitelist(jncli, write(tmp_path / "one.csv", head, one))
    assert statuses(year.stdout) == {TRAINER: "included"} and "经营年限1年" in year.stdout.decode()
    one[0][i] = "11.9"
    short = whitelist(jncli, write(tmp_path / "one.csv", head, one))
    assert statuses(short.stdout) == {TRAINER: "excluded"}, short.stdout.decode()


def test_a_months_header_pays_as_the_years_in_annual(jncli, tmp_path):
    years = data_dir(tmp_path, "years")
    months = data_dir(tmp_path, "months", candidates=candidates(tmp_path / "c.csv", "经营年限(月)", Decimal(12)))
    runs = {}
    for data in (years, months):
        proc = jncli("annual", str(data), "--year", "2023", *RATES, "-o", str(tmp_path / f"out_{data.name}"))
        assert proc.returncode == 0, err_of(proc)
        runs[data.name] = (tmp_path / f"out_{data.name}" / "ledger.csv").read_text("utf-8-sig")
    # before: the institution 6 months old included in the whitelist, and 金乡湖光品's hire it trained paid
    assert runs["months"] == runs["years"]
    trainer = [line for line in runs["months"].splitlines() if line.startswith(f"{TRAINER},")]
    assert len(trainer) == 1 and ",m7.whitelist," in trainer[0] and ",excluded," in trainer[0]


@pytest.mark.parametrize(
    "header,unit,column,may",
    [
        ("经营年限(天)", "天", "years_operating", "年, 月 (÷12)"),
        ("经营年限(日)", "日", "years_operating", "年, 月 (÷12)"),
        ("经营年限(%)", "%", "years_operating", "年, 月 (÷12)"),
        ("从业人数(万人)", "万人", "employees", "人, 名"),
        ("从业人数(月)", "月", "employees", "人, 名"),
    ],
)
def test_a_unit_that_is_not_the_columns_stops_naming_it(jncli, tmp_path, header, unit, column, may):
    head, rows = read(SAMPLES / "candidates.csv")
    head[head.index("从业人数(人)" if column == "employees" else "经营年限(年)")] = header
    path = write(tmp_path / "candidates.csv", head, rows)
    said = f"header '{header}': jncli reads column {column} in {'年' if column != 'employees' else '人'}, not '{unit}'"
    proc = whitelist(jncli, path)
    # before: read as years (182 days as 182 years) or people, exit 0
    assert proc.returncode == 1 and proc.stdout == b""
    assert f"candidates.csv: {said}; the header may name {may}, or no unit" in err_of(proc)
    data = data_dir(tmp_path, "data", candidates=path)
    run = jncli("annual", str(data), "--year", "2023", *RATES, "-o", str(tmp_path / "o"))
    assert run.returncode == 1 and f"candidates.csv: {said}" in err_of(run)
    zh = whitelist(jncli, path, env={"LC_ALL": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"})
    assert zh.returncode == 1
    assert f"表头 '{header}'：jncli 按 {'人' if column == 'employees' else '年'} 读取 {column} 列" in err_of(zh)


def test_headers_in_the_columns_own_unit_read_as_before(jncli, tmp_path):
    before = whitelist(jncli, SAMPLES / "candidates.csv")
    head, rows = read(SAMPLES / "candidates.csv")
    pairs = (("从业人数(名)", "经营年限（年）"), ("从业人数", "经营年限"), ("人数(个)", "经营年数(年)"))
    for employees, years in pairs:
        head[5], head[6] = employees, years
        proc = whitelist(jncli, write(tmp_path / "c.csv", head, rows))
        assert proc.returncode == 0 and proc.stdout == before.stdout, err_of(proc)
        assert "divided" not in err_of(proc)


# ------------------------------------------------------------------------------------------ F2: 奖励比例(%)
def ratios(path: Path, header: str, value) -> Path:
    _, rows = read(SAMPLES / "fiscal_ratios.csv")
    return write(path, ["县市区", header], [[r[0], value(Decimal(r[1]))] for r in rows])


def award(jncli, path: Path, **kw) -> subprocess.CompletedProcess:
    return jncli(
        "award-enterprises", str(SAMPLES / "enterprises.csv"), "--year", "2023", "--fiscal-ratios", str(path), **kw
    )


@pytest.mark.parametrize(
    "header,value",
    [
        ("奖励比例(%)", lambda v: format((v * 100).normalize(), "f")),  # 58: before, "outside 0..1"
        ("奖励比例（%）", lambda v: format((v * 100).normalize(), "f") + "%"),
        ("比例_pct", lambda v: format((v * 100).normalize(), "f")),
    ],
)
def test_a_percent_header_reads_a_share_in_percent(jncli, tmp_path, header, value):
    before = award(jncli, SAMPLES / "fiscal_ratios.csv")
    path = ratios(tmp_path / "fiscal_ratios.csv", header, value)
    proc = award(jncli, path)
    assert proc.returncode == 0, err_of(proc)
    assert proc.stdout == before.stdout
    data = data_dir(tmp_path, "data", fiscal_ratios=path)
    run = jncli("annual", str(data), "--year", "2023", *RATES, "-o", str(tmp_path / "out"))
    assert run.returncode == 0, err_of(run)
    base = jncli("annual", str(data_dir(tmp_path, "base")), "--year", "2023", *RATES, "-o", str(tmp_path / "b"))
    assert base.returncode == 0, err_of(base)
    assert (tmp_path / "out" / "ledger.csv").read_bytes() == (tmp_path / "b" / "ledger.csv").read_bytes()


def test_a_share_of_at_most_1_under_a_percent_header_stops(jncli, tmp_path):
    # 0.58 under 奖励比例(%): 0.58 % or the share 0.58 (58 %)? Before: read as 0.58 without a word
    path = ratios(tmp_path / "fiscal_ratios.csv", "奖励比例(%)", lambda v: format(v.normalize(), "f"))
    proc = award(jncli, path)
    assert proc.returncode == 1 and proc.stdout == b""
    assert (
        "fiscal_ratios.csv row 2, column 奖励比例(%) (ratio): '0.58' under a header in % is ambiguous: 0.58 % or 58 %? "
        "write 58 for 58 %, or drop the % from the header if the column holds shares"
    ) in err_of(proc)
    zh = award(jncli, path, env={"LC_ALL": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"})
    assert zh.returncode == 1 and "'0.58' 位于以 % 为单位的表头下，含义不明：是 0.58% 还是 58%？" in err_of(zh)
    data = data_dir(tmp_path, "data", fiscal_ratios=path)
    run = jncli("annual", str(data), "--year", "2023", *RATES, "-o", str(tmp_path / "o"))
    assert run.returncode == 1 and "column 奖励比例(%) (ratio): '0.58' under a header in % is ambiguous" in err_of(run)


def test_a_percent_formatted_cell_under_a_percent_header_is_the_share_shown(jncli, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    before = award(jncli, SAMPLES / "fiscal_ratios.csv")
    _, rows = read(SAMPLES / "fiscal_ratios.csv")
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["县市区", "奖励比例(%)"])
    for county, ratio in rows:
        ws.append([county, float(ratio)])
        ws.cell(ws.max_row, 2).number_format = "0%"  # 0.58 shown 58%: the share as Excel shows it
    book.save(tmp_path / "fiscal_ratios.xlsx")
    proc = award(jncli, tmp_path / "fiscal_ratios.xlsx")
    assert proc.returncode == 0, err_of(proc)
    assert proc.stdout == before.stdout


# ------------------------------------------------------------------------------------------ review 24 F4: spellings
@pytest.mark.parametrize(
    "employees,years",
    [
        ("从业人数（单位：人）", "经营年限(单位:年)"),  # before this fix: "reads column … in 人, not '单位:人'"
        ("从业人数(人数)", "经营年限(年限)"),
        ("从业人数(个人)", "经营年限(周年)"),
    ],
)
def test_headers_naming_the_columns_own_unit_in_other_words_read(jncli, tmp_path, employees, years):
    before = whitelist(jncli, SAMPLES / "candidates.csv")
    head, rows = read(SAMPLES / "candidates.csv")
    head[head.index("从业人数(人)")], head[head.index("经营年限(年)")] = employees, years
    proc = whitelist(jncli, write(tmp_path / "c.csv", head, rows))
    assert proc.returncode == 0 and proc.stdout == before.stdout, err_of(proc)


def test_a_unit_prefix_keeps_a_months_header_in_months(jncli, tmp_path):
    years = whitelist(jncli, SAMPLES / "candidates.csv")
    proc = whitelist(jncli, candidates(tmp_path / "c.csv", "经营年限（单位：月）", Decimal(12)))
    assert proc.returncode == 0 and proc.stdout == years.stdout, err_of(proc)


@pytest.mark.parametrize(
    "year,growth", [("年份(单位:年)", "网络零售额同比增长(%)"), ("年份(year)", "网络零售额同比增长(百分点)")]
)
def test_counties_year_and_growth_spellings_read(jncli, tmp_path, year, growth):
    head = ["县市区", year, "网络零售额(万元)", "上年网络零售额(万元)", growth]
    path = write(tmp_path / "k.csv", head, [["任城区", "2023", "1100", "1000", "10"]])
    plus = write(tmp_path / "k2.csv", [*head[:4], "网络零售额同比增长(±%)"], [["任城区", "2023", "1100", "1000", "10"]])
    for p in (path, plus):
        proc = jncli("cat", "--as", "counties", str(p))
        assert proc.returncode == 0, err_of(proc)
        assert proc.stdout.decode().splitlines()[1] == "任城区,2023,1100,1000,10.0"


def test_an_unknown_unit_in_brackets_is_quoted_whole(jncli, tmp_path):
    path = tmp_path / "k.csv"  # (万元（人民币） is 万元 since review 25: tests/test_bureau_spellings.py)
    path.write_text("单位：万元（港币）\n县市区,年份,网络零售额,上年网络零售额\n任城区,2023,1100,1000\n", "utf-8")
    proc = jncli("cat", "--as", "counties", str(path))
    assert proc.returncode == 1
    assert "names a unit jncli does not know (万元(港币)) (hint:" in err_of(proc)  # before: "(万元(港币) (hint:"


# ------------------------------------------------------------------------------------------ review 24 F1: 月 above
@pytest.mark.parametrize(
    "unit_row,unit", [("单位：万元、人、月", "月"), ("单位：月、万元", "月"), ("单位：万元，人，天", "天")]
)
def test_a_unit_row_naming_months_stops(jncli, tmp_path, unit_row, unit):
    head, rows = read(SAMPLES / "candidates.csv")
    head = [h.split("(")[0] for h in head]  # no unit in the headers: the unit row's would be the only one
    path = tmp_path / "c.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["电商生态链企业白名单申报表"], [unit_row], head, *rows])
    proc = whitelist(jncli, path)
    # before: the months read as years, exit 0
    assert proc.returncode == 1 and proc.stdout == b"", err_of(proc)
    assert f"c.csv row 2: unit '{unit}' in the unit row '{unit_row}' would change what a number column's" in err_of(
        proc
    )
    assert "(hint: write the unit in the header of the column it belongs to (e.g. 经营年限(月)), not above it)" in (
        err_of(proc)
    )
    zh = whitelist(jncli, path, env={"LC_ALL": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"})
    assert zh.returncode == 1 and f"c.csv 第2行：单位行 '{unit_row}' 中的单位 '{unit}' 会改变数值列的含义" in err_of(zh)
    data = data_dir(tmp_path, "data", candidates=path)
    run = jncli("annual", str(data), "--year", "2023", *RATES, "-o", str(tmp_path / "o"))
    assert run.returncode == 1 and f"unit '{unit}' in the unit row '{unit_row}'" in err_of(run)


def test_a_unit_row_naming_people_and_years_still_reads(jncli, tmp_path):
    before = whitelist(jncli, SAMPLES / "candidates.csv")
    head, rows = read(SAMPLES / "candidates.csv")
    path = tmp_path / "c.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["单位：万元、人、年"], [h.split("(")[0] for h in head], *rows])
    proc = whitelist(jncli, path)
    assert proc.returncode == 0 and proc.stdout == before.stdout, err_of(proc)


def test_a_group_header_naming_months_stops(jncli, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    head, rows = read(SAMPLES / "candidates.csv")
    i = head.index("经营年限(年)")
    book = openpyxl.Workbook()
    ws = book.active
    ws.append([*head[:i], "经营情况(月)", None, *head[i + 1 :]])
    ws.append([None] * i + ["经营年限", "备注"])
    ws.merge_cells(start_row=1, start_column=i + 1, end_row=1, end_column=i + 2)
    for r in rows:
        ws.append([*r[:i], float(r[i]), "", *r[i + 1 :]])
    book.save(tmp_path / "c.xlsx")
    proc = whitelist(jncli, tmp_path / "c.xlsx")
    # before: 经营年限 read in years under the group's 月, exit 0
    assert proc.returncode == 1 and proc.stdout == b"", err_of(proc)
    assert "c.xlsx row 1: unit '月' in the group header '经营情况(月)' would change what the figures of '经营年限'" in (
        err_of(proc)
    )
    zh = whitelist(jncli, tmp_path / "c.xlsx", env={"LC_ALL": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"})
    assert zh.returncode == 1 and "分组表头 '经营情况(月)' 中的单位 '月' 会改变其下 '经营年限' 列数值的含义" in err_of(
        zh
    )


# ------------------------------------------------------------------------------------------ review 25: units under
def units_under(path: Path, unit_of: dict[str, str], scale: dict[str, Decimal], table: str = "candidates.csv") -> Path:
    """The samples' `table` with its headers' units moved into a row under the header (`（月）` under 经营年限), as a
    CSV or an XLSX (by `path`'s suffix): `unit_of` header → unit written under it (the header's own unit by default),
    `scale` header → factor of its figures."""
    head, rows = read(SAMPLES / table)
    under = [unit_of.get(h, h.partition("(")[2].rstrip(")")) for h in head]
    body = [
        [format((Decimal(v) * scale[h]).normalize(), "f") if h in scale and v else v for h, v in zip(head, r)]
        for r in rows
    ]
    top = [h.partition("(")[0] for h in head]
    under = [f"（{u}）" if u else "" for u in under]
    if path.suffix == ".csv":
        return write(path, top, [under, *body])
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(top)
    ws.append([u or None for u in under])
    for r in body:
        ws.append([float(v) if h in scale and v else v for h, v in zip(head, r)])
    book.save(path)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_months_in_a_unit_row_under_the_header_are_divided_by_12(jncli, tmp_path, suffix):
    years = whitelist(jncli, SAMPLES / "candidates.csv")
    path = units_under(tmp_path / f"c{suffix}", {"经营年限(年)": "月"}, {"经营年限(年)": Decimal(12)})
    proc = whitelist(jncli, path)
    # before: `（人）`, `（月）` made it no header row: "row 2, column 营业收入 (revenue): '（万元）' is not a number"
    assert proc.returncode == 0 and proc.stdout == years.stdout, err_of(proc)
    assert f"c{suffix}: column 经营年限(月): values in 月, divided by 12 into 年" in err_of(proc)
    only = units_under(
        tmp_path / f"m{suffix}",
        {"经营年限(年)": "月", "营业收入(万元)": "", "从业人数(人)": ""},
        {"经营年限(年)": Decimal(12)},
    )
    proc = whitelist(jncli, only)
    assert proc.returncode == 0 and proc.stdout == years.stdout, err_of(proc)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_days_in_a_unit_row_under_the_header_stop(jncli, tmp_path, suffix):
    proc = whitelist(jncli, units_under(tmp_path / f"c{suffix}", {"经营年限(年)": "天"}, {}))
    assert proc.returncode == 1 and proc.stdout == b"", err_of(proc)
    assert "header '经营年限(天)': jncli reads column years_operating in 年, not '天'" in err_of(proc)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("unit,scale", [("万元", Decimal(1)), ("元", Decimal(10000))])
def test_money_units_in_a_row_under_the_header_read_as_the_plain_form(jncli, tmp_path, suffix, unit, scale):
    money = ("实物商品网络零售额(万元)", "上年实物商品网络零售额(万元)", "新增财力(万元)")
    path = units_under(
        tmp_path / f"e{suffix}", dict.fromkeys(money, unit), dict.fromkeys(money, scale), table="enterprises.csv"
    )
    clean = jncli("award-enterprises", str(SAMPLES / "enterprises.csv"))
    proc = jncli("award-enterprises", str(path))
    assert proc.returncode == 0 and proc.stdout == clean.stdout, err_of(proc)
