"""How bureaus really write units, years, subtotal rows and titles (review 21, F3–F6): each form read as the
samples' own, through the real `jncli`, in a command and in `annual`."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
RATES = ("--province-growth", "10%", "--province-rural-growth", "12%")


def out_of(proc: subprocess.CompletedProcess) -> bytes:
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout


def err_of(proc: subprocess.CompletedProcess) -> str:
    text = proc.stderr.decode()
    assert "Traceback" not in text, text
    return text


def sample(name: str) -> tuple[list[str], list[list[str]]]:
    with open(SAMPLES / name, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)
    return path


def scaled(value: str, per_wan: Decimal) -> str:
    return format((Decimal(value) * per_wan).normalize(), "f") if value else value


def counties_in(unit: str, per_wan: Decimal, *, unit_row: bool) -> list[list[str]]:
    """The sample counties with every money figure in `unit` (`per_wan` of it make 1 万元): named in each
    header's brackets, or in a `单位：…` row under a title (headers without a unit)."""
    header, rows = sample("counties.csv")
    money = [i for i, h in enumerate(header) if h.endswith("(万元)")]
    body = [[scaled(v, per_wan) if i in money else v for i, v in enumerate(r)] for r in rows]
    if unit_row:
        plain = [h.removesuffix("(万元)") for h in header]
        return [["2023年济宁市网络零售统计表"], [f"金额单位：{unit}"], plain, *body]
    return [[h.replace("(万元)", f"({unit})") for h in header], *body]


# ------------------------------------------------------------------ F3: the currency around a money unit; 万
UNITS = {
    "人民币万元": Decimal(1),
    "万元人民币": Decimal(1),
    "RMB万元": Decimal(1),
    "万元RMB": Decimal(1),
    "元人民币": Decimal(10000),
    "人民币元": Decimal(10000),
    "人民币千元": Decimal(10),
    "百万元人民币": Decimal("0.01"),
    "万": Decimal(1),
    "万人民币": Decimal(1),
    "人民币亿元": Decimal("0.0001"),
}


@pytest.mark.parametrize("unit_row", [False, True], ids=["header", "unit-row"])
@pytest.mark.parametrize("unit", UNITS)
def test_a_money_unit_with_its_currency_before_or_after_is_read(jncli, tmp_path, unit, unit_row):
    path = write(tmp_path / "c.csv", counties_in(unit, UNITS[unit], unit_row=unit_row))
    clean = jncli("score-counties", str(SAMPLES / "counties.csv"), "--year", "2023", *RATES)
    proc = jncli("score-counties", path.name, "--year", "2023", *RATES, cwd=tmp_path)
    assert out_of(proc) == out_of(clean)
    if unit_row:
        named = {"元人民币": "元", "人民币元": "元", "人民币千元": "千元", "百万元人民币": "百万元"}
        named["人民币亿元"] = "亿元"
        assert f"money columns without a unit in their header are in {named.get(unit, '万元')}" in err_of(proc)


def test_the_currency_in_a_unit_row_and_in_a_header_is_one_unit(jncli, tmp_path):
    rows = counties_in("万元", Decimal(1), unit_row=False)
    path = write(tmp_path / "c.csv", [["金额单位：人民币万元"], *rows])
    clean = jncli("score-counties", str(SAMPLES / "counties.csv"), "--year", "2023", *RATES)
    assert out_of(jncli("score-counties", path.name, "--year", "2023", *RATES, cwd=tmp_path)) == out_of(clean)
    write(tmp_path / "c.csv", [["单位：万元人民币"], *counties_in("元", Decimal(10000), unit_row=False)])
    proc = jncli("score-counties", "c.csv", "--year", "2023", *RATES, cwd=tmp_path)
    assert proc.returncode == 1
    assert "says 元 but the unit row (row 1) says 万元" in err_of(proc)


