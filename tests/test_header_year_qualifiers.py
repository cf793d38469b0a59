"""Two-row headers whose qualifiers bureaus write and jncli did not read (hostile review 3, F4): 本年数 / 上年数,
今年1-12月 / 去年1-12月, and years — `网络零售额` merged over `2023年 | 2022年 | 同比增长（%）`, `2023年1-12月 /
2022年1-12月`. The latest year under the groups is the table's year (本年), the one before it 上年; a year that is not
the run's, a third year, a year column or a title naming another year stops, naming the header cell; a qualifier
jncli does not know under a group that gives no figure of the year stops naming it (docs/formats.md "Two-row
headers", docs/policy-reading.md "Years under a group header").

The files are built by `bureau_files.py` from the samples (XLSX with real merged cells, GB18030 CSV), so each must
pay exactly what the samples pay.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import bureau_files as bf
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
RATES = ("--province-growth", "10%", "--province-rural-growth", "12%")
FINAL = ("--year", "2023", *RATES, "--final", "-f", "csv")
TITLE = "2023年各县市区网络零售统计.xlsx"


@pytest.fixture
def text(jncli):
    return jncli.using(text=True, timeout=300)


def _sheet(monkeypatch, current: str, previous: str, growth: str = "同比增长（%）") -> bf.Sheet:
    monkeypatch.setattr(bf, "QUALIFIERS", (current, previous, growth))
    return bf.counties_sheet()


def _write(sheet: bf.Sheet, path: Path) -> Path:
    return bf.write_xlsx(path, [sheet]) if path.suffix == ".xlsx" else bf.write_csv(path, sheet)


def _last(proc) -> str:
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("ext", ["xlsx", "csv"])
@pytest.mark.parametrize(
    "pair",
    [("本年数", "上年数"), ("今年1-12月", "去年1-12月"), ("2023年", "2022年"), ("2023年1-12月", "2022年1-12月")],
)
def test_the_qualifiers_read_as_the_samples_pay(text, tmp_path, monkeypatch, pair, ext):
    # before: "none of the measure-1 categories can be scored: the input needs online_retail …"
    path = _write(_sheet(monkeypatch, *pair), tmp_path / f"c.{ext}")
    clean = text("score-counties", str(SAMPLES / "counties.csv"), *FINAL)
    proc = text("score-counties", path.name, *FINAL, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == clean.stdout
    if pair[0].startswith("2023"):
        assert (
            f"header: row 4 names years as qualifiers ({pair[0]}、{pair[1]}): 2023 is read as 本年, 2022 as 上年"
            in (proc.stderr)
        )
        # the header names the table's year: no warning that nothing names it
        assert "no title naming a year" not in proc.stderr


@pytest.mark.parametrize("pair", [("2023年", "2022年"), ("本年数", "上年数"), ("今年1-12月", "去年1-12月")])
def test_annual_reads_the_bureau_sheet_in_data(annual, tmp_path, monkeypatch, pair):
    # before: exit 1, "no measure recognises this table: its first row holds one cell only (…统计表): a title above
    # a header row jncli does not know"
    data = tmp_path / "data"
    shutil.copytree(SAMPLES, data, ignore=shutil.ignore_patterns("counties.csv", "*.md", "*.sh"))
    bf.write_xlsx(data / TITLE, [_sheet(monkeypatch, *pair)])
    clean = tmp_path / "clean"
    shutil.copytree(SAMPLES, clean, ignore=shutil.ignore_patterns("*.md", "*.sh"))
    base = annual(clean, tmp_path / "out-clean")
    done = annual(data, tmp_path / "out")
    assert base.returncode == 0, base.stderr
    assert done.returncode == 0, done.stderr
    for name in ("ledger.csv", "score-counties.csv"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "out-clean" / name).read_bytes(), name
    # report.xlsx: every sheet the same but 提示与警告, whose notes name the inputs and how the header was read
    got, want = (_sheets(tmp_path / out / "report.xlsx") for out in ("out", "out-clean"))
    assert got.pop("提示与警告") != want.pop("提示与警告")
    assert got == want


def _sheets(path: Path) -> dict[str, list[tuple]]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in wb.worksheets}


@pytest.mark.parametrize("year", ["2024", "2022"])
def test_a_table_of_another_year_stops_naming_the_header_cell(text, tmp_path, monkeypatch, year):
    path = _write(_sheet(monkeypatch, "2023年", "2022年"), tmp_path / "c.xlsx")
    proc = text("score-counties", path.name, "--year", year, *RATES, "--final", cwd=tmp_path, env={"JNCLI_LANG": "en"})
    assert proc.returncode == 1
    assert _last(proc) == (
        f"jncli score-counties: c.xlsx row 4: the header cell '2023年' names 2023 as the table's latest year, but the "
        f"run is for {year}: its figures would be read as {year}'s (hint: pass --year 2023 if the table is for 2023, "
        f"or use the table of {year})"
    )
    zh = text("score-counties", path.name, "--year", year, *RATES, "--final", "--lang", "zh", cwd=tmp_path)
    assert _last(zh) == (
        f"jncli score-counties: c.xlsx 第4行：表头单元格 '2023年' 表明该表最新的年份是 2023 年，"
        f"而本次运行的年度是 {year} 年：表中数据会被当作 {year} 年的数据读取"
        f"（提示：如该表是 2023 年的数据，请传入 --year 2023；否则请使用 {year} 年的表）"
    )


def test_a_third_year_under_the_groups_stops(text, tmp_path, monkeypatch):
    path = _write(_sheet(monkeypatch, "2023年", "2021年"), tmp_path / "c.csv")
    proc = text("score-counties", path.name, *FINAL, cwd=tmp_path, env={"JNCLI_LANG": "en"})
    assert proc.returncode == 1
    assert _last(proc) == (
        "jncli score-counties: c.csv row 4: the header cell '2021年' names 2021, but the latest year under the groups "
        "is 2023: jncli reads a group's figure of 2023 (本年) and of 2022 (上年) only (hint: leave out the columns of "
        "2021, or give the table of 2023 and 2022 only)"
    )
    assert proc.stdout == ""


def test_a_title_naming_another_year_stops_naming_the_header_cell(text, tmp_path, monkeypatch):
    sheet = _sheet(monkeypatch, "2023年", "2022年")
    sheet.rows[0][0] = "2022年济宁市各县市区网络零售统计表"
    path = _write(sheet, tmp_path / "c.xlsx")
    proc = text("score-counties", path.name, *FINAL, cwd=tmp_path, env={"JNCLI_LANG": "en"})
    assert proc.returncode == 1
    assert _last(proc) == (
        "jncli score-counties: c.xlsx row 4: the header cell '2023年' names 2023, but the title "
        "'2022年济宁市各县市区网络零售统计表' (row 1) names 2022: the file contradicts itself "
        "(hint: correct the title or the header: jncli does not guess which one is right)"
    )


def test_a_year_column_naming_another_year_stops(text, tmp_path):
    rows = [
        "县市区,年份,网络零售额,,农村网络零售额,",
        ",,2023年,2022年,2023年,2022年",
        "任城区,2022,120,100,60,50",
        "兖州区,2022,90,80,40,35",
    ]
    (tmp_path / "c.csv").write_bytes(("\r\n".join(rows) + "\r\n").encode("gb18030"))
    proc = text("score-counties", "c.csv", *FINAL, cwd=tmp_path, env={"JNCLI_LANG": "en"})
    assert proc.returncode == 1
    assert _last(proc) == (
        "jncli score-counties: c.csv row 2: the header cell '2023年' names 2023, but the table's year column holds "
        "2022: the file contradicts itself (hint: correct the year column or the header: jncli does not guess which "
        "one is right)"
    )


@pytest.mark.parametrize("ext", ["xlsx", "csv"])
@pytest.mark.parametrize("pair", [("本年实绩", "上年实绩"), ("2023年1-11月", "2022年1-11月")])
def test_an_unknown_qualifier_is_named(text, annual, tmp_path, monkeypatch, pair, ext):
    # before: score-counties said "none of the measure-1 categories can be scored", annual "a title above a header
    # row jncli does not know"
    path = _write(_sheet(monkeypatch, *pair), tmp_path / f"c.{ext}")
    line = (
        f"c.{ext} row 4: the cells under the group header '网络零售额' (row 3) give no figure of the year jncli can "
        f"read (unknown qualifier: {pair[0]}、{pair[1]}) (hint: write the qualifier as one jncli reads "
        "(本年、今年、本期、当年、上年、上年同期、去年同期、同期; 同比增长; a year: 2023年, 2023年1-12月))"
    )
    proc = text("score-counties", path.name, *FINAL, cwd=tmp_path, env={"JNCLI_LANG": "en"})
    assert proc.returncode == 1
    assert _last(proc) == f"jncli score-counties: {line}"
    zh = text("score-counties", path.name, *FINAL, "--lang", "zh", cwd=tmp_path)
    assert _last(zh) == (
        f"jncli score-counties: c.{ext} 第4行：分组表头 '网络零售额'（第 3 行）下的各列中没有 jncli 能读取的本年数据"
        f"（无法识别的限定词：{pair[0]}、{pair[1]}）（提示：请将限定词改为 jncli 能识别的写法"
        "（本年、今年、本期、当年、上年、上年同期、去年同期、同期；同比增长；或年份：2023年、2023年1-12月））"
    )
    data = tmp_path / "data"
    shutil.copytree(SAMPLES, data, ignore=shutil.ignore_patterns("counties.csv", "*.md", "*.sh"))
    shutil.copy(path, data / path.name)
    done = annual(data, tmp_path / "out", env={"JNCLI_LANG": "en"})
    assert done.returncode == 1
    assert "unknown qualifier: " + "、".join(pair) in done.stderr
    assert "a title above a header row" not in done.stderr
    assert not (tmp_path / "out" / "ledger.csv").exists()


def test_a_stated_growth_under_years_is_cross_checked_not_read_as_money(text, tmp_path, monkeypatch):
    # 同比增长（%） under 网络零售额 beside 2023年 / 2022年 is the stated growth, checked against the two figures
    sheet = _sheet(monkeypatch, "2023年", "2022年")
    row = next(r for r in sheet.rows[4:] if r[0] == "任城区")
    row[3] = "99.9"
    path = _write(sheet, tmp_path / "c.xlsx")
    clean = text("score-counties", str(SAMPLES / "counties.csv"), *FINAL, env={"JNCLI_LANG": "en"})
    proc = text("score-counties", path.name, *FINAL, cwd=tmp_path, env={"JNCLI_LANG": "en"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == clean.stdout  # the growth is computed from the figures, never read as a value
    assert "网络零售额同比增长(%) (online_retail_growth) contradicts the file's own" in proc.stderr


def test_the_shop_registry_under_a_year_is_held_to_the_run(text, tmp_path):
    # track-shops reads no title; a `网络零售额` over `2023年` header still names the year its figures are of
    import csv

    with open(SAMPLES / "shops.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    upper = ["平台", "县市区", "开店日期", "迁入日期", "迁出城市", "关闭日期", "是否纳统", "网络零售额", "店铺ID"]
    assert rows[0][7] == "online_retail"
    lower = [""] * 7 + ["2023年", ""]
    with open(tmp_path / "s.csv", "w", encoding="gb18030", newline="") as f:
        csv.writer(f).writerows([upper, lower, *rows[1:]])
    clean = text("track-shops", str(SAMPLES / "shops.csv"), "--year", "2023", env={"JNCLI_LANG": "en"})
    read = text("track-shops", "s.csv", "--year", "2023", cwd=tmp_path, env={"JNCLI_LANG": "en"})
    assert read.returncode == 0, read.stderr
    assert read.stdout == clean.stdout
    later = text("track-shops", "s.csv", "--year", "2024", cwd=tmp_path, env={"JNCLI_LANG": "en"})
    assert later.returncode == 1
    assert _last(later) == (
        "jncli track-shops: s.csv row 2: the header cell '2023年' names 2023 as the table's latest year, but the run "
        "is for 2024: its figures would be read as 2024's (hint: pass --year 2023 if the table is for 2023, or use the "
        "table of 2024)"
    )
