"""Table writer: formats, value rules, formula escaping, atomic -o, UTF-8 whatever the locale."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jncli.errors import DataError, UsageError
from jncli.options import OutputOptions
from jncli.tableio import writer, xlsxsheet
from jncli.tableio.writer import resolve_format, sink_file, write_file, write_table
from jncli.values import MONEY_DTYPE

PY = sys.executable
ROOT = Path(__file__).resolve().parents[1]


def sample() -> pl.DataFrame:
    """A conformed-looking frame: every dtype the rules produce, plus the reader's bookkeeping columns."""
    return pl.DataFrame(
        {
            "county": ["任城区", "=1+1", "-5", None],
            "credit_code": ["91370800MA3C5XXXXX", "0012345", "@SUM(A1)", "+3.25"],
            "shops": [-5, 3, None, 1_000],
            "award": [Decimal("12.5"), Decimal("5"), Decimal("0"), None],
            "ratio": [0.25, -1.5, None, 2.0],
            "opened": [dt.date(2023, 5, 1), None, dt.date(2022, 11, 10), dt.date(2023, 12, 31)],
            "eligible": [True, False, None, True],
            "platforms": [["淘宝", "京东"], [], None, ["抖音"]],
            "_source": ["a.csv"] * 4,
            "_row": [2, 3, 4, 5],
        }
    ).with_columns(pl.col("award").cast(MONEY_DTYPE))


class FakeStdout(io.BytesIO):
    def __init__(self, tty: bool = False):
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def close(self) -> None:  # keep the bytes readable after the wrapper is collected
        pass


def to_stdout(monkeypatch, frame, tty: bool = False, encoding: str = "ascii", **opts) -> bytes:
    """write_table to a fake stdout whose TEXT layer is ASCII: only raw UTF-8 bytes can get through."""
    raw = FakeStdout(tty)
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding=encoding))
    write_table(frame, OutputOptions(**opts))
    sys.stdout.flush()
    return raw.getvalue()


def unescape(text: str) -> str:
    """What jncli's reader does: drop ONE leading ' that stands before '*[= + - @ tab CR LF]."""
    return re.sub(r"^'(?='*[=+\-@\t\r\n])", "", text)


# ------------------------------------------------------------------------------------------ format choice
@pytest.mark.parametrize(
    "path,fmt",
    [
        ("a.csv", "csv"),
        ("a.CSV", "csv"),
        ("a.tsv", "tsv"),
        ("a.tab", "tsv"),
        ("a.txt", "tsv"),
        ("a.json", "json"),
        ("a.jsonl", "jsonl"),
        ("a.ndjson", "jsonl"),
        ("a.parquet", "parquet"),
        ("a.pq", "parquet"),
        ("dir.x/a.xlsx", "xlsx"),
        ("a.md", "markdown"),
        ("a.markdown", "markdown"),
    ],
)
def test_format_from_extension(path, fmt):
    assert resolve_format(OutputOptions(output=path)) == fmt


def test_explicit_format_wins_over_extension():
    assert resolve_format(OutputOptions(format="json", output="a.csv")) == "json"


@pytest.mark.parametrize("path,named", [("out.dat", "'.dat'"), ("out", "no extension"), ("out.xls", "'.xls'")])
def test_unknown_extension_is_a_usage_error_naming_it(path, named):
    with pytest.raises(UsageError) as e:
        resolve_format(OutputOptions(output=path))
    assert named in e.value.message and path in e.value.message


def test_default_is_table_on_a_terminal_and_csv_in_a_pipe(monkeypatch):
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(FakeStdout(tty=True)))
    assert resolve_format(OutputOptions()) == "table"
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(FakeStdout(tty=False)))
    assert resolve_format(OutputOptions()) == "csv"
    assert resolve_format(OutputOptions(output="-")) == "csv"


@pytest.mark.parametrize("fmt", ["parquet", "xlsx"])
def test_binary_format_to_a_terminal_is_refused_with_a_hint(monkeypatch, fmt):
    with pytest.raises(UsageError) as e:
        to_stdout(monkeypatch, sample(), tty=True, format=fmt)
    assert "terminal" in e.value.message and "-o" in e.value.hint


def test_binary_format_to_a_pipe_is_written(monkeypatch):
    data = to_stdout(monkeypatch, sample(), format="parquet")
    assert pl.read_parquet(io.BytesIO(data))["award"].to_list() == [Decimal("12.5"), Decimal("5"), Decimal("0"), None]


# ------------------------------------------------------------------------------------------ CSV / TSV
def test_csv_values_and_escaping(monkeypatch):
    out = to_stdout(monkeypatch, sample(), format="csv").decode("utf-8")
    assert out.splitlines() == [
        "county,credit_code,shops,award,ratio,opened,eligible,platforms",
        "任城区,91370800MA3C5XXXXX,-5,12.5,0.25,2023-05-01,true,淘宝；京东",
        # "=1+1" is text → escaped; "0012345" stays; -5 Int and -1.5 Float are numbers → untouched
        '\'=1+1,0012345,3,5,-1.5,,false,""',
        # the text "-5" and "+3.25" are plain numbers → untouched; "@SUM(A1)" escaped; nulls empty
        "-5,'@SUM(A1),,0,,2022-11-10,,",
        ",+3.25,1000,,2.0,2023-12-31,true,抖音",
    ]


def test_csv_escapes_a_list_cell_by_its_joined_text(monkeypatch):
    """The look for formula-like cells is made on the text written: a list cell is escaped when its joined
    text starts like a formula, whichever item does not."""
    frame = pl.DataFrame({"items": [["=1+1", "x"], ["x", "=1+1"], None, ["-5"]], "n": [1, 2, 3, 4]})
    out = to_stdout(monkeypatch, frame, format="csv").decode("utf-8")
    assert out.splitlines() == ["items,n", "'=1+1；x,1", "x；=1+1,2", ",3", "-5,4"]


