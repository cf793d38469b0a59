"""Hostile review 3, A5 and A3: what `annual` could not see or did not say.

A5: a hire trained by an institution on the province's whitelist outside Jining (a 济南 code) can never qualify
through the city's whitelist. `annual --trainers FILE` counts the file's codes beside the run's whitelist (recorded,
replayed by verify; with --skip 7 alone), and a hire that meets every other condition but whose institution is on
no list given is warned about, in `annual` and `trained-hires`.

A3: a verified 2022 run beside OUT_DIR made before 金乡县's return came in names none of its enterprises, so the 2023
run deducts their "received in 2022" as computed from DATA's 2022 rows (RULES §2's letter, kept): now a warning
naming the county, the enterprises and the amounts, with the way to the record of what was paid.

Inputs are the shipped samples, changed by the scripts below (CSV as a bureau's tool writes it).
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
RATES = ["--province-growth", "10%", "--province-rural-growth", "12%"]
QUFU = "91370881U7XNP1MD9F"  # 曲阜丰达: one hire reaches its 6th month in 2023 (0.2 万元 at 曲阜市's rate)
JINAN = "91370100MA3C8K2X12"  # a valid code of a 济南 training institution (not in the samples' candidates)
UNLISTED = "on no list of whitelisted training institutions given"


@pytest.fixture(scope="module")
def jncli(jncli):
    return jncli.using(text=True, timeout=300)


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> None:
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(rows)


def samples_copy(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for f in SAMPLES.glob("*.csv"):
        shutil.copy(f, dest / f.name)
    return dest


@pytest.fixture(scope="module")
def jinan_data(tmp_path_factory) -> Path:
    """The samples, 曲阜丰达's hires trained by the 济南 institution (hostile3 a14)."""
    data = samples_copy(tmp_path_factory.mktemp("a5") / "data")
    rows = read_csv(data / "hires.csv")
    at = rows[0].index("培训机构")
    for r in rows[1:]:
        if r[0] == QUFU:
            r[at] = JINAN
    write_csv(data / "hires.csv", rows)
    return data


@pytest.fixture(scope="module")
def province_list(tmp_path_factory) -> Path:
    """The province's list as a plain list of codes, GB18030 as Excel on Chinese Windows saves it, kept outside
    the data folder."""
    path = tmp_path_factory.mktemp("province") / "省级白名单培训机构.csv"
    write_csv(path, [["统一社会信用代码", "机构名称"], [JINAN, "济南某电商培训学校"]], encoding="gb18030")
    return path


def annual(jncli, data: Path, out: Path, *extra: str, lang: str = "en"):
    return jncli("annual", str(data), "--year", "2023", *RATES, "-o", str(out), "--lang", lang, *extra)


def ledger_row(out: Path, code: str, rule: str) -> dict:
    rows = read_csv(out / "ledger.csv")
    head = rows[0]
    return next(dict(zip(head, r, strict=True)) for r in rows[1:] if r[0] == code and r[head.index("rule")] == rule)


def xlsx_notes(out: Path) -> str:
    wb = openpyxl.load_workbook(out / "report.xlsx", read_only=True)
    ws = wb["提示与警告" if "提示与警告" in wb.sheetnames else "warnings and notes"]
    return "\n".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None)


# ------------------------------------------------------------------------------------------------ A5
def test_a_hire_of_an_institution_on_no_list_is_warned_about_in_annual(jncli, jinan_data, tmp_path):
    out = tmp_path / "2023"
    proc = annual(jncli, jinan_data, out)
    assert proc.returncode == 0, proc.stderr
    assert ledger_row(out, QUFU, "m8.hires")["status"] == "ineligible"  # RULES §8: still not qualifying
    lines = [x for x in proc.stderr.splitlines() if UNLISTED in x]
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("jncli annual: warning: trained-hires: 1 hire(s) of 1 employer(s) meet every")
    assert JINAN in lines[0] and "give that list with --trainers" in lines[0]
    html = (out / "report.html").read_text("utf-8")
    assert JINAN in html and UNLISTED in html  # the report's 提示与警告, in the run's language
    assert UNLISTED in xlsx_notes(out) and JINAN in xlsx_notes(out)


