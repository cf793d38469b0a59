"""Text input: CSV/TSV parsing and its structure checks (JSON and JSON lines: `jsontext`). May import
polars, `jncli.errors`, `jncli.settings`, `table`, `encodings`, `jsontext`, `narrow`, `padding` and `pycsv`.

UTF-8 files on disk go straight to polars (the fast path); polars validates UTF-8 itself, and when it
rejects a byte the slow path finds and names it (`encodings`). Polars pads short CSV rows silently,
so when the last column has empty cells the structure is checked with Python's csv module (exact
line numbers); CR-only files (old Excel for Mac) are parsed by Python's csv module altogether
(both in `pycsv`). A line short of fields is accepted only in the trailing block a note line opens
(`pycsv._structure`; `narrow` proves it with polars on the lines of a file without quotes). jncli's own
formula escaping (a leading `'`) is undone so that pipes round-trip.
"""

from __future__ import annotations

import codecs
import csv
import mmap
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from jncli.errors import DataError
from jncli.settings import InputOptions
from jncli.tableio import tailrows, titlelines
from jncli.tableio.encodings import (
    _check_not_mixed,
    _codec,
    _decode_all,
    _errors_for,
    _guess_encoding,
    _transcode_file,
    _undecodable,
)
from jncli.tableio.narrow import _note_block, _quoted, _regex_literal
from jncli.tableio.padding import unpadded_proof
from jncli.tableio.pycsv import (
    _cells_of,
    _csv_by_python,
    _structure,
    _structure_error,
    _unescape,
    _unescape_header,
)
from jncli.tableio.table import SHORT_ROW, SNIFF, Table, refuse_reserved


def _from_text(
    name: str,
    path: str | None,
    data: bytes | None,
    opts: InputOptions,
    compressed: str | None = None,
    *,
    deferred: bool = False,
    scan: bool = True,
) -> Table:
    explicit = opts.encoding is not None
    if data is not None:
        head = data[:SNIFF]
        complete = len(data) <= SNIFF
    else:
        with open(path, "rb") as f:  # one byte more: whether the sample is the whole file, as read (not its size
            head = f.read(SNIFF + 1)  # later: a file still being written would be parsed from a stale sample)
        head, complete = head[:SNIFF], len(head) <= SNIFF
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
        from jncli.tableio.jsontext import _from_json  # JSON only: not imported for CSV/TSV

        return _from_json(name, path, data, codec, first, explicit)
    body = sample.lstrip("\r\n")
    lead = sample[: len(sample) - len(body)]  # blank lines: polars counts LFs; a CR-only file's are CRs
    skip = lead.count("\n") if "\n" in sample else lead.count("\r")
    sep = _sniff_separator(_first_wide_line(body))
    titles, above = _narrow_top(body, sep)
    above = [(skip + line, text) for line, text in above]
    skip += titles
    fmt = "tsv" if sep == "\t" else "csv"
    cr_only = "\r" in sample and "\n" not in sample
    enc_label = codec if compressed is None else f"{codec} ({compressed})"

    if cr_only:
        text = _decode_all(name, path, data, codec, explicit)
        return _csv_by_python(name, text, sep, fmt, enc_label, skip=skip, above=above)
    top = {"above": above, "skip": skip}

    if codec in ("utf-8", "utf-8-sig"):
        if scan and data is None and os.path.getsize(path) >= LAZY_CSV_BYTES:
            reread = (lambda: _from_text(name, path, None, opts, scan=False)) if deferred else None
            lazy = _scanned_csv(name, path, sep, fmt, enc_label, **top, reread=reread)
            if lazy is not None:
                return lazy
        # A file that fits the sniffed sample was read whole already: polars parses those bytes (as it does
        # stdin's; the same reader) instead of opening the file again, ~0.5 ms a file (8 of a yearly run's 9).
        source = data if data is not None else (head if complete and _WHOLE_FROM_SAMPLE else path)
        text_of = lambda: (Path(path).read_bytes() if data is None else data).decode("utf-8-sig")  # noqa: E731
        try:
            df = _polars_csv(name, source, sep, skip)
        except _Ragged:
            return _structure_error(name, text_of(), sep, skip)
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
            return _finish_csv(name, df, fmt, enc_label, text_source=text_of, sep=sep, raw=source, **top)

    # Transcode to UTF-8 (in memory for stdin, through a temporary file for files on disk).
    if data is not None:
        try:
            text = data.decode(codec, _errors_for(codec))
        except UnicodeDecodeError:
            raise _undecodable(name, data, codec if explicit else None, explicit) from None
        text = text.lstrip("\ufeff")
        utf8 = text.encode("utf-8")
        try:
            df = _polars_csv(name, utf8, sep, skip)
        except _Ragged:
            return _structure_error(name, text, sep, skip)
        return _finish_csv(name, df, fmt, enc_label, text_source=lambda: text, sep=sep, raw=utf8, **top)
    with tempfile.TemporaryDirectory(prefix="jncli-") as tmp:
        utf8_path = os.path.join(tmp, "utf8.csv")
        with open(utf8_path, "wb") as out:
            _transcode_file(name, path, codec, out, explicit)
        try:
            df = _polars_csv(name, utf8_path, sep, skip)
        except _Ragged:
            return _structure_error(name, Path(utf8_path).read_bytes().decode("utf-8-sig"), sep, skip)
        return _finish_csv(
            name,
            df,
            fmt,
            enc_label,
            sep=sep,
            raw=utf8_path,
            text_source=lambda: Path(path).read_bytes().decode(codec, _errors_for(codec)),
            lasting=False,
            **top,
        )


