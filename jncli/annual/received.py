"""What each enterprise received before: the source of "received" for the top-up (measures 2 and 6).

以上奖励政策按就高原则执行，不重复享受。 Across years only the top-up over what was received is paid
(RULES.md §2), so the run of year Y must know what was paid in the earlier years of the period. In
this order (RULES.md "The yearly run"):

1. `--prior LEDGER` (repeatable): ledgers of what was paid;
2. else the verified earlier run beside OUT_DIR: `OUT_DIR/../<y>/` for each earlier year y of the
   period — its `manifest.json` is a jncli annual manifest of year y with no ledger violations, and
   every output it records (`ledger.csv` above all) still has the SHA-256 recorded (the checks of
   `jncli verify` that need no re-run);
3. else the earlier years' rows in DATA (this run's own evaluation of them);

and when none of these covers an earlier year, the run stops (`compute.check_received`) unless
`--first-year` says nothing was paid before Y. The sources are recorded in the manifest and named in
the report.
"""

from __future__ import annotations

import os

from jncli.annual.audit import MANIFEST, read_manifest
from jncli.annual.inputs import FROM_EARLIER_RUN, FROM_OPTION, PRIOR, InputFile, _renamed, file_sha256
from jncli.errors import DataError


def prior_from_options(paths: tuple[str, ...]) -> list[InputFile]:
    """The `--prior` ledgers, read now (named by their file name, as the report shows them)."""
    from jncli import tableio

    out = []
    for path in paths:
        name = os.path.basename(path)
        table = _renamed(tableio.read_table(path), name)
        out.append(InputFile(name, path, PRIOR, table, sha256=file_sha256(path), origin=FROM_OPTION))
    return out


def earlier_runs(out_dir: str, years: list[int]) -> list[InputFile]:
    """The ledgers of the verified runs `OUT_DIR/../<y>/` of the earlier years (those that exist).

    A folder of that name that is not a verified run stops the run: it is where that year's run should
    be, and a ledger changed after its run, or with violations nobody resolved, is not what was paid."""
    from jncli import tableio

    here = os.path.realpath(out_dir)
    out = []
    for y in years:
        folder = os.path.join(os.path.dirname(os.path.abspath(out_dir)), str(y))
        if not os.path.isdir(folder) or os.path.realpath(folder) == here:
            continue
        ledger = _verified_ledger(folder, y)
        name = os.path.join("..", str(y), "ledger.csv")
        table = _renamed(tableio.read_table(ledger), name)
        out.append(InputFile(name, ledger, PRIOR, table, sha256=file_sha256(ledger), origin=FROM_EARLIER_RUN))
    return out


def _verified_ledger(folder: str, year: int) -> str:
    """`folder/ledger.csv` when `folder` is a clean annual run of `year` whose outputs are as recorded."""
    rel = os.path.join("..", os.path.basename(folder))
    fix = f"pass --prior with the ledger of what was paid in {year}, or move {rel} away from OUT_DIR's parent"
    doc = read_manifest(folder, quiet=True)
    if doc is None:
        raise DataError(
            f"{rel} (beside OUT_DIR): not a jncli annual output (no readable {MANIFEST}), so what was received "
            f"in {year} cannot be taken from it",
            fix,
        )
    try:
        was = int(doc["options"]["year"])
        outputs = {o["file"]: o["sha256"] for o in doc["outputs"]}
    except (KeyError, TypeError, ValueError):
        raise DataError(f"{rel}/{MANIFEST}: incomplete manifest (no year or no outputs)", fix) from None
    if was != year:
        raise DataError(f"{rel}: its manifest is of a run for {was}, not {year}", fix)
    if "ledger.csv" not in outputs:
        raise DataError(f"{rel}: its manifest records no ledger.csv", fix)
    for name, digest in outputs.items():
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            raise DataError(f"{rel}/{name}: missing (the manifest records it)", fix)
        if file_sha256(path) != digest:
            raise DataError(
                f"{rel}/{name}: changed after the {year} run (its SHA-256 is not the one {MANIFEST} recorded)",
                f"restore it, or {fix}",
            )
    if doc.get("violations"):
        raise DataError(
            f"{rel}: the {year} run found {doc['violations']} ledger violation(s): its ledger is not what was "
            f"paid until a person resolved them",
            f"pass --prior with the ledger of what was actually paid in {year}",
        )
    return os.path.join(folder, "ledger.csv")
