"""`--help` as plain text (jncli/options/plainhelp.py): every page in English and Chinese fits the
terminal by display width, keeps the option panels as sections in typer's order, shows defaults and
required options, leaves no Markdown or rich markup, and neither --help nor --version imports rich."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from wcwidth import wcswidth

from jncli.options.plainhelp import paragraphs, width, wrap

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = [
    "annual",
    "score-counties",
    "award-enterprises",
    "track-shops",
    "whitelist",
    "trained-hires",
    "check-validity",
    "compare",
    "verify",
    "cat",
    "policy",
    "schema",
    "samples",
]


def test_the_command_list_is_complete():
    import typer

    from jncli.cli import app

    assert list(typer.main.get_command(app).commands) == COMMANDS


@pytest.mark.parametrize("columns", [80, 60, 40])  # 40: below click's own floor of 50 columns
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_help_page_fits_the_terminal(jncli, lang, columns):
    for command in ["", *COMMANDS]:
        args = [command] if command else []
        proc = jncli(*args, "--lang", lang, "--help", env={"COLUMNS": str(columns)}, text=True)
        assert proc.returncode == 0 and proc.stderr == "", (command, proc.stderr)
        lines = proc.stdout.splitlines()
        assert lines[0].startswith("用法：jncli" if lang == "zh" else "Usage: jncli"), lines[0]
        for line in lines:
            # wcwidth, not the module's own measure: a Chinese character takes two columns
            assert wcswidth(line) <= columns - 2, (command, lang, line)
            assert "`" not in line and "\b" not in line, (command, line)  # Markdown code marks dropped
            assert not any(tag in line for tag in ("[bold", "[dim", "[/", "╭", "│")), (command, line)
            assert not line.lstrip().startswith(("，", "。", "、", "；", "：", "）")), (command, line)


def test_option_panels_are_sections_in_order(jncli):
    en = jncli("track-shops", "--help", text=True).stdout
    headings = [line for line in en.splitlines() if line and not line.startswith(" ")]
    assert headings == ["Usage: jncli track-shops [OPTIONS] [FILE|-]...", *map("{}:".format, PANELS_EN)]
    zh = jncli("track-shops", "--lang", "zh", "--help", text=True).stdout
    headings = [line for line in zh.splitlines() if line and not line.startswith(" ")]
    assert headings == ["用法：jncli track-shops [OPTIONS] [FILE|-]...", *map("{}：".format, PANELS_ZH)]
    # each option under its panel's heading
    section = en.split("\nInput:\n")[1]
    assert "--encoding" in section and "--strict" in section and "--format" not in section
    assert "--format" in en.split("\nOutput:\n")[1].split("\nPolicy:\n")[0]


PANELS_EN = ["Arguments", "Options", "Output", "Policy", "Input"]
PANELS_ZH = ["参数", "选项", "输出", "政策", "输入"]


def test_defaults_required_and_the_command_list(jncli):
    ts = jncli("track-shops", "--help", text=True).stdout
    assert "month: the counts per county per month. [default: year]" in " ".join(ts.split())
    zh = jncli("track-shops", "--lang", "zh", "--help", text=True).stdout
    assert "[默认：year]" in zh and "[default" not in zh
    wl = jncli("whitelist", "--help", text=True).stdout
    assert "[required]" in wl
    assert "[必填]" in jncli("whitelist", "--lang", "zh", "--help", text=True).stdout
    root = jncli("--help", text=True).stdout
    commands = root.split("\nCommands:\n")[1]
    for name in COMMANDS:
        assert f"\n  {name} " in "\n" + commands
    # a command's first paragraph, whole (click would clip it to its first sentence)
    assert "score and rank the counties and award 50/40/30 万元 per category." in " ".join(commands.split())


def test_bare_jncli_prints_the_help_on_stdout_exit_2(jncli):
    proc = jncli(text=True)
    assert proc.returncode == 2
    assert proc.stdout == jncli("--help", text=True).stdout and proc.stderr == ""


def test_help_and_version_do_not_import_rich(jncli):
    for args in (["--version"], ["--help"], ["track-shops", "--help"], ["--lang", "zh", "score-counties", "--help"]):
        code = (
            f"import sys; from jncli.cli import main; sys.argv = ['jncli', *{args!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('rich', 'markdown_it', 'pygments', 'wcwidth')]\n"
            "assert not bad, bad"
        )
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, env=jncli.env, timeout=60)
        assert proc.returncode == 0, (args, proc.stderr.decode())


def test_a_command_in_a_pipe_does_not_import_rich(jncli):
    code = (
        "import sys; from jncli.cli import main\n"
        "sys.argv = ['jncli', 'score-counties', 'samples/counties.csv', '--province-growth', '10.5%',"
        " '--province-rural-growth', '12%']\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "assert 'rich' not in sys.modules, 'rich imported'"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, env=jncli.env, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr.decode()


# ------------------------------------------------------------------ the wrapping itself
def test_width_counts_chinese_as_two_columns():
    assert width("abc") == 3 and width("济宁") == 4 and width("（）：") == 6 and width("“白名单”") == 8
    assert width("e\u0301") == 1  # a combining accent takes no column


def test_chinese_breaks_between_characters_not_before_closing_marks():
    text = "第七条措施（生态链企业“白名单”）：按类别最低标准和违法违规 / 信用记录审核候选主体。"
    for limit in range(8, 40):
        lines = wrap(text, limit)
        assert "".join(lines).replace(" ", "") == text.replace(" ", ""), limit
        for line in lines:
            assert width(line) <= limit, (limit, line)
            assert line[:1] not in "，。、；：）”", (limit, line)  # no line starts with a closing mark
            assert line[-1:] not in "（“", (limit, line)  # none ends with an opening one


def test_a_number_stays_with_its_chinese_unit():
    lines = wrap("评定日期：2023年12月31日（默认：今天）", 14)
    assert "2023年12月31日" in "".join(lines) and any("2023年12月31日" in line for line in lines)


def test_english_breaks_at_spaces_and_a_long_word_at_a_bar():
    assert wrap("alpha beta gamma", 12, "  ", "  ") == ["  alpha beta", "  gamma"]
    assert wrap("alpha beta gamma", 11, "", "    ") == ["alpha beta", "    gamma"]
    assert wrap("table|csv|tsv|json", 10) == ["table|csv|", "tsv|json"]


def test_paragraphs_join_lines_and_keep_backslash_b_blocks():
    text = "One line\nand the next `code`.\n\n\b\nkept  as\n  written\n\n行一\n行二"
    assert paragraphs(text) == [
        (False, ["One line and the next code."]),
        (True, ["kept  as", "  written"]),
        (False, ["行一行二"]),  # no space between two Chinese characters
    ]


def test_lookback_years_help_says_it_must_be_1_or_more(jncli):
    # --lookback-years 0 exits 2 ("must be 1 or more"): the help says so, in English and in Chinese
    en = " ".join(jncli("whitelist", "--help", text=True).stdout.split())
    assert "both ends included; 1 or more (default: the policy's m7.lookback_years)" in en
    zh = "".join(jncli("whitelist", "--lang", "zh", "--help", text=True).stdout.split())
    assert "两端都包含；须为1或更大（默认：政策的m7.lookback_years）" in zh
    assert jncli("whitelist", "--lookback-years", "0", "--records", "r.csv", "c.csv").returncode == 2
