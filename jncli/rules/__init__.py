"""One module or package per measure: pure functions from polars frames and a `Policy` to a polars frame.

No printing, no file access, no typer here. A rule returns a `RuleResult`: the output table and the
warnings the CLI prints on stderr (ties at an award boundary, skipped categories, budget scaling…).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl


class Said(str):
    """A warning or note: English, as every message jncli writes on stderr, with its Chinese for the
    report in Chinese (`annual --lang zh`), which analysts read."""

    zh: str

    def __new__(cls, en: str, zh: str) -> Said:
        said = super().__new__(cls, en)
        said.zh = zh
        return said


def in_lang(message: str, lang: str) -> str:
    """The message in `lang`: a `Said` carries its Chinese; any other is looked up in the message table
    (`jncli.messages`), and stays English only if it has no Chinese there."""
    from jncli.messages import tr

    return tr(message, lang) if lang == "zh" else str(message)


@dataclass(eq=False, repr=False)
class RuleResult:
    """A rule's output table, with its warnings and notes for stderr."""

    table: pl.DataFrame
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # informational lines (also stderr), not problems


def frame_from_rows(rows: list[dict], schema: dict) -> pl.DataFrame:
    """`pl.DataFrame(rows, schema=schema)`, with Decimal columns built through their text.

    polars imports NumPy the first time it converts Python `Decimal` objects (~40 ms of start-up,
    more than a 14-row computation costs); exact decimal text converts the same without it.
    """
    import polars as pl

    money = [name for name, dtype in schema.items() if isinstance(dtype, pl.Decimal)]
    if not money:
        return pl.DataFrame(rows, schema=schema)
    text_rows = [{**r, **{m: None if r.get(m) is None else str(r[m]) for m in money}} for r in rows]
    frame = pl.DataFrame(text_rows, schema={k: (pl.String if k in money else v) for k, v in schema.items()})
    return frame.with_columns([pl.col(m).cast(schema[m]) for m in money])


def decimals(values: list, dtype: pl.DataType) -> pl.Series:
    """A Decimal series from Python values, through their text (see `frame_from_rows`)."""
    import polars as pl

    return pl.Series([None if v is None else str(v) for v in values], dtype=pl.String).cast(dtype)
