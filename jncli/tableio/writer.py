"""Writing tables: format choice, the formats, formula-injection escaping. May import polars,
`jncli.errors`, `jncli.settings`, `table`, `cells`, `terminal` and `atomic` (`-o` is atomic);
xlsxwriter and tabulate only when those formats are written.

Formats: table (rich, for people: `terminal`), csv, tsv, json, jsonl, parquet, xlsx, markdown (GitHub
pipe tables). The format is `--format`, else `-o FILE`'s extension, else a rich table when stdout is a
terminal and CSV otherwise, so `jncli a | jncli b` just works.

The text formats share the value rules of `cells`. JSON keeps types: numbers (Decimal included) as
JSON numbers, dates as ISO strings, lists as arrays, null as null.

Output is always UTF-8 bytes (`sys.stdout.buffer`), whatever the locale: `LANG=C` under cron must not
turn 济宁 into an encoding error. The bookkeeping columns `_source` and `_row` are never written.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import json
import math
import os
import re
import sys
from collections.abc import Callable
from typing import BinaryIO

import polars as pl

from jncli.errors import DataError, UsageError
from jncli.settings import OutputOptions
from jncli.tableio import cells
from jncli.tableio.atomic import _atomic, write_bytes
from jncli.tableio.cells import _bytes_as_hex, _display_text, _holds_bytes, _is_number, _text_expr, _trimmed_decimal
from jncli.tableio.cells import plain_floats as _plain_floats
from jncli.tableio.headers import chinese_headers, column_headers
from jncli.tableio.table import INTERNAL_COLUMNS, engine

FORMATS = ("table", "csv", "tsv", "json", "jsonl", "parquet", "xlsx", "markdown")
BINARY_FORMATS = ("parquet", "xlsx")

# `.txt` is TSV: Excel's "Text (Tab delimited) (*.txt)" is what a bureau's ".txt" export is, and
# Excel opens a .txt with the tab-delimited import wizard.
EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".txt": "tsv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".xlsx": "xlsx",
    ".md": "markdown",
    ".markdown": "markdown",
}

CHUNK_ROWS = 200_000  # JSON and markdown are produced in slices: bounded extra memory

# OWASP CSV injection: a cell starting with one of these is run as a formula by Excel/LibreOffice.
# `'*` in front: a text that already starts with quotes then a trigger gets one more quote, so that
# the reader's "drop one leading ' before '*[trigger]" gives the original back for EVERY string
# (lossless `jncli a | jncli b`), including a text like "'=x" that really starts with a quote.
_TRIGGER = r"^'*[=+\-@\t\r\n]"
# Plain numbers are not formulas ("-5", "+3.25", "-1e3", "-1,234.5", "-5%"): never touched.
_NUMBER = r"^[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?%?$"
_NUMBER_PY = _NUMBER[:-1] + r"\Z"  # Python's $ also matches before a final newline (compiled when a header needs it)

# East Asian wide/full-width characters take two terminal/Excel columns.
_WIDE = (
    r"[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF"
    r"\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\U00020000-\U0003FFFD]"
)

_XLSX_MAX_ROWS = 1_048_576
_XLSX_MAX_COLS = 16_384


# ------------------------------------------------------------------------------------------ API
def resolve_format(opts: OutputOptions) -> str:
    """The format to write: `--format`, else `-o`'s extension, else table on a terminal, else CSV."""
    if opts.format is not None:
        if opts.format not in FORMATS:
            raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not {opts.format!r}")
        return opts.format
    if opts.output not in (None, "-"):
        if not os.path.splitext(opts.output)[1] and _is_device(opts.output):
            return "csv"  # `-o /dev/null`, `-o /dev/stderr`: as to a pipe
        return format_from_extension(opts.output)
    return "table" if _stdout_isatty() else "csv"


