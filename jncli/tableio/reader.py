"""Reading tables: the one input gateway (format, encoding, CSV structure, headers, units, types).

`read_table` turns a path, `-` or stdin into a `Table` whose frame holds the values exactly as read
(CSV/TSV: every value text; JSON/Parquet/Arrow/XLSX: their own types). `conform` maps that frame onto a
canonical schema (`jncli.schema`): header aliases, units → 万元, typed columns, every bad value reported
with file, row and column.

How bytes become a frame:
- format from the content (magic bytes, then JSON/CSV/TSV sniffing), not only the extension;
- encodings UTF-8, UTF-8 with BOM, UTF-16 with BOM and GB18030/GBK (with cp936's 0x80 = €, which
  Python's codecs reject) detected without being told; anything else is an error naming the byte
  offset and line — never a silent latin-1 fallback. Non-UTF-8 text is transcoded in 1 MiB chunks into
  a temporary UTF-8 file before polars sees it;
- UTF-8 files on disk go straight to polars (the fast path); polars validates UTF-8 itself, and
  when it rejects a byte the slow path finds and names it;
- polars pads short CSV rows silently, so when the last column has empty cells the structure is
  checked with Python's csv module (exact line numbers); CR-only files (old Excel for Mac) are parsed
  by Python's csv module altogether.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import os
import sys
import tempfile
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import polars as pl

from jncli import schema as schemas
from jncli.errors import DataError, UsageError, warn
from jncli.settings import InputOptions
from jncli.tableio.common import INTERNAL_COLUMNS
from jncli.values import (EXCEL_EPOCH, FALSE_WORDS, MONEY_DTYPE, MONEY_WIDE, TRUE_WORDS, parse_date_expr,
                          unit_decimals)
from jncli.values import money_problem as _money_problem
from jncli.values import numeric_text as _numeric_text
from jncli.values import text as _text

CHUNK = 1 << 20
SNIFF = 1 << 16
# RULES.md §0: a money column whose median exceeds this (in 万元) is probably in 元.
IMPLAUSIBLE_WAN_MEDIAN = 1e7
MEDIAN_SAMPLE = 100_000
MAX_LISTED_PROBLEMS = 50
ESCAPE_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
STDIN = "<stdin>"


@dataclass
class Table:
    """A table as read: `frame` is lazy; `_row` numbers rows as a spreadsheet or line count shows them."""

    frame: pl.LazyFrame
    source: str
    format: str
    encoding: str | None = None
    columns: list[str] = field(default_factory=list)  # headers as read, without internal columns
    # False for a file polars scans lazily (Parquet, Arrow): conform then never materialises it.
    in_memory: bool = True


# ----------------------------------------------------------------------------------- encodings
def _cp936_euro(err: UnicodeDecodeError) -> tuple[str, int]:
    """Excel on Chinese Windows writes € as the single byte 0x80 (cp936); GB18030 has no such byte."""
    if err.object[err.start:err.start + 1] == b"\x80":
        return "€", err.start + 1
    raise err


codecs.register_error("jncli-cp936", _cp936_euro)

_ENCODING_NAMES = {"utf8": "utf-8", "utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "utf8-sig": "utf-8-sig",
                   "gbk": "gb18030", "gb2312": "gb18030", "gb18030": "gb18030", "cp936": "gb18030",
                   "utf-16": "utf-16", "utf16": "utf-16", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be"}


def _codec(encoding: str) -> str:
    key = encoding.strip().lower().replace("_", "-")
    name = _ENCODING_NAMES.get(key, key)
    try:
        codecs.lookup(name)
    except LookupError:
        raise UsageError(f"--encoding {encoding!r} is not an encoding Python knows",
                         hint="use utf-8, gb18030 (covers GBK/GB2312) or utf-16") from None
    return name


def _errors_for(codec: str) -> str:
    return "jncli-cp936" if codec == "gb18030" else "strict"


def _guess_encoding(head: bytes, complete: bool) -> str | None:
    """utf-8-sig / utf-16 by BOM, else utf-8 if the sample decodes, else gb18030 if it does; None if neither."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for codec in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(codec)(_errors_for(codec)).decode(head, final=complete)
            return codec
        except UnicodeDecodeError:
            continue
    return None


def _check_not_mixed(name: str, data: bytes) -> None:
    """Before taking a file that is not UTF-8 for GB18030: if it starts as UTF-8 with Chinese text
    (rows from another export appended), reading it all as GB18030 would garble that part silently."""
    try:
        data.decode("utf-8")
        return
    except UnicodeDecodeError as e:
        bad = e.start
    prefix = data[:bad].decode("utf-8")
    # Three Chinese characters (3-byte UTF-8, U+4E00..U+9FFF) before the first non-UTF-8 byte are not
    # chance: GBK bytes pass for 2-byte UTF-8 now and then (统一 = CD B3 D2 BB = "ͳһ"), for three
    # 3-byte CJK sequences in a row hardly ever.
    wide = [i for i, ch in enumerate(prefix) if 0x4E00 <= ord(ch) <= 0x9FFF]
    if len(wide) >= 3:  # random GBK starts: 26 in 10^6 pass for two, none for three
        at = len(prefix[:wide[0]].encode("utf-8"))
        raise DataError(f"{name}: the file mixes encodings: {_where(data, at)} is UTF-8 text, {_where(data, bad)} "
                        f"is not", hint="save it again in one encoding (UTF-8), or pass --encoding")


