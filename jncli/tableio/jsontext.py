"""JSON and JSON lines input (the text reader sends them here after sniffing). May import polars,
`jncli.errors`, `table` and `encodings`.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import polars as pl

from jncli.errors import DataError
from jncli.tableio.encodings import _decode_all
from jncli.tableio.table import Table, _first_line, refuse_reserved


def _from_json(name: str, path: str | None, data: bytes | None, codec: str, first: str, explicit: bool) -> Table:
    raw = data if data is not None else Path(path).read_bytes()
    lines = first == "{"  # JSON lines, unless polars cannot read them and Python's json reads one object
    if codec not in ("utf-8",):
        raw = _decode_all(name, None, raw, codec, explicit).encode("utf-8")
    if _SURROGATE_ESCAPE.search(raw) and _may_hold_lone_surrogate(raw):
        _refuse_lone_surrogates(name, raw, first)
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
            try:
                obj, twice = _parse(raw, lines=False, exact_numbers=False)
            except (ValueError, RecursionError):
                if "(bool)" in str(e):
                    _find_yes_no_among_numbers(name, raw)
                _name_syntax_error(name, raw, lines=True)
                raise DataError(f"cannot read {name} as JSON lines: {_first_line(e)}") from None
            if twice:
                _refuse_keys_twice(name, [obj])
            lines = False
            try:
                df = pl.DataFrame([obj])
            except Exception as e:  # an integer beyond 128 bits, a nesting too deep
                raise DataError(f"cannot read {name} as JSON: {_first_line(e)}") from None
            _find_yes_no_in_records(name, _number_paths(df.schema), [obj])  # [true, 5] in it is [1, 5]
            fmt = "json"
        else:
            if isinstance(e, pl.exceptions.DuplicateError):  # a key twice in a nested object: name its record
                with contextlib.suppress(ValueError, RecursionError):
                    _refuse_keys_twice(name, _parse(raw, lines=first == "{", exact_numbers=False)[0])
            _name_syntax_error(name, raw, lines=False)
            raise DataError(f"cannot read {name} as JSON: {_first_line(e)}") from None
    if fmt == "jsonl" or first == "[":  # read by polars (one object is Python's json: its true is a bool)
        _refuse_yes_no_in_numbers(name, df, raw, fmt == "jsonl")
    flat = not any(isinstance(dt, pl.List | pl.Array | pl.Struct | pl.Object) for dt in df.dtypes)
    df = _flatten(df)
    watched = {c: t for c, t in df.schema.items() if _may_change(t)}
    exact_numbers = bool(watched) and (
        any(t == pl.Int128 for dt in watched.values() for t in _types(dt)) or _suspect(raw)
    )
    if exact_numbers or not (flat and _no_key_twice(df, raw)):
        try:
            if exact_numbers:
                records, twice = _parse(raw, lines=lines, exact_numbers=True)
            else:
                try:  # objects parsed to None: a list of 50 MB of records in Python would take ~3x the file
                    records, twice = json.loads(_text(raw, lines), object_pairs_hook=_once, strict=False), False
                except _KeyTwice:  # parsed again to name the record and key
                    records, twice = _parse(raw, lines=lines, exact_numbers=False)
        except (ValueError, RecursionError) as e:
            raise DataError(f"cannot read {name} as JSON: {_first_line(e)}") from None
        records = records if isinstance(records, list) else [records]  # one object
        if len(records) != df.height:
            n = len(records)
            raise DataError(f"cannot read {name} as JSON: {n} records, but {df.height} rows were read")
        if twice:
            _refuse_keys_twice(name, records)
        if exact_numbers:
            _refuse_changed_numbers(name, df, records, watched)
    columns = df.columns
    refuse_reserved(name, columns)
    lf = df.lazy().with_row_index("_row", offset=1).with_columns(pl.col("_row").cast(pl.Int64), _source=pl.lit(name))
    return Table(lf, name, fmt, codec, columns)


def _refuse_yes_no_in_numbers(name: str, df: pl.DataFrame, raw: bytes, lines: bool) -> None:
    """`true` / `false` among a column's numbers is an error naming its record and key: polars reads them
    as 1 and 0 (`[{"a": true}, {"a": 5}]` is a column of integers), a count or an amount no one wrote; so
    it does inside a nested object (`{"a": {"b": true}}` beside `{"a": {"b": 5}}`: the column `a/b`) and an
    array (`[true, 5]` is `[1, 5]`). A file with more of the words than its yes/no cells is read again."""
    numbers = [c for c, t in df.schema.items() if t.is_numeric()]
    nested = [c for c, t in df.schema.items() if t.is_nested() and any(x.is_numeric() for x in _types(t))]
    if not numbers and not nested:
        return
    # Each yes/no cell (at any depth: a struct's field, a list's item) is one word in the text (the words
    # cannot overlap): as many words as such cells leaves none for a number. A word in a string or a key
    # only sends the file to the check.
    yes_no = sum(
        _yes_no_cells(df.get_column(c)) for c, t in df.schema.items() if any(x == pl.Boolean for x in _types(t))
    )
    if raw.count(b"true") + raw.count(b"false") == yes_no:
        return
    if nested:  # every record, in Python's json: the first one with a word where the frame has numbers
        with contextlib.suppress(ValueError, RecursionError):
            records = json.loads(_text(raw, lines), strict=False)
            _find_yes_no_in_records(name, _number_paths(df.schema), records if isinstance(records, list) else [])
        return
    as_text = dict.fromkeys(numbers, pl.String)
    read = pl.read_ndjson if lines else pl.read_json
    again = read(io.BytesIO(raw), infer_schema_length=None, schema_overrides=as_text).select(numbers)
    # a string in the column would have made it a column of text: here "true" can only be the JSON word
    words = again.with_row_index("_row", offset=1).filter(pl.any_horizontal(pl.col(numbers).is_in(["true", "false"])))
    if words.height:
        row = words.row(0, named=True)
        raise _yes_no_among_numbers(name, row, next(c for c in numbers if row[c] in ("true", "false")))


def _yes_no_cells(column: pl.Series) -> int:
    """The non-null yes/no values of a column, inside its structs and lists too."""
    dt = column.dtype
    if dt == pl.Boolean:
        return column.count()
    if isinstance(dt, pl.Struct):
        return sum(_yes_no_cells(column.struct.field(f.name)) for f in dt.fields)
    if isinstance(dt, pl.List):
        return _yes_no_cells(column.explode())
    if isinstance(dt, pl.Array):
        return _yes_no_cells(column.arr.explode())
    return 0


def _number_paths(schema: pl.Schema) -> set[str]:
    """The `parent/child` names (a list's items under the list's key, as `_key_twice` names them) where a
    frame holds numbers."""
    paths: set[str] = set()

    def walk(dt: pl.DataType, path: str) -> None:
        if isinstance(dt, pl.Struct):
            for f in dt.fields:
                walk(f.dtype, f"{path}/{f.name}")
        elif isinstance(dt, pl.List | pl.Array):
            walk(dt.inner, path)
        elif dt.is_numeric():
            paths.add(path)

    for c, t in schema.items():
        walk(t, c)
    return paths


def _find_yes_no_in_records(name: str, numbers: set[str], records: list) -> None:
    """The first record with `true` / `false` where the frame has numbers (`numbers`, `_number_paths`)."""
    if not numbers:
        return
    for i, record in enumerate(records, start=1):
        for key, value in _values(record, ""):
            if isinstance(value, bool) and key in numbers:
                raise _yes_no_among_numbers(name, {"_row": i, key: str(value).lower()}, key)


def _values(node, key: str):
    """(`parent/child` key, value) of every value of a record that is neither an object nor an array (an
    array's items under its key)."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _values(v, f"{key}/{k}" if key else str(k))
    elif isinstance(node, list):
        for item in node:
            yield from _values(item, key)
    elif key:
        yield key, node


def _yes_no_among_numbers(name: str, row: dict, key: str) -> DataError:
    return DataError(
        f"{name} row {row['_row']}, key {key}: {row[key]} in a column of numbers (jncli would read it as "
        f"{int(row[key] == 'true')})",
        hint="write the number, or leave the key out where there is none",
    )


def _find_yes_no_among_numbers(name: str, raw: bytes) -> None:
    """JSON lines where polars stopped at `true` among a key's numbers ("cannot parse 'true' (bool) as
    Int64", naming no record; at any depth): the first such record and key, as `_refuse_yes_no_in_numbers`
    names them."""
    try:
        records = json.loads(_text(raw, True), object_pairs_hook=dict, strict=False)
    except (ValueError, RecursionError):
        return
    records = [r for r in records if isinstance(r, dict)]
    numbers = {k for r in records for k, v in _values(r, "") if isinstance(v, int | float) and not isinstance(v, bool)}
    _find_yes_no_in_records(name, numbers, records)


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


# A key written twice in one record: polars keeps the first value and drops the others (Python's json, and
# JavaScript, keep the last), so the record says two things and jncli would pay on one of them, exit 0. It
# is an error at every depth: a record's key, a key of a nested object (a `parent/child` column) and a key of
# an object inside an array. Seeing it takes a parse that sees every key (Python's json, its C scanner, with
# a hook on each object: +0.5-0.7 s CPU on 50 MB, which polars reads in 0.6-0.9 s; docs/performance.md). A
# flat file (no nested object or array) is spared that parse when its colons prove it has no key twice:
#
#   outside its strings a JSON text has a colon after each key and nowhere else, so the file's colons are
#   (keys written) + (colons inside strings). Each non-null cell of the frame is one key its record has,
#   so (keys written) ≥ (non-null cells) + (keys written twice), and the strings polars kept hold at least
#   the colons its string cells show (a colon escaped as \u003a is the only way to show one the file's bytes
#   do not have: such a file is parsed). So colons == non-null cells + colons in the string cells
#   proves that no key is written twice (and that no key holds an explicit null or a colon): exact, never
#   a guess. A file with an explicit null, a colon in a key or a nested object is parsed.


class _Twice(dict):
    """An object with a key written more than once (`key`, the first one repeated)."""

    key: str = ""


def _parse(raw: bytes, lines: bool, exact_numbers: bool) -> tuple[object, bool]:
    """The JSON text (an array of records, one object, or JSON lines when `lines`) with each object a dict,
    a `_Twice` where a key is written twice, and whether there is one; numbers as Decimal when
    `exact_numbers`."""
    twice: list = []

    def each_object(pairs: list) -> dict:
        obj = dict(pairs)
        if len(obj) == len(pairs):
            return obj
        twice.append(True)
        seen: set = set()
        for k, _ in pairs:
            if k in seen:
                break
            seen.add(k)
        obj = _Twice(pairs[::-1])  # the first value of each key, as polars reads it
        obj.key = k
        return obj

    if exact_numbers:
        value = json.loads(
            _text(raw, lines), object_pairs_hook=each_object, strict=False, parse_float=Decimal, parse_int=Decimal
        )
    else:
        value = json.loads(_text(raw, lines), object_pairs_hook=each_object, strict=False)
    return value, bool(twice)


def _name_syntax_error(name: str, raw: bytes, lines: bool) -> None:
    """polars names where its parse stopped by a character offset that is not always where the mistake is
    (`InvalidEscape at character 1`): Python's json names the line and column, with its reason. Only on the
    error path; a text Python's json reads (polars refused it for another reason) keeps polars' message."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return
    chunks = enumerate(text.split("\n"), start=1) if lines else [(1, text)]
    for first_line, chunk in chunks:
        if lines and not chunk.strip():
            continue
        try:
            json.loads(chunk)
        except json.JSONDecodeError as e:
            line, column = first_line + e.lineno - 1, e.colno
            raise DataError(
                f"{name} line {line}, column {column}: not valid JSON: {e.msg}",
                "look at the text there: a comma, quote, colon or bracket missing or one too many, or a file cut short",
            ) from None
        except (ValueError, RecursionError):
            return


def _text(raw: bytes, lines: bool) -> bytes:
    """JSON lines (one record a line, as polars splits them) as one array: parsed ~2x faster than line by
    line."""
    return b"[" + b",".join(line for line in raw.split(b"\n") if line.strip()) + b"]" if lines else raw


# A lone surrogate: `\ud800` not followed by its low half, or a `\udc00` alone, is half of a UTF-16 pair
# and no character. polars reads a lone high half as a NUL (`"x\ud800y"` is `x<NUL>y`: a name silently
# altered, exit 0) and stops at a lone low half naming no record. It is an error naming the record and key.
# Only a file whose text holds such an escape (`\ud8`-`\udf`, any case; the search costs ~30-50 ms on 50 MB)
# is looked at, and only one where it may be alone (`_may_hold_lone_surrogate`: ~0.2 s on a 70 MB file whose
# every record holds a pair) is parsed to find it (Python's json keeps a lone half as it is and joins a pair
# into its character).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_SURROGATE_PAIR = re.compile(rb"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _may_hold_lone_surrogate(raw: bytes) -> bool:
    """False when every surrogate escape of the text is half of a pair (a high one right before a low one,
    as a JSON reader joins them). Exact where no backslash comes right before a `\\u` (each `\\u` then starts
    an escape, never an escaped backslash's text `\\\\ud800`); a text with one is parsed."""
    return b"\\\\u" in raw or _SURROGATE_ESCAPE.search(_SURROGATE_PAIR.sub(b"", raw)) is not None


class _Pairs(list):
    """An object as its (key, value) pairs: every key, written twice or not."""


def _refuse_lone_surrogates(name: str, raw: bytes, first: str) -> None:
    try:  # JSON lines, else one object; text that is not JSON is left to the reader's own error
        value = json.loads(_text(raw, first == "{"), object_pairs_hook=_Pairs, strict=False)
    except (ValueError, RecursionError):
        if first != "{":
            return
        try:
            value = [json.loads(raw, object_pairs_hook=_Pairs, strict=False)]
        except (ValueError, RecursionError):
            return
    records = value if isinstance(value, list) and not isinstance(value, _Pairs) else [value]
    for row, record in enumerate(records, start=1):
        if found := _lone_surrogate(record, ""):
            key, text = found
            at = _SURROGATE.search(text).start()
            part = text if len(text) <= 40 else ("…" if at > 20 else "") + text[max(0, at - 20) : at + 20] + "…"
            code = f"\\u{ord(text[at]):04x}"
            raise DataError(
                f"{name} row {row}, key {_escaped(key)}: '{_escaped(part)}' holds what is not a valid character: "
                f"a lone surrogate {code} (half of a UTF-16 pair, without its other half)",
                hint="write the character itself, or both halves of its pair: \\ud83d\\ude00 is 😀",
            )


def _lone_surrogate(node, path: str) -> tuple[str, str] | None:
    """(`parent/child` key, text) of the first key or string of a record holding a lone surrogate."""
    if isinstance(node, str):
        return (path, node) if _SURROGATE.search(node) else None
    if isinstance(node, _Pairs):
        for k, v in node:
            key = f"{path}/{k}" if path else k
            if _SURROGATE.search(k):
                return key, k
            if found := _lone_surrogate(v, key):
                return found
    elif isinstance(node, list):
        for item in node:
            if found := _lone_surrogate(item, path):
                return found
    return None


def _escaped(text: str) -> str:
    """Text with each lone surrogate as its escape (`\ud800`), which a message can print."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


class _KeyTwice(Exception):
    pass


def _once(pairs: list) -> None:
    """An object's check in the parse that only looks for a key written twice."""
    if len(dict(pairs)) != len(pairs):
        raise _KeyTwice


def _refuse_keys_twice(name: str, records: list) -> None:
    for row, record in enumerate(records, start=1):
        if key := _key_twice(record, ""):
            raise DataError(
                f"{name} row {row}, key {key}: the key is written more than once in the record "
                f"(jncli would keep the first value and drop the others)",
                hint="write each key once in a record",
            )


def _key_twice(node, path: str) -> str | None:
    """The `parent/child` name of a key written twice in a record (objects inside arrays under the array's
    key), or None."""
    if isinstance(node, _Twice):
        return f"{path}/{node.key}" if path else node.key
    if isinstance(node, dict):
        for k, v in node.items():
            if found := _key_twice(v, f"{path}/{k}" if path else str(k)):
                return found
    elif isinstance(node, list):
        for item in node:
            if found := _key_twice(item, path):
                return found
    return None


def _no_key_twice(df: pl.DataFrame, raw: bytes) -> bool:
    """True when the colons of a flat file prove no record writes a key twice (see above)."""
    cells = df.height * df.width - sum(df.null_count().row(0)) if df.width else 0
    strings = [c for c, t in df.schema.items() if t == pl.String]
    inside = 0
    if strings and df.height:
        inside = df.select(pl.sum_horizontal(pl.col(strings).str.count_matches(":", literal=True).sum())).item()
    if raw.count(b":") != cells + inside:
        return False
    # a colon the cells show but the file escapes (\u003a) would be counted where the file has none
    return not inside or (b"\\u003a" not in raw and b"\\u003A" not in raw)


# A JSON number is read as a double in a column of decimals, and as an integer of at most 128 bits in a
# column of integers: a number with more than 15 significant digits may come back as another one
# (12345678901234567890123 beside a 5.25 as 12345678901234568000000), 2e400 as inf, 1e-330 as 0, and an
# integer beyond 128 bits as an empty cell. Only a float column or a 128-bit one can hold such a change
# (polars types a column Int128 only for an integer beyond 64 bits; a column with text keeps the text),
# or a list (array) or struct column with such a type inside (`[12345678901234567, 1.5]` is a list of
# doubles): with one, and a long number token or a large exponent in the file, every number of those
# columns is compared with the exact parse (Python's json with Decimal), where the column's type has a
# float or 128-bit integer.
_SUSPECT_TOKEN = re.compile(rb"[:\[,]\s*-?\d[\d.eE+\-]{15,}|\d[eE][+-]?\d{3}")
KEPT_DIGITS = 15
# The pattern's scan costs ~0.9 s on 50 MB; two translations and three searches (~0.2 s) find the files it
# cannot match: its first form needs 16 bytes of digits . e E + - in a row, its second a digit, e or E, an
# optional sign and 3 digits.
_NUMBER_BYTES = bytes(48 if chr(b) in "0123456789.eE+-" else 32 for b in range(256))  # as "0", others " "
_EXPONENT_BYTES = bytes(
    48 if chr(b) in "0123456789" else 101 if chr(b) in "eE" else 43 if chr(b) in "+-" else 32 for b in range(256)
)


def _suspect(raw: bytes) -> bool:
    """Whether the file has a long number token or a large exponent (`_SUSPECT_TOKEN`)."""
    if b"0" * 16 not in raw.translate(_NUMBER_BYTES):
        shape = raw.translate(_EXPONENT_BYTES)
        if b"0e000" not in shape and b"0e+000" not in shape:
            return False
    return _SUSPECT_TOKEN.search(raw) is not None


def _types(dt: pl.DataType):
    """A type and every type inside it (of a list's items, an array's, a struct's fields)."""
    yield dt
    if isinstance(dt, pl.List | pl.Array):
        yield from _types(dt.inner)
    elif isinstance(dt, pl.Struct):
        for field in dt.fields:
            yield from _types(field.dtype)


def _may_change(dt: pl.DataType) -> bool:
    return any(t.is_float() or t == pl.Int128 for t in _types(dt))


def _refuse_changed_numbers(name: str, df: pl.DataFrame, records: list, watched: dict) -> None:
    """A JSON number polars did not read as written is an error naming its record and key: written as a
    string ("12345678901234567890123") it is read exactly, as text is."""
    columns = {c: df.get_column(c).to_list() for c in watched}
    plain = {c for c, t in watched.items() if t.is_float() or t == pl.Int128}
    for row, record in enumerate(records, start=1):
        for key, value in _leaves(record, ""):
            if key not in columns:
                continue
            cell = columns[key][row - 1]
            if key not in plain or (isinstance(value, Decimal) and _as_written(cell) != value):
                _compare(name, row, key, value, cell, watched[key])  # a list or struct column, or an error


def _compare(name: str, row: int, key: str, value, cell, dt: pl.DataType) -> None:
    """Every number of a record's value where the column's type is a float or a 128-bit integer, against the
    cell polars read (a list's items in order, a struct's fields by name)."""
    if isinstance(dt, pl.List | pl.Array):
        if isinstance(value, list):
            items = cell if isinstance(cell, list) else []
            for i, item in enumerate(value):
                _compare(name, row, key, item, items[i] if i < len(items) else None, dt.inner)
        return
    if isinstance(dt, pl.Struct):
        if isinstance(value, dict):
            fields = cell if isinstance(cell, dict) else {}
            for field in dt.fields:
                _compare(name, row, key, value.get(field.name), fields.get(field.name), field.dtype)
        return
    if not isinstance(value, Decimal) or not (dt.is_float() or dt == pl.Int128) or _as_written(cell) == value:
        return
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


def _leaves(node, key: str):
    """(flattened key, value) of a record's values that are not objects, nested objects as `parent/child`
    (as `_flatten` names them); a list is one value, compared item by item with its list column."""
    for k, v in node.items():
        name = f"{key}/{k}" if key else k
        if isinstance(v, dict):
            yield from _leaves(v, name)
        else:
            yield name, v
