"""The options of the measure commands (score-counties, award-enterprises, track-shops, whitelist,
trained-hires, check-validity), in the order of `jncli --help`."""

from __future__ import annotations

from typing import Annotated

import typer

from jncli.options import _option

# score-counties (and annual: --province-rural-growth)
CountiesYear = Annotated[
    int | None,
    _option(
        "--year",
        help=(
            "Evaluation year (default: the latest year in the input; required for wide input without a year column)."
        ),
        metavar="Y",
    ),
]
ProvinceGrowth = Annotated[
    str | None,
    _option(
        "--province-growth",
        help=(
            "Shandong's average online retail growth for the year, 0.12 or 12% "
            "(default: the policy file's value for that year)."
        ),
        metavar="P",
    ),
]
ProvinceRuralGrowth = Annotated[
    str | None,
    _option(
        "--province-rural-growth",
        help="Shandong's average rural online retail growth, 0.12 or 12% (default: the policy file's value).",
        metavar="R",
    ),
]
CityGrowth = Annotated[
    str | None,
    _option(
        "--city-growth",
        help="Override the city average growth (default: Σ this year / Σ last year − 1 over the scored counties).",
        metavar="C",
    ),
]
CityRuralGrowth = Annotated[
    str | None,
    _option("--city-rural-growth", help="Override the city average rural growth.", metavar="C"),
]
CityEntChange = Annotated[
    str | None,
    _option(
        "--city-ent-change",
        help="The official city-wide change of 纳统 enterprises' online retail (万元) that m1.enterprise's "
        "contribution is measured against (default: Σ ent − Σ ent_prev over every county of the input).",
        metavar="X",
    ),
]
Weights = Annotated[
    str | None,
    _option(
        "--weights",
        help=(
            "Weights of the scale-like and the growth-like indicator in every category, e.g. 0.6,0.4 "
            "(default: the policy file's weights)."
        ),
        metavar="S,G",
    ),
]
Eligibility = Annotated[
    str,
    typer.Option(
        "--eligibility",
        help=(
            "literal: ranks 1-3 over all counties, a top-3 county failing the growth test gets nothing and "
            "nobody moves up; filter-first: counties failing the growth test drop out, the rest take 1-3."
        ),
    ),
]
Reassign = Annotated[
    bool,
    typer.Option(
        "--reassign",
        help=(
            "A county that keeps a higher award elsewhere leaves this ranking and the counties below move up "
            "(default: the vacated place is not passed on)."
        ),
    ),
]
Final = Annotated[
    bool,
    typer.Option(
        "--final",
        help=(
            "One row per county: its final award and the category it came from. "
            "Also reads score-counties output (a pipe)."
        ),
    ),
]
AllowUnknownCounties = Annotated[
    bool,
    typer.Option(
        "--allow-unknown-counties",
        help=(
            "Score rows whose county is not a Jining unit in the policy instead of stopping "
            "(e.g. a province's counties)."
        ),
    ),
]

# award-enterprises
EnterprisesYear = Annotated[
    int | None,
    _option(
        "--year",
        help=(
            "Data year to evaluate and output (default: the latest year in the input); "
            "earlier years only count for the top-up."
        ),
    ),
]
AllYears = Annotated[bool, typer.Option("--all-years", help="Evaluate and output every year in the input, in order.")]
Prior = Annotated[
    list[str] | None,
    _option(
        "--prior",
        help=(
            "An earlier ledger (this command's own output, CSV/Parquet/JSON; repeatable): "
            "what it says each entity received under m2/m6 is deducted (top-up)."
        ),
        metavar="LEDGER",
    ),
]
Budget = Annotated[
    str | None,
    _option(
        "--budget",
        help=(
            "Budget in 万元 for the 'up to' (最高) awards: if their total exceeds it, "
            "each is scaled by budget/total and rounded down to 0.01 万元."
        ),
        metavar="X",
    ),
]
FiscalRatios = Annotated[
    str | None,
    _option(
        "--fiscal-ratios",
        help="Table of county, ratio (0..1) for measure 3 (m3.fiscal); without it no m3 rows.",
        metavar="FILE",
    ),
]
FiscalEachYear = Annotated[
    bool,
    typer.Option(
        "--fiscal-each-year",
        help="Measure 3: pay m3.fiscal every year (default: once per entity, 一次性奖励; later years superseded).",
    ),
]
Commendations = Annotated[
    bool,
    typer.Option(
        "--commendations", help="Output the county commendation table (通报表扬, m2.commend) instead of the awards."
    ),
]

