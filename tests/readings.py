"""The readings docs/policy-reading.md lists (RULES.md "Readings the docs must list"), each with what the other
reading moves on the shipped samples — computed here by running both readings, never typed, so that the
figures cannot go stale.

docs/policy-reading.md holds a cog block that prints `table()`; tests/test_readings.py checks the page against it
(`cog --check`). After a change to the rules or to the samples, regenerate the page:

    .venv/bin/cog -r docs/policy-reading.md

To add a reading, append a `Reading` to READINGS: the sentence of the text it reads, jncli's default, the other
reading and how to select it, and `moves(s)`, which runs the other reading on the samples `s` (a `Samples`) and
says what changes against the default — money where the measure pays, decisions or commendations where it does
not. The samples are the year 2023 of `samples/` with the README's made-up province growth (10 %, rural 12 %).

Money moved = the sum over beneficiaries of how much each one's award changes (a county that gains 10 and one
that loses 10 move 20), with the number of beneficiaries whose award changes.
"""

from __future__ import annotations

import re
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import polars as pl

from jncli import steps
from jncli.policy import Policy, load_policy, parse_policy
from jncli.samples import sample_as_of

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
POLICY_FILE = ROOT / "jncli" / "policies" / "jining-2022.toml"
YEAR = 2023
PROVINCE, RURAL = 0.10, 0.12  # the README's made-up figures for the samples


class Samples:
    """The shipped samples, the steps every command runs, and edited copies of the samples or the policy."""

    def __init__(self, folder: Path):
        self.folder = folder  # where edited copies are written
        self.policy = load_policy()

    # -- inputs ------------------------------------------------------------------------------------------------
    def raw(self, name: str) -> pl.DataFrame:
        """A sample file as written: every cell text (edits keep the headers, units and spellings)."""
        return pl.read_csv(SAMPLES / name, infer_schema=False)

    def write(self, frame: pl.DataFrame, name: str) -> str:
        path = self.folder / name
        frame.write_csv(path)
        return str(path)

    def edited_policy(self, *edits: tuple[str, str]) -> Policy:
        """The shipped policy file with regular-expression edits (pattern, replacement), each of which must apply."""
        text = POLICY_FILE.read_text("utf-8")
        for pattern, replacement in edits:
            text, n = re.subn(pattern, replacement, text, flags=re.M)
            assert n, pattern
        return parse_policy(tomllib.loads(text), "edited.toml")

    # -- the measures, as the commands run them ----------------------------------------------------------------
    def counties(self, path: str | None = None, year: int = YEAR, **kw) -> pl.DataFrame:
        kw.setdefault("province_growth", PROVINCE)
        kw.setdefault("province_rural_growth", RURAL)
        return steps.score_counties(path or str(SAMPLES / "counties.csv"), self.policy, year=year, **kw).table

    def enterprises(self, path: str | None = None, year: int = YEAR, policy: Policy | None = None, **kw):
        source = path or str(SAMPLES / "enterprises.csv")
        ratios = str(SAMPLES / "fiscal_ratios.csv")
        return steps.award_enterprises(source, policy or self.policy, year=year, fiscal_ratios=ratios, **kw).table

    def commendations(self, path: str | None = None, policy: Policy | None = None) -> pl.DataFrame:
        source = path or str(SAMPLES / "enterprises.csv")
        return steps.award_enterprises(source, policy or self.policy, year=YEAR, commendations=True).table

    def shops(self, path: str | None = None, policy: Policy | None = None) -> pl.DataFrame:
        return steps.track_shops(path or str(SAMPLES / "shops.csv"), policy or self.policy, year=YEAR).table

    def whitelist(self, policy: Policy | None = None, **kw) -> pl.DataFrame:
        pol = policy or self.policy
        cands, recs = str(SAMPLES / "candidates.csv"), str(SAMPLES / "records.csv")
        return steps.whitelist(cands, recs, pol, as_of=sample_as_of(pol), **kw).table

    def hires(self, path: str | None = None, policy: Policy | None = None, trainers=None, **kw) -> pl.DataFrame:
        """Measure 8 as `annual` runs it: the samples' whitelist as the training institutions, the county rates."""
        pol = policy or self.policy
        listed = self.whitelist(policy=pol) if trainers is None else trainers
        kw.setdefault("year", YEAR)
        source, insurance = path or str(SAMPLES / "hires.csv"), str(SAMPLES / "insurance.csv")
        rates = str(SAMPLES / "county_rates.csv")
        return steps.trained_hires(source, insurance, pol, trainers=listed, county_rates=rates, **kw).table


