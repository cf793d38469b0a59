"""Measure 7 (whitelist, rule m7.whitelist): hand-worked cases from RULES.md §7 and the shipped policy.

Unless a test says otherwise: --as-of 2023-06-30 and the shipped look-back of 3 years, so the records
window is [2020-06-30, 2023-06-30], both ends included. Shipped minimums (revenue 万元 / employees /
years operating): park 1000/20/2, mcn 300/10/1, training 100/5/1, supply_chain 1000/20/2,
operation 200/10/1, content 100/5/1.

Frames are built with the exact dtypes the reader's `conform` produces (jncli/schema.py).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jncli import credit_code
from jncli.credit_code import valid_expr as _valid_code
from jncli.errors import DataError, UsageError
from jncli.parse import parse_date as parse_date_option
from jncli.policy import load_policy
from jncli.rules.whitelist import OUTPUT_COLUMNS, vet_whitelist, window_start
from jncli.values import MONEY_DTYPE

POLICY = load_policy()
AS_OF = dt.date(2023, 6, 30)

CANDIDATE_SCHEMA = {
    "credit_code": pl.String,
    "name": pl.String,
    "category": pl.String,
    "county": pl.String,
    "revenue": MONEY_DTYPE,
    "employees": pl.Int64,
    "years_operating": pl.Float64,
    "_source": pl.String,
    "_row": pl.Int64,
}
RECORD_SCHEMA = {
    "credit_code": pl.String,
    "kind": pl.String,
    "recorded_on": pl.Date,
    "repaired_on": pl.Date,
    "_source": pl.String,
    "_row": pl.Int64,
}
LEDGER_SCHEMA = {
    "beneficiary": pl.String,
    "beneficiary_name": pl.String,
    "measure": pl.Int64,
    "rule": pl.String,
    "year": pl.Int64,
    "award": MONEY_DTYPE,
    "status": pl.String,
    "basis": pl.String,
    "_source": pl.String,
    "_row": pl.Int64,
}


def code(n: int) -> str:
    """A valid GB 32100-2015 code (check character from credit_code.make)."""
    return credit_code.make(f"91370800MA{n:07d}")


def cand(code_, category="park", county="任城区", revenue="1000", employees=20, years=2.0, name=None):
    return dict(
        credit_code=code_,
        name=name or f"企业{code_[-4:] if code_ else ''}",
        category=category,
        county=county,
        revenue=None if revenue is None else Decimal(revenue),
        employees=employees,
        years_operating=years,
    )


def candidates(*rows, source="candidates.csv") -> pl.DataFrame:
    data = [dict(r, _source=source, _row=i + 2) for i, r in enumerate(rows)]
    return pl.DataFrame(data, schema=CANDIDATE_SCHEMA)


def records(*rows, source="records.csv") -> pl.DataFrame:
    """rows: (credit_code, kind, recorded_on, repaired_on)."""
    data = [
        dict(credit_code=c, kind=k, recorded_on=r, repaired_on=p, _source=source, _row=i + 2)
        for i, (c, k, r, p) in enumerate(rows)
    ]
    return pl.DataFrame(data, schema=RECORD_SCHEMA)


NO_RECORDS = records()


def previous(*rows, source="whitelist2022.csv") -> pl.DataFrame:
    """rows: (beneficiary, name, status[, year[, rule]]) — a conformed ledger of an earlier run."""
    data = []
    for i, r in enumerate(rows):
        ben, name, status = r[:3]
        year = r[3] if len(r) > 3 else 2022
        rule = r[4] if len(r) > 4 else "m7.whitelist"
        data.append(
            dict(
                beneficiary=ben,
                beneficiary_name=name,
                measure=7,
                rule=rule,
                year=year,
                award=Decimal(0),
                status=status,
                basis="",
                _source=source,
                _row=i + 2,
            )
        )
    return pl.DataFrame(data, schema=LEDGER_SCHEMA)


def run(cands, recs=NO_RECORDS, **kw):
    kw.setdefault("as_of", AS_OF)
    return vet_whitelist(cands, recs, kw.pop("policy", POLICY), **kw)


def row_of(result, beneficiary):
    rows = result.table.filter(pl.col("beneficiary") == beneficiary).to_dicts()
    assert len(rows) == 1, rows
    return rows[0]


# ------------------------------------------------------------------------------------------ minimums
SHIPPED = {  # category: (revenue 万元, employees, years operating) — the project's documented reading
    "park": ("1000", 20, 2.0),
    "mcn": ("300", 10, 1.0),
    "training": ("100", 5, 1.0),
    "supply_chain": ("1000", 20, 2.0),
    "operation": ("200", 10, 1.0),
    "content": ("100", 5, 1.0),
}


def test_shipped_minimums_are_the_documented_ones():
    got = {c.key: (str(c.revenue), c.employees, float(c.years_operating)) for c in POLICY.m7_categories}
    assert got == SHIPPED
    assert POLICY.m7_lookback_years == 3


@pytest.mark.parametrize("category", sorted(SHIPPED))
def test_each_minimum_at_its_exact_boundary(category):
    rev, emp, yrs = SHIPPED[category]
    a, b, c, d = code(1), code(2), code(3), code(4)
    # a: exactly at every minimum → include (>=); b/c/d: one step below exactly one minimum.
    # Smallest steps: revenue 0.000001 万元 (= 0.01 元), one employee, 0.1 year.
    below_rev = str(Decimal(rev) - Decimal("0.000001"))
    res = run(
        candidates(
            cand(a, category, revenue=rev, employees=emp, years=yrs),
            cand(b, category, revenue=below_rev, employees=emp, years=yrs),
            cand(c, category, revenue=rev, employees=emp - 1, years=yrs),
            cand(d, category, revenue=rev, employees=emp, years=round(yrs - 0.1, 1)),
        ),
        lang="en",
    )
    assert row_of(res, a)["decision"] == "include"
    assert row_of(res, a)["reasons"] == []
    assert row_of(res, b)["reasons"] == [f"revenue {below_rev} 万元 below the {category} minimum {rev} 万元"]
    assert row_of(res, c)["reasons"] == [f"employees {emp - 1} below the {category} minimum {emp}"]
    assert row_of(res, d)["reasons"] == [
        f"years operating {round(yrs - 0.1, 1)} below the {category} minimum {int(yrs)}"
    ]
    for x in (b, c, d):
        assert row_of(res, x)["decision"] == "exclude" and row_of(res, x)["status"] == "excluded"


def test_minimum_reasons_in_chinese():
    # park 999.5 万元 < 1000; 19 人 < 20; 1.5 年 < 2 — all three at once.
    res = run(candidates(cand(code(1), "电商产业园区", revenue="999.5", employees=19, years=1.5)))
    assert row_of(res, code(1))["reasons"] == [
        "营业收入999.5万元低于电商产业园区最低要求1000万元",
        "从业人数19人低于电商产业园区最低要求20人",
        "经营年限1.5年低于电商产业园区最低要求2年",
    ]


def test_minimums_come_from_the_policy_not_the_code():
    # Raise park's revenue minimum to 2000 万元 and cut the look-back to 1 year in a policy copy.
    cats = tuple(c._replace(revenue=Decimal(2000)) if c.key == "park" else c for c in POLICY.m7_categories)
    pol = POLICY._replace(m7_categories=cats, m7_lookback_years=1)
    recs = records((code(2), "行政处罚", dt.date(2021, 6, 30), None))  # 2 years before as_of
    cands = candidates(cand(code(1), revenue="1500"), cand(code(2), "mcn"))
    shipped, custom = run(cands, recs), run(cands, recs, policy=pol)
    assert [r["decision"] for r in shipped.table.to_dicts()] == ["include", "exclude"]
    # 1500 < 2000 now fails; the 2021 record lies before the window [2022-06-30, 2023-06-30].
    assert [r["decision"] for r in custom.table.to_dicts()] == ["exclude", "include"]
    assert row_of(custom, code(1))["reasons"] == ["营业收入1500万元低于电商产业园区最低要求2000万元"]


def test_missing_values_are_reasons_not_silent_passes():
    res = run(candidates(cand(code(1), revenue=None, employees=None, years=None)), lang="en")
    assert row_of(res, code(1))["reasons"] == ["revenue not given", "employees not given", "years operating not given"]


# ------------------------------------------------------------------------------------------ records window
def test_record_window_edges():
    # Window [2020-06-30, 2023-06-30]. One candidate per record date; e has no record at all.
    a, b, c, d, e, f = (code(i) for i in range(1, 7))
    recs = records(
        (a, "行政处罚", dt.date(2020, 6, 30), None),  # first day of the window: counts
        (b, "行政处罚", dt.date(2020, 7, 1), None),  # one day inside: counts
        (c, "行政处罚", dt.date(2020, 6, 29), None),  # one day outside (too old): does not count
        (d, "失信被执行人", dt.date(2023, 6, 30), None),  # as_of itself: counts
        (f, "经营异常", dt.date(2023, 7, 1), None),  # one day after as_of (future-dated): does not count
    )
    res = run(candidates(*(cand(x) for x in (a, b, c, d, e, f))), recs)
    decisions = {r["beneficiary"]: r["decision"] for r in res.table.to_dicts()}
    assert decisions == {a: "exclude", b: "exclude", c: "include", d: "exclude", e: "include", f: "include"}
    assert row_of(res, a)["blocking_records"] == ["行政处罚@2020-06-30"]
    assert row_of(res, d)["blocking_records"] == ["失信被执行人@2023-06-30"]
    assert row_of(res, a)["reasons"] == ["2020-06-30至2023-06-30期间有1条截至2023-06-30未修复的违法违规或不良信用记录"]
    # recommend_province needs no record ever: the expired (c) and the future-dated (f) record block it.
    recommend = {r["beneficiary"]: r["recommend_province"] for r in res.table.to_dicts()}
    assert recommend == {a: False, b: False, c: False, d: False, e: True, f: False}


def test_future_dated_record_alone():
    recs = records((code(1), "行政处罚", dt.date(2024, 1, 1), None))
    r = row_of(run(candidates(cand(code(1))), recs), code(1))
    assert (r["decision"], r["blocking_records"], r["recommend_province"]) == ("include", [], False)


def test_repaired_before_vs_after_as_of():
    # All recorded 2022-01-01 (inside the window); only the repair date differs.
    a, b, c, d = code(1), code(2), code(3), code(4)
    recs = records(
        (a, "不良信用", dt.date(2022, 1, 1), dt.date(2023, 6, 29)),  # repaired before as_of: does not count
        (b, "不良信用", dt.date(2022, 1, 1), dt.date(2023, 6, 30)),  # repaired on as_of (≤): does not count
        (c, "不良信用", dt.date(2022, 1, 1), dt.date(2023, 7, 1)),  # repaired after as_of: counts
        (d, "不良信用", dt.date(2022, 1, 1), None),  # never repaired: counts
    )
    res = run(candidates(*(cand(x) for x in (a, b, c, d))), recs)
    assert [r["decision"] for r in res.table.to_dicts()] == ["include", "include", "exclude", "exclude"]
    # A repaired record still rules out the provincial recommendation ("no record at all, ever").
    assert [r["recommend_province"] for r in res.table.to_dicts()] == [False, False, False, False]


def test_blocking_records_listed_by_date_with_kind():
    recs = records(
        (code(1), "经营异常", dt.date(2023, 1, 5), None),
        (code(1), None, dt.date(2021, 3, 1), None),  # no kind given: the date alone
        (code(1), "行政处罚", dt.date(2021, 3, 1), None),
        (code(1), "行政处罚", dt.date(2019, 1, 1), None),  # outside the window: not listed
    )
    r = row_of(run(candidates(cand(code(1))), recs, lang="en"), code(1))
    assert r["blocking_records"] == ["2021-03-01", "行政处罚@2021-03-01", "经营异常@2023-01-05"]
    assert r["reasons"] == [
        "3 violation or bad-credit record(s) recorded 2020-06-30..2023-06-30 and not repaired by 2023-06-30"
    ]


def test_feb_29_minus_n_years_is_feb_28():
    assert window_start(dt.date(2024, 2, 29), 3) == dt.date(2021, 2, 28)
    assert window_start(dt.date(2024, 2, 29), 4) == dt.date(2020, 2, 29)
    assert window_start(dt.date(2023, 6, 30), 0) == dt.date(2023, 6, 30)
    # as_of 2024-02-29, N = 3 → window [2021-02-28, 2024-02-29].
    recs = records((code(1), "行政处罚", dt.date(2021, 2, 28), None), (code(2), "行政处罚", dt.date(2021, 2, 27), None))
    res = run(candidates(cand(code(1)), cand(code(2))), recs, as_of=dt.date(2024, 2, 29))
    assert [r["decision"] for r in res.table.to_dicts()] == ["exclude", "include"]
    assert res.table["year"].to_list() == [2024, 2024]


def test_lookback_years_option_overrides_the_policy():
    recs = records((code(1), "行政处罚", dt.date(2021, 6, 29), None))  # 2 years and a day before as_of
    cands = candidates(cand(code(1)))
    assert row_of(run(cands, recs), code(1))["decision"] == "exclude"  # N = 3 (policy)
    assert row_of(run(cands, recs, lookback_years=2), code(1))["decision"] == "include"  # [2021-06-30, …]
    with pytest.raises(UsageError):
        run(cands, recs, lookback_years=-1)
    with pytest.raises(UsageError, match="before year 1"):
        run(cands, recs, lookback_years=5000)


def test_records_match_normalised_codes_and_others_are_counted():
    a = code(1)
    recs = records(
        (f" {a[:9]} {a[9:].lower()} ", "行政处罚", dt.date(2022, 1, 1), None),  # same entity, written loosely
        (code(50), "行政处罚", dt.date(2022, 1, 1), None),  # not a candidate
        (None, "行政处罚", dt.date(2022, 1, 1), None),  # no code: not a candidate either
    )
    res = run(candidates(cand(a.lower())), recs)
    assert row_of(res, a)["decision"] == "exclude"
    assert res.warnings == [
        "2 of 3 records name entities that are not candidates; ignored",
        "1 record(s) have no credit code, so they cannot block any candidate (first: records.csv row 4): "
        "check them at the source",
    ]


def test_record_without_date_is_a_data_error():
    recs = records((code(1), "行政处罚", dt.date(2022, 1, 1), None), (code(1), "行政处罚", None, None))
    with pytest.raises(DataError, match=r"records\.csv row 3, column recorded_on"):
        run(candidates(cand(code(1))), recs)


# ------------------------------------------------------------------------------------------ several reasons
def test_several_reasons_at_once():
    bad = code(1)[:-1] + ("0" if code(1)[-1] != "0" else "1")  # wrong check character
    expected_check = credit_code.check_char(bad[:17])
    recs = records((bad, "行政处罚", dt.date(2022, 5, 1), None))
    res = run(candidates(cand(bad, "park", county="泰安市", revenue="5", employees=1, years=0.5)), recs)
    r = row_of(res, bad)
    assert r["reasons"] == [
        f"统一社会信用代码{bad}校验位错误（应为{expected_check}）",
        "不属于济宁市县（市、区）：泰安市",
        "营业收入5万元低于电商产业园区最低要求1000万元",
        "从业人数1人低于电商产业园区最低要求20人",
        "经营年限0.5年低于电商产业园区最低要求2年",
        "2020-06-30至2023-06-30期间有1条截至2023-06-30未修复的违法违规或不良信用记录",
    ]
    assert r["blocking_records"] == ["行政处罚@2022-05-01"]
    assert r["basis"] == "依据第七条（建立生态链企业“白名单”），不列入白名单：" + "；".join(r["reasons"]) + "。"
    assert r["county"] == "泰安市"


def test_county_aliases_and_outside_jining():
    res = run(
        candidates(cand(code(1), county="高新区"), cand(code(2), county=None), cand(code(3), county="济南市")),
        lang="en",
    )
    assert row_of(res, code(1))["county"] == "济宁高新区" and row_of(res, code(1))["decision"] == "include"
    assert row_of(res, code(2))["reasons"] == ["county is empty: not a county of the city"]
    assert row_of(res, code(3))["reasons"] == ["not a county of 济宁市 (济南市)"]


def test_empty_credit_code_is_excluded_not_an_error():
    res = run(candidates(cand(None), cand(None)))  # two empty codes are not "duplicates"
    assert res.table["decision"].to_list() == ["exclude", "exclude"]
    assert res.table["reasons"].to_list() == [["统一社会信用代码为空"]] * 2


# ------------------------------------------------------------------------------------------ categories
@pytest.mark.parametrize(
    "written, key",
    [
        ("电商产业园区", "park"),
        ("MCN机构", "mcn"),
        ("人才培养机构", "training"),
        ("供应链企业", "supply_chain"),
        ("代运营", "operation"),
        ("内容制作", "content"),
        ("park", "park"),
        ("Supply_Chain", "supply_chain"),
        ("ＭＣＮ机构", "mcn"),
        ("电商园区", "park"),
        (" 供应链 ", "supply_chain"),
    ],
)
def test_categories_in_chinese_english_or_alias(written, key):
    r = row_of(run(candidates(cand(code(1), written, revenue="5000", employees=100, years=10))), code(1))
    assert (r["category"], r["decision"]) == (key, "include")


def test_unknown_category_excludes_the_candidate_and_the_run_goes_on():
    # (rev 3) 在全市筛选一批电商产业园区、MCN机构……以及代运营、内容制作等专业服务企业: the list ends in 等, so a
    # category the policy file has no minimums for is not an error: the candidate is excluded, saying why.
    cands = candidates(
        cand(code(1)), cand(code(2), "直播基地", revenue="5000"), cand(code(3), "直播基地", county="泰安市")
    )
    res = run(cands, lang="en")
    assert row_of(res, code(1))["decision"] == "include"  # the others are still vetted
    r2, r3 = row_of(res, code(2)), row_of(res, code(3))
    assert (r2["decision"], r2["status"], r2["category"]) == ("exclude", "excluded", "直播基地")
    assert r2["reasons"] == ["category without minimums in the policy file (直播基地)"]
    assert r3["reasons"] == [
        "not a county of 济宁市 (泰安市)",
        "category without minimums in the policy file (直播基地)",
    ]
    assert r2["recommend_province"] is False
    (w,) = [w for w in res.warnings if "直播基地" in w]
    assert "candidates.csv row 3 (and 1 more row(s))" in w and "[m7.categories.<key>]" in w and "--policy" in w
    zh = run(cands, lang="zh")
    assert "类别“直播基地”在政策文件中没有最低要求" in row_of(zh, code(2))["basis"]


def test_empty_category_is_a_data_error():
    with pytest.raises(DataError, match=r"candidates\.csv row 2, column category: is empty"):
        run(candidates(cand(code(1), None)))


def test_duplicate_candidate_code_names_both_rows():
    a = code(7)
    cands = candidates(cand(a), cand(code(8)), cand(f"{a[:4]} {a[4:].lower()}"))
    with pytest.raises(
        DataError,
        match=rf"duplicate candidate credit code {a}: candidates\.csv row 2 and "
        rf"candidates\.csv row 4",
    ):
        run(cands)


# ------------------------------------------------------------------------------------------ dynamic management
def _change_case():
    a, b, c, d, e, f = (code(i) for i in range(1, 7))
    prev = previous(
        (a, "甲", "included"),  # listed, still passes              → kept
        (b, "乙", "included"),  # listed, now fails (revenue)        → removed
        (c, "丙", "excluded"),  # rejected last year, passes now     → added (it was not on the list)
        (d, "丁", "included"),  # listed, not a candidate any more   → extra row: exclude / removed
    )
    cands = candidates(
        cand(a, name="甲"),
        cand(b, name="乙", revenue="10"),
        cand(c, name="丙"),
        cand(e, name="戊", employees=3),  # new and failing → new_candidate_rejected
        cand(f, name="己"),  # new and passing → added
    )
    return (a, b, c, d, e, f), cands, prev


def test_each_change_value():
    (a, b, c, d, e, f), cands, prev = _change_case()
    res = run(cands, previous=prev)
    got = [(r["beneficiary"], r["decision"], r["change"], r["status"]) for r in res.table.to_dicts()]
    assert got == [
        (a, "include", "kept", "included"),
        (b, "exclude", "removed", "excluded"),
        (c, "include", "added", "included"),
        (e, "exclude", "new_candidate_rejected", "excluded"),
        (f, "include", "added", "included"),
        (d, "exclude", "removed", "excluded"),
    ]
    gone = row_of(res, d)
    assert gone["beneficiary_name"] == "丁" and gone["reasons"] == ["已不在候选名单中"]
    assert gone["basis"] == "依据第七条（建立生态链企业“白名单”），不再列入白名单：已不在候选名单中。"
    assert gone["recommend_province"] is False and gone["blocking_records"] == [] and gone["category"] is None
    en = run(cands, previous=prev, lang="en")
    assert row_of(en, d)["reasons"] == ["no longer a candidate"]


def test_no_previous_means_empty_change():
    _, cands, _ = _change_case()
    assert run(cands).table["change"].to_list() == [None] * 5


def test_only_filters():
    (a, b, c, d, e, f), cands, prev = _change_case()
    only = lambda what: run(cands, previous=prev, only=what).table["beneficiary"].to_list()  # noqa: E731
    assert only("include") == [a, c, f]
    assert only("exclude") == [b, e, d]
    # changes = what the published list gains (added) or loses (removed); kept and rejected are not news.
    assert only("changes") == [b, c, f, d]
    with pytest.raises(UsageError, match="--only changes needs --previous"):
        run(cands, only="changes")
    with pytest.raises(UsageError):
        run(cands, only="everything")


def test_previous_uses_only_whitelist_rows_of_the_latest_year():
    a, b, c = code(1), code(2), code(3)
    prev = previous(
        (a, "甲", "included", 2022),
        (b, "乙", "included", 2023),
        (c, "丙", "awarded", 2023, "m2.tier2023"),  # another measure's row in a combined ledger
        (c, "丙", "included", 2023, "m2.title"),  # nonsense status for m2, still not a whitelist row
    )
    res = run(candidates(cand(a), cand(b), cand(c)), previous=prev)
    assert res.table["change"].to_list() == ["added", "kept", "added"]
    assert any("latest, 2023" in w for w in res.warnings)


def test_previous_without_whitelist_rows_warns():
    res = run(candidates(cand(code(1))), previous=previous((code(1), "甲", "awarded", 2023, "m2.tier2023")))
    assert res.table["change"].to_list() == ["added"]
    assert res.warnings == [
        "the previous list holds no m7.whitelist row with status included: every included candidate is 'added'"
    ]


def test_previous_codes_are_normalised():
    a = code(1)
    res = run(candidates(cand(a)), previous=previous((f" {a.lower()} ", "甲", " Included ")))
    assert res.table["change"].to_list() == ["kept"]


def test_previous_without_its_key_columns_is_a_data_error():
    bad = pl.DataFrame({"name": ["甲"], "_source": ["old.csv"], "_row": [2]})
    with pytest.raises(DataError, match=r"old\.csv: --previous .* needs column\(s\) beneficiary, status"):
        run(candidates(cand(code(1))), previous=bad)


# ------------------------------------------------------------------------------------------ ledger and text
def test_ledger_columns_and_dtypes():
    res = run(candidates(cand(code(1)), cand(code(2), revenue="1")), previous=previous((code(9), "旧", "included")))
    t = res.table
    assert tuple(t.columns) == OUTPUT_COLUMNS
    assert t.schema["award"] == MONEY_DTYPE and t.schema["revenue"] == MONEY_DTYPE
    assert t.schema["reasons"] == pl.List(pl.String) and t.schema["blocking_records"] == pl.List(pl.String)
    assert t.schema["recommend_province"] == pl.Boolean
    assert set(t["measure"]) == {7} and set(t["rule"]) == {"m7.whitelist"} and set(t["year"]) == {2023}
    assert set(t["award"]) == {Decimal(0)}
    assert t["status"].to_list() == ["included", "excluded", "excluded"]
    assert res.notes == [
        "1 included, 2 excluded, 1 recommended to the provincial whitelist (records window 2020-06-30..2023-06-30)"
    ]


def test_basis_sentences_zh_and_en():
    a, b = code(1), code(2)
    recs = records((b, "行政处罚", dt.date(2019, 1, 1), None))  # old record: b passes but is not recommended
    cands = candidates(
        cand(a, "mcn", revenue="300.50", employees=12, years=1.0),
        cand(b, "mcn", revenue="300", employees=10, years=1.5),
    )
    zh = run(cands, recs)
    assert row_of(zh, a)["basis"] == (
        "依据第七条（建立生态链企业“白名单”），MCN机构营业收入300.5万元（最低300万元）、从业人数12人（最低10人）、"
        "经营年限1年（最低1年）均达到要求，2020-06-30至2023-06-30无未修复的违法违规和不良信用记录，列入白名单，"
        "推荐列入省电商生态链企业“白名单”库。"
    )
    assert row_of(zh, b)["basis"].endswith("列入白名单；因有窗口外、已修复或晚于评估日的记录，不推荐列入省库。")
    en = run(cands, recs, lang="en")
    assert row_of(en, a)["basis"] == (
        "Article 7 (Ecosystem enterprise whitelist): mcn with revenue 300.5 万元 (minimum 300), employees 12 "
        "(minimum 10), years operating 1 (minimum 1) and no unrepaired violation or bad-credit record from "
        "2020-06-30 to 2023-06-30: included; recommended to the provincial whitelist."
    )
    assert row_of(en, b)["recommend_province"] is False


def test_empty_candidates_with_previous_lists_removals():
    res = run(candidates(), previous=previous((code(1), "甲", "included")))
    assert res.table.select("beneficiary", "change").rows() == [(code(1), "removed")]


def test_parse_date_option_forms():
    for text in ("2023-06-30", "2023/6/30", "20230630", "2023年6月30日", " 2023-6-30 "):
        assert parse_date_option(text) == dt.date(2023, 6, 30)
    for text in ("2023-02-30", "30/06/2023", "yesterday", ""):
        with pytest.raises(UsageError, match="--as-of"):
            parse_date_option(text)


# ------------------------------------------------------------------------------------------ properties
_CODE_CHARS = credit_code.CHARSET + "IOSVZabc -"


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=_CODE_CHARS, min_size=16, max_size=19),
            st.text(alphabet=credit_code.CHARSET, min_size=17, max_size=17).map(credit_code.make),
            st.none(),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_vectorised_code_check_agrees_with_credit_code(codes):
    normalised = [credit_code.normalize(c) or None for c in codes]
    frame = pl.DataFrame({"c": normalised}, schema={"c": pl.String})
    got = frame.select(_valid_code(pl.col("c")))["c"].to_list()
    assert got == [credit_code.is_valid(c) if c else False for c in normalised]


# Every whitespace character (White_Space), the marks the reader empties, full-width and lower-case letters.
_BLANK_CHARS = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\x1c"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet=_BLANK_CHARS + "9１a无—-", max_size=4)), min_size=1, max_size=20))
def test_records_without_a_code_found_among_the_null_normalised_codes(written):
    """`screen._nameless` looks only where the normalised code is null: the same rows as the plain test
    (the written code missing or blank) on every row."""
    from jncli.rules.whitelist.screen import _nameless

    series = pl.Series(written, dtype=pl.String)
    plain = (series.is_null() | (series.str.strip_chars() == "")).arg_true().to_list()
    assert _nameless(series, credit_code.normalized_series(series)).to_list() == plain


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 4),  # candidates 1-3, and 4: no candidate
            st.sampled_from([None, "行政处罚", "经营异常", "失信被执行人", " 行政处罚 "]),
            st.sampled_from([dt.date(2019, 5, 1), dt.date(2021, 3, 1), dt.date(2021, 3, 2), dt.date(2023, 1, 5)]),
            st.sampled_from([None, dt.date(2023, 6, 30), dt.date(2023, 7, 1)]),
        ),
        max_size=25,
    ),
    st.randoms(use_true_random=False),
)
def test_blocking_records_do_not_depend_on_the_records_order(rows, rng):
    """The records are matched to the candidates in no particular order (`screen._match_records`: keeping the
    records' order cost a third more): the blocking records come out by date then text, whatever the order of
    the records (ties on the date with other kinds, or none, included), and nothing else changes."""

    recs = [(code(who), kind, day, fix) for who, kind, day, fix in rows]
    shuffled = recs[:]
    rng.shuffle(shuffled)
    cands = candidates(cand(code(1)), cand(code(2)), cand(code(3)))
    a, b = run(cands, records(*recs)), run(cands, records(*shuffled))
    assert a.table.equals(b.table)
    # the warnings name the first such record in the file (by its place in `records`, not in the match)
    assert [re.sub(r"row \d+", "row N", w) for w in a.warnings] == [re.sub(r"row \d+", "row N", w) for w in b.warnings]
    start = dt.date(2020, 6, 30)
    for i, out in zip((1, 2, 3), a.table.to_dicts()):
        day = lambda d: d.isoformat()  # noqa: E731
        labels = [
            (d, day(d) if k is None else f"{k.strip()}@{day(d)}")
            for c, k, d, fix in recs
            if c == code(i) and start <= d <= AS_OF and (fix is None or fix > AS_OF)
        ]
        assert out["blocking_records"] == [label for _, label in sorted(labels)]


def test_output_is_sorted_by_code_then_by_the_other_columns_where_codes_tie():
    """Candidates by code; those without one (no code to sort on) by name, then category …: in any input order."""
    rows = [
        cand(code(3)),
        cand(None, name="乙"),
        cand(code(1)),
        cand("", name="甲", revenue="5"),
        cand(None, name="甲", revenue="1"),
        cand(code(2)),
    ]
    for order in (rows, rows[::-1]):
        out = run(candidates(*order)).table
        assert out["beneficiary"].to_list() == [code(1), code(2), code(3), None, None, None]
        assert out["beneficiary_name"].to_list()[3:] == ["乙", "甲", "甲"]  # (by code point: 乙 U+4E59, 甲 U+7532)
        assert out["revenue"].to_list()[4:] == [Decimal(1), Decimal(5)]
    unique = run(candidates(*[r for r in rows if r["credit_code"]][::-1])).table
    assert unique["beneficiary"].to_list() == [code(1), code(2), code(3)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.sampled_from(["无", "-", "—", "N/A", "n/a", "不适用", "", " ", "－－"]),
            st.text(alphabet=_BLANK_CHARS + "9１a无—-/A", max_size=5),
            st.text(alphabet=credit_code.CHARSET, min_size=17, max_size=17).map(credit_code.make),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_records_codes_as_read_normalise_as_the_conformed_ones(written):
    """`screen._record_codes` on the codes as read (the step passes them so) gives what the reader's text rule
    then the normalisation gave, on every row; and on codes already conformed, the same. `_codes_and_distinct`
    (the rewrite tested on the distinct codes only) gives the same codes, and their distinct values."""
    from jncli.rules.whitelist.screen import _codes_and_distinct, _record_codes
    from jncli.values import text

    series = pl.Series(written, dtype=pl.String)
    conformed = series.to_frame("c").select(text(pl.col("c"))).to_series()
    expected = credit_code.normalized_series(conformed).to_list()
    assert _record_codes(series).to_list() == expected
    assert _record_codes(conformed).to_list() == expected
    # the step's path: the rewrite tested on the distinct codes as written, which also give the distinct codes
    for column in (series, conformed):
        codes, distinct = _codes_and_distinct(column)
        assert codes.to_list() == expected
        assert sorted(distinct.unique().to_list(), key=str) == sorted(set(expected), key=str)


def test_records_codes_as_read_decide_and_warn_as_conformed_codes(tmp_path, monkeypatch):
    """The step passes the records' codes as read (SELF_NORMALISED): padded, spaced, lower-case, full-width,
    not-applicable, blank, Excel text-formula and apostrophe codes give the table and warnings the reader's
    conformed codes gave."""
    from jncli import steps
    from jncli.rules import whitelist as rule

    c1, c2, c3, c4, c5 = (code(i) for i in range(1, 6))
    lines = [
        f"{c1},行政处罚,2022-01-01,",
        f"  {c2[:6]} {c2[6:]} ,行政处罚,2022-01-01,",
        f"{c3.lower()},经营异常,2010-01-01,",
        f"{c4.replace('1', '１')},行政处罚,2022-02-02,",
        '"=""' + c5 + '""",行政处罚,2022-03-03,',
        "无,行政处罚,2022-01-01,",
        "n/a,行政处罚,2022-01-01,",
        " - ,行政处罚,2022-01-01,",
        '"   ",行政处罚,2022-01-01,',
        f"{c1[:-1]}Z,行政处罚,2022-01-01,",
        " 9137ABC ,行政处罚,2022-01-01,",
    ]
    recs = tmp_path / "records.csv"
    recs.write_text("credit_code,kind,recorded_on,repaired_on\n" + "\n".join(lines) + "\n", "utf-8")
    cands = tmp_path / "candidates.csv"
    header = "credit_code,category,county,revenue,employees,years_operating\n"
    cands.write_text(header + "".join(f"{c},park,任城区,1000,20,2\n" for c in (c1, c2, c3, c4, c5, code(6))), "utf-8")

    def vet():
        res = steps.whitelist(str(cands), str(recs), POLICY, as_of=AS_OF, lang="en")
        return res.table, [str(w) for w in res.warnings]

    as_read = vet()
    monkeypatch.setattr(rule, "SELF_NORMALISED", ("kind",))
    conformed = vet()
    assert as_read[0].equals(conformed[0]) and as_read[1] == conformed[1]
    table = as_read[0]
    assert table.filter(pl.col("decision") == "include")["beneficiary"].to_list() == [c3, code(6)]
    assert table.filter(pl.col("recommend_province"))["beneficiary"].to_list() == [code(6)]
    assert any(w.startswith("3 record(s) have no credit code") for w in as_read[1]), as_read[1]
    assert any(w.startswith("3 record(s) have a credit code that is not a valid code") for w in as_read[1]), as_read[1]


