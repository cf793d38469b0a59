"""`--prior` rows of years outside the policy period are never deducted (review 16, F1 and F11.4).

RULES.md "The yearly run": --prior is "a ledger of what was paid in an earlier year of the policy period". Before,
every prior row of a year before --year was deducted, whatever its year: the m2/m6 top-up and the one-off m3.fiscal
took a 2021-dated ledger (the shipped period is 2022–2023) and the previous policy's 2023 ledger given to a
2024–2025 revision as what was received, with exit 0. Now such rows are left out with a warning naming the file,
the rows and their years; a year written with two digits (22) is refused at its row.

Through the real binary; every ledger here is built from a run of the samples (never written by hand).
"""

from __future__ import annotations

import csv
import json
import re
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from test_yearly_run import only_2023

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHIPPED = ROOT / "jncli" / "policies" / "jining-2022.toml"
RATES = ["--province-growth", "10%", "--province-rural-growth", "12%"]  # made up for the samples
PAID_2023 = Decimal("517.28")  # 2023 on the samples (tests/test_yearly_run.py works it out)


@pytest.fixture(scope="module")
def jncli(jncli):
    return jncli.using(text=True, timeout=300)


def paid(ledger: Path) -> Decimal:
    rows = pl.read_csv(ledger, infer_schema=False).filter(pl.col("status") == "awarded")
    return sum((Decimal(a) for a in rows["award"]), Decimal(0))


def by_rule(ledger: Path) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for rule, award in pl.read_csv(ledger, infer_schema=False).select("rule", "award").iter_rows():
        out[rule] = out.get(rule, Decimal(0)) + Decimal(award or 0)
    return {k: v for k, v in out.items() if v}


def redated(source: Path, dest: Path, year: str, keep=lambda rule: True) -> int:
    """`source`'s rows (those whose rule `keep` takes) with their year set to `year`; returns how many."""
    rows = list(csv.reader(source.open(encoding="utf-8-sig")))
    head, at = rows[0], rows[0].index("year")
    body = [[*r[:at], year, *r[at + 1 :]] for r in rows[1:] if keep(r[head.index("rule")])]
    with dest.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([head, *body])
    return len(body)


