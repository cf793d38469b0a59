"""conform's value checks: clean values take the plain cast; only a column where some value failed it
is converted again in full, and the values that fail that too are named with file, row and column.
May import polars, `jncli.errors` and `table`. (`_Conversion` is conform's: its fields are read here.)
"""

from __future__ import annotations

from typing import Any

import polars as pl

from jncli.errors import DataError, row_ref, shown
from jncli.tableio.convert import unwrap_ids
from jncli.tableio.table import STDIN

MAX_LISTED_PROBLEMS = 50
_Conversion = Any  # convert._Conversion


def _retry_flag(cv: _Conversion, fast_value: pl.Expr | None = None) -> pl.Expr:
    """Does any present value fail the plain cast (or, without one, the full conversion)?
    `fast_value`: the plain cast's result as a column already computed (polars does not share it)."""
    failed = cv.bad if cv.fast is None else _present(cv) & (cv.fast if fast_value is None else fast_value).is_null()
    if cv.suspect is not None and cv.fast is not None:  # looked at in this pass only, never in the later ones
        failed = failed | cv.suspect
    if cv.low is not None and cv.fast is not None:  # a value the plain cast takes below the full way's least
        failed = failed | ((cv.fast if fast_value is None else fast_value) < cv.low)
    return failed.fill_null(False).any()


def _problem_lines(rows: pl.DataFrame, conversions: list[_Conversion], indices: list[int], name: str) -> list[str]:
    problems = []
    for row in rows.iter_rows(named=True):
        for i in indices:
            if row[f"__bad{i}"]:
                cv = conversions[i]
                raw = row[f"__raw{i}"]
                where = row_ref(name, row["_row"], f"{cv.header} ({cv.canonical})")
                if isinstance(raw, str) and raw.strip() == cv.header.strip():  # two tables pasted one under the other
                    problems.append(f"{where}: {shown(raw)} is the column's header: the row repeats the header row")
                    continue
                problems.append(f"{where}: " + (cv.why(raw) if cv.why else f"{shown(raw)} is not {cv.expected}"))
    return problems


def _convert_checked_lazy(
    lf: pl.LazyFrame,
    conversions: list[_Conversion],
    passthrough: list[pl.Expr],
    name: str,
    schema_name: str,
    all_problems: bool,
) -> pl.LazyFrame:
    """The same checks without materialising the table (big inputs): one streaming pass over the
    checked columns decides which need the full conversion; a second looks for bad values only then."""
    checked = [i for i, cv in enumerate(conversions) if cv.bad is not None]
    # a check that depends on the cell's value alone (`by_value`: yes/no words) is made on the distinct
    # values: the same answer as row by row, for a pass over the column instead of two lookups per row
    by_value = [i for i in checked if conversions[i].by_value is not None and conversions[i].fast is not None]
    # typed money whose plain cast holds every value between the column's min and max (taken in this pass
    # anyway): no value can fail it, so its flag is not computed per row unless the range leaves it open
    by_range = [i for i in checked if _by_range(conversions[i])]
    # each by_value column's distinct values in a query of its own: polars streams `LazyFrame.unique` but
    # gathers the whole column for `Expr.unique` beside other aggregations (+190 MB on 10 M 是/否 cells)
    distinct = {i: lf.select(conversions[i].header).unique().collect(engine="streaming").to_series() for i in by_value}
    # a column whose flag reads its plain cast twice (`low`) has it computed once, as a column of this pass
    plain = [i for i in checked if i not in by_range and i not in by_value]
    twice = [i for i in plain if conversions[i].low is not None and conversions[i].fast is not None]
    flags = (
        (lf.with_columns(*[conversions[i].fast.alias(f"__f{i}") for i in twice]) if twice else lf)
        .select(
            pl.len().alias("__rows"),  # one row, whatever else is asked (the by_value columns' answers are above)
            *[
                _retry_flag(conversions[i], pl.col(f"__f{i}") if i in twice else None).alias(f"__retry{i}")
                for i in plain
            ],
            # the min and max of a checked column whose conversion keeps the order (Float64 money): read once
            *[
                agg(pl.col(conversions[i].header)).alias(f"__{end}{i}")
                for i in checked
                if conversions[i].monotone is not None
                for end, agg in (("lo", pl.Expr.min), ("hi", pl.Expr.max))
            ],
        )
        .collect(engine="streaming")
    )
    for i in checked:
        if conversions[i].monotone is not None and flags.height:
            conversions[i].raw_range = flags.select(pl.col(f"__lo{i}").alias("lo"), pl.col(f"__hi{i}").alias("hi"))
    values = distinct
    for i in by_range:  # the flag from the range where it decides; else from its own pass, as before
        lo, hi = (flags.item(0, f"__lo{i}"), flags.item(0, f"__hi{i}")) if flags.height else (None, None)
        held = conversions[i].range_holds(lo, hi)
        flags = flags.with_columns(
            pl.lit(False if held else lf.select(_retry_flag(conversions[i])).collect(engine="streaming").item()).alias(
                f"__retry{i}"
            )
        )
    retry = (
        [i for i in checked if (_fails(conversions[i], values[i]) if i in values else flags.item(0, f"__retry{i}"))]
        if flags.height
        else []
    )
    if retry:
        bad = (
            lf.select(
                pl.col("_row"),
                *[conversions[i].bad.fill_null(False).alias(f"__bad{i}") for i in retry],
                *[pl.col(conversions[i].header).cast(pl.String).alias(f"__raw{i}") for i in retry],
            )
            .filter(pl.any_horizontal([pl.col(f"__bad{i}") for i in retry]))
            .head(MAX_LISTED_PROBLEMS if all_problems else 2)
            .collect()
        )
        if bad.height:
            raise _problems(_problem_lines(bad, conversions, retry, name), all_problems, schema_name, name)
    for i in retry:
        conversions[i].retried = True
    for i, cv in enumerate(conversions):
        if i in retry or cv.fast is None:
            cv.taken = cv.expr
        elif i in values:
            cv.taken = cv.by_value(pl.col(cv.header), values[i])
        else:
            cv.taken = cv.fast if cv.cheap is None else cv.cheap
    return lf.select(
        pl.col("_source"), pl.col("_row"), *[cv.taken.alias(cv.canonical) for cv in conversions], *passthrough
    )


