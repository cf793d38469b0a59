"""One enterprise under another credit code than in an earlier year of the period: the yearly run stops.

以上奖励政策按就高原则执行，不重复享受。 The top-up across years (RULES.md §2) and the one-off m3.fiscal know an
enterprise by its unified social credit code. A code corrected between years (a typo that kept a valid check
character in 2022, the true code in 2023) makes it a new entity: its tier paid in full again, its one-off
reward paid twice. Within one year `award-enterprises` finds one name and county under two codes
(`common._two_codes`); across years `annual` compares this year's enterprises with what was received before:

- the earlier years' rows of the enterprises table: the same name (compared as `_two_codes` compares them,
  placeholders such as 无字号 left out) and county under another valid code;
- the awarded m2/m6 and m3.fiscal rows above 0 万元 of the prior ledgers (--prior, the verified earlier run
  beside OUT_DIR): the same name under another code, unless the earlier year's county of that code is known and
  is another county than this year's (hostile review 4, B2: two enterprises of one name in two counties, each
  registered in its own). A ledger has `beneficiary_name` but no county of its own; the county of a paid code is
  taken, in this order, from the ledger row's own county column (a --prior award-enterprises.csv has one; a
  bureau's ledger may add one: any header the enterprises table reads as 县（市、区）), the award-enterprises table
  of the verified earlier run beside OUT_DIR (`earlier.enterprises`), the enterprises table's row of that code and
  year. Where none gives it, by the name alone: the run stops, and the hint says how to give the county. An
  `awarded` row of 0 万元 paid nothing (an m3 amount rounded down to 0, a county ratio of 0, `--budget 0`):
  nothing would be paid again.

An earlier code still present this year (under any name) is another enterprise, not a corrected code. The same
name and county under another code always stops the run: a corrected code would be paid its tier again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jncli.errors import DataError, row_ref

if TYPE_CHECKING:
    import polars as pl

    from jncli.policy import Policy

HINT = (
    "correct the code at the source (one enterprise has one unified social credit code); if they are two "
    "enterprises, tell them apart by their names"
)


def check_code_changes(
    frame: pl.DataFrame, ledger: pl.DataFrame | None, policy: Policy, year: int, known: pl.DataFrame | None = None
) -> None:
    """DataError naming both codes, files and rows when an enterprise of `year` was an earlier year's under
    another code (see the module docstring). `known`: the earlier runs' enterprises (`earlier.enterprises`)."""
    import polars as pl

    from jncli.rules.enterprises.received import earlier_years

    before = earlier_years(policy, year)
    if not before:
        return
    if "name" not in frame.columns:  # the check knows an enterprise under two codes by its name
        files = ", ".join(sorted(frame["_source"].unique().to_list())) if "_source" in frame.columns else "enterprises"
        raise DataError(
            f"{files}: the enterprises table has no name column (企业名称): the yearly run cannot find an enterprise "
            f"of {year} that was paid in an earlier year under another credit code (it would be paid again)",
            "add the 企业名称 column to the enterprises table",
        )
    now = _named(frame.filter(pl.col("year") == year), "credit_code", "name")
    if not now.height:
        return
    canon = {c: policy.canonical_county(c) for c in frame["county"].unique().to_list() if c is not None}
    county = pl.col("county").replace_strict(canon, default=None, return_dtype=pl.String)
    now = now.with_columns(_county=pl.coalesce(county, pl.col("county")))
    codes = now["_code"].unique().to_list()
    found = []
    rows = _named(frame.filter(pl.col("year").is_in(before)), "credit_code", "name")
    rows = rows.with_columns(_county=pl.coalesce(county, pl.col("county"))).filter(~pl.col("_code").is_in(codes))
    found.append(
        now.join(rows, on=["_name", "_county"], suffix="_then").with_columns(
            _by_name=pl.lit(False), _county_then=pl.col("_county")
        )
    )
    if ledger is not None and {"beneficiary", "beneficiary_name", "rule", "status"} <= set(ledger.columns):
        from jncli.ledger import AWARDED
        from jncli.rules.enterprises.common import FISCAL_RULE
        from jncli.values import money_constant

        above_0 = (pl.col("award") > money_constant("0")).fill_null(True) if "award" in ledger.columns else True
        paid = ledger.filter(
            pl.col("year").is_in(before)
            & (pl.col("status") == AWARDED)
            & above_0
            & pl.col("rule").is_in([*policy.enterprise_group, FISCAL_RULE])
        )
        paid = _named(paid, "beneficiary", "beneficiary_name").filter(~pl.col("_code").is_in(codes))
        paid = _with_counties(paid, frame.filter(pl.col("year").is_in(before)), known, policy)
        hits = now.join(paid, on="_name", suffix="_then")
        # two enterprises of one name in two counties (each registered in its own): not one under another code
        same = (
            pl.col("_county_then").is_null()
            | pl.col("_county").is_null()
            | (pl.col("_county_then") == pl.col("_county"))
        )
        found.append(hits.filter(same).with_columns(_by_name=pl.lit(True)))
    hits = [
        h.select(
            "_code",
            "_code_then",
            "_name",
            "_county",
            "year_then",
            "_source",
            "_row",
            "_source_then",
            "_row_then",
            "_by_name",
            "_county_then",
            name="name",
            county="county",
        )
        for h in found
        if h.height
    ]
    if not hits:
        return
    hits = pl.concat(hits).sort("_by_name", "_source", "_row", "year_then", "_source_then", "_row_then")
    h = hits.row(0, named=True)
    n = hits.select("_code", "_code_then").unique().height
    now_at, then_at = row_ref(h["_source"], h["_row"]), row_ref(h["_source_then"], h["_row_then"])
    then, code, old = h["year_then"], h["_code"], h["_code_then"]
    if h["_by_name"] and h["_county_then"] is None:
        file = h["_source_then"]
        raise DataError(
            f"{now_at}: {h['name']!r} of {h['county']} has credit code {code} for {year}, but {then_at} paid it "
            f"for {then} under {old} (the same name; a ledger has no county): as a new enterprise it would be paid "
            f"again what it received for {then} ({n} such code change(s) in all)",
            f"correct the code at the source (one enterprise has one unified social credit code); if they are two "
            f"enterprises of different counties, add a county column (县市区) to {file}, or run beside the verified "
            f"{then} run (OUT_DIR/../{then}), which has each enterprise's county",
        )
    if h["_by_name"]:
        raise DataError(
            f"{now_at}: {h['name']!r} of {h['county']} has credit code {code} for {year}, but {then_at} paid it "
            f"for {then} under {old} (the same name and county): as a new enterprise it would be paid again what it "
            f"received for {then} ({n} such code change(s) in all)",
            HINT,
        )
    raise DataError(
        f"{then_at} and {now_at}: {h['name']!r} of {h['county']} has credit code {old} for {then} but {code} for "
        f"{year}: as a new enterprise it would be paid again what it received for {then} ({n} such code "
        f"change(s) in all)",
        HINT,
    )


