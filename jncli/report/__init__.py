"""The yearly report of `jncli annual`: report.html (self-contained, opens offline) and report.xlsx.

report.html is one file people would rather look at than read: the awards per measure, the county
ranking with the growth tests, the enterprise tiers, shop growth per county and month, the whitelist
changes, every warning, the policy articles cited, and charts. Charts are drawn by pygal as inline SVG
whose text stays text, so the browser renders the Chinese with its own fonts (a CSS font stack of the
usual CJK fonts); nothing is loaded from anywhere: no script, no image file, no URL. Layout depends on
the data only (pygal estimates text widths by character count, CJK counted wide: labels never clip), so
the same run gives the same bytes everywhere.

report.xlsx: the summaries and the run's warnings and notes, one sheet per measure's result plus the ledger and the
ledger check, with header labels
in the report's language, money as 万元 with 2 decimals; the cells are written by the table writer
(`jncli.tableio.write_workbook`: text is always a string cell, so no formula can run).

No timestamps anywhere: the time of the run lives only in manifest.json.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

from jncli.report.page import build_html
from jncli.report.words import NUMBER_FORMATS, SHEETS, T, _ratios_as_numbers, headers, label, sheet_frame

if TYPE_CHECKING:
    import polars as pl

    from jncli.annual import Run

WORKBOOK_CREATED = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # = the zip entries' date: no run time
MONEY_FORMAT = "#,##0.00"


# ------------------------------------------------------------------------------------------ entry point
def write_report(r: Run, folder: str, html_name: str, xlsx_name: str) -> None:
    """Write report.html and report.xlsx for the run into `folder` (through jncli.tableio)."""
    from jncli import tableio

    tableio.write_bytes(os.path.join(folder, html_name), build_html(r).encode("utf-8"))
    sheets, formats = workbook_sheets(r)
    tableio.write_workbook(
        os.path.join(folder, xlsx_name), sheets, money_format=MONEY_FORMAT, created=WORKBOOK_CREATED, formats=formats
    )


def workbook_sheets(r: Run) -> tuple[list, dict[str, dict[str, str]]]:
    """report.xlsx's sheets — the summary (per rule, then per county by payer) first, then every result —
    with statuses, decisions and yes/no in the report's language and the number format of each ratio."""
    from jncli.report.payers import as_frame, payer_table, rule_summary

    lang = r.parsed.lang
    t = T[lang]
    sheets: list = []
    formats: dict[str, dict[str, str]] = {}
    summaries = (("summary", rule_summary(r, t)), ("payers", payer_table(r, t)[:2]), ("warnings", _warnings(r, t)))
    for key, (columns, rows) in summaries:
        zh, en = SHEETS[key]
        sheets.append((zh if lang == "zh" else en, as_frame(columns, rows), columns))
    for name, frame in _tables(r):
        zh, en = SHEETS[name]
        frame = sheet_frame(frame, name, r)
        sheet = zh if lang == "zh" else en
        sheets.append((sheet, frame, headers(frame, lang)))
        formats[sheet] = {c: f for c, f in NUMBER_FORMATS.items() if c in frame.columns}
    return sheets, formats


def _warnings(r: Run, t: dict) -> tuple[list[str], list[list]]:
    """The run's warnings, then its notes, as report.html lists them: a reader of the workbook alone sees them too
    (a paid amount above its plausibility bound is a warning only)."""
    from jncli.rules import in_lang

    lang = r.parsed.lang
    rows = [[t["warning_kind"], in_lang(m, lang)] for k, m in r.messages if k == "warning"]
    rows = rows or [[t["warning_kind"], t["warnings_none"]]]
    rows += [[t["note_kind"], in_lang(m, lang)] for k, m in r.messages if k == "note"]
    return [t["message_kind"], t["message"]], rows


def _tables(r: Run) -> list[tuple[str, pl.DataFrame]]:
    out = [(s.name, _ratios_as_numbers(s.table)) for s in r.steps.values() if s.table is not None]
    out += [("ledger", r.ledger), ("check-validity", r.violations)]
    if r.robustness is not None:
        out.append(("robustness", r.robustness))
    if r.comparison is not None:
        out.append(("compare", r.comparison))
    return out


__all__ = ["T", "build_html", "headers", "label", "workbook_sheets", "write_report"]
