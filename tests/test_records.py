"""The policy, its parts, the option bundles and the schemas are immutable records (`typing.NamedTuple`), not
frozen dataclasses (branch records, issue 18): Python 3.11's `dataclass` `exec`s every generated method of every
class at each start (~18 ms on a 28-row `score-counties`). Immutable still: an assignment raises."""

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
RATES = ["--province-growth", "10%", "--province-rural-growth", "12%"]


def _dataclasses_made(tmp_path: Path, args: list[str], logged: str) -> list[tuple]:
    """`logged` (a tuple expression over `cls` and `dataclass`'s flags) for every dataclass `jncli *args` creates,
    in a run that must succeed."""
    code = (
        "import atexit, dataclasses, runpy, sys\n"
        "made = []\n"
        "_process = dataclasses._process_class\n"
        "def process(cls, init, repr, eq, order, unsafe_hash, frozen, *a, **k):\n"
        f"    made.append({logged})\n"
        "    return _process(cls, init, repr, eq, order, unsafe_hash, frozen, *a, **k)\n"
        "dataclasses._process_class = process\n"
        "atexit.register(lambda: sys.stdout.write('\\n' + repr(made)))\n"
        f"sys.argv = ['jncli', *{args!r}]\n"
        "runpy.run_module('jncli', run_name='__main__')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return eval(proc.stdout.rpartition("\n")[2])  # noqa: S307 (our own repr)


def test_a_score_counties_run_creates_no_frozen_dataclass(tmp_path):
    args = ["score-counties", str(SAMPLES / "counties.csv"), "--year", "2023", *RATES, "-o", "out.csv"]
    made = _dataclasses_made(tmp_path, args, "(cls.__module__, cls.__qualname__, frozen)")
    jncli = [m for m in made if m[0].startswith("jncli.")]
    assert jncli, "the wrapper saw no jncli dataclass at all: the test no longer measures anything"
    assert [m for m in jncli if m[2]] == []  # frozen ones: records now
    # the mutable ones left: Table, _Conversion, FoldedIds, _DeferredProof, Marks, RuleResult; measure 1's _Input,
    # _Scored, _Indicators, _Outcome (its Category, Blank and Decision are records: branch prep31)
    assert len(jncli) <= 10
    assert (tmp_path / "out.csv").read_text("utf-8").count("m1.online") == 14


def _records():
    from jncli import schema
    from jncli.policy import load_policy
    from jncli.rules.counties.blanks import Blank
    from jncli.rules.counties.common import CATEGORIES
    from jncli.rules.counties.decide import Decision
    from jncli.settings import InputOptions, OutputOptions

    policy = load_policy()
    return [
        (policy, "title"),
        (policy.m2_tier2023, "year"),
        (policy.m2_tier2023.tiers[0], "award"),
        (policy.m2_title, "award"),
        (policy.counties[0], "name"),
        (policy.m7_categories[0], "revenue"),
        (policy.m8, "consecutive_months"),
        (policy.rules["m2.title"], "cap"),
        (policy.articles[0], "text"),
        (policy.coverage[0], "rules"),
        (policy.m2_commend[0], "threshold"),
        (InputOptions(), "unit"),
        (OutputOptions(), "output"),
        (schema.SCHEMAS["counties"], "columns"),
        (schema.SCHEMAS["counties"].columns[0], "name"),
        (CATEGORIES["online"], "rule"),
        (Blank("c.csv", 2, "online_retail", "online_retail", "任城区", 2023), "mark"),
        (Decision({}, {}, {}), "kept"),
    ]


@pytest.mark.parametrize("index", range(18))
def test_the_policy_its_parts_the_options_and_the_schemas_stay_immutable(index):
    record, name = _records()[index]
    before = getattr(record, name)
    with pytest.raises(AttributeError):
        setattr(record, name, Decimal(1))
    with pytest.raises(AttributeError):
        record.not_a_field = 1  # no room for anything beside the fields
    assert getattr(record, name) is before
    changed = record._replace(**{name: Decimal(1)})  # a changed copy, the record itself as it was
    assert getattr(changed, name) == Decimal(1) and getattr(record, name) is before


def test_the_county_index_is_built_once_and_handed_out_as_a_copy():
    from jncli.policy import load_policy

    policy = load_policy()
    index = policy.county_index()
    index.clear()
    assert policy.canonical_county("任城") == "任城区" and policy.county_index()
    other = policy._replace(counties=policy.counties[:1])
    assert other.canonical_county("任城") == "任城区" and other.canonical_county("兖州") is None
    assert policy.canonical_county("兖州") == "兖州区"


def test_a_schema_copy_builds_its_own_header_index():
    from jncli import schema

    s = schema.SCHEMAS["counties"]
    assert schema.match_header(s, "网络零售额(万元)").column == "online_retail"
    narrower = s._replace(columns=tuple(c for c in s.columns if c.name != "online_retail"))
    assert schema.match_header(narrower, "网络零售额(万元)").column is None
    assert schema.match_header(s, "网络零售额(万元)").column == "online_retail"


def test_an_annual_run_creates_no_dataclass_with_a_generated_eq_or_repr(tmp_path):
    """Python 3.11's `dataclass` `exec`s each generated method: the yearly run's own classes (annual's Settings,
    Step, Run, InputFile, Found; the report's Paid; the sensitivity's Piece, Sensitivity) are `eq=False,
    repr=False` (branch annual6, ~2 ms: nothing compares, hashes or prints them — logged over the annual tests)."""
    args = ["annual", str(SAMPLES), "--year", "2023", *RATES, "-o", str(tmp_path / "out"), "--lang", "en"]
    made = _dataclasses_made(tmp_path, args, "(cls.__module__, cls.__qualname__, repr, eq)")
    jncli = [m for m in made if m[0].startswith("jncli.")]
    assert ("jncli.annual.compute", "Settings", False, False) in jncli  # the wrapper saw the run's classes
    assert [m for m in jncli if m[2] or m[3]] == []
    assert (tmp_path / "out" / "report.html").is_file()
