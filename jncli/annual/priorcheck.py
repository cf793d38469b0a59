"""The prior ledgers (`--prior`, or the verified earlier run beside OUT_DIR) checked before they say what
was received: 以上奖励政策按就高原则执行，不重复享受。

What each enterprise received before is deducted from its award (RULES.md §2, "Received"), so a prior
ledger that is not what was paid moves money with exit 0: the same payments given twice (the ledger
twice, a copy, the ledger and the finance office's paid sheet) are deducted twice; amounts in 元 under a
header without a unit (50000 for 5 万元) leave every top-up 0. The rows of the earlier years of the period
are checked as `jncli check-validity` checks a ledger (`jncli.rules.validity.check_ledger`:
duplicate_award across all the prior ledgers, m2 and m6 as one group; above_cap; bad_amount; bad_id: a
payment whose credit code is no valid code, deducted from nobody; …), and a tier rule dated another year of
the period (wrong_year: m2.tier2022 of 2023, the year it was paid out) in any row; any violation stops the run,
naming the file, row and what is wrong. A clean prior changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jncli.errors import DataError, row_ref

if TYPE_CHECKING:
    from jncli.policy import Policy

# what to do, per violation kind (the rest: see check-validity)
TWICE = "give each year's payments once: one ledger of what was paid per year (not the same rows in two files)"
UNIT = (
    "if the file's amounts are in 元, label the amount column with its unit (奖励金额(元)); otherwise pass the "
    "ledger of what was actually paid"
)
OTHER = "pass the ledger of what was actually paid (`jncli check-validity FILE` lists every violation)"
CODE = (
    "write the unified social credit code as the earlier year's run wrote it in its ledger (the beneficiary_name "
    "column names the enterprise); a code column Excel saved as a number: format it as text and copy the codes "
    "again (`jncli check-validity FILE` lists every such row)"
)
YEAR = (
    "write the year the award is for (the tier table's year in the policy file), not the year it was paid out "
    "(`jncli check-validity FILE` lists every such row)"
)
STATUS = (
    "only awarded rows carry money: write the status the payment had (awarded if it was paid), or 0 as the amount "
    "of a row that paid nothing (`jncli check-validity FILE` lists every such row)"
)
HINTS = {"duplicate_award": TWICE, "above_cap": UNIT, "bad_amount": UNIT, "bad_id": CODE, "wrong_year": YEAR}
# the cell that is wrong, for the kinds that are about one cell
COLUMN = {"bad_id": "beneficiary", "wrong_year": "year"}


def check_prior(ledger, policy: Policy, year: int) -> None:
    """The rows of the earlier years of the period of a conformed prior ledger (None: nothing to check) checked
    as `check-validity` checks a ledger; a DataError at the first violation (in the language of the run's
    messages: it goes to stderr, not into a report)."""

    from jncli import messages
    from jncli.rules import validity
    from jncli.rules.enterprises.received import earlier_years

    if ledger is None:
        return
    found = validity.prior_violations(ledger, policy, earlier_years(policy, year), lang=messages.lang())
    if found.height:
        _refuse(found.row(0, named=True), found.height, policy.award_decimals)


def _refuse(v: dict, n: int, places: int) -> None:
    """The first violation of the prior ledgers as a data error (with how many there are in all)."""
    where = row_ref(v["file"], v["row"], COLUMN.get(v["kind"]))
    hint = HINTS.get(v["kind"], OTHER)
    a = v["award"]
    if v["kind"] == "bad_amount" and a is not None and a > 0 and a == round(a, places):
        hint = STATUS  # a sound amount, so money on a row that is not awarded (rules.validity._bad_amounts)
    if n > 1:
        raise DataError(
            f"{where}: {v['kind']}: {v['message']} ({n} violations in the prior ledgers' rows of the earlier "
            f"years): what was received before cannot be taken from them",
            hint,
        )
    raise DataError(
        f"{where}: {v['kind']}: {v['message']}: what was received before cannot be taken from the prior ledgers",
        hint,
    )
