"""check-validity (RULES.md "Validity" and §0): the policy period and 就高/不重复享受 over a ledger.

Through the real `jncli` process (exit statuses are the contract cron relies on), plus property tests
of the pure rule against a plain-Python oracle written from RULES.md.

The hand-made ledger below has the shape of score-counties (m1.csv) and award-enterprises (m2.csv)
output. Its amounts, worked out from the policy text:
- 任城区 is first in online retail (50) and second in rural (40, superseded: 上述奖励政策不重复奖励,
  the higher 50 is kept); 兖州区 first in rural (50); 曲阜市 third in the enterprise ranking (30).
- A: 2022 online retail 1000+ → m2.tier2022 5; 2023 reaches 10000 → tier 20, minus the 5 received
  = top-up 15 (cumulative 20 ≤ the highest cap so far, m2.tier2023's 30).
- B: 2023 national title → m2.title 50; its tier 10 is superseded (就高); m3.fiscal 12.34 is kept
  alongside (a county-paid reward of another kind, no cap).
- C: 2023 national base → m6.base 50; its m2.tier2023 10 is superseded (m2 and m6 are one group).
- 任城区 is commended under m2.commend (no money).
"""

from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jncli.credit_code import is_valid, make
from jncli.errors import DataError
from jncli.policy import load_policy
from jncli.rules import validity

ROOT = Path(__file__).resolve().parents[1]
POLICY = load_policy()

A = make("91370811MA3C0000A")
B = make("91370811MA3C0000B")
C = make("91370800MA3C0000C")

M1_HEADER = "county,category,year,rank,beneficiary,beneficiary_name,measure,rule,award,status,basis"
M1_ROWS = [  # file row numbers: header = 1, so these are rows 2..7
    "任城区,online,2023,1,任城区,任城区,1,m1.online,50,awarded,第1名",
    "任城区,rural,2023,2,任城区,任城区,1,m1.rural,0,superseded,第2名，就高保留50万元",
    "兖州区,rural,2023,1,兖州区,兖州区,1,m1.rural,50,awarded,第1名",
    "曲阜市,enterprise,2023,3,曲阜市,曲阜市,1,m1.enterprise,30,awarded,第3名",
    "邹城市,online,2023,4,邹城市,邹城市,1,m1.online,0,not_ranked,第4名",
    "微山县,online,2023,2,微山县,微山县,1,m1.online,0,ineligible,增幅低于全省平均",
]
M2_HEADER = "beneficiary,beneficiary_name,measure,rule,year,award,status,basis,county,online_retail"
M2_ROWS = [  # rows 2..10
    f"{A},甲公司,2,m2.tier2022,2022,5,awarded,1000万元档,任城区,1200",
    f"{A},甲公司,2,m2.tier2023,2023,15,awarded,1亿元档20万元，已获5万元，补差15万元,任城区,12000",
    f"{A},甲公司,2,m2.title,2023,0,ineligible,无国家级称号,任城区,12000",
    f"{B},乙公司,2,m2.title,2023,50,awarded,国家级电子商务示范企业,兖州区,6000",
    f"{B},乙公司,2,m2.tier2023,2023,0,superseded,就高：称号奖励50万元,兖州区,6000",
    f"{B},乙公司,3,m3.fiscal,2023,12.34,awarded,新增财力×比例,兖州区,6000",
    f"{C},丙园区,6,m6.base,2023,50,awarded,国家电子商务示范基地,曲阜市,5500",
    f"{C},丙园区,2,m2.tier2023,2023,0,superseded,就高：基地奖励50万元,曲阜市,5500",
    "任城区,任城区,2,m2.commend,2023,0,commended,新培育过亿元企业1家,任城区,",
]


