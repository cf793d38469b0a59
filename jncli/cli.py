"""The jncli command line: a thin typer app.

Each command parses its options (`jncli.parse`), calls the one step of its measure (`jncli.steps`:
read and conform the inputs, apply the rule; `jncli annual` calls the same steps) and writes the
result through `jncli.tableio`. Every option is declared in `jncli.options` (`opt.…` here): the ones
every table command shares are added by `@reads_tables` / `@writes_table` and passed checked as
`inopts` / `outopts`. Heavy modules (polars) are imported inside the command bodies so that
`jncli --help` and `jncli --version` stay fast.

Errors: `main()` turns every `JncliError` into one line on stderr (`jncli <command>: …`) and its exit
status (1 data, 2 usage, 3 violations); `--debug` shows the traceback instead."""

from __future__ import annotations

import os
import sys

import typer

from jncli import options as opt
from jncli.errors import EXIT_DATA, EXIT_USAGE, JncliError, current_command, prefix, warn

_APP = dict(
    name="jncli",
    help="Jining e-commerce support measures (济政字〔2022〕54号) as reproducible table computations.\n\n"
    "Every command reads CSV/TSV/JSON/JSONL/Parquet/Arrow/XLSX from files or stdin and writes a table "
    "(terminal) or CSV (pipe); see `jncli COMMAND --help`.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app = typer.Typer(**_APP)

_debug = [False]


@app.callback()
def _root(version: opt.Version = None, debug: opt.Debug = False) -> None:
    _debug[0] = debug or _debug[0]


def _emit(result, outopts) -> None:
    """A rule's notes and warnings to stderr, its table to the output."""
    from jncli import tableio

    for line in result.notes:
        sys.stderr.write(f"{prefix()}{line}\n")
    for line in result.warnings:
        warn(line)
    tableio.write_table(result.table, outopts)


def _policy(path: str | None):
    from jncli.policy import load_policy

    return load_policy(path)


# ------------------------------------------------------------------------------------------- annual
@app.command("annual")
def annual_cmd(
    data_dir: opt.DataDir,
    year: opt.AnnualYear,
    output_dir: opt.AnnualOutput,
    province_growth: opt.AnnualProvinceGrowth = None,
    province_rural_growth: opt.ProvinceRuralGrowth = None,
    as_of: opt.AnnualAsOf = None,
    budget: opt.AnnualBudget = None,
    eligibility: opt.AnnualEligibility = "literal",
    reassign: opt.AnnualReassign = False,
    previous_whitelist: opt.PreviousWhitelist = None,
    force: opt.Force = False,
    lang: opt.Lang = "zh",
    policy: opt.PolicyFile = None,
) -> None:
    """The yearly run in one command: every measure, the combined ledger and its check, a report and a manifest.

    Finds the input tables in DATA_DIR by their columns, runs score-counties, award-enterprises (with the
    fiscal ratios when present, and the county commendations), track-shops (per year and per month) and
    whitelist through the same rules as those commands, concatenates the ledger, checks it as
    check-validity does, and writes it all into OUT_DIR at once: a failed run leaves no OUT_DIR.
    Exit status: 0 clean, 3 the ledger check found violations (everything still written), 1 bad data,
    2 bad options. See docs/annual.md.

    Example: `jncli annual samples --year 2023 --province-growth 10% --province-rural-growth 12% -o out/2023`
    """
    from jncli import annual
    from jncli.errors import EXIT_VIOLATIONS, warn
    from jncli.parse import check_lang
    from jncli.policy import policy_path

    chosen = policy_path(policy)
    settings = annual.Settings(
        year=year,
        province_growth=province_growth,
        province_rural_growth=province_rural_growth,
        as_of=as_of,
        budget=budget,
        eligibility=eligibility,
        reassign=reassign,
        lang=check_lang(lang),
        previous_whitelist=os.path.abspath(previous_whitelist) if previous_whitelist else None,
        policy=os.path.abspath(chosen) if chosen else None,
    )
    run = annual.annual(data_dir, output_dir, settings, force=force)
    for kind, line in run.messages:
        if kind == "warning":
            warn(line)
        else:
            sys.stderr.write(f"{prefix()}{line}\n")
    sys.stderr.write(f"{prefix()}wrote {output_dir} ({len(annual.output_files(run)) + 1} files)\n")
    if run.violations.height:
        raise typer.Exit(EXIT_VIOLATIONS)


# ------------------------------------------------------------------------------------------- score-counties
@app.command("score-counties")
@opt.writes_table
@opt.reads_tables
def score_counties_cmd(
    files: opt.Files = None,
    year: opt.CountiesYear = None,
    province_growth: opt.ProvinceGrowth = None,
    province_rural_growth: opt.ProvinceRuralGrowth = None,
    city_growth: opt.CityGrowth = None,
    city_rural_growth: opt.CityRuralGrowth = None,
    weights: opt.Weights = None,
    eligibility: opt.Eligibility = "literal",
    reassign: opt.Reassign = False,
    final: opt.Final = False,
    allow_unknown_counties: opt.AllowUnknownCounties = False,
    lang: opt.Lang = "zh",
    policy: opt.PolicyFile = None,
    *,
    inopts: opt.InputOptions,
    outopts: opt.OutputOptions,
) -> None:
    """Measure 1 (网络零售倍增行动): score and rank the counties and award 50/40/30 万元 per category.

    Three categories: online retail (m1.online), rural online retail (m1.rural), 纳统 enterprises' share
    and contribution (m1.enterprise); a category whose columns are missing is skipped with a warning.
    Input: one row per county per year (the previous year's rows give the growth) or one row per county
    with `*_prev` (上年同期) columns. No county is rewarded twice: it keeps its highest award (就高).
    See docs/score-counties.md for every reading.

    Example: `jncli score-counties samples/counties.csv --year 2023 --province-growth 10.5% --province-rural-growth 12%`

    Example: `jncli score-counties samples/counties.csv --province-growth 10.5% --province-rural-growth 12%
    | jncli score-counties --final`
    """
    from jncli import parse, steps

    lang = parse.check_lang(lang)
    rates = parse.parse_rates(
        province_growth=(province_growth, "--province-growth"),
        province_rural_growth=(province_rural_growth, "--province-rural-growth"),
        city_growth=(city_growth, "--city-growth"),
        city_rural_growth=(city_rural_growth, "--city-rural-growth"),
    )
    result = steps.score_counties(
        files,
        _policy(policy),
        inopts,
        year=year,
        **rates,
        weights=weights,
        eligibility=eligibility,
        reassign=reassign,
        final=final,
        allow_unknown_counties=allow_unknown_counties,
        lang=lang,
    )
    _emit(result, outopts)


# ------------------------------------------------------------------------------------------- award-enterprises
@app.command("award-enterprises")
@opt.writes_table
@opt.reads_tables
def award_enterprises_cmd(
    file: opt.File = None,
    year: opt.EnterprisesYear = None,
    all_years: opt.AllYears = False,
    prior: opt.Prior = None,
    budget: opt.Budget = None,
    fiscal_ratios: opt.FiscalRatios = None,
    commendations: opt.Commendations = False,
    lang: opt.Lang = "zh",
    policy: opt.PolicyFile = None,
    *,
    inopts: opt.InputOptions,
    outopts: opt.OutputOptions,
) -> None:
    """Measures 2, 3 and 6 (培育电商龙头企业, 吸引电商大企业落户, 电商园区): tier, title, park and fiscal awards
    per enterprise.

    One row per enterprise × rule considered, with the ledger columns: `awarded` rows carry the money,
    `superseded` rows show what 就高 (highest award only, top-up across years) took away, `ineligible`
    rows say which condition failed. Credit codes are checked (GB 32100-2015).

    Example: `jncli award-enterprises enterprises.csv --year 2023 --prior ledger2022.parquet --budget 500 -o m2.csv`
    """
    from jncli import parse, steps
    from jncli.errors import UsageError

    lang = parse.check_lang(lang)
    if year is not None and all_years:
        raise UsageError("--year and --all-years exclude each other")
    amount = parse.parse_budget(budget)
    if amount is not None and commendations:
        raise UsageError("--budget applies to awards, not to --commendations")
    if commendations and (prior or fiscal_ratios):
        raise UsageError("--commendations takes neither --prior nor --fiscal-ratios")
    result = steps.award_enterprises(
        file,
        _policy(policy),
        inopts,
        year=year,
        all_years=all_years,
        prior=prior,
        budget=amount,
        fiscal_ratios=fiscal_ratios,
        commendations=commendations,
        lang=lang,
    )
    _emit(result, outopts)


# ------------------------------------------------------------------------------------------- track-shops
@app.command("track-shops")
@opt.writes_table
@opt.reads_tables
def track_shops_cmd(
    files: opt.Files = None,
    year: opt.ShopsYear = None,
    by: opt.By = "year",
    from_city: opt.FromCity = None,
    lang: opt.Lang = "zh",
    policy: opt.PolicyFile = None,
    *,
    inopts: opt.InputOptions,
    outopts: opt.OutputOptions,
) -> None:
    """Measure 4 (壮大网上店铺规模): new, closed, active and moved-in shops per county, and the two commendations.

    Several files (e.g. one per platform) are read as one registry. Shops whose county is outside Jining
    or empty are counted in one `(outside)` row. Built for registries of tens of millions of shops
    (Parquet is read lazily).

    Example: `jncli track-shops shops.parquet --year 2023 -o m4.csv`
    """
    import contextlib

    from jncli import parse, steps
    from jncli.errors import UsageError

    lang = parse.check_lang(lang)
    if by not in ("year", "month"):
        raise UsageError(f"--by must be year or month, not {by!r}")
    pol = _policy(policy)
    # A spinner with the current phase while a long read runs, only on a terminal (never in a pipe).
    status = None
    if sys.stderr.isatty():
        from rich.console import Console

        status = Console(stderr=True).status("track-shops: reading the shop registry …")
    with status or contextlib.nullcontext():
        result = steps.track_shops(
            files,
            pol,
            inopts,
            year=year,
            by=by,
            from_city=from_city or (),
            lang=lang,
            progress=(lambda msg: status.update(f"track-shops: {msg} …")) if status else None,
        )
    _emit(result, outopts)


# ------------------------------------------------------------------------------------------- whitelist
@app.command("whitelist")
@opt.writes_table
@opt.reads_tables
def whitelist_cmd(
    records: opt.Records,
    file: opt.File = None,
    previous: opt.Previous = None,
    as_of: opt.WhitelistAsOf = None,
    lookback_years: opt.LookbackYears = None,
    only: opt.WhitelistOnly = None,
    lang: opt.Lang = "zh",
    policy: opt.PolicyFile = None,
    *,
    inopts: opt.InputOptions,
    outopts: opt.OutputOptions,
) -> None:
    """Measure 7 (生态链企业“白名单”): vet candidates against the category minimums and violation / credit records.

    One row per candidate: `decision` include/exclude, every failing reason, the records that blocked it,
    `recommend_province` (included and no record ever), `change` against `--previous` (added, kept,
    removed, new_candidate_rejected) and the ledger columns (m7.whitelist, award 0, status included/excluded).
    Entities on the previous list that are no longer candidates get an exclude / removed row.

    Example: `jncli whitelist candidates.csv --records records.csv --previous whitelist2022.csv --as-of 2023-12-31
    -o whitelist2023.csv`
    """
    import datetime as dt

    from jncli import parse, steps
    from jncli.errors import UsageError
    from jncli.rules.whitelist import ONLY

    lang = parse.check_lang(lang)
    if only is not None and only not in ONLY:
        raise UsageError(f"--only must be include, exclude or changes, not {only!r}")
    if only == "changes" and not previous:
        raise UsageError("--only changes needs --previous (the list to compare with)")
    if lookback_years is not None and lookback_years < 0:
        raise UsageError(f"--lookback-years must be 0 or more, not {lookback_years}")
    inputs = (("CANDIDATES", file or "-"), ("--records", records), ("--previous", previous))
    stdin = [name for name, path in inputs if path == "-"]
    if len(stdin) > 1:
        raise UsageError(f"{' and '.join(stdin)} cannot both read stdin; give files")
    day = parse.parse_date(as_of) if as_of is not None else dt.date.today()
    result = steps.whitelist(
        file,
        records,
        _policy(policy),
        inopts,
        previous=previous or None,
        as_of=day,
        lookback_years=lookback_years,
        only=only,
        lang=lang,
    )
    _emit(result, outopts)


# ------------------------------------------------------------------------------------------- check-validity
@app.command("check-validity")
@opt.writes_table
@opt.reads_tables
def check_validity_cmd(
    files: opt.Files = None,
    mode: opt.Mode = None,
    date_column: opt.DateColumn = None,
    as_of: opt.ValidityAsOf = None,
    only: opt.ValidityOnly = None,
    lang: opt.Lang = "zh",
    policy: opt.PolicyFile = None,
    *,
    inopts: opt.InputOptions,
    outopts: opt.OutputOptions,
) -> None:
    """Validity: the policy period for any dated table, and 就高/不重复享受 over a combined award ledger.

    Period mode adds `in_force` and `reason` to every row (date 2022-11-10..2023-12-31 inclusive, or an
    annual year). Ledger mode (the outputs of award commands, several files read as one ledger) writes
    one row per violation naming file and row. Exit status: 0 clean, 3 violations / rows not in
    force, 1 unreadable input, 2 usage — so cron can tell "the ledger is wrong" from "the job broke".

    Example: `jncli check-validity m1.csv m2.parquet -o violations.csv`
    """
    from jncli import parse, steps
    from jncli.errors import EXIT_VIOLATIONS, UsageError

    lang = parse.check_lang(lang)
    if mode is not None and mode not in ("period", "ledger"):
        raise UsageError(f"--mode must be period or ledger, not {mode!r}")
    if only is not None and only != "violations":
        raise UsageError(f"--only takes one value, violations, not {only!r}")
    if date_column is not None and mode == "ledger":
        raise UsageError("--date-column is for period mode; it cannot go with --mode ledger")
    if as_of is not None:
        # A question about the policy alone: never read stdin (cron may have nothing there).
        names = ("FILE", "--mode", "--date-column", "--only", "--format", "--output")
        values = (files, mode, date_column, only, outopts.format, outopts.output)
        given = [name for name, value in zip(names, values) if value]
        if given:
            raise UsageError(f"--as-of reads no input and answers in one line; drop {', '.join(given)}")
        pol = _policy(policy)
        in_force, line = steps.policy_in_force(parse.parse_policy_day(as_of), pol, lang)
        sys.stdout.buffer.write(f"{line}\n".encode())  # UTF-8 whatever the locale (LANG=C under cron)
        if not in_force:
            raise typer.Exit(EXIT_VIOLATIONS)
        return

    result, violated = steps.check_validity(
        files, _policy(policy), inopts, mode=mode, date_column=date_column, only=only is not None, lang=lang, warn=warn
    )
    _emit(result, outopts)
    if violated:
        raise typer.Exit(EXIT_VIOLATIONS)  # after the output is written: the report is the point


# ------------------------------------------------------------------------------------------- verify
@app.command("verify")
@opt.writes_table
def verify_cmd(
    out_dir: opt.AnnualDir,
    data_dir: opt.DataDirOption = None,
    *,
    outopts: opt.OutputOptions,
) -> None:
    """Re-run a yearly run from its manifest and check that every output is byte-identical.

    Checks the policy file's and every input's SHA-256 against the manifest, re-runs the year into a
    temporary folder, and compares each output with the manifest and with the file in OUT_DIR. One row
    per file: identical, differs, changed, missing (or extra: a file the run did not write, not an error).
    Exit status: 0 every output identical, 1 anything differs.

    Example: `jncli verify out/2023`
    """
    from jncli import annual, tableio
    from jncli.errors import EXIT_DATA

    table, ok, notes = annual.verify(out_dir, data_dir=data_dir)
    for line in notes:
        sys.stderr.write(f"{prefix()}{line}\n")
    tableio.write_table(table, outopts)
    counts = table.filter(~table["status"].is_in(["identical", "extra"]))["status"].value_counts(sort=True).rows()
    summary = ", ".join(f"{n} {status}" for status, n in counts)  # e.g. "1 missing, 19 unverified"
    sys.stderr.write(f"{prefix()}" + ("every output is byte-identical\n" if ok else f"not verified: {summary}\n"))
    if not ok:
        raise typer.Exit(EXIT_DATA)


# ------------------------------------------------------------------------------------------- cat
@app.command("cat")
@opt.writes_table
@opt.reads_tables
def cat_cmd(
    files: opt.Files = None,
    as_: opt.As = None,
    *,
    inopts: opt.InputOptions,
    outopts: opt.OutputOptions,
) -> None:
    """Read any supported table(s) and write them in the chosen format.

    Without `--as` every value passes through as text, exactly as read. With `--as NAME` the headers
    are mapped, money converted to 万元 and types checked; all problems are listed and the exit status is 1.

    Example: `jncli cat --as counties samples/counties.csv -o counties.parquet`
    """
    from jncli import tableio

    tables = tableio.read_tables(files, inopts)
    frame = tableio.concat_raw(tables) if as_ is None else tableio.conform_all(tables, as_, inopts, all_problems=True)
    tableio.write_table(frame, outopts)


# ------------------------------------------------------------------------------------------- policy
@app.command("policy")
@opt.writes_table
def policy_cmd(
    lang: opt.Lang = "zh",
    policy: opt.PolicyFile = None,
    *,
    outopts: opt.OutputOptions,
) -> None:
    """The policy in force: every parameter with the article it comes from and the clause text.

    Example: `jncli policy --lang en`
    """
    from jncli import describe, parse, tableio

    pol = _policy(policy)
    table = describe.policy_table(pol, parse.check_lang(lang))
    tableio.write_table(table, outopts)


# ------------------------------------------------------------------------------------------- schema
@app.command("schema")
@opt.writes_table
def schema_cmd(
    name: opt.SchemaName = None,
    *,
    outopts: opt.OutputOptions,
) -> None:
    """The canonical input tables: every column, its type, unit, whether required, and the aliases accepted.

    Example: `jncli schema counties`
    """
    from jncli import describe, tableio

    tableio.write_table(describe.schema_table(name), outopts)


# ------------------------------------------------------------------------------------------- samples
@app.command("samples")
def samples_cmd(
    output_dir: opt.SamplesDir = "samples",
    seed: opt.Seed = 2022,
    shops: opt.Shops = 3000,
    enterprises: opt.Enterprises = 60,
    shops_format: opt.ShopsFormat = "csv",
    policy: opt.PolicyFile = None,
) -> None:
    """Write deterministic synthetic data sets for every command (clearly synthetic: not real statistics).

    Example: `jncli samples -o /tmp/jn --seed 7 --shops 100000`
    """
    from jncli import samples

    written = samples.write_samples(
        output_dir, seed=seed, shops=shops, enterprises=enterprises, shops_format=shops_format, policy=_policy(policy)
    )
    for path in written:
        sys.stderr.write(f"{prefix()}wrote {path}\n")


# ------------------------------------------------------------------------------------------- main
def _command_name(argv: list[str]) -> str:
    for arg in argv:
        if not arg.startswith("-"):
            return arg
    return ""


def main(argv: list[str] | None = None) -> None:
    """Console entry point: one-line errors, documented exit statuses, quiet broken pipes."""
    from typer import Abort, Exit

    try:  # typer ≥ 0.22 vendors click
        from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
    except ImportError:  # pragma: no cover
        from click.exceptions import ClickException, NoArgsIsHelpError, UsageError

    args = sys.argv[1:] if argv is None else argv
    current_command[0] = _command_name(args)
    _debug[0] = "--debug" in args or bool(os.environ.get("JNCLI_DEBUG"))
    command = typer.main.get_command(_only(current_command[0]))
    try:
        rv = command.main(args=args, prog_name="jncli", standalone_mode=False)
        code = rv if isinstance(rv, int) else 0
    except Exit as e:
        code = e.exit_code
    except ClickException as e:
        if isinstance(e, UsageError) and not isinstance(e, NoArgsIsHelpError):
            # one line, as every other error (click's own is usage text, a blank line and the error)
            where = e.ctx.command_path if e.ctx else "jncli"
            sys.stderr.write(f"{prefix()}{' '.join(e.format_message().split())} (see: {where} --help)\n")
        else:
            e.show()
        code = e.exit_code if e.exit_code else EXIT_USAGE
    except (Abort, KeyboardInterrupt):
        sys.stderr.write(f"{prefix()}interrupted\n")
        code = 130
    except BrokenPipeError:
        code = _quiet_broken_pipe()
    except JncliError as e:
        if _debug[0]:
            raise
        sys.stderr.write(f"{prefix()}{e.line()}\n")
        for detail in e.details:
            sys.stderr.write(f"  {' '.join(detail.split())}\n")
        code = e.exit_code
    except Exception as e:  # a bug or an unforeseen input: still one line unless --debug
        if _debug[0]:
            raise
        if isinstance(e, OSError) and e.errno == 32:
            code = _quiet_broken_pipe()
        else:
            msg = " ".join(str(e).split()) or type(e).__name__
            sys.stderr.write(f"{prefix()}error: {msg} (hint: rerun with --debug for the traceback)\n")
            code = EXIT_DATA
    try:
        sys.stdout.flush()
    except (BrokenPipeError, OSError):
        code = _quiet_broken_pipe() if code == 0 else code
    sys.exit(code)


def _only(name: str) -> typer.Typer:
    """The app with just the command being run: typer inspects every command's signature when it
    builds the command tree, which costs more start-up time than the command itself on small inputs."""
    chosen = [c for c in app.registered_commands if c.name == name]
    if not chosen:
        return app  # the root help, or an unknown command (typer says which ones exist)
    single = typer.Typer(**_APP)
    single.registered_callback = app.registered_callback
    single.registered_commands = chosen
    return single


def _quiet_broken_pipe() -> int:
    # `jncli … | head`: the reader left; exit quietly (and stop Python complaining at shutdown).
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
    return 0
