// Float ONNX models into the float Graph. ONNX is NCHW: 4-D activations become NHWC, Conv filters
// [O,I/g,KH,KW] become [O,KH,KW,I/g] (or [1,KH,KW,O] for depthwise), axes of Concat/Pad/Reshape
// are mapped, BatchNormalization is folded into the Conv/Gemm before it, explicit paddings become
// TF SAME/VALID when they match and a PAD op otherwise. Read with Debian's onnx.proto compiled by
// protoc at build time (lite runtime).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <map>

#include "tools/quantize/importers.h"

#ifdef OCTET_QUANTIZE_ONNX
#include "octet/tools/quantize/onnx.pb.h"
#endif

namespace octet::quantize {

#ifndef OCTET_QUANTIZE_ONNX

bool OnnxSupported() { return false; }
ImportResult ImportOnnx(const uint8_t*, size_t, const std::string& source_name) {
  ImportResult r;
  r.error = source_name +
            ": this octet was built without ONNX support (needs libprotobuf-dev, protobuf-compiler "
            "and libonnx-dev's onnx.proto)";
  return r;
}

#else

bool OnnxSupported() { return true; }

namespace {

struct Constant {
  std::vector<int64_t> dims;
  std::vector<float> floats;
  std::vector<int64_t> ints;
  bool is_int = false;
};

float HalfToFloat(uint16_t h) {
  const uint32_t sign = (h >> 15) & 1u, exponent = (h >> 10) & 0x1fu, mantissa = h & 0x3ffu;
  float value;
  if (exponent == 0) {
    value = std::ldexp(static_cast<float>(mantissa), -24);
  } else if (exponent == 31) {
    value = mantissa ? NAN : INFINITY;
  } else {
    value = std::ldexp(static_cast<float>(mantissa | 0x400u), static_cast<int>(exponent) - 25);
  }
  return sign ? -value : value;
}

bool ReadConstant(const onnx::TensorProto& t, Constant* c, std::string* error) {
  c->dims.assign(t.dims().begin(), t.dims().end());
  size_t count = 1;
  for (int64_t d : c->dims) count *= static_cast<size_t>(std::max<int64_t>(d, 0));
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    *error = "tensor \"" + t.name() + "\" keeps its data in an external file, which is not supported";
    return false;
  }
  const std::string& raw = t.raw_data();
  switch (t.data_type()) {
    case onnx::TensorProto::FLOAT:
      if (!raw.empty()) {
        if (raw.size() != count * 4) break;
        c->floats.resize(count);
        std::memcpy(c->floats.data(), raw.data(), raw.size());
      } else {
        c->floats.assign(t.float_data().begin(), t.float_data().end());
      }
      return c->floats.size() == count || (*error = "tensor \"" + t.name() + "\": size mismatch", false);
    case onnx::TensorProto::FLOAT16:
      if (!raw.empty()) {
        if (raw.size() != count * 2) break;
        for (size_t k = 0; k < count; ++k) {
          uint16_t h;
          std::memcpy(&h, raw.data() + 2 * k, 2);
          c->floats.push_back(HalfToFloat(h));
        }
      } else {
        for (int32_t v : t.int32_data()) c->floats.push_back(HalfToFloat(static_cast<uint16_t>(v)));
      }
      return c->floats.size() == count || (*error = "tensor \"" + t.name() + "\": size mismatch", false);
    case onnx::TensorProto::INT64:
    case onnx::TensorProto::INT32: {
      c->is_int = true;
      const size_t esize = t.data_type() == onnx::TensorProto::INT64 ? 8 : 4;
      if (!raw.empty()) {
        if (raw.size() != count * esize) break;
        for (size_t k = 0; k < count; ++k) {
          if (esize == 8) {
            int64_t v;
            std::memcpy(&v, raw.data() + 8 * k, 8);
            c->ints.push_back(v);
          } else {
            int32_t v;
            std::memcpy(&v, raw.data() + 4 * k, 4);
            c->ints.push_back(v);
          }
        }
      } else if (esize == 8) {
        c->ints.assign(t.int64_data().begin(), t.int64_data().end());
      } else {
        c->ints.assign(t.int32_data().begin(), t.int32_data().end());
      }
      for (int64_t v : c->ints) c->floats.push_back(static_cast<float>(v));
      return c->ints.size() == count || (*error = "tensor \"" + t.name() + "\": size mismatch", false);
    }
    default:
      *error = "tensor \"" + t.name() + "\" has data type " + std::to_string(t.data_type()) + ", not supported";
      return false;
  }
  *error = "tensor \"" + t.name() + "\": raw_data size mismatch";
  return false;
}

const onnx::AttributeProto* Attr(const onnx::NodeProto& n, const std::string& name) {
  for (const auto& a : n.attribute()) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}
int64_t AttrInt(const onnx::NodeProto& n, const std::string& name, int64_t fallback) {
  const auto* a = Attr(n, name);
  return a ? a->i() : fallback;
}
float AttrFloat(const onnx::NodeProto& n, const std::string& name, float fallback) {
  const auto* a = Attr(n, name);
  return a ? a->f() : fallback;
}
std::vector<int64_t> AttrInts(const onnx::NodeProto& n, const std::string& name) {
  const auto* a = Attr(n, name);
  return a ? std::vector<int64_t>(a->ints().begin(), a->ints().end()) : std::vector<int64_t>{};
}
std::string AttrString(const onnx::NodeProto& n, const std::string& name) {
  const auto* a = Attr(n, name);
  return a ? a->s() : std::string();
}

// NCHW axis -> NHWC axis.
int ToNhwcAxis(int axis) {
  static constexpr int kMap[4] = {0, 3, 1, 2};
  return kMap[axis];
}

class OnnxImporter {
 public:
  explicit OnnxImporter(std::string source) { result_.graph.source = std::move(source); }