def test_csv_without_escaping(monkeypatch):
    out = to_stdout(monkeypatch, sample(), format="csv", escape_formulas=False).decode("utf-8")
    assert "\n=1+1," in out and ",@SUM(A1)," in out and "'" not in out


@pytest.mark.parametrize(
    "text,escaped",
    [
        ('=HYPERLINK("http://x")', True),
        ("+cmd", True),
        ("-2+3+cmd|' /C calc'!A0", True),
        ("@A1", True),
        ("\tx", True),
        ("\rx", True),
        ("\nx", True),
        ("'=x", True),
        ("''+x", True),
        ("-5", False),
        ("+3.25", False),
        ("-1e3", False),
        ("-1,234.5", False),
        ("-.5", False),
        ("-5%", False),
        ("a=b", False),
        ("0012345", False),
        ("'x", False),
        ("", False),
        ("济宁", False),
        ("-", True),
        ("--5", True),
    ],
)
def test_escape_rule(text, escaped):
    got = pl.select(writer._escape_formula(pl.lit(text))).item()
    assert got == ("'" + text if escaped else text)
    assert writer._escape_str(text) == got  # the header rule is the same rule
    assert unescape(got) == text


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from("=+-@'\t\r\n0123.,e%a济 \""), min_size=1, max_size=8), min_size=1, max_size=20
    )
)
def test_escaping_round_trips_through_the_reader_rule(values):
    """Lossless `jncli a | jncli b`: reading back and removing one ' gives every original text."""
    frame = pl.DataFrame({"t": values})
    buf = io.BytesIO()
    writer._write_csv(frame, buf, OutputOptions(), False)
    back = pl.read_csv(buf.getvalue(), infer_schema=False)["t"].to_list()
    assert [unescape(v) for v in back] == values
    # and no cell a spreadsheet would run as a formula (plain numbers aside)
    assert all(not re.match(r"[=+\-@\t\r\n]", v) or re.fullmatch(r"[+-]?[0-9.,e%]+", v) for v in back)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(-(10**12), 10**12), min_size=1, max_size=20))
def test_numbers_are_never_escaped(numbers):
    frame = pl.DataFrame({"i": numbers, "s": [str(n) for n in numbers]})
    buf = io.BytesIO()
    writer._write_csv(frame, buf, OutputOptions(), False)
    assert "'" not in buf.getvalue().decode()


def test_header_cells_are_escaped_too(monkeypatch):
    out = to_stdout(monkeypatch, pl.DataFrame({"=cmd": ["x"], "-5": ["y"]}), format="csv").decode()
    assert out.splitlines()[0] == "'=cmd,-5"


def test_decimal_is_trimmed_never_float_noise(monkeypatch):
    frame = pl.DataFrame(
        {
            "m": [
                Decimal("12.500000"),
                Decimal("5.000000"),
                Decimal("0.000000"),
                Decimal("0.1"),
                Decimal("-1234.010000"),
                Decimal("100"),
                Decimal("0.000001"),
            ]
        }
    ).cast({"m": MONEY_DTYPE})
    out = to_stdout(monkeypatch, frame, format="csv").decode()
    assert out.splitlines()[1:] == ["12.5", "5", "0", "0.1", "-1234.01", "100", "0.000001"]
    whole = pl.DataFrame({"m": [Decimal("100"), Decimal("0")]}).cast({"m": pl.Decimal(10, 0)})
    assert to_stdout(monkeypatch, whole, format="csv").decode().splitlines()[1:] == ["100", "0"]


def test_bom(monkeypatch):
    out = to_stdout(monkeypatch, sample(), format="csv", bom=True)
    assert out.startswith(b"\xef\xbb\xbfcounty,")
    assert pl.read_csv(out, infer_schema=False).columns[0] == "county"
    assert not to_stdout(monkeypatch, sample(), format="csv").startswith(b"\xef\xbb\xbf")


def test_tsv(monkeypatch):
    frame = pl.DataFrame({"a": ["x\ty", "=1"], "b": [1, 2]})
    out = to_stdout(monkeypatch, frame, format="tsv").decode()
    assert out.splitlines()[0] == "a\tb"
    back = pl.read_csv(out.encode(), separator="\t", infer_schema=False)
    assert back["a"].to_list() == ["x\ty", "'=1"]


def test_csv_file_round_trip(tmp_path):
    path = tmp_path / "out.csv"
    write_file(sample(), str(path))
    back = pl.read_csv(path, infer_schema=False)
    assert back.columns == ["county", "credit_code", "shops", "award", "ratio", "opened", "eligible", "platforms"]
    assert back["credit_code"].to_list() == ["91370800MA3C5XXXXX", "0012345", "'@SUM(A1)", "+3.25"]
    assert back["award"].to_list() == ["12.5", "5", "0", None]


def test_empty_frame_writes_the_header(monkeypatch):
    out = to_stdout(monkeypatch, sample().clear(), format="csv").decode()
    assert out == "county,credit_code,shops,award,ratio,opened,eligible,platforms\n"


# ------------------------------------------------------------------------------------------ JSON
def test_json_types(monkeypatch):
    out = to_stdout(monkeypatch, sample(), format="json")
    assert "任城区".encode() in out and b"\\u" not in out  # UTF-8, not \uXXXX
    rows = json.loads(out, parse_float=Decimal)
    assert rows[0] == {
        "county": "任城区",
        "credit_code": "91370800MA3C5XXXXX",
        "shops": -5,
        "award": Decimal("12.5"),
        "ratio": Decimal("0.25"),
        "opened": "2023-05-01",
        "eligible": True,
        "platforms": ["淘宝", "京东"],
    }
    assert [r["award"] for r in rows] == [Decimal("12.5"), 5, 0, None]  # numbers, not strings; 5 not 5.000000
    assert rows[1]["county"] == "=1+1" and rows[1]["platforms"] == []  # JSON is not escaped
    assert rows[2]["county"] == "-5" and rows[3]["opened"] == "2023-12-31" and rows[2]["eligible"] is None


