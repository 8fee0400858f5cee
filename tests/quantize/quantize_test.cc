// octet quantize: calibrators on known distributions, BN folding, cross-layer equalization, bias
// correction, TFLite float import, and end to end (quantize a small float model built here, run it
// on the octet runtime, check its SQNR against float).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <vector>

#include "octet/octet.h"
#include "tests/tools/tflite_maker.h"
#include "tools/quantize/calibrators.h"
#include "tools/quantize/float_executor.h"
#include "tools/quantize/importers.h"
#include "tools/quantize/pipeline.h"
#include "tools/quantize/quantizer.h"
#include "tools/quantize/transforms.h"

#ifdef OCTET_QUANTIZE_ONNX
#include "octet/tools/quantize/onnx.pb.h"
#endif
#ifdef OCTET_CLI_PATH
#include <sys/wait.h>
#endif

namespace octet::quantize {
namespace {

TensorStats Collect(const std::vector<float>& v, int bins = 2048) {
  TensorStats s;
  s.Observe(v.data(), v.size());
  s.InitHistograms(bins);
  s.Accumulate(v.data(), v.size());
  return s;
}

std::vector<float> Laplace(size_t n, double b, uint32_t seed) {
  std::mt19937 rng(seed);
  std::exponential_distribution<double> e(1.0 / b);
  std::bernoulli_distribution sign(0.5);
  std::vector<float> v(n);
  for (auto& x : v) x = static_cast<float>(sign(rng) ? e(rng) : -e(rng));
  return v;
}

TEST(Calibrators, MinMaxIsTheObservedRangeWithZero) {
  const std::vector<float> v = {0.5f, 1.0f, 3.0f};
  const Range r = ChooseRange(Collect(v), {Method::kMinMax});
  EXPECT_EQ(r.min, 0.0f);
  EXPECT_EQ(r.max, 3.0f);
  float scale;
  int32_t zero;
  RangeToParams(r, &scale, &zero);
  EXPECT_FLOAT_EQ(scale, 3.0f / 255.0f);
  EXPECT_EQ(zero, -128);
  RangeToParams(Range{-1.0f, 1.0f}, &scale, &zero);
  EXPECT_EQ(zero, -1);  // -128 + 127.5, rounded half away from zero
}

TEST(Calibrators, PercentileOfUniform) {
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> v(200000);
  for (auto& x : v) x = u(rng);
  CalibratorOptions o{Method::kPercentile, 99.0};
  const Range r = ChooseRange(Collect(v), o);
  EXPECT_NEAR(r.max, 0.98f, 0.01f);
  EXPECT_NEAR(r.min, -0.98f, 0.01f);
}

// ACIQ (Banner et al., 2019): for a Laplace(b) input and 8-bit uniform quantization of [-a, a], the
// expected squared error 2 b^2 exp(-a/b) + a^2 / (3 * 4^8) is minimal at a ~= 9.89 b.
TEST(Calibrators, MseOnLaplaceLandsAtTheAciqClip) {
  for (double b : {1.0, 0.1}) {
    const std::vector<float> v = Laplace(2000000, b, 7);
    const Range r = ChooseRange(Collect(v), {Method::kMse});
    EXPECT_NEAR(r.max / b, 9.89, 0.6) << "b=" << b;
    EXPECT_NEAR(-r.min / b, 9.89, 0.6) << "b=" << b;
  }
}

// KL calibration clips a heavy tail (the Laplace max of 2M samples is ~14.5b) but keeps the bulk:
// the threshold lies well inside [4b, max) and beyond the MSE clip's neighbourhood lower bound.
TEST(Calibrators, EntropyClipsTheLaplaceTail) {
  const std::vector<float> v = Laplace(2000000, 1.0, 9);
  const TensorStats s = Collect(v);
  const Range r = ChooseRange(s, {Method::kEntropy});
  EXPECT_LT(r.max, 0.9f * s.max);
  EXPECT_GT(r.max, 4.0f);
  EXPECT_NEAR(r.max, -r.min, 1e-6f);
}

// For a uniform distribution nothing is gained by clipping: entropy and MSE keep (nearly) the range.
TEST(Calibrators, UniformIsNotClipped) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> u(0.0f, 6.0f);
  std::vector<float> v(500000);
  for (auto& x : v) x = u(rng);
  const TensorStats s = Collect(v);
  EXPECT_GT(ChooseRange(s, {Method::kEntropy}).max, 5.7f);
  EXPECT_GT(ChooseRange(s, {Method::kMse}).max, 5.7f);
  EXPECT_EQ(ChooseRange(s, {Method::kEntropy}).min, 0.0f);
}

// Mean squared error of `v` rounded to the int8 grid of range `r` (clipped outside it).
double QuantizationMse(const std::vector<float>& v, Range r) {
  QuantParams p;
  RangeToParams(r, &p.scale, &p.zero_point);
  std::vector<float> q = v;
  FakeQuantize(p, &q);
  double err = 0;
  for (size_t k = 0; k < v.size(); ++k) err += (static_cast<double>(q[k]) - v[k]) * (static_cast<double>(q[k]) - v[k]);
  return err / static_cast<double>(v.size());
}

// A post-ReLU6 activation as EfficientNet-Lite has them: a point mass at 0 (`zeros` of the values),
// a few values saturated at 6, the rest spread below with a long tail.
std::vector<float> PostRelu6(size_t n, double zeros, uint32_t seed) {
  std::mt19937 rng(seed);
  std::bernoulli_distribution is_zero(zeros);
  std::exponential_distribution<double> e(1.0 / 0.9);
  std::vector<float> v(n);
  for (auto& x : v) x = is_zero(rng) ? 0.0f : static_cast<float>(std::min(6.0, e(rng)));
  return v;
}

// Regression: KL over a histogram whose first bin holds a large point mass at 0 picked thresholds
// whose first quantization level held that bin alone, i.e. below a quarter of the range (1.3 of 6
// on an EfficientNet-Lite0 layer, all accuracy lost). Exact zeros must not drive the choice: the
// range keeps (nearly) all of [0, 6] and quantizes the tensor about as well as min/max does.
TEST(Calibrators, EntropyKeepsThePostRelu6Range) {
  for (double zeros : {0.2, 0.4, 0.6}) {
    const std::vector<float> v = PostRelu6(1000000, zeros, 17);
    const TensorStats s = Collect(v);
    ASSERT_EQ(s.max, 6.0f);
    const Range r = ChooseRange(s, {Method::kEntropy});
    EXPECT_EQ(r.min, 0.0f);
    EXPECT_GT(r.max, 4.5f) << "zeros " << zeros;
    EXPECT_LE(r.max, 6.0f);
    const double minmax_mse = QuantizationMse(v, ChooseRange(s, {Method::kMinMax}));
    EXPECT_LT(QuantizationMse(v, r), 1.5 * minmax_mse) << "zeros " << zeros << " range " << r.max;
    // MSE and percentile stay sensible on the same tensor.
    EXPECT_LT(QuantizationMse(v, ChooseRange(s, {Method::kMse})), 1.05 * minmax_mse);
    EXPECT_LT(QuantizationMse(v, ChooseRange(s, {Method::kPercentile})), 1.5 * minmax_mse);
  }
}

// Two-sided: a Laplace(1) tensor with and without a point mass at 0. The range is symmetric, clips
// the tail but not the bulk, and quantizes the tensor better than min/max.
TEST(Calibrators, EntropyOnALaplaceWithAPointMassAtZero) {
  for (double zeros : {0.0, 0.5}) {
    std::vector<float> v = Laplace(2000000, 1.0, 23);
    std::mt19937 rng(29);
    std::bernoulli_distribution is_zero(zeros);
    for (auto& x : v) {
      if (is_zero(rng)) x = 0.0f;
    }
    const TensorStats s = Collect(v);
    const Range r = ChooseRange(s, {Method::kEntropy});
    EXPECT_NEAR(r.max, -r.min, 1e-6f);
    EXPECT_GT(r.max, 6.0f) << "zeros " << zeros;
    EXPECT_LT(r.max, s.max);
    EXPECT_LT(QuantizationMse(v, r), QuantizationMse(v, ChooseRange(s, {Method::kMinMax}))) << "zeros " << zeros;
  }
}

// --- Small graphs built in code ---------------------------------------------------------------

std::vector<float> Random(size_t n, uint32_t seed, float lo = -1.0f, float hi = 1.0f) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(lo, hi);
  std::vector<float> v(n);
  for (auto& x : v) x = u(rng);
  return v;
}

