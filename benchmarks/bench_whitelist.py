"""Benchmark: `whitelist` (measure 7) against a plain polars anti-join doing the same check.

Tens of thousands of candidates and a million violation / credit records, as the conformed frames the
rule receives (reading files is benchmarked separately for the reader). The baseline is the shortest
hand-written polars that reaches the same decisions: normalise the codes, check them (GB 32100-2015),
map categories and counties, compare with the minimums, anti-join with the records inside the window and
not repaired (include / exclude), then anti-join the included with all records (recommend_province).
The rule also builds every reason, the blocking records, the basis sentences, the ledger columns and the
count of records of non-candidates; the goal (issue 6) is to stay within 1.5× of the baseline.

Both wall and CPU time are shown: on a shared machine the CPU ratio is the steadier one
(POLARS_MAX_THREADS=1 steadies it further).

    .venv/bin/python benchmarks/bench_whitelist.py [--candidates 50000] [--records 1000000] [--repeat 5]

Prints the timings and the ratios; exits 1 when the two disagree on any decision or recommendation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import time
from decimal import Decimal

import polars as pl

from jncli import credit_code
from jncli.policy import load_policy
from jncli.rules.whitelist import vet_whitelist, window_start
from jncli.values import MONEY_DTYPE

AS_OF = dt.date(2023, 6, 30)


def generate(n_candidates: int, n_records: int, seed: int = 7) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Synthetic conformed frames: mixed Chinese/English categories, county aliases, some lower-case or
    spaced codes, a few invalid codes and out-of-Jining counties; records for candidates and for others."""
    rng = random.Random(seed)
    policy = load_policy()
    names = [n for c in policy.m7_categories for n in (c.key, c.zh, *c.aliases)]
    counties = [n for c in policy.counties for n in (c.name, *c.aliases)] + ["泰安市", "枣庄市"]
    codes = [credit_code.make(f"91370800MA{i:07d}") for i in range(n_candidates * 3)]
    cand_codes = codes[:n_candidates]
    shown = []
    for i, c in enumerate(cand_codes):
        if i % 97 == 0:
            c = c.lower()
        elif i % 101 == 0:
            c = f" {c[:6]} {c[6:]}"
        elif i % 211 == 0:
            c = c[:-1] + ("0" if c[-1] != "0" else "1")  # wrong check character
        shown.append(c)
    candidates = pl.DataFrame(
        {
            "credit_code": shown,
            "name": [f"合成企业{i}" for i in range(n_candidates)],
            "category": [rng.choice(names) for _ in range(n_candidates)],
            "county": [rng.choice(counties) for _ in range(n_candidates)],
            "revenue": pl.Series(
                [Decimal(rng.randrange(0, 300000)) / 100 for _ in range(n_candidates)], dtype=MONEY_DTYPE
            ),
            "employees": pl.Series([rng.randrange(0, 60) for _ in range(n_candidates)], dtype=pl.Int64),
            "years_operating": pl.Series([rng.randrange(0, 80) / 10 for _ in range(n_candidates)], dtype=pl.Float64),
            "_source": pl.Series(["candidates.csv"] * n_candidates, dtype=pl.String),
            "_row": pl.Series(range(2, n_candidates + 2), dtype=pl.Int64),
        }
    )
    day0 = dt.date(2015, 1, 1)
    span = (dt.date(2024, 12, 31) - day0).days
    rec_days = [rng.randrange(span) for _ in range(n_records)]
    records = pl.DataFrame(
        {
            "credit_code": [rng.choice(codes) for _ in range(n_records)],
            "kind": [rng.choice(("行政处罚", "失信被执行人", "经营异常")) for _ in range(n_records)],
            "recorded_on": pl.Series([day0 + dt.timedelta(d) for d in rec_days], dtype=pl.Date),
            "repaired_on": pl.Series(
                [day0 + dt.timedelta(d + rng.randrange(1, 900)) if rng.random() < 0.4 else None for d in rec_days],
                dtype=pl.Date,
            ),
            "_source": pl.Series(["records.csv"] * n_records, dtype=pl.String),
            "_row": pl.Series(range(2, n_records + 2), dtype=pl.Int64),
        }
    )
    return candidates, records