def _by_range(cv: _Conversion) -> bool:
    """Is the retry flag of this conversion decided by the raw column's min and max (`range_holds`)?"""
    return cv.range_holds is not None and cv.monotone is not None and cv.fast is not None and cv.suspect is None


def _fails(cv: _Conversion, values: pl.Series) -> bool:
    """`_retry_flag` over a column's distinct values (a check that depends on the cell's value alone)."""
    return pl.DataFrame({cv.header: values}).select(_retry_flag(cv)).item()


def _convert_checked(
    lf: pl.LazyFrame,
    conversions: list[_Conversion],
    passthrough: list[pl.Expr],
    name: str,
    schema_name: str,
    all_problems: bool,
    engine: str = "auto",
    folded: Any = None,
) -> pl.DataFrame:
    """Convert with value checks in one pass over clean data.

    Clean values take the plain cast (`fast`); only a column where some present value failed it is
    converted again with the full normalisation (full-width digits, 1,234, 2023年5月1日 …), and only
    values that fail that too are problems. The typed result is materialised: for a table already in
    memory (CSV, JSON, XLSX) one conversion beats converting again in every pass of a rule. `engine`:
    polars' for the table (`table.engine`; "streaming" for a big CSV scanned lazily).

    `folded` (`checks.FoldedIds`): tests of the id columns taken in the same pass (`marks`, per row: a big
    CSV scanned lazily, whose other passes would parse the text again); its `check` is given the indices of
    those true on some row, before any value is named (the id checks come first, as for a table in memory).
    """
    values = [(cv.fast if cv.fast is not None else cv.expr).alias(f"__v{i}") for i, cv in enumerate(conversions)]
    marks = folded.marks if folded is not None else []
    first = (
        lf.with_columns(values)
        .select(
            pl.col("_source"),
            pl.col("_row"),
            *[pl.col(f"__v{i}") for i in range(len(conversions))],
            *[
                (_retry_flag(cv, pl.col(f"__v{i}")) if cv.bad is not None else pl.lit(False)).alias(f"__retry{i}")
                for i, cv in enumerate(conversions)
            ],
            *passthrough,
            *[m.fill_null(False).any().alias(f"__mark{j}") for j, m in enumerate(marks)],
        )
        .collect(engine=engine)
    )
    hit = [j for j in range(len(marks)) if first.item(0, f"__mark{j}")] if first.height else []
    if hit:
        folded.check(hit)
        again = unwrap_ids(conversions, folded.table.id_forms)  # ids written ="…" or '…: the id inside
        if again:
            first = first.with_columns(
                lf.select(*[conversions[i].expr.alias(f"__v{i}") for i in again]).collect(engine=engine)
            )
    retry = [i for i, _ in enumerate(conversions) if first.item(0, f"__retry{i}")] if first.height else []
    for i in retry:
        conversions[i].retried = True
    if retry:
        full = lf.select(
            pl.col("_row"),
            *[conversions[i].expr.alias(f"__v{i}") for i in retry],
            *[conversions[i].bad.fill_null(False).alias(f"__bad{i}") for i in retry],
            *[pl.col(conversions[i].header).cast(pl.String).alias(f"__raw{i}") for i in retry],
        ).collect(engine=engine)
        flagged = full.filter(pl.any_horizontal([pl.col(f"__bad{i}") for i in retry]))
        problems = _problem_lines(flagged.head(MAX_LISTED_PROBLEMS if all_problems else 2), conversions, retry, name)
        if problems:
            raise _problems(problems, all_problems, schema_name, name)
        first = first.with_columns(full.select([f"__v{i}" for i in retry]))
    return first.select(
        pl.col("_source"),
        pl.col("_row"),
        *[pl.col(f"__v{i}").alias(cv.canonical) for i, cv in enumerate(conversions)],
        *[c for c in first.columns if c not in ("_source", "_row") and not c.startswith("__")],
    )


def _present(cv: _Conversion) -> pl.Expr:
    """A text cell that may hold something the plain cast missed: not empty. Cells of spaces count
    too — they only cost the full conversion, which reads them as empty — since stripping every
    value to tell them apart would cost more than the cast."""
    if cv.present is not None:  # a typed column (Float64 money): any value
        return cv.present
    return pl.col(cv.header).str.len_bytes() > 0


def _problems(problems: list[str], all_problems: bool, schema_name: str, name: str) -> DataError:
    if all_problems:
        err = DataError(
            f"{name}: {len(problems)}{'+' if len(problems) >= MAX_LISTED_PROBLEMS else ''} "
            f"value(s) do not fit the {schema_name} schema"
        )
        err.details = problems
        return err
    first = f"{problems[0]} (and more)" if len(problems) > 1 else problems[0]
    return DataError(
        first,
        hint=f"`jncli cat --as {schema_name} {name if name != STDIN else 'FILE'}` lists every problem",
    )
