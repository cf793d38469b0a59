"""The shipped policy as generated Python (`jncli/policy/_shipped.py`, `python -m jncli.policy.generate`).

The module must be what the generator writes from the committed TOML (as the cog checks of the docs), its
`Policy` must be the parsed one field by field (types and Decimal exponents included), and it must be used
only for the bytes it was generated from: an edited copy, or a stale module, is parsed and checked as before.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from jncli.policy import _shipped, generate, load
from jncli.policy.read import parse_policy

ROOT = Path(__file__).resolve().parents[1]
TOML = ROOT / "jncli" / "policies" / "jining-2022.toml"
JNCLI = str(Path(sys.executable).parent / "jncli")


def parsed(raw: bytes, source: str = load.DEFAULT_POLICY):
    return parse_policy(tomllib.loads(raw.decode("utf-8")), source, load._sha256(raw))


def test_the_committed_module_is_what_the_generator_writes():
    committed = generate.TARGET.read_text("utf-8")
    assert committed == generate.source_text(TOML.read_bytes()), (
        "jncli/policy/_shipped.py is stale: run `python -m jncli.policy.generate`"
    )
    assert generate.main(["--check"]) == 0


def test_the_generated_policy_is_the_parsed_one_field_by_field():
    raw = TOML.read_bytes()
    assert load._sha256(raw) == _shipped.SHA256
    fast, slow = load.load_policy(), parsed(raw)
    for name in slow._fields:
        # equal, of the same types throughout, Decimals with the same exponent, floats to the bit (a record's `==`
        # would call Decimal('30') equal to Decimal('30.0') and 1 to 1.0: compared through their literals)
        assert generate.py(getattr(fast, name)) == generate.py(getattr(slow, name)), name
    assert fast.raw == tomllib.loads(raw.decode("utf-8"))
    assert load.load_policy().raw is not fast.raw  # fresh at every load: nobody shares a mutable table


def test_the_literal_writer_keeps_types_and_digits():
    for value in (Decimal("10"), Decimal("10.0"), Decimal("0.105"), 0.1, 1e-7, 3, True, None, (1,), [()], {2023: 0.5}):
        assert eval(generate.py(value), {"Decimal": Decimal}) == value  # noqa: S307
        assert generate.py(eval(generate.py(value), {"Decimal": Decimal})) == generate.py(value)  # noqa: S307
    assert generate.py(Decimal("10.0")) != generate.py(Decimal("10"))
    with pytest.raises(TypeError):
        generate.py(float("nan"))
    with pytest.raises(TypeError):
        generate.py({1, 2})


def test_a_stale_module_is_never_used(monkeypatch):
    """A module whose hash is not the file's (the TOML edited, the module not regenerated): the TOML is parsed."""
    raw = TOML.read_bytes()
    monkeypatch.setattr(_shipped, "SHA256", "0" * 64)
    monkeypatch.setattr(_shipped, "policy", lambda *a: pytest.fail("the stale module was used"))
    got = load.load_policy()
    assert generate.py(got) == generate.py(parsed(raw))


def test_a_module_made_by_other_reading_code_is_never_used(monkeypatch):
    """The TOML unchanged but model.py or read.py edited (a new field, another derived value) and the module not
    regenerated: its hash of the reading modules differs, and the TOML is parsed."""
    raw = TOML.read_bytes()
    assert load.reader_digest() == _shipped.READER
    monkeypatch.setattr(_shipped, "READER", "0" * 64)
    monkeypatch.setattr(_shipped, "policy", lambda *a: pytest.fail("the module of other reading code was used"))
    assert generate.py(load.load_policy()) == generate.py(parsed(raw))


