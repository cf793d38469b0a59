"""Validity — `check-validity`: the policy period, and 就高 / 不重复享受 over a combined award ledger.

本措施自2022年11月10日起施行，有效期至2023年12月31日。
  In force from 10 November 2022 until 31 December 2023 (annual measures: data years 2022 and 2023).
以上奖励政策按就高原则执行，不重复享受。（上述奖励政策不重复奖励）
  Highest award only; no beneficiary enjoys two awards of one measure (m2 and m6 as one group), and
  across years only the top-up up to the highest cap is paid.

Two checks (RULES.md "Validity"), both pure functions of polars frames and the `Policy`:

1. `check_period`: every row of any table gets `in_force` and a `reason`, from a date column
   (inside [period_start, period_end], both ends inclusive) or a year column (one of annual_years).
2. `check_ledger`: one row per violation in a ledger (the concatenated outputs of award commands):
   duplicate_award, beyond_topup, repeated_one_off (a one-off reward — m3.fiscal, 一次性奖励 — awarded in a
   second year), above_cap, out_of_period, unknown_rule, bad_amount — each naming the file and row it was
   found at.

Every number (dates, years, caps, decimals, the m2/m6 group) comes from the policy. Nothing here
prints or opens files; violations are data, the CLI decides the exit status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import polars as pl

from jncli import schema as schemas
from jncli.errors import DataError, UsageError, row_ref
from jncli.ledger import AWARDED
from jncli.policy import Policy, normalize_name
from jncli.rules import RuleResult, Said
from jncli.values import DATE_FORMS, MONEY_DTYPE, parse_date_expr

KINDS = (
    "duplicate_award",
    "beyond_topup",
    "repeated_one_off",
    "above_cap",
    "out_of_period",
    "unknown_rule",
    "bad_amount",
)
VIOLATION_COLUMNS = ("file", "row", "kind", "beneficiary", "rule", "year", "award", "message")
VIOLATION_SCHEMA = {
    "file": pl.String,
    "row": pl.Int64,
    "kind": pl.String,
    "beneficiary": pl.String,
    "rule": pl.String,
    "year": pl.Int64,
    "award": MONEY_DTYPE,
    "message": pl.String,
}

# Headers that name the date (or year) of a row, compared after `schema.normalize_header`.
DATE_HEADERS = ("date", "日期", "day", "日")
YEAR_HEADERS = schemas.YEAR_ALIASES + ("data_year",)
# A header ending like this is a date too (opened_on, 开店日期, record_date) — used only when it is the only one.
DATE_SUFFIXES = ("_on", "_date", "日期", "时间")


# ---------------------------------------------------------------------------------- mode
def is_ledger(headers: list[str]) -> bool:
    """True when the headers carry every required ledger column (aliases and money units allowed)."""
    schema = schemas.SCHEMAS["ledger"]
    found = set()
    for h in headers:
        try:
            m = schemas.match_header(schema, str(h))
        except ValueError:  # e.g. award(美元): it means award; conform will name the bad unit
            base, _ = schemas.split_unit(str(h))
            m = schemas.match_header(schema, base)
        if m.column:
            found.add(m.column)
    return all(c.name in found for c in schema.columns if c.required)


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
        return "date", None, pl.col(column) if dtype == pl.Date else pl.col(column).dt.date()
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


# ---------------------------------------------------------------------------------- ledger mode
def _fmt_amount(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _beneficiary_keys(values: list[str | None], policy: Policy) -> dict[str, str]:
    """beneficiary → comparison key: a county alias becomes its canonical name, a code its upper-case form."""
    out = {}
    for v in values:
        if v is not None:
            out[v] = policy.canonical_county(v) or normalize_name(v).upper()
    return out


def check_ledger(frame: pl.DataFrame, policy: Policy, *, lang: str = "zh") -> RuleResult:
    """Every violation in a conformed ledger (schema "ledger", with `_source` and `_row`), one row each.

    The frame's row order is the reading order (files in the order given, then rows): a duplicate
    is reported at every awarded row after the first of its group, a beyond_topup at the last
    awarded m2/m6-group row of the year in which the cumulative total passes the cap.
    """
    zh = lang == "zh"
    group = tuple(policy.enterprise_group)
    group_measures = sorted({policy.rules[r].measure for r in group})
    f = _ledger_rows(frame, policy, group, group_measures)

    def label(m: int) -> str:
        return _measures_label(m, group_measures, zh)

    group_label = label(group_measures[0]) if group_measures else ""  # the m2/m6 group, for beyond_topup
    found = (
        _duplicate_awards(f, label, lang)
        + _beyond_topup(f, policy, group_label, zh)
        + _repeated_one_off(f, policy, lang)
        + _above_cap(f, zh)
        + _out_of_period(f, policy, zh)
        + _unknown_rules(f, policy, zh)
        + _bad_amounts(f, policy.award_decimals, zh)
    )
    order = {k: i for i, k in enumerate(KINDS)}
    found.sort(key=lambda v: (v["_seq"], order[v["kind"]]))
    table = (
        pl.DataFrame([{k: v[k] for k in VIOLATION_COLUMNS} for v in found], schema=VIOLATION_SCHEMA, orient="row")
        if found
        else pl.DataFrame(schema=VIOLATION_SCHEMA)
    )
    notes = []
    if found:
        counts = {}
        for v in found:
            counts[v["kind"]] = counts.get(v["kind"], 0) + 1
        kinds = ", ".join(f"{k} {counts[k]}" for k in KINDS if k in counts)
        notes.append(
            Said(
                f"{len(found)} violation(s) in {frame.height} ledger row(s): {kinds}",
                f"台账{frame.height}行中发现{len(found)}处问题：{kinds}",
            )
        )
    return RuleResult(table, [], notes)


def _ledger_rows(
    frame: pl.DataFrame, policy: Policy, group: tuple[str, ...], group_measures: list[int]
) -> pl.DataFrame:
    """The ledger in reading order (`_seq`) with what the checks compare: the beneficiary's key, awarded or
    not, the measure group (m2 and m6 as one: 就高 across them), the rule's cap, known and in the group."""
    f = frame.with_row_index("_seq").with_columns(pl.col("_seq").cast(pl.Int64))
    if "_source" not in f.columns:
        f = f.with_columns(_source=pl.lit("input"))
    if "_row" not in f.columns:
        f = f.with_columns(_row=(pl.col("_seq") + 2).cast(pl.Int64))
    keys = _beneficiary_keys(f["beneficiary"].unique().to_list(), policy)
    caps = pl.DataFrame(
        {
            "rule": list(policy.rules),
            "_cap": [r.cap for r in policy.rules.values()],
            "_known": [True] * len(policy.rules),
            "_in_group": [r in group for r in policy.rules],
        },
        schema={"rule": pl.String, "_cap": MONEY_DTYPE, "_known": pl.Boolean, "_in_group": pl.Boolean},
    )
    key = (
        pl.col("beneficiary").replace_strict(keys, default=None, return_dtype=pl.String)
        if keys
        else pl.lit(None, pl.String)
    )
    first_measure = pl.lit(group_measures[0] if group_measures else None, pl.Int64)
    return (
        f.with_columns(
            _key=key,
            _awarded=pl.col("status").str.strip_chars().str.to_lowercase().eq(AWARDED).fill_null(False),
            # 就高 across measures 2 and 6: one group for duplicates (its measures from the policy's group rules)
            _measure_group=pl.when(pl.col("measure").is_in(group_measures))
            .then(first_measure)
            .otherwise(pl.col("measure")),
        )
        .join(caps, on="rule", how="left")
        .with_columns(pl.col("_known", "_in_group").fill_null(False))
        .sort("_seq")
    )


