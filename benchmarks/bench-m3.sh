#!/bin/sh
# bench-m3.sh - M3 quarterly accuracy and speed, vieclam next to R's forecast package in the same
# run (so the wall-time ratio is measured under the same machine load).
# usage: benchmarks/bench-m3.sh [BUILD_DIR] [THREADS]   (default build, 2 threads)
# Prints vieclam's lines (model sMAPE MASE seconds series), R's lines (R-model ...), and the
# ratio of R's ets() wall time to vieclam's auto wall time (the issue's target: >= 20).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
threads=${2:-2}
data=${VL_SHARED_DATA:-$root/../shared/data}/m3-quarterly
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "# vieclam (threads $threads)"
"$build/benchmarks/bench-m3" "$data/train.csv" "$data/test.csv" \
    naive,snaive,naive2,ses,holt,damped,dses,dholt,ddamped,theta,ets,arima,comb,auto \
    --threads "$threads" | tee "$out"
if Rscript -e 'suppressMessages(library(forecast))' >/dev/null 2>&1; then
    echo "# R $(Rscript -e 'cat(R.version$major, R.version$minor, sep=".")') forecast" \
         "$(Rscript -e 'cat(as.character(packageVersion("forecast")))') (single-threaded)"
    Rscript "$root/benchmarks/bench-m3.R" "$data/train.csv" "$data/test.csv" | tee -a "$out"
    awk '$1 == "auto" { a = $4; ac = $6 } $1 == "R-ets" { r = $4; rc = $6 }
         END { if (a > 0) printf "ratio R-ets wall / vieclam auto wall: %.1f (CPU time: %.1f)\n",
                                 r / a, rc / ac }' "$out"
else
    echo "# R with the forecast package is not installed: peer comparison skipped"
fi
