"""`jncli track-shops` on a national-scale shop registry against hand-written polars and DuckDB queries.

    .venv/bin/python benchmarks/bench_track_shops.py [--shops 10000000] [--repeat 3] [--formats parquet,csv]

The registry comes from `jncli samples --shops N --shops-format F` (cached in benchmarks/data/).
Every case is a fresh process, byte-compiled as installed (`COMPILED`), timed from outside (wall clock,
interpreter start and imports included, as a user sees it) with its peak resident memory from `wait4`.
Rounds are interleaved so that a busy machine slows every case alike; the table shows the median of
the rounds and the highest peak.

Inputs: `parquet-typed` (the registry already conformed: the reader stays lazy), `parquet-dtfloat`
(the same as another tool writes it: Datetime dates, Float64 money), `parquet` (as
`jncli samples` writes it, with 是/否 text and 2-decimal money, which the reader converts) and `csv`.

Cases, all computing the per-county numbers of RULES.md §4 for 2023 (new_shops, closed_shops,
active_end, migrated_in from outside the city, migrated_retail of the 纳统 ones):
- jncli: `jncli track-shops FILE --year 2023 -o out.csv` — reading and type checks (the reader's
  `conform`), row checks, the key check, counts, commendations, ledger, CSV output;
- polars: the same numbers as one hand-written lazy group-by (no checks at all);
- polars + key check: that query plus the one check RULES.md §4 cannot do without
  ((platform, shop_id) must be unique: `n_unique` of the key);
- duckdb, duckdb + key check: the same in DuckDB SQL;
- track_shops() on the scan (parquet-typed only): the rule alone on `pl.scan_parquet`, bypassing the
  reader — what the rule itself costs in time and memory.
The numbers of every baseline are compared with jncli's output; a mismatch aborts the benchmark.
Prints a Markdown table; docs/performance.md records a run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
OUT = ROOT / "benchmarks" / "out"
PY = sys.executable
YEAR = 2023


def registry(shops: int, fmt: str) -> Path:
    """csv / parquet: as `jncli samples` writes them (是/否 text, 万元 with 2 decimals); parquet-typed:
    that registry after `jncli cat --as shops` (Boolean, Decimal(38,6), Date): nothing left to convert."""
    if fmt == "parquet-dtfloat":  # another tool's export: Datetime dates, Float64 money, Boolean 纳统
        path = DATA / f"track_shops_{shops}_dtfloat.parquet"
        if not path.exists():
            import polars as pl

            dates = [pl.col(c).cast(pl.Datetime("us")) for c in ("opened_on", "migrated_in_on", "closed_on")]
            pl.scan_parquet(registry(shops, "parquet-typed")).with_columns(
                *dates, pl.col("online_retail").cast(pl.Float64)
            ).sink_parquet(path)
        return path
    if fmt == "parquet-typed":
        path = DATA / f"track_shops_{shops}_typed.parquet"
        if not path.exists():
            source = registry(shops, "parquet")
            print(f"converting {source} to {path} …", file=sys.stderr)
            subprocess.run(
                [PY, "-m", "jncli", "cat", "--as", "shops", str(source), "-o", str(path)],
                check=True,
                cwd=ROOT,
                stderr=subprocess.DEVNULL,
            )
        return path
    folder = DATA / f"track_shops_{shops}_{fmt}"
    path = folder / f"shops.{fmt}"
    if not path.exists():
        print(f"generating {path} …", file=sys.stderr)
        subprocess.run(
            [PY, "-m", "jncli", "samples", "--shops", str(shops), "--shops-format", fmt, "-o", str(folder)],
            check=True,
            cwd=ROOT,
            stderr=subprocess.DEVNULL,
        )
    return path


def inside_names() -> list[str]:
    """The names a hand-written query would list as 'inside the city' (counties, aliases, the city)."""
    from jncli.policy import load_policy

    pol = load_policy()
    names = {pol.city_name, *pol.city_aliases}
    for c in pol.counties:
        names |= {c.name, *c.aliases}
    return sorted(names)


POLARS = """
import datetime as dt, sys, polars as pl
path, out, fmt, check = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
inside = {inside!r}
y0, y1 = dt.date({year}, 1, 1), dt.date({year}, 12, 31)
if fmt.startswith("parquet"):
    lf = pl.scan_parquet(path)
    if fmt == "parquet-dtfloat":
        lf = lf.with_columns(pl.col("opened_on", "closed_on", "migrated_in_on").dt.date())
