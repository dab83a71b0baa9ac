#!/bin/sh
# Scores quote extraction and attribution on the development set in one command:
# builds quotecheck when needed, extracts every article of ../shared/eval/polnear-dev and
# prints ../shared/eval/score.py's report. Extra arguments go to score.py (--json lists misses).
#
#   bench/score_dev.sh [--json]
#
# QC_BUILD_DIR (default build-acc) and QC_EVAL_DIR (default ../shared/eval) override the paths.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${QC_BUILD_DIR:-$root/build-acc}
eval_dir=${QC_EVAL_DIR:-$root/../shared/eval}
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DQUOTECHECK_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build" --target quotecheck -j 2 >/dev/null
pred=$(mktemp "${TMPDIR:-/tmp}/quotecheck-dev.XXXXXX")
trap 'rm -f "$pred"' EXIT
"$build/app/quotecheck" extract --rules "$root/rules" "$eval_dir/polnear-dev/articles" >"$pred" 2>/dev/null
python3 "$eval_dir/score.py" "$eval_dir/polnear-dev/gold.jsonl" "$pred" "$@"
