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
from typing import TYPE_CHECKING, Any

from jncli.annual.compute import COMPARED, Run, Settings, run, write_outputs
from jncli.annual.decided import decided, differences
from jncli.annual.inputs import (
    FROM_EARLIER_RUN,
    FROM_OPTION,
    PRIOR,
    InputFile,
    _renamed,
    changed_while_read,
    file_sha256,
    from_manifest_inputs,
)
from jncli.annual.names import name_bytes, recorded_name, shown_name
from jncli.annual.paths import (
    GIVEN_BY,
    PATH_LIMIT,
    PRIOR_OPTION,
    given_apply,
    given_file,
    given_priors,
    inside,
    plain_name,
    recorded_file,
)
from jncli.errors import DataError, shown

if TYPE_CHECKING:
    from collections.abc import Sequence

    import polars as pl

MANIFEST = "manifest.json"
MANIFEST_KIND = "jncli annual"


def _versions() -> dict[str, str]:
    import platform
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for pkg in ("polars", "xlsxwriter", "pygal"):
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
            **name_bytes(r.found, f.name),
            **({"sheet": f.table.sheet} if getattr(f.table, "sheet", None) else {}),  # the sheet read, of a workbook
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
    # a file an option gave (--previous-whitelist; --trainers, more training institutions for measure 8), by its path
    for f, step in ((r.previous_whitelist, "whitelist"), (r.trainers, "trained-hires")):
        if f is not None:
            inputs.append(
                {"file": os.path.abspath(f.path), "kind": f.kind, "rows": f.rows, "sha256": f.sha256, "feeds": [step]}
            )
    if r.compared is not None:  # --compare-with: the earlier run's ledger, by its absolute path
        f = r.compared
        facts = {"run": r.compared_facts} if r.compared_facts else {}  # its policy (verify warns as the run did)
        inputs.append(
            {"file": f.name, "kind": f.kind, "rows": f.rows, "sha256": f.sha256, "feeds": ["report"], **facts}
        )
    return {
        "kind": MANIFEST_KIND,
        "jncli": __version__,
        "versions": _versions(),
        "run": {  # the only place the time of the run is written
            "started_utc": dt.datetime.fromtimestamp(started, dt.UTC).isoformat(timespec="seconds"),
            "seconds": round(elapsed, 3),
        },
        "command": {"data_dir": r.found.data_dir, "out_dir": os.path.abspath(out_dir), "force": force},
        "options": r.settings.recorded(),
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
        "ignored": [{"file": n, "why": w, **name_bytes(r.found, n)} for n, w in r.found.ignored],
        "received": r.received,
        "skipped": decided(r)["skipped"],
        "measures": {
            s.name: (
                {"ran": True, "inputs": s.inputs, "rows": s.table.height}
                if s.table is not None
                else {"ran": False, "skipped": s.skipped}
            )
            for s in r.steps.values()
        },
        **{k: v for k, v in decided(r).items() if k != "skipped"},  # ledger_rows, violations, exit_status
        "outputs": [{"file": name, "sha256": digest} for name, digest in hashes.items()],
    }