// conv 3x3 (relu) -> depthwise 3x3 (relu) -> conv 1x1 (none) -> mean -> FC, with channel ranges
// spread over two orders of magnitude (unless !skew) so equalization has work to do.
Graph SeparableNet(Activation act, int size = 8, int width = 8, bool skew = true) {
  const int c = width;
  const size_t uc = static_cast<size_t>(width);
  Graph g;
  g.source = "separable";
  const int in = g.AddActivation("input", {1, size, size, 3});
  g.inputs = {in};
  auto skewed = [skew](std::vector<float> w, size_t channels, bool last_axis) {
    if (!skew) return w;
    for (size_t k = 0; k < w.size(); ++k) {
      const size_t ch = last_axis ? k % channels : k / (w.size() / channels);
      w[k] *= std::pow(10.0f, static_cast<float>(ch % 5) / 2.0f - 1.0f);
    }
    return w;
  };
  Op conv;
  conv.kind = OpKind::kConv;
  conv.name = "conv";
  conv.same_padding = true;
  conv.activation = act;
  conv.inputs = {in, g.AddConstant("w1", {c, 3, 3, 3}, skewed(Random(uc * 27, 1), uc, false)),
                 g.AddConstant("b1", {c}, Random(uc, 2, 0.0f, 0.2f))};
  conv.output = g.AddActivation("conv");
  g.ops.push_back(conv);
  Op dw;
  dw.kind = OpKind::kDepthwiseConv;
  dw.name = "dw";
  dw.same_padding = true;
  dw.stride_h = dw.stride_w = 2;
  dw.activation = act;
  dw.inputs = {conv.output, g.AddConstant("w2", {1, 3, 3, c}, skewed(Random(uc * 9, 3), uc, true)),
               g.AddConstant("b2", {c}, Random(uc, 4, 0.0f, 0.2f))};
  dw.output = g.AddActivation("dw");
  g.ops.push_back(dw);
  Op pw;
  pw.kind = OpKind::kConv;
  pw.name = "pointwise";
  pw.same_padding = true;
  pw.inputs = {dw.output, g.AddConstant("w3", {6, 1, 1, c}, Random(6 * uc, 5)), g.AddConstant("b3", {6}, Random(6, 6))};
  pw.output = g.AddActivation("pointwise");
  g.ops.push_back(pw);
  Op mean;
  mean.kind = OpKind::kMean;
  mean.name = "mean";
  mean.axes = {1, 2};
  mean.keep_dims = false;
  mean.inputs = {pw.output};
  mean.output = g.AddActivation("mean");
  g.ops.push_back(mean);
  Op fc;
  fc.kind = OpKind::kFullyConnected;
  fc.name = "fc";
  fc.inputs = {mean.output, g.AddConstant("w4", {5, 6}, Random(30, 7)), g.AddConstant("b4", {5}, Random(5, 8))};
  fc.output = g.AddActivation("logits");
  g.ops.push_back(fc);
  Op softmax;
  softmax.kind = OpKind::kSoftmax;
  softmax.name = "softmax";
  softmax.inputs = {fc.output};
  softmax.output = g.AddActivation("probabilities");
  g.ops.push_back(softmax);
  g.outputs = {softmax.output};
  EXPECT_EQ(InferShapes(&g), "");
  return g;
}

std::vector<Sample> Samples(const Graph& g, int n, uint32_t seed) {
  std::vector<Sample> samples;
  for (int k = 0; k < n; ++k) {
    samples.push_back(
        {Random(g.tensors[static_cast<size_t>(g.inputs[0])].elements(), seed + static_cast<uint32_t>(k))});
  }
  return samples;
}

double MaxRelativeDifference(const std::vector<float>& a, const std::vector<float>& b) {
  double worst = 0, scale = 0;
  for (float v : a) scale = std::max(scale, static_cast<double>(std::fabs(v)));
  for (size_t k = 0; k < a.size(); ++k) worst = std::max(worst, std::fabs(static_cast<double>(a[k]) - b[k]) / scale);
  return worst;
}

