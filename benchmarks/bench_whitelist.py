"""Benchmark: `whitelist` (measure 7) against a plain polars anti-join doing the same check.

Tens of thousands of candidates and a million violation / credit records. The baseline is the shortest
hand-written polars that reaches the same decisions: normalise the codes, check them (GB 32100-2015),
map categories and counties, compare with the minimums, anti-join with the records inside the window and
not repaired (include / exclude), then anti-join the included with all records (recommend_province).
The rule also builds every reason, the blocking records, the basis sentences, the ledger columns and the
count of records of non-candidates, and refuses duplicate codes and empty categories or dates.

Two measurements (issue 18: within 1.3× of the baseline's CPU time, both):
1. in process, on the conformed frames (what the rule receives): `vet_whitelist` vs the query;
2. end to end, from two CSV files (candidates.csv, records.csv) to an output CSV, each in its own fresh
   process (interpreter and imports included): `jncli whitelist candidates.csv --records records.csv
   --as-of … -o out.csv` vs `python -c` with the baseline spelled out (no jncli import: the policy's
   numbers and names written into the script, as a one-off script would) reading both files with polars
   (typed: Decimal revenue, dates), refusing a duplicate candidate code or an undated record as jncli does,
   running the same checks and anti-joins and writing one row per candidate (its columns, the normalised
   code, decision, recommend_province). The baseline does not do
   what jncli's reader does (encoding detection, header aliases and units, the row-width check, the
   note/total rows, cell-by-cell value checks with row-and-column errors) nor the rule's reasons, blocking
   records, basis sentences and ledger columns.

Both wall and CPU time are shown; on a shared machine the CPU ratio (user + system of all threads; for
fresh processes from `wait4`) is the steadier one. Rounds are interleaved so that a busy machine slows
both alike; the best of `--repeat` is kept.

    .venv/bin/python benchmarks/bench_whitelist.py [--candidates 50000] [--records 1000000] [--repeat 5]

Prints the timings and the ratios; exits 1 when the two disagree on any decision or recommendation
(in process, and end to end on the output files).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import polars as pl

from jncli import credit_code
from jncli.policy import load_policy
from jncli.rules.whitelist import vet_whitelist, window_start
from jncli.values import MONEY_DTYPE

AS_OF = dt.date(2023, 6, 30)
ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
JNCLI = str(Path(PY).parent / "jncli")
REVENUE = "营业收入(万元)"  # the header names its unit, as the bureau's files do


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


# The same checks as `baseline`, from the files to an output file, with the policy's numbers written in.
BASELINE_SCRIPT = """
import datetime as dt, sys
import polars as pl
as_of, start = dt.date.fromisoformat({as_of!r}), dt.date.fromisoformat({start!r})
cats, counties = {cats!r}, {counties!r}
mins = pl.LazyFrame({{"cat": {min_cat!r}, "min_rev": pl.Series({min_rev!r}).str.to_decimal(scale=6),
                     "min_emp": {min_emp!r}, "min_yrs": {min_yrs!r}}})
values = {values!r}
code = pl.col("code")
digit = [code.str.slice(i, 1).replace_strict(values, default=0, return_dtype=pl.Int64) for i in range(18)]
total = pl.sum_horizontal([d * w for d, w in zip(digit[:17], {weights!r})])
valid = code.str.contains({pattern!r}) & (digit[17] == (31 - total % 31) % 31)
norm = pl.col("credit_code").str.replace_all(r"\\s", "").str.to_uppercase()
cand = pl.read_csv(sys.argv[1], schema_overrides={{"credit_code": pl.String, {revenue!r}: pl.Decimal(38, 6),
                   "employees": pl.Int64, "years_operating": pl.Float64}}).rename({{{revenue!r}: "revenue"}})
records = pl.read_csv(sys.argv[2], schema_overrides={{"credit_code": pl.String, "recorded_on": pl.Date,
                      "repaired_on": pl.Date}})
cand = cand.with_columns(code=norm)
# checks that decide the money: one row per entity, every record dated (else the window would skip it)
if cand["code"].drop_nulls().is_duplicated().any() or records["recorded_on"].null_count():
    sys.exit("duplicate candidate code or undated record")
cand, records = cand.lazy(), records.lazy()
bad = records.filter(pl.col("recorded_on").is_between(start, as_of),
                     pl.col("repaired_on").is_null() | (pl.col("repaired_on") > as_of)).select(code=norm)
