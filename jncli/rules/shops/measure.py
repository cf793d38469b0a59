"""`track_shops`: measure 4 from the shop registry to one row per county and rule (or per month).

……集中推动开设一批网店，对当年新增网上店铺超过1000家的县（市、区）予以通报表扬。
……推动市内生产经营的企业将设在市外的网上店铺回迁，对当年迁入店铺纳统实物商品网络零售额列全市前3名的
县（市、区）予以通报表扬。
(RULES.md §4: the keys are checked (keys), the shops counted per county and period (counts), the
counties named (names), and each county commended or not (decide).)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl

from jncli.errors import DataError, UsageError
from jncli.policy import Policy
from jncli.rules import RuleResult, Said
from jncli.rules.shops.common import COUNTS, MONEY, MONTH_COLUMNS, _column
from jncli.rules.shops.counts import _check_counts, _counts, _group_names, _per_county, _periods, _subtract
from jncli.rules.shops.decide import _decide
from jncli.rules.shops.keys import _find_duplicates, _prepare
from jncli.rules.shops.names import _canonicalise, _county_order, _outside_warning


def track_shops(
    shops: pl.LazyFrame | pl.DataFrame,
    policy: Policy,
    *,
    year: int | None = None,
    by: str = "year",
    lang: str = "zh",
    from_city: Sequence[str] = (),
    progress: Callable[[str], None] | None = None,
    compact: pl.DataFrame | None = None,
    suspect: pl.Expr | None = None,
    look: Callable[[], None] | None = None,
    suspect_marks: tuple[str, ...] | None = None,
) -> RuleResult:
    """Measure 4 per county for `year` (default: the latest year of opened_on).

    `by="year"`: one row per county and rule (m4.newshops, m4.migrated) with the counts and the ledger
    columns; `by="month"`: the counts per county per month (no decisions: they are annual).
    `from_city`: more names that mean the city itself as an origin (besides the policy's city names).
    `progress` is told each phase (the CLI shows it on a terminal); the rule itself never prints.
    `compact`: the rows of `shops` as `keys.compact` reduces them, in memory (a big CSV's conversion
    pass kept them): the key check's hashes and the count come from it; `shops` is read only where
    whole rows are needed (the rows of a repeated key hash, the rows an error names).
    `suspect`, `look`: a row the reader is to look at (an id Excel may have written as a number), tested in
    the key check's pass over every key, and the reader's look at the rows, called before the check names
    an empty key when any row is one (`keys._find_duplicates`). `suspect_marks`: the literals `suspect` looks
    for in shop_id, when that is all it is (the key check then tests them with shop_id's spaces, one regex).
    """
    if by not in ("year", "month"):
        raise UsageError(f"--by must be year or month, not {by!r}")
    say = progress or (lambda _msg: None)
    lf, absent = _prepare(shops)
    warnings: list[str] = []
    notes: list[str] = []

    if year is None:
        say("finding the latest opening year")
        latest = (lf if compact is None else compact.lazy()).select(pl.col("opened_on").max()).collect().item()
        if latest is None:
            raise DataError(
                "the shop registry has no opening dates, so there is no latest opening year", hint="pass --year"
            )
        year = latest.year
        notes.append(
            Said(
                f"year {year}: the latest year of opened_on (pass --year to choose)",
                f"年度{year}：opened_on（开店日期）中最晚的年份（可用 --year 指定）",
            )
        )
    say("checking (platform, shop_id) keys")
    extra, example = _find_duplicates(lf, compact, suspect, look, suspect_marks)
    _absent_columns(absent, warnings, notes)

    say(f"counting shops for {year}")
    periods = _periods(year, by)
    counts = _counts(lf if compact is None else compact.lazy(), year, periods)
    if extra is not None:
        extra_counts = _counts(extra, year, periods)
        copies = extra_counts["_shops"].sum()
        if copies:
            warnings.append(
                Said(
                    f"{copies} exact duplicate row{'s' if copies > 1 else ''} collapsed (same platform, "
                    f"shop_id and values), e.g. {example}",
                    f"{copies}行完全重复（平台、店铺ID及各值相同），已合并，例如 {getattr(example, 'zh', example)}",
                )
            )
            counts = _subtract(counts, extra_counts)
    counts = _group_names(counts)
    _check_counts(lf, counts)
    raw = _canonicalise(counts, policy, from_city)
    warnings += _outside_warning(raw, policy)
    per = _per_county(raw, periods)
    # last year's export given for this year: every county 0 new shops and the commendations decided so (said
    # once, with the decisions: the month table decides nothing)
    opened = per["new_shops"].sum() if by == "year" else 1
    if not opened and per.height:
        warnings.append(
            Said(
                f"no shop opened in {year}: is the registry of another year? (every county has 0 new shops)",
                f"没有任何店铺在{year}年开业：是否给成了其他年度的店铺名录？（各县新增店铺均为0）",
            )
        )
    order = _county_order(policy)
    per = per.with_columns(pl.col("county").replace_strict(order, return_dtype=pl.Int64).alias("_order")).sort("_order")

    if by == "month":
        return RuleResult(_months(per, year, [label for label, _, _ in periods]), warnings, notes)
    table, tie_warnings = _decide(per, policy, year, lang)
    return RuleResult(table, warnings + tie_warnings, notes)


def _absent_columns(absent: list[str], warnings: list[str], notes: list[str]) -> None:
    """What a missing optional column means for the counts: no shop closed (closed_on), no moves in
    (migrated_in_on), nothing 纳统 or no retail (migrated_retail 0), every move from outside the city (origin_city)."""
    if "closed_on" in absent:
        notes.append(
            Said(
                "no closed_on column: no shop counts as closed (closed_shops is 0; every shop opened counts as active)",
                "没有关店日期（closed_on）列：不计关闭店铺（closed_shops 为0，已开店铺均按在营计）",
            )
        )
    if "migrated_in_on" in absent:
        notes.append(
            Said(
                "no migrated_in_on column: no shop counts as moved in (migrated_in and migrated_retail are 0)",
                "没有迁入日期（migrated_in_on）列：不计迁入店铺（migrated_in 与 migrated_retail 为0）",
            )
        )
        return
    for col, effect, effect_zh in (
        (
            "in_statistics",
            "no shop counts as 纳统, so migrated_retail is 0 everywhere",
            "不计纳统店铺，migrated_retail 均为0",
        ),
        ("online_retail", "migrated_retail is 0 everywhere", "migrated_retail 均为0"),
    ):
        if col in absent:
            warnings.append(Said(f"no {col} column: {effect}", f"没有 {col} 列：{effect_zh}"))
    if "origin_city" in absent:
        notes.append(
            Said(
                "no origin_city column: every move counts as from outside the city",
                "没有迁出城市（origin_city）列：迁入店铺均按来自市外计",
            )
        )


def _months(per: pl.DataFrame, year: int, labels: list[int | None]) -> pl.DataFrame:
    """Wide per-period sums → one row per county per month."""
    frames = [
        per.select(
            "county",
            "_order",
            pl.lit(year, pl.Int64).alias("year"),
            pl.lit(label, pl.Int64).alias("month"),
            *[pl.col(_column(k, label)).alias(k) for k in COUNTS],
        )
        for label in labels
    ]
    return (
        pl.concat(frames)
        .sort("_order", "month")
        .with_columns(
            *[pl.col(k).cast(pl.Int64) for k in COUNTS[:4]], pl.col("migrated_retail").fill_null(0).cast(MONEY)
        )
        .select(MONTH_COLUMNS)
    )