TEST(Transforms, BatchNormFoldingKeepsTheFunction) {
  Graph g = SeparableNet(Activation::kNone);
  const std::vector<float> gamma = Random(8, 11, 0.5f, 2.0f), beta = Random(8, 12), mean = Random(8, 13),
                           var = Random(8, 14, 0.1f, 3.0f);
  const float eps = 1e-3f;
  const Sample x = Samples(g, 1, 99)[0];
  Executor before(g);
  before.Run(x);
  std::vector<float> expected = before.Value(g.ops[0].output);
  for (size_t k = 0; k < expected.size(); ++k) {
    const size_t c = k % 8;
    expected[k] = gamma[c] * (expected[k] - mean[c]) / std::sqrt(var[c] + eps) + beta[c];
  }
  FoldBatchNorm(&g, 0, gamma, beta, mean, var, eps);
  Executor after(g);
  after.Run(x);
  EXPECT_LT(MaxRelativeDifference(expected, after.Value(g.ops[0].output)), 1e-5);
  // Depthwise filters are per channel along axis 3.
  Executor folded(g);
  folded.Run(x);
  std::vector<float> dw_expected = folded.Value(g.ops[1].output);
  Graph g2 = g;
  FoldBatchNorm(&g2, 1, gamma, beta, mean, var, eps);
  for (size_t k = 0; k < dw_expected.size(); ++k) {
    const size_t c = k % 8;
    dw_expected[k] = gamma[c] * (dw_expected[k] - mean[c]) / std::sqrt(var[c] + eps) + beta[c];
  }
  Executor after2(g2);
  after2.Run(x);
  EXPECT_LT(MaxRelativeDifference(dw_expected, after2.Value(g2.ops[1].output)), 1e-5);
}

TEST(Transforms, EqualizationKeepsTheFunctionAndBalancesRanges) {
  const Graph original = SeparableNet(Activation::kRelu);
  Graph g = original;
  const EqualizeStats stats = EqualizeCrossLayer(&g, false);
  EXPECT_EQ(stats.pairs, 2);  // conv->dw, dw->pointwise (pointwise feeds MEAN)
  const Sample x = Samples(g, 1, 5)[0];
  Executor a(original), b(g);
  a.Run(x);
  b.Run(x);
  const std::vector<float>& ya = a.Value(original.ops[2].output);
  const std::vector<float>& yb = b.Value(g.ops[2].output);
  EXPECT_LT(MaxRelativeDifference(ya, yb), 1e-5);
  // After equalization the depthwise layer's per-channel ranges are far closer together.
  auto spread = [](const Graph& graph) {
    const Tensor& w = graph.tensors[static_cast<size_t>(graph.ops[1].inputs[1])];
    std::vector<float> r(8, 0.0f);
    for (size_t k = 0; k < w.data.size(); ++k) r[k % 8] = std::max(r[k % 8], std::fabs(w.data[k]));
    return *std::max_element(r.begin(), r.end()) / *std::min_element(r.begin(), r.end());
  };
  EXPECT_LT(spread(g), spread(original) / 3);
  // RELU6 pairs are skipped unless replacement is allowed.
  Graph relu6 = SeparableNet(Activation::kRelu6);
  EXPECT_EQ(EqualizeCrossLayer(&relu6, false).pairs, 0);
  EXPECT_EQ(EqualizeCrossLayer(&relu6, true).relu6_replaced, 2);
}

// RELU6 kept (Relu6Mode::kBounded): channels that saturate on the samples stay unscaled, the others
// are scaled only as far as their observed outputs stay below 6, so the float function is unchanged
// on the samples.
TEST(Transforms, EqualizationAcrossRelu6KeepsTheFunction) {
  const Graph original = SeparableNet(Activation::kRelu6);
  const std::vector<Sample> samples = Samples(original, 8, 40);
  auto channel_ranges = [&](const Graph& graph, int op) {
    Executor e(graph);
    std::vector<float> r(8, 0.0f);
    for (const Sample& x : samples) {
      e.Run(x);
      const std::vector<float>& v = e.Value(graph.ops[static_cast<size_t>(op)].output);
      for (size_t k = 0; k < v.size(); ++k) r[k % 8] = std::max(r[k % 8], std::fabs(v[k]));
    }
    return r;
  };
  const std::vector<float> before = channel_ranges(original, 0);
  int saturating = 0;
  for (float r : before) saturating += r >= 6.0f;
  ASSERT_GT(saturating, 0);  // the test needs both kinds of channel
  ASSERT_LT(saturating, 8);
  {
    Graph g = original;
    EqualizeOptions options;
    options.relu6 = Relu6Mode::kBounded;
    const EqualizeStats stats = EqualizeCrossLayer(&g, options, samples);
    EXPECT_EQ(stats.pairs, 2);
    EXPECT_EQ(stats.relu6_kept, 2);
    EXPECT_EQ(stats.relu6_replaced, 0);
    EXPECT_GE(stats.channels_pinned, saturating);
    EXPECT_EQ(g.ops[0].activation, Activation::kRelu6);
    Executor a(original), b(g);
    for (const Sample& x : samples) {
      a.Run(x);
      b.Run(x);
      EXPECT_LT(MaxRelativeDifference(a.Value(original.outputs[0]), b.Value(g.outputs[0])), 1e-5);
      EXPECT_LT(MaxRelativeDifference(a.Value(original.ops[2].output), b.Value(g.ops[2].output)), 1e-5);
    }
    // Saturating channels are untouched; the others moved.
    const std::vector<float> after = channel_ranges(g, 0);
    int moved = 0;
    for (size_t c = 0; c < 8; ++c) {
      if (before[c] >= 6.0f) {
        EXPECT_EQ(after[c], 6.0f) << c;
      } else {
        EXPECT_LE(after[c], 6.0f * (1 + 1e-6f)) << c;
        moved += std::fabs(after[c] - before[c]) > 1e-3f * before[c];
      }
    }
    EXPECT_GT(moved, 0);
  }
  // Without samples kBounded cannot know which channels saturate: it skips the RELU6 pairs.
  Graph g = original;
  EqualizeOptions options;
  options.relu6 = Relu6Mode::kBounded;
  EXPECT_EQ(EqualizeCrossLayer(&g, options).pairs, 0);
}

struct ModelDeleter {
  void operator()(octet_model* m) const { octet_model_destroy(m); }
};
struct SessionDeleter {
  void operator()(octet_session* s) const { octet_session_destroy(s); }
};