  ImportResult Run(const uint8_t* data, size_t size) {
    onnx::ModelProto model;
    if (size > static_cast<size_t>(INT32_MAX) || !model.ParseFromArray(data, static_cast<int>(size))) {
      return Fail("not a valid ONNX model (protobuf parse failed)");
    }
    const onnx::GraphProto& graph = model.graph();
    std::string error;
    for (const auto& init : graph.initializer()) {
      Constant c;
      if (!ReadConstant(init, &c, &error)) return Fail(error);
      constants_[init.name()] = std::move(c);
    }
    Graph& g = result_.graph;
    for (const auto& input : graph.input()) {
      if (constants_.count(input.name())) continue;
      std::vector<int> shape;
      for (const auto& d : input.type().tensor_type().shape().dim()) {
        shape.push_back(d.has_dim_value() && d.dim_value() > 0 ? static_cast<int>(d.dim_value()) : 1);
      }
      if (input.type().tensor_type().elem_type() != onnx::TensorProto::FLOAT) {
        return Fail("graph input \"" + input.name() + "\" is not float");
      }
      const bool nchw = shape.size() == 4;
      if (nchw) shape = {shape[0], shape[2], shape[3], shape[1]};
      const int t = g.AddActivation(input.name(), shape);
      values_[input.name()] = t;
      g.inputs.push_back(t);
    }
    for (int k = 0; k < graph.node_size(); ++k) {
      if (!Node(graph.node(k), k)) return std::move(result_);
    }
    for (const auto& output : graph.output()) {
      auto it = values_.find(output.name());
      if (it == values_.end()) return Fail("graph output \"" + output.name() + "\" is not computed by any node");
      g.outputs.push_back(it->second);
    }
    return FinishImport(std::move(result_));
  }

 private:
  bool Error(const std::string& message) {
    result_.ok = false;
    result_.error = result_.graph.source + ": " + message;
    return false;
  }
  ImportResult Fail(const std::string& message) {
    Error(message);
    return std::move(result_);
  }
  Graph& g() { return result_.graph; }
  const std::vector<int>& ShapeOf(int t) { return g().tensors[static_cast<size_t>(t)].shape; }

