"""The SHA-256 of a file's bytes: what an `annual` manifest records of each input and output, and what
`verify`, the yearly run (the earlier run beside OUT_DIR) and `compare` (an `annual` output folder) check
the files against. The standard library only.

An input's hash is taken after the run has computed from it (the file is read once, by the table reader,
and hashed at the end): `identity` is what the reader notes of the file before its first byte is read,
and `file_sha256(…, same_as=…)` hashes it only while it is still that file — a file rewritten, replaced
or grown in between (an export, a copy or a save finishing while the run read it) raises `Changed`,
so that the recorded hash is provably of the bytes the run computed from."""

from __future__ import annotations

import os

# (device, inode, size, modification time): a write changes the size or the modification time, a replacement
# (save as a new file and rename, `mv`) the inode. Not the change time: a chmod/chown, an ACL or xattr, or a
# hard link made by a backup (rsnapshot, `cp -al`) changes it while the bytes stay the same (review 24, F2).
Identity = tuple[int, int, int, int]


class Changed(Exception):
    """The file is not the one first read (`identity`): it changed while the run read it."""


def identity(st: os.stat_result) -> Identity:
    """What says a file is still the same file with the same bytes (`os.stat` / `os.fstat` of it)."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def unchanged(path: str, same_as: Identity | None) -> None:
    """Raise `Changed` unless `path` is still the file `same_as` describes (None: nothing to check)."""
    if same_as is not None and identity(os.stat(path)) != same_as:
        raise Changed(path)


def file_sha256(path: str, *, same_as: Identity | None = None) -> str:
    """`same_as`: the file's identity before it was first read; its bytes are hashed only if it is still that
    file before and after the hashing read (else `Changed`)."""
    import hashlib  # here: the table reader imports this module, and hashlib (OpenSSL's) costs ~2 ms to import

    # Hashing bytes is not parsing a table: the audit wants the file exactly as it lay in DATA_DIR.
    h = hashlib.sha256()
    with open(path, "rb") as f:
        if same_as is not None and identity(os.fstat(f.fileno())) != same_as:
            raise Changed(path)
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
        if same_as is not None and identity(os.fstat(f.fileno())) != same_as:
            raise Changed(path)
    return h.hexdigest()
