"""Measure 7 — 建立生态链企业“白名单” (rule id `m7.whitelist`).

第七条：在全市筛选一批电商产业园区、MCN机构、人才培养机构、供应链企业以及代运营、内容制作等专业服务企业，
建立全市电商生态链企业“白名单”……对于具有一定实力和知名度、无违法违规和不良信用记录的电商园区、机构、企业，
推荐列入省电商生态链企业“白名单”库。电商生态链企业“白名单”实施动态管理。
Article 7: screen parks, MCN agencies, training institutions, supply-chain and service enterprises into a
city whitelist; those with some strength and no violation or bad-credit record go to the provincial list;
the list is managed dynamically.

The executable reading (RULES.md §7):

- 具有一定实力和知名度 = revenue (万元), employees and years in operation each ≥ the minimum of the
  candidate's category (policy `m7.categories.*`; equal passes).
- 无违法违规和不良信用记录 = no record with `recorded_on` in `[as_of − N years, as_of]` (both ends
  included; N = policy `m7.lookback_years` or `--lookback-years`; Feb 29 − N years = Feb 28) unless it
  was repaired (`repaired_on`) on or before `as_of`. Records dated after `as_of` do not count.
- A candidate outside Jining, or with an invalid credit code, is excluded; a duplicate code is a data error.
- `recommend_province`: included and no record at all for that code, ever.
- 动态管理 = `change` against the previous published list: added, kept, removed, new_candidate_rejected;
  an entity on the previous list that is no longer a candidate gets an `exclude` / `removed` row.

Every failing reason is reported, not only the first. Records can run to millions of rows: everything
on them is vectorised polars (normalise the code, one hash lookup to the candidate, window filter,
group_by); plain Python only touches the few distinct categories, counties and invalid codes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl

from jncli import credit_code
from jncli.errors import DataError, UsageError, row_ref
from jncli.ledger import EXCLUDED, INCLUDED
from jncli.policy import Policy, WhitelistCategory
from jncli.rules import RuleResult, Said, decimals
from jncli.values import MONEY_DTYPE, parse_date_expr

RULE_ID = "m7.whitelist"

INCLUDE = "include"
EXCLUDE = "exclude"
ADDED = "added"
KEPT = "kept"
REMOVED = "removed"
NEW_CANDIDATE_REJECTED = "new_candidate_rejected"
CHANGES = (ADDED, KEPT, REMOVED, NEW_CANDIDATE_REJECTED)
# `--only changes` = what the published list gains or loses (the update the bureau publishes).
PUBLISHED_CHANGES = (ADDED, REMOVED)
ONLY = ("include", "exclude", "changes")

OUTPUT_COLUMNS = (
    "beneficiary",
    "beneficiary_name",
    "measure",
    "rule",
    "year",
    "award",
    "status",
    "basis",
    "decision",
    "change",
    "recommend_province",
    "reasons",
    "blocking_records",
    "category",
    "county",
    "revenue",
    "employees",
    "years_operating",
)

# The inputs are frames already in memory and the per-candidate work is many small expressions: the
# in-memory engine runs this about a third faster than polars 2's default streaming engine.
_ENGINE = "in-memory"

_REASON_SEP = {"zh": "；", "en": "; "}
_SPLIT = "\x1f"  # joins reasons internally (ASCII unit separator: never in a reason)
# Reason templates; `{}` are filled by pl.format (value, category, minimum) or str.format.
_TEXT = {
    "zh": {
        "not_jining": "不属于{city}县（市、区）：{{}}",
        "county_empty": "未填写县（市、区）",
        "no_longer": "已不在候选名单中",
        "revenue": "营业收入{}万元低于{}最低要求{}万元",
        "employees": "从业人数{}人低于{}最低要求{}人",
        "years_operating": "经营年限{}年低于{}最低要求{}年",
        "revenue_missing": "未填报营业收入",
        "employees_missing": "未填报从业人数",
        "years_operating_missing": "未填报经营年限",
        "records": "{start}至{as_of}期间有{{}}条截至{as_of}未修复的违法违规或不良信用记录",
    },
    "en": {
        "not_jining": "not a county of {city} ({{}})",
        "county_empty": "county is empty: not a county of the city",
        "no_longer": "no longer a candidate",
        "revenue": "revenue {} 万元 below the {} minimum {} 万元",
        "employees": "employees {} below the {} minimum {}",
        "years_operating": "years operating {} below the {} minimum {}",
        "revenue_missing": "revenue not given",
        "employees_missing": "employees not given",
        "years_operating_missing": "years operating not given",
        "records": "{{}} violation or bad-credit record(s) recorded {start}..{as_of} and not repaired by {as_of}",
    },
}


# ----------------------------------------------------------------------------------- dates
# The shapes a published whitelist (--previous) may come in, for tableio.conform_first.
PREVIOUS_SHAPES = [("ledger", ("beneficiary", "status")), ("candidates", ("credit_code",))]


def previous_list(frame: pl.DataFrame, shape: str) -> pl.DataFrame:
    """The last published list as `vet_whitelist(previous=…)` takes it: this command's own output
    (ledger columns) as is; a plain list of credit codes (`candidates` shape) means every code listed."""
    if shape == "ledger":
        return frame
    return frame.select(
        "_source",
        "_row",
        beneficiary=pl.col("credit_code"),
        status=pl.lit("included"),
        beneficiary_name=pl.col("name") if "name" in frame.columns else pl.lit(None, pl.String),
    )


def window_start(as_of: dt.date, years: int) -> dt.date:
    """`as_of` minus `years` calendar years; Feb 29 falls back to Feb 28 in a common year."""
    try:
        return as_of.replace(year=as_of.year - years)
    except ValueError:  # Feb 29 → a year without one
        return dt.date(as_of.year - years, 2, 28)


def parse_date_option(text: str, option: str = "--as-of") -> dt.date:
    """A date given on the command line, in any form a date cell may take (RULES.md §0): 2023-05-01,
    2023/5/1, 20230501, 2023年5月1日 … — the reader's own parser, so options and files agree."""
    day = pl.select(parse_date_expr(pl.lit(text, dtype=pl.String))).item()
    if day is None:
        raise UsageError(
            f"{option}: {text!r} is not a date", hint="write it like 2023-06-30, 2023/6/30, 20230630 or 2023年6月30日"
        )
    return day


