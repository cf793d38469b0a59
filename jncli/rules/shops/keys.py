"""Pass 1 over the registry: the columns the rule reads, typed, and the (platform, shop_id) key check.

……集中推动开设一批网店，对当年新增网上店铺超过1000家的县（市、区）予以通报表扬。
(A shop is counted once: exact copies of a row collapse with a warning; two different rows under one
(platform, shop_id) are a data error, as is an empty key. A 64-bit hash per key, sorted, finds the
suspects; only their rows are compared on the real strings.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import polars as pl

from jncli.errors import DataError
from jncli.rules import Said
from jncli.rules.shops.common import COLUMNS, EXAMPLES, KEY, REQUIRED, SELF_NORMALISED, _bad_rows, _text, _where

_HASH_SEED = 20221110


def _prepare(shops: pl.LazyFrame | pl.DataFrame) -> tuple[pl.LazyFrame, list[str]]:
    """The columns the rule uses, typed; absent optional columns as empty. Returns (frame, absent)."""
    lf = shops.lazy()
    names = lf.collect_schema().names()
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise DataError(f"shop registry: missing required column {', '.join(missing)} (see `jncli schema shops`)")
    absent = [c for c in COLUMNS if c not in names]
    cols = list(_typed(names).values())
    if "_row" not in names:  # a frame built in code: number rows as the reader would (header = row 1)
        lf = lf.with_row_index("_row", offset=2)
    cols.append(pl.col("_row").cast(pl.Int64))
    cols.append(pl.col("_source").cast(pl.String) if "_source" in names else pl.lit("input").alias("_source"))
    return lf.select(cols), absent


def _typed(names: list[str]) -> dict[str, pl.Expr]:
    """Each column the rule uses, typed, from a frame with these columns (absent: empty; in_statistics
    absent or empty: false)."""
    cols = {}
    for c, dtype in COLUMNS.items():
        if c in names:
            e = pl.col(c).cast(dtype)
            cols[c] = e.fill_null(False) if c == "in_statistics" else e
        else:
            cols[c] = pl.lit(False if c == "in_statistics" else None, dtype).alias(c)
    return cols


# What the count reads of each row (`counts._counts`; the key check reads `_hk`, `compact`)
COUNTED = ("county", "opened_on", "migrated_in_on", "origin_city", "closed_on", "in_statistics", "online_retail")


def compact(typed: pl.LazyFrame) -> list[pl.Expr] | None:
    """What the passes over the rows read of each row, as expressions over the registry as conformed:
    for a reader that converts a big file in one pass and keeps these in memory (`conform(compact=…)`),
    so that the key check and the count need not read the file again. `_hk` is the key hash exactly as
    the key check computes it, 0 where platform or shop_id is not as the reader conforms it (empty,
    spaces around it): the key check then reads the registry itself, as it does when a shop_id is so.
    None when a required column is missing (the rule names it)."""
    names = typed.collect_schema().names()
    if any(c not in names for c in REQUIRED):
        return None
    typed_columns = _typed(names)
    key_ok = _as_conformed("platform") & _as_conformed("shop_id")
    kept = [typed_columns[c].alias(c) for c in COUNTED]
    for i in (COUNTED.index("county"), COUNTED.index("origin_city")):  # a few hundred names each
        kept[i] = kept[i].cast(pl.Categorical)  # 4 bytes a row, not 16
    return [_hashed_where(key_ok), *kept]


def compact_suffices(kept: pl.DataFrame) -> bool:
    """Does the compact form serve the key check? Not where a key is not as the reader conforms it (hash
    0): the check then strips and hashes the keys of every row of the registry and reads it whole more
    than once, which a typed file serves in a fraction of the text's parse (the caller spills it)."""
    return not (kept.get_column("_hk") == 0).any()


def _hashed_where(key_ok: pl.Expr) -> pl.Expr:
    """`_hk`: the key hash where `key_ok`, else 0."""
    return pl.when(key_ok).then(_hash_of_keys()).otherwise(pl.lit(0, pl.UInt64)).alias("_hk")


