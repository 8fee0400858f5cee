#!/usr/bin/env bash
# Quantizes one float model with every calibrator, with and without equalization and bias
# correction, and prints one line per run (output SQNR, top-1 agreement, accuracy) from the JSON
# reports. Options: none, bc (--bias-correct), cle (--equalize: RELU6 kept), cle+bc, and
# cle+relu (--equalize --equalize-relu6: RELU6 replaced by RELU as in the DFQ paper, which changes
# the float model; the figures still compare against the original one).
# usage: compare_calibrators.sh OCTET MODEL CALIB_DIR LABELS.csv OUT_DIR [extra octet args...]
# e.g.   compare_calibrators.sh build/tools/octet/octet lite0.onnx ../shared/models/calibration \
#          ../shared/models/calibration/labels.csv grid --label-column ilsvrc_index
set -euo pipefail
octet=$1 model=$2 calib=$3 labels=$4 out=$5
shift 5
mkdir -p "$out"
printf '%-11s %-14s %8s %9s %9s %9s\n' calibrator options "SQNR dB" "top-1 agr" "float acc" "int8 acc"
for cal in minmax percentile entropy mse; do
  for opts in "" "--bias-correct" "--equalize" "--equalize --bias-correct" "--equalize --equalize-relu6"; do
    name="$cal${opts// /}"
    # shellcheck disable=SC2086
    "$octet" quantize "$model" --calib "$calib" -o "$out/$name.octet" --calibrator "$cal" $opts \
      --labels "$labels" --json "$out/$name.json" --sensitivity-samples 0 --quiet "$@" >"$out/$name.txt"
    python3 - "$out/$name.json" "$cal" "${opts:-none}" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
tag = sys.argv[3].replace("--equalize-relu6", "relu").replace("--equalize", "cle").replace("--bias-correct", "bc").split()
pct = lambda v: "n/a" if v is None else "%.1f%%" % (100 * v)
print("%-11s %-14s %8.2f %9s %9s %9s" % (sys.argv[2], "+".join(tag) or "none", r["output_sqnr_db"],
      pct(r["top1_agreement"]), pct(r["float_accuracy"]), pct(r["quantized_accuracy"])))
PY
  done
done
