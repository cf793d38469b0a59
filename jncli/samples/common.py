"""What the data sets of `jncli samples` share: money, years, places outside the city, credit codes, names.

Every set draws money in 万元 rounded half-up to 0.01 (`wan`, written as `MONEY`, a 2-decimal Decimal,
so the CSV shows no float noise), covers the annual years of the policy plus the year before the first
(which then has a previous year), and names entities with made-up but plausible company names
(place word + two vocabulary syllables + trade + 有限公司, unique within a set; three syllables, then a number,
once a place and trade have used every two-syllable name). Credit codes are valid
GB 32100-2015 codes built on the unit's division code (or the city's, for units without one), so the
invalid ones the sets plant are invalid for exactly one reason. `OUTSIDE` holds the only places named
here rather than taken from the policy: two cities outside Jining, for the "outside the city" cases.
Nothing here draws a random number by itself: each helper takes the calling set's `random.Random`.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from jncli import credit_code
from jncli.policy import County, Policy

MONEY = pl.Decimal(38, 2)  # sample money columns: 万元 with 2 decimals, written without float noise
CENT = Decimal("0.01")

# Places outside the city, with their administrative division codes (for credit codes).
OUTSIDE = (("菏泽市", "371700"), ("临沂市", "371300"))


def wan(x: float | Decimal) -> Decimal:
    """Money in 万元 rounded half-up to 0.01."""
    return Decimal(str(x)).quantize(CENT, rounding=ROUND_HALF_UP)


def sample_years(policy: Policy) -> tuple[int, ...]:
    """The year before the first annual year (so it has a previous year) and the annual years."""
    annual = sorted(policy.annual_years)
    return (annual[0] - 1, *annual)


def city_prefix(policy: Policy) -> str:
    """The city's division code (e.g. 3708xx → 370800), for units without a code of their own."""
    codes = [c.code for c in policy.counties if len(c.code) == 6]
    return (codes[0][:4] + "00") if codes else "370000"


def make_code(rng: random.Random, division: str, *, kind: str = "91") -> str:
    """A valid GB 32100-2015 code: registration authority + entity type, division, 9 random characters."""
    body = "".join(rng.choice(credit_code.CHARSET) for _ in range(9))
    return credit_code.make(kind + division + body)


def bad_check(code: str) -> str:
    """The same code with a wrong check character."""
    i = credit_code.CHARSET.index(code[-1])
    return code[:-1] + credit_code.CHARSET[(i + 7) % len(credit_code.CHARSET)]


_NAME_HEADS = (
    "鲁",
    "济",
    "运河",
    "泉",
    "圣",
    "儒",
    "汇",
    "鑫",
    "华",
    "恒",
    "瑞",
    "嘉",
    "润",
    "丰",
    "博",
    "联",
    "优",
    "水泊",
    "湖光",
    "麒麟",
    "尼山",
    "铭",
    "信",
    "诚",
    "盛",
    "宏",
    "安",
    "康",
)
_NAME_TAILS = ("达", "源", "通", "品", "禾", "邦", "创", "聚", "拓", "航", "晟", "谷", "佳", "美", "融", "邻")


class Names:
    """Unique synthetic company names: place word + two syllables (head, tail) + trade + 有限公司, drawn at random.

    When a place and trade have used all 448 two-syllable names (or 1000 draws found none free), the next
    names of that place and trade take three syllables (head, tail, tail) in a fixed order, then a number
    after the trade: no draw, so every size works (`samples --enterprises 200000`) and the sizes that
    worked before give the same names as before.
    """

    TWO = len(_NAME_HEADS) * len(_NAME_TAILS)

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()
        self.drawn: dict[tuple[str, str], int] = {}  # two-syllable names given per (place, trade); TWO = all
        self.more: dict[tuple[str, str], int] = {}  # the next three-syllable name per (place, trade)

    def __call__(self, place: str, trade: str) -> str:
        key = (place, trade)
        if self.drawn.get(key, 0) < self.TWO:
            for _ in range(1000):
                name = f"{place}{self.rng.choice(_NAME_HEADS)}{self.rng.choice(_NAME_TAILS)}{trade}有限公司"
                if name not in self.used:
                    self.used.add(name)
                    self.drawn[key] = self.drawn.get(key, 0) + 1
                    return name
            self.drawn[key] = self.TWO  # as good as full: the fixed order from now on
        return self._next(key)

    def _next(self, key: tuple[str, str]) -> str:
        place, trade = key
        tails = len(_NAME_TAILS)
        three = self.TWO * tails
        while True:
            k = self.more.get(key, 0)
            self.more[key] = k + 1
            i = k % three
            head, tail, tail2 = (
                _NAME_HEADS[i // (tails * tails)],
                _NAME_TAILS[i // tails % tails],
                _NAME_TAILS[i % tails],
            )
            number = "" if k < three else str(k // three + 1)
            name = f"{place}{head}{tail}{tail2}{trade}{number}有限公司"
            if name not in self.used:
                self.used.add(name)
                return name


def place_word(unit: County) -> str:
    """A place word for names: the unit's shortest alias (任城, 高新区 …) or its name."""
    return min(unit.aliases, key=len) if unit.aliases else unit.name
