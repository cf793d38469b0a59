"""The data folder as a bureau keeps it (review 28, F1, F6, F8, F10): what `jncli annual` takes for a table file
by its name, and how it shows the names, through the real binary.

- F1: a workbook saved as .xlsm, .xltx, .xltm (or WPS .et) is a table file, as in the single commands: a revision
  so saved beside the old CSV stops on the duplicate rows (before: passed over as "not a table file", the old
  CSV paid); a run that stops still names the files it passed over.
- F8: an .xlsx saved under a lowercase .xls name is read by its bytes, as under .XLS; a real BIFF .xls is refused.
- F10: sub-folders, __MACOSX/, AppleDouble ._* files and other dot-files are named as ignored.
- F6: a file name that is not UTF-8 (GBK bytes from a zip made on Windows) is shown decoded as GB18030 (else with
  backslash escapes) on stderr, in the manifest (with its bytes) and the report; the run and `verify` go through
  (before: a bare `'utf-8' codec can't encode … surrogates not allowed` after the whole year was computed).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from test_annual import INPUTS, SAMPLES  # the samples' tables, as every yearly-run test copies them

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # the start of an OLE file: an Excel 97-2003 .xls (or WPS .et)


@pytest.fixture(scope="module")
def jncli(jncli):
    return jncli.using(text=True, timeout=300)


@pytest.fixture(scope="module")
def workbook(jncli, tmp_path_factory) -> Path:
    """The samples' enterprises table as an .xlsx (jncli's own writer)."""
    path = tmp_path_factory.mktemp("wb") / "enterprises.xlsx"
    proc = jncli("cat", str(SAMPLES / "enterprises.csv"), "-o", str(path))
    assert proc.returncode == 0, proc.stderr
    return path


def samples(dest: Path, skip: tuple[str, ...] = ()) -> Path:
    dest.mkdir(parents=True)
    for name in INPUTS:
        if name not in skip:
            shutil.copy(SAMPLES / name, dest / name)
    (dest / "README.md").write_text("# 2023年数据\n", "utf-8")
    return dest


def bytes_name(folder: Path, name: bytes) -> bytes:
    """The path of `name` (raw bytes, as a zip made on Windows leaves them) in `folder`."""
    return os.fsencode(folder) + b"/" + name


def paid(out: Path) -> Decimal:
    ledger = pl.read_csv(out / "ledger.csv", infer_schema=False).filter(pl.col("status") == "awarded")
    return sum((Decimal(a) for a in ledger["award"]), Decimal(0))


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text("utf-8"))


def last_line(proc: subprocess.CompletedProcess) -> str:
    return proc.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("ext", [".xlsm", ".xltx", ".xltm", ".et", ".XLSM"])
def test_a_revision_saved_as_a_macro_workbook_or_template_beside_the_old_csv_stops_on_the_duplicate(
    annual, workbook, tmp_path, ext
):
    # Before: `企业名单(修订).xlsm: ignored (not a table file, by its extension)`, the old CSV paid, exit 0.
    data = samples(tmp_path / "data")
    shutil.copy(workbook, data / f"企业名单(修订){ext}")
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 1, proc.stderr
    assert f"企业名单(修订){ext} row 50 both have credit code" in last_line(proc), proc.stderr
    # the run stopped, and still says what it passed over (before: the "ignored" lines only came with a run that went
    # through)
    assert "jncli annual: README.md: ignored (not a table file, by its extension)" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_a_run_that_stops_on_a_missing_table_names_the_files_it_passed_over(annual, tmp_path):
    # The enterprises table left as a Word file: "measure 2 … has no input" alone did not say what was there.
    data = samples(tmp_path / "data", skip=("enterprises.csv",))
    (data / "企业名单.docx").write_bytes(b"PK\x03\x04 not a table")
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 1
    assert "measure 2 (" in last_line(proc) and "has no input" in last_line(proc)
    assert "jncli annual: 企业名单.docx: ignored (not a table file, by its extension)" in proc.stderr
    assert "jncli annual: README.md: ignored (not a table file, by its extension)" in proc.stderr


def test_wps_and_old_excel_binary_workbooks_are_refused_with_their_save_as_hint(jncli, tmp_path):
    (tmp_path / "表.et").write_bytes(OLE)
    proc = jncli("cat", str(tmp_path / "表.et"))
    assert proc.returncode == 1
    assert "表.et is a WPS Spreadsheets workbook in its binary (.et) format (hint: save it as .xlsx or CSV)" in (
        last_line(proc)
    )
    (tmp_path / "表.xls").write_bytes(OLE)
    proc = jncli("cat", str(tmp_path / "表.xls"))
    assert proc.returncode == 1
    assert "表.xls is an old Excel 97-2003 (.xls) workbook (hint: save it as .xlsx or CSV)" in last_line(proc)


def test_an_xlsx_under_a_lowercase_xls_name_is_read_by_its_bytes(annual, jncli, workbook, tmp_path):
    # F8. Before: `cannot read …企业名单.xls as XLSX: calamine error: Xls error: Cfb error: Invalid OLE …`, exit 1,
    # while the same bytes as 企业名单.XLS were read.
    shutil.copy(workbook, tmp_path / "企业名单.xls")
    lowercase = jncli("cat", str(tmp_path / "企业名单.xls"))
    assert lowercase.returncode == 0, lowercase.stderr
    assert lowercase.stdout == jncli("cat", str(workbook)).stdout
    data = samples(tmp_path / "data", skip=("enterprises.csv",))
    shutil.copy(workbook, data / "企业名单.xls")
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert "award-enterprises (measure 2, 3, 6) ← 企业名单.xls, fiscal_ratios.csv" in proc.stderr
    assert paid(tmp_path / "out") == Decimal("517.28")


def test_sub_folders_mac_files_and_dot_files_are_named_as_ignored(annual, tmp_path):
    # F10. Before: none of them was named (only README.md and .DS_Store), on stderr or in the manifest.
    data = samples(tmp_path / "data")
    (data / "2022").mkdir()  # last year's tables in a sub-folder
    shutil.copy(SAMPLES / "enterprises.csv", data / "2022" / "enterprises.csv")
    (data / "__MACOSX").mkdir()  # what a zip made on a Mac holds
    (data / "._enterprises.csv").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00")
    shutil.copy(SAMPLES / "enterprises.csv", data / ".企业名单-最终版.csv")  # a hidden copy of a table
    (data / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert paid(tmp_path / "out") == Decimal("517.28")  # the samples' money: no hidden or sub-folder file read
    ignored = {
        "2022": "a folder: only the files directly in the data folder are read, not those in its sub-folders",
        "__MACOSX": "the folder of macOS metadata a zip made on a Mac holds, not a table",
        "._enterprises.csv": "a macOS AppleDouble file (the Mac's metadata of another file), not a table",
        ".企业名单-最终版.csv": "a hidden file (its name starts with a dot), never read: rename it without the dot to "
        "use it",
        ".DS_Store": "a file the system keeps in the folder, not a table",
        "README.md": "not a table file, by its extension",
    }
    for name, why in ignored.items():
        assert f"jncli annual: {name}: ignored ({why})\n" in proc.stderr
    assert {i["file"]: i["why"] for i in manifest(tmp_path / "out")["ignored"]} == ignored


def test_file_names_that_are_not_utf8_are_shown_decoded_and_verify_finds_them(annual, jncli, tmp_path):
    # F6. Before: exit 1 `'utf-8' codec can't encode characters in position …: surrogates not allowed`, naming
    # nothing, after the whole year was computed.
    data = samples(tmp_path / "data", skip=("counties.csv",))
    # the counties table and a Word file under GBK names, a note under a name that is neither UTF-8 nor GB18030
    shutil.copy(SAMPLES / "counties.csv", bytes_name(data, "县区统计.csv".encode("gbk")))
    Path(os.fsdecode(bytes_name(data, "工作说明.docx".encode("gbk")))).write_bytes(b"PK\x03\x04 a letter")
    Path(os.fsdecode(bytes_name(data, b"note\xff.md"))).write_text("-", "utf-8")
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert paid(tmp_path / "out") == Decimal("517.28")
    assert "jncli annual: 工作说明.docx: ignored (not a table file, by its extension)\n" in proc.stderr
    assert "jncli annual: note\\xff.md: ignored (not a table file, by its extension)\n" in proc.stderr
    assert "score-counties (measure 1) ← 县区统计.csv" in proc.stderr
    assert (
        "jncli annual: 县区统计.csv: the file name is not UTF-8 (as a zip made on Windows leaves it): shown decoded as "
        "GB18030; rename the file to that name so that every program shows it" in proc.stderr
    )
    doc = manifest(tmp_path / "out")
    ignored = {i["file"]: i.get("name_bytes") for i in doc["ignored"]}
    assert ignored == {
        "README.md": None,
        "note\\xff.md": b"note\xff.md".hex(),
        "工作说明.docx": "工作说明.docx".encode("gbk").hex(),
    }
    counties = next(i for i in doc["inputs"] if i["kind"] == "counties")
    assert (counties["file"], counties["name_bytes"]) == ("县区统计.csv", "县区统计.csv".encode("gbk").hex())
    assert "县区统计.csv" in (tmp_path / "out" / "report.html").read_text("utf-8")
    # verify finds the file by its bytes, reads it again, and finds nothing in the folder it did not account for
    check = jncli("verify", str(tmp_path / "out"))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "every output is byte-identical" in check.stderr
    assert "extra" not in check.stdout


def test_a_table_under_a_gbk_name_that_cannot_be_read_is_named_readably(annual, tmp_path):
    # the reader's own message names the file as the run shows it (before: `\udcc6\udcf3…` for each byte)
    data = samples(tmp_path / "data", skip=("enterprises.csv",))
    Path(os.fsdecode(bytes_name(data, "企业名单.xls".encode("gbk")))).write_bytes(OLE)
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 1
    assert "企业名单.xls is an old Excel 97-2003 (.xls) workbook" in last_line(proc), proc.stderr
    assert "\\udc" not in proc.stderr
    assert "jncli annual: README.md: ignored (not a table file, by its extension)" in proc.stderr


def test_a_hidden_table_named_in_inputs_toml_is_read(annual, tmp_path):
    # inputs.toml names the file: its settings are applied, never silently not (before: a dot-file was skipped)
    data = samples(tmp_path / "data", skip=("enterprises.csv",))
    shutil.copy(SAMPLES / "enterprises.csv", data / ".企业名单.csv")
    (data / "inputs.toml").write_text('[files.".企业名单.csv"]\nkind = "enterprises"\n', "utf-8")
    proc = annual(data, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert "award-enterprises (measure 2, 3, 6) ← .企业名单.csv, fiscal_ratios.csv" in proc.stderr
    assert paid(tmp_path / "out") == Decimal("517.28")


def test_a_prior_ledger_under_a_gbk_name_is_shown_decoded_and_kept_in_the_manifest(annual, tmp_path):
    # F6, the same for a file given with --prior: its name goes into stderr and the report decoded, and its path
    # into the manifest with JSON escapes for its other bytes, which read back as the same path (before: the codec
    # error, after the whole year was computed)
    run2022 = tmp_path / "2022"
    assert annual(SAMPLES, run2022, year="2022").returncode == 0
    prior = os.fsdecode(bytes_name(tmp_path, "已拨付台账.csv".encode("gbk")))
    shutil.copy(run2022 / "ledger.csv", prior)
    proc = annual(SAMPLES, tmp_path / "out", "--prior", prior)
    assert proc.returncode == 0, proc.stderr
    assert "received in 2022: from --prior 已拨付台账.csv" in proc.stderr
    assert "已拨付台账.csv" in (tmp_path / "out" / "report.html").read_text("utf-8")
    item = next(i for i in manifest(tmp_path / "out")["inputs"] if i["kind"] == "prior")
    assert (item["file"], item["path"]) == ("已拨付台账.csv", prior)
