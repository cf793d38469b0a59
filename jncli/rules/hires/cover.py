"""What the insurance table cannot tell, or tells twice: hires from before its first month, and one person
insured by two employers in one month.

……吸纳……人员就业，并连续缴纳6个月以上社会保险的……
(A hire counts in the year of the N-th month of its first run of N, once ever. That year can be told only
from every month paid since the month of hiring: a table that starts after a hire's month — this
year's insurance file alone, the earlier year's left in its own folder — would count a hire that
reached N months last year again this year, and lose one whose months straddle 1 January. And a month
is paid by one employer: the same person and month at two employers is contradictory data, and both
employers would count it. Both are an error in `annual` (`doubtful` "error") and a warning in
`trained-hires`; docs/policy-reading.md "Article 8".)
"""

from __future__ import annotations

import calendar
import datetime as dt

import polars as pl

from jncli import credit_code
from jncli.errors import DataError, row_ref
from jncli.policy import HiresRule
from jncli.rules import Said
from jncli.rules.hires.common import index_of, month_index, month_label

SHOWN = 3  # rows named in a message


def _ref(frame: pl.DataFrame, i: int, column: str | None = None, lang: str = "en") -> str:
    src = frame["_source"][i] if "_source" in frame.columns else None
    row = frame["_row"][i] if "_row" in frame.columns else i + 2
    return row_ref(src or None, row, column, lang)


def _rows(frame: pl.DataFrame, lang: str = "en") -> str:
    """'row 40, 43, 54 …' of the first rows of `frame` (the file is named by the first row's reference)."""
    rows = frame["_row"].head(SHOWN).to_list() if "_row" in frame.columns else []
    more = " …" if frame.height > SHOWN else ""
    return ("、" if lang == "zh" else ", ").join(map(str, rows)) + more


def earlier_months(
    f: pl.DataFrame, first_month: int | None, year: int, n: int, doubtful: str, warnings: list[str]
) -> None:
    """Hires that meet every other condition, were hired before the insurance table's first month (so
    their months from hiring are not all in it), and have a month paid in `year` whose counting could
    move: not already counted in an earlier year by the months the table holds. `f`: hire_conditions'
    frame (`_other_ok`, `_in_year`, `_counts_in`)."""
    if first_month is None or "_in_year" not in f.columns:
        return
    hired = pl.col("hired_on").dt.year().cast(pl.Int64) * 12 + pl.col("hired_on").dt.month().cast(pl.Int64) - 1
    unknown = f.filter(
        pl.col("_other_ok")
        & (hired < first_month)
        & pl.col("_in_year").fill_null(False)
        & (pl.col("_counts_in").is_null() | (pl.col("_counts_in") >= year))
    )
    if not unknown.height:
        return
    k, start = unknown.height, month_label(first_month)
    if doubtful == "error":
        raise DataError(
            f"{_ref(unknown, 0, 'hired_on')}: {k} hire(s) (rows {_rows(unknown)}) were hired before {start}, the "
            f"first month of the insurance table, and have months paid in {year}: without their months since "
            f"hiring it cannot be told whether they reached {n} consecutive months before {year} (and count then, "
            f"not again in {year}) or across 1 January",
            hint=f"add the insurance months since hiring: put the insurance file of {year - 1} (and of any earlier "
            f"year a hire's months fall in) into the data folder beside this year's (both are read); a hire "
            f"counts in one year only",
        )
    warnings.append(
        Said(
            f"{k} hire(s) were hired before {start}, the first month of the insurance table, and have months paid "
            f"in {year} ({_ref(unknown, 0, 'hired_on')}, rows {_rows(unknown)}): whether they reached {n} "
            f"consecutive months before {year} cannot be told, and they are counted from {start} as if nothing was "
            f"paid before; pass the earlier years' insurance too (--insurance {year - 1}.csv --insurance "
            f"{year}.csv)",
            f"{k}名人员入职早于参保表的第一个月{start}，且在{year}年有参保月份（{_ref(unknown, 0, 'hired_on', 'zh')}，"
            f"第{_rows(unknown, 'zh')}行）：无法判断其是否已在{year}年之前连续参保满{n}个月，现按{start}之前未缴纳"
            f"计算；请同时提供以前年度的参保记录（--insurance {year - 1}.csv --insurance {year}.csv）",
        )
    )


