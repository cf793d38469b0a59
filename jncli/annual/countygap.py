"""An earlier year's ledger that names no enterprise of a county whose rows of that year are in DATA (hostile review 3,
A3): say it, with the money it moves.

RULES.md §2 "Received": per entity and year, from the prior ledger where it has a row for that entity and year,
otherwise from this run's evaluation of that year's rows in the input. A verified earlier run beside OUT_DIR (or a
--prior ledger) made before one county's return came in lists none of that county's enterprises, so their "received"
in that year is computed from DATA's rows of the year, as if they had been paid then — and if they were not, this
year's top-up (m2/m6) and the one-off m3.fiscal withhold money that was never paid. The reading stays the letter's
(no money moves here); the run warns, naming the county, the enterprises and the amounts, and the way to the record
of what was paid. Not a stop: RULES.md stops a run only when nothing covers an earlier year, and a ledger that covers
the other counties does (docs/policy-reading.md, next to the --prior coverage reading).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from jncli.annual.inputs import FROM_EARLIER_RUN

if TYPE_CHECKING:
    import polars as pl

    from jncli.policy import Policy

SHOWN = 3  # the enterprises named per county, then "…"


def county_gaps(
    frame: pl.DataFrame, ledger: pl.DataFrame | None, awards: pl.DataFrame, received: list[dict], policy: Policy
) -> list[str]:
    """One warning per earlier year and county: the year's record (the verified earlier run, --prior) names no
    enterprise of the county, DATA holds the county's rows of that year, and this run counts something of them as
    received — an m2/m6 row of this year with `received` above 0, or an m3.fiscal row `superseded` (paid once,
    by that computation). `received`: check_received's sources per earlier year; `awards`: this year's
    award-enterprises rows."""
    import polars as pl

    from jncli.rules import Said
    from jncli.rules.enterprises.common import FISCAL_RULE, _normalised_code
    from jncli.rules.enterprises.received import counties_of

    years = [r for r in received if r.get("source") not in ("data", "none") and r.get("data_files")]
    if ledger is None or not years or not {"beneficiary", "year"} <= set(ledger.columns):
        return []
    if "county" not in frame.columns or not awards.height:
        return []
    group = list(policy.enterprise_group)
    award_rows = awards.with_columns(_code=_normalised_code(pl.col("beneficiary")))
    m2 = pl.col("rule").is_in(group) & (pl.col("received").cast(pl.Float64).fill_null(0) > 0)
    m3 = (pl.col("rule") == FISCAL_RULE) & (pl.col("status") == "superseded")
    at_stake = award_rows.filter(m2 | m3)
    if not at_stake.height:
        return []
    ent, county_of = counties_of(frame, policy)
    lines: list[str] = []
    for r in years:
        y = r["year"]
        named = ledger.filter(pl.col("year") == y).select(_normalised_code(pl.col("beneficiary"))).to_series()
        named = set(named.drop_nulls().to_list())
        covered = {county_of[c] for c in named if c in county_of}
        if not covered:  # a ledger of no enterprise of the table: no county can be told apart
            continue
        then = ent.filter((pl.col("year") == y) & ~pl.col("_code").is_in(list(named)) & pl.col("_county").is_not_null())
        gap = {code: county for code, county in then.select("_code", "_county").iter_rows() if county not in covered}
        if not gap:
            continue
        hit = at_stake.filter(pl.col("_code").is_in(list(gap)))
        per: dict[str, list[tuple[str, str]]] = {}
        for row in hit.sort("_code", "rule").iter_rows(named=True):
            who = f"{row['beneficiary_name']} {row['_code']}" if row.get("beneficiary_name") else row["_code"]
            if row["rule"] == FISCAL_RULE:
                amount = _money(row["entitled"])
                en = f"{FISCAL_RULE} {amount} 万元 withheld as paid once in {y}"
                zh = f"{FISCAL_RULE}本年度{amount}万元因视为{y}年度已一次性奖励而不予发放"
            else:
                amount = _money(row["received"])
                en = f"{row['rule']}: {amount} 万元 deducted as received in {y}"
                zh = f"{row['rule']}：按{y}年度已领取{amount}万元扣减"
            per.setdefault(gap[row["_code"]], []).append((f"{who} ({en})", f"{who}（{zh}）"))
        source = ", ".join(r["files"])
        data = ", ".join(r["data_files"])
        earlier = r["source"] == FROM_EARLIER_RUN
        what, zh_what = ("the verified earlier run", "已核验的上年度运行") if earlier else ("--prior", "--prior 台账")
        for county, items in sorted(per.items()):
            more = len(items) > SHOWN
            en_list = "; ".join(e for e, _ in items[:SHOWN]) + ("; …" if more else "")
            zh_list = "；".join(z for _, z in items[:SHOWN]) + ("等" if more else "")
            lines.append(
                Said(
                    f"received in {y}: {what} {source} names no enterprise of {county}, whose {y} rows are in {data}: "
                    f"by RULES §2 what those rows compute counts as received in {y} ({len(items)} award row(s): "
                    f"{en_list}); if {county}'s enterprises were not paid for {y} (its return came late), give --prior "
                    f"the ledger of what was paid in {y} (a row of each such enterprise, award 0 where nothing was "
                    f"paid); if they were paid later, re-run {y} with {county}'s rows into OUT_DIR/../{y} (--force) "
                    f"and verify it",
                    f"{y}年度已领取：{zh_what} {source} 中没有{county}的企业，而 {data} 中有其{y}年度的行："
                    f"按 RULES 第2条，这些行测算的金额视为{y}年度已领取（{len(items)}行奖励：{zh_list}）；"
                    f"如{county}的企业{y}年度并未获得发放（如其报表迟报），"
                    f"请用 --prior 提供{y}年度实际发放台账（每家此类企业一行，未发放的金额填0）；"
                    f"如其后已补发，请将{county}的行补入后重新运行{y}年度至 OUT_DIR/../{y}（--force）并核验",
                )
            )
    return lines


def _money(value) -> str:
    """An amount in 万元 as the ledger writes it (no trailing zeros)."""
    d = Decimal(str(value)).normalize()
    return format(d, "f")
