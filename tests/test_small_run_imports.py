"""What a 28-row `score-counties` imports (issue 18, branch score5): the terminal table's module only when the
run shows a table (and then it is imported and used), the workbook writer's sheet helper (`xlsxsheet`, used by
`write_workbook`: `annual`'s report.xlsx) never. The outputs themselves are compared byte for byte elsewhere
(tests/test_terminal.py, tests/test_writer.py, tests/test_annual.py)."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
RATES = ["--province-growth", "10%", "--province-rural-growth", "12%"]


def _modules_of(tmp_path: Path, args: list[str]) -> tuple[list[str], subprocess.CompletedProcess]:
    """The modules `jncli *args` has imported when it exits (and the finished process)."""
    code = (
        "import atexit, runpy, sys\n"
        "atexit.register(lambda: sys.stdout.write('\\n' + repr(sorted(sys.modules))))\n"
        f"sys.argv = ['jncli', *{args!r}]\n"
        "runpy.run_module('jncli', run_name='__main__')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    last = proc.stdout.rpartition("\n")[2]  # none when the run failed: the caller's assert then shows stderr
    return (ast.literal_eval(last) if last.startswith("[") else []), proc


def _modules_after(tmp_path: Path, extra: list[str]) -> tuple[list[str], str]:
    """The modules `score-counties` on the samples (with `extra` options) has imported when it exits, and its
    standard output before that list."""
    args = ["score-counties", str(SAMPLES / "counties.csv"), "--year", "2023", *RATES, *extra]
    modules, proc = _modules_of(tmp_path, args)
    assert proc.returncode == 0, proc.stderr
    return modules, proc.stdout.rpartition("\n")[0]


@pytest.mark.parametrize(
    ("extra", "table", "xlsx"),
    [
        (["-o", "out.csv"], False, False),
        (["-f", "json"], False, False),
        (["-f", "table"], True, False),
        (["-o", "out.xlsx"], False, False),
    ],
)
def test_score_counties_imports_the_table_helpers_only_when_used(tmp_path, extra, table, xlsx):
    imported, shown = _modules_after(tmp_path, extra)
    assert ("jncli.tableio.terminal" in imported) == table
    assert ("jncli.tableio.xlsxsheet" in imported) == xlsx
    if table:  # the table was shown: its module did the work
        assert "任城区" in shown
    if "out.xlsx" in extra:
        assert (tmp_path / "out.xlsx").read_bytes()[:2] == b"PK"


def test_write_workbook_imports_its_sheet_helper_and_uses_it(tmp_path):
    code = (
        "import sys, polars as pl\n"
        "from jncli.tableio import writer\n"
        "assert 'jncli.tableio.xlsxsheet' not in sys.modules\n"
        f"writer.write_workbook({str(tmp_path / 'w.xlsx')!r}, [('S', pl.DataFrame({{'a': [1, 2]}}), None)])\n"
        "from jncli.tableio import xlsxsheet\n"
        "import xlsxwriter\n"
        "print(xlsxsheet.known(xlsxwriter))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() in ("True", "False")
    assert (tmp_path / "w.xlsx").read_bytes()[:2] == b"PK"


# Patterns a plain CSV needs only when one of its cells is a note, a total or a unit row, or a header looks like
# a formula (branch score6): kept as text and compiled by `re` (or `notelines.note()`) when first used.
LAZY_PATTERNS = (
    "jncli.tableio.notelines.NOTE",
    "jncli.tableio.marks._TOTAL",
    "jncli.tableio.marks._CITY",
    "jncli.tableio.layout.UNIT_ALONE",
    "jncli.tableio.layout.UNIT_IN_TEXT",
    "jncli.tableio.writer._NUMBER_PY",
    "jncli.schema._BARE_CN_UNIT",
    "jncli.errors._CONTROL",  # a message's control characters (branch records)
)


def _compiled_during(tmp_path: Path, counties: Path, extra: list[str]) -> tuple[list[str], str]:
    """Which of LAZY_PATTERNS `re.compile` was asked for while score-counties ran on `counties` (imports
    included), and the run's standard error."""
    args = ["score-counties", str(counties), "--year", "2023", *RATES, "-o", "out.csv", *extra]
    code = (
        "import atexit, importlib, re, runpy, sys\n"
        "asked = set()\n"
        "_compile = re.compile\n"
        "def compile(pattern, flags=0):\n"
        "    asked.add(pattern)\n"
        "    return _compile(pattern, flags)\n"
        "re.compile = compile\n"
        "def report():\n"
        "    found = []\n"
        f"    for name in {LAZY_PATTERNS!r}:\n"
        "        module, _, attr = name.rpartition('.')\n"
        "        value = getattr(importlib.import_module(module), attr)\n"
        "        if getattr(value, 'pattern', value) in asked:\n"
        "            found.append(name)\n"
        "    sys.stdout.write(repr(found))\n"
        "atexit.register(report)\n"
        f"sys.argv = ['jncli', *{args!r}]\n"
        "runpy.run_module('jncli', run_name='__main__')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return ast.literal_eval(proc.stdout), proc.stderr


def test_a_plain_csv_compiles_none_of_the_patterns_for_marks_units_and_formulas(tmp_path):
    compiled, _ = _compiled_during(tmp_path, SAMPLES / "counties.csv", [])
    assert compiled == []
    assert (tmp_path / "out.csv").read_text(encoding="utf-8-sig").count("m1.") > 0


def test_a_csv_with_a_unit_row_a_total_and_a_note_still_finds_them(tmp_path):
    lines = (SAMPLES / "counties.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].replace("(万元)", "")
    width = header.count(",")
    body = lines[1:]
    total = ["合计,2023," + ",".join("1" for _ in range(width - 1))]  # off from the sum: a warning, then left out
    text = "\n".join(["单位：万元" + "," * width, header, *body, *total, "注：数据来源于商务局" + "," * width]) + "\n"
    counties = tmp_path / "bureau.csv"
    counties.write_text(text, encoding="utf-8")
    compiled, stderr = _compiled_during(tmp_path, counties, ["--lang", "en"])
    assert "jncli.tableio.notelines.NOTE" in compiled  # compiled when a note was there to be matched
    assert "row 1 skipped: a unit row ('单位：万元')" in stderr, stderr
    assert "unit 万元 (row 1) applied to 网络零售额" in stderr, stderr
    assert "left out: a total row (合计)" in stderr, stderr
    assert "skipped: notes after the data ('注：数据来源于商务局')" in stderr, stderr


# A Chinese run puts its help texts in Chinese only when it can show one (branch score6): looking them up loads
# the whole message table, ~8 ms of every `--lang zh` / JNCLI_LANG=zh / zh_* locale run that shows no help.
MESSAGE_TABLES = (
    "jncli.messages.zh_help",
    "jncli.messages.zh_messages",
    "jncli.messages.zh_more",
    "jncli.messages.zh_runs",
)


def test_a_chinese_run_without_help_or_messages_loads_no_message_table(tmp_path):
    imported, _ = _modules_after(tmp_path, ["--lang", "zh", "-o", "out.csv"])
    assert [m for m in MESSAGE_TABLES if m in imported] == []
    assert "jncli.options.help_zh" in imported  # typer's own words (its usage errors) are still Chinese
    assert (tmp_path / "out.csv").read_text(encoding="utf-8-sig").count("m1.") > 0


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["score-counties", "--lang", "zh", "--help"], {}),
        (["score-counties", "--year", "2023", "-h", "--lang", "zh"], {}),
        (["--lang", "zh", "score-counties", "--help"], {}),
        (["score-counties", "--help"], {"JNCLI_LANG": "zh"}),
        (["score-counties", "-h"], {"LANG": "zh_CN.UTF-8", "LC_ALL": None}),
        ([], {"JNCLI_LANG": "zh"}),
    ],
)
def test_a_chinese_help_is_still_chinese_however_it_is_asked_for(jncli, args, env):
    proc = jncli(*args, env=env, text=True)
    assert "用法：jncli" in proc.stdout, proc.stdout + proc.stderr
    assert ("第一条措施" if args else "可复现表格计算") in proc.stdout


