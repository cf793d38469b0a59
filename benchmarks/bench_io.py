"""Startup and read-throughput benchmark for the table I/O layer (ratios, not timed tests).

    .venv/bin/python benchmarks/bench_io.py [--rows 2000000]

1. Startup: `jncli --version` and `jncli cat --as counties samples/counties.csv` against
   `python -c "import polars"` and a bare polars import+read of the same sample.
2. Read throughput on a large generated shop registry (UTF-8 CSV and GB18030 CSV): jncli's reader
   (`read_table`, raw text; and `conform` to the shops schema) against a plain `polars.scan_csv`.
Prints a Markdown table; docs/performance.md records a run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
PY = sys.executable
JNCLI = [PY, "-m", "jncli"]


def best_of(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)


def make_registry(rows: int) -> tuple[Path, Path]:
    import polars as pl

    DATA.mkdir(parents=True, exist_ok=True)
    utf8 = DATA / f"shops_{rows}.csv"
    gb = DATA / f"shops_{rows}_gb18030.csv"
    if not utf8.exists():
        i = pl.int_range(0, rows, dtype=pl.Int64, eager=False)
        counties = [
            "任城区",
            "兖州区",
            "曲阜市",
            "邹城市",
            "微山县",
            "鱼台县",
            "金乡县",
            "嘉祥县",
            "汶上县",
            "泗水县",
            "梁山县",
        ]
        lf = (
            pl.LazyFrame()
            .select(i.alias("i"))
            .select(
                platform=pl.lit("淘宝"),
                opened_on=pl.date(2021, 1, 1) + pl.duration(days=(pl.col("i") * 7919) % 1095),
                online_retail=((pl.col("i") * 104729) % 100000) / 100,
                county=pl.lit(pl.Series(counties)).gather(pl.col("i") % len(counties)),
                shop_id=pl.format("S{}", pl.col("i")),
            )
        )
        lf.sink_csv(utf8)
    if not gb.exists():
        with open(utf8, encoding="utf-8") as src, open(gb, "w", encoding="gb18030") as dst:
            for chunk in iter(lambda: src.read(1 << 20), ""):
                dst.write(chunk)
    return utf8, gb


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=2_000_000)
    args = ap.parse_args()
    import polars as pl

    from jncli.tableio import conform, read_table

    rows = []
    sample = ROOT / "samples" / "counties.csv"
    base_import = best_of(lambda: run([PY, "-c", "import polars"]))
    base_read = best_of(lambda: run([PY, "-c", f"import polars; polars.read_csv({str(sample)!r})"]))
    version = best_of(lambda: run([*JNCLI, "--version"]))
    cat = best_of(lambda: run([*JNCLI, "cat", "--as", "counties", str(sample), "-f", "csv"]))
    rows.append(("`jncli --version` vs `import polars`", version, base_import))
    rows.append(("`jncli cat --as counties` (14×3 rows) vs polars import+read", cat, base_read))

    utf8, gb = make_registry(args.rows)
    plain = best_of(lambda: pl.scan_csv(utf8, infer_schema=False).collect(), 3)
    ours = best_of(lambda: read_table(str(utf8)).frame.collect(), 3)
    rows.append((f"read {args.rows:,} rows UTF-8 CSV, all text", ours, plain))
    ours_gb = best_of(lambda: read_table(str(gb)).frame.collect(), 3)
    rows.append(
        (f"read {args.rows:,} rows GB18030 CSV (transcoded), vs plain polars on the UTF-8 file", ours_gb, plain)
    )
    typed_plain = best_of(lambda: pl.scan_csv(utf8, schema_overrides={"opened_on": pl.Date}).collect(), 3)
    typed = best_of(lambda: conform(read_table(str(utf8)), "shops"), 3)
    rows.append((f"read + conform {args.rows:,} rows to the shops schema vs polars typed scan_csv", typed, typed_plain))

    print("| case | jncli (s) | baseline (s) | ratio |\n|---|---|---|---|")
    for name, a, b in rows:
        print(f"| {name} | {a:.3f} | {b:.3f} | {a / b:.2f} |")
    print(f"\nmachine: {os.cpu_count()} cores, python {sys.version.split()[0]}, polars {pl.__version__}")


if __name__ == "__main__":
    main()
