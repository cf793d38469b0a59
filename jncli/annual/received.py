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

per entity: with --prior, an entity-year the --prior ledgers hold no row of is taken from the verified
earlier run beside OUT_DIR when there is one (`merged_prior`), else from DATA's rows of that year;

and when none of these covers an earlier year, the run stops (`check_received`) unless
`--first-year` says nothing was paid before Y. The sources are recorded in the manifest and named in
the report.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from jncli.annual.inputs import FROM_EARLIER_RUN, FROM_OPTION, PRIOR, InputFile, _renamed, file_sha256
from jncli.annual.names import shown_name
from jncli.errors import DataError, row_ref
from jncli.messages import tr

if TYPE_CHECKING:
    import polars as pl

    from jncli.policy import Policy

# Named in a warning: this many entities, then "…".
SHOWN = 3


def prior_from_options(paths: tuple[str, ...]) -> list[InputFile]:
    """The `--prior` ledgers, read now (named by their file name, as the report shows them). A ledger an annual
    run wrote, its manifest.json beside it, carries what that manifest says of the run (`_run_beside`)."""
    from jncli import tableio

    out = []
    for path in paths:
        name = shown_name(os.path.basename(path))  # a name that is not UTF-8: decoded, as DATA_DIR's names are
        try:
            table = _renamed(tableio.read_table(path), name)
        except DataError as e:
            if "--sheet" in f"{e.message} {e.hint or ''}":  # a workbook of several tables: annual has no --sheet
                stem = os.path.splitext(name)[0]
                e.hint = (
                    f"a --prior workbook is read as one table: save the sheet holding the ledger as a file of its own, "
                    f"`jncli cat {path} --sheet NAME -o {stem}.csv`, and give that with --prior"
                )
            raise
        year, skipped = _run_beside(path)
        out.append(
            InputFile(
                name,
                path,
                PRIOR,
                table,
                sha256=file_sha256(path),
                origin=FROM_OPTION,
                skipped=skipped,
                run_year=year,
            )
        )
    return out


def _run_beside(path: str) -> tuple[int | None, tuple[str, ...]]:
    """(year, measures skipped) of the annual run whose manifest.json lies beside the --prior ledger `path` and
    records it among its outputs (by name); (None, ()) when there is none. Only what the manifest says: the
    ledger is read as given, not verified (a --prior ledger is the user's record of what was paid)."""
    from jncli.annual.audit import read_manifest  # audit imports compute, which imports this

    doc = read_manifest(os.path.dirname(os.path.abspath(path)), quiet=True)
    try:
        year = int(doc["options"]["year"])
        files = {str(o["file"]) for o in doc["outputs"]}
    except (KeyError, TypeError, ValueError):
        return None, ()
    if os.path.basename(path) not in files:
        return None, ()
    return year, _skipped(doc)


def _skipped(doc: dict) -> tuple[str, ...]:
    """The measures a manifest says its run skipped (--skip)."""
    skipped = doc.get("skipped")
    return tuple(str(x.get("measure")) for x in skipped if isinstance(x, dict)) if isinstance(skipped, list) else ()


def earlier_runs(
    out_dir: str, years: list[int], given: list[InputFile] | None = None, ignored: list | None = None
) -> list[InputFile]:
    """The ledgers of the verified runs `OUT_DIR/../<y>/` of the earlier years (those that exist).

    A folder of that name that is not a verified run stops the run: it is where that year's run should
    be, and a ledger changed after its run, or with violations nobody resolved, is not what was paid.
    With --prior ledgers (`given`) the earlier runs only fill in the entities those do not list
    (`merged_prior`): a folder that is not a verified run is then left out, named in `ignored` (the
    --prior ledgers are that year's whole record), and a ledger given with --prior is not read twice. A missing
    folder beside which a --force run of that year left the old one moved aside is treated the same way
    (`_moved_aside`): that year's record is there."""
    from jncli import tableio

    here = os.path.realpath(out_dir)
    digests = {f.sha256 for f in given or []}
    out = []
    for y in years:
        folder = os.path.join(os.path.dirname(os.path.abspath(out_dir)), str(y))
        if not os.path.lexists(folder):
            moved = _moved_aside(out_dir, y, ignored)
            if moved:
                ignored.append(moved)
            continue
        if not os.path.isdir(folder) or os.path.realpath(folder) == here:
            continue
        try:
            ledger, skipped = _verified_ledger(folder, y)
        except DataError:
            if ignored is None:
                raise
            rel = os.path.join("..", str(y))
            ignored.append((rel, f"not a verified {y} run beside OUT_DIR: --prior is taken as the whole {y} record"))
            continue
        if file_sha256(ledger) in digests:
            continue
        name = os.path.join("..", str(y), "ledger.csv")
        table = _renamed(tableio.read_table(ledger), name)
        sha = file_sha256(ledger)
        out.append(
            InputFile(name, ledger, PRIOR, table, sha256=sha, origin=FROM_EARLIER_RUN, skipped=skipped, run_year=y)
        )
    return out


