"""`trained_hires`: measure 8 from the hires and their insurance to one ledger row per employer (or, with
`detail`, one row per hire).

……对我市电商、跨境电商企业吸纳经省电商生态链企业“白名单”培训机构培训或经院校“专业+实训”电商培训的人员就业，
并连续缴纳6个月以上社会保险的，鼓励有条件的县（市、区）给予企业适当支持奖励。
(Per employer and year — the year of each hire's N-th month —: `qualifying_hires`; status `qualified`,
award 0, since the amount is the county's; with the counties' rates (`--county-rates`) `awarded`,
count × rate. A county without a rate has set none: its employers stay `qualified`. A year outside the
policy's annual years is `out_of_period`; an employer with no qualifying hire that year `ineligible`.)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl

from jncli.errors import DataError, UsageError, row_ref
from jncli.ledger import AWARDED, INELIGIBLE, OUT_OF_PERIOD, QUALIFIED, ledger_schema
from jncli.policy import Policy
from jncli.rules import RuleResult, Said, frame_from_rows
from jncli.rules.hires import cover, unfilled
from jncli.rules.hires.common import (
    DETAIL_COLUMNS,
    OUTPUT_COLUMNS,
    RULE_ID,
    SPLIT,
    article_ref,
    mask_expr,
    month_index,
    month_text,
    where,
)
from jncli.rules.hires.qualify import hire_conditions, insurance_runs, prepare_hires
from jncli.values import MONEY_DTYPE

FIRST_CODES = 3  # the institutions named in `unlisted_trainers`' warning, then "…"


def trained_hires(
    hires: pl.DataFrame,
    insurance: pl.DataFrame,
    policy: Policy,
    *,
    trainers: pl.DataFrame | None = None,
    known_trainers: frozenset[str] = frozenset(),
    county_rates: pl.DataFrame | None = None,
    year: int | None = None,
    as_of: dt.date | None = None,
    detail: bool = False,
    lang: str = "zh",
    doubtful: str = "warn",
) -> RuleResult:
    """Measure 8 over conformed `hires` and `insurance` frames. `trainers`: the whitelisted training
    institutions (`_code`, from `trainer_list`), None when no list was given; `known_trainers`: every code the
    lists name, listed or not (`unlisted_trainers`); `county_rates`: conformed
    (county, rate) rows. `year` defaults to the year of `as_of`, else of the latest hired_on;
    `as_of` to 31 December of `year`. `doubtful`: what insurance that cannot tell a hire's year (hired
    before its first month) or pays one person's month by two employers, and a hire whose training, trained_on
    or hired_on is empty or whose training is neither 院校 nor a credit code (`unfilled`) is: "warn", or "error"
    (`annual`)."""
    if RULE_ID not in policy.rules:
        raise DataError(f"policy file {policy.source}: rule {RULE_ID} is not under [rules]")
    notes: list[str] = []
    warnings: list[str] = []
    f = prepare_hires(hires, policy)
    warnings += _outside_warning(f, policy)
    year, as_of = _year_and_as_of(year, as_of, f)
    # a cell not filled in, a training no code nor 院校: a stop in `annual` only for a hire this run could pay
    if unfilled.may_find(f, policy):  # one query; the checks (~20 queries) only when they have something to say
        payable = unfilled.may_count(f, insurance, year, as_of) if doubtful == "error" else None  # only annual stops
        unfilled.check(f, policy, trainers, doubtful, warnings, payable)
    if county_rates is not None:
        _no_rate_set(county_rates, doubtful, warnings)
    rates = _rates(county_rates, policy) if county_rates is not None else None
    n = policy.m8.consecutive_months
    runs = insurance_runs(insurance, f, as_of, n, notes, policy.m8, year=year, doubtful=doubtful, warnings=warnings)
    f = hire_conditions(f, runs, policy, trainers, as_of, lang)
    paid_months = month_index(pl.col("month"))
    first_month, last_month = insurance.select(paid_months.min(), paid_months.max().alias("_last")).row(0)
    cover.earlier_months(f, first_month, year, n, doubtful, warnings)
    cover.ends_early(insurance, f, last_month, as_of, n, doubtful, warnings)  # where it ends, as where it starts (A6)
    cover.part_ends_early(insurance, f, as_of, n, doubtful, warnings)  # each part of it (hostile review 3, A1)
    qualifies = pl.col("_reasons").is_null()
    # the counts the notes and the warning say, in one query
    unlisted = (
        pl.col("_unlisted_only")
        & (pl.col("_counts_in") == year)
        & ~pl.col("_t_code").is_in(pl.Series(sorted(known_trainers), dtype=pl.String).implode())
    )
    unchecked, this_year, qualifying, failing, employers, off_list = f.select(
        pl.col("_needs_list").sum().alias("_unchecked"),
        (qualifies & (pl.col("_counts_in") == year)).sum().alias("_this_year"),
        qualifies.sum().alias("_qualifying"),
        (~qualifies).sum().alias("_failing"),
        pl.col("_code").n_unique().alias("_employers"),
        unlisted.sum().alias("_off_list"),
    ).row(0)
    if off_list:
        warnings.append(unlisted_trainers(f.filter(unlisted), year, annual=doubtful == "error"))
    f = f.drop("_unlisted_only")
    if trainers is None and unchecked:
        warnings.append(
            Said(
                f"{unchecked} hire(s) name a training institution, but no list of whitelisted training "
                f"institutions was given (--trainers): they cannot qualify",
                f"{unchecked}名人员由培训机构培训，但未提供白名单培训机构名单（--trainers），无法认定",
            )
        )
    notes.insert(
        0,
        Said(
            f"{f.height} hire(s) of {employers} employer(s): {this_year} reach "
            f"{policy.m8.consecutive_months} consecutive months of insurance in {year} "
            f"(months counted up to {as_of}), {qualifying - this_year} in another year, "
            f"{failing} do not qualify",
            f"列报{employers}家单位{f.height}人：{this_year}人于{year}年连续参保满"
            f"{policy.m8.consecutive_months}个月（参保月份计至{as_of}），{qualifying - this_year}人"
            f"在其他年度满足，{failing}人不符合条件",
        ),
    )
    if detail:
        return RuleResult(_detail(f, policy, lang), warnings, notes)
    return RuleResult(_employers(f, policy, year, rates, lang), warnings, notes)


def unlisted_trainers(off: pl.DataFrame, year: int, annual: bool) -> Said:
    """(hostile review 3, A5) Hires that would qualify in `year` on every other condition, trained by an institution
    whose valid credit code is on no list given (no row of this run's whitelist, nor of --trainers, names it, in any
    status): the list the text names is the province's (经省电商生态链企业“白名单”培训机构), and an institution
    outside the city is on no city whitelist, so they count nowhere. A code a list names and does not include (an
    institution the whitelist excluded) was judged by that list: no warning. `off`: those hires."""
    employers = off["_code"].n_unique()
    codes = sorted(off["_t_code"].unique().to_list())
    shown = ", ".join(codes[:FIRST_CODES]) + (", …" if len(codes) > FIRST_CODES else "")
    zh_shown = "、".join(codes[:FIRST_CODES]) + ("等" if len(codes) > FIRST_CODES else "")
    if annual:
        way, zh_way = "give that list with --trainers", "请用 --trainers 提供该名单"
    else:
        way, zh_way = "add their codes to the --trainers list", "请将其代码加入 --trainers 名单"
    return Said(
        f"{off.height} hire(s) of {employers} employer(s) meet every condition of measure 8 in {year} but the "
        f"training institution: trained by {len(codes)} institution(s) whose credit code is on no list of "
        f"whitelisted training institutions given ({shown}), they do not qualify; if an institution is on the "
        f"province's whitelist (经省电商生态链企业“白名单”培训机构), {way}",
        f"{employers}家用人单位的{off.height}名人员除培训机构外均符合{year}年度第八条的条件，但其{len(codes)}家培训机构"
        f"的统一社会信用代码不在所提供的任何白名单培训机构名单中（{zh_shown}），不予认定；如该机构在省电商生态链企业"
        f"“白名单”中，{zh_way}",
    )


def _outside_warning(f: pl.DataFrame, policy: Policy) -> list[str]:
    """Hires whose employer (a valid code) is in no county of the city — another city, or the county empty —:
    that employer is ineligible (its basis says so), named here as `award-enterprises` names its rows, so a
    misspelt county is found at once: the count of rows and employers, the first three rows by what they say."""
    away = f.filter(pl.col("_code_ok") & ~pl.col("_in_jining"))
    if not away.height:
        return []
    employers = away["_code"].n_unique()
    src = away["_source"] if "_source" in away.columns else pl.Series([None] * away.height, dtype=pl.String)
    row = away["_row"] if "_row" in away.columns else away["_i"] + 2  # the header is row 1
    shown = sorted(
        zip(away["_county_raw"].fill_null(""), src, row, strict=True), key=lambda r: (r[0], r[1] or "", r[2])
    )
    more = "" if away.height <= 3 else ", …"
    en = ", ".join(f"{row_ref(s or None, n)}: {c!r}" for c, s, n in shown[:3]) + more
    zh = "，".join(f"{row_ref(s or None, n, lang='zh')}：{c!r}" for c, s, n in shown[:3]) + more.replace(", ", "，")
    return [
        Said(
            f"{away.height} hire row(s) of {employers} employer(s) name no county of {policy.city_name} (another "
            f"city's, or none): those employers are ineligible ({en})",
            f"{employers}家用人单位的{away.height}行人员记录所填县（市、区）不属于{policy.city_name}所辖县（市、区）"
            f"或为空：这些单位不符合条件（{zh}）",
        )
    ]


def _year_and_as_of(year: int | None, as_of: dt.date | None, hires: pl.DataFrame) -> tuple[int, dt.date]:
    """The year evaluated (default: that of `as_of`, else of the latest hire) and the as-of date (default:
    31 December of the year)."""
    if year is None and as_of is not None:
        year = as_of.year
    if year is None:
        latest = hires["hired_on"].max()
        if latest is None:
            raise UsageError("no hire date to take the year from: give --year")
        year = latest.year
    if as_of is None:
        as_of = dt.date(year, 12, 31)
    if as_of < dt.date(year, 1, 1):
        raise UsageError(f"--as-of {as_of} is before {year}: no month of {year} could be counted")
    return year, as_of


def _no_rate_set(frame: pl.DataFrame, doubtful: str, warnings: list[str]) -> None:
    """County rates of two or more rows none of which has a rate (the city's template, no county having set one
    yet; or the rates lost): read so, every employer is `qualified` — what leaving the file out says. An error in
    `annual` (`doubtful` "error": the file may have been meant to pay), a warning in `trained-hires`; the way out
    is to leave the file out, not `--skip 8`, which drops the qualified list too (hostile review 3, F8)."""
    if frame.height < 2 or "rate" not in frame.columns or frame["rate"].is_not_null().any():
        return
    src = frame["_source"][0] if "_source" in frame.columns and frame["_source"][0] else "the county rates"
    n = frame.height
    message = f"{src}: the rate column (每人奖励) is empty in all {n} rows: no county has set an amount per hire"
    if doubtful == "error":
        raise DataError(
            message,
            hint="if no county has set one yet, leave the county rates out (take the file out of the data folder): "
            "every employer is then listed as qualified, its amount the county's to set; otherwise fill in the "
            "rates (--skip 8 would drop the list of qualified employers too)",
        )
    warnings.append(
        Said(
            f"{message}: every employer is read as qualified, its amount the county's to set, as without "
            f"--county-rates (fill in the rates if that is not meant)",
            f"{src}：每人奖励列全部{n}行均为空：没有任何县（市、区）设定每人奖励金额：各用人单位均按“符合条件”列出，"
            f"奖励金额由所在县（市、区）确定，与不提供 --county-rates 相同（如非本意，请填写奖励标准）",
        )
    )


def _rates(frame: pl.DataFrame, policy: Policy) -> dict[str, Decimal | None]:
    """County → 万元 per qualifying hire. Unknown or repeated counties, negative rates and rates finer than
    the ledger's decimals are data errors naming the row."""
    places = policy.award_decimals
    out: dict[str, Decimal | None] = {}
    seen: dict[str, int] = {}
    for i, row in enumerate(frame.iter_rows(named=True)):
        county = policy.canonical_county(row["county"])
        if county is None:
            raise DataError(f"{where(frame, i, 'county')}: {row['county']!r} is not a county of {policy.city_name}")
        if county in seen:
            raise DataError(
                f"{county} has two rates: {where(frame, seen[county])} and {where(frame, i)}", hint="keep one"
            )
        seen[county] = i
        rate = row["rate"]
        if rate is not None and rate < 0:
            raise DataError(f"{where(frame, i, 'rate')}: a rate cannot be negative ({rate.normalize():f} 万元)")
        if rate is not None and rate != round(rate, places):
            raise DataError(
                f"{where(frame, i, 'rate')}: {rate.normalize():f} 万元 has more than {places} decimals",
                hint=f"the ledger holds amounts to {Decimal(1).scaleb(-places):f} 万元; round the rate at the source",
            )
        out[county] = rate
    return out


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")  # 1000, 0.15 — never 1E+3