  // Appends an op and computes its output shape.
  bool Add(Op op, const std::string& where) {
    g().ops.push_back(std::move(op));
    const std::string e = InferShapes(&g());
    if (!e.empty()) return Error(where + ": " + e);
    return true;
  }

  int Activation(const onnx::NodeProto& n, int k, const std::string& where) {
    if (k >= n.input_size() || n.input(k).empty()) {
      Error(where + ": input " + std::to_string(k) + " is missing");
      return -1;
    }
    auto it = values_.find(n.input(k));
    if (it == values_.end()) {
      Error(where + ": input \"" + n.input(k) + "\" is not an activation computed earlier (constant or unknown)");
      return -1;
    }
    return it->second;
  }
  const Constant* Const(const onnx::NodeProto& n, int k) const {
    if (k >= n.input_size() || n.input(k).empty()) return nullptr;
    auto it = constants_.find(n.input(k));
    return it == constants_.end() ? nullptr : &it->second;
  }

  int ConsumerCount(const std::string& value) const {
    int count = 0;
    for (const auto& node : graph_->node()) {
      for (const auto& in : node.input()) count += in == value;
    }
    for (const auto& out : graph_->output()) count += out.name() == value;
    return count;
  }

  // Explicit pads [top, left, bottom, right] of a 2-D window -> SAME/VALID, or a PAD op before.
  bool Padding(const onnx::NodeProto& n, int* input, const std::vector<int>& kernel, const std::vector<int>& strides,
               const std::vector<int>& dilations, bool zero_pad_ok, bool* same, const std::string& where) {
    const std::string auto_pad = AttrString(n, "auto_pad");
    *same = false;
    if (auto_pad == "SAME_UPPER") {
      *same = true;
      return true;
    }
    if (auto_pad == "VALID") return true;
    if (!auto_pad.empty() && auto_pad != "NOTSET") return Error(where + ": auto_pad " + auto_pad + " is not supported");
    std::vector<int64_t> pads = AttrInts(n, "pads");
    if (pads.empty()) pads.assign(4, 0);
    if (pads.size() != 4) return Error(where + ": pads must have 4 entries");
    if (std::all_of(pads.begin(), pads.end(), [](int64_t p) { return p == 0; })) return true;
    const std::vector<int>& in = ShapeOf(*input);
    bool matches_same = true;
    for (int d = 0; d < 2; ++d) {
      const int size = in[static_cast<size_t>(1 + d)];
      const int out = ConvOutputSize(size, kernel[static_cast<size_t>(d)], strides[static_cast<size_t>(d)],
                                     dilations[static_cast<size_t>(d)], true);
      const int effective = (kernel[static_cast<size_t>(d)] - 1) * dilations[static_cast<size_t>(d)] + 1;
      const int total = std::max(0, (out - 1) * strides[static_cast<size_t>(d)] + effective - size);
      if (pads[static_cast<size_t>(d)] != total / 2 || pads[static_cast<size_t>(d + 2)] != total - total / 2) {
        matches_same = false;
      }
    }
    if (matches_same) {
      *same = true;
      return true;
    }
    if (!zero_pad_ok) {
      return Error(where + ": pads [" + std::to_string(pads[0]) + "," + std::to_string(pads[1]) + "," +
                   std::to_string(pads[2]) + "," + std::to_string(pads[3]) +
                   "] are neither VALID nor TF SAME, and zero padding would change this op");
    }
    Op pad;
    pad.kind = OpKind::kPad;
    pad.name = n.name() + "/pad";
    pad.inputs = {*input};
    pad.output = g().AddActivation(n.output(0) + "/padded_input");
    pad.paddings = {0,
                    0,
                    static_cast<int>(pads[0]),
                    static_cast<int>(pads[2]),
                    static_cast<int>(pads[1]),
                    static_cast<int>(pads[3]),
                    0,
                    0};
    const int padded = pad.output;
    if (!Add(std::move(pad), where)) return false;
    *input = padded;
    ++explicit_pads_;
    return true;
  }

