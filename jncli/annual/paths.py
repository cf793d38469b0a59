"""Where `jncli verify` may read: the paths a manifest records, and the files the user gives instead.

A manifest is as trustworthy as whoever can write OUT_DIR, so a path it records is read only inside
the run's folder or the data folder (issue 19: never /etc/…, never ../..). A file the run read
elsewhere — its --policy file, a --prior ledger, the --previous-whitelist, the --trainers file — is given on verify's
command line with the option of that name, and used only if its SHA-256 is the one recorded.
"""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING

from jncli.annual.inputs import PRIOR, file_sha256
from jncli.errors import DataError, UsageError, shown

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jncli.annual.audit import _Manifest
    from jncli.annual.compute import Settings

PATH_LIMIT = 300  # a path quoted in a message: whole as a rule, cut only when absurd


def inside(path: str, root: str) -> bool:
    """Is `path` (made absolute, `..` resolved as text) `root` itself or under it? A manifest cannot make
    links, so its paths are judged as written; a data folder's own links are its owner's choice."""
    p = os.path.normpath(os.path.abspath(path))
    r = os.path.normpath(os.path.abspath(root))
    return p == r or p.startswith(r.rstrip(os.sep) + os.sep)


def plain_name(name: str) -> bool:
    return name not in ("", ".", "..") and "/" not in name and os.sep not in name and "\0" not in name


# the option of `jncli verify` that gives a file the manifest records outside the two folders
GIVEN_BY = {
    "options.policy": "--policy FILE",
    "options.previous_whitelist": "--previous-whitelist FILE",
    "options.trainers": "--trainers FILE",
}
PRIOR_OPTION = "--prior LEDGER"


def recorded_file(
    m: _Manifest, key: str, recorded: str, roots: tuple[str, str], data_dir: str, notes: list[str], option: str
):
    """A file the manifest records by its path (the policy file, the previous whitelist, a --prior
    ledger): that path when it lies inside the run's folder or the data folder, else the file of the
    same name in the data folder; otherwise verify refuses to read it and names `option`, with which
    the user gives the file (checked against its recorded SHA-256)."""
    if "\0" in recorded:
        raise m.bad(key, "is not a path")
    if any(inside(recorded, root) for root in roots) and os.path.isfile(recorded):
        return recorded
    moved = os.path.join(data_dir, os.path.basename(recorded))
    if plain_name(os.path.basename(recorded)) and os.path.isfile(moved):
        within = any(inside(recorded, root) for root in roots)
        where = "is not there" if within else "is not read (verify reads only in the run's folder and the data folder)"
        notes.append(f"{key} {recorded} {where}; using {moved}")
        return moved
    if any(inside(recorded, root) for root in roots):
        return recorded  # inside, and missing: reported as missing
    raise m.bad(  # the file is not opened: nothing of it can show in this message
        key,
        f"names {shown(recorded, PATH_LIMIT)}, outside the run's folder and the data folder: "
        "verify reads no file there",
        f"give it with `jncli verify OUT_DIR {option}` (used only if its SHA-256 is the recorded one), "
        f"or copy it into the data folder ({data_dir})",
    )


def given_digest(option: str, path: str) -> str:
    """The SHA-256 of a file given to verify on the command line (hashed, not parsed)."""
    if not os.path.exists(path):
        raise DataError(f"{option} {shown(path, PATH_LIMIT)}: no such file")
    if not os.path.isfile(path):
        raise DataError(f"{option} {shown(path, PATH_LIMIT)}: not a file")
    try:
        return file_sha256(path)
    except OSError as e:
        raise DataError(
            f"{option} {shown(path, PATH_LIMIT)}: cannot be read ({e.strerror or type(e).__name__})"
        ) from None


