"""The table commands: verify, cat, policy, schema, samples."""

import typer

from jncli import options as opt
from jncli.cli import app
from jncli.commands import load_policy as _policy
from jncli.errors import EXIT_DATA, note, warn


# ------------------------------------------------------------------------------------------- verify
@app.command("verify")
@opt.writes_table
def verify_cmd(
    out_dir: opt.AnnualDir,
    data_dir: opt.DataDirOption = None,
    policy: opt.VerifyPolicy = None,
    prior: opt.VerifyPrior = None,
    previous_whitelist: opt.VerifyPreviousWhitelist = None,
    trainers: opt.VerifyTrainers = None,
    *,
    outopts: opt.OutputOptions,
) -> None:
    """Re-run a yearly run from its manifest and check that every output is byte-identical.

    Checks the policy file's and every input's SHA-256 against the manifest, re-runs the year into a
    temporary folder, and compares each output with the manifest and with the file in OUT_DIR. One row
    per file: identical, differs, changed, missing (or extra: a file the run did not write, not an error).
    Exit status: 0 every output identical, 1 anything differs.

    It reads only OUT_DIR and the data folder; a file the run read elsewhere (its --policy, --prior,
    --previous-whitelist or --trainers) is given with the option of that name and checked against its SHA-256.

    Example: `jncli verify out/2023`

    Example: `jncli verify out/2023 --policy policy/jining.toml`
    """
    import polars as pl

    from jncli import annual, messages, tableio

    table, ok, notes = annual.verify(
        out_dir,
        data_dir=data_dir,
        policy=policy,
        prior=prior or (),
        previous_whitelist=previous_whitelist,
        trainers=trainers,
    )
    for line in notes:
        note(line)
    zh = messages.lang() == "zh"
    if zh:  # `detail` is a message for people, in their language; `status` stays the machine word
        table = table.with_columns(pl.Series("detail", [messages.tr(d) if d else d for d in table["detail"]]))
    tableio.write_table(table, outopts)
    counts = table.filter(~table["status"].is_in(["identical", "extra"]))["status"].value_counts(sort=True).rows()
    # e.g. "1 missing, 19 unverified"; each part its own message ("{n} missing" in the table)
    summary = ("，" if zh else ", ").join(messages.tr(f"{n} {status}") for status, n in counts)
    note("every output is byte-identical" if ok else f"not verified: {summary}")
    unread = table.filter((table["kind"] == "input") & (table["status"] == "extra"))["file"].to_list()
    if unread:  # the stderr a cron log keeps must say it too
        files = ", ".join(unread)
        warn(
            f"{len(unread)} table file(s) in the data folder that the run did not read: {files}: "
            f"a new run would read them"
        )
    if not ok:
        raise typer.Exit(EXIT_DATA)


# ------------------------------------------------------------------------------------------- cat
@app.command("cat")
@opt.writes_table
@opt.reads_tables
def cat_cmd(
    files: opt.Files = None,
    as_: opt.As = None,
    *,
    inopts: opt.InputOptions,
    outopts: opt.OutputOptions,
) -> None:
    """Read any supported table(s) and write them in the chosen format.

    Without `--as` every value passes through as text, exactly as read. With `--as NAME` the headers
    are mapped, money converted to 万元 and types checked; all problems are listed and the exit status is 1.

    Example: `jncli cat --as counties samples/counties.csv -o counties.parquet`
    """
    from jncli import tableio
    from jncli.errors import note, warn

    tables = tableio.read_tables(files, inopts)
    if as_ is None:
        tableio.write_table(tableio.concat_raw(tables), outopts)
        return
    for t in tables:
        t.echo = False  # said below, all of it: checking a new year's file is what `cat --as` is for
    frame = None
    try:
        frame = tableio.conform_all(tables, as_, inopts, all_problems=True)
    finally:
        for t in tables:  # after an error: what the reading did up to it, without the summary line
            rows = None if frame is None else frame.filter(frame["_source"] == t.source).height
            for line in tableio.summary(t, as_, rows)[: None if frame is not None else -1]:
                note(line)
            for line in t.warnings:
                warn(line)
    if "person_id" in frame.columns:  # hires, insurance: a person id is never written whole (policy m8.mask_*)
        from jncli.rules.hires import masked_person_ids

        frame = masked_person_ids(frame, _policy(None).m8)
    tableio.write_table(frame, outopts)