@pytest.fixture(scope="module")
def run2023(jncli, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "2023"
    proc = jncli("annual", str(SAMPLES), "--year", "2023", *RATES, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert paid(out / "ledger.csv") == PAID_2023
    return out


@pytest.fixture(scope="module")
def prior2021(run2023, tmp_path_factory) -> tuple[Path, int]:
    """The 2023 run's m2/m3/m6 rows dated 2021, a year before the shipped period 2022–2023."""
    dest = tmp_path_factory.mktemp("prior") / "prior2021.csv"
    return dest, redated(run2023 / "ledger.csv", dest, "2021", lambda rule: rule[:3] in ("m2.", "m3.", "m6."))


def test_annual_does_not_deduct_a_ledger_dated_before_the_period(jncli, run2023, prior2021, tmp_path):
    # Before: exit 0 paying 238.60 万元 (m3.fiscal 118.68 → 0, m6.base 50 → 0, m2 165 → 55), the m3 basis saying
    # "已于2021年度获第三条一次性奖励…政策施行期内只奖励一次".
    prior, n = prior2021
    out = tmp_path / "out"
    proc = jncli("annual", str(SAMPLES), "--year", "2023", *RATES, "--prior", str(prior), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert by_rule(out / "ledger.csv") == by_rule(run2023 / "ledger.csv")
    assert paid(out / "ledger.csv") == PAID_2023
    said = (
        f"jncli annual: warning: --prior prior2021.csv: {n} row(s) of 2021, outside the policy period 2022–2023: "
        f"not deducted"
    )
    assert said in proc.stderr
    assert "2021" not in "".join(pl.read_csv(out / "ledger.csv", infer_schema=False)["basis"].to_list())
    report = (out / "report.html").read_text("utf-8")
    assert f"--prior prior2021.csv：{n}行属于2021年度，不在政策施行期2022–2023年度内：不计入已领取" in report
    # check-validity still reports the rows as out_of_period
    assert jncli("check-validity", str(prior)).returncode == 3


def test_award_enterprises_does_not_deduct_a_ledger_dated_before_the_period(jncli, prior2021, tmp_path):
    # Before: m2/m3/m6 paid 55 万元 instead of 333.68.
    prior, n = prior2021
    base = ["award-enterprises", str(SAMPLES / "enterprises.csv"), "--year", "2023"]
    base += ["--fiscal-ratios", str(SAMPLES / "fiscal_ratios.csv")]
    alone = jncli(*base, "-o", str(tmp_path / "alone.csv"))
    given = jncli(*base, "--prior", str(prior), "-o", str(tmp_path / "given.csv"))
    assert alone.returncode == given.returncode == 0, given.stderr
    assert paid(tmp_path / "given.csv") == paid(tmp_path / "alone.csv") == Decimal("333.68")
    assert f"--prior {prior}: {n} row(s) of 2021, outside the policy period 2022–2023: not deducted" in given.stderr


@pytest.fixture(scope="module")
def revision(jncli, tmp_path_factory) -> tuple[Path, Path]:
    """A 2024–2025 revision written as docs/policy.md tells (the same rule ids, each tier table's year moved),
    and its samples."""
    text = SHIPPED.read_text("utf-8")
    for old, new in [
        (r"^start = 2022-11-10$", "start = 2024-01-01"),
        (r"^end = 2023-12-31$", "end = 2025-12-31"),
        (r"^annual_years = \[2022, 2023\]$", "annual_years = [2024, 2025]"),
        (r"^year = 2022$", "year = 2024"),
        (r"^year = 2023$", "year = 2025"),
    ]:
        text, hits = re.subn(old, new, text, count=1, flags=re.M)
        assert hits == 1, old
    folder = tmp_path_factory.mktemp("revision")
    policy = folder / "rev.toml"
    policy.write_text(text, "utf-8")
    proc = jncli("samples", "--policy", str(policy), "-o", str(folder / "data"))
    assert proc.returncode == 0, proc.stderr
    return policy, folder / "data"


def test_a_revision_does_not_deduct_the_previous_policys_ledger(jncli, run2023, revision, tmp_path):
    # Before: exit 0 paying 55 万元 less (eleven m2.tier2022 rows of 2024 superseded, "往年已领取5万元，不低于本项")
    # and the manifest recording received: [].
    policy, data = revision
    args = ["annual", str(data), "--year", "2024", "--policy", str(policy), *RATES]
    alone = jncli(*args, "-o", str(tmp_path / "alone"))
    given = jncli(*args, "--prior", str(run2023 / "ledger.csv"), "-o", str(tmp_path / "given"))
    assert alone.returncode == given.returncode == 0, given.stderr
    assert by_rule(tmp_path / "given" / "ledger.csv") == by_rule(tmp_path / "alone" / "ledger.csv")
    rows = pl.read_csv(run2023 / "ledger.csv", infer_schema=False).height
    said = f"--prior ledger.csv: {rows} row(s) of 2023, outside the policy period 2024–2025: not deducted"
    assert said in given.stderr
    assert json.loads((tmp_path / "given" / "manifest.json").read_text("utf-8"))["received"] == []


def test_a_revision_with_only_the_previous_policys_ledger_says_what_it_holds(jncli, run2023, revision, tmp_path):
    # Before: "no --prior ledger, no verified earlier run …" although --prior was given.
    policy, data = revision
    rows = pl.read_csv(data / "enterprises.csv", infer_schema=False)
    only = tmp_path / "data"
    only.mkdir()
    for f in data.iterdir():
        (only / f.name).write_bytes(f.read_bytes())
    (only / "enterprises.csv").write_text(rows.filter(pl.col("年份") == "2025").write_csv(), "utf-8")
    args = ["annual", str(only), "--year", "2025", "--policy", str(policy), *RATES, "--skip", "1"]
    proc = jncli(*args, "--prior", str(run2023 / "ledger.csv"), "-o", str(tmp_path / "out"))
    assert proc.returncode == 1
    assert (
        "2025 is evaluated without what was received in 2024: the prior ledger(s) ledger.csv hold no 2024 row of "
        "measures 2 and 6 (the years of their rows: 2023; the policy period: 2024–2025)"
    ) in proc.stderr
    assert not (tmp_path / "out").exists()


def test_a_ledger_with_two_digit_years_is_refused_at_its_row(jncli, tmp_path_factory, tmp_path):
    # Before: "… no --prior ledger, no verified earlier run OUT_DIR/../2022 …" although --prior was given.
    run2022 = tmp_path / "runs" / "2022"  # not beside OUT_DIR: --prior is the only record of 2022
    proc = jncli("annual", str(SAMPLES), "--year", "2022", *RATES, "-o", str(run2022))
    assert proc.returncode == 0, proc.stderr
    prior = tmp_path / "prior22.csv"
    n = redated(run2022 / "ledger.csv", prior, "22")
    data = only_2023(tmp_path_factory.mktemp("data") / "2023")
    for command in (
        ["annual", str(data), "--year", "2023", *RATES, "-o", str(tmp_path / "o" / "out")],
        ["award-enterprises", str(SAMPLES / "enterprises.csv"), "--year", "2023", "-o", str(tmp_path / "a.csv")],
    ):
        proc = jncli(*command, "--prior", str(prior))
        assert proc.returncode == 1, proc.stderr
        assert (
            f"prior22.csv row 2, column year: 22 is not a year written in full ({n} such row(s) in the prior "
            f"ledgers): what was paid in the policy period 2022–2023 cannot be taken from it (hint: write the "
            f"year with four digits (2022, not 22)"
        ) in proc.stderr
        assert "Traceback" not in proc.stderr
    assert not (tmp_path / "o" / "out").exists() and not (tmp_path / "a.csv").exists()


# Review 17, F2 and F3: an awarded row that cannot be placed in a year, or a year after the period, is refused.


@pytest.fixture(scope="module")
def run2022(jncli, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "2022"  # not beside any OUT_DIR: --prior is the only record of 2022
    proc = jncli("annual", str(SAMPLES), "--year", "2022", *RATES, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def data2023(tmp_path_factory) -> Path:
    return only_2023(tmp_path_factory.mktemp("data") / "2023")


def one_redated(run2022: Path, dest: Path, year: str, status: str = "awarded") -> tuple[int, str]:
    """run2022's ledger with the year of its first m2 row of `status` set to `year`: (its row, its beneficiary)."""
    rows = list(csv.reader((run2022 / "ledger.csv").open(encoding="utf-8-sig")))
    head = rows[0]
    at, rule, st = head.index("year"), head.index("rule"), head.index("status")
    i = next(i for i, r in enumerate(rows) if i and r[rule].startswith("m2.") and r[st] == status)
    rows[i][at] = year
    with dest.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return i + 1, rows[i][0]


def refused(jncli, data: Path, prior: Path, tmp_path: Path, said: str, zh: str) -> None:
    """annual and award-enterprises both stop at the row, in English and in Chinese, and write nothing."""
    for lang, text in (("en", said), ("zh", zh)):
        for command in (
            ["annual", str(data), "--year", "2023", *RATES, "-o", str(tmp_path / lang / "out")],
            ["award-enterprises", str(data / "enterprises.csv"), "--year", "2023", "-o", str(tmp_path / f"{lang}.csv")],
        ):
            proc = jncli(*command, "--prior", str(prior), "--lang", lang)
            assert proc.returncode == 1, proc.stderr
            assert text in proc.stderr
            assert "Traceback" not in proc.stderr
        assert not (tmp_path / lang / "out").exists() and not (tmp_path / f"{lang}.csv").exists()


def test_an_awarded_prior_row_without_a_year_is_refused_at_its_row(jncli, run2022, data2023, tmp_path):
    # Before: exit 0, nothing said, and the entity's 2022 tier not deducted (太白湖润邻 paid 10 万元, not 5).
    prior = tmp_path / "prior_y.csv"
    row, _ = one_redated(run2022, prior, "")
    refused(
        jncli,
        data2023,
        prior,
        tmp_path,
        f"prior_y.csv row {row}, column year: an awarded row without a year cannot be placed (1 such row(s) in the "
        f"prior ledgers): what it paid would not be deducted in the policy period 2022–2023 (hint: fill the year in",
        f"prior_y.csv 第{row}行，year列：获奖行没有年份，无法确定其所属年度",
    )


def test_a_prior_row_of_another_status_without_a_year_is_kept_as_before(jncli, run2022, data2023, tmp_path):
    # it moves no money: the run pays what it pays with the unmodified ledger
    prior = tmp_path / "prior_y.csv"
    one_redated(run2022, prior, "", status="ineligible")
    runs = {}
    for name, given in (("given", prior), ("plain", run2022 / "ledger.csv")):
        out = tmp_path / name / "2023"
        proc = jncli("annual", str(data2023), "--year", "2023", *RATES, "--prior", str(given), "-o", str(out))
        assert proc.returncode == 0, proc.stderr
        runs[name] = by_rule(out / "ledger.csv")
    assert runs["given"] == runs["plain"]


def test_a_prior_row_dated_after_the_period_is_refused_at_its_row(jncli, run2022, data2023, tmp_path):
    # Before: exit 0 with a warning "1 row(s) of 2202, outside the policy period 2022–2023: not deducted", the
    # entity's 2022 tier paid again (太白湖润邻 10 万元, not 5).
    prior = tmp_path / "prior_y.csv"
    row, _ = one_redated(run2022, prior, "2202")
    refused(
        jncli,
        data2023,
        prior,
        tmp_path,
        f"prior_y.csv row {row}, column year: 2202 is after the policy period 2022–2023: a typo? (1 such row(s) in "
        f"the prior ledgers)",
        f"prior_y.csv 第{row}行，year列：2202 在政策施行期2022–2023年度之后：是否写错？",
    )


def test_a_prior_row_dated_before_the_period_still_only_warns(jncli, run2022, data2023, tmp_path):
    prior = tmp_path / "prior_y.csv"
    one_redated(run2022, prior, "2021")
    out = tmp_path / "out" / "2023"
    proc = jncli("annual", str(data2023), "--year", "2023", *RATES, "--prior", str(prior), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "--prior prior_y.csv: 1 row(s) of 2021, outside the policy period 2022–2023: not deducted" in proc.stderr
