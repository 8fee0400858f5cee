#include "tools/quantize/float_graph.h"

#include <algorithm>
#include <limits>

namespace octet::quantize {

const char* OpKindName(OpKind kind) {
  switch (kind) {
    case OpKind::kConv: return "CONV_2D";
    case OpKind::kDepthwiseConv: return "DEPTHWISE_CONV_2D";
    case OpKind::kFullyConnected: return "FULLY_CONNECTED";
    case OpKind::kAdd: return "ADD";
    case OpKind::kMaxPool: return "MAX_POOL_2D";
    case OpKind::kAveragePool: return "AVERAGE_POOL_2D";
    case OpKind::kMean: return "MEAN";
    case OpKind::kReshape: return "RESHAPE";
    case OpKind::kSoftmax: return "SOFTMAX";
    case OpKind::kConcat: return "CONCATENATION";
    case OpKind::kPad: return "PAD";
  }
  return "?";
}

const char* ActivationName(Activation act) {
  switch (act) {
    case Activation::kNone: return "NONE";
    case Activation::kRelu: return "RELU";
    case Activation::kRelu6: return "RELU6";
    case Activation::kReluN1To1: return "RELU_N1_TO_1";
  }
  return "?";
}

float ActivationMin(Activation act) {
  switch (act) {
    case Activation::kRelu:
    case Activation::kRelu6: return 0.0f;
    case Activation::kReluN1To1: return -1.0f;
    default: return -std::numeric_limits<float>::infinity();
  }
}

float ActivationMax(Activation act) {
  switch (act) {
    case Activation::kRelu6: return 6.0f;
    case Activation::kReluN1To1: return 1.0f;
    default: return std::numeric_limits<float>::infinity();
  }
}

size_t Tensor::elements() const {
  size_t n = 1;
  for (int d : shape) n *= static_cast<size_t>(d);
  return n;
}

int Graph::AddActivation(const std::string& name, const std::vector<int>& shape) {
  tensors.push_back(Tensor{name, shape, {}, false});
  return static_cast<int>(tensors.size()) - 1;
}

int Graph::AddConstant(const std::string& name, const std::vector<int>& shape, std::vector<float> data) {
  tensors.push_back(Tensor{name, shape, std::move(data), true});
  return static_cast<int>(tensors.size()) - 1;
}

std::vector<int> Graph::Consumers(int t) const {
  std::vector<int> result;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (std::find(ops[i].inputs.begin(), ops[i].inputs.end(), t) != ops[i].inputs.end()) {
      result.push_back(static_cast<int>(i));
    }
  }
  return result;
}

int Graph::Producer(int t) const {
  for (size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].output == t) return static_cast<int>(i);
  }
  return -1;
}

bool Graph::IsGraphOutput(int t) const { return std::find(outputs.begin(), outputs.end(), t) != outputs.end(); }

int ConvOutputSize(int in, int filter, int stride, int dilation, bool same) {
  if (same) return (in + stride - 1) / stride;
  const int effective = (filter - 1) * dilation + 1;
  return in < effective ? 0 : (in - effective) / stride + 1;
}

int PadBefore(int in, int filter, int stride, int dilation, bool same) {
  if (!same) return 0;
  const int out = ConvOutputSize(in, filter, stride, dilation, true);
  const int effective = (filter - 1) * dilation + 1;
  const int total = std::max(0, (out - 1) * stride + effective - in);
  return total / 2;
}

namespace {

std::string Where(const Graph& g, size_t i) {
  return "op " + std::to_string(i) + " (" + OpKindName(g.ops[i].kind) + " \"" + g.ops[i].name + "\")";
}

std::string ShapeText(const std::vector<int>& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) text += (i ? "," : "") + std::to_string(shape[i]);
  return text + "]";
}

}  // namespace

