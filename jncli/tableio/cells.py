"""How a value is written as text: the value rules the text formats share (CSV/TSV, the terminal
table, markdown, xlsx column widths). May import polars only.

Decimal (money) is written trimmed (12.500000 → 12.5, never float noise), dates ISO (2023-05-01),
booleans true/false, list cells joined with `；`, null → empty. Text is written exactly as held
(`0012345` stays `0012345`). Display text also has control characters made harmless.
"""

from __future__ import annotations

import polars as pl

LIST_SEPARATOR = "；"  # full-width semicolon: never inside a Chinese name, unlike , or ;
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f]"  # ESC etc.: data must not drive the terminal


def _is_number(dtype: pl.DataType) -> bool:
    return dtype.is_numeric()  # ints, floats and Decimal


def _trimmed_decimal(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """12.500000 → "12.5", 5.000000 → "5", 0.000000 → "0" (string ops on the exact decimal text)."""
    text = expr.cast(pl.String)
    if getattr(dtype, "scale", 0):  # the text always has a ".": stripping zeros stops there
        text = text.str.strip_chars_end("0").str.strip_chars_end(".")
    return text


def _text_expr(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A column as the text a person reads (CSV, table, markdown, list items, xlsx widths)."""
    if dtype == pl.String:
        return expr
    if isinstance(dtype, pl.Decimal):
        return _trimmed_decimal(expr, dtype)
    if isinstance(dtype, pl.Datetime):
        fmt = "%Y-%m-%dT%H:%M:%S%.f" + ("%:z" if dtype.time_zone else "")
        return expr.dt.to_string(fmt)
    if isinstance(dtype, pl.Array):
        return _text_expr(expr.arr.to_list(), pl.List(dtype.inner))
    if isinstance(dtype, pl.List):
        return expr.list.eval(_text_expr(pl.element(), dtype.inner)).list.join(LIST_SEPARATOR)
    if isinstance(dtype, pl.Struct):  # a null struct is an empty cell, as every null (json_encode says "null")
        encoded = (_bytes_as_hex(expr, dtype) if _holds_bytes(dtype) else expr).struct.json_encode()
        return pl.when(expr.is_not_null()).then(encoded)
    if dtype == pl.Binary:
        return expr.bin.encode("hex")
    return expr.cast(pl.String)  # ints, floats, bool (true/false), Date (ISO), Time, categories


def _near_exponent(col: pl.Expr) -> pl.Expr:
    """A float polars may write in exponent form (its shortest text: `1.892e-9`, `1e+16`): small or large."""
    return col.is_finite() & (col != 0) & ((col.abs() < 1e-3) | (col.abs() >= 1e15))


def plain_floats(frame: pl.DataFrame) -> dict[str, pl.Expr]:
    """The float columns of `frame` holding a value polars writes in exponent form, each as text with those
    values written as plain decimals (`1.892e-9` → `0.000000001892`: the same digits, the shortest form's);
    every other value stays polars' own text (`12.0`). Few columns ever hold one: the others are not touched,
    and a column is looked at with one numeric test before any text is made."""
    from decimal import Decimal

    floats = [n for n, d in frame.schema.items() if d.is_float()]
    if not floats or not frame.height:
        return {}
    hit = frame.select(_near_exponent(pl.col(n)).any().alias(n) for n in floats).row(0)
    out = {}
    for n, near in zip(floats, hit):
        if not near:
            continue
        texts = frame.select(pl.col(n).filter(_near_exponent(pl.col(n))).unique().cast(pl.String)).to_series()
        written = [t for t in texts.to_list() if "e" in t]
        if written:
            out[n] = pl.col(n).cast(pl.String).replace(written, [format(Decimal(t), "f") for t in written]).alias(n)
    return out


def _holds_bytes(dtype: pl.DataType) -> bool:
    if dtype == pl.Binary:
        return True
    if isinstance(dtype, pl.Struct):
        return any(_holds_bytes(f.dtype) for f in dtype.fields)
    return isinstance(dtype, pl.List | pl.Array) and _holds_bytes(dtype.inner)


def _bytes_as_hex(col: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """Bytes as hex text, as a Binary column is written, at any depth: JSON has no bytes (polars' JSON
    writer panics on them, even inside a struct or list of another tool's Parquet)."""
    if dtype == pl.Binary:
        return col.bin.encode("hex")
    if isinstance(dtype, pl.Struct):  # fields replaced in place: the name and a null struct stay
        fields = [_bytes_as_hex(pl.field(f.name), f.dtype) for f in dtype.fields if _holds_bytes(f.dtype)]
        return col.struct.with_fields(fields)
    if isinstance(dtype, pl.List):
        return col.list.eval(_bytes_as_hex(pl.element(), dtype.inner))
    if isinstance(dtype, pl.Array):
        return col.arr.to_list().list.eval(_bytes_as_hex(pl.element(), dtype.inner))
    return col


def _display_text(frame: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame | pl.LazyFrame:
    """Every column as display text: value rules above, control characters made harmless."""
    plain = plain_floats(frame) if isinstance(frame, pl.DataFrame) else {}  # 1.892e-9 → 0.000000001892
    return frame.select(
        plain.get(n, _text_expr(pl.col(n), d)).str.replace_all("\t", " ").str.replace_all(_CONTROL, "\ufffd").alias(n)
        for n, d in frame.collect_schema().items()
    )
