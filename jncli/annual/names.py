"""The names of the data folder as the yearly run shows and records them.

A zip made on Windows and unpacked on Linux leaves its file names in GBK bytes, which Python holds as lone
surrogates (`os.listdir`) and which no UTF-8 output can hold (stderr, manifest.json, the report): `shown_name`
is the name shown everywhere, `name_bytes` the bytes the manifest keeps beside it, and `recorded_name` the name
`verify` finds the file by again. `manifest_bytes` writes the manifest so that any other such path (the data
folder's own, a --prior file's) is kept as JSON escapes.
"""

from __future__ import annotations

import json
import os
import re


def shown_name(name: str) -> str:
    """A name (or path) of the data folder as messages, the manifest and the report show it: itself when it is
    UTF-8; else (a zip made on Windows and unpacked on Linux leaves GBK bytes, which Python holds as lone
    surrogates that no UTF-8 output can hold) its bytes read as GB18030 when they are that, or as UTF-8 with
    backslash escapes for the other bytes. The manifest keeps the bytes themselves (`name_bytes`)."""
    if name.isascii():
        return name
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def recorded_name(item: dict) -> str:
    """The name in the data folder of a file the manifest records: its `name_bytes` when the name is not UTF-8
    (a single name, no folder in it), else its `file`."""
    given = item.get("name_bytes")
    if isinstance(given, str):
        try:
            raw = bytes.fromhex(given)
        except ValueError:
            raw = b""
        if raw and b"/" not in raw and b"\0" not in raw and raw not in (b".", b".."):
            return os.fsdecode(raw)
    return item["file"]


def name_bytes(found, name: str) -> dict:
    """A data-folder name that is not UTF-8 (shown decoded in `file`): its bytes, from which verify finds it."""
    raw = found.raw.get(name)
    return {"name_bytes": os.fsencode(raw).hex()} if raw else {}


def manifest_bytes(doc: dict) -> bytes:
    """The manifest as UTF-8 JSON. A path that is not UTF-8 (the data folder's, a --prior file's: Python holds
    its other bytes as lone surrogates, which UTF-8 cannot hold) keeps them as JSON escapes (`\\udcc6`), which
    read back as the same path."""
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    return re.sub("[\udc80-\udcff]", lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")
