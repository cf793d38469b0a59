"""Where a statistics-bureau table's header is: title and unit rows above it, a two-row header (a group
cell over 本年 / 上年同期 / 同比增长), read from the first rows only. May import polars,
`jncli.schema`, `jncli.errors` and the tableio modules below it (`table`, `excel`).

A bureau's sheet as it arrives:

    2023年济宁市各县市区网络零售统计表          ← title (merged across): skipped with a note
    单位：万元                                  ← unit row: skipped; the unit of unlabelled money columns
    县市区 │ 网络零售额            │ 农村网络零售额   ← group cells (merged across in XLSX; once, then
           │ 本年 │ 上年同期 │ 同比增长(%) │ …      empty cells, in CSV) over qualifiers
    任城区 │ …

`settle(table, fits)` finds the first reading of the first rows whose header `fits` (the schema's
required columns, or `annual`'s classification) and returns the table with that header: the rows
above it skipped (each named in `Table.reading`), the two header rows combined into one name per
column (`网络零售额本年`, `网络零售额上年同期(万元)`, `网络零售额同比增长(%)`), the unit row kept in
`Table.unit_row` for `conform` to apply to the money columns. A clean file (its header on row 1 and
no qualifier row below it) is left exactly as read. Rows are numbered as in the original file.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

import polars as pl

from jncli import bureau
from jncli import schema as schemas
from jncli.errors import DataError, row_ref
from jncli.tableio.table import Table, _dedupe, _note, engine

# Rows looked at for the header (title, unit and header rows of bureau sheets fit in far fewer).
TOP_ROWS = 20
LAYOUT_FORMATS = ("csv", "tsv", "xlsx")
# A unit row: a cell starting (or, after a space or a bracket, going on) with 单位 / 金额单位 / 计量单位 and
# a colon or a space, then the unit (`单位：万元`, `金额单位:百万元`, `表一（单位：元）`, `单位 万元、%`); not
# `填报单位：…`, `单位名称`.
UNIT_IN_TEXT = r"(?:^|\s|[(\[])(?:金额|计量)?单位(?:\s*[:：]|\s)\s*(?P<unit>\S*)"
_UNITS = "|".join(sorted((re.escape(u) for u in bureau.BUREAU_UNITS), key=len, reverse=True))
# (both as text: `re` compiles them, through its cache, when a row above the header or a two-row header is
# looked at — an ordinary file with its header on the first line never is; ~0.35 ms of start-up, issue 18)
UNIT_ALONE = rf"(?i)^[(（\[]?\s*({_UNITS})\s*[)）\]]?$"
# Units a unit row may name beside its money unit (`单位：万元、%`, `单位：万元，人，年`): those of counts, rates
# and durations (a table mixing 营业收入, 从业人数 and 经营年限); they name no money column's unit.
OTHER_ROW_UNITS = (
    *("%", "％", "百分点"),
    *("个", "家", "人", "户", "项", "件", "笔", "次", "人次", "名", "位", "条", "单"),
    *("年", "岁", "平方米"),
)  # (月, 天, 日, 万人, ‰: NUMBER_CHANGING_UNITS below, a stop)
# Units that would change what a number column's figure means (经营年限 in 月 or 天, 从业人数 in 万人, a growth in ‰)
# when named above the columns (a unit row, a group header): jncli cannot tell which column they are for, so it stops
# (review 24 F1: months read as years) and asks for the unit in that column's own header (`经营年限(月)`: ÷12).
NUMBER_CHANGING_UNITS = ("月", "个月", "天", "日", "万人", "‰")
# A count's or a duration's unit alone in brackets (`（人）`, `（月）`): a unit row under the header names it under a
# number column (`经营年限` over `（月）` reads as `经营年限(月)`: ÷12; `（天）` stops, as in the header itself).
_NUMBER_UNIT_ALONE = "|".join(re.escape(u) for u in sorted({*OTHER_ROW_UNITS, *NUMBER_CHANGING_UNITS}, key=len)[::-1])
NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$|^[+-]?\.\d+%?$")
_QUALIFIERS = {schemas.normalize_header(q): q for q in bureau.QUALIFIERS}
_GROWTH = {schemas.normalize_header(q) for q in bureau.GROWTH_QUALIFIERS}
_CURRENT = {schemas.normalize_header(q) for q in bureau.CURRENT_QUALIFIERS}
_YEAR_ENDINGS = {schemas.normalize_header(e) for e in bureau.YEAR_QUALIFIER_ENDINGS}
_YEAR_QUALIFIER = re.compile(r"^((?:19|20)\d{2})年(.*)$")


class Reading(NamedTuple):
    """One way to read the first rows as the header (an immutable record: a NamedTuple class costs ~0.1 ms at
    start, a frozen dataclass ~0.5 ms)."""

    rows: tuple[int, ...]  # the header rows, as the file numbers them
    headers: list[str | None]  # one name per column (None: no header)


def settle(table: Table, fits: Callable[[list[str]], bool], *, strict: bool = False) -> Table:
    """The table with its header where the first rows say it is (see the module text)."""
    if table.settled or table.format not in LAYOUT_FORMATS or table.header_cells is None:
        return table
    rows = _top_rows(table)
    chosen = next((r for r in readings(rows) if fits([h for h in r.headers if h])), None)
    cells_of = dict(rows)
    for r in [chosen] if chosen is not None else readings(rows):
        if len(r.rows) == 2:  # a group naming a column whose figure no qualifier under it gives: name the cells
            _unread_qualifiers(table, r.rows, cells_of[r.rows[0]], cells_of[r.rows[1]])
    if chosen is None:
        return table  # conform names what is missing; annual refuses the file
    header_years = _header_years(table, chosen.rows[1], cells_of[chosen.rows[1]]) if len(chosen.rows) == 2 else None
    table.header_years = header_years  # the table as given too, as its `titles` (the caller may hold it)
    if chosen.rows == (table.header_row,) and not table.above:
        table.settled = True  # the ordinary file: nothing to do
        return table
    group_units: dict[int, tuple[int, str, str]] = {}
    group_unsure: dict[int, tuple[int, str, str]] = {}
    if len(chosen.rows) == 2:
        cells = dict(rows)
        group_units, group_unsure = _group_units(table, (chosen.rows[0], cells[chosen.rows[0]]), cells[chosen.rows[1]])
    above = [(n, [text]) for n, text in table.above] + [(n, cells) for n, cells in rows if n < chosen.rows[0]]
    unit_row = None
    for n, cells in above:
        filled = [c for c in cells if c]
        if not filled:
            continue
        unit = _unit_of(table, n, filled)
        if unit and unit_row is not None and unit != unit_row[1]:
            raise DataError(
                f"{row_ref(table.source, n)}: a second unit row ({_quote(filled)}) says {unit}, "
                f"but row {unit_row[0]} says {unit_row[1]}",
                hint="keep the unit row that is right: jncli does not guess which one is",
            )
        if unit:
            unit_row = unit_row or (n, unit)
            why = f"a unit row ({_quote(filled)}): money columns without a unit in their header are in {unit}"
        elif n == above[0][0] or len(filled) == 1:
            why = f"a title above the header ({_quote(filled)})"
        else:
            why = f"above the header ({_quote(filled)})"
        if strict:
            raise DataError(
                f"{row_ref(table.source, n)} is not data: {why}",
                hint="--strict refuses rows that are not data; remove the row, or run without --strict",
            )
        _note(table, f"row {n} skipped: {why}")
        table.skipped.add(n)
        table.titles.append((n, " ".join(filled)))  # read for the year it names (`titles`)
    first, last = chosen.rows[0], chosen.rows[-1]
    names = _dedupe([h or "" for h in chosen.headers])
    by_name = {names[j]: unit for j, unit in group_units.items()}
    unsure_by_name = {names[j]: why for j, why in group_unsure.items()}
    if len(chosen.rows) == 1:
        _note(table, f"header: row {first}")
    else:
        shown = [h for h in chosen.headers if h]
        if len(shown) > 6:  # one message per form, so that each is translated whole
            _note(
                table,
                f"header: rows {first}-{last}, a group row over a qualifier row, read as {', '.join(shown[:6])} … "
                f"({len(shown)} columns)",
            )
        else:
            _note(table, f"header: rows {first}-{last}, a group row over a qualifier row, read as {', '.join(shown)}")
    excel_cols = table.excel_cols
    if table.format == "xlsx" and table.reload is not None:
        from jncli.tableio.excel import with_header

        base = with_header(table, last)
    else:
        base = dataclasses.replace(table, frame=table.frame.filter(pl.col("_row") > last))
    headers = list(chosen.headers)
    added: list[str] = []
    if excel_cols is not None and base.excel_cols is not None and base.excel_cols != excel_cols:
        # the sheet read again from its header starts at the first column holding a value from there down: a
        # title in column A over a table from column B is read without column A. Names go to the columns by
        # their column in the sheet, never by position; a named column empty from the header down is an empty
        # column (as in CSV); an unnamed one (the title's) is not read.
        name_of = dict(zip(excel_cols, zip(names, headers)))
        kept = [(c, *name_of[c]) for c in excel_cols if c in base.excel_cols or name_of[c][0]]
        added = [n for c, n, _ in kept if c not in base.excel_cols]
        old_of = dict(zip(base.excel_cols, base.columns))
        renames = {old_of[c]: n for c, n, _ in kept if c in old_of and old_of[c] != n}
        names, headers, excel_cols = [n for _, n, _ in kept], [h for *_, h in kept], [c for c, _, _ in kept]
    else:
        renames = {old: new for old, new in zip(base.columns, names) if old != new}
    frame = base.frame.rename(renames) if renames else base.frame
    if added:
        frame = frame.with_columns(pl.lit(None, pl.String).alias(n) for n in added)
    number_columns = {renames.get(c, c) for c in base.number_columns}
    return dataclasses.replace(
        base,
        frame=frame,
        columns=names,
        excel_cols=excel_cols,
        header_row=first,
        header_cells=headers,
        above=[],
        settled=True,
        unit_row=unit_row,
        group_units={n: unit for n, unit in by_name.items() if n in names},
        group_unsure={n: why for n, why in unsure_by_name.items() if n in names},
        number_columns=number_columns,
        header_years=header_years,
    )


def _header_years(table: Table, row: int, lower: list[str | None]) -> tuple[int, int, str] | None:
    """The year a qualifier row's years make the table's, (row, year, the cell naming it), for `steps.check_titles`
    to hold against the run's year, its year column and its title; None when the row names no year. A year that is
    neither the latest nor the one before it stops here (`bureau.YEAR_QUALIFIER_ENDINGS`)."""
    years = _row_years(lower)
    if not years:
        return None
    latest = max(years)
    for year, columns in years.items():
        if year not in (latest, latest - 1):
            cell = lower[columns[0]]
            raise DataError(
                f"{row_ref(table.source, row)}: the header cell {cell!r} names {year}, but the latest year under the "
                f"groups is {latest}: jncli reads a group's figure of {latest} (本年) and of {latest - 1} (上年) only",
                hint=f"leave out the columns of {year}, or give the table of {latest} and {latest - 1} only",
            )
    shown = "、".join(lower[j] or "" for y in sorted(years, reverse=True) for j in years[y][:1])
    _note(
        table, f"header: row {row} names years as qualifiers ({shown}): {latest} is read as 本年, {latest - 1} as 上年"
    )
    return row, latest, lower[years[latest][0]] or ""


def _qualified_groups() -> set[str]:
    """The Chinese names of the columns a qualifier qualifies (网络零售额), as keys, in every schema."""
    return {
        schemas.normalize_header(a)
        for schema in schemas.SCHEMAS.values()
        for c in schema.columns
        if c.qualified and c.qualified[0] == "current"
        for a in c.qualified[1]
    }


def _unread_qualifiers(table: Table, rows: tuple[int, ...], upper: list[str | None], lower: list[str | None]) -> None:
    """Stop when a group cell naming a column (网络零售额) stands over cells none of which is this year's figure
    and some of which are no qualifier jncli knows (`本年实绩`, `2023年1-11月`): the column would be missing and a
    later message blame the table (hostile review 3, F4), so the unknown cells are named here."""
    groups: list[tuple[str, list[str | None]]] = []
    group = None
    for j in range(max(len(upper), len(lower))):
        u = upper[j] if j < len(upper) else None
        low = lower[j] if j < len(lower) else None
        if u:
            groups.append((u, []))
            group = u
        elif not low:
            group = None
        if group is not None and (u or low):
            groups[-1][1].append(low)
    if not groups:
        return
    known = _qualified_groups()
    years = _row_years(lower)
    latest = max(years, default=None)
    for g, below in groups:
        if schemas.normalize_header(_split(g)[0]) not in known or not any(below):
            continue
        unknown = [c for c in below if c and _qualifier(c) is None and not NUMBER.match(c)]
        current = any(
            c is None
            or (_qualifier(c) == "amount" and schemas.normalize_header(_split(c)[0]) in _CURRENT)
            or (_qualifier(c) == "year" and _year_of(schemas.normalize_header(_split(c)[0])) == latest)
            for c in below[:1] + [c for c in below[1:] if c]
        )
        if unknown and not current:
            known_words = "、".join((*bureau.CURRENT_QUALIFIERS[:4], *bureau.PREVIOUS_QUALIFIERS[:4]))
            cells = "、".join(unknown)
            raise DataError(
                f"{row_ref(table.source, rows[1])}: the cells under the group header {g!r} (row {rows[0]}) give no "
                f"figure of the year jncli can read (unknown qualifier: {cells})",
                hint=f"write the qualifier as one jncli reads ({known_words}; 同比增长; a year: 2023年, 2023年1-12月)",
            )


def likeliest(table: Table, score: Callable[[list[str]], int]) -> Reading | None:
    """The reading of the first rows whose header scores best (the most schema columns named), when it
    is not the header as read: what a message about a missing column should point at."""
    if table.settled or table.format not in LAYOUT_FORMATS or table.header_cells is None:
        return None
    best = max(readings(_top_rows(table)), key=lambda r: score([h for h in r.headers if h]), default=None)
    if best is None or best.rows == (table.header_row,) or score([h for h in best.headers if h]) == 0:
        return None
    return best


# A cell that states the unit (`单位：万元`, `金额单位: 元`): never a header cell, though `单位` alone may be one.
_UNIT_STATEMENT = re.compile(r"\s*[(（\[]?\s*(?:金额|计量)?单位\s*[:：]")


def readings(rows: list[tuple[int, list[str | None]]]):
    """Every header the first rows could hold, top down: a row, with the row below it when that row
    is a qualifier row (本年 / 上年同期 / 同比增长, or units)."""
    width = max((len(c) for _, c in rows), default=0)
    for i, (n, upper) in enumerate(rows):
        if sum(1 for c in upper if c and not _UNIT_STATEMENT.match(c)) < min(2, width):
            continue  # a title or a unit line (a title with `单位：万元` at its right), not a header
        lower = rows[i + 1][1] if i + 1 < len(rows) else None
        if lower is not None and _is_qualifier_row(upper, lower):
            yield Reading((n, rows[i + 1][0]), _combined(upper, lower))
        else:
            yield Reading((n,), list(upper))


def _top_rows(table: Table) -> list[tuple[int, list[str | None]]]:
    """The header line and the first rows below it, as text (None where empty)."""
    columns = table.columns
    head = (
        table.frame.head(TOP_ROWS)
        .select(pl.col("_row"), *[pl.col(c).cast(pl.String) for c in columns])
        .collect(engine=engine(table))
        .rows()
    )
    rows = [(table.header_row, list(table.header_cells))]
    for row in head:
        rows.append((row[0], [v.strip() if v is not None and v.strip() else None for v in row[1:]]))
    return rows


def _is_qualifier_row(upper: list[str | None], lower: list[str | None]) -> bool:
    """Is `lower` the second row of a two-row header under `upper`? Text only, and every cell either a
    qualifier / unit, or under an empty cell of `upper` (a merged group's continuation), or under the
    start of such a group."""
    cells = [(j, c) for j, c in enumerate(lower) if c]
    if not cells or any(NUMBER.match(c) for _, c in cells):
        return False
    for j, c in cells:
        u = upper[j] if j < len(upper) else None
        starts_group = u and j + 1 < len(upper) and not upper[j + 1] and j + 1 < len(lower) and lower[j + 1]
        if not (_qualifier(c) or not u or starts_group):
            return False
    return True


def _split(cell: str) -> tuple[str, str | None]:
    """A header cell's text and its unit: `同比增长(%)`, `同比增长%`, `本年（万元）`, `(万元)`, `万元`."""
    t = cell.strip()
    # a money unit with its currency in brackets after it, `（元）（人民币）` / `(万元)(RMB)`, is one unit as in a
    # header (`(元人民币)`; review 26 F5: a unit row under the header so written was read as data)
    joined = bureau.currency_joined(unicodedata.normalize("NFKC", t))
    alone = (
        re.match(UNIT_ALONE, t)
        or re.match(UNIT_ALONE, joined)
        or re.match(rf"^[(（\[]\s*({_NUMBER_UNIT_ALONE})\s*[)）\]]$", t)
    )
    if alone or t.strip("()（）%") == "":
        return "", (alone.group(1) if alone else "%")
    if t.endswith("%") and not t.endswith("(%)") and not t.endswith("（%）"):
        return t[:-1].strip(), "%"
    base, unit = schemas.split_unit(t)
    return base, unit


def _qualifier(cell: str) -> str | None:
    """'current' / 'previous' / 'growth' / 'unit' when the cell qualifies a group above it, else None."""
    base, unit = _split(cell)
    if not base:
        return "unit" if unit else None
    key = schemas.normalize_header(base)
    if key not in _QUALIFIERS:
        return "year" if _year_of(key) is not None else None
    return "growth" if key in _GROWTH else "amount"


def _year_of(key: str) -> int | None:
    """The year a qualifier names (`2023年`, `2023年1-12月`, normalised), else None (bureau.YEAR_QUALIFIER_ENDINGS)."""
    m = _YEAR_QUALIFIER.match(key)
    return int(m.group(1)) if m and m.group(2) in _YEAR_ENDINGS else None


def _row_years(lower: list[str | None]) -> dict[int, list[int]]:
    """The years a qualifier row names (year → its columns)."""
    years: dict[int, list[int]] = {}
    for j, c in enumerate(lower):
        if c and _qualifier(c) == "year":
            years.setdefault(_year_of(schemas.normalize_header(_split(c)[0])), []).append(j)  # type: ignore[arg-type]
    return years


def _combined(upper: list[str | None], lower: list[str | None]) -> list[str | None]:
    """One name per column from a group row and the qualifier row below it."""
    out: list[str | None] = []
    group = None
    years = _row_years(lower)
    latest = max(years, default=None)
    for j in range(max(len(upper), len(lower))):
        u = upper[j] if j < len(upper) else None
        low = lower[j] if j < len(lower) else None
        if u:
            group = u
        elif not low:
            group = None
        if not low:
            out.append(u)
            continue
        kind = _qualifier(low)
        g = u or group
        if kind is None or not g:
            out.append(low)
            continue
        gb, gu = _split(g)
        lb, lu = _split(low)
        if kind == "year":  # the table's year is 本年, the year before 上年; another year keeps its name (settle stops)
            year = _year_of(schemas.normalize_header(lb))
            lb = {latest: "本年", (latest or 0) - 1: "上年"}.get(year, lb)
            kind = "amount"
        unit = lu if kind in ("unit", "growth") else (lu or gu)
        if kind == "growth" and not unit:
            unit = "%"
        out.append(f"{gb}{lb}" + (f"({unit})" if unit else ""))
    return out


def _unit_of(table: Table, row: int, cells: list[str]) -> str | None:
    """The money unit a row above the header names (the name `jncli.schema.MONEY_UNITS` knows it by), or
    None when the row names none. A unit row (`单位：…`) naming a unit jncli does not know, or no money
    unit, is a data error: read as 万元 by default, 百万元 or 美元 figures would pay wrong money."""
    for c in cells:
        t = unicodedata.normalize("NFKC", c).strip()
        alone = re.match(UNIT_ALONE, t)
        if alone:
            return _unit_name(alone.group(1))
        m = re.search(UNIT_IN_TEXT, t)
        if m is None:
            continue
        words = [w for w in re.split(r"[,，、;；/|]+", m.group("unit").strip("()[]。.")) if w]
        words = [w + ")" * (w.count("(") - w.count(")")) for w in words]  # `万元(人民币)`, its `)` stripped above
        changing = [w for w in words if w in NUMBER_CHANGING_UNITS]
        if changing:
            raise DataError(
                f"{row_ref(table.source, row)}: unit {changing[0]!r} in the unit row {c.strip()!r} would change what "
                f"a number column's figures mean (经营年限 is read in 年, 从业人数 in 人), and jncli cannot tell "
                f"which column it is for",
                hint="write the unit in the header of the column it belongs to (e.g. 经营年限(月)), not above it",
            )
        money = [w for w in words if schemas.normalize_header(w) in bureau.BUREAU_UNITS]
        others = [w for w in words if w not in money and w not in OTHER_ROW_UNITS]
        if others or len({_unit_name(w) for w in money}) != 1:
            known = "、".join(bureau.UNITS_SHOWN)
            what = f"a unit jncli does not know ({'、'.join(others)})" if others else "no single money unit"
            raise DataError(
                f"{row_ref(table.source, row)}: the unit row {c.strip()!r} names {what}",
                hint=f"money units jncli reads: {known}; correct the unit row, or convert the figures",
            )
        return _unit_name(money[0])
    return None


def _group_units(
    table: Table, upper: tuple[int, list[str | None]], lower: list[str | None]
) -> tuple[dict[int, tuple[int, str, str]], dict[int, tuple[int, str, str]]]:
    """The money unit of a group header (`经营情况(元)`) over columns that are not qualifiers and name no unit of their
    own (`实物商品网络零售额`), which the combined header drops: column → (row, group cell, unit), for `conform` to
    apply to the money columns among them. Stop when a column's own money unit is another (`实物商品网络零售额(万元)`
    under `经营情况(元)`), or when the group names a unit that changes a number column's meaning (`经营情况(月)` over
    `经营年限`, review 24 F1).

    A group cell is over the column below it and, in XLSX, the columns it is merged across; a blank cell after it
    that is not merged with it (a CSV has no merges) may or may not be under it (review 26 F2: `经营情况（元）` merged
    over two columns, `新增财力` in 万元 beside them). Such a column, and any column under a group that names a money
    unit jncli does not read (`经营情况（千元、%）`), is returned apart — column → (row, group cell, `carried` or
    `unreadable`) — and `conform` stops when it is a money column naming no unit of its own: read as 万元 or as the
    group's unit, either could pay wrong money."""
    found: dict[int, tuple[int, str, str]] = {}
    unsure: dict[int, tuple[int, str, str]] = {}
    group, start = None, 0
    spans = _merged_spans(table, upper[0])
    for j, u in enumerate(upper[1]):
        low = lower[j] if j < len(lower) else None
        start = j if u else start
        group = u or (group if low else None)  # as `_combined` carries a merged group across
        covered = bool(u) or any(a <= start and j <= b for a, b in spans)
        unit = _split(group)[1] if group else None
        money = unit and bureau.unit_key(schemas.normalize_header(unit)) in bureau.BUREAU_UNITS
        below = _split(low)[1] if low and unit and _qualifier(low) == "unit" else None
        if below and _same_unit(below) != _same_unit(unit):  # `营业收入(万元)` over `（元）`: which one is right?
            raise DataError(
                f"{row_ref(table.source, upper[0])}: the header {group!r} says {unit}, but the unit {low!r} under it "
                f"says {below}",
                hint="correct the header or the unit under it: jncli does not guess which one is right",
            )
        if low and money and _qualifier(low) is None:
            name, own = _unit_name(bureau.unit_key(schemas.normalize_header(unit))), _split(low)[1]
            own_key = bureau.unit_key(schemas.normalize_header(own or ""))
            if own_key in bureau.BUREAU_UNITS and _unit_name(own_key) != name and covered:
                raise DataError(
                    f"{row_ref(table.source, upper[0])}: the group header {group!r} says {name}, but the header "
                    f"{low!r} under it says {_unit_name(own_key)}",
                    hint="correct the group header or the column's header: jncli does not guess which one is right",
                )
            if not own and covered:
                found[j] = (upper[0], group, name)
            elif not own:
                unsure[j] = (upper[0], group, "carried")
        elif (
            low
            and group
            and not money
            and _qualifier(low) is None
            and not _split(low)[1]
            and re.search(r"[(\[][^)\]]*元", unicodedata.normalize("NFKC", group))  # 元 in a unit it cannot read
        ):
            unsure[j] = (upper[0], group, "unreadable")
        if low and unit and _qualifier(low) is None and unicodedata.normalize("NFKC", unit) in NUMBER_CHANGING_UNITS:
            raise DataError(
                f"{row_ref(table.source, upper[0])}: unit {unit!r} in the group header {group!r} would change what "
                f"the figures of {low!r} under it mean (经营年限 is read in 年, 从业人数 in 人); jncli does not carry "
                f"a group's unit down to a number column",
                hint="write the unit in the header of the column it belongs to (e.g. 经营年限(月)), not above it",
            )
    return found, unsure


def group_unit_text(cell: str) -> str | None:
    """The unit a group cell names, as written (for a message)."""
    return _split(cell)[1]


def _merged_spans(table: Table, row: int) -> list[tuple[int, int]]:
    """The table's columns (first, last) that XLSX cells merged across `row` span; none for a CSV."""
    facts = table.sheet_facts() if table.sheet_facts is not None and table.excel_cols is not None else None
    if facts is None:
        return []
    index = {c: j for j, c in enumerate(table.excel_cols)}
    spans = []
    for c1, r1, c2, r2 in facts.merged:
        js = [index[c] for c in range(c1, c2 + 1) if c in index]
        if r1 <= row <= r2 and js:
            spans.append((min(js), max(js)))
    return spans


def _same_unit(unit: str) -> str:
    """A unit as compared: a money unit by its name (`万元`, `人民币万元`, `单位：万元` alike), any other as written."""
    key = bureau.unit_key(schemas.normalize_header(unit))
    return _unit_name(key) if key in bureau.BUREAU_UNITS else unicodedata.normalize("NFKC", unit).strip()


def _unit_name(word: str) -> str:
    key = schemas.normalize_header(word)
    return bureau.UNIT_NAMES.get(key, key)


def _quote(cells: list[str], limit: int = 40) -> str:
    text = " | ".join(cells)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