def _where(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    return f"byte {offset} (line {line})"


def _undecodable(name: str, data: bytes, codec: str | None, explicit: bool) -> DataError:
    """Name the first byte that is not valid UTF-8 (or not valid in the codec the user gave)."""
    tried = codec or "utf-8"
    try:
        data.decode(tried, _errors_for(tried))
        offset = len(data)
    except UnicodeDecodeError as e:
        offset = e.start
    if explicit:
        return DataError(f"{name}: {_where(data, offset)} is not valid {tried}", hint="check --encoding")
    return DataError(f"{name}: {_where(data, offset)} is neither UTF-8 nor GB18030 text",
                     hint="pass --encoding if the file is in another encoding")


def _transcode_file(name: str, path: str, codec: str, out, explicit: bool) -> None:
    """Stream-decode `path` into UTF-8 `out` (binary file) in chunks; errors name byte offset and line."""
    decoder = codecs.getincrementaldecoder(codec)(_errors_for(codec))
    consumed = 0
    lines = 0
    with open(path, "rb") as f:
        while True:
            chunk = f.read(CHUNK)
            final = not chunk
            try:
                text = decoder.decode(chunk, final=final)
            except UnicodeDecodeError as e:
                # e.start is relative to the decoder's buffer: pending bytes + this chunk
                pending = len(decoder.getstate()[0]) if hasattr(decoder, "getstate") else 0
                offset = max(0, consumed - pending) + e.start
                line = lines + chunk.count(b"\n", 0, max(0, e.start - pending)) + 1
                what = f"not valid {codec}" if explicit else "neither UTF-8 nor GB18030 text"
                raise DataError(f"{name}: byte {offset} (line {line}) is {what}",
                                hint="check --encoding" if explicit else "pass --encoding if the file is in another encoding") from None
            out.write(text.encode("utf-8"))
            if final:
                return
            consumed += len(chunk)
            lines += chunk.count(b"\n")


# ----------------------------------------------------------------------------------- sources
def _read_stdin() -> bytes:
    stream = sys.stdin
    if stream is None or stream.closed:
        return b""
    try:
        if stream.isatty():
            raise UsageError("no input: give a FILE, or pipe a table (CSV, TSV, JSON, JSONL, Parquet, XLSX) into stdin",
                             hint="see the command's --help")
    except ValueError:  # closed underneath
        return b""
    try:
        return stream.buffer.read()
    except (OSError, ValueError):
        return b""


def _sniff_binary(head: bytes) -> str | None:
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"ARROW1"):
        return "ipc"
    if head.startswith(b"\xff\xff\xff\xff"):
        return "ipc_stream"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"\x28\xb5\x2f\xfd"):
        return "zstd"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    return None


def read_tables(sources: list[str] | None, opts: InputOptions | None = None) -> list[Table]:
    """Read every source (nothing or `-` = stdin, which can be read only once)."""
    opts = opts or InputOptions()
    sources = list(sources or []) or ["-"]
    if sum(1 for s in sources if s == "-") > 1:
        raise UsageError("stdin ('-') can be given only once")
    seen: dict[str, int] = {}
    for s in sources:
        if s != "-":
            key = os.path.realpath(s)
            seen[key] = seen.get(key, 0) + 1
            if seen[key] == 2:  # most likely an overlapping glob; the rows are read twice as asked
                warn(f"{s} is given more than once: its rows are read each time")
    return [read_table(s, opts) for s in sources]


def read_table(source: str | None, opts: InputOptions | None = None) -> Table:
    """Read one table from a path, `-` or (None) stdin, values exactly as stored."""
    opts = opts or InputOptions()
    if source in (None, "-"):
        name, path, data = STDIN, None, _read_stdin()
        head = data[:SNIFF]
    else:
        name, path, data = source, source, None
        p = Path(source)
        if not p.exists():
            raise DataError(f"cannot read {source}: no such file")
        if p.is_dir():
            raise DataError(f"cannot read {source}: it is a folder, not a table")
        try:
            if p.is_file():
                with open(source, "rb") as f:
                    head = f.read(SNIFF)
            else:  # a pipe such as <(…) or /dev/stdin: it can be read only once, so read it whole
                data = p.read_bytes()
                path = None
                head = data[:SNIFF]
        except OSError as e:
            raise DataError(f"cannot read {source}: {e.strerror or e}") from None
    if not head.strip():
        raise DataError(f"{name} is empty: expected a table with a header row")

    kind = _sniff_binary(head)
    try:
        if kind == "gzip":
            import gzip

            raw = data if data is not None else Path(path).read_bytes()
            try:
                data = gzip.decompress(raw)
            except (OSError, EOFError) as e:
                raise DataError(f"{name}: not a readable gzip file ({e})") from None
            return _from_text(name, None, data, opts, compressed="gzip")
        if kind == "zstd":
            raw = data if data is not None else Path(path).read_bytes()
            data = _unzstd(name, raw)
            return _from_text(name, None, data, opts, compressed="zstd")
        if kind == "xls":
            raise DataError(f"{name} is an old Excel 97-2003 (.xls) workbook", hint="save it as .xlsx or CSV")
        if kind in ("parquet", "ipc", "ipc_stream"):
            return _from_columnar(name, path, data, kind)
        if kind == "xlsx":
            return _from_xlsx(name, path, data, opts)
        return _from_text(name, path, data, opts)
    except (DataError, UsageError):
        raise
    except pl.exceptions.PolarsError as e:
        raise DataError(f"cannot read {name}: {_first_line(e)}") from None


def _unzstd(name: str, raw: bytes) -> bytes:
    """Every frame (`cat a.zst b.zst` has two; `… | zstd` writes them without their size), each to
    its end: a cut file is an error, never the rows that happened to arrive."""
    import zstandard

    parts, rest = [], raw
    try:
        while rest:
            frame = zstandard.ZstdDecompressor().decompressobj()
            parts.append(frame.decompress(rest))
            if not frame.eof:
                raise DataError(f"{name}: the zstd file is cut short (its last frame has no end)",
                                hint="copy or download it again")
            rest = frame.unused_data
    except zstandard.ZstdError as e:
        raise DataError(f"{name}: not a readable zstd file ({e})") from None
    return b"".join(parts)


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__


