"""The yearly report of `jncli annual`: report.html (self-contained, opens offline) and report.xlsx.

report.html is one file people would rather look at than read: the awards per measure, the county
ranking with the growth tests, the enterprise tiers, shop growth per county and month, the whitelist
changes, every warning, the policy articles cited, and charts. Charts are drawn by pygal as inline SVG
whose text stays text, so the browser renders the Chinese with its own fonts (a CSS font stack of the
usual CJK fonts); nothing is loaded from anywhere: no script, no image file, no URL. Layout depends on
the data only (pygal estimates text widths by character count, CJK counted wide: labels never clip), so
the same run gives the same bytes everywhere.

report.xlsx: one sheet per measure's result plus the ledger and the ledger check, with header labels
in the report's language, money as 万元 with 2 decimals; the cells are written by the table writer
(`jncli.tableio.write_workbook`: text is always a string cell, so no formula can run).

No timestamps anywhere: the time of the run lives only in manifest.json.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

from jncli.report.page import build_html
from jncli.report.words import SHEETS, T, _ratios_as_numbers, headers, label

if TYPE_CHECKING:
    import polars as pl

    from jncli.annual import Run

WORKBOOK_CREATED = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # = the zip entries' date: no run time
MONEY_FORMAT = "#,##0.00"


# ------------------------------------------------------------------------------------------ entry point
def write_report(r: Run, folder: str, html_name: str, xlsx_name: str) -> None:
    """Write report.html and report.xlsx for the run into `folder` (through jncli.tableio)."""
    from jncli import tableio

    lang = r.parsed.lang
    tableio.write_bytes(os.path.join(folder, html_name), build_html(r).encode("utf-8"))
    sheets = []
    for name, frame in _tables(r):
        zh, en = SHEETS[name]
        sheets.append((zh if lang == "zh" else en, frame, headers(frame, lang)))
    tableio.write_workbook(os.path.join(folder, xlsx_name), sheets, money_format=MONEY_FORMAT, created=WORKBOOK_CREATED)


def _tables(r: Run) -> list[tuple[str, pl.DataFrame]]:
    out = [(s.name, _ratios_as_numbers(s.table)) for s in r.steps.values() if s.table is not None]
    out += [("ledger", r.ledger), ("check-validity", r.violations)]
    if r.robustness is not None:
        out.append(("robustness", r.robustness))
    if r.comparison is not None:
        out.append(("compare", r.comparison))
    return out


__all__ = ["T", "build_html", "headers", "label", "write_report"]
