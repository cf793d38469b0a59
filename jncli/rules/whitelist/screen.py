"""The candidates prepared (code, category, county) and their violation / credit records matched.

在全市筛选一批电商产业园区、MCN机构、人才培养机构、供应链企业以及代运营、内容制作等专业服务企业……对于具有
一定实力和知名度、无违法违规和不良信用记录的电商园区、机构、企业……
(A duplicate credit code or an empty category stops the run, a category the policy file has no minimums for
excludes the candidate (the list ends in 等: rev 3); a record counts when it was recorded
within [as_of − N years, as_of] and not repaired by as_of — millions of records, one hash lookup each.)
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from jncli import credit_code
from jncli import schema as schemas
from jncli.errors import DataError, row_ref
from jncli.policy import Policy, normalize_name
from jncli.rules import Said
from jncli.rules.overlap import repeats, shared_rows
from jncli.rules.whitelist.common import (
    _ENGINE,
    _SPLIT,
    _category_frame,
    _expected_categories,
    _normalised_code,
    _require,
    _where,
)
from jncli.values import _EMPTY_WORDS, text

# Records columns the rule normalises itself, so the step may pass them as read (`conform(raw_text=...)`): the
# kind only labels the few blocking records; stripping a million of them in the reader cost more. The code is
# normalised by the rule anyway (`_record_codes`): the reader's strip of a million codes was a pass of its own.
SELF_NORMALISED = ("kind", "credit_code")


def _prepare_candidates(candidates: pl.DataFrame, policy: Policy, warnings: list[str]) -> pl.LazyFrame:
    """Checks that stop the run (duplicate code, empty category) now; the per-row work as a lazy query. A
    category the policy does not list keeps its text and gets no minimums (`_unlisted`: a reason)."""
    _require(candidates, ("credit_code", "category", "county", "revenue", "employees", "years_operating"), "candidates")
    cand = candidates.with_row_index("_i").with_columns(_code=_normalised_code(candidates["credit_code"]))
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

    # Category: Chinese name, English key or alias → key (few distinct values: plain Python is fine). (rev 3) The
    # text's list ends in 等: a category the policy file has no minimums for excludes the candidate (a reason and a
    # warning), it does not stop the run; an empty category is a missing value and does.
    mapping: dict[str, str | None] = {}
    for raw in cand["category"].unique().drop_nulls().to_list():
        found = policy.category(raw)
        mapping[raw] = found.key if found else None
    empty = cand.filter(pl.col("category").is_null())
    if empty.height:
        more = f" (and {empty.height - 1} more row(s))" if empty.height > 1 else ""
        raise DataError(
            f"{_where(empty, 0)}, column category: is empty{more}",
            hint=f"use one of {_expected_categories(policy.m7_categories)}",
        )
    known = pl.col("category").replace_strict(mapping, default=None, return_dtype=pl.String)
    unknown = cand.filter(known.is_null())
    if unknown.height:
        names = ", ".join(repr(c) for c in unknown["category"].unique(maintain_order=True).to_list())
        more = f" (and {unknown.height - 1} more row(s))" if unknown.height > 1 else ""
        more_zh = f"（另有 {unknown.height - 1} 行）" if unknown.height > 1 else ""
        warnings.append(
            Said(
                f"{_where(unknown, 0)}{more}: category {names} has no minimums in the policy file, so "
                f'{unknown.height} candidate(s) are excluded ("category without minimums in the policy '
                f"file\"). The text's list ends in 等: to vet such candidates, add the category with its "
                f"minimums under [m7.categories.<key>] in a copy of the policy file and pass --policy FILE "
                f"(see docs/policy.md); the categories now: {_expected_categories(policy.m7_categories)}",
                f"{_where(unknown, 0, 'zh')}{more_zh}：类别 {names} 在政策文件中没有最低要求，{unknown.height}家候选"
                f"企业不列入白名单（类别在政策文件中没有最低要求）。第七条所列类别以“等”结尾：如需评审此类企业，"
                f"请在政策文件副本的 [m7.categories.<key>] 下增加该类别及其最低要求，并以 --policy FILE 指定"
                f"（见 docs/policy.md）；现有类别：{_expected_categories(policy.m7_categories)}",
            )
        )

    # County: aliases → canonical; anything outside Jining stays as written (and is a reason).
    county_map = {raw: policy.canonical_county(raw) for raw in cand["county"].unique().drop_nulls().to_list()}
    canonical = pl.col("county").replace_strict(county_map, default=None, return_dtype=pl.String)
    return (
        cand.lazy()
        .with_columns(
            _unlisted=known.is_null(),
            category=pl.coalesce(known, pl.col("category")),
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


def _refuse_undated(records: pl.DataFrame) -> None:
    if records["recorded_on"].null_count():
        i = records.with_row_index("_i").filter(pl.col("recorded_on").is_null())["_i"][0]
        raise DataError(
            f"{_where(records, i)}, column recorded_on: the date is empty",
            hint="every violation / credit record needs the date it was recorded",
        )
    # A repair dated before the record (a typo in either date) would count as repaired, and the candidate pass:
    # the dates contradict each other, as a shop closed before it opened (hostile review 2, A2).
    if "repaired_on" in records.columns:
        before = (pl.col("repaired_on") < pl.col("recorded_on")).fill_null(False)
        if records.select(before.any()).item():
            i = records.with_row_index("_i").filter(before)["_i"][0]
            repaired, recorded = records["repaired_on"][i], records["recorded_on"][i]
            raise DataError(
                f"{_where(records, i)}, column repaired_on: {repaired} is before recorded_on {recorded}",
                hint="a record is repaired (信用修复) after it is recorded: check both dates",
            )


def _match_records(
    records: pl.DataFrame, record_codes: pl.Series, codes: pl.DataFrame, start: dt.date, as_of: dt.date
) -> pl.LazyFrame:
    """The records of candidates (`codes`: `_i`, `_code`), each with the candidate's `_i` and `_counts`:
    recorded within [start, as_of] and not repaired on or before as_of. `record_codes`: the records' codes
    normalised."""
    _require(records, ("credit_code", "recorded_on"), "records")
    _refuse_undated(records)
    kind = pl.col("kind") if "kind" in records.columns else pl.lit(None, dtype=pl.String)
    repaired = pl.col("repaired_on") if "repaired_on" in records.columns else pl.lit(None, dtype=pl.Date)
    # An inner join with the candidates' codes gives each record its candidate's position (codes are unique:
    # duplicates were refused; a record of no candidate drops out); everything after works on integers. Half
    # the cost of a `replace_strict` lookup on a million records. In no particular order (keeping the records'
    # order cost a third more: a million records, ~95 → ~65 ms): nothing after depends on it — `_screen` sorts
    # the blocking records on every column it keeps and tests `_i` with `is_in`, `_unrecognised_kinds` takes
    # the distinct kinds and names rows by their place in `records`, the count of the others is a height.
    return (
        records.with_columns(record_codes.alias("_code"))
        .lazy()
        .select("_code", kind=kind, recorded_on=pl.col("recorded_on"), repaired_on=repaired)
        .join(codes.lazy(), on="_code", how="inner")
        .select("_i", "kind", "recorded_on", _counts=_counts(start, as_of))
    )


def _invalid(codes: pl.Series) -> pl.DataFrame:
    """The distinct codes among `codes` (the records' codes normalised, or their distinct values:
    `_codes_and_distinct`) that are no valid code (GB 32100-2015), as `_code`: the check digit computed once per
    code (a million records of ~150,000 codes: 194 → 117 ms CPU). A code met twice (two written forms of one
    code, rare) is checked twice and listed twice: the caller asks whether there is any and which rows hold one,
    so the `unique` of ~150,000 strings (~8 ms) is not paid for them."""
    distinct = pl.DataFrame({"_code": codes})
    code = pl.col("_code")
    return distinct.filter(code.is_not_null() & (code != "") & ~credit_code.valid_expr(code))


def _record_codes(written: pl.Series) -> pl.Series:
    """The records' codes as the reader's text rule and then `credit_code.normalized_series` make them, from the
    codes as read (SELF_NORMALISED) or conformed (the same: the text rule changes a conformed code no more). A
    code with no whitespace, lower case or non-ASCII character (nearly all) is its own stripped text: only the
    not-applicable marks (-, /, N/A …) are missing; the others take the text rule and the rewrite, on them alone.
    A million codes: the reader's strip (~25 ms) saved, ~5 ms added."""
    at = written.str.contains(credit_code._NEEDS_REWRITE).arg_true()
    codes = written.replace(_EMPTY_WORDS, None)
    if at.len():
        fixed = written.gather(at).to_frame("c").select(credit_code.normalized_expr(text(pl.col("c"))))
        codes = codes.scatter(at, fixed.to_series())
    return codes.replace("", None)


