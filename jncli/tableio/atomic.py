"""Writing files and folders atomically: a file appears whole or not at all, and so does a folder.
May import `jncli.errors` only.

`-o FILE` is written to a hidden temp file beside FILE, fsynced and renamed over it; `jncli annual`
writes its whole folder of results, and files that are not tables (report.html, manifest.json), the
same way, so that tableio stays the one place that writes files. SIGTERM/SIGHUP during a write
clean up too.
"""

from __future__ import annotations

import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import BinaryIO

from jncli.errors import DataError


class _Terminated(BaseException):
    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _signals_raise() -> Iterator[None]:
    """During a write, turn SIGTERM/SIGHUP into an exception so the temp file is cleaned up.

    Only where the default action (die) is in force and in the main thread (Python's rule); a
    SIGKILL cannot be caught: then the hidden temp file stays, but FILE itself is never partial.
    """

    def handler(signum, _frame):
        raise _Terminated(signum)

    saved = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if sig is not None and signal.getsignal(sig) is signal.SIG_DFL:
                saved[sig] = signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in saved.items():
            signal.signal(sig, old)


@contextmanager
def _atomic(path: str) -> Iterator[tuple[BinaryIO, str]]:
    """Yield (file, temp path) in path's folder; on success fsync and rename over `path`.

    On any exception (KeyboardInterrupt and SIGTERM included) the temp file is removed and the
    previous `path` is untouched. A device or FIFO (`-o /dev/null`) is written directly.
    """
    target = os.path.realpath(path)  # write through a symlink, do not replace the link
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise DataError(f"cannot write {path}: {e.strerror}") from e
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise DataError(f"cannot write {path}: it is a folder", "name a file, e.g. -o out.csv")
    if st is not None and not stat.S_ISREG(st.st_mode):
        try:
            with open(target, "wb") as f:
                yield f, target
        except OSError as e:
            if isinstance(e, BrokenPipeError):
                raise
            raise DataError(f"cannot write {path}: {e.strerror}") from e
        return
    folder = os.path.dirname(target) or "."
    if not os.path.isdir(folder):
        raise DataError(
            f"cannot write {path}: folder {os.path.dirname(path) or folder} does not exist", "create it first"
        )
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    except OSError as e:
        raise DataError(f"cannot write {path}: {e.strerror} (folder {folder})") from e
    try:
        os.fchmod(fd, stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask())
        with _signals_raise():
            with os.fdopen(fd, "wb") as f:
                yield f, tmp
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
    except BaseException as e:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(e, _Terminated):  # cleaned up: now die of the signal as we would have
            signal.raise_signal(e.signum)
        if isinstance(e, OSError) and not isinstance(e, BrokenPipeError):
            raise DataError(f"cannot write {path}: {e.strerror or e}") from e
        raise
    _fsync_folder(folder)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_folder(folder: str) -> None:
    # Make the rename itself durable (best effort: not every file system allows it).
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_bytes(path: str, data: bytes) -> None:
    """Write `data` atomically to `path` (a report or manifest: bytes made elsewhere)."""
    with _atomic(path) as (out, _tmp):
        out.write(data)


@contextmanager
def atomic_folder(path: str, *, replace: bool = False) -> Iterator[str]:
    """Yield a new, empty temp folder beside `path`; when the block ends without error it becomes `path`.

    On any exception (KeyboardInterrupt and SIGTERM included) the temp folder is removed and `path`
    is untouched: a failed run leaves no half-written folder. An existing `path` is an error unless
    `replace`; then the old folder is moved aside, the new one renamed in, the old one deleted (two
    renames: if the second fails the old folder is put back).
    """
    import shutil

    target = os.path.abspath(path)
    parent = os.path.dirname(target)
    try:  # `-o out/2023` on a first run: make `out` as mkdir -p would (OUT_DIR itself only at the end)
        os.makedirs(parent, exist_ok=True)
    except OSError as e:
        raise DataError(f"cannot write {path}: cannot create folder {parent}: {e.strerror}") from None
    if os.path.lexists(target) and (os.path.islink(target) or not os.path.isdir(target)):
        raise DataError(f"cannot write {path}: it exists and is not a folder")
    if os.path.lexists(target) and not replace:
        raise DataError(f"cannot write {path}: the folder exists")
    try:
        tmp = tempfile.mkdtemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=parent)
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes 0700; the result is a normal folder
    except OSError as e:
        raise DataError(f"cannot write {path}: {e.strerror} (folder {parent})") from e
    try:
        with _signals_raise():
            yield tmp
            _fsync_folder(tmp)
            if os.path.lexists(target):
                if not replace:
                    raise DataError(f"cannot write {path}: the folder appeared while the run went on")
                old = tmp + ".old"
                os.rename(target, old)
                try:
                    os.rename(tmp, target)
                except BaseException:
                    os.rename(old, target)
                    raise
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.rename(tmp, target)
    except BaseException as e:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(e, _Terminated):
            signal.raise_signal(e.signum)
        if isinstance(e, OSError) and not isinstance(e, BrokenPipeError):
            raise DataError(f"cannot write {path}: {e.strerror or e}") from e
        raise
    _fsync_folder(parent)
