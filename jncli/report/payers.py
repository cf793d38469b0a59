"""Who pays what, per county: the money of the city's budget (市财政给予) apart from the counties' own
(由企业所在县（市、区）财政……给予, 鼓励有条件的县（市、区）给予), as each rule's `payer` in the policy file says.

An enterprise's award counts in the enterprise's county; a county's award (measure 1) in that county.
The sums are checked against the ledger: every awarded 万元 of the ledger is in exactly one cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from jncli.report.words import _money, _zh_number, label

if TYPE_CHECKING:
    from jncli.annual import Run

PAYERS_SHOWN = ("city", "county")


@dataclass(frozen=True, eq=False, repr=False)
class Paid:
    """An amount of the ledger by county, measure and payer."""

    county: str
    measure: int
    payer: str  # "city" | "county" (the rule's payer in the policy file)
    award: Decimal


def paid_rows(r: Run, outside: str) -> list[Paid]:
    """Every awarded row of the steps that feed the ledger, with its county and its payer."""
    import polars as pl

    from jncli.tableio.table import engine

    pol = r.policy
    out: list[Paid] = []
    queries = [
        step.table.lazy()
        .filter((pl.col("status") == "awarded") & (pl.col("award") != 0))
        .select("county", "measure", "rule", "award")
        for step in r.steps.values()
        if step.table is not None
        and step.in_ledger
        and {"county", "rule", "award", "status"} <= set(step.table.columns)
    ]
    for awarded in pl.collect_all(queries, engine=engine()):  # the steps in order, one polars call
        for county, measure, rule, award in awarded.iter_rows():
            info = pol.rules.get(rule)
            out.append(Paid(pol.canonical_county(county) or outside, measure, info.payer if info else "city", award))
    return out


def measures_by_payer(r: Run) -> dict[str, list[int]]:
    """The measures each budget pays under the policy file (rules with payer city / county)."""
    out: dict[str, list[int]] = {p: [] for p in PAYERS_SHOWN}
    for info in r.policy.rules.values():
        if info.payer in out and info.measure not in out[info.payer]:
            out[info.payer].append(info.measure)
    return {p: sorted(ms) for p, ms in out.items()}


def county_order(r: Run, rows: list[Paid], outside: str, every: bool = False) -> list[str]:
    """The counties in the policy's order (`every`: all of them, with money or not), then any other."""
    order = [c.name for c in r.policy.counties] + [outside]
    present = {p.county for p in rows}
    return [c for c in order if c in present or (every and c != outside)] + sorted(present - set(order))


def payer_table(r: Run, t: dict) -> tuple[list[str], list[list], Decimal]:
    """(columns, rows with a total row, grand total): per county the money (Decimal 万元) of each measure under
    each payer, a subtotal per payer and the sum of both."""
    lang = r.parsed.lang
    rows = paid_rows(r, t["outside"])
    by_payer = measures_by_payer(r)
    name = {"city": t["payer_city"], "county": t["payer_county"]}
    columns = [label("county", lang)]
    for payer in PAYERS_SHOWN:
        columns += [f"{name[payer]} {_measure(m, lang, t)}" for m in by_payer[payer]]
        columns.append(t["payer_total"].format(payer=name[payer]))
    columns.append(t["payers_sum"])

    def line(label: str, mine: list[Paid]) -> list:
        cells: list = [label]
        both = Decimal(0)
        for payer in PAYERS_SHOWN:
            sub = Decimal(0)
            for m in by_payer[payer]:
                v = sum((p.award for p in mine if p.payer == payer and p.measure == m), Decimal(0))
                cells.append(v)
                sub += v
            cells.append(sub)
            both += sub
        cells.append(both)
        return cells

    body = [line(c, [p for p in rows if p.county == c]) for c in county_order(r, rows, t["outside"], every=True)]
    total = sum((p.award for p in rows if p.payer in PAYERS_SHOWN), Decimal(0))
    body.append(line(t["total"], [p for p in rows if p.payer in PAYERS_SHOWN]))
    return columns, body, total


