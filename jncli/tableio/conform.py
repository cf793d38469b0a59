"""Conforming a table to a canonical schema: header aliases, units → 万元, types, bad values named.
May import polars, `jncli.values`, `jncli.schema`, `jncli.errors`, `jncli.settings`, `table`, `excel` and the
other tableio modules that check and convert (`blanks`, `checks`, `checked`, `convert`, `layout`, `marks`, `spill`,
`unknown`).

`conform` maps a `Table`'s frame onto a schema of `jncli.schema`; every bad value is reported with
file, row and column. Clean values take a plain cast; only a column where some value failed it is
converted again with the full normalisation (`jncli.values`: full-width digits, 1,234, 2023年5月1日 …).
Also the implausible-money warning (RULES.md §0).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import polars as pl

from jncli import schema as schemas
from jncli.errors import DataError, UsageError, listed
from jncli.settings import InputOptions
from jncli.tableio import checks, excel, layout, marks, spill, statuses
from jncli.tableio.checked import _convert_checked, _convert_checked_lazy, _present
from jncli.tableio.convert import _convert, unwrap_ids
from jncli.tableio.table import INTERNAL_COLUMNS, SHORT_ROW, Table, _copy_of, _note, _warn, engine, tell
from jncli.values import not_applicable_mark


def _describe_schema_headers(col: schemas.Column, limit: int = 8) -> str:
    names = [col.name, *[a for a in col.aliases if a != col.name]]
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown}, … ({len(names) - limit} more; see `jncli schema`)"


def _own_names(passthrough: list[str], mapped: dict) -> list[tuple[str, str]]:
    """(header, name) of a ledger's columns kept as read: a Chinese header jncli writes (`--headers zh`) gets
    its machine name back (排名 → rank), unless that name is taken; any other header stays as it is."""
    from jncli.tableio.headers import column_of_header

    taken = set(mapped) | set(passthrough)
    out = []
    for h in passthrough:
        name = column_of_header(str(h))
        out.append((h, name if name and name not in taken else h))
        taken.add(name or h)
    return out


def conform(
    table: Table,
    schema_name: str,
    opts: InputOptions | None = None,
    *,
    all_problems: bool = False,
    lazy: bool = False,
    required: tuple[str, ...] | None = None,
    raw_text: Collection[str] = (),
    compact: Callable[[pl.LazyFrame], list[pl.Expr] | None] | None = None,
    told: bool = True,
    blank_gaps: list | None = None,
) -> pl.DataFrame | pl.LazyFrame:
    """Map `table` onto a canonical schema: headers, units → 万元, types; raise DataError naming bad values.

    `required` overrides the schema's required columns (a command may need fewer or more).
    With `lazy=True` a LazyFrame comes back (big inputs); the value checks still run first.
    `raw_text`: text columns left as read, not stripped nor emptied to null, because the caller
    normalises them itself where that is cheaper (on distinct values, or only when a value needs it):
    on ten million rows the per-row normalisation costs more than the measure's whole query.

    A big CSV whose row widths are left to this conversion (`Table.deferred`, `text._DeferredProof`)
    and that turns out not to be plain (a long or short row, a blank line, a byte that is not UTF-8),
    or whose conversion stops on any problem, is read again as any file is read (line pass, else into
    memory) and conformed from there: every problem is found and named as it always was. `compact`: `spill`.
    `told` False: the reading's notes and warnings are left for the caller to say (`tell`). `blank_gaps`: the
    columns a rule reads that this table leaves empty (`blanks.Gap`) are added to it, as (table, gaps), for the
    caller to decide over the files of a kind (`blanks.decide`); None: decided on this table alone."""
    how = {"all_problems": all_problems, "lazy": lazy, "required": required, "raw_text": raw_text, "compact": compact}
    how["told"] = told
    proof = table.deferred
    if proof is None:
        return _conform(table, schema_name, opts, **how, gather=blank_gaps)
    if lazy:  # only the lazy conversion proves the widths
        gather = None if blank_gaps is None else []
        try:
            out = _conform(table, schema_name, opts, **how, gather=gather)
        except (pl.exceptions.PolarsError, spill.Unproven, DataError):
            pass  # whatever stopped it, the file is read again as any file is, and conformed from there
        else:
            if blank_gaps is not None:  # what the proven try found (a try that failed found nothing to keep)
                blank_gaps.extend(gather)
            return out
    # (the table replaced in place: it is the caller's too; nothing of the first try was said)
    vars(table).update(vars(proof.rescan() or proof.reread()))
    return _conform(table, schema_name, opts, **how, gather=blank_gaps)


def _conform(
    table: Table,
    schema_name: str,
    opts: InputOptions | None = None,
    *,
    all_problems: bool = False,
    lazy: bool = False,
    required: tuple[str, ...] | None = None,
    raw_text: Collection[str] = (),
    compact: Callable[[pl.LazyFrame], list[pl.Expr] | None] | None = None,
    told: bool = True,
    gather: list | None = None,
) -> pl.DataFrame | pl.LazyFrame:
    """`conform` of a table whose structure is proven."""
    opts = table.options or opts or InputOptions()
    try:
        schema = schemas.SCHEMAS[schema_name]
    except KeyError:
        raise UsageError(f"unknown table kind {schema_name!r}; one of: {', '.join(schemas.SCHEMAS)}") from None
    needed = required if required is not None else tuple(c.name for c in schema.columns if c.required)
    as_read = table.frame
    table = layout.settle(table, lambda found: set(needed) <= _named(schema, found), strict=opts.strict)
    if table.deferred is not None and table.frame is not as_read:
        raise spill.Unproven()  # rows above the header left out: the proof must see every row
    name = table.source
    lf = table.frame
    types = lf.collect_schema()
    headers = [h for h in types.names() if h not in INTERNAL_COLUMNS]
    row_unit = table.unit_row[1] if table.unit_row else None

    mapped: dict[str, tuple[str, float]] = {}  # canonical → (header, factor)
    unit_given: set[str] = set()  # money columns whose unit the header or --unit names
    divisors: dict[str, int] = {}  # number columns whose header names a unit to convert (`经营年限(月)`: 12)
    passthrough: list[str] = []
    grouped: dict[tuple[int, str, str], list[str]] = {}  # a group header's money unit → the columns it applies to
    for h in headers:
        try:
            m = schemas.match_header(schema, str(h))
        except ValueError as e:
            raise DataError(f"{name}: {e}") from None
        if m.column is None:
            copy_of = _copy_of(str(h), headers)
            if copy_of is not None and schemas.match_header(schema, copy_of).column is not None:
                raise DataError(
                    f"{name}: the header {copy_of!r} appears twice (both would mean "
                    f"{schemas.match_header(schema, copy_of).column})",
                    hint="keep one of those columns",
                )
            passthrough.append(h)
            continue
        if m.column in mapped:
            raise DataError(
                f"{name}: columns {mapped[m.column][0]!r} and {h!r} both mean {m.column}", hint="keep one of them"
            )
        money = schema.column(m.column).type == "money"
        group = table.group_units.get(str(h)) if money and not m.unit else None
        unsure = table.group_unsure.get(str(h)) if money and not m.unit else None
        if unsure is not None:  # read as 万元 or in the group's unit, either could pay wrong money (review 26)
            row, cell, unit = unsure[0], unsure[1], layout.group_unit_text(unsure[1])
            hint = (
                f"write the money unit in the header of {h!r} itself (e.g. {h}(万元)); in XLSX, a group cell merged "
                f"across exactly the columns it covers is read"
            )
            if unsure[2] == "carried":
                raise DataError(
                    f"{name}: the group header {cell!r} (row {row}) is followed by empty cells not merged with it: "
                    f"jncli cannot tell whether {h!r} is under it",
                    hint=hint,
                )
            raise DataError(
                f"{name}: the group header {cell!r} (row {row}) over {h!r} names a money unit jncli does not read "
                f"({unit})",
                hint=hint,
            )
        if group is not None:  # `经营情况(元)` over `实物商品网络零售额`: the group's unit, as the column's own
            if row_unit and group[2] != row_unit:
                raise DataError(
                    f"{name}: the group header {group[1]!r} (row {group[0]}) over {h!r} says {group[2]} but the "
                    f"unit row (row {table.unit_row[0]}) says {row_unit}",
                    hint="correct the group header or the unit row: jncli does not guess which one is right",
                )
            m = schemas.HeaderMatch(m.header, m.column, schemas.MONEY_UNITS[group[2]], group[2])
            grouped.setdefault(group, []).append(str(h))
        factor = m.factor if m.unit else (_unlabelled_factor(table, opts, str(h)) if money else 1.0)
        if money and m.unit and row_unit and m.factor != schemas.MONEY_UNITS[row_unit]:
            raise DataError(
                f"{name}: the header {h!r} says {m.unit} but the unit row (row {table.unit_row[0]}) says {row_unit}",
                hint="correct the header or the unit row: jncli does not guess which one is right",
            )
        mapped[m.column] = (h, factor)
        if m.divisor != 1:
            divisors[m.column] = m.divisor
            if m.divisor != 100:  # a share under (%) is read as a `58%` cell is, with no word
                into = schema.column(m.column).unit
                _note(table, f"column {h}: values in {m.unit}, divided by {m.divisor} into {into}")
        if m.unit or opts.unit is not None or (money and row_unit):
            unit_given.add(m.column)

    table.warnings += checks.unknown_headers(name, schema_name, [str(h) for h in passthrough], set(mapped), opts)
    absent = [c for c in needed if c not in mapped]
    if absent:
        found = listed(headers) or "none"
        likely = layout.likeliest(table, lambda hs: len(_named(schema, hs)))
        if likely is not None:  # a header below a title, lacking a column: show that header, and name what it lacks
            shown = [h for h in likely.headers if h]
            absent = [c for c in absent if c not in _named(schema, shown)] or absent
            rows = "-".join(map(str, likely.rows))
            found = f"{listed(shown)} on row{'s' if len(likely.rows) > 1 else ''} {rows}"
        col_name = absent[0]
        col = schema.column(col_name)
        raise DataError(
            f"{name}: missing required column {col_name} (tried: {_describe_schema_headers(col)}; found: {found})",
        )
    if row_unit:
        labelled = [mapped[c][0] for c in mapped if schema.column(c).type == "money" and c in unit_given]
        unlabelled = [h for h in labelled if schemas.match_header(schema, str(h)).unit is None]
        unlabelled = [h for h in unlabelled if not any(h in cols for cols in grouped.values())]
        if unlabelled:
            _note(table, f"unit {row_unit} (row {table.unit_row[0]}) applied to {', '.join(map(str, unlabelled))}")
    for (row, cell, unit), cols in grouped.items():
        _note(table, f"unit {unit} of the group header {cell!r} (row {row}) applied to {', '.join(cols)}")
    keys = {c: h for c, (h, _) in mapped.items()}
    found_marks = marks.find(lf, table, schema, keys, opts.strict)
    first_note = found_marks.first_note[0] if found_marks.first_note else None
    if table.narrow is not None and (first_note is None or first_note > table.narrow[0]):
        raise DataError(table.narrow[1])  # a line short of fields that no note reading skips: as ever, an error
    if found_marks.notes:
        if table.deferred is not None:
            raise spill.Unproven()  # as above: the note rows are lines too
        lf = lf.filter(~pl.col("_row").is_in(found_marks.notes))
        marks.note_skipped(table, found_marks)
    if table.sheet_facts is not None:  # XLSX: hidden rows, merged cells, uncomputed formulas, error values
        from jncli.tableio import sheetfacts  # XLSX only: its dozen regexes are not compiled for a text file

        lf = sheetfacts.data_facts(lf, table, {h for h, _ in mapped.values()})
    if found_marks.totals:  # a total row's other cells (a count under 参保月份, 合计 under 身份证号) are not values
        summed = {c for c in mapped if schema.column(c).type == "money" and schema.column(c).summed}
        lf = marks.blank_totals(lf, found_marks, [h for c, (h, _) in mapped.items() if c not in summed | {"year"}])
    if schema.answered:  # a column a rule reads empty in every row; county cells left blank (`blanks`)
        from jncli.tableio import blanks

        gaps = blanks.check(lf, table, schema, mapped, types, [r for r, _, _ in found_marks.totals], opts)
        if gather is None:  # this table alone
            blanks.decide([(table, gaps)], opts)
        else:  # one of several files of a kind: decided over all of them (`conform_all`)
            gather.append((table, gaps))
    if "year" in mapped:  # a date cell formatted yyyy shows its year (review 27 F3)
        lf, types[mapped["year"][0]] = excel.shown_as_year(lf, table, mapped["year"][0], types[mapped["year"][0]])
    checks.number_types(lf, table, schema, mapped)  # before any conversion: polars would cast true to 1
    checks.number_dates(lf, table, schema, mapped)  # 2023.1, 20235 in an XLSX number cell
    checks.text_months(lf, table, schema, mapped)  # 2023.1 as text: January, or the number 2023.10?
    in_percent = [h for c, (h, _) in mapped.items() if schema.column(c).unit == "%" or divisors.get(c) == 100]
    lf = excel.shown_as_percent(lf, table, in_percent)
    how = {"unpadded": table.unpadded}  # no cell with whitespace at either end (`padding._unpadded`)
    conversions = [
        _convert(
            h, schema.column(c), types[h], f, table.format, raw_text=c in raw_text, divisor=divisors.get(c, 1), **how
        )
        for c, (h, f) in mapped.items()
    ]
    folded = checks.ids(lf, table, schema, mapped, fold=table.scanned and any(cv.bad is not None for cv in conversions))
    unwrap_ids(conversions, table.id_forms)  # ids written ="…" or '…: the id inside
    # kept as read (lists and numbers too); a ledger's other columns by the names jncli gave them
    named = _own_names(passthrough, mapped) if schema_name == "ledger" else [(h, h) for h in passthrough]
    passthrough_exprs = [pl.col(h).alias(n) for h, n in named]
    passthrough_exprs += [  # a cell written as a not-applicable mark, beside the (empty) value: `Schema.kept_marks`
        not_applicable_mark(pl.col(h)).alias(f"_mark_{c}")
        for c, (h, _) in mapped.items()
        if c in schema.kept_marks and types[h] == pl.String
    ]
    if not any(cv.bad is not None for cv in conversions):
        # Typed input (Parquet with proper dtypes): nothing to check, stays lazy end to end.
        out = lf.select(
            pl.col("_source"), pl.col("_row"), *[cv.expr.alias(cv.canonical) for cv in conversions], *passthrough_exprs
        )
        for cv in conversions:
            cv.taken = cv.expr
    elif lazy and table.scanned:  # a big CSV converted once: later passes read typed Parquet (or `kept`)
        proof = table.deferred
        carry = (SHORT_ROW,) if proof is not None else ()
        out, told = spill.convert_spilled(lf, conversions, passthrough_exprs, name, _present, carry, compact, folded)
        table.compact = None if found_marks.totals else told.get("compact")  # rows in memory (not the totals')
        if out is None:  # some value needs the full conversion: checked (and named) as for Parquet
            out = spill.spill(
                _convert_checked_lazy(lf, conversions, passthrough_exprs, name, schema_name, all_problems)
            )
        mark = told.get(SHORT_ROW, 0)  # the row widths (text._DeferredProof)
        if mark == 2 or (mark == 1 and not proof.prove()):
            raise spill.Unproven()
    elif lazy and not table.in_memory:
        out = _convert_checked_lazy(lf, conversions, passthrough_exprs, name, schema_name, all_problems)
    else:
        out = _convert_checked(
            lf,
            conversions,
            passthrough_exprs,
            name,
            schema_name,
            all_problems,
            "streaming" if table.scanned else engine(table),
            folded,
        ).lazy()
    # the money columns whose min and max the raw column gives (built with their `monotone` expression)
    by_raw = {
        cv.canonical: (cv.header, cv.taken, cv.raw_range)
        for cv in conversions
        if cv.taken is not None and cv.taken is cv.monotone
    }
    checks.money_values(out, table, schema, mapped, unit_given, opts, raw=(lf, by_raw), ends=table.compact)
    checks.excel_display_forms(lf, table, [cv for cv in conversions if cv.retried and cv.display_form is not None])
    if found_marks.totals:
        # the amounts a total adds up (a rate per hire does not: `Column.summed`)
        money = {c: hf for c, hf in mapped.items() if c in summed}
        exact = schema_name == "ledger"  # what was paid, to the 0.01 万元: no unit row is a rounded figure
        out = marks.check_totals(out.collect(), lf, table, found_marks, money, opts.total_mismatch, exact).lazy()
    if any(g in mapped for g, _, _ in schema.growth):
        marks.check_growth(out.collect(), table, schema, keys)
    if schema_name == "ledger" and "status" in mapped:  # 获奖 … read back; a word jncli does not write refused
        out = statuses.read_back(out, table, mapped["status"][0])
    if told:
        tell(table)
    return out if lazy else out.collect(engine=engine(table))


def _named(schema: schemas.Schema, headers: list[str]) -> set[str]:
    """The canonical columns these headers name (a header with a unit jncli does not know still names
    its column: conform then reports the unit)."""
    found = set()
    for h in headers:
        try:
            m = schemas.match_header(schema, str(h))
        except ValueError:
            m = schemas.match_header(schema, schemas.split_unit(str(h))[0])
        if m.column:
            found.add(m.column)
    return found


def _unlabelled_factor(table: Table, opts: InputOptions, header: str) -> float:
    """The unit of a money column whose header names none: the file's unit row, else --unit, else 万元."""
    units = {"yuan": "元", "wan": "万元", "yi": "亿元"}
    if table.unit_row:
        row, unit = table.unit_row
        if opts.unit is not None and units[opts.unit] != unit:
            raise DataError(
                f"{table.source}: --unit {opts.unit} says {units[opts.unit]}, but the unit row (row {row}) says {unit}",
                hint="drop --unit: the file's unit row names the unit of its unlabelled money columns",
            )
        return schemas.MONEY_UNITS[unit]
    return schemas.MONEY_UNITS[units[opts.money_unit]]


