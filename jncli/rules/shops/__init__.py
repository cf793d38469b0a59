"""第四条 壮大网上店铺规模 — measure 4, `jncli track-shops` (rule ids m4.newshops, m4.migrated).

    ……集中推动开设一批网店，对当年新增网上店铺超过1000家的县（市、区）予以通报表扬。……推动市内生产经营的
    企业将设在市外的网上店铺回迁，对当年迁入店铺纳统实物商品网络零售额列全市前3名的县（市、区）予以通报表扬。

    A county that opens more than 1000 new online shops in the year is commended; so are the city's top 3
    counties by the 纳统 online retail of the shops that moved in from outside the city that year.

The executable reading is RULES.md §0 and §4; docs/track-shops.md explains it to users. The threshold
(`m4_newshops_more_than`) and the number of places (`m4_migrated_top`) come from the `Policy`.

Scale: a national shop registry has tens of millions of rows, so everything over the rows is a lazy
polars query and only small results are collected — two steps over the rows:

1. key check: a 64-bit hash of (platform, shop_id) per row, collected and sorted; equal neighbours are
   suspects (an empty key, or a shop_id with spaces around it, hashes to 0, so the same pass finds those;
   only then are the keys stripped per row and hashed again). Only the rows of suspect hashes are
   then compared exactly, on the real strings: exact copies collapse, different rows under one key
   are a data error. A hash collision can only cost that exact comparison, never a wrong answer;
2. the counts per raw county text and origin of a move in the year (a few hundred groups), with
   conditional sums per period (the year, or its 12 months) and the row-check counts (empty opening
   date, closed before opened), from two streamed group-bys: every row by county; the rows that moved
   in during the year by county and origin (the moves and their 纳统 retail). County names and
   origins are stripped and canonicalised on that small result, not on every row: normalising ten
   million strings would cost more than the query. So the caller may pass those text columns as read
   (`SELF_NORMALISED`).

Without `year`, one more pass reads only opened_on for the latest year.

County matching: the policy's names and aliases, compared after stripping, removing spaces and case
folding (vectorised); a name that does not match that way is retried with the policy's exact
`canonical_county` (NFKC: full-width forms, compatibility ideographs) — on distinct names only.

The sections, one module each: `keys` (the registry's typed columns and the key check, step 1),
`counts` (the group-bys of step 2, per period), `names` (county names and origins → the policy's
counties), `decide` (the two commendations and the sentence of `basis`), `measure` (track_shops: the
sections in order); `common` holds what they share.
"""

from __future__ import annotations

from jncli.rules.shops.common import (
    AWARD_DECIMALS,
    COLUMNS,
    COUNTS,
    EXAMPLES,
    KEY,
    MEASURE,
    MIGRATED,
    MONEY,
    MONTH_COLUMNS,
    NEWSHOPS,
    OUTPUT_COLUMNS,
    OUTSIDE,
    REQUIRED,
    SELF_NORMALISED,
)
from jncli.rules.shops.decide import _decide as decide_counts  # the decisions from per-county counts
from jncli.rules.shops.keys import _key_hash as _key_hash  # tests replace it (read by keys at each run)
from jncli.rules.shops.keys import compact, compact_suffices
from jncli.rules.shops.measure import track_shops

__all__ = [
    "AWARD_DECIMALS",
    "COLUMNS",
    "COUNTS",
    "EXAMPLES",
    "KEY",
    "MEASURE",
    "MIGRATED",
    "MONEY",
    "MONTH_COLUMNS",
    "NEWSHOPS",
    "OUTPUT_COLUMNS",
    "OUTSIDE",
    "REQUIRED",
    "SELF_NORMALISED",
    "compact",
    "compact_suffices",
    "decide_counts",
    "track_shops",
]
