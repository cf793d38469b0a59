"""m3.fiscal: an `awarded` row of 0 万元 is no payment (review 14, finding 2; RULES.md §2 m3).

第三条 ……由企业所在县（市、区）财政按一定比例给予一次性奖励。 "A later year's m3 row of an entity already paid
… is superseded": paid means an award above 0. New fiscal revenue × the county's ratio that rounds down to
0.00 万元, or a county ratio of 0, gives an `awarded` row of 0 万元 (the status RULES gives it); it pays nothing,
so the entity's real payment in a later year is `awarded`, and check-validity does not call it
`repeated_one_off`. A `superseded` row names where the earlier payment comes from: this run's year, the input's
rows of an earlier year, the --prior ledger, or the verified earlier run beside OUT_DIR.

Every input is written here by a script as a bureau sends it (GB18030 CSV); the money is worked out by hand.
"""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from jncli.credit_code import make

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
HEADER = [
    "统一社会信用代码",
    "企业名称",
    "县市区",
    "年份",
    "是否纳统",
    "是否商贸流通企业",
    "实物商品网络零售额(万元)",
    "上年实物商品网络零售额(万元)",
    "国家级称号",
    "新增财力(万元)",
    "是否省外电商企业分支机构转设",
]
G = make("91370828000013010")  # converted branch in 兖州区: 0.01 万元 new fiscal revenue in 2022, 100 in 2023
H = make("91370826000013020")  # converted branch: 微山县 (ratio 0) in 2022, 任城区 in 2023
K = make("91370811000013030")  # converted branch in 任城区: paid 8 万元 for 2022 (40 × 0.2), 2023 superseded


def fiscal_row(code: str, name: str, county: str, year: int, nfr: str) -> list[str]:
    return [code, name, county, str(year), "是", "否", "", "", "", nfr, "是"]


