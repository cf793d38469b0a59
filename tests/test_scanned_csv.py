"""Big plain CSV files are scanned lazily (`jncli.tableio.text._scanned_csv`) and converted in one
streaming pass into a temporary Parquet file (`spill.convert_spilled`): the same table, the same
errors and the same typed result as the in-memory path, which every file the scan cannot prove plain
(quotes, short or long rows, jncli's `'` escaping, bytes that are not UTF-8) still takes.

The size threshold is lowered to 0 here so that small files built in the test take the scanned path.
"""

from __future__ import annotations

import pytest

from jncli.errors import DataError
from jncli.options import InputOptions
from jncli.tableio import conform, read_table, text

# (file name, content, scanned?) — scanned: the lazy path can prove the file plain
CASES = [
    ("plain.csv", "id,name,v\n1,a,2\n3,b,4\n", True),
    ("blank_lines.csv", "id,name,v\n1,a,2\n\n3,b,4\n,,\n5,c,6\n", True),
    ("crlf.csv", "id,name,v\r\n1,a,2\r\n\r\n3,b,\r\n", True),
    ("no_final_newline.csv", "id,name,v\n1,a,2\n3,b,4", True),
    ("bom.csv", "\ufeffid,name,v\n1,a,2\n", True),
    ("title.csv", "某某统计表\n\nid,name,v\n1,a,2\n3,b,4\n", True),
    ("tabs.tsv", "id\tname\tv\n1\ta\t2\n3\t\t4\n", True),
    ("pipes.csv", "id|name|v\n1|a|2\n3||4\n", True),
    ("semicolons.csv", "id;name;v\n1;a;2\n3;b;\n", True),
    ("repeated_headers.csv", "id,id,,v\n1,2,3,4\n", True),
    ("last_column_empty.csv", "id,name,v\n1,a,\n2,b,\n", True),
    ("one_column.csv", "id\n1\n\n2\n", True),
    ("spaces.csv", "id , name,v \n 1, a ,2\n", True),
    ("escaped.csv", "id,name,v\n1,'=x,2\n", False),
    ("escaped_first.csv", "id,name,v\n'-1,a,2\n", False),
    ("quoted.csv", 'id,name,v\n1,"a,b",2\n', False),
    ("short_row.csv", "id,name,v\n1,a\n", False),
    ("long_row.csv", "id,name,v\n1,a,2,3\n", False),
    ("separators_only.csv", "id,name,v\n1,a,2\n,\n", False),
    ("spaces_line.csv", "id,name,v\n1,a,2\n   \n", False),
]


def _read(path, lazy_bytes, monkeypatch):
    monkeypatch.setattr(text, "LAZY_CSV_BYTES", lazy_bytes)
    try:
        t = read_table(str(path), InputOptions())
    except DataError as e:
        return ("error", str(e)), None
    frame = t.frame.collect()
    return ("table", t.columns, t.header_row, t.header_cells, t.format, t.encoding, frame.to_dicts()), t


@pytest.mark.parametrize(("name", "content", "scanned"), CASES, ids=[c[0] for c in CASES])
def test_scanned_csv_reads_as_the_in_memory_path(tmp_path, monkeypatch, name, content, scanned):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8"))
    in_memory, t0 = _read(path, 1 << 60, monkeypatch)
    lazy, t1 = _read(path, 0, monkeypatch)
    assert lazy == in_memory
    assert t0 is None or not t0.scanned
    assert (t1 is not None and t1.scanned) == scanned


def test_bytes_that_are_not_utf8_after_the_sniff_window_leave_the_scan(tmp_path, monkeypatch):
    rows = "".join(f"{i},n{i},1\n" for i in range(9000))  # > 64 KiB of ASCII, then a GB18030 name
    path = tmp_path / "late_gb18030.csv"
    path.write_bytes(("id,name,v\n" + rows).encode() + "9001,济宁,1\n".encode("gb18030"))
    in_memory, _ = _read(path, 1 << 60, monkeypatch)
    lazy, t = _read(path, 0, monkeypatch)
    assert lazy == in_memory and not t.scanned
    assert in_memory[-1][-1]["name"] == "济宁"


SHOPS_HEADER = "platform,county,opened_on,migrated_in_on,origin_city,closed_on,in_statistics,online_retail,shop_id\n"
SHOPS_ROWS = [
    "天猫,任城区,2023-01-05,,,,是,1.25,A1",
    "京东,微山县,2022-03-01,2023-06-30,菏泽市,2023-09-01,否,0.5,A2",
    "抖音, 梁山县 ,2023年5月1日,,,,是,2,A3",  # full conversion needed for one date: same answer
    "天猫,任城区,2021-01-01,,,,是,１２.5,A4",  # full-width digits
]