# ------------------------------------------------------------------------------------------- what changes
def money_moved(default: pl.DataFrame, other: pl.DataFrame, rules: list[str] | None = None) -> tuple[Decimal, int]:
    """(Σ over beneficiaries of |award under the other reading − award under the default|, how many change)."""

    def per_beneficiary(t: pl.DataFrame) -> dict[str, Decimal]:
        if rules is not None:
            t = t.filter(pl.col("rule").is_in(rules))
        return dict(t.group_by("beneficiary").agg(pl.col("award").sum()).iter_rows())

    a, b = per_beneficiary(default), per_beneficiary(other)
    diffs = [abs(b.get(k, Decimal(0)) - a.get(k, Decimal(0))) for k in a.keys() | b.keys()]
    return sum(diffs, Decimal(0)), sum(1 for d in diffs if d)


def money(moved: tuple[Decimal, int], who: str) -> str:
    total, n = moved
    amount = format(total.normalize(), "f") if total else "0"
    return f"**{amount} 万元**" + (f" ({plural(n, who)})" if n else "")


def changed(default: pl.DataFrame, other: pl.DataFrame, key: list[str], column: str) -> int:
    """How many rows (by `key`) have another `column` value under the other reading (rows present in one only count)."""
    a = default.select(*key, pl.col(column).alias("_a"))
    b = other.select(*key, pl.col(column).alias("_b"))
    both = a.join(b, on=key, how="full", coalesce=True, nulls_equal=True)
    return both.filter(pl.col("_a").ne_missing(pl.col("_b"))).height


def plural(n: int, what: str) -> str:
    many = what[:-1] + "ies" if what.endswith("y") else what + "s"
    return f"{n} {what if n == 1 else many}"


# ------------------------------------------------------------------------------------------- the readings
def _weights(s: Samples) -> str:
    base = s.counties()
    parts = []
    for w in ("0.3,0.7", "0.7,0.3"):
        parts.append(f"{money(money_moved(base, s.counties(weights=w)), 'county')} with `--weights {w}`")
    return "; ".join(parts)


def _eligibility(s: Samples) -> str:
    return money(money_moved(s.counties(), s.counties(eligibility="filter-first")), "county")


def _reassign(s: Samples) -> str:
    return money(money_moved(s.counties(), s.counties(reassign=True)), "county")


def _growth_equal(s: Samples) -> str:
    """≥ instead of >: both averages lowered by 10⁻¹² — only a growth exactly equal to an average passes then."""
    base = s.counties()
    frame = s.raw("counties.csv")
    county, year = frame.columns[0], frame.columns[1]
    eps = 1e-12
    averages = {}
    for category, column in (("online", frame.columns[2]), ("rural", frame.columns[3])):
        scored = base.filter((pl.col("category") == category) & pl.col("score").is_not_null())["county"].to_list()
        sums = {
            y: sum(Fraction(v) for v in frame.filter((pl.col(year) == str(y)) & pl.col(county).is_in(scored))[column])
            for y in (YEAR - 1, YEAR)
        }
        averages[category] = float(sums[YEAR] / sums[YEAR - 1] - 1) - eps
    other = s.counties(
        city_growth=averages["online"],
        city_rural_growth=averages["rural"],
        province_growth=PROVINCE - eps,
        province_rural_growth=RURAL - eps,
    )
    return money(money_moved(base, other), "county")


