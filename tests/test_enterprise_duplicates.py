"""award-enterprises' two checks of repeated keys (issue 18, branch small4): one (code, year) twice
(`_check_duplicates`, a data error) and one enterprise under two codes in a year (`_two_codes`, a warning or in
`annual` a data error). Both now look for candidate rows on a hash of the keys first and check those exactly, and
`_two_codes` leaves out placeholder names after the duplicate check instead of before it. Compared here with the
implementations they replaced (their code, verbatim), on generated tables where keys repeat often: the same
warnings, the same errors with the same message, or nothing.
"""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jncli.errors import DataError, row_ref
from jncli.rules import Said
from jncli.rules.enterprises import common
from jncli.rules.enterprises.common import comparable_names, real_name


# ---------------------------------------------------------------------------- the replaced code, verbatim
def _old_check_duplicates(f: pl.DataFrame) -> None:
    dup = f.filter(pl.col("code").is_not_null() & pl.struct("code", "year").is_duplicated())
    if dup.height:
        dup = dup.sort("year", "code", "_source", "_row")
        a, b = dup.row(0, named=True), dup.row(1, named=True)
        more = f" (and {dup.height - 2} more duplicate rows)" if dup.height > 2 else ""
        raise DataError(
            f"{row_ref(a['_source'], a['_row'])} and {row_ref(b['_source'], b['_row'])} both have "
            f"credit code {a['code']} for year {a['year']}: one row per entity and year{more}"
        )


def _old_two_codes(f: pl.DataFrame, how: str) -> list[str]:
    keyed = f.filter(pl.col("code_ok") & pl.col("name").is_not_null()).select(
        "year", "county", "name", "code", "_source", "_row"
    )
    keyed = keyed.with_columns(_name=comparable_names(keyed["name"])).filter(real_name(pl.col("_name")))
    many = keyed.filter(pl.struct("year", "county", "_name").is_duplicated())
    if not many.height:
        return []
    many = many.sort("year", "county", "_name", "_source", "_row")
    a = many.row(0, named=True)
    b = (
        many.filter((pl.col("year") == a["year"]) & (pl.col("county") == a["county"]) & (pl.col("_name") == a["_name"]))
        .filter(pl.col("code") != a["code"])
        .row(0, named=True)
    )
    groups = many.select("year", "county", "_name").unique().height
    more = f" (and {groups - 1} more such enterprise(s))" if groups > 1 else ""
    more_zh = f"（另有{groups - 1}家此类企业）" if groups > 1 else ""
    ra, rb = row_ref(a["_source"], a["_row"]), row_ref(b["_source"], b["_row"])
    if how == "error":
        raise DataError(
            f"{ra} and {rb}: {a['name']!r} of {a['county']} has two credit codes for {a['year']}, {a['code']} and "
            f"{b['code']}: it would be paid twice ({groups} such enterprise(s) in all)",
            hint="correct the code at the source (one enterprise has one unified social credit code); if they are "
            "two enterprises, tell them apart by their names",
        )
    za, zb = row_ref(a["_source"], a["_row"], lang="zh"), row_ref(b["_source"], b["_row"], lang="zh")
    return [
        Said(
            f"{ra} and {rb}: {a['name']!r} of {a['county']} has two credit codes for {a['year']}, {a['code']} and "
            f"{b['code']}: both are computed as the data says, so it may be paid twice; which code is right is the "
            f"bureau's to decide{more}",
            f"{za}和{zb}：{a['county']}的“{a['name']}”{a['year']}年度有两个统一社会信用代码，{a['code']}和"
            f"{b['code']}：两者均按数据计算，该企业可能获得两次奖励；哪个代码正确由主管部门确定{more_zh}",
        )
    ]


# ---------------------------------------------------------------------------- generated tables
# few distinct values, so that keys repeat; names with placeholders, full-width forms, spaces and case
NAMES = [
    "甲商贸有限公司",
    "甲商贸\u3000有限公司",
    "ＡＢ公司",
    "ab公司",
    "AB 公司",
    "无字号",
    "个体户",
    "—",
    "",
    " ",
    None,
]
CODES = ["91370800MA00000001", "91370800MA00000014", "91370811MA3C000000", "X", None]
COUNTIES = ["任城区", "兖州区", None]
YEARS = [2022, 2023]  # a row without a year is refused before these checks

# as `_prepare` hands them over: `code_ok` only for a code that is one (here: the 18-character ones)
row = st.tuples(
    st.sampled_from(YEARS),
    st.sampled_from(COUNTIES),
    st.sampled_from(NAMES),
    st.sampled_from(CODES),
    st.sampled_from(["a.csv", "b.csv"]),
).map(lambda r: (*r[:4], r[3] is not None and len(r[3]) == 18, r[4]))


def _frame(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        [(*r, i + 2) for i, r in enumerate(rows)],
        schema={
            "year": pl.Int64,
            "county": pl.String,
            "name": pl.String,
            "code": pl.String,
            "code_ok": pl.Boolean,
            "_source": pl.String,
            "_row": pl.Int64,
        },
        orient="row",
    )


def _outcome(fn, *args):
    try:
        said = fn(*args)
    except DataError as e:
        return ("error", str(e), e.hint)
    except Exception as e:  # noqa: BLE001 - the same failure either way
        return ("exception", type(e).__name__, str(e))
    return ("said", [(str(s), s.zh) for s in said] if said else said)


@settings(max_examples=400, deadline=None)
@given(st.lists(row, min_size=0, max_size=40))
def test_the_checks_of_repeated_keys_agree_with_the_ones_they_replaced(rows):
    f = _frame(rows)
    duplicates = _outcome(_old_check_duplicates, f)
    assert _outcome(common._check_duplicates, f) == duplicates
    if duplicates[0] == "error":  # `_prepare` stops there: `_two_codes` sees codes unique per year
        return
    for how in ("warn", "error"):
        assert _outcome(common._two_codes, f, how) == _outcome(_old_two_codes, f, how)


def test_a_placeholder_name_twice_is_no_enterprise_under_two_codes_but_a_real_one_is():
    base = [(2023, "任城区", "无字号", CODES[0], True, "a.csv"), (2023, "任城区", "无字号", CODES[1], True, "a.csv")]
    assert common._two_codes(_frame(base), "warn") == []
    real = base + [
        (2023, "任城区", "ＡＢ公司", CODES[0], True, "a.csv"),
        (2023, "任城区", "ab公司", CODES[2], True, "b.csv"),
    ]
    (said,) = common._two_codes(_frame(real), "warn")
    assert said.startswith("a.csv row 4 and b.csv row 5: 'ＡＢ公司' of 任城区 has two credit codes for 2023")
    with pytest.raises(DataError, match="a.csv row 2 and a.csv row 4 both have credit code 91370800MA00000001"):
        common._check_duplicates(_frame(real))