_DAY0 = dt.date(2020, 6, 25)  # a few days either side of the window start (2020-06-30) …
_DAYS = [_DAY0 + dt.timedelta(d) for d in range(12)] + [
    dt.date(2023, 6, 28) + dt.timedelta(d) for d in range(5)
]  # … and of as_of


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_decisions_match_a_plain_reading_of_the_rule(data):
    """Random candidates and records near every edge, checked against RULES.md §7 written row by row."""
    n = data.draw(st.integers(1, 8))
    cats = [c.key for c in POLICY.m7_categories]
    rows = []
    for i in range(n):
        cat = data.draw(st.sampled_from(cats))
        c = POLICY.category(cat)
        rows.append(
            cand(
                code(i + 1),
                cat,
                county=data.draw(st.sampled_from(["任城区", "曲阜", "泰安市"])),
                revenue=str(c.revenue + data.draw(st.sampled_from([Decimal("-0.000001"), Decimal(0), Decimal(1)]))),
                employees=c.employees + data.draw(st.sampled_from([-1, 0, 1])),
                years=float(c.years_operating) + data.draw(st.sampled_from([-0.5, 0.0, 0.5])),
            )
        )
    recs = []
    for _ in range(data.draw(st.integers(0, 12))):
        who = code(data.draw(st.integers(1, n + 2)))  # sometimes not a candidate
        day = data.draw(st.sampled_from(_DAYS))
        fix = data.draw(st.sampled_from([None, dt.date(2023, 6, 30), dt.date(2023, 7, 1)]))
        fix = fix if fix is None else max(fix, day)  # a repair is not dated before its record (an error since A2)
        recs.append((who, "行政处罚", day, fix))
    res = run(candidates(*rows), records(*recs))

    start = dt.date(2020, 6, 30)
    for r, out in zip(rows, res.table.to_dicts()):
        c = POLICY.category(r["category"])
        mine = [x for x in recs if x[0] == r["credit_code"]]
        blocking = [x for x in mine if start <= x[2] <= AS_OF and (x[3] is None or x[3] > AS_OF)]
        ok = (
            POLICY.canonical_county(r["county"]) is not None
            and r["revenue"] >= c.revenue
            and r["employees"] >= c.employees
            and r["years_operating"] >= float(c.years_operating)
            and not blocking
        )
        assert out["decision"] == ("include" if ok else "exclude")
        assert (out["decision"] == "include") == (out["reasons"] == [])
        assert len(out["blocking_records"]) == len(blocking)
        assert out["recommend_province"] == (ok and not mine)
    ignored = sum(1 for x in recs if x[0] not in {r["credit_code"] for r in rows})
    assert res.warnings == (
        [f"{ignored} of {len(recs)} records name entities that are not candidates; ignored"] if ignored else []
    )


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.booleans(), min_size=1, max_size=8),
    st.lists(st.booleans(), min_size=1, max_size=8),
    st.integers(0, 2**32 - 1),
)
def test_change_partitions_candidates_and_previous(passes, listed, seed):
    """Every candidate gets exactly the change its (decision, on previous list) pair implies; every listed
    entity that is no longer a candidate gets one `removed` row; nothing else is added."""
    rng = random.Random(seed)
    cands = candidates(*(cand(code(i), revenue="1000" if p else "1") for i, p in enumerate(passes)))
    listed_codes = [code(rng.randrange(0, 12)) for flag in listed if flag]
    res = run(cands, previous=previous(*((c, None, "included") for c in listed_codes)))
    out = res.table.to_dicts()
    for i, p in enumerate(passes):
        on = code(i) in listed_codes
        assert (
            out[i]["change"]
            == {
                (True, True): "kept",
                (True, False): "added",
                (False, True): "removed",
                (False, False): "new_candidate_rejected",
            }[(p, on)]
        )
    extra = out[len(passes) :]
    assert sorted(r["beneficiary"] for r in extra) == sorted(set(listed_codes) - {code(i) for i in range(len(passes))})
    assert all(r["change"] == "removed" and r["decision"] == "exclude" for r in extra)