def _key_hash() -> pl.Expr:
    """64-bit hash of the key: a cheap first pass; equal hashes are then compared on the real key.

    Each column hashed with its own seed and the two combined by XOR (as `rules.enterprises` does):
    ~0.1 s less on 10 M keys than hashing them as a struct. Which hash it is cannot change an answer —
    a collision only costs the exact comparison of the rows under it (`_find_duplicates`); own seeds
    keep (a, b) and (b, a) apart."""
    platform, shop_id = KEY
    return pl.col(platform).hash(_HASH_SEED) ^ pl.col(shop_id).hash(_HASH_SEED + 3)


def _hash_of_keys() -> pl.Expr:
    """`_key_hash` as `jncli.rules.shops._key_hash` holds it at each run (tests replace it to force collisions)."""
    import jncli.rules.shops as package

    return package._key_hash()


def _normalised(columns: Iterable[str]) -> list[pl.Expr]:
    """The columns with their text values as the reader conforms them (for comparisons of rows)."""
    return [_text(pl.col(c)).alias(c) if c in SELF_NORMALISED else pl.col(c) for c in columns]


def _as_conformed(column: str) -> pl.Expr:
    """True where the value is already as the reader conforms it: present, not empty, no spaces
    around it (comparing lengths is cheaper than keeping the stripped strings)."""
    c = pl.col(column)
    n = c.str.len_bytes()
    return ((n > 0) & (c.str.strip_chars().str.len_bytes() == n)).fill_null(False)


def _conformed_unmarked(marks: tuple[str, ...]) -> pl.Expr:
    """`_as_conformed("shop_id")` and none of `marks` in it (the reader's `suspect` of shop_id alone), in one
    regex: a value is as the reader conforms it iff it is not empty and neither starts nor ends with a
    character `str.strip_chars` strips, which is exactly the regex's `\\s` (Unicode White_Space:
    `tests/test_track_shops_keys.py` checks every code point)."""
    pattern = "|".join([r"^\s", r"\s$", *(re.escape(m) for m in marks)])
    c = pl.col("shop_id")
    return ((c.str.len_bytes() > 0) & ~c.str.contains(pattern)).fill_null(False)


# Key hashes sorted at once: a bigger registry is checked in as many passes, each over the hashes
# of one remainder class, so memory stays that of ~12 M rows whatever the registry's size.
SORTED_AT_ONCE = 12_000_000


