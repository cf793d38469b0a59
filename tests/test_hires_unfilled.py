"""Measure 8's hires that cannot be judged as written (review 19, F5 and F3), through the real binary.

- F5: a hire whose 培训机构 (training), 培训日期 (trained_on) or 入职日期 (hired_on) is empty — or written as a
  not-applicable mark, `—` — was `ineligible` with exit 0 and nothing on stderr (only `--detail` said why);
  in `annual` the employer lost its award without a word. Every hire row is a claimed hire and RULES §8 judges
  every hire on these columns: an empty one is a figure not filled in, as measure 1's blanks are.
  `trained-hires` warns naming file, row and column (the hire stays not qualifying); `annual` stops (exit 1,
  nothing written) with the hint to fill it in or to remove the row of a hire not claimed.
- F3: a training written as the institution's NAME (what a column headed 培训机构 usually holds) or a college
  by name was read as "a code not on the list": not qualifying, exit 0, no warning. Now warned about (file,
  row, column, value) and a stop in `annual`, whose hint names the code when the name is a whitelisted
  institution's.

Employers are in 任城区 (0.5 万元 per qualifying hire); the hires are GB18030 CSVs as a bureau exports them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest
from hire_files import HIRES_HEADER, INSURANCE_HEADER, ZH, by_code, pid, write

from jncli import credit_code

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SKIP = ["--skip", "1", "--skip", "2", "--skip", "4"]  # measures 7 and 8 run

EMP, EMP2 = credit_code.make("91370800MA0000001"), credit_code.make("91370800MA0000002")
P1, P2 = pid(1), pid(2)
# on the samples' whitelist of 2023 (category training, included), under this name in candidates.csv
TRAINER, TRAINER_NAME = "91370883GN1AYCTRJC", "邹城鲁拓职业技能培训有限公司"

# 甲's one hire (row 2) is the case; 乙's (row 3) is a clean 院校 hire: 1 × 0.5 either way.
GOOD = [EMP, "甲电商", "任城区", P1, "院校", "2022-12-10", "2023-01-05"]
OTHER = [EMP2, "乙电商", "任城区", P2, "院校", "2022-12-10", "2023-01-05"]
INSURANCE = [[p, e, f"2023{m:02d}"] for p, e in ((P1, EMP), (P2, EMP2)) for m in range(1, 13)]  # the whole year
COLUMN = {"training": 4, "trained_on": 5, "hired_on": 6}
EMPTY = "1 empty cell(s) in 1 hire(s), in the columns every hire is judged on (training, trained_on, hired_on)"
FILL = (
    "fill it in (the training institution's 统一社会信用代码, or 院校 for a college course; the dates of training "
    "and hiring), or remove the row of a hire not claimed"
)
FILL_ZH = (
    "请补填（培训机构的统一社会信用代码，院校“专业+实训”培训填“院校”；培训日期和入职日期），不申报奖励的人员请删去该行"
)
JUDGED_ZH = "1名人员共有1个空单元格，位于判定每名人员所依据的列（training, trained_on, hired_on）"
NOT_A_CODE = "1 hire(s) name their training by a value that is neither 院校 nor a valid credit code"


def with_cell(column: str, value: str) -> list[str]:
    row = list(GOOD)
    row[COLUMN[column]] = value
    return row


def files(folder: Path, first: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write(folder / "hires.csv", HIRES_HEADER, [first, OTHER])
    write(folder / "insurance.csv", INSURANCE_HEADER, INSURANCE)
    write(folder / "county_rates.csv", ["县市区", "每人奖励(万元)"], [["任城区", "0.5"]])
    return folder


def command(jncli, folder: Path, *extra: str, **kw):
    args = ["hires.csv", "--insurance", "insurance.csv", "--county-rates", "county_rates.csv", "--year", "2023"]
    return jncli("trained-hires", *args, "-f", "csv", *extra, cwd=folder, text=True, **kw)


# ------------------------------------------------------------------------------------------ trained-hires warns
@pytest.mark.parametrize("column", ["training", "trained_on", "hired_on"])
def test_trained_hires_warns_of_an_empty_cell_every_hire_needs(jncli, tmp_path, column):
    proc = command(jncli, files(tmp_path, with_cell(column, "")))
    assert proc.returncode == 0, proc.stderr
    assert f"warning: hires.csv row 2, column {column}: {EMPTY}: such a hire does not qualify — {FILL}" in proc.stderr
    # the hire stays not qualifying, as RULES §8 says: the warning is the flag
    assert by_code(pl.read_csv(proc.stdout.encode())) == {EMP: ("ineligible", 0.0), EMP2: ("awarded", 0.5)}
    zh = command(jncli, files(tmp_path, with_cell(column, "")), env=ZH)
    assert zh.returncode == 0
    assert (f"hires.csv 第2行，{column}列：{JUDGED_ZH}：该人员不符合条件——{FILL_ZH}") in zh.stderr


def test_a_not_applicable_mark_is_named_as_written(jncli, tmp_path):
    row = [EMP, "甲电商", "任城区", P1, "—", "—", "2023-01-05"]
    proc = command(jncli, files(tmp_path, row))
    assert proc.returncode == 0, proc.stderr
    assert (
        "warning: hires.csv row 2, column training (written '—'); hires.csv row 2, column trained_on (written '—'): "
        "2 empty cell(s) in 1 hire(s)"
    ) in proc.stderr
    assert "a not-applicable mark (—, 无 …) is read as empty" in proc.stderr
    zh = command(jncli, files(tmp_path, row), env=ZH)
    assert (
        "hires.csv 第2行，training列（写作“—”）；hires.csv 第2行，trained_on列（写作“—”）：1名人员共有2个空单元格"
    ) in zh.stderr
    assert "“不适用”标记（—、无……）按空值读取" in zh.stderr


def test_trained_hires_warns_of_a_training_written_by_name(jncli, tmp_path):
    proc = command(jncli, files(tmp_path, with_cell("training", "济宁职业技术学院")))
    assert proc.returncode == 0, proc.stderr
    assert (
        f"warning: {NOT_A_CODE}: '济宁职业技术学院' (hires.csv row 2, column training): such a hire does not qualify "
        "— write the institution's 统一社会信用代码, or 院校 for a college course"
    ) in proc.stderr
    assert by_code(pl.read_csv(proc.stdout.encode())) == {EMP: ("ineligible", 0.0), EMP2: ("awarded", 0.5)}
    zh = command(jncli, files(tmp_path, with_cell("training", "济宁职业技术学院")), env=ZH)
    assert (
        "1名人员的培训机构既不是“院校”，也不是有效的统一社会信用代码："
        "“济宁职业技术学院”（hires.csv 第2行，training列）：该人员不符合条件——"
        "请填写培训机构的统一社会信用代码，院校“专业+实训”培训填“院校”"
    ) in zh.stderr


def test_a_whitelisted_institutions_name_is_matched_in_the_hint(jncli, tmp_path):
    folder = files(tmp_path, with_cell("training", TRAINER_NAME))
    write(folder / "trainers.csv", ["统一社会信用代码", "企业名称"], [[TRAINER, TRAINER_NAME]])
    proc = command(jncli, folder, "--trainers", "trainers.csv")
    assert proc.returncode == 0, proc.stderr
    assert (
        f"{NOT_A_CODE}: '{TRAINER_NAME}' (hires.csv row 2, column training): such a hire does not qualify — write "
        f"the institution's 统一社会信用代码, or 院校 for a college course; the whitelist lists {TRAINER_NAME} "
        f"({TRAINER})"
    ) in proc.stderr


def test_a_clean_table_has_no_such_warning(jncli, tmp_path):
    proc = command(jncli, files(tmp_path, GOOD))
    assert proc.returncode == 0 and "warning" not in proc.stderr, proc.stderr
    assert by_code(pl.read_csv(proc.stdout.encode())) == {EMP: ("awarded", 0.5), EMP2: ("awarded", 0.5)}
    samples = jncli(
        "trained-hires", "samples/hires.csv", "--insurance", "samples/insurance.csv", "--year", "2023", text=True
    )
    assert "empty cell" not in samples.stderr and "neither 院校" not in samples.stderr


# ------------------------------------------------------------------------------------------ annual stops
def year_folder(root: Path, first: list[str]) -> Path:
    folder = files(root / "data" / "2023", first)
    for name in ("candidates.csv", "records.csv"):
        shutil.copy(SAMPLES / name, folder / name)
    return folder


def annual(jncli, data: Path, out: Path, **kw):
    return jncli("annual", str(data), "--year", "2023", *SKIP, "-o", str(out), text=True, timeout=300, **kw)


@pytest.mark.parametrize("column", ["training", "trained_on", "hired_on"])
def test_annual_stops_on_an_empty_cell_every_hire_needs(jncli, tmp_path, column):
    data = year_folder(tmp_path, with_cell(column, ""))
    out = tmp_path / "out" / "2023"
    proc = annual(jncli, data, out)
    assert proc.returncode == 1 and not out.exists(), proc.stderr
    assert (
        f"jncli annual: hires.csv row 2, column {column}: {EMPTY}: such a hire would not qualify, and its employer "
        f"would lose its award for it (hint: {FILL})"
    ) in proc.stderr
    zh = annual(jncli, data, out, env=ZH)
    assert zh.returncode == 1 and not out.exists()
    assert (
        f"hires.csv 第2行，{column}列：{JUDGED_ZH}：该人员将不符合条件，其用人单位将因此失去相应奖励（提示：{FILL_ZH}）"
    ) in zh.stderr


def test_annual_stops_on_a_training_written_by_name_and_names_its_code(jncli, tmp_path):
    data = year_folder(tmp_path, with_cell("training", TRAINER_NAME))
    out = tmp_path / "out" / "2023"
    proc = annual(jncli, data, out)
    assert proc.returncode == 1 and not out.exists(), proc.stderr
    assert (
        f"jncli annual: {NOT_A_CODE}: '{TRAINER_NAME}' (hires.csv row 2, column training): such a hire would not "
        f"qualify, and its employer would lose its award for it (hint: write the institution's 统一社会信用代码, or "
        f"院校 for a college course; the whitelist lists {TRAINER_NAME} ({TRAINER}))"
    ) in proc.stderr
    zh = annual(jncli, data, out, env=ZH)
    assert zh.returncode == 1 and not out.exists()
    assert (
        "1名人员的培训机构既不是“院校”，也不是有效的统一社会信用代码："
        f"“{TRAINER_NAME}”（hires.csv 第2行，training列）：该人员将不符合条件，其用人单位将因此失去相应奖励"
        f"（提示：请填写培训机构的统一社会信用代码，院校“专业+实训”培训填“院校”；白名单中列有{TRAINER_NAME}（{TRAINER}））"
    ) in zh.stderr
    # as the hint says: the code written, the run pays 甲's hire
    write(data / "hires.csv", HIRES_HEADER, [with_cell("training", TRAINER), OTHER])
    proc = annual(jncli, data, out)
    assert proc.returncode == 0, proc.stderr
    ledger = pl.read_csv(out / "ledger.csv").filter(pl.col("rule") == "m8.hires")
    assert by_code(ledger) == {EMP: ("awarded", 0.5), EMP2: ("awarded", 0.5)}


@pytest.mark.parametrize(
    "case, row",
    [
        # hired after the as-of date (31 December 2023): no 2023 run pays it
        ("hired later", [EMP, "甲电商", "任城区", pid(5), "", "2024-01-10", "2024-02-01"]),
        # an employer outside Jining: never paid
        ("outside Jining", [credit_code.make("91370100MA0000003"), "丙电商", "历下区", P1, "", "", "2023-01-05"]),
        # no insurance month with its employer in 2023: its 6th month falls in no 2023 run
        ("no month of 2023", [credit_code.make("91370800MA0000004"), "丁电商", "任城区", pid(4), "", "", "2021-03-01"]),
    ],
)
def test_annual_only_warns_of_an_unfilled_hire_this_run_cannot_pay(jncli, tmp_path, case, row):
    """Review 20, F2: a register of every year's hires held rows no 2023 run pays (hired in 2021 or after the
    as-of date, an employer outside Jining); a blank there stopped the yearly run, with a message saying the
    employer would lose its award. Such a row is warned about, as in trained-hires; the run pays the others."""
    folder = year_folder(tmp_path, GOOD)
    write(folder / "hires.csv", HIRES_HEADER, [GOOD, OTHER, row])
    out = tmp_path / "out" / "2023"
    proc = annual(jncli, folder, out)
    assert proc.returncode == 0, proc.stderr
    assert "jncli annual: warning: trained-hires: hires.csv row 4, column training" in proc.stderr
    ledger = pl.read_csv(out / "ledger.csv").filter(pl.col("rule") == "m8.hires")
    assert by_code(ledger)[EMP] == ("awarded", 0.5) and by_code(ledger)[EMP2] == ("awarded", 0.5)
