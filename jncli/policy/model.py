"""The policy as typed values: the `Policy` the rules read, its parts, and how names compare.

Immutable records only (`typing.NamedTuple`: an assignment raises AttributeError), filled by `jncli.policy.read`
from the TOML file or by the generated `_shipped.py`; the lookups a rule needs (county by name or alias, whitelist
category, article, period) are methods of `Policy`. A changed copy is `_replace(…)`.

Records, not frozen dataclasses (branch records): Python 3.11's `dataclass` `exec`s each generated method of each
class at every start (`__init__`, `__setattr__`, `__delattr__`: ~9 ms for these 12 classes, `Policy`'s 58 fields
3 ms of it), a NamedTuple class costs ~0.1 ms. What comes with a tuple and nothing here relies on: parts compare
by value (`==`: field by field; nothing compares them), iterate, index and unpack. `Policy` holds dicts: it is not
hashable, as before.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

# Words a title may be written in short (电子商务 → 电商): a fact of the language, not of the policy; used only
# to tell which list an unlisted title belongs on (`Policy.holds_base_title`), never to pay it.
SHORT_FORMS = (("电子商务", "电商"),)


class Tier(NamedTuple):
    """One award tier: the threshold reached and its award."""

    threshold: Decimal
    award: Decimal


class TierRule(NamedTuple):
    """A year's award tiers."""

    year: int
    tiers: tuple[Tier, ...]  # ascending by threshold
    up_to: bool

    def award_for(self, value: Decimal) -> Decimal | None:
        """The highest tier reached (only that one), or None below the lowest threshold."""
        hit = [t.award for t in self.tiers if value >= t.threshold]
        return hit[-1] if hit else None


class TitleRule(NamedTuple):
    """An award for holding one of the listed titles."""

    award: Decimal
    up_to: bool
    titles: tuple[str, ...]

    def matches(self, title: str | None) -> bool:
        return bool(title) and normalize_name(title) in {normalize_name(t) for t in self.titles}


class Sourced(NamedTuple):
    """Where a figure from outside the text comes from (RULES.md "Policy as data", rev 3): the publication's
    title or address, and the day it was published. Basis sentences that use the figure cite it."""

    source: str
    published: dt.date


class CommendRule(NamedTuple):
    """A commendation: the threshold and how many are commended."""

    threshold: Decimal
    count: int


class County(NamedTuple):
    """One county (县市区) of the city, with its code and aliases."""

    name: str
    kind: str
    code: str
    aliases: tuple[str, ...]


class WhitelistCategory(NamedTuple):
    """One category of the whitelist (measure 7) with its minimums."""

    key: str
    zh: str
    aliases: tuple[str, ...]
    revenue: Decimal
    employees: int
    years_operating: Decimal


class HiresRule(NamedTuple):
    """Measure 8 (trained hires): the months of insurance, the college word(s), the whitelist category of
    training institutions, and how person ids are masked in every output."""

    consecutive_months: int
    college_words: tuple[str, ...]
    trainer_category: str
    mask_keep_first: int
    mask_keep_last: int
    mask_char: str

    def is_college(self, training: str | None) -> bool:
        return bool(training) and normalize_name(training) in {normalize_name(w) for w in self.college_words}

    def mask(self, person_id: str | None) -> str:
        """`370811199001011234` → `3708**********1234`; an id no longer than the kept parts is masked whole."""
        if person_id is None:
            return ""
        first, last = self.mask_keep_first, self.mask_keep_last
        if len(person_id) <= first + last:
            return self.mask_char * len(person_id)
        return person_id[:first] + self.mask_char * (len(person_id) - first - last) + person_id[len(person_id) - last :]


class RuleInfo(NamedTuple):
    """One rule of the ledger: its measure, cap, names and payer."""

    id: str
    measure: int
    cap: Decimal | None
    name: str
    name_en: str
    payer: str = "city"  # whose budget pays it: "city", "county" or "none" (PAYERS)


PAYERS = ("city", "county", "none")


class Article(NamedTuple):
    """One article of the policy text."""

    number: int
    title: str
    title_en: str
    text: str
    summary_en: str


class Coverage(NamedTuple):
    """What jncli does with sentences of the text ([[coverage]]): the rule ids that compute them, what else
    implements them (`by`), or — both empty — why they are not computable (`note`)."""

    articles: tuple[int, ...]  # 0 = the text outside the articles (preamble, closing)
    quote: str  # the opening words of the sentence in each of those articles
    rules: tuple[str, ...]
    by: str
    note: str
    note_en: str

    @property
    def computed(self) -> bool:
        return bool(self.rules or self.by)


