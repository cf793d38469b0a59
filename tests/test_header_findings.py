"""Headers that must not silently lose a column (review 1, findings 1, 2 and 5).

1. A header jncli does not know that carries a money unit or resembles a column of the table the file lacks
   is named (a warning; an error under --strict and in `annual`): an award must never be silently zero.
2. A line break inside a header cell (Excel Alt+Enter: LF, CRLF, CR) counts as a space.
5. What a command writes with `--headers zh` reads back as the English file does.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jncli.tableio import conform, read_table

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


# ------------------------------------------------------------------ 2. line breaks in header cells
@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r"])
def test_a_line_break_in_a_csv_header_cell_is_a_space(tmp_path, brk):
    # 农村网络⏎零售额(元): rural_online_retail in 元: 12,345 元 = 1.2345 万元 (lost as an unknown column before)
    p = tmp_path / "c.csv"
    p.write_bytes(f'县市区,年份,"农村网络{brk}零售额{brk}(元)"\n任城区,2022,12345\n'.encode())
    df = conform(read_table(str(p)), "counties")
    assert df["rural_online_retail"].to_list() == [Decimal("1.2345")]


def test_a_line_break_in_an_xlsx_header_cell_is_a_space(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["县市区", "年份", "农村网络\n零售额\n（亿元）", "网络零售额\r\n(万元)"])
    ws.append(["任城区", 2022, 0.5, 7])
    wb.save(tmp_path / "c.xlsx")
    df = conform(read_table(str(tmp_path / "c.xlsx")), "counties")
    # 0.5 亿元 = 5000 万元; 7 万元 as written
    assert df["rural_online_retail"].to_list() == [Decimal("5000")]
    assert df["online_retail"].to_list() == [Decimal("7")]


def test_a_line_break_in_a_header_through_the_cli(jncli):
    proc = jncli("cat", "--as", "counties", stdin='县市区,年份,"农村网络\n零售额(万元)"\n任城区,2022,1\n'.encode())
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().splitlines()[0] == "county,year,rural_online_retail"


# ------------------------------------------------------------------ 5. --headers zh reads back
PRODUCERS = {
    "score-counties": ["score-counties", "counties.csv", "--province-growth", "10%", "--province-rural-growth", "12%"],
    "award-enterprises": [
        "award-enterprises",
        "enterprises.csv",
        "--year",
        "2023",
        "--fiscal-ratios",
        "fiscal_ratios.csv",
    ],
    "commendations": ["award-enterprises", "enterprises.csv", "--year", "2023", "--commendations"],
    "track-shops": ["track-shops", "shops.csv", "--year", "2023"],
    "whitelist": ["whitelist", "candidates.csv", "--records", "records.csv", "--as-of", "2023-12-31"],
}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_output_written_with_chinese_headers_reads_back_as_the_english_one(jncli, tmp_path, fmt):
    import shutil

    results = {}
    for lang in ("en", "zh"):
        d = tmp_path / lang
        shutil.copytree(SAMPLES, d)
        made = []
        for name, args in PRODUCERS.items():
            extra = ["--headers", "zh"] if lang == "zh" else []
            proc = jncli(*args, "-o", f"{name}.{fmt}", *extra, cwd=d)
            assert proc.returncode == 0, proc.stderr.decode()
            made.append(f"{name}.{fmt}")
        hires = ["--insurance", "insurance.csv", "--trainers", f"whitelist.{fmt}", "--county-rates", "county_rates.csv"]
        extra = ["--headers", "zh"] if lang == "zh" else []
        proc = jncli("trained-hires", "hires.csv", *hires, "--year", "2023", "--as-of", "2023-12-31",
                     "-o", f"trained-hires.{fmt}", *extra, cwd=d)  # fmt: skip
        assert proc.returncode == 0, proc.stderr.decode()
        made.append(f"trained-hires.{fmt}")
        runs = {
            "final": jncli("score-counties", "--final", f"score-counties.{fmt}", cwd=d),
            "prior": jncli(*PRODUCERS["award-enterprises"], "--prior", f"award-enterprises.{fmt}", cwd=d),
            "cat": jncli("cat", "--as", "ledger", *made, cwd=d),
            "check": jncli("check-validity", "--mode", "ledger", *made, cwd=d),
        }
        results[lang] = {k: (p.returncode, p.stdout.decode()) for k, p in runs.items()}
        for k, p in runs.items():
            assert p.returncode in (0, 3), f"{lang} {k}: {p.stderr.decode()}"
    assert results["zh"] == results["en"]
    # the final awards are the ledger's: 14 counties, one row each (the false "duplicate county × year" before)
    assert len(results["zh"]["final"][1].splitlines()) == 1 + 14


def test_the_previous_years_online_retail_has_a_chinese_header(jncli, tmp_path):
    # enterprises' online_retail_prev (上年同期) was written as `online_retail_prev` under --headers zh
    proc = jncli("cat", "--as", "enterprises", str(SAMPLES / "enterprises.csv"), "--headers", "zh")
    assert proc.returncode == 0, proc.stderr.decode()
    header = proc.stdout.decode().lstrip("\ufeff").splitlines()[0].split(",")
    assert "上年网络零售额（万元）" in header and not any(h.isascii() for h in header), header
