"""Measure 1 after the hostile review of the empty-cell pass, through the real binary.

- 1: a cell of rural_online_retail written as a not-applicable mark (`—`: a zone with no rural area) is named
  apart, with its mark, and only warned about — `annual` no longer stops on it; a truly blank cell still stops
  it (test_m1_edges). Review 17 (F4): a mark in any other ranked column (online_retail, ent_online_retail,
  above_quota_retail, this year's or the previous year's) is a blank named with its mark: `annual` stops.
- 2: a county of the policy's list with no row of the year (or of the previous year the growth is read from)
  stops `annual`, naming file, year and county; `score-counties` warns. Aliases count as the county.
- 3: a bare province average from the policy's m1.province_growth_bare_warn (0.25) up, below the limit, is read
  with a warning (`0.3` is 30 %); the same for a policy file's value.
- 4: m1.enterprise's contribution is written as a plain decimal, never `1.892e-9`.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from test_m1_edges import _policy_with  # the shipped policy with a province average and its bounds

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
RATES = ("--province-growth", "10%", "--province-rural-growth", "12%")


def _data(tmp_path: Path, edit) -> Path:
    """The samples in `tmp_path/data`, their counties table's rows (header first) changed by `edit`."""
    data = tmp_path / "data"
    shutil.copytree(SAMPLES, data, ignore=shutil.ignore_patterns("*.sh", "README.md"))
    rows = list(csv.reader(io.StringIO((data / "counties.csv").read_text("utf-8-sig"))))
    rows = edit(rows)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (data / "counties.csv").write_text(buf.getvalue(), "utf-8")
    return data


def _annual(jncli, data: Path, out: Path, *more: str):
    return jncli("annual", str(data), "--year", "2023", *RATES, "-o", str(out), *more)


def _rows(out: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(out.decode("utf-8-sig"))))


# ------------------------------------------------------------------------------ 1. a not-applicable mark
def _zone_without_rural(rows: list[list[str]]) -> list[list[str]]:
    # 济宁经济技术开发区 has no rural area: its bureau writes `—` for 农村网络零售额 in 2022 (row 29) and 2023 (row 43)
    for i in (28, 42):
        assert rows[i][0] == "济宁经济技术开发区" and rows[i][3] == "0"
        rows[i][3] = "—"
    return rows


def test_annual_warns_on_a_mark_and_does_not_stop(jncli, tmp_path):
    data = _data(tmp_path, _zone_without_rural)
    out = tmp_path / "out"
    done = _annual(jncli, data, out)
    assert done.returncode == 0, done.stderr  # the previous pass stopped here (exit 1): every yearly run
    err = done.stderr.decode()
    said = [line for line in err.splitlines() if "not-applicable mark" in line]
    assert said == [
        "jncli annual: warning: score-counties: counties.csv row 29, column rural_online_retail (济宁经济技术开发区, "
        "2022, written '—'); counties.csv row 43, column rural_online_retail (济宁经济技术开发区, 2023, written '—'): "
        "2 cell(s) in the columns measure 1 ranks on written as a not-applicable mark, read as empty (RULES §0): such "
        "a county is ineligible in that ranking (m1.rural), not evaluated — check that the county truly has no such "
        "figure"
    ]
    assert "empty cell(s)" not in err
    # the status RULES gives an empty figure: ineligible in that ranking
    rural = {r["county"]: r for r in _rows((out / "score-counties.csv").read_bytes()) if r["rule"] == "m1.rural"}
    assert rural["济宁经济技术开发区"]["status"] == "ineligible" and rural["济宁经济技术开发区"]["award"] == "0"
    # zh
    done = _annual(jncli, data, tmp_path / "zh", "--lang", "zh")
    assert done.returncode == 0, done.stderr
    assert "counties.csv 第29行，rural_online_retail列（济宁经济技术开发区，2022年，写作“—”）；" in done.stderr.decode()


