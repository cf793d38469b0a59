"""Statistics-bureau files as they arrive, built from the clean samples: the same numbers, laid out as
bureaus publish them. Run it to look at them: `python tests/bureau_files.py OUT_DIR`.

Every shape holds exactly the figures of `samples/` (so jncli must pay exactly the same awards from
it as from the samples), dressed as a bureau's sheet:

- a title merged across the sheet (`2023年济宁市各县市区网络零售统计表`) and a unit row (`单位：万元`,
  or `金额单位：元` with every figure in 元);
- a two-row header: `县（市、区）` merged over both rows, a group cell merged across its columns
  (`网络零售额`) over `本年` / `上年同期` / `同比增长（%）`;
- a total row (`全市` on top, or `合计` at the bottom) — in XLSX a `=SUM(…)` formula with the value
  Excel cached; a not-applicable mark (`—`) in a growth cell;
- notes after the data (`注：…`, `数据来源：…`, a form's signature line);
- in XLSX, figures typed as numbers in some columns and as text in others, and a hidden first sheet
  (a draft with other numbers) that must never be read by default.

Encodings: XLSX (xlsxwriter: real merged cells, formulas with cached values — openpyxl cannot store
a formula's value), GB18030 CSV as Excel on Chinese Windows saves it (every row padded to the width
of the sheet), and Excel's "Unicode text" (UTF-16 with BOM, tab-separated, CRLF).
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"

# (group header in the bureau's sheet, the sample's header of the same figure)
COUNTY_METRICS = (
    ("网络零售额", "网络零售额(万元)"),
    ("农村网络零售额", "农村网络零售额(万元)"),
    ("纳统电商零售企业实物商品网络零售额", "纳统电商零售企业实物商品网络零售额(万元)"),
    ("限额以上消费品零售额", "限额以上消费品零售额(万元)"),
)
QUALIFIERS = ("本年", "上年同期", "同比增长（%）")
NOTES = (
    "注：1.本表数据由市统计局提供；2.功能区数据单列，不重复计入所在县市区。",
    "数据来源：济宁市统计局",
)


@dataclass
class Formula:
    """A formula cell and the value Excel cached for it (what any reader sees)."""

    text: str
    value: Decimal


@dataclass
class Text:
    """A figure typed as text (a leading apostrophe in Excel): a text cell in XLSX."""

    value: str


@dataclass
class Blank:
    """An empty cell with a style (a fill, a border): Excel keeps it, holding no value."""


@dataclass
class Sheet:
    name: str
    rows: list[list] = field(default_factory=list)  # None, str, Decimal (a number cell), Text, Formula
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based, inclusive
    hidden: bool = False

    @property
    def width(self) -> int:
        return max(len(r) for r in self.rows)


def _col(i: int) -> str:
    """0-based column → Excel's letters (27 → AB)."""
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(i)


