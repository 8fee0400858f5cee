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
    case OpKind::kConv:
      return w[3] == in[3];
    case OpKind::kDepthwiseConv:
      return w[3] == in[3];
    case OpKind::kFullyConnected:
      return true;
    default:
      return false;
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

EqualizeStats EqualizeCrossLayer(Graph* graph, const EqualizeOptions& options,
                                 const std::vector<std::vector<std::vector<float>>>& samples) {
  Graph& g = *graph;
  EqualizeStats stats;
  const bool have_data = !samples.empty();
  // Find the pairs once.
  struct Pair {
    int first = -1, second = -1;
    bool relu6 = false;         // RELU6 kept between them (kBounded)
    std::vector<double> a;      // observed max |output| of `first` per channel (with samples)
    std::vector<double> scale;  // cumulative 1/scale applied to first's output channels
  };
  std::vector<Pair> pairs;
  for (size_t i = 0; i < g.ops.size(); ++i) {
    const Op& first = g.ops[i];
    if (!Graph::HasWeights(first.kind) || !Equalizable(g, first) || g.IsGraphOutput(first.output)) continue;
    const std::vector<int> consumers = g.Consumers(first.output);
    if (consumers.size() != 1) continue;
    const Op& second = g.ops[static_cast<size_t>(consumers[0])];
    if (!Graph::HasWeights(second.kind) || !Equalizable(g, second) || second.inputs[0] != first.output) continue;
    if (second.kind == OpKind::kFullyConnected && g.tensors[static_cast<size_t>(first.output)].shape.back() !=
                                                      g.tensors[static_cast<size_t>(second.inputs[1])].shape[1]) {
      continue;
    }
    Pair pair;
    pair.first = static_cast<int>(i);
    pair.second = consumers[0];
    if (first.activation == Activation::kRelu6) {
      if (options.relu6 == Relu6Mode::kSkip || (options.relu6 == Relu6Mode::kBounded && !have_data)) continue;
      pair.relu6 = options.relu6 == Relu6Mode::kBounded;
    } else if (first.activation != Activation::kNone && first.activation != Activation::kRelu) {
      continue;
    }
    pairs.push_back(pair);
  }
  // Observed per-channel maxima of the activations between the pairs, on the unscaled graph.
  if (have_data && options.relu6 == Relu6Mode::kBounded && !pairs.empty()) {
    Executor executor(g);
    for (Pair& pair : pairs) {
      pair.a.assign(g.tensors[static_cast<size_t>(g.ops[static_cast<size_t>(pair.first)].output)].shape.back(), 0.0);
    }
    for (const auto& sample : samples) {
      executor.Run(sample);
      for (Pair& pair : pairs) {
        const std::vector<float>& v = executor.Value(g.ops[static_cast<size_t>(pair.first)].output);
        const size_t channels = pair.a.size();
        for (size_t k = 0; k < v.size(); ++k) {
          pair.a[k % channels] = std::max(pair.a[k % channels], static_cast<double>(std::fabs(v[k])));
        }
      }
    }
  }
  for (Pair& pair : pairs) {
    Op& first = g.ops[static_cast<size_t>(pair.first)];
    if (first.activation == Activation::kRelu6 && options.relu6 == Relu6Mode::kReplace) {
      first.activation = Activation::kRelu;
      ++stats.relu6_replaced;
    }
    if (pair.relu6) {
      ++stats.relu6_kept;
      for (double a : pair.a) stats.channels_pinned += a >= 6.0 ? 1 : 0;
    }
    pair.scale.assign(g.tensors[static_cast<size_t>(first.inputs[2])].data.size(), 1.0);
  }
  stats.pairs = static_cast<int>(pairs.size());
  const float relu6_max = ActivationMax(Activation::kRelu6);
  for (int iteration = 0; iteration < options.iterations; ++iteration) {
    for (Pair& pair : pairs) {
      const Op& first = g.ops[static_cast<size_t>(pair.first)];
      const Op& second = g.ops[static_cast<size_t>(pair.second)];
      Tensor& w1 = g.tensors[static_cast<size_t>(first.inputs[1])];
      Tensor& b1 = g.tensors[static_cast<size_t>(first.inputs[2])];
      Tensor& w2 = g.tensors[static_cast<size_t>(second.inputs[1])];
      const size_t channels = b1.data.size();
      std::vector<double> r1(channels, 0.0), r2(channels, 0.0);
      ForOutputChannel(
          g, first, [&](size_t k, size_t c) { r1[c] = std::max(r1[c], static_cast<double>(std::fabs(w1.data[k]))); });
      ForInputChannel(g, second,
                      [&](size_t k, size_t c) { r2[c] = std::max(r2[c], static_cast<double>(std::fabs(w2.data[k]))); });
      std::vector<double> s(channels, 1.0);
      for (size_t c = 0; c < channels; ++c) {
        if (r1[c] > 0 && r2[c] > 0) s[c] = std::sqrt(r1[c] / r2[c]);
        if (pair.relu6) {
          // Keep RELU6's clip where it was: saturating channels unscaled, the others below 6.
          if (pair.a[c] >= relu6_max) {
            s[c] = 1.0;
          } else if (pair.a[c] > 0) {
            s[c] = std::max(s[c], pair.a[c] / relu6_max / pair.scale[c]);
          }
        }
        pair.scale[c] *= s[c];
      }
      ForOutputChannel(g, first, [&](size_t k, size_t c) { w1.data[k] = static_cast<float>(w1.data[k] / s[c]); });
      for (size_t c = 0; c < channels; ++c) b1.data[c] = static_cast<float>(b1.data[c] / s[c]);
      ForInputChannel(g, second, [&](size_t k, size_t c) { w2.data[k] = static_cast<float>(w2.data[k] * s[c]); });
    }
  }
  return stats;
}

EqualizeStats EqualizeCrossLayer(Graph* graph, bool replace_relu6, int iterations) {
  EqualizeOptions options;
  options.relu6 = replace_relu6 ? Relu6Mode::kReplace : Relu6Mode::kSkip;
  options.iterations = iterations;
  return EqualizeCrossLayer(graph, options);
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
      bias.data[c] =
          static_cast<float>(bias.data[c] - sums[static_cast<size_t>(i)][c] / counts[static_cast<size_t>(i)]);
    }
  }
  return static_cast<int>(layers.size());
}

}  // namespace octet::quantize
