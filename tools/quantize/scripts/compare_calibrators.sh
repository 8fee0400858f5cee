#!/usr/bin/env bash
# Quantizes one float model with every calibrator, with and without equalization and bias
# correction, and prints one line per run (output SQNR, top-1 agreement, accuracy) from the JSON
# reports. usage: compare_calibrators.sh OCTET MODEL CALIB_DIR LABELS.csv OUT_DIR [extra octet args...]
set -euo pipefail
octet=$1 model=$2 calib=$3 labels=$4 out=$5
shift 5
mkdir -p "$out"
printf '%-11s %-14s %8s %9s %9s %9s\n' calibrator options "SQNR dB" "top-1 agr" "float acc" "int8 acc"
for cal in minmax percentile entropy mse; do
  for opts in "" "--bias-correct" "--equalize --equalize-relu6" "--equalize --equalize-relu6 --bias-correct"; do
    name="$cal${opts// /}"
    # shellcheck disable=SC2086
    "$octet" quantize "$model" --calib "$calib" -o "$out/$name.octet" --calibrator "$cal" $opts \
      --labels "$labels" --json "$out/$name.json" --sensitivity-samples 0 --quiet "$@" >"$out/$name.txt"
    python3 - "$out/$name.json" "$cal" "${opts:-none}" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
tag = sys.argv[3].replace("--equalize-relu6", "").replace("--equalize", "cle").replace("--bias-correct", "bc").split()
pct = lambda v: "n/a" if v is None else "%.1f%%" % (100 * v)
print("%-11s %-14s %8.2f %9s %9s %9s" % (sys.argv[2], "+".join(tag) or "none", r["output_sqnr_db"],
      pct(r["top1_agreement"]), pct(r["float_accuracy"]), pct(r["quantized_accuracy"])))
PY
  done
done
