// The built-in models load through the runtime's C API, run, and behave like a classifier would
// numerically: logits spread out, activations neither saturated nor collapsed, softmax not degenerate.
#include "tools/common/builtin_models.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>

#include "octet/octet.h"
#include "octet/schema/octet_generated.h"
#include "tests/testing/replicable_random.h"

namespace octet::tools {
namespace {

struct Outputs {
  std::vector<int8_t> probabilities;
  std::vector<int8_t> logits;
  float logits_scale = 0;
  int64_t logits_zero_point = 0;
};

// Loads `bytes`, feeds a seeded random uint8 image and returns outputs 0 (and 1 if present).
Outputs RunOnRandomImage(const std::vector<uint8_t>& bytes, uint64_t image_seed) {
  Outputs result;
  octet_model* model = nullptr;
  EXPECT_EQ(octet_model_load_memory(bytes.data(), bytes.size(), &model), OCTET_OK) << octet_last_error();
  if (model == nullptr) return result;
  octet_session* session = nullptr;
  EXPECT_EQ(octet_session_create(model, nullptr, &session), OCTET_OK) << octet_last_error();
  if (session != nullptr) {
    octet_tensor_info in;
    EXPECT_EQ(octet_session_input_info(session, 0, &in), OCTET_OK);
    EXPECT_EQ(in.type, OCTET_TYPE_UINT8);
    testing::ReplicableRandom random(image_seed);
    const std::vector<uint8_t> image = random.Ints<uint8_t>(in.byte_size, 0, 255);
    std::memcpy(octet_session_input_data(session, 0), image.data(), image.size());
    EXPECT_EQ(octet_session_run(session), OCTET_OK) << octet_last_error();
    for (int i = 0; i < octet_model_num_outputs(model); ++i) {
      octet_tensor_info out;
      EXPECT_EQ(octet_session_output_info(session, i, &out), OCTET_OK);
      EXPECT_EQ(out.type, OCTET_TYPE_INT8);
      const int8_t* data = static_cast<const int8_t*>(octet_session_output_data(session, i));
      std::vector<int8_t>& dst = i == 0 ? result.probabilities : result.logits;
      dst.assign(data, data + out.byte_size);
      if (i == 1) {
        result.logits_scale = out.scales[0];
        result.logits_zero_point = out.zero_points[0];
      }
    }
    octet_session_destroy(session);
  }
  octet_model_destroy(model);
  return result;
}

class BuiltinModelTest : public ::testing::TestWithParam<std::string> {};

TEST_P(BuiltinModelTest, ShapesAndTypesMatchTheDescription) {
  std::vector<uint8_t> bytes;
  std::string error;
  ASSERT_TRUE(BuildBuiltinModel(GetParam(), BuiltinOptions{}, &bytes, &error)) << error;
  octet_model* model = nullptr;
  ASSERT_EQ(octet_model_load_memory(bytes.data(), bytes.size(), &model), OCTET_OK) << octet_last_error();
  const int resolution = GetParam() == "mobilenet_v1_0.25_128" ? 128 : 224;
  octet_tensor_info in, out;
  ASSERT_EQ(octet_model_input_info(model, 0, &in), OCTET_OK);
  ASSERT_EQ(octet_model_output_info(model, 0, &out), OCTET_OK);
  EXPECT_EQ(in.type, OCTET_TYPE_UINT8);
  ASSERT_EQ(in.rank, 4);
  EXPECT_EQ(in.shape[1], resolution);
  EXPECT_EQ(in.shape[2], resolution);
  EXPECT_EQ(in.shape[3], 3);
  EXPECT_EQ(in.zero_points[0], 128);
  EXPECT_EQ(out.type, OCTET_TYPE_INT8);
  ASSERT_EQ(out.rank, 2);
  EXPECT_EQ(out.shape[1], 1001);
  EXPECT_FLOAT_EQ(out.scales[0], 1.0f / 256.0f);
  EXPECT_EQ(out.zero_points[0], -128);
  EXPECT_GT(octet_model_arena_size(model), 0u);
  octet_model_destroy(model);

  // Structure read back from the file: the weights are int8 in [-127, 127], per channel.
  const schema::Model* m = schema::GetModel(bytes.data());
  int convs = 0, depthwise = 0, adds = 0;
  for (const schema::Operator* op : *m->operators()) {
    if (op->type() == schema::OpType::CONV_2D) ++convs;
    if (op->type() == schema::OpType::DEPTHWISE_CONV_2D) ++depthwise;
    if (op->type() == schema::OpType::ADD) ++adds;
    if (op->type() != schema::OpType::CONV_2D && op->type() != schema::OpType::DEPTHWISE_CONV_2D &&
        op->type() != schema::OpType::FULLY_CONNECTED) {
      continue;
    }
    const schema::Tensor* filter = m->tensors()->Get(op->inputs()->Get(1));
    ASSERT_EQ(filter->type(), schema::TensorType::INT8);
    const int axis = op->type() == schema::OpType::DEPTHWISE_CONV_2D ? 3 : 0;
    EXPECT_EQ(filter->quantization()->axis(), axis);
    EXPECT_EQ(static_cast<int>(filter->quantization()->scale()->size()), filter->shape()->Get(axis));
    const auto* data = m->buffers()->Get(filter->buffer())->data();
    for (uint8_t byte : *data) ASSERT_NE(static_cast<int8_t>(byte), -128);
  }
  if (GetParam() == "mobilenet_v2") {
    EXPECT_EQ(convs, 1 + 16 + 17 + 1);  // first, 16 expands (block 0 has none), 17 projects, last
    EXPECT_EQ(depthwise, 17);
    EXPECT_EQ(adds, 10);  // stride-1 blocks whose input and output channels agree
  } else {
    EXPECT_EQ(convs, 1 + 13 + 1);
    EXPECT_EQ(depthwise, 13);
    EXPECT_EQ(adds, 0);
  }
}

TEST_P(BuiltinModelTest, RandomImageGivesSpreadLogitsAndNonDegenerateSoftmax) {
  std::vector<uint8_t> bytes;
  std::string error;
  BuiltinOptions options;
  options.expose_logits = true;
  ASSERT_TRUE(BuildBuiltinModel(GetParam(), options, &bytes, &error)) << error;
  const Outputs out = RunOnRandomImage(bytes, 7);
  ASSERT_EQ(out.probabilities.size(), 1001u);
  ASSERT_EQ(out.logits.size(), 1001u);

  // Logits: many distinct values, few at the int8 limits (no saturation, no collapse).
  const std::set<int8_t> distinct(out.logits.begin(), out.logits.end());
  EXPECT_GE(distinct.size(), 40u);
  const auto saturated =
      std::count_if(out.logits.begin(), out.logits.end(), [](int8_t v) { return v == -128 || v == 127; });
  EXPECT_LE(saturated, 10);
  double sum = 0, squares = 0;
  for (int8_t q : out.logits) {
    const double real = out.logits_scale * (q - out.logits_zero_point);
    sum += real;
    squares += real * real;
  }
  const double mean = sum / 1001, stddev = std::sqrt(squares / 1001 - mean * mean);
  EXPECT_GT(stddev, 0.5);
  EXPECT_LT(stddev, 8.0);

  // Softmax: not one-hot (the top class below 0.9) and not flat (the top class well above
  // uniform, several classes non-zero), and it still sums to about 1.
  const int8_t top = *std::max_element(out.probabilities.begin(), out.probabilities.end());
  EXPECT_LT(top + 128, 230);
  EXPECT_GT(top + 128, 2);
  const auto nonzero =
      std::count_if(out.probabilities.begin(), out.probabilities.end(), [](int8_t v) { return v > -128; });
  EXPECT_GE(nonzero, 5);
  double total = 0;
  for (int8_t q : out.probabilities) total += (q + 128) / 256.0;
  EXPECT_NEAR(total, 1.0, 0.5);  // rounding each of 1001 entries to 1/256 loses up to half of it

  // A different image gives different logits: the network is not ignoring its input.
  const Outputs other = RunOnRandomImage(bytes, 8);
  EXPECT_NE(other.logits, out.logits);
}

// Every layer's output uses its int8 range: few values pinned at the top (saturation), a spread
// of many levels (no collapse), and for linear layers few pinned at the bottom either.
TEST_P(BuiltinModelTest, ActivationsNeitherSaturateNorCollapse) {
  std::vector<uint8_t> bytes;
  std::string error;
  BuiltinOptions options;
  options.expose_activations = true;
  ASSERT_TRUE(BuildBuiltinModel(GetParam(), options, &bytes, &error)) << error;
  octet_model* model = nullptr;
  ASSERT_EQ(octet_model_load_memory(bytes.data(), bytes.size(), &model), OCTET_OK) << octet_last_error();
  octet_session* session = nullptr;
  ASSERT_EQ(octet_session_create(model, nullptr, &session), OCTET_OK) << octet_last_error();
  octet_tensor_info in;
  ASSERT_EQ(octet_session_input_info(session, 0, &in), OCTET_OK);
  testing::ReplicableRandom random(11);
  const std::vector<uint8_t> image = random.Ints<uint8_t>(in.byte_size, 0, 255);
  std::memcpy(octet_session_input_data(session, 0), image.data(), image.size());
  ASSERT_EQ(octet_session_run(session), OCTET_OK) << octet_last_error();
  const int outputs = octet_model_num_outputs(model);
  EXPECT_GT(outputs, 20);
  for (int i = 1; i < outputs; ++i) {
    octet_tensor_info info;
    ASSERT_EQ(octet_session_output_info(session, i, &info), OCTET_OK);
    const int8_t* data = static_cast<const int8_t*>(octet_session_output_data(session, i));
    const size_t n = info.byte_size;
    size_t at_max = 0, at_min = 0;
    double sum = 0, squares = 0;
    for (size_t k = 0; k < n; ++k) {
      at_max += data[k] == 127;
      at_min += data[k] == -128;
      sum += data[k];
      squares += static_cast<double>(data[k]) * data[k];
    }
    const double mean = sum / static_cast<double>(n);
    const double stddev = std::sqrt(std::max(0.0, squares / static_cast<double>(n) - mean * mean));
    SCOPED_TRACE(std::string(info.name) + ": " + std::to_string(100.0 * at_max / n) + "% at 127, " +
                 std::to_string(100.0 * at_min / n) + "% at -128, mean " + std::to_string(mean) + ", stddev " +
                 std::to_string(stddev));
    EXPECT_LE(at_max, n / 50 + 1);
    if (info.zero_points[0] != -128) {
      EXPECT_LE(at_min, n / 50 + 1);
    }
    EXPECT_GE(stddev, 8.0);
  }
  octet_session_destroy(session);
  octet_model_destroy(model);
}

TEST_P(BuiltinModelTest, SameSeedSameBytesOtherSeedOtherWeights) {
  std::vector<uint8_t> a, b, c;
  std::string error;
  ASSERT_TRUE(BuildBuiltinModel(GetParam(), BuiltinOptions{}, &a, &error));
  ASSERT_TRUE(BuildBuiltinModel(GetParam(), BuiltinOptions{}, &b, &error));
  BuiltinOptions other;
  other.seed = 2;
  ASSERT_TRUE(BuildBuiltinModel(GetParam(), other, &c, &error));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

// The small model always; the full-size ones too (they take a few seconds in debug builds).
INSTANTIATE_TEST_SUITE_P(All, BuiltinModelTest,
                         ::testing::Values("mobilenet_v1_0.25_128", "mobilenet_v1", "mobilenet_v2"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string name = param_info.param;
                           std::replace(name.begin(), name.end(), '.', '_');
                           return name;
                         });

TEST(BuiltinModelsTest, ListAndUnknownName) {
  ASSERT_EQ(BuiltinModels().size(), 3u);
  EXPECT_TRUE(IsBuiltinModel("mobilenet_v2"));
  EXPECT_FALSE(IsBuiltinModel("mobilenet_v3"));
  std::vector<uint8_t> bytes;
  std::string error;
  EXPECT_FALSE(BuildBuiltinModel("mobilenet_v3", BuiltinOptions{}, &bytes, &error));
  EXPECT_NE(error.find("mobilenet_v3"), std::string::npos);
  EXPECT_NE(error.find("mobilenet_v1_0.25_128"), std::string::npos) << "the message lists the known names";
}

}  // namespace
}  // namespace octet::tools
