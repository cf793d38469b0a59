"""What a yearly run decided beyond its output files, as its manifest records it: the measures it skipped, the
ledger's rows, the violations the check found and the exit status. The next year's run reads `skipped` and
`violations` from this manifest (`received`: a year run with measure 3 skipped, or with violations, is no record of
what was paid), so `verify` compares them with its re-run: an edited manifest fails it (hostile review 2, B2).
"""

from __future__ import annotations

from typing import Any

from jncli.errors import EXIT_VIOLATIONS


def decided(r) -> dict[str, Any]:
    """The manifest's fields of a run's decisions (`annual.compute.Run`)."""
    return {
        "skipped": [{"measure": key, "why": why} for key, why in r.skipped.items()],
        "ledger_rows": r.ledger.height,
        "violations": r.violations.height,
        "exit_status": EXIT_VIOLATIONS if r.violations.height else 0,
    }


def differences(doc: dict, r) -> list[dict[str, Any]]:
    """verify's rows (kind `manifest`) for each decision the manifest records otherwise than the re-run made it."""
    return [
        {
            "kind": "manifest",
            "file": "manifest.json",
            "status": "differs",
            "detail": f"its {key} is {_shown(doc.get(key))}, the re-run's {_shown(value)}: the manifest was changed "
            "after the run",
        }
        for key, value in decided(r).items()
        if doc.get(key) != value
    ]


def _shown(value: Any) -> str:
    """A recorded value in a sentence: the skipped measures by their numbers (`[3]`), a count as it is."""
    if isinstance(value, list):
        return "[" + ", ".join(str(x.get("measure") if isinstance(x, dict) else x) for x in value) + "]"
    return str(value)
