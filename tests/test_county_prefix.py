"""A county written with Jining's province or city in front of it, or the city in brackets after it (hostile
review 1, A4), and measure 8's employer outside Jining (B6).

Bureaus write 任城区 as 济宁任城区, 山东济宁任城区, 山东省济宁市 任城区 or 任城区（济宁）. Each table read such a
cell its own way: enterprises and hires as "not a Jining county" (the award dropped; for a hire with no warning
at all), the counties, fiscal-ratio and county-rate tables stopped. One reading now (`Policy.canonical_county`;
the prefixes are the policy file's [city] and [province] names): the county. Another city's county written the
same way (山东省临沂市兰山区) stays outside; the old names 市中区 and 北湖新区 (ambiguous) and the division code
370811 (not sourced) are not read as counties. The tables are the samples' own with the county cells rewritten,
as a bureau's export would hold them (UTF-8, and GB18030 for the hires).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from jncli.policy import load_policy

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
POLICY = load_policy()


@pytest.mark.parametrize(
    ("written", "county"),
    [
        ("济宁任城区", "任城区"),
        ("济宁市任城区", "任城区"),
        ("山东济宁任城区", "任城区"),
        ("山东省济宁市任城区", "任城区"),
        ("山东省济宁任城区", "任城区"),
        ("山东济宁市任城区", "任城区"),
        ("山东省 济宁市 任城区", "任城区"),
        ("济宁 任城区", "任城区"),
        ("任城区（济宁）", "任城区"),
        ("任城区(济宁市)", "任城区"),
        ("任城区（山东省济宁市）", "任城区"),
        ("任城（济宁）", "任城区"),
        ("山东任城区", "任城区"),
        ("山东省兖州市", "兖州区"),
        ("济宁邹城市", "邹城市"),
        ("济宁市 梁山县", "梁山县"),
        ("济宁市高新区", "济宁高新区"),
        ("济宁市经开区", "济宁经济技术开发区"),
        ("济宁太白湖", "太白湖新区"),
        ("太白湖新区（济宁市）", "太白湖新区"),
        # hostile3 D4: a separator between the names (was: outside the city, its awards dropped with a warning)
        ("济宁市-任城区", "任城区"),
        ("济宁市·任城区", "任城区"),
        ("济宁市/任城区", "任城区"),
        ("济宁市／任城区", "任城区"),
        ("山东省-济宁市-任城区", "任城区"),
        ("济宁市 - 任城区", "任城区"),
        ("济宁-高新区", "济宁高新区"),
    ],
)
def test_a_county_with_the_province_or_city_in_front_or_the_city_in_brackets_is_that_county(written, county):
    assert POLICY.canonical_county(written) == county


@pytest.mark.parametrize(
    "written",
    [
        "山东省临沂市兰山区",  # another city's county, written the same way
        "临沂市任城区",
        "兰山区（临沂）",
        "任城区（临沂市）",  # a bracket naming another city
        "任城区（山东）",  # a bracket naming only the province
        "山东高新区",  # the province alone before a zone: no one zone
        "山东省经济开发区",
        "市中区",  # the old names, ambiguous: left as they were
        "济宁市市中区",
        "北湖新区",
        "370811",  # the division code: not sourced, not read
        "济宁市",
        "山东济宁",
        "山东省",
        "（济宁）",
        "",
        "济宁市-兰山区",  # a separator reads no other city's county into the city
        "-任城区",  # nor stands for a prefix
        "任城-区",
        "山东-高新区",
    ],
)
def test_another_citys_county_an_old_name_or_the_city_alone_is_no_county(written):
    assert POLICY.canonical_county(written) is None


# ------------------------------------------------------------------------------------------- through annual
COUNTY_COLUMN = {"enterprises.csv": 2, "hires.csv": 2, "candidates.csv": 3, "shops.csv": 1}


def _data(tmp_path: Path, name: str, table: str, spelling: str, encoding: str = "utf-8") -> Path:
    """The samples' tables, every county of `table`'s county column that `spelling` names (任城区, or 邹城市 in the
    candidates, which hold no 任城区; 任城区 for another city's county) written `spelling`."""
    data = tmp_path / name
    data.mkdir()
    for f in SAMPLES.glob("*.csv"):
        shutil.copy(f, data / f.name)
    path = data / table
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    col = COUNTY_COLUMN.get(table, 0)
    county, changed = POLICY.canonical_county(spelling) or "任城区", 0
    for r in rows[1:]:
        if r[col] == county:
            r[col] = spelling
            changed += 1
    assert changed
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return data


@pytest.fixture(scope="module")
def clean(annual, tmp_path_factory) -> Path:
    """The samples' 2023 run: its ledger is what every spelling below must give."""
    out = tmp_path_factory.mktemp("clean") / "out"
    p = annual(SAMPLES, out, "--lang", "en")
    assert p.returncode == 0, p.stderr
    return out


@pytest.mark.parametrize(
    ("table", "spelling", "encoding"),
    [
        ("enterprises.csv", "济宁任城区", "utf-8"),
        ("enterprises.csv", "任城区（济宁）", "utf-8"),
        ("hires.csv", "山东济宁任城区", "gb18030"),
        ("candidates.csv", "邹城市（济宁）", "utf-8"),
        ("shops.csv", "济宁任城区", "utf-8"),
        ("counties.csv", "济宁 任城区", "utf-8"),
        ("counties.csv", "济宁市·任城区", "utf-8"),
        ("enterprises.csv", "济宁市-任城区", "gb18030"),
        ("county_rates.csv", "济宁任城区", "utf-8"),
        ("fiscal_ratios.csv", "任城区（济宁市）", "utf-8"),
    ],
)
def test_annual_reads_the_spelling_as_the_county_in_every_table(annual, clean, tmp_path, table, spelling, encoding):
    data = _data(tmp_path, "data", table, spelling, encoding)
    p = annual(data, tmp_path / "out", "--lang", "en")
    assert p.returncode == 0, p.stderr
    assert spelling not in p.stderr  # no warning names it as outside the city
    for name in ("ledger.csv", "score-counties.csv", "track-shops.csv", "whitelist.csv", "trained-hires.csv"):
        assert (tmp_path / "out" / name).read_bytes() == (clean / name).read_bytes(), name


def test_another_citys_county_written_with_its_province_and_city_stays_outside(annual, clean, tmp_path):
    data = _data(tmp_path, "data", "enterprises.csv", "山东省临沂市兰山区")
    p = annual(data, tmp_path / "out", "--lang", "en")
    assert p.returncode == 0, p.stderr
    assert "name a county outside 济宁市: ineligible" in p.stderr
    assert "'山东省临沂市兰山区'" in p.stderr
    ledger = (tmp_path / "out" / "ledger.csv").read_text(encoding="utf-8-sig")
    assert ledger != (clean / "ledger.csv").read_text(encoding="utf-8-sig")


# ------------------------------------------------------------------------- B6: the employer outside Jining
SAMPLE_WARNING = (
    "warning: trained-hires: 1 hire row(s) of 1 employer(s) name no county of 济宁市 (another city's, or none): "
    "those employers are ineligible (hires.csv row 32: '菏泽市')"
)
SAMPLE_WARNING_ZH = (
    "trained-hires：1家用人单位的1行人员记录所填县（市、区）不属于济宁市所辖县（市、区）或为空：这些单位不符合条件"
    "（hires.csv 第32行：'菏泽市'）"
)


def test_annual_warns_about_the_samples_employer_in_another_city_on_stderr_and_in_the_report(annual, tmp_path):
    p = annual(SAMPLES, tmp_path / "en", "--lang", "en")
    assert p.returncode == 0, p.stderr
    assert SAMPLE_WARNING in p.stderr
    p = annual(SAMPLES, tmp_path / "zh")
    assert p.returncode == 0, p.stderr
    html = (tmp_path / "zh" / "report.html").read_text(encoding="utf-8")
    assert SAMPLE_WARNING_ZH.replace("'", "&#x27;") in html


def test_trained_hires_warns_about_employers_in_another_city_or_with_no_county(jncli, tmp_path):
    with open(SAMPLES / "hires.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    empty, other = rows[3][0], rows[6][0]  # two employers of the samples, in 嘉祥县 and 汶上县
    assert empty != other
    for r in rows[1:]:
        if r[0] == empty:
            r[2] = ""
        elif r[0] == other:
            r[2] = "山东省临沂市兰山区"
    hires = tmp_path / "hires.csv"
    with open(hires, "w", encoding="gb18030", newline="") as fh:
        csv.writer(fh).writerows(rows)
    n = sum(r[0] in (empty, other) for r in rows[1:]) + 1  # and the samples' 菏泽 employer
    shared = ("trained-hires", str(hires), "--insurance", str(SAMPLES / "insurance.csv"), "--year", "2023")
    p = jncli(*shared, "-o", str(tmp_path / "en.csv"), "--lang", "en", text=True)
    assert p.returncode == 0, p.stderr
    lines = [x for x in p.stderr.splitlines() if "name no county of 济宁市" in x]
    assert len(lines) == 1, p.stderr
    assert f"warning: {n} hire row(s) of 3 employer(s) name no county of 济宁市 (another city's, or none)" in lines[0]
    assert f"{hires} row 4: ''" in lines[0]  # the empty county first: the rows by what they say
    assert lines[0].endswith(", …)")
    p = jncli(*shared, "-o", str(tmp_path / "zh.csv"), "--lang", "zh", text=True)
    assert p.returncode == 0, p.stderr
    assert (
        f"3家用人单位的{n}行人员记录所填县（市、区）不属于济宁市所辖县（市、区）或为空：这些单位不符合条件" in p.stderr
    )


def test_trained_hires_says_nothing_when_every_employer_is_in_jining(jncli, tmp_path):
    with open(SAMPLES / "hires.csv", encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.reader(fh) if r[2] != "菏泽市"]
    hires = tmp_path / "hires.csv"
    with open(hires, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    p = jncli(
        "trained-hires", str(hires), "--insurance", str(SAMPLES / "insurance.csv"), "--year", "2023",
        "-o", str(tmp_path / "o.csv"), "--lang", "en", text=True,
    )  # fmt: skip
    assert p.returncode == 0, p.stderr
    assert "name no county" not in p.stderr


# ------------------------------------------------------------------------------- [province] in a copied file
def _copy(edit) -> dict:
    import tomllib

    data = tomllib.loads((ROOT / "jncli" / "policies" / "jining-2022.toml").read_text(encoding="utf-8"))
    edit(data)
    return data


def test_a_copy_without_province_reads_the_city_in_front_only():
    from jncli.policy import parse_policy

    policy = parse_policy(_copy(lambda d: d.pop("province")), "copy.toml")
    assert policy.province_names == ()
    assert policy.canonical_county("济宁任城区") == "任城区"
    assert policy.canonical_county("山东济宁任城区") == "任城区"  # 山东济宁 is one of [city]'s aliases
    assert policy.canonical_county("山东省济宁任城区") is None
    assert policy.canonical_county("山东任城区") is None


def test_a_province_name_that_names_a_county_is_refused():
    from jncli.errors import PolicyError
    from jncli.policy import parse_policy

    with pytest.raises(PolicyError, match="'任城' names the province and the county 任城区"):
        parse_policy(_copy(lambda d: d["province"]["aliases"].append("任城")), "copy.toml")
