#!/usr/bin/env python3
"""Convert a quantized TFLite MobileNet (int8 or uint8) into an ONNX model that ONNX Runtime runs
on its fast quantized path.

Usage:
  tflite_to_onnx.py MODEL.tflite -o MODEL.onnx [--check-images DIR] [--nhwc-input]

Only a benchmark tool: it lets compare.py time ONNX Runtime on the same network as octet and
TFLite. It is not bit-exact with TFLite (ONNX Runtime rounds its requantization differently);
--check-images verifies that top-1 agrees with TFLite and that the outputs are close.

How the TFLite graph maps onto ONNX:
  * layout: TFLite is NHWC, ONNX NCHW. The ONNX input is NCHW uint8 unless --nhwc-input, which
    adds a Transpose in front. Weights are transposed at conversion time.
  * activations: every int8 activation becomes uint8 with its zero point shifted by +128 (same
    real values, ONNX Runtime's u8s8 kernels are far faster than s8s8 on x86); uint8 activations
    stay as they are. Weights keep their type: int8 per-channel (zero points 0) or uint8
    per-tensor.
  * CONV_2D / DEPTHWISE_CONV_2D -> QLinearConv (depthwise: group = input channels), SAME padding
    turned into TFLite's explicit pads, a fused RELU/RELU6 whose quantized clamp is narrower than
    the output type's range gets a Clip on the quantized values.
  * ADD -> com.microsoft QLinearAdd; MEAN over H,W and a whole-map AVERAGE_POOL_2D ->
    com.microsoft QLinearGlobalAveragePool; other AVERAGE_POOL_2D -> com.microsoft
    QLinearAveragePool; FULLY_CONNECTED -> QLinearMatMul (+ bias through DQ/Add/Q).
  * RESHAPE -> Reshape (through a Transpose to NHWC unless the spatial dims are 1x1),
    SOFTMAX -> DequantizeLinear/Softmax/QuantizeLinear, QUANTIZE/DEQUANTIZE -> an alias when the
    uint8 representation is unchanged, else DequantizeLinear/QuantizeLinear.

The TFLite file is read by the small FlatBuffers reader below (field slots from the public TFLite
schema, version 3); no generated code and no TensorFlow needed.
"""

import argparse
import os
import struct
import sys

import numpy as np

# --------------------------------------------------------------------------------------------
# Minimal FlatBuffers reader for the TFLite schema.


class _Table:
    """A FlatBuffers table at byte position `pos` of `buf`."""

    def __init__(self, buf, pos):
        self.buf = buf
        self.pos = pos
        vt = pos - struct.unpack_from("<i", buf, pos)[0]
        self.vt = vt
        self.vt_size = struct.unpack_from("<H", buf, vt)[0]

    def _field(self, slot):
        off = 4 + 2 * slot
        if off >= self.vt_size:
            return 0
        return struct.unpack_from("<H", self.buf, self.vt + off)[0]

    def scalar(self, slot, fmt, default=0):
        o = self._field(slot)
        if o == 0:
            return default
        return struct.unpack_from("<" + fmt, self.buf, self.pos + o)[0]

    def _indirect(self, slot):
        o = self._field(slot)
        if o == 0:
            return None
        p = self.pos + o
        return p + struct.unpack_from("<I", self.buf, p)[0]

    def table(self, slot):
        p = self._indirect(slot)
        return None if p is None else _Table(self.buf, p)

    def string(self, slot):
        p = self._indirect(slot)
        if p is None:
            return ""
        n = struct.unpack_from("<I", self.buf, p)[0]
        return bytes(self.buf[p + 4:p + 4 + n]).decode("utf-8", "replace")

    def vector(self, slot, dtype):
        """A vector of scalars as a numpy array (empty when absent)."""
        p = self._indirect(slot)
        if p is None:
            return np.zeros(0, dtype=dtype)
        n = struct.unpack_from("<I", self.buf, p)[0]
        return np.frombuffer(self.buf, dtype=np.dtype(dtype).newbyteorder("<"), count=n, offset=p + 4)

    def tables(self, slot):
        p = self._indirect(slot)
        if p is None:
            return []
        n = struct.unpack_from("<I", self.buf, p)[0]
        out = []
        for i in range(n):
            e = p + 4 + 4 * i
            out.append(_Table(self.buf, e + struct.unpack_from("<I", self.buf, e)[0]))
        return out


