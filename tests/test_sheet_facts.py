"""What Excel shows that a workbook's cells do not hold (review 9, findings 2, 3 and 7), through the real CLI.

fastexcel reads the values: a range merged down a column has its value in its top cell only, a formula a
program wrote and Excel never computed and an error value (#N/A, #REF!) are read as empty cells, and a hidden
row is read like any other. Each paid wrong money with exit 0: the enterprises' 是否纳统 written once per run of
rows and merged paid 100 instead of 215 万元 (annual 353.20 instead of 517.28), an uncomputed `=IF(…)` in 是否纳统
paid 100, #N/A in the online retail became "not reported", a hidden row was paid without a word.

The workbooks are the samples' enterprises (samples/enterprises.csv), built here with openpyxl as a county
bureau sends them: a title merged across row 1, the header on row 2, the data from row 3 (rows sorted by
county, year, credit code), a note merged across after the data. The money is the samples': 215 万元 from
award-enterprises alone (13 awards: samples/README.md), 517.28 万元 from the yearly run.
"""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
ZH = {"LC_ALL": None, "LANG": "zh_CN.UTF-8"}
RATES = ["--province-growth", "10%", "--province-rural-growth", "12%"]
NUMBERS = ("年份", "实物商品网络零售额(万元)", "上年实物商品网络零售额(万元)", "新增财力(万元)")


@pytest.fixture(scope="module")
def jncli(jncli):
    return jncli.using(text=True, timeout=300)


