"""Which policy file is in force, and loading it: `--policy FILE`, else `JNCLI_POLICY`, else the shipped file."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from jncli.errors import PolicyError
from jncli.policy.model import Policy
from jncli.policy.read import parse_policy

DEFAULT_POLICY = "jining-2022.toml"


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
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise PolicyError(f"policy file {source} is not UTF-8 (byte {e.start})") from None
    except tomllib.TOMLDecodeError as e:
        raise PolicyError(f"policy file {source} is not valid TOML: {e}") from None
    except RecursionError:
        raise PolicyError(f"policy file {source} is not a policy: its tables or lists are nested too deeply") from None
    return parse_policy(data, source, _sha256(raw))


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
