"""The inputs of a yearly run: the table files in DATA_DIR, recognised by their columns, not their names.

`discover` reads every table file directly in DATA_DIR (not recursively) and classifies it by the
schema its headers fit best (`classify`); `from_manifest_inputs` reads again the inputs a manifest
names, with the kinds it recorded (`jncli verify`). Every table is renamed to its name in DATA_DIR,
so that no message (and so no report) depends on where DATA_DIR lies.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jncli.annual.inputs_toml import IGNORE, INPUTS_TOML, FileSettings, from_dict, read_inputs_toml, refuse_given
from jncli.annual.names import recorded_name, shown_name
from jncli.digest import Changed, file_sha256, identity, unchanged
from jncli.errors import DataError, JncliError, UsageError

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
    ".xlsm",  # the same workbook with macros, and the templates: the bytes decide (a zip workbook is read)
    ".xltx",
    ".xltm",
    ".et",  # WPS Spreadsheets' own name: read when its bytes are a zip workbook, else refused as an old binary one
    ".xls",
)
COMPRESSED = (".gz", ".zst")
# A ledger of what was received before (measures 2, 6): its kind among the inputs, and where it came from.
PRIOR = "prior"
FROM_OPTION = "--prior"
FROM_EARLIER_RUN = "earlier run"


@dataclass(eq=False, repr=False)
class InputFile:
    """One input file of the yearly run, as the manifest lists it."""

    name: str  # path relative to DATA_DIR (what outputs and the manifest show)
    path: str  # path as read
    kind: str  # schema name
    table: Table = field(repr=False)
    rows: int = 0
    sha256: str = ""
    settings: dict = field(default_factory=dict)  # what DATA/inputs.toml says of it (sheet, unit …)
    origin: str = ""  # for a prior ledger: "--prior" or "earlier run"
    # a prior ledger a jncli annual run wrote (the earlier run beside OUT_DIR, or a --prior file its manifest.json
    # beside it records): the measures that run skipped (--skip) and its year
    skipped: tuple[str, ...] = ()
    run_year: int | None = None
    # the file's identity before it was first read (`jncli.digest.identity`), when its table does not hold it
    # (DATA/inputs.toml): the run hashes it at the end only if it is still that file (`identity_before`)
    identity: tuple | None = None
    raw: str = ""  # its name in DATA_DIR when that is not UTF-8 (`name` is then as shown: `shown_name`)

    @property
    def identity_before(self) -> tuple | None:
        """The file's identity before its first byte was read (its table's, from the reader)."""
        return self.identity or getattr(self.table, "identity", None)

    @property
    def reading(self) -> list[str]:
        """What the reader noted while reading it (a title row skipped, a header on two rows …)."""
        return list(getattr(self.table, "reading", None) or [])


@dataclass(eq=False, repr=False)
class Found:
    """The input files found in DATA_DIR, and those ignored with why."""

    data_dir: str
    inputs: list[InputFile]
    ignored: list[tuple[str, str]]  # (file name, why)
    config: InputFile | None = None  # DATA/inputs.toml (hashed like an input; its table is None)
    shown: str = ""  # DATA_DIR as the user gave it (messages)
    raw: dict[str, str] = field(default_factory=dict)  # name shown → name in DATA_DIR, for names that are not UTF-8

    def of(self, kind: str) -> list[InputFile]:
        return [f for f in self.inputs if f.kind == kind]


def as_read_sha256(f: InputFile) -> str:
    """The SHA-256 of `f` as the run read it: hashed now (or when it was read) only if the file is still the one
    first opened (`identity_before`: same inode, size, times), else the run stops (`changed_while_read`) —
    a hash of bytes the run did not compute from would make the manifest and `verify` vouch for them."""
    try:
        if f.sha256:
            unchanged(f.path, f.identity_before)
            return f.sha256
        return file_sha256(f.path, same_as=f.identity_before)
    except (Changed, FileNotFoundError):
        raise changed_while_read(f.name) from None


def still_as_read(files: list[InputFile]) -> None:
    """Stop the run if any of `files` changed since it was first opened (checked again just before OUT_DIR is
    put in place: a table read lazily, a Parquet file, is read again while the outputs are written)."""
    for f in files:
        try:
            unchanged(f.path, f.identity_before)
        except (Changed, FileNotFoundError):
            raise changed_while_read(f.name) from None


def changed_while_read(name: str) -> DataError:
    return DataError(
        f"{name}: the file changed while the run read it (written, replaced or removed after it was first "
        f"opened), so the SHA-256 the manifest would record is not of the bytes the outputs were computed from",
        "nothing was written; run again when the file is complete (an export, a copy or a save still under way?)",
    )


def _is_table_name(name: str) -> bool:
    low = name.lower()
    for ext in COMPRESSED:
        if low.endswith(ext):
            low = low[: -len(ext)]
    return low.endswith(TABLE_EXTENSIONS)


def system_file(name: str) -> str | None:
    """Why `name` is a file the office software or the system left in the folder, not a table (None: it is
    not one): Excel's lock file `~$book.xlsx` (while the workbook is open), LibreOffice's `.~lock.book.xlsx#`,
    Windows' `Thumbs.db` and `desktop.ini`, macOS's `.DS_Store`."""
    if name.startswith("~$"):
        return "an Excel lock file (left while the workbook is open), not a table"
    if name.startswith(".~lock.") and name.endswith("#"):
        return "a LibreOffice lock file (left while the file is open), not a table"
    if name.lower() in ("thumbs.db", "desktop.ini", ".ds_store"):
        return "a file the system keeps in the folder, not a table"
    return None


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
            column = _named(kind, str(h))
            if column:
                found.add(column)
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


@functools.lru_cache(maxsize=4096)
def _named(kind: str, header: str) -> str | None:
    """The column `header` names in the shipped schema of `kind` (None: none). Kept: a yearly run asks
    ~1,100 times for ~350 (kind, header) pairs — every file's headers against every kind, for each header
    row the layout tries — and the answer depends on the two alone (a ValueError is not kept: it is raised
    again, as before)."""
    from jncli import schema as schemas

    schema = schemas.SCHEMAS[kind]
    try:
        return schemas.match_header(schema, header).column
    except ValueError:  # a bad unit: it still names the column; conform reports the unit
        return schemas.match_header(schema, schemas.split_unit(header)[0]).column


def discover(data_dir: str, inopts=None, *, given: dict[str, str] | None = None) -> Found:
    """Every table file directly in `data_dir` (sorted by name), classified by its columns or given its
    kind by DATA/inputs.toml, and read with that file's settings there.

    Every table file is used or refused: one that no measure recognises, or a table with a header and
    no rows (unless inputs.toml allows it), is a DataError. `given`: real paths of files an option
    names (--prior, --previous-whitelist) → the option; such a file in `data_dir` is used as that."""

    if not os.path.isdir(data_dir):
        what = "does not exist" if not os.path.exists(data_dir) else "is not a folder"
        raise DataError(f"cannot read {data_dir}: it {what}", "give the folder holding the year's input tables")
    toml = os.path.join(data_dir, INPUTS_TOML)
    toml_identity = identity(os.stat(toml)) if os.path.isfile(toml) else None  # before it is read
    settings = read_inputs_toml(data_dir, KINDS)
    refuse_given(data_dir, settings, given or {})
    inputs, ignored, config = [], [], None
    unrecognised: list[tuple[str, str]] = []
    # first every name passed over (by its name alone, nothing read): a run that stops on a table still says them
    tables: list[tuple[str, str, str]] = []  # (raw name, name shown, path)
    raws: dict[str, str] = {}
    for raw in sorted(os.listdir(data_dir)):
        name, path = shown_name(raw), os.path.join(data_dir, raw)
        if name != raw:
            raws[name] = raw
        if raw == INPUTS_TOML and os.path.isfile(path):
            config = InputFile(name, path, "inputs.toml", None, identity=toml_identity)
            config.sha256 = as_read_sha256(config)
            continue
        why = passed_over(raw, path, raw in settings)
        if why is None and os.path.realpath(path) in (given or {}):
            why = f"given with {given[os.path.realpath(path)]}"
        elif why is None and settings.get(raw, FileSettings()).kind == IGNORE:
            why = f'{INPUTS_TOML}: kind = "{IGNORE}"'
        elif why is None and not _is_table_name(raw) and raw not in settings:
            why = "not a table file, by its extension"
        if why is not None:
            ignored.append((name, why))
        else:
            tables.append((raw, name, path))
    try:
        for raw, name, path in tables:
            _discovered(raw, name, path, settings.get(raw, FileSettings()), inopts, inputs, unrecognised)
        _refuse_unrecognised(unrecognised)
        for f in inputs:
            _refuse_empty(f, data_dir)
    except JncliError as e:
        e.ignored = ignored  # said before the error (`jncli annual`): what was passed over is part of the answer
        raise
    return Found(os.path.abspath(data_dir), inputs, ignored, config, shown_name(os.path.normpath(data_dir)), raws)


def _refuse_unrecognised(unrecognised: list[tuple[str, str]]) -> None:
    """Stop on the table files no measure recognises (name, what it looks like), naming the first and counting
    the others."""
    if not unrecognised:
        return
    name, what = unrecognised[0]
    more = [n for n, _ in unrecognised[1:]]
    hint = (
        f"rename its headers to ones jncli knows (`jncli schema`), or give its sheet or kind in "
        f'DATA/{INPUTS_TOML}, or move it out of the data folder (or kind = "{IGNORE}" for it there)'
    )
    if not more:
        raise DataError(f"{name}: no measure recognises this table: {what}", hint)
    # whole templates (the Chinese of the `and … more` part is in the table only as part of the line)
    raise DataError(
        f"{name}: no measure recognises this table (and {len(more)} more: {', '.join(more[:3])}"
        f"{' …' if len(more) > 3 else ''}): {what}",
        hint,
    )


def _discovered(raw: str, name: str, path: str, mine: FileSettings, inopts, inputs: list, unrecognised: list) -> None:
    """Read one table file of the data folder (`raw`: its name in the folder, `name`: as shown) into `inputs`, or
    into `unrecognised` when no measure recognises it."""
    opts = mine.options(inopts)
    table = _named_table(_read(path, name, opts), name, raw, opts if mine.given() else None)
    table = _settled(table, opts, mine.kind)
    kind, ties = (mine.kind, []) if mine.kind else classify(table.columns)
    if not mine.kind and kind is not None and _is_ledger([str(h) for h in table.columns]):
        # a jncli output (award-enterprises.csv also names a county and figures) is a ledger, not a
        # bureau table: named as one (review 18), not read as the kind its figures resemble
        kind, ties = None, []
    if ties:
        path = shown_name(path)  # a name that is not UTF-8: as every other message shows it
        raise DataError(
            f"{path}: its columns fit both the {kind} and the {ties[0]} tables",
            f"rename or drop columns so that it is one kind, or give its kind in {INPUTS_TOML}; "
            f"see `jncli schema {kind}`",
        )
    if kind is None:
        unrecognised.append((name, describe_unrecognised(path, name, table, opts)))
        return
    if kind == "records" and not mine.kind:
        _refuse_kindless_records(name, table)
    if kind == "insurance" and not mine.kind:
        _refuse_generic_months(name, table)
    inputs.append(InputFile(name, path, kind, table, settings=mine.given(), raw=raw))


def passed_over(raw: str, path: str, named: bool = False) -> str | None:
    """Why an entry of the data folder is not looked at as a table, by its name and kind alone (None: it is
    one to look at): a file the system or office software leaves, a sub-folder, macOS's `__MACOSX` folder and
    AppleDouble `._*` files, any other hidden file (a dot-file: one a table is named too, never read unless
    `named` in inputs.toml), anything that is not a regular file."""
    system = system_file(raw)
    if system and os.path.isfile(path):  # never read: a lock file is a tiny binary holding the user's name
        return system
    if os.path.isdir(path):
        if raw == "__MACOSX":
            return "the folder of macOS metadata a zip made on a Mac holds, not a table"
        return "a folder: only the files directly in the data folder are read, not those in its sub-folders"
    if not os.path.isfile(path):
        return "not a regular file (a broken link, a pipe …)"
    if raw.startswith("._"):
        return "a macOS AppleDouble file (the Mac's metadata of another file), not a table"
    if raw.startswith(".") and not named:
        if _is_table_name(raw):
            return "a hidden file (its name starts with a dot), never read: rename it without the dot to use it"
        return "a hidden file (its name starts with a dot), not read"
    return None


def _refuse_kindless_records(name: str, table: Table) -> None:
    """A table found to be violation records by its columns alone must name each record's kind: a credit code
    and a date are what any list of enterprises with a date has (an honours list's 认定日期), and records
    exclude from the whitelist. Without the kind column the run stops, naming the headers nothing reads;
    DATA/inputs.toml says what the file is (kind = "records" or "ignore")."""
    from jncli import schema as schemas

    headers = [str(h) for h in table.columns]
    if "kind" in _fits(schemas.SCHEMAS["records"], headers)[0]:
        _refuse_empty_kinds(name, table, next(h for h in headers if _named("records", h) == "kind"))
        return
    unused = [h for h in headers if _named("records", h) is None]
    col = schemas.SCHEMAS["records"].column("kind")
    known = ", ".join(a for a in col.aliases if not a.isascii())
    raise DataError(
        f"{name}: its columns fit the violation records (a credit code and a date) but it has no record-kind column "
        f"({known}); headers read by nothing: {', '.join(unused) or '(none)'}",
        f"a records list names each record's kind (违法违规, 不良信用 …): add that column; or say what the file is "
        f'under [files."{name}"] in DATA/{INPUTS_TOML}: kind = "records" (it is one) or kind = "{IGNORE}" (it is not)',
    )


def _refuse_empty_kinds(name: str, table: Table, header: str) -> None:
    """A record-kind column empty throughout says no more than no column: the same stop (an honours list whose
    类型 was left blank). Checked on the column's distinct values (a few)."""
    import polars as pl

    from jncli.values import text

    column = (
        table.frame.lazy()
        .select(rows=pl.len(), kind=text(pl.col(header).cast(pl.String)).drop_nulls().first())
        .collect()
    )
    if not column["rows"].item() or column["kind"].item() is not None:
        return  # an empty table is refused (or allowed) as such
    raise DataError(
        f"{name}: its columns fit the violation records (a credit code and a date) but its record-kind column "
        f"{header} is empty throughout",
        f"a records list names each record's kind (违法违规, 不良信用 …): fill that column; or say what the file is "
        f'under [files."{name}"] in DATA/{INPUTS_TOML}: kind = "records" (it is one) or kind = "{IGNORE}" (it is not)',
    )


# Month headers that say nothing of insurance: a payroll or attendance list has them too.
GENERIC_MONTHS = ("月份", "所属期")


def _refuse_generic_months(name: str, table: Table) -> None:
    """A table found to be insurance months by a person id, a credit code and a plain 月份 is what a payroll or
    attendance list also is; its months would count as insured months (measure 8). With headers nothing reads
    (应发工资 …) the run stops, naming them; an insurance header (参保月份, 缴费年月 …) or no other header passes,
    and DATA/inputs.toml says what the file is (kind = "insurance" or "ignore")."""
    from jncli.schema import normalize_header

    headers = [str(h) for h in table.columns]
    months = [h for h in headers if _named("insurance", h) == "month"]
    unused = [h for h in headers if _named("insurance", h) is None]
    if not unused or any(normalize_header(h) not in GENERIC_MONTHS for h in months):
        return
    raise DataError(
        f"{name}: its columns fit the insurance months only by a plain month header ({', '.join(months)}), and it has "
        f"headers read by nothing: {', '.join(unused)}",
        "an insurance list names its months as such (参保月份, 缴费年月, 费款所属期): rename that header; "
        f'or say what the file is under [files."{name}"] in DATA/{INPUTS_TOML}: kind = "insurance" (it is one) '
        f'or kind = "{IGNORE}" (it is not: a payroll or attendance list)',
    )


def _settled(table: Table, inopts, kind: str | None = None) -> Table:
    """The header where the first rows put it (a title, a unit row, a two-row header above the data): the
    first reading that is a table of `kind` (inputs.toml), or of any kind."""
    from jncli import schema as schemas
    from jncli import tableio

    def fits(headers: list[str]) -> bool:
        return classify(headers)[0] is not None if kind is None else not _fits(schemas.SCHEMAS[kind], headers)[1]

    return tableio.settle(table, fits, strict=bool(inopts and inopts.strict))


def _read(path: str, name: str, opts) -> Table:
    """The file read with its settings; a reading error that names a command-line option says where the
    yearly run takes that setting from."""
    from jncli import tableio

    try:
        table = tableio.read_table(path, opts)
    except (DataError, UsageError) as e:
        shown = shown_name(path)
        if shown != path:  # a name that is not UTF-8: as every other message shows it
            e.message, e.hint = e.message.replace(path, shown), e.hint and e.hint.replace(path, shown)
        if "visible sheets holding a table" in e.message:  # a sheet per table: one file per table (review 28 F7)
            e.hint = (
                f'annual reads one sheet per file: name it with sheet = "NAME" under [files."{name}"] in '
                f"DATA/{INPUTS_TOML}; or, a sheet per table, save each sheet as a file of its own in the data folder "
                f"(jncli cat {name} --sheet NAME -o NAME.csv)"
            )
        elif any(o in f"{e.message} {e.hint or ''}" for o in ("--sheet", "--unit", "--encoding")) and (
            INPUTS_TOML not in (e.hint or "")  # the hint says it already
        ):
            e.hint = (f"{e.hint}; " if e.hint else "") + (
                f'annual reads sheet, unit and encoding per file from DATA/{INPUTS_TOML} ([files."{name}"])'
            )
        raise
    if table.hidden_alike:  # a sheet per county, the others hidden: one read would leave the others unpaid
        raise DataError(
            f"{name}: hidden sheet(s) {', '.join(table.hidden_alike)} hold a table with the same header as sheet "
            f"{table.sheet!r}, the one visible: parts or versions of one table, of which only one sheet would be read",
            f'choose the sheet: sheet = "{table.sheet}" under [files."{name}"] in DATA/{INPUTS_TOML} (the hidden ones '
            f"a template or an old version); only if they are parts of the table (a sheet per county or year), unhide "
            f"them and put every row in one sheet",
        )
    return table


def _refuse_empty(f: InputFile, data_dir: str) -> None:
    """A table with a header and no rows (a failed export) would pay as if nobody qualified."""
    import polars as pl

    from jncli.tableio.table import engine

    f.rows = f.table.frame.select(pl.len()).collect(engine=engine(f.table)).item()
    if f.rows == 0 and not f.settings.get("allow_empty"):
        raise DataError(
            f"{f.name}: the {f.kind} table has a header but no data rows (an empty or failed export?)",
            f'export it again; if it is really empty, write allow_empty = true under [files."{f.name}"] in '
            f"DATA/{INPUTS_TOML}",
        )


def describe_unrecognised(path: str, name: str, table: Table, opts) -> str:
    """What a table no measure recognises looks like: its headers, the kind it comes nearest to and what
    that kind misses, another sheet of the workbook that holds a known table, a jncli ledger."""
    from jncli import schema as schemas
    from jncli import tableio

    headers = [str(h) for h in table.columns]
    # as the file has them: an empty header cell empty, not as the reader named it (`_duplicated_0`, `__UNNAMED__2`)
    written = [tableio.header_as_written(h, headers) or "''" for h in headers]
    shown = ", ".join(written[:6]) + (" …" if len(written) > 6 else "")
    parts: list[str] = []
    if len(written) > 1 and written[0] != "''" and all(h == "''" for h in written[1:]):
        parts.append(
            f"its first row holds one cell only ({written[0]}): a title above a header row jncli does not know "
            "(`jncli cat` shows the rows below it)"
        )
    else:
        parts.append(f"headers {shown or '(none)'}")
    if _is_ledger(headers):
        from jncli.annual.own_outputs import own_output

        return own_output(parts[0], headers)
    best = None
    for kind in KINDS:
        found, missing = _fits(schemas.SCHEMAS[kind], headers)
        if found and (best is None or len(found) > len(best[1])):
            best = (kind, found, missing)
    if best is not None:
        kind, found, missing = best
        if missing:
            col = schemas.SCHEMAS[kind].column(missing[0])
            known = ", ".join([col.name, *[a for a in col.aliases if a != col.name]][:5])
            parts.append(f"nearest: a {kind} table, but no header means {missing[0]} (known: {known} …)")
        else:
            parts.append(f"nearest: a {kind} table, but it holds none of {', '.join(COUNTY_METRICS)}")
    sheets = tableio.sheet_names(path) if table.format == "xlsx" else []
    for i, sheet in enumerate(sheets, start=1):
        if sheet == table.sheet:
            continue
        try:
            other = tableio.read_table(path, opts._replace(sheet=f"#{i}"))
        except (DataError, UsageError):
            continue
        kind, _ = classify(other.columns)
        if kind is not None:
            parts.append(f'sheet {i} ("{sheet}") holds a {kind} table: write sheet = "{sheet}" for it in {INPUTS_TOML}')
            break
    return "; ".join(parts)


def _is_ledger(headers: list[str]) -> bool:
    """The headers hold every required column of a ledger (beneficiary, measure, rule, year, award, status):
    a jncli output or a ledger, which a bureau table never is."""
    from jncli import schema as schemas

    return _fits(schemas.SCHEMAS["ledger"], headers)[1] == []


def _fits(schema, headers: list[str]) -> tuple[list[str], list[str]]:
    """(schema columns the headers name, required columns they do not)."""
    from jncli import schema as schemas

    found = set()
    for h in headers:
        try:
            m = schemas.match_header(schema, h)
        except ValueError:
            m = schemas.match_header(schema, schemas.split_unit(h)[0])
        if m.column:
            found.add(m.column)
    return sorted(found), [c.name for c in schema.columns if c.required and c.name not in found]


def _renamed(table: Table, name: str, options=None) -> Table:
    """The table named by its name in DATA_DIR: messages (and so the report) must not depend on where DATA_DIR
    lies; `options`: the file's own reading options (DATA/inputs.toml), which conform then applies."""
    import polars as pl

    frame = table.frame.with_columns(_source=pl.lit(name))
    # echo off: what the reading did goes into the run's messages (and so the report), said once
    return dataclasses.replace(table, source=name, frame=frame, options=options or table.options, echo=False)


def _named_table(table: Table, name: str, raw: str, options=None) -> Table:
    """`_renamed`, and a name that is not UTF-8 (`raw`) said as a note of its reading (so in the report too)."""
    table = _renamed(table, name, options)
    if raw != name:
        try:
            os.fsencode(raw).decode("gb18030")
            table.reading.append(
                "the file name is not UTF-8 (as a zip made on Windows leaves it): shown decoded as GB18030; "
                "rename the file to that name so that every program shows it"
            )
        except UnicodeDecodeError:
            table.reading.append(
                "the file name is not UTF-8: shown with backslash escapes for its other bytes; rename the file"
            )
    return table


def from_manifest_inputs(manifest: dict, data_dir: str, inopts=None) -> Found:
    """The inputs a manifest names, read again from `data_dir` with the kinds and the per-file settings
    (DATA/inputs.toml) recorded (no rediscovery)."""

    inputs, config = [], None
    for item in manifest.get("inputs", []):
        raw = recorded_name(item)
        path = os.path.join(data_dir, raw)
        if item.get("kind") == "inputs.toml":
            config = InputFile(item["file"], path, "inputs.toml", None, sha256=file_sha256(path))
        if item.get("kind") not in KINDS:
            continue
        mine = from_dict(item.get("settings") or {})
        opts = mine.options(inopts)
        table = _named_table(_read(path, item["file"], opts), item["file"], raw, opts if mine.given() else None)
        table = _settled(table, opts, mine.kind)
        inputs.append(InputFile(item["file"], path, item["kind"], table, settings=mine.given(), raw=raw))
    for f in inputs:
        _refuse_empty(f, data_dir)
    ignored = [(i["file"], i["why"]) for i in manifest.get("ignored", [])]
    return Found(os.path.abspath(data_dir), inputs, ignored, config)


def previous_whitelist(path: str, inopts=None, kind: str = "previous_whitelist") -> InputFile:
    """The last published whitelist (`--previous-whitelist`), read from wherever it lies: its own input; with `kind`
    "trainers", the `--trainers` file (more whitelisted training institutions for measure 8) the same way."""
    from jncli import tableio

    table = tableio.read_table(path, inopts)
    table.echo = False  # its notes go into the run's messages
    return InputFile(os.path.basename(path), path, kind, table)
