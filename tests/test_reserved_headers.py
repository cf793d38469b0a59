"""A file whose header uses a name jncli gives its own columns is refused with one line naming the file and the
column, in every format and through every reading path: otherwise the user's column is overwritten (`_source`),
left out of every output (`_row`, `_jncli_short_row`, a `_mark_…`) or mixed up with a working column (`__v0`),
or polars' own error escapes in English.
"""

from __future__ import annotations

import io
import json

import polars as pl
import pytest
import xlsxwriter

from jncli.errors import DataError
from jncli.tableio import INTERNAL_COLUMNS, read_table, text
from jncli.tableio.table import refuse_reserved

HEADER = ["县市区", "年份", "网络零售额(万元)"]
ROWS = [["任城区", "2023", "944375.1"], ["兖州区", "2023", "240527.27"]]
MARK = next(c for c in INTERNAL_COLUMNS if c.startswith("_mark_"))
RESERVED = ["_row", "_source", "_jncli_short_row", MARK, "__v0", "__bad1"]


def _frame(extra: str) -> pl.DataFrame:
    return pl.DataFrame({**{h: [r[i] for r in ROWS] for i, h in enumerate(HEADER)}, extra: ["a", "b"]})


def _csv(extra: str, encoding: str = "utf-8", newline: str = "\n") -> bytes:
    lines = [",".join([*HEADER, extra])] + [",".join([*r, "x"]) for r in ROWS]
    return (newline.join(lines) + newline).encode(encoding)


def _write(path, fmt: str, extra: str) -> None:
    if fmt == "csv":
        path.write_bytes(_csv(extra))
    elif fmt == "csv-gb18030":  # transcoded through a temporary UTF-8 file
        path.write_bytes(_csv(extra, "gb18030", "\r\n"))
    elif fmt == "csv-cr":  # old Mac line ends: Python's csv module reads it
        path.write_bytes(_csv(extra, newline="\r"))
    elif fmt == "csv-title":  # a title line above the header, as the bureau's sheets have
        path.write_bytes("2023年各县市区网络零售额\n".encode() + _csv(extra))
    elif fmt == "parquet":
        _frame(extra).write_parquet(path)
    elif fmt == "arrow":
        _frame(extra).write_ipc(path)
    elif fmt == "xlsx":
        wb = xlsxwriter.Workbook(str(path))
        ws = wb.add_worksheet()
        ws.write_row(0, 0, [*HEADER, extra])
        for i, r in enumerate(ROWS, start=1):
            ws.write_row(i, 0, [*r, "x"])
        wb.close()
    elif fmt == "json":
        path.write_text(json.dumps(_frame(extra).to_dicts(), ensure_ascii=False), encoding="utf-8")
    elif fmt == "jsonl":
        path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in _frame(extra).to_dicts()) + "\n")
    else:
        raise AssertionError(fmt)


SUFFIX = {"parquet": ".parquet", "arrow": ".arrow", "xlsx": ".xlsx", "json": ".json", "jsonl": ".jsonl"}
FORMATS = ["csv", "csv-gb18030", "csv-cr", "csv-title", "parquet", "arrow", "xlsx", "json", "jsonl"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("extra", RESERVED)
def test_refused_in_every_format(tmp_path, fmt, extra):
    path = tmp_path / f"t{SUFFIX.get(fmt, '.csv')}"
    _write(path, fmt, extra)
    with pytest.raises(DataError) as e:
        read_table(str(path))
    assert str(e.value) == f"{path}: column 4 is named {extra!r}, a name jncli reserves for its own columns"


@pytest.mark.parametrize("extra", ["_row", "_source", "__v0"])
def test_refused_on_the_scanned_path(tmp_path, monkeypatch, extra):
    """A big CSV is scanned lazily (`text._scanned_csv`): refused there too (`_row` by the in-memory read)."""
    monkeypatch.setattr(text, "LAZY_CSV_BYTES", 0)
    path = tmp_path / "big.csv"
    path.write_bytes(_csv(extra))
    with pytest.raises(DataError, match=f"column 4 is named '{extra}'"):
        read_table(str(path))


def test_the_same_file_without_the_name_is_read(tmp_path):
    """The refusal is the header's name alone: the file with another name in that column reads whole."""
    for fmt in FORMATS:
        path = tmp_path / f"t{fmt}{SUFFIX.get(fmt, '.csv')}"
        _write(path, fmt, "_note")  # one underscore, not a reserved name
        table = read_table(str(path))
        assert table.columns == [*HEADER, "_note"], fmt
        assert table.frame.collect().height == 2, fmt


def test_an_empty_header_cell_of_a_workbook_is_not_refused(tmp_path):
    """The XLSX reader names a column with an empty header cell `__UNNAMED__N` (fastexcel): that is not the
    user's name, and such sheets are common."""
    path = tmp_path / "t.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["县市区", "", "年份"])
    ws.write_row(1, 0, ["任城区", "x", "2023"])
    wb.close()
    assert read_table(str(path)).frame.collect().height == 1
    refuse_reserved("t", ["__UNNAMED__12"])  # no error
    with pytest.raises(DataError):
        refuse_reserved("t", ["__UNNAMED__"])


def test_one_line_on_stderr_exit_1_no_output(jncli, tmp_path):
    path = tmp_path / "counties.csv"
    path.write_bytes(_csv("_source"))
    out = tmp_path / "out.csv"
    proc = jncli("cat", str(path), "-o", str(out), text=True)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"jncli cat: {path}: column 4 is named '_source', a name jncli reserves for its own columns "
        "(hint: rename that column in the file)"
    ]
    assert not out.exists()
    zh = jncli("cat", "-", "--lang", "zh", stdin=_csv("_row").decode(), text=True)
    assert zh.returncode == 1
    assert zh.stderr.splitlines() == [
        "jncli cat: <stdin>：第 4 列名为 '_row'，这是 jncli 留作自用的列名（提示：请在文件中给该列改名）"
    ]


def test_piped_parquet_is_refused(jncli):
    buf = io.BytesIO()
    _frame("_row").write_parquet(buf)
    proc = jncli("score-counties", "-", stdin=buf.getvalue(), text=False)
    assert proc.returncode == 1
    assert b"column 4 is named '_row'" in proc.stderr
    assert b"Traceback" not in proc.stderr