# ----------------------------------------------------------------------------------- helpers
def _where(frame: pl.DataFrame, i: int) -> str:
    """'file.csv row 7' for row i of a conformed frame (row numbers as a spreadsheet shows them)."""
    src = frame["_source"][i] if "_source" in frame.columns else None
    if "_row" in frame.columns:
        row = frame["_row"][i]
    else:  # no reader bookkeeping (a frame built in code): header is row 1
        row = (frame["_i"][i] if "_i" in frame.columns else i) + 2
    return row_ref(src or None, row)


def _normalised_code(col: str) -> pl.Expr:
    return credit_code.normalized_expr(pl.col(col))


def _number_text(expr: pl.Expr) -> pl.Expr:
    """Decimal/float/int as the shortest plain text: 1200.000000 → 1200, 12.500000 → 12.5, 3.0 → 3."""
    text = expr.cast(pl.String)
    # Decimal and float casts always carry a '.', so trailing zeros (then the '.') can go.
    return (
        pl.when(text.str.contains(".", literal=True))
        .then(text.str.strip_chars_end("0").str.strip_chars_end("."))
        .otherwise(text)
    )


def _plain(value: Decimal | int | float) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 1000, 2.5 — never 1E+3
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _zh_numeral(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _category_frame(policy: Policy) -> pl.DataFrame:
    cats = policy.m7_categories
    return pl.DataFrame(
        {
            "category": [c.key for c in cats],
            "_cat_zh": [c.zh for c in cats],
            "_min_revenue": decimals([c.revenue for c in cats], MONEY_DTYPE),
            "_min_employees": pl.Series([c.employees for c in cats], dtype=pl.Int64),
            "_min_years_operating": pl.Series([float(c.years_operating) for c in cats], dtype=pl.Float64),
            "_min_revenue_txt": [_plain(c.revenue) for c in cats],
            "_min_employees_txt": [_plain(c.employees) for c in cats],
            "_min_years_operating_txt": [_plain(c.years_operating) for c in cats],
        },
        schema_overrides={"category": pl.String, "_cat_zh": pl.String},
    )


def _expected_categories(cats: tuple[WhitelistCategory, ...]) -> str:
    return ", ".join(f"{c.zh}/{c.key}" for c in cats)


def _require(frame: pl.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        src = frame["_source"][0] if "_source" in frame.columns and frame.height else what
        raise DataError(f"{src}: {what} needs column(s) {', '.join(missing)}; found {', '.join(frame.columns)}")


# ----------------------------------------------------------------------------------- candidates
def _prepare_candidates(candidates: pl.DataFrame, policy: Policy) -> pl.LazyFrame:
    """Checks that stop the run (duplicate code, unknown category) now; the per-row work as a lazy query."""
    _require(candidates, ("credit_code", "category", "county", "revenue", "employees", "years_operating"), "candidates")
    cand = candidates.with_row_index("_i").with_columns(_code=_normalised_code("credit_code"))
    cand = cand.with_columns(_code=pl.when(pl.col("_code") != "").then(pl.col("_code")))
    if "name" not in cand.columns:
        cand = cand.with_columns(name=pl.lit(None, dtype=pl.String))

    # A duplicate code is two rows claiming one entity: the caller must decide which is right.
    dup = cand.filter(pl.col("_code").is_not_null() & pl.col("_code").is_duplicated())
    if dup.height:
        code = dup["_code"][0]
        rows = cand.filter(pl.col("_code") == code)["_i"].to_list()
        raise DataError(
            f"duplicate candidate credit code {code}: {_where(cand, rows[0])} and {_where(cand, rows[1])}",
            hint="each entity must appear once in the candidates",
        )

    # Category: Chinese name, English key or alias → key (few distinct values: plain Python is fine).
    mapping: dict[str, str | None] = {}
    for raw in cand["category"].unique().drop_nulls().to_list():
        found = policy.category(raw)
        mapping[raw] = found.key if found else None
    unknown = cand.filter(
        pl.col("category").is_null()
        | pl.col("category").replace_strict(mapping, default=None, return_dtype=pl.String).is_null()
    )
    if unknown.height:
        raw = unknown["category"][0]
        what = "is empty" if raw is None else f"{raw!r} is not a whitelist category"
        more = f" (and {unknown.height - 1} more row(s))" if unknown.height > 1 else ""
        raise DataError(
            f"{_where(unknown, 0)}, column category: {what}{more}",
            hint=f"use one of {_expected_categories(policy.m7_categories)}",
        )

    # County: aliases → canonical; anything outside Jining stays as written (and is a reason).
    county_map = {raw: policy.canonical_county(raw) for raw in cand["county"].unique().drop_nulls().to_list()}
    canonical = pl.col("county").replace_strict(county_map, default=None, return_dtype=pl.String)
    return (
        cand.lazy()
        .with_columns(
            category=pl.col("category").replace_strict(mapping, return_dtype=pl.String),
            _county_raw=pl.col("county"),
            _in_jining=canonical.is_not_null(),
            county=pl.coalesce(canonical, pl.col("county")),
            _code_ok=credit_code.valid_expr(pl.col("_code")),
        )
        .join(_category_frame(policy).lazy(), on="category", how="left", maintain_order="left")
    )


def _code_problems(cand: pl.DataFrame, lang: str) -> pl.Expr:
    """The reason for an invalid code, in credit_code's own words (only the few invalid codes go to Python)."""
    problem = credit_code.problem_zh if lang == "zh" else credit_code.problem
    bad_codes = cand.filter(~pl.col("_code_ok"))["_code"].unique().to_list()
    messages = {c: problem(c).replace(_SPLIT, "") for c in bad_codes if c is not None}
    explained = pl.col("_code").replace_strict(messages, default=None, return_dtype=pl.String)
    return pl.when(pl.col("_code").is_null()).then(pl.lit(problem(None))).when(~pl.col("_code_ok")).then(explained)


# ----------------------------------------------------------------------------------- records
def _match_records(records: pl.DataFrame, codes: pl.DataFrame, start: dt.date, as_of: dt.date) -> pl.LazyFrame:
    """The records of candidates (`codes`: `_i`, `_code`), each with the candidate's `_i` and `_counts`:
    recorded within [start, as_of] and not repaired on or before as_of."""
    _require(records, ("credit_code", "recorded_on"), "records")
    if records["recorded_on"].null_count():
        i = records.with_row_index("_i").filter(pl.col("recorded_on").is_null())["_i"][0]
        raise DataError(
            f"{_where(records, i)}, column recorded_on: the date is empty",
            hint="every violation / credit record needs the date it was recorded",
        )
    kind = pl.col("kind") if "kind" in records.columns else pl.lit(None, dtype=pl.String)
    repaired = pl.col("repaired_on") if "repaired_on" in records.columns else pl.lit(None, dtype=pl.Date)
    # One hash lookup per record gives the candidate's position (null: not a candidate); cheaper than a
    # join on a million rows, and everything after works on integers.
    position = _normalised_code("credit_code").replace_strict(codes["_code"], codes["_i"], default=None)
    return (
        records.lazy()
        .select(_i=position, kind=kind, recorded_on=pl.col("recorded_on"), repaired_on=repaired)
        .filter(pl.col("_i").is_not_null())
        .select(
            "_i",
            "kind",
            "recorded_on",
            _counts=pl.col("recorded_on").is_between(start, as_of, closed="both")
            & (pl.col("repaired_on").is_null() | (pl.col("repaired_on") > as_of)),
        )
    )


def _screen(matched: pl.DataFrame) -> tuple[pl.Series, pl.DataFrame]:
    """The `_i` of candidates with any record ever, and per `_i` the blocking records ("kind@date", by date)."""
    day = pl.col("recorded_on").cast(pl.String)
    label = pl.when(pl.col("kind").is_null()).then(day).otherwise(pl.concat_str(pl.col("kind"), pl.lit("@"), day))
    ever = matched.lazy().select(pl.col("_i").unique())
    blocking = (
        matched.lazy()
        .filter("_counts")
        .select("_i", "recorded_on", _label=label)
        .sort("_i", "recorded_on", "_label")  # integer keys first: cheap, and a stable order for audits
        .group_by("_i", maintain_order=True)
        .agg(blocking_records=pl.col("_label"))
    )
    ever, blocking = pl.collect_all([ever, blocking], engine=_ENGINE)
    return ever["_i"], blocking


# ----------------------------------------------------------------------------------- previous list
def _previous_list(previous: pl.DataFrame, warnings: list[str]) -> pl.DataFrame:
    """The entities on the previous published list: m7.whitelist rows with status included (latest year)."""
    _require(previous, ("beneficiary", "status"), "--previous (this command's earlier output)")
    prev = previous.with_row_index("_i")
    if "rule" in prev.columns:
        prev = prev.filter(pl.col("rule").str.strip_chars() == RULE_ID)
    if "year" in prev.columns and prev["year"].n_unique() > 1:
        latest = prev["year"].max()
        warnings.append(
            Said(
                f"the previous list holds whitelist rows of several years; compared with the latest, {latest}",
                f"上一版名单含多个年度的白名单行，按最近的{latest}年比较",
            )
        )
        prev = prev.filter(pl.col("year") == latest)
    prev = prev.filter(pl.col("status").str.strip_chars().str.to_lowercase() == INCLUDED)
    name = pl.col("beneficiary_name") if "beneficiary_name" in prev.columns else pl.lit(None, dtype=pl.String)
    listed = (
        prev.select(_code=_normalised_code("beneficiary"), _prev_name=name, _i=pl.col("_i"))
        .filter(pl.col("_code").is_not_null() & (pl.col("_code") != ""))
        .unique("_code", keep="first", maintain_order=True)
    )
    if listed.height == 0:
        warnings.append(
            Said(
                f"the previous list holds no {RULE_ID} row with status {INCLUDED}: every included candidate is 'added'",
                f"上一版名单没有状态为 {INCLUDED} 的 {RULE_ID} 行：列入的候选企业均为“新增”",
            )
        )
    return listed


# ----------------------------------------------------------------------------------- the rule
def vet_whitelist(
    candidates: pl.DataFrame,
    records: pl.DataFrame,
    policy: Policy,
    *,
    previous: pl.DataFrame | None = None,
    as_of: dt.date,
    lookback_years: int | None = None,
    only: str | None = None,
    lang: str = "zh",
) -> RuleResult:
    """Vet whitelist candidates (conformed "candidates" frame) against the policy minimums and the
    conformed "records" frame; compare with `previous` (this command's earlier output, conformed as a
    "ledger") when given. Returns one row per candidate, plus one per entity that left the list."""
    start = _check_options(policy, as_of, lookback_years, only, previous, lang)
    info = policy.rules[RULE_ID]
    warnings: list[str] = []
    cand, codes = _screened(candidates, records, policy, start, as_of, lang, warnings)
    cat_name = pl.col("_cat_zh") if lang == "zh" else pl.col("category")
    cand = _decide(cand, policy, start, as_of, cat_name, lang)
    included = pl.col("_reasons").is_null()

    # Dynamic management (动态管理): compare with the previous published list.
    prev = _previous_list(previous, warnings) if previous is not None else None
    if prev is not None:
        on_prev = pl.col("_code").is_in(prev["_code"].implode()).fill_null(False)
        cand = cand.with_columns(
            change=pl.when(included & on_prev)
            .then(pl.lit(KEPT))
            .when(included)
            .then(pl.lit(ADDED))
            .when(on_prev)
            .then(pl.lit(REMOVED))
            .otherwise(pl.lit(NEW_CANDIDATE_REJECTED))
        )
    else:
        cand = cand.with_columns(change=pl.lit(None, dtype=pl.String))

    cand = cand.with_columns(basis=_basis(policy, info.measure, lang, start, as_of, cat_name))
    ledger = dict(
        measure=pl.lit(info.measure, dtype=pl.Int64),
        rule=pl.lit(RULE_ID),
        year=pl.lit(as_of.year, dtype=pl.Int64),
        award=pl.lit("0").cast(MONEY_DTYPE),  # via text: a Python Decimal makes polars import NumPy
    )
    out = _output_rows(cand, ledger)
    if prev is not None:
        gone = prev.join(codes, on="_code", how="anti", maintain_order="left")
        if gone.height:
            out = pl.concat([out, _removed_rows(gone, ledger, policy, info.measure, lang)], how="vertical")

    n_in = out.filter(pl.col("decision") == INCLUDE).height
    n_rec = out["recommend_province"].sum()
    notes = [
        Said(
            f"{n_in} included, {out.height - n_in} excluded, {n_rec} recommended to the provincial whitelist "
            f"(records window {start}..{as_of})",
            f"列入{n_in}家，不列入{out.height - n_in}家，推荐省库{n_rec}家（记录核查期 {start}..{as_of}）",
        )
    ]
    if only == "include":
        out = out.filter(pl.col("decision") == INCLUDE)
    elif only == "exclude":
        out = out.filter(pl.col("decision") == EXCLUDE)
    elif only == "changes":
        out = out.filter(pl.col("change").is_in(PUBLISHED_CHANGES))
    return RuleResult(out, warnings, notes)


def _check_options(
    policy: Policy,
    as_of: dt.date,
    lookback_years: int | None,
    only: str | None,
    previous: pl.DataFrame | None,
    lang: str,
) -> dt.date:
    """The options checked; returns the first day of the records window (as_of − N years)."""
    if lang not in _TEXT:
        raise UsageError(f"--lang must be zh or en, not {lang!r}")
    if only is not None and only not in ONLY:
        raise UsageError(f"--only must be include, exclude or changes, not {only!r}")
    if only == "changes" and previous is None:
        raise UsageError("--only changes needs --previous (the list to compare with)")
    years = policy.m7_lookback_years if lookback_years is None else lookback_years
    if years < 0:
        raise UsageError(f"--lookback-years must be 0 or more, not {years}")
    if RULE_ID not in policy.rules:
        raise DataError(f"policy file {policy.source}: rule {RULE_ID} is not under [rules]")
    try:
        return window_start(as_of, years)
    except ValueError:
        raise UsageError(f"--lookback-years {years} reaches before year 1") from None


def _screened(
    candidates: pl.DataFrame,
    records: pl.DataFrame,
    policy: Policy,
    start: dt.date,
    as_of: dt.date,
    lang: str,
    warnings: list[str],
) -> tuple[pl.LazyFrame, pl.DataFrame]:
    """The candidates with their blocking records (无违法违规和不良信用记录), whether they ever had one, and
    the reason for an invalid code, as a lazy query; and their codes (`_i`, `_code`)."""
    cand = _prepare_candidates(candidates, policy)
    # Codes are unique here: duplicates were refused.
    codes = cand.select("_i", "_code").filter(pl.col("_code").is_not_null()).collect(engine=_ENGINE)
    # The candidate checks and the million-record lookup are independent: one collect runs them in parallel.
    cand, matched = pl.collect_all([cand, _match_records(records, codes, start, as_of)], engine=_ENGINE)
    ever, blocking = _screen(matched)
    ignored = records.height - matched.height
    if ignored:
        warnings.append(
            Said(
                f"{ignored} of {records.height} records name entities that are not candidates; ignored",
                f"{records.height}条记录中有{ignored}条所涉企业不是候选企业，已忽略",
            )
        )

    code_reason = _code_problems(cand, lang)

    # From here on one lazy query over the candidates (collected once, below).
    cand = (
        cand.lazy()
        .join(blocking.lazy(), on="_i", how="left", maintain_order="left")
        .with_columns(
            blocking_records=pl.col("blocking_records").fill_null(pl.lit([], dtype=pl.List(pl.String))),
            _ever=pl.col("_i").is_in(ever.implode()),
            _r_code=code_reason,
        )
    )
    return cand, codes


def _decide(
    cand: pl.LazyFrame, policy: Policy, start: dt.date, as_of: dt.date, cat_name: pl.Expr, lang: str
) -> pl.LazyFrame:
    """Every failing reason, in a fixed order: code, county, revenue, employees, years, records (具有一定实力和
    知名度、无违法违规和不良信用记录); no reason → include, and no record ever → recommend to the province."""
    text = _TEXT[lang]
    # The numbers as written in sentences, computed once for reasons and basis.
    cand = cand.with_columns(
        _revenue_txt=_number_text(pl.col("revenue")),
        _employees_txt=pl.col("employees").cast(pl.String),
        _years_operating_txt=_number_text(pl.col("years_operating")),
    )

    def minimum(col: str) -> pl.Expr:
        below = pl.format(text[col], pl.col(f"_{col}_txt"), cat_name, pl.col(f"_min_{col}_txt"))
        return (
            pl.when(pl.col(col).is_null())
            .then(pl.lit(text[f"{col}_missing"]))
            .when(pl.col(col) < pl.col(f"_min_{col}"))
            .then(below)
        )

    n_blocking = pl.col("blocking_records").list.len()
    records_reason = pl.format(text["records"].format(start=start, as_of=as_of), n_blocking)
    county_written = pl.col("_county_raw").str.replace_all(_SPLIT, "", literal=True)
    not_jining = pl.format(text["not_jining"].format(city=policy.city_name), county_written)
    county_reason = (
        pl.when(pl.col("_county_raw").is_null())
        .then(pl.lit(text["county_empty"]))
        .when(~pl.col("_in_jining"))
        .then(not_jining)
    )
    # Joined with a private separator and split again: much faster than concat_list + drop_nulls.
    joined = pl.concat_str(
        pl.col("_r_code"),
        county_reason,
        minimum("revenue"),
        minimum("employees"),
        minimum("years_operating"),
        pl.when(n_blocking > 0).then(records_reason),
        separator=_SPLIT,
        ignore_nulls=True,
    )
    cand = cand.with_columns(_reasons=joined).with_columns(_reasons=pl.when(pl.col("_reasons") != "").then("_reasons"))
    no_reasons = pl.lit([], dtype=pl.List(pl.String))
    cand = cand.with_columns(reasons=pl.col("_reasons").str.split(_SPLIT).fill_null(no_reasons))
    included = pl.col("_reasons").is_null()
    return cand.with_columns(
        decision=pl.when(included).then(pl.lit(INCLUDE)).otherwise(pl.lit(EXCLUDE)),
        recommend_province=included & ~pl.col("_ever"),
    )


def _output_rows(cand: pl.LazyFrame, ledger: dict[str, pl.Expr]) -> pl.DataFrame:
    """One output row per candidate (OUTPUT_COLUMNS): the ledger columns, then the decision and its grounds."""
    included = pl.col("_reasons").is_null()
    return cand.select(
        beneficiary=pl.col("_code"),
        beneficiary_name=pl.col("name"),
        **ledger,
        status=pl.when(included).then(pl.lit(INCLUDED)).otherwise(pl.lit(EXCLUDED)),
        basis=pl.col("basis"),
        decision=pl.col("decision"),
        change=pl.col("change"),
        recommend_province=pl.col("recommend_province"),
        reasons=pl.col("reasons"),
        blocking_records=pl.col("blocking_records"),
        category=pl.col("category"),
        county=pl.col("county"),
        revenue=pl.col("revenue").cast(MONEY_DTYPE),
        employees=pl.col("employees").cast(pl.Int64),
        years_operating=pl.col("years_operating").cast(pl.Float64),
    ).collect(engine=_ENGINE)


def _removed_rows(
    gone: pl.DataFrame, ledger: dict[str, pl.Expr], policy: Policy, measure: int, lang: str
) -> pl.DataFrame:
    """An exclude / removed row for each entity of the previous list that is no longer a candidate (动态管理)."""
    text = _TEXT[lang]
    article = _article_ref(policy, measure, lang)
    basis = (
        f"{article}，不再列入白名单：{text['no_longer']}。"
        if lang == "zh"
        else f"{article}: removed from the whitelist: {text['no_longer']}."
    )
    return gone.select(
        beneficiary=pl.col("_code"),
        beneficiary_name=pl.col("_prev_name"),
        **ledger,
        status=pl.lit(EXCLUDED),
        basis=pl.lit(basis),
        decision=pl.lit(EXCLUDE),
        change=pl.lit(REMOVED),
        recommend_province=pl.lit(False),
        reasons=pl.concat_list(pl.lit(text["no_longer"])),
        blocking_records=pl.lit([], dtype=pl.List(pl.String)),
        category=pl.lit(None, dtype=pl.String),
        county=pl.lit(None, dtype=pl.String),
        revenue=pl.lit(None, dtype=MONEY_DTYPE),
        employees=pl.lit(None, dtype=pl.Int64),
        years_operating=pl.lit(None, dtype=pl.Float64),
    )


def _article_ref(policy: Policy, measure: int, lang: str) -> str:
    try:
        title = policy.article(measure).title if lang == "zh" else policy.article(measure).title_en
    except KeyError:
        title = None
    if lang == "zh":
        return f"依据第{_zh_numeral(measure)}条" + (f"（{title}）" if title else "")
    return f"Article {measure}" + (f" ({title})" if title else "")


def _basis(policy: Policy, measure: int, lang: str, start: dt.date, as_of: dt.date, cat_name: pl.Expr) -> pl.Expr:
    """One sentence per candidate citing the article, the numbers and the decision."""
    article = _article_ref(policy, measure, lang)
    numbers = [pl.col(n) for c in ("revenue", "employees", "years_operating") for n in (f"_{c}_txt", f"_min_{c}_txt")]
    reasons = pl.col("_reasons").str.replace_all(_SPLIT, _REASON_SEP[lang], literal=True)
    if lang == "zh":
        met = pl.format(
            article + "，{}营业收入{}万元（最低{}万元）、从业人数{}人（最低{}人）、经营年限{}年（最低{}年）均达到要求，"
            f"{start}至{as_of}无未修复的违法违规和不良信用记录，列入白名单",
            cat_name,
            *numbers,
        )
        province = (
            pl.when(pl.col("recommend_province"))
            .then(pl.lit("，推荐列入省电商生态链企业“白名单”库。"))
            .otherwise(pl.lit("；因有窗口外、已修复或晚于评估日的记录，不推荐列入省库。"))
        )
        failed = pl.format(article + "，不列入白名单：{}。", reasons)
    else:
        met = pl.format(
            article + ": {} with revenue {} 万元 (minimum {}), employees {} (minimum {}), years operating {} "
            f"(minimum {{}}) and no unrepaired violation or bad-credit record from {start} to {as_of}: included",
            cat_name,
            *numbers,
        )
        province = (
            pl.when(pl.col("recommend_province"))
            .then(pl.lit("; recommended to the provincial whitelist."))
            .otherwise(
                pl.lit("; not recommended to the provincial whitelist: it has expired, repaired or later records.")
            )
        )
        failed = pl.format(article + ": not included: {}.", reasons)
    return pl.when(pl.col("decision") == INCLUDE).then(pl.concat_str(met, province)).otherwise(failed)
