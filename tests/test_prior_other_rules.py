"""What was received in the year before: a --prior ledger holding only rows of other rules, and an earlier year's
row with an invalid credit code (hostile review 1, A8, A9 and B7).

Through the real CLI on the shipped samples. 金乡鑫禾 (91370828T62X6XP3UL) reaches the 2022 tier (m2.tier2022,
5 万元) in its 2022 row and holds a national title in 2023 (m2.title, up to 50): the 2023 top-up is 50 − 5 = 45.

A8/B7: a --prior ledger of only the counties' 2022 m3.fiscal payments (docs/annual.md suggests giving those as a
--prior file), or of 2022 m8.hires rows (金乡鑫禾 an employer with an `ineligible` 0 row), said nothing of what
measures 2 and 6 paid, yet it "covered" 金乡鑫禾's 2022 with 0: 50 was paid, with exit 0, while stderr and the
manifest named the data rows as the only source. Only rows of the m2/m6 group cover an entity-year now
(`rules.enterprises.received.says_received`, one place for the top-up and the coverage check).

A9: 金乡鑫禾's 2022 row with its code written `91370828-T62X6XP3UL` was silently left out of what was received
(50, and the invalid-code warning did not count it): `annual` stops naming the row; `award-enterprises` counts
it in the warning.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import polars as pl
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
XINHE = "91370828T62X6XP3UL"  # 金乡鑫禾食品有限公司
XINMEI = "91370828E8DPD65LRA"  # 金乡鑫美电子商务有限公司
HYPHEN = "91370828-T62X6XP3UL"
HEADER = ["beneficiary", "beneficiary_name", "measure", "rule", "year", "award", "status", "basis"]


@pytest.fixture(scope="module")
def jncli(jncli):
    return jncli.using(text=True, timeout=300)


def samples(dest: Path) -> Path:
    data = dest / "data"
    data.mkdir(parents=True)
    for f in SAMPLES.glob("*.csv"):
        shutil.copy(f, data / f.name)
    return data


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([HEADER, *rows])
    return path


def m3_only(path: Path) -> Path:
    """The counties' 2022 m3.fiscal payments: 金乡鑫美's (the samples' own) and one for 金乡鑫禾."""
    return write(
        path,
        [
            [XINMEI, "金乡鑫美电子商务有限公司", "3", "m3.fiscal", "2022", "34.39", "awarded", "2022年度新增财力"],
            [XINHE, "金乡鑫禾食品有限公司", "3", "m3.fiscal", "2022", "7.6", "awarded", "2022年度新增财力10万元×0.76"],
        ],
    )


def m8_only(path: Path) -> Path:
    """A county's 2022 ledger of measure 8, in which 金乡鑫禾 is an employer with an ineligible row of 0."""
    return write(
        path,
        [
            ["91370811Q37FTBDC6K", "任城某公司", "8", "m8.hires", "2022", "0.3", "awarded", "依据第八条"],
            [XINHE, "金乡鑫禾食品有限公司", "8", "m8.hires", "2022", "0", "ineligible", "无连续参保满6个月的人员"],
        ],
    )


def title_row(ledger: Path) -> dict:
    rows = pl.read_csv(ledger, infer_schema=False).filter(
        (pl.col("beneficiary") == XINHE) & (pl.col("rule") == "m2.title") & (pl.col("year") == "2023")
    )
    assert rows.height == 1
    return rows.row(0, named=True)


# ------------------------------------------------------------------------------ A8 / B7: rows of other rules
@pytest.mark.parametrize("which", ["m3", "m8"])
def test_annual_prior_of_other_rules_does_not_zero_what_the_data_says_was_received(annual, tmp_path, which):
    data = samples(tmp_path)
    prior = (m3_only if which == "m3" else m8_only)(tmp_path / f"县级{which}2022.csv")
    out = tmp_path / "out" / "2023"
    proc = annual(data, out, "--prior", str(prior))
    assert proc.returncode == 0, proc.stderr
    row = title_row(out / "ledger.csv")
    # before: 50, the --prior row of another rule standing for "received 0 in 2022"
    assert (row["award"], row["status"]) == ("45", "awarded")
    assert "按2022年度数据测算应得5万元（未核对实际发放）" in row["basis"]
    # the stated source is the one used: the data's 2022 rows, for 金乡鑫禾 too
    assert "received in 2022: this run's evaluation of the 2022 rows of enterprises.csv" in proc.stderr
    doc = json.loads((out / "manifest.json").read_text("utf-8"))
    assert [(r["year"], r["source"]) for r in doc["received"]] == [(2022, "data")]


def test_award_enterprises_prior_of_m3_rows_only_counts_the_entity_in_the_fallback(jncli, tmp_path):
    prior = m3_only(tmp_path / "m3.csv")
    out = tmp_path / "ledger.csv"
    ent = str(SAMPLES / "enterprises.csv")
    proc = jncli("award-enterprises", ent, "--year", "2023", "--prior", str(prior), "--lang", "en", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert (title_row(out)["award"], title_row(out)["status"]) == ("45", "awarded")
    # the fallback line counts every enterprise taken from the data, 金乡鑫禾 and 金乡鑫美 included: the same
    # count as with no --prior at all
    plain = jncli("award-enterprises", ent, "--year", "2023", "--lang", "en", "-o", str(tmp_path / "plain.csv"))
    line = [x for x in proc.stderr.splitlines() if "received in 2022 for" in x]
    assert line and line == [x for x in plain.stderr.splitlines() if "received in 2022 for" in x]


def test_an_m2_row_of_any_status_still_covers_the_entity_year(jncli, tmp_path):
    """The reading kept: a row of the m2/m6 group covers its entity-year whatever its status — an `ineligible`
    m2.tier2022 row of 0 says 金乡鑫禾 received nothing in 2022, and the ledger is what was paid."""
    prior = write(
        tmp_path / "m2.csv",
        [[XINHE, "金乡鑫禾食品有限公司", "2", "m2.tier2022", "2022", "0", "ineligible", "未纳统"]],
    )
    out = tmp_path / "ledger.csv"
    ent = str(SAMPLES / "enterprises.csv")
    proc = jncli("award-enterprises", ent, "--year", "2023", "--prior", str(prior), "--lang", "en", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert (title_row(out)["award"], title_row(out)["status"]) == ("50", "awarded")


def test_says_received_is_the_one_place(tmp_path):
    """The top-up's prior events and the coverage of a year agree on the same ledger."""
    from jncli.policy import load_policy
    from jncli.rules.enterprises.received import coverage
    from jncli.rules.enterprises.topup import _prior_events

    policy = load_policy()
    prior = pl.DataFrame(
        {
            "beneficiary": [XINHE, XINMEI],
            "rule": ["m3.fiscal", "m2.tier2022"],
            "year": [2022, 2022],
            "award": [7.6, 5.0],
            "status": ["awarded", "awarded"],
        }
    )
    events = _prior_events(prior, policy, 2023)
    assert events["code"].to_list() == [XINMEI]  # the m3 row covers nothing
    frame = pl.DataFrame({"year": [2023]})
    assert [c.in_prior for c in coverage(frame, prior.filter(pl.col("rule") == "m3.fiscal"), policy, 2023)] == [False]


# ------------------------------------------------------------------------ A9: an invalid code of an earlier year
def hyphenated(tmp_path: Path) -> Path:
    data = samples(tmp_path)
    rows = list(csv.reader((data / "enterprises.csv").open(encoding="utf-8-sig", newline="")))
    hit = [i for i, r in enumerate(rows) if r[0] == XINHE and r[3] == "2022"]
    assert len(hit) == 1
    rows[hit[0]][0] = HYPHEN
    with (data / "enterprises.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return data


def test_annual_stops_on_an_earlier_row_with_an_invalid_code_that_would_count_as_received(annual, tmp_path):
    data = hyphenated(tmp_path)
    out = tmp_path / "out" / "2023"
    proc = annual(data, out, "--lang", "en")
    assert proc.returncode == 1, proc.stderr
    assert not out.exists()
    assert "Traceback" not in proc.stderr
    assert (
        f"enterprises.csv row 2, column credit_code: credit code '{HYPHEN}' has 19 characters, not 18: this 2022 row "
        "of 金乡鑫禾食品有限公司 would count as received (m2.tier2022, 5 万元) in the top-up of 2023, but an invalid "
        "code is no enterprise's, so what it received would be deducted from nobody and the enterprise paid its "
        "full amount again (1 such row(s))"
    ) in proc.stderr
    assert "correct the credit code in that row" in proc.stderr
    zh = annual(data, tmp_path / "zh" / "2023", "--lang", "zh")
    assert zh.returncode == 1
    assert (
        "金乡鑫禾食品有限公司2022年度的这一行如代码有效，将在2023年度的补差中计入已领取金额（m2.tier2022，5万元）"
        in zh.stderr
    ), zh.stderr
    assert "统一社会信用代码 '91370828-T62X6XP3UL' 长度为19位，不是18位" in zh.stderr
    assert "请按该企业其他行的写法更正这一行的统一社会信用代码" in zh.stderr


def test_annual_does_not_stop_for_an_earlier_invalid_code_of_an_enterprise_without_a_later_row(annual, tmp_path):
    # hostile3 F5: the enterprise is gone by 2023 (no row under any code or name): no top-up can pay it again, so the
    # mistyped 2022 code is a warning (counted with the invalid codes), not a stop naming money that is not at stake.
    data = hyphenated(tmp_path)
    path = data / "enterprises.csv"
    rows = list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
    rows = [r for r in rows if not (r[0] == XINHE and r[3] == "2023")]
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    assert not any(r[1] == "金乡鑫禾食品有限公司" and r[3] == "2023" for r in rows)
    proc = annual(data, tmp_path / "out" / "2023", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert "1 of them are rows of 2022 that would count as received were the code valid" in proc.stderr
    ledger = pl.read_csv(tmp_path / "out" / "2023" / "ledger.csv", infer_schema=False)
    assert ledger.filter(pl.col("beneficiary") == XINHE).height == 0


def test_annual_first_year_does_not_count_the_earlier_row(annual, tmp_path):
    data = hyphenated(tmp_path)
    proc = annual(data, tmp_path / "out" / "2023", "--first-year")
    assert proc.returncode == 0, proc.stderr


def test_award_enterprises_counts_the_earlier_row_in_the_invalid_code_warning(jncli, tmp_path):
    data = hyphenated(tmp_path)
    out = tmp_path / "ledger.csv"
    proc = jncli("award-enterprises", str(data / "enterprises.csv"), "--year", "2023", "--lang", "en", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    warning = [x for x in proc.stderr.splitlines() if "have an invalid credit code" in x]
    assert len(warning) == 1
    # the samples' 3 rows of 2023, and the 2022 row (before: still 3, the 2022 row left out)
    assert "warning: 4 row(s) have an invalid credit code" in warning[0]
    assert (
        "1 of them are rows of 2022 that would count as received were the code valid: what they received is "
        "deducted from no enterprise: one with a later row under the valid code is paid its full amount again (first: "
    ) in warning[0]
    assert f"row 2, {HYPHEN}); correct the code" in warning[0]
    zh = jncli("award-enterprises", str(data / "enterprises.csv"), "--year", "2023", "--lang", "zh", "-o", str(out))
    assert "其中1行属于2022年度，如代码有效将计入已领取金额" in zh.stderr, zh.stderr


def test_the_samples_earlier_invalid_codes_of_the_same_enterprise_are_not_counted(jncli, tmp_path):
    """The samples' 2022 rows 18 and 49 reach the 2022 tier under the same invalid codes as their 2023 rows:
    those 2023 rows are ineligible themselves, nothing to deduct from, so the warning is as it was."""
    ent = str(SAMPLES / "enterprises.csv")
    proc = jncli("award-enterprises", ent, "--year", "2023", "--lang", "en", "-o", str(tmp_path / "l.csv"))
    assert proc.returncode == 0, proc.stderr
    assert "warning: 3 row(s) have an invalid credit code" in proc.stderr
    assert "would count as received" not in proc.stderr
