"""CSV title lines narrower than the header below them (a title and a unit line written without Excel's
padding), found among the top lines `jncli.tableio.text` looked at. Imports nothing of jncli."""

from __future__ import annotations

# Title lines holding the separator but fewer fields than the header below them, as a title and a unit line
# typed or exported without Excel's padding (`填报单位：…,,,,,,单位：元` over an 11-column header): at most this
# many, each of at most `SHORT_TITLE_CELLS` filled cells and fewer than half the next line's fields (a header
# narrower than its data is no title: an error, as ever).
SHORT_TITLES = 5
SHORT_TITLE_CELLS = 3


def short_top(lines: list[str], i: int, sep: str) -> tuple[int, list[tuple[int, str]]]:
    """From line `i` (the first holding the separator): the lines narrower than the next one, each with few
    filled cells, above a line as wide as the one after it (the header over its first data row): (the header's
    index, [(line number, filled cells joined by ` | `)]). No such lines, or any doubt (a quote, no data row
    of the header's width): (i, [])."""
    widths = []
    for line in lines[i : i + SHORT_TITLES + 2]:
        if '"' in line or not line.strip():
            break
        widths.append(len(line.rstrip("\r").split(sep)))
    k = 0
    while k + 1 < len(widths) and k < SHORT_TITLES and widths[k] < widths[k + 1]:
        cells = [c.strip() for c in lines[i + k].rstrip("\r").split(sep) if c.strip()]
        if len(cells) > SHORT_TITLE_CELLS or 2 * len(cells) > widths[k + 1]:  # a header narrower than its data
            return i, []
        k += 1
    if k == 0 or k + 1 >= len(widths) or widths[k] != widths[k + 1]:
        return i, []
    short = [(i + j + 1, " | ".join(c.strip() for c in lines[i + j].split(sep) if c.strip())) for j in range(k)]
    return i + k, [(n, text) for n, text in short if text]
