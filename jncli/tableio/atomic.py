"""Writing files and folders atomically: a file appears whole or not at all, and so does a folder.
May import `jncli.errors` only.

`-o FILE` is written to a hidden temp file beside FILE, fsynced and renamed over it; `jncli annual`
writes its whole folder of results, and files that are not tables (report.html, manifest.json), the
same way, so that tableio stays the one place that writes files. SIGTERM/SIGHUP during a write
clean up too; while a finished folder is renamed into place they, and Ctrl-C, are held back until it is
(`_signals_held`), and a warning then says the folder was written.

A SIGKILL (the OOM killer, `kill -9`) cannot be caught: the hidden temp file or folder stays. Its name
carries the writer's process id (`.FILE.<pid>-<random>.tmp`), so the next write of the same FILE or
folder recognises it as jncli's own and removes it once that process is gone (a warning says so).
`jncli annual` holds a lock per output folder (`folder_lock`) from start to end, and a `--force` run
killed between its two renames is put right by the next run (`recover_folder`).

`JNCLI_TEST_PAUSE_AT=<point>` is a hook for jncli's own tests, never for users: at that point
(`before-rename`, `before-swap`, `between-renames`) jncli says so on stderr and waits until a signal
ends it, so that a test can kill it at exactly that point (at `between-renames`, where signals are held,
a caught one ends the wait and takes effect once the swap is done).
"""

from __future__ import annotations

import os
import re
import signal
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import BinaryIO

from jncli.errors import DataError, warn

PAUSE_ENV = "JNCLI_TEST_PAUSE_AT"


class _Terminated(BaseException):
    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _signals_raise() -> Iterator[None]:
    """During a write, turn SIGTERM/SIGHUP into an exception so the temp file is cleaned up.

    Only where the default action (die) is in force and in the main thread (Python's rule); a
    SIGKILL cannot be caught: then the hidden temp file stays (the next write removes it), but FILE
    itself is never partial.
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


# The signals that stop a run and can be caught: Ctrl-C, `kill`, a closed terminal.
_HELD = tuple(s for s in (signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGHUP", None)) if s is not None)


@contextmanager
def _signals_held() -> Iterator[list[int]]:
    """Hold SIGTERM, SIGINT and SIGHUP back for the block (the renames that put a finished folder in place):
    one that arrives meanwhile is only recorded in the list yielded, and when the block is done it is raised
    as its own handler would have (KeyboardInterrupt, `_Terminated`). So a signal never stops the swap half-way
    (OUT_DIR moved aside and not yet replaced, review 23 F3). An ignored signal (nohup) stays ignored; outside
    the main thread nothing is changed (Python's rule). A SIGKILL still can: `recover_folder` is for that."""
    caught: list[int] = []

    def record(signum, _frame):
        caught.append(signum)

    saved = {}
    try:
        if threading.current_thread() is threading.main_thread():
            for sig in _HELD:
                current = signal.getsignal(sig)
                if current is None or current is signal.SIG_IGN:
                    continue
                saved[sig] = current
                signal.signal(sig, record)  # (a signal pending before it raises here, nothing moved yet)
        yield caught
    finally:
        first = None
        for sig, previous in saved.items():
            while True:  # signal.signal runs a pending signal's handler first: a restored one may raise
                try:
                    signal.signal(sig, previous)
                    break
                except BaseException as e:
                    first = first or e
        if first is None and caught:
            first = KeyboardInterrupt() if caught[0] == signal.SIGINT else _Terminated(caught[0])
        if first is not None:
            raise first


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
    given = os.path.dirname(path)  # the folder as the user wrote it, for messages, when it is that one
    shown = given if os.path.realpath(given or ".") == os.path.realpath(folder) else folder
    _remove_stale_files(folder, os.path.basename(target), shown)
    try:
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=".tmp", dir=folder)
    except OSError as e:
        raise DataError(f"cannot write {path}: {e.strerror} (folder {folder})") from e
    try:
        os.fchmod(fd, stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask())
        with _signals_raise():
            with os.fdopen(fd, "wb") as f:
                yield f, tmp
                f.flush()
                os.fsync(f.fileno())
            pause_point("before-rename")
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


