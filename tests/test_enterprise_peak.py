"""award-enterprises' sentences written in the output's order, a case's rows a slice at a time (issue 18, branch
ae8: the peak memory of a large run). `_basis` puts each row's sentence at the row's place in the sorted output
(`position`, the inverse of `_sort_order`), so the sort never copies the sentences again; it writes a case's rows
`award.SLICE` at a time. Checked here: the same tables whatever the input's row order (a wrong position would put
sentences on other rows only when the input is not already in the output's order), and whatever the slice's size.
The working frames are made of one chunk per column (`rechunk` once where their columns come cut at different
rows): polars otherwise copied every column again for each operation on such a frame.
"""

from __future__ import annotations

import random
from decimal import Decimal as D

import polars as pl
import pytest
from test_award_enterprises import MONEY, SCHEMA  # the enterprises table's conformed columns

from jncli.credit_code import make
from jncli.policy import load_policy
from jncli.rules.enterprises import award, award_enterprises, common

POLICY = load_policy()
RATIOS = pl.DataFrame({"county": ["任城区", "兖州"], "ratio": [0.15, 0.3], "_source": ["r.csv"] * 2, "_row": [2, 3]})
TITLES = [None] * 6 + ["国家电子商务示范企业", "国家电子商务示范基地", "省级电子商务示范企业"]
TITLES += ["国家电子商务示范基地（第三批）"]  # the base title in an unlisted form
COUNTIES = ["任城区", "兖州", "曲阜市", "菏泽市", None]
RETAIL = [None, "0", "999.99", "1000", "4999.99", "5000", "12345.5", "20000", "60000"]


def generated(n: int, seed: int) -> pl.DataFrame:
    """A conformed "enterprises" frame of n entities over 2021–2023: every case of the sentences (ineligible,
    out of the period, awarded, top-ups, lost to 就高, m3.fiscal), invalid codes, repeated names."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        code = make(f"91370800MA{i:07d}") if i % 17 else f"91370800MA{i:07d}X"
        for year in (2021, 2022, 2023):
            if rng.random() < 0.7:
                rows.append(
                    {
                        "credit_code": code,
                        "name": f"企业{i % (n - 3)}",
                        "county": rng.choice(COUNTIES),
                        "year": year,
                        "in_statistics": rng.random() < 0.9,
                        "is_trade": rng.choice([True, True, True, False, None]),
                        "online_retail": (lambda v: None if v is None else D(v))(rng.choice(RETAIL)),
                        "online_retail_prev": None,
                        "national_title": rng.choice(TITLES),
                        "new_fiscal_revenue": D(rng.choice(["1", "10", "123.456789"])) if rng.random() < 0.3 else None,
                        "converted_branch": rng.random() < 0.8,
                    }
                )
    frame = pl.DataFrame(rows, schema={c: t for c, t in SCHEMA.items() if not c.startswith("_")})
    return frame.with_columns(_source=pl.lit("e.csv"), _row=pl.int_range(2, pl.len() + 2, dtype=pl.Int64))


OPTIONS = [
    {},
    {"all_years": True, "lang": "en"},
    {"all_years": True, "budget": D("40"), "fiscal_ratios": RATIOS},
    {"year": 2022, "fiscal_ratios": RATIOS, "fiscal_each_year": True, "lang": "en"},
]


@pytest.mark.parametrize("options", OPTIONS)
@pytest.mark.parametrize("seed", [1, 2])
def test_the_same_table_whatever_the_input_order(options, seed):
    frame = generated(300, seed)
    expected = award_enterprises(frame, POLICY, **options).table
    assert expected.height > 200 and expected["basis"].null_count() == 0 and expected["status"].n_unique() >= 3
    for shuffle in (seed, seed + 10):
        shuffled = frame.sample(fraction=1.0, shuffle=True, seed=shuffle)
        assert award_enterprises(shuffled, POLICY, **options).table.equals(expected)
    reverse = award_enterprises(frame.reverse(), POLICY, **options).table
    assert reverse.equals(expected)


@pytest.mark.parametrize("options", OPTIONS)
def test_the_same_table_whatever_the_slice(options, monkeypatch):
    frame = generated(200, 7).sample(fraction=1.0, shuffle=True, seed=3)
    expected = award_enterprises(frame, POLICY, **options).table
    for size in (1, 7, 64):
        monkeypatch.setattr(award, "SLICE", size)
        assert award_enterprises(frame, POLICY, **options).table.equals(expected)


def test_each_sentence_is_its_rows():
    # the sentence names the row's own retail: a sentence on another row would name another amount
    retail = [D(f"{1000 + 7 * i}.25") for i in range(400)]
    frame = pl.DataFrame(
        {
            "credit_code": [make(f"91370800MA{i:07d}") for i in range(400)],
            "name": [f"企业{i}" for i in range(400)],
            "county": ["任城区"] * 400,
            "year": [2023] * 400,
            "in_statistics": [True] * 400,
            "is_trade": [i % 3 != 0 for i in range(400)],
            "online_retail": pl.Series(retail, dtype=MONEY),
            "_source": ["e.csv"] * 400,
            "_row": list(range(2, 402)),
        }
    ).sample(fraction=1.0, shuffle=True, seed=5)
    table = award_enterprises(frame, POLICY, lang="en").table
    assert table.height == 400
    for row in table.iter_rows(named=True):
        assert f"{row['online_retail'].normalize():f}" in row["basis"], row


def test_the_working_rows_are_cut_alike(monkeypatch):
    # a frame whose columns are cut into chunks at different rows is copied whole by polars for each operation on
    # it: the reader gives its columns in chunks beside `_source` in one; the rule's frames are cut alike
    frame = generated(300, 4)
    pieces = [frame.slice(i, 97) for i in range(0, frame.height, 97)]
    chunked = pl.concat(pieces, rechunk=False).with_columns(pl.Series("_source", ["e.csv"] * frame.height))
    assert chunked.get_column("year").n_chunks() > 1 and chunked.get_column("_source").n_chunks() == 1
    seen = {}
    for name in ("_basis_inputs", "_tier_rows", "_title_rows"):
        real = getattr(award, name)

        def spy(*args, _real=real, _name=name, **kw):
            out = _real(*args, **kw)
            looked = args[0] if _name == "_basis_inputs" else out  # the rows given to the sentences; the parts made
            seen[_name] = {tuple(len(c) for c in looked.get_column(n).get_chunks()) for n in looked.columns}
            return out

        monkeypatch.setattr(award, name, spy)
    check = common._check_duplicates  # the prepared frame's first operations, before it is whole

    def checked(f):
        seen["_check_duplicates"] = {tuple(len(c) for c in f.get_column(n).get_chunks()) for n in f.columns}
        return check(f)

    monkeypatch.setattr(common, "_check_duplicates", checked)
    award_enterprises(chunked, POLICY, all_years=True, fiscal_ratios=RATIOS)
    assert set(seen) == {"_basis_inputs", "_tier_rows", "_title_rows", "_check_duplicates"}
    assert all(len(layouts) == 1 for layouts in seen.values()), seen
