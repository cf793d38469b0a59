"""What the verified earlier run beside OUT_DIR says of each enterprise: its county and its online retail
(hostile review 4, B2 and D1; jncli/annual/earlier.py, jncli/annual/codes.py, rules/enterprises/commend.py).

B2 — two enterprises of one name in two counties (names are registered per county): 济宁鑫源商贸 of 任城区,
paid its 2022 tier, and 济宁鑫源商贸 of 兖州区, new in 2023 at 6000 万元. With the 2022 rows in DATA the 2023 run
paid the new one 10 万元; with the 2022 run beside OUT_DIR (or --prior its award-enterprises.csv, or a ledger
with a county column) it stopped as "one enterprise under another code" and the hint said to change a registered
name. The same name in the same county under another code still stops: that is a corrected code, paid its tier
again otherwise.

D1 — m2.commend: an empty 上年 figure of a 2023 row was filled from DATA's 2022 row only; beside the 2022 run the
enterprise counted as newly cultivated again. The files are GB18030 CSV, as a bureau's export is.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import polars as pl
import pytest

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
SKIP = ("--skip", "1", "--skip", "4", "--skip", "7")  # measures 2, 3, 6 only: these tables hold nothing else
A, B = "91370AY4CL12TH3BJP", "913701XG612DD272HP"  # 济宁鑫源商贸有限公司 of 任城区 (2022), of 兖州区 (2023)
NAME = "济宁鑫源商贸有限公司"
TWO_COUNTIES = [
    [A, NAME, "任城区", "2022", "是", "是", "1200", "900", "", "10", "是"],
    ["913705NQ72J9GFWAP1", "其他商贸有限公司", "任城区", "2023", "是", "是", "100", "", "", "1", "否"],
    [B, NAME, "兖州区", "2023", "是", "是", "6000", "", "", "", "否"],
]
RATIOS = "county,ratio\n任城区,0.5\n兖州区,0.5\n"


def write(folder: Path, rows: list[list[str]], year: str | None = None) -> Path:
    """DATA: enterprises.csv (the rows of `year`, all without) and fiscal_ratios.csv, in GB18030."""
    folder.mkdir(parents=True)
    with open(folder / "enterprises.csv", "w", encoding="gb18030", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(r for r in rows if year is None or r[3] == year)
    (folder / "fiscal_ratios.csv").write_text(RATIOS, "gb18030")
    return folder


def ledger_rows(out: Path, rule: str) -> dict[str, tuple[str, str]]:
    """beneficiary → (award, status) of `rule`'s rows in OUT/ledger.csv."""
    ledger = pl.read_csv(out / "ledger.csv", infer_schema=False).filter(pl.col("rule") == rule)
    return {b: (a, s) for b, a, s in ledger.select("beneficiary", "award", "status").iter_rows()}


@pytest.fixture(scope="module")
def two_counties(annual, tmp_path_factory) -> Path:
    """W/d22, W/d23, W/dall and the verified 2022 run W/out/2022."""
    w = tmp_path_factory.mktemp("b2")
    write(w / "d22", TWO_COUNTIES, "2022")
    write(w / "d23", TWO_COUNTIES, "2023")
    write(w / "dall", TWO_COUNTIES)
    proc = annual(w / "d22", w / "out" / "2022", *SKIP, year="2022")
    assert proc.returncode == 0, proc.stderr
    return w


def test_one_name_in_two_counties_beside_the_2022_run_pays_the_new_one_as_the_2022_rows_do(annual, two_counties):
    w = two_counties
    proc = annual(w / "dall", w / "a" / "2023", *SKIP)
    assert proc.returncode == 0, proc.stderr
    assert ledger_rows(w / "a" / "2023", "m2.tier2023")[B] == ("10", "awarded")
    # Before: exit 1, "… but ../2022/ledger.csv row 2 paid it for 2022 under 91370AY4CL12TH3BJP (the same name; a
    # ledger has no county) …": the 2022 run's award-enterprises table says A was of 任城区.
    proc = annual(w / "d23", w / "out" / "2023", *SKIP)
    assert proc.returncode == 0, proc.stderr
    assert ledger_rows(w / "out" / "2023", "m2.tier2023") == ledger_rows(w / "a" / "2023", "m2.tier2023")
    assert (w / "out" / "2023" / "ledger.csv").read_bytes() == (w / "a" / "2023" / "ledger.csv").read_bytes()


def test_prior_award_enterprises_csv_names_each_county(annual, two_counties):
    """A --prior file that is a jncli award-enterprises output has a county column: the two are told apart."""
    w = two_counties
    proc = annual(w / "d23", w / "p_ae" / "2023", *SKIP, "--prior", str(w / "out" / "2022" / "award-enterprises.csv"))
    assert proc.returncode == 0, proc.stderr
    assert ledger_rows(w / "p_ae" / "2023", "m2.tier2023")[B] == ("10", "awarded")