# Public TFLite schema facts used below.
TFL_TYPES = {0: np.float32, 2: np.int32, 3: np.uint8, 4: np.int64, 9: np.int8, 7: np.int16}
BUILTIN = {0: "ADD", 1: "AVERAGE_POOL_2D", 3: "CONV_2D", 4: "DEPTHWISE_CONV_2D", 6: "DEQUANTIZE",
           9: "FULLY_CONNECTED", 22: "RESHAPE", 25: "SOFTMAX", 40: "MEAN", 114: "QUANTIZE"}
ACT_NONE, ACT_RELU, ACT_RELU_N1_TO_1, ACT_RELU6 = 0, 1, 2, 3
PAD_SAME, PAD_VALID = 0, 1


class TflTensor:
    def __init__(self, index, t, buffers, buf):
        self.index = index
        self.shape = [int(x) for x in t.vector(0, np.int32)]
        self.type = t.scalar(1, "b")
        if self.type not in TFL_TYPES:
            raise ValueError(f"tensor {index}: unsupported type {self.type}")
        self.dtype = TFL_TYPES[self.type]
        self.name = t.string(3)
        q = t.table(4)
        self.scale = np.zeros(0, np.float32)
        self.zero_point = np.zeros(0, np.int64)
        self.qdim = 0
        if q is not None:
            self.scale = np.array(q.vector(2, np.float32))
            self.zero_point = np.array(q.vector(3, np.int64))
            self.qdim = q.scalar(6, "i")
        self.data = None
        bidx = t.scalar(2, "I")
        if 0 < bidx < len(buffers):
            b = buffers[bidx]
            raw = b.vector(0, np.uint8)
            if raw.size == 0 and b.scalar(1, "Q") > 1:  # data outside the FlatBuffer
                off, size = b.scalar(1, "Q"), b.scalar(2, "Q")
                raw = np.frombuffer(buf, np.uint8, count=size, offset=off)
            if raw.size:
                self.data = np.frombuffer(raw.tobytes(), dtype=np.dtype(self.dtype).newbyteorder("<"))
                self.data = self.data.astype(self.dtype).reshape(self.shape)

    @property
    def quantized(self):
        return self.scale.size > 0


class TflOp:
    def __init__(self, t, codes):
        code = codes[t.scalar(0, "I")]
        self.opcode = code
        self.name = BUILTIN.get(code, f"BUILTIN_{code}")
        self.inputs = [int(x) for x in t.vector(1, np.int32)]
        self.outputs = [int(x) for x in t.vector(2, np.int32)]
        self.options_type = t.scalar(3, "B")
        self.options = t.table(4)


class TflModel:
    def __init__(self, path):
        with open(path, "rb") as f:
            buf = f.read()
        if buf[4:8] != b"TFL3":
            raise ValueError(f"{path}: not a TFLite model (no TFL3 identifier)")
        root = _Table(buf, struct.unpack_from("<I", buf, 0)[0])
        codes = []
        for c in root.tables(1):
            codes.append(max(c.scalar(0, "b"), c.scalar(3, "i")))
        subgraphs = root.tables(2)
        if len(subgraphs) != 1:
            raise ValueError(f"{path}: expected one subgraph, found {len(subgraphs)}")
        buffers = root.tables(4)
        sg = subgraphs[0]
        self.tensors = [TflTensor(i, t, buffers, buf) for i, t in enumerate(sg.tables(0))]
        self.inputs = [int(x) for x in sg.vector(1, np.int32)]
        self.outputs = [int(x) for x in sg.vector(2, np.int32)]
        self.ops = [TflOp(o, codes) for o in sg.tables(3)]


# --------------------------------------------------------------------------------------------
# Conversion.