def jncli_all(jncli, calls: list[tuple[list[str], Path]]) -> list[subprocess.CompletedProcess]:
    """Independent real runs side by side (each process spends most of its time importing polars)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda call: jncli(*call[0], cwd=call[1]), calls))


def write(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def edited(rows: list[str], index: int, column: int, value: str) -> list[str]:
    out = list(rows)
    cells = out[index].split(",")
    cells[column] = value
    out[index] = ",".join(cells)
    return out


def violations(proc: subprocess.CompletedProcess) -> pl.DataFrame:
    return pl.read_csv(proc.stdout, infer_schema=False) if proc.stdout.strip() else pl.DataFrame()


@pytest.fixture
def ledger(tmp_path) -> Path:
    write(tmp_path / "m1.csv", M1_HEADER, M1_ROWS)
    write(tmp_path / "m2.csv", M2_HEADER, M2_ROWS)
    return tmp_path


# ------------------------------------------------------------------ ledger mode
def test_clean_hand_made_ledger_exits_0_with_an_empty_report(jncli, ledger):
    proc = jncli("check-validity", "m1.csv", "m2.csv", cwd=ledger)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().splitlines() == ["file,row,kind,beneficiary,rule,year,award,message"]
    assert proc.stderr == b""  # cron mails any output: a clean run is silent


# (file, row index in its list, column, new value) → the single violation expected at that file row.
EDITS = {
    # B's superseded m2.tier2023 row marked awarded: two awards for B under m2 in 2023 (就高 broken).
    "duplicate_award": ("m2", 4, 6, "awarded"),
    # C's superseded m2.tier2023 marked awarded while m6.base is awarded: m2 and m6 are one group.
    "duplicate_award_m2_m6": ("m2", 7, 6, "awarded"),
    # A paid the full 2023 tier 30 instead of the top-up: 5 + 30 = 35 > 30 (highest cap so far).
    "beyond_topup": ("m2", 1, 5, "30"),
    # 任城区's m1.online award 60 > the m1 cap of 50.
    "above_cap": ("m1", 0, 8, "60"),
    # 曲阜市's awarded m1.enterprise row moved to 2024, not an annual year (2022, 2023).
    "out_of_period": ("m1", 3, 2, "2024"),
    # A rule id the policy does not know.
    "unknown_rule": ("m1", 2, 7, "m1.village"),
    # 12.345 万元 has 3 decimals: finer than 0.01 万元 (100 元).
    "bad_amount": ("m2", 5, 5, "12.345"),
    "bad_amount_negative": ("m2", 5, 5, "-1"),
    # Money on a row that is not awarded (review 18, F2): A's 2022 tier marked ineligible with its 5 万元 kept, as a
    # status column sorted by hand leaves it — read as not paid, a later run would pay it again.
    "bad_amount_status": ("m2", 0, 6, "ineligible"),
    "bad_amount_superseded": ("m2", 4, 5, "10"),
    # An awarded m2/m3 payment above 0 whose beneficiary is no valid credit code (review 18, F1): deducted from
    # nobody. An emptied cell, a wrong check character, the name.
    "bad_id_empty": ("m2", 0, 0, ""),
    "bad_id_check": ("m2", 5, 0, B[:-1] + ("0" if B[-1] != "0" else "1")),
    "bad_id_name": ("m2", 6, 0, "丙园区"),
    # A tier table's rule on a row of another year of the period (review 18, F2b).
    "wrong_year": ("m2", 4, 4, "2022"),
}


def test_each_hand_edited_violation_is_detected_and_exits_3(jncli, tmp_path):
    calls = []
    for case, (which, index, column, value) in sorted(EDITS.items()):
        d = tmp_path / case
        d.mkdir()
        write(d / "m1.csv", M1_HEADER, edited(M1_ROWS, index, column, value) if which == "m1" else M1_ROWS)
        write(d / "m2.csv", M2_HEADER, edited(M2_ROWS, index, column, value) if which == "m2" else M2_ROWS)
        calls.append((["check-validity", "m1.csv", "m2.csv", "--lang", "en"], d))
    for (case, (which, index, _, _)), proc in zip(sorted(EDITS.items()), jncli_all(jncli, calls)):
        assert proc.returncode == 3, (case, proc.stderr)
        kind = next(k for k in validity.KINDS if case.startswith(k))
        assert violations(proc).select("file", "row", "kind").rows() == [(f"{which}.csv", str(index + 2), kind)], case
        assert "1 violation(s)" in proc.stderr.decode(), case


def test_violation_rows_carry_the_ledger_values_and_a_message(jncli, ledger):
    write(ledger / "m2.csv", M2_HEADER, edited(M2_ROWS, 1, 5, "30"))
    row = violations(jncli("check-validity", "m1.csv", "m2.csv", "--lang", "en", cwd=ledger)).row(0, named=True)
    assert (row["beneficiary"], row["rule"], row["year"], row["award"]) == (A, "m2.tier2023", "2023", "30")
    assert "35" in row["message"] and "30" in row["message"]
    zh = violations(jncli("check-validity", "m1.csv", "m2.csv", cwd=ledger)).row(0, named=True)
    assert "累计获奖35万元" in zh["message"]


def test_duplicate_names_the_first_row_and_reports_the_later_one(jncli, ledger, tmp_path):
    # The same m2 file twice (two runs concatenated by mistake): every awarded row of the second copy
    # duplicates the first; the m2/m6 cumulative totals double too (5+15 twice = 40 > 30, …).
    proc = jncli("check-validity", "m2.csv", "m2.csv", "--lang", "en", cwd=ledger)
    assert proc.returncode == 3
    found = violations(proc)
    dups = found.filter(pl.col("kind") == "duplicate_award")
    # awarded rows: A 2022, A 2023, B title, B fiscal (measure 3), C base = 5 duplicated rows
    assert dups.height == 5
    assert all("m2.csv row" in m for m in dups["message"])


def test_mixed_csv_and_parquet_files_read_as_one_ledger(jncli, ledger):
    m2 = pl.read_csv(ledger / "m2.csv", infer_schema=False).with_columns(
        pl.col("award").cast(pl.Decimal(38, 6)), pl.col("measure", "year").cast(pl.Int64)
    )
    m2.write_parquet(ledger / "m2.parquet")
    (ledger / "m2.csv").unlink()
    assert jncli("check-validity", "m1.csv", "m2.parquet", cwd=ledger).returncode == 0
    # A second 2023 award for B in a CSV file: a duplicate across the two formats.
    write(ledger / "extra.csv", M2_HEADER, [M2_ROWS[4].replace("superseded", "awarded")])
    proc = jncli("check-validity", "m1.csv", "m2.parquet", "extra.csv", "--lang", "en", cwd=ledger)
    assert proc.returncode == 3
    row = violations(proc).row(0, named=True)
    # Parquet records count from 1: B's title is record 4 of m2.parquet.
    assert (row["file"], row["row"], row["kind"]) == ("extra.csv", "2", "duplicate_award")
    assert "m2.parquet row 4" in row["message"]


def test_money_column_in_yuan_is_converted_before_the_checks(jncli, ledger):
    def yuan(rows):
        return [
            ",".join(c if i != 8 else str(int(Decimal(c) * 10000)) for i, c in enumerate(r.split(","))) for r in rows
        ]

    header = M1_HEADER.replace(",award,", ",award(元),")
    write(ledger / "m1.csv", header, yuan(M1_ROWS))  # 500000 元 = 50 万元: within the m1 cap
    assert jncli("check-validity", "m1.csv", "m2.csv", cwd=ledger).returncode == 0
    write(ledger / "m1.csv", header, yuan(edited(M1_ROWS, 0, 8, "50.01")))  # 500100 元 = 50.01 万元 > 50
    proc = jncli("check-validity", "m1.csv", "m2.csv", "--lang", "en", cwd=ledger)
    assert proc.returncode == 3
    row = violations(proc).row(0, named=True)
    assert (row["kind"], row["row"], row["award"]) == ("above_cap", "2", "50.01")


def test_only_violations_in_ledger_mode_changes_nothing(jncli, ledger):
    write(ledger / "m1.csv", M1_HEADER, edited(M1_ROWS, 0, 8, "60"))
    a = jncli("check-validity", "m1.csv", "m2.csv", cwd=ledger)
    b = jncli("check-validity", "m1.csv", "m2.csv", "--only", "violations", cwd=ledger)
    assert a.returncode == b.returncode == 3 and a.stdout == b.stdout


def test_ledger_from_stdin_and_json_output(jncli, ledger):
    import json

    proc = jncli(
        "check-validity",
        "-f",
        "json",
        "--lang",
        "en",
        stdin=("\n".join([M1_HEADER, *edited(M1_ROWS, 2, 7, "m1.village")]) + "\n").encode(),
    )
    assert proc.returncode == 3
    [row] = json.loads(proc.stdout)
    assert row["file"] == "<stdin>" and row["row"] == 4 and row["kind"] == "unknown_rule" and row["year"] == 2023


def test_award_enterprises_outputs_as_a_ledger(jncli, tmp_path):
    """Real outputs of award-enterprises: the 2022 run plus a 2023 run that knew it (--prior) are clean;
    a 2023 run on 2023 data alone pays full tiers again, which beyond_topup catches."""
    samples = ROOT / "samples" / "enterprises.csv"  # committed; test_samples keeps it current
    assert jncli("award-enterprises", str(samples), "--year", "2022", "-o", "a22.csv", cwd=tmp_path).returncode == 0
    assert (
        jncli(
            "award-enterprises", str(samples), "--year", "2023", "--prior", "a22.csv", "-o", "a23.parquet", cwd=tmp_path
        ).returncode
        == 0
    )
    proc = jncli("check-validity", "a22.csv", "a23.parquet", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    lines = samples.read_text("utf-8").splitlines()
    (tmp_path / "e23.csv").write_text("\n".join([lines[0], *[x for x in lines[1:] if ",2023," in x]]) + "\n", "utf-8")
    assert jncli("award-enterprises", "e23.csv", "-o", "x23.csv", cwd=tmp_path).returncode == 0
    proc = jncli("check-validity", "a22.csv", "x23.csv", cwd=tmp_path)
    found = violations(proc)
    assert found.height > 0, "the samples hold no entity awarded in both years (e.g. tier 2023 as a top-up over 2022)"
    assert proc.returncode == 3
    assert set(found["kind"]) == {"beyond_topup"} and set(found["file"]) == {"x23.csv"}


def test_score_counties_and_award_enterprises_outputs_together(jncli, tmp_path):
    counties, enterprises = ROOT / "samples" / "counties.csv", ROOT / "samples" / "enterprises.csv"
    p = jncli(
        "score-counties",
        str(counties),
        "--province-growth",
        "0.05",
        "--province-rural-growth",
        "0.05",
        "-o",
        "m1.csv",
        cwd=tmp_path,
    )
    assert p.returncode == 0, p.stderr.decode()
    assert jncli("award-enterprises", str(enterprises), "--all-years", "-o", "m2.parquet", cwd=tmp_path).returncode == 0
    proc = jncli("check-validity", "m1.csv", "m2.parquet", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()


# ------------------------------------------------------------------ period mode
def test_period_boundaries_are_inclusive(jncli, tmp_path):
    p = write(tmp_path / "events.csv", "event,日期", ["a,2022-11-09", "b,2022-11-10", "c,2023-12-31", "d,2024-01-01"])
    proc = jncli("check-validity", str(p), "--lang", "en")
    assert proc.returncode == 3  # rows out of force were found
    out = pl.read_csv(proc.stdout, infer_schema=False)
    assert out["in_force"].to_list() == ["false", "true", "true", "false"]
    assert out["日期"].to_list() == ["2022-11-09", "2022-11-10", "2023-12-31", "2024-01-01"]  # passed through as read
    assert "before the start" in out["reason"][0] and "after the end" in out["reason"][3]
    only = jncli("check-validity", str(p), "--only", "violations")
    assert only.returncode == 3
    assert pl.read_csv(only.stdout, infer_schema=False)["event"].to_list() == ["a", "d"]


def test_period_all_in_force_exits_0_and_other_date_forms(jncli, tmp_path):
    p = write(tmp_path / "ok.csv", "id,date", ["1,2022/11/10", "2,20231231", "3,2023年5月1日", "4,2023-05-01T08:30:00"])
    proc = jncli("check-validity", str(p))
    assert proc.returncode == 0, proc.stderr
    assert pl.read_csv(proc.stdout, infer_schema=False)["in_force"].to_list() == ["true"] * 4


def test_period_parquet_date_dtype_and_date_column_option(jncli, tmp_path):
    frame = pl.DataFrame(
        {
            "shop": ["x", "y"],
            "opened_on": [dt.date(2022, 11, 10), dt.date(2022, 11, 9)],
            "closed_on": [None, dt.date(2023, 1, 1)],
        }
    )
    frame.write_parquet(tmp_path / "shops.parquet")
    ambiguous = jncli("check-validity", str(tmp_path / "shops.parquet"))
    assert ambiguous.returncode == 1 and "--date-column" in ambiguous.stderr.decode()
    proc = jncli("check-validity", str(tmp_path / "shops.parquet"), "--date-column", "opened_on", "-f", "json")
    assert proc.returncode == 3
    import json

    assert [r["in_force"] for r in json.loads(proc.stdout)] == [True, False]


def test_year_only_columns(jncli, tmp_path):
    p = write(
        tmp_path / "years.csv",
        "county,年份,value",
        ["任城区,2021,1", "任城区,2022,2", "任城区,2023年,3", "任城区,2024,4"],
    )
    proc = jncli("check-validity", str(p), "--lang", "en")
    assert proc.returncode == 3
    out = pl.read_csv(proc.stdout, infer_schema=False)
    assert out["in_force"].to_list() == ["false", "true", "true", "false"]
    assert out["reason"][0].startswith("out of period: year 2021")
    # An unnamed column whose values are all years is read as years, not as dates.
    q = write(tmp_path / "periods.csv", "what,统计期", ["a,2022", "b,2023"])
    proc = jncli("check-validity", str(q), "--date-column", "统计期")
    assert proc.returncode == 0, proc.stderr
    # A ledger checked for its period only (--mode period) goes by its year column.
    r = write(tmp_path / "m1.csv", M1_HEADER, edited(M1_ROWS, 3, 2, "2024"))
    proc = jncli("check-validity", str(r), "--mode", "period", "--only", "violations")
    assert proc.returncode == 3
    assert pl.read_csv(proc.stdout, infer_schema=False)["county"].to_list() == ["曲阜市"]


def test_unparseable_date_is_a_data_error_naming_file_row_and_column(jncli, tmp_path):
    p = write(tmp_path / "bad.csv", "id,日期", ["1,2023-05-01", "2,2023-13-01"])
    proc = jncli("check-validity", str(p))
    assert proc.returncode == 1
    err = proc.stderr.decode().strip()
    assert err.count("\n") == 0 and "bad.csv row 3, column 日期" in err and "'2023-13-01'" in err
    assert proc.stdout == b""


def test_no_date_column_and_not_a_ledger_is_a_data_error(jncli, tmp_path):
    p = write(tmp_path / "plain.csv", "a,b", ["1,2"])
    proc = jncli("check-validity", str(p))
    assert proc.returncode == 1 and "--date-column" in proc.stderr.decode()
    assert jncli("check-validity", str(p), "--mode", "ledger").returncode == 1  # missing ledger columns
    assert jncli("check-validity", str(p), "--date-column", "nope").returncode == 2  # a wrong option value


# ------------------------------------------------------------------ --as-of
def test_as_of_answers_in_one_line(jncli):
    cases = [
        ("2022-11-09", 3),
        ("2022-11-10", 0),
        ("2023-12-31", 0),
        ("2024-01-01", 3),
        ("2023年5月1日", 0),
        ("20221109", 3),
    ]
    runs = jncli_all(jncli, [(["check-validity", "--as-of", day, "--lang", "en"], ROOT) for day, _ in cases])
    for (day, code), proc in zip(cases, runs):
        assert proc.returncode == code, (day, proc.stderr)
        lines = proc.stdout.decode().splitlines()
        assert len(lines) == 1 and ("is in force" in lines[0]) == (code == 0), day


def test_as_of_never_reads_stdin(jncli):
    # stdin is a pipe that stays open: a command that read it would hang until the timeout.
    proc = jncli.popen(
        "check-validity", "--as-of", "2023-01-01", stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert proc.wait(timeout=60) == 0
        assert "在政策施行期内" in proc.stdout.read().decode()
    finally:
        proc.stdin.close()
        if proc.poll() is None:
            proc.kill()


# ------------------------------------------------------------------ usage and input errors
USAGE_ERRORS = [
    ["--mode", "audit", "x.csv"],
    ["--only", "everything", "x.csv"],
    ["--as-of", "2023-13-45"],
    ["--as-of", "2023-01-01", "x.csv"],
    ["--as-of", "2023-01-01", "--only", "violations"],
    ["--date-column", "日期", "--mode", "ledger", "x.csv"],
    ["--lang", "fr", "x.csv"],
]


def test_usage_errors_exit_2(jncli, tmp_path):
    write(tmp_path / "x.csv", "id,日期", ["1,2023-01-01"])
    for args, proc in zip(USAGE_ERRORS, jncli_all(jncli, [(["check-validity", *a], tmp_path) for a in USAGE_ERRORS])):
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stderr.decode().startswith("jncli check-validity: "), args
        assert proc.stdout == b"", args


def test_unreadable_input_exits_1(jncli, tmp_path):
    assert jncli("check-validity", str(tmp_path / "missing.csv")).returncode == 1
    bad = tmp_path / "m1.csv"
    bad.write_text(M1_HEADER + "\n" + M1_ROWS[0].replace(",50,", ",fifty,") + "\n", encoding="utf-8")
    proc = jncli("check-validity", str(bad))
    assert proc.returncode == 1 and "row 2, column award" in proc.stderr.decode()


# ------------------------------------------------------------------ the pure rule, against an oracle
def _oracle(rows: list[dict]) -> set[tuple[int, str]]:
    """Every (row index, kind), computed the slow obvious way from RULES.md and the policy."""
    group = set(POLICY.enterprise_group)
    merged = {POLICY.rules[r].measure for r in group}
    out = set()
    first: dict[tuple, int] = {}
    for i, r in enumerate(rows):
        rule = POLICY.rules.get(r["rule"])
        awarded = r["status"] == "awarded"
        if awarded:
            key = (r["beneficiary"], "g" if r["measure"] in merged else r["measure"], r["year"])
            if key in first:
                out.add((i, "duplicate_award"))
            else:
                first[key] = i
        if rule and rule.cap is not None and r["award"] > rule.cap:
            out.add((i, "above_cap"))
        if (awarded or r["award"] != 0) and r["year"] not in POLICY.annual_years:
            out.add((i, "out_of_period"))
        if rule is None:
            out.add((i, "unknown_rule"))
        if r["award"] < 0 or r["award"] != r["award"].quantize(Decimal(1).scaleb(-POLICY.award_decimals)):
            out.add((i, "bad_amount"))
        if not awarded and r["award"] != 0:  # only awarded rows carry money
            out.add((i, "bad_amount"))
        # a payment a later year deducts by credit code, to no valid code
        if awarded and r["award"] > 0 and r["rule"] in group | {"m3.fiscal"} and not is_valid(r["beneficiary"]):
            out.add((i, "bad_id"))
        tier_year = {"m2.tier2022": POLICY.m2_tier2022.year, "m2.tier2023": POLICY.m2_tier2023.year}.get(r["rule"])
        if tier_year is not None and r["year"] in POLICY.annual_years and r["year"] != tier_year:
            out.add((i, "wrong_year"))
    for b in {r["beneficiary"] for r in rows}:
        mine = [
            (i, r)
            for i, r in enumerate(rows)
            if r["beneficiary"] == b and r["status"] == "awarded" and r["rule"] in group
        ]
        total, cap = Decimal(0), Decimal(0)
        for year in sorted({r["year"] for _, r in mine}):
            this = [(i, r) for i, r in mine if r["year"] == year]
            total += sum(r["award"] for _, r in this)
            cap = max(cap, *(POLICY.rules[r["rule"]].cap for _, r in this))
            if total > cap:
                out.add((max(i for i, _ in this), "beyond_topup"))
        # 一次性奖励: m3.fiscal paid (awarded, above 0 万元) in a later year than its first payment
        once = [(i, r["year"]) for i, r in enumerate(rows) if r["beneficiary"] == b and r["status"] == "awarded"]
        once = [(i, y) for i, y in once if rows[i]["rule"] == "m3.fiscal" and rows[i]["award"] > 0]
        out |= {(i, "repeated_one_off") for i, y in once if y > min(y for _, y in once)}
    return out


RULE_IDS = [
    "m1.online",
    "m1.rural",
    "m2.tier2022",
    "m2.tier2023",
    "m2.title",
    "m6.base",
    "m3.fiscal",
    "m2.commend",
    "m9.none",
]
row_strategy = st.fixed_dictionaries(
    {
        "beneficiary": st.sampled_from([A, B, "任城区"]),
        "rule": st.sampled_from(RULE_IDS),
        "year": st.sampled_from([2021, 2022, 2023, 2024]),
        "award": st.decimals(min_value=-2, max_value=60, places=3, allow_nan=False, allow_infinity=False),
        "status": st.sampled_from(["awarded", "awarded", "superseded", "ineligible"]),
    }
)


@settings(max_examples=150, deadline=None)
@given(st.lists(row_strategy, min_size=1, max_size=12))
def test_check_ledger_agrees_with_a_plain_oracle(rows):
    for r in rows:
        r["measure"] = POLICY.rules[r["rule"]].measure if r["rule"] in POLICY.rules else 9
    frame = pl.DataFrame(
        rows,
        schema={
            "beneficiary": pl.String,
            "rule": pl.String,
            "year": pl.Int64,
            "award": pl.Decimal(38, 6),
            "status": pl.String,
            "measure": pl.Int64,
        },
    )
    frame = frame.with_columns(_source=pl.lit("t.csv"), _row=pl.int_range(2, pl.len() + 2, dtype=pl.Int64))
    table = validity.check_ledger(frame, POLICY, lang="en").table
    got = {(row - 2, kind) for row, kind in table.select("row", "kind").rows()}
    assert got == _oracle(rows)


@settings(max_examples=50, deadline=None)
@given(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2025, 12, 31)))
def test_period_in_force_is_the_closed_interval(day):
    frame = pl.DataFrame(
        {"date": [day.isoformat(), day.strftime("%Y年%-m月%-d日")], "_source": ["t", "t"], "_row": [2, 3]}
    )
    out = validity.check_period(frame, POLICY, "date").table
    expected = POLICY.period_start <= day <= POLICY.period_end
    assert out["in_force"].to_list() == [expected, expected]
    assert validity.as_of(day, POLICY)[0] is expected


def test_find_date_column_prefers_exact_names_and_refuses_ambiguity():
    assert validity.find_date_column(["county", "年份", "opened_on"], "t") == "年份"
    assert validity.find_date_column(["county", "Date", "year"], "t") == "Date"
    assert validity.find_date_column(["shop", "开店日期"], "t") == "开店日期"
    assert validity.find_date_column(["a", "b"], "t") is None
    with pytest.raises(DataError):
        validity.find_date_column(["opened_on", "closed_on"], "t")
