"""Text encodings of input files: detection, cp936's euro, transcoding to UTF-8, the mixed-encoding
check. May import `jncli.errors` only.

UTF-8, UTF-8 with BOM, UTF-16 with BOM and GB18030/GBK (with cp936's 0x80 = €, which Python's codecs
reject) are detected without being told; anything else is an error naming the byte offset and line —
never a silent latin-1 fallback. Non-UTF-8 text is transcoded in 1 MiB chunks into a temporary UTF-8
file before polars sees it.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from jncli.errors import DataError, UsageError

CHUNK = 1 << 20


def _cp936_euro(err: UnicodeDecodeError) -> tuple[str, int]:
    """Excel on Chinese Windows writes € as the single byte 0x80 (cp936); GB18030 has no such byte."""
    if err.object[err.start : err.start + 1] == b"\x80":
        return "€", err.start + 1
    raise err


codecs.register_error("jncli-cp936", _cp936_euro)

_ENCODING_NAMES = {
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf8-sig": "utf-8-sig",
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "gb18030": "gb18030",
    "cp936": "gb18030",
    "utf-16": "utf-16",
    "utf16": "utf-16",
    "utf-16le": "utf-16-le",
    "utf-16be": "utf-16-be",
}


def _codec(encoding: str) -> str:
    key = encoding.strip().lower().replace("_", "-")
    name = _ENCODING_NAMES.get(key, key)
    try:
        codecs.lookup(name)
    except LookupError:
        raise UsageError(
            f"--encoding {encoding!r} is not an encoding Python knows",
            hint="use utf-8, gb18030 (covers GBK/GB2312) or utf-16",
        ) from None
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
        at = len(prefix[: wide[0]].encode("utf-8"))
        raise DataError(
            f"{name}: the file mixes encodings: {_where(data, at)} is UTF-8 text, {_where(data, bad)} is not",
            hint="save it again in one encoding (UTF-8), or pass --encoding",
        )


def _where(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    return f"byte {offset} (line {line})"


def _undecodable(name: str, data: bytes, codec: str | None, explicit: bool) -> DataError:
    """Name the first byte that is not valid UTF-8 (or not valid in the codec the user gave). A file read as GB18030
    up to a line from which on it is UTF-8 (a GBK file with UTF-8 rows appended) is named as mixing the two: its
    first bad UTF-8 byte is in good GB18030 text."""
    tried = codec or "utf-8"
    offset = _first_bad(data, tried)
    if explicit:
        return DataError(f"{name}: {_where(data, offset)} is not valid {tried}", hint="check --encoding")
    gb = _first_bad(data, "gb18030")
    line_start = data.rfind(b"\n", 0, gb) + 1
    if offset < line_start < len(data) and _first_bad(data[line_start:], "utf-8") == len(data) - line_start:
        return DataError(
            f"{name}: the file mixes encodings: {_where(data, offset)} is GB18030 (GBK) text, {_where(data, gb)} "
            "is UTF-8",
            hint="save it again in one encoding (UTF-8), or pass --encoding",
        )
    return DataError(
        f"{name}: {_where(data, offset)} is neither UTF-8 nor GB18030 text",
        hint="pass --encoding if the file is in another encoding",
    )


def _first_bad(data: bytes, codec: str) -> int:
    """The offset of the first byte `data` cannot be read at in `codec` (its length when it all can)."""
    try:
        data.decode(codec, _errors_for(codec))
        return len(data)
    except UnicodeDecodeError as e:
        return e.start


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
                hint = "check --encoding" if explicit else "pass --encoding if the file is in another encoding"
                raise DataError(f"{name}: byte {offset} (line {line}) is {what}", hint=hint) from None
            out.write(text.encode("utf-8"))
            if final:
                return
            consumed += len(chunk)
            lines += chunk.count(b"\n")


def _decode_all(name: str, path: str | None, data: bytes | None, codec: str, explicit: bool) -> str:
    raw = data if data is not None else Path(path).read_bytes()
    try:
        return raw.decode(codec, _errors_for(codec)).lstrip("\ufeff")
    except UnicodeDecodeError:
        raise _undecodable(name, raw, codec if explicit else None, explicit) from None
