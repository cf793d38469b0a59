"""Headers jncli does not know that may be a column it needs: an award must never be silently zero.

A column of the input that names no column of the schema is kept aside and read by nothing. When it
carries a money unit (`XYZ(万元)`, `…亿元`) or resembles a column of that table the file lacks
(`国家级荣誉称号` vs `国家级称号`, `2023年网络零售额` vs `网络零售额`, `网络销售额` vs `网络零售额`), the
missing column would pay nothing: the header is named with the likely column, a warning in every
command, an error under `--strict` and in `annual` (`InputOptions.unknown_headers`). jncli does not
guess which column a header means.

"Resembles": after `schema.normalize_header` (and without its unit), one contains the other, or difflib's
ratio of the two is at least `SIMILAR`; only the Chinese aliases of a column count, of two characters or more.
May import `jncli.schema`, `jncli.errors`.
"""

from __future__ import annotations

import difflib
from typing import NamedTuple

from jncli import schema as schemas
from jncli.errors import DataError

SIMILAR = 0.75  # 网络销售额 / 网络零售额: 0.8; 国家级荣誉称号 / 国家级称号: 0.83; 企业名称 / 企业类别: 0.5

# jncli's own output read back: its other columns are jncli's, never an input's
EXEMPT = ("ledger",)


class Suspect(NamedTuple):  # immutable record: ~0.1 ms to create, a frozen dataclass ~0.7 ms
    header: str
    unit: str | None  # the money unit it carries, if any
    likely: tuple[str, ...]  # the absent columns it may be ("国家级称号 (national_title)")
    resembles: bool  # `likely` from the header's words (else: the absent money columns)


def _chinese_names(col: schemas.Column) -> list[str]:
    return [a for a in col.aliases if not a.isascii() and len(schemas.normalize_header(a)) >= 2]


def _resembles(key: str, alias: str) -> bool:
    other = schemas.normalize_header(alias)
    if len(key) < 2:
        return False
    return other in key or key in other or difflib.SequenceMatcher(None, key, other).ratio() >= SIMILAR


def _money_unit(header: str) -> str | None:
    _, unit = schemas.split_unit(header)
    return unit if unit and schemas.unit_key(schemas.normalize_header(unit)) in schemas.MONEY_UNITS else None


def _shown(col: schemas.Column) -> str:
    from jncli.tableio.headers import chinese_header

    zh = chinese_header(col.name)
    return f"{zh} ({col.name})" if zh != col.name else col.name


def suspects(schema: schemas.Schema, headers: list[str], present: set[str]) -> list[Suspect]:
    """The headers (naming no column of `schema`) that may be a column of it the file lacks (`present`: the
    columns the file's other headers name)."""
    absent = [c for c in schema.columns if c.name not in present]
    out = []
    for h in headers:
        h = str(h)
        try:
            if schemas.match_header(schema, h).column is not None:
                continue
        except ValueError:  # conform reports an unknown unit of a known column
            continue
        key = schemas.normalize_header(schemas.split_unit(h)[0])
        like = tuple(_shown(c) for c in absent if any(_resembles(key, a) for a in _chinese_names(c)))
        unit = _money_unit(h)
        if like:
            out.append(Suspect(h, unit, like, True))
        elif unit:
            money = tuple(_shown(c) for c in absent if c.type == "money")
            out.append(Suspect(h, unit, money, False))
    return out


def check(
    source: str, schema_name: str, headers: list[str], present: set[str], error: bool, unit_only: bool = True
) -> list[str]:
    """The warnings for a table's suspect headers; with `error` (--strict, annual) the first that may be a
    missing column raises DataError instead (exit 1). With `unit_only` False (annual without --strict), a
    header that only carries a money unit and resembles no column stays a warning: a bureau table may hold
    other money figures (社会消费品零售总额(万元)), and a column a measure pays by, if missing, stops the
    yearly run anyway (`annual.needs`)."""
    if schema_name in EXEMPT:
        return []
    schema = schemas.SCHEMAS[schema_name]
    lines = []
    for s in suspects(schema, headers, present):
        likely = " or ".join(s.likely)
        if not s.likely:
            lines.append(
                f"{source}: the header {s.header!r} carries a money unit ({s.unit}) but names no column of the "
                f"{schema_name} table: it is left out"
            )
            continue
        if s.resembles:
            line = (
                f"{source}: the header {s.header!r} names no column of the {schema_name} table: is this {likely}? "
                "rename the header; jncli does not guess"
            )
        else:
            line = (
                f"{source}: the header {s.header!r} carries a money unit ({s.unit}) but names no column of the "
                f"{schema_name} table, and the file lacks {likely}: is it that column? "
                "rename the header; jncli does not guess"
            )
        if error and (s.resembles or unit_only):
            raise DataError(
                line, hint=f"a column read as missing would pay nothing; see `jncli schema {schema_name}` for its names"
            )
        lines.append(line)
    return lines


def stop_missing(source: str, schema_name: str, columns: list[str], needed: dict[str, str]) -> None:
    """A measure command's table (conformed: `columns`) that lacks a column a rule computed in this run needs
    (`needed`: column → those rules, `jncli.needed_columns`) stops the run, one line naming the file, the column
    and the rules, and the header that may be that column if one resembles it (`suspects`)."""
    from jncli.tableio.table import INTERNAL_COLUMNS

    schema = schemas.SCHEMAS[schema_name]
    names = {c.name for c in schema.columns}
    present = {c for c in columns if c in names}
    for column, rules in needed.items():
        if column in present:
            continue
        shown = _shown(schema.column(column))
        hint = f"add the column (an empty column states that none is reported); see `jncli schema {schema_name}`"
        headers = [c for c in columns if c not in names and c not in INTERNAL_COLUMNS and not c.startswith("_mark_")]
        like = [s.header for s in suspects(schema, headers, present) if shown in s.likely]
        if like:
            raise DataError(
                f"{source}: the {schema_name} table has no column {shown}, and without it {rules} would award "
                f"nothing; the header {like[0]!r} names no column: is it that column? rename the header; jncli "
                "does not guess",
                hint,
            )
        raise DataError(
            f"{source}: the {schema_name} table has no column {shown}, and without it {rules} would award nothing",
            hint,
        )
