"""Measure 8's inputs as a bureau exports them, built for tests: GB18030 CSVs of hires and insurance months,
with employers in 任城区 and every hire trained at a 院校 (no list of training institutions needed)."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl

_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # the id number's check-character weights
HIRES_HEADER = ["统一社会信用代码", "企业名称", "县市区", "身份证号", "培训机构", "培训日期", "入职日期"]
INSURANCE_HEADER = ["身份证号", "统一社会信用代码", "参保月份"]
ZH = {"LANG": "zh_CN.UTF-8", "LC_ALL": None}  # a Chinese locale, as cron on a Chinese system


def pid(n: int) -> str:
    """A valid 18-character id number, the n-th of a made-up person born 1990-01-01."""
    first17 = f"99081119900101{n:03d}"
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, _W)) % 11]


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="gb18030") as f:
        csv.writer(f).writerows([header, *rows])
    return path


def hire(emp: str, person: str, hired: str, name: str = "甲电商") -> list[str]:
    return [emp, name, "任城区", person, "院校", "2022-01-10", hired]


def by_code(table: pl.DataFrame) -> dict[str, tuple[str, float]]:
    return {r["beneficiary"]: (r["status"], r["award"]) for r in table.iter_rows(named=True)}
