"""Rows of a bureau table that are not data: totals (合计, 全市 …) and notes (注：, 数据来源：…), and the
growth rates a table states. May import polars, `jncli.values`, `jncli.schema`, `jncli.errors`, `table` and
`notelines` (the note pattern, shared with the text reader).

Only text in the key columns (the schema's `key`, and the file's first column) of CSV, TSV and XLSX
tables is looked at, in one filtered pass; in a table of more than `FULL_SCAN_ROWS` rows (a shop
registry of millions) only its first and last `EDGE_ROWS`, where titles, totals and notes sit.

- A total row (`合计`, `总计`, `小计`; in a county table also `全市`, `济宁市`) is checked against the sum
  of the unit rows — a grand total against every unit row of its year, a 小计 against the unit rows
  since the previous total — and a difference beyond the rounding of the published decimals is a
  warning with the amounts. Then the row is left out, with a note. Only amounts are summed: a table
  without any (hires, insurance months) or whose money is a rate (每人奖励标准) has its totals left out
  unchecked, with a note saying so.
- A row that fills every id column of the key (a hire's person id and credit code) is data whatever its
  other cells say (`注：…` in a remarks column, an employer named …合计): never a total or a note.
- A note row (`注：`, `说明：`, `数据来源：`, `备注`, the signature lines of a form) after the data is
  skipped with a note, as is every row after it that holds no number and is one cell or another note
  line; a row with numbers, or of several cells, after a note is a data error naming both: the note
  sits inside the data.
- A stated growth (`同比增长(%)`) is compared with the one its own 本年 / 上年同期 figures give: more
  than `GROWTH_TOLERANCE_PP` apart is a warning naming the rows (the file contradicts itself).

Under `--strict` any such row is an error instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl

from jncli import bureau
from jncli import schema as schemas
from jncli.errors import DataError, row_ref
from jncli.tableio import notelines
from jncli.tableio import table as tables
from jncli.tableio.notelines import words as _words
from jncli.tableio.table import Table, _note, _warn, edges, engine, too_big
from jncli.values import WIDE_CONTEXT

_NUMBER_CELL = r"^\s*[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?\s*$"
_DATE_CELL = r"^\d{4}\s*[-/.年]\s*\d{1,2}(\s*[-/.月]\s*\d{1,2}\s*日?)?\s*月?$"  # 2023-09-15, 2023年9月
_ID_CELL = r"^(?=[0-9A-Za-z]*\d)[0-9A-Za-z]{15,18}$"  # a credit code, a person id, a shop id


# Patterns as text (the scan below is a polars query; `re.match` compiles them, through its cache, only when a
# key cell is a hit: most tables have none, ~0.3 ms of start-up, issue 18).
_TOTAL = rf"^\s*(?:\S{{0,8}}?(?:{_words(bureau.TOTAL_ENDINGS)})|{_words(bureau.TOTAL_WORDS)})\s*$"
_CITY = rf"^\s*(?:{_words(bureau.CITY_WORDS)})\s*$"
# A label cell ending in a total word, whatever the name before it (任城区小计, 济宁经济技术开发区小计): a total row
# in a county or name column (`LABELS`) when the row leaves its ids empty.
_ENDING = rf"(?:{_words(bureau.TOTAL_ENDINGS)})\s*$"
LABELS = ("county", "name")
# A grand total (the whole table: 合计, 总计, 全市, 济宁市 …); any other total row is a subtotal of the unit
# rows above it (小计, and a short name before 合计: 县区合计, 功能区合计).
GRAND_TOTALS = {re.sub(r"\s", "", w) for w in bureau.TOTAL_WORDS + bureau.CITY_WORDS} - set(bureau.SUBTOTAL_WORDS)
# One pattern for the scan: a key cell that may be a mark (told apart afterwards, on the few hits).
_ANY = f"(?:{_TOTAL})|(?:{_CITY})|(?:{notelines.NOTE})"


@dataclass(eq=False, repr=False)
class Marks:
    """Rows that are not data: totals and notes."""

    totals: list[tuple[int, str, str]] = field(default_factory=list)  # (row, label, "total" | "sub")
    notes: list[int] = field(default_factory=list)  # rows
    first_note: tuple[int, str] | None = None

    @property
    def skipped(self) -> set[int]:
        return set(self.notes)


def find(lf: pl.LazyFrame, table: Table, schema: schemas.Schema, headers: dict[str, str], strict: bool) -> Marks:
    """Total and note rows of `lf` (raw), from its key columns (`headers`: canonical → header)."""
    marks = Marks()
    if not schema.key or table.format not in ("csv", "tsv", "xlsx"):  # machine formats hold no totals
        return marks
    types = lf.collect_schema()
    keys = [headers[k] for k in schema.key if k in headers]
    first = next((c for c in table.columns if c in types), None)
    city_columns = {headers[k] for k in schema.key if k in headers} if schema.whole else set()
    scan = [c for c in dict.fromkeys([*keys, first]) if c is not None and types[c] == pl.String]
    if not scan:
        return marks
    # the ids that make a row data (a hire's person id and employer's credit code): a row holding every one of them
    # is data whatever another cell says (a remark 注：… in the first column, an employer named …合计)
    ids = [headers[k] for k in schema.key if k in headers and _identifies(schema.column(k))]
    hit = pl.any_horizontal([pl.col(c).str.contains(_ANY) for c in scan])
    # a county or name cell ending in 小计 (任城区小计, a long zone's name + 小计) in a row whose ids are all empty
    # (in the tables whose key names an entity by name: enterprises, candidates, hires; not in a shop registry of
    # millions, whose county column stays unread for marks)
    labels = [h for h in (headers.get(k) for k in LABELS) if h in types and types[h] == pl.String]
    labels = labels if ids and "name" in schema.key else []
    if labels:
        no_ids = pl.all_horizontal([pl.col(c).cast(pl.String).str.strip_chars().fill_null("") == "" for c in ids])
        hit = hit | (no_ids & pl.any_horizontal([pl.col(c).str.contains(_ENDING) for c in labels]))
    held = [pl.col(c).cast(pl.String).alias(f"__id{i}") for i, c in enumerate(ids)]
    found = _looked_at(lf, table, hit).filter(hit).select("_row", *dict.fromkeys([*scan, *labels]), *held)
    hits = found.collect(engine=engine(table)).rows(named=True)
    for hit in hits:
        if ids and all(re.match(_ID_CELL, (hit[f"__id{i}"] or "").strip()) for i in range(len(ids))):
            continue
        cells = [(c, hit[c]) for c in scan if hit[c]]
        if labels and not any((hit[f"__id{i}"] or "").strip() for i in range(len(ids))):
            cells += [(c, hit[c]) for c in labels if c not in scan and hit[c]]
            ending = next((v for c, v in cells if c in labels and re.search(_ENDING, v)), None)
        else:
            ending = None
        note = next((v for _, v in cells if notelines.note().match(v)), None)
        total = next(
            (
                v
                for c, v in cells
                if re.match(_TOTAL, v)
                or (c in city_columns and re.match(_CITY, v) and re.sub(r"\s", "", v) in _whole(schema))
            ),
            ending,
        )
        if note is not None and total is None:
            marks.notes.append(hit["_row"])
            if marks.first_note is None or hit["_row"] < marks.first_note[0]:
                marks.first_note = (hit["_row"], note.strip())
        elif total is not None:
            label = re.sub(r"\s", "", total)
            kind = "total" if label in GRAND_TOTALS else "sub"  # 小计, 县区合计: the unit rows above it
            marks.totals.append((hit["_row"], label, kind))
    if marks.first_note is not None:
        _after_the_note(lf, table, marks)
    marks.totals.sort()
    marks.notes.sort()
    if strict and (marks.notes or marks.totals):
        row, why = (
            (marks.totals[0][0], f"a total row ({marks.totals[0][1]})")
            if marks.totals and (not marks.notes or marks.totals[0][0] < marks.notes[0])
            else (marks.notes[0], f"a note row ({marks.first_note[1]})")
        )
        raise DataError(
            f"{row_ref(table.source, row)} is not data: {why}",
            hint="--strict refuses rows that are not data; remove the row, or run without --strict",
        )
    return marks


def _looked_at(lf: pl.LazyFrame, table: Table, hit: pl.Expr) -> pl.LazyFrame:
    """The rows `find` looks at: `edges`. A big CSV whose last rows are read from the end of the file
    (`Table.tail`) and hold no `hit`: its first `EDGE_ROWS` alone, the same hits without polars parsing the
    whole file for its tail (~0.5 s on 10 M rows); when one may be a total or a note, `edges` (its row number)."""
    if table.tail is not None and lf is table.frame and too_big(lf, engine(table)):
        last = table.tail(tables.EDGE_ROWS)
        if last is not None and not last.select(hit.any()).item():
            return lf.head(tables.EDGE_ROWS)
    return edges(lf, engine(table))


def _identifies(column: schemas.Column) -> bool:
    """A key column every data row fills with an id: a required id (a label 合计 or 注： is never one)."""
    return column.type == "id" and column.required


def _whole(schema: schemas.Schema) -> set[str]:
    return {re.sub(r"\s", "", w) for w in schema.whole}


def _after_the_note(lf: pl.LazyFrame, table: Table, marks: Marks) -> None:
    """Every row after the first note is a note too, unless it holds a number: then the note sits
    inside the data, which is an error."""
    start, text = marks.first_note
    columns = [c for c in table.columns if c in lf.collect_schema()]
    tail = lf.filter(pl.col("_row") > start).select("_row", *[pl.col(c).cast(pl.String) for c in columns]).collect()
    for row in tail.rows():
        if any(v is not None and re.match(_NUMBER_CELL, v) for v in row[1:]):
            raise DataError(
                f"{row_ref(table.source, start)}: a note row ({text[:30]!r}) lies inside the data: "
                f"row {row[0]} below it holds figures",
                hint="move the note below the last data row, or delete it",
            )
        # a row of several cells with a date or an id, and no note line, is data too (a record's code, kind and
        # date hold no figure); a note's text cut in two by a comma is not
        filled = [v.strip() for v in row[1:] if v is not None and v.strip()]
        if (
            len(filled) >= 2
            and not notelines.note().match(filled[0])
            and any(re.match(_DATE_CELL, v) or re.match(_ID_CELL, v) for v in filled)
        ):
            shown = " | ".join(filled[:3])
            raise DataError(
                f"{row_ref(table.source, start)}: a note row ({text[:30]!r}) lies inside the data: "
                f"row {row[0]} below it holds data ({shown[:60]!r})",
                hint="move the note below the last data row, or delete it",
            )
        if row[0] not in marks.notes:
            marks.notes.append(row[0])
    marks.totals = [t for t in marks.totals if t[0] < start]


def note_skipped(table: Table, marks: Marks) -> None:
    """The notes say which rows were skipped as notes (consecutive rows in one line)."""
    if not marks.notes:
        return
    rows = sorted(marks.notes)
    table.skipped.update(rows)
    text = marks.first_note[1][:30]
    if len(rows) == 1:  # one message per form, so that each is translated whole
        _note(table, f"row {rows[0]} skipped: notes after the data ({text!r})")
    elif rows[-1] - rows[0] + 1 == len(rows):
        _note(table, f"rows {rows[0]}-{rows[-1]} skipped: notes after the data ({text!r})")
    else:
        _note(table, f"{len(rows)} rows from row {rows[0]} skipped: notes after the data ({text!r})")


def blank_totals(lf: pl.LazyFrame, marks: Marks, headers: list[str]) -> pl.LazyFrame:
    """`lf` with the total rows' cells under `headers` (the columns a total does not add up) empty: what a
    total row holds there (合计 under 身份证号, a count under 参保月份, an average rate) is no id, month or rate,
    and is neither converted nor checked as one. The amounts stay, for `check_totals`."""
    rows = sorted({r for r, _, _ in marks.totals})
    if not rows or not headers:
        return lf
    total = pl.col("_row").is_in(rows)
    return lf.with_columns([pl.when(total).then(None).otherwise(pl.col(h)).alias(h) for h in headers])


def check_totals(
    out: pl.DataFrame,
    raw: pl.LazyFrame,
    table: Table,
    marks: Marks,
    money: dict[str, tuple[str, float]],
    mismatch: str = "warn",
    exact: bool = False,
) -> pl.DataFrame:
    """Each total row checked against its unit rows (a warning when they disagree beyond rounding),
    then left out with a note. `money`: canonical → (header, factor to 万元) of the money columns.
    `exact` (a ledger: its amounts are what was paid, not rounded figures): only the total's own rounding
    is allowed, not that of each unit row (an award of 5 is 5, not 4.5 to 5.5).

    A grand total with unit rows of its year both above and below it is an error (a county mislabelled
    全市 would be left out), as are two grand totals of one year. `mismatch` "error" (`annual`): a grand
    total that disagrees with its unit rows is an error naming the row, the column and the difference."""
    total_rows = {r for r, _, _ in marks.totals}
    if not total_rows:
        return out
    columns = [c for c in money if c in out.columns]
    decimals = (
        raw.select(
            "_row",
            *[
                pl.col(money[c][0])
                .cast(pl.String)
                .str.extract(r"\.(\d+)\s*%?\s*$", 1)
                .str.len_chars()
                .fill_null(0)
                .alias(c)
                for c in columns
            ],
        )
        .collect()
        .rows_by_key("_row", named=True, unique=True)
        if columns
        else {}
    )
    has_year = "year" in out.columns
    rows = out.select("_row", *columns, *(["year"] if has_year else [])).rows(named=True)
    previous = 0
    grand: dict = {}  # year (None: every year) → (row, label) of its grand total
    for r, label, kind in marks.totals:
        total = next((x for x in rows if x["_row"] == r), None)
        if total is None:
            continue
        if kind == "total":
            _one_grand_total(table, rows, total_rows, total, label, grand, has_year)
        scope = [
            x
            for x in rows
            if x["_row"] not in total_rows
            and (kind == "total" or previous < x["_row"] < r)
            and (not has_year or total["year"] is None or x["year"] == total["year"])
        ]
        previous = r
        problems = []
        for c in columns:
            if total[c] is None or not scope:
                continue
            summed = sum((x[c] for x in scope if x[c] is not None), Decimal(0))
            shown = [decimals.get(x["_row"], {}).get(c, 0) for x in ([total] if exact else [total, *scope])]
            places = min(shown) if shown else 0
            tolerance = Decimal(1 if exact else len(scope) + 1) * Decimal(5) * Decimal(10) ** (-places - 1)
            tolerance *= Decimal(str(money[c][1]))
            diff = Decimal(total[c]) - summed
            if abs(diff) > tolerance and kind == "total" and mismatch == "error":
                raise DataError(
                    f"{row_ref(table.source, r, f'{money[c][0]} ({c})')}: the grand total ({label}) is "
                    f"{_wan(total[c])} 万元 but the {len(scope)} unit row(s) sum to {_wan(summed)} 万元 "
                    f"(difference {_wan(diff)} 万元, beyond the rounding of the published decimals)",
                    hint="is a unit row missing, or mislabelled as a total? If the bureau's total leaves rows out "
                    "on purpose (a 全市 without the functional zones), run with --accept-total-mismatch: "
                    "the difference is then a warning in the report",
                )
            if abs(diff) > tolerance:
                problems.append(
                    f"{money[c][0]} ({c}) {_wan(total[c])} 万元 against {_wan(summed)} 万元 "
                    f"(difference {_wan(diff)} 万元)"
                )
        what = f"the {len(scope)} unit row(s) above it" if kind == "sub" else f"the {len(scope)} unit row(s)"
        if not columns:  # a table of ids and dates (hires), or of rates: nothing a total adds up
            _note(table, f"row {r} left out: a total row ({label}); the table holds no amounts to check it against")
        elif problems:
            _warn(
                table,
                f"{row_ref(table.source, r)}: the total row ({label}) does not agree with the sum of {what} "
                f"beyond the rounding of the published decimals: {'; '.join(problems)}; the total row is left out",
            )
            _note(table, f"row {r} left out: a total row ({label}), which does not agree with {what} (see the warning)")
        else:
            _note(table, f"row {r} left out: a total row ({label}), checked against {what}")
    table.skipped.update(total_rows)
    return out.filter(~pl.col("_row").is_in(sorted(total_rows)))


def _one_grand_total(
    table: Table, rows: list[dict], total_rows: set[int], total: dict, label: str, grand: dict, has_year: bool
) -> None:
    """A grand total sits above or below the unit rows of its year, never between them, and only once."""
    r = total["_row"]
    year = total["year"] if has_year else None
    units = [x["_row"] for x in rows if x["_row"] not in total_rows and (year is None or x["year"] == year)]
    above, below = sum(1 for u in units if u < r), sum(1 for u in units if u > r)
    if above and below:
        raise DataError(
            f"{row_ref(table.source, r)}: a grand total ({label}) in the middle of the data, with {above} unit "
            f"row(s) above it and {below} below: is this row a county?",
            hint="a total row is left out of the data: if the row is a unit (a county, an enterprise), correct its "
            "name; if it is a total, move it above or below the data",
        )
    key = year if year is not None else "all"
    if key in grand or (year is None and grand) or (year is not None and "all" in grand):
        first, first_label = next(iter(grand.values())) if key not in grand else grand[key]
        raise DataError(
            f"{row_ref(table.source, r)}: a second grand total ({label}); row {first} is one already ({first_label})",
            hint="keep one total row: jncli does not guess which one the bureau meant, nor whether the other is a unit",
        )
    grand[key] = (r, label)


def check_growth(out: pl.DataFrame, table: Table, schema: schemas.Schema, headers: dict[str, str]) -> None:
    """Stated growth rates against the ones the file's own figures give (a warning naming the rows)."""
    for growth, cur, prev in schema.growth:
        if not all(c in out.columns for c in (growth, cur, prev)):
            continue
        computed = (pl.col(cur).cast(pl.Float64) / pl.col(prev).cast(pl.Float64) - 1) * 100
        bad = (
            out.filter(pl.col(prev).cast(pl.Float64) > 0, pl.col(growth).is_not_null(), pl.col(cur).is_not_null())
            .select("_row", pl.col(growth), computed.alias("__computed"))
            .filter((pl.col(growth) - pl.col("__computed")).abs() > bureau.GROWTH_TOLERANCE_PP + 1e-9)
        )
        if not bad.height:
            continue
        listed = "; ".join(f"row {r}: {g:g}% stated, {c:.2f}% computed" for r, g, c in bad.head(3).iter_rows()) + (
            f"; and {bad.height - 3} more" if bad.height > 3 else ""
        )
        _warn(
            table,
            f"{table.source}: column {headers[growth]} ({growth}) contradicts the file's own {headers[cur]} and "
            f"{headers[prev]} by more than {bureau.GROWTH_TOLERANCE_PP} percentage points in {bad.height} row(s) "
            f"({listed}); jncli computes the growth from the figures",
        )


def _wan(value) -> str:
    d = Decimal(value).normalize(WIDE_CONTEXT)
    return f"{d:,f}" if d != 0 else "0"