def _distinct_written(written: pl.Series, hashed: pl.Series | None = None) -> tuple[pl.Series, pl.Series] | None:
    """The distinct codes as written (nulls included) and each row's position among them, from the codes' 64-bit
    hashes: one hash per row, the distinct hashes' first rows, and a join on integers, then proven exact — every
    row's text equals the text of its distinct code (a compare on ~18 bytes a row); a collision (two texts of one
    hash) fails the proof: None, and the caller takes the strings' own `unique` and join. A million records: the
    strings hashed once instead of twice (their `unique`, their join with the candidates' codes). `hashed`: the
    hashes to use instead of polars' (a test's collisions)."""
    hashed = written.hash() if hashed is None else hashed
    first = hashed.arg_unique()
    distinct = written.gather(first)
    at = pl.DataFrame({"h": hashed.gather(first), "j": pl.int_range(first.len(), dtype=pl.UInt32, eager=True)})
    idx = pl.DataFrame({"h": hashed}).join(at, on="h", how="left", maintain_order="left")["j"]
    if idx.len() != written.len() or idx.null_count():
        return None
    same = pl.DataFrame({"w": written, "j": idx}).select(pl.col("w").eq_missing(pl.lit(distinct).gather("j")).all())
    return (distinct, idx) if same.item() else None


