"""Tables that describe jncli itself: the policy in force (`jncli policy`) and the schemas (`jncli schema`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from jncli import schema as schemas
from jncli.errors import UsageError
from jncli.policy import Policy, normalize_name

# Which article each top-level policy section comes from (0 = the closing clause on period and 就高).
_SECTION_ARTICLE = {
    "m1": 1,
    "m2": 2,
    "m3": 3,
    "m4": 4,
    "m6": 6,
    "m7": 7,
    "m8": 8,
    "period": 0,
    "precedence": 0,
    "meta": 0,
    "counties": 0,
    "city": 0,
    "groups": 0,
}
_SKIP = {"articles", "clause", "clause_en", "title", "title_en", "preamble", "closing"}


def _flatten(node: Any, key: str = "") -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        out = []
        for k, v in node.items():
            if k in _SKIP and key:  # clause texts are shown beside their parameters, not as parameters
                continue
            sub = f'{key}."{k}"' if "." in k else (f"{key}.{k}" if key else k)
            out += _flatten(v, sub)
        return out
    if isinstance(node, list) and node and all(isinstance(x, dict) for x in node):
        out = []
        for i, x in enumerate(node):
            out += _flatten(x, f"{key}.{i}")
        return out
    return [(key, node)]


def _value_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_value_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _clause(raw: dict, key: str, lang: str) -> str:
    """The clause text of the nearest section above `key` that has one."""
    field = "clause" if lang == "zh" else "clause_en"
    parts = key.replace('"', "").split(".")
    node_chain = []
    node: Any = raw
    for p in parts:
        if isinstance(node, dict) and p in node:
            node = node[p]
            node_chain.append(node)
        else:
            break
    for node in reversed(node_chain):
        if isinstance(node, dict) and field in node:
            return node[field]
    return ""


def policy_table(policy: Policy, lang: str = "zh") -> pl.DataFrame:
    """Every parameter of the policy in force with its article and clause text."""
    rows = []
    raw = {k: v for k, v in policy.raw.items() if k not in ("articles", "counties", "coverage")}
    for c in policy.counties:  # one row per county rather than one per field
        kind = ("县（市、区）" if c.kind == "county" else "功能区") if lang == "zh" else c.kind
        rows.append(
            {
                "parameter": f"counties.{c.name}",
                "value": f"{kind} {c.code}".strip() + f"; {', '.join(c.aliases)}",
                "article": "",
                "clause": "",
            }
        )
    for key, value in _flatten(raw):
        section = key.split(".")[0]
        if key.startswith("rules."):
            rule_id = key.split('"')[1]
            article = policy.rules[rule_id].measure if rule_id in policy.rules else 0
        else:
            article = _SECTION_ARTICLE.get(section, 0)
        if article:
            a = policy.article(article)
            where = f"第{_CN_NUM[article]}条 {a.title}" if lang == "zh" else f"Article {article}: {a.title_en}"
            clause = _clause(policy.raw, key, lang) or (a.text if lang == "zh" else a.summary_en)
        elif section in ("period", "precedence", "groups"):
            where = "施行期与就高原则" if lang == "zh" else "Closing clause (period, highest award only)"
            clause = _clause(policy.raw, key, lang) or (
                policy.precedence_clause if lang == "zh" else policy.precedence_clause_en
            )
        else:
            where, clause = "", ""
        rows.append({"parameter": key, "value": _value_text(value), "article": where, "clause": clause})
    head = {
        "parameter": "policy",
        "value": f"{policy.document} {policy.title}" if lang == "zh" else policy.title_en,
        "article": "",
        "clause": f"{policy.source} sha256 {policy.sha256[:12]}",
    }
    rows.sort(key=lambda r: r["parameter"].startswith("counties."))  # parameters first, the county list last
    return pl.DataFrame(
        [head, *rows], schema={"parameter": pl.String, "value": pl.String, "article": pl.String, "clause": pl.String}
    )


COVERAGE_COLUMNS = ("article", "sentence", "rules", "how")


def coverage_table(policy: Policy, lang: str = "zh") -> pl.DataFrame:
    """`jncli policy --coverage`: every sentence of the text, in the order of the text, with the rule ids that compute
    it or why it is not computable — from the policy file's [[coverage]] table (data, not code)."""
    from jncli.policy import sentences

    if not policy.coverage:
        raise UsageError(
            f"the policy file {policy.source} has no [[coverage]] table: nothing says which rule computes which "
            "sentence of its text"
        )
    zh = lang == "zh"
    entry: dict[tuple[int, int], Any] = {}
    for c in policy.coverage:
        for n in c.articles:  # the policy check made sure each quote opens exactly one sentence
            for j, text in enumerate(sentences(policy.text_of(n))):
                if normalize_name(text).startswith(normalize_name(c.quote)):
                    entry[n, j] = c
    numbers = ([0] if policy.preamble or policy.closing else []) + [a.number for a in policy.articles]
    rows = []
    for n in numbers:
        if n == 0:
            where = "总则与施行期" if zh else "preamble and closing"
        else:
            a = policy.article(n)
            where = f"第{_CN_NUM.get(n, n)}条 {a.title}" if zh else f"{n}. {a.title_en}"
        for j, text in enumerate(sentences(policy.text_of(n))):
            c = entry[n, j]
            note = c.note if zh else c.note_en
            if c.computed:
                how = "；".join(x for x in (c.by, note) if x) if zh else "; ".join(x for x in (c.by, note) if x)
            else:
                how = f"不可计算：{note}" if zh else f"not computable, because {note}"
            rows.append({"article": where, "sentence": text, "rules": ", ".join(c.rules), "how": how})
    return pl.DataFrame(rows, schema=dict.fromkeys(COVERAGE_COLUMNS, pl.String))


_CN_NUM = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十", 11: "十一"}


def schema_table(name: str | None) -> pl.DataFrame:
    """Columns of one canonical table (or all of them): type, unit, required, aliases."""
    if name is not None and name not in schemas.SCHEMAS:
        raise UsageError(f"unknown table {name!r}; one of: {', '.join(schemas.SCHEMAS)}")
    chosen = [schemas.SCHEMAS[name]] if name else list(schemas.SCHEMAS.values())
    rows = []
    for s in chosen:
        for c in s.columns:
            rows.append(
                {
                    "table": s.name,
                    "column": c.name,
                    "type": c.type,
                    "unit": c.unit or "",
                    "required": c.required,
                    "description": c.description,
                    "aliases": ", ".join(a for a in c.aliases if a != c.name),
                }
            )
    return pl.DataFrame(
        rows,
        schema={
            "table": pl.String,
            "column": pl.String,
            "type": pl.String,
            "unit": pl.String,
            "required": pl.Boolean,
            "description": pl.String,
            "aliases": pl.String,
        },
    )