class Policy(NamedTuple):
    """The policy in force, as read from its TOML file."""

    source: str
    sha256: str
    id: str
    document: str
    title: str
    title_en: str
    issued: dt.date
    period_start: dt.date
    period_end: dt.date
    annual_years: tuple[int, ...]
    period_clause: str
    period_clause_en: str
    precedence_clause: str
    precedence_clause_en: str
    counties: tuple[County, ...]
    city_name: str
    city_aliases: tuple[str, ...]
    province_names: tuple[str, ...]  # the province's name and aliases ([province]), written before the city
    # measure 1
    m1_awards: tuple[Decimal, ...]
    m1_weight_scale: float
    m1_weight_growth: float
    m1_weight_range: tuple[Decimal, Decimal]  # w (scale; growth 1 − w) over which --sensitivity varies the weights
    m1_score_decimals: int
    m1_normalise_to: float
    m1_category_order: tuple[str, ...]
    m1_province_growth: dict[int, float]
    m1_province_rural_growth: dict[int, float]
    m1_province_growth_source: dict[int, Sourced]  # where each year's figure was published
    m1_province_rural_growth_source: dict[int, Sourced]
    m1_province_growth_bare_limit: Decimal  # a bare province average (no %) from this absolute value up is refused
    m1_province_growth_bare_warn: Decimal  # … and from this one up (below the limit) read with a warning
    # measures 2, 3, 6
    m2_tier2022: TierRule
    m2_tier2023: TierRule
    m2_title: TitleRule
    m2_title_national_words: tuple[str, ...]  # an unlisted title holding one of these reads as national …
    m2_title_local_words: tuple[str, ...]  # … unless it holds one of these (省, 市, 县)
    m2_commend: tuple[CommendRule, ...]
    m2_precedence: tuple[str, ...]
    m2_budget_scaled: tuple[str, ...]
    award_decimals: int
    m3_ratio_min: Decimal
    m3_ratio_max: Decimal
    m3_once: bool  # 一次性奖励: once per entity in the policy period
    m6_base: TitleRule
    # measure 4
    m4_newshops_more_than: int
    m4_migrated_top: int
    # measure 7
    m7_lookback_years: int
    m7_record_kind_words: tuple[str, ...]  # a record's kind names a violation when it holds one …
    m7_record_kind_negations: tuple[str, ...]  # … not after one of these …
    m7_record_kind_honours: tuple[str, ...]  # … and not with one of these
    m7_categories: tuple[WhitelistCategory, ...]
    # measure 8
    m8: HiresRule
    rules: dict[str, RuleInfo]
    enterprise_group: tuple[str, ...]
    articles: tuple[Article, ...]
    preamble: str  # the text before the articles (为贯彻落实……特制定如下措施。); "" when the TOML has none
    closing: str  # the closing paragraph (本措施自……不重复享受。); "" when the TOML has none
    coverage: tuple[Coverage, ...]
    raw: dict[str, Any]  # the TOML's data as read (each load its own)

    # -- lookups ---------------------------------------------------------------------------
    def county_index(self) -> dict[str, str]:
        """normalised name or alias → canonical county name (a copy of the index built once for these counties)."""
        return dict(_county_index(self.counties))

    def canonical_county(self, name: str | None) -> str | None:
        """The canonical county name for a name or alias, None when not a Jining unit: the one reading of a
        county cell every table uses. A name or alias may be written with the city in front (济宁任城区,
        济宁市 任城区), the province before that (山东济宁任城区, 山东省济宁市任城区), the city in brackets after it
        (任城区（济宁）, 任城区(山东省济宁市)), or only the province in front of a county proper (山东任城区; a zone's
        name needs the city: 山东高新区 names no one zone). Another city's county (山东省临沂市兰山区) is None."""
        if name is None:
            return None
        return _county_reading(self.counties, (self.city_name, *self.city_aliases), self.province_names)(name)

    def is_city(self, name: str | None) -> bool:
        names = (self.city_name, *self.city_aliases)
        return name is not None and normalize_name(name) in {normalize_name(a) for a in names}

    def in_force(self, day: dt.date) -> bool:
        return self.period_start <= day <= self.period_end

    def text_of(self, number: int) -> str:
        """The text of an article; 0: the text outside the articles (preamble and closing)."""
        return self.preamble + self.closing if number == 0 else self.article(number).text

    def article(self, number: int) -> Article:
        for a in self.articles:
            if a.number == number:
                return a
        raise KeyError(number)

    def reads_national(self, title: str) -> bool:
        """An unlisted title that reads as a national one: worth a warning. It holds 国家/全国 or the words of a
        listed title (`2023-2024年度电子商务示范企业`, MOFCOM's form with its period, holds 电子商务示范企业),
        and no 省/市/县 level word (省级电子商务示范企业 is a provincial title: ineligible, no warning)."""
        t = normalize_name(title)
        words = (*self.m2_title_national_words, *self.m2_title.titles)
        national = any(normalize_name(w) in t for w in words)
        return national and not any(normalize_name(w) in t for w in self.m2_title_local_words)

    def holds_base_title(self, title: str) -> bool:
        """An unlisted title that is article 6's 示范基地 title in another form: it holds a listed m6.base title,
        compared as titles are (spaces, full-width forms), without the national words (国家, 全国) and with 电子商务
        read as its short form 电商: `国家电子商务示范基地（第三批）`, `国家级电子商务示范基地（2023年认定）`,
        `全国电子商务示范基地`, `国家电商示范基地`. Such a title
        is added to m6.base's list, not m2.title's (which would pay it as article 2's up-to award)."""

        def core(text: str) -> str:
            text = normalize_name(text)
            for w in sorted((normalize_name(w) for w in self.m2_title_national_words), key=len, reverse=True):
                text = text.replace(w, "") if w else text
            # 电商 is the everyday short form of 电子商务 (国家电商示范基地, review 20): compared folded
            for long, short in SHORT_FORMS:
                text = text.replace(normalize_name(long), normalize_name(short))
            return text

        t = core(title)
        return any(c and c in t for c in map(core, self.m6_base.titles))

    def category(self, name: str | None) -> WhitelistCategory | None:
        """Whitelist category by English key, Chinese name or alias."""
        if not name:
            return None
        key = normalize_name(name)
        for c in self.m7_categories:
            if key in {normalize_name(x) for x in (c.key, c.zh, *c.aliases)}:
                return c
        return None


