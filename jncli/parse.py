"""Option values as typed on the command line, turned into values: one parser per kind of option.

`--lang`, the growth rates (`--province-growth` …), `--budget`, `--weights` and the `--as-of` dates are
parsed here, by the commands (`jncli.cli`) and by `jncli annual` alike, so that an option means the
same thing and fails with the same words wherever it is given. No typer here, and nothing heavy at
import time: `jncli --help` imports the CLI, and the CLI imports this only inside its commands.
A bad value is a `UsageError` (exit 2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jncli.errors import UsageError

if TYPE_CHECKING:
    import datetime as dt
    from decimal import Decimal


def check_lang(lang: str) -> str:
    """`--lang zh|en`."""
    if lang not in ("zh", "en"):
        raise UsageError(f"--lang must be zh or en, not {lang!r}")
    return lang


def parse_rate(text: str, option_name: str, bare_limit: Decimal | None = None) -> float:
    """A growth rate given on the command line: a fraction (`0.12`, `-0.03`) or a percentage (`12%`, `１２％`).

    A bare number beyond ±1 is refused rather than guessed: `12` would be 1200 %, and a person who typed
    it almost certainly meant 12 %; they write `12%` (or `1200%` if they really mean it). `bare_limit`
    (the province averages: the policy's m1.province_growth_bare_limit) refuses a bare number from that
    absolute value up the same way: `1` would be 100 %, and `1%` was meant; with % a rate is as written.
    """
    import math
    import unicodedata
    from decimal import Decimal, InvalidOperation

    raw = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")
    percent = raw.endswith("%")
    number = raw[:-1] if percent else raw
    try:
        value = Decimal(number)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise UsageError(f"{option_name} must be a fraction like 0.12 or a percentage like 12%, not {text!r}")
    if percent:
        value /= 100
    elif bare_limit is not None and abs(value) >= bare_limit:
        shown = format((value * 100).normalize(), "f")
        raise UsageError(
            f"{option_name} {text} would be {shown}%: write {text}% or {shown}% (a bare number at or beyond "
            f"±{bare_limit} is almost certainly a percentage written without %: policy m1.province_growth_bare_limit)"
        )
    elif abs(value) > 1:
        raise UsageError(
            f"{option_name} {text} would be {value * 100}%: write {text}% for a percentage, or a fraction such as 0.12"
        )
    result = float(value)
    if not math.isfinite(result):
        raise UsageError(f"{option_name} is out of range: {text!r}")
    return result


def parse_rates(**given: tuple[str | None, str]) -> dict[str, float | None]:
    """Several rates at once, in the order given: {name: (text or None, option name)} → {name: rate or None}."""
    return {name: parse_rate(text, option) if text is not None else None for name, (text, option) in given.items()}


def check_province_rates(
    bare_limit: Decimal, bare_warn: Decimal | None = None, **given: tuple[str | None, str]
) -> list[str]:
    """The province averages once the policy is loaded: a bare number from the policy's
    m1.province_growth_bare_limit up is refused (`parse_rate`), as `12` is before it is loaded; one from
    m1.province_growth_bare_warn up (below the limit) is read, with a warning returned (`0.3` is 30 %)."""
    import unicodedata
    from decimal import Decimal

    said = []
    for text, option in given.values():
        if text is None:
            continue
        value = Decimal(str(parse_rate(text, option, bare_limit)))
        raw = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")
        if bare_warn is not None and not raw.endswith("%") and abs(value) >= bare_warn:
            shown = format((Decimal(raw) * 100).normalize(), "f")
            said.append(
                f"{option} {text} is read as {shown}%; write {shown}% or {text}% to be explicit (a bare number "
                f"from ±{bare_warn} up may be a percentage written without %: policy m1.province_growth_bare_warn)"
            )
    return said


def parse_budget(text: str | None) -> Decimal | None:
    """`--budget X` in 万元 (award-enterprises, annual): ≥ 0, at most 6 decimals, thousands commas allowed."""
    from decimal import Decimal, InvalidOperation

    if text is None:
        return None
    try:
        amount = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.000001")):
        raise UsageError(f"--budget must be an amount in 万元 ≥ 0 with at most 6 decimals, not {text!r}")
    return amount


def parse_amount(text: str | None, option: str) -> Decimal | None:
    """An amount in 万元 that may be negative (`--city-ent-change`): at most 6 decimals, thousands commas allowed."""
    import unicodedata
    from decimal import Decimal, InvalidOperation

    if text is None:
        return None
    raw = unicodedata.normalize("NFKC", str(text)).strip().replace(",", "")
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount != amount.quantize(Decimal("0.000001")):
        raise UsageError(f"{option} must be an amount in 万元 with at most 6 decimals, such as 1250.5, not {text!r}")
    return amount


def parse_weights(text: str) -> tuple[float, float]:
    """`--weights S,G` → (S, G): S for the scale-like indicator, G for the growth-like one: two fractions from
    0 to 1 that sum to exactly 1 (compared as the decimals written), as the policy file's own weights must."""
    from decimal import Decimal, InvalidOperation

    from jncli.policy.weights import weights_problem

    parts = [p.strip() for p in text.replace("，", ",").split(",")]
    try:
        if len(parts) != 2:
            raise InvalidOperation
        exact = (Decimal(parts[0]), Decimal(parts[1]))
        if not all(d.is_finite() for d in exact):
            raise InvalidOperation
    except InvalidOperation:
        raise UsageError(f"--weights must be two numbers S,G such as 0.5,0.5, not {text!r}") from None
    problem = weights_problem(*exact)
    if problem:
        raise UsageError(f"--weights {text}: {problem[0]}", hint=problem[1])
    return float(exact[0]), float(exact[1])


def parse_date(text: str, option: str = "--as-of") -> dt.date:
    """A date option (whitelist, annual `--as-of`) in any form a date cell may take (RULES.md §0):
    2023-05-01, 2023/5/1, 20230501, 2023年5月1日 … — the reader's own parser, so options and files agree."""
    day = _date(text)
    if day is None:
        raise UsageError(
            f"{option}: {text!r} is not a date", hint="write it like 2023-06-30, 2023/6/30, 20230630 or 2023年6月30日"
        )
    return day


def parse_policy_day(text: str) -> dt.date:
    """`check-validity --as-of DATE`: the day to ask the policy about, in the same date forms."""
    from jncli.values import DATE_FORMS

    day = _date(text)
    if day is None:
        raise UsageError(f"--as-of must be a date ({DATE_FORMS}), not {text!r}")
    return day


def _date(text: str) -> dt.date | None:
    """A date as the reader accepts it (ISO, 2023/5/1, 20230501, 2023年5月1日); None if it is none."""
    import polars as pl

    from jncli.values import parse_date_expr

    return pl.select(parse_date_expr(pl.lit(text, pl.String))).item()
