"""Which policy file is in force, said and written out (review 25 F3, F11).

F3: a what-if copy left in $JNCLI_POLICY paid silently in the subcommands (exit 0, nothing on stderr). Every
command that computes with the policy now says once on stderr, as a note (never a warning, never stdout, no
change of exit status), that the policy in force is not the shipped file, and where it came from.

F11: `jncli policy --toml` writes the policy file in force byte for byte (annual.md's `policy/jining.toml`,
compare.md's copy to edit), to stdout or -o.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLE_RATES

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHIPPED = ROOT / "jncli" / "policies" / "jining-2022.toml"
NOTE_ENV = "policy: whatif.toml (from $JNCLI_POLICY), not the shipped jining-2022.toml"
NOTE_OPT = "policy: whatif.toml (from --policy), not the shipped jining-2022.toml"
COUNTIES = ("score-counties", str(SAMPLES / "counties.csv"), "--year", "2023", *SAMPLE_RATES, "--final")


@pytest.fixture(scope="module")
def jncli(jncli):
    return jncli.using(text=True, timeout=300)


@pytest.fixture(scope="module")
def whatif(tmp_path_factory) -> Path:
    """Measure 1 pays 60/40/30 (its caps raised to 60): the review's what-if copy."""
    text = SHIPPED.read_text("utf-8")
    assert text.count("awards = [50, 40, 30]") == 1
    text = text.replace("awards = [50, 40, 30]", "awards = [60, 40, 30]")
    for rule in ("online", "rural", "enterprise"):
        head = f'[rules."m1.{rule}"]\nmeasure = 1\ncap = 50'
        assert text.count(head) == 1
        text = text.replace(head, head[:-2] + "60")
    folder = tmp_path_factory.mktemp("whatif")
    (folder / "whatif.toml").write_text(text, "utf-8")
    return folder


def test_a_policy_from_the_environment_is_named_once_on_stderr(jncli, whatif):
    proc = jncli(*COUNTIES, cwd=whatif, env={"JNCLI_POLICY": "whatif.toml"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count(NOTE_ENV) == 1, proc.stderr
    assert f"jncli score-counties: {NOTE_ENV}\n" in proc.stderr  # a note: no "warning:"
    assert "whatif" not in proc.stdout and "60万元" in proc.stdout  # the copy pays; stdout carries only the table
    # the same copy by --policy: the same table, the note says where it came from
    by_option = jncli(*COUNTIES, "--policy", "whatif.toml", cwd=whatif)
    assert by_option.returncode == 0 and by_option.stdout == proc.stdout
    assert by_option.stderr.count(NOTE_OPT) == 1 and NOTE_ENV not in by_option.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("award-enterprises", str(SAMPLES / "enterprises.csv")),
        ("track-shops", str(SAMPLES / "shops.csv"), "--year", "2023"),
        ("check-validity", "--as-of", "2023-06-01"),
    ],
    ids=["award-enterprises", "track-shops", "check-validity"],
)
def test_every_command_names_a_policy_copy(jncli, whatif, args):
    shipped = jncli(*args, cwd=whatif)
    proc = jncli(*args, cwd=whatif, env={"JNCLI_POLICY": "whatif.toml"})
    assert proc.returncode == shipped.returncode == 0, proc.stderr
    assert proc.stderr.count(NOTE_ENV) == 1, proc.stderr
    assert "policy:" not in shipped.stderr  # the shipped file is in force: nothing said


def test_the_shipped_file_named_by_path_is_not_a_copy(jncli):
    proc = jncli(*COUNTIES, "--policy", str(SHIPPED))
    assert proc.returncode == 0 and "not the shipped" not in proc.stderr


def test_the_note_in_chinese(jncli, whatif):
    proc = jncli(*COUNTIES, cwd=whatif, env={"JNCLI_POLICY": "whatif.toml", "LC_ALL": "zh_CN.UTF-8"})
    assert proc.returncode == 0, proc.stderr
    assert "政策文件：whatif.toml（来自 $JNCLI_POLICY），不是随附的 jining-2022.toml" in proc.stderr


def test_annual_names_a_policy_copy(jncli, annual, whatif, tmp_path):
    proc = annual(SAMPLES, tmp_path / "out", cwd=whatif, env={"JNCLI_POLICY": "whatif.toml"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count(f"jncli annual: {NOTE_ENV}\n") == 1, proc.stderr
    # the report names the file in force and its hash, as it did
    assert "政策文件 whatif.toml（SHA-256 " in (tmp_path / "out" / "report.html").read_text("utf-8")


def test_policy_toml_writes_the_file_in_force_byte_for_byte(jncli, whatif, tmp_path):
    proc = jncli("policy", "--toml")
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.encode("utf-8") == SHIPPED.read_bytes()
    copy = (whatif / "whatif.toml").read_bytes()
    out = tmp_path / "policy" / "jining.toml"
    out.parent.mkdir()
    proc = jncli("policy", "--toml", "-o", str(out), cwd=whatif, env={"JNCLI_POLICY": "whatif.toml"})
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == copy and proc.stdout == ""
    proc = jncli("policy", "--toml", "--policy", "whatif.toml", cwd=whatif)
    assert proc.stdout.encode("utf-8") == copy
    # the file written is a policy file jncli reads back: `jncli policy` names it
    proc = jncli("policy", "--policy", str(out), "-f", "csv", "--lang", "en")
    assert proc.returncode == 0 and "jining.toml" in proc.stdout.splitlines()[1]


def test_policy_toml_is_not_a_table(jncli):
    proc = jncli("policy", "--toml", "-f", "csv")
    assert proc.returncode == 2 and proc.stdout == ""
    assert "--toml writes the policy file as it is; it cannot go with --format csv" in proc.stderr
