"""Column headers for people: Chinese names of jncli's columns on a terminal table in Chinese and in
files written with `--headers zh`, and the way back when jncli reads such a file. May import polars,
`jncli.settings`, `jncli.schema` and `jncli.messages`.
"""

from __future__ import annotations

import functools

import polars as pl

from jncli.settings import OutputOptions


def chinese_headers(opts: OutputOptions, fmt: str) -> bool:
    """Chinese column headers: `--headers zh`, or a table for people (terminal, markdown) in a Chinese run."""
    from jncli import messages

    return (opts.headers or (messages.lang() if fmt in ("table", "markdown") else "en")) == "zh"


def column_headers(frame: pl.DataFrame) -> list[str]:
    """The Chinese headers of `frame`'s columns (money with （万元）): see `chinese_header`."""
    return [chinese_header(c, isinstance(d, pl.Decimal)) for c, d in frame.schema.items()]


def chinese_header(column: str, money: bool = False) -> str:
    """A column's Chinese header: its word in `messages.columns` or, for a column of the input tables, the
    first of that word and the column's Chinese aliases (`schema.py`) that every table holding the column
    reads back as it — a file written with `--headers zh` reads back to the same data. Its name if none."""
    from jncli import schema as schemas
    from jncli.messages.columns import COLUMNS, header

    holders = [s for s in schemas.SCHEMAS.values() if any(c.name == column for c in s.columns)]
    if not holders:
        return header(column, money)
    aliases = [a for s in holders for c in s.columns if c.name == column for a in c.aliases]
    # a previous year's figure or a stated growth has its Chinese names only qualified (上年同期网络零售额)
    for c in (c for s in holders for c in s.columns if c.name == column and c.qualified):
        forms = schemas._qualified(c.qualified[1], schemas.QUALIFIED[c.qualified[0]])  # 上年X, X上年, X(上年) …
        aliases += forms[1::3] + forms[0::3] if c.qualified[0] == "growth" else forms  # X同比增长, not 同比增长X
    candidates = ([COLUMNS[column]] if column in COLUMNS else []) + [
        a for a in aliases if any("\u4e00" <= ch <= "\u9fff" for ch in a) and not a.endswith("万元")
    ]
    for text in candidates:
        if all(schemas.match_header(s, text).column == column for s in holders):
            return f"{text}（万元）" if money and column not in ("scale_factor",) else text
    return header(column, money)


def column_of_header(text: str) -> str | None:
    """The column whose Chinese header (`chinese_header`) is `text`, None for any other text: how a file
    written with `--headers zh` reads back with the column names it had."""
    from jncli.messages.columns import machine_name

    return _chinese_headers().get(text) or machine_name(text)


def own_columns(headers) -> set[str]:
    """The column names of these headers as jncli wrote them: a Chinese header of `--headers zh` gives its
    machine name back (排名 → rank), any other header stays as it is. How a command tells its own output,
    written in either language, from an input table (`score-counties --final`)."""
    return {column_of_header(str(h)) or str(h) for h in headers}


def has_own_columns(headers, names) -> bool:
    """`set(names) <= own_columns(headers)`, without building the table of every Chinese header (~8 ms, a
    third of a small run's own work) when no header can be one of `names`: a header reads as a name only as
    itself, as that name's own Chinese header (`_chinese_headers` maps a header to the first name whose
    `chinese_header` it is) or through `machine_name`; when every name has such a header, the answer is
    `own_columns`' own. `tests/test_header_findings.py` checks both agree."""
    from jncli.messages.columns import machine_name

    texts = [str(h) for h in headers]
    for name in names:
        spellings = {name, chinese_header(name, False), chinese_header(name, True)}
        if not any(t in spellings or machine_name(t) == name for t in texts):
            return False
    return set(names) <= own_columns(headers)


@functools.cache
def _chinese_headers() -> dict[str, str]:
    from jncli import schema as schemas
    from jncli.messages.columns import COLUMNS

    names = dict.fromkeys([*COLUMNS, *(c.name for s in schemas.SCHEMAS.values() for c in s.columns)])
    out: dict[str, str] = {}
    for name in names:
        for money in (False, True):
            out.setdefault(chinese_header(name, money), name)
    return out
