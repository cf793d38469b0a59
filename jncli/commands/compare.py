"""`jncli compare`: what changes between two runs (jncli.analysis.compare)."""

from jncli import options as opt
from jncli.cli import app
from jncli.commands import decision_options as dopt
from jncli.commands import emit as _emit


@app.command("compare")
@opt.writes_table
@opt.reads_tables
def compare_cmd(
    a: dopt.RunA,
    b: dopt.RunB,
    summary: dopt.Summary = False,
    only: dopt.CompareOnly = None,
    *,
    inopts: opt.InputOptions,
    outopts: opt.OutputOptions,
) -> None:
    """What-if: compare two ledgers or two `annual` output folders, e.g. a run under a revised policy file.

    One row per (beneficiary, rule, year): status and award in A and in B, `difference` (B − A),
    `change` (same, gain, loss, status, moved, only_a, only_b) and the county in A and in B (`county_a`,
    `county_b`). `--summary`: totals per measure and per county (each side's money in its own county)
    with how many rows gain and lose. Exit status 0 whatever differs (1 unreadable input, 2 usage).

    Example: `jncli compare out/2023 out/2023-revised --summary`
    """
    from jncli import steps_ledger
    from jncli.ledger import terminal_columns

    if summary:  # its decision is what each row totals: by, and the measure or county
        decision, priority = terminal_columns("compare --summary")
        outopts = outopts._replace(decision=decision, priority=priority)
    _emit(steps_ledger.compare(a, b, inopts, summary=summary, only=only), outopts)
