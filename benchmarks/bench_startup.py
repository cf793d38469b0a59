"""Start-up and small runs (issue 18): fresh processes timed from outside, CPU time (user + system, all
threads), wall clock and peak RSS, against the same work done by plain Python / polars / DuckDB.

    .venv/bin/python benchmarks/bench_startup.py [--repeat 5]

Cases (the best of `--repeat` interleaved rounds; CPU time is the figure to compare on a shared machine):
- `jncli --version`, `jncli --help` against `python -c pass`;
- `jncli score-counties` on the samples' 28 data rows against a polars read + write of the same file,
  and against DuckDB's read + write;
- `jncli annual` on the samples (every measure, the ledger, report.html with its three charts,
  report.xlsx, the manifest) — the issue's goal is an absolute 0.6 s of CPU.
Prints a Markdown table; docs/performance.md records a run.

jncli's own modules are byte-compiled first (`compileall`), as `pip install` does for an installed
wheel and as polars' modules already are: without it, an editable install under
PYTHONDONTWRITEBYTECODE (as in the development sandbox) compiles ~90 jncli modules from source on every
start (+0.08 s of `score-counties`' 0.34 s), which is no cost a user's installed jncli pays.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
JNCLI = str(Path(PY).parent / "jncli")


def run(cmd: list[str], cwd: str) -> tuple[float, float, float]:
    """(CPU seconds, wall seconds, peak RSS MB) of one fresh process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        raise SystemExit(f"{' '.join(cmd)} exited {code}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "jncli")], check=True)
    tmp = tempfile.mkdtemp(prefix="jncli-bench-")
    samples = os.path.join(tmp, "S")
    subprocess.run([JNCLI, "samples", "-o", samples], check=True, stderr=subprocess.DEVNULL)
    counties = os.path.join(samples, "counties.csv")
    rates = ["--province-growth", "10%", "--province-rural-growth", "12%"]
    cases = {
        "python -c pass": [PY, "-c", "pass"],
        "jncli --version": [JNCLI, "--version"],
        "jncli --help": [JNCLI, "--help"],
        "polars read + write (counties.csv)": [
            PY,
            "-c",
            f"import polars as pl; pl.read_csv({counties!r}).write_csv('polars.csv')",
        ],
        "duckdb read + write (counties.csv)": [
            PY,
            "-c",
            f"import duckdb; duckdb.sql(\"COPY (SELECT * FROM read_csv('{counties}')) TO 'duck.csv' (HEADER)\")",
        ],
        "jncli score-counties (counties.csv)": [
            JNCLI,
            "score-counties",
            counties,
            "--year",
            "2023",
            *rates,
            "-o",
            "score.csv",
        ],
        "jncli annual (samples)": [JNCLI, "annual", samples, "--year", "2023", *rates, "-o", "A", "--force"],
    }
    if subprocess.run([PY, "-c", "import duckdb"], capture_output=True).returncode:
        del cases["duckdb read + write (counties.csv)"]  # DuckDB is optional (not a jncli dependency)
    results: dict[str, list[tuple[float, float, float]]] = {k: [] for k in cases}
    for _ in range(args.repeat):
        for name, cmd in cases.items():
            results[name].append(run(cmd, tmp))
    best = {k: (min(c for c, _, _ in v), min(w for _, w, _ in v), max(m for _, _, m in v)) for k, v in results.items()}
    base = {
        "jncli --version": "python -c pass",
        "jncli --help": "python -c pass",
        "jncli score-counties (counties.csv)": "polars read + write (counties.csv)",
    }
    print(f"best of {args.repeat} interleaved rounds; fresh processes; CPU = user + system of all threads\n")
    print("| case | CPU (s) | wall (s) | peak RSS (MB) | CPU vs baseline |")
    print("|---|---|---|---|---|")
    for name, (cpu, wall, rss) in best.items():
        ratio = f"{cpu / best[base[name]][0]:.2f}× {base[name]}" if name in base else ""
        print(f"| {name} | {cpu:.3f} | {wall:.3f} | {rss:.0f} | {ratio} |")
    import polars as pl

    print(f"\nmachine: {os.cpu_count()} cores, python {sys.version.split()[0]}, polars {pl.__version__}")


if __name__ == "__main__":
    main()
