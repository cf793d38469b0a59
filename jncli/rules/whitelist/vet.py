"""`vet_whitelist`: measure 7 from the candidates and records to one row per candidate (and per entity gone).

第七条：在全市筛选一批电商产业园区、MCN机构、人才培养机构、供应链企业以及代运营、内容制作等专业服务企业，
建立全市电商生态链企业“白名单”……对于具有一定实力和知名度、无违法违规和不良信用记录的电商园区、机构、企业，
推荐列入省电商生态链企业“白名单”库。电商生态链企业“白名单”实施动态管理。
(RULES.md §7: the options checked, the candidates screened against their records (screen), each
decided and explained (decide), compared with the previous list (previous), filtered by `--only`.)
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from jncli.errors import DataError, UsageError
from jncli.policy import Policy
from jncli.policy.check import LOOKBACK_WHY
from jncli.rules import RuleResult, Said
from jncli.rules.whitelist.common import (
    ADDED,
    EXCLUDE,
    INCLUDE,
    KEPT,
    NEW_CANDIDATE_REJECTED,
    ONLY,
    PUBLISHED_CHANGES,
    REMOVED,
    RULE_ID,
    window_start,
)
from jncli.rules.whitelist.decide import _basis, _decide, _output_rows, _removed_rows
from jncli.rules.whitelist.previous import _previous_list
from jncli.rules.whitelist.screen import _screened
from jncli.values import money_constant

SORT_KEY = ["beneficiary", "beneficiary_name", "category", "county", "revenue", "employees", "years_operating", "basis"]


def vet_whitelist(
    candidates: pl.DataFrame,
    records: pl.DataFrame,
    policy: Policy,
    *,
    previous: pl.DataFrame | None = None,
    as_of: dt.date,
    lookback_years: int | None = None,
    only: str | None = None,
    lang: str = "zh",
    invalid_codes: str = "warn",
) -> RuleResult:
    """Vet whitelist candidates (conformed "candidates" frame) against the policy minimums and the
    conformed "records" frame; compare with `previous` (this command's earlier output, conformed as a
    "ledger") when given. Returns one row per candidate, plus one per entity that left the list.
    `invalid_codes`: what a record whose credit code is no valid code is: "warn" or "error" (`annual`)."""
    start = _check_options(policy, as_of, lookback_years, only, previous, lang)
    info = policy.rules[RULE_ID]
    warnings: list[str] = []
    cand, codes = _screened(candidates, records, policy, start, as_of, lang, warnings, invalid_codes)
    cat_name = pl.col("_cat_zh") if lang == "zh" else pl.col("category")
    cand = _decide(cand, policy, start, as_of, cat_name, lang)
    included = pl.col("_reasons").is_null()

    # Dynamic management (动态管理): compare with the previous published list.
    prev = _previous_list(previous, warnings) if previous is not None else None
    if prev is not None:
        on_prev = pl.col("_code").is_in(prev["_code"].implode()).fill_null(False)
        cand = cand.with_columns(
            change=pl.when(included & on_prev)
            .then(pl.lit(KEPT))
            .when(included)
            .then(pl.lit(ADDED))
            .when(on_prev)
            .then(pl.lit(REMOVED))
            .otherwise(pl.lit(NEW_CANDIDATE_REJECTED))
        )
    else:
        cand = cand.with_columns(change=pl.lit(None, dtype=pl.String))

    cand = cand.with_columns(basis=_basis(policy, info.measure, lang, start, as_of, cat_name))
    ledger = dict(
        measure=pl.lit(info.measure, dtype=pl.Int64),
        rule=pl.lit(RULE_ID),
        year=pl.lit(as_of.year, dtype=pl.Int64),
        award=money_constant("0"),
    )
    out = _output_rows(cand, ledger).with_columns(_gone=pl.lit(False))
    if prev is not None:
        gone = prev.join(codes, on="_code", how="anti", maintain_order="left")
        if gone.height:
            removed = _removed_rows(gone, ledger, policy, info.measure, lang).with_columns(_gone=pl.lit(True))
            out = pl.concat([out, removed], how="vertical")
    # The candidates by credit code (unique per candidate; then the other columns, for invalid or missing
    # codes), then the entities no longer candidates: the list, the ledger and the report do not depend
    # on the order of the input rows.
    # (With every (_gone, beneficiary) pair unique, as it is when each candidate has a code, the other keys
    # decide nothing: not sorted on, the long basis sentences above all: 50,000 candidates 17 → 11 ms.)
    keys = ["_gone", *SORT_KEY]
    if not out.select(pl.struct(keys[:2]).is_duplicated().any()).item():
        keys = keys[:2]
    out = out.sort(keys, nulls_last=True, maintain_order=True).drop("_gone")

    n_in = out.filter(pl.col("decision") == INCLUDE).height
    n_rec = out["recommend_province"].sum()
    notes = [
        Said(
            f"{n_in} included, {out.height - n_in} excluded, {n_rec} recommended to the provincial whitelist "
            f"(records window {start}..{as_of})",
            f"列入{n_in}家，不列入{out.height - n_in}家，推荐省库{n_rec}家（记录核查期 {start}..{as_of}）",
        )
    ]
    if only == "include":
        out = out.filter(pl.col("decision") == INCLUDE)
    elif only == "exclude":
        out = out.filter(pl.col("decision") == EXCLUDE)
    elif only == "changes":
        out = out.filter(pl.col("change").is_in(PUBLISHED_CHANGES))
    return RuleResult(out, warnings, notes)


def _check_options(
    policy: Policy,
    as_of: dt.date,
    lookback_years: int | None,
    only: str | None,
    previous: pl.DataFrame | None,
    lang: str,
) -> dt.date:
    """The options checked; returns the first day of the records window (as_of − N years)."""
    if only is not None and only not in ONLY:
        raise UsageError(f"--only must be include, exclude or changes, not {only!r}")
    if only == "changes" and previous is None:
        raise UsageError("--only changes needs --previous (the list to compare with)")
    years = policy.m7_lookback_years if lookback_years is None else lookback_years
    if years < 1:  # the policy file's m7.lookback_years is refused below 1 on load, with the same reason
        raise UsageError(f"--lookback-years must be 1 or more, not {years}: {LOOKBACK_WHY}")
    if RULE_ID not in policy.rules:
        raise DataError(f"policy file {policy.source}: rule {RULE_ID} is not under [rules]")
    try:
        return window_start(as_of, years)
    except ValueError:
        raise UsageError(f"--lookback-years {years} reaches before year 1") from None
