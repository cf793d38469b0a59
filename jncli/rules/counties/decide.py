"""What `score_counties` decides — every county's award and place — without the rows and their sentences,
for the same input with one county's value changed, or with other weights.

    ……得分列全市前3位且增幅高于全市和全省平均增幅的县（市、区），市财政分别给予……50万元、40万元、30万元。
    ……（上述奖励政策不重复奖励）

The decision support of `jncli.analysis` (margins, sensitivity) asks the rule the same question many
times with one number changed. `Decider` prepares the input once, as `score_counties` does, and keeps
each ranking scored; a question re-scores only the rankings the changed number feeds (`_score_ranking`,
the rule's own scoring) and deals the places again (`_award`, the rule's own dealing under
不重复奖励 and --reassign). Nothing here computes a score or an award itself, but `reweigh`: a ranking under
other weights from the exact indicators the rule computed (`scoring._reweighed`, proven equal to the rule's).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

import polars as pl

from jncli.errors import UsageError
from jncli.policy import Policy
from jncli.rules.counties.awards import _award
from jncli.rules.counties.common import ELIGIBILITY, MONEY, Category, categories, check_weights, frac
from jncli.rules.counties.measure import _score_ranking, _usable_categories
from jncli.rules.counties.prepare import _prepare
from jncli.rules.counties.scoring import _reweighed, _Scored, _tie_ranks


class Decision(NamedTuple):
    """Per county its measure-1 award (不重复奖励: the one it keeps; 0 when none), and per (category, county)
    the place the dealing gave it (None when not placed)."""

    awards: dict[str, Decimal]
    positions: dict[tuple[str, str], int]
    kept: dict[str, str]  # county → category key of the award it keeps


class Decider:
    """Measure 1 prepared once (the same arguments as `score_counties`, without `lang`)."""

    def __init__(
        self,
        frame: pl.DataFrame,
        policy: Policy,
        *,
        year: int | None = None,
        province_growth: float | None = None,
        province_rural_growth: float | None = None,
        city_growth: float | None = None,
        city_rural_growth: float | None = None,
        weights: tuple[float, float] | None = None,
        eligibility: str = "literal",
        reassign: bool = False,
        allow_unknown_counties: bool = False,
        require_previous: bool = False,
        **scoring,
    ) -> None:
        """`scoring`: any further option of score_counties that its rankings' scoring takes (passed on to
        `_score_ranking` as score_counties passes it: an option it does not know is a TypeError, never
        ignored)."""
        if eligibility not in ELIGIBILITY:
            raise UsageError(f"--eligibility must be literal or filter-first, not {eligibility!r}")
        self.policy = policy
        self.weights = weights if weights is not None else (policy.m1_weight_scale, policy.m1_weight_growth)
        check_weights(self.weights)
        self.eligibility, self.reassign = eligibility, reassign
        self.scoring = scoring
        self.data = _prepare(frame, policy, year, allow_unknown_counties)
        self.year = self.data.year
        self.in_period = self.year in policy.annual_years
        self.categories: list[Category] = _usable_categories(categories(policy), self.data, frame, [], require_previous)
        self.growth = {"online": (city_growth, province_growth), "rural": (city_rural_growth, province_rural_growth)}
        self.scored: dict[str, _Scored] = self.rescore()
        self._normalised: dict[str, dict[str, tuple[Fraction, Fraction]]] = {}  # `reweigh`: per ranking, kept
        self._ties: dict[str, dict[str, int]] = {}  # `reweigh`: per ranking, its tie-break places (`_tie_ranks`)

    # ------------------------------------------------------------------------------------------ scoring
    def rescore(
        self,
        county: str | None = None,
        column: str | None = None,
        value: Decimal | None = None,
        weights: tuple[float, float] | None = None,
        only: str | None = None,
    ) -> dict[str, _Scored]:
        """Every ranking scored by the rule: with `county`'s `column` set to `value` (only the rankings that
        column feeds are scored again), or with other `weights` (all of them, or the ranking `only`)."""
        data = self.data
        if county is not None:
            units = data.units.with_columns(
                pl.when(pl.col("county") == county)
                .then(pl.lit(str(value)).cast(MONEY))
                .otherwise(pl.col(column))
                .alias(column)
            )
            data = dataclasses.replace(data, units=units)
        w = weights if weights is not None else self.weights
        out = {}
        for cat in self.categories:
            if (county is not None and column not in cat.columns and weights is None) or only not in (None, cat.key):
                out[cat.key] = self.scored[cat.key]
                continue
            out[cat.key] = _score_ranking(
                cat, data, self.policy, w, self.growth.get(cat.key, (None, None)), self.in_period, [], **self.scoring
            )
        return out

    def reweigh(self, key: str, weights: tuple[float, float]) -> _Scored:
        """Ranking `key` of the input under other `weights`, for the dealing only (`decide`): the same order,
        scores and growth tests as `rescore(weights=weights, only=key)`, computed in plain Python from the
        exact indicators (`scoring._reweighed`) instead of by polars — the sensitivity asks ~90 of them."""
        if key not in self._normalised:
            self._normalised[key] = self.normalised(key)
            self._ties[key] = _tie_ranks(self.scored[key])
        return _reweighed(self.scored[key], self.policy, weights, self._normalised[key], self._ties[key])

    def value(self, county: str, column: str) -> Decimal | None:
        """The county's current value of `column` (万元), as the rule read it."""
        row = self.data.units.filter(pl.col("county") == county)
        return row[column][0] if row.height and column in row.columns else None

    # ------------------------------------------------------------------------------------------ dealing
    def decide(
        self, scored: dict[str, _Scored] | None = None, eligibility: str | None = None, reassign: bool | None = None
    ) -> Decision:
        """The places dealt by the rule (不重复奖励, --reassign) over the rankings `scored` (default: the input's)."""
        scored = scored if scored is not None else self.scored
        if not self.in_period:
            return Decision({}, {}, {})
        outcomes, final = _award(
            [scored[c.key] for c in self.categories],
            self.policy,
            eligibility if eligibility is not None else self.eligibility,
            self.reassign if reassign is None else reassign,
            {},
        )
        positions = {(key, c): o.position for key, per in outcomes.items() for c, o in per.items() if o.position}
        return Decision(
            {c: amount for c, (_, amount) in final.items()}, positions, {c: key for c, (key, _) in final.items()}
        )

    # ------------------------------------------------------------------------------------------ exact scores
    def normalised(self, key: str, scored: _Scored | None = None) -> dict[str, tuple[Fraction, Fraction]]:
        """Per scored county of ranking `key`, its two indicators min-max normalised, exactly (N(scale),
        N(growth)): the score is w_scale·N(scale) + w_growth·N(growth) before rounding."""
        sc = scored or self.scored[key]
        if not sc.order:
            return {}
        sc.exact.load(sc.order)
        T = frac(self.policy.m1_normalise_to)
        out: dict[str, list[Fraction]] = {c: [] for c in sc.order}
        for i in (0, 1):
            values = [sc.exact[c][i] for c in sc.order]
            lo, hi = min(values), max(values)
            for c, x in zip(sc.order, values):
                out[c].append(T if lo == hi else T * (x - lo) / (hi - lo))
        return {c: (n[0], n[1]) for c, n in out.items()}

    def reasons(self, key: str) -> dict[str, str | None]:
        """Per county of ranking `key`, why the rule did not score it (None: scored)."""
        frame = self.scored[key].frame
        return dict(zip(frame["county"].to_list(), frame["_reason"].to_list()))

    def indicators(self, key: str) -> dict[str, tuple[Fraction, Fraction]]:
        """Per scored county its exact (scale-like, growth-like) indicators: the tie-breakers of the ranking."""
        sc = self.scored[key]
        if sc.order:
            sc.exact.load(sc.order)
        return {c: sc.exact[c] for c in sc.order}