def given_file(option: str, path: str, expected: str, recorded: str, into: str) -> str:
    """A file given to verify (--policy, --previous-whitelist) for the one the run read at `recorded`:
    copied into the folder `into` under the recorded file name (the report and the manifest name the
    file by it, so the re-run must too), and used only if the copy's SHA-256 is the recorded one."""
    given_digest(option, path)  # there, a file, readable: else one line naming the option
    name = os.path.basename(recorded)
    os.makedirs(into, exist_ok=True)
    copy = os.path.join(into, name if plain_name(name) else os.path.basename(path))
    try:
        shutil.copyfile(path, copy)
        digest = file_sha256(copy)  # the bytes checked are the bytes the re-run reads
    except OSError as e:
        raise DataError(
            f"{option} {shown(path, PATH_LIMIT)}: cannot be copied ({e.strerror or type(e).__name__})"
        ) from None
    if digest != expected:
        raise DataError(
            f"{option} {shown(path, PATH_LIMIT)}: SHA-256 {digest[:12]}… is not the recorded {expected[:12]}… "
            f"of the file the run read ({shown(recorded, PATH_LIMIT)})",
            "give the file the run used; a file changed since cannot reproduce the run",
        )
    return copy


def given_apply(settings: Settings, inputs: list[dict], policy, prior, previous_whitelist, trainers=None) -> None:
    """An option of verify for a file the run did not read is a usage error, before any file is read."""
    if policy is not None and not settings.policy:
        raise UsageError(
            "--policy: the run used the shipped policy (the manifest records no --policy file)",
            "leave --policy out: verify checks the installed jncli's shipped policy against the recorded SHA-256",
        )
    if previous_whitelist is not None and not (
        settings.previous_whitelist and any(item["kind"] == "previous_whitelist" for item in inputs)
    ):
        raise UsageError(
            "--previous-whitelist: the run read no previous whitelist (the manifest records none)",
            "leave --previous-whitelist out",
        )
    if trainers is not None and not (settings.trainers and any(item["kind"] == "trainers" for item in inputs)):
        raise UsageError(
            "--trainers: the run read no --trainers file (the manifest records none)", "leave --trainers out"
        )
    if prior and not any(item["kind"] == PRIOR for item in inputs):
        raise UsageError("--prior: the run read no prior ledger (the manifest records none)", "leave --prior out")


def given_priors(given: Sequence[str], priors: list[tuple[int, dict]]) -> dict[int, str]:
    """verify --prior LEDGER…: each file is a recorded prior ledger by its SHA-256 (whatever its name and
    wherever it lies now), or verify stops. Returns {index in the manifest's inputs: path}."""
    taken: dict[int, str] = {}
    unmatched: list[tuple[str, str]] = []
    for path in given:
        digest = given_digest("--prior", path)
        hit = next((i for i, item in priors if i not in taken and item["sha256"] == digest), None)
        twice = next((p for i, p in taken.items() if dict(priors)[i]["sha256"] == digest), None)
        if hit is None and twice is not None:
            raise UsageError(f"--prior {shown(path, PATH_LIMIT)} is the same ledger as --prior {shown(twice)}")
        if hit is None:
            unmatched.append((path, digest))
        else:
            taken[hit] = path
    for path, digest in unmatched:
        left = [item for i, item in priors if i not in taken]
        same_name = [item for item in left if os.path.basename(item["file"]) == os.path.basename(path)]
        pair = same_name or left
        if len(pair) == 1:
            expected = f"the recorded {pair[0]['sha256'][:12]}… of {shown(pair[0]['file'], PATH_LIMIT)}"
        else:  # several left, none by this name (none left: each recorded ledger is given already)
            listed = ", ".join(f"{shown(item['file'], 60)} {item['sha256'][:12]}…" for item in pair[:5])
            expected = f"that of a prior ledger the run read ({listed or 'each is given already'})"
        raise DataError(
            f"--prior {shown(path, PATH_LIMIT)}: SHA-256 {digest[:12]}… is not {expected}: not a ledger the run read",
            "give the ledgers the run read; a ledger changed since is not what was paid",
        )
    return {i: os.path.abspath(path) for i, path in taken.items()}