def _same_pads(in_size, k, stride, dilation):
    """TFLite SAME padding: (before, after) for one spatial dimension."""
    eff = (k - 1) * dilation + 1
    out = (in_size + stride - 1) // stride
    total = max((out - 1) * stride + eff - in_size, 0)
    return total // 2, total - total // 2


class Converter:
    def __init__(self, model, nhwc_input=False):
        import onnx  # noqa: F401  (imported here so the reader above works without onnx)
        from onnx import helper, numpy_helper, TensorProto
        self.h, self.nh, self.TP = helper, numpy_helper, TensorProto
        self.m = model
        self.nhwc_input = nhwc_input
        self.nodes, self.inits = [], []
        self.names = {}  # tflite tensor index -> onnx name (activations)
        self.qparams = {}  # tflite tensor index -> (scale, zp, onnx dtype numpy)
        self.counter = 0

    # ---- helpers
    def fresh(self, base):
        self.counter += 1
        return f"{base}_{self.counter}"

    def const(self, base, array):
        name = self.fresh(base)
        self.inits.append(self.nh.from_array(np.asarray(array), name))
        return name

    def node(self, op, inputs, outputs, domain=None, **attrs):
        n = self.h.make_node(op, inputs, outputs, name=self.fresh(op), **attrs)
        if domain:
            n.domain = domain
        self.nodes.append(n)
        return n

    def act_q(self, idx):
        """Quantization of an activation in the ONNX model: (scale float, zp int, numpy dtype)."""
        t = self.m.tensors[idx]
        if not t.quantized or t.scale.size != 1:
            raise ValueError(f"activation {t.name!r} must be per-tensor quantized")
        zp = int(t.zero_point[0]) if t.zero_point.size else 0
        if t.dtype == np.int8:
            return float(t.scale[0]), zp + 128, np.uint8
        if t.dtype == np.uint8:
            return float(t.scale[0]), zp, np.uint8
        raise ValueError(f"activation {t.name!r}: unsupported type {t.dtype}")

    def qconsts(self, idx):
        s, z, _ = self.act_q(idx)
        return self.const("scale", np.float32(s)), self.const("zp", np.uint8(z))

    def out_name(self, idx):
        name = f"t{idx}"
        self.names[idx] = name
        return name

    def in_name(self, idx):
        if idx not in self.names:
            raise ValueError(f"tensor {self.m.tensors[idx].name!r} used before it is produced")
        return self.names[idx]

    def act_clamp(self, act, out_idx):
        """Quantized clamp bounds of a fused activation, or None when it is the full range."""
        s, z, _ = self.act_q(out_idx)
        lo, hi = 0, 255
        if act == ACT_RELU:
            lo = max(lo, z)
        elif act == ACT_RELU6:
            lo, hi = max(lo, z), min(hi, z + int(round(6.0 / s)))
        elif act == ACT_RELU_N1_TO_1:
            lo, hi = max(lo, z + int(round(-1.0 / s))), min(hi, z + int(round(1.0 / s)))
        elif act != ACT_NONE:
            raise ValueError(f"unsupported fused activation {act}")
        return None if (lo, hi) == (0, 255) else (lo, hi)

    def emit_with_act(self, make, act, out_idx):
        """Calls make(output_name) and adds a Clip when the fused activation needs one."""
        clamp = self.act_clamp(act, out_idx)
        if clamp is None:
            make(self.out_name(out_idx))
            return
        tmp = self.fresh("preact")
        make(tmp)
        self.node("Clip", [tmp, self.const("lo", np.uint8(clamp[0])), self.const("hi", np.uint8(clamp[1]))],
                  [self.out_name(out_idx)])

    def weights(self, t):
        """Weight data, scale and zero point for ONNX (scalar when per-tensor)."""
        if t.dtype not in (np.int8, np.uint8):
            raise ValueError(f"weights {t.name!r}: unsupported type {t.dtype}")
        scale = t.scale.astype(np.float32)
        zp = t.zero_point.astype(t.dtype) if t.zero_point.size else np.zeros(scale.shape, t.dtype)
        if scale.size == 1:
            scale, zp = scale.reshape(()), zp.reshape(())
        return scale, zp

    # ---- ops
    def conv(self, op, depthwise):
        o = op.options
        padding, stride_w, stride_h = o.scalar(0, "b"), o.scalar(1, "i"), o.scalar(2, "i")
        if depthwise:
            act, dil_w, dil_h = o.scalar(4, "b"), o.scalar(5, "i", 1), o.scalar(6, "i", 1)
        else:
            act, dil_w, dil_h = o.scalar(3, "b"), o.scalar(4, "i", 1), o.scalar(5, "i", 1)
        x_idx, w_idx = op.inputs[0], op.inputs[1]
        b_idx = op.inputs[2] if len(op.inputs) > 2 else -1
        out_idx = op.outputs[0]
        xt, wt = self.m.tensors[x_idx], self.m.tensors[w_idx]
        if wt.data is None:
            raise ValueError(f"{op.name}: weights must be constant")
        in_h, in_w, in_c = xt.shape[1], xt.shape[2], xt.shape[3]
        if depthwise:
            # TFLite [1, KH, KW, C*M] -> ONNX [C*M, 1, KH, KW], group = C.
            kh, kw, oc = wt.shape[1], wt.shape[2], wt.shape[3]
            w = np.transpose(wt.data, (3, 0, 1, 2)).copy()
            group = in_c
        else:
            # TFLite [OC, KH, KW, IC] -> ONNX [OC, IC, KH, KW].
            oc, kh, kw = wt.shape[0], wt.shape[1], wt.shape[2]
            w = np.transpose(wt.data, (0, 3, 1, 2)).copy()
            group = 1
        if padding == PAD_SAME:
            ph, pw = _same_pads(in_h, kh, stride_h, dil_h), _same_pads(in_w, kw, stride_w, dil_w)
        else:
            ph, pw = (0, 0), (0, 0)
        w_scale, w_zp = self.weights(wt)
        xs, xz = self.qconsts(x_idx)
        ys, yz = self.qconsts(out_idx)
        inputs = [self.in_name(x_idx), xs, xz, self.const("w", w), self.const("w_scale", w_scale),
                  self.const("w_zp", w_zp), ys, yz]
        if b_idx >= 0:
            bt = self.m.tensors[b_idx]
            if bt.data is None or bt.dtype != np.int32:
                raise ValueError(f"{op.name}: bias must be constant int32")
            inputs.append(self.const("bias", bt.data.reshape(oc).astype(np.int32)))
        attrs = dict(kernel_shape=[kh, kw], strides=[stride_h, stride_w], dilations=[dil_h, dil_w],
                     pads=[ph[0], pw[0], ph[1], pw[1]], group=group)
        self.emit_with_act(lambda out: self.node("QLinearConv", inputs, [out], **attrs), act, out_idx)

    def add(self, op):
        act = op.options.scalar(0, "b") if op.options is not None else ACT_NONE
        a, b, out = op.inputs[0], op.inputs[1], op.outputs[0]
        for i in (a, b):
            if self.m.tensors[i].data is not None:
                raise ValueError("ADD with a constant operand is not supported")
        ins = [self.in_name(a), *self.qconsts(a), self.in_name(b), *self.qconsts(b), *self.qconsts(out)]
        self.emit_with_act(lambda o: self.node("QLinearAdd", ins, [o], domain="com.microsoft"), act, out)

    def global_pool(self, x_idx, out_idx, keep_dims=True):
        ins = [self.in_name(x_idx), *self.qconsts(x_idx), *self.qconsts(out_idx)]
        if keep_dims:
            self.node("QLinearGlobalAveragePool", ins, [self.out_name(out_idx)], domain="com.microsoft",
                      channels_last=0)
        else:
            tmp = self.fresh("gap")
            self.node("QLinearGlobalAveragePool", ins, [tmp], domain="com.microsoft", channels_last=0)
            shape = self.m.tensors[out_idx].shape
            self.node("Reshape", [tmp, self.const("shape", np.array(shape, np.int64))], [self.out_name(out_idx)])

    def mean(self, op):
        x_idx, axes_idx, out_idx = op.inputs[0], op.inputs[1], op.outputs[0]
        axes = self.m.tensors[axes_idx].data
        rank = len(self.m.tensors[x_idx].shape)
        if axes is None or sorted(int(a) % rank for a in axes.reshape(-1)) != [1, 2] or rank != 4:
            raise ValueError("MEAN is supported over the spatial axes (1, 2) of an NHWC tensor only")
        keep = bool(op.options.scalar(0, "B")) if op.options is not None else False
        self.global_pool(x_idx, out_idx, keep_dims=keep)

    def avg_pool(self, op):
        o = op.options
        padding, sw, sh = o.scalar(0, "b"), o.scalar(1, "i"), o.scalar(2, "i")
        fw, fh, act = o.scalar(3, "i"), o.scalar(4, "i"), o.scalar(5, "b")
        x_idx, out_idx = op.inputs[0], op.outputs[0]
        _, in_h, in_w, _ = self.m.tensors[x_idx].shape
        if self.act_clamp(act, out_idx) is None and (
                (padding == PAD_VALID and fh == in_h and fw == in_w) or (in_h == fh == 1 and in_w == fw == 1)):
            self.global_pool(x_idx, out_idx)
            return
        pads = [0, 0, 0, 0]
        if padding == PAD_SAME:
            ph, pw = _same_pads(in_h, fh, sh, 1), _same_pads(in_w, fw, sw, 1)
            pads = [ph[0], pw[0], ph[1], pw[1]]
        ins = [self.in_name(x_idx), *self.qconsts(x_idx), *self.qconsts(out_idx)]
        # TFLite averages over the valid (unpadded) pixels only: count_include_pad=0.
        self.emit_with_act(lambda out: self.node(
            "QLinearAveragePool", ins, [out], domain="com.microsoft", kernel_shape=[fh, fw], strides=[sh, sw],
            pads=pads, count_include_pad=0, channels_last=0), act, out_idx)

    def fully_connected(self, op):
        act = op.options.scalar(0, "b") if op.options is not None else ACT_NONE
        x_idx, w_idx, out_idx = op.inputs[0], op.inputs[1], op.outputs[0]
        b_idx = op.inputs[2] if len(op.inputs) > 2 else -1
        xt, wt = self.m.tensors[x_idx], self.m.tensors[w_idx]
        x = self.in_name(x_idx)
        if len(xt.shape) != 2:
            flat = self.fresh("flat")
            self.node("Reshape", [x, self.const("shape", np.array([-1, wt.shape[1]], np.int64))], [flat])
            x = flat
        w_scale, w_zp = self.weights(wt)
        xs, xz = self.qconsts(x_idx)
        ys, yz = self.qconsts(out_idx)
        w = self.const("w", wt.data.T.copy())  # [IN, OUT]
        ws, wz = self.const("w_scale", w_scale), self.const("w_zp", w_zp)

        def make(out):
            if b_idx < 0:
                self.node("QLinearMatMul", [x, xs, xz, w, ws, wz, ys, yz], [out])
                return
            # y = Q(Dequant(x) @ Dequant(w) + bias): integer MatMul, bias added in float.
            acc = self.fresh("acc")
            self.node("MatMulInteger", [x, w, xz, wz], [acc])
            bias = self.m.tensors[b_idx].data.astype(np.int32)
            acc_b = self.fresh("acc_b")
            self.node("Add", [acc, self.const("bias", bias)], [acc_b])
            accf = self.fresh("accf")
            self.node("Cast", [acc_b], [accf], to=self.TP.FLOAT)
            real = self.fresh("real")
            scale = (float(xt.scale[0]) * wt.scale.astype(np.float64)).astype(np.float32)
            self.node("Mul", [accf, self.const("acc_scale", scale)], [real])
            self.node("QuantizeLinear", [real, ys, yz], [out])
        self.emit_with_act(make, act, out_idx)

    def reshape(self, op):
        x_idx, out_idx = op.inputs[0], op.outputs[0]
        xt, yt = self.m.tensors[x_idx], self.m.tensors[out_idx]
        if self.act_q(x_idx)[:2] != self.act_q(out_idx)[:2]:
            raise ValueError("RESHAPE that changes quantization is not supported")
        x = self.in_name(x_idx)
        if len(xt.shape) == 4 and not (xt.shape[1] == 1 and xt.shape[2] == 1):
            nhwc = self.fresh("nhwc")
            self.node("Transpose", [x], [nhwc], perm=[0, 2, 3, 1])
            x = nhwc
        if len(yt.shape) == 4:
            raise ValueError("RESHAPE to a 4-D tensor is not supported")
        self.node("Reshape", [x, self.const("shape", np.array(yt.shape, np.int64))], [self.out_name(out_idx)])

    def softmax(self, op):
        beta = op.options.scalar(0, "f", 1.0) if op.options is not None else 1.0
        x_idx, out_idx = op.inputs[0], op.outputs[0]
        real = self.fresh("real")
        self.node("DequantizeLinear", [self.in_name(x_idx), *self.qconsts(x_idx)], [real])
        if beta != 1.0:
            scaled = self.fresh("scaled")
            self.node("Mul", [real, self.const("beta", np.float32(beta))], [scaled])
            real = scaled
        prob = self.fresh("prob")
        self.node("Softmax", [real], [prob], axis=-1)
        self.node("QuantizeLinear", [prob, *self.qconsts(out_idx)], [self.out_name(out_idx)])

    def requantize(self, op):
        """QUANTIZE between quantized types: an alias when the uint8 form is unchanged."""
        x_idx, out_idx = op.inputs[0], op.outputs[0]
        if self.m.tensors[x_idx].dtype == np.float32:
            raise ValueError("float inputs are not supported")
        (xs, xz, _), (ys, yz, _) = self.act_q(x_idx), self.act_q(out_idx)
        if np.float32(xs) == np.float32(ys) and xz == yz:
            self.names[out_idx] = self.in_name(x_idx)
            return
        real = self.fresh("real")
        self.node("DequantizeLinear", [self.in_name(x_idx), *self.qconsts(x_idx)], [real])
        self.node("QuantizeLinear", [real, *self.qconsts(out_idx)], [self.out_name(out_idx)])

    # ---- whole model
    def convert(self):
        h, TP = self.h, self.TP
        graph_inputs = []
        for idx in self.m.inputs:
            t = self.m.tensors[idx]
            if t.dtype == np.int8:
                raise ValueError("int8 model inputs are not supported (this tool targets uint8 I/O models)")
            n, hh, ww, c = t.shape
            if self.nhwc_input:
                graph_inputs.append(h.make_tensor_value_info("input", TP.UINT8, [n, hh, ww, c]))
                self.node("Transpose", ["input"], [self.out_name(idx)], perm=[0, 3, 1, 2])
            else:
                graph_inputs.append(h.make_tensor_value_info("input", TP.UINT8, [n, c, hh, ww]))
                self.names[idx] = "input"
        for op in self.m.ops:
            if op.name == "CONV_2D":
                self.conv(op, depthwise=False)
            elif op.name == "DEPTHWISE_CONV_2D":
                self.conv(op, depthwise=True)
            elif op.name == "ADD":
                self.add(op)
            elif op.name == "MEAN":
                self.mean(op)
            elif op.name == "AVERAGE_POOL_2D":
                self.avg_pool(op)
            elif op.name == "FULLY_CONNECTED":
                self.fully_connected(op)
            elif op.name == "RESHAPE":
                self.reshape(op)
            elif op.name == "SOFTMAX":
                self.softmax(op)
            elif op.name == "QUANTIZE":
                self.requantize(op)
            else:
                raise ValueError(f"unsupported TFLite op {op.name}")
        graph_outputs = []
        for k, idx in enumerate(self.m.outputs):
            t = self.m.tensors[idx]
            if t.dtype != np.uint8:
                raise ValueError("only uint8 model outputs are supported")
            name = "output" if k == 0 else f"output{k}"
            self.node("Identity", [self.in_name(idx)], [name])
            graph_outputs.append(h.make_tensor_value_info(name, TP.UINT8, t.shape))
        graph = h.make_graph(self.nodes, "tflite_converted", graph_inputs, graph_outputs, self.inits)
        model = h.make_model(graph, producer_name="octet benchmarks/compare/tflite_to_onnx.py",
                             opset_imports=[h.make_opsetid("", 13), h.make_opsetid("com.microsoft", 1)])
        model.ir_version = 8
        return model