def concurrent(ins: pl.DataFrame, counted: pl.DataFrame, m8: HiresRule, doubtful: str, warnings: list[str]) -> None:
    """One person's month counted for two employers (`counted`: the insurance rows `_j` of listed hires,
    from the month of hiring to the as-of month, with `_pid`, `_code`, `_m`): named with both rows of
    `ins` (the insurance as read) and the person masked."""
    both = counted.filter(pl.col("_code").n_unique().over("_pid", "_m") > 1)
    if not both.height:
        return
    pairs = both.group_by("_pid", "_m").agg(_first=pl.col("_j").min()).sort("_first")
    pid, month = pairs["_pid"][0], pairs["_m"][0]
    rows = (
        both.filter((pl.col("_pid") == pid) & (pl.col("_m") == month))
        .sort("_j")
        .unique("_code", keep="first", maintain_order=True)
    )
    a, b = rows["_j"][0], rows["_j"][1]
    code_a, code_b = rows["_code"][0], rows["_code"][1]
    person, when = m8.mask(pid), month_label(month)
    more = f" (and {pairs.height - 1} more person-month(s))" if pairs.height > 1 else ""
    if doubtful == "error":
        raise DataError(
            f"{_ref(ins, a)} and {_ref(ins, b)}: person {person} is insured by two employers in {when}, "
            f"{code_a} and {code_b}, and both would count the month{more}",
            hint="a month's social insurance is paid by one employer: correct the insurance export (a wrong "
            "employer code, or a month paid by the former employer after a job change)",
        )
    warnings.append(
        Said(
            f"{_ref(ins, a)} and {_ref(ins, b)}: person {person} is insured by two employers in {when}, "
            f"{code_a} and {code_b}: both count the month{more}; check the insurance export",
            f"{_ref(ins, a, lang='zh')}和{_ref(ins, b, lang='zh')}：人员{person}在{when}同时由两家用人单位参保"
            f"（{code_a}和{code_b}），两家均计入该月"
            + (f"（另有{pairs.height - 1}处同一人员同一月份由两家单位参保）" if pairs.height > 1 else "")
            + "；请核对参保记录",
        )
    )


# ------------------------------------------------------------------------------------------ an insurance table that
# ends before the as-of month, names employers by no code, or matches no hire (hostile review 1, A5 and A6)
def _files(frame: pl.DataFrame, fallback: str) -> str:
    """The files `frame` was read from, in the order read ('insurance.csv', 'a.csv, b.csv'); `fallback` without."""
    if "_source" in frame.columns and frame.height:
        names = [s for s in frame["_source"].unique(maintain_order=True).to_list() if s]
        if names:
            return ", ".join(names)
    return fallback


def ends_early(
    ins: pl.DataFrame, f: pl.DataFrame, last: int | None, as_of: dt.date, n: int, doubtful: str, warnings: list[str]
) -> None:
    """An insurance table whose latest month `last` (a month index, over all its rows; None: no row) is before
    the as-of month: a hire whose N-th month falls after it is not counted, though the export may only have been
    made before those months were booked (as `earlier_months` for where it starts). An error in `annual`
    (`doubtful` "error") where a hire could count on the months after it (`_at_stake`), else a warning saying
    nothing depends on them; a warning in the same words in `trained-hires`. `f`: hire_conditions' frame."""
    if last is None or last >= index_of(as_of):
        return
    at_stake = _at_stake(f, None, last, index_of(as_of), n)
    files, end, as_month = _files(ins, "the insurance table"), month_label(last), month_label(index_of(as_of))
    day = _month_end(last)
    message = (
        f"{files}: the insurance table ends in {end}, before {as_month}, the as-of month: a hire whose {n}th month "
        f"of insurance falls after {end} is not counted, though that month may have been paid"
    )
    hint = (
        f"give the whole insurance export, up to {as_month}; or count the months only up to {end} with --as-of "
        f"{day} (in annual it also dates the whitelist)"
    )
    if doubtful == "error" and at_stake:
        raise DataError(message, hint=hint)
    calm, calm_zh = ("", "") if at_stake else _calm(n, end, "")
    warnings.append(
        Said(
            f"{message}{calm}; {hint}",
            f"{files}：参保表只到{end}，早于核算截止月{as_month}：连续参保第{n}个月落在{end}之后的人员不会被计入，尽管该月"
            f"可能已经缴纳{calm_zh}；请提供截至{as_month}的完整参保记录导出文件；或用 --as-of {day} 只计算到{end}的参保"
            "月份（在 annual 中，该选项同时决定白名单的评定日期）",
        )
    )


