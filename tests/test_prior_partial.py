"""A --prior ledger that covers only part of an earlier year (brief fx5): one county bureau's ledger given as the
year's, or one county's file of several forgotten.

Through the real CLI on the shipped samples: the 2022 run (the policy period's first year), then 2023 from a data
folder holding only the 2023 tables (the cron layout), with what 2022 paid from --prior ledgers cut out of the
2022 run's ledger per county. RULES.md §2: "received" per entity and year comes from the prior ledger where it has a
row for that entity and year, else from the data's rows of that year; a ledger of some counties only left every
other county's 2022 recipient "received nothing" and paid its full 2023 amount again with exit 0. The counties of
the ledger's enterprises come from the enterprises table by credit code (a ledger has no county column).
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from test_yearly_run import run_2022

from jncli.policy import load_policy

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TABLES = ("fiscal_ratios.csv", "shops.csv", "candidates.csv", "records.csv", "hires.csv", "insurance.csv")
RIGHT = Decimal("517.28")  # 2023 with every 2022 payment deducted (tests/test_yearly_run.py works it out)
CITY = "市级"  # the rows of no enterprise (measures 1, 4, 7, 8): the city's own part, given with every county's
OUTPUTS = ("ledger.csv", "award-enterprises.csv", "commendations.csv", "check-validity.csv")


@pytest.fixture(scope="module")
def jncli(jncli):
    return jncli.using(text=True, timeout=300)


def paid(out: Path) -> Decimal:
    ledger = pl.read_csv(out / "ledger.csv", infer_schema=False).filter(pl.col("status") == "awarded")
    return sum((Decimal(a) for a in ledger["award"].to_list()), Decimal(0))


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def data2023(tmp_path_factory) -> Path:
    """The 2023 tables only: what `data/$y` of docs/annual.md's cron line holds."""
    data = tmp_path_factory.mktemp("data") / "2023"
    data.mkdir()
    for name in (*TABLES, "county_rates.csv", "counties.csv"):
        shutil.copy(SAMPLES / name, data / name)
    rows = pl.read_csv(SAMPLES / "enterprises.csv", infer_schema=False)
    (data / "enterprises.csv").write_text(rows.filter(pl.col("年份") == "2023").write_csv(), "utf-8")
    return data


@pytest.fixture(scope="module")
def run2022(annual, tmp_path_factory) -> Path:
    return run_2022(annual, tmp_path_factory)


@pytest.fixture(scope="module")
def by_county(run2022, tmp_path_factory) -> dict[str, Path]:
    """The 2022 ledger cut into each county bureau's own ledger (GB18030 CSV, as a bureau saves it): an enterprise's
    rows go to the county of its rows in the samples' enterprises table; the rows of no enterprise go to 市级."""
    policy = load_policy(None)
    ents = pl.read_csv(SAMPLES / "enterprises.csv", infer_schema=False)
    county = {
        code.strip(): policy.canonical_county(c) or c
        for code, c in ents.select("统一社会信用代码", "县市区").iter_rows()
    }
    ledger = pl.read_csv(run2022 / "ledger.csv", infer_schema=False)
    part = ledger["beneficiary"].map_elements(lambda b: county.get(b.strip(), CITY), return_dtype=pl.String)
    ledger = ledger.with_columns(_part=part)
    folder = tmp_path_factory.mktemp("ledgers")
    files = {}
    for (name,), rows in ledger.group_by("_part", maintain_order=True):
        path = folder / f"{name}2022台账.csv"
        path.write_bytes(rows.drop("_part").write_csv().encode("gb18030"))
        files[name] = path
    assert len(files) > 10 and "任城区" in files and "梁山县" in files
    return files


def priors(files: dict[str, Path], *names: str) -> list[str]:
    return [arg for n in names for arg in ("--prior", str(files[n]))]


STOP = (
    "jncli annual: --prior 任城区2022台账.csv: 2023 is evaluated with a 2022 record of part of the city only: "
    "its 2022 rows of measures 2 and 6 name enterprises of 任城区 but none of 太白湖新区 (2 enterprise(s): "
    "太白湖润邻农产品有限公司 9137080049HF7D3K2W, 太白湖麒麟达家居用品有限公司 91370800W54GN3680J); 微山县 "
    "(1 enterprise(s): 微山联邦电子商务有限公司 91370826JGD5JDF1UH)"
)
HINT = (
    "(hint: give every county's 2022 ledger (repeat --prior) or the whole city's; if those counties' enterprises "
    "really received nothing under measures 2 and 6 in 2022, run with --prior-complete (recorded in the manifest))"
)


