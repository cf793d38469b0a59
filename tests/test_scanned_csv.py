"""Big plain CSV files are scanned lazily (`jncli.tableio.text._scanned_csv`) and converted in one
streaming pass into a temporary Parquet file, or for track-shops into the compact form of its rows
held in memory (`spill.convert_spilled`): the same table, the same errors and the same typed result
as the in-memory path, which every file the scan cannot prove plain (quotes, short or long rows,
jncli's `'` escaping, bytes that are not UTF-8) still takes.

The size threshold is lowered to 0 here so that small files built in the test take the scanned path.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    # the compact form (`keys.compact`): keys not as the reader conforms them, the count's row checks
    "padded_platform_copy": [*GOOD, GOOD[0].replace("天猫", " 天猫")],
    "padded_shop_id_conflict": [*GOOD, GOOD[1].replace("A2", " A2").replace("0.5", "7")],
    "empty_shop_id": [*GOOD, "天猫,任城区,2023-01-05,,,,是,1.25,"],
    "empty_platform": [*GOOD, ",任城区,2023-01-05,,,,是,1.25,A7"],
    "no_opening_date": [*GOOD, "天猫,任城区,,,,,是,1.25,A7"],
    "closed_before_opened": [*GOOD, "天猫,任城区,2023-05-05,,,2023-01-01,是,1.25,A7"],
    "negative_money": [*GOOD, "天猫,任城区,2023-05-05,,,,是,-1,A7"],
    "outside_and_empty_county": [*GOOD, "天猫,菏泽市,2023-05-05,,,,是,1,A7", "天猫,,2023-05-05,,,,是,1,A8"],
    "copies_and_full_conversion": [*GOOD, GOOD[2], "抖音,梁山县,2023年2月1日,2023-03-01,杭州市,,是,2,A4"],
}


def _track(path, lazy_bytes, monkeypatch, capsys, **how):
    from jncli import steps
    from jncli.policy import load_policy

    monkeypatch.setattr(text, "LAZY_CSV_BYTES", lazy_bytes)
    capsys.readouterr()
    try:
        result = steps.track_shops(path if isinstance(path, list) else str(path), load_policy(), **{"year": 2023} | how)
        out = ("result", result.table.to_dicts(), [str(w) for w in result.warnings], [str(n) for n in result.notes])
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
    # jncli numbers rows in a column `_row`: a file that has one is refused naming the file and the column
    # (the scan stopped later with polars' bare message and no file name; tests/test_reserved_headers.py)
    path = tmp_path / "shops.csv"
    path.write_text(SHOPS_HEADER.rstrip("\n") + ",_row\n" + "\n".join(g + ",9" for g in GOOD) + "\n", encoding="utf-8")
    errors = []
    for lazy_bytes in (1 << 60, 0):
        monkeypatch.setattr(text, "LAZY_CSV_BYTES", lazy_bytes)
        with pytest.raises(DataError) as e:
            conform(read_table(str(path), InputOptions(), deferred=deferred), "shops", InputOptions(), lazy=True)
        errors.append(str(e.value))
    assert errors[0] == errors[1] == f"{path}: column 10 is named '_row', a name jncli reserves for its own columns"


# ------------------------------------------------------------------ the compact form of a big CSV's rows
# track-shops on a big plain CSV keeps, from conform's one conversion pass, only what its passes read of
# each row (`rules.shops.keys.compact`: the key hash, the counted columns) in memory, and no temporary
# file (`spill.convert_spilled(compact=…)`); whole rows are read again from the text only for the rows of
# a repeated key hash and for errors. Every answer, warning and error must be the in-memory path's.


def _compacted(monkeypatch):
    """Record each compact form kept (and fail if the conversion pass spills a file instead)."""
    from jncli.tableio import spill

    kept, convert = [], spill.convert_spilled

    def spy(*args, **kw):
        out, told = convert(*args, **kw)
        kept.append(told.get("compact"))
        return out, told

    monkeypatch.setattr(spill, "convert_spilled", spy)
    return kept


@pytest.mark.parametrize("case", ["plain", "exact_copy", "padded_platform_copy", "outside_and_empty_county"])
@pytest.mark.parametrize("how", [{}, {"year": None}, {"by": "month"}])
def test_track_shops_keeps_a_compact_form_and_answers_as_the_in_memory_path(tmp_path, monkeypatch, capsys, case, how):
    path = tmp_path / "shops.csv"
    path.write_text(SHOPS_HEADER + "\n".join(DEFERRED_CASES[case]) + "\n", encoding="utf-8")
    kept = _compacted(monkeypatch)
    lazy = _track(path, 0, monkeypatch, capsys, **how)
    assert len(kept) == 1 and kept[0] is not None and kept[0].height == len(DEFERRED_CASES[case])
    assert lazy == _track(path, 1 << 60, monkeypatch, capsys, **how)
    assert lazy[0][0] == "result"


def test_the_compact_form_across_files_and_beyond_its_bound(tmp_path, monkeypatch, capsys):
    # two files, a copy of a row of the first in the second: the compact forms stack; past
    # COMPACT_ROWS lines in all, no file keeps one (the typed tables are spilled as before)
    from jncli.tableio import spill

    paths = [tmp_path / "a.csv", tmp_path / "b.csv"]
    paths[0].write_text(SHOPS_HEADER + "\n".join(GOOD) + "\n", encoding="utf-8")
    paths[1].write_text(SHOPS_HEADER + "\n".join([GOOD[0], GOOD[1].replace("A2", "B2")]) + "\n", encoding="utf-8")
    names = [str(p) for p in paths]
    expected = _track(names, 1 << 60, monkeypatch, capsys)
    assert any("1 exact duplicate row collapsed" in w for w in expected[0][2])
    kept = _compacted(monkeypatch)
    assert _track(names, 0, monkeypatch, capsys) == expected
    assert [k.height for k in kept] == [3, 2]
    monkeypatch.setattr(spill, "COMPACT_ROWS", 5)  # 7 lines in all (headers too): not fewer than the bound
    kept.clear()
    assert _track(names, 0, monkeypatch, capsys) == expected
    assert kept == [None, None]
    # the lines guessed from a file's first bytes too few: the pass stops past the bound and spills
    monkeypatch.setattr(spill, "COMPACT_ROWS", 2)
    monkeypatch.setattr(spill, "_lines_guessed", lambda path: 0)
    kept.clear()
    assert _track(names, 0, monkeypatch, capsys) == expected
    assert kept[0] is None and kept[1] is not None and kept[1].height == 2
    # and the bound is for the files together: 3 rows kept of 4, the second file's 2 are spilled
    monkeypatch.setattr(spill, "COMPACT_ROWS", 4)
    kept.clear()
    assert _track(names, 0, monkeypatch, capsys) == expected
    assert kept[0] is not None and kept[0].height == 3 and kept[1] is None


def test_a_forced_hash_collision_in_the_compact_form_costs_only_the_exact_comparison(tmp_path, monkeypatch, capsys):
    import polars as pl

    from jncli.rules import shops as S

    path = tmp_path / "shops.csv"
    path.write_text(SHOPS_HEADER + "\n".join([*GOOD, GOOD[0]]) + "\n", encoding="utf-8")
    honest = _track(path, 1 << 60, monkeypatch, capsys)
    monkeypatch.setattr(S, "_key_hash", lambda: pl.lit(7, pl.UInt64))  # every key on one hash
    kept = _compacted(monkeypatch)
    assert _track(path, 0, monkeypatch, capsys) == honest
    assert kept[0] is not None and kept[0]["_hk"].to_list() == [7] * 4


CELLS = {
    "platform": ["天猫", "京东", " 天猫", ""],
    "county": ["任城区", " 梁山县 ", "兖州区", "菏泽市", ""],
    "opened_on": ["2023-01-05", "2022-12-31", "2023-07-01", "2023年5月1日", "2024-01-01", ""],
    "migrated_in_on": ["", "", "2023-06-30", "2022-03-01", "2023-12-31"],
    "origin_city": ["", "菏泽市", "济宁市", "杭州市", " 杭州市"],
    "closed_on": ["", "", "2023-09-01", "2022-01-01", "2023-12-31"],
    "in_statistics": ["是", "否", "", "Y"],
    "online_retail": ["1.25", "0", "", "2", "0.000001", "１２.5", "-1"],
    "shop_id": ["A1", "A2", "A3", " A1", "A4 ", "A5", "A6", "A7", ""],
}


@st.composite
def registries(draw):
    """Small registries whose cells come from the columns' edge values (keys that repeat, padded or
    empty; dates and money needing the full conversion; rows that are errors), and copies of rows."""
    rows = []
    for _ in range(draw(st.integers(1, 7))):
        cells = {c: draw(st.sampled_from(v)) for c, v in CELLS.items()}
        rows.append(",".join(cells[c] for c in SHOPS_HEADER.strip().split(",")))
    picks = draw(st.lists(st.integers(0, len(rows) - 1), max_size=3))
    return rows + [rows[i] for i in picks]


@settings(max_examples=60, deadline=None)
@given(registries(), st.sampled_from([{}, {"year": None}, {"by": "month"}]), st.booleans())
def test_property_the_compact_form_answers_as_the_in_memory_path(tmp_path_factory, rows, how, collide):
    import polars as pl

    from jncli.rules import shops as S

    with pytest.MonkeyPatch.context() as monkeypatch:
        capsys = _Captured(monkeypatch)
        path = tmp_path_factory.mktemp("compact") / "shops.csv"
        path.write_text(SHOPS_HEADER + "\n".join(rows) + "\n", encoding="utf-8")
        if collide:  # keys on 2 hashes: repeated hashes of different keys in most registries
            monkeypatch.setattr(S, "_key_hash", lambda: pl.struct(*S.KEY).hash(1) % 2)
        kept = _compacted(monkeypatch)
        lazy = _track(path, 0, monkeypatch, capsys, **how)
        assert lazy == _track(path, 1 << 60, monkeypatch, capsys, **how)
        if not any(r.endswith(",") or any(f in r for f in ("年", "１", ",Y,")) for r in rows):  # plain, not short
            assert kept and kept[0] is not None  # the compact form was kept


class _Captured:
    """`capsys` for a hypothesis test (a fixture is not reset between examples): sys.stderr replaced."""

    def __init__(self, monkeypatch):
        import io
        import sys

        self.stream = io.StringIO()
        monkeypatch.setattr(sys, "stderr", self.stream)

    def readouterr(self):
        text = self.stream.getvalue()
        self.stream.seek(0)
        self.stream.truncate()
        return type("Out", (), {"err": text})()


@pytest.mark.parametrize("held", [0, 1_000_000])
@pytest.mark.parametrize("case", ["exact_copy", "duplicate_key", "copies_and_full_conversion"])
def test_rows_under_repeated_hashes_held_or_read_again_give_one_answer(tmp_path, monkeypatch, capsys, case, held):
    # with a compact form, the rows of a repeated key hash are read from the text once and held
    # (`keys.HELD_ROWS`), or, beyond that many, read again by each step that needs them
    from jncli.rules.shops import keys

    path = tmp_path / "shops.csv"
    path.write_text(SHOPS_HEADER + "\n".join(DEFERRED_CASES[case]) + "\n", encoding="utf-8")
    expected = _track(path, 1 << 60, monkeypatch, capsys)
    monkeypatch.setattr(keys, "HELD_ROWS", held)
    assert _track(path, 0, monkeypatch, capsys) == expected


@pytest.mark.parametrize(("case", "spilled"), [("plain", 0), ("exact_copy", 0), ("padded_platform_copy", 1)])
def test_a_key_with_spaces_around_it_sends_the_registry_to_a_typed_file(tmp_path, monkeypatch, capsys, case, spilled):
    # such a key makes the key check strip and hash every row and read the registry whole more than once:
    # from the text each time, that cost ~45 % more CPU than the typed file the old path wrote
    from jncli.tableio import spill

    path = tmp_path / "shops.csv"
    path.write_text(SHOPS_HEADER + "\n".join(DEFERRED_CASES[case]) + "\n", encoding="utf-8")
    calls, write = [], spill.spill
    monkeypatch.setattr(spill, "spill", lambda lf: calls.append(1) or write(lf))
    lazy = _track(path, 0, monkeypatch, capsys)
    assert len(calls) == spilled
    assert lazy == _track(path, 1 << 60, monkeypatch, capsys)


@pytest.mark.parametrize("lazy_bytes", [0, 1 << 60], ids=["scanned", "in_memory"])
@pytest.mark.parametrize(
    ("row", "named"),
    [
        ("天猫,任城区,2023-01-\r05,,,,是,1.25,A9", "column opened_on (opened_on): '2023-01-\\r05' is not a date"),
        ("天猫,任城区,2023-01-05,,,,是,1\r.25,A9", "column online_retail (online_retail): '1\\r.25' is not a number"),
    ],
    ids=["date", "money"],
)
def test_a_lone_cr_inside_a_date_or_money_cell_is_named_on_every_path(
    tmp_path, monkeypatch, capsys, lazy_bytes, row, named
):
    # a CR alone inside an unquoted cell of an LF file: the date's plain parse skipped it (2023-01-05), the
    # number parser dropped it; the checking pass sends such a column to the full conversion, which refuses it
    path = tmp_path / "shops.csv"
    path.write_text(SHOPS_HEADER + "\n".join([GOOD[0], row, *GOOD[1:]]) + "\n", encoding="utf-8", newline="")
    out, _ = _track(path, lazy_bytes, monkeypatch, capsys)
    assert out[0] == "error" and f"shops.csv row 3, {named}" in out[1], out
    monkeypatch.setattr(text, "LAZY_CSV_BYTES", lazy_bytes)
    with pytest.raises(DataError, match="row 3, column"):
        conform(read_table(str(path), InputOptions()), "shops", InputOptions(), lazy=True)


# The last rows of a big deferred CSV are read from the end of the file (`tailrows`), not from a scan polars
# parses whole for its tail: a total or note among them (or lines the end cannot tell apart) takes the scan's
# tail as before. FULL_SCAN_ROWS and EDGE_ROWS lowered to 10 and 3; 24 rows.
MANY = [f"天猫,任城区,2023-01-05,,,,是,1.25,T{i}" for i in range(24)]
TAIL_CASES = {  # case: (lines, the end read from the file?)
    "plain": (MANY, True),
    "total_last": ([*MANY, "合计,,,,,,,30,"], False),
    "total_in_the_key": ([*MANY, "天猫,任城区,2023-01-05,,,,是,1.25,总计"], False),
    "total_third_last": ([*MANY, "合计,,,,,,,30,", *MANY[:2]], False),
    "total_fourth_last": ([*MANY[2:], "合计,,,,,,,30,", *MANY[:3]], True),  # in the middle: data, as ever
    "total_in_a_column_not_looked_at": ([*MANY, ",合计,,,,,,30,"], True),
    "note_last": ([*MANY, "注：数据来源于平台报送"], False),
    "note_in_the_first_column_only": ([*MANY, "注：平台报送,,,,,,,,"], False),
    "two_notes": ([*MANY, "注：一", "说明：二"], False),
    "blank_line_last": ([*MANY, ""], None),
    "blank_line_among_the_last": ([*MANY[:-1], "", MANY[-1]], None),
    "blank_line_in_the_middle": ([*MANY[:5], "", *MANY[5:]], True),
    "separators_line_last": ([*MANY, ",,,,,,,,"], True),
    "short_row_last": ([*MANY, "天猫,任城区,2023-01-05"], True),
    "long_row_last": ([*MANY, "天猫,任城区,2023-01-05,,,,是,1.25,T99,x"], None),
    "lone_cr_last": ([*MANY, "天猫,任城区,2023-01-\r05,,,,是,1.25,T99"], None),
    "lone_cr_in_the_middle": ([*MANY[:5], "天猫,任城区,2023-01-\r05,,,,是,1.25,T99", *MANY[5:]], True),
    "spaces_line_last": ([*MANY, "   "], True),
}


def _tail_case(tmp_path, lines, end="\n", newline="\n", title=""):
    path = tmp_path / "shops.csv"
    body = (title + SHOPS_HEADER + "\n".join(lines) + end).replace("\n", newline)
    path.write_bytes(body.encode("utf-8"))
    return path


def _spy_tail(monkeypatch):
    from jncli.tableio import marks, tailrows
    from jncli.tableio import table as tables

    monkeypatch.setattr(tables, "FULL_SCAN_ROWS", 10)
    monkeypatch.setattr(tables, "EDGE_ROWS", 3)
    seen = []  # ("look", None) as marks looks at a table's rows, ("tail", the rows read from the end), ("edges", None)
    last_rows, edges, looked_at = tailrows.last_rows, marks.edges, marks._looked_at
    monkeypatch.setattr(tailrows, "last_rows", lambda *a: seen.append(("tail", last_rows(*a))) or seen[-1][1])
    monkeypatch.setattr(marks, "edges", lambda *a: seen.append(("edges", None)) or edges(*a))
    monkeypatch.setattr(marks, "_looked_at", lambda *a: seen.append(("look", None)) or looked_at(*a))
    return seen


@pytest.mark.parametrize("case", list(TAIL_CASES), ids=list(TAIL_CASES))
@pytest.mark.parametrize("form", ["lf", "crlf", "no_final_newline", "title"])
def test_the_last_rows_read_from_the_end_give_what_the_scan_gives(tmp_path, monkeypatch, capsys, case, form):
    lines, from_the_end = TAIL_CASES[case]
    how = {
        "lf": {},
        "crlf": {"newline": "\r\n"},
        "no_final_newline": {"end": ""},
        "title": {"title": "某某平台店铺表\n"},
    }
    if form == "no_final_newline" and not lines[-1]:
        return  # the same file as one line shorter
    path = _tail_case(tmp_path, lines, **how[form])
    seen = _spy_tail(monkeypatch)
    deferred = _track(path, 0, monkeypatch, capsys)
    seen = [*seen, ("end", None)]
    assert deferred == _track(path, 1 << 60, monkeypatch, capsys)
    if form == "title":  # the header below a title: the first try stops before (`spill.Unproven`), as ever
        assert not any(e == "tail" for e, _ in seen)
        return
    if from_the_end is None:  # the end cannot be told from the file's last bytes: the scan's tail (or an error)
        assert seen == [("end", None)] or (seen[1][0] == "tail" and seen[1][1] is None and seen[2][0] == "edges")
        return
    assert seen[0][0] == "look" and seen[1][0] == "tail"  # the deferred scan looks at its end first
    if from_the_end:  # no total nor note at the end: the scan's tail is not taken (unless the file is read again)
        assert seen[1][1] is not None and seen[1][1].height == 3 and seen[2][0] != "edges"
    else:  # a total or a note at the end: named with its row number from the scan's tail
        assert seen[1][1] is not None and seen[2][0] == "edges"


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(
        st.lists(
            st.sampled_from(["", "a", "济宁", " ", "'", "\r", "x\ry", "\u2028", "9.1E+17"]), min_size=0, max_size=4
        ).map(",".join),
        min_size=0,
        max_size=12,
    ),
    final=st.sampled_from(["\n", "\r\n", ""]),
    n=st.integers(1, 5),
    first=st.sampled_from([1, 7, 64, 1 << 18]),
)
def test_property_the_last_lines_are_the_scans_last_records(tmp_path_factory, lines, final, n, first):
    # whenever tailrows answers, its cells are those of the scan's last n records (else None: the scan decides)
    import polars as pl

    from jncli.tableio import tailrows

    path = tmp_path_factory.mktemp("tail") / "t.csv"
    header = "a,b,c\n"
    path.write_bytes((header + "\n".join(lines) + (final if lines else "")).encode("utf-8"))
    old, tailrows._FIRST_READ = tailrows._FIRST_READ, first
    try:
        got = tailrows.last_rows(str(path), n, len(header), ",", ["a", "b", "c"])
    finally:
        tailrows._FIRST_READ = old
    try:
        scanned = pl.scan_csv(path, infer_schema=False).tail(n).collect()
    except pl.exceptions.PolarsError:  # a line above the last n polars refuses: the conversion pass refuses it
        return
    if got is not None:
        assert got.rows() == scanned.rows() and got.height == n


@pytest.mark.parametrize("window", [4096, 1 << 26])
def test_the_bytes_are_looked_at_in_every_window(tmp_path, monkeypatch, window):
    # `_plain_bytes` maps the file a window at a time: a quote or a `'` in any window is found, none in the header
    monkeypatch.setattr(text, "_WINDOW", window)
    header, rows = '"title"\n' + SHOPS_HEADER, "".join(f"天猫,任城区,2023-01-05,,,,是,1.25,T{i}\n" for i in range(600))
    path = tmp_path / "shops.csv"
    for where in (0, 5000, 9000, len(rows.encode()) - 2):
        for mark, expected in ((b'"', None), (b"'", (False, len(header.encode())))):
            body = rows.encode()
            path.write_bytes(header.encode() + body[:where] + mark + body[where:])
            assert text._plain_bytes(str(path), 1) == expected, (where, mark)
    path.write_bytes(header.encode() + rows.encode())
    assert text._plain_bytes(str(path), 1) == (True, len(header.encode()))
    path.write_bytes(header.encode())
    assert text._plain_bytes(str(path), 1) == (True, len(header.encode()))
