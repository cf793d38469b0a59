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
from decimal import Decimal
from pathlib import Path

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


def test_province_growth_with_percent_is_taken_as_written(jncli, tmp_path):
    f = _write(tmp_path / "县区.csv", THREE)
    # 1%: 100%, 50% and 2% are all above 1% (and above the city's 1%): 50 / 40 / 30, 120 万元 in all
    done = jncli("score-counties", str(f), *CITY, "--province-growth", "1%")
    assert done.returncode == 0, done.stderr
    assert _final(done.stdout) == {
        "任城区": ("50", "awarded"),
        "兖州区": ("40", "awarded"),
        "曲阜市": ("30", "awarded"),
    }
    # 0.49, under the bound, is 49%: 100% and 50% pass; 2% does not, and nobody moves up (literal): 50 + 40
    done = jncli("score-counties", str(f), *CITY, "--province-growth", "0.49")
    assert done.returncode == 0, done.stderr
    assert _final(done.stdout) == {
        "任城区": ("50", "awarded"),
        "兖州区": ("40", "awarded"),
        "曲阜市": ("0", "ineligible"),
    }
    # 50% with the sign is 50%, as written: 100% passes, 50% is not above 50%, 2% is not: 50 only
    done = jncli("score-counties", str(f), *CITY, "--province-growth", "50%")
    assert done.returncode == 0, done.stderr
    assert {k: v[0] for k, v in _final(done.stdout).items()} == {"任城区": "50", "兖州区": "0", "曲阜市": "0"}


def _policy_with(tmp_path: Path, value: str, limit: str | None = None) -> Path:
    text = POLICY_FILE.read_text("utf-8")
    text = text.replace(
        "[m1.province_growth]\n",
        f'[m1.province_growth]\n2023 = {{ value = {value}, source = "统计公报", published = 2024-02-28 }}\n',
    )
    if limit is not None:
        text = text.replace("province_growth_bare_limit = 0.5", f"province_growth_bare_limit = {limit}")
    path = tmp_path / f"p{value}.toml"
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


def test_annual_refuses_a_bare_province_growth_before_reading(jncli, tmp_path):
    out = tmp_path / "out"
    done = jncli(
        "annual",
        str(SAMPLES),
        "--year",
        "2023",
        "--province-growth",
        "1",
        "--province-rural-growth",
        "12%",
        "-o",
        str(out),
    )
    assert done.returncode == 2 and b"--province-growth 1 would be 100%: write 1% or 100%" in done.stderr
    assert not out.exists() or not any(out.iterdir())
    done = jncli(
        "annual",
        str(SAMPLES),
        "--year",
        "2023",
        "--province-growth",
        "10%",
        "--province-rural-growth",
        "0.5",
        "-o",
        str(out),
    )
    assert done.returncode == 2 and b"--province-rural-growth 0.5 would be 50%: write 0.5% or 50%" in done.stderr
    assert not out.exists() or not any(out.iterdir())
