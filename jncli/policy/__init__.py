"""Typed loader for policy files (`jncli/policies/*.toml`).

The policy file holds every number, date, list and clause text; rule modules read them from the
`Policy` object this module returns and never write a policy number themselves. A malformed or
incomplete file is rejected with a `PolicyError` naming the key.

Selection: `--policy FILE`, else the `JNCLI_POLICY` environment variable, else the shipped
`jining-2022.toml`. No polars here: `jncli policy` stays light.

The parts, one module each: `model` (the `Policy` and its records, `normalize_name`), `read`
(TOML → `Policy`, naming the key of anything missing or mistyped), `check` (the checks of a loaded
policy, unknown keys included), `load` (choosing the file and loading it).
"""

from __future__ import annotations

from jncli.policy.load import DEFAULT_POLICY, is_shipped, load_policy, policy_path
from jncli.policy.model import (
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
    normalize_name,
    sentences,
)

__all__ = [
    "DEFAULT_POLICY",
    "M1_CATEGORIES",
    "RULE_IDS",
    "Article",
    "CommendRule",
    "County",
    "Coverage",
    "HiresRule",
    "Policy",
    "RuleInfo",
    "Sourced",
    "Tier",
    "TierRule",
    "TitleRule",
    "WhitelistCategory",
    "is_shipped",
    "load_policy",
    "normalize_name",
    "parse_policy",
    "sentences",
    "policy_path",
]


def __getattr__(name: str):
    """`M1_CATEGORIES`, `RULE_IDS` (from `check`) and `parse_policy` (`read`) when asked for: a run of the shipped
    policy (its generated module) imports neither module (~1 ms)."""
    if name in ("M1_CATEGORIES", "RULE_IDS"):
        from jncli.policy import check

        return getattr(check, name)
    if name == "parse_policy":
        from jncli.policy.read import parse_policy

        return parse_policy
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
