"""The checks of a loaded policy: what a copied and edited file can get wrong that would otherwise
pay wrong amounts silently (RULES.md §0: a policy is data, so it is validated as data).

Each check names the key it refuses; a key the loader never read is refused too (`_unknown_keys`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jncli.bureau import BUREAU_UNITS, CANDIDATE_REVENUE_HIGH, ENTERPRISE_MONEY_HIGH
from jncli.errors import shown
from jncli.policy.model import Policy, RuleInfo, normalize_name, sentences
from jncli.policy.weights import _plain, weights_problem

if TYPE_CHECKING:
    from jncli.policy.read import _Reader


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
    "m8.hires",
)
M1_CATEGORIES = ("online", "rural", "enterprise")
# The m2/m6 就高 group (RULES.md §2): the rules the enterprises' rule computes together. Both lists of the file
# that name it (groups.enterprise_precedence: which rules count as received; m2.precedence: which wins a tie)
# must hold exactly these: a rule left out of one is counted in one place and not in the other.
ENTERPRISE_GROUP = ("m2.tier2022", "m2.tier2023", "m2.title", "m6.base")
# The one money unit of a policy file (RULES.md §0): every amount, cap and threshold is in 万元.
MONEY_UNIT = "万元"
# Person ids (居民身份证号码, GB 11643) have 18 characters; a policy's mask must hide at least 4 of them, or the
# hidden ones follow from the shown ones and the check digit (review 25, F6): this project's bound, not the text's.
PERSON_ID_LENGTH = 18
MASK_HIDDEN_MIN = 4
# Why a records window of 0 years is refused (the policy file's m7.lookback_years and --lookback-years alike).
LOOKBACK_WHY = "a window of 0 years reads no record, and every candidate with a record would be listed"
# Keys read from the raw table where they are shown (describe, report), not by the loader.
_SHOWN_ONLY = {"clause", "clause_en", "issuer"}


def _check(r: _Reader, p: Policy) -> None:
    """What a copied and edited policy file can get wrong that would otherwise pay wrong amounts
    silently: each check names the key (RULES.md §0: a policy is data, so it is validated as data)."""
    _check_rules_and_articles(r, p)
    _check_names(r, p)
    _check_years_and_tiers(r, p)
    _check_amounts(r, p)
    _check_money(r, p)
    _check_measure_parameters(r, p)
    _check_weights(r, p)
    _check_one_rule_each(r, p)
    _check_coverage(r, p)
    _unknown_keys(r)


def _check_money_unit(r: _Reader) -> None:
    """`money_unit` is the file's one unit, 万元, stated in [meta] only: a table written in 元 is not converted,
    so a unit there (or another unit in [meta]) would be shown and ignored, and every amount read 10 000 times
    too large."""
    unit = r.get("meta.money_unit", MONEY_UNIT)
    if unit != MONEY_UNIT:
        raise r.fail(
            "meta.money_unit",
            f"is {shown(unit)}: jncli reads every amount, cap and threshold of a policy file in 万元",
            hint='write the amounts in 万元 (5 万元 is 5, not 50000) and keep money_unit = "万元"',
        )

    def walk(node: Any, path: tuple[str, ...]) -> None:
        children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in children:
            here = (*path, str(k))
            if k == "money_unit" and here != ("meta", "money_unit"):
                raise r.fail(
                    _toml_path(here),
                    "is a money unit outside [meta]: the file has one unit, 万元, for every amount",
                    hint="remove it, and write this table's amounts in 万元",
                )
            walk(v, here)

    walk(r.data, ())


def _check_rules_and_articles(r: _Reader, p: Policy) -> None:
    """Every rule jncli computes has its [rules] entry, citing an article the file has."""
    missing = [rule_id for rule_id in RULE_IDS if rule_id not in p.rules]
    if missing:
        raise r.fail("rules", f"lacks {', '.join(missing)} (every rule jncli computes needs its [rules] entry)")
    numbers = {a.number for a in p.articles}
    for rule in p.rules.values():
        _check_measure_and_payer(r, rule)
        if rule.measure not in numbers:
            raise r.fail(
                f'rules."{rule.id}".measure', f"is {rule.measure}, but no [[articles]] has number = {rule.measure}"
            )
    for section in r.data:  # [m4] is article 4's parameters: `jncli policy` cites that article
        if section[:1] == "m" and section[1:].isdigit() and int(section[1:]) not in numbers:
            raise r.fail("articles", f"has no article number = {section[1:]}, whose parameters [{section}] holds")


def _check_measure_and_payer(r: _Reader, rule: RuleInfo) -> None:
    """A rule's measure is the one its id names (`m3.fiscal` → 3): the ledger's `measure` column, the article the
    basis and the report cite, and the m2/m6 group check read it (measure 1's rules write 1 whatever the file says:
    with this check the two cannot differ). Its payer says whether it pays money: a rule pays when its cap is above
    0, or when it has no cap (its amount comes from the data: m3.fiscal's ratio, m8.hires' county rates); a cap of
    0 pays nothing (commendations, the whitelist: payer "none")."""
    named = re.fullmatch(r"m([0-9]+)\..+", rule.id)
    if named and rule.measure != int(named[1]):
        raise r.fail(
            f'rules."{rule.id}".measure',
            f"is {rule.measure}, but the rule {rule.id} belongs to measure {named[1]} (its id names it): the ledger "
            f"and the report would cite article {rule.measure}",
            hint=f"write measure = {named[1]}: a rule's measure is the number its id starts with",
        )
    pays = rule.cap is None or rule.cap > 0
    if pays and rule.payer == "none":
        why = "it has no cap: its amount comes from the data" if rule.cap is None else f"its cap is {rule.cap} 万元"
        raise r.fail(
            f'rules."{rule.id}".payer',
            f"is 'none', but {rule.id} pays money ({why}): the report's per-budget tables would leave that money out",
            hint='write payer = "city" (市财政给予) or "county" (县（市、区）财政给予), as the article says',
        )
    if not pays and rule.payer != "none":
        raise r.fail(
            f'rules."{rule.id}".payer',
            f"is {rule.payer!r}, but {rule.id} pays no money (its cap is 0): the report would list it under a budget",
            hint='write payer = "none" (commendations, the whitelist: no money), '
            "or give the rule a cap above 0 if it pays money",
        )


def _check_names(r: _Reader, p: Policy) -> None:
    """One county per normalised name or alias, none equal to a name of the city itself; one whitelist
    category per name."""
    # normalised name → (the entry that holds it, the county's name, the key it is under, the name as written)
    owner: dict[str, tuple[int, str, str, str]] = {}
    for i, c in enumerate(p.counties):
        for j, name in enumerate((c.name, *c.aliases)):
            field = "name" if j == 0 else "aliases"
            key = f"counties.{i}.{field}"
            norm = normalize_name(name)
            if not norm:
                raise r.fail(key, "holds an empty name")
            if norm in owner and (owner[norm][1] != c.name or j == 0):
                # the entry read second, and the one it collides with, by name and 1-based position: the analyst
                # may have edited either, and `counties.1` reads as the first entry to a person (review 25, F10)
                there, other, other_field, written = owner[norm]
                here, first = _describe_county_entry(i, c.name), _describe_county_entry(there, other)
                raise r.fail(
                    field,
                    f"of {here} holds {name!r}, which {first} holds too (its {other_field!r}: {written!r}): a name "
                    "may mean one county only",
                    hint="keep the name under the one county it means, and remove it from the other entry",
                )
            owner[norm] = (i, c.name, field, name)
    for name in (p.city_name, *p.city_aliases):
        if not normalize_name(name):
            raise r.fail("city", "holds an empty name")
        if normalize_name(name) in owner:
            raise r.fail("city", f"{name!r} names the city and the county {owner[normalize_name(name)][1]}")
    for name in p.province_names:
        if not normalize_name(name):
            raise r.fail("province", "holds an empty name")
        if normalize_name(name) in owner:
            raise r.fail("province", f"{name!r} names the province and the county {owner[normalize_name(name)][1]}")
    seen_categories: dict[str, str] = {}
    if not p.m7_record_kind_words or not all(normalize_name(w) for w in p.m7_record_kind_words):
        raise r.fail("m7.record_kind_words", "must list at least one non-empty word (e.g. 违法)")
    for key, words in (
        ("m7.record_kind_negations", p.m7_record_kind_negations),
        ("m7.record_kind_honours", p.m7_record_kind_honours),
    ):
        if not all(normalize_name(w) for w in words):
            raise r.fail(key, "holds an empty word (it would match every kind)")
    for c in p.m7_categories:
        for name in (c.key, c.zh, *c.aliases):
            norm = normalize_name(name)
            if norm in seen_categories and seen_categories[norm] != c.key:
                raise r.fail(f"m7.categories.{c.key}", f"{name!r} also names the category {seen_categories[norm]}")
            seen_categories[norm] = c.key


def _describe_county_entry(i: int, name: str) -> str:
    """The i-th (0-based) [[counties]] entry as a person counts it: "the 2nd [[counties]] entry (兖州区)"."""
    n = i + 1
    if n % 10 == 1 and n % 100 != 11:
        return f"the {n}st [[counties]] entry ({name})"
    if n % 10 == 2 and n % 100 != 12:
        return f"the {n}nd [[counties]] entry ({name})"
    if n % 10 == 3 and n % 100 != 13:
        return f"the {n}rd [[counties]] entry ({name})"
    return f"the {n}th [[counties]] entry ({name})"


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
        for lower, higher in zip(t.tiers, t.tiers[1:]):
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


def _check_money(r: _Reader, p: Policy) -> None:
    """Amounts within their rule's cap, rank 1 paid the most, and thresholds an enterprise or a candidate can
    reach in 万元 (one written in 元 is 10 000 times too large, and no row would ever reach it)."""
    for i, (higher, lower) in enumerate(zip(p.m1_awards, p.m1_awards[1:])):
        if lower > higher:
            raise r.fail(
                "m1.awards",
                f"pays rank {i + 2} {lower}, more than rank {i + 1}'s {higher}: a higher rank must not get less",
                hint="list the amounts from rank 1 down, as the text does (分别给予……)",
            )
    titles = {"m2.title": p.m2_title, "m6.base": p.m6_base}
    amounts = [(key, f"{key}.tiers", t.award) for key, rule in _tier_rules(p).items() for t in rule.tiers]
    amounts += [(key, f"{key}.award", rule.award) for key, rule in titles.items()]
    # measure 1's rankings all pay from m1.awards (review 30: a cap of 40 under 50/40/30 paid 50 with exit 0)
    amounts += [(rid, "m1.awards", a) for rid, x in p.rules.items() if x.measure == 1 for a in p.m1_awards[:1]]
    for rule_id, key, amount in amounts:
        cap = p.rules[rule_id].cap
        if cap is not None and amount > cap:
            raise r.fail(
                key,
                f"pays {amount} 万元, above the cap of {rule_id} under [rules] ({cap} 万元)",
                hint=f'the amounts are in 万元: lower it, or raise rules."{rule_id}".cap if the text allows more',
            )
    thresholds = [(f"{key}.tiers", t.threshold) for key, rule in _tier_rules(p).items() for t in rule.tiers]
    thresholds += [(f"m2.commend.rules.{i}.threshold", c.threshold) for i, c in enumerate(p.m2_commend)]
    bounds = [(key, value, ENTERPRISE_MONEY_HIGH) for key, value in thresholds]
    bounds += [(f"m7.categories.{c.key}.revenue", c.revenue, CANDIDATE_REVENUE_HIGH) for c in p.m7_categories]
    per_yuan = BUREAU_UNITS["元"]
    for key, value, high in bounds:
        if value >= Decimal(str(high)):
            raise r.fail(
                key,
                f"is {_plain(value)} 万元, at or above {_plain(Decimal(str(high)))} 万元, which no enterprise's "
                "figure reaches (the same bound reads such a figure in the data as 元)",
                hint=f"the policy's money is in 万元: {_plain(value)} 元 is written {_plain(value * per_yuan)}",
            )


def _tier_rules(p: Policy) -> dict[str, Any]:
    return {"m2.tier2022": p.m2_tier2022, "m2.tier2023": p.m2_tier2023}


def _check_weights(r: _Reader, p: Policy) -> None:
    """m1.weight_scale and weight_growth: two fractions summing to 1, as `--weights` (F3: 0.6 and 40 paid
    80 万元 more with exit 0)."""
    scale, growth = Decimal(str(p.m1_weight_scale)), Decimal(str(p.m1_weight_growth))
    problem = weights_problem(scale, growth)
    if problem:
        raise r.fail(
            "m1.weight_scale",
            f"and m1.weight_growth ({_plain(scale)}, {_plain(growth)}): {problem[0]}",
            hint=problem[1],
        )


def _check_one_rule_each(r: _Reader, p: Policy) -> None:
    """Lists that must name each of a fixed set once: measure 1's categories (the rankings are built from the
    list: one left out was never computed), the m2/m6 group in both lists that name it, and each title under
    one rule only."""
    for key, listed, known in (
        ("m1.category_order", p.m1_category_order, M1_CATEGORIES),
        ("groups.enterprise_precedence", p.enterprise_group, ENTERPRISE_GROUP),
        ("m2.precedence", p.m2_precedence, ENTERPRISE_GROUP),
    ):
        missing = [x for x in known if x not in listed]
        if missing or len(listed) != len(known) or set(listed) != set(known):
            what = f"lacks {', '.join(map(repr, missing))}" if missing else f"is {list(listed)}"
            raise r.fail(
                key,
                f"{what}: it must list each of {', '.join(map(repr, known))} exactly once",
                hint="reorder the list if you mean another order; leave none out and add none",
            )
    # --budget scales the "up to" (最高) awards and no other (RULES.md §2): a fixed award listed would be cut, an
    # up-to award left out would escape the budget
    up_to = {"m2.tier2022": p.m2_tier2022, "m2.tier2023": p.m2_tier2023, "m2.title": p.m2_title, "m6.base": p.m6_base}
    known = tuple(rule_id for rule_id, rule in up_to.items() if rule.up_to)
    listed = p.m2_budget_scaled
    missing = [x for x in known if x not in listed]
    if missing or len(listed) != len(known) or set(listed) != set(known):
        what = f"lacks {', '.join(map(repr, missing))}" if missing else f"is {list(listed)}"
        raise r.fail(
            "m2.budget_scaled",
            f"{what}: it must list each of {', '.join(map(repr, known))} exactly once",
            hint="list the rules whose award is up to (最高, up_to = true) and no other: --budget scales those",
        )
    m2_titles = {normalize_name(t): t for t in p.m2_title.titles}
    for title in p.m6_base.titles:
        if normalize_name(title) in m2_titles:
            raise r.fail(
                "m6.base.titles",
                f"holds {title!r}, which m2.title.titles also holds: one title is paid by one rule",
                hint="keep it under the rule whose clause names it (示范基地: m6.base), not under both",
            )


def _percent(rate: float) -> str:
    """A fraction as the percentage it would be, without trailing zeros: 1 → 100, 0.5 → 50."""
    return format((Decimal(str(rate)) * 100).normalize(), "f")


def _check_measure_parameters(r: _Reader, p: Policy) -> None:
    """The parameters of measures 1, 2, 3, 4, 7 and 8 within their ranges."""
    if not 0 <= p.m1_score_decimals <= 12:
        raise r.fail("m1.score_decimals", f"must be 0..12, not {p.m1_score_decimals}")
    smallest = Decimal(1).scaleb(-p.m1_score_decimals)
    if Decimal(str(p.m1_normalise_to)) < smallest:
        # 0 makes every score 0 by construction, and a scale below the scores' last decimal rounds them all to 0:
        # the tie-break (growth, then scale, then name) alone would decide the money (review 25, F2)
        raise r.fail(
            "m1.normalise_to",
            f"is {_plain(Decimal(str(p.m1_normalise_to)))}: it must be at least {_plain(smallest)} "
            f"(1 at the last of m1.score_decimals = {p.m1_score_decimals} places), or every score rounds to 0 and "
            "the tie-break alone decides the money",
            hint="the scale of the scores: the shipped file's 100 gives scores from 0 to 100",
        )
    limit = p.m1_province_growth_bare_limit
    if not 0 < limit <= 1:
        raise r.fail("m1.province_growth_bare_limit", f"must be above 0 and at most 1, not {limit}")
    warn = p.m1_province_growth_bare_warn
    if not 0 < warn <= 1:  # at or above the limit it warns of nothing: allowed
        raise r.fail("m1.province_growth_bare_warn", f"must be above 0 and at most 1, not {warn}")
    for key, table in (
        ("m1.province_growth", p.m1_province_growth),
        ("m1.province_rural_growth", p.m1_province_rural_growth),
    ):
        for year, rate in table.items():
            if abs(Decimal(str(rate))) >= limit:
                written = r.get(f"{key}.{year}.value")
                raise r.fail(
                    f"{key}.{year}.value",
                    f"is {written}, which would be {_percent(rate)}%: a fraction is meant (0.105 for 10.5%); a value "
                    f"at or beyond ±{limit} (m1.province_growth_bare_limit) is almost certainly a percentage "
                    "written without %",
                )
    for i, c in enumerate(p.m2_commend):
        if c.count < 1:
            raise r.fail(f"m2.commend.rules.{i}.count", f"must be 1 or more, not {c.count}")
    if not 0 <= p.m3_ratio_min <= p.m3_ratio_max <= 1:
        raise r.fail("m3.fiscal", f"needs 0 ≤ ratio_min ≤ ratio_max ≤ 1, not {p.m3_ratio_min}..{p.m3_ratio_max}")
    if p.m4_newshops_more_than < 0:
        raise r.fail("m4.newshops_more_than", f"must be 0 or more, not {p.m4_newshops_more_than}")
    if p.m4_migrated_top < 1:
        raise r.fail("m4.migrated_top", f"must be 1 or more, not {p.m4_migrated_top}")
    if p.m7_lookback_years < 1:
        raise r.fail(
            "m7.lookback_years",
            f"must be 1 or more, not {p.m7_lookback_years}: {LOOKBACK_WHY}",
            hint="the text requires no record (无违法违规和不良信用记录): the shipped file looks back 3 years",
        )
    for c in p.m7_categories:
        if c.employees < 0:
            raise r.fail(f"m7.categories.{c.key}.employees", f"must be 0 or more, not {c.employees}")
    _check_hires(r, p)


def _check_hires(r: _Reader, p: Policy) -> None:
    """Measure 8: at least one month, a college word that is a word, a trainer category the whitelist has,
    a mask that hides something."""
    m8 = p.m8
    if m8.consecutive_months < 1:
        raise r.fail("m8.consecutive_months", f"must be 1 or more, not {m8.consecutive_months}")
    if not m8.college_words or not all(normalize_name(w) for w in m8.college_words):
        raise r.fail("m8.college_words", "must list at least one non-empty word (e.g. 院校)")
    if p.category(m8.trainer_category) is None:
        keys = ", ".join(c.key for c in p.m7_categories) or "none"
        raise r.fail(
            "m8.trainer_category", f"is {m8.trainer_category!r}, not a category under [m7.categories] ({keys})"
        )
    for key in ("mask_keep_first", "mask_keep_last"):
        if getattr(m8, key) < 0:
            raise r.fail(f"m8.{key}", f"must be 0 or more, not {getattr(m8, key)}")
    hidden = PERSON_ID_LENGTH - m8.mask_keep_first - m8.mask_keep_last
    if hidden < MASK_HIDDEN_MIN:
        # one hidden digit follows from the others and the GB 11643 check digit (review 25, F6)
        raise r.fail(
            "m8.mask_keep_first",
            f"and m8.mask_keep_last ({m8.mask_keep_first}, {m8.mask_keep_last}) hide {max(hidden, 0)} of an "
            f"{PERSON_ID_LENGTH}-character person id: at least {MASK_HIDDEN_MIN} must be hidden, or the id can be "
            "worked out from what is shown and its check digit",
            hint=f"keep at most {PERSON_ID_LENGTH - MASK_HIDDEN_MIN} characters in all: the shipped file keeps 4 and 4",
        )
    if len(m8.mask_char) != 1 or not m8.mask_char.strip():
        raise r.fail("m8.mask_char", f"must be one visible character such as '*', not {m8.mask_char!r}")
    if m8.mask_char.isalnum():
        raise r.fail(
            "m8.mask_char",
            f"is {m8.mask_char!r}, a letter or a digit: a masked id would read as an id",
            hint="use a sign such as '*'",
        )


def _check_coverage(r: _Reader, p: Policy) -> None:
    """[[coverage]]: each entry names articles the file has, opens exactly one sentence of each, names known rules
    and says why when nothing computes it; together the entries cover every sentence exactly once."""
    if not p.coverage:
        return
    numbers = {a.number for a in p.articles} | ({0} if p.preamble or p.closing else set())
    covered: dict[tuple[int, int], int] = {}
    cut: dict[int, list[str]] = {}  # article → its sentences, cut once (not once per coverage entry)
    folded: dict[int, list[str]] = {}  # article → its sentences as normalize_name makes them
    for n in numbers:
        cut[n] = sentences(p.text_of(n))
        folded[n] = [normalize_name(s) for s in cut[n]]
    for i, c in enumerate(p.coverage):
        k = f"coverage.{i}"
        for rule in c.rules:
            if rule not in p.rules:
                raise r.fail(f"{k}.rules", f"names rule {rule!r}, which is not under [rules]")
        if not c.computed and not c.note_en.strip():
            raise r.fail(f"{k}.note_en", "must say why the sentence is not computable (no rules, no by)")
        for n in c.articles:
            if n not in numbers:
                raise r.fail(f"{k}.articles", f"names article {n}, which the file does not have")
            quote = normalize_name(c.quote)
            hits = [j for j, s in enumerate(folded[n]) if s.startswith(quote)]
            if len(hits) != 1:
                what = "no sentence" if not hits else f"{len(hits)} sentences"
                raise r.fail(f"{k}.quote", f"{c.quote!r} opens {what} of article {n} (it must open exactly one)")
            if (n, hits[0]) in covered:
                raise r.fail(
                    f"{k}.quote", f"covers sentence {hits[0] + 1} of article {n} again (coverage.{covered[n, hits[0]]})"
                )
            covered[n, hits[0]] = i
    for n in sorted(numbers):
        for j, s in enumerate(cut[n]):
            if (n, j) not in covered:
                raise r.fail("coverage", f"does not cover sentence {j + 1} of article {n}: {s[:30]}…")


def _toml_path(path: tuple[str, ...]) -> str:
    """The key as TOML writes it: a part that is not a bare key (a dot, a space, Chinese) in quotes, so that
    `m1."pay.err"` and `m1.pay.err` are told apart."""
    import json
    import re

    return ".".join(p if re.fullmatch(r"[A-Za-z0-9_-]+", p) else json.dumps(p, ensure_ascii=False) for p in path)


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
                raise r.fail(
                    _toml_path(path), "is not a key jncli reads (a misspelling, or a rule jncli does not have?)"
                )
            return
        if path and path not in read_under:
            raise r.fail(_toml_path(path), "is not a table jncli reads (a misspelling, or a rule jncli does not have?)")
        for k, v in items:
            walk(v, (*path, str(k)))

    read_under = {s[:i] for s in r.seen for i in range(1, len(s) + 1)}  # every table that holds a key read
    walk(r.data, ())
