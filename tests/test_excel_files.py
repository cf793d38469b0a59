"""Files people open: a CSV/TSV written with -o starts with a UTF-8 BOM (Excel on Chinese Windows reads it
as UTF-8 on a double-click), stdout never does unless --bom, --no-bom drops it; jncli reads its own BOM
files back; the yearly run's CSVs carry the BOM (recorded in the manifest, so verify re-writes the same bytes)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
BOM = b"\xef\xbb\xbf"


def test_o_csv_and_tsv_files_start_with_a_bom_and_pipes_never(jncli, tmp_path):
    src = str(SAMPLES / "counties.csv")
    piped = jncli("cat", "--as", "counties", src)
    assert piped.returncode == 0 and piped.stdout.startswith(b"county,")  # a pipe: plain UTF-8, as before
    assert jncli("cat", "--as", "counties", src, "-o", "c.csv", cwd=tmp_path).returncode == 0
    assert (tmp_path / "c.csv").read_bytes() == BOM + piped.stdout  # the same bytes after the BOM
    assert jncli("cat", "--as", "counties", src, "-o", "c.tsv", cwd=tmp_path).returncode == 0
    assert (tmp_path / "c.tsv").read_bytes().startswith(BOM + b"county\tyear\t")
    assert jncli("cat", "--as", "counties", src, "-o", "n.csv", "--no-bom", cwd=tmp_path).returncode == 0
    assert (tmp_path / "n.csv").read_bytes() == piped.stdout
    forced = jncli("cat", "--as", "counties", src, "--bom")  # asked for: also on stdout (`> file.csv`)
    assert forced.stdout == BOM + piped.stdout
    # formats that are not CSV/TSV never get one
    assert jncli("cat", "--as", "counties", src, "-o", "c.json", cwd=tmp_path).returncode == 0
    assert (tmp_path / "c.json").read_bytes().startswith(b"[")


def test_a_bom_file_round_trips_through_jncli(jncli, tmp_path):
    src = str(SAMPLES / "enterprises.csv")
    assert jncli("cat", src, "-o", "e.csv", cwd=tmp_path).returncode == 0
    assert (tmp_path / "e.csv").read_bytes().startswith(BOM + "统一社会信用代码".encode())
    again = jncli("cat", "e.csv", cwd=tmp_path)  # read back: the header has no stray \ufeff
    assert again.returncode == 0 and again.stdout == jncli("cat", src).stdout
    typed = jncli("cat", "--as", "enterprises", "e.csv", cwd=tmp_path)
    assert typed.returncode == 0 and typed.stdout == jncli("cat", "--as", "enterprises", src).stdout
    # a measure reads it, from a file and from stdin
    args = ["award-enterprises", "--year", "2023"]
    plain = jncli(*args, src)
    assert jncli(*args, "e.csv", cwd=tmp_path).stdout == plain.stdout
    assert jncli(*args, stdin=(tmp_path / "e.csv").read_bytes()).stdout == plain.stdout
    # polars (what a script of the analyst's uses) reads it too
    assert pl.read_csv(tmp_path / "e.csv", infer_schema=False).columns[0] == "统一社会信用代码"


def test_the_yearly_runs_csvs_have_a_bom_and_verify_agrees(jncli, tmp_path):
    base = ["annual", str(SAMPLES), "--year", "2023", "--province-growth", "10%", "--province-rural-growth", "12%"]
    out, plain = tmp_path / "with", tmp_path / "plain"
    assert jncli(*base, "-o", str(out)).returncode == 0
    assert jncli(*base, "-o", str(plain), "--no-bom").returncode == 0
    for name in ("ledger.csv", "score-counties.csv", "check-validity.csv"):
        assert (out / name).read_bytes() == BOM + (plain / name).read_bytes(), name
        assert not (plain / name).read_bytes().startswith(BOM)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["options"]["bom"] is True
    assert json.loads((plain / "manifest.json").read_text("utf-8"))["options"]["bom"] is False
    for folder in (out, plain):  # the re-run writes the same bytes, BOM or not
        proc = jncli("verify", str(folder), text=True)
        assert proc.returncode == 0 and "every output is byte-identical" in proc.stderr, proc.stderr
    # jncli reads the run's BOM ledger back (check-validity, --prior, compare)
    assert jncli("check-validity", str(out / "ledger.csv")).returncode == 0
    summary = jncli("compare", str(out / "ledger.csv"), str(plain / "ledger.csv"), "--summary", text=True)
    rows = pl.read_csv(summary.stdout.encode(), infer_schema=False)
    assert summary.returncode == 0 and rows.height > 0 and set(rows["difference"]) == {"0"}
