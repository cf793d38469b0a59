"""Article 6's 示范基地 title written in another form (review 19, F1).

`国家级电子商务示范基地（2023年认定）`, `国家电子商务示范基地（园区）`: the listed title with a note, as
商务部's lists are copied into a sheet. Unlisted, so not paid (RULES.md §2, as
`国家电子商务示范企业（2023-2024年度）` is not), but the warning and the row must point at m6.base: a person
who follows a hint naming `[m2.title] titles` pays the park article 2's up-to award, cut by --budget,
instead of article 6's fixed 50 万元.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from decimal import Decimal

from conftest import ROOT

ZH = {"LC_ALL": None, "LANG": "zh_CN.UTF-8"}
HEADER = "统一社会信用代码,企业名称,县市区,年份,是否纳统,是否商贸流通企业,国家级称号,实物商品网络零售额(万元)\n"
PARKS = (
    HEADER
    + "91370811MA0000B0BF,乙园区,任城区,2023,是,是,国家级电子商务示范基地（2023年认定）,25000\n"  # row 2
    + "91370811MA0000B0GY,丙园区,任城区,2023,否,否,国家电子商务示范基地（园区）,\n"  # row 3: a pure park
    + "91370800MA3C00001M,甲商贸,任城区,2023,是,是,国家电子商务示范企业（2023-2024年度）,100\n"  # row 4: m2's form
    + "91370800MA3C00002Q,丁商贸,任城区,2023,是,是,电子商务示范企业,100\n"  # row 5: listed, up to 50
    + "91370811MA0000P0AG,戊园区,任城区,2023,否,否,国家电商示范基地,\n"  # row 6: the short form (review 20, F1)
)


def _rows(stdout: bytes) -> dict[tuple[str, str], dict[str, str]]:
    return {(r["beneficiary"], r["rule"]): r for r in csv.DictReader(stdout.decode().splitlines())}


def _warning(err: str, title: str) -> str:
    lines = [line for line in err.splitlines() if title in line]
    assert len(lines) == 1, err
    return lines[0]


def test_an_annotated_base_title_is_warned_about_under_m6_base(jncli, tmp_path):
    (tmp_path / "e.csv").write_text(PARKS, "utf-8")
    proc = jncli("award-enterprises", "e.csv", "--year", "2023", "-f", "csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    err = proc.stderr.decode()
    base = _warning(err, "国家级电子商务示范基地(2023年认定)")
    assert (
        "e.csv row 2: the title '国家级电子商务示范基地(2023年认定)' reads as national but is not on the policy file's "
        "list of national e-commerce demonstration base titles ([m6.base] titles), so m6.base pays nothing for it."
    ) in base
    assert "add this form to titles under [m6.base] (not [m2.title]" in base
    assert "m2.title pays nothing" not in base and "([m2.title] titles)" not in base
    park = _warning(err, "国家电子商务示范基地(园区)")
    assert "e.csv row 3:" in park and "([m6.base] titles)" in park
    short = _warning(err, "国家电商示范基地")  # 电商, the short form of 电子商务: the m2 hint before review 20
    assert "e.csv row 6:" in short and "([m6.base] titles)" in short and "[m2.title] titles" not in short
    # an annotated m2 title still names m2.title
    m2 = _warning(err, "国家电子商务示范企业(2023-2024年度)")
    assert "national-level titles ([m2.title] titles), so m2.title pays nothing" in m2
    assert "add it to titles under [m2.title]" in m2 and "[m6.base]" not in m2

    # the row (RULES §2: an unlisted title gives an ineligible m2.title row): nothing paid for the title, and its
    # basis names m6.base's list as well as m2's, so that it does not send the reader to [m2.title] alone
    rows = _rows(proc.stdout)
    for code, title in (
        ("91370811MA0000B0BF", "国家级电子商务示范基地（2023年认定）"),
        ("91370811MA0000B0GY", "国家电子商务示范基地（园区）"),
    ):
        assert (code, "m6.base") not in rows
        r = rows[code, "m2.title"]
        assert (r["status"], Decimal(r["award"])) == ("ineligible", 0)
        assert (
            f"称号不在政策文件所列国家级称号清单中：{title}，疑为第六条国家电子商务示范基地称号的另一写法，"
            "m6.base 的称号清单中也没有这一写法"
        ) in r["basis"]
    assert rows["91370811MA0000B0BF", "m2.tier2023"]["status"] == "awarded"  # its tier is paid as before
    r = rows["91370800MA3C00001M", "m2.title"]
    assert (r["status"], "称号不在政策文件所列国家级称号清单中" in r["basis"]) == ("ineligible", True)
    assert "m6.base" not in r["basis"]
    en = jncli("award-enterprises", "e.csv", "--year", "2023", "-f", "csv", "--lang", "en", cwd=tmp_path).stdout
    basis = _rows(en)["91370811MA0000B0GY", "m2.title"]["basis"]
    assert (
        "title not on the policy file's list of national-level titles: 国家电子商务示范基地（园区）, which reads as "
        "article 6's 示范基地 title in another form, not on m6.base's list either"
    ) in basis

    zh = jncli("award-enterprises", "e.csv", "--year", "2023", "-f", "csv", cwd=tmp_path, env=ZH).stderr.decode()
    base_zh = _warning(zh, "国家级电子商务示范基地(2023年认定)")
    assert (
        "e.csv 第2行：称号“国家级电子商务示范基地(2023年认定)”看似国家级，"
        "但不在政策文件所列国家电子商务示范基地称号清单（[m6.base] titles）中，m6.base 不予奖励。"
    ) in base_zh
    assert "请在政策文件副本的 [m6.base] titles 中加入这一写法" in base_zh
    m2_zh = _warning(zh, "国家电子商务示范企业(2023-2024年度)")
    assert "国家级称号清单（[m2.title] titles）中，m2.title 不予奖励" in m2_zh and "[m6.base]" not in m2_zh


def _follow(policy: str, hint: str, title: str) -> str:
    """The policy text with `title` added to `titles` under the section the hint names."""
    section = re.search(r"add (?:it|this form) to titles under \[([a-z0-9.]+)\]", hint)
    assert section, hint
    start = policy.index(f"\n[{section[1]}]\n")
    at = policy.index("titles = [", start) + len("titles = [")
    return policy[:at] + f'"{title}", ' + policy[at:]


def test_following_the_hint_pays_the_fixed_base_award_not_cut_by_the_budget(jncli, tmp_path):
    (tmp_path / "e.csv").write_text(PARKS, "utf-8")
    err = jncli("award-enterprises", "e.csv", "--year", "2023", "-f", "csv", cwd=tmp_path).stderr.decode()
    policy = (ROOT / "jncli/policies/jining-2022.toml").read_text("utf-8")
    for title in ("国家级电子商务示范基地（2023年认定）", "国家电子商务示范基地（园区）"):
        policy = _follow(policy, _warning(err, unicodedata.normalize("NFKC", title)), title)
    (tmp_path / "copy.toml").write_text(policy, "utf-8")
    proc = jncli(
        "award-enterprises", "e.csv", "--year", "2023", "-f", "csv", "--policy", "copy.toml", "--budget", "20",
        cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    rows = _rows(proc.stdout)
    # the pure park: article 6's fixed 50 万元, whatever the budget (20 万元 scales the up-to awards only)
    park = rows["91370811MA0000B0GY", "m6.base"]
    assert (park["status"], Decimal(park["award"])) == ("awarded", 50)
    assert "第六条" in park["basis"] and "预算" not in park["basis"]
    assert ("91370811MA0000B0GY", "m2.title") not in rows
    # the park that also reaches the 30 万元 tier: 就高, the base's 50 wins
    both = rows["91370811MA0000B0BF", "m6.base"]
    assert (both["status"], Decimal(both["award"])) == ("awarded", 50)
    assert rows["91370811MA0000B0BF", "m2.tier2023"]["status"] == "superseded"
    # the budget was spent on the up-to awards: the listed m2 title is cut to 20
    assert Decimal(rows["91370800MA3C00002Q", "m2.title"]["award"]) == 20