# ------------------------------------------------------------------------------------------ command line
A, B, C, D, E = (code(i) for i in range(1, 6))

# Year 1 (as of 2023-06-30, window [2020-06-30, 2023-06-30]), as a bureau's Excel would save it: GB18030,
# Chinese headers and Chinese category names.
CANDIDATES_2023 = (
    "统一社会信用代码,企业名称,类别,县市区,营业收入(万元),从业人数,经营年限\n"
    f"{A},甲电商园,电商产业园区,任城区,1000,20,2\n"  # every park minimum exactly → include, recommended
    f"{B},乙直播,MCN机构,高新区,299.5,10,1\n"  # 299.5 < 300 and a record → exclude
    f"{C},丙内容,内容制作,曲阜,100,5,1\n"  # minimums met; only an old record → include, not recommended
    f"{D},丁供应链,供应链企业,泰安市,5000,80,9\n"  # outside Jining → exclude
)
RECORDS = (
    "统一社会信用代码,记录类型,记录日期,信用修复日期\n"
    f"{B},行政处罚,2023/6/30,\n"  # on as_of: counts
    f"{C},经营异常,2019年1月1日,\n"  # before the window: does not count (blocks the recommendation)
    f"{E},失信被执行人,20220101,\n"  # not a candidate: ignored, counted on stderr
)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "candidates.csv").write_bytes(CANDIDATES_2023.encode("gb18030"))
    (tmp_path / "records.csv").write_bytes(RECORDS.encode("gb18030"))
    return tmp_path


