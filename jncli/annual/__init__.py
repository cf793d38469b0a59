"""The yearly run — `jncli annual DATA_DIR --year Y -o OUT_DIR` — and its audit, `jncli verify OUT_DIR`.

One cron-ready command that does what a bureau does once a year: find the input tables in a folder
(by their columns, not their file names), run every measure through the same rule functions as the
subcommands (score-counties, award-enterprises, track-shops, whitelist), concatenate the ledger,
check it (check-validity), and write everything, with a report and a manifest, into OUT_DIR as a whole.

    本措施自2022年11月10日起施行，有效期至2023年12月31日。以上奖励政策按就高原则执行，不重复享受。
    The measures run once per data year; the combined ledger is checked so that nobody is paid twice.

Reproducibility: the same inputs and options give byte-identical outputs (no time, host or path in any
output file); the time of the run appears only in manifest.json, which also holds every input's and
output's SHA-256, so `verify` can re-run the year from it and compare.

The package: `inputs` finds and reads the input tables (every table file used or refused), with
`inputs_toml` (DATA_DIR/inputs.toml: each file's sheet, unit, encoding, kind) and `names` (a file name
that is not UTF-8, shown decoded and recorded by its bytes); `needs` says which
measure needs which tables (`--skip`); `received` finds what was paid in earlier years (`--prior`,
the verified earlier run beside OUT_DIR); `compute` runs the year through the same steps as the
commands (`jncli.steps`) and writes its outputs; `audit` writes the manifest and verifies a run
against it, reading only where `paths` allows (OUT_DIR, the data folder, and files the user gives
verify, checked by SHA-256). It reads and writes through `jncli.tableio` (`atomic_folder`,
`write_file`, `write_bytes`); it prints nothing: notes and warnings come back to the CLI.
"""

from __future__ import annotations

import os
import time

from jncli.annual.audit import (
    MANIFEST,
    MANIFEST_KIND,
    VERIFY_COLUMNS,
    _shipped_policy_path,
    _versions,
    manifest,
    read_manifest,
    verify,
)
from jncli.annual.compute import (
    LEDGER,
    REPORT_HTML,
    REPORT_XLSX,
    STEPS,
    VIOLATIONS,
    Parsed,
    Run,
    Settings,
    Step,
    combine_ledger,
    inputs_read,
    output_files,
    parse_settings,
    run,
    write_outputs,
)
from jncli.annual.inputs import (
    COMPRESSED,
    COUNTY_METRICS,
    KINDS,
    TABLE_EXTENSIONS,
    Found,
    InputFile,
    classify,
    discover,
    file_sha256,
    from_manifest_inputs,
    still_as_read,
)
from jncli.annual.names import manifest_bytes
from jncli.annual.received import earlier_runs, prior_from_options
from jncli.errors import JncliError, UsageError
from jncli.settings import InputOptions

__all__ = [
    "COMPRESSED",
    "COUNTY_METRICS",
    "KINDS",
    "LEDGER",
    "MANIFEST",
    "MANIFEST_KIND",
    "REPORT_HTML",
    "REPORT_XLSX",
    "STEPS",
    "TABLE_EXTENSIONS",
    "VERIFY_COLUMNS",
    "VIOLATIONS",
    "Found",
    "InputFile",
    "Parsed",
    "Run",
    "Settings",
    "Step",
    "_shipped_policy_path",
    "_versions",
    "annual",
    "check_out_dir",
    "classify",
    "find_prior",
    "combine_ledger",
    "discover",
    "file_sha256",
    "from_manifest_inputs",
    "manifest",
    "output_files",
    "parse_settings",
    "read_manifest",
    "run",
    "verify",
    "write_outputs",
]


def find_prior(settings: Settings, parsed: Parsed, policy, out_dir: str, ignored: list) -> list[InputFile]:
    """The ledgers of what was received before (see `received`): --prior, with the verified earlier runs
    beside OUT_DIR for the entities it does not list (a folder there that is not one is put in `ignored`),
    else those runs; none when measure 2 is skipped, with --first-year, or in the period's first year."""
    from jncli.rules.enterprises.received import earlier_years

    if "2" in parsed.skip:
        return []
    if settings.first_year:
        return []
    if settings.prior:  # the earlier runs beside OUT_DIR give the entities --prior does not list
        given = prior_from_options(settings.prior)
        return given + earlier_runs(out_dir, earlier_years(policy, parsed.year), given, ignored)
    return earlier_runs(out_dir, earlier_years(policy, parsed.year))


