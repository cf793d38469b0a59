"""Table I/O: the one place that opens data files.

Reading: `sources` (paths, stdin, compression, format sniffing, `read_table`), `encodings`, `text`
(CSV/TSV, JSON), `excel` (XLSX), `columnar` (Parquet, Arrow), all returning a `table.Table`; then
`conform` (header aliases, units and type conversion against a schema). Writing: `writer` (format
choice, the formats, formula-injection escaping), `cells` (values as text), `terminal` (tables for
people), `atomic` (atomic `-o` and folders). tableio imports `jncli.values`, `jncli.settings`,
`jncli.errors` and `jncli.schema`; never the command-line layer (`jncli.options`, typer, `jncli.cli`)
nor the rules.

Conformed frames (what rule modules receive) have the schema's canonical column names and dtypes:
text/id → String (stripped, empty → null), int → Int64, number → Float64, money → Decimal(38, 6) in
万元, bool → Boolean, date → Date; plus `_source` (file name) and `_row` (row number as a spreadsheet
shows it: the header is row 1, the first data row is row 2) so errors can name file and row.
Columns not in the schema pass through under their original header as String.
"""

from jncli.tableio.atomic import (
    atomic_folder,
    folder_lock,
    interrupted_swap,
    recover_folder,
    swap_leftover,
    write_bytes,
)
from jncli.tableio.conform import conform, conform_all, conform_first
from jncli.tableio.excel import sheet_names
from jncli.tableio.headers import has_own_columns, own_columns
from jncli.tableio.layout import settle
from jncli.tableio.sources import read_table, read_tables
from jncli.tableio.table import INTERNAL_COLUMNS, Table, concat_raw, header_as_written, summary
from jncli.tableio.writer import sink_file, write_file, write_table, write_workbook
from jncli.values import MONEY_DTYPE

__all__ = [
    "has_own_columns",
    "own_columns",
    "INTERNAL_COLUMNS",
    "MONEY_DTYPE",
    "Table",
    "concat_raw",
    "header_as_written",
    "conform",
    "conform_all",
    "conform_first",
    "read_table",
    "read_tables",
    "settle",
    "summary",
    "sheet_names",
    "sink_file",
    "write_file",
    "write_table",
    "atomic_folder",
    "folder_lock",
    "interrupted_swap",
    "recover_folder",
    "swap_leftover",
    "write_bytes",
    "write_workbook",
]