def _moved_aside(out_dir: str, year: int, ignored: list | None) -> tuple[str, str] | None:
    """`OUT_DIR/../<year>` is missing: when a --force run of that year moved it aside and was stopped before the
    new one was in place (`.<year>.<pid>-….tmp.old` beside it; review 23 F1), that year's record is there, not
    in the enterprises table's rows: stop (DataError) — with --prior (`ignored` is a list) the line that puts it
    in `ignored` instead, --prior being then the whole record. None when nothing was moved aside (no run, or one
    that never finished: nothing was recorded)."""
    from jncli import tableio

    sibling = os.path.join(os.path.dirname(out_dir.rstrip(os.sep)), str(year))  # as the user would type it
    left = tableio.swap_leftover(sibling)
    if left is None:
        return None
    shown, running = left
    rel, rel_left = os.path.join("..", str(year)), os.path.join("..", os.path.basename(shown))
    if ignored is not None:
        return (
            rel,
            f"missing: a --force run moved it aside to {rel_left} and did not finish; --prior is taken as the whole "
            f"{year} record",
        )
    if running is not None:
        raise DataError(
            f"{rel} (beside OUT_DIR): a jncli annual --force run (pid {running}) is replacing it right now, so what "
            f"was received in {year} cannot be read from it",
            "run again when that run has ended",
        )
    raise DataError(
        f"{rel} (beside OUT_DIR): missing, and {rel_left} lies beside it: a jncli annual --force run of {year} was "
        f"stopped after it moved the {year} output aside, so what was received in {year} is in that folder, not in "
        f"the enterprises table's {year} rows",
        f"put it back first: `mv {shown} {sibling}` (the next `jncli annual … -o {sibling}` without --force does the "
        f"same before it starts; with --force it then replaces it with a new computation), or pass --prior with the "
        f"ledger of what was paid in {year}",
    )


def _verified_ledger(folder: str, year: int) -> tuple[str, tuple[str, ...]]:
    """`folder/ledger.csv` when `folder` is a clean annual run of `year` whose outputs are as recorded,
    and the measures that run skipped."""
    from jncli.annual.audit import MANIFEST, read_manifest  # audit imports compute, which imports this

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
        missing = not os.path.isfile(path)
        if missing or file_sha256(path) != digest:
            said = (
                f"{rel}/{name}: missing (the manifest records it)"
                if missing
                else f"{rel}/{name}: changed after the {year} run (its SHA-256 is not the one {MANIFEST} recorded)"
            )
            ledger = os.path.join(folder, "ledger.csv")
            if name != "ledger.csv" and os.path.isfile(ledger) and file_sha256(ledger) == outputs["ledger.csv"]:
                # e.g. report.xlsx opened in Excel and saved: the record of what was paid is intact
                given = os.path.relpath(ledger)  # as the analyst would type it where the run was started
                raise DataError(said, f"its ledger.csv is as recorded: pass --prior {given}, or restore the file")
            raise DataError(said, fix if missing else f"restore it, or {fix}")
    if doc.get("violations"):
        raise DataError(
            f"{rel}: the {year} run found {doc['violations']} ledger violation(s): its ledger is not what was "
            f"paid until a person resolved them",
            f"pass --prior with the ledger of what was actually paid in {year}",
        )
    return os.path.join(folder, "ledger.csv"), _skipped(doc)


