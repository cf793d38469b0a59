"""Benchmark: `award-enterprises` (measures 2, 3, 6) against a plain polars query computing the same tiers.

200,000 generated enterprises with a 2023 row (and a 2022 row for 30% of them), county aliases,
titles, a few invalid or lower-case codes and out-of-city rows. The baseline is the shortest
hand-written polars that reaches the same money: normalise and check the codes, canonical counties,
the tier / title / park amounts, 就高 per entity-year and the top-up over 2022. The rule also writes a
row per rule considered with its status and a basis sentence, and names every failing condition.

Two measurements (issue 4: within 1.5× of the baseline; issue 18: within 1.1× end to end):
1. in process, on the conformed frame (what the rule receives): `award_enterprises` vs the query;
2. end to end, from a 200,000-row CSV to an output CSV, each in its own fresh process (interpreter and
   imports included): `jncli award-enterprises big.csv -o out.csv` vs `python -c` reading the CSV with
   polars, running the query and writing the result. The script imports no jncli module: the policy's
   numbers, county names and the code alphabet are written into it, as a one-off script would have them.
   `jncli --version` shows the bare startup. The baseline does not do what jncli's reader does (encoding
   detection, header aliases and units, the row-width check, note/total rows, cell-by-cell value checks
   naming row and column, the implausible-money warning) nor the rule's other rows (superseded and
   ineligible rules, each with its status and basis sentence, the ledger columns).

The script's check character reads the code with one `replace_strict` per character, the idiom a one-off
script would use. jncli now looks the code's bytes up in a table (`credit_code.valid_expr`); written that way
the script takes ~0.70 s CPU instead of ~0.86 s (2026-12-05). It does the same work either way, so the
script keeps the plain idiom; docs/performance.md ("Branch joinsfast") gives the ratio against both.

Rounds are interleaved (each case once per round, so a busy machine slows them alike) and the best of
`--repeat` is kept; CPU time (user + system of all threads; for fresh processes from `wait4`) is the
figure to compare on a shared machine, wall time is shown too. jncli's modules are byte-compiled first,
as `pip install` does for a wheel (polars' already are).

    .venv/bin/python benchmarks/bench_award_enterprises.py [--enterprises 200000] [--repeat 5]

Prints one line per timing and the ratios; exits 1 when the two disagree on any award.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import polars as pl

from jncli import credit_code
from jncli.policy import load_policy
from jncli.rules.enterprises import award_enterprises
from jncli.values import MONEY_DTYPE

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[1]
TITLES = ["国家电子商务示范企业", "数字商务企业", "国家电子商务示范基地", "省级电子商务示范企业"]


def generate(n: int, seed: int = 4) -> pl.DataFrame:
    """A conformed "enterprises" frame: n entities in 2023, 30% of them also in 2022."""
    rng = random.Random(seed)
    policy = load_policy()
    counties = [a for c in policy.counties for a in (c.name, *c.aliases)] + ["菏泽市"]
    codes = []
    for i in range(n):
        c = credit_code.make(f"91370800MA{i:07d}")
        if i % 97 == 0:
            c = c.lower()
        elif i % 211 == 0:
            c = c[:-1] + ("0" if c[-1] != "0" else "1")  # wrong check character
        codes.append(c)
    rows = [(c, 2023) for c in codes] + [(c, 2022) for c in codes if rng.random() < 0.3]
    m = len(rows)

    def money() -> Decimal:
        return Decimal(int(rng.lognormvariate(7.3, 1.6) * 100)) / 100

    return pl.DataFrame(
        {
            "credit_code": [r[0] for r in rows],
            "name": [f"合成企业{i}" for i in range(m)],
            "county": [rng.choice(counties) for _ in range(m)],
            "year": pl.Series([r[1] for r in rows], dtype=pl.Int64),
            "in_statistics": [rng.random() < 0.9 for _ in range(m)],
            "is_trade": [rng.random() < 0.85 for _ in range(m)],
            "online_retail": pl.Series([money() if rng.random() < 0.97 else None for _ in range(m)], dtype=MONEY_DTYPE),
            "national_title": [rng.choice(TITLES) if rng.random() < 0.02 else None for _ in range(m)],
            "_source": pl.Series(["enterprises.csv"] * m, dtype=pl.String),
            "_row": pl.Series(range(2, m + 2), dtype=pl.Int64),
        }
    )


def county_names() -> list[str]:
    policy = load_policy()
    return [a for c in policy.counties for a in (c.name, *c.aliases)]


def baseline(
    frame: pl.DataFrame | pl.LazyFrame,
    year: int = 2023,
    *,
    county_names: list[str] | None = None,
    charset: str | None = None,
) -> pl.DataFrame:
    """Plain polars: one row per entity of `year` with its m2/m6 group amount, what it received, the award.

    Numbers spelled out, as a one-off script would; the point is the cost of the computation, not the
    policy plumbing. (Self-contained: its source goes into the end-to-end script.)"""
    county_names = county_names if county_names is not None else globals()["county_names"]()
    values = {ch: i for i, ch in enumerate(charset or credit_code.CHARSET)}
    code = pl.col("code")
    digit = [code.str.slice(i, 1).replace_strict(values, default=0, return_dtype=pl.Int64) for i in range(18)]
    total = pl.sum_horizontal([d * pow(3, i, 31) for i, d in enumerate(digit[:17])])
    valid = code.str.contains("^[0-9A-HJ-NP-RTUWXY]{18}$") & (digit[17] == (31 - total % 31) % 31)
    r = pl.col("online_retail")
    # computed once, as a column: written into each award expression, polars evaluated the 18-character check
    # three times over (the baseline took ~1.6x as long)
    ok = pl.col("ok")
    trade = ok & pl.col("in_statistics") & pl.col("is_trade")
    tier = (
        pl.when(trade & (pl.col("year") == 2022) & (r >= 1000))
        .then(5)
        .when(trade & (pl.col("year") == 2023) & (r >= 20000))
        .then(30)
        .when(trade & (pl.col("year") == 2023) & (r >= 10000))
        .then(20)
        .when(trade & (pl.col("year") == 2023) & (r >= 5000))
        .then(10)
        .otherwise(0)
    )
    title = pl.when(ok & pl.col("national_title").is_in(["国家电子商务示范企业", "数字商务企业"])).then(50).otherwise(0)
    base = pl.when(ok & (pl.col("national_title") == "国家电子商务示范基地")).then(50).otherwise(0)
    return (
        frame.lazy()
        .filter(pl.col("year") <= year)
        .with_columns(code=pl.col("credit_code").str.replace_all(r"\s", "").str.to_uppercase())
        .with_columns(ok=valid & pl.col("county").is_in(county_names))
        .with_columns(new=pl.max_horizontal(tier, title, base))
        .sort("code", "year")
        .with_columns(received=pl.col("new").cum_max().shift(1, fill_value=0).over("code"))
        .filter(pl.col("year") == year)
        .select(
            "code",
            "year",
            "county",
            "online_retail",
            "new",
            "received",
            award=pl.max_horizontal(pl.col("new") - pl.col("received"), pl.lit(0)),
        )
        .collect()
    )


BASELINE_SCRIPT = """
import sys, polars as pl
{source}
lf = pl.scan_csv(sys.argv[1], schema_overrides={{"credit_code": pl.String, "year": pl.Int64,
                 "online_retail": pl.Decimal(38, 6), "national_title": pl.String}})