def _counts(start: dt.date, as_of: dt.date) -> pl.Expr:
    """Whether a record counts against its candidate: recorded within [start, as_of] and not repaired on or
    before as_of (both ways of matching records, `_match_records` and `_match_distinct`, decide by it)."""
    return pl.col("recorded_on").is_between(start, as_of, closed="both") & (
        pl.col("repaired_on").is_null() | (pl.col("repaired_on") > as_of)
    )


def _match_distinct(
    records: pl.DataFrame, idx: pl.Series, on: pl.Series, start: dt.date, as_of: dt.date
) -> pl.LazyFrame:
    """`_match_records` from the distinct codes (`_distinct_written`): their normalised values joined with the
    candidates' codes (`on`, `_candidate_of`: ~150,000 rows instead of a million), each record's candidate then
    its distinct code's (`idx`: the record's position among them), an integer gather."""
    _require(records, ("credit_code", "recorded_on"), "records")
    _refuse_undated(records)
    kind = pl.col("kind") if "kind" in records.columns else pl.lit(None, dtype=pl.String)
    repaired = pl.col("repaired_on") if "repaired_on" in records.columns else pl.lit(None, dtype=pl.Date)
    return (
        records.lazy()
        .select(_i=pl.lit(on).gather(idx), kind=kind, recorded_on=pl.col("recorded_on"), repaired_on=repaired)
        .filter(pl.col("_i").is_not_null())
        .select("_i", "kind", "recorded_on", _counts=_counts(start, as_of))
    )


def _candidate_of(distinct_codes: pl.Series, codes: pl.DataFrame) -> pl.Series:
    """The `_i` of the candidate (`codes`: `_i`, `_code`, codes unique) of each of `distinct_codes`, null for none."""
    return pl.DataFrame({"_code": distinct_codes}).join(codes, on="_code", how="left", maintain_order="left")["_i"]


def _invalid_unproven(distinct_codes: pl.Series, on: pl.Series, cand: pl.DataFrame) -> pl.DataFrame:
    """`_invalid(distinct_codes)` (as a set) where `on` gives each code's candidate (`_candidate_of`): a code equal
    to a candidate's was checked as the candidate's (`_code_ok`, the same `credit_code.valid_expr`), so only the
    others are checked here (a million records of ~150,000 codes, a third of them candidates': ~21 → ~15 ms)."""
    checked = cand.filter(~pl.col("_code_ok") & pl.col("_i").is_in(on.drop_nulls().implode()))
    return pl.concat([_invalid(distinct_codes.filter(on.is_null())), checked.select("_code")])


