"""One table read from several files: parts of it, or two versions side by side.

Several files of one kind are read as one table (the insurance of each year, the records of each source). A
file that repeats rows of another is not a part: it is another version of the same table (a revision saved
beside the original, a copy) or an export that overlaps another, and which of them to count cannot be told —
the union would count a month or a record the revision removed. The tables without a key that stops on a
repeated row (insurance, records) are checked here, on the identity each rule counts by; rows repeated within
one file are the rule's own matter (the insurance counts a month once, with a note).

Review 29 F5: given the columns to `compare`, two files whose shared rows are identical in every column, and
neither of which holds only rows of the other (two sources naming the same record, two exports sharing their
edge month, an exact copy), are `identical`: the union is right once the repeated rows are counted once
(`repeats`). A shared identity that differs in another column (a revision changed the repair date), or a file
all of whose rows the other holds with more (a revision that removed rows, or a part: cannot be told), is
not.
"""

from __future__ import annotations

from typing import NamedTuple

import polars as pl


class Overlap(NamedTuple):  # immutable record: ~0.1 ms to create, a frozen dataclass ~0.7 ms
    """Two files sharing rows: `first` and `second` (in reading order), how many rows of `second` repeat a
    row of `first`, and the first such pair (`first_row` of `first`, `second_row` of `second`: spreadsheet
    row numbers, the header is row 1)."""

    first: str
    second: str
    rows: int
    first_row: int
    second_row: int
    identical: bool = False  # the shared rows are the same in every column, neither file a part of the other


def shared_rows(
    frame: pl.DataFrame, identity: dict[str, pl.Expr | pl.Series], compare: list[str] | None = None
) -> Overlap | None:
    """The first two files of `frame` (a conformed frame with `_source` and `_row`) that hold a row of the same
    `identity` (name → its value per row, null where the row has none: such rows are left out; nulls of a
    column that may be empty are told with `fill_null` by the caller), or None. One file: None at once.
    Given `compare` (the columns a row is told by besides its identity): the first pair that is not
    `identical` (module text), else the first identical pair."""
    if frame.height < 2 or "_source" not in frame.columns or "_row" not in frame.columns:
        return None
    first = frame["_source"][0]
    # one file (the usual case: no grouping at all). Asked in a query: a conformed table's `_source` is one value
    # broadcast, which the Series' own compare writes out a million times (~3 ms); the query does not
    if first is None:
        if not (frame["_source"] != first).any():
            return None
    elif not frame.select((pl.col("_source") != first).any()).item():
        return None
    keys = list(identity)
    others = [c for c in (compare or []) if c in frame.columns and c not in keys]
    # file by file, each against the files before it: a join per file (a window over every row cost 10 times
    # as much on two files of 500,000 records)
    parts = (
        frame.select("_source", "_row", *others, **identity)
        .drop_nulls(keys)
        .partition_by("_source", maintain_order=True)
    )
    seen: pl.DataFrame | None = None
    found: Overlap | None = None
    for i, part in enumerate(parts):
        if seen is not None:
            hit = part.join(seen, on=keys, how="semi", maintain_order="left")
            if hit.height:
                if compare is None:
                    return _overlap(parts[:i], part, hit.row(0, named=True), keys)
                for earlier in parts[:i]:
                    shared = part.join(earlier.select(keys), on=keys, how="semi", maintain_order="left")
                    if not shared.height:
                        continue
                    same = _overlap([earlier], part, shared.row(0, named=True), keys)
                    if not _identical(earlier, part, keys, keys + others):
                        return same
                    found = found or Overlap(same.first, same.second, same.rows, same.first_row, same.second_row, True)
        seen = part.select(keys) if seen is None else pl.concat([seen, part.select(keys)])
    return found


def _identical(a: pl.DataFrame, b: pl.DataFrame, keys: list[str], columns: list[str]) -> bool:
    """Whether the rows `a` and `b` share are the same in every one of `columns`, and neither file holds only
    rows of the other but for being an exact copy of it."""
    ra, rb = a.select(columns).unique(), b.select(columns).unique()

    def changed(x: pl.DataFrame, y: pl.DataFrame) -> bool:  # a row of x whose identity y holds, not as in x
        on_key = x.join(y.select(keys).unique(), on=keys, how="semi")
        return on_key.join(y, on=columns, how="anti", nulls_equal=True).height > 0

    if changed(ra, rb) or changed(rb, ra):
        return False
    a_in_b = ra.join(rb, on=columns, how="anti", nulls_equal=True).height == 0
    b_in_a = rb.join(ra, on=columns, how="anti", nulls_equal=True).height == 0
    return a_in_b == b_in_a  # both (an exact copy) or neither (overlapping parts)


def repeats(frame: pl.DataFrame, identity: dict[str, pl.Expr | pl.Series], compare: list[str]) -> pl.Series:
    """Per row of `frame`: whether it repeats, in every column of `identity` and `compare`, a row of an earlier
    file (rows repeated within one file are not: they stay the rule's matter)."""
    if "_source" not in frame.columns:
        return pl.Series("_repeat", [False] * frame.height)
    others = [c for c in compare if c in frame.columns and c not in identity]
    columns = [*identity, *others]
    return (
        frame.select("_source", *others, **identity)
        .with_row_index("_ix")
        .with_columns(_f=pl.col("_ix").min().over("_source"))
        .select(_repeat=pl.col("_f") > pl.col("_f").min().over(columns))
        .to_series()
    )


def _overlap(earlier: list[pl.DataFrame], part: pl.DataFrame, at: dict, keys: list[str]) -> Overlap:
    """`at`, the first row of `part` repeating a row of an `earlier` file: the first of those holding it, and
    how many rows of `part` repeat one of that file's."""
    same = pl.all_horizontal([pl.col(k) == at[k] for k in keys])
    first = next(f for f in earlier if f.filter(same).height)
    count = part.join(first.select(keys).unique(), on=keys, how="semi").height
    first_row = first.filter(same)["_row"][0]
    return Overlap(first["_source"][0], at["_source"], count, int(first_row), int(at["_row"]))