def _employers(
    f: pl.DataFrame, policy: Policy, year: int, rates: dict[str, Decimal | None] | None, lang: str
) -> pl.DataFrame:
    """One ledger row per employer for `year`, in the policy's county order, then by code."""
    n = policy.m8.consecutive_months
    qualifies = pl.col("_reasons").is_null()
    per = (
        f.group_by("_code", maintain_order=True)
        .agg(
            name=pl.col("name").drop_nulls().first(),
            county=pl.col("county").first(),
            _county_raw=pl.col("_county_raw").first(),
            _in_jining=pl.col("_in_jining").first(),
            _code_ok=pl.col("_code_ok").first(),
            hires_listed=pl.len(),
            qualifying_hires=(qualifies & (pl.col("_counts_in") == year)).sum(),
            _other_years=(qualifies & (pl.col("_counts_in") != year)).sum(),
            _failing=(~qualifies).sum(),
        )
        .to_dicts()
    )
    order = {c.name: i for i, c in enumerate(policy.counties)}
    per.sort(key=lambda r: (order.get(r["county"], len(order)), r["county"] or "", r["_code"]))
    article = article_ref(policy, policy.rules[RULE_ID].measure, lang)
    zh = lang == "zh"
    rows = []
    for r in per:
        rate = rates.get(r["county"]) if rates is not None else None
        status, award, basis = _decide(r, policy, year, rates, rate, article, n, zh)
        rows.append(
            {
                "beneficiary": r["_code"],
                "beneficiary_name": r["name"],
                "measure": policy.rules[RULE_ID].measure,
                "rule": RULE_ID,
                "year": year,
                "award": award,
                "status": status,
                "basis": basis,
                "county": r["county"],
                "hires_listed": r["hires_listed"],
                "qualifying_hires": r["qualifying_hires"],
                "rate": rate,
            }
        )
    schema = {
        **ledger_schema(policy.award_decimals),
        "county": pl.String,
        "hires_listed": pl.Int64,
        "qualifying_hires": pl.Int64,
        "rate": MONEY_DTYPE,
    }
    return frame_from_rows(rows, schema).select(OUTPUT_COLUMNS)