# ----------------------------------------------------------------------------------- columnar
def _from_columnar(name: str, path: str | None, data: bytes | None, kind: str) -> Table:
    label = {"parquet": "Parquet", "ipc": "Arrow IPC", "ipc_stream": "Arrow IPC stream"}[kind]
    try:
        if kind == "parquet":
            lf = pl.scan_parquet(path) if path else pl.read_parquet(io.BytesIO(data)).lazy()
        elif kind == "ipc":
            lf = pl.scan_ipc(path) if path else pl.read_ipc(io.BytesIO(data)).lazy()
        else:
            lf = pl.read_ipc_stream(path if path else io.BytesIO(data)).lazy()
        columns = lf.collect_schema().names()
        if path and kind == "parquet":
            # A truncated file can still have a readable footer cache miss; touch the metadata now.
            pl.read_parquet_schema(path)
    except Exception as e:  # polars/pyo3 raise several kinds for corrupt files
        raise DataError(f"cannot read {name} as {label}: {_first_line(e)}") from None
    lf = lf.with_row_index("_row", offset=1).with_columns(pl.col("_row").cast(pl.Int64), _source=pl.lit(name))
    return Table(lf, name, kind, None, columns, in_memory=not path or kind == "ipc_stream")


# ----------------------------------------------------------------------------------- xlsx
def _from_xlsx(name: str, path: str | None, data: bytes | None, opts: InputOptions) -> Table:
    import logging

    import fastexcel

    # fastexcel logs "could not determine dtype … falling back to string" for empty columns through
    # Python logging, whose last-resort handler would print it: text is what we want anyway.
    logging.getLogger("fastexcel").setLevel(logging.ERROR)

    try:
        reader = fastexcel.read_excel(path if path else data)
        sheets = reader.sheet_names
    except Exception as e:
        raise DataError(f"cannot read {name} as XLSX: {_first_line(e)}") from None
    target: int | str = 0
    if opts.sheet:
        if opts.sheet.isdigit():
            target = int(opts.sheet) - 1
            if not 0 <= target < len(sheets):
                raise DataError(f"{name} has {len(sheets)} sheet(s); there is no sheet {opts.sheet}",
                                hint=f"sheets: {', '.join(sheets)}")
        elif opts.sheet in sheets:
            target = opts.sheet
        else:
            raise DataError(f"{name} has no sheet named {opts.sheet!r}", hint=f"sheets: {', '.join(sheets)}")
    try:
        # Types from every row, not the first 1000 (else a later `1,234`, `-` or `A0012` in a number
        # column is emptied): a column holding text anywhere comes as text. Cells of spaces are empty.
        df = reader.load_sheet(target, header_row=0, schema_sample_rows=None, whitespace_as_null=True).to_polars()
        # fastexcel renames a repeated header `a` to `a_1`, which could be a real name: name the copies
        # as the CSV reader does (`a_duplicated_0`), so that conform can tell a repeated header
        raw = reader.load_sheet(target, header_row=None, n_rows=1, dtypes="string").to_polars()
        if raw.height and df.width == raw.width:
            given = [v if v is not None and v.strip() else c for v, c in zip(raw.row(0), df.columns)]
            df.columns = _dedupe(given)
    except Exception as e:
        raise DataError(f"cannot read sheet {target!r} of {name}: {_first_line(e)}") from None
    if not df.columns:
        raise DataError(f"{name}: the sheet is empty: expected a header row")
    columns = df.columns
    # Numbers as text, as Excel shows them (15 significant digits: 0.3, not 0.30000000000000004; 123,
    # not 123.0): from here on the same path as CSV text, exact for money. Dates and booleans stay typed.
    numbers = [c for c, t in df.schema.items() if t.is_numeric()]
    df = df.with_row_index("_row", offset=2).with_columns(
        *[_excel_number_text(pl.col(c)).alias(c) for c in numbers], pl.col("_row").cast(pl.Int64))
    df = df.filter(~pl.all_horizontal([pl.col(c).is_null() for c in columns]))  # empty rows, as in CSV
    lf = df.lazy().with_columns(_source=pl.lit(name))
    return Table(lf, name, "xlsx", None, columns)


def _excel_number_text(col: pl.Expr) -> pl.Expr:
    """A number cell as Excel shows it: 15 significant digits, a whole number without `.0`."""
    r = col.cast(pl.Float64).round_sig_figs(15)
    whole = (r == r.round(0)) & (r.abs() < 9e18)
    return pl.when(whole).then(r.cast(pl.Int64).cast(pl.String)).otherwise(r.cast(pl.String))


def _excel_text_number(src: pl.Expr) -> pl.Expr:
    """In a column of text and numbers fastexcel writes a number cell with 9 decimals, binary noise
    shown (9443751234.56 → `9443751234.559999466`): back to Excel's 15 significant digits."""
    noisy = src.str.contains(r"^-?\d+\.\d{9}$") & (src.str.replace_all(r"^[-0.]+|\.", "").str.len_chars() > 15)
    return pl.when(noisy).then(_excel_number_text(src.cast(pl.Float64, strict=False))).otherwise(src)


