"""Reading tables (stub: being written)."""
from __future__ import annotations
from dataclasses import dataclass
import polars as pl


@dataclass
class Table:
    frame: "pl.DataFrame | pl.LazyFrame"
    source: str
    format: str
    encoding: str | None = None


def read_table(source, opts=None) -> Table: raise NotImplementedError
def read_tables(sources, opts=None) -> list[Table]: raise NotImplementedError
def concat_raw(tables): raise NotImplementedError
def conform(table, schema, opts=None, *, all_problems=False): raise NotImplementedError
def conform_all(tables, schema, opts=None, *, all_problems=False): raise NotImplementedError
