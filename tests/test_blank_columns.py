"""A column a rule reads, present but empty in every row; county cells left blank; a sheet naming no year
(hostile review 1: A2, A3, A11; tableio/blanks.py, steps._year_unnamed).

Before: `annual` read a wholly empty yes/no column as "no" for everyone (是否商贸流通企业 empty: 517.28 → 402.28 万元,
exit 0, nothing said), a CSV saved from a sheet whose 县市区 cells were merged down as rows "outside 济宁市" (`''`),
and a wide counties sheet with neither a year column nor a title as --year's, silently. Now an empty column stops
`annual` (a command warns), blank county cells are named apart (merged cells lost stop `annual`), and the year
taken is said. Through the real CLI on the shipped samples.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GROWTH = ("--province-growth", "10%", "--province-rural-growth", "12%")


@pytest.fixture(scope="module")
def run(jncli):
    return jncli.using(text=True)


def _rows(name: str) -> list[list[str]]:
    with open(SAMPLES / name, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def _write(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def _data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    for f in SAMPLES.glob("*.csv"):
        (data / f.name).write_bytes(f.read_bytes())
    return data


def _emptied(path: Path, header: str, mark: str = "") -> Path:
    rows = _rows(path.name) if not path.exists() else _read(path)
    i = rows[0].index(header)
    return _write(path, [rows[0]] + [r[:i] + [mark] + r[i + 1 :] for r in rows[1:]])


def _read(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def _annual(run, data: Path, out: Path, *more: str, lang: str = "en"):
    return run("annual", str(data), "--year", "2023", *GROWTH, "-o", str(out), "--lang", lang, *more)


# ------------------------------------------------------------------------------------------------ A2
@pytest.mark.parametrize(
    ("header", "column", "key"),
    [
        ("是否商贸流通企业", "is_trade", "2"),  # before: 517.28 → 402.28 万元, exit 0
        ("是否纳统", "in_statistics", "2"),  # before: 517.28 → 283.60
        ("是否省外电商企业分支机构转设", "converted_branch", "3"),  # before: 517.28 → 398.60
    ],
)
def test_annual_stops_on_a_yes_no_column_empty_in_every_row(run, tmp_path, header, column, key):
    data = _data(tmp_path)
    _emptied(data / "enterprises.csv", header)
    out = tmp_path / "out"
    done = _annual(run, data, out)
    assert done.returncode == 1, done.stderr
    assert not out.exists()
    assert done.stderr.splitlines()[-1] == (
        f"jncli annual: enterprises.csv: the column {header} ({column}) is empty in all 114 rows: read so, every row "
        f'would be "no" and measure {key} would decide without it (hint: fill it in (e.g. 是/否 in each row), or pass '
        f"--skip {key} if measure {key} is knowingly not run)"
    )


@pytest.mark.parametrize(
    ("name", "header", "column", "key"),
    [
        ("enterprises.csv", "新增财力(万元)", "new_fiscal_revenue", "3"),  # before: all m3.fiscal gone
        ("enterprises.csv", "实物商品网络零售额(万元)", "online_retail", "2"),
        ("candidates.csv", "经营年限(年)", "years_operating", "7"),  # before: every candidate excluded, m8 lost 2.31
        ("hires.csv", "县市区", "county", "8"),  # before: all of m8 dropped
        ("shops.csv", "online_retail", "online_retail", "4"),
    ],
)
def test_annual_stops_on_a_figure_column_empty_in_every_row(run, tmp_path, name, header, column, key):
    data = _data(tmp_path)
    _emptied(data / name, header, mark="—")  # a not-applicable mark in every row is no answer either
    done = _annual(run, data, tmp_path / "out")
    assert done.returncode == 1, done.stderr
    # the mark is said as written, not called empty (hostile review 3, F1)
    (line,) = [x for x in done.stderr.splitlines() if "holds no value in all" in x]
    assert line.startswith(f"jncli annual: {name}: the column {header} ({column}) holds no value in all ")
    assert "each is blank or '—', a not-applicable mark read as none" in line
    if column == "county":  # each row's county, file by file: --skip would drop the measure for every county (F6)
        assert f"no row names its county and measure {key} would find every row ineligible (hint: write each " in line
        assert "--skip" not in line
        return
    assert (
        f"measure {key} would decide without it (hint: fill it in (a value in each row), or pass --skip {key}" in line
    )


def test_the_stop_is_in_chinese(run, tmp_path):
    data = _data(tmp_path)
    _emptied(data / "enterprises.csv", "是否纳统")
    done = _annual(run, data, tmp_path / "out", lang="zh")
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        "jncli annual: enterprises.csv：是否纳统（in_statistics）列全部 114 行均为空：若照此读取，每一行都将视为“否”，"
        "第 2 条措施将在没有该列数据的情况下作出决定（提示：请补填该列（例如每行填写“是”或“否”）；如确定本年度不执行"
        "第 2 条措施，请加 --skip 2）"
    )


def test_a_skipped_measure_s_column_may_be_empty(run, tmp_path):
    data = _data(tmp_path)
    _emptied(data / "enterprises.csv", "是否省外电商企业分支机构转设")
    done = _annual(run, data, tmp_path / "out", "--skip", "3")
    assert done.returncode == 0, done.stderr
    assert "is empty in all" not in done.stderr


def test_columns_read_only_where_filled_may_be_empty(run, tmp_path):
    # 国家级称号 (annual.md: an empty column means none), 迁入日期 (an event: none moved in), 上年… (the 2022 rows)
    data = _data(tmp_path)
    _emptied(data / "enterprises.csv", "国家级称号")
    _emptied(data / "enterprises.csv", "上年实物商品网络零售额(万元)")
    _emptied(data / "shops.csv", "migrated_in_on")
    done = _annual(run, data, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "is empty in all" not in done.stderr


def test_a_command_warns_and_runs(run, tmp_path):
    path = _emptied(tmp_path / "enterprises.csv", "是否商贸流通企业")
    done = run("award-enterprises", str(path), "--lang", "en", "-f", "csv")
    assert done.returncode == 0, done.stderr
    assert (
        f"jncli award-enterprises: warning: {path}: the column 是否商贸流通企业 (is_trade) is empty in all 114 rows: "
        'every row is read as "no" (fill it in, e.g. 是/否 in each row, if that is not meant)'
    ) in done.stderr.splitlines()
    zh = run("award-enterprises", str(path), "--lang", "zh", "-f", "csv")
    assert (
        f"jncli award-enterprises: 警告：{path}：是否商贸流通企业（is_trade）列全部 114 行均为空：每一行都按“否”读取"
        "（如非本意，请补填该列，例如每行填写“是”或“否”）"
    ) in zh.stderr.splitlines()


def test_one_data_row_is_that_row_s_answer(run, tmp_path):
    rows = _rows("enterprises.csv")
    i, year = rows[0].index("是否商贸流通企业"), rows[0].index("年份")
    one = [r for r in rows[1:] if r[year] == "2023"][:1]
    path = _write(tmp_path / "one.csv", [rows[0]] + [r[:i] + [""] + r[i + 1 :] for r in one])
    done = run("award-enterprises", str(path), "--lang", "en", "-f", "csv")
    assert done.returncode == 0, done.stderr
    assert "is empty in all" not in done.stderr


# ------------------------------------------------------------------------------------------------ A3
def _grouped(path: Path, scattered: bool = False) -> Path:
    """enterprises.csv sorted by year and county, the county written on each group's first row only, as Excel saves
    a sheet whose 县市区 cells are merged down (GB18030); `scattered`: two blank cells in the sample's own order."""
    rows = _rows("enterprises.csv")
    h, body = rows[0], rows[1:]
    county, year = h.index("县市区"), h.index("年份")
    if scattered:
        for r in (body[10], body[40]):
            r[county] = ""
        return _write(path, [h, *body], "gb18030")
    body.sort(key=lambda r: (r[year], r[county]))
    out, prev = [h], None
    for r in body:
        key = (r[year], r[county])
        out.append([*r[:county], "" if key == prev else r[county], *r[county + 1 :]])
        prev = key
    return _write(path, out, "gb18030")