  bool Node(const onnx::NodeProto& n, int index) {
    const std::string& type = n.op_type();
    const std::string where = "node " + std::to_string(index) + " (" + type + " \"" + n.name() + "\")";
    if (!n.domain().empty() && n.domain() != "ai.onnx") {
      return Error("node " + std::to_string(index) + " is " + n.domain() + "::" + type +
                   ", which octet quantize does not support");
    }
    if (n.output_size() < 1) return Error(where + ": has no output");
    const std::string& out_name = n.output(0);
    Op op;
    op.name = n.name().empty() ? out_name : n.name();
    if (type == "Constant") {
      const auto* a = Attr(n, "value");
      if (!a || !a->has_t()) return Error(where + ": only tensor values are supported");
      Constant c;
      std::string error;
      if (!ReadConstant(a->t(), &c, &error)) return Error(where + ": " + error);
      constants_[out_name] = std::move(c);
      return true;
    }
    if (type == "Identity" || type == "Dropout") {
      const int in = Activation(n, 0, where);
      if (in < 0) return false;
      values_[out_name] = in;
      return true;
    }
    if (type == "Conv") {
      const int in0 = Activation(n, 0, where);
      if (in0 < 0) return false;
      int in = in0;
      const Constant* w = Const(n, 1);
      if (!w || w->dims.size() != 4) return Error(where + ": the filter must be a 4-D initializer");
      const Constant* b = Const(n, 2);
      const int o = static_cast<int>(w->dims[0]), ig = static_cast<int>(w->dims[1]);
      const int kh = static_cast<int>(w->dims[2]), kw = static_cast<int>(w->dims[3]);
      const int group = static_cast<int>(AttrInt(n, "group", 1));
      const int c_in = ShapeOf(in)[3];
      if (ig * group != c_in) return Error(where + ": filter input channels x group differ from the input's");
      std::vector<int64_t> strides = AttrInts(n, "strides"), dil = AttrInts(n, "dilations");
      if (strides.empty()) strides = {1, 1};
      if (dil.empty()) dil = {1, 1};
      op.stride_h = static_cast<int>(strides[0]), op.stride_w = static_cast<int>(strides[1]);
      op.dilation_h = static_cast<int>(dil[0]), op.dilation_w = static_cast<int>(dil[1]);
      if (!Padding(n, &in, {kh, kw}, {op.stride_h, op.stride_w}, {op.dilation_h, op.dilation_w}, true, &op.same_padding,
                   where)) {
        return false;
      }
      const bool depthwise = group == c_in && ig == 1 && group > 1;
      std::vector<float> filter(w->floats.size());
      std::vector<int> fshape;
      if (depthwise) {
        fshape = {1, kh, kw, o};
        for (int oc = 0; oc < o; ++oc) {
          for (int y = 0; y < kh; ++y) {
            for (int x = 0; x < kw; ++x) {
              filter[(static_cast<size_t>(y) * kw + x) * o + oc] =
                  w->floats[(static_cast<size_t>(oc) * kh + y) * kw + x];
            }
          }
        }
      } else {
        fshape = {o, kh, kw, ig};
        for (int oc = 0; oc < o; ++oc) {
          for (int ci = 0; ci < ig; ++ci) {
            for (int y = 0; y < kh; ++y) {
              for (int x = 0; x < kw; ++x) {
                filter[((static_cast<size_t>(oc) * kh + y) * kw + x) * ig + ci] =
                    w->floats[((static_cast<size_t>(oc) * ig + ci) * kh + y) * kw + x];
              }
            }
          }
        }
      }
      op.kind = depthwise ? OpKind::kDepthwiseConv : OpKind::kConv;
      const int wt = g().AddConstant(n.input(1), fshape, std::move(filter));
      const int bt = g().AddConstant(b ? n.input(2) : op.name + "/bias", {o},
                                     b ? b->floats : std::vector<float>(static_cast<size_t>(o), 0.0f));
      op.inputs = {in, wt, bt};
      op.output = g().AddActivation(out_name);
      values_[out_name] = op.output;
      return Add(std::move(op), where);
    }
    if (type == "Gemm" || type == "MatMul") {
      const int in = Activation(n, 0, where);
      if (in < 0) return false;
      const Constant* w = Const(n, 1);
      if (!w || w->dims.size() != 2) return Error(where + ": the second input must be a 2-D initializer");
      if (type == "Gemm" && AttrInt(n, "transA", 0) != 0) return Error(where + ": transA is not supported");
      const bool trans_b = type == "Gemm" && AttrInt(n, "transB", 0) != 0;
      const float alpha = type == "Gemm" ? AttrFloat(n, "alpha", 1.0f) : 1.0f;
      const float beta = type == "Gemm" ? AttrFloat(n, "beta", 1.0f) : 1.0f;
      const int rows = static_cast<int>(w->dims[0]), cols = static_cast<int>(w->dims[1]);
      const int o = trans_b ? rows : cols, i_n = trans_b ? cols : rows;
      std::vector<float> filter(w->floats.size());
      for (int oc = 0; oc < o; ++oc) {
        for (int ic = 0; ic < i_n; ++ic) {
          const float v =
              trans_b ? w->floats[static_cast<size_t>(oc) * i_n + ic] : w->floats[static_cast<size_t>(ic) * o + oc];
          filter[static_cast<size_t>(oc) * i_n + ic] = alpha * v;
        }
      }
      std::vector<float> bias(static_cast<size_t>(o), 0.0f);
      if (const Constant* c = Const(n, 2)) {
        if (c->floats.size() == 1) {
          std::fill(bias.begin(), bias.end(), beta * c->floats[0]);
        } else if (c->floats.size() == static_cast<size_t>(o)) {
          for (int k = 0; k < o; ++k) bias[static_cast<size_t>(k)] = beta * c->floats[static_cast<size_t>(k)];
        } else {
          return Error(where + ": bias C must have 1 or N entries");
        }
      }
      if (ShapeOf(in).size() != 2) return Error(where + ": the input must be 2-D (Flatten first)");
      op.kind = OpKind::kFullyConnected;
      op.inputs = {in, g().AddConstant(n.input(1), {o, i_n}, std::move(filter)),
                   g().AddConstant(op.name + "/bias", {o}, std::move(bias))};
      op.output = g().AddActivation(out_name);
      values_[out_name] = op.output;
      return Add(std::move(op), where);
    }
    if (type == "BatchNormalization") {
      const int in = Activation(n, 0, where);
      if (in < 0) return false;
      const Constant *scale = Const(n, 1), *bias = Const(n, 2), *mean = Const(n, 3), *var = Const(n, 4);
      if (!scale || !bias || !mean || !var) return Error(where + ": scale, B, mean and var must be initializers");
      const float eps = AttrFloat(n, "epsilon", 1e-5f);
      const int producer = g().Producer(in);
      if (producer >= 0 && Graph::HasWeights(g().ops[static_cast<size_t>(producer)].kind) &&
          g().ops[static_cast<size_t>(producer)].activation == Activation::kNone && ConsumerCount(n.input(0)) == 1) {
        FoldBatchNorm(&g(), producer, scale->floats, bias->floats, mean->floats, var->floats, eps);
        values_[out_name] = in;
        ++folded_bn_;
        return true;
      }
      // A BatchNormalization with no Conv before it: a 1x1 depthwise conv.
      const int c = ShapeOf(in).back();
      if (ShapeOf(in).size() != 4) return Error(where + ": standalone BatchNormalization needs a 4-D input");
      op.kind = OpKind::kDepthwiseConv;
      op.inputs = {in,
                   g().AddConstant(op.name + "/scale", {1, 1, 1, c}, std::vector<float>(static_cast<size_t>(c), 1.0f)),
                   g().AddConstant(op.name + "/bias", {c}, std::vector<float>(static_cast<size_t>(c), 0.0f))};
      op.output = g().AddActivation(out_name);
      values_[out_name] = op.output;
      if (!Add(std::move(op), where)) return false;
      FoldBatchNorm(&g(), static_cast<int>(g().ops.size()) - 1, scale->floats, bias->floats, mean->floats, var->floats,
                    eps);
      return true;
    }
    if (type == "Relu" || type == "Clip") {
      const int in = Activation(n, 0, where);
      if (in < 0) return false;
      quantize::Activation act = quantize::Activation::kRelu;
      if (type == "Clip") {
        float lo = AttrFloat(n, "min", -INFINITY), hi = AttrFloat(n, "max", INFINITY);
        if (const Constant* c = Const(n, 1)) lo = c->floats.at(0);
        if (const Constant* c = Const(n, 2)) hi = c->floats.at(0);
        if (lo == 0.0f && hi == 6.0f) {
          act = quantize::Activation::kRelu6;
        } else if (lo == 0.0f && std::isinf(hi)) {
          act = quantize::Activation::kRelu;
        } else if (lo == -1.0f && hi == 1.0f) {
          act = quantize::Activation::kReluN1To1;
        } else {
          return Error(where + ": Clip to [" + std::to_string(lo) + ", " + std::to_string(hi) +
                       "] is not supported (only [0, 6], [0, inf) and [-1, 1])");
        }
      }
      std::string error;
      const int t = ApplyStandaloneActivation(&g(), in, act, ConsumerCount(n.input(0)) - 1, op.name, &error);
      if (t < 0) return Error(where + ": " + error);
      const std::string e = InferShapes(&g());
      if (!e.empty()) return Error(where + ": " + e);
      values_[out_name] = t;
      return true;
    }
    if (type == "Add") {
      const Constant* c0 = Const(n, 0);
      const Constant* c1 = Const(n, 1);
      if (!c0 && !c1) {
        const int a = Activation(n, 0, where), b = Activation(n, 1, where);
        if (a < 0 || b < 0) return false;
        op.kind = OpKind::kAdd;
        op.inputs = {a, b};
        op.output = g().AddActivation(out_name);
        values_[out_name] = op.output;
        return Add(std::move(op), where);
      }
      // Activation + constant: folded into the bias of the Conv/Gemm before it.
      const int in = Activation(n, c0 ? 1 : 0, where);
      if (in < 0) return false;
      const Constant* c = c0 ? c0 : c1;
      const int producer = g().Producer(in);
      if (producer < 0 || !Graph::HasWeights(g().ops[static_cast<size_t>(producer)].kind) ||
          g().ops[static_cast<size_t>(producer)].activation != quantize::Activation::kNone ||
          ConsumerCount(n.input(c0 ? 1 : 0)) != 1) {
        return Error(where + ": adding a constant is supported only right after a Conv/Gemm/MatMul");
      }
      Tensor& bias = g().tensors[static_cast<size_t>(g().ops[static_cast<size_t>(producer)].inputs[2])];
      if (c->floats.size() == 1) {
        for (float& v : bias.data) v += c->floats[0];
      } else if (c->floats.size() == bias.data.size()) {
        for (size_t k = 0; k < bias.data.size(); ++k) bias.data[k] += c->floats[k];
      } else {
        return Error(where + ": the constant must be a scalar or one value per channel");
      }
      values_[out_name] = in;
      return true;
    }
    if (type == "MaxPool" || type == "AveragePool") {
      int in = Activation(n, 0, where);
      if (in < 0) return false;
      if (AttrInt(n, "ceil_mode", 0) != 0) return Error(where + ": ceil_mode is not supported");
      if (type == "AveragePool" && AttrInt(n, "count_include_pad", 0) != 0 && !AttrInts(n, "pads").empty()) {
        return Error(where + ": count_include_pad is not supported");
      }
      const std::vector<int64_t> kernel = AttrInts(n, "kernel_shape");
      std::vector<int64_t> strides = AttrInts(n, "strides");
      if (kernel.size() != 2) return Error(where + ": kernel_shape must have 2 entries");
      if (strides.empty()) strides = {1, 1};
      op.kind = type == "MaxPool" ? OpKind::kMaxPool : OpKind::kAveragePool;
      op.filter_h = static_cast<int>(kernel[0]), op.filter_w = static_cast<int>(kernel[1]);
      op.stride_h = static_cast<int>(strides[0]), op.stride_w = static_cast<int>(strides[1]);
      if (!Padding(n, &in, {op.filter_h, op.filter_w}, {op.stride_h, op.stride_w}, {1, 1}, false, &op.same_padding,
                   where)) {
        return false;
      }
      op.inputs = {in};
      op.output = g().AddActivation(out_name);
      values_[out_name] = op.output;
      return Add(std::move(op), where);
    }
    if (type == "GlobalAveragePool" || type == "ReduceMean") {
      const int in = Activation(n, 0, where);
      if (in < 0) return false;
      if (ShapeOf(in).size() != 4) return Error(where + ": the input must be 4-D");
      if (type == "ReduceMean") {
        std::vector<int64_t> axes = AttrInts(n, "axes");
        std::sort(axes.begin(), axes.end());
        if (axes != std::vector<int64_t>{2, 3} || AttrInt(n, "keepdims", 1) != 1) {
          return Error(where + ": only ReduceMean over axes [2, 3] with keepdims is supported");
        }
      }
      op.kind = OpKind::kMean;
      op.axes = {1, 2};
      op.keep_dims = true;
      op.inputs = {in};
      op.output = g().AddActivation(out_name);
      values_[out_name] = op.output;
      return Add(std::move(op), where);
    }
    if (type == "Flatten" || type == "Reshape" || type == "Squeeze") {
      const int in = Activation(n, 0, where);
      if (in < 0) return false;
      const std::vector<int> shape = ShapeOf(in);
      size_t total = 1;
      for (int d : shape) total *= static_cast<size_t>(d);
      // The NCHW order of the elements equals the NHWC order only when H*W or C is 1.
      if (shape.size() == 4 && shape[1] * shape[2] != 1 && shape[3] != 1) {
        return Error(where +
                     ": reshaping a 4-D tensor with both spatial size and channels > 1 is not supported "
                     "(NCHW and NHWC element orders differ)");
      }
      std::vector<int> out;
      if (type == "Flatten") {
        const int axis = static_cast<int>(AttrInt(n, "axis", 1));
        if (axis != 1) return Error(where + ": only axis 1 is supported");
        out = {shape[0], static_cast<int>(total / static_cast<size_t>(shape[0]))};
      } else if (type == "Squeeze") {
        for (int d : shape) {
          if (d != 1) out.push_back(d);
        }
        if (!shape.empty() && shape[0] == 1) out.insert(out.begin(), 1);
      } else {
        const Constant* s = Const(n, 1);
        if (!s || !s->is_int) return Error(where + ": the shape must be a constant");
        // ONNX-order dims of the input, for 0 entries.
        std::vector<int> onnx_in = shape.size() == 4 ? std::vector<int>{shape[0], shape[3], shape[1], shape[2]} : shape;
        int infer = -1;
        size_t known = 1;
        for (size_t k = 0; k < s->ints.size(); ++k) {
          int64_t d = s->ints[k];
          if (d == 0) d = onnx_in.at(k);
          if (d == -1) {
            infer = static_cast<int>(k);
            out.push_back(1);
            continue;
          }
          out.push_back(static_cast<int>(d));
          known *= static_cast<size_t>(d);
        }
        if (infer >= 0) out[static_cast<size_t>(infer)] = static_cast<int>(total / known);
        if (out.size() == 4) {
          if (out[2] * out[3] != 1 && out[1] != 1) return Error(where + ": a 4-D NCHW result is not supported");
          out = {out[0], out[2], out[3], out[1]};
        }
      }
      op.kind = OpKind::kReshape;
      op.inputs = {in};
      op.output = g().AddActivation(out_name, out);
      values_[out_name] = op.output;
      return Add(std::move(op), where);
    }
    if (type == "Softmax") {
      const int in = Activation(n, 0, where);
      if (in < 0) return false;
      const int rank = static_cast<int>(ShapeOf(in).size());
      int axis = static_cast<int>(AttrInt(n, "axis", -1));
      if (axis < 0) axis += rank;
      if (rank == 4 || axis != rank - 1) return Error(where + ": only Softmax over the last axis of a 2-D tensor");
      op.kind = OpKind::kSoftmax;
      op.inputs = {in};
      op.output = g().AddActivation(out_name);
      values_[out_name] = op.output;
      return Add(std::move(op), where);
    }
    if (type == "Concat") {
      for (int k = 0; k < n.input_size(); ++k) {
        const int t = Activation(n, k, where);
        if (t < 0) return false;
        op.inputs.push_back(t);
      }
      const int rank = static_cast<int>(ShapeOf(op.inputs[0]).size());
      int axis = static_cast<int>(AttrInt(n, "axis", 1));
      if (axis < 0) axis += rank;
      op.kind = OpKind::kConcat;
      op.axis = rank == 4 ? ToNhwcAxis(axis) : axis;
      op.output = g().AddActivation(out_name);
      values_[out_name] = op.output;
      return Add(std::move(op), where);
    }
    if (type == "Pad") {
      const int in = Activation(n, 0, where);
      if (in < 0) return false;
      const std::string mode = AttrString(n, "mode");
      if (!mode.empty() && mode != "constant") return Error(where + ": mode " + mode + " is not supported");
      std::vector<int64_t> pads = AttrInts(n, "pads");
      if (const Constant* c = Const(n, 1)) pads = c->ints;
      if (const Constant* v = Const(n, 2)) {
        if (!v->floats.empty() && v->floats[0] != 0.0f) return Error(where + ": only zero padding is supported");
      }
      const int rank = static_cast<int>(ShapeOf(in).size());
      if (static_cast<int>(pads.size()) != 2 * rank) return Error(where + ": pads do not match the rank");
      op.paddings.assign(static_cast<size_t>(2 * rank), 0);
      for (int d = 0; d < rank; ++d) {
        const int to = rank == 4 ? ToNhwcAxis(d) : d;
        op.paddings[static_cast<size_t>(2 * to)] = static_cast<int>(pads[static_cast<size_t>(d)]);
        op.paddings[static_cast<size_t>(2 * to + 1)] = static_cast<int>(pads[static_cast<size_t>(d + rank)]);
      }
      op.kind = OpKind::kPad;
      op.inputs = {in};
      op.output = g().AddActivation(out_name);
      values_[out_name] = op.output;
      return Add(std::move(op), where);
    }
    return Error("node " + std::to_string(index) + " (\"" + n.name() + "\") is " + type +
                 ", which octet quantize does not support");
  }