def conform_first(
    table: Table, choices: list[tuple[str, tuple[str, ...]]], opts: InputOptions | None = None, *, option: str = "input"
) -> tuple[str, pl.DataFrame]:
    """Conform `table` to the first (schema, required columns) whose required columns its headers name.

    For inputs that may come in several shapes, e.g. a published whitelist that is either jncli's own
    output (a ledger) or a plain list of credit codes. Returns the schema chosen and the frame.
    """
    table = layout.settle(
        table,
        lambda found: any(set(req) <= _named(schemas.SCHEMAS[s], found) for s, req in choices),
        strict=(opts or InputOptions()).strict,
    )
    headers = [str(h) for h in table.frame.collect_schema().names() if h not in INTERNAL_COLUMNS]
    for schema_name, required in choices:
        schema = schemas.SCHEMAS[schema_name]
        named = set()
        for h in headers:
            try:
                named.add(schemas.match_header(schema, h).column)
            except ValueError:
                continue
        if all(c in named for c in required):
            return schema_name, conform(table, schema_name, opts, required=required)
    wanted = "; ".join(f"or {c}" if i else c for i, c in enumerate(f"{', '.join(r)} ({n})" for n, r in choices))
    raise DataError(f"{table.source}: {option} needs the columns {wanted}; found: {', '.join(headers) or 'none'}")


