"""The ledger schema shared by every award-producing command (RULES.md §0).

Every output row of score-counties, award-enterprises, track-shops, whitelist and trained-hires carries these
columns, so outputs of different commands concatenate into one ledger that check-validity reads.
Amounts are 万元, exact decimals with at most `award_decimals` places.
"""

from __future__ import annotations

LEDGER_COLUMNS = ("beneficiary", "beneficiary_name", "measure", "rule", "year", "award", "status", "basis")

AWARDED = "awarded"
COMMENDED = "commended"  # 通报表扬, no money
SUPERSEDED = "superseded"  # qualified, but a higher award of the same beneficiary wins (就高)
INELIGIBLE = "ineligible"  # basis names the failing condition
NOT_RANKED = "not_ranked"  # outside the top positions
OUT_OF_PERIOD = "out_of_period"
QUALIFIED = "qualified"  # the conditions hold; the amount is another body's (measure 8: the county's), award 0
INCLUDED = "included"  # whitelist
EXCLUDED = "excluded"  # whitelist

STATUSES = (AWARDED, COMMENDED, QUALIFIED, SUPERSEDED, INELIGIBLE, NOT_RANKED, OUT_OF_PERIOD, INCLUDED, EXCLUDED)

# polars dtypes of the ledger columns, by name (strings so this module does not import polars).
LEDGER_DTYPES = {
    "beneficiary": "str",
    "beneficiary_name": "str",
    "measure": "int",
    "rule": "str",
    "year": "int",
    "award": "money",
    "status": "str",
    "basis": "str",
}


def ledger_schema(award_decimals: int | None = None) -> dict:
    """The ledger columns' polars dtypes, in order: awards as conformed money (Decimal(38, 6)), or with
    the policy's `award_decimals` places when given (what the rules write)."""
    import polars as pl

    from jncli.values import MONEY_DTYPE, award_dtype

    money = MONEY_DTYPE if award_decimals is None else award_dtype(award_decimals)
    kinds = {"str": pl.String, "int": pl.Int64, "money": money}
    return {name: kinds[LEDGER_DTYPES[name]] for name in LEDGER_COLUMNS}
