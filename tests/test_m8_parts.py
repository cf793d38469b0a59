"""Measure 8: an insurance table in parts, 15-digit ids, county rates none of which is set, `2023年5月份`
(hostile review 3: A1, A2, F8, D1), through the real binary on the shipped samples.

- A1: the insurance export in parts, one per county agency (annual.md: several files of one kind are one table).
  The end-of-table check took the latest month over every part, so a part exported in October (ending 2023-09)
  went through beside a current one: 金乡湖光品's m8 0.58 → 0.29 万元, exit 0. Now each part whose last month is
  before the as-of month while its employers are in no other part after it stops `annual` (warns in
  `trained-hires`) naming that file; a part of last year beside this year's (its employers go on) is no stop.
- A2: one employer's insurance rows with the persons' old 15-digit ids (hires.csv: the 18-digit ones): 任城济晟's
  m8 0.49 → 0 with only a note. Now a 15-digit id is compared as the one 18-digit id it becomes (either table),
  with a note counting the rows so matched; it never matches another person.
- F8: county rates listing every county with 每人奖励 blank stopped with the hint `--skip 8`, which drops the
  qualified list; the hint now says to leave the file out.
- D1: the insurance month `2023年5月份` was refused (`is not a month`); it is read. In a date column it is
  refused as `2023年5月` is (a month is no date).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from hire_files import ZH, write

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SKIP = ["--skip", "1", "--skip", "2", "--skip", "4"]  # measures 7 and 8 run
_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def rows_of(name: str) -> list[list[str]]:
    with open(SAMPLES / name, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def folder(tmp_path: Path, **files: list[list[str]] | None) -> Path:
    """The samples' data folder with `files` (name → rows, header first; None: the file left out) in GB18030."""
    data = tmp_path / "data" / "2023"
    data.mkdir(parents=True)
    for f in SAMPLES.glob("*.csv"):
        shutil.copy(f, data / f.name)
    for name, rows in files.items():
        (data / f"{name}.csv").unlink(missing_ok=True)
        if rows is not None:
            write(data / f"{name}.csv", rows[0], rows[1:])
    return data


def annual(jncli, data: Path, *extra: str, **kw):
    out = data.parent.parent / "out" / "2023"
    proc = jncli("annual", str(data), "--year", "2023", *SKIP, "-o", str(out), *extra, text=True, timeout=300, **kw)
    return proc, out


def hires_command(jncli, data: Path, *files: str, **kw):
    ins = [a for f in files for a in ("--insurance", f)]
    args = ["hires.csv", *ins, "--county-rates", "county_rates.csv", "--year", "2023"]
    return jncli("trained-hires", *args, "-f", "csv", cwd=data, text=True, timeout=300, **kw)


@pytest.fixture(scope="module")
def clean_ledger(jncli, tmp_path_factory) -> bytes:
    """The ledger of the samples as shipped (measures 7 and 8)."""
    proc, out = annual(jncli, folder(tmp_path_factory.mktemp("clean")))
    assert proc.returncode == 0, proc.stderr
    return (out / "ledger.csv").read_bytes()


def m8(ledger: bytes) -> dict[str, tuple[str, str]]:
    rows = list(csv.DictReader(ledger.decode("utf-8-sig").splitlines()))
    return {r["beneficiary"]: (r["award"], r["status"]) for r in rows if r["rule"] == "m8.hires"}


def county_of_employer() -> dict[str, str]:
    hires = rows_of("hires.csv")
    return {r[0]: r[2] for r in hires[1:]}


def old_id(pid: str) -> str:
    """The 15-digit form of an 18-digit id of a person born in the 1900s: no 19, no check character."""
    return pid[:6] + pid[8:17]


def new_id(first17: str) -> str:
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, _W)) % 11]


# ------------------------------------------------------------------------------------------ A1: a part ends early
def _county_parts(last_early: str = "202309") -> dict[str, list[list[str]]]:
    """The samples' insurance as two agencies' exports: 任城区's and 金乡县's employers up to `last_early`, the
    others' whole (to 2024-03)."""
    county = county_of_employer()
    rows = rows_of("insurance.csv")
    early = [r for r in rows[1:] if county.get(r[1]) in ("任城区", "金乡县") and r[2] <= last_early]
    rest = [r for r in rows[1:] if county.get(r[1]) not in ("任城区", "金乡县")]
    return {"insurance": None, "参保_任城金乡": [rows[0], *early], "参保_其他县": [rows[0], *rest]}