std::string InferShapes(Graph* graph) {
  Graph& g = *graph;
  const int tensor_count = static_cast<int>(g.tensors.size());
  for (size_t i = 0; i < g.ops.size(); ++i) {
    Op& op = g.ops[i];
    for (int t : op.inputs) {
      if (t < 0 || t >= tensor_count) return Where(g, i) + ": input tensor index out of range";
    }
    if (op.output < 0 || op.output >= tensor_count) return Where(g, i) + ": output tensor index out of range";
    if (op.inputs.empty()) return Where(g, i) + ": has no inputs";
    const std::vector<int>& in = g.tensors[static_cast<size_t>(op.inputs[0])].shape;
    std::vector<int> out;
    switch (op.kind) {
      case OpKind::kConv:
      case OpKind::kDepthwiseConv: {
        if (op.inputs.size() != 3) return Where(g, i) + ": expected input, filter and bias";
        const Tensor& w = g.tensors[static_cast<size_t>(op.inputs[1])];
        const Tensor& b = g.tensors[static_cast<size_t>(op.inputs[2])];
        if (in.size() != 4 || w.shape.size() != 4) return Where(g, i) + ": input and filter must be 4-D";
        if (!w.is_constant || !b.is_constant) return Where(g, i) + ": filter and bias must be constants";
        const bool dw = op.kind == OpKind::kDepthwiseConv;
        const int out_c = dw ? w.shape[3] : w.shape[0];
        if (dw ? (w.shape[0] != 1 || out_c % in[3] != 0) : (w.shape[3] <= 0 || in[3] % w.shape[3] != 0)) {
          return Where(g, i) + ": filter " + ShapeText(w.shape) + " does not fit input " + ShapeText(in);
        }
        if (b.elements() != static_cast<size_t>(out_c)) return Where(g, i) + ": bias size differs from channels";
        out = {in[0], ConvOutputSize(in[1], w.shape[1], op.stride_h, op.dilation_h, op.same_padding),
               ConvOutputSize(in[2], w.shape[2], op.stride_w, op.dilation_w, op.same_padding), out_c};
        break;
      }
      case OpKind::kFullyConnected: {
        if (op.inputs.size() != 3) return Where(g, i) + ": expected input, filter and bias";
        const Tensor& w = g.tensors[static_cast<size_t>(op.inputs[1])];
        if (w.shape.size() != 2 || !w.is_constant) return Where(g, i) + ": filter must be a 2-D constant";
        size_t n = 1;
        for (int d : in) n *= static_cast<size_t>(d);
        if (w.shape[1] <= 0 || n % static_cast<size_t>(w.shape[1]) != 0) {
          return Where(g, i) + ": input " + ShapeText(in) + " does not fit filter " + ShapeText(w.shape);
        }
        out = {static_cast<int>(n / static_cast<size_t>(w.shape[1])), w.shape[0]};
        break;
      }
      case OpKind::kAdd: {
        if (op.inputs.size() != 2) return Where(g, i) + ": expected 2 inputs";
        if (g.tensors[static_cast<size_t>(op.inputs[1])].shape != in) {
          return Where(g, i) + ": inputs " + ShapeText(in) + " and " +
                 ShapeText(g.tensors[static_cast<size_t>(op.inputs[1])].shape) + " differ (no broadcasting)";
        }
        out = in;
        break;
      }
      case OpKind::kMaxPool:
      case OpKind::kAveragePool:
        if (in.size() != 4) return Where(g, i) + ": input must be 4-D";
        out = {in[0], ConvOutputSize(in[1], op.filter_h, op.stride_h, 1, op.same_padding),
               ConvOutputSize(in[2], op.filter_w, op.stride_w, 1, op.same_padding), in[3]};
        break;
      case OpKind::kMean:
        for (size_t d = 0; d < in.size(); ++d) {
          const bool reduced = std::find(op.axes.begin(), op.axes.end(), static_cast<int>(d)) != op.axes.end();
          if (!reduced) {
            out.push_back(in[d]);
          } else if (op.keep_dims) {
            out.push_back(1);
          }
        }
        break;
      case OpKind::kReshape: {
        out = g.tensors[static_cast<size_t>(op.output)].shape;
        size_t a = 1, b = 1;
        for (int d : in) a *= static_cast<size_t>(d);
        for (int d : out) b *= static_cast<size_t>(d);
        if (a != b) return Where(g, i) + ": reshape " + ShapeText(in) + " to " + ShapeText(out) + " changes the size";
        break;
      }
      case OpKind::kSoftmax:
        out = in;
        break;
      case OpKind::kConcat: {
        out = in;
        if (op.axis < 0 || op.axis >= static_cast<int>(in.size())) return Where(g, i) + ": axis out of range";
        for (size_t k = 1; k < op.inputs.size(); ++k) {
          const auto& s = g.tensors[static_cast<size_t>(op.inputs[k])].shape;
          if (s.size() != in.size()) return Where(g, i) + ": inputs differ in rank";
          for (size_t d = 0; d < s.size(); ++d) {
            if (static_cast<int>(d) != op.axis && s[d] != in[d]) return Where(g, i) + ": input shapes differ";
          }
          out[static_cast<size_t>(op.axis)] += s[static_cast<size_t>(op.axis)];
        }
        break;
      }
      case OpKind::kPad:
        if (op.paddings.size() != 2 * in.size()) return Where(g, i) + ": paddings do not match the rank";
        out = in;
        for (size_t d = 0; d < in.size(); ++d) out[d] += op.paddings[2 * d] + op.paddings[2 * d + 1];
        break;
    }
    for (int d : out) {
      if (d <= 0) return Where(g, i) + ": output shape " + ShapeText(out) + " is empty";
    }
    g.tensors[static_cast<size_t>(op.output)].shape = out;
  }
  return "";
}

void RemoveUnusedTensors(Graph* graph) {
  Graph& g = *graph;
  std::vector<bool> used(g.tensors.size(), false);
  for (const Op& op : g.ops) {
    for (int t : op.inputs) used[static_cast<size_t>(t)] = true;
    used[static_cast<size_t>(op.output)] = true;
  }
  for (int t : g.inputs) used[static_cast<size_t>(t)] = true;
  for (int t : g.outputs) used[static_cast<size_t>(t)] = true;
  std::vector<int> index(g.tensors.size(), -1);
  std::vector<Tensor> kept;
  for (size_t t = 0; t < g.tensors.size(); ++t) {
    if (!used[t]) continue;
    index[t] = static_cast<int>(kept.size());
    kept.push_back(std::move(g.tensors[t]));
  }
  g.tensors = std::move(kept);
  for (Op& op : g.ops) {
    for (int& t : op.inputs) t = index[static_cast<size_t>(t)];
    op.output = index[static_cast<size_t>(op.output)];
  }
  for (int& t : g.inputs) t = index[static_cast<size_t>(t)];
  for (int& t : g.outputs) t = index[static_cast<size_t>(t)];
}

}  // namespace octet::quantize
