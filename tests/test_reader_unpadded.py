"""The text reader's proof that no cell has whitespace at either end (`padding._unpadded`, `Table.unpadded`), and
conform's text columns without the strip where it holds (`convert._unpadded_text`): the same frames as with
the strip, for every whitespace character polars strips and every form of CSV jncli reads."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from jncli.tableio import conform, padding, read_table

HEADER = "credit_code,name,county,year,in_statistics,is_trade,online_retail,national_title"
ROWS = [
    "91370800MA00000014,合成企业1,济宁市邹城市,2023,是,是,1362.270000,",
    "91370800MA00000027,合成企业2,济宁高新技术开发区,2023,否,是,,国家级电商示范企业",
    "91370800MA00000030,合成企业3,-,2022,是,否,12.5,无",
    "91370800MA00000043,,济宁市泗水县,2023,是,是,0,",
]

# Every character polars' `strip_chars()` takes off (Unicode White_Space; `test_the_padding_set_is_polars_strip`)
WHITESPACE = [
    "\t",
    "\n",
    "\x0b",
    "\x0c",
    "\r",
    " ",
    "\x85",
    "\xa0",
    "\u1680",
    *[chr(c) for c in range(0x2000, 0x200B)],
    "\u2028",
    "\u2029",
    "\u202f",
    "\u205f",
    "\u3000",
]


def _write(tmp_path: Path, body: str, name: str = "e.csv", encoding: str = "utf-8", newline: str = "\n") -> str:
    p = tmp_path / name
    p.write_bytes(body.replace("\n", newline).encode(encoding))
    return str(p)


def _conformed(path: str, monkeypatch=None, prove: bool = True) -> tuple[pl.DataFrame, bool]:
    if not prove:
        monkeypatch.setattr(padding, "_unpadded", lambda raw, sep, skip, **_: False)
    table = read_table(path)
    unpadded = table.unpadded is not None and table.unpadded()
    out = conform(table, "enterprises")
    if not prove:
        monkeypatch.undo()
    return out.drop("_source"), unpadded


def _both(path: str, monkeypatch) -> tuple[pl.DataFrame, bool]:
    """The frame conformed with the proof as made, equal to the frame conformed with the strip everywhere."""
    fast, unpadded = _conformed(path)
    slow, proven = _conformed(path, monkeypatch, prove=False)
    assert not proven
    assert fast.equals(slow)
    assert fast.schema == slow.schema
    return fast, unpadded


def test_the_padding_set_is_polars_strip():
    """`WHITESPACE` is what polars strips, and every one of them starts with a byte of `padding._PADDING`."""
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    stripped = pl.Series([f"{c}a{c}" for c in chars]).str.strip_chars()
    assert [c for c, s in zip(chars, stripped) if s != f"{c}a{c}"] == WHITESPACE
    for c in WHITESPACE:
        if c != "\n":  # a line break in a cell is quoted: the quote is in `_PADDING`
            assert c.encode()[:1] in padding._PADDING, repr(c)


def test_a_clean_file_is_proven_and_conforms_as_with_the_strip(tmp_path, monkeypatch):
    out, unpadded = _both(_write(tmp_path, "\n".join([HEADER, *ROWS]) + "\n"), monkeypatch)
    assert unpadded
    assert out.get_column("county").to_list() == ["济宁市邹城市", "济宁高新技术开发区", None, "济宁市泗水县"]
    assert out.get_column("national_title").to_list() == [None, "国家级电商示范企业", None, None]
    assert out.get_column("name").to_list() == ["合成企业1", "合成企业2", "合成企业3", None]


@pytest.mark.parametrize("ws", [c for c in WHITESPACE if c not in "\n\r"], ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("where", ["start", "end"])
def test_any_padded_cell_is_stripped(tmp_path, monkeypatch, ws, where):
    name = f"{ws}合成企业9" if where == "start" else f"合成企业9{ws}"
    county = f"{ws}无" if where == "start" else f"无{ws}"  # a not-applicable mark padded: empty
    rows = [*ROWS, f"91370800MA00000056,{name},{county},2023,是,是,1,"]
    out, unpadded = _both(_write(tmp_path, "\n".join([HEADER, *rows]) + "\n"), monkeypatch)
    assert not unpadded
    assert out.row(-1, named=True)["name"] == "合成企业9"
    assert out.row(-1, named=True)["county"] is None


def test_a_quoted_line_break_is_stripped(tmp_path, monkeypatch):
    rows = [*ROWS, '91370800MA00000056,"合成企业9\n",济宁市泗水县,2023,是,是,1,']
    out, unpadded = _both(_write(tmp_path, "\n".join([HEADER, *rows]) + "\n"), monkeypatch)
    assert not unpadded
    assert out.get_column("name").to_list()[-1] == "合成企业9"


def test_a_quote_alone_is_not_proven(tmp_path, monkeypatch):
    rows = [*ROWS, '91370800MA00000056,"合成企业9",济宁市泗水县,2023,是,是,1,']
    out, unpadded = _both(_write(tmp_path, "\n".join([HEADER, *rows]) + "\n"), monkeypatch)
    assert not unpadded
    assert out.get_column("name").to_list()[-1] == "合成企业9"


def test_crlf_is_not_proven_and_conforms_alike(tmp_path, monkeypatch):
    out, unpadded = _both(_write(tmp_path, "\n".join([HEADER, *ROWS]) + "\n", newline="\r\n"), monkeypatch)
    assert not unpadded
    assert out.get_column("national_title").to_list() == [None, "国家级电商示范企业", None, None]


def test_gb18030_is_proven_on_its_utf8_bytes(tmp_path, monkeypatch):
    clean = "\n".join([HEADER, *ROWS]) + "\n"
    utf8, _ = _conformed(_write(tmp_path, clean))
    out, unpadded = _both(_write(tmp_path, clean, "g.csv", encoding="gb18030"), monkeypatch)
    assert unpadded
    assert out.equals(utf8)
    padded = clean.replace("合成企业2", "合成企业2\u3000")
    out, unpadded = _both(_write(tmp_path, padded, "p.csv", encoding="gb18030"), monkeypatch)
    assert not unpadded
    assert out.equals(utf8)


def test_big_gb18030_file_through_its_transcoded_copy(tmp_path, monkeypatch):
    """Past the sniffed sample a GB18030 file is transcoded to a temporary file: proven there, before it goes."""
    rows = [f"91370800MA{i:08d},合成企业{i},济宁市邹城市,2023,是,是,{i}.5," for i in range(6000)]
    clean = "\n".join([HEADER, *rows]) + "\n"
    out, unpadded = _both(_write(tmp_path, clean, "g.csv", encoding="gb18030"), monkeypatch)
    assert unpadded and out.height == 6000
    padded = clean.replace("合成企业5999,", "合成企业5999 ,")
    out, unpadded = _both(_write(tmp_path, padded, "p.csv", encoding="gb18030"), monkeypatch)
    assert not unpadded
    assert out.get_column("name").to_list()[-1] == "合成企业5999"


def test_formula_escapes_and_empty_cells(tmp_path, monkeypatch):
    rows = [*ROWS, "91370800MA00000056,'=合成企业9,,2023,是,是,,", ",,,,,,,"]
    out, unpadded = _both(_write(tmp_path, "\n".join([HEADER, *rows]) + "\n"), monkeypatch)
    assert unpadded
    assert out.row(-1, named=True)["name"] == "=合成企业9"
    assert out.row(-1, named=True)["county"] is None
    assert out.height == 5  # the row of empty cells is no record


def test_an_escaped_padded_cell_is_stripped(tmp_path, monkeypatch):
    rows = [*ROWS, "91370800MA00000056,'= 合成企业9 ,,2023,是,是,,"]
    out, unpadded = _both(_write(tmp_path, "\n".join([HEADER, *rows]) + "\n"), monkeypatch)
    assert not unpadded
    assert out.row(-1, named=True)["name"] == "= 合成企业9"


def test_title_and_header_are_not_data(tmp_path, monkeypatch):
    """Whitespace in a title line above the header or in the header's own cells proves nothing about the cells."""
    body = "\n".join(["2023 年 企业 名单", HEADER.replace("name", "企业 名称"), *ROWS]) + "\n"
    out, unpadded = _both(_write(tmp_path, body), monkeypatch)
    assert unpadded
    assert out.get_column("name").to_list() == ["合成企业1", "合成企业2", "合成企业3", None]
    body = "\n".join(["2023 年 企业 名单", HEADER, *ROWS[:-1], ROWS[-1].replace("济宁市泗水县", " 济宁市泗水县")])
    out, unpadded = _both(_write(tmp_path, body), monkeypatch)
    assert not unpadded
    assert out.get_column("county").to_list()[-1] == "济宁市泗水县"


