"""`credit_code.valid_expr` without its shape regex (issue 18, branch ae6): a byte outside the code's alphabet, or a
byte missing, makes a digit null and the code invalid; exactly 18 bytes are asked for. Compared with `problem` (the
plain Python check) and with the code it replaced (verbatim) on codes made to sit on the edges of that proof:
non-ASCII characters whose UTF-8 bytes add up to 18, letters left out of the alphabet (I O S V Z), lower case, a
line break at the end, 17 and 19 characters, and valid codes."""

from __future__ import annotations

import re

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from jncli import credit_code
from jncli.credit_code import _VALUE, _WEIGHTS, CHARSET


def _old_valid_expr(code):  # the replaced code, verbatim
    shape = code.str.contains("^[" + re.escape(CHARSET) + "]{18}$")
    table = pl.lit(pl.Series([_VALUE.get(chr(b), 0) for b in range(256)], dtype=pl.Int16))
    raw = code.cast(pl.Binary)
    digit = [table.gather(raw.bin.get(i, null_on_oob=True)) for i in range(18)]
    total = pl.sum_horizontal([d * w for d, w in zip(digit[:17], _WEIGHTS)])
    return (shape & (digit[17] == (31 - total % 31) % 31)).fill_null(False)


def _with_check(first17: str) -> str:
    return first17 + credit_code.check_char(first17)


BODY = st.text(alphabet=credit_code.CHARSET, min_size=17, max_size=17)
ODD = st.sampled_from(["I", "O", "S", "V", "Z", "a", "y", "\n", " ", "\x00", "é", "中", "𠀀", "Ａ", "-"])


@st.composite
def codes(draw):
    valid = _with_check(draw(BODY))
    kind = draw(st.integers(0, 6))
    if kind == 0:
        return valid
    if kind == 1:  # one character replaced by one outside the alphabet (any UTF-8 length)
        i = draw(st.integers(0, 17))
        return valid[:i] + draw(ODD) + valid[i + 1 :]
    if kind == 2:
        return valid + draw(ODD)
    if kind == 3:
        return valid[: draw(st.integers(0, 17))]
    if kind == 4:  # 18 bytes, fewer characters
        return draw(st.sampled_from(["中" * 6, "é" * 9, "𠀀" * 4 + "12", valid[:15] + "中", valid[:16] + "é"]))
    if kind == 5:
        return valid.lower()
    return draw(st.text(max_size=20))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.none(), codes()), min_size=1, max_size=30))
def test_valid_expr_agrees_with_is_valid(values):
    frame = pl.DataFrame({"c": values}, schema={"c": pl.String})
    got = frame.select(credit_code.valid_expr(pl.col("c")))["c"].to_list()
    assert got == [credit_code.problem(v) is None if v is not None else False for v in values]
    assert got == frame.select(_old_valid_expr(pl.col("c")))["c"].to_list()


def test_the_edges_by_name():
    valid = _with_check("91370800MA3C5X1A2")
    values = [valid, valid + "\n", valid[:17] + "中", "中" * 6, "é" * 9, valid[:17], valid + "1", valid.lower(), None]
    got = pl.DataFrame({"c": values}, schema={"c": pl.String}).select(credit_code.valid_expr(pl.col("c")))["c"]
    assert got.to_list() == [True] + [False] * 8