def test_the_warning_reads_in_chinese(jncli, jinan_data, tmp_path):
    out = tmp_path / "2023"
    proc = annual(jncli, jinan_data, out, lang="zh")
    assert proc.returncode == 0, proc.stderr
    zh = (
        "1家用人单位的1名人员除培训机构外均符合2023年度第八条的条件，但其1家培训机构的统一社会"
        f"信用代码不在所提供的任何白名单培训机构名单中（{JINAN}），不予认定；如该机构在省电商生态链企业“白名单”中，"
        "请用 --trainers 提供该名单"
    )
    assert f"警告：trained-hires：{zh}" in proc.stderr
    assert zh in (out / "report.html").read_text("utf-8") and zh in xlsx_notes(out)


def test_trainers_counts_the_province_list_beside_the_whitelist(jncli, jinan_data, province_list, tmp_path):
    out = tmp_path / "2023"
    proc = annual(jncli, jinan_data, out, "--trainers", str(province_list))
    assert proc.returncode == 0, proc.stderr
    row = ledger_row(out, QUFU, "m8.hires")
    assert (row["status"], row["award"]) == ("awarded", "0.2")
    assert UNLISTED not in proc.stderr
    # the run's own whitelist still counts: the clean samples' other m8 awards are all there
    assert "4 whitelisted training institution(s) read from this run's whitelist" in proc.stderr
    assert f"1 whitelisted training institution(s) read from --trainers {province_list.name}" in proc.stderr
    doc = json.loads((out / "manifest.json").read_text("utf-8"))
    assert doc["options"]["trainers"] == str(province_list)
    (given,) = [i for i in doc["inputs"] if i["kind"] == "trainers"]
    assert given["feeds"] == ["trained-hires"] and given["file"] == str(province_list)
    # verify: the file lies outside both folders, so it is given; the run is replayed byte for byte
    bare = jncli("verify", str(out), "--lang", "en")
    assert bare.returncode == 1 and "verify OUT_DIR --trainers FILE" in bare.stderr
    again = jncli("verify", str(out), "--trainers", str(province_list), "--lang", "en")
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stderr.strip().endswith("every output is byte-identical")


def test_verify_says_a_changed_trainers_file_changed(jncli, jinan_data, province_list, tmp_path):
    data = samples_copy(tmp_path / "data")
    shutil.copy(jinan_data / "hires.csv", data / "hires.csv")
    mine = data / "province.csv"
    shutil.copy(province_list, mine)  # in the data folder: verify reads it where the run did
    out = tmp_path / "2023"
    proc = annual(jncli, data, out, "--trainers", str(mine))
    assert proc.returncode == 0, proc.stderr
    assert "province.csv: ignored (given with --trainers)" in proc.stderr
    assert jncli("verify", str(out)).returncode == 0
    with open(mine, "a", encoding="gb18030", newline="") as f:
        f.write("91370800MA00000115,另一家机构\r\n")
    changed = jncli("verify", str(out), "--lang", "en")
    assert changed.returncode == 1
    assert [x for x in changed.stdout.splitlines() if x.startswith("input,") and ",changed," in x] == [
        x for x in changed.stdout.splitlines() if x.startswith("input,") and "province.csv" in x
    ], changed.stdout
    assert "province.csv,changed," in changed.stdout
    given = jncli("verify", str(out), "--trainers", str(province_list), "--lang", "en")
    assert given.returncode == 0, given.stderr  # the original bytes, given on the command line


