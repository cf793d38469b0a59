"""Docs stay true by construction.

1. Every command and every option of it appears in docs/<command>.md.
2. Every ```console block in README.md and docs/*.md is run: a page's `$ command` lines (with `\\`
   continuations) run in order, as a reader would type them, in bash in a fresh folder holding the
   shipped `samples/`, with this venv's `jncli` first on PATH and stdout a pipe (so CSV is the
   default format); each one's stdout must equal the lines shown below it. A later example may use
   a file an earlier one on the same page wrote, never one from another page.
   A block whose first line is `$ # no-check` is shown but not run (e.g. installation).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from jncli.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


def commands() -> dict[str, list[str]]:
    group = typer.main.get_command(app)
    out = {}
    for name, cmd in group.commands.items():
        opts = []
        for p in cmd.params:
            opts += [o for o in p.opts if o.startswith("--") and o != "--help"]
        out[name] = opts
    return out


@pytest.mark.parametrize("name,options", sorted(commands().items()))
def test_every_command_and_option_is_documented(name, options):
    page = DOCS / f"{name}.md"
    assert page.exists(), f"docs/{name}.md is missing"
    text = page.read_text("utf-8")
    missing = [o for o in options if o not in text]
    assert not missing, f"docs/{name}.md does not mention {missing}"


def console_blocks() -> list[tuple[str, int, str, str]]:
    cases = []
    for page in PAGES:
        if not page.exists():
            continue
        lines = page.read_text("utf-8").splitlines()
        i = 0
        while i < len(lines):
            if lines[i].strip() == "```console":
                start = i
                body = []
                i += 1
                while i < len(lines) and lines[i].strip() != "```":
                    body.append(lines[i])
                    i += 1
                if body and body[0].strip() != "$ # no-check":
                    cases += _commands_in(page, start + 1, body)
            i += 1
    return cases


def _commands_in(page: Path, line_no: int, body: list[str]):
    cases = []
    cmd, expected = None, []
    k = 0
    while k < len(body):
        line = body[k]
        if line.startswith("$ "):
            if cmd is not None:
                cases.append((page.name, line_no, cmd, "\n".join(expected)))
            cmd, expected = line[2:], []
            while cmd.endswith("\\") and k + 1 < len(body):
                k += 1
                cmd = cmd[:-1] + " " + body[k].strip()
        else:
            expected.append(line)
        k += 1
    if cmd is not None:
        cases.append((page.name, line_no, cmd, "\n".join(expected)))
    return cases


def _normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def _pages_with_examples() -> dict[str, list[tuple[int, str, str]]]:
    pages: dict[str, list[tuple[int, str, str]]] = {}
    for page, line, cmd, expected in console_blocks():
        pages.setdefault(page, []).append((line, cmd, expected))
    return pages


@pytest.mark.parametrize("page", sorted(_pages_with_examples()))
def test_console_examples_give_the_output_shown(jncli, page, tmp_path):
    work, tmp = tmp_path / "work", tmp_path / "tmp"
    work.mkdir()
    tmp.mkdir()
    (work / "samples").symlink_to(ROOT / "samples", target_is_directory=True)
    for line, cmd, expected in _pages_with_examples()[page]:
        proc = jncli.sh(cmd, cwd=work, env={"TMPDIR": str(tmp)}, text=True)
        assert _normalise(proc.stdout) == _normalise(expected), f"{page}:{line}: `{cmd}`\nstderr: {proc.stderr}"
