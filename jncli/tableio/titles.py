"""The year a table's title names, and a part of a year (review 27 F1). May import polars, `jncli.errors` and
`table`.

A bureau's wide table (本年 / 上年同期, no year column) has its year only in its title (`2023年济宁市各县市区网络
零售统计表`): the run reads it as `--year`. The title rows `layout.settle` skipped above the header
(`Table.titles`) are read for

- the years they name as data years: 4 digits and 年 (`2022年`, `2022年度`, `２０２２年`). A date of the
  table's making is no data year: a full date (`2024年1月10日`) or a year beside 制表 / 填报 / 报送 / 编制 /
  打印 / 发布 / 日期 / 时间 (`2024年1月制表`, `制表日期：2024年1月`);
- a part of a year: a range of months short of 1-12 (`1-11月`, `1至6月`), a quarter (`前三季度`, `一季度`,
  `第二季度`), a half (`上半年`, `下半年`), one month of a data year (`2023年11月`), or `截至` a date before
  12月31日 (`截至2023年11月30日`).

`check` compares them with the year the table is read as (docs/policy-reading.md, "A title naming a year"):
a table without a year column whose title names years none of which is the run's stops; with a year
column it is a warning; a part of a year stops `annual` and is a warning in the commands.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import polars as pl

from jncli.errors import DataError, row_ref
from jncli.tableio.table import Table

# A year of the table's making, not of its data: a publication word beside a year (a month, a day).
_MADE = "制表|填报|报送|编制|打印|发布|日期|时间|更新|修订|修正|修改"
_YEAR_DATE = r"\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?"
_MADE_WORD = re.compile(_MADE)
_MADE_YEAR = re.compile(rf"(?:{_MADE})\s*[:：]?\s*{_YEAR_DATE}|{_YEAR_DATE}\s*(?:{_MADE})")
_FULL_DATE = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_UNTIL = re.compile(r"截[至止]\s*(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?(?:\s*[底末])?")
# a year before 年, or one of a list or range of years before it (`2022-2023年`, `2022、2023年`: both)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?=\s*(?:[-－—–~～至到、,，和与及]\s*\d{4}\s*)*年)")
_MONTHS = re.compile(r"(?<!\d)(\d{1,2})\s*(?:月份?)?\s*[-－—–~～至到]\s*(\d{1,2})\s*月")
_ONE_MONTH = re.compile(r"(?<!\d)\d{4}\s*年\s*(\d{1,2})\s*月(?!\s*[-－—–~～至到\d])")
_PART = re.compile(r"[前第]?[一二三四1-4]\s*季度|上半年|下半年|前三季|半年度")
# a year-month or a date (`2024年1月`, `2024年1月15日`): later than the data year, the date of the table's making
_DATED = re.compile(r"(?<!\d)(\d{4})\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?(?!\s*[-－—–~～至到])")
# `2023年1月-2023年12月`: one year's months written with the year twice
_SAME_YEAR_RANGE = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*([-－—–~～至到])\s*\1\s*年\s*(\d{1,2})\s*月")
# Chinese numerals: a year written 二〇二三年, months 一至十一月
_ZH_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
_ZH_YEAR = re.compile(r"[〇○零一二三四五六七八九]{4}(?=\s*年)")
_ZH_MONTH = re.compile(
    r"(?<![一二三四五六七八九十〇零])(十[一二]?|[一二三四五六七八九])"
    r"(?=\s*(?:月|[-－—–~～至到]\s*[一二三四五六七八九十\d]{1,3}\s*月))"
)


def _zh_month(m: re.Match[str]) -> str:
    text = m.group(1)
    return str(10 + ("一二".index(text[1]) + 1 if len(text) == 2 else 0)) if text[0] == "十" else _ZH_DIGIT[text]


def _normal(text: str) -> str:
    """NFKC, Chinese-numeral years and months as digits, a year's month range written with the year twice as one."""
    t = unicodedata.normalize("NFKC", text)
    t = _ZH_YEAR.sub(lambda m: "".join(_ZH_DIGIT[c] for c in m.group(0)), t)
    t = _ZH_MONTH.sub(_zh_month, t)
    return _SAME_YEAR_RANGE.sub(lambda m: f"{m.group(1)}年{m.group(2)}{m.group(3)}{m.group(4)}月", t)


@dataclass(frozen=True)
class TitleFacts:
    """What one title row says of its data's time: the years named, and a part of a year (as written)."""

    years: tuple[int, ...]
    part: str | None
    sure: bool = True  # False: `2023年12月` alone, December or the year to December (a warning, never a stop)


def plain_years(text: str) -> tuple[int, ...]:
    """The data years `text` names outside a year-month or a date (`2023年度`, `2023年1-11月`): the years a
    later year-month is compared with (review 29 F3)."""
    t = _normal(text)
    t = _MADE_YEAR.sub(" ", t)
    t = _DATED.sub(" ", t)
    return tuple(dict.fromkeys(int(y) for y in _YEAR.findall(t) if 1900 <= int(y) <= 2999))


