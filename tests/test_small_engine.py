"""Queries over frames in memory take polars' in-memory engine (issue 18): the same answers as the default.

polars 2 runs a `LazyFrame.collect()` on its streaming engine unless told otherwise, and setting that engine
up costs ~0.3 ms a query — most of a query's cost on a bureau table of tens of rows. The reader's queries
over a table read whole (CSV, XLSX, JSON), the writer's over frames jncli made, and measure 8's over its
conformed frames take the in-memory engine instead (`tableio.table.engine`, `rules.hires.qualify._ENGINE`).
These tests read and conform hypothesis-generated bureau tables — clean and messy values, title, unit,
total and note rows, bad values — and run measure 8 on generated hires, once as shipped and once with the
default engine, and require the same frames (values and dtypes), the same notes and warnings, and the same
error message.
"""

from __future__ import annotations

import contextlib
import dataclasses
from unittest import mock

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from test_trained_hires import EMP, EMP2, POLICY, T_NO, T_OK, hire, months, paid, pid, write_csv

from jncli import steps, tableio
from jncli.errors import DataError
from jncli.rules.hires import qualify
from jncli.settings import InputOptions
from jncli.tableio import table as table_mod

DEFAULT = "auto"  # polars' own choice: the streaming engine in polars 2


@contextlib.contextmanager
def default_engine():
    """Every query the shipped code sends to the in-memory engine goes to polars' default instead."""
    with mock.patch.object(table_mod, "IN_MEMORY", DEFAULT), mock.patch.object(qualify, "_ENGINE", DEFAULT):
        yield


# ------------------------------------------------------------------------------------------ reading
# each column's cells: (clean, written otherwise but readable, wrong)
MONEY = (["1", "12.5"], ["1,234.5", "１２３", " 7 ", "", "0.001", "0", "12.50"], ["abc", "12万", "-3", "9" * 17, "—"])
YEAR = (["2023", "2022"], ["2023年", "２０２３", " 2023 "], ["", "23", "x"])
YES_NO = (["是", "否"], ["Y", "N", "", "true", "0", " 是"], ["maybe"])
COUNTY = (["任城区", "兖州区"], ["曲阜市", " 任城区 ", "菏泽市", ""], ["合计", "注：单位万元"])
CODE = (["91370828T62X6XP3UL", "91370829XEC4FBTPHD"], ["", "91370812RWDFYWPE2", "abc"], ["9.13708E+17"])
DATE = (["2023-01-05", "2023-05-01"], ["2023/2/3", "2023年5月1日", "", "20230105"], ["2023-13-01", "45000"])
NAME = (["甲", "乙公司"], ["", " 丙 "], ["合计"])

ENTERPRISES = {
    "统一社会信用代码": CODE,
    "企业名称": NAME,
    "县市区": COUNTY,
    "年份": YEAR,
    "是否纳统": YES_NO,
    "是否商贸流通企业": YES_NO,
    "实物商品网络零售额(万元)": MONEY,
    "上年实物商品网络零售额(万元)": MONEY,
}
COUNTIES = {"县市区": COUNTY, "年份": YEAR, "网络零售额(万元)": MONEY, "农村网络零售额(万元)": MONEY}
SHOPS = {
    "platform": (["快手", "天猫"], ["", " 京东 "], ["合计"]),
    "county": COUNTY,
    "opened_on": DATE,
    "closed_on": DATE,
    "in_statistics": YES_NO,
    "online_retail": MONEY,
    "shop_id": (["06733188466", "62166089989"], ["", " 1 "], ["合计"]),
}
KINDS = {"enterprises": ENTERPRISES, "counties": COUNTIES, "shops": SHOPS}