def test_json_decimal_keys_are_safe(monkeypatch):
    """A Decimal column with an awkward name, and text that looks like the internal placeholder."""
    frame = pl.DataFrame(
        {
            '补贴"(万元)': [Decimal("1.5"), None],
            "note": ['"__jncli_decimal_0__":"5"', "x"],
            "__jncli_decimal_0__": ["clash", "y"],
        }
    ).cast({'补贴"(万元)': MONEY_DTYPE})
    rows = json.loads(to_stdout(monkeypatch, frame, format="json"), parse_float=Decimal)
    assert rows == [
        {'补贴"(万元)': Decimal("1.5"), "note": '"__jncli_decimal_0__":"5"', "__jncli_decimal_0__": "clash"},
        {'补贴"(万元)': None, "note": "x", "__jncli_decimal_0__": "y"},
    ]


def test_json_non_finite_float_is_null_and_datetime_iso(monkeypatch):
    frame = pl.DataFrame(
        {
            "f": [float("nan"), float("inf"), 1.5],
            "t": [dt.datetime(2023, 5, 1, 10, 0), None, dt.datetime(2023, 5, 1, 10, 0, 0, 500000)],
        }
    )
    rows = json.loads(to_stdout(monkeypatch, frame, format="json"))
    assert [r["f"] for r in rows] == [None, None, 1.5]
    assert [r["t"] for r in rows] == ["2023-05-01T10:00:00", None, "2023-05-01T10:00:00.500"]


def test_jsonl(monkeypatch):
    out = to_stdout(monkeypatch, sample(), format="jsonl").decode()
    lines = out.splitlines()
    assert len(lines) == 4 and out.endswith("\n")
    assert json.loads(lines[0], parse_float=Decimal)["award"] == Decimal("12.5")
    assert "_row" not in json.loads(lines[0])
    assert to_stdout(monkeypatch, sample().clear(), format="jsonl") == b""


def test_empty_json_is_an_empty_array(monkeypatch):
    assert json.loads(to_stdout(monkeypatch, sample().clear(), format="json")) == []


def test_json_file_and_many_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "CHUNK_ROWS", 3)  # the comma between slices must not go missing
    frame = pl.DataFrame({"i": list(range(10)), "m": [Decimal(i) / 4 for i in range(10)]}).cast({"m": MONEY_DTYPE})
    write_file(frame, str(tmp_path / "a.json"))
    rows = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert [r["i"] for r in rows] == list(range(10)) and rows[3]["m"] == 0.75


# ------------------------------------------------------------------------------------------ Parquet / XLSX
def test_parquet_round_trip(tmp_path):
    write_file(sample(), str(tmp_path / "a.parquet"))
    back = pl.read_parquet(tmp_path / "a.parquet")
    assert back.equals(sample().drop("_source", "_row"))
    assert back.schema["award"] == MONEY_DTYPE


