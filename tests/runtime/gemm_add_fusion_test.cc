// CONV_2D / FULLY_CONNECTED + ADD fusion (runtime/graph/plan.h, runtime/ops/gemm_add.h): small models
// with the patterns that may and may not fuse, int8 and uint8, at every ISA this machine runs and 1..4
// threads. Outputs must equal the reference-only session's byte for byte, and the plan must have fused
// exactly where the graph allows it (kernel names "<gemm kernel>+add" and "fused").
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
  kFused,         // X -> 1x1 -> E -> 1x1 -> T; ADD(T, X) -> 1x1: fused (ADD in place over T)
  kFusedSwapped,  // same with ADD(X, T)
  kFused3x3,      // the second conv 3x3 SAME (an indirect GEMM): fused
  kFusedOverR,    // R = 1x1(X), T = 1x1(X); ADD(R, T) in place over R: fused
  kFusedFC,       // FC [rows, depth] -> T; ADD(T, X2) with X2 a second graph input: fused
  kNotNext,       // another op between the conv and the ADD
  kReadTwice,     // T also read by a later op
  kGraphOutput,   // T is a graph output
  kBroadcast,     // ADD(T, constant [C])
  kOverlapInput,  // E -> 3x3 -> T; ADD(E, T) runs in place over E, the conv's input
};

struct Built {
  std::vector<uint8_t> bytes;
  int fused_op = -1;  // the op expected to run the fused kernel, -1 none
};

class Builder {
 public:
  explicit Builder(bool uint8) : uint8_(uint8), rng_(uint8 ? 7 : 3) {}
  tools::ModelBuilder& b() { return b_; }
  TensorType type() const { return uint8_ ? TensorType::UINT8 : TensorType::INT8; }
  int zp(int z) const { return uint8_ ? z + 128 : z; }
  int Act(const std::string& name, const std::vector<int>& shape, float scale, int z) {
    return b_.AddTensor(name, type(), shape, tools::PerTensor(scale, zp(z)));
  }
  // Weights: int8 per-channel (zero point 0), uint8 per-tensor with a zero point.
  int Weights(const std::string& name, const std::vector<int>& shape, float in_scale, int* bias) {
    size_t count = 1;
    for (int d : shape) count *= static_cast<size_t>(d);
    const int out_c = shape[0];
    std::vector<float> scales;
    int w;
    if (uint8_) {
      scales.assign(1, 0.011f);
      w = b_.AddConstant(name, type(), shape, rng_.Ints<uint8_t>(count, 0, 255), tools::PerTensor(0.011f, 121));
    } else {
      for (int c = 0; c < out_c; ++c) scales.push_back(0.004f + 0.0005f * static_cast<float>(c % 7));
      w = b_.AddConstant(name, type(), shape, rng_.Ints<int8_t>(count, -127, 127),
                         tools::QuantSpec{scales, std::vector<int64_t>(scales.size(), 0), 0});
    }
    std::vector<float> bias_scales;
    for (float s : scales) bias_scales.push_back(s * in_scale);
    *bias = b_.AddConstant(name + "/bias", TensorType::INT32, {out_c},
                           rng_.Ints<int32_t>(static_cast<size_t>(out_c), -3000, 3000),
                           tools::QuantSpec{bias_scales, std::vector<int64_t>(bias_scales.size(), 0), 0});
    return w;
  }
  // A conv with `out_c` channels and a k x k filter, SAME, stride 1.
  void Conv(int in, const std::vector<int>& in_shape, float in_scale, int k, int out,
            schema::Activation act = schema::Activation::NONE) {
    const int out_c = out_channels_;
    int bias;
    const int w =
        Weights("w" + std::to_string(in) + "_" + std::to_string(out), {out_c, k, k, in_shape[3]}, in_scale, &bias);
    b_.AddOperator(OpType::CONV_2D, {in, w, bias}, {out}, schema::OperatorOptions::Conv2DOptions,
                   schema::CreateConv2DOptions(b_.builder(), schema::Padding::SAME, 1, 1, 1, 1, act).Union());
  }
  void Add(int a, int c, int out, schema::Activation act = schema::Activation::NONE) {
    b_.AddOperator(OpType::ADD, {a, c}, {out}, schema::OperatorOptions::AddOptions,
                   schema::CreateAddOptions(b_.builder(), act).Union());
  }
  int out_channels_ = 0;
  testing::ReplicableRandom& rng() { return rng_; }