def _codes_and_distinct(
    written: pl.Series, by_text: tuple[pl.Series, pl.Series] | None = None
) -> tuple[pl.Series, pl.Series]:
    """`_record_codes(written)`, and its distinct values (for `_invalid`), found from the distinct codes as
    written: the normalisation is a function of the written text, so the distinct normalised codes are the
    distinct written ones normalised; and when none of those needs the rewrite (the test made on ~150,000
    distinct codes instead of a million rows), no row does, and each code is its written text without the
    not-applicable marks, as `_record_codes` gives it then. Otherwise `_record_codes` on every row, as before.
    A million records with the validity check: ~105 → ~95 ms. `by_text`: the distinct codes as written and each
    row's place among them (`_distinct_written`); the second value is then the normalised value of each of those
    (in their order: `_match_distinct` takes them so), else of `written.unique()`."""
    distinct = written.unique() if by_text is None else by_text[0]
    if distinct.str.contains(credit_code._NEEDS_REWRITE).any():
        return _record_codes(written), _record_codes(distinct)
    # what `_record_codes` gives where no code needs the rewrite ("" is one of _EMPTY_WORDS), without its test
    return written.replace(_EMPTY_WORDS, None), distinct.replace(_EMPTY_WORDS, None)


def _nameless(written: pl.Series, codes: pl.Series) -> pl.Series:
    """The positions of the records without a code (`written` empty, missing or blank, as the reader's text
    rule reads it: 无, — … too), in order. `codes`: `written` normalised, null wherever that is, so only those
    rows are looked at: a million records, 24 → ~1 ms."""
    at = codes.is_null().arg_true()
    gone = written.gather(at).to_frame("c").select(text(pl.col("c"))).to_series()
    return at.filter(gone.is_null() | (gone.str.strip_chars() == ""))


def _refuse_invalid_codes(
    records: pl.DataFrame, codes: pl.Series, invalid: pl.DataFrame, how: str, warnings: list[str]
) -> None:
    """A record whose code is not a code can be matched to nobody: a violator would escape the list through a
    typo. An error in `annual` (`how` "error": the run would publish the list), a warning naming the first rows
    in the command. `codes`: the records' codes normalised; `invalid`: those of them no valid code (`_invalid`)."""
    if not invalid.height:
        return
    rows = codes.is_in(invalid["_code"].implode()).fill_null(False).arg_true()
    n, code = rows.len(), codes[int(rows[0])]
    first = [int(i) for i in rows.head(3)]
    if how == "error":
        raise DataError(
            f"{_where(records, first[0])}, column credit_code: {code!r} is not a valid credit code (GB 32100-2015), "
            f"so the record can block no candidate ({n} such record(s))",
            hint="correct the code at the source: a violation under a mistyped code lets its enterprise onto the list",
        )
    more = ", …" if n > 3 else ""
    en = ", ".join(_where(records, i) for i in first) + more
    zh = "，".join(_where(records, i, "zh") for i in first) + more.replace(", ", "，")
    warnings.append(
        Said(
            f"{n} record(s) have a credit code that is not a valid code (GB 32100-2015), so they can block no "
            f"candidate ({en}; first: {credit_code.problem(code)}): check them at the source",
            f"{n}条记录的统一社会信用代码不是有效代码（GB 32100-2015），无法对应任何候选企业（{zh}；"
            f"第一处：{credit_code.problem_zh(code)}）：请核对原始记录",
        )
    )


def _kindless_records(records: pl.DataFrame, warnings: list[str]) -> None:
    """Records without a record-kind column whose other headers nothing reads: perhaps no violation records at
    all (an honours list: code, name, title, 认定日期), which would exclude every enterprise on it. A warning
    naming those headers (`annual` stops on such a file before: `annual.inputs`)."""
    known = {c.name for c in schemas.SCHEMAS["records"].columns}
    unused = [c for c in records.columns if not c.startswith("_") and c not in known]
    if "kind" in records.columns or not unused:
        return
    names = ", ".join(unused)
    warnings.append(
        Said(
            f"the records have no record-kind column (记录类型, 类型 …) and their headers {names} are read by nothing: "
            f"check that the file is a list of violation and credit records (each of its codes with a date keeps "
            f"that enterprise off the whitelist)",
            f"违规记录表没有记录类型列（记录类型、类型等），且表头 {names} 未被读取：请核对该文件确为违法违规和不良信用"
            f"记录（其中每个带日期的代码都会使该企业不能列入白名单）",
        )
    )