def _is_device(path: str) -> bool:
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def format_from_extension(path: str) -> str:
    ext = os.path.splitext(path)[1].lower()
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    what = f"extension {ext!r}" if ext else "no extension"
    hint = "use .xlsx (xlsx) instead" if ext == ".xls" else f"pass --format {'|'.join(FORMATS)}"
    raise UsageError(f"cannot tell the output format of {path}: {what} (known: {', '.join(EXTENSIONS)})", hint)


def write_table(frame: pl.DataFrame | pl.LazyFrame, opts: OutputOptions) -> None:
    """Write `frame` as `opts` says: to stdout, or atomically to `opts.output`.

    A LazyFrame is collected first (use `sink_file` for generated data too big for memory).
    """
    fmt = resolve_format(opts)
    if isinstance(frame, pl.LazyFrame):
        frame = frame.collect()
    frame = _public(frame)
    if fmt != "table" and chinese_headers(opts, fmt):  # the terminal table names its columns itself
        frame = frame.rename(dict(zip(frame.columns, column_headers(frame))))
    writer = _WRITERS[fmt]
    if opts.output in (None, "-"):
        if fmt in BINARY_FORMATS and _stdout_isatty():
            raise UsageError(
                f"{fmt} is a binary format and stdout is a terminal", f"use -o FILE.{fmt} or redirect: > FILE.{fmt}"
            )
        out = _stdout_binary()
        try:
            writer(frame, out, opts, _stdout_isatty() if fmt == "table" else False)
            out.flush()
        except OSError as e:
            if _is_epipe(e):
                # errno deliberately unset: typer's Command.main turns any OSError whose errno is EPIPE
                # into sys.exit(1) before cli.main sees it; a plain BrokenPipeError reaches cli.main,
                # which exits quietly with 0 (`jncli … | head`).
                raise BrokenPipeError("Broken pipe (the reading end of stdout was closed)") from e
            raise
        return
    with _atomic(opts.output) as (out, _tmp):
        writer(frame, out, opts, False)


def _is_epipe(e: OSError) -> bool:
    # polars re-raises a closed pipe as a plain OSError without errno: "[Errno 32] Broken pipe"
    # (from a Python write) or "Broken pipe (os error 32)" (from its own write to the descriptor)
    return (
        isinstance(e, BrokenPipeError)
        or e.errno == errno.EPIPE
        or bool(re.search(rf"\[Errno {errno.EPIPE}\]|os error {errno.EPIPE}\b", str(e)))
    )


def write_file(frame: pl.DataFrame | pl.LazyFrame, path: str, fmt: str | None = None, *, bom: bool = False) -> None:
    """Write `frame` atomically to `path` (format from the extension unless `fmt`), default options; CSV/TSV
    with a UTF-8 BOM only if `bom` (the annual run's files people open; not the samples)."""
    write_table(frame, OutputOptions(format=fmt, output=path, bom=bom))


def sink_file(lazy: pl.LazyFrame, path: str, fmt: str | None = None) -> None:
    """Stream a LazyFrame to `path` in bounded memory (polars sink_csv / sink_parquet), atomically like -o.

    For the huge generated data sets (`jncli samples --shops 10000000`). CSV/TSV get the same value
    rules as `write_table` (trimmed Decimal, joined lists) and the same formula escaping: generated
    data carry names from a policy file (`samples --policy`), which may hold anything. Other formats
    are collected and written normally.
    """
    fmt = fmt or format_from_extension(path)
    if fmt not in FORMATS:
        raise UsageError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt not in ("csv", "tsv", "parquet"):
        write_file(lazy.collect(), path, fmt)
        return
    schema = lazy.collect_schema()
    lazy = lazy.drop([c for c in INTERNAL_COLUMNS if c in schema])
    with _atomic(path) as (out, _tmp):
        if fmt == "parquet":
            lazy.sink_parquet(out)
        else:
            exprs = [
                _csv_expr(name, dtype, escape=True).alias(_escape_str(name))
                for name, dtype in schema.items()
                if name not in INTERNAL_COLUMNS
            ]
            lazy.select(exprs).sink_csv(out, separator="\t" if fmt == "tsv" else ",")
        # Through the open temp file, not its path: given a path, polars' writer thread could still
        # create the file after a failed sink returned and _atomic had removed it (a leftover).


