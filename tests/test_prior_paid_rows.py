"""A `--prior` row that decides money but cannot be read as what was paid (review 18, F1, F1b, F2, F2b).

The real-year layout: DATA holds only the 2023 tables, so `--prior` is the whole record of what was paid in
2022. Before, each case below paid an enterprise again with exit 0, and `check-validity` passed the ledger:

- F1: an awarded m2/m6 or m3.fiscal row above 0 万元 whose beneficiary is no valid credit code (emptied, a
  wrong check character, the name, 19 characters) is deducted from nobody — 太白湖润邻's 2022 tier 5 paid
  again (m2.tier2023 10 instead of the top-up 5), 金乡鑫美's one-off m3.fiscal paid a second time (28.95);
- F1b: the same for an all-digit code Excel saved as a number (913708001234567000);
- F2: money on a row that is not `awarded` (ineligible, superseded) read as not paid;
- F2b: `m2.tier2022` dated 2023 (the year it was paid out) only noted as "of 2023 or later".

Now `annual` stops naming the file, row and (for a cell) column, no output folder; `check-validity` reports
the row (bad_id, bad_amount, wrong_year), exit 3. jncli's own ledgers still pass.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from test_yearly_run import only_2023, run_2022

ZH = {"LANG": "zh_CN.UTF-8", "LC_ALL": None}
# 2023 on the samples, with what was paid for 2022 deducted (tests/test_yearly_run.py): 517.28 万元.
PAID_2023 = Decimal("517.28")
RUNLING = "9137080049HF7D3K2W"  # 太白湖润邻农产品有限公司: m2.tier2022 5 awarded in 2022 (ledger row 46)
XINMEI = "91370828E8DPD65LRA"  # 金乡鑫美电子商务有限公司: m3.fiscal 34.39 awarded in 2022 (ledger row 74)

# case → (the line's code, its rule, the replacement of the line's text (old, new), row, kind, column)
CASES = {
    "empty code": (RUNLING, "m2.tier2022", (f"{RUNLING},", ","), 46, "bad_id", "beneficiary"),
    "wrong check character": (XINMEI, "m3.fiscal", (f"{XINMEI},", f"{XINMEI[:-1]}B,"), 74, "bad_id", "beneficiary"),
    "the name": (RUNLING, "m2.tier2022", (f"{RUNLING},", "太白湖润邻农产品有限公司,"), 46, "bad_id", "beneficiary"),
    "19 characters": (RUNLING, "m2.tier2022", (f"{RUNLING},", f"{RUNLING}X,"), 46, "bad_id", "beneficiary"),
    "Excel number": (RUNLING, "m2.tier2022", (f"{RUNLING},", "913708001234567000,"), 46, "bad_id", "beneficiary"),
    "ineligible with money": (RUNLING, "m2.tier2022", (",5,awarded,", ",5,ineligible,"), 46, "bad_amount", None),
    "superseded with money": (XINMEI, "m3.fiscal", (",34.39,awarded,", ",34.39,superseded,"), 74, "bad_amount", None),
    "dated the year paid out": (RUNLING, "m2.tier2022", (",2022,5,", ",2023,5,"), 46, "wrong_year", "year"),
}
HINTS = {
    "bad_id": "(hint: write the unified social credit code as the earlier year's run wrote it in its ledger (the "
    "beneficiary_name column names the enterprise); a code column Excel saved as a number: format it as text and "
    "copy the codes again (`jncli check-validity FILE` lists every such row))",
    "wrong_year": "(hint: write the year the award is for (the tier table's year in the policy file), not the year "
    "it was paid out (`jncli check-validity FILE` lists every such row))",
    "bad_amount": "(hint: only awarded rows carry money: write the status the payment had (awarded if it was paid), "
    "or 0 as the amount of a row that paid nothing (`jncli check-validity FILE` lists every such row))",
}
ZH_HINTS = {
    "bad_id": "（提示：按往年运行台账中的写法填写统一社会信用代码（beneficiary_name 列写明了企业）；"
    "代码列被 Excel 存成数字的：请把该列设为文本格式，重新复制代码（`jncli check-validity FILE` 列出全部此类行））",
    "wrong_year": "（提示：年份填奖励所属的年度（政策文件中该档次表的年度），而不是发放的年份"
    "（`jncli check-validity FILE` 列出全部此类行））",
    "bad_amount": "（提示：只有获奖（awarded）的行有奖励金额：请按该笔发放的实际情况填写状态（已发放的为 awarded），"
    "未发放的行金额填0（`jncli check-validity FILE` 列出全部此类行））",
}


@pytest.fixture(scope="module")
def jncli(jncli):
    return jncli.using(text=True, timeout=300)


@pytest.fixture(scope="module")
def run2022(annual, tmp_path_factory) -> Path:
    return run_2022(annual, tmp_path_factory)


@pytest.fixture(scope="module")
def data2023(tmp_path_factory) -> Path:
    """Only the 2023 tables (the cron layout `data/$y`): what was received comes from --prior alone."""
    return only_2023(tmp_path_factory.mktemp("data") / "2023")


def edited_prior(run2022: Path, dest: Path, case: str) -> Path:
    """The 2022 ledger with one line changed as `CASES[case]` says (the analyst's copy)."""
    code, rule, (old, new), row, _, _ = CASES[case]
    lines = (run2022 / "ledger.csv").read_text("utf-8-sig").splitlines(keepends=True)
    line = lines[row - 1]
    assert line.startswith(f"{code},") and f",{rule}," in line and old in line, (case, line)
    lines[row - 1] = line.replace(old, new, 1)
    dest.write_text("".join(lines), encoding="utf-8")
    return dest


def paid(out: Path) -> Decimal:
    ledger = pl.read_csv(out / "ledger.csv", infer_schema=False).filter(pl.col("status") == "awarded")
    return sum((Decimal(a) for a in ledger["award"]), Decimal(0))


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_prior_row_that_cannot_be_deducted_stops_the_run(annual, jncli, data2023, run2022, tmp_path, case):
    _, _, _, row, kind, column = CASES[case]
    prior = edited_prior(run2022, tmp_path / "paid-2022.csv", case)
    out = tmp_path / "2023"
    proc = annual(data2023, out, "--prior", str(prior))
    # before: exit 0 and 太白湖润邻's tier or 金乡鑫美's one-off paid again
    assert proc.returncode == 1, proc.stderr
    assert not out.exists()
    line = proc.stderr.strip().splitlines()[-1]
    where = f"paid-2022.csv row {row}" + (f", column {column}" if column else "")
    assert line.startswith(f"jncli annual: {where}: {kind}: "), line
    assert HINTS[kind] in line, line
    if case == "Excel number":
        assert "all digits ending in 000: an id stored as a number in Excel" in line, line
    # check-validity reports the row, exit 3
    checked = jncli("check-validity", str(prior), "--lang", "en")
    assert checked.returncode == 3, checked.stderr
    found = pl.read_csv(checked.stdout.encode(), infer_schema=False)
    assert found.select("row", "kind").rows() == [(str(row), kind)], checked.stdout


@pytest.mark.parametrize("case", ["empty code", "dated the year paid out", "ineligible with money"])
def test_the_stop_and_the_violation_in_chinese(annual, jncli, data2023, run2022, tmp_path, case):
    _, _, _, row, kind, column = CASES[case]
    prior = edited_prior(run2022, tmp_path / "paid-2022.csv", case)
    proc = annual(data2023, tmp_path / "2023", "--prior", str(prior), env=ZH)
    assert proc.returncode == 1, proc.stderr
    line = proc.stderr.strip().splitlines()[-1]
    where = f"paid-2022.csv 第{row}行" + (f"，{column}列" if column else "")
    assert line.startswith(f"jncli annual: {where}：{kind}："), line
    said = {
        "bad_id": "m2.tier2022获奖5万元，但受益人不是有效的统一社会信用代码（统一社会信用代码为空；该行企业名称为"
        "太白湖润邻农产品有限公司）：往年已领取按代码扣除，这笔发放无法从任何企业扣除，该企业会被重复奖励",
        "wrong_year": "m2.tier2022是2022年度的档次表（政策文件 [m2.tier2022] year = 2022），该行年份却是2023：台账的"
        "年份是奖励所属的年度（2022年度的奖励在2023年发放，年份仍是2022）",
        "bad_amount": "状态为ineligible（未获奖）却有奖励金额5万元：只有awarded（获奖）的行有奖励金额，"
        "是否已发放无法判断",
    }[kind]
    assert said in line, line
    assert line.endswith(ZH_HINTS[kind]), line
    checked = jncli("check-validity", str(prior))  # Chinese by default
    assert checked.returncode == 3
    assert said in checked.stdout, checked.stdout


def test_the_excel_number_is_named_in_chinese(jncli, run2022, tmp_path):
    prior = edited_prior(run2022, tmp_path / "paid-2022.csv", "Excel number")
    checked = jncli("check-validity", str(prior))
    assert checked.returncode == 3
    assert "统一社会信用代码913708001234567000校验位错误（应为" in checked.stdout
    assert "全为数字且以000结尾：是 Excel 把代码存成数字后写出的（第15位以后的数字已丢失）" in checked.stdout


def test_award_enterprises_alone_warns_about_a_tier_dated_the_year_paid_out(jncli, data2023, run2022, tmp_path):
    # the single command warns (annual stops): the row is of 2023, after the years before 2023 it checks
    prior = edited_prior(run2022, tmp_path / "paid-2022.csv", "dated the year paid out")
    args = ["award-enterprises", str(data2023 / "enterprises.csv"), "--year", "2023", "-f", "csv", "--lang", "en"]
    proc = jncli(*args, "--prior", str(prior))
    assert proc.returncode == 0, proc.stderr
    warned = [line for line in proc.stderr.splitlines() if "--prior:" in line]
    assert len(warned) == 1 and f"the first at {prior} row 46: wrong_year: m2.tier2022 is the 2022 tier" in warned[0]


def test_jncli_own_ledgers_still_pass(annual, jncli, data2023, run2022, tmp_path):
    # the 2022 ledger as --prior of 2023 (the real-year layout), with and without --budget: what was paid, 517.28
    out = tmp_path / "2023"
    proc = annual(data2023, out, "--prior", str(run2022 / "ledger.csv"))
    assert proc.returncode == 0, proc.stderr
    assert paid(out) == PAID_2023
    budget = tmp_path / "2023-budget"
    assert annual(data2023, budget, "--prior", str(run2022 / "ledger.csv"), "--budget", "150").returncode == 0
    both, with_budget = [run2022 / "ledger.csv", out / "ledger.csv"], [run2022 / "ledger.csv", budget / "ledger.csv"]
    for ledgers in ([run2022 / "ledger.csv"], [out / "ledger.csv"], both, with_budget):
        checked = jncli("check-validity", *map(str, ledgers))
        assert checked.returncode == 0, (ledgers, checked.stdout)
