"""What every section of measure 1 shares: its three rankings, the output columns, exact numbers.

对于当年网络零售总额和增幅进行综合评价……对于当年农村网络零售总额和增幅进行综合评价……对于纳统电商零售企业
当年实物商品网络零售额占当年限额以上消费品零售额比重提升幅度，以及对全市纳统电商零售企业当年实物商品网络
零售额增长贡献率综合得分列全市前3位的县（市、区）……
(Three rankings: online retail, rural online retail, and the 纳统 enterprises' share lift and
growth contribution; RULES.md §1 m1.online, m1.rural, m1.enterprise.)
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, NamedTuple

import polars as pl

from jncli.errors import PolicyError, UsageError, row_ref
from jncli.ledger import ledger_schema
from jncli.policy import Policy
from jncli.values import MONEY_DTYPE

# The ledger's `measure` of the m1.* rows: the policy file's rules."m1.*".measure is refused on load unless it is
# the 1 the rule id names (jncli.policy.check), so this and the file cannot differ (review 25, F4).
MEASURE = 1
MONEY = MONEY_DTYPE  # conformed money (万元)
MONEY_SCALE = 6
ELIGIBILITY = ("literal", "filter-first")
U = 2.0**-53  # unit roundoff of Float64


class Category(NamedTuple):
    """One of measure 1's rankings."""

    key: str  # as in policy.m1_category_order
    rule: str  # ledger rule id
    columns: tuple[str, ...]  # conformed columns it needs (each also needs a previous-year value)
    growth_test: bool  # 增幅高于全市和全省平均增幅 applies
    province_attr: str | None  # Policy attribute holding the province average growth by year
    option: str | None  # CLI option that gives the province growth


CATEGORIES: dict[str, Category] = {
    "online": Category("online", "m1.online", ("online_retail",), True, "m1_province_growth", "--province-growth"),
    "rural": Category(
        "rural", "m1.rural", ("rural_online_retail",), True, "m1_province_rural_growth", "--province-rural-growth"
    ),
    "enterprise": Category(
        "enterprise", "m1.enterprise", ("ent_online_retail", "above_quota_retail"), False, None, None
    ),
}
METRICS = ("online_retail", "rural_online_retail", "ent_online_retail", "above_quota_retail")

COLUMN_NAMES = {
    "zh": {
        "online_retail": "网络零售额",
        "rural_online_retail": "农村网络零售额",
        "ent_online_retail": "纳统电商零售企业网络零售额",
        "above_quota_retail": "限额以上消费品零售额",
    },
    "en": {c: c for c in METRICS},
}

OUTPUT_COLUMNS = (
    "county",
    "category",
    "year",
    "scale",
    "growth",
    "score",
    "rank",
    "above_city_growth",
    "above_province_growth",
    "tie_at_boundary",
    "beneficiary",
    "beneficiary_name",
    "measure",
    "rule",
    "award",
    "status",
    "basis",
)
FINAL_COLUMNS = (
    "county",
    "category",
    "year",
    "beneficiary",
    "beneficiary_name",
    "measure",
    "rule",
    "award",
    "status",
    "basis",
)
# the columns of measure 1 before the ledger's (ledger.ledger_schema): awards with the policy's decimals
_OWN_TYPES = {
    "county": pl.String,
    "category": pl.String,
    "scale": pl.Float64,
    "growth": pl.Float64,
    "score": pl.Float64,
    "rank": pl.Int64,
    "above_city_growth": pl.Boolean,
    "above_province_growth": pl.Boolean,
    "tie_at_boundary": pl.Boolean,
}


def output_types(policy: Policy) -> dict[str, pl.DataType]:
    """The dtype of every output column: measure 1's own, then the ledger's (awards in `award_decimals`)."""
    return {**_OWN_TYPES, **ledger_schema(policy.award_decimals)}


def categories(policy: Policy) -> list[Category]:
    """The rankings in the policy's order (m1.category_order: the order 就高 breaks equal amounts by)."""
    out = []
    for key in policy.m1_category_order:
        if key not in CATEGORIES:
            raise PolicyError(
                f"policy file {policy.source}: key 'm1.category_order' names {key!r}; "
                f"known categories: {', '.join(CATEGORIES)}"
            )
        out.append(CATEGORIES[key])
    return out


def rule_name(policy: Policy, rule: str, lang: str) -> str:
    """The rule's name in the policy file (「网络零售额综合评价」…), its id if the policy has none."""
    info = policy.rules.get(rule)
    if info is None:
        return rule
    return info.name if lang == "zh" else info.name_en


# ------------------------------------------------------------------------------------------- exact numbers
def frac(x: float | int | Decimal | Fraction) -> Fraction:
    # repr of a float is its shortest decimal form: 0.12 → 3/25, not its binary neighbour.
    return x if isinstance(x, Fraction) else Fraction(repr(x) if isinstance(x, float) else x)


def round_half_up(q: Fraction, decimals: int) -> Fraction:
    """Exact half-up (away from zero) rounding of a rational to `decimals` places."""
    scale = 10**decimals
    n = abs(q) * scale
    whole = n.numerator // n.denominator
    if n - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole if q >= 0 else -whole, scale)


def fmt_dec(q: Fraction | Decimal, places: int = 6) -> str:
    """A number without float noise and without trailing zeros: 62.5, 1234.56, 0."""
    d = Decimal(q.numerator) / Decimal(q.denominator) if isinstance(q, Fraction) else Decimal(q)
    text = format(d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP).normalize(), "f")
    return "0" if text in ("-0", "") else text


# ------------------------------------------------------------------------------------------- small helpers
def where(row: dict[str, Any]) -> str:
    """Where a row came from, as every message says it (`counties.csv row 7`)."""
    return row_ref(row.get("_source"), row.get("_row"))


def check_weights(w: tuple[float, float]) -> None:
    """The weights a ranking is scored with: two fractions from 0 to 1 summing to 1 (`--weights` and the policy
    file are checked so when read; this guards a caller of the rule)."""
    import math

    from jncli.policy.weights import weights_problem

    if not all(math.isfinite(x) for x in w):
        raise UsageError(f"the weights must be two finite numbers, not {w[0]},{w[1]}")
    scale, growth = Decimal(str(w[0])), Decimal(str(w[1]))
    if abs(Fraction(w[0]) + Fraction(w[1]) - 1) <= Fraction(1, 2**52):
        # Decimals that sum to exactly 1 (`--weights 0.33333333333333333,0.66666666666666667`, checked as written
        # when parsed) may each round to a float whose shortest decimal no longer does: one ulp is not the error.
        growth = 1 - scale
    problem = weights_problem(scale, growth)
    if problem:
        raise UsageError(f"the weights {w[0]},{w[1]}: {problem[0]}", hint=problem[1])