@lru_cache(maxsize=8)
def _county_index(counties: tuple[County, ...]) -> dict[str, str]:
    """The index of `Policy.county_index`, by the counties' values (a record has no room for a cache of its own)."""
    return {normalize_name(a): c.name for c in counties for a in (c.name, *c.aliases)}


# what may stand between the province's, the city's and a county's names (after NFKC: full-width －／ are - /)
_SEPARATORS = frozenset("-/·・•—–_|、:")


@lru_cache(maxsize=8)
def _county_reading(
    counties: tuple[County, ...], city: tuple[str, ...], province: tuple[str, ...]
) -> Callable[[str], str | None]:
    """`Policy.canonical_county` for these counties, city names and province names (built once for them)."""
    index = _county_index(counties)
    kind = {c.name: c.kind for c in counties}
    cities = sorted({n for n in map(normalize_name, city) if n}, key=len, reverse=True)
    provinces = sorted({n for n in map(normalize_name, province) if n}, key=len, reverse=True)
    # (prefix, whether it names the city): the city's names, each after a province name or alone, then a
    # province name alone; the longest first
    prefixes = sorted(
        {*((p + c, True) for p in ("", *provinces) for c in cities), *((p, False) for p in provinces)},
        key=lambda x: (-len(x[0]), x),
    )
    city_forms = {p for p, names_city in prefixes if names_city}

    def after_prefix(key: str) -> str | None:
        for prefix, names_city in prefixes:
            if key.startswith(prefix) and len(key) > len(prefix):
                canon = index.get(key[len(prefix) :])
                if canon is not None and (names_city or kind[canon] == "county"):
                    return canon
        return None

    def read(name: str) -> str | None:
        key = normalize_name(name)
        canon = index.get(key)
        if canon is not None or not key:
            return canon
        # the city in brackets after the name (NFKC made （） into ()): 任城区（济宁）, 任城区（山东省济宁市）
        if key.endswith(")") and "(" in key:
            head, _, inner = key[:-1].rpartition("(")
            if inner in city_forms and head and "(" not in head:
                return index.get(head) or after_prefix(head)
        # separators between the province, the city and the county: 济宁市-任城区, 山东省·济宁市·任城区, 济宁市/任城区
        bare = "".join(ch for ch in key if ch not in _SEPARATORS)
        return after_prefix(key) or (after_prefix(bare) if bare != key else None)

    return read


def normalize_name(text: str) -> str:
    """Names compare after NFKC (full-width → half-width), case folding and without spaces."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def sentences(text: str) -> list[str]:
    """A text cut into its sentences: after each 。, and before a closing （责任单位：…） note."""
    import re

    return [p.strip() for p in re.split(r"(?<=。)|(?=（责任单位：)", text) if p.strip()]