def _share_lift(s: Samples) -> str:
    """The share's relative change instead of its change in percentage points: with last year's quota replaced by
    last year's enterprise retail (share 1) and this year's scaled by ent_prev / quota_prev, the rule's percentage
    points are the relative change in percent; the contribution (enterprise retail only) is unchanged."""
    frame = s.raw("counties.csv")
    county, year, ent, quota = frame.columns[0], frame.columns[1], frame.columns[4], frame.columns[5]
    prev = frame.filter(pl.col(year) == str(YEAR - 1)).select(county, _e=pl.col(ent), _q=pl.col(quota))
    f = frame.join(prev, on=county, how="left", maintain_order="left")

    def new_quota(r: dict) -> str | None:
        if r[year] == str(YEAR - 1):
            return r[ent]  # share_prev = 1
        if r[year] == str(YEAR):  # share = (ent / quota) / (ent_prev / quota_prev)
            scaled = Decimal(r[quota]) * Decimal(r["_e"]) / Decimal(r["_q"])
            return format(scaled.quantize(Decimal("0.000001")), "f")
        return r[quota]

    f = f.with_columns(pl.Series(quota, [new_quota(r) for r in f.iter_rows(named=True)], pl.String)).drop("_e", "_q")
    return money(money_moved(s.counties(), s.counties(s.write(f, "counties-relative.csv"))), "county")


def _contribution(s: Samples) -> str:
    """The contribution over the scored counties only (the reading before revision 3), given as --city-ent-change."""
    base = s.counties()
    frame = s.raw("counties.csv")
    county, year, ent = frame.columns[0], frame.columns[1], frame.columns[4]
    scored = base.filter((pl.col("category") == "enterprise") & pl.col("score").is_not_null())["county"].to_list()

    def total(y: int) -> Decimal:
        return sum(
            (Decimal(v) for v in frame.filter((pl.col(year) == str(y)) & pl.col(county).is_in(scored))[ent]), Decimal(0)
        )

    change = total(YEAR) - total(YEAR - 1)
    return money(money_moved(base, s.counties(city_ent_change=change)), "county")


def _tiers_2023(s: Samples) -> str:
    frame = s.raw("enterprises.csv")
    year, stats, trade = "年份", "是否纳统", "是否商贸流通企业"
    this = pl.col(year) == str(YEAR)
    f = frame.with_columns(
        pl.when(this).then(pl.lit("是")).otherwise(pl.col(stats)).alias(stats),
        pl.when(this).then(pl.lit("是")).otherwise(pl.col(trade)).alias(trade),
    )
    group = list(s.policy.enterprise_group)
    moved = money_moved(s.enterprises(), s.enterprises(s.write(f, "enterprises-any.csv")), group)
    return money(moved, "enterprise")


def _topup(s: Samples) -> str:
    frame = s.raw("enterprises.csv").filter(pl.col("年份") == str(YEAR))
    group = list(s.policy.enterprise_group)
    moved = money_moved(s.enterprises(), s.enterprises(s.write(frame, "enterprises-2023.csv")), group)
    return money(moved, "enterprise")


def _at_least(s: Samples) -> str:
    """过亿 as > (the thresholds raised by the smallest amount money holds, 0.000001 万元); 超过1000家 as ≥."""
    strict = s.edited_policy(
        (r"\{ threshold = 10000, count = 1 \}", "{ threshold = 10000.000001, count = 1 }"),
        (r"\{ threshold = 5000, count = 3 \}", "{ threshold = 5000.000001, count = 3 }"),
    )
    commend = changed(s.commendations(), s.commendations(policy=strict), ["beneficiary"], "status")
    at_least = s.edited_policy((r"^newshops_more_than = 1000$", "newshops_more_than = 999"))
    base, other = s.shops(), s.shops(policy=at_least)
    shops = changed(base, other, ["beneficiary", "rule"], "status")
    return (
        f"no money (commendations): commendations changed: {commend} with 过亿 / 过5000万 read as >, "
        f"{shops} with 超过1000家 read as ≥"
    )


def _new_cultivation(s: Samples) -> str:
    """Newly cultivated = last year below the lowest bar (5000 万元), for both bars: last year's 5000..9999.99 is
    raised to 10000, so that it counts at neither bar."""
    frame = s.raw("enterprises.csv")
    prev = "上年实物商品网络零售额(万元)"
    value = pl.col(prev).cast(pl.Decimal(38, 6))
    f = frame.with_columns(
        pl.when((value >= 5000) & (value < 10000)).then(pl.lit("10000")).otherwise(pl.col(prev)).alias(prev)
    )
    n = changed(s.commendations(), s.commendations(s.write(f, "enterprises-lowest.csv")), ["beneficiary"], "status")
    return f"no money (commendations): commendations changed: {n}"