def test_one_countys_part_stops_the_run_in_english_and_chinese(annual, data2023, by_county, tmp_path):
    out = tmp_path / "out" / "2023"
    # Before: exit 0 and every 2022 recipient outside 任城区 paid its full 2023 amount again (9 × 5 + 10 = 55 万元
    # too much; with measure 3 too, 601.23 instead of 517.28). --skip 3: measure 3's own stop (no m3.fiscal row of
    # 2022 in a county's ledger) is tests/test_prior_cover.py's.
    proc = annual(data2023, out, "--prior", str(by_county["任城区"]), "--skip", "3")
    assert proc.returncode == 1, proc.stderr
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith(STOP) and last.endswith(HINT), last
    assert "济宁高新区 (3 enterprise(s): " in last and "任城区 (" not in last
    assert not out.exists() and not out.parent.exists() or not any(out.parent.iterdir())
    proc = annual(
        data2023, out, "--prior", str(by_county["任城区"]), "--skip", "3", "--lang", "zh", env={"LANG": "zh_CN.UTF-8"}
    )
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()[-1]
    assert (
        "--prior 任城区2022台账.csv：评定 2023 年时所依据的 2022 年台账只是全市的一部分：其第二条、第六条的 "
        "2022 年行涉及任城区的企业，但没有太白湖新区（2家：太白湖润邻农产品有限公司 9137080049HF7D3K2W、"
        "太白湖麒麟达家居用品有限公司 91370800W54GN3680J）；微山县（1家：微山联邦电子商务有限公司 "
        "91370826JGD5JDF1UH）" in last
    ), last
    assert "请加 --prior-complete 运行（该选项记入 manifest）" in last
    assert not out.exists()


def test_a_forgotten_county_file_stops_and_every_countys_file_pays_the_whole_ledgers_amount(
    annual, data2023, run2022, by_county, tmp_path
):
    rest = [n for n in by_county if n != "邹城市"]
    # Before: exit 0, 邹城丰融 and 邹城运河创 paid their full 2023 tier (5 万元 each too much).
    proc = annual(data2023, tmp_path / "a" / "2023", *priors(by_county, *rest))
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()[-1]
    assert "but none of 邹城市 (1 enterprise(s): 邹城丰融网络科技有限公司 91370883W9X278GWNA), whose 2022" in last, last
    assert not (tmp_path / "a" / "2023").exists()
    # every county's file, each a --prior of its own: the same bytes as the whole 2022 ledger
    proc = annual(data2023, tmp_path / "b" / "2023", *priors(by_county, *by_county))
    assert proc.returncode == 0, proc.stderr
    proc = annual(data2023, tmp_path / "c" / "2023", "--prior", str(run2022 / "ledger.csv"))
    assert proc.returncode == 0, proc.stderr
    assert paid(tmp_path / "b" / "2023") == paid(tmp_path / "c" / "2023") == RIGHT
    for name in OUTPUTS:  # a basis names the ledger a payment was read from (金乡鑫美's m3.fiscal): that aside
        text = (tmp_path / "b" / "2023" / name).read_text("utf-8")
        for path in by_county.values():
            text = text.replace(path.name, "ledger.csv")
        assert text == (tmp_path / "c" / "2023" / name).read_text("utf-8"), name


def test_the_finance_offices_awarded_only_list_of_every_county(annual, data2023, run2022, tmp_path):
    ledger = pl.read_csv(run2022 / "ledger.csv", infer_schema=False)
    paid_only = ledger.filter(pl.col("status") == "awarded").select(
        "beneficiary", "measure", "rule", "year", "award", "status"
    )
    whole = tmp_path / "财政局2022拨付清单.csv"
    whole.write_bytes(paid_only.write_csv().encode("gb18030"))
    proc = annual(data2023, tmp_path / "a" / "2023", "--prior", str(whole))
    assert proc.returncode == 0, proc.stderr
    assert paid(tmp_path / "a" / "2023") == RIGHT
    # the same list without 梁山县's one payment (梁山盛佳食品, 5 万元): 梁山县's 2022 is nowhere
    # (before: exit 0, 522.28 paid)
    without = tmp_path / "缺梁山县.csv"
    without.write_bytes(paid_only.filter(pl.col("beneficiary") != "91370832XKJ57YFTDD").write_csv().encode("gb18030"))
    proc = annual(data2023, tmp_path / "b" / "2023", "--prior", str(without))
    assert proc.returncode == 1
    assert "but none of 梁山县 (1 enterprise(s): 梁山盛佳食品有限公司 91370832XKJ57YFTDD), whose" in proc.stderr