// Runs an octet model (float input, float output 0) on `x`.
std::vector<float> RunOctet(const std::vector<uint8_t>& bytes, const std::vector<float>& x) {
  octet_model* m = nullptr;
  EXPECT_EQ(octet_model_load_memory(bytes.data(), bytes.size(), &m), OCTET_OK) << octet_last_error();
  std::unique_ptr<octet_model, ModelDeleter> model(m);
  octet_session* s = nullptr;
  EXPECT_EQ(octet_session_create(m, nullptr, &s), OCTET_OK) << octet_last_error();
  std::unique_ptr<octet_session, SessionDeleter> session(s);
  std::memcpy(octet_session_input_data(s, 0), x.data(), x.size() * sizeof(float));
  EXPECT_EQ(octet_session_run(s), OCTET_OK) << octet_last_error();
  octet_tensor_info info;
  octet_session_output_info(s, 0, &info);
  const auto* y = static_cast<const float*>(octet_session_output_data(s, 0));
  return std::vector<float>(y, y + info.byte_size / sizeof(float));
}

// Bias correction removes the systematic per-channel error that weight rounding leaves: per-tensor
// weights (coarse for the small channels) on inputs with a non-zero mean.
TEST(Transforms, BiasCorrectionReducesTheMeanErrorPerChannel) {
  Graph g;
  g.source = "bias";
  const int in = g.AddActivation("input", {1, 6, 6, 16});
  g.inputs = {in};
  std::vector<float> w = Random(8 * 16, 21);
  for (size_t k = 0; k < w.size(); ++k) w[k] *= (k / 16 == 0) ? 4.0f : 0.05f;  // channel 0 sets the scale
  Op fc;
  fc.kind = OpKind::kConv;
  fc.name = "conv1x1";
  fc.inputs = {in, g.AddConstant("w", {8, 1, 1, 16}, w), g.AddConstant("b", {8}, std::vector<float>(8, 0.0f))};
  fc.output = g.AddActivation("out");
  g.ops.push_back(fc);
  g.outputs = {fc.output};
  ASSERT_EQ(InferShapes(&g), "");
  std::vector<Sample> samples;
  for (int k = 0; k < 32; ++k) samples.push_back({Random(6 * 6 * 16, 100 + static_cast<uint32_t>(k), 0.0f, 2.0f)});
  auto mean_abs_channel_error = [&](bool correct) {
    PipelineOptions o;
    o.per_channel = false;
    o.bias_correct = correct;
    o.bias_correction_samples = 32;
    o.evaluate = false;
    const PipelineResult r = QuantizeGraph(g, samples, o);
    EXPECT_TRUE(r.ok) << r.error;
    std::vector<double> err(8, 0.0);
    Executor ref(g);
    for (const Sample& s : samples) {
      ref.Run(s);
      const std::vector<float> q = RunOctet(r.model, s[0]);
      const std::vector<float>& f = ref.Value(g.outputs[0]);
      for (size_t k = 0; k < f.size(); ++k) err[k % 8] += q[k] - f[k];
    }
    double total = 0;
    for (double e : err) total += std::fabs(e) / (samples.size() * 36);
    return total / 8;
  };
  const double before = mean_abs_channel_error(false);
  const double after = mean_abs_channel_error(true);
  EXPECT_LT(after, 0.5 * before) << "before " << before << " after " << after;
}

// --- End to end --------------------------------------------------------------------------------

double OutputSqnr(const Graph& g, const std::vector<uint8_t>& model, const std::vector<Sample>& samples) {
  Executor ref(g);
  double sig = 0, noise = 0;
  for (const Sample& s : samples) {
    ref.Run(s);
    const std::vector<float> q = RunOctet(model, s[0]);
    const std::vector<float>& f = ref.Value(g.outputs[0]);
    EXPECT_EQ(q.size(), f.size());
    for (size_t k = 0; k < f.size() && k < q.size(); ++k) {
      sig += static_cast<double>(f[k]) * f[k];
      noise += (static_cast<double>(q[k]) - f[k]) * (static_cast<double>(q[k]) - f[k]);
    }
  }
  return SqnrDb(sig, noise);
}

// With RELU6 (saturating here) equalization skips the pairs; with RELU it applies to both.
TEST(EndToEnd, EveryCalibratorGivesARunnableAccurateModel) {
  for (Activation act : {Activation::kRelu6, Activation::kRelu}) {
    const Graph g = SeparableNet(act);
    const std::vector<Sample> samples = Samples(g, 24, 500);
    for (Method m : {Method::kMinMax, Method::kPercentile, Method::kEntropy, Method::kMse}) {
      for (bool tricks : {false, true}) {
        PipelineOptions o;
        o.calibrator.method = m;
        o.equalize = tricks;
        o.bias_correct = tricks;
        o.sensitivity_samples = 4;
        const PipelineResult r = QuantizeGraph(g, samples, o);
        ASSERT_TRUE(r.ok) << r.error;
        const double sqnr = OutputSqnr(g, r.model, samples);
        EXPECT_GT(sqnr, 25.0) << MethodName(m) << (tricks ? " +cle+bc" : "");
        // The report's output SQNR is measured on the same runtime.
        EXPECT_NEAR(r.report.output_sqnr_db, sqnr, 0.01) << MethodName(m);
        EXPECT_EQ(r.report.layers.size(), g.ops.size());
        EXPECT_FALSE(r.report.sensitivity_order.empty());
        EXPECT_GE(r.report.top1_agreement, 0.9) << ReportText(r.report);
      }
    }
  }
}

// Regression for the entropy calibrator on ReLU6 networks: the same net, large enough that every
// calibrator works from a full 2048-bin histogram, with RELU6 outputs holding many exact zeros.
// Each calibrator must come close to min/max (entropy once lost everything here).
TEST(EndToEnd, CalibratorsOnAWideRelu6Net) {
  const Graph g = SeparableNet(Activation::kRelu6, 24, 16, false);
  const std::vector<Sample> samples = Samples(g, 12, 700);
  double minmax_sqnr = 0;
  for (Method m : {Method::kMinMax, Method::kPercentile, Method::kEntropy, Method::kMse}) {
    PipelineOptions o;
    o.calibrator.method = m;
    o.sensitivity_samples = 0;
    const PipelineResult r = QuantizeGraph(g, samples, o);
    ASSERT_TRUE(r.ok) << r.error;
    if (m == Method::kMinMax) minmax_sqnr = r.report.output_sqnr_db;
    EXPECT_GT(r.report.output_sqnr_db, 25.0) << MethodName(m) << "\n" << ReportText(r.report);
    EXPECT_GT(r.report.output_sqnr_db, minmax_sqnr - 3.0) << MethodName(m);
    EXPECT_GE(r.report.top1_agreement, 0.9) << MethodName(m);
  }
}