def test_skip_7_with_trainers_runs_measure_8_on_the_file_alone(jncli, jinan_data, province_list, tmp_path):
    out = tmp_path / "2023"
    proc = annual(jncli, jinan_data, out, "--skip", "7", "--trainers", str(province_list))
    assert proc.returncode == 0, proc.stderr
    assert "measure 7 (the whitelist) not run: --skip 7" in proc.stderr
    assert "measure 8 (trained hires) not run" not in proc.stderr
    assert "trained-hires (measure 8) ← hires.csv" in proc.stderr
    assert ledger_row(out, QUFU, "m8.hires")["award"] == "0.2"
    # the city's institutions are on no list now: their hires are named, with the way out
    assert UNLISTED in proc.stderr
    skipped = json.loads((out / "manifest.json").read_text("utf-8"))["skipped"]
    assert "7" in json.dumps(skipped) and "8" not in json.dumps(skipped), skipped
    # without --trainers, --skip 7 skips measure 8 too (unchanged)
    plain = annual(jncli, jinan_data, tmp_path / "plain", "--skip", "7")
    assert "measure 8 (trained hires) not run: --skip 7" in plain.stderr


def test_trainers_with_skip_8_is_a_usage_error(jncli, jinan_data, province_list, tmp_path):
    proc = annual(jncli, jinan_data, tmp_path / "2023", "--skip", "8", "--trainers", str(province_list))
    assert proc.returncode == 2
    assert "--trainers is read by measure 8 only, and --skip 8 skips it" in proc.stderr
    assert not (tmp_path / "2023").exists()


def test_trained_hires_warns_of_a_code_no_list_names(jncli, jinan_data, tmp_path):
    whitelist = tmp_path / "whitelist.csv"
    made = jncli(
        "whitelist",
        str(SAMPLES / "candidates.csv"),
        "--records",
        str(SAMPLES / "records.csv"),
        "--as-of",
        "2023-12-31",
        "-o",
        str(whitelist),
    )
    assert made.returncode == 0, made.stderr
    args = [
        "trained-hires",
        str(jinan_data / "hires.csv"),
        "--insurance",
        str(jinan_data / "insurance.csv"),
        "--trainers",
        str(whitelist),
        "--year",
        "2023",
        "--lang",
        "en",
    ]
    proc = jncli(*args)
    assert proc.returncode == 0, proc.stderr
    lines = [x for x in proc.stderr.splitlines() if UNLISTED in x]
    assert len(lines) == 1 and JINAN in lines[0] and "add their codes to the --trainers list" in lines[0]
    # the clean samples: every institution their hires name is a candidate (included or excluded): no warning
    clean = jncli(
        "trained-hires",
        str(SAMPLES / "hires.csv"),
        "--insurance",
        str(SAMPLES / "insurance.csv"),
        "--trainers",
        str(whitelist),
        "--year",
        "2023",
        "--lang",
        "en",
    )
    assert clean.returncode == 0 and UNLISTED not in clean.stderr


def test_the_samples_say_nothing_new(jncli, tmp_path):
    proc = annual(jncli, SAMPLES, tmp_path / "2023")
    assert proc.returncode == 0, proc.stderr
    assert UNLISTED not in proc.stderr and "names no enterprise of" not in proc.stderr


# ------------------------------------------------------------------------------------------------ A3
@pytest.fixture(scope="module")
def late_county(jncli, tmp_path_factory) -> Path:
    """OUT/2022 run without 金乡县 (its return came late; 新增财力 0 where empty, as no converted branch is left),
    and the 2023 DATA with every enterprise's 2022 and 2023 rows (hostile3 a09)."""
    root = tmp_path_factory.mktemp("a3")
    d22 = samples_copy(root / "data2022")
    rows = read_csv(d22 / "enterprises.csv")
    head = rows[0]
    county, year, fiscal = head.index("县市区"), head.index("年份"), head.index("新增财力(万元)")
    kept = [r for r in rows[1:] if r[year] == "2022" and r[county] != "金乡县"]
    for r in kept:
        r[fiscal] = r[fiscal] or "0"
    write_csv(d22 / "enterprises.csv", [head, *kept])
    proc = jncli("annual", str(d22), "--year", "2022", *RATES, "-o", str(root / "out" / "2022"), "--first-year")
    assert proc.returncode == 0, proc.stderr
    return root


