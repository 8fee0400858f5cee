#!/usr/bin/env python3
"""Quantizes the same float classifier with TensorFlow Lite's converter and evaluates it on the same
photos `octet quantize` is calibrated and evaluated on (the comparison figure of issue #6).

The float model is rebuilt as a Keras functional model (NHWC) from the ONNX graph's own weights:
Conv (group 1 -> Conv2D, group = channels -> DepthwiseConv2D) with the following
BatchNormalization folded into it, Clip(0, 6) -> ReLU6, Relu, Add, GlobalAveragePool, Flatten,
Gemm -> Dense, Softmax. ONNX pads are checked to be TF 'same' (or zero: 'valid'). The script first
checks that the Keras model's float outputs match ONNX Runtime's on the photos (max abs difference
printed; it stops when they differ by more than 1e-3), then converts it (through a tf.function of
it: from_keras_model fails with Keras 3) with TFLiteConverter, optimizations DEFAULT, the photos as representative dataset,
TFLITE_BUILTINS_INT8 only (full integer) and int8 input/output, and runs the .tflite with
tf.lite.Interpreter on the photos. The table gives output SQNR and top-1 agreement against the ONNX
float model and accuracy against the labels.

Needs: tensorflow, onnx, onnxruntime, numpy, Pillow (e.g. a venv with `pip install tensorflow onnx
onnxruntime pillow`).
usage: compare_tflite.py MODEL.onnx CALIB_DIR LABELS.csv WORK_DIR [--label-column ilsvrc_index]
The .tflite models are written to WORK_DIR (not to the repository).
"""
import argparse
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import HEADER, load_photos, summarize  # noqa: E402


