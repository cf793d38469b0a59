"""JSON text a reader would silently change: a lone surrogate (`\\ud800`, half of a UTF-16 pair) and `true` /
`false` among the numbers of a nested key or an array (jncli/tableio/jsontext.py; docs/formats.md)."""

from __future__ import annotations

import json

import pytest

from jncli.tableio import jsontext, read_table

SURROGATE = "holds what is not a valid character: a lone surrogate"


@pytest.mark.parametrize(
    "name, text, row, key, shown, code",
    [
        # polars read `\ud800` as a NUL: `x<NUL>y`, exit 0
        ("s.json", '[{"企业名称":"x\\ud800y","a":1}]', 1, "企业名称", "x\\ud800y", "\\ud800"),
        ("s.json", '[{"企业名称":"甲","a":1},{"企业名称":"x\\uD83Dy","a":2}]', 2, "企业名称", "x\\ud83dy", "\\ud83d"),
        ("s.jsonl", '{"企业名称":"甲","a":1}\n\n{"企业名称":"x\\ud800","a":2}\n', 2, "企业名称", "x\\ud800", "\\ud800"),
        # a pretty-printed single object (Python's json read it, polars could not take the text)
        ("s.json", '{\n  "企业名称": "x\\udc00y",\n  "a": 1\n}\n', 1, "企业名称", "x\\udc00y", "\\udc00"),
        # a nested key, a key itself, an object inside an array (under the array's key), a pair written backwards
        ("s.json", '[{"a":{"b":"\\ud800"}}]', 1, "a/b", "\\ud800", "\\ud800"),
        ("s.json", '[{"a\\udfff":1}]', 1, "a\\udfff", "a\\udfff", "\\udfff"),
        ("s.json", '[{"l":[{"v":"ok"},{"v":"\\ude00\\ud83d"}]}]', 1, "l/v", "\\ude00\\ud83d", "\\ude00"),
        # an escaped backslash's text `\\ud800` before a lone low half: no pair
        ("s.json", '[{"a":"\\\\ud800\\udc00"}]', 1, "a", "\\ud800\\udc00", "\\udc00"),
    ],
)
def test_a_lone_surrogate_is_an_error_naming_file_record_and_key(jncli, tmp_path, name, text, row, key, shown, code):
    (tmp_path / name).write_text(text, "utf-8")
    proc = jncli("cat", name, "-o", "out.csv", cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and len(err.splitlines()) == 1, err
    assert f"{name} row {row}, key {key}: '{shown}' {SURROGATE} {code} (half of a UTF-16 pair" in err
    assert "Traceback" not in err and not (tmp_path / "out.csv").exists()


def test_a_lone_surrogate_is_named_in_chinese(jncli, tmp_path):
    (tmp_path / "s.json").write_text('[{"企业名称":"x\\ud800y","a":1}]', "utf-8")
    proc = jncli("cat", "s.json", cwd=tmp_path, env={"LC_ALL": None, "LANG": "zh_CN.UTF-8"})
    assert proc.returncode == 1
    assert "s.json 第1行，键 企业名称：'x\\ud800y' 中有不是有效字符的内容：孤立的代理项 \\ud800" in proc.stderr.decode()


def test_a_surrogate_pair_an_escaped_backslash_and_a_nul_are_read_as_written(jncli, tmp_path):
    # a pair is one character (😀); `\\ud800` is the text backslash-u-d-8-0-0; `\u0000` is a real character
    # (NUL), kept as written
    text = '[{"a":"x\\ud83d\\uDE00y","b":"\\\\ud800","c":"x\\u0000y"}]'
    (tmp_path / "p.json").write_text(text, "utf-8")
    proc = jncli("cat", "p.json", "-f", "csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode("utf-8").splitlines() == ["a,b,c", "x😀y,\\ud800,x\0y"]


def test_a_file_without_a_surrogate_escape_is_not_parsed_for_one(tmp_path, monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("parsed for a surrogate")

    monkeypatch.setattr(jsontext, "_refuse_lone_surrogates", refuse)
    path = tmp_path / "c.json"
    path.write_text('[{"a":"\\u4e2d\\ud7ff","b":"\\\\u00d8"}]', "utf-8")  # \ud7ff is below the surrogates
    assert read_table(str(path)).frame.drop("_row", "_source").collect().to_dicts() == [
        {"a": "中\ud7ff", "b": "\\u00d8"}
    ]
    # every surrogate escape in a pair (an emoji escaped, as `json.dumps` writes it): not parsed
    path.write_text('[{"a":"\\ud83d\\ude00x\\uD83D\\uDE00"},{"a":"\\ud800\\udfff"}]', "utf-8")
    assert read_table(str(path)).frame.select("a").collect().to_series().to_list() == ["😀x😀", "\U000103ff"]
    for escape in ("\\ud800", "\\uDBFF", "\\udc00", "\\uDfFf", "\\ud83d\\ud83d", "\\\\\\ud83d\\ude00"):
        path.write_text('[{"a":"' + escape + '"}]', "utf-8")
        with pytest.raises(AssertionError, match="parsed for a surrogate"):
            read_table(str(path))


def test_the_lone_surrogate_prefilter_passes_every_text_that_holds_one():
    # random strings of escapes and text: a lone surrogate in what Python's json reads is always seen by the
    # pre-filter; without a backslash right before a `\u` the pre-filter is exact
    import random

    from jncli.tableio.jsontext import _SURROGATE, _SURROGATE_ESCAPE, _may_hold_lone_surrogate

    rng = random.Random(18)
    pieces = ["\\ud800", "\\uDBFF", "\\udc00", "\\uDE00", "\\ud83d", "\\\\", "ud800", "udc00", "x", "\\u4e2d", "\\n"]
    for _ in range(20000):
        raw = ('[{"a":"' + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) + '"}]').encode()
        lone = _SURROGATE.search(json.loads(raw)[0]["a"]) is not None
        seen = _SURROGATE_ESCAPE.search(raw) is not None and _may_hold_lone_surrogate(raw)
        assert seen or not lone, raw
        if b"\\\\u" not in raw:
            assert seen == lone, raw


@pytest.mark.parametrize(
    "name, text, row, key, word, read",
    [
        # polars read these as 1 and 5, exit 0
        ("n.json", '[{"a":{"b":true}},{"a":{"b":5}}]', 1, "a/b", "true", 1),
        ("n.json", '[{"a":{"b":{"c":2.5}}},{"a":{"b":{"c":false}}}]', 2, "a/b/c", "false", 0),
        ("n.json", '[{"a":[5,2]},{"a":[true,5]}]', 2, "a", "true", 1),
        ("n.json", '[{"l":[{"x":1}]},{"l":[{"x":2},{"x":false}]}]', 2, "l/x", "false", 0),
        # beside a yes/no column inside the same object: one word more than its cells
        ("n.json", '[{"a":{"ok":true,"n":1}},{"a":{"ok":false,"n":true}}]', 2, "a/n", "true", 1),
        # JSON lines: polars stopped ("cannot parse 'true' (bool) as i64"), naming no record
        ("n.jsonl", '{"a":{"b":5}}\n{"a":{"b":true}}\n', 2, "a/b", "true", 1),
        ("n.jsonl", '{"a":[1.5]}\n{"a":[2,false]}\n', 2, "a", "false", 0),
        # one pretty-printed object: a list [5, true] became [5, 1]
        ("n.json", '{\n  "a": [5, true]\n}\n', 1, "a", "true", 1),
    ],
)
def test_yes_no_among_the_numbers_of_a_nested_key_or_an_array_is_an_error(
    jncli, tmp_path, name, text, row, key, word, read
):
    (tmp_path / name).write_text(text, "utf-8")
    proc = jncli("cat", name, "-o", "out.csv", cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and len(err.splitlines()) == 1, err
    assert f"{name} row {row}, key {key}: {word} in a column of numbers (jncli would read it as {read})" in err
    assert not (tmp_path / "out.csv").exists()


def test_nested_yes_no_values_and_words_in_text_are_read(jncli, tmp_path):
    text = '[{"a":{"ok":true,"n":1},"l":[true,false],"t":"true"},{"a":{"ok":false,"n":2},"l":[],"t":"x"}]'
    (tmp_path / "y.json").write_text(text, "utf-8")
    proc = jncli("cat", "y.json", "-f", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert [(r["a/ok"], r["a/n"], r["l"], r["t"]) for r in got] == [
        (True, 1, [True, False], "true"),
        (False, 2, [], "x"),
    ]


def test_a_nested_file_whose_words_are_all_yes_no_cells_is_not_parsed_again(tmp_path, monkeypatch):
    # each yes/no value, in a nested object or a list too, is one word: as many words as values proves
    # that none sits among numbers, and no record is looked at for one
    def refuse(*a, **k):
        raise AssertionError("looked at again")

    monkeypatch.setattr(jsontext, "_find_yes_no_in_records", refuse)
    path = tmp_path / "y.json"
    path.write_text('[{"a":{"ok":true,"n":1},"l":[true,null,false]},{"a":null,"l":[false]},{"a":{"n":2}}]', "utf-8")
    assert read_table(str(path)).frame.select("a/ok", "a/n").collect().rows() == [(True, 1), (None, None), (None, 2)]
    path.write_text('[{"a":{"ok":true,"n":1},"t":"true"}]', "utf-8")  # a word in a string: looked at
    with pytest.raises(AssertionError, match="looked at again"):
        read_table(str(path))


# ------------------------------------------------------------------ where a JSON file breaks
@pytest.mark.parametrize(
    "name, text, says",
    [
        # polars said "ExpectedObjectKey at character 8 ('}')", "InvalidEscape at character 1 ('q')": no line,
        # and an offset that was not where the mistake is
        ("t.json", '[{"a":1,}]', "line 1, column 9: not valid JSON: Expecting property name enclosed in double quotes"),
        ("t.json", '[{"a":"x\\q"}]', "line 1, column 9: not valid JSON: Invalid \\escape"),
        ("t.json", '[\n {"a":1},\n {"a" 2}\n]', "line 3, column 7: not valid JSON: Expecting ':' delimiter"),
        ("t.json", '[{"a":1}', "line 1, column 9: not valid JSON: Expecting ',' delimiter"),  # cut short
        ("t.jsonl", '{"a":1}\n\n{"a":2}\n{"a":\n', "line 4, column 6: not valid JSON: Expecting value"),
    ],
)
def test_a_json_syntax_error_names_its_line_and_column(jncli, tmp_path, name, text, says):
    (tmp_path / name).write_text(text, "utf-8")
    proc = jncli("cat", name, cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == b""
    assert proc.stderr.decode().startswith(f"jncli cat: {name} {says} (hint: look at the text there"), proc.stderr


def test_a_json_syntax_error_in_chinese(jncli, tmp_path):
    (tmp_path / "t.json").write_bytes('[{"县市区":"任城区",}]'.encode("gb18030"))
    proc = jncli("cat", "t.json", cwd=tmp_path, env={"JNCLI_LANG": "zh"})
    assert proc.returncode == 1
    assert proc.stderr.decode().startswith(
        "jncli cat: t.json 第 1 行第 15 列：不是有效的 JSON："
        "此处应为双引号括起的键名（多了一个逗号？）（提示：请检查该处文本"
    ), proc.stderr
