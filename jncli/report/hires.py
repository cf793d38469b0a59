"""The report's section on measure 8 (trained hires): the employers qualified or awarded, per county.

No person appears here: the step's table has one row per employer (person ids stay in `--detail`,
masked, which the yearly run does not write).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from jncli.report.words import _money

if TYPE_CHECKING:
    from jncli.annual import Run


def measure_8(r: Run, t: dict, table_html, select, esc) -> list[str]:
    """第八条: how many employers qualified or were awarded, and their rows (those with no qualifying hire
    are in report.xlsx and trained-hires.csv)."""
    import polars as pl

    m8 = r.steps["trained-hires"].table if "trained-hires" in r.steps else None
    if m8 is None:
        return []
    lang = r.parsed.lang
    out = [f"<h2>{esc(t['m8'])}</h2>"]
    counted = m8.filter(pl.col("qualifying_hires") > 0)
    if not counted.height:
        return [*out, f"<p>{esc(t['m8_none'])}</p>"]
    awarded = counted.filter(pl.col("status") == "awarded")
    amount = awarded["award"].sum() if awarded.height else Decimal(0)
    out.append(
        "<p>"
        + esc(
            t["m8_counts"].format(
                employers=counted.height,
                hires=int(counted["qualifying_hires"].sum()),
                awarded=awarded.height,
                amount=_money(amount),
                qualified=counted.filter(pl.col("status") == "qualified").height,
            )
        )
        + "</p>"
    )
    columns = ["beneficiary", "beneficiary_name", "county", "qualifying_hires", "rate", "award", "status", "basis"]
    out.append(table_html(select(counted, columns), lang))
    out.append(f'<p class="meta">{esc(t["m8_note"])}</p>')
    return out