# ----------------------------------------------------------------------------------- text
def _from_text(name: str, path: str | None, data: bytes | None, opts: InputOptions, compressed: str | None = None) -> Table:
    explicit = opts.encoding is not None
    if data is not None:
        head = data[:SNIFF]
        complete = len(data) <= SNIFF
    else:
        with open(path, "rb") as f:
            head = f.read(SNIFF)
        complete = os.path.getsize(path) <= SNIFF
    codec = _codec(opts.encoding) if explicit else _guess_encoding(head, complete)
    if codec is None:
        whole = data if data is not None else Path(path).read_bytes()
        _check_not_mixed(name, whole)
        raise _undecodable(name, whole, None, False)
    if codec == "gb18030" and not explicit:
        _check_not_mixed(name, head)
    try:
        sample = codecs.getincrementaldecoder(codec)(_errors_for(codec)).decode(head, final=complete).lstrip("\ufeff")
    except UnicodeDecodeError:
        raise _undecodable(name, data if data is not None else Path(path).read_bytes(), codec, explicit) from None
    first = sample.lstrip()[:1]
    if first in ("[", "{"):
        return _from_json(name, path, data, codec, first, explicit)
    body = sample.lstrip("\r\n")
    skip = sample[:len(sample) - len(body)].count("\n") or sample[:len(sample) - len(body)].count("\r")
    sep = _sniff_separator(body)
    fmt = "tsv" if sep == "\t" else "csv"
    cr_only = "\r" in sample and "\n" not in sample
    enc_label = codec if compressed is None else f"{codec} ({compressed})"

    if cr_only:
        text = _decode_all(name, path, data, codec, explicit)
        return _csv_by_python(name, text, sep, fmt, enc_label)

    if codec in ("utf-8", "utf-8-sig"):
        source = path if path is not None else data
        text_of = lambda: (Path(path).read_bytes() if data is None else data).decode("utf-8-sig")  # noqa: E731
        try:
            df = _polars_csv(source, sep, skip)
        except _Ragged:
            return _structure_error(name, text_of(), sep)
        except pl.exceptions.ComputeError as e:
            if "utf-8" not in str(e).lower():
                raise
            # A bad byte after the sniffed sample: GB18030 after all, or an error to name.
            whole = data if data is not None else Path(path).read_bytes()
            if not explicit:
                _check_not_mixed(name, whole)
            if explicit or _guess_encoding(whole, True) != "gb18030":
                raise _undecodable(name, whole, codec if explicit else None, explicit) from None
            codec = enc_label = "gb18030"
        else:
            return _finish_csv(name, df, fmt, enc_label, text_source=text_of, sep=sep, raw=source, skip=skip)

    # Transcode to UTF-8 (in memory for stdin, through a temporary file for files on disk).
    if data is not None:
        try:
            text = data.decode(codec, _errors_for(codec))
        except UnicodeDecodeError:
            raise _undecodable(name, data, codec if explicit else None, explicit) from None
        text = text.lstrip("\ufeff")
        utf8 = text.encode("utf-8")
        try:
            df = _polars_csv(utf8, sep, skip)
        except _Ragged:
            return _structure_error(name, text, sep)
        return _finish_csv(name, df, fmt, enc_label, text_source=lambda: text, sep=sep, raw=utf8, skip=skip)
    with tempfile.TemporaryDirectory(prefix="jncli-") as tmp:
        utf8_path = os.path.join(tmp, "utf8.csv")
        with open(utf8_path, "wb") as out:
            _transcode_file(name, path, codec, out, explicit)
        try:
            df = _polars_csv(utf8_path, sep, skip)
        except _Ragged:
            return _structure_error(name, Path(utf8_path).read_bytes().decode("utf-8-sig"), sep)
        return _finish_csv(name, df, fmt, enc_label, sep=sep, raw=utf8_path, skip=skip,
                           text_source=lambda: Path(path).read_bytes().decode(codec, _errors_for(codec)))


def _decode_all(name: str, path: str | None, data: bytes | None, codec: str, explicit: bool) -> str:
    raw = data if data is not None else Path(path).read_bytes()
    try:
        return raw.decode(codec, _errors_for(codec)).lstrip("\ufeff")
    except UnicodeDecodeError:
        raise _undecodable(name, raw, codec if explicit else None, explicit) from None


def _sniff_separator(sample: str) -> str:
    """Tab, semicolon or comma: whichever the header line (outside quotes) has most of; comma wins ties."""
    header = []
    quoted = False
    for ch in sample:
        if ch == '"':
            quoted = not quoted
        elif ch in "\r\n" and not quoted:
            break
        elif not quoted:
            header.append(ch)
    line = "".join(header)
    counts = {",": line.count(","), "\t": line.count("\t"), ";": line.count(";")}
    best = max(counts, key=lambda k: (counts[k], k == ","))
    return best if counts[best] else ","


class _Ragged(Exception):
    """polars found a row with more fields than the header."""


def _polars_csv(source, sep: str, skip: int = 0) -> pl.DataFrame:
    try:
        return pl.read_csv(source, separator=sep, infer_schema=False, row_index_name="_row", row_index_offset=2 + skip,
                           skip_lines=skip, raise_if_empty=True)
    except pl.exceptions.ComputeError as e:
        if "more fields" in str(e):
            raise _Ragged() from None
        raise
    except pl.exceptions.NoDataError:
        return pl.DataFrame({"_row": pl.Series([], dtype=pl.UInt32)})


def _finish_csv(name: str, df: pl.DataFrame, fmt: str, encoding: str, *, text_source=None, sep: str = ",",
                raw=None, skip: int = 0) -> Table:
    """Blank lines out, structure checked, unquoted empties → "", jncli's own formula escaping undone."""
    columns = [c for c in df.columns if c != "_row"]
    if not columns:
        raise DataError(f"{name} has no header row")
    if "_row" not in df.columns:
        df = df.with_row_index("_row", offset=2)
    df = df.with_columns(pl.col("_row").cast(pl.Int64))
    # Unquoted empty cells and fields missing from short rows are both null here; a null in the last
    # column is the only way a short row can show, so only then is the structure checked exactly.
    if (df.height and df.get_column(columns[-1]).null_count() and text_source is not None
            and not _every_line_has_width(raw, sep, len(columns), skip)):
        problem = _first_structure_problem(text_source(), sep, len(columns))
        if problem:
            raise DataError(f"{name}: {problem}")
    # Each fix-up only where needed: on clean big files these scans are all that is paid.
    nulls = [c for c in columns if df.get_column(c).null_count()]
    if len(nulls) == len(columns):
        df = df.filter(~pl.all_horizontal([pl.col(c).is_null() for c in columns]))
    quoted = df.select([pl.col(c).str.starts_with("'").any().alias(c) for c in columns]).row(0, named=True) if df.height else {}
    # Lazy: computed with whatever reads the column next (conform's one pass), never kept as a copy.
    fixes = [(_unescape(pl.col(c)) if quoted.get(c) else pl.col(c)).fill_null("") for c in columns
             if c in nulls or quoted.get(c)]
    lf = df.lazy().with_columns(fixes) if fixes else df.lazy()
    renames = {c: _unescape_header(c) for c in columns if _unescape_header(c) != c}
    if renames:
        lf = lf.rename(renames)
        columns = [renames.get(c, c) for c in columns]
    lf = lf.with_columns(_source=pl.lit(name))
    return Table(lf, name, fmt, encoding, columns)


