"""`jncli annual`: the yearly run (its audit, `verify`, is in `tables.py`)."""

import os
import sys

import typer

from jncli import options as opt
from jncli.cli import app
from jncli.commands import decision_options as dopt
from jncli.commands import policy_note
from jncli.errors import EXIT_VIOLATIONS, note, warn


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
    city_ent_change: opt.CityEntChange = None,
    fiscal_each_year: opt.FiscalEachYear = False,
    previous_whitelist: opt.PreviousWhitelist = None,
    trainers: opt.AnnualTrainers = None,
    prior: opt.AnnualPrior = None,
    first_year: opt.FirstYear = False,
    skip: opt.Skip = None,
    margins: dopt.AnnualMargins = False,
    compare_with: dopt.CompareWith = None,
    force: opt.Force = False,
    strict: opt.Strict = False,
    accept_total_mismatch: opt.AcceptTotalMismatch = False,
    prior_complete: opt.PriorComplete = False,
    no_bom: opt.AnnualNoBom = False,
    lang: opt.Lang = "zh",
    policy: opt.PolicyFile = None,
) -> None:
    """The yearly run in one command: every measure, the combined ledger and its check, a report and a manifest.

    Finds the input tables in DATA_DIR by their columns (or by DATA_DIR/inputs.toml), runs score-counties,
    award-enterprises (with the fiscal ratios and the county commendations), track-shops (per year and per
    month) and whitelist through the same rules as those commands, concatenates the ledger, checks it as
    check-validity does, and writes it all into OUT_DIR at once: a failed run leaves no OUT_DIR.
    Every table file is used or refused, and a measure without its input stops the run unless --skip
    names it; what was paid in earlier years comes from --prior, OUT_DIR/../Y-1 or DATA_DIR.
    Exit status: 0 clean, 3 the ledger check found violations (everything still written), 1 bad data or
    a missing input, 2 bad options. See docs/annual.md.

    Example: `jncli annual samples --year 2023 --province-growth 10% --province-rural-growth 12% -o out/2023`
    """
    from jncli import annual, errors
    from jncli.parse import check_lang
    from jncli.policy import policy_path

    # Every note and warning of the run is also in report.html and manifest.json: a stderr that cannot be written
    # (closed, a full disk, `2>&1 | head -1`) loses those lines, never the run (docs/annual.md, exit status).
    errors.stderr_optional[0] = True
    chosen = policy_path(policy)
    settings = annual.Settings(
        year=year,
        province_growth=province_growth,
        province_rural_growth=province_rural_growth,
        as_of=as_of,
        budget=budget,
        eligibility=eligibility,
        reassign=reassign,
        city_ent_change=city_ent_change,
        fiscal_each_year=fiscal_each_year,
        lang=check_lang(lang),
        previous_whitelist=os.path.abspath(previous_whitelist) if previous_whitelist else None,
        trainers=os.path.abspath(trainers) if trainers else None,
        policy=os.path.abspath(chosen) if chosen else None,
        prior=tuple(os.path.abspath(p) for p in prior or ()),
        first_year=first_year,
        skip=tuple(skip or ()),
        margins=margins,
        compare_with=os.path.abspath(compare_with) if compare_with else None,
        strict=strict,
        accept_total_mismatch=accept_total_mismatch,
        prior_complete=prior_complete,
        bom=not no_bom,
    )
    try:
        run = annual.annual(data_dir, output_dir, settings, force=force)
    except errors.JncliError as e:  # a run that stops still names the files it passed over, before why it stopped
        for name, why in getattr(e, "ignored", ()):
            note(f"{name}: ignored ({why})")
        raise
    policy_note(run.policy, policy)  # stderr only: the report and the manifest name the policy file and its hash
    for kind, line in run.messages:
        if kind == "warning":
            warn(line)
        else:
            note(line)
    note(f"wrote {output_dir} ({len(annual.output_files(run)) + 1} files)")
    # a person watching: what was decided, per rule (cron and pipes get nothing; a closed stdout is None)
    if sys.stdout is not None and sys.stdout.isatty():
        _summary(run.ledger)
    if run.violations.height:
        raise typer.Exit(EXIT_VIOLATIONS)


def _summary(ledger) -> None:
    """Per measure and rule of the ledger: rows, awarded, qualified, commended, the money awarded — a terminal table
    whose columns come from `jncli.ledger.TERMINAL_COLUMNS["annual"]`."""
    import polars as pl

    from jncli import tableio
    from jncli.ledger import AWARDED, COMMENDED, EXPLAINED, QUALIFIED, terminal_columns
    from jncli.settings import OutputOptions

    table = (
        ledger.group_by("measure", "rule", maintain_order=True)
        .agg(
            pl.len().alias("rows"),
            (pl.col("status") == AWARDED).sum().alias("awarded"),
            (pl.col("status") == QUALIFIED).sum().alias("qualified"),
            (pl.col("status") == COMMENDED).sum().alias("commended"),
            pl.col("award").filter(pl.col("status") == AWARDED).sum().alias("award"),
        )
        .sort("measure", "rule", maintain_order=True)
    )
    decision, priority = terminal_columns("annual")
    tableio.write_table(table, OutputOptions(format="table", decision=decision, priority=priority, explained=EXPLAINED))
