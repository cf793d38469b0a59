"""The report's charts: matplotlib, drawn as inline SVG whose text stays text (`svg.fonttype = none`).

Layout is measured with matplotlib's bundled DejaVu Sans on every machine, so the same run gives the
same bytes everywhere (CJK glyphs, missing from it, are measured wide: labels never clip); the browser
renders the Chinese with its own fonts.
"""

from __future__ import annotations

import io
import re
import warnings
from decimal import Decimal
from typing import TYPE_CHECKING

from jncli.report.words import CATEGORY, MEASURE_COLOURS, STATUS, STATUS_COLOURS, _money, _word, _zh_number, label

if TYPE_CHECKING:
    import polars as pl

    from jncli.annual import Run


def _svg(fig) -> str:
    """The figure as inline SVG for HTML5: no XML prolog, DOCTYPE, metadata or namespace URLs."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg, count=0)
    # Scale with the page: keep the viewBox, drop the fixed size.
    svg = re.sub(
        r'<svg([^>]*?) width="[^"]*" height="[^"]*"',
        r'<svg\1 class="chart" preserveAspectRatio="xMidYMid meet"',
        svg,
        count=1,
    )
    return svg


class _Charts:
    """matplotlib, imported lazily, with settings that make the SVG reproducible and the text selectable."""

    def __init__(self) -> None:
        import matplotlib
        import matplotlib.patches  # noqa: F401  (legend patches)
        from matplotlib.figure import Figure

        self.matplotlib = matplotlib
        self.Figure = Figure
        self.rc = {
            "svg.fonttype": "none",
            # Labels are data (county names, from a policy file): drawn as plain text, never parsed as
            # mathtext, where `$\frac{$` would stop the run and `$x^2$` would show as something else.
            "text.parse_math": False,
            "svg.hashsalt": "jncli",
            "font.family": "DejaVu Sans",
            "font.size": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }

    def draw(self, paint, size: tuple[float, float]) -> str:
        with self.matplotlib.rc_context(self.rc), warnings.catch_warnings():
            # CJK glyphs are not in DejaVu Sans: measured with its fallback box, drawn by the browser.
            warnings.filterwarnings("ignore", message=r"Glyph .* missing from")
            fig = self.Figure(figsize=size, layout="constrained")
            paint(fig)
            return _svg(fig)


def chart_scores(ch: _Charts, table: pl.DataFrame, lang: str, t: dict) -> str | None:
    import polars as pl

    cats = [c for c in table["category"].unique(maintain_order=True).to_list()]
    scored = table.filter(pl.col("score").is_not_null())
    if scored.height == 0:
        return None
    n = max(scored.group_by("category").len()["len"].max(), 1)

    def paint(fig):
        axes = fig.subplots(1, len(cats), squeeze=False)[0]
        for ax, cat in zip(axes, cats):
            part = scored.filter(pl.col("category") == cat).sort("rank", descending=True)
            ax.barh(
                part["county"].to_list(),
                part["score"].to_list(),
                color=[STATUS_COLOURS.get(s, "#9e9e9e") for s in part["status"].to_list()],
            )
            for y, (score, award) in enumerate(zip(part["score"].to_list(), part["award"].to_list())):
                if award:
                    ax.text(
                        score, y, f" {_money(award).rstrip('0').rstrip('.')}{t['award_unit']}", va="center", fontsize=8
                    )
            ax.set_title(_word(CATEGORY, cat, lang), fontsize=10)
            ax.set_xlim(0, 125)
            ax.tick_params(axis="y", labelsize=8)
        handles = [
            ch.matplotlib.patches.Patch(color=STATUS_COLOURS[s], label=_word(STATUS, s, lang))
            for s in ("awarded", "superseded", "ineligible", "not_ranked")
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=4, frameon=False, fontsize=8)

    return ch.draw(paint, (11, 0.28 * n + 1.6))


def chart_awards(ch: _Charts, r: Run, lang: str, t: dict) -> str | None:
    """Money per county: two bars each, the city's budget and the county's own (each rule's `payer` in the
    policy file), each stacked by measure — county awards (m1) and enterprises' awards by their county.
    The two budgets are never added into one bar."""
    from jncli.report.payers import PAYERS_SHOWN, county_order, paid_rows

    rows = [p for p in paid_rows(r, t["outside"]) if p.payer in PAYERS_SHOWN]
    if not rows:
        return None
    counties = county_order(r, rows, t["outside"])
    payers = [p for p in PAYERS_SHOWN if any(x.payer == p for x in rows)]
    word = {"city": t["payer_city"], "county": t["payer_county"]}
    n = len(counties)
    height = 0.8 / len(payers)

    def paint(fig):
        ax = fig.subplots()
        for i, payer in enumerate(payers):
            ys = [n - 1 - k + 0.4 - height * (i + 0.5) for k in range(n)]
            left = [0.0] * n
            for m in sorted({x.measure for x in rows if x.payer == payer}):
                values = [
                    float(
                        sum(
                            (x.award for x in rows if x.county == c and x.payer == payer and x.measure == m), Decimal(0)
                        )
                    )
                    for c in counties
                ]
                name = t["measure"].format(n=_zh_number(m) if lang == "zh" else m)
                ax.barh(
                    ys,
                    values,
                    height=height * 0.92,
                    left=left,
                    color=MEASURE_COLOURS.get(m, "#607d8b"),
                    hatch="///" if payer == "county" else None,
                    edgecolor="white" if payer == "county" else None,
                    linewidth=0,
                    label=f"{name}（{word[payer]}）" if lang == "zh" else f"{name} ({word[payer]})",
                )
                left = [a + b for a, b in zip(left, values)]
            for y, total in zip(ys, left):
                if total:
                    text = f" {word[payer]} {total:,.2f}".rstrip("0").rstrip(".")
                    ax.text(total, y, text, va="center", fontsize=7)
        ax.set_yticks(range(n), counties[::-1])
        ax.set_xlabel(t["award_unit"])
        ax.tick_params(axis="y", labelsize=8)
        ax.legend(frameon=False, fontsize=8, loc="lower right")
        ax.margins(x=0.2)

    return ch.draw(paint, (9, 0.42 * n + 1.4))


def chart_shops_by_month(ch: _Charts, table: pl.DataFrame, r: Run, lang: str, t: dict) -> str | None:
    import polars as pl

    if table.height == 0:
        return None
    months = sorted(table["month"].unique().to_list())
    order = [c.name for c in r.policy.counties]
    counties = [c for c in order if c in set(table["county"].to_list())]
    counties += sorted(set(table["county"].to_list()) - set(counties))

    def paint(fig):
        ax = fig.subplots()
        cmap = ch.matplotlib.colormaps["tab20"]
        bottom = [0] * len(months)
        for i, county in enumerate(counties):
            part = dict(table.filter(pl.col("county") == county).select("month", "new_shops").iter_rows())
            values = [part.get(m, 0) or 0 for m in months]
            ax.bar(
                [str(m) for m in months],
                values,
                bottom=bottom,
                color=cmap(i % 20),
                label=t["outside"] if county == "(outside)" else county,
            )
            bottom = [a + b for a, b in zip(bottom, values)]
        ax.set_xlabel("月份" if lang == "zh" else "month")
        ax.set_ylabel(label("new_shops", lang))
        fig.legend(loc="outside right upper", frameon=False, fontsize=8)

    return ch.draw(paint, (10, 4.2))