// Sensitivity quantizes one layer alone, the rest float: it must cost no more than quantizing them
// all. With bias correction the other layers keep their uncorrected biases (a corrected bias
// compensates an error that a float layer does not make); using the corrected graph made every
// layer look worse than the whole int8 model (EfficientNet-Lite0: 27 dB alone vs 35 dB all).
TEST(EndToEnd, SensitivityOfOneLayerIsBelowTheWholeModelsError) {
  const Graph g = SeparableNet(Activation::kRelu, 16, 16, false);
  const std::vector<Sample> samples = Samples(g, 8, 800);
  for (bool bias_correct : {false, true}) {
    PipelineOptions o;
    o.calibrator.method = Method::kMinMax;
    o.per_channel = false;
    o.bias_correct = bias_correct;
    o.bias_correction_samples = 8;
    o.sensitivity_samples = 8;
    const PipelineResult r = QuantizeGraph(g, samples, o);
    ASSERT_TRUE(r.ok) << r.error;
    for (const LayerReport& layer : r.report.layers) {
      if (!layer.has_sensitivity) continue;
      EXPECT_GT(layer.sensitivity_db, r.report.output_sqnr_db - 1.0)
          << layer.name << (bias_correct ? " with bias correction\n" : "\n") << ReportText(r.report);
    }
  }
}

TEST(EndToEnd, IntegerIoAndPerTensorWeights) {
  const Graph g = SeparableNet(Activation::kRelu);
  const std::vector<Sample> samples = Samples(g, 8, 900);
  for (IoType io : {IoType::kInt8, IoType::kUint8}) {
    PipelineOptions o;
    o.input_type = io;
    o.output_type = io;
    o.per_channel = false;
    o.sensitivity_samples = 0;
    const PipelineResult r = QuantizeGraph(g, samples, o);
    ASSERT_TRUE(r.ok) << r.error;
    octet_model* m = nullptr;
    ASSERT_EQ(octet_model_load_memory(r.model.data(), r.model.size(), &m), OCTET_OK) << octet_last_error();
    octet_tensor_info info;
    octet_model_input_info(m, 0, &info);
    EXPECT_EQ(info.type, io == IoType::kInt8 ? OCTET_TYPE_INT8 : OCTET_TYPE_UINT8);
    octet_model_output_info(m, 0, &info);
    EXPECT_EQ(info.type, io == IoType::kInt8 ? OCTET_TYPE_INT8 : OCTET_TYPE_UINT8);
    EXPECT_FLOAT_EQ(info.scales[0], 1.0f / 256.0f);
    octet_model_destroy(m);
    EXPECT_GT(r.report.output_sqnr_db, 20.0);
  }
  const std::string html = ReportHtml(QuantizeGraph(g, samples, PipelineOptions{}).report);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("Sensitivity ranking"), std::string::npos);
}

// A float TFLite model written here: CONV_2D (RELU6) -> DEPTHWISE_CONV_2D -> ADD (residual) ->
// AVERAGE_POOL_2D -> RESHAPE -> FULLY_CONNECTED -> SOFTMAX, one filter in float16 behind DEQUANTIZE.
std::vector<uint8_t> FloatTflite() {
  using namespace tools::testing_tflite;  // NOLINT(build/namespaces)
  using octet::tflite::ActivationFunctionType;
  using octet::tflite::BuiltinOptions;
  using octet::tflite::Padding;
  TfliteMaker m;
  auto& fbb = m.fbb();
  const int x = m.Tensor("input", TT::FLOAT32, {1, 8, 8, 3});
  const int w1 = m.Tensor("w1", TT::FLOAT32, {8, 3, 3, 3}, {}, Bytes(Random(216, 31)));
  const int b1 = m.Tensor("b1", TT::FLOAT32, {8}, {}, Bytes(Random(8, 32)));
  const int c1 = m.Tensor("conv", TT::FLOAT32, {1, 8, 8, 8});
  m.Op(kConv, {x, w1, b1}, {c1}, BuiltinOptions::Conv2DOptions,
       octet::tflite::CreateConv2DOptions(fbb, Padding::SAME, 1, 1, ActivationFunctionType::RELU6).Union());
  std::vector<uint16_t> half;
  for (float v : Random(72, 33)) {
    // float -> float16 (normal range, truncated mantissa)
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    const uint32_t sign = bits >> 31, exponent = (bits >> 23) & 0xff, mantissa = bits & 0x7fffff;
    const int e = static_cast<int>(exponent) - 127 + 15;
    half.push_back(static_cast<uint16_t>(e <= 0 ? sign << 15
                                                : (sign << 15) | (static_cast<uint32_t>(e) << 10) | (mantissa >> 13)));
  }
  const int w2h = m.Tensor("w2_fp16", TT::FLOAT16, {1, 3, 3, 8}, {}, Bytes(half));
  const int w2 = m.Tensor("w2", TT::FLOAT32, {1, 3, 3, 8});
  m.Op(kDequantize, {w2h}, {w2});
  const int c2 = m.Tensor("dw", TT::FLOAT32, {1, 8, 8, 8});
  m.Op(kDepthwiseConv, {c1, w2, -1}, {c2}, BuiltinOptions::DepthwiseConv2DOptions,
       octet::tflite::CreateDepthwiseConv2DOptions(fbb, Padding::SAME, 1, 1, 1).Union());
  const int sum = m.Tensor("residual", TT::FLOAT32, {1, 8, 8, 8});
  m.Op(kAdd, {c1, c2}, {sum}, BuiltinOptions::AddOptions, octet::tflite::CreateAddOptions(fbb).Union());
  const int pooled = m.Tensor("pool", TT::FLOAT32, {1, 1, 1, 8});
  m.Op(kAveragePool, {sum}, {pooled}, BuiltinOptions::Pool2DOptions,
       octet::tflite::CreatePool2DOptions(fbb, Padding::VALID, 8, 8, 8, 8).Union());
  const std::vector<int32_t> shape = {1, 8};
  const int shape_t = m.Tensor("shape", TT::INT32, {2}, {}, Bytes(shape));
  const int flat = m.Tensor("flat", TT::FLOAT32, {1, 8});
  m.Op(kReshape, {pooled, shape_t}, {flat});
  const int w3 = m.Tensor("w3", TT::FLOAT32, {4, 8}, {}, Bytes(Random(32, 34)));
  const int logits = m.Tensor("logits", TT::FLOAT32, {1, 4});
  m.Op(kFullyConnected, {flat, w3, -1}, {logits});
  const int probs = m.Tensor("probs", TT::FLOAT32, {1, 4});
  m.Op(kSoftmax, {logits}, {probs}, BuiltinOptions::SoftmaxOptions,
       octet::tflite::CreateSoftmaxOptions(fbb, 1.0f).Union());
  return m.Finish({x}, {probs});
}