else:
    lf = pl.scan_csv(path, schema_overrides={{"shop_id": pl.String, "opened_on": pl.Date, "closed_on": pl.Date,
                     "migrated_in_on": pl.Date, "online_retail": pl.Decimal(38, 6), "in_statistics": pl.String}})
o, c, m = pl.col("opened_on"), pl.col("closed_on"), pl.col("migrated_in_on")
moved = m.is_between(y0, y1) & ~pl.col("origin_city").fill_null("").is_in(inside)
counts = lf.group_by("county").agg(
    o.is_between(y0, y1).sum().alias("new_shops"), c.is_between(y0, y1).sum().alias("closed_shops"),
    ((o <= y1) & (c.is_null() | (c > y1))).sum().alias("active_end"), moved.sum().alias("migrated_in"),
    pl.col("online_retail")
    .filter(moved & (pl.col("in_statistics") if fmt.startswith("parquet-") else pl.col("in_statistics") == "是"))
    .sum().alias("migrated_retail"))
if check:
    keys = lf.select(pl.struct("platform", "shop_id").n_unique().alias("keys"), pl.len().alias("rows")).collect()
    assert keys["keys"][0] == keys["rows"][0], "duplicate keys"
counts.collect().write_csv(out)
"""

DUCKDB = """
import sys, duckdb
path, out, fmt, check = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
inside = ", ".join("'" + n.replace("'", "''") + "'" for n in {inside!r})
stat = "in_statistics" if fmt.startswith("parquet-") else "in_statistics = '是'"
src = (f"read_parquet('{{path}}')" if fmt.startswith("parquet") else
       f"read_csv('{{path}}', header=true, types={{{{'shop_id': 'VARCHAR', 'opened_on': 'DATE', 'closed_on': 'DATE', "
       f"'migrated_in_on': 'DATE', 'online_retail': 'DECIMAL(38,6)', 'in_statistics': 'VARCHAR'}}}})")
y = "BETWEEN DATE '{year}-01-01' AND DATE '{year}-12-31'"
if fmt == "parquet-dtfloat":
    src = (f"(SELECT * REPLACE (opened_on::DATE AS opened_on, closed_on::DATE AS closed_on, "
           f"migrated_in_on::DATE AS migrated_in_on) FROM {{src}})")
moved = f"migrated_in_on {{y}} AND coalesce(origin_city, '') NOT IN ({{inside}})"
con = duckdb.connect()
if check:
    rows, keys = con.sql(f"SELECT count(*), count(DISTINCT (platform, shop_id)) FROM {{src}}").fetchall()[0]
    assert rows == keys, "duplicate keys"
con.sql(f\"\"\"COPY (SELECT county,
    count(*) FILTER (WHERE opened_on {{y}}) AS new_shops,
    count(*) FILTER (WHERE closed_on {{y}}) AS closed_shops,
    count(*) FILTER (WHERE opened_on <= DATE '{year}-12-31'
                       AND (closed_on IS NULL OR closed_on > DATE '{year}-12-31')) AS active_end,
    count(*) FILTER (WHERE {{moved}}) AS migrated_in,
    coalesce(sum(online_retail) FILTER (WHERE {{moved}} AND {{stat}}), 0) AS migrated_retail
  FROM {{src}} GROUP BY county) TO '{{out}}' (HEADER)\"\"\")
