"""whitelist's records matched through their distinct codes (`screen._distinct_written`, `_match_distinct`,
`_invalid_unproven`; issue 18): the codes hashed once, the distinct codes proven exact, each record's candidate
its distinct code's, and only the codes no candidate holds checked (GB 32100-2015) — against the strings' own
`unique` and join (the path taken when the proof fails or two files overlap), and through the binary."""

from __future__ import annotations

import datetime as dt
import random

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from jncli import credit_code
from jncli.rules.whitelist import screen

AS_OF = dt.date(2023, 6, 30)


def code(i: int) -> str:
    return credit_code.make(f"91370800MA{i:07d}")


_WRITTEN = st.one_of(
    st.none(),
    st.sampled_from(["无", "-", "—", "N/A", "", " ", "－－"]),
    st.sampled_from([code(i) for i in range(6)] + [code(1).lower(), " " + code(2), code(3)[:-1] + "0"]),
    st.text(alphabet="9１a无—-/A ", max_size=4),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_WRITTEN, min_size=1, max_size=30), st.integers(1, 3))
def test_distinct_written_is_exact_or_nothing(written, buckets):
    """Every row's text is the text of its distinct code, each distinct code once; and a hash that puts two texts
    together (a collision, forced here: `buckets` hash values for all) gives None, never a wrong answer."""
    series = pl.Series(written, dtype=pl.String)
    got = screen._distinct_written(series)
    assert got is not None  # (polars' 64-bit hash: no collision among a few codes)
    distinct, idx = got
    assert distinct.gather(idx).to_list() == written
    assert distinct.n_unique() == distinct.len() == series.n_unique()
    forced = pl.Series([hash(w) % buckets if w is not None else 0 for w in written], dtype=pl.UInt64)
    collided = screen._distinct_written(series, forced)
    one_per_hash = series.to_frame("w").with_columns(h=forced).group_by("h").agg(pl.col("w").n_unique() == 1)
    if one_per_hash["w"].all():
        assert collided is not None and collided[0].gather(collided[1]).to_list() == written
    else:
        assert collided is None


def _files(tmp_path, rng: random.Random, n: int) -> tuple[str, str]:
    """Candidates (some with a wrong check character, lower case, padded, no code) and records of them and of
    others, written odd in places (lower case, padded, full width, marks, blank, invalid)."""
    cands, recs = [], []
    for i in range(n):
        c = code(i)
        shown = rng.choice([c, c, c, c.lower(), f" {c} ", c[:-1] + ("0" if c[-1] != "0" else "1"), ""])
        cands.append(f"{shown},park,任城区,{rng.choice(['500', '1500'])},{rng.choice([10, 30])},3")
    for _ in range(n * 6):
        c = code(rng.randrange(n * 2))
        roll = rng.random()
        if roll < 0.05:
            c = c[:-1] + ("0" if c[-1] != "0" else "1")  # a wrong check character (a candidate's, sometimes)
        elif roll < 0.08:
            c = c.lower()
        elif roll < 0.1:
            c = rng.choice(["无", "", " ", "-", "９" + c[1:], f" {c}"])
        day = dt.date(2019, 1, 1) + dt.timedelta(rng.randrange(2000))
        fix = (day + dt.timedelta(rng.randrange(1, 900))).isoformat() if rng.random() < 0.4 else ""
        recs.append(f"{c},{rng.choice(['行政处罚', '经营异常'])},{day.isoformat()},{fix}")
    cf, rf = tmp_path / "candidates.csv", tmp_path / "records.csv"
    cf.write_text("credit_code,category,county,revenue,employees,years_operating\n" + "\n".join(cands) + "\n", "utf-8")
    rf.write_text("credit_code,kind,recorded_on,repaired_on\n" + "\n".join(recs) + "\n", "utf-8")
    return str(cf), str(rf)


