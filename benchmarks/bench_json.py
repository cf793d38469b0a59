"""The JSON reader on ~50 MB files: CPU (user + system from wait4) of a fresh process reading with
jncli's `read_table` against one reading with plain polars (`read_json` / `read_ndjson`), interleaved rounds.

    .venv/bin/python benchmarks/bench_json.py [--rows 310000] [--rounds 3] [--before DIR]

Three shapes of a shop registry, each as a JSON array and as JSON lines:
- flat: text, dates as text, money with 2 decimals; no null (the colons prove no key is written twice);
- null: as flat, with an explicit `null` in 9 of 10 records (parsed again by Python's json for keys twice);
- id: as flat, with a 19-digit integer id beside the money (parsed again with exact numbers).
`--nested`: two more shapes (branch smallfix2): nested, a record with a nested object holding a yes/no value
and the money, and an array of numbers (the yes/no count at every depth); ascii, as flat with an emoji in the
name, written with every non-ASCII character escaped (`\\u6d4e`, the emoji as the pair `\\ud83d\\ude00`: parsed
again to look for a lone surrogate).
`--before DIR`: also jncli from another tree (a `git archive` of an earlier commit's `jncli/`, put first on
PYTHONPATH), as docs/performance.md's "Branch jsondup" compares. Byte-compile both trees first
(`python -m compileall -q jncli`). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
PY = sys.executable
JNCLI = "import sys; from jncli.tableio import read_table; read_table(sys.argv[1]).frame.select('_row').collect()"
POLARS = (
    "import sys, polars as pl; f = sys.argv[1]; "
    "(pl.read_ndjson if f.endswith('l') else pl.read_json)(f, infer_schema_length=None)"
)


def make(rows: int, nested: bool = False) -> list[Path]:
    import polars as pl

    DATA.mkdir(parents=True, exist_ok=True)
    i = pl.int_range(0, rows, dtype=pl.Int64, eager=True)
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
    flat = pl.DataFrame({"i": i}).select(
        platform=pl.lit("淘宝"),
        opened_on=(pl.date(2021, 1, 1) + pl.duration(days=(pl.col("i") * 7919) % 1095)).cast(pl.String),
        online_retail=(((pl.col("i") * 104729) % 100000) / 100).round(2),
        county=pl.lit(pl.Series(counties)).gather(pl.col("i") % len(counties)),
        shop_id=pl.format("S{}", pl.col("i")),
        name=pl.format("济宁市某某商贸有限公司{}", pl.col("i")),
    )
    shapes = {
        "flat": flat,
        "null": flat.with_columns(
            closed_on=pl.when(i % 10 == 0).then(pl.lit("2023-06-30")).otherwise(None),
            name=pl.col("name").str.slice(0, 12),
        ),
        "id": flat.with_columns(shop_id=pl.lit(1234567890123456789, dtype=pl.Int64) + i),
    }
    if nested:
        shapes["nested"] = flat.select(
            "platform",
            "opened_on",
            "county",
            "shop_id",
            "name",
            info=pl.struct("online_retail", included=pl.col("online_retail") > 500),
            months=pl.concat_list(pl.lit(1), pl.lit(2), pl.col("online_retail")),
        )
        shapes["ascii"] = flat.with_columns(name=pl.col("name") + "😀")
    paths = []
    for shape, df in shapes.items():
        if shape == "ascii":
            for ext in ("json", "jsonl"):
                path = DATA / f"json_{shape}_{rows}.{ext}"
                if not path.exists():
                    rows_ = df.to_dicts()
                    text = json.dumps(rows_) if ext == "json" else "\n".join(json.dumps(r) for r in rows_) + "\n"
                    path.write_text(text, encoding="ascii")
                paths.append(path)
            continue
        for ext in ("json", "jsonl"):
            path = DATA / f"json_{shape}_{rows}.{ext}"
            if not path.exists():
                df.write_json(path) if ext == "json" else df.write_ndjson(path)
            paths.append(path)
    return paths


def cpu(code: str, path: Path, tree: str | None) -> float:
    env = dict(os.environ)
    if tree:
        env["PYTHONPATH"] = tree
    proc = subprocess.Popen([PY, "-c", code, str(path)], cwd="/", env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    assert status == 0, f"{code} {path}: exit status {status}"
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=310_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--nested", action="store_true", help="also the nested and ascii shapes")
    ap.add_argument("--before", help="another tree's jncli (its parent directory), measured in the same rounds")
    args = ap.parse_args()
    paths = make(args.rows, args.nested)
    runs = {"polars": (POLARS, None), "jncli": (JNCLI, str(ROOT))}
    if args.before:
        runs["before"] = (JNCLI, args.before)
    got: dict = {}
    for _ in range(args.rounds):
        for path in paths:
            for who, (code, tree) in runs.items():
                got.setdefault((path, who), []).append(cpu(code, path, tree))
    head = "| file | MB | polars (s) | jncli (s) | jncli / polars |"
    head += " before (s) | jncli / before |" if args.before else ""
    print(head + "\n" + "|---" * (head.count(" | ") + 1) + "|")
    for path in paths:
        p, j = statistics.median(got[(path, "polars")]), statistics.median(got[(path, "jncli")])
        line = f"| {path.name} | {path.stat().st_size / 1e6:.0f} | {p:.2f} | {j:.2f} | {j / p:.2f}× |"
        if args.before:
            b = statistics.median(got[(path, "before")])
            line += f" {b:.2f} | {j / b:.2f}× |"
        print(line)
    load = os.getloadavg()[0]
    print(f"\n{args.rounds} rounds, medians; load {load:.1f}, {os.cpu_count()} cores, python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
