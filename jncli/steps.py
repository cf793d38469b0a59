"""One step per measure: inputs → conformed frames → rule → result, shared by every entry point.

A command (`jncli.cli`) or `jncli annual` calls a step: it reads and conforms its inputs (paths, None or '-': stdin,
or tables already read) in the order the command always has (of several problems, the same one is reported first),
calls the rule and returns its `RuleResult`; it prints nothing, imports no typer, and polars and the rules inside."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Union

from jncli.errors import UsageError
from jncli.settings import InputOptions

if TYPE_CHECKING:
    import datetime as dt
    from decimal import Decimal

    import polars as pl

    from jncli.policy import Policy
    from jncli.rules import RuleResult
    from jncli.tableio import Table

# Where a step's input comes from: a path ('-' or None: stdin), a table already read, or several.
Sources = Union[str, "Table", Sequence[Union[str, "Table"]], None]


def _tables(sources: Sources, inopts: InputOptions | None, *, deferred: bool = False) -> list[Table]:
    """The tables of `sources`: paths are read now (nothing: stdin), tables already read pass through."""
    from jncli import tableio

    if sources is None or isinstance(sources, (str, tableio.Table)):
        sources = [sources] if sources else None
    if sources and all(isinstance(s, tableio.Table) for s in sources):
        return list(sources)
    return tableio.read_tables(sources, inopts, deferred=deferred)


def check_titles(tables: list[Table], frame, year: int | None, *, annual: bool, command: str) -> list[str]:
    """The tables' titles against the year they are read as (`tableio.titles.check`, review 27 F1). A run whose
    tables have no title row (`check` skips those) does not import the title reader (~5 ms of regexes)."""
    if any(t.header_years for t in tables):  # 网络零售额 over 2023年 / 2022年: the header names the table's year
        from jncli.tableio.titles import check_header_years

        check_header_years(tables, frame, year)
    unnamed = _year_unnamed(tables, frame, year)
    if not any(t.titles for t in tables):
        return unnamed
    from jncli.tableio.titles import check

    return unnamed + check(tables, frame, year, annual=annual, command=command)


def _year_unnamed(tables: list[Table], frame, year: int | None) -> list[str]:
    """A table without a year column (the wide 本年 / 上年同期 sheet) whose title names no year either is read as
    `year`'s, which nothing in it confirms (hostile review 1, A11): a warning says so, and the year read."""
    if year is None or frame is None or ("year" in frame.columns and frame["year"].null_count() < frame.height):
        return []  # (a year column: the rows say their year; with a title that names one, `titles.check` holds it)
    warnings = []
    for t in tables:
        if t.header_years is not None:
            continue  # its header names its year, checked against the run's (`check_header_years`)
        if t.titles:
            from jncli.tableio.titles import facts

            if any(facts(text, year).years for _, text in t.titles):
                continue
        warnings.append(
            f"{t.source}: the table has no year column and no title naming a year: its figures are taken as "
            f"{year}'s (本年 {year}, 上年同期 {year - 1}); check that the sheet is {year}'s"
        )
    return warnings


def _conformed(
    sources: Sources | pl.DataFrame, kind: str, inopts: InputOptions | None, **how
) -> pl.DataFrame | pl.LazyFrame:
    from jncli import tableio

    if _is_frame(sources):  # conformed already (`conformed`)
        return sources
    tables = _tables(sources, inopts, deferred=bool(how.get("lazy")))  # lazily: widths proven by conform
    return tableio.conform_all(tables, kind, inopts, **how)


def conformed(sources: Sources, kind: str, inopts: InputOptions | None = None) -> pl.DataFrame:
    """The tables conformed to `kind` once, for a caller that looks at them before a step does (annual:
    which years the enterprises hold; the prior ledgers); the step takes the frame as it is."""
    return _conformed(sources, kind, _for_ledger(inopts) if kind == "ledger" else inopts)


def _for_ledger(inopts: InputOptions | None) -> InputOptions:
    return (inopts or InputOptions()).for_ledger()


