// Float TFLite models into the float Graph (TFLite's layouts are octet's).
#include <cmath>
#include <cstring>
#include <exception>
#include <map>

#include "tools/convert/tflite_reader.h"
#include "tools/quantize/importers.h"

namespace octet::quantize {

namespace {

using tools::ByteSpan;
using tools::TfliteOpName;
using tools::TfliteReader;
using TT = octet::tflite::TensorType;

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

constexpr int32_t kAdd = 0, kAveragePool = 1, kConcatenation = 2, kConv = 3, kDepthwiseConv = 4, kDequantize = 6,
                  kFullyConnected = 9, kMaxPool = 17, kRelu = 19, kRelu6 = 21, kReshape = 22, kSoftmax = 25, kPad = 34,
                  kMean = 40, kSqueeze = 43;

class TfliteImporter {
 public:
  explicit TfliteImporter(std::string source) { result_.graph.source = std::move(source); }

  ImportResult Run(const uint8_t* data, size_t size) {
    std::string error;
    if (!reader_.Open(data, size, &error)) return Fail(error);
    if (!ReadTensors() || !ReadOps()) return std::move(result_);
    Graph& g = result_.graph;
    for (int t : *reader_.graph().inputs()) g.inputs.push_back(Map(t));
    for (int t : *reader_.graph().outputs()) g.outputs.push_back(Map(t));
    for (int t : g.inputs) {
      if (t < 0 || g.tensors[static_cast<size_t>(t)].is_constant) return Fail("a graph input is not an activation");
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
  int Map(int t) const { return t < 0 ? -1 : map_[static_cast<size_t>(t)]; }

  bool ReadTensors() {
    Graph& g = result_.graph;
    const int n = reader_.tensor_count();
    map_.assign(static_cast<size_t>(n), -1);
    ints_.resize(static_cast<size_t>(n));
    for (int t = 0; t < n; ++t) {
      const auto& tensor = reader_.tensor(t);
      const std::string name = tensor.name() ? tensor.name()->str() : "t" + std::to_string(t);
      std::vector<int> shape = reader_.Shape(t);
      ByteSpan bytes;
      std::string error;
      if (!reader_.TensorData(t, &bytes, &error)) return Error(error);
      uint64_t count = 0;
      if (!tools::ElementCount(shape, &count)) return Error(reader_.DescribeTensor(t) + ": bad shape");
      if (bytes.size == 0) {
        if (tensor.type() != TT::FLOAT32 && tensor.type() != TT::INT32 && tensor.type() != TT::INT64) {
          return Error(reader_.DescribeTensor(t) + " is " + tools::TfliteTypeName(tensor.type()) +
                       ": octet quantize takes float models (is this model quantized already? use octet convert)");
        }
        map_[static_cast<size_t>(t)] = g.AddActivation(name, shape);
        continue;
      }
      const size_t esize = tools::TfliteTypeSize(tensor.type());
      if (esize == 0 || bytes.size != count * esize) return Error(reader_.DescribeTensor(t) + ": buffer size mismatch");
      std::vector<float> values(count);
      for (size_t k = 0; k < count; ++k) {
        const uint8_t* p = bytes.data + k * esize;
        switch (tensor.type()) {
          case TT::FLOAT32:
            std::memcpy(&values[k], p, 4);
            break;
          case TT::FLOAT16: {
            uint16_t h;
            std::memcpy(&h, p, 2);
            values[k] = HalfToFloat(h);
            break;
          }
          case TT::INT32: {
            int32_t v;
            std::memcpy(&v, p, 4);
            values[k] = static_cast<float>(v);
            ints_[static_cast<size_t>(t)].push_back(v);
            break;
          }
          case TT::INT64: {
            int64_t v;
            std::memcpy(&v, p, 8);
            values[k] = static_cast<float>(v);
            ints_[static_cast<size_t>(t)].push_back(v);
            break;
          }
          default:
            return Error(reader_.DescribeTensor(t) + ": constant of type " + tools::TfliteTypeName(tensor.type()) +
                         " is not supported (int8 weights? use octet convert for quantized models)");
        }
      }
      map_[static_cast<size_t>(t)] = g.AddConstant(name, shape, std::move(values));
    }
    return true;
  }

  bool MapAct(int op, octet::tflite::ActivationFunctionType a, Activation* act) {
    using A = octet::tflite::ActivationFunctionType;
    switch (a) {
      case A::NONE:
        *act = Activation::kNone;
        return true;
      case A::RELU:
        *act = Activation::kRelu;
        return true;
      case A::RELU6:
        *act = Activation::kRelu6;
        return true;
      case A::RELU_N1_TO_1:
        *act = Activation::kReluN1To1;
        return true;
      default:
        return Error("operator " + std::to_string(op) + ": fused activation " + std::to_string(static_cast<int>(a)) +
                     " is not supported");
    }
  }

  int Consumers(int t) const {
    int count = 0;
    for (int i = 0; i < reader_.operator_count(); ++i) {
      for (int in : *reader_.op(i).inputs()) count += in == t;
    }
    for (int out : *reader_.graph().outputs()) count += out == t;
    return count;
  }

  int BiasFor(int op, int slot_tensor, int channels, const std::string& name) {
    Graph& g = result_.graph;
    (void)op;
    if (slot_tensor >= 0) return Map(slot_tensor);
    return g.AddConstant(name + "/bias", {channels}, std::vector<float>(static_cast<size_t>(channels), 0.0f));
  }

  bool ReadOps() {
    Graph& g = result_.graph;
    for (int i = 0; i < reader_.operator_count(); ++i) {
      int32_t code = 0;
      std::string error;
      if (!reader_.OpCode(i, &code, &error)) return Error(error);
      const auto& top = reader_.op(i);
      if (!top.inputs() || !top.outputs() || top.outputs()->size() != 1) {
        return Error("operator " + std::to_string(i) + " (" + TfliteOpName(code) + "): expected one output");
      }
      std::vector<int> ins(top.inputs()->begin(), top.inputs()->end());
      for (int t : ins) {
        if (t < -1 || t >= reader_.tensor_count()) return Error("operator " + std::to_string(i) + ": bad tensor index");
      }
      const int src_out = top.outputs()->Get(0);
      if (src_out < 0 || src_out >= reader_.tensor_count())
        return Error("operator " + std::to_string(i) + ": bad output");
      const std::string where = "operator " + std::to_string(i) + " (" + TfliteOpName(code) + ")";
      const std::string name = reader_.tensor(src_out).name() ? reader_.tensor(src_out).name()->str() : where;
      auto in = [&](size_t k) { return k < ins.size() ? Map(ins[k]) : -1; };
      Op op;
      op.name = name;
      op.output = Map(src_out);
      switch (code) {
        case kConv:
        case kDepthwiseConv: {
          if (ins.size() < 2) return Error(where + ": expected input and filter");
          const bool dw = code == kDepthwiseConv;
          op.kind = dw ? OpKind::kDepthwiseConv : OpKind::kConv;
          octet::tflite::Padding padding;
          octet::tflite::ActivationFunctionType act;
          if (dw) {
            const auto* o = top.builtin_options_as_DepthwiseConv2DOptions();
            if (!o) return Error(where + ": options missing");
            padding = o->padding();
            act = o->fused_activation_function();
            op.stride_h = o->stride_h(), op.stride_w = o->stride_w();
            op.dilation_h = o->dilation_h_factor(), op.dilation_w = o->dilation_w_factor();
          } else {
            const auto* o = top.builtin_options_as_Conv2DOptions();
            if (!o) return Error(where + ": options missing");
            padding = o->padding();
            act = o->fused_activation_function();
            op.stride_h = o->stride_h(), op.stride_w = o->stride_w();
            op.dilation_h = o->dilation_h_factor(), op.dilation_w = o->dilation_w_factor();
          }
          op.same_padding = padding == octet::tflite::Padding::SAME;
          if (!MapAct(i, act, &op.activation)) return false;
          const auto& wshape = g.tensors[static_cast<size_t>(in(1))].shape;
          if (wshape.size() != 4) return Error(where + ": filter must be 4-D");
          op.inputs = {in(0), in(1), BiasFor(i, ins.size() > 2 ? ins[2] : -1, dw ? wshape[3] : wshape[0], name)};
          break;
        }
        case kFullyConnected: {
          if (ins.size() < 2) return Error(where + ": expected input and filter");
          op.kind = OpKind::kFullyConnected;
          if (const auto* o = top.builtin_options_as_FullyConnectedOptions()) {
            if (!MapAct(i, o->fused_activation_function(), &op.activation)) return false;
          }
          const auto& wshape = g.tensors[static_cast<size_t>(in(1))].shape;
          if (wshape.size() != 2) return Error(where + ": filter must be 2-D");
          op.inputs = {in(0), in(1), BiasFor(i, ins.size() > 2 ? ins[2] : -1, wshape[0], name)};
          break;
        }
        case kAdd:
          op.kind = OpKind::kAdd;
          if (const auto* o = top.builtin_options_as_AddOptions()) {
            if (!MapAct(i, o->fused_activation_function(), &op.activation)) return false;
          }
          op.inputs = {in(0), in(1)};
          if (g.tensors[static_cast<size_t>(in(1))].is_constant || g.tensors[static_cast<size_t>(in(0))].is_constant) {
            return Error(where + ": adding a constant is not supported");
          }
          break;
        case kAveragePool:
        case kMaxPool: {
          op.kind = code == kMaxPool ? OpKind::kMaxPool : OpKind::kAveragePool;
          const auto* o = top.builtin_options_as_Pool2DOptions();
          if (!o) return Error(where + ": options missing");
          op.same_padding = o->padding() == octet::tflite::Padding::SAME;
          op.stride_h = o->stride_h(), op.stride_w = o->stride_w();
          op.filter_h = o->filter_height(), op.filter_w = o->filter_width();
          if (!MapAct(i, o->fused_activation_function(), &op.activation)) return false;
          op.inputs = {in(0)};
          break;
        }
        case kMean: {
          op.kind = OpKind::kMean;
          if (ins.size() != 2) return Error(where + ": expected input and axes");
          const int rank = static_cast<int>(g.tensors[static_cast<size_t>(in(0))].shape.size());
          for (int64_t a : ints_[static_cast<size_t>(ins[1])])
            op.axes.push_back(static_cast<int>(a < 0 ? a + rank : a));
          if (const auto* o = top.builtin_options_as_ReducerOptions()) op.keep_dims = o->keep_dims();
          op.inputs = {in(0)};
          break;
        }
        case kReshape:
        case kSqueeze:
          op.kind = OpKind::kReshape;
          op.inputs = {in(0)};
          break;
        case kSoftmax:
          op.kind = OpKind::kSoftmax;
          if (const auto* o = top.builtin_options_as_SoftmaxOptions()) op.beta = o->beta();
          op.inputs = {in(0)};
          break;
        case kConcatenation: {
          op.kind = OpKind::kConcat;
          const auto* o = top.builtin_options_as_ConcatenationOptions();
          if (!o) return Error(where + ": options missing");
          const int rank = static_cast<int>(reader_.Shape(src_out).size());
          op.axis = o->axis() < 0 ? o->axis() + rank : o->axis();
          if (!MapAct(i, o->fused_activation_function(), &op.activation)) return false;
          for (size_t k = 0; k < ins.size(); ++k) op.inputs.push_back(in(k));
          break;
        }
        case kPad:
          op.kind = OpKind::kPad;
          if (ins.size() != 2) return Error(where + ": expected input and paddings");
          for (int64_t v : ints_[static_cast<size_t>(ins[1])]) op.paddings.push_back(static_cast<int>(v));
          op.inputs = {in(0)};
          break;
        case kRelu:
        case kRelu6: {
          const int produced = ApplyStandaloneActivation(
              &g, in(0), code == kRelu ? Activation::kRelu : Activation::kRelu6, Consumers(ins[0]) - 1, name, &error);
          if (produced < 0) return Error(where + ": " + error);
          map_[static_cast<size_t>(src_out)] = produced;
          continue;
        }
        case kDequantize: {
          // float16 weights: the DEQUANTIZE output is a float32 constant.
          if (ins.size() != 1 || !g.tensors[static_cast<size_t>(in(0))].is_constant) {
            return Error(where + ": only DEQUANTIZE of float16 constants is supported in a float model");
          }
          map_[static_cast<size_t>(src_out)] = in(0);
          continue;
        }
        default:
          return Error("operator " + std::to_string(i) + " is " + TfliteOpName(code) +
                       ", which octet quantize does not support");
      }
      for (int t : op.inputs) {
        if (t < 0) return Error(where + ": a required input is missing");
      }
      g.ops.push_back(std::move(op));
    }
    return true;
  }

  TfliteReader reader_;
  ImportResult result_;
  std::vector<int> map_;                    // TFLite tensor -> graph tensor
  std::vector<std::vector<int64_t>> ints_;  // integer constants (axes, paddings)
};

}  // namespace

ImportResult ImportTflite(const uint8_t* data, size_t size, const std::string& source_name) {
  try {
    return TfliteImporter(source_name).Run(data, size);
  } catch (const std::exception& e) {
    ImportResult r;
    r.error = source_name + ": import failed: " + e.what();
    return r;
  }
}

ImportResult FinishImport(ImportResult result) {
  RemoveUnusedTensors(&result.graph);
  const std::string shape_error = InferShapes(&result.graph);
  if (!shape_error.empty()) {
    result.ok = false;
    result.error = result.graph.source + ": " + shape_error;
    return result;
  }
  result.ok = true;
  return result;
}

int ApplyStandaloneActivation(Graph* graph, int in, Activation act, int other_consumers, const std::string& name,
                              std::string* error) {
  Graph& g = *graph;
  const int producer = g.Producer(in);
  if (producer >= 0 && other_consumers == 0 && !g.IsGraphOutput(in)) {
    Op& p = g.ops[static_cast<size_t>(producer)];
    const bool fusable = Graph::HasWeights(p.kind) || p.kind == OpKind::kAdd || p.kind == OpKind::kConcat;
    if (fusable && p.activation == Activation::kNone) {
      p.activation = act;
      return in;
    }
    if (fusable && p.activation == Activation::kRelu6 && act == Activation::kRelu) return in;
    if (fusable && p.activation == Activation::kRelu && act == Activation::kRelu6) {
      p.activation = Activation::kRelu6;
      return in;
    }
  }
  if (g.tensors[static_cast<size_t>(in)].shape.size() != 4) {
    *error = std::string(ActivationName(act)) + " on a tensor that is not 4-D and not the output of a fusable op";
    return -1;
  }
  Op op;
  op.kind = OpKind::kMaxPool;
  op.name = name;
  op.inputs = {in};
  op.output = g.AddActivation(name);
  op.activation = act;
  g.ops.push_back(op);
  return op.output;
}

void FoldBatchNorm(Graph* graph, int op_index, const std::vector<float>& gamma, const std::vector<float>& beta,
                   const std::vector<float>& mean, const std::vector<float>& var, float epsilon) {
  Graph& g = *graph;
  const Op& op = g.ops[static_cast<size_t>(op_index)];
  Tensor& w = g.tensors[static_cast<size_t>(op.inputs[1])];
  Tensor& b = g.tensors[static_cast<size_t>(op.inputs[2])];
  const size_t channels = b.data.size();
  std::vector<double> factor(channels);
  for (size_t c = 0; c < channels; ++c) {
    factor[c] = static_cast<double>(gamma[c]) / std::sqrt(static_cast<double>(var[c]) + static_cast<double>(epsilon));
    b.data[c] = static_cast<float>((static_cast<double>(b.data[c]) - mean[c]) * factor[c] + beta[c]);
  }
  const bool last_axis = op.kind == OpKind::kDepthwiseConv;
  const size_t inner = w.data.size() / channels;
  for (size_t k = 0; k < w.data.size(); ++k) {
    const size_t c = last_axis ? k % channels : k / inner;
    w.data[k] = static_cast<float>(w.data[k] * factor[c]);
  }
}

}  // namespace octet::quantize
