"""The SHA-256 of a file's bytes: what an `annual` manifest records of each input and output, and what
`verify`, the yearly run (the earlier run beside OUT_DIR) and `compare` (an `annual` output folder) check
the files against. The standard library only."""

from __future__ import annotations

import hashlib


def file_sha256(path: str) -> str:
    # Hashing bytes is not parsing a table: the audit wants the file exactly as it lay in DATA_DIR.
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