_WHOLE_FROM_SAMPLE = True  # tests turn it off to compare with reading the file by its path

# Lines looked at for a title above the header (a line without any separator, as a title typed into
# a text file is; Excel pads its titles with separators, and those the layout reading handles).
TOP_LINES = 30


def _top_lines(body: str) -> list[str]:  # as polars splits them: not at a form feed, U+2028 … (splitlines)
    return body.split("\n" if "\n" in body else "\r", TOP_LINES)[:TOP_LINES]


def _first_wide_line(body: str) -> str:
    """The first of the top lines holding a separator: the separator is sniffed there, not on a title."""
    return next((line for line in _top_lines(body) if any(sep in line for sep in (",", "\t", ";"))), body)


def _narrow_top(body: str, sep: str) -> tuple[int, list[tuple[int, str]]]:
    """Lines at the top without the separator while a later top line has it (a title, a 单位 line):
    (how many lines to skip, [(line number, text)] of the non-blank ones)."""
    above: list[tuple[int, str]] = []
    lines = _top_lines(body)
    for i, line in enumerate(lines):
        record, j = line, i  # a quoted cell holding a line break goes on in the next lines: the record
        quoted = _open_quote(line, sep, False)
        while quoted and j + 1 < len(lines):
            j += 1
            record += "\n" + lines[j]
            quoted = _open_quote(lines[j], sep, True)
        if (
            sep in record and len(next(csv.reader([record.replace("\r", "")], delimiter=sep), [])) > 1
        ):  # a lone CR: in the line
            start, short = titlelines.short_top(lines, i, sep)
            above += short
            return (start, above) if start else (0, [])
        if line.strip():
            above.append((i + 1, line.strip()))
    return 0, []


def _open_quote(text: str, sep: str, quoted: bool) -> bool:
    """Does the line `text` end inside a quoted field, `quoted` at its start (a quote opens a field only at
    the field's start, as polars reads it)? Only a line holding a quote is walked."""
    if '"' not in text:
        return quoted
    start, closed = not quoted, False
    for ch in text:
        if ch == '"' and (quoted or start or closed):
            quoted, closed = not quoted, quoted  # `""` inside a quoted field: closed and open again
        else:
            closed = False
        start = ch in (sep, "\n") and not quoted
    return quoted


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
    """polars found a row with more fields than the header, or a quote it cannot read (`_structure_error`
    finds the line)."""


