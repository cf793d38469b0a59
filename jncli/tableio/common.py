"""Constants shared by the reader and the writer."""

from jncli.values import MONEY_DTYPE  # noqa: F401  (re-exported)

# Bookkeeping columns the reader adds (file name, spreadsheet row number); the writer never outputs them.
INTERNAL_COLUMNS = ("_source", "_row")
