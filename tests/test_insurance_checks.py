"""Measure 8's insurance table checked as the hires are (hostile review 1, A5 and A6), through the real binary.

- A5: the insurance table's person ids (身份证号) were not checked as the hires' are. Ids Excel turned into
  numbers and wrote with 15 digits then 000 made every insurance row match no hire: all of measure 8 lost
  (3.60 万元 and 9 qualifications on the samples), exit 0 with only a note. The same with the employer column
  holding the 9-character 组织机构代码 or codes with a wrong check character. Now the ids get the hires' checks
  and errors (`fails the 身份证号 check (GB 11643)`); an employer code that is no valid code and no hire's stops
  `annual` and is warned of in `trained-hires`; and a non-empty table none of whose rows is of a listed hire
  with that employer stops `annual` (naming both files, the first row's person and employer, a likely cause)
  and is warned of in the same words in `trained-hires`.
- A6: an export whose last month is before the as-of month (exported early December, mid-year, last year's)
  silently dropped every hire whose 6th month falls after it, while stderr said "months counted up to
  2023-12-31". Now `annual` stops naming the file, its last month and the as-of month; `trained-hires` warns in
  the same words; `--as-of` set to the table's last month is the way to count up to it.

Each case is the samples' data folder with its insurance.csv edited as the review did, written back as a
GB18030 CSV (as a bureau's export); `annual` runs measures 7 and 8 only.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from hire_files import ZH, write

from jncli import credit_code

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SKIP = ["--skip", "1", "--skip", "2", "--skip", "4"]  # measures 7 and 8 run
_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_ok(value: str) -> bool:
    """The 身份证号 check (GB 11643) of an 18-character id, computed here independently of jncli."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(value[:17], _W)) % 11] == value[17]