"""


RULE_ONLY = """
import sys, polars as pl
from jncli.policy import load_policy
from jncli.rules.shops import track_shops
lf = (pl.scan_parquet(sys.argv[1]).with_row_index("_row", offset=1)
      .with_columns(pl.col("_row").cast(pl.Int64), _source=pl.lit("x")))
track_shops(lf, load_policy(), year={year}).table.write_csv(sys.argv[2])
"""


def run(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system, all threads) of one process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=COMPILED)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    err = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


# Every case runs byte-compiled, as an installed wheel does (`pip install` compiles, as it did polars and
# DuckDB): the development sandbox sets PYTHONDONTWRITEBYTECODE, under which an editable jncli compiled its
# ~90 modules from source on every start (~0.06 s). The bytecode goes to a cache of the benchmark's own
# (PYTHONPYCACHEPREFIX), so that timing another tree (`--before`) writes nothing into it; `warm` fills it.
COMPILED = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {
    "PYTHONPYCACHEPREFIX": str(OUT / "pycache")
}


def warm(jnclis: list[list[str]]) -> None:
    """Run each jncli once on the shipped samples, so that its modules are compiled before the rounds."""
    for cmd in jnclis:
        run([*cmd, "track-shops", str(ROOT / "samples" / "shops.csv"), "-o", str(OUT / "warm.csv")])


def phases(path: Path) -> dict[str, float]:
    """jncli in one process, split into reading (read + conform) and the rule (its own phases)."""
    code = f"""
import json, sys, time
import polars as pl
from jncli import tableio
from jncli.options import InputOptions
from jncli.policy import load_policy
from jncli.rules.shops import SELF_NORMALISED, track_shops
t0 = time.perf_counter()
tables = tableio.read_tables([{str(path)!r}], InputOptions(), deferred=True)  # as the command reads them
lf = tableio.conform_all(tables, "shops", InputOptions(), lazy=True, raw_text=SELF_NORMALISED)
t1 = time.perf_counter()
marks, last = {{}}, [time.perf_counter(), None]
def progress(msg):
    now = time.perf_counter()
    if last[1]: marks[last[1]] = now - last[0]
    last[:] = [now, msg.split(" for ")[0]]
