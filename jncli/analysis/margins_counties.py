"""Measure 1's margins: for every county and ranking, how much more of this ranking's current-year value
would raise the county's measure-1 award, and how much less would still keep it.

The county's award is the one it keeps under 上述奖励政策不重复奖励 (its highest placement), so the
margin of a ranking where it is superseded is the increase that would make this ranking pay more than
the award it keeps. Every answer is the rule's (`Decider`: score_counties' own scoring and dealing,
re-run with the one value changed), proven on both sides of the boundary (`search`). Where to look
first comes from a float model of the ranking (`_Model`): the county's value moves its scale and growth,
the city's average growth, and with them the min-max normalisation and the scores of all; a wrong guess
costs more questions to the rule, never a wrong margin.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from jncli.analysis import search
from jncli.rules.counties.common import CATEGORIES
from jncli.rules.counties.decide import Decider, Decision
from jncli.rules.counties.scoring import _Scored

STEP = Decimal("0.01")  # 万元: margins are whole cents of 万元 (100 元)


@dataclass(frozen=True)
class Margin:
    """A row's margins (万元; None: no such change) and what the rule gives at value + up: the county's
    award and its place in this ranking."""

    up: Decimal | None = None
    down: Decimal | None = None
    award_up: Decimal | None = None
    position_up: int | None = None
    position: int | None = None  # its place now


class _Model:
    """Ranking `key` as county `county`'s value x moves, in floats: only a guess of where the award
    changes (the rule decides; see the module docstring)."""

    def __init__(self, decider: Decider, key: str, county: str) -> None:
        self.d, self.key, self.county = decider, key, county
        self._dealt: dict[tuple, Decimal] = {}
        self.cat = CATEGORIES[key]
        reasons = decider.reasons(key)
        self.members = [c for c, r in reasons.items() if r is None or r == "city_change"]
        units = {r["county"]: r for r in decider.data.units.rows(named=True) if r["county"] in self.members}
        self.values = {
            c: {k: float(v) for k, v in r.items() if k != "county" and isinstance(v, Decimal)} for c, r in units.items()
        }
        sc = decider.scored[key]
        self.w = tuple(float(x) for x in decider.weights)
        self.T = float(decider.policy.m1_normalise_to)
        self.scale = 10**decider.policy.m1_score_decimals
        city = decider.growth.get(key, (None, None))[0]
        self.city = None if city is None else float(city)
        self.province = None if sc.province_growth is None else float(sc.province_growth)
        if key == "enterprise":
            self.change0 = float(sc.city_change) if sc.city_change is not None else 0.0
            # --city-ent-change: the official city-wide change, which the county's own value does not move
            self.fixed_change = bool(getattr(sc, "city_change_given", False))
        else:
            col = self.cat.columns[0]
            self.now = sum(v[col] for v in self.values.values())
            self.before = sum(v[f"{col}_prev"] for v in self.values.values())

    def indicators(self, x: float) -> dict[str, tuple[float, float]] | None:
        """(scale-like, growth-like) per county with the county's value x; None: nobody can be scored."""
        out = {}
        if self.key == "enterprise":
            ent, aq = self.cat.columns
            v_i = self.values[self.county][ent]
            change = self.change0 if self.fixed_change else self.change0 + x - v_i
            if change <= 0:
                return None
            for c, v in self.values.items():
                e = x if c == self.county else v[ent]
                out[c] = ((e / v[aq] - v[f"{ent}_prev"] / v[f"{aq}_prev"]) * 100, (e - v[f"{ent}_prev"]) / change * 100)
            return out
        col = self.cat.columns[0]
        for c, v in self.values.items():
            e = x if c == self.county else v[col]
            out[c] = (e, e / v[f"{col}_prev"] - 1)
        return out

    def scored(self, x: float) -> _Scored:
        ind = self.indicators(x)
        sc = _Scored(self.cat, None)
        if not ind:
            return sc
        norm: dict[str, list[float]] = {c: [] for c in ind}
        for i in (0, 1):
            vals = [v[i] for v in ind.values()]
            lo, hi = min(vals), max(vals)
            for c, v in ind.items():
                norm[c].append(self.T if hi == lo else self.T * (v[i] - lo) / (hi - lo))
        sc.k = {c: math.floor((self.w[0] * n[0] + self.w[1] * n[1]) * self.scale + 0.5) for c, n in norm.items()}
        sc.order = sorted(ind, key=lambda c: (-sc.k[c], -ind[c][1], -ind[c][0], c))
        if self.cat.growth_test:
            col = self.cat.columns[0]
            city = self.city
            if city is None:
                city = (self.now - self.values[self.county][col] + x) / self.before - 1
            sc.passes = {c: g > city and (self.province is None or g > self.province) for c, (_, g) in ind.items()}
        else:
            sc.passes = dict.fromkeys(ind, True)
        return sc

    def award(self, x: float) -> Decimal:
        sc = self.scored(x)
        # the dealing depends on the order and the growth tests only: many x share them
        shape = (tuple(sc.order), tuple(sorted(sc.passes.items())))
        if shape not in self._dealt:
            decision = self.d.decide({**self.d.scored, self.key: sc})
            self._dealt[shape] = decision.awards.get(self.county, Decimal(0))
        return self._dealt[shape]


