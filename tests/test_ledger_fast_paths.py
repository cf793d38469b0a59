"""Fast paths of a large ledger's CSV (issue 18, branch ae5) against the slow code they spare:

- `cells.decimal_texts`: a Decimal column of few distinct values written as each value's text made once;
- `cells.may_start_with_marks`: the formula escaping's look skipped on text columns whose cells below "A" all lie
  from "." to "<" (digits) — no cell there can start with = + - @, a tab, CR, LF or a quote;
- `common._sorted_by`: award-enterprises' output sort on one Int64 key in mixed radix instead of five keys.

Each is compared with the plain path on generated data (every cell through `_csv_expr(..., escape=True)`, what
`sink_file` writes; `DataFrame.sort`), and one run of the real binary checks a ledger of 20,000 rows with
formula-like names, codes, counties and titles, cell by cell.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jncli import credit_code
from jncli.rules.enterprises.common import _sorted_by
from jncli.settings import OutputOptions
from jncli.tableio import cells, writer

MARKS = ["=", "+", "-", "@", "\t", "\r", "\n", "'"]
# starts a cell may have: every mark, the characters around the proof's bounds ("." and "<", "=" and "A"), digits,
# letters, CJK, a number that is no formula ("-5"), the empty text
STARTS = [*MARKS, ".", "/", "0", "9", ":", "<", ">", "?", "A", "a", "济", "-5", "'=", "''+", "", " ", "!", "&"]


def _reference_csv(frame: pl.DataFrame) -> bytes:
    """What `_write_csv` wrote before its fast paths: every text cell through the escaping (the same bytes)."""
    text = frame.select(writer._csv_expr(n, d, escape=True).alias(n) for n, d in frame.schema.items())
    out = io.BytesIO()
    text.write_csv(out)
    return out.getvalue()


def _written(frame: pl.DataFrame) -> bytes:
    out = io.BytesIO()
    writer._write_csv(frame, out, OutputOptions(format="csv"), False)
    return out.getvalue()


@settings(max_examples=40, deadline=None)
@given(
    starts=st.lists(st.sampled_from(STARTS), min_size=1, max_size=4),
    where=st.integers(0, 20_000 - 1),
    money=st.lists(st.decimals(min_value=-(10**6), max_value=10**6, places=6, allow_nan=False), min_size=1, max_size=8),
    nulls=st.booleans(),
    scale=st.sampled_from([0, 2, 6]),
)
def test_csv_of_a_large_frame_is_the_plain_paths(starts, where, money, nulls, scale):
    n = 20_000  # above `decimal_texts`' threshold
    tail = ["".join(starts) + "x"]
    frame = pl.DataFrame(
        {
            # a column of digits with one generated cell (at `where`), one of CJK text, one of a few values
            "code": [f"{i:018d}" for i in range(n)],
            "name": ["济宁"] * n,
            "few": [starts[i % len(starts)] for i in range(n)],
            "money": pl.Series([money[i % len(money)] for i in range(n)], dtype=pl.Decimal(38, 6)),
            "wide": pl.Series([Decimal(i) / 100 for i in range(n)], dtype=pl.Decimal(38, 6)),
        }
    ).with_columns(
        pl.when(pl.int_range(n) == where).then(pl.lit(tail[0])).otherwise(pl.col(c)).alias(c) for c in ("code", "name")
    )
    frame = frame.with_columns(pl.col("money").round(scale).cast(pl.Decimal(38, scale)))
    if nulls:
        frame = frame.with_columns(
            pl.when(pl.int_range(n) % 3 == 0).then(None).otherwise(pl.col("money")).alias("money")
        )
    assert set(cells.decimal_texts(frame)) == {"money"}  # the fast path is taken
    assert _written(frame) == _reference_csv(frame)


@pytest.mark.parametrize("start", STARTS)
def test_a_mark_anywhere_in_a_column_is_looked_at(start):
    column = ["2023年度", "91370800MA", "济宁"] * 3000
    column[4321] = start + "x" if start else ""  # an empty text is below "." too: looked at
    frame = pl.DataFrame(
        {"c": column, "d": ["9137"] * len(column), "e": pl.Series([None] * len(column), dtype=pl.String)}
    )
    found = cells.may_start_with_marks(frame, ["c", "d", "e"])
    assert "d" not in found and "e" not in found
    if start[:1] in MARKS or start == "":
        assert found == ["c"]
    assert _written(frame) == _reference_csv(frame)


def test_decimal_texts_keeps_nulls_and_every_value():
    values = [None, Decimal("0"), Decimal("12.5"), Decimal("-0.000001"), Decimal("1000000"), Decimal("7.10")]
    frame = pl.DataFrame({"m": pl.Series([values[i % len(values)] for i in range(30_000)], dtype=pl.Decimal(38, 6))})
    assert set(cells.decimal_texts(frame)) == {"m"}
    assert _written(frame) == _reference_csv(frame)
    rows = list(csv.reader(io.StringIO(_written(frame).decode())))
    assert rows[1:7] == [[], ["0"], ["12.5"], ["-0.000001"], ["1000000"], ["7.1"]]
    assert cells.decimal_texts(frame.head(100)) == {}  # a small frame: the plain expression


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.integers(2020, 2025), st.integers(0, 40), st.integers(0, 4), st.integers(1, 3), st.integers(2, 99)
        ),
        min_size=1,
        max_size=60,
        unique_by=lambda r: (r[3], r[4], r[2]),  # one output row per input row and rule: the keys name each row
    ),
    huge=st.booleans(),
)
def test_one_key_sort_is_the_five_key_sort(rows, huge):
    keys = ["year", "_k1", "_k2", "_k3", "_row"]
    frame = pl.DataFrame(rows, schema=dict.fromkeys(keys, pl.Int64), orient="row").with_columns(
        v=pl.int_range(pl.len())
    )
    if huge:  # ranges whose product passes 2**63: the five-key sort itself
        frame = frame.with_columns(pl.col("_row") * 2**40)
    assert _sorted_by(frame, keys).equals(frame.sort(keys))
    with_null = frame.with_columns(pl.when(pl.col("v") == 0).then(None).otherwise(pl.col("_k3")).alias("_k3"))
    assert _sorted_by(with_null, keys).equals(with_null.sort(keys))


def test_award_enterprises_ledger_with_formula_like_cells(jncli, tmp_path):
    """20,000 enterprises (the writer's fast paths engage): names, codes, counties and titles that start like a
    formula are escaped in the CSV, cell by cell as in the Parquet ledger of the same run; money as its text."""
    n = 20_000
    names = ["=HYPERLINK(1)", "-5", "@a", "+1", "'x", "普通", ".5", "<y", "9"]
    lines = ["credit_code,name,county,year,in_statistics,is_trade,online_retail,national_title"]
    for i in range(n):
        code = credit_code.make(f"91370800MA{i:07d}") if i % 101 else f"=1+{i}"
        county = "+县" if i % 997 == 0 else "任城区"
        title = "@国家" if i % 301 == 0 else ""
        lines.append(f"{code},{names[i % len(names)]}{i},{county},2023,是,是,{(i * 37) % 30000}.{i % 100:02d},{title}")
    (tmp_path / "e.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert jncli("award-enterprises", "e.csv", "-o", "out.csv", cwd=tmp_path).returncode == 0
    assert jncli("award-enterprises", "e.csv", "-o", "out.parquet", cwd=tmp_path).returncode == 0
    written = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8-sig"))))
    ledger = pl.read_parquet(tmp_path / "out.parquet")
    assert written[0] == ledger.columns
    expected = ledger.select(writer._csv_expr(c, d, escape=True).alias(c) for c, d in ledger.schema.items())
    assert written[1:] == [["" if v is None else str(v) for v in row] for row in expected.iter_rows()]
    escaped = {r[1] for r in written[1:] if r[1].startswith("'")}
    assert "'=HYPERLINK(1)0" in escaped and "'@a2" in escaped and not any(r[1] == "'-59" for r in written)
    assert any(r[0].startswith("'=1+") for r in written) and any(r[8] == "'+县" for r in written)
