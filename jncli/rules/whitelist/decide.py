"""Every failing reason, the decision and the sentence of `basis`, per candidate (m7.whitelist).

……对于具有一定实力和知名度、无违法违规和不良信用记录的电商园区、机构、企业，推荐列入省电商生态链企业“白名单”库。
(具有一定实力和知名度 = revenue, employees and years in operation each ≥ the category's minimum;
无违法违规和不良信用记录 = no blocking record; no reason → include; no record ever → recommend to the
province. An entity gone from the candidates gets an exclude / removed row.)
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from jncli.ledger import EXCLUDED, INCLUDED
from jncli.policy import Policy
from jncli.rules.whitelist.common import (
    _ENGINE,
    _REASON_SEP,
    _SPLIT,
    _TEXT,
    EXCLUDE,
    INCLUDE,
    REMOVED,
    _number_text,
    _zh_numeral,
)
from jncli.values import MONEY_DTYPE


def _decide(
    cand: pl.LazyFrame, policy: Policy, start: dt.date, as_of: dt.date, cat_name: pl.Expr, lang: str
) -> pl.LazyFrame:
    """Every failing reason, in a fixed order: code, county, revenue, employees, years, records (具有一定实力和
    知名度、无违法违规和不良信用记录); no reason → include, and no record ever → recommend to the province."""
    text = _TEXT[lang]
    # The numbers as written in sentences, computed once for reasons and basis.
    cand = cand.with_columns(
        _revenue_txt=_number_text(pl.col("revenue")),
        _employees_txt=pl.col("employees").cast(pl.String),
        _years_operating_txt=_number_text(pl.col("years_operating")),
    )

    def minimum(col: str) -> pl.Expr:
        below = pl.format(text[col], pl.col(f"_{col}_txt"), cat_name, pl.col(f"_min_{col}_txt"))
        return (
            pl.when(pl.col(col).is_null())
            .then(pl.lit(text[f"{col}_missing"]))
            .when(pl.col(col) < pl.col(f"_min_{col}"))
            .then(below)
        )

    n_blocking = pl.col("blocking_records").list.len()
    records_reason = pl.format(text["records"].format(start=start, as_of=as_of), n_blocking)
    county_written = pl.col("_county_raw").str.replace_all(_SPLIT, "", literal=True)
    not_jining = pl.format(text["not_jining"].format(city=policy.city_name), county_written)
    county_reason = (
        pl.when(pl.col("_county_raw").is_null())
        .then(pl.lit(text["county_empty"]))
        .when(~pl.col("_in_jining"))
        .then(not_jining)
    )
    # Joined with a private separator and split again: much faster than concat_list + drop_nulls.
    unlisted = pl.when(pl.col("_unlisted")).then(pl.format(text["unlisted"], pl.col("category")))
    joined = pl.concat_str(
        pl.col("_r_code"),
        county_reason,
        unlisted,
        minimum("revenue"),
        minimum("employees"),
        minimum("years_operating"),
        pl.when(n_blocking > 0).then(records_reason),
        separator=_SPLIT,
        ignore_nulls=True,
    )
    cand = cand.with_columns(_reasons=joined).with_columns(_reasons=pl.when(pl.col("_reasons") != "").then("_reasons"))
    no_reasons = pl.lit([], dtype=pl.List(pl.String))
    cand = cand.with_columns(reasons=pl.col("_reasons").str.split(_SPLIT).fill_null(no_reasons))
    included = pl.col("_reasons").is_null()
    return cand.with_columns(
        decision=pl.when(included).then(pl.lit(INCLUDE)).otherwise(pl.lit(EXCLUDE)),
        recommend_province=included & ~pl.col("_ever"),
    )


def _output_rows(cand: pl.LazyFrame, ledger: dict[str, pl.Expr]) -> pl.DataFrame:
    """One output row per candidate (OUTPUT_COLUMNS): the ledger columns, then the decision and its grounds."""
    included = pl.col("_reasons").is_null()
    return cand.select(
        beneficiary=pl.col("_code"),
        beneficiary_name=pl.col("name"),
        **ledger,
        status=pl.when(included).then(pl.lit(INCLUDED)).otherwise(pl.lit(EXCLUDED)),
        basis=pl.col("basis"),
        decision=pl.col("decision"),
        change=pl.col("change"),
        recommend_province=pl.col("recommend_province"),
        reasons=pl.col("reasons"),
        blocking_records=pl.col("blocking_records"),
        category=pl.col("category"),
        county=pl.col("county"),
        revenue=pl.col("revenue").cast(MONEY_DTYPE),
        employees=pl.col("employees").cast(pl.Int64),
        years_operating=pl.col("years_operating").cast(pl.Float64),
    ).collect(engine=_ENGINE)


def _removed_rows(
    gone: pl.DataFrame, ledger: dict[str, pl.Expr], policy: Policy, measure: int, lang: str
) -> pl.DataFrame:
    """An exclude / removed row for each entity of the previous list that is no longer a candidate (动态管理)."""
    text = _TEXT[lang]
    article = _article_ref(policy, measure, lang)
    basis = (
        f"{article}，不再列入白名单：{text['no_longer']}。"
        if lang == "zh"
        else f"{article}: removed from the whitelist: {text['no_longer']}."
    )
    return gone.select(
        beneficiary=pl.col("_code"),
        beneficiary_name=pl.col("_prev_name"),
        **ledger,
        status=pl.lit(EXCLUDED),
        basis=pl.lit(basis),
        decision=pl.lit(EXCLUDE),
        change=pl.lit(REMOVED),
        recommend_province=pl.lit(False),
        reasons=pl.concat_list(pl.lit(text["no_longer"])),
        blocking_records=pl.lit([], dtype=pl.List(pl.String)),
        category=pl.lit(None, dtype=pl.String),
        county=pl.lit(None, dtype=pl.String),
        revenue=pl.lit(None, dtype=MONEY_DTYPE),
        employees=pl.lit(None, dtype=pl.Int64),
        years_operating=pl.lit(None, dtype=pl.Float64),
    )


def _article_ref(policy: Policy, measure: int, lang: str) -> str:
    try:
        title = policy.article(measure).title if lang == "zh" else policy.article(measure).title_en
    except KeyError:
        title = None
    if lang == "zh":
        return f"依据第{_zh_numeral(measure)}条" + (f"（{title}）" if title else "")
    return f"Article {measure}" + (f" ({title})" if title else "")


def _basis(policy: Policy, measure: int, lang: str, start: dt.date, as_of: dt.date, cat_name: pl.Expr) -> pl.Expr:
    """One sentence per candidate citing the article, the numbers and the decision."""
    article = _article_ref(policy, measure, lang)
    numbers = [pl.col(n) for c in ("revenue", "employees", "years_operating") for n in (f"_{c}_txt", f"_min_{c}_txt")]
    reasons = pl.col("_reasons").str.replace_all(_SPLIT, _REASON_SEP[lang], literal=True)
    if lang == "zh":
        met = pl.format(
            article + "，{}营业收入{}万元（最低{}万元）、从业人数{}人（最低{}人）、经营年限{}年（最低{}年）均达到要求，"
            f"{start}至{as_of}无未修复的违法违规和不良信用记录，列入白名单",
            cat_name,
            *numbers,
        )
        province = (
            pl.when(pl.col("recommend_province"))
            .then(pl.lit("，推荐列入省电商生态链企业“白名单”库。"))
            .otherwise(pl.lit("；因有窗口外、已修复或晚于评估日的记录，不推荐列入省库。"))
        )
        failed = pl.format(article + "，不列入白名单：{}。", reasons)
    else:
        met = pl.format(
            article + ": {} with revenue {} 万元 (minimum {}), employees {} (minimum {}), years operating {} "
            f"(minimum {{}}) and no unrepaired violation or bad-credit record from {start} to {as_of}: included",
            cat_name,
            *numbers,
        )
        province = (
            pl.when(pl.col("recommend_province"))
            .then(pl.lit("; recommended to the provincial whitelist."))
            .otherwise(
                pl.lit("; not recommended to the provincial whitelist: it has expired, repaired or later records.")
            )
        )
        failed = pl.format(article + ": not included: {}.", reasons)
    return pl.when(pl.col("decision") == INCLUDE).then(pl.concat_str(met, province)).otherwise(failed)
