"""Why a big CSV's dates and money are read as text, not with polars' typed CSV reader (issue 18, branch
csvtyped; docs/performance.md, "Branch csvtyped").

A typed `scan_csv` (dates as `pl.Date`, money as `pl.Decimal(38, 6)` or `pl.Float64`) would save ~1 s of the
10 M-row track-shops run, but it reads, without an error, cells that jncli refuses or reads differently: a
lone CR inside a date, a column of day-first dates (polars picks the pattern from a column's first value,
and again per chunk of a big file), money finer than 1 分 rounded away. A failing typed read cannot be the
signal to fall back either: whether polars refuses a later cell in another pattern depends on how it cut
the file into chunks (which columns the query reads, the file's size).

Each case here is a file jncli's scanned path (threshold 0) reads as its in-memory path does — refused, or
one value — and that polars' typed reader takes as something else. If the second half of a case fails,
polars' reader has changed: measure again (docs/performance.md) before typing a column. If the first half
fails, jncli's reading changed: a typed read would have let these cells through.
"""

from __future__ import annotations

import polars as pl
import pytest

from jncli.errors import DataError
from jncli.options import InputOptions
from jncli.tableio import conform, read_table, text

HEADER = "platform,county,opened_on,migrated_in_on,origin_city,closed_on,in_statistics,online_retail,shop_id\n"


def _row(i: int, date: str = "2023-01-05", money: str = "1.25") -> str:
    return f"天猫,任城区,{date},,,,是,{money},A{i}"


def _money(cell: str) -> list[str]:  # a plain row, then one with `cell` as its money
    return [_row(1), _row(2, money=cell)]


DECIMAL = pl.Decimal(38, 6)


# case: (column, polars' dtype, the file's rows, what jncli reads: "refused" or the column's values as text)
CASES = {
    "lone_cr_inside_a_date": ("opened_on", pl.Date, [_row(1), _row(2, "2023-01-\r05")], "refused"),
    "lone_cr_inside_the_first_date": ("opened_on", pl.Date, [_row(1, "2023-01-\r05"), _row(2)], "refused"),
    "day_first_with_slashes": ("opened_on", pl.Date, [_row(i, "05/01/2023") for i in range(3)], "refused"),
    "day_first_read_as_may": ("opened_on", pl.Date, [_row(i, "01/05/2023") for i in range(3)], "refused"),
    "day_first_with_dashes": ("opened_on", pl.Date, [_row(i, "05-01-2023") for i in range(3)], "refused"),
    "day_first_with_dots": ("opened_on", pl.Date, [_row(i, "05.01.2023") for i in range(3)], "refused"),
    # a two-digit first field: no date for jncli (a year of four digits: test_short_years.py), day 23 of the year 5
    # for polars' pattern
    "two_digit_first_field": ("opened_on", pl.Date, [_row(i, "23-01-05") for i in range(3)], "refused"),
    "money_finer_than_a_fen_decimal": ("online_retail", DECIMAL, _money("1.2345678"), "refused"),
    "money_in_exponent_decimal": ("online_retail", DECIMAL, _money("1.5e-7"), "refused"),
    "money_17_digits_decimal": ("online_retail", DECIMAL, _money("0.30000000000000001"), "refused"),
    "money_17_digits_float": ("online_retail", pl.Float64, _money("0.30000000000000001"), "refused"),
}


def _jncli(path: str, column: str, monkeypatch, lazy_bytes: int):
    monkeypatch.setattr(text, "LAZY_CSV_BYTES", lazy_bytes)
    try:
        table = read_table(path, InputOptions())
        values = conform(table, "shops", InputOptions(), lazy=True).collect()[column].to_list()
    except DataError as e:
        return "refused", str(e)
    return [str(v) for v in values], table.scanned


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_polars_typed_csv_reader_takes_cells_jncli_refuses_or_reads_otherwise(tmp_path, monkeypatch, case):
    column, dtype, rows, expected = CASES[case]
    path = tmp_path / "shops.csv"
    path.write_bytes((HEADER + "\n".join(rows) + "\n").encode("utf-8"))
    scanned, in_memory = _jncli(str(path), column, monkeypatch, 0), _jncli(str(path), column, monkeypatch, 1 << 60)
    assert scanned[0] == in_memory[0] == expected
    if expected == "refused":  # the same message on both paths, naming the row and the column
        assert scanned[1] == in_memory[1] and f", column {column} ({column}):" in scanned[1]
    else:
        assert scanned[1] is True and in_memory[1] is False  # the scanned path read it
    typed = pl.scan_csv(path, infer_schema=False, schema_overrides={column: dtype}).collect()[column]
    assert typed.null_count() == 0  # polars' typed read: no error, a value in every cell …
    if dtype == pl.Float64:  # … and a float that fits 6 decimals: what jncli takes from Float64 money unchecked
        assert typed.to_list()[-1] == 0.3
    else:
        assert [str(v) for v in typed.to_list()] != expected  # … but not what jncli reads
