"""Two whitespace functions with a fast path for text that holds nothing to change (branch annual8):
`schema.normalize_header` (a header's matching key, ~2,600 keys a yearly run) and `messages.normal` (the message
table's ~2,100 texts a Chinese report loads). Each must answer what its former one-liner answered, on every code
point, on generated text, and on what jncli feeds it (the schemas' aliases, the table's texts)."""

from __future__ import annotations

import re
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from jncli import schema as schemas
from jncli.headerkey import normalize_header
from jncli.messages import normal, table

# Characters around the fast paths' edges: every whitespace `str.split` and `\s` know, the separators (their
# full-width forms too), controls, marks NFKC folds, letters that lower() changes.
_EDGES = [chr(c) for c in range(sys.maxunicode + 1) if re.match(r"\s", chr(c)) or chr(c).isspace()]
_EDGES += list("_-·:：＿－  ​\x00\x7f\u200b\u00ad\ufeffaA甲（）()ＡⅠﬁ\u0301é")


def _key_before(text: str) -> str:
    """normalize_header as it was (main at 9ee32f7), verbatim."""
    t = unicodedata.normalize("NFKC", text).strip().lower()
    return re.sub(r"[\s_\-·:：]+", "", t)


def _normal_before(text: str) -> str:
    return " ".join(text.split())


def test_every_whitespace_but_the_space_is_not_printable():
    """What both fast paths rest on: `isprintable()` is False for every character `\\s` or `str.split` takes
    as whitespace, the space apart."""
    for c in _EDGES:
        if (re.match(r"\s", c) or c.isspace()) and c != " ":
            assert not c.isprintable(), hex(ord(c))


def test_a_header_key_of_every_code_point_is_as_before():
    for code in range(sys.maxunicode + 1):
        for text in (chr(code), f"a{chr(code)}b"):
            assert normalize_header.__wrapped__(text) == _key_before(text), hex(code)


def test_the_schemas_aliases_and_qualified_forms_key_as_before():
    texts = {a for s in schemas.SCHEMAS.values() for c in s.columns for a in (c.name, *c.aliases)}
    texts |= {q for qs in schemas.QUALIFIED.values() for q in qs}
    texts |= {f"{a}（万元）" for a in texts} | {f" {a}_上年 " for a in texts}
    assert len(texts) > 900
    for text in texts:
        assert normalize_header(text) == _key_before(text), text


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(_EDGES), max_size=12))
def test_a_generated_header_keys_as_before(text):
    assert normalize_header.__wrapped__(text) == _key_before(text)


def test_a_message_of_every_code_point_is_normal_as_before():
    for code in range(sys.maxunicode + 1):
        for text in (chr(code), f"a{chr(code)}b", f"a{chr(code)} b"):
            assert normal(text) == _normal_before(text), hex(code)


def test_the_message_table_is_normal_as_before():
    for en, zh in table().items():
        assert normal(en) == _normal_before(en)
        assert normal(zh) == _normal_before(zh)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(_EDGES), max_size=12))
def test_a_generated_message_is_normal_as_before(text):
    assert normal(text) == _normal_before(text)


def _qualified_before(aliases: tuple[str, ...], qualifiers: tuple[str, ...]) -> list[str]:
    """schema._qualified as it was (main at 9ee32f7), verbatim."""
    out: list[str] = []
    for a in aliases:
        if re.search(r"[\u4e00-\u9fff]", a):
            for q in qualifiers:
                out += [f"{q}{a}", f"{a}{q}", f"{a}({q})"]
    return out


_CJK_EDGES = list("\u4dff\u4e00\u4e01\u9ffe\u9fff\ua000aZ1（万元）上年") + ["\U00020000"]


def test_the_schemas_qualified_forms_are_as_before():
    for s in schemas.SCHEMAS.values():
        for c in s.columns:
            if c.qualified:
                qualifiers = schemas.QUALIFIED[c.qualified[0]]
                got = schemas._qualified(c.qualified[1], qualifiers)
                assert got == _qualified_before(c.qualified[1], qualifiers)
    for ch in _CJK_EDGES:  # each edge of the CJK block, alone and inside text
        for alias in (ch, f"ab{ch}", f"{ch}cd"):
            assert schemas._qualified((alias,), ("上年",)) == _qualified_before((alias,), ("上年",)), hex(ord(ch))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(_CJK_EDGES), max_size=4), max_size=4))
def test_generated_aliases_are_qualified_as_before(aliases):
    assert schemas._qualified(tuple(aliases), ("上年", "本年")) == _qualified_before(tuple(aliases), ("上年", "本年"))
