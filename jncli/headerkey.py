"""The matching key of a header (`schema.normalize_header`): its own module, the ground floor beside `values`
(it imports nothing of jncli), so that `schema` stays within its lines."""

from __future__ import annotations

import functools
import re
import unicodedata

_SEPARATOR_RUNS = re.compile(r"[\s_\-·:：]+")


@functools.lru_cache(maxsize=4096)  # a run matches the same few hundred headers against every schema
def normalize_header(text: str) -> str:
    """Matching key of a header: NFKC (full-width → half-width), lower case, no spaces (nor line breaks)/_/-."""
    t = unicodedata.normalize("NFKC", text).strip().lower()
    # Most keys hold nothing to take out: no separator, and no whitespace — every character `\s` matches but
    # the space is not printable, and NFKC made `：` a `:` (tests/test_header_keys.py). The check is ~3× faster
    # than the regex's pass; the regex takes the rest.
    if t.isprintable() and " " not in t and "_" not in t and "-" not in t and "·" not in t and ":" not in t:
        return t
    return _SEPARATOR_RUNS.sub("", t)
