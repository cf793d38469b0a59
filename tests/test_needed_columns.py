"""A measure command whose table lacks a column a rule of the run needs stops (review: fix27b).

Before, `award-enterprises` on the samples without 实物商品网络零售额 paid every 2023 tier row as "no online
retail reported" (215 → 100 万元) with exit 0 and not a word on stderr; with the header written
`实物商品网络零售额(万元)(含税)` only a warning. `annual` stopped in both cases (annual/needs.py). Now every
measure command stops the same way, by the same table (jncli/needed_columns.py): exit 1, one line naming the
file, the column (its Chinese header), the rules of the run that would award nothing, and a header that may be
the column. Only the rules the run computes count (--year, --fiscal-ratios, --commendations, --by month).
score-counties keeps RULES.md §1's skip of a ranking whose column is absent (annual stops).

Through the real CLI on the shipped samples, one column dropped at a time.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
RATIOS = str(SAMPLES / "fiscal_ratios.csv")
HINT = "(hint: add the column (an empty column states that none is reported); see `jncli schema {kind}`)"


@pytest.fixture(scope="module")
def run(jncli):
    return jncli.using(text=True)


def _rows(name: str) -> list[list[str]]:
    with open(SAMPLES / name, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def _write(path: Path, rows: list[list[str]]) -> str:
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return str(path)


def dropped(tmp_path: Path, name: str, header: str) -> str:
    """The sample table `name` without its column `header`."""
    rows = _rows(name)
    i = rows[0].index(header)
    return _write(tmp_path / f"no-{name}", [r[:i] + r[i + 1 :] for r in rows])


def renamed(tmp_path: Path, name: str, header: str, to: str) -> str:
    rows = _rows(name)
    rows[0][rows[0].index(header)] = to
    return _write(tmp_path / f"renamed-{name}", rows)


def emptied(tmp_path: Path, name: str, header: str) -> str:
    """The sample table `name` with every cell of `header` empty (the column is there: none reported)."""
    rows = _rows(name)
    i = rows[0].index(header)
    return _write(tmp_path / f"empty-{name}", [rows[0]] + [r[:i] + [""] + r[i + 1 :] for r in rows[1:]])


def stop(kind: str, path: str, shown: str, rules: str, header: str | None = None) -> str:
    line = f"{path}: the {kind} table has no column {shown}, and without it {rules} would award nothing"
    if header is not None:
        line += f"; the header {header!r} names no column: is it that column? rename the header; jncli does not guess"
    return f"{line} {HINT.format(kind=kind)}"


RETAIL = "实物商品网络零售额(万元)"


def test_award_enterprises_without_online_retail_stops(run, tmp_path):
    # before: exit 0, every tier row "no online retail reported", 215 → 100 万元, nothing on stderr
    path = dropped(tmp_path, "enterprises.csv", RETAIL)
    done = run("award-enterprises", path, "--lang", "en", "-f", "csv")
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    line = stop("enterprises", path, "网络零售额 (online_retail)", "m2.tier2022, m2.tier2023")
    assert done.stderr.splitlines() == [f"jncli award-enterprises: {line}"]


def test_award_enterprises_names_only_the_rules_of_the_years_evaluated(run, tmp_path):
    path = dropped(tmp_path, "enterprises.csv", RETAIL)
    done = run("award-enterprises", path, "--year", "2022", "--lang", "en")
    assert done.returncode == 1
    assert stop("enterprises", path, "网络零售额 (online_retail)", "m2.tier2022") in done.stderr
    done = run("award-enterprises", path, "--commendations", "--lang", "en")
    assert done.returncode == 1
    assert stop("enterprises", path, "网络零售额 (online_retail)", "m2.commend") in done.stderr


def test_award_enterprises_with_an_unreadable_header_stops_naming_it(run, tmp_path):
    # before: a warning ("is this 网络零售额 (online_retail)?"), exit 0, 100 万元
    header = "实物商品网络零售额(万元)(含税)"
    path = renamed(tmp_path, "enterprises.csv", RETAIL, header)
    done = run("award-enterprises", path, "--lang", "en", "-f", "csv")
    assert done.returncode == 1
    line = stop("enterprises", path, "网络零售额 (online_retail)", "m2.tier2022, m2.tier2023", header)
    assert done.stderr.splitlines() == [f"jncli award-enterprises: {line}"]  # one line: no warning before it


def test_the_stop_is_in_chinese(run, tmp_path):
    path = dropped(tmp_path, "enterprises.csv", RETAIL)
    done = run("award-enterprises", path, "--lang", "zh")
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"jncli award-enterprises: {path}：enterprises 表中没有 网络零售额（online_retail） 列，缺少该列，"
        "m2.tier2022, m2.tier2023 将不发放任何奖励（提示：请补充该列（该列为空表示均未报告）；见 `jncli schema "
        "enterprises`）"
    )


def test_award_enterprises_without_national_title_stops(run, tmp_path):
    # before: exit 0, no m2.title / m6.base row at all, not a word
    path = dropped(tmp_path, "enterprises.csv", "国家级称号")
    done = run("award-enterprises", path, "--lang", "en")
    assert done.returncode == 1
    assert stop("enterprises", path, "国家级称号 (national_title)", "m2.title, m6.base") in done.stderr


def test_new_fiscal_revenue_is_needed_only_with_the_fiscal_ratios(run, tmp_path):
    # before: exit 0 with a note ("no m3.fiscal rows") though --fiscal-ratios asked for measure 3
    path = dropped(tmp_path, "enterprises.csv", "新增财力(万元)")
    done = run("award-enterprises", path, "--fiscal-ratios", RATIOS, "--lang", "en")
    assert done.returncode == 1
    assert stop("enterprises", path, "新增财力 (new_fiscal_revenue)", "m3.fiscal") in done.stderr
    assert run("award-enterprises", path, "--lang", "en").returncode == 0


def test_converted_branch_stays_a_warning_in_the_command(run, tmp_path):
    # RULES.md §3 (rev 3): every m3 row ineligible and a warning names the column (annual stops)
    path = dropped(tmp_path, "enterprises.csv", "是否省外电商企业分支机构转设")
    done = run("award-enterprises", path, "--fiscal-ratios", RATIOS, "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "the input has no converted_branch column" in done.stderr


def test_a_column_with_every_cell_empty_still_runs(run, tmp_path):
    path = emptied(tmp_path, "enterprises.csv", RETAIL)
    done = run("award-enterprises", path, "--lang", "en", "-f", "csv")
    assert done.returncode == 0, done.stderr
    # a warning names it (hostile review 1, A2: `annual` stops, tests/test_blank_columns.py)
    assert f"{path}: the column {RETAIL} (online_retail) is empty in all 114 rows" in done.stderr
    tiers = [r for r in csv.DictReader(done.stdout.splitlines()) if r["rule"] == "m2.tier2023"]
    assert tiers and all(r["status"] == "ineligible" and "no online retail reported" in r["basis"] for r in tiers)
    shops = emptied(tmp_path, "shops.csv", "migrated_in_on")
    assert run("track-shops", shops, "--year", "2023", "--lang", "en").returncode == 0


def test_score_counties_without_a_ranking_column_still_skips_it(run, tmp_path):
    # RULES.md §1: "A category with any of its columns absent is skipped with a note, not an error" (annual stops)
    path = dropped(tmp_path, "counties.csv", "农村网络零售额(万元)")
    done = run(
        "score-counties", path, "--year", "2023", "--province-growth", "10%", "--province-rural-growth", "12%",
        "--lang", "en",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "m1.rural skipped: the input has no column rural_online_retail" in done.stderr


@pytest.mark.parametrize(
    ("header", "shown"),
    [
        ("migrated_in_on", "迁入日期 (migrated_in_on)"),
        ("in_statistics", "是否纳统 (in_statistics)"),
        ("online_retail", "网络零售额 (online_retail)"),
    ],
)
def test_track_shops_without_a_migrated_column_stops(run, tmp_path, header, shown):
    # before: exit 0, a note or a warning, no county commended under m4.migrated
    path = dropped(tmp_path, "shops.csv", header)
    done = run("track-shops", path, "--year", "2023", "--lang", "en")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"jncli track-shops: {stop('shops', path, shown, 'm4.migrated')}"]
    # --by month counts, it decides nothing: it reads what is there
    assert run("track-shops", path, "--year", "2023", "--by", "month", "--lang", "en").returncode == 0


def test_annual_stops_by_the_same_table(run, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for f in SAMPLES.glob("*.csv"):
        (data / f.name).write_bytes(f.read_bytes())
    dropped(data, "shops.csv", "migrated_in_on")
    (data / "shops.csv").unlink()
    (data / "no-shops.csv").rename(data / "shops.csv")
    done = run(
        "annual", str(data), "--year", "2023", "--province-growth", "10%", "--province-rural-growth", "12%",
        "-o", str(tmp_path / "out"), "--lang", "en",
    )  # fmt: skip
    assert done.returncode == 1
    assert (
        "measure 4 (shop counts) needs the column migrated_in_on in the shops table: without it m4.migrated would "
        "pay nothing" in done.stderr
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_annual_stops_by_each_file_of_a_kind(run, tmp_path, lang):
    # review29 F1: before, annual checked the union of the columns of the files of a kind: enterprises split into a
    # 2022 file with 国家级称号 and a 2023 file without it paid 437.28 instead of 517.28 万元, exit 0
    data = tmp_path / "data"
    data.mkdir()
    for f in SAMPLES.glob("*.csv"):
        if f.name != "enterprises.csv":
            (data / f.name).write_bytes(f.read_bytes())
    rows = _rows("enterprises.csv")
    year, title = rows[0].index("年份"), rows[0].index("国家级称号")
    _write(data / "enterprises_2022.csv", [rows[0], *(r for r in rows[1:] if r[year] == "2022")])
    _write(
        data / "enterprises_2023.csv",
        [[c for i, c in enumerate(r) if i != title] for r in (rows[0], *(r for r in rows[1:] if r[year] == "2023"))],
    )
    out = tmp_path / "out"
    done = run(
        "annual", str(data), "--year", "2023", "--province-growth", "10%", "--province-rural-growth", "12%",
        "-o", str(out), "--lang", lang,
    )  # fmt: skip
    assert done.returncode == 1
    assert not out.exists()
    (line,) = done.stderr.splitlines()
    assert "enterprises_2023.csv" in line and "enterprises_2022.csv" not in line and "national_title" in line
    if lang == "en":
        assert "needs the column national_title in every enterprises file, and this one has none" in line
    else:
        assert "要求每个 enterprises 文件都有 national_title 列，而此文件没有" in line
