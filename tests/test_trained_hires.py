"""Measure 8 (trained-hires, rule m8.hires): hand-worked cases from RULES.md §8 and the shipped policy.

Unless a test says otherwise: the year is 2023 (so --as-of is 2023-12-31), the shipped policy asks for
6 consecutive months (`m8.consecutive_months`), `院校` is the college word, and the one listed training
institution is T_OK. Person ids are synthetic 身份证号 with the area code 990811 (no region has it) and a
valid check character; masked they show the first 4 and last 4 characters: 9908**********xxxx.

The rule is driven through `jncli.steps` (the tables written as CSV, read and conformed as the command
does) and, for pipes, formats, errors and the report, through the installed binary.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from jncli import credit_code, steps
from jncli.errors import DataError, PolicyError, UsageError
from jncli.policy import load_policy, parse_policy
from jncli.rules.hires import DETAIL_COLUMNS, OUTPUT_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
POLICY = load_policy()
_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def pid(n: int) -> str:
    """A synthetic 身份证号 with a valid check character: 990811 2000-01-01, sequence n."""
    first17 = f"99081120000101{n:03d}"
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, _W)) % 11]


def masked(person: str) -> str:
    return person[:4] + "*" * 10 + person[-4:]


def code(n: int) -> str:
    return credit_code.make(f"91370800MA{n:07d}")


EMP, EMP2, EMP3 = code(1), code(2), code(3)
T_OK, T_NO = code(11), code(12)


def months(start: str, count: int, skip: tuple[int, ...] = ()) -> list[str]:
    """`count` months from `start` (YYYY-MM), leaving out the skip-th ones (0-based)."""
    y, m = map(int, start.split("-"))
    out = []
    for k in range(count):
        if k not in skip:
            i = y * 12 + m - 1 + k
            out.append(f"{i // 12}-{i % 12 + 1:02d}")
    return out


def hire(person, *, emp=EMP, county="任城区", training="院校", trained="2023-01-10", hired="2023-03-06", name="甲电商"):
    return {
        "统一社会信用代码": emp,
        "企业名称": name,
        "县市区": county,
        "身份证号": person,
        "培训机构": training,
        "培训日期": trained,
        "入职日期": hired,
    }


def paid(person, month_list, emp=EMP) -> list[dict]:
    return [{"身份证号": person, "统一社会信用代码": emp, "参保月份": m} for m in month_list]


def write_csv(path: Path, rows: list[dict], header: list[str] | None = None) -> str:
    header = header or (list(rows[0]) if rows else [])
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header)
        w.writeheader()
        w.writerows(rows)
    return str(path)


INSURANCE_HEADER = ["身份证号", "统一社会信用代码", "参保月份"]


def run(tmp_path, hires, insurance, *, trainers=(T_OK,), rates=None, policy=POLICY, **kw):
    """The step as the command calls it: hires, insurance, trainers (a list of codes, or None), rates."""
    h = write_csv(tmp_path / "hires.csv", hires)
    i = write_csv(tmp_path / "insurance.csv", insurance, INSURANCE_HEADER)
    t = write_csv(tmp_path / "trainers.csv", [{"统一社会信用代码": c} for c in trainers or ()], ["统一社会信用代码"])
    r = None
    if rates is not None:
        r = write_csv(tmp_path / "rates.csv", [{"县市区": k, "每人奖励(万元)": v} for k, v in rates.items()])
    kw.setdefault("year", 2023)
    kw.setdefault("lang", "en")
    return steps.trained_hires(h, i, policy, trainers=t if trainers is not None else None, county_rates=r, **kw)


def detail(tmp_path, hires, insurance, **kw) -> list[dict]:
    return run(tmp_path, hires, insurance, detail=True, **kw).table.to_dicts()


# ------------------------------------------------------------------------------------------ the months
def test_exactly_six_consecutive_months_qualify_and_five_do_not(tmp_path):
    # P1: March..August 2023 = 6 months ("6个月以上" includes 6): qualifies, 6th month 2023-08.
    # P2: April..August = 5 months: one short.
    p1, p2 = pid(1), pid(2)
    rows = detail(
        tmp_path,
        [hire(p1), hire(p2, training=T_OK, hired="2023-04-01")],
        paid(p1, months("2023-03", 6)) + paid(p2, months("2023-04", 5)),
    )
    six, five = rows
    assert (six["months"], six["insured_from"], six["month_reached"], six["counts_in"]) == (
        6,
        "2023-03",
        "2023-08",
        2023,
    )
    assert six["qualifies"] and six["reasons"] == []
    assert (five["months"], five["insured_from"], five["qualifies"]) == (5, None, False)
    assert five["reasons"] == [
        "at most 5 consecutive month(s) of social insurance with the employer from 2023-04 to 2023-12 "
        "(2023-04..2023-08); 6 needed"
    ]


def test_a_gap_month_breaks_the_run_and_a_later_run_of_six_still_counts(tmp_path):
    # P1 hired 2023-02: Feb, Mar, Apr, (May missing), Jun..Oct → runs of 3 and 5: longest 5, no run of 6.
    # P2 hired 2023-01: Jan, (Feb missing), Mar..Aug → runs of 1 and 6: qualifies from March, 6th month August.
    p1, p2 = pid(1), pid(2)
    rows = detail(
        tmp_path,
        [hire(p1, hired="2023-02-01"), hire(p2, hired="2023-01-05", trained="2022-12-01")],
        paid(p1, months("2023-02", 9, skip=(3,))) + paid(p2, months("2023-01", 8, skip=(1,))),
    )
    gap, later = rows
    assert gap["months"] == 5 and not gap["qualifies"]
    assert gap["reasons"][0].startswith("at most 5 consecutive month(s)") and "(2023-06..2023-10)" in gap["reasons"][0]
    assert (later["months"], later["insured_from"], later["month_reached"], later["qualifies"]) == (
        6,
        "2023-03",
        "2023-08",
        True,
    )


def test_months_before_hiring_and_of_another_employer_do_not_count(tmp_path):
    # P1 hired 2023-03-15, paid by EMP January..July: only March..July count = 5 → no.
    # P2 hired by EMP 2023-01: EMP pays Jan..Mar, then EMP2 pays Apr..Dec: 3 months with EMP → no.
    # P3 hired 2023-06-01 (the same day as trained), paid January..November: June..November = 6 → yes.
    p1, p2, p3 = pid(1), pid(2), pid(3)
    result = run(
        tmp_path,
        [
            hire(p1, hired="2023-03-15"),
            hire(p2, hired="2023-01-03", trained="2022-12-01"),
            hire(p3, hired="2023-06-01", trained="2023-06-01"),
        ],
        paid(p1, months("2023-01", 7))
        + paid(p2, months("2023-01", 3))
        + paid(p2, months("2023-04", 9), emp=EMP2)
        + paid(p3, months("2023-01", 11)),
        detail=True,
    )
    one, two, three = result.table.to_dicts()
    assert (one["months"], one["qualifies"]) == (5, False)
    assert (two["months"], two["qualifies"]) == (3, False)
    assert (three["months"], three["insured_from"], three["qualifies"]) == (6, "2023-06", True)
    # 30 rows: the 9 of EMP2 are not of a listed hire with that employer; 2 + 5 months before hiring
    assert any("9 of 30 insurance row(s) are not of a listed hire" in n for n in result.notes)
    assert any("7 insurance month(s) before the month of hiring not counted" in n for n in result.notes)


def test_a_month_listed_twice_counts_once(tmp_path):
    # 5 distinct months, May listed twice: still 5, not 6.
    p1 = pid(1)
    result = run(tmp_path, [hire(p1)], paid(p1, months("2023-03", 5) + ["2023-05"]), detail=True)
    assert result.table["months"].to_list() == [5] and not result.table["qualifies"][0]
    assert any("1 insurance row(s) repeat a person, employer and month" in n for n in result.notes)


def test_month_forms(tmp_path):
    # 2023-03, 2023/4, 202305, 2023年6月, 2023-07-15 (a date in the month), 2023.8: six months
    p1 = pid(1)
    forms = ["2023-03", "2023/4", "202305", "2023年6月", "2023-07-15", "2023.8"]
    rows = detail(tmp_path, [hire(p1)], paid(p1, forms))
    assert rows[0]["months"] == 6 and rows[0]["qualifies"]


def test_a_bad_month_is_an_error_naming_the_row(tmp_path):
    p1 = pid(1)
    with pytest.raises(DataError, match=r"insurance.csv row 3, column 参保月份 \(month\): '2023-13' is not a month"):
        run(tmp_path, [hire(p1)], paid(p1, ["2023-03", "2023-13"]))


# ------------------------------------------------------------------------------------------ the year and --as-of
def test_the_year_is_that_of_the_sixth_month(tmp_path):
    # Hired 2022-09, paid Sep 2022..Feb 2023: the 6th month is 2023-02, so it counts in 2023, not 2022.
    p1 = pid(1)
    hires = [hire(p1, trained="2022-08-01", hired="2022-09-01")]
    insurance = paid(p1, months("2022-09", 6))
    (r2023,) = run(tmp_path, hires, insurance, year=2023).table.to_dicts()
    assert (r2023["status"], r2023["qualifying_hires"], r2023["year"]) == ("qualified", 1, 2023)
    # the 2022 run, as of 2022-12-31, sees 4 months: not (yet) qualified
    (r2022,) = run(tmp_path, hires, insurance, year=2022).table.to_dicts()
    assert (r2022["status"], r2022["qualifying_hires"]) == ("ineligible", 0)
    assert "1 listed, 0 reach it in another year, 1 do not qualify" in r2022["basis"]
    # run again for 2022 once the months are in (as of March 2023): it counts in 2023, still not in 2022
    (again,) = run(tmp_path, hires, insurance, year=2022, as_of=dt.date(2023, 3, 31)).table.to_dicts()
    assert (again["status"], again["qualifying_hires"]) == ("ineligible", 0)
    assert "1 listed, 1 reach it in another year, 0 do not qualify" in again["basis"]


def test_as_of_cuts_the_months_counted(tmp_path):
    # Hired 2023-07, paid July..December. As of 30 November: July..November = 5 → not yet.
    # As of 1 December: December is the as-of month and is listed as paid → 6. As of 31 December: 6.
    p1 = pid(1)
    hires, insurance = [hire(p1, hired="2023-07-03")], paid(p1, months("2023-07", 6))
    nov = run(tmp_path, hires, insurance, as_of=dt.date(2023, 11, 30), detail=True).table.row(0, named=True)
    assert (nov["months"], nov["qualifies"]) == (5, False)
    assert "from 2023-07 to 2023-11" in nov["reasons"][0]
    dec1 = run(tmp_path, hires, insurance, as_of=dt.date(2023, 12, 1), detail=True).table.row(0, named=True)
    assert (dec1["months"], dec1["qualifies"], dec1["counts_in"]) == (6, True, 2023)
    notes = run(tmp_path, hires, insurance, as_of=dt.date(2023, 11, 30)).notes
    assert any("1 insurance month(s) after 2023-11 (the as-of month) not counted" in n for n in notes)


def test_a_sixth_month_after_the_policy_years_is_out_of_period(tmp_path):
    # Hired 2023-09, paid Sep 2023..Feb 2024: counts in 2024, not an annual year (2022, 2023).
    p1 = pid(1)
    hires, insurance = [hire(p1, hired="2023-09-01")], paid(p1, months("2023-09", 6))
    (row,) = run(tmp_path, hires, insurance, year=2024, rates={"任城区": "0.5"}).table.to_dicts()
    assert (row["status"], row["award"], row["qualifying_hires"]) == ("out_of_period", Decimal("0"), 1)
    (row,) = run(tmp_path, hires, insurance, year=2023).table.to_dicts()
    assert (row["status"], row["qualifying_hires"]) == ("ineligible", 0)


def test_default_year_and_as_of(tmp_path):
    p1 = pid(1)
    hires, insurance = [hire(p1, hired="2022-09-01", trained="2022-01-01")], paid(p1, months("2022-09", 6))
    # default: the year of the latest hired_on (2022), as of 2022-12-31: 4 months
    (row,) = run(tmp_path, hires, insurance, year=None).table.to_dicts()
    assert row["year"] == 2022 and row["status"] == "ineligible"
    # --as-of alone sets the year
    (row,) = run(tmp_path, hires, insurance, year=None, as_of=dt.date(2023, 3, 31)).table.to_dicts()
    assert row["year"] == 2023 and row["status"] == "qualified"
    with pytest.raises(UsageError, match="before 2023"):
        run(tmp_path, hires, insurance, year=2023, as_of=dt.date(2022, 12, 31))


# ------------------------------------------------------------------------------------------ training and dates
def test_training_after_hiring_fails_and_the_same_day_passes(tmp_path):
    p1, p2 = pid(1), pid(2)
    rows = detail(
        tmp_path,
        [hire(p1, trained="2023-04-01", hired="2023-03-06"), hire(p2, trained="2023-03-06", hired="2023-03-06")],
        paid(p1, months("2023-03", 8)) + paid(p2, months("2023-03", 8)),
    )
    assert rows[0]["reasons"] == ["trained on 2023-04-01, after being hired on 2023-03-06"]
    assert rows[1]["qualifies"]


def test_missing_dates_and_a_hire_after_the_as_of_date(tmp_path):
    p1, p2, p3 = pid(1), pid(2), pid(3)
    rows = detail(
        tmp_path,
        [hire(p1, trained=""), hire(p2, hired=""), hire(p3, hired="2024-01-02")],
        paid(p1, months("2023-03", 6)) + paid(p2, months("2023-03", 6)) + paid(p3, months("2024-01", 6)),
    )
    assert rows[0]["reasons"] == ["training date not given"]
    assert rows[1]["reasons"] == ["hire date not given"] and rows[1]["months"] == 0
    assert rows[2]["reasons"] == ["hired on 2024-01-02, after the as-of date 2023-12-31"]


def test_trainers_listed_unlisted_college_and_not_a_code(tmp_path):
    ps = [pid(i) for i in range(1, 6)]
    hires = [
        hire(ps[0], training=T_OK),  # on the list
        hire(ps[1], training=T_NO),  # a valid code, not on the list
        hire(ps[2], training=" 院 校 "),  # the college word, spaces and all
        hire(ps[3], training="某培训学校"),  # neither the college word nor a code
        hire(ps[4], training=T_OK.lower()),  # a code in lower case: normalised
    ]
    insurance = [row for p in ps for row in paid(p, months("2023-03", 6))]
    rows = detail(tmp_path, hires, insurance)
    assert [r["qualifies"] for r in rows] == [True, False, True, False, True]
    assert rows[1]["reasons"] == [
        f"training institution {T_NO} is not on the list of whitelisted training institutions"
    ]
    assert rows[3]["reasons"] == ["training 某培训学校 is neither 院校 nor a valid credit code"]
    assert rows[4]["training"] == T_OK


def test_without_trainers_only_college_hires_qualify_and_a_warning_says_so(tmp_path):
    # 院校 (twice, once spaced out) qualify; the institution cannot be checked; 某学校 is no code at all
    ps = [pid(i) for i in range(1, 5)]
    result = run(
        tmp_path,
        [hire(ps[0]), hire(ps[1], training=T_OK), hire(ps[2], training=" 院 校"), hire(ps[3], training="某学校")],
        [r for p in ps for r in paid(p, months("2023-03", 10))],
        trainers=None,
        detail=True,
    )
    assert result.table["qualifies"].to_list() == [True, False, True, False]
    assert "cannot be checked: no list of whitelisted institutions (--trainers)" in result.table["reasons"][1][0]
    assert result.warnings[1:] == [
        "1 hire(s) name a training institution, but no list of whitelisted training institutions was given "
        "(--trainers): they cannot qualify"
    ]
    # 某学校 is no code and not 院校: said too (review 19 F3, tests/test_hires_unfilled.py)
    assert result.warnings[0].startswith(
        "1 hire(s) name their training by a value that is neither 院校 nor a valid credit code: '某学校' ("
    )


def test_every_failing_reason_is_listed(tmp_path):
    # an invalid employer code (wrong check character), outside the city, an unlisted trainer, trained
    # after hiring, and only 2 months: five reasons, in that order
    bad = EMP[:-1] + ("0" if EMP[-1] != "0" else "1")
    p1 = pid(1)
    (row,) = detail(
        tmp_path,
        [hire(p1, emp=bad, county="泰安市", training=T_NO, trained="2023-05-01", hired="2023-03-06")],
        paid(p1, months("2023-03", 2), emp=bad),
    )
    assert len(row["reasons"]) == 5
    assert row["reasons"][0].startswith(f"credit code '{bad}' fails the GB 32100-2015 check")
    assert row["reasons"][1] == "the employer is not in a county of 济宁市 (泰安市)"
    assert row["reasons"][2].startswith(f"training institution {T_NO} is not on the list")
    assert row["reasons"][3].startswith("trained on 2023-05-01")
    assert row["reasons"][4].startswith("at most 2 consecutive month(s)")


# ------------------------------------------------------------------------------------------ per employer
def test_one_row_per_employer_with_count_times_rate(tmp_path):
    # EMP (任城区, 0.15 万元 per hire): 3 qualifying hires of 4 → awarded 3 × 0.15 = 0.45 万元.
    # EMP2 (兖州区, no rate in the file): 1 qualifying → qualified, award 0.
    # EMP3 (曲阜市, rate 0): 1 qualifying → qualified, award 0.
    ps = [pid(i) for i in range(1, 7)]
    hires = [hire(p) for p in ps[:4]] + [
        hire(ps[4], emp=EMP2, county="兖州", name="乙跨境"),
        hire(ps[5], emp=EMP3, county="曲阜市", name="丙"),
    ]
    insurance = [r for p in ps[:3] for r in paid(p, months("2023-03", 6))] + paid(ps[3], months("2023-03", 4))
    insurance += paid(ps[4], months("2023-02", 7), emp=EMP2) + paid(ps[5], months("2023-02", 7), emp=EMP3)
    result = run(tmp_path, hires, insurance, rates={"任城区": "0.15", "曲阜": "0"})
    table = result.table
    assert tuple(table.columns) == OUTPUT_COLUMNS
    rows = {r["beneficiary"]: r for r in table.to_dicts()}
    a, b, c = rows[EMP], rows[EMP2], rows[EMP3]
    assert (a["status"], a["award"], a["hires_listed"], a["qualifying_hires"], a["rate"]) == (
        "awarded",
        Decimal("0.45"),
        4,
        3,
        Decimal("0.15"),
    )
    assert a["basis"].endswith("at 任城区's 0.15 万元 per hire: 3 × 0.15 = 0.45 万元.")
    assert (a["measure"], a["rule"], a["year"], a["beneficiary_name"]) == (8, "m8.hires", 2023, "甲电商")
    assert (b["status"], b["award"], b["county"], b["rate"]) == ("qualified", Decimal("0"), "兖州区", None)
    assert "the county rates set no amount per hire for 兖州区" in b["basis"]
    assert (c["status"], c["award"]) == ("qualified", Decimal("0"))
    assert table["beneficiary"].to_list() == [EMP, EMP2, EMP3]  # the policy's county order


def test_without_rates_every_qualifying_employer_is_qualified(tmp_path):
    p1 = pid(1)
    (row,) = run(tmp_path, [hire(p1)], paid(p1, months("2023-03", 6)), lang="zh").table.to_dicts()
    assert (row["status"], row["award"]) == ("qualified", Decimal("0"))
    assert row["basis"] == (
        "依据第八条（加强实用型人才引进培育），甲电商吸纳经白名单培训机构或院校“专业+实训”培训的人员就业、在该单位连续缴纳"
        "社会保险满6个月（第6个月在2023年）的共1人，符合条件；奖励金额由任城区确定（鼓励有条件的县（市、区）给予企业适当支持奖励）。"
    )


def test_invalid_code_and_outside_employers_are_ineligible(tmp_path):
    bad = EMP[:-1] + ("0" if EMP[-1] != "0" else "1")
    p1, p2 = pid(1), pid(2)
    rows = run(
        tmp_path,
        [hire(p1, emp=bad), hire(p2, emp=EMP2, county="菏泽市")],
        paid(p1, months("2023-03", 6), emp=bad) + paid(p2, months("2023-03", 6), emp=EMP2),
        rates={"任城区": "1"},
    ).table.to_dicts()
    by = {r["beneficiary"]: r for r in rows}
    assert by[bad]["status"] == "ineligible" and "fails the GB 32100-2015 check" in by[bad]["basis"]
    assert by[EMP2]["status"] == "ineligible" and "not in a county of 济宁市 (菏泽市)" in by[EMP2]["basis"]
    assert all(r["award"] == 0 for r in rows)


@pytest.mark.parametrize(
    "rates,message",
    [
        ({"任城区": "-1"}, "a rate cannot be negative"),
        ({"任城区": "0.155"}, "0.155 万元 has more than 2 decimals"),
        ({"泰安市": "1"}, "'泰安市' is not a county of 济宁市"),
        ({"任城区": "1", "任城": "2"}, "任城区 has two rates: "),
    ],
)
def test_bad_county_rates_stop_the_run(tmp_path, rates, message):
    p1 = pid(1)
    with pytest.raises(DataError, match=message):
        run(tmp_path, [hire(p1)], paid(p1, months("2023-03", 6)), rates=rates)


def test_rates_in_yuan_are_converted(tmp_path):
    p1 = pid(1)
    h = write_csv(tmp_path / "h.csv", [hire(p1)])
    i = write_csv(tmp_path / "i.csv", paid(p1, months("2023-03", 6)))
    r = tmp_path / "r.csv"
    r.write_text("县市区,每人奖励(元)\n任城区,3000\n", "utf-8")
    (row,) = steps.trained_hires(h, i, POLICY, county_rates=str(r), year=2023).table.to_dicts()
    assert (row["status"], row["award"]) == ("awarded", Decimal("0.3"))  # 3000 元 = 0.3 万元


# ------------------------------------------------------------------------------------------ input errors
def test_empty_person_id_or_employer_stops_the_run(tmp_path):
    p1 = pid(1)
    with pytest.raises(DataError, match=r"hires.csv row 2, column person_id: the person id is empty"):
        run(tmp_path, [hire("")], paid(p1, months("2023-03", 6)))
    with pytest.raises(DataError, match=r"hires.csv row 2, column credit_code: the employer's credit code is empty"):
        run(tmp_path, [hire(p1, emp="")], paid(p1, months("2023-03", 6)))
    with pytest.raises(DataError, match=r"insurance.csv row 2, column person_id: the person id is empty"):
        run(tmp_path, [hire(p1)], paid("", months("2023-03", 1)))


def test_a_person_twice_for_one_employer_names_both_rows_masked(tmp_path):
    p1 = pid(1)
    # the second row writes the same id in full-width digits with a space: the same person
    twin = "".join(chr(ord(c) + 0xFEE0) for c in p1[:9]) + " " + p1[9:]
    with pytest.raises(DataError) as e:
        run(tmp_path, [hire(p1), hire(pid(2)), hire(twin)], paid(p1, months("2023-03", 6)))
    where = tmp_path / "hires.csv"
    assert e.value.message == f"person {masked(p1)} is listed twice for employer {EMP}: {where} row 2 and {where} row 4"
    assert p1 not in e.value.line()


def test_the_same_person_with_two_employers_is_two_hires(tmp_path):
    p1 = pid(1)
    rows = detail(
        tmp_path,
        [hire(p1), hire(p1, emp=EMP2, hired="2023-10-01")],
        paid(p1, months("2023-03", 6)) + paid(p1, months("2023-10", 3), emp=EMP2),
    )
    assert [r["qualifies"] for r in rows] == [True, False]


def test_bad_person_ids_are_errors_shown_masked(tmp_path):
    p1 = pid(1)
    wrong = p1[:-1] + ("0" if p1[-1] != "0" else "1")  # a typing error in the check character
    with pytest.raises(DataError) as e:
        run(tmp_path, [hire(wrong)], paid(wrong, months("2023-03", 6)))
    assert (
        e.value.message
        == f"{tmp_path}/hires.csv row 2, column person_id: '{masked(wrong)}' fails the 身份证号 check (GB 11643)"
    )
    assert wrong not in e.value.line()
    with pytest.raises(DataError) as e:
        run(tmp_path, [hire("A1234567")], paid("A1234567", months("2023-03", 6)))
    assert e.value.message.startswith(
        f"{tmp_path}/hires.csv row 2, column person_id: '********' has 8 characters, too few"
    )
    # another stable id of 9 characters or more is fine
    rows = detail(tmp_path, [hire("EMP-000123")], paid("EMP-000123", months("2023-03", 6)))
    assert rows[0]["person_id"] == "EMP-**0123" and rows[0]["qualifies"]


def test_one_employer_in_two_counties_is_an_error(tmp_path):
    with pytest.raises(
        DataError, match=f"employer {EMP} is in 任城区 at .*hires.csv row 2 and in 兖州区 at .*hires.csv row 3"
    ):
        run(tmp_path, [hire(pid(1)), hire(pid(2), county="兖州")], paid(pid(1), months("2023-03", 6)))


# ------------------------------------------------------------------------------------------ the trainers list
def _whitelist_rows(rows: list[tuple]) -> list[dict]:
    return [
        {"beneficiary": b, "measure": 7, "rule": rule, "year": 2023, "award": 0, "status": st, "category": cat}
        for b, rule, st, cat in rows
    ]


def test_trainers_from_whitelist_output_are_its_included_training_rows(tmp_path):
    listed = _whitelist_rows(
        [
            (T_OK, "m7.whitelist", "included", "training"),
            (T_NO, "m7.whitelist", "excluded", "training"),  # excluded
            (code(13), "m7.whitelist", "included", "park"),  # not a training institution
            (code(14), "m7.whitelist", "included", "人才培养机构"),  # Chinese category name
            (code(15), "m1.online", "included", "training"),  # not a whitelist row
        ]
    )
    path = write_csv(tmp_path / "wl.csv", listed)
    notes: list[str] = []
    codes = steps.trainer_codes(path, POLICY, notes=notes)
    assert codes["_code"].to_list() == [T_OK, code(14)]
    assert notes == [
        f"2 whitelisted training institution(s) read from {path}: whitelist output (training rows with status included)"
    ]


def test_trainers_refuse_a_ledger_without_category_and_the_candidates_table(tmp_path):
    ledger = [{k: v for k, v in r.items() if k != "category"} for r in _whitelist_rows([(T_OK, "m7", "included", "y")])]
    with pytest.raises(DataError, match="without a category column"):
        steps.trainer_codes(write_csv(tmp_path / "l.csv", ledger), POLICY)
    cands = tmp_path / "c.csv"
    cands.write_text(f"统一社会信用代码,类别,营业收入(万元)\n{T_OK},training,500\n", "utf-8")
    with pytest.raises(DataError, match="looks like the whitelist candidates table"):
        steps.trainer_codes(str(cands), POLICY)


# ------------------------------------------------------------------------------------------ the policy
def test_the_numbers_are_policy_data(tmp_path):
    # with 5 months asked for, the 5-month hire qualifies; with 院校 replaced by 高校, the 院校 hire does not
    p1 = pid(1)
    five = POLICY._replace(m8=POLICY.m8._replace(consecutive_months=5))
    assert run(tmp_path, [hire(p1)], paid(p1, months("2023-03", 5)), policy=five, detail=True).table["qualifies"][0]
    other = POLICY._replace(m8=POLICY.m8._replace(college_words=("高校",)))
    rows = run(tmp_path, [hire(p1)], paid(p1, months("2023-03", 6)), policy=other, detail=True).table
    assert not rows["qualifies"][0] and "neither 高校 nor a valid credit code" in rows["reasons"][0][0]
    wide = POLICY._replace(m8=POLICY.m8._replace(mask_keep_first=6, mask_keep_last=2))
    rows = run(tmp_path, [hire(p1)], paid(p1, months("2023-03", 6)), policy=wide, detail=True).table
    assert rows["person_id"][0] == p1[:6] + "*" * 10 + p1[-2:]


@pytest.mark.parametrize(
    "edit,key",
    [
        (lambda d: d["m8"].pop("consecutive_months"), "m8.consecutive_months' is missing"),
        (lambda d: d["m8"].update(consecutive_months=0), "m8.consecutive_months' must be 1 or more"),
        (lambda d: d["m8"].update(college_words=[]), "m8.college_words' must list at least one"),
        (lambda d: d["m7"].update(record_kind_words=[" "]), "m7.record_kind_words' must list at least one"),
        (lambda d: d["m7"].pop("record_kind_words"), "m7.record_kind_words' is missing"),
        (lambda d: d["m8"].update(trainer_category="teachers"), "m8.trainer_category' is 'teachers', not a category"),
        (lambda d: d["m8"].update(mask_char="**"), "m8.mask_char' must be one visible character"),
        (lambda d: d["m8"].update(mask_keep_last=-1), "m8.mask_keep_last' must be 0 or more"),
        (lambda d: d["rules"].pop("m8.hires"), "lacks m8.hires"),
    ],
)
def test_a_broken_m8_section_names_the_key(edit, key):
    import copy
    import tomllib

    data = tomllib.loads((ROOT / "jncli" / "policies" / "jining-2022.toml").read_text("utf-8"))
    data = copy.deepcopy(data)
    edit(data)
    with pytest.raises(PolicyError, match=key):
        parse_policy(data, "edited.toml")


def test_the_policy_has_article_8_with_no_cap():
    assert POLICY.rules["m8.hires"].measure == 8 and POLICY.rules["m8.hires"].cap is None
    assert POLICY.m8.consecutive_months == 6 and POLICY.m8.college_words == ("院校",)
    assert "连续缴纳6个月以上社会保险" in POLICY.article(8).text


# ------------------------------------------------------------------------------------------ the command
@pytest.fixture
def files(tmp_path) -> Path:
    """hires (4 persons of 2 employers), insurance, trainers and rates of the docs' example, in tmp_path."""
    ps = [pid(i) for i in range(1, 5)]
    hires = [
        hire(ps[0]),
        hire(ps[1], training=T_OK, hired="2023-04-01"),
        hire(ps[2], training=T_NO, hired="2023-02-01"),
        hire(ps[3], emp=EMP2, county="兖州", name="乙跨境", hired="2023-02-01"),
    ]
    insurance = paid(ps[0], months("2023-03", 6)) + paid(ps[1], months("2023-04", 5))
    insurance += paid(ps[2], months("2023-02", 9)) + paid(ps[3], months("2023-02", 10, skip=(3,)), emp=EMP2)
    write_csv(tmp_path / "hires.csv", hires)
    write_csv(tmp_path / "insurance.csv", insurance)
    (tmp_path / "trainers.csv").write_text(f"统一社会信用代码\n{T_OK}\n", "utf-8")
    (tmp_path / "rates.csv").write_text("县市区,每人奖励(元)\n任城区,5000\n", "utf-8")
    return tmp_path