def _every_line_has_width(raw, sep: str, width: int, skip: int) -> bool:
    """Fast structure check for files without any quote character (most machine exports): then
    every non-blank line is one record and its fields are its separators plus one. False means
    "not proven" — the exact check with Python's csv module then runs and names the line."""
    if raw is None:
        return False
    try:
        lines = pl.read_csv(raw, has_header=False, separator="\x1f", quote_char=None, infer_schema=False,
                            new_columns=["line"], skip_lines=skip, skip_rows=1).get_column("line")
    except pl.exceptions.PolarsError:
        return False
    text = lines.str.strip_chars_end("\r")
    if text.str.contains('"', literal=True).any() or text.str.contains("\x1f", literal=True).any():
        return False
    fields = text.str.count_matches(sep, literal=True) + 1
    return bool(((fields == width) | (text == "") | text.is_null()).all())


def _unescape(col: pl.Expr) -> pl.Expr:
    """Undo the OWASP `'` prefix jncli's writer puts before = + - @ tab CR LF, so pipes round-trip.

    The writer also prefixes text that already starts with quotes before such a character
    (`'=x` → `''=x`), so exactly one quote comes off whenever quotes precede a trigger.
    """
    return pl.when(col.str.contains(_ESCAPED)).then(col.str.slice(1)).otherwise(col)


_ESCAPED = r"^'+[=+\-@\t\r\n]"


def _unescape_header(name: str) -> str:
    import re

    return name[1:] if re.match(_ESCAPED, name) else name


def _first_structure_problem(text: str, sep: str, width: int) -> str | None:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        _header(reader)
        for record in reader:
            if not record:  # blank line
                continue
            if len(record) != width:
                return (f"line {reader.line_num} has {len(record)} field{'s' if len(record) != 1 else ''}, "
                        f"the header has {width}")
    except csv.Error as e:
        return f"line {reader.line_num}: {e}"
    return None


def _header(reader) -> list[str] | None:
    """The first non-blank record (blank lines before the header are skipped)."""
    for record in reader:
        if record:
            return record
    return None


