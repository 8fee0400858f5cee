// Runtime ops against the reference kernels called directly with parameters worked out in the test
// (padding, multipliers, shapes): this checks the glue — prepare, shape inference, memory planning and
// the executor — not the kernels' arithmetic, which tests/kernels covers.
#include <gtest/gtest.h>

#include <cstring>

#include "kernels/common/quantize_multiplier.h"
#include "kernels/reference/reference.h"
#include "runtime/graph/executor.h"
#include "runtime/model/model.h"
#include "tests/runtime/test_models.h"
#include "tests/testing/replicable_random.h"

namespace octet {
namespace {

using schema::TensorType;

// Loads model bytes and runs one session with the given inputs; returns output 0's bytes.
class Runner {
 public:
  explicit Runner(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) {
    const Status s = Model::LoadMemory(bytes_.data(), bytes_.size(), &model_);
    EXPECT_TRUE(s.ok()) << s.message();
    if (s.ok()) {
      EXPECT_TRUE(Session::Create(model_, SessionOptions(), &session_).ok());
    }
  }
  bool ok() const { return session_ != nullptr; }
  template <typename T>
  void SetInput(int i, const std::vector<T>& values) {
    const int t = model_->inputs()[static_cast<size_t>(i)];
    ASSERT_EQ(values.size() * sizeof(T), model_->tensors()[static_cast<size_t>(t)].byte_size);
    std::memcpy(session_->tensor_data(t), values.data(), values.size() * sizeof(T));
  }
  template <typename T>
  std::vector<T> Run() {
    session_->Run();
    const int t = model_->outputs()[0];
    const size_t n = model_->tensors()[static_cast<size_t>(t)].byte_size / sizeof(T);
    const T* p = reinterpret_cast<const T*>(session_->tensor_data(t));
    return std::vector<T>(p, p + n);
  }
  const Model& model() const { return *model_; }

