"""JSON and JSON lines input (the text reader sends them here after sniffing). May import polars,
`jncli.errors`, `table` and `encodings`.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
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
            try:
                df = pl.DataFrame([obj])
            except Exception as e:  # an integer beyond 128 bits, a nesting too deep
                raise DataError(f"cannot read {name} as JSON: {_first_line(e)}") from None
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


# A JSON number is read as a double in a column of decimals, and as an integer of at most 128 bits in a
# column of integers: a number with more than 15 significant digits may come back as another one
# (12345678901234567890123 beside a 5.25 as 12345678901234568000000), 2e400 as inf, 1e-330 as 0, and an
# integer beyond 128 bits as an empty cell. Only a float column or a 128-bit one can hold such a change
# (polars types a column Int128 only for an integer beyond 64 bits; a column with text keeps the text):
# with one, and a long number token or a large exponent in the file, every number of those columns is
# compared with the exact parse (Python's json with Decimal; the first of duplicate keys, as polars).
_SUSPECT_TOKEN = re.compile(rb"[:\[,]\s*-?\d[\d.eE+\-]{15,}|\d[eE][+-]?\d{3}")
KEPT_DIGITS = 15


def _refuse_changed_numbers(name: str, df: pl.DataFrame, raw: bytes) -> None:
    """A JSON number polars did not read as written is an error naming its record and key: written as a
    string ("12345678901234567890123") it is read exactly, as text is."""
    watched = {c for c, t in df.schema.items() if t.is_float() or t == pl.Int128}
    if not watched or not (pl.Int128 in df.schema.values() or _SUSPECT_TOKEN.search(raw)):
        return
    import json

    def first_of_each_key(pairs: list) -> dict:
        out: dict = {}
        for k, v in pairs:
            out.setdefault(k, v)
        return out

    def parse(text: bytes):
        return json.loads(text, parse_float=Decimal, parse_int=Decimal, object_pairs_hook=first_of_each_key)

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
    columns = {c: df.get_column(c).to_list() for c in watched}
    for row, record in enumerate(records, start=1):
        for key, value in _numbers(record, ""):
            if key not in columns or _as_written(cell := columns[key][row - 1]) == value:
                continue
            hint = f'write it as a string ("{value}"): jncli reads text exactly'
            if cell is None:
                raise DataError(
                    f"{name} row {row}, key {key}: {value} has more digits than a JSON number holds: "
                    f"jncli would read an empty cell",
                    hint=hint,
                )
            raise DataError(
                f"{name} row {row}, key {key}: {value} is not a number a JSON reader keeps exactly "
                f"({KEPT_DIGITS} significant digits, from about 1e-307 to 1e308): jncli would read {cell}",
                hint=hint,
            )


def _as_written(cell) -> Decimal | None:
    """The number a cell holds, as text would write it (a float by its shortest text; inf and nan as
    Decimal's, which equal no number written in JSON)."""
    if isinstance(cell, bool) or not isinstance(cell, int | float | Decimal):
        return None
    return Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)


def _numbers(node, key: str):
    """(flattened key, Decimal) of the numbers of a record, nested objects as `parent/child` (as `_flatten`
    names them; numbers inside lists are left to the list column)."""
    if isinstance(node, Decimal):
        yield key, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _numbers(v, f"{key}/{k}" if key else str(k))