def merged_prior(prior: list[InputFile], inopts, policy: Policy, year: int) -> tuple[pl.DataFrame | None, list]:
    """The prior ledgers as one conformed ledger, and a warning per earlier year a --prior ledger leaves
    entities out of that the verified earlier run beside OUT_DIR paid.

    RULES.md §2: "received" per entity and year comes from the prior ledger where it has a row of the m2/m6
    group for that entity and year (`says_received`: a row of another rule covers nothing). When --prior and
    the verified earlier run beside OUT_DIR are both read, an entity-year (in the m2/m6 group, and m3.fiscal
    apart) the --prior ledgers hold no row of is taken from the earlier run's rows — the fuller record — never
    from both; rows of the earlier run for an entity-year --prior has are dropped. Without an earlier run beside
    OUT_DIR, --prior is the whole record of its years."""
    import polars as pl

    from jncli import steps
    from jncli.rules import Said
    from jncli.rules.enterprises.common import FISCAL_RULE, _normalised_code
    from jncli.rules.enterprises.received import says_received

    if not prior:
        return None, []
    ledger = steps.conformed([f.table for f in prior], "ledger", inopts)
    # each row's origin, so a basis can name where an earlier payment comes from (rules.enterprises.rows)
    origins = {f.name: f.origin for f in prior}
    ledger = ledger.with_columns(
        _origin=pl.col("_source").replace_strict(origins, default=FROM_OPTION, return_dtype=pl.String)
    )
    runs = [f.name for f in prior if f.origin == FROM_EARLIER_RUN]
    given = [f.name for f in prior if f.origin != FROM_EARLIER_RUN]
    if not runs or not given or not {"beneficiary", "rule", "year", "status"} <= set(ledger.columns):
        return ledger, []
    keyed = ledger.with_row_index("_at").with_columns(
        _code=_normalised_code(pl.col("beneficiary")),
        _group=pl.when(says_received(policy))
        .then(pl.lit("m2/m6"))
        .when(pl.col("rule") == FISCAL_RULE)
        .then(pl.lit(FISCAL_RULE)),
        _run=pl.col("_source").is_in(runs),
    )
    keys = ["_code", "year", "_group"]
    have = (
        keyed.filter(~pl.col("_run") & pl.col("_group").is_not_null() & pl.col("_code").is_not_null())
        .select(keys)
        .unique()
    )
    from_run = keyed.filter(pl.col("_run"))
    # the earlier run's rows outside both groups, and those of an entity-year --prior holds, are not read
    keep = from_run.filter(pl.col("_group").is_not_null() & pl.col("_code").is_not_null()).join(
        have, on=keys, how="anti", nulls_equal=True
    )
    merged = pl.concat([keyed.filter(~pl.col("_run")), keep]).sort("_at").drop("_code", "_group", "_run", "_at")
    warnings = []
    paid = keep.filter((pl.col("status") == "awarded") & (pl.col("year") < year))
    for (y,), rows in sorted(paid.group_by("year"), key=lambda g: g[0][0]):
        codes = rows.sort("_at")["_code"].unique(maintain_order=True).to_list()  # in the ledger's order
        n, named = len(codes), ", ".join(codes[:SHOWN]) + (" …" if len(codes) > SHOWN else "")
        files, run = ", ".join(given), ", ".join(sorted(set(rows["_source"].to_list())))
        warnings.append(
            Said(
                f"received in {y}: --prior {files} has no {y} row for {n} enterprise(s) the verified earlier run "
                f"{run} paid ({named}): what they received is taken from {run}; give --prior the whole {y} ledger",
                f"{y}年度已领取：--prior {files} 中没有已核验的上年度运行 {run} 发放过奖励的{n}家企业的{y}年度行"
                f"（{named}）：其已领取金额取自 {run}；请用 --prior 提供{y}年度的完整台账",
            )
        )
    return merged, warnings


def filled_by(names: list[str]) -> dict:
    """The earlier runs that gave the entities --prior does not list (recorded only when there are any)."""
    return {"filled": names} if names else {}


def received_lines(received: list[dict]) -> list[str]:
    """One line per earlier year: where what was received then comes from (stderr, report notes)."""
    from jncli.rules import Said

    lines = []
    for r in received:
        y = r["year"]
        if r["source"] == "none":
            why = r["why"]
            lines.append(Said(f"received in {y}: nothing ({why})", f"{y}年度已领取：无（{tr(why, 'zh')}）"))
            continue
        files = ", ".join(r["files"])
        if r["source"] == "data":
            lines.append(
                Said(
                    f"received in {y}: this run's evaluation of the {y} rows of {files}",
                    f"{y}年度已领取：按 {files} 中{y}年度的行重新测算",
                )
            )
            continue
        what = "the verified earlier run" if r["source"] == FROM_EARLIER_RUN else "--prior"
        zh = "已核验的上年度运行" if r["source"] == FROM_EARLIER_RUN else "--prior 台账"
        rest = ", ".join(r.get("data_files") or [])
        if r.get("filled"):
            run = ", ".join(r["filled"])
            lines.append(
                Said(
                    f"received in {y}: from --prior {files} (entities it does not list: the verified earlier run "
                    f"{run}{f', then the {y} rows of {rest}' if rest else ''})",
                    f"{y}年度已领取：取自--prior 台账 {files}（台账未列的企业：取自已核验的上年度运行 {run}"
                    f"{f'，再按 {rest} 中{y}年度的行测算' if rest else ''}）",
                )
            )
        elif rest:
            lines.append(
                Said(
                    f"received in {y}: from {what} {files} (entities it does not list: the {y} rows of {rest})",
                    f"{y}年度已领取：取自{zh} {files}（台账未列的企业：按 {rest} 中{y}年度的行测算）",
                )
            )
        else:
            lines.append(Said(f"received in {y}: from {what} {files}", f"{y}年度已领取：取自{zh} {files}"))
    return lines


