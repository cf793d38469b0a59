"""Table I/O: the one place that opens data files.

Reading (`reader.py`): format and encoding detection, CSV structure checks, header aliases, units
and type conversion against a schema (`conform`). Writing (`writer.py`): format choice, atomic `-o`,
formula-injection escaping, terminal tables.

Conformed frames (what rule modules receive) have the schema's canonical column names and dtypes:
text/id → String (stripped, empty → null), int → Int64, number → Float64, money → Decimal(38, 6) in
万元, bool → Boolean, date → Date; plus `_source` (file name) and `_row` (row number as a spreadsheet
shows it: the header is row 1, the first data row is row 2) so errors can name file and row.
Columns not in the schema pass through under their original header as String.
"""

from jncli.tableio.common import INTERNAL_COLUMNS, MONEY_DTYPE
from jncli.tableio.reader import Table, concat_raw, conform, conform_all, conform_first, read_table, read_tables
from jncli.tableio.writer import atomic_folder, sink_file, write_bytes, write_file, write_table, write_workbook

__all__ = [
    "INTERNAL_COLUMNS", "MONEY_DTYPE", "Table", "concat_raw", "conform", "conform_all", "conform_first", "read_table", "read_tables",
    "sink_file", "write_file", "write_table", "atomic_folder", "write_bytes", "write_workbook",
]
