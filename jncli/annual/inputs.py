"""The inputs of a yearly run: the table files in DATA_DIR, recognised by their columns, not their names.

`discover` reads every table file directly in DATA_DIR (not recursively) and classifies it by the
schema its headers fit best (`classify`); `from_manifest_inputs` reads again the inputs a manifest
names, with the kinds it recorded (`jncli verify`). Every table is renamed to its name in DATA_DIR,
so that no message (and so no report) depends on where DATA_DIR lies.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jncli.errors import DataError

if TYPE_CHECKING:
    from jncli.tableio import Table

# Input tables looked for in DATA_DIR, in this order (schema names of `jncli schema`).
KINDS = (
    "counties",
    "enterprises",
    "fiscal_ratios",
    "shops",
    "candidates",
    "records",
    "hires",
    "insurance",
    "county_rates",
)
# Measure-1 columns: a "counties" table must hold at least one, else it feeds nothing.
COUNTY_METRICS = ("online_retail", "rural_online_retail", "ent_online_retail", "above_quota_retail")
# Files looked at in DATA_DIR (not recursive): table formats jncli reads, also compressed.
TABLE_EXTENSIONS = (
    ".csv",
    ".tsv",
    ".tab",
    ".txt",
    ".json",
    ".jsonl",
    ".ndjson",
    ".parquet",
    ".pq",
    ".arrow",
    ".ipc",
    ".feather",
    ".xlsx",
    ".xls",
)
COMPRESSED = (".gz", ".zst")


@dataclass
class InputFile:
    name: str  # path relative to DATA_DIR (what outputs and the manifest show)
    path: str  # path as read
    kind: str  # schema name
    table: Table = field(repr=False)
    rows: int = 0
    sha256: str = ""


@dataclass
class Found:
    data_dir: str
    inputs: list[InputFile]
    ignored: list[tuple[str, str]]  # (file name, why)

    def of(self, kind: str) -> list[InputFile]:
        return [f for f in self.inputs if f.kind == kind]


def file_sha256(path: str) -> str:
    # Hashing bytes is not parsing a table: the audit wants the file exactly as it lay in DATA_DIR.
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _refuse_titled_table(path: str, table) -> None:
    """A table of a known kind under a title row (statistics-bureau sheets) must not be ignored
    quietly: the run would go on without its measure."""
    import polars as pl

    rows = table.frame.head(10).select("_row", *[pl.col(c).cast(pl.String) for c in table.columns]).collect().rows()
    for row in rows:
        kind, _ = classify([c for c in row[1:] if c])
        if kind is not None:
            raise DataError(
                f"{path}: row {row[0]} looks like the header of a {kind} table, under a title",
                "delete the rows above it (and label money headers with their unit, e.g. 网络零售额(元))",
            )


def _is_table_name(name: str) -> bool:
    low = name.lower()
    for ext in COMPRESSED:
        if low.endswith(ext):
            low = low[: -len(ext)]
    return low.endswith(TABLE_EXTENSIONS)


def classify(headers: list[str]) -> tuple[str | None, list[str]]:
    """The schema a table's columns fit best: (kind, other fitting kinds) or (None, []).

    A kind fits when every required column is there under some accepted header (the same matching as
    `conform`); a counties table must also hold a measure-1 figure. Of the fitting kinds the one with
    the most matched columns wins (a fiscal_ratios table also "fits" counties by its county column).
    """
    from jncli import schema as schemas

    scores: dict[str, int] = {}
    for kind in KINDS:
        schema = schemas.SCHEMAS[kind]
        found = set()
        for h in headers:
            try:
                m = schemas.match_header(schema, str(h))
            except ValueError:  # a bad unit: it still names the column; conform reports the unit
                m = schemas.match_header(schema, schemas.split_unit(str(h))[0])
            if m.column:
                found.add(m.column)
        if not all(c.name in found for c in schema.columns if c.required):
            continue
        if kind == "counties" and not any(c in found or f"{c}_prev" in found for c in COUNTY_METRICS):
            continue
        scores[kind] = len(found)
    if not scores:
        return None, []
    best = max(scores.values())
    winners = [k for k, v in scores.items() if v == best]
    return winners[0], winners[1:]


def discover(data_dir: str, inopts=None) -> Found:
    """Every table file directly in `data_dir` (sorted by name), classified by its columns."""
    from jncli import tableio

    if not os.path.isdir(data_dir):
        what = "does not exist" if not os.path.exists(data_dir) else "is not a folder"
        raise DataError(f"cannot read {data_dir}: it {what}", "give the folder holding the year's input tables")
    inputs, ignored = [], []
    for name in sorted(os.listdir(data_dir)):
        path = os.path.join(data_dir, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        if not _is_table_name(name):
            ignored.append((name, "not a table file, by its extension"))
            continue
        table = _renamed(tableio.read_table(path, inopts), name)
        kind, ties = classify(table.columns)
        if ties:
            raise DataError(
                f"{path}: its columns fit both the {kind} and the {ties[0]} tables",
                f"rename or drop columns so that it is one kind; see `jncli schema {kind}`",
            )
        if kind is None:
            _refuse_titled_table(path, table)
            ignored.append((name, "its columns fit none of: " + ", ".join(KINDS)))
            continue
        inputs.append(InputFile(name, path, kind, table))
    return Found(os.path.abspath(data_dir), inputs, ignored)


def _renamed(table: Table, name: str) -> Table:
    """The table named by its name in DATA_DIR: messages (and so the report) must not depend on where DATA_DIR lies."""
    import polars as pl

    return dataclasses.replace(table, source=name, frame=table.frame.with_columns(_source=pl.lit(name)))


def from_manifest_inputs(manifest: dict, data_dir: str, inopts=None) -> Found:
    """The inputs a manifest names, read again from `data_dir` with the kinds recorded (no rediscovery)."""
    from jncli import tableio

    inputs = []
    for item in manifest.get("inputs", []):
        if item.get("kind") not in KINDS:
            continue
        path = os.path.join(data_dir, item["file"])
        table = _renamed(tableio.read_table(path, inopts), item["file"])
        inputs.append(InputFile(item["file"], path, item["kind"], table))
    ignored = [(i["file"], i["why"]) for i in manifest.get("ignored", [])]
    return Found(os.path.abspath(data_dir), inputs, ignored)


def previous_whitelist(path: str, inopts=None) -> InputFile:
    """The last published whitelist (`--previous-whitelist`), read from wherever it lies: its own input."""
    from jncli import tableio

    table = tableio.read_table(path, inopts)
    return InputFile(os.path.basename(path), path, "previous_whitelist", table)