# ------------------------------------------------------------------------------------------- measure 1
def score_counties(
    counties: Sources,
    policy: Policy,
    inopts: InputOptions | None = None,
    *,
    year: int | None = None,
    province_growth: float | None = None,
    province_rural_growth: float | None = None,
    city_growth: float | None = None,
    city_rural_growth: float | None = None,
    city_ent_change: Decimal | None = None,
    weights: str | None = None,
    eligibility: str = "literal",
    reassign: bool = False,
    final: bool = False,
    allow_unknown_counties: bool = False,
    lang: str = "zh",
    reduce_scored: bool = True,
    require_previous: bool = False,
    margins: bool = False,
    sensitivity: bool = False,
    scored: RuleResult | None = None,
) -> RuleResult:
    """Measure 1: score and rank the counties (`final`: one row per county, its final award; `margins`:
    with margin_up / margin_down, jncli.analysis.margins; `sensitivity`: the awards over the policy's range
    of weights and under the four readings instead, jncli.analysis.sensitivity).

    `weights` is the `--weights` text, parsed once the input is conformed (where the command always
    parsed it). With `reduce_scored` (the command), input that is already score-counties output
    (`… | jncli score-counties --final`) is reduced, not rescored; `annual` scores its counties tables,
    which it recognised by their columns, as they are. `require_previous` (annual): a table without the
    previous year is a DataError, not a warning. `counties` may be the frame `conformed` gave (annual);
    `scored` (with `sensitivity`, annual): this function's own result on that frame with the same options,
    not computed again.
    """
    from jncli import tableio
    from jncli.rules import RuleResult
    from jncli.rules import counties as rule

    if margins and final:
        raise UsageError("--margins is per ranking row; it cannot go with --final")
    if sensitivity and (final or margins):
        raise UsageError(f"--sensitivity writes its own table; it cannot go with {'--final' if final else '--margins'}")
    options = dict(
        year=year,
        province_growth=province_growth,
        province_rural_growth=province_rural_growth,
        city_growth=city_growth,
        city_rural_growth=city_rural_growth,
        city_ent_change=city_ent_change,
        weights=weights,  # the text: parsed once the input is conformed
        eligibility=eligibility,
        reassign=reassign,
        allow_unknown_counties=allow_unknown_counties,
        require_previous=require_previous,
    )
    if _is_frame(counties):  # conformed already (annual: measure 1, then its sensitivity on the same frame)
        return _score_counties(counties, policy, scored, final, margins, sensitivity, lang, options)
    tables = _tables(counties, inopts)
    if reduce_scored and all(
        tableio.has_own_columns(t.columns, ("category", "rule", "status", "award")) for t in tables
    ):
        if margins or sensitivity:
            raise UsageError(
                f"{'--margins' if margins else '--sensitivity'} re-runs the rule: it needs the counties table, "
                "not score-counties output"
            )
        if not final:
            raise UsageError(
                "the input is already score-counties output; add --final to reduce it to one row per county"
            )
        return RuleResult(rule.final_awards(tableio.conform_all(tables, "ledger", _for_ledger(inopts)), policy, lang))
    # a ranking whose column is absent is skipped with a warning (RULES.md §1: "skipped with a note, not an
    # error"); `annual` stops (needed_columns.ranked)
    frame = tableio.conform_all(tables, "counties", inopts)
    said = check_titles(tables, frame, year, annual=False, command="score-counties")  # review 27 F1
    result = _score_counties(frame, policy, scored, final, margins, sensitivity, lang, options)
    result.warnings[:0] = said
    return result


def _score_counties(
    frame: pl.DataFrame,
    policy: Policy,
    scored: RuleResult | None,
    final: bool,
    margins: bool,
    sensitivity: bool,
    lang: str,
    options: dict,
) -> RuleResult:
    from jncli.parse import parse_weights
    from jncli.rules import RuleResult
    from jncli.rules import counties as rule

    weights = options["weights"]
    options = {**options, "weights": parse_weights(weights) if weights is not None else None}
    result = scored if scored is not None and sensitivity else rule.score_counties(frame, policy, lang=lang, **options)
    if sensitivity:
        return _sensitivity(result, frame, policy, options, lang)
    if margins:
        from jncli.analysis import margins as margin

        result.table = margin.counties(result.table, frame, policy, lang=lang, **options)
    if final:
        return RuleResult(rule.final_awards(result.table, policy, lang), result.warnings, result.notes)
    return result


