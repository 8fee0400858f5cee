"""Cross-check of make_goldens.py against TFLite's own reference kernels (ai-edge-litert, BUILTIN_REF).

Builds one-op .tflite models with the schema bindings shipped in ai_edge_litert and compares. Results with
ai-edge-litert 2.3.0: every softmax row of make_goldens.py matches; ADD matches on all 65536 pairs of both
scale sets (run `python3 tflite_ops.py`). Rows with 512 or more equal maxima make TFLite abort (its
RoundingDivideByPOT gets an exponent > 31), so octet's behaviour there has no TFLite counterpart.
"""
import numpy as np, flatbuffers
from ai_edge_litert import schema_py_generated as s
from ai_edge_litert.interpreter import Interpreter, OpResolverType

def tensor(shape, ttype, buf, scale, zp, name):
    t = s.TensorT(); t.shape = list(shape); t.type = ttype; t.buffer = buf; t.name = name
    q = s.QuantizationParametersT(); q.scale = [float(scale)]; q.zeroPoint = [int(zp)]; t.quantization = q
    return t

def softmax_model(depth, dtype, s_in, z_in, beta):
    tt = s.TensorType.INT8 if dtype == np.int8 else s.TensorType.UINT8
    zo = -128 if dtype == np.int8 else 0
    m = s.ModelT(); m.version = 3
    oc = s.OperatorCodeT(); oc.builtinCode = s.BuiltinOperator.SOFTMAX; oc.deprecatedBuiltinCode = s.BuiltinOperator.SOFTMAX; oc.version = 2
    m.operatorCodes = [oc]
    m.buffers = [s.BufferT(), s.BufferT(), s.BufferT()]
    sg = s.SubGraphT()
    sg.tensors = [tensor([1, depth], tt, 1, s_in, z_in, "in"), tensor([1, depth], tt, 2, 1/256, zo, "out")]
    sg.inputs = [0]; sg.outputs = [1]
    op = s.OperatorT(); op.opcodeIndex = 0; op.inputs = [0]; op.outputs = [1]
    op.builtinOptionsType = s.BuiltinOptions.SoftmaxOptions
    so = s.SoftmaxOptionsT(); so.beta = beta; op.builtinOptions = so
    sg.operators = [op]
    m.subgraphs = [sg]
    b = flatbuffers.Builder(1024); b.Finish(m.Pack(b), file_identifier=b"TFL3")
    return bytes(b.Output())

def run(model, x):
    it = Interpreter(model_content=model, experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
    it.allocate_tensors()
    it.set_tensor(it.get_input_details()[0]["index"], x)
    it.invoke()
    return it.get_tensor(it.get_output_details()[0]["index"])

def add_model(n, tt, q1, q2, qo):
    m = s.ModelT(); m.version = 3
    oc = s.OperatorCodeT(); oc.builtinCode = s.BuiltinOperator.ADD; oc.deprecatedBuiltinCode = s.BuiltinOperator.ADD; oc.version = 2
    m.operatorCodes = [oc]
    m.buffers = [s.BufferT() for _ in range(4)]
    sg = s.SubGraphT()
    sg.tensors = [tensor([n], tt, 1, *q1, "a"), tensor([n], tt, 2, *q2, "b"), tensor([n], tt, 3, *qo, "o")]
    sg.inputs = [0, 1]; sg.outputs = [2]
    op = s.OperatorT(); op.opcodeIndex = 0; op.inputs = [0, 1]; op.outputs = [2]
    op.builtinOptionsType = s.BuiltinOptions.AddOptions; op.builtinOptions = s.AddOptionsT()
    sg.operators = [op]; m.subgraphs = [sg]
    b = flatbuffers.Builder(1024); b.Finish(m.Pack(b), file_identifier=b"TFL3")
    return bytes(b.Output())


if __name__ == "__main__":
    import sys
    import os
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from make_goldens import softmax_row, prepare_add, add as py_add
    cases = [
        ([127, 100, 64, 0, -1, -60, -128, 120], 1.0, 0.1, np.int8),
        ([10, 9, 8, 7, -20, 10, 3, -128], 0.5, 0.05, np.int8),
        ([-5, -3, 0, 2, 2, -128, 127, 126], 2.0, 1.0 / 16, np.int8),
        ([0, 255, 250, 240, 128, 254, 253, 1], 1.0, 0.2, np.uint8),
        ([100, 101, 102, 103, 104, 105, 106, 107], 1.0, 1.0 / 32, np.uint8),
        ([7, 7, 7, 7], 1.0, 0.1, np.int8),
        ([5, 4, 5, 5], 1.0e6, 1.0, np.int8),
        ([127, -128, 112, 113], 1.0, 1.0, np.int8),
        ([200, 180, 160, 140, 120, 100, 80, 60, 40, 20], 1.0, 0.0235, np.uint8),
        ([3] * 511, 1.0, 0.1, np.int8),  # the largest equal row TFLite survives
    ]
    for q, beta, sc, dt in cases:
        tmin, tmax = (-128, 127) if dt == np.int8 else (0, 255)
        z_in = 0
        got = run(softmax_model(len(q), dt, sc, z_in, beta), np.array([q], dtype=dt))[0].tolist()
        _, exp = softmax_row(q, beta, sc, tmin, tmax)
        same = got == exp
        print("OK " if same else "DIFF", len(q), beta, sc, dt.__name__, got[:10] if not same else "", exp[:10] if not same else "")

    for (s1, s2, so, z1, z2, zo, lo, hi, dt, tt) in [
            (0.0235, 0.0171, 0.0390, 3, -7, -2, -128, 127, np.int8, s.TensorType.INT8),
            (0.1, 0.3, 0.25, 128, 100, 120, 0, 255, np.uint8, s.TensorType.UINT8)]:
        a, b = np.meshgrid(np.arange(lo, hi + 1), np.arange(lo, hi + 1))
        a = a.ravel().astype(dt); b = b.ravel().astype(dt)
        it = Interpreter(model_content=add_model(len(a), tt, (s1, z1), (s2, z2), (so, zo)),
                         experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
        it.allocate_tensors()
        d = it.get_input_details()
        it.set_tensor(d[0]["index"], a); it.set_tensor(d[1]["index"], b); it.invoke()
        got = it.get_tensor(it.get_output_details()[0]["index"])
        prep = prepare_add(s1, s2, so)
        exp = np.array([py_add(int(x), int(y), z1, z2, zo, prep, lo, hi) for x, y in zip(a, b)])
        print("ADD", dt.__name__, "pairs", len(a), "mismatches", int((got.astype(int) != exp).sum()))
