"""The rule rows of measures 2, 3 and 6: one row per entity, year and rule that could pay.

第二条 ……2022年度……实物商品网络零售额达到1000万元以上（含1000万元）的，给予最高5万元的一次性奖励。对2023年度
实现实物商品网络零售额达到5000万元、1亿元、2亿元的电商企业，分别给予最高10万元、20万元、30万元的一次性奖励。
……对于取得数字商务企业、电子商务示范企业等国家级示范项目称号的，市财政给予最高50万元的一次性奖励。
第三条 ……对该纳统的法人企业产生的新增财力省级不再分成部分，由企业所在县（市、区）财政按一定比例给予一次性奖励。
第六条 ……对于取得国家级电子商务示范基地称号的电商园区（基地），市财政给予50万元的一次性奖励。
(m2.tier2022 / m2.tier2023: the highest tier reached; m2.title / m6.base: a national title or base;
m3.fiscal: new fiscal revenue × the county's ratio, rounded down to 0.01 万元.)
"""

from __future__ import annotations

import os
from decimal import Decimal

import polars as pl

from jncli.errors import DataError, row_ref
from jncli.ledger import AWARDED, INELIGIBLE, OUT_OF_PERIOD, SUPERSEDED
from jncli.policy import Policy
from jncli.rules.enterprises.common import (
    BASE_RULE,
    EARLIER_RUN,
    FISCAL_RULE,
    PRIOR_OPTION,
    QUALIFIED,
    TIER_RULES,
    TITLE_RULE,
    _dec,
    _lit,
    _micro,
    _normalised_code,
    _to_micro,
    _with_position,
)


def _status(ok: pl.Expr) -> pl.Expr:
    # An invalid code makes every row of the entity ineligible (RULES §2); otherwise the year decides first.
    return (
        pl.when(~pl.col("code_ok"))
        .then(pl.lit(INELIGIBLE))
        .when(~pl.col("in_period"))
        .then(pl.lit(OUT_OF_PERIOD))
        .when(pl.col("jining") & ok)
        .then(pl.lit(QUALIFIED))
        .otherwise(pl.lit(INELIGIBLE))
    )


def _tier_rules(policy: Policy) -> dict[str, object]:
    return {rid: getattr(policy, "m2_" + rid.split(".")[1]) for rid in TIER_RULES}


def _tier_rows(f: pl.DataFrame, policy: Policy) -> pl.DataFrame:
    """m2.tier2022 / m2.tier2023: one row per entity-year; a year outside the policy gets the nearest tier rule."""
    rules = _tier_rules(policy)
    by_year = {r.year: rid for rid, r in rules.items()}
    mapping: dict[int, str] = {}
    for y in f["year"].unique().to_list():
        if y in by_year:
            mapping[y] = by_year[y]
        elif y not in policy.annual_years:  # out_of_period row under the nearest tier rule
            mapping[y] = min(by_year.items(), key=lambda kv: (abs(kv[0] - y), kv[0]))[1]
    rows = f.with_columns(rule=pl.col("year").replace_strict(mapping, default=None, return_dtype=pl.String)).filter(
        pl.col("rule").is_not_null()
    )
    amount = threshold = None
    for rid, r in rules.items():
        for t in reversed(r.tiers):  # the highest tier reached only
            hit = (pl.col("rule") == rid) & (pl.col("retail_m") >= _micro(t.threshold, f"{rid} threshold"))
            a, th = _lit(_micro(t.award, f"{rid} award")), _lit(_micro(t.threshold, f"{rid} threshold"))
            amount = pl.when(hit).then(a) if amount is None else amount.when(hit).then(a)
            threshold = pl.when(hit).then(th) if threshold is None else threshold.when(hit).then(th)
    rows = rows.with_columns(entitled_m=amount.otherwise(None), threshold_m=threshold.otherwise(None))
    ok = pl.col("in_statistics") & pl.col("is_trade") & pl.col("entitled_m").is_not_null()
    return rows.with_columns(status=_status(ok))


def _title_rows(f: pl.DataFrame, policy: Policy) -> pl.DataFrame:
    """m2.title / m6.base: rows only where a title is given; a non-national title → ineligible m2.title."""
    titled = f.filter(pl.col("national_title").is_not_null())
    m2 = titled.filter(pl.col("title_m2") | ~pl.col("title_m6")).with_columns(
        rule=pl.lit(TITLE_RULE), entitled_m=_lit(_micro(policy.m2_title.award, "m2.title award"))
    )
    m6 = titled.filter(pl.col("title_m6")).with_columns(
        rule=pl.lit(BASE_RULE), entitled_m=_lit(_micro(policy.m6_base.award, "m6.base award"))
    )
    rows = pl.concat([m2, m6]).with_columns(threshold_m=pl.lit(None, pl.Int64))
    ok = (pl.col("rule") == BASE_RULE) | pl.col("title_m2")
    # one chunk per column, as the tier rows': their concatenation is then cut alike (no copy per operation on it)
    return rows.with_columns(status=_status(ok)).rechunk()