ARGS = ["trained-hires", "hires.csv", "--insurance", "insurance.csv", "--trainers", "trainers.csv", "--year", "2023"]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "markdown", "table", "xlsx", "parquet"])
def test_person_ids_are_masked_in_every_output_format(jncli, files, fmt):
    full = [pid(i) for i in range(1, 5)]
    if fmt in ("xlsx", "parquet"):
        out = files / f"detail.{fmt}"
        proc = jncli(*ARGS, "--detail", "-o", str(out), cwd=files)
        assert proc.returncode == 0, proc.stderr
        if fmt == "parquet":
            frame = pl.read_parquet(out)
            assert frame["person_id"].to_list() == [masked(p) for p in full]
            data = out.read_bytes()
        else:
            with zipfile.ZipFile(out) as z:
                data = b"".join(z.read(n) for n in z.namelist())
            openpyxl = pytest.importorskip("openpyxl")
            sheet = openpyxl.load_workbook(out).active
            column = [c.value for c in next(sheet.iter_cols(min_col=6, max_col=6))]
            assert column == ["person_id", *(masked(p) for p in full)]
    else:
        proc = jncli(*ARGS, "--detail", "-f", fmt, cwd=files)
        assert proc.returncode == 0, proc.stderr
        data = proc.stdout
        for p in full:
            assert masked(p).encode() in data
    for p in full:
        assert p.encode() not in data and p.encode() not in proc.stderr
    assert proc.stderr  # the notes went to stderr, not into the data


