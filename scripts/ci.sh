#!/usr/bin/env bash
# quotecheck CI: what .ci/run runs on a clean checkout.
#   1. the whole test suite, Release with warnings as errors (scripts/test.sh), which runs every
#      command line of README.md and of the man page (tests/test_readme.cpp);
#   2. the demo (scripts/demo.sh), the README's other setup command, on that build;
#   3. the test suite again under AddressSanitizer and UndefinedBehaviorSanitizer;
#   4. each libFuzzer target for a bounded time (scripts/fuzz.sh, 40 s each, six targets).
# Set QC_CI_FUZZ_SECONDS to change the fuzz time, QC_CI_SKIP_SANITIZE=1 / QC_CI_SKIP_FUZZ=1 to
# leave a stage out when running it by hand.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
start=$(date +%s)
stage() { echo; echo "== $1 ($(( $(date +%s) - start )) s)"; }

stage "test suite (Release, -Werror)"
bash scripts/test.sh

# The README's first command, as printed, on the build just made: it must run and find the
# story's planted errors (exit 1), as the README says.
stage "demo (README: bash scripts/demo.sh)"
demo_log=$(mktemp)
BUILD_DIR=build-ci bash scripts/demo.sh | tee "$demo_log"
grep -q '^quotecheck exited with 1 ' "$demo_log" || { echo "ci: the demo did not find the story's errors" >&2; exit 1; }
rm -f "$demo_log"

if [[ "${QC_CI_SKIP_SANITIZE:-0}" != 1 ]]; then
  stage "test suite under ASan + UBSan"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQUOTECHECK_SANITIZE=address,undefined \
    -DQUOTECHECK_INSTALL=OFF >/dev/null  # no -Werror: GCC warns falsely (maybe-uninitialized) under ASan
  cmake --build build-asan -j"$(nproc)"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j2 -E 'html-report-browser'
fi

if [[ "${QC_CI_SKIP_FUZZ:-0}" != 1 ]]; then
  stage "fuzzing"
  bash scripts/fuzz.sh "${QC_CI_FUZZ_SECONDS:-40}"
fi
stage "done"