def test_annual_still_stops_on_a_blank_beside_a_mark(jncli, tmp_path):
    def edit(rows):
        rows = _zone_without_rural(rows)
        rows[41][3] = ""  # 太白湖新区 2023 rural left blank: not reported
        return rows

    out = tmp_path / "out"
    done = _annual(jncli, _data(tmp_path, edit), out)
    assert done.returncode == 1 and done.stdout == b""
    line = done.stderr.decode()
    assert "counties.csv row 42, column rural_online_retail (太白湖新区, 2023): 1 empty cell(s)" in line
    assert "written" not in line  # the blank alone is the stop
    assert not out.exists()


def test_score_counties_names_marks_and_blanks_apart_in_wide_form(jncli, tmp_path):
    header = ["县市区", "网络零售额(万元)", "上年同期网络零售额(万元)"]
    header += ["农村网络零售额(万元)", "上年同期农村网络零售额(万元)"]
    rows = [["任城区", "12", "10", "5", "4"], ["兖州区", "30", "无", "6", "4"], ["济宁高新区", "", "10", "6", "—"]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *rows])
    (tmp_path / "wide.csv").write_text(buf.getvalue(), "utf-8")
    args = ("--year", "2023", "--province-growth", "1%", "--province-rural-growth", "1%", "--final")
    done = jncli("score-counties", "wide.csv", *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    err = done.stderr.decode()
    # a mark in online_retail_prev is a blank, named with its mark (review 17, F4); one in the rural column is apart
    assert (
        "wide.csv row 3, column online_retail_prev (兖州区, 2022, written '无'); wide.csv row 4, column online_retail "
        "(济宁高新区, 2023): 2 empty cell(s)"
    ) in err
    assert "wide.csv row 4, column rural_online_retail_prev (济宁高新区, 2022, written '—'): 1 cell(s)" in err


# ---------------------------------------------------- 1b. a mark outside the rural column is a blank (review 17, F4)
def _row_of_marks(rows: list[list[str]]) -> list[list[str]]:
    # the review's repro: 任城区's 2023 row (row 30) of nothing but `-`, as an export writes 未填报
    assert rows[29][:2] == ["任城区", "2023"]
    rows[29][2:] = ["-"] * 4
    return rows


def test_annual_stops_on_a_row_of_marks(jncli, tmp_path):
    out = tmp_path / "out"
    done = _annual(jncli, _data(tmp_path, _row_of_marks), out)
    # was exit 0 with one warning: 任城区 left out of every ranking, five counties' money moved (net +20 万元)
    assert done.returncode == 1 and done.stdout == b"", done.stderr
    assert done.stderr.decode().splitlines()[-1] == (
        "jncli annual: counties.csv row 30, column above_quota_retail (任城区, 2023, written '-'); counties.csv row "
        "30, column ent_online_retail (任城区, 2023, written '-'); counties.csv row 30, column online_retail (任城区, "
        "2023, written '-') …: 4 empty cell(s) in the columns measure 1 ranks on: such a county would be ineligible "
        "in that ranking (m1.enterprise, m1.online, m1.rural) and every other county's score would move (hint: fill "
        "the figure in "
        "(0 where the county truly had none): a not-applicable mark is read as empty, and only a development zone's "
        "rural figure can be not applicable (rural_online_retail))"
    )
    assert not out.exists()
    # zh
    done = _annual(jncli, _data(tmp_path / "zh", _row_of_marks), tmp_path / "zh" / "out", "--lang", "zh")
    assert done.returncode == 1
    err = done.stderr.decode()
    assert "counties.csv 第30行，online_retail列（任城区，2023年，写作“-”）……：措施一排名所用的列中有4个空单元格" in err
    assert "“不适用”标记按空值读取，只有开发区的农村数据才可能不适用（rural_online_retail）" in err


@pytest.mark.parametrize("column", [2, 4, 5])  # online_retail, ent_online_retail, above_quota_retail
def test_annual_stops_on_one_mark_in_a_ranked_column_of_the_previous_year(jncli, tmp_path, column):
    names = {2: "online_retail", 4: "ent_online_retail", 5: "above_quota_retail"}

    def edit(rows):
        assert rows[25][:2] == ["梁山县", "2022"]  # row 26
        rows[25][column] = "不适用"
        return rows

    out = tmp_path / "out"
    done = _annual(jncli, _data(tmp_path, edit), out)
    assert done.returncode == 1 and done.stdout == b"", done.stderr
    line = done.stderr.decode().splitlines()[-1]
    assert line.startswith(
        f"jncli annual: counties.csv row 26, column {names[column]} (梁山县, 2022, written '不适用'): 1 empty cell(s)"
    )
    assert "only a development zone's rural figure can be not applicable (rural_online_retail)" in line
    assert not out.exists()


def test_score_counties_warns_on_a_row_of_marks(jncli, tmp_path):
    data = _data(tmp_path, _row_of_marks)
    done = jncli("score-counties", str(data / "counties.csv"), "--year", "2023", *RATES)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.decode().splitlines() if "任城区" in line]
    # 任城区 is a county, not a zone: its rural mark is a blank too (only a zone's rural mark can mean "none")
    assert len(lines) == 1, lines
    assert "4 empty cell(s) in the columns measure 1 ranks on" in lines[0]
    assert lines[0].endswith("(rural_online_retail)")
    final = {(r["rule"], r["county"]): r["status"] for r in _rows(done.stdout)}
    assert {final[(rule, "任城区")] for rule in ("m1.online", "m1.rural", "m1.enterprise")} == {"ineligible"}


