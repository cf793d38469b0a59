"""The readings and the coverage of the text (RULES.md "Readings the docs must list", rev 3).

docs/policy-reading.md lists every reading with what the other reading moves on the samples, and docs/coverage.md
maps every sentence of the text to the rule that computes it: both are generated (cog) from code and data, and
these tests fail when a page and its source disagree — so a figure cannot go stale.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from jncli.describe import coverage_table
from jncli.errors import PolicyError
from jncli.policy import load_policy, parse_policy, sentences

ROOT = Path(__file__).resolve().parents[1]
POLICY_FILE = ROOT / "jncli" / "policies" / "jining-2022.toml"
POLICY = load_policy()


@pytest.mark.parametrize("page", ["docs/policy-reading.md", "docs/coverage.md"])
def test_generated_page_is_current(page):
    proc = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "--diff", page],
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    assert proc.returncode == 0, f"{page} is stale; regenerate it with `cog -r {page}`\n{proc.stdout}{proc.stderr}"


def test_the_readings_page_lists_every_reading_rules_names():
    text = (ROOT / "docs" / "policy-reading.md").read_text("utf-8")
    for topic in (
        "Composite score and its weights",
        "Top 3 and the growth test",
        "A vacated place",
        "Growth equal to the average",
        "Share lift (m1.enterprise)",
        "2023 tiers",
        "One-off awards across years",
        "过亿 and 超过",
        "Newly cultivated",
        "Article 3 beside 就高",
        "Article 3 paid once",
        "Article 3 for converted branches only",
        "2022 counted whole",
        "Unlisted titles",
        "Strength and the record window",
        "回迁",
    ):
        assert f"| {topic}" in text, topic


@pytest.fixture(scope="module")
def readings():
    sys.path.insert(0, str(ROOT / "tests"))
    import readings

    return readings


def test_a_figure_of_the_readings_table_worked_by_hand(readings, tmp_path):
    # samples: 金乡鑫美 has new fiscal revenue 45.25 in 2022 (paid 45.25 × 0.76 = 34.39) and 38.10 in 2023; paid once
    # (default) its 2023 row pays 0, paid every year (--fiscal-each-year) 38.10 × 0.76 = 28.956 → 28.95.
    s = readings.Samples(tmp_path)
    assert readings._fiscal_once(s) == "**28.95 万元** (1 enterprise)"
    t = s.enterprises(fiscal_each_year=True).filter(pl.col("rule") == "m3.fiscal")
    assert Decimal("28.95") in t["award"].to_list()
    assert "**28.95 万元** (1 enterprise)" in (ROOT / "docs" / "policy-reading.md").read_text("utf-8")


def test_money_moved_counts_each_beneficiarys_change(readings):
    a = pl.DataFrame(
        {"beneficiary": ["甲", "乙", "丙"], "rule": ["r"] * 3, "award": [Decimal(10), Decimal(5), Decimal(0)]}
    )
    b = pl.DataFrame({"beneficiary": ["甲", "丙"], "rule": ["r"] * 2, "award": [Decimal(10), Decimal(5)]})
    # 甲 unchanged, 乙 loses 5, 丙 gains 5: 10 moved, 2 beneficiaries
    assert readings.money_moved(a, b) == (Decimal(10), 2)
    assert readings.money((Decimal(10), 2), "county") == "**10 万元** (2 counties)"


# ------------------------------------------------------------------------------------------- coverage
def test_every_sentence_of_the_text_is_covered_once():
    table = coverage_table(POLICY, "en")
    expected = sentences(POLICY.preamble + POLICY.closing) + [s for a in POLICY.articles for s in sentences(a.text)]
    assert table["sentence"].to_list() == expected
    assert len(expected) == 48  # 4 outside the articles, 44 in the eleven


def test_every_rule_the_policy_defines_is_mapped_to_a_sentence():
    # A new rule (e.g. m8.hires) must say which sentence it computes: add it to that [[coverage]] entry's rules.
    mapped = {r for c in POLICY.coverage for r in c.rules}
    assert set(POLICY.rules) <= mapped, set(POLICY.rules) - mapped


@pytest.mark.parametrize("article", [5, 9, 10, 11])
def test_measures_without_a_condition_or_amount_are_not_computable(article):
    rows = [c for c in POLICY.coverage if article in c.articles]
    assert rows and not any(c.computed for c in rows)


def test_article_8_training_subsidies_are_not_computable():
    (entry,) = [c for c in POLICY.coverage if 8 in c.articles and c.quote.startswith("按照《山东省人力资源")]
    assert not entry.computed and "鲁人社字〔2022〕72号" in entry.note_en


def _edited(old: str, new: str):
    text = POLICY_FILE.read_text("utf-8")
    assert old in text, old
    return parse_policy(tomllib.loads(text.replace(old, new, 1)), "copy.toml")


@pytest.mark.parametrize(
    "old,new,key,says",
    [
        ('quote = "评选电商领域高潜质人才"', 'quote = "评选电商人才"', "coverage.", "opens no sentence of article 8"),
        ('rules = ["m4.newshops"]', 'rules = ["m4.newshop"]', "coverage.", "names rule 'm4.newshop'"),
        (
            'articles = [9]\nquote = "建立针对性交通信息发布制度"',
            'articles = [9]\nquote = "加快县域快递物流配送中心"',
            "coverage.",
            "again",
        ),
        (
            "articles = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]",
            "articles = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]",
            "coverage",
            "does not cover sentence 4 of article 11",
        ),
        ('articles = [10]\nquote = "将农村', 'articles = [12]\nquote = "将农村', "coverage.", "names article 12"),
    ],
)
def test_a_coverage_table_that_does_not_fit_the_text_is_refused(old, new, key, says):
    with pytest.raises(PolicyError) as e:
        _edited(old, new)
    assert f"key '{key}" in str(e.value) and says in str(e.value), str(e.value)


def test_cli_policy_coverage(jncli, tmp_path):
    proc = jncli("policy", "--coverage", "-f", "csv")
    assert proc.returncode == 0, proc.stderr.decode()
    t = pl.read_csv(proc.stdout, infer_schema=False)
    assert t.columns == ["article", "sentence", "rules", "how"] and t.height == 48
    m1 = t.filter(pl.col("sentence").str.starts_with("对于当年网络零售总额和增幅进行综合评价"))
    assert m1.select("article", "rules").rows() == [("第一条 实施网络零售倍增行动", "m1.online")]
    five = t.filter(pl.col("article").str.starts_with("第五条"))
    assert five["how"].str.starts_with("不可计算：").all()
    en = pl.read_csv(jncli("policy", "--coverage", "--lang", "en", "-f", "csv").stdout, infer_schema=False)
    assert en.filter(pl.col("article").str.starts_with("9."))["how"].str.starts_with("not computable, because").all()
    # a policy file without a [[coverage]] table: a usage error saying so
    text = POLICY_FILE.read_text("utf-8")
    bare = tmp_path / "bare.toml"
    bare.write_text(
        text[: text.index("# ---------------------------------------------------------------- coverage")], "utf-8"
    )
    proc = jncli("policy", "--coverage", "--policy", str(bare))
    assert proc.returncode == 2 and "no [[coverage]] table" in proc.stderr.decode()
    assert jncli("policy", "--policy", str(bare), "-f", "csv").returncode == 0  # the table is optional