def test_a_part_of_the_insurance_export_that_ends_early_stops_annual_naming_it(jncli, tmp_path):
    """Before: exit 0, 金乡湖光品 (913708286QP4CDLB8F) 0.58 → 0.29 万元, nothing said."""
    data = folder(tmp_path, **_county_parts())
    proc, out = annual(jncli, data)
    assert proc.returncode == 1 and not out.exists(), proc.stderr
    said = (
        "参保_任城金乡.csv: this part of the insurance table ends in 2023-09, before 2023-12, the as-of month, and its "
        "employers are in no other part after 2023-09 (参保_其他县.csv goes on to 2024-03): a hire of those "
        "employers whose 6th month of insurance falls after 2023-09 is not counted, though that month may have "
        "been paid"
    )
    hint = (
        "give that part's export up to 2023-12 (each agency's part of the export as of the same month); or count "
        "the months only up to 2023-09 with --as-of 2023-09-30 (in annual it also dates the whitelist)"
    )
    assert proc.stderr.splitlines()[-1] == f"jncli annual: {said} (hint: {hint})"
    command = hires_command(jncli, data, "参保_任城金乡.csv", "参保_其他县.csv")
    assert command.returncode == 0, command.stderr
    assert f"jncli trained-hires: warning: {said}; {hint}" in command.stderr
    zh, _ = annual(jncli, data, env=ZH)
    assert zh.returncode == 1
    assert (
        "参保_任城金乡.csv：参保表的这一部分只到2023-09，早于核算截止月2023-12，且其中的用人单位在2023-09之后不见于"
        "其他部分（参保_其他县.csv至2024-03）：这些单位连续参保第6个月落在2023-09之后的人员不会被计入" in zh.stderr
    )
    assert "请提供该部分截至2023-12的导出文件（各经办机构的导出文件应截至同一月份）" in zh.stderr


def _one_county_part(county_name: str, last: str) -> dict[str, list[list[str]]]:
    county = county_of_employer()
    rows = rows_of("insurance.csv")
    early = [r for r in rows[1:] if county.get(r[1]) == county_name and r[2] <= last]
    rest = [r for r in rows[1:] if county.get(r[1]) != county_name]
    return {"insurance": None, "参保_一县": [rows[0], *early], "参保_其他县": [rows[0], *rest]}


@pytest.mark.parametrize("county_name, last", [("梁山县", "202306"), ("兖州区", "202308"), ("曲阜市", "202311")])
def test_a_part_ending_early_on_which_no_hire_could_count_is_a_warning_and_pays_as_the_whole_export(
    jncli, tmp_path, clean_ledger, county_name, last
):
    """A county's agency export ends early because its employers stopped paying, their hires counted already (or
    unable to reach 6 months after its end): no money depends on the months after it, so the run is not stopped
    (it was, with no way on but --as-of or --skip 8). The bound is proven by the whole export: the same ledger."""
    data = folder(tmp_path, **_one_county_part(county_name, last))
    proc, out = annual(jncli, data)
    assert proc.returncode == 0, proc.stderr
    end = f"{last[:4]}-{last[4:]}"
    assert (
        f"jncli annual: warning: trained-hires: 参保_一县.csv: this part of the insurance table ends in {end}, "
        "before 2023-12, the as-of month"
    ) in proc.stderr
    assert (
        f"(no hire of those employers could still reach 6 consecutive months after {end}: nothing this run counts "
        "depends on it)"
    ) in proc.stderr
    assert (out / "ledger.csv").read_bytes() == clean_ledger
    zh, _ = annual(jncli, data, "--force", env=ZH)
    assert f"（这些单位没有人员能在{end}之后再连续参保满6个月：本次计算的结果不受影响）" in zh.stderr


def test_the_parts_current_or_by_year_are_read_as_one_table(jncli, tmp_path, clean_ledger):
    """Parts by county both to 2024-03, and parts by year (2022's ends before the as-of month, its employers go on
    in 2023's): the samples' ledger byte for byte."""
    for name, parts in {
        "counties": _county_parts(last_early="209912"),
        "years": {
            "insurance": None,
            **{f"参保{y}": [rows_of("insurance.csv")[0]] for y in ("2022", "2023", "2024")},
        },
    }.items():
        if name == "years":
            for r in rows_of("insurance.csv")[1:]:
                parts[f"参保{r[2][:4]}"].append(r)
        proc, out = annual(jncli, folder(tmp_path / name, **parts))
        assert proc.returncode == 0, proc.stderr
        assert "ends in" not in proc.stderr
        assert (out / "ledger.csv").read_bytes() == clean_ledger, name


