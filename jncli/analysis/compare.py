"""`jncli compare A B`: what changes between two runs — e.g. the policy and a revised policy file, or the
two eligibility readings — row by row and in total.

Both sides are award ledgers (the ledger columns; a `county` column is used when there is one). A row is
one (beneficiary, rule, year); its status and award in A and in B, and `difference` = award in B − award
in A (a row missing on one side counts 0 there). `change` says what happened to it:

    same        the same status and award on both sides
    gain, loss  the award is higher / lower in B
    status      the same award (0 mostly), another status (e.g. ineligible → not_ranked)
    moved       the same status and award, in another county (county_a ≠ county_b)
    only_a, only_b   the row is on one side only (its award counts on that side)

`county_a` / `county_b` are the row's county in A / in B (empty where the row is not on that side): an
enterprise moved between counties keeps its row (the key has no county) and shows both. `county` is B's
(A's for a row only in A), as before.

`summary` totals them per measure and per county: the money on each side, the difference, and how many
rows gain and lose. Per county each side's money counts in that side's own county (A's award in
county_a, B's in county_b): a county-paid award that moved leaves one county's bill and enters the other's,
and the moved row counts in both counties (the total counts it once).
"""

from __future__ import annotations

import polars as pl

from jncli.errors import DataError, row_ref
from jncli.values import MONEY_DTYPE, money_constant

KEY = ("beneficiary", "rule", "year")
COLUMNS = (
    "beneficiary",
    "beneficiary_name",
    "county",
    "measure",
    "rule",
    "year",
    "status_a",
    "award_a",
    "status_b",
    "award_b",
    "difference",
    "change",
    "county_a",
    "county_b",
)
SUMMARY_COLUMNS = ("by", "measure", "county", "award_a", "award_b", "difference", "gain", "loss", "changed", "rows")
CHANGES = ("same", "gain", "loss", "status", "moved", "only_a", "only_b")
UNKNOWN = "(unknown)"


def _side(frame: pl.DataFrame, name: str, suffix: str) -> pl.DataFrame:
    """One side's rows by key, checked: one row per (beneficiary, rule, year)."""
    f = frame
    if "_source" not in f.columns:
        f = f.with_columns(_source=pl.lit(name))
    if "_row" not in f.columns:
        f = f.with_columns(_row=pl.int_range(2, pl.len() + 2, dtype=pl.Int64))
    if "county" not in f.columns:
        f = f.with_columns(county=pl.lit(None, pl.String))
    if "beneficiary_name" not in f.columns:
        f = f.with_columns(beneficiary_name=pl.lit(None, pl.String))
    dup = f.filter(pl.struct(*KEY).is_duplicated()).sort(*KEY, "_row")
    if dup.height:
        a, b = dup.row(0, named=True), dup.row(1, named=True)
        raise DataError(
            f"{row_ref(a['_source'], a['_row'])} and {row_ref(b['_source'], b['_row'])}: "
            f"{a['beneficiary']} {a['rule']} {a['year']} appears twice in {name} (one row per beneficiary, rule "
            f"and year: is it two ledgers concatenated?)"
        )
    return f.select(
        *KEY,
        pl.col("beneficiary_name").alias(f"name_{suffix}"),
        pl.col("county").cast(pl.String).alias(f"county_{suffix}"),
        pl.col("measure").alias(f"measure_{suffix}"),
        pl.col("status").alias(f"status_{suffix}"),
        pl.col("award").cast(MONEY_DTYPE).alias(f"award_{suffix}"),
    )


