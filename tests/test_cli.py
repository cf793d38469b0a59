"""The command line as a user meets it: real processes, real pipes, exit codes, one-line errors.

Behaviour every table-reading command shares is checked once per command (csvkit's mixin idea):
add a command to READING_COMMANDS and it is held to the same bar.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

ROOT = Path(__file__).resolve().parents[1]


def one_line_error(proc: subprocess.CompletedProcess, command: str) -> str:
    err = proc.stderr.decode()
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"jncli {command}: "), err
    return lines[0]


COUNTIES_CSV = '县市区,年份,网络零售额(万元)\n任城区,2022,100\n任城区,2023,120.5\n梁山县,2023,"1,000"\n'


# ------------------------------------------------------------------ startup
def test_help_and_version_do_not_import_polars(jncli):
    for args in (["--version"], ["--help"], ["cat", "--help"]):
        code = (
            f"import sys; from jncli.cli import main; sys.argv = ['jncli', *{args!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "assert 'polars' not in sys.modules, 'polars imported'"
        )
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, env=jncli.env, timeout=60)
        assert proc.returncode == 0, proc.stderr.decode()


def test_version(jncli):
    proc = jncli("--version")
    assert proc.returncode == 0 and proc.stdout.decode().startswith("jncli ")


def test_every_command_help_shows_an_example(jncli):
    import typer

    from jncli.cli import app

    for name in typer.main.get_command(app).commands:
        proc = jncli(name, "--help")
        assert proc.returncode == 0, name
        assert "Example" in proc.stdout.decode(), f"{name} --help shows no example"


def test_usage_errors_exit_2(jncli):
    proc = jncli("no-such-command")
    assert proc.returncode == 2 and "No such command" in one_line_error(proc, "no-such-command")
    proc = jncli("cat", "--bogus")
    assert proc.returncode == 2 and one_line_error(proc, "cat").endswith("(see: jncli cat --help)")
    proc = jncli("whitelist", stdin=b"a\n1\n")
    assert proc.returncode == 2 and "Missing option '--records'" in one_line_error(proc, "whitelist")
    assert jncli("cat", "--format", "yaml", stdin=b"a\n1\n").returncode == 2
    proc = jncli("cat", "--unit", "kg", stdin=b"a\n1\n")
    assert proc.returncode == 2 and "--unit" in one_line_error(proc, "cat")


INPUT_BUNDLE = ("--encoding", "--sheet", "--unit", "--allow-empty")
OUTPUT_BUNDLE = ("--format", "--output", "--no-escape-formulas", "--bom", "--no-bom", "--wide", "--explain")


def _options() -> dict[str, set[str]]:
    import typer

    from jncli.cli import app

    return {
        name: {o for p in cmd.params for o in (*p.opts, *p.secondary_opts)}
        for name, cmd in typer.main.get_command(app).commands.items()
    }


def test_option_bundles_come_whole():
    # @reads_tables / @writes_table: a command has all of a bundle or none of it
    options = _options()
    folders = {"annual", "samples"}  # they write folders: their --output/-o is not the bundle's
    for bundle in (INPUT_BUNDLE, OUTPUT_BUNDLE):
        for name, opts in options.items():
            have = [o for o in bundle if o in opts]
            assert name in folders or have in ([], list(bundle)), f"{name} has only {have} of {bundle}"
    assert {n for n, o in options.items() if "--format" in o} == set(options) - folders
    assert {n for n, o in options.items() if "--encoding" in o} == {
        "compare",
        "score-counties",
        "award-enterprises",
        "track-shops",
        "whitelist",
        "trained-hires",
        "check-validity",
        "cat",
    }


@pytest.mark.parametrize("name", sorted(n for n, o in _options().items() if "--format" in o))
def test_bad_bundle_values_are_usage_errors_in_every_command(jncli, name):
    required = {
        "verify": ["out"],
        "whitelist": ["--records", "r.csv"],
        "trained-hires": ["--insurance", "i.csv"],
        "compare": ["a.csv", "b.csv"],
    }.get(name, [])  # else click stops first
    proc = jncli(name, *required, "--format", "yaml", "-o", "x.csv", stdin=b"")
    assert proc.returncode == 2 and "--format must be one of" in one_line_error(proc, name)
    if "--unit" in _options()[name]:
        proc = jncli(name, *required, "--unit", "kg", stdin=b"")
        assert proc.returncode == 2 and "--unit must be" in one_line_error(proc, name)


# ------------------------------------------------------------------ cat: file and stdin alike
@pytest.fixture
def counties_file(tmp_path) -> Path:
    p = tmp_path / "c.csv"
    p.write_bytes(COUNTIES_CSV.encode("gb18030"))
    return p


@pytest.mark.parametrize("via", ["file", "stdin"])
def test_cat_as_counties_from_file_and_stdin(jncli, counties_file, via):
    args = ["cat", "--as", "counties", "-f", "json"]
    proc = jncli(*args, str(counties_file)) if via == "file" else jncli(*args, stdin=counties_file.read_bytes())
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert rows[2] == {"county": "梁山县", "year": 2023, "online_retail": 1000}
    assert rows[1]["online_retail"] == 120.5


def test_cat_without_as_is_lossless_text(jncli, tmp_path):
    p = tmp_path / "ids.csv"
    p.write_text("credit_code,shop_id,n\n91350100M000100Y43,000123,1e5\n", encoding="utf-8")
    proc = jncli("cat", str(p), "-f", "json")
    assert json.loads(proc.stdout) == [{"credit_code": "91350100M000100Y43", "shop_id": "000123", "n": "1e5"}]
    assert jncli("cat", str(p)).stdout.decode() == "credit_code,shop_id,n\n91350100M000100Y43,000123,1e5\n"


def test_real_pipe_between_two_processes_round_trips(jncli, tmp_path):
    p = tmp_path / "f.csv"
    p.write_text("name,formula,neg\nA,=1+2,-5\nB,@cmd,+7\n", encoding="utf-8")
    first, proc = jncli.pipe(["cat"], ["cat", "-f", "json"], stdin=p.read_bytes())  # cat f | jncli cat | jncli cat
    assert first.returncode == 0, first.stderr
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [
        {"name": "A", "formula": "=1+2", "neg": "-5"},
        {"name": "B", "formula": "@cmd", "neg": "+7"},
    ]
    escaped = jncli("cat", str(p)).stdout.decode()
    assert "'=1+2" in escaped and "'@cmd" in escaped and ",-5" in escaped


def test_process_substitution_fifo(jncli):
    proc = jncli.sh("jncli cat --as counties <(printf 'county,online_retail\\n任城区,5\\n') -f json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["online_retail"] == 5


def test_several_files_stack(jncli, counties_file, tmp_path):
    other = tmp_path / "d.csv"
    other.write_text("county,year,online_retail\n邹城市,2023,7\n", encoding="utf-8")
    proc = jncli("cat", "--as", "counties", str(counties_file), str(other), "-f", "jsonl")
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.decode().splitlines()) == 4


def test_cat_as_lists_every_problem(jncli, tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("county,year,online_retail\nA,2023,abc\nB,twenty,1\n", encoding="utf-8")
    proc = jncli("cat", "--as", "counties", str(p))
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert "row 2, column online_retail" in err and "row 3, column year" in err and "Traceback" not in err
    assert proc.stdout == b""


def test_output_file_is_atomic_and_not_created_on_error(jncli, tmp_path, counties_file):
    out = tmp_path / "out.parquet"
    assert jncli("cat", "--as", "counties", str(counties_file), "-o", str(out)).returncode == 0
    assert pl.read_parquet(out).height == 3
    before = out.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("county,online_retail\nA,abc\n", encoding="utf-8")
    assert jncli("cat", "--as", "counties", str(bad), "-o", str(out)).returncode == 1
    assert out.read_bytes() == before
    fresh = tmp_path / "never.csv"
    assert jncli("cat", "--as", "counties", str(bad), "-o", str(fresh)).returncode == 1
    assert not fresh.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_binary_format_to_terminal_refused(jncli, counties_file):
    proc = jncli.sh(f"script -qec 'jncli cat -f parquet {counties_file}' /dev/null < /dev/null")
    if proc.returncode == 127:
        pytest.skip("script(1) not available")
    assert proc.returncode == 2, proc.stdout
    assert b"Traceback" not in proc.stdout and b"PAR1" not in proc.stdout


def test_lang_c_output_is_utf8(jncli, counties_file):
    proc = jncli("cat", "--as", "counties", str(counties_file), "-f", "csv", env={"LANG": "C", "LC_ALL": "C"})
    assert proc.returncode == 0, proc.stderr
    assert "任城区" in proc.stdout.decode("utf-8")


# ------------------------------------------------------------------ bad input: every reading command
READING_COMMANDS = [
    ["cat"],
    ["cat", "--as", "counties"],
    ["check-validity", "--mode", "ledger"],
    ["track-shops"],
    ["score-counties", "--province-growth", "10%"],
    ["award-enterprises"],
    ["trained-hires", "--insurance", "samples/insurance.csv"],
]
GARBAGE = {
    "random bytes": bytes((i * 7919 + 13) % 256 for i in range(4096)),
    "empty file": b"",
    "header only": b"county,year,online_retail\n",
    "truncated parquet": None,  # filled in below
    "ragged rows": b"county,year,online_retail\nA,2023\nB,2023,5,9\n",
}


# What each command makes of a header without rows: None = an empty table (exit 0), else the error (exit 1).
# A measure's input table that is only a header is refused (an empty export usually failed: it would pay as
# if nobody qualified) unless --allow-empty; plain `cat` converts any table; missing columns are said first.
EMPTY = "{source}: the counties table has a header but no data rows (an empty or failed export?) (hint: export it "
EMPTY += "again; if it is really empty, pass --allow-empty)"
HEADER_ONLY = {
    "cat": None,
    "cat --as counties": EMPTY,
    "check-validity --mode ledger": "{source}: missing required column beneficiary (tried: beneficiary, 受益方, "
    "受益单位, 对象; found: county, year, online_retail)",
    "track-shops": "{source}: missing required column platform (tried: platform, 平台, 电商平台, 平台名称, 所属平台; "
    "found: county, year, online_retail)",
    "score-counties --province-growth 10%": EMPTY,
    "award-enterprises": "{source}: missing required column credit_code (tried: credit_code, 统一社会信用代码, "
    "社会信用代码, 信用代码, uscc, usci, unified_social_credit_code, 统一社会信用代码(18位), … (4 more; see "
    "`jncli schema`); found: county, year, online_retail)",
    "trained-hires --insurance samples/insurance.csv": "{source}: missing required column credit_code (tried: "
    "credit_code, 统一社会信用代码, 社会信用代码, 信用代码, uscc, usci, unified_social_credit_code, "
    "统一社会信用代码(18位), "
    "… (8 more; see `jncli schema`); found: county, year, online_retail)",
}


def _truncated_parquet() -> bytes:
    buf = io.BytesIO()
    pl.DataFrame({"county": ["A"] * 500, "year": list(range(500))}).write_parquet(buf)
    return buf.getvalue()[:300]


@pytest.mark.parametrize("command", READING_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("kind", list(GARBAGE))
@pytest.mark.parametrize("via", ["file", "stdin"])
def test_garbage_input_one_line_exit_1(jncli, tmp_path, command, kind, via):
    data = GARBAGE[kind] if GARBAGE[kind] is not None else _truncated_parquet()
    p = tmp_path / "in.dat"
    p.write_bytes(data)
    out = tmp_path / "out.csv"
    proc = jncli(*command, str(p), "-o", str(out)) if via == "file" else jncli(*command, "-o", str(out), stdin=data)
    if kind == "header only":  # no rows is not an error in itself; a command may still miss columns
        expected = HEADER_ONLY[" ".join(command)]
        if expected is None:  # the header passes through: an empty table, written
            assert proc.returncode == 0, proc.stderr
            source = str(p) if via == "file" else "<stdin>"
            said = f"jncli cat: {source}: header: row 1; 0 data row(s) read as counties; no row skipped\n"
            assert proc.stderr == (said.encode() if "--as" in command else b"") and proc.stdout == b""
            assert out.read_bytes() == b"\xef\xbb\xbfcounty,year,online_retail\n"  # -o FILE.csv: a BOM
            return
        assert proc.returncode == 1, proc.stderr  # a missing column, or a rule that needs rows
        line = one_line_error(proc, command[0])
        assert line == f"jncli {command[0]}: " + expected.format(source=str(p) if via == "file" else "<stdin>")
        assert not out.exists()
        return
    assert proc.returncode == 1, proc.stderr
    line = one_line_error(proc, command[0])
    assert ("in.dat" in line) if via == "file" else ("<stdin>" in line)
    assert not out.exists()


def test_debug_shows_traceback(jncli, tmp_path):
    p = tmp_path / "e.csv"
    p.write_bytes(b"")
    proc = jncli("--debug", "cat", str(p))
    assert proc.returncode != 0 and "Traceback" in proc.stderr.decode()


def test_missing_file_and_closed_stdin(jncli):
    proc = jncli("cat", "no/such.csv")
    assert proc.returncode == 1 and "no such file" in one_line_error(proc, "cat")
    proc = jncli("cat")  # stdin is /dev/null, as under cron: a clear error, not a hang
    assert proc.returncode == 1 and "empty" in one_line_error(proc, "cat")


def test_terminal_stdin_is_a_usage_error(jncli):
    proc = jncli.sh("script -qec 'jncli cat' /dev/null < /dev/null")
    if proc.returncode == 127:
        pytest.skip("script(1) not available")
    assert proc.returncode == 2, proc.stdout
    assert b"no input" in proc.stdout  # script(1) merges the terminal's stdout and stderr


def test_broken_pipe_is_quiet(jncli, tmp_path):
    p = tmp_path / "big.csv"
    p.write_text("a\n" + "x\n" * 200000, encoding="utf-8")
    proc = jncli.sh(f"jncli cat {p} | head -1")
    assert proc.returncode == 0
    assert proc.stdout == b"a\n"
    assert proc.stderr == b""


def test_policy_and_schema_commands(jncli):
    proc = jncli("policy", "-f", "json")
    rows = json.loads(proc.stdout)
    by_key = {r["parameter"]: r for r in rows}
    assert by_key["m2.tier2022.tiers.0.threshold"]["value"] == "1000"
    assert "1000万元" in by_key["m2.tier2022.tiers.0.threshold"]["clause"]
    en = {r["parameter"]: r for r in json.loads(jncli("policy", "--lang", "en", "-f", "json").stdout)}
    assert en["m2.tier2022.tiers.0.threshold"]["article"].startswith("Article 2")
    schema = json.loads(jncli("schema", "counties", "-f", "json").stdout)
    assert any(r["column"] == "county" and "县市区" in r["aliases"] for r in schema)
    assert jncli("schema", "nope").returncode == 2


def test_bad_policy_file_named_key(jncli, tmp_path):
    bad = tmp_path / "p.toml"
    text = (ROOT / "jncli" / "policies" / "jining-2022.toml").read_text("utf-8")
    text = text.replace("newshops_more_than = 1000", "")
    bad.write_text(text, encoding="utf-8")
    proc = jncli("policy", "--policy", str(bad))
    assert proc.returncode == 1 and "m4.newshops_more_than" in one_line_error(proc, "policy")
    assert jncli("policy", env={"JNCLI_POLICY": str(bad)}).returncode == 1


@pytest.mark.parametrize(
    "args",
    [
        ["cat", "--as", "counties", "samples/counties.csv"],
        ["score-counties", "samples/counties.csv", "--province-growth", "10%", "--province-rural-growth", "12%"],
        ["award-enterprises", "samples/enterprises.csv", "--fiscal-ratios", "samples/fiscal_ratios.csv"],
        ["track-shops", "samples/shops.csv"],
        ["whitelist", "samples/candidates.csv", "--records", "samples/records.csv", "--as-of", "2023-12-31"],
    ],
)
def test_small_runs_do_not_import_numpy(jncli, args):
    # polars imports NumPy (~40 ms) the first time it converts Python Decimals; the rules build
    # decimal values from text instead, so a 14-row run pays start-up only once (docs/performance.md).
    code = (
        "import sys, io; from jncli.cli import main\n"
        f"sys.argv = ['jncli', *{args!r}, '-f', 'csv', '-o', '/dev/null']\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "assert 'numpy' not in sys.modules, 'numpy imported'"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, env=jncli.env, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()


def test_a_panic_inside_polars_is_one_error_line_not_a_traceback(jncli, tmp_path):
    # pyo3's PanicException derives from BaseException, so `except Exception` let it through as a traceback;
    # a real panic of polars (bytes given to its JSON encoder) stands for any not yet found
    code = (
        "import sys, polars as pl\nfrom jncli import tableio\nfrom jncli.cli import main\n"
        "def panic(*a, **k):\n    pl.DataFrame({'a': [b'x']}).select(pl.struct('a').struct.json_encode())\n"
        "tableio.write_table = panic\n"
        "sys.argv = ['jncli', 'cat', 'samples/counties.csv', '-o', sys.argv[1]]\nmain()\n"
    )
    env = {**jncli.env, "RUST_BACKTRACE": "0"}
    out = tmp_path / "out.csv"
    proc = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, env=env, cwd=ROOT, timeout=120)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err, err
    assert err.splitlines()[-1].startswith("jncli cat: error: not yet implemented: Writing BinaryView to JSON"), err
    assert "rerun with --debug" in err and not out.exists()
    debug = subprocess.run(
        [sys.executable, "-c", code, str(out)],
        capture_output=True,
        env={**env, "JNCLI_DEBUG": "1"},
        cwd=ROOT,
        timeout=120,
    )
    assert "Traceback" in debug.stderr.decode() and "PanicException" in debug.stderr.decode()


@pytest.mark.parametrize(
    ("args", "named", "values"),
    [
        (["--records", "{r1}", "--records", "{r2}"], "--records", ("{r1}", "{r2}")),
        (["--records={r1}", "--records", "{r2}"], "--records", ("{r1}", "{r2}")),
        (["--records", "{r1}", "-o", "{a}", "--output={b}"], "-o/--output", ("{a}", "{b}")),
        (["--records", "{r1}", "-o", "{a}", "-o{b}"], "-o", ("{a}", "{b}")),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_single_valued_option_given_twice_is_a_usage_error(jncli, tmp_path, args, named, values, lang):
    # review29 F4: before, `whitelist --records court.csv --records tax.csv` read tax.csv only, exit 0
    samples = ROOT / "samples"
    lines = (samples / "records.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)
    (tmp_path / "r1.csv").write_text(lines[0] + "".join(lines[1:6]), encoding="utf-8")
    (tmp_path / "r2.csv").write_text(lines[0] + "".join(lines[6:9]), encoding="utf-8")
    names = {"r1": str(tmp_path / "r1.csv"), "r2": str(tmp_path / "r2.csv"), "a": "a.csv", "b": "b.csv"}
    line = [a.format(**names) for a in args]
    proc = jncli("whitelist", str(samples / "candidates.csv"), *line, "--lang", lang, cwd=tmp_path, text=True)
    assert proc.returncode == 2
    assert proc.stdout == ""
    (said,) = proc.stderr.splitlines()
    first, second = (v.format(**names) for v in values)
    assert named in said and repr(first) in said and repr(second) in said
    assert ("is given twice" in said) == (lang == "en") and ("给了两次" in said) == (lang == "zh")
    assert not (tmp_path / "a.csv").exists() and not (tmp_path / "b.csv").exists()


def test_repeatable_options_and_flags_may_repeat(jncli):
    samples = ROOT / "samples"
    ins = str(samples / "insurance.csv")
    proc = jncli("trained-hires", str(samples / "hires.csv"), "--insurance", ins, "--insurance", ins, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize(
    ("before", "after", "english"),
    [
        (["--lang", "en"], [], True),  # the root's --lang carried to the command's own
        (["--lang=en"], [], True),
        (["--lang", "zh"], ["--lang", "en"], True),  # the command's own wins, as given last on the line
        (["--lang", "en"], ["--lang", "zh"], False),
        ([], [], False),  # records are Chinese without any --lang, whatever the locale
    ],
)
def test_a_lang_before_the_command_sets_the_records_language_too(jncli, before, after, english):
    """`jncli --lang en award-enterprises …` wrote Chinese basis sentences while `award-enterprises --lang en`
    wrote English ones: the one option, two meanings by its place on the line."""
    proc = jncli(
        *before,
        "award-enterprises",
        "samples/enterprises.csv",
        "--year",
        "2023",
        *after,
        "-f",
        "csv",
        text=True,
        env={"LANG": "C.UTF-8"},
    )
    assert proc.returncode == 0, proc.stderr
    basis = pl.read_csv(io.StringIO(proc.stdout), infer_schema=False)["basis"].to_list()
    assert any("fails article 2" in b for b in basis) is english
    assert any("不符合第二条" in b for b in basis) is not english
