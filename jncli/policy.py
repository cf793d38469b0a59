"""Typed loader for policy files (`jncli/policies/*.toml`).

The policy file holds every number, date, list and clause text; rule modules read them from the
`Policy` object this module returns and never write a policy number themselves. A malformed or
incomplete file is rejected with a `PolicyError` naming the key.

Selection: `--policy FILE`, else the `JNCLI_POLICY` environment variable, else the shipped
`jining-2022.toml`. No polars here: `jncli policy` stays light.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from jncli.errors import PolicyError

DEFAULT_POLICY = "jining-2022.toml"


@dataclass(frozen=True)
class Tier:
    threshold: Decimal
    award: Decimal


@dataclass(frozen=True)
class TierRule:
    year: int
    tiers: tuple[Tier, ...]  # ascending by threshold
    up_to: bool

    def award_for(self, value: Decimal) -> Decimal | None:
        """The highest tier reached (only that one), or None below the lowest threshold."""
        hit = [t.award for t in self.tiers if value >= t.threshold]
        return hit[-1] if hit else None


@dataclass(frozen=True)
class TitleRule:
    award: Decimal
    up_to: bool
    titles: tuple[str, ...]

    def matches(self, title: str | None) -> bool:
        return bool(title) and normalize_name(title) in {normalize_name(t) for t in self.titles}


@dataclass(frozen=True)
class CommendRule:
    threshold: Decimal
    count: int


@dataclass(frozen=True)
class County:
    name: str
    kind: str
    code: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class WhitelistCategory:
    key: str
    zh: str
    aliases: tuple[str, ...]
    revenue: Decimal
    employees: int
    years_operating: Decimal


@dataclass(frozen=True)
class RuleInfo:
    id: str
    measure: int
    cap: Decimal | None
    name: str
    name_en: str


@dataclass(frozen=True)
class Article:
    number: int
    title: str
    title_en: str
    text: str
    summary_en: str


@dataclass(frozen=True)
class Policy:
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
    # measure 1
    m1_awards: tuple[Decimal, ...]
    m1_weight_scale: float
    m1_weight_growth: float
    m1_score_decimals: int
    m1_normalise_to: float
    m1_category_order: tuple[str, ...]
    m1_province_growth: dict[int, float]
    m1_province_rural_growth: dict[int, float]
    # measures 2, 3, 6
    m2_tier2022: TierRule
    m2_tier2023: TierRule
    m2_title: TitleRule
    m2_commend: tuple[CommendRule, ...]
    m2_precedence: tuple[str, ...]
    m2_budget_scaled: tuple[str, ...]
    award_decimals: int
    m3_ratio_min: Decimal
    m3_ratio_max: Decimal
    m6_base: TitleRule
    # measure 4
    m4_newshops_more_than: int
    m4_migrated_top: int
    # measure 7
    m7_lookback_years: int
    m7_categories: tuple[WhitelistCategory, ...]
    rules: dict[str, RuleInfo]
    enterprise_group: tuple[str, ...]
    articles: tuple[Article, ...]
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    # -- lookups ---------------------------------------------------------------------------
    def county_index(self) -> dict[str, str]:
        """normalised name or alias → canonical county name."""
        index: dict[str, str] = {}
        for c in self.counties:
            for a in (c.name, *c.aliases):
                index[normalize_name(a)] = c.name
        return index

    def canonical_county(self, name: str | None) -> str | None:
        """The canonical county name for a name or alias, None when not a Jining unit."""
        if name is None:
            return None
        return self.county_index().get(normalize_name(name))

    def is_city(self, name: str | None) -> bool:
        names = (self.city_name, *self.city_aliases)
        return name is not None and normalize_name(name) in {normalize_name(a) for a in names}

    def in_force(self, day: dt.date) -> bool:
        return self.period_start <= day <= self.period_end

    def article(self, number: int) -> Article:
        for a in self.articles:
            if a.number == number:
                return a
        raise KeyError(number)

    def category(self, name: str | None) -> WhitelistCategory | None:
        """Whitelist category by English key, Chinese name or alias."""
        if not name:
            return None
        key = normalize_name(name)
        for c in self.m7_categories:
            if key in {normalize_name(x) for x in (c.key, c.zh, *c.aliases)}:
                return c
        return None


def normalize_name(text: str) -> str:
    """Names compare after NFKC (full-width → half-width), case folding and without spaces."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


