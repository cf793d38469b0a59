"""Validity, period mode — `check-validity` over any dated table, and `check-validity --as-of DATE`.

本措施自2022年11月10日起施行，有效期至2023年12月31日。
  In force from 10 November 2022 until 31 December 2023 (annual measures: data years 2022 and 2023).

`check_period`: every row of any table gets `in_force` and a `reason`, from a date column (inside
[period_start, period_end], both ends inclusive) or a year column (one of annual_years); `as_of`: is the
policy in force on a day. The ledger checks are `jncli.rules.validity`, which re-exports these.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from jncli import schema as schemas
from jncli.errors import DataError, UsageError
from jncli.policy import Policy
from jncli.rules import RuleResult, Said
from jncli.values import DATE_FORMS, local_date, parse_date_expr

# Headers that name the date (or year) of a row, compared after `schema.normalize_header`.
DATE_HEADERS = ("date", "日期", "day", "日")
YEAR_HEADERS = schemas.YEAR_ALIASES + ("data_year",)
# A header ending like this is a date too (opened_on, 开店日期, record_date) — used only when it is the only one.
DATE_SUFFIXES = ("_on", "_date", "日期", "时间")


def find_date_column(headers: list[str], source: str) -> str | None:
    """The column holding each row's date or year, by its name; None when there is none.

    Exact names first (date/日期 …, then year/年份 …); else the one header ending in _on, _date, 日期 or
    时间. Several candidates of the same rank are ambiguous: a DataError asks for --date-column.
    """
    keys = {h: schemas.normalize_header(str(h)) for h in headers}
    for names in (DATE_HEADERS, YEAR_HEADERS):
        wanted = {schemas.normalize_header(n) for n in names}
        hits = [h for h in headers if keys[h] in wanted]
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise _ambiguous(source, hits)
    hits = [h for h in headers if str(h).strip().lower().endswith(DATE_SUFFIXES)]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise _ambiguous(source, hits)
    return None


def _ambiguous(source: str, hits: list[str]) -> DataError:
    return DataError(
        f"{source}: several columns could hold the date ({', '.join(map(str, hits))})",
        hint="name one with --date-column NAME",
    )


# ---------------------------------------------------------------------------------- as of
def as_of(day: dt.date, policy: Policy, lang: str = "zh") -> tuple[bool, str]:
    """Is the policy in force on `day`? (answer, one line saying why)."""
    start, end, doc = policy.period_start, policy.period_end, policy.document
    if policy.in_force(day):
        return True, (
            f"{day} 在政策施行期内（{start}至{end}，{doc}）"
            if lang == "zh"
            else f"{day} is in force ({start} to {end}, {doc})"
        )
    if day < start:
        return False, (
            f"{day} 不在政策施行期内：早于施行起始日{start}（{doc}）"
            if lang == "zh"
            else f"{day} is not in force: before the start of the policy period, {start} ({doc})"
        )
    return False, (
        f"{day} 不在政策施行期内：晚于有效期截止日{end}（{doc}）"
        if lang == "zh"
        else f"{day} is not in force: after the end of the policy period, {end} ({doc})"
    )


# ---------------------------------------------------------------------------------- period mode
def _as_text(col: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """Any column as read → text; whole floats (Excel's 2023.0, 20230501.0) lose their `.0`."""
    if dtype == pl.String:
        return col
    if dtype.is_float():
        return (
            pl.when(col.round(0) == col)
            .then(col.cast(pl.Int64, strict=False).cast(pl.String))
            .otherwise(col.cast(pl.String))
        )
    return col.cast(pl.String)


def check_period(frame: pl.DataFrame, policy: Policy, column: str, *, fmt: str = "csv", lang: str = "zh") -> RuleResult:
    """Add `in_force` (bool) and `reason` to every row of one table as read, from its date or year column.

    A date is in force when period_start ≤ date ≤ period_end (both inclusive). A year column (its
    header is a year name, or every value is a 4-digit year such as 2023 or 2023年) is in force when
    the year is one of the annual years. An empty value is not in force ("no date"); a value that is
    neither a date nor a year is a DataError naming file, row and column.
    """
    if column not in frame.columns:
        source = frame["_source"][0] if "_source" in frame.columns and frame.height else "input"
        found = ", ".join(c for c in frame.columns if not c.startswith("_"))
        # the column was named by --date-column: a wrong option (exit 2), not bad data
        raise UsageError(f"--date-column {column!r}: {source} has no such column (found: {found or 'none'})")
    dtype = frame.schema[column]
    warnings = []
    clash = [c for c in ("in_force", "reason") if c in frame.columns and c != column]
    if clash:
        warnings.append(
            Said(
                f"the input already has column(s) {', '.join(clash)}; they are replaced by this check's",
                f"输入已有列 {', '.join(clash)}，由本次核查的结果替换",
            )
        )

    kind, text, value = _date_or_year(frame, column, dtype, fmt)
    f = frame.with_columns(
        value.alias("__value"), (text if text is not None else pl.lit(None, pl.String)).alias("__text")
    )
    if text is not None:
        bad = f.filter(pl.col("__text").is_not_null() & pl.col("__value").is_null())
        if bad.height:
            row = bad.row(0, named=True)
            what = "a year (2023 or 2023年)" if kind == "year" else f"a date ({DATE_FORMS})"
            more = f" (and {bad.height - 1} more row(s))" if bad.height > 1 else ""
            raise DataError(
                f"{row.get('_source', 'input')} row {row.get('_row')}, column {column}: "
                f"{row['__text']!r} is not {what}{more}"
            )
    in_force, reason = _in_force(kind, pl.col("__value"), policy, lang == "zh")
    out = f.with_columns(in_force.fill_null(False).alias("in_force"), reason.alias("reason")).drop("__value", "__text")
    return RuleResult(out, warnings)


def _date_or_year(
    frame: pl.DataFrame, column: str, dtype: pl.DataType, fmt: str
) -> tuple[str, pl.Expr | None, pl.Expr]:
    """("date" or "year", the column as text (None for a date column), its value as a date or a year)."""
    if dtype in (pl.Date,) or isinstance(dtype, pl.Datetime):
        return "date", None, pl.col(column) if dtype == pl.Date else local_date(pl.col(column), dtype)
    text = _as_text(pl.col(column), dtype).str.strip_chars()
    text = pl.when(text == "").then(None).otherwise(text)
    year_text = text.str.replace_many(["年", "\u3000"], ["", ""]).str.strip_chars()
    looks_year = year_text.str.contains(r"^\d{4}$")
    year_named = schemas.normalize_header(column) in {schemas.normalize_header(n) for n in YEAR_HEADERS}
    all_years = frame.select((looks_year | text.is_null()).all() & text.is_not_null().any()).item()
    kind = "year" if year_named or all_years else "date"
    value = (
        pl.when(looks_year).then(year_text.cast(pl.Int64, strict=False))
        if kind == "year"
        else parse_date_expr(text, fmt)
    )
    return kind, text, value


def _in_force(kind: str, v: pl.Expr, policy: Policy, zh: bool) -> tuple[pl.Expr, pl.Expr]:
    """(in force?, why): 本措施自2022年11月10日起施行，有效期至2023年12月31日 — a date inside the period, both
    ends inclusive, or a year that is one of the policy's annual years."""
    start, end = policy.period_start, policy.period_end
    years = list(policy.annual_years)
    if kind == "date":
        in_force = v.is_between(pl.lit(start), pl.lit(end), closed="both")
        reason = (
            pl.when(v.is_null())
            .then(pl.lit("无日期，无法判断是否在施行期内" if zh else "no date: cannot be placed in the policy period"))
            .when(v < pl.lit(start))
            .then(pl.lit(f"早于政策施行起始日{start}" if zh else f"before the start of the policy period ({start})"))
            .when(v > pl.lit(end))
            .then(pl.lit(f"晚于政策有效期截止日{end}" if zh else f"after the end of the policy period ({end})"))
            .otherwise(pl.lit(f"在政策施行期内（{start}至{end}）" if zh else f"in force ({start} to {end})"))
        )
        return in_force, reason
    listed = ("、" if zh else ", ").join(map(str, years))
    in_force = v.is_in(years)
    reason = (
        pl.when(v.is_null())
        .then(pl.lit("无年份，无法判断是否在施行期内" if zh else "no year: cannot be placed in the policy period"))
        .when(in_force)
        .then(
            pl.format(
                "{}年属于政策年度（{}）" if zh else "in force: year {} is an annual year of the policy ({})",
                v,
                pl.lit(listed),
            )
        )
        .otherwise(
            pl.format(
                "不在施行期内：{}年不是政策年度（{}）"
                if zh
                else "out of period: year {} is not an annual year of the policy ({})",
                v,
                pl.lit(listed),
            )
        )
    )
    return in_force, reason