# track-shops
ShopsYear = Annotated[
    int | None,
    _option("--year", help="Data year to evaluate (default: the latest year of opened_on)."),
]
By = Annotated[
    str,
    typer.Option(
        "--by",
        help="year: one row per county and rule with the commendations; month: the counts per county per month.",
    ),
]
FromCity = Annotated[
    list[str] | None,
    _option(
        "--from-city",
        help=(
            "A name that also means Jining itself as a shop's origin_city (repeatable), "
            "besides the policy's city names: moves from there are not from outside."
        ),
        metavar="NAME",
    ),
]

# whitelist
Records = Annotated[
    str,
    _option(
        "--records",
        help=(
            "Violation / bad-credit records: credit_code, kind, recorded_on, repaired_on (信用修复); "
            "see `jncli schema records`."
        ),
        metavar="FILE",
    ),
]
Previous = Annotated[
    str | None,
    _option(
        "--previous",
        help=(
            "The last published whitelist: this command's earlier output (any format; full, --only include, "
            "or a combined ledger), or a plain list of credit codes. Fills `change`."
        ),
        metavar="FILE",
    ),
]
WhitelistAsOf = Annotated[
    str | None,
    _option(
        "--as-of",
        help=(
            "Evaluation date: 2023-12-31, 2023/12/31, 20231231 or 2023年12月31日 (default: today). "
            "Sets the records window and `year`."
        ),
        metavar="DATE",
    ),
]
LookbackYears = Annotated[
    int | None,
    _option(
        "--lookback-years",
        help=(
            "Records window: this many years back from --as-of, both ends included; 1 or more "
            "(default: the policy's m7.lookback_years)."
        ),
        metavar="N",
    ),
]
WhitelistOnly = Annotated[
    str | None,
    _option(
        "--only",
        help=(
            "include: the list itself; exclude: the rejected; changes: what the list gains or loses "
            "vs --previous (added, removed), the update the bureau publishes."
        ),
        metavar="include|exclude|changes",
    ),
]

# trained-hires
HiresFile = Annotated[
    str | None,
    typer.Argument(
        help=(
            "The hires: credit_code (the employer), name, county, person_id (身份证号), training (the institution's "
            "credit code, or 院校), trained_on, hired_on; see `jncli schema hires`. '-' or nothing reads stdin."
        ),
        show_default=False,
        metavar="[HIRES|-]",
    ),
]
Insurance = Annotated[
    list[str],
    _option(
        "--insurance",
        help=(
            "Social insurance paid: person_id, credit_code (the employer), month (2023-05 or a date), one row "
            "per month (repeatable: one file per year); see `jncli schema insurance`."
        ),
        metavar="FILE",
    ),
]
Trainers = Annotated[
    str | None,
    _option(
        "--trainers",
        help=(
            "The whitelisted training institutions: `jncli whitelist` output (its included training rows) or a "
            "list of credit codes; '-' reads stdin. Without it only 院校 hires can qualify."
        ),
        metavar="FILE",
    ),
]
CountyRates = Annotated[
    str | None,
    _option(
        "--county-rates",
        help=(
            "Table of county, rate (万元 per qualifying hire): qualified employers of a county with a rate are "
            "awarded count × rate; without it every row stays `qualified`, award 0."
        ),
        metavar="FILE",
    ),
]
HiresYear = Annotated[
    int | None,
    _option(
        "--year",
        help=(
            "The year evaluated: hires whose 6th consecutive month falls in it (default: the year of --as-of, "
            "else of the latest hire)."
        ),
        metavar="Y",
    ),
]
HiresAsOf = Annotated[
    str | None,
    _option(
        "--as-of",
        help="Count insurance months up to this date's month (default: 31 December of --year).",
        metavar="DATE",
    ),
]
Detail = Annotated[
    bool,
    typer.Option(
        "--detail",
        help="One row per hire instead: its months of insurance, the year it counts in, every failing reason.",
    ),
]


# check-validity
Mode = Annotated[
    str | None,
    _option(
        "--mode",
        help="period or ledger (default: ledger when every input has the ledger columns, else period).",
    ),
]
DateColumn = Annotated[
    str | None,
    _option(
        "--date-column",
        help=(
            "Period mode: the column holding each row's date or year "
            "(default: found by name: date, 日期, year, 年份 …)."
        ),
        metavar="NAME",
    ),
]
ValidityAsOf = Annotated[
    str | None,
    _option(
        "--as-of",
        help="Read no input: say in one line whether the policy is in force on DATE; exit 0 in force, 3 not.",
        metavar="DATE",
    ),
]
ValidityOnly = Annotated[
    str | None,
    _option(
        "--only",
        help=(
            "violations: in period mode write only the rows not in force (ledger mode writes only violations anyway)."
        ),
        metavar="violations",
    ),
]