def _sensitivity(result: RuleResult, frame: pl.DataFrame, policy: Policy, options: dict, lang: str) -> RuleResult:
    """score-counties' result → the table of its awards over the weight range and the four readings."""
    from jncli.analysis import sensitivity as sens
    from jncli.rules import RuleResult, Said
    from jncli.rules.counties.decide import Decider

    decider = Decider(frame, policy, **options)
    sens.same_as_rule(decider, result.table, "--sensitivity")
    found = sens.sensitivity(decider)
    low, high = (format(x.normalize(), "f") for x in policy.m1_weight_range)
    note = Said(
        f"--sensitivity: scale weight w from {low} to {high} (growth 1 − w, m1.weight_range of the policy): "
        f"{len(found.pieces)} stretches of weights, each asked of the rule under the four readings",
        f"--sensitivity：规模指标权重 w 取 {low} 至 {high}（增幅权重 1 − w，政策文件 m1.weight_range）："
        f"共 {len(found.pieces)} 段权重，每段按四种读法由规则重新计算",
    )
    return RuleResult(sens.table(found, result.table, lang), result.warnings, [*result.notes, note])


def counties_sensitivity(
    counties: Sources, policy: Policy, inopts: InputOptions | None = None, **options
) -> RuleResult:
    """The --sensitivity table of measure 1 (annual: for the report's section on robustness); `options`
    are score_counties' own (year, province_growth, …, eligibility, reassign, lang)."""
    return score_counties(counties, policy, inopts, reduce_scored=False, sensitivity=True, **options)


# ------------------------------------------------------------------------------------------- measures 2, 3, 6
def award_enterprises(
    enterprises: Sources,
    policy: Policy,
    inopts: InputOptions | None = None,
    *,
    year: int | None = None,
    all_years: bool = False,
    prior: Sources = None,
    budget: Decimal | None = None,
    fiscal_ratios: Sources = None,
    fiscal_each_year: bool = False,
    commendations: bool = False,
    lang: str = "zh",
    margins: bool = False,
) -> RuleResult:
    """Measures 2, 3 and 6 per enterprise; `commendations`: the county commendations (m2.commend) instead;
    `margins`: with margin_up / margin_down (jncli.analysis.margins).

    `prior`: earlier ledgers (jncli's own output, money in 万元) whose m2/m6 payouts are deducted;
    `fiscal_ratios`: the (county, ratio) table for m3.fiscal (`fiscal_each_year`: paid every year, not once);
    `budget` (万元) scales the up-to awards.
    """
    from jncli.rules import enterprises as rule

    if margins and commendations:
        raise UsageError("--margins is for the awards; a commendation counts enterprises, it has no value to raise")
    needs = _enterprise_needs(policy, year, all_years, commendations, fiscal_ratios is not None)
    tables = [] if _is_frame(enterprises) else _tables(enterprises, inopts)
    frame = _conformed(tables or enterprises, "enterprises", inopts, needs=needs)
    said = check_titles(tables, frame, year, annual=False, command="award-enterprises")  # review 27 F1
    if commendations:
        result = rule.commendations(frame, policy, year=year, all_years=all_years, lang=lang)
        result.warnings[:0] = said
        return result
    result = _awards(
        frame,
        policy,
        inopts,
        year=year,
        all_years=all_years,
        prior=prior,
        budget=budget,
        fiscal_ratios=fiscal_ratios,
        fiscal_each_year=fiscal_each_year,
        lang=lang,
        margins=margins,
    )
    result.warnings[:0] = said
    return result