def _decide(r, policy, year, rates, rate, article, n, zh) -> tuple[str, Decimal, str]:
    """(status, award, basis) of one employer."""
    from jncli import credit_code

    name = r["name"] or r["_code"]
    zero = Decimal(0)
    if not r["_code_ok"]:
        problem = credit_code.problem_zh(r["_code"]) if zh else credit_code.problem(r["_code"])
        return (
            INELIGIBLE,
            zero,
            (f"{article}，不符合条件：{problem}。" if zh else f"{article}: not eligible: {problem}."),
        )
    if not r["_in_jining"]:
        county = r["_county_raw"] or ("（空）" if zh else "(empty)")
        return (
            INELIGIBLE,
            zero,
            (
                f"{article}，不符合条件：用人单位不属于{policy.city_name}县（市、区）：{county}。"
                if zh
                else f"{article}: not eligible: the employer is not in a county of {policy.city_name} ({county})."
            ),
        )
    count = r["qualifying_hires"]
    if count == 0:
        return (
            INELIGIBLE,
            zero,
            (
                f"{article}，{name}在{year}年无连续参保满{n}个月的符合条件人员：列报{r['hires_listed']}人，"
                f"其中{r['_other_years']}人在其他年度满{n}个月，{r['_failing']}人不符合条件（明细见 --detail）。"
                if zh
                else f"{article}: {name} has no qualifying hire reaching {n} consecutive months of insurance in "
                f"{year}: "
                f"{r['hires_listed']} listed, {r['_other_years']} reach it in another year, {r['_failing']} do not "
                f"qualify (see --detail)."
            ),
        )
    met = (
        f"{article}，{name}吸纳经白名单培训机构或院校“专业+实训”培训的人员就业、在该单位连续缴纳社会保险满{n}个月"
        f"（第{n}个月在{year}年）的共{count}人"
        if zh
        else f"{article}: {name} hired {count} person(s) trained by a whitelisted institution or a college course "
        f"whose social insurance it paid for {n} consecutive months, the {n}th in {year}"
    )
    if year not in policy.annual_years:
        years = ("、" if zh else ", ").join(map(str, policy.annual_years))
        return (
            OUT_OF_PERIOD,
            zero,
            (
                f"{met}；但{year}年不是政策年度（{years}），不予奖励。"
                if zh
                else f"{met}; but {year} is not an annual year of the policy ({years}): no award."
            ),
        )
    county = r["county"]
    if rates is None:
        return (
            QUALIFIED,
            zero,
            (
                f"{met}，符合条件；奖励金额由{county}确定（鼓励有条件的县（市、区）给予企业适当支持奖励）。"
                if zh
                else f"{met}: qualified; the amount is {county}'s to set (counties able to are encouraged to reward)."
            ),
        )
    if rate is None or rate == 0:
        return (
            QUALIFIED,
            zero,
            (
                f"{met}，符合条件；县（市、区）奖励标准中{county}未设每人奖励，奖励金额待{county}确定。"
                if zh
                else f"{met}: qualified; the county rates set no amount per hire for {county}, so the amount is "
                f"{county}'s to set."
            ),
        )
    award = rate * count
    return (
        AWARDED,
        award,
        (
            f"{met}，按{county}每人{_plain(rate)}万元，奖励{count}×{_plain(rate)}={_plain(award)}万元。"
            if zh
            else f"{met}; at {county}'s {_plain(rate)} 万元 per hire: {count} × {_plain(rate)} = {_plain(award)} 万元."
        ),
    )


def _detail(f: pl.DataFrame, policy: Policy, lang: str) -> pl.DataFrame:
    """One row per hire, in input order: where it is, the person masked, the months, every failing reason
    (a list: one item per condition failed)."""
    no_reasons = pl.lit([], dtype=pl.List(pl.String))
    reasons = pl.col("_reasons").str.split(SPLIT).fill_null(no_reasons)
    return f.select(
        file=pl.col("_source") if "_source" in f.columns else pl.lit(None, pl.String),
        row=pl.col("_row") if "_row" in f.columns else (pl.col("_i") + 2).cast(pl.Int64),
        credit_code=pl.col("_code"),
        name=pl.col("name"),
        county=pl.col("county"),
        person_id=mask_expr(pl.col("_pid"), policy.m8),
        training=pl.col("_t_code"),
        trained_on=pl.col("trained_on"),
        hired_on=pl.col("hired_on"),
        months=pl.col("_longest").fill_null(0).cast(pl.Int64),
        insured_from=month_text(pl.col("_run_start")),
        month_reached=month_text(pl.col("_reached")),
        counts_in=pl.col("_counts_in"),
        qualifies=pl.col("_reasons").is_null(),
        reasons=reasons,
    ).select(DETAIL_COLUMNS)
