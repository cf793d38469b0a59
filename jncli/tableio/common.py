"""Constants shared by the reader and the writer."""

import polars as pl

# Bookkeeping columns the reader adds (file name, spreadsheet row number); the writer never outputs them.
INTERNAL_COLUMNS = ("_source", "_row")

# Money in 万元 with 6 decimals: exact for 元 amounts with 2 decimals (0.01 元 = 0.000001 万元).
MONEY_DTYPE = pl.Decimal(38, 6)