def _csv(proc) -> pl.DataFrame:
    assert proc.returncode == 0, proc.stderr.decode()
    return pl.read_csv(proc.stdout, infer_schema=False)


def test_cli_gb18030_with_chinese_categories(jncli, files):
    proc = jncli("whitelist", "candidates.csv", "--records", "records.csv", "--as-of", "2023年6月30日", cwd=files)
    out = _csv(proc)
    assert out.select("beneficiary", "decision", "status", "recommend_province", "category", "county").rows() == [
        (A, "include", "included", "true", "park", "任城区"),
        (B, "exclude", "excluded", "false", "mcn", "济宁高新区"),
        (C, "include", "included", "false", "content", "曲阜市"),
        (D, "exclude", "excluded", "false", "supply_chain", "泰安市"),
    ]
    # Lists are joined with `；` in CSV; the change column is empty without --previous.
    assert out.filter(pl.col("beneficiary") == B)["reasons"].item() == (
        "营业收入299.5万元低于MCN机构最低要求300万元；2020-06-30至2023-06-30期间有1条截至2023-06-30未修复的违法违规或不良信用记录"
    )
    assert out.filter(pl.col("beneficiary") == B)["blocking_records"].item() == "行政处罚@2023-06-30"
    assert out["change"].to_list() == [None] * 4 and set(out["award"]) == {"0"} and set(out["year"]) == {"2023"}
    err = proc.stderr.decode()
    assert "warning: 1 of 3 records name entities that are not candidates; ignored" in err
    assert "2 included, 2 excluded, 1 recommended" in err


