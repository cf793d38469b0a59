"""The Chinese interface (`jncli.messages`): every message has its translation, with the same placeholders,
and the real CLI speaks Chinese under a Chinese locale, `--lang zh` or JNCLI_LANG=zh, while pipes and
files keep their English column names.

The scan: every message jncli writes is an English literal or f-string at its call site (`raise
DataError(...)`, `warn(...)`, `note(...)`, a table's `_note`, a `warnings`/`notes` list, a `hint`/`why`
variable) or a help text of the typer app. `test_every_message_has_its_chinese` collects them from the
source (ast) and from the built command tree, and fails listing exactly the ones the table lacks.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from jncli.messages import _PLACEHOLDER, normal, placeholders, table

# An English plural ending (`shop{'s' if n > 1 else ''}`) has no Chinese: a translation may leave it out.
PLURAL = re.compile(r"^\{'s' if .* else ''\}$")

ROOT = Path(__file__).resolve().parents[1]
SPEAKERS = {
    "warn",
    "note",
    "word",
    "tr",
    "aside",
    "labelled",
    "DataError",
    "UsageError",
    "PolicyError",
    "JncliError",
    "ValueError",
}
LISTS = ("warning", "note", "problem", "messages")  # list names whose .append(...) / += [...] are messages
TEXT_VARIABLES = {"hint", "fix", "why", "msg", "message", "more", "also", "hidden_text", "what", "tail"}


def _template(node: ast.AST) -> str | None:
    """The English template of a literal or f-string, as the message table keys it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}")
    if isinstance(node, ast.JoinedStr):
        out = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                out.append(v.value.replace("{", "{{").replace("}", "}}"))
            else:
                conv = {-1: "", 115: "!s", 114: "!r", 97: "!a"}[v.conversion]
                spec = ":" + (_template(v.format_spec) or "") if v.format_spec else ""
                out.append("{" + ast.unparse(v.value) + conv + spec + "}")
        return "".join(out)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        a, b = _template(node.left), _template(node.right)
        return a + b if a is not None and b is not None else None
    return None


def _texts(node: ast.AST) -> list[ast.AST]:
    """The message expressions in an argument: the string itself, both branches of `a if c else b`, the
    text of a ("kind", text) pair."""
    if isinstance(node, ast.IfExp):
        return _texts(node.body) + _texts(node.orelse)
    if isinstance(node, ast.Tuple) and len(node.elts) == 2:
        return _texts(node.elts[1])
    if isinstance(node, ast.List):
        return [t for e in node.elts for t in _texts(e)]
    return [node]


def _name(node: ast.AST) -> str:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def _is_english(template: str) -> bool:
    """A message to translate: English words outside its placeholders and option names (not `--prior`,
    not text already in Chinese such as `各县合计`, not HTML)."""
    text = re.sub(r"--[a-z-]+", "", _PLACEHOLDER.sub("", template))
    return not template.lstrip().startswith("<") and bool(re.search(r"[A-Za-z]{2,}", text))


def _is_list_extension(node: ast.AST) -> bool:
    return isinstance(node, ast.AugAssign) and any(w in _name(node.target) for w in LISTS)


def _is_text_variable(node: ast.AST) -> bool:
    return isinstance(node, ast.Assign) and any(_name(t) in TEXT_VARIABLES for t in node.targets)


def source_messages() -> dict[str, str]:
    """{English template: where} of every message in jncli/ (the first place each is written)."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "jncli").rglob("*.py")):
        if "messages" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            args: list[ast.AST] = []
            if isinstance(node, ast.Call):
                name = _name(node.func)
                if name in SPEAKERS:
                    args = node.args[:2] if name.endswith("Error") else node.args[:1]
                    args += [k.value for k in node.keywords if k.arg in ("hint", "message")]
                elif name == "_note":
                    args = node.args[1:2]
                elif name == "append" and any(w in _name(node.func.value) for w in LISTS):
                    args = node.args[:1]
            elif _is_list_extension(node) or _is_text_variable(node):
                args = [node.value]
            for arg in args:
                for text in _texts(arg):
                    t = _template(text)
                    if t is not None and _is_english(t):
                        found.setdefault(normal(t), f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def help_messages() -> dict[str, str]:
    """{English text: where} of every help paragraph, option help and panel name of `jncli`."""
    import typer

    from jncli.cli import app

    found: dict[str, str] = {}

    def walk(command, path: str) -> None:
        for para in (command.help or "").split("\n\n"):
            if para.strip() and not normal(para).startswith("Example: "):
                found.setdefault(normal(para), f"{path} (help)")
        for p in command.params:
            for text in (getattr(p, "help", None), getattr(p, "rich_help_panel", None)):
                if text:
                    found.setdefault(normal(text), f"{path} {p.opts[0] if p.opts else p.name}")
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(typer.main.get_command(app), "jncli")
    return found


def test_every_message_has_its_chinese():
    catalogue = {normal(k) for k in table()}
    wanted = source_messages() | help_messages()
    missing = [
        f"  {where}: {text!r}" for text, where in sorted(wanted.items(), key=lambda i: i[1]) if text not in catalogue
    ]
    assert not missing, (
        f"{len(missing)} message(s) without Chinese; add each to jncli/messages/zh_*.py "
        "(English template → Chinese, same placeholders):\n" + "\n".join(missing)
    )


def test_translations_keep_the_placeholders():
    wrong = [
        f"  {en!r}: {sorted(set(placeholders(en)))} ≠ {sorted(placeholders(zh))} in {zh!r}"
        for en, zh in table().items()
        if {p for p in placeholders(en) if not PLURAL.match(p)} != set(placeholders(zh))
    ]
    assert not wrong, "translations whose placeholders differ from the English:\n" + "\n".join(wrong)
