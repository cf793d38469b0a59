"""`award_enterprises`: measures 2, 3 and 6 from the conformed enterprises table to the ledger rows.

第二条 培育电商龙头企业；第三条 吸引电商大企业落户；第六条 提升完善电商产业园区生态。
以上奖励政策按就高原则执行，不重复享受。
(RULES.md §2: the rule rows (rows), 就高 and the top-up (topup), m3.fiscal beside them, the budget,
and one `basis` sentence per row naming every failing condition or how the amount came about.)
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import polars as pl

from jncli import credit_code
from jncli.errors import DataError, row_ref
from jncli.ledger import AWARDED, INELIGIBLE, OUT_OF_PERIOD, SUPERSEDED
from jncli.policy import Policy
from jncli.rules import RuleResult, Said
from jncli.rules.enterprises.common import (
    EARLIER_RUN,
    FISCAL_RULE,
    MICRO,
    QUALIFIED,
    TEXTS,
    TIER_RULES,
    TITLE_RULE,
    TITLE_SEPARATORS,
    _article,
    _dec,
    _micro,
    _money_str,
    _prepare,
    _rule_name,
    _sort_order,
    _text,
    _two_codes,
    _years,
)
from jncli.rules.enterprises.output import FINISH_KEYS, _finish
from jncli.rules.enterprises.received import (
    fallback_lines,
    fiscal_unknown_warnings,
    in_period_prior,
    uncovered_warnings,
    unseen_received,
)
from jncli.rules.enterprises.rows import (
    _fiscal_once,
    _fiscal_ratios,
    _fiscal_rows,
    _tier_rows,
    _tier_rules,
    _title_rows,
)
from jncli.rules.enterprises.topup import _budget, _topup


def _reasons(policy: Policy, lang: str) -> pl.Expr:
    """Every failing condition of an ineligible row, in the order the article states them."""
    t = TEXTS[lang]
    years = ("、" if lang == "zh" else ", ").join(map(str, policy.annual_years))
    tier = pl.col("rule").is_in(list(TIER_RULES))
    fiscal = pl.col("rule") == FISCAL_RULE
    lowest = {rid: _micro(r.tiers[0].threshold, f"{rid} threshold") for rid, r in _tier_rules(policy).items()}
    minimum = pl.col("rule").replace_strict(lowest, default=None, return_dtype=pl.Int64)
    # the minimum as text once per rule (the same `_money_str` on the few values), not once per row
    texts = pl.DataFrame({"m": list(lowest.values())}, schema={"m": pl.Int64}).select(_money_str(pl.col("m")))
    minimum_text = pl.col("rule").replace_strict(
        dict(zip(lowest, texts.get_column("m").to_list())), default=None, return_dtype=pl.String
    )
    parts = [
        pl.when(~pl.col("code_ok")).then(pl.col("code_problem")),
        pl.when(~pl.col("in_period")).then(_text(lang, "bad_year", year=pl.col("year"), years=years)),
        pl.when(~pl.col("jining")).then(
            _text(lang, "not_jining", city=policy.city_name, county=pl.coalesce(pl.col("county"), pl.lit(t["empty"])))
        ),
        pl.when((tier | fiscal) & ~pl.col("in_statistics")).then(pl.lit(t["not_stat"])),
        pl.when(tier & ~pl.col("is_trade")).then(pl.lit(t["not_trade"])),
        pl.when(tier & pl.col("retail_m").is_null()).then(pl.lit(t["no_retail"])),
        pl.when(tier & pl.col("in_period") & (pl.col("retail_m") < minimum)).then(
            _text(lang, "below", retail=_money_str(pl.col("retail_m")), min=minimum_text)
        ),
        pl.when((pl.col("rule") == TITLE_RULE) & ~pl.col("title_m2")).then(
            pl.when(pl.col("title_base_form"))  # 国家电子商务示范基地（第三批）: name m6.base's list too
            .then(_text(lang, "not_title_base", title=pl.col("national_title")))
            .otherwise(_text(lang, "not_title", title=pl.col("national_title")))
        ),
        pl.when(fiscal & (pl.col("nfr_m") <= 0)).then(_text(lang, "no_fiscal", nfr=_money_str(pl.col("nfr_m")))),
        pl.when(fiscal & pl.col("jining") & pl.col("ratio").is_null()).then(
            _text(lang, "no_ratio", county=pl.col("county"))
        ),
        pl.when(fiscal & ~pl.col("converted_known")).then(pl.lit(t["no_converted_column"])),
        pl.when(fiscal & pl.col("converted_known") & ~pl.col("converted")).then(pl.lit(t["not_converted"])),
    ]
    return pl.concat_str(parts, separator=t["sep"], ignore_nulls=True)


SLICE = 32_768  # rows of one case written at a time: each template's pieces live for that many rows (peak memory)


def _basis_inputs(rows: pl.DataFrame) -> pl.DataFrame:
    """The columns `_basis` reads that this run did not make, as nulls."""
    if "ratio" not in rows.columns:  # no m3 rows this run
        rows = rows.with_columns(ratio=pl.lit(None, pl.String))
    if "before_m" not in rows.columns:
        rows = rows.with_columns(before_m=pl.lit(None, pl.Int64))
    for c, dtype in (
        ("recv_calc", pl.Int8),
        ("recv_years", pl.List(pl.Int64)),
        ("paid_year", pl.Int64),
        ("paid_m", pl.Int64),
        ("paid_src", pl.String),
        ("paid_where", pl.String),
        ("converted_known", pl.Boolean),
    ):
        if c not in rows.columns:
            rows = rows.with_columns(pl.lit(None, dtype).alias(c))
    return rows


def _basis(
    rows: pl.DataFrame,
    policy: Policy,
    lang: str,
    budget: Decimal | None,
    total_m: int | None,
    once: bool,
    position: pl.Series,
) -> pl.Series:
    """One sentence per row (of `_basis_inputs(rows)`), put at its `position` (the rows' places in the output): the
    sentences come in the output's order, not copied again by its sort (peak memory). Rows are split by case so
    each template is built only for its own rows. `once`: m3.fiscal is paid once per entity (an `awarded` m3 row
    of 0 万元 says it does not use that up)."""
    years = ("、" if lang == "zh" else ", ").join(map(str, policy.annual_years))
    step = _dec(Decimal(10 ** (6 - policy.award_decimals)) / MICRO)
    art = {r: _article(policy, r, lang) for r in policy.rules}
    name = {r: _rule_name(policy, r, lang) for r in policy.rules}
    article = pl.col("rule").replace_strict(art, default="", return_dtype=pl.String)
    rule_name = pl.col("rule").replace_strict(name, default="", return_dtype=pl.String)
    money = lambda c: _money_str(pl.col(c))  # noqa: E731

    kind = (
        pl.when(pl.col("rule").is_in(list(TIER_RULES)))
        .then(pl.lit("q_tier"))
        .when(pl.col("rule") == TITLE_RULE)
        .then(pl.lit("q_title"))
        .otherwise(pl.lit("q_base"))
    )
    calc = pl.col("recv_calc").fill_null(0) > 0  # received rests on this run's evaluation of earlier data rows
    suffix = (
        pl.when(pl.col("status") == AWARDED)
        .then(
            pl.when(pl.col("received_m") > 0)
            .then(pl.when(calc).then(pl.lit("topup_calc")).otherwise(pl.lit("topup")))
            .otherwise(pl.lit("award"))
        )
        .when(pl.col("winner"))
        .then(pl.when(calc).then(pl.lit("topup_zero_calc")).otherwise(pl.lit("topup_zero")))
        .otherwise(pl.lit("lost"))
    )
    case = (
        pl.when(pl.col("status") == OUT_OF_PERIOD)
        .then(pl.lit("out_of_period"))
        .when(pl.col("status") == INELIGIBLE)
        .then(pl.lit("ineligible"))
        .when((pl.col("rule") == FISCAL_RULE) & (pl.col("status") == SUPERSEDED))
        .then(pl.lit("fiscal_paid"))
        .when((pl.col("rule") == FISCAL_RULE) & (pl.col("status") == AWARDED) & (pl.col("award_m") == 0))
        .then(pl.lit("fiscal_zero"))
        .when(pl.col("rule") == FISCAL_RULE)
        .then(pl.lit("fiscal"))
        .otherwise(pl.concat_str([kind, suffix], separator="|"))
    )
    rows = rows.with_columns(_case=case, _scaled=pl.col("before_m").is_not_null())

    def sentence(key: str, scaled: bool) -> pl.Expr:
        if key == "out_of_period":
            basis = _text(lang, "out_of_period", year=pl.col("year"), years=years, article=article)
        elif key == "ineligible":
            basis = _text(lang, "ineligible", article=article, rule=rule_name, reasons=_reasons(policy, lang))
        elif key in ("fiscal", "fiscal_zero"):
            basis = _text(
                lang,
                "fiscal",
                year=pl.col("year"),
                nfr=money("nfr_m"),
                county=pl.col("county"),
                ratio=pl.col("ratio"),
                step=step,
                article=article,
                award=money("award_m"),
            )
            if key == "fiscal_zero":  # 0 万元: the ratio is 0, or the amount rounds down to 0
                why = (
                    pl.when(pl.col("ratio") == "0")
                    .then(_text(lang, "fiscal_zero_ratio", county=pl.col("county")))
                    .otherwise(_text(lang, "fiscal_zero_round"))
                )
                basis = pl.concat_str([basis, why, *([_text(lang, "fiscal_zero_once", article=article)] * once)])
        elif key == "fiscal_paid":
            src = pl.col("paid_src")
            where = pl.col("paid_where")
            source = (
                pl.when(src == "run")
                .then(_text(lang, "paid_run", paid_year=pl.col("paid_year")))
                .when(src == "data")
                .then(_text(lang, "paid_data", paid_year=pl.col("paid_year"), file=where))
                .when(src == EARLIER_RUN)
                .then(_text(lang, "paid_earlier", folder=where))
                .otherwise(_text(lang, "paid_prior", file=where))
            )
            facts = dict(
                year=pl.col("year"),
                nfr=money("nfr_m"),
                county=pl.col("county"),
                ratio=pl.col("ratio"),
                amount=money("entitled_m"),
                paid_year=pl.col("paid_year"),
                article=article,
                paid=money("paid_m"),
            )
            # computed from DATA's earlier rows, not paid per a ledger: said as a computation (as m2's received)
            basis = (
                pl.when(src == "data")
                .then(_text(lang, "fiscal_calc", file=where, **facts))
                .otherwise(_text(lang, "fiscal_paid", paid_source=source, **facts))
            )
        else:
            q, tail = key.split("|")
            head = _text(
                lang,
                q,
                year=pl.col("year"),
                retail=money("retail_m"),
                thr=money("threshold_m"),
                title=pl.col("national_title"),
                article=article,
                amount=money("entitled_m"),
            )
            paid = "before_m" if scaled else "award_m"
            winner = pl.col("winner_rule").replace_strict(name, default="", return_dtype=pl.String)
            recv = None
            if tail.endswith("_calc"):  # received computed from earlier years' data rows (the fallback)
                shown = pl.col("recv_years").list.eval(pl.element().cast(pl.String)).list.join(TEXTS[lang]["years_sep"])
                recv = (
                    pl.when(pl.col("recv_calc") == 2)
                    .then(_text(lang, "recv_mixed", years=shown, received=money("received_m")))
                    .otherwise(_text(lang, "recv_data", years=shown, received=money("received_m")))
                )
            sentence = _text(
                lang,
                tail,
                recv=recv,
                received=money("received_m"),
                award=money(paid),
                winner=winner,
                winner_rule=pl.col("winner_rule"),
                winner_amount=money("winner_m"),
            )
            basis = pl.concat_str([head, sentence])
            if scaled:
                basis = pl.concat_str(
                    [
                        basis,
                        _text(
                            lang,
                            "scaled",
                            budget=_dec(budget),
                            total=_dec(Decimal(total_m) / MICRO),
                            factor=pl.col("scale_factor").cast(pl.String).str.strip_chars_end("0"),
                            step=step,
                            before=money("before_m"),
                            award=money("award_m"),
                        ),
                    ]
                )
        return basis

    # Each case's sentence on its own rows, computed on the columns it reads only (splitting the wide working
    # frame by case and joining it again copied all ~30 columns twice), then put back in row order.
    cases = {k: sentence(*k) for k in rows.select("_case", "_scaled").unique(maintain_order=True).iter_rows()}
    read = sorted({c for e in cases.values() for c in e.meta.root_names()})
    narrow = rows.select("_case", "_scaled", *read).with_columns(position.alias("_bi"))
    del rows
    split = narrow.partition_by("_case", "_scaled", as_dict=True)
    del narrow
    parts = []
    while split:  # each case's rows go once its sentences are written (peak memory)
        k, part = split.popitem()
        parts += [part.slice(i, SLICE).select("_bi", basis=cases[k]) for i in range(0, part.height, SLICE)]
        del part
    parts.reverse()
    return pl.concat(parts).sort("_bi").get_column("basis")


# ------------------------------------------------------------------------------------- entry points
def award_enterprises(
    frame: pl.DataFrame,
    policy: Policy,
    *,
    year: int | None = None,
    all_years: bool = False,
    prior: pl.DataFrame | None = None,
    first_year: bool = False,
    budget: Decimal | None = None,
    fiscal_ratios: pl.DataFrame | None = None,
    fiscal_each_year: bool = False,
    lang: str = "zh",
    doubtful_ids: str = "warn",
) -> RuleResult:
    """Measures 2, 3 and 6 for the conformed "enterprises" frame: one row per entity × rule considered.

    `year` (default: the latest year present) is output; earlier years are evaluated only for the
    top-up, later years ignored; `all_years` outputs every year. `prior`: conformed ledger rows of
    earlier payouts (they replace this run's evaluation of the entity-years they cover). An output
    year of the period that sees neither (no prior rows, no input rows of an earlier period year) gets
    a warning: its top-up cannot know what was received. `first_year`: nothing was received before the
    first output year (annual --first-year): earlier rows are not evaluated, no warning. `budget`
    (万元) scales the up-to awards of the output. `fiscal_ratios`: conformed (county, ratio) rows for m3.fiscal.
    `fiscal_each_year`: m3.fiscal paid every year (default: once per entity in the policy period, `m3.fiscal.once`).
    `doubtful_ids`: one enterprise under two codes in a year, "warn" or "error" (`annual`; `_two_codes`).
    """
    if lang not in TEXTS:
        raise ValueError(f"lang must be zh or en, not {lang!r}")
    if budget is not None and budget < 0:
        raise DataError(f"budget {budget} 万元 is negative")
    warnings: list[str] = []
    notes: list[str] = []
    prior, outside = in_period_prior(prior, policy)  # a payment of another period is never deducted
    warnings += outside
    f, present = _prepare(frame, policy, lang)
    warnings += _two_codes(f, doubtful_ids)
    out_years, max_year = _years(f, policy, year, all_years, warnings)
    f = f.filter(pl.col("year") <= max_year) if max_year is not None else f.clear()
    if first_year and out_years:
        f, prior = _first_year(f, min(out_years), warnings), None
    else:
        warnings += uncovered_warnings(f, prior, policy, out_years)
        said, warned = fallback_lines(f, prior, policy, out_years, budget)
        notes += said
        warnings += warned
    unseen = unseen_received(f, policy, out_years, doubtful_ids)

    rows = pl.concat([_tier_rows(f, policy), _title_rows(f, policy)], how="diagonal_relaxed")
    qualified = rows.filter(pl.col("status") == QUALIFIED)
    rest = rows.filter((pl.col("status") != QUALIFIED) & pl.col("year").is_in(out_years))
    del rows  # both parts are copies: the whole goes before the top-up (peak memory)
    won = _topup(qualified, policy, prior, max_year if max_year is not None else 0).filter(
        pl.col("year").is_in(out_years)
    )
    parts = [won, rest.with_columns(award_m=pl.lit(0, pl.Int64))]
    if prior is not None and "year" in prior.columns and out_years:
        notes += _prior_notes(prior, out_years)
    once = policy.m3_once and not fiscal_each_year
    fiscal = _fiscal_part(f, present, fiscal_ratios, out_years, policy, notes, warnings, prior if once else None, once)
    # one chunk per column, once (the parts' columns are cut at different rows): not a copy per operation below
    rows = pl.concat(parts + fiscal, how="diagonal_relaxed").rechunk()
    del f, qualified, rest, won, parts, fiscal  # the working copies go before the sentences are written (peak memory)

    total_m = None
    if budget is not None:
        rows, total_m = _budget(rows, policy, budget, warnings)
    warnings += _entity_warnings(rows, policy, unseen)
    warnings += _title_warnings(rows, policy)
    if rows.height:
        rows = _basis_inputs(rows)
    out = _finish(rows, policy, budget is not None, present)  # `basis` empty: written below, in the output's order
    order = _sort_order(out, FINISH_KEYS)
    if rows.height:
        basis = _basis(rows, policy, lang, budget, total_m, once, order.arg_sort())
        del rows  # the working columns go before the sort's copy (peak memory)
        out = out.drop("basis")[order].insert_column(out.get_column_index("basis"), basis)
    else:
        out = out[order]
    return RuleResult(out.drop(FINISH_KEYS[1:4]), warnings, notes)


def _first_year(f: pl.DataFrame, first: int, warnings: list[str]) -> pl.DataFrame:
    """Nothing was received before `first`: its earlier rows are no payouts to deduct. A warning, not a note: the
    input holds rows of an earlier year, and if that year was paid after all, this run pays its awards again in full
    (hostile review 1: the samples' 2023 run pays 611.23 instead of 517.28 万元)."""
    earlier = f.filter(pl.col("year") < first).height
    if earlier:
        warnings.append(
            Said(
                f"{earlier} row(s) before {first} are not counted as received: nothing was paid before {first} "
                f"(--first-year); if awards were paid for that year, give its ledger with --prior instead",
                f"{first}年以前的{earlier}行不计入已领取金额：{first}年以前未发放奖励（--first-year）；"
                f"如该年度已发放奖励，请改用 --prior 给出其奖励台账",
            )
        )
    return f.filter(pl.col("year") >= first)


def _prior_notes(prior: pl.DataFrame, out_years: list[int]) -> list[str]:
    """What the prior ledger (往年已领取) does not count for: rows of the output year or later, and output years
    it already covers (their rows here are re-evaluations, not what was paid)."""
    notes: list[str] = []
    last = max(out_years)
    later = prior.filter(pl.col("year") >= last).height
    if later:
        notes.append(
            Said(
                f"{later} prior ledger row(s) of year {last} or later do not count as received for {last}",
                f"往年台账中{later}行属于{last}年或以后，不计入{last}年的已领取金额",
            )
        )
    covered = sorted(set(prior.filter(pl.col("year").is_in([y for y in out_years if y != last]))["year"].to_list()))
    if covered:
        # --all-years over years a prior ledger already paid: those rows are re-evaluations
        years = ", ".join(map(str, covered))
        notes.append(
            Said(
                f"the prior ledger already covers output year(s) {years}: this run's rows for them are its "
                f"own evaluation, not what was paid; the ledger counts as received for the later years "
                f"only. Do not pay a covered year twice",
                f"往年台账已包含输出年度{years}：本次这些年度的行是重新测算，不是实际发放；台账只计入以后年度的"
                f"已领取金额。已发放的年度不要重复发放",
            )
        )
    return notes


def _fiscal_part(
    f: pl.DataFrame,
    present: set[str],
    fiscal_ratios: pl.DataFrame | None,
    out_years: list[int],
    policy: Policy,
    notes: list[str],
    warnings: list[str],
    prior: pl.DataFrame | None,
    once: bool,
) -> list[pl.DataFrame]:
    """第三条 m3.fiscal rows when both the new fiscal revenue and the counties' ratios are given; else a note.

    Every year up to the last output year is evaluated, so that a payment in an earlier year supersedes a
    later one (一次性奖励, unless not `once`); only the output years are returned."""
    if fiscal_ratios is not None and "new_fiscal_revenue" in present:
        known = "converted_branch" in present
        rows = _fiscal_rows(f, policy, _fiscal_ratios(fiscal_ratios, policy), known)
        if not known and rows.height:
            warnings.append(
                Said(
                    "the input has no converted_branch column (是否省外电商企业分支机构转设): article 3 rewards only "
                    "legal entities converted from the Jining branches of out-of-province e-commerce enterprises, "
                    f"so every {FISCAL_RULE} row is ineligible; add the column (是/否) to the enterprises table",
                    "输入没有“是否省外电商企业分支机构转设”（converted_branch）列：第三条只奖励省外电商企业在济宁"
                    f"分支机构转为入库纳统的法人企业，{FISCAL_RULE} 各行均不符合条件；请在企业表中补充该列（是/否）",
                )
            )
        if once:
            rows = _fiscal_once(rows, prior, out_years)
            warnings += fiscal_unknown_warnings(rows, prior, policy, out_years)
        return [rows.with_columns(converted_known=pl.lit(known)).filter(pl.col("year").is_in(out_years))]
    if fiscal_ratios is not None:
        notes.append(
            Said(
                "the input has no new_fiscal_revenue column: no m3.fiscal rows",
                "输入没有 new_fiscal_revenue（新增财力）列：不计算 m3.fiscal",
            )
        )
    elif "new_fiscal_revenue" in present:
        notes.append(
            Said(
                "no fiscal ratios table (county, ratio; --fiscal-ratios): m3.fiscal (article 3) is not computed",
                "没有县（市、区）留成比例表（county, ratio；--fiscal-ratios）：不计算第三条 m3.fiscal",
            )
        )
    return []


def _title_warnings(rows: pl.DataFrame, policy: Policy) -> list[str]:
    """(rev 3) 数字商务企业、电子商务示范企业等国家级示范项目称号: the list ends in 等. A title the policy file does
    not list pays nothing, but when it reads as national a person must look: one warning per such title, saying
    how to add it — under [m6.base] when it holds a listed 示范基地 title (`国家电子商务示范基地（第三批）`: added
    under [m2.title] it would be paid as article 2's up-to award instead of article 6's fixed one), else under
    [m2.title]."""
    unlisted = rows.filter(
        (pl.col("rule") == TITLE_RULE) & ~pl.col("title_m2") & pl.col("national_title").is_not_null()
    )
    if not unlisted.height:
        return []
    warnings: list[str] = []
    for cell, part in unlisted.sort("_source", "_row").group_by("national_title", maintain_order=True):
        parts = [p.strip() for p in TITLE_SEPARATORS.split(unicodedata.normalize("NFKC", cell[0])) if p.strip()]
        national = [p for p in parts if policy.reads_national(p) and not policy.m6_base.matches(p)]
        if not national:
            continue
        r = part.row(0, named=True)
        where = row_ref(r["_source"], r["_row"]) + (f" and {part.height - 1} more row(s)" if part.height > 1 else "")
        where_zh = row_ref(r["_source"], r["_row"], lang="zh") + (
            f"（另有 {part.height - 1} 行）" if part.height > 1 else ""
        )
        base = [p for p in national if policy.holds_base_title(p)]
        other = [p for p in national if not policy.holds_base_title(p)]
        if other:
            names = "、".join(other)
            warnings.append(
                Said(
                    f"{where}: the title {names!r} reads as national but is not on the policy file's list of "
                    f"national-level titles ([m2.title] titles), so m2.title pays nothing for it. The text's list "
                    f"ends in 等: if it is a national-level 示范项目称号, add it to titles under [m2.title] in a copy "
                    f"of the policy file and pass --policy FILE (see docs/policy.md)",
                    f"{where_zh}：称号“{names}”看似国家级，但不在政策文件所列国家级称号清单（[m2.title] titles）中，"
                    f"m2.title 不予奖励。第二条所列称号以“等”结尾：如确属国家级示范项目称号，请在政策文件副本的 "
                    f"[m2.title] titles 中加入该称号，并以 --policy FILE 指定（见 docs/policy.md）",
                )
            )
        if base:
            names = "、".join(base)
            warnings.append(
                Said(
                    f"{where}: the title {names!r} reads as national but is not on the policy file's list of "
                    f"national e-commerce demonstration base titles ([m6.base] titles), so m6.base pays nothing for "
                    f"it. It reads as article 6's 示范基地 title: if it is that title (another spelling, or with a "
                    f"batch, a year or a note added), add this form to titles under [m6.base] (not [m2.title], which "
                    f"pays article 2's up-to award) in a copy of the policy file and pass --policy FILE (see "
                    f"docs/policy.md)",
                    f"{where_zh}：称号“{names}”看似国家级，但不在政策文件所列国家电子商务示范基地称号清单"
                    f"（[m6.base] titles）中，m6.base 不予奖励。该称号疑为第六条的示范基地称号：如确为该称号"
                    f"（另一写法，或附有批次、年份或说明），请在政策文件副本的 [m6.base] titles 中加入这一写法"
                    f"（而非 [m2.title]，后者按第二条“最高”奖励发放），并以 --policy FILE 指定（见 docs/policy.md）",
                )
            )
    return warnings


def _entity_warnings(rows: pl.DataFrame, policy: Policy, unseen: pl.DataFrame | None = None) -> list[str]:
    """Rows whose entity can get nothing at all: an invalid credit code, or a county outside the city. `unseen`:
    the earlier years' rows with an invalid code that would count as received (`unseen_received`), counted too."""
    warnings: list[str] = []
    invalid = rows.filter(~pl.col("code_ok")).unique(["_source", "_row"]).select("_source", "_row", "code")
    earlier = unseen.height if unseen is not None else 0
    if earlier:
        invalid = pl.concat([invalid, unseen.select("_source", "_row", "code")])
    invalid = invalid.sort("_source", "_row")
    if invalid.height:
        r = invalid.row(0, named=True)
        first = f"{row_ref(r['_source'], r['_row'])}: {credit_code.problem(r['code'])}"
        first_zh = f"{row_ref(r['_source'], r['_row'], lang='zh')}：{credit_code.problem_zh(r['code'])}"
        en = (
            f"{invalid.height} row(s) have an invalid credit code, so every rule row of those "
            f"entities is ineligible (first: {first})"
        )
        zh = f"{invalid.height}行的统一社会信用代码无效，这些企业各规则均不符合条件（第一处：{first_zh}）"
        if earlier:
            u = unseen.sort("_source", "_row").row(0, named=True)
            years = sorted(set(unseen["year"].to_list()))
            en_years, zh_years = ", ".join(map(str, years)), "、".join(map(str, years))
            en += (
                f"; {earlier} of them are rows of {en_years} that would count as received were the code valid: what "
                f"they received is deducted from no enterprise: one with a later row under the valid code is paid its "
                f"full amount again "
                f"(first: {row_ref(u['_source'], u['_row'])}, {u['code'] or '(empty)'}); correct the code"
            )
            zh += (
                f"；其中{earlier}行属于{zh_years}年度，如代码有效将计入已领取金额：其已领取金额无法从任何企业扣除，"
                "以后年度以正确代码申报的该企业将再次全额获得奖励"
                f"（第一处：{row_ref(u['_source'], u['_row'], lang='zh')}，"
                f"{u['code'] or '（空）'}）；请更正代码"
            )
        warnings.append(Said(en, zh))
    # a blank county is named by the reading (`tableio.blanks`: no county, not one outside the city)
    named = pl.col("county").is_not_null() & (pl.col("county") != "")
    away = rows.filter(pl.col("code_ok") & ~pl.col("jining") & named).unique(["_source", "_row"])
    away = away.sort("county", "_source", "_row", nulls_last=True)  # by what they say: the same whatever the row order
    outside = away.height
    if outside:
        # name the first few, so a misspelt county (a traditional character, a typo) is found at once
        first = away.head(3).iter_rows(named=True)
        shown = [(r["_source"], r["_row"], r["county"] or "") for r in first]
        more = "" if outside <= 3 else ", …"
        en = ", ".join(f"{row_ref(src, n)}: {c!r}" for src, n, c in shown) + more
        zh = "，".join(f"{row_ref(src, n, lang='zh')}：{c!r}" for src, n, c in shown) + more.replace(", ", "，")
        warnings.append(
            Said(
                f"{outside} row(s) name a county outside {policy.city_name}: ineligible ({en})",
                f"{outside}行的县（市、区）不属于{policy.city_name}所辖县（市、区）：不符合条件（{zh}）",
            )
        )
    return warnings