# ---------------------------------------------------------------------------------------------
class _Reader:
    """Typed access to the raw TOML that names the dotted key of anything missing or mistyped."""

    def __init__(self, data: dict[str, Any], source: str):
        self.data = data
        self.source = source
        self.seen: set[tuple[str, ...]] = set()  # every key read: what is left over is unknown

    def fail(self, key: str, problem: str) -> PolicyError:
        return PolicyError(f"policy file {self.source}: key {key!r} {problem}")

    def get(self, key: str, default: Any = ...) -> Any:
        node: Any = self.data
        self.seen.add(tuple(_split_key(key)))
        for part in _split_key(key):
            if isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            elif isinstance(node, dict) and part in node:
                node = node[part]
            elif default is not ...:
                return default
            else:
                raise self.fail(key, "is missing")
        return node

    def typed(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        value = self.get(key, default)
        if value is default and default is not ...:
            return value
        if isinstance(value, bool) and kind in (int, float, (int, float)):
            raise self.fail(key, f"must be a number, not {value!r}")
        if not isinstance(value, kind):
            raise self.fail(key, f"must be {_kind_name(kind)}, not {type(value).__name__} {value!r}")
        return value

    def number(self, key: str, default: Any = ..., minimum: float | None = 0) -> Decimal:
        value = self.typed(key, (int, float), default)
        if minimum is not None and value < minimum:
            raise self.fail(key, f"must be ≥ {minimum}, not {value}")
        return Decimal(str(value))

    def text(self, key: str, default: Any = ...) -> str:
        return self.typed(key, str, default)

    def strings(self, key: str, default: Any = ...) -> tuple[str, ...]:
        value = self.typed(key, list, default)
        if not all(isinstance(v, str) for v in value):
            raise self.fail(key, "must be a list of strings")
        return tuple(value)

    def date(self, key: str) -> dt.date:
        value = self.get(key)
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise self.fail(key, f"must be a date like 2022-11-10, not {value!r}")
        return value


def _split_key(key: str) -> list[str]:
    # keys like rules."m1.online".cap
    parts, buf, quoted = [], "", False
    for ch in key:
        if ch == '"':
            quoted = not quoted
        elif ch == "." and not quoted:
            parts.append(buf)
            buf = ""
        else:
            buf += ch
    parts.append(buf)
    return parts


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {int: "an integer", float: "a number", str: "a string", list: "a list", dict: "a table", bool: "true/false"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)


def _tier_rule(r: _Reader, key: str) -> TierRule:
    tiers = []
    for i, _ in enumerate(r.typed(f"{key}.tiers", list)):
        tiers.append(Tier(r.number(f"{key}.tiers.{i}.threshold"), r.number(f"{key}.tiers.{i}.award")))
    if not tiers:
        raise r.fail(f"{key}.tiers", "must list at least one tier")
    tiers.sort(key=lambda t: t.threshold)
    return TierRule(r.typed(f"{key}.year", int), tuple(tiers), r.typed(f"{key}.up_to", bool))


def _title_rule(r: _Reader, key: str) -> TitleRule:
    return TitleRule(r.number(f"{key}.award"), r.typed(f"{key}.up_to", bool), r.strings(f"{key}.titles"))


def _growth_table(r: _Reader, key: str) -> dict[int, float]:
    table = r.typed(key, dict, {})
    out = {}
    for year, value in table.items():
        if not str(year).isdigit():
            raise r.fail(f"{key}.{year}", "must be a year such as 2023")
        out[int(year)] = float(r.typed(f"{key}.{year}", (int, float)))
    return out


def parse_policy(data: dict[str, Any], source: str, sha256: str = "") -> Policy:
    """Validate raw TOML data into a `Policy`; raises PolicyError naming the key."""
    r = _Reader(data, source)
    counties = _counties(r)
    categories = _whitelist_categories(r)
    rules = _rules(r)
    articles = _articles(r)
    awards = r.typed("m1.awards", list)
    if not awards or not all(isinstance(a, (int, float)) and not isinstance(a, bool) and a >= 0 for a in awards):
        raise r.fail("m1.awards", "must be a non-empty list of amounts ≥ 0")
    commend = [
        CommendRule(r.number(f"m2.commend.rules.{i}.threshold"), int(r.typed(f"m2.commend.rules.{i}.count", int)))
        for i, _ in enumerate(r.typed("m2.commend.rules", list))
    ]
    start, end = r.date("period.start"), r.date("period.end")
    if end < start:
        raise r.fail("period.end", f"is before period.start ({end} < {start})")
    policy = Policy(
        source=source,
        sha256=sha256,
        id=r.text("meta.id"),
        document=r.text("meta.document"),
        title=r.text("meta.title"),
        title_en=r.text("meta.title_en"),
        issued=r.date("meta.issued"),
        period_start=start,
        period_end=end,
        annual_years=tuple(int(y) for y in r.typed("period.annual_years", list)),
        period_clause=r.text("period.clause"),
        period_clause_en=r.text("period.clause_en"),
        precedence_clause=r.text("precedence.clause"),
        precedence_clause_en=r.text("precedence.clause_en"),
        counties=tuple(counties),
        city_name=r.text("city.name"),
        city_aliases=r.strings("city.aliases", ()),
        m1_awards=tuple(Decimal(str(a)) for a in awards),
        m1_weight_scale=float(r.number("m1.weight_scale")),
        m1_weight_growth=float(r.number("m1.weight_growth")),
        m1_score_decimals=int(r.typed("m1.score_decimals", int)),
        m1_normalise_to=float(r.number("m1.normalise_to")),
        m1_category_order=r.strings("m1.category_order"),
        m1_province_growth=_growth_table(r, "m1.province_growth"),
        m1_province_rural_growth=_growth_table(r, "m1.province_rural_growth"),
        m2_tier2022=_tier_rule(r, "m2.tier2022"),
        m2_tier2023=_tier_rule(r, "m2.tier2023"),
        m2_title=_title_rule(r, "m2.title"),
        m2_commend=tuple(commend),
        m2_precedence=r.strings("m2.precedence"),
        m2_budget_scaled=r.strings("m2.budget_scaled"),
        award_decimals=int(r.typed("m2.award_decimals", int)),
        m3_ratio_min=r.number("m3.fiscal.ratio_min"),
        m3_ratio_max=r.number("m3.fiscal.ratio_max"),
        m6_base=_title_rule(r, "m6.base"),
        m4_newshops_more_than=int(r.typed("m4.newshops_more_than", int)),
        m4_migrated_top=int(r.typed("m4.migrated_top", int)),
        m7_lookback_years=int(r.typed("m7.lookback_years", int)),
        m7_categories=tuple(categories),
        rules=rules,
        enterprise_group=r.strings("groups.enterprise_precedence"),
        articles=tuple(sorted(articles, key=lambda a: a.number)),
        raw=data,
    )
    for key in ("m2.precedence", "m2.budget_scaled", "groups.enterprise_precedence"):
        for rule_id in r.strings(key):
            if rule_id not in rules:
                raise r.fail(key, f"names rule {rule_id!r}, which is not under [rules]")
    _check(r, policy)
    return policy


def _counties(r: _Reader) -> list[County]:
    """[[counties]]: the city's county-level units (县、市、区, and zones), with their aliases."""
    counties = []
    for i, _ in enumerate(r.typed("counties", list)):
        k = f"counties.{i}"
        kind = r.text(f"{k}.kind")
        if kind not in ("county", "zone"):
            raise r.fail(f"{k}.kind", f"must be 'county' or 'zone', not {kind!r}")
        counties.append(County(r.text(f"{k}.name"), kind, r.text(f"{k}.code", ""), r.strings(f"{k}.aliases", ())))
    if not counties:
        raise r.fail("counties", "must list at least one county")
    return counties


def _whitelist_categories(r: _Reader) -> list[WhitelistCategory]:
    """[m7.categories]: measure 7's categories and their minimums (具有一定实力和知名度)."""
    categories = []
    for key in r.typed("m7.categories", dict):
        k = f"m7.categories.{key}"
        categories.append(
            WhitelistCategory(
                key,
                r.text(f"{k}.zh"),
                r.strings(f"{k}.aliases", ()),
                r.number(f"{k}.revenue"),
                int(r.typed(f"{k}.employees", int)),
                r.number(f"{k}.years_operating"),
            )
        )
    return categories


def _rules(r: _Reader) -> dict[str, RuleInfo]:
    """[rules]: every rule id with its measure, cap and names."""
    rules = {}
    for rule_id in r.typed("rules", dict):
        k = f'rules."{rule_id}"'
        cap = r.get(f"{k}.cap", None)
        rules[rule_id] = RuleInfo(
            rule_id,
            int(r.typed(f"{k}.measure", int)),
            None if cap is None else r.number(f"{k}.cap"),
            r.text(f"{k}.name"),
            r.text(f"{k}.name_en"),
        )
    return rules


def _articles(r: _Reader) -> list[Article]:
    """[[articles]]: the policy's articles (条), cited by the rules and `jncli policy`."""
    articles = []
    for i, _ in enumerate(r.typed("articles", list)):
        k = f"articles.{i}"
        articles.append(
            Article(
                int(r.typed(f"{k}.number", int)),
                r.text(f"{k}.title"),
                r.text(f"{k}.title_en"),
                r.text(f"{k}.text"),
                r.text(f"{k}.summary_en"),
            )
        )
    return articles


# Rule ids the rules compute (the ledger's `rule` column): a policy must describe each of them.
RULE_IDS = (
    "m1.online",
    "m1.rural",
    "m1.enterprise",
    "m2.tier2022",
    "m2.tier2023",
    "m2.title",
    "m2.commend",
    "m3.fiscal",
    "m4.newshops",
    "m4.migrated",
    "m6.base",
    "m7.whitelist",
)
M1_CATEGORIES = ("online", "rural", "enterprise")
# Keys read from the raw table where they are shown (describe, report), not by the loader.
_SHOWN_ONLY = {"clause", "clause_en", "issuer", "money_unit"}


def _check(r: _Reader, p: Policy) -> None:
    """What a copied and edited policy file can get wrong that would otherwise pay wrong amounts
    silently: each check names the key (RULES.md §0: a policy is data, so it is validated as data)."""
    _check_rules_and_articles(r, p)
    _check_names(r, p)
    _check_years_and_tiers(r, p)
    _check_amounts(r, p)
    _check_measure_parameters(r, p)
    _unknown_keys(r)


def _check_rules_and_articles(r: _Reader, p: Policy) -> None:
    """Every rule jncli computes has its [rules] entry, citing an article the file has."""
    missing = [rule_id for rule_id in RULE_IDS if rule_id not in p.rules]
    if missing:
        raise r.fail("rules", f"lacks {', '.join(missing)} (every rule jncli computes needs its [rules] entry)")
    numbers = {a.number for a in p.articles}
    for rule in p.rules.values():
        if rule.measure not in numbers:
            raise r.fail(
                f'rules."{rule.id}".measure', f"is {rule.measure}, but no [[articles]] has number = {rule.measure}"
            )
    for section in r.data:  # [m4] is article 4's parameters: `jncli policy` cites that article
        if section[:1] == "m" and section[1:].isdigit() and int(section[1:]) not in numbers:
            raise r.fail("articles", f"has no article number = {section[1:]}, whose parameters [{section}] holds")


def _check_names(r: _Reader, p: Policy) -> None:
    """One county per normalised name or alias, none equal to a name of the city itself; one whitelist
    category per name."""
    owner: dict[str, str] = {}
    for i, c in enumerate(p.counties):
        for j, name in enumerate((c.name, *c.aliases)):
            key = f"counties.{i}." + ("name" if j == 0 else "aliases")
            norm = normalize_name(name)
            if not norm:
                raise r.fail(key, "holds an empty name")
            if norm in owner and owner[norm] != c.name:
                raise r.fail(key, f"{name!r} also names {owner[norm]}: a name may mean one county only")
            if norm in owner and j == 0:
                raise r.fail(key, f"{name!r}: two counties have this name")
            owner[norm] = c.name
    for name in (p.city_name, *p.city_aliases):
        if not normalize_name(name):
            raise r.fail("city", "holds an empty name")
        if normalize_name(name) in owner:
            raise r.fail("city", f"{name!r} names the city and the county {owner[normalize_name(name)]}")
    seen_categories: dict[str, str] = {}
    for c in p.m7_categories:
        for name in (c.key, c.zh, *c.aliases):
            norm = normalize_name(name)
            if norm in seen_categories and seen_categories[norm] != c.key:
                raise r.fail(f"m7.categories.{c.key}", f"{name!r} also names the category {seen_categories[norm]}")
            seen_categories[norm] = c.key


def _check_years_and_tiers(r: _Reader, p: Policy) -> None:
    """Annual years inside the period; the tier tables keep their rule ids (m2.tier2022 / m2.tier2023),
    `year` says which data year each applies to, and every annual year needs exactly one; a higher tier
    never pays less."""
    if not p.annual_years:
        raise r.fail("period.annual_years", "is empty")
    for y in p.annual_years:
        if not p.period_start.year <= y <= p.period_end.year:
            raise r.fail("period.annual_years", f"holds {y}, outside the period {p.period_start}..{p.period_end}")
    tiers = {"m2.tier2022": p.m2_tier2022, "m2.tier2023": p.m2_tier2023}
    years = [t.year for t in tiers.values()]
    for key, t in tiers.items():
        if t.year not in p.annual_years:
            raise r.fail(
                f"{key}.year",
                f"is {t.year}, not one of period.annual_years {list(p.annual_years)}: "
                "that year's tier rows would vanish",
            )
        if years.count(t.year) > 1:
            raise r.fail(f"{key}.year", f"is {t.year}, as another tier table's: one tier table per year")
        for i, (lower, higher) in enumerate(zip(t.tiers, t.tiers[1:])):
            if higher.threshold == lower.threshold:
                raise r.fail(f"{key}.tiers", f"has the threshold {lower.threshold} twice")
            if higher.award < lower.award:
                raise r.fail(
                    f"{key}.tiers",
                    f"pays {higher.award} at {higher.threshold}, less than {lower.award} at "
                    f"{lower.threshold}: a higher tier must not pay less",
                )
    for y in p.annual_years:
        if y not in years:
            raise r.fail("period.annual_years", f"holds {y}, but no m2 tier table has year = {y}")


def _check_amounts(r: _Reader, p: Policy) -> None:
    """The ledger holds exact amounts with at most 2 decimals (RULES.md §0): no amount has more."""
    if not 0 <= p.award_decimals <= 2:
        raise r.fail(
            "m2.award_decimals", f"must be 0, 1 or 2 (the ledger holds at most 2 decimals), not {p.award_decimals}"
        )
    tiers = {"m2.tier2022": p.m2_tier2022, "m2.tier2023": p.m2_tier2023}
    amounts = [("m1.awards", a) for a in p.m1_awards]
    amounts += [(f"{k}.tiers", t.award) for k, rule in tiers.items() for t in rule.tiers]
    amounts += [("m2.title.award", p.m2_title.award), ("m6.base.award", p.m6_base.award)]
    amounts += [(f'rules."{x.id}".cap', x.cap) for x in p.rules.values() if x.cap is not None]
    for key, amount in amounts:
        if amount != round(amount, p.award_decimals):
            raise r.fail(key, f"holds {amount}, more decimals than m2.award_decimals = {p.award_decimals}")


def _check_measure_parameters(r: _Reader, p: Policy) -> None:
    """The parameters of measures 1, 2, 3, 4 and 7 within their ranges."""
    order = p.m1_category_order
    if len(set(order)) != len(order) or not set(order) <= set(M1_CATEGORIES):
        raise r.fail(
            "m1.category_order", f"must list each of {', '.join(M1_CATEGORIES)} at most once, not {list(order)}"
        )
    if not 0 <= p.m1_score_decimals <= 12:
        raise r.fail("m1.score_decimals", f"must be 0..12, not {p.m1_score_decimals}")
    for key, table in (
        ("m1.province_growth", p.m1_province_growth),
        ("m1.province_rural_growth", p.m1_province_rural_growth),
    ):
        for year, rate in table.items():
            if not -1 < rate <= 1:
                raise r.fail(f"{key}.{year}", f"is {rate}: a fraction is meant (0.105 for 10.5%)")
    for i, c in enumerate(p.m2_commend):
        if c.count < 1:
            raise r.fail(f"m2.commend.rules.{i}.count", f"must be 1 or more, not {c.count}")
    if not 0 <= p.m3_ratio_min <= p.m3_ratio_max <= 1:
        raise r.fail("m3.fiscal", f"needs 0 ≤ ratio_min ≤ ratio_max ≤ 1, not {p.m3_ratio_min}..{p.m3_ratio_max}")
    if p.m4_newshops_more_than < 0:
        raise r.fail("m4.newshops_more_than", f"must be 0 or more, not {p.m4_newshops_more_than}")
    if p.m4_migrated_top < 1:
        raise r.fail("m4.migrated_top", f"must be 1 or more, not {p.m4_migrated_top}")
    if p.m7_lookback_years < 0:
        raise r.fail("m7.lookback_years", f"must be 0 or more, not {p.m7_lookback_years}")
    for c in p.m7_categories:
        if c.employees < 0:
            raise r.fail(f"m7.categories.{c.key}.employees", f"must be 0 or more, not {c.employees}")


def _unknown_keys(r: _Reader) -> None:
    """A key the loader never read does nothing: a misspelling, or a table jncli has no rule for
    (`[m2.tier2024]`), would be ignored without a word."""

    def walk(node: Any, path: tuple[str, ...]) -> None:
        items = (
            node.items()
            if isinstance(node, dict)
            else enumerate(node)
            if isinstance(node, list) and any(isinstance(v, dict) for v in node)
            else None
        )
        if items is None:  # a value (or a list of values)
            if path not in r.seen and path[-1] not in _SHOWN_ONLY:
                raise r.fail(".".join(path), "is not a key jncli reads (a misspelling, or a rule jncli does not have?)")
            return
        if path and not any(s[: len(path)] == path for s in r.seen):
            raise r.fail(".".join(path), "is not a table jncli reads (a misspelling, or a rule jncli does not have?)")
        for k, v in items:
            walk(v, (*path, str(k)))

    walk(r.data, ())


def policy_path(explicit: str | os.PathLike | None = None) -> str | None:
    """The policy file chosen by --policy or JNCLI_POLICY; None means the shipped default."""
    if explicit:
        return str(explicit)
    return os.environ.get("JNCLI_POLICY") or None


def load_policy(path: str | os.PathLike | None = None) -> Policy:
    """Load and validate the policy in force (see module docstring for the selection order)."""
    import hashlib

    chosen = policy_path(path)
    if chosen is None:
        raw = resources.files("jncli.policies").joinpath(DEFAULT_POLICY).read_bytes()
        source = DEFAULT_POLICY
    else:
        try:
            raw = Path(chosen).read_bytes()
        except OSError as e:
            raise PolicyError(f"cannot read policy file {chosen}: {e.strerror or e}") from None
        source = str(chosen)
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise PolicyError(f"policy file {source} is not UTF-8 (byte {e.start})") from None
    except tomllib.TOMLDecodeError as e:
        raise PolicyError(f"policy file {source} is not valid TOML: {e}") from None
    return parse_policy(data, source, hashlib.sha256(raw).hexdigest())
