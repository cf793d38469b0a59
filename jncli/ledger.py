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


# ---------------------------------------------------------------------------------------------------------------------
# The table on a terminal (`jncli.tableio.terminal`): per command, the decision — always shown, in this order, and
# fitting 80 columns — then the columns that follow as the width allows; the table's other columns come after
# those in their own order. EXPLAINED columns (sentences) are never squeezed into a column: `--explain` shows them
# under each row, and the line on stderr names them when they are left out. A command not listed (cat, verify …)
# gets DEFAULT_TERMINAL: a ledger read by `cat` shows its decision first too. "a|b": a if the table has it, else b.
# margin_up / margin_down exist only with --margins, the question then asked: they are part of the decision.
DEFAULT_TERMINAL = (
    ("beneficiary_name", "rule", "rank", "award", "status"),
    ("county", "kind", "file", "status", "detail", "year", "beneficiary", "measure"),
)
TERMINAL_COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "score-counties": (
        ("county", "rule", "rank", "award", "status", "margin_up", "margin_down"),
        ("category", "score", "robust", "award_min", "award_max", "growth", "scale"),
    ),
    "award-enterprises": (
        ("beneficiary_name", "rule", "award", "status", "margin_up", "margin_down"),
        ("county", "online_retail", "entitled", "received", "national_title"),
    ),
    "track-shops": (
        ("county", "rule", "rank", "award", "status"),
        (  # with --margins, its four margins first (all four beside the decision need some 85 columns)
            "margin_up_shops",
            "margin_down_shops",
            "margin_up",
            "margin_down",
            "new_shops",
            "active_end",
            "closed_shops",
            "migrated_in",
            "migrated_retail",
        ),
    ),
    "whitelist": (
        ("beneficiary_name", "rule", "award", "status"),
        ("decision", "category", "county", "change", "recommend_province", "reasons", "blocking_records"),
    ),
    "trained-hires": (
        ("beneficiary_name", "rule", "award", "status"),
        ("county", "qualifying_hires", "hires_listed", "rate"),
    ),
    "check-validity": (
        ("beneficiary_name|beneficiary", "rule", "award", "status|kind", "in_force"),
        ("file", "row", "year", "reason"),
    ),
    "verify": (("file", "status"), ("kind", "detail")),
    "annual": (
        ("measure", "rule", "awarded", "award"),
        ("qualified", "commended", "rows"),
    ),  # its summary on a terminal
    "compare": (
        ("beneficiary_name|by", "rule", "award_a", "award_b", "difference", "change"),
        (
            "measure",
            "county",
            "county_a",
            "county_b",
            "status_a",
            "status_b",
            "gain",
            "loss",
            "changed",
            "rows",
            "year",
        ),
    ),
    # `compare --summary`: a row is a total by measure, by county or of everything — which one is part of the
    # decision (a per-county figure without its county decides nothing)
    "compare --summary": (
        ("by", "measure", "county", "award_a", "award_b", "difference"),
        ("gain", "loss", "changed", "rows"),
    ),
}
EXPLAINED = ("basis", "message")


def terminal_columns(command: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the decision, what follows) of `command`'s table on a terminal."""
    return TERMINAL_COLUMNS.get(command, DEFAULT_TERMINAL)