def test_cli_record_kinds_are_read_as_text_is(jncli, tmp_path):
    # The command passes the records' kind as read and the rule strips it and empties 无/—/blank only on the
    # blocking records: the same labels as the reader's text rule gives (" 行政处罚 " → 行政处罚, 无 → no kind).
    (tmp_path / "candidates.csv").write_bytes(CANDIDATES_2023.encode("gb18030"))
    records = (
        "统一社会信用代码,记录类型,记录日期,信用修复日期\n"
        f"{B}, 行政处罚 ,2023/6/30,\n"
        f"{B},无,2022-01-05,\n"
        f"{B},,2021-03-01,\n"
        f"{B}, — ,2021-03-02,\n"
        f"{D},\t经营异常\t,2021-03-02,\n"
    )
    (tmp_path / "records.csv").write_bytes(records.encode("gb18030"))
    out = _csv(jncli("whitelist", "candidates.csv", "--records", "records.csv", "--as-of", "2023-06-30", cwd=tmp_path))
    blocking = dict(out.select("beneficiary", "blocking_records").rows())
    assert blocking[B] == "2021-03-01；2021-03-02；2022-01-05；行政处罚@2023-06-30"
    assert blocking[D] == "经营异常@2021-03-02"


def test_cli_json_reasons_are_arrays(jncli, files):
    proc = jncli(
        "whitelist",
        "candidates.csv",
        "--records",
        "records.csv",
        "--as-of",
        "2023-06-30",
        "-f",
        "json",
        "--lang",
        "en",
        cwd=files,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    rows = {r["beneficiary"]: r for r in __import__("json").loads(proc.stdout)}
    assert rows[D]["reasons"] == ["not a county of 济宁市 (泰安市)"]
    assert rows[A]["reasons"] == [] and rows[A]["recommend_province"] is True


def test_cli_output_piped_back_as_previous(jncli, files):
    """Year 2 reads year 1's published list from a real pipe: A leaves the candidates, B now passes,
    C gains a record inside the new window, E is new and passes (as of 2024-06-30)."""
    year2 = (
        "统一社会信用代码,企业名称,类别,县市区,营业收入(万元),从业人数,经营年限\n"
        f"{B},乙直播,MCN机构,高新区,400,10,2\n"  # passes now; its 2023-06-30 record is still in the window …
        f"{C},丙内容,内容制作,曲阜,100,5,2\n"
        f"{E},戊代运营,代运营,邹城,200,10,1\n"
    )
    records2 = (
        RECORDS.replace(
            f"{B},行政处罚,2023/6/30,", f"{B},行政处罚,2023/6/30,2024/1/15"
        ).replace(  # … but repaired 2024-01-15
            f"{E},失信被执行人,20220101,", f"{E},失信被执行人,20220101,2022-12-31"
        )  # E: repaired
        + f"{C},行政处罚,2024-03-01,\n"
    )  # C: a new record
    (files / "candidates2024.csv").write_bytes(year2.encode("gb18030"))
    (files / "records2024.csv").write_bytes(records2.encode("gb18030"))
    # jncli whitelist candidates.csv ... | jncli whitelist candidates2024.csv ... --previous -
    run1 = ["whitelist", "candidates.csv", "--records", "records.csv", "--as-of", "2023-06-30"]
    run2 = [
        "whitelist",
        "candidates2024.csv",
        "--records",
        "records2024.csv",
        "--as-of",
        "2024-06-30",
        "--previous",
        "-",
    ]
    first, full = jncli.pipe(run1, run2, cwd=files)
    assert first.returncode == 0, first.stderr.decode()
    out = _csv(full)
    # Year-1 list: A, C. Year 2: B include (not listed → added), C exclude (listed → removed),
    # E include (new → added; its repaired 2022 record keeps it off the provincial recommendation),
    # A no longer a candidate → removed.
    assert out.select("beneficiary", "decision", "change", "recommend_province").rows() == [
        (B, "include", "added", "false"),
        (C, "exclude", "removed", "false"),
        (E, "include", "added", "false"),
        (A, "exclude", "removed", "false"),
    ]
    gone = out.filter(pl.col("beneficiary") == A).select("beneficiary_name", "reasons").row(0)
    assert gone == ("甲电商园", "已不在候选名单中")
    first, only = jncli.pipe(run1, [*run2, "--only", "changes"], cwd=files)
    assert first.returncode == 0, first.stderr.decode()
    changes = _csv(only)
    assert changes["change"].to_list() == ["added", "removed", "added", "removed"]


@pytest.mark.parametrize("fmt", ["json", "parquet", "xlsx"])
def test_cli_previous_in_other_formats(jncli, files, fmt):
    first = jncli(
        "whitelist", "candidates.csv", "--records", "records.csv", "--as-of", "2023-06-30", "-o", f"wl.{fmt}", cwd=files
    )
    assert first.returncode == 0, first.stderr.decode()
    again = jncli(
        "whitelist",
        "candidates.csv",
        "--records",
        "records.csv",
        "--as-of",
        "2023-06-30",
        "--previous",
        f"wl.{fmt}",
        cwd=files,
    )
    assert _csv(again)["change"].to_list() == ["kept", "new_candidate_rejected", "kept", "new_candidate_rejected"]


def test_cli_previous_as_a_plain_list_of_codes(jncli, files):
    (files / "published.csv").write_text(f"统一社会信用代码,企业名称\n{B.lower()},乙直播\n", encoding="utf-8")
    out = _csv(
        jncli(
            "whitelist",
            "candidates.csv",
            "--records",
            "records.csv",
            "--as-of",
            "2023-06-30",
            "--previous",
            "published.csv",
            cwd=files,
        )
    )
    assert out["change"].to_list() == ["added", "removed", "added", "new_candidate_rejected"]


def test_cli_unknown_category_is_excluded_with_a_warning(jncli, files):
    (files / "bad.csv").write_bytes((CANDIDATES_2023 + f"{E},戊,直播基地,任城区,1,1,1\n").encode("gb18030"))
    proc = jncli("whitelist", "bad.csv", "--records", "records.csv", "--as-of", "2023-06-30", cwd=files)
    assert proc.returncode == 0, proc.stderr.decode()
    err = proc.stderr.decode()
    assert "warning: bad.csv row 6: category '直播基地' has no minimums in the policy file" in err
    out = pl.read_csv(proc.stdout, infer_schema=False)
    assert out.filter(pl.col("beneficiary") == E)["decision"].to_list() == ["exclude"]


def test_cli_duplicate_code_exit_1(jncli, files):
    (files / "dup.csv").write_bytes((CANDIDATES_2023 + f"{A.lower()},甲二,园区,任城区,1,1,1\n").encode("gb18030"))
    proc = jncli("whitelist", "dup.csv", "--records", "records.csv", "--as-of", "2023-06-30", cwd=files)
    assert proc.returncode == 1
    assert f"duplicate candidate credit code {A}: dup.csv row 2 and dup.csv row 6" in proc.stderr.decode()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--as-of", "2023-02-30"], "--as-of: '2023-02-30' is not a date"),
        (["--only", "changes"], "--only changes needs --previous"),
        (["--only", "all"], "--only must be include, exclude or changes"),
        (["--lookback-years", "-1"], "--lookback-years must be 1 or more"),
        # review 25, F9: a window of 0 years read no record and listed every candidate with one (exit 0)
        (["--lookback-years", "0"], "--lookback-years must be 1 or more, not 0: a window of 0 years reads no record"),
        (["--records", "-", "-"], "CANDIDATES and --records cannot both read stdin"),
        (["--lang", "fr"], "--lang must be zh or en"),
    ],
)
def test_cli_usage_errors_exit_2(jncli, files, args, message):
    base = ["whitelist"] + (["candidates.csv", "--records", "records.csv"] if "--records" not in args else [])
    proc = jncli(*base, *args, cwd=files, stdin=b"")
    assert proc.returncode == 2, proc.stderr.decode()
    assert message in proc.stderr.decode()