@pytest.mark.parametrize("unit", ["美元", "万美元", "人民币", "RMB", "港元"])
def test_a_currency_or_unit_jncli_does_not_know_still_stops(jncli, tmp_path, unit):
    path = write(tmp_path / "c.csv", counties_in(unit, Decimal(1), unit_row=True))
    proc = jncli("score-counties", path.name, "--year", "2023", *RATES, "-o", "out.csv", cwd=tmp_path)
    assert proc.returncode == 1
    assert f"c.csv row 2: the unit row '金额单位：{unit}' names a unit jncli does not know ({unit})" in err_of(proc)
    assert not (tmp_path / "out.csv").exists()
    write(tmp_path / "c.csv", counties_in(unit, Decimal(1), unit_row=False))
    proc = jncli("score-counties", "c.csv", "--year", "2023", *RATES, cwd=tmp_path)
    assert proc.returncode == 1 and "is not a money unit jncli knows" in err_of(proc)


def test_annual_reads_a_unit_row_in_renminbi_wan(annual, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLES, data)
    write(data / "counties.csv", counties_in("人民币万元", Decimal(1), unit_row=True))
    clean = annual(SAMPLES, tmp_path / "clean")
    assert clean.returncode == 0, clean.stderr
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "ledger.csv").read_bytes() == (tmp_path / "clean" / "ledger.csv").read_bytes()


# ------------------------------------------------------------------ F5: a subtotal named in the county or name column
def enterprises_with_subtotals(column: int, label) -> list[list[str]]:
    """The sample enterprises sorted by county, a subtotal row after each county's rows: its ids empty, `label(county)`
    in `column` (2: 县市区, 1: 企业名称), and the sum of the county's 实物商品网络零售额 (column 6) of every year."""
    header, rows = sample("enterprises.csv")
    rows = sorted(rows, key=lambda r: (r[2], r[3]))
    out = [header]
    for i, r in enumerate(rows):
        out.append(r)
        if i + 1 == len(rows) or rows[i + 1][2] != r[2]:
            sub = [""] * len(header)
            sub[column] = label(r[2])
            sub[6] = format(sum(Decimal(x[6] or 0) for x in rows if x[2] == r[2]).normalize(), "f")
            out.append(sub)
    return out


@pytest.mark.parametrize(
    "column,label",
    [
        (2, lambda c: f"{c}小计"),
        (1, lambda c: "济宁经济技术开发区小计" if c == "济宁经济技术开发区" else f"{c}企业合计"),
    ],
    ids=["county", "name"],
)
def test_a_subtotal_named_in_the_county_or_name_column_is_left_out(jncli, tmp_path, column, label):
    path = write(tmp_path / "e.csv", enterprises_with_subtotals(column, label))
    clean = jncli("award-enterprises", str(SAMPLES / "enterprises.csv"), "--all-years")
    proc = jncli("award-enterprises", path.name, "--all-years", cwd=tmp_path)
    assert out_of(proc) == out_of(clean)
    err = err_of(proc)
    first = label("任城区")
    assert f"left out: a total row ({first})" in err
    assert "the year is empty" not in err
    listed = err_of(jncli("cat", "--as", "enterprises", path.name, cwd=tmp_path))
    assert "row 102 left out: a total row (济宁经济技术开发区小计)" in listed  # a long name (10 characters) + 小计


def test_a_row_with_its_id_filled_and_a_county_ending_in_subtotal_is_data(jncli, tmp_path):
    header, rows = sample("enterprises.csv")
    rows[0][2] = "任城区小计"
    path = write(tmp_path / "e.csv", [header, *rows])
    proc = jncli("award-enterprises", path.name, "--all-years", cwd=tmp_path)
    assert "left out: a total row" not in err_of(proc)
    assert "任城区小计" in err_of(proc)


