#!/usr/bin/env bash
# Builds the libFuzzer targets with clang + AddressSanitizer + UndefinedBehaviorSanitizer and runs each
# for a bounded time, starting from the committed seed corpus (tests/fuzz/corpus/<target>).
# Usage: tools/scripts/fuzz.sh [SECONDS_PER_TARGET|ci] [BUILD_DIR]
#   ci: a fixed number of runs per target with a fixed seed, so a CI result depends only on the code
#       and the committed corpus (about 20-30 s per target on a 2-core machine).
# A crash stops with a non-zero exit; copy the reported crash-* file into tests/fuzz/regressions/<target>/
# so the ordinary test suite replays it from then on.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
declare -A ci_runs=([fuzz_load_model]=120000 [fuzz_convert_tflite]=300000 [fuzz_quantized_run]=12000)
build=${2:-$root/build-fuzz}
"$root/tools/scripts/install-deps.sh" fuzz
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DOCTET_FUZZ=ON -DOCTET_SANITIZE=address,undefined -DOCTET_BUILD_BENCHMARKS=OFF >/dev/null
targets=(fuzz_load_model fuzz_convert_tflite fuzz_quantized_run)
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}"
status=0
for target in "${targets[@]}"; do
  corpus="$build/fuzz-corpus/$target"
  if [[ $seconds == ci ]]; then rm -rf "$corpus"; fi  # start from the committed seeds only
  mkdir -p "$corpus" "$build/fuzz-artifacts/$target"
  cp -n "$root/tests/fuzz/corpus/$target/"* "$corpus/" 2>/dev/null || true
  if [[ $seconds == ci ]]; then
    budget=(-runs="${ci_runs[$target]}" -seed=1)
    echo "== $target: ${ci_runs[$target]} runs, seed 1"
  else
    budget=(-max_total_time="$seconds")
    echo "== $target: ${seconds}s"
  fi
  if ! "$build/tests/fuzz/$target" "$corpus" "${budget[@]}" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$build/fuzz-artifacts/$target/" -print_final_stats=1 2>"$build/fuzz-$target.log"; then
    echo "$target: FOUND A CRASH (see $build/fuzz-$target.log and $build/fuzz-artifacts/$target/)"
    status=1
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$build/fuzz-$target.log" | tail -3
  echo "corpus: $(ls "$corpus" | wc -l) inputs"
done
exit $status