@pytest.mark.parametrize("kind", ["hires", "insurance"])
@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "markdown", "table", "xlsx", "parquet"])
def test_cat_as_hires_or_insurance_masks_person_ids_in_every_format(jncli, files, kind, fmt):
    # `cat --as hires` conforms the table to the hires schema: it writes person ids masked, as trained-hires
    # does (docs/policy-reading.md "Persons"); main wrote them whole (smallfix, defect 1)
    full = [pid(i) for i in range(1, 5)]
    args = ("cat", "--as", kind, f"{kind}.csv")
    if fmt in ("xlsx", "parquet"):
        out = files / f"out.{fmt}"
        proc = jncli(*args, "-o", str(out), cwd=files)
        assert proc.returncode == 0, proc.stderr
        if fmt == "parquet":
            shown = pl.read_parquet(out)["person_id"].to_list()
            data = out.read_bytes()
        else:
            with zipfile.ZipFile(out) as z:
                data = b"".join(z.read(n) for n in z.namelist())
            openpyxl = pytest.importorskip("openpyxl")
            sheet = openpyxl.load_workbook(out).active
            at = [c.value for c in sheet[1]].index("person_id")
            shown = [r[at] for r in sheet.iter_rows(min_row=2, values_only=True)]
        assert set(shown) == {masked(p) for p in full}
    else:
        proc = jncli(*args, "-f", fmt, cwd=files)
        assert proc.returncode == 0, proc.stderr
        data = proc.stdout
        for p in full:
            assert masked(p).encode() in data
    for p in full:
        assert p.encode() not in data and p.encode() not in proc.stderr
    # a masked table read back masks nothing more; plain `cat` passes the file through as read
    again = jncli("cat", "--as", kind, cwd=files, stdin=jncli(*args, cwd=files).stdout)
    assert again.returncode == 0 and again.stdout == jncli(*args, cwd=files).stdout
    assert pid(1).encode() in jncli("cat", f"{kind}.csv", cwd=files).stdout