def _calm(n: int, end: str, whose: str) -> tuple[str, str]:
    """What a table or part ending early adds when no hire could count on the months after it (en, zh)."""
    return (
        f" (no hire{whose} could still reach {n} consecutive months after {end}: nothing this run counts depends on "
        f"it)",
        f"（{'这些单位' if whose else ''}没有人员能在{end}之后再连续参保满{n}个月：本次计算的结果不受影响）",
    )


def _month_end(index: int) -> str:
    """The last day of a month index (year × 12 + month − 1), as --as-of takes it: 2023-09-30."""
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def part_ends_early(
    ins: pl.DataFrame, f: pl.DataFrame, as_of: dt.date, n: int, doubtful: str, warnings: list[str]
) -> None:
    """An insurance table in parts (several files, `_source`), one of which ends before the as-of month while its
    employers are in no other part after it: one county agency's export made before the others (hostile review 3,
    A1), its hires' later months not counted. A part whose employers go on in another part (last year's file beside
    this year's, as `earlier_months` asks) is an earlier period, not a part that ends early. The first such file
    named, as `ends_early` names the table: an error in `annual`, a warning in `trained-hires` — and a warning in
    `annual` too when no hire of its employers could count on the months after its end (`_at_stake`): a county
    whose employers all stopped paying, their hires counted already, is no stale export that changes money."""
    if "_source" not in ins.columns or not ins.height:
        return
    as_month = index_of(as_of)
    month, code = month_index(pl.col("month")), credit_code.normalized_expr(pl.col("credit_code"))
    lasts = ins.group_by("_source", maintain_order=True).agg(_last=month.max())
    early = lasts.filter(pl.col("_last") < as_month)
    if lasts.height < 2 or not early.height:
        return
    rows = ins.select("_source", _m=month, _code=code)
    stale = []
    for source, last in early.iter_rows():
        if last is None:
            continue
        own = rows.filter(pl.col("_source") == source)["_code"].unique()
        later = rows.filter(
            (pl.col("_source") != source) & (pl.col("_m") > last) & pl.col("_code").is_in(own.implode())
        )
        if not later.height:
            stale.append((source, last))
    if not stale:
        return
    at_stake = [
        (source, last)
        for source, last in stale
        if _at_stake(f, rows.filter(pl.col("_source") == source)["_code"].unique(), last, as_month, n)
    ]
    source, last = (at_stake or stale)[0]
    end, as_label = month_label(last), month_label(as_month)
    other, latest = lasts.filter(pl.col("_last") == lasts["_last"].max()).row(0)
    day = _month_end(last)
    more = f" (and {len(stale) - 1} more file(s) that end early)" if len(stale) > 1 else ""
    more_zh = f"（另有{len(stale) - 1}个文件同样提前结束）" if len(stale) > 1 else ""
    message = (
        f"{source}: this part of the insurance table ends in {end}, before {as_label}, the as-of month, and its "
        f"employers are in no other part after {end} ({other} goes on to {month_label(latest)}){more}: a hire of "
        f"those employers whose {n}th month of insurance falls after {end} is not counted, though that month may "
        f"have been paid"
    )
    hint = (
        f"give that part's export up to {as_label} (each agency's part of the export as of the same month); or "
        f"count the months only up to {end} with --as-of {day} (in annual it also dates the whitelist)"
    )
    if doubtful == "error" and at_stake:
        raise DataError(message, hint=hint)
    # nothing at stake: every hire of those employers counted already, or unable to reach N months after the end
    calm, calm_zh = ("", "") if at_stake else _calm(n, end, " of those employers")
    warnings.append(
        Said(
            f"{message}{calm}; {hint}",
            f"{source}：参保表的这一部分只到{end}，早于核算截止月{as_label}，且其中的用人单位在{end}之后不见于其他部分"
            f"（{other}至{month_label(latest)}）{more_zh}：这些单位连续参保第{n}个月落在{end}之后的人员不会被计入，"
            f"尽管该月可能已经缴纳{calm_zh}；请提供该部分截至{as_label}的导出文件（各经办机构的导出文件应截至同一月份）；"
            f"或用 --as-of {day} 只计算到{end}的参保月份（在 annual 中，该选项同时决定白名单的评定日期）",
        )
    )