# ------------------------------------------------------------------------------------------ value rules
def _public(frame: pl.DataFrame) -> pl.DataFrame:
    internal = [c for c in INTERNAL_COLUMNS if c in frame.columns]
    return frame.drop(internal) if internal else frame  # (a drop of nothing is still a polars call)


def _escape_formula(expr: pl.Expr) -> pl.Expr:
    """OWASP: prefix ' to text that a spreadsheet would run as a formula; plain numbers are left alone."""
    risky = expr.str.contains(_TRIGGER) & ~expr.str.contains(_NUMBER)
    return pl.when(risky).then(pl.lit("'") + expr).otherwise(expr)


def _escape_str(text: str) -> str:
    """The same escaping for a header cell (it is a cell too when Excel opens the file)."""
    if re.match(_TRIGGER, text) and not re.match(_NUMBER_PY, text):
        return "'" + text
    return text


def _csv_expr(name: str, dtype: pl.DataType, escape: bool = False) -> pl.Expr:
    col = pl.col(name)
    if (_is_number(dtype) and not isinstance(dtype, pl.Decimal)) or dtype in (pl.Boolean, pl.Date):
        return col  # polars writes these natively: 12 / 1.5 / true / 2023-05-01
    if isinstance(dtype, pl.Decimal):
        return _trimmed_decimal(col, dtype).alias(name)
    text = _text_expr(col, dtype)
    if escape and _escapable(dtype):
        text = _escape_formula(text)
    return text.alias(name)


def _escapable(dtype: pl.DataType) -> bool:
    """Is a column of `dtype` written as text that the formula escaping applies to (`_csv_expr`)?"""
    plain = (_is_number(dtype) and not isinstance(dtype, pl.Decimal)) or dtype in (pl.Boolean, pl.Date)
    return not plain and not isinstance(dtype, pl.Decimal) and not dtype.is_temporal()


# ------------------------------------------------------------------------------------------ formats
def _write_csv(frame: pl.DataFrame, out: BinaryIO, opts: OutputOptions, _tty: bool, sep: str = ",") -> None:
    escape = opts.escape_formulas
    plain = _plain_floats(frame) | cells.decimal_texts(frame)  # floats in plain form; decimals once per value
    text = frame.select(plain.get(n, _csv_expr(n, d)) for n, d in frame.schema.items())  # one polars call
    if escape:
        # The escaping only on text columns where a cell starts like a formula (the same bytes): one anchored look at
        # each column of the text that may hold one (`cells.may_start_with_marks`), not two regexes per cell.
        texts = cells.may_start_with_marks(text, [n for n, d in frame.schema.items() if _escapable(d)])
        risky = text.select(pl.col(n).str.contains(_TRIGGER).any() for n in texts).row(0) if texts else ()
        escaped = [_escape_formula(pl.col(n)).alias(n) for n, r in zip(texts, risky) if r]
        if escaped:
            text = text.with_columns(escaped)
    if escape and any(_escape_str(n) != n for n in text.columns):
        text = text.rename({n: _escape_str(n) for n in text.columns})
    if opts.wants_bom():
        out.write(b"\xef\xbb\xbf")
    text.write_csv(out, separator=sep)  # polars streams ~1 MB writes into `out`


def _write_tsv(frame: pl.DataFrame, out: BinaryIO, opts: OutputOptions, tty: bool) -> None:
    _write_csv(frame, out, opts, tty, sep="\t")


