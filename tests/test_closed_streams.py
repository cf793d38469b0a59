"""Review 23, F4: the exit status tells the truth about the outputs, not about the terminal.

`annual` writes nothing to stdout and every message it prints is also in its report and manifest: a closed
stdout (`>&-`), a stderr on a full disk (`2>/dev/full`) or closed (`2>&-`) or a reader that left
(`2>&1 | head -1`) never turn a complete OUT_DIR into exit 1. A measure command with `-o FILE` does not mind
a closed stdout; one whose table would go to a closed stdout stops with one line (exit 1)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
ANNUAL = "jncli annual {samples} --year 2023 --province-growth 10% --province-rural-growth 12% -o {out}"


def _annual(out: Path, extra: str = "") -> str:
    return ANNUAL.format(samples=shlex.quote(str(SAMPLES)), out=shlex.quote(str(out))) + extra


def _exit_status(out: Path):
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["exit_status"]


@pytest.mark.parametrize(
    "redirect",
    [">&-", "2>/dev/full", "2>&-", ">&- 2>&-"],
    ids=["stdout-closed", "stderr-full", "stderr-closed", "both-closed"],
)
def test_annual_with_an_unusable_stdout_or_stderr_exits_0_over_its_complete_out_dir(jncli, tmp_path, redirect):
    out = tmp_path / "out"
    # the exit status goes to a file: the command's own stdout and stderr are what the test takes away
    status = tmp_path / "status"
    proc = jncli.sh(f"{_annual(out)} {redirect}; echo $? > {shlex.quote(str(status))}", text=True)
    assert status.read_text().strip() == "0", proc.stderr
    assert "Traceback" not in proc.stderr
    assert _exit_status(out) == 0
    assert len(list(out.iterdir())) == 21
    check = jncli("verify", str(out), text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_annual_force_with_stderr_to_a_reader_that_left_exits_0_over_the_replaced_out_dir(jncli, tmp_path):
    out = tmp_path / "out"
    first = jncli.sh(f"{_annual(out, ' --budget 100')} 2>/dev/null", text=True)
    assert first.returncode == 0, first.stderr
    # `2>&1 | head -1` when head leaves before the run's lines fill the pipe: `true` leaves at once (EPIPE on the
    # first line, which `head -1` gives only by chance); pipefail: the status is jncli's
    proc = jncli.sh(f"{_annual(out, ' --force')} 2>&1 | true", text=True)
    assert proc.returncode == 0, proc.stdout
    doc = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert doc["options"]["budget"] is None and doc["exit_status"] == 0  # replaced, and said so by exit 0


def test_annual_that_stops_still_exits_1_when_its_error_line_cannot_be_written(jncli, tmp_path):
    out = tmp_path / "out"
    proc = jncli.sh(f"jncli annual {shlex.quote(str(tmp_path / 'none'))} --year 2023 -o {out} 2>/dev/full")
    assert proc.returncode == 1
    assert not out.exists()


def test_a_measure_command_with_o_file_and_stdout_closed_exits_0(jncli, tmp_path):
    target = tmp_path / "shops.csv"
    proc = jncli.sh(f"jncli track-shops {SAMPLES / 'shops.csv'} --year 2023 -o {target} >&-", text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert target.read_text(encoding="utf-8-sig").startswith("county")


def test_a_measure_command_whose_table_would_go_to_a_closed_stdout_stops_with_one_line(jncli, tmp_path):
    proc = jncli.sh(f"jncli track-shops {SAMPLES / 'shops.csv'} --year 2023 >&-", text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == (
        "jncli track-shops: cannot write the table to stdout: it is closed (hint: give -o FILE, or leave stdout open)"
    )


@pytest.mark.parametrize("redirect", ["2>/dev/full", "2>&-", "2>&1 | true"], ids=["full", "closed", "reader-left"])
def test_a_measure_command_whose_warning_cannot_be_said_stops_before_its_output(jncli, tmp_path, redirect):
    # track-shops warns of the samples' shops outside the city: stderr is that warning's only record
    target = tmp_path / "shops.csv"
    proc = jncli.sh(f"jncli track-shops {SAMPLES / 'shops.csv'} --year 2023 -o {target} {redirect}", text=True)
    assert proc.returncode == 1
    assert not target.exists()
    assert "Traceback" not in proc.stderr + proc.stdout