# ------------------------------------------------------------------------------------ 2. a county's row missing
def _without(county: str, year: str):
    def edit(rows):
        kept = [r for r in rows if r[:2] != [county, year]]
        assert len(kept) == len(rows) - 1
        return kept

    return edit


@pytest.mark.parametrize("year", ["2023", "2022"])
def test_annual_stops_when_a_county_has_no_row(jncli, tmp_path, year):
    out = tmp_path / "out"
    done = _annual(jncli, _data(tmp_path, _without("梁山县", year)), out)
    assert done.returncode == 1 and done.stdout == b"", done.stderr  # was exit 0: 70 万元 moved, nothing said
    lines = done.stderr.decode().splitlines()
    assert lines[-1] == (
        f"jncli annual: counties.csv: no row for 1 county(ies) of the policy's list (梁山县 ({year})): such a county "
        "would be left out of measure 1's rankings and every other county's score would move (hint: add the "
        "county's row for that year (0 where it truly had none))"
    )
    assert not out.exists()


def test_annual_no_row_in_chinese(jncli, tmp_path):
    done = _annual(jncli, _data(tmp_path, _without("梁山县", "2023")), tmp_path / "out", "--lang", "zh")
    assert done.returncode == 1
    assert (
        "counties.csv：政策所列县（市、区）中有1个没有数据行（梁山县（2023年））：该县（市、区）将不参与措施一的排名"
    ) in done.stderr.decode()
    assert "（提示：请补上该县（市、区）当年的数据行（确实为零的填 0））" in done.stderr.decode()


def test_score_counties_warns_when_a_county_has_no_row(jncli, tmp_path):
    data = _data(tmp_path, _without("梁山县", "2023"))
    done = jncli("score-counties", str(data / "counties.csv"), "--year", "2023", *RATES, "--final")
    assert done.returncode == 0, done.stderr
    assert (
        "counties.csv: no row for 1 county(ies) of the policy's list (梁山县 (2023)): such a county is not in that "
        "year's ranking — add its row if the export left it out"
    ) in done.stderr.decode()
    final = {r["county"]: (r["award"], r["status"]) for r in _rows(done.stdout)}
    assert final["梁山县"] == ("0", "ineligible")  # its treatment as before: only now it is said


