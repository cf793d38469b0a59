"""Headers that must not silently lose a column (review 1, findings 1, 2 and 5).

1. A header jncli does not know that carries a money unit or resembles a column of the table the file lacks
   is named (a warning; an error under --strict and in `annual`): an award must never be silently zero.
2. A line break inside a header cell (Excel Alt+Enter: LF, CRLF, CR) counts as a space.
5. What a command writes with `--headers zh` reads back as the English file does.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jncli.tableio import conform, read_table

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


# ------------------------------------------------------------------ 2. line breaks in header cells
@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r"])
def test_a_line_break_in_a_csv_header_cell_is_a_space(tmp_path, brk):
    # 农村网络⏎零售额(元): rural_online_retail in 元: 12,345 元 = 1.2345 万元 (lost as an unknown column before)
    p = tmp_path / "c.csv"
    p.write_bytes(f'县市区,年份,"农村网络{brk}零售额{brk}(元)"\n任城区,2022,12345\n'.encode())
    df = conform(read_table(str(p)), "counties")
    assert df["rural_online_retail"].to_list() == [Decimal("1.2345")]


def test_a_line_break_in_an_xlsx_header_cell_is_a_space(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["县市区", "年份", "农村网络\n零售额\n（亿元）", "网络零售额\r\n(万元)"])
    ws.append(["任城区", 2022, 0.5, 7])
    wb.save(tmp_path / "c.xlsx")
    df = conform(read_table(str(tmp_path / "c.xlsx")), "counties")
    # 0.5 亿元 = 5000 万元; 7 万元 as written
    assert df["rural_online_retail"].to_list() == [Decimal("5000")]
    assert df["online_retail"].to_list() == [Decimal("7")]


def test_a_line_break_in_a_header_through_the_cli(jncli):
    proc = jncli("cat", "--as", "counties", stdin='县市区,年份,"农村网络\n零售额(万元)"\n任城区,2022,1\n'.encode())
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().splitlines()[0] == "county,year,rural_online_retail"


# ------------------------------------------------------------------ 5. --headers zh reads back
PRODUCERS = {
    "score-counties": ["score-counties", "counties.csv", "--province-growth", "10%", "--province-rural-growth", "12%"],
    "award-enterprises": [
        "award-enterprises",
        "enterprises.csv",
        "--year",
        "2023",
        "--fiscal-ratios",
        "fiscal_ratios.csv",
    ],
    "commendations": ["award-enterprises", "enterprises.csv", "--year", "2023", "--commendations"],
    "track-shops": ["track-shops", "shops.csv", "--year", "2023"],
    "whitelist": ["whitelist", "candidates.csv", "--records", "records.csv", "--as-of", "2023-12-31"],
}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_output_written_with_chinese_headers_reads_back_as_the_english_one(jncli, tmp_path, fmt):
    import shutil

    results = {}
    for lang in ("en", "zh"):
        d = tmp_path / lang
        shutil.copytree(SAMPLES, d)
        made = []
        for name, args in PRODUCERS.items():
            extra = ["--headers", "zh"] if lang == "zh" else []
            proc = jncli(*args, "-o", f"{name}.{fmt}", *extra, cwd=d)
            assert proc.returncode == 0, proc.stderr.decode()
            made.append(f"{name}.{fmt}")
        hires = ["--insurance", "insurance.csv", "--trainers", f"whitelist.{fmt}", "--county-rates", "county_rates.csv"]
        extra = ["--headers", "zh"] if lang == "zh" else []
        proc = jncli("trained-hires", "hires.csv", *hires, "--year", "2023", "--as-of", "2023-12-31",
                     "-o", f"trained-hires.{fmt}", *extra, cwd=d)  # fmt: skip
        assert proc.returncode == 0, proc.stderr.decode()
        made.append(f"trained-hires.{fmt}")
        runs = {
            "final": jncli("score-counties", "--final", f"score-counties.{fmt}", cwd=d),
            "prior": jncli(*PRODUCERS["award-enterprises"], "--prior", f"award-enterprises.{fmt}", cwd=d),
            "cat": jncli("cat", "--as", "ledger", *made, cwd=d),
            "check": jncli("check-validity", "--mode", "ledger", *made, cwd=d),
        }
        results[lang] = {k: (p.returncode, p.stdout.decode()) for k, p in runs.items()}
        for k, p in runs.items():
            assert p.returncode in (0, 3), f"{lang} {k}: {p.stderr.decode()}"
    assert results["zh"] == results["en"]
    # the final awards are the ledger's: 14 counties, one row each (the false "duplicate county × year" before)
    assert len(results["zh"]["final"][1].splitlines()) == 1 + 14


def test_the_previous_years_online_retail_has_a_chinese_header(jncli, tmp_path):
    # enterprises' online_retail_prev (上年同期) was written as `online_retail_prev` under --headers zh
    proc = jncli("cat", "--as", "enterprises", str(SAMPLES / "enterprises.csv"), "--headers", "zh")
    assert proc.returncode == 0, proc.stderr.decode()
    header = proc.stdout.decode().lstrip("\ufeff").splitlines()[0].split(",")
    assert "上年网络零售额（万元）" in header and not any(h.isascii() for h in header), header


# ------------------------------------------------------------------ 1. unknown headers never silently zero an award
RATES = ["--province-growth", "10%", "--province-rural-growth", "12%"]
ENTERPRISES = (SAMPLES / "enterprises.csv").read_text(encoding="utf-8-sig")
RETAIL = "实物商品网络零售额(万元)"  # the samples' header of online_retail

# (header as the bureau wrote it, the column it replaces, what the warning names)
RENAMED = [
    ("国家级荣誉称号", "国家级称号", "is this 国家级称号 (national_title)?"),
    ("2023年网络零售额(万元)", RETAIL, "is this 网络零售额 (online_retail)?"),
    ("网络销售额(万元)", RETAIL, "is this 网络零售额 (online_retail)?"),
    ("XYZ(万元)", RETAIL, "and the file lacks 网络零售额 (online_retail)"),
]


def _renamed(folder: Path, new: str, old: str) -> Path:
    import shutil

    shutil.copytree(SAMPLES, folder)
    head, rest = ENTERPRISES.split("\n", 1)
    cells = [new if c == old else c for c in head.split(",")]
    assert new in cells
    (folder / "enterprises.csv").write_text(",".join(cells) + "\n" + rest, encoding="utf-8")
    return folder


def _awarded(csv: bytes, *rules: str) -> int:
    frame = pl.read_csv(csv, infer_schema=False)
    return frame.filter(pl.col("rule").is_in(rules) & (pl.col("status") == "awarded")).height


@pytest.mark.parametrize(("new", "old", "named"), RENAMED)
def test_a_header_that_may_be_an_award_column_is_named(jncli, tmp_path, new, old, named):
    # Before: exit 0 and nothing said, with 0 rows of the column's rules awarded (the samples: 2 of m2.title and
    # m6.base, 国家级称号; the tiers all "未报送实物商品网络零售额"); then a warning naming header and column, still
    # exit 0. Now (fix27b) the command stops as `annual` does: one line naming the column, its rules and the header …
    d = _renamed(tmp_path / "d", new, old)
    proc = jncli("award-enterprises", "enterprises.csv", "--year", "2023", "-o", "out.csv", cwd=d)
    assert proc.returncode == 1, proc.stderr.decode()
    err = proc.stderr.decode()
    column = "国家级称号 (national_title)" if old == "国家级称号" else "网络零售额 (online_retail)"
    assert len(err.splitlines()) == 1, err
    assert f"enterprises.csv: the enterprises table has no column {column}, and without it" in err
    assert f"the header {new!r} names no column: is it that column? rename the header; jncli does not guess" in err
    assert not (d / "out.csv").exists()
    # … and under --strict an error, exit 1, no output
    strict = jncli("award-enterprises", "enterprises.csv", "--year", "2023", "--strict", "-o", "out.csv", cwd=d)
    assert strict.returncode == 1 and named in strict.stderr.decode(), strict.stderr.decode()
    assert not (d / "out.csv").exists()


def test_the_clean_samples_pay_what_the_renamed_header_lost(jncli):
    # the control of the test above: the same rules are paid with the header jncli knows (2 of m2.title and
    # m6.base; 48 tier rows), and no header is named
    proc = jncli("award-enterprises", str(SAMPLES / "enterprises.csv"), "--year", "2023")
    assert "the header" not in proc.stderr.decode()
    assert _awarded(proc.stdout, "m2.title", "m6.base") == 2
    assert _awarded(proc.stdout, "m2.tier2022", "m2.tier2023") > 0


@pytest.mark.parametrize(("new", "old", "named"), RENAMED[:2])
def test_annual_stops_on_a_header_that_may_be_an_award_column(jncli, tmp_path, new, old, named):
    # Before, 国家级荣誉称号: exit 0, 442.28 万元 instead of 517.28: m6.base 50 → 0, m2.title 45 → 0, and the
    # titled enterprise fell to its tier, m2.tier2023 120 → 140: 517.28 − 50 − 45 + 20 = 442.28. Now exit 1.
    d = _renamed(tmp_path / "d", new, old)
    proc = jncli("annual", str(d), "--year", "2023", *RATES, "-o", str(tmp_path / "out"))
    assert proc.returncode == 1, proc.stderr.decode()
    err = proc.stderr.decode()
    assert f"enterprises.csv: the header {new!r}" in err and named in err and "would pay nothing" in err, err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("table", "column", "rules", "skip"),
    [
        ("enterprises.csv", "国家级称号", "m2.title, m6.base", "2"),
        ("enterprises.csv", RETAIL, "m2.tier2022, m2.tier2023, m2.commend", "2"),
        # Before, exit 0 with a warning each: m3.fiscal paid nothing (every row ineligible, RULES §3 rev 3), and
        # a counties table without a ranking's column dropped that ranking: m1.online's 40 万元 on the samples.
        ("enterprises.csv", "是否省外电商企业分支机构转设", "m3.fiscal", "3"),
        ("counties.csv", "网络零售额(万元)", "m1.online", "1"),
        ("counties.csv", "农村网络零售额(万元)", "m1.rural", "1"),
        ("counties.csv", "限额以上消费品零售额(万元)", "m1.enterprise", "1"),
    ],
)
def test_annual_stops_when_a_paying_column_is_missing_unless_skipped(jncli, tmp_path, table, column, rules, skip):
    import shutil

    d = tmp_path / "d"
    shutil.copytree(SAMPLES, d)
    frame = pl.read_csv(SAMPLES / table, infer_schema=False)
    frame.drop(column).write_csv(d / table)
    proc = jncli("annual", str(d), "--year", "2023", *RATES, "-o", str(tmp_path / "out"))
    assert proc.returncode == 1
    assert f"without it {rules} would pay nothing" in proc.stderr.decode(), proc.stderr.decode()
    assert not (tmp_path / "out").exists()
    # --skip: the measure knowingly not run; the run goes on without it
    proc = jncli("annual", str(d), "--year", "2023", *RATES, "-o", str(tmp_path / "out"), "--skip", skip)
    assert proc.returncode == 0, proc.stderr.decode()


def test_annual_reads_a_counties_header_with_a_line_break(jncli, tmp_path):
    # finding 2 in the yearly run: before, 407.28 with exit 0 (m1.rural 50 and m1.enterprise 60 "skipped"). With
    # the column found, measure 1 pays its 180 and the run the samples' 517.28 (tests/test_yearly_run.py).
    import shutil

    d = tmp_path / "d"
    shutil.copytree(SAMPLES, d)
    text = (SAMPLES / "counties.csv").read_text(encoding="utf-8-sig")
    assert "农村网络零售额(万元)" in text.split("\n", 1)[0]
    (d / "counties.csv").write_text(
        text.replace("农村网络零售额(万元)", '"农村网络\r\n零售额(万元)"', 1), encoding="utf-8"
    )
    proc = jncli("annual", str(d), "--year", "2023", *RATES, "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr.decode()
    ledger = pl.read_csv(tmp_path / "out" / "ledger.csv", infer_schema=False).filter(pl.col("status") == "awarded")
    total = sum((Decimal(a) for a in ledger["award"]), Decimal(0))
    m1 = sum((Decimal(a) for a in ledger.filter(pl.col("measure") == "1")["award"]), Decimal(0))
    assert (m1, total) == (Decimal(180), Decimal("517.28"))


def test_annual_runs_on_with_another_money_figure_in_a_long_counties_table(jncli, tmp_path):
    # A bureau table may carry other money figures (社会消费品零售总额) beside the ones measure 1 reads. In the
    # long form (a row per county and year) the *_prev columns are absent by design, so the header "may be" one
    # of them: named in a warning, but the yearly run goes on and pays what the samples pay (517.28 万元; the
    # ledger byte for byte), because a column a measure pays by, if missing, stops the run on its own.
    import shutil

    d = tmp_path / "d"
    shutil.copytree(SAMPLES, d)
    frame = pl.read_csv(SAMPLES / "counties.csv", infer_schema=False)
    frame.with_columns(pl.lit("123.4").alias("社会消费品零售总额(万元)")).write_csv(d / "counties.csv")
    proc = jncli("annual", str(d), "--year", "2023", *RATES, "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr.decode()
    assert "warning: counties.csv: the header '社会消费品零售总额(万元)' carries a money unit" in proc.stderr.decode()
    clean = jncli("annual", str(SAMPLES), "--year", "2023", *RATES, "-o", str(tmp_path / "clean"))
    assert clean.returncode == 0
    assert (tmp_path / "out" / "ledger.csv").read_bytes() == (tmp_path / "clean" / "ledger.csv").read_bytes()
    # under --strict every such header stops the run
    strict = jncli("annual", str(d), "--year", "2023", *RATES, "-o", str(tmp_path / "s"), "--strict")
    assert strict.returncode == 1 and not (tmp_path / "s").exists()


# ------------------------------------------------------------------ 5b. the own-output test, fast path
def _header_pool() -> list[str]:
    from jncli import schema as schemas
    from jncli.messages.columns import COLUMNS
    from jncli.tableio.headers import _chinese_headers

    table = _chinese_headers()
    names = sorted({*table.values(), *COLUMNS, *(c.name for s in schemas.SCHEMAS.values() for c in s.columns)})
    spelled = sorted(
        {*table, *COLUMNS.values(), *(a for s in schemas.SCHEMAS.values() for c in s.columns for a in c.aliases)}
    )
    extra = [
        "新培育达300万元企业数",
        "新培育达x万元企业数",
        "奖励金额",
        "奖励金额（万元）",
        "award（万元）",
        "",
        " award",
        "Award",
    ]
    return names + spelled + [f"{t}（万元）" for t in spelled[:200]] + extra


_POOL = _header_pool()
_WANTED = ["category", "rule", "status", "award", "county", "rank", "beneficiary", "year", "newly_ge_300"]


@settings(max_examples=400, deadline=None)
@given(
    headers=st.lists(st.sampled_from(_POOL), max_size=12),
    wanted=st.lists(st.sampled_from(_WANTED), min_size=1, max_size=4),
    own=st.lists(st.sampled_from(["category", "rule", "status", "award"]), max_size=4),
)
def test_has_own_columns_answers_as_own_columns(headers, wanted, own):
    """`has_own_columns` (score-counties' "is this my own output?" without building the table of every
    Chinese header) gives `own_columns`' answer, on headers that are names, Chinese headers, aliases and
    other text, and on headers written by score-counties in either language."""
    from jncli.tableio.headers import chinese_header, has_own_columns, own_columns

    mixed = headers + [chinese_header(n) if i % 2 else n for i, n in enumerate(own)]
    assert has_own_columns(mixed, wanted) == (set(wanted) <= own_columns(mixed))
    assert has_own_columns(mixed, ("category", "rule", "status", "award")) == (
        {"category", "rule", "status", "award"} <= own_columns(mixed)
    )


def test_has_own_columns_on_score_counties_output_in_both_languages(jncli, tmp_path):
    from jncli.tableio.headers import has_own_columns

    wanted = ("category", "rule", "status", "award")
    for lang in ("en", "zh"):
        out = tmp_path / f"s-{lang}.csv"
        jncli(
            "score-counties", str(SAMPLES / "counties.csv"), "--year", "2023", "--province-growth", "10%",
            "--province-rural-growth", "12%", "--headers", lang, "-o", str(out),
        )  # fmt: skip
        assert has_own_columns(pl.read_csv(out, n_rows=0).columns, wanted)
    assert not has_own_columns(pl.read_csv(SAMPLES / "counties.csv", n_rows=0).columns, wanted)


# ------------------------------------------------------------------ 5c. header matching without the qualified forms
def test_every_qualified_header_key_holds_one_of_its_schemas_qualifier_keys():
    """`schema._lookup` builds a schema's ~1,900 qualified forms (上年同期网络零售额, 网络零售额(上年), …) only for
    a header key holding one of the schema's qualifier keys: exact only if every qualified form's key holds
    one. Checked on every form of every schema (static data: a new alias or qualifier is checked here)."""
    from jncli import schema as schemas

    for s in schemas.SCHEMAS.values():
        qualifiers = {
            schemas.normalize_header(q) for c in s.columns if c.qualified for q in schemas.QUALIFIED[c.qualified[0]]
        }
        for c in s.columns:
            if c.qualified:
                for form in schemas._qualified(c.qualified[1], schemas.QUALIFIED[c.qualified[0]]):
                    key = schemas.normalize_header(form)
                    assert any(q in key for q in qualifiers), (s.name, form)


def _match_with_the_whole_index(schema, header: str):
    """`match_header` as it was: one index of every plain and qualified key, built at once."""
    from jncli import schema as schemas

    index: dict[str, str] = {}  # main's `_build_index` before this pass (a1047c5), verbatim
    for c in schema.columns:
        for a in (c.name, *c.aliases):
            index.setdefault(schemas.normalize_header(a), c.name)
    for c in schema.columns:  # qualified forms after every plain alias: a plain alias always wins
        if c.qualified:
            for a in schemas._qualified(c.qualified[1], schemas.QUALIFIED[c.qualified[0]]):
                index.setdefault(schemas.normalize_header(a), c.name)
    key = schemas.normalize_header(header)
    if key in index:
        return schemas.HeaderMatch(header, index[key])
    base, unit = schemas.split_unit(header)
    bkey = schemas.normalize_header(base)
    if bkey not in index:
        return schemas.HeaderMatch(header, None)
    name = index[bkey]
    col = schema.column(name)
    u = schemas.normalize_header(unit or "")
    if col.type == "money":
        if u not in schemas.MONEY_UNITS:
            return ValueError
        return schemas.HeaderMatch(header, name, schemas.MONEY_UNITS[u], unit)
    if u in schemas.MONEY_UNITS:
        return ValueError
    if col.type in ("int", "number") and u:  # a number column's unit: its own, or one converting to it (review 21)
        try:
            return schemas.HeaderMatch(header, name, 1.0, unit, schemas._number_divisor(col, header, unit, u))
        except ValueError:
            return ValueError
    return schemas.HeaderMatch(header, name, 1.0, unit)


def _qualified_pool() -> list[str]:
    from jncli import schema as schemas

    forms = {
        form
        for s in schemas.SCHEMAS.values()
        for c in s.columns
        if c.qualified
        for form in schemas._qualified(c.qualified[1], schemas.QUALIFIED[c.qualified[0]])
    }
    return sorted(forms)


_QPOOL = _qualified_pool()
_UNITS = ["", "(万元)", "（元）", "（亿元）", "_yuan", "(%)", "（个）", "千元", " (wan)"]


@settings(max_examples=600, deadline=None)
@given(
    schema=st.sampled_from(sorted(__import__("jncli.schema", fromlist=["SCHEMAS"]).SCHEMAS)),
    base=st.one_of(st.sampled_from(_POOL), st.sampled_from(_QPOOL), st.text(max_size=8)),
    before=st.sampled_from(["", "上年", "本年", "同比", " ", "上年同期", "x"]),
    unit=st.sampled_from(_UNITS),
    fresh=st.booleans(),
)
def test_match_header_answers_as_with_the_whole_index(schema, base, before, unit, fresh):
    """`match_header` with the qualified forms built only when a key may be one gives the answer of the
    whole index (plain aliases first, then every qualified form), on aliases, qualified forms, names,
    Chinese headers and other text, with units after them and qualifiers before them, on a schema whose
    indexes are built already and on a fresh copy of it."""
    from jncli import schema as schemas

    s = schemas.SCHEMAS[schema]
    if fresh:
        s = s._replace()  # a copy: its indexes are its own, built afresh
    header = f"{before}{base}{unit}"
    expected = _match_with_the_whole_index(s, header)
    try:
        got = schemas.match_header(s, header)
    except ValueError:
        got = ValueError
    assert got == expected


@pytest.mark.parametrize("error", [False, True])
@pytest.mark.parametrize("unit_only", [False, True])
def test_no_unknown_header_is_no_warning_for_every_schema(error, unit_only):
    """`conform` skips `unknown.check` (and its import) when every header named a column: the check itself
    finds nothing in no header, for every schema, warning or error."""
    from jncli import schema as schemas
    from jncli.tableio import unknown

    for name, s in schemas.SCHEMAS.items():
        assert unknown.check("f.csv", name, [], set(), error, unit_only=unit_only) == []
        assert unknown.check("f.csv", name, [], set(s.names), error, unit_only=unit_only) == []


def _classify_as_before(headers: list[str]):
    """`annual.inputs.classify` as it was (main at 54236bf, verbatim but for the name): every header matched
    against every kind's schema on every call."""
    from jncli import schema as schemas
    from jncli.annual.inputs import COUNTY_METRICS, KINDS

    scores: dict[str, int] = {}
    for kind in KINDS:
        schema = schemas.SCHEMAS[kind]
        found = set()
        for h in headers:
            try:
                m = schemas.match_header(schema, str(h))
            except ValueError:
                m = schemas.match_header(schema, schemas.split_unit(str(h))[0])
            if m.column:
                found.add(m.column)
        if not all(c.name in found for c in schema.columns if c.required):
            continue
        if kind == "counties" and not any(c in found or f"{c}_prev" in found for c in COUNTY_METRICS):
            continue
        scores[kind] = len(found)
    if not scores:
        return None, []
    best = max(scores.values())
    winners = [k for k, v in scores.items() if v == best]
    return winners[0], winners[1:]


