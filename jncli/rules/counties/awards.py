"""Measure 1's awards: positions 1-3 pay 50 / 40 / 30 万元, and no county is rewarded twice.

……得分列全市前3位且增幅高于全市和全省平均增幅的县（市、区），市财政分别给予每个县（市、区）补贴50万元、
40万元、30万元。……（上述奖励政策不重复奖励）
(RULES.md §1: `--eligibility literal` deals the positions over all scored counties, a county failing
a growth test forfeits its place; `filter-first` deals them over the counties passing the tests.
不重复奖励: a county placed in several rankings keeps the highest amount (equal amounts: the policy's
category order), its other placements are `superseded`; with `--reassign` the vacated places are
dealt again until no county holds two. Equal scores across amounts are flagged `tie_at_boundary`.)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from jncli.ledger import AWARDED, INELIGIBLE, SUPERSEDED
from jncli.policy import Policy
from jncli.rules import Said
from jncli.rules.counties.common import CATEGORIES, fmt_dec
from jncli.rules.counties.scoring import _Scored


@dataclass(eq=False, repr=False)
class _Outcome:
    """One county's outcome in one ranking."""

    county: str
    status: str
    award: Decimal = Decimal(0)
    position: int | None = None
    first_position: int | None = None
    held: Decimal | None = None
    held_position: int | None = None


def _amount(policy: Policy, position: int | None) -> Decimal:
    """What a position pays (补贴50万元、40万元、30万元), in the ledger's decimals."""
    awards = policy.m1_awards
    if position is None or position > len(awards):
        return Decimal(0)
    return _amounts(awards, policy.award_decimals)[position - 1]


@functools.lru_cache(maxsize=8)
def _amounts(awards: tuple[Decimal, ...], decimals: int) -> tuple[Decimal, ...]:
    """The positions' amounts in the ledger's decimals, computed once per policy (the sensitivity deals ~300 times).
    Never pay more than the policy says: an amount with more places than the ledger keeps is cut, not rounded up."""
    return tuple(a.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN) for a in awards)


def _ranking(sc: _Scored, active: list[str], eligibility: str) -> list[str]:
    """The ranking that decides the awards: all scored counties (literal) or those passing the growth tests."""
    return active if eligibility == "literal" else [c for c in active if sc.passes[c]]


def _deal(
    sc: _Scored, active: list[str], eligibility: str, policy: Policy, positions: dict[str, int], ties: dict
) -> dict[str, Decimal]:
    """Deal positions over the active counties (only as deep as money and ties reach); county → placement amount."""
    n = len(policy.m1_awards)
    ranking = _ranking(sc, active, eligibility)
    placements: dict[str, Decimal] = {}
    for pos, c in enumerate(ranking[:n], 1):
        positions[c] = pos
        if sc.passes[c]:
            placements[c] = _amount(policy, pos)
    if ranking:
        _boundary_ties(sc, ranking, policy, ties)
    return placements


def _boundary_ties(sc: _Scored, ranking: list[str], policy: Policy, ties: dict) -> None:
    """tie_at_boundary: equal scores whose positions carry different amounts (RULES.md §0); only positions
    down to the last paid one, and those tied with it, can differ in amount."""
    n = len(policy.m1_awards)
    depth = min(n, len(ranking))
    while depth < len(ranking) and sc.k[ranking[depth]] == sc.k[ranking[depth - 1]]:
        depth += 1
    if len({sc.k[c] for c in ranking[:depth]}) == depth:
        return  # no two of them share a score: nothing to flag (the sensitivity deals ~1,300 times)
    groups: dict[int, list[int]] = {}
    for pos in range(1, depth + 1):
        groups.setdefault(sc.k[ranking[pos - 1]], []).append(pos)
    for k, members in groups.items():
        amounts = [_amount(policy, p) for p in members]
        if len(members) > 1 and len(set(amounts)) > 1:
            names = tuple(ranking[p - 1] for p in members)
            # the latest dealing's positions and amounts: with --reassign, the ranking that decides the awards
            # (review 27 F2: the first round's 30 / 0 named, 40 / 30 paid); a tie only an earlier round had is kept
            ties[(sc.cat.key, names)] = (k, tuple(members), tuple(amounts))


