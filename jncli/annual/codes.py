"""One enterprise under another credit code than in an earlier year of the period: the yearly run stops.

以上奖励政策按就高原则执行，不重复享受。 The top-up across years (RULES.md §2) and the one-off m3.fiscal know an
enterprise by its unified social credit code. A code corrected between years (a typo that kept a valid check
character in 2022, the true code in 2023) makes it a new entity: its tier paid in full again, its one-off
reward paid twice. Within one year `award-enterprises` finds one name and county under two codes
(`common._two_codes`); across years `annual` compares this year's enterprises with what was received before:

- the earlier years' rows of the enterprises table: the same name (compared as `_two_codes` compares them,
  placeholders such as 无字号 left out) and county under another valid code;
- the awarded m2/m6 and m3.fiscal rows above 0 万元 of the prior ledgers (--prior, the verified earlier run
  beside OUT_DIR): a ledger has `beneficiary_name` but no county, so by the name alone. An `awarded` row of
  0 万元 paid nothing (an m3 amount rounded down to 0, a county ratio of 0, `--budget 0`): nothing would be
  paid again.

An earlier code still present this year (under any name) is another enterprise, not a corrected code.
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


def check_code_changes(frame: pl.DataFrame, ledger: pl.DataFrame | None, policy: Policy, year: int) -> None:
    """DataError naming both codes, files and rows when an enterprise of `year` was an earlier year's under
    another code (see the module docstring)."""
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
    found.append(now.join(rows, on=["_name", "_county"], suffix="_then").with_columns(_by_name=pl.lit(False)))
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
        found.append(now.join(paid, on="_name", suffix="_then").with_columns(_by_name=pl.lit(True)))
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
    if h["_by_name"]:
        raise DataError(
            f"{now_at}: {h['name']!r} of {h['county']} has credit code {code} for {year}, but {then_at} paid it "
            f"for {then} under {old} (the same name; a ledger has no county): as a new enterprise it would be paid "
            f"again what it received for {then} ({n} such code change(s) in all)",
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
