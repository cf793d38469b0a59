"""A violation-records table without a repair-date column (信用修复日期): every record counts as not repaired
(RULES.md §5: `repaired_on` is optional), and when that keeps a candidate off the whitelist a warning says so —
an absent column is not an empty one. Through the installed binary, on the samples."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _records(path: Path, keep_column: bool) -> Path:
    with open(SAMPLES / "records.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    r = rows[0].index("repaired_on")
    # the samples repair one record before the as-of date; an empty column says none was repaired
    out = (
        [[c for i, c in enumerate(row) if i != r] for row in rows]
        if not keep_column
        else [[("" if i == r and n else c) for i, c in enumerate(row)] for n, row in enumerate(rows)]
    )
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(out)
    return path


def _whitelist(jncli, tmp_path: Path, records: Path, lang: str):
    out = tmp_path / f"wl-{records.stem}.csv"
    args = ["--records", str(records), "--as-of", "2023-12-31", "-o", str(out), "--lang", lang]
    p = jncli("whitelist", str(SAMPLES / "candidates.csv"), *args, text=True)
    assert p.returncode == 0, p.stderr
    return p, out.read_bytes()


@pytest.mark.parametrize(("lang", "said"), [("en", "no repair-date column"), ("zh", "没有信用修复日期列")])
def test_absent_repair_column_is_named_and_empty_one_is_not(jncli, tmp_path, lang, said):
    absent, absent_out = _whitelist(jncli, tmp_path, _records(tmp_path / "absent.csv", False), lang)
    empty, empty_out = _whitelist(jncli, tmp_path, _records(tmp_path / "empty.csv", True), lang)
    line = [x for x in absent.stderr.splitlines() if said in x]
    assert len(line) == 1, absent.stderr
    assert ("5 candidate(s)" if lang == "en" else "5个候选") in line[0], line[0]
    assert said not in empty.stderr, empty.stderr
    assert absent_out == empty_out  # the same decisions: absent is read as not repaired, and said
    _, given = _whitelist(jncli, tmp_path, SAMPLES / "records.csv", lang)
    assert given != absent_out  # the sample's repair lets one more candidate in