TEST(EndToEnd, FloatTfliteModel) {
  const std::vector<uint8_t> bytes = FloatTflite();
  ImportResult imported = ImportTflite(bytes.data(), bytes.size(), "float.tflite");
  ASSERT_TRUE(imported.ok) << imported.error;
  const Graph& g = imported.graph;
  EXPECT_EQ(g.ops.size(), 7u);
  EXPECT_EQ(g.ops[0].activation, Activation::kRelu6);
  const std::vector<Sample> samples = Samples(g, 16, 77);
  PipelineOptions o;
  o.calibrator.method = Method::kEntropy;
  const PipelineResult r = QuantizeGraph(g, samples, o);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_GT(OutputSqnr(g, r.model, samples), 25.0) << ReportText(r.report);
  for (const LayerReport& l : r.report.layers) EXPECT_GT(l.sqnr_db, 20.0) << l.name;
}

TEST(Import, UnsupportedOperatorsAreRefusedByName) {
  using namespace tools::testing_tflite;  // NOLINT(build/namespaces)
  TfliteMaker m;
  const int x = m.Tensor("x", TT::FLOAT32, {1, 4});
  const int y = m.Tensor("y", TT::FLOAT32, {1, 4});
  m.Op(kLogistic, {x}, {y});
  const std::vector<uint8_t> bytes = m.Finish({x}, {y});
  const ImportResult r = ImportTflite(bytes.data(), bytes.size(), "sigmoid.tflite");
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.error.find("LOGISTIC"), std::string::npos) << r.error;
}

#ifdef OCTET_QUANTIZE_ONNX
void AddInitializer(onnx::GraphProto* g, const std::string& name, const std::vector<int64_t>& dims,
                    const std::vector<float>& values) {
  onnx::TensorProto* t = g->add_initializer();
  t->set_name(name);
  t->set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t d : dims) t->add_dims(d);
  t->set_raw_data(std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float)));
}

onnx::NodeProto* AddNode(onnx::GraphProto* g, const std::string& type, const std::vector<std::string>& inputs,
                         const std::string& output) {
  onnx::NodeProto* n = g->add_node();
  n->set_op_type(type);
  n->set_name(output);
  for (const auto& in : inputs) n->add_input(in);
  n->add_output(output);
  return n;
}

void IntsAttr(onnx::NodeProto* n, const std::string& name, const std::vector<int64_t>& values) {
  onnx::AttributeProto* a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INTS);
  for (int64_t v : values) a->add_ints(v);
}

void IntAttr(onnx::NodeProto* n, const std::string& name, int64_t value) {
  onnx::AttributeProto* a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(value);
}

// NCHW Conv (symmetric pads, stride 2: neither SAME nor VALID -> PAD) + BatchNormalization + Clip(0,6)
// -> depthwise Conv (TF SAME pads) + Relu -> GlobalAveragePool -> Flatten -> Gemm -> Softmax.
std::string OnnxModel() {
  onnx::ModelProto model;
  model.set_ir_version(8);
  model.add_opset_import()->set_version(13);
  onnx::GraphProto* g = model.mutable_graph();
  onnx::ValueInfoProto* in = g->add_input();
  in->set_name("x");
  in->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
  for (int64_t d : {1, 3, 8, 8})
    in->mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim()->set_dim_value(d);
  AddInitializer(g, "w1", {6, 3, 3, 3}, Random(162, 41));
  AddInitializer(g, "gamma", {6}, Random(6, 42, 0.5f, 1.5f));
  AddInitializer(g, "beta", {6}, Random(6, 43));
  AddInitializer(g, "mean", {6}, Random(6, 44));
  AddInitializer(g, "var", {6}, Random(6, 45, 0.5f, 2.0f));
  AddInitializer(g, "lo", {}, {0.0f});
  AddInitializer(g, "hi", {}, {6.0f});
  AddInitializer(g, "w2", {6, 1, 3, 3}, Random(54, 46));
  AddInitializer(g, "w3", {4, 6}, Random(24, 47));
  AddInitializer(g, "b3", {4}, Random(4, 48));
  onnx::NodeProto* conv = AddNode(g, "Conv", {"x", "w1"}, "c1");
  IntsAttr(conv, "kernel_shape", {3, 3});
  IntsAttr(conv, "strides", {2, 2});
  IntsAttr(conv, "pads", {1, 1, 1, 1});
  AddNode(g, "BatchNormalization", {"c1", "gamma", "beta", "mean", "var"}, "bn");
  AddNode(g, "Clip", {"bn", "lo", "hi"}, "r1");
  onnx::NodeProto* dw = AddNode(g, "Conv", {"r1", "w2"}, "c2");
  IntsAttr(dw, "pads", {1, 1, 1, 1});
  IntAttr(dw, "group", 6);
  AddNode(g, "Relu", {"c2"}, "r2");
  AddNode(g, "GlobalAveragePool", {"r2"}, "gap");
  AddNode(g, "Flatten", {"gap"}, "flat");
  IntAttr(AddNode(g, "Gemm", {"flat", "w3", "b3"}, "logits"), "transB", 1);
  AddNode(g, "Softmax", {"logits"}, "probs");
  g->add_output()->set_name("probs");
  return model.SerializeAsString();
}