lf = lf.with_columns(in_statistics=pl.col("in_statistics") == "是", is_trade=pl.col("is_trade") == "是")
baseline(lf, county_names={counties!r}, charset={charset!r}).write_csv(sys.argv[2])
"""


def baseline_script() -> str:
    """The end-to-end baseline: `baseline`'s own source with the policy's names written in, no jncli import."""
    import inspect

    return BASELINE_SCRIPT.format(
        source=inspect.getsource(baseline), counties=county_names(), charset=credit_code.CHARSET
    )


def best_of(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def interleaved(fns, repeat: int) -> tuple[list[float], list[float], list[object]]:
    """Best wall and CPU time of each in-process function, run in turns."""
    wall, cpu, results = [float("inf")] * len(fns), [float("inf")] * len(fns), [None] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            w, c = time.perf_counter(), time.process_time()
            results[i] = fn()
            wall[i] = min(wall[i], time.perf_counter() - w)
            cpu[i] = min(cpu[i], time.process_time() - c)
    return wall, cpu, results


def run(cmd: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one fresh process; CPU = user + system of all its threads, from wait4."""
    t = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=dict(os.environ, JNCLI_POLICY=""),
    )
    err = proc.stderr.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {err}")
    return wall, usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--enterprises", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    policy = load_policy()
    frame = generate(args.enterprises)

    # 1. in process, conformed frame in memory
    names = county_names()
    (t_base, t_rule), (c_base, c_rule), (base, result) = interleaved(
        [lambda: baseline(frame, county_names=names), lambda: award_enterprises(frame, policy)], args.repeat
    )
    ours = (
        result.table.filter(pl.col("status") == "awarded", pl.col("rule").is_in(list(policy.enterprise_group)))
        .select(code="beneficiary", year="year", award=pl.col("award").cast(pl.Int64))
        .sort("code")
    )
    theirs = base.filter(pl.col("award") > 0).select("code", "year", pl.col("award").cast(pl.Int64)).sort("code")
    print(
        f"award-enterprises: {args.enterprises} enterprises, {frame.height} rows; {ours.height} m2/m6 awards "
        f"in 2023, {result.table.height} output rows"
    )
    print(f"{'':40s}{'wall ms':>10s}{'CPU ms':>10s}   (best of {args.repeat}, interleaved)")
    print(f"{'in process  plain polars query':40s}{t_base * 1000:10.1f}{c_base * 1000:10.1f}")
    print(f"{'in process  jncli award_enterprises':40s}{t_rule * 1000:10.1f}{c_rule * 1000:10.1f}")
    print(f"{'in process  ratio':40s}{t_rule / t_base:9.2f}x{c_rule / c_base:9.2f}x")

    # 2. end to end, CSV in, CSV out, separate processes
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "jncli")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "enterprises.csv"
        (
            frame.drop("_source", "_row")
            .with_columns(
                pl.col("in_statistics", "is_trade").replace_strict({True: "是", False: "否"}, return_dtype=pl.String)
            )
            .write_csv(src)
        )
        cases = {
            "end to end  jncli --version (startup)": [str(BIN / "jncli"), "--version"],
            "end to end  python + polars script": [sys.executable, "-c", baseline_script(), str(src), f"{tmp}/p.csv"],
            "end to end  jncli award-enterprises": [
                str(BIN / "jncli"),
                "award-enterprises",
                str(src),
                "-o",
                f"{tmp}/out.csv",
            ],
        }
        wall = dict.fromkeys(cases, float("inf"))
        cpu = dict.fromkeys(cases, float("inf"))
        for _ in range(args.repeat):
            for name, cmd in cases.items():
                w, c = run(cmd)
                wall[name], cpu[name] = min(wall[name], w), min(cpu[name], c)
        e2e = pl.read_csv(f"{tmp}/out.csv", infer_schema=False)
        plain = pl.read_csv(f"{tmp}/p.csv", infer_schema=False)
    for name in cases:
        print(f"{name:40s}{wall[name] * 1000:10.1f}{cpu[name] * 1000:10.1f}")
    _, base_name, cli_name = cases
    print(
        f"{'end to end  ratio':40s}{wall[cli_name] / wall[base_name]:9.2f}x"
        f"{cpu[cli_name] / cpu[base_name]:9.2f}x   (goal ≤ 1.1x)"
    )
    mine = set(
        e2e.filter(pl.col("status") == "awarded", pl.col("rule").is_in(list(policy.enterprise_group)))
        .select("beneficiary", pl.col("award").cast(pl.Decimal(38, 6)).cast(pl.Int64))
        .iter_rows()
    )
    their = set(
        plain.filter(pl.col("award").cast(pl.Int64) > 0).select("code", pl.col("award").cast(pl.Int64)).iter_rows()
    )
    if mine != their:
        print(f"MISMATCH end to end: {len(mine ^ their)} awards differ", file=sys.stderr)
        return 1
    if not ours.equals(theirs):
        diff = ours.join(theirs, on=["code", "year"], how="full", coalesce=True).filter(
            pl.col("award").ne_missing(pl.col("award_right"))
        )
        print(f"MISMATCH: {diff.height} awards differ, e.g. {diff.head(3).to_dicts()}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