def _named(rows: pl.DataFrame, code: str, name: str) -> pl.DataFrame:
    """The rows with a valid code and a real name: `_code` normalised, `_name` as names are compared."""
    import polars as pl

    from jncli import credit_code
    from jncli.rules.enterprises.common import comparable_names, real_name

    rows = rows.with_columns(_code=credit_code.normalized_expr(pl.col(code))).filter(
        credit_code.valid_expr(pl.col("_code")) & pl.col(name).is_not_null()
    )
    return rows.with_columns(_name=comparable_names(rows[name])).filter(real_name(pl.col("_name")))


def _with_counties(paid: pl.DataFrame, rows: pl.DataFrame, known: pl.DataFrame | None, policy: Policy) -> pl.DataFrame:
    """The paid ledger rows with `_county_then`, the county of the code that year (canonical where it is Jining's),
    null where nothing says it: the row's own county column, else the earlier runs' table, else the enterprises
    table's row of that code and year."""
    import polars as pl

    from jncli import credit_code
    from jncli.ledger import LEDGER_COLUMNS
    from jncli.schema import SCHEMAS, match_header

    def county_of(name: str) -> bool:
        try:
            return match_header(SCHEMAS["enterprises"], name).column == "county"
        except ValueError:
            return False

    own = [c for c in paid.columns if not c.startswith("_") and c not in LEDGER_COLUMNS and county_of(c)]
    said = [pl.col(c).cast(pl.String).str.strip_chars().replace("", None) for c in own]
    paid = paid.with_columns(_c0=pl.coalesce(said) if said else pl.lit(None, pl.String))
    maps = [known.select("code", "year", "county")] if known is not None else []
    if {"credit_code", "county"} <= set(rows.columns):
        code = credit_code.normalized_expr(pl.col("credit_code"))
        maps.append(rows.select(code=code, year=pl.col("year").cast(pl.Int64), county=pl.col("county").cast(pl.String)))
    names = ["_c0"]
    for i, m in enumerate(maps, 1):
        m = m.filter(pl.col("code").is_not_null() & pl.col("county").is_not_null()).unique(
            ["code", "year"], keep="first"
        )
        m = m.rename({"code": "_code", "county": f"_c{i}"})
        paid = paid.join(m, on=["_code", "year"], how="left", maintain_order="left")
        names.append(f"_c{i}")
    county = pl.coalesce([pl.col(n) for n in names])
    canon = {c: policy.canonical_county(c) for c in paid.select(county).to_series().drop_nulls().unique().to_list()}
    canonical = county.replace_strict(canon, default=None, return_dtype=pl.String)
    return paid.with_columns(_county_then=pl.coalesce(canonical, county)).drop(names)