def test_a_county_the_earlier_run_does_not_name_is_a_warning(jncli, late_county):
    out = late_county / "out" / "2023"
    proc = annual(jncli, SAMPLES, out)
    assert proc.returncode == 0, proc.stderr
    row = ledger_row(out, "91370828T62X6XP3UL", "m2.title")
    assert (row["status"], row["award"]) == ("awarded", "45")  # RULES §2's letter: no money moves
    lines = [x for x in proc.stderr.splitlines() if "names no enterprise of 金乡县" in x]
    assert len(lines) == 1, proc.stderr
    line = lines[0]
    assert line.startswith(
        "jncli annual: warning: received in 2022: the verified earlier run ../2022/ledger.csv names no enterprise of "
        "金乡县, whose 2022 rows are in enterprises.csv"
    )
    assert "金乡鑫禾食品有限公司 91370828T62X6XP3UL (m2.title: 5 万元 deducted as received in 2022)" in line
    assert "91370828E8DPD65LRA (m3.fiscal 28.95 万元 withheld as paid once in 2022)" in line
    assert (
        "if they were paid later, re-run 2022 with 金乡县's rows into OUT_DIR/../2022 (--force) and verify it" in line
    )
    assert "(its return came late), give --prior the ledger of what was paid in 2022 (a row of each" in line
    html = (out / "report.html").read_text("utf-8")
    assert "names no enterprise of 金乡县" in html and "m2.title: 5 万元 deducted as received in 2022" in html
    assert "m2.title: 5 万元 deducted as received in 2022" in xlsx_notes(out)


def test_the_county_warning_reads_in_chinese(jncli, late_county):
    out = late_county / "zh" / "2023"
    shutil.copytree(late_county / "out" / "2022", late_county / "zh" / "2022")
    proc = annual(jncli, SAMPLES, out, lang="zh")
    assert proc.returncode == 0, proc.stderr
    assert (
        "警告：2022年度已领取：已核验的上年度运行 ../2022/ledger.csv 中没有金乡县的企业，而 enterprises.csv 中有其"
        "2022年度的行：按 RULES 第2条，这些行测算的金额视为2022年度已领取（2行奖励："
    ) in proc.stderr
    assert (
        "如金乡县的企业2022年度并未获得发放（如其报表迟报），请用 --prior 提供2022年度实际发放台账（每家此类企业一行，"
        "未发放的金额填0）；如其后已补发，请将金乡县的行补入后重新运行2022年度至 OUT_DIR/../2022（--force）并核验"
    ) in proc.stderr
    assert "已核验的上年度运行 ../2022/ledger.csv 中没有金乡县的企业" in (out / "report.html").read_text("utf-8")
    assert "m2.title：按2022年度已领取5万元扣减" in xlsx_notes(out)


def test_a_whole_earlier_run_gives_no_county_warning(jncli, tmp_path):
    data22 = samples_copy(tmp_path / "data2022")
    rows = read_csv(data22 / "enterprises.csv")
    write_csv(data22 / "enterprises.csv", [rows[0], *[r for r in rows[1:] if r[rows[0].index("年份")] == "2022"]])
    first = jncli("annual", str(data22), "--year", "2022", *RATES, "-o", str(tmp_path / "out" / "2022"), "--first-year")
    assert first.returncode == 0, first.stderr
    proc = annual(jncli, SAMPLES, tmp_path / "out" / "2023")
    assert proc.returncode == 0, proc.stderr
    assert "received in 2022: from the verified earlier run" in proc.stderr
    assert "names no enterprise of" not in proc.stderr