# ------------------------------------------------------------------------------------------- policy
@app.command("policy")
@opt.writes_table
def policy_cmd(
    coverage: opt.PolicyCoverage = False,
    toml: opt.PolicyToml = False,
    lang: opt.Lang = "zh",
    policy: opt.PolicyFile = None,
    *,
    outopts: opt.OutputOptions,
) -> None:
    """The policy in force: every parameter with the article it comes from and the clause text.

    With --coverage: every sentence of the text with the rule that computes it, or why it is not computable.

    With --toml: the policy file in force itself, byte for byte, to stdout or --output FILE (a copy to edit, or to
    keep beside a run).

    Example: `jncli policy --lang en`

    Example: `jncli policy --coverage --lang en -f md`

    Example: `jncli policy --toml -o policy/jining.toml`
    """
    from jncli import describe, parse, tableio

    pol = _policy(policy)
    if toml:
        _policy_toml(pol, policy, coverage, outopts)
        return
    show = describe.coverage_table if coverage else describe.policy_table
    table = show(pol, parse.check_lang(lang))
    tableio.write_table(table, outopts)


def _policy_toml(pol, policy: str | None, coverage: bool, outopts) -> None:
    """`jncli policy --toml`: the bytes of the policy file in force (the shipped file, or --policy / $JNCLI_POLICY),
    checked against the SHA-256 of the file just loaded, so what is written is the policy that was validated."""
    import hashlib
    import sys
    from pathlib import Path

    from jncli import tableio
    from jncli.errors import DataError, UsageError
    from jncli.policy import policy_path
    from jncli.policy.load import _shipped_bytes

    if coverage or outopts.format:
        given = "--coverage" if coverage else f"--format {outopts.format}"
        raise UsageError(f"--toml writes the policy file as it is; it cannot go with {given}")
    chosen = policy_path(policy)
    try:
        data = _shipped_bytes() if chosen is None else Path(chosen).read_bytes()
    except OSError as e:
        raise DataError(f"cannot read policy file {chosen}: {e.strerror or e}") from None
    if hashlib.sha256(data).hexdigest() != pol.sha256:
        raise DataError(f"policy file {chosen}: it changed while it was read", "run again when nothing writes it")
    if outopts.output and outopts.output != "-":
        tableio.write_bytes(outopts.output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


# ------------------------------------------------------------------------------------------- schema
@app.command("schema")
@opt.writes_table
def schema_cmd(
    name: opt.SchemaName = None,
    *,
    outopts: opt.OutputOptions,
) -> None:
    """The canonical input tables: every column, its type, unit, whether required, and the aliases accepted.

    Example: `jncli schema counties`
    """
    from jncli import describe, tableio

    tableio.write_table(describe.schema_table(name), outopts)


# ------------------------------------------------------------------------------------------- samples


@app.command("samples")
def samples_cmd(
    output_dir: opt.SamplesDir = "samples",
    seed: opt.Seed = 2022,
    shops: opt.Shops = 3000,
    enterprises: opt.Enterprises = 60,
    hires: opt.SampleHires = 60,
    candidates: opt.SampleCandidates = None,
    records: opt.SampleRecords = None,
    shops_format: opt.ShopsFormat = "csv",
    force: opt.SamplesForce = False,
    policy: opt.PolicyFile = None,
) -> None:
    """Write deterministic synthetic data sets for every command (clearly synthetic: not real statistics).

    Files of the same names already in the folder are not overwritten unless --force.

    Example: `jncli samples -o /tmp/jn --seed 7 --shops 100000`

    Example: `jncli samples -o /tmp/big --enterprises 200000 --candidates 5000 --records 2000 --hires 50000`
    """
    from jncli import samples

    written = samples.write_samples(
        output_dir,
        seed=seed,
        shops=shops,
        enterprises=enterprises,
        hires=hires,
        candidates=candidates,
        records=records,
        shops_format=shops_format,
        policy=_policy(policy),
        force=force,
    )
    for path in written:
        note(f"wrote {path}")
