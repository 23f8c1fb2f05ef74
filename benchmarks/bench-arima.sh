#!/bin/sh
# bench-arima.sh - vieclam's automatic ARIMA next to R's auto.arima() on the M3 quarterly data
# (756 series, h = 8) in one session, single-threaded, so the time ratio is measured on the same
# machine load. usage: benchmarks/bench-arima.sh BUILD_DIR [DATA_DIR]
set -eu
build=${1:?usage: bench-arima.sh BUILD_DIR [DATA_DIR]}
data=${2:-$(dirname "$0")/../../shared/data/m3-quarterly}
"$build/benchmarks/bench-arima" "$data/train.csv" "$data/test.csv"
if command -v Rscript >/dev/null 2>&1 && Rscript -e 'library(forecast)' >/dev/null 2>&1; then
    Rscript "$(dirname "$0")/r-arima.R" "$data/train.csv" "$data/test.csv" 2>/dev/null
else
    echo "# R with the forecast package not found: peer skipped"
fi
