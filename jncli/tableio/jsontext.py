"""JSON and JSON lines input (the text reader sends them here after sniffing). May import polars,
`jncli.errors`, `table` and `encodings`.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl

from jncli.errors import DataError
from jncli.tableio.encodings import _decode_all
from jncli.tableio.table import Table, _first_line


def _from_json(name: str, path: str | None, data: bytes | None, codec: str, first: str, explicit: bool) -> Table:
    raw = data if data is not None else Path(path).read_bytes()
    if codec not in ("utf-8",):
        raw = _decode_all(name, None, raw, codec, explicit).encode("utf-8")
    try:
        # types from every record, not the first 100: else a later 1234.56 is cut to fit an integer
        # column, and a key first seen after line 100 is dropped
        if first == "[":
            df = pl.read_json(io.BytesIO(raw), infer_schema_length=None)
            fmt = "json"
        else:
            df = pl.read_ndjson(io.BytesIO(raw), infer_schema_length=None)
            fmt = "jsonl"
    except Exception as e:
        if first == "{":  # one pretty-printed object
            import json

            try:
                obj = json.loads(raw)
            except ValueError:
                raise DataError(f"cannot read {name} as JSON lines: {_first_line(e)}") from None
            df = pl.DataFrame([obj])
            fmt = "json"
        else:
            raise DataError(f"cannot read {name} as JSON: {_first_line(e)}") from None
    df = _flatten(df)
    columns = df.columns
    lf = df.lazy().with_row_index("_row", offset=1).with_columns(pl.col("_row").cast(pl.Int64), _source=pl.lit(name))
    return Table(lf, name, fmt, codec, columns)


def _flatten(df: pl.DataFrame) -> pl.DataFrame:
    """Nested objects become `parent/child` columns, as csvkit does."""
    while any(isinstance(dt, pl.Struct) for dt in df.dtypes):
        for name, dt in zip(df.columns, df.dtypes):
            if isinstance(dt, pl.Struct):
                inner = df.get_column(name).struct.unnest()
                inner.columns = [f"{name}/{c}" for c in inner.columns]
                at = df.columns.index(name)
                df = pl.concat([df.select(df.columns[:at]), inner, df.select(df.columns[at + 1 :])], how="horizontal")
                break
    return df