def _repairless_records(records: pl.DataFrame, blocked: int, warnings: list[str]) -> None:
    """Records without a repair-date column (信用修复日期) count as never repaired (RULES.md §5: `repaired_on` is
    optional). When that keeps a candidate off the list, say so: a repair recorded elsewhere would change it."""
    if "repaired_on" in records.columns or not blocked:
        return
    warnings.append(
        Said(
            f"the records have no repair-date column (信用修复日期, 修复日期 …): every record counts as not repaired, "
            f"and {blocked} candidate(s) are kept off the list by such records; add the column if any was repaired "
            f"(an empty column states that none was)",
            f"违规记录表没有信用修复日期列（信用修复日期、修复日期等）：所有记录均按未修复处理，{blocked}个候选因此类记录"
            f"不能列入；如有记录已修复，请补充该列（该列为空表示均未修复）",
        )
    )


def names_violation(kind: str, policy: Policy) -> bool:
    """Does a record's kind name a violation or bad-credit record? It holds a word of `m7.record_kind_words`
    with no word of `m7.record_kind_negations` before it (无违法违规记录, 移出经营异常名录 name none), and no
    word of `m7.record_kind_honours` (无欠薪示范企业, 打击假冒伪劣先进单位 are honours). Compared as names are
    (NFKC, case, spaces)."""
    k = normalize_name(kind)
    if any(normalize_name(h) in k for h in policy.m7_record_kind_honours):
        return False
    negations = [normalize_name(n) for n in policy.m7_record_kind_negations]
    for word in (normalize_name(w) for w in policy.m7_record_kind_words):
        at = k.find(word)
        while at >= 0:
            if not any(n in k[:at] for n in negations):
                return True
            at = k.find(word, at + 1)
    return False


