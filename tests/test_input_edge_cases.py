"""Inputs that used to come out wrong without an error (found by a hostile review, session 3).

Each case is the smallest file that showed it; the expected value is worked out by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from jncli.credit_code import normalize, normalized_expr, normalized_series
from jncli.errors import DataError
from jncli.tableio import conform, read_table

ROOT = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(p)


# ------------------------------------------------------------------ types from every row
def test_json_types_come_from_every_record(tmp_path):
    # 100 whole numbers, then 1234.56: polars' default guess (first 100 records) cut it to 1234
    rows = [{"county": "任城区", "online_retail": 100}] * 100 + [{"county": "兖州区", "online_retail": 1234.56}]
    df = conform(read_table(write(tmp_path, "j.json", json.dumps(rows, ensure_ascii=False))), "counties")
    assert df["online_retail"].to_list()[-1] == Decimal("1234.56")
    lines = [json.dumps({"county": "任城区", "online_retail": 1})] * 120
    lines.append(json.dumps({"county": "任城区", "online_retail": 2, "rural_online_retail": 5}))
    table = read_table(write(tmp_path, "l.jsonl", "\n".join(lines) + "\n"))
    assert "rural_online_retail" in table.columns  # a key first seen on line 121 is kept


def test_xlsx_cells_after_row_1000_that_do_not_fit_the_first_rows(tmp_path):
    import xlsxwriter

    path = tmp_path / "late.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["county", "year", "online_retail", "note"])
    for i in range(1, 1101):
        ws.write_row(i, 0, ["任城区", 2023, 1.5, 123])
    ws.write_row(1101, 0, ["兖州区", 2023, "1,234", "A0012"])
    ws.write_row(1102, 0, ["邹城市", 2023, 0.1 + 0.2, 62166089989])
    wb.close()
    df = conform(read_table(str(path)), "counties")
    # `1,234` was emptied by fastexcel's type guess; 0.30000000000000004 is shown by Excel as 0.3
    assert df["online_retail"].to_list()[-2:] == [Decimal("1234"), Decimal("0.3")]
    assert df["note"].to_list()[-3:] == ["123", "A0012", "62166089989"]  # not 123.0, not lost

    ws_path = tmp_path / "dash.xlsx"
    wb = xlsxwriter.Workbook(str(ws_path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["county", "year", "online_retail"])
    for i in range(1, 1101):
        ws.write_row(i, 0, ["任城区", 2023, 1.5])
    ws.write_row(1101, 0, ["邹城市", 2023, "约5"])
    ws.write_row(1102, 0, ["泗水县", 2023, "-"])  # a not-applicable mark: empty (RULES.md §0, rev 3)
    wb.close()
    with pytest.raises(DataError, match=r"dash.xlsx row 1102, column online_retail.*'约5'"):
        conform(read_table(str(ws_path)), "counties")


# ------------------------------------------------------------------ money: exact or an error
@pytest.mark.parametrize(
    "header,text,wan",
    [
        ("网络零售额(亿元)", "0.49999996", "4999.9996"),  # 0.49999996 × 10000; rounding first gave 5000
        ("网络零售额(亿元)", "0.0944375123", "944.375123"),  # × 10000 = 944.375123 (6 decimals exactly)
        ("网络零售额(元)", "12345.67", "1.234567"),  # ÷ 10000
        ("网络零售额(万元)", "4999.999999", "4999.999999"),
        ("online_retail", "1.500000000", "1.5"),  # 9 decimals, but only zeros past the 6th: exact
        ("网络零售额(元)", "12,345.60", "1.23456"),
    ],
)
def test_money_converts_exactly(tmp_path, header, text, wan):
    df = conform(read_table(write(tmp_path, "m.csv", f'county,year,{header}\n任城区,2023,"{text}"\n')), "counties")
    assert df.item(0, "online_retail") == Decimal(wan)


@pytest.mark.parametrize(
    "header,text",
    [
        ("online_retail", "4999.9999999"),  # 7 decimals of 万元: rounding would reach a 5000 tier
        ("online_retail", "12.499999999"),  # float noise
        ("网络零售额(元)", "12345.678"),  # 1.2345678 万元: finer than 1 分
    ],
)
def test_money_finer_than_one_fen_is_an_error_not_rounded(tmp_path, header, text):
    with pytest.raises(DataError, match=rf"m.csv row 2, column {re.escape(header)}.*'{text}' is finer than 1 分"):
        conform(read_table(write(tmp_path, "m.csv", f"county,year,{header}\n任城区,2023,{text}\n")), "counties")


def test_money_from_float_columns_goes_through_their_shortest_text(tmp_path):
    # 123456789.12 as a float is 123456789.11999999731779…; its text is what the user wrote
    path = tmp_path / "f.parquet"
    pl.DataFrame({"county": ["任城区"], "year": [2023], "online_retail": [123456789.12]}).write_parquet(path)
    assert conform(read_table(str(path)), "counties").item(0, "online_retail") == Decimal("123456789.12")


# ------------------------------------------------------------------ numbers and dates as written
@pytest.mark.parametrize(
    "text,ok",
    [
        ("1,234.5", "1234.5"),
        ("+1,234,567", "1234567"),
        ("１，２３４", "1234"),
        ("1,5", None),
        ("12,34", None),
        ("1,2345", None),
    ],
)
def test_commas_are_thousands_separators_only_in_groups_of_three(tmp_path, text, ok):
    path = write(tmp_path, "n.csv", f'county,year,online_retail\n任城区,2023,"{text}"\n')
    if ok is None:  # a decimal comma or a typo: 15 or 1234 would be a silent guess
        with pytest.raises(DataError, match="column online_retail"):
            conform(read_table(path), "counties")
    else:
        assert conform(read_table(path), "counties").item(0, "online_retail") == Decimal(ok)


def test_a_percentage_ratio_has_no_float_noise(tmp_path):
    # 0.7 / 100 in floating point is 0.006999999999999999: award 10000 × that rounded down = 69.99, not 70
    df = conform(read_table(write(tmp_path, "r.csv", "county,ratio\n任城区,0.7%\n兖州区,1.1%\n")), "fiscal_ratios")
    assert df["ratio"].to_list() == [0.007, 0.011]


@pytest.mark.parametrize(
    "text", ["2023/5/1 0:00", "2023/05/01 00:00:00", "20230501 00:00:00", "2023年5月1日 10:00", "2023-05-01T08:30:00"]
)
def test_dates_with_a_time_after_them(tmp_path, text):
    path = write(tmp_path, "s.csv", f"platform,shop_id,county,opened_on\nP,1,任城区,{text}\n")
    assert str(conform(read_table(path), "shops").item(0, "opened_on")) == "2023-05-01"


def test_full_width_credit_codes_are_normalised():
    code = "９１３７０８００ＭＡ３Ｃ０００01M"  # typed with a Chinese IME
    assert normalize(code) == "91370800MA3C00001M"
    out = pl.select(normalized_expr(pl.lit(code))).item()
    assert out == "91370800MA3C00001M"


def test_normalised_codes_of_a_series_are_those_of_the_expression():
    # The Series form rewrites only the values that need it (whitespace, lower case, not ASCII) and leaves
    # the input as it was; every value comes out as `normalize` gives it, "" and spaces as missing.
    codes = [
        "91370800MA3C00001M",
        " 9137 0800ma3c00001m ",
        "９１３７０８００ＭＡ３Ｃ０００01M",
        "",
        "  ",
        None,
        "无",
        "\u3000ab\tc",
    ]
    series = pl.Series("credit_code", codes * 3)
    out = normalized_series(series)
    assert out.name == "credit_code" and series.to_list() == codes * 3
    expected = ["91370800MA3C00001M"] * 3 + [None, None, None, "无", "ABC"]
    assert out.to_list() == expected * 3 == [normalize(c) or None for c in codes] * 3
    assert out.equals(pl.select(normalized_expr(pl.lit(series))).to_series(), check_names=False)
    assert normalized_series(pl.Series(["A1", "B2"])).to_list() == ["A1", "B2"]  # nothing to rewrite


# ------------------------------------------------------------------ headers and encodings
def test_a_repeated_header_is_an_error_not_a_silently_ignored_column(tmp_path):
    path = write(tmp_path, "d.csv", "县市区,网络零售额(万元),网络零售额(万元)\n任城区,1,2\n")
    with pytest.raises(DataError, match=r"the header '网络零售额\(万元\)' appears twice"):
        conform(read_table(path), "counties")
    import xlsxwriter

    xlsx = tmp_path / "d.xlsx"
    wb = xlsxwriter.Workbook(str(xlsx))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["county", "year", "online_retail", "online_retail", "online_retail_1"])
    ws.write_row(1, 0, ["任城区", 2023, 1, 2, 3])
    wb.close()
    assert read_table(str(xlsx)).columns == [
        "county",
        "year",
        "online_retail",
        "online_retail_duplicated_0",
        "online_retail_1",
    ]
    with pytest.raises(DataError, match="appears twice"):
        conform(read_table(str(xlsx)), "counties")
    # a repeated column the schema does not know is kept, as read
    df = conform(read_table(write(tmp_path, "n.csv", "county,year,note,note\n任城区,2023,a,b\n")), "counties")
    assert df["note_duplicated_0"].to_list() == ["b"]


def test_a_file_that_mixes_utf8_and_gbk_is_an_error(tmp_path):
    # its UTF-8 part also decodes as GB18030 (高新区 → 楂樻柊鍖): read as GB18030 it was garbled silently
    data = "county,year,online_retail\n高新区,2023,2\n".encode() + "曲阜市,2023,1\n".encode("gbk")
    with pytest.raises(DataError, match=r"mixes encodings: byte 26 \(line 2\) is UTF-8 text, byte 43 \(line 3\)"):
        read_table(write(tmp_path, "m.csv", data))
    big = b"county,year,online_retail\n" + "济宁市,2023,1\n".encode() * 8000 + "曲阜市,2023,1\n".encode("gbk")
    with pytest.raises(DataError, match=r"mixes encodings.*line 8002"):  # past the first 64 KiB sniffed
        read_table(write(tmp_path, "big.csv", big))
    gbk = "县市区,年份\n曲阜市,2023\n任城区,2023\n".encode("gbk")  # one encoding: fine
    assert read_table(write(tmp_path, "g.csv", gbk)).columns == ["县市区", "年份"]
    # GBK whose first characters pass for UTF-8 (统一 = CD B3 D2 BB = "ͳһ") is still GBK
    gbk = "统一社会信用代码,企业名称\n91370800MA3C00001M,甲\n".encode("gbk")
    assert read_table(write(tmp_path, "c.csv", gbk)).columns == ["统一社会信用代码", "企业名称"]


# ------------------------------------------------------------------ through the command line
def test_unit_applies_to_the_data_never_to_a_prior_ledger(jncli, tmp_path):
    # 2022: 10,000,000 元 = 1000 万元 → m2.tier2022 5 万元. 2023: 200,000,000 元 = 20000 万元 → tier 30,
    # minus the 5 received (the ledger is 万元 whatever --unit says) = 25. With --unit on the ledger
    # too, 5 became 0.0005 and the award 29.9995.
    head = "credit_code,county,year,in_statistics,is_trade,online_retail,national_title\n"  # the title: empty (fix27b)
    (tmp_path / "e22.csv").write_text(head + "91370800MA3C00001M,任城区,2022,是,是,10000000,\n", encoding="utf-8")
    (tmp_path / "e23.csv").write_text(head + "91370800MA3C00001M,任城区,2023,是,是,200000000,\n", encoding="utf-8")
    first = jncli("award-enterprises", "e22.csv", "--unit", "yuan", "-o", "led22.csv", cwd=tmp_path)
    assert first.returncode == 0, first.stderr.decode()
    proc = jncli("award-enterprises", "e23.csv", "--unit", "yuan", "--prior", "led22.csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    row = pl.read_csv(proc.stdout, infer_schema=False).filter(pl.col("status") == "awarded").row(0, named=True)
    assert (row["rule"], row["award"], row["received"]) == ("m2.tier2023", "25", "5")


def test_check_validity_refuses_ledgers_mixed_with_other_tables(jncli, tmp_path):
    (tmp_path / "ledger.csv").write_text(
        "beneficiary,beneficiary_name,measure,rule,year,award,status,basis\n"
        "任城区,任城区,1,m1.online,2023,50,awarded,x\n任城区,任城区,1,m1.rural,2023,40,awarded,x\n",
        encoding="utf-8",
    )
    (tmp_path / "bymonth.csv").write_text("month,year,county,new_shops\n1,2023,任城区,5\n", encoding="utf-8")
    assert jncli("check-validity", "ledger.csv", cwd=tmp_path).returncode == 3  # a double award
    proc = jncli("check-validity", "ledger.csv", "bymonth.csv", cwd=tmp_path)  # was: period mode, exit 0
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "ledger.csv is a ledger but bymonth.csv is not" in err, err
    assert jncli("check-validity", "--mode", "period", "ledger.csv", "bymonth.csv", cwd=tmp_path).returncode == 0


# ------------------------------------------------------------------ a title above the header
def test_a_title_and_unit_row_above_the_header_are_read_as_such(tmp_path):
    # Excel's CSV of a statistics-bureau sheet: a title line and a 单位 line above the header (row 3)
    path = write(
        tmp_path, "t.csv", "2023年济宁市各县市区网络零售额统计表,,\n单位：元,,\n县市区,年份,网络零售额\n任城区,2023,5\n"
    )
    table = read_table(path)
    df = conform(table, "counties")
    assert df.select("_row", "county", "online_retail").rows() == [(4, "任城区", Decimal("0.0005"))]  # 5 元
    assert table.reading[:2] == [
        "row 1 skipped: a title above the header ('2023年济宁市各县市区网络零售额统计表')",
        "row 2 skipped: a unit row ('单位：元'): money columns without a unit in their header are in 元",
    ]


def test_annual_reads_a_known_table_under_a_title(jncli, tmp_path):
    # ignored, it would drop measure 1 from the yearly run and still exit 0; refused, the bureau's file
    # would have to be edited first: it is read, and the report says what the reading skipped
    data = tmp_path / "data"
    data.mkdir()
    for f in (ROOT / "samples").glob("*.csv"):
        (data / f.name).write_bytes(f.read_bytes())
    counties = data / "counties.csv"
    counties.write_bytes("2023年统计表,,,,,\n".encode() + counties.read_bytes())
    args = ("--year", "2023", "--province-growth", "10%", "--province-rural-growth", "12%")
    proc = jncli("annual", "data", *args, "-o", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert "counties.csv: row 1 skipped: a title above the header ('2023年统计表')" in proc.stderr.decode()
    clean = jncli("annual", str(ROOT / "samples"), *args, "-o", "clean", cwd=tmp_path)
    assert clean.returncode == 0, clean.stderr.decode()
    assert (tmp_path / "out" / "score-counties.csv").read_bytes() == (
        tmp_path / "clean" / "score-counties.csv"
    ).read_bytes()
    assert "2023年统计表" in (tmp_path / "out" / "report.html").read_text("utf-8")


def test_a_cut_zstd_file_is_an_error_not_its_first_rows(tmp_path):
    import zstandard

    text = "county,year,online_retail\n" + "任城区,2023,1\n" * 20000
    whole = zstandard.ZstdCompressor().compress(text.encode())
    assert read_table(write(tmp_path, "ok.csv.zst", whole)).frame.collect().height == 20000
    with pytest.raises(DataError, match="cut short"):
        read_table(write(tmp_path, "cut.csv.zst", whole[:-20]))


def _xlsx(path: Path, rows: list[list]) -> str:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    date = wb.add_format({"num_format": "yyyy/m/d"})
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if v is None:
                continue
            ws.write_datetime(i, j, v, date) if hasattr(v, "year") else ws.write(i, j, v)
    wb.close()
    return str(path)


def test_xlsx_number_cells_are_read_as_excel_shows_them(tmp_path):
    # typed cells: 9,443,751,234.56 元 = 944,375.123456 万元 (fastexcel's text of the float was
    # 9443751234.559999466: "finer than 1 分"); 0.4999999999 亿元 = 4999.999999 万元 (its text was 0.5,
    # i.e. 5000 万元: a tier). A column that also holds text gets the same numbers.
    p = _xlsx(
        tmp_path / "m.xlsx",
        [
            ["县市区", "年份", "网络零售额(元)", "农村网络零售额(亿元)"],
            ["任城区", 2023, 9443751234.56, 0.4999999999],
            ["兖州区", 2023, "1,000", 0.1 + 0.2],
        ],
    )
    df = conform(read_table(p), "counties")
    assert df["online_retail"].to_list() == [Decimal("944375.123456"), Decimal("0.1")]
    assert df["rural_online_retail"].to_list() == [Decimal("4999.999999"), Decimal("3000")]  # 0.3 亿元 as Excel shows


def test_xlsx_empty_rows_and_cells_of_spaces_are_empty_as_in_csv(tmp_path):
    p = _xlsx(
        tmp_path / "g.xlsx",
        [
            ["county", "year", "online_retail"],
            ["任城区", 2023, 1],
            [None, None, None],
            ["  ", None, None],
            ["兖州区", 2023, 2],
        ],
    )
    df = conform(read_table(p), "counties")
    assert df["county"].to_list() == ["任城区", "兖州区"] and df["_row"].to_list() == [2, 5]


def test_xlsx_a_year_typed_in_a_date_column_is_not_a_serial_day(tmp_path):
    import datetime as dt

    p = _xlsx(
        tmp_path / "r.xlsx",
        [
            ["credit_code", "kind", "recorded_on"],
            ["91370800MA3C00001M", "violation", dt.datetime(2023, 5, 1)],
            ["91370800MA3C00002Q", "violation", "2023"],
        ],
    )
    # `2023` as a serial day is 1905-07-15, which would move the record out of any window
    with pytest.raises(DataError, match=r"row 3, column recorded_on.*'2023'"):
        conform(read_table(p), "records")


@pytest.mark.parametrize("text", ["49999999999999E-10", "1.5e-7", "4999.9999999999999", "1.0000000000001"])
def test_money_in_exponent_form_or_past_12_decimals_is_checked_too(tmp_path, text):
    with pytest.raises(DataError, match="finer than 1 分"):
        conform(read_table(write(tmp_path, "m.csv", f"county,year,online_retail\n任城区,2023,{text}\n")), "counties")


def test_years_operating_with_its_unit_as_people_write_it(tmp_path):
    path = write(
        tmp_path,
        "c.csv",
        "credit_code,name,category,county,revenue,employees,years_operating\n"
        "91370800MA3C00001M,甲,park,任城区,1000,20人,2年\n91370800MA3C00002Q,乙,park,任城区,1000,20,2.5年\n",
    )
    assert conform(read_table(path), "candidates")["years_operating"].to_list() == [2.0, 2.5]


def test_a_grouped_count_with_its_unit_word_is_read(tmp_path):
    # the unit word comes off before the grouping is judged: '1 500人' is 1500 (refused for a while: the
    # groups-of-three test saw '1,500人'; found by review), '1,500 人' too; '12 34人' is no count
    head = "credit_code,name,category,county,revenue,employees,years_operating\n"
    rows = '91370800MA3C00001M,甲,park,任城区,1000,1 500人,2 年\n91370800MA3C00002Q,乙,park,任城区,1000,"1,500 人",2\n'
    got = conform(read_table(write(tmp_path, "c.csv", head + rows)), "candidates")
    assert got["employees"].to_list() == [1500, 1500] and got["years_operating"].to_list() == [2.0, 2.0]
    bad = "91370800MA3C00001M,甲,park,任城区,1000,12 34人,2\n"
    with pytest.raises(DataError, match="row 2, column employees"):
        conform(read_table(write(tmp_path, "b.csv", head + bad)), "candidates")


# ------------------------------------------------------------------ a line break or tab inside a number or date
def test_a_lone_cr_inside_a_year_is_refused_not_read_as_2023(jncli, tmp_path):
    # a CR alone inside an unquoted cell of an LF file: the number parser dropped every whitespace, so
    # `20⏎23` was the year 2023 and score-counties ranked the row, exit 0 — most likely a broken file
    (tmp_path / "c.csv").write_bytes("县市区,年份,网络零售额(万元)\n任城区,20\r23,100\n".encode())
    proc = jncli("cat", "--as", "counties", "c.csv", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == b""
    assert "c.csv row 2, column 年份 (year): '20\\r23' is not a whole number" in proc.stderr.decode()
    args = ("--province-growth", "10%", "--province-rural-growth", "12%", "--year", "2023")
    proc = jncli("score-counties", "c.csv", *args, cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == b""
    assert "c.csv row 2, column 年份 (year): '20\\r23' is not a whole number" in proc.stderr.decode()


LINE_CASES = {  # table, file with {v} for the cell, column, the clean value, where the break goes
    "year": ("counties", "county,year,online_retail\n任城区,{v},100\n", "year", "2023", 2),
    "money": ("counties", "county,year,online_retail\n任城区,2023,{v}\n", "online_retail", "1500.25", 2),
    "count": (
        "candidates",
        "credit_code,name,category,county,revenue,employees,years_operating\n"
        "91370800MA3C00001M,甲,park,任城区,1000,{v},2\n",
        "employees",
        "20",
        1,
    ),
    "number": ("fiscal_ratios", "county,ratio\n任城区,{v}\n", "ratio", "0.58", 2),
    # polars' date parse skips whitespace before a number: 2023-05-⏎01 was 2023-05-01
    "date": ("shops", "platform,shop_id,county,opened_on\nP,1,任城区,{v}\n", "opened_on", "2023-05-01", 8),
    "month": (
        "insurance",
        "person_id,credit_code,month\n990811200001010011,91370800MA3C00001M,{v}\n",
        "month",
        "2023-05",
        5,
    ),
}


@pytest.mark.parametrize("brk", ["\r", "\n", "\t", "\r\n"], ids=["CR", "LF", "tab", "CRLF"])
@pytest.mark.parametrize("case", list(LINE_CASES))
def test_a_line_break_or_tab_inside_a_number_or_date_is_an_error_naming_row_and_column(tmp_path, case, brk):
    kind, text, column, clean, at = LINE_CASES[case]
    broken = clean[:at] + brk + clean[at:]
    path = write(tmp_path, "t.csv", text.replace("{v}", f'"{broken}"'))
    with pytest.raises(DataError) as e:
        conform(read_table(path), kind)
    assert f"t.csv row 2, column {column}" in str(e.value) and repr(broken) in str(e.value)
    # the same cell without the break, or with it around the value (stripped, RULES.md §0), is read
    for fine in (clean, f"{brk}{clean}{brk}" if brk != "\r\n" else f" {clean} "):
        got = conform(read_table(write(tmp_path, "ok.csv", text.replace("{v}", f'"{fine}"'))), kind)
        assert str(got.item(0, column)).startswith(clean), (fine, got.item(0, column))


def test_spaces_inside_a_number_are_still_thousands_spaces(tmp_path):
    # docs/formats.md: spaces inside a number are taken (1 500.25 as some exports group digits); only a line
    # break, CR or tab is refused
    path = write(tmp_path, "m.csv", "county,year,online_retail\n任城区,2 023,1 500.25\n兖州区,2023,1\u00a0500\n")
    df = conform(read_table(path), "counties")
    assert df["year"].to_list() == [2023, 2023] and df["online_retail"].to_list() == [Decimal("1500.25"), 1500]


@pytest.mark.parametrize("cell", ["12 34", "1 2 34", "1 50", "12\u300034", "2 02 3"])
def test_spaces_between_digits_follow_the_groups_of_three_rule(tmp_path, cell):
    # '12 34' is two cells run together or a typo, as '12,34' is: never 1234 (a space between digits is a
    # thousands separator only in groups of three, as a comma is; docs/formats.md)
    path = write(tmp_path, "m.csv", f"county,year,online_retail\n任城区,2023,{cell}\n")
    with pytest.raises(DataError, match=r"m.csv row 2, column online_retail.* is not a number \(money\)"):
        conform(read_table(path), "counties")
    year = write(tmp_path, "y.csv", f"county,year,online_retail\n任城区,{cell},1\n")
    with pytest.raises(DataError, match=r"y.csv row 2, column year"):
        conform(read_table(year), "counties")


def test_a_space_beside_a_sign_percent_or_unit_word_is_dropped(tmp_path):
    path = write(tmp_path, "m.csv", "county,year,online_retail\n任城区,2023 年,1 234 567.5\n兖州区,2023,- 0\n")
    df = conform(read_table(path), "counties")
    assert df["year"].to_list() == [2023, 2023] and df["online_retail"].to_list() == [Decimal("1234567.5"), 0]


def test_a_line_break_inside_an_xlsx_number_cell_is_an_error(tmp_path):
    # Alt+Enter inside a text cell of a year column
    p = _xlsx(tmp_path / "c.xlsx", [["county", "year", "online_retail"], ["任城区", "20\n23", 100]])
    with pytest.raises(DataError, match=r"row 2, column year.*'20\\n23' is not a whole number"):
        conform(read_table(p), "counties")


@pytest.mark.parametrize(
    "column, values, shown, dtype",
    [
        # polars casts true to 1: a year 1, or an amount of 1 万元 no one wrote
        ("year", [True, False], "'true'", "Boolean"),
        ("online_retail", [None, True], "'true'", "Boolean"),
        ("online_retail", [dt.date(2023, 1, 1), None], "'2023-01-01'", "Date"),
        ("online_retail", [[1], [2]], "'[1]'", r"List\(Int64\)"),
    ],
)
def test_a_typed_column_that_holds_no_numbers_where_numbers_belong_is_named(
    jncli, tmp_path, column, values, shown, dtype
):
    frame = {"county": ["任城区", "兖州区"], "year": [2023, 2023], "online_retail": [1, 2]}
    frame[column] = values
    pl.DataFrame(frame).write_parquet(tmp_path / "t.parquet")
    message = rf"t.parquet row \d, column {column} .*: {re.escape(shown)} is not a number \(a column of {dtype}"
    with pytest.raises(DataError, match=message):
        conform(read_table(str(tmp_path / "t.parquet")), "counties")
    proc = jncli("score-counties", "t.parquet", "--year", "2023", "-o", "out.csv", cwd=tmp_path)
    assert proc.returncode == 1 and len(proc.stderr.decode().splitlines()) == 1, proc.stderr
    assert not (tmp_path / "out.csv").exists()


def test_a_header_row_repeated_inside_the_table_is_named_as_such(jncli, tmp_path):
    # hostile review 1, B3: two sheets pasted one under the other stopped with "'年份' is not a whole number",
    # right but not saying why
    lines = (Path(__file__).resolve().parents[1] / "samples" / "counties.csv").read_text("utf-8").splitlines()
    lines.insert(20, lines[0])
    (tmp_path / "counties.csv").write_text("\n".join(lines) + "\n", "utf-8")
    rates = ("--province-growth", "10%", "--province-rural-growth", "12%", "--year", "2023")
    proc = jncli("score-counties", "counties.csv", *rates, cwd=tmp_path, text=True)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith(
        "jncli score-counties: counties.csv row 21, column 年份 (year): '年份' is the column's header: the row repeats "
        "the header row (and more)"
    )


def test_a_gbk_file_with_utf8_rows_appended_is_named_as_mixing_encodings(jncli, tmp_path):
    # hostile review 1, B4: "byte 4 (line 1) is neither UTF-8 nor GB18030 text", though line 1 is good GBK
    lines = (Path(__file__).resolve().parents[1] / "samples" / "enterprises.csv").read_text("utf-8").splitlines(True)
    data = b"".join(line.encode("gbk") for line in lines[:60]) + b"".join(line.encode("utf-8") for line in lines[60:])
    (tmp_path / "e.csv").write_bytes(data)
    proc = jncli("cat", "e.csv", cwd=tmp_path, text=True)
    assert proc.returncode == 1 and proc.stdout == ""
    try:  # the first byte GB18030 cannot read: in line 61, the first UTF-8 line
        data.decode("gb18030")
    except UnicodeDecodeError as e:
        at = e.start
    assert data.count(b"\n", 0, at) == 60
    assert proc.stderr.splitlines() == [
        f"jncli cat: e.csv: the file mixes encodings: byte 4 (line 1) is GB18030 (GBK) text, byte {at} (line 61) is "
        "UTF-8 (hint: save it again in one encoding (UTF-8), or pass --encoding)"
    ]