def test_tab_separated(tmp_path, monkeypatch):
    tsv = "\n".join(line.replace(",", "\t") for line in [HEADER, *ROWS]) + "\n"
    out, unpadded = _both(_write(tmp_path, tsv, "e.tsv"), monkeypatch)
    assert unpadded  # a tab that separates is no cell's
    padded = tsv.replace("合成企业2", " 合成企业2")
    out, unpadded = _both(_write(tmp_path, padded, "p.tsv"), monkeypatch)
    assert not unpadded
    assert out.get_column("name").to_list()[1] == "合成企业2"


def test_stdin_bytes_one_row_and_no_rows(tmp_path, monkeypatch):
    out, unpadded = _both(_write(tmp_path, f"{HEADER}\n{ROWS[0]}"), monkeypatch)  # no final line break
    assert unpadded and out.height == 1
    table = read_table(_write(tmp_path, f"{HEADER}\n", "h.csv"))
    assert not table.unpadded
    assert padding._unpadded(f"{HEADER}\n{ROWS[0]}\n".encode(), ",", 0)
    assert not padding._unpadded(f"{HEADER}\n{ROWS[0]} \n".encode(), ",", 0)
    assert not padding._unpadded(HEADER.encode(), ",", 0)  # no line after the header


def test_shuffled_rows_conform_alike(tmp_path, monkeypatch):
    rows = [
        f"91370800MA{i:08d},合成企业{i % 97},济宁市{'邹城市' if i % 3 else '-'},2023,是,否,{i}.25," for i in range(500)
    ]
    order = pl.Series(range(500)).shuffle(seed=3).to_list()
    out, unpadded = _both(_write(tmp_path, "\n".join([HEADER, *(rows[i] for i in order)]) + "\n"), monkeypatch)
    assert unpadded
    assert out.get_column("_row").to_list() == list(range(2, 502))
    assert out.get_column("name").to_list() == [f"合成企业{i % 97}" for i in order]


