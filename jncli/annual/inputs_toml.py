"""DATA/inputs.toml: how to read each file of the yearly run's data folder (optional).

A bureau's files do not all read with the defaults: the table is on a named sheet, a county reports
in 元 under a header without a unit, an old export is GBK, a file of notes sits beside the tables.
The single commands take `--sheet`, `--unit`, `--encoding`; `annual` reads the same settings per
file from this file, validated as the policy file is (an unknown key, a file that is not in DATA, a
value of the wrong kind: a data error naming it):

    [files."2023年县市区网络零售统计.xlsx"]
    sheet = "汇总"          # its name; or its position, a number without quotes: sheet = 2 (as `--sheet '#2'`)
    unit = "yuan"           # money columns whose header names no unit: yuan | wan | yi
    encoding = "gb18030"    # text files (default: detected)
    kind = "counties"       # the table's kind instead of recognising it by its columns; "ignore": not an input
    allow_empty = true      # a header without rows is really empty (e.g. no violation records this year)
"""

from __future__ import annotations

import codecs
import os
from typing import NamedTuple

from jncli.errors import DataError

INPUTS_TOML = "inputs.toml"
KEYS = ("sheet", "unit", "encoding", "kind", "allow_empty")
UNITS = ("yuan", "wan", "yi")
IGNORE = "ignore"


class FileSettings(NamedTuple):  # immutable record: ~0.1 ms to create, a frozen dataclass ~0.7 ms
    """The settings inputs.toml gives one file (None: not given)."""

    sheet: str | None = None
    unit: str | None = None
    encoding: str | None = None
    kind: str | None = None
    allow_empty: bool = False

    def given(self) -> dict:
        """What was given, for the manifest (so that `verify` reads the file the same way)."""
        return {k: getattr(self, k) for k in KEYS if getattr(self, k) not in (None, False)}

    def options(self, base=None):
        """The `InputOptions` to read the file with: `base` with what is given here on top."""
        from jncli.settings import InputOptions

        base = base or InputOptions()
        changes = {k: getattr(self, k) for k in ("sheet", "unit", "encoding") if getattr(self, k) is not None}
        if self.allow_empty:
            changes["allow_empty"] = True
        return base._replace(**changes)


def from_dict(given: dict) -> FileSettings:
    """Settings recorded in a manifest (already validated when the run read inputs.toml)."""
    return FileSettings(**{k: v for k, v in given.items() if k in KEYS})


def read_inputs_toml(data_dir: str, kinds: tuple[str, ...]) -> dict[str, FileSettings]:
    """File name → its settings, from DATA/inputs.toml ({} without that file). DataError on anything
    that is not understood: a setting jncli would silently not apply is a guess."""
    path = os.path.join(data_dir, INPUTS_TOML)
    if not os.path.isfile(path):
        return {}
    import tomllib  # here: a data folder without inputs.toml (the usual one) does not pay its import (~2 ms)

    where = f"{os.path.basename(os.path.normpath(data_dir))}/{INPUTS_TOML}"
    try:
        with open(path, "rb") as f:  # a small settings file of ours, not a data table
            doc = tomllib.loads(f.read().decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise DataError(f"{where}: not valid TOML ({e})", "see docs/annual.md, DATA/inputs.toml") from None
    except RecursionError:
        raise DataError(f"{where}: not a settings file (its tables or lists are nested too deeply)") from None
    unknown = [k for k in doc if k != "files"]
    if unknown:
        raise DataError(
            f'{where}: unknown key {unknown[0]!r} (the file has one table, [files."NAME"] per file)',
            'write [files."counties.csv"] with sheet, unit, encoding, kind or allow_empty under it',
        )
    files = doc.get("files", {})
    if not isinstance(files, dict):
        raise DataError(f'{where}: files must be a table of [files."NAME"] sections')
    out: dict[str, FileSettings] = {}
    for name, entry in files.items():
        section = f'[files."{name}"]'
        if not os.path.isfile(os.path.join(data_dir, name)) or os.path.dirname(name):
            raise DataError(
                f"{where}: {section} names no file in {os.path.basename(os.path.normpath(data_dir))}",
                "give the file's name exactly as in the folder (quoted), or delete the section",
            )
        if not isinstance(entry, dict):
            raise DataError(f"{where}: {section} must be a table of settings ({', '.join(KEYS)})")
        bad = [k for k in entry if k not in KEYS]
        if bad:
            raise DataError(
                f"{where}: {section} has unknown key(s) {', '.join(map(repr, bad))}", f"known: {', '.join(KEYS)}"
            )
        out[name] = _settings(where, section, entry, kinds)
    return out


def refuse_given(data_dir: str, settings: dict[str, FileSettings], given: dict[str, str]) -> None:
    """A file given with an option (--prior, --previous-whitelist) is read as that option reads it: settings for it
    here would not be applied, and a setting silently not applied is a guess (review 28 F9)."""
    for name in settings:
        option = given.get(os.path.realpath(os.path.join(data_dir, name)))
        if option:
            where = f"{os.path.basename(os.path.normpath(data_dir))}/{INPUTS_TOML}"
            raise DataError(
                f'{where}: [files."{name}"] gives settings for a file given with {option}; files given with an option '
                f"take no settings from {INPUTS_TOML}",
                "delete the section; label a column's unit in its header (奖励金额(元)), save a workbook's sheet as a "
                "file of its own (jncli cat BOOK --sheet NAME -o NAME.csv), or leave the file out of the option",
            )


def _settings(where: str, section: str, entry: dict, kinds: tuple[str, ...]) -> FileSettings:
    sheet = entry.get("sheet")
    if sheet is not None:
        if isinstance(sheet, bool) or not isinstance(sheet, (str, int)) or (isinstance(sheet, int) and sheet < 1):
            raise DataError(f"{where}: {section} sheet must be a sheet name or a number from 1, not {sheet!r}")
        sheet = f"#{sheet}" if isinstance(sheet, int) else sheet  # a number: the sheet at that position, always
    unit = entry.get("unit")
    if unit is not None and unit not in UNITS:
        raise DataError(f"{where}: {section} unit must be one of {', '.join(UNITS)}, not {unit!r}")
    encoding = entry.get("encoding")
    if encoding is not None:
        try:
            codecs.lookup(str(encoding).strip().lower().replace("_", "-"))
        except LookupError:
            raise DataError(
                f"{where}: {section} encoding {encoding!r} is not an encoding Python knows",
                "use utf-8, gb18030 (covers GBK/GB2312) or utf-16",
            ) from None
    kind = entry.get("kind")
    if kind is not None and kind not in (*kinds, IGNORE):
        raise DataError(f"{where}: {section} kind must be one of {', '.join((*kinds, IGNORE))}, not {kind!r}")
    allow_empty = entry.get("allow_empty", False)
    if not isinstance(allow_empty, bool):
        raise DataError(f"{where}: {section} allow_empty must be true or false, not {allow_empty!r}")
    return FileSettings(sheet, unit, encoding, kind, allow_empty)
