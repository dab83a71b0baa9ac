#!/usr/bin/env bash
# quotecheck demo: installs missing dependencies, builds, and checks the sample story in
# data/story (five outlets' reports of one event, with conflicts planted; see data/EXPECTED.md).
#
#   bash scripts/demo.sh
#
# quotecheck exits 1 when it finds errors, as it does here; the demo prints the exit code and
# fails only when quotecheck could not run (exit 2 or worse). BUILD_DIR defaults to build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh

build_dir="${BUILD_DIR:-build}"
cmake -S . -B "$build_dir"
cmake --build "$build_dir" -j"$(nproc)" --target quotecheck

status=0
"$build_dir/app/quotecheck" check data/story || status=$?
echo
echo "quotecheck exited with $status (0: no errors found, 1: errors found, 2: could not run)"
if ((status >= 2)); then
  exit "$status"
fi