def _unrecognised_kinds(
    records: pl.DataFrame,
    record_codes: pl.Series,
    codes: pl.DataFrame,
    matched: pl.DataFrame,
    policy: Policy,
    how: str,
    warnings: list[str],
) -> None:
    """A candidate's record whose kind names no violation or bad-credit record (`names_violation`), or that has no
    kind though the file has the column: most likely the file is no records list (an honours list with a 类型
    column: 电子商务人才培训示范基地; the column empty or filled once per group), and its rows keep every enterprise on
    it off the whitelist. The record still counts (RULES §7: every record does): an error in `annual` (`how`
    "error"), a warning in the command. Only the candidates' records are looked at (a few distinct kinds, in plain
    Python): no other record decides anything."""
    if not matched.height:
        return
    has_column = "kind" in records.columns
    # the few distinct kinds as written, with their stripped text (the column is passed as read: SELF_NORMALISED)
    pairs = matched.select(pl.col("kind").unique()).with_columns(_text=text(pl.col("kind")))
    odd = [
        (written, kind)
        for written, kind in pairs.iter_rows()
        if (kind is None and has_column) or (kind is not None and not names_violation(kind, policy))
    ]
    if not odd:
        return
    of_candidate = record_codes.is_in(codes["_code"].implode()).fill_null(False)
    named_odd = [w for w, k in odd if k is not None]
    hit = of_candidate & records.select(pl.col("kind").is_in(named_odd).fill_null(False))["kind"]
    names = sorted({k for _, k in odd if k is not None})
    if any(k is None for _, k in odd):
        # an empty kind counts only in a file that gives kinds elsewhere: a file without any (its column absent or
        # empty throughout) is a kindless file, which `annual` refuses unless DATA/inputs.toml says it is records
        stripped = records.select(text(pl.col("kind")))["kind"]
        empty = stripped.is_null()
        if "_source" in records.columns:
            kinded = records.filter(stripped.is_not_null())["_source"].unique().implode()
            empty = empty & records.select(pl.col("_source").is_in(kinded).fill_null(False))["_source"]
        elif not stripped.is_not_null().any():
            empty = empty & False
        empty = of_candidate & empty
        if empty.any():
            hit, names = hit | empty, ["", *names]
    if not hit.any():
        return
    rows = hit.arg_true()
    n, firms, first = rows.len(), record_codes.gather(rows).n_unique(), int(rows[0])
    kind = records.select(text(pl.col("kind")))["kind"][first]
    shown = ", ".join(repr(k) for k in names[:3]) + (", …" if len(names) > 3 else "")
    sample = ", ".join(policy.m7_record_kind_words[:6])
    if how == "error" and kind is None:
        raise DataError(
            f"{_where(records, first)}, column kind: is empty, yet {n} record(s) without a kind or of another kind "
            f"would keep {firms} candidate(s) off the whitelist (kinds: {shown})",
            hint="a list of violation and credit records says what each record is (违法违规, 不良信用 …); if the file "
            "is no such list (an honours list), take it out of the data",
        )
    if how == "error":
        raise DataError(
            f"{_where(records, first)}, column kind: {kind!r} names no violation or bad-credit record (no word "
            f"of the policy's m7.record_kind_words: {sample} …), yet {n} such record(s) would keep {firms} "
            f"candidate(s) off the whitelist (kinds: {shown})",
            hint="if the file is no list of violation and credit records (an honours list), take it out of the "
            "data; if the kind is one, add a word of it to m7.record_kind_words in a copy of the policy file and "
            "pass --policy FILE",
        )
    zh_shown = "、".join(k or "（空）" for k in names[:3]) + ("等" if len(names) > 3 else "")
    warnings.append(
        Said(
            f"{n} record(s) of {firms} candidate(s) have no kind or a kind that names no violation or bad-credit "
            f"record ({shown}; first: {_where(records, first)}): they keep those candidates off the whitelist; check "
            f"that the file is a list of violation and credit records (a word of such a kind can be added to the "
            f"policy's m7.record_kind_words)",
            f"{firms}家候选企业的{n}条记录没有记录类型或其类型不是违法违规或不良信用记录（{zh_shown}；第一处："
            f"{_where(records, first, 'zh')}）：这些记录仍使相应企业不能列入白名单；请核对该文件确为违法违规和"
            f"不良信用记录（此类记录类型的词语可加入政策文件的 m7.record_kind_words）",
        )
    )


def _refuse_two_versions(
    records: pl.DataFrame, record_codes: pl.Series, warnings: list[str]
) -> tuple[pl.DataFrame, pl.Series]:
    """Two records files holding one record (the same credit code, kind and date recorded; the repair date is
    what a revision changes): two versions of the list or exports that overlap, not parts of it
    (`jncli.rules.overlap`). Records without a code are left out (they block nobody: a warning of their own).
    Records shared identical in every column by files neither of which is a part of the other (two sources
    naming the same record, an exact copy) are a warning, each counted once: the records without the later
    file's repeats, and their codes."""
    identity = {"_k_code": record_codes, "_k_on": pl.col("recorded_on")}
    if "kind" in records.columns:
        identity["_k_kind"] = text(pl.col("kind")).fill_null("")
    compare = [c for c in records.columns if not c.startswith("_")]
    same = shared_rows(records, identity, compare)
    if same is None:
        return records, record_codes
    a, b = same.first, same.second
    if same.identical:
        warnings.append(
            Said(
                f"{a} and {b}: {same.rows} record(s) of {b} repeat a record of {a} identical in every column "
                f"(first: {row_ref(b, same.second_row)} and {row_ref(a, same.first_row)}): read as two sources "
                "naming the same record, each counted once",
                f"{a} 与 {b}：{b} 中有{same.rows}条记录与 {a} 中的记录各列完全相同（第一处："
                f"{row_ref(b, same.second_row, lang='zh')} 与 {row_ref(a, same.first_row, lang='zh')}）："
                "按两个来源列出同一记录读取，每条只计一次",
            )
        )
        keep = ~repeats(records, identity, compare)
        return records.filter(keep), record_codes.filter(keep)
    raise DataError(
        f"{a} and {b}: {same.rows} record(s) of {b} repeat a record of {a} (the same credit code, kind and date "
        f"recorded; first: {row_ref(b, same.second_row)} and {row_ref(a, same.first_row)}): two versions of the "
        f"records, or parts that overlap; which records to count cannot be told",
        hint="keep one version (take the other out of the data folder); if the files are parts of one list, remove "
        "the records they share from one of them",
    )