def _fiscal_alongside(s: Samples) -> str:
    """m3 inside the 就高 group: an entity with an m3 and an m2/m6 award in the year keeps only the higher."""
    t = s.enterprises().filter(pl.col("status") == "awarded")
    fiscal = dict(t.filter(pl.col("rule") == "m3.fiscal").select("beneficiary", "award").iter_rows())
    group = t.filter(pl.col("rule").is_in(list(s.policy.enterprise_group)))
    other = dict(group.group_by("beneficiary").agg(pl.col("award").sum()).iter_rows())
    both = [min(fiscal[b], other[b]) for b in fiscal.keys() & other.keys()]
    return money((sum(both, Decimal(0)), len(both)), "enterprise")


def _fiscal_once(s: Samples) -> str:
    return money(money_moved(s.enterprises(), s.enterprises(fiscal_each_year=True), ["m3.fiscal"]), "enterprise")


def _fiscal_converted(s: Samples) -> str:
    column = "是否省外电商企业分支机构转设"
    f = s.raw("enterprises.csv").with_columns(pl.lit("是").alias(column))
    moved = money_moved(s.enterprises(), s.enterprises(s.write(f, "enterprises-all-converted.csv")), ["m3.fiscal"])
    return money(moved, "enterprise")


def _year_2022(s: Samples) -> str:
    """What 2022 pays under the rules that name no year (measure 1, m2.title, m3.fiscal, m6.base)."""
    unnamed = ["m1.online", "m1.rural", "m1.enterprise", "m2.title", "m3.fiscal", "m6.base"]
    paid = pl.concat(
        [
            s.counties(year=YEAR - 1).select("beneficiary", "rule", "award"),
            s.enterprises(year=YEAR - 1).select("beneficiary", "rule", "award"),
        ]
    ).filter(pl.col("rule").is_in(unnamed))
    nothing = paid.with_columns(award=pl.lit(Decimal(0), paid.schema["award"]))
    return money(money_moved(paid, nothing), "beneficiary") + " of 2022 awards"


def _unlisted_titles(s: Samples) -> str:
    titles = s.raw("enterprises.csv")["国家级称号"].drop_nulls().unique().sort().to_list()
    listed = set(s.policy.m2_title.titles) | set(s.policy.m6_base.titles)
    national = [t for t in titles if t not in listed and s.policy.reads_national(t)]
    if not national:
        return "**0 万元** (no unlisted title that reads as national in the samples)"
    added = ", ".join(f'"{t}"' for t in national)
    policy = s.edited_policy((r'"国家级电子商务示范企业"\]', f'"国家级电子商务示范企业", {added}]'))
    return money(money_moved(s.enterprises(), s.enterprises(policy=policy)), "enterprise")


def _categories(s: Samples) -> str:
    t = s.whitelist()
    unlisted = t.filter(pl.col("reasons").list.join(";").str.contains("category without minimums")).height
    return f"no money (a list): {plural(unlisted, 'candidate')} with a category the policy file lacks"


def _whitelist(s: Samples) -> str:
    none = s.edited_policy(
        (r"^revenue = \d+$", "revenue = 0"),
        (r"^employees = \d+$", "employees = 0"),
        (r"^years_operating = \d+$", "years_operating = 0"),
    )
    base = s.whitelist()
    minimums = changed(base, s.whitelist(policy=none), ["beneficiary"], "decision")
    ever = changed(base, s.whitelist(lookback_years=100), ["beneficiary"], "decision")
    return (
        f"no money (a list): decisions changed: {minimums} with no minimums at all, {ever} counting any record "
        f"ever (`--lookback-years 100`)"
    )