def test_an_unedited_copy_uses_the_module_and_an_edited_one_is_parsed(tmp_path, monkeypatch):
    copy = tmp_path / "copy.toml"
    copy.write_bytes(TOML.read_bytes())
    assert load._generated(load._sha256(copy.read_bytes()), str(copy)) is not None
    got = load.load_policy(copy)
    assert got.source == str(copy) and generate.py(got) == generate.py(parsed(copy.read_bytes(), str(copy)))
    edited = TOML.read_text("utf-8").replace("awards = [50, 40, 30]", "awards = [50, 40, 31]", 1)
    assert edited != TOML.read_text("utf-8")
    copy.write_text(edited, "utf-8")
    got = load.load_policy(copy)
    assert [str(a) for a in got.m1_awards] == ["50", "40", "31"]


def test_a_run_of_the_shipped_policy_parses_no_toml():
    """The fast path, in a fresh process: loading the shipped policy imports no TOML parser (fails when the
    module is not used, e.g. its SHA256 or the hash compared broken on purpose)."""
    code = "import sys; from jncli.policy import load_policy; load_policy(); print('tomllib' in sys.modules)"
    env = {k: v for k, v in os.environ.items() if k != "JNCLI_POLICY"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "False"


def test_the_binary_pays_from_an_edited_copy_not_the_module(tmp_path):
    """Through the real binary: JNCLI_POLICY naming an edited copy of the shipped file (third place 31 万元, not
    30) is what score-counties pays from; the shipped file's run says 30."""
    copy = tmp_path / "p.toml"
    copy.write_text(TOML.read_text("utf-8").replace("awards = [50, 40, 30]", "awards = [50, 40, 31]", 1), "utf-8")
    cmd = [JNCLI, "score-counties", str(ROOT / "samples" / "counties.csv"), "--year", "2023"]
    cmd += ["--province-growth", "10%", "--province-rural-growth", "12%"]
    plain_env = {k: v for k, v in os.environ.items() if k != "JNCLI_POLICY"}
    edited = subprocess.run(cmd, capture_output=True, text=True, env={**plain_env, "JNCLI_POLICY": str(copy)})
    plain = subprocess.run(cmd, capture_output=True, text=True, env=plain_env)
    assert edited.returncode == 0 and plain.returncode == 0, edited.stderr + plain.stderr
    assert "按第3位获31万元" in edited.stdout and "按第3位获31万元" not in plain.stdout
    assert "按第3位获30万元" in plain.stdout


def test_pricing_compares_a_copy_with_the_generated_data_not_a_second_parse(tmp_path):
    """`prices_received_as_shipped` (award-enterprises' and annual's earlier year under a copy) takes the shipped
    file's data from the generated module when it was made from those bytes, as `load` does: the copy is parsed
    once, the shipped file not at all; the answer is the parsed file's."""
    copy = tmp_path / "w46.toml"
    text = TOML.read_text("utf-8")
    edited = text.replace("weight_scale = 0.5\n", "weight_scale = 0.4\n", 1)
    copy.write_text(edited.replace("weight_growth = 0.5\n", "weight_growth = 0.6\n", 1), "utf-8")
    code = (
        "import tomllib, sys\n"
        "calls = []\n"
        "loads = tomllib.loads\n"
        "tomllib.loads = lambda *a, **k: calls.append(1) or loads(*a, **k)\n"
        "from jncli.policy import load_policy\n"
        "from jncli.policy.pricing import prices_received_as_shipped\n"
        "p = load_policy(sys.argv[1])\n"
        "print(prices_received_as_shipped(p), len(calls))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "JNCLI_POLICY"}
    out = subprocess.run([sys.executable, "-c", code, str(copy)], capture_output=True, text=True, env=env)
    assert out.stdout.split() == ["True", "1"], out.stdout + out.stderr


def test_pricing_parses_the_shipped_file_when_the_module_is_stale(monkeypatch):
    from jncli.policy import pricing

    expected = tomllib.loads(TOML.read_text("utf-8"))
    assert pricing._shipped_data() == expected
    monkeypatch.setattr(_shipped, "SHA256", "0" * 64)
    monkeypatch.setattr(_shipped, "data", lambda: pytest.fail("the stale module was used"))
    assert pricing._shipped_data() == expected
