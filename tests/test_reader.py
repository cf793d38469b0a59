"""The input gateway: formats, encodings, CSV structure, headers, units and types (jncli.tableio)."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from jncli.errors import DataError, UsageError
from jncli.options import InputOptions
from jncli.tableio import conform, read_table, read_tables


def values(table) -> list[dict]:
    return table.frame.drop("_row", "_source").collect().to_dicts()


def write(tmp_path: Path, name: str, data: bytes) -> str:
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


# ------------------------------------------------------------------ csv-spectrum: lossless text
# The corpus (conftest.py's `corpus` fixture) is fixed; its cases are named here, not globbed, so that a
# missing folder or file fails (or skips, outside CI) instead of leaving nothing to test.
SPECTRUM_CASES = [
    "comma_in_quotes",
    "empty",
    "empty_crlf",
    "escaped_quotes",
    "json",
    "newlines",
    "newlines_crlf",
    "quotes_and_newlines",
    "simple",
    "simple_crlf",
    "utf8",
]  # and location_coordinates, below


@pytest.fixture
def spectrum(corpus) -> Path:
    return corpus / "csv-spectrum"


@pytest.fixture
def csvkit(corpus) -> Path:
    return corpus / "csvkit-examples"


@pytest.mark.parametrize("case", SPECTRUM_CASES)
def test_csv_spectrum_gives_expected_json(spectrum, case):
    got = values(read_table(str(spectrum / "csvs" / f"{case}.csv")))
    assert got == json.loads((spectrum / "json" / f"{case}.json").read_text("utf-8"))


def test_csv_spectrum_cases_are_all_named(spectrum):
    found = sorted(p.stem for p in (spectrum / "csvs").glob("*.csv"))
    assert found == sorted([*SPECTRUM_CASES, "location_coordinates"])


def test_location_coordinates_bare_quote_and_replacement_char_survive(spectrum):
    # The upstream JSON for this file is a known defect (see the corpus README); check the file itself.
    row = values(read_table(str(spectrum / "csvs" / "location_coordinates.csv")))[0]
    assert row["Contact Phone Number"] == "2095257564"
    assert row["Location Coordinates"] == "37\ufffd36'37.8\"N 121\ufffd2'17.9\"W"


@pytest.mark.parametrize(
    "case,line,fields,width",
    [
        ("bad.csv", 2, 4, 3),
        ("join_a_short.csv", 2, 2, 3),
        ("test_extra_header.csv", 2, 3, 4),
        ("test_empty_columns_short_row.csv", 2, 2, 3),
        ("test_empty_columns_long_row.csv", 2, 4, 3),
        ("bad_skip_lines.csv", 5, 4, 3),
    ],
)
def test_ragged_rows_are_errors_naming_the_line(csvkit, case, line, fields, width):
    with pytest.raises(DataError, match=rf"line {line} has {fields} fields, the header has {width}"):
        read_table(str(csvkit / case))


def test_csvkit_fixtures(csvkit):
    mac = values(read_table(str(csvkit / "mac_newlines.csv")))
    assert mac == [{"a": "1", "b": "2", "c": "3"}, {"a": "Once upon\ra time", "b": "5", "c": "6"}]
    assert values(read_table(str(csvkit / "test_utf8_bom.csv")))[0].keys() == {"foo", "bar", "baz"}
    assert values(read_table(str(csvkit / "null_byte.csv"))) == [{"a": "\x00", "b": "2", "c": "3"}]
    assert values(read_table(str(csvkit / "test_no_leading_zeroes.csv")))[0]["a"] == "01"
    assert len(values(read_table(str(csvkit / "iris.csv")))) == 150
    assert read_table(str(csvkit / "dummy.tsv")).format == "tsv"
    assert values(read_table(str(csvkit / "sniff_limit.csv"))) == [{"a": "1", "b": "2", "c": "3"}]
    utf16 = read_table(str(csvkit / "test_utf16_little.csv"))
    assert utf16.encoding == "utf-16" and values(utf16)[1]["c"] == "ʤ"
    with pytest.raises(DataError, match=r"byte \d+ \(line 3\) is neither UTF-8 nor GB18030"):
        read_table(str(csvkit / "test_latin1.csv"))
    assert values(read_table(str(csvkit / "test_latin1.csv"), InputOptions(encoding="latin-1")))[0]["a"] == "1"
    nested = values(read_table(str(csvkit / "testjson_nested.json")))
    assert "nested/nested/date" in nested[0]


# ------------------------------------------------------------------ encodings
def test_gb18030_detected_and_cp936_euro(tmp_path):
    text = "县市区,说明\n任城区,价格100\x80元\n"
    raw = text.split("\x80")[0].encode("gb18030") + b"\x80" + text.split("\x80")[1].encode("gb18030")
    t = read_table(write(tmp_path, "g.csv", raw))
    assert t.encoding == "gb18030"
    assert values(t) == [{"县市区": "任城区", "说明": "价格100€元"}]


def test_gbk_file_bigger_than_the_sniff_window(tmp_path):
    # ASCII for the first 64 KiB, Chinese only later: the fast UTF-8 path must notice and transcode.
    rows = "".join(f"a{i},b\n" for i in range(20000)) + "任城区,梁山县\n"
    t = read_table(write(tmp_path, "late.csv", ("x,y\n" + rows).encode("gb18030")))
    assert t.encoding == "gb18030"
    assert values(t)[-1] == {"x": "任城区", "y": "梁山县"}


def test_utf8_bom_and_explicit_encoding(tmp_path):
    p = write(tmp_path, "b.csv", "\ufeff年份,县市区\n2023,任城区\n".encode("utf-8"))
    assert values(read_table(p)) == [{"年份": "2023", "县市区": "任城区"}]
    g = write(tmp_path, "g.csv", "年份,县市区\n2023,任城区\n".encode("gbk"))
    assert values(read_table(g, InputOptions(encoding="gbk")))[0]["县市区"] == "任城区"
    with pytest.raises(DataError, match="not valid utf-8"):
        read_table(g, InputOptions(encoding="utf-8"))
    with pytest.raises(UsageError):
        read_table(g, InputOptions(encoding="no-such-codec"))


def test_undecodable_bytes_name_offset_and_line(tmp_path):
    p = write(tmp_path, "x.csv", b"a,b\n1,2\n3,\xff\xfe\xfd\n")
    with pytest.raises(DataError, match=r"byte 10 \(line 3\)"):
        read_table(p)


# ------------------------------------------------------------------ formats
def sample_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {"county": ["任城区", "梁山县"], "year": [2023, 2023], "credit_code": ["0012", "91350100M000100Y43"]}
    )


@pytest.mark.parametrize("fmt", ["parquet", "ipc", "ipc_stream", "json", "ndjson", "xlsx", "csv.gz"])
def test_binary_and_json_formats_detected_from_content(tmp_path, fmt):
    df = sample_frame()
    path = tmp_path / "data.bin"  # no telling extension: content decides
    if fmt == "parquet":
        df.write_parquet(path)
    elif fmt == "ipc":
        df.write_ipc(path)
    elif fmt == "ipc_stream":
        df.write_ipc_stream(path)
    elif fmt == "json":
        df.write_json(path)
    elif fmt == "ndjson":
        df.write_ndjson(path)
    elif fmt == "xlsx":
        df.write_excel(path)
    else:
        path.write_bytes(gzip.compress(df.write_csv().encode()))
    t = read_table(str(path))
    got = t.frame.collect()
    assert got.get_column("county").to_list() == ["任城区", "梁山县"]
    assert [str(x) for x in got.get_column("credit_code").to_list()] == ["0012", "91350100M000100Y43"]
    assert got.get_column("_row").to_list()[0] in (1, 2)


def test_xlsx_sheet_choice_and_errors(tmp_path):
    import xlsxwriter

    path = tmp_path / "book.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("封面").write(0, 0, "说明")
    ws = wb.add_worksheet("数据")
    for c, h in enumerate(["县市区", "开店日期", "店铺ID"]):
        ws.write(0, c, h)
    ws.write(1, 0, "任城区")
    ws.write_datetime(1, 1, dt.datetime(2023, 5, 1), wb.add_format({"num_format": "yyyy-mm-dd"}))  # a date cell
    ws.write_string(1, 2, "00123")
    wb.close()
    assert values(read_table(str(path), InputOptions(sheet="2")))[0]["县市区"] == "任城区"
    t = read_table(str(path), InputOptions(sheet="数据"))
    assert t.format == "xlsx"
    with pytest.raises(DataError, match="no sheet named"):
        read_table(str(path), InputOptions(sheet="missing"))
    with pytest.raises(DataError, match="there is no sheet 3"):
        read_table(str(path), InputOptions(sheet="3"))
    shops = conform(t, "shops", required=("county", "opened_on", "shop_id"))
    assert shops.get_column("opened_on").to_list() == [dt.date(2023, 5, 1)]
    assert shops.get_column("shop_id").to_list() == ["00123"]


@pytest.mark.parametrize(
    "data,match",
    [
        (b"", "is empty"),
        (b"   \n\n", "is empty"),
        (b"PAR1\x00\x01garbage", "cannot read .* as Parquet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Excel 97-2003"),
        (bytes(range(256)) * 4, "neither UTF-8 nor GB18030"),
        (b'[{"a": 1}, {"a": ', "bad.dat line 1, column 18: not valid JSON: Expecting value"),
    ],
)
def test_garbage_is_one_clear_error(tmp_path, data, match):
    with pytest.raises(DataError, match=match):
        read_table(write(tmp_path, "bad.dat", data))


def test_truncated_parquet(tmp_path):
    buf = io.BytesIO()
    pl.DataFrame({"a": list(range(1000))}).write_parquet(buf)
    p = write(tmp_path, "t.parquet", buf.getvalue()[: len(buf.getvalue()) // 2])
    with pytest.raises(DataError, match="cannot read"):
        read_table(p).frame.collect()


def test_header_only_and_blank_lines(tmp_path):
    assert values(read_table(write(tmp_path, "h.csv", b"a,b\n"))) == []
    blank_lines = values(read_table(write(tmp_path, "bl.csv", b"\n\na,b\n1,2\n\n3,4\n")))
    assert blank_lines == [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}]


def test_cr_only_line_endings(tmp_path):
    t = read_table(write(tmp_path, "mac.csv", "县市区,年份\r任城区,2023\r梁山县,2022\r".encode("gb18030")))
    assert values(t) == [{"县市区": "任城区", "年份": "2023"}, {"县市区": "梁山县", "年份": "2022"}]
    assert t.frame.collect().get_column("_row").to_list() == [2, 3]


def test_cr_only_file_with_blank_title_and_unit_lines_above_the_header(jncli, tmp_path):
    # the CR-only path read the first line as the header whatever it was: a title (one field) made every
    # data line an error ("line 2 has 4 fields, the header has 1")
    text = "\r\r济宁市各县网络零售额\r单位：万元\r县市区,年份,网络零售额,农村网络零售额\r"
    text += "任城区,2023,100,1\r合计,2023,100,1\r"
    write(tmp_path, "mac.csv", text.encode("gb18030"))
    proc = jncli("cat", "--as", "counties", "mac.csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().splitlines() == ["county,year,online_retail,rural_online_retail", "任城区,2023,100,1"]
    err = proc.stderr.decode()
    assert "row 3 skipped: a title above the header ('济宁市各县网络零售额')" in err  # lines 1-2 are blank
    assert "row 4 skipped: a unit row ('单位：万元')" in err and "header: row 5" in err
    assert "row 7 left out: a total row (合计)" in err


def test_cr_only_rows_are_numbered_as_an_lf_file_s_when_a_cell_holds_a_line_break(jncli, tmp_path):
    # the row after a cell with a line break was named by the line where the record ends (row 6, not 5)
    lines = [
        "标题",
        "单位：万元",
        "县市区,年份,网络零售额(万元),农村网络零售额(万元)",
        '"任城{e}区",2023,100,10',
        "兖州区,2023,-5,20",
    ]
    for e, name in (("\r", "cr.csv"), ("\n", "lf.csv")):
        (tmp_path / name).write_text(e.join(lines).replace("{e}", e) + e, "utf-8", newline="")
        proc = jncli("cat", "--as", "counties", name, cwd=tmp_path)
        assert proc.returncode == 1
        assert f"{name} row 5, column 网络零售额(万元) (online_retail): -5 万元 is below 0" in proc.stderr.decode()


TITLED = [
    ["济宁市{e}2023年各县市区网络零售统计"],  # a title cell holding a line break (Alt+Enter), alone on its row
    ["济宁市{e}2023年各县市区网络零售统计", "", "", ""],  # … or with the empty cells Excel writes beside it
]


@pytest.mark.parametrize("title", TITLED, ids=["alone", "with_empty_cells"])
@pytest.mark.parametrize("header", ["网络零售额(万元)", "网络零售额{e}(万元)"], ids=["header", "header_break"])
def test_a_line_break_in_the_title_or_header_numbers_rows_as_the_lf_form(jncli, tmp_path, title, header):
    # titles are found by lines, data rows counted by records: the CR-only form named the row after a header
    # cell with a line break one too far, and the LF form of a title with empty cells beside it read the
    # title's second line as the header ("missing required column county") while the CR form read it
    rows = [title, ["县市区", "年份", header, "农村网络零售额(万元)"]]
    rows += [["任城区", "2023", "100", "1"], ["兖州区", "2023", "200", "2"], ["曲阜市", "2023", "-5", "3"]]
    seen = {}
    for e, name in (("\n", "lf.csv"), ("\r\n", "crlf.csv"), ("\r", "cr.csv")):
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator=e).writerows([[c.replace("{e}", e) for c in r] for r in rows])
        (tmp_path / name).write_bytes(buffer.getvalue().encode("gb18030"))
        proc = jncli("cat", "--as", "counties", name, cwd=tmp_path)
        assert proc.returncode == 1 and proc.stdout == b"", proc.stderr.decode()
        seen[name] = [line for line in proc.stderr.decode().splitlines() if "below 0" in line]
    # a spreadsheet shows: the title (row 1, however many lines), the header (row 2), 任城区 row 3 … 曲阜市 row 5;
    # a title alone on its lines is counted by its lines, as the LF form always did (row 6)
    row = 6 if len(title) == 1 else 5
    for name, lines in seen.items():
        assert len(lines) == 1 and f"{name} row {row}, column 网络零售额" in lines[0], (name, lines)


def test_blank_cr_lines_above_the_header_are_not_in_its_first_name(jncli, tmp_path):
    (tmp_path / "t.csv").write_bytes("\r\r县市区,年份,网络零售额(万元)\n任城区,2023,1\n".encode())
    proc = jncli("cat", "t.csv", cwd=tmp_path)
    assert proc.stdout.decode().splitlines()[0] == "县市区,年份,网络零售额(万元)"


def test_blank_cr_lines_above_the_title_of_an_lf_file(jncli, tmp_path):
    # two lone CRs before the title: polars reads them inside line 1; they were counted as two skipped lines,
    # which skipped the header too ("has no header row")
    text = "\r\r济宁市各县网络零售额\n县市区,年份,网络零售额(万元),农村网络零售额(万元)\n任城区,2023,100,1\n"
    write(tmp_path, "t.csv", text.encode("utf-8"))
    proc = jncli("cat", "--as", "counties", "t.csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().splitlines()[1] == "任城区,2023,100,1"
    assert "row 1 skipped: a title above the header ('济宁市各县网络零售额')" in proc.stderr.decode()


def test_formula_escape_prefix_is_removed_on_read(tmp_path):
    t = read_table(write(tmp_path, "e.csv", b"a,b\n'=1+2,'-x\n'hello,'@\n"))
    assert values(t) == [{"a": "=1+2", "b": "-x"}, {"a": "'hello", "b": "@"}]


# ------------------------------------------------------------------ conform: headers, units, types
def test_chinese_headers_with_units_convert_to_wan(tmp_path):
    text = (
        "县（市、区）,年份,网络零售额（元）,农村网络零售额(亿元),上年同期网络零售额,online_retail_yuan_ignored\n"
        '任城区,2023,"1,234,500.00",１.５, 12 ,x\n'
    )
    t = read_table(write(tmp_path, "c.csv", text.encode("gb18030")))
    df = conform(t, "counties")
    row = df.row(0, named=True)
    assert row["county"] == "任城区" and row["year"] == 2023
    assert row["online_retail"] == Decimal("123.45")  # 1,234,500.00 元 = 123.45 万元
    assert row["rural_online_retail"] == Decimal("15000")  # 1.5 亿元 = 15000 万元
    assert row["online_retail_prev"] == Decimal("12")  # unlabelled: --unit wan
    assert row["_row"] == 2 and row["_source"].endswith("c.csv")


def test_unit_option_for_unlabelled_money(tmp_path):
    t = read_table(write(tmp_path, "c.csv", b"county,online_retail\nA,25000\n"))
    assert conform(t, "counties", InputOptions(unit="yuan")).item(0, "online_retail") == Decimal("2.5")
    assert conform(t, "counties", InputOptions(unit="yi")).item(0, "online_retail") == Decimal("250000000")


def test_a_file_given_twice_is_read_twice_with_a_warning(tmp_path, capsys):
    p = write(tmp_path, "a.csv", b"x\n1\n")
    tables = read_tables([p, str(tmp_path / "." / "a.csv")])
    assert len(tables) == 2
    assert "a.csv is given more than once: its rows are read each time" in capsys.readouterr().err
    read_tables([p, write(tmp_path, "b.csv", b"x\n1\n")])
    assert capsys.readouterr().err == ""


def test_implausible_wan_median_warns(tmp_path, capsys):
    t = read_table(write(tmp_path, "c.csv", b"county,online_retail\nA,250000000\nB,300000000\n"))
    conform(t, "counties")
    assert "is it in" in capsys.readouterr().err


def test_bad_number_names_file_row_and_column(tmp_path):
    p = write(tmp_path, "c.csv", "县市区,网络零售额\n任城区,12\n梁山县,abc\n".encode())
    with pytest.raises(DataError, match=r"c\.csv row 3, column 网络零售额 \(online_retail\): 'abc' is not a number"):
        conform(read_table(p), "counties")


def test_all_problems_listed(tmp_path):
    p = write(
        tmp_path,
        "e.csv",
        (
            "统一社会信用代码,企业名称,县市区,年份,是否纳统,是否商贸流通企业\n"
            "X,A,任城区,2023,maybe,是\nY,B,任城区,twenty,是,否\n"
        ).encode(),
    )
    with pytest.raises(DataError) as err:
        conform(read_table(p), "enterprises", all_problems=True)
    assert len(err.value.details) == 2
    assert "row 2, column 是否纳统" in err.value.details[0] and "row 3, column 年份" in err.value.details[1]


def test_missing_required_column_names_aliases_and_headers(tmp_path):
    p = write(tmp_path, "c.csv", b"name,year\nA,2023\n")
    with pytest.raises(
        DataError, match=r"missing required column county \(tried: county, .*县市区.*; found: name, year\)"
    ):
        conform(read_table(p), "counties")


def test_two_headers_for_one_column(tmp_path):
    p = write(tmp_path, "c.csv", "county,县市区\nA,B\n".encode())
    with pytest.raises(DataError, match="both mean county"):
        conform(read_table(p), "counties")


def test_booleans_dates_and_identifiers(tmp_path):
    text = (
        "platform,店铺ID,县市区,开店日期,关店日期,是否纳统\n"
        "淘宝,000123,任城区,2023-05-01,2023/5/1,是\n"
        "京东,4.5e3,梁山县,20230501,2023年5月1日,N\n"
        "拼多多,91350100M000100Y43,邹城市,2023年12月31日,,√\n"
        "抖音,x,邹城市,2023-5-1 08:30:00,,×\n"
    )
    df = conform(read_table(write(tmp_path, "s.csv", text.encode("gb18030"))), "shops")
    assert df.get_column("shop_id").to_list() == ["000123", "4.5e3", "91350100M000100Y43", "x"]
    assert df.get_column("opened_on").to_list() == [
        dt.date(2023, 5, 1),
        dt.date(2023, 5, 1),
        dt.date(2023, 12, 31),
        dt.date(2023, 5, 1),
    ]
    assert df.get_column("closed_on").to_list() == [dt.date(2023, 5, 1), dt.date(2023, 5, 1), None, None]
    assert df.get_column("in_statistics").to_list() == [True, False, True, False]


@pytest.mark.parametrize("lazy", [False, True])
def test_yes_no_words_as_written_and_with_spaces_or_capitals(tmp_path, lazy):
    # 是/否 as written take a plain lookup; " YES " and "  " need the full conversion; "maybe" is named.
    path = tmp_path / "b.parquet"
    words = ["是", " YES ", "否", "", "  ", None, "√"]
    pl.DataFrame(
        {
            "platform": ["A"] * 7,
            "shop_id": list("1234567"),
            "county": ["任城区"] * 7,
            "opened_on": ["2023-05-01"] * 7,
            "in_statistics": words,
        }
    ).write_parquet(path)
    out = conform(read_table(str(path)), "shops", lazy=lazy)
    values = (out.collect() if lazy else out).get_column("in_statistics").to_list()
    assert values == [True, True, False, False, False, False, True]
    pl.DataFrame(
        {
            "platform": ["A", "A"],
            "shop_id": ["1", "2"],
            "county": ["任城区"] * 2,
            "opened_on": ["2023-05-01"] * 2,
            "in_statistics": ["是", "maybe"],
        }
    ).write_parquet(path)
    with pytest.raises(DataError, match=r"b\.parquet row 2, column in_statistics .*'maybe' is not yes/no"):
        conform(read_table(str(path)), "shops", lazy=lazy)


@pytest.mark.parametrize("lazy", [False, True])
@pytest.mark.parametrize("value", [0.5, 1.9, 2.0, -1.0, float("nan"), float("inf"), 1e300])
def test_yes_no_as_a_float_column_is_only_1_or_0(tmp_path, lazy, value):
    # Another tool's Parquet with in_statistics as Float64: 1.0 and 0.0 are yes and no, an empty cell is
    # no (as for text); any other float is named, as the text '0.5' is — it was truncated to an integer
    # (0.5 → no, 1.9 → yes) and NaN, inf or 1e300 (no integer) read as no.
    path = tmp_path / "b.parquet"
    pl.DataFrame(
        {
            "platform": ["A"] * 4,
            "shop_id": list("1234"),
            "county": ["任城区"] * 4,
            "opened_on": ["2023-05-01"] * 4,
            "in_statistics": pl.Series([1.0, 0.0, None, -0.0], dtype=pl.Float64),
        }
    ).write_parquet(path)
    out = conform(read_table(str(path)), "shops", lazy=lazy)
    assert (out.collect() if lazy else out).get_column("in_statistics").to_list() == [True, False, False, False]
    pl.DataFrame(
        {
            "platform": ["A", "A"],
            "shop_id": ["1", "2"],
            "county": ["任城区"] * 2,
            "opened_on": ["2023-05-01"] * 2,
            "in_statistics": pl.Series([1.0, value], dtype=pl.Float64),
        }
    ).write_parquet(path)
    with pytest.raises(DataError, match=r"b\.parquet row 2, column in_statistics .* is not yes/no"):
        out = conform(read_table(str(path)), "shops", lazy=lazy)
        out.collect() if lazy else out


@pytest.mark.parametrize("value", ["2023-02-30", "May 1", "2023.13.01"])
def test_bad_dates_are_errors(tmp_path, value):
    p = write(tmp_path, "s.csv", f"platform,shop_id,county,opened_on\nA,1,任城区,{value}\n".encode())
    with pytest.raises(DataError, match=r"row 2, column opened_on .* is not a date"):
        conform(read_table(p), "shops")


def test_numbers_accept_bureau_forms(tmp_path):
    p = write(
        tmp_path,
        "w.csv",
        ('类别,从业人数,经营年限,营业收入,统一社会信用代码,县市区\npark,"1,234",１２,  12.5 ,X,任城区\n').encode(),
    )
    row = conform(read_table(p), "candidates").row(0, named=True)
    assert row["employees"] == 1234 and row["years_operating"] == 12 and row["revenue"] == Decimal("12.5")


def test_money_from_typed_parquet_stays_exact(tmp_path):
    path = tmp_path / "l.parquet"
    pl.DataFrame(
        {
            "beneficiary": ["A"],
            "measure": [2],
            "rule": ["m2.tier2023"],
            "year": [2023],
            "award(元)": [150000.0],
            "status": ["awarded"],
        }
    ).write_parquet(path)
    df = conform(read_table(str(path)), "ledger")
    assert df.item(0, "award") == Decimal("15")


def test_zstd_text_takes_the_plain_text_path(tmp_path):
    # decompressed first (zstandard), so encoding detection and the structure checks apply as to gzip
    import zstandard

    z = zstandard.ZstdCompressor()
    p = tmp_path / "z.csv.zst"
    p.write_bytes(z.compress("县市区;网络零售额(元)\n任城区;50000\n".encode("gb18030")))
    df = conform(read_table(str(p)), "counties")
    assert df.item(0, "online_retail") == Decimal("5")  # GB18030, `;`, 元 → 万元: 50000 / 10000
    p.write_bytes(z.compress(b"county,online_retail,year\nA,1,2023\nB,5\n"))
    with pytest.raises(DataError, match=r"line 3 has 2 fields, the header has 3"):
        read_table(str(p))
    # two frames, as `cat a.zst b.zst` makes
    p.write_bytes(z.compress(b"county,online_retail\n") + z.compress("任城区,7\n".encode()))
    assert conform(read_table(str(p)), "counties").item(0, "online_retail") == Decimal("7")


def test_lazy_conform_checks_without_materialising(tmp_path):
    path = tmp_path / "s.parquet"
    pl.DataFrame(
        {
            "platform": ["A", "B"],
            "shop_id": ["1", "2"],
            "county": ["任城区", "梁山县"],
            "opened_on": ["2023-05-01", "2023年5月2日"],
            "in_statistics": ["是", "否"],
            "online_retail": [1.5, None],
        }
    ).write_parquet(path)
    lf = conform(read_table(str(path)), "shops", lazy=True)
    assert isinstance(lf, pl.LazyFrame)
    df = lf.collect()
    assert df.get_column("opened_on").to_list() == [dt.date(2023, 5, 1), dt.date(2023, 5, 2)]
    assert df.get_column("in_statistics").to_list() == [True, False]
    assert df.get_column("online_retail").to_list() == [Decimal("1.5"), None]
    bad = tmp_path / "b.parquet"
    pl.DataFrame({"platform": ["A"], "shop_id": ["1"], "county": ["任城区"], "opened_on": ["someday"]}).write_parquet(
        bad
    )
    with pytest.raises(DataError, match=r"b\.parquet row 1, column opened_on"):
        conform(read_table(str(bad)), "shops", lazy=True)


def test_raw_text_columns_are_left_as_read(tmp_path):
    # A caller that normalises a text column itself (track-shops, on ten million rows) gets it as read;
    # every other text column is stripped with "" → missing, as always.
    path = tmp_path / "s.csv"
    path.write_text('platform,shop_id,county,opened_on\n" A ", ,任城区 ,2023-05-01\n', encoding="utf-8")
    df = conform(read_table(str(path)), "shops", raw_text=("shop_id", "county"))
    assert df.row(0, named=True) | {"_source": None} == {
        "_source": None,
        "_row": 2,
        "platform": "A",
        "shop_id": " ",
        "county": "任城区 ",
        "opened_on": dt.date(2023, 5, 1),
    }
    assert conform(read_table(str(path)), "shops").row(0)[2:5] == ("A", None, "任城区")


def test_empty_last_cells_are_not_short_rows(tmp_path):
    # The last column is mostly empty (e.g. new_fiscal_revenue): the quote-free fast check proves
    # every line has the header's width; one short line among them is still caught and named.
    good = "a,b,c\n" + "".join(f"{i},x,\n" for i in range(1000)) + "1,2,3\n"
    assert len(values(read_table(write(tmp_path, "g.csv", good.encode())))) == 1001
    bad = good.replace("500,x,\n", "500,x\n")
    with pytest.raises(DataError, match="line 502 has 2 fields, the header has 3"):
        read_table(write(tmp_path, "b.csv", bad.encode()))
    quoted = good.replace("7,x,\n", '7,"x, y",\n')
    assert values(read_table(write(tmp_path, "q.csv", quoted.encode())))[7]["b"] == "x, y"


@pytest.mark.parametrize("end", ["", "\r"])
def test_a_short_row_is_not_hidden_by_a_trailing_separator_on_an_unterminated_last_line(tmp_path, end):
    # polars takes a last line without a line break that has one separator too many ("1,2,3," under a
    # header of 3) as a row of 3: its extra separator made up for the one a short row lacks, and the
    # separator count on the bytes passed a file whose row 502 had lost a cell (read as empty).
    rows = "".join(f"{i},x,\n" for i in range(1000)).replace("500,x,\n", "500,x\n")
    bad = "a,b,c\n" + rows + "1,2,3," + end
    with pytest.raises(DataError, match="line 502 has 2 fields, the header has 3"):
        read_table(write(tmp_path, "b.csv", bad.encode()))
    good = "a,b,c\n" + rows.replace("500,x\n", "500,x,\n") + "1,2,3" + end  # no line break, right width
    assert len(values(read_table(write(tmp_path, "g.csv", good.encode())))) == 1001


def test_separator_count_check_with_titles_blank_lines_and_crlf(tmp_path):
    # The quote-free check counts separators on the bytes when no record is blank, else looks at each line:
    # a short line is named either way, below a title line, with CRLF line ends, among blank lines.
    body = "".join(f"{i},x,\r\n" for i in range(300))
    good = "2023年统计表\r\na,b,c\r\n" + body
    assert len(values(read_table(write(tmp_path, "t.csv", good.encode())))) == 300
    with pytest.raises(DataError, match="line 103 has 2 fields, the header has 3"):
        read_table(write(tmp_path, "ts.csv", good.replace("100,x,\r\n", "100,x\r\n").encode()))
    blank = "a,b,c\n" + "".join(f"{i},x,\n" for i in range(300)).replace("50,x,\n", "50,x,\n\n")
    assert len(values(read_table(write(tmp_path, "b.csv", blank.encode())))) == 300
    with pytest.raises(DataError, match="line 204 has 2 fields, the header has 3"):  # row 200, after the blank line
        read_table(write(tmp_path, "bs.csv", blank.replace("200,x,\n", "200,x\n").encode()))
    # jncli's own formula escaping is undone on that path too (the check notes a ' below the header)
    escaped = "a,b,c\n'=1+1,x,\n''+2,y,3\n" + body.replace("\r", "")
    rows = values(read_table(write(tmp_path, "e.csv", escaped.encode())))
    assert [rows[0]["a"], rows[1]["a"], rows[2]["a"]] == ["=1+1", "'+2", "0"]
    # two missing separators on one line and one extra empty cell nowhere: the count alone decides
    with pytest.raises(DataError, match="line 12 has 1 field, the header has 3"):
        read_table(write(tmp_path, "one.csv", ("a,b,c\n" + body.replace("10,x,\r\n", "10\r\n")).encode()))


@pytest.mark.parametrize("body", ["1,2\n\n3,4\n", "\n1,2\n3,4\n", "1,2\n3,4\n\n", "1,2\n3,4\n\n\n", "1,2\n3,4\n\n3"])
def test_polars_reads_every_empty_line_as_a_record_of_nulls(body):
    # The LF structure check (`text._body_has_width`) tells the separators from the body's length, counting one
    # line break per record: that holds only while polars gives every empty line a record (then a file with
    # one is checked line by line). Should polars ever skip empty lines, this fails before a short row hides.
    lines = body.split("\n")
    lines = lines[:-1] if lines[-1] == "" else lines  # the line break ending the last line opens none
    df = pl.read_csv(("a,b\n" + body).encode(), infer_schema=False)
    assert df.height == len(lines)
    assert df.select(pl.all_horizontal(pl.all().is_null()).sum()).item() == lines.count("") > 0


def test_a_short_row_next_to_an_empty_line_is_named(tmp_path):
    # a short row (one separator missing) and an empty line (one line break more than records) in an LF file
    rows = "".join(f"{i},x,\n" for i in range(300)).replace("100,x,\n", "100,x\n")
    for text in ("a,b,c\n" + rows + "\n", "a,b,c\n" + rows.replace("7,x,\n", "7,x,\n\n")):
        with pytest.raises(DataError, match="has 2 fields, the header has 3"):
            read_table(write(tmp_path, "s.csv", text.encode()))


def test_a_lone_carriage_return_inside_a_line_is_named(tmp_path):
    # "4,5,6\r7,8,9": polars reads one row of 5 fields (the CR inside a field), Python's csv module two rows
    # of 3; neither is silently right, so the line is named as polars read it
    p = tmp_path / "cr.csv"
    p.write_bytes(b"a,b,c\n1,2,3\n4,5,6\r7,8,9\n10,11,12\n")
    with pytest.raises(
        DataError,
        match=r"cr\.csv: line 3 holds a lone carriage return \(CR\) inside it and reads as one row of 5 fields, "
        r"the header has 3",
    ):
        read_table(str(p))


@pytest.mark.parametrize("inside", ["\u2028", "\x0c", "\x85", "\u2029", "\x1c"])
def test_a_title_holding_a_unicode_line_separator_is_one_line(tmp_path, inside):
    # Python's str.splitlines ends a line at these, polars does not: counted as two title lines, the
    # header was skipped too and the first data row became the header (a row lost, exit 0).
    text = f"济宁市各县市区网络零售额统计表{inside}（2023年）\ncounty,year\n任城区,2023\n兖州区,2023\n"
    for encoding in ("utf-8", "gb18030"):
        try:
            raw = text.encode(encoding)
        except UnicodeEncodeError:
            continue
        t = read_table(write(tmp_path, f"t.{encoding}.csv", raw))
        assert values(t) == [{"county": "任城区", "year": "2023"}, {"county": "兖州区", "year": "2023"}]


# ------------------------------------------------------------------ JSON numbers a double does not keep
@pytest.mark.parametrize(
    ("record", "key", "read"),
    [
        # beside a 5.25 the column is Float64: 12345678901234567890123 would be read as 1.2345678901234568e+22
        (
            '{"county":"任城区","year":2023,"online_retail":12345678901234567890123}',
            "online_retail",
            "1.2345678901234568e+22",
        ),
        # above 2¹²⁷ beside a float: the float nearest
        (
            '{"county":"任城区","year":2023,"online_retail":170141183460469231731687303715884105728}',
            "online_retail",
            "1.7014118346046923e+38",
        ),
        (
            '{"county":"任城区","year":2023,"online_retail":0.1000000000000000055511151231257827}',
            "online_retail",
            "0.1",
        ),
        ('{"county":"任城区","year":2023,"m":{"online":12345678901234567.5}}', "m/online", "1.2345678901234568e+16"),
    ],
)
def test_a_json_number_read_as_another_is_an_error_naming_record_and_key(jncli, tmp_path, record, key, read):
    for name, text in (
        ("a.json", f'[{record},{{"county":"兖州区","year":2023,"online_retail":5.25}}]'),
        ("a.jsonl", f'{record}\n{{"county":"兖州区","year":2023,"online_retail":5.25}}\n'),
    ):
        (tmp_path / name).write_text(text, "utf-8")
        proc = jncli("cat", name, cwd=tmp_path)
        err = proc.stderr.decode()
        assert proc.returncode == 1 and proc.stdout == b"", err
        assert f"{name} row 1, key {key}: " in err and f"jncli would read {read}" in err, err


def test_a_json_integer_above_128_bits_is_an_error_not_an_empty_cell(jncli, tmp_path):
    # in a column of integers polars reads it as null: the money would be "no figure", exit 0
    text = '[{"county":"任城区","year":2023,"v":170141183460469231731687303715884105728},'
    text += '{"county":"兖州区","year":2023,"v":5}]'
    (tmp_path / "a.json").write_text(text, "utf-8")
    proc = jncli("cat", "a.json", cwd=tmp_path)
    assert proc.returncode == 1 and "a.json row 1, key v: " in proc.stderr.decode()
    assert "jncli would read an empty cell" in proc.stderr.decode()


def test_long_json_numbers_polars_keeps_are_taken(jncli, tmp_path):
    # a 19-digit id in a column of integers is an exact Int64; 5.250000000000000000 is 5.25; a long digit run in
    # a string is text
    text = '[{"shop_id":1234567890123456789,"v":5.250000000000000000,"s":"12345678901234567890"},{"shop_id":2,"v":1}]'
    (tmp_path / "ok.json").write_text(text, "utf-8")
    proc = jncli("cat", "ok.json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().splitlines() == [
        "shop_id,v,s",
        "1234567890123456789,5.25,12345678901234567890",
        "2,1.0,",
    ]


# ------------------------------------------------------------------ quotes polars cannot read
@pytest.mark.parametrize(
    ("body", "says"),
    [
        # a quote inside a field that does not start with one: polars stopped with "CSV malformed … row_offset"
        (
            '任城区,2023,1,1\n兖州"区,2023,2,2\n',
            'line 3: \'兖州"区\' holds a quote (") but does not start with one; write the field as "兖州""区"',
        ),
        # a quoted field never closed: "could not parse `\"2`" (or, by Python's csv, a row too short)
        ('任城区,2023,1,1\n兖州区,2023,2,"2\n', "line 3: the quoted field '\"2'… is never closed"),
        ('"任城区,2023,1,1\n兖州区,2023,2,2\n', "line 2: the quoted field '\"任城区,2023,1,1'… is never closed"),
        # text after a closing quote: was "a row has more fields than the header", no line
        (
            '任城区,2023,1,1\n"兖州"区,2023,2,2\n',
            "line 3: the quoted field '\"兖州\"' has '区' after its closing quote; write the whole field inside the "
            'quotes ("兖州区")',
        ),
        ('任城区,2023,1,"1" \n', "line 2: the quoted field '\"1\"' has ' ' after its closing quote"),
        ('"任城\n区"x,2023,1,1\n', "line 3: the quoted field '…区\"' has 'x' after its closing quote"),
    ],
)
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_quote_polars_cannot_read_is_named_with_its_line(jncli, tmp_path, body, says, encoding):
    (tmp_path / "q.csv").write_bytes(("county,year,online_retail,rural_online_retail\n" + body).encode(encoding))
    proc = jncli("cat", "q.csv", cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and proc.stdout == b"" and len(err.splitlines()) == 1, err
    assert err.startswith(f"jncli cat: q.csv: {says}"), err


def test_text_after_a_closing_quote_is_named_in_chinese(jncli, tmp_path):
    (tmp_path / "q.csv").write_text('county,year\n"兖州"区,2023\n', "utf-8")
    proc = jncli("cat", "q.csv", cwd=tmp_path, env={"JNCLI_LANG": "zh"})
    assert proc.returncode == 1 and proc.stdout == b""
    assert proc.stderr.decode() == (
        "jncli cat: q.csv：第2行：带引号的字段 '\"兖州\"' 在闭合引号之后还有 '区'；"
        '请把整个字段写在引号内（"兖州区"），或去掉引号\n'
    )


def test_quoted_fields_with_doubled_quotes_and_line_breaks_are_read(jncli, tmp_path):
    text = 'county,note\n"任城""区",1\n"兖州\n区","a ""b"", c"\n'
    (tmp_path / "ok.csv").write_text(text, "utf-8")
    proc = jncli("cat", "ok.csv", "-f", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [{"county": '任城"区', "note": "1"}, {"county": "兖州\n区", "note": 'a "b", c'}]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        # 15 significant digits but beyond 128 bits, in a column of integers: an empty cell
        ('[{"id":300000000000000000000000000000000000000},{"id":1}]', "row 1, key id: 3000000"),
        ('{"x":2e400}', "row 1, key x: 2E+400 is not a number a JSON reader keeps exactly"),  # inf
        ('[{"x":33825e-330},{"x":1.5}]', "row 1, key x: 3.3825E-326 is not a number"),  # 0.0
        # inside a list (a list of doubles): was read as 1.2345678901234568e+16；1.5, exit 0
        ('[{"x":[12345678901234567, 1.5]}]', "row 1, key x: 12345678901234567 is not a number"),
        ('{"x":[1]}\n{"x":[2.5, 12345678901234567]}\n', "row 2, key x: 12345678901234567 is not a number"),
        ('[{"x":[[1.5],[12345678901234567]]}]', "row 1, key x: 12345678901234567 is not a number"),  # list of lists
        # a list of objects (a list of structs) with a double field
        ('[{"x":[{"v":1.5},{"v":12345678901234567}]}]', "row 1, key x: 12345678901234567 is not a number"),
        ('[{"x":[0.1000000000000000055511151231257827]}]', "row 1, key x: 0.1000000000000000055511151231257827 is"),
    ],
)
def test_json_numbers_read_as_another_in_every_form_are_refused(jncli, tmp_path, text, says):
    (tmp_path / "n.json").write_text(text, "utf-8")
    proc = jncli("cat", "n.json", cwd=tmp_path)
    assert proc.returncode == 1 and f"n.json {says}" in proc.stderr.decode(), proc.stderr


@pytest.mark.parametrize(
    "text",
    [
        # a column holding text keeps the number's digits as text
        '[{"shop_id":"A0012"},{"shop_id":1234567890123456789}]',
        '[{"x":"abc"},{"x":0.30000000000000004}]',
        # numbers in lists polars keeps exactly; a long integer in a list of text; text beside doubles in a struct
        '[{"x":[1.5, 0.30000000000000004, 123456789012345]}]',
        '[{"x":[12345678901234567890, 1]}]',
        '[{"x":[{"v":1.5,"s":"12345678901234567"},{"v":2,"s":12345678901234567}]}]',
    ],
)
def test_json_numbers_kept_exactly_are_taken(jncli, tmp_path, text):
    (tmp_path / "n.json").write_text(text, "utf-8")
    assert jncli("cat", "n.json", cwd=tmp_path).returncode == 0


def test_json_without_a_float_or_128_bit_column_is_not_parsed_again(tmp_path, monkeypatch):
    # the exact parse costs ~3x polars' read: only a column that can hold a changed number pays it
    import json as json_module

    def refuse(*a, **k):
        raise AssertionError("parsed again")

    path = tmp_path / "n.json"
    path.write_text('[{"id":1234567890123456789,"s":"x:1234567890123456789"},{"id":2,"s":"y"}]', "utf-8")
    monkeypatch.setattr(json_module, "loads", refuse)
    assert values(read_table(str(path))) == [
        {"id": 1234567890123456789, "s": "x:1234567890123456789"},
        {"id": 2, "s": "y"},
    ]


def test_a_single_json_object_beyond_polars_integers_is_a_one_line_error(jncli, tmp_path):
    (tmp_path / "n.json").write_text('{"b":-170141183460469231731687303715884105730}', "utf-8")
    proc = jncli("cat", "n.json", cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "cannot read n.json as JSON: int value too large" in err and "--debug" not in err


# ------------------------------------------------------------------ a key written twice in a JSON record
@pytest.mark.parametrize(
    ("name", "text", "row", "key"),
    [
        # polars kept the first (100) and dropped the 900, exit 0
        ("a.json", '[{"县市区":"任城区","网络零售额":100,"网络零售额":900}]', 1, "网络零售额"),
        (
            "a.jsonl",
            '{"县市区":"任城区","网络零售额":1}\n{"县市区":"兖州区","网络零售额":100,"网络零售额":900}\n',
            2,
            "网络零售额",
        ),
        # one pretty-printed object (Python's json kept the last)
        ("a.json", '{\n  "县市区": "任城区",\n  "网络零售额": 100,\n  "网络零售额": 900\n}\n', 1, "网络零售额"),
        # the second written as null, or as text with colons: the colons' count does not hide it
        ("a.json", '[{"a":1,"a":null},{"a":2}]', 1, "a"),
        ("a.json", '[{"a":"10:00","a":"11:00"},{"a":"x"}]', 1, "a"),
        ("a.json", '[{"a":1,"b":null},{"a":null,"b":2,"a":3}]', 2, "a"),
        ("a.json", '[{"t":"\\u003a","t":"x"}]', 1, "t"),  # a colon only escaped
        ("a.json", '[{"a":1,"\\u0061":2}]', 1, "a"),  # the same key, escaped
        # in a nested object (a `parent/child` column), first record or a later one; in an object in a list
        ("a.json", '[{"a":1,"m":{"x":1,"x":2}}]', 1, "m/x"),
        ("a.json", '[{"m":{"x":1}},{"m":{"x":1,"y":3,"x":2}}]', 2, "m/x"),
        ("a.jsonl", '{"m":{"x":1,"x":2}}\n', 1, "m/x"),
        ("a.json", '[{"l":[{"x":1},{"x":1,"x":2}]}]', 1, "l/x"),
        # beside a number the exact parse checks
        ("a.json", '[{"x":12345678901234567,"x":1.5},{"x":2.5}]', 1, "x"),
    ],
)
def test_a_json_key_written_twice_in_a_record_is_an_error(jncli, tmp_path, name, text, row, key):
    (tmp_path / name).write_text(text, "utf-8")
    proc = jncli("cat", name, "-o", "out.csv", cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and proc.stdout == b"" and len(err.splitlines()) == 1, err
    assert err.startswith(f"jncli cat: {name} row {row}, key {key}: the key is written more than once"), err
    assert not (tmp_path / "out.csv").exists()


def test_a_json_key_written_twice_is_named_in_chinese(jncli, tmp_path):
    (tmp_path / "a.json").write_text('[{"县市区":"任城区","网络零售额":100,"网络零售额":900}]', "utf-8")
    proc = jncli("cat", "a.json", "--lang", "zh", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.decode().startswith("jncli cat: a.json 第1行，键 网络零售额：该键在这条记录中写了不止一次")


def test_a_json_key_written_twice_stops_a_measure(jncli, tmp_path):
    rows = [
        '{"county":"任城区","year":2023,"online_retail":100,"online_retail":900,"rural_online_retail":1}',
        '{"county":"兖州区","year":2023,"online_retail":5,"rural_online_retail":1}',
    ]
    (tmp_path / "c.jsonl").write_text("\n".join(rows) + "\n", "utf-8")
    proc = jncli("score-counties", "c.jsonl", "--year", "2023", "-o", "out.csv", cwd=tmp_path)
    assert proc.returncode == 1 and "c.jsonl row 1, key online_retail: the key is written" in proc.stderr.decode()
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize(
    "text, row, word, read",
    [
        # polars reads true among integers as 1 and false among floats as 0.0: an amount no one wrote
        (
            '[{"县市区":"任城区","年份":2023,"网络零售额":true},{"县市区":"兖州区","年份":2023,"网络零售额":5}]',
            1,
            "true",
            1,
        ),
        (
            '[{"县市区":"任城区","年份":2023,"网络零售额":1.5},{"县市区":"兖州区","年份":2023,"网络零售额":false}]',
            2,
            "false",
            0,
        ),
        # beside a yes/no column: one word more than its cells
        (
            '[{"县市区":"任城区","纳统":true,"年份":2023,"网络零售额":2},{"县市区":"兖州区","纳统":false,"年份":2023,"网络零售额":true}]',
            2,
            "true",
            1,
        ),
    ],
)
def test_a_json_yes_no_word_among_numbers_is_an_error(jncli, tmp_path, text, row, word, read):
    (tmp_path / "b.json").write_text(text, "utf-8")
    proc = jncli("cat", "--as", "counties", "b.json", "-o", "out.csv", cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and len(err.splitlines()) == 1, err
    assert f"b.json row {row}, key 网络零售额: {word} in a column of numbers (jncli would read it as {read})" in err
    assert not (tmp_path / "out.csv").exists()


def test_a_json_file_whose_words_are_all_yes_no_cells_is_not_read_again(tmp_path, monkeypatch):
    # the count proves no true/false sits among numbers: polars reads the file once
    from jncli.tableio import read_table

    (tmp_path / "y.json").write_text('[{"a":true,"n":1},{"a":false,"n":2.5},{"a":null,"n":3}]', "utf-8")
    (tmp_path / "w.json").write_text('[{"a":true,"n":1,"t":"true"}]', "utf-8")
    calls = []
    real = pl.read_json
    monkeypatch.setattr(pl, "read_json", lambda *a, **k: calls.append(k) or real(*a, **k))
    read_table(str(tmp_path / "y.json"))
    assert len(calls) == 1
    read_table(str(tmp_path / "w.json"))  # a word in a string: read again, and taken
    assert len(calls) == 3 and calls[-1].get("schema_overrides") == {"n": pl.String}


def test_json_yes_no_words_in_text_and_yes_no_columns_are_read(jncli, tmp_path):
    text = '[{"县市区":"任城区","纳统":true,"note":"true","n":1},{"县市区":"兖州区","纳统":false,"note":"x","n":2}]'
    (tmp_path / "y.json").write_text(text, "utf-8")
    proc = jncli("cat", "y.json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().splitlines()[1:] == ["任城区,true,true,1", "兖州区,false,x,2"]


@pytest.mark.parametrize(
    "text",
    [
        '[{"a":1,"b":null},{"a":null,"b":2}]',  # explicit nulls: parsed, no key twice
        '{"a":1,"b":"10:00"}\n{"b":"x:y:z"}\n',  # colons in text, a missing key
        '[{"a":"\\u003a","b":{"a":1,"b":2}},{"a":"b"}]',  # an escaped colon, a nested object with the same keys
        '[{"l":[{"x":1},{"x":2}],"x":3}]',
        '{\n  "a": 1,\n  "b": {"a": 2}\n}\n',
    ],
)
def test_json_records_without_a_key_twice_are_read(jncli, tmp_path, text):
    (tmp_path / "n.json").write_text(text, "utf-8")
    proc = jncli("cat", "n.json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr


def test_a_flat_json_file_whose_colons_prove_no_key_twice_is_not_parsed_again(tmp_path, monkeypatch):
    # colons == non-null cells + colons inside the text cells: no key can be written twice
    import json as json_module

    def refuse(*a, **k):
        raise AssertionError("parsed again")

    path = tmp_path / "n.json"
    path.write_text('[{"a":1,"t":"10:00:00","s":"x"},{"a":2,"s":"y"}]', "utf-8")
    monkeypatch.setattr(json_module, "loads", refuse)
    assert values(read_table(str(path))) == [{"a": 1, "t": "10:00:00", "s": "x"}, {"a": 2, "t": None, "s": "y"}]
    path.write_text('[{"a":1,"t":null,"s":"x"},{"a":2,"s":"y"}]', "utf-8")  # an explicit null: parsed
    with pytest.raises(AssertionError, match="parsed again"):
        read_table(str(path))


@pytest.mark.parametrize(
    "text",
    [
        b'{"x":1234567890123456}',  # 16 digits: the pattern's first form
        b'{"x":123456789012345}',  # 15: neither
        b'{"x":[1,-1.23456789012345]}',
        b'{"x":1.5e+308}',
        b'{"x":1.5E-3080}',
        b'{"x":1e30}',  # a 2-digit exponent: neither
        b'{"x":"1e308"}',  # in text: the pattern matches (the exact parse then takes it)
        b'{"x":"2023-05-01 12345678901234567"}',
        b'{"x":"a1234567890123456"}',  # 16 in text after a letter: not after : [ or ,
        b'{"x":1.5,"y":"e+000"}',
        '{"x":"任城区","y":0.1000000000000000055}'.encode(),
    ],
)
def test_the_long_number_prefilter_decides_as_the_pattern(text):
    from jncli.tableio.jsontext import _SUSPECT_TOKEN, _suspect

    assert _suspect(text) == (_SUSPECT_TOKEN.search(text) is not None)


def test_the_long_number_prefilter_decides_as_the_pattern_on_random_text():
    import random

    from jncli.tableio.jsontext import _SUSPECT_TOKEN, _suspect

    rng = random.Random(18)
    alphabet = "0123456789" * 3 + '.eE+-:,[ a"{}'
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))).encode()
        assert _suspect(text) == (_SUSPECT_TOKEN.search(text) is not None), text


def test_json_lines_with_a_yes_no_word_among_numbers_name_the_record(jncli, tmp_path):
    # polars itself stops at such a line ("cannot parse 'true' (bool) as Int64"), naming no record
    lines = [
        '{"县市区":"任城区","网络零售额":5}',
        "",
        '{"县市区":"兖州区","网络零售额":1.5}',
        '{"县市区":"曲阜市","网络零售额":true}',
    ]
    text = "\n".join(lines) + "\n"
    (tmp_path / "b.jsonl").write_text(text, "utf-8")
    proc = jncli("cat", "b.jsonl", "-o", "out.csv", cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and len(err.splitlines()) == 1 and not (tmp_path / "out.csv").exists(), err
    assert "b.jsonl row 3, key 网络零售额: true in a column of numbers" in err
