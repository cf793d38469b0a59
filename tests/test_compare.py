"""`jncli compare A B` and `annual --compare-with` (jncli.analysis.compare): what a revised policy changes."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from jncli import credit_code

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "jncli" / "policies" / "jining-2022.toml"
TIER = "tiers = [{ threshold = 5000, award = 10 }"


def revised(tmp_path: Path) -> Path:
    """The shipped policy with ONE amount changed: the 2023 tier of 5000 万元 pays 12 instead of 10."""
    text = SHIPPED.read_text("utf-8")
    assert text.count(TIER) == 1
    path = tmp_path / "revised.toml"
    path.write_text(text.replace(TIER, "tiers = [{ threshold = 5000, award = 12 }"), "utf-8")
    return path


CODES = [credit_code.make(f"91370811MA3E0000{i}") for i in range(4)]


def enterprises(tmp_path: Path) -> Path:
    # E1 6000 in 2023: the 5000 tier, 10 → 12 (+2)
    # E2 12000 in 2023: the 10000 tier, 20 either way
    # E3 1500 in 2022 (5 paid) and 5200 in 2023: top-up 10 − 5 = 5 → 12 − 5 = 7 (+2); 2022 unchanged
    # E4 a national title (50) and 7000: the title wins either way; its tier row stays superseded with 0
    rows = [
        (CODES[0], "E1", 2023, 6000, ""),
        (CODES[1], "E2", 2023, 12000, ""),
        (CODES[2], "E3", 2022, 1500, ""),
        (CODES[2], "E3", 2023, 5200, ""),
        (CODES[3], "E4", 2023, 7000, "国家电子商务示范企业"),
    ]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(
        ["credit_code", "name", "county", "year", "in_statistics", "is_trade", "online_retail", "national_title"]
    )
    for code, name, year, retail, title in rows:
        w.writerow([code, name, "任城区", year, "是", "是", retail, title])
    path = tmp_path / "enterprises.csv"
    path.write_text(out.getvalue(), "utf-8")
    return path


@pytest.fixture
def ledgers(jncli, tmp_path):
    data = enterprises(tmp_path)
    a, b = tmp_path / "a.csv", tmp_path / "b.parquet"
    assert jncli("award-enterprises", str(data), "--all-years", "-o", str(a)).returncode == 0
    proc = jncli("award-enterprises", str(data), "--all-years", "--policy", str(revised(tmp_path)), "-o", str(b))
    assert proc.returncode == 0, proc.stderr
    return a, b


def rows_of(proc) -> list[dict]:
    assert proc.returncode == 0, proc.stderr
    return list(csv.DictReader(io.StringIO(proc.stdout)))


def test_one_tier_amount_changed_gives_exactly_the_expected_differences(jncli, ledgers):
    a, b = ledgers
    rows = rows_of(jncli("compare", str(a), str(b), "--only", "changed", "-f", "csv", text=True))
    got = [
        (r["beneficiary_name"], r["rule"], r["year"], r["award_a"], r["award_b"], r["difference"], r["change"])
        for r in rows
    ]
    assert got == [
        ("E1", "m2.tier2023", "2023", "10", "12", "2", "gain"),
        ("E3", "m2.tier2023", "2023", "5", "7", "2", "gain"),
    ]
    everything = rows_of(jncli("compare", str(a), str(b), "-f", "csv", text=True))
    assert len(everything) == 6 and {r["change"] for r in everything} == {"same", "gain"}
    e4 = [r for r in everything if r["beneficiary_name"] == "E4"]
    assert {(r["rule"], r["status_a"], r["status_b"], r["change"]) for r in e4} == {
        ("m2.title", "awarded", "awarded", "same"),
        ("m2.tier2023", "superseded", "superseded", "same"),
    }
    assert all(r["county"] == "任城区" for r in everything)


def test_summary_per_measure_and_county(jncli, ledgers):
    a, b = ledgers
    rows = rows_of(jncli("compare", str(a), str(b), "--summary", "-f", "csv", text=True))
    # measure 2: A pays 10 + 20 + 5 + 5 + 50 = 90, B 12 + 20 + 5 + 7 + 50 = 94; two rows gain, none lose
    expected = {
        "award_a": "90",
        "award_b": "94",
        "difference": "4",
        "gain": "2",
        "loss": "0",
        "changed": "2",
        "rows": "6",
    }
    by = {(r["by"], r["measure"] or r["county"]): r for r in rows}
    for key in (("measure", "2"), ("county", "任城区"), ("total", "")):
        assert {k: by[key][k] for k in expected} == expected, key


def test_a_side_missing_a_row_and_usage_errors(jncli, ledgers, tmp_path):
    a, b = ledgers
    text = a.read_text("utf-8").splitlines()
    short = tmp_path / "short.csv"
    short.write_text("\n".join([text[0]] + [line for line in text[1:] if ",E1," not in line]) + "\n", "utf-8")
    rows = rows_of(jncli("compare", str(short), str(b), "--only", "changed", "-f", "csv", text=True))
    e1 = next(r for r in rows if r["beneficiary_name"] == "E1")
    assert (e1["status_a"], e1["award_a"], e1["award_b"], e1["difference"], e1["change"]) == (
        "",
        "",
        "12",
        "12",
        "only_b",
    )
    doubled = tmp_path / "doubled.csv"
    doubled.write_text(a.read_text("utf-8") + "\n".join(text[1:2]) + "\n", "utf-8")
    proc = jncli("compare", str(doubled), str(b), text=True)
    assert proc.returncode == 1 and "appears twice" in proc.stderr and proc.stderr.count("\n") == 1
    proc = jncli("compare", str(a), str(b), "--only", "gains", text=True)
    assert proc.returncode == 2 and "--only takes one value, changed" in proc.stderr
    proc = jncli("compare", str(a), str(b), "--summary", "--only", "changed", text=True)
    assert proc.returncode == 2 and "--summary totals every row" in proc.stderr
    proc = jncli("compare", str(tmp_path), str(b), text=True)
    assert proc.returncode == 2 and "not an `annual` output" in proc.stderr
    proc = jncli("compare", "-", "-", stdin="", text=True)
    assert proc.returncode == 2
    proc = jncli("compare", "-", str(b), stdin=a.read_text("utf-8"), text=True)  # one side from a pipe
    assert proc.returncode == 0 and len(rows_of(proc)) == 6


def test_annual_compare_with_an_earlier_run(jncli, tmp_path):
    base = ["annual", "samples", "--year", "2023", "--province-growth", "10%", "--province-rural-growth", "12%"]
    first, second = tmp_path / "2023", tmp_path / "2023-revised"
    assert jncli(*base, "-o", str(first)).returncode == 0
    policy = revised(tmp_path)
    proc = jncli(*base, "--policy", str(policy), "--compare-with", str(first), "-o", str(second), text=True)
    assert proc.returncode == 0, proc.stderr
    changed = list(csv.DictReader((second / "compare.csv").open(encoding="utf-8-sig")))
    assert changed and {r["rule"] for r in changed} == {"m2.tier2023"} and {r["difference"] for r in changed} == {"2"}
    report = (second / "report.html").read_text("utf-8")
    assert "与另一次运行的比较" in report and "A = 2023，B = 本次运行" in report
    # the same folders through the command: the two annual outputs side by side
    rows = rows_of(jncli("compare", str(first), str(second), "--only", "changed", "-f", "csv", text=True))
    assert [(r["beneficiary"], r["difference"]) for r in rows] == [(r["beneficiary"], r["difference"]) for r in changed]
    assert all(r["county"] for r in rows)  # the annual folder's measure tables give each row its county
    manifest = json.loads((second / "manifest.json").read_text("utf-8"))
    compared = [i for i in manifest["inputs"] if i["kind"] == "compare_with"]
    assert compared and compared[0]["file"] == str(first / "ledger.parquet")
    # verify re-reads the copy of the earlier ledger in OUT_DIR, never the earlier run's folder
    assert {"compared-ledger.parquet", "compare.csv", "compare.parquet"} <= {o["file"] for o in manifest["outputs"]}
    shutil.rmtree(first)
    proc = jncli("verify", str(second), text=True)  # the revised policy lies outside: given with --policy
    assert proc.returncode == 1 and "give it with `jncli verify OUT_DIR --policy FILE`" in proc.stderr
    proc = jncli("verify", str(second), "--policy", str(policy), "-f", "csv", text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "input,compared-ledger.parquet,identical" in proc.stdout
    copy = second / "compared-ledger.parquet"
    copy.write_bytes(copy.read_bytes() + b"x")
    proc = jncli("verify", str(second), "--policy", str(policy), "-f", "csv", text=True)
    assert proc.returncode == 1 and "input,compared-ledger.parquet,changed" in proc.stdout
    proc = jncli(*base, "--compare-with", str(tmp_path / "nowhere"), "-o", str(tmp_path / "x"), text=True)
    assert proc.returncode == 2 and "--compare-with" in proc.stderr and not (tmp_path / "x").exists()
