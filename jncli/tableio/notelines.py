"""Which cells open a note (注：, 说明：, 数据来源：, 备注, the signature lines of a form): the pattern of
`jncli.bureau.NOTE_WORDS`, in one place for `marks` (note rows after the data) and the text reader (a
note line narrower than the header at the end of a CSV, `pycsv.narrow_problem`). May import `jncli.bureau`.
"""

from __future__ import annotations

import functools
import re

from jncli import bureau

_SPACED = r"\s*".join


def words(words) -> str:
    """An alternation of `words`, longest first, any spaces allowed between their characters (合  计)."""
    return "|".join(_SPACED(re.escape(ch) for ch in w) for w in sorted(words, key=len, reverse=True))


# A cell starting with a note word, then a number (注1, 说明二) or not, then ：, :, ., 、 or the cell's end.
# The pattern's text: polars' queries take it as text (marks, excel, narrow); `note()` compiles it for Python's
# `re` when a cell is to be matched in Python, which most runs never need (~0.6 ms of start-up, issue 18).
NOTE = rf"^\s*(?:{words(bureau.NOTE_WORDS)})\s*(?:[0-9一二三四五六七八九十]+\s*)?(?:[:：.．、]|$)"


@functools.cache
def note() -> re.Pattern[str]:
    """`NOTE` compiled, once."""
    return re.compile(NOTE)