def masked(value: str) -> str:
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def samples_rows() -> list[list[str]]:
    with open(SAMPLES / "insurance.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def folder_with(tmp_path: Path, rows: list[list[str]]) -> Path:
    """The samples' data folder with `rows` (header first) as its insurance.csv, in GB18030."""
    folder = tmp_path / "data" / "2023"
    folder.mkdir(parents=True)
    for f in SAMPLES.glob("*.csv"):
        shutil.copy(f, folder / f.name)
    write(folder / "insurance.csv", rows[0], rows[1:])
    return folder


def edited(tmp_path: Path, column: int, change) -> Path:
    rows = samples_rows()
    return folder_with(tmp_path, [rows[0]] + [r[:column] + [change(r[column])] + r[column + 1 :] for r in rows[1:]])


def annual(jncli, data: Path, *extra: str, **kw):
    out = data.parent.parent / "out" / "2023"
    proc = jncli("annual", str(data), "--year", "2023", *SKIP, "-o", str(out), *extra, text=True, timeout=300, **kw)
    return proc, out


def _stops_annual_warns_the_command(jncli, data: Path, proc, said: str, hint: str):
    """`annual` (its run `proc`) stopped saying `said` with `hint`; trained-hires says the same words as a warning
    (the table still computed as the data says); the Chinese annual run stops too: its result."""
    assert f"jncli annual: {said} (hint: {hint})" in proc.stderr
    command = hires_command(jncli, data)
    assert command.returncode == 0, command.stderr
    assert f"jncli trained-hires: warning: {said}; {hint}" in command.stderr
    zh, _ = annual(jncli, data, env=ZH)
    assert zh.returncode == 1
    return zh


def hires_command(jncli, data: Path, *extra: str, **kw):
    args = ["hires.csv", "--insurance", "insurance.csv", "--county-rates", "county_rates.csv", "--year", "2023"]
    return jncli("trained-hires", *args, "-f", "csv", *extra, cwd=data, text=True, timeout=300, **kw)


# ------------------------------------------------------------------------------------------ A5: person ids
def test_insurance_ids_excel_wrote_as_numbers_stop_both_commands_as_the_hires_ids_do(jncli, tmp_path):
    """r13: 990800198611156733 → 990800198611156000 in insurance.csv only; main exited 0 with every m8 row
    ineligible. The first id whose check character now fails is named, masked, as a hires.csv id would be."""
    data = edited(tmp_path, 0, lambda v: v[:15] + "000")
    first = next(i for i, r in enumerate(samples_rows()[1:], start=2) if not id_ok(r[0][:15] + "000"))
    shown = masked(samples_rows()[first - 1][0][:15] + "000")
    proc, out = annual(jncli, data)
    assert proc.returncode == 1 and not out.exists(), proc.stderr
    said = f"insurance.csv row {first}, column person_id: '{shown}' fails the 身份证号 check (GB 11643) (and "
    assert f"jncli annual: {said}" in proc.stderr
    hint = "(hint: a typing error, or digits lost when Excel stored the id as a number (format the column as text))"
    assert hint in proc.stderr
    assert "Traceback" not in proc.stderr
    command = hires_command(jncli, data)
    assert command.returncode == 1 and said in command.stderr, command.stderr
    zh, _ = annual(jncli, data, env=ZH)
    assert zh.returncode == 1 and f"'{shown}' 未通过身份证号校验（GB 11643）" in zh.stderr, zh.stderr


def test_insurance_ids_of_another_kind_match_no_hire_and_stop_annual_naming_the_cause(jncli, tmp_path):
    """Ids that pass every check but are not the hires' (the agency's 12-digit 个人编号): no row is of a listed
    hire. `annual` stops naming both files, the first row's person (masked) and employer, and the cause."""
    numbers: dict[str, str] = {}
    data = edited(tmp_path, 0, lambda v: numbers.setdefault(v, f"3708{len(numbers) + 10000001:08d}"))
    first = samples_rows()[1]
    proc, out = annual(jncli, data)
    assert proc.returncode == 1 and not out.exists(), proc.stderr
    said = (
        f"insurance.csv and hires.csv: none of the 478 insurance row(s) is of a listed hire with that employer "
        f"(first: insurance.csv row 2, person {masked(numbers[first[0]])}, employer {first[1]}): no person id of it "
        f"is a hire's: the ids are written otherwise (digits lost when Excel stored them as numbers, 15-digit ids, "
        f"another kind of id)"
    )
    hint = (
        "a hire's months count only where an insurance row holds the hire's person id and employer code as the "
        "hires table writes them: correct the export (ids and codes as text), or give these hires' insurance"
    )
    zh = _stops_annual_warns_the_command(jncli, data, proc, said, hint)
    assert "insurance.csv 与 hires.csv：478条参保记录中没有一条属于所列人员在该用人单位的参保" in zh.stderr, zh.stderr
    assert "其中没有任何人员的证件号与招用人员表相同" in zh.stderr
    assert "只有参保记录中的证件号和用人单位代码与招用人员表的写法一致，才计入该人员的参保月份" in zh.stderr


def test_insurance_under_other_valid_employer_codes_is_told_apart(jncli, tmp_path):
    """Every employer under another valid code (a group's head office paying for its branches): the persons
    are the hires', the employers are not — the message says so."""
    other: dict[str, str] = {}
    data = edited(tmp_path, 1, lambda v: other.setdefault(v, credit_code.make(f"91370800MA{len(other) + 1000001:07d}")))
    proc, out = annual(jncli, data)
    assert proc.returncode == 1 and not out.exists(), proc.stderr
    assert "none of the 478 insurance row(s) is of a listed hire with that employer" in proc.stderr
    assert "the hires' persons are in it, under other employer codes (an organisation code 组织机构代码" in proc.stderr
    zh, _ = annual(jncli, data, env=ZH)
    assert "其中有所列人员，但在其他用人单位代码下" in zh.stderr, zh.stderr


# ------------------------------------------------------------------------------------------ A5: employer codes
@pytest.mark.parametrize(
    "case, change",
    [
        ("组织机构代码", lambda c: c[8:17]),
        ("组织机构代码 with its hyphen", lambda c: c[8:16] + "-" + c[16]),
        ("a wrong check character", lambda c: c[:17] + ("0" if c[17] != "0" else "1")),
    ],
)
def test_insurance_employer_codes_that_are_no_code_stop_annual(jncli, tmp_path, case, change):
    """r33: main exited 0 with 478/478 rows unused. The first row is named with its code; trained-hires warns
    naming the first rows and the code's problem, as award-enterprises does of an enterprise's code."""
    data = edited(tmp_path, 1, change)
    code = change(samples_rows()[1][1])
    proc, out = annual(jncli, data)
    assert proc.returncode == 1 and not out.exists(), proc.stderr
    assert (
        f"jncli annual: insurance.csv row 2, column credit_code: {code!r} is not a valid credit code (GB 32100-2015) "
        f"nor a hire's employer code, so the insurance months under it count for no hire ("
    ) in proc.stderr
    assert (
        "not by the organisation code (组织机构代码) or the agency's own 单位编号: correct the export)" in proc.stderr
    )
    command = hires_command(jncli, data)
    assert command.returncode == 0, command.stderr
    assert (
        f"have an employer code that is not a valid credit code (GB 32100-2015) nor a hire's, so their months count "
        f"for no hire (insurance.csv row 2, column credit_code, rows 2, 3, 4 …; first: {credit_code.problem(code)}): "
        f"check the insurance export"
    ) in command.stderr
    zh = hires_command(jncli, data, "--lang", "zh")
    assert "不是有效的统一社会信用代码（GB 32100-2015），也不是任何招用人员的用人单位代码" in zh.stderr, zh.stderr


def test_one_mistyped_employer_code_is_named_by_its_row(jncli, tmp_path):
    rows = samples_rows()
    row = 40  # a file row: the header is row 1
    code = rows[row - 1][1]
    rows[row - 1][1] = code[:17] + ("0" if code[17] != "0" else "1")
    proc, out = annual(jncli, folder_with(tmp_path, rows))
    assert proc.returncode == 1 and not out.exists(), proc.stderr
    assert (
        f"insurance.csv row {row}, column credit_code: {rows[row - 1][1]!r} is not a valid credit code" in proc.stderr
    )
    assert "(1 such row(s))" in proc.stderr


def test_an_invalid_employer_code_the_hires_share_is_not_a_stop(jncli):
    """The samples' hires list one employer under an invalid code (913708837YNE6HAP8Q, ineligible for it) and
    its insurance rows carry the same code: the hires' own problem, said in the ledger's basis, not the export's."""
    assert "913708837YNE6HAP8Q" in {r[1] for r in samples_rows()[1:]}
    proc = jncli(
        "trained-hires", "samples/hires.csv", "--insurance", "samples/insurance.csv", "--year", "2023", text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert "not a valid credit code" not in proc.stderr and "none of the" not in proc.stderr
    assert "the insurance table ends" not in proc.stderr


# ------------------------------------------------------------------------------------------ A6: where it ends
@pytest.mark.parametrize("last, day", [("202311", "2023-11-30"), ("202306", "2023-06-30"), ("202212", "2022-12-31")])
def test_an_insurance_export_that_ends_before_the_as_of_month_stops_annual(jncli, tmp_path, last, day):
    """r20: main exited 0 (3.60 → 3.32, 1.77 or 0 万元 of m8) while saying "months counted up to 2023-12-31"."""
    rows = samples_rows()
    data = folder_with(tmp_path, [rows[0]] + [r for r in rows[1:] if r[2] <= last])
    end = f"{last[:4]}-{last[4:]}"
    said = (
        f"insurance.csv: the insurance table ends in {end}, before 2023-12, the as-of month: a hire whose 6th month "
        f"of insurance falls after {end} is not counted, though that month may have been paid"
    )
    hint = (
        f"give the whole insurance export, up to 2023-12; or count the months only up to {end} with --as-of {day} "
        f"(in annual it also dates the whitelist)"
    )
    proc, out = annual(jncli, data)
    assert proc.returncode == 1 and not out.exists(), proc.stderr
    zh = _stops_annual_warns_the_command(jncli, data, proc, said, hint)
    assert (
        f"insurance.csv：参保表只到{end}，早于核算截止月2023-12：连续参保第6个月落在{end}之后的人员不会被计入"
        in zh.stderr
    )
    assert f"或用 --as-of {day} 只计算到{end}的参保月份（在 annual 中，该选项同时决定白名单的评定日期）" in zh.stderr


def test_as_the_hint_says_as_of_counts_up_to_the_tables_last_month(jncli, tmp_path):
    rows = samples_rows()
    data = folder_with(tmp_path, [rows[0]] + [r for r in rows[1:] if r[2] <= "202311"])
    command = hires_command(jncli, data, "--as-of", "2023-11-30")
    assert command.returncode == 0 and "the insurance table ends" not in command.stderr, command.stderr
    assert "(months counted up to 2023-11-30)" in command.stderr
    proc, out = annual(jncli, data, "--as-of", "2023-11-30")
    assert proc.returncode == 0 and (out / "ledger.csv").exists(), proc.stderr
    # an export that runs past the as-of month is what it always was: its later months not counted, a note
    full, out = annual(jncli, folder_with(tmp_path / "full", samples_rows()))
    assert full.returncode == 0, full.stderr
    assert "the insurance table ends" not in full.stderr and "none of the" not in full.stderr