# ------------------------------------------------------------------------------------------ A2: 15-digit ids
def test_one_employers_insurance_rows_with_15_digit_ids_are_matched_with_a_note(jncli, tmp_path, clean_ledger):
    """Before: 任城济晟 (91370811K1BBFQQ2ED) m8 0.49 → 0 (ineligible), exit 0, only the unmatched rows' note."""
    county = county_of_employer()
    rows = rows_of("insurance.csv")
    changed = [[old_id(r[0]) if county.get(r[1]) == "任城区" else r[0], *r[1:]] for r in rows[1:]]
    assert sum(len(r[0]) == 15 for r in changed) == 29
    data = folder(tmp_path, insurance=[rows[0], *changed])
    proc, out = annual(jncli, data)
    assert proc.returncode == 0, proc.stderr
    assert (out / "ledger.csv").read_bytes() == clean_ledger
    assert m8(clean_ledger)["91370811K1BBFQQ2ED"] == ("0.49", "awarded")
    command = hires_command(jncli, data, "insurance.csv")
    assert (
        "jncli trained-hires: 20 insurance row(s) were matched to a hire through a 15-digit 身份证号 (the form "
        "before GB 11643-1999) in the insurance or the hires table: read as the one 18-digit id it becomes"
    ) in command.stderr
    assert "9 of 478 insurance row(s) are not of a listed hire" in command.stderr  # as on the samples
    zh = hires_command(jncli, data, "insurance.csv", env=ZH)
    assert (
        "20条参保记录通过15位身份证号（GB 11643-1999之前的旧号码，见于参保表或招用人员表）与所列人员匹配" in zh.stderr
    )


def test_a_hires_15_digit_id_matches_its_18_digit_insurance_rows(jncli, tmp_path, clean_ledger):
    hires = rows_of("hires.csv")
    changed = [[*r[:3], old_id(r[3]) if r[2] == "任城区" and r[3][6:8] == "19" else r[3], *r[4:]] for r in hires[1:]]
    assert sum(len(r[3]) == 15 for r in changed) >= 3
    proc, out = annual(jncli, folder(tmp_path, hires=[hires[0], *changed]))
    assert proc.returncode == 0, proc.stderr
    assert (out / "ledger.csv").read_bytes() == clean_ledger


def test_a_15_digit_id_never_matches_another_person(jncli, tmp_path):
    """Each of 任城济晟's hires' insurance rows under a 15-digit id that upgrades to someone else's: its order
    number one off, or the person born in 2001 (no 15-digit id was issued to them: `…010101…` is 1901's)."""
    county = county_of_employer()
    rows = rows_of("insurance.csv")

    def other(pid: str) -> str:
        if pid[6:8] == "20":  # born 20xx: its 15-digit look-alike is of a person born 19xx
            return pid[:6] + pid[8:17]
        return pid[:6] + pid[8:14] + f"{(int(pid[14:17]) + 1) % 1000:03d}"

    changed = [[other(r[0]) if county.get(r[1]) == "任城区" else r[0], *r[1:]] for r in rows[1:]]
    proc, out = annual(jncli, folder(tmp_path, insurance=[rows[0], *changed]))
    assert proc.returncode == 0, proc.stderr
    assert m8((out / "ledger.csv").read_bytes())["91370811K1BBFQQ2ED"] == ("0", "ineligible")
    assert "15-digit" not in proc.stderr


def test_one_person_listed_by_15_and_18_digit_ids_for_one_employer_is_listed_twice(jncli, tmp_path):
    hires = rows_of("hires.csv")
    first = next(r for r in hires[1:] if r[3][6:8] == "19")
    proc, out = annual(jncli, folder(tmp_path, hires=[*hires, [*first[:3], old_id(first[3]), *first[4:]]]))
    assert proc.returncode == 1 and not out.exists(), proc.stderr
    assert f"is listed twice for employer {first[0]}: hires.csv row " in proc.stderr.splitlines()[-1]


def test_the_18_digit_form_of_an_old_id_is_the_gb_11643_one():
    from polars import DataFrame, col

    from jncli.rules.hires.common import id18_expr

    first17 = [f"37081119{y:02d}0101{n:03d}" for y in range(0, 100, 7) for n in (1, 22, 333)]
    frame = DataFrame({"p": [f[:6] + f[8:] for f in first17] + ["37081119900101123X", "ABC123456789012"]})
    got = frame.select(id18_expr(col("p")))["p"].to_list()
    assert got == [new_id(f) for f in first17] + ["37081119900101123X", "ABC123456789012"]


