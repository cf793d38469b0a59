"""Parquet and Arrow IPC input: polars reads them with their own types (lazily from a file on disk).
May import polars, `jncli.errors` and `table`.
"""

from __future__ import annotations

import io

import polars as pl

from jncli.errors import DataError
from jncli.tableio.table import Table, _first_line, refuse_reserved


def _from_columnar(name: str, path: str | None, data: bytes | None, kind: str) -> Table:
    label = {"parquet": "Parquet", "ipc": "Arrow IPC", "ipc_stream": "Arrow IPC stream"}[kind]
    try:
        # The row numbers from the scan itself: a row index added on top of a scan whose schema was
        # asked for stops polars from skipping rows (a slice of the last rows read all 10 M of them).
        rows = {"row_index_name": "_row", "row_index_offset": 1}
        scanned = bool(path) and kind != "ipc_stream"
        if kind == "parquet":
            lf = pl.scan_parquet(path, **rows) if path else pl.read_parquet(io.BytesIO(data)).lazy()
        elif kind == "ipc":
            lf = pl.scan_ipc(path, **rows) if path else pl.read_ipc(io.BytesIO(data)).lazy()
        else:
            lf = pl.read_ipc_stream(path if path else io.BytesIO(data)).lazy()
        try:
            columns = [c for c in lf.collect_schema().names() if not (scanned and c == "_row")]
        except pl.exceptions.DuplicateError:  # a column `_row`, the scan's row numbers' name
            read_schema = pl.read_parquet_schema if kind == "parquet" else pl.read_ipc_schema
            columns = list(read_schema(path))
        if path and kind == "parquet":
            # A truncated file can still have a readable footer cache miss; touch the metadata now.
            pl.read_parquet_schema(path)
    except Exception as e:  # polars/pyo3 raise several kinds for corrupt files
        raise DataError(f"cannot read {name} as {label}: {_first_line(e)}") from None
    refuse_reserved(name, columns)
    if not scanned:
        lf = lf.with_row_index("_row", offset=1)
    lf = lf.with_columns(pl.col("_row").cast(pl.Int64), _source=pl.lit(name))
    return Table(lf, name, kind, None, columns, in_memory=not scanned)