def _json_lines(frame: pl.DataFrame) -> pl.Expr:
    """One JSON object per row. polars encodes Decimal as a string: those are turned into numbers.

    Decimal columns are encoded under a placeholder key, their trimmed text then unquoted by a
    regex anchored on that key (a `"` inside a JSON string is always escaped, so the unescaped
    `"key":"` can only be the key itself), then the placeholder is replaced by the real key.
    """
    if frame.width == 0:
        return pl.repeat(pl.lit("{}"), pl.len())
    exprs, fixes = [], []
    for i, (name, dtype) in enumerate(frame.schema.items()):
        col = pl.col(name)
        if isinstance(dtype, pl.Decimal):
            key = f"__jncli_decimal_{i}__"
            while key in frame.columns:
                key = "_" + key
            exprs.append(_trimmed_decimal(col, dtype).alias(key))
            fixes.append((key, json.dumps(name, ensure_ascii=False)))
        elif isinstance(dtype, pl.Datetime):
            exprs.append(_text_expr(col, dtype).alias(name))  # ISO 8601 with the T
        elif dtype.is_float():
            exprs.append(pl.when(col.is_finite()).then(col).alias(name))  # JSON has no NaN/Infinity
        elif _holds_bytes(dtype):
            exprs.append(_bytes_as_hex(col, dtype).alias(name))
        else:
            exprs.append(col)
    line = pl.struct(exprs).struct.json_encode()
    for key, real in fixes:
        line = line.str.replace(f'"{key}":"(-?[0-9]+(?:\\.[0-9]+)?)"', f'"{key}":${{1}}')
        line = line.str.replace(f'"{key}":', f"{real}:", literal=True)
    return line


def _write_lines(frame: pl.DataFrame, out: BinaryIO, line: pl.Expr, comma: bool) -> None:
    """Write one text line per row, in slices (bounded extra memory); `comma` after all but the last.

    A one-column frame written by polars with quote_style="never" is the lines verbatim (JSON text
    has no raw newline: json_encode escapes it).
    """
    for start in range(0, frame.height, CHUNK_ROWS):
        part = frame.slice(start, CHUNK_ROWS)
        text = line
        if comma:
            last = frame.height - 1 - start  # index of the very last row within this slice
            text = pl.when(pl.int_range(pl.len()) < last).then(line + pl.lit(",")).otherwise(line)
        part.select(text.alias("j")).write_csv(out, include_header=False, quote_style="never")


def _write_json(frame: pl.DataFrame, out: BinaryIO, opts: OutputOptions, _tty: bool) -> None:
    if frame.height == 0:
        out.write(b"[]\n")
        return
    out.write(b"[\n")
    _write_lines(frame, out, _json_lines(frame), comma=True)
    out.write(b"]\n")


def _write_jsonl(frame: pl.DataFrame, out: BinaryIO, opts: OutputOptions, _tty: bool) -> None:
    _write_lines(frame, out, _json_lines(frame), comma=False)


def _write_parquet(frame: pl.DataFrame, out: BinaryIO, opts: OutputOptions, _tty: bool) -> None:
    buf = io.BytesIO()  # a pipe is not seekable; the parquet file is compressed, so this is small
    frame.rechunk().write_parquet(buf)  # one chunk per column: the bytes follow the values, not how polars
    # happened to split the frame in memory (a ledger from pl.concat; `verify` compares bytes across versions)
    out.write(buf.getvalue())


def _write_markdown(frame: pl.DataFrame, out: BinaryIO, opts: OutputOptions, _tty: bool) -> None:
    """Markdown pipe table by tabulate (alignment markers: numbers right); wcwidth (a dependency) makes it
    measure 济宁 as 4 columns."""
    from tabulate import tabulate

    def cell(v: str | None) -> str:
        # Markdown passes raw HTML through (`<img src=x onerror=…>` would run where it is rendered):
        # &, < and > become entities, so a cell shows as the text it is; then the table's own marks.
        if v is None:
            return ""
        v = v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return v.replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")

    text = _display_text(frame)
    rows = [[cell(v) for v in row] for row in text.iter_rows()]
    align = ["right" if _is_number(d) else "left" for d in frame.dtypes]
    table = tabulate(
        rows, headers=[cell(n) for n in frame.columns], tablefmt="pipe", disable_numparse=True, colalign=align or None
    )
    out.write((table + "\n").encode("utf-8"))