def _read(name: str) -> list[dict[str, str]]:
    with open(SAMPLES / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _num(text: str, scale: int = 1) -> Decimal | None:
    return None if text in ("", None) else Decimal(text) * scale


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


# ------------------------------------------------------------------------------------------ counties
def counties_sheet(
    year: int = 2023,
    *,
    total: str = "top",
    unit: str = "万元",
    text_columns: tuple[int, ...] = (),
    total_off: Decimal = Decimal(0),
    name: str | None = None,
    scale_override: dict[str, Decimal] | None = None,
) -> Sheet:
    """The sample's counties of `year` as the bureau's wide sheet (本年 / 上年同期 / 同比增长).

    `total`: "top" (a 全市 row first), "bottom" (合计 last) or "none"; `unit` 万元 or 元 (figures × 10000);
    `text_columns`: sheet columns whose figures are typed as text; `total_off`: added to the total of
    the first figure (a total that does not add up); `scale_override`: {county: factor} for a draft.
    """
    rows = _read("counties.csv")
    scale = 10000 if unit == "元" else 1
    cur = [r for r in rows if r["年份"] == str(year)]
    prev = {r["县市区"]: r for r in rows if r["年份"] == str(year - 1)}
    width = 1 + 3 * len(COUNTY_METRICS)
    sheet = Sheet(name or f"{year}年")
    title = f"{year}年济宁市各县市区网络零售统计表"
    sheet.rows.append([title] + [None] * (width - 1))
    sheet.merges.append((0, 0, 0, width - 1))
    sheet.rows.append([f"{'金额' if unit == '元' else ''}单位：{unit}"] + [None] * (width - 1))
    sheet.merges.append((1, 0, 1, width - 1))
    upper: list = ["县（市、区）"]
    lower: list = [None]
    for i, (group, _) in enumerate(COUNTY_METRICS):
        upper += [group, None, None]
        lower += list(QUALIFIERS)
        sheet.merges.append((2, 1 + 3 * i, 2, 3 + 3 * i))
    sheet.merges.append((2, 0, 3, 0))
    sheet.rows += [upper, lower]
    data: list[list] = []
    for r in cur:
        factor = (scale_override or {}).get(r["县市区"], Decimal(1))
        line: list = [r["县市区"]]
        for _, header in COUNTY_METRICS:
            now = _num(r[header], scale) * factor
            before = _num(prev[r["县市区"]][header], scale)
            growth = round((now / before - 1) * 100, 1) if before else None
            line += [now, before, growth]
        data.append(line)
    data[3][3] = "—"  # a growth the bureau did not state: a not-applicable mark
    first = len(sheet.rows) + (1 if total == "top" else 0)
    last = first + len(data) - 1
    sums: list = ["全市" if total == "top" else "合计"]
    for j in range(1, width):
        if j % 3 == 0:  # the growth of the whole city
            now, before = sums[j - 2].value, sums[j - 1].value
            sums.append(round((now / before - 1) * 100, 1))
            continue
        value = sum((row[j] for row in data), Decimal(0)) + (total_off if j == 1 else 0)
        sums.append(Formula(f"=SUM({_col(j)}{first + 1}:{_col(j)}{last + 1})", value))
    if total == "top":
        sheet.rows.append(sums)
    for line in data:
        sheet.rows.append(
            [Text(_plain(v)) if j in text_columns and isinstance(v, Decimal) else v for j, v in enumerate(line)]
        )
    if total == "bottom":
        sheet.rows.append(sums)
    for note in NOTES:
        sheet.merges.append((len(sheet.rows), 0, len(sheet.rows), width - 1))
        sheet.rows.append([note] + [None] * (width - 1))
    return sheet


# ------------------------------------------------------------------------------------------ enterprises
BRANCH = "是否省外电商企业分支机构转设"
ENTERPRISE_HEADER = (
    "序号",
    "企业名称（盖章）",
    "统一社会信用代码（18位）",
    "县（市、区）",
    "年份",
    "是否纳统",
    "是否为商贸流通企业",
)


def enterprises_sheet(
    *,
    total_off: Decimal = Decimal(0),
    name: str = "汇总表",
    override: dict | None = None,
    unit_row: str = "金额单位：万元",
    per_wan: Decimal = Decimal(1),
) -> Sheet:
    """The sample's enterprises as a county bureau's 申报汇总表: 序号, 企业名称（盖章）…, 已纳统/未纳统,
    a group `实物商品网络零售额` over 本年 / 上年同期 / 同比增长（%）, `—` and `/` for no title or no
    fiscal figure, a 合计 row in the 序号 column, a remark and a signature line after the data.
    `override`: {credit code: 本年 figure} (a draft's other numbers); `unit_row`: the text of the unit row,
    `per_wan`: how many of its unit make 1 万元 (元 10000, 百万元 0.01): every figure is scaled by it."""
    rows = _read("enterprises.csv")
    width = len(ENTERPRISE_HEADER) + 6
    sheet = Sheet(name)
    sheet.rows.append(["2022—2023年度电商龙头企业申报汇总表"] + [None] * (width - 1))
    sheet.merges.append((0, 0, 0, width - 1))
    sheet.rows.append([None] * (width - 1) + [unit_row])
    upper = list(ENTERPRISE_HEADER) + ["实物商品网络零售额", None, None, "国家级称号", "新增财力", BRANCH]
    lower = [None] * len(ENTERPRISE_HEADER) + list(QUALIFIERS) + [None, None, None]
    sheet.rows += [upper, lower]
    for j in range(len(ENTERPRISE_HEADER)):
        sheet.merges.append((2, j, 3, j))
    sheet.merges.append((2, 7, 2, 9))
    sheet.merges.append((2, 10, 3, 10))
    sheet.merges.append((2, 11, 3, 11))
    sheet.merges.append((2, 12, 3, 12))
    first = len(sheet.rows)
    for i, r in enumerate(rows, start=1):
        now = _num(r["实物商品网络零售额(万元)"])
        if override and r["统一社会信用代码"] in override:
            now = override[r["统一社会信用代码"]]
        before = _num(r["上年实物商品网络零售额(万元)"])
        now, before = (None if v is None else v * per_wan for v in (now, before))
        growth = round((now / before - 1) * 100, 1) if now is not None and before else "—"
        sheet.rows.append(
            [
                Decimal(i),
                r["企业名称"],
                r["统一社会信用代码"],
                r["县市区"],
                Decimal(r["年份"]),
                {"是": "已纳统", "否": "未纳统"}.get(r["是否纳统"], r["是否纳统"]),
                r["是否商贸流通企业"],
                now if now is not None else "—",
                before if before is not None else "/",
                growth,
                r["国家级称号"] or "—",
                _num(r["新增财力(万元)"]) * per_wan if r["新增财力(万元)"] else "/",
                r[BRANCH],
            ]
        )
    last = len(sheet.rows) - 1
    total: list = ["合计"] + [None] * (width - 1)
    for j in (7, 8, 11):
        value = sum((row[j] for row in sheet.rows[first:] if isinstance(row[j], Decimal)), Decimal(0))
        total[j] = Formula(f"=SUM({_col(j)}{first + 1}:{_col(j)}{last + 1})", value + (total_off if j == 7 else 0))
    sheet.rows.append(total)
    sheet.merges.append((len(sheet.rows), 0, len(sheet.rows), width - 1))
    sheet.rows.append(["备注：本表所列企业均已完成统计部门“企业一套表”联网直报。"] + [None] * (width - 1))
    sheet.rows.append(["填表人：张三    联系电话：0537-2345678    填报日期：2024年1月10日"] + [None] * (width - 1))
    return sheet


def shifted(sheet: Sheet, rows: int = 0, cols: int = 0, *, styled: bool = False) -> Sheet:
    """The sheet moved down `rows` and right `cols`: empty rows above it and empty columns at its left, as a
    bureau's workbook often starts (the title in row 2 or 3, the table from column B). `styled`: the empty
    rows above hold styled empty cells (a fill), as a template formatted beyond its text leaves them.
    Merged ranges and the formulas' references move with the cells."""

    def moved(formula: Formula) -> Formula:
        def ref(m: re.Match) -> str:
            from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell

            r, c = xl_cell_to_rowcol(m.group(0))
            return xl_rowcol_to_cell(r + rows, c + cols)

        return Formula(re.sub(r"\b[A-Z]{1,3}\d+\b", ref, formula.text), formula.value)

    out = Sheet(sheet.name, hidden=sheet.hidden)
    width = sheet.width + cols
    out.rows = [[Blank() if styled else None for _ in range(width)] for _ in range(rows)]
    for row in sheet.rows:
        out.rows.append([None] * cols + [moved(c) if isinstance(c, Formula) else c for c in row])
    out.merges = [(r1 + rows, c1 + cols, r2 + rows, c2 + cols) for r1, c1, r2, c2 in sheet.merges]
    return out


# ------------------------------------------------------------------------------------------ writers
def write_xlsx(path: Path, sheets: list[Sheet]) -> Path:
    """A workbook as Excel writes one: merged ranges, formulas with their cached values, text cells."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    styled = wb.add_format({"bg_color": "#FFFF00", "border": 1})  # of a Blank cell
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.name)
        merged = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in sheet.merges}
        covered = {
            (r, c) for r1, c1, r2, c2 in sheet.merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)
        } - set(merged)
        for i, row in enumerate(sheet.rows):
            for j, cell in enumerate(row):
                if (i, j) in covered:
                    continue
                if (i, j) in merged:
                    r2, c2 = merged[(i, j)]
                    if (r2, c2) != (i, j):
                        ws.merge_range(i, j, r2, c2, "" if cell is None else str(cell))
                        continue
                _write_cell(ws, i, j, cell, styled)
        if sheet.hidden:
            ws.hide()
        elif not any(not s.hidden for s in sheets[: sheets.index(sheet)]):
            ws.activate()  # Excel shows the first visible sheet; a hidden sheet cannot be the active one
            ws.set_first_sheet()
    wb.close()
    return path


def _write_cell(ws, i: int, j: int, cell, styled) -> None:
    if cell is None:
        return
    if isinstance(cell, Blank):
        ws.write_blank(i, j, None, styled)
        return
    if isinstance(cell, Formula):
        ws.write_formula(i, j, cell.text, None, float(cell.value))
    elif isinstance(cell, Text):
        ws.write_string(i, j, cell.value)
    elif isinstance(cell, Decimal):
        ws.write_number(i, j, float(cell))
    else:
        ws.write_string(i, j, str(cell))


def _text_rows(sheet: Sheet) -> list[list[str]]:
    """The sheet as Excel saves it as text: every row as wide as the sheet, a merged range's value in
    its first cell, a formula's cached value, numbers as shown."""
    out = []
    for row in sheet.rows:
        cells = []
        for j in range(sheet.width):
            cell = row[j] if j < len(row) else None
            if isinstance(cell, Formula):
                cell = cell.value
            if isinstance(cell, Text):
                cell = cell.value
            if isinstance(cell, Blank):
                cell = None
            cells.append("" if cell is None else _plain(cell) if isinstance(cell, Decimal) else str(cell))
        out.append(cells)
    return out


def write_csv(path: Path, sheet: Sheet, encoding: str = "gb18030") -> Path:
    """CSV as Excel on Chinese Windows saves it: GB18030 (GBK), CRLF, rows padded with commas."""
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(_text_rows(sheet))
    return path


def write_unicode_text(path: Path, sheet: Sheet) -> Path:
    """Excel's "Unicode text" (文本文件(制表符分隔)/Unicode 文本): UTF-16 LE with BOM, tabs, CRLF."""
    text = "".join("\t".join(row) + "\r\n" for row in _text_rows(sheet))
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    return path


def write_all(out: Path) -> list[Path]:
    """Every shape the tests use, into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    draft = counties_sheet(name="草稿", scale_override={"嘉祥县": Decimal("0.5")})
    draft.hidden = True
    return [
        write_xlsx(out / "2023年各县市区网络零售统计.xlsx", [draft, counties_sheet(text_columns=(2, 5))]),
        write_csv(out / "counties-gb18030.csv", counties_sheet(total="bottom")),
        write_unicode_text(out / "counties-unicode.txt", counties_sheet()),
        write_csv(out / "counties-yuan.csv", counties_sheet(unit="元", total="bottom"), encoding="utf-8"),
        write_xlsx(out / "企业申报汇总表.xlsx", [enterprises_sheet()]),
        write_csv(out / "enterprises-gb18030.csv", enterprises_sheet()),
    ]


if __name__ == "__main__":
    for p in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "bureau-files")):
        print(p)


def assert_same_outputs(out: Path, clean: Path, names: tuple[str, ...], enterprises: str) -> None:
    """`annual`'s outputs over a bureau's files are the samples' outputs, byte for byte — but for the name of
    the enterprises table, which measure 3's basis cites where a one-off payment is computed from its earlier
    rows (`按 FILE 中2022年度的行测算`): the bureau's file name there, `enterprises.csv` in the samples' run."""
    cited = (f"按 {enterprises} 中".encode(), "按 enterprises.csv 中".encode())
    for name in names:
        got = (out / name).read_bytes()
        assert cited[0] in got or b"m3.fiscal" not in got or enterprises == "enterprises.csv", name
        assert got.replace(*cited) == (clean / name).read_bytes(), name
