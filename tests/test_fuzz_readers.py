"""A bounded fuzz test of the readers: whatever the bytes, jncli answers with a documented exit status,
one line on stderr and no traceback, leaves no output file when it fails, and answers quickly.

The commands run in-process (`jncli.cli.main`, as the console script calls it) so that a few hundred
inputs take seconds; the CLI tests elsewhere run the real binary. The inputs: raw bytes, text made of
the characters that matter to CSV (separators, quotes, line ends, the formula triggers, CJK, a BOM),
JSON-like text, and gzip/zstd/xlsx containers holding them or cut short.
"""

from __future__ import annotations

import gzip
import io
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jncli import cli

CSV_CHARS = list(",;\t\"'\r\n =+-@.%") + list("ab01") + ["任城区", "万元", "\ufeff", "\x00", "\u00a0", "９"]
HEADERS = ["county", "year", "online_retail", "县市区", "年份", "网络零售额(万元)", "统一社会信用代码", 'a"b']


def _csv_text() -> st.SearchStrategy[bytes]:
    cell = st.lists(st.sampled_from(CSV_CHARS), max_size=8).map("".join)
    header = st.lists(st.sampled_from(HEADERS) | cell, min_size=1, max_size=6)
    rows = st.lists(st.lists(cell, min_size=0, max_size=7), max_size=8)
    sep = st.sampled_from([",", "\t", ";"])
    end = st.sampled_from(["\n", "\r\n", "\r"])
    enc = st.sampled_from(["utf-8", "gb18030", "utf-16"])

    def build(h, rs, s, e, encoding):
        text = e.join(s.join(r) for r in [h, *rs]) + e
        try:
            return text.encode(encoding)
        except UnicodeEncodeError:
            return text.encode("utf-8")

    return st.builds(build, header, rows, sep, end, enc)


def _json_text() -> st.SearchStrategy[bytes]:
    scalar = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6)
    record = st.dictionaries(st.sampled_from(HEADERS) | st.text(max_size=4), scalar, max_size=5)
    nested = st.recursive(record, lambda inner: st.dictionaries(st.text(max_size=3), inner, max_size=3), max_leaves=6)
    import json

    many = st.lists(nested, max_size=5)
    return st.one_of(
        many.map(lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8")),
        many.map(lambda v: "\n".join(json.dumps(r) for r in v).encode("utf-8")),
        st.text(alphabet='[]{}":,0123abe \n', max_size=40).map(str.encode),
    )


def _xlsx_bytes() -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf)
    ws = wb.add_worksheet()
    for r, row in enumerate([["county", "year", "online_retail"], ["任城区", 2023, 12.5], ["兖州区", 2022, "x"]]):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    wb.close()
    return buf.getvalue()


XLSX = _xlsx_bytes()


def _containers(inner: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    import zstandard

    cut = st.integers(min_value=0, max_value=200)
    flip = st.tuples(st.integers(min_value=0, max_value=4000), st.integers(min_value=1, max_value=255))

    def corrupt(data: bytes, where: tuple[int, int]) -> bytes:
        i, x = where
        if not data:
            return data
        b = bytearray(data)
        b[i % len(b)] ^= x
        return bytes(b)

    return st.one_of(
        inner,
        inner.map(gzip.compress),
        st.builds(lambda d, n: gzip.compress(d)[: max(n, 2)], inner, cut),
        st.builds(corrupt, inner.map(gzip.compress), flip),
        inner.map(lambda d: zstandard.ZstdCompressor().compress(d)),
        st.builds(lambda d, n: zstandard.ZstdCompressor().compress(d)[: max(n, 4)], inner, cut),
        st.builds(corrupt, st.just(XLSX), flip),
        st.builds(lambda n: XLSX[: n * 20], cut),
    )


INPUTS = _containers(st.one_of(_csv_text(), _json_text(), st.binary(max_size=300)))
COMMANDS = st.sampled_from([["cat"], ["cat", "--as", "counties"], ["cat", "--as", "enterprises"]])


@settings(
    max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", "120")),
    deadline=None,  # bounded below, per example, with a margin for a busy 2-core machine
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=not __import__("os").environ.get("FUZZ_EXAMPLES"),
)
@given(data=INPUTS, command=COMMANDS, name=st.sampled_from(["in.csv", "in.json", "in.xlsx", "in.gz", "in"]))
def test_any_bytes_give_a_documented_answer(tmp_path_factory, capsys, data, command, name):
    folder = tmp_path_factory.mktemp("fuzz")
    source = folder / name
    source.write_bytes(data)
    out = folder / "out.csv"
    started = time.monotonic()
    with pytest.raises(SystemExit) as ended:
        cli.main([*command, str(source), "-o", str(out)])
    elapsed = time.monotonic() - started
    code = ended.value.code
    err = capsys.readouterr().err
    assert code in (0, 1, 2, 3), (code, err)
    assert "Traceback" not in err, err
    assert "rerun with --debug" not in err, f"an internal error, not a precise message: {err}"
    lines = err.splitlines()
    assert all(len(line) <= 1400 for line in lines), err[:2000]
    if code == 0:
        assert out.is_file()
    else:
        assert err.strip(), "a failure says why"
        assert not out.exists(), "no output file on failure"
    assert sorted(p.name for p in folder.iterdir()) == sorted({name, "out.csv"} & {p.name for p in folder.iterdir()})
    assert elapsed < 10, f"{elapsed:.1f} s for {len(data)} bytes"