def _write_xlsx(frame: pl.DataFrame, out: BinaryIO, opts: OutputOptions, _tty: bool) -> None:
    """XLSX with xlsxwriter: text is always a string cell (never a formula, URL or number); a fixed
    creation date, so the same table gives the same bytes."""
    import xlsxwriter

    _check_xlsx_size(frame)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, _XLSX_OPTIONS)
    wb.set_properties({"created": WORKBOOK_CREATED})
    _fill_sheet(wb, wb.add_worksheet(), frame)
    wb.close()
    out.write(buf.getvalue())


# No cell is ever a formula: text is written with write_string, and a float that is not finite
# (NaN, inf) as the text CSV shows for it — never as xlsxwriter's `=#NUM!` / `=1/0` formula cells.
_XLSX_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "constant_memory": True,
    "nan_inf_to_errors": False,
}
# The document's creation date, which xlsxwriter otherwise sets to now: fixed (= the date of the zip
# entries), so that writing the same table twice gives byte-identical files.
WORKBOOK_CREATED = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


def _number_writer(ws):
    """write_number for finite numbers; NaN and ±inf as the text `NaN`, `inf`, `-inf` (as in CSV)."""

    def write(row: int, col: int, value, fmt=None) -> int:
        if isinstance(value, float) and not math.isfinite(value):
            return ws.write_string(row, col, "NaN" if value != value else ("inf" if value > 0 else "-inf"), fmt)
        return ws.write_number(row, col, value, fmt)

    return write


def _check_xlsx_size(frame: pl.DataFrame) -> None:
    if frame.height + 1 > _XLSX_MAX_ROWS or frame.width > _XLSX_MAX_COLS:
        raise DataError(
            f"{frame.height} rows × {frame.width} columns do not fit in an xlsx sheet "
            f"(at most {_XLSX_MAX_ROWS - 1} rows, {_XLSX_MAX_COLS} columns)",
            "use --format csv or parquet",
        )


def _fill_sheet(
    wb,
    ws,
    frame: pl.DataFrame,
    headers: list[str] | None = None,
    money_format: str | None = None,
    num_formats: dict[str, str] | None = None,
    widths: list[float] | None = None,
) -> None:
    """One sheet: bold frozen header row (`headers`, default the column names), typed cells, fitting widths
    (`widths`: `_column_widths(frame, headers)`, when the caller found them already).

    Money (Decimal) is a number cell shown with `money_format`, by default at least 2 decimals and up to
    the stored scale (no noise); `num_formats` gives other numeric columns theirs (by column name). Text is
    always written as a string cell.
    """
    bold = wb.add_format({"bold": True})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    datetime_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})

    exprs, writers, formats = [], [], []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if isinstance(dtype, pl.Decimal):
            scale = dtype.scale or 0
            num = (num_formats or {}).get(name) or money_format
            if num and num == money_format and num.endswith(".00") and scale > 2 and _finer_than_cents(frame, name):
                # a figure compared with a threshold (4999.995 万元 < 5000) must not be shown rounded onto it
                num += "#" * (scale - 2)
            num = num or ("#,##0" + ("." + "0" * min(scale, 2) + "#" * max(scale - 2, 0) if scale else ""))
            exprs.append(col.cast(pl.Float64))
            writers.append(ws.write_number)
            formats.append(wb.add_format({"num_format": num}))
        elif dtype.is_numeric():
            exprs.append(col)
            writers.append(_number_writer(ws) if dtype.is_float() else ws.write_number)
            own = (num_formats or {}).get(name)
            formats.append(wb.add_format({"num_format": own}) if own else None)
        elif dtype == pl.Boolean:
            exprs.append(col)
            writers.append(ws.write_boolean)
            formats.append(None)
        elif dtype == pl.Date:
            exprs.append(col)
            writers.append(ws.write_datetime)
            formats.append(date_fmt)
        elif isinstance(dtype, pl.Datetime):
            exprs.append(col.dt.replace_time_zone(None) if dtype.time_zone else col)  # wall-clock time
            writers.append(ws.write_datetime)
            formats.append(datetime_fmt)
        else:
            exprs.append(_text_expr(col, dtype))
            writers.append(ws.write_string)
            formats.append(None)

    headers = list(frame.columns) if headers is None else headers
    for c, name in enumerate(headers):
        ws.write_string(0, c, name, bold)
    for r, row in enumerate(frame.select(exprs).iter_rows(), start=1):
        for c, value in enumerate(row):
            if value is not None and writers[c](r, c, value, formats[c]) == -2:
                raise DataError(
                    f"row {r + 1} column {frame.columns[c]}: text longer than Excel's 32,767 characters",
                    "use --format csv",
                )
    for c, width in enumerate(_column_widths(frame, headers) if widths is None else widths):
        ws.set_column(c, c, width)
    ws.freeze_panes(1, 0)
    if frame.width:
        ws.autofilter(0, 0, max(frame.height, 1), frame.width - 1)


