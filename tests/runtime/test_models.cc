#include "tests/runtime/test_models.h"

#include "tests/testing/replicable_random.h"

namespace octet::testing {

std::vector<uint8_t> BuildSmallInt8Model(uint64_t seed) {
  using schema::TensorType;
  ReplicableRandom rng(seed);
  tools::ModelBuilder b;
  auto& fbb = b.builder();
  const int in_u8 = b.AddTensor("image", TensorType::UINT8, {1, 8, 8, 3}, tools::PerTensor(0.0078125f, 128));
  const int in_s8 = b.AddTensor("image_int8", TensorType::INT8, {1, 8, 8, 3}, tools::PerTensor(0.0078125f, 0));
  b.AddOperator(schema::OpType::QUANTIZE, {in_u8}, {in_s8});

  const std::vector<float> conv_scales = {0.01f, 0.02f, 0.015f, 0.005f};
  const int conv_w = b.AddConstant("conv/weights", TensorType::INT8, {4, 3, 3, 3}, rng.Ints<int8_t>(4 * 27, -127, 127),
                                   tools::QuantSpec{conv_scales, {0, 0, 0, 0}, 0});
  std::vector<float> bias_scales;
  for (float s : conv_scales) bias_scales.push_back(s * 0.0078125f);
  const int conv_b = b.AddConstant("conv/bias", TensorType::INT32, {4}, rng.Ints<int32_t>(4, -500, 500),
                                   tools::QuantSpec{bias_scales, {0, 0, 0, 0}, 0});
  const int conv_out = b.AddTensor("conv", TensorType::INT8, {1, 8, 8, 4}, tools::PerTensor(0.05f, -128));
  b.AddOperator(schema::OpType::CONV_2D, {in_s8, conv_w, conv_b}, {conv_out}, schema::OperatorOptions::Conv2DOptions,
                schema::CreateConv2DOptions(fbb, schema::Padding::SAME, 1, 1, 1, 1, schema::Activation::RELU6).Union());

  const int dw_w = b.AddConstant("dw/weights", TensorType::INT8, {1, 3, 3, 8}, rng.Ints<int8_t>(72, -127, 127),
                                 tools::QuantSpec{std::vector<float>(8, 0.02f), std::vector<int64_t>(8, 0), 3});
  const int dw_out = b.AddTensor("dw", TensorType::INT8, {1, 4, 4, 8}, tools::PerTensor(0.1f, -3));
  b.AddOperator(schema::OpType::DEPTHWISE_CONV_2D, {conv_out, dw_w, -1}, {dw_out},
                schema::OperatorOptions::DepthwiseConv2DOptions,
                schema::CreateDepthwiseConv2DOptions(fbb, schema::Padding::SAME, 2, 2, 1, 1, 2).Union());

  const std::vector<int> axes = {1, 2};
  const int mean_out = b.AddTensor("mean", TensorType::INT8, {1, 8}, tools::PerTensor(0.05f, 2));
  b.AddOperator(schema::OpType::MEAN, {dw_out}, {mean_out}, schema::OperatorOptions::MeanOptions,
                schema::CreateMeanOptionsDirect(fbb, &axes, false).Union());

  const int fc_w = b.AddConstant("fc/weights", TensorType::INT8, {5, 8}, rng.Ints<int8_t>(40, -127, 127),
                                 tools::QuantSpec{std::vector<float>(5, 0.03f), std::vector<int64_t>(5, 0), 0});
  const int fc_out = b.AddTensor("logits", TensorType::INT8, {1, 5}, tools::PerTensor(0.1f, 0));
  b.AddOperator(schema::OpType::FULLY_CONNECTED, {mean_out, fc_w}, {fc_out});

  const int probs = b.AddTensor("probs", TensorType::INT8, {1, 5}, tools::PerTensor(1.0f / 256, -128));
  b.AddOperator(schema::OpType::SOFTMAX, {fc_out}, {probs}, schema::OperatorOptions::SoftmaxOptions,
                schema::CreateSoftmaxOptions(fbb, 1.0f).Union());
  b.SetInputs({in_u8});
  b.SetOutputs({probs});
  b.SetMetadata("octet tests", "BuildSmallInt8Model", "a small conv/dw/mean/fc/softmax model");
  return b.Finish();
}

}  // namespace octet::testing