def _at_stake(f: pl.DataFrame, employers: pl.Series | None, last: int, as_month: int, n: int) -> bool:
    """Whether a hire (of `employers`, codes; None: of any) could reach `n` consecutive months if the months after
    `last` (a month index) up to `as_month` were paid: it meets every other condition, has no run of `n` yet, and
    `n` months fit — at most `n` − 1 already paid up to `last` (no more than its longest run, nor than the months
    since hiring), then every month after `last`. An upper bound: it errs toward the stop.
    `f`: hire_conditions' frame (`_code`, `_other_ok`, `_run_start`, `_longest`, `hired_on`)."""
    hire_m = month_index(pl.col("hired_on"))
    before = pl.min_horizontal(pl.lit(n - 1), pl.col("_longest").fill_null(0), pl.lit(last) - hire_m + 1)
    possible = pl.when(hire_m > last).then(as_month - hire_m + 1).otherwise(before + (as_month - last))
    whose = pl.col("_code").is_in(employers.implode()) if employers is not None else pl.lit(True)
    could = f.filter(whose, pl.col("_other_ok"), pl.col("_run_start").is_null(), hire_m <= as_month, possible >= n)
    return could.height > 0


def invalid_codes(ins: pl.DataFrame, hires: pl.DataFrame, doubtful: str, warnings: list[str]) -> None:
    """Insurance rows whose employer code is no valid credit code (GB 32100-2015) and no hire's (a hire under an
    invalid code is ineligible for it, and its rows may carry the same code): an organisation code, the agency's
    own 单位编号, a mistyped check character. Their months count for no hire. An error in `annual` (`doubtful`
    "error", naming the first row), a warning naming the first rows in `trained-hires`. `hires`: with their `_code`.
    The check character is computed once per distinct code not a hire's (usually none)."""
    column = pl.col("_code")
    others = ins.lazy().select(column).filter(column.is_not_null() & ~column.is_in(hires["_code"].implode())).unique()
    bad = others.filter(~credit_code.valid_expr(column)).collect(engine="in-memory")
    if not bad.height:
        return
    rows = ins.filter(pl.col("_code").is_in(bad["_code"].implode()))
    k, code = rows.height, rows["_code"][0]
    if doubtful == "error":
        raise DataError(
            f"{_ref(rows, 0, 'credit_code')}: {code!r} is not a valid credit code (GB 32100-2015) nor a hire's "
            f"employer code, so the insurance months under it count for no hire ({k} such row(s))",
            hint="the insurance table names the employer by its 统一社会信用代码 (18 characters) as the hires table "
            "does, not by the organisation code (组织机构代码) or the agency's own 单位编号: correct the export",
        )
    warnings.append(
        Said(
            f"{k} insurance row(s) have an employer code that is not a valid credit code (GB 32100-2015) nor a "
            f"hire's, so their months count for no hire ({_ref(rows, 0, 'credit_code')}, rows {_rows(rows)}; first: "
            f"{credit_code.problem(code)}): check the insurance export",
            f"{k}条参保记录的用人单位代码不是有效的统一社会信用代码（GB 32100-2015），"
            f"也不是任何招用人员的用人单位代码，其参保月份不计入任何人员（{_ref(rows, 0, 'credit_code', 'zh')}，"
            f"第{_rows(rows, 'zh')}行；第一处："
            f"{credit_code.problem_zh(code)}）：请核对参保记录",
        )
    )