def check_received(
    frame: pl.DataFrame,
    ledger: pl.DataFrame | None,
    prior: list[InputFile],
    policy: Policy,
    year: int,
    first_year: bool,
    files: list[str],
    held: list[int] | None = None,
) -> list[dict]:
    """Where "received" comes from for each earlier year of the period; DataError when nothing covers
    one (unless --first-year): the top-up would pay every earlier recipient again in full. `held`: the years
    of the prior ledgers' rows as read (those outside the period included), named when they cover none."""
    import polars as pl

    from jncli.rules.enterprises.received import coverage, earlier_years, period_text

    before = earlier_years(policy, year)
    if first_year:
        return [{"year": y, "source": "none", "why": "--first-year: nothing was paid"} for y in before]
    out = []
    for c in coverage(frame, ledger, policy, year):
        data_files = sorted(set(frame.filter(pl.col("year") == c.year)["_source"].to_list()))
        ledgers = [f for f in prior if _covers(f, ledger, c.year, policy)] if c.in_prior else []
        if ledgers:
            out.append(
                {
                    "year": c.year,
                    "source": ledgers[0].origin,
                    "files": [f.name for f in ledgers if f.origin == ledgers[0].origin],
                    **filled_by([f.name for f in ledgers if f.origin != ledgers[0].origin]),
                    "data_files": data_files,  # entities the ledgers do not list: evaluated from these rows
                }
            )
        elif c.in_input:
            out.append({"year": c.year, "source": "data", "files": data_files})
        elif prior:
            given = ", ".join(f.name for f in prior)
            years, period = ", ".join(map(str, held or [])) or "none", period_text(policy)
            raise DataError(
                f"{', '.join(files)}: {year} is evaluated without what was received in {c.year}: the prior "
                f"ledger(s) {given} hold no {c.year} row of measures 2 and 6 (the years of their rows: {years}; "
                f"the policy period: {period}), there is no verified earlier run OUT_DIR/../{c.year}, and no "
                f"{c.year} rows in the enterprises table, so every {c.year} recipient would be paid its full "
                f"{year} amount again",
                f"pass --prior with the {c.year} ledger of what was paid (its years written in full), or run "
                f"{c.year} into OUT_DIR/../{c.year} first, or add the {c.year} rows to the enterprises table",
            )
        else:
            raise DataError(
                f"{', '.join(files)}: {year} is evaluated without what was received in {c.year}: no --prior "
                f"ledger, no verified earlier run OUT_DIR/../{c.year}, and no {c.year} rows in the enterprises "
                f"table, so every {c.year} recipient would be paid its full {year} amount again",
                f"pass --prior with the {c.year} ledger of what was paid, or run {c.year} into OUT_DIR/../{c.year} "
                f"first, or add the {c.year} rows to the enterprises table; --first-year if nothing was paid in "
                f"{c.year}",
            )
    return out


def years_held(ledger: pl.DataFrame | None) -> list[int]:
    """The years of a conformed prior ledger's rows (none without one)."""
    if ledger is None or "year" not in ledger.columns:
        return []
    return sorted(ledger["year"].drop_nulls().unique().to_list())


def _covers(f: InputFile, ledger: pl.DataFrame, year: int, policy: Policy) -> bool:
    import polars as pl

    from jncli.rules.enterprises.received import says_received

    rows = ledger.filter((pl.col("_source") == f.name) & (pl.col("year") == year) & says_received(policy))
    return rows.height > 0