def _violations(rows: pl.DataFrame, kind: str, message: Callable[[dict], str]) -> list[dict]:
    """One violation per row of `rows`, at its file and row, with its message."""
    return [
        {
            "_seq": r["_seq"],
            "file": r["_source"],
            "row": r["_row"],
            "kind": kind,
            "beneficiary": r["beneficiary"],
            "rule": r["rule"],
            "year": r["year"],
            "award": r["award"],
            "message": message(r),
        }
        for r in rows.iter_rows(named=True)
    ]


def _measures_label(m: int, group_measures: list[int], zh: bool) -> str:
    """第2条 / measure 2, or the m2/m6 group as one: 第2、6条（合并计） / measures 2 and 6 (one group)."""
    if m in group_measures and len(group_measures) > 1:
        return (
            f"第{'、'.join(map(str, group_measures))}条（合并计）"
            if zh
            else f"measures {' and '.join(map(str, group_measures))} (one group)"
        )
    return f"第{m}条" if zh else f"measure {m}"


def _duplicate_awards(f: pl.DataFrame, label: Callable[[int], str], lang: str) -> list[dict]:
    """duplicate_award — more than one awarded row per beneficiary, measure (m2+m6 as one) and year (不重复享受)."""
    zh = lang == "zh"
    keyed = ["_key", "_measure_group", "year"]
    aw = f.filter(pl.col("_awarded") & pl.all_horizontal(pl.col(k).is_not_null() for k in keyed)).with_columns(
        _first=pl.col("_seq").min().over(keyed)
    )
    first = aw.filter(pl.col("_seq") == pl.col("_first")).select(
        pl.col("_seq").alias("_first"),
        pl.col("_source").alias("_first_source"),
        pl.col("_row").alias("_first_row"),
        pl.col("rule").alias("_first_rule"),
    )
    dups = aw.filter(pl.col("_seq") != pl.col("_first")).join(first, on="_first", how="left").sort("_seq")
    return _violations(
        dups,
        "duplicate_award",
        lambda r: (
            f"{label(r['_measure_group'])}{r['year']}年已于{row_ref(r['_first_source'], r['_first_row'], lang=lang)}"
            f"（{r['_first_rule']}）获奖：同一措施同一年度不重复奖励，只保留最高一项（就高）"
            if zh
            else f"already awarded under {label(r['_measure_group'])} for {r['year']} at "
            f"{row_ref(r['_first_source'], r['_first_row'], lang=lang)} ({r['_first_rule']}): one award per measure "
            f"and year, the highest only"
        ),
    )


