"""Files people open: a CSV/TSV written with -o starts with a UTF-8 BOM (Excel on Chinese Windows reads it
as UTF-8 on a double-click), stdout never does unless --bom, --no-bom drops it; jncli reads its own BOM
files back; the yearly run's CSVs carry the BOM (recorded in the manifest, so verify re-writes the same bytes)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
BOM = b"\xef\xbb\xbf"


def test_o_csv_and_tsv_files_start_with_a_bom_and_pipes_never(jncli, tmp_path):
    src = str(SAMPLES / "counties.csv")
    piped = jncli("cat", "--as", "counties", src)
    assert piped.returncode == 0 and piped.stdout.startswith(b"county,")  # a pipe: plain UTF-8, as before
    assert jncli("cat", "--as", "counties", src, "-o", "c.csv", cwd=tmp_path).returncode == 0
    assert (tmp_path / "c.csv").read_bytes() == BOM + piped.stdout  # the same bytes after the BOM
    assert jncli("cat", "--as", "counties", src, "-o", "c.tsv", cwd=tmp_path).returncode == 0
    assert (tmp_path / "c.tsv").read_bytes().startswith(BOM + b"county\tyear\t")
    assert jncli("cat", "--as", "counties", src, "-o", "n.csv", "--no-bom", cwd=tmp_path).returncode == 0
    assert (tmp_path / "n.csv").read_bytes() == piped.stdout
    forced = jncli("cat", "--as", "counties", src, "--bom")  # asked for: also on stdout (`> file.csv`)
    assert forced.stdout == BOM + piped.stdout
    # formats that are not CSV/TSV never get one
    assert jncli("cat", "--as", "counties", src, "-o", "c.json", cwd=tmp_path).returncode == 0
    assert (tmp_path / "c.json").read_bytes().startswith(b"[")


def test_a_bom_file_round_trips_through_jncli(jncli, tmp_path):
    src = str(SAMPLES / "enterprises.csv")
    assert jncli("cat", src, "-o", "e.csv", cwd=tmp_path).returncode == 0
    assert (tmp_path / "e.csv").read_bytes().startswith(BOM + "统一社会信用代码".encode())
    again = jncli("cat", "e.csv", cwd=tmp_path)  # read back: the header has no stray \ufeff
    assert again.returncode == 0 and again.stdout == jncli("cat", src).stdout
    typed = jncli("cat", "--as", "enterprises", "e.csv", cwd=tmp_path)
    assert typed.returncode == 0 and typed.stdout == jncli("cat", "--as", "enterprises", src).stdout
    # a measure reads it, from a file and from stdin
    args = ["award-enterprises", "--year", "2023"]
    plain = jncli(*args, src)
    assert jncli(*args, "e.csv", cwd=tmp_path).stdout == plain.stdout
    assert jncli(*args, stdin=(tmp_path / "e.csv").read_bytes()).stdout == plain.stdout
    # polars (what a script of the analyst's uses) reads it too
    assert pl.read_csv(tmp_path / "e.csv", infer_schema=False).columns[0] == "统一社会信用代码"


def test_the_yearly_runs_csvs_have_a_bom_and_verify_agrees(jncli, tmp_path):
    base = ["annual", str(SAMPLES), "--year", "2023", "--province-growth", "10%", "--province-rural-growth", "12%"]
    out, plain = tmp_path / "with", tmp_path / "plain"
    assert jncli(*base, "-o", str(out)).returncode == 0
    assert jncli(*base, "-o", str(plain), "--no-bom").returncode == 0
    for name in ("ledger.csv", "score-counties.csv", "check-validity.csv"):
        assert (out / name).read_bytes() == BOM + (plain / name).read_bytes(), name
        assert not (plain / name).read_bytes().startswith(BOM)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["options"]["bom"] is True
    assert json.loads((plain / "manifest.json").read_text("utf-8"))["options"]["bom"] is False
    for folder in (out, plain):  # the re-run writes the same bytes, BOM or not
        proc = jncli("verify", str(folder), text=True)
        assert proc.returncode == 0 and "every output is byte-identical" in proc.stderr, proc.stderr
    # jncli reads the run's BOM ledger back (check-validity, --prior, compare)
    assert jncli("check-validity", str(out / "ledger.csv")).returncode == 0
    summary = jncli("compare", str(out / "ledger.csv"), str(plain / "ledger.csv"), "--summary", text=True)
    rows = pl.read_csv(summary.stdout.encode(), infer_schema=False)
    assert summary.returncode == 0 and rows.height > 0 and set(rows["difference"]) == {"0"}


# ------------------------------------------------------------------ files that are not what their name says
def _encrypted_workbook(path: Path) -> None:
    """An .xlsx saved with a password, as Excel saves it (an OLE container around the encrypted zip)."""
    import io

    import msoffcrypto.format.ooxml
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["县市区", "年份", "网络零售额(万元)"])
    wb.active.append(["任城区", 2023, 100])
    plain = io.BytesIO()
    wb.save(plain)
    plain.seek(0)
    with open(path, "wb") as out:
        msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt("jining", out)


WEB_PAGES = {
    # what many systems export under an .xls name: an HTML table, Excel's XML spreadsheet, a UTF-16 page
    "page.xls": b'<html><head><meta charset="utf-8"></head><body><table><tr><td>\xe4\xbb\xbb</td></tr></table>',
    "doctype.xls": b"\xef\xbb\xbf\r\n<!DOCTYPE html>\n<html><table></table></html>",
    "xml.xls": b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
    "utf16.xls": "\ufeff<html><table><tr><td>任城区</td></tr></table></html>".encode("utf-16-le"),
}


def test_a_password_protected_workbook_is_named_as_such(jncli, tmp_path):
    _encrypted_workbook(tmp_path / "counties.xlsx")
    assert (tmp_path / "counties.xlsx").read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # not a zip: an OLE file
    proc = jncli("cat", "counties.xlsx", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == b""
    assert proc.stderr.decode() == (
        "jncli cat: counties.xlsx is a password-protected (encrypted) Excel workbook (hint: remove the password in "
        "Excel (File → Info → Protect Workbook) and save again, or save as CSV)\n"
    )
    zh = jncli("cat", "counties.xlsx", cwd=tmp_path, env={"JNCLI_LANG": "zh"})
    assert zh.returncode == 1 and "counties.xlsx 是设置了密码（已加密）的 Excel 工作簿" in zh.stderr.decode()


def test_a_web_page_under_an_xls_name_is_refused(jncli, tmp_path):
    for name, data in WEB_PAGES.items():
        (tmp_path / name).write_bytes(data)
        proc = jncli("cat", name, cwd=tmp_path)
        assert proc.returncode == 1 and proc.stdout == b"", (name, proc.stderr)
        assert proc.stderr.decode().startswith(f"jncli cat: {name} is a web page (HTML or XML)"), proc.stderr
    zh = jncli("cat", "page.xls", cwd=tmp_path, env={"JNCLI_LANG": "zh"})
    assert "page.xls 是网页（HTML 或 XML）" in zh.stderr.decode(), zh.stderr


def test_a_workbook_cut_short_is_named_as_such(jncli, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["县市区", "年份"])
    wb.save(tmp_path / "whole.xlsx")
    (tmp_path / "cut.xlsx").write_bytes((tmp_path / "whole.xlsx").read_bytes()[:1500])  # a download cut short
    proc = jncli("cat", "cut.xlsx", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == b""
    assert proc.stderr.decode().startswith("jncli cat: cut.xlsx is not a complete XLSX workbook"), proc.stderr


def test_a_cover_sheet_of_form_rows_is_not_a_table(jncli, tmp_path):
    # 封面: 填报单位 | 济宁市统计局, 填报日期 …, 联系人 …: was counted as a table, and the workbook refused
    # ("2 visible sheets holding a table"); the data sheet is read, as the only one holding a table
    import csv

    from openpyxl import Workbook

    rows = list(csv.reader((ROOT / "samples" / "counties.csv").open(encoding="utf-8-sig")))
    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    for r in (
        ["填报单位", "济宁市统计局"],
        ["填报日期", "2024-01-15"],
        ["联系人", "张三"],
        ["联系电话", "0537-1234567"],
    ):
        cover.append(r)
    data = wb.create_sheet("数据")
    data.append(rows[0])
    for r in rows[1:]:
        data.append([r[0], int(r[1]), *(float(x) for x in r[2:])])
    wb.save(tmp_path / "c.xlsx")
    args = ("--year", "2023", "--province-growth", "10%", "--province-rural-growth", "12%")
    clean = jncli("score-counties", str(ROOT / "samples" / "counties.csv"), *args)
    proc = jncli("score-counties", "c.xlsx", *args, cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == clean.stdout, proc.stderr
    assert "sheet '数据' read: the only visible sheet holding a table (sheets: 封面, 数据)" in proc.stderr.decode()


def test_a_chart_sheet_prints_no_library_line(jncli, tmp_path):
    # Before (review 10, finding 9): a chart sheet before the data printed the library's own line
    # "'chartsheet' not a valid worksheet" on stderr; only jncli's note on the sheet read is said.
    import csv

    import xlsxwriter

    rows = list(csv.reader((ROOT / "samples" / "counties.csv").open(encoding="utf-8-sig")))
    wb = xlsxwriter.Workbook(str(tmp_path / "c.xlsx"))
    chart_sheet = wb.add_chartsheet("图表")
    data = wb.add_worksheet("数据")
    data.write_row(0, 0, rows[0])
    for i, r in enumerate(rows[1:], start=1):
        data.write_row(i, 0, [r[0], int(r[1]), *(float(x) for x in r[2:])])
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": ["数据", 1, 2, len(rows) - 1, 2], "categories": ["数据", 1, 0, len(rows) - 1, 0]})
    chart_sheet.set_chart(chart)
    wb.close()
    args = ("--year", "2023", "--province-growth", "10%", "--province-rural-growth", "12%")
    clean = jncli("score-counties", str(ROOT / "samples" / "counties.csv"), *args)
    proc = jncli("score-counties", "c.xlsx", *args, cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == clean.stdout, proc.stderr
    err = proc.stderr.decode()
    assert "not a valid worksheet" not in err
    assert "c.xlsx: sheet '数据' read: the only visible sheet holding a table (sheets: 图表, 数据)" in err
