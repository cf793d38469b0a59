"""`jncli compare A B` and `annual --compare-with` (jncli.analysis.compare): what a revised policy changes."""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
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
    assert "different years" not in proc.stderr and "only_a" not in proc.stderr  # the same year: rows match
    # review 22 F6: a run of another year (a wrong folder?) shares no row; said once, also in the report
    other = tmp_path / "2022"
    proc = jncli(*base[:2], "--year", "2022", *base[4:], "--compare-with", str(first), "-o", str(other), text=True)
    assert proc.returncode == 0, proc.stderr
    said = [line for line in proc.stderr.splitlines() if "different years" in line]
    assert len(said) == 1 and f"--compare-with {first}: 2023; this run: 2022" in said[0], proc.stderr
    assert "两次运行评估的年度不同" in (other / "report.html").read_text("utf-8")
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


# ---------------------------------------------------------------- an enterprise moved between counties (review 13, 2)
def moved(tmp_path: Path, name: str, county_from: str, county_to: str) -> Path:
    """The samples with one enterprise's 2023 row in another county (a corrected register)."""
    data = tmp_path / f"moved-{county_to}"
    shutil.copytree(ROOT / "samples", data)
    path = data / "enterprises.csv"
    text = path.read_text("utf-8")
    old = f",{name},{county_from},2023,"
    assert text.count(old) == 1
    path.write_text(text.replace(old, f",{name},{county_to},2023,"), "utf-8")
    return data


HUAMEI = "任城华美商贸有限公司"  # m3.fiscal: 新增财力 120 万元, paid by its county at the county's ratio


def per_county(ledger: Path) -> dict[str, Decimal]:
    """A ledger's own money per county (its county column)."""
    out: dict[str, Decimal] = {}
    for r in csv.DictReader(ledger.open(encoding="utf-8-sig")):
        out[r["county"]] = out.get(r["county"], Decimal(0)) + Decimal(r["award"])
    return out


def summary_of(proc) -> dict[tuple[str, str], dict]:
    return {(r["by"], r["measure"] or r["county"]): r for r in rows_of(proc)}


def test_a_county_paid_award_moved_counts_in_each_sides_own_county(jncli, tmp_path):
    data = moved(tmp_path, HUAMEI, "任城区", "微山县")
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    for src, out in ((ROOT / "samples", a), (data, b)):
        proc = jncli(
            "award-enterprises",
            str(src / "enterprises.csv"),
            "--fiscal-ratios",
            str(ROOT / "samples" / "fiscal_ratios.csv"),
            "-o",
            str(out),
        )
        assert proc.returncode == 0, proc.stderr
    # the moved row: m3.fiscal 120 × 0.58 (任城区) = 69.6 in A, 120 × 0.56 (微山县) = 67.2 in B
    rows = rows_of(jncli("compare", str(a), str(b), "--only", "changed", "-f", "csv", text=True))
    got = {
        r["rule"]: (r["county_a"], r["county_b"], r["county"], r["award_a"], r["award_b"], r["difference"], r["change"])
        for r in rows
    }
    assert got == {
        "m3.fiscal": ("任城区", "微山县", "微山县", "69.6", "67.2", "-2.4", "loss"),
        # its measure-2 row pays 0 on both sides: nothing changed but the county
        "m2.tier2023": ("任城区", "微山县", "微山县", "0", "0", "0", "moved"),
    }
    everything = rows_of(jncli("compare", str(a), str(b), "-f", "csv", text=True))
    assert all(r["county_a"] == r["county_b"] == r["county"] for r in everything if r["beneficiary_name"] != HUAMEI)
    # per county: each ledger's own money in its own county
    own_a, own_b = per_county(a), per_county(b)
    assert own_a["任城区"] - own_b["任城区"] == Decimal("69.6") and own_b["微山县"] - own_a["微山县"] == Decimal("67.2")
    by = summary_of(jncli("compare", str(a), str(b), "--summary", "-f", "csv", text=True))
    for county in set(own_a) | set(own_b):
        row = by[("county", county)]
        assert Decimal(row["award_a"]) == own_a.get(county, 0), county
        assert Decimal(row["award_b"]) == own_b.get(county, 0), county
    # 任城区 119.6 = 50 + 69.6 → 50 (−69.6, one row lost); 微山县 54.08 → 54.08 + 67.2 = 121.28 (one row gained)
    ren, wei = by[("county", "任城区")], by[("county", "微山县")]
    assert (ren["award_a"], ren["award_b"], ren["difference"], ren["gain"], ren["loss"], ren["changed"]) == (
        "119.6",
        "50",
        "-69.6",
        "0",
        "1",
        "2",
    )
    assert (wei["award_a"], wei["award_b"], wei["difference"], wei["gain"], wei["loss"], wei["changed"]) == (
        "54.08",
        "121.28",
        "67.2",
        "1",
        "0",
        "2",
    )
    # the total counts the row once: 67.2 − 69.6
    total = by[("total", "")]
    assert (total["difference"], total["loss"], total["gain"], total["changed"]) == ("-2.4", "1", "0", "2")


