"""The report's charts: pygal, drawn as inline SVG whose text stays text.

pygal writes SVG itself (no rendering backend, no font files, no NumPy): importing it and drawing
the three charts takes a few hundredths of a second, where matplotlib took most of a second of a
yearly run. Its SVG is made reproducible and self-contained here: a fixed id per chart instead of
pygal's random one, its comments (which carry the date) and its script (the tooltips'
configuration: the report runs no script) removed, the fixed size dropped so a chart scales with the
page. pygal sizes label space by character count (0.6 em each); CJK characters, about twice as wide,
get the difference added to the margin (`_wide_extra`) so labels never clip. The browser renders the
text with the page's CSS font stack.
"""

from __future__ import annotations

import importlib
import re
import types
import unicodedata
from decimal import Decimal
from typing import TYPE_CHECKING

from jncli.report.words import CATEGORY, MEASURE_COLOURS, STATUS, STATUS_COLOURS, _money, _word, _zh_number, label

if TYPE_CHECKING:
    import polars as pl

    from jncli.annual import Run

_FONT = 12  # px
_TAB20 = (
    "#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896", "#9467bd", "#c5b0d5",
    "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#7f7f7f", "#c7c7c7", "#bcbd22", "#dbdb8d", "#17becf", "#9edae5",
)  # fmt: skip
_CHART = '<svg class="chart" preserveAspectRatio="xMidYMid meet"'
_STATUSES = ("awarded", "superseded", "ineligible", "not_ranked")


def _lighter(colour: str) -> str:
    """`#rrggbb` mixed half with white: the counties' budget beside the city's."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{(c + 255) // 2:02x}" for c in rgb)


def _wide_extra(texts: list[str], size: int = _FONT) -> int:
    """Pixels that pygal's estimate (0.6 em a character) misses on the widest text: wide (CJK)
    characters take about 1 em."""
    wide = [sum(1 for ch in t if unicodedata.east_asian_width(ch) in "WF") for t in texts]
    return int(max(wide, default=0) * 0.45 * size) + 1


def _state_first(self, name: str):
    """pygal's `BaseGraph.__getattribute__` (pygal 3.1), the same answer with one Python call instead of
    two: a chart's attribute is read from its transient state (made for a render) when the state holds
    the name, else from the chart itself. pygal's own version looks the state up through itself again
    (`getattr(self, 'state', None)`, then `self.state.__dict__`), about 100,000 times in a report: ~0.02 s.
    `tests/test_report.py` compares the answers and the SVG with pygal's own."""
    if name[:2] == "__" or name == "state":
        return _object_attribute(self, name)
    try:
        state = _object_attribute(self, "state")
    except AttributeError:  # not made yet (pygal's `getattr(self, 'state', None)`)
        return _object_attribute(self, name)
    if state is None or name not in state.__dict__:
        return _object_attribute(self, name)
    return getattr(state, name)


_object_attribute = object.__getattribute__
# The pygal versions whose `BaseGraph.__getattribute__` `_state_first` was compared with (its code is
# checked by a test); with another version pygal's own classes draw the charts (and `_serie_names` is not used).
_STATE_FIRST_PYGAL = ("3.1.",)


class _SerieNames:
    """pygal's `SerieConfig` answering `dir()` from its class's names, found once, while the report's charts are
    drawn. pygal's `BaseGraph.prepare_values` asks `k in dir(serie_config)` for every key of a chart's state and
    every series (~3,100 `dir()` calls in a report, ~0.012 s): `object.__dir__` merges the dictionaries of the
    class and its bases each time. The answer is the same set of names — those of the instance's `__dict__` and
    those `type.__dir__` finds for its class, as `object.__dir__` merges them — and `dir()` sorts it either way.
    Only for a `SerieConfig` itself (a subclass has other class names) and only inside `with` (pygal's own
    `__dir__` — `object`'s — is put back after). `tests/test_report.py` compares `dir()` with and without it."""

    def __init__(self, serie_config: type) -> None:
        self.cls = serie_config

    def __enter__(self) -> None:
        cls = self.cls
        self.had = cls.__dict__.get("__dir__")
        names = sorted(type.__dir__(cls))  # the class's names, taken when the drawing starts
        known = frozenset(names)

        def __dir__(obj) -> list[str]:
            if type(obj) is not cls:
                return object.__dir__(obj)
            return names + [k for k in obj.__dict__ if k not in known]

        cls.__dir__ = __dir__

    def __exit__(self, *exc) -> None:
        if self.had is None:
            del self.cls.__dir__
        else:
            self.cls.__dir__ = self.had


