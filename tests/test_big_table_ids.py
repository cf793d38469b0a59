"""An id Excel wrote as a number (`9.13708E+17`) is found on every row of a table, not only in the first
and last rows of a big one (`tableio.checks.ids`): in the middle of a 250,001-record whitelist `--records`
file such a code matched no candidate, and the candidate it should have blocked was whitelisted (exit 0).

Every reading path that gives id columns is covered: CSV in memory (UTF-8, GB18030), a big CSV scanned
lazily and converted in one pass (track-shops' compact form, the temporary file, the non-lazy reading of
a big whitelist records file: the test rides in that pass), Parquet, XLSX. Files built by tests/big_tables.py.
"""

from __future__ import annotations

import big_tables as big
import polars as pl
import pytest

from jncli.errors import DataError
from jncli.options import InputOptions
from jncli.tableio import conform, read_table, text
from jncli.tableio import table as tables

HINT = "Excel keeps 15 digits of a number, and drops leading zeros"
TEXT = "text column (or with a leading ')"


def _error_line(where: str) -> str:
    return f"{where}: 9.13***E+17 is an id stored as a number in Excel: format the column as text"


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_credit_code_excel_wrote_as_a_number_in_the_middle_of_big_records_is_an_error(jncli, tmp_path, encoding):
    # 250,001 records; on row 100,002 the blocked candidate's violation, its code as 9.13708E+17: before,
    # it matched no candidate, was counted among the records of non-candidates and the candidate was
    # whitelisted with exit 0. Now: exit 1, one line naming file, row and column, no output file.
    folder = big.whitelist_files(tmp_path, encoding)
    proc = jncli(
        "whitelist", "candidates.csv", "--records", "records.csv", "--as-of", "2023-06-30", "-o", "out.csv", cwd=folder
    )
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    where = "records.csv row 100002, column 统一社会信用代码 (credit_code)"
    assert err.splitlines() == [
        f"jncli whitelist: {_error_line(where)} (hint: {HINT}: type the ids again into a {TEXT})"
    ]
    assert proc.stdout == b"" and not (folder / "out.csv").exists()


def test_the_records_without_the_excel_number_whitelist_nobody_blocked(jncli, tmp_path):
    # the same files with the code as typed: the candidate is excluded by its violation (the test above
    # is about the code's form, not about a record that would not have blocked anyway)
    folder = big.whitelist_files(tmp_path)
    records = folder / "records.csv"
    records.write_text(records.read_text("utf-8").replace(big.AS_EXCEL_WROTE_IT, big.BLOCKED), "utf-8")
    proc = jncli("whitelist", "candidates.csv", "--records", "records.csv", "--as-of", "2023-06-30", cwd=folder)
    assert proc.returncode == 0, proc.stderr.decode()
    out = pl.read_csv(proc.stdout, infer_schema=False)
    assert dict(out.select("beneficiary", "decision").rows()) == {
        big.BLOCKED: "exclude",
        out["beneficiary"][1]: "include",
    }


def test_a_shop_id_excel_wrote_as_a_number_in_the_middle_of_a_big_scanned_csv(tmp_path, monkeypatch, capsys):
    # track-shops on a big plain CSV: scanned lazily, converted in one pass that keeps the compact form of
    # its rows (no temporary file); the shop_id on row 125,002 is found in that pass, with the message the
    # in-memory reading gives
    from jncli import steps
    from jncli.policy import load_policy
    from jncli.tableio import spill

    path = big.shops_file(tmp_path / "shops.csv")
    errors = []
    for lazy_bytes in (0, 1 << 60):  # scanned, then in memory
        monkeypatch.setattr(text, "LAZY_CSV_BYTES", lazy_bytes)
        passes = _passes(monkeypatch, spill)
        with pytest.raises(DataError) as e:
            steps.track_shops(str(path), load_policy(), year=2023)
        # (scanned: the first pass keeps the compact form; on its error the file is read again, as on any
        # error of that first try, and the second pass names the same row)
        assert (bool(passes) and passes[0]["compact"] is not None) == (lazy_bytes == 0)
        errors.append((str(e.value), e.value.hint))
    assert errors[0] == errors[1]
    assert errors[0][0] == _error_line(f"{path} row 125002, column shop_id (shop_id)")


def _passes(monkeypatch, spill) -> list[dict]:
    """The arguments, by name, of each conversion pass of a scanned CSV (`spill.convert_spilled`)."""
    import inspect

    passes, convert = [], spill.convert_spilled
    bind = inspect.signature(convert).bind

    def spy(*a, **kw):
        passes.append(bind(*a, **kw).arguments)
        return convert(*a, **kw)

    monkeypatch.setattr(spill, "convert_spilled", spy)
    return passes