# ------------------------------------------------------------------------------------------ F8: no rate set yet
@pytest.mark.parametrize("blank", ["", "—"])
def test_county_rates_none_of_which_is_set_say_to_leave_the_file_out(jncli, tmp_path, blank):
    """Before: the hint `--skip 8`, which drops the qualified list too; without the file every employer is
    `qualified` (award 0)."""
    rates = rows_of("county_rates.csv")
    counties = ["任城区", "兖州区", "曲阜市", "邹城市", "微山县", "鱼台县", "金乡县", "嘉祥县", "汶上县", "泗水县"]
    data = folder(tmp_path, county_rates=[rates[0], *[[c, blank] for c in counties]])
    proc, out = annual(jncli, data)
    assert proc.returncode == 1 and not out.exists(), proc.stderr
    assert proc.stderr.splitlines()[-1] == (
        "jncli annual: county_rates.csv: the rate column (每人奖励) is empty in all 10 rows: no county has set an "
        "amount per hire (hint: if no county has set one yet, leave the county rates out (take the file out of the "
        "data folder): every employer is then listed as qualified, its amount the county's to set; otherwise fill "
        "in the rates (--skip 8 would drop the list of qualified employers too))"
    )
    zh, _ = annual(jncli, data, env=ZH)
    assert zh.returncode == 1
    assert zh.stderr.splitlines()[-1] == (
        "jncli annual: county_rates.csv：每人奖励列全部10行均为空：没有任何县（市、区）设定每人奖励金额（提示：如各县"
        "（市、区）尚未设定奖励标准，请不要提供县（市、区）奖励标准表（将该文件移出数据文件夹）：各用人单位将按“符合条件”"
        "列出，奖励金额由所在县（市、区）确定；否则请填写奖励标准（--skip 8 会连同符合条件的单位名单一并略去））"
    )
    command = hires_command(jncli, data, "insurance.csv")
    assert command.returncode == 0, command.stderr
    assert (
        "jncli trained-hires: warning: county_rates.csv: the rate column (每人奖励) is empty in all 10 rows: no county "
        "has set an amount per hire: every employer is read as qualified, its amount the county's to set, as "
        "without --county-rates (fill in the rates if that is not meant)"
    ) in command.stderr
    # as the hint says: without the file, every employer with a qualifying hire is listed as qualified
    (data / "county_rates.csv").unlink()
    left_out, out = annual(jncli, data)
    assert left_out.returncode == 0, left_out.stderr
    statuses = {s for _, s in m8((out / "ledger.csv").read_bytes()).values()}
    assert statuses == {"qualified", "ineligible"}


def test_one_county_with_a_rate_is_no_stop(jncli, tmp_path):
    rates = rows_of("county_rates.csv")
    data = folder(tmp_path, county_rates=[rates[0], ["任城区", "0.49"], ["曲阜市", ""], ["金乡县", ""]])
    proc, _ = annual(jncli, data)
    assert proc.returncode == 0, proc.stderr
    assert "is empty in all" not in proc.stderr


# ------------------------------------------------------------------------------------------ D1: 2023年5月份
def test_insurance_months_written_with_fen_are_read(jncli, tmp_path, clean_ledger):
    """Before: exit 1, `'2022年5月份' is not a month`."""
    rows = rows_of("insurance.csv")
    changed = [[*r[:2], f"{r[2][:4]}年{int(r[2][4:])}月份"] for r in rows[1:]]
    proc, out = annual(jncli, folder(tmp_path, insurance=[rows[0], *changed]))
    assert proc.returncode == 0, proc.stderr
    assert (out / "ledger.csv").read_bytes() == clean_ledger


@pytest.mark.parametrize("cell", ["2023年5月", "2023年5月份"])
def test_a_month_in_a_date_column_is_refused_with_or_without_fen(jncli, tmp_path, cell):
    hires = rows_of("hires.csv")
    data = folder(tmp_path, hires=[hires[0], [*hires[1][:6], cell], *hires[2:]])
    proc, out = annual(jncli, data)
    assert proc.returncode == 1 and not out.exists(), proc.stderr
    assert f"hires.csv row 2, column 入职日期 (hired_on): {cell!r} is not a date (" in proc.stderr.splitlines()[-1]