def test_a_county_without_a_2022_payment_runs_with_prior_complete_and_verify_agrees(
    annual, jncli, data2023, by_county, tmp_path
):
    given = priors(by_county, *(n for n in by_county if n != "梁山县"))  # 梁山县 paid nothing in 2022, say
    out = tmp_path / "runs" / "2023"
    proc = annual(data2023, out, *given)
    assert proc.returncode == 1 and "but none of 梁山县 (1 enterprise(s)" in proc.stderr
    proc = annual(data2023, out, *given, "--prior-complete")
    assert proc.returncode == 0, proc.stderr
    assert (
        paid(out) == RIGHT + 5
    )  # 梁山盛佳食品's 2023 tier 20 in full (not 20 − 5): as the user said, nothing was paid in 2022
    warning = [line for line in proc.stderr.splitlines() if "--prior-complete takes the ledgers" in line]
    assert (
        len(warning) == 1 and "none of 梁山县 (1 enterprise(s): 梁山盛佳食品有限公司 91370832XKJ57YFTDD)" in warning[0]
    )
    assert "已指定 --prior-complete" in (out / "report.html").read_text("utf-8")
    assert manifest(out)["options"]["prior_complete"] is True
    proc = jncli("verify", str(out), *given)
    assert proc.returncode == 0 and "every output is byte-identical" in proc.stderr, proc.stdout + proc.stderr
    # --prior-complete without --prior is a usage error
    proc = annual(data2023, tmp_path / "x" / "2023", "--first-year", "--prior-complete")
    assert proc.returncode == 2 and "--prior-complete says the --prior ledgers are the whole record" in proc.stderr


def test_the_datas_own_evidence_and_a_county_paid_nothing_now_do_not_stop(annual, data2023, by_county, tmp_path):
    # 梁山盛佳食品's 2023 row says its 2022 online retail was 900 万元: below the 2022 tier (1000), no title, so
    # nothing under measure 2 was due in 2022 — no sign of a forgotten 梁山县 ledger
    data = tmp_path / "data" / "2023"
    shutil.copytree(data2023, data)
    rows = pl.read_csv(data2023 / "enterprises.csv", infer_schema=False)
    prev = "上年实物商品网络零售额(万元)"
    rows = rows.with_columns(
        pl.when(pl.col("统一社会信用代码") == "91370832XKJ57YFTDD")
        .then(pl.lit("900"))
        .otherwise(pl.col(prev))
        .alias(prev)
    )
    (data / "enterprises.csv").write_text(rows.write_csv(), "utf-8")
    given = priors(by_county, *(n for n in by_county if n != "梁山县"))
    proc = annual(data2023, tmp_path / "a" / "2023", *given)  # its 2023 row as shipped (2022: 8150.4 万元): a stop
    assert proc.returncode == 1 and "but none of 梁山县 (1 enterprise(s)" in proc.stderr
    proc = annual(data, tmp_path / "a" / "2023", *given)
    assert proc.returncode == 0, proc.stderr
    assert "--prior-complete" not in proc.stderr
    # with the 2022 rows in DATA every county's 2022 is there: 任城区's part alone pays 517.28 (the data's fallback)
    proc = annual(SAMPLES, tmp_path / "b" / "2023", "--prior", str(by_county["任城区"]))
    assert proc.returncode == 0, proc.stderr
    assert paid(tmp_path / "b" / "2023") == RIGHT


def test_award_enterprises_with_a_partial_prior_warns(jncli, data2023, by_county, tmp_path):
    out = tmp_path / "ae.csv"
    proc = jncli(
        "award-enterprises",
        str(data2023 / "enterprises.csv"),
        "--year",
        "2023",
        "--prior",
        str(by_county["任城区"]),
        "-o",
        str(out),
    )
    assert proc.returncode == 0, proc.stderr
    warning = [line for line in proc.stderr.splitlines() if "name enterprises of 任城区 but none of 太白湖新区" in line]
    assert len(warning) == 1 and warning[0].startswith("jncli award-enterprises: warning: --prior "), proc.stderr
    assert "give every county's 2022 ledger (repeat --prior) or the whole city's" in warning[0]