def test_cat_as_hires_masks_as_the_policy_says_and_normalises_as_trained_hires(jncli, files, tmp_path):
    # the mask comes from the policy in force (m8.mask_*), the id is normalised as --detail shows it
    shipped = Path(__file__).resolve().parents[1] / "jncli" / "policies" / "jining-2022.toml"
    policy = shipped.read_text("utf-8").replace("mask_keep_first = 4", "mask_keep_first = 6")
    (tmp_path / "p.toml").write_text(policy, "utf-8")
    p1 = pid(1)
    write_csv(files / "h.csv", [hire(p1[:6] + " " + p1[6:-1] + p1[-1].lower())])
    proc = jncli(
        "cat", "--as", "hires", "h.csv", "-f", "json", cwd=files, env={"JNCLI_POLICY": str(tmp_path / "p.toml")}
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["person_id"] == p1[:6] + "*" * 8 + p1[-4:]


@pytest.mark.parametrize("masked_file", ["hires", "insurance"])
def test_a_table_cat_as_masked_is_refused_by_trained_hires(jncli, files, masked_file):
    # the masked output of `cat --as hires|insurance` fed back: a masked 身份证号 matches nobody, another id
    # (EMP-**0123) would silently match nobody — or match every id masked alike: the run stops naming it
    other = "EMP-000123"
    write_csv(files / "hires.csv", [hire(other), hire(pid(1))])
    write_csv(files / "insurance.csv", paid(other, months("2023-03", 6)) + paid(pid(1), months("2023-03", 6)))
    masked_out = jncli("cat", "--as", masked_file, f"{masked_file}.csv", cwd=files)
    assert masked_out.returncode == 0 and other.encode() not in masked_out.stdout
    (files / f"m_{masked_file}.csv").write_bytes(masked_out.stdout)
    args = ["hires.csv", "--insurance", "insurance.csv", "--year", "2023"]
    args[0 if masked_file == "hires" else 2] = f"m_{masked_file}.csv"
    proc = jncli("trained-hires", *args, cwd=files)
    assert proc.returncode == 1 and proc.stdout == b""
    assert (
        f"m_{masked_file}.csv row 2, column person_id: 'EMP-**0123' is a masked id, as jncli writes it: it cannot be "
        "matched to a person" in proc.stderr.decode()
    )
    assert (
        jncli("trained-hires", "hires.csv", "--insurance", "insurance.csv", "--year", "2023", cwd=files).returncode == 0
    )


def test_the_employer_table_in_json(jncli, files):
    proc = jncli(*ARGS, "--county-rates", "rates.csv", "--lang", "en", "-f", "json", cwd=files)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [(r["beneficiary"], r["status"], r["award"], r["qualifying_hires"]) for r in rows] == [
        (EMP, "awarded", 0.5, 1),  # 1 × 5000 元 = 0.5 万元
        (EMP2, "qualified", 0, 1),  # the May gap, then June..November
    ]


def test_detail_columns(jncli, files):
    proc = jncli(*ARGS, "--detail", "-f", "json", cwd=files)
    rows = json.loads(proc.stdout)
    assert list(rows[0]) == list(DETAIL_COLUMNS)
    assert [(r["file"], r["row"], r["qualifies"]) for r in rows] == [
        ("hires.csv", 2, True),
        ("hires.csv", 3, False),
        ("hires.csv", 4, False),
        ("hires.csv", 5, True),
    ]
    assert rows[2]["reasons"] == [f"培训机构{T_NO}不在白名单培训机构名单中"]


def test_error_messages_mask_the_person(jncli, files):
    p1 = pid(1)
    (files / "dup.csv").write_text(
        (files / "hires.csv").read_text("utf-8") + (files / "hires.csv").read_text("utf-8").splitlines()[1] + "\n",
        "utf-8",
    )
    proc = jncli("trained-hires", "dup.csv", "--insurance", "insurance.csv", cwd=files, text=True)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr == (
        f"jncli trained-hires: person {masked(p1)} is listed twice for employer {EMP}: dup.csv row 2 and dup.csv "
        f"row 6 (hint: one row per person and employer)\n"
    )
    wrong = p1[:-1] + ("0" if p1[-1] != "0" else "1")
    (files / "bad.csv").write_text((files / "hires.csv").read_text("utf-8").replace(p1, wrong), "utf-8")
    out = files / "out.csv"
    proc = jncli("trained-hires", "bad.csv", "--insurance", "insurance.csv", "-o", str(out), cwd=files, text=True)
    assert proc.returncode == 1 and not out.exists()
    assert f"bad.csv row 2, column person_id: '{masked(wrong)}' fails the 身份证号 check" in proc.stderr
    assert wrong not in proc.stderr and "Traceback" not in proc.stderr


def test_stdin_can_be_one_input_only(jncli, files):
    proc = jncli("trained-hires", "--insurance", "-", "--trainers", "trainers.csv", cwd=files, stdin="", text=True)
    assert proc.returncode == 2 and "HIRES and --insurance cannot both read stdin" in proc.stderr


def test_hires_from_stdin(jncli, files):
    data = (files / "hires.csv").read_bytes()
    proc = jncli("trained-hires", "--insurance", "insurance.csv", "--year", "2023", cwd=files, stdin=data)
    assert proc.returncode == 0, proc.stderr
    assert pl.read_csv(io.BytesIO(proc.stdout))["qualifying_hires"].to_list() == [1, 1]


def test_a_workbook_and_a_gb18030_csv(jncli, tmp_path):
    # A bureau workbook: 身份证号 as text, dates as real date cells, the headers as bureaus write them;
    # the insurance export in GB18030 with months written 2023年3月.
    openpyxl = pytest.importorskip("openpyxl")
    p1, p2 = pid(1), pid(2)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(
        ["用人单位统一社会信用代码", "用人单位名称", "所在县市区", "身份证号码", "培训机构", "培训结业日期", "入职日期"]
    )
    for p in (p1, p2):
        ws.append([EMP, "甲电商", "任城区", p, "院校", dt.datetime(2023, 1, 10), dt.datetime(2023, 3, 6)])
    for row in ws.iter_rows(min_row=2, min_col=6, max_col=7):
        for cell in row:
            cell.number_format = "yyyy/m/d"
    wb.save(tmp_path / "hires.xlsx")
    lines = ["身份证号,缴费单位统一社会信用代码,缴费年月"]
    lines += [f"{p1},{EMP},2023年{m}月" for m in range(3, 9)] + [f"{p2},{EMP},2023年{m}月" for m in range(3, 8)]
    (tmp_path / "ins.csv").write_bytes(("\n".join(lines) + "\n").encode("gb18030"))
    proc = jncli("trained-hires", "hires.xlsx", "--insurance", "ins.csv", "--detail", "-f", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [(r["hired_on"], r["months"], r["qualifies"]) for r in rows] == [
        ("2023-03-06", 6, True),
        ("2023-03-06", 5, False),
    ]


def test_an_employer_merged_over_its_hires_is_read_as_excel_shows_it(jncli, tmp_path):
    # Bureau sheets merge the employer's cells over its rows: only the first row holds the code, and Excel
    # shows it on every row of the range. Read so (review 9: the run stopped on "the employer's credit code
    # is empty" while the enterprises' merged cells read as empty, 否): the same result as the sheet with
    # the code on each row, and a note naming the range.
    openpyxl = pytest.importorskip("openpyxl")
    (tmp_path / "ins.csv").write_text(f"身份证号,统一社会信用代码,参保月份\n{pid(1)},{EMP},2023-03\n", "utf-8")
    out = {}
    for name, merged in (("plain.xlsx", False), ("hires.xlsx", True)):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["统一社会信用代码", "企业名称", "县市区", "身份证号", "培训机构", "培训日期", "入职日期"])
        for p in (pid(1), pid(2)):
            ws.append([EMP, "甲电商", "任城区", p, "院校", "2023-01-10", "2023-03-06"])
        if merged:
            ws["A3"] = None
            ws.merge_cells("A2:A3")
        wb.save(tmp_path / name)
        proc = jncli("trained-hires", name, "--insurance", "ins.csv", cwd=tmp_path, text=True)
        assert proc.returncode == 0, proc.stderr
        out[name] = proc.stdout
    assert out["hires.xlsx"] == out["plain.xlsx"]
    assert "hires.xlsx: merged cells filled down: A2:A3 (1 range(s))" in proc.stderr


def test_an_id_excel_stored_as_a_number_is_caught(jncli, tmp_path):
    # Excel keeps 15 significant digits: an 18-digit id typed as a number loses its last digits, which
    # no longer match the check character.
    openpyxl = pytest.importorskip("openpyxl")
    p1 = pid(1)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["统一社会信用代码", "县市区", "身份证号", "培训机构", "培训日期", "入职日期"])
    ws.append([EMP, "任城区", float(p1), "院校", "2023-01-10", "2023-03-06"])
    wb.save(tmp_path / "hires.xlsx")
    (tmp_path / "ins.csv").write_text(f"身份证号,统一社会信用代码,参保月份\n{p1},{EMP},2023-03\n", "utf-8")
    proc = jncli("trained-hires", "hires.xlsx", "--insurance", "ins.csv", cwd=tmp_path, text=True)
    assert proc.returncode == 1
    # caught where it is read (tableio.checks), the id shown masked
    assert "is an id stored as a number in Excel: format the column as text" in proc.stderr
    assert p1 not in proc.stderr and p1[:4] + "*" * 10 in proc.stderr


