// inspect's per-operator facts: MACs, options text and weight bytes on a model built by hand.
#include "tools/octet/model_summary.h"

#include <gtest/gtest.h>

#include "tools/common/model_builder.h"

namespace octet::cli {
namespace {

using schema::TensorType;
using tools::ModelBuilder;
using tools::PerTensor;

// input [1,4,4,2] -> CONV 3x3 stride 1 SAME, 3 filters -> [1,4,4,3]
//                 -> DEPTHWISE 3x3 stride 2 SAME       -> [1,2,2,3]
//                 -> RESHAPE [1,12] -> FULLY_CONNECTED 5 -> [1,5]
std::vector<uint8_t> TinyModel() {
  ModelBuilder b;
  const auto q = PerTensor(0.5f, 0);
  const int in = b.AddTensor("in", TensorType::INT8, {1, 4, 4, 2}, q);
  const int conv_w = b.AddConstant("conv_w", TensorType::INT8, {3, 3, 3, 2}, std::vector<int8_t>(54, 1), q);
  const int conv_b = b.AddConstant("conv_b", TensorType::INT32, {3}, std::vector<int32_t>(3, 0));
  const int conv_out = b.AddTensor("conv_out", TensorType::INT8, {1, 4, 4, 3}, q);
  const int dw_w = b.AddConstant("dw_w", TensorType::INT8, {1, 3, 3, 3}, std::vector<int8_t>(27, 1), q);
  const int dw_out = b.AddTensor("dw_out", TensorType::INT8, {1, 2, 2, 3}, q);
  const int flat = b.AddTensor("flat", TensorType::INT8, {1, 12}, q);
  const int fc_w = b.AddConstant("fc_w", TensorType::INT8, {5, 12}, std::vector<int8_t>(60, 1), q);
  const int out = b.AddTensor("out", TensorType::INT8, {1, 5}, q);
  auto conv = schema::CreateConv2DOptions(b.builder(), schema::Padding::SAME, 1, 1, 1, 1, schema::Activation::RELU6);
  b.AddOperator(schema::OpType::CONV_2D, {in, conv_w, conv_b}, {conv_out}, schema::OperatorOptions::Conv2DOptions,
                conv.Union());
  auto dw = schema::CreateDepthwiseConv2DOptions(b.builder(), schema::Padding::SAME, 2, 2);
  b.AddOperator(schema::OpType::DEPTHWISE_CONV_2D, {conv_out, dw_w, -1}, {dw_out},
                schema::OperatorOptions::DepthwiseConv2DOptions, dw.Union());
  b.AddOperator(schema::OpType::RESHAPE, {dw_out}, {flat});
  auto fc = schema::CreateFullyConnectedOptions(b.builder());
  b.AddOperator(schema::OpType::FULLY_CONNECTED, {flat, fc_w, -1}, {out},
                schema::OperatorOptions::FullyConnectedOptions, fc.Union());
  b.SetInputs({in});
  b.SetOutputs({out});
  return b.Finish();
}

TEST(ModelSummaryTest, CountsMacsByHand) {
  const std::vector<uint8_t> bytes = TinyModel();
  ModelSummary summary;
  std::string error;
  ASSERT_TRUE(SummarizeModel(bytes.data(), bytes.size(), &summary, &error)) << error;
  ASSERT_EQ(summary.ops.size(), 4u);
  // CONV: 4*4 outputs * 3 channels * (3*3*2 taps) = 864. Padding taps count too (the MAC count is
  // the layer's nominal work, as papers report it).
  EXPECT_EQ(summary.ops[0].macs, 864);
  // DEPTHWISE: 2*2 outputs * 3 channels * 9 taps = 108.
  EXPECT_EQ(summary.ops[1].macs, 108);
  EXPECT_EQ(summary.ops[2].macs, 0);
  // FC: 5 outputs * 12 inputs = 60.
  EXPECT_EQ(summary.ops[3].macs, 60);
  EXPECT_EQ(summary.total_macs, 864 + 108 + 60);
  EXPECT_EQ(summary.ops[0].type, "CONV_2D");
  EXPECT_EQ(summary.ops[0].options, "3x3 stride 1 SAME RELU6");
  EXPECT_EQ(summary.ops[1].options, "3x3 stride 2 SAME");
  EXPECT_EQ(ShapeText(summary.tensors[summary.ops[1].outputs[0]].shape), "[1,2,2,3]");
  // Weight bytes: 54 + 3*4 + 27 + 60.
  EXPECT_EQ(summary.weight_bytes, 54 + 12 + 27 + 60);
}

TEST(ModelSummaryTest, RejectsGarbageAndTruncation) {
  const std::vector<uint8_t> bytes = TinyModel();
  ModelSummary summary;
  std::string error;
  EXPECT_FALSE(SummarizeModel(bytes.data(), bytes.size() / 2, &summary, &error));
  EXPECT_FALSE(error.empty());
  const std::vector<uint8_t> garbage(256, 0x5A);
  EXPECT_FALSE(SummarizeModel(garbage.data(), garbage.size(), &summary, &error));
}

}  // namespace
}  // namespace octet::cli