def read_manifest(out_dir: str, quiet: bool = False) -> dict | None:
    path = os.path.join(out_dir, MANIFEST)
    try:
        with open(path, "rb") as f:  # a small JSON file of our own, not a data table
            doc = json.loads(f.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        if quiet:
            return None
        hint = "give a folder written by `jncli annual`"
        if isinstance(e, FileNotFoundError):
            left = _interrupted_swap(out_dir)
            if left:
                hint = (
                    f"a jncli annual --force run was killed while it replaced {out_dir}: the earlier output is in "
                    f"{left}, and the next `jncli annual … -o {out_dir}` puts it back"
                )
            # said of the folder, not as `{path}: no such file`: the manifest's own `{folder}manifest.json: {key}
            # {problem}` explained more of that line and left "no such file" untranslated in Chinese
            gone = f"{out_dir}: no such folder" if not os.path.isdir(out_dir) else f"{out_dir}: no manifest.json"
            raise DataError(gone, hint) from None
        elif isinstance(e, RecursionError):
            why = "not a jncli annual manifest (JSON nested too deeply)"
        elif isinstance(e, UnicodeDecodeError):
            why = f"not UTF-8 (byte {e.start})"
        elif isinstance(e, json.JSONDecodeError):
            why = f"not readable JSON ({e.msg} at line {e.lineno} column {e.colno})"
        else:
            why = f"cannot be read ({e.strerror or type(e).__name__})"
        raise DataError(f"{path}: {why}", hint) from None
    if not isinstance(doc, dict) or doc.get("kind") != MANIFEST_KIND:
        if quiet:
            return None
        raise DataError(f"{path}: not a jncli annual manifest")
    return doc


def _interrupted_swap(out_dir: str) -> str | None:
    from jncli import tableio

    return tableio.interrupted_swap(out_dir)


# ------------------------------------------------------------------------------------------ the manifest, checked
# verify trusts a manifest no more than any input: a value of the wrong type is a precise error, and a
# path it records is read only inside the run's folder or the data folder (never /etc/…, never ../..).
class _Manifest:
    def __init__(self, doc: dict, out_dir: str):
        self.doc = doc
        self.folder = os.path.join(out_dir, "")  # with its separator: the message names the file after it

    def bad(self, key: str, problem: str, hint: str | None = None) -> DataError:
        # the file's name written out (MANIFEST): as `{path}: {key} {problem}` the template, nearly all
        # placeholders, was the likeliest reading of any `file row 2, column X: 'a b' is …` to translate
        return DataError(
            f"{self.folder}manifest.json: {key} {problem}",
            hint or "the manifest was changed after the run, or was not written by jncli annual",
        )

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        node: Any = self.doc
        parts = key.split(".")
        for i, part in enumerate(parts):
            if not isinstance(node, dict):
                raise self.bad(".".join(parts[:i]), f"must be an object, not {_json_type(node)}")
            if part not in node:
                if default is not ...:
                    return default
                raise self.bad(key, "is missing")
            node = node[part]
        if not isinstance(node, kind) or isinstance(node, bool) and bool not in _kinds(kind):
            raise self.bad(key, f"must be {_kind_names(kind)}, not {_json_type(node)}")
        return node

    def records(self, key: str, fields: dict[str, type | tuple[type, ...]]) -> list[dict]:
        items = self.get(key, list, [])
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise self.bad(f"{key}[{i}]", f"must be an object, not {_json_type(item)}")
            for name, kind in fields.items():
                value = item.get(name)
                if not isinstance(value, kind) or isinstance(value, bool) and bool not in _kinds(kind):
                    raise self.bad(f"{key}[{i}].{name}", f"must be {_kind_names(kind)}, not {_json_type(value)}")
        return items

    def settings(self) -> Settings:
        opts = self.get("options", dict)
        values = {}
        for name, f in Settings.__dataclass_fields__.items():
            if name in opts:
                value = opts[name]
            elif f.default is not dataclasses.MISSING:
                value = f.default
            elif f.default_factory is not dataclasses.MISSING:
                value = f.default_factory()
            else:
                raise self.bad(f"options.{name}", "is missing")
            if not _fits_annotation(value, str(f.type)):
                raise self.bad(f"options.{name}", f"must be {_annotation_words(str(f.type))}, not {_json_type(value)}")
            values[name] = tuple(value) if isinstance(value, list) and str(f.type).startswith("tuple") else value
        return Settings(**values)


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _kind_names(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "true/false", list: "a list"}
    names |= {dict: "an object", type(None): "null"}
    return " or ".join(names.get(k, k.__name__) for k in _kinds(kind))


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "true/false", str: "a string", int: "a number", float: "a number", list: "a list"}.get(
        type(value), "an object"
    )


def _annotation_words(annotation: str) -> str:
    words = {"int": "an integer", "float": "a number", "str": "a string", "bool": "true/false", "None": "null"}
    return " or ".join(words.get(k.strip(), "a list of strings") for k in annotation.split("|"))


def _fits_annotation(value: Any, annotation: str) -> bool:
    """Does a JSON value fit a Settings field's annotation (`int`, `str | None`, `tuple[str, ...]` …)?"""
    import re

    for k in (part.strip() for part in annotation.split("|")):
        if k == "None":
            if value is None:
                return True
        elif k == "bool":
            if isinstance(value, bool):
                return True
        elif k in ("int", "float"):
            if isinstance(value, (int, float) if k == "float" else int) and not isinstance(value, bool):
                return True
        elif k == "str":
            if isinstance(value, str):
                return True
        elif m := re.fullmatch(r"(?:tuple|list)\[(\w+)(?:, \.\.\.)?\]", k):
            if isinstance(value, list) and all(_fits_annotation(v, m[1]) for v in value):
                return True
        else:
            return True  # a type this check does not know: the run checks it
    return False


# ------------------------------------------------------------------------------------------ verify
VERIFY_COLUMNS = ("kind", "file", "status", "detail")


