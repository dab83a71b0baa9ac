#!/usr/bin/env bash
# Builds the libFuzzer targets with clang 16 and runs each for a bounded time (default 40 s: six
# targets, the four minutes CI gave four), with the dictionaries fuzz/quotes.dict (quote marks,
# speech verbs) or fuzz/json.dict (JSON tokens, shard keys).
# Fails on any crash, hang (over 10 s on one input), leak or sanitizer report; what a failing
# input was is left in build-fuzz/findings/. Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-40}
need=()
for p in clang-16 libclang-rt-16-dev g++ cmake make pkg-config libre2-dev libfmt-dev libyaml-cpp-dev \
         libutf8proc-dev nlohmann-json3-dev libcli11-dev libxxhash-dev libsqlite3-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if ((${#need[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
CXX=clang++-16 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQUOTECHECK_FUZZ=ON \
  -DQUOTECHECK_BUILD_TESTS=OFF >/dev/null
make -C build-fuzz -j"$(nproc)" fuzz_quotes fuzz_extract fuzz_rules fuzz_jsonl fuzz_diff fuzz_shards >/dev/null
mkdir -p build-fuzz/findings
status=0
for target in quotes extract rules jsonl diff shards; do
  work=build-fuzz/corpus-$target
  mkdir -p "$work"
  seeds=(fuzz/corpus/$target)
  dict=()
  case $target in
    quotes|extract|diff) seeds+=(data/story); dict=(-dict=fuzz/quotes.dict) ;;
    rules) seeds+=(rules) ;;
    jsonl|shards) seeds+=(data); dict=(-dict=fuzz/json.dict) ;;
  esac
  echo "fuzz_$target: ${seconds}s"
  if ! build-fuzz/fuzz/fuzz_$target "$work" "${seeds[@]}" "${dict[@]}" -max_total_time="$seconds" -timeout=10 \
       -rss_limit_mb=4096 -max_len=65536 -artifact_prefix=build-fuzz/findings/ -print_final_stats=1 \
       >build-fuzz/fuzz_$target.log 2>&1; then
    echo "fuzz_$target FAILED:"; tail -n 40 build-fuzz/fuzz_$target.log; status=1
  else
    grep -E 'stat::number_of_executed_units|cov:' build-fuzz/fuzz_$target.log | tail -n 2
  fi
done
exit $status
