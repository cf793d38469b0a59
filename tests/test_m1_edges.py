"""Measure 1 at its edges (review 14, findings 3–5), through the real binary.

- 3: a province average typed as a bare number at or beyond the policy's m1.province_growth_bare_limit (0.5)
  is refused as `12` is (`1` would be 100 %); `1%` is 1 %.
- 4: an empty cell in a ranked column warns naming file, row and column (score-counties); `annual` stops.
- 5: the m1.enterprise contribution (`growth`) is exact, whatever --city-ent-change gives.

The input tables are written here, as a bureau's GB18030 CSV export (headers in Chinese with the unit).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
POLICY_FILE = ROOT / "jncli" / "policies" / "jining-2022.toml"
HEADER = ["县市区", "年份", "网络零售额(万元)"]


def _write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([header, *rows])
    path.write_bytes(buf.getvalue().encode("gb18030"))
    return path


def _rows(out: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(out.decode("utf-8"))))


def _final(out: bytes) -> dict[str, tuple[str, str]]:
    return {r["county"]: (r["award"], r["status"]) for r in _rows(out)}


# ------------------------------------------------------------------------------- 3. a bare province average
# Three counties, online retail only (万元):
#   任城区 100 → 200  growth 100%      兖州区 100 → 150  growth 50%      曲阜市 100 → 102  growth 2%
# scale N: 200 → 100, 150 → 100·(150−102)/(200−102) = 48.979592, 102 → 0
# growth N: 100% → 100, 50% → 100·(0.5−0.02)/(1−0.02) = 48.979592, 2% → 0
# score = 0.5·N(scale) + 0.5·N(growth): 任城区 100, 兖州区 48.979592, 曲阜市 0 → ranks 1, 2, 3 → 50 / 40 / 30.
# The city average is given (--city-growth 1%), so only the province average decides who passes.
THREE = [["任城区", "2022", "100"], ["任城区", "2023", "200"], ["兖州区", "2022", "100"], ["兖州区", "2023", "150"]]
THREE += [["曲阜市", "2022", "100"], ["曲阜市", "2023", "102"]]
CITY = ("--year", "2023", "--city-growth", "1%", "--final")


def test_bare_province_growth_at_the_bound_is_refused(jncli, tmp_path):
    f = _write(tmp_path / "县区.csv", THREE)
    for bare, shown in (("1", "100"), ("1.0", "100"), ("0.5", "50"), ("-0.5", "-50"), ("-1", "-100")):
        done = jncli("score-counties", str(f), *CITY, "--province-growth", bare)
        assert done.returncode == 2, (bare, done.stderr)
        line = done.stderr.decode()
        assert f"--province-growth {bare} would be {shown}%: write {bare}% or {shown}%" in line
        assert "m1.province_growth_bare_limit" in line and done.stdout == b""
    done = jncli("score-counties", str(f), *CITY, "--province-growth", "1%", "--province-rural-growth", "1")
    assert done.returncode == 2 and b"--province-rural-growth 1 would be 100%" in done.stderr
    # zh: the same line in Chinese
    done = jncli("score-counties", str(f), *CITY, "--province-growth", "1", "--lang", "zh")
    assert done.returncode == 2 and "--province-growth 1 将被理解为 100%：请写 1% 或 100%" in done.stderr.decode()


@pytest.mark.parametrize(
    "growth, awards",
    [
        # 1%: 100%, 50% and 2% are all above 1% (and above the city's 1%): 50 / 40 / 30, 120 万元 in all
        ("1%", {"任城区": ("50", "awarded"), "兖州区": ("40", "awarded"), "曲阜市": ("30", "awarded")}),
        # 0.49, under the bound, is 49%: 100% and 50% pass; 2% does not, and nobody moves up (literal): 50 + 40
        ("0.49", {"任城区": ("50", "awarded"), "兖州区": ("40", "awarded"), "曲阜市": ("0", "ineligible")}),
        # 50% with the sign is 50%, as written: 100% passes, 50% is not above 50%, 2% is not: 50 only
        ("50%", {"任城区": ("50", "awarded"), "兖州区": ("0", "ineligible"), "曲阜市": ("0", "ineligible")}),
    ],
)
def test_province_growth_with_percent_is_taken_as_written(jncli, tmp_path, growth, awards):
    f = _write(tmp_path / "县区.csv", THREE)
    done = jncli("score-counties", str(f), *CITY, "--province-growth", growth)
    assert done.returncode == 0, done.stderr
    assert _final(done.stdout) == awards


def _policy_with(tmp_path: Path, value: str, limit: str | None = None, warn: str | None = None) -> Path:
    """The shipped policy with a 2023 province average of `value` (as written) and, given, its bare bounds."""
    text = POLICY_FILE.read_text("utf-8")
    text = text.replace(
        "[m1.province_growth]\n",
        f'[m1.province_growth]\n2023 = {{ value = {value}, source = "统计公报", published = 2024-02-28 }}\n',
    )
    if limit is not None:
        text = text.replace("province_growth_bare_limit = 0.5", f"province_growth_bare_limit = {limit}")
    if warn is not None:
        text = text.replace("province_growth_bare_warn = 0.25", f"province_growth_bare_warn = {warn}")
    path = tmp_path / f"p{value}-{limit}-{warn}.toml"
    path.write_text(text, "utf-8")
    return path


def test_policy_file_province_growth_at_the_bound_is_refused(jncli, tmp_path):
    f = _write(tmp_path / "县区.csv", THREE)
    for value, shown in (("1", "100"), ("0.5", "50"), ("-0.6", "-60")):
        done = jncli("score-counties", str(f), *CITY, "--policy", str(_policy_with(tmp_path, value)))
        assert done.returncode == 1 and done.stdout == b"", done.stderr
        line = done.stderr.decode()
        assert f"'m1.province_growth.2023.value' is {value}, which would be {shown}%" in line
        assert "m1.province_growth_bare_limit" in line
    # 0.01 in the file is 1%: 120 万元 as with --province-growth 1%
    done = jncli("score-counties", str(f), *CITY, "--policy", str(_policy_with(tmp_path, "0.01")))
    assert done.returncode == 0, done.stderr
    assert sum(Decimal(a) for a, _ in _final(done.stdout).values()) == 50 + 40 + 30
    # the bound is data: a policy that raises it to 1 takes 0.6 (60%): only 任城区's 100% passes → 50
    done = jncli("score-counties", str(f), *CITY, "--policy", str(_policy_with(tmp_path, "0.6", limit="1")))
    assert done.returncode == 0, done.stderr
    assert {k: v[0] for k, v in _final(done.stdout).items()} == {"任城区": "50", "兖州区": "0", "曲阜市": "0"}
    # and the same bound holds on the command line under that policy: 0.6 is 60%
    done = jncli(
        "score-counties",
        str(f),
        *CITY,
        "--province-growth",
        "0.6",
        "--policy",
        str(_policy_with(tmp_path, "0.01", limit="1")),
    )
    assert done.returncode == 0, done.stderr
    # a bound outside (0, 1] is refused naming the key
    done = jncli("score-counties", str(f), *CITY, "--policy", str(_policy_with(tmp_path, "0.01", limit="0")))
    assert done.returncode == 1 and b"m1.province_growth_bare_limit" in done.stderr


def test_policy_shows_the_bound(jncli):
    done = jncli("policy")
    assert done.returncode == 0 and b"m1.province_growth_bare_limit,0.5," in done.stdout


@pytest.mark.parametrize(
    "growth, rural, said",
    [
        ("1", "12%", b"--province-growth 1 would be 100%: write 1% or 100%"),
        ("10%", "0.5", b"--province-rural-growth 0.5 would be 50%: write 0.5% or 50%"),
    ],
)
def test_annual_refuses_a_bare_province_growth_before_reading(jncli, tmp_path, growth, rural, said):
    out = tmp_path / "out"
    args = ("--year", "2023", "--province-growth", growth, "--province-rural-growth", rural, "-o", str(out))
    done = jncli("annual", str(SAMPLES), *args)
    assert done.returncode == 2 and said in done.stderr
    assert not out.exists() or not any(out.iterdir())


# ------------------------------------------------------------------------------------- 4. an empty ranked cell
# THREE with a fourth county whose 2023 online retail is empty: 邹城市 (rows 8 and 9 of the file; the header is row 1).
# 邹城市 cannot be scored (RULES §1: ineligible) and takes no part in the normalisation, so the other three are
# scored exactly as in THREE: 任城区 100, 兖州区 48.979592, 曲阜市 0 → 50 / 40 / 30 (120 万元).
ZOU = [["邹城市", "2022", "100"], ["邹城市", "2023", ""]]


def test_empty_cell_of_the_year_warns_naming_file_row_and_column(jncli, tmp_path):
    _write(tmp_path / "县区.csv", THREE + ZOU)
    done = jncli("score-counties", "县区.csv", *CITY, "--province-growth", "1%", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _final(done.stdout) == {
        "任城区": ("50", "awarded"),
        "兖州区": ("40", "awarded"),
        "曲阜市": ("30", "awarded"),
        "邹城市": ("0", "ineligible"),
    }
    warning = [line for line in done.stderr.decode().splitlines() if "empty cell" in line]
    assert warning == [
        "jncli score-counties: warning: 县区.csv row 9, column online_retail (邹城市, 2023): 1 empty cell(s) in the "
        "columns measure 1 ranks on: such a county is ineligible in that ranking (m1.online), not evaluated — fill "
        "the figure in (0 where the county truly had none)"
    ]
    # zh
    done = jncli("score-counties", "县区.csv", *CITY, "--province-growth", "1%", "--lang", "zh", cwd=tmp_path)
    assert (
        "县区.csv 第9行，online_retail列（邹城市，2023年）：措施一排名所用的列中有1个空单元格" in done.stderr.decode()
    )


def test_empty_previous_year_cells_and_not_applicable_marks_are_named(jncli, tmp_path):
    # 邹城市 2022 written `—` (a not-applicable mark, read as empty), 曲阜市 2023 empty, 任城区 2022 `-`:
    # three cells, each county ineligible; only 兖州区 is scored (one county: N = 100 for both) → rank 1 → 50.
    rows = [["任城区", "2022", "-"], ["任城区", "2023", "200"], ["兖州区", "2022", "100"], ["兖州区", "2023", "150"]]
    rows += [["曲阜市", "2022", "100"], ["曲阜市", "2023", ""], ["邹城市", "2022", "—"], ["邹城市", "2023", "120"]]
    rows += [["微山县", "2022", "100"], ["微山县", "2023", " "]]
    _write(tmp_path / "c.csv", rows)
    done = jncli("score-counties", "c.csv", *CITY, "--province-growth", "1%", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _final(done.stdout)["兖州区"] == ("50", "awarded")
    assert all(v == ("0", "ineligible") for k, v in _final(done.stdout).items() if k != "兖州区")
    line = done.stderr.decode()
    # a mark in online_retail is a blank named with its mark (review 17, F4; test_m1_marks): all in one line
    assert (
        "c.csv row 2, column online_retail (任城区, 2022, written '-'); c.csv row 7, column online_retail (曲阜市, "
        "2023); c.csv row 8, column online_retail (邹城市, 2022, written '—') …: 4 empty cell(s)"
    ) in line
    assert "not-applicable mark, read as empty" not in line
    assert line.count("empty cell") == 1  # one line


def test_empty_cells_in_wide_form_and_in_the_enterprise_columns(jncli, tmp_path):
    # wide form: 兖州区's 上年同期 empty → column online_retail_prev of its row (row 3), the year before
    header = ["县市区", "网络零售额(万元)", "上年同期网络零售额(万元)"]
    _write(tmp_path / "wide.csv", [["任城区", "12", "10"], ["兖州区", "30", ""]], header)
    done = jncli("score-counties", "wide.csv", "--year", "2023", "--province-growth", "1%", "--final", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"wide.csv row 3, column online_retail_prev (\xe5\x85\x96\xe5\xb7\x9e\xe5\x8c\xba, 2022)" in done.stderr
    # 任城区 alone is scored: growth 12/10 − 1 = 20%, the city average over the scored counties is the same 20%,
    # and 高于 is strict: ineligible; nobody is paid
    assert _final(done.stdout) == {"任城区": ("0", "ineligible"), "兖州区": ("0", "ineligible")}
    # the enterprise ranking's columns: 兖州区's 2023 限额以上消费品零售额 empty → named, m1.enterprise
    header = ["县市区", "年份", "纳统电商零售企业实物商品网络零售额(万元)", "限额以上消费品零售额(万元)"]
    rows = [["任城区", "2022", "10", "100"], ["任城区", "2023", "20", "100"]]
    rows += [["兖州区", "2022", "10", "100"], ["兖州区", "2023", "15", ""]]
    _write(tmp_path / "ent.csv", rows, header)
    done = jncli("score-counties", "ent.csv", "--year", "2023", "--final", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "ent.csv row 5, column above_quota_retail (兖州区, 2023)" in done.stderr.decode()
    assert "(m1.enterprise)" in done.stderr.decode()


def test_samples_with_a_blank_online_retail_warn_and_annual_stops(jncli, tmp_path):
    # the review's repro: the samples with 梁山县's 2023 网络零售额 left empty (row 40: header 1, 2021 rows 2–15,
    # 2022 rows 16–29, 2023 rows 30–43, 梁山县 the 11th county)
    data = tmp_path / "data"
    shutil.copytree(SAMPLES, data, ignore=shutil.ignore_patterns("*.sh", "README.md"))
    rows = list(csv.reader(io.StringIO((data / "counties.csv").read_text("utf-8-sig"))))
    assert rows[39][:2] == ["梁山县", "2023"]
    rows[39][2] = ""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (data / "counties.csv").write_text(buf.getvalue(), "utf-8")
    rates = ("--province-growth", "10%", "--province-rural-growth", "12%")
    done = jncli("score-counties", str(data / "counties.csv"), "--year", "2023", *rates)
    assert done.returncode == 0, done.stderr
    assert (
        b"counties.csv row 40, column online_retail (\xe6\xa2\x81\xe5\xb1\xb1\xe5\x8e\xbf, 2023): 1 empty cell"
        in done.stderr
    )
    online = {r["county"]: r for r in _rows(done.stdout) if r["rule"] == "m1.online"}
    assert online["梁山县"]["status"] == "ineligible" and online["梁山县"]["award"] == "0"
    out = tmp_path / "out"
    done = jncli("annual", str(data), "--year", "2023", *rates, "--first-year", "-o", str(out))
    assert done.returncode == 1 and done.stdout == b""
    err = done.stderr.decode()
    assert "counties.csv row 40, column online_retail (梁山县, 2023): 1 empty cell(s) in the columns measure 1" in err
    assert "(hint: fill the figure in (0 where the county truly had none))" in err
    assert not out.exists()


# ------------------------------------------------------------------------------ 5. the contribution, exactly
def test_enterprise_contribution_is_exact_with_a_given_city_change(jncli):
    rates = ("--year", "2023", "--province-growth", "10%", "--province-rural-growth", "12%")
    sample = str(SAMPLES / "counties.csv")
    plain = jncli("score-counties", sample, *rates)
    given = jncli("score-counties", sample, *rates, "--city-ent-change", "1000")
    assert plain.returncode == 0 and given.returncode == 0, given.stderr
    ent = {r["county"]: r for r in _rows(given.stdout) if r["rule"] == "m1.enterprise"}
    # contribution = (ent − ent_prev) / 1000 × 100 (percent), from samples/counties.csv (万元):
    #   兖州区 98538.24 − 79620.79 = 18917.45 → 1891.745;  任城区 306587.63 − 277384.86 = 29202.77 → 2920.277
    #   济宁经济技术开发区 39144.88 − 35220.3 = 3924.58 → 392.458;  太白湖新区 42072.12 − 40245.38 = 1826.74 → 182.674
    # (the float quotient printed 1891.745000000001, 2920.277000000002, 392.457999999999, 182.674000000001)
    assert ent["兖州区"]["growth"] == "1891.745" and ent["任城区"]["growth"] == "2920.277"
    assert ent["济宁经济技术开发区"]["growth"] == "392.458" and ent["太白湖新区"]["growth"] == "182.674"
    # min–max normalisation does not see the scale: scores, ranks and awards are those of the input's own change
    before = {r["county"]: r for r in _rows(plain.stdout) if r["rule"] == "m1.enterprise"}
    for c, r in ent.items():
        assert (r["score"], r["rank"], r["award"], r["status"]) == (
            before[c]["score"],
            before[c]["rank"],
            before[c]["award"],
            before[c]["status"],
        )
    # 3 万元: 18917.45 / 3 × 100 = 630581.666…, shown to 15 significant digits (what a double holds):
    # 630581.666666667; 任城区 29202.77 / 3 × 100 = 973425.666… → 973425.666666667 (was 973425.6666666672);
    # 嘉祥县 112411.22 − 93603.44 = 18807.78 → 626926 exactly (was 626925.9999999999)
    three = jncli("score-counties", sample, *rates, "--city-ent-change", "3")
    ent = {r["county"]: r["growth"] for r in _rows(three.stdout) if r["rule"] == "m1.enterprise"}
    assert (ent["兖州区"], ent["任城区"], ent["嘉祥县"]) == ("630581.666666667", "973425.666666667", "626926.0")


# ------------------------------------------------------------------------------- the preparation's refusals
# `prepare._prepare` is plain Python over the rows (branch prep31): the row named is the first in the file's
# order, the pair the first two rows of the first key found twice, in English and Chinese.
PREP = [
    (
        [["任城区", "2022", "1"], ["", "2023", "2"], ["兖州区", "2023", "3"], [" ", "2023", "4"]],
        "row 3: column county is empty",
        "第3行：县市区列为空",
    ),
    (
        [["任城区", "2022", "1"], ["任城区", "", "2"], ["兖州区", "", "3"]],
        "row 3: column year is empty",
        "第3行：年度列为空",
    ),
    (
        [
            ["兖州区", "2023", "1"],
            ["任城区", "2023", "2"],
            ["兖州", "2022", "3"],
            ["任城", "2023", "4"],
            ["兖州区", "2023", "5"],
        ],
        "row 2 and t.csv row 6: 兖州区 appears twice for 2023 (duplicate county × year)",
        "第2行 与 t.csv 第6行：兖州区 在 2023 年度出现两次（县市区 × 年度重复）",
    ),
    (
        [["任城区", "2023", "1"], ["泰安", "2022", "2"], ["Foo", "2023", "3"]],
        "row 3: county '泰安' is not a county-level unit of 济宁市 in the policy",
        "第3行：'泰安' 不是政策中 济宁市 的县级单位",
    ),
]


@pytest.mark.parametrize(("rows", "en", "zh"), PREP, ids=["county", "year", "twice", "unknown"])
def test_the_preparation_names_the_first_bad_row(jncli, tmp_path, rows, en, zh):
    f = _write(tmp_path / "t.csv", rows)
    for lang, text in (("en", en), ("zh", zh)):
        done = jncli("score-counties", str(f), *CITY, "--province-growth", "1%", "--lang", lang)
        assert done.returncode == 1, done.stderr
        said = done.stderr.decode().replace(f"{tmp_path}{os.sep}", "")
        assert f"t.csv {text}" in said, said


def test_the_preparation_names_a_clash_of_the_two_previous_values(jncli, tmp_path):
    header = [*HEADER, "网络零售额上年同期(万元)"]
    rows = [["任城区", "2022", "100", ""], ["任城区", "2023", "200", "100"], ["兖州区", "2022", "100", ""]]
    rows += [["兖州区", "2023", "150", "99.5"], ["曲阜市", "2022", "7", ""], ["曲阜市", "2023", "8", "6"]]
    f = _write(tmp_path / "t.csv", rows, header)
    done = jncli("score-counties", str(f), *CITY, "--province-growth", "1%")
    assert done.returncode == 1, done.stderr
    assert (
        "t.csv row 5 column online_retail_prev and " in done.stderr.decode()
        and "t.csv row 4 column online_retail: the previous-year online_retail of 兖州区 is given twice, differently "
        "(99.500000 vs 100.000000)"
        in done.stderr.decode()
    ), done.stderr.decode()