def _header_pool() -> list[str]:
    from jncli import schema as schemas
    from jncli.annual.inputs import KINDS

    return sorted({a for k in KINDS for c in schemas.SCHEMAS[k].columns for a in (c.name, *c.aliases)})


_HPOOL = _header_pool()


@st.composite
def _headers_of_a_kind(draw):
    """A kind's required columns (each under one of its names), maybe one left out, some other headers,
    units after some (a bad one too), in any order."""
    from jncli import schema as schemas
    from jncli.annual.inputs import KINDS

    kind = draw(st.sampled_from(KINDS))
    needed = [c for c in schemas.SCHEMAS[kind].columns if c.required or draw(st.booleans())]
    heads = [draw(st.sampled_from([c.name, *c.aliases])) for c in needed]
    if heads and draw(st.booleans()):
        heads.pop(draw(st.integers(0, len(heads) - 1)))
    heads += draw(
        st.lists(st.one_of(st.sampled_from(_HPOOL), st.sampled_from(_QPOOL), st.text(max_size=6)), max_size=3)
    )
    units = st.sampled_from(["", "", "", "(万元)", "（元）", "(%)", "(美元)", "（万元）（元）"])
    return draw(st.permutations([h + draw(units) for h in heads]))


@settings(max_examples=400, deadline=None)
@given(headers=_headers_of_a_kind())
def test_classify_with_its_kept_matches_answers_as_before(headers):
    """`classify` keeps each (kind, header)'s column (`_named`): it picks the kind it picked when every
    header was matched afresh on every call, asked twice, on headers of every kind, with units (a bad one
    too) and other text; an error is the same error."""
    from jncli.annual.inputs import classify

    def answer(f):
        try:
            return f(headers)
        except ValueError as e:
            return ("ValueError", str(e))

    expected = answer(_classify_as_before)
    assert answer(classify) == expected
    assert answer(classify) == expected