def rule_summary(r: Run, t: dict) -> tuple[list[str], list[list]]:
    """奖励汇总 per rule from the ledger — article, rule, payer, awarded, 万元 (Decimal), commended, qualified —
    then a subtotal per payer and the sum of both budgets (said to be one)."""
    import polars as pl

    lang = r.parsed.lang
    zh = lang == "zh"
    pol = r.policy
    columns = [label("measure", lang), t["rule"], t["payer"], t["awarded_n"], t["amount"]]
    columns += [t["commended_n"], t["qualified_n"]]
    led = r.ledger
    if not led.height:
        return columns, []
    per = (
        led.group_by("measure", "rule")
        .agg(
            awarded=((pl.col("status") == "awarded") & (pl.col("award") != 0)).sum(),  # not 0 after --budget
            amount=pl.col("award").filter(pl.col("status") == "awarded").sum(),
            commended=(pl.col("status") == "commended").sum(),
            qualified=(pl.col("status") == "qualified").sum(),
        )
        .sort("measure", "rule")
    )
    rows: list[list] = []
    totals: dict[str, Decimal] = {}
    word = {"city": t["payer_city"], "county": t["payer_county"], "none": "—"}
    for measure, rule, awarded, amount, commended, qualified in per.iter_rows():
        info = pol.rules.get(rule)
        name = (info.name if zh else info.name_en) if info else rule
        payer = info.payer if info else "city"
        amount = amount or Decimal(0)
        totals[payer] = totals.get(payer, Decimal(0)) + amount
        article = t["article"].format(n=_zh_number(measure) if zh else measure)
        rows.append([article, f"{rule} {name}", word[payer], awarded, amount, commended, qualified])
    counts = [sum(x[i] for x in rows) for i in (3, 5, 6)]
    for payer in PAYERS_SHOWN:  # the two budgets apart, then their sum
        if payer in totals:
            rows.append([t["payer_total"].format(payer=word[payer]), "", word[payer], None, totals[payer], None, None])
    rows.append([t["payers_sum"], "", "", counts[0], sum(totals.values(), Decimal(0)), *counts[1:]])
    return columns, rows


def as_frame(columns: list[str], rows: list[list]):
    """A summary table as a frame for the workbook: money as Decimal 万元, counts as integers (headers apart)."""
    import polars as pl

    from jncli.values import money_series

    data = {}
    for i in range(len(columns)):
        values = [row[i] for row in rows]
        sample = next((v for v in values if v is not None), "")
        if isinstance(sample, Decimal):
            data[f"c{i}"] = money_series(values)
        elif isinstance(sample, int):
            data[f"c{i}"] = pl.Series(values, dtype=pl.Int64)
        else:
            data[f"c{i}"] = pl.Series(values, dtype=pl.String)
    return pl.DataFrame(data)


def _measure(m: int, lang: str, t: dict) -> str:
    return t["measure"].format(n=_zh_number(m) if lang == "zh" else m)


def payer_section(r: Run, t: dict) -> list[str]:
    """各县（市、区）奖励资金: the table, what each budget pays, and the check against the ledger."""
    import polars as pl

    from jncli.report.page import _plain_table, esc

    lang = r.parsed.lang
    by_payer = measures_by_payer(r)
    sep = "、" if lang == "zh" else ", "
    intro = t["payers_intro"].format(
        city=sep.join(_measure(m, lang, t) for m in by_payer["city"]),
        county=sep.join(_measure(m, lang, t) for m in by_payer["county"]),
    )
    columns, body, total = payer_table(r, t)
    body = [[row[0], *(_money(v) for v in row[1:])] for row in body]
    led = r.ledger.filter(pl.col("status") == "awarded")["award"].sum() if r.ledger.height else Decimal(0)
    check = t["payers_check"].format(ledger=_money(led or Decimal(0)), table=_money(total))
    return [
        f"<h3>{esc(t['payers'])}</h3>",
        f"<p>{esc(intro)}</p>",
        _plain_table(columns, body, set(range(1, len(columns))), css="payers"),
        f'<p class="meta">{esc(check)}</p>',
    ]