# ------------------------------------------------------------------ F4: a year written 2023年度
@pytest.mark.parametrize("form", ["{}年度", "{} 年度", "{}年"])
def test_a_year_written_with_nian_du_is_the_year(jncli, tmp_path, form):
    header, rows = sample("counties.csv")
    path = write(tmp_path / "c.csv", [header, *[[r[0], form.format(r[1]), *r[2:]] for r in rows]])
    clean = jncli("score-counties", str(SAMPLES / "counties.csv"), "--year", "2023", *RATES)
    assert out_of(jncli("score-counties", path.name, "--year", "2023", *RATES, cwd=tmp_path)) == out_of(clean)
    header, rows = sample("enterprises.csv")
    path = write(tmp_path / "e.csv", [header, *[[*r[:3], form.format(r[3]), *r[4:]] for r in rows]])
    clean = jncli("award-enterprises", str(SAMPLES / "enterprises.csv"), "--all-years")
    assert out_of(jncli("award-enterprises", path.name, "--all-years", cwd=tmp_path)) == out_of(clean)


@pytest.mark.parametrize("year", ["2023年度上半年", "年度2023", "2023度"])
def test_a_year_with_other_words_still_stops(jncli, tmp_path, year):
    header, rows = sample("counties.csv")
    rows[0][1] = year
    path = write(tmp_path / "c.csv", [header, *rows])
    proc = jncli("score-counties", path.name, "--year", "2023", *RATES, cwd=tmp_path)
    assert proc.returncode == 1
    assert f"c.csv row 2, column 年份 (year): {year!r} is not a whole number" in err_of(proc)


# ------------------------------------------------------------------ F6: platform timestamps, serials written as text
def shops_with_dates(change) -> list[list[str]]:
    header, rows = sample("shops.csv")
    dates = [i for i, h in enumerate(header) if "日期" in h or h.endswith("_on")]
    assert dates
    return [header, *[[change(v) if i in dates and v else v for i, v in enumerate(r)] for r in rows]]


def test_a_platform_timestamp_in_chinas_zone_is_its_date(jncli, tmp_path):
    path = write(tmp_path / "s.csv", shops_with_dates(lambda v: f"{v}T23:59:59+08:00"))
    clean = jncli("track-shops", str(SAMPLES / "shops.csv"), "--year", "2023")
    assert out_of(jncli("track-shops", path.name, "--year", "2023", cwd=tmp_path)) == out_of(clean)
    write(tmp_path / "s.csv", shops_with_dates(lambda v: f"{v} 00:00:00+0800"))
    assert out_of(jncli("track-shops", "s.csv", "--year", "2023", cwd=tmp_path)) == out_of(clean)


@pytest.mark.parametrize("zone", ["Z", "+00:00", "-05:00", "+09:00"])
def test_a_timestamp_in_another_zone_stops(jncli, tmp_path, zone):
    path = write(tmp_path / "s.csv", shops_with_dates(lambda v: f"{v}T10:00:00{zone}"))
    proc = jncli("track-shops", path.name, "--year", "2023", cwd=tmp_path)
    assert proc.returncode == 1 and f"T10:00:00{zone}' is not a date" in err_of(proc)


def test_an_excel_serial_written_as_text_is_named_with_its_date(jncli, tmp_path):
    path = write(tmp_path / "s.csv", shops_with_dates(lambda v: "44415"))
    proc = jncli("track-shops", path.name, "--year", "2023", cwd=tmp_path)
    assert proc.returncode == 1
    assert "row 2, column" in err_of(proc)
    assert "44415 is a plain number, not a date or a month (as an Excel serial day it would be 2021-08-07)" in err_of(
        proc
    )
    zh = jncli("track-shops", path.name, "--year", "2023", "--lang", "zh", cwd=tmp_path)
    assert "44415 是普通数字，不是日期或月份（若按 Excel 日期序列号读取，将是 2021-08-07）" in err_of(zh)


