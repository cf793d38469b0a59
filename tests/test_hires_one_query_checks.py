"""Measure 8 asks one query first whether its checks can find anything (`qualify._may_stop`,
`qualify._insurance_may_stop`, `unfilled.may_find`) and runs them one by one only then (issue 18: ~30 small polars
queries spared a run). Each defect those checks stop on or warn about must still be found: one defect a run, on the
samples, through the real binary. A look-first query that misses a kind of defect fails here."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from bureau_files import SAMPLES


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _other_check(pid: str) -> str:
    return pid[:17] + ("0" if pid[17] != "0" else "1")


def _set(row: int, col: int, value: str):
    def change(rows: list[list[str]]) -> None:
        rows[row][col] = value

    return change


def _check_char(row: int):
    def change(rows: list[list[str]]) -> None:
        rows[row][3] = _other_check(rows[row][3])

    return change


def _repeat(row: int):
    def change(rows: list[list[str]]) -> None:
        rows.append(rows[row][:])

    return change


# hires.csv: 统一社会信用代码,企业名称,县市区,身份证号,培训机构,培训日期,入职日期
# insurance.csv: 身份证号,统一社会信用代码,参保月份
HIRES = {
    "empty code": (_set(3, 0, ""), 1, "row 4, column credit_code: the employer's credit code is empty"),
    "empty person id": (_set(5, 3, ""), 1, "row 6, column person_id: the person id is empty"),
    "short person id": (_set(5, 3, "12345678"), 1, "too few to be shown masked"),
    "masked person id": (_set(5, 3, "9908**********2488"), 1, "is a masked id, as jncli writes it"),
    "check character": (_check_char(5), 1, "fails the 身份证号 check"),
    "listed twice": (_repeat(4), 1, "is listed twice for employer"),
    "empty training": (_set(7, 4, ""), 0, "empty cell(s) in 1 hire(s)"),
    "empty hire date": (_set(9, 6, ""), 0, "empty cell(s) in 1 hire(s)"),
    "empty training date": (_set(9, 5, ""), 0, "empty cell(s) in 1 hire(s)"),
    "training by name": (_set(8, 4, "某学校"), 0, "neither 院校 nor a valid credit code: '某学校'"),
}
INSURANCE = {
    "empty month": (_set(5, 2, ""), 1, "row 6, column month: the month is empty"),
    "empty person id": (_set(5, 0, ""), 1, "row 6, column person_id: the person id is empty"),
    "empty code": (_set(5, 1, ""), 1, "row 6, column credit_code: the employer's credit code is empty"),
    "masked person id": (_set(5, 0, "9908**********6733"), 1, "is a masked id, as jncli writes it"),
}


def _run(jncli, tmp_path: Path, table: str, change) -> tuple[int, str]:
    for name in ("hires.csv", "insurance.csv"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    rows = _rows(tmp_path / table)
    change(rows)
    with open(tmp_path / table, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    args = ("trained-hires", "hires.csv", "--insurance", "insurance.csv", "--year", "2023")
    proc = jncli(*args, cwd=tmp_path, text=True)
    return proc.returncode, proc.stderr


@pytest.mark.parametrize("case", list(HIRES))
def test_every_hires_defect_is_still_found(jncli, tmp_path, case):
    change, code, said = HIRES[case]
    rc, err = _run(jncli, tmp_path, "hires.csv", change)
    assert rc == code, err
    assert said in err


@pytest.mark.parametrize("case", list(INSURANCE))
def test_every_insurance_defect_is_still_found(jncli, tmp_path, case):
    change, code, said = INSURANCE[case]
    rc, err = _run(jncli, tmp_path, "insurance.csv", change)
    assert rc == code, err
    assert said in err


def test_the_samples_as_they_are_say_none_of_it(jncli, tmp_path):
    rc, err = _run(jncli, tmp_path, "hires.csv", lambda rows: None)
    assert rc == 0, err
    assert "empty cell" not in err and "neither 院校" not in err
