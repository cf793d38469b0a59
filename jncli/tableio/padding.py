"""Whether any cell of a CSV has whitespace at either end, told from the bytes polars read (`Table.unpadded`): where
none has, conform empties the text columns without `values.text`'s strip (`convert._unpadded_text`), which copies
every string. May import nothing of jncli.
"""

from __future__ import annotations

import functools
import mmap
import os
from collections.abc import Callable

# The bytes a cell's surrounding whitespace starts with in UTF-8 (what `values.text` strips: polars' `strip_chars`,
# Unicode White_Space): the ASCII ones; the lead bytes of U+0085 and U+00A0 (C2), U+1680 (E1), U+2000–U+205F (E2)
# and U+3000 (E3), which other characters share (a false alarm only costs the strip); and a quote (a quoted cell
# may hold a line break). The likeliest first: a find stops at its first hit.
_PADDING = (b" ", b'"', b"\xe3", b"\xe2", b"\xc2", b"\r", b"\t", b"\xe1", b"\x0b", b"\x0c")


def unpadded_proof(raw, sep: str, skip: int, lasting: bool) -> Callable[[], bool]:
    """`Table.unpadded`: the file on disk looked at when conform asks, once (a command that strips no text column
    never maps it: 10 finds over 50 MB of records are ~10 ms); bytes or a temporary file now."""
    if not lasting or not isinstance(raw, str):
        proven = _unpadded(raw, sep, skip)
        return lambda: proven
    # Looked at later, so only while it is still the file polars read: a file replaced or rewritten since (a
    # bureau's export landing mid-run) is not proven, and its cells keep the strip (always right, only slower).
    read = _identity(os.stat(raw))
    return functools.cache(lambda: _unpadded(raw, sep, skip, read=read))


def _identity(st: os.stat_result) -> tuple[int, ...]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _unpadded(raw, sep: str, skip: int, read: tuple[int, ...] | None = None) -> bool:
    """Does no cell below the header start or end with whitespace? Proven on the bytes polars read (`raw`: bytes
    or a path): none of `_PADDING` after the header's line (a separator tab is no cell's). False: not proven."""
    if raw is None:
        return False
    padding = [b for b in _PADDING if b != sep.encode()]
    if isinstance(raw, bytes):
        return _holds_none(raw, skip, padding)
    with open(raw, "rb") as f:  # mapped, not copied: the pages polars just read are in the page cache
        now = os.fstat(f.fileno())
        if not now.st_size or (read is not None and _identity(now) != read):
            return False
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _holds_none(data, skip, padding)


def _holds_none(data, skip: int, needles: list[bytes]) -> bool:
    start = 0
    for _ in range(skip + 1):  # the lines above the header, and the header (a quoted line break: more is looked at)
        start = data.find(b"\n", start) + 1
        if not start:
            return False
    return all(data.find(b, start) == -1 for b in needles)