def report_per_county(folder: Path) -> dict[str, Decimal]:
    """各县（市、区）奖励资金 of an annual run's report.xlsx: county → 合计（两级财政）."""
    import openpyxl

    sheet = openpyxl.load_workbook(folder / "report.xlsx", read_only=True)["各县市区奖励资金（市县分列）"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "县（市、区）" and rows[0][-1] == "合计（两级财政）"
    return {r[0]: Decimal(str(r[-1])) for r in rows[1:] if r[0] != "合计"}


def test_annual_folders_moved_enterprise_per_county_matches_each_report(jncli, tmp_path):
    base = ["annual", "--year", "2023", "--province-growth", "10%", "--province-rural-growth", "12%"]
    first = tmp_path / "2023"
    assert jncli(*base[:1], "samples", *base[1:], "-o", str(first)).returncode == 0
    before = report_per_county(first)
    # county-paid (m3.fiscal moved from 任城区 to 微山县) and city-paid (m2.tier2023 of 高新区优禾, 10 万元, moved
    # from 济宁高新区 to 任城区): the comparison's per-county columns are each run's own report
    cases = {
        "微山县": (HUAMEI, "任城区", {"任城区": ("160.09", "90.49"), "微山县": ("54.08", "121.28")}),
        "任城区": (
            "高新区优禾供应链管理有限公司",
            "济宁高新区",
            {"济宁高新区": ("20", "10"), "任城区": ("160.09", "170.09")},
        ),
    }
    for county_to, (name, county_from, expected) in cases.items():
        data = moved(tmp_path, name, county_from, county_to)
        second = tmp_path / f"out-{county_to}"
        proc = jncli(*base[:1], str(data), *base[1:], "--compare-with", str(first), "-o", str(second), text=True)
        assert proc.returncode == 0, proc.stderr
        after = report_per_county(second)
        by = summary_of(jncli("compare", str(first), str(second), "--summary", "-f", "csv", text=True))
        for county, total in before.items():
            assert Decimal(by[("county", county)]["award_a"]) == total, county
            assert Decimal(by[("county", county)]["award_b"]) == after[county], county
        for county, (a, b) in expected.items():
            assert (by[("county", county)]["award_a"], by[("county", county)]["award_b"]) == (a, b)
        # 任城区 in A: 90 city + 70.09 county (69.6 m3.fiscal + 0.49 m8) = 160.09; in B without 华美 90.49 — or
        # with 优禾's 10 city-paid: 160.09 + 10 = 170.09, 济宁高新区 20 − 10 = 10
        assert before["任城区"] == Decimal("90") + Decimal("69.6") + Decimal("0.49")
        # the report of B: the same per-county figures, the note, the row's two counties
        html = (second / "report.html").read_text("utf-8")
        section = html[html.index("按县（市、区）</h3>") : html.index("变动的行")]
        for county, (a, b) in expected.items():
            assert f'<td>{county}</td><td class="num">{Decimal(a):.2f}</td><td class="num">{Decimal(b):.2f}</td>' in (
                section
            ), county
        assert "A 金额计入原县、B 金额计入新县" in section
        changed = list(csv.DictReader((second / "compare.csv").open(encoding="utf-8-sig")))
        row = next(r for r in changed if r["beneficiary_name"] == name and r["rule"] != "m2.commend")
        assert (row["county_a"], row["county_b"]) == (county_from, county_to)
        import openpyxl

        sheet = openpyxl.load_workbook(second / "report.xlsx", read_only=True)["与另一次运行比较"]
        head, *cells = list(sheet.iter_rows(values_only=True))
        assert head[-2:] == ("A 县（市、区）", "B 县（市、区）")
        assert (county_from, county_to) in {r[-2:] for r in cells if r[1] == name}


# ------------------------------------------------ an annual folder whose ledger.csv was corrected (review 18, F4)
def test_a_folder_whose_ledger_changed_after_its_run_is_not_compared_as_that_run(jncli, tmp_path):
    # Before: the folder's ledger.parquet was read and the correction in ledger.csv ignored: "no change", exit 0
    # (compare), an empty compare.csv (annual --compare-with), where the corrected ledger pays 2 万元 more.
    base = ["annual", "samples", "--year", "2023", "--province-growth", "10%", "--province-rural-growth", "12%"]
    run = tmp_path / "2023"
    assert jncli(*base, "-o", str(run)).returncode == 0
    corrected = tmp_path / "corrected"
    shutil.copytree(run, corrected)
    text = (corrected / "ledger.csv").read_text("utf-8-sig").splitlines(keepends=True)
    i = next(i for i, line in enumerate(text) if ",m2.tier2023,2023,5,awarded," in line)
    text[i] = text[i].replace(",m2.tier2023,2023,5,awarded,", ",m2.tier2023,2023,7,awarded,")
    (corrected / "ledger.csv").write_text("\ufeff" + "".join(text), "utf-8")
    said = (
        f"{corrected / 'ledger.csv'}: changed after the annual run (its SHA-256 is not the one manifest.json "
        f"records), so {corrected} is no longer the run it records and is not compared as a folder (hint: to "
        f"compare the changed ledger, give the file itself: `jncli compare A {corrected / 'ledger.csv'}`"
    )
    proc = jncli("compare", str(run), str(corrected), "--only", "changed", "-f", "csv", text=True)
    assert proc.returncode == 1 and proc.stdout == "", proc.stdout
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith(f"jncli compare: {said}"), proc.stderr
    proc = jncli(*base, "--compare-with", str(corrected), "-o", str(tmp_path / "o"), text=True)
    assert proc.returncode == 1 and not (tmp_path / "o").exists()
    assert proc.stderr.strip().splitlines()[-1].startswith(f"jncli annual: {said}"), proc.stderr
    # the file itself is compared: the gain shows
    proc = jncli("compare", str(run), str(corrected / "ledger.csv"), "--only", "changed", "-f", "csv", text=True)
    rows = rows_of(proc)
    assert [(r["rule"], r["award_a"], r["award_b"], r["difference"], r["change"]) for r in rows] == [
        ("m2.tier2023", "5", "7", "2", "gain")
    ]
    # in Chinese
    proc = jncli("compare", str(run), str(corrected), text=True, env={"LANG": "zh_CN.UTF-8", "LC_ALL": None})
    assert proc.returncode == 1 and "在年度运行之后被改动" in proc.stderr, proc.stderr
    # a changed ledger.parquet stops it as well; the folder as its run wrote it compares as ever
    shutil.copy(run / "ledger.csv", corrected / "ledger.csv")
    proc = jncli("compare", str(run), str(corrected), "--only", "changed", "-f", "csv", text=True)
    assert proc.returncode == 0 and rows_of(proc) == [], proc.stderr
    (corrected / "ledger.parquet").write_bytes((corrected / "ledger.parquet").read_bytes() + b"x")
    proc = jncli("compare", str(run), str(corrected), text=True)
    assert proc.returncode == 1 and f"{corrected / 'ledger.parquet'}: changed after the annual run" in proc.stderr


def test_a_folder_without_a_manifest_is_read_from_its_ledger_csv(jncli, tmp_path):
    # The copy of a run's files without its manifest: nothing to check them against; the file people edit is
    # read (before: a usage error, exit 2).
    base = ["annual", "samples", "--year", "2023", "--province-growth", "10%", "--province-rural-growth", "12%"]
    run = tmp_path / "2023"
    assert jncli(*base, "-o", str(run)).returncode == 0
    copy = tmp_path / "copy"
    shutil.copytree(run, copy)
    (copy / "manifest.json").unlink()
    text = (copy / "ledger.csv").read_text("utf-8-sig")
    assert text.count(",m2.tier2023,2023,5,awarded,") >= 1
    (copy / "ledger.csv").write_text(
        "\ufeff" + text.replace(",m2.tier2023,2023,5,awarded,", ",m2.tier2023,2023,7,awarded,", 1), "utf-8"
    )
    proc = jncli("compare", str(run), str(copy), "--only", "changed", "-f", "csv", text=True)
    assert proc.returncode == 0, proc.stderr
    rows = rows_of(proc)
    assert [(r["award_a"], r["award_b"], r["change"]) for r in rows] == [("5", "7", "gain")]
    assert rows[0]["county"]  # the measures' tables beside it still give the county


def test_two_ledgers_of_different_years_are_said_to_share_no_row(jncli, tmp_path):
    # review 22 F6: the key holds the year, so every row is only_a or only_b; one warning names both years
    head = "beneficiary,beneficiary_name,measure,rule,year,award,status,basis\n"
    (tmp_path / "a.csv").write_text(head + "913708001234500001,测试商贸有限公司,2,m2.tier2022,2022,10,awarded,x\n")
    (tmp_path / "b.csv").write_text(head + "913708001234500001,测试商贸有限公司,2,m2.tier2023,2023,10,awarded,x\n")
    for lang, words in (
        ("en", "different years (a.csv: 2022; b.csv: 2023)"),
        ("zh", "（a.csv：2022年度；b.csv：2023年度）"),
    ):
        proc = jncli("compare", "a.csv", "b.csv", "--summary", "--lang", lang, cwd=tmp_path, text=True)
        assert proc.returncode == 0 and proc.stderr.count(words) == 1, proc.stderr
    proc = jncli("compare", "a.csv", "a.csv", cwd=tmp_path, text=True)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr


def test_a_code_excel_cut_to_000_and_a_corrected_code_are_named(jncli, tmp_path):
    # review 22 F4: the digits-then-000 form Excel writes of a code held as a number passed compare (exit 0,
    # a phantom gain and loss); check-validity calls it bad_id. The same check warns here, and the only_a /
    # only_b pair of one name, rule and year is named as a corrected code.
    head = "beneficiary,beneficiary_name,measure,rule,year,award,status,basis\n"
    good = credit_code.make("91370800MA3D00001")
    (tmp_path / "a.csv").write_text(head + f"{good},测试商贸有限公司,2,m2.tier2023,2023,10,awarded,x\n")
    (tmp_path / "c.csv").write_text(head + "913708001234500000,测试商贸有限公司,2,m2.tier2023,2023,10,awarded,x\n")
    check = jncli("check-validity", "c.csv", cwd=tmp_path, text=True)
    assert check.returncode == 3 and "Excel" in check.stdout
    proc = jncli("compare", "a.csv", "c.csv", "--summary", "--lang", "en", cwd=tmp_path, text=True)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    excel = [x for x in lines if "913708001234500000" in x and "stored as a number in Excel" in x]
    assert len(excel) == 1 and excel[0].split("warning: ")[1].startswith("c.csv: 1 beneficiary code(s)"), lines
    pair = [x for x in lines if f"({good} → 913708001234500000)" in x]
    assert len(pair) == 1 and "one code in a.csv and another in c.csv" in pair[0], lines
    zh = jncli("compare", "a.csv", "c.csv", "--lang", "zh", cwd=tmp_path, text=True)
    assert "全为数字且以000结尾" in zh.stderr and "名称、规则和年度相同" in zh.stderr and "warning" not in zh.stderr
    proc = jncli("compare", "a.csv", "a.csv", cwd=tmp_path, text=True)  # nothing to say
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
