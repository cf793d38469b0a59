"""One table read from several files: parts of it, or two versions side by side.

Several files of one kind are read as one table (the insurance of each year, the records of each source). A
file that repeats rows of another is not a part: it is another version of the same table (a revision saved
beside the original, a copy) or an export that overlaps another, and which of them to count cannot be told —
the union would count a month or a record the revision removed. The tables without a key that stops on a
repeated row (insurance, records) are checked here, on the identity each rule counts by; rows repeated within
one file are the rule's own matter (the insurance counts a month once, with a note).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class Overlap:
    """Two files sharing rows: `first` and `second` (in reading order), how many rows of `second` repeat a
    row of `first`, and the first such pair (`first_row` of `first`, `second_row` of `second`: spreadsheet
    row numbers, the header is row 1)."""

    first: str
    second: str
    rows: int
    first_row: int
    second_row: int


def shared_rows(frame: pl.DataFrame, identity: dict[str, pl.Expr | pl.Series]) -> Overlap | None:
    """The first two files of `frame` (a conformed frame with `_source` and `_row`) that hold a row of the same
    `identity` (name → its value per row, null where the row has none: such rows are left out; nulls of a
    column that may be empty are told with `fill_null` by the caller), or None. One file: None at once."""
    if frame.height < 2 or "_source" not in frame.columns or "_row" not in frame.columns:
        return None
    source = frame["_source"]
    if not (source != source[0]).any():  # one file (the usual case: no grouping at all)
        return None
    keys = list(identity)
    # file by file, each against the files before it: a join per file (a window over every row cost 10 times
    # as much on two files of 500,000 records)
    parts = frame.select("_source", "_row", **identity).drop_nulls(keys).partition_by("_source", maintain_order=True)
    seen: pl.DataFrame | None = None
    for i, part in enumerate(parts):
        if seen is not None:
            hit = part.join(seen, on=keys, how="semi", maintain_order="left")
            if hit.height:
                return _overlap(parts[:i], part, hit.row(0, named=True), keys)
        seen = part.select(keys) if seen is None else pl.concat([seen, part.select(keys)])
    return None


def _overlap(earlier: list[pl.DataFrame], part: pl.DataFrame, at: dict, keys: list[str]) -> Overlap:
    """`at`, the first row of `part` repeating a row of an `earlier` file: the first of those holding it, and
    how many rows of `part` repeat one of that file's."""
    same = pl.all_horizontal([pl.col(k) == at[k] for k in keys])
    first = next(f for f in earlier if f.filter(same).height)
    count = part.join(first.select(keys).unique(), on=keys, how="semi").height
    first_row = first.filter(same)["_row"][0]
    return Overlap(first["_source"][0], at["_source"], count, int(first_row), int(at["_row"]))