def test_xlsx_text_is_text_numbers_are_numbers(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    frame = sample().with_columns(pl.Series("link", ["http://example.com", "123", "=1+1", "2023-05-01"]))
    write_file(frame, str(tmp_path / "a.xlsx"))
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    rows = [[c for c in r] for r in ws.iter_rows()]
    header = [c.value for c in rows[0]]
    assert header == ["county", "credit_code", "shops", "award", "ratio", "opened", "eligible", "platforms", "link"]
    cell = {name: rows[2][i] for i, name in enumerate(header)}  # second data row
    assert (cell["county"].value, cell["county"].data_type) == ("=1+1", "s")  # a string, not a formula
    assert (cell["credit_code"].value, cell["credit_code"].data_type) == ("0012345", "s")
    assert (cell["link"].value, cell["link"].data_type) == ("123", "s")  # not turned into a number
    assert rows[1][header.index("link")].hyperlink is None  # not turned into a URL
    assert (rows[3][header.index("link")].value, rows[3][header.index("link")].data_type) == ("=1+1", "s")
    award = rows[1][header.index("award")]
    assert award.value == 12.5 and award.data_type == "n" and award.number_format.startswith("#,##0.00")
    opened = rows[1][header.index("opened")]
    assert opened.value == dt.datetime(2023, 5, 1) and opened.number_format == "yyyy-mm-dd"
    assert rows[1][header.index("shops")].value == -5 and rows[1][header.index("eligible")].value is True
    assert rows[1][header.index("platforms")].value == "淘宝；京东"
    assert rows[3][header.index("award")].value == 0 and rows[4][header.index("award")].value is None
    assert ws.freeze_panes == "A2"


def test_xlsx_widths_count_chinese_double(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    frame = pl.DataFrame({"cjk": ["济宁市任城区电子商务有限公司"], "latin": ["abcdefghijklmn"]})  # 14 chars each
    write_file(frame, str(tmp_path / "w.xlsx"))
    dims = openpyxl.load_workbook(tmp_path / "w.xlsx").active.column_dimensions
    assert dims["A"].width > dims["B"].width * 1.6


def test_xlsx_empty_frame(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    write_file(sample().clear(), str(tmp_path / "e.xlsx"))
    ws = openpyxl.load_workbook(tmp_path / "e.xlsx").active
    assert [c.value for c in next(ws.iter_rows())][:2] == ["county", "credit_code"] and ws.max_row == 1


# ------------------------------------------------------------------------------------------ table / markdown
def test_markdown(monkeypatch):
    frame = sample().with_columns(pl.Series("note", ["a|b", "x\ny", None, ""]))
    out = to_stdout(monkeypatch, frame, format="markdown").decode()
    lines = out.splitlines()
    assert lines[0].startswith("| county") and lines[1].startswith("|:--")
    assert lines[2].startswith("| 任城区 ") and "12.5" in lines[2] and "12.500000" not in out
    assert "0012345" in out and "a\\|b" in out and "x<br>y" in out
    from rich.cells import cell_len

    assert len({cell_len(line) for line in lines}) == 1  # Chinese aligns: every line equally wide
    assert re.search(r"\|-+:\|", lines[1])  # numbers right-aligned


def test_table_to_a_pipe_is_plain_and_trimmed(monkeypatch):
    out = to_stdout(monkeypatch, sample(), format="table").decode("utf-8")
    assert "任城区" in out and "12.5" in out and "12.500000" not in out and "0012345" in out
    assert "\x1b[" not in out and "_row" not in out and "_source" not in out


def test_table_control_characters_do_not_reach_the_terminal(monkeypatch):
    out = to_stdout(monkeypatch, pl.DataFrame({"a": ["x\x1b[31my\x07"]}), format="table").decode()
    assert "\x1b" not in out and "\x07" not in out


@pytest.mark.parametrize("no_color", [True, False])
def test_table_on_a_terminal_honours_no_color(monkeypatch, no_color):
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    out = to_stdout(monkeypatch, sample(), tty=True).decode()  # default format on a terminal: table
    assert "任城区" in out and "\x1b[" in out  # bold header: a style, not a colour
    colour = re.search(r"\x1b\[[0-9;]*(3[0-9]|9[0-7])(;[0-9]+)*m", out)  # SGR foreground colours
    assert (colour is None) is no_color


def test_table_chinese_aligns(monkeypatch):
    from rich.cells import cell_len

    frame = pl.DataFrame({"county": ["济宁高新区", "x"], "n": [1, 22]})
    lines = [line for line in to_stdout(monkeypatch, frame, format="table").decode().splitlines() if line.strip()]
    assert len({cell_len(line) for line in lines}) == 1


def test_narrow_terminal_never_breaks_a_number_or_a_code_nor_drops_a_column_silently(monkeypatch, capsys):
    # 60 columns: rich folded 1366.75 into 136 / 6.7 / 5 (a person reads 136), or dropped a column without a word
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setenv("NO_COLOR", "1")
    frame = pl.DataFrame(
        {
            "credit_code": ["91370800MA3C00001M"],
            "county": ["济宁高新技术产业开发区"],
            "year": [2023],
            "award": [1366.75],
            "score": [60.667244],
            "basis": ["依据第一条「网络零售总额和增幅综合评价」（2023年度）：综合得分60.667244，排第1位。"],
        }
    )
    view = {"decision": ("county", "award"), "priority": ("score",), "explained": ("basis",)}
    out = to_stdout(monkeypatch, frame, tty=True, **view).decode()
    text = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert max(cell_len(line) for line in text.splitlines()) <= 60
    for value in ("济宁高新技术产业开发区", "1366.75", "60.667244"):  # the decision, then what fits
        assert value in text, (value, text)
    assert "91370800MA3C00001M" not in text and "依据" not in text
    err = capsys.readouterr().err
    assert "left out to fit 60 columns: credit_code;" in err and "basis not shown" in err
    assert "--wide" in err and "--explain" in err and "less -S" in err
    # --explain: the basis under its row, wrapped without breaking 60.667244
    text = re.sub(r"\x1b\[[0-9;]*m", "", to_stdout(monkeypatch, frame, tty=True, explain=True, **view).decode())
    assert "依据第一条" in text and "60.667244" in text.split("依据", 1)[1]
    assert max(cell_len(line) for line in text.splitlines()) <= 60
    assert "basis" not in capsys.readouterr().err
    # --wide: every column whole, lines longer than the screen
    text = to_stdout(monkeypatch, frame, tty=True, wide=True, **view).decode()
    assert "91370800MA3C00001M" in text and "排第1位。" in text
    # a decision wider than the screen: names shortened with …, numbers never; then lines longer than it
    monkeypatch.setenv("COLUMNS", "24")
    text = to_stdout(monkeypatch, frame, tty=True, **view).decode()
    assert re.search("济宁高新 ?…", text) and "1366.75" in text
    assert "names shortened with …: county" in capsys.readouterr().err
    monkeypatch.setenv("COLUMNS", "20")
    text = to_stdout(monkeypatch, frame, tty=True, **view).decode()
    assert "1366.75" in text and "longer than the screen" in capsys.readouterr().err


def test_big_table_shows_1000_rows_and_says_so(monkeypatch, capsys):
    frame = pl.DataFrame({"i": range(1500)})
    out = to_stdout(monkeypatch, frame, format="table").decode()
    assert re.search(r"\b999\b", out) and not re.search(r"\b1000\b", out)
    err = capsys.readouterr().err
    assert "1000 of 1500" in err and "500 left out" in err and "--format csv" in err


# ------------------------------------------------------------------------------------------ misc
@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "parquet", "xlsx", "markdown", "table"])
def test_internal_columns_never_written(tmp_path, fmt):
    path = tmp_path / f"x.{fmt}"
    write_table(sample(), OutputOptions(format=fmt, output=str(path)))
    assert b"_source" not in path.read_bytes() and b"a.csv" not in path.read_bytes()


def test_lazyframe_input_and_dash_is_stdout(monkeypatch):
    assert to_stdout(monkeypatch, sample().lazy(), format="csv", output="-").decode().startswith("county,")


def test_broken_pipe_propagates(monkeypatch):
    class Closed(FakeStdout):
        def write(self, data):
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(Closed()))
    with pytest.raises(BrokenPipeError) as e:
        write_table(sample(), OutputOptions(format="csv"))
    # errno unset on purpose: typer's Command.main would turn errno EPIPE into exit 1 before cli.main
    assert e.value.errno is None


