"""Review 29 F2/F3: titles that name last year in other forms (截至…, 二〇二二年, （2023年修订）, 一至十一月) stop;
a subtitle carrying the date the table was filled in (`填报单位：… 2024年1月`, `数据截至2024年1月15日`) does not.
Through the installed binary, on the samples' counties made a bureau's wide table."""

from __future__ import annotations

import pytest
from test_review27 import COUNTY_COLUMNS, _annual, _read, _samples, _total, _write

RIGHT = "517.28"


def _wide(data, title: str, subtitle: str = "单位：万元", cur: str = "2023", prev: str = "2022") -> None:
    rows = _read(data / "counties.csv")
    by = {(r[0], r[1]): r for r in rows[1:]}
    out = [[title] + [""] * 8, [subtitle] + [""] * 8]
    out.append(["县（市、区）"] + [f"本年{c}" for c in COUNTY_COLUMNS] + [f"上年同期{c}" for c in COUNTY_COLUMNS])
    for county in dict.fromkeys(r[0] for r in rows[1:]):
        out.append([county] + by[(county, cur)][2:6] + by[(county, prev)][2:6])
    _write(data / "counties.csv", out, encoding="gb18030")


@pytest.mark.parametrize(
    "title",
    [
        "截至2022年12月31日济宁市各县市区网络零售统计表",
        "截止2022年12月济宁市网络零售统计",
        "二〇二二年济宁市各县市区网络零售统计表",
        "2022年度济宁市各县市区网络零售统计表（2023年修订）",
        "2022年度济宁市网络零售统计（2023年更新）",
    ],
)
def test_last_years_table_under_other_title_forms_stops(jncli, tmp_path, title):
    # each paid 617.28 万元 with exit 0 (the 2022 figures as 2023's)
    data = _samples(tmp_path)
    _wide(data, title, cur="2022", prev="2021")
    p = _annual(jncli, data, tmp_path / "out")
    assert p.returncode == 1, p.stderr
    last = p.stderr.strip().splitlines()[-1]
    assert "names 2022" in last and "read as 2023" in last, last
    assert not (tmp_path / "out" / "ledger.csv").exists()


def test_chinese_numeral_months_are_a_part_of_a_year(jncli, tmp_path):
    data = _samples(tmp_path)
    _wide(data, "2023年一至十一月济宁市网络零售统计")
    p = _annual(jncli, data, tmp_path / "out")
    assert p.returncode == 1, p.stderr
    assert "names a part of a year (1至11月)" in p.stderr.strip().splitlines()[-1], p.stderr


@pytest.mark.parametrize(
    ("title", "subtitle"),
    [
        ("2023年济宁市各县市区网络零售统计表", "填报单位：济宁市商务局    2024年1月"),
        ("2023年度济宁市各县市区网络零售统计表", "填报单位（盖章）：            2024年1月"),
        ("2023年度济宁市各县市区网络零售统计表", "数据截至2024年1月15日"),
        ("济宁市各县市区网络零售统计表", "填报单位：济宁市商务局    2024年1月"),
        ("2023年1月-2023年12月济宁市网络零售统计", "单位：万元"),
        ("二〇二三年济宁市各县市区网络零售统计表", "单位：万元"),
    ],
)
def test_a_date_of_filling_in_does_not_stop_the_right_table(jncli, tmp_path, title, subtitle):
    # the first three stopped (a false stop: "names 2024" / "names a part of a year"); the fifth warned
    data = _samples(tmp_path)
    _wide(data, title, subtitle)
    p = _annual(jncli, data, tmp_path / "out")
    assert p.returncode == 0, p.stderr
    assert "names a part of a year" not in p.stderr and "names 2024" not in p.stderr, p.stderr
    assert _total(tmp_path / "out" / "ledger.csv") == RIGHT


def test_a_later_year_beside_the_runs_year_is_a_warning(jncli, tmp_path):
    data = _samples(tmp_path)
    _wide(data, "2023年济宁市各县市区网络零售统计表", "2024年统计口径")
    p = _annual(jncli, data, tmp_path / "out")
    assert p.returncode == 0, p.stderr
    assert "names 2024, beside a title naming 2023" in p.stderr, p.stderr
    assert _total(tmp_path / "out" / "ledger.csv") == RIGHT
    zh = jncli(
        "score-counties",
        str(data / "counties.csv"),
        "--year",
        "2023",
        "--province-growth",
        "10%",
        "--province-rural-growth",
        "12%",
        "--lang",
        "zh",
        text=True,
    )
    assert zh.returncode == 0 and "而另一标题行写明 2023 年" in zh.stderr, zh.stderr


def test_a_month_of_another_year_in_the_title_itself_stops(jncli, tmp_path):
    # no data year named anywhere: `2024年1月…` in the title row (no 制表 / 填报 word) is the month of the figures, not
    # the table's making; read as a making date it paid January 2024's figures as the year 2023 with exit 0
    data = _samples(tmp_path)
    _wide(data, "2024年1月济宁市各县市区网络零售统计表", cur="2022", prev="2021")
    p = _annual(jncli, data, tmp_path / "out")
    assert p.returncode == 1, p.stderr
    last = p.stderr.strip().splitlines()[-1]
    assert "names 2024" in last and "read as 2023" in last, last
    assert not (tmp_path / "out" / "ledger.csv").exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_title_row_and_no_year_column_names_the_year_as_missing(jncli, tmp_path, lang):
    # review 29 F7: with a title row above a header that lacks 年份, the stop named 统一社会信用代码 (credit_code) as
    # the missing column though the header on row 2 holds it; without the title it named year, as it should
    data = _samples(tmp_path)
    rows = _read(data / "enterprises.csv")
    y = rows[0].index("年份")
    body = [[c for i, c in enumerate(r) if i != y] for r in rows if r[y] in ("年份", "2023")]
    _write(tmp_path / "ent.csv", [["2023年济宁市重点电商企业统计表"] + [""] * (len(body[0]) - 1)] + body)
    p = jncli("award-enterprises", str(tmp_path / "ent.csv"), "--year", "2023", "--lang", lang, text=True)
    assert p.returncode == 1, p.stderr
    line = p.stderr.strip().splitlines()[-1]
    assert ("missing required column year" if lang == "en" else "缺少必需的列 year") in line, line
    assert "credit_code" not in line and "统一社会信用代码" in line, line
