"""Which policy file is in force, and loading it: `--policy FILE`, else `JNCLI_POLICY`, else the shipped file."""

from __future__ import annotations

import os
from pathlib import Path

from jncli.errors import PolicyError
from jncli.policy.model import Policy

DEFAULT_POLICY = "jining-2022.toml"
# Keys of this project's own bounds and readings (not the text's) added after bureaus began copying the shipped
# file: a copy made before lacks them and would be refused, so it takes the shipped file's value (docs/policy.md).
# A key of the text (an amount, a date, a threshold) never is: a copy without it is refused, naming the key.
UTF8_BOM = b"\xef\xbb\xbf"
ADDED_LATER = (
    "m1.province_growth_bare_limit",
    "m1.province_growth_bare_warn",
    "m7.record_kind_words",  # 163c4db
    "m7.record_kind_negations",  # d29c2d2
    "m7.record_kind_honours",  # d29c2d2
)


def policy_path(explicit: str | os.PathLike | None = None) -> str | None:
    """The policy file chosen by --policy or JNCLI_POLICY; None means the shipped default."""
    if explicit:
        return str(explicit)
    return os.environ.get("JNCLI_POLICY") or None


def load_policy(path: str | os.PathLike | None = None) -> Policy:
    """Load and validate the policy in force (see module docstring for the selection order)."""
    chosen = policy_path(path)
    if chosen is None:
        raw = _shipped_bytes()
        source = DEFAULT_POLICY
    else:
        try:
            raw = Path(chosen).read_bytes()
        except OSError as e:
            raise PolicyError(f"cannot read policy file {chosen}: {e.strerror or e}") from None
        source = str(chosen)
    sha256 = _sha256(raw)
    generated = _generated(sha256, source)
    if generated is not None:
        return generated
    import tomllib  # (~1.5 ms of imports a run of the shipped policy does not pay, nor `read` and `check`: ~1 ms)

    from jncli.policy.read import parse_policy

    try:
        # a leading UTF-8 BOM (Notepad's "UTF-8 with BOM") is no part of the TOML; the sha256 stays the file's bytes,
        # the digest `verify` and the manifest compare (review 25, F5)
        data = tomllib.loads(raw.removeprefix(UTF8_BOM).decode("utf-8"))
    except UnicodeDecodeError as e:
        start = e.start + (len(UTF8_BOM) if raw.startswith(UTF8_BOM) else 0)
        raise PolicyError(
            f"policy file {source} is not UTF-8 (byte {start})",
            hint="save it as UTF-8 (in Notepad: Save As, Encoding UTF-8): a file saved as ANSI or GBK is not read",
        ) from None
    except tomllib.TOMLDecodeError as e:
        raise PolicyError(f"policy file {source} is not valid TOML: {e}") from None
    except RecursionError:
        raise PolicyError(f"policy file {source} is not a policy: its tables or lists are nested too deeply") from None
    if chosen is not None:
        _fill_added_later(data)
    return parse_policy(data, source, sha256)


def _generated(sha256: str, source: str) -> Policy | None:
    """The shipped policy from its generated module (`jncli/policy/_shipped.py`, no TOML parse, no checks: ~7 ms
    a run) when these bytes are the ones it was generated from — the shipped file, or a copy not edited (then
    `_fill_added_later` has nothing to fill). Any other bytes (an edited copy, a shipped file edited and the
    module not regenerated): None, and the TOML is parsed and checked."""
    try:
        from jncli.policy import _shipped
    except ImportError:  # an install without it: the TOML is read
        return None
    if sha256 != _shipped.SHA256 or getattr(_shipped, "READER", None) != reader_digest():
        return None
    return _shipped.policy(source, sha256)


# The modules that decide what a `Policy` holds: the generated module is used only with the ones it was made by, so
# a change to how the TOML is read (a new field, another derived value) is never answered from a stale module.
READER_SOURCES = ("model.py", "read.py")


def reader_digest() -> str | None:
    """The sha256 of READER_SOURCES' bytes (~0.1 ms), None when they cannot be read (then the TOML is parsed)."""
    here = Path(__file__).parent
    try:
        return _sha256(b"".join((here / name).read_bytes() for name in READER_SOURCES))
    except OSError:
        return None


def _fill_added_later(data: dict) -> None:
    """The ADDED_LATER keys a copied policy file lacks, from the shipped file (the hash stays the copy's)."""
    missing = [k for k in ADDED_LATER if not _has(data, k.split("."))]
    if not missing:
        return
    import tomllib

    shipped = tomllib.loads(_shipped_bytes().decode("utf-8"))
    for key in missing:
        *tables, name = key.split(".")
        node, source = data, shipped
        for t in tables:
            if not isinstance(node.get(t, {}), dict):
                break  # a table that is no table: the parser names it
            node, source = node.setdefault(t, {}), source[t]
        else:
            node[name] = source[name]


def _has(data: dict, parts: list[str]) -> bool:
    node = data
    for part in parts:
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def is_shipped(policy: Policy) -> bool:
    """Is `policy` the shipped policy file (the same bytes, whatever it was chosen by)?"""
    return policy.sha256 == _sha256(_shipped_bytes())


def _shipped_bytes() -> bytes:
    """The shipped policy file's bytes: next to the package's modules, where setuptools installs it
    (importlib.resources, ~1.5 ms of imports, only when it is not there: a zipped install)."""
    try:
        return Path(os.path.dirname(os.path.dirname(__file__)), "policies", DEFAULT_POLICY).read_bytes()
    except OSError:
        from importlib import resources

        return resources.files("jncli.policies").joinpath(DEFAULT_POLICY).read_bytes()


def _sha256(raw: bytes) -> str:
    """hashlib.sha256(raw).hexdigest() without importing hashlib (OpenSSL's module, ~2 ms) when CPython's
    own SHA-256 module is there; the same digest either way (the standard's)."""
    try:
        from _sha256 import sha256
    except ImportError:  # another Python (3.12 names it _sha2)
        from hashlib import sha256
    return sha256(raw).hexdigest()