def _sample_rows() -> tuple[list[str], list[list]]:
    with open(SAMPLES / "enterprises.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, data = rows[0], rows[1:]
    data.sort(key=lambda r: (r[2], r[3], r[0]))  # by county, year, code: runs of equal 是否纳统 in a county
    typed = [
        [(Decimal(v) if "." in v else int(v)) if h in NUMBERS and v else (v or None) for h, v in zip(header, r)]
        for r in data
    ]
    return header, typed


def enterprises_workbook(
    path: Path, *, merge: tuple[str, ...] = (), edit=None, left: int = 0, top: int = 0, title_in_a: bool = False
) -> list[str]:
    """The samples' enterprises as a bureau's workbook; `merge`: columns whose runs of equal values (within
    a county) are written once and merged down; `edit(ws, header)` changes the sheet before it is saved;
    `left`: empty columns left of the table, `top`: empty rows above it; `title_in_a`: the title in column A,
    merged from there over the table (the columns left of the table empty below it). Returns the merged data
    ranges, by column then row."""
    header, rows = _sample_rows()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "企业"
    lines = [["2022-2023年纳统电商企业网络零售额"], header]
    lines += [[float(v) if isinstance(v, Decimal) else v for v in r] for r in rows]
    for i, line in enumerate(lines, start=1 + top):
        for j, v in enumerate(line, start=1 if title_in_a and i == 1 + top else 1 + left):
            if v is not None:
                ws.cell(i, j, v)
    start = 1 if title_in_a else 1 + left
    ws.merge_cells(start_row=1 + top, start_column=start, end_row=1 + top, end_column=len(header) + left)
    first, last = 3 + top, ws.max_row
    county = header.index("县市区") + 1 + left
    ranges = []
    for name in merge:
        col = header.index(name) + 1 + left
        i = first
        while i <= last:
            j = i
            while (
                j + 1 <= last
                and ws.cell(j + 1, col).value == ws.cell(i, col).value
                and ws.cell(j + 1, county).value == ws.cell(i, county).value
            ):
                j += 1
            if j > i:
                for k in range(i + 1, j + 1):
                    ws.cell(k, col).value = None
                ws.merge_cells(start_row=i, start_column=col, end_row=j, end_column=col)
                ranges.append(f"{get_column_letter(col)}{i}:{get_column_letter(col)}{j}")
            i = j + 1
    note = last + 1
    ws.cell(note, 1 + left, "注：本表由各县市区商务局汇总报送。")
    ws.merge_cells(start_row=note, start_column=1 + left, end_row=note, end_column=len(header) + left)
    if edit:
        edit(ws, header)
    wb.save(path)
    return ranges


def awards(stdout: str) -> list[tuple[str, ...]]:
    rows = csv.DictReader(stdout.splitlines())
    return sorted((r["beneficiary"], r["rule"], r["year"], r["award"], r["status"]) for r in rows)


def total(stdout: str) -> Decimal:
    return sum((Decimal(a) for *_, a, s in awards(stdout) if s == "awarded"), Decimal(0))


@pytest.fixture(scope="module")
def from_csv(jncli) -> str:
    proc = jncli("award-enterprises", str(SAMPLES / "enterprises.csv"))
    assert proc.returncode == 0 and total(proc.stdout) == Decimal(215), proc.stderr
    return proc.stdout


def _cell(ws, header: list[str], column: str, code: str, year: int):
    """The cell of `column` in the row of (credit code, year)."""
    for r in range(3, ws.max_row + 1):
        if ws.cell(r, 1).value == code and ws.cell(r, 4).value == year:
            return ws.cell(r, header.index(column) + 1)
    raise LookupError(code)


# 913708116KA4B88TYK's 2023 row: awarded 25 万元 (m2.tier2023) in the samples.
CODE, YEAR = "913708116KA4B88TYK", 2023


# ------------------------------------------------------------------------------------------ merged cells
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_merged_yes_no_cells_are_read_as_excel_shows_them(jncli, tmp_path, from_csv, lang):
    # Before: the rows below each merged 是 read as empty (否): 100 instead of 215 万元, exit 0, no word.
    path = tmp_path / "enterprises.xlsx"
    ranges = enterprises_workbook(path, merge=("是否纳统", "是否商贸流通企业"))
    assert len(ranges) > 12 and all(r[0] in "EF" for r in ranges)  # the title A1 and the note row are not data
    proc = jncli("award-enterprises", path.name, cwd=tmp_path, env=ZH if lang == "zh" else None)
    assert proc.returncode == 0, proc.stderr
    assert awards(proc.stdout) == awards(from_csv) and total(proc.stdout) == Decimal(215)  # 13 awards, as the CSV
    shown = ", ".join(sorted(ranges, key=lambda r: (r[0], int(r.split(":")[0][1:])))[:12]) + " …"
    if lang == "en":
        assert f"enterprises.xlsx: merged cells filled down: {shown} ({len(ranges)} range(s))" in proc.stderr
    else:
        assert f"enterprises.xlsx：合并单元格已向下填充：{shown}（{len(ranges)} 个区域）" in proc.stderr


def test_a_merged_credit_code_of_two_year_rows_is_both_rows(jncli, tmp_path, from_csv):
    # Before: one entity's 2022 and 2023 rows with its code merged: the 2023 row had no code, 10 万元 paid.
    path = tmp_path / "e.xlsx"

    def merge_code(ws, header):  # each entity's two year rows next to each other, code and name merged
        rows = sorted(([c.value for c in row] for row in ws.iter_rows(min_row=3, max_row=116)), key=lambda r: r[0])
        for i, r in enumerate(rows, start=3):
            for j, v in enumerate(r, start=1):
                ws.cell(i, j).value = v
        i = 3
        while i < 116:
            if ws.cell(i + 1, 1).value == ws.cell(i, 1).value:
                for col in (1, 2):
                    ws.cell(i + 1, col).value = None
                    ws.merge_cells(start_row=i, start_column=col, end_row=i + 1, end_column=col)
                i += 2
            else:
                i += 1

    enterprises_workbook(path, edit=merge_code)
    proc = jncli("award-enterprises", path.name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert awards(proc.stdout) == awards(from_csv)
    # 54 entities have a 2022 and a 2023 row (the other 6 one row): 2 columns × 54 ranges; the first (row 3) has one
    assert "e.xlsx: merged cells filled down: A4:A5, A7:A8, " in proc.stderr and "(108 range(s))" in proc.stderr


def test_cells_merged_over_rows_and_columns_inside_the_data_are_refused(jncli, tmp_path):
    # Two rows' 是否纳统 and 是否商贸流通企业 merged as one block: which column does the 是 belong to? Not guessed.
    path = tmp_path / "e.xlsx"

    def block(ws, header):
        ws.cell(6, 5).value = ws.cell(5, 6).value = ws.cell(6, 6).value = None
        ws.merge_cells("E5:F6")

    enterprises_workbook(path, edit=block)
    proc = jncli("award-enterprises", path.name, cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == ""
    assert (
        "e.xlsx (sheet 企业): the cells E5:F6 are merged over several rows and columns inside the data: "
        "jncli cannot tell which column the value belongs to" in proc.stderr
    )
    assert "unmerge the cells in Excel" in proc.stderr and "Traceback" not in proc.stderr


def test_the_yearly_run_with_a_merged_workbook_pays_517_28_and_its_report_names_the_ranges(jncli, tmp_path):
    # Before: 353.20 instead of 517.28 万元, exit 0.
    data = tmp_path / "data"
    shutil.copytree(SAMPLES, data, ignore=shutil.ignore_patterns("enterprises.csv", "*.md", "*.sh"))
    ranges = enterprises_workbook(data / "enterprises.xlsx", merge=("是否纳统", "是否商贸流通企业"))
    out = tmp_path / "out"
    proc = jncli("annual", "data", "--year", "2023", *RATES, "-o", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    with open(out / "ledger.csv", encoding="utf-8-sig") as f:
        paid = sum(Decimal(r["award"]) for r in csv.DictReader(f) if r["status"] == "awarded")
    assert paid == Decimal("517.28")
    assert "enterprises.xlsx: merged cells filled down: E3:E" in proc.stderr
    report = (out / "report.html").read_text("utf-8")  # the report is Chinese
    assert "enterprises.xlsx：合并单元格已向下填充：E3:E" in report and f"（{len(ranges)} 个区域）" in report


# ------------------------------------------------------------------------------------------ formulas, errors
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_formula_excel_never_computed_is_refused_naming_its_cell(jncli, tmp_path, lang):
    # Before: =IF(…) written by a program (openpyxl stores no value) read as empty: 未纳统, 100 instead of 215.
    path = tmp_path / "e.xlsx"

    def formulas(ws, header):
        col = header.index("是否纳统") + 1
        for r in range(3, 117):
            if ws.cell(r, col).value:
                ws.cell(r, col).value = f'=IF(1=1,"{ws.cell(r, col).value}","")'

    enterprises_workbook(path, edit=formulas)
    proc = jncli("award-enterprises", path.name, cwd=tmp_path, env=ZH if lang == "zh" else None)
    assert proc.returncode == 1 and proc.stdout == "" and "Traceback" not in proc.stderr
    if lang == "en":
        assert (
            "e.xlsx row 3, column 是否纳统 (sheet 企业): the formula has no computed value (the file was written by "
            "a program and never saved in Excel) (and 113 more such cell(s): E4, E5, E6," in proc.stderr
        )
        assert "open the workbook in Excel and save it" in proc.stderr
    else:
        assert (
            "e.xlsx 第3行，是否纳统列（工作表 企业）：公式没有计算结果（文件由程序写出、未在 Excel 中保存过）"
            in proc.stderr
        )
        assert (
            "保存过）（另有 113 个这样的单元格：E4, E5, E6," in proc.stderr
            and "请用 Excel 打开该工作簿并保存" in proc.stderr
        )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_error_value_in_the_data_is_refused_naming_its_cell(jncli, tmp_path, lang):
    # Before: #N/A in the online retail read as "not reported", #REF! in 是否纳统 as 未纳统, exit 0.
    path = tmp_path / "e.xlsx"
    rows = {}

    def errors(ws, header):
        cell = _cell(ws, header, "实物商品网络零售额(万元)", CODE, YEAR)
        cell.value = "#N/A"  # openpyxl writes an error cell (t="e") for an error code
        rows["na"] = cell.row
        later = _cell(ws, header, "是否纳统", "91370829XEC4FBTPHD", 2023)
        later.value = "#REF!"
        rows["ref"] = later.row

    enterprises_workbook(path, edit=errors)
    assert rows["na"] < rows["ref"]
    proc = jncli("award-enterprises", path.name, cwd=tmp_path, env=ZH if lang == "zh" else None)
    assert proc.returncode == 1 and proc.stdout == "" and "Traceback" not in proc.stderr
    if lang == "en":
        assert (
            f"e.xlsx row {rows['na']}, column 实物商品网络零售额(万元) (sheet 企业): the cell holds the error value "
            f"#N/A (not a value jncli can read) (and 1 more such cell(s): E{rows['ref']})" in proc.stderr
        )
    else:
        assert (
            f"e.xlsx 第{rows['na']}行，实物商品网络零售额(万元)列（工作表 企业）：单元格是错误值 #N/A"
            f"（不是 jncli 能读取的值）（另有 1 个这样的单元格：E{rows['ref']}）" in proc.stderr
        )


# ------------------------------------------------------------------------------------------ hidden rows
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hidden_rows_and_columns_are_read_and_said(jncli, tmp_path, from_csv, lang):
    # Before: a hidden row was paid without a word. Outside the data, an uncomputed formula in the title
    # row and an error in the note row are left as they are (they are not read as data).
    path = tmp_path / "e.xlsx"
    rows = {}

    def hide(ws, header):
        rows["hidden"] = [_cell(ws, header, "年份", CODE, YEAR).row, 9]
        for r in rows["hidden"]:
            ws.row_dimensions[r].hidden = True
        ws.column_dimensions["E"].hidden = True  # 是否纳统
        ws.column_dimensions["K"].hidden = True  # 是否省外电商企业分支机构转设
        ws["L1"] = "=TODAY()"
        ws.cell(ws.max_row, 12).value = "#REF!"

    enterprises_workbook(path, edit=hide)
    first, second = sorted(rows["hidden"])
    proc = jncli("award-enterprises", path.name, cwd=tmp_path, env=ZH if lang == "zh" else None)
    assert proc.returncode == 0, proc.stderr
    assert awards(proc.stdout) == awards(from_csv)  # read as data: the same awards (the hidden row's 25 too)
    if lang == "en":
        assert f"warning: e.xlsx: 2 row(s) hidden in Excel are read as data: {first}, {second}" in proc.stderr
        assert (
            "warning: e.xlsx: column(s) hidden in Excel are read: 是否纳统, 是否省外电商企业分支机构转设" in proc.stderr
        )
    else:
        assert f"e.xlsx：有 2 行在 Excel 中被隐藏，仍按数据读取：第 {first}, {second} 行" in proc.stderr
        assert "e.xlsx：以下列在 Excel 中被隐藏，仍被读取：是否纳统, 是否省外电商企业分支机构转设" in proc.stderr


def test_the_yearly_run_puts_hidden_rows_into_its_report(jncli, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLES, data, ignore=shutil.ignore_patterns("enterprises.csv", "*.md", "*.sh"))
    rows = []

    def hide(ws, header):
        rows.append(_cell(ws, header, "年份", CODE, YEAR).row)
        ws.row_dimensions[rows[0]].hidden = True

    enterprises_workbook(data / "enterprises.xlsx", edit=hide)
    proc = jncli("annual", "data", "--year", "2023", *RATES, "-o", "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"warning: enterprises.xlsx: 1 row(s) hidden in Excel are read as data: {rows[0]}" in proc.stderr
    report = (tmp_path / "out" / "report.html").read_text("utf-8")  # the report is Chinese
    assert f"enterprises.xlsx：有 1 行在 Excel 中被隐藏，仍按数据读取：第 {rows[0]} 行" in report


def test_a_clean_workbook_gets_no_note_of_these_facts(jncli, tmp_path, from_csv):
    # A title and a note merged across (not data), formulas with their values: nothing new is said.
    path = tmp_path / "e.xlsx"
    enterprises_workbook(path)
    proc = jncli("award-enterprises", path.name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert awards(proc.stdout) == awards(from_csv)
    assert "merged" not in proc.stderr and "hidden" not in proc.stderr
    assert "e.xlsx: row 117 skipped: notes after the data" in proc.stderr  # the note row merged across


# ------------------------------------------------------------------------------------------ where the sheet starts
def patch_sheet(path: Path, old: str, new: str) -> None:
    """Rewrite the sheet's XML in place (`old` → `new`, which must occur): how Excel, or another program,
    writes what openpyxl does not."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {i: z.read(i.filename) for i in z.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts.items():
            if info.filename == "xl/worksheets/sheet1.xml":
                assert old.encode() in data, old
                data = data.replace(old.encode(), new.encode())
            z.writestr(info, data)


def test_a_formula_returning_empty_text_in_row_1_leaves_the_merged_cells_in_place(jncli, tmp_path, from_csv):
    # Before (review 10, finding 1): a formula returning "" as Excel saves it (<c t="str"><f>…</f><v></v></c>)
    # was an empty cell to the sheet's facts and a filled one to the reader: with the title row 1 holding only
    # such a formula every merged range was filled one row off: 100 instead of 215 万元, exit 0.
    path = tmp_path / "e.xlsx"

    def title_formula(ws, header):
        ws["A1"] = '=IF(1=0,"x","")'

    ranges = enterprises_workbook(path, merge=("是否纳统",), edit=title_formula)
    patch_sheet(path, '<c r="A1"><f>IF(1=0,"x","")</f><v /></c>', '<c r="A1" t="str"><f>IF(1=0,"x","")</f><v></v></c>')
    proc = jncli("award-enterprises", path.name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert awards(proc.stdout) == awards(from_csv) and total(proc.stdout) == Decimal(215)
    assert f"e.xlsx: merged cells filled down: {', '.join(ranges[:12])} … ({len(ranges)} range(s))" in proc.stderr


def test_a_helper_column_of_empty_text_formulas_left_of_the_table_leaves_the_merged_cells_in_place(
    jncli, tmp_path, from_csv
):
    # Before (review 10, finding 1): the table from column B, a check formula returning "" in column A: the
    # merged 县市区 were filled into 企业名称 (39 rows with the wrong beneficiary name, a false warning).
    path = tmp_path / "e.xlsx"

    def helper(ws, header):
        ws["A61"] = '=IF(B61="","",IF(LEN(B61)<>18,"×",""))'

    ranges = enterprises_workbook(path, merge=("县市区",), edit=helper, left=1)
    assert ranges and all(r.startswith("D") for r in ranges)
    patch_sheet(path, '<c r="A61"><f>', '<c r="A61" t="str"><f>')
    patch_sheet(path, '</f><v /></c><c r="B61"', '</f><v></v></c><c r="B61"')
    proc = jncli("award-enterprises", path.name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == from_csv  # the same awards, names and counties as the CSV
    assert "two credit" not in proc.stderr
    assert f"e.xlsx: merged cells filled down: {', '.join(ranges[:12])}" in proc.stderr


def test_a_sheet_written_with_a_namespace_prefix_has_its_facts(jncli, tmp_path, from_csv):
    # Before (review 10, finding 4): a sheet whose XML names its elements with a prefix (<x:row>, <x:c>,
    # <x:mergeCell>: the OpenXML SDK writes them) had no facts: the merged 是否纳统 read once per range, 95
    # instead of 215 万元, exit 0, no word.
    import re
    import zipfile

    path = tmp_path / "e.xlsx"
    ranges = enterprises_workbook(path, merge=("是否纳统",))
    with zipfile.ZipFile(path) as z:
        parts = {i: z.read(i.filename) for i in z.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts.items():
            if info.filename == "xl/worksheets/sheet1.xml":
                text = re.sub(r"<(/?)([A-Za-z]\w*)(?=[\s>/])", r"<\1x:\2", data.decode())
                main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
                assert main in text and "<x:mergeCell " in text and "<x:row " in text
                data = text.replace(main, main.replace("xmlns=", "xmlns:x="), 1).encode()
            z.writestr(info, data)
    proc = jncli("award-enterprises", path.name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert awards(proc.stdout) == awards(from_csv) and total(proc.stdout) == Decimal(215)
    assert f"e.xlsx: merged cells filled down: {', '.join(ranges[:12])} … ({len(ranges)} range(s))" in proc.stderr


def test_formulas_a_program_saved_with_placeholder_values_are_not_computed(jncli, tmp_path, from_csv):
    # Before (review 10, finding 5): xlsxwriter writes a formula with the value 0 and asks Excel to compute it
    # when opened (<calcPr fullCalcOnLoad="1"/>; Excel drops the flag when it saves): 是否纳统 =IF(1=1,"是","")
    # read as 0 (未纳统): 100 instead of 215 万元, exit 0, no word.
    import xlsxwriter

    header, rows = _sample_rows()
    yes_no = header.index("是否纳统")

    def book(path: Path, formulas: bool) -> None:
        wb = xlsxwriter.Workbook(str(path))
        ws = wb.add_worksheet("企业")
        ws.write_row(0, 0, header)
        for i, r in enumerate(rows, start=1):
            ws.write_row(i, 0, [float(v) if isinstance(v, Decimal) else v for v in r])
            if formulas:
                ws.write_formula(i, yes_no, f'=IF(1=1,"{r[yes_no]}","")')
        wb.close()

    book(tmp_path / "f.xlsx", formulas=True)
    proc = jncli("award-enterprises", "f.xlsx", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == "" and "Traceback" not in proc.stderr
    assert (
        "f.xlsx row 2, column 是否纳统 (sheet 企业): the formula has no computed value (the file was written by a "
        "program and never saved in Excel) (and 113 more such cell(s): E3, E4," in proc.stderr
    )
    book(tmp_path / "v.xlsx", formulas=False)  # the same program's workbook of values is read
    plain = jncli("award-enterprises", "v.xlsx", cwd=tmp_path)
    assert plain.returncode == 0 and awards(plain.stdout) == awards(from_csv), plain.stderr


def test_cells_and_ranges_are_named_as_excel_names_them_when_the_sheet_starts_lower(jncli, tmp_path, from_csv):
    # Before (review 10, finding 8): the header in Excel row 3 (rows 1 and 2 empty), the merged range Excel
    # calls E4:E5 was named E2:E3 (jncli's row numbers next to Excel's column letters), an error cell G12 G10.
    import xlsxwriter

    header, rows = _sample_rows()
    yes_no, retail = header.index("是否纳统"), header.index("实物商品网络零售额(万元)")

    def book(path: Path, errors: tuple[int, ...] = ()) -> None:
        wb = xlsxwriter.Workbook(str(path))
        ws = wb.add_worksheet("企业")
        ws.write_row(2, 0, header)
        for i, r in enumerate(rows, start=3):
            ws.write_row(i, 0, [float(v) if isinstance(v, Decimal) else v for v in r])
        ws.merge_range(3, yes_no, 4, yes_no, rows[0][yes_no])  # Excel E4:E5: both rows hold the same value
        for r in errors:  # Excel rows
            ws.write_formula(r - 1, retail, "=NA()", None, "#N/A")
        wb.close()

    assert rows[0][yes_no] == rows[1][yes_no]
    book(tmp_path / "m.xlsx")
    proc = jncli("award-enterprises", "m.xlsx", cwd=tmp_path)
    assert proc.returncode == 0 and awards(proc.stdout) == awards(from_csv), proc.stderr
    assert "m.xlsx: merged cells filled down: E4:E5 (1 range(s))" in proc.stderr
    book(tmp_path / "e.xlsx", errors=(10, 12))
    bad = jncli("award-enterprises", "e.xlsx", cwd=tmp_path)
    assert bad.returncode == 1 and bad.stdout == "", bad.stderr
    # the row and the cells as Excel numbers and names them (rows were counted from the first row holding a
    # value, the header in Excel row 3: row 8 next to G12)
    assert (
        "e.xlsx row 10, column 实物商品网络零售额(万元) (sheet 企业): the cell holds the error value #N/A "
        "(not a value jncli can read) (and 1 more such cell(s): G12)" in bad.stderr
    )


# ------------------------------------------------------------------------------------------ where the sheet starts
@pytest.mark.parametrize(
    "layout",
    [
        # Before: a sheet whose first two rows and first column are empty (the title in B3, the header in row 4) had
        # its header read at the title (award-enterprises: "no column 统一社会信用代码"); its rows were counted from
        # the title.
        {"top": 2, "title_row": 3},
        # Before (review 12, finding 3): the title merged over A1:L1, the table from column B (column A empty from
        # the header down). The sheet read again from its header lost column A, but the header names were given by
        # position: every column took its left neighbour's name ("'是' is not a whole number" in 年份), and the
        # facts were placed from column A, one column off.
        {"title_in_a": True, "title_row": 1},
    ],
    ids=["title_in_b3", "title_over_a1"],
)
def test_the_facts_land_on_excels_cells_when_the_table_does_not_start_in_a1(jncli, tmp_path, from_csv, layout):
    # Now every row and column is Excel's: the header names, the merged ranges, the hidden row and the error cell.
    left, title_row = 1, layout["title_row"]
    shape = {"left": left, **{k: v for k, v in layout.items() if k != "title_row"}}
    path = tmp_path / "e.xlsx"
    rows: dict = {}

    def locate(ws, header, column):  # the Excel row and column of (CODE, YEAR)'s cell of `column`
        for r in range(1, ws.max_row + 1):
            if ws.cell(r, 1 + left).value == CODE and ws.cell(r, header.index("年份") + 1 + left).value == YEAR:
                return r, header.index(column) + 1 + left
        raise LookupError(CODE)

    def hide(ws, header):
        rows["hidden"], _ = locate(ws, header, "年份")
        ws.row_dimensions[rows["hidden"]].hidden = True
        if title_row > 1:
            ws.row_dimensions[1].hidden = True  # outside the data: not named

    ranges = enterprises_workbook(path, merge=("是否纳统",), edit=hide, **shape)
    assert ranges and all(r.startswith("F") for r in ranges)  # 是否纳统 in column F (E in a sheet from column A)
    assert min(int(r.split(":")[0][1:]) for r in ranges) > title_row + 1  # the data below the title and header
    if layout.get("title_in_a"):
        assert "A1:L1" in {r.coord for r in openpyxl.load_workbook(path).active.merged_cells.ranges}  # the title
    proc = jncli("award-enterprises", path.name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert awards(proc.stdout) == awards(from_csv) and total(proc.stdout) == Decimal(215)
    shown = ", ".join(sorted(ranges, key=lambda r: int(r.split(":")[0][1:]))[:12])
    assert f"e.xlsx: merged cells filled down: {shown}" in proc.stderr
    assert f"warning: e.xlsx: 1 row(s) hidden in Excel are read as data: {rows['hidden']}\n" in proc.stderr
    assert (
        f"e.xlsx: row {title_row} skipped: a title above the header ('2022-2023年纳统电商企业网络零售额')"
        in proc.stderr
    )
    assert f"e.xlsx: header: row {title_row + 1}" in proc.stderr

    def error(ws, header):
        r, c = locate(ws, header, "实物商品网络零售额(万元)")
        rows["na"] = r
        ws.cell(r, c).value = "#N/A"
        ws.cell(r + 2, c).value = "#REF!"

    enterprises_workbook(path, edit=error, **shape)
    bad = jncli("award-enterprises", path.name, cwd=tmp_path)
    assert bad.returncode == 1 and bad.stdout == "", bad.stderr
    assert (
        f"e.xlsx row {rows['na']}, column 实物商品网络零售额(万元) (sheet 企业): the cell holds the error value #N/A "
        f"(not a value jncli can read) (and 1 more such cell(s): H{rows['na'] + 2})" in bad.stderr
    )