# ------------------------------------------------------------------------------------------ whitelist | trained-hires
def test_the_whitelist_pipes_into_trained_hires(jncli):
    whitelist = ["whitelist", "samples/candidates.csv", "--records", "samples/records.csv", "--as-of", "2023-12-31"]
    m8 = [
        "trained-hires",
        "samples/hires.csv",
        "--insurance",
        "samples/insurance.csv",
        "--trainers",
        "-",
        "--county-rates",
        "samples/county_rates.csv",
        "--year",
        "2023",
    ]
    first, second = jncli.pipe(whitelist, m8)
    assert first.returncode == 0 and second.returncode == 0, second.stderr
    assert b"whitelisted training institution(s) read from <stdin>: whitelist output" in second.stderr
    piped = pl.read_csv(io.BytesIO(second.stdout), infer_schema=False)
    # the same as with the whitelist written to a file first
    proc = jncli.sh(
        "jncli whitelist samples/candidates.csv --records samples/records.csv --as-of 2023-12-31 "
        "2>/dev/null > /tmp/$$.wl.csv && jncli trained-hires samples/hires.csv --insurance "
        "samples/insurance.csv --trainers /tmp/$$.wl.csv --county-rates samples/county_rates.csv "
        "--year 2023 2>/dev/null; rc=$?; rm -f /tmp/$$.wl.csv; exit $rc"
    )
    assert proc.returncode == 0
    assert piped.equals(pl.read_csv(io.BytesIO(proc.stdout), infer_schema=False))
    # the samples' trainers matter: without them, fewer hires qualify
    alone = pl.read_csv(io.BytesIO(jncli(*[a for a in m8 if a not in ("--trainers", "-")]).stdout))
    assert alone["qualifying_hires"].sum() < piped["qualifying_hires"].cast(pl.Int64).sum()


