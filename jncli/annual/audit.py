"""The audit of a yearly run: its manifest.json, and `jncli verify`, which re-runs the year from it.

The manifest records the options, the policy's and every input's SHA-256 and every output's; the time
of the run is written there only. `verify` checks the policy and the inputs against it, re-runs the
year into a temporary folder and compares each output byte for byte.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import tempfile
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from jncli.annual.compute import Run, Settings, run, write_outputs
from jncli.annual.inputs import (
    FROM_EARLIER_RUN,
    FROM_OPTION,
    PRIOR,
    InputFile,
    _renamed,
    file_sha256,
    from_manifest_inputs,
)
from jncli.errors import DataError

if TYPE_CHECKING:
    import polars as pl

MANIFEST = "manifest.json"
MANIFEST_KIND = "jncli annual"


def _versions() -> dict[str, str]:
    import platform
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for pkg in ("polars", "xlsxwriter", "matplotlib"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "absent"
    return out


def manifest(r: Run, hashes: dict[str, str], out_dir: str, *, started: float, elapsed: float, force: bool) -> dict:
    from jncli import __version__

    pol = r.policy
    shipped = r.settings.policy is None
    inputs = [
        {
            "file": f.name,
            "kind": f.kind,
            "rows": f.rows,
            "sha256": f.sha256,
            "feeds": [s.name for s in r.steps.values() if f.name in s.inputs],
            **({"settings": f.settings} if f.settings else {}),
        }
        for f in r.found.inputs
    ]
    if r.found.config is not None:  # DATA/inputs.toml: how the files were read
        inputs.append({"file": r.found.config.name, "kind": r.found.config.kind, "sha256": r.found.config.sha256})
    for f in r.prior:  # what was received before: --prior, or the earlier run beside OUT_DIR (relative to it)
        inputs.append(
            {
                "file": f.name,
                "path": os.path.abspath(f.path),
                "kind": f.kind,
                "origin": f.origin,
                "rows": f.rows,
                "sha256": f.sha256,
                "feeds": ["award-enterprises"],
            }
        )
    if r.previous_whitelist is not None:
        f = r.previous_whitelist
        inputs.append(
            {
                "file": os.path.abspath(f.path),
                "kind": f.kind,
                "rows": f.rows,
                "sha256": f.sha256,
                "feeds": ["whitelist"],
            }
        )
    if r.compared is not None:  # --compare-with: the earlier run's ledger, by its absolute path
        f = r.compared
        inputs.append({"file": f.name, "kind": f.kind, "rows": f.rows, "sha256": f.sha256, "feeds": ["report"]})
    return {
        "kind": MANIFEST_KIND,
        "jncli": __version__,
        "versions": _versions(),
        "run": {  # the only place the time of the run is written
            "started_utc": dt.datetime.fromtimestamp(started, dt.UTC).isoformat(timespec="seconds"),
            "seconds": round(elapsed, 3),
        },
        "command": {"data_dir": r.found.data_dir, "out_dir": os.path.abspath(out_dir), "force": force},
        "options": asdict(r.settings),
        "resolved": {
            "as_of": r.parsed.as_of.isoformat(),
            "province_growth": r.parsed.province_growth,
            "province_rural_growth": r.parsed.province_rural_growth,
        },
        "policy": {
            "file": os.path.basename(pol.source),
            "path": None if shipped else os.path.abspath(pol.source),
            "shipped": shipped,
            "id": pol.id,
            "sha256": pol.sha256,
        },
        "inputs": inputs,
        "ignored": [{"file": n, "why": w} for n, w in r.found.ignored],
        "received": r.received,
        "skipped": [{"measure": key, "why": why} for key, why in r.skipped.items()],
        "measures": {
            s.name: (
                {"ran": True, "inputs": s.inputs, "rows": s.table.height}
                if s.table is not None
                else {"ran": False, "skipped": s.skipped}
            )
            for s in r.steps.values()
        },
        "ledger_rows": r.ledger.height,
        "violations": r.violations.height,
        "exit_status": 3 if r.violations.height else 0,
        "outputs": [{"file": name, "sha256": digest} for name, digest in hashes.items()],
    }


def read_manifest(out_dir: str, quiet: bool = False) -> dict | None:
    path = os.path.join(out_dir, MANIFEST)
    try:
        with open(path, "rb") as f:  # a small JSON file of our own, not a data table
            doc = json.loads(f.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        if quiet:
            return None
        why = "no such file" if isinstance(e, FileNotFoundError) else f"not readable JSON ({e})"
        raise DataError(f"{path}: {why}", "give a folder written by `jncli annual`") from None
    if not isinstance(doc, dict) or doc.get("kind") != MANIFEST_KIND:
        if quiet:
            return None
        raise DataError(f"{path}: not a jncli annual manifest")
    return doc


# ------------------------------------------------------------------------------------------ verify
VERIFY_COLUMNS = ("kind", "file", "status", "detail")


def verify(out_dir: str, *, data_dir: str | None = None, inopts=None) -> tuple[pl.DataFrame, bool, list[str]]:
    """Re-run the year from OUT_DIR/manifest.json into a temp folder and compare byte for byte.

    Returns (one row per policy / input / output: kind, file, status, detail; all identical?; notes).
    Status: identical, differs, missing, changed (an input or the policy is not what the run read), extra.
    """
    import polars as pl

    from jncli import __version__
    from jncli.policy import load_policy

    doc = read_manifest(out_dir)
    notes: list[str] = []
    rows: list[dict[str, Any]] = []
    try:
        opts = doc["options"]
        settings = Settings(**{k: opts.get(k, getattr(Settings, k, None)) for k in Settings.__dataclass_fields__})
        settings = dataclasses.replace(settings, prior=tuple(settings.prior or ()), skip=tuple(settings.skip or ()))
        recorded = {o["file"]: o["sha256"] for o in doc["outputs"]}
        data_dir = data_dir or doc["command"]["data_dir"]
    except (KeyError, TypeError) as e:
        raise DataError(f"{os.path.join(out_dir, MANIFEST)}: incomplete manifest (missing {e})") from None
    if doc.get("jncli") != __version__:
        notes.append(
            f"the run used jncli {doc.get('jncli')}, this is {__version__}: outputs may differ for that reason"
        )
    now = _versions()
    for pkg, was in (doc.get("versions") or {}).items():
        if now.get(pkg) != was:
            notes.append(f"the run used {pkg} {was}, this machine has {now.get(pkg)}")

    policy = load_policy(settings.policy) if settings.policy else load_policy(_shipped_policy_path())
    pdoc = doc.get("policy", {})
    same = policy.sha256 == pdoc.get("sha256")
    rows.append(
        {
            "kind": "policy",
            "file": pdoc.get("file"),
            "status": "identical" if same else "changed",
            "detail": "" if same else f"sha256 {policy.sha256[:12]}… ≠ recorded {str(pdoc.get('sha256'))[:12]}…",
        }
    )

    if settings.previous_whitelist and not os.path.isfile(settings.previous_whitelist):
        # recorded by its absolute path; archived with the data, it is found by its name in DATA_DIR
        moved = os.path.join(data_dir, os.path.basename(settings.previous_whitelist))
        if os.path.isfile(moved):
            notes.append(f"the previous whitelist {settings.previous_whitelist} is not there; using {moved}")
            settings = dataclasses.replace(settings, previous_whitelist=moved)
    prior_paths: list[tuple[dict, str]] = []
    for item in doc.get("inputs", []):
        path = item["file"] if os.path.isabs(item["file"]) else os.path.join(data_dir, item["file"])
        if item.get("kind") == "previous_whitelist" and settings.previous_whitelist:
            path = settings.previous_whitelist
        if item.get("kind") == PRIOR:
            path = _prior_path(item, out_dir, data_dir, notes)
            prior_paths.append((item, path))
        if not os.path.isfile(path):
            rows.append({"kind": "input", "file": item["file"], "status": "missing", "detail": f"{path} not found"})
            continue
        digest = file_sha256(path)
        ok = digest == item.get("sha256")
        rows.append(
            {
                "kind": "input",
                "file": item["file"],
                "status": "identical" if ok else "changed",
                "detail": "" if ok else f"sha256 {digest[:12]}… ≠ recorded {item.get('sha256', '')[:12]}…",
            }
        )
    missing_inputs = [r for r in rows if r["kind"] == "input" and r["status"] == "missing"]

    fresh: dict[str, str] = {}
    if missing_inputs:
        notes.append("inputs are missing: the year cannot be re-run")
    else:
        found = from_manifest_inputs(doc, data_dir, inopts)
        prior = [_prior_file(item, path) for item, path in prior_paths]
        r = run(found, settings, policy, inopts, prior=prior)
        with tempfile.TemporaryDirectory(prefix="jncli-verify-") as tmp:
            fresh = write_outputs(r, tmp)

    for name, digest in recorded.items():
        path = os.path.join(out_dir, name)
        here = file_sha256(path) if os.path.isfile(path) else None
        again = fresh.get(name)
        if here is None:
            status, detail = "missing", f"{name} is not in {out_dir}"
        elif here != digest:
            status = "differs"
            detail = "the file in OUT_DIR was changed after the run (its sha256 is not the manifest's)"
        elif missing_inputs:
            status, detail = "unverified", "cannot re-run: inputs missing"
        elif again is None:
            status, detail = "differs", "the re-run does not produce this file"
        elif again != digest:
            status, detail = "differs", "the re-run gives different bytes (inputs, policy or software changed?)"
        else:
            status, detail = "identical", ""
        rows.append({"kind": "output", "file": name, "status": status, "detail": detail})
    for name in sorted(set(fresh) - set(recorded)):
        rows.append(
            {"kind": "output", "file": name, "status": "differs", "detail": "the re-run writes it; the run did not"}
        )
    for name in sorted(os.listdir(out_dir)):
        if name != MANIFEST and name not in recorded and name not in fresh:
            rows.append({"kind": "extra", "file": name, "status": "extra", "detail": "not written by the run"})

    table = pl.DataFrame(rows, schema={c: pl.String for c in VERIFY_COLUMNS}, orient="row")
    ok = all(r["status"] in ("identical", "extra") for r in rows)
    return table, ok, notes


def _prior_path(item: dict, out_dir: str, data_dir: str, notes: list[str]) -> str:
    """Where a recorded prior ledger is now: the earlier run beside OUT_DIR by its path relative to it,
    --prior by its absolute path; moved (archived with the data), by its name in the data folder."""
    here = os.path.join(out_dir, item["file"]) if item.get("origin") == FROM_EARLIER_RUN else item.get("path", "")
    if os.path.isfile(here):
        return here
    moved = os.path.join(data_dir, os.path.basename(item["file"]))
    if os.path.isfile(moved):
        notes.append(f"the prior ledger {item['file']} is not at {here}; using {moved}")
        return moved
    return here


def _prior_file(item: dict, path: str) -> InputFile:
    from jncli import tableio

    table = _renamed(tableio.read_table(path), item["file"])
    return InputFile(item["file"], path, PRIOR, table, sha256=file_sha256(path), origin=item.get("origin", FROM_OPTION))


def _shipped_policy_path() -> str:
    # verify must not pick up $JNCLI_POLICY: the manifest says the shipped policy was used.
    from importlib import resources

    from jncli.policy import DEFAULT_POLICY

    return str(resources.files("jncli.policies").joinpath(DEFAULT_POLICY))
