"""Where "received before" came from, as the basis and the warnings say it (review 13, findings 1, 3 and 5).

RULES.md §2 "Received": from a prior ledger's rows, "else from the earlier years' rows in DATA" — this run's
own evaluation of them, under this run's policy file and without the earlier run's --budget. That figure is a
computation, not a payment: the basis says so, and a run that re-prices the earlier year (another policy file,
--budget, or annual --compare-with a run under another policy) warns.

Through the real CLI on the shipped samples. 太白湖润邻 (9137080049HF7D3K2W): 2022 online retail ≥ 1000 万元 →
m2.tier2022 5 万元; 2023 5050 万元 ≥ 5000 → m2.tier2023 up to 10 万元, so the top-up is 10 − 5 = 5.
The revised policy file (built below from the shipped one) pays 8 instead of 5 for the 2022 tier.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
ENT = str(SAMPLES / "enterprises.csv")
RUNLIN = "9137080049HF7D3K2W"  # 太白湖润邻农产品有限公司
SHIPPED = ROOT / "jncli" / "policies" / "jining-2022.toml"
TIER_2022 = "tiers = [{ threshold = 1000, award = 5 }]"
CAP_2022 = '[rules."m2.tier2022"]\nmeasure = 2\ncap = 5'


@pytest.fixture(scope="module")
def jncli(jncli):
    return jncli.using(text=True, timeout=300)


@pytest.fixture(scope="module")
def revised(tmp_path_factory) -> Path:
    """A what-if policy file: the 2022 tier pays 8 万元 instead of 5, its cap raised with it (an award above its
    rule's cap is refused at load); everything else as shipped."""
    text = SHIPPED.read_text("utf-8")
    assert text.count(TIER_2022) == 1 and text.count(CAP_2022) == 1
    text = text.replace(TIER_2022, TIER_2022.replace("award = 5", "award = 8")).replace(CAP_2022, CAP_2022[:-1] + "8")
    path = tmp_path_factory.mktemp("policy") / "revised.toml"
    path.write_text(text, "utf-8")
    return path


@pytest.fixture(scope="module")
def paid2022(jncli, tmp_path_factory) -> Path:
    """What was paid for 2022: the 2022 ledger under the shipped policy."""
    path = tmp_path_factory.mktemp("prior") / "paid2022.csv"
    proc = jncli("award-enterprises", ENT, "--year", "2022", "-o", str(path))
    assert proc.returncode == 0, proc.stderr
    return path


def ledger(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False)


def row(path: Path, code: str, rule: str = "m2.tier2023") -> dict:
    rows = ledger(path).filter((pl.col("beneficiary") == code) & (pl.col("rule") == rule))
    assert rows.height == 1
    return rows.row(0, named=True)


def m2_paid(path: Path) -> Decimal:
    rows = ledger(path).filter((pl.col("measure") == "2") & (pl.col("status") == "awarded"))
    return sum((Decimal(a) for a in rows["award"]), Decimal(0))


def test_fallback_basis_says_computed_not_paid(jncli, tmp_path, paid2022):
    out = tmp_path / "a.csv"
    proc = jncli("award-enterprises", ENT, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    r = row(out, RUNLIN)
    # 10 up to − 5 computed from the 2022 row = 5: a computation, not what was paid
    assert r["award"] == "5" and r["received"] == "5"
    assert r["basis"].endswith("；按2022年度数据测算应得5万元（未核对实际发放），按就高原则补差5万元")
    assert "往年已领取" not in r["basis"]
    # a note, not a warning, with the shipped policy and no --budget (the samples hold 2022 rows by design)
    line = (
        "jncli award-enterprises: received in 2022 for 54 enterprise(s) is computed from the 2022 rows of the input "
        "under this run's policy, not checked against what was paid; for what was paid give --prior the 2022 ledger"
    )
    assert line in proc.stderr
    assert "warning: received in 2022" not in proc.stderr
    # a superseded 就高 row says the same: 汶上水泊达 got 50 computed for 2022, not less than 10
    zero = ledger(out).filter(pl.col("basis").str.contains("不低于本项")).row(0, named=True)
    assert "按2022年度数据测算应得50万元（未核对实际发放），不低于本项，按就高原则不再补差" in zero["basis"]

    en = tmp_path / "en.csv"
    assert jncli("award-enterprises", ENT, "--lang", "en", "-o", str(en)).returncode == 0
    assert row(en, RUNLIN)["basis"].endswith(
        "; 5 万元 computed for 2022 from the data (not checked against what was paid), so the highest-award rule "
        "pays the top-up of 5 万元"
    )

    # from --prior (what was paid): today's wording, and no line about the fallback
    pr = tmp_path / "p.csv"
    proc = jncli("award-enterprises", ENT, "--prior", str(paid2022), "-o", str(pr))
    assert proc.returncode == 0, proc.stderr
    assert row(pr, RUNLIN)["basis"].endswith("；往年已领取5万元，按就高原则补差5万元")
    assert "is computed from the 2022 rows" not in proc.stderr


def test_prior_missing_one_entity_names_only_it(jncli, tmp_path, paid2022):
    # --prior without 太白湖润邻's rows: only it is evaluated from the data (RULES §2: per entity-year)
    part = tmp_path / "part.csv"
    ledger(paid2022).filter(pl.col("beneficiary") != RUNLIN).write_csv(part)
    out = tmp_path / "o.csv"
    proc = jncli("award-enterprises", ENT, "--prior", str(part), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "received in 2022 for 1 enterprise(s) is computed from the 2022 rows" in proc.stderr
    assert "按2022年度数据测算应得5万元（未核对实际发放）" in row(out, RUNLIN)["basis"]
    others = ledger(out).filter((pl.col("beneficiary") != RUNLIN) & pl.col("basis").str.contains("测算应得"))
    assert others.height == 0


def test_revised_policy_reprices_the_past_and_says_so(jncli, tmp_path, revised, paid2022):
    shipped, fallback, forward = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "b2.csv"
    assert jncli("award-enterprises", ENT, "-o", str(shipped)).returncode == 0
    proc = jncli("award-enterprises", ENT, "--policy", str(revised), "-o", str(fallback))
    assert proc.returncode == 0, proc.stderr
    # the run re-prices 2022 under revised.toml: a warning says so
    assert (
        "warning: received in 2022 for 54 enterprise(s) is computed from the 2022 rows of the input under this "
        "run's policy, not checked against what was paid"
    ) in proc.stderr
    assert "the policy file revised.toml is not the shipped one" in proc.stderr
    # 太白湖润邻: 10 − 8 (2022 re-priced) = 2, and its basis says 8 is a computation
    r = row(fallback, RUNLIN)
    assert r["award"] == "2"
    assert "按2022年度数据测算应得8万元（未核对实际发放），按就高原则补差2万元" in r["basis"]
    # with what was paid (--prior): 10 − 5 = 5, as under the shipped policy: the forward reform costs 0 in 2023
    proc = jncli("award-enterprises", ENT, "--policy", str(revised), "--prior", str(paid2022), "-o", str(forward))
    assert proc.returncode == 0, proc.stderr
    assert row(forward, RUNLIN)["award"] == "5"
    assert "is computed from the 2022 rows" not in proc.stderr
    # measure 2 in 2023: 165 shipped; the fallback shows 132 = 165 − 11 × 3 (the false saving of finding 1)
    assert m2_paid(shipped) == Decimal("165") == m2_paid(forward)
    assert m2_paid(fallback) == Decimal("132")


def test_a_copy_that_changes_only_measure_1_does_not_say_it_reprices_the_past(jncli, tmp_path, revised):
    """award-enterprises under a copy changing only measure 1's weights prices 2022 as the shipped file does: its
    warning said "the policy file … is not the shipped one, so the earlier year is priced under it" (review 25,
    left by F8's fix). The awards are the shipped run's; a copy that changes a 2022 tier still says so."""
    text = SHIPPED.read_text("utf-8")
    weights = tmp_path / "w46.toml"
    weights.write_text(
        text.replace("weight_scale = 0.5\n", "weight_scale = 0.4\n").replace(
            "weight_growth = 0.5\n", "weight_growth = 0.6\n"
        ),
        "utf-8",
    )
    assert weights.read_text("utf-8") != text
    shipped, copy = tmp_path / "a.csv", tmp_path / "b.csv"
    assert jncli("award-enterprises", ENT, "-o", str(shipped)).returncode == 0
    proc = jncli("award-enterprises", ENT, "--policy", str(weights), "-o", str(copy))
    assert proc.returncode == 0, proc.stderr
    assert "is computed from the 2022 rows" in proc.stderr  # the note that the past is computed stays
    assert "is not the shipped one" not in proc.stderr
    assert copy.read_bytes() == shipped.read_bytes()
    proc = jncli("award-enterprises", ENT, "--policy", str(revised), "-o", str(tmp_path / "c.csv"))
    assert "the policy file revised.toml is not the shipped one" in proc.stderr


def test_budget_with_the_fallback_warns(jncli, tmp_path):
    out = tmp_path / "b.csv"
    proc = jncli("award-enterprises", ENT, "--budget", "1000", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert (
        "warning: received in 2022 for 54 enterprise(s) is computed from the 2022 rows of the input under this "
        "run's policy, not checked against what was paid; for what was paid give --prior the 2022 ledger (annual: "
        "or run beside the 2022 output): this run has --budget, and the earlier year is evaluated without the "
        "budget its run had"
    ) in proc.stderr


def test_annual_compare_with_another_policy_says_it_reprices(jncli, annual, tmp_path, revised):
    a, b, same = tmp_path / "2023", tmp_path / "rev", tmp_path / "again"
    proc = annual(SAMPLES, a)
    assert proc.returncode == 0, proc.stderr
    # the README's own job: a note (not a warning) that 2022 is computed from the data
    assert "jncli annual: award-enterprises: received in 2022 for 54 enterprise(s) is computed" in proc.stderr
    assert "warning: award-enterprises: received in 2022" not in proc.stderr
    assert "按2022年度数据测算应得5万元（未核对实际发放）" in row(a / "ledger.csv", RUNLIN)["basis"]

    proc = annual(SAMPLES, b, "--policy", str(revised), "--compare-with", str(a))
    assert proc.returncode == 0, proc.stderr
    warning = (
        "jncli annual: warning: --compare-with 2023: that run used another policy file, and what was received in "
        "2022 is computed from the data rows (not taken from what was paid), so the comparison re-prices 2022: its "
        "difference is not what the change costs in 2023."
    )
    assert warning in proc.stderr
    html = (b / "report.html").read_text("utf-8")
    assert "因此对比把2022年度重新定价" in html  # the report (Chinese) says it too
    # verify re-runs the year from the manifest (the compared run's policy is recorded there): identical
    check = jncli("verify", str(b), "--policy", str(revised))
    assert check.returncode == 0, check.stdout + check.stderr

    # the same policy on both sides: nothing is re-priced by the comparison
    proc = annual(SAMPLES, same, "--compare-with", str(a))
    assert proc.returncode == 0, proc.stderr
    assert "re-prices" not in proc.stderr


def test_annual_compare_with_a_change_that_cannot_reprice_2022_does_not_warn(jncli, annual, tmp_path):
    """Review 25 F8: a copy that changes only measure 1's weights prices 2022 as the shipped file does, so the
    difference is what the change costs: no "re-prices 2022" warning (its text read from the other run's
    manifest path). When that run's policy file is gone, its text is unknown and the warning stays."""
    text = SHIPPED.read_text("utf-8")
    assert text.count("weight_scale = 0.5\n") == 1 and text.count("weight_growth = 0.5\n") == 1
    weights = tmp_path / "w46.toml"
    weights.write_text(
        text.replace("weight_scale = 0.5\n", "weight_scale = 0.4\n").replace(
            "weight_growth = 0.5\n", "weight_growth = 0.6\n"
        ),
        "utf-8",
    )
    base, w46, back, gone = (tmp_path / n for n in ("2023", "w46", "back", "gone"))
    assert annual(SAMPLES, base).returncode == 0
    proc = annual(SAMPLES, w46, "--policy", str(weights), "--compare-with", str(base))
    assert proc.returncode == 0, proc.stderr
    assert "the comparison re-prices" not in proc.stderr
    assert "因此对比把2022年度重新定价" not in (w46 / "report.html").read_text("utf-8")
    check = jncli("verify", str(w46), "--policy", str(weights))  # the manifest records what decided it
    assert check.returncode == 0, check.stdout + check.stderr
    # the other way round: the shipped run compared with the weights run, whose policy file is still there
    proc = annual(SAMPLES, back, "--compare-with", str(w46))
    assert proc.returncode == 0 and "the comparison re-prices" not in proc.stderr, proc.stderr
    # that policy file moved away: what priced its 2022 cannot be read, so the comparison may re-price it
    weights.rename(tmp_path / "moved.toml")
    proc = annual(SAMPLES, gone, "--compare-with", str(w46))
    assert proc.returncode == 0, proc.stderr
    assert "that run used another policy file" in proc.stderr and "the comparison re-prices 2022" in proc.stderr


def test_budget_scaled_to_zero_is_named_and_not_counted_as_awarded(jncli, annual, tmp_path):
    # --budget 0.1 on the samples: the up-to awards of 2023 total 165 万元 (the shipped run), factor
    # 0.1 / 165 = 0.000606…; a 5 万元 top-up → floor(5 × 0.1 / 165, 0.01) = floor(0.00303) = 0, a 10 万元
    # award → floor(0.00606) = 0, and only the 2 rows of 20 万元 or more reach 0.01: 9 awarded rows at 0.
    out = tmp_path / "b.csv"
    proc = jncli("award-enterprises", ENT, "--budget", "0.1", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    zero = ledger(out).filter((pl.col("status") == "awarded") & (pl.col("award").cast(pl.Float64) == 0))
    assert zero.height == 9 and set(zero["rule"]) == {"m2.tier2023"}
    assert (
        "warning: 9 awarded row(s) are scaled to 0 万元 by the budget: their status stays awarded, but they are paid "
        "nothing (the report does not count them as awarded): samples/enterprises.csv row 83 (91370800QYFMPEJ5ED, "
        "m2.tier2023)"
    ) in proc.stderr.replace(str(SAMPLES) + "/", "samples/")

    import openpyxl

    run = tmp_path / "b01"
    proc = annual(SAMPLES, run, "--budget", "0.1")
    assert proc.returncode == 0, proc.stderr
    assert "warning: award-enterprises: 9 awarded row(s) are scaled to 0 万元 by the budget" in proc.stderr
    tier = ledger(run / "ledger.csv").filter((pl.col("rule") == "m2.tier2023") & (pl.col("status") == "awarded"))
    assert tier.height == 11  # the ledger keeps the status RULES gives
    sheet = openpyxl.load_workbook(run / "report.xlsx", read_only=True)["汇总"]
    rows = [r for r in sheet.iter_rows(values_only=True) if r and str(r[1] or "").startswith("m2.tier2023")]
    assert len(rows) == 1 and rows[0][3] == 11 - 9  # 获奖数: the 2 rows paid 0.01 each
    assert rows[0][4] == pytest.approx(0.02)


def test_received_partly_paid_partly_computed_is_marked_mixed():
    # Three years through the top-up itself (the shipped policy has two, so no CLI run can show it): 2022 from a
    # prior ledger (5 paid), 2023 computed from the data (entitled 10), 2024 entitled 50. Received before 2024 is
    # max(5 + 0, 10) = 10: 5 paid and a computed 2023 on top of it (recv_calc 2, years [2023]), so 2024 pays
    # 50 − 10 = 40; before 2023 it is the 5 paid alone (recv_calc 0: today's wording).
    from jncli.policy import load_policy
    from jncli.rules.enterprises.common import TEXTS, _text
    from jncli.rules.enterprises.topup import _topup

    policy = load_policy()
    code = "91370800MA3C00001M"
    q = pl.DataFrame(
        {
            "code": [code, code],
            "year": [2023, 2024],
            "rule": ["m2.tier2023", "m2.title"],
            "entitled_m": [10_000_000, 50_000_000],
        }
    )
    prior = pl.DataFrame(
        {
            "beneficiary": [code],
            "rule": ["m2.tier2022"],
            "year": [2022],
            "award": [Decimal("5")],
            "status": ["awarded"],
            "_source": ["p.csv"],
            "_row": [1],
        },
        schema_overrides={"award": pl.Decimal(38, 6)},
    )
    out = _topup(q, policy, prior, 2024).sort("year").select("year", "received_m", "award_m", "recv_calc", "recv_years")
    assert out.to_dicts() == [
        {"year": 2023, "received_m": 5_000_000, "award_m": 5_000_000, "recv_calc": 0, "recv_years": None},
        {"year": 2024, "received_m": 10_000_000, "award_m": 40_000_000, "recv_calc": 2, "recv_years": [2023]},
    ]
    said = pl.select(_text("zh", "recv_mixed", years="2023", received="10")).item()
    assert said == "往年已领取及按2023年度数据测算应得合计10万元（数据测算部分未核对实际发放）"
    assert "computed for {years} from the data" in TEXTS["en"]["recv_mixed"]