class _SvgEtree:
    """pygal's SVG module drawing with the standard library's ElementTree directly while the report's charts are
    drawn. pygal reaches ElementTree through `pygal.etree.etree`, a wrapper choosing lxml or ElementTree whose
    Python `__getattribute__` answers each use (~3,700 a report: two Python calls each), and serialises a chart
    with `tostring(root, encoding="utf-8")`, which writes every piece of the SVG (~19,000) through a text wrapper
    that encodes it and resets its decoder. When the wrapper holds ElementTree (no lxml: the module pygal draws
    with), `pygal.svg.etree` is, inside `with`, a plain namespace with the wrapper's own names and ElementTree's,
    whose `tostring` for UTF-8 serialises to text and encodes it once, as the wrapper's writer encodes each piece
    (UTF-8, a character it cannot encode as a character reference). `tests/test_report.py` compares the names and
    the bytes."""

    def __init__(self, svg_module) -> None:
        from xml.etree import ElementTree

        self.module = svg_module
        self.wrapper = svg_module.etree
        own = object.__getattribute__(self.wrapper, "__dict__")
        self.usable = own.get("_etree") is ElementTree and own.get("lxml") is False
        self.plain = types.SimpleNamespace(**{**vars(ElementTree), **own, "tostring": _tostring})

    def __enter__(self) -> None:
        if self.usable:
            self.module.etree = self.plain

    def __exit__(self, *exc) -> None:
        if self.usable:
            self.module.etree = self.wrapper


def _tostring(element, encoding=None, **options):
    """ElementTree's `tostring`; for UTF-8 with no other option, the text serialised once and encoded."""
    from xml.etree import ElementTree

    if encoding != "utf-8" or options:
        return ElementTree.tostring(element, encoding, **options)
    return ElementTree.tostring(element, encoding="unicode").encode("utf-8", "xmlcharrefreplace")


MAP_PLUGINS = "pygal.maps"  # the entry-point group of pygal's map plug-ins


def _import_pygal():
    """pygal, imported without its look for map plug-ins when this is the first import of it (and of
    `importlib_metadata`): on import, pygal asks `importlib_metadata.entry_points(group="pygal.maps")`, which
    imports that package (~2.5 ms) and reads the entry points of every installed package (~3 ms), to add
    the maps of installed plug-ins to `pygal.maps`. The report draws bar charts only: while pygal is imported,
    `importlib_metadata` is a stand-in that answers that one question with no plug-in and hands every other
    name to the real package (imported then). A plug-in's code is not run either (a broken one made pygal
    warn on stderr). `tests/test_report.py` checks the stand-in and the charts pygal then offers."""
    import sys

    if "pygal" in sys.modules or "importlib_metadata" in sys.modules:
        import pygal

        return pygal
    stand_in = _MetadataStandIn("importlib_metadata")
    sys.modules["importlib_metadata"] = stand_in
    try:
        import pygal
    finally:
        if sys.modules.get("importlib_metadata") is stand_in:
            del sys.modules["importlib_metadata"]
    return pygal


class _MetadataStandIn(types.ModuleType):
    """`importlib_metadata` while pygal is imported (`_import_pygal`): no map plug-in; anything else from the real
    package."""

    def entry_points(self, **params):
        if params == {"group": MAP_PLUGINS}:
            return ()
        return _real_metadata().entry_points(**params)

    def __getattr__(self, name: str):
        if name.startswith("__"):  # the import system's questions (`__path__` …): a plain module's answers
            raise AttributeError(name)
        return getattr(_real_metadata(), name)


def _real_metadata():
    import importlib
    import sys

    if isinstance(sys.modules.get("importlib_metadata"), _MetadataStandIn):
        del sys.modules["importlib_metadata"]
    return importlib.import_module("importlib_metadata")