def _enterprise_needs(
    policy: Policy, year: int | None, all_years: bool, commendations: bool, fiscal: bool
) -> Callable[[list], dict[str, str]]:
    """The enterprises columns (`needed_columns`, measures 2 and 3) of the rules award-enterprises computes in
    this run: a tier rule only when a year it is for is evaluated (the output years, and with the awards every
    earlier year, for the top-up), m3.fiscal only with --fiscal-ratios, m2.commend only with --commendations."""

    def needs(frames: list) -> dict[str, str]:
        import polars as pl

        from jncli.needed_columns import COLUMNS, for_command
        from jncli.rules.enterprises.common import BASE_RULE, COMMEND_RULE, FISCAL_RULE, TIER_RULES, TITLE_RULE

        found = pl.concat([f.select(pl.col("year").cast(pl.Int64)) for f in frames]).collect()
        years = sorted(found["year"].drop_nulls().unique().to_list())
        last = year if year is not None else (years[-1] if years else None)
        if all_years:
            evaluated = set(years)
        elif commendations:
            evaluated = {last} & set(years)
        else:
            evaluated = {y for y in years if last is not None and y <= last}
        in_period = evaluated & set(policy.annual_years)
        if commendations:
            computed = {COMMEND_RULE} if in_period else set()
        else:
            tiers = {getattr(policy, "m2_" + r.split(".")[1]).year: r for r in TIER_RULES}
            computed = {tiers[y] for y in in_period if y in tiers}
            computed |= {TITLE_RULE, BASE_RULE} if in_period else set()
            computed |= {FISCAL_RULE} if fiscal and in_period else set()
        return for_command((*COLUMNS["2"], *COLUMNS["3"]), computed)

    return needs


def award_and_commend(
    enterprises: Sources | pl.DataFrame,
    policy: Policy,
    inopts: InputOptions | None = None,
    *,
    year: int | None = None,
    prior: Sources | pl.DataFrame = None,
    first_year: bool = False,
    budget: Decimal | None = None,
    fiscal_ratios: Sources = None,
    fiscal_each_year: bool = False,
    lang: str = "zh",
    margins: bool = False,
    earlier: pl.DataFrame | None = None,
) -> tuple[RuleResult, RuleResult]:
    """The awards and the commendations from one reading of the enterprises (annual: the input is
    conformed once, so its warnings are said once; it may come conformed already, see `conformed`).
    `first_year`: nothing was received before `year` (see `rules.enterprises.award_enterprises`). `earlier` (annual):
    the verified earlier runs' enterprises (`annual.earlier`), their online retail fills an empty online_retail_prev."""
    from jncli.rules import enterprises as rule

    frame = _conformed(enterprises, "enterprises", inopts)
    awards = _awards(
        frame,
        policy,
        inopts,
        year=year,
        prior=prior,
        first_year=first_year,
        budget=budget,
        fiscal_ratios=fiscal_ratios,
        fiscal_each_year=fiscal_each_year,
        lang=lang,
        margins=margins,
    )
    return awards, rule.commendations(frame, policy, year=year, lang=lang, earlier=earlier)


def _awards(
    frame: pl.DataFrame,
    policy: Policy,
    inopts: InputOptions | None,
    *,
    year: int | None,
    all_years: bool = False,
    prior: Sources | pl.DataFrame = None,
    first_year: bool = False,
    budget: Decimal | None,
    fiscal_ratios: Sources,
    fiscal_each_year: bool = False,
    lang: str,
    margins: bool = False,
) -> RuleResult:
    from jncli.rules import enterprises as rule

    ledger = _conformed(prior, "ledger", _for_ledger(inopts)) if _is_frame(prior) or prior else None
    ratios = _conformed(fiscal_ratios, "fiscal_ratios", inopts) if fiscal_ratios else None
    options = dict(
        year=year,
        all_years=all_years,
        prior=ledger,
        first_year=first_year,
        fiscal_ratios=ratios,
        fiscal_each_year=fiscal_each_year,
    )
    doubtful = (inopts or InputOptions()).doubtful_ids
    result = rule.award_enterprises(frame, policy, budget=budget, lang=lang, doubtful_ids=doubtful, **options)
    if ledger is not None and not _is_frame(prior) and year is not None:  # the single command: warn (annual stops)
        from jncli.steps_ledger import prior_warnings

        result.warnings.extend(prior_warnings(ledger, policy, year))
    if ledger is not None and not _is_frame(prior):  # a ledger of part of an earlier year: warn (annual stops)
        from jncli.rules.enterprises.received import partial_lines, partial_prior

        for y in sorted(set(result.table["year"].drop_nulls().to_list())) if "year" in result.table.columns else []:
            result.warnings.extend(partial_lines(partial_prior(frame, ledger, result.table, policy, y)))
    if margins:
        from jncli.analysis import margins as margin

        result.table = margin.enterprises(result.table, frame, policy, lang=lang, budget=budget is not None, **options)
    return result


