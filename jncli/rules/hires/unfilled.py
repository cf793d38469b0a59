"""Hire rows that cannot be judged as written: an empty training, trained_on or hired_on, and a training that
is neither the college word nor a credit code (review 19, F5 and F3).

……吸纳经省电商生态链企业“白名单”培训机构培训或经院校“专业+实训”电商培训的人员就业……
(RULES §8 judges every hire on who trained the person (`training`: a whitelisted institution's credit code,
or the college word), when (`trained_on` ≤ `hired_on`) and from which month its insurance counts
(`hired_on`). A hires table lists the hires its employers claim: an empty one of these cells — or one
written as a not-applicable mark (`—`, `无` …), which reads as empty (RULES §0) — is a figure not filled in,
as measure 1's blanks are (`rules/counties/blanks.py`), not a hire that was checked and failed. A training
that is neither the college word nor a valid credit code — the institution's name, what a column headed
培训机构 most often holds, or a college written by name — cannot be checked against the list at all. Either
way the hire stays not qualifying, as RULES §8 says; `trained-hires` warns, naming file, row and column (the
first few, the others counted), and `annual`, which pays, stops (`doubtful` "error") with the hint to fill
the cell in or to remove the row of a hire not claimed — for a hire that run could pay (`may_count`); the
other rows of a register of every year's hires are warned about (review 20). docs/policy-reading.md
"Article 8".)
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from jncli import credit_code
from jncli.errors import DataError, row_ref
from jncli.policy import Policy
from jncli.policy.model import normalize_name
from jncli.rules import Said, in_lang
from jncli.rules.hires.common import has_old_ids, id18_expr, person_id_expr

SHOWN = 3  # cells named in a message; the others are counted
JUDGED = ("training", "trained_on", "hired_on")  # the columns every hire is judged on, besides its employer


def check(
    f: pl.DataFrame,
    policy: Policy,
    trainers: pl.DataFrame | None,
    doubtful: str,
    warnings: list[str],
    may_count: pl.Series | None = None,
) -> None:
    """The empty cells of JUDGED, then the trainings neither the college word nor a valid credit code, of
    `f` (prepare_hires' frame): a warning each, or with `doubtful` "error" (`annual`) a DataError — naming only
    the hires this run could pay (`may_count`, one boolean per row of `f`; None: every hire), as a register of
    every year's hires holds rows no run of this year pays (review 20, F2): those are warned about."""
    if doubtful == "error" and may_count is not None:
        counted = f.filter(may_count)
        _empty(counted, policy, doubtful, warnings)
        _unreadable(counted, policy, trainers, doubtful, warnings)
        doubtful = "warn"  # the other rows: a warning, as in trained-hires
        f = f.filter(~may_count)
    _empty(f, policy, doubtful, warnings)
    _unreadable(f, policy, trainers, doubtful, warnings)


def may_find(f: pl.DataFrame, policy: Policy) -> bool:
    """Whether `check` could find anything in `f` (`_empty`, `_unreadable`), in one query: an empty cell of JUDGED, or a
    training that is neither the college word nor a valid credit code. False only when both would pass every
    row (they then say nothing): `check` (and `may_count`, which only it needs) need not run, ~20 queries on
    tiny frames spared in the usual case."""
    training = pl.col("training").cast(pl.String).str.strip_chars()
    empty = [(training.fill_null("") == "").any().alias("_e0")]
    empty += [pl.col(c).is_null().any().alias(f"_e{i}") for i, c in enumerate(JUDGED) if c != "training"]
    row = f.select(*empty, _values=training.unique().drop_nulls().implode()).row(0)
    if any(row[:-1]):
        return True
    m8 = policy.m8
    return any(v and not m8.is_college(v) and not credit_code.is_valid(v) for v in row[-1])


def may_count(f: pl.DataFrame, insurance: pl.DataFrame, year: int, as_of: dt.date) -> pl.Series:
    """Per hire of `f`, whether this run could pay for it: its employer a valid code in a Jining county,
    hired (when the date is given) no later than `as_of`, and the person insured by that employer in a month
    of `year` up to `as_of` — its 6th month can fall in no other year's run but one with such a month."""
    paid = (
        insurance.filter(pl.col("month").is_not_null())
        .filter((pl.col("month") >= dt.date(year, 1, 1)) & (pl.col("month") <= as_of))
        .select(_pid=person_id_expr("person_id"), _code=credit_code.normalized_expr(pl.col("credit_code")))
        .unique()
        .with_columns(_paid=pl.lit(True))
    )
    if has_old_ids(paid):  # a 15-digit 身份证号 as its 18-digit form (qualify)
        paid = paid.with_columns(_pid=id18_expr(pl.col("_pid"))).unique()
    key = "_pid18" if "_pid18" in f.columns else "_pid"  # a 15-digit 身份证号 as its 18-digit form (qualify)
    joined = f.select("_i", "_code", "_in_jining", "_code_ok", "hired_on", _pid=key).join(
        paid, on=["_pid", "_code"], how="left", maintain_order="left"
    )
    ok = (
        pl.col("_in_jining")
        & pl.col("_code_ok")
        & (pl.col("hired_on").is_null() | (pl.col("hired_on") <= as_of))
        & pl.col("_paid").fill_null(False)
    )
    return joined.select(ok.fill_null(False))[:, 0].rename("_may_count")


def _places(f: pl.DataFrame) -> dict[str, pl.Expr]:
    """Where each hire is: its file (null when not read from one) and its row (the header is row 1)."""
    return {
        "_src": pl.col("_source") if "_source" in f.columns else pl.lit(None, pl.String),
        "_r": pl.col("_row") if "_row" in f.columns else (pl.col("_i") + 2).cast(pl.Int64),
    }


def _cell(r: dict, lang: str) -> str:
    where = row_ref(r["_src"] or None, r["_r"], r["_col"], lang)
    if r["_mark"] is None:
        return where
    return f"{where}（写作“{r['_mark']}”）" if lang == "zh" else f"{where} (written {r['_mark']!r})"


def _empty(f: pl.DataFrame, policy: Policy, doubtful: str, warnings: list[str]) -> None:
    parts = []
    for order, c in enumerate(JUDGED):
        value = pl.col(c)
        empty = value.cast(pl.String).str.strip_chars().fill_null("") == "" if c == "training" else value.is_null()
        mark = pl.col(f"_mark_{c}") if f"_mark_{c}" in f.columns else pl.lit(None, pl.String)
        parts.append(
            f.filter(empty).select("_i", **_places(f), _col=pl.lit(c), _order=pl.lit(order), _mark=mark.cast(pl.String))
        )
    cells = pl.concat(parts).sort("_i", "_order")
    if not cells.height:
        return
    n, hires = cells.height, cells["_i"].n_unique()
    shown = cells.head(SHOWN).to_dicts()
    more, more_zh = (" …", "……") if n > SHOWN else ("", "")
    first = "; ".join(_cell(r, "en") for r in shown) + more
    first_zh = "；".join(_cell(r, "zh") for r in shown) + more_zh
    college = policy.m8.college_words[0]
    if cells["_mark"].is_not_null().any():
        hint = (
            f"fill it in (the training institution's 统一社会信用代码, or {college} for a college course; the dates "
            "of training and hiring), or remove the row of a hire not claimed: a not-applicable mark (—, 无 …) is "
            "read as empty"
        )
    else:
        hint = (
            f"fill it in (the training institution's 统一社会信用代码, or {college} for a college course; the dates "
            "of training and hiring), or remove the row of a hire not claimed"
        )
    columns = ", ".join(JUDGED)
    if doubtful == "error":
        raise DataError(
            Said(
                f"{first}: {n} empty cell(s) in {hires} hire(s), in the columns every hire is judged on ({columns}): "
                "such a hire would not qualify, and its employer would lose its award for it",
                f"{first_zh}：{hires}名人员共有{n}个空单元格，位于判定每名人员所依据的列（{columns}）：该人员将不符合条件，"
                "其用人单位将因此失去相应奖励",
            ),
            hint,
        )
    warnings.append(
        Said(
            f"{first}: {n} empty cell(s) in {hires} hire(s), in the columns every hire is judged on ({columns}): such "
            f"a hire does not qualify — {hint}",
            f"{first_zh}：{hires}名人员共有{n}个空单元格，位于判定每名人员所依据的列（{columns}）：该人员不符合条件"
            f"——{in_lang(hint, 'zh')}",
        )
    )


def _unreadable(
    f: pl.DataFrame, policy: Policy, trainers: pl.DataFrame | None, doubtful: str, warnings: list[str]
) -> None:
    m8 = policy.m8
    college = m8.college_words[0]
    training = pl.col("training").cast(pl.String).str.strip_chars()
    values = f.select(training.unique().drop_nulls())["training"].to_list()
    bad = [v for v in values if v and not m8.is_college(v) and not credit_code.is_valid(v)]
    if not bad:
        return
    rows = f.filter(training.is_in(bad)).select("_i", **_places(f), _value=training)
    per = rows.group_by("_value", maintain_order=True).agg(pl.col("_src").first(), pl.col("_r").first(), _n=pl.len())
    n = rows.height

    def named(lang: str) -> str:
        out = []
        for r in per.head(SHOWN).iter_rows(named=True):
            where = row_ref(r["_src"] or None, r["_r"], "training", lang)
            if lang == "zh":
                out.append(f"“{r['_value']}”（{where}" + (f"，另有{r['_n'] - 1}行）" if r["_n"] > 1 else "）"))
            else:
                out.append(f"{r['_value']!r} ({where}" + (f", and {r['_n'] - 1} more row(s))" if r["_n"] > 1 else ")"))
        more = ("……" if lang == "zh" else " …") if per.height > SHOWN else ""
        return ("；" if lang == "zh" else "; ").join(out) + more

    hint = f"write the institution's 统一社会信用代码, or {college} for a college course"
    listed = _listed_names(trainers)
    matched = [(v, listed[normalize_name(v)]) for v in per["_value"].to_list() if normalize_name(v) in listed]
    if matched:
        names = ", ".join(f"{v} ({code})" for v, code in matched[:SHOWN]) + (" …" if len(matched) > SHOWN else "")
        hint = (
            f"write the institution's 统一社会信用代码, or {college} for a college course; the whitelist lists {names}"
        )
    if doubtful == "error":
        raise DataError(
            Said(
                f"{n} hire(s) name their training by a value that is neither {college} nor a valid credit code: "
                f"{named('en')}: such a hire would not qualify, and its employer would lose its award for it",
                f"{n}名人员的培训机构既不是“{college}”，也不是有效的统一社会信用代码：{named('zh')}：该人员将不符合条件，"
                "其用人单位将因此失去相应奖励",
            ),
            hint,
        )
    warnings.append(
        Said(
            f"{n} hire(s) name their training by a value that is neither {college} nor a valid credit code: "
            f"{named('en')}: such a hire does not qualify — {hint}",
            f"{n}名人员的培训机构既不是“{college}”，也不是有效的统一社会信用代码：{named('zh')}：该人员不符合条件"
            f"——{in_lang(hint, 'zh')}",
        )
    )


def _listed_names(trainers: pl.DataFrame | None) -> dict[str, str]:
    """The whitelisted training institutions' names (normalised) → their codes, when the list has names."""
    if trainers is None or "_name" not in trainers.columns:
        return {}
    rows = trainers.filter(pl.col("_name").is_not_null()).select("_name", "_code").iter_rows()
    return {normalize_name(name): code for name, code in rows if normalize_name(name)}