def _polars_csv(name: str, source, sep: str, skip: int = 0) -> pl.DataFrame:
    try:
        return pl.read_csv(
            source,
            separator=sep,
            infer_schema=False,
            row_index_name="_row",
            row_index_offset=2 + skip,
            skip_lines=skip,
            raise_if_empty=True,
        )
    except pl.exceptions.ComputeError as e:
        if "more fields" in str(e) or "malformed" in str(e) or "could not parse" in str(e):
            raise _Ragged() from None
        raise
    except pl.exceptions.NoDataError:
        return pl.DataFrame({"_row": pl.Series([], dtype=pl.UInt32)})
    except pl.exceptions.DuplicateError:  # a header `_row`, the row numbers' name: named as every reserved one
        header = pl.read_csv(source, separator=sep, infer_schema=False, skip_lines=skip, n_rows=0).columns
        refuse_reserved(name, [_polars_header(c) for c in header])
        raise


def _finish_csv(
    name: str,
    df: pl.DataFrame,
    fmt: str,
    encoding: str,
    *,
    text_source=None,
    sep: str = ",",
    raw=None,
    skip: int = 0,
    above: list[tuple[int, str]] | None = None,
    lasting: bool = True,
) -> Table:
    """Blank lines out, structure checked, unquoted empties → "", jncli's own formula escaping undone.
    `lasting`: False when `raw` is a temporary file, gone once the table is read."""
    columns = [c for c in df.columns if c != "_row"]
    if not columns:
        raise DataError(f"{name} has no header row")
    if "_row" not in df.columns:
        df = df.with_row_index("_row", offset=2)
    df = df.with_columns(pl.col("_row").cast(pl.Int64))
    # Unquoted empty cells and fields missing from short rows are both null here; a null in the last
    # column is the only way a short row can show, so only then is the structure checked exactly.
    body: dict[str, bool] = {}  # what the structure check saw in the bytes below the header
    narrow = None  # the first line short of fields in the trailing note block (`pycsv`)
    if (
        df.height
        and df.get_column(columns[-1]).null_count()
        and text_source is not None
        and not _every_line_has_width(raw, sep, len(columns), skip, df.select(columns), body)
    ):
        narrow = _narrow_lines(raw, sep, len(columns), skip)  # short lines proven in the trailing note block
        if narrow is None:
            problem, narrow = _structure(text_source(), sep, len(columns), skip)
            if problem:
                raise DataError(f"{name}: {problem}")
        narrow = narrow and (narrow[0], f"{name}: {narrow[1]}")
    # Each fix-up only where needed: on clean big files these scans are all that is paid.
    nulls = [c for c in columns if df.get_column(c).null_count()]
    if len(nulls) == len(columns):
        df = df.filter(~pl.all_horizontal([pl.col(c).is_null() for c in columns]))
    quoted = (
        df.select([pl.col(c).str.starts_with("'").any().alias(c) for c in columns]).row(0, named=True)
        if df.height and body.get("apostrophe", True)  # no ' byte below the header: no cell starts with one
        else {}
    )
    # Lazy: computed with whatever reads the column next (conform's one pass), never kept as a copy.
    fixes = [
        (_unescape(pl.col(c)) if quoted.get(c) else pl.col(c)).fill_null("")
        for c in columns
        if c in nulls or quoted.get(c)
    ]
    lf = df.lazy().with_columns(fixes) if fixes else df.lazy()
    renames = {c: _polars_header(c) for c in columns if _polars_header(c) != c}
    if renames:
        lf = lf.rename(renames)
        columns = [renames.get(c, c) for c in columns]
    refuse_reserved(name, columns)
    lf = lf.with_columns(_source=pl.lit(name))
    return Table(
        lf,
        name,
        fmt,
        encoding,
        columns,
        header_row=skip + 1,
        header_cells=_cells_of(columns),
        above=above or [],
        narrow=narrow,
        id_marks=body.get("id_marks", True),
        unpadded=unpadded_proof(raw, sep, skip, lasting) if df.height else None,
    )


# UTF-8 files on disk at least this big are scanned lazily (`_scanned_csv`) when nothing in them needs
# the exact structure check or the formula un-escaping; smaller ones are read into memory.
LAZY_CSV_BYTES = 64 << 20


