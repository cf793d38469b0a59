"""Each hire: the checks that stop the run, every condition of article 8, and the months of insurance.

……对我市电商、跨境电商企业吸纳经省电商生态链企业“白名单”培训机构培训或经院校“专业+实训”电商培训的人员就业，
并连续缴纳6个月以上社会保险的……
(A hire qualifies when the employer's code is valid and its county is in Jining, the training is the
college word or a code on the list of whitelisted training institutions, trained_on ≤ hired_on, and
the employer paid the person's insurance in at least N consecutive calendar months (N = 6: "以上"
includes 6) starting no earlier than the month of hired_on, counting months up to the as-of date. The
year it counts in is the year of the N-th month of the first such run.)
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from jncli import credit_code
from jncli.errors import DataError, row_ref
from jncli.policy import HiresRule, Policy
from jncli.rules import Said
from jncli.rules.hires import cover
from jncli.rules.hires.common import (
    ID_CHECK,
    ID_WEIGHTS,
    SPLIT,
    TEXT,
    has_old_ids,
    id18_expr,
    index_of,
    mask_expr,
    month_index,
    month_label,
    month_text,
    old_id_expr,
    person_id_expr,
    where,
)
from jncli.rules.overlap import repeats, shared_rows

# The queries here run over conformed frames already in memory: polars' in-memory engine (what eager
# DataFrame methods run on) spares the ~0.3 ms set-up of the default streaming engine per query
# (tests/test_small_engine.py: the same results either way).
_ENGINE = "in-memory"


# ------------------------------------------------------------------------------------------ checks that stop the run
def _empty(frame: pl.DataFrame, column: str, value: pl.Expr, what: str, hint: str) -> None:
    empty = frame.filter(value.is_null())
    if empty.height:
        more = f" (and {empty.height - 1} more row(s))" if empty.height > 1 else ""
        raise DataError(f"{where(empty, 0, column)}: {what} is empty{more}", hint=hint)


def _id_check_ok(pid: pl.Expr) -> pl.Expr:
    """False for an 18-character 身份证号 (17 digits and a digit or X) whose check character is wrong."""
    digits = [pid.str.slice(i, 1).cast(pl.Int64, strict=False) for i in range(17)]
    total = pl.sum_horizontal([d * w for d, w in zip(digits, ID_WEIGHTS)])
    expected = pl.lit(ID_CHECK).str.slice((total % 11).cast(pl.Int64), 1)
    shaped = pid.str.contains(r"^\d{17}[\dX]$")
    return (~shaped | (pid.str.slice(17, 1) == expected)).fill_null(True)


def _check_person_ids(frame: pl.DataFrame, m8: HiresRule) -> None:
    """A person id too short to be shown masked, a masked id, or a 身份证号 failing its check, stops the run;
    the message shows it masked as every output does. The hires' and the insurance table's person ids alike."""
    shortest = m8.mask_keep_first + m8.mask_keep_last + 1
    ids = frame.with_columns(_masked=mask_expr(pl.col("_pid"), m8), _ok=_id_check_ok(pl.col("_pid")))
    short = ids.filter(pl.col("_pid").str.len_chars() < shortest)
    if short.height:
        raise DataError(
            f"{where(short, 0, 'person_id')}: {short['_masked'][0]!r} has {len(short['_pid'][0])} characters, too few "
            f"to be shown masked (the first {m8.mask_keep_first} and last {m8.mask_keep_last} are shown)",
            hint=f"use the 身份证号, or another stable id of at least {shortest} characters",
        )
    _refuse_masked(ids, m8)
    bad = ids.filter(~pl.col("_ok"))
    if bad.height:
        more = f" (and {bad.height - 1} more row(s))" if bad.height > 1 else ""
        raise DataError(
            f"{where(bad, 0, 'person_id')}: {bad['_masked'][0]!r} fails the 身份证号 check (GB 11643){more}",
            hint="a typing error, or digits lost when Excel stored the id as a number (format the column as text)",
        )


def _refuse_masked(frame: pl.DataFrame, m8: HiresRule) -> None:
    """An id that is its own mask (`9908**********2488`: a table jncli wrote, `cat --as hires`) matches
    nobody, or matches every person masked alike: it stops the run. One cheap look for the mask
    character first; the mask is compared only on the ids holding it."""
    held = frame.filter(pl.col("_pid").str.contains(m8.mask_char, literal=True).fill_null(False))
    masked = held.filter(pl.col("_pid") == mask_expr(pl.col("_pid"), m8)) if held.height else held
    if masked.height:
        raise DataError(
            f"{where(masked, 0, 'person_id')}: {masked['_pid'][0]!r} is a masked id, as jncli writes it: "
            f"it cannot be matched to a person",
            hint="give trained-hires the hires and insurance files as they came, not a table jncli wrote",
        )


def prepare_hires(hires: pl.DataFrame, policy: Policy) -> pl.DataFrame:
    """The hires with their employer code (`_code`), person id (`_pid`) and county checked: an empty
    employer code, person id or county column value that cannot be read stops the run, as does one
    person listed twice for one employer (naming both rows, the person masked)."""
    missing = [
        c for c in ("credit_code", "county", "person_id", "training", "trained_on", "hired_on") if c not in hires
    ]
    if missing:
        src = hires["_source"][0] if "_source" in hires.columns and hires.height else "hires"
        raise DataError(f"{src}: the hires need column(s) {', '.join(missing)}; found {', '.join(hires.columns)}")
    f = hires.with_row_index("_i").with_columns(
        _code=credit_code.normalized_expr(pl.col("credit_code")),
        _pid=person_id_expr("person_id"),
        name=pl.col("name") if "name" in hires.columns else pl.lit(None, pl.String),
    )
    if has_old_ids(f):  # a 15-digit 身份证号 is compared as its 18-digit form (`_pid18`; hostile review 3, A2)
        f = f.with_columns(_pid18=id18_expr(pl.col("_pid")))
    if _may_stop(f, policy):  # the checks one by one only when one of them can stop the run
        _stop_on_hire_ids(f, policy)
    counties = {raw: policy.canonical_county(raw) for raw in f["county"].unique().drop_nulls().to_list()}
    canonical = pl.col("county").replace_strict(counties, default=None, return_dtype=pl.String)
    f = f.with_columns(
        _county_raw=pl.col("county"),
        _in_jining=canonical.is_not_null(),
        county=pl.coalesce(canonical, pl.col("county")),
        _code_ok=credit_code.valid_expr(pl.col("_code")),
    )
    # One employer, one county: two counties for one code is a contradiction a person must settle.
    split = f.filter(pl.col("county").n_unique().over("_code") > 1)
    if split.height:
        code = split["_code"][0]
        rows = split.filter(pl.col("_code") == code).unique("county", keep="first", maintain_order=True)
        raise DataError(
            f"employer {code} is in {rows['county'][0] or '(empty)'} at {where(rows, 0)} and in "
            f"{rows['county'][1] or '(empty)'} at {where(rows, 1)}",
            hint="an employer is in one county: correct the county of its hires",
        )
    return f


def _may_stop(f: pl.DataFrame, policy: Policy) -> bool:
    """Whether a check of `_stop_on_hire_ids` can stop the run, in one query over `f` (the usual answer, no,
    spares its ~10 queries on tiny frames): an empty employer code or person id, an id too short to mask, an id
    holding the mask character, a 身份证号 failing its check, one person listed twice for one employer. True
    does not mean it stops (an id may hold the mask character and not be a mask): the checks then decide."""
    m8 = policy.m8
    pid = pl.col("_pid")
    found = f.select(
        pl.col("_code").is_null().any().alias("_a"),
        pid.is_null().any().alias("_b"),
        (pid.str.len_chars() < m8.mask_keep_first + m8.mask_keep_last + 1).any().alias("_c"),
        pid.str.contains(m8.mask_char, literal=True).fill_null(False).any().alias("_d"),
        (~_id_check_ok(pid)).any().alias("_e"),
        pl.struct("_code", same_person(f)).is_duplicated().any().alias("_f"),
    ).row(0)
    return any(found)


def same_person(f: pl.DataFrame) -> str:
    """The column of prepared hires `f` telling one person: `_pid18` where an id is a 15-digit 身份证号, else `_pid`."""
    return "_pid18" if "_pid18" in f.columns else "_pid"


def _stop_on_hire_ids(f: pl.DataFrame, policy: Policy) -> None:
    """The checks of prepare_hires that stop the run, in their order: empty employer codes and person ids,
    person ids (`_check_person_ids`), one person listed twice for one employer (naming both rows)."""
    _empty(f, "credit_code", pl.col("_code"), "the employer's credit code", "every hire names its employer")
    _empty(f, "person_id", pl.col("_pid"), "the person id", "every hire names the person (身份证号)")
    _check_person_ids(f, policy.m8)
    key = same_person(f)
    dup = f.filter(pl.struct("_code", key).is_duplicated())
    if dup.height:
        first = dup.row(0, named=True)
        rows = f.filter((pl.col("_code") == first["_code"]) & (pl.col(key) == first[key]))
        raise DataError(
            f"person {policy.m8.mask(first['_pid'])} is listed twice for employer {first['_code']}: "
            f"{where(rows, 0)} and {where(rows, 1)}",
            hint="one row per person and employer",
        )


# ------------------------------------------------------------------------------------------ the insurance months
def insurance_runs(
    insurance: pl.DataFrame,
    hires: pl.DataFrame,
    as_of: dt.date,
    months: int,
    notes: list[str],
    m8: HiresRule | None = None,
    *,
    year: int | None = None,
    doubtful: str = "warn",
    warnings: list[str] | None = None,
) -> pl.DataFrame:
    """Per hire (`_i`): the longest run of consecutive months the employer paid from the month of hiring
    up to the as-of month (`_longest`, `_longest_start`), the first run of at least `months`
    (`_run_start`) and, given `year`, whether a month of it was paid (`_in_year`). Insurance rows of other
    people or employers are ignored, counted in `notes`. Given `warnings` (and `m8`), one person's month
    counted for two employers is a warning, or an error with `doubtful` "error" (`cover.concurrent`)."""
    for column in ("person_id", "credit_code", "month"):
        if column not in insurance.columns:
            src = insurance["_source"][0] if "_source" in insurance.columns and insurance.height else "insurance"
            raise DataError(f"{src}: the insurance table needs column {column}; found {', '.join(insurance.columns)}")
    ins = insurance.with_row_index("_j").with_columns(
        _pid=person_id_expr("person_id"), _code=credit_code.normalized_expr(pl.col("credit_code"))
    )
    if _insurance_may_stop(ins, m8, hires):  # the checks one by one only when one of them can stop the run
        _empty(ins, "person_id", pl.col("_pid"), "the person id", "every insurance row names the person")
        if m8 is not None:  # the person ids as the hires' are checked (hostile review 1, A5)
            _check_person_ids(ins, m8)
        code, hint = "the employer's credit code", "every insurance row names the employer"
        _empty(ins, "credit_code", pl.col("_code"), code, hint)
        _empty(ins, "month", pl.col("month"), "the month", "every insurance row names the month paid")
    old = has_old_ids(ins)  # a 15-digit 身份证号 compared as its 18-digit form (hostile review 3, A2)
    if old:
        ins = ins.with_columns(_old=old_id_expr(pl.col("_pid")), _pid=id18_expr(pl.col("_pid")))
    said = warnings if warnings is not None else notes
    cover.invalid_codes(ins, hires, doubtful, said)
    ins = _refuse_two_versions(ins, said)
    keys = hires.filter(pl.col("hired_on").is_not_null()).select(
        "_i", _pid=pl.col(same_person(hires)), _code="_code", _hire_m=month_index(pl.col("hired_on"))
    )
    last = index_of(as_of)
    looked = ins.select("_j", "_pid", "_code", *(["_old"] if old else []), _m=month_index(pl.col("month")))
    matched = looked.join(keys, on=["_pid", "_code"])
    if old or "_pid18" in hires.columns:
        _old_ids_note(matched, hires, notes)
    if m8 is not None:
        cover.none_matched(ins, keys, hires, matched.height, m8, doubtful, said)
    counted = matched.filter(pl.col("_m").is_between(pl.col("_hire_m"), last))
    if warnings is not None and m8 is not None:
        cover.concurrent(ins, counted, m8, doubtful, warnings)
    paid = counted.unique(["_i", "_m"]).sort("_i", "_m")
    in_year = pl.col("_m").is_between(year * 12, year * 12 + 11) if year is not None else pl.lit(False)
    runs = (
        paid.with_columns(_run=pl.col("_m") - pl.int_range(pl.len()).over("_i"))
        .group_by("_i", "_run")
        .agg(_start=pl.col("_m").min(), _len=pl.len(), _in_year=in_year.any())
    )
    per_hire = runs.group_by("_i").agg(
        _longest=pl.col("_len").max(),
        _longest_start=pl.col("_start").filter(pl.col("_len") == pl.col("_len").max()).min(),
        _run_start=pl.col("_start").filter(pl.col("_len") >= months).min(),
        _in_year=pl.col("_in_year").any(),
    )
    _insurance_notes(ins.height, matched, counted, paid.height, last, notes)
    return per_hire


def _old_ids_note(matched: pl.DataFrame, hires: pl.DataFrame, notes: list[str]) -> None:
    """How many insurance rows were matched to a hire through a 15-digit 身份证号 (on either side)."""
    via = pl.col("_old") if "_old" in matched.columns else pl.lit(False)
    if "_pid18" in hires.columns:
        old_hires = hires.filter(pl.col("_pid18") != pl.col("_pid"))["_i"]
        via = via | pl.col("_i").is_in(old_hires.implode())
    k = matched.select(via.sum()).item()
    if k:
        notes.append(
            Said(
                f"{k} insurance row(s) were matched to a hire through a 15-digit 身份证号 (the form before GB "
                f"11643-1999) in the insurance or the hires table: read as the one 18-digit id it becomes",
                f"{k}条参保记录通过15位身份证号（GB 11643-1999之前的旧号码，见于参保表或招用人员表）与所列人员匹配："
                "按其唯一对应的18位号码比对",
            )
        )


def _insurance_may_stop(ins: pl.DataFrame, m8: HiresRule | None, hires: pl.DataFrame) -> bool:
    """Whether an insurance row has an empty person id, employer code or month, or (given `m8`) a person id
    too short to mask, holding the mask character or failing the 身份证号 check (`_check_person_ids`, as the
    hires'): one query (the usual answer, no, spares the checks), and one for the ids. An id that is a hire's
    (`hires`: prepared, `_pid`) passed these checks in `prepare_hires`: only the others are looked at (on
    600,000 insurance rows of 50,000 hires the check character of every row cost ~0.3 s CPU)."""
    pid = pl.col("_pid")
    found = ins.select(
        pid.is_null().any().alias("_a"),
        pl.col("_code").is_null().any().alias("_b"),
        pl.col("month").is_null().any().alias("_c"),
    ).row(0)
    if any(found) or m8 is None:
        return any(found)
    held = pid.str.contains(m8.mask_char, literal=True).fill_null(False)
    short = (pid.str.len_chars() < m8.mask_keep_first + m8.mask_keep_last + 1).fill_null(False)
    others = ins.lazy().select("_pid").filter(~pid.is_in(hires["_pid"].implode()))
    return others.select((held | short | ~_id_check_ok(pid)).any()).collect(engine=_ENGINE).item()


def _refuse_two_versions(ins: pl.DataFrame, warnings: list[str]) -> pl.DataFrame:
    """Two insurance files holding one person's month with one employer: two versions of the table or
    exports that overlap, not parts of it (`jncli.rules.overlap`); within one file a month counts once. Rows
    shared identical in every column by files neither of which is a part of the other (two exports sharing
    their edge month) are a warning, each counted once: `ins` without the later file's repeats."""
    identity = {"_k_pid": pl.col("_pid"), "_k_code": pl.col("_code"), "_k_m": month_index(pl.col("month"))}
    compare = [c for c in ins.columns if not c.startswith("_")]
    same = shared_rows(ins, identity, compare)
    if same is None:
        return ins
    a, b = same.first, same.second
    if same.identical:
        warnings.append(
            Said(
                f"{a} and {b}: {same.rows} insurance row(s) of {b} repeat a row of {a} identical in every column "
                f"(first: {row_ref(b, same.second_row)} and {row_ref(a, same.first_row)}): read as exports that "
                "share rows, each row counted once",
                f"{a} 与 {b}：{b} 中有{same.rows}条参保记录与 {a} 中的记录各列完全相同（第一处："
                f"{row_ref(b, same.second_row, lang='zh')} 与 {row_ref(a, same.first_row, lang='zh')}）："
                "按相互重叠的导出文件读取，每条只计一次",
            )
        )
        return ins.filter(~repeats(ins, identity, compare))
    raise DataError(
        f"{a} and {b}: {same.rows} insurance row(s) of {b} repeat a row of {a} (the same person, employer and "
        f"month; first: {row_ref(b, same.second_row)} and {row_ref(a, same.first_row)}): two versions of the "
        f"insurance table, or parts that overlap; which months to count cannot be told",
        hint="keep one version (take the other out of the data folder or off the command line); if the files are "
        "parts of one table, remove the rows they share from one of them",
    )


def _insurance_notes(
    rows: int, matched: pl.DataFrame, counted: pl.DataFrame, distinct: int, last: int, notes: list[str]
) -> None:
    other = rows - matched.height
    if other:
        notes.append(
            Said(
                f"{other} of {rows} insurance row(s) are not of a listed hire with that employer; not used",
                f"{rows}条参保记录中有{other}条不属于所列人员在该用人单位的参保，未使用",
            )
        )
    later, before = matched.select(
        (pl.col("_m") > last).sum().alias("_later"), (pl.col("_m") < pl.col("_hire_m")).sum().alias("_before")
    ).row(0)
    if later:
        notes.append(
            Said(
                f"{later} insurance month(s) after {month_label(last)} (the as-of month) not counted",
                f"{later}个参保月份晚于核算截止月{month_label(last)}，未计入",
            )
        )
    if before:
        notes.append(
            Said(
                f"{before} insurance month(s) before the month of hiring not counted",
                f"{before}个参保月份早于入职月份，未计入",
            )
        )
    twice = counted.height - distinct
    if twice:
        notes.append(
            Said(
                f"{twice} insurance row(s) repeat a person, employer and month already listed; each month counted once",
                f"{twice}条参保记录与已有记录的人员、单位、月份相同，每月只计一次",
            )
        )


# ------------------------------------------------------------------------------------------ every condition
def hire_conditions(
    f: pl.DataFrame,
    runs: pl.DataFrame,
    policy: Policy,
    trainers: pl.DataFrame | None,
    as_of: dt.date,
    lang: str,
) -> pl.DataFrame:
    """Every hire with every failing reason (`_reasons`, joined by SPLIT; null when it qualifies), the
    months of insurance and the year its N-th month falls in (`_counts_in`)."""
    m8 = policy.m8
    n = m8.consecutive_months
    college = m8.college_words[0]
    text = {
        k: v.format(city=policy.city_name, college=college, n=n, as_of=as_of, as_month=month_label(index_of(as_of)))
        for k, v in TEXT[lang].items()
    }
    problem = credit_code.problem_zh if lang == "zh" else credit_code.problem
    bad_codes = f.filter(~pl.col("_code_ok"))["_code"].unique().to_list()
    code_reason = pl.col("_code").replace_strict(
        {c: problem(c).replace(SPLIT, "") for c in bad_codes}, default=None, return_dtype=pl.String
    )

    training = pl.col("training").cast(pl.String).str.strip_chars()
    # the institution's code, normalised and checked once as columns (dropped below): as an expression inside
    # the check's 18 character slices, polars planned the normalisation 18 times over, twice (~10 ms a run)
    t_code, t_valid = pl.col("_t_norm"), pl.col("_t_valid")
    words = {w: True for w in f["training"].unique().drop_nulls().to_list() if m8.is_college(w)}
    is_college = training.replace_strict(words, default=False, return_dtype=pl.Boolean).fill_null(False)
    listed = t_code.is_in(trainers["_code"].implode()) if trainers is not None else pl.lit(False)
    training_reason = (
        pl.when(training.is_null() | (training == ""))
        .then(pl.lit(text["training_empty"]))
        .when(is_college)
        .then(None)
        .when(~t_valid)
        .then(pl.format(text["training_bad"], training))
        .when(pl.lit(trainers is None))
        .then(pl.format(text["no_list"], t_code))
        .when(~listed)
        .then(pl.format(text["not_listed"], t_code))
    )
    dates_reason = (
        pl.when(pl.col("trained_on").is_null())
        .then(pl.lit(text["trained_missing"]))
        .when(pl.col("hired_on").is_null())
        .then(pl.lit(text["hired_missing"]))
        .when(pl.col("trained_on") > pl.col("hired_on"))
        .then(pl.format(text["trained_after"], pl.col("trained_on"), pl.col("hired_on")))
    )
    hire_m = month_index(pl.col("hired_on"))
    longest_end = pl.col("_longest_start") + pl.col("_longest") - 1
    insurance_reason = (
        pl.when(pl.col("hired_on").is_null())
        .then(None)  # said once, by the dates
        .when(pl.col("hired_on") > pl.lit(as_of))
        .then(pl.format(text["hired_after"], pl.col("hired_on")))
        .when(pl.col("_longest").is_null())
        .then(pl.format(text["no_insurance"], month_text(hire_m)))
        .when(pl.col("_run_start").is_null())
        .then(
            pl.format(
                text["short"],
                *(
                    (pl.col("_longest"), month_text(hire_m))
                    if lang == "en"
                    else (month_text(hire_m), pl.col("_longest"))
                ),
                month_text(pl.col("_longest_start")),
                month_text(longest_end),
            )
        )
    )
    county_reason = (
        pl.when(pl.col("_county_raw").is_null())
        .then(pl.lit(text["county_empty"]))
        .when(~pl.col("_in_jining"))
        .then(pl.format(text["not_jining"], pl.col("_county_raw")))
    )
    joined = pl.concat_str(
        code_reason, county_reason, training_reason, dates_reason, insurance_reason, separator=SPLIT, ignore_nulls=True
    )
    reached = pl.col("_run_start") + (n - 1)  # the N-th month of the first run of N
    return (
        f.lazy()
        .join(runs.lazy(), on="_i", how="left", maintain_order="left")
        .with_columns(_t_norm=credit_code.normalized_expr(training))
        .with_columns(_t_valid=credit_code.valid_expr(t_code))
        .with_columns(
            _reasons=joined,
            # every condition but the months of insurance holds (cover.earlier_months)
            _other_ok=pl.all_horizontal(
                r.is_null() for r in (code_reason, county_reason, training_reason, dates_reason)
            ),
            _t_code=pl.when(is_college).then(training).otherwise(t_code),
            _needs_list=~is_college & t_valid,  # an institution: the list decides
            # an institution on no list given is all that fails (award.unlisted_trainers; none without a list)
            _unlisted_only=pl.lit(trainers is not None)
            & ~is_college
            & t_valid
            & ~listed
            & pl.all_horizontal(r.is_null() for r in (code_reason, county_reason, dates_reason, insurance_reason)),
        )
        .drop("_t_norm", "_t_valid")
        .with_columns(
            _reasons=pl.when(pl.col("_reasons") != "").then("_reasons"),
            _reached=reached,
            _counts_in=(reached // 12).cast(pl.Int64),
        )
        .collect(engine=_ENGINE)
    )
