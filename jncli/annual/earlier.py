"""What the verified earlier run beside OUT_DIR says of each enterprise it evaluated: its county and its online
retail that year (hostile review 4, B2 and D1).

A ledger has no county and no online retail, but the earlier run that wrote it has its award-enterprises table
beside it (award-enterprises.parquet: one row per rule of each enterprise, with `county` and `online_retail`),
recorded with its SHA-256 in that run's manifest.json. The yearly run reads it from the folders of the earlier runs
it takes "received" from (`received.earlier_runs`, origin "earlier run"), so that:

- two enterprises of one name in two counties are not taken for one enterprise under another code (`codes`): the
  earlier year's county of a paid code is known;
- an empty 上年实物商品网络零售额 (online_retail_prev) of this year's row is the enterprise's online retail in the
  earlier run, as it is filled from DATA's own row of that year (m2.commend, "newly cultivated").

`jncli verify` re-runs with the same ledger beside OUT_DIR, so it reads the same table beside it; a table that is
not the one that run's manifest records stops either run. A --prior ledger is read as given: nothing beside it is
read.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from jncli.annual.inputs import FROM_EARLIER_RUN, InputFile
from jncli.errors import DataError

if TYPE_CHECKING:
    import polars as pl

TABLE = "award-enterprises.parquet"  # the earlier run's award-enterprises table, typed as it computed it


def enterprises(prior: list[InputFile]) -> pl.DataFrame | None:
    """code (normalised), year, county (as written), online_retail (万元) and _source (the table's name, e.g.
    `../2022/award-enterprises.parquet`): one row per enterprise and year of the earlier runs beside OUT_DIR among
    `prior`; None when there is none (or none of them ran measure 2)."""
    import polars as pl

    from jncli import credit_code, tableio
    from jncli.annual.audit import read_manifest  # audit imports compute, which imports this
    from jncli.digest import Changed, file_sha256, identity

    parts = []
    for f in prior:
        if f.origin != FROM_EARLIER_RUN:
            continue
        folder = os.path.dirname(os.path.abspath(f.path))
        name = os.path.join(os.path.dirname(f.name), TABLE)
        doc = read_manifest(folder, quiet=True) or {}
        try:
            recorded = {o["file"]: o["sha256"] for o in doc["outputs"]}.get(TABLE)
        except (KeyError, TypeError):
            recorded = None
        if recorded is None:  # that run did not run measure 2 (--skip 2): it evaluated no enterprise
            continue
        path = os.path.join(folder, TABLE)
        try:
            before = identity(os.stat(path))
            digest = file_sha256(path, same_as=before)
        except (OSError, Changed):
            digest, before = None, None
        table = tableio.read_table(path) if digest == recorded else None
        read_as = getattr(table, "identity", None)  # the file the reader opened: the one just hashed
        if table is None or (read_as is not None and read_as != before):
            year = f.run_year or os.path.basename(folder)  # verify's re-run knows the folder only: ../2022
            raise DataError(
                f"{name}: not the table the earlier run's manifest.json records (missing or changed after that run), "
                f"so the county and online retail of the enterprises it evaluated cannot be taken from it",
                f"restore that run's folder as it was written, or pass --prior with the ledger of what was paid in "
                f"{year}",
            )
        frame = table.frame.collect() if isinstance(table.frame, pl.LazyFrame) else table.frame
        if not {"beneficiary", "year", "county", "online_retail"} <= set(frame.columns):
            continue
        parts.append(
            frame.select(
                code=credit_code.normalized_expr(pl.col("beneficiary").cast(pl.String)),
                year=pl.col("year").cast(pl.Int64),
                county=pl.col("county").cast(pl.String),
                online_retail=pl.col("online_retail"),
                _source=pl.lit(name),
            )
        )
    if not parts:
        return None
    out = pl.concat(parts, how="vertical_relaxed").filter(pl.col("code").is_not_null())
    return out.unique(["code", "year"], keep="first", maintain_order=True)