def test_cli_records_option_is_required(jncli, files):
    proc = jncli("whitelist", "candidates.csv", cwd=files)
    assert proc.returncode == 2 and "--records" in proc.stderr.decode()


def test_cli_candidates_from_stdin_and_header_only_inputs(jncli, files):
    header = CANDIDATES_2023.splitlines()[0] + "\n"
    proc = jncli(
        "whitelist",
        "--records",
        "records.csv",
        "--as-of",
        "2023-06-30",
        "--lang",
        "en",
        cwd=files,
        stdin=header.encode("gb18030"),
    )
    # a header without candidates is most likely a failed export: refused, unless --allow-empty says it is not
    assert proc.returncode == 1
    assert "<stdin>: the candidates table has a header but no data rows" in proc.stderr.decode()
    proc = jncli(
        "whitelist",
        "--records",
        "records.csv",
        "--as-of",
        "2023-06-30",
        "--lang",
        "en",
        "--allow-empty",
        cwd=files,
        stdin=header.encode("gb18030"),
    )
    assert proc.returncode == 0, proc.stderr.decode()
    header = proc.stdout.decode().splitlines()[0]
    assert header.startswith("beneficiary,beneficiary_name,measure,rule,year,award,status")
    piped = jncli(
        "whitelist",
        "-",
        "--records",
        "records.csv",
        "--as-of",
        "2023-06-30",
        cwd=files,
        stdin=CANDIDATES_2023.encode("gb18030"),
    )
    assert _csv(piped).height == 4