def test_a_table_folding_the_zones_into_their_hosts_runs_with_the_zones_at_0(jncli, tmp_path):
    # review 17, F9 (docs/policy-reading.md): the stop goes beyond RULES §0; the documented way through
    zones = ("济宁高新区", "太白湖新区", "济宁经济技术开发区")

    def folded(rows):
        return [r for r in rows if r[0] not in zones]

    done = _annual(jncli, _data(tmp_path / "a", folded), tmp_path / "a" / "out")
    assert done.returncode == 1 and "no row for 3 county(ies)" in done.stderr.decode()

    def zeros(rows):
        return folded(rows) + [[z, y, "0", "0", "0", "0"] for z in zones for y in ("2021", "2022", "2023")]

    out = tmp_path / "b" / "out"
    done = _annual(jncli, _data(tmp_path / "b", zeros), out)
    assert done.returncode == 0, done.stderr
    assert b"no row for" not in done.stderr and b"empty cell" not in done.stderr
    m1 = [r for r in _rows((out / "ledger.csv").read_bytes()) if r["rule"].startswith("m1.")]
    assert {r["status"] for r in m1 if r["beneficiary"] in zones} == {"ineligible"}


def test_counties_written_by_alias_have_their_rows(jncli, tmp_path):
    def edit(rows):  # 任城区 as 任城 and 梁山县 as 山东省济宁市梁山县, in every year: the same counties
        names = {"任城区": "任城", "梁山县": "山东省济宁市梁山县"}
        return [[names.get(r[0], r[0]), *r[1:]] for r in rows]

    out = tmp_path / "out"
    done = _annual(jncli, _data(tmp_path, edit), out)
    assert done.returncode == 0, done.stderr
    assert b"no row for" not in done.stderr


def test_the_readme_job_is_unchanged(jncli, tmp_path):
    out = tmp_path / "out"
    done = _annual(jncli, SAMPLES, out)
    assert done.returncode == 0, done.stderr
    err = done.stderr.decode()
    assert "no row for" not in err and "not-applicable mark" not in err and "is read as" not in err
    assert "517.28" in (out / "report.html").read_text("utf-8")


# ------------------------------------------------------------------------------- 3. a bare province average
@pytest.mark.parametrize(
    "growth, rural, said",
    [
        ("0.3", "12%", ["--province-growth 0.3 is read as 30%; write 30% or 0.3% to be explicit"]),
        ("10%", "0.25", ["--province-rural-growth 0.25 is read as 25%; write 25% or 0.25% to be explicit"]),
        ("-0.3", "12%", ["--province-growth -0.3 is read as -30%; write -30% or -0.3% to be explicit"]),
        ("0.2", "30%", []),  # under the bound, and 30 % with its sign: as written
        ("0.49", "0.3", ["--province-growth 0.49 is read as 49%", "--province-rural-growth 0.3 is read as 30%"]),
    ],
)
def test_a_bare_province_average_from_the_warning_bound_up_warns(jncli, growth, rural, said):
    args = ("--year", "2023", "--province-growth", growth, "--province-rural-growth", rural)
    done = jncli("score-counties", str(SAMPLES / "counties.csv"), *args)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.decode().splitlines() if "is read as" in line]
    assert len(lines) == len(said)
    for line, text in zip(lines, said):
        assert line.startswith(f"jncli score-counties: warning: {text}")
        assert line.endswith("policy m1.province_growth_bare_warn)")


def test_a_bare_province_average_warns_in_annual_and_in_chinese(jncli, tmp_path):
    out = tmp_path / "out"
    args = ("--year", "2023", "--province-growth", "0.3", "--province-rural-growth", "12%", "-o", str(out))
    done = jncli("annual", str(SAMPLES), *args, "--lang", "zh")
    assert done.returncode == 0, done.stderr
    assert "--province-growth 0.3 按 30% 读取；为明确起见请写 30% 或 0.3%" in done.stderr.decode()


