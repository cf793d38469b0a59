"""第四条 壮大网上店铺规模 — measure 4, `jncli track-shops` (rule ids m4.newshops, m4.migrated).

    ……集中推动开设一批网店，对当年新增网上店铺超过1000家的县（市、区）予以通报表扬。……推动市内生产经营的
    企业将设在市外的网上店铺回迁，对当年迁入店铺纳统实物商品网络零售额列全市前3名的县（市、区）予以通报表扬。

    A county that opens more than 1000 new online shops in the year is commended; so are the city's top 3
    counties by the 纳统 online retail of the shops that moved in from outside the city that year.

The executable reading is RULES.md §0 and §4; docs/track-shops.md explains it to users. The threshold
(`m4_newshops_more_than`) and the number of places (`m4_migrated_top`) come from the `Policy`.

Scale: a national shop registry has tens of millions of rows, so everything over the rows is a lazy
polars query and only small results are collected — two passes over the rows:

1. key check: a 64-bit hash of (platform, shop_id) per row, sorted; equal neighbours are suspects
   (an empty key, or a shop_id with spaces around it, hashes to 0, so the same pass finds those;
   only then are the keys stripped per row and hashed again). Only the rows of suspect hashes are
   then compared exactly, on the real strings: exact copies collapse, different rows under one key
   are a data error. A hash collision can only cost that exact comparison, never a wrong answer;
2. ONE group-by keyed by the raw county text and the origin of a move in the year (a few hundred
   groups), with conditional sums per period (the year, or its 12 months) and the row-check counts
   (empty opening date, closed before opened). County names and origins are stripped and
   canonicalised on that small result, not on every row: normalising ten million strings would cost
   more than the query. So the caller may pass those text columns as read (`SELF_NORMALISED`).

Without `year`, one more pass reads only opened_on for the latest year.

County matching: the policy's names and aliases, compared after stripping, removing spaces and case
folding (vectorised); a name that does not match that way is retried with the policy's exact
`canonical_county` (NFKC: full-width forms, compatibility ideographs) — on distinct names only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

import polars as pl

from jncli.errors import DataError, UsageError
from jncli.ledger import COMMENDED, INELIGIBLE, NOT_RANKED, OUT_OF_PERIOD, ledger_schema
from jncli.policy import Policy, normalize_name
from jncli.rules import RuleResult, Said, frame_from_rows
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
_HASH_SEED = 20221110


# ------------------------------------------------------------------------------------------- input
def _prepare(shops: pl.LazyFrame | pl.DataFrame) -> tuple[pl.LazyFrame, list[str]]:
    """The columns the rule uses, typed; absent optional columns as empty. Returns (frame, absent)."""
    lf = shops.lazy()
    names = lf.collect_schema().names()
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise DataError(f"shop registry: missing required column {', '.join(missing)} (see `jncli schema shops`)")
    absent = [c for c in COLUMNS if c not in names]
    cols = []
    for c, dtype in COLUMNS.items():
        if c in names:
            e = pl.col(c).cast(dtype)
            cols.append(e.fill_null(False) if c == "in_statistics" else e)
        else:
            cols.append(pl.lit(False if c == "in_statistics" else None, dtype).alias(c))
    if "_row" not in names:  # a frame built in code: number rows as the reader would (header = row 1)
        lf = lf.with_row_index("_row", offset=2)
    cols.append(pl.col("_row").cast(pl.Int64))
    cols.append(pl.col("_source").cast(pl.String) if "_source" in names else pl.lit("input").alias("_source"))
    return lf.select(cols), absent


def _where(rows: Iterable[dict]) -> str:
    """'a.csv rows 5, 9; b.csv row 3' for rows with _source and _row."""
    by_source: dict[str, list[int]] = {}
    for r in rows:
        by_source.setdefault(r["_source"], []).append(r["_row"])
    parts = []
    for src, nums in by_source.items():
        nums = sorted(nums)
        parts.append(f"{src} row{'s' if len(nums) > 1 else ''} {', '.join(map(str, nums))}")
    return "; ".join(parts)


def _bad_rows(lf: pl.LazyFrame, condition: pl.Expr, count: int, column: str, text: str) -> DataError:
    """A DataError naming the first rows where `condition` holds (a second, short query: errors only)."""
    rows = lf.filter(condition).head(EXAMPLES).collect().to_dicts()
    first = rows[0]
    more = ""
    if count > 1:
        tail = ", …" if count > EXAMPLES else ""
        more = f" (and {count - 1} more row{'s' if count > 2 else ''}: {_where(rows[1:])}{tail})"
    return DataError(f"{_where([first])}, column {column}: {text.format(**first)}{more}")


def _key_hash() -> pl.Expr:
    """64-bit hash of the key: a cheap first pass; equal hashes are then compared on the real key."""
    return pl.struct(*KEY).hash(_HASH_SEED)


def _text(e: pl.Expr) -> pl.Expr:
    """A text value as the reader conforms it (jncli.tableio.reader): stripped, empty → missing."""
    s = e.str.strip_chars()
    return pl.when(s == "").then(None).otherwise(s)


def _normalised(columns: Iterable[str]) -> list[pl.Expr]:
    """The columns with their text values as the reader conforms them (for comparisons of rows)."""
    return [_text(pl.col(c)).alias(c) if c in SELF_NORMALISED else pl.col(c) for c in columns]


def _as_conformed(column: str) -> pl.Expr:
    """True where the value is already as the reader conforms it: present, not empty, no spaces
    around it (comparing lengths is cheaper than keeping the stripped strings)."""
    c = pl.col(column)
    n = c.str.len_bytes()
    return ((n > 0) & (c.str.strip_chars().str.len_bytes() == n)).fill_null(False)


def _suspect_hashes(lf: pl.LazyFrame, key_ok: pl.Expr) -> tuple[pl.LazyFrame, pl.DataFrame]:
    """The frame with `_hk` (0 where `key_ok` fails) and the hashes that need a closer look: those
    that repeat, and 0. Sorting 64-bit hashes and comparing neighbours is cheaper than a hash table
    of ten million keys."""
    hk = pl.col("_hk")
    hashed = lf.with_columns(pl.when(key_ok).then(_key_hash()).otherwise(pl.lit(0, pl.UInt64)).alias("_hk"))
    return hashed, hashed.select(hk.sort()).filter((hk == hk.shift(1)) | (hk == 0)).unique().collect()


def _find_duplicates(lf: pl.LazyFrame) -> tuple[pl.LazyFrame | None, str]:
    """Exact duplicate rows collapse; two different rows under one key → DataError.

    Returns the extra copies (every copy of a row beyond its first) as a lazy frame for the counts to
    subtract — the registry itself is never rewritten — and where an example of them is ("" if
    none). Rows with an empty platform or shop_id all hash to 0, so the same pass finds them.

    The key columns may come as read (`SELF_NORMALISED`): the key as read is the key as meant unless
    a value is empty or has spaces around it. The platforms are a handful of distinct values, checked
    directly; a shop_id like that makes its row hash to 0, and only then is the key normalised per row
    and hashed again — a registry with clean keys never pays for stripping ten million strings."""
    data = list(COLUMNS)
    hk = pl.col("_hk")
    platforms = lf.select(pl.col("platform").unique()).collect()
    suspects = None
    if platforms.select(_as_conformed("platform").all()).item():
        hashed, suspects = _suspect_hashes(lf, _as_conformed("shop_id"))
    if suspects is None or (suspects["_hk"] == 0).any():
        lf = lf.with_columns(_normalised(KEY))
        hashed, suspects = _suspect_hashes(lf, pl.col("platform").is_not_null() & pl.col("shop_id").is_not_null())
        if (suspects["_hk"] == 0).any():  # empty keys (or, once in 2^64, a real key hashing to 0)
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
            pl.col("_source").min().alias("_s"),
            pl.col("_row").min().alias("_r"),
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
    example = (hashed.filter(hk == same["_hk"].item()) if same.height else extra).select(*KEY).head(1).collect()
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
    return extra, f"{key['platform']}/{key['shop_id']} at {_where(at)}"


def _refuse_conflicts(hashed: pl.LazyFrame, differ: pl.Series, row: pl.Expr) -> None:
    """Different rows under one key hash: a conflict (one shop, two different rows → DataError naming
    them), or (rarely) two keys sharing a hash. Exact comparison on the real values, for these rows only."""
    per_key = (
        hashed.filter(pl.col("_hk").is_in(differ.implode()))
        .group_by(*KEY)
        .agg(
            row.n_unique().alias("_variants"),
            pl.struct("_source", "_row").sort_by("_source", "_row").head(EXAMPLES + 1).alias("_at"),
            pl.col("_source").min().alias("_s"),
            pl.col("_row").min().alias("_r"),
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
        named = "; ".join(f"{r['platform']}/{r['shop_id']} at {_where(r['_at'])}" for r in conflicts.to_dicts())
        raise DataError(
            f"{n_conflicts} shop{'s' if n_conflicts > 1 else ''} with different rows under the same "
            f"(platform, shop_id): {named}{' …' if n_conflicts > EXAMPLES else ''}",
            hint="a shop is one row: correct or remove the conflicting rows",
        )


# ------------------------------------------------------------------------------------------- counts
def _periods(year: int, by: str) -> list[tuple[int | None, dt.date, dt.date]]:
    """(label, first day, last day) of each output period: the year, or its 12 months."""
    if by == "year":
        return [(None, dt.date(year, 1, 1), dt.date(year, 12, 31))]
    ends = [dt.date(year, m + 1, 1) - dt.timedelta(days=1) for m in range(1, 12)] + [dt.date(year, 12, 31)]
    return [(m, dt.date(year, m, 1), ends[m - 1]) for m in range(1, 13)]


def _column(name: str, label: int | None) -> str:
    return name if label is None else f"{name}|{label}"


def _counts(lf: pl.LazyFrame, year: int, periods: list[tuple[int | None, dt.date, dt.date]]) -> pl.DataFrame:
    """ONE group-by over all rows, keyed by the raw county text and the origin of a move in the year
    (a few hundred groups), with conditional sums per period and the row-check counts."""
    o, c, m = pl.col("opened_on"), pl.col("closed_on"), pl.col("migrated_in_on")
    # the origin only matters for shops that moved in during the year; "" = moved in, origin empty
    origin = pl.when(m.is_between(dt.date(year, 1, 1), dt.date(year, 12, 31))).then(pl.col("origin_city").fill_null(""))
    aggs = [
        pl.len().alias("_shops"),
        o.is_null().sum().alias("_no_opening"),
        (c < o).sum().alias("_closed_before_opened"),
    ]
    for label, first, last in periods:
        moved = m.is_between(first, last)
        aggs += [
            o.is_between(first, last).sum().alias(_column("new_shops", label)),
            c.is_between(first, last).sum().alias(_column("closed_shops", label)),
            # open at the end of the period: opened by then and not closed on or before it
            ((o <= last) & ~(c <= last).fill_null(False)).sum().alias(_column("active_end", label)),
            moved.sum().alias(_column("migrated_in", label)),
            pl.col("online_retail")
            .filter(moved & pl.col("in_statistics"))
            .sum()
            .alias(_column("migrated_retail", label)),
        ]
    out = lf.group_by(pl.col("county").alias("_county"), origin.alias("_origin")).agg(aggs).collect()
    return out.with_columns(pl.exclude("_county", "_origin", r"^migrated_retail.*$").cast(pl.Int64))


def _subtract(counts: pl.DataFrame, extra: pl.DataFrame) -> pl.DataFrame:
    """counts − extra, group by group (the extra copies of duplicate rows)."""
    value_columns = [c for c in counts.columns if c not in ("_county", "_origin")]
    joined = counts.join(extra, on=["_county", "_origin"], how="left", nulls_equal=True, suffix="_x")
    return joined.select(
        "_county", "_origin", *[(pl.col(c) - pl.col(f"{c}_x").fill_null(0)).alias(c) for c in value_columns]
    )


def _group_names(counts: pl.DataFrame) -> pl.DataFrame:
    """The (county, origin) groups of raw text merged by the text as the reader conforms it (stripped;
    an empty county is missing; an empty origin stays "" = moved in, origin not given)."""
    return counts.group_by(
        _text(pl.col("_county")).alias("_county"), pl.col("_origin").str.strip_chars().alias("_origin")
    ).agg(pl.exclude("_county", "_origin").sum())


def _check_counts(lf: pl.LazyFrame, counts: pl.DataFrame) -> None:
    empty = counts["_no_opening"].sum()
    if empty:
        raise _bad_rows(
            lf, pl.col("opened_on").is_null(), empty, "opened_on", "empty, but every shop needs its opening date"
        )
    bad = counts["_closed_before_opened"].sum()
    if bad:
        raise _bad_rows(
            lf,
            pl.col("closed_on") < pl.col("opened_on"),
            bad,
            "closed_on",
            "{closed_on} is before opened_on {opened_on}",
        )


def _per_county(counts: pl.DataFrame, periods: list[tuple[int | None, dt.date, dt.date]]) -> pl.DataFrame:
    """Sum the (county, origin) groups per canonical county; moves count only from outside the city."""
    sums = [pl.col("_shops").sum()]
    for label, _, _ in periods:
        sums += [pl.col(_column(k, label)).sum() for k in ("new_shops", "closed_shops", "active_end")]
        sums += [
            pl.col(_column(k, label)).filter(pl.col("_from_outside")).sum() for k in ("migrated_in", "migrated_retail")
        ]
    return counts.group_by("county").agg(sums)


def _norm(e: pl.Expr) -> pl.Expr:
    # policy.normalize_name without NFKC (not in polars): strip, drop whitespace, case-fold.
    return e.str.strip_chars().str.replace_all(r"\s+", "").str.to_lowercase()


def _lookup(values: pl.Series, index: dict[str, str], exact: Callable[[str], str | None]) -> pl.DataFrame:
    """Distinct raw names → canonical value (null: no match): vectorised join, exact retry on misses."""
    raw = pl.DataFrame({"_raw": values.unique()})
    mapping = pl.DataFrame(
        {"_key": list(index), "_canon": list(index.values())}, schema={"_key": pl.String, "_canon": pl.String}
    )
    out = raw.with_columns(_norm(pl.col("_raw")).alias("_key")).join(mapping, on="_key", how="left").drop("_key")
    misses = out.filter(pl.col("_canon").is_null() & pl.col("_raw").is_not_null())["_raw"].to_list()
    retried = {v: exact(v) for v in misses}
    if any(retried.values()):
        exact_canon = pl.col("_raw").replace_strict(retried, default=None, return_dtype=pl.String)
        out = out.with_columns(pl.col("_canon").fill_null(exact_canon))
    return out


def _canonicalise(raw: pl.DataFrame, policy: Policy, from_city: Sequence[str]) -> pl.DataFrame:
    """Adds `county` (canonical or OUTSIDE) and `_from_outside` (origin of a move is outside the city)."""
    counties = _lookup(raw["_county"], policy.county_index(), policy.canonical_county).rename(
        {"_raw": "_county", "_canon": "county"}
    )
    city = {normalize_name(n) for n in (policy.city_name, *policy.city_aliases, *from_city)}
    inside_index = {**{k: "in" for k in policy.county_index()}, **{k: "in" for k in city}}

    def inside(name: str) -> str | None:
        return "in" if policy.canonical_county(name) or normalize_name(name) in city else None

    origins = _lookup(raw["_origin"], inside_index, inside).rename({"_raw": "_origin", "_canon": "_inside"})
    return (
        raw.join(counties, on="_county", how="left", nulls_equal=True)
        .join(origins, on="_origin", how="left", nulls_equal=True)
        .with_columns(
            pl.col("county").fill_null(OUTSIDE),
            (pl.col("_origin").is_not_null() & pl.col("_inside").is_null()).alias("_from_outside"),
        )
    )


def _county_order(policy: Policy) -> dict[str, int]:
    order = {c.name: i for i, c in enumerate(policy.counties)}
    order[OUTSIDE] = len(order)
    return order


# ------------------------------------------------------------------------------------------- texts
def _fmt(v: Decimal) -> str:
    """12.500000 → 12.5, 100.000000 → 100 (no exponent, no float noise)."""
    return format(v.normalize(), "f") if v != 0 else "0"


_T = {
    "zh": {
        "head": "依据第四条「{name}」（{year}年度）：",
        "new": "新增网上店铺{n}家",
        "new_yes": "超过{t}家，予以通报表扬",
        "new_no": "未超过{t}家，不予通报表扬",
        "mig": "迁入店铺（来自市外）{k}家，其中纳统店铺网络零售额{v}万元",
        "mig_yes": "列全市第{r}名，进入前{top}名，予以通报表扬",
        "mig_zero": "不大于0，不予通报表扬",
        "mig_no": "列全市第{r}名，未进入前{top}名",
        "tie": "与{others}同为{v}万元，名次按县名排序决定，须人工复核",
        "period": "{year}年不在政策适用年度（{years}）内，不予通报表扬",
        "outside": "{n}家店铺所在县区不属于{city}或未填写，计入{o}行，不参加评比",
        "sep": "；",
        "end": "。",
        "and": "、",
    },
    "en": {
        "head": "Article 4 ({name}, {year}): ",
        "new": "{n} new online shop{s}",
        "new_yes": "more than {t}: commended",
        "new_no": "not more than {t}: not commended",
        "mig": "{k} shop{ks} moved in from outside the city, with {v} 万元 of 纳统 online retail",
        "mig_yes": "rank {r} in the city, within the top {top}: commended",
        "mig_zero": "not above 0: not commended",
        "mig_no": "rank {r} in the city, outside the top {top}",
        "tie": "equal to {others} at {v} 万元; the order by county name decided the place, a person must check",
        "period": "{year} is not a data year of the policy ({years}): no commendation",
        "outside": "{n} shop{s} whose county is outside {city} or empty, counted in the {o} row, not ranked",
        "sep": "; ",
        "end": ".",
        "and": ", ",
    },
}


def _s(n: int) -> str:
    return "" if n == 1 else "s"  # English plural; the Chinese templates do not use it


def _rule_name(policy: Policy, rule: str, lang: str) -> str:
    info = policy.rules.get(rule)
    return rule if info is None else (info.name if lang == "zh" else info.name_en)


# ------------------------------------------------------------------------------------------- rule
def track_shops(
    shops: pl.LazyFrame | pl.DataFrame,
    policy: Policy,
    *,
    year: int | None = None,
    by: str = "year",
    lang: str = "zh",
    from_city: Sequence[str] = (),
    progress: Callable[[str], None] | None = None,
) -> RuleResult:
    """Measure 4 per county for `year` (default: the latest year of opened_on).

    `by="year"`: one row per county and rule (m4.newshops, m4.migrated) with the counts and the ledger
    columns; `by="month"`: the counts per county per month (no decisions: they are annual).
    `from_city`: more names that mean the city itself as an origin (besides the policy's city names).
    `progress` is told each phase (the CLI shows it on a terminal); the rule itself never prints.
    """
    if by not in ("year", "month"):
        raise UsageError(f"--by must be year or month, not {by!r}")
    if lang not in _T:
        raise UsageError(f"--lang must be zh or en, not {lang!r}")
    say = progress or (lambda _msg: None)
    lf, absent = _prepare(shops)
    warnings: list[str] = []
    notes: list[str] = []

    if year is None:
        say("finding the latest opening year")
        latest = lf.select(pl.col("opened_on").max()).collect().item()
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
    extra, example = _find_duplicates(lf)
    _absent_columns(absent, warnings, notes)

    say(f"counting shops for {year}")
    periods = _periods(year, by)
    counts = _counts(lf, year, periods)
    if extra is not None:
        extra_counts = _counts(extra, year, periods)
        copies = extra_counts["_shops"].sum()
        if copies:
            warnings.append(
                Said(
                    f"{copies} exact duplicate row{'s' if copies > 1 else ''} collapsed (same platform, "
                    f"shop_id and values), e.g. {example}",
                    f"{copies}行完全重复（平台、店铺ID及各值相同），已合并，例如 {example}",
                )
            )
            counts = _subtract(counts, extra_counts)
    counts = _group_names(counts)
    _check_counts(lf, counts)
    raw = _canonicalise(counts, policy, from_city)
    warnings += _outside_warning(raw, policy)
    per = _per_county(raw, periods)
    order = _county_order(policy)
    per = per.with_columns(pl.col("county").replace_strict(order, return_dtype=pl.Int64).alias("_order")).sort("_order")

    if by == "month":
        return RuleResult(_months(per, year, [label for label, _, _ in periods]), warnings, notes)
    table, tie_warnings = _decide(per, policy, year, lang)
    return RuleResult(table, warnings + tie_warnings, notes)


def _absent_columns(absent: list[str], warnings: list[str], notes: list[str]) -> None:
    """What a missing optional column means for the counts: no moves in (migrated_in_on), nothing 纳统
    or no retail (migrated_retail 0), every move from outside the city (origin_city)."""
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


def _outside_warning(raw: pl.DataFrame, policy: Policy) -> list[str]:
    """Shops whose county is outside the city or empty: counted in the (outside) row, named in a warning."""
    outside = raw.filter(pl.col("county") == OUTSIDE)
    if not outside.height:
        return []
    top = (
        outside.group_by("_county")
        .agg(pl.col("_shops").sum())
        .sort("_shops", "_county", descending=[True, False])
        .head(EXAMPLES)
        .rows()
    )
    shown = ", ".join(f"{name if name is not None else '(empty)'} ×{n}" for name, n in top)
    total = outside["_shops"].sum()
    more = ", …" if outside["_county"].n_unique() > EXAMPLES else ""
    return [
        Said(
            f"{total} shop{'s' if total > 1 else ''} with a county outside {policy.city_name} or empty "
            f"({shown}{more}) counted in the {OUTSIDE} row",
            f"{total}家店铺的县（市、区）不在{policy.city_name}范围内或为空（{shown}{more}），计入“{OUTSIDE}”行",
        )
    ]


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


def _rank_migrated(rows: list[dict], top: int, in_period: bool) -> list[str]:
    """m4.migrated: rank the counties by migrated_retail (then name) and set each one's status — the top
    `top` with a positive value are commended; a warning for every tie across the commended line."""
    for r in rows:
        r["migrated_retail"] = r["migrated_retail"] if r["migrated_retail"] is not None else Decimal(0)
    ranked = sorted((r for r in rows if r["county"] != OUTSIDE), key=lambda r: (-r["migrated_retail"], r["county"]))
    for i, r in enumerate(ranked, start=1):
        r["rank"] = i
        positive = r["migrated_retail"] > 0
        if not in_period:
            r["status"] = OUT_OF_PERIOD
        else:
            r["status"] = INELIGIBLE if not positive else COMMENDED if i <= top else NOT_RANKED
    # A tie decides the outcome when equal values sit on both sides of the commended / not-ranked line.
    warnings = []
    for value in sorted({r["migrated_retail"] for r in ranked if r["migrated_retail"] > 0}, reverse=True):
        group = [r for r in ranked if r["migrated_retail"] == value]
        if in_period and len({r["status"] for r in group}) > 1:
            for r in group:
                r["tie"] = [g["county"] for g in group if g is not r]
            names = [g["county"] for g in group]
            warnings.append(
                Said(
                    f"m4.migrated: {', '.join(names)} have equal migrated_retail {_fmt(value)} 万元 "
                    f"across the top-{top} line; the order by county name decided who is commended — a "
                    f"person must check",
                    f"m4.migrated：{'、'.join(names)}迁入纳统零售额同为{_fmt(value)}万元，跨越前{top}名界线，"
                    f"按名称排序决定谁获通报表扬，请人工复核",
                )
            )
    return warnings


def _decide(per: pl.DataFrame, policy: Policy, year: int, lang: str) -> tuple[pl.DataFrame, list[str]]:
    """The two commendations per county. ≤ 15 rows: plain Python is clearest."""
    t = _T[lang]
    in_period = year in policy.annual_years
    years = t["and"].join(map(str, policy.annual_years))
    threshold, top = policy.m4_newshops_more_than, policy.m4_migrated_top
    rows = per.to_dicts()
    warnings = _rank_migrated(rows, top, in_period)
    out = []
    for r in rows:
        county = r["county"]
        counts = {k: r[k] for k in COUNTS}
        base = {
            "county": county,
            "year": year,
            **counts,
            "beneficiary": county,
            "beneficiary_name": county,
            "award": Decimal(0),
        }
        for rule in (NEWSHOPS, MIGRATED):
            head = t["head"].format(name=_rule_name(policy, rule, lang), year=year)
            if county == OUTSIDE:
                parts = [
                    t["new"].format(n=r["new_shops"], s=_s(r["new_shops"]))
                    if rule == NEWSHOPS
                    else t["mig"].format(k=r["migrated_in"], ks=_s(r["migrated_in"]), v=_fmt(r["migrated_retail"])),
                    t["outside"].format(n=r["_shops"], s=_s(r["_shops"]), o=OUTSIDE, city=policy.city_name),
                ]
                status, rank, tie = INELIGIBLE, None, False
            elif rule == NEWSHOPS:
                more = r["new_shops"] > threshold
                status = OUT_OF_PERIOD if not in_period else COMMENDED if more else INELIGIBLE
                parts = [t["new"].format(n=r["new_shops"], s=_s(r["new_shops"]))]
                if in_period:
                    parts.append(t["new_yes" if more else "new_no"].format(t=threshold))
                rank, tie = r["rank"], False
            else:
                status, rank = r["status"], r["rank"]
                parts = [t["mig"].format(k=r["migrated_in"], ks=_s(r["migrated_in"]), v=_fmt(r["migrated_retail"]))]
                if in_period:
                    key = "mig_zero" if status == INELIGIBLE else "mig_yes" if status == COMMENDED else "mig_no"
                    parts.append(t[key].format(r=rank, top=top))
                tie = "tie" in r
                if tie:
                    parts.append(t["tie"].format(others=t["and"].join(r["tie"]), v=_fmt(r["migrated_retail"])))
            if not in_period and county != OUTSIDE:
                parts.append(t["period"].format(year=year, years=years))
            info = policy.rules.get(rule)
            out.append(
                {
                    **base,
                    "measure": info.measure if info else MEASURE,
                    "rank": rank,
                    "tie_at_boundary": tie,
                    "rule": rule,
                    "status": status,
                    "basis": head + t["sep"].join(parts) + t["end"],
                }
            )
    schema = {
        "county": pl.String,
        "new_shops": pl.Int64,
        "closed_shops": pl.Int64,
        "active_end": pl.Int64,
        "migrated_in": pl.Int64,
        "migrated_retail": MONEY,
        "rank": pl.Int64,
        "tie_at_boundary": pl.Boolean,
        **ledger_schema(AWARD_DECIMALS),
    }
    return frame_from_rows(out, schema).select(OUTPUT_COLUMNS), warnings