def with_county(ledger: Path, dest: Path, header: str, county: str) -> Path:
    """The ledger as a bureau keeps it, with a county column added (GB18030)."""
    rows = list(csv.reader(ledger.read_text("utf-8-sig").splitlines()))
    with open(dest, "w", encoding="gb18030", newline="") as f:
        w = csv.writer(f)
        w.writerow([*rows[0], header])
        w.writerows([*r, county] for r in rows[1:])
    return dest


@pytest.mark.parametrize("header", ["县（市、区）", "县市区", "区县"])
def test_a_prior_ledger_with_a_county_column_tells_the_two_apart(annual, two_counties, tmp_path, header):
    w = two_counties
    prior = with_county(w / "out" / "2022" / "ledger.csv", tmp_path / "paid2022.csv", header, "任城区")
    proc = annual(w / "d23", tmp_path / "out" / "2023", *SKIP, "--prior", str(prior))
    assert proc.returncode == 0, proc.stderr
    assert ledger_rows(tmp_path / "out" / "2023", "m2.tier2023")[B] == ("10", "awarded")


def test_the_same_name_and_county_under_another_code_still_stops(annual, two_counties, tmp_path):
    """The corrected code (a wrong-money stop): the ledger's own county column says the same county."""
    w = two_counties
    prior = with_county(w / "out" / "2022" / "ledger.csv", tmp_path / "paid2022.csv", "县（市、区）", "兖州区")
    proc = annual(w / "d23", tmp_path / "out" / "2023", *SKIP, "--prior", str(prior))
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1] == (
        f"jncli annual: enterprises.csv row 3: '{NAME}' of 兖州区 has credit code {B} for 2023, but paid2022.csv "
        f"row 2 paid it for 2022 under {A} (the same name and county): as a new enterprise it would be paid again "
        "what it received for 2022 (1 such code change(s) in all) (hint: correct the code at the source (one "
        "enterprise has one unified social credit code); if they are two enterprises, tell them apart by their names)"
    )
    assert not (tmp_path / "out" / "2023").exists()


def test_a_bare_ledger_still_stops_and_the_hint_says_how_to_give_the_county(annual, two_counties, tmp_path):
    """No county anywhere (a ledger alone, elsewhere than beside OUT_DIR): by the name alone, as before, with a way
    through that is not renaming a registered enterprise."""
    w = two_counties
    prior = shutil.copy(w / "out" / "2022" / "ledger.csv", tmp_path / "ledger.csv")
    for lang, line in (
        (
            "en",
            f"jncli annual: enterprises.csv row 3: '{NAME}' of 兖州区 has credit code {B} for 2023, but ledger.csv "
            f"row 2 paid it for 2022 under {A} (the same name; a ledger has no county): as a new enterprise it would "
            "be paid again what it received for 2022 (1 such code change(s) in all) (hint: correct the code at the "
            "source (one enterprise has one unified social credit code); if they are two enterprises of different "
            "counties, add a county column (县市区) to ledger.csv, or run beside the verified 2022 run "
            "(OUT_DIR/../2022), which has each enterprise's county)",
        ),
        (
            "zh",
            f"jncli annual: enterprises.csv 第3行：兖州区的 '{NAME}' 2023年度的统一社会信用代码为{B}，"
            f"但 ledger.csv 第2行 以{A}向同名企业发放了2022年度奖励（按名称比对：台账没有县（市、区））："
            "该企业会被当作新企业，再次获得2022年度已领取的奖励（共1处此类代码变更）（提示：请在源头更正代码"
            "（一家企业只有一个统一社会信用代码）；如确为不同县（市、区）的两家同名企业，请在 ledger.csv 中增加"
            "“县市区”列，或在已核验的2022年度运行（OUT_DIR/../2022）旁运行（其中载有各企业的县（市、区）））",
        ),
    ):
        proc = annual(w / "d23", tmp_path / lang / "2023", *SKIP, "--prior", str(prior), "--lang", lang)
        assert proc.returncode == 1
        assert proc.stderr.strip().splitlines()[-1] == line


def test_the_2022_rows_in_data_give_the_county_of_a_prior_ledger_row(annual, two_counties, tmp_path):
    """DATA holds the 2022 rows and --prior the bare ledger: A's 2022 row says 任城区 (before: exit 1)."""
    w = two_counties
    prior = shutil.copy(w / "out" / "2022" / "ledger.csv", tmp_path / "ledger.csv")
    # --prior-complete: the ledger names 任城区 only, and 兖州区 really received nothing in 2022 (check_partial)
    proc = annual(w / "dall", tmp_path / "out" / "2023", *SKIP, "--prior", str(prior), "--prior-complete")
    assert proc.returncode == 0, proc.stderr
    assert ledger_rows(tmp_path / "out" / "2023", "m2.tier2023")[B] == ("10", "awarded")