def _screen(matched: pl.DataFrame) -> tuple[pl.Series, pl.DataFrame]:
    """The `_i` of candidates with any record ever (one per record: `is_in` takes them as they are, cheaper than
    making them distinct first), and per `_i` the blocking records ("kind@date", by date)."""
    day = pl.col("recorded_on").cast(pl.String)
    # The kind as the reader conforms text (stripped; empty or 无/— … missing), here on the blocking records
    # only: the step passes the column as read (SELF_NORMALISED); on a conformed column it changes nothing.
    kind = text(pl.col("kind"))
    label = pl.when(kind.is_null()).then(day).otherwise(pl.concat_str(kind, pl.lit("@"), day))
    blocking = (
        matched.lazy()
        .filter("_counts")
        .select("_i", "recorded_on", _label=label)
        .sort("_i", "recorded_on", "_label")  # integer keys first: cheap, and a stable order for audits
        .group_by("_i", maintain_order=True)
        .agg(blocking_records=pl.col("_label"))
        .collect(engine=_ENGINE)
    )
    return matched["_i"], blocking


def _screened(
    candidates: pl.DataFrame,
    records: pl.DataFrame,
    policy: Policy,
    start: dt.date,
    as_of: dt.date,
    lang: str,
    warnings: list[str],
    invalid_codes: str = "warn",
) -> tuple[pl.LazyFrame, pl.DataFrame]:
    """The candidates with their blocking records (无违法违规和不良信用记录), whether they ever had one, and
    the reason for an invalid code, as a lazy query; and their codes (`_i`, `_code`)."""
    cand = _prepare_candidates(candidates, policy, warnings)
    # Codes are unique here: duplicates were refused.
    codes = cand.select("_i", "_code").filter(pl.col("_code").is_not_null()).collect(engine=_ENGINE)
    # The candidate checks, the million-record lookup and the records' code check are independent: one collect
    # runs them in parallel.
    written = records["credit_code"]
    by_text = _distinct_written(written)
    record_codes, distinct_codes = _codes_and_distinct(written, by_text)
    kept, record_codes = _refuse_two_versions(records, record_codes, warnings)
    on = None
    if by_text is not None and kept is records:  # each record's candidate from its distinct code's
        on = _candidate_of(distinct_codes, codes)
        match = _match_distinct(records, by_text[1], on, start, as_of)
    else:
        match = _match_records(kept, record_codes, codes, start, as_of)
    records = kept
    cand, matched = pl.collect_all([cand, match], engine=_ENGINE)
    invalid = _invalid(distinct_codes) if on is None else _invalid_unproven(distinct_codes, on, cand)
    _refuse_invalid_codes(records, record_codes, invalid, invalid_codes, warnings)
    _kindless_records(records, warnings)
    _unrecognised_kinds(records, record_codes, codes, matched, policy, invalid_codes, warnings)
    ever, blocking = _screen(matched)
    _repairless_records(records, blocking.height, warnings)
    ignored = records.height - matched.height
    if ignored:
        warnings.append(
            Said(
                f"{ignored} of {records.height} records name entities that are not candidates; ignored",
                f"{records.height}条记录中有{ignored}条所涉企业不是候选企业，已忽略",
            )
        )
    # a record whose code is missing blocks nobody: a candidate's violation could hide there
    nameless = _nameless(records["credit_code"], record_codes)
    if nameless.len():
        i = int(nameless[0])
        src = records["_source"][i] if "_source" in records.columns else None
        row = records["_row"][i] if "_row" in records.columns else i + 2
        n = nameless.len()
        warnings.append(
            Said(
                f"{n} record(s) have no credit code, so they cannot block any candidate "
                f"(first: {row_ref(src, row)}): check them at the source",
                f"{n}条记录没有统一社会信用代码，无法对应任何候选企业"
                f"（第一处：{row_ref(src, row, lang='zh')}）：请核对原始记录",
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