def same_pads(pads, kernel, stride, size):
    """The TF 'same' pads [top, left, bottom, right] of one layer (square input `size`)."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return [total // 2, total // 2, total - total // 2, total - total // 2]


def build_keras(model_path, tf):
    keras = tf.keras
    m = onnx.load(model_path)
    weights = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
    for node in m.graph.node:  # Constant nodes (Clip bounds may be ones)
        if node.op_type == "Constant":
            weights[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
    producers = {o: n for n in m.graph.node for o in n.output}
    consumers = {}
    for n in m.graph.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    graph_input = m.graph.input[0]
    dims = [d.dim_value for d in graph_input.type.tensor_type.shape.dim]  # NCHW
    x = keras.Input(shape=(dims[2], dims[3], dims[1]), name="input")
    values = {graph_input.name: x}
    sizes = {graph_input.name: dims[2]}
    folded = set()
    for node in m.graph.node:
        op = node.op_type
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        inp = values.get(node.input[0]) if node.input else None
        if op == "Constant":
            continue
        if op == "Conv":
            w = weights[node.input[1]].astype(np.float64)  # [O, I/g, KH, KW]
            b = weights[node.input[2]].astype(np.float64) if len(node.input) > 2 else np.zeros(w.shape[0])
            out_name = node.output[0]
            users = consumers.get(out_name, [])
            if len(users) == 1 and users[0].op_type == "BatchNormalization":
                bn = users[0]
                gamma, beta, mean, var = (weights[bn.input[k]].astype(np.float64) for k in range(1, 5))
                eps = next((onnx.helper.get_attribute_value(a) for a in bn.attribute if a.name == "epsilon"), 1e-5)
                factor = gamma / np.sqrt(var + eps)
                w = w * factor[:, None, None, None]
                b = (b - mean) * factor + beta
                folded.add(bn.name)
                out_name = bn.output[0]
            kernel, stride = attrs["kernel_shape"][0], attrs.get("strides", [1, 1])[0]
            pads = list(attrs.get("pads", [0, 0, 0, 0]))
            size = sizes[node.input[0]]
            tf_pads = same_pads(pads, kernel, stride, size)
            pads_tlbr = [pads[0], pads[1], pads[2], pads[3]]
            if pads_tlbr == tf_pads:
                padding = "same"
            elif not any(pads):
                padding = "valid"
            else:
                raise SystemExit("%s: pads %s are neither TF 'same' nor zero" % (node.name, pads))
            group = attrs.get("group", 1)
            if group == 1:
                layer = keras.layers.Conv2D(w.shape[0], kernel, stride, padding=padding, name=node.name)
                y = layer(inp)
                layer.set_weights([w.transpose(2, 3, 1, 0).astype(np.float32), b.astype(np.float32)])
            elif group == w.shape[0] and w.shape[1] == 1:
                layer = keras.layers.DepthwiseConv2D(kernel, stride, padding=padding, name=node.name)
                y = layer(inp)
                layer.set_weights([w.transpose(2, 3, 0, 1).astype(np.float32), b.astype(np.float32)])
            else:
                raise SystemExit("%s: grouped convolution not supported" % node.name)
            values[out_name] = y
            sizes[out_name] = -(-size // stride) if padding == "same" else (size - kernel) // stride + 1
            continue
        if op == "BatchNormalization":
            if node.name not in folded:
                raise SystemExit("%s: BatchNormalization not after a Conv" % node.name)
            continue
        if op == "Clip":
            bound = lambda k, default: (float(np.asarray(weights[node.input[k]]).reshape(-1)[0])
                                        if len(node.input) > k and node.input[k] else attrs.get(("min", "max")[k - 1], default))
            lo, hi = bound(1, 0.0), bound(2, 6.0)
            if lo != 0.0 or hi != 6.0:
                raise SystemExit("%s: only Clip(0, 6) is supported" % node.name)
            y = keras.layers.ReLU(6.0, name=node.name.replace("/", "_"))(inp)
        elif op == "Relu":
            y = keras.layers.ReLU(name=node.name.replace("/", "_"))(inp)
        elif op == "Add":
            y = keras.layers.Add(name=node.name)([values[node.input[0]], values[node.input[1]]])
        elif op == "GlobalAveragePool":
            y = keras.layers.GlobalAveragePooling2D(name=node.name)(inp)
        elif op == "Flatten":
            y = inp
        elif op == "Gemm":
            w = weights[node.input[1]]
            if not attrs.get("transB", 0):
                w = w.T
            layer = keras.layers.Dense(w.shape[0], name=node.name)
            y = layer(inp)
            layer.set_weights([w.T.astype(np.float32), weights[node.input[2]].astype(np.float32)])
        elif op == "Softmax":
            y = keras.layers.Softmax(name=node.name)(inp)
        else:
            raise SystemExit("%s: ONNX op %s not supported by this script" % (node.name, op))
        values[node.output[0]] = y
        sizes[node.output[0]] = sizes.get(node.input[0])
    return keras.Model(x, values[m.graph.output[0].name])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model")
    parser.add_argument("calib")
    parser.add_argument("labels")
    parser.add_argument("work")
    parser.add_argument("--label-column", default="ilsvrc_index")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    import onnxruntime as ort
    import tensorflow as tf

    _, nhwc, labels = load_photos(args.calib, args.labels, args.label_column)
    session = ort.InferenceSession(args.model, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    reference = np.concatenate([session.run(None, {name: x.transpose(2, 0, 1)[None]})[0] for x in nhwc])

    keras_model = build_keras(args.model, tf)
    keras_out = keras_model.predict(nhwc, batch_size=10, verbose=0)
    diff = float(np.max(np.abs(keras_out - reference)))
    print("tensorflow %s, %d photos; Keras float vs ONNX float: max |diff| %.3g, top-1 agreement %.1f%%" %
          (tf.__version__, len(labels), diff, 100 * np.mean(keras_out.argmax(1) == reference.argmax(1))))
    if diff > 1e-3:
        raise SystemExit("the Keras rebuild does not match the ONNX model")

    def representative():
        for x in nhwc:
            yield [x[None].astype(np.float32)]

    # A tf.function around the Keras model: TFLiteConverter.from_keras_model fails with Keras 3
    # (TensorFlow 2.21: "'NoneType' object is not callable" in _wrapped_model).
    shape = [1] + list(nhwc.shape[1:])

    @tf.function(input_signature=[tf.TensorSpec(shape, tf.float32)])
    def serve(x):
        return keras_model(x, training=False)

    converter = tf.lite.TFLiteConverter.from_concrete_functions([serve.get_concrete_function()], keras_model)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.representative_dataset = representative
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    converter.inference_input_type = tf.int8
    converter.inference_output_type = tf.int8
    tflite_bytes = converter.convert()
    path = os.path.join(args.work, "tflite_int8.tflite")
    with open(path, "wb") as f:
        f.write(tflite_bytes)

    interpreter = tf.lite.Interpreter(model_path=path)
    interpreter.allocate_tensors()
    inp, out = interpreter.get_input_details()[0], interpreter.get_output_details()[0]
    in_scale, in_zero = inp["quantization"]
    out_scale, out_zero = out["quantization"]
    outputs = []
    for x in nhwc:
        q = np.clip(np.round(x / in_scale + in_zero), -128, 127).astype(np.int8)
        interpreter.set_tensor(inp["index"], q[None])
        interpreter.invoke()
        outputs.append((interpreter.get_tensor(out["index"])[0].astype(np.float32) - out_zero) * out_scale)
    print(HEADER)
    print(summarize("float (Keras rebuild)", reference, keras_out, labels))
    print(summarize("TFLite converter full int8 (per-channel)", reference, np.stack(outputs), labels))


if __name__ == "__main__":
    main()
