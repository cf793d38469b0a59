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
    """Money per county, stacked by measure: county awards (m1) and enterprises' awards (m2, m3, m6, m8) by their
    county."""
    import polars as pl

    pol = r.policy
    rows: list[tuple[str, int, Decimal]] = []
    for name in ("score-counties", "award-enterprises", "trained-hires"):
        table = r.steps[name].table
        if table is None:
            continue
        for county, measure, award in (
            table.filter(pl.col("status") == "awarded").select("county", "measure", "award").iter_rows()
        ):
            rows.append((pol.canonical_county(county) or t["outside"], measure, award))
    if not rows or not any(a for _, _, a in rows):
        return None
    order = [c.name for c in pol.counties] + [t["outside"]]
    counties = [c for c in order if any(rc == c for rc, _, _ in rows)]
    measures = sorted({m for _, m, _ in rows})

    def paint(fig):
        ax = fig.subplots()
        left = [0.0] * len(counties)
        for m in measures:
            values = [float(sum((a for rc, mm, a in rows if rc == c and mm == m), Decimal(0))) for c in counties]
            ax.barh(
                counties[::-1],
                values[::-1],
                left=left[::-1],
                color=MEASURE_COLOURS.get(m, "#607d8b"),
                label=t["measure"].format(n=_zh_number(m) if lang == "zh" else m),
            )
            left = [a + b for a, b in zip(left, values)]
        for y, total in enumerate(left[::-1]):
            ax.text(total, y, f" {total:,.2f}".rstrip("0").rstrip("."), va="center", fontsize=8)
        ax.set_xlabel(t["award_unit"])
        ax.tick_params(axis="y", labelsize=8)
        ax.legend(frameon=False, fontsize=8, loc="lower right")
        ax.margins(x=0.12)

    return ch.draw(paint, (9, 0.3 * len(counties) + 1.4))


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