def test_the_strip_is_left_out_only_where_proven(tmp_path, monkeypatch):
    """conform takes `_unpadded_text` for the text columns of a proven table, `values.text` (the strip) otherwise."""
    from jncli.tableio import convert

    taken: list[str] = []
    real = convert._unpadded_text

    def spy(src: pl.Expr) -> pl.Expr:
        taken.append(src.meta.output_name())
        return real(src)

    monkeypatch.setattr(convert, "_unpadded_text", spy)
    conform(read_table(_write(tmp_path, "\n".join([HEADER, *ROWS]) + "\n")), "enterprises")
    assert sorted(taken) == ["county", "credit_code", "name", "national_title"]
    taken.clear()
    conform(
        read_table(_write(tmp_path, "\n".join([HEADER, *ROWS, ROWS[0].replace("合成", "合 成")]), "p.csv")),
        "enterprises",
    )
    assert taken == []
    expr = convert._convert("name", convert.schemas.SCHEMAS["enterprises"].column("name"), pl.String, 1.0, "csv")
    assert "strip_chars" in str(expr.expr)
    expr = convert._convert(
        "name", convert.schemas.SCHEMAS["enterprises"].column("name"), pl.String, 1.0, "csv", unpadded=lambda: True
    )
    assert "strip_chars" not in str(expr.expr)


def test_a_file_on_disk_is_looked_at_only_when_asked(tmp_path, monkeypatch):
    """The proof of a file on disk runs once, when conform strips a text column; never for raw text columns."""
    calls: list[object] = []
    real = padding._unpadded
    monkeypatch.setattr(
        padding, "_unpadded", lambda raw, sep, skip, **kw: calls.append(raw) or real(raw, sep, skip, **kw)
    )
    rows = [f"91370800MA{i:08d},合成企业{i},济宁市邹城市,2023,是,是,{i}.5," for i in range(6000)]  # past the sample
    path = _write(tmp_path, "\n".join([HEADER, *rows]) + "\n")
    table = read_table(path)
    assert calls == []
    conform(table, "enterprises", raw_text=("credit_code", "name", "county", "national_title"))
    assert calls == []
    conform(read_table(path), "enterprises")
    assert calls == [path]


def test_a_file_rewritten_after_it_was_read_is_not_proven(tmp_path):
    """The proof of a file on disk runs when conform asks: a file changed since polars read it (here padded cells
    then, none now) proves nothing, and its cells keep the strip."""
    rows = [f"91370800MA{i:08d},合成企业{i},济宁市邹城市,2023,是,是,{i}.5," for i in range(6000)]  # past the sample
    path = _write(tmp_path, "\n".join([HEADER, *[r.replace("合成", " 合成") for r in rows]]) + "\n")
    table = read_table(path)
    _write(tmp_path, "\n".join([HEADER, *rows]) + "\n")  # rewritten in place, after the read
    assert table.unpadded is not None and not table.unpadded()
    names = conform(table, "enterprises")["name"]
    assert names[0] == "合成企业0" and not names.str.starts_with(" ").any()