def test_broken_pipe_on_a_real_pipe():
    code = textwrap.dedent("""
        import os, polars as pl
        from jncli.tableio.writer import write_table
        from jncli.options import OutputOptions
        try:
            write_table(pl.DataFrame({"a": ["济宁"] * 300_000}), OutputOptions(format="csv"))
        except BrokenPipeError:
            os._exit(42)
        os._exit(0)
    """)
    proc = subprocess.Popen([PY, "-c", code], stdout=subprocess.PIPE, cwd=ROOT)
    assert proc.stdout.read(10)
    proc.stdout.close()
    assert proc.wait(timeout=60) == 42


@pytest.mark.parametrize(
    "env",
    [
        {"LANG": "C", "LC_ALL": "C"},
        {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"},
        {"LC_ALL": "en_US.ISO-8859-1", "PYTHONIOENCODING": "latin-1"},
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "table", "json"])
def test_utf8_whatever_the_locale(env, fmt):
    code = (
        "import polars as pl; from jncli.tableio.writer import write_table; "
        "from jncli.options import OutputOptions;"
        f"write_table(pl.DataFrame({{'县市区': ['济宁高新区', '太白湖新区']}}), OutputOptions(format={fmt!r}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHONIO", "PYTHONUTF8"))}
    proc = subprocess.run([PY, "-c", code], env={**clean, **env}, capture_output=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    out = proc.stdout.decode("utf-8")
    assert "县市区" in out and "济宁高新区" in out and "太白湖新区" in out


# ------------------------------------------------------------------------------------------ atomic -o
def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize(
    "error", [RuntimeError("disk on fire"), KeyboardInterrupt(), OSError(28, "No space left on device")]
)
def test_failure_mid_write_keeps_the_old_file(tmp_path, monkeypatch, error):
    target = tmp_path / "result.csv"
    target.write_text("old,content\n1,2\n", encoding="utf-8")

    def half_then_fail(frame, out, opts, tty):
        out.write(b"county,award\n\xe6\xb5\x8e")  # some bytes, then the failure
        out.flush()
        assert _leftovers(tmp_path), "the partial data goes to a hidden temp file"
        raise error

    monkeypatch.setitem(writer._WRITERS, "csv", half_then_fail)
    expected = DataError if isinstance(error, OSError) else type(error)
    with pytest.raises(expected) as raised:
        write_file(sample(), str(target))
    if isinstance(error, OSError):  # a disk error is the user's to fix: one line naming the file
        assert str(raised.value) == f"cannot write {target}: No space left on device"
    else:
        assert raised.value is error  # anything else passes through as it was raised
    assert target.read_text(encoding="utf-8") == "old,content\n1,2\n"
    assert _leftovers(tmp_path) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["result.csv"]


def test_success_replaces_and_keeps_the_mode(tmp_path):
    target = tmp_path / "result.csv"
    target.write_text("old\n")
    os.chmod(target, 0o640)
    write_file(sample(), str(target))
    assert target.read_text(encoding="utf-8").startswith("county,")
    assert (target.stat().st_mode & 0o777) == 0o640
    assert _leftovers(tmp_path) == []


def test_new_file_gets_umask_permissions(tmp_path):
    write_file(sample(), str(tmp_path / "new.csv"))
    mask = os.umask(0)
    os.umask(mask)
    assert ((tmp_path / "new.csv").stat().st_mode & 0o777) == 0o666 & ~mask


def test_missing_folder_is_a_data_error_naming_it(tmp_path):
    with pytest.raises(DataError) as e:
        write_file(sample(), str(tmp_path / "nope" / "a.csv"))
    assert "nope" in e.value.message and "does not exist" in e.value.message


def test_output_is_a_folder(tmp_path):
    (tmp_path / "d.csv").mkdir()
    with pytest.raises(DataError, match="folder"):
        write_file(sample(), str(tmp_path / "d.csv"))


def test_symlink_target_is_written_through(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    (tmp_path / "link.csv").symlink_to(real)
    write_file(sample(), str(tmp_path / "link.csv"))
    assert (tmp_path / "link.csv").is_symlink() and real.read_text(encoding="utf-8").startswith("county,")


def test_device_is_written_directly():
    write_file(sample(), os.devnull, "csv")  # no temp file in /dev, no rename over /dev/null
    assert os.path.exists(os.devnull) and not os.path.isfile(os.devnull)


def test_sigterm_mid_write_cleans_up(tmp_path):
    target = tmp_path / "result.csv"
    target.write_text("old\n")
    code = textwrap.dedent(f"""
        import os, signal, polars as pl
        from jncli.tableio import writer
        def slow(frame, out, opts, tty):
            out.write(b"partial")
            os.kill(os.getpid(), signal.SIGTERM)
            out.write(b"never reached")
        writer._WRITERS["csv"] = slow
        writer.write_file(pl.DataFrame({{"a": [1]}}), {str(target)!r})
    """)
    proc = subprocess.run([PY, "-c", code], capture_output=True, cwd=ROOT, timeout=60)
    assert proc.returncode == -signal.SIGTERM, proc.stderr.decode()
    assert target.read_text() == "old\n" and _leftovers(tmp_path) == []


# ------------------------------------------------------------------------------------------ sink_file
def test_sink_csv_streams_with_the_value_rules(tmp_path):
    lazy = sample().lazy()
    sink_file(lazy, str(tmp_path / "big.csv"))
    lines = (tmp_path / "big.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "county,credit_code,shops,award,ratio,opened,eligible,platforms"
    assert lines[1] == "任城区,91370800MA3C5XXXXX,-5,12.5,0.25,2023-05-01,true,淘宝；京东"
    # escaped as write_table does: generated data carry names from a policy file (`samples --policy`)
    assert lines[2].startswith("'=1+1,0012345,")
    assert _leftovers(tmp_path) == []


def test_sink_parquet_and_fallback_formats(tmp_path):
    sink_file(sample().lazy(), str(tmp_path / "big.parquet"))
    assert pl.read_parquet(tmp_path / "big.parquet").equals(sample().drop("_source", "_row"))
    sink_file(sample().lazy(), str(tmp_path / "small.json"))
    assert json.loads((tmp_path / "small.json").read_text(encoding="utf-8"))[0]["award"] == 12.5


def test_sink_failure_keeps_the_old_file(tmp_path):
    target = tmp_path / "big.csv"
    target.write_text("old\n")
    bad = pl.LazyFrame({"a": ["1", "x"]}).select(pl.col("a").cast(pl.Int64, strict=True))
    with pytest.raises(
        pl.exceptions.InvalidOperationError, match=r"conversion from `str` to `i64` failed in column 'a'"
    ):
        sink_file(bad, str(target))
    assert target.read_text() == "old\n" and _leftovers(tmp_path) == []


# ------------------------------------------------------------------------------------------ through the CLI
def test_cli_cat_writes_utf8_under_lang_c(jncli, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("县市区,网络零售额\n济宁高新区,12.5\n", encoding="utf-8")
    proc = jncli("cat", str(src), env={"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode("utf-8") == "县市区,网络零售额\n济宁高新区,12.5\n"


def test_cli_pipe_round_trips_escaped_text(jncli, tmp_path):
    """`jncli cat a | jncli cat`: the writer's ' prefix is removed again by the reader, numbers untouched."""
    src = tmp_path / "in.csv"
    values = ["=1+1", "@SUM(A1)", "+cmd", "-5", "-1e3", "0012345", "济宁"]
    write_file(pl.DataFrame({"v": values}), str(src))
    assert "'=1+1" in src.read_text(encoding="utf-8")  # escaped on disk
    first = jncli("cat", str(src))
    assert first.returncode == 0, first.stderr.decode()
    assert first.stdout.decode().splitlines()[1:] == ["'=1+1", "'@SUM(A1)", "'+cmd", "-5", "-1e3", "0012345", "济宁"]
    second = jncli("cat", "--format", "json", stdin=first.stdout)
    assert second.returncode == 0, second.stderr.decode()
    assert [r["v"] for r in json.loads(second.stdout)] == values
    assert [p.stdout for p in jncli.pipe(["cat", str(src)], ["cat", "--format", "json"])] == [b"", second.stdout]


def test_cli_pipe_round_trips_text_starting_with_a_quote(jncli, tmp_path):
    src = tmp_path / "in.csv"
    write_file(pl.DataFrame({"v": ["'=x", "''-y"]}), str(src))  # on disk: one more ' in front of each
    proc = jncli("cat", "--format", "json", str(src))
    assert [r["v"] for r in json.loads(proc.stdout)] == ["'=x", "''-y"]


def test_cli_pipe_round_trips_escaped_header(jncli, tmp_path):
    src = tmp_path / "in.csv"
    write_file(pl.DataFrame({"=cmd": ["x"]}), str(src))  # header on disk: '=cmd
    proc = jncli("cat", "--format", "json", str(src))
    assert json.loads(proc.stdout) == [{"=cmd": "x"}]


def test_cli_bad_extension_and_missing_folder(jncli, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("a\n1\n", encoding="utf-8")
    proc = jncli("cat", str(src), "-o", str(tmp_path / "out.dat"))
    assert proc.returncode == 2 and "'.dat'" in proc.stderr.decode() and "Traceback" not in proc.stderr.decode()
    proc = jncli("cat", str(src), "-o", str(tmp_path / "missing" / "out.csv"))
    assert proc.returncode == 1 and "missing" in proc.stderr.decode()


def test_cli_broken_pipe_is_quiet(jncli, tmp_path):
    src = tmp_path / "big.csv"
    src.write_text("a\n" + "济宁\n" * 200_000, encoding="utf-8")
    for fmt in ("csv", "json", "markdown"):
        proc = jncli.sh(f"jncli cat -f {fmt} {src} | head -1")
        assert proc.returncode == 0 and proc.stderr == b"", (fmt, proc.stderr.decode())


def _widths_as_displayed(frame: pl.DataFrame, headers: list[str]) -> list[float]:
    """The xlsx column widths measured on the display text itself (what `_column_widths` did before it measured
    the text before the display fix-ups, and skipped the wide-character count on ASCII-only columns)."""
    from jncli.tableio.cells import _display_text, _is_number

    text = _display_text(frame)
    wide = writer._WIDE
    widths = text.select(
        (pl.col(n).str.len_chars() + pl.col(n).str.count_matches(wide)).max().fill_null(0) for n in text.columns
    ).row(0)
    head = pl.Series(headers, dtype=pl.String)
    head_widths = (head.str.len_chars() + head.str.count_matches(wide)).to_list()
    extra = [0.3 if _is_number(d) else 0 for d in frame.dtypes]
    return [min(60.0, max(6.0, max(w or 0, h) * (1 + e) + 2)) for w, h, e in zip(widths, head_widths, extra)]


_CELL_TEXT = st.text(
    alphabet=st.sampled_from(list("a 1\t\r\n\x00\x07\x1b\x7f济宁市；（）ＡＢ\ufffd한ぁ🀄é")), max_size=12
)


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(st.one_of(st.none(), _CELL_TEXT), min_size=0, max_size=6),
    lists=st.lists(st.one_of(st.none(), st.lists(_CELL_TEXT, max_size=3)), min_size=0, max_size=6),
    numbers=st.lists(st.one_of(st.none(), st.integers(-(10**12), 10**12)), min_size=0, max_size=6),
    heads=st.lists(_CELL_TEXT, min_size=9, max_size=9),
)
def test_xlsx_widths_equal_the_display_text_widths(texts, lists, numbers, heads):
    n = min(len(texts), len(lists), len(numbers))
    frame = pl.DataFrame(
        {
            "t": pl.Series(texts[:n], dtype=pl.String),
            "l": pl.Series(lists[:n], dtype=pl.List(pl.String)),
            "i": pl.Series(numbers[:n], dtype=pl.Int64),
            "f": pl.Series([None if x is None else x / 7 for x in numbers[:n]], dtype=pl.Float64),
            "m": pl.Series(
                [None if x is None else Decimal(x).scaleb(-6) for x in numbers[:n]], dtype=pl.Decimal(38, 6)
            ),
            "d": pl.Series([None if x is None else dt.date(2023, 1, 1) for x in numbers[:n]], dtype=pl.Date),
            "b": pl.Series([None if x is None else x > 0 for x in numbers[:n]], dtype=pl.Boolean),
            "c": pl.Series(texts[:n], dtype=pl.Categorical),
            "s": pl.Series([{"k": t} for t in texts[:n]], dtype=pl.Struct({"k": pl.String})),
        }
    )
    assert writer._column_widths(frame, heads) == _widths_as_displayed(frame, heads)
    assert writer._column_widths(frame) == _widths_as_displayed(frame, frame.columns)
    # a workbook's sheets measured in one polars call: each sheet its own widths, in order
    others = [frame.select(frame.columns[::-1]), frame.head(1), pl.DataFrame(), frame.select("t", "m").tail(2)]
    assert writer._sheets_column_widths([(frame, heads), *((f, None) for f in others)]) == [
        _widths_as_displayed(frame, heads),
        *(_widths_as_displayed(f, f.columns) if f.width else [] for f in others),
    ]


def test_parquet_bytes_do_not_depend_on_how_polars_split_the_frame(tmp_path):
    # A ledger built by pl.concat holds its columns in differently cut chunks; written as they are, the
    # file's pages followed the chunks, so `verify` called a folder written by another version "not
    # reproducible" over equal values (found by review). One chunk per column: the bytes follow the values.
    n = 20_000
    measure = pl.concat([pl.DataFrame({"measure": [f"m{i % 7}" for i in range(n)]})] * 6, rechunk=False)
    award = pl.concat([pl.DataFrame({"award": list(range(n * 6 // 8))})] * 8, rechunk=False)
    pieces = pl.concat([measure, award], how="horizontal")
    assert pieces.n_chunks("all") == [6, 8]
    write_file(pieces, str(tmp_path / "pieces.parquet"))
    write_file(pieces.rechunk(), str(tmp_path / "whole.parquet"))
    assert (tmp_path / "pieces.parquet").read_bytes() == (tmp_path / "whole.parquet").read_bytes()


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_bytes_at_any_depth_are_written_to_json_as_the_csv_writes_them(jncli, tmp_path, fmt):
    # another tool's Parquet with bytes in a struct, a list, an array and a column: polars' JSON writer
    # panicked ("not yet implemented: Writing BinaryView to JSON") with a Rust backtrace and a traceback
    pl.DataFrame({"id": [1, 2]}).with_columns(
        st=pl.when(pl.col("id") == 1).then(
            pl.struct(pl.lit(b"ab").alias("b"), pl.lit(7).alias("n"), pl.struct(pl.lit(b"\xff").alias("x")).alias("in"))
        ),
        l=pl.concat_list(pl.lit(b"ab"), pl.lit(None, dtype=pl.Binary)),
        a=pl.concat_list(pl.lit(b"q")).list.to_array(1),
        b=pl.lit(b"a\x00b"),
    ).write_parquet(tmp_path / "t.parquet")
    proc = jncli("cat", "t.parquet", "--format", fmt, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode()
    rows = json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
    assert rows[0] == {
        "id": 1,
        "st": {"b": "6162", "n": 7, "in": {"x": "ff"}},
        "l": ["6162", None],
        "a": ["71"],
        "b": "610062",
    }
    assert rows[1]["st"] is None
    # the CSV writer encodes a struct as JSON: it panicked the same way; bytes are hex as in a Binary column
    csv = jncli("cat", "t.parquet", "--format", "csv", cwd=tmp_path)
    assert csv.returncode == 0, csv.stderr
    assert csv.stdout.decode().splitlines()[1] == '1,"{""b"":""6162"",""n"":7,""in"":{""x"":""ff""}}",6162,71,610062'
    for fmt in ("markdown", "xlsx"):
        assert jncli("cat", "t.parquet", "-o", f"t.{fmt}", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("fmt", ["csv", "tsv", "markdown", "table", "xlsx"])
def test_a_null_struct_is_an_empty_cell_as_every_null(jncli, tmp_path, fmt):
    # another tool's Parquet with a struct column: its null was written as the text `null` (json_encode's),
    # every other null as an empty cell; a struct of null fields is not null and keeps its JSON
    pl.DataFrame(
        {"id": [1, 2, 3], "s": [{"x": 1, "y": "q"}, None, {"x": None, "y": None}], "n": [5, None, 7]},
        schema={"id": pl.Int64, "s": pl.Struct({"x": pl.Int64, "y": pl.String}), "n": pl.Int64},
    ).write_parquet(tmp_path / "s.parquet")
    if fmt == "xlsx":
        assert jncli("cat", "s.parquet", "-o", "s.xlsx", cwd=tmp_path).returncode == 0
        import openpyxl

        cells = [list(r) for r in openpyxl.load_workbook(tmp_path / "s.xlsx").active.iter_rows(values_only=True)]
        assert cells[1:] == [[1, '{"x":1,"y":"q"}', 5], [2, None, None], [3, '{"x":null,"y":null}', 7]]
        return
    proc = jncli("cat", "s.parquet", "-f", fmt, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode()
    assert "null" not in text.replace('"x":null', "").replace('"y":null', "").replace('""x"":null', "").replace(
        '""y"":null', ""
    )
    if fmt == "csv":
        assert text.splitlines() == [
            "id,s,n",
            '1,"{""x"":1,""y"":""q""}",5',
            "2,,",
            '3,"{""x"":null,""y"":null}",7',
        ]
    if fmt == "tsv":
        assert text.splitlines()[2] == "2\t\t"


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(st.one_of(st.none(), _CELL_TEXT), min_size=0, max_size=30),
    numbers=st.lists(st.one_of(st.none(), st.integers(-(10**12), 10**12)), min_size=0, max_size=30),
    sheets=st.integers(1, 3),
)
def test_workbook_rows_kept_in_memory_give_the_bytes_of_xlsxwriters_file(texts, numbers, sheets):
    """`write_workbook` with small sheets' rows in a `StringIO` (`xlsxsheet.rows_in_memory`), with every sheet's rows in
    xlsxwriter's own temporary file, and with none of the xlsxwriter 3.3 paths (its own escapes and decorated cell
    writers too): the same bytes; no temporary file is left either way."""
    import tempfile

    import xlsxwriter

    assert xlsxsheet.known(xlsxwriter)
    n = min(len(texts), len(numbers))
    frame = pl.DataFrame(
        {
            "t": pl.Series(texts[:n], dtype=pl.String),
            "i": pl.Series(numbers[:n], dtype=pl.Int64),
            "m": pl.Series(
                [None if x is None else Decimal(x).scaleb(-2) for x in numbers[:n]], dtype=pl.Decimal(38, 2)
            ),
            "d": pl.Series([None if x is None else dt.date(2023, 1, 1) for x in numbers[:n]], dtype=pl.Date),
            "b": pl.Series([None if x is None else x > 0 for x in numbers[:n]], dtype=pl.Boolean),
        }
    )
    book = [(f"表{i}", frame.head(n - i) if i else frame, None) for i in range(sheets)]
    book.append(
        ("escapes", pl.DataFrame({"t": pl.Series([t for t in texts[:n] if t is not None], dtype=pl.String)}), None)
    )
    with tempfile.TemporaryDirectory() as folder:
        written = {}
        old_dir, old_cells = tempfile.tempdir, xlsxsheet.ROWS_IN_MEMORY_CELLS
        try:
            tempfile.tempdir = os.path.join(folder, "tmp")
            os.mkdir(tempfile.tempdir)
            for cells in (old_cells, n * 5 - 1, -1, None):  # all in memory; the first sheet in its file; none;
                xlsxsheet.ROWS_IN_MEMORY_CELLS = -1 if cells is None else cells  # none, and xlsxwriter's escapes
                versions = xlsxsheet.KNOWN
                xlsxsheet.KNOWN = () if cells is None else versions
                try:
                    out = os.path.join(folder, f"{cells}.xlsx")
                    writer.write_workbook(out, book, money_format="#,##0.00")
                finally:
                    xlsxsheet.KNOWN = versions
                written[cells] = Path(out).read_bytes()
                assert os.listdir(tempfile.tempdir) == []
        finally:
            tempfile.tempdir, xlsxsheet.ROWS_IN_MEMORY_CELLS = old_dir, old_cells
    assert written[old_cells] == written[-1] == written[n * 5 - 1] == written[None]


@example("a\ufffeb")
@example("\uffff")
@example("x_x00aF_y")
@example("tab\tnew\nline\x01")
@example("济宁_X0041_")
@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(
            alphabet=st.sampled_from(list("_xX0aF9gG a\t\n\r\x00\x01\x0b\x1f\x7f济\ufffe\uffff\ufffd")), max_size=14
        ),
        st.from_regex(r"[ab]?_x[0-9a-fA-F]{4}_[ab]?", fullmatch=True),
        st.integers(),
        st.none(),
    )
)
def test_xlsx_text_escapes_as_xlsxwriter_escapes_it(data):
    """`xlsxsheet.escape_controls` answers as xlsxwriter's `_escape_control_characters`: `_xHHHH_` (escaped again),
    control characters, U+FFFE / U+FFFF, and text or values with none of them (returned as they are)."""
    from xlsxwriter.xmlwriter import XMLwriter

    assert xlsxsheet.escape_controls(data) == XMLwriter._escape_control_characters(data)


def test_workbook_rows_in_memory_only_for_the_freshly_opened_row_file():
    """`xlsxsheet.rows_in_memory` leaves a sheet alone unless its rows go to xlsxwriter's fresh row file
    (constant_memory mode): a sheet of a workbook in memory mode, one already written to, one whose file xlsxwriter
    closed."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    ws = wb.add_worksheet()
    xlsxsheet.rows_in_memory(ws)
    assert ws.row_data_fh is None
    wb = xlsxwriter.Workbook(io.BytesIO(), writer._XLSX_OPTIONS)
    fresh, written, closed = wb.add_worksheet(), wb.add_worksheet(), wb.add_worksheet()
    written.write_string(0, 0, "x")
    written.write_string(1, 0, "y")  # the first row is in the file now
    closed._opt_close()
    files = [s.row_data_fh for s in (fresh, written, closed)]
    for s in (fresh, written, closed):
        xlsxsheet.rows_in_memory(s)
    assert isinstance(fresh.row_data_fh, io.StringIO) and fresh.fh is fresh.row_data_fh and files[0].closed
    assert written.row_data_fh is files[1] and closed.row_data_fh is files[2]
    closed._opt_reopen()
    wb.close()