def test_a_chinese_usage_error_is_still_chinese(jncli):
    proc = jncli("score-counties", "--lang", "zh", "--bogus", text=True)
    assert proc.returncode == 2 and "没有这个选项：--bogus" in proc.stderr, proc.stderr
    proc = jncli("nosuch", env={"JNCLI_LANG": "zh"}, text=True)
    assert proc.returncode == 2 and "没有这个命令 'nosuch'。" in proc.stderr, proc.stderr


def test_a_run_of_the_shipped_policy_imports_neither_the_toml_parser_nor_the_policy_checks(tmp_path):
    """The shipped policy comes from its generated module (branch perf25): no `tomllib`, no `jncli.policy.read`
    or `check` (~2.5 ms of imports); measure 1's weights are still checked (`jncli.policy.weights`)."""
    imported, _ = _modules_after(tmp_path, ["-o", "out.csv"])
    assert "jncli.policy._shipped" in imported and "jncli.policy.weights" in imported
    assert not {"tomllib", "jncli.policy.read", "jncli.policy.check"} & set(imported)
    assert (tmp_path / "out.csv").read_text("utf-8").count("m1.online") == 14


def test_a_table_without_a_title_row_does_not_import_the_title_reader(tmp_path):
    """The title reader (`tableio.titles`: ~5 ms of regexes) is imported only when a table has a title row
    (branch records); with one, it still reads the title: a year the run is not stops it."""
    imported, _ = _modules_after(tmp_path, ["-o", "out.csv"])
    assert "jncli.tableio.titles" not in imported
    assert (tmp_path / "out.csv").read_text("utf-8").count("m1.online") == 14
    width = (SAMPLES / "counties.csv").read_text("utf-8").splitlines()[0].count(",")
    titled = tmp_path / "titled.csv"
    title = "2019年济宁市各县市区网络零售统计表" + "," * width + "\n"
    titled.write_text(title + (SAMPLES / "counties.csv").read_text("utf-8"), "utf-8")
    args = ["score-counties", str(titled), "--year", "2023", *RATES, "-o", "t.csv", "--lang", "en"]
    code = f"import runpy, sys\nsys.argv = ['jncli', *{args!r}]\nrunpy.run_module('jncli', run_name='__main__')\n"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0 and "names 2019, but the table's year column holds" in proc.stderr, proc.stderr