def _scanned_csv(
    name: str,
    path: str,
    sep: str,
    fmt: str,
    encoding: str,
    *,
    skip: int,
    above: list[tuple[int, str]],
    reread: Callable[[], Table] | None = None,
) -> Table | None:
    """A big plain CSV as a lazy scan: the table is never held in memory as text; conform reads it in
    streaming passes, as it does a Parquet file. What the in-memory path checks is proven first: no
    quote character anywhere (so every line is one record), every non-blank line as many fields as
    the header, no field starting with `'` (jncli's formula escaping). None (read it into memory
    instead, where every problem is found and named exactly) when any of that fails or polars cannot
    read the lines (a byte that is not UTF-8).

    `reread` (the file read into memory): the caller conforms the table lazily (`conform(lazy=True)`),
    which then proves the row widths in its own conversion pass instead of a pass of its own here
    (`_DeferredProof`); a file without any quote or `'` needs no other look at its lines."""
    try:
        columns = [c for c in pl.scan_csv(path, separator=sep, infer_schema=False, skip_lines=skip).collect_schema()]
        if not columns or "_row" in columns:  # jncli's row numbers: the in-memory read names the clash
            return None
        width = len(columns)
        deferred = False
        if reread is not None and SHORT_ROW not in columns:
            plain = _plain_bytes(path, skip)
            if plain is None:
                return None  # a quote character: the line pass would refuse it too
            deferred, header_bytes = plain  # a `'` somewhere: the exact line pass tells jncli's escaping apart
        found = {"empties": False} if deferred else _line_pass(path, sep, width, skip)
    except pl.exceptions.PolarsError:
        return None
    if not deferred and (not (found["plain"] and found["width"]) or not found["rows"]):
        return None
    lf = pl.scan_csv(
        path, separator=sep, infer_schema=False, row_index_name="_row", row_index_offset=2 + skip, skip_lines=skip
    ).with_columns(pl.col("_row").cast(pl.Int64))
    if deferred:  # for conform's proof: 2 where every cell is missing (a blank line), 1 where the last is
        nulls = [pl.col(c).is_null() for c in columns]
        lf = lf.with_columns(
            pl.when(pl.all_horizontal(nulls))
            .then(2)
            .when(nulls[-1])
            .then(1)
            .otherwise(0)
            .cast(pl.UInt8)
            .alias(SHORT_ROW)
        )
    # As the in-memory path: rows of empty cells only out, then empty cells are "" (never null).
    if found["empties"]:
        lf = lf.filter(~pl.all_horizontal([pl.col(c).is_null() for c in columns]))
    lf = lf.with_columns([pl.col(c).fill_null("") for c in columns])
    renames = {c: _polars_header(c) for c in columns if _polars_header(c) != c}
    if renames:
        lf = lf.rename(renames)
        columns = [renames.get(c, c) for c in columns]
    refuse_reserved(name, columns)
    lf = lf.with_columns(_source=pl.lit(name))
    return Table(
        lf,
        name,
        fmt,
        encoding,
        columns,
        in_memory=False,
        scanned=True,
        header_row=skip + 1,
        header_cells=_cells_of(columns),
        above=above or [],
        narrow=found.get("narrow") and (found["narrow"][0], f"{name}: {found['narrow'][1]}"),
        deferred=_DeferredProof(
            lambda: _widths_proven(path, sep, width, skip),
            lambda: _scanned_csv(name, path, sep, fmt, encoding, skip=skip, above=above),
            reread,
            path,
        )
        if deferred
        else None,
        tail=(lambda n: tailrows.last_rows(path, n, header_bytes, sep, columns)) if deferred else None,
    )


# A text file read as one column of whole lines (no quoting, a separator no line holds): the line checks
_AS_LINES = {
    "has_header": False,
    "separator": "\x1f",
    "quote_char": None,
    "infer_schema": False,
    "new_columns": ["line"],
}


