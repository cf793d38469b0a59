"""The language jncli speaks to people, and its Chinese message table.

Every user-facing message is written in English at its call site, as a single literal or f-string
(`raise DataError(f"{where}: {value!r} is not a date")`, `warn(...)`, `note(...)`, a help text). The
Chinese of each is in one table, keyed by that English *template* as it appears in the source, with
the same placeholders: `jncli/messages/zh_messages.py` (errors, warnings, notes), `zh_more.py` and
`zh_runs.py` (the rest of them), `zh_policy.py` (the policy file's checks) and `zh_help.py` (--help). When the language
is Chinese, `tr()` finds the template a
finished English message was made from (its literal text around the placeholders), takes the values
out and puts them into the Chinese; a value that is itself a message (`… not run: {why}`) is
translated the same way. A message without its template in the table stays English (never lost);
`tests/test_messages.py` scans the source for every message and fails naming the ones the table
lacks, or whose Chinese has other placeholders than the English.

The language: `--lang` > `JNCLI_LANG` > `LC_ALL` > `LC_MESSAGES` > `LANG` (zh_* is Chinese), else
English. `resolve()` reads it from the command line and the environment once, before the typer app
is built (its help texts are fixed when the commands are declared). The language of the *records*
(basis sentences, the annual report) is the same option and variable (`options.Lang` reads
$JNCLI_LANG), but without either of them it is Chinese whatever the locale: they quote the policy and
are filed by the bureau.

This module imports nothing of jncli (the ground floor, beside `errors` and `values`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence

LANGS = ("zh", "en")
_state = {"lang": "en"}


def _from_locale(value: str | None) -> str | None:
    if not value:
        return None
    return "zh" if value.lower().startswith("zh") else "en"


def resolve(argv: Sequence[str] = (), env: Mapping[str, str] | None = None) -> str:
    """The interface language: `--lang X` (or `--lang=X`) on the command line, else $JNCLI_LANG, else the
    first of $LC_ALL, $LC_MESSAGES, $LANG that is set (zh_CN.UTF-8 → zh; C, en_US … → en)."""
    env = os.environ if env is None else env
    given = option_value(argv)
    if given in LANGS:
        return given
    if env.get("JNCLI_LANG") in LANGS:
        return env["JNCLI_LANG"]
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        lang = _from_locale(env.get(var))
        if lang:
            return lang
    return "en"


def option_value(argv: Sequence[str]) -> str | None:
    """The value of `--lang` on the command line (the last one given), or None."""
    value = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.removeprefix("--lang=")
    return value


def set_lang(lang: str) -> None:
    _state["lang"] = lang if lang in LANGS else "en"


def lang() -> str:
    """The interface language of this run: zh or en."""
    return _state["lang"]


# ------------------------------------------------------------------------------------ the table
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{((?:[^{}]|\{[^{}]*\})*)\}")
# The same matches, each whole as one group: `split` gives the text between them and the matches, alternately.
_PIECES = re.compile(r"(\{\{|\}\}|\{(?:[^{}]|\{[^{}]*\})*\})")


def placeholders(template: str) -> list[str]:
    """The placeholders of a template, verbatim (`{where}`, `{value!r}`, `{len(rows):,}`), in order."""
    return [m.group(0) for m in _PLACEHOLDER.finditer(template) if m.group(1) is not None]


def normal(text: str) -> str:
    """Whitespace as jncli writes a message: one line, single spaces."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # already so (the space is the one printable whitespace): the table's ~2,100 texts, ~2× faster
    return " ".join(text.split())