def convert(tflite_path, onnx_path, nhwc_input=False):
    import onnx
    model = Converter(TflModel(tflite_path), nhwc_input=nhwc_input).convert()
    onnx.checker.check_model(model)
    onnx.save(model, onnx_path)
    return model


# --------------------------------------------------------------------------------------------
# Sanity check against TFLite.


def load_image(path, height, width):
    """RGB, central crop of 87.5%, bilinear resize: uint8 [1, H, W, 3]."""
    from PIL import Image
    img = Image.open(path).convert("RGB")
    w, h = img.size
    cw, ch = int(round(w * 0.875)), int(round(h * 0.875))
    left, top = (w - cw) // 2, (h - ch) // 2
    img = img.crop((left, top, left + cw, top + ch)).resize((width, height), Image.BILINEAR)
    return np.asarray(img, dtype=np.uint8)[None]


def check(tflite_path, onnx_path, image_dir, nhwc_input=False):
    import onnxruntime as ort
    from ai_edge_litert.interpreter import Interpreter
    interp = Interpreter(model_path=tflite_path)
    interp.allocate_tensors()
    inp, out = interp.get_input_details()[0], interp.get_output_details()[0]
    _, height, width, _ = inp["shape"]
    out_scale, out_zp = out["quantization"]
    sess = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    images = sorted(f for f in os.listdir(image_dir) if f.lower().endswith((".bmp", ".jpg", ".jpeg", ".png")))
    if not images:
        raise SystemExit(f"no images in {image_dir}")
    ok = True
    for name in images:
        x = load_image(os.path.join(image_dir, name), height, width)
        interp.set_tensor(inp["index"], x)
        interp.invoke()
        ref = interp.get_tensor(out["index"]).reshape(-1).astype(np.int32)
        feed = x if nhwc_input else np.ascontiguousarray(x.transpose(0, 3, 1, 2))
        got = sess.run(None, {"input": feed})[0].reshape(-1).astype(np.int32)
        diff = np.abs(ref - got)
        real_diff = diff.max() * out_scale
        t1_ref, t1_got = int(ref.argmax()), int(got.argmax())
        same = t1_ref == t1_got
        close = real_diff <= 0.05
        ok = ok and same and close
        print(f"  {name}: top-1 tflite {t1_ref} ({(ref[t1_ref] - out_zp) * out_scale:.3f}) "
              f"onnx {t1_got} ({(got[t1_got] - out_zp) * out_scale:.3f})  "
              f"max |diff| {diff.max()} q = {real_diff:.4f}, outputs differing {int((diff > 0).sum())}/{diff.size}"
              f"  {'OK' if same and close else 'MISMATCH'}")
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tflite")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--nhwc-input", action="store_true", help="ONNX input in NHWC (adds a Transpose)")
    ap.add_argument("--check-images", metavar="DIR", help="compare top-1 and outputs with TFLite on these photos")
    args = ap.parse_args()
    model = convert(args.tflite, args.output, nhwc_input=args.nhwc_input)
    ops = {}
    for n in model.graph.node:
        ops[n.op_type] = ops.get(n.op_type, 0) + 1
    print(f"wrote {args.output}: " + ", ".join(f"{k} x{v}" for k, v in sorted(ops.items())))
    if args.check_images:
        if not check(args.tflite, args.output, args.check_images, nhwc_input=args.nhwc_input):
            print("check FAILED", file=sys.stderr)
            return 1
        print("check passed: same top-1 as TFLite, outputs close")
    return 0


if __name__ == "__main__":
    sys.exit(main())
