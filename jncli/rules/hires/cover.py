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

import polars as pl

from jncli.errors import DataError, row_ref
from jncli.policy import HiresRule
from jncli.rules import Said
from jncli.rules.hires.common import month_label

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