def _line_pass(path: str, sep: str, width: int, skip: int) -> dict:
    """One streaming pass over the lines after the header: no quote (nor \x1f), no field starting with
    `'`, every line as many fields as the header (separators counted) or blank; lines of empty cells."""
    line = pl.col("line")
    seps = line.str.count_matches(sep, literal=True)
    # a line's length without a final CR
    length = line.str.len_bytes() - line.str.ends_with("\r").cast(pl.UInt32)
    lines = pl.scan_csv(path, **_AS_LINES, skip_lines=skip + 1)  # the header too: without quotes, one line
    found = (
        lines.select(
            plain=~line.str.contains(f"[\"\x1f]|^'|{_regex_literal(sep)}'").any(),
            width=((seps + 1 == width) | (length == 0) | line.is_null()).all(),
            empties=((length == seps) | line.is_null()).any(),  # a line of empty cells only
            rows=pl.len(),
        )
        .collect(engine="streaming")
        .row(0, named=True)
    )
    found["narrow"] = None
    if found["plain"] and not found["width"]:  # lines short of fields: in the trailing note block only?
        found["narrow"] = _note_block(lines, sep, width, skip)
        found["width"] = found["narrow"] is not None
    return found


def _narrow_lines(raw, sep: str, width: int, skip: int) -> tuple[int, str] | None:
    """`_note_block` on the lines polars read whole (a file of lines short of fields, none holding a quote);
    None (not proven: the exact check with Python's csv module runs) otherwise."""
    if raw is None or _quoted(raw, skip):
        return None
    try:
        lines = pl.read_csv(raw, **_AS_LINES, skip_lines=skip + 1)  # the header too: no quote, one line
        return _note_block(lines.lazy(), sep, width, skip)
    except pl.exceptions.PolarsError:
        return None


def _widths_proven(path: str, sep: str, width: int, skip: int) -> bool:
    """The exact line pass, for conform when its own pass could not prove the row widths (a line short of
    fields in the trailing note block is not proven here: the file is scanned again, its note rows read)."""
    try:
        found = _line_pass(path, sep, width, skip)
    except pl.exceptions.PolarsError:
        return False
    return bool(found["plain"] and found["width"] and found["rows"] and found["narrow"] is None)


_WINDOW = 1 << 26


def _plain_bytes(path: str, skip: int) -> tuple[bool, int] | None:
    """The bytes after the header, mapped 64 MiB at a time (no copy: half the CPU of reading them, and the
    memory stays that of one window): None at a quote character; else whether there is no `'`, and where the
    header's line ends."""
    apostrophe = False
    with open(path, "rb") as f:
        for _ in range(skip + 1):  # the title lines and the header: without quotes, one line each
            f.readline()
        header_bytes, size = f.tell(), os.fstat(f.fileno()).st_size
        at = header_bytes - header_bytes % mmap.ALLOCATIONGRANULARITY
        while at < size:
            with mmap.mmap(f.fileno(), min(_WINDOW, size - at), offset=at, access=mmap.ACCESS_READ) as window:
                start = max(header_bytes - at, 0)
                if window.find(b'"', start) >= 0:
                    return None
                apostrophe = apostrophe or window.find(b"'", start) >= 0
            at += _WINDOW
    return not apostrophe, header_bytes


@dataclass(eq=False, repr=False)
class _DeferredProof:
    """How conform proves a scanned CSV's row widths in its conversion pass (`Table.deferred`).

    Without quotes every line is one row. polars refuses a row with more fields than the header in any
    pass that reads every column; a row with fewer has its last cell missing (`SHORT_ROW` 1), as has a
    row whose last cell is empty; a blank line or one of separators only has every cell missing (2).
    So no row marked proves the widths; rows marked 1 only are proven by `prove` (the exact line pass);
    a row marked 2, or any failure, and the table is read again as before this proof existed: `rescan`
    (the line pass, then a scan without such rows), else `reread` (into memory: every problem named)."""

    prove: Callable[[], bool]
    rescan: Callable[[], Table | None]
    reread: Callable[[], Table]
    path: str = ""  # the file (`spill.bounded` guesses its rows from its first bytes)