def _finer_than_cents(frame: pl.DataFrame, name: str) -> bool:
    """Whether a Decimal column holds a value with more than 2 decimals (exact, on the Decimal)."""
    col = pl.col(name)
    return bool(frame.select((col != col.round(2)).any()).item())


def _column_widths(frame: pl.DataFrame, headers: list[str] | None = None) -> list[float]:
    """Excel column widths that fit the text (CJK characters count double), between 6 and 60."""
    return _sheets_column_widths([(frame, headers)])[0]


def _sheets_column_widths(sheets: list[tuple[pl.DataFrame, list[str] | None]]) -> list[list[float]]:
    """`_column_widths` of each (frame, headers): the queries of every sheet in one `collect_all` (a workbook of
    12 sheets: one polars call instead of 12)."""
    queries = [_width_queries(frame, headers) for frame, headers in sheets]
    lazy = [q for pair in queries if pair for q in pair]
    found = iter(pl.collect_all(lazy, engine=engine()) if lazy else [])
    return [_fitted(frame, next(found), next(found)) if pair else [] for (frame, _), pair in zip(sheets, queries)]


def _width_queries(frame: pl.DataFrame, headers: list[str] | None) -> tuple[pl.LazyFrame, pl.LazyFrame] | None:
    if frame.width == 0:
        return None
    # Two queries per sheet (the text's widths, the headers'), collected with the other sheets'. The width is
    # that of the display text (`_display_text`), whose two fix-ups (tab → space, a control character → U+FFFD)
    # replace one narrow character by one narrow character: measured on the text before them, it is the same. Text
    # that can only be ASCII (numbers, dates, true/false) has no wide character to count: the regex of wide
    # ranges (compiled anew for every column) runs on the other columns only.
    widths_lf = frame.lazy().select(
        _text_width(pl.col(n), d).max().fill_null(0).alias(n) for n, d in frame.schema.items()
    )
    head = pl.Series("h", list(frame.columns) if headers is None else headers, dtype=pl.String)
    head_lf = pl.LazyFrame([head]).select(pl.col("h").str.len_chars() + pl.col("h").str.count_matches(_WIDE))
    return widths_lf, head_lf


def _fitted(frame: pl.DataFrame, text_widths: pl.DataFrame, head_frame: pl.DataFrame) -> list[float]:
    widths = text_widths.row(0)
    head_widths = head_frame["h"].to_list()
    extra = [0.3 if _is_number(d) else 0 for d in frame.dtypes]  # thousands separators
    return [min(60.0, max(6.0, max(w or 0, h) * (1 + e) + 2)) for w, h, e in zip(widths, head_widths, extra)]


