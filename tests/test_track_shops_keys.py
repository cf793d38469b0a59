"""The key check's one-regex test of shop_id (branch pq5) against the two tests it stands for: the key as the
reader conforms it (`_as_conformed`: not empty, no spaces around it — `str.strip_chars`) and the reader's
id-form marks (`excel_number_mark`: E+, e+, =", ')."""

from __future__ import annotations

import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jncli.rules.shops.keys import _as_conformed, _conformed_unmarked
from jncli.tableio.checks import EXCEL_NUMBER_MARKS, ID_FORM_MARKS, excel_number_mark

MARKS = (*EXCEL_NUMBER_MARKS, *ID_FORM_MARKS)


def _both(values: list[str | None]) -> pl.DataFrame:
    frame = pl.DataFrame({"shop_id": pl.Series(values, dtype=pl.String)})
    return frame.select(
        old=_as_conformed("shop_id") & ~excel_number_mark("shop_id").fill_null(False),
        new=_conformed_unmarked(MARKS),
        plain_old=_as_conformed("shop_id"),
        plain_new=_conformed_unmarked(()),
    )


def test_every_code_point_at_either_end_is_judged_as_strip_chars_judges_it():
    points = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    for values in (points, [p + "12" for p in points], ["12" + p for p in points], ["1" + p + "2" for p in points]):
        got = _both(values)
        assert (got["plain_old"] == got["plain_new"]).all()
        assert (got["old"] == got["new"]).all()
    # not vacuous: the 25 White_Space characters at an end are refused, and only they
    assert _both(["12" + p for p in points])["plain_new"].not_().sum() == 25


_PIECES = [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x85", "\xa0", "\u3000", "\u2028", "\u200b", "\ufeff", "\u180e"]
_PIECES += ["E", "e", "+", "=", '"', "'", "1", "9", "a", "é", "店", "E+", "e+", '="', "\\s", "^", "$", ".*"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.none(), st.lists(st.sampled_from(_PIECES)).map("".join), st.text()), max_size=30))
@example([None, "", " ", "1E+5", "1e+5", '="12"', "'12", "12 ", " 12", "12\u3000", "1E5", "e+", "=", "'", "\n12"])
def test_the_one_regex_gives_the_two_tests_answer(values):
    got = _both(values)
    assert got["old"].to_list() == got["new"].to_list(), values
    assert got["plain_old"].to_list() == got["plain_new"].to_list(), values
