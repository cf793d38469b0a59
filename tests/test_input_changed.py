"""Review 23, F2: an input rewritten while `annual` runs (an export, a copy or a save finishing as cron starts).

The manifest records each input's SHA-256 as the audit trail of the bytes the ledger was computed from; a hash
taken from a fresh read after the measures ran would vouch for bytes the run never read. The run now stops
(exit 1, no OUT_DIR, the file named) when an input is not the file first opened. The rewrite is timed by a small
driver that runs jncli's own `main` with one of its functions wrapped (no strace, no sleeping)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from jncli import credit_code

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
RATES = ["--year", "2023", "--province-growth", "10%", "--province-rural-growth", "12%"]

# argv: DATA/enterprises.csv, the complete file, when (read | written | verify-read), how (replace | append, or
# chmod | link: metadata only),
# then jncli's arguments
DRIVER = r"""
import os, shutil, sys
target, complete, when, how = sys.argv[1:5]
args = sys.argv[5:]

def finish():  # the export completes: moved in whole (a new file), or the rest of its rows appended in place
    if how == "chmod":  # a permission-fixing job: the change time moves, the bytes do not
        os.chmod(target, 0o600)
        os.chmod(target, 0o644)
    elif how == "link":  # a hard-link backup (rsnapshot, `cp -al`, `ln -f`): the change time moves, the bytes do not
        os.link(target, target + ".bk")
        os.remove(target + ".bk")
    elif how == "replace":
        shutil.copy(complete, target + ".part")
        os.replace(target + ".part", target)
    else:
        have = open(target, "rb").read()
        with open(target, "ab") as f:
            f.write(open(complete, "rb").read()[len(have):])

if when == "read":  # just after annual read the file (before any measure ran)
    import jncli.annual.inputs as inputs
    original = inputs._read
    def _read(path, name, opts):
        table = original(path, name, opts)
        if name == os.path.basename(target):
            finish()
        return table
    inputs._read = _read
elif when == "verify-read":  # `jncli verify`: just after its re-run read the file (verify checked it before)
    import jncli.tableio as tableio
    original = tableio.read_table
    def read_table(source, *a, **kw):
        table = original(source, *a, **kw)
        if os.path.basename(str(source)) == os.path.basename(target):
            finish()
        return table
    tableio.read_table = read_table
else:  # after every output was written into the temp folder, before OUT_DIR is put in place
    import jncli.annual as annual
    original = annual.write_outputs
    def write_outputs(r, folder):
        hashes = original(r, folder)
        finish()
        return hashes
    annual.write_outputs = write_outputs

from jncli.cli import main
sys.argv = ["jncli", *args]
main()
"""


def _data(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the samples whose enterprises.csv is an export not finished yet (its first 60 rows)."""
    data = tmp_path / "data"
    data.mkdir()
    for f in SAMPLES.iterdir():
        if f.is_file():
            (data / f.name).write_bytes(f.read_bytes())
    lines = (SAMPLES / "enterprises.csv").read_bytes().split(b"\n")
    # without the rows of the samples' planted invalid codes: a 2022 one whose 2023 row is past the cut would count
    # as received under a code no enterprise has, and annual stops on that first (test_prior_other_rules.py)
    first = [lines[0], *[line for line in lines[1:61] if credit_code.problem(line.split(b",")[0].decode()) is None]]
    (data / "enterprises.csv").write_bytes(b"\n".join(first) + b"\n")
    return data, SAMPLES / "enterprises.csv"


def _driven(
    jncli, tmp_path: Path, data: Path, when: str, how: str, *extra: str
) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path / "out"
    args = ["annual", str(data), *RATES, "-o", str(out), *extra]
    target, complete = str(data / "enterprises.csv"), str(SAMPLES / "enterprises.csv")
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, target, complete, when, how, *args],
        capture_output=True,
        text=True,
        env=jncli.env,
        cwd=tmp_path,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    return proc, out


@pytest.mark.parametrize("how", ["replace", "append"])
def test_an_input_finished_after_it_was_read_stops_the_run_and_writes_nothing(jncli, tmp_path, how):
    data, _ = _data(tmp_path)
    proc, out = _driven(jncli, tmp_path, data, "read", how)
    assert proc.returncode == 1, proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert "enterprises.csv: the file changed while the run read it" in last
    assert "run again when the file is complete" in last
    assert "Traceback" not in proc.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