def verify(
    out_dir: str,
    *,
    data_dir: str | None = None,
    inopts=None,
    policy: str | None = None,
    prior: Sequence[str] = (),
    previous_whitelist: str | None = None,
    trainers: str | None = None,
) -> tuple[pl.DataFrame, bool, list[str]]:
    """Re-run the year from OUT_DIR/manifest.json into a temp folder and compare byte for byte.

    Returns (one row per policy / input / output: kind, file, status, detail; all identical?; notes).
    Status: identical, differs, missing, changed (an input or the policy is not what the run read),
    unverified (an input is missing or changed: the year is not re-run), extra.
    Every path the manifest names is read only inside OUT_DIR or the data folder; a file whose SHA-256
    is not the recorded one is never parsed. `policy`, `prior`, `previous_whitelist` and `trainers` are files the
    user gives (verify --policy …) for those the run read outside the two folders: each is used only
    if its SHA-256 is the recorded one, else verify stops (DataError).
    """
    with tempfile.TemporaryDirectory(prefix="jncli-verify-given-") as given_dir:
        user_files = {
            "policy": policy,
            "prior": tuple(prior),
            "previous_whitelist": previous_whitelist,
            "trainers": trainers,
        }
        return _verify(out_dir, data_dir, inopts, user_files, given_dir)