def _fiscal_rows(
    f: pl.DataFrame, policy: Policy, ratios: dict[str, tuple[str, int, int]], converted_known: bool
) -> pl.DataFrame:
    """m3.fiscal: new_fiscal_revenue × the county's ratio, rounded down to 0.01 万元; kept beside 就高.

    (rev 3) Only for 省外电商企业在济宁分支机构转为入库纳统的法人企业: `converted` must be yes, and without the
    column (`converted_known` false) no row can qualify."""
    step = 10 ** (6 - policy.award_decimals)  # micro-万元 per smallest paid unit (0.01 万元)
    rows = f.filter(pl.col("nfr_m").is_not_null()).with_columns(
        rule=pl.lit(FISCAL_RULE),
        ratio=pl.col("county_c").replace_strict(
            {k: v[0] for k, v in ratios.items()}, default=None, return_dtype=pl.String
        ),
        _num=pl.col("county_c").replace_strict(
            {k: v[1] for k, v in ratios.items()}, default=None, return_dtype=pl.Int128
        ),
        _den=pl.col("county_c").replace_strict(
            {k: v[2] for k, v in ratios.items()}, default=None, return_dtype=pl.Int128
        ),
    )
    # floor(nfr × num / den) in units of 0.01 万元, exact in 128-bit integers.
    paid = (pl.col("nfr_m").cast(pl.Int128) * pl.col("_num")) // (pl.col("_den") * pl.lit(step, pl.Int128))
    rows = rows.with_columns(entitled_m=(paid * step).cast(pl.Int64), threshold_m=pl.lit(None, pl.Int64)).drop(
        "_num", "_den"
    )
    ok = pl.col("in_statistics") & (pl.col("nfr_m") > 0) & pl.col("ratio").is_not_null()
    ok = ok & pl.col("converted") & pl.lit(converted_known)
    rows = rows.with_columns(status=_status(ok))
    return rows.with_columns(
        award_m=pl.when(pl.col("status") == QUALIFIED).then(pl.col("entitled_m")).otherwise(_lit(0)),
        status=pl.when(pl.col("status") == QUALIFIED).then(pl.lit(AWARDED)).otherwise(pl.col("status")),
    )


def _fiscal_ratios(frame: pl.DataFrame, policy: Policy) -> dict[str, tuple[str, int, int]]:
    """county → (ratio as written, numerator, denominator) after checking every row (a handful of rows)."""
    for col in ("county", "ratio"):
        if col not in frame.columns:
            raise DataError(f"fiscal ratios table lacks required column {col} (see `jncli schema fiscal_ratios`)")
    frame = _with_position(frame, "fiscal ratios")
    out: dict[str, tuple[str, int, int]] = {}
    seen: dict[str, str] = {}
    for s, r, county, ratio in frame.select("_source", "_row", "county", "ratio").iter_rows():
        where = row_ref(s, r)
        name = policy.canonical_county(county)
        if name is None:
            raise DataError(f"{where}, column county: {county!r} is not a county of {policy.city_name}")
        if ratio is None or ratio != ratio:
            raise DataError(f"{where}, column ratio: the ratio for {name} is empty")
        value = Decimal(str(ratio))  # via str: 0.3 stays 0.3, not 0.29999999999999998889…
        if not policy.m3_ratio_min <= value <= policy.m3_ratio_max:
            raise DataError(
                f"{where}, column ratio: {_dec(value)} for {name} is outside "
                f"{_dec(policy.m3_ratio_min)}..{_dec(policy.m3_ratio_max)}"
            )
        if name in seen:
            raise DataError(f"{seen[name]} and {where} both give a ratio for {name}")
        seen[name] = where
        num, den = value.as_integer_ratio()
        out[name] = (_dec(value), num, den)
    return out


