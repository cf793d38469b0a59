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


_SAMPLE = 4096  # `decimal_texts`: a Decimal column is judged by this many first rows


def decimal_texts(frame: pl.DataFrame) -> dict[str, pl.Expr]:
    """The Decimal columns of a large `frame` with few distinct values (a ledger's award, entitled and received:
    0, a few tier amounts, or mostly empty), each as `_trimmed_decimal`'s text made once per distinct value and
    put in place by the value's integer — the same text for the same value, ~4 instead of ~12 ms per 200,000
    rows (issue 18). A column is judged by its first rows; one with many distinct values there keeps the plain
    expression (the distinct values would cost more than they save), as every column of a small frame does."""
    out = {}
    if frame.height < 4 * _SAMPLE:
        return out
    for n, d in frame.schema.items():
        if not isinstance(d, pl.Decimal) or frame.get_column(n).head(_SAMPLE).n_unique() > _SAMPLE // 16:
            continue
        texts = frame.select(pl.col(n).unique().drop_nulls()).select(
            k=pl.col(n).to_physical(), v=_trimmed_decimal(pl.col(n), d)
        )
        out[n] = pl.col(n).to_physical().replace_strict(texts["k"], texts["v"], return_dtype=pl.String).alias(n)
    return out


def may_start_with_marks(frame: pl.DataFrame, names: list[str]) -> list[str]:
    """The text columns among `names` where some cell may start with one of the ASCII marks a formula or its
    escaping starts with (= + - @, tab, CR, LF, '): the others hold none, proven on the columns' least and greatest
    values below "A" — every such mark is below "A", and none lies from "." (0x2E) to "<" (0x3C), where digits
    are: when every cell below "A" is at least "." and below "=", no cell starts with a mark. polars orders text
    by its UTF-8 bytes, the characters' order as Python compares them. ~1–2 ms per 200,000 cells spares the
    anchored look (~6 ms; a ledger's codes start with digits, its sentences with a year or a Chinese character)."""
    if not names:
        return []
    low = [pl.col(n).filter(pl.col(n) < "A") for n in names]
    ends = frame.select(e for i, c in enumerate(low) for e in (c.min().alias(f"{i}<"), c.max().alias(f"{i}>"))).row(0)
    spans = [(ends[2 * i], ends[2 * i + 1]) for i in range(len(names))]
    return [n for n, (least, most) in zip(names, spans) if least is not None and not ("." <= least <= most < "=")]


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