def test_annual_stops_on_county_cells_merged_in_the_sheet(run, tmp_path):
    # before: exit 0, 517.28 → 377.68 万元, "39 row(s) name a county outside 济宁市 … ''"
    data = _data(tmp_path)
    _grouped(data / "enterprises.csv")
    out = tmp_path / "out"
    done = _annual(run, data, out)
    assert done.returncode == 1, done.stderr
    assert not out.exists()
    assert done.stderr.splitlines()[-1] == (
        "jncli annual: enterprises.csv: 74 row(s) have no county (blank) and each follows a row naming one, in a "
        "table grouped by county: the county cells look merged in the sheet this was saved from (first: "
        "enterprises.csv row 5) (hint: a sheet whose county cells are merged is read as .xlsx (a merged cell is read "
        "into each of its rows); in a CSV, fill the county down into every row)"
    )


def test_a_command_names_blank_counties_apart(run, tmp_path):
    path = _grouped(tmp_path / "enterprises.csv")
    done = run("award-enterprises", str(path), "--lang", "en", "-f", "csv")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert (
        f"jncli award-enterprises: warning: 74 row(s) have no county (blank): they name no county and are ineligible "
        f"(first: {path} row 5) (a sheet whose county cells are merged is read as .xlsx (a merged cell is read into "
        "each of its rows); in a CSV, fill the county down into every row)"
    ) in lines
    (outside,) = [x for x in lines if "outside 济宁市" in x]
    assert "''" not in outside and outside.split("warning: ")[1].startswith("2 row(s)")


