"""What every section of measure 4 shares: the rule ids, the registry's columns, where a row is.

……集中推动开设一批网店，对当年新增网上店铺超过1000家的县（市、区）予以通报表扬。
……推动市内生产经营的企业将设在市外的网上店铺回迁，对当年迁入店铺纳统实物商品网络零售额列全市前3名的
县（市、区）予以通报表扬。
(Two commendations, m4.newshops and m4.migrated, counted from one shop registry: a shop is a
(platform, shop_id); a message names a row as `file.csv row N`.)
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from jncli.errors import DataError
from jncli.values import MONEY_DTYPE

MEASURE = 4
NEWSHOPS, MIGRATED = "m4.newshops", "m4.migrated"
OUTSIDE = "(outside)"
MONEY = MONEY_DTYPE  # 万元, as the reader conforms money
AWARD_DECIMALS = 2  # ledger awards: exact, at most 2 decimals (RULES.md §0)
EXAMPLES = 3  # rows named in an error or warning

KEY = ("platform", "shop_id")
REQUIRED = ("platform", "shop_id", "county", "opened_on")
# column → dtype; optional columns that are absent behave as empty (in_statistics: false).
COLUMNS = {
    "platform": pl.String,
    "shop_id": pl.String,
    "county": pl.String,
    "opened_on": pl.Date,
    "migrated_in_on": pl.Date,
    "origin_city": pl.String,
    "closed_on": pl.Date,
    "in_statistics": pl.Boolean,
    "online_retail": MONEY,
}
COUNTS = ("new_shops", "closed_shops", "active_end", "migrated_in", "migrated_retail")
OUTPUT_COLUMNS = (
    "county",
    "year",
    *COUNTS,
    "rank",
    "tie_at_boundary",
    "beneficiary",
    "beneficiary_name",
    "measure",
    "rule",
    "award",
    "status",
    "basis",
)
MONTH_COLUMNS = ("county", "year", "month", *COUNTS)
# Text columns this rule normalises itself, so a caller may pass them as read
# (`conform(..., raw_text=SELF_NORMALISED)`): the county names and origins on the few hundred groups
# of the count, the key only when some value needs it.
SELF_NORMALISED = ("platform", "shop_id", "county", "origin_city")


def _where(rows: Iterable[dict], zh: bool = False) -> str:
    """'a.csv rows 5, 9; b.csv row 3' for rows with _source and _row ('a.csv 第5, 9行；b.csv 第3行')."""
    by_source: dict[str, list[int]] = {}
    for r in rows:
        by_source.setdefault(r["_source"], []).append(r["_row"])
    parts = []
    for src, nums in by_source.items():
        nums = sorted(nums)
        if zh:
            parts.append(f"{src} 第{', '.join(map(str, nums))}行")
        elif len(nums) > 1:
            parts.append(f"{src} rows {', '.join(map(str, nums))}")
        else:
            parts.append(f"{src} row {nums[0]}")
    return ("；" if zh else "; ").join(parts)


def _bad_rows(lf: pl.LazyFrame, condition: pl.Expr, count: int, column: str, text: str) -> DataError:
    """A DataError naming the first rows where `condition` holds (a second, short query: errors only)."""
    rows = lf.filter(condition).head(EXAMPLES).collect().to_dicts()
    first = rows[0]
    more = ""
    if count > 1:
        tail = ", …" if count > EXAMPLES else ""
        more = f" (and {count - 1} more row{'s' if count > 2 else ''}: {_where(rows[1:])}{tail})"
    return DataError(f"{_where([first])}, column {column}: {text.format(**first)}{more}")


def _text(e: pl.Expr) -> pl.Expr:
    """A text value as the reader conforms it (jncli.values.text): stripped, empty → missing."""
    s = e.str.strip_chars()
    return pl.when(s == "").then(None).otherwise(s)


def _column(name: str, label: int | None) -> str:
    return name if label is None else f"{name}|{label}"