 private:
  std::vector<uint8_t> bytes_;
  std::shared_ptr<const Model> model_;
  std::unique_ptr<Session> session_;
};

TEST(RuntimeOps, Conv2DSamePaddingStride2PerChannel) {
  testing::ReplicableRandom rng(11);
  // in 8x7, 3x3, stride 2, SAME: out 4x4; rows: total (4-1)*2+3-8 = 1 -> pad_top 0;
  // cols: total (4-1)*2+3-7 = 2 -> pad_left 1.
  const auto input = rng.Ints<int8_t>(1 * 8 * 7 * 5, -128, 127);
  const auto weights = rng.Ints<int8_t>(6 * 3 * 3 * 5, -127, 127);
  const auto bias = rng.Ints<int32_t>(6, -2000, 2000);
  std::vector<float> ws = {0.01f, 0.02f, 0.03f, 0.004f, 0.05f, 0.006f};
  const float s_in = 0.04f, s_out = 0.2f;
  tools::ModelBuilder b;
  const int in = b.AddTensor("in", TensorType::INT8, {1, 8, 7, 5}, tools::PerTensor(s_in, -7));
  const int w =
      b.AddConstant("w", TensorType::INT8, {6, 3, 3, 5}, weights, tools::QuantSpec{ws, std::vector<int64_t>(6, 0), 0});
  const int bi = b.AddConstant("b", TensorType::INT32, {6}, bias);
  const int out = b.AddTensor("out", TensorType::INT8, {1, 4, 4, 6}, tools::PerTensor(s_out, 4));
  b.AddOperator(
      schema::OpType::CONV_2D, {in, w, bi}, {out}, schema::OperatorOptions::Conv2DOptions,
      schema::CreateConv2DOptions(b.builder(), schema::Padding::SAME, 2, 2, 1, 1, schema::Activation::RELU).Union());
  b.SetInputs({in});
  b.SetOutputs({out});
  Runner r(b.Finish());
  ASSERT_TRUE(r.ok());
  r.SetInput(0, input);
  const auto got = r.Run<int8_t>();

  std::vector<int32_t> m(6), sh(6);
  for (int c = 0; c < 6; ++c) {
    const QuantizedMultiplier q = QuantizeMultiplier(double{s_in} * double{ws[static_cast<size_t>(c)]} / double{s_out});
    m[static_cast<size_t>(c)] = q.multiplier;
    sh[static_cast<size_t>(c)] = q.shift;
  }
  reference::ConvParams p;
  p.input_h = 8, p.input_w = 7, p.input_c = 5, p.output_h = 4, p.output_w = 4, p.output_c = 6;
  p.filter_h = 3, p.filter_w = 3, p.filter_c = 5, p.stride_h = 2, p.stride_w = 2, p.pad_top = 0, p.pad_left = 1;
  p.input_zero_point = -7, p.output_zero_point = 4, p.multiplier = m.data(), p.shift = sh.data();
  p.act_min = 4, p.act_max = 127;  // RELU: Q(0) = zero point
  std::vector<int8_t> expected(got.size());
  reference::Conv2D(p, input.data(), weights.data(), bias.data(), expected.data());
  EXPECT_EQ(got, expected);
}

TEST(RuntimeOps, AddBroadcastsAcrossRanks) {
  testing::ReplicableRandom rng(12);
  const auto a = rng.Ints<uint8_t>(2 * 3 * 4, 0, 255);
  const auto c = rng.Ints<uint8_t>(4, 0, 255);
  tools::ModelBuilder b;
  const int ta = b.AddTensor("a", TensorType::UINT8, {2, 3, 4}, tools::PerTensor(0.1f, 128));
  const int tc = b.AddTensor("c", TensorType::UINT8, {4}, tools::PerTensor(0.3f, 10));
  const int out = b.AddTensor("out", TensorType::UINT8, {2, 3, 4}, tools::PerTensor(0.25f, 100));
  b.AddOperator(schema::OpType::ADD, {ta, tc}, {out});
  b.SetInputs({ta, tc});
  b.SetOutputs({out});
  Runner r(b.Finish());
  ASSERT_TRUE(r.ok());
  r.SetInput(0, a);
  r.SetInput(1, c);
  const auto got = r.Run<uint8_t>();
  reference::AddParams p;
  p.rank = 3;
  const int shape[3] = {2, 3, 4};
  for (int i = 0; i < 3; ++i) p.output_shape[i] = p.input1_shape[i] = shape[i];
  p.input2_shape[0] = 1, p.input2_shape[1] = 1, p.input2_shape[2] = 4;
  p.input1_zero_point = 128, p.input2_zero_point = 10, p.output_zero_point = 100;
  reference::PrepareAdd(0.1f, 0.3f, 0.25f, &p);
  p.act_min = 0, p.act_max = 255;
  std::vector<uint8_t> expected(got.size());
  reference::Add(p, a.data(), c.data(), expected.data());
  EXPECT_EQ(got, expected);
}

TEST(RuntimeOps, PadConcatMeanChain) {
  // PAD [1,2,2,3] by 1 on H and W -> [1,4,4,3]; CONCAT with itself on channels -> [1,4,4,6];
  // MEAN over H,W keep_dims -> [1,1,1,6]. Intermediate arena slots get reused.
  testing::ReplicableRandom rng(13);
  const auto x = rng.Ints<int8_t>(12, -128, 127);
  tools::ModelBuilder b;
  auto& fbb = b.builder();
  const int in = b.AddTensor("in", TensorType::INT8, {1, 2, 2, 3}, tools::PerTensor(0.5f, -5));
  const int padded = b.AddTensor("padded", TensorType::INT8, {1, 4, 4, 3}, tools::PerTensor(0.5f, -5));
  const int cat = b.AddTensor("cat", TensorType::INT8, {1, 4, 4, 6}, tools::PerTensor(0.5f, -5));
  const int mean = b.AddTensor("mean", TensorType::INT8, {1, 1, 1, 6}, tools::PerTensor(0.25f, 1));
  const std::vector<int> pads = {0, 0, 1, 1, 1, 1, 0, 0};
  b.AddOperator(schema::OpType::PAD, {in}, {padded}, schema::OperatorOptions::PadOptions,
                schema::CreatePadOptionsDirect(fbb, &pads).Union());
  b.AddOperator(schema::OpType::CONCATENATION, {padded, padded}, {cat}, schema::OperatorOptions::ConcatenationOptions,
                schema::CreateConcatenationOptions(fbb, -1).Union());
  const std::vector<int> axes = {1, 2};
  b.AddOperator(schema::OpType::MEAN, {cat}, {mean}, schema::OperatorOptions::MeanOptions,
                schema::CreateMeanOptionsDirect(fbb, &axes, true).Union());
  b.SetInputs({in});
  b.SetOutputs({mean});
  Runner r(b.Finish());
  ASSERT_TRUE(r.ok());
  r.SetInput(0, x);
  const auto got = r.Run<int8_t>();

  // Expected through the reference kernels, step by step.
  reference::PadParams pp;
  pp.rank = 4;
  const int in_shape[4] = {1, 2, 2, 3};
  for (int i = 0; i < 4; ++i) pp.input_shape[i] = in_shape[i];
  pp.before[1] = pp.before[2] = pp.after[1] = pp.after[2] = 1;
  pp.pad_value = -5;
  std::vector<int8_t> pad_out(48);
  reference::Pad(pp, x.data(), pad_out.data());
  std::vector<int8_t> cat_out(96);
  for (int pix = 0; pix < 16; ++pix) {
    for (int c = 0; c < 6; ++c)
      cat_out[static_cast<size_t>(pix * 6 + c)] = pad_out[static_cast<size_t>(pix * 3 + c % 3)];
  }
  reference::MeanParams mp;
  mp.rank = 4;
  const int cat_shape[4] = {1, 4, 4, 6};
  for (int i = 0; i < 4; ++i) mp.input_shape[i] = cat_shape[i];
  mp.reduce[1] = mp.reduce[2] = true;
  mp.input_zero_point = -5, mp.output_zero_point = 1;
  const QuantizedMultiplier q = QuantizeMultiplier(0.5 / 0.25);
  mp.multiplier = q.multiplier, mp.shift = q.shift;
  std::vector<int8_t> expected(6);
  reference::Mean(mp, cat_out.data(), expected.data());
  EXPECT_EQ(got, expected);
  // padded, cat and mean are live in sequence: the arena holds at most two of them at once.
  EXPECT_LE(r.model().arena_size(), 64u + 128u + 128u);
}

TEST(RuntimeOps, QuantizeThenDequantize) {
  tools::ModelBuilder b;
  const int in = b.AddTensor("x", TensorType::FLOAT32, {5});
  const int q = b.AddTensor("q", TensorType::INT8, {5}, tools::PerTensor(0.5f, -1));
  const int out = b.AddTensor("y", TensorType::FLOAT32, {5});
  b.AddOperator(schema::OpType::QUANTIZE, {in}, {q});
  b.AddOperator(schema::OpType::DEQUANTIZE, {q}, {out});
  b.SetInputs({in});
  b.SetOutputs({out});
  Runner r(b.Finish());
  ASSERT_TRUE(r.ok());
  // 0.25/0.5 = 0.5 -> ties away: 1 -> q = 0 -> 0.5*(0+1) = 0.5; -0.25 -> -1 -> -2 -> -0.5;
  // 100 saturates at 127 -> 64; -100 -> -128 -> -63.5; 1.0 -> 2 -> 1 -> 1.0.
  r.SetInput(0, std::vector<float>{0.25f, -0.25f, 100.0f, -100.0f, 1.0f});
  EXPECT_EQ(r.Run<float>(), (std::vector<float>{0.5f, -0.5f, 64.0f, -63.5f, 1.0f}));
}

TEST(RuntimeOps, SessionsShareOneModel) {
  const std::vector<uint8_t> bytes = testing::BuildSmallInt8Model();
  std::shared_ptr<const Model> model;
  ASSERT_TRUE(Model::LoadMemory(bytes.data(), bytes.size(), &model).ok());
  std::unique_ptr<Session> s1, s2;
  ASSERT_TRUE(Session::Create(model, SessionOptions(), &s1).ok());
  ASSERT_TRUE(Session::Create(model, SessionOptions(), &s2).ok());
  testing::ReplicableRandom rng(5);
  const auto image1 = rng.Ints<uint8_t>(192, 0, 255);
  const auto image2 = rng.Ints<uint8_t>(192, 0, 255);
  const int in = model->inputs()[0], out = model->outputs()[0];
  std::memcpy(s1->tensor_data(in), image1.data(), 192);
  std::memcpy(s2->tensor_data(in), image2.data(), 192);
  s1->Run();
  s2->Run();
  const std::vector<int8_t> out1(s1->tensor_data(out), s1->tensor_data(out) + 5);
  const std::vector<int8_t> out2(s2->tensor_data(out), s2->tensor_data(out) + 5);
  // Softmax outputs (scale 1/256, zero point -128) sum to about 256/256.
  int sum = 0;
  for (int8_t v : out1) sum += v + 128;
  EXPECT_NEAR(sum, 256, 5);
  // Session 1 again with image 2 reproduces session 2: no state leaks between sessions or runs.
  std::memcpy(s1->tensor_data(in), image2.data(), 192);
  s1->Run();
  EXPECT_EQ(std::vector<int8_t>(s1->tensor_data(out), s1->tensor_data(out) + 5), out2);
  EXPECT_NE(out1, out2);
}

}  // namespace
}  // namespace octet