# ------------------------------------------------------------------------------------------- measure 4
def track_shops(
    shops: Sources,
    policy: Policy,
    inopts: InputOptions | None = None,
    *,
    year: int | None = None,
    by: str = "year",
    from_city: Sequence[str] = (),
    lang: str = "zh",
    progress: Callable[[str], None] | None = None,
    margins: bool = False,
) -> RuleResult:
    """Measure 4 per county (`by` year, with the commendations, or month; `margins`: with margin_up /
    margin_down). The registry is conformed lazily (tens of millions of rows); `progress` is told each phase."""
    from jncli.rules import shops as rule

    if margins and by != "year":
        raise UsageError("--margins is for the commendations of the year; it cannot go with --by month")
    how = {"year": year, "by": by, "lang": lang, "from_city": tuple(from_city), "progress": progress}
    needs = None
    if by == "year":  # the commendations (m4.migrated); --by month counts, it decides nothing
        from jncli.needed_columns import COLUMNS, for_command

        needed = for_command(COLUMNS["4"], {"m4.migrated"})
        needs = lambda frames: needed  # noqa: E731
    result = rule.track_shops(policy=policy, **_registry(shops, inopts, needs, year), **how)
    return _shop_margins(result, policy, lang) if margins else result


def _registry(
    shops: Sources, inopts: InputOptions | None, needs: Callable | None = None, year: int | None = None
) -> dict:
    """The rule's `shops` (the registry conformed lazily), `compact` (the reader's of its rows), `suspect`, `look`.
    `needs`: as `conform_all`'s (the command's commendations); `year`: the run's, which a header naming years as
    qualifiers (网络零售额 over 2023年) must name."""
    from jncli.rules import shops as rule
    from jncli.tableio import checks, spill

    later = checks.IdsLater(tables := None if _is_frame(shops) else _tables(shops, inopts, deferred=True))
    how = {"lazy": True, "raw_text": rule.SELF_NORMALISED, "compact": rule.compact, "needs": needs}
    frame = _conformed(tables or shops, "shops", inopts, **how)
    if any(t.header_years for t in tables or []):
        from jncli.tableio.titles import check_header_years

        check_header_years(tables, None, year)
    return spill.kept(tables or [], frame, rule.compact_suffices) | later.rule_args()


def _shop_margins(result: RuleResult, policy: Policy, lang: str) -> RuleResult:
    from jncli.analysis import margins as margin

    result.table = margin.shops(result.table, policy, lang=lang)
    return result


def track_shops_by_year_and_month(
    shops: Sources,
    policy: Policy,
    inopts: InputOptions | None = None,
    *,
    year: int | None = None,
    lang: str = "zh",
    margins: bool = False,
) -> tuple[RuleResult, RuleResult]:
    """Both counts from one conformed registry (annual): per year, then per month, whose warnings are the
    yearly count's and so are dropped (said once)."""
    from jncli.rules import shops as rule

    registry = _registry(shops, inopts, year=year)
    by_year = rule.track_shops(policy=policy, **registry, year=year, lang=lang)
    by_month = rule.track_shops(policy=policy, **registry, year=year, by="month", lang=lang)
    by_month.warnings = []
    return (_shop_margins(by_year, policy, lang) if margins else by_year), by_month


# ------------------------------------------------------------------------------------------- measure 7
def whitelist(
    candidates: Sources,
    records: Sources,
    policy: Policy,
    inopts: InputOptions | None = None,
    *,
    as_of: dt.date,
    previous: str | Table | pl.DataFrame | None = None,
    lookback_years: int | None = None,
    only: str | None = None,
    lang: str = "zh",
) -> RuleResult:
    """Measure 7: vet the candidates against the category minimums and the violation / credit records.

    `previous`: the last published whitelist, a path (read after the candidates and records) or the
    frame `previous_whitelist` made of it (annual reads it first: the manifest records it).
    """
    from jncli.rules import whitelist as rule

    cands = _conformed(candidates, "candidates", inopts)
    recs = _conformed(records, "records", inopts, raw_text=rule.SELF_NORMALISED)
    if previous is not None and not _is_frame(previous):
        previous = previous_whitelist(previous, inopts)
    how = {"lookback_years": lookback_years, "only": only, "invalid_codes": (inopts or InputOptions()).doubtful_ids}
    return rule.vet_whitelist(cands, recs, policy, previous=previous, as_of=as_of, lang=lang, **how)