def _every_line_has_width(
    raw, sep: str, width: int, skip: int, df: pl.DataFrame | None = None, body: dict[str, bool] | None = None
) -> bool:
    """Fast structure check for files without any quote character (most machine exports): then
    every non-blank line is one record and its fields are its separators plus one. False means
    "not proven" — the exact check with Python's csv module then runs and names the line.

    `df`: the records polars read from `raw` (data columns only). polars refuses a line with more
    fields than the header, so when no record is blank (a blank line is a record of nulls) every
    line has as many fields as the header exactly when the body holds (width − 1) × records
    separators: counted on the bytes, without splitting the file into lines again. Then `body["apostrophe"]`
    says whether a `'` is anywhere below the header (jncli's formula escaping starts a cell with one), and
    `body["id_marks"]` whether a `'`, `+` or `=` is (`Table.id_marks`)."""
    if raw is None:
        return False
    if df is not None and not _blank_records(df):
        if isinstance(raw, bytes):
            return _body_has_width(raw, sep, width, skip, df, body)
        with open(raw, "rb") as f:  # mapped, not copied: the pages polars just read are in the page cache
            if not os.fstat(f.fileno()).st_size:
                return False
            with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
                return _body_has_width(data, sep, width, skip, df, body)
    try:
        lines = pl.read_csv(raw, **_AS_LINES, skip_lines=skip, skip_rows=1).get_column("line")
    except pl.exceptions.PolarsError:
        return False
    text = lines.str.strip_chars_end("\r")
    if text.str.contains('"', literal=True).any() or text.str.contains("\x1f", literal=True).any():
        return False
    fields = text.str.count_matches(sep, literal=True) + 1
    return bool(((fields == width) | (text == "") | text.is_null()).all())


def _body_has_width(data, sep: str, width: int, skip: int, df: pl.DataFrame, body: dict[str, bool] | None) -> bool:
    """`_every_line_has_width` on the bytes (or a map of the file) when no record is blank."""
    start = 0
    for _ in range(skip + 1):  # the lines above the header, and the header
        start = data.find(b"\n", start) + 1
        if not start:
            return False
    if data.find(b'"', start) != -1:
        return False
    if body is not None:
        body["apostrophe"] = data.find(b"'", start) != -1
        # the marks of ids Excel wrote as numbers or as text formulas (`Table.id_marks`): one-byte finds (memchr);
        # a two-byte find (E+) scans ten times slower
        body["id_marks"] = body["apostrophe"] or data.find(b"+", start) != -1 or data.find(b"=", start) != -1
    last = max(start, data.rfind(b"\n") + 1)  # a last line without a line break: polars takes
    if last < len(data) and data[last:].count(sep.encode()) != width - 1:  # one extra empty field there
        return False
    if data.find(b"\r", start) == -1:
        # No CR: every line is one record (polars reads an empty line as a record of nulls, none here; a test
        # checks polars still does), its bytes its cells', its separators and its line break (the last may
        # have none): the body's length tells the separators without counting them (a third of the cost).
        cells = sum(df.get_column(c).str.len_bytes().sum() or 0 for c in df.columns)
        breaks = df.height - (last < len(data))
        return len(data) - start - cells - breaks == (width - 1) * df.height
    return data[start:].count(sep.encode()) == (width - 1) * df.height  # (a map has no count of its own)


def _blank_records(df: pl.DataFrame) -> bool:
    """Does any record have no value at all (a blank line, or one of separators only)?"""
    if not df.width or not all(df.get_column(c).null_count() for c in df.columns):
        return False
    return bool(df.select(pl.all_horizontal(pl.all().is_null()).any()).item())


def _polars_header(name: str) -> str:
    """A header polars read: it keeps the doubled quotes of a quoted header cell (`"a""b"` → `a""b`,
    where a data cell gives `a"b`): one `"` each; then jncli's own formula escaping undone. Lone CRs
    before the first line of an LF file are in its first cell as polars reads it: not part of the name."""
    return _unescape_header(name.replace('""', '"').lstrip("\r"))
