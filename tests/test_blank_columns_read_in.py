"""Hostile review 3, F1, F2, F3, F6 and D6: the needed-column and blank-county checks (`tableio/blanks.py`) and the
message for a jncli output in the data folder (`annual.inputs.describe_unrecognised`).

Before: a year with no converted out-of-province branch (是否省外…转设 否 in every row, 新增财力 blank, RULES §2
rev 3) stopped `annual` (the hint's --skip 3 then stopped the next year); enterprises delivered as one file per
county stopped at the first county file without a 新增财力 figure (the check ran file by file, annual reads them as
one table; --skip 3 lost 118.68 万元); a list sorted by county with two genuinely blank county cells at the bottom
stopped as "merged cells", and the fill-down hint gave those rows another county; a county's own file with its county
in the title only stopped with the hint `--skip 2` (measure 2 dropped for every county); a whitelist.csv in DATA
was told to go with --prior. Through the real CLI on the shipped samples.
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from jncli.tableio.blanks import _merged_pattern

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GROWTH = ("--province-growth", "10%", "--province-rural-growth", "12%")
FISCAL, CONVERTED, COUNTY = "新增财力(万元)", "是否省外电商企业分支机构转设", "县市区"


@pytest.fixture(scope="module")
def run(jncli):
    return jncli.using(text=True)


def _read(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
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


def _annual(run, data: Path, out: Path, *more: str, year: str = "2023", lang: str = "en"):
    return run("annual", str(data), "--year", year, *GROWTH, "-o", str(out), "--lang", lang, *more)


def _ledger(path: Path) -> dict:
    rows = _read(path)
    h = rows[0]
    out = {}
    for r in rows[1:]:
        d = dict(zip(h, r))
        out[(d["beneficiary"], d["rule"], d["year"])] = (d["award"], d["status"])
    return out


@pytest.fixture(scope="module")
def samples_ledger(run, tmp_path_factory):
    out = tmp_path_factory.mktemp("base") / "out"
    done = _annual(run, SAMPLES, out)
    assert done.returncode == 0, done.stderr
    return _ledger(out / "ledger.csv")


# ------------------------------------------------------------------------------------------------ F1
def _no_converted_branch(data: Path, mark: str = "") -> None:
    """The 2022 rows only, no enterprise a converted branch (否 in every row), 新增财力 `mark` in every row."""
    rows = _read(data / "enterprises.csv")
    h = rows[0]
    y, f, b = h.index("年份"), h.index(FISCAL), h.index(CONVERTED)
    keep = [r for r in rows[1:] if r[y] == "2022"]
    for r in keep:
        r[f], r[b] = mark, "否"
    _write(data / "enterprises.csv", [h, *keep])


@pytest.mark.parametrize("mark", ["", "无", "—"])
def test_a_year_without_a_converted_branch_runs(run, tmp_path, mark):
    # before: exit 1, "新增财力(万元) (new_fiscal_revenue) is empty in all 57 rows", hint --skip 3
    data = _data(tmp_path)
    _no_converted_branch(data, mark)
    out = tmp_path / "out"
    done = _annual(run, data, out, "--first-year", year="2022")
    assert done.returncode == 0, done.stderr
    assert "new_fiscal_revenue" not in done.stderr
    rows = [r for r in _read(out / "ledger.csv")[1:] if r[3] == "m3.fiscal"]
    assert not [r for r in rows if r[6] == "awarded"]  # no converted branch: no m3.fiscal paid


def test_the_figure_is_still_needed_where_an_enterprise_is_a_converted_branch(run, tmp_path):
    data = _data(tmp_path)
    rows = _read(data / "enterprises.csv")
    f = rows[0].index(FISCAL)
    _write(data / "enterprises.csv", [rows[0]] + [[*r[:f], "", *r[f + 1 :]] for r in rows[1:]])
    done = _annual(run, data, tmp_path / "out")
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        f"jncli annual: enterprises.csv: the column {FISCAL} (new_fiscal_revenue) is empty in all 18 rows where "
        f"{CONVERTED} is yes (the rows it is read in): read so, every row would have none and measure 3 would decide "
        "without it (hint: fill it in (a value in each row), or pass --skip 3 if measure 3 is knowingly not run)"
    )


def test_a_not_applicable_mark_is_not_called_empty(run, tmp_path):
    # 无 in a converted branch's row reads as no figure (no m3.fiscal row, as before); in every such row: the stop
    data = _data(tmp_path)
    rows = _read(data / "enterprises.csv")
    f, b = rows[0].index(FISCAL), rows[0].index(CONVERTED)
    body = [[*r[:f], "无" if r[b] == "是" else "", *r[f + 1 :]] for r in rows[1:]]
    _write(data / "enterprises.csv", [rows[0], *body])
    done = _annual(run, data, tmp_path / "out")
    assert done.returncode == 1
    line = done.stderr.splitlines()[-1]
    assert line.startswith(
        f"jncli annual: enterprises.csv: the column {FISCAL} (new_fiscal_revenue) holds no value in all 18 rows where "
        f"{CONVERTED} is yes (the rows it is read in): each is blank or '无', a not-applicable mark read as none: "
    )
    assert "is empty" not in line
    zh = _annual(run, data, tmp_path / "out", lang="zh")
    assert zh.stderr.splitlines()[-1].startswith(
        f"jncli annual: enterprises.csv：{FISCAL}（new_fiscal_revenue）列在{CONVERTED}为“是”的全部 18 行"
        "（即读取该列的行）中均无数值：每格为空或填写 '无'（“不适用”标记，按无数据读取）：若照此读取，"
    )


def test_a_command_warns_over_the_rows_the_column_is_read_in(run, tmp_path):
    data = _data(tmp_path)
    _no_converted_branch(data)
    done = run("award-enterprises", str(data / "enterprises.csv"), "--lang", "en", "-f", "csv")
    assert done.returncode == 0, done.stderr
    assert "is empty in all" not in done.stderr


# ------------------------------------------------------------------------------------------------ F2
def _by_county(data: Path, blank_in: str | None = None, fiscal: bool = True) -> None:
    """enterprises.csv as one file per county (annual.md: several files of one kind are one table); `blank_in`: that
    county reports no one for measure 3 (新增财力 and 是否省外…转设 blank); `fiscal` False: 新增财力 blank in all."""
    rows = _read(data / "enterprises.csv")
    (data / "enterprises.csv").unlink()
    h, body = rows[0], rows[1:]
    c, f, b = h.index(COUNTY), h.index(FISCAL), h.index(CONVERTED)
    by: dict[str, list[list[str]]] = {}
    for r in body:
        by.setdefault(r[c], []).append(r)
    for county, rs in by.items():
        for r in rs:
            if county == blank_in:
                r[f], r[b] = "", ""
            if not fiscal:
                r[f] = ""
        _write(data / f"enterprises_{county}.csv", [h, *rs])


def test_enterprises_in_one_file_per_county_are_checked_as_one_table(run, tmp_path, samples_ledger):
    # before: exit 1 at enterprises_临沂市.csv (新增财力 empty in its 2 rows); --skip 3: 517.28 → 398.60 万元
    data = _data(tmp_path)
    _by_county(data, blank_in="泗水县")
    out = tmp_path / "out"
    done = _annual(run, data, out)
    assert done.returncode == 0, done.stderr
    assert _ledger(out / "ledger.csv") == samples_ledger
    warned = [x for x in done.stderr.splitlines() if "other files of the table fill it" in x]
    assert warned == [
        f"jncli annual: warning: enterprises_泗水县.csv: the column {CONVERTED} (converted_branch) is empty in all 3 "
        'rows (other files of the table fill it): its rows are read as "no" (fill it in if that is not meant)'
    ]


def test_a_column_empty_in_every_file_of_a_kind_stops_naming_the_files(run, tmp_path):
    data = _data(tmp_path)
    _by_county(data, fiscal=False)
    done = _annual(run, data, tmp_path / "out")
    assert done.returncode == 1
    line = done.stderr.splitlines()[-1]
    assert line.startswith("jncli annual: enterprises_")
    assert f"(read as one table): the column {FISCAL} (new_fiscal_revenue) is empty in all 18 rows where " in line
    assert "enterprises_任城区.csv" in line and "enterprises_金乡县.csv" in line


# ------------------------------------------------------------------------------------------------ F3
def _frame(cells: list[str], years: list[str] | None = None) -> pl.DataFrame:
    cols = {"f": [c != "" for c in cells], "c": cells}
    return pl.DataFrame(cols | ({"y": years} if years else {}))


@pytest.mark.parametrize(
    ("cells", "years", "merged"),
    [
        (["任城区", "", "", "金乡县", "", "鱼台县", ""], None, True),  # merged down: blanks after each group
        (["任城区", "任城区", "金乡县", "鱼台县", "鱼台县", "", ""], None, False),  # a sort's blanks at the bottom
        (["任城区", "", "金乡县", "鱼台县", "", ""], None, True),  # blanks after two counties, one inside
        (["任城区", "", "任城区", "金乡县", "", "鱼台县"], None, False),  # a blank inside a group: not merged
        # sorted by year, then county: blanks at the end of each year's block, after the same last county
        (["任城区", "鱼台县", "", "任城区", "鱼台县", ""], ["2022"] * 3 + ["2023"] * 3, False),
        (["任城区", "", "鱼台县", "", "任城区", "", "鱼台县"], ["2022"] * 4 + ["2023"] * 3, True),
    ],
)
def test_merged_pattern(cells, years, merged):
    assert _merged_pattern(_frame(cells, years)) is merged


def test_blank_counties_sorted_last_are_the_warning(run, tmp_path, samples_ledger):
    # before: exit 1 "… the county cells look merged …"; the fill-down hint put 汶上水泊融文化传媒 under 鱼台县
    data = _data(tmp_path)
    rows = _read(data / "candidates.csv")
    h, body = rows[0], rows[1:]
    c = h.index(COUNTY)
    for r in (body[5], body[20]):
        r[c] = ""
    body.sort(key=lambda r: (r[c] == "", r[c]))  # Excel's sort: the blank cells last
    _write(data / "candidates.csv", [h, *body])
    done = _annual(run, data, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    (line,) = [x for x in done.stderr.splitlines() if "have no county" in x]
    assert line == (
        "jncli annual: warning: 2 row(s) have no county (blank): they name no county and are ineligible (first: "
        "candidates.csv row 46) (write each row's own county: a blank is not the county of the row above it)"
    )
    zh = _annual(run, data, tmp_path / "out2", lang="zh")
    assert "（请逐行填写各自所属的县（市、区）：空白单元格并不等于上一行的县（市、区））" in zh.stderr


# ------------------------------------------------------------------------------------------------ F6
def test_a_county_s_file_with_its_county_in_the_title_says_to_fill_the_column(run, tmp_path):
    xlsxwriter = pytest.importorskip("xlsxwriter")
    data = _data(tmp_path)
    rows = _read(data / "enterprises.csv")
    h, body = rows[0], rows[1:]
    c = h.index(COUNTY)
    _write(data / "enterprises.csv", [h, *[r for r in body if r[c] != "金乡县"]])
    book = xlsxwriter.Workbook(str(data / "金乡县企业.xlsx"))
    sheet = book.add_worksheet()
    sheet.merge_range(0, 0, 0, len(h) - 1, "金乡县2022-2023年电子商务企业统计表")
    sheet.write_row(1, 0, h)
    for i, r in enumerate(r for r in body if r[c] == "金乡县"):
        sheet.write_row(2 + i, 0, [*r[:c], "", *r[c + 1 :]])
    book.close()
    done = _annual(run, data, tmp_path / "out")
    assert done.returncode == 1
    line = done.stderr.splitlines()[-1]
    assert line == (
        "jncli annual: 金乡县企业.xlsx: the column 县市区 (county) is empty in all 6 rows: read so, no row names its "
        "county and measure 2 would find every row ineligible (hint: write each row's county in the column (a file "
        "of one county, named in its title only, needs it in every row too: jncli does not read the county from a "
        "title))"
    )
    assert "--skip" not in line
    zh = _annual(run, data, tmp_path / "out", lang="zh")
    assert zh.stderr.splitlines()[-1] == (
        "jncli annual: 金乡县企业.xlsx：县市区（county）列全部 6 行均为空：若照此读取，没有一行写明所属县（市、区），"
        "第 2 条措施将判定每一行均不符合条件（提示：请在该列每一行填写所属县（市、区）（只有一个县（市、区）的文件，"
        "即使标题中已写明县名，也须在每一行填写：jncli 不从标题读取县（市、区）））"
    )


# ------------------------------------------------------------------------------------------------ D6
@pytest.fixture(scope="module")
def outputs_2022(run, tmp_path_factory):
    out = tmp_path_factory.mktemp("y2022") / "out"
    done = _annual(run, SAMPLES, out, year="2022")
    assert done.returncode == 0, done.stderr
    return out


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("whitelist.csv", "it is a jncli whitelist (whitelist.csv): last year's is given with --previous-whitelist"),
        ("score-counties.csv", "it is jncli's score-counties.csv, a result table and no record of what was paid"),
        ("track-shops.csv", "it is jncli's track-shops.csv, a result table and no record of what was paid"),
        ("ledger.csv", "it is a jncli ledger: give it with --prior (what was received before), not in the folder"),
    ],
)
def test_a_jncli_output_in_the_folder_is_named_for_what_it_is(run, tmp_path, outputs_2022, name, said):
    # before: every one "it is a jncli ledger: give it with --prior"; the whitelist's option is --previous-whitelist
    data = _data(tmp_path)
    (data / f"2022_{name}").write_bytes((outputs_2022 / name).read_bytes())
    done = _annual(run, data, tmp_path / "out")
    assert done.returncode == 1
    assert said in done.stderr.splitlines()[-1]
    if name == "whitelist.csv":
        zh = _annual(run, data, tmp_path / "out", lang="zh")
        assert "这是一份 jncli 白名单（whitelist.csv）：上一年度的白名单请用 --previous-whitelist 给出" in zh.stderr