def test_distinct_path_decides_and_warns_as_the_strings_join(tmp_path, monkeypatch):
    """The same table and warnings as the strings' `unique` and join (the path without the proof), on random
    candidates and records with invalid, odd and missing codes on both sides."""
    from jncli import steps
    from jncli.policy import load_policy

    policy = load_policy()
    for seed in range(6):
        cands, recs = _files(tmp_path, random.Random(seed), 40 + 20 * seed)

        def vet(cands=cands, recs=recs):
            res = steps.whitelist(cands, recs, policy, as_of=AS_OF, lang="en")
            return res.table, [str(w) for w in res.warnings]

        fast = vet()
        with monkeypatch.context() as m:
            m.setattr(screen, "_distinct_written", lambda written, hashed=None: None)
            slow = vet()
        assert fast[0].equals(slow[0]), seed
        assert fast[1] == slow[1], seed
        assert any("not a valid code" in w for w in fast[1]), fast[1]


def test_a_candidates_invalid_code_among_the_records_is_named(jncli, tmp_path):
    """A record under a code no valid code that is also a candidate's (checked as the candidate's, not again): the
    warning counts it with the others, through the binary."""
    good, bad = code(1), code(2)[:-1] + ("0" if code(2)[-1] != "0" else "1")
    other_bad = code(3)[:-1] + ("0" if code(3)[-1] != "0" else "1")
    (tmp_path / "c.csv").write_text(
        "credit_code,category,county,revenue,employees,years_operating\n"
        f"{good},park,任城区,1500,30,3\n{bad},park,任城区,1500,30,3\n",
        "utf-8",
    )
    (tmp_path / "r.csv").write_text(
        "credit_code,kind,recorded_on,repaired_on\n"
        f"{good},行政处罚,2021-01-01,2021-02-01\n{bad},行政处罚,2022-01-01,\n{other_bad},行政处罚,2022-01-01,\n"
        f"{bad},经营异常,2018-01-01,\n",
        "utf-8",
    )
    r = jncli(
        "whitelist", "c.csv", "--records", "r.csv", "--as-of", str(AS_OF), "--lang", "en", cwd=tmp_path, text=True
    )
    assert r.returncode == 0, r.stderr
    assert "3 record(s) have a credit code that is not a valid code" in r.stderr, r.stderr


def test_excel_number_and_formula_ids_are_found_in_a_file_with_empty_last_cells(jncli, tmp_path):
    """The reader's byte test (`Table.id_marks`: no `+`, `=` or `'` below the header, no id to look at) leaves the
    look for ids Excel wrote as numbers or text formulas to every file that holds such a byte: a records file whose
    last column has empty cells (the path where the bytes are read) still names 9.13708E+17 and reads ="…"."""
    head = "credit_code,kind,recorded_on,repaired_on\n"
    body = f"{code(1)},行政处罚,2022-01-01,\n"
    (tmp_path / "c.csv").write_text(
        f"credit_code,category,county,revenue,employees,years_operating\n{code(1)},park,任城区,1500,30,3\n", "utf-8"
    )
    (tmp_path / "e.csv").write_text(head + body + "9.13708E+17,行政处罚,2022-01-01,\n", "utf-8")
    r = jncli(
        "whitelist", "c.csv", "--records", "e.csv", "--as-of", str(AS_OF), "--lang", "en", cwd=tmp_path, text=True
    )
    assert r.returncode == 1 and "is an id stored as a number in Excel" in r.stderr, r.stderr
    (tmp_path / "f.csv").write_text(head + body + f'="{code(2)}",行政处罚,2022-01-01,\n', "utf-8")
    r = jncli("cat", "--as", "records", "f.csv", "--lang", "en", cwd=tmp_path, text=True)
    assert r.returncode == 0, r.stderr
    assert code(2) in r.stdout and '="' not in r.stdout and "read as the id inside" in r.stderr, (r.stdout, r.stderr)


def test_the_byte_test_proves_no_marks_only_without_those_bytes(tmp_path):
    """`Table.id_marks` is False (the row-by-row look skipped) for a clean file read on the bytes' path, True as
    soon as one `+`, `=` or `'` is below the header (in any column: the look is per file)."""
    from jncli import tableio

    head = "credit_code,kind,recorded_on,repaired_on\n"
    clean = f"{code(1)},行政处罚,2022-01-01,\n{code(2)},行政处罚,2022-01-01,2022-05-01\n"
    for extra, marks in (("", False), ("1+1", True), ("a=b", True), ("it's", True)):
        f = tmp_path / "r.csv"
        f.write_text(head + clean + f"{code(3)},{extra or '经营异常'},2022-01-01,\n", "utf-8")
        (table,) = tableio.read_tables([str(f)])
        assert table.id_marks is marks, extra