@pytest.mark.parametrize("lazy", [True, False])
def test_scanned_csv_converts_as_the_in_memory_path(tmp_path, monkeypatch, lazy):
    for rows in (SHOPS_ROWS[:2], SHOPS_ROWS):  # all plain casts; some values needing the full conversion
        path = tmp_path / "shops.csv"
        path.write_text(SHOPS_HEADER + "\n".join(rows) + "\n", encoding="utf-8")
        results = []
        for lazy_bytes in (1 << 60, 0):
            monkeypatch.setattr(text, "LAZY_CSV_BYTES", lazy_bytes)
            table = read_table(str(path), InputOptions())
            out = conform(table, "shops", InputOptions(), lazy=lazy)
            results.append((table.scanned, (out.collect() if lazy else out).to_dicts()))
        (s0, a), (s1, b) = results
        assert not s0 and s1 and a == b
        assert b[0]["online_retail"] is not None and len(b) == len(rows)


def test_scanned_csv_names_a_bad_value_as_the_in_memory_path(tmp_path, monkeypatch):
    path = tmp_path / "shops.csv"
    path.write_text(SHOPS_HEADER + SHOPS_ROWS[0] + "\n天猫,任城区,someday,,,,是,1,A9\n", encoding="utf-8")
    errors = []
    for lazy_bytes in (1 << 60, 0):
        monkeypatch.setattr(text, "LAZY_CSV_BYTES", lazy_bytes)
        with pytest.raises(DataError) as e:
            conform(read_table(str(path), InputOptions()), "shops", InputOptions(), lazy=True)
        errors.append(str(e.value))
    assert errors[0] == errors[1] and "row 3" in errors[0] and "someday" in errors[0]