class _Compiled:
    """One template with placeholders. Its regex is compiled on first use (a run translates a few messages,
    the table holds hundreds); `fits` first checks the literal text before the first placeholder and after
    the last one, which every full match starts and ends with."""

    def __init__(self, english: str, chinese: str, pieces: list[str] | None = None):
        # `pieces`: `_PIECES.split(english)`, when the caller split it already: the literal text between
        # matches at the even places, each match ({{, }} or a placeholder, whole) at the odd ones
        pieces = _PIECES.split(english) if pieces is None else pieces
        texts = pieces[::2]
        literal = sum(map(len, texts))
        if "{{" in english or "}}" in english:  # a brace written twice stands for one, in the literal text
            literals, names = [texts[0]], []
            for match, text in zip(pieces[1::2], texts[1:]):
                if match == "{{" or match == "}}":
                    literals[-1] += match[0] + text
                else:
                    names.append(match)
                    literals.append(text)
        else:  # every match is a placeholder (one pass of the regex, not one Python step per match)
            literals, names = texts, pieces[1::2]
        self.literals = literals
        self.prefix, self.suffix = literals[0], literals[-1]
        self.middle = [lit for lit in literals[1:-1] if lit]  # each full match holds these, in this order
        self._regex: re.Pattern | None = None
        self.names = names
        self.literal = literal  # the template's length without its placeholders, {{ and }}
        self.chinese = chinese

    @property
    def pattern(self) -> str:
        """The template as a regex: each placeholder a lazy group, the text between escaped (built only for
        a regex compiled: a run translates a few messages, the table holds hundreds)."""
        return "(.*?)".join(map(re.escape, self.literals))

    def fullmatch(self, text: str) -> re.Match | None:
        if not (text.startswith(self.prefix) and text.endswith(self.suffix)):
            return None
        pos, end = len(self.prefix), len(text) - len(self.suffix)
        for lit in self.middle:  # the literal text between the placeholders, in order: else no match (and no compile)
            pos = text.find(lit, pos, end)
            if pos < 0:
                return None
            pos += len(lit)
        if pos > end:
            return None
        if self._regex is None:
            self._regex = re.compile(self.pattern, re.S)
        return self._regex.fullmatch(text)


_compiled: list[_Compiled] = []
_exact: dict[str, str] = {}
# Templates of one item of a list a message joins with ", " (`sheets: 草稿 (hidden), 2023年`): such a value is
# also translated item by item, with these templates only: split at every ", " and matched against the whole
# table, a list of names would be changed by any short template one of them fits (`{a} ({b})`).
LIST_ITEMS = ("{n} (hidden)",)
_items: list[_Compiled] = []


def table() -> dict[str, str]:
    """English template → Chinese template, every message of jncli (whitespace as written)."""
    from jncli.messages.zh_help import HELP
    from jncli.messages.zh_messages import MESSAGES
    from jncli.messages.zh_more import LIBRARY, MORE
    from jncli.messages.zh_policy import POLICY
    from jncli.messages.zh_runs import RUNS

    return {**MESSAGES, **MORE, **POLICY, **HELP, **LIBRARY, **RUNS}


def _load() -> None:
    if _compiled:
        return
    items = [(normal(en), normal(zh)) for en, zh in table().items()]
    for en, zh in items:
        if "{" not in en and "}" not in en:  # no placeholder, no brace: the text itself
            _exact[en] = zh.replace("{{", "{").replace("}}", "}")
            continue
        pieces = _PIECES.split(en)  # once for both questions (`placeholders`, `_PLACEHOLDER.sub`) and the template
        if all(match in ("{{", "}}") for match in pieces[1::2]):  # no placeholder
            _exact[en.replace("{{", "{").replace("}}", "}")] = zh.replace("{{", "{").replace("}}", "}")
        elif "".join(pieces[::2]).strip():  # `{a}{b}` would match anything
            _compiled.append(_Compiled(en, zh, pieces))
    _compiled.sort(key=lambda c: -c.literal)  # of equal coverage, the most specific template wins
    _items.extend(_Compiled(en, zh) for en, zh in items if en in LIST_ITEMS)
    _by_ends.clear()


def tr(message: object, lang: str | None = None) -> str:
    """`message` in `lang` (default: this run's language). A rule's message (`rules.Said`) carries its
    Chinese; any other is looked up in the table by its English template; unknown text stays as it is."""
    lang = lang or _state["lang"]
    if lang != "zh":
        return normal(str(message))
    zh = getattr(message, "zh", None)
    if isinstance(zh, str):
        return zh
    _load()
    return _best(normal(str(message)), 0)[1]