def test_a_policy_files_province_average_from_the_warning_bound_up_warns(jncli, tmp_path):
    sample = str(SAMPLES / "counties.csv")
    args = ("--year", "2023", "--province-rural-growth", "12%")
    done = jncli("score-counties", sample, *args, "--policy", str(_policy_with(tmp_path, "0.3")))
    assert done.returncode == 0, done.stderr
    assert (
        "m1.province_growth.2023.value 0.3 is read as 30%; write 0.003 for 0.3% (a fraction from ±0.25 up may be a "
        "percentage written without %: policy m1.province_growth_bare_warn)"
    ) in done.stderr.decode()
    # 0.105 (10.5 %) says nothing; the bound is data: raised to 0.4, 0.3 says nothing either
    for value, warn in (("0.105", None), ("0.3", "0.4")):
        done = jncli("score-counties", sample, *args, "--policy", str(_policy_with(tmp_path, value, warn=warn)))
        assert done.returncode == 0 and b"is read as" not in done.stderr, done.stderr
    # … and on the command line under that policy: --province-growth 0.3 is quiet
    policy = str(_policy_with(tmp_path, "0.105", warn="0.4"))
    done = jncli("score-counties", sample, *args, "--province-growth", "0.3", "--policy", policy)
    assert done.returncode == 0 and b"is read as" not in done.stderr, done.stderr
    # a bound outside (0, 1] is refused naming the key
    done = jncli("score-counties", sample, *args, "--policy", str(_policy_with(tmp_path, "0.105", warn="0")))
    assert done.returncode == 1 and b"m1.province_growth_bare_warn" in done.stderr


def test_policy_shows_the_warning_bound(jncli):
    done = jncli("policy")
    assert done.returncode == 0 and b"m1.province_growth_bare_warn,0.25," in done.stdout


# ----------------------------------------------------------------------- 4. the contribution as a plain decimal
def test_a_tiny_contribution_is_written_as_a_plain_decimal(jncli):
    args = ("--year", "2023", *RATES, "--city-ent-change", "1e15")
    done = jncli("score-counties", str(SAMPLES / "counties.csv"), *args)
    assert done.returncode == 0, done.stderr
    ent = {r["county"]: r["growth"] for r in _rows(done.stdout) if r["rule"] == "m1.enterprise"}
    # 兖州区: (98538.24 − 79620.79) / 10^15 × 100 = 1.891745 × 10^-9 %, rounded to 12 decimals: 0.000000001892
    assert ent["兖州区"] == "0.000000001892"
    assert ent["任城区"] == "0.00000000292"  # 29202.77 / 10^13 = 2.920277 × 10^-9
    assert not any("e" in g for g in ent.values())
    tsv = jncli("score-counties", str(SAMPLES / "counties.csv"), *args, "-f", "tsv")
    assert b"\t0.000000001892\t" in tsv.stdout and b"e-9" not in tsv.stdout


def test_a_countys_rural_mark_stops_annual_a_zones_only_warns(jncli, tmp_path):
    # Only a zone (kind "zone" in the policy) can have no rural area; 任城区 is a county, so its `—` there is a
    # figure not reported: before, a warning and exit 0 with 任城区 out of m1.rural.
    def rural_mark(rows):
        assert rows[29][:2] == ["任城区", "2023"]
        rows[29][3] = "—"
        return rows

    done = _annual(jncli, _data(tmp_path / "county", rural_mark), tmp_path / "out")
    assert done.returncode == 1 and not (tmp_path / "out").exists(), done.stderr
    assert "column rural_online_retail (任城区, 2023, written '—'): 1 empty cell(s)" in done.stderr.decode()

    def zone_mark(rows):
        assert rows[42][:2] == ["济宁经济技术开发区", "2023"]
        rows[42][3] = "—"
        return rows

    done = _annual(jncli, _data(tmp_path / "zone", zone_mark), tmp_path / "out2")
    assert done.returncode == 0, done.stderr
    assert "(济宁经济技术开发区, 2023, written '—'): 1 cell(s) in the columns measure 1 ranks on written as a " in (
        done.stderr.decode()
    )