def _verify(
    out_dir: str, data_dir: str | None, inopts, user_files: dict[str, Any], given_dir: str
) -> tuple[pl.DataFrame, bool, list[str]]:
    import polars as pl

    from jncli import __version__
    from jncli.policy import load_policy

    doc = read_manifest(out_dir)
    m = _Manifest(doc, out_dir)
    notes: list[str] = []
    rows: list[dict[str, Any]] = []
    settings = m.settings()
    outputs = m.records("outputs", {"file": str, "sha256": str})
    for i, o in enumerate(outputs):
        if not plain_name(o["file"]) or o["file"] == MANIFEST:
            raise m.bad(
                f"outputs[{i}].file", f"must be the name of a file in {out_dir}, not {shown(o['file'], PATH_LIMIT)}"
            )
    recorded = {o["file"]: o["sha256"] for o in outputs}
    data_dir = data_dir or m.get("command.data_dir", str)
    if "\0" in data_dir:
        raise m.bad("command.data_dir", "is not a path")
    inputs = m.records("inputs", {"file": str, "kind": str, "sha256": str})
    for i, item in enumerate(inputs):  # how DATA/inputs.toml said to read the file
        given = item.get("settings", {})
        if not isinstance(given, dict) or not all(isinstance(v, (str, bool, type(None))) for v in given.values()):
            raise m.bad(f"inputs[{i}].settings", "must be an object of strings and true/false")
    ignored = m.records("ignored", {"file": str, "why": str})
    version = m.get("jncli", (str, type(None)), None)
    if version != __version__:
        notes.append(f"the run used jncli {version}, this is {__version__}: outputs may differ for that reason")
    now = _versions()
    for pkg, was in m.get("versions", dict, {}).items():
        if now.get(pkg) != was:
            notes.append(f"the run used {pkg} {str(was)[:40]}, this machine has {now.get(pkg)}")

    policy, prior, previous_whitelist = (user_files[k] for k in ("policy", "prior", "previous_whitelist"))
    roots = (out_dir, data_dir)
    recorded_sha = m.get("policy.sha256", (str, type(None)), None)
    given_apply(settings, inputs, policy, prior, previous_whitelist, user_files["trainers"])
    if policy is not None:
        expected = m.get("policy.sha256", str)
        policy_file = given_file("--policy", policy, expected, settings.policy, os.path.join(given_dir, "policy"))
        settings = dataclasses.replace(settings, policy=policy_file)
    elif settings.policy:
        policy_file = recorded_file(
            m, "options.policy", settings.policy, roots, data_dir, notes, GIVEN_BY["options.policy"]
        )
        settings = dataclasses.replace(settings, policy=policy_file)
    else:
        policy_file = _shipped_policy_path()
    policy_digest = file_sha256(policy_file) if os.path.isfile(policy_file) else None
    same = policy_digest is not None and policy_digest == recorded_sha
    rows.append(
        {
            "kind": "policy",
            "file": m.get("policy.file", (str, type(None)), None),
            "status": "identical" if same else ("missing" if policy_digest is None else "changed"),
            "detail": ""
            if same
            else f"{policy_file} not found (give it with `jncli verify OUT_DIR {GIVEN_BY['options.policy']}`)"
            if policy_digest is None
            else f"sha256 {policy_digest[:12]}… ≠ recorded {str(recorded_sha)[:12]}…",
        }
    )

    for name in ("previous_whitelist", "trainers"):  # given on verify's command line, else where the run read it
        option, recorded_path, key = "--" + name.replace("_", "-"), getattr(settings, name), f"options.{name}"
        if user_files[name] is not None:
            sha = next(item["sha256"] for item in inputs if item["kind"] == name)
            path = given_file(option, user_files[name], sha, recorded_path, os.path.join(given_dir, option[2:]))
            settings = dataclasses.replace(settings, **{name: path})
        elif recorded_path:
            path = recorded_file(m, key, recorded_path, roots, data_dir, notes, GIVEN_BY[key])
            settings = dataclasses.replace(settings, **{name: path})
    priors_given = given_priors(prior, [(i, x) for i, x in enumerate(inputs) if x["kind"] == PRIOR]) if prior else {}
    prior_paths: list[tuple[dict, str]] = []
    for i, item in enumerate(inputs):
        if item["kind"] in ("previous_whitelist", "trainers") and getattr(settings, item["kind"]):
            path = getattr(settings, item["kind"])
        elif item["kind"] == PRIOR:
            path = priors_given.get(i) or _prior_path(m, i, item, out_dir, data_dir, notes)
            prior_paths.append((item, path))
        elif item["kind"] == "compare_with":  # recorded for the audit trail; the run's copy is read (below)
            continue
        else:
            path = item["file"] if os.path.isabs(item["file"]) else os.path.join(data_dir, recorded_name(item))
            if "\0" in path or not any(inside(path, root) for root in roots):
                raise m.bad(
                    f"inputs[{i}].file",
                    f"names {shown(item['file'], PATH_LIMIT)}, outside the run's folder and the data folder: "
                    "verify reads no file there",
                )
        if not os.path.isfile(path):
            option = {PRIOR: PRIOR_OPTION} | {k: GIVEN_BY[f"options.{k}"] for k in ("previous_whitelist", "trainers")}
            give = f" (give it with `jncli verify OUT_DIR {option[item['kind']]}`)" if item["kind"] in option else ""
            rows.append(
                {"kind": "input", "file": item["file"], "status": "missing", "detail": f"{path} not found{give}"}
            )
            continue
        digest = file_sha256(path)
        ok = digest == item["sha256"]
        rows.append(
            {
                "kind": "input",
                "file": item["file"],
                "status": "identical" if ok else "changed",
                "detail": "" if ok else f"sha256 {digest[:12]}… ≠ recorded {item['sha256'][:12]}…",
            }
        )
    rows += _unread_tables(data_dir, inputs, ignored)
    compared = _compared_copy(settings, out_dir, recorded, rows)
    not_as_run = [r for r in rows if r["kind"] in ("input", "policy") and r["status"] not in ("identical", "extra")]

    fresh: dict[str, str] = {}
    if not_as_run:
        # a file that is not what the run read is never parsed: re-running with it would not be that run
        notes.append(
            "inputs are missing: the year cannot be re-run"
            if all(r["status"] == "missing" for r in not_as_run)
            else "an input or the policy is not what the run read: the year is not re-run"
        )
    else:
        policy = load_policy(policy_file)
        found = from_manifest_inputs(doc, data_dir, inopts)
        prior = [_prior_file(item, path) for item, path in prior_paths]
        facts = next(
            (x.get("run") for x in inputs if x["kind"] == "compare_with" and isinstance(x.get("run"), dict)), {}
        )
        r = run(found, settings, policy, inopts, prior=prior, compared=compared, compared_facts=facts)
        # the re-run hashed each table as it read it: one not as recorded changed after the check above, while
        # the re-run read it — its outputs would be held against the wrong bytes
        for f in found.inputs:
            if f.sha256 != next((x["sha256"] for x in inputs if x["file"] == f.name), f.sha256):
                raise changed_while_read(f.name)
        with tempfile.TemporaryDirectory(prefix="jncli-verify-") as tmp:
            fresh = write_outputs(r, tmp)
        rows += differences(doc, r)

    why_not = (
        "cannot re-run: inputs missing"
        if all(r["status"] == "missing" for r in not_as_run)
        else "cannot re-run: an input or the policy changed"
    )
    for name, digest in recorded.items():
        path = os.path.join(out_dir, name)
        here = file_sha256(path) if os.path.isfile(path) else None
        again = fresh.get(name)
        if here is None:
            status, detail = "missing", f"{name} is not in {out_dir}"
        elif here != digest:
            status = "differs"
            detail = "the file in OUT_DIR was changed after the run (its sha256 is not the manifest's)"
        elif not_as_run:
            status, detail = "unverified", why_not
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


