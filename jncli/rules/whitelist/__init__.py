"""Measure 7 — 建立生态链企业“白名单” (rule id `m7.whitelist`).

第七条：在全市筛选一批电商产业园区、MCN机构、人才培养机构、供应链企业以及代运营、内容制作等专业服务企业，
建立全市电商生态链企业“白名单”……对于具有一定实力和知名度、无违法违规和不良信用记录的电商园区、机构、企业，
推荐列入省电商生态链企业“白名单”库。电商生态链企业“白名单”实施动态管理。
Article 7: screen parks, MCN agencies, training institutions, supply-chain and service enterprises into a
city whitelist; those with some strength and no violation or bad-credit record go to the provincial list;
the list is managed dynamically.

The executable reading (RULES.md §7):

- 具有一定实力和知名度 = revenue (万元), employees and years in operation each ≥ the minimum of the
  candidate's category (policy `m7.categories.*`; equal passes).
- 无违法违规和不良信用记录 = no record with `recorded_on` in `[as_of − N years, as_of]` (both ends
  included; N = policy `m7.lookback_years` or `--lookback-years`; Feb 29 − N years = Feb 28) unless it
  was repaired (`repaired_on`) on or before `as_of`. Records dated after `as_of` do not count.
- A candidate outside Jining, or with an invalid credit code, is excluded; a duplicate code is a data error.
- `recommend_province`: included and no record at all for that code, ever.
- 动态管理 = `change` against the previous published list: added, kept, removed, new_candidate_rejected;
  an entity on the previous list that is no longer a candidate gets an `exclude` / `removed` row.

Every failing reason is reported, not only the first. Records can run to millions of rows: everything
on them is vectorised polars (normalise the code, one hash lookup to the candidate, window filter,
group_by); plain Python only touches the few distinct categories, counties and invalid codes.

The sections, one module each: `screen` (the candidates prepared and their records matched in the
window), `decide` (every reason, the decision, the sentence of `basis`), `previous` (the last published
list: 动态管理), `vet` (vet_whitelist: the options and the sections in order); `common` holds what they
share.
"""

from __future__ import annotations

from jncli.rules.whitelist.common import (
    ADDED,
    CHANGES,
    EXCLUDE,
    INCLUDE,
    KEPT,
    NEW_CANDIDATE_REJECTED,
    ONLY,
    OUTPUT_COLUMNS,
    PUBLISHED_CHANGES,
    REMOVED,
    RULE_ID,
    window_start,
)
from jncli.rules.whitelist.previous import PREVIOUS_SHAPES, previous_list
from jncli.rules.whitelist.screen import SELF_NORMALISED
from jncli.rules.whitelist.vet import vet_whitelist

__all__ = [
    "ADDED",
    "CHANGES",
    "EXCLUDE",
    "INCLUDE",
    "KEPT",
    "NEW_CANDIDATE_REJECTED",
    "ONLY",
    "OUTPUT_COLUMNS",
    "PREVIOUS_SHAPES",
    "PUBLISHED_CHANGES",
    "REMOVED",
    "RULE_ID",
    "SELF_NORMALISED",
    "previous_list",
    "vet_whitelist",
    "window_start",
]