# ------------------------------------------------------------------------------------------ the samples
@pytest.fixture(scope="module")
def sample_detail() -> pl.DataFrame:
    wl = steps.whitelist(
        str(SAMPLES / "candidates.csv"), str(SAMPLES / "records.csv"), POLICY, as_of=dt.date(2023, 12, 31)
    )
    return steps.trained_hires(
        str(SAMPLES / "hires.csv"),
        str(SAMPLES / "insurance.csv"),
        POLICY,
        trainers=wl.table,
        year=2023,
        detail=True,
        lang="en",
    ).table


def test_the_samples_plant_every_case(sample_detail):
    d = sample_detail
    reasons = d["reasons"].list.join("; ")

    def has(expr) -> int:
        return d.filter(expr).height

    assert has((pl.col("months") == 6) & pl.col("qualifies") & (pl.col("training") == "院校"))  # exactly 6
    assert has((pl.col("months") == 5) & reasons.str.starts_with("at most 5 consecutive"))  # exactly 5
    assert has(reasons.str.contains("after being hired"))  # training after hiring
    assert has(reasons.str.contains("is not on the list of whitelisted"))  # an unlisted trainer
    assert has(pl.col("qualifies") & (pl.col("counts_in") == 2022))  # 6th month in the year before
    assert has(reasons.str.contains("not in a county of"))  # outside the city
    assert has(reasons.str.contains("GB 32100-2015"))  # invalid employer code
    # a gap month: a qualifying run that does not start in the hiring month
    assert has(pl.col("qualifies") & (pl.col("insured_from") > pl.col("hired_on").dt.strftime("%Y-%m")))


