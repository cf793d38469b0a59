"""A copied and edited policy file (another revision, another city) is validated as data.

Each case is one edit a person could make to the shipped TOML that used to load and then pay wrong
amounts, or drop rows, without a word (found by a review of `--policy`, session 3). The loader must
refuse it with the key named.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jncli.errors import PolicyError
from jncli.policy import load_policy

SHIPPED = Path(__file__).resolve().parents[1] / "jncli" / "policies" / "jining-2022.toml"


def edited(tmp_path: Path, pattern: str, replacement: str, count: int = 1) -> str:
    text, n = re.subn(pattern, replacement, SHIPPED.read_text("utf-8"), count=count, flags=re.M)
    assert n, f"the edit {pattern!r} did not apply: the test no longer tests anything"
    path = tmp_path / "p.toml"
    path.write_text(text, "utf-8")
    return str(path)


def test_the_shipped_policy_passes_every_check():
    assert load_policy(str(SHIPPED)).city_name == "济宁市"


@pytest.mark.parametrize(
    "pattern,replacement,key,says",
    [
        # the tier rows of 2023 vanished: no rule for that data year
        (r"^year = 2023$", "year = 2026", "m2.tier2023.year", "not one of period.annual_years"),
        (r"^year = 2022$", "year = 2023", "m2.tier2022.year", "one tier table per year"),
        # a third tier table was read by nobody
        (
            r"\A",
            "[m2.tier2024]\nyear = 2024\nup_to = true\ntiers = [{ threshold = 500, award = 7 }]\n",
            "m2.tier2024",
            "not a table jncli reads",
        ),
        (
            r"^newshops_more_than = 1000$",
            "newshops_more_than = 1000\nnewshops_more_thn = 100",
            "m4.newshops_more_thn",
            "not a key jncli reads",
        ),
        # 任城 booked under 兖州区, with 兖州区's fiscal ratio
        (
            r'aliases = \["兖州", ',
            'aliases = ["任城", "兖州", ',
            "aliases",
            "of the 2nd [[counties]] entry (兖州区) holds '任城', which the 1st [[counties]] entry (任城区) holds too",
        ),
        (
            r'^name = "兖州区"$',
            'name = "任城区"',
            "name",
            "of the 2nd [[counties]] entry (任城区) holds '任城区', which the 1st [[counties]] entry (任城区) holds",
        ),
        (r'^aliases = \["济宁", ', 'aliases = ["任城区", "济宁", ', "city", "names the city and the county 任城区"),
        # online paid twice, enterprise dropped
        (
            r"^category_order = .*$",
            'category_order = ["online", "online", "rural"]',
            "m1.category_order",
            "exactly once",
        ),
        # the policy said 50.125, the ledger 50.12, the basis 50.13
        (r"^awards = \[50, 40, 30\]$", "awards = [50.125, 40, 30]", "m1.awards", "more decimals than"),
        (r"^award_decimals = 2$", "award_decimals = 9", "m2.award_decimals", "0, 1 or 2"),
        # 12000 万元 paid less than 5000 万元
        (
            r"\{ threshold = 10000, award = 20 \}",
            "{ threshold = 10000, award = 2 }",
            "m2.tier2023.tiers",
            "a higher tier must not pay less",
        ),
        (r'^\[rules\."m4\.newshops"\]$', '[rules."m4.newshop"]', "rules", "lacks m4.newshops"),
        # a key under a quoted table is named as TOML writes it (rules.m4.newshops.measur would be another key)
        (
            r'^\[rules\."m4\.newshops"\]$',
            '[rules."m4.newshops"]\nmeasur = 4',
            'rules."m4.newshops".measur',
            "not a key jncli reads",
        ),
        (r"^number = 4$", "number = 44", 'rules."m4.newshops".measure', "no [[articles]] has number = 4"),
        (r"^lookback_years = .*$", "lookback_years = -2", "m7.lookback_years", "1 or more"),
        (r"^ratio_min = 0\nratio_max = 1$", "ratio_min = 0.9\nratio_max = 0.5", "m3.fiscal", "ratio_min ≤ ratio_max"),
        (
            r"^\[m1\.province_growth\]$",
            '[m1.province_growth]\n2023 = { value = 10.5, source = "统计公报", published = 2024-02-28 }',
            "m1.province_growth.2023.value",
            "0.105 for 10.5%",
        ),
        # (rev 3) a figure from outside the text without its source: refused, naming the key
        (r"^\[m1\.province_growth\]$", "[m1.province_growth]\n2023 = 0.105", "m1.province_growth.2023", "source"),
        (
            r"^\[m1\.province_rural_growth\]$",
            "[m1.province_rural_growth]\n2023 = { value = 0.12, published = 2024-02-28 }",
            "m1.province_rural_growth.2023.source",
            "is missing",
        ),
        (
            r"^\[m1\.province_growth\]$",
            '[m1.province_growth]\n2023 = { value = 0.105, source = " ", published = 2024-02-28 }',
            "m1.province_growth.2023.source",
            "is empty",
        ),
        (
            r"^\[m1\.province_growth\]$",
            '[m1.province_growth]\n2023 = { value = 0.105, source = "统计公报" }',
            "m1.province_growth.2023.published",
            "is missing",
        ),
        (r"^annual_years = .*$", "annual_years = [2019, 2022, 2023]", "period.annual_years", "outside the period"),
        (r"count = 3 \}", "count = 0 }", "m2.commend.rules.1.count", "1 or more"),
    ],
)
def test_an_edit_that_would_pay_wrong_amounts_is_refused(tmp_path, pattern, replacement, key, says):
    with pytest.raises(PolicyError) as e:
        load_policy(edited(tmp_path, pattern, replacement))
    assert f"key {key!r}" in str(e.value) and says in str(e.value), str(e.value)


def test_another_city_is_named_in_the_sentences(tmp_path):
    import polars as pl

    from jncli.rules.whitelist import vet_whitelist

    path = edited(tmp_path, r'^\[city\]\nname = "济宁市"', '[city]\nname = "泰安市"')
    pol = load_policy(path)
    cands = pl.DataFrame(
        {
            "credit_code": ["91370800MA3C00001M"],
            "name": ["甲"],
            "category": ["park"],
            "county": ["济南市"],
            "revenue": [2000.0],
            "employees": [50],
            "years_operating": [3.0],
            "_source": ["c.csv"],
            "_row": [2],
        }
    )
    recs = pl.DataFrame(
        {"credit_code": [], "kind": [], "recorded_on": [], "_source": [], "_row": []},
        schema={
            "credit_code": pl.String,
            "kind": pl.String,
            "recorded_on": pl.Date,
            "_source": pl.String,
            "_row": pl.Int64,
        },
    )
    import datetime as dt

    res = vet_whitelist(cands, recs, pol, as_of=dt.date(2023, 12, 31), lang="zh")
    assert res.table["reasons"].to_list() == [["不属于泰安市县（市、区）：济南市"]]