def _award(
    scored: list[_Scored], policy: Policy, eligibility: str, reassign: bool, ties: dict
) -> tuple[dict[str, dict[str, _Outcome]], dict[str, tuple[str, Decimal]]]:
    """Deal every category, then 就高; with reassign, deal again until each county holds ≤ 1 placement."""
    order = {k: i for i, k in enumerate(policy.m1_category_order)}
    active = {sc.cat.key: list(sc.order) for sc in scored}
    positions: dict[str, dict[str, int]] = {sc.cat.key: {} for sc in scored}
    # position in the first dealing, to tell in `basis` when a placement came by reassignment
    first = {sc.cat.key: {c: i for i, c in enumerate(_ranking(sc, sc.order, eligibility), 1)} for sc in scored}
    superseded: dict[str, dict[str, _Outcome]] = {sc.cat.key: {} for sc in scored}
    while True:
        holdings: dict[str, list[tuple[str, Decimal]]] = {}
        for sc in scored:
            positions[sc.cat.key] = {}
            placed = _deal(sc, active[sc.cat.key], eligibility, policy, positions[sc.cat.key], ties)
            for c, amount in placed.items():
                holdings.setdefault(c, []).append((sc.cat.key, amount))
        multiple = {c: h for c, h in holdings.items() if len(h) > 1}
        for c, held in multiple.items():
            keep = max(held, key=lambda h: (h[1], -order[h[0]]))
            for key, amount in held:
                if key != keep[0]:
                    superseded[key][c] = _Outcome(
                        c,
                        SUPERSEDED,
                        held=amount,
                        held_position=positions[key][c],
                        position=positions[key][c],
                        first_position=first[key].get(c),
                    )
                    if reassign:
                        active[key].remove(c)
        if not multiple or not reassign:
            break
    final: dict[str, tuple[str, Decimal]] = {}
    for c, held in holdings.items():
        for key, amount in held:
            if c not in superseded[key]:
                final[c] = (key, amount)
    return _outcomes(scored, positions, first, superseded, final), final


def _outcomes(
    scored: list[_Scored],
    positions: dict[str, dict[str, int]],
    first: dict[str, dict[str, int]],
    superseded: dict[str, dict[str, _Outcome]],
    final: dict[str, tuple[str, Decimal]],
) -> dict[str, dict[str, _Outcome]]:
    """Per category, the counties the dealing touched: awarded, superseded (就高), or placed but ineligible."""
    outcomes: dict[str, dict[str, _Outcome]] = {}
    for sc in scored:
        key = sc.cat.key
        out = dict(superseded[key])
        for c, pos in positions[key].items():
            if c in out:
                continue
            if final.get(c, (None,))[0] == key:
                out[c] = _Outcome(c, AWARDED, final[c][1], pos, first[key].get(c))
            elif not sc.passes[c]:
                out[c] = _Outcome(c, INELIGIBLE, position=pos, first_position=first[key].get(c))
        outcomes[key] = out
    return outcomes


def _tie_warnings(ties: dict, policy: Policy, year: int) -> list[str]:
    """One warning per tie at an award boundary: the tie-break decided money, a person must look."""
    warnings: list[str] = []
    for (key, members), (k, positions, amounts) in ties.items():
        score = fmt_dec(Fraction(k, 10**policy.m1_score_decimals))
        money = " / ".join(fmt_dec(a, 2) for a in amounts)
        warnings.append(
            Said(
                f"{CATEGORIES[key].rule} {year}: {', '.join(members)} have the same score {score} at positions "
                f"{', '.join(map(str, positions))} ({money} 万元): the tie-break (growth, then scale, then name) "
                f"decided the money; a person must look",
                f"{CATEGORIES[key].rule} {year}年：{'、'.join(members)}综合得分同为{score}，位于第"
                f"{'、'.join(map(str, positions))}位（{money}万元），由增幅、规模、名称依次决定名次与金额，请人工复核",
            )
        )
    return warnings
