"""XLSX input through fastexcel: the sheet (`--sheet`), repeated headers, numbers as Excel shows them.
May import polars, `jncli.errors`, `jncli.settings` and `table`; fastexcel only when a workbook is read.

Number cells become text with Excel's 15 significant digits, so that from then on they take the
same path as CSV text (exact for money); dates and booleans stay typed.
"""

from __future__ import annotations

import polars as pl

from jncli.errors import DataError
from jncli.settings import InputOptions
from jncli.tableio.table import Table, _dedupe, _first_line


def _from_xlsx(name: str, path: str | None, data: bytes | None, opts: InputOptions) -> Table:
    import logging

    import fastexcel

    # fastexcel logs "could not determine dtype … falling back to string" for empty columns through
    # Python logging, whose last-resort handler would print it: text is what we want anyway.
    logging.getLogger("fastexcel").setLevel(logging.ERROR)

    try:
        reader = fastexcel.read_excel(path if path else data)
        sheets = reader.sheet_names
    except Exception as e:
        raise DataError(f"cannot read {name} as XLSX: {_first_line(e)}") from None
    target: int | str = 0
    if opts.sheet:
        if opts.sheet.isdigit():
            target = int(opts.sheet) - 1
            if not 0 <= target < len(sheets):
                raise DataError(
                    f"{name} has {len(sheets)} sheet(s); there is no sheet {opts.sheet}",
                    hint=f"sheets: {', '.join(sheets)}",
                )
        elif opts.sheet in sheets:
            target = opts.sheet
        else:
            raise DataError(f"{name} has no sheet named {opts.sheet!r}", hint=f"sheets: {', '.join(sheets)}")
    try:
        # Types from every row, not the first 1000 (else a later `1,234`, `-` or `A0012` in a number
        # column is emptied): a column holding text anywhere comes as text. Cells of spaces are empty.
        df = reader.load_sheet(target, header_row=0, schema_sample_rows=None, whitespace_as_null=True).to_polars()
        # fastexcel renames a repeated header `a` to `a_1`, which could be a real name: name the copies
        # as the CSV reader does (`a_duplicated_0`), so that conform can tell a repeated header
        raw = reader.load_sheet(target, header_row=None, n_rows=1, dtypes="string").to_polars()
        if raw.height and df.width == raw.width:
            given = [v if v is not None and v.strip() else c for v, c in zip(raw.row(0), df.columns)]
            df.columns = _dedupe(given)
    except Exception as e:
        raise DataError(f"cannot read sheet {target!r} of {name}: {_first_line(e)}") from None
    if not df.columns:
        raise DataError(f"{name}: the sheet is empty: expected a header row")
    columns = df.columns
    # Numbers as text, as Excel shows them (15 significant digits: 0.3, not 0.30000000000000004; 123,
    # not 123.0): from here on the same path as CSV text, exact for money. Dates and booleans stay typed.
    numbers = [c for c, t in df.schema.items() if t.is_numeric()]
    df = df.with_row_index("_row", offset=2).with_columns(
        *[_excel_number_text(pl.col(c)).alias(c) for c in numbers], pl.col("_row").cast(pl.Int64)
    )
    df = df.filter(~pl.all_horizontal([pl.col(c).is_null() for c in columns]))  # empty rows, as in CSV
    lf = df.lazy().with_columns(_source=pl.lit(name))
    return Table(lf, name, "xlsx", None, columns)


def _excel_number_text(col: pl.Expr) -> pl.Expr:
    """A number cell as Excel shows it: 15 significant digits, a whole number without `.0`."""
    r = col.cast(pl.Float64).round_sig_figs(15)
    whole = (r == r.round(0)) & (r.abs() < 9e18)
    return pl.when(whole).then(r.cast(pl.Int64).cast(pl.String)).otherwise(r.cast(pl.String))


def _excel_text_number(src: pl.Expr) -> pl.Expr:
    """In a column of text and numbers fastexcel writes a number cell with 9 decimals, binary noise
    shown (9443751234.56 → `9443751234.559999466`): back to Excel's 15 significant digits."""
    noisy = src.str.contains(r"^-?\d+\.\d{9}$") & (src.str.replace_all(r"^[-0.]+|\.", "").str.len_chars() > 15)
    return pl.when(noisy).then(_excel_number_text(src.cast(pl.Float64, strict=False))).otherwise(src)


def sheet_names(path: str) -> list[str]:
    """The names of a workbook's sheets, in order ([] when it cannot be read as one)."""
    import fastexcel

    try:
        return list(fastexcel.read_excel(path).sheet_names)
    except Exception:  # not a workbook: the caller reads it as what it is
        return []