class _Charts:
    """pygal, imported lazily (only when a report is drawn), with settings that keep the SVG
    reproducible and free of scripts."""

    def __init__(self) -> None:
        pygal = _import_pygal()
        from pygal.style import Style

        self.pygal = pygal
        self.Style = Style
        self.count = 0
        self.kinds: dict[str, type] = {}
        self.fast = str(getattr(pygal, "__version__", "")).startswith(_STATE_FIRST_PYGAL)
        if self.fast:
            from pygal.config import SerieConfig

            self.serie_names = _SerieNames(SerieConfig)
            self.svg_etree = _SvgEtree(importlib.import_module("pygal.svg"))

    def kind(self, kind: str) -> type:
        """pygal's chart class `kind`, with `_state_first` as its attribute look-up (same name, so the
        SVG's class names stay pygal's)."""
        base = getattr(self.pygal, kind)
        if not self.fast:
            return base
        if kind not in self.kinds:
            self.kinds[kind] = type(base.__name__, (base,), {"__getattribute__": _state_first})
        return self.kinds[kind]

    def chart(self, kind: str, colours: list[str], **config):
        style = self.Style(
            colors=tuple(colours),
            background="transparent",
            plot_background="transparent",
            foreground="rgba(0,0,0,.87)",
            foreground_strong="rgba(0,0,0,1)",
            foreground_subtle="rgba(0,0,0,.25)",
            font_family="sans-serif",
            label_font_size=_FONT,
            major_label_font_size=_FONT,
            value_font_size=_FONT - 1,
            legend_font_size=_FONT,
            title_font_size=_FONT + 2,
            opacity="1",
            opacity_hover=".8",
            transition="0ms",
            guide_stroke_dasharray="2,3",
            major_guide_stroke_dasharray="2,3",
        )
        settings = dict(
            style=style,
            js=[],
            disable_xml_declaration=True,
            truncate_label=-1,
            truncate_legend=-1,
            legend_box_size=_FONT,
            margin=8,
        )
        settings.update(config)
        return self.kind(kind)(**settings)

    def render(self, chart) -> str:
        self.count += 1
        chart.uuid = f"jncli-chart-{self.count}"  # pygal's own is random
        if not self.fast:
            return _clean(chart.render(is_unicode=True))
        with self.serie_names, self.svg_etree:
            return _clean(chart.render(is_unicode=True))


def _clean(svg: str) -> str:
    """pygal's SVG as inline, reproducible, script-free HTML5."""
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r"<script\b[^>]*?(?:/>|>.*?</script>)", "", svg, flags=re.S)
    head, rest = svg.split(">", 1)  # the root element: namespaces and fixed size go (text is left alone)
    head = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", head)
    head = re.sub(r'\s(?:width|height)="[^"]*"', "", head)
    head = head.replace(' class="pygal-chart"', "", 1).replace("<svg", _CHART, 1)
    return head + ">" + rest.rstrip("\n") + "\n"  # one newline after the chart, as the page had


def _legend(items: list[tuple[str, str]], y: int, width: int) -> str:
    """A one-line legend (colour box and words) centred under side-by-side charts."""
    from jncli.report.page import esc as escape  # html.escape's replacements, without its import

    step = width // max(len(items), 1)
    out = []
    for i, (colour, words) in enumerate(items):
        x = i * step + 12
        out.append(
            f'<rect x="{x}" y="{y}" width="{_FONT}" height="{_FONT}" fill="{colour}"/>'
            f'<text x="{x + _FONT + 6}" y="{y + _FONT - 1}" font-size="{_FONT}">{escape(words)}</text>'
        )
    return "".join(out)


def chart_scores(ch: _Charts, table: pl.DataFrame, lang: str, t: dict) -> str | None:
    """Per category a panel: each county's score, best first, the bar coloured by its status and its
    award written at the bar's end; one legend of the statuses under the panels."""
    import polars as pl

    cats = [c for c in table["category"].unique(maintain_order=True).to_list()]
    scored = table.filter(pl.col("score").is_not_null())
    if scored.height == 0:
        return None
    rows = scored.select("category", "county", "score", "award", "status", "rank").rows()
    statuses = [*_STATUSES, *sorted({r[4] for r in rows} - set(_STATUSES))]
    n = max(sum(1 for r in rows if r[0] == cat) for cat in cats) or 1
    counties_all = [r[1] for r in rows]
    panel_w, panel_h = 330 + _wide_extra(counties_all), int(22 * n + 60)
    panels = []
    for cat in cats:
        part = [r for r in rows if r[0] == cat]
        part.sort(key=lambda r: (r[5] is None, r[5] or 0))  # best rank at the top
        chart = ch.chart(
            "HorizontalStackedBar",
            [STATUS_COLOURS.get(s, "#9e9e9e") for s in statuses],
            width=panel_w,
            height=panel_h,
            title=_word(CATEGORY, cat, lang),
            range=(0, 125),
            y_labels=[0, 25, 50, 75, 100, 125],
            show_legend=False,
            print_values=True,
            print_zeroes=False,
            margin_left=8 + _wide_extra(counties_all),
        )
        chart.x_labels = [r[1] for r in part[::-1]]
        for s in statuses:
            values = []
            for r in part[::-1]:
                if r[4] != s:
                    values.append(None)
                    continue
                award = f"{_money(r[3]).rstrip('0').rstrip('.')}{t['award_unit']}" if r[3] else ""
                values.append({"value": float(r[2]), "formatter": lambda _v, a=award: a})
            chart.add(_word(STATUS, s, lang), values)
        panels.append(ch.render(chart))
    width, height = panel_w * len(panels), panel_h + 30
    inner = "".join(
        svg.replace(_CHART, f'<svg x="{i * panel_w}" y="0" width="{panel_w}" height="{panel_h}"', 1).rstrip("\n")
        for i, svg in enumerate(panels)
    )  # fmt: skip
    legend = _legend(
        [(STATUS_COLOURS.get(s, "#9e9e9e"), _word(STATUS, s, lang)) for s in _STATUSES], panel_h + 8, width
    )
    return f'{_CHART} viewBox="0 0 {width} {height}">{inner}{legend}</svg>\n'