def none_matched(
    ins: pl.DataFrame,
    keys: pl.DataFrame,
    hires: pl.DataFrame,
    matched: int,
    m8: HiresRule,
    doubtful: str,
    warnings: list[str],
) -> None:
    """A non-empty insurance table none of whose rows is of a listed hire with that employer, while there are
    hires (`keys`: `_pid`, `_code` of the hires with a hire date; `hires`: the hires as read, for their file
    names; `matched`: the rows that are): the table is not these hires' insurance as written (ids Excel turned
    into numbers, another code for the employer, another export), not evidence that nobody qualifies.
    An error in `annual` (`doubtful` "error"), a warning in the same words in `trained-hires`; the likely cause
    told from whether its persons, its employers, both or neither are the hires'."""
    if matched or not ins.height or not keys.height:
        return
    persons, employers = ins.select(
        pl.col("_pid").is_in(keys["_pid"].implode()).any(), pl.col("_code").is_in(keys["_code"].implode()).any()
    ).row(0)
    if employers and not persons:
        why = (
            "no person id of it is a hire's: the ids are written otherwise (digits lost when Excel stored them as "
            "numbers, 15-digit ids, another kind of id)"
        )
        why_zh = (
            "其中没有任何人员的证件号与招用人员表相同：证件号写法不同（Excel 存成数字时丢了位数、15位身份证号或"
            "其他证件）"
        )
    elif persons and not employers:
        why = (
            "the hires' persons are in it, under other employer codes (an organisation code 组织机构代码 or the "
            "agency's own 单位编号 instead of the 统一社会信用代码?)"
        )
        why_zh = (
            "其中有所列人员，但在其他用人单位代码下（是否用了组织机构代码或社保经办机构自编的单位编号，"
            "而非统一社会信用代码？）"
        )
    elif persons:
        why = "its persons and its employers are the hires', but never a person with the employer that hired them"
        why_zh = "其中的人员和用人单位都见于招用人员表，但没有一条记录的人员与用人单位同招用人员表中的对应关系一致"
    else:
        why = "neither its person ids nor its employer codes are the hires': an export of other people or employers"
        why_zh = "其中的证件号和用人单位代码都与招用人员表不同：是其他人员或其他单位的导出文件"
    files, hires = _files(ins, "the insurance table"), _files(hires, "the hires table")
    person, code = m8.mask(ins["_pid"][0]), ins["_code"][0]
    message = (
        f"{files} and {hires}: none of the {ins.height} insurance row(s) is of a listed hire with that employer "
        f"(first: {_ref(ins, 0)}, person {person}, employer {code}): {why}"
    )
    hint = (
        "a hire's months count only where an insurance row holds the hire's person id and employer code as the "
        "hires table writes them: correct the export (ids and codes as text), or give these hires' insurance"
    )
    if doubtful == "error":
        raise DataError(message, hint=hint)
    warnings.append(
        Said(
            f"{message}; {hint}",
            f"{files} 与 {hires}：{ins.height}条参保记录中没有一条属于所列人员在该用人单位的参保（第一条："
            f"{_ref(ins, 0, lang='zh')}，人员{person}，用人单位{code}）：{why_zh}；"
            "只有参保记录中的证件号和用人单位代码与招用人员表的写法一致，才计入该人员的参保月份："
            "请更正导出文件（证件号和代码按文本保存），或提供这些人员的参保记录",
        )
    )
