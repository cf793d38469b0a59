"""The test harness itself (conftest.py): the jncli runner's environment and pipes, and the corpus guard."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS_TESTS = "spectrum or csvkit or ragged or location_coordinates"


def test_the_callers_jncli_variables_and_locale_do_not_leak(jncli, monkeypatch, tmp_path):
    bad = tmp_path / "p.toml"
    bad.write_text("not a policy", encoding="utf-8")
    monkeypatch.setenv("JNCLI_POLICY", str(bad))  # would make every run fail (or pay other amounts)
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert jncli("policy", "-f", "csv").returncode == 0
    env = jncli.env
    assert "JNCLI_POLICY" not in env and "FORCE_COLOR" not in env and env["LC_ALL"] == "C.UTF-8"
    assert env["PATH"].split(os.pathsep)[0] == str(Path(sys.executable).parent)
    assert jncli("policy", env={"JNCLI_POLICY": str(bad)}).returncode == 1  # a test can still set one


def test_pipe_is_a_real_pipe_and_keeps_each_commands_stderr(jncli):
    cat, counted = jncli.pipe(
        ["cat", "-f", "csv"],
        ["cat", "--as", "counties", "-f", "json"],
        stdin="county,online_retail\n任城区,5\n".encode(),
    )
    assert (cat.returncode, cat.stdout, cat.stderr) == (0, b"", b"")
    assert counted.returncode == 0 and counted.stdout.startswith(b"[") and b"5" in counted.stdout
    first, second = jncli.pipe(["cat"], ["cat", "--as", "counties"], stdin=b"a,b\n1,2\n")
    assert first.returncode == 0 and second.returncode == 1
    assert second.stderr.decode().startswith("jncli cat: <stdin>: missing required column county")


def _corpus_tests(**env: str) -> subprocess.CompletedProcess:
    """The corpus tests of test_reader.py, run by a nested pytest with the corpus pointed at nothing."""
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "JNCLI_TEST_CORPUS", "PYTEST_ADDOPTS")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_reader.py", "-k", CORPUS_TESTS, "-p", "no:cacheprovider", "-rfEs"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={**clean, "JNCLI_TEST_CORPUS": "/nonexistent/corpus", **env},
    )


def test_a_missing_corpus_skips_outside_ci():
    proc = _corpus_tests()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "shared corpus not found at /nonexistent/corpus" in proc.stdout
    assert " passed" not in proc.stdout and " failed" not in proc.stdout and " error" not in proc.stdout


def test_a_missing_corpus_fails_under_ci():
    proc = _corpus_tests(CI="true")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "under CI=true a missing corpus is a failure, not a skip" in proc.stdout
    assert " skipped" not in proc.stdout and " passed" not in proc.stdout