@pytest.mark.parametrize("when", ["read", "written"])
@pytest.mark.parametrize("how", ["chmod", "link"])
def test_a_metadata_only_change_of_an_input_does_not_stop_the_run(jncli, tmp_path, when, how):
    """Review 24, F2: a chmod or a hard-link backup while the run reads the file changes its ctime, not its bytes."""
    data, _ = _data(tmp_path)
    proc, out = _driven(jncli, tmp_path, data, when, how)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entry = next(i for i in doc["inputs"] if i["file"] == "enterprises.csv")
    assert entry["sha256"] == hashlib.sha256((data / "enterprises.csv").read_bytes()).hexdigest()


def test_an_input_changed_while_the_outputs_were_written_leaves_the_earlier_out_dir(jncli, tmp_path):
    data, _ = _data(tmp_path)
    out = tmp_path / "out"
    first = jncli("annual", str(data), *RATES, "-o", str(out), "--budget", "100", text=True)
    assert first.returncode == 0, first.stderr
    before = (out / "manifest.json").read_bytes()
    proc, _ = _driven(jncli, tmp_path, data, "written", "replace", "--force")
    assert proc.returncode == 1, proc.stderr
    assert "enterprises.csv: the file changed while the run read it" in proc.stderr.strip().splitlines()[-1]
    assert (out / "manifest.json").read_bytes() == before  # the earlier output stands, untouched


def test_an_unchanged_run_records_the_hash_of_the_bytes_read(jncli, tmp_path):
    data, _ = _data(tmp_path)
    out = tmp_path / "out"
    proc = jncli("annual", str(data), *RATES, "-o", str(out), text=True)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entry = next(i for i in doc["inputs"] if i["file"] == "enterprises.csv")
    assert entry["rows"] == len((data / "enterprises.csv").read_bytes().splitlines()) - 1 == 56  # 60 less 4 planted
    assert entry["sha256"] == hashlib.sha256((data / "enterprises.csv").read_bytes()).hexdigest()


def test_verify_stops_when_an_input_changes_while_its_re_run_reads_it(jncli, tmp_path):
    data, _ = _data(tmp_path)
    out = tmp_path / "out"
    assert jncli("annual", str(data), *RATES, "-o", str(out)).returncode == 0
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, str(data / "enterprises.csv"), str(SAMPLES / "enterprises.csv")]
        + ["verify-read", "append", "verify", str(out)],
        capture_output=True,
        text=True,
        env=jncli.env,
        cwd=tmp_path,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "enterprises.csv: the file changed while the run read it" in proc.stderr.strip().splitlines()[-1]
    assert "identical" not in proc.stdout  # no verdict on bytes the re-run did not read


COMPARE_DRIVER = r"""
import os, shutil, sys
import jncli.digest as digest
target, other = sys.argv[1:3]
original = digest.file_sha256
def file_sha256(path, **kw):
    h = original(path, **kw)
    if os.path.basename(path) == "ledger.csv" and os.path.dirname(path) == os.path.dirname(target):
        shutil.copy(other, target + ".part")  # the checked folder's ledger replaced before compare reads it
        os.replace(target + ".part", target)
    return h
digest.file_sha256 = file_sha256
from jncli.cli import main
sys.argv = ["jncli", *sys.argv[3:]]
main()
"""


def test_compare_stops_when_a_folder_ledger_changes_between_its_check_and_its_reading(jncli, tmp_path):
    runs = {}
    for name, extra in (("a", ["--budget", "100"]), ("b", []), ("c", ["--budget", "50"])):
        runs[name] = tmp_path / name
        assert jncli("annual", str(SAMPLES), *RATES, "-o", str(runs[name]), *extra).returncode == 0
    target, other = runs["a"] / "ledger.parquet", runs["c"] / "ledger.parquet"
    proc = subprocess.run(
        [sys.executable, "-c", COMPARE_DRIVER, str(target), str(other), "compare", str(runs["a"]), str(runs["b"])],
        capture_output=True,
        text=True,
        env=jncli.env,
        cwd=tmp_path,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""
    assert "ledger.parquet: the file changed between its check against manifest.json and its reading" in proc.stderr