def compare(a: pl.DataFrame, b: pl.DataFrame, *, names: tuple[str, str] = ("A", "B")) -> pl.DataFrame:
    """Row by row: one row per (beneficiary, rule, year) of either side (COLUMNS)."""
    left, right = _side(a, names[0], "a"), _side(b, names[1], "b")
    joined = left.join(right, on=list(KEY), how="full", coalesce=True, nulls_equal=True)
    zero = money_constant("0")
    award_a, award_b = pl.col("award_a").fill_null(zero), pl.col("award_b").fill_null(zero)
    change = (
        pl.when(pl.col("status_a").is_null())
        .then(pl.lit("only_b"))
        .when(pl.col("status_b").is_null())
        .then(pl.lit("only_a"))
        .when(award_b > award_a)
        .then(pl.lit("gain"))
        .when(award_b < award_a)
        .then(pl.lit("loss"))
        .when(pl.col("status_a") != pl.col("status_b"))
        .then(pl.lit("status"))
        .when(pl.col("side_a") != pl.col("side_b"))
        .then(pl.lit("moved"))
        .otherwise(pl.lit("same"))
    )
    # each side's county: its own, else the other side's (a ledger without a county column), else the
    # beneficiary for measures 1 and 4; empty where the row is not on that side
    ben = _county_of_beneficiary()
    out = joined.with_columns(
        side_a=pl.when(pl.col("status_a").is_not_null()).then(pl.coalesce("county_a", "county_b", ben)),
        side_b=pl.when(pl.col("status_b").is_not_null()).then(pl.coalesce("county_b", "county_a", ben)),
    ).with_columns(
        beneficiary_name=pl.coalesce("name_b", "name_a"),
        county=pl.coalesce("county_b", "county_a", ben),
        measure=pl.coalesce("measure_b", "measure_a"),
        difference=award_b - award_a,
        change=change,
    )
    out = out.drop("county_a", "county_b").rename({"side_a": "county_a", "side_b": "county_b"})
    return out.select(COLUMNS).sort("measure", "rule", "year", "beneficiary", nulls_last=True)


def year_warnings(a: pl.DataFrame, b: pl.DataFrame, names: tuple[str, str] = ("A", "B")) -> list[str]:
    """The key holds the year, so two runs of different years share no row: every row is only_a or only_b,
    and the "difference" is a year-on-year total. Said once (the likely cause is a wrong folder)."""
    years = [sorted({int(y) for y in side["year"].drop_nulls().to_list()}) for side in (a, b)]
    if not all(years) or set(years[0]) & set(years[1]):
        return []
    shown = ["/".join(str(y) for y in ys) for ys in years]
    return [
        f"the two runs evaluate different years ({names[0]}: {shown[0]}; {names[1]}: {shown[1]}), so no "
        "row is on both sides (every row is only_a or only_b and the difference is a year-on-year total) — check "
        "that these are the two runs to compare"
    ]


def code_warnings(
    a: pl.DataFrame, b: pl.DataFrame, rows: pl.DataFrame, names: tuple[str, str] = ("A", "B")
) -> list[str]:
    """compare keys on the credit code: a code Excel cut to …000 (check-validity's bad_id diagnosis, by the same
    check), and an enterprise under one code in A and another in B (a corrected code) each show as an only_a /
    only_b pair without a word. Both said, once per side and once for the pairs. `rows`: `compare`'s."""
    from jncli import credit_code
    from jncli.rules.enterprises.common import comparable_names

    said = []
    for side, name in zip((a, b), names):
        ends = side["beneficiary"].drop_nulls().unique(maintain_order=True)
        cut = [c for c in ends.filter(ends.str.contains(r"0\s*0\s*0\s*$")) if credit_code.excel_cut(c)]
        if cut:
            codes = ", ".join(cut[:3]) + (", …" if len(cut) > 3 else "")
            said.append(
                f"{name}: {len(cut)} beneficiary code(s) ({codes}) are all digits ending in 000, no valid credit code: "
                "an id stored as a number in Excel (its digits past the 15th lost), so the enterprise under its real "
                "code is another row (only_a / only_b); correct the code (`jncli check-validity` names each row)"
            )
    one = rows.filter(pl.col("change").is_in(["only_a", "only_b"]) & pl.col("beneficiary_name").is_not_null())
    one = one.select("beneficiary", "rule", "year", "change", _name=comparable_names(one["beneficiary_name"]))
    pairs = (
        one.filter(pl.col("change") == "only_a")
        .join(one.filter(pl.col("change") == "only_b"), on=["_name", "rule", "year"], suffix="_b")
        .filter(pl.col("beneficiary") != pl.col("beneficiary_b"))
        .unique(["beneficiary", "beneficiary_b"], maintain_order=True)
    )
    if pairs.height:
        shown = [f"{r['beneficiary']} → {r['beneficiary_b']}" for r in pairs.head(3).iter_rows(named=True)]
        more = "; …" if pairs.height > 3 else ""
        said.append(
            f"{pairs.height} enterprise row(s) have one code in {names[0]} and another in {names[1]}, with the same "
            f"name, rule and year ({'; '.join(shown)}{more}): compare matches rows by code, so each shows as only_a "
            "and only_b — if the code was corrected, the two rows are one enterprise"
        )
    return said