# ------------------------------------------------------------------------------------------ temp names
def _temp_prefix(target: str) -> str:
    """`.NAME.<pid>-`: hidden, beside the target, and telling which process writes it."""
    return f".{os.path.basename(target)}.{os.getpid()}-"


def _temp_pattern(base: str) -> re.Pattern:
    # mkstemp/mkdtemp add 8 characters of [a-z0-9_]; `.old` is the previous folder of a --force swap.
    # Names without the pid are those of jncli 0.x before it wrote the pid: reported, never removed.
    return re.compile(rf"\.{re.escape(base)}\.(?:(?P<pid>[0-9]+)-)?[a-z0-9_]{{8}}\.tmp(?P<old>\.old)?\Z")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists, as another user's process
        return True
    return True


def _leftovers(folder: str, base: str) -> list[tuple[str, int | None, bool]]:
    """jncli's own temp files and folders for `base` in `folder`: (name, pid or None, is a `.old` folder)."""
    found = []
    try:
        names = [n for n in os.listdir(folder) if n.startswith(f".{base}.")]  # the pattern's start, literally
    except OSError:
        return []
    pattern = _temp_pattern(base) if names else None  # (compiled only when some name can match: ~0.2 ms)
    for name in sorted(names):
        m = pattern.match(name)
        if m:
            found.append((name, int(m["pid"]) if m["pid"] else None, bool(m["old"])))
    return found


def _remove_stale_files(folder: str, base: str, shown: str) -> None:
    """Remove the temp files a killed earlier write of `base` left (its process is gone); report the others.
    `shown`: the folder as messages name it."""
    for name, pid, _old in _leftovers(folder, base):
        path = os.path.join(folder, name)
        try:
            st = os.lstat(path)
        except OSError:
            continue
        mine = not hasattr(os, "geteuid") or st.st_uid == os.geteuid()  # (no user ids on Windows)
        if not stat.S_ISREG(st.st_mode) or not mine:
            continue
        where = os.path.join(shown, name)
        if pid is None:
            warn(f"{where} looks like a temp file left by an interrupted jncli run: remove it if no jncli is running")
        elif not _alive(pid):
            with suppress(FileNotFoundError):
                os.unlink(path)
            warn(f"removed {where}: a temp file left by an interrupted jncli run (pid {pid})")