def check_one_off(
    ledger: pl.DataFrame | None,
    prior: list[InputFile],
    year: int,
    frame: pl.DataFrame | None = None,
    before: tuple[int, ...] = (),
) -> None:
    """Measure 3 is one-off (一次性奖励, rev 3): what it paid in an earlier year must be known. A ledger of an annual
    run that skipped it (--skip 3, the ratios not yet published) — the earlier run beside OUT_DIR, or a --prior
    ledger whose manifest.json beside it says so — has no m3.fiscal rows, so that year's recipients would be paid
    again as never paid, or, where the enterprises table holds that year's rows, a later reward withheld for a
    payment this run computes from them and nobody checked. The run stops unless a --prior ledger holds that
    year's m3.fiscal rows (what was paid); the enterprises table's rows of that year are no escape: they say what
    measure 3 would have paid, not what it did (docs/policy-reading.md)."""
    import polars as pl

    from jncli.rules.enterprises.common import FISCAL_RULE

    for f in prior:
        y = f.run_year
        if "3" not in f.skipped or y is None or y >= year:
            continue
        fiscal = (pl.col("rule") == FISCAL_RULE) & (pl.col("year") == y)
        if ledger is not None and ledger.filter(fiscal).height:
            _check_fiscal_rows_cover(ledger.filter(fiscal), frame, f, y, year)
            continue
        hint = (
            f"pass --prior with the {y} ledger of what was paid (its m3.fiscal rows), or run {y} again without "
            f"--skip 3 and pass its ledger; --skip 3 if measure 3 is knowingly not run in {year}"
        )
        if f.origin == FROM_EARLIER_RUN:
            raise DataError(
                f"{f.name}: the {y} run beside OUT_DIR did not run measure 3 (--skip), so what it paid as the "
                f"one-off m3.fiscal reward in {y} is unknown: a {year} m3.fiscal would be paid again as never paid, "
                f"or withheld for a {y} payment computed from the data and never checked",
                hint,
            )
        raise DataError(
            f"--prior {f.name}: the manifest.json beside it says the {y} run that wrote it did not run measure 3 "
            f"(--skip), so what it paid as the one-off m3.fiscal reward in {y} is unknown: a {year} m3.fiscal "
            f"would be paid again as never paid, or withheld for a {y} payment computed from the data and never "
            f"checked",
            hint,
        )
    _check_fiscal_record(ledger, prior, year, frame, before)


def _check_fiscal_rows_cover(paid: pl.DataFrame, frame: pl.DataFrame | None, f: InputFile, y: int, year: int) -> None:
    """After a year whose run skipped measure 3, the --prior m3.fiscal rows of that year are what was paid; an
    enterprise they do not list would fall back to this run's evaluation of the enterprises table's rows of that
    year — the computation the skip-3 stop exists to refuse (review 17, F1: one county's m3 record let every other
    enterprise through, 28.95 万元 withheld). Every enterprise with new fiscal revenue that year must be listed."""
    import polars as pl

    from jncli.rules.enterprises.common import _normalised_code

    if frame is None or not {"credit_code", "new_fiscal_revenue"} <= set(frame.columns) or "beneficiary" not in paid:
        return
    listed = paid.select(_code=_normalised_code(pl.col("beneficiary")))["_code"].drop_nulls().unique()
    due = frame.filter((pl.col("year") == y) & (pl.col("new_fiscal_revenue") > 0)).with_columns(
        _code=_normalised_code(pl.col("credit_code"))
    )
    unlisted = due.filter(pl.col("_code").is_not_null() & ~pl.col("_code").is_in(listed.implode())).sort(
        "_source", "_row"
    )
    if not unlisted.height:
        return
    first = unlisted.row(0, named=True)
    who = f"{first['_code']} {first.get('name') or ''}".strip()
    raise DataError(
        f"{f.name}: the {y} run that wrote it did not run measure 3 (--skip), and the --prior m3.fiscal rows of "
        f"{y} do not list {unlisted['_code'].n_unique()} enterprise(s) with {y} new fiscal revenue in the "
        f"enterprises table (first: {who}, {row_ref(first['_source'], first['_row'])}): what they were paid in "
        f"{y} is unknown, and a {year} m3.fiscal would be withheld for a {y} payment computed from the data and "
        f"never checked",
        f"give --prior the {y} m3.fiscal rows of every enterprise (award 0, status ineligible, where nothing was "
        f"paid), or run {y} again without --skip 3 and pass its ledger; --skip 3 if measure 3 is knowingly not run "
        f"in {year}",
    )


