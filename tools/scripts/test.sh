#!/usr/bin/env bash
# Builds and runs every test: a Release build with warnings as errors (the whole suite, conformance
# against TFLite's reference kernels included), then an AddressSanitizer + UndefinedBehaviorSanitizer
# build of the same suite (conformance on a few images, the rest in full), the threading tests under
# ThreadSanitizer, a bounded libFuzzer run of each fuzz target, and the aarch64 suite under qemu.
# Usage: tools/scripts/test.sh [BUILD_ROOT]   (default: build-test)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/build-test}
jobs=$(nproc)
"$root/tools/scripts/install-deps.sh" test

# Python with TFLite (ai-edge-litert) makes the conformance goldens; without it those tests skip.
venv="$out/venv"
python_args=()
if [[ ! -x $venv/bin/python ]]; then
  python3 -m venv "$venv" || echo "note: cannot create a Python venv; the conformance tests will skip"
fi
if [[ -x $venv/bin/python ]]; then
  if "$venv/bin/python" -m pip install -q --disable-pip-version-check ai-edge-litert numpy pillow; then
    python_args=(-DOCTET_PYTHON="$venv/bin/python")
  else
    echo "note: cannot install ai-edge-litert from PyPI; the conformance tests will skip"
  fi
fi

echo "== Release build, warnings as errors"
cmake -S "$root" -B "$out/release" -DCMAKE_BUILD_TYPE=Release -DOCTET_WERROR=ON "${python_args[@]}" >/dev/null
cmake --build "$out/release" -j"$jobs"
(cd "$out/release" && ctest --output-on-failure -j"$jobs")

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build"
cmake -S "$root" -B "$out/asan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOCTET_WERROR=ON -DOCTET_SANITIZE=address,undefined \
  -DOCTET_CONFORMANCE_CALIBRATION_IMAGES=3 "${python_args[@]}" >/dev/null
cmake --build "$out/asan" -j"$jobs"
(cd "$out/asan" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j"$jobs")

echo "== ThreadSanitizer: the thread pool and concurrent sessions"
cmake -S "$root" -B "$out/tsan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOCTET_SANITIZE=thread -DOCTET_BUILD_BENCHMARKS=OFF \
  "${python_args[@]}" >/dev/null
cmake --build "$out/tsan" -j"$jobs" --target runtime_threads_test robustness_concurrency_test
(cd "$out/tsan" && TSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure -R '^(runtime_threads_test|robustness_concurrency_test)$')

echo "== Fuzzing: each libFuzzer target for a fixed number of runs (clang, ASan+UBSan, seed 1)"
"$root/tools/scripts/fuzz.sh" "${OCTET_FUZZ_SECONDS:-ci}" "$out/fuzz"

# aarch64: the suite cross-built (cmake/toolchains/aarch64-linux-gnu.cmake) and run under qemu-user,
# first on `-cpu max` (NEON + dotprod + i8mm: every per-ISA test variant runs), then the kernel and
# per-ISA tests on a dotprod core without i8mm (cortex-a76) and a NEON-only core (cortex-a53), where
# cpuinfo detects less and the stronger kernels skip. Left out under qemu: tests whose CMake scripts
# run target programs directly or build host consumers (cli_*, install_*, example_*), the mutation
# robustness test (architecture-independent, slow under emulation). OCTET_TEST_ARM=0 leaves this
# stage out.
if [[ ${OCTET_TEST_ARM:-1} != 0 ]]; then
  "$root/tools/scripts/install-deps.sh" arm
  a64="$out/aarch64"
  arm_exclude='^(cli_|install_|example_|robustness_mutation_test$)'
  echo "== aarch64 cross build (Release, warnings as errors), tests under qemu-aarch64 -cpu max"
  cmake -S "$root" -B "$a64" -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/aarch64-linux-gnu.cmake" \
    -DCMAKE_BUILD_TYPE=Release -DOCTET_WERROR=ON -DOCTET_BUILD_BENCHMARKS=OFF -DOCTET_QEMU_CPU=max \
    -DOCTET_CONFORMANCE_CALIBRATION_IMAGES=3 "${python_args[@]}" >/dev/null
  cmake --build "$a64" -j"$jobs"
  (cd "$a64" && ctest --output-on-failure -j"$jobs" -E "$arm_exclude")
  for cpu in cortex-a76 cortex-a53; do
    echo "== aarch64 kernel and per-ISA tests under qemu-aarch64 -cpu $cpu"
    cmake "$a64" -DOCTET_QEMU_CPU=$cpu >/dev/null
    (cd "$a64" && ctest --output-on-failure -j"$jobs" -R '^octet_(isa|requantize|gemm|dwconv|vadd|pool|mean|vcvt)')
    (cd "$a64" && ctest --output-on-failure -j"$jobs" -L per_isa -E "$arm_exclude|^conformance_")
  done
  cmake "$a64" -DOCTET_QEMU_CPU=max >/dev/null
fi