included = (
    cand.with_columns(cat=pl.col("category").replace_strict(cats, default=None),
                      ok_county=pl.col("county").is_in(counties))
    .join(mins, on="cat")
    .filter(valid, pl.col("ok_county"), pl.col("revenue") >= pl.col("min_rev"),
            pl.col("employees") >= pl.col("min_emp"), pl.col("years_operating") >= pl.col("min_yrs"))
    .join(bad, on="code", how="anti")
    .select("code")
)
recommended = included.join(records.select(code=norm), on="code", how="anti")
out = (
    cand.join(included.with_columns(inc=pl.lit(True)), on="code", how="left")
    .join(recommended.with_columns(rec=pl.lit(True)), on="code", how="left")
    .with_columns(decision=pl.when(pl.col("inc")).then(pl.lit("include")).otherwise(pl.lit("exclude")),
                  recommend_province=pl.col("rec").fill_null(False))
    .drop("inc", "rec")
)
out.collect().write_csv(sys.argv[3])
"""


def baseline_script(policy, as_of: dt.date) -> str:
    """`BASELINE_SCRIPT` with the policy's numbers and names written in."""
    cats = policy.m7_categories
    return BASELINE_SCRIPT.format(
        as_of=as_of.isoformat(),
        start=window_start(as_of, policy.m7_lookback_years).isoformat(),
        cats={n: c.key for c in cats for n in (c.key, c.zh, *c.aliases)},
        counties=[n for c in policy.counties for n in (c.name, *c.aliases)],
        min_cat=[c.key for c in cats],
        min_rev=[str(c.revenue) for c in cats],
        min_emp=[c.employees for c in cats],
        min_yrs=[float(c.years_operating) for c in cats],
        values={ch: i for i, ch in enumerate(credit_code.CHARSET)},
        weights=[pow(3, i, 31) for i in range(17)],
        pattern="^[" + re.escape(credit_code.CHARSET) + "]{18}$",
        revenue=REVENUE,
    )


def run(cmd: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one fresh process; CPU = user + system of all its threads, from wait4."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    err = proc.stderr.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime


def end_to_end(candidates: pl.DataFrame, records: pl.DataFrame, policy, repeat: int, keep: str | None) -> int:
    """The command against the script, fresh processes in interleaved rounds; 1 when their decisions differ."""
    # jncli's modules byte-compiled, as `pip install` does for a wheel (polars' already are).
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "jncli")], check=True)
    tmp = keep or tempfile.mkdtemp(prefix="jncli-bench-whitelist-")
    os.makedirs(tmp, exist_ok=True)
    cand_csv, rec_csv = os.path.join(tmp, "candidates.csv"), os.path.join(tmp, "records.csv")
    candidates.drop("_source", "_row").rename({"revenue": REVENUE}).write_csv(cand_csv)
    records.drop("_source", "_row").write_csv(rec_csv)
    ours_csv, theirs_csv = os.path.join(tmp, "jncli.csv"), os.path.join(tmp, "polars.csv")
    cases = {
        "python + polars script": [PY, "-c", baseline_script(policy, AS_OF), cand_csv, rec_csv, theirs_csv],
        "jncli whitelist": [JNCLI, "whitelist", cand_csv, "--records", rec_csv, "--as-of", str(AS_OF), "-o", ours_csv],
    }
    wall = dict.fromkeys(cases, float("inf"))
    cpu = dict.fromkeys(cases, float("inf"))
    for _ in range(repeat):
        for name, cmd in cases.items():
            w, c = run(cmd)
            wall[name], cpu[name] = min(wall[name], w), min(cpu[name], c)
    print(f"{'end to end':24s}{'wall ms':>10s}{'CPU ms':>10s}   (best of {repeat} fresh processes, interleaved)")
    for name in cases:
        print(f"{name:24s}{wall[name] * 1000:10.1f}{cpu[name] * 1000:10.1f}")
    base, ours = cases
    print(f"{'ratio':24s}{wall[ours] / wall[base]:9.2f}x{cpu[ours] / cpu[base]:9.2f}x   (goal ≤ 1.3x)")
    jn = pl.read_csv(ours_csv, infer_schema=False)
    pp = pl.read_csv(theirs_csv, infer_schema=False)
    mine = (
        set(jn.filter(pl.col("decision") == "include")["beneficiary"]),
        set(jn.filter(pl.col("recommend_province") == "true")["beneficiary"]),
    )
    theirs = (
        set(pp.filter(pl.col("decision") == "include")["code"]),
        set(pp.filter(pl.col("recommend_province") == "true")["code"]),
    )
    if mine != theirs or jn.height != pp.height:
        print(
            f"MISMATCH end to end: {jn.height} vs {pp.height} rows, {len(mine[0] ^ theirs[0])} decisions and "
            f"{len(mine[1] ^ theirs[1])} recommendations differ",
            file=sys.stderr,
        )
        return 1
    return 0


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
    ap.add_argument("--skip-in-process", action="store_true", help="only the end-to-end measurement")
    ap.add_argument("--keep", metavar="DIR", help="write the files into DIR and keep them")
    args = ap.parse_args(argv)
    policy = load_policy()
    candidates, records = generate(args.candidates, args.records)
    failed = 0 if args.skip_in_process else in_process(candidates, records, policy, args)
    return end_to_end(candidates, records, policy, args.repeat, args.keep) or failed


def in_process(candidates: pl.DataFrame, records: pl.DataFrame, policy, args) -> int:
    """The rule against `baseline` on the conformed frames, in this process; 1 when they disagree."""
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
    print(f"{'in process':24s}{'wall ms':>10s}{'CPU ms':>10s}   (best of {args.repeat}, interleaved)")
    print(f"{'plain polars anti-join':24s}{t_base * 1000:10.1f}{c_base * 1000:10.1f}")
    print(f"{'jncli vet_whitelist':24s}{t_rule * 1000:10.1f}{c_rule * 1000:10.1f}")
    print(f"{'ratio':24s}{t_rule / t_base:9.2f}x{c_rule / c_base:9.2f}x   (goal ≤ 1.3x)")
    if ours != theirs:
        print(
            f"MISMATCH: {len(ours[0] ^ theirs[0])} decisions and {len(ours[1] ^ theirs[1])} recommendations differ",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
