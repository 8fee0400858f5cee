#!/usr/bin/env bash
# Builds and runs every test: a Release build with warnings as errors (the whole suite, conformance
# against TFLite's reference kernels included), then an AddressSanitizer + UndefinedBehaviorSanitizer
# build of the same suite (conformance on a few images, the rest in full).
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
