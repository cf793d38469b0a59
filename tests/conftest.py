"""What every test file shares: the real `jncli` as a user runs it, and the shared corpus.

`jncli` (fixture): runs the installed binary (`<venv>/bin/jncli`, the console script pip wrote) as a
subprocess, never an in-process call, so exit statuses, stdin/stdout handling and start-up imports
are the ones cron and a shell see. One environment for every run, built from the caller's:

- UTF-8 locale (LANG=LC_ALL=C.UTF-8, no other LC_*, LANGUAGE, PYTHONIOENCODING or PYTHONUTF8),
  so results do not depend on the machine's locale; a test about locales sets its own on top;
- no JNCLI_* variable of the caller (JNCLI_POLICY would change every amount, JNCLI_DEBUG every
  error), no shell-completion trigger, nothing that forces colour, a terminal or a help width
  (FORCE_COLOR, GITHUB_ACTIONS, TERMINAL_WIDTH, ...);
- NO_COLOR=1 and COLUMNS=120 (tables and --help wrap the same everywhere);
- the venv's bin first on PATH, so `jncli` in a shell line (`jncli.sh(...)`) is this one.

stdin is /dev/null unless the test gives input (as under cron: never the terminal pytest runs in);
every run has a timeout, so a command that waits for input fails instead of hanging the suite.

`jncli.pipe([...], [...])` connects the commands through a real OS pipe, as `jncli a | jncli b` in a
shell does; `jncli.sh("...")` runs a bash line with `-o pipefail` in the same environment.

`corpus` (fixture): the shared test corpus (csv-spectrum, csvkit's examples) kept beside the repo at
../shared/corpus (or in a folder above it, for git worktrees), or at $JNCLI_TEST_CORPUS. A corpus test
skips when it is missing, except under CI=true, where it fails: CI must not pass by testing less.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TIMEOUT = 180  # seconds; generous for a shared 2-core machine, short enough to end a hung run

_DROP_PREFIXES = ("JNCLI_", "_JNCLI_", "_TYPER_", "LC_", "PYTHONIOENCODING", "PYTHONUTF8")
# colour or terminal forced into a pipe (rich, typer: GITHUB_ACTIONS makes typer draw for a terminal), help width
_DROP = {
    "LANGUAGE",
    "FORCE_COLOR",
    "PY_COLORS",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "GITHUB_ACTIONS",
    "TERMINAL_WIDTH",
    "TYPER_USE_RICH",
}


def jncli_env(overrides: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """The environment every jncli run gets; `overrides` on top (a value None removes the variable)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DROP_PREFIXES) and k not in _DROP}
    env.update(
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        NO_COLOR="1",
        COLUMNS="120",
    )
    for key, value in (overrides or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


class Jncli:
    """The installed `jncli`, run as a user runs it. Call it with the command line's arguments:

        proc = jncli("cat", "--as", "counties", "c.csv", cwd=tmp_path)   # a CompletedProcess
        proc = jncli("cat", stdin=b"a\\n1\\n")                             # bytes in, bytes out

    Keywords: stdin (bytes, or str with text=True), cwd (default: the repo), env (overrides of the
    shared environment), text (decode stdout/stderr as UTF-8), timeout.
    """

    binary = str(BIN / "jncli")

    def __init__(self, **defaults) -> None:
        self.defaults = {"cwd": ROOT, "env": None, "text": False, "timeout": TIMEOUT, **defaults}

    def using(self, **defaults) -> Jncli:
        """The same runner with other defaults, e.g. `jncli.using(text=True)` for a module that reads text."""
        return Jncli(**{**self.defaults, **defaults})

    @property
    def env(self) -> dict[str, str]:
        """The environment of a run, for other processes a test starts (bash scripts, `python -c`)."""
        return jncli_env(self.defaults["env"])

    def _options(self, kw: dict) -> dict:
        unknown = set(kw) - set(self.defaults)
        if unknown:
            raise TypeError(f"unknown option(s) {sorted(unknown)}")
        opts = {**self.defaults, **kw}
        opts["env"] = jncli_env({**(self.defaults["env"] or {}), **(kw.get("env") or {})})
        return opts

    def __call__(self, *args: str, stdin: bytes | str | None = None, **kw) -> subprocess.CompletedProcess:
        o = self._options(kw)
        return subprocess.run(
            [self.binary, *args],
            input=stdin,
            capture_output=True,
            cwd=o["cwd"],
            env=o["env"],
            text=o["text"],
            encoding="utf-8" if o["text"] else None,
            timeout=o["timeout"],
            stdin=None if stdin is not None else subprocess.DEVNULL,
        )

    def popen(self, *args: str, **popen_kw) -> subprocess.Popen:
        """A running `jncli` for tests that drive it themselves (a terminal, a pipe kept open)."""
        popen_kw.setdefault("cwd", self.defaults["cwd"])
        popen_kw["env"] = jncli_env({**(self.defaults["env"] or {}), **(popen_kw.get("env") or {})})
        popen_kw.setdefault("stdin", subprocess.DEVNULL)
        return subprocess.Popen([self.binary, *args], **popen_kw)

    def pipe(self, *commands: Sequence[str], stdin: bytes | None = None, **kw) -> list[subprocess.CompletedProcess]:
        """`jncli A | jncli B | ...` through real OS pipes; one CompletedProcess per command, in order.

        Each command's stdout is the next one's stdin (so the result's stdout is b"" except the last);
        stderr of each is kept apart. A command that exits early closes its end, and the one before it
        gets SIGPIPE / EPIPE as it would in a shell.
        """
        o = self._options(kw)
        if o["text"]:
            raise TypeError("pipe() returns bytes")
        procs: list[subprocess.Popen] = []
        with contextlib.ExitStack() as files:
            errs = [files.enter_context(tempfile.TemporaryFile()) for _ in commands]
            try:
                source = subprocess.PIPE if stdin is not None else subprocess.DEVNULL
                for args, err in zip(commands, errs, strict=True):
                    procs.append(
                        subprocess.Popen(
                            [self.binary, *args],
                            stdin=source,
                            stdout=subprocess.PIPE,
                            stderr=err,
                            cwd=o["cwd"],
                            env=o["env"],
                        )
                    )
                    if len(procs) > 1:
                        procs[-2].stdout.close()  # only the next command holds the read end now
                    source = procs[-1].stdout
                feeder = None
                if stdin is not None:
                    feeder = threading.Thread(target=_feed, args=(procs[0].stdin, stdin), daemon=True)
                    feeder.start()
                out, _ = procs[-1].communicate(timeout=o["timeout"])
                codes = [p.wait(timeout=o["timeout"]) for p in procs]
                if feeder is not None:
                    feeder.join(timeout=o["timeout"])
            except BaseException:
                for p in procs:
                    p.kill()
                    p.wait()
                raise
            stderr = []
            for f in errs:
                f.seek(0)
                stderr.append(f.read())
        outs = [b""] * (len(procs) - 1) + [out]
        return [
            subprocess.CompletedProcess(p.args, code, stdout, err)
            for p, code, stdout, err in zip(procs, codes, outs, stderr, strict=True)
        ]

    def sh(self, line: str, **kw) -> subprocess.CompletedProcess:
        """A bash command line (`set -o pipefail`), with this jncli first on PATH and the shared environment."""
        o = self._options(kw)
        return subprocess.run(
            ["bash", "-o", "pipefail", "-c", line],
            capture_output=True,
            cwd=o["cwd"],
            env=o["env"],
            text=o["text"],
            encoding="utf-8" if o["text"] else None,
            timeout=o["timeout"],
            stdin=subprocess.DEVNULL,
        )


def _feed(pipe, data: bytes) -> None:
    # A command that stops reading breaks the pipe: as in a shell, that is not the test's error.
    with contextlib.suppress(BrokenPipeError):
        pipe.write(data)
    with contextlib.suppress(BrokenPipeError):
        pipe.close()


@pytest.fixture(scope="session")
def jncli() -> Jncli:
    """The installed `jncli` binary, run as a subprocess in the shared environment (see the module docstring)."""
    return Jncli()


# The growth rates of the province, made up for the samples (the yearly run needs them).
SAMPLE_RATES = ("--province-growth", "10%", "--province-rural-growth", "12%")


@pytest.fixture(scope="module")
def annual(jncli) -> Callable[..., subprocess.CompletedProcess]:
    """`jncli annual DATA --year 2023 (or year=…) RATES -o OUT EXTRA…` with text out, as a bureau's cron runs it;
    keywords go to the run (env=…). A module may define its own `annual`."""
    text = jncli.using(text=True, timeout=300)

    def run(data: Path, out: Path, *extra: str, year: str = "2023", **kw) -> subprocess.CompletedProcess:
        return text("annual", str(data), "--year", year, *SAMPLE_RATES, "-o", str(out), *extra, **kw)

    return run


@pytest.fixture(scope="module")
def skipped3(annual, tmp_path_factory) -> Path:
    """The samples' 2022 run with --skip 3 (the counties' ratios not yet published): no m3.fiscal row in its
    ledger (tests/test_m3_skipped.py, tests/test_prior_cover.py)."""
    out = tmp_path_factory.mktemp("skip3") / "2022"
    proc = annual(ROOT / "samples", out, "--skip", "3", year="2022")
    assert proc.returncode == 0, proc.stderr
    assert "m3.fiscal" not in (out / "ledger.csv").read_text("utf-8")
    return out


# ------------------------------------------------------------------------------------------ the shared corpus
def corpus_path() -> Path:
    """$JNCLI_TEST_CORPUS, else the first shared/corpus beside the repo or beside a folder above it."""
    if os.environ.get("JNCLI_TEST_CORPUS"):
        return Path(os.environ["JNCLI_TEST_CORPUS"])
    for folder in ROOT.parents:
        if (folder / "shared" / "corpus").is_dir():
            return folder / "shared" / "corpus"
    return ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus folder; missing, the test skips, or fails under CI=true."""
    path = corpus_path()
    if not path.is_dir():
        message = f"shared corpus not found at {path} (set JNCLI_TEST_CORPUS to its folder)"
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"{message}; under CI=true a missing corpus is a failure, not a skip", pytrace=False)
        pytest.skip(message)
    return path
