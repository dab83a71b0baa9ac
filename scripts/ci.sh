#!/usr/bin/env bash
# quotecheck CI: what .ci/run runs on a clean checkout.
#   1. the whole test suite, Release with warnings as errors (scripts/test.sh);
#   2. the test suite again under AddressSanitizer and UndefinedBehaviorSanitizer;
#   3. each libFuzzer target for a bounded time (scripts/fuzz.sh, 40 s each, six targets).
# Set QC_CI_FUZZ_SECONDS to change the fuzz time, QC_CI_SKIP_SANITIZE=1 / QC_CI_SKIP_FUZZ=1 to
# leave a stage out when running it by hand.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
start=$(date +%s)
stage() { echo; echo "== $1 ($(( $(date +%s) - start )) s)"; }

stage "test suite (Release, -Werror)"
bash scripts/test.sh

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
