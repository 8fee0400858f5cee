#!/usr/bin/env bash
# Builds octet and runs its main job on a built-in model: convert-free, file-free.
#   1. `octet builtin mobilenet_v2` writes a MobileNet v2 shaped int8 model (seeded weights);
#   2. `octet run` classifies an input (the Grace Hopper photo from ../shared when present,
#      else a seeded random image);
#   3. `octet bench` times it.
# Usage: tools/scripts/demo.sh [BUILD_DIR]   (default: build-demo)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-demo}
"$root/tools/scripts/install-deps.sh" build
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DOCTET_BUILD_TESTS=OFF -DOCTET_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target octet_cli
octet="$build/tools/octet/octet"
model="$build/mobilenet_v2.octet"
"$octet" builtin mobilenet_v2 -o "$model"
"$octet" inspect "$model" | tail -n 4
image="$root/../shared/models/images/grace_hopper.bmp"
if [[ -f $image ]]; then
  input=$image
else
  input="$build/random_input.bin"
  python3 -c "import random,sys; random.seed(1); sys.stdout.buffer.write(bytes(random.randrange(256) for _ in range(224*224*3)))" >"$input"
fi
echo "== octet run $model --input $(basename "$input") --top 5"
echo "   (the built-in model has seeded random weights: its classes carry no meaning, the path is the point)"
"$octet" run "$model" --input "$input" --output "$build/output.bin" --top 5
real_model="$root/../shared/models/tf2_mobilenet_v2_1.0_224_ptq.tflite"
labels="$root/../shared/models/imagenet_labels.txt"
if [[ -f $real_model && -f $image && -f $labels ]]; then
  echo "== the real MobileNet v2 (converted in memory) on the same photo"
  "$octet" run "$real_model" --input "$image" --top 3 --labels "$labels"
fi
echo "== octet bench $model"
"$octet" bench "$model" --warmup 1 --runs 5 --json "$build/bench.json"
