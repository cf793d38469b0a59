"""第一条 实施网络零售倍增行动 — measure 1, `jncli score-counties` (rule ids m1.online, m1.rural, m1.enterprise).

    对于当年网络零售总额和增幅进行综合评价，得分列全市前3位且增幅高于全市和全省平均增幅的县（市、区），
    市财政分别给予每个县（市、区）补贴50万元、40万元、30万元。对于当年农村网络零售总额和增幅进行综合评价，
    得分列全市前3位且增幅高于全市和全省平均增幅的县（市、区），市财政分别给予……50万元、40万元、30万元。
    对于纳统电商零售企业当年实物商品网络零售额占当年限额以上消费品零售额比重提升幅度，以及对全市纳统电商
    零售企业当年实物商品网络零售额增长贡献率综合得分列全市前3位的县（市、区），市财政分别给予……50万元、
    40万元、30万元（上述奖励政策不重复奖励）。

    Counties are scored on online retail (and rural online retail) totals and growth: the city's top 3
    whose growth beats both the city and province averages get 50/40/30 万元; a third ranking scores the
    share lift and growth contribution of 纳统 retail enterprises; no county is rewarded twice.

The executable reading is RULES.md §0 and §1; docs/score-counties.md explains it to users. Every
number (amounts, weights, score decimals, normalisation scale, category order, province growth by
year) comes from the `Policy`.

Exactness. Scores are rounded half-up to `m1_score_decimals` and ranks, ties and growth tests compare
exact values: the inputs are exact decimals, so every indicator is a rational number. Computing all of
them as `Fraction`s is too slow for a country's 2,800 counties, so they are computed as floats (in plain
Python, per county: for a city's 14 units polars' fixed cost per call was most of the work, issue 18)
together with a rigorous bound on each float's error; only the rows whose rounded score,
order or growth test the bound cannot decide (a score within ~1e-12 of a rounding half-point, equal
rounded scores, a growth rate within ~1e-15 of an average) are recomputed exactly with `Fraction`s.
`_EXACT_ONLY = True` recomputes every row exactly; the tests check both paths agree.

The sections, one module each: `prepare` (the input: this year's and last year's values per county),
`scoring` (indicators, scores, ranks, growth tests), `awards` (positions 1-3, 不重复奖励, --reassign,
ties at a boundary), `basis` (the sentence on every row), `measure` (score_counties: the sections in
order), `final` (--final: one award per county); `common` holds what they share.
"""

from __future__ import annotations

from fractions import Fraction  # noqa: F401  (tests compute with counties.Fraction)

from jncli.rules.counties.common import (
    CATEGORIES,
    FINAL_COLUMNS,
    MEASURE,
    METRICS,
    OUTPUT_COLUMNS,
    Category,
    round_half_up,
)
from jncli.rules.counties.final import final_awards
from jncli.rules.counties.measure import score_counties
from jncli.rules.counties.prepare import _prepare as _prepare  # tests call the sections directly
from jncli.rules.counties.scoring import _score_category as _score_category

_EXACT_ONLY = False  # tests: recompute every row exactly (read by scoring at each run)

__all__ = [
    "CATEGORIES",
    "FINAL_COLUMNS",
    "MEASURE",
    "METRICS",
    "OUTPUT_COLUMNS",
    "Category",
    "final_awards",
    "round_half_up",
    "score_counties",
]