def conform_all(
    tables: list[Table],
    schema_name: str,
    opts: InputOptions | None = None,
    *,
    all_problems: bool = False,
    lazy: bool = False,
    required: tuple[str, ...] | None = None,
    raw_text: Collection[str] = (),
    compact: Callable[[pl.LazyFrame], list[pl.Expr] | None] | None = None,
    needs: Callable[[list[pl.LazyFrame]], dict[str, str]] | None = None,
) -> pl.DataFrame | pl.LazyFrame:
    """`conform` every table and stack them by column name (several files read as one table).

    A measure's input table with a header but no data rows is refused (`_refuse_empty`). `needs` (a measure
    command): the conformed frames → column → the rules of this run that would award nothing without it; a
    table without such a column stops the run (`unknown.stop_missing`), before its warnings are said."""
    compact = spill.bounded(tables, compact)
    how = {"all_problems": all_problems, "lazy": lazy, "required": required, "raw_text": raw_text, "compact": compact}
    # with `needs`, a table's warnings are said after the check: a header that may be the missing column is
    # named once, in the line that stops the run
    # several files of a kind are one table: a column a rule reads, empty in all of them, is decided over all
    gaps: list | None = [] if len(tables) > 1 else None
    frames = [conform(t, schema_name, opts, **how, told=needs is None, blank_gaps=gaps).lazy() for t in tables]
    if gaps:
        from jncli.tableio import blanks

        blanks.decide(gaps, tables[0].options or opts or InputOptions())
    for t, frame in zip(tables, frames):  # the rows as read into the schema: a title or a total is not data
        _refuse_empty(t, frame, schema_name, t.options or opts or InputOptions())
    needed = needs(frames) if needs is not None else {}
    if needed:
        from jncli.tableio import unknown

        for t, frame in zip(tables, frames):
            unknown.stop_missing(t.source, schema_name, frame.collect_schema().names(), needed)
    checks.mixed_ids(tables, frames, schemas.SCHEMAS[schema_name])
    for t in tables:
        tell(t)
    out = frames[0] if len(frames) == 1 else pl.concat(frames, how="diagonal_relaxed")
    return out if lazy else out.collect(engine=engine())  # not lazy: frames of conformed DataFrames


# Tables jncli writes itself and reads back (a ledger with no violations, no awards): empty is an answer.
MAY_BE_EMPTY = ("ledger",)


def _refuse_empty(table: Table, frame: pl.LazyFrame, schema_name: str, opts: InputOptions) -> None:
    """A measure's input with a header and no rows is most often a failed export: it would pay as if
    nobody qualified. Refused unless `--allow-empty` (then a warning)."""
    if schema_name in MAY_BE_EMPTY or frame.head(1).collect(engine=engine(table)).height:
        return
    if not opts.allow_empty:
        raise DataError(
            f"{table.source}: the {schema_name} table has a header but no data rows (an empty or failed export?)",
            hint="export it again; if it is really empty, pass --allow-empty",
        )
    _warn(
        table, f"{table.source}: the {schema_name} table has a header but no data rows: read as empty (--allow-empty)"
    )
