"""Benchmark: what `--margins` and `--sensitivity` add to a run, on the shipped samples.

Issue 16's goal: for Jining's 14 units × 3 rankings, the margins stay well under a second beyond the
plain run. Each command runs as a user runs it (a fresh process), plain and with the option,
interleaved, best of --repeat; the difference of the best wall times (and of CPU times, steadier on a
busy machine) is what the option costs.

    .venv/bin/python benchmarks/bench_margins.py [--repeat 5]

Exits 1 when score-counties --margins adds a second or more.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JNCLI = str(Path(sys.executable).parent / "jncli")
M1 = ["--province-growth", "10%", "--province-rural-growth", "12%"]
CASES = [
    ("score-counties --margins", ["score-counties", "samples/counties.csv", *M1], ["--margins"]),
    ("score-counties --sensitivity", ["score-counties", "samples/counties.csv", *M1], ["--sensitivity"]),
    ("award-enterprises --margins", ["award-enterprises", "samples/enterprises.csv"], ["--margins"]),
    ("track-shops --margins", ["track-shops", "samples/shops.csv"], ["--margins"]),
]


def timed(args: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([JNCLI, *args, "-f", "csv"], cwd=ROOT, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    repeat = ap.parse_args().repeat
    ok = True
    print("| case | plain wall (s) | with option (s) | added wall (s) | added CPU (s) |")
    print("|---|---|---|---|---|")
    for name, args, option in CASES:
        plain, more = [], []
        for _ in range(repeat):
            plain.append(timed(args))
            more.append(timed(args + option))
        (pw, pc), (mw, mc) = min(plain), min(more)
        print(f"| {name} | {pw:.3f} | {mw:.3f} | {mw - pw:.3f} | {mc - pc:.3f} |")
        if name == "score-counties --margins" and mw - pw >= 1.0:
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
