"""Measure 8: an insurance part that ends early, and the bound that tells whether any hire could count on the months
after its end (`jncli.rules.hires.cover._at_stake`).

A part whose employers appear in no other part after its last month stops `annual` (hostile review 3, A1) unless no
hire of its employers could still reach 6 consecutive months in the months after it: then it is a warning (a county
whose employers all stopped paying). The bound is proven by running the rule again: whenever the warning says
nothing depends on the missing months, the whole export — any months after the part's end — gives the same table.
"""

from __future__ import annotations

import csv
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jncli import credit_code, steps
from jncli.policy import load_policy
from jncli.settings import InputOptions

POLICY = load_policy()
_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
A = credit_code.make("91370800MA0000001")  # the employer of the part that ends early (任城区's agency)
B = credit_code.make("91370800MA0000002")  # another county's employer, its part current
CALM = "nothing this run counts depends on it"


def pid(n: int) -> str:
    first17 = f"99081120000101{n:03d}"
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, _W)) % 11]


def label(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


def write(path: Path, header: list[str], rows: list[list[str]]) -> str:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return str(path)


def run(tmp: Path, hires: list[list[str]], parts: dict[str, list[list[str]]], doubtful: str = "warn"):
    h = write(
        tmp / "hires.csv",
        ["统一社会信用代码", "企业名称", "县市区", "身份证号", "培训机构", "培训日期", "入职日期"],
        hires,
    )
    files = [
        write(tmp / f"{name}.csv", ["身份证号", "统一社会信用代码", "参保月份"], rows) for name, rows in parts.items()
    ]
    return steps.trained_hires(h, files, POLICY, InputOptions(doubtful_ids=doubtful), year=2023, lang="en")


JAN_2023 = 2023 * 12
# a hire of employer A: hired in month h (0 = 2023-01), paid in the months of `paid` (offsets from January 2023)
hire_st = st.tuples(st.integers(0, 11), st.sets(st.integers(0, 11), max_size=12))


def employer_a(hires: list[tuple[int, set[int]]], end: int) -> tuple[list, list, list]:
    """Employer A's hires (hired in month h of 2023, trained by a college course) and their insurance rows: every
    month paid (`whole`) and those up to month `end` (`early`)."""
    rows, whole, early = [], [], []
    for n, (hired, months) in enumerate(hires, start=1):
        person = pid(n)
        rows.append([A, "甲电商", "任城区", person, "院校", "2022-12-01", f"{label(JAN_2023 + hired)}-05"])
        for m in sorted(months):
            whole.append([person, A, label(JAN_2023 + m)])
            if m <= end:
                early.append([person, A, label(JAN_2023 + m)])
    return rows, whole, early


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hires=st.lists(hire_st, min_size=1, max_size=4), end=st.integers(3, 10))
def test_a_part_said_to_hold_no_hire_at_stake_gives_the_table_of_the_whole_export(tmp_path_factory, hires, end):
    tmp = tmp_path_factory.mktemp("bound")
    rows, whole, early = employer_a(hires, end)
    early.append([pid(90), A, label(JAN_2023 + end)])  # the part's last month is `end` (a person no hire)
    whole.append([pid(90), A, label(JAN_2023 + end)])
    rows.append([B, "乙电商", "兖州区", pid(99), "院校", "2022-12-01", "2023-01-05"])
    current = [[pid(99), B, label(JAN_2023 + m)] for m in range(0, 15)]  # to 2024-03
    cut = run(tmp, rows, {"参保_任城": early, "参保_其他": current})
    said = [str(w) for w in cut.warnings if "this part of the insurance table" in str(w)]
    assert said, cut.warnings  # the part ends before the as-of month, its employer nowhere after it
    if any(CALM in w for w in said):
        full = run(tmp, rows, {"参保_任城": whole, "参保_其他": current})
        assert full.table.equals(cut.table)
    else:  # at stake: `annual` stops
        try:
            run(tmp, rows, {"参保_任城": early, "参保_其他": current}, doubtful="error")
        except Exception as e:  # noqa: BLE001 — the stop is a DataError naming the part
            assert "参保_任城.csv: this part of the insurance table ends in" in str(e)
        else:
            raise AssertionError("a part on which a hire could count did not stop the run")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hires=st.lists(hire_st, min_size=1, max_size=4), end=st.integers(3, 10))
def test_a_whole_table_said_to_hold_no_hire_at_stake_gives_the_table_of_the_whole_export(tmp_path_factory, hires, end):
    """The same bound for one insurance table that ends before the as-of month (`cover.ends_early`)."""
    tmp = tmp_path_factory.mktemp("whole")
    rows, whole, early = employer_a(hires, end)
    # the table's last month is `end`: a hire trained after hiring (never counts), so some row is a hire's
    rows.append([A, "甲电商", "任城区", pid(90), "院校", "2023-12-01", "2023-01-05"])
    early.append([pid(90), A, label(JAN_2023 + end)])
    whole.append([pid(90), A, label(JAN_2023 + 11)])
    cut = run(tmp, rows, {"参保": early})
    said = [str(w) for w in cut.warnings if "the insurance table ends in" in str(w)]
    assert said, cut.warnings
    if any(CALM in w for w in said):
        assert run(tmp, rows, {"参保": whole}).table.equals(cut.table)
    else:
        try:
            run(tmp, rows, {"参保": early}, doubtful="error")
        except Exception as e:  # noqa: BLE001 — the stop is a DataError naming the table
            assert "参保.csv: the insurance table ends in" in str(e)
        else:
            raise AssertionError("a table on which a hire could count did not stop the run")