def chart_awards(ch: _Charts, r: Run, lang: str, t: dict) -> str | None:
    """Money per county: two bars each, the city's budget and the county's own (each rule's `payer` in the
    policy file), each stacked by measure — county awards (m1) and enterprises' awards by their county.
    The two budgets are never added into one bar: each has its own row, named with its budget and
    total; the county's budget in a lighter shade of the measure's colour."""
    from jncli.report.payers import PAYERS_SHOWN, county_order, paid_rows

    rows = [p for p in paid_rows(r, t["outside"]) if p.payer in PAYERS_SHOWN]
    if not rows:
        return None
    counties = county_order(r, rows, t["outside"])
    payers = [p for p in PAYERS_SHOWN if any(x.payer == p for x in rows)]
    word = {"city": t["payer_city"], "county": t["payer_county"]}
    series = [(p, m) for p in payers for m in sorted({x.measure for x in rows if x.payer == p})]
    bars = [(c, p) for c in counties for p in payers][::-1]  # pygal lists bars bottom up: first county on top
    labels = []
    for c, p in bars:
        total = float(sum((x.award for x in rows if x.county == c and x.payer == p), Decimal(0)))
        labels.append(f"{c} {word[p]} {f'{total:,.2f}'.rstrip('0').rstrip('.')}" if total else f"{c} {word[p]}")
    chart = ch.chart(
        "HorizontalStackedBar",
        [
            _lighter(MEASURE_COLOURS.get(m, "#607d8b")) if p == "county" else MEASURE_COLOURS.get(m, "#607d8b")
            for p, m in series
        ],
        width=760,
        height=int(20 * len(bars) + 90 + 26 * -(-len(series) // 2)),  # the legend: two a row
        x_title=t["award_unit"],
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        margin_bottom=8 + 18 * -(-len(series) // 2),  # pygal leaves room for one row of the legend only
        margin_left=8 + _wide_extra(labels),
    )
    chart.x_labels = labels
    for p, m in series:
        values = []
        for c, bp in bars:
            v = float(sum((x.award for x in rows if x.county == c and x.payer == p and x.measure == m), Decimal(0)))
            values.append(v if bp == p and v else None)
        name = t["measure"].format(n=_zh_number(m) if lang == "zh" else m)
        chart.add(f"{name}（{word[p]}）" if lang == "zh" else f"{name} ({word[p]})", values)
    return ch.render(chart)


def chart_shops_by_month(ch: _Charts, table: pl.DataFrame, r: Run, lang: str, t: dict) -> str | None:
    """New shops per month, stacked by county."""
    if table.height == 0:
        return None
    months = sorted(table["month"].unique().to_list())
    order = [c.name for c in r.policy.counties]
    present = set(table["county"].to_list())
    counties = [c for c in order if c in present]
    counties += sorted(present - set(counties))
    names = [t["outside"] if c == "(outside)" else c for c in counties]
    chart = ch.chart(
        "StackedBar",
        [_TAB20[i % 20] for i in range(len(counties))],
        width=860,
        height=360 + 18 * -(-len(counties) // 6),  # the legend: 6 counties a row
        x_title="月份" if lang == "zh" else "month",
        y_title=label("new_shops", lang),
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(counties), 6),
        margin_bottom=8 + 18 * -(-len(counties) // 6),  # pygal leaves room for one row of the legend only
    )
    chart.x_labels = [str(m) for m in months]
    parts: dict[str, dict] = {}  # county → month → new shops, read once (a null county equals no county)
    for county, month, new in table.select("county", "month", "new_shops").iter_rows():
        if county is not None:
            parts.setdefault(county, {})[month] = new
    for county, name in zip(counties, names):
        part = parts.get(county, {})
        chart.add(name, [part.get(m, 0) or 0 for m in months])
    return ch.render(chart)