def pause_point(name: str, held: list[int] | None = None) -> None:
    """The test hook (module docstring): with JNCLI_TEST_PAUSE_AT=name, say so and wait for a signal (`held`:
    inside `_signals_held`, where a signal is recorded there and ends the wait; the block then goes on)."""
    if os.environ.get(PAUSE_ENV) != name:
        return
    sys.stderr.write(f"jncli: test hook: paused at {name} (pid {os.getpid()})\n")
    sys.stderr.flush()
    while not held:
        time.sleep(0.05)


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

    On any exception (KeyboardInterrupt and SIGTERM included) before it is in place the temp folder is
    removed and `path` is untouched: a failed run leaves no half-written folder. An existing `path` is an
    error unless `replace`; then the old folder is moved aside (`.NAME.<pid>-<random>.tmp.old`), the new
    one renamed in, the old one deleted. If the second rename fails the old folder is put back. SIGTERM,
    SIGHUP and Ctrl-C are held back during the renames (`_signals_held`): one that comes then takes effect
    once the new folder is in place, and a warning says `path` was written. After a SIGKILL between the
    renames `recover_folder` (the next run into `path`) puts the old folder back.
    """
    import shutil

    target = os.path.abspath(path)
    parent = os.path.dirname(target)
    _make_parent(path, parent)
    if os.path.islink(target):
        raise DataError(
            f"cannot write {path}: it is a symbolic link (to {os.readlink(target)}); a folder is replaced by renames, "
            "which would replace the link",
            "give the folder it points to with -o, or another folder",
        )
    if os.path.lexists(target) and not os.path.isdir(target):
        raise DataError(f"cannot write {path}: it exists and is not a folder")
    if os.path.lexists(target) and not replace:
        raise DataError(f"cannot write {path}: the folder exists")
    try:
        tmp = tempfile.mkdtemp(prefix=_temp_prefix(target), suffix=".tmp", dir=parent)
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes 0700; the result is a normal folder
    except OSError as e:
        raise DataError(f"cannot write {path}: {e.strerror} (folder {parent})") from e
    placed = []  # once the new folder is `path`: [True]
    try:
        with _signals_raise():
            yield tmp
            _fsync_folder(tmp)
            pause_point("before-swap")
            with _signals_held() as held:
                if os.path.lexists(target) and not replace:
                    raise DataError(f"cannot write {path}: the folder appeared while the run went on")
                _swap(tmp, target, path, held)
                placed.append(True)
    except BaseException as e:
        if not placed:
            shutil.rmtree(tmp, ignore_errors=True)
        elif isinstance(e, (_Terminated, KeyboardInterrupt)):
            _say_written(path, e)
        if isinstance(e, _Terminated):
            signal.raise_signal(e.signum)
        if isinstance(e, OSError) and not isinstance(e, BrokenPipeError):
            raise DataError(f"cannot write {path}: {e.strerror or e}") from e
        raise
    _fsync_folder(parent)


def _swap(tmp: str, target: str, path: str, held: list[int]) -> None:
    """Rename the finished `tmp` to `target`; an existing `target` is moved aside first, put back if the second
    rename fails, and deleted once the new one is in place. Called with the signals held."""
    import shutil

    if not os.path.lexists(target):
        os.rename(tmp, target)
        return
    old = tmp + ".old"
    os.rename(target, old)
    try:
        pause_point("between-renames", held)
        os.rename(tmp, target)
    except OSError as e:
        try:
            os.rename(old, target)  # the old folder back
        except OSError as again:
            shown = os.path.join(os.path.dirname(path), os.path.basename(old))
            raise DataError(
                f"cannot write {path}: {e.strerror or e}, and the earlier output could not be put back "
                f"({again.strerror or again}): it is in {shown}",
                f"the next `jncli annual … -o {path}` puts it back",
            ) from e
        raise
    shutil.rmtree(old, ignore_errors=True)


def _say_written(path: str, e: BaseException) -> None:
    """A signal held during the swap takes effect now that the new folder is in place: say that it is."""
    name = "SIGINT" if isinstance(e, KeyboardInterrupt) else signal.Signals(e.signum).name
    with suppress(OSError):  # a stderr that cannot be written must not keep the signal from taking effect
        warn(f"{path} was written before {name} took effect: it holds this run's whole output")


def _make_parent(path: str, parent: str) -> None:
    try:  # `-o out/2023` on a first run: make `out` as mkdir -p would (OUT_DIR itself only at the end)
        os.makedirs(parent, exist_ok=True)
    except OSError as e:
        raise DataError(f"cannot write {path}: cannot create folder {parent}: {e.strerror}") from None


def recover_folder(path: str) -> None:
    """Put right what a killed `atomic_folder` into `path` left beside it; call it holding `folder_lock`.

    A `.tmp.old` folder is the previous `path` of a --force swap: when `path` is missing the kill came
    between the two renames and it is renamed back (the old folder untouched, as promised); when `path`
    exists the swap was done and it is deleted. A `.tmp` folder is an unfinished new one: deleted.
    Every entry with a pid in its name is touched, whether or not a process of that pid runs: the caller holds
    the folder's lock, so no run into `path` is under way (a pid can be reused: in a container jncli often gets
    the same one; review 24 F3). Names without a pid (jncli 0.x) are only reported. Each action is a warning.
    """
    import shutil

    target = os.path.abspath(path)
    parent, base = os.path.split(target)

    def shown(name: str) -> str:  # beside `path` as the user wrote it
        return os.path.join(os.path.dirname(path), name)

    entries = [(n, p, old) for n, p, old in _leftovers(parent, base) if os.path.isdir(os.path.join(parent, n))]
    for name, pid, _old in entries:
        if pid is None:
            who = "an earlier jncli"
            warn(f"{shown(name)} looks like a temp folder of an interrupted run ({who}): not touched")
    stale = [(n, p, old) for n, p, old in entries if p is not None]
    olds = [(n, p) for n, p, old in stale if old]
    if olds and not os.path.lexists(target):
        name, pid = max(olds, key=lambda e: os.path.getmtime(os.path.join(parent, e[0])))
        os.rename(os.path.join(parent, name), target)
        warn(
            f"restored {path} from {shown(name)}: a jncli --force run (pid {pid}) was killed while it replaced "
            "the folder; the earlier output is back as it was"
        )
        olds = [(n, p) for n, p in olds if n != name]
    for name, pid in olds:
        shutil.rmtree(os.path.join(parent, name), ignore_errors=True)
        warn(f"removed {shown(name)}: the earlier output, which a killed --force run (pid {pid}) had replaced")
    for name, pid, old in stale:
        if not old:
            shutil.rmtree(os.path.join(parent, name), ignore_errors=True)
            warn(f"removed {shown(name)}: the unfinished output of an interrupted jncli run (pid {pid})")


def interrupted_swap(path: str) -> str | None:
    """The `.tmp.old` folder beside a missing `path`: a --force run was killed between its renames."""
    left = swap_leftover(path)
    return left[0] if left else None


def swap_leftover(path: str) -> tuple[str, int | None] | None:
    """(the `.tmp.old` folder beside a missing `path`, named beside `path` as given; the pid of the run into `path`
    under way — one holds its lock, `folder_lock` —, else None), or None when `path` exists or there is none.
    A `.tmp` folder alone is no record: an unfinished new output (that run wrote nothing).
    Under way is decided by the lock, not by a live process of the pid in the name: that pid may have been
    reused (review 24 F3)."""
    target = os.path.abspath(path)
    if os.path.lexists(target):
        return None
    parent, base = os.path.split(target)
    olds = [(n, p) for n, p, old in _leftovers(parent, base) if old and os.path.isdir(os.path.join(parent, n))]
    if not olds:
        return None
    name, pid = olds[-1]
    holder = _lock_holder(parent, base)
    running = None
    if holder is not None:
        running = holder if holder > 0 else pid
    elif not _has_flock() and pid is not None and _alive(pid):  # (no flock: the pid)
        running = pid
    return os.path.join(os.path.dirname(path), name), running


def _has_flock() -> bool:
    try:
        import fcntl  # noqa: F401
    except ImportError:  # pragma: no cover (not on Windows)
        return False
    return True


def _lock_holder(parent: str, base: str) -> int | None:
    """The pid written in `.BASE.lock` when a run holds that lock (0 when it wrote none yet), else None: a
    non-blocking try of the lock, released at once (None too without flock or without the lock file)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover (not on Windows)
        return None
    try:
        fd = os.open(os.path.join(parent, f".{base}.lock"), os.O_RDONLY)
    except OSError:  # no lock file: no run holds it
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.read(fd, 32).decode("ascii", "replace").strip()
            return int(text) if text.isdigit() else 0
        except OSError:
            return None
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


