"""Big tables as bureaus and platforms hand them over, with one id that Excel wrote as a number (`9.13708E+17`,
a CSV saved from a General-format column) in the middle: beyond `tableio.table.FULL_SCAN_ROWS`, where
only the first and last rows are looked at for totals and notes (the id test reads every row).

    python tests/big_tables.py DIR   # writes DIR/utf-8/{candidates,records}.csv, DIR/gb18030/…, DIR/shops.csv

Used by tests/test_big_table_ids.py. Every value is synthetic.
"""

from __future__ import annotations

import sys
from pathlib import Path

from jncli import credit_code

# The candidate blocked by a record: its real code has only digits (valid under GB 32100-2015), so
# Excel took it for a number and kept 6 significant digits in a General-format column.
BLOCKED = "913708001234499969"
AS_EXCEL_WROTE_IT = "9.13708E+17"
CANDIDATES_HEADER = "统一社会信用代码,企业名称,类别,县市区,营业收入(万元),从业人数(人),经营年限(年)\n"
RECORDS_HEADER = "统一社会信用代码,记录类型,记录日期,信用修复日期\n"
SHOPS_HEADER = "platform,county,opened_on,migrated_in_on,origin_city,closed_on,in_statistics,online_retail,shop_id\n"


def whitelist_files(folder: Path, encoding: str = "utf-8", records: int = 250_001, at: int = 100_002) -> Path:
    """candidates.csv (the blocked candidate and one other, both meeting the park minimums) and
    records.csv (`records` records of other enterprises; on spreadsheet row `at` — the header is row 1 —
    a violation of the blocked candidate, its code as Excel wrote it)."""
    folder.mkdir(parents=True, exist_ok=True)
    other = credit_code.make("91370800MA3C00001")
    candidates = CANDIDATES_HEADER + "".join(
        f"{c},园区{i}运营管理有限公司,电商产业园区,任城区,1000,20,2.0\n" for i, c in enumerate((BLOCKED, other))
    )
    lines = [RECORDS_HEADER]
    for row in range(2, records + 2):
        code = AS_EXCEL_WROTE_IT if row == at else credit_code.make(f"91370811MA{row:07d}")
        lines.append(f"{code},{'行政处罚' if row == at else '经营异常'},2022-0{row % 9 + 1}-15,\n")
    (folder / "candidates.csv").write_bytes(candidates.encode(encoding))
    (folder / "records.csv").write_bytes("".join(lines).encode(encoding))
    return folder


def shops_file(path: Path, shops: int = 250_001, at: int = 125_002) -> Path:
    """A plain shop registry (no quotes: a big one is scanned lazily) of `shops` shops; on row `at` a shop
    whose id Excel wrote as a number."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [SHOPS_HEADER]
    for row in range(2, shops + 2):
        shop_id = AS_EXCEL_WROTE_IT if row == at else f"S{row:09d}"
        lines.append(f"天猫,任城区,2023-0{row % 9 + 1}-05,,,,是,1.25,{shop_id}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


if __name__ == "__main__":
    out = Path(sys.argv[1])
    for enc in ("utf-8", "gb18030"):
        whitelist_files(out / enc, enc)
    shops_file(out / "shops.csv")