 private:
  bool uint8_;
  tools::ModelBuilder b_;
  testing::ReplicableRandom rng_;
};

// Spatial size 19 x 21 (399 rows: a tail tile, and several fused groups of tiles at 40 channels).
constexpr int kH = 19, kW = 21, kC = 40, kE = 72;

Built BuildCase(Case c, bool uint8) {
  Builder m(uint8);
  Built built;
  const std::vector<int> xs = {1, kH, kW, kC}, es = {1, kH, kW, kE};
  const float sx = 0.04f, se = 0.03f;
  const int x = m.Act("x", xs, sx, 5);
  std::vector<int> inputs = {x}, outputs;
  switch (c) {
    case Case::kFused:
    case Case::kFusedSwapped:
    case Case::kFused3x3:
    case Case::kNotNext:
    case Case::kReadTwice:
    case Case::kGraphOutput:
    case Case::kBroadcast: {
      const int e = m.Act("e", es, se, -128);
      m.out_channels_ = kE;
      m.Conv(x, xs, sx, 1, e, schema::Activation::RELU6);
      const int t = m.Act("t", xs, 0.05f, -3);
      m.out_channels_ = kC;
      m.Conv(e, es, se, c == Case::kFused3x3 ? 3 : 1, t);
      if (c == Case::kNotNext) {
        const int z = m.Act("z", xs, 0.05f, 1);
        m.Conv(x, xs, sx, 1, z);
        outputs.push_back(z);
      }
      const int y = m.Act("y", xs, 0.07f, -2);
      if (c == Case::kBroadcast) {
        std::vector<uint8_t> values(kC);
        for (auto& v : values) v = static_cast<uint8_t>(m.rng().Int(0, 255));
        const int bc = m.b().AddConstant("bc", m.type(), {kC}, values, tools::PerTensor(0.03f, m.zp(4)));
        m.Add(t, bc, y);
        // y has T's shape; add the block input too so the model keeps the residual.
        const int y2 = m.Act("y2", xs, 0.08f, 0);
        m.Add(y, x, y2);
        outputs.push_back(y2);
      } else {
        if (c == Case::kFusedSwapped) {
          m.Add(x, t, y, schema::Activation::RELU);
        } else {
          m.Add(t, x, y);
        }
        // A consumer, as in a network: y is then no graph output, so the ADD runs in place over T.
        const int head = m.Act("head", xs, 0.06f, 0);
        m.Conv(y, xs, 0.07f, 1, head);
        outputs.push_back(head);
      }
      if (c == Case::kReadTwice) {
        const int z = m.Act("z2", xs, 0.05f, 1);
        m.Conv(t, xs, 0.05f, 1, z);
        outputs.push_back(z);
      }
      if (c == Case::kGraphOutput) outputs.push_back(t);
      if (c == Case::kFused || c == Case::kFusedSwapped || c == Case::kFused3x3) built.fused_op = 1;
      break;
    }
    case Case::kFusedOverR: {
      m.out_channels_ = kC;
      const int r = m.Act("r", xs, 0.05f, 7);
      m.Conv(x, xs, sx, 1, r);
      const int t = m.Act("t", xs, 0.045f, -9);
      m.Conv(x, xs, sx, 1, t);
      const int y = m.Act("y", xs, 0.07f, -2);
      m.Add(r, t, y);
      outputs.push_back(y);
      built.fused_op = 1;
      break;
    }
    case Case::kOverlapInput: {
      m.out_channels_ = kC;
      const int e = m.Act("e", xs, 0.05f, 7);
      m.Conv(x, xs, sx, 1, e);
      const int t = m.Act("t", xs, 0.045f, -9);
      // 3x3: each output row reads its neighbours' input rows, which a fused ADD would overwrite.
      m.Conv(e, xs, 0.05f, 3, t);
      const int y = m.Act("y", xs, 0.07f, -2);
      m.Add(e, t, y);
      const int head = m.Act("head", xs, 0.06f, 0);
      m.Conv(y, xs, 0.07f, 1, head);
      outputs.push_back(head);
      break;
    }
    case Case::kFusedFC: {
      // x viewed as [rows, depth] by FULLY_CONNECTED (399 * 40 elements = 133 x 120).
      const int x2 = m.Act("x2", {133, 48}, 0.06f, 3);
      inputs.push_back(x2);
      int bias;
      const int w = m.Weights("fc", {48, 120}, sx, &bias);
      const int t = m.Act("t", {133, 48}, 0.05f, -3);
      m.b().AddOperator(OpType::FULLY_CONNECTED, {x, w, bias}, {t});
      const int y = m.Act("y", {133, 48}, 0.07f, -2);
      m.Add(t, x2, y);
      outputs.push_back(y);
      built.fused_op = 0;
      break;
    }
  }
  m.b().SetInputs(inputs);
  m.b().SetOutputs(outputs);
  built.bytes = m.b().Finish();
  return built;
}