def _beyond_topup(f: pl.DataFrame, policy: Policy, label: str, zh: bool) -> list[dict]:
    """beyond_topup — year by year, the cumulative awarded m2/m6 total above the highest cap awarded so far
    (跨年只补差额)."""
    g = f.filter(
        pl.col("_awarded")
        & pl.col("_in_group")
        & pl.col("_key").is_not_null()
        & pl.col("year").is_not_null()
        & pl.col("award").is_not_null()
    )
    if not g.height:
        return []
    per = (
        g.group_by("_key", "year")
        .agg(
            pl.col("award").sum().alias("_sum"),
            pl.col("_cap").max().alias("_year_cap"),
            pl.col("_cap").is_null().any().alias("_uncapped"),
            pl.col("_seq").max().alias("_last"),
            pl.col("rule").unique(maintain_order=True).alias("_rules"),
        )
        .sort("_key", "year")
    )
    # One row per beneficiary and year: a plain scan is clearest (cumulative sum, running max cap).
    state: dict[str, dict] = {}
    flagged = []
    for r in per.iter_rows(named=True):
        s = state.setdefault(r["_key"], {"cum": Decimal(0), "cap": None, "uncapped": False, "rules": []})
        s["cum"] += r["_sum"]
        if r["_year_cap"] is not None:
            s["cap"] = r["_year_cap"] if s["cap"] is None else max(s["cap"], r["_year_cap"])
        s["uncapped"] = s["uncapped"] or r["_uncapped"]  # a group rule without a cap: nothing to pass
        s["rules"] += [x for x in r["_rules"] if x not in s["rules"]]
        if not s["uncapped"] and s["cap"] is not None and s["cum"] > s["cap"]:
            flagged.append({"_seq": r["_last"], "_cum": s["cum"], "_max_cap": s["cap"], "_rules": list(s["rules"])})
    if not flagged:
        return []
    extra = pl.DataFrame(
        flagged,
        schema={"_seq": pl.Int64, "_cum": MONEY_DTYPE, "_max_cap": MONEY_DTYPE, "_rules": pl.List(pl.String)},
        orient="row",
    )
    rows = extra.join(f, on="_seq", how="left").sort("_seq")
    sep = "、" if zh else ", "

    def topup_message(r: dict) -> str:
        rules = r["_rules"]
        capped = [x for x in rules if policy.rules[x].cap == r["_max_cap"]]
        if zh:
            return (
                f"截至{r['year']}年{label}累计获奖{_fmt_amount(r['_cum'])}万元，超过已获奖规则"
                f"（{sep.join(rules)}）中的最高上限{_fmt_amount(r['_max_cap'])}万元（{sep.join(capped)}）："
                f"跨年只补差额，不重复享受"
            )
        return (
            f"cumulative award under {label} reaches {_fmt_amount(r['_cum'])} 万元 by {r['year']}, above the "
            f"highest cap among the rules awarded so far ({sep.join(rules)}): {_fmt_amount(r['_max_cap'])} 万元 "
            f"({sep.join(capped)}); across years only the top-up may be paid"
        )

    return _violations(rows, "beyond_topup", topup_message)