def county_margins(decider: Decider) -> dict[tuple[str, str], Margin]:
    """(category key, county) → its margins, for every county the rule scored (or would score, once the
    city-wide enterprise change is positive)."""
    out: dict[tuple[str, str], Margin] = {}
    if not decider.in_period:
        return out
    base = decider.decide()
    for cat in decider.categories:
        for county, reason in decider.reasons(cat.key).items():
            if reason is not None and reason != "city_change":
                continue
            value = decider.value(county, cat.columns[0])
            if value is None:
                continue
            out[(cat.key, county)] = _margins(decider, base, cat.key, county, value)
    return out


def _margins(decider: Decider, base: Decision, key: str, county: str, value: Decimal) -> Margin:
    column = CATEGORIES[key].columns[0]
    model = _Model(decider, key, county)
    held = base.awards.get(county, Decimal(0))
    seen: dict[int, Decision] = {}

    def ask(n: int) -> Decision:
        if n not in seen:
            seen[n] = decider.decide(decider.rescore(county, column, value + n * STEP))
        return seen[n]

    def rises(n: int) -> bool:
        return ask(n).awards.get(county, Decimal(0)) > held

    cap = _cap(model, float(value))
    guess = _first(lambda n: model.award(float(value + n * STEP)) > held, cap)
    up = search.run(search.search_up(cap, guess), rises)
    down = None
    if base.kept.get(county) == key:
        floor = int((value / STEP).to_integral_value(rounding=ROUND_FLOOR))
        kept_at = lambda n: model.award(float(value - n * STEP)) >= held  # noqa: E731
        last = _last(kept_at, floor)
        down = search.run(search.search_down(floor, last), lambda n: ask(-n).awards.get(county, Decimal(0)) >= held)
    at = ask(up) if up is not None else None
    return Margin(
        up=None if up is None else up * STEP,
        down=None if down is None else down * STEP,
        award_up=None if at is None else at.awards.get(county, Decimal(0)),
        position_up=None if at is None else at.positions.get((key, county)),
        position=base.positions.get((key, county)),
    )


def _cap(model: _Model, value: float) -> int:
    """Steps beyond which the county leads its ranking and passes the growth test in the model (and so
    nothing changes any more); doubled for safety. The rule is asked there before "no increase" is said."""
    n = 1
    while n < 2**56:
        sc = model.scored(value + n * float(STEP))
        if sc.order and sc.order[0] == model.county and sc.passes.get(model.county):
            return 2 * n
        n *= 2
    return n


def _first(holds, cap: int) -> int | None:
    """The model's smallest n in 1..cap where `holds` (assumed monotone), or None."""
    if not holds(cap):
        return None
    lo, hi = 0, cap
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if holds(mid):
            hi = mid
        else:
            lo = mid
    return hi


def _last(holds, cap: int) -> int:
    """The model's largest n in 0..cap where `holds` (true at 0, assumed monotone)."""
    if holds(cap):
        return cap
    lo, hi = 0, cap
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if holds(mid):
            lo = mid
        else:
            hi = mid
    return lo
