"""One yearly run in memory: every measure the inputs allow, through the same steps as the commands
(`jncli.steps`), the combined ledger and its check; then its outputs written into a folder.

The steps of the run mirror the subcommands (score-counties, award-enterprises with its
commendations, track-shops per year and per month, whitelist); their rows that carry awards make the
ledger, which is checked as `jncli check-validity OUT_DIR/ledger.csv` would check it. This module
prints nothing: notes and warnings come back in `Run.messages`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from jncli.annual.inputs import KINDS, Found, InputFile, file_sha256, previous_whitelist
from jncli.errors import DataError, UsageError
from jncli.ledger import LEDGER_COLUMNS

if TYPE_CHECKING:
    import polars as pl

    from jncli.policy import Policy

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
COMPARE = "compare"  # --compare-with: the rows that differ from the earlier run
REPORT_XLSX = "report.xlsx"


# ------------------------------------------------------------------------------------------ options
@dataclass(frozen=True)
class Settings:
    """Every option of one yearly run, as given (the manifest records these and `verify` replays them)."""

    year: int
    province_growth: str | None = None
    province_rural_growth: str | None = None
    as_of: str | None = None  # default: 31 December of `year`
    budget: str | None = None
    eligibility: str = "literal"
    reassign: bool = False
    previous_whitelist: str | None = None
    lang: str = "zh"
    policy: str | None = None  # resolved path; None = the shipped policy
    margins: bool = False  # margin_up / margin_down on measures 1, 2, 6, 4 (jncli.analysis.margins)
    compare_with: str | None = None  # resolved path of an earlier annual output to compare with


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
    from jncli.parse import check_lang, parse_budget, parse_date, parse_rates

    if not 1900 <= s.year <= 9999:
        raise UsageError(f"--year must be a year such as 2023, not {s.year}")
    if s.eligibility not in ("literal", "filter-first"):
        raise UsageError(f"--eligibility must be literal or filter-first, not {s.eligibility!r}")
    rates = parse_rates(
        province_growth=(s.province_growth, "--province-growth"),
        province_rural_growth=(s.province_rural_growth, "--province-rural-growth"),
    )
    if s.compare_with is not None and not os.path.isdir(s.compare_with):
        raise UsageError(f"--compare-with {s.compare_with}: not a folder (give an earlier `jncli annual` output)")
    as_of = parse_date(s.as_of) if s.as_of is not None else dt.date(s.year, 12, 31)
    return Parsed(
        s.year,
        rates["province_growth"],
        rates["province_rural_growth"],
        as_of,
        parse_budget(s.budget),
        s.eligibility,
        s.reassign,
        check_lang(s.lang),
    )


def _prefixed(step: str, message: str) -> str:
    """`step: message`, in both languages when the message has both (a rule's `Said`)."""
    from jncli.rules import Said

    if isinstance(message, Said):
        return Said(f"{step}: {message}", f"{step}：{message.zh}")
    return f"{step}: {message}"


# ------------------------------------------------------------------------------------------ the run
@dataclass
class Step:
    name: str
    command: str
    measures: tuple[int, ...]
    in_ledger: bool
    inputs: list[str] = field(default_factory=list)
    skipped: str | None = None  # why it did not run
    table: pl.DataFrame | None = field(default=None, repr=False)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Run:
    settings: Settings
    parsed: Parsed
    policy: Policy
    found: Found
    steps: dict[str, Step]
    ledger: pl.DataFrame
    violations: pl.DataFrame
    previous_whitelist: InputFile | None = None
    messages: list[tuple[str, str]] = field(default_factory=list)  # ("note" | "ignored" | "warning", text) in order
    robustness: pl.DataFrame | None = None  # measure 1 over the weight range and readings (report: 结果稳健性)
    comparison: pl.DataFrame | None = None  # --compare-with: every row that differs (compare.csv)
    compared: InputFile | None = None  # --compare-with: the earlier run's ledger

    @property
    def warnings(self) -> list[str]:
        return [text for kind, text in self.messages if kind == "warning"]


def run(found: Found, settings: Settings, policy: Policy, inopts=None) -> Run:
    """Run every measure the inputs allow, then the ledger check. Raises DataError / UsageError."""
    import polars as pl

    from jncli import steps, tableio
    from jncli.rules import Said

    p = parse_settings(settings)
    messages: list[tuple[str, str]] = []
    ran = {name: Step(name, cmd, measures, in_ledger) for name, cmd, measures, in_ledger in STEPS}
    # "ignored" lines go to stderr but not into the report: the report depends on the inputs only.
    for name, why in found.ignored:
        messages.append(("ignored", f"{name}: ignored ({why})"))
    if not found.inputs:
        raise DataError(
            f"{found.data_dir}: no input table found (looked for {', '.join(KINDS)} by their columns)",
            "see `jncli schema` for the columns each table needs",
        )

    def tables(kind: str) -> list:
        return [f.table for f in found.of(kind)]

    def names(*kinds: str) -> list[str]:
        return [f.name for k in kinds for f in found.of(k)]

    def done(name: str, result, inputs: list[str]) -> None:
        step = ran[name]
        step.inputs = inputs
        step.table = result.table.drop([c for c in tableio.INTERNAL_COLUMNS if c in result.table.columns])
        step.warnings, step.notes = list(result.warnings), list(result.notes)

    def skip(why: str, *names: str) -> None:
        for name in names:
            ran[name].skipped = why

    # Measure 1 — score-counties
    if found.of("counties"):
        result = steps.score_counties(
            tables("counties"),
            policy,
            inopts,
            year=p.year,
            province_growth=p.province_growth,
            province_rural_growth=p.province_rural_growth,
            eligibility=p.eligibility,
            reassign=p.reassign,
            lang=p.lang,
            reduce_scored=False,
            margins=settings.margins,
        )
        done("score-counties", result, names("counties"))
        robustness = _robustness(tables("counties"), policy, inopts, p, messages)
    else:
        skip("no counties table", "score-counties")
        robustness = None

    # Measures 2, 3, 6 — award-enterprises (with --fiscal-ratios when a ratios table is there) and commendations
    if found.of("enterprises"):
        awards, commended = steps.award_and_commend(
            tables("enterprises"),
            policy,
            inopts,
            year=p.year,
            budget=p.budget,
            fiscal_ratios=tables("fiscal_ratios") or None,
            lang=p.lang,
            margins=settings.margins,
        )
        done("award-enterprises", awards, names("enterprises", "fiscal_ratios"))
        done("commendations", commended, names("enterprises"))
    else:
        skip("no enterprises table", "award-enterprises", "commendations")
    if found.of("fiscal_ratios") and not found.of("enterprises"):
        messages.append(
            ("note", f"{', '.join(names('fiscal_ratios'))}: fiscal ratios but no enterprises table; not used")
        )

    # Measure 4 — track-shops, per year (the commendations) and per month (for the report)
    if found.of("shops"):
        by_year, by_month = steps.track_shops_by_year_and_month(
            tables("shops"), policy, inopts, year=p.year, lang=p.lang, margins=settings.margins
        )
        done("track-shops", by_year, names("shops"))
        done("track-shops-by-month", by_month, names("shops"))
    else:
        skip("no shops table", "track-shops", "track-shops-by-month")

    # Measure 7 — whitelist (needs the candidates and the violation / credit records)
    previous = previous_whitelist(settings.previous_whitelist, inopts) if settings.previous_whitelist else None
    if found.of("candidates") and found.of("records"):
        prev = steps.previous_whitelist(previous.table, inopts, option="--previous-whitelist") if previous else None
        result = steps.whitelist(
            tables("candidates"), tables("records"), policy, inopts, previous=prev, as_of=p.as_of, lang=p.lang
        )
        done("whitelist", result, names("candidates", "records") + ([previous.name] if previous else []))
    else:
        missing = [k for k in ("candidates", "records") if not found.of(k)]
        skip(f"no {' and no '.join(missing)} table", "whitelist")

    # What the report and the manifest say about each input: its rows as read and its SHA-256.
    for f in found.inputs + ([previous] if previous else []):
        f.rows = f.table.frame.select(pl.len()).collect().item()
        f.sha256 = file_sha256(f.path)

    for step in ran.values():
        if step.skipped:
            messages.append(
                ("warning", f"{step.name} (measure {', '.join(map(str, step.measures))}) skipped: {step.skipped}")
            )
            continue
        messages.append(
            ("note", f"{step.name} (measure {', '.join(map(str, step.measures))}) ← {', '.join(step.inputs)}")
        )
        messages += [("note", _prefixed(step.name, n)) for n in step.notes]
        messages += [("warning", _prefixed(step.name, w)) for w in step.warnings]
    if all(s.skipped for s in ran.values()):
        raise DataError(
            f"{found.data_dir}: no measure can run with these inputs "
            f"({', '.join(f'{f.name} = {f.kind}' for f in found.inputs)})"
        )

    # The combined ledger: the ledger columns of every award-producing result, in step order.
    ledger = combine_ledger([s.table for s in ran.values() if s.in_ledger and s.table is not None])
    # Checked as `jncli check-validity OUT_DIR/ledger.csv` would: violations name ledger.csv and its row.
    check = steps.check_ledger(ledger, policy, name=f"{LEDGER}.csv", lang=p.lang)
    messages += [("warning", _prefixed("check-validity", w)) for w in check.warnings]
    violations = check.table.drop([c for c in tableio.INTERNAL_COLUMNS if c in check.table.columns])
    if violations.height:
        messages.append(
            (
                "warning",
                Said(
                    f"check-validity: {violations.height} violation(s) in the ledger "
                    f"(see {VIOLATIONS}.csv and the report)",
                    f"check-validity：台账中发现{violations.height}处问题（见 {VIOLATIONS}.csv 与本报告）",
                ),
            )
        )
    r = Run(settings, p, policy, found, ran, ledger, violations, previous, messages, robustness)
    if settings.compare_with:
        _compare(r, settings.compare_with, inopts)
    return r


def _robustness(tables: list, policy: Policy, inopts, p: Parsed, messages: list) -> pl.DataFrame | None:
    """Measure 1 over the policy's weight range and the four readings, for the report's 结果稳健性; the
    run goes on without it (with a warning) when it cannot be computed."""
    from jncli import steps

    try:
        return steps.counties_sensitivity(
            tables,
            policy,
            inopts,
            year=p.year,
            province_growth=p.province_growth,
            province_rural_growth=p.province_rural_growth,
            eligibility=p.eligibility,
            reassign=p.reassign,
            lang=p.lang,
        ).table
    except DataError as e:
        messages.append(("warning", f"score-counties --sensitivity: not computed for the report ({e.line()})"))
        return None


def _compare(r: Run, other: str, inopts) -> None:
    """--compare-with: this run's ledger (B) against the earlier run's (A), rows that differ."""
    from jncli import steps
    from jncli.analysis import compare as cmp

    before, path = steps.run_ledger(other, inopts, with_path=True)
    this = cmp.with_counties(r.ledger, [s.table for s in r.steps.values() if s.table is not None and s.in_ledger])
    rows = cmp.compare(before, this, names=(os.path.basename(os.path.normpath(other)), "this run"))
    r.comparison = rows
    r.compared = InputFile(os.path.abspath(path), path, "compare_with", None, before.height, file_sha256(path))


def combine_ledger(tables: list[pl.DataFrame]) -> pl.DataFrame:
    """Ledger columns only, with the conformed ledger dtypes, concatenated in the order given."""
    import polars as pl

    from jncli.ledger import ledger_schema

    dtypes = ledger_schema()
    empty = pl.DataFrame(schema=dtypes)
    parts = [
        t.select([(pl.col(c) if c in t.columns else pl.lit(None)).cast(dtypes[c]).alias(c) for c in LEDGER_COLUMNS])
        for t in tables
    ]
    return pl.concat([empty, *parts], how="vertical")


# ------------------------------------------------------------------------------------------ writing
def output_files(r: Run) -> list[str]:
    """The files a run writes into OUT_DIR, manifest.json last."""
    files = []
    for step in r.steps.values():
        if step.table is not None:
            files += [f"{step.name}.parquet", f"{step.name}.csv"]
    files += [
        f"{LEDGER}.parquet",
        f"{LEDGER}.csv",
        f"{VIOLATIONS}.parquet",
        f"{VIOLATIONS}.csv",
    ]
    if r.comparison is not None:
        files += [f"{COMPARE}.parquet", f"{COMPARE}.csv"]
    return files + [REPORT_HTML, REPORT_XLSX]


def write_outputs(r: Run, folder: str) -> dict[str, str]:
    """Write every output but the manifest into `folder` (an existing, empty folder); name → SHA-256."""
    import polars as pl

    from jncli import report, tableio

    for step in r.steps.values():
        if step.table is not None:
            tableio.write_file(step.table, os.path.join(folder, f"{step.name}.parquet"))
            tableio.write_file(step.table, os.path.join(folder, f"{step.name}.csv"))
    extra = [(COMPARE, r.comparison.filter(pl.col("change") != "same"))] if r.comparison is not None else []
    for stem, frame in ((LEDGER, r.ledger), (VIOLATIONS, r.violations), *extra):
        tableio.write_file(frame, os.path.join(folder, f"{stem}.parquet"))
        tableio.write_file(frame, os.path.join(folder, f"{stem}.csv"))
    report.write_report(r, folder, REPORT_HTML, REPORT_XLSX)
    return {name: file_sha256(os.path.join(folder, name)) for name in output_files(r)}