def test_a_code_corrected_in_one_county_beside_the_2022_run_still_stops(annual, tmp_path):
    """The same enterprise (name and county) under a corrected code: the run beside now knows the county, and the
    line says so; still exit 1 and no output."""
    rows = [r[:] for r in TWO_COUNTIES]
    rows[2][2] = "任城区"  # B is in 任城区 too: A's code corrected
    write(tmp_path / "d22", rows, "2022")
    write(tmp_path / "d23", rows, "2023")
    assert annual(tmp_path / "d22", tmp_path / "out" / "2022", *SKIP, year="2022").returncode == 0
    proc = annual(tmp_path / "d23", tmp_path / "out" / "2023", *SKIP)
    assert proc.returncode == 1
    assert (
        f"'{NAME}' of 任城区 has credit code {B} for 2023, but ../2022/ledger.csv row 2 paid it for 2022 under {A} "
        "(the same name and county)" in proc.stderr
    )
    assert not (tmp_path / "out" / "2023").exists()


def test_verify_reads_the_table_beside_and_names_it_when_changed(annual, jncli, two_counties, tmp_path):
    w = two_counties
    runs = tmp_path / "out"
    shutil.copytree(w / "out" / "2022", runs / "2022")
    assert annual(w / "d23", runs / "2023", *SKIP).returncode == 0
    jncli = jncli.using(text=True)
    proc = jncli("verify", str(runs / "2023"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    table = runs / "2022" / "award-enterprises.parquet"
    table.write_bytes(table.read_bytes() + b"\0")
    proc = jncli("verify", str(runs / "2023"))
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1] == (
        "jncli verify: ../2022/award-enterprises.parquet: not the table the earlier run's manifest.json records "
        "(missing or changed after that run), so the county and online retail of the enterprises it evaluated "
        "cannot be taken from it (hint: restore that run's folder as it was written, or pass --prior with the "
        "ledger of what was paid in 2022)"
    )


# ------------------------------------------------------------------------------------------ D1: m2.commend
FILLED = [
    ["91370AY4CL12TH3BJP", "甲电子商务有限公司", "兖州区", "2022", "是", "是", "20000", "3400", "", "10", "否"],
    ["91370AY4CL12TH3BJP", "甲电子商务有限公司", "兖州区", "2023", "是", "是", "20000.01", "", "", "10", "否"],
]


def commend(out: Path) -> str:
    table = pl.read_csv(out / "commendations.csv", infer_schema=False)
    return table.filter(pl.col("county") == "兖州区")["status"].item()


def test_an_empty_prev_figure_is_the_2022_runs_online_retail_as_the_2022_row_gives_it(annual, tmp_path):
    write(tmp_path / "d22", FILLED, "2022")
    write(tmp_path / "d23", FILLED, "2023")
    write(tmp_path / "dall", FILLED)
    assert annual(tmp_path / "d22", tmp_path / "out" / "2022", *SKIP, year="2022").returncode == 0
    assert commend(tmp_path / "out" / "2022") == "commended"  # newly past 1亿 in 2022
    proc = annual(tmp_path / "dall", tmp_path / "a" / "2023", *SKIP)
    assert proc.returncode == 0, proc.stderr
    assert commend(tmp_path / "a" / "2023") == "ineligible"  # 20000 in 2022: not newly cultivated in 2023
    # Before: commended — the empty 上年 cell read as absent, the enterprise newly cultivated a second year.
    proc = annual(tmp_path / "d23", tmp_path / "out" / "2023", *SKIP)
    assert proc.returncode == 0, proc.stderr
    assert commend(tmp_path / "out" / "2023") == "ineligible"
    assert (
        "jncli annual: commendations: an empty online_retail_prev of 1 enterprise(s) is their 2022 online retail in "
        "../2022/award-enterprises.parquet (the verified earlier run), as a 2022 row of the input would give it"
    ) in proc.stderr.splitlines()
    report = (tmp_path / "out" / "2023" / "report.html").read_text("utf-8")
    assert (
        "1家企业的上年实物商品网络零售额为空：取其在已核验的上年度运行 ../2022/award-enterprises.parquet "
        "中的2022年度网络零售额（与输入含2022年度行时相同）"
    ) in report
    # --prior, the ledger alone: no figure, so RULES' literal reading ("below that threshold or absent")
    proc = annual(
        tmp_path / "d23", tmp_path / "b" / "2023", *SKIP, "--prior", str(tmp_path / "out" / "2022" / "ledger.csv")
    )
    assert proc.returncode == 0, proc.stderr
    assert commend(tmp_path / "b" / "2023") == "commended"
    assert "online_retail_prev" not in proc.stderr
