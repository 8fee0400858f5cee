#!/usr/bin/env python3
"""Quantizes a float ONNX classifier with ONNX Runtime's quantize_static and evaluates it on the same
photos `octet quantize` is calibrated and evaluated on (the comparison figure of issue #6).

Settings: the model first goes through ORT's quant_pre_process (BatchNormalization folded), then QDQ format, int8 weights per channel (symmetric), activations QUInt8 and QInt8 (both are
tried), calibrators MinMax, Entropy and Percentile (99.999), all calibrated on every photo of the
folder, preprocessed like octet (see common.py). Each quantized model runs on ORT's CPU provider;
the table gives its output SQNR and top-1 agreement against the float model (run by ORT on the same
inputs) and its accuracy against the labels.

Needs: onnxruntime, onnx, numpy, Pillow (e.g. the system python3 with PyPI onnxruntime).
usage: compare_ort.py MODEL.onnx CALIB_DIR LABELS.csv WORK_DIR [--label-column ilsvrc_index]
       [--calibrators MinMax,Entropy,Percentile] [--activations QUInt8,QInt8] [--write-npy DIR]
The quantized models are written to WORK_DIR (not to the repository).
"""
import argparse
import os
import sys

import numpy as np
import onnxruntime as ort
from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat, QuantType,
                                      quantize_static)
from onnxruntime.quantization.shape_inference import quant_pre_process

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import HEADER, load_photos, summarize  # noqa: E402


class Reader(CalibrationDataReader):
    def __init__(self, input_name, nchw):
        self.items = iter([{input_name: x[None]} for x in nchw])

    def get_next(self):
        return next(self.items, None)


def run(model_path, input_name, nchw):
    session = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])
    return np.concatenate([session.run(None, {input_name: x[None]})[0] for x in nchw])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model")
    parser.add_argument("calib")
    parser.add_argument("labels")
    parser.add_argument("work")
    parser.add_argument("--label-column", default="ilsvrc_index")
    parser.add_argument("--calibrators", default="MinMax,Entropy,Percentile")
    parser.add_argument("--activations", default="QUInt8,QInt8")
    parser.add_argument("--write-npy", metavar="DIR",
                        help="also write the preprocessed photos as NHWC float32 .npy files and a labels.csv "
                        "(file,LABEL_COLUMN) to DIR, so `octet quantize --calib DIR --labels DIR/labels.csv` "
                        "sees exactly the same input tensors; then exit")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)

    names, nhwc, labels = load_photos(args.calib, args.labels, args.label_column)
    if args.write_npy:
        os.makedirs(args.write_npy, exist_ok=True)
        with open(os.path.join(args.write_npy, "labels.csv"), "w") as f:
            f.write("file,%s\n" % args.label_column)
            for name, x, label in zip(names, nhwc, labels):
                npy = os.path.splitext(name)[0] + ".npy"
                np.save(os.path.join(args.write_npy, npy), x[None].astype(np.float32))
                f.write("%s,%d\n" % (npy, label))
        return
    nchw = np.ascontiguousarray(nhwc.transpose(0, 3, 1, 2))
    input_name = ort.InferenceSession(args.model, providers=["CPUExecutionProvider"]).get_inputs()[0].name
    reference = run(args.model, input_name, nchw)
    # ORT's recommended pre-processing (shape inference, graph optimization: BatchNormalization
    # folded into Conv) before quantize_static.
    prepared = os.path.join(args.work, "ort_prepared.onnx")
    quant_pre_process(args.model, prepared)
    print("onnxruntime %s, %d photos" % (ort.__version__, len(labels)))
    print(HEADER)
    print(summarize("float (ORT)", reference, reference, labels))
    sys.stdout.flush()
    for method in args.calibrators.split(","):
        for activation in args.activations.split(","):
            out = os.path.join(args.work, "ort_%s_%s.onnx" % (method, activation))
            extra = {"ActivationSymmetric": False, "WeightSymmetric": True}
            if method == "Percentile":
                extra["CalibPercentile"] = 99.999
            try:
                quantize_static(prepared, out, Reader(input_name, nchw), quant_format=QuantFormat.QDQ,
                                per_channel=True, activation_type=getattr(QuantType, activation),
                                weight_type=QuantType.QInt8, calibrate_method=getattr(CalibrationMethod, method),
                                extra_options=extra)
                outputs = run(out, input_name, nchw)
            except Exception as e:  # report and go on with the other settings
                print("%-44s failed: %s" % ("ORT %s %s" % (method, activation), str(e).splitlines()[0][:80]))
                continue
            print(summarize("ORT QDQ per-channel %s act %s" % (method, activation), reference, outputs, labels))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