def _annual_modules(tmp_path: Path, data: Path) -> tuple[list[str], subprocess.CompletedProcess]:
    """The modules `annual` on `data` has imported when it exits (and the finished process)."""
    return _modules_of(
        tmp_path, ["annual", str(data), "--year", "2023", *RATES, "-o", str(tmp_path / "out"), "--lang", "en"]
    )


def test_an_annual_run_without_inputs_toml_or_compare_with_imports_neither_reader(tmp_path):
    """`tomllib` only for a data folder with an inputs.toml, the run comparison only with --compare-with (branch
    annual6: imported where used, ~2.5 ms of an `annual` run), and `html` not for its escape (~2 ms); with an
    inputs.toml, it is still read."""
    imported, proc = _annual_modules(tmp_path, SAMPLES)
    assert proc.returncode == 0, proc.stderr
    assert not {"tomllib", "jncli.analysis.compare", "html"} & set(imported)  # html: `report.page.esc` (annual6)
    assert (tmp_path / "out" / "report.html").is_file()
    data = tmp_path / "data"
    data.mkdir()
    for f in SAMPLES.iterdir():
        if f.is_file():
            (data / f.name).write_bytes(f.read_bytes())
    (data / "inputs.toml").write_text('[files."counties.csv"]\nunit = "metres"\n', encoding="utf-8")
    imported, proc = _annual_modules(tmp_path / "data", data)
    assert proc.returncode == 1 and "inputs.toml" in proc.stderr and "unit must be one of" in proc.stderr, proc.stderr
    assert "tomllib" in imported


def _polars_import_depth(tmp_path: Path, args: list[str]) -> int:
    """How many frames deep `jncli *args` first imports polars (an import hook counts the stack)."""
    code = (
        "import runpy, sys\n"
        "class First:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'polars' and not hasattr(sys, 'polars_depth'):\n"
        "            f, n = sys._getframe(1), 0\n"
        "            while f is not None:\n"
        "                n, f = n + 1, f.f_back\n"
        "            sys.polars_depth = n\n"
        "            sys.stderr.write(f'\\ndepth {n}\\n')\n"
        "sys.meta_path.insert(0, First())\n"
        f"sys.argv = ['jncli', *{args!r}]\n"
        "runpy.run_module('jncli', run_name='__main__')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return int(proc.stderr.rpartition("\ndepth ")[2].split()[0])


@pytest.mark.parametrize(
    "args",
    [
        ["score-counties", str(SAMPLES / "counties.csv"), "--year", "2023", *RATES, "-o", "out.csv"],
        ["--lang", "en", "cat", str(SAMPLES / "counties.csv")],
        ["annual", str(SAMPLES), "--year", "2023", *RATES, "-o", "out"],
    ],
)
def test_a_command_imports_polars_near_the_stack_base(tmp_path, args):
    # Deep inside click's calls (~30 frames) Python 3.11 freed and mapped again a frame-stack chunk ~1,000
    # times during the import (issue 18); `cli.main` imports it first, ~10 frames down.
    assert _polars_import_depth(tmp_path, args) <= 12


def test_a_failing_polars_import_is_still_one_line(tmp_path):
    """The early import of polars is inside `cli.main`'s error handling, as the import deep in a command was: a
    broken install (or Ctrl-C while importing) is one line, not a traceback."""
    (tmp_path / "polars").mkdir()
    (tmp_path / "polars" / "__init__.py").write_text("raise ImportError('polars is broken here')\n")
    args = ["score-counties", str(SAMPLES / "counties.csv"), "--year", "2023", *RATES, "-o", "out.csv"]
    code = f"import sys; sys.path.insert(0, {str(tmp_path)!r}); sys.argv = ['jncli', *{args!r}]\n"
    code += "from jncli.entry import main\nmain()\n"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "polars is broken here" in proc.stderr, proc.stderr
    assert not (tmp_path / "out.csv").exists()
