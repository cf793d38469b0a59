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


def _modules_after(tmp_path: Path, extra: list[str]) -> tuple[list[str], str]:
    """The modules `score-counties` on the samples (with `extra` options) has imported when it exits, and its
    standard output before that list."""
    args = ["score-counties", str(SAMPLES / "counties.csv"), "--year", "2023", *RATES, *extra]
    code = (
        "import atexit, runpy, sys\n"
        "atexit.register(lambda: sys.stdout.write('\\n' + repr(sorted(sys.modules))))\n"
        f"sys.argv = ['jncli', *{args!r}]\n"
        "runpy.run_module('jncli', run_name='__main__')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    shown, _, modules = proc.stdout.rpartition("\n")
    return ast.literal_eval(modules), shown


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
