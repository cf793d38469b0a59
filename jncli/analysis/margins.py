"""`--margins`: two columns and one sentence on every row of score-counties, award-enterprises and
track-shops — how far the beneficiary is from its next award, and how much room it has to keep its own.

- `margin_up`: the smallest increase of the beneficiary's own current-year value that raises its award
  (or turns it `commended`), everything else in the input unchanged; empty when no increase can.
- `margin_down` (rows `awarded` or `commended`): the largest decrease that still keeps the award.

万元 to 0.01; for m4.newshops whole shops, in their own columns `margin_up_shops` / `margin_down_shops`.
The value is measure 1's category value (online_retail, rural_online_retail, ent_online_retail), measures
2 and 6's online_retail, measure 4's new_shops or migrated_retail. "Its award" is what the beneficiary
is paid under the measure — a county's one measure-1 award (不重复奖励), an enterprise's m2/m6 award of
the year after 就高 and the top-up — or, for measure 4, the row's commendation. Every margin is the
rules' answer, proven at the boundary (`search`); the per-measure modules say how each rule is asked.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from jncli.analysis.margins_counties import county_margins
from jncli.analysis.margins_enterprises import _positioned, enterprise_margins
from jncli.analysis.margins_shops import shop_margins
from jncli.analysis.sensitivity import same_as_rule
from jncli.ledger import AWARDED
from jncli.policy import Policy
from jncli.rules.counties.common import CATEGORIES, COLUMN_NAMES
from jncli.rules.counties.decide import Decider
from jncli.rules.shops import MIGRATED, NEWSHOPS

MARGIN_DTYPE = pl.Decimal(38, 2)
COLUMNS = ("margin_up", "margin_down")
# track-shops: m4.newshops' margins are counts of shops, not 万元 — their own integer columns, so that no
# header says （万元） and no sheet formats them as money over them (m4.migrated's stay in margin_up/down)
SHOP_COLUMNS = ("margin_up_shops", "margin_down_shops")

_T = {
    "zh": {
        "up_to": "再增加{col}{m}万元可获第{pos}档（{award}万元）",
        "up": "再增加{col}{m}万元可获{award}万元",
        "down": "{col}减少不超过{d}万元仍可获{held}万元",
        "down_at_least": "{col}减少不超过{d}万元仍可获不少于{held}万元",
        "ent": "实物商品网络零售额",
        "shops_up": "再新增{m}家网上店铺可获通报表扬",
        "shops_down": "新增网上店铺减少不超过{d}家仍可获通报表扬",
        "mig_up": "迁入店铺纳统网络零售额再增加{m}万元可升至第{pos}名，获通报表扬",
        "mig_down": "迁入店铺纳统网络零售额减少不超过{d}万元仍可获通报表扬",
        "unscaled": "（均为预算缩放前的金额）",
        "sep": "；",
        "end": "。",
        "space": "",
    },
    "en": {
        "up_to": "an increase of {m} 万元 in {col} would take the {pos} award place ({award} 万元)",
        "up": "an increase of {m} 万元 in {col} would give {award} 万元",
        "down": "a decrease of up to {d} 万元 in {col} still gives {held} 万元",
        "down_at_least": "a decrease of up to {d} 万元 in {col} still gives at least {held} 万元",
        "ent": "online retail",
        "shops_up": "{m} more new shops would earn the commendation",
        "shops_down": "up to {d} fewer new shops still earn the commendation",
        "mig_up": "an increase of {m} 万元 in migrated shops' 纳统 retail would raise it to place {pos}, commended",
        "mig_down": "a decrease of up to {d} 万元 in migrated shops' 纳统 retail still earns the commendation",
        "unscaled": " (amounts before the budget's scaling)",
        "sep": "; ",
        "end": ".",
        "space": " ",
    },
}


def _place(n: int, lang: str) -> str:
    """The award place (1: the highest amount), not `rank`: under filter-first or --reassign they differ."""
    if lang == "zh":
        return str(n)
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _num(d: Decimal) -> str:
    """930.53, 30, 1001: exact, without trailing zeros."""
    text = format(d.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _sentence(parts: list[str], lang: str) -> str | None:
    """The parts as one sentence, to follow the row's basis (which may or may not end in a full stop)."""
    t = _T[lang]
    if not parts:
        return None
    text = t["sep"].join(parts)
    return text[:1].upper() + text[1:] + t["end"]


def _append(basis: pl.Expr, extra: pl.Series, lang: str) -> pl.Expr:
    t = _T[lang]
    ended = basis.str.ends_with(t["end"])
    glue = pl.when(ended).then(pl.lit(t["space"])).otherwise(pl.lit(t["end"] + t["space"]))
    return pl.when(pl.lit(extra).is_null()).then(basis).otherwise(pl.concat_str([basis, glue, pl.lit(extra)]))


