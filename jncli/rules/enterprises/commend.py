"""m2.commend: counties commended for newly cultivated large online retailers (通报表扬, no money).

对于新培育实物商品网络零售额过亿元电商企业1家以上或者过5000万元电商企业3家以上的县（市、区）予以通报表扬。
(RULES.md §2: per Jining county and year, the 纳统 entities with a valid code newly reaching each
threshold; "newly": last year's online retail below the threshold or absent.)
"""

from __future__ import annotations

import polars as pl

from jncli.ledger import COMMENDED, INELIGIBLE, OUT_OF_PERIOD
from jncli.policy import Policy
from jncli.rules import RuleResult, Said
from jncli.rules.enterprises.common import (
    COMMEND_RULE,
    _article,
    _dec,
    _micro,
    _prepare,
    _text,
    _to_micro,
    _years,
)
from jncli.values import money_constant


def commendations(
    frame: pl.DataFrame,
    policy: Policy,
    *,
    year: int | None = None,
    all_years: bool = False,
    lang: str = "zh",
    earlier: pl.DataFrame | None = None,
) -> RuleResult:
    """County commendations (m2.commend): at least `count` newly cultivated entities at ≥ `threshold`.

    An entity counts when its code is valid, it is 纳统 and in a Jining county; "newly cultivated" per
    threshold: online_retail_prev below that threshold or absent (an empty online_retail_prev is filled
    from the entity's own previous-year row in the input, else — `earlier`, the yearly run — from its online
    retail in the verified earlier run beside OUT_DIR: code, year, online_retail, _source; a note says how many).
    One row per Jining county in the year's input, in the policy's county order.
    """
    warnings: list[str] = []
    notes: list[str] = []
    f, present = _prepare(frame, policy, lang)
    out_years, _ = _years(f, policy, year, all_years, warnings)
    if "online_retail_prev" not in present:
        warnings.append(
            Said(
                "no online_retail_prev column: an entity counts as newly cultivated unless its previous "
                "year's row in the input reached the threshold",
                "没有上年网络零售额（online_retail_prev）列：除非输入中该企业上年的行已达到门槛，否则视为新培育",
            )
        )
    last_year = f.filter(pl.col("code").is_not_null()).select(
        "code", year=pl.col("year") + 1, _prev_row_m=pl.col("retail_m")
    )
    f = (
        f.join(last_year, on=["code", "year"], how="left")
        .with_columns(prev_m=pl.coalesce(pl.col("prev_m"), pl.col("_prev_row_m")))
        .filter(pl.col("year").is_in(out_years) & pl.col("jining"))
    )
    if earlier is not None and earlier.height:
        f, notes = _from_earlier_run(f, earlier)
    counted = pl.col("code_ok") & pl.col("in_statistics")
    names, aggs = [], []
    for rule in policy.m2_commend:
        t = _micro(rule.threshold, "m2.commend threshold")
        names.append(f"newly_ge_{_dec(rule.threshold)}")
        newly = pl.col("prev_m").is_null() | (pl.col("prev_m") < t)
        reached = counted & (pl.col("retail_m") >= t).fill_null(False) & newly
        aggs.append(reached.sum().cast(pl.Int64).alias(names[-1]))
    table = f.group_by("year", "county").agg(aggs) if aggs else f.select("year", "county").unique()
    counts = pl.concat_str(
        [
            _text(lang, "commend_count", thr=_dec(r.threshold), n=pl.col(n), need=r.count)
            for r, n in zip(policy.m2_commend, names)
        ],
        separator="，" if lang == "zh" else "; ",
    )
    hit = pl.any_horizontal([pl.col(n) >= r.count for r, n in zip(policy.m2_commend, names)])
    article = _article(policy, COMMEND_RULE, lang)
    years = ("、" if lang == "zh" else ", ").join(map(str, policy.annual_years))
    in_period = pl.col("year").is_in(list(policy.annual_years))
    table = table.with_columns(
        status=pl.when(~in_period)
        .then(pl.lit(OUT_OF_PERIOD))
        .when(hit)
        .then(pl.lit(COMMENDED))
        .otherwise(pl.lit(INELIGIBLE)),
        basis=pl.when(~in_period)
        .then(_text(lang, "commend_out", year=pl.col("year"), years=years, article=article))
        .when(hit)
        .then(_text(lang, "commended", counts=counts, article=article))
        .otherwise(_text(lang, "not_commended", counts=counts, article=article)),
    )
    order = {c.name: i for i, c in enumerate(policy.counties)}
    table = (
        table.with_columns(_o=pl.col("county").replace_strict(order, default=len(order), return_dtype=pl.Int64))
        .sort("year", "_o")
        .select(
            pl.col("county").alias("beneficiary"),
            pl.col("county").alias("beneficiary_name"),
            pl.lit(policy.rules[COMMEND_RULE].measure, pl.Int64).alias("measure"),
            pl.lit(COMMEND_RULE).alias("rule"),
            pl.col("year").cast(pl.Int64),
            money_constant("0").alias("award"),
            "status",
            "basis",
            "county",
            *names,
        )
    )
    return RuleResult(table, warnings, notes)


def _from_earlier_run(f: pl.DataFrame, earlier: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
    """`prev_m` still empty (no online_retail_prev, no row of the year before in the input) filled from the
    entity's online retail in the earlier run of that year (hostile review 4, D1: the same enterprises commend the
    same counties whether the year before is in the input or in the run beside OUT_DIR), and the note saying so."""
    run = earlier.select(
        "code",
        year=pl.col("year") + 1,
        _run_m=_to_micro(pl.col("online_retail")),
        _run_source=pl.col("_source"),
        _run_year=pl.col("year"),
    )
    f = f.join(run, on=["code", "year"], how="left")
    filled = f.filter(pl.col("prev_m").is_null() & pl.col("_run_m").is_not_null())
    f = f.with_columns(prev_m=pl.coalesce(pl.col("prev_m"), pl.col("_run_m")))
    notes = []
    for (source, then), rows in sorted(filled.group_by("_run_source", "_run_year"), key=lambda g: g[0]):
        n = rows["code"].n_unique()
        notes.append(
            Said(
                f"an empty online_retail_prev of {n} enterprise(s) is their {then} online retail in {source} "
                f"(the verified earlier run), as a {then} row of the input would give it",
                f"{n}家企业的上年实物商品网络零售额为空：取其在已核验的上年度运行 {source} 中的{then}年度网络零售额"
                f"（与输入含{then}年度行时相同）",
            )
        )
    return f, notes