def baseline(
    candidates: pl.DataFrame, records: pl.DataFrame, policy, as_of: dt.date
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The plain polars check: which candidate codes are included, and which are recommended."""
    start = window_start(as_of, policy.m7_lookback_years)
    cats = {n: c.key for c in policy.m7_categories for n in (c.key, c.zh, *c.aliases)}
    counties = [n for c in policy.counties for n in (c.name, *c.aliases)]
    mins = pl.DataFrame(
        {
            "cat": [c.key for c in policy.m7_categories],
            "min_rev": pl.Series([c.revenue for c in policy.m7_categories], dtype=MONEY_DTYPE),
            "min_emp": [c.employees for c in policy.m7_categories],
            "min_yrs": [float(c.years_operating) for c in policy.m7_categories],
        }
    )
    values = {ch: i for i, ch in enumerate(credit_code.CHARSET)}
    code = pl.col("code")
    digit = [code.str.slice(i, 1).replace_strict(values, default=0, return_dtype=pl.Int64) for i in range(18)]
    total = pl.sum_horizontal([d * pow(3, i, 31) for i, d in enumerate(digit[:17])])
    valid = code.str.contains("^[" + re.escape(credit_code.CHARSET) + "]{18}$") & (digit[17] == (31 - total % 31) % 31)
    norm = pl.col("credit_code").str.replace_all(r"\s", "").str.to_uppercase()
    bad = (
        records.lazy()
        .filter(
            pl.col("recorded_on").is_between(start, as_of),
            pl.col("repaired_on").is_null() | (pl.col("repaired_on") > as_of),
        )
        .select(code=norm)
    )
    included = (
        candidates.lazy()
        .with_columns(
            code=norm,
            cat=pl.col("category").replace_strict(cats, default=None),
            ok_county=pl.col("county").is_in(counties),
        )
        .join(mins.lazy(), on="cat")
        .filter(
            valid,
            pl.col("ok_county"),
            pl.col("revenue") >= pl.col("min_rev"),
            pl.col("employees") >= pl.col("min_emp"),
            pl.col("years_operating") >= pl.col("min_yrs"),
        )
        .join(bad, on="code", how="anti")
        .select("code")
    )
    # recommend_province: included and no record at all, ever.
    recommended = included.join(records.lazy().select(code=norm), on="code", how="anti")
    return tuple(pl.collect_all([included, recommended]))


def interleaved(fns, repeat: int) -> tuple[list[float], list[float], list[object]]:
    """Best wall and CPU time of each function, run in turns (so a busy machine slows them alike)."""
    wall, cpu, results = [float("inf")] * len(fns), [float("inf")] * len(fns), [None] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            w, c = time.perf_counter(), time.process_time()
            results[i] = fn()
            wall[i] = min(wall[i], time.perf_counter() - w)
            cpu[i] = min(cpu[i], time.process_time() - c)
    return wall, cpu, results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--candidates", type=int, default=50_000)
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    policy = load_policy()
    candidates, records = generate(args.candidates, args.records)
    (t_base, t_rule), (c_base, c_rule), (base, result) = interleaved(
        [
            lambda: baseline(candidates, records, policy, AS_OF),
            lambda: vet_whitelist(candidates, records, policy, as_of=AS_OF),
        ],
        args.repeat,
    )
    table = result.table
    ours = (
        set(table.filter(pl.col("decision") == "include")["beneficiary"]),
        set(table.filter(pl.col("recommend_province"))["beneficiary"]),
    )
    theirs = (set(base[0]["code"]), set(base[1]["code"]))
    print(
        f"whitelist: {args.candidates} candidates, {args.records} records, as of {AS_OF}; "
        f"{len(ours[0])} included, {len(ours[1])} recommended to the province"
    )
    print(f"{'':24s}{'wall ms':>10s}{'CPU ms':>10s}   (best of {args.repeat}, interleaved)")
    print(f"{'plain polars anti-join':24s}{t_base * 1000:10.1f}{c_base * 1000:10.1f}")
    print(f"{'jncli vet_whitelist':24s}{t_rule * 1000:10.1f}{c_rule * 1000:10.1f}")
    print(f"{'ratio':24s}{t_rule / t_base:9.2f}x{c_rule / c_base:9.2f}x   (goal ≤ 1.5x)")
    if ours != theirs:
        print(
            f"MISMATCH: {len(ours[0] ^ theirs[0])} decisions and {len(ours[1] ^ theirs[1])} recommendations differ",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
