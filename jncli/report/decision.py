"""The report's sections of decision support: 结果稳健性 (how measure 1's awards hold under the weights and
the readings) and, with `annual --compare-with`, the comparison with another run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jncli.report.page import _article_name, _plain_table, esc, table_html
from jncli.report.words import STATUS, _money, label

if TYPE_CHECKING:
    from jncli.annual import Run

_T = {
    "zh": dict(
        robust="结果稳健性（第一条）",
        robust_intro=(
            "综合得分的权重与名次读法是本项目对政策的解读，原文未作规定。下表是各县（市、区）第一条的最终奖励"
            "（不重复奖励后）：规模指标权重 w 取 {low}–{high} 间任何值（增幅权重 1 − w），以及四种读法"
            "（字面读法 / 先筛后排，空出名次是否递补）下的金额。“稳健”表示在所有这些情形下金额都相同；"
            "否则金额取决于一个选择，发放前须有人能够说明选择的理由。"
        ),
        robust_counts="{robust} 个县（市、区）的奖励在所有权重与读法下不变；{fragile} 个取决于选择：{names}。",
        robust_all="所有获奖（或可能获奖）的县（市、区）在所有权重与读法下金额不变。",
        robust_none="本年度没有可计算的第一条奖励。",
        robust_missing="第一条结果稳健性未能计算（见提示与警告）。",
        robust_rows="各县（市、区）在每一类别中的结果见 report.xlsx 的“第一条 结果稳健性”工作表。",
        total="合计",
        compare="与另一次运行的比较",
        compare_intro="A = {a}，B = 本次运行；差额 = B − A。仅列出状态或金额不同的行（亦见 compare.csv）。",
        compare_same="两次运行的台账完全相同。",
        by_measure="按条款",
        by_county="按县（市、区）",
        by_county_note="每次运行的金额计入该次运行中所在的县（市、区）：两次运行所在县（市、区）不同的行"
        "（A 县（市、区）≠ B 县（市、区）），A 金额计入原县、B 金额计入新县，在两个县（市、区）各计一次。",
        rows_changed="变动的行",
    ),
    "en": dict(
        robust="Robustness of measure 1",
        robust_intro=(
            "The composite weights and the reading of the places are this project's reading of the policy, not its "
            "text. The table gives each county's final measure-1 award (after 不重复奖励) for every scale weight w "
            "from {low} to {high} (growth 1 − w) and under the four readings (literal / filter-first, vacated places "
            "passed on or not). Robust: the same amount in every case; otherwise the amount depends on a choice that "
            "a person must be able to defend before paying."
        ),
        robust_counts="The same under every weight and reading: {robust} county(ies); depending on a choice: "
        "{fragile} ({names}).",
        robust_all="Every county awarded (or that could be) gets the same under every weight and reading.",
        robust_none="No measure-1 award could be computed this year.",
        robust_missing="The robustness of measure 1 could not be computed (see the warnings).",
        robust_rows="Each county's outcome per category is in the “m1 robustness” sheet of report.xlsx.",
        total="total",
        compare="Comparison with another run",
        compare_intro="A = {a}, B = this run; difference = B − A. Only rows whose status or award differ (also in "
        "compare.csv).",
        compare_same="The two runs' ledgers are identical.",
        by_measure="Per measure",
        by_county="Per county",
        by_county_note="Each run's award counts in the county the row has in that run: a row whose county differs "
        "(county in A ≠ county in B) counts A's award in A's county and B's in B's, once in each county.",
        rows_changed="Rows that differ",
    ),
}

_COLUMNS = (
    "county",
    "award",
    "robust",
    "by_weight",
    "literal",
    "literal_reassign",
    "filter_first",
    "filter_first_reassign",
    "award_min",
    "award_max",
)


def robustness(r: Run) -> list[str]:
    """结果稳健性: per county its final measure-1 award under every weight of the range and every reading."""
    import polars as pl

    if r.steps["score-counties"].table is None:
        return []
    lang = r.parsed.lang
    t = _T[lang]
    out = [f"<h2>{esc(t['robust'])}</h2>"]
    if r.robustness is None:
        return [*out, f"<p>{esc(t['robust_missing'])}</p>"]
    low, high = (format(x.normalize(), "f") for x in r.policy.m1_weight_range)
    out.append(f"<p>{esc(t['robust_intro'].format(low=low, high=high))}</p>")
    counties = r.robustness.filter((pl.col("category") == "final") & (pl.col("award_max") > 0))
    if counties.height == 0:
        return [*out, f"<p>{esc(t['robust_none'])}</p>"]
    fragile = counties.filter(~pl.col("robust"))["county"].to_list()
    if fragile:
        line = t["robust_counts"].format(
            robust=counties.height - len(fragile),
            fragile=len(fragile),
            names=("、" if lang == "zh" else ", ").join(fragile),
        )
    else:
        line = t["robust_all"]
    out.append(f"<p><b>{esc(line)}</b></p>")
    total = r.robustness.filter(pl.col("county") == "(total)").with_columns(county=pl.lit(t["total"]))
    shown = pl.concat([counties.sort(pl.col("robust"), pl.col("award"), descending=[False, True]), total])
    out.append(table_html(shown.select(_COLUMNS), lang))
    out.append(f'<p class="meta">{esc(t["robust_rows"])}</p>')
    return out


def comparison(r: Run) -> list[str]:
    """With --compare-with: the totals per measure and county, then every row that differs."""
    if r.comparison is None:
        return []
    import polars as pl

    from jncli.analysis.compare import summary  # here: a run without --compare-with does not import it

    lang = r.parsed.lang
    t = _T[lang]
    other = r.settings.compare_with or ""
    name = other.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1]
    out = [f"<h2>{esc(t['compare'])}</h2>", f"<p>{esc(t['compare_intro'].format(a=name))}</p>"]
    changed = r.comparison.filter(pl.col("change") != "same")
    if changed.height == 0:
        return [*out, f"<p><b>{esc(t['compare_same'])}</b></p>"]
    totals = summary(r.comparison)
    for by, title in (("measure", t["by_measure"]), ("county", t["by_county"])):
        part = totals.filter(pl.col("by").is_in([by, "total"]))
        rows = [
            [
                t["total"]
                if row["by"] == "total"
                else (_article_name(row["measure"], lang) if by == "measure" else row["county"]),
                _money(row["award_a"]),
                _money(row["award_b"]),
                _money(row["difference"]),
                row["gain"],
                row["loss"],
            ]
            for row in part.iter_rows(named=True)
            if by == "measure" or row["by"] == "total" or row["changed"]
        ]
        heads = [label(by, lang), *(label(c, lang) for c in ("award_a", "award_b", "difference", "gain", "loss"))]
        out.append(f"<h3>{esc(title)}</h3>")
        out.append(_plain_table(heads, rows, {1, 2, 3, 4, 5}))
        if by == "county" and changed.filter(pl.col("county_a") != pl.col("county_b")).height:
            out.append(f'<p class="meta">{esc(t["by_county_note"])}</p>')
    out.append(f"<h3>{esc(t['rows_changed'])}</h3>")
    words = {k: v[0 if lang == "zh" else 1] for k, v in STATUS.items()}
    statuses = [pl.col(c).replace(words) for c in ("status_a", "status_b")]
    out.append(table_html(changed.with_columns(statuses), lang))
    return out