# ------------------------------------------------------------------------------------------ check-validity and annual
def test_check_validity_knows_m8_and_qualified(jncli, files):
    proc = jncli(*ARGS, "--county-rates", "rates.csv", "-o", "m8.csv", cwd=files)
    assert proc.returncode == 0, proc.stderr
    clean = jncli("check-validity", "m8.csv", cwd=files, text=True)
    assert clean.returncode == 0 and clean.stderr == "" and clean.stdout.count("\n") == 1
    # the same output twice: the awarded and the qualified employer are each listed twice
    twice = jncli("check-validity", "m8.csv", "m8.csv", "--lang", "en", cwd=files, text=True)
    assert twice.returncode == 3
    found = pl.read_csv(io.StringIO(twice.stdout))
    assert found.select("row", "kind", "beneficiary").rows() == [
        (2, "duplicate_award", EMP),
        (3, "duplicate_award", EMP2),
    ]
    assert found["message"][1].startswith("already awarded or qualified under measure 8 for 2023 at m8.csv row 3")
    # money on a qualified row
    edited = (files / "m8.csv").read_text("utf-8").replace(",0,qualified,", ",0.3,qualified,")
    (files / "edited.csv").write_text(edited, "utf-8")
    bad = jncli("check-validity", "edited.csv", "--lang", "en", cwd=files, text=True)
    assert bad.returncode == 3 and "bad_amount" in bad.stdout and "status qualified" in bad.stdout


