"""A needed column left without a value in every row of ONE year of a two-year table (hostile review 4, A1, A2;
tableio/blanks.py `_by_year`).

Before: the check counted filled cells over the whole file, so the samples' one enterprises table with 是否纳统 blank
in every 2022 row ran `annual` 2023 with exit 0 and paid 601.23 万元 instead of 517.28 (nothing deducted as
received in 2022: ten top-ups paid in full again, an m3 one-off paid twice); blank in every 2023 row it paid 278.60.
The same rows alone, or split into a file per year, stopped. Now each year the run reads (its own and, unless
--first-year, the earlier years of the period) is checked on its own. Through the real CLI on the shipped samples.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GROWTH = ("--province-growth", "10%", "--province-rural-growth", "12%")


@pytest.fixture(scope="module")
def run(jncli):
    return jncli.using(text=True, timeout=300)


def _read(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def _write(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def _data(tmp_path: Path, header: str, year: str) -> Path:
    """The samples with `header` blank in every enterprises row of `year`."""
    data = tmp_path / "data"
    data.mkdir()
    for f in SAMPLES.glob("*.csv"):
        (data / f.name).write_bytes(f.read_bytes())
    rows = _read(data / "enterprises.csv")
    i, y = rows[0].index(header), rows[0].index("年份")
    assert sum(r[y] == year for r in rows[1:]) >= 2
    _write(data / "enterprises.csv", [rows[0]] + [r[:i] + [""] + r[i + 1 :] if r[y] == year else r for r in rows[1:]])
    return data


def _annual(run, data: Path, out: Path, *more: str, lang: str = "en"):
    return run("annual", str(data), "--year", "2023", *GROWTH, "-o", str(out), "--lang", lang, *more)


@pytest.mark.parametrize(
    "header, column, year, n",
    [
        ("是否纳统", "in_statistics", "2022", 57),  # paid 601.23 with exit 0 before
        ("实物商品网络零售额(万元)", "online_retail", "2022", 57),  # 572.28
        ("县市区", "county", "2022", 57),  # 611.23
        ("是否纳统", "in_statistics", "2023", None),  # 278.60
        ("是否商贸流通企业", "is_trade", "2023", None),  # 397.28
    ],
)
def test_annual_stops_on_a_column_blank_in_every_row_of_one_year(run, tmp_path, header, column, year, n):
    data = _data(tmp_path, header, year)
    out = tmp_path / "out" / "2023"
    proc = _annual(run, data, out)
    assert proc.returncode == 1, proc.stderr
    assert not out.exists() and "Traceback" not in proc.stderr
    rows = sum(r[3] == year for r in _read(data / "enterprises.csv")[1:])
    assert n is None or rows == n
    assert (
        f"enterprises.csv: the column {header} ({column}) has no value in any of its {rows} rows of {year} (the rows "
        f'of other years fill it): read so, every {year} row would be read as "no" or none'
    ) in proc.stderr, proc.stderr
    assert f"(hint: fill it in for the {year} rows too" in proc.stderr
    zh = _annual(run, data, tmp_path / "zh" / "2023", lang="zh")
    assert zh.returncode == 1
    assert f"列在 {year} 年度的全部 {rows} 行中均无数值（其他年度的行已填写）" in zh.stderr, zh.stderr


def test_a_file_per_year_stops_the_same_way(run, tmp_path):
    data = _data(tmp_path, "是否纳统", "2022")
    rows = _read(data / "enterprises.csv")
    (data / "enterprises.csv").unlink()
    _write(data / "enterprises-2022.csv", [rows[0]] + [r for r in rows[1:] if r[3] == "2022"])
    _write(data / "enterprises-2023.csv", [rows[0]] + [r for r in rows[1:] if r[3] == "2023"])
    proc = _annual(run, data, tmp_path / "out" / "2023")
    assert proc.returncode == 1, proc.stderr
    assert "has no value in any of its 57 rows of 2022" in proc.stderr, proc.stderr
    assert "(read as one table)" in proc.stderr


def test_first_year_does_not_read_the_earlier_rows_so_does_not_check_them(run, tmp_path):
    data = _data(tmp_path, "是否纳统", "2022")
    proc = _annual(run, data, tmp_path / "out" / "2023", "--first-year")
    assert proc.returncode == 0, proc.stderr
    assert "rows of 2022" not in proc.stderr


def test_the_single_commands_are_not_changed(run, tmp_path):
    data = _data(tmp_path, "是否纳统", "2022")
    proc = run("award-enterprises", str(data / "enterprises.csv"), "--year", "2023", "-o", str(tmp_path / "l.csv"))
    assert proc.returncode == 0, proc.stderr