def _fiscal_once(rows: pl.DataFrame, prior: pl.DataFrame | None, out_years: list[int]) -> pl.DataFrame:
    """(rev 3) 给予一次性奖励: one m3.fiscal payment per entity in the policy period. A later year's row of an entity
    already paid — in an earlier year of this run, or by an `awarded` m3.fiscal row of the prior ledger — is
    `superseded` with award 0; `paid_year`, `paid_m`, `paid_src` and `paid_where` say by which payment:
    "run" (this run's output year), "data" (this run's evaluation of an earlier year's input rows: the file),
    "--prior" (the ledger file) or "earlier run" (annual: the verified earlier run beside OUT_DIR, its folder).

    Paid means an award above 0: an `awarded` row of 0 万元 (the amount rounds down to 0, or the county's ratio
    is 0) pays nothing, so it does not use up the one-off reward.

    As for the m2/m6 top-up, an entity-year the prior ledger has an m3.fiscal row for is taken from the ledger
    (what was paid), never from this run's re-evaluation of it as well."""
    run_src = pl.when(pl.col("year").is_in(out_years)).then(pl.lit("run")).otherwise(pl.lit("data"))
    paid = rows.filter((pl.col("status") == AWARDED) & (pl.col("award_m") > 0))
    paid = paid.select("code", "year", paid_m="award_m", paid_src=run_src, paid_where=_file_name(paid["_source"]))
    if prior is not None:
        ledger = _prior_fiscal(prior)
        paid = pl.concat(
            [
                paid.join(ledger.select("code", "year"), on=["code", "year"], how="anti"),
                ledger.filter(pl.col("paid_m") > 0).select("code", "year", "paid_m", "paid_src", "paid_where"),
            ]
        )
    first = (
        paid.sort("code", "year")
        .group_by("code", maintain_order=True)
        .first()
        .select("code", "paid_m", "paid_src", "paid_where", paid_year="year")
    )
    rows = rows.join(first, on="code", how="left")
    later = (pl.col("status") == AWARDED) & pl.col("paid_year").is_not_null() & (pl.col("paid_year") < pl.col("year"))
    return rows.with_columns(
        status=pl.when(later).then(pl.lit(SUPERSEDED)).otherwise(pl.col("status")),
        award_m=pl.when(later).then(_lit(0)).otherwise(pl.col("award_m")),
    )


def _file_name(sources: pl.Series) -> pl.Expr:
    """A file by its name, as the report names it: the ledger written does not depend on where it was run from."""
    names = {s: os.path.basename(s) or s for s in sources.unique().to_list() if s is not None}
    return pl.col("_source").replace_strict(names, default=None, return_dtype=pl.String)


def _prior_fiscal(prior: pl.DataFrame) -> pl.DataFrame:
    """Per (code, year) with an m3.fiscal row in the prior ledger: what it says was paid (null: not awarded),
    and where: `paid_src` "--prior" (`paid_where` the ledger file) or, for the rows `annual` took from the
    verified earlier run beside OUT_DIR (`_origin`, see `annual.received.merged_prior`), "earlier run"
    (`paid_where` its folder)."""
    for col in ("beneficiary", "rule", "year", "award", "status"):
        if col not in prior.columns:
            raise DataError(f"prior ledger lacks required column {col} (see `jncli schema ledger`)")
    p = _with_position(prior, "prior ledger").filter(pl.col("rule") == FISCAL_RULE)
    if "_origin" not in p.columns:
        p = p.with_columns(_origin=pl.lit(PRIOR_OPTION))
    awarded = pl.col("status") == AWARDED
    bad = p.filter(awarded & pl.col("award").is_null())
    if bad.height:
        r = bad.row(0, named=True)
        raise DataError(f"{row_ref(r['_source'], r['_row'], 'award')}: an awarded {FISCAL_RULE} row has no amount")
    folders = {s: os.path.dirname(s) or s for s in p["_source"].unique().to_list() if s is not None}
    run = pl.col("_origin") == EARLIER_RUN
    where = (
        pl.when(run).then(pl.col("_source").replace_strict(folders, default=None)).otherwise(_file_name(p["_source"]))
    )
    p = p.with_columns(code=_normalised_code(pl.col("beneficiary")), _paid=awarded & (_to_micro(pl.col("award")) > 0))
    return (
        p.filter(pl.col("code").is_not_null() & pl.col("year").is_not_null())
        .group_by("code", "year", maintain_order=True)
        .agg(
            paid_m=pl.when(awarded).then(_to_micro(pl.col("award"))).sum().cast(pl.Int64),
            _any=awarded.any(),
            paid_src=pl.col("_origin").filter(pl.col("_paid")).first(),
            paid_where=where.filter(pl.col("_paid")).first(),
        )
        .select(
            "code",
            pl.col("year").cast(pl.Int64),
            "paid_src",
            "paid_where",
            paid_m=pl.when(pl.col("_any")).then(pl.col("paid_m")),
        )
    )