// The first operator whose kernel name ends in "+add", or kernels.size() when none does.
size_t FusedAddIndex(const testing::SessionRun& run) {
  for (size_t k = 0; k < run.kernels.size(); ++k) {
    const std::string& name = run.kernels[k];
    if (name.size() > 4 && name.compare(name.size() - 4, 4, "+add") == 0) return k;
  }
  return run.kernels.size();
}

class GemmAddFusion : public ::testing::TestWithParam<std::tuple<Case, bool>> {};

TEST_P(GemmAddFusion, SameBytesAsReferenceAndFusedWhereAllowed) {
  const Case c = std::get<0>(GetParam());
  const bool uint8 = std::get<1>(GetParam());
  const Built built = BuildCase(c, uint8);
  std::shared_ptr<const Model> model;
  const Status s = Model::LoadMemory(built.bytes.data(), built.bytes.size(), &model);
  ASSERT_TRUE(s.ok()) << s.message();
  if (c == Case::kOverlapInput) {
    // The premise: the planner ran the ADD in place over E, the conv's input.
    const auto& ops = model->operators();
    ASSERT_EQ(model->arena_offsets()[static_cast<size_t>(ops[2].outputs[0])],
              model->arena_offsets()[static_cast<size_t>(ops[1].inputs[0])]);
  }
  const IsaSet available = DetectedIsas() & BuiltIsas();
  for (uint64_t seed : {1, 2}) {
    // Twice per session: the second run starts from the first one's arena contents.
    const testing::SessionRun reference = testing::RunSession(model, nullptr, 1, seed, 2);
    EXPECT_EQ(reference.fused_ops, 0) << "the reference-only plan must not fuse";
    for (int i = 0; i < static_cast<int>(Isa::kCount); ++i) {
      const Isa isa = static_cast<Isa>(i);
      if (!Has(available, isa)) continue;
      for (int threads = 1; threads <= 4; ++threads) {
        SCOPED_TRACE(std::string(IsaName(isa)) + ", " + std::to_string(threads) + " threads, seed " +
                     std::to_string(seed));
        const testing::SessionRun got = testing::RunSession(model, &isa, threads, seed, 2);
        testing::ExpectSameOutputs(got, reference);
        const size_t fused_k = FusedAddIndex(got);
        if (built.fused_op >= 0) {
          EXPECT_EQ(got.fused_ops, 1) << got.KernelList();
          EXPECT_EQ(fused_k, static_cast<size_t>(built.fused_op)) << got.KernelList();
          ASSERT_LT(static_cast<size_t>(built.fused_op) + 1, got.kernels.size());
          EXPECT_EQ(got.kernels[static_cast<size_t>(built.fused_op) + 1], "fused");
        } else {
          EXPECT_EQ(got.fused_ops, 0) << got.KernelList();
          EXPECT_EQ(fused_k, got.kernels.size()) << got.KernelList();
          for (const std::string& name : got.kernels) EXPECT_NE(name, "fused");
        }
      }
    }
  }
}

std::string CaseName(const ::testing::TestParamInfo<std::tuple<Case, bool>>& info) {
  static const char* const kNames[] = {"Fused",   "FusedSwapped", "Fused3x3",    "FusedOverR", "FusedFC",
                                       "NotNext", "ReadTwice",    "GraphOutput", "Broadcast",  "OverlapInput"};
  return std::string(kNames[static_cast<int>(std::get<0>(info.param))]) +
         (std::get<1>(info.param) ? "_uint8" : "_int8");
}

INSTANTIATE_TEST_SUITE_P(Cases, GemmAddFusion,
                         ::testing::Combine(::testing::Values(Case::kFused, Case::kFusedSwapped, Case::kFused3x3,
                                                              Case::kFusedOverR, Case::kFusedFC, Case::kNotNext,
                                                              Case::kReadTwice, Case::kGraphOutput, Case::kBroadcast,
                                                              Case::kOverlapInput),
                                            ::testing::Bool()),
                         CaseName);

}  // namespace
}  // namespace octet