def test_scattered_blank_counties_are_a_warning_in_annual(run, tmp_path):
    data = _data(tmp_path)
    _grouped(data / "enterprises.csv", scattered=True)
    done = _annual(run, data, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "warning: 2 row(s) have no county (blank): they name no county and are ineligible" in done.stderr
    assert "2 row(s) have no county (blank)" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


# ----------------------------------------------------------------------------------------------- A11
def _wide(path: Path, cur: str, prev: str) -> Path:
    """The bureau's wide counties sheet (本年 / 上年同期), no year column, no title."""
    rows = _rows("counties.csv")
    h = rows[0]
    by = {(r[0], r[1]): r for r in rows[1:]}
    hdr = ["县市区"] + [x for c in h[2:] for x in (c, c.replace("(万元)", "") + "上年同期(万元)")]
    body = [
        [county] + [x for j in range(2, len(h)) for x in (by[(county, cur)][j], by[(county, prev)][j])]
        for county in dict.fromkeys(r[0] for r in rows[1:])
    ]
    return _write(path, [hdr, *body])


def test_a_wide_sheet_naming_no_year_is_said_to_be_taken_as_the_year(run, tmp_path):
    data = _data(tmp_path)
    _wide(data / "counties.csv", "2022", "2021")  # last year's sheet: before, paid last year's ranking silently
    done = _annual(run, data, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    line = (
        "counties.csv: the table has no year column and no title naming a year: its figures are taken as 2023's "
        "(本年 2023, 上年同期 2022); check that the sheet is 2023's"
    )
    assert f"jncli annual: warning: {line}" in done.stderr.splitlines()
    assert "the table has no year column and no title naming a year" in (tmp_path / "out" / "report.html").read_text(
        encoding="utf-8"
    )
    zh = run("score-counties", str(data / "counties.csv"), "--year", "2023", *GROWTH, "--lang", "zh")
    assert zh.returncode == 0, zh.stderr
    assert (
        f"jncli score-counties: 警告：{data / 'counties.csv'}：该表没有年份列，标题也未写明年份：表中数据按 2023 年读取"
        "（本年为 2023 年，上年同期为 2022 年）；请核对该表确为 2023 年的数据"
    ) in zh.stderr.splitlines()