@contextmanager
def folder_lock(path: str) -> Iterator[None]:
    """Hold the lock of output folder `path` (the file `.NAME.lock` beside it, flock) for the block.

    A second run into the same folder fails at once, naming the process that holds it: it must not
    replace the first run's results while that run says "wrote". The lock file holds the pid and is
    removed at the end; a killed run's lock is released by the system (a file left is harmless).
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover (not on Windows)
        yield
        return
    target = os.path.abspath(path)
    parent, base = os.path.split(target)
    made = _first_missing(parent)  # `-o out/2023` on a first run: `out` is made here, and unmade on failure
    _make_parent(path, parent)
    lock = os.path.join(parent, f".{base}.lock")
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666 & ~_umask())
        except OSError as e:
            raise DataError(f"cannot write {path}: cannot create its lock file {lock}: {e.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip()
            os.close(fd)
            who = f"pid {holder}" if holder.isdigit() else "another process"
            raise DataError(
                f"cannot write {path}: another jncli run ({who}) is writing this folder",
                "wait until it ends, or choose another folder",
            ) from None
        # an ending run removes the file: the one locked must still be the one at that path
        try:
            same = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        yield
    finally:
        with suppress(OSError):
            os.unlink(lock)
        os.close(fd)
        if made is not None and not os.path.lexists(target):
            folder = parent
            while True:  # the folders made above, if the run left them empty
                try:
                    os.rmdir(folder)
                except OSError:
                    break
                if folder == made:
                    break
                folder = os.path.dirname(folder)


def _first_missing(folder: str) -> str | None:
    """The outermost folder of `folder` that does not exist yet (None: it exists)."""
    missing = None
    while not os.path.lexists(folder) and os.path.dirname(folder) != folder:
        missing, folder = folder, os.path.dirname(folder)
    return missing
