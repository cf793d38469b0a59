"""A note line typed without the separators Excel pads it with (`注：数据来源统计局` where Excel writes
`注：数据来源统计局,,,,,,,,,,`) reads exactly as its padded twin: same data, same outputs, the same note on
stderr naming the row, under `--strict` the same error (docs/formats.md, "Notes under the data").

The rule: a line with fewer fields than the header is accepted only in the trailing block of the file that
a line whose first field is a note opens, and its rows then meet the note reading as the padded ones do (a
row with figures below a note is the error it always was). Any other short line, and a long line anywhere,
is the structure error naming the line. Files are built here from samples/enterprises.csv and
samples/shops.csv: every line end, separator and encoding a bureau file comes in, through the real binary;
the big-CSV path (scanned, its widths proven in a line pass) in-process with its threshold lowered.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jncli.errors import DataError
from jncli.settings import InputOptions
from jncli.tableio import conform, text
from jncli.tableio import table as tables
from jncli.tableio.sources import read_table

ROOT = Path(__file__).resolve().parents[1]
HEADER, *ROWS = (ROOT / "samples" / "enterprises.csv").read_text("utf-8").splitlines()
WIDTH = HEADER.count(",") + 1  # 11
SHOPS_HEADER, *SHOPS = (ROOT / "samples" / "shops.csv").read_text("utf-8").splitlines()
ZH = {"LC_ALL": None, "LANG": "zh_CN.UTF-8"}


def pad(line: str, width: int = WIDTH) -> str:
    return line + "," * (width - 1 - line.count(",")) if line else line


def build(lines: list[str], nl: str = "\n", encoding: str = "utf-8", sep: str = ",") -> bytes:
    return "".join(line.replace(",", sep) + nl for line in lines).encode(encoding)


def twins(tmp_path: Path, body: list[str], tail: list[str], **form) -> tuple[Path, Path]:
    """The file with `tail` as typed (narrow) and with every tail line padded to the header's width: the same
    name in two folders, so that the messages naming it are the same bytes."""
    made = []
    for folder, lines in (("narrow", tail), ("padded", [pad(x) for x in tail])):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "e.csv").write_bytes(build([HEADER, *body, *lines], **form))
        made.append(tmp_path / folder)
    return made[0], made[1]


def award(jncli, folder: Path, *extra: str, env=None):
    return jncli("award-enterprises", "e.csv", "--year", "2023", *extra, cwd=folder, env=env)


TAILS = {
    "a note": ["注：数据来源统计局"],
    "source, remarks and signature lines": ["数据来源：济宁市统计局", "说明：金额单位为万元", "备注", "填表人：张三"],
    "a note then blank lines": ["注：数据来源统计局", "", ""],
    "a note of 2 fields of 11": ["注：数据来源,济宁市统计局"],
    "narrow and padded notes mixed": ["注1：数据来源统计局", pad("注2：金额单位万元"), "审核人：李四"],
}
FORMS = {
    "LF": {},
    "CRLF": {"nl": "\r\n"},
    "CR only (old Excel for Mac)": {"nl": "\r"},
    "TSV": {"sep": "\t"},
    "GB18030": {"encoding": "gb18030"},
    "GB18030, CRLF, TSV": {"encoding": "gb18030", "nl": "\r\n", "sep": "\t"},
    "GB18030, CR only": {"encoding": "gb18030", "nl": "\r"},
}
CASES = [(t, "LF") for t in TAILS] + [("a note then blank lines", f) for f in FORMS if f != "LF"]


@pytest.mark.parametrize(("tail", "form"), CASES, ids=[f"{t}, {f}" for t, f in CASES])
def test_a_narrow_note_reads_as_its_padded_twin(jncli, tmp_path, tail, form):
    narrow, padded = twins(tmp_path, ROWS, TAILS[tail], **FORMS[form])
    a, b = award(jncli, narrow), award(jncli, padded)
    assert (a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr)
    assert a.returncode == 0 and a.stdout.count(b"\n") > 10
    n = len(TAILS[tail]) - TAILS[tail].count("")
    skipped = "row 116 skipped" if n == 1 else f"rows 116-{115 + n} skipped"
    assert f"e.csv: {skipped}: notes after the data".encode() in a.stderr


def test_under_strict_a_narrow_note_is_the_padded_twins_error(jncli, tmp_path):
    narrow, padded = twins(tmp_path, ROWS, ["注：数据来源统计局", "填表人：张三"])
    a, b = award(jncli, narrow, "--strict"), award(jncli, padded, "--strict")
    assert (a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr)
    assert a.returncode == 1 and b"e.csv row 116 is not data: a note row" in a.stderr


def test_a_short_data_row_before_a_narrow_note_is_still_refused_naming_its_line(jncli, tmp_path):
    narrow, _ = twins(tmp_path, [*ROWS[:49], "任城区,2023", *ROWS[49:]], ["注：数据来源统计局"])
    proc = award(jncli, narrow)
    assert (proc.returncode, proc.stdout) == (1, b"")
    assert proc.stderr == b"jncli award-enterprises: e.csv: line 51 has 2 fields, the header has 11\n"
    zh = award(jncli, narrow, env=ZH)
    assert zh.stderr.decode() == "jncli award-enterprises: e.csv：第 51 行有 2 个字段，表头有 11 个\n"


@pytest.mark.parametrize("tail", [["任城区,2023"], ["以上数据仅供参考"], ["注：数据来源统计局", "x" + "," * 14]])
def test_a_short_line_without_a_note_above_it_and_a_long_line_anywhere_are_refused(jncli, tmp_path, tail):
    # a short non-note line at the end (a county, a sentence) is no note; a long line is never accepted
    narrow, _ = twins(tmp_path, ROWS, tail)
    proc = award(jncli, narrow)
    line, fields = (116, tail[0].count(",") + 1) if len(tail) == 1 else (117, 15)
    assert (proc.returncode, proc.stdout) == (1, b"")
    said = f"line {line} has {fields} field{'s' if fields > 1 else ''}, the header has 11"
    assert proc.stderr == f"jncli award-enterprises: e.csv: {said}\n".encode()


@pytest.mark.parametrize(
    ("body", "tail"),
    [
        ([*ROWS[:49], "注：数据来源统计局", *ROWS[49:]], []),  # a narrow note in the middle of the data
        (ROWS, ["注：数据来源统计局", "任城区,2023"]),  # a short row with figures below a narrow note
    ],
    ids=["a note in the middle", "figures below the note"],
)
def test_a_narrow_note_with_data_below_it_is_the_padded_twins_error(jncli, tmp_path, body, tail):
    # the note sits inside the data: refused as the padded form is (the note reading's error), not read
    narrow, padded = twins(tmp_path, body, tail)
    if not tail:  # the padded twin of a note in the middle
        (padded / "e.csv").write_bytes(build([HEADER, *[pad(x) if x.startswith("注") else x for x in body]]))
    a, b = award(jncli, narrow), award(jncli, padded)
    assert (a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr)
    assert a.returncode == 1 and b"lies inside the data: row" in a.stderr


def test_the_in_memory_line_proof_finds_the_first_short_line_wherever_it_is():
    # polars' streaming engine gave the last true of an `arg_max` over a frame in memory: a short data row
    # above a note at the end would have been taken for the note
    raw = build([HEADER, *ROWS[:49], "任城区,2023", *ROWS[49:], "注：数据来源统计局"])
    assert text._narrow_lines(raw, ",", WIDTH, 0) is None
    raw = build([HEADER, *ROWS, "注：数据来源统计局", "", "数据来源,统计局"])
    assert text._narrow_lines(raw, ",", WIDTH, 0) == (116, "line 116 has 1 field, the header has 11")
    raw = build([HEADER, *ROWS, pad("注：数据来源统计局"), "以上数据仅供参考"])  # the note above the short line
    assert text._narrow_lines(raw, ",", WIDTH, 0) == (117, "line 117 has 1 field, the header has 11")


def test_the_byte_proof_never_proves_a_narrow_note_and_the_line_proof_takes_it_over():
    # `_body_has_width` counts the separators of the body: one line short of them fails the count, never a
    # short line counted as whole; the line proof (`_narrow_lines`) then finds it in the note block
    for tail, row in ((["注：数据来源统计局"], 116), (["注：数据来源统计局", "", "备注"], 116)):
        raw = build([HEADER, *ROWS, *tail])
        df = pl.read_csv(raw, infer_schema=False)
        assert not text._every_line_has_width(raw, ",", WIDTH, 0, df)
        padded = build([HEADER, *ROWS, *[pad(x) for x in tail]])
        assert text._every_line_has_width(padded, ",", WIDTH, 0, pl.read_csv(padded, infer_schema=False))
        assert text._narrow_lines(raw, ",", WIDTH, 0) == (row, f"line {row} has 1 field, the header has 11")


# The big-CSV path: scanned, its widths proven by the line pass (as a file over LAZY_CSV_BYTES is read).


def _shops(path: Path, lazy_bytes: int, monkeypatch, strict: bool = False):
    monkeypatch.setattr(text, "LAZY_CSV_BYTES", lazy_bytes)
    opts = InputOptions(strict=strict)
    try:
        table = read_table(str(path), opts, deferred=True)
        out = conform(table, "shops", opts, lazy=True).collect()
    except DataError as e:
        return "error", str(e)
    return table.scanned, out.drop("_source").to_dicts(), table.reading


@pytest.mark.parametrize("nl", ["\n", "\r\n"])
def test_a_big_csv_with_narrow_notes_reads_as_its_padded_twin(tmp_path, monkeypatch, nl):
    width = SHOPS_HEADER.count(",") + 1
    tail = ["注：数据来源统计局", "", "填表人：张三,审核人：李四"]
    got = {}
    for name, lines in (("narrow", tail), ("padded", [pad(x, width) for x in tail])):
        path = tmp_path / name / "shops.csv"
        path.parent.mkdir()
        path.write_bytes(build([SHOPS_HEADER, *SHOPS, *lines], nl=nl))
        got[name] = _shops(path, 0, monkeypatch)
    assert got["narrow"][0] is True and got["narrow"][1:] == got["padded"][1:]
    said = (
        f"2 rows from row {len(SHOPS) + 2} skipped: notes after the data ('注：数据来源统计局')"  # the blank one apart
    )
    assert said in got["narrow"][2]


def test_a_big_csv_narrow_note_is_read_as_in_memory_and_strict_refuses_it_alike(tmp_path, monkeypatch):
    path = tmp_path / "shops.csv"
    path.write_bytes(build([SHOPS_HEADER, *SHOPS, "注：数据来源统计局"]))
    scanned, in_memory = _shops(path, 0, monkeypatch), _shops(path, 1 << 60, monkeypatch)
    assert scanned[0] is True and in_memory[0] is False and scanned[1:] == in_memory[1:]
    strict = [_shops(path, b, monkeypatch, strict=True) for b in (0, 1 << 60)]
    assert strict[0] == strict[1] and strict[0][0] == "error" and "is not data: a note row" in strict[0][1]


def test_a_big_csv_short_data_row_above_or_below_a_narrow_note_is_refused(tmp_path, monkeypatch):
    width = SHOPS_HEADER.count(",") + 1
    above = tmp_path / "above.csv"
    above.write_bytes(build([SHOPS_HEADER, *SHOPS[:9], "天猫,任城区", *SHOPS[9:], "注：数据来源统计局"]))
    assert _shops(above, 0, monkeypatch) == ("error", f"{above}: line 11 has 2 fields, the header has {width}")
    below = tmp_path / "below.csv"
    below.write_bytes(build([SHOPS_HEADER, *SHOPS, "注：数据来源统计局", "天猫,任城区,2023-01-05,,,,是,1.25"]))
    kind, message = _shops(below, 0, monkeypatch)
    assert kind == "error" and "lies inside the data" in message


def test_a_narrow_note_the_note_reading_does_not_see_is_the_structure_error(tmp_path, monkeypatch):
    # A table of more than FULL_SCAN_ROWS rows has only its first and last EDGE_ROWS looked at for notes (here
    # 10 and 3): a narrow note in its middle is not read as a note, so its short line is the structure error,
    # never a row of empty cells in the data (the padded twin is read as data and meets the value checks).
    monkeypatch.setattr(tables, "FULL_SCAN_ROWS", 10)
    monkeypatch.setattr(tables, "EDGE_ROWS", 3)
    rows = [f"天猫,任城区,2023-01-05,,,,是,1.25,A{i}" for i in range(30)]
    path = tmp_path / "shops.csv"
    path.write_bytes(build([SHOPS_HEADER, *rows[:15], "注：数据来源统计局", *rows[15:]]))
    for lazy_bytes in (0, 1 << 60):
        assert _shops(path, lazy_bytes, monkeypatch) == ("error", f"{path}: line 17 has 1 field, the header has 9")


# Generated files: a few data rows, then a tail of notes (of any width up to the header's), blank lines and
# maybe a data row; every line end, separator and encoding; in memory and scanned. The narrow file and its
# padded twin give the same table and notes, or the same error.

NOTES = [
    "注：数据来源统计局",
    "说明：金额单位万元",
    "备注",
    "数据来源：济宁市统计局",
    "填表人：张三",
    "以上数据仅供参考",
]


@st.composite
def files(draw):
    body = draw(st.lists(st.sampled_from(ROWS[:40]), min_size=1, max_size=5, unique=True))
    if draw(st.booleans()):  # a quoted cell: the exact check with Python's csv module, not the polars proof
        cells = body[0].split(",")
        body[0] = ",".join([cells[0], f'"{cells[1]}"', *cells[2:]])
    tail = [draw(st.sampled_from(NOTES[:5]))]
    for _ in range(draw(st.integers(0, 3))):
        tail.append(draw(st.sampled_from(["", *NOTES, "data"])))
    narrow = []
    for line in tail:
        if line == "data":
            narrow.append(draw(st.sampled_from(ROWS[40:50])))
        elif line:
            cells = draw(st.integers(1, WIDTH))
            narrow.append(",".join([line, *["附" * draw(st.integers(0, 1)) for _ in range(cells - 1)]]))
        else:
            narrow.append("")
    form = {
        "nl": draw(st.sampled_from(["\n", "\r\n", "\r"])),
        "sep": draw(st.sampled_from([",", "\t"])),
        "encoding": draw(st.sampled_from(["utf-8", "gb18030"])),
    }
    return body, narrow, form, draw(st.sampled_from([0, 1 << 60]))


def _enterprises(path: Path, lazy_bytes: int):
    old = text.LAZY_CSV_BYTES
    text.LAZY_CSV_BYTES = lazy_bytes
    try:
        table = read_table(str(path), InputOptions(), deferred=True)
        out = conform(table, "enterprises", InputOptions(), lazy=True)
        return "table", pl.LazyFrame.collect(out).drop("_source").to_dicts(), table.reading
    except DataError as e:
        return "error", str(e)
    finally:
        text.LAZY_CSV_BYTES = old


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files())
def test_generated_narrow_notes_read_as_their_padded_twins(tmp_path, case):
    body, narrow, form, lazy_bytes = case
    got = []
    for name, tail in (("narrow", narrow), ("padded", [pad(x) for x in narrow])):
        path = tmp_path / name / "e.csv"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(build([HEADER, *body, *tail], **form))
        got.append(_enterprises(path, lazy_bytes))
    a, b = got
    assert a[0] == b[0]
    assert a[1:] == (b[1].replace("/padded/", "/narrow/"),) if a[0] == "error" else a[1:] == b[1:]
    if not any(x in ROWS for x in narrow):  # notes and blank lines only: read
        assert a[0] == "table", a


# ------------------------------------------------------------------ a record typed under the note
@pytest.mark.parametrize("padded", [False, True])
def test_a_record_typed_under_a_note_is_refused_not_skipped(jncli, tmp_path, padded):
    # a violation record (code, kind, date: no figure) under `注：…`: skipped with the note, so the violator was
    # whitelisted with exit 0 (the narrow form since this pass; the padded form before it)
    records = (ROOT / "samples" / "records.csv").read_text("utf-8-sig").rstrip("\n").split("\n")
    width = records[0].count(",") + 1
    note = "注：数据截至2023年12月31日" + ("," * (width - 1) if padded else "")
    late = "91370800X0X4E0GDUD,行政处罚,2023-09-15" + "," * (width - 3)
    (tmp_path / "r.csv").write_text("\n".join([*records, note, late]) + "\n", "utf-8")
    cand = str(ROOT / "samples" / "candidates.csv")
    proc = jncli("whitelist", cand, "--records", "r.csv", "--as-of", "2023-12-31", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == b"", proc.stderr
    row = len(records) + 1
    assert proc.stderr.decode().startswith(
        f"jncli whitelist: r.csv row {row}: a note row ('注：数据截至2023年12月31日') lies inside the data: row "
        f"{row + 1} below it holds data ('91370800X0X4E0GDUD | 行政处罚 | 2023-09-15')"
    ), proc.stderr
    # a signature line under the note is a note line: read as before
    sign = "填表人：张三,审核：李四" + "," * (width - 2)
    (tmp_path / "s.csv").write_text("\n".join([*records, note, sign]) + "\n", "utf-8")
    ok = jncli("whitelist", cand, "--records", "s.csv", "--as-of", "2023-12-31", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