def _attach(table: pl.DataFrame, keys: list[str], found: dict[tuple, tuple], lang: str) -> pl.DataFrame:
    """margin_up, margin_down before `basis`, and the sentence appended to `basis`; `found`: key → (up,
    down, sentence parts)."""
    ups, downs, extra = [], [], []
    for key in table.select(keys).iter_rows():
        up, down, parts = found.get(key, (None, None, []))
        ups.append(None if up is None else str(up))
        downs.append(None if down is None else str(down))
        extra.append(_sentence(parts, lang))
    out = table.with_columns(
        margin_up=pl.Series(ups, dtype=pl.String).cast(MARGIN_DTYPE),
        margin_down=pl.Series(downs, dtype=pl.String).cast(MARGIN_DTYPE),
        basis=_append(pl.col("basis"), pl.Series(extra, dtype=pl.String), lang),
    )
    order = [c for c in table.columns if c != "basis"]
    at = order.index("status") + 1 if "status" in order else len(order)
    return out.select(*order[:at], *COLUMNS, "basis", *order[at:])


# ------------------------------------------------------------------------------------------ the measures
def counties(table: pl.DataFrame, frame: pl.DataFrame, policy: Policy, *, lang: str = "zh", **options) -> pl.DataFrame:
    """score-counties' table with its margins; `frame` the conformed input, `options` score_counties' own."""
    t = _T[lang]
    decider = Decider(frame, policy, **options)
    same_as_rule(decider, table, "--margins")
    found = {}
    for (key, county), m in county_margins(decider).items():
        col = CATEGORIES[key].columns[0]
        name = COLUMN_NAMES[lang][col]
        parts = []
        if m.up is not None:
            better = m.position_up is not None and (m.position is None or m.position_up < m.position)
            parts.append(
                t["up_to" if better else "up"].format(
                    col=name,
                    m=_num(m.up),
                    pos=None if m.position_up is None else _place(m.position_up, lang),
                    award=_num(m.award_up or Decimal(0)),
                )
            )
        held = None
        if m.down is not None:
            held = table.filter((pl.col("county") == county) & (pl.col("status") == AWARDED))["award"].sum()
            # under --reassign a lower value can pay MORE (the county's growth test fails, its superseded place
            # goes to the next county and its own other ranking moves up): the margin keeps *at least* the award
            down = t["down_at_least" if decider.reassign else "down"]
            parts.append(down.format(col=name, d=_num(m.down), held=_num(Decimal(held))))
        found[(county, key)] = (m.up, m.down, parts)  # margin_down only on the row that carries the award
    return _attach(table, ["county", "category"], found, lang)


def enterprises(
    table: pl.DataFrame, frame: pl.DataFrame, policy: Policy, *, lang: str = "zh", budget: bool = False, **options
) -> pl.DataFrame:
    """award-enterprises' table with its margins (before any --budget: `budget` says one scaled the awards);
    `options` award_enterprises' own but `budget`."""
    t = _T[lang]
    margins = enterprise_margins(_positioned(frame), policy, lang=lang, **options)
    group = set(policy.enterprise_group)
    found = {}
    for r in table.select("_source", "_row", "rule", "status").iter_rows(named=True):
        m = margins.get((r["_source"], r["_row"]))
        if m is None or r["rule"] not in group:
            continue
        down = m.down if r["status"] == AWARDED else None
        parts = []
        if m.up is not None:
            parts.append(t["up"].format(col=t["ent"], m=_num(m.up), award=_num(m.award_up or Decimal(0))))
        if down is not None:
            parts.append(t["down"].format(col=t["ent"], d=_num(down), held=_num(m.awarded)))
        if budget and parts:
            parts[-1] += t["unscaled"]
        found[(r["_source"], r["_row"], r["rule"])] = (m.up, down, parts)
    return _attach(table, ["_source", "_row", "rule"], found, lang)


def shops(table: pl.DataFrame, policy: Policy, *, lang: str = "zh") -> pl.DataFrame:
    """track-shops' per-year table with its margins."""
    t = _T[lang]
    found = {}
    for (county, rule), m in shop_margins(table, policy, lang).items():
        parts = []
        if rule == NEWSHOPS:
            if m.up is not None:
                parts.append(t["shops_up"].format(m=_num(m.up)))
            if m.down is not None:
                parts.append(t["shops_down"].format(d=_num(m.down)))
        elif rule == MIGRATED:
            if m.up is not None:
                parts.append(t["mig_up"].format(m=_num(m.up), pos=m.rank_up))
            if m.down is not None:
                parts.append(t["mig_down"].format(d=_num(m.down)))
        found[(county, rule)] = (m.up, m.down, parts)
    out = _attach(table, ["county", "rule"], found, lang)
    count = pl.col("rule") == NEWSHOPS
    out = out.with_columns(
        margin_up_shops=pl.when(count).then(pl.col("margin_up")).cast(pl.Int64),
        margin_down_shops=pl.when(count).then(pl.col("margin_down")).cast(pl.Int64),
        margin_up=pl.when(~count).then(pl.col("margin_up")),
        margin_down=pl.when(~count).then(pl.col("margin_down")),
    )
    order = [c for c in out.columns if c not in SHOP_COLUMNS]
    at = order.index("margin_down") + 1
    return out.select(*order[:at], *SHOP_COLUMNS, *order[at:])


__all__ = ["COLUMNS", "SHOP_COLUMNS", "counties", "enterprises", "shops"]
