"""A jncli output found in the data folder: what it is, and where it goes instead (hostile review 3, D6).

Every table jncli writes holds the ledger's columns, and `annual` refuses one in DATA (`inputs.describe_unrecognised`):
a ledger (ledger.csv, award-enterprises.csv …) is given with --prior, last year's whitelist.csv with
--previous-whitelist, and score-counties.csv, track-shops.csv or commendations.csv are result tables, no record of
what was paid. Told apart by their own columns, in either language of `--headers` (`tableio.has_own_columns`).
May import tableio.
"""

from __future__ import annotations

# The columns by which a jncli output that holds the ledger's columns tells what it is (`--headers zh` too): the
# whitelist (given as --previous-whitelist), and the result tables that are no record of what was paid.
_WHITELIST_COLUMNS = ("decision", "change")
_RESULT_TABLES = (
    ("score-counties", ("score", "rank")),
    ("track-shops", ("new_shops",)),
    ("commendations", ("newly_ge_10000",)),
)


def own_output(seen: str, headers: list[str]) -> str:
    """What a table with a ledger's columns is, and where it goes: a whitelist.csv is last year's list
    (--previous-whitelist), score-counties.csv or track-shops.csv a result table (out of the folder), any other
    (ledger.csv, award-enterprises.csv …) a record of what was paid (--prior)."""
    from jncli import tableio

    if tableio.has_own_columns(headers, _WHITELIST_COLUMNS):
        return (
            f"{seen}; it is a jncli whitelist (whitelist.csv): last year's is given with --previous-whitelist, not in "
            "the folder"
        )
    for name, columns in _RESULT_TABLES:
        if tableio.has_own_columns(headers, columns):
            return (
                f"{seen}; it is jncli's {name}.csv, a result table and no record of what was paid: leave it out of "
                "the folder"
            )
    return f"{seen}; it is a jncli ledger: give it with --prior (what was received before), not in the folder"
