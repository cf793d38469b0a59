"""Nothing half-written left behind: `-o FILE` and `annual -o OUT_DIR` killed at a controlled point.

Each test runs the real binary with the test hook JNCLI_TEST_PAUSE_AT=<point> (jncli/tableio/atomic.py),
waits until jncli says it is paused there, and sends a real signal: SIGKILL (the OOM killer, `kill -9`:
nothing can be cleaned up, the next run must put it right) or SIGTERM (cleaned up at once). Also: one
`annual` per OUT_DIR at a time (the lock), and `-o` through a symbolic link.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import selectors
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
RATES = ["--province-growth", "10%", "--province-rural-growth", "12%"]
OTHER_RATES = ["--province-growth", "11%", "--province-rural-growth", "12%"]  # another result: another ledger


@pytest.fixture(scope="module")
def jncli(jncli):
    return jncli.using(text=True, timeout=300)


def paused(jncli, point: str, *args: str, cwd: Path, env: dict | None = None, **popen_kw) -> subprocess.Popen:
    """Start `jncli ARGS` with the hook at `point` and return once it says it waits there."""
    proc = jncli.popen(
        *args,
        cwd=cwd,
        env={**(env or {}), "JNCLI_TEST_PAUSE_AT": point},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        **popen_kw,
    )
    said = b""
    deadline = time.monotonic() + 240
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stderr, selectors.EVENT_READ)
        while f"paused at {point}".encode() not in said:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise AssertionError(f"jncli never paused at {point}: {said.decode(errors='replace')}")
            if sel.select(timeout=1):
                said += os.read(proc.stderr.fileno(), 4096)
    assert f"(pid {proc.pid})".encode() in said
    return proc


def end(proc: subprocess.Popen, sig: int) -> int:
    proc.send_signal(sig)
    code = proc.wait(timeout=60)
    proc.stderr.close()
    return code


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def dead_pid() -> int:
    """The pid of a process that has ended (as a killed jncli's is)."""
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------------------------------ -o FILE
def test_kill_9_before_the_rename_keeps_the_old_file_and_the_next_write_removes_the_temp(jncli, tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("old\n")
    proc = paused(jncli, "before-rename", "cat", str(SAMPLES / "counties.csv"), "-o", "out.csv", cwd=tmp_path)
    assert end(proc, signal.SIGKILL) == -signal.SIGKILL
    assert out.read_text() == "old\n", "FILE is never partial"
    left = hidden(tmp_path)
    assert len(left) == 1 and left[0].startswith(f".out.csv.{proc.pid}-") and left[0].endswith(".tmp"), left
    assert (tmp_path / left[0]).stat().st_size > 1000  # the whole new table was in it

    again = jncli("cat", str(SAMPLES / "counties.csv"), "-o", "out.csv", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert f"removed {left[0]}: a temp file left by an interrupted jncli run (pid {proc.pid})" in again.stderr
    assert hidden(tmp_path) == [] and out.read_text(encoding="utf-8").startswith("\ufeff县市区,")  # -o: BOM


def test_sigterm_before_the_rename_cleans_up_at_once(jncli, tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("old\n")
    proc = paused(jncli, "before-rename", "cat", str(SAMPLES / "counties.csv"), "-o", "out.csv", cwd=tmp_path)
    assert end(proc, signal.SIGTERM) == -signal.SIGTERM
    assert out.read_text() == "old\n" and hidden(tmp_path) == []


def test_a_temp_file_of_a_running_process_or_another_name_is_not_removed(jncli, tmp_path):
    alive = tmp_path / f".out.csv.{os.getpid()}-abcd1234.tmp"  # this test's own process: running
    old_style = tmp_path / ".out.csv.abcd1234.tmp"  # jncli before the pid was in the name: cannot tell
    other = tmp_path / f".other.csv.{dead_pid()}-abcd1234.tmp"  # another file's: not this write's business
    for p in (alive, old_style, other):
        p.write_text("partial")
    proc = jncli("cat", str(SAMPLES / "counties.csv"), "-o", "out.csv", cwd=tmp_path)
    assert proc.returncode == 0
    assert alive.exists() and old_style.exists() and other.exists()
    assert "looks like a temp file left by an interrupted jncli run" in proc.stderr and old_style.name in proc.stderr
    assert alive.name not in proc.stderr and other.name not in proc.stderr


# ------------------------------------------------------------------------------------------ annual -o OUT_DIR
def annual_args(out: str, *extra: str, rates=RATES) -> list[str]:
    return ["annual", str(SAMPLES), "--year", "2023", *rates, "-o", out, *extra]


def sigint_default() -> None:
    """In the child before jncli starts: Ctrl-C as a terminal delivers it, even when this test runs with SIGINT
    ignored (a background job of a script), which Python would keep ignoring (no KeyboardInterrupt)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize(("env", "said"), [({}, "interrupted"), ({"LC_ALL": "zh_CN.UTF-8"}, "已中断")])
def test_ctrl_c_in_a_running_annual_says_interrupted_exits_130_and_leaves_no_output(jncli, tmp_path, env, said):
    """Ctrl-C: typer turned the KeyboardInterrupt into exit 130 without a word (review 27 leftovers): one line on
    stderr now, in the run's language; nothing of -o is left (no OUT_DIR, no temp folder, no lock)."""
    proc = paused(
        jncli, "before-rename", *annual_args("out"), cwd=tmp_path, env=env, preexec_fn=sigint_default
    )  # the run has computed and is writing its output: it waits there until the signal
    proc.send_signal(signal.SIGINT)
    code = proc.wait(timeout=60)
    err = proc.stderr.read().decode("utf-8")
    proc.stderr.close()
    assert code == 130, err
    assert err.splitlines()[-1:] == [f"jncli annual: {said}"], err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists() and hidden(tmp_path) == [], hidden(tmp_path)


def test_annual_killed_before_the_swap_leaves_no_out_dir_and_the_next_run_cleans_up(jncli, tmp_path):
    proc = paused(jncli, "before-swap", *annual_args("2023"), cwd=tmp_path)
    assert end(proc, signal.SIGKILL) == -signal.SIGKILL
    assert not (tmp_path / "2023").exists()
    left = hidden(tmp_path)
    assert left == sorted([".2023.lock", *[n for n in left if n.startswith(f".2023.{proc.pid}-")]]), left
    unfinished = [n for n in left if n.endswith(".tmp")]
    assert len(unfinished) == 1 and (tmp_path / unfinished[0]).is_dir()

    again = jncli(*annual_args("2023"), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert f"removed {unfinished[0]}: the unfinished output of an interrupted jncli run (pid {proc.pid})" in (
        again.stderr
    )
    assert hidden(tmp_path) == [] and (tmp_path / "2023" / "manifest.json").is_file()


def test_annual_force_killed_between_the_renames_keeps_the_old_folder_and_the_next_run_restores_it(jncli, tmp_path):
    assert jncli(*annual_args("2023"), cwd=tmp_path).returncode == 0
    before = {p.name: digest(p) for p in (tmp_path / "2023").iterdir()}

    proc = paused(jncli, "between-renames", *annual_args("2023", "--force", rates=OTHER_RATES), cwd=tmp_path)
    assert end(proc, signal.SIGKILL) == -signal.SIGKILL
    # the window: OUT_DIR is gone, the old folder waits beside it untouched
    assert not (tmp_path / "2023").exists()
    old = tmp_path / [n for n in hidden(tmp_path) if n.endswith(".tmp.old")][0]
    assert {p.name: digest(p) for p in old.iterdir()} == before

    # verify, asked meanwhile, says where the output is
    seen = jncli("verify", "2023", cwd=tmp_path)
    assert seen.returncode == 1 and f"the earlier output is in {old.name}" in seen.stderr, seen.stderr

    # the next run puts it back before anything else: here without --force, so it stops there (exit 2)
    again = jncli(*annual_args("2023"), cwd=tmp_path)
    assert again.returncode == 2 and "the folder exists" in again.stderr, again.stderr
    assert f"restored 2023 from {old.name}: a jncli --force run (pid {proc.pid}) was killed" in again.stderr
    assert {p.name: digest(p) for p in (tmp_path / "2023").iterdir()} == before, "the old folder, as it was"
    assert hidden(tmp_path) == [], "the unfinished new folder is removed too"
    assert jncli("verify", "2023", cwd=tmp_path).returncode == 0

    # and a --force run now replaces it as usual
    forced = jncli(*annual_args("2023", "--force", rates=OTHER_RATES), cwd=tmp_path)
    assert forced.returncode == 0 and "restored" not in forced.stderr
    assert digest(tmp_path / "2023" / "ledger.csv") != before["ledger.csv"] and hidden(tmp_path) == []


def test_annual_force_terminated_between_the_renames_finishes_the_swap_and_says_so(jncli, tmp_path):
    # SIGTERM is held back during the renames (review 23 F3): it takes effect once the new folder is in place
    assert jncli(*annual_args("2023"), cwd=tmp_path).returncode == 0
    before = digest(tmp_path / "2023" / "ledger.csv")
    proc = paused(jncli, "between-renames", *annual_args("2023", "--force", rates=OTHER_RATES), cwd=tmp_path)
    assert end(proc, signal.SIGTERM) == -signal.SIGTERM
    assert digest(tmp_path / "2023" / "ledger.csv") != before, "the new output is in place"
    assert hidden(tmp_path) == [".2023.lock"]  # the lock file of a killed run: harmless, removed by the next
    assert jncli("verify", "2023", cwd=tmp_path).returncode == 0


def test_an_old_folder_left_beside_a_finished_swap_is_deleted(jncli, tmp_path):
    # killed after the second rename, while deleting the old folder: OUT_DIR is the new output
    assert jncli(*annual_args("2023"), cwd=tmp_path).returncode == 0
    pid = dead_pid()
    old = tmp_path / f".2023.{pid}-abcd1234.tmp.old"
    shutil.copytree(tmp_path / "2023", old)
    (old / "ledger.csv").unlink()  # half deleted
    proc = jncli(*annual_args("2023", "--force"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"removed {old.name}: the earlier output, which a killed --force run (pid {pid}) had replaced" in (
        proc.stderr
    )
    assert hidden(tmp_path) == []


def test_a_second_annual_into_the_same_folder_fails_at_once_naming_the_first(jncli, tmp_path):
    assert jncli(*annual_args("2023"), cwd=tmp_path).returncode == 0
    before = {p.name: digest(p) for p in (tmp_path / "2023").iterdir()}
    first = paused(jncli, "before-swap", *annual_args("2023", "--force", rates=OTHER_RATES), cwd=tmp_path)
    try:
        started = time.monotonic()
        second = jncli(*annual_args("2023", "--force"), cwd=tmp_path)
        assert time.monotonic() - started < 30  # at once: before reading or computing anything
        assert second.returncode == 1
        assert (
            f"jncli annual: cannot write 2023: another jncli run (pid {first.pid}) is writing this folder "
            "(hint: wait until it ends, or choose another folder)"
        ) in second.stderr, second.stderr
        assert "wrote" not in second.stderr
        # another folder is not locked
        assert jncli(*annual_args("2024-copy"), cwd=tmp_path).returncode == 0
    finally:
        assert end(first, signal.SIGTERM) == -signal.SIGTERM
    assert {p.name: digest(p) for p in (tmp_path / "2023").iterdir()} == before
    third = jncli(*annual_args("2023", "--force", rates=OTHER_RATES), cwd=tmp_path)
    assert third.returncode == 0, third.stderr
    assert hidden(tmp_path) == [], "the lock file goes with the run that held it"


# ------------------------------------------------------------------------------------------ -o through a link
def test_o_through_a_symlink_writes_the_target_and_keeps_the_link(jncli, tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    (tmp_path / "link.csv").symlink_to("real.csv")
    assert jncli("cat", str(SAMPLES / "counties.csv"), "-o", "link.csv", cwd=tmp_path).returncode == 0
    assert (tmp_path / "link.csv").is_symlink() and real.read_text(encoding="utf-8").startswith(
        "\ufeff县市区,"
    )  # -o FILE.csv: BOM
    assert hidden(tmp_path) == []


def test_o_through_a_dangling_symlink_creates_its_target(jncli, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.csv").symlink_to("sub/new.csv")
    assert jncli("cat", str(SAMPLES / "counties.csv"), "-o", "link.csv", cwd=tmp_path).returncode == 0
    assert (tmp_path / "link.csv").is_symlink() and (tmp_path / "sub" / "new.csv").is_file()


@pytest.mark.parametrize("kind", ["loop", "folder"])
def test_o_through_a_symlink_loop_or_to_a_folder_is_one_line(jncli, tmp_path, kind):
    if kind == "loop":
        (tmp_path / "a.csv").symlink_to("b.csv")
        (tmp_path / "b.csv").symlink_to("a.csv")
    else:
        (tmp_path / "d").mkdir()
        (tmp_path / "a.csv").symlink_to("d")
    proc = jncli("cat", str(SAMPLES / "counties.csv"), "-o", "a.csv", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("jncli cat: cannot write a.csv: ")
    assert "Traceback" not in proc.stderr and "--debug" not in proc.stderr


def test_a_failed_first_run_leaves_neither_out_dir_nor_the_folders_made_for_it(jncli, tmp_path):
    (tmp_path / "out").mkdir()  # was there before: stays
    proc = jncli("annual", str(SAMPLES), "--year", "2023", "-o", "out/a/b/2023", cwd=tmp_path)  # no growth rates
    assert proc.returncode == 1 and "province average growth" in proc.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["out"]


# ------------------------------------------------------------------------------------------ a signal at the swap
# review 23 F3: SIGTERM, Ctrl-C or SIGHUP just after one of the two renames of a --force swap left OUT_DIR missing
# (after the first) or exited 1, "cannot write …: Directory not empty", over a folder it had replaced (after the
# second). The driver runs jncli's own entry point with os.rename wrapped: right after the chosen rename it raises
# the signal in the process (signal.raise_signal runs the handler at once, as a signal arriving then would).
DRIVER = """
import os, signal, sys
when, sig = sys.argv[1], getattr(signal, sys.argv[2])
real = os.rename
def rename(src, dst, *args, **kw):
    real(src, dst, *args, **kw)
    src, dst = os.fsdecode(src), os.fsdecode(dst)
    if (when == "aside" and dst.endswith(".tmp.old")) or (when == "in" and src.endswith(".tmp")):
        signal.raise_signal(sig)
os.rename = rename
sys.argv = ["jncli", *sys.argv[3:]]
from jncli.entry import main
main()
"""


@pytest.fixture(scope="module")
def earlier(jncli, tmp_path_factory) -> Path:
    """An annual output of 2023 with --budget 100 (the new runs have none: their manifest tells them apart)."""
    folder = tmp_path_factory.mktemp("earlier")
    proc = jncli(*annual_args("out", "--budget", "100"), cwd=folder)
    assert proc.returncode == 0, proc.stderr
    return folder / "out"


def driven(jncli, cwd: Path, when: str, sig: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(jncli.binary).parent / "python"), "-c", DRIVER, when, sig, *args],
        cwd=cwd,
        env=jncli.env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def budget(folder: Path):
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["options"].get("budget")


@pytest.mark.parametrize(
    ("when", "sig", "code"),
    [
        ("aside", "SIGTERM", -signal.SIGTERM),  # after OUT_DIR -> .tmp.old: was OUT_DIR missing
        ("aside", "SIGINT", 130),
        ("in", "SIGTERM", -signal.SIGTERM),  # after .tmp -> OUT_DIR: was exit 1 "Directory not empty"
        ("in", "SIGHUP", -signal.SIGHUP),
    ],
)
def test_a_signal_at_the_force_swap_never_leaves_out_dir_missing_and_says_it_was_written(
    jncli, tmp_path, earlier, when, sig, code
):
    shutil.copytree(earlier, tmp_path / "out")
    assert budget(tmp_path / "out") == "100"
    proc = driven(jncli, tmp_path, when, sig, *annual_args("out", "--force"))
    assert proc.returncode == code, proc.stderr
    assert (tmp_path / "out").is_dir(), f"OUT_DIR missing: {hidden(tmp_path)}"
    assert budget(tmp_path / "out") is None, "the new output, whole"
    assert f"warning: out was written before {sig} took effect: it holds this run's whole output" in proc.stderr
    assert "left as it was" not in proc.stderr and "Directory not empty" not in proc.stderr
    assert [n for n in hidden(tmp_path) if n != ".out.lock"] == [], "no .tmp.old, no .tmp left"
    assert jncli("verify", "out", cwd=tmp_path).returncode == 0


def test_a_signal_right_after_the_single_rename_says_out_dir_was_written(jncli, tmp_path):
    proc = driven(jncli, tmp_path, "in", "SIGTERM", *annual_args("out"))
    assert proc.returncode == -signal.SIGTERM, proc.stderr
    assert "warning: out was written before SIGTERM took effect" in proc.stderr
    assert jncli("verify", "out", cwd=tmp_path).returncode == 0


# ------------------------------------------------------------------------------------- the year before, moved aside
# review 23 F1: `out/2022` moved aside by a --force run of 2022 that never finished (its `.tmp.old` beside the
# missing folder): the 2023 run beside it re-priced 2022 from the data rows, exit 0 (61.83 万元 underpaid).
def annual_2022(out: str, *extra: str) -> list[str]:
    return ["annual", str(SAMPLES), "--year", "2022", *RATES, "--budget", "7.77", "-o", out, *extra]


def test_the_next_year_stops_when_the_year_before_was_moved_aside_by_an_unfinished_swap(jncli, tmp_path):
    out = tmp_path / "out"
    assert jncli(*annual_2022("out/2022"), cwd=tmp_path).returncode == 0
    pid = dead_pid()
    old = out / f".2022.{pid}-abcd1234.tmp.old"
    (out / "2022").rename(old)
    (out / f".2022.{pid}-abcd1234.tmp").mkdir()  # the unfinished new one beside it

    proc = jncli(*annual_args("out/2023"), cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert (
        f"jncli annual: ../2022 (beside OUT_DIR): missing, and ../{old.name} lies beside it: a jncli annual --force "
        "run of 2022 was stopped after it moved the 2022 output aside"
    ) in proc.stderr, proc.stderr
    assert f"(hint: put it back first: `mv out/{old.name} out/2022`" in proc.stderr
    assert not (out / "2023").exists()

    # with --prior (the ledger of what was paid): it runs, and says the folder beside it is left out
    prior = jncli(*annual_args("out/2023p", "--prior", f"out/{old.name}/ledger.csv"), cwd=tmp_path)
    assert prior.returncode == 0, prior.stderr
    assert f"../2022: ignored (missing: a --force run moved it aside to ../{old.name} and did not finish" in (
        prior.stderr
    )

    # the hint's command puts it back: the run then takes 2022 from it
    old.rename(out / "2022")
    again = jncli(*annual_args("out/2023"), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "received in 2022: from the verified earlier run ../2022/ledger.csv" in again.stderr
    assert total(out / "2023") == total(out / "2023p") == 579.11, "what the 2022 run paid is deducted (not 517.28)"


def total(folder: Path) -> float:
    """The sum of the awards of 2023 in `folder`'s ledger, 万元."""
    with open(folder / "ledger.csv", encoding="utf-8-sig", newline="") as f:
        return round(sum(float(r["award"]) for r in csv.DictReader(f) if r["year"] == "2023"), 2)


def test_a_year_before_being_replaced_right_now_stops_the_next_year(jncli, tmp_path):
    import fcntl

    (tmp_path / "out" / f".2022.{dead_pid()}-abcd1234.tmp.old").mkdir(parents=True)
    # a run into out/2022 under way: it holds the lock beside it (as folder_lock does), its pid written there
    with open(tmp_path / "out" / ".2022.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        proc = jncli(*annual_args("out/2023"), cwd=tmp_path)
    assert proc.returncode == 1
    assert f"a jncli annual --force run (pid {os.getpid()}) is replacing it right now" in proc.stderr, proc.stderr
    assert "run again when that run has ended" in proc.stderr


def test_a_reused_pid_in_a_moved_aside_year_before_is_no_run_under_way(jncli, tmp_path):
    # review 24 F3: the pid in the name runs (a container gives jncli the same pid again) but no run holds the
    # lock of out/2022: the folder was left by a killed run, and the hint to put it back is given
    out = tmp_path / "out"
    assert jncli(*annual_2022("out/2022"), cwd=tmp_path).returncode == 0
    before = {p.name: digest(p) for p in (out / "2022").iterdir()}
    old = out / f".2022.{os.getpid()}-abcd1234.tmp.old"  # this test's pid: a live process, not a jncli run
    (out / "2022").rename(old)
    (out / ".2022.lock").write_text("1\n")  # a lock file left by the killed run: nobody holds it

    proc = jncli(*annual_args("out/2023"), cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "replacing it right now" not in proc.stderr, proc.stderr
    assert f"../2022 (beside OUT_DIR): missing, and ../{old.name} lies beside it" in proc.stderr, proc.stderr
    assert f"(hint: put it back first: `mv out/{old.name} out/2022`" in proc.stderr

    # as the hint says, the next run into out/2022 puts it back (here without --force: it then stops, exit 2)
    again = jncli(*annual_2022("out/2022"), cwd=tmp_path)
    assert again.returncode == 2 and "the folder exists" in again.stderr, again.stderr
    assert f"restored out/2022 from out/{old.name}" in again.stderr, again.stderr
    assert {p.name: digest(p) for p in (out / "2022").iterdir()} == before, "what was paid in 2022, as it was"
    assert not old.exists()


def test_an_unfinished_run_of_the_year_before_is_no_record(jncli, tmp_path):
    # a `.tmp` alone: that run never wrote its output; the data's 2022 rows stand in, as with no run at all
    (tmp_path / "out" / f".2022.{dead_pid()}-abcd1234.tmp").mkdir(parents=True)
    proc = jncli(*annual_args("out/2023"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "received in 2022: this run's evaluation of the 2022 rows of enterprises.csv" in proc.stderr


# ------------------------------------------------------------------------------------------ -o a symbolic link
def test_annual_o_a_symlink_to_a_folder_is_refused_as_a_symlink(jncli, tmp_path, earlier):
    shutil.copytree(earlier, tmp_path / "real")
    (tmp_path / "link").symlink_to("real")
    proc = jncli(*annual_args("link", "--force"), cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "-o link: it is a symbolic link (to real); jncli writes OUT_DIR only as a folder of its own" in proc.stderr
    assert "(hint: give the folder it points to with -o, or another folder)" in proc.stderr
    assert (tmp_path / "link").is_symlink() and budget(tmp_path / "real") == "100"


# Ctrl-C while the console script imports typer, rich, jncli's messages: before cli.main's handler is in place.
# The interrupt is raised by an import hook at that module, in the console script's own process: exact, not timed.
_INTERRUPT_AT = """
import builtins, sys
real = builtins.__import__
def hook(name, *a, **k):
    if name == AT:
        raise KeyboardInterrupt
    return real(name, *a, **k)
builtins.__import__ = hook
from jncli.entry import main
main()
"""


@pytest.mark.parametrize(
    ("module", "env", "said"),
    [
        ("typer", {}, "jncli: interrupted"),  # the first import of jncli.cli
        ("jncli.options.measures", {"LC_ALL": "zh_CN.UTF-8"}, "jncli: 已中断"),
        ("typer._click.exceptions", {}, "jncli: interrupted"),  # in cli.main, before its `try`
        ("polars", {"LC_ALL": "zh_CN.UTF-8"}, "jncli score-counties: 已中断"),  # cli.main's handler says it
        ("jncli.errors", {"LC_ALL": "zh_CN.UTF-8"}, "jncli: interrupted"),  # its own words not there yet
    ],
)
def test_ctrl_c_while_starting_says_interrupted_exits_130(jncli, tmp_path, module, env, said):
    code = f"AT = {module!r}\n" + _INTERRUPT_AT
    proc = subprocess.run(
        [str(Path(jncli.binary).parent / "python"), "-c", code, "score-counties", str(SAMPLES / "counties.csv")],
        capture_output=True,
        text=True,
        env=jncli.using(env=env).env,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr.splitlines() == [said]
    assert proc.stdout == ""
