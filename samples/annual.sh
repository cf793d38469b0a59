#!/usr/bin/env bash
# The yearly run of `jncli annual`, spelled out as the subcommands it runs (the same rules, the same
# ledger): useful to see what `annual` does, or to run one measure again by hand.
#
#   samples/annual.sh DATA_DIR YEAR OUT_DIR [PROVINCE_GROWTH] [PROVINCE_RURAL_GROWTH]
#   samples/annual.sh samples 2023 /tmp/annual-2023 10% 12%
#
# Unlike `jncli annual`, this script expects the shipped file names (counties.csv, enterprises.csv,
# fiscal_ratios.csv, shops.csv, candidates.csv, records.csv, hires.csv, insurance.csv, county_rates.csv)
# and writes CSV only, no report or manifest. Exit status as `jncli annual`: 0 clean, 3 the ledger check
# found violations (all files still written), 1 bad data, 2 bad options. The province growth rates default to the made-up values
# of the samples: pass the published ones.
set -euo pipefail

data=${1:?usage: annual.sh DATA_DIR YEAR OUT_DIR [PROVINCE_GROWTH] [PROVINCE_RURAL_GROWTH]}
year=${2:?usage: annual.sh DATA_DIR YEAR OUT_DIR [PROVINCE_GROWTH] [PROVINCE_RURAL_GROWTH]}
out=${3:?usage: annual.sh DATA_DIR YEAR OUT_DIR [PROVINCE_GROWTH] [PROVINCE_RURAL_GROWTH]}
province_growth=${4:-10%}
province_rural_growth=${5:-12%}
mkdir -p "$out"

# Measure 1: county scores and ranks (50/40/30 万元 per category, highest award only).
jncli score-counties "$data/counties.csv" --year "$year" \
    --province-growth "$province_growth" --province-rural-growth "$province_rural_growth" \
    -o "$out/score-counties.csv"
# Measures 2, 3, 6: enterprise tiers, titles, demonstration bases, fiscal reward; then the county commendations.
jncli award-enterprises "$data/enterprises.csv" --year "$year" --fiscal-ratios "$data/fiscal_ratios.csv" \
    -o "$out/award-enterprises.csv"
jncli award-enterprises "$data/enterprises.csv" --year "$year" --commendations -o "$out/commendations.csv"
# Measure 4: shops per county (and per month, for the report).
jncli track-shops "$data/shops.csv" --year "$year" -o "$out/track-shops.csv"
jncli track-shops "$data/shops.csv" --year "$year" --by month -o "$out/track-shops-by-month.csv"
# Measure 7: the whitelist, as of the last day of the year (as `jncli annual` defaults to).
jncli whitelist "$data/candidates.csv" --records "$data/records.csv" --as-of "$year-12-31" \
    -o "$out/whitelist.csv"
# Measure 8: trained hires, with that whitelist's training institutions and the counties' rates.
jncli trained-hires "$data/hires.csv" --insurance "$data/insurance.csv" --trainers "$out/whitelist.csv" \
    --county-rates "$data/county_rates.csv" --year "$year" --as-of "$year-12-31" -o "$out/trained-hires.csv"

# One ledger from every award-producing output, checked as it is written (exit 3 on violations).
jncli cat --as ledger "$out/score-counties.csv" "$out/award-enterprises.csv" "$out/commendations.csv" \
        "$out/track-shops.csv" "$out/whitelist.csv" "$out/trained-hires.csv" \
    | tee "$out/ledger.csv" \
    | jncli check-validity --mode ledger -o "$out/check-validity.csv"