def test_annual_without_the_enterprises_name_column_stops_with_one_line(jncli, tmp_path):
    # Before: polars' "unable to find column "name"" (exit 1, no file named). The code-change check knows an
    # enterprise under two credit codes by its name: without the column it cannot run, and the run stops.
    import shutil

    d = tmp_path / "d"
    shutil.copytree(SAMPLES, d)
    pl.read_csv(SAMPLES / "enterprises.csv", infer_schema=False).drop("企业名称").write_csv(d / "enterprises.csv")
    proc = jncli("annual", str(d), "--year", "2023", *RATES, "-o", str(tmp_path / "out"))
    err = proc.stderr.decode()
    assert proc.returncode == 1 and len(err.strip().splitlines()[-1:]) == 1, err
    assert "enterprises.csv: the enterprises table has no name column (企业名称)" in err, err
    assert "unable to find column" not in err and not (tmp_path / "out").exists()


def test_annual_first_year_without_the_name_column_runs(jncli, tmp_path):
    # Review 17, F7: with --first-year nothing was paid before, so no enterprise can be paid again under a
    # corrected code: the code-change check (which needs the names) does not run, and neither does its stop.
    import shutil

    d = tmp_path / "d"
    shutil.copytree(SAMPLES, d)
    ent = pl.read_csv(SAMPLES / "enterprises.csv", infer_schema=False)
    ent.filter(pl.col("年份") == "2023").drop("企业名称").write_csv(d / "enterprises.csv")
    proc = jncli("annual", str(d), "--year", "2023", *RATES, "--first-year", "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr.decode()
