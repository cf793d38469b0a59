"""Measure 1's weights checked (the policy file's, or `--weights S,G`): apart from `check`, so that a run of the
shipped policy (its `Policy` from the generated module, checked when it was generated) checks its weights
without importing the policy file's checks."""

from __future__ import annotations

from decimal import Decimal


def _plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 1E+6 → 1000000, 0.50 → 0.5."""
    return format(value.normalize(), "f")


def weights_problem(scale: Decimal, growth: Decimal) -> tuple[str, str] | None:
    """What is wrong with the weights of measure 1's score (the policy file's, or `--weights S,G`), and the fix;
    None when they are two fractions from 0 to 1 summing to exactly 1 (compared as decimals)."""
    pair = f"{_plain(scale)},{_plain(growth)}"
    if min(scale, growth) < 0:
        why = "a weight is below 0: each is a fraction from 0 to 1"
        hint = "e.g. 0.6,0.4 (scale, growth), the two summing to 1"
        return why, hint
    if scale > 1 and growth > 1:
        why = "they look like percentages: each weight is a fraction from 0 to 1"
        hint = f"{pair}: write both as fractions, e.g. {_plain(scale / 100)},{_plain(growth / 100)}"
        return why, hint
    if scale > 1 or growth > 1:
        fractions = [_plain(w / 100 if w > 1 else w) for w in (scale, growth)]
        why = "one is a fraction and the other a percentage: each weight is a fraction from 0 to 1"
        hint = f"{pair}: write both as fractions, e.g. {fractions[0]},{fractions[1]}"
        return why, hint
    if scale + growth != 1:
        why = f"they sum to {_plain(scale + growth)}, not 1"
        hint = f"the growth weight is 1 − the scale weight: e.g. {_plain(scale)},{_plain(1 - scale)}"
        return why, hint
    return None