def _moved_back(s: Samples) -> str:
    """Only shops with a named origin outside the city: an empty origin is taken as the city itself."""
    city = s.policy.city_name
    f = s.raw("shops.csv").with_columns(
        pl.when(pl.col("migrated_in_on").is_not_null() & pl.col("origin_city").is_null())
        .then(pl.lit(city))
        .otherwise(pl.col("origin_city"))
        .alias("origin_city")
    )
    base, other = s.shops(), s.shops(s.write(f, "shops-named-origin.csv"))
    n = changed(
        base.filter(pl.col("rule") == "m4.migrated"),
        other.filter(pl.col("rule") == "m4.migrated"),
        ["beneficiary"],
        "status",
    )
    return f"no money (commendations): commendations changed: {n}"


def _hires_counted(s: Samples, counts: pl.Expr, **kw) -> pl.DataFrame:
    """Measure 8's employer rows when the hires `counts` selects (among those that qualify, from --detail) are the
    ones that count: per employer their number, × the county's rate (as the default run gives it)."""
    detail = s.hires(detail=True, **kw).filter(pl.col("qualifies") & counts)
    base = s.hires()
    per = detail.group_by("credit_code").agg(qualifying_hires=pl.len()).rename({"credit_code": "beneficiary"})
    rated = base.select("beneficiary", "rate").join(per, on="beneficiary", how="left")
    n = pl.col("qualifying_hires").fill_null(0)
    award = (n.cast(pl.Decimal(38, 0)) * pl.col("rate")).fill_null(Decimal(0))
    return rated.select("beneficiary", qualifying_hires=n, award=award.cast(base.schema["award"]))


def _hires_moved(default: pl.DataFrame, other: pl.DataFrame) -> str:
    """The money moved, and the qualifying hires under each reading (a county without a rate pays nothing yet)."""
    a, b = default["qualifying_hires"].sum(), other["qualifying_hires"].sum()
    return f"{money(money_moved(default, other), 'employer')}; qualifying hires {a} → {b}"


def _hires_six(s: Samples) -> str:
    seven = s.edited_policy((r"^consecutive_months = 6$", "consecutive_months = 7"))
    return _hires_moved(s.hires(), s.hires(policy=seven))


def _hires_hiring_month(s: Samples) -> str:
    """Months counted from the month after hiring: every hire moved to the first day of the next month."""
    f = s.raw("hires.csv")
    hired = pl.col("入职日期").str.to_date()
    f = f.with_columns(hired.dt.offset_by("1mo").dt.month_start().dt.strftime("%Y-%m-%d").alias("入职日期"))
    return _hires_moved(s.hires(), s.hires(s.write(f, "hires-next-month.csv")))


def _hires_run_start(s: Samples) -> str:
    """The 6 months must start in the hiring month: a qualifying run that starts later does not count."""
    starts = pl.col("insured_from") == pl.col("hired_on").dt.strftime("%Y-%m")
    return _hires_moved(s.hires(), _hires_counted(s, starts & (pl.col("counts_in") == YEAR)))


def _hires_year(s: Samples) -> str:
    """The year of hiring instead of the year of the 6th month: hires of YEAR that reach 6 months at all (the
    months counted to the end of the next year) count in YEAR."""
    end = sample_as_of(s.policy).replace(year=YEAR + 1, month=12, day=31)
    other = _hires_counted(s, pl.col("hired_on").dt.year() == YEAR, as_of=end, year=YEAR)
    return _hires_moved(s.hires(), other)


def _hires_provincial(s: Samples) -> str:
    """Only the institutions recommended to the provincial whitelist (recommend_province) train people who count."""
    listed = s.whitelist()
    provincial = listed.filter(pl.col("recommend_province"))
    return _hires_moved(s.hires(trainers=listed), s.hires(trainers=provincial))


@dataclass(frozen=True)
class Reading:
    topic: str
    sentence: str  # the words of the text it reads
    default: str  # jncli's reading
    other: str  # the other reading, and how to select it
    moves: Callable[[Samples], str]  # what the other reading changes on the samples