def _structure_error(name: str, text: str, sep: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    header = _header(reader) or []
    problem = _first_structure_problem(text, sep, len(header))
    raise DataError(f"{name}: {problem or 'a row has more fields than the header'}")


def _csv_by_python(name: str, text: str, sep: str, fmt: str, encoding: str) -> Table:
    """CR-only line ends (old Excel for Mac): polars cannot split them; Python's csv module can."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    header = _header(reader)
    if not header:
        raise DataError(f"{name} has no header row")
    rows, numbers = [], []
    for record in reader:
        if not record or all(v == "" for v in record):
            continue
        if len(record) != len(header):
            raise DataError(f"{name}: line {reader.line_num} has {len(record)} fields, the header has {len(header)}")
        rows.append(record)
        numbers.append(reader.line_num)
    names = _dedupe([_unescape_header(h) for h in header])
    df = pl.DataFrame({n: [r[i] for r in rows] for i, n in enumerate(names)}, schema={n: pl.String for n in names})
    df = df.with_columns(pl.Series("_row", numbers, dtype=pl.Int64))
    df = df.with_columns([_unescape(pl.col(c)) for c in names])
    return Table(df.lazy().with_columns(_source=pl.lit(name)), name, fmt, encoding, names)


def _copy_of(header: str, headers: list) -> str | None:
    """The header this one repeats, if the reader renamed it (`a_duplicated_0` → `a`)."""
    base, sep, n = header.rpartition("_duplicated_")
    return base if sep and n.isdigit() and base in headers else None


def _dedupe(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in header:
        n = seen.get(h, 0)
        out.append(h if n == 0 else f"{h}_duplicated_{n - 1}")
        seen[h] = n + 1
    return out


# ----------------------------------------------------------------------------------- json
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
                df = pl.concat([df.select(df.columns[:at]), inner, df.select(df.columns[at + 1:])], how="horizontal")
                break
    return df


# ----------------------------------------------------------------------------------- raw output
def concat_raw(tables: list[Table]) -> pl.LazyFrame:
    """Tables as read, stacked by column name (a missing column is empty), bookkeeping columns kept."""
    frames = [t.frame for t in tables]
    return frames[0] if len(frames) == 1 else pl.concat(frames, how="diagonal_relaxed")


# ----------------------------------------------------------------------------------- conform
@dataclass
class _Conversion:
    canonical: str
    header: str
    expr: pl.Expr           # the typed value
    bad: pl.Expr | None     # true where a non-empty source value did not convert
    expected: str           # "a number", …, for the message
    fast: pl.Expr | None = None  # same value for clean input (plain cast); null where it needs `expr`
    why: Callable[[str], str] | None = None  # what is wrong with a raw value, if not "is not {expected}"


def _convert(header: str, col: schemas.Column, dtype: pl.DataType, factor: float, fmt: str,
             raw_text: bool = False) -> _Conversion:
    src = pl.col(header)
    kind = col.type
    is_str = dtype == pl.String
    if fmt == "xlsx" and is_str and kind in ("int", "number", "money"):
        src = _excel_text_number(src)
    present = _text(src).is_not_null() if is_str else src.is_not_null()

    if kind in ("text", "id"):
        if is_str:
            return _Conversion(col.name, header, src if raw_text else _text(src), None, "text")
        if dtype.is_float():  # an id Excel stored as a number: 123.0 → "123"
            whole = src.round(0) == src
            expr = pl.when(whole).then(src.cast(pl.Int64, strict=False).cast(pl.String)).otherwise(src.cast(pl.String))
            return _Conversion(col.name, header, expr, None, "text")
        return _Conversion(col.name, header, src.cast(pl.String), None, "text")

    if kind == "int":
        if is_str:
            value = _numeric_text(_text(src)).str.replace(r"[年人家个]$", "").cast(pl.Float64, strict=False)
        else:
            value = src.cast(pl.Float64, strict=False)
        if dtype.is_integer():
            return _Conversion(col.name, header, src.cast(pl.Int64), None, "a whole number")
        expr = pl.when(value.round(0) == value).then(value.cast(pl.Int64, strict=False))
        fast = src.cast(pl.Int64, strict=False) if is_str else None
        return _Conversion(col.name, header, expr, present & expr.is_null(), "a whole number", fast)

    if kind == "number":
        if is_str:
            t = _numeric_text(_text(src)).str.replace(r"[年人家个]$", "")  # 2年, 2.5年 as for whole numbers
            pct = t.str.ends_with("%")
            num = t.str.strip_suffix("%").cast(pl.Float64, strict=False)
            # 0.7% → 0.007, not 0.006999999999999999 (15 significant digits: what a float holds exactly)
            expr = pl.when(pct).then((num / 100).round_sig_figs(15)).otherwise(num)
        else:
            expr = src.cast(pl.Float64, strict=False)
        if dtype.is_numeric():
            return _Conversion(col.name, header, expr, None, "a number")
        fast = src.cast(pl.Float64, strict=False) if is_str else None
        return _Conversion(col.name, header, expr, present & expr.is_null(), "a number", fast)

    if kind == "money":
        # Exact: read with 12 decimals, convert the unit, and only then fit 万元 with 6 decimals (1 分).
        # A value that does not fit (12.499999999, 0.49999996 亿元 is fine: 4999.9996 万元) is an error,
        # not rounded: rounding could lift 4999.9999999 over a 5000 threshold.
        unit = pl.lit(repr(factor)).cast(pl.Decimal(38, unit_decimals(factor)))  # not pl.lit(Decimal): imports NumPy
        expected = "a number (money)"

        def in_wan(value: pl.Expr, text: bool = True) -> pl.Expr:  # null where it does not convert or loses digits
            wide = value.cast(MONEY_WIDE, strict=False)
            if factor != 1.0:
                wide = (wide * unit).cast(MONEY_WIDE)
            fitted = wide.cast(MONEY_DTYPE)
            fits = fitted.cast(MONEY_WIDE) == wide
            if text:  # a digit past the 12th decimal: the wide cast itself would have rounded it away
                fits = fits & ~value.str.contains(r"\.\d{12}\d*[1-9]")
            return pl.when(fits).then(fitted)

        def exact(value: pl.Expr, strict: bool = False) -> pl.Expr:  # values known to fit 6 decimals of 万元
            return value.cast(MONEY_DTYPE, strict=strict) if factor == 1.0 else \
                (value.cast(MONEY_WIDE, strict=strict) * unit).cast(MONEY_DTYPE)

        if dtype.is_integer() or (isinstance(dtype, pl.Decimal) and dtype.scale + unit_decimals(factor) <= 6):
            # typed input that always fits: nothing to check, stays lazy
            return _Conversion(col.name, header, exact(src, strict=True), None, expected)
        why = _money_problem
        if dtype.is_float():  # through the shortest text of the float (1234.56, not 1234.559999…)
            value = in_wan(src.cast(pl.String))
            return _Conversion(col.name, header, value, src.is_not_null() & value.is_null(), expected, why=why)
        if not is_str:
            value = in_wan(src, text=False)
            return _Conversion(col.name, header, value, src.is_not_null() & value.is_null(), expected, why=why)
        value = in_wan(_numeric_text(_text(src)))
        # The plain cast for clean text: exact when the text has no more decimals than 1 分 allows in
        # its unit (元 2, 万元 6, 亿元 10), which a regex tells far cheaper than comparing casts.
        allowed = 6 + round(math.log10(factor))
        fast = pl.when(~src.str.contains(rf"\.\d{{{allowed + 1}}}|[eE]")).then(exact(src))  # 1.5e-7: the full path
        return _Conversion(col.name, header, value, present & value.is_null(), expected, fast, why=why)

    if kind == "bool":
        if dtype == pl.Boolean:
            return _Conversion(col.name, header, src.fill_null(False), None, "yes/no")
        word = (src.cast(pl.String) if not is_str else src).str.strip_chars().str.to_lowercase()
        if dtype.is_float():
            word = src.cast(pl.Int64, strict=False).cast(pl.String)
        def yes_no(w: pl.Expr) -> pl.Expr:
            w = w.fill_null("")
            return pl.when(w.is_in(TRUE_WORDS)).then(True).when(w.is_in(FALSE_WORDS)).then(False)

        expr = yes_no(word)
        # the words as written (是/否, y, 1 …) need no strip or case folding: ten million cheap lookups
        fast = yes_no(src) if is_str else None
        return _Conversion(col.name, header, expr, expr.is_null(), "yes/no (是/否, Y/N, true/false, 1/0, √/×)", fast)

    if kind == "date":
        if dtype == pl.Date:
            return _Conversion(col.name, header, src, None, "a date")
        if isinstance(dtype, pl.Datetime):
            return _Conversion(col.name, header, src.dt.date(), None, "a date")
        if dtype.is_numeric():
            if fmt == "xlsx":  # an Excel serial date in a General-formatted cell
                expr = EXCEL_EPOCH + pl.duration(days=src.cast(pl.Int64, strict=False))
                return _Conversion(col.name, header, expr, present & expr.is_null(), "a date")
            return _Conversion(col.name, header, pl.lit(None, pl.Date), present, "a date")
        expr = parse_date_expr(src, fmt)
        return _Conversion(col.name, header, expr, present & expr.is_null(),
                           "a date (2023-05-01, 2023/5/1, 20230501 or 2023年5月1日)",
                           src.str.to_date("%Y-%m-%d", strict=False))
    raise AssertionError(kind)


def _describe_schema_headers(col: schemas.Column, limit: int = 8) -> str:
    names = [col.name, *[a for a in col.aliases if a != col.name]]
    shown = ", ".join(names[:limit])
    return shown + (f", … ({len(names) - limit} more; see `jncli schema`)" if len(names) > limit else "")


def conform(table: Table, schema_name: str, opts: InputOptions | None = None, *, all_problems: bool = False,
            lazy: bool = False, required: tuple[str, ...] | None = None,
            raw_text: Collection[str] = ()) -> pl.DataFrame | pl.LazyFrame:
    """Map `table` onto a canonical schema: headers, units → 万元, types; raise DataError naming bad values.

    `required` overrides the schema's required columns (a command may need fewer or more).
    With `lazy=True` a LazyFrame comes back (big inputs); the value checks still run first.
    `raw_text`: text columns left as read, not stripped nor emptied to null, because the caller
    normalises them itself where that is cheaper (on distinct values, or only when a value needs it):
    on ten million rows the per-row normalisation costs more than the measure's whole query.
    """
    opts = opts or InputOptions()
    try:
        schema = schemas.SCHEMAS[schema_name]
    except KeyError:
        raise UsageError(f"unknown table kind {schema_name!r}; one of: {', '.join(schemas.SCHEMAS)}") from None
    name = table.source
    lf = table.frame
    types = lf.collect_schema()
    headers = [h for h in types.names() if h not in INTERNAL_COLUMNS]

    mapped: dict[str, tuple[str, float]] = {}  # canonical → (header, factor)
    unit_given: set[str] = set()  # money columns whose unit the header or --unit names
    passthrough: list[str] = []
    for h in headers:
        try:
            m = schemas.match_header(schema, str(h))
        except ValueError as e:
            raise DataError(f"{name}: {e}") from None
        if m.column is None:
            copy_of = _copy_of(str(h), headers)
            if copy_of is not None and schemas.match_header(schema, copy_of).column is not None:
                raise DataError(f"{name}: the header {copy_of!r} appears twice (both would mean "
                                f"{schemas.match_header(schema, copy_of).column})", hint="keep one of those columns")
            passthrough.append(h)
            continue
        if m.column in mapped:
            raise DataError(f"{name}: columns {mapped[m.column][0]!r} and {h!r} both mean {m.column}",
                            hint="keep one of them")
        factor = m.factor if m.unit else (schemas.MONEY_UNITS[{"yuan": "元", "wan": "万元", "yi": "亿元"}[opts.unit]]
                                          if schema.column(m.column).type == "money" else 1.0)
        mapped[m.column] = (h, factor)
        if m.unit or opts.unit != "wan":
            unit_given.add(m.column)

    needed = required if required is not None else tuple(c.name for c in schema.columns if c.required)
    for col_name in needed:
        if col_name not in mapped:
            col = schema.column(col_name)
            found = ", ".join(map(str, headers)) or "none"
            raise DataError(f"{name}: missing required column {col_name} (tried: {_describe_schema_headers(col)}; "
                            f"found: {found})", hint=_header_row_hint(lf, headers, schema, needed))

    conversions = [_convert(h, schema.column(c), types[h], f, table.format, raw_text=c in raw_text)
                   for c, (h, f) in mapped.items()]
    passthrough_exprs = [pl.col(h) for h in passthrough]  # kept as read (lists and numbers too)
    if not any(cv.bad is not None for cv in conversions):
        # Typed input (Parquet with proper dtypes): nothing to check, stays lazy end to end.
        out = lf.select(pl.col("_source"), pl.col("_row"), *[cv.expr.alias(cv.canonical) for cv in conversions],
                        *passthrough_exprs)
    elif lazy and not table.in_memory:
        out = _convert_checked_lazy(lf, conversions, passthrough_exprs, name, schema_name, all_problems)
    else:
        out = _convert_checked(lf, conversions, passthrough_exprs, name, schema_name, all_problems).lazy()
    _warn_implausible_money(out, schema, name, {c: hf for c, hf in mapped.items() if c not in unit_given})
    return out if lazy else out.collect()


def _header_row_hint(lf: pl.LazyFrame, headers: list, schema: schemas.Schema, needed: tuple[str, ...]) -> str | None:
    """Statistics-bureau sheets often put a title (and a 单位 line) above the header: if one of the
    first rows holds every required column, say which row, so the message points at the fix."""
    def means_all(cells: list) -> bool:
        found = set()
        for cell in cells:
            if cell in (None, ""):
                continue
            try:
                found.add(schemas.match_header(schema, str(cell)).column)
            except ValueError:  # a header with an unknown unit: not this row's business here
                continue
        return set(needed) <= found

    try:
        rows = lf.head(10).select("_row", *[pl.col(h).cast(pl.String) for h in headers]).collect().rows()
    except pl.exceptions.PolarsError:
        return None
    for row in rows:
        if means_all(list(row[1:])):
            return (f"row {row[0]} looks like the header: delete the rows above it (a title or a 单位 line?) and "
                    f"label money headers with their unit, e.g. 网络零售额(元)")
    return None


def _retry_flag(cv: _Conversion, fast_value: pl.Expr | None = None) -> pl.Expr:
    """Does any present value fail the plain cast (or, without one, the full conversion)?
    `fast_value`: the plain cast's result as a column already computed (polars does not share it)."""
    if cv.fast is None:
        failed = cv.bad
    else:
        failed = _present(cv) & (cv.fast if fast_value is None else fast_value).is_null()
    return failed.fill_null(False).any()


def _problem_lines(rows: pl.DataFrame, conversions: list[_Conversion], indices: list[int], name: str) -> list[str]:
    problems = []
    for row in rows.iter_rows(named=True):
        for i in indices:
            if row[f"__bad{i}"]:
                cv = conversions[i]
                raw = row[f'__raw{i}']
                problems.append(f"{name} row {row['_row']}, column {cv.header} ({cv.canonical}): "
                                + (cv.why(raw) if cv.why else f"{raw!r} is not {cv.expected}"))
    return problems


def _convert_checked_lazy(lf: pl.LazyFrame, conversions: list[_Conversion], passthrough: list[pl.Expr], name: str,
                          schema_name: str, all_problems: bool) -> pl.LazyFrame:
    """The same checks without materialising the table (big inputs): one streaming pass over the
    checked columns decides which need the full conversion; a second looks for bad values only then."""
    checked = [i for i, cv in enumerate(conversions) if cv.bad is not None]
    flags = lf.select([_retry_flag(conversions[i]).alias(f"__retry{i}") for i in checked]).collect(engine="streaming")
    retry = [i for i in checked if flags.item(0, f"__retry{i}")] if flags.height else []
    if retry:
        bad = (lf.select(pl.col("_row"), *[conversions[i].bad.fill_null(False).alias(f"__bad{i}") for i in retry],
                         *[pl.col(conversions[i].header).cast(pl.String).alias(f"__raw{i}") for i in retry])
               .filter(pl.any_horizontal([pl.col(f"__bad{i}") for i in retry]))
               .head(MAX_LISTED_PROBLEMS if all_problems else 2).collect())
        if bad.height:
            raise _problems(_problem_lines(bad, conversions, retry, name), all_problems, schema_name, name)
    return lf.select(
        pl.col("_source"), pl.col("_row"),
        *[(cv.expr if (i in retry or cv.fast is None) else cv.fast).alias(cv.canonical) for i, cv in enumerate(conversions)],
        *passthrough,
    )


def _convert_checked(lf: pl.LazyFrame, conversions: list[_Conversion], passthrough: list[pl.Expr], name: str,
                     schema_name: str, all_problems: bool) -> pl.DataFrame:
    """Convert with value checks in one pass over clean data.

    Clean values take the plain cast (`fast`); only a column where some present value failed it is
    converted again with the full normalisation (full-width digits, 1,234, 2023年5月1日 …), and only
    values that fail that too are problems. The typed result is materialised: for a table already in
    memory (CSV, JSON, XLSX) one conversion beats converting again in every pass of a rule.
    """
    values = [(cv.fast if cv.fast is not None else cv.expr).alias(f"__v{i}") for i, cv in enumerate(conversions)]
    first = lf.with_columns(values).select(
        pl.col("_source"), pl.col("_row"), *[pl.col(f"__v{i}") for i in range(len(conversions))],
        *[(_retry_flag(cv, pl.col(f"__v{i}")) if cv.bad is not None else pl.lit(False)).alias(f"__retry{i}")
          for i, cv in enumerate(conversions)],
        *passthrough,
    ).collect()
    retry = [i for i, _ in enumerate(conversions) if first.item(0, f"__retry{i}")] if first.height else []
    if retry:
        full = lf.select(pl.col("_row"), *[conversions[i].expr.alias(f"__v{i}") for i in retry],
                          *[conversions[i].bad.fill_null(False).alias(f"__bad{i}") for i in retry],
                          *[pl.col(conversions[i].header).cast(pl.String).alias(f"__raw{i}") for i in retry]).collect()
        flagged = full.filter(pl.any_horizontal([pl.col(f"__bad{i}") for i in retry]))
        problems = _problem_lines(flagged.head(MAX_LISTED_PROBLEMS if all_problems else 2), conversions, retry, name)
        if problems:
            raise _problems(problems, all_problems, schema_name, name)
        first = first.with_columns(full.select([f"__v{i}" for i in retry]))
    return first.select(
        pl.col("_source"), pl.col("_row"),
        *[pl.col(f"__v{i}").alias(cv.canonical) for i, cv in enumerate(conversions)],
        *[c for c in first.columns if c not in ("_source", "_row") and not c.startswith("__")],
    )


def _present(cv: _Conversion) -> pl.Expr:
    """A text cell that may hold something the plain cast missed: not empty. Cells of spaces count
    too — they only cost the full conversion, which reads them as empty — since stripping every
    value to tell them apart would cost more than the cast."""
    return pl.col(cv.header).str.len_bytes() > 0


def _problems(problems: list[str], all_problems: bool, schema_name: str, name: str) -> DataError:
    if all_problems:
        err = DataError(f"{name}: {len(problems)}{'+' if len(problems) >= MAX_LISTED_PROBLEMS else ''} "
                        f"value(s) do not fit the {schema_name} schema")
        err.details = problems
        return err
    more = len(problems) > 1
    return DataError(problems[0] + (" (and more)" if more else ""),
                     hint=f"`jncli cat --as {schema_name} {name if name != STDIN else 'FILE'}` lists every problem")


def _warn_implausible_money(lf: pl.LazyFrame, schema: schemas.Schema, name: str, mapped: dict) -> None:
    money = [c.name for c in schema.columns if c.type == "money" and c.name in mapped]
    if not money:
        return
    # A sanity check, not a rule: the first rows tell the unit as well as all of them, and on a
    # 10-million-row registry a full scan would cost more than the measure itself.
    medians = (lf.head(MEDIAN_SAMPLE).select([pl.col(c).cast(pl.Float64).median().alias(c) for c in money])
               .collect().row(0, named=True))
    for c, med in medians.items():
        if med is not None and med > IMPLAUSIBLE_WAN_MEDIAN:
            warn(f"{name}: column {mapped[c][0]} has a median of {med:,.0f} 万元 — is it in 元? "
                 f"(label the header, e.g. {c}(元), or pass --unit yuan)")


def conform_first(table: Table, choices: list[tuple[str, tuple[str, ...]]], opts: InputOptions | None = None,
                  *, option: str = "input") -> tuple[str, pl.DataFrame]:
    """Conform `table` to the first (schema, required columns) whose required columns its headers name.

    For inputs that may come in several shapes, e.g. a published whitelist that is either jncli's own
    output (a ledger) or a plain list of credit codes. Returns the schema chosen and the frame.
    """
    headers = [str(h) for h in table.frame.collect_schema().names() if h not in INTERNAL_COLUMNS]
    for schema_name, required in choices:
        schema = schemas.SCHEMAS[schema_name]
        named = set()
        for h in headers:
            try:
                named.add(schemas.match_header(schema, h).column)
            except ValueError:
                continue
        if all(c in named for c in required):
            return schema_name, conform(table, schema_name, opts, required=required)
    wanted = "; or ".join(f"{', '.join(req)} ({name})" for name, req in choices)
    raise DataError(f"{table.source}: {option} needs the columns {wanted}; found: {', '.join(headers) or 'none'}")


def conform_all(tables: list[Table], schema_name: str, opts: InputOptions | None = None, *,
                all_problems: bool = False, lazy: bool = False, required: tuple[str, ...] | None = None,
                raw_text: Collection[str] = ()) -> pl.DataFrame | pl.LazyFrame:
    """`conform` every table and stack them by column name (several files read as one table)."""
    frames = [conform(t, schema_name, opts, all_problems=all_problems, lazy=lazy, required=required,
                      raw_text=raw_text) for t in tables]
    frames = [f.lazy() for f in frames]
    out = frames[0] if len(frames) == 1 else pl.concat(frames, how="diagonal_relaxed")
    return out if lazy else out.collect()