def check_out_dir(out_dir: str, force: bool, year: int | None = None) -> None:
    """Refuse an existing OUT_DIR unless --force; even then replace only an earlier annual output of `year` (or
    an empty folder), never an arbitrary folder, nor the run of another year (the record of what it paid)."""
    if not os.path.lexists(out_dir):
        return
    if os.path.islink(out_dir):
        # refused, not followed: the --force swap renames OUT_DIR itself (through a link it would replace the
        # link and leave the folder), and the lock is taken beside the name given, not beside the folder
        raise UsageError(
            f"-o {out_dir}: it is a symbolic link (to {os.readlink(out_dir)}); jncli writes OUT_DIR only as a folder "
            "of its own",
            "give the folder it points to with -o, or another folder",
        )
    if not os.path.isdir(out_dir):
        raise UsageError(f"-o {out_dir}: it exists and is not a folder")
    if not force:
        raise UsageError(f"-o {out_dir}: the folder exists", "pass --force to replace it, or choose another folder")
    entries = os.listdir(out_dir)
    earlier = read_manifest(out_dir, quiet=True) if entries else None
    if entries and earlier is None:
        raise UsageError(
            f"-o {out_dir}: the folder holds files that are not a jncli annual output; not replacing it",
            "choose another folder",
        )
    if earlier is not None and year is not None:
        options = earlier.get("options")
        was = options.get("year") if isinstance(options, dict) else None
        if isinstance(was, int) and was != year:
            # a stale -o in a cron line would destroy the earlier year's record, which later runs deduct from
            sibling = os.path.join(os.path.dirname(out_dir.rstrip(os.sep)), str(year))
            raise UsageError(
                f"-o {out_dir}: the folder holds the annual output of {was} (its manifest.json); --force replaces "
                f"only an earlier run of {year}",
                f"write the {year} run to its own folder (e.g. {sibling}); to rebuild {was}, run --year {was}",
            )
    if earlier is not None:
        # files a person put there (notes, a signed copy) would go with the old output
        outputs = earlier.get("outputs")
        outputs = outputs if isinstance(outputs, list) else []  # a tampered manifest: nothing counts as ours
        ours = {o.get("file") for o in outputs if isinstance(o, dict)} | {MANIFEST}
        added = sorted(e for e in entries if e not in ours)
        if added:
            raise UsageError(
                f"-o {out_dir}: the folder also holds files the earlier run did not write "
                f"({', '.join(added[:3])}{' …' if len(added) > 3 else ''}); --force would delete them",
                "move them out first, or choose another folder",
            )


def annual(data_dir: str, out_dir: str, settings: Settings, *, force: bool = False, inopts=None) -> Run:
    """The whole yearly run: discover, compute, write OUT_DIR atomically. Returns the run (exit status: 3 when
    `run.violations` is not empty)."""
    from jncli import tableio
    from jncli.policy import load_policy
    from jncli.rules.enterprises.received import blank_years

    started = time.time()
    parsed = parse_settings(settings)  # usage errors first, before anything is read
    if settings.compare_with is not None and not os.path.isdir(settings.compare_with):
        raise UsageError(
            f"--compare-with {settings.compare_with}: not a folder (give an earlier `jncli annual` output)"
        )
    # One run per OUT_DIR at a time; a run killed earlier while writing it is put right first.
    with tableio.folder_lock(out_dir):
        tableio.recover_folder(out_dir)
        check_out_dir(out_dir, force, parsed.year)
        policy = load_policy(settings.policy)
        parse_settings(settings, policy)  # the province averages against the policy's bound, before any read
        # a money column whose unit is a guess stops the run (RULES.md "The yearly run"); --strict: no row skipped
        inopts = (inopts or InputOptions())._replace(
            strict=settings.strict,
            guessed_unit="error",
            unknown_headers="error",
            doubtful_ids="error",
            total_mismatch=settings.total_mismatch,
            blank_columns="error",
            skipped=parsed.skip,
            years=blank_years(policy, parsed.year, settings.first_year),
        )
        given = {os.path.realpath(path): "--prior" for path in settings.prior}
        if settings.previous_whitelist:
            given[os.path.realpath(settings.previous_whitelist)] = "--previous-whitelist"
        if settings.trainers:
            given[os.path.realpath(settings.trainers)] = "--trainers"
        found = discover(data_dir, inopts, given=given)  # a stop there carries the files passed over (`ignored`)
        try:
            r = run(found, settings, policy, inopts, prior=find_prior(settings, parsed, policy, out_dir, found.ignored))
        except JncliError as e:
            e.ignored = found.ignored  # said before the error: what was passed over may be what is missing
            raise
        with tableio.atomic_folder(out_dir, replace=force) as folder:
            hashes = write_outputs(r, folder)
            still_as_read(inputs_read(r))  # no input changed while the outputs were written (lazily read tables)
            doc = manifest(r, hashes, out_dir, started=started, elapsed=time.time() - started, force=force)
            tableio.write_bytes(os.path.join(folder, MANIFEST), manifest_bytes(doc))
    return r