def _county_of_beneficiary() -> pl.Expr:
    """Measures 1 and 4 pay counties: their beneficiary is the county."""
    return pl.when(pl.col("rule").str.starts_with("m1.") | pl.col("rule").str.starts_with("m4.")).then(
        pl.col("beneficiary")
    )


def summary(rows: pl.DataFrame) -> pl.DataFrame:
    """Per measure, then per county: the money on each side, the difference, rows gaining and losing. Per
    county, A's award counts in county_a and B's in county_b: a row moved between counties is in both."""
    zero = money_constant("0")
    aggs = [
        pl.col("award_a").fill_null(zero).sum().alias("award_a"),
        pl.col("award_b").fill_null(zero).sum().alias("award_b"),
        pl.col("difference").sum().alias("difference"),
        (pl.col("difference") > 0).sum().cast(pl.Int64).alias("gain"),
        (pl.col("difference") < 0).sum().cast(pl.Int64).alias("loss"),
        (pl.col("change") != "same").sum().cast(pl.Int64).alias("changed"),
        pl.len().cast(pl.Int64).alias("rows"),
    ]
    per_measure = rows.group_by("measure").agg(aggs).sort("measure")
    per_county = _by_own_county(rows).group_by("county").agg(aggs).sort("county")
    total = rows.select(aggs)
    none_m, none_c = pl.lit(None, pl.Int64).alias("measure"), pl.lit(None, pl.String).alias("county")
    values = SUMMARY_COLUMNS[3:]
    return pl.concat(
        [
            per_measure.select(pl.lit("measure").alias("by"), pl.col("measure").cast(pl.Int64), none_c, *values),
            per_county.select(pl.lit("county").alias("by"), none_m, "county", *values),
            total.select(pl.lit("total").alias("by"), none_m, none_c, *values),
        ],
        how="vertical",
    )


def _by_own_county(rows: pl.DataFrame) -> pl.DataFrame:
    """One row per (row, county it touches): award_a where the county is A's, award_b where it is B's (0
    elsewhere), so a county's totals are each side's own; a row with no county on either side: UNKNOWN."""
    zero = money_constant("0")
    sides = {
        s: pl.when(pl.col(f"status_{s}").is_not_null()).then(pl.col(f"county_{s}").fill_null(UNKNOWN)) for s in "ab"
    }
    counties = pl.concat_list(sides["a"], sides["b"]).list.drop_nulls().list.unique(maintain_order=True)
    own = rows.with_columns(_a=sides["a"], _b=sides["b"], _c=counties).explode("_c")
    return own.with_columns(
        county=pl.col("_c"),
        award_a=pl.when(pl.col("_a") == pl.col("_c")).then(pl.col("award_a")).otherwise(zero),
        award_b=pl.when(pl.col("_b") == pl.col("_c")).then(pl.col("award_b")).otherwise(zero),
    ).with_columns(difference=pl.col("award_b") - pl.col("award_a"))


def with_counties(ledger: pl.DataFrame, tables: list[pl.DataFrame]) -> pl.DataFrame:
    """The ledger with each row's county, from the measures' own tables (a ledger has no county column):
    those of `tables` that have beneficiary, rule, year and county."""
    maps = [
        t.select(
            pl.col("beneficiary").cast(pl.String),
            pl.col("rule").cast(pl.String),
            pl.col("year").cast(pl.Int64),
            pl.col("county").cast(pl.String),
        )
        for t in tables
        if {"beneficiary", "rule", "year", "county"} <= set(t.columns)
    ]
    if not maps or "county" in ledger.columns:
        return ledger
    county = pl.concat(maps).unique(["beneficiary", "rule", "year"], keep="first", maintain_order=True)
    return ledger.join(county, on=["beneficiary", "rule", "year"], how="left", maintain_order="left")
