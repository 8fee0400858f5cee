#include "tools/quantize/transforms.h"

#include <algorithm>
#include <cmath>

#include "tools/quantize/float_executor.h"
#include "tools/quantize/quantizer.h"

namespace octet::quantize {

namespace {

// A weight layer usable in equalization: ungrouped conv, depthwise with multiplier 1, or FC.
bool Equalizable(const Graph& g, const Op& op) {
  const std::vector<int>& w = g.tensors[static_cast<size_t>(op.inputs[1])].shape;
  const std::vector<int>& in = g.tensors[static_cast<size_t>(op.inputs[0])].shape;
  switch (op.kind) {
    case OpKind::kConv: return w[3] == in[3];
    case OpKind::kDepthwiseConv: return w[3] == in[3];
    case OpKind::kFullyConnected: return true;
    default: return false;
  }
}

// Calls f(element index, channel) for every weight of output channel / input channel c.
template <typename F>
void ForOutputChannel(const Graph& g, const Op& op, F f) {
  const Tensor& w = g.tensors[static_cast<size_t>(op.inputs[1])];
  if (op.kind == OpKind::kDepthwiseConv) {
    const size_t c = static_cast<size_t>(w.shape[3]);
    for (size_t k = 0; k < w.data.size(); ++k) f(k, k % c);
  } else {
    const size_t inner = w.data.size() / static_cast<size_t>(w.shape[0]);
    for (size_t k = 0; k < w.data.size(); ++k) f(k, k / inner);
  }
}
template <typename F>
void ForInputChannel(const Graph& g, const Op& op, F f) {
  const Tensor& w = g.tensors[static_cast<size_t>(op.inputs[1])];
  const size_t c = static_cast<size_t>(w.shape.back());  // conv [O,KH,KW,I], dw [1,KH,KW,C], FC [O,I]
  for (size_t k = 0; k < w.data.size(); ++k) f(k, k % c);
}

}  // namespace

EqualizeStats EqualizeCrossLayer(Graph* graph, bool replace_relu6, int iterations) {
  Graph& g = *graph;
  EqualizeStats stats;
  // Find the pairs once.
  std::vector<std::pair<int, int>> pairs;
  for (size_t i = 0; i < g.ops.size(); ++i) {
    Op& first = g.ops[i];
    if (!Graph::HasWeights(first.kind) || !Equalizable(g, first) || g.IsGraphOutput(first.output)) continue;
    const std::vector<int> consumers = g.Consumers(first.output);
    if (consumers.size() != 1) continue;
    Op& second = g.ops[static_cast<size_t>(consumers[0])];
    if (!Graph::HasWeights(second.kind) || !Equalizable(g, second) || second.inputs[0] != first.output) continue;
    if (second.kind == OpKind::kFullyConnected &&
        g.tensors[static_cast<size_t>(first.output)].shape.back() != g.tensors[static_cast<size_t>(second.inputs[1])].shape[1]) {
      continue;
    }
    if (first.activation == Activation::kRelu6) {
      if (!replace_relu6) continue;
      first.activation = Activation::kRelu;
      ++stats.relu6_replaced;
    } else if (first.activation != Activation::kNone && first.activation != Activation::kRelu) {
      continue;
    }
    pairs.emplace_back(static_cast<int>(i), consumers[0]);
  }
  stats.pairs = static_cast<int>(pairs.size());
  for (int iteration = 0; iteration < iterations; ++iteration) {
    for (const auto& [a, b] : pairs) {
      const Op& first = g.ops[static_cast<size_t>(a)];
      const Op& second = g.ops[static_cast<size_t>(b)];
      Tensor& w1 = g.tensors[static_cast<size_t>(first.inputs[1])];
      Tensor& b1 = g.tensors[static_cast<size_t>(first.inputs[2])];
      Tensor& w2 = g.tensors[static_cast<size_t>(second.inputs[1])];
      const size_t channels = b1.data.size();
      std::vector<double> r1(channels, 0.0), r2(channels, 0.0);
      ForOutputChannel(g, first, [&](size_t k, size_t c) { r1[c] = std::max(r1[c], static_cast<double>(std::fabs(w1.data[k]))); });
      ForInputChannel(g, second, [&](size_t k, size_t c) { r2[c] = std::max(r2[c], static_cast<double>(std::fabs(w2.data[k]))); });
      std::vector<double> s(channels, 1.0);
      for (size_t c = 0; c < channels; ++c) {
        if (r1[c] > 0 && r2[c] > 0) s[c] = std::sqrt(r1[c] / r2[c]);
      }
      ForOutputChannel(g, first, [&](size_t k, size_t c) { w1.data[k] = static_cast<float>(w1.data[k] / s[c]); });
      for (size_t c = 0; c < channels; ++c) b1.data[c] = static_cast<float>(b1.data[c] / s[c]);
      ForInputChannel(g, second, [&](size_t k, size_t c) { w2.data[k] = static_cast<float>(w2.data[k] * s[c]); });
    }
  }
  return stats;
}

int CorrectBias(Graph* graph, const std::vector<std::vector<std::vector<float>>>& samples, bool per_channel) {
  Graph& g = *graph;
  std::vector<int> layers;
  std::vector<std::vector<float>> delta_w(g.ops.size());
  std::vector<std::vector<double>> sums(g.ops.size());
  std::vector<double> counts(g.ops.size(), 0.0);
  for (size_t i = 0; i < g.ops.size(); ++i) {
    const Op& op = g.ops[i];
    if (!Graph::HasWeights(op.kind)) continue;
    layers.push_back(static_cast<int>(i));
    const QuantizedLayer q = QuantizeLayer(g, op, 1.0f, per_channel);
    std::vector<float> wq = DequantizedWeights(g, op, q);
    const std::vector<float>& w = g.tensors[static_cast<size_t>(op.inputs[1])].data;
    for (size_t k = 0; k < wq.size(); ++k) wq[k] -= w[k];
    delta_w[i] = std::move(wq);
    sums[i].assign(g.tensors[static_cast<size_t>(op.inputs[2])].data.size(), 0.0);
  }
  if (layers.empty() || samples.empty()) return 0;
  Executor executor(g);
  std::vector<float> error;
  for (const auto& sample : samples) {
    executor.Run(sample);
    for (int i : layers) {
      const Op& op = g.ops[static_cast<size_t>(i)];
      RunLinear(g, op, executor.Value(op.inputs[0]), delta_w[static_cast<size_t>(i)], nullptr, &error);
      std::vector<double>& sum = sums[static_cast<size_t>(i)];
      const size_t channels = sum.size();
      for (size_t k = 0; k < error.size(); ++k) sum[k % channels] += error[k];
      counts[static_cast<size_t>(i)] += static_cast<double>(error.size() / channels);
    }
  }
  for (int i : layers) {
    Tensor& bias = g.tensors[static_cast<size_t>(g.ops[static_cast<size_t>(i)].inputs[2])];
    for (size_t c = 0; c < bias.data.size(); ++c) {
      bias.data[c] = static_cast<float>(bias.data[c] - sums[static_cast<size_t>(i)][c] / counts[static_cast<size_t>(i)]);
    }
  }
  return static_cast<int>(layers.size());
}

}  // namespace octet::quantize
