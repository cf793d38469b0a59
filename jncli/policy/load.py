"""Which policy file is in force, and loading it: `--policy FILE`, else `JNCLI_POLICY`, else the shipped file."""

from __future__ import annotations

import os
import tomllib
from importlib import resources
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
    import hashlib

    chosen = policy_path(path)
    if chosen is None:
        raw = resources.files("jncli.policies").joinpath(DEFAULT_POLICY).read_bytes()
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
    return parse_policy(data, source, hashlib.sha256(raw).hexdigest())