def facts(text: str, after: int | None = None) -> TitleFacts:
    """The data years and the part of a year `text` names (module text). `after`: the latest data year of the
    table (or the run's year); a year-month or a date later than it is the table's making, and `截至` such a
    date is the whole year."""
    t = _normal(text)
    part, sure = None, True
    until = _UNTIL.search(t)
    if until:
        year = int(until.group(1)) if until.group(1) else None
        month, day = int(until.group(2)), int(until.group(3) or 31)
        if year is not None and after is not None and year > after:
            t = t.replace(until.group(0), " ")  # after the year's end: the whole year
        else:
            if (month, day) != (12, 31):
                part = until.group(0)
            t = t.replace(until.group(0), f" {year}年 " if year is not None else " ")
    t = _MADE_YEAR.sub(" ", t)
    t = _FULL_DATE.sub(" ", t)
    if after is not None:
        t = _DATED.sub(lambda m: " " if int(m.group(1)) > after else m.group(0), t)
    if part is None:
        months = _MONTHS.search(t)
        if months and (int(months.group(1)), int(months.group(2))) != (1, 12):
            part = months.group(0)
        elif (one := _ONE_MONTH.search(t)) and not months:
            part, sure = one.group(0), int(one.group(1)) != 12
        elif found := _PART.search(t):
            part = found.group(0)
    years = tuple(dict.fromkeys(int(y) for y in _YEAR.findall(t) if 1900 <= int(y) <= 2999))
    return TitleFacts(years, part, sure)


def check(
    tables: list[Table], frame: pl.DataFrame | None, year: int | None, *, annual: bool, command: str
) -> list[str]:
    """The warnings the tables' titles give against the year they are read as (`year`: the run's, for a table
    without a year column); raises DataError where a title contradicts the run (module text). `frame`: the
    conformed tables, for the years a table's year column holds (None: the schema has no year column).
    `command`: the command, for the message. Read per table: the latest year its rows name outside a date is
    the one a later year-month is the making of; a row naming a later year beside a row naming the run's year
    is a warning."""
    warnings: list[str] = []
    for table in tables:
        if not table.titles:
            continue
        held = _years_held(frame, table.source)
        rows = list(dict.fromkeys(table.titles))  # a table settled for several kinds names a row once
        plain = [y for _, text in rows for y in plain_years(text)]
        after = max(plain) if plain else year
        # with no data year named anywhere, a later year-month in the title itself (`2024年1月…统计表`, no 制表 / 填报
        # word) is the month the figures are of, not the table's making: read as data, it stops
        said_all = [
            (row, text, facts(text, None if not plain and i == 0 and not _MADE_WORD.search(text) else after))
            for i, (row, text) in enumerate(rows)
        ]
        names_run = year is not None and any(year in said.years for _, _, said in said_all)
        for row, text, said in said_all:
            where = row_ref(table.source, row)
            if said.years and held is None and year is not None and year not in said.years:
                named = ", ".join(map(str, said.years))
                if names_run and all(y > year for y in said.years):
                    warnings.append(
                        f"{where}: the title {text!r} names {named}, beside a title naming {year}: the table is "
                        f"read as {year}; check that the file is the right one"
                    )
                    continue
                raise DataError(
                    f"{where}: the title {text!r} names {named}, but the table has no year column and is read as "
                    f"{year}: the file contradicts the run",
                    hint=f"pass --year {said.years[0]} if the table is for {said.years[0]}, or use the table of {year}",
                )
            if said.years and held and not set(said.years) & held:
                named, own = ", ".join(map(str, said.years)), ", ".join(map(str, sorted(held)))
                warnings.append(
                    f"{where}: the title {text!r} names {named}, but the table's year column holds {own}: "
                    "the rows are read by their year column; check that the file is the right one"
                )
            if said.part:
                if annual and said.sure:
                    raise DataError(
                        f"{where}: the title {text!r} names a part of a year ({said.part}): the yearly run "
                        "pays on the whole year's figures",
                        hint="use the table of the whole year (1-12月, 全年)",
                    )
                warnings.append(
                    f"{where}: the title {text!r} names a part of a year ({said.part}): {command} reads its "
                    "figures as the whole year's"
                )
    return warnings


def check_header_years(tables: list[Table], frame: pl.DataFrame | None, year: int | None) -> None:
    """Stop where a table's two-row header names years as qualifiers (网络零售额 over 2023年 / 2022年,
    `Table.header_years`) and its latest year is not the run's, or its year column or a title names another year
    (docs/policy-reading.md "Years under a group header"): read as 本年 it would pay another year's figures."""
    for table in tables:
        if table.header_years is None:
            continue
        row, latest, cell = table.header_years
        where = row_ref(table.source, row)
        if year is not None and latest != year:
            raise DataError(
                f"{where}: the header cell {cell!r} names {latest} as the table's latest year, but the run is for "
                f"{year}: its figures would be read as {year}'s",
                hint=f"pass --year {latest} if the table is for {latest}, or use the table of {year}",
            )
        held = _years_held(frame, table.source)
        if held and held != {latest}:
            own = ", ".join(map(str, sorted(held)))
            raise DataError(
                f"{where}: the header cell {cell!r} names {latest}, but the table's year column holds {own}: "
                "the file contradicts itself",
                hint="correct the year column or the header: jncli does not guess which one is right",
            )
        for n, text in dict.fromkeys(table.titles):
            named = plain_years(text)
            if named and latest not in named:
                raise DataError(
                    f"{where}: the header cell {cell!r} names {latest}, but the title {text!r} (row {n}) names "
                    f"{', '.join(map(str, named))}: the file contradicts itself",
                    hint="correct the title or the header: jncli does not guess which one is right",
                )


def _years_held(frame: pl.DataFrame | None, source: str) -> set[int] | None:
    """The years the table's year column holds; None when it has none (wide form, or no year column at all)."""
    if frame is None or "year" not in frame.columns:
        return None
    years = frame.filter((pl.col("_source") == source) & pl.col("year").is_not_null())["year"].unique().to_list()
    return set(years) or None
