"""Measure 8 — 加强实用型人才引进培育 (rule id `m8.hires`).

第八条（节选）：……对我市电商、跨境电商企业吸纳经省电商生态链企业“白名单”培训机构培训或经院校“专业+实训”电商
培训的人员就业，并连续缴纳6个月以上社会保险的，鼓励有条件的县（市、区）给予企业适当支持奖励。
Article 8 (excerpt): counties able to do so are encouraged to reward Jining e-commerce and cross-border
e-commerce enterprises that hire people trained by an institution on the e-commerce ecosystem whitelist
or by a college's "major + practical training" course, once the enterprise has paid their social
insurance for 6 or more consecutive months.

The executable reading (RULES.md §8):

- A hire qualifies when the employer's credit code is valid and its county is in Jining; the training
  is the college word (policy `m8.college_words`: 院校) or the credit code of a whitelisted training
  institution (`--trainers`: `jncli whitelist` output or a plain list); trained_on ≤ hired_on; and the
  employer paid the person's insurance in at least N consecutive calendar months (N = policy
  `m8.consecutive_months` = 6: "以上" includes 6) starting no earlier than the month of hired_on,
  counting months up to the as-of date (default: 31 December of the year).
- It counts in the year of its N-th month (of the first run of N), so a hire counts once, ever.
- Per employer and year: `qualifying_hires`, a ledger row with status `qualified` and award 0 (the
  amount is the county's: 鼓励有条件的县（市、区）给予……奖励), or with the counties' rates `awarded`,
  count × rate; `ineligible` with no qualifying hire; `out_of_period` in a year that is not an annual
  year of the policy.
- Person ids never leave this package in full: outputs and messages show them masked (policy
  `m8.mask_*`: the first 4 and last 4 characters kept).

The first sentences of article 8 (产教融合, 订单式人才培养, the training subsidies paid by the human
resources department under 鲁人社字〔2022〕72号, 评选高潜质人才) name no amount jncli could compute.

The sections: `common` (columns, texts, person ids, months), `trainers` (the list of whitelisted
training institutions), `qualify` (each hire: checks, insurance runs, every failing reason), `award`
(trained_hires: the year, the county rates, one row per employer or per hire).
"""

from __future__ import annotations

from jncli.rules.hires.award import trained_hires
from jncli.rules.hires.common import DETAIL_COLUMNS, OUTPUT_COLUMNS, RULE_ID, mask_expr, masked_person_ids
from jncli.rules.hires.trainers import THIS_RUNS_WHITELIST, TRAINER_SHAPES, trainer_list

__all__ = [
    "DETAIL_COLUMNS",
    "OUTPUT_COLUMNS",
    "RULE_ID",
    "TRAINER_SHAPES",
    "mask_expr",
    "masked_person_ids",
    "trained_hires",
    "trainer_list",
    "THIS_RUNS_WHITELIST",
]
