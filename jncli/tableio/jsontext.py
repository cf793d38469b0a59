"""JSON and JSON lines input (the text reader sends them here after sniffing). May import polars,
`jncli.errors`, `table` and `encodings`.
"""

from __future__ import annotations

import io
import re
from decimal import Context, Decimal
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
    _refuse_changed_numbers(name, df, raw)
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


# A JSON number is read as a double (or an integer of at most 128 bits): a number with more than 15
# significant digits may come back as another one (12345678901234567890123 beside a 5.25 as
# 12345678901234568000000, 10³⁹ as an empty cell). The cheap look: a number token of 16 characters or more
# after `:`, `[` or `,` (a string starts with `"`); only then the exact parse, and each such number is
# compared with the cell polars read (a 19-digit id in a column of integers is kept exactly, and taken).
_LONG_TOKEN = re.compile(rb"[:\[,]\s*-?\d[\d.eE+\-]{15,}")
KEPT_DIGITS = 15


def _refuse_changed_numbers(name: str, df: pl.DataFrame, raw: bytes) -> None:
    """A JSON number polars did not read as written is an error naming its record and key: written as a
    string ("12345678901234567890123") it is read exactly, as text is."""
    if not _LONG_TOKEN.search(raw):
        return
    import json

    def parse(text: bytes):
        return json.loads(text, parse_float=Decimal, parse_int=Decimal)

    try:
        try:
            records = parse(raw)  # an array of records, or one pretty-printed object
        except ValueError:  # JSON lines: one record a line
            records = [parse(line) for line in raw.splitlines() if line.strip()]
    except (ValueError, RecursionError):
        return
    records = [records] if isinstance(records, dict) else records
    if not isinstance(records, list) or len(records) != df.height:
        return
    wide = Context(prec=1000)
    for row, record in enumerate(records, start=1):
        for key, value in _numbers(record, ""):
            if len(value.normalize(wide).as_tuple().digits) <= KEPT_DIGITS or key not in df.columns:
                continue
            cell = df.get_column(key)[row - 1]
            kept = cell is not None and not isinstance(cell, bool) and _as_written(cell) == value
            if kept:
                continue
            hint = f'write it as a string ("{value}"): jncli reads text exactly'
            if cell is None:
                raise DataError(
                    f"{name} row {row}, key {key}: {value} has more digits than a JSON number holds: "
                    f"jncli would read an empty cell",
                    hint=hint,
                )
            raise DataError(
                f"{name} row {row}, key {key}: {value} has more significant digits than a JSON number keeps "
                f"exactly ({KEPT_DIGITS}): jncli would read {cell}",
                hint=hint,
            )


def _as_written(cell) -> Decimal | None:
    """The number a cell holds, as text would write it (a float by its shortest text)."""
    if isinstance(cell, int | float | Decimal):
        return Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
    return None


def _numbers(node, key: str):
    """(flattened key, Decimal) of the numbers of a record, nested objects as `parent/child` (as `_flatten`
    names them; numbers inside lists are left to the list column)."""
    if isinstance(node, Decimal):
        yield key, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _numbers(v, f"{key}/{k}" if key else str(k))