def previous_whitelist(
    source: str | Table, inopts: InputOptions | None = None, *, option: str = "--previous"
) -> pl.DataFrame:
    """The last published whitelist in any shape `whitelist --previous` takes (this command's output, a
    ledger, a list of credit codes) as the rule compares with; `option` names it in errors."""
    from jncli import tableio
    from jncli.rules import whitelist as rule

    (table,) = _tables(source, inopts)
    shape, frame = tableio.conform_first(table, rule.PREVIOUS_SHAPES, inopts, option=option)
    return rule.previous_list(frame, shape)


def _is_frame(value: object) -> bool:
    import polars as pl

    return isinstance(value, pl.DataFrame)


# ------------------------------------------------------------------------------------------- measure 8
def trained_hires(
    hires: Sources,
    insurance: Sources,
    policy: Policy,
    inopts: InputOptions | None = None,
    *,
    trainers: str | Table | pl.DataFrame | None = None,
    more_trainers: str | Table | None = None,
    more_source: str | None = None,
    county_rates: Sources = None,
    year: int | None = None,
    as_of: dt.date | None = None,
    detail: bool = False,
    lang: str = "zh",
) -> RuleResult:
    """Measure 8: the employers whose trained hires reached 6 consecutive months of insurance.

    Read in this order: hires, insurance, trainers, county rates. `trainers`: the whitelisted training
    institutions — a path or table of `jncli whitelist` output or a list of codes, or a whitelist result
    frame already computed (annual: the run's own); None: no list (only 院校 hires can qualify).
    `more_trainers` (annual --trainers): a file of either shape whose codes count beside `trainers`'s (named in
    the notes as `more_source`, default: its path).
    """
    from jncli.rules import hires as rule

    frame = _conformed(hires, "hires", inopts)
    paid = _conformed(insurance, "insurance", inopts)
    notes: list[str] = []
    codes = None
    known: list[str] = []  # every code the lists name, listed or not (rule.unlisted_trainers)
    if trainers is not None:
        if _is_frame(trainers):
            codes = rule.trainer_list(trainers, "ledger", policy, notes, source=rule.THIS_RUNS_WHITELIST, known=known)
        else:
            codes = trainer_codes(trainers, policy, inopts, notes, known)
    if more_trainers is not None:
        more = trainer_codes(more_trainers, policy, inopts, notes, known, name=more_source)
        codes = more if codes is None else codes.vstack(more).unique("_code", maintain_order=True)
    rates = _conformed(county_rates, "county_rates", inopts) if county_rates is not None else None
    doubtful = (inopts or InputOptions()).doubtful_ids  # hires before the insurance's first month, one month twice
    result = rule.trained_hires(
        frame,
        paid,
        policy,
        trainers=codes,
        known_trainers=frozenset(known),
        county_rates=rates,
        year=year,
        as_of=as_of,
        detail=detail,
        lang=lang,
        doubtful=doubtful,
    )
    result.notes[1:1] = notes
    return result


def trainer_codes(
    source: str | Table,
    policy: Policy,
    inopts: InputOptions | None = None,
    notes: list[str] | None = None,
    known: list[str] | None = None,
    name: str | None = None,
) -> pl.DataFrame:
    """`--trainers` in either shape (whitelist output, or a list of credit codes) → the codes listed (`known`
    receives every code the file names, listed or not; `name`: the file as the notes name it, default its path)."""
    from jncli import tableio
    from jncli.rules import hires as rule

    (table,) = _tables(source, inopts)
    shape, frame = tableio.conform_first(table, rule.TRAINER_SHAPES, inopts, option="--trainers")
    return rule.trainer_list(frame, shape, policy, notes, source=name, known=known)
