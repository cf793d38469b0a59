"""report.html: one self-contained page (no script, no image file, no URL) — the awards per measure, the
county ranking with the growth tests, the enterprise tiers, shop growth per county and month, the
whitelist changes, every warning, the policy articles cited, and charts.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jncli.report.charts import _Charts, chart_awards, chart_scores, chart_shops_by_month
from jncli.report.hires import measure_8
from jncli.report.inputs import _inputs_and_options, _received
from jncli.report.payers import payer_section, rule_summary
from jncli.report.words import (
    CATEGORY,
    CHANGE,
    DECISION,
    KIND,
    LABELS,
    STATUS,
    STATUS_COLOURS,
    T,
    _money,
    _ratios_as_numbers,
    _word,
    _zh_number,
    headers,
    label,
)

if TYPE_CHECKING:
    import polars as pl

    from jncli.annual import Run

HTML_MAX_ROWS = 500  # a table longer than this is cut in the HTML (report.xlsx and the CSVs have every row)
CJK_FONTS = (
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'Hiragino Sans GB', "
    "'WenQuanYi Micro Hei', SimHei, 'Noto Sans SC', sans-serif"
)


# ------------------------------------------------------------------------------------------ HTML pieces
def esc(value: Any) -> str:
    """`html.escape(text, quote=True)`: its five replacements, in its order (& first), without importing `html`
    for them — its import loads the 2,231 named character references of `html.entities` (~2 ms of a run)."""
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#x27;")


def _cell(value: Any, dtype, lang: str, column: str) -> tuple[str, bool]:
    """(text, numeric?) for one table cell."""
    import polars as pl

    t = T[lang]
    if value is None:
        return "", False
    if isinstance(dtype, pl.Decimal):
        return _money(value), True
    if dtype == pl.Boolean:
        return (t["yes"] if value else t["no"]), False
    if dtype.is_float():
        return f"{value:,.6f}".rstrip("0").rstrip("."), True
    if dtype.is_integer():
        return str(value), True
    if isinstance(value, list):
        return "；".join(map(str, value)), False
    if column == "status":
        return _word(STATUS, value, lang), False
    if column == "category":
        return _word(CATEGORY, value, lang), False
    if column == "change":
        return _word(CHANGE, value, lang), False
    if column in ("kind", "decision"):  # a violation's kind, a whitelist decision
        return _word(KIND if column == "kind" else DECISION, value, lang), False
    return str(value), bool(_NUMERIC_TEXT.fullmatch(str(value)))


_NUMERIC_TEXT = re.compile(r"-?[0-9][0-9,]*(\.[0-9]+)?%?")


def table_html(frame: pl.DataFrame, lang: str, *, limit: int = HTML_MAX_ROWS, css: str = "") -> str:
    t = T[lang]
    frame = _ratios_as_numbers(frame)
    head = "".join(f"<th>{esc(h)}</th>" for h in headers(frame, lang))
    body = []
    schema = list(frame.schema.items())
    for row in frame.head(limit).iter_rows():
        cells = []
        for (column, dtype), value in zip(schema, row):
            text, numeric = _cell(value, dtype, lang, column)
            cls = ' class="num"' if numeric else _wrap(text)
            if column == "status" and value in STATUS_COLOURS:
                cls = f' class="st st-{esc(value)}"'
            cells.append(f"<td{cls}>{esc(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = f'<p class="cut">{esc(t["cut"].format(n=limit, total=frame.height))}</p>' if frame.height > limit else ""
    return (
        f'<div class="scroll"><table class="{css}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>{more}"
    )


WRAP_ABOVE = 20  # characters: a longer text cell wraps in print (the others keep one line)


def _wrap(text: Any) -> str:
    """The class of a text cell: long text (basis, reasons, file notes) wraps when printed, so that every
    column fits across an A4 page; short cells (codes, names, statuses) stay on one line."""
    return ' class="wrap"' if len(str(text)) > WRAP_ABOVE else ""


def _plain_table(columns: list[str], rows: list[list[Any]], numeric: set[int] = frozenset(), css: str = "") -> str:
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    num = ' class="num"'
    body = "".join(
        "<tr>" + "".join(f"<td{num if i in numeric else _wrap(v)}>{esc(v)}</td>" for i, v in enumerate(row)) + "</tr>"
        for row in rows
    )
    cls = f' class="{css}"' if css else ""
    return f'<div class="scroll"><table{cls}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _indicators(part: pl.DataFrame, category: str) -> pl.DataFrame:
    """Measure 1's two indicators under names that say what they are in this category (as text, so the
    units show): online / rural: retail in 万元 and growth in %; enterprise: share lift in percentage
    points and contribution already in %."""
    import polars as pl

    def fmt(values, pattern, factor=1.0):
        return pl.Series([None if v is None else pattern.format(v * factor) for v in values], dtype=pl.String)

    if category == "enterprise":
        scale, growth = fmt(part["scale"], "{:.4f}"), fmt(part["growth"], "{:.2f}%")
        names = ("share_lift", "contrib")
    else:
        scale, growth = fmt(part["scale"], "{:,.2f}"), fmt(part["growth"], "{:.2f}%", 100.0)
        names = ("retail_wan", "growth_pct")
    return part.with_columns(scale=scale, growth=growth).rename({"scale": names[0], "growth": names[1]})


def _select(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    return frame.select([c for c in columns if c in frame.columns])


CSS = """
:root { --ink: #212121; --muted: #616161; --line: #e0e0e0; --ok: #2e7d32; --bad: #c62828; }
body { font-family: $FONTS; color: var(--ink); margin: 0 auto; max-width: 1180px; padding: 24px 28px 60px;
       line-height: 1.55; font-size: 15px; }
svg.chart text { font-family: $FONTS !important; }
svg.chart { width: 100%; height: auto; display: block; margin: 8px 0 16px; }
h1 { font-size: 26px; margin: 0 0 6px; } h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 4px;
border-bottom: 2px solid var(--line); } h3 { font-size: 16px; margin: 20px 0 8px; }
.meta { color: var(--muted); font-size: 13px; }
.banner { padding: 12px 16px; border-radius: 6px; font-weight: 600; margin: 18px 0; }
.banner.ok { background: #e8f5e9; color: var(--ok); } .banner.bad { background: #ffebee; color: var(--bad); }
.scroll { overflow-x: auto; } table { border-collapse: collapse; font-size: 13px; margin: 6px 0 12px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f5f5f5; position: sticky; top: 0; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.st { white-space: nowrap; font-weight: 600; }
.st-awarded, .st-commended, .st-included { color: var(--ok); } .st-superseded { color: #b26a00; }
.st-qualified { color: #00897b; }
.st-ineligible, .st-not_ranked, .st-excluded { color: var(--muted); } .st-out_of_period { color: var(--bad); }
ul.warn li { margin: 3px 0; } ul.warn li.w::marker { color: var(--bad); }
.article { background: #fafafa; border-left: 4px solid #90a4ae; padding: 8px 14px; margin: 10px 0; font-size: 14px; }
.cut { color: var(--muted); font-size: 12px; } code { background: #f5f5f5; padding: 1px 4px; border-radius: 3px; }
details summary { cursor: pointer; color: var(--muted); }
.payer-city { color: #1565c0; } .payer-county { color: #6d4c41; }
/* Print (A4 landscape): every column of every table on the page — no scrollbars, long text wraps,
   headers repeat on each page a table runs onto, each measure starts a page. */
@page { size: A4 landscape; margin: 10mm 9mm 12mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; line-height: 1.35; }
  .scroll { overflow: visible !important; }
  table { width: 100%; table-layout: auto; font-size: 7.5pt; margin: 4px 0 8px; }
  th, td { padding: 2px 4px; }
  th { position: static; white-space: normal; overflow-wrap: anywhere; }
  td { white-space: nowrap; } td.wrap { white-space: normal; overflow-wrap: anywhere; min-width: 14em; }
  thead { display: table-header-group; } tfoot { display: table-footer-group; }
  tr, .article, li { break-inside: avoid; }
  h2 { break-before: page; margin-top: 0; font-size: 15pt; } h3 { font-size: 11pt; margin: 10px 0 4px; }
  h1 + p + .banner + h2 { break-before: auto; }
  h2, h3 { break-after: avoid; }
  svg.chart { break-inside: avoid; max-height: 165mm; width: auto; max-width: 100%; margin: 4px auto 8px; }
  details > summary { list-style: none; color: var(--ink); font-weight: 600; }
  details::details-content { content-visibility: visible; display: block; }
  .banner { border: 1px solid currentColor; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
""".replace("$FONTS", CJK_FONTS)


# ------------------------------------------------------------------------------------------ the page
def build_html(r: Run) -> str:
    """The whole page, section by section (the charts are drawn in page order)."""
    lang = r.parsed.lang
    t = T[lang]
    from jncli.report.decision import comparison, robustness

    ch = _Charts()
    out: list[str] = []
    out += _head(r, t)
    out += _summary(r, ch, t)
    out += _warnings(r, t)
    out += _measure_1(r, ch, t)
    out += robustness(r)
    out += _measures_2_3_6(r, t)
    out += _measure_4(r, ch, t)
    out += _measure_7(r, t)
    out += measure_8(r, t, table_html, _select, esc)
    out += _ledger_check(r, t)
    out += comparison(r)
    out += _inputs_and_options(r, t)
    out += _articles_cited(r, t)
    zh = lang == "zh"
    title = esc(t["title"].format(year=r.parsed.year, city=r.policy.city_name))
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if zh else "en"}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
        f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(out) + "\n</body>\n</html>\n"
    )


def _article_name(n: int, lang: str) -> str:
    """第二条 / Article 2."""
    return T[lang]["article"].format(n=_zh_number(n) if lang == "zh" else n)


def _head(r: Run, t: dict) -> list[str]:
    """Title, the policy document and program version, and the ledger check's verdict as a banner."""
    from jncli import __version__

    pol = r.policy
    out = [f"<h1>{esc(t['title'].format(year=r.parsed.year, city=r.policy.city_name))}</h1>"]
    out.append(
        '<p class="meta">'
        + esc(
            t["basis"].format(
                issuer=pol.raw.get("meta", {}).get("issuer", ""),
                doc_title=pol.title,
                doc_title_en=pol.title_en,
                document=pol.document,
                version=__version__,
                policy=os.path.basename(pol.source),
                sha=pol.sha256[:12],
            )
        )
        + "</p>"
    )
    n_bad = r.violations.height
    out.append(
        f'<div class="banner {"bad" if n_bad else "ok"}">'
        + esc(t["violations"].format(n=n_bad) if n_bad else t["clean"])
        + "</div>"
    )
    return out


def _summary(r: Run, ch: _Charts, t: dict) -> list[str]:
    """奖励汇总: awards and commendations per rule from the ledger (each budget apart), the money per county
    by payer, and the awards per county chart."""
    lang = r.parsed.lang
    out = [f"<h2>{esc(t['summary'])}</h2>"]
    columns, rows = rule_summary(r, t)
    if rows:
        shown = [[("" if v is None else _money(v) if isinstance(v, Decimal) else v) for v in row] for row in rows]
        out.append(_plain_table(columns, shown, {3, 4, 5, 6}))
    out += payer_section(r, t)
    svg = chart_awards(ch, r, lang, t)
    out.append(f"<h3>{esc(t['awards_chart'])}</h3>")
    out.append(svg if svg else f"<p>{esc(t['awards_chart_none'])}</p>")
    return out


def _warnings(r: Run, t: dict) -> list[str]:
    """Warnings (ties, skipped measures, budget scaling …) in the report's language, and the run notes."""
    from jncli.rules import in_lang

    lang = r.parsed.lang
    out = [f"<h2>{esc(t['warnings'])}</h2>"]
    warns = [in_lang(m, lang) for k, m in r.messages if k == "warning"]  # a rule's message has its Chinese
    out.append(
        '<ul class="warn">' + "".join(f'<li class="w">{esc(w)}</li>' for w in warns) + "</ul>"
        if warns
        else f"<p>{esc(t['warnings_none'])}</p>"
    )
    notes = [in_lang(m, lang) for k, m in r.messages if k == "note"]
    if notes:
        out.append(
            f"<details><summary>{esc(t['notes'])}</summary><ul>"
            + "".join(f"<li>{esc(n)}</li>" for n in notes)
            + "</ul></details>"
        )
    return out


def _measure_1(r: Run, ch: _Charts, t: dict) -> list[str]:
    """第一条: the scores chart, then per category the ranking with its growth tests and the basis of the
    counties in the paid positions."""
    import polars as pl

    m1 = r.steps["score-counties"].table
    if m1 is None:
        return []
    lang = r.parsed.lang
    zh = lang == "zh"
    out = [f"<h2>{esc(t['m1'])}</h2>"]
    svg = chart_scores(ch, m1, lang, t)
    if svg:
        out.append(f"<h3>{esc(t['m1_chart'])}</h3>{svg}")
    cols = [
        "rank",
        "county",
        "scale",
        "growth",
        "score",
        "above_city_growth",
        "above_province_growth",
        "tie_at_boundary",
        "status",
        "award",
    ]
    for cat in m1["category"].unique(maintain_order=True).to_list():
        part = m1.filter(pl.col("category") == cat).sort(pl.col("rank").fill_null(10**9), "county")
        out.append(f"<h3>{esc(_word(CATEGORY, cat, lang))}</h3>")
        out.append(table_html(_indicators(_select(part, cols), cat), lang))
        decided = part.filter(pl.col("rank") <= len(r.policy.m1_awards))
        if decided.height:
            out.append(
                "<details open><summary>"
                + esc(LABELS["basis"][0 if zh else 1])
                + "</summary><ul>"
                + "".join(f"<li>{esc(b)}</li>" for b in decided["basis"].to_list())
                + "</ul></details>"
            )
    return out


def _measures_2_3_6(r: Run, t: dict) -> list[str]:
    """第二、三、六条: outcomes per rule, the enterprises awarded or superseded, the county commendations."""
    import polars as pl

    lang = r.parsed.lang
    zh = lang == "zh"
    out: list[str] = []
    m2 = r.steps["award-enterprises"].table
    if m2 is not None:
        out.append(f"<h2>{esc(t['m2'])}</h2>")
        out.append(f"<h3>{esc(t['m2_counts'])}</h3>")
        counts = m2.group_by("rule", "status").agg(n=pl.len(), amount=pl.col("award").sum()).sort("rule", "status")
        rows = [[rule, _word(STATUS, st, lang), n, _money(a)] for rule, st, n, a in counts.iter_rows()]
        out.append(_plain_table([t["rule"], LABELS["status"][0 if zh else 1], t["rows"], t["amount"]], rows, {2, 3}))
        out += _received(r, t)
        paid = m2.filter(pl.col("status").is_in(["awarded", "superseded"])).sort("rule", "beneficiary")
        out.append(f"<h3>{esc(t['m2_awards'])}</h3>")
        out.append(
            table_html(
                _select(
                    paid,
                    [
                        "beneficiary",
                        "beneficiary_name",
                        "county",
                        "rule",
                        "online_retail",
                        "national_title",
                        "new_fiscal_revenue",
                        "fiscal_ratio",
                        "entitled",
                        "received",
                        "scale_factor",
                        "status",
                        "award",
                        "basis",
                    ],
                ),
                lang,
            )
        )
    com = r.steps["commendations"].table
    if com is not None:
        out.append(f"<h3>{esc(t['m2_commend'])}</h3>")
        counted = [c for c in com.columns if c.startswith("newly_ge_")]  # one per threshold of the policy
        out.append(table_html(_select(com, ["county", *counted, "status", "basis"]), lang))
    return out


def _measure_4(r: Run, ch: _Charts, t: dict) -> list[str]:
    """第四条: shop counts and outcomes per county, then new shops per month (chart and table)."""
    out: list[str] = []
    m4 = r.steps["track-shops"].table
    m4m = r.steps["track-shops-by-month"].table
    if m4 is not None:
        out.append(f"<h2>{esc(t['m4'])}</h2>")
        out.append(table_html(_shops_per_county(m4, r, t), r.parsed.lang))
    if m4m is not None and m4m.height:
        out += _shops_per_month(m4m, r, ch, t)
    return out


def _shops_per_county(m4: pl.DataFrame, r: Run, t: dict) -> pl.DataFrame:
    """One row per county: its shop counts and its status under each rule of measure 4 (columns named by rule)."""
    import polars as pl

    zh = r.parsed.lang == "zh"
    pol = r.policy
    wide = m4.select("county", "new_shops", "closed_shops", "active_end", "migrated_in", "migrated_retail").unique(
        "county", maintain_order=True
    )
    for rule in m4["rule"].unique(maintain_order=True).to_list():
        wide = wide.join(
            m4.filter(pl.col("rule") == rule).select("county", pl.col("status").alias(rule)),
            on="county",
            how="left",
            maintain_order="left",
        )
    wide = wide.with_columns(
        [
            pl.col(c).replace_strict({k: v[0 if zh else 1] for k, v in STATUS.items()}, default=pl.col(c)).alias(c)
            for c in wide.columns
            if c.startswith("m4.")
        ]
    )
    wide = wide.with_columns(pl.col("county").replace({"(outside)": t["outside"]}))
    names = {c: (pol.rules[c].name if zh else pol.rules[c].name_en) for c in wide.columns if c in pol.rules}
    return wide.rename(names)


def _shops_per_month(m4m: pl.DataFrame, r: Run, ch: _Charts, t: dict) -> list[str]:
    """New shops per month: the stacked chart and the county × month table with totals."""
    lang = r.parsed.lang
    out: list[str] = []
    svg = chart_shops_by_month(ch, m4m, r, lang, t)
    if svg:
        out.append(f"<h3>{esc(t['m4_month'])}</h3>{svg}")
    out.append(f"<h3>{esc(t['m4_month_table'])}</h3>")
    months = sorted(m4m["month"].unique().to_list())
    piv = m4m.pivot(on="month", index="county", values="new_shops", sort_columns=True)
    rows = [
        [
            (t["outside"] if c == "(outside)" else c),
            *[row.get(str(m)) or 0 for m in months],
            sum(row.get(str(m)) or 0 for m in months),
        ]
        for c, row in ((d["county"], d) for d in piv.iter_rows(named=True))
    ]
    out.append(
        _plain_table(
            [label("county", lang), *[t["month_label"].format(m=m) for m in months], t["total"]],
            rows,
            set(range(1, len(months) + 2)),
        )
    )
    return out


def _measure_7(r: Run, t: dict) -> list[str]:
    """第七条: counts, the changes against the previous whitelist (动态管理), those included and excluded."""
    import polars as pl

    m7 = r.steps["whitelist"].table
    if m7 is None:
        return []
    lang = r.parsed.lang
    if lang == "zh":  # category keys (park, mcn …) in the policy's Chinese names
        names = {c.key: c.zh for c in r.policy.m7_categories}
        m7 = m7.with_columns(pl.col("category").replace(names))
    out = [f"<h2>{esc(t['m7'])}</h2>"]
    inc = m7.filter(pl.col("decision") == "include").height
    out.append(
        f"<p>{esc(t['m7_counts'].format(inc=inc, exc=m7.height - inc, rec=int(m7['recommend_province'].sum())))}</p>"
    )
    out.append(f"<h3>{esc(t['m7_changes'])}</h3>")
    if m7["change"].is_null().all():
        out.append(f"<p>{esc(t['m7_no_previous'])}</p>")
    else:
        changed = m7.filter(pl.col("change").is_in(["added", "removed"])).sort("change", "beneficiary")
        kept = m7.filter(pl.col("change") == "kept").height
        added = changed.filter(pl.col("change") == "added").height
        removed = changed.filter(pl.col("change") == "removed").height
        out.append(f"<p>{esc(t['m7_change_counts'].format(added=added, removed=removed, kept=kept))}</p>")
        if changed.height:
            out.append(
                table_html(
                    _select(changed, ["change", "beneficiary", "beneficiary_name", "category", "county", "reasons"]),
                    lang,
                )
            )
    out.append(f"<h3>{esc(t['m7_included'])}</h3>")
    out.append(
        table_html(
            _select(
                m7.filter(pl.col("decision") == "include"),
                [
                    "beneficiary",
                    "beneficiary_name",
                    "category",
                    "county",
                    "revenue",
                    "employees",
                    "years_operating",
                    "recommend_province",
                    "change",
                ],
            ),
            lang,
        )
    )
    out.append(f"<h3>{esc(t['m7_excluded'])}</h3>")
    out.append(
        table_html(
            _select(
                m7.filter(pl.col("decision") == "exclude"),
                ["beneficiary", "beneficiary_name", "category", "county", "reasons", "change"],
            ),
            lang,
        )
    )
    return out


def _ledger_check(r: Run, t: dict) -> list[str]:
    """台账核查: every violation check-validity found in the combined ledger (就高原则，不重复享受)."""
    return [
        f"<h2>{esc(t['check'])}</h2>",
        table_html(r.violations, r.parsed.lang) if r.violations.height else f"<p>{esc(t['check_none'])}</p>",
    ]


def _articles_cited(r: Run, t: dict) -> list[str]:
    """The text of every article a measure that ran cites, the 就高 clause, the period clause, how to verify."""
    lang = r.parsed.lang
    zh = lang == "zh"
    pol = r.policy
    out = [f"<h2>{esc(t['articles'])}</h2>"]
    cited = sorted({m for st in r.steps.values() if st.table is not None for m in st.measures})
    for n in cited:
        try:
            a = pol.article(n)
        except KeyError:
            continue
        title = a.title if zh else a.title_en
        body = a.text if zh else (a.summary_en or a.text)
        out.append(f'<div class="article"><b>{esc(_article_name(n, lang))} {esc(title)}</b><br>{esc(body)}</div>')
    out.append(f'<div class="article">{esc(pol.precedence_clause if zh else pol.precedence_clause_en)}</div>')
    out.append(f'<div class="article">{esc(pol.period_clause if zh else pol.period_clause_en)}</div>')
    out.append(f'<p class="meta">{t["verify"]}</p>')
    return out
