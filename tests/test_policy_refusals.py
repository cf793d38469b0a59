"""An analyst's edited copy of the policy file that used to run with exit 0 and pay money nobody meant is refused
when the file is loaded (review 16: F2, F3, F4, F5, F8, F9, F10, F11 items 1–3).

Each copy is the shipped file with one text edit, run through the real binary (`jncli policy --policy FILE`):
exit 1, nothing on stdout, one line naming the file and the key, saying what is wrong and the hint — and the
same line whole in Chinese under a Chinese locale. Edits that only reorder what may be reordered still load.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_messages_zh import english_runs

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "jncli" / "policies" / "jining-2022.toml"
SAMPLES = ROOT / "samples"
GROWTH = ("--province-growth", "10%", "--province-rural-growth", "12%")
ZH = {"LC_ALL": None, "LANG": "zh_CN.UTF-8"}


def copy_with(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """The shipped file with each `old` (found exactly once) replaced by `new`."""
    text = SHIPPED.read_text("utf-8")
    for old, new in edits:
        assert text.count(old) == 1, f"the edit {old!r} does not apply once: the test would test nothing"
        text = text.replace(old, new)
    path = tmp_path / "copy.toml"
    path.write_text(text, "utf-8")
    return path


def growth(year: str, published: str) -> tuple[str, str]:
    entry = f'{year} = {{ value = 0.1, source = "山东省统计局 统计公报", published = {published} }}'
    return "[m1.province_growth]\n", f"[m1.province_growth]\n{entry}\n"


REFUSED = {
    # F2: the money unit, caps, thresholds written in 元
    "money_unit 元 in [meta]": (
        [('money_unit = "万元"', 'money_unit = "元"')],
        "meta.money_unit",
        "is '元': jncli reads every amount, cap and threshold of a policy file in 万元",
    ),
    "money_unit in a tier table": (
        [("[m2.tier2023]\n", '[m2.tier2023]\nmoney_unit = "元"\n')],
        "m2.tier2023.money_unit",
        "is a money unit outside [meta]",
    ),
    "tier award above its cap": (
        [("{ threshold = 20000, award = 30 }", "{ threshold = 20000, award = 35 }")],
        "m2.tier2023.tiers",
        "pays 35 万元, above the cap of m2.tier2023 under [rules] (30 万元)",
    ),
    "title award above its cap": (
        [("award = 50\nup_to = true\ntitles", "award = 60\nup_to = true\ntitles")],
        "m2.title.award",
        "pays 60 万元, above the cap of m2.title under [rules] (50 万元)",
    ),
    "base award above its cap": (
        [("award = 50\nup_to = false", "award = 55\nup_to = false")],
        "m6.base.award",
        "pays 55 万元, above the cap of m6.base under [rules] (50 万元)",
    ),
    "m1 award above a ranking's cap": (  # review 30: score-counties paid rank 1 50 万元 under a cap of 40
        [('[rules."m1.rural"]\nmeasure = 1\ncap = 50', '[rules."m1.rural"]\nmeasure = 1\ncap = 40')],
        "m1.awards",
        "pays 50 万元, above the cap of m1.rural under [rules] (40 万元)",
    ),
    # m2.budget_scaled: a fixed award listed is cut by --budget; an up-to award left out escapes it
    "budget_scaled with the fixed m6.base": (
        [
            (
                'budget_scaled = ["m2.tier2022", "m2.tier2023", "m2.title"]',
                'budget_scaled = ["m2.tier2022", "m2.tier2023", "m2.title", "m6.base"]',
            )
        ],
        "m2.budget_scaled",
        "is ['m2.tier2022', 'm2.tier2023', 'm2.title', 'm6.base']: it must list each of 'm2.tier2022', "
        "'m2.tier2023', 'm2.title' exactly once",
    ),
    "budget_scaled without m2.title": (
        [
            (
                'budget_scaled = ["m2.tier2022", "m2.tier2023", "m2.title"]',
                'budget_scaled = ["m2.tier2022", "m2.tier2023"]',
            )
        ],
        "m2.budget_scaled",
        "lacks 'm2.title': it must list each of",
    ),
    "tier threshold in 元": (
        [("{ threshold = 1000, award = 5 }", "{ threshold = 10000000, award = 5 }")],
        "m2.tier2022.tiers",
        "is 10000000 万元, at or above 1000000 万元",
    ),
    "m7 minimum in 元": (
        [
            (
                'aliases = ["培训机构", "人才培训机构"]\nrevenue = 100\n',
                'aliases = ["培训机构", "人才培训机构"]\nrevenue = 1000000\n',
            )
        ],
        "m7.categories.training.revenue",
        "is 1000000 万元, at or above 1000000 万元",
    ),
    "commend threshold in 元": (
        [("{ threshold = 10000, count = 1 }", "{ threshold = 100000000, count = 1 }")],
        "m2.commend.rules.0.threshold",
        "is 100000000 万元, at or above 1000000 万元",
    ),
    # F3: the policy file's weights
    "weights: a fraction and a percentage": (
        [("weight_growth = 0.5", "weight_growth = 40"), ("weight_scale = 0.5", "weight_scale = 0.6")],
        "m1.weight_scale",
        "one is a fraction and the other a percentage",
    ),
    "weights: percentages": (
        [("weight_growth = 0.5", "weight_growth = 40"), ("weight_scale = 0.5", "weight_scale = 60")],
        "m1.weight_scale",
        "they look like percentages",
    ),
    "weights: not summing to 1": (
        [("weight_growth = 0.5", "weight_growth = 0.6")],
        "m1.weight_scale",
        "they sum to 1.1, not 1",
    ),
    # F4: a category left out of the order was never ranked
    "category_order without enterprise": (
        [('category_order = ["online", "rural", "enterprise"]', 'category_order = ["online", "rural"]')],
        "m1.category_order",
        "lacks 'enterprise': it must list each of 'online', 'rural', 'enterprise' exactly once",
    ),
    # F5: one title, one rule
    "a base title also under m2.title": (
        [('"国家级电子商务示范企业"]', '"国家级电子商务示范企业", "国家级电子商务示范基地"]')],
        "m6.base.titles",
        "holds '国家级电子商务示范基地', which m2.title.titles also holds",
    ),
    # F8: rank 1 gets the most
    "m1.awards increasing": (
        [("awards = [50, 40, 30]", "awards = [30, 40, 50]")],
        "m1.awards",
        "pays rank 2 40, more than rank 1's 30",
    ),
    # F9: both lists hold the m2/m6 group
    "enterprise_precedence without the titles": (
        [
            (
                'enterprise_precedence = ["m2.tier2022", "m2.tier2023", "m2.title", "m6.base"]',
                'enterprise_precedence = ["m2.tier2022", "m2.tier2023"]',
            )
        ],
        "groups.enterprise_precedence",
        "lacks 'm2.title', 'm6.base'",
    ),
    "enterprise_precedence empty": (
        [
            (
                'enterprise_precedence = ["m2.tier2022", "m2.tier2023", "m2.title", "m6.base"]',
                "enterprise_precedence = []",
            )
        ],
        "groups.enterprise_precedence",
        "lacks 'm2.tier2022', 'm2.tier2023', 'm2.title', 'm6.base'",
    ),
    "m2.precedence without m6.base": (
        [
            (
                'precedence = ["m2.title", "m6.base", "m2.tier2023", "m2.tier2022"]',
                'precedence = ["m2.title", "m2.tier2023", "m2.tier2022"]',
            )
        ],
        "m2.precedence",
        "lacks 'm6.base'",
    ),
    "m2.precedence with a rule twice": (
        [
            (
                'precedence = ["m2.title", "m6.base", "m2.tier2023", "m2.tier2022"]',
                'precedence = ["m2.title", "m6.base", "m2.tier2023", "m2.tier2022", "m2.title"]',
            )
        ],
        "m2.precedence",
        "must list each of 'm2.tier2022', 'm2.tier2023', 'm2.title', 'm6.base' exactly once",
    ),
    # F10: last year's bulletin keyed under this year
    "growth published before its year ended": (
        [growth("2023", "2022-02-28")],
        "m1.province_growth.2023.published",
        "is 2022-02-28, before the year 2023 ended",
    ),
    "growth published on 31 December of its year": (
        [growth("2023", "2023-12-31")],
        "m1.province_growth.2023.published",
        "before the year 2023 ended",
    ),
    # F11.1: annual years that are not integers
    "annual_years 2022年": (
        [("annual_years = [2022, 2023]", 'annual_years = ["2022年", 2023]')],
        "period.annual_years",
        "holds '2022年', not a year",
    ),
    "annual_years 2023.9": (
        [("annual_years = [2022, 2023]", "annual_years = [2022, 2023.9]")],
        "period.annual_years",
        "holds 2023.9, not a year",
    ),
    "annual_years [2023]": (
        [("annual_years = [2022, 2023]", "annual_years = [2022, [2023]]")],
        "period.annual_years",
        "holds [2023], not a year",
    ),
    # F11.2: no commendation rule
    "commend rules empty": (
        [("rules = [{ threshold = 10000, count = 1 }, { threshold = 5000, count = 3 }]", "rules = []")],
        "m2.commend.rules",
        "is empty: measure 2's commendation needs at least one rule",
    ),
    # F11.3: a two-digit year key
    "growth key 23": (
        [growth("23", "2024-02-28")],
        "m1.province_growth.23",
        "must be a year such as 2023",
    ),
    # review 25, F1: payer "none" on a rule that pays money left it out of the report's budget tables (exit 0)
    "payer none on a rule with a cap": (
        [
            (
                'name_en = "Online retail total and growth"\npayer = "city"',
                'name_en = "Online retail total and growth"\npayer = "none"',
            )
        ],
        'rules."m1.online".payer',
        "is 'none', but m1.online pays money (its cap is 50 万元)",
    ),
    "payer none on a rule without a cap": (
        [
            (
                'name_en = "Reward from new fiscal revenue"\npayer = "county"',
                'name_en = "Reward from new fiscal revenue"\npayer = "none"',
            )
        ],
        'rules."m3.fiscal".payer',
        "is 'none', but m3.fiscal pays money (it has no cap: its amount comes from the data)",
    ),
    "a money payer on a rule that pays nothing": (
        [('for newly cultivated enterprises"\npayer = "none"', 'for newly cultivated enterprises"\npayer = "city"')],
        'rules."m2.commend".payer',
        "is 'city', but m2.commend pays no money (its cap is 0)",
    ),
    # review 25, F2: a scale of 0 (or below the scores' last decimal) made every score 0: the tie-break paid
    "normalise_to 0": (
        [("normalise_to = 100", "normalise_to = 0")],
        "m1.normalise_to",
        "is 0: it must be at least 0.000001 (1 at the last of m1.score_decimals = 6 places), or every score rounds",
    ),
    "normalise_to below the scores' last decimal": (
        [("normalise_to = 100", "normalise_to = 1e-12")],
        "m1.normalise_to",
        "is 0.000000000001: it must be at least 0.000001",
    ),
    # review 25, F4: a rule's measure is the one its id names (the ledger and the report cited the wrong article)
    "m3.fiscal under measure 2": (
        [('[rules."m3.fiscal"]\nmeasure = 3', '[rules."m3.fiscal"]\nmeasure = 2')],
        'rules."m3.fiscal".measure',
        "is 2, but the rule m3.fiscal belongs to measure 3 (its id names it)",
    ),
    "m2.title under measure 6": (
        [('[rules."m2.title"]\nmeasure = 2', '[rules."m2.title"]\nmeasure = 6')],
        'rules."m2.title".measure',
        "is 6, but the rule m2.title belongs to measure 2",
    ),
    "m1.online under measure 2": (
        [('[rules."m1.online"]\nmeasure = 1', '[rules."m1.online"]\nmeasure = 2')],
        'rules."m1.online".measure',
        "is 2, but the rule m1.online belongs to measure 1",
    ),
    # review 25, F6: a mask that hides one digit (the check digit gives it away), a mask character that is a digit
    "mask keeps 17 of 18": (
        [("mask_keep_first = 4\nmask_keep_last = 4", "mask_keep_first = 10\nmask_keep_last = 7")],
        "m8.mask_keep_first",
        "and m8.mask_keep_last (10, 7) hide 1 of an 18-character person id: at least 4 must be hidden",
    ),
    "mask keeps 15 of 18": (
        [("mask_keep_first = 4\nmask_keep_last = 4", "mask_keep_first = 8\nmask_keep_last = 7")],
        "m8.mask_keep_first",
        "(8, 7) hide 3 of an 18-character person id",
    ),
    "mask char a digit": (
        [('mask_char = "*"', 'mask_char = "0"')],
        "m8.mask_char",
        "is '0', a letter or a digit: a masked id would read as an id",
    ),
    "mask char a letter": (
        [('mask_char = "*"', 'mask_char = "X"')],
        "m8.mask_char",
        "is 'X', a letter or a digit",
    ),
    # review 25, F10: a name of two counties names the entry read second and the one it collides with, by name and
    # 1-based position (the key `counties.1.aliases` sent the analyst to the entry they did not edit)
    "an alias of 兖州区 added to 任城区": (
        [('aliases = ["任城", "济宁市任城区"', 'aliases = ["任城", "兖州", "济宁市任城区"')],
        "aliases",
        "of the 2nd [[counties]] entry (兖州区) holds '兖州', which the 1st [[counties]] entry (任城区) holds too "
        "(its 'aliases': '兖州'): a name may mean one county only",
    ),
    "the name 兖州区 added to 任城区 with a space": (
        [('aliases = ["任城", "济宁市任城区"', 'aliases = ["任城", "兖州区 ", "济宁市任城区"')],
        "name",
        "of the 2nd [[counties]] entry (兖州区) holds '兖州区', which the 1st [[counties]] entry (任城区) holds too "
        "(its 'aliases': '兖州区 ')",
    ),
    # review 25, F9: a records window of 0 years reads no record
    "lookback_years 0": (
        [("lookback_years = 3", "lookback_years = 0")],
        "m7.lookback_years",
        "must be 1 or more, not 0: a window of 0 years reads no record",
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_an_edit_that_would_pay_money_nobody_meant_is_refused(jncli, tmp_path, case):
    edits, key, says = REFUSED[case]
    path = copy_with(tmp_path, *edits)
    proc = jncli("policy", "--policy", str(path), text=True)
    assert proc.returncode == 1 and proc.stdout == "", proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
    line = proc.stderr
    assert line.startswith(f"jncli policy: policy file {path}: key {key!r} "), line
    assert says in line and " (hint: " in line, line
    # the same refusal, whole in Chinese
    zh = jncli("policy", "--policy", str(path), text=True, env=ZH)
    assert zh.returncode == 1 and zh.stderr.count("\n") == 1, zh.stderr
    assert f"政策文件 {path}：键 {key!r} " in zh.stderr and "（提示：" in zh.stderr, zh.stderr
    assert english_runs(zh.stderr.strip()) == [], zh.stderr


@pytest.mark.parametrize(
    "case",
    [
        "tier award above its cap",
        "category_order without enterprise",
        "m1.awards increasing",
        # review 25: each ran with exit 0 and paid (or booked) money nobody meant
        "payer none on a rule with a cap",
        "normalise_to 0",
        "m3.fiscal under measure 2",
    ],
)
def test_the_yearly_run_stops_on_the_same_file(jncli, tmp_path, case):
    """The run that would have paid stops before it reads a table: exit 1, no output folder."""
    edits, key, _ = REFUSED[case]
    path = copy_with(tmp_path, *edits)
    out = tmp_path / "out"
    proc = jncli("annual", str(SAMPLES), "--year", "2023", *GROWTH, "--policy", str(path), "-o", str(out), text=True)
    assert proc.returncode == 1 and f"key {key!r}" in proc.stderr, proc.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "edits",
    [
        # another order of what may be reordered: the tie-break of equal amounts, the ledger's row order
        [('category_order = ["online", "rural", "enterprise"]', 'category_order = ["enterprise", "online", "rural"]')],
        [
            (
                'precedence = ["m2.title", "m6.base", "m2.tier2023", "m2.tier2022"]',
                'precedence = ["m6.base", "m2.title", "m2.tier2022", "m2.tier2023"]',
            )
        ],
        [
            (
                'enterprise_precedence = ["m2.tier2022", "m2.tier2023", "m2.title", "m6.base"]',
                'enterprise_precedence = ["m6.base", "m2.title", "m2.tier2023", "m2.tier2022"]',
            )
        ],
        # weights that are fractions summing to 1; an award at its cap; a figure published the day after its year
        [("weight_scale = 0.5", "weight_scale = 0.6"), ("weight_growth = 0.5", "weight_growth = 0.4")],
        [("weight_scale = 0.5", "weight_scale = 1"), ("weight_growth = 0.5", "weight_growth = 0")],
        [("award = 50\nup_to = false", "award = 50.00\nup_to = false")],
        [growth("2023", "2024-01-01")],
        [("awards = [50, 40, 30]", "awards = [50, 50, 30]")],
        # review 25: the least each new bound allows — a scale of 1 at the scores' last decimal, a window of one
        # year, a mask hiding 4 of 18 characters with another sign, a capped rule paid by the county
        [("normalise_to = 100", "normalise_to = 0.000001")],
        [("lookback_years = 3", "lookback_years = 1")],
        [("mask_keep_first = 4", "mask_keep_first = 7"), ("mask_keep_last = 4", "mask_keep_last = 7")],
        [('mask_char = "*"', 'mask_char = "#"')],
        [
            (
                'name_en = "Online retail total and growth"\npayer = "city"',
                'name_en = "Online retail total and growth"\npayer = "county"',
            )
        ],
    ],
)
def test_an_edit_that_only_reorders_or_restates_still_loads(jncli, tmp_path, edits):
    proc = jncli("policy", "--policy", str(copy_with(tmp_path, *edits)), "-f", "csv", text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize(
    "weights, says, hint",
    [
        ("0.6,40", "one is a fraction and the other a percentage", "0.6,40: write both as fractions, e.g. 0.6,0.4"),
        ("60,40", "they look like percentages", "60,40: write both as fractions, e.g. 0.6,0.4"),
        ("0.6,0.5", "they sum to 1.1, not 1", "the growth weight is 1 − the scale weight: e.g. 0.6,0.4"),
        (
            "0.5,0.5000000001",
            "they sum to 1.0000000001, not 1",
            "the growth weight is 1 − the scale weight: e.g. 0.5,0.5",
        ),
    ],
)
def test_weights_option_must_be_two_fractions_summing_to_1(jncli, weights, says, hint):
    counties = str(SAMPLES / "counties.csv")
    proc = jncli("score-counties", counties, "--year", "2023", *GROWTH, "--final", "--weights", weights, text=True)
    assert proc.returncode == 2 and proc.stdout == "", proc.stderr
    assert proc.stderr.startswith(f"jncli score-counties: --weights {weights}: {says}"), proc.stderr
    assert f"(hint: {hint}" in proc.stderr
    zh = jncli("score-counties", counties, "--year", "2023", *GROWTH, "--weights", weights, text=True, env=ZH)
    assert zh.returncode == 2 and english_runs(zh.stderr.strip()) == [], zh.stderr


def test_weights_option_that_sums_to_1_runs(jncli):
    counties = str(SAMPLES / "counties.csv")
    # the last: decimals summing to exactly 1 whose floats sum to 1 − 2⁻⁵⁴ (review hostile2, D1: refused before)
    for weights in ("0.6,0.4", "1,0", "0.3, 0.7", "0.33333333333333333,0.66666666666666667"):
        proc = jncli("score-counties", counties, "--year", "2023", *GROWTH, "--final", "--weights", weights)
        assert proc.returncode == 0, proc.stderr


def test_a_copy_made_before_the_bare_growth_bounds_existed_runs_as_the_shipped_file(jncli, tmp_path):
    # Review 17, F5: a bureau's policy copy made before m1.province_growth_bare_limit / _bare_warn were added was
    # refused ("key ... is missing") by every command: the yearly cron run stopped. Those two keys are this
    # project's bounds, not the text's: a copy without them takes the shipped values.
    text = SHIPPED.read_text("utf-8")
    lines = [ln for ln in text.splitlines(keepends=True) if not ln.startswith("province_growth_bare_")]
    assert len(lines) == len(text.splitlines()) - 2
    old = tmp_path / "old-copy.toml"
    old.write_text("".join(lines), "utf-8")
    shown = jncli("policy", "--policy", str(old), "-f", "csv", text=True)
    assert shown.returncode == 0, shown.stderr
    assert "m1.province_growth_bare_limit,0.5" in shown.stdout and "m1.province_growth_bare_warn,0.25" in shown.stdout
    for policy, out in ((old, "old"), (SHIPPED, "shipped")):
        proc = jncli(
            "annual", str(SAMPLES), "--year", "2023", *GROWTH, "--policy", str(policy), "-o", str(tmp_path / out)
        )
        assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "old" / "ledger.csv").read_bytes() == (tmp_path / "shipped" / "ledger.csv").read_bytes()
    # a bare figure between the two bounds still warns under the old copy
    proc = jncli(
        "score-counties",
        str(SAMPLES / "counties.csv"),
        "--policy",
        str(old),
        "--province-growth",
        "0.3",
        "--province-rural-growth",
        "12%",
        text=True,
    )
    assert proc.returncode == 0 and "is read as 30%" in proc.stderr, proc.stderr


def test_a_copy_saved_with_a_bom_runs_as_the_shipped_file_and_keeps_its_own_hash(jncli, tmp_path):
    # Review 25, F5: Notepad's "UTF-8 with BOM" copy of the shipped file was refused ("not valid TOML … at line 1,
    # column 1", the comment nobody touched). The BOM is read past; the hash stays that of the file's bytes, the one
    # the manifest records and `verify` compares.
    import hashlib
    import json

    bom = tmp_path / "bom.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + SHIPPED.read_bytes())
    digest = hashlib.sha256(bom.read_bytes()).hexdigest()
    shown = jncli("policy", "--policy", str(bom), "-f", "csv", text=True)
    assert shown.returncode == 0, shown.stderr
    assert f"sha256 {digest[:12]}" in shown.stdout
    for policy, out in ((bom, "bom"), (SHIPPED, "shipped")):
        proc = jncli(
            "annual", str(SAMPLES), "--year", "2023", *GROWTH, "--policy", str(policy), "-o", str(tmp_path / out)
        )
        assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "bom" / "ledger.csv").read_bytes() == (tmp_path / "shipped" / "ledger.csv").read_bytes()
    manifest = json.loads((tmp_path / "bom" / "manifest.json").read_text("utf-8"))
    assert manifest["policy"]["sha256"] == digest
    verify = jncli("verify", str(tmp_path / "bom"), "--policy", str(bom), text=True)
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_a_copy_saved_as_gbk_is_refused_with_the_hint_to_save_it_as_utf8(jncli, tmp_path):
    # Review 25, F5: Notepad's ANSI (GBK on a Chinese Windows) got "is not UTF-8 (byte 18)" and no way forward
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes(SHIPPED.read_text("utf-8").encode("gb18030"))
    proc = jncli("policy", "--policy", str(gbk), text=True)
    assert proc.returncode == 1 and proc.stdout == "" and proc.stderr.count("\n") == 1, proc.stderr
    assert f"policy file {gbk} is not UTF-8 (byte " in proc.stderr and "(hint: save it as UTF-8" in proc.stderr
    zh = jncli("policy", "--policy", str(gbk), text=True, env=ZH)
    assert "不是 UTF-8 编码" in zh.stderr and "（提示：请另存为 UTF-8 编码" in zh.stderr, zh.stderr
    assert english_runs(zh.stderr.strip()) == [], zh.stderr


def test_a_records_window_of_0_years_is_refused_in_the_file_and_as_an_option(jncli, tmp_path):
    # Review 25, F9: three enterprises with unrepaired records were listed (exit 0) under either
    records = ("--records", str(SAMPLES / "records.csv"), "--as-of", "2023-12-31")
    path = copy_with(tmp_path, ("lookback_years = 3", "lookback_years = 0"))
    proc = jncli("whitelist", str(SAMPLES / "candidates.csv"), *records, "--policy", str(path), text=True)
    assert proc.returncode == 1 and proc.stdout == "", proc.stderr
    assert "key 'm7.lookback_years' must be 1 or more, not 0: a window of 0 years reads no record" in proc.stderr
    proc = jncli("whitelist", str(SAMPLES / "candidates.csv"), *records, "--lookback-years", "0", text=True)
    assert proc.returncode == 2 and proc.stdout == "", proc.stderr
    assert "--lookback-years must be 1 or more, not 0: a window of 0 years reads no record" in proc.stderr


def test_a_mask_that_hides_too_little_is_refused_before_an_id_is_written(jncli, tmp_path):
    # Review 25, F6: `9908292001*6272488` (the one hidden digit follows from the check digit), exit 0
    path = copy_with(
        tmp_path, ("mask_keep_first = 4", "mask_keep_first = 10"), ("mask_keep_last = 4", "mask_keep_last = 7")
    )
    hires = ("--insurance", str(SAMPLES / "insurance.csv"), "--year", "2023", "--detail")
    proc = jncli("trained-hires", str(SAMPLES / "hires.csv"), *hires, "--policy", str(path), text=True)
    assert proc.returncode == 1 and proc.stdout == "", proc.stderr
    assert "key 'm8.mask_keep_first' and m8.mask_keep_last (10, 7) hide 1 of an 18-character" in proc.stderr


def test_a_copy_made_before_the_record_kind_words_existed_runs_as_the_shipped_file(jncli, tmp_path):
    # Review 26 (held, pre-existing): a copy of the shipped file made before m7.record_kind_words (163c4db) or
    # m7.record_kind_negations / m7.record_kind_honours (d29c2d2) was refused ("key ... is missing"). Those lists are
    # this project's reading of 违法违规和不良信用记录, not the text's: a copy without them takes the shipped lists.
    text = SHIPPED.read_text("utf-8")
    start = text.index("record_kind_words = [")
    end = text.index("]\n", text.index("record_kind_honours = [")) + 2
    old_text = text[:start] + text[end:]
    assert "record_kind" not in old_text.split("[m7]")[1].split("\n[")[0]
    old = tmp_path / "old-copy.toml"
    old.write_text(old_text, "utf-8")
    shown = jncli("policy", "--policy", str(old), "-f", "csv", text=True)
    assert shown.returncode == 0, shown.stderr
    shipped = jncli("policy", "-f", "csv", text=True)
    rows = [ln for ln in shipped.stdout.splitlines() if ln.startswith("m7.record_kind_")]
    assert len(rows) == 3 and all(ln in shown.stdout.splitlines() for ln in rows), shown.stdout
    # record kinds negated (无违法违规记录) or an honour (守信示范企业) read as under the shipped lists
    codes = [ln.split(",")[0] for ln in (SAMPLES / "candidates.csv").read_text("utf-8").splitlines()[1:3]]
    records = tmp_path / "records.csv"
    records.write_text(
        (SAMPLES / "records.csv").read_text("utf-8")
        + f"{codes[0]},无违法违规记录,2023-03-01,\n{codes[1]},守信示范企业,2023-03-01,\n",
        "utf-8",
    )
    outs = {}
    for policy, out in ((old, "old"), (SHIPPED, "shipped")):
        proc = jncli(
            "whitelist",
            str(SAMPLES / "candidates.csv"),
            "--records",
            str(records),
            "--as-of",
            "2023-12-31",
            "--policy",
            str(policy),
            "-o",
            str(tmp_path / f"{out}.csv"),
            text=True,
        )
        assert proc.returncode == 0, proc.stderr
        outs[out] = (tmp_path / f"{out}.csv").read_bytes()
        assert "not the shipped" in proc.stderr or policy == SHIPPED, proc.stderr
    assert outs["old"] == outs["shipped"]
    for policy, out in ((old, "old-annual"), (SHIPPED, "shipped-annual")):
        proc = jncli(
            "annual", str(SAMPLES), "--year", "2023", *GROWTH, "--policy", str(policy), "-o", str(tmp_path / out)
        )
        assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "old-annual" / "ledger.csv").read_bytes() == (
        tmp_path / "shipped-annual" / "ledger.csv"
    ).read_bytes()