def _repeated_one_off(f: pl.DataFrame, policy: Policy, lang: str) -> list[dict]:
    """repeated_one_off — a one-off reward (m3.fiscal: 一次性奖励, the policy's `m3.fiscal.once`) awarded to one
    beneficiary in more than one year: reported at every awarded row of a later year than the first."""
    once = ["m3.fiscal"] if policy.m3_once and "m3.fiscal" in policy.rules else []
    keyed = ["_key", "rule"]
    aw = f.filter(
        pl.col("_awarded") & pl.col("rule").is_in(once) & pl.col("_key").is_not_null() & pl.col("year").is_not_null()
    )
    if not aw.height:
        return []
    aw = aw.with_columns(_first_year=pl.col("year").min().over(keyed))
    first = (
        aw.filter(pl.col("year") == pl.col("_first_year"))
        .sort("_seq")
        .group_by(keyed, maintain_order=True)
        .first()
        .select(*keyed, _first_source="_source", _first_row="_row")
    )
    later = aw.filter(pl.col("year") > pl.col("_first_year")).join(first, on=keyed, how="left").sort("_seq")
    zh = lang == "zh"
    return _violations(
        later,
        "repeated_one_off",
        lambda r: (
            f"{r['rule']}已于{r['_first_year']}年在{row_ref(r['_first_source'], r['_first_row'], lang=lang)}获奖："
            f"一次性奖励，政策施行期内只奖励一次"
            if zh
            else f"{r['rule']} was already awarded for {r['_first_year']} at "
            f"{row_ref(r['_first_source'], r['_first_row'], lang=lang)}: a one-off reward (一次性奖励) is paid once "
            f"in the policy period"
        ),
    )


def _above_cap(f: pl.DataFrame, zh: bool) -> list[dict]:
    """above_cap — an award above its rule's cap (a rule without a cap has none to pass)."""
    above = f.filter(pl.col("_cap").is_not_null() & pl.col("award").is_not_null() & (pl.col("award") > pl.col("_cap")))
    return _violations(
        above,
        "above_cap",
        lambda r: (
            f"奖励{_fmt_amount(r['award'])}万元超过规则{r['rule']}的上限{_fmt_amount(r['_cap'])}万元"
            if zh
            else f"award {_fmt_amount(r['award'])} 万元 is above the cap of {r['rule']}, {_fmt_amount(r['_cap'])} 万元"
        ),
    )


def _out_of_period(f: pl.DataFrame, policy: Policy, zh: bool) -> list[dict]:
    """out_of_period — an awarded row or a non-zero award in a year that is not an annual year."""
    years = list(policy.annual_years)
    listed = ("、" if zh else ", ").join(map(str, years))
    money = pl.col("award").is_not_null() & (pl.col("award") != pl.lit(Decimal(0), MONEY_DTYPE))
    outside = f.filter((pl.col("_awarded") | money) & (pl.col("year").is_null() | ~pl.col("year").is_in(years)))

    def period_message(r: dict) -> str:
        what_zh = "为获奖状态" if r["_awarded"] else f"有非零奖励{_fmt_amount(r['award'])}万元"
        what_en = "is awarded" if r["_awarded"] else f"carries a non-zero award of {_fmt_amount(r['award'])} 万元"
        if r["year"] is None:
            return (
                f"没有年份却{what_zh}：只有政策年度（{listed}）可以获奖"
                if zh
                else f"has no year but {what_en}: only the policy's annual years ({listed}) can be awarded"
            )
        return (
            f"{r['year']}年不是政策年度（{listed}），却{what_zh}"
            if zh
            else f"year {r['year']} is not an annual year of the policy ({listed}) but the row {what_en}"
        )

    return _violations(outside, "out_of_period", period_message)


def _unknown_rules(f: pl.DataFrame, policy: Policy, zh: bool) -> list[dict]:
    """unknown_rule — a rule id the policy does not define (so no cap, measure or group can be checked)."""
    unknown = f.filter(~pl.col("_known"))
    return _violations(
        unknown,
        "unknown_rule",
        lambda r: (
            (f"规则{r['rule']!r}不在政策文件（{policy.id}）的规则表中" if r["rule"] is not None else "没有规则编号")
            if zh
            else (
                f"rule {r['rule']!r} is not a rule of the policy ({policy.id})"
                if r["rule"] is not None
                else "no rule id"
            )
        ),
    )


def _bad_amounts(f: pl.DataFrame, places: int, zh: bool) -> list[dict]:
    """bad_amount — missing, negative, or finer than award_decimals (0.01 万元 = 100 元)."""
    award = pl.col("award")
    bad = f.filter(award.is_null() | (award < pl.lit(Decimal(0), MONEY_DTYPE)) | (award != award.round(places)))

    def amount_message(r: dict) -> str:
        a = r["award"]
        if a is None:
            return "没有奖励金额（无奖励时应为0）" if zh else "no amount (the ledger writes 0 when there is no award)"
        if a < 0:
            return f"奖励金额为负数：{_fmt_amount(a)}万元" if zh else f"negative award: {_fmt_amount(a)} 万元"
        return (
            f"奖励金额{_fmt_amount(a)}万元超过{places}位小数"
            if zh
            else f"award {_fmt_amount(a)} 万元 has more than {places} decimals"
        )

    return _violations(bad, "bad_amount", amount_message)