 public:
  void SetGraph(const onnx::GraphProto* graph) { graph_ = graph; }
  int folded_bn_ = 0;
  int explicit_pads_ = 0;

 private:
  ImportResult result_;
  const onnx::GraphProto* graph_ = nullptr;
  std::map<std::string, Constant> constants_;
  std::map<std::string, int> values_;  // ONNX value name -> graph tensor (NHWC for 4-D)
};

}  // namespace

ImportResult ImportOnnx(const uint8_t* data, size_t size, const std::string& source_name) {
  try {
    onnx::ModelProto model;
    if (size > static_cast<size_t>(INT32_MAX) || !model.ParseFromArray(data, static_cast<int>(size))) {
      ImportResult r;
      r.error = source_name + ": not a valid ONNX model (protobuf parse failed)";
      return r;
    }
    OnnxImporter importer(source_name);
    importer.SetGraph(&model.graph());
    ImportResult r = importer.Run(data, size);
    if (importer.folded_bn_)
      r.notes.push_back("folded " + std::to_string(importer.folded_bn_) + " BatchNormalization(s)");
    if (importer.explicit_pads_) {
      r.notes.push_back("made " + std::to_string(importer.explicit_pads_) +
                        " padding(s) explicit PAD ops (neither VALID nor TF SAME)");
    }
    return r;
  } catch (const std::exception& e) {
    ImportResult r;
    r.error = source_name + ": import failed: " + e.what();
    return r;
  }
}

#endif  // OCTET_QUANTIZE_ONNX

}  // namespace octet::quantize