def _check_fiscal_record(
    ledger: pl.DataFrame | None, prior: list[InputFile], year: int, frame: pl.DataFrame | None, before: tuple[int, ...]
) -> None:
    """A --prior ledger no manifest describes (a finance office's record of what was paid) that holds rows of an
    earlier year but not one m3.fiscal row of it says nothing of measure 3 that year: m3 is paid by the counties
    (payer county), so a city's ledger often lacks it. With that year's rows in the enterprises table the run
    computes the payment from them (a warning names whom it withholds from, rules.enterprises.received); without
    them every recipient of that year would be paid its one-off reward again (review 16, F7): the run stops."""
    import polars as pl

    from jncli.rules.enterprises.common import FISCAL_RULE

    if ledger is None or not {"rule", "year", "_source"} <= set(ledger.columns):
        return
    plain = [f.name for f in prior if f.origin != FROM_EARLIER_RUN and f.run_year is None]
    if not plain:
        return
    for y in before:
        of_year = ledger.filter(pl.col("year") == y)
        if not of_year.height or of_year.filter(pl.col("rule") == FISCAL_RULE).height:
            continue
        if not set(of_year["_source"].unique().to_list()) <= set(plain):
            continue  # a jncli run's ledger without m3 rows: measure 3 ran and nobody had new fiscal revenue
        if frame is not None and frame.filter(pl.col("year") == y).height:
            continue
        files = ", ".join(sorted(set(of_year["_source"].to_list())))
        raise DataError(
            f"--prior {files}: it holds {y} rows but no m3.fiscal row of {y}, and the enterprises table has no {y} "
            f"rows, so what measure 3 paid as its one-off reward in {y} is unknown (the counties pay it, and a "
            f"city ledger may not hold it): every {y} recipient would be paid its {year} m3.fiscal again",
            f"add the {y} m3.fiscal payments to --prior (another --prior file is read with it), or add the {y} rows "
            f"to the enterprises table (the {y} payment is then computed from them, with a warning); --skip 3 if "
            f"measure 3 is knowingly not run in {year}",
        )


def check_partial(
    frame: pl.DataFrame,
    ledger: pl.DataFrame | None,
    awards: pl.DataFrame,
    received: list[dict],
    policy: Policy,
    settings,
) -> list[str]:
    """An earlier year the --prior ledgers cover for some counties only (`rules.enterprises.received.partial_prior`:
    one county bureau's ledger given as the year's, or one county's file of several forgotten) stops the run: every
    other county's recipient of that year would be paid its full amount again (the samples' 2023 tables with
    任城区's part of the 2022 ledger and --skip 3: 453.60 万元 instead of 398.60), with exit 0. With
    --prior-complete (a county that really received nothing under measures 2 and 6 that year) the ledgers are the
    whole record all the same, and the warnings say so. A year whose record
    includes the verified earlier run beside OUT_DIR (a whole run: an enterprise it does not list was not in
    that year's data) is not checked."""
    from jncli import messages
    from jncli.rules.enterprises.received import partial_lines, partial_prior

    if not settings.prior:
        return []
    whole = tuple(r["year"] for r in received if r.get("source") == FROM_EARLIER_RUN or r.get("filled"))
    found = partial_prior(frame, ledger, awards, policy, settings.year, whole)
    if not found:
        return []
    if settings.prior_complete:
        return partial_lines(found, accepted=True)
    u = found[0]
    files = ", ".join(u.files)
    covered, y, year = ", ".join(u.covered), u.year, settings.year
    uncovered = _uncovered_text(u, messages.lang())
    raise DataError(
        f"--prior {files}: {year} is evaluated with a {y} record of part of the city only: its {y} rows of measures 2 "
        f"and 6 name enterprises of {covered} but none of {uncovered}, whose {y} is in no --prior row and no {y} "
        f"row of the enterprises table, so each would be paid its full {year} amount as having received nothing "
        f"in {y}",
        f"give every county's {y} ledger (repeat --prior) or the whole city's; if those counties' enterprises "
        f"really received nothing under measures 2 and 6 in {y}, run with --prior-complete (recorded in the "
        f"manifest)",
    )


def _uncovered_text(u, lang: str) -> str:
    """The counties a prior ledger leaves out, with how many enterprises each and the first few, in `lang`."""
    parts = []
    for county, n, first in u.counties:
        more = " …" if n > len(first) else ""
        if lang == "zh":
            parts.append(f"{county}（{n}家：{'、'.join(first)}{'…' if more else ''}）")
        else:
            parts.append(f"{county} ({n} enterprise(s): {', '.join(first)}{more})")
    return ("；" if lang == "zh" else "; ").join(parts)