@st.composite
def bureau_csv(draw):
    kind = draw(st.sampled_from(sorted(KINDS)))
    columns = KINDS[kind]
    wrong = draw(st.integers(0, 3)) == 0  # a quarter of the tables may hold wrong cells (rarely)
    pools = st.sampled_from([0] * 12 + [1] * 7 + ([2] if wrong else []))
    rows = []
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        rows.append([draw(st.sampled_from(cells[draw(pools)])) for cells in columns.values()])
    lines = [",".join(columns)] + [",".join(f'"{v}"' if "," in v else v for v in r) for r in rows]
    if draw(st.booleans()):
        lines.insert(0, "济宁市网络零售统计表")
    if rows and draw(st.booleans()):
        lines.append(",".join(["合计"] + [""] * (len(columns) - 1)))
    if draw(st.booleans()):
        lines.append("注：数据来源于商务局" + "," * (len(columns) - 1))
    return kind, "\n".join(lines) + "\n"


def _read(path: str, kind: str):
    """What reading and conforming gives: the frame, or the error's line; the notes and warnings."""
    opts = InputOptions()
    try:
        table = tableio.read_table(path, opts)
        table = dataclasses.replace(table, echo=False)
    except DataError as e:
        return ("unreadable", e.line("en"))
    try:
        frame = tableio.conform(table, kind, opts)
    except DataError as e:
        return ("error", e.line("en"), list(e.details), table.reading, table.warnings)
    return ("frame", frame, table.reading, table.warnings)


def _same(a, b) -> None:
    assert a[0] == b[0], (a, b)
    if a[0] == "frame":
        assert_frame_equal(a[1], b[1], check_exact=True)
        assert a[2:] == b[2:]
    else:
        assert a == b


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=bureau_csv())
def test_reading_a_table_in_memory_gives_what_the_default_engine_gives(tmp_path, case):
    kind, text = case
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    fast = _read(str(path), kind)
    with default_engine():
        slow = _read(str(path), kind)
    _same(fast, slow)


def test_the_engine_is_the_in_memory_one_only_for_tables_in_memory(tmp_path):
    path = tmp_path / "c.parquet"
    pl.DataFrame({"county": ["任城区"], "year": [2023]}).write_parquet(path)
    csv = tmp_path / "c.csv"
    csv.write_text("county,year\n任城区,2023\n", encoding="utf-8")
    assert table_mod.engine(tableio.read_table(str(csv))) == "in-memory"
    assert table_mod.engine(tableio.read_table(str(path))) == "auto"  # a scan keeps polars' default
    assert table_mod.engine() == "in-memory"


# ------------------------------------------------------------------------------------------ measure 8
@st.composite
def hires_case(draw):
    people = draw(st.integers(min_value=1, max_value=6))
    hires, insurance = [], []
    for n in range(people):
        person = pid(n) if draw(st.integers(0, 9)) else "1234"
        emp = draw(st.sampled_from([EMP, EMP2, "bad"]))
        hires.append(
            hire(
                person,
                emp=emp,
                county=draw(st.sampled_from(["任城区", "兖州区", "菏泽市", ""])),
                training=draw(st.sampled_from(["院校", T_OK, T_NO, "", "abc"])),
                trained=draw(st.sampled_from(["2023-01-10", "2023-05-01", ""])),
                hired=draw(st.sampled_from(["2023-03-06", "2022-11-30", "2024-01-02", ""])),
            )
        )
        start = draw(st.sampled_from(["2022-10", "2023-02", "2023-03", "2023-08"]))
        count = draw(st.integers(min_value=0, max_value=10))
        skip = tuple(draw(st.lists(st.integers(0, 9), max_size=2)))
        insurance += paid(person, months(start, count, skip), emp)
    return hires, insurance


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=hires_case())
def test_measure_8_in_memory_gives_what_the_default_engine_gives(tmp_path, case):
    hires, insurance = case
    h = write_csv(tmp_path / "hires.csv", hires)
    i = write_csv(tmp_path / "insurance.csv", insurance, ["身份证号", "统一社会信用代码", "参保月份"])
    t = write_csv(tmp_path / "trainers.csv", [{"统一社会信用代码": T_OK}], ["统一社会信用代码"])

    def run():
        try:
            r = steps.trained_hires(h, i, POLICY, trainers=t, year=2023, lang="en", detail=True)
        except DataError as e:
            return ("error", e.line("en"))
        return ("result", r.table, [str(w) for w in r.warnings], [str(n) for n in r.notes])

    fast = run()
    with default_engine():
        slow = run()
    assert fast[0] == slow[0], (fast, slow)
    if fast[0] == "result":
        assert_frame_equal(fast[1], slow[1], check_exact=True)
        assert fast[2:] == slow[2:]
    else:
        assert fast == slow