READINGS: list[Reading] = [
    Reading(
        "Composite score and its weights (measure 1)",
        "对于当年网络零售总额和增幅进行综合评价",
        "min–max normalise total and growth to 0..100, score = 0.5 × total + 0.5 × growth (the text names no formula)",
        "other weights: `--weights S,G` (or the policy file's `m1.weight_scale` / `weight_growth`)",
        _weights,
    ),
    Reading(
        "Top 3 and the growth test (measure 1)",
        "得分列全市前3位且增幅高于全市和全省平均增幅的县（市、区）",
        "`literal`: positions 1–3 are dealt over all counties; a top-3 county failing the growth test gets "
        "nothing and nobody moves up",
        "`--eligibility filter-first`: counties failing the growth test drop out, the rest take 1–3",
        _eligibility,
    ),
    Reading(
        "A vacated place (measure 1)",
        "（上述奖励政策不重复奖励）",
        "a county placed in several rankings keeps the highest; the places it leaves are not passed on",
        "`--reassign`: the places are dealt again to the counties below",
        _reassign,
    ),
    Reading(
        "Growth equal to the average (measure 1)",
        "增幅高于全市和全省平均增幅",
        "高于 is strictly above: equal fails",
        "≥ (equal passes): no option; computed by lowering both averages by 10⁻¹²",
        _growth_equal,
    ),
    Reading(
        "Share lift (m1.enterprise)",
        "当年实物商品网络零售额占当年限额以上消费品零售额比重提升幅度",
        "the share's change in percentage points, (share − share_prev) × 100; a county starting from 0 is scored",
        "the share's relative change, share / share_prev − 1: no option; computed by rescaling the samples' "
        "quota so that the one becomes the other",
        _share_lift,
    ),
    Reading(
        "Contribution (m1.enterprise)",
        "对全市纳统电商零售企业当年实物商品网络零售额增长贡献率",
        "a county's change over the change of every county in the input (the whole city), ineligible ones included",
        "over the scored counties only (the reading before revision 3); `--city-ent-change X` sets the "
        "denominator to any figure, e.g. the official one",
        _contribution,
    ),
    Reading(
        "2023 tiers (m2.tier2023)",
        "对2023年度实现实物商品网络零售额达到5000万元、1亿元、2亿元的电商企业",
        "the 2022 sentence's conditions hold in 2023 too: 纳统 and a trade enterprise (商贸流通)",
        "any e-commerce enterprise: no option; computed with every 2023 row made 纳统 and 商贸流通",
        _tiers_2023,
    ),
    Reading(
        "One-off awards across years (measures 2, 6)",
        "给予最高…的一次性奖励 … 以上奖励政策按就高原则执行，不重复享受",
        "one group across years: a later year pays only the top-up over what the entity already received",
        "each year's award paid in full, independently: no option (run each year's file on its own, without `--prior`)",
        _topup,
    ),
    Reading(
        "过亿 and 超过 (commendations)",
        "过亿元电商企业1家以上或者过5000万元电商企业3家以上 … 新增网上店铺超过1000家",
        "过亿 / 过5000万 as ≥ (reaching the figure), 超过1000家 as > (more than 1000)",
        "过 as >, 超过 as ≥: no option; policy file keys `m2.commend.rules`, `m4.newshops_more_than`",
        _at_least,
    ),
    Reading(
        "Newly cultivated (m2.commend)",
        "对于新培育实物商品网络零售额过亿元电商企业",
        "judged per bar: newly past 1亿 when last year was below 1亿 (or absent), newly past 5000万 when below 5000万",
        "newly cultivated only when last year was below the lowest bar (5000万): no option",
        _new_cultivation,
    ),
    Reading(
        "Article 3 beside 就高 (m3.fiscal)",
        "以上奖励政策按就高原则执行，不重复享受",
        "m3.fiscal is a county-paid reward of another kind, kept beside the m2/m6 award",
        "m3.fiscal inside the 就高 group (an entity keeps only the higher): no option",
        _fiscal_alongside,
    ),
    Reading(
        "Article 3 paid once (m3.fiscal)",
        "政策施行期内……给予一次性奖励",
        "one payment per entity in the policy period; a later year's row is `superseded`",
        "`--fiscal-each-year`: paid every year",
        _fiscal_once,
    ),
    Reading(
        "Article 3 for converted branches only (m3.fiscal)",
        "推动省外电商企业在济宁分支机构转为入库纳统的法人企业……对该纳统的法人企业",
        "only entities converted from the Jining branch of an out-of-province e-commerce enterprise "
        "(`converted_branch`)",
        "every 纳统 entity: no option; computed with every row marked converted",
        _fiscal_converted,
    ),
    Reading(
        "2022 counted whole",
        "本措施自2022年11月10日起施行",
        "the data year 2022 is evaluated whole, although the policy starts on 10 November 2022",
        "only the part of 2022 in force — yearly statistics cannot be split, so measures that name no year "
        "would not run for 2022: no option",
        _year_2022,
    ),
    Reading(
        "Unlisted titles (m2.title)",
        "取得数字商务企业、电子商务示范企业等国家级示范项目称号的",
        "only the titles listed in the policy file pay; an unlisted one that reads as national is warned about",
        "an unlisted national title pays too: add it to `[m2.title] titles` in a policy file",
        _unlisted_titles,
    ),
    Reading(
        "Unlisted whitelist categories (m7.whitelist)",
        "以及代运营、内容制作等专业服务企业",
        "a category without minimums in the policy file is excluded, with a warning; the run goes on",
        "add the category with its minimums under `[m7.categories]` in a policy file",
        _categories,
    ),
    Reading(
        "Strength and the record window (m7.whitelist)",
        "具有一定实力和知名度、无违法违规和不良信用记录",
        "per-category minimums of revenue, employees and years (this project's numbers); no unrepaired "
        "record in the 3 years before `--as-of`",
        "the bureau's own minimums (`[m7.categories]` in a policy file); another window (`--lookback-years N`)",
        _whitelist,
    ),
    Reading(
        "回迁 (m4.migrated)",
        "推动市内生产经营的企业将设在市外的网上店铺回迁",
        "a shop moved in from any city outside Jining; an empty origin counts as outside",
        "only shops whose origin is named: no option (`--from-city` names more places that count as the city itself)",
        _moved_back,
    ),
    Reading(
        "6个月以上 (m8.hires)",
        "并连续缴纳6个月以上社会保险的",
        '"以上" includes 6 (as in Chinese legal usage, 民法典第1259条): exactly 6 consecutive months qualify',
        "more than 6: `m8.consecutive_months = 7` in a policy file",
        _hires_six,
    ),
    Reading(
        "From the month of hiring (m8.hires)",
        "吸纳……人员就业，并连续缴纳……社会保险",
        "the employer's payments count from the month of `hired_on` (that month included; months paid before it "
        "do not)",
        "only whole months after hiring, from the next month: no option; computed with every hire moved to the "
        "first day of the next month",
        _hires_hiring_month,
    ),
    Reading(
        "Consecutive (m8.hires)",
        "连续缴纳6个月以上社会保险",
        "consecutive calendar months with the hiring employer; a gap breaks a run, and a later run of 6 still "
        "qualifies",
        "the run must start in the hiring month: no option",
        _hires_run_start,
    ),
    Reading(
        "The year a hire counts in (m8.hires)",
        "并连续缴纳6个月以上社会保险的，鼓励有条件的县（市、区）给予企业适当支持奖励",
        "the year its 6th month falls in (a hire counts once, ever; after 2023 it is `out_of_period`)",
        "the year of hiring, once 6 months are paid: no option; computed with the months counted to the end of "
        "the next year",
        _hires_year,
    ),
    Reading(
        "Whitelisted training institutions (m8.hires)",
        "经省电商生态链企业“白名单”培训机构培训",
        "the institutions `jncli whitelist` includes (category 人才培养机构), its city list, or a list of codes "
        "given with `--trainers`",
        "the provincial list only: pass it as a list of codes; computed with the whitelist's `recommend_province` rows",
        _hires_provincial,
    ),
]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table() -> str:
    """The markdown table of every reading, with what the other reading moves on the samples."""
    lines = [
        "| reading | the text | jncli's default | the other reading, and how to get it | on the samples the "
        "other reading moves |",
        "|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as folder:
        s = Samples(Path(folder))
        for r in READINGS:
            cells = (r.topic, r.sentence, r.default, r.other, r.moves(s))
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)
