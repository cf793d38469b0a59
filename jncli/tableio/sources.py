"""Where tables come from: paths, `-` and stdin, gzip/zstd, format sniffing, `read_table(s)`.
May import polars, `jncli.errors`, `jncli.settings` and the tableio readers (`table`, `text`,
`excel`, `columnar`).

`read_table` turns a path, `-` or stdin into a `Table` whose frame holds the values exactly as read
(CSV/TSV: every value text; JSON/Parquet/Arrow/XLSX: their own types). The format comes from the
content (magic bytes, then JSON/CSV/TSV sniffing), not only the extension; each format's reader
does the rest.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import polars as pl

from jncli.digest import identity
from jncli.errors import DataError, UsageError, warn
from jncli.schema import MAX_COLUMNS
from jncli.settings import InputOptions
from jncli.tableio.columnar import _from_columnar
from jncli.tableio.excel import _from_xlsx
from jncli.tableio.table import SNIFF, STDIN, Table, _first_line
from jncli.tableio.text import _from_text


def _read_stdin() -> bytes:
    stream = sys.stdin
    if stream is None or stream.closed:
        return b""
    try:
        if stream.isatty():
            raise UsageError(
                "no input: give a FILE, or pipe a table (CSV, TSV, JSON, JSONL, Parquet, XLSX) into stdin",
                hint="see the command's --help",
            )
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
    if _WEB_PAGE.match(_ascii_start(head)):
        return "html"
    return None


# A web page or Excel's XML spreadsheet: what many systems export under an .xls name.
_WEB_PAGE = re.compile(rb"\s*<(?:!doctype\s+html|html|table|head|body|meta|\?xml)\b", re.IGNORECASE)


def _ascii_start(head: bytes) -> bytes:
    """The first bytes as ASCII, after a byte-order mark (a UTF-16 page's `<\0h\0` → `<h`)."""
    head = head[:512]
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[2:].decode(codec, "ignore").encode("ascii", "ignore")
    return head.removeprefix(b"\xef\xbb\xbf")


# The name of the stream that holds an encrypted workbook inside its OLE container (UTF-16LE).
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def read_tables(sources: list[str] | None, opts: InputOptions | None = None, *, deferred: bool = False) -> list[Table]:
    """Read every source (nothing or `-` = stdin, which can be read only once). `deferred`: see `read_table`."""
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
    return [read_table(s, opts, deferred=deferred) for s in sources]


def read_table(source: str | None, opts: InputOptions | None = None, *, deferred: bool = False) -> Table:
    """Read one table from a path, `-` or (None) stdin, values exactly as stored.

    `deferred`: the caller gives the table straight to `conform(lazy=True)`, which proves a big plain
    CSV's row widths in its own conversion pass (`text._scanned_csv`) instead of the reader."""
    opts = opts or InputOptions()
    if source in (None, "-"):
        name, path, data = STDIN, None, _read_stdin()
        head = data[:SNIFF]
    else:
        name, path, data = source, source, None
        ident = None
        p = Path(source)
        if not p.exists():
            raise DataError(f"cannot read {source}: no such file")
        if p.is_dir():
            raise DataError(f"cannot read {source}: it is a folder, not a table")
        try:
            if p.is_file():
                with open(source, "rb") as f:
                    ident = identity(os.fstat(f.fileno()))  # before the first byte is read
                    head = f.read(SNIFF)
            else:  # a pipe such as <(…) or /dev/stdin: it can be read only once, so read it whole
                data = p.read_bytes()
                path = None
                head = data[:SNIFF]
        except OSError as e:
            raise DataError(f"cannot read {source}: {e.strerror or e}") from None
    if not head.strip():
        raise DataError(f"{name} is empty: expected a table with a header row")

    table = _read_kind(name, path, data, head, opts, deferred)
    if len(table.columns) > MAX_COLUMNS:
        raise _too_wide(name, len(table.columns))
    if path is not None:
        table.identity = ident
    return table


def _read_kind(
    name: str, path: str | None, data: bytes | None, head: bytes, opts: InputOptions, deferred: bool = False
) -> Table:
    kind = _sniff_binary(head)
    try:
        if kind == "gzip":
            import gzip
            import zlib

            raw = data if data is not None else Path(path).read_bytes()
            try:
                data = gzip.decompress(raw)
            except (OSError, EOFError, zlib.error) as e:
                raise DataError(f"{name}: not a readable gzip file ({e})") from None
            _check_width(name, data[:SNIFF])
            return _from_text(name, None, data, opts, compressed="gzip")
        if kind == "zstd":
            raw = data if data is not None else Path(path).read_bytes()
            data = _unzstd(name, raw)
            _check_width(name, data[:SNIFF])
            return _from_text(name, None, data, opts, compressed="zstd")
        if kind == "xls":
            raw = data if data is not None else Path(path).read_bytes()
            if _ENCRYPTED in raw:  # an .xlsx saved with a password is an OLE file too
                raise DataError(
                    f"{name} is a password-protected (encrypted) Excel workbook",
                    hint="remove the password in Excel (File → Info → Protect Workbook) and save again, or save as CSV",
                )
            if name.lower().endswith(".et"):  # WPS Spreadsheets' own binary format (an OLE file, as an .xls is)
                raise DataError(
                    f"{name} is a WPS Spreadsheets workbook in its binary (.et) format", hint="save it as .xlsx or CSV"
                )
            raise DataError(f"{name} is an old Excel 97-2003 (.xls) workbook", hint="save it as .xlsx or CSV")
        if kind == "html":
            raise DataError(
                f"{name} is a web page (HTML or XML), not a workbook or CSV; systems often export such pages "
                "with an .xls name",
                hint="open it in Excel and save it as .xlsx or CSV",
            )
        if kind in ("parquet", "ipc", "ipc_stream"):
            return _from_columnar(name, path, data, kind)
        if kind == "xlsx":
            return _from_xlsx(name, path, data, opts)
        _check_width(name, head)
        return _from_text(name, path, data, opts, deferred=deferred)
    except (DataError, UsageError):
        raise
    except pl.exceptions.PolarsError as e:
        raise DataError(f"cannot read {name}: {_first_line(e)}") from None


_QUOTED = re.compile(rb'"[^"]*"')


def _check_width(name: str, head: bytes) -> None:
    """Refuse a CSV/TSV header wider than MAX_COLUMNS from the first bytes alone, before parsing (a
    10 MB header of a million columns must not cost a minute and gigabytes first). The separators are
    ASCII, which no byte of a multi-byte GB18030 or UTF-8 character can be; quoted text is skipped."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"[", b"{"):
        return  # JSON: checked once read
    line = re.split(rb"[\r\n]", _QUOTED.sub(b"", text), maxsplit=1)[0]
    fields = max(line.count(b","), line.count(b"\t"), line.count(b";")) + 1
    if fields > MAX_COLUMNS:
        raise _too_wide(name, fields, more=len(head) >= SNIFF)


def _too_wide(name: str, n: int, more: bool = False) -> DataError:
    return DataError(
        f"{name}: the header has {n:,}{' or more' if more else ''} columns; jncli reads tables of at most "
        f"{MAX_COLUMNS:,} columns",
        "is it the right file? `jncli schema` lists the columns each table needs",
    )


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
                raise DataError(
                    f"{name}: the zstd file is cut short (its last frame has no end)", hint="copy or download it again"
                )
            rest = frame.unused_data
    except zstandard.ZstdError as e:
        raise DataError(f"{name}: not a readable zstd file ({e})") from None
    return b"".join(parts)