def _unread_tables(data_dir: str, inputs: list[dict], ignored: list[dict]) -> list[dict[str, Any]]:
    """Table files in the data folder that the run neither read nor named as ignored: added since the run
    (the re-run reads only the recorded files, so they change nothing here), but a new run of the year would
    read them. Reported as `extra` (not an error: the question is whether the outputs follow from the
    recorded inputs), so an auditor sees that the folder is no longer the run's."""
    from jncli.annual.inputs import INPUTS_TOML, _is_table_name, passed_over

    if not os.path.isdir(data_dir):
        return []
    # by name: a file an option gave (--prior, --previous-whitelist) is recorded by its path, and verify takes a
    # copy of it in the data folder by its name
    recorded = [item["file"] for item in (*inputs, *ignored)] + [item.get("path") or "" for item in inputs]
    known = {os.path.basename(f) for f in recorded if isinstance(f, str)} | {INPUTS_TOML}
    rows = []
    for raw in sorted(os.listdir(data_dir)):
        name, path = shown_name(raw), os.path.join(data_dir, raw)
        if name in known or passed_over(raw, path):
            continue
        if _is_table_name(raw):
            detail = "a table file in the data folder that the run did not read (added since?): a new run would read it"
            rows.append({"kind": "input", "file": name, "status": "extra", "detail": detail})
    return rows


def _prior_path(m: _Manifest, i: int, item: dict, out_dir: str, data_dir: str, notes: list[str]) -> str:
    """Where a recorded prior ledger is now: the earlier run beside OUT_DIR by its path relative to it
    (`../<year>/ledger.csv`, the one file outside OUT_DIR and the data folder verify reads: the ledger
    of the sibling year's run), --prior by its absolute path when that lies inside OUT_DIR or the data
    folder; moved (archived with the data), by its name in the data folder."""
    import re

    key = f"inputs[{i}]"
    origin = item.get("origin")
    if not isinstance(origin, (str, type(None))):
        raise m.bad(f"{key}.origin", f"must be a string, not {_json_type(origin)}")
    if origin == FROM_EARLIER_RUN:
        if not re.fullmatch(r"\.\./[0-9]{4}/ledger\.csv", item["file"]):
            raise m.bad(
                f"{key}.file",
                f"must be ../<year>/ledger.csv (an earlier run beside OUT_DIR), not {shown(item['file'], PATH_LIMIT)}: "
                "verify reads no file elsewhere",
            )
        here = os.path.join(out_dir, item["file"])
        if os.path.isfile(here):
            return here
        moved = os.path.join(data_dir, os.path.basename(item["file"]))
        if os.path.isfile(moved):
            notes.append(f"the prior ledger {item['file']} is not at {here}; using {moved}")
            return moved
        return here
    recorded = item.get("path", "")
    if not isinstance(recorded, str):
        raise m.bad(f"{key}.path", f"must be a string, not {_json_type(recorded)}")
    return recorded_file(m, f"{key}.path", recorded, (out_dir, data_dir), data_dir, notes, PRIOR_OPTION)


def _prior_file(item: dict, path: str) -> InputFile:
    from jncli import tableio

    table = _renamed(tableio.read_table(path), item["file"])
    return InputFile(item["file"], path, PRIOR, table, sha256=file_sha256(path), origin=item.get("origin", FROM_OPTION))


def _compared_copy(settings: Settings, out_dir: str, recorded: dict[str, str], rows: list[dict]) -> str | None:
    """--compare-with: the earlier run's ledger as the run compared it, the copy in OUT_DIR (never the
    earlier run's folder, which may be anywhere); checked against its recorded SHA-256 before it is read."""
    if not settings.compare_with:
        return None
    path = os.path.join(out_dir, COMPARED)
    digest = file_sha256(path) if os.path.isfile(path) else None
    expected = recorded.get(COMPARED)
    status = "missing" if digest is None else "identical" if digest == expected else "changed"
    detail = {"missing": f"{path} not found", "changed": "its sha256 is not the manifest's", "identical": ""}[status]
    rows.append({"kind": "input", "file": COMPARED, "status": status, "detail": detail})
    return path


def _shipped_policy_path() -> str:
    # verify must not pick up $JNCLI_POLICY: the manifest says the shipped policy was used.
    from importlib import resources

    from jncli.policy import DEFAULT_POLICY

    return str(resources.files("jncli.policies").joinpath(DEFAULT_POLICY))