track_shops(lf, load_policy(), year={YEAR}, progress=progress)
t2 = time.perf_counter()
marks[last[1]] = t2 - last[0]
print(json.dumps({{"read + conform": t1 - t0, "rule": t2 - t1, **marks}}))
"""
    out = subprocess.run([PY, "-c", code], cwd=ROOT, capture_output=True, check=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def check_same_numbers(jncli_csv: Path, baseline_csv: Path, name: str, fmt: str) -> None:
    import polars as pl

    from jncli.policy import load_policy

    pol = load_policy()
    ours = (
        pl.read_csv(jncli_csv, infer_schema=False)
        .filter(pl.col("rule") == "m4.newshops")
        .select("county", "new_shops", "closed_shops", "active_end", "migrated_in", "migrated_retail")
    )
    theirs = pl.read_csv(baseline_csv, infer_schema=False)
    mismatches = []
    units = {c.name for c in pol.counties}
    for r in ours.iter_rows(named=True):
        if r["county"] not in units:
            continue
        t = theirs.filter(pl.col("county") == r["county"]).row(0, named=True)
        for k in ("new_shops", "closed_shops", "active_end", "migrated_in", "migrated_retail"):
            a, b = float(r[k]), float(t[k] or 0)  # Float64 money (parquet-dtfloat): the baselines sum floats
            if abs(a - b) > (1e-6 * max(1.0, abs(a)) if fmt == "parquet-dtfloat" else 0):
                mismatches.append(f"{r['county']} {k}: jncli {r[k]} vs {name} {t[k]}")
    if mismatches:
        raise SystemExit(f"numbers differ from {name}: " + "; ".join(mismatches[:5]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shops", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--before", help="another jncli executable (e.g. main's) timed in the same rounds")
    ap.add_argument("--no-split", action="store_true", help="skip the in-process split of jncli's time")
    ap.add_argument("--formats", default="parquet-typed,parquet-dtfloat,parquet,csv")
    args = ap.parse_args()
    import duckdb
    import polars as pl

    OUT.mkdir(parents=True, exist_ok=True)
    inside = inside_names()
    polars_code = POLARS.format(inside=inside, year=YEAR)
    duckdb_code = DUCKDB.format(inside=inside, year=YEAR)
    warm([[PY, "-m", "jncli"], *([[args.before]] if args.before else [])])
    print(
        f"{args.shops:,} shops; median of {args.repeat} interleaved rounds of a fresh process (start-up and "
        f"imports included, byte-compiled): CPU = user + system of all threads, wall clock; peak RSS = the "
        f"highest of the rounds; the ratios are of CPU time\n"
    )
    print(
        "| input | case | CPU (s) | wall (s) | peak RSS (MB) | vs polars | vs polars + key check "
        "| vs duckdb + key check |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for fmt in args.formats.split(","):
        path = registry(args.shops, fmt)
        cases = {
            "jncli track-shops": [
                PY,
                "-m",
                "jncli",
                "track-shops",
                str(path),
                "--year",
                str(YEAR),
                "-o",
                str(OUT / "jncli.csv"),
            ],
            **(
                {"jncli before": [args.before, "track-shops", str(path), "--year", str(YEAR), "-o", str(OUT / "b.csv")]}
                if args.before
                else {}
            ),
            "polars": [PY, "-c", polars_code, str(path), str(OUT / "polars.csv"), fmt, "0"],
            "polars + key check": [PY, "-c", polars_code, str(path), str(OUT / "polars_k.csv"), fmt, "1"],
            "duckdb": [PY, "-c", duckdb_code, str(path), str(OUT / "duckdb.csv"), fmt, "0"],
            "duckdb + key check": [PY, "-c", duckdb_code, str(path), str(OUT / "duckdb_k.csv"), fmt, "1"],
        }
        if fmt == "parquet-typed":  # the rule on the lazy scan, without the reader's conform
            cases["track_shops() on the scan"] = [
                PY,
                "-c",
                RULE_ONLY.format(year=YEAR),
                str(path),
                str(OUT / "rule.csv"),
            ]
        results: dict[str, list[tuple[float, float, float]]] = {k: [] for k in cases}
        for _ in range(args.repeat):
            for name, cmd in cases.items():
                results[name].append(run(cmd))
        check_same_numbers(OUT / "jncli.csv", OUT / "polars.csv", "polars", fmt)
        check_same_numbers(OUT / "jncli.csv", OUT / "duckdb.csv", "duckdb", fmt)
        wall = {k: statistics.median(t for t, _, _ in v) for k, v in results.items()}
        peak = {k: max(m for _, m, _ in v) for k, v in results.items()}
        cpu = {k: statistics.median(c for _, _, c in v) for k, v in results.items()}
        for name in cases:
            ratios = [cpu[name] / cpu[b] for b in ("polars", "polars + key check", "duckdb + key check")]
            print(
                f"| {fmt} | {name} | {cpu[name]:.2f} | {wall[name]:.2f} | {peak[name]:.0f} | "
                + " | ".join(f"{r:.2f}×" for r in ratios)
                + " |"
            )
        if args.no_split:
            continue
        split = phases(path)
        print(
            f"| {fmt} | jncli, in-process split | "
            + ", ".join(f"{k} {v:.2f} s" for k, v in split.items())
            + " | | | | | |"
        )
    print(
        f"\nmachine: {os.cpu_count()} cores, python {sys.version.split()[0]}, polars {pl.__version__}, "
        f"duckdb {duckdb.__version__}"
    )


if __name__ == "__main__":
    main()
