"""The measure commands: score-counties, award-enterprises, track-shops, whitelist, trained-hires, check-validity."""

import sys

import typer

from jncli import options as opt
from jncli.cli import app
from jncli.commands import decision_options as dopt
from jncli.commands import emit as _emit
from jncli.commands import load_policy as _policy
from jncli.errors import EXIT_VIOLATIONS, warn


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
    city_ent_change: opt.CityEntChange = None,
    weights: opt.Weights = None,
    eligibility: opt.Eligibility = "literal",
    reassign: opt.Reassign = False,
    final: opt.Final = False,
    allow_unknown_counties: opt.AllowUnknownCounties = False,
    margins: dopt.Margins = False,
    sensitivity: dopt.Sensitivity = False,
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

    Example: `jncli score-counties samples/counties.csv --province-growth 10.5% --province-rural-growth 12% --margins`
    """
    from jncli import parse, steps

    lang = parse.check_lang(lang)
    rates = parse.parse_rates(
        province_growth=(province_growth, "--province-growth"),
        province_rural_growth=(province_rural_growth, "--province-rural-growth"),
        city_growth=(city_growth, "--city-growth"),
        city_rural_growth=(city_rural_growth, "--city-rural-growth"),
    )
    loaded = _policy(policy)
    bare = parse.check_province_rates(  # refused at the limit; from the policy's warning bound up, warned about
        loaded.m1_province_growth_bare_limit,
        loaded.m1_province_growth_bare_warn,
        province_growth=(province_growth, "--province-growth"),
        province_rural_growth=(province_rural_growth, "--province-rural-growth"),
    )
    result = steps.score_counties(
        files,
        loaded,
        inopts,
        year=year,
        **rates,
        city_ent_change=parse.parse_amount(city_ent_change, "--city-ent-change"),
        weights=weights,
        eligibility=eligibility,
        reassign=reassign,
        final=final,
        allow_unknown_counties=allow_unknown_counties,
        lang=lang,
        margins=margins,
        sensitivity=sensitivity,
    )
    result.warnings[:0] = bare
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
    fiscal_each_year: opt.FiscalEachYear = False,
    commendations: opt.Commendations = False,
    margins: dopt.Margins = False,
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
    if commendations and (prior or fiscal_ratios or fiscal_each_year):
        raise UsageError("--commendations takes neither --prior, --fiscal-ratios nor --fiscal-each-year")
    result = steps.award_enterprises(
        file,
        _policy(policy),
        inopts,
        year=year,
        all_years=all_years,
        prior=prior,
        budget=amount,
        fiscal_ratios=fiscal_ratios,
        fiscal_each_year=fiscal_each_year,
        commendations=commendations,
        lang=lang,
        margins=margins,
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
    margins: dopt.Margins = False,
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
            margins=margins,
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
    if lookback_years is not None and lookback_years < 1:
        from jncli.policy.check import LOOKBACK_WHY

        raise UsageError(f"--lookback-years must be 1 or more, not {lookback_years}: {LOOKBACK_WHY}")
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


# ------------------------------------------------------------------------------------------- trained-hires
@app.command("trained-hires")
@opt.writes_table
@opt.reads_tables
def trained_hires_cmd(
    insurance: opt.Insurance,
    file: opt.HiresFile = None,
    trainers: opt.Trainers = None,
    county_rates: opt.CountyRates = None,
    year: opt.HiresYear = None,
    as_of: opt.HiresAsOf = None,
    detail: opt.Detail = False,
    lang: opt.Lang = "zh",
    policy: opt.PolicyFile = None,
    *,
    inopts: opt.InputOptions,
    outopts: opt.OutputOptions,
) -> None:
    """Measure 8 (加强实用型人才引进培育): employers whose trained hires paid 6 consecutive months of social insurance.

    A hire counts when the employer's credit code is valid and its county in Jining, the person was
    trained by a whitelisted training institution (`--trainers`) or a college course (院校), trained_on ≤
    hired_on, and the employer paid their insurance for 6 consecutive months from the month of hiring
    on. One ledger row per employer (m8.hires): `qualified` (award 0: the amount is the county's) or,
    with `--county-rates`, `awarded` count × rate. Person ids are masked in every output and message.

    Example: `jncli whitelist candidates.csv --records records.csv --as-of 2023-12-31 | jncli trained-hires
    hires.csv --insurance insurance.csv --trainers - --county-rates rates.csv`
    """
    from jncli import parse, steps
    from jncli.errors import UsageError

    lang = parse.check_lang(lang)
    inputs = (("HIRES", file or "-"), *(("--insurance", path) for path in insurance), ("--trainers", trainers))
    inputs += (("--county-rates", county_rates),)
    stdin = [name for name, path in inputs if path == "-"]
    if len(stdin) > 1:
        raise UsageError(f"{' and '.join(stdin)} cannot both read stdin; give files")
    if year is not None and not 1900 <= year <= 9999:
        raise UsageError(f"--year must be a year such as 2023, not {year}")
    day = parse.parse_date(as_of) if as_of is not None else None
    result = steps.trained_hires(
        file,
        insurance,
        _policy(policy),
        inopts,
        trainers=trainers,
        county_rates=county_rates,
        year=year,
        as_of=day,
        detail=detail,
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
    from jncli import parse, steps_ledger
    from jncli.errors import UsageError

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
        in_force, line = steps_ledger.policy_in_force(parse.parse_policy_day(as_of), pol, lang)
        sys.stdout.buffer.write(f"{line}\n".encode())  # UTF-8 whatever the locale (LANG=C under cron)
        if not in_force:
            raise typer.Exit(EXIT_VIOLATIONS)
        return

    result, violated = steps_ledger.check_validity(
        files, _policy(policy), inopts, mode=mode, date_column=date_column, only=only is not None, lang=lang, warn=warn
    )
    _emit(result, outopts)
    if violated:
        raise typer.Exit(EXIT_VIOLATIONS)  # after the output is written: the report is the point