def test_cli_help_shows_an_example(jncli):
    proc = jncli("whitelist", "--help")
    assert proc.returncode == 0
    assert "Example: jncli whitelist candidates.csv --records records.csv" in " ".join(proc.stdout.decode().split())


@pytest.mark.parametrize("missing", ["", "无", " "])
def test_cli_a_record_without_a_credit_code_is_named(jncli, tmp_path, missing):
    # A record whose code is missing (empty, 无, blank) blocks nobody: a candidate's violation could be hiding
    # there, so the warning names its row (here row 3, the second record), in English and in Chinese.
    (tmp_path / "candidates.csv").write_bytes(CANDIDATES_2023.encode("gb18030"))
    records = (
        f"统一社会信用代码,记录类型,记录日期,信用修复日期\n{D},经营异常,2021-03-02,\n{missing},行政处罚,2023-05-01,\n"
    )
    (tmp_path / "records.csv").write_bytes(records.encode("gb18030"))
    args = ("whitelist", "candidates.csv", "--records", "records.csv", "--as-of", "2023-06-30")
    proc = jncli(*args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    err = proc.stderr.decode()
    assert (
        "warning: 1 record(s) have no credit code, so they cannot block any candidate (first: records.csv row 3)" in err
    )
    zh = jncli(*args, "--lang", "zh", cwd=tmp_path).stderr.decode()
    assert "1条记录没有统一社会信用代码，无法对应任何候选企业（第一处：records.csv 第3行）" in zh


def test_a_repair_dated_before_its_record_is_an_error_naming_the_row(jncli, tmp_path):
    # hostile review 2, A2: repaired_on 2023-01-04 (a typo for 2024-01-04) before recorded_on 2023-07-04 counted as
    # repaired by the as-of date, and the candidate was included, exit 0 — the dates contradict each other, as a
    # shop closed before it opened does
    records = tmp_path / "records.csv"
    samples = Path(__file__).resolve().parents[1] / "samples"
    text = (samples / "records.csv").read_text("utf-8")
    record = "9137080037K0BP09CX,违法违规,2023-07-04,"
    fixed = text.replace(f"{record}\n", f"{record}2023-01-04\n")
    assert fixed != text
    records.write_text(fixed, "utf-8")
    candidates = samples / "candidates.csv"
    args = ("whitelist", str(candidates), "--records", "records.csv", "--as-of", "2023-12-31")
    proc = jncli(*args, cwd=tmp_path, text=True)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.splitlines() == [
        "jncli whitelist: records.csv row 2, column repaired_on: 2023-01-04 is before recorded_on 2023-07-04 "
        "(hint: a record is repaired (信用修复) after it is recorded: check both dates)"
    ]
    records.write_text(fixed.replace(",2023-01-04\n", ",2023-07-04\n"), "utf-8")  # repaired the day it was recorded
    assert jncli(*args, cwd=tmp_path, text=True).returncode == 0