# ------------------------------------------------------------------ F6: CSV title lines narrower than the header
def unpadded(rows: list[list[str]], *titles: str) -> str:
    """`rows` as CSV text under title lines written as they are, without Excel's padding to the header's width."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return "".join(f"{t}\n" for t in titles) + out.getvalue()


def test_title_and_unit_lines_narrower_than_the_header_are_read_as_such(jncli, tmp_path):
    header, rows = sample("enterprises.csv")
    money = [i for i, h in enumerate(header) if h.endswith("(万元)")]
    plain = [h.removesuffix("(万元)") for h in header]
    in_yuan = [[scaled(v, Decimal(10000)) if i in money else v for i, v in enumerate(r)] for r in rows]
    (tmp_path / "e.csv").write_text(
        unpadded([plain, *in_yuan], "2023年企业统计表", "填报单位：济宁市商务局,,,,,,单位：元"), "utf-8"
    )
    clean = jncli("award-enterprises", str(SAMPLES / "enterprises.csv"), "--all-years")
    proc = jncli("award-enterprises", "e.csv", "--all-years", cwd=tmp_path)
    assert out_of(proc) == out_of(clean)
    listed = err_of(jncli("cat", "--as", "enterprises", "e.csv", cwd=tmp_path))
    assert "row 1 skipped: a title above the header ('2023年企业统计表')" in listed
    assert "row 2 skipped: a unit row ('填报单位：济宁市商务局 | 单位：元'): money columns without a unit" in listed
    assert "header: row 3;" in listed


def test_a_header_narrower_than_its_data_is_still_an_error(jncli, tmp_path):
    (tmp_path / "f.csv").write_text("县市区,奖励比例\n任城区,0.58,备注\n兖州区,0.5,备注\n", "utf-8")
    proc = jncli("cat", "--as", "fiscal_ratios", "f.csv", cwd=tmp_path)
    assert proc.returncode == 1 and "line 2 has 3 fields, the header has 2" in err_of(proc)


# ------------------------------------------------------------------ review 25: the forms of a money unit still refused
def enterprises_in(per_wan: Decimal, bracket: str | None = None, unit_row: str | None = None) -> list[list[str]]:
    """The sample enterprises with every money figure × `per_wan`: each money header's unit `（{bracket}）` (none when
    None), under a unit row `unit_row` when given."""
    header, rows = sample("enterprises.csv")
    money = [i for i, h in enumerate(header) if h.endswith("(万元)")]
    body = [[scaled(v, per_wan) if i in money else v for i, v in enumerate(r)] for r in rows]
    head = [h.replace("(万元)", f"（{bracket}）" if bracket else "") for h in header]
    return [*([[unit_row]] if unit_row else []), head, *body]


@pytest.mark.parametrize(
    "bracket,per_wan",
    [("单位：万元", 1), ("单位:元", 10000), ("单位：人民币万元", 1), ("金额单位：元", 10000), ("单位：千元", 10)],
)
def test_a_unit_prefix_in_a_money_headers_bracket_is_read(jncli, tmp_path, bracket, per_wan):
    write(tmp_path / "e.csv", enterprises_in(Decimal(per_wan), bracket=bracket))
    clean = jncli("award-enterprises", str(SAMPLES / "enterprises.csv"))
    proc = jncli("award-enterprises", "e.csv", cwd=tmp_path)
    # before: "header '实物商品网络零售额（单位：万元）': unit '单位:万元' is not a money unit jncli knows", exit 1
    assert out_of(proc) == out_of(clean)


def test_a_unit_prefix_before_a_unit_jncli_does_not_know_still_stops(jncli, tmp_path):
    write(tmp_path / "e.csv", enterprises_in(Decimal(1), bracket="单位：美元"))
    proc = jncli("award-enterprises", "e.csv", "-o", "out.csv", cwd=tmp_path)
    assert proc.returncode == 1 and not (tmp_path / "out.csv").exists()
    assert "unit '单位:美元' is not a money unit jncli knows" in err_of(proc)


@pytest.mark.parametrize(
    "unit_row,per_wan,unit",
    [
        ("单位：万元（人民币）", 1, "万元"),
        ("单位：元（人民币）", 10000, "元"),
        ("单位：人民币万元", 1, "万元"),
        ("金额单位：元(RMB)", 10000, "元"),
        ("单位：千元（人民币）", 10, "千元"),
    ],
)
def test_a_unit_row_with_the_currency_in_brackets_is_read(jncli, tmp_path, unit_row, per_wan, unit):
    write(tmp_path / "e.csv", enterprises_in(Decimal(per_wan), unit_row=unit_row))
    clean = jncli("award-enterprises", str(SAMPLES / "enterprises.csv"))
    proc = jncli("award-enterprises", "e.csv", cwd=tmp_path)
    # before: "the unit row '单位：万元（人民币）' names a unit jncli does not know (万元(人民币))", exit 1
    assert out_of(proc) == out_of(clean)
    assert f"money columns without a unit in their header are in {unit}" in err_of(proc)


def group_sheet(path: Path, group: str, subs: tuple[str, str], per_wan: Decimal, *, above: str | None = None) -> Path:
    """The sample enterprises as an XLSX whose two retail columns sit under a group cell `group` merged across them
    (`subs` below it, row 2), every other header merged over both rows; the retail figures × `per_wan`."""
    openpyxl = pytest.importorskip("openpyxl")
    header, rows = sample("enterprises.csv")
    book = openpyxl.Workbook()
    ws = book.active
    if above:
        ws.append([above])
    top = 2 if above else 1
    ws.append([group if j == 6 else None if j == 7 else h for j, h in enumerate(header)])
    ws.append([subs[0] if j == 6 else subs[1] if j == 7 else None for j in range(len(header))])
    ws.merge_cells(start_row=top, start_column=7, end_row=top, end_column=8)
    for j in range(len(header)):
        if j not in (6, 7):
            ws.merge_cells(start_row=top, start_column=j + 1, end_row=top + 1, end_column=j + 1)
    for r in rows:
        cells: list[object] = list(r)
        cells[3] = int(r[3])
        cells[6], cells[7] = (float(scaled(v, per_wan)) if v else None for v in r[6:8])
        cells[9] = float(r[9]) if r[9] else None
        ws.append(cells)
    book.save(path)
    return path


RETAIL = ("实物商品网络零售额", "上年实物商品网络零售额")


@pytest.mark.parametrize(
    "group,subs,per_wan",
    [
        ("经营情况（元）", RETAIL, 10000),
        ("经营情况（单位：千元）", RETAIL, 10),
        ("经营情况（元）", ("实物商品网络零售额（元）", RETAIL[1]), 10000),  # the column's own unit, the same
        ("经营情况(万元)", RETAIL, 1),
        ("经营情况（千元）(RMB)", RETAIL, 10),  # review 26 F1: dropped, 千元 read as 万元
        ("经营情况（单位：千元）（人民币）", RETAIL, 10),
    ],
)
def test_a_money_unit_in_a_merged_group_header_is_the_unit_of_the_money_columns_under_it(
    jncli, tmp_path, group, subs, per_wan
):
    group_sheet(tmp_path / "e.xlsx", group, subs, Decimal(per_wan))
    clean = jncli("award-enterprises", str(SAMPLES / "enterprises.csv"))
    proc = jncli("award-enterprises", "e.xlsx", cwd=tmp_path)
    # before: the group's unit dropped, 元 read as 万元 (every enterprise in the top tier), exit 0
    assert out_of(proc) == out_of(clean)
    unit = {10000: "元", 10: "千元", 1: "万元"}[per_wan]
    cols = ", ".join(s for s in subs if "（" not in s)
    assert f"e.xlsx: unit {unit} of the group header {group!r} (row 1) applied to {cols}" in err_of(proc)
    zh = jncli("award-enterprises", "e.xlsx", cwd=tmp_path, env={"LC_ALL": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"})
    assert f"分组表头 {group!r}（第 1 行）的单位 {unit} 适用于 {cols}" in err_of(zh)


def test_a_group_headers_money_unit_other_than_a_columns_own_stops_naming_both(jncli, tmp_path):
    group_sheet(tmp_path / "e.xlsx", "经营情况（元）", ("实物商品网络零售额（万元）", RETAIL[1]), Decimal(10000))
    proc = jncli("award-enterprises", "e.xlsx", "-o", "out.csv", cwd=tmp_path)
    assert proc.returncode == 1 and not (tmp_path / "out.csv").exists()
    said = (
        "e.xlsx row 1: the group header '经营情况（元）' says 元, "
        "but the header '实物商品网络零售额（万元）' under it says 万元"
    )
    assert said in err_of(proc)
    zh = jncli("award-enterprises", "e.xlsx", cwd=tmp_path, env={"LC_ALL": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"})
    assert "分组表头 '经营情况（元）' 注明 元，而其下的表头 '实物商品网络零售额（万元）' 注明 万元" in err_of(zh)


def test_a_group_headers_money_unit_other_than_the_unit_rows_stops_naming_both(jncli, tmp_path):
    group_sheet(tmp_path / "e.xlsx", "经营情况（元）", RETAIL, Decimal(10000), above="单位：万元")
    proc = jncli("award-enterprises", "e.xlsx", cwd=tmp_path)
    assert proc.returncode == 1
    said = (
        "the group header '经营情况（元）' (row 2) over '实物商品网络零售额' says 元 but the unit row (row 1) says 万元"
    )
    assert said in err_of(proc)
    zh = jncli("award-enterprises", "e.xlsx", cwd=tmp_path, env={"LC_ALL": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"})
    assert (
        "'实物商品网络零售额' 之上的分组表头 '经营情况（元）'（第 2 行）注明 元，而单位行（第 1 行）注明 万元"
        in err_of(zh)
    )


def test_a_group_headers_money_unit_applies_to_money_columns_only(jncli, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    header, rows = sample("candidates.csv")
    money, people = header.index("营业收入(万元)"), header.index("从业人数(人)")
    assert people == money + 1
    book = openpyxl.Workbook()
    ws = book.active
    ws.append([("经营情况（元）" if j == money else None if j == people else h) for j, h in enumerate(header)])
    ws.append([("营业收入" if j == money else "从业人数" if j == people else None) for j in range(len(header))])
    ws.merge_cells(start_row=1, start_column=money + 1, end_row=1, end_column=people + 1)
    for r in rows:
        ws.append([float(scaled(v, Decimal(10000))) if j == money else v for j, v in enumerate(r)])
    book.save(tmp_path / "c.xlsx")
    args = ("--records", str(SAMPLES / "records.csv"), "--as-of", "2023-12-31", "-f", "csv")
    clean = jncli("whitelist", str(SAMPLES / "candidates.csv"), *args)
    proc = jncli("whitelist", "c.xlsx", *args, cwd=tmp_path)
    assert out_of(proc) == out_of(clean)  # 从业人数 in 人, not 元
    assert "unit 元 of the group header '经营情况（元）' (row 1) applied to 营业收入\n" in err_of(proc)


@pytest.mark.parametrize("under", ["（元）", "（千元）", "（万元）"])
def test_a_unit_under_a_header_that_names_its_own_unit_must_agree_with_it(jncli, tmp_path, under):
    """`实物商品网络零售额(万元)` over a row `（元）`: the two cells disagree, and the lower one was taken without a
    word (review 25 follow-up: 7,300 万元 read as 0.73 万元, the 2023 tiers unpaid, exit 0). Agreeing cells read
    as before."""
    header, rows = sample("enterprises.csv")
    units = ["" if not h.endswith("(万元)") else under for h in header]
    write(tmp_path / "e.csv", [header, units, *rows])
    proc = jncli("award-enterprises", "e.csv", "-o", "out.csv", cwd=tmp_path)
    if under == "（万元）":
        clean = jncli("award-enterprises", str(SAMPLES / "enterprises.csv"), "-o", str(tmp_path / "clean.csv"))
        assert proc.returncode == 0 and clean.returncode == 0, err_of(proc)
        assert (tmp_path / "out.csv").read_bytes() == (tmp_path / "clean.csv").read_bytes()
        return
    assert proc.returncode == 1 and not (tmp_path / "out.csv").exists()
    assert (
        f"the header '实物商品网络零售额(万元)' says 万元, but the unit '{under}' under it says {under[1:-1]}"
        in err_of(proc)
    )


def beside_sheet(path: Path, group: str, fiscal: str) -> Path:
    """The sample enterprises as an XLSX whose retail columns (in 元) sit under `group` merged across the two of them
    only; the columns left of it merged over both rows, those right of it headed in row 2 under empty, unmerged
    cells of row 1 (新增财力 headed `fiscal`, in 万元)."""
    openpyxl = pytest.importorskip("openpyxl")
    header, rows = sample("enterprises.csv")
    heads = [h.replace("(万元)", "") if j == 9 else h for j, h in enumerate(header)]
    heads[9] = fiscal
    book = openpyxl.Workbook()
    ws = book.active
    ws.append([group if j == 6 else None if j >= 7 else h for j, h in enumerate(heads)])
    ws.append([RETAIL[0] if j == 6 else RETAIL[1] if j == 7 else (h if j > 7 else None) for j, h in enumerate(heads)])
    ws.merge_cells(start_row=1, start_column=7, end_row=1, end_column=8)
    for j in range(6):
        ws.merge_cells(start_row=1, start_column=j + 1, end_row=2, end_column=j + 1)
    for r in rows:
        cells: list[object] = list(r)
        cells[3] = int(r[3])
        cells[6], cells[7] = (float(scaled(v, Decimal(10000))) if v else None for v in r[6:8])
        cells[9] = float(r[9]) if r[9] else None
        ws.append(cells)
    book.save(path)
    return path


def test_a_group_headers_unit_is_not_carried_past_the_cells_it_is_merged_across(jncli, tmp_path):
    """Review 26 F2/F4: `经营情况（元）` merged over the two retail columns only; `新增财力` to its right under
    an empty, unmerged cell. The group's 元 was carried to it: 120 万元 read as 0.012 万元, m3.fiscal 69.6 and
    49.08 万元 unpaid, exit 0 — and with its own (万元) the run stopped. A column under an unmerged empty cell
    may or may not be under the group: with no unit of its own it stops; with one, that unit is read."""
    ratios = ("--fiscal-ratios", str(SAMPLES / "fiscal_ratios.csv"), "-f", "csv")
    beside_sheet(tmp_path / "enterprises.xlsx", "经营情况（元）", "新增财力")
    proc = jncli("award-enterprises", "enterprises.xlsx", *ratios, "-o", "out.csv", cwd=tmp_path)
    assert proc.returncode == 1 and not (tmp_path / "out.csv").exists()
    said = (
        "the group header '经营情况（元）' (row 1) is followed by empty cells not merged with it: "
        "jncli cannot tell whether '新增财力' is under it"
    )
    assert said in err_of(proc)
    beside_sheet(tmp_path / "enterprises.xlsx", "经营情况（元）", "新增财力(万元)")
    proc = jncli("award-enterprises", "enterprises.xlsx", *ratios, cwd=tmp_path)
    clean = jncli("award-enterprises", str(SAMPLES / "enterprises.csv"), *ratios)
    assert out_of(proc).replace(b"enterprises.xlsx", b"enterprises.csv") == out_of(clean)


@pytest.mark.parametrize("group", ["经营情况（千元、%）", "经营情况（千元）（港币）"])
def test_a_group_header_naming_a_money_unit_jncli_cannot_read_stops(jncli, tmp_path, group):
    """Review 26 F1: a group's unit jncli cannot read was dropped, 千元 figures read as 万元 (517.28 → 1102.28 万元
    in `annual`, exit 0)."""
    group_sheet(tmp_path / "e.xlsx", group, RETAIL, Decimal(10))
    proc = jncli("award-enterprises", "e.xlsx", "-o", "out.csv", cwd=tmp_path)
    assert proc.returncode == 1 and not (tmp_path / "out.csv").exists()
    said = f"the group header {group!r} (row 1) over '实物商品网络零售额' names a money unit jncli does not read"
    assert said in err_of(proc)
    zh = jncli("award-enterprises", "e.xlsx", cwd=tmp_path, env={"LC_ALL": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"})
    assert f"'实物商品网络零售额' 之上的分组表头 {group!r}（第 1 行）注明了 jncli 无法识别的金额单位" in err_of(zh)


@pytest.mark.parametrize(
    "form,per_wan", [("（万元）（人民币）", 1), ("(万元)(RMB)", 1), ("（元）（人民币）", 10000), ("(千元) (rmb)", 10)]
)
def test_a_money_headers_currency_in_brackets_after_its_unit_is_read(jncli, tmp_path, form, per_wan):
    """Review 26 F3: `实物商品网络零售额(万元)(RMB)` named no column (a warning), every enterprise read as not
    reporting: 333.68 → 218.68 万元 from award-enterprises, exit 0. Read as the unit rows read `万元(人民币)`."""
    header, rows = enterprises_in(Decimal(per_wan))[0], enterprises_in(Decimal(per_wan))[1:]
    sample_header, _ = sample("enterprises.csv")
    head = [f"{h}{form}" if s.endswith("(万元)") else h for h, s in zip(header, sample_header, strict=True)]
    write(tmp_path / "e.csv", [head, *rows])
    clean = jncli("award-enterprises", str(SAMPLES / "enterprises.csv"))
    proc = jncli("award-enterprises", "e.csv", cwd=tmp_path)
    assert out_of(proc) == out_of(clean)
    assert "names no column" not in err_of(proc)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "form,per_wan", [("（元）（人民币）", 10000), ("(元)(RMB)", 10000), ("（万元）（人民币）", 1), ("(千元) (rmb)", 10)]
)
def test_a_unit_row_under_the_header_with_the_currency_in_brackets_after_the_unit_is_read(
    jncli, tmp_path, form, per_wan, fmt
):
    """Review 26 F5: a per-column unit row under bare headers, `（元）（人民币）` / `(元)(RMB)`, was read as data:
    exit 1 "'（元）（人民币）' is not a number", while `元(RMB)` there was read. Now read as that unit."""
    header, rows = sample("enterprises.csv")
    money = [i for i, h in enumerate(header) if h.endswith("(万元)")]
    body = [[scaled(v, Decimal(per_wan)) if i in money else v for i, v in enumerate(r)] for r in rows]
    head = [h.removesuffix("(万元)") for h in header]
    units = [form if i in money else "" for i in range(len(header))]
    if fmt == "csv":
        write(tmp_path / "e.csv", [head, units, *body])
    else:
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        ws = book.active
        ws.append(head)
        ws.append([u or None for u in units])
        for r in body:
            cells: list[object] = [v or None for v in r]
            cells[3] = int(r[3])
            for i in money:
                cells[i] = float(r[i]) if r[i] else None
            ws.append(cells)
        book.save(tmp_path / "e.xlsx")
    clean = jncli("award-enterprises", str(SAMPLES / "enterprises.csv"))
    proc = jncli("award-enterprises", f"e.{fmt}", cwd=tmp_path)
    assert out_of(proc) == out_of(clean)
    assert "header: rows 1-2" in err_of(proc)


def test_the_hint_of_a_unit_row_jncli_cannot_read_shows_the_currency_in_brackets(jncli, tmp_path):
    """The hint listing the money units read shows one of each form read: the currency in brackets after the unit
    (`万元（人民币）`, `元(RMB)`) too, in English and in Chinese."""
    write(tmp_path / "c.csv", counties_in("美元", Decimal(1), unit_row=True))
    proc = jncli("score-counties", "c.csv", "--year", "2023", *RATES, cwd=tmp_path)
    assert proc.returncode == 1
    assert "money units jncli reads: 元、千元、万元" in err_of(proc)
    assert "、万元（人民币）、元(RMB); correct the unit row" in err_of(proc)
    zh = jncli("score-counties", "c.csv", "--year", "2023", *RATES, cwd=tmp_path, env={"LC_ALL": "zh_CN.UTF-8"})
    assert "jncli 可读的金额单位：元、千元、万元" in err_of(zh)
    assert "、万元（人民币）、元(RMB)；请更正单位行" in err_of(zh)
