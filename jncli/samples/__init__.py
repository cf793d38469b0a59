"""`jncli samples`: deterministic SYNTHETIC data sets for every command.

Nothing here is real statistics. The values are made up so that each measure's interesting cases occur
(RULES.md): a rank-1 county that fails the growth test, a county placed in two categories (就高),
enterprises exactly at and just below every tier threshold, invalid credit codes, national and
provincial titles, shops migrated from inside and outside the city, whitelist candidates at and just
below every category minimum, expired / repaired / future-dated violation records, hires with exactly 6
and 5 consecutive months of insurance, a gap month, training after hiring, an unlisted trainer.

One module per data set — `counties` (measure 1), `enterprises` (measures 2, 3, 6 and the fiscal
ratios), `shops` (measure 4, streamed), `whitelist` (measure 7 candidates and records), `hires` (measure 8
hires, insurance and county rates) — on top of
`common` (money, years, credit codes, names); this module checks the options and writes the files.

Determinism: the small sets draw from `random.Random` seeded with a string made from `seed` and the
set's name (string seeds hash with SHA-512, so they do not depend on PYTHONHASHSEED and each set is
independent of the others' sizes). The shop registry draws from a pure integer hash of
(seed, stream, row index) written as polars UInt64 arithmetic, so any row can be computed on its own:
the registry streams in batches (`--shops 10000000` in bounded memory) and the same seed gives
byte-identical files whatever the batch size.

County names, the city name, thresholds, titles, category minimums and dates come from the `Policy`
object; only places outside the city (菏泽市, 杭州市 …) and generic vocabulary are written here.
Files are written only through `jncli.tableio`.
"""

from __future__ import annotations

import os

from jncli.errors import UsageError
from jncli.policy import Policy, load_policy
from jncli.samples.common import OUTSIDE
from jncli.samples.counties import COUNTY_HEADERS, county_roles, generate_counties
from jncli.samples.enterprises import (
    ENTERPRISE_HEADERS,
    PROVINCIAL_TITLE,
    _commend_counties,
    fiscal_missing_county,
    generate_enterprises,
    generate_fiscal_ratios,
    min_enterprises,
)
from jncli.samples.hires import (
    HIRES_HEADERS,
    INSURANCE_HEADERS,
    RATE_HEADERS,
    generate_county_rates,
    generate_hires,
    min_hires,
)
from jncli.samples.shops import (
    MAX_SHOPS,
    ORIGIN_CITIES,
    SHOP_COLUMNS,
    _hash,
    hash_py,
    shop_columns,
    shop_weights,
    shops_lazy,
)
from jncli.samples.whitelist import (
    CANDIDATE_HEADERS,
    MIN_RECORDS,
    generate_candidates,
    generate_records,
    min_candidates,
    sample_as_of,
)

# The names the CLI and the tests use (`_commend_counties` and `_hash` for the tests only). The batch
# size of the shop registry is `jncli.samples.shops.BATCH`: a test that changes it must patch it there.
__all__ = [
    "CANDIDATE_HEADERS",
    "COUNTY_HEADERS",
    "ENTERPRISE_HEADERS",
    "FILE_NAMES",
    "HIRES_HEADERS",
    "INSURANCE_HEADERS",
    "RATE_HEADERS",
    "MAX_SHOPS",
    "ORIGIN_CITIES",
    "OUTSIDE",
    "PROVINCIAL_TITLE",
    "SHOPS_FORMATS",
    "SHOP_COLUMNS",
    "_commend_counties",
    "_hash",
    "county_roles",
    "fiscal_missing_county",
    "generate_candidates",
    "generate_counties",
    "generate_county_rates",
    "generate_enterprises",
    "generate_fiscal_ratios",
    "generate_hires",
    "generate_records",
    "hash_py",
    "MIN_RECORDS",
    "min_candidates",
    "min_enterprises",
    "min_hires",
    "sample_as_of",
    "shop_columns",
    "shop_weights",
    "shops_lazy",
    "write_samples",
]

SHOPS_FORMATS = ("csv", "parquet")
FILE_NAMES = {
    "counties": "counties.csv",
    "enterprises": "enterprises.csv",
    "fiscal_ratios": "fiscal_ratios.csv",
    "candidates": "candidates.csv",
    "records": "records.csv",
    "hires": "hires.csv",
    "insurance": "insurance.csv",
    "county_rates": "county_rates.csv",
}


def write_samples(
    output_dir: str,
    *,
    seed: int,
    shops: int,
    enterprises: int,
    hires: int = 60,
    candidates: int | None = None,
    records: int | None = None,
    shops_format: str = "csv",
    policy: Policy | None = None,
    force: bool = False,
) -> list[str]:
    """Write every data set into `output_dir` (created if needed); return the paths written. Files of the
    same names already there are refused (UsageError, before anything is written) unless `force`.
    `candidates` / `records`: how many whitelist candidates and violation records (None: the planted ones)."""
    from jncli import tableio

    if shops < 0:
        raise UsageError(f"--shops must be ≥ 0, not {shops}")
    fmt = shops_format.strip().lower()
    if fmt not in SHOPS_FORMATS:
        raise UsageError(f"--shops-format must be csv or parquet, not {shops_format!r}")
    if shops > MAX_SHOPS:
        raise UsageError(f"--shops must be at most {MAX_SHOPS:,}, not {shops:,}")
    pol = policy or load_policy()
    if enterprises < min_enterprises(pol):
        raise UsageError(
            f"--enterprises must be at least {min_enterprises(pol)} (the planted cases), not {enterprises}"
        )
    if hires < min_hires(pol):
        raise UsageError(f"--hires must be at least {min_hires(pol)} (the planted cases), not {hires}")
    if candidates is not None and candidates < min_candidates(pol):
        raise UsageError(f"--candidates must be at least {min_candidates(pol)} (the planted cases), not {candidates}")
    if records is not None and records < MIN_RECORDS:
        raise UsageError(f"--records must be at least {MIN_RECORDS} (the planted cases), not {records}")
    names = [*FILE_NAMES.values(), f"shops.{fmt}"]
    there = [n for n in names if os.path.lexists(os.path.join(output_dir, n))]
    if there and not force:
        raise UsageError(
            f"{output_dir} already holds {', '.join(there)}: not overwriting them",
            "pass --force to replace them, or -o another folder",
        )
    try:
        os.makedirs(output_dir, exist_ok=True)
    except OSError as e:
        raise UsageError(f"cannot create folder {output_dir}: {e.strerror or e}") from None

    candidate_rows = generate_candidates(seed, pol, candidates)
    record_rows = generate_records(seed, pol, candidate_rows, records)
    hire_rows, insurance = generate_hires(seed, pol, hires, candidate_rows, record_rows)
    frames = {
        "counties": generate_counties(seed, pol),
        "enterprises": generate_enterprises(seed, pol, enterprises),
        "fiscal_ratios": generate_fiscal_ratios(seed, pol),
        "candidates": candidate_rows,
        "records": record_rows,
        "hires": hire_rows,
        "insurance": insurance,
        "county_rates": generate_county_rates(seed, pol),
    }
    written = []
    for key, frame in frames.items():
        path = os.path.join(output_dir, FILE_NAMES[key])
        tableio.write_file(frame, path)
        written.append(path)
    path = os.path.join(output_dir, f"shops.{fmt}")
    tableio.sink_file(shops_lazy(seed, shops, pol), path)
    written.append(path)
    return written