def _suspect_hashes(lf: pl.LazyFrame, key_ok: pl.Expr) -> tuple[pl.LazyFrame, pl.DataFrame]:
    """The frame with `_hk` (0 where `key_ok` fails) and the hashes that need a closer look: those
    that repeat, and 0. Sorting 64-bit hashes and comparing neighbours is cheaper than a hash table
    of ten million keys; equal hashes fall into the same pass."""
    hk = pl.col("_hk")
    hashed = lf.with_columns(_hashed_where(key_ok))
    parts = -(-lf.select(pl.len()).collect().item() // SORTED_AT_ONCE)
    if parts <= 1:
        return hashed, _repeated(hashed)
    found = [_repeated(hashed.select(hk).filter(hk % parts == part)) for part in range(parts)]
    return hashed, pl.concat(found)


def _repeated(hashed: pl.LazyFrame) -> pl.DataFrame:
    """The hashes of `_hk` that repeat, and 0.

    The hashes are collected (streaming) and sorted, so that equal hashes are neighbours; the neighbours are
    compared as two zero-copy slices of the sorted column. In memory that is the hashes and their sorted copy
    and a bit per row: `shift(1)` would allocate a third copy of the hashes, and a sort inside the query held
    more (~0.1 GB of the command's peak on 10 M shops)."""
    hashes = hashed.select("_hk").collect(engine="streaming").get_column("_hk").sort()
    later = hashes.slice(1)
    repeated = later.filter(later == hashes.slice(0, max(hashes.len() - 1, 0)))
    if hashes.len() and hashes[0] == 0:  # 0 (a key that is not as the reader conforms it) sorts first
        repeated = repeated.append(pl.Series("_hk", [0], pl.UInt64))
    return repeated.unique().to_frame()


def _find_duplicates(
    lf: pl.LazyFrame,
    compact: pl.DataFrame | None = None,
    suspect: pl.Expr | None = None,
    look: Callable[[], None] | None = None,
    suspect_marks: tuple[str, ...] | None = None,
) -> tuple[pl.LazyFrame | None, str]:
    """Exact duplicate rows collapse; two different rows under one key → DataError.

    Returns the extra copies (every copy of a row beyond its first) as a lazy frame for the counts to
    subtract — the registry itself is never rewritten — and where an example of them is ("" if
    none). Rows with an empty platform or shop_id all hash to 0, so the same pass finds them.

    The key columns may come as read (`SELF_NORMALISED`): the key as read is the key as meant unless
    a value is empty or has spaces around it. The platforms are a handful of distinct values, checked
    directly; a shop_id like that makes its row hash to 0, and only then is the key normalised per row
    and hashed again — a registry with clean keys never pays for stripping ten million strings.

    `compact`: the rows' `_hk` as `compact` computed them in the reader's pass: the suspects come from
    them; `lf` is read only for the rows under a suspect hash (the same `_hk`, computed again).

    `suspect` (the reader's, `track_shops`): a row that hashes to 0 too, so the pass that hashes every key
    tests it; `look` is called when some row hashes to 0, before an empty key is named. `suspect_marks`: the
    literals `suspect` is, in shop_id (`IdsLater.rule_args`): tested with its spaces in one regex
    (`_conformed_unmarked`), one scan of the strings instead of two."""
    also = (lambda ok: ok & ~suspect.fill_null(False)) if suspect is not None else (lambda ok: ok)
    data = list(COLUMNS)
    hk = pl.col("_hk")
    suspects = None
    if compact is not None:
        hashed = lf.with_columns(_hashed_where(_as_conformed("platform") & _as_conformed("shop_id")))
        suspects = _repeated(compact.lazy())
        if suspects.height and not (suspects["_hk"] == 0).any():
            lf = hashed = _held(compact, hashed, suspects)
    elif lf.select(pl.col("platform").unique()).collect().select(_as_conformed("platform").all()).item():
        shop_ok = also(_as_conformed("shop_id")) if suspect_marks is None else _conformed_unmarked(suspect_marks)
        hashed, suspects = _suspect_hashes(lf, shop_ok)
    if suspects is None or (suspects["_hk"] == 0).any():
        lf = lf.with_columns(_normalised(KEY))
        hashed, suspects = _suspect_hashes(lf, also(pl.col("platform").is_not_null() & pl.col("shop_id").is_not_null()))
        if (suspects["_hk"] == 0).any():  # empty keys, `suspect` rows (or, once in 2^64, a real key hashing to 0)
            if look is not None:
                look()
            for column in KEY:
                count = lf.select(pl.col(column).is_null().sum()).collect().item()
                if count:
                    raise _bad_rows(
                        lf, pl.col(column).is_null(), count, column, "empty, but (platform, shop_id) identifies a shop"
                    )
    if suspects.height == 0:
        return None, ""
    # Rows under a repeated key hash. Two independent 64-bit hashes of the whole row (its text as the
    # reader conforms it) tell identical copies from different rows (taking different rows for copies
    # needs a 128-bit collision).
    row = pl.struct(*_normalised(data))
    flagged = hashed.join(suspects.lazy(), on="_hk", how="semi").with_columns(
        row.hash(_HASH_SEED + 1).alias("_r1"), row.hash(_HASH_SEED + 2).alias("_r2")
    )
    r1, r2 = pl.col("_r1"), pl.col("_r2")
    groups = (
        flagged.group_by("_hk")
        .agg(
            pl.len().alias("_n"),
            ((r1.min() != r1.max()) | (r2.min() != r2.max())).alias("_differ"),
            *_first_place(),
        )
        .filter(pl.col("_n") > 1)
        .collect()
    )
    differ = groups.filter(pl.col("_differ"))["_hk"]
    if len(differ):
        _refuse_conflicts(hashed, differ, row)
    extra = flagged.filter(~pl.struct("_hk", "_r1", "_r2").is_first_distinct())
    # an example for the warning: the first copied shop (or any copy, if only hash-sharing keys have some)
    same = groups.filter(~pl.col("_differ")).sort("_s", "_r").head(1)
    first = hashed.filter(hk == same["_hk"].item()) if same.height else extra
    example = first.sort("_source", "_row").select(*KEY).head(1).collect()
    if example.height == 0:  # different shops sharing a key hash, no copies
        return None, ""
    key = example.row(0, named=True)
    at = (
        lf.filter((pl.col("platform") == key["platform"]) & (pl.col("shop_id") == key["shop_id"]))
        .select("_source", "_row")
        .sort("_source", "_row")
        .head(EXAMPLES + 1)
        .collect()
        .to_dicts()
    )
    shop = f"{key['platform']}/{key['shop_id']}"
    return extra, Said(f"{shop} at {_where(at)}", f"{shop}（{_where(at, zh=True)}）")


def _first_place() -> list[pl.Expr]:
    """A group's first row as the pair (file, row): the two minima taken apart could name a file's first
    row and another file's, tie two groups, and make the order of the examples vary from run to run."""
    by = ("_source", "_row")
    return [pl.col("_source").sort_by(*by).first().alias("_s"), pl.col("_row").sort_by(*by).first().alias("_r")]


# Rows under repeated key hashes (copies, conflicts) read from the registry once and held in memory,
# when a compact form tells that there are no more than this many (else read again as needed)
HELD_ROWS = 1_000_000


def _held(compact: pl.DataFrame, hashed: pl.LazyFrame, suspects: pl.DataFrame) -> pl.LazyFrame:
    """The rows of `hashed` under a suspect hash, in one pass: every row a later step of the key check
    reads (a key's rows all share its hash), so `hashed` is not read again for each of them."""
    under = compact.lazy().filter(pl.col("_hk").is_in(suspects["_hk"].implode())).select(pl.len()).collect()
    if under.item() > HELD_ROWS:
        return hashed
    return hashed.join(suspects.lazy(), on="_hk", how="semi").collect(engine="streaming").lazy()


def _refuse_conflicts(hashed: pl.LazyFrame, differ: pl.Series, row: pl.Expr) -> None:
    """Different rows under one key hash: a conflict (one shop, two different rows → DataError naming
    them), or (rarely) two keys sharing a hash. Exact comparison on the real values, for these rows only."""
    per_key = (
        hashed.filter(pl.col("_hk").is_in(differ.implode()))
        .group_by(*KEY)
        .agg(
            row.n_unique().alias("_variants"),
            pl.struct("_source", "_row").sort_by("_source", "_row").head(EXAMPLES + 1).alias("_at"),
            *_first_place(),
        )
    )
    conflicts, n_conflicts = pl.collect_all(
        [
            per_key.filter(pl.col("_variants") > 1).sort("_s", "_r").head(EXAMPLES),
            per_key.select((pl.col("_variants") > 1).sum()),
        ]
    )
    n_conflicts = n_conflicts.item()
    if n_conflicts:
        shops = conflicts.to_dicts()
        named = "; ".join(f"{r['platform']}/{r['shop_id']} at {_where(r['_at'])}" for r in shops)
        named_zh = "；".join(f"{r['platform']}/{r['shop_id']}（{_where(r['_at'], zh=True)}）" for r in shops)
        more = " …" if n_conflicts > EXAMPLES else ""
        raise DataError(
            Said(
                f"{n_conflicts} shop{'s' if n_conflicts > 1 else ''} with different rows under the same "
                f"(platform, shop_id): {named}{more}",
                f"{n_conflicts} 家店铺在同一（平台，店铺编号）下有不同的行：{named_zh}{more}",
            ),
            hint="a shop is one row: correct or remove the conflicting rows",
        )
