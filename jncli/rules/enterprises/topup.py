"""就高 and the top-up across years, and the budget's scaling of the 最高 (up-to) awards.

以上奖励政策按就高原则执行，不重复享受。
(RULES.md §2: of an entity's qualified m2/m6 rows of a year only the highest pays (equal amounts: the
policy's precedence); across years only the top-up over what was already received is paid. Awards
"最高 X 万元" are scaled down when `--budget` is below their total.)
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

import polars as pl

from jncli.errors import DataError, row_ref
from jncli.ledger import AWARDED, SUPERSEDED
from jncli.policy import Policy
from jncli.rules import Said
from jncli.rules.enterprises.common import MICRO, MONEY, _dec, _lit, _normalised_code, _to_micro, _with_position
from jncli.rules.enterprises.received import says_received
from jncli.values import money_constant

SHOWN = 3  # rows named in a warning, then "…"


def _prior_events(prior: pl.DataFrame, policy: Policy, max_year: int) -> pl.DataFrame:
    """Per (code, year) the prior ledgers cover: what was received in the m2/m6 group (sum of awarded rows).

    Only the rows `says_received` names cover an entity-year (RULES.md §2: received "in the group"): a ledger
    row of another rule leaves the entity-year to this run's evaluation of the data's rows, as `coverage`
    states it."""
    for col in ("beneficiary", "rule", "year", "award", "status"):
        if col not in prior.columns:
            raise DataError(f"prior ledger lacks required column {col} (see `jncli schema ledger`)")
    p = _with_position(prior, "prior ledger")
    counted = (pl.col("status") == AWARDED) & pl.col("rule").is_in(list(policy.enterprise_group))
    bad = p.filter(counted & pl.col("award").is_null())
    if bad.height:
        r = bad.row(0, named=True)
        raise DataError(f"{row_ref(r['_source'], r['_row'], 'award')}: an awarded {r['rule']} row has no amount")
    p = p.with_columns(
        code=_normalised_code(pl.col("beneficiary")),
        _m=pl.when(counted).then(_to_micro(pl.col("award"))).otherwise(_lit(0)),
    )
    return (
        p.filter(says_received(policy) & pl.col("code").is_not_null() & pl.col("year").is_not_null())
        .filter(pl.col("year") < max_year)
        .group_by("code", "year")
        .agg(ledger_m=pl.col("_m").sum())
    )


def _topup(q: pl.DataFrame, policy: Policy, prior: pl.DataFrame | None, max_year: int) -> pl.DataFrame:
    """就高 per entity-year over the qualified m2/m6 rows, then the top-up against earlier years.

    Earlier year k comes either from a prior ledger (what was received grows by what it says was
    paid, L_k) or from this run (received becomes max(c, new_k), i.e. it pays max(0, new_k − c)).
    The step c' = max(c + b_k, a_k) composes in closed form: c before year k is
    S_k + max(0, max_{j<k}(a_j − S_{j+1})), S the cumulative b — so cum_sum / cum_max per entity.
    """
    prec = {rid: i for i, rid in enumerate(policy.m2_precedence)}
    order = pl.col("rule").replace_strict(prec, default=len(prec), return_dtype=pl.Int64)
    # Highest amount wins; equal amounts by the policy's precedence list (first wins).
    q = q.with_columns(_score=pl.col("entitled_m").cast(pl.Int64) * 1000 + (999 - order))
    q = q.with_columns(winner=pl.col("_score") == pl.col("_score").max().over("code", "year"))
    winners = q.filter(pl.col("winner")).select(
        "code", "year", winner_m=pl.col("entitled_m"), winner_rule=pl.col("rule")
    )

    # the winners' own columns ride along: the events of new_m not null are the winners' rows, so they need no
    # join back to the winners (~11 ms on 61,000 winners; issue 18)
    events = winners.select("code", "year", "winner_m", "winner_rule", new_m=pl.col("winner_m"))
    if prior is not None:
        ledger = _prior_events(prior, policy, max_year).join(winners.select("code").unique(), on="code", how="semi")
        events = events.join(ledger, on=["code", "year"], how="full", coalesce=True)
    else:
        events = events.with_columns(ledger_m=pl.lit(None, pl.Int64))
    # Sorted by entity and year; the per-entity cumulative ops run over the whole column with each
    # entity's start reset by hand (window functions over 10^5 groups are ten times slower).
    events = events.sort("code", "year").with_columns(
        b=pl.col("ledger_m").fill_null(0),
        a=pl.when(pl.col("ledger_m").is_null()).then(pl.col("new_m")),  # a ledger year: its own evaluation never counts
        g=pl.col("code").rle_id().cast(pl.Int128),
    )
    first = pl.col("g") != pl.col("g").shift(1, fill_value=-1)
    events = events.with_columns(_cs=pl.col("b").cum_sum())
    events = events.with_columns(s_incl=pl.col("_cs") - pl.when(first).then(pl.col("_cs") - pl.col("b")).forward_fill())
    # d_j = a_j − S_{j+1}; an offset of 2^65 per entity keeps a running max from leaking across entities.
    offset = pl.col("g") * pl.lit(2**65, pl.Int128)
    d = (pl.col("a").cast(pl.Int128) - pl.col("s_incl")).fill_null(pl.lit(-(2**63), pl.Int128)) + offset
    events = events.with_columns(_cm=d.cum_max() - offset)
    events = (
        events.with_columns(m=pl.when(first).then(pl.lit(0, pl.Int128)).otherwise(pl.col("_cm").shift(1)))
        .with_columns(
            received_m=(pl.col("s_incl") - pl.col("b") + pl.max_horizontal(pl.col("m"), pl.lit(0, pl.Int128))).cast(
                pl.Int64
            )
        )
        # where "received" came from: the part max(0, m) is this run's evaluation of earlier years' rows in
        # the data (the fallback: a computation, not a payment), the part before it is the prior ledgers'
        .with_columns(
            recv_calc=pl.when(pl.col("m") > 0)
            .then(pl.when(pl.col("s_incl") - pl.col("b") > 0).then(pl.lit(2)).otherwise(pl.lit(1)))
            .otherwise(pl.lit(0))
            .cast(pl.Int8)
        )
    )
    computed = events.filter(pl.col("a").is_not_null()).select("code", _y=pl.col("year"))
    events = events.filter(pl.col("new_m").is_not_null()).select(
        "code",
        "year",
        "winner_m",
        "winner_rule",
        "received_m",
        "recv_calc",
        pay_m=pl.max_horizontal(pl.col("new_m") - pl.col("received_m"), pl.lit(0, pl.Int64)),
    )
    events = _computed_years(events, computed)

    q = q.join(events, on=["code", "year"], how="left")
    return q.with_columns(
        status=pl.when(pl.col("winner") & (pl.col("pay_m") > 0)).then(pl.lit(AWARDED)).otherwise(pl.lit(SUPERSEDED)),
        award_m=pl.when(pl.col("winner")).then(pl.col("pay_m")).otherwise(_lit(0)),
        received_m=pl.when(pl.col("winner")).then(pl.col("received_m")),
    ).drop("_score", "pay_m")


def _computed_years(events: pl.DataFrame, computed: pl.DataFrame) -> pl.DataFrame:
    """`recv_years`: for the rows whose received figure rests on this run's evaluation of earlier years
    (`recv_calc` > 0), those earlier years (sorted), as the basis names them; null elsewhere."""
    rows = events.filter(pl.col("recv_calc") > 0).select("code", "year")
    if not rows.height:
        return events.with_columns(recv_years=pl.lit(None, pl.List(pl.Int64)))
    years = (
        rows.join(computed, on="code", how="inner")
        .filter(pl.col("_y") < pl.col("year"))
        .group_by("code", "year")
        .agg(recv_years=pl.col("_y").cast(pl.Int64).unique().sort())
    )
    return events.join(years, on=["code", "year"], how="left")


def _budget(
    rows: pl.DataFrame, policy: Policy, budget: Decimal, warnings: list[str]
) -> tuple[pl.DataFrame, int | None]:
    """最高 awards × X / total, floored to 0.01 万元, when their total strictly exceeds X.

    Returns (rows, total if scaled)."""
    step = 10 ** (6 - policy.award_decimals)
    scaled = (pl.col("status") == AWARDED) & pl.col("rule").is_in(list(policy.m2_budget_scaled))
    total_m = int(rows.filter(scaled)["award_m"].sum() or 0)
    x_m = int((budget * MICRO).to_integral_value(rounding=ROUND_FLOOR))
    names = ", ".join(policy.m2_budget_scaled)
    if total_m <= x_m:
        total = _dec(Decimal(total_m) / MICRO)
        warnings.append(
            Said(
                f"budget {_dec(budget)} 万元 covers the total {total} 万元 of up-to awards "
                f"({names}): no scaling (scale_factor 1)",
                f"预算{_dec(budget)}万元不少于“最高”类奖励合计{total}万元（{names}）：不缩放（系数1）",
            )
        )
        return rows.with_columns(
            scale_factor=pl.when(scaled).then(money_constant("1")), before_m=pl.lit(None, pl.Int64)
        ), None
    factor = (Decimal(x_m) / Decimal(total_m)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_EVEN)
    new = (pl.col("award_m").cast(pl.Int128) * x_m) // pl.lit(total_m * step, pl.Int128) * step
    rows = rows.with_columns(
        before_m=pl.when(scaled).then(pl.col("award_m")),
        award_m=pl.when(scaled).then(new.cast(pl.Int64)).otherwise(pl.col("award_m")),
        scale_factor=pl.when(scaled).then(pl.lit(factor, MONEY)),
    )
    paid = int(rows.filter(scaled)["award_m"].sum() or 0)
    total = _dec(Decimal(total_m) / MICRO)
    unit, paid_wan = _dec(Decimal(step) / MICRO), _dec(Decimal(paid) / MICRO)
    warnings.append(
        Said(
            f"budget {_dec(budget)} 万元 < total {total} 万元 of up-to awards ({names}): each scaled by "
            f"{_dec(budget)}/{total} = {factor} (6 decimals shown) and rounded down to "
            f"{unit} 万元; paid {paid_wan} 万元",
            f"预算{_dec(budget)}万元少于“最高”类奖励合计{total}万元（{names}）："
            f"每项按 {_dec(budget)}/{total} = {factor}（显示6位小数）缩放并向下取整到{unit}万元；"
            f"实发{paid_wan}万元",
        )
    )
    warnings += _zeroed(rows.filter(scaled & (pl.col("award_m") == 0) & (pl.col("before_m") > 0)))
    return rows, total_m


def _zeroed(rows: pl.DataFrame) -> list[str]:
    """A warning naming the awarded rows the scaling leaves at 0 万元 (still `awarded`, as RULES.md §2 gives the
    status; the report's count of awarded rows leaves them out)."""
    if not rows.height:
        return []
    first = rows.sort("_source", "_row").head(SHOWN).iter_rows(named=True)
    shown = [(r["_source"], r["_row"], r["code"], r["rule"]) for r in first]
    more = " …" if rows.height > SHOWN else ""
    en = ", ".join(f"{row_ref(src, n)} ({code}, {rule})" for src, n, code, rule in shown) + more
    zh = "，".join(f"{row_ref(src, n, lang='zh')}（{code}，{rule}）" for src, n, code, rule in shown) + more
    return [
        Said(
            f"{rows.height} awarded row(s) are scaled to 0 万元 by the budget: their status stays awarded, but "
            f"they are paid nothing (the report does not count them as awarded): {en}",
            f"{rows.height}行获奖记录经预算缩放后为0万元：状态仍为获奖，但实际不发放（报告不计入获奖数）：{zh}",
        )
    ]
