"""`--help` in Chinese (beside the options: it touches typer): the typer app's help texts, once the
command tree is built, and typer's own words.

typer fixes every help text when the commands are declared (`help=` and the docstrings, in English); the
CLI resolves the language before it builds the click command (`jncli.cli.main`) and, in Chinese, runs the
tree through `translate_help`: each paragraph of a command's help, each option's help and panel name
looked up in the message table (`zh_help.py`). Imported only for a Chinese run.
"""

from __future__ import annotations

import gettext

from jncli.messages import normal, tr

# typer's and click's own words (they call gettext without a catalogue, so English whatever the locale).
TYPER_WORDS = {
    "Usage:": "用法：",
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
    "Error": "错误",
    "Aborted.": "已中止。",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "(deprecated) ": "（已弃用）",
    "Show this message and exit.": "显示本帮助并退出。",
    "Install completion for the current shell.": "为当前 shell 安装命令补全。",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "显示当前 shell 的命令补全脚本，用于复制或自定义安装。"
    ),
    "No such option: {name}": "没有这个选项：{name}",
    "Missing argument {param_hint}.": "缺少参数 {param_hint}。",
    "Missing option {param_hint}.": "缺少选项 {param_hint}。",
    "Missing parameter {param_hint}.": "缺少参数 {param_hint}。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "No such command {name!r}.": "没有这个命令 {name!r}。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Did you mean {possibility}?": "是否想输入 {possibility}？",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "integer": "整数",
    "float": "数字",
}


def _zh_gettext(message: str) -> str:
    return TYPER_WORDS.get(message, message)


def _chinese_click() -> None:
    """The --help option's own help, which typer's vendored click writes in plain English."""
    from typer._click import core

    if getattr(core.Command.get_help_option, "_zh", False):
        return
    get_help_option = core.Command.get_help_option

    def help_option(self, ctx):
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = _zh_gettext(option.help)
        return option

    help_option._zh = True
    core.Command.get_help_option = help_option


def chinese_typer() -> None:
    """typer's section headings ("Options"), "Usage:" and `[default: …]` in Chinese: the words
    `options.plainhelp` and typer look up through `typer.core._`."""
    import importlib

    _chinese_click()
    for module in ("typer.core", "typer.main"):
        mod = importlib.import_module(module)
        if getattr(mod, "_", None) is gettext.gettext:
            mod._ = _zh_gettext


def paragraphs(text: str | None) -> str | None:
    """A command's help, paragraph by paragraph (`Example:` lines keep their command line)."""
    if not text:
        return text
    out = []
    for para in text.split("\n\n"):
        flat = normal(para)
        if flat.startswith("Example: "):
            out.append("示例：" + flat.removeprefix("Example: "))
        else:
            out.append(tr(flat, "zh"))
    return "\n\n".join(out)


def translate_help(command) -> None:
    """The click command tree (a group or one command) with Chinese help texts."""
    chinese_typer()
    command.help = paragraphs(command.help)
    if getattr(command, "short_help", None):
        command.short_help = tr(command.short_help, "zh")
    if getattr(command, "rich_help_panel", None):
        command.rich_help_panel = tr(command.rich_help_panel, "zh")
    for param in command.params:
        if getattr(param, "help", None):
            param.help = tr(param.help, "zh")
        if getattr(param, "rich_help_panel", None):
            param.rich_help_panel = tr(param.rich_help_panel, "zh")
    for sub in getattr(command, "commands", {}).values():
        translate_help(sub)
