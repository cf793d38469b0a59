"""`score-counties --sensitivity`: how measure 1's awards move with the composite weights and the readings.

The weights are this project's reading, not the text's. With w for the scale-like indicator and 1 − w
for the growth-like one, every county's score is linear in w: s(w) = N(growth) + w·(N(scale) − N(growth)),
the normalised indicators N exact rationals that do not depend on w. The ranking the rule makes —
scores rounded half-up to 10^-D, then growth, scale and name — can change only where two counties'
rounded scores cross: near the crossing w* of their lines, at the exact points where one of the two
scores passes a rounding half-step (k + ½)·10^-D. Those points are computed exactly (`_switches`), over
the counties that can reach a paid place for some w in the range (the others never matter: `_relevant`).

Between two such points every ranking is constant, so the rule is asked once per piece (`Decider`:
the ranking at a weight inside the piece, then the rule's own dealing under each reading), and once
at each point that is itself a weight one can write (a decimal of at most 15 digits, as --weights and the
policy file hold them). The four readings (literal / filter-first × with / without --reassign) are the
rule's dealing over the same rankings. A piece's ranking is `Decider.reweigh`: the rule's scores and order
at that weight computed in plain Python from the exact indicators the rule found (tests/test_sensitivity.py
proves it equal to the rule's own scoring at every piece of random inputs), since ~90 polars scorings of a
city's 14 counties cost more than the rest of the run's measure 1.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from fractions import Fraction

import polars as pl

from jncli.errors import DataError
from jncli.rules.counties.common import frac
from jncli.rules.counties.decide import Decider, Decision

READINGS = (("literal", False), ("literal", True), ("filter-first", False), ("filter-first", True))
READING_COLUMNS = ("literal", "literal_reassign", "filter_first", "filter_first_reassign")
MAX_SWITCHES = 20_000  # per pair of counties: more means their scores run within 10^-D of each other
MAX_DIGITS = 15  # a weight is a decimal of at most this many digits (it goes through a float exactly)
TOTAL = "(total)"
FINAL = "final"  # the rows of a county's one measure-1 award, after its three rankings


@dataclass(eq=False, repr=False)
class Piece:
    """A stretch of weights with one outcome: the point [lo, lo] or the open interval (lo, hi)."""

    lo: Fraction
    hi: Fraction
    at: Decimal  # the weight the rule was asked at
    decisions: dict[tuple[str, bool], Decision] = field(default_factory=dict)  # per reading

    @property
    def point(self) -> bool:
        return self.lo == self.hi


@dataclass(eq=False, repr=False)
class Sensitivity:
    """Measure 1's decisions over the policy's weight range and under the four readings."""

    low: Fraction
    high: Fraction
    pieces: list[Piece]
    run: dict[tuple[str, bool], Decision]  # the four readings at the run's own weights
    reading: tuple[str, bool]  # the run's reading
    categories: list[str]


def same_as_rule(decider: Decider, table: pl.DataFrame, option: str) -> None:
    """The decision seam must pay what score_counties paid: the same rule, so a difference is a bug (and
    no margin may be given on it)."""
    paid = {c: a for c, a in table.group_by("county").agg(pl.col("award").sum()).iter_rows() if a}
    decided = {c: a for c, a in decider.decide().awards.items() if a}
    if paid != decided:
        raise AssertionError(f"{option}: the measure-1 decision seam disagrees with score-counties; please report")


def sensitivity(decider: Decider) -> Sensitivity:
    """Every piece of the policy's weight range with the rule's decisions under the four readings."""
    policy = decider.policy
    low, high = (frac(x) for x in policy.m1_weight_range)
    depth = len(policy.m1_awards) * len(decider.categories)
    lines, own = {}, {}
    for cat in decider.categories:
        n = decider.normalised(cat.key)
        lines[cat.key] = {c: (n2, n1 - n2) for c, (n1, n2) in n.items()}  # s(w) = A + w·B
        own[cat.key] = sorted({low, high} | _category_switches(decider, cat.key, lines[cat.key], low, high, depth))
    ordered = sorted({p for points in own.values() for p in points})
    pieces: list[Piece] = []
    for i, p in enumerate(ordered):
        if _decimal(p) is not None:
            pieces.append(Piece(p, p, _decimal(p)))
        if i + 1 < len(ordered):
            inside = _inside(p, ordered[i + 1])
            if inside is not None:
                pieces.append(Piece(p, ordered[i + 1], inside))
    cache: dict[tuple[str, int, int, int, int], object] = {}
    dealt: dict[tuple, Decision] = {}
    for piece in pieces:
        scored = {}
        for cat in decider.categories:
            key = _stretch_key(cat.key, *_own_piece(piece, own[cat.key]))
            if key not in cache:  # a ranking is scored once per stretch of weights where it cannot change
                w = piece.at
                cache[key] = decider.reweigh(cat.key, (float(str(w)), float(str(1 - w))))
                _check(decider, cat.key, cache[key], lines[cat.key], Fraction(w), depth)
            scored[cat.key] = cache[key]
        piece.decisions = _dealt(decider, {**decider.scored, **scored}, dealt)
    run = _dealt(decider, decider.scored, dealt)
    return Sensitivity(
        low, high, pieces, run, (decider.eligibility, decider.reassign), [c.key for c in decider.categories]
    )


def _dealt(decider: Decider, scored: dict, dealt: dict[tuple, Decision]) -> dict[tuple[str, bool], Decision]:
    """The rule's dealing of the rankings `scored` under the four readings, each dealt once per shape: the dealing
    (`awards._award`) reads of a ranking only its order and its growth tests (`passes`) over that order — its
    scores `k` only for the tie warnings, which `Decider.decide` drops — so rankings of the same shape get the same
    decision (as `margins_counties` keeps them); half of the samples' ~290 dealings are repeats.
    tests/test_sensitivity.py compares the decisions with those dealt one by one on random inputs."""
    shape = tuple(
        (tuple(sc.order), tuple(map(sc.passes.__getitem__, sc.order)))
        for sc in (scored[cat.key] for cat in decider.categories)
    )
    out = {}
    for e, r in READINGS:
        key = (shape, e, r)
        if key not in dealt:
            dealt[key] = decider.decide(scored, eligibility=e, reassign=r)
        out[(e, r)] = dealt[key]
    return out


def _stretch_key(key: str, lo: Fraction, hi: Fraction) -> tuple[str, int, int, int, int]:
    """A ranking's stretch of weights as a dict key: its ends as (numerator, denominator) — equal exactly
    when the Fractions are (both are kept in lowest terms, the denominator positive) — since a Fraction's
    own hash costs ~3 µs (a modular inverse) and the sensitivity asks ~1,200 times."""
    return key, lo.numerator, lo.denominator, hi.numerator, hi.denominator


def _own_piece(piece: Piece, points: list[Fraction]) -> tuple[Fraction, Fraction]:
    """The stretch of one ranking's own switch points (with the range's ends) that holds `piece`: the
    point itself when it is one of them, else the open interval around it."""
    if piece.point and piece.lo in points:
        return piece.lo, piece.lo
    i = bisect.bisect_right(points, piece.lo)
    return points[i - 1], points[i]


# ------------------------------------------------------------------------------------------ switch points
def _category_switches(
    decider: Decider, key: str, lines: dict[str, tuple[Fraction, Fraction]], low: Fraction, high: Fraction, depth: int
) -> set[Fraction]:
    """The weights in (low, high) where the order of two counties that can reach a paid place changes."""
    sc = decider.scored[key]
    relevant = _relevant(lines, sc.passes, low, high, depth, decider.policy.m1_score_decimals)
    ind = decider.indicators(key)
    tie = {c: (-ind[c][1], -ind[c][0], c) for c in relevant}  # equal rounded scores: growth, scale, name
    members = sorted(relevant, key=tie.__getitem__)
    out: set[Fraction] = set()
    q = Fraction(1, 10**decider.policy.m1_score_decimals)
    for a, i in enumerate(members):
        for j in members[a + 1 :]:  # i wins a tie with j
            out |= _switches(lines[i], lines[j], low, high, q, (i, j))
    return out


def _relevant(
    lines: dict[str, tuple[Fraction, Fraction]],
    passes: dict[str, bool],
    low: Fraction,
    high: Fraction,
    depth: int,
    D: int,
) -> set[str]:
    """The counties that are among the first `depth` of the ranking for some w (of all counties, or of
    those passing the growth test): the others are outscored by `depth` counties at every w (by at least
    10^-D, so also after rounding) and can never be dealt a paid place, even with --reassign."""
    q = Fraction(1, 10**D)
    ends = {c: (A + low * B, A + high * B) for c, (A, B) in lines.items()}
    keep: set[str] = set()
    for group in (list(lines), [c for c in lines if passes.get(c, True)]):
        if len(group) <= depth:
            keep |= set(group)
            continue
        floor = sorted((min(ends[c]) for c in group), reverse=True)[depth - 1]
        keep |= {c for c in group if max(ends[c]) > floor - q}
    return keep


def _switches(
    li: tuple[Fraction, Fraction], lj: tuple[Fraction, Fraction], low: Fraction, high: Fraction, q: Fraction, names
) -> set[Fraction]:
    """Where "i before j" (i wins ties) changes in (low, high): i is before j unless j's rounded score is
    higher, which can happen only while 0 < s_j − s_i < q; there, at the half-steps either score passes."""
    (Ai, Bi), (Aj, Bj) = li, lj
    dA, dB = Aj - Ai, Bj - Bi  # s_j − s_i = dA + w·dB
    if dB == 0:
        window = (low, high) if 0 < dA < q else None
    else:
        r0, r1 = sorted((-dA / dB, (q - dA) / dB))
        window = (max(low, r0), min(high, r1)) if max(low, r0) < min(high, r1) else None
    if window is None:
        return set()
    cands = {w for w in window if low < w < high}
    for A, B in ((Ai, Bi), (Aj, Bj)):
        if B == 0:
            continue
        s0, s1 = sorted((A + window[0] * B, A + window[1] * B))
        first, last = math.ceil(s0 / q + Fraction(1, 2)), math.floor(s1 / q + Fraction(1, 2))
        if last - first > MAX_SWITCHES:
            raise DataError(
                f"score-counties --sensitivity: the scores of {names[0]} and {names[1]} stay within "
                f"{q} of each other over a wide range of weights, so their order changes more than "
                f"{MAX_SWITCHES} times; this cannot be listed (the two are tied in all but rounding)"
            )
        for m in range(first, last + 1):
            w = ((m - Fraction(1, 2)) * q - A) / B
            if window[0] < w < window[1]:
                cands.add(w)
    ordered = sorted(cands)
    bounds = [low, *ordered, high]
    before = [_i_first(li, lj, (x + y) / 2, q) for x, y in zip(bounds, bounds[1:])]
    return {w for w, left, right in zip(ordered, before, before[1:]) if left != right}


def _i_first(li, lj, w: Fraction, q: Fraction) -> bool:
    """At w, is i ranked before j (i wins equal rounded scores)? Rounded half-up to q, as the rule does."""
    if q.numerator == 1:  # q = 10^-D, as always: in integers (`_rounded`)
        return _rounded_at(li, w, q.denominator) >= _rounded_at(lj, w, q.denominator)
    ri = math.floor((li[0] + w * li[1]) / q + Fraction(1, 2))
    rj = math.floor((lj[0] + w * lj[1]) / q + Fraction(1, 2))
    return ri >= rj


def _check(decider: Decider, key: str, scored, lines, w: Fraction, depth: int) -> None:
    """The rule's ranking at w must agree with the exact lines on the places that can be paid: they are
    the same numbers, so a difference is a bug here, never a result."""
    scale = 10**decider.policy.m1_score_decimals
    top = scored.order[:depth]
    expected = {c: _rounded_at(lines[c], w, scale) for c in top if c in lines}
    got = scored.k
    if any(expected.get(c) != got.get(c) for c in top):
        raise AssertionError(f"--sensitivity: the exact scores of {key} at w = {w} disagree with the rule's")


def _rounded(s: Fraction, scale: int) -> int:
    """floor(s·scale + 1/2): the score s in units of 1/scale, rounded half-up as the rule rounds (in integers:
    floor((2·n·scale + d) / 2d) for s = n/d, without building three more fractions)."""
    n, d = s.numerator, s.denominator
    return (2 * n * scale + d) // (2 * d)


def _rounded_at(line: tuple[Fraction, Fraction], w: Fraction, scale: int) -> int:
    """`_rounded(A + w·B, scale)` for the line (A, B) at w, in integers: A + w·B = n / d with n = a·b'·w' + w·b·a'
    and d = a'·b'·w' > 0 (A = a/a', B = b/b', w = w/w'), not reduced — floor((2·n·scale + d) / 2d) is
    floor(n/d · scale + 1/2), the same for any n/d of the same value — without the two Fractions (each a gcd)
    that A + w·B builds (the sensitivity asks ~900 times)."""
    (A, B) = line
    ad, bd, wd = A.denominator, B.denominator, w.denominator
    d = ad * bd * wd
    return (2 * (A.numerator * bd * wd + w.numerator * B.numerator * ad) * scale + d) // (2 * d)


# ------------------------------------------------------------------------------------------ decimals
def _decimal(x: Fraction) -> Decimal | None:
    """x as a decimal of at most MAX_DIGITS places, None when it is none (a weight nobody can write).

    x·10^k is whole exactly when x's denominator is 2^a·5^b with k ≥ max(a, b): the fewest places are
    max(a, b), found by dividing the denominator, not by trying k = 0, 1, … with fractions."""
    rest, twos, fives = x.denominator, 0, 0
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    k = max(twos, fives)
    if rest != 1 or k > MAX_DIGITS:
        return None
    return Decimal(x.numerator * 10**k // x.denominator).scaleb(-k)


def _inside(lo: Fraction, hi: Fraction) -> Decimal | None:
    """The shortest decimal strictly between lo and hi (at most MAX_DIGITS places), or None."""
    for k in range(MAX_DIGITS + 1):
        m = math.floor(lo * 10**k) + 1
        if Fraction(m, 10**k) < hi:
            mid = (lo + hi) / 2 * 10**k  # the nearest such decimal to the middle of the interval
            m = min(max(round(mid), m), math.ceil(hi * 10**k) - 1)
            return Decimal(m).scaleb(-k)
    return None


# ------------------------------------------------------------------------------------------ the table
def row_award(d: Decision, key: str, county: str) -> Decimal:
    return d.awards.get(county, Decimal(0)) if d.kept.get(county) == key else Decimal(0)


def table(s: Sensitivity, base: pl.DataFrame, lang: str = "zh") -> pl.DataFrame:
    """One row per county and ranking of score-counties' output `base`: its award, the awards by weight,
    under each reading, and whether it is robust; then one (total) row."""
    rows = []
    distinct = _distinct(s)
    for r in base.iter_rows(named=True):
        key, county = r["category"], r["county"]
        rows.append(_row(s, r, lambda d, k=key, c=county: row_award(d, k, c), distinct))
    year = base["year"][0] if base.height else None
    for county, paid in _paid_per_county(base):  # its one award (不重复奖励)
        final = {"county": county, "category": FINAL, "year": year, "rule": None, "status": None, "award": paid}
        rows.append(_row(s, final, lambda d, c=county: d.awards.get(c, Decimal(0)), distinct))
    total = {"county": TOTAL, "category": None, "year": year, "rule": None, "status": None}
    total["award"] = base["award"].sum() if base.height else Decimal(0)
    rows.append(_row(s, total, lambda d: sum(d.awards.values(), Decimal(0)), distinct))
    schema = {
        "county": pl.String,
        "category": pl.String,
        "year": pl.Int64,
        "rule": pl.String,
        "status": pl.String,
        "award": pl.String,
        "by_weight": pl.String,
        **dict.fromkeys(READING_COLUMNS, pl.String),
        "award_min": pl.String,
        "award_max": pl.String,
        "robust": pl.Boolean,
    }
    money = ["award", *READING_COLUMNS, "award_min", "award_max"]
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    return frame.with_columns([pl.col(c).cast(pl.Decimal(38, 2)) for c in money])


def _paid_per_county(base: pl.DataFrame) -> list[tuple]:
    """(county, the sum of its rows' awards), counties in the order they first appear: one group-by, not a
    filter and a sum per county (tests/test_sensitivity.py: the same sums and types, null awards included)."""
    if base["county"].null_count():  # no county: `== None` matches no row, so its sum is 0 (not a rule's output)
        counties = base["county"].unique(maintain_order=True).to_list()
        return [(c, base.filter(pl.col("county") == c)["award"].sum()) for c in counties]
    sums = base.group_by("county", maintain_order=True).agg(pl.col("award").sum())
    return list(zip(sums["county"].to_list(), sums["award"].to_list()))


def _distinct(s: Sensitivity) -> list[Decision]:
    """The decisions of every piece under every reading, in that order, each dealing only once: most pieces
    deal the same awards (an award of a row depends only on `awards` and `kept`; amounts compared as written)."""
    seen: set = set()
    out = []
    for p in s.pieces:
        for x in READINGS:
            d = p.decisions[x]
            key = (frozenset((c, str(a)) for c, a in d.awards.items()), frozenset(d.kept.items()))
            if key not in seen:
                seen.add(key)
                out.append(d)
    return out


def _row(s: Sensitivity, r: dict, award, distinct: list[Decision] | None = None) -> list:
    run_reading = s.reading
    by_piece = [(p, award(p.decisions[run_reading])) for p in s.pieces]
    readings = [award(s.run[x]) for x in READINGS]
    decisions = distinct if distinct is not None else [p.decisions[x] for p in s.pieces for x in READINGS]
    every = {award(d) for d in decisions} | set(readings)
    return [
        r["county"],
        r["category"],
        r["year"],
        r["rule"],
        r["status"],
        str(r["award"]),
        by_weight(by_piece),
        *map(str, readings),
        str(min(every)),
        str(max(every)),
        len(every) == 1,
    ]


def by_weight(by_piece: list[tuple[Piece, Decimal]]) -> str:
    """The pieces merged where the amount is the same: "[0.3, 0.45): 40; [0.45, 0.7]: 0"."""
    merged: list[list] = []  # [first piece, last piece, amount]
    for p, amount in by_piece:
        if merged and merged[-1][2] == amount:
            merged[-1][1] = p
        else:
            merged.append([p, p, amount])
    ends = sorted({x for first, last, _ in merged for x in (first.lo, last.hi)})
    places = 6  # more when two ends would read the same
    while places < MAX_DIGITS and len({_show(x, places) for x in ends}) < len(ends):
        places += 1
    parts = []
    for first, last, amount in merged:
        left = "[" if first.point else "("
        right = "]" if last.point else ")"
        parts.append(f"{left}{_show(first.lo, places)}, {_show(last.hi, places)}{right}: {_money(amount)}")
    return "; ".join(parts)


def _show(x: Fraction, places: int = 6) -> str:
    """A weight as a decimal; "≈" when it has more places than shown (it is then no weight one can write)."""
    d = _decimal(x)
    if d is not None:  # a weight one can write: shown as it is
        return format(d.normalize(), "f") if d else "0"
    with localcontext() as ctx:
        ctx.prec = 50
        return "≈" + format(Decimal(x.numerator) / Decimal(x.denominator), f".{places}f")


def _money(d: Decimal) -> str:
    text = format(Decimal(d).normalize(), "f")
    return "0" if text in ("-0", "") else text