TEST(Import, OnnxModelToNhwcWithBatchNormFoldedAndPadding) {
  const std::string bytes = OnnxModel();
  const ImportResult r = ImportOnnx(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), "small.onnx");
  ASSERT_TRUE(r.ok) << r.error;
  const Graph& g = r.graph;
  std::vector<OpKind> kinds;
  for (const Op& op : g.ops) kinds.push_back(op.kind);
  EXPECT_EQ(kinds, (std::vector<OpKind>{OpKind::kPad, OpKind::kConv, OpKind::kDepthwiseConv, OpKind::kMean,
                                        OpKind::kReshape, OpKind::kFullyConnected, OpKind::kSoftmax}));
  EXPECT_EQ(g.ops[1].activation, Activation::kRelu6);
  EXPECT_FALSE(g.ops[1].same_padding);
  EXPECT_TRUE(g.ops[2].same_padding);
  EXPECT_EQ(g.ops[2].activation, Activation::kRelu);
  EXPECT_EQ(g.tensors[static_cast<size_t>(g.inputs[0])].shape, (std::vector<int>{1, 8, 8, 3}));
  EXPECT_EQ(g.tensors[static_cast<size_t>(g.ops[1].output)].shape, (std::vector<int>{1, 4, 4, 6}));
  // Filter layout: ONNX w1[o][c][y][x] -> octet [o][y][x][c], scaled by the folded BN factor.
  const std::vector<float> w1 = Random(162, 41), gamma = Random(6, 42, 0.5f, 1.5f), var = Random(6, 45, 0.5f, 2.0f);
  const Tensor& f = g.tensors[static_cast<size_t>(g.ops[1].inputs[1])];
  const float factor = gamma[5] / std::sqrt(var[5] + 1e-5f);
  EXPECT_NEAR(f.data[((5 * 3 + 1) * 3 + 2) * 3 + 0], w1[((5 * 3 + 0) * 3 + 1) * 3 + 2] * factor, 1e-5f);
  const std::vector<Sample> samples = Samples(g, 8, 3);
  const PipelineResult q = QuantizeGraph(g, samples, PipelineOptions{});
  ASSERT_TRUE(q.ok) << q.error;
  EXPECT_GT(q.report.output_sqnr_db, 25.0) << ReportText(q.report);
}
#endif  // OCTET_QUANTIZE_ONNX

// --- `octet quantize` on the command line -----------------------------------------------------

#ifdef OCTET_CLI_PATH
namespace fs = std::filesystem;

// A fresh directory per test.
fs::path WorkDir(const std::string& name) {
  const fs::path dir = fs::path(testing::TempDir()) / ("octet_quantize_cli_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void WriteBytes(const fs::path& path, const void* data, size_t size) {
  std::ofstream out(path, std::ios::binary);
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
  ASSERT_TRUE(out.good()) << path;
}

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A float32 .npy of shape (1, 8, 8, 3).
void WriteNpy(const fs::path& path, const std::vector<float>& v) {
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 8, 8, 3), }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string bytes = std::string("\x93NUMPY\x01\x00", 8);
  bytes += static_cast<char>(header.size() & 0xff);
  bytes += static_cast<char>(header.size() >> 8);
  bytes += header;
  bytes.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
  WriteBytes(path, bytes.data(), bytes.size());
}

// An 8x8 24-bit BMP with pseudo-random pixels.
void WriteBmp(const fs::path& path, uint32_t seed) {
  std::vector<uint8_t> b(54 + 8 * 8 * 3, 0);
  auto u32 = [&](size_t at, uint32_t v) {
    for (int k = 0; k < 4; ++k) b[at + static_cast<size_t>(k)] = static_cast<uint8_t>(v >> (8 * k));
  };
  b[0] = 'B';
  b[1] = 'M';
  u32(2, static_cast<uint32_t>(b.size()));
  u32(10, 54);
  u32(14, 40);
  u32(18, 8);
  u32(22, 8);
  b[26] = 1;
  b[28] = 24;
  u32(34, 8 * 8 * 3);
  std::mt19937 rng(seed);
  for (size_t k = 54; k < b.size(); ++k) b[k] = static_cast<uint8_t>(rng() & 0xff);
  WriteBytes(path, b.data(), b.size());
}

