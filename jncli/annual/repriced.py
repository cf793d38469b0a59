"""--compare-with a run under another policy file: does the comparison re-price an earlier year?

When either run took what an enterprise received in an earlier year from its own evaluation of the data rows
(not from what was paid), a comparison of runs under two policy files that price that year differently shows
the re-pricing as part of its difference (docs/annual.md, --compare-with). Split from received.py on its length.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jncli.policy.pricing import received_pricing

if TYPE_CHECKING:
    from jncli.policy import Policy


def compared_run(folder: str) -> dict:
    """What the manifest of the --compare-with run says of its policy and of where its "received" came from
    (recorded in this run's manifest, so verify warns as the run did without that folder); {} without one."""
    from jncli.annual.audit import read_manifest  # audit imports compute, which imports this

    doc = read_manifest(folder, quiet=True)
    try:
        sha = str(doc["policy"]["sha256"])
        received = doc.get("received") or []
        data = sorted({int(x["year"]) for x in received if isinstance(x, dict) and x.get("source") == "data"})
    except (KeyError, TypeError, ValueError):
        return {}
    facts = {"policy_sha256": sha, "received_from_data": data}
    pricing = _pricing_of_run(doc["policy"], sha)
    if pricing is not None:
        facts["policy_received_pricing"] = pricing
    return facts


def _pricing_of_run(recorded: dict, sha: str) -> str | None:
    """`received_pricing` of the policy an earlier run used, when its text is still at hand with the SHA-256 its
    manifest recorded: the shipped file of this jncli, or the --policy file where the run read it; else None."""
    from jncli.annual.audit import _shipped_policy_path
    from jncli.errors import JncliError
    from jncli.policy import load_policy

    path = _shipped_policy_path() if recorded.get("shipped") is True else recorded.get("path")
    if not isinstance(path, str) or not path:
        return None
    try:
        policy = load_policy(path)
    except JncliError:
        return None  # moved, edited or no longer valid: its text is not that run's
    return received_pricing(policy.raw) if policy.sha256 == sha else None


def repriced_warning(name: str, facts: dict, policy: Policy, received: list[dict], year: int) -> list[str]:
    """--compare-with a run under another policy file while either run took "received" in an earlier year from
    its own evaluation of the data rows: the comparison re-prices that year (what was paid is a fact) — unless
    the other run's policy text was at hand and prices the earlier years as this one does (review 25 F8)."""
    from jncli.rules import Said

    if not facts or facts.get("policy_sha256") == policy.sha256:
        return []
    if facts.get("policy_received_pricing") == received_pricing(policy.raw):
        return []  # the two files differ only where the earlier years' awards are not priced (measure 1's weights)
    here = {int(r["year"]) for r in received if r.get("source") == "data"}
    years = sorted(here | set(facts.get("received_from_data") or []))
    if not years:
        return []
    ys, zh_ys = ", ".join(map(str, years)), "、".join(map(str, years))
    return [
        Said(
            f"--compare-with {name}: that run used another policy file, and what was received in {ys} is computed "
            f"from the data rows (not taken from what was paid), so the comparison re-prices {ys}: its difference "
            f"is not what the change costs in {year}. For a change from {year} on give both runs --prior with the "
            f"{ys} ledger of what was paid; for a retroactive one compare `award-enterprises --all-years` ledgers "
            f"(docs/compare.md)",
            f"--compare-with {name}：该次运行使用另一政策文件，且{zh_ys}年度已领取金额按数据行测算（并非实际发放），"
            f"因此对比把{zh_ys}年度重新定价：差额不是该调整在{year}年度的成本。"
            f"如调整自{year}年度起施行，请两次运行均以 --prior 提供{zh_ys}年度实际发放台账；"
            f"如追溯施行，请对比 `award-enterprises --all-years` 的台账（见 docs/compare.md）",
        )
    ]