SHOPS = [f"天猫,任城区,2023-01-05,,,,是,1.25,A{i}" for i in range(40)]


def _shops(tmp_path, shop_id: str, fmt: str, at: int = 20):
    rows = [*SHOPS[:at], f"京东,微山县,2023-02-01,,,,否,2,{shop_id}", *SHOPS[at:]]
    path = tmp_path / "shops.csv"
    path.write_text(big.SHOPS_HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    if fmt.startswith("parquet"):
        pl.read_csv(path, infer_schema=False).write_parquet(tmp_path / "shops.parquet")
        path = tmp_path / "shops.parquet"
    return path


PATHS = ["csv", "csv-scanned-compact", "csv-scanned-spilled", "csv-scanned-not-lazy", "parquet", "parquet-not-lazy"]


def _conformed(path, fmt: str, monkeypatch):
    from jncli.rules import shops as rule

    monkeypatch.setattr(text, "LAZY_CSV_BYTES", 0 if "scanned" in fmt else 1 << 60)
    table = read_table(str(path), InputOptions(), deferred="scanned" in fmt)
    assert table.scanned == ("scanned" in fmt)
    lazy = "not-lazy" not in fmt
    how = {"compact": rule.compact} if fmt.endswith("compact") else {}
    out = conform(table, "shops", InputOptions(), lazy=lazy, **how)
    return out.collect() if lazy else out


@pytest.mark.parametrize("fmt", PATHS)
def test_every_reading_path_finds_the_excel_number_on_any_row(tmp_path, monkeypatch, fmt):
    # a table beyond FULL_SCAN_ROWS (lowered to 10; its edges 3 rows): the id on row 22 is in the middle
    monkeypatch.setattr(tables, "FULL_SCAN_ROWS", 10)
    monkeypatch.setattr(tables, "EDGE_ROWS", 3)
    path = _shops(tmp_path, " 9.13708E+17 ", fmt)
    with pytest.raises(DataError) as e:
        _conformed(path, fmt, monkeypatch)
    row = 22 if fmt.startswith("csv") else 21  # Parquet: the first data row is row 1
    where = f"{path} row {row}, column shop_id (shop_id)"
    assert str(e.value) == f"{where}:  9.1*****+17  is an id stored as a number in Excel: format the column as text"


@pytest.mark.parametrize("fmt", PATHS)
def test_an_id_holding_e_plus_that_is_no_number_is_read_on_every_path(tmp_path, monkeypatch, fmt):
    # the literal test (E+, e+) is only the cheap first look: TBE+17 and 9.1E+17X are ids as written
    monkeypatch.setattr(tables, "FULL_SCAN_ROWS", 10)
    monkeypatch.setattr(tables, "EDGE_ROWS", 3)
    for shop_id in ("TBE+17", "9.1E+17X", "1e+5.5"):
        out = _conformed(_shops(tmp_path, shop_id, fmt), fmt, monkeypatch)
        assert out.height == 41 and out["shop_id"][20] == shop_id


def test_an_xlsx_text_cell_holding_the_excel_form_is_found_in_the_middle(tmp_path, monkeypatch):
    # a CSV from Excel opened and saved again as a workbook keeps 9.13708E+17 as text
    import openpyxl

    monkeypatch.setattr(tables, "FULL_SCAN_ROWS", 10)
    monkeypatch.setattr(tables, "EDGE_ROWS", 3)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(big.SHOPS_HEADER.strip().split(","))
    for i in range(41):
        sheet.append(
            ["天猫", "任城区", "2023-01-05", None, None, None, "是", "1.25", "9.13708E+17" if i == 20 else f"A{i}"]
        )
    book.save(tmp_path / "shops.xlsx")
    with pytest.raises(DataError) as e:
        conform(read_table(str(tmp_path / "shops.xlsx"), InputOptions()), "shops", InputOptions())
    assert str(e.value) == _error_line(f"{tmp_path / 'shops.xlsx'} row 22, column shop_id (shop_id)")


@pytest.mark.parametrize("lazy_bytes", [0, 1 << 60])
def test_a_big_csv_of_ids_alone_is_looked_at_on_every_row(tmp_path, monkeypatch, lazy_bytes):
    # a list of credit codes and nothing to convert (a previous whitelist as a plain list): no conversion
    # pass to ride in, so the id test reads the scanned file itself
    monkeypatch.setattr(tables, "FULL_SCAN_ROWS", 10)
    monkeypatch.setattr(tables, "EDGE_ROWS", 3)
    monkeypatch.setattr(text, "LAZY_CSV_BYTES", lazy_bytes)
    codes = [big.BLOCKED if i != 20 else big.AS_EXCEL_WROTE_IT for i in range(41)]
    path = tmp_path / "previous.csv"
    path.write_text("统一社会信用代码\n" + "\n".join(codes) + "\n", encoding="utf-8")
    table = read_table(str(path), InputOptions())
    assert table.scanned == (lazy_bytes == 0)
    with pytest.raises(DataError) as e:
        conform(table, "candidates", InputOptions(), required=("credit_code",))
    assert str(e.value) == _error_line(f"{path} row 22, column 统一社会信用代码 (credit_code)")


def _track(path, monkeypatch):
    from jncli import steps
    from jncli.policy import load_policy

    try:
        result = steps.track_shops(str(path), load_policy(), year=2023)
        return ("result", result.table.to_dicts(), [str(w) for w in result.warnings])
    except DataError as e:
        return ("error", str(e), e.hint)


@pytest.mark.parametrize("at", [20, 1, 40])
def test_track_shops_on_parquet_tests_the_ids_in_its_key_check_pass(tmp_path, monkeypatch, at):
    # track-shops reads Parquet lazily; the pass of its key check hashes every shop_id (decoding the
    # column), so the id test rides in it (`checks.IdsLater`): the middle row (20) is found there, the first
    # and last rows (1, 40) by conform's look at the edges, as before; the same error as the CSV in memory
    monkeypatch.setattr(tables, "FULL_SCAN_ROWS", 10)
    monkeypatch.setattr(tables, "EDGE_ROWS", 3)
    path = _shops(tmp_path, "9.13708E+17", "parquet", at)
    kind, message, hint = _track(path, monkeypatch)
    assert kind == "error" and hint.startswith(HINT)
    assert message == _error_line(f"{path} row {at + 1}, column shop_id (shop_id)")
    csv = _track(_shops(tmp_path, "9.13708E+17", "csv", at), monkeypatch)
    assert csv[1] == message.replace("shops.parquet", "shops.csv").replace(f"row {at + 1},", f"row {at + 2},")


@pytest.mark.parametrize("shop_id", ["TBE+17", " B7"])
def test_track_shops_on_parquet_with_an_id_holding_e_plus_counts_as_the_csv(tmp_path, monkeypatch, shop_id):
    # a marked row that is no number hashes to 0 in the first pass: the key check takes its slow path and
    # counts as ever (the same table and warnings as the CSV read in memory)
    monkeypatch.setattr(tables, "FULL_SCAN_ROWS", 10)
    monkeypatch.setattr(tables, "EDGE_ROWS", 3)
    looked = []
    from jncli.tableio import checks

    look = checks.IdsLater.look
    monkeypatch.setattr(checks.IdsLater, "look", lambda self: looked.append(1) or look(self))
    parquet = _track(_shops(tmp_path, shop_id, "parquet"), monkeypatch)
    csv = _track(_shops(tmp_path, shop_id, "csv"), monkeypatch)
    assert parquet[0] == "result" and parquet[1] == csv[1] and parquet[2] == csv[2]
    assert looked == ([1] if "E+" in shop_id else [])


@pytest.mark.parametrize("dtype", [pl.Categorical, pl.Enum(["91370800MA00000027", "9.13708E+17"])])
def test_an_id_column_of_categories_is_looked_at_on_every_row(jncli, tmp_path, dtype):
    # another tool's Parquet with its codes as categories: the test was for text columns only, so a violation
    # record Excel had made a number blocked nobody, exit 0 (found by review)
    codes = ["91370800MA00000027"] * 5 + ["9.13708E+17"] + ["91370800MA00000027"] * 5
    frame = pl.DataFrame({"统一社会信用代码": codes, "记录类型": "行政处罚", "记录日期": "2023-01-01"})
    frame.with_columns(pl.col("统一社会信用代码").cast(dtype)).write_parquet(tmp_path / "r.parquet")
    proc = jncli("cat", "--as", "records", "r.parquet", "-o", "out.csv", cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and not (tmp_path / "out.csv").exists(), err
    assert "r.parquet row 6, column 统一社会信用代码 (credit_code): 9.13***E+17 is an id stored as a number" in err