// Runs the octet binary with `args`; returns its exit status, stdout+stderr in *output.
int RunCli(const std::string& args, const fs::path& dir, std::string* output) {
  const fs::path log = dir / "cli_output.txt";
  const std::string command = std::string("\"") + OCTET_CLI_PATH + "\" " + args + " > \"" + log.string() + "\" 2>&1";
  const int status = std::system(command.c_str());
  *output = ReadText(log);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The octet model at `path` loads and runs on the runtime; returns output 0 as float.
std::vector<float> RunOctetFile(const fs::path& path, const std::vector<float>& x) {
  const std::string text = ReadText(path);
  return RunOctet(std::vector<uint8_t>(text.begin(), text.end()), x);
}

TEST(Cli, QuantizesAFloatTfliteWithEveryCalibratorAndOption) {
  const fs::path dir = WorkDir("tflite");
  const std::vector<uint8_t> model = FloatTflite();
  WriteBytes(dir / "float.tflite", model.data(), model.size());
  fs::create_directories(dir / "calib");
  for (uint32_t k = 0; k < 12; ++k) WriteNpy(dir / "calib" / ("x" + std::to_string(k) + ".npy"), Random(192, 300 + k));
  const ImportResult imported = ImportTflite(model.data(), model.size(), "float.tflite");
  ASSERT_TRUE(imported.ok) << imported.error;
  Executor reference(imported.graph);
  const std::vector<float> x = Random(192, 300);
  reference.Run({x});
  const std::vector<float> expected = reference.Value(imported.graph.outputs[0]);
  const std::string base = "quantize \"" + (dir / "float.tflite").string() + "\" --calib \"" +
                           (dir / "calib").string() + "\" -o \"" + (dir / "out.octet").string() + "\" --quiet ";
  for (const char* options :
       {"--calibrator minmax", "--calibrator percentile --percentile 99.9", "--calibrator entropy --bins 512",
        "--calibrator mse --per-tensor", "--equalize --bias-correct --bias-samples 4", "--equalize --equalize-relu6",
        "--calibrator entropy --equalize --bias-correct --sensitivity-samples 3"}) {
    SCOPED_TRACE(options);
    std::string output;
    fs::remove(dir / "out.octet");
    const std::string json = (dir / "report.json").string(), html = (dir / "report.html").string();
    ASSERT_EQ(RunCli(base + options + " --json \"" + json + "\" --report \"" + html + "\"", dir, &output), 0) << output;
    EXPECT_NE(output.find("output SQNR"), std::string::npos) << output;
    const std::vector<float> y = RunOctetFile(dir / "out.octet", x);
    ASSERT_EQ(y.size(), expected.size());
    for (size_t k = 0; k < y.size(); ++k) EXPECT_NEAR(y[k], expected[k], 0.1f) << k;
    const std::string report = ReadText(json);
    EXPECT_NE(report.find("\"output_sqnr_db\""), std::string::npos) << report;
    EXPECT_NE(ReadText(html).find("<svg"), std::string::npos);
  }
  // Integer I/O.
  std::string output;
  ASSERT_EQ(RunCli(base + "--input-type uint8 --output-type int8 --no-eval", dir, &output), 0) << output;
  octet_model* m = nullptr;
  const std::string bytes = ReadText(dir / "out.octet");
  ASSERT_EQ(octet_model_load_memory(bytes.data(), bytes.size(), &m), OCTET_OK) << octet_last_error();
  octet_tensor_info info;
  octet_model_input_info(m, 0, &info);
  EXPECT_EQ(info.type, OCTET_TYPE_UINT8);
  octet_model_output_info(m, 0, &info);
  EXPECT_EQ(info.type, OCTET_TYPE_INT8);
  octet_model_destroy(m);
}

TEST(Cli, ImageCalibrationWithLabels) {
  const fs::path dir = WorkDir("images");
  const std::vector<uint8_t> model = FloatTflite();
  WriteBytes(dir / "float.tflite", model.data(), model.size());
  fs::create_directories(dir / "photos");
  std::string csv = "file,class\n";
  for (uint32_t k = 0; k < 6; ++k) {
    const std::string name = "p" + std::to_string(k) + ".bmp";
    WriteBmp(dir / "photos" / name, 50 + k);
    csv += name + "," + std::to_string(k % 4) + "\n";
  }
  WriteBytes(dir / "labels.csv", csv.data(), csv.size());
  std::string output;
  ASSERT_EQ(
      RunCli("quantize \"" + (dir / "float.tflite").string() + "\" --calib \"" + (dir / "photos").string() +
                 "\" -o \"" + (dir / "out.octet").string() + "\" --crop 1 --labels \"" + (dir / "labels.csv").string() +
                 "\" --label-column class --json \"" + (dir / "r.json").string() + "\"",
             dir, &output),
      0)
      << output;
  EXPECT_NE(output.find("accuracy on 6 labeled sample(s)"), std::string::npos) << output;
  EXPECT_NE(ReadText(dir / "r.json").find("\"labeled\": 6"), std::string::npos) << ReadText(dir / "r.json");
}

TEST(Cli, ErrorsAreReported) {
  const fs::path dir = WorkDir("errors");
  const std::vector<uint8_t> model = FloatTflite();
  WriteBytes(dir / "float.tflite", model.data(), model.size());
  fs::create_directories(dir / "calib");
  WriteNpy(dir / "calib" / "x.npy", Random(192, 1));
  const std::string m = "\"" + (dir / "float.tflite").string() + "\"", calib = "\"" + (dir / "calib").string() + "\"",
                    out = "\"" + (dir / "out.octet").string() + "\"";
  std::string output;
  EXPECT_EQ(RunCli("quantize " + m + " -o " + out, dir, &output), 2) << output;  // no --calib
  EXPECT_NE(output.find("--calib"), std::string::npos) << output;
  EXPECT_EQ(RunCli("quantize " + m + " --calib " + calib, dir, &output), 2) << output;  // no -o
  EXPECT_EQ(RunCli("quantize " + m + " --calib " + calib + " -o " + out + " --calibrator kl", dir, &output), 2);
  EXPECT_NE(output.find("--calibrator"), std::string::npos) << output;
  EXPECT_EQ(RunCli("quantize " + m + " --calib " + calib + " -o " + out + " --percentile 20 --calibrator percentile",
                   dir, &output),
            2);
  EXPECT_EQ(
      RunCli("quantize \"" + (dir / "missing.tflite").string() + "\" --calib " + calib + " -o " + out, dir, &output),
      1);
  // A tensor of the wrong size, and an unsupported operator, are named.
  WriteNpy(dir / "calib" / "y.npy", Random(10, 1));
  EXPECT_EQ(RunCli("quantize " + m + " --calib " + calib + " -o " + out, dir, &output), 1) << output;
  fs::remove(dir / "calib" / "y.npy");
  {
    using namespace tools::testing_tflite;  // NOLINT(build/namespaces)
    TfliteMaker maker;
    const int x = maker.Tensor("x", TT::FLOAT32, {1, 4});
    const int y = maker.Tensor("y", TT::FLOAT32, {1, 4});
    maker.Op(kLogistic, {x}, {y});
    const std::vector<uint8_t> bytes = maker.Finish({x}, {y});
    WriteBytes(dir / "sigmoid.tflite", bytes.data(), bytes.size());
  }
  EXPECT_EQ(
      RunCli("quantize \"" + (dir / "sigmoid.tflite").string() + "\" --calib " + calib + " -o " + out, dir, &output),
      1);
  EXPECT_NE(output.find("LOGISTIC"), std::string::npos) << output;
  EXPECT_FALSE(fs::exists(dir / "out.octet"));
  EXPECT_EQ(RunCli("quantize --help", dir, &output), 0);
  EXPECT_NE(output.find("--equalize-relu6"), std::string::npos);
}

#ifdef OCTET_QUANTIZE_ONNX
TEST(Cli, OnnxModel) {
  const fs::path dir = WorkDir("onnx");
  const std::string model = OnnxModel();
  WriteBytes(dir / "small.onnx", model.data(), model.size());
  fs::create_directories(dir / "calib");
  for (uint32_t k = 0; k < 8; ++k) WriteNpy(dir / "calib" / ("x" + std::to_string(k) + ".npy"), Random(192, 40 + k));
  std::string output;
  ASSERT_EQ(RunCli("quantize \"" + (dir / "small.onnx").string() + "\" --calib \"" + (dir / "calib").string() +
                       "\" -o \"" + (dir / "out.octet").string() + "\" --calibrator mse --equalize --bias-correct",
                   dir, &output),
            0)
      << output;
  EXPECT_NE(output.find("folded 1 BatchNormalization"), std::string::npos) << output;
  EXPECT_EQ(RunOctetFile(dir / "out.octet", Random(192, 40)).size(), 4u);
}
#endif  // OCTET_QUANTIZE_ONNX
#endif  // OCTET_CLI_PATH

}  // namespace
}  // namespace octet::quantize