@st.composite
def bureau_csv_bytes(draw):
    """A bureau table as the bytes of a file: UTF-8 with or without a BOM, LF or CRLF, blank lines above,
    sometimes a row with a field too many or too few, or a stray quote."""
    kind, text = draw(bureau_csv())
    lines = text.split("\n")
    if len(lines) > 2 and draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(1, len(lines) - 2))
        lines[at] = draw(
            st.sampled_from([lines[at] + ",x", lines[at].rsplit(",", 1)[0], lines[at] + '"', '"' + lines[at]])
        )
    text = "\n" * draw(st.integers(0, 2)) + "\n".join(lines)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return kind, (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode("utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=bureau_csv_bytes())
def test_a_small_csv_read_from_its_sample_gives_what_reading_its_path_gives(tmp_path, case):
    """A UTF-8 file that fits the sniffed sample is parsed from the bytes read to sniff it (`text._WHOLE_FROM_SAMPLE`)
    instead of polars opening the file again: the same frame, notes, warnings and errors."""
    from jncli.tableio import text as text_mod

    kind, data = case
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    fast = _read(str(path), kind)
    with mock.patch.object(text_mod, "_WHOLE_FROM_SAMPLE", False):
        slow = _read(str(path), kind)
    _same(fast, slow)


def test_a_small_csv_is_parsed_from_its_sample(tmp_path, monkeypatch):
    """The fast path is taken for a file within the sample, not for a bigger one (read by its path)."""
    from jncli.tableio import table as table_mod
    from jncli.tableio import text as text_mod

    seen = []
    real = text_mod._polars_csv
    monkeypatch.setattr(
        text_mod, "_polars_csv", lambda name, source, *a: seen.append(type(source)) or real(name, source, *a)
    )
    small = tmp_path / "s.csv"
    small.write_text("county,year\n任城区,2023\n", encoding="utf-8")
    tableio.read_table(str(small))
    big = tmp_path / "b.csv"
    big.write_text("county,year\n" + "任城区,2023\n" * (table_mod.SNIFF // 10), encoding="utf-8")
    tableio.read_table(str(big))
    assert seen == [bytes, str]


def test_a_file_growing_while_read_is_not_parsed_from_a_stale_sample(tmp_path, monkeypatch):
    """Whether the sample is the whole file is decided by the read itself, so a file is sniffed and parsed as
    one snapshot: a file a platform was still writing, grown between the read and a later size check, was
    sniffed as one file and parsed as another (or parsed from bytes the size no longer matched)."""
    import builtins

    from jncli.tableio import table as table_mod
    from jncli.tableio import text as text_mod

    path = tmp_path / "g.csv"
    head = "county,year,online_retail\n" + "任城区,2023,1\n" * ((table_mod.SNIFF - 40) // 20)
    path.write_bytes((head + "兖州区,2023,12").encode("utf-8"))
    assert path.stat().st_size < table_mod.SNIFF

    class Growing:  # the first read sees the file; then the writer finishes it
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()
            with builtins.open(path, "ab") as w:
                w.write(b"34.5\n" + b"x" * table_mod.SNIFF + b",2023,1\n")

        def read(self, n=-1):
            return self.f.read(n)

    monkeypatch.setattr(text_mod, "open", lambda p, mode="r": Growing(builtins.open(p, mode)), raising=False)  # noqa: SIM115
    df = tableio.read_table(str(path)).frame.collect()
    # read as the bytes first seen: the sample was the whole file then (one snapshot, not a mix of two)
    assert df.height == len(head.splitlines()) and df["online_retail"].cast(pl.String).to_list()[-1] == "12"
