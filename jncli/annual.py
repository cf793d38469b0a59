"""The yearly run — `jncli annual DATA_DIR --year Y -o OUT_DIR` — and its audit, `jncli verify OUT_DIR`.

One cron-ready command that does what a bureau does once a year: find the input tables in a folder
(by their columns, not their file names), run every measure through the same rule functions as the
subcommands (score-counties, award-enterprises, track-shops, whitelist), concatenate the ledger,
check it (check-validity), and write everything, with a report and a manifest, into OUT_DIR as a whole.

    本措施自2022年11月10日起施行，有效期至2023年12月31日。以上奖励政策按就高原则执行，不重复享受。
    The measures run once per data year; the combined ledger is checked so that nobody is paid twice.

Reproducibility: the same inputs and options give byte-identical outputs (no time, host or path in any
output file); the time of the run appears only in manifest.json, which also holds every input's and
output's SHA-256, so `verify` can re-run the year from it and compare.

This module reads through `jncli.tableio` and writes through it (`atomic_folder`, `write_file`,
`write_bytes`); it prints nothing: notes and warnings come back to the CLI.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from jncli.errors import DataError, UsageError
from jncli.ledger import LEDGER_COLUMNS

if TYPE_CHECKING:
    import polars as pl

    from jncli.policy import Policy
    from jncli.tableio import Table

# Input tables looked for in DATA_DIR, in this order (schema names of `jncli schema`).
KINDS = ("counties", "enterprises", "fiscal_ratios", "shops", "candidates", "records")
# Measure-1 columns: a "counties" table must hold at least one, else it feeds nothing.
COUNTY_METRICS = ("online_retail", "rural_online_retail", "ent_online_retail", "above_quota_retail")
# Files looked at in DATA_DIR (not recursive): table formats jncli reads, also compressed.
TABLE_EXTENSIONS = (".csv", ".tsv", ".tab", ".txt", ".json", ".jsonl", ".ndjson", ".parquet", ".pq", ".arrow",
                    ".ipc", ".feather", ".xlsx", ".xls")
COMPRESSED = (".gz", ".zst")

# The steps of the run: output name (also the file stem in OUT_DIR), the subcommand it mirrors, the
# measures (articles) it computes, and whether its rows go into the ledger.
STEPS = (
    ("score-counties", "jncli score-counties", (1,), True),
    ("award-enterprises", "jncli award-enterprises --fiscal-ratios", (2, 3, 6), True),
    ("commendations", "jncli award-enterprises --commendations", (2,), True),
    ("track-shops", "jncli track-shops", (4,), True),
    ("track-shops-by-month", "jncli track-shops --by month", (4,), False),
    ("whitelist", "jncli whitelist --records", (7,), True),
)
LEDGER = "ledger"
VIOLATIONS = "check-validity"
REPORT_HTML = "report.html"
REPORT_XLSX = "report.xlsx"
MANIFEST = "manifest.json"
MANIFEST_KIND = "jncli annual"


# ------------------------------------------------------------------------------------------ options
@dataclass(frozen=True)
class Settings:
    """Every option of one yearly run, as given (the manifest records these and `verify` replays them)."""

    year: int
    province_growth: str | None = None
    province_rural_growth: str | None = None
    as_of: str | None = None           # default: 31 December of `year`
    budget: str | None = None
    eligibility: str = "literal"
    reassign: bool = False
    previous_whitelist: str | None = None
    lang: str = "zh"
    policy: str | None = None          # resolved path; None = the shipped policy


@dataclass(frozen=True)
class Parsed:
    """The options turned into values (usage errors raised here, before any data is read)."""

    year: int
    province_growth: float | None
    province_rural_growth: float | None
    as_of: dt.date
    budget: Decimal | None
    eligibility: str
    reassign: bool
    lang: str


def parse_settings(s: Settings) -> Parsed:
    from jncli.options import check_lang, parse_rate
    from jncli.rules.whitelist import parse_date_option

    if not 1900 <= s.year <= 9999:
        raise UsageError(f"--year must be a year such as 2023, not {s.year}")
    if s.eligibility not in ("literal", "filter-first"):
        raise UsageError(f"--eligibility must be literal or filter-first, not {s.eligibility!r}")
    rates = [parse_rate(v, o) if v is not None else None
             for v, o in ((s.province_growth, "--province-growth"), (s.province_rural_growth, "--province-rural-growth"))]
    as_of = parse_date_option(s.as_of) if s.as_of is not None else dt.date(s.year, 12, 31)
    return Parsed(s.year, rates[0], rates[1], as_of, parse_budget(s.budget), s.eligibility, s.reassign,
                  check_lang(s.lang))


def parse_budget(text: str | None) -> Decimal | None:
    """`--budget X` in 万元, as award-enterprises reads it."""
    if text is None:
        return None
    try:
        amount = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.000001")):
        raise UsageError(f"--budget must be an amount in 万元 ≥ 0 with at most 6 decimals, not {text!r}")
    return amount


# ------------------------------------------------------------------------------------------ inputs
@dataclass
class InputFile:
    name: str                 # path relative to DATA_DIR (what outputs and the manifest show)
    path: str                 # path as read
    kind: str                 # schema name
    table: "Table" = field(repr=False)
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


def _prefixed(step: str, message: str) -> str:
    """`step: message`, in both languages when the message has both (a rule's `Said`)."""
    from jncli.rules import Said

    if isinstance(message, Said):
        return Said(f"{step}: {message}", f"{step}：{message.zh}")
    return f"{step}: {message}"


def _refuse_titled_table(path: str, table) -> None:
    """A table of a known kind under a title row (statistics-bureau sheets) must not be ignored
    quietly: the run would go on without its measure."""
    import polars as pl

    rows = table.frame.head(10).select("_row", *[pl.col(c).cast(pl.String) for c in table.columns]).collect().rows()
    for row in rows:
        kind, _ = classify([c for c in row[1:] if c])
        if kind is not None:
            raise DataError(f"{path}: row {row[0]} looks like the header of a {kind} table, under a title",
                            "delete the rows above it (and label money headers with their unit, e.g. 网络零售额(元))")


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
            raise DataError(f"{path}: its columns fit both the {kind} and the {ties[0]} tables",
                            f"rename or drop columns so that it is one kind; see `jncli schema {kind}`")
        if kind is None:
            _refuse_titled_table(path, table)
            ignored.append((name, "its columns fit none of: " + ", ".join(KINDS)))
            continue
        inputs.append(InputFile(name, path, kind, table))
    return Found(os.path.abspath(data_dir), inputs, ignored)


def _renamed(table: "Table", name: str) -> "Table":
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


# ------------------------------------------------------------------------------------------ the run
@dataclass
class Step:
    name: str
    command: str
    measures: tuple[int, ...]
    in_ledger: bool
    inputs: list[str] = field(default_factory=list)
    skipped: str | None = None           # why it did not run
    table: "pl.DataFrame | None" = field(default=None, repr=False)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Run:
    settings: Settings
    parsed: Parsed
    policy: "Policy"
    found: Found
    steps: dict[str, Step]
    ledger: "pl.DataFrame"
    violations: "pl.DataFrame"
    previous_whitelist: InputFile | None = None
    messages: list[tuple[str, str]] = field(default_factory=list)  # ("note" | "ignored" | "warning", text) in order

    @property
    def warnings(self) -> list[str]:
        return [text for kind, text in self.messages if kind == "warning"]


def run(found: Found, settings: Settings, policy: "Policy", inopts=None) -> Run:
    """Run every measure the inputs allow, then the ledger check. Raises DataError / UsageError."""
    import polars as pl

    from jncli import tableio
    from jncli.rules import Said, enterprises, shops, validity, whitelist
    from jncli.rules.counties import score_counties

    p = parse_settings(settings)
    messages: list[tuple[str, str]] = []
    steps = {name: Step(name, cmd, measures, in_ledger) for name, cmd, measures, in_ledger in STEPS}
    # "ignored" lines go to stderr but not into the report: the report depends on the inputs only.
    for name, why in found.ignored:
        messages.append(("ignored", f"{name}: ignored ({why})"))
    if not found.inputs:
        raise DataError(f"{found.data_dir}: no input table found (looked for {', '.join(KINDS)} by their columns)",
                        "see `jncli schema` for the columns each table needs")

    def conformed(kind: str, lazy: bool = False, raw_text: tuple[str, ...] = ()):
        return tableio.conform_all([f.table for f in found.of(kind)], kind, inopts, lazy=lazy, raw_text=raw_text)

    def names(*kinds: str) -> list[str]:
        return [f.name for k in kinds for f in found.of(k)]

    def done(step: Step, result, inputs: list[str]) -> None:
        step.inputs = inputs
        step.table = result.table.drop([c for c in tableio.INTERNAL_COLUMNS if c in result.table.columns])
        step.warnings, step.notes = list(result.warnings), list(result.notes)

    def skip(step: Step, why: str) -> None:
        step.skipped = why

    # Measure 1 — score-counties
    step = steps["score-counties"]
    if found.of("counties"):
        result = score_counties(conformed("counties"), policy, year=p.year, province_growth=p.province_growth,
                                province_rural_growth=p.province_rural_growth, eligibility=p.eligibility,
                                reassign=p.reassign, lang=p.lang)
        done(step, result, names("counties"))
    else:
        skip(step, "no counties table")

    # Measures 2, 3, 6 — award-enterprises (with --fiscal-ratios when a ratios table is there) and commendations
    if found.of("enterprises"):
        frame = conformed("enterprises")
        ratios = conformed("fiscal_ratios") if found.of("fiscal_ratios") else None
        result = enterprises.award_enterprises(frame, policy, year=p.year, budget=p.budget, fiscal_ratios=ratios,
                                               lang=p.lang)
        done(steps["award-enterprises"], result, names("enterprises", "fiscal_ratios"))
        done(steps["commendations"], enterprises.commendations(frame, policy, year=p.year, lang=p.lang),
             names("enterprises"))
    else:
        skip(steps["award-enterprises"], "no enterprises table")
        skip(steps["commendations"], "no enterprises table")
    if found.of("fiscal_ratios") and not found.of("enterprises"):
        messages.append(("note", f"{', '.join(names('fiscal_ratios'))}: fiscal ratios but no enterprises table; not used"))

    # Measure 4 — track-shops, per year (the commendations) and per month (for the report)
    if found.of("shops"):
        lazy = conformed("shops", lazy=True, raw_text=shops.SELF_NORMALISED)
        done(steps["track-shops"], shops.track_shops(lazy, policy, year=p.year, lang=p.lang), names("shops"))
        by_month = shops.track_shops(lazy, policy, year=p.year, by="month", lang=p.lang)
        by_month.warnings = []  # the same warnings as the yearly count: said once
        done(steps["track-shops-by-month"], by_month, names("shops"))
    else:
        skip(steps["track-shops"], "no shops table")
        skip(steps["track-shops-by-month"], "no shops table")

    # Measure 7 — whitelist (needs the candidates and the violation / credit records)
    step = steps["whitelist"]
    previous = None
    if settings.previous_whitelist:
        previous = _previous_whitelist(settings.previous_whitelist, inopts)
    if found.of("candidates") and found.of("records"):
        prev_frame = _previous_frame(previous.table, inopts) if previous else None
        result = whitelist.vet_whitelist(conformed("candidates"), conformed("records"), policy, previous=prev_frame,
                                         as_of=p.as_of, lang=p.lang)
        done(step, result, names("candidates", "records") + ([previous.name] if previous else []))
    else:
        missing = [k for k in ("candidates", "records") if not found.of(k)]
        skip(step, f"no {' and no '.join(missing)} table")

    # What the report and the manifest say about each input: its rows as read and its SHA-256.
    for f in found.inputs + ([previous] if previous else []):
        f.rows = f.table.frame.select(pl.len()).collect().item()
        f.sha256 = file_sha256(f.path)

    for step in steps.values():
        if step.skipped:
            messages.append(("warning", f"{step.name} (measure {', '.join(map(str, step.measures))}) skipped: "
                                        f"{step.skipped}"))
            continue
        messages.append(("note", f"{step.name} (measure {', '.join(map(str, step.measures))}) ← {', '.join(step.inputs)}"))
        messages += [("note", _prefixed(step.name, n)) for n in step.notes]
        messages += [("warning", _prefixed(step.name, w)) for w in step.warnings]
    if all(s.skipped for s in steps.values()):
        raise DataError(f"{found.data_dir}: no measure can run with these inputs "
                        f"({', '.join(f'{f.name} = {f.kind}' for f in found.inputs)})")

    # The combined ledger: the ledger columns of every award-producing result, in step order.
    ledger = combine_ledger([s.table for s in steps.values() if s.in_ledger and s.table is not None])
    # Checked as `jncli check-validity OUT_DIR/ledger.csv` would: violations name ledger.csv and its row.
    checked = ledger.with_columns(_source=pl.lit(f"{LEDGER}.csv"),
                                  _row=pl.int_range(2, pl.len() + 2, dtype=pl.Int64))
    check = validity.check_ledger(checked, policy, lang=p.lang)
    messages += [("warning", _prefixed("check-validity", w)) for w in check.warnings]
    violations = check.table.drop([c for c in tableio.INTERNAL_COLUMNS if c in check.table.columns])
    if violations.height:
        messages.append(("warning", Said(f"check-validity: {violations.height} violation(s) in the ledger "
                                         f"(see {VIOLATIONS}.csv and the report)",
                                         f"check-validity：台账中发现{violations.height}处问题（见 {VIOLATIONS}.csv 与本报告）")))
    return Run(settings, p, policy, found, steps, ledger, violations, previous, messages)


def combine_ledger(tables: list["pl.DataFrame"]) -> "pl.DataFrame":
    """Ledger columns only, with the conformed ledger dtypes, concatenated in the order given."""
    import polars as pl

    from jncli.tableio import MONEY_DTYPE

    dtypes = {"beneficiary": pl.String, "beneficiary_name": pl.String, "measure": pl.Int64, "rule": pl.String,
              "year": pl.Int64, "award": MONEY_DTYPE, "status": pl.String, "basis": pl.String}
    empty = pl.DataFrame(schema=dtypes)
    parts = [t.select([(pl.col(c) if c in t.columns else pl.lit(None)).cast(dtypes[c]).alias(c) for c in LEDGER_COLUMNS])
             for t in tables]
    return pl.concat([empty, *parts], how="vertical")


def _previous_whitelist(path: str, inopts) -> InputFile:
    from jncli import tableio

    table = tableio.read_table(path, inopts)
    return InputFile(os.path.basename(path), path, "previous_whitelist", table)


def _previous_frame(table: "Table", inopts) -> "pl.DataFrame":
    """The last published whitelist, in the shapes `jncli whitelist --previous` takes."""
    from jncli import tableio
    from jncli.rules import whitelist

    shape, frame = tableio.conform_first(table, whitelist.PREVIOUS_SHAPES, inopts, option="--previous-whitelist")
    return whitelist.previous_list(frame, shape)


# ------------------------------------------------------------------------------------------ writing
def output_files(r: Run) -> list[str]:
    """The files a run writes into OUT_DIR, manifest.json last."""
    files = []
    for step in r.steps.values():
        if step.table is not None:
            files += [f"{step.name}.parquet", f"{step.name}.csv"]
    files += [f"{LEDGER}.parquet", f"{LEDGER}.csv", f"{VIOLATIONS}.parquet", f"{VIOLATIONS}.csv",
              REPORT_HTML, REPORT_XLSX]
    return files


def write_outputs(r: Run, folder: str) -> dict[str, str]:
    """Write every output but the manifest into `folder` (an existing, empty folder); name → SHA-256."""
    from jncli import report, tableio

    for step in r.steps.values():
        if step.table is not None:
            tableio.write_file(step.table, os.path.join(folder, f"{step.name}.parquet"))
            tableio.write_file(step.table, os.path.join(folder, f"{step.name}.csv"))
    for stem, frame in ((LEDGER, r.ledger), (VIOLATIONS, r.violations)):
        tableio.write_file(frame, os.path.join(folder, f"{stem}.parquet"))
        tableio.write_file(frame, os.path.join(folder, f"{stem}.csv"))
    report.write_report(r, folder, REPORT_HTML, REPORT_XLSX)
    return {name: file_sha256(os.path.join(folder, name)) for name in output_files(r)}


def check_out_dir(out_dir: str, force: bool) -> None:
    """Refuse an existing OUT_DIR unless --force; even then replace only an earlier annual output (or an
    empty folder), never an arbitrary folder."""
    if not os.path.lexists(out_dir):
        return
    if not os.path.isdir(out_dir) or os.path.islink(out_dir):
        raise UsageError(f"-o {out_dir}: it exists and is not a folder")
    if not force:
        raise UsageError(f"-o {out_dir}: the folder exists", "pass --force to replace it, or choose another folder")
    entries = os.listdir(out_dir)
    earlier = read_manifest(out_dir, quiet=True) if entries else None
    if entries and earlier is None:
        raise UsageError(f"-o {out_dir}: the folder holds files that are not a jncli annual output; not replacing it",
                         "choose another folder")
    if earlier is not None:
        # files a person put there (notes, a signed copy) would go with the old output
        ours = {o.get("file") for o in earlier.get("outputs", []) if isinstance(o, dict)} | {MANIFEST}
        added = sorted(e for e in entries if e not in ours)
        if added:
            raise UsageError(f"-o {out_dir}: the folder also holds files the earlier run did not write "
                             f"({', '.join(added[:3])}{' …' if len(added) > 3 else ''}); --force would delete them",
                             "move them out first, or choose another folder")


def annual(data_dir: str, out_dir: str, settings: Settings, *, force: bool = False, inopts=None) -> Run:
    """The whole yearly run: discover, compute, write OUT_DIR atomically. Returns the run (exit status: 3 when
    `run.violations` is not empty)."""
    from jncli import tableio
    from jncli.policy import load_policy

    started = time.time()
    parse_settings(settings)  # usage errors first, before anything is read
    check_out_dir(out_dir, force)
    policy = load_policy(settings.policy)
    found = discover(data_dir, inopts)
    r = run(found, settings, policy, inopts)
    with tableio.atomic_folder(out_dir, replace=force) as folder:
        hashes = write_outputs(r, folder)
        doc = manifest(r, hashes, out_dir, started=started, elapsed=time.time() - started, force=force)
        tableio.write_bytes(os.path.join(folder, MANIFEST),
                            (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return r


# ------------------------------------------------------------------------------------------ manifest
def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    import platform

    out = {"python": platform.python_version()}
    for pkg in ("polars", "xlsxwriter", "matplotlib"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "absent"
    return out


def manifest(r: Run, hashes: dict[str, str], out_dir: str, *, started: float, elapsed: float, force: bool) -> dict:
    from jncli import __version__

    pol = r.policy
    shipped = r.settings.policy is None
    inputs = [{"file": f.name, "kind": f.kind, "rows": f.rows, "sha256": f.sha256,
               "feeds": [s.name for s in r.steps.values() if f.name in s.inputs]} for f in r.found.inputs]
    if r.previous_whitelist is not None:
        f = r.previous_whitelist
        inputs.append({"file": os.path.abspath(f.path), "kind": f.kind, "rows": f.rows, "sha256": f.sha256,
                       "feeds": ["whitelist"]})
    return {
        "kind": MANIFEST_KIND,
        "jncli": __version__,
        "versions": _versions(),
        "run": {  # the only place the time of the run is written
            "started_utc": dt.datetime.fromtimestamp(started, dt.timezone.utc).isoformat(timespec="seconds"),
            "seconds": round(elapsed, 3),
        },
        "command": {"data_dir": r.found.data_dir, "out_dir": os.path.abspath(out_dir), "force": force},
        "options": asdict(r.settings),
        "resolved": {"as_of": r.parsed.as_of.isoformat(), "province_growth": r.parsed.province_growth,
                     "province_rural_growth": r.parsed.province_rural_growth},
        "policy": {"file": os.path.basename(pol.source), "path": None if shipped else os.path.abspath(pol.source),
                   "shipped": shipped, "id": pol.id, "sha256": pol.sha256},
        "inputs": inputs,
        "ignored": [{"file": n, "why": w} for n, w in r.found.ignored],
        "measures": {s.name: ({"ran": True, "inputs": s.inputs, "rows": s.table.height} if s.table is not None
                              else {"ran": False, "skipped": s.skipped}) for s in r.steps.values()},
        "ledger_rows": r.ledger.height,
        "violations": r.violations.height,
        "exit_status": 3 if r.violations.height else 0,
        "outputs": [{"file": name, "sha256": digest} for name, digest in hashes.items()],
    }


def read_manifest(out_dir: str, quiet: bool = False) -> dict | None:
    path = os.path.join(out_dir, MANIFEST)
    try:
        with open(path, "rb") as f:  # a small JSON file of our own, not a data table
            doc = json.loads(f.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        if quiet:
            return None
        why = "no such file" if isinstance(e, FileNotFoundError) else f"not readable JSON ({e})"
        raise DataError(f"{path}: {why}", "give a folder written by `jncli annual`") from None
    if not isinstance(doc, dict) or doc.get("kind") != MANIFEST_KIND:
        if quiet:
            return None
        raise DataError(f"{path}: not a jncli annual manifest")
    return doc


# ------------------------------------------------------------------------------------------ verify
VERIFY_COLUMNS = ("kind", "file", "status", "detail")


def verify(out_dir: str, *, data_dir: str | None = None, inopts=None) -> tuple["pl.DataFrame", bool, list[str]]:
    """Re-run the year from OUT_DIR/manifest.json into a temp folder and compare byte for byte.

    Returns (one row per policy / input / output: kind, file, status, detail; all identical?; notes).
    Status: identical, differs, missing, changed (an input or the policy is not what the run read), extra.
    """
    import polars as pl

    from jncli import __version__
    from jncli.policy import load_policy

    doc = read_manifest(out_dir)
    notes: list[str] = []
    rows: list[dict[str, Any]] = []
    try:
        opts = doc["options"]
        settings = Settings(**{k: opts.get(k, getattr(Settings, k, None)) for k in Settings.__dataclass_fields__})
        recorded = {o["file"]: o["sha256"] for o in doc["outputs"]}
        data_dir = data_dir or doc["command"]["data_dir"]
    except (KeyError, TypeError) as e:
        raise DataError(f"{os.path.join(out_dir, MANIFEST)}: incomplete manifest (missing {e})") from None
    if doc.get("jncli") != __version__:
        notes.append(f"the run used jncli {doc.get('jncli')}, this is {__version__}: outputs may differ for that reason")
    now = _versions()
    for pkg, was in (doc.get("versions") or {}).items():
        if now.get(pkg) != was:
            notes.append(f"the run used {pkg} {was}, this machine has {now.get(pkg)}")

    policy = load_policy(settings.policy) if settings.policy else load_policy(_shipped_policy_path())
    pdoc = doc.get("policy", {})
    same = policy.sha256 == pdoc.get("sha256")
    rows.append({"kind": "policy", "file": pdoc.get("file"), "status": "identical" if same else "changed",
                 "detail": "" if same else f"sha256 {policy.sha256[:12]}… ≠ recorded {str(pdoc.get('sha256'))[:12]}…"})

    if settings.previous_whitelist and not os.path.isfile(settings.previous_whitelist):
        # recorded by its absolute path; archived with the data, it is found by its name in DATA_DIR
        moved = os.path.join(data_dir, os.path.basename(settings.previous_whitelist))
        if os.path.isfile(moved):
            notes.append(f"the previous whitelist {settings.previous_whitelist} is not there; using {moved}")
            settings = dataclasses.replace(settings, previous_whitelist=moved)
    for item in doc.get("inputs", []):
        path = item["file"] if os.path.isabs(item["file"]) else os.path.join(data_dir, item["file"])
        if item.get("kind") == "previous_whitelist" and settings.previous_whitelist:
            path = settings.previous_whitelist
        if not os.path.isfile(path):
            rows.append({"kind": "input", "file": item["file"], "status": "missing", "detail": f"{path} not found"})
            continue
        digest = file_sha256(path)
        ok = digest == item.get("sha256")
        rows.append({"kind": "input", "file": item["file"], "status": "identical" if ok else "changed",
                     "detail": "" if ok else f"sha256 {digest[:12]}… ≠ recorded {item.get('sha256', '')[:12]}…"})
    missing_inputs = [r for r in rows if r["kind"] == "input" and r["status"] == "missing"]

    fresh: dict[str, str] = {}
    if missing_inputs:
        notes.append("inputs are missing: the year cannot be re-run")
    else:
        found = from_manifest_inputs(doc, data_dir, inopts)
        r = run(found, settings, policy, inopts)
        with tempfile.TemporaryDirectory(prefix="jncli-verify-") as tmp:
            fresh = write_outputs(r, tmp)

    for name, digest in recorded.items():
        path = os.path.join(out_dir, name)
        here = file_sha256(path) if os.path.isfile(path) else None
        again = fresh.get(name)
        if here is None:
            status, detail = "missing", f"{name} is not in {out_dir}"
        elif here != digest:
            status, detail = "differs", "the file in OUT_DIR was changed after the run (its sha256 is not the manifest's)"
        elif missing_inputs:
            status, detail = "unverified", "cannot re-run: inputs missing"
        elif again is None:
            status, detail = "differs", "the re-run does not produce this file"
        elif again != digest:
            status, detail = "differs", "the re-run gives different bytes (inputs, policy or software changed?)"
        else:
            status, detail = "identical", ""
        rows.append({"kind": "output", "file": name, "status": status, "detail": detail})
    for name in sorted(set(fresh) - set(recorded)):
        rows.append({"kind": "output", "file": name, "status": "differs", "detail": "the re-run writes it; the run did not"})
    for name in sorted(os.listdir(out_dir)):
        if name != MANIFEST and name not in recorded and name not in fresh:
            rows.append({"kind": "extra", "file": name, "status": "extra", "detail": "not written by the run"})

    table = pl.DataFrame(rows, schema={c: pl.String for c in VERIFY_COLUMNS}, orient="row")
    ok = all(r["status"] in ("identical", "extra") for r in rows)
    return table, ok, notes


def _shipped_policy_path() -> str:
    # verify must not pick up $JNCLI_POLICY: the manifest says the shipped policy was used.
    from importlib import resources

    from jncli.policy import DEFAULT_POLICY

    return str(resources.files("jncli.policies").joinpath(DEFAULT_POLICY))
