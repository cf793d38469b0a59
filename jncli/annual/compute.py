"""One yearly run in memory: every measure the inputs allow, through the same steps as the commands
(`jncli.steps`), the combined ledger and its check; then its outputs written into a folder.

The steps of the run mirror the subcommands (score-counties, award-enterprises with its
commendations, track-shops per year and per month, whitelist, trained-hires with this run's whitelist
as its training institutions); their rows that carry awards make the
ledger, which is checked as `jncli check-validity OUT_DIR/ledger.csv` would check it. This module
prints nothing: notes and warnings come back in `Run.messages`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from jncli.annual import needs, priorcheck
from jncli.annual.codes import check_code_changes
from jncli.annual.countygap import county_gaps
from jncli.annual.earlier import enterprises as earlier_enterprises
from jncli.annual.inputs import KINDS, Found, InputFile, as_read_sha256, file_sha256, previous_whitelist
from jncli.annual.received import (
    check_one_off,
    check_partial,
    check_received,
    merged_prior,
    received_lines,
    years_held,
)
from jncli.annual.repriced import compared_run, repriced_warning
from jncli.errors import DataError, UsageError
from jncli.ledger import LEDGER_COLUMNS
from jncli.settings import InputOptions

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
    ("trained-hires", "jncli trained-hires --insurance --trainers --county-rates", (8,), True),
)
LEDGER = "ledger"
VIOLATIONS = "check-validity"
REPORT_HTML = "report.html"
COMPARE = "compare"  # --compare-with: the rows that differ from the earlier run
COMPARED = "compared-ledger.parquet"  # --compare-with: the earlier run's ledger as compared (verify re-reads it)
REPORT_XLSX = "report.xlsx"


# ------------------------------------------------------------------------------------------ options
ONLY_WHEN_GIVEN = ("prior_complete", "trainers")  # options the manifest records only when given (`Settings.recorded`)


@dataclass(frozen=True, eq=False, repr=False)
class Settings:
    """Every option of one yearly run, as given (the manifest records these and `verify` replays them)."""

    year: int
    province_growth: str | None = None
    province_rural_growth: str | None = None
    as_of: str | None = None  # default: 31 December of `year`
    budget: str | None = None
    eligibility: str = "literal"
    reassign: bool = False
    city_ent_change: str | None = None
    fiscal_each_year: bool = False
    previous_whitelist: str | None = None
    lang: str = "zh"
    policy: str | None = None  # resolved path; None = the shipped policy
    prior: tuple[str, ...] = ()  # --prior ledgers (absolute paths)
    first_year: bool = False  # nothing was paid before `year`
    skip: tuple[str, ...] = ()  # --skip, as given
    margins: bool = False  # margin_up / margin_down on measures 1, 2, 6, 4 (jncli.analysis.margins)
    compare_with: str | None = None  # resolved path of an earlier annual output to compare with
    strict: bool = False  # a row that is not data (title, total, note) stops the run
    accept_total_mismatch: bool = False  # a grand total that disagrees with its unit rows: a warning, not an error
    # CSV outputs start with a UTF-8 BOM (Excel on Chinese Windows); `jncli annual` sets it unless --no-bom.
    # False here: a manifest written before the option existed recorded none, and its CSVs have none.
    bom: bool = False
    # --prior-complete: the --prior ledgers are the whole record of their years, even where they name no enterprise
    # of a county this run pays (`received.check_partial`). Recorded in the manifest only when given (audit.py).
    prior_complete: bool = False
    trainers: str | None = None  # --trainers: more training institutions for measure 8 (recorded only when given)

    def recorded(self) -> dict:
        """The options as the manifest records them: an option of ONLY_WHEN_GIVEN left unset is not written (a
        manifest without it is the one written before it existed; `Manifest.settings` reads it as the default)."""
        from dataclasses import asdict

        return {k: v for k, v in asdict(self).items() if v or k not in ONLY_WHEN_GIVEN}

    @property
    def total_mismatch(self) -> str:
        """What a grand total that disagrees with its unit rows is (InputOptions.total_mismatch): an error,
        a warning with --accept-total-mismatch."""
        return "warn" if self.accept_total_mismatch else "error"


class Parsed(NamedTuple):  # immutable record: ~0.1 ms to create, a frozen dataclass ~0.7 ms
    """The options turned into values (usage errors raised here, before any data is read)."""

    year: int
    province_growth: float | None
    province_rural_growth: float | None
    as_of: dt.date
    budget: Decimal | None
    eligibility: str
    reassign: bool
    lang: str
    skip: tuple[str, ...] = ()  # need keys (annual.needs)
    city_ent_change: Decimal | None = None
    fiscal_each_year: bool = False
    bare_rates: tuple[str, ...] = ()  # warnings: a province average typed bare, read as a large percentage


def parse_settings(s: Settings, policy=None) -> Parsed:
    """With `policy`, the province averages are also held against its bare-number bound (parse.check_province_rates)."""
    from jncli.parse import check_lang, check_province_rates, parse_amount, parse_budget, parse_date, parse_rates

    if not 1900 <= s.year <= 9999:
        raise UsageError(f"--year must be a year such as 2023, not {s.year}")
    if s.first_year and s.prior:
        raise UsageError("--first-year says nothing was paid before --year; --prior gives what was: not both")
    if s.prior_complete and not s.prior:
        raise UsageError("--prior-complete says the --prior ledgers are the whole record of their years: give --prior")
    skip = needs.parse_skip(s.skip, own_input=("8",) if s.trainers else ())  # --trainers with --skip 8: a usage error
    if s.eligibility not in ("literal", "filter-first"):
        raise UsageError(f"--eligibility must be literal or filter-first, not {s.eligibility!r}")
    rates = parse_rates(
        province_growth=(s.province_growth, "--province-growth"),
        province_rural_growth=(s.province_rural_growth, "--province-rural-growth"),
    )
    bare: list[str] = []
    if policy is not None:
        bare = check_province_rates(
            policy.m1_province_growth_bare_limit,
            policy.m1_province_growth_bare_warn,
            province_growth=(s.province_growth, "--province-growth"),
            province_rural_growth=(s.province_rural_growth, "--province-rural-growth"),
        )
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
        skip,
        parse_amount(s.city_ent_change, "--city-ent-change"),
        s.fiscal_each_year,
        tuple(bare),
    )


def _prefixed(step: str, message: str) -> str:
    """`step: message`, in both languages when the message has both (a rule's `Said`)."""
    from jncli.rules import Said

    if isinstance(message, Said):
        return Said(f"{step}: {message}", f"{step}：{message.zh}")
    return f"{step}: {message}"


# ------------------------------------------------------------------------------------------ the run
@dataclass(eq=False, repr=False)
class Step:
    """One measure command of the yearly run and what it produced."""

    name: str
    command: str
    measures: tuple[int, ...]
    in_ledger: bool
    inputs: list[str] = field(default_factory=list)
    skipped: str | None = None  # why it did not run
    table: pl.DataFrame | None = field(default=None, repr=False)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class Run:
    """The yearly run computed: its steps, ledger, check and messages, before anything is written."""

    settings: Settings
    parsed: Parsed
    policy: Policy
    found: Found
    steps: dict[str, Step]
    ledger: pl.DataFrame
    violations: pl.DataFrame
    previous_whitelist: InputFile | None = None
    messages: list[tuple[str, str]] = field(default_factory=list)  # ("note" | "ignored" | "warning", text) in order
    prior: list[InputFile] = field(default_factory=list)  # the ledgers of what was received before
    received: list[dict] = field(default_factory=list)  # per earlier year of the period: where "received" came from
    skipped: dict[str, str] = field(default_factory=dict)  # need key (annual.needs) → why it did not run
    robustness: pl.DataFrame | None = None  # measure 1 over the weight range and readings (report: 结果稳健性)
    comparison: pl.DataFrame | None = None  # --compare-with: every row that differs (compare.csv)
    compared: InputFile | None = None  # --compare-with: the earlier run's ledger (the manifest's record of it)
    compared_ledger: pl.DataFrame | None = None  # --compare-with: that ledger as compared (COMPARED)
    compared_facts: dict = field(default_factory=dict)  # --compare-with: its policy, where its received came from
    trainers: InputFile | None = None  # --trainers: more training institutions for measure 8

    @property
    def warnings(self) -> list[str]:
        return [text for kind, text in self.messages if kind == "warning"]


def run(
    found: Found,
    settings: Settings,
    policy: Policy,
    inopts=None,
    prior: list[InputFile] | None = None,
    compared: str | None = None,
    compared_facts: dict | None = None,
) -> Run:
    """Run every measure, then the ledger check. Raises DataError / UsageError.

    Every measure runs unless `--skip` names it: a missing input stops the run (`needs.check`), as do a
    measure-1 table without the previous year and an enterprises table that cannot see an earlier
    year of the period (`check_received`). `prior`: the ledgers of what was received before (--prior,
    or the earlier run beside OUT_DIR: `received.py`). `compared` (verify): the copy of the --compare-with
    ledger the run wrote, read instead of the earlier run's folder."""
    import polars as pl

    from jncli import steps, steps_ledger, tableio
    from jncli.rules import Said
    from jncli.rules.enterprises.received import blank_years, earlier_years, in_period_prior

    p = parse_settings(settings, policy)
    prior = prior or []
    # a money column whose unit is a guess stops the run (RULES.md "The yearly run"): data error, not warning
    inopts = (inopts or InputOptions())._replace(
        guessed_unit="error",
        unknown_headers="error",
        doubtful_ids="error",
        strict=settings.strict,
        total_mismatch=settings.total_mismatch,
        blank_columns="error",
        skipped=p.skip,
        years=blank_years(policy, p.year, settings.first_year),
    )
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
    data_name = found.shown or os.path.basename(found.data_dir)
    _unknown_headers(found, p.skip)
    needs.check({f.kind for f in found.inputs}, _columns(found), p.skip, data_name, {"1": _ranked_columns(policy)})
    skipped = {n.key: needs.why_skipped(n.key, p.skip) for n in needs.NEEDS if n.key in p.skip}
    for name, why in needs.skipped_steps(p.skip).items():
        ran[name].skipped = why

    def tables(kind: str) -> list:
        return [f.table for f in found.of(kind)]

    def names(*kinds: str) -> list[str]:
        return [f.name for k in kinds for f in found.of(k)]

    def done(name: str, result, inputs: list[str]) -> None:
        step = ran[name]
        step.inputs = inputs
        step.table = result.table.drop([c for c in tableio.INTERNAL_COLUMNS if c in result.table.columns])
        step.warnings, step.notes = list(result.warnings), list(result.notes)

    # Measure 1 — score-counties (a table without the previous year stops the run: it would pay nothing)
    robustness = None  # measure 1 over the weights and the readings (report: 结果稳健性)
    if not ran["score-counties"].skipped:
        counties = steps.conformed(tables("counties"), "counties", inopts)  # read once: measure 1 and its robustness
        said = steps.check_titles(tables("counties"), counties, p.year, annual=True, command="annual")  # review 27 F1
        messages += [("warning", w) for w in said]
        result = steps.score_counties(
            counties,
            policy,
            inopts,
            year=p.year,
            province_growth=p.province_growth,
            province_rural_growth=p.province_rural_growth,
            city_ent_change=p.city_ent_change,
            eligibility=p.eligibility,
            reassign=p.reassign,
            lang=p.lang,
            reduce_scored=False,
            require_previous=True,
            margins=settings.margins,
        )
        result.warnings[:0] = p.bare_rates
        done("score-counties", result, names("counties"))
        # the robustness section scores without margins: measure 1's own result only then
        same = not settings.margins
        robustness = _robustness(counties, result if same else None, policy, p, messages)

    # Measures 2, 3, 6 — award-enterprises (with the fiscal ratios unless measure 3 is skipped), commendations
    received: list[dict] = []
    if not ran["award-enterprises"].skipped:
        frame = steps.conformed(tables("enterprises"), "enterprises", inopts)
        _check_year(frame, p.year, names("enterprises"))
        said = steps.check_titles(tables("enterprises"), frame, p.year, annual=True, command="annual")  # review 27 F1
        messages += [("warning", w) for w in said]
        ledger, filled = merged_prior(prior, inopts, policy, p.year)
        held = years_held(ledger)  # before the rows outside the policy period are left out (check_received)
        ledger, outside = in_period_prior(ledger, policy)  # a payment of another period is never deducted
        messages += [("warning", w) for w in outside]
        priorcheck.check_prior(ledger, policy, p.year)  # as check-validity checks a ledger
        messages += [("warning", w) for w in filled]
        received = check_received(frame, ledger, prior, policy, p.year, settings.first_year, names("enterprises"), held)
        if "3" not in p.skip and not p.fiscal_each_year:  # paid every year: no earlier m3 payment matters
            check_one_off(ledger, prior, p.year, frame, earlier_years(policy, p.year))
        known = earlier_enterprises(prior)  # the earlier runs' counties and online retail (hostile4 B2, D1)
        if not settings.first_year:  # nothing was paid before: nothing to pay again under a corrected code
            check_code_changes(frame, ledger, policy, p.year, known)
        ratios = "3" not in p.skip
        awards, commended = steps.award_and_commend(
            frame,
            policy,
            inopts,
            year=p.year,
            prior=ledger,
            first_year=settings.first_year,
            budget=p.budget,
            fiscal_ratios=tables("fiscal_ratios") if ratios else None,
            fiscal_each_year=p.fiscal_each_year,
            lang=p.lang,
            margins=settings.margins,
            earlier=known,
        )
        messages += [("warning", w) for w in check_partial(frame, ledger, awards.table, received, policy, settings)]
        messages += [("warning", w) for w in county_gaps(frame, ledger, awards.table, received, policy)]
        fed = names("enterprises", *(["fiscal_ratios"] if ratios else [])) + [f.name for f in prior]
        done("award-enterprises", awards, fed)
        done("commendations", commended, names("enterprises"))

    # Measure 4 — track-shops, per year (the commendations) and per month (for the report)
    if not ran["track-shops"].skipped:
        by_year, by_month = steps.track_shops_by_year_and_month(
            tables("shops"), policy, inopts, year=p.year, lang=p.lang, margins=settings.margins
        )
        done("track-shops", by_year, names("shops"))
        done("track-shops-by-month", by_month, names("shops"))

    # Measure 7 — whitelist (needs the candidates and the violation / credit records)
    previous = previous_whitelist(settings.previous_whitelist, inopts) if settings.previous_whitelist else None
    if not ran["whitelist"].skipped:
        prev = steps.previous_whitelist(previous.table, inopts, option="--previous-whitelist") if previous else None
        result = steps.whitelist(
            tables("candidates"), tables("records"), policy, inopts, previous=prev, as_of=p.as_of, lang=p.lang
        )
        done("whitelist", result, names("candidates", "records") + ([previous.name] if previous else []))

    # Measure 8 — trained-hires (the training institutions: this run's whitelist, when it ran, and --trainers)
    extra = previous_whitelist(settings.trainers, inopts, kind="trainers") if settings.trainers else None
    if not ran["trained-hires"].skipped:
        result = steps.trained_hires(
            tables("hires"),
            tables("insurance"),
            policy,
            inopts,
            trainers=ran["whitelist"].table,
            more_trainers=extra.table if extra else None,
            more_source=f"--trainers {extra.name}" if extra else None,
            county_rates=tables("county_rates") or None,
            year=p.year,
            as_of=p.as_of,
            lang=p.lang,
        )
        trainers = names("candidates", "records") if ran["whitelist"].table is not None else []
        trainers += [extra.name] if extra else []
        done("trained-hires", result, names("hires", "insurance", "county_rates") + trainers)

    # What the report and the manifest say about each input: its rows as read and its SHA-256.
    if found.config is not None:
        as_read_sha256(found.config)
    for f in found.inputs + ([previous] if previous else []) + ([extra] if extra else []) + prior:
        f.rows = f.rows or f.table.frame.select(pl.len()).collect().item()  # discover counted most (same frame)
        f.sha256 = as_read_sha256(f)  # the bytes read, or the run stops (the file changed while it was read)
        # what the reading did (header rows, rows skipped, units) and what it found (totals that do not add up …)
        messages += [("note", f"{f.name}: {line}") for line in f.table.reading]
        messages += [("warning", line) for line in f.table.warnings]
    for f in found.inputs:
        if not any(f.name in s.inputs for s in ran.values()):
            why = [f"--skip {n.key}" for n in needs.NEEDS if n.key in p.skip and f.kind in (*n.required, *n.optional)]
            messages.append(("note", f"{f.name} ({f.kind}): not used ({', '.join(why) or 'no measure reads it'})"))
    for line in received_lines(received):
        messages.append(("note", line))

    for key, why in skipped.items():
        n = needs.need(key)
        messages.append(("warning", f"measure {key} ({n.what}) not run: {why}"))
    for step in ran.values():
        if step.skipped:
            continue
        messages.append(
            ("note", f"{step.name} (measure {', '.join(map(str, step.measures))}) ← {', '.join(step.inputs)}")
        )
        messages += [("note", _prefixed(step.name, n)) for n in step.notes]
        messages += [("warning", _prefixed(step.name, w)) for w in step.warnings]
    if all(s.skipped for s in ran.values()):
        raise DataError(f"{data_name}: every measure is skipped (--skip): nothing to run")

    # The combined ledger: the ledger columns of every award-producing result, in step order.
    ledger = combine_ledger([s.table for s in ran.values() if s.in_ledger and s.table is not None])
    # Checked as `jncli check-validity OUT_DIR/ledger.csv` would: violations name ledger.csv and its row.
    check = steps_ledger.check_ledger(ledger, policy, name=f"{LEDGER}.csv", lang=p.lang)
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
    r = Run(settings, p, policy, found, ran, ledger, violations, previous, messages, prior, received, skipped)
    r.robustness, r.trainers = robustness, extra
    if settings.compare_with:
        _compare(r, settings.compare_with, inopts, compared, compared_facts)
    return r


def _robustness(counties: pl.DataFrame, scored, policy: Policy, p: Parsed, messages: list) -> pl.DataFrame | None:
    """Measure 1 over the policy's weight range and the four readings, for the report's 结果稳健性, from the
    counties frame measure 1 scored (`scored`: its result, when it was scored with the same options); the
    run goes on without it (with a warning) when it cannot be computed."""
    from jncli import steps

    try:
        return steps.counties_sensitivity(
            counties,
            policy,
            scored=scored,
            year=p.year,
            province_growth=p.province_growth,
            province_rural_growth=p.province_rural_growth,
            city_ent_change=p.city_ent_change,  # the same city-wide change as measure 1's own ranking
            eligibility=p.eligibility,
            reassign=p.reassign,
            lang=p.lang,
        ).table
    except DataError as e:
        messages.append(
            ("warning", f"score-counties --sensitivity: not computed for the report ({e.line('en')})")
        )  # the report translates it
        return None


def _compare(r: Run, other: str, inopts, copy: str | None, facts: dict | None) -> None:
    """--compare-with: this run's ledger (B) against the earlier run's (A). The earlier ledger, with the
    county of each row, is written into OUT_DIR too (COMPARED): verify reads that copy, never a folder
    outside the run's."""
    from jncli import steps_ledger, tableio
    from jncli.analysis import compare as cmp

    if copy is None:
        if not os.path.isdir(other):
            raise UsageError(f"--compare-with {other}: not a folder (give an earlier `jncli annual` output)")
        before, path = steps_ledger.run_ledger(other, inopts, with_path=True)
        r.compared = InputFile(os.path.abspath(path), path, "compare_with", None, before.height, file_sha256(path))
        facts = r.compared_facts = compared_run(other)
    else:
        before = steps_ledger.run_ledger(copy, inopts)
    name = os.path.basename(os.path.normpath(other))
    r.messages += [("warning", w) for w in repriced_warning(name, facts or {}, r.policy, r.received, r.parsed.year)]
    this = cmp.with_counties(r.ledger, [s.table for s in r.steps.values() if s.table is not None and s.in_ledger])
    r.comparison = cmp.compare(before, this, names=(os.path.basename(os.path.normpath(other)), "this run"))
    said = (f"--compare-with {other}", "this run")
    said = cmp.year_warnings(before, this, said) + cmp.code_warnings(before, this, r.comparison, said)
    r.messages += [("warning", w) for w in said]
    r.compared_ledger = before.drop([c for c in tableio.INTERNAL_COLUMNS if c in before.columns])


def _unknown_headers(found: Found, skip: tuple[str, ...]) -> None:
    """A header naming no column that carries a money unit or resembles a column the table lacks stops the run
    (`tableio.unknown`), named before the column it may be is found missing (`needs.check`)."""
    from jncli.annual.inputs import _fits
    from jncli.schema import SCHEMAS
    from jncli.tableio import INTERNAL_COLUMNS, unknown

    used = needs.used_kinds(skip)
    for f in found.inputs:
        if f.kind in used:
            headers = [str(c) for c in f.table.columns if c not in INTERNAL_COLUMNS]
            unknown.check(f.name, f.kind, headers, set(_fits(SCHEMAS[f.kind], headers)[0]), True, unit_only=False)


def _ranked_columns(policy: Policy) -> tuple[tuple[str, str, str], ...]:
    """The counties columns measure 1's rankings (the policy's m1.category_order) rank on (`needed_columns.ranked`):
    the command skips a ranking whose column is missing, with a warning; the yearly run would pay nothing for it."""
    from jncli.needed_columns import as_triples, ranked

    return as_triples(ranked(policy))


def _columns(found: Found) -> dict[str, list[tuple[str, set[str]]]]:
    """kind → (file name, the schema columns its headers name) per file of the kind, for the columns a measure
    needs: checked per file (`needs.check`), as the commands do (`unknown.stop_missing`) — a column held by the
    2022 file only would otherwise pay the 2023 rows nothing."""
    from jncli.annual.inputs import _fits
    from jncli.schema import SCHEMAS

    out: dict[str, list[tuple[str, set[str]]]] = {}
    for f in found.inputs:
        held = set(_fits(SCHEMAS[f.kind], [str(c) for c in f.table.columns])[0])
        out.setdefault(f.kind, []).append((f.name, held))
    return out


def _check_year(frame: pl.DataFrame, year: int, files: list[str]) -> None:
    """An enterprises table without rows of the year would pay nothing for it."""
    import polars as pl

    if frame.filter(pl.col("year") == year).height == 0:
        years = ", ".join(map(str, sorted(frame["year"].drop_nulls().unique().to_list()))) or "none"
        raise DataError(
            f"{', '.join(files)}: no enterprise rows for {year} (years present: {years}): measures 2, 3 and 6 would "
            f"pay nothing",
            f"add the {year} rows to the enterprises table, or pass --skip 2 if measures 2, 3, 6 are knowingly not run",
        )


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
        files += [f"{COMPARE}.parquet", f"{COMPARE}.csv", COMPARED]
    return files + [REPORT_HTML, REPORT_XLSX]


def inputs_read(r: Run) -> list[InputFile]:
    """Every file the run read whose SHA-256 the manifest records (DATA_DIR's, the whitelists, the ledgers)."""
    config = [r.found.config] if r.found.config is not None else []
    return r.found.inputs + config + [f for f in (r.previous_whitelist, r.trainers) if f is not None] + r.prior


def write_outputs(r: Run, folder: str) -> dict[str, str]:
    """Write every output but the manifest into `folder` (an existing, empty folder); name → SHA-256."""
    import polars as pl

    from jncli import report, tableio

    for step in r.steps.values():
        if step.table is not None:
            tableio.write_file(step.table, os.path.join(folder, f"{step.name}.parquet"))
            tableio.write_file(step.table, os.path.join(folder, f"{step.name}.csv"), bom=r.settings.bom)
    extra = [(COMPARE, r.comparison.filter(pl.col("change") != "same"))] if r.comparison is not None else []
    if r.compared_ledger is not None:
        tableio.write_file(r.compared_ledger, os.path.join(folder, COMPARED))
    for stem, frame in ((LEDGER, r.ledger), (VIOLATIONS, r.violations), *extra):
        tableio.write_file(frame, os.path.join(folder, f"{stem}.parquet"))
        tableio.write_file(frame, os.path.join(folder, f"{stem}.csv"), bom=r.settings.bom)
    report.write_report(r, folder, REPORT_HTML, REPORT_XLSX)
    return {name: file_sha256(os.path.join(folder, name)) for name in output_files(r)}