@pytest.mark.parametrize("fmt", ["csv", "csv-scanned", "parquet"])
def test_a_big_tables_last_rows_are_checked_with_their_row_numbers(tmp_path, monkeypatch, fmt):
    # A table beyond FULL_SCAN_ROWS has only its first and last EDGE_ROWS rows looked at for ids Excel
    # wrote as numbers (lowered here to 10 and 3): the end is found from the scan (no whole-file row
    # count), and the row is named as the in-memory path names it. 30 rows: the id is on row 31.
    import polars as pl

    from jncli.tableio import table as tables

    monkeypatch.setattr(tables, "FULL_SCAN_ROWS", 10)
    monkeypatch.setattr(tables, "EDGE_ROWS", 3)
    monkeypatch.setattr(text, "LAZY_CSV_BYTES", 0 if fmt == "csv-scanned" else 1 << 60)
    rows = [f"天猫,任城区,2023-01-05,,,,是,1.25,A{i}" for i in range(29)] + [
        "天猫,任城区,2023-01-05,,,,是,1,9.13708E+17"
    ]
    path = tmp_path / "shops.csv"
    path.write_text(SHOPS_HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    if fmt == "parquet":
        pl.read_csv(path, infer_schema=False).write_parquet(tmp_path / "shops.parquet")
        path = tmp_path / "shops.parquet"
    table = read_table(str(path), InputOptions())
    assert table.scanned == (fmt == "csv-scanned")
    with pytest.raises(DataError) as e:
        conform(table, "shops", InputOptions(), lazy=True)
    row = 31 if fmt != "parquet" else 30  # CSV: the header is row 1; Parquet: the first data row is row 1
    assert f"row {row}, column shop_id" in str(e.value) and "E+17 is an id stored as a number" in str(e.value)


# track-shops reads a big CSV with its row widths left to conform's conversion pass (`deferred`): every
# file gives what the in-memory path gives — the same counts and warnings, or the same error.
GOOD = [
    "天猫,任城区,2023-01-05,,,,是,1.25,A1",
    "京东,微山县,2022-03-01,2023-06-30,菏泽市,2023-09-01,否,0.5,A2",
    "抖音,梁山县,2023-02-01,2023-03-01,杭州市,,是,2,A3",
]
DEFERRED_CASES = {
    "plain": GOOD,
    "long_row": [*GOOD[:2], "天猫,任城区,2023-01-05,,,,是,1.25,A9,extra", GOOD[2]],
    "short_row": [*GOOD[:2], "天猫,任城区,2023-01-05,,,,是,1.25", GOOD[2]],
    "blank_line": [GOOD[0], "", *GOOD[1:]],
    "blank_line_at_the_end": [*GOOD, ""],
    "empty_cells_line": [GOOD[0], ",,,,,,,,", *GOOD[1:]],
    "separators_only_too_few": [GOOD[0], ",,,", *GOOD[1:]],
    "spaces_line": [GOOD[0], "   ", *GOOD[1:]],
    "quote": [GOOD[0], '天猫,"任城区",2023-01-05,,,,是,1.25,A9', *GOOD[1:]],
    "escape": [GOOD[0], "天猫,'=任城区,2023-01-05,,,,是,1.25,A9", *GOOD[1:]],
    "apostrophe_inside": [GOOD[0], "天猫,任城区,2023-01-05,,,,是,1.25,O'A9", *GOOD[1:]],
    "last_cell_empty": [GOOD[0], "天猫,任城区,2023-01-05,,,,是,1.25,", *GOOD[1:]],
    "bad_value": [GOOD[0], "天猫,任城区,someday,,,,是,1.25,A9", *GOOD[1:]],
    "bad_value_and_short_row": [GOOD[0], "天猫,任城区,someday,,,,是,1.25,A9", "天猫,任城区", *GOOD[1:]],
    "duplicate_key": [*GOOD, GOOD[0].replace("1.25", "3")],
    "exact_copy": [*GOOD, GOOD[0]],
    "total_row": [*GOOD, ",合计,,,,,,3.75,"],
    "note_row": [*GOOD, "注：数据来源于平台报送"],
}


def _track(path, lazy_bytes, monkeypatch, capsys):
    from jncli import steps
    from jncli.policy import load_policy

    monkeypatch.setattr(text, "LAZY_CSV_BYTES", lazy_bytes)
    capsys.readouterr()
    try:
        result = steps.track_shops(str(path), load_policy(), year=2023)
        out = ("result", result.table.to_dicts(), [str(w) for w in result.warnings])
    except DataError as e:
        out = ("error", str(e), e.hint)
    return out, capsys.readouterr().err


@pytest.mark.parametrize("case", list(DEFERRED_CASES), ids=list(DEFERRED_CASES))
def test_track_shops_on_a_deferred_scan_gives_what_the_in_memory_path_gives(tmp_path, monkeypatch, capsys, case):
    path = tmp_path / "shops.csv"
    path.write_text(SHOPS_HEADER + "\n".join(DEFERRED_CASES[case]) + "\n", encoding="utf-8")
    assert _track(path, 0, monkeypatch, capsys) == _track(path, 1 << 60, monkeypatch, capsys)


def test_deferred_scan_of_bytes_that_are_not_utf8_gives_what_the_in_memory_path_gives(tmp_path, monkeypatch, capsys):
    rows = "".join(f"天猫,任城区,2023-01-05,,,,是,1,A{i}\n" for i in range(3000))  # > 64 KiB, then GB18030
    path = tmp_path / "shops.csv"
    path.write_bytes((SHOPS_HEADER + rows).encode() + "天猫,微山县,2023-01-05,,,,是,1,B1\n".encode("gb18030"))
    lazy = _track(path, 0, monkeypatch, capsys)
    assert lazy == _track(path, 1 << 60, monkeypatch, capsys)


def test_a_plain_big_csv_is_proven_in_the_conversion_pass(tmp_path, monkeypatch):
    # no line pass of its own: the proof is the conversion's (a row too long stops polars, a missing
    # last cell is marked); the other cases above show the fall-backs giving the same answers
    monkeypatch.setattr(text, "LAZY_CSV_BYTES", 0)
    passes = []
    monkeypatch.setattr(text, "_line_pass", lambda *a: passes.append(a) or pytest.fail("line pass"))
    path = tmp_path / "shops.csv"
    path.write_text(SHOPS_HEADER + "\n".join(GOOD) + "\n", encoding="utf-8")
    table = read_table(str(path), InputOptions(), deferred=True)
    assert table.scanned and table.deferred is not None
    out = conform(table, "shops", InputOptions(), lazy=True).collect()
    assert out["shop_id"].to_list() == ["A1", "A2", "A3"] and not passes


@pytest.mark.parametrize("deferred", [True, False])
def test_a_big_csv_with_a_column_named_row_is_named_as_the_in_memory_path_names_it(tmp_path, monkeypatch, deferred):
    # jncli numbers rows in a column `_row`: a file that has one is refused naming the file (the scan
    # stopped later with polars' bare message and no file name)
    path = tmp_path / "shops.csv"
    path.write_text(SHOPS_HEADER.rstrip("\n") + ",_row\n" + "\n".join(g + ",9" for g in GOOD) + "\n", encoding="utf-8")
    errors = []
    for lazy_bytes in (1 << 60, 0):
        monkeypatch.setattr(text, "LAZY_CSV_BYTES", lazy_bytes)
        with pytest.raises(DataError) as e:
            conform(read_table(str(path), InputOptions(), deferred=deferred), "shops", InputOptions(), lazy=True)
        errors.append(str(e.value))
    assert errors[0] == errors[1] and errors[0].startswith(f"cannot read {path}: ") and "_row" in errors[0]