def write_gb18030(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([header, *rows])
    path.write_bytes(buf.getvalue().encode("gb18030"))
    return path


@pytest.fixture
def files(tmp_path: Path) -> Path:
    write_gb18030(
        tmp_path / "企业.csv",
        HEADER,
        [
            fiscal_row(G, "济宁转设电商有限公司", "兖州区", 2022, "0.01"),
            fiscal_row(G, "济宁转设电商有限公司", "兖州区", 2023, "100"),
            fiscal_row(H, "微山转设电商有限公司", "微山县", 2022, "100"),
            fiscal_row(H, "微山转设电商有限公司", "任城区", 2023, "100"),
            fiscal_row(K, "任城转设电商有限公司", "任城区", 2022, "40"),
            fiscal_row(K, "任城转设电商有限公司", "任城区", 2023, "60"),
        ],
    )
    write_gb18030(tmp_path / "比例.csv", ["县市区", "比例"], [["兖州区", "0.5"], ["微山县", "0"], ["任城区", "0.2"]])
    return tmp_path


def m3_rows(text: str) -> dict[tuple[str, int], dict]:
    """(beneficiary, year) → the m3.fiscal row of a ledger written as CSV."""
    rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return {(r["beneficiary"], int(r["year"])): r for r in rows if r["rule"] == "m3.fiscal"}


def award(jncli, cwd: Path, *args: str):
    proc = jncli("award-enterprises", "企业.csv", "--fiscal-ratios", "比例.csv", *args, cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    return proc


def test_a_0_award_does_not_use_up_the_one_off_reward(jncli, files):
    jncli = jncli.using(text=True)
    proc = award(jncli, files, "--all-years", "--lang", "en", "-o", "all.csv")
    m3 = m3_rows((files / "all.csv").read_text("utf-8"))
    st = {k: (r["status"], Decimal(r["award"])) for k, r in m3.items()}
    # G 2022: 0.01 × 0.5 = 0.005, rounded down to 0.01 万元 → 0.00: awarded, nothing paid
    assert st[G, 2022] == ("awarded", 0)
    assert m3[G, 2022]["basis"].endswith(
        "rounded down to 0.01 万元: 0 万元 under article 3; the amount rounds down to 0 万元, so nothing is paid "
        "and the one-off reward of article 3 is not used up"
    )
    # G 2023: 100 × 0.5 = 50 — the first payment, awarded (was superseded by the 0 of 2022)
    assert st[G, 2023] == ("awarded", 50)
    # H 2022: 100 × 0 (微山县's ratio) = 0: awarded, nothing paid; 2023 in 任城区: 100 × 0.2 = 20, awarded
    assert st[H, 2022] == ("awarded", 0)
    assert (
        "the ratio of 微山县 is 0, so nothing is paid and the one-off reward of article 3 is not used up"
        in (m3[H, 2022]["basis"])
    )
    assert st[H, 2023] == ("awarded", 20)
    # K: 40 × 0.2 = 8 paid for 2022; 2023 (60 × 0.2 = 12) superseded, naming this run's 2022 row
    assert st[K, 2022] == ("awarded", 8) and st[K, 2023] == ("superseded", 0)
    assert "(8 万元, this run's 2022 row)" in m3[K, 2023]["basis"]
    assert sum(a for _, a in st.values()) == 50 + 20 + 8
    # the ledger is clean for check-validity: the 0 rows are no payment, so no repeated_one_off
    check = jncli("check-validity", "all.csv", "--lang", "en", cwd=files)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "repeated_one_off" not in proc.stderr + check.stdout

    # the default year (2023) evaluates 2022 only to know what was paid: the same 50 and 20
    m3 = m3_rows(award(jncli, files).stdout)
    assert [(m3[c, 2023]["status"], Decimal(m3[c, 2023]["award"])) for c in (G, H, K)] == [
        ("awarded", 50),
        ("awarded", 20),
        ("superseded", 0),
    ]
    assert "但按 企业.csv 中2022年度的行测算，该企业2022年度应得" in m3[K, 2023]["basis"]  # the input's 2022 rows
    assert "（未核对实际发放）" in m3[K, 2023]["basis"]  # a computation, not said as paid
    # --fiscal-each-year: a 0 row says nothing of the one-off reward
    m3 = m3_rows(award(jncli, files, "--all-years", "--fiscal-each-year", "--lang", "en").stdout)
    assert m3[H, 2022]["basis"].endswith("the ratio of 微山县 is 0, so nothing is paid")


def test_a_prior_ledger_with_a_0_award_is_no_payment(jncli, files):
    """The 2022 ledger (made by the old jncli or by hand) with G's m3 `awarded` 0 and K's 8: 2023 pays G 50."""
    jncli = jncli.using(text=True)
    award(jncli, files, "--year", "2022", "-o", "ledger2022.csv")
    assert {k: r["award"] for k, r in m3_rows((files / "ledger2022.csv").read_text("utf-8")).items()} == {
        (G, 2022): "0",
        (H, 2022): "0",
        (K, 2022): "8",
    }
    only2023 = files / "2023"
    only2023.mkdir()
    shutil.copy(files / "比例.csv", only2023)
    with open(files / "企业.csv", encoding="gb18030", newline="") as fh:
        rows = [r for r in csv.reader(fh)][1:]
    write_gb18030(only2023 / "企业.csv", HEADER, [r for r in rows if r[3] == "2023"])
    shutil.copy(files / "ledger2022.csv", only2023)
    proc = award(jncli, only2023, "--prior", "ledger2022.csv", "--lang", "en", "-o", "ledger2023.csv")
    m3 = m3_rows((only2023 / "ledger2023.csv").read_text("utf-8"))
    assert [(m3[c, 2023]["status"], Decimal(m3[c, 2023]["award"])) for c in (G, H, K)] == [
        ("awarded", 50),  # 100 × 0.5
        ("awarded", 20),  # 100 × 0.2
        ("superseded", 0),  # 8 paid for 2022
    ]
    assert "(8 万元, per the --prior ledger ledger2022.csv)" in m3[K, 2023]["basis"], proc.stderr
    # the two years' ledgers together: clean
    check = jncli("check-validity", "ledger2022.csv", "ledger2023.csv", cwd=only2023)
    assert check.returncode == 0, check.stdout + check.stderr


LEDGER = ["beneficiary", "beneficiary_name", "measure", "rule", "year", "award", "status", "basis"]


def test_check_validity_counts_only_a_payment_above_0(jncli, tmp_path):
    # m3.fiscal awarded 0 in 2022 (rounded down) and 34 in 2023 (100 × 0.34): one payment, clean
    rows = [[G, "济宁转设电商有限公司", "3", "m3.fiscal", "2022", "0", "awarded", ""]]
    rows.append([G, "济宁转设电商有限公司", "3", "m3.fiscal", "2023", "34", "awarded", ""])
    write_gb18030(tmp_path / "led.csv", LEDGER, rows)
    proc = jncli("check-validity", "led.csv", cwd=tmp_path, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # paid 0.01 in 2022: 34 in 2023 is a second payment
    rows[0][5] = "0.01"
    write_gb18030(tmp_path / "led.csv", LEDGER, rows)
    proc = jncli("check-validity", "led.csv", "--lang", "en", cwd=tmp_path, text=True)
    assert proc.returncode == 3
    assert "led.csv,3,repeated_one_off," in proc.stdout
    assert "m3.fiscal was already awarded for 2022 at led.csv row 2" in proc.stdout


# ------------------------------------------------------------------ annual: 2022, then 2023 beside it
@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    """The samples with G added (兖州区's ratio is 0.34 there): 0.01 万元 in 2022, 100 in 2023."""
    dest = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(SAMPLES, dest, ignore=shutil.ignore_patterns("*.sh", "README.md"))
    with open(dest / "enterprises.csv", "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(
            [fiscal_row(G, "济宁转设电商有限公司", "兖州区", y, nfr) for y, nfr in ((2022, "0.01"), (2023, "100"))]
        )
    return dest


JINXIANG = "91370828E8DPD65LRA"  # the samples' converted branch paid 34.39 万元 for 2022 (45.25 × 0.76)


@pytest.fixture(scope="module")
def run2022(annual, data, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "2022"
    proc = annual(data, out, "--lang", "en", year="2022")
    assert proc.returncode == 0, proc.stderr
    return out


def test_annual_2023_beside_the_2022_run_pays_the_m3_reward(annual, jncli, data, run2022, tmp_path):
    runs = run2022.parent
    proc = annual(data, runs / "2023", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    m3 = {**m3_rows((runs / "2022" / "ledger.csv").read_text("utf-8"))}
    m3.update(m3_rows((runs / "2023" / "ledger.csv").read_text("utf-8")))
    # 2022: 0.01 × 0.34 = 0.0034 → 0.00; 2023: 100 × 0.34 = 34, awarded (not superseded by the 0)
    assert (m3[G, 2022]["status"], m3[G, 2022]["award"]) == ("awarded", "0")
    assert (m3[G, 2023]["status"], m3[G, 2023]["award"]) == ("awarded", "34")
    # the samples' 2022 payment of 34.39 came from the run beside OUT_DIR, not from a --prior ledger
    assert m3[JINXIANG, 2023]["status"] == "superseded"
    assert "(34.39 万元, per the verified earlier run in ../2022)" in m3[JINXIANG, 2023]["basis"]
    # measure 3 for 2023: the samples' 118.68 (test_yearly_run) + 34
    paid = sum(Decimal(r["award"]) for (_, y), r in m3.items() if y == 2023 and r["status"] == "awarded")
    assert paid == Decimal("118.68") + 34
    check = jncli("check-validity", str(runs / "2022" / "ledger.csv"), str(runs / "2023" / "ledger.csv"))
    assert check.returncode == 0, check.stdout

    # the same 2022 ledger given with --prior (OUT_DIR elsewhere): named as the --prior ledger; zh
    proc = annual(data, tmp_path / "elsewhere" / "2023", "--prior", str(runs / "2022" / "ledger.csv"))
    assert proc.returncode == 0, proc.stderr
    m3 = m3_rows((tmp_path / "elsewhere" / "2023" / "ledger.csv").read_text("utf-8"))
    assert m3[G, 2023]["award"] == "34"
    assert "一次性奖励34.39万元（据 --prior 台账 ledger.csv）" in m3[JINXIANG, 2023]["basis"]

    # no --prior, no run beside OUT_DIR: DATA's 2022 rows, this run's own evaluation of them
    proc = annual(data, tmp_path / "alone" / "2023", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    m3 = m3_rows((tmp_path / "alone" / "2023" / "ledger.csv").read_text("utf-8"))
    assert m3[G, 2023]["award"] == "34"
    said = m3[JINXIANG, 2023]["basis"]
    assert "by this run's evaluation of the 2022 rows of enterprises.csv the entity was due" in said
    assert "(34.39 万元, not checked against what was paid)" in said and "already received" not in said


def test_a_0_award_under_an_earlier_code_is_nothing_to_pay_again(annual, data, run2022, tmp_path):
    """G's code corrected for 2023 (G2, same name): the 2022 ledger's only row of G that is `awarded` is its m3
    of 0 万元, so nothing it received would be paid again: no stop ("… paid it for 2022 under G"); 34 paid."""
    g2 = make("91370828000013049")
    only2023 = tmp_path / "data"
    shutil.copytree(data, only2023)
    with open(data / "enterprises.csv", encoding="utf-8-sig", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    rows = [r for r in rows if r[3] == "2023"]
    rows = [[g2, *r[1:]] if r[0] == G else r for r in rows]
    with open(only2023 / "enterprises.csv", "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *rows])
    out = tmp_path / "2023"
    proc = annual(only2023, out, "--prior", str(run2022 / "ledger.csv"))
    assert proc.returncode == 0, proc.stderr
    m3 = m3_rows((out / "ledger.csv").read_text("utf-8"))
    assert (m3[g2, 2023]["status"], m3[g2, 2023]["award"]) == ("awarded", "34")  # 100 × 0.34
    # paid 0.01 for 2022 (a hand-edited copy of the ledger): the code change stops the run, as before
    ledger = (run2022 / "ledger.csv").read_text("utf-8")
    line = next(x for x in ledger.splitlines() if x.startswith(f"{G},") and ",m3.fiscal,2022,0,awarded," in x)
    (tmp_path / "paid.csv").write_text(ledger.replace(line, line.replace(",2022,0,awarded,", ",2022,0.01,awarded,")))
    proc = annual(only2023, tmp_path / "stop", "--prior", str(tmp_path / "paid.csv"))
    assert proc.returncode == 1
    assert f"has credit code {g2} for 2023, but paid.csv row" in proc.stderr
    assert f"paid it for 2022 under {G}" in proc.stderr
