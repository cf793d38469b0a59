"""What in a policy file prices what an enterprise received in an earlier year (measures 2, 3 and 6).

`received_pricing` is the SHA-256 of those parts: two files with the same value price an earlier year alike,
whatever else they change (measure 1's weights, measure 7's window). Used by `annual --compare-with`
(jncli/annual/repriced.py) and by award-enterprises' "received … priced under this policy" warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jncli.policy.model import Policy

# The parts of a policy file that do not price what an enterprise received in an earlier year (measures 2, 3
# and 6, RULES.md §2 "Received"): the other measures' tables and rules, the texts of the articles, and words that
# are only said (clauses, the rules' names, the document's title). Everything else — tiers, titles, base, commend, caps,
# budget_scaled, award_decimals, precedence, groups, period, counties — is compared: a change there may re-price.
_NOT_PRICING_TABLES = ("m1", "m4", "m7", "m8", "articles", "coverage")
_NOT_PRICING_RULES = ("m1.", "m4.", "m7.", "m8.")
_NOT_PRICING_KEYS = ("clause", "clause_en")  # anywhere (a county's `name` is no clause: it is compared)
_NOT_PRICING_RULE_KEYS = ("name", "name_en")
_NOT_PRICING_META = ("id", "title", "title_en", "document", "issuer", "preamble", "closing")


def received_pricing(raw: dict) -> str:
    """The SHA-256 of what in a policy file (its TOML as read) prices an earlier year's "received": two policy
    files with the same value price the earlier year alike, whatever else they change (measure 1's weights)."""
    import hashlib
    import json

    def said_only_dropped(node):
        if isinstance(node, dict):
            return {k: said_only_dropped(v) for k, v in node.items() if k not in _NOT_PRICING_KEYS}
        if isinstance(node, list):
            return [said_only_dropped(v) for v in node]
        return node

    kept = {k: v for k, v in raw.items() if k not in _NOT_PRICING_TABLES}
    if isinstance(kept.get("rules"), dict):
        kept["rules"] = {
            k: {n: x for n, x in v.items() if n not in _NOT_PRICING_RULE_KEYS} if isinstance(v, dict) else v
            for k, v in kept["rules"].items()
            if not str(k).startswith(_NOT_PRICING_RULES)
        }
    if isinstance(kept.get("meta"), dict):
        kept["meta"] = {k: v for k, v in kept["meta"].items() if k not in _NOT_PRICING_META}
    text = json.dumps(said_only_dropped(kept), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def prices_received_as_shipped(policy: Policy) -> bool:
    """Does `policy` price an earlier year's "received" as the shipped file does (the shipped file itself, or a
    copy that changes only what does not price it)?"""
    from jncli.policy.load import is_shipped

    if is_shipped(policy):
        return True
    return received_pricing(policy.raw) == received_pricing(_shipped_data())


def _shipped_data() -> dict:
    """The shipped policy file's data (its TOML as read): from its generated module when that was made from these
    bytes (`jncli.policy._shipped`, no parse, as `load` uses it), else parsed."""
    from jncli.policy.load import UTF8_BOM, _sha256, _shipped_bytes

    raw = _shipped_bytes()
    try:
        from jncli.policy import _shipped

        if _sha256(raw) == _shipped.SHA256:
            return _shipped.data()
    except ImportError:  # an install without it: the TOML is read
        pass
    import tomllib

    return tomllib.loads(raw.removeprefix(UTF8_BOM).decode("utf-8"))
