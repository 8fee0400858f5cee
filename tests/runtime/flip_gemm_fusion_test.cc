// QUANTIZE (XOR 0x80) + CONV_2D / FULLY_CONNECTED fusion (runtime/graph/plan.h, runtime/ops/flip_gemm.h):
// small models where a QUANTIZE between uint8 and int8 at one scale feeds a GEMM on each of its input
// paths (row runs on RGB, direct 1x1, indirect 3x3, gathered im2col, FULLY_CONNECTED, a uint8 GEMM with
// row corrections), and where it must not fuse. At every ISA this machine runs and 1..4 threads the
// outputs must equal the reference-only session's byte for byte, and the plan must have fused exactly
// where the graph allows it (kernel names "fused" at the QUANTIZE, "xor80+<gemm kernel>" after it).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "runtime/graph/executor.h"
#include "runtime/graph/plan.h"
#include "runtime/model/model.h"
#include "tests/testing/replicable_random.h"
#include "tests/testing/session_run.h"
#include "tools/common/model_builder.h"

namespace octet {
namespace {

using schema::OpType;
using schema::TensorType;

enum class Case {
  kRgbStride2,   // [19,21,3] -> 3x3 stride 2 (row runs of 9 bytes, border runs)
  kDirect1x1,    // 40 channels -> 1x1, 72 out (direct GEMM; pre-flipped rows on VNNI)
  kIndirect3x3,  // 40 channels -> 3x3 SAME (indirection offsets, padding taps)
  kIm2col,       // 5 channels -> 3x3 dilation 2 (gathered rows, pre-flipped on VNNI)
  kFullyConnected,
  kToUint8,      // int8 input -> QUANTIZE to uint8 -> a uint8 3x3 conv (weight zero point: row sums)
  kRescale,      // the QUANTIZE changes the scale: a real requantization, not fused
  kReadTwice,    // the QUANTIZE's output also read by a later op
  kGraphOutput,  // the QUANTIZE's output is a graph output
};

constexpr int kH = 19, kW = 21;

struct Built {
  std::vector<uint8_t> bytes;
  bool fused = false;  // op 0 is the QUANTIZE, op 1 the GEMM
};

// Weights for a GEMM consuming `in_scale` activations: int8 per-channel, or uint8 per-tensor with a
// zero point; bias int32.
int Weights(tools::ModelBuilder& b, testing::ReplicableRandom& rng, bool uint8, const std::vector<int>& shape,
            float in_scale, int* bias) {
  size_t count = 1;
  for (int d : shape) count *= static_cast<size_t>(d);
  const int out_c = shape[0];
  std::vector<float> scales;
  int w;
  if (uint8) {
    scales.assign(1, 0.012f);
    w = b.AddConstant("w", TensorType::UINT8, shape, rng.Ints<uint8_t>(count, 0, 255), tools::PerTensor(0.012f, 119));
  } else {
    for (int c = 0; c < out_c; ++c) scales.push_back(0.004f + 0.0007f * static_cast<float>(c % 5));
    w = b.AddConstant("w", TensorType::INT8, shape, rng.Ints<int8_t>(count, -127, 127),
                      tools::QuantSpec{scales, std::vector<int64_t>(scales.size(), 0), 0});
  }
  std::vector<float> bias_scales;
  for (float s : scales) bias_scales.push_back(s * in_scale);
  *bias = b.AddConstant("bias", TensorType::INT32, {out_c}, rng.Ints<int32_t>(static_cast<size_t>(out_c), -4000, 4000),
                        tools::QuantSpec{bias_scales, std::vector<int64_t>(bias_scales.size(), 0), 0});
  return w;
}

Built BuildCase(Case c) {
  tools::ModelBuilder b;
  testing::ReplicableRandom rng(static_cast<uint64_t>(c) + 11);
  Built built;
  const bool to_uint8 = c == Case::kToUint8;
  const TensorType in_type = to_uint8 ? TensorType::INT8 : TensorType::UINT8;
  const TensorType model_type = to_uint8 ? TensorType::UINT8 : TensorType::INT8;
  const int in_zp = to_uint8 ? -7 : 121;  // the quantized model's zero point is in_zp -+ 128
  const int model_zp = to_uint8 ? in_zp + 128 : in_zp - 128;
  const float scale = 0.02f;
  int channels = 40;
  if (c == Case::kRgbStride2 || c == Case::kToUint8) channels = 3;
  if (c == Case::kIm2col) channels = 5;
  std::vector<int> shape = {1, kH, kW, channels};
  if (c == Case::kFullyConnected) shape = {133, 48};
  const int x = b.AddTensor("x", in_type, shape, tools::PerTensor(scale, in_zp));
  const float q_scale = c == Case::kRescale ? 0.03f : scale;
  const int q = b.AddTensor("q", model_type, shape, tools::PerTensor(q_scale, model_zp));
  b.AddOperator(OpType::QUANTIZE, {x}, {q});
  std::vector<int> outputs;
  const int out_zp = to_uint8 ? 128 + 3 : 3;
  int y;
  if (c == Case::kFullyConnected) {
    int bias;
    const int w = Weights(b, rng, false, {120, 48}, q_scale, &bias);
    y = b.AddTensor("y", model_type, {133, 120}, tools::PerTensor(0.05f, out_zp));
    b.AddOperator(OpType::FULLY_CONNECTED, {q, w, bias}, {y});
  } else {
    const int k = c == Case::kDirect1x1 ? 1 : 3;
    const int stride = c == Case::kRgbStride2 || c == Case::kToUint8 ? 2 : 1;
    const int dilation = c == Case::kIm2col ? 2 : 1;
    const int out_c = c == Case::kDirect1x1 ? 72 : 24;
    int bias;
    const int w = Weights(b, rng, to_uint8, {out_c, k, k, channels}, q_scale, &bias);
    const int oh = (kH + stride - 1) / stride, ow = (kW + stride - 1) / stride;
    y = b.AddTensor("y", model_type, {1, oh, ow, out_c}, tools::PerTensor(0.05f, out_zp));
    b.AddOperator(OpType::CONV_2D, {q, w, bias}, {y}, schema::OperatorOptions::Conv2DOptions,
                  schema::CreateConv2DOptions(b.builder(), schema::Padding::SAME, stride, stride, dilation, dilation,
                                              schema::Activation::RELU6)
                      .Union());
  }
  outputs.push_back(y);
  if (c == Case::kReadTwice) {
    const int z = b.AddTensor("z", model_type, shape, tools::PerTensor(0.02f, 1));
    b.AddOperator(OpType::ADD, {q, q}, {z}, schema::OperatorOptions::AddOptions,
                  schema::CreateAddOptions(b.builder(), schema::Activation::NONE).Union());
    outputs.push_back(z);
  }
  if (c == Case::kGraphOutput) outputs.push_back(q);
  b.SetInputs({x});
  b.SetOutputs(outputs);
  built.bytes = b.Finish();
  built.fused = c != Case::kRescale && c != Case::kReadTwice && c != Case::kGraphOutput;
  return built;
}

class FlipGemmFusion : public ::testing::TestWithParam<Case> {};

TEST_P(FlipGemmFusion, SameBytesAsReferenceAndFusedWhereAllowed) {
  const Built built = BuildCase(GetParam());
  std::shared_ptr<const Model> model;
  const Status s = Model::LoadMemory(built.bytes.data(), built.bytes.size(), &model);
  ASSERT_TRUE(s.ok()) << s.message();
  const IsaSet available = DetectedIsas() & BuiltIsas();
  for (uint64_t seed : {1, 2}) {
    const testing::SessionRun reference = testing::RunSession(model, nullptr, 1, seed);
    EXPECT_EQ(reference.fused_ops, 0) << "the reference-only plan must not fuse";
    for (int i = 0; i < static_cast<int>(Isa::kCount); ++i) {
      const Isa isa = static_cast<Isa>(i);
      if (!Has(available, isa)) continue;
      for (int threads = 1; threads <= 4; ++threads) {
        SCOPED_TRACE(std::string(IsaName(isa)) + ", " + std::to_string(threads) + " threads, seed " +
                     std::to_string(seed));
        const testing::SessionRun got = testing::RunSession(model, &isa, threads, seed);
        testing::ExpectSameOutputs(got, reference);
        ASSERT_GE(got.kernels.size(), 2u);
        if (built.fused) {
          EXPECT_EQ(got.fused_ops, 1) << got.KernelList();
          EXPECT_EQ(got.kernels[0], "fused") << got.KernelList();
          EXPECT_EQ(got.kernels[1].rfind("xor80+", 0), 0u) << got.KernelList();
        } else {
          EXPECT_EQ(got.fused_ops, 0) << got.KernelList();
          EXPECT_NE(got.kernels[0], "fused") << got.KernelList();
        }
      }
    }
  }
}

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  static const char* const kNames[] = {"RgbStride2", "Direct1x1", "Indirect3x3", "Im2col",     "FullyConnected",
                                       "ToUint8",    "Rescale",   "ReadTwice",   "GraphOutput"};
  return kNames[static_cast<int>(info.param)];
}

INSTANTIATE_TEST_SUITE_P(Cases, FlipGemmFusion,
                         ::testing::Values(Case::kRgbStride2, Case::kDirect1x1, Case::kIndirect3x3, Case::kIm2col,
                                           Case::kFullyConnected, Case::kToUint8, Case::kRescale, Case::kReadTwice,
                                           Case::kGraphOutput),
                         CaseName);

}  // namespace
}  // namespace octet
