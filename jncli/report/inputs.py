"""The report's account of the run itself: every input file and its use, where "received before"
comes from, the measures not run and the options (so a reader can tell what the money rests on).

Files passed over (not tables, by their extension) are named on stderr and in the manifest, not here:
the report depends on the inputs only.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jncli.annual import Run


def _inputs_and_options(r: Run, t: dict) -> list[str]:
    """The input files (kind, rows, which measures they feed, hash), the measures not run and why, the options."""
    from jncli.annual.names import shown_name
    from jncli.report.page import _plain_table, esc

    lang = r.parsed.lang
    out = [f"<h2>{esc(t['inputs'])}</h2>"]
    out.append(
        _plain_table([t["file"], t["kind"], t["rows"], t["feeds"], t["sha"], t["reading"]], _input_rows(r, t), {2})
    )
    out.append(f"<h3>{esc(t['skipped'])}</h3>")

    def skipped_row(key: str, why: str) -> str:
        from jncli.annual.needs import need
        from jncli.rules import in_lang

        n = need(key)
        text = t["skipped_row"].format(
            name=", ".join(n.steps) or "award-enterprises",
            measures=", ".join(map(str, n.articles)),
            why=in_lang(
                why, lang
            ),  # `--skip 7 (measure 8 reads measure 7's result)`: a message, in the page's language
        )
        return f"<li>{esc(text)}</li>"

    out.append(
        "<ul>" + "".join(skipped_row(key, why) for key, why in r.skipped.items()) + "</ul>"
        if r.skipped
        else f"<p>{esc(t['skipped_none'])}</p>"
    )
    out.append(f"<h3>{esc(t['options'])}</h3>")
    s, p = r.settings, r.parsed
    opts = [
        (t["year"], p.year),
        (t["province_growth"], s.province_growth or t["none"]),
        (t["province_rural_growth"], s.province_rural_growth or t["none"]),
        (t["as_of"], p.as_of.isoformat()),
        (t["budget"], s.budget or t["none"]),
        (t["eligibility"], p.eligibility),
        (t["reassign"], t["yes"] if p.reassign else t["no"]),
        (t["previous"], shown_name(os.path.basename(s.previous_whitelist)) if s.previous_whitelist else t["none"]),
        (t["prior_opt"], ", ".join(shown_name(os.path.basename(x)) for x in s.prior) or t["none"]),
        (t["first_year_opt"], t["yes"] if s.first_year else t["no"]),
        (t["skip_opt"], ", ".join(p.skip) or t["none"]),
        (t["margins"], t["yes"] if s.margins else t["no"]),
        (
            t["compare_with"],
            shown_name(os.path.basename(os.path.normpath(s.compare_with))) if s.compare_with else t["none"],
        ),
        (t["lang"], lang),
    ]
    if s.trainers:  # only when given: a run without it writes the report it wrote before the option existed
        opts.insert(8, (t["trainers_opt"], shown_name(os.path.basename(s.trainers))))
    out.append(_plain_table([t["option"], t["value"]], [list(o) for o in opts]))
    return out


def _input_rows(r: Run, t: dict) -> list[list[Any]]:
    """Every file of the run and its use: the tables (the steps they fed, or why not), the ledgers of what
    was received before, the last whitelist and DATA/inputs.toml."""
    from jncli.rules import in_lang

    rows = []
    for f in r.found.inputs + [f for f in (r.previous_whitelist, r.trainers) if f is not None] + r.prior:
        fed = [s.name for s in r.steps.values() if f.name in s.inputs]
        use = ", ".join(fed) if fed else t["not_used"].format(why=_why_unused(r, f.kind))
        if f.origin:
            use = f"{use} ({t['received_from'].format(origin=t['origins'].get(f.origin, f.origin))})"
        notes = [f"{k} = {v}" for k, v in f.settings.items()] + [in_lang(x, r.parsed.lang) for x in f.reading]
        rows.append([f.name, f.kind, f.rows, use, f.sha256[:16] + "…", "; ".join(notes)])
    if r.found.config is not None:
        rows.append([r.found.config.name, "", "", t["config_use"], r.found.config.sha256[:16] + "…", ""])
    return rows


def _why_unused(r: Run, kind: str) -> str:
    from jncli.annual.needs import NEEDS

    return ", ".join(f"--skip {n.key}" for n in NEEDS if n.key in r.skipped and kind in (*n.required, *n.optional))


def _received(r: Run, t: dict) -> list[str]:
    """Where "received before" (the top-up across years) comes from, per earlier year of the period."""
    from jncli.annual.received import received_lines
    from jncli.report.page import esc
    from jncli.rules import in_lang

    lines = [in_lang(line, r.parsed.lang) for line in received_lines(r.received)]
    if not lines:
        lines = [t["received_none"].format(year=r.parsed.year)]
    return [f"<h3>{esc(t['received_title'])}</h3>", "<ul>" + "".join(f"<li>{esc(x)}</li>" for x in lines) + "</ul>"]