_by_ends: dict[tuple[str, str], list[_Compiled]] = {}
_FULL_WIDTH_OPENERS = ("（", "，", "；", "：", "。", "、")


def _fitting(text: str) -> list[_Compiled]:
    """The templates (in the table's order) whose literal ends can be those of `text` (not empty): a
    template's text before its first placeholder starts with the text's first character, the one after its
    last ends with the text's last, or is empty. The others cannot match, and a translation tried all
    ~350 of them for the text and each of its values (~2,000 calls for the report's warnings)."""
    key = (text[0], text[-1])
    found = _by_ends.get(key)
    if found is None:
        found = _by_ends[key] = [
            c for c in _compiled if (not c.prefix or c.prefix[0] == key[0]) and (not c.suffix or c.suffix[-1] == key[1])
        ]
    return found


def _best(text: str, depth: int) -> tuple[int, str]:
    """(how many characters of `text` the table explains, its Chinese): of the templates `text` fits,
    the one that explains most of it, counting the values that are messages themselves (`{where}:
    {why}` around a known reason beats a longer template that swallows the rest as one value)."""
    if text in _exact:
        return len(text), _exact[text]
    best = (0, text)
    if depth > 3 or not text:
        return best
    for c in _fitting(text):
        m = c.fullmatch(text)
        if not m:
            continue
        values = {}
        score = c.literal
        for name, value in zip(c.names, m.groups()):
            if name not in values:
                sub = _best_value(value.strip(), depth + 1)
                values[name] = sub[1] if value.strip() == value else value.replace(value.strip(), sub[1])
                if sub[1].startswith(_FULL_WIDTH_OPENERS):  # " (and 3 more)" → "（另有 3 个）", no space before it
                    values[name] = values[name].lstrip()
                score += sub[0]

        def fill(p: re.Match, values: dict = values) -> str:
            if p.group(1) is None:  # {{ or }}
                return p.group(0)[0]
            return values.get(p.group(0), p.group(0))

        if score > best[0]:
            best = (score, _PLACEHOLDER.sub(fill, c.chinese))
    return best


def _best_value(text: str, depth: int) -> tuple[int, str]:
    """A value of a template: a message, or several joined with `; ` (`{'; '.join(problems)}`), each then
    translated on its own and joined with `；` — unless the whole explains more."""
    whole = _best(text, depth)
    if ", " in text and _items:  # a list: its items that fit an item's template (LIST_ITEMS)
        items = [_item(part) for part in text.split(", ")]
        score = sum(i[0] for i in items)
        if score > whole[0]:
            whole = (score, ", ".join(i[1] for i in items))
    if "; " not in text:
        return whole
    parts = [_best(part, depth) for part in text.split("; ")]
    score = sum(p[0] for p in parts)
    return (score, "；".join(p[1] for p in parts)) if score > whole[0] else whole


def _item(text: str) -> tuple[int, str]:
    """(how many characters an item's template explains, its Chinese) of one item of a list."""
    for c in _items:
        if m := c.fullmatch(text):
            return c.literal, _filled(c.chinese, dict(zip(c.names, m.groups())))
    return 0, text


def _filled(chinese: str, values: dict[str, str]) -> str:
    """A Chinese template with its placeholders' values put in."""
    return _PLACEHOLDER.sub(
        lambda p: p.group(0)[0] if p.group(1) is None else values.get(p.group(0), p.group(0)), chinese
    )


def word(english: str) -> str:
    """A fixed word of jncli's own output lines (`warning`, `hint` …) in this run's language."""
    return tr(english) if _state["lang"] == "zh" else english


def labelled(label: str, text: str) -> str:
    """`warning: text` / `警告：text` (a full-width colon in Chinese)."""
    return f"{word(label)}：{text}" if _state["lang"] == "zh" else f"{label}: {text}"


def aside(label: str, text: str, lang: str | None = None) -> str:
    """` (hint: text)` / `（提示：text）` after a message."""
    return f"（{tr(label, 'zh')}：{text}）" if (lang or _state["lang"]) == "zh" else f" ({label}: {text})"