def _text_width(col: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """The width of each value's display text: its characters, the wide ones (CJK) counted twice."""
    text = _text_expr(col, dtype)
    if dtype.is_numeric() or dtype.is_temporal() or dtype in (pl.Boolean, pl.Binary):  # ASCII text only
        return text.str.len_chars()
    return text.str.len_chars() + text.str.count_matches(_WIDE)


def _write_rich(frame: pl.DataFrame, out: BinaryIO, opts: OutputOptions, is_tty: bool) -> None:
    """`-f table` (`terminal._write_rich`), its module imported when a table is shown: a run writing a file
    does not need it (issue 18)."""
    from jncli.tableio.terminal import _write_rich as write

    write(frame, out, opts, is_tty)


_WRITERS: dict[str, Callable[[pl.DataFrame, BinaryIO, OutputOptions, bool], None]] = {
    "table": _write_rich,
    "csv": _write_csv,
    "tsv": _write_tsv,
    "json": _write_json,
    "jsonl": _write_jsonl,
    "parquet": _write_parquet,
    "xlsx": _write_xlsx,
    "markdown": _write_markdown,
}


# ------------------------------------------------------------------------------------------ stdout
def _stdout_isatty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _stdout_binary() -> BinaryIO:
    """stdout as bytes: UTF-8 whatever the locale's encoding (LANG=C, PYTHONIOENCODING=ascii)."""
    if sys.stdout is None:  # closed by the caller (`>&-`): the table has nowhere to go
        raise DataError("cannot write the table to stdout: it is closed", "give -o FILE, or leave stdout open")
    sys.stdout.flush()  # anything already printed as text goes first
    return getattr(sys.stdout, "buffer", None) or _TextAsBinary(sys.stdout)


class _TextAsBinary:
    """Fallback for a replaced sys.stdout without .buffer (some embedding hosts)."""

    def __init__(self, text):
        self._text = text

    def write(self, data: bytes) -> int:
        self._text.write(data.decode("utf-8"))
        return len(data)

    def flush(self) -> None:
        self._text.flush()


# ------------------------------------------------------------------------------------------ workbooks
# `jncli annual` writes a workbook of several sheets (report.xlsx) through here too.
def write_workbook(
    path: str,
    sheets: list[tuple[str, pl.DataFrame, list[str] | None]],
    *,
    money_format: str | None = None,
    created=None,
    formats: dict[str, dict[str, str]] | None = None,
) -> None:
    """Several tables as the sheets of one xlsx, atomically: (sheet name, frame, header labels or None).

    Same cells as `-o FILE.xlsx` (text always a string cell, frozen bold header, fitting widths).
    `formats`: per sheet name, the Excel number format of some numeric columns (`0.00%` for a fraction).
    `created` (a datetime) is the document's creation date, by default WORKBOOK_CREATED (not now):
    the same tables give byte-identical files.
    """
    import xlsxwriter

    from jncli.tableio import xlsxsheet  # here, not for every run (issue 18)

    for _name, frame, _headers in sheets:
        _check_xlsx_size(frame)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, _XLSX_OPTIONS)
    wb.set_properties({"created": created or WORKBOOK_CREATED})
    known = xlsxsheet.known(xlsxwriter)  # the xlsxwriter versions whose inner workings `xlsxsheet` uses
    sheets = [(name, _public(frame), headers) for name, frame, headers in sheets]
    widths = _sheets_column_widths([(frame, headers) for _name, frame, headers in sheets])
    for (name, frame, headers), fitted in zip(sheets, widths):
        ws = wb.add_worksheet(name)
        if known:
            xlsxsheet.quicken(ws, frame.height * max(frame.width, 1))
        _fill_sheet(wb, ws, frame, headers, money_format, (formats or {}).get(name), fitted)
    wb.close()
    write_bytes(path, buf.getvalue())