def test_annual_runs_measure_8_and_masks_everything(jncli, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLES, data)
    out = tmp_path / "out"
    rates = ["--province-growth", "10%", "--province-rural-growth", "12%"]
    proc = jncli("annual", str(data), "--year", "2023", *rates, "-o", str(out), text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    m8 = pl.read_csv(out / "trained-hires.csv")
    ledger = pl.read_csv(out / "ledger.csv")
    assert set(m8["status"]) == {"awarded", "qualified", "ineligible"}
    assert ledger.filter(pl.col("rule") == "m8.hires").height == m8.height
    html = (out / "report.html").read_text("utf-8")
    assert "第八条 加强实用型人才引进培育" in html and "符合条件（金额由县定）" in html
    ids = set(pl.read_csv(data / "hires.csv", infer_schema=False)["身份证号"])
    for f in out.iterdir():
        blob = f.read_bytes()
        if f.suffix == ".xlsx":
            with zipfile.ZipFile(f) as z:
                blob = b"".join(z.read(n) for n in z.namelist())
        assert not any(p.encode() in blob for p in ids), f.name
    # without the insurance the run stops, naming measure 8 (it would pay nothing with exit 0) …
    (data / "insurance.csv").unlink()
    out2 = tmp_path / "out2"
    proc = jncli("annual", str(data), "--year", "2023", *rates, "-o", str(out2), text=True, timeout=300)
    assert proc.returncode == 1 and not out2.exists()
    assert "measure 8 (trained hires) has no input: no insurance table" in proc.stderr
    # … unless --skip 8 says so; the files it would have read are named as not used
    proc = jncli("annual", str(data), "--year", "2023", *rates, "-o", str(out2), "--skip", "8", text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "measure 8 (trained hires) not run: --skip 8" in proc.stderr
    assert "hires.csv (hires): not used (--skip 8)" in proc.stderr
    assert "county_rates.csv (county_rates): not used (--skip 8)" in proc.stderr
    # --skip 7 skips 8 too: its training institutions are the whitelist's
    out3 = tmp_path / "out3"
    proc = jncli("annual", str(data), "--year", "2023", *rates, "-o", str(out3), "--skip", "7", text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "measure 8 (trained hires) not run: --skip 7 (measure 8 reads measure 7's result)" in proc.stderr


def test_an_annual_data_error_masks_the_person(jncli, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("hires.csv", "insurance.csv", "candidates.csv", "records.csv"):
        shutil.copy(SAMPLES / name, data / name)
    lines = (data / "hires.csv").read_text("utf-8").splitlines()
    (data / "hires.csv").write_text("\n".join([*lines, lines[1]]) + "\n", "utf-8")
    person = lines[1].split(",")[3]
    skip = ["--skip", "1", "--skip", "2", "--skip", "4"]  # measures 7 and 8 run
    proc = jncli("annual", str(data), "--year", "2023", *skip, "-o", str(tmp_path / "o"), text=True, timeout=300)
    assert proc.returncode == 1 and not (tmp_path / "o").exists()
    assert f"person {masked(person)} is listed twice" in proc.stderr and person not in proc.stderr


def test_schema_lists_the_measure_8_tables_with_chinese_aliases(jncli):
    proc = jncli("schema", "-f", "json", text=True)
    rows = {(r["table"], r["column"]): r for r in json.loads(proc.stdout)}
    assert "身份证号" in rows[("hires", "person_id")]["aliases"]
    assert "培训机构" in rows[("hires", "training")]["aliases"]
    assert "入职日期" in rows[("hires", "hired_on")]["aliases"]
    assert "培训日期" in rows[("hires", "trained_on")]["aliases"]
    assert "参保月份" in rows[("insurance", "month")]["aliases"] and rows[("insurance", "month")]["type"] == "month"
    assert rows[("county_rates", "rate")]["unit"] == "万元"


def test_help_is_fast_and_the_rule_module_stays_pure():
    # importing the rule does not load typer, tableio, the CLI or the steps (checked for every rule in
    # test_architecture); here: the package is among the rule modules it checks
    proc = subprocess.run(
        [sys.executable, "-c", "import jncli.rules.hires, sys; print('jncli.tableio' in sys.modules)"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout.strip() == "False"
