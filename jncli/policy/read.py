"""Raw TOML data → a validated `Policy`: typed access that names the dotted key of anything wrong.

Each table of the file has its reader here (counties, whitelist categories, rules, articles, tiers);
`parse_policy` builds the `Policy` from them and hands it to `jncli.policy.check` for what a copied
and edited file can get wrong. A malformed or incomplete file is a `PolicyError` naming the key.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Any

from jncli.errors import PolicyError, shown
from jncli.policy.check import _check, _check_money_unit
from jncli.policy.model import (
    PAYERS,
    Article,
    CommendRule,
    County,
    Coverage,
    HiresRule,
    Policy,
    RuleInfo,
    Sourced,
    Tier,
    TierRule,
    TitleRule,
    WhitelistCategory,
)

# The largest number a policy file may hold (amounts, thresholds, rates, counts): 10^15 万元 is more money
# than any economy has, and stays exact in the ledger's Decimal(38, 6) with room for sums. Beyond it
# (1e308, inf) a number is a typo or an attack, refused on load before any arithmetic meets it. A
# limit of the software, not a number of the policy.
LARGEST_NUMBER = 10**15


class _Reader:
    """Typed access to the raw TOML that names the dotted key of anything missing or mistyped."""

    def __init__(self, data: dict[str, Any], source: str):
        self.data = data
        self.source = source
        self.seen: set[tuple[str, ...]] = set()  # every key read: what is left over is unknown

    def fail(self, key: str, problem: str, hint: str | None = None) -> PolicyError:
        return PolicyError(f"policy file {self.source}: key {key!r} {problem}", hint=hint)

    def get(self, key: str, default: Any = ...) -> Any:
        node: Any = self.data
        parts = _split_key(key)
        self.seen.add(tuple(parts))
        for part in parts:
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
            raise self.fail(key, f"must be {_kind_name(kind)}, not {type(value).__name__} {shown(value)}")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.finite(key, value)
        return value

    def finite(self, key: str, value: int | float) -> None:
        """A number the rules can compute with: not nan or inf, and not beyond LARGEST_NUMBER (1e308)."""
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(key, f"must be a finite number, not {value}")
        if abs(value) > LARGEST_NUMBER:
            raise self.fail(key, f"is beyond any policy number ({value:.3g} > {LARGEST_NUMBER:.0e})")

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
    if '"' not in key:
        return key.split(".")  # (most keys: no quoted part)
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


def _growth_table(r: _Reader, key: str) -> tuple[dict[int, float], dict[int, Sourced]]:
    """A province growth rate by data year. (rev 3) It comes from outside the text, so each is recorded with its
    source and publication date — `2023 = { value = 0.105, source = "…", published = 2024-02-29 }` — and a bare
    number is refused: a basis sentence must be able to say where the figure came from."""
    table = r.typed(key, dict, {})
    values, sources = {}, {}
    for year in table:
        k = f"{key}.{year}"
        if not re.fullmatch(r"[1-9][0-9]{3}", str(year)):  # 23 is not a year the data holds (F11.3)
            raise r.fail(k, "must be a year such as 2023", hint="write the data year in full, with four digits")
        entry = r.get(k)
        if not isinstance(entry, dict):
            raise r.fail(
                k,
                f"is {entry!r} without its source: a figure from outside the text is written with where and when "
                f'it was published, e.g. {year} = {{ value = 0.105, source = "山东省统计局 …统计公报", '
                f"published = {int(year) + 1}-02-28 }}",
            )
        values[int(year)] = float(r.typed(f"{k}.value", (int, float)))
        source = r.text(f"{k}.source").strip()
        if not source:
            raise r.fail(f"{k}.source", "is empty: name the publication (title or address) the figure comes from")
        published = r.date(f"{k}.published")
        if published <= dt.date(int(year), 12, 31):  # a year's average is published once the year has ended
            raise r.fail(
                f"{k}.published",
                f"is {published}, before the year {year} ended: a {year} average cannot have been published then",
                hint=f"is the figure the bulletin of the year before? key it under its own year, or give the date "
                f"the {year} figure was published",
            )
        sources[int(year)] = Sourced(source, published)
    return values, sources


def _years(r: _Reader, key: str) -> tuple[int, ...]:
    """`period.annual_years`: whole years written as integers (2023, not "2023年", 2023.9 or [2023])."""
    years = r.typed(key, list)
    for i, y in enumerate(years):
        if isinstance(y, bool) or not isinstance(y, int):
            raise r.fail(
                key, f"holds {shown(y)}, not a year", hint="write each data year as a bare integer: [2022, 2023]"
            )
        r.finite(f"{key}.{i}", y)
    return tuple(years)


def _weight_range(r: _Reader, key: str) -> tuple[Decimal, Decimal]:
    value = r.typed(key, list)
    if len(value) != 2 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        raise r.fail(key, f"must be two numbers [low, high], not {value!r}")
    low, high = (Decimal(str(v)) for v in value)
    if not 0 <= low <= high <= 1:
        raise r.fail(key, f"must hold 0 ≤ low ≤ high ≤ 1 (the weight of the scale indicator), not {value!r}")
    return low, high


def parse_policy(data: dict[str, Any], source: str, sha256: str = "") -> Policy:
    """Validate raw TOML data into a `Policy`; raises PolicyError naming the key."""
    r = _Reader(data, source)
    _check_money_unit(r)  # first: a file written in 元 fails every other check in a way that hides why
    counties = _counties(r)
    categories = _whitelist_categories(r)
    rules = _rules(r)
    articles = _articles(r)
    awards = r.typed("m1.awards", list)
    if not awards or not all(isinstance(a, (int, float)) and not isinstance(a, bool) and a >= 0 for a in awards):
        raise r.fail("m1.awards", "must be a non-empty list of amounts ≥ 0")
    for i, a in enumerate(awards):
        r.finite(f"m1.awards.{i}", a)
    commend = [
        CommendRule(r.number(f"m2.commend.rules.{i}.threshold"), int(r.typed(f"m2.commend.rules.{i}.count", int)))
        for i, _ in enumerate(r.typed("m2.commend.rules", list))
    ]
    if not commend:
        raise r.fail(
            "m2.commend.rules",
            "is empty: measure 2's commendation needs at least one rule",
            hint="list at least one { threshold = …, count = … } rule, as the shipped file does",
        )
    province, rural = _growth_table(r, "m1.province_growth"), _growth_table(r, "m1.province_rural_growth")
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
        annual_years=_years(r, "period.annual_years"),
        period_clause=r.text("period.clause"),
        period_clause_en=r.text("period.clause_en"),
        precedence_clause=r.text("precedence.clause"),
        precedence_clause_en=r.text("precedence.clause_en"),
        counties=tuple(counties),
        city_name=r.text("city.name"),
        city_aliases=r.strings("city.aliases", ()),
        province_names=(r.text("province.name"), *r.strings("province.aliases", ())) if "province" in data else (),
        m1_awards=tuple(Decimal(str(a)) for a in awards),
        m1_weight_scale=float(r.number("m1.weight_scale")),
        m1_weight_growth=float(r.number("m1.weight_growth")),
        m1_weight_range=_weight_range(r, "m1.weight_range"),
        m1_score_decimals=int(r.typed("m1.score_decimals", int)),
        m1_normalise_to=float(r.number("m1.normalise_to")),
        m1_category_order=r.strings("m1.category_order"),
        m1_province_growth=province[0],
        m1_province_rural_growth=rural[0],
        m1_province_growth_source=province[1],
        m1_province_rural_growth_source=rural[1],
        m1_province_growth_bare_limit=r.number("m1.province_growth_bare_limit"),
        m1_province_growth_bare_warn=r.number("m1.province_growth_bare_warn"),
        m2_tier2022=_tier_rule(r, "m2.tier2022"),
        m2_tier2023=_tier_rule(r, "m2.tier2023"),
        m2_title=_title_rule(r, "m2.title"),
        m2_title_national_words=r.strings("m2.title.national_words"),
        m2_title_local_words=r.strings("m2.title.local_words"),
        m2_commend=tuple(commend),
        m2_precedence=r.strings("m2.precedence"),
        m2_budget_scaled=r.strings("m2.budget_scaled"),
        award_decimals=int(r.typed("m2.award_decimals", int)),
        m3_ratio_min=r.number("m3.fiscal.ratio_min"),
        m3_ratio_max=r.number("m3.fiscal.ratio_max"),
        m3_once=r.typed("m3.fiscal.once", bool),
        m6_base=_title_rule(r, "m6.base"),
        m4_newshops_more_than=int(r.typed("m4.newshops_more_than", int)),
        m4_migrated_top=int(r.typed("m4.migrated_top", int)),
        m7_lookback_years=int(r.typed("m7.lookback_years", int)),
        m7_record_kind_words=r.strings("m7.record_kind_words"),
        m7_record_kind_negations=r.strings("m7.record_kind_negations"),
        m7_record_kind_honours=r.strings("m7.record_kind_honours"),
        m7_categories=tuple(categories),
        m8=_hires_rule(r),
        rules=rules,
        enterprise_group=r.strings("groups.enterprise_precedence"),
        articles=tuple(sorted(articles, key=lambda a: a.number)),
        preamble=r.text("meta.preamble", ""),
        closing=r.text("meta.closing", ""),
        coverage=_coverage(r),
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


def _hires_rule(r: _Reader) -> HiresRule:
    """[m8]: measure 8's months of insurance, college words, trainer category and person-id mask."""
    return HiresRule(
        int(r.typed("m8.consecutive_months", int)),
        r.strings("m8.college_words"),
        r.text("m8.trainer_category"),
        int(r.typed("m8.mask_keep_first", int)),
        int(r.typed("m8.mask_keep_last", int)),
        r.text("m8.mask_char"),
    )


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
            r.text(f"{k}.payer"),
        )
        if rules[rule_id].payer not in PAYERS:
            raise r.fail(f"{k}.payer", f"must be one of {', '.join(PAYERS)}")
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


def _coverage(r: _Reader) -> tuple[Coverage, ...]:
    """[[coverage]] (optional): what jncli does with each sentence of the text; checked in `check`."""
    out = []
    for i, _ in enumerate(r.typed("coverage", list, [])):
        k = f"coverage.{i}"
        articles = r.typed(f"{k}.articles", list)
        if not articles or not all(isinstance(a, int) and not isinstance(a, bool) for a in articles):
            raise r.fail(f"{k}.articles", "must be a non-empty list of article numbers (0: preamble and closing)")
        out.append(
            Coverage(
                tuple(articles),
                r.text(f"{k}.quote"),
                r.strings(f"{k}.rules", ()),
                r.text(f"{k}.by", ""),
                r.text(f"{k}.note"),
                r.text(f"{k}.note_en"),
            )
        )
    return tuple(out)
