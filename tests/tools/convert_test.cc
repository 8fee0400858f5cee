// Tests of the TFLite -> octet converter. TFLite files are written here with the builder generated
// from tools/convert/tflite_subset.fbs (same field slots as the public TFLite schema), so the tests
// need no external files; the shared MobileNet models are used when present.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "octet/schema/octet_generated.h"
#include "tests/testing/replicable_random.h"
#include "tests/tools/tflite_maker.h"
#include "tools/convert/tflite_to_octet.h"

namespace octet::tools {
namespace {

using namespace testing_tflite;  // NOLINT(build/namespaces): test-only helpers

ConvertResult Convert(const std::vector<uint8_t>& tflite, const std::string& name = "m.tflite") {
  return ConvertTfliteToOctet(tflite.data(), tflite.size(), name);
}

// Converts, expects success and a model that passes the octet FlatBuffers verifier.
const schema::Model* ConvertOk(const std::vector<uint8_t>& tflite, ConvertResult* result) {
  *result = Convert(tflite);
  EXPECT_TRUE(result->ok) << result->error;
  if (!result->ok) return nullptr;
  flatbuffers::Verifier verifier(result->model.data(), result->model.size());
  EXPECT_TRUE(schema::VerifyModelBuffer(verifier));
  return schema::GetModel(result->model.data());
}

std::vector<int> Ints(const flatbuffers::Vector<int32_t>* v) {
  return v ? std::vector<int>(v->begin(), v->end()) : std::vector<int>();
}

template <typename T>
std::vector<T> BufferValues(const schema::Model& model, const schema::Tensor& tensor) {
  const auto* data = model.buffers()->Get(static_cast<flatbuffers::uoffset_t>(tensor.buffer()))->data();
  std::vector<T> values(data->size() / sizeof(T));
  std::memcpy(values.data(), data->data(), values.size() * sizeof(T));
  return values;
}

void ExpectContains(const std::string& text, const std::string& part) {
  EXPECT_NE(text.find(part), std::string::npos) << "\"" << text << "\" does not contain \"" << part << "\"";
}

// A conv with per-channel weights and every option away from its default.
std::vector<uint8_t> ConvModel(int stride_w = 1) {
  TfliteMaker m;
  const int input = m.Tensor("input", TT::INT8, {1, 5, 5, 3}, PerTensorQuant(0.5f, -3));
  std::vector<int8_t> weights(4 * 3 * 3 * 3);
  for (size_t k = 0; k < weights.size(); ++k) weights[k] = static_cast<int8_t>(static_cast<int>(k % 255) - 127);
  const int filter =
      m.Tensor("filter", TT::INT8, {4, 3, 3, 3}, {{0.1f, 0.2f, 0.3f, 0.4f}, {0, 0, 0, 0}, 0}, Bytes(weights));
  const int bias = m.Tensor("bias", TT::INT32, {4}, {{0.05f, 0.1f, 0.15f, 0.2f}, {0, 0, 0, 0}, 0},
                            Bytes(std::vector<int32_t>{-100, 0, 7, 123456}));
  const int output = m.Tensor("output", TT::INT8, {1, 2, 3, 4}, PerTensorQuant(0.25f, 5));
  const auto options = tflite::CreateConv2DOptions(m.fbb(), tflite::Padding::VALID, stride_w, /*stride_h=*/2,
                                                   tflite::ActivationFunctionType::RELU6, /*dilation_w=*/2,
                                                   /*dilation_h=*/1);
  m.Op(kConv, {input, filter, bias}, {output}, tflite::BuiltinOptions::Conv2DOptions, options.Union());
  return m.Finish({input}, {output});
}

TEST(ConvertTest, Conv2DWithPerChannelWeights) {
  ConvertResult result;
  const schema::Model* model = ConvertOk(ConvModel(), &result);
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->format_version(), 1u);
  ASSERT_EQ(model->tensors()->size(), 4u);
  ASSERT_EQ(model->operators()->size(), 1u);
  EXPECT_EQ(Ints(model->inputs()), std::vector<int>{0});
  EXPECT_EQ(Ints(model->outputs()), std::vector<int>{3});

  const schema::Operator& op = *model->operators()->Get(0);
  EXPECT_EQ(op.type(), schema::OpType::CONV_2D);
  EXPECT_EQ(Ints(op.inputs()), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(Ints(op.outputs()), std::vector<int>{3});
  const auto* o = op.options_as_Conv2DOptions();
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->padding(), schema::Padding::VALID);
  EXPECT_EQ(o->stride_h(), 2);
  EXPECT_EQ(o->stride_w(), 1);
  EXPECT_EQ(o->dilation_h(), 1);
  EXPECT_EQ(o->dilation_w(), 2);
  EXPECT_EQ(o->activation(), schema::Activation::RELU6);

  const schema::Tensor& input = *model->tensors()->Get(0);
  EXPECT_EQ(input.name()->str(), "input");
  EXPECT_EQ(input.type(), schema::TensorType::INT8);
  EXPECT_EQ(Ints(input.shape()), (std::vector<int>{1, 5, 5, 3}));
  EXPECT_EQ(input.buffer(), -1);
  ASSERT_NE(input.quantization(), nullptr);
  EXPECT_EQ(input.quantization()->scale()->Get(0), 0.5f);
  EXPECT_EQ(input.quantization()->zero_point()->Get(0), -3);

  const schema::Tensor& filter = *model->tensors()->Get(1);
  EXPECT_EQ(filter.name()->str(), "filter");
  ASSERT_GE(filter.buffer(), 0);
  std::vector<int8_t> expected_weights(4 * 3 * 3 * 3);
  for (size_t k = 0; k < expected_weights.size(); ++k) {
    expected_weights[k] = static_cast<int8_t>(static_cast<int>(k % 255) - 127);
  }
  EXPECT_EQ(BufferValues<int8_t>(*model, filter), expected_weights);
  const uint8_t* filter_bytes =
      model->buffers()->Get(static_cast<flatbuffers::uoffset_t>(filter.buffer()))->data()->data();
  EXPECT_EQ((filter_bytes - result.model.data()) % 64, 0) << "constant data must start 64-byte aligned";
  const schema::Quantization& fq = *filter.quantization();
  EXPECT_EQ(std::vector<float>(fq.scale()->begin(), fq.scale()->end()), (std::vector<float>{0.1f, 0.2f, 0.3f, 0.4f}));
  EXPECT_EQ(fq.zero_point()->size(), 4u);
  EXPECT_EQ(fq.axis(), 0);

  const schema::Tensor& bias = *model->tensors()->Get(2);
  EXPECT_EQ(bias.type(), schema::TensorType::INT32);
  EXPECT_EQ(BufferValues<int32_t>(*model, bias), (std::vector<int32_t>{-100, 0, 7, 123456}));

  ASSERT_NE(model->metadata(), nullptr);
  EXPECT_EQ(model->metadata()->producer()->str(), "octet convert");
  EXPECT_EQ(model->metadata()->source_model()->str(), "m.tflite");
  ASSERT_FALSE(result.notes.empty());
  ExpectContains(result.notes[0], "CONV_2D x1");
}

TEST(ConvertTest, DepthwiseConvKeepsOptionsAndChannelAxis) {
  for (const int written_multiplier : {2, 1}) {
    TfliteMaker m;
    const int input = m.Tensor("in", TT::INT8, {1, 4, 4, 2}, PerTensorQuant(1.0f, 0));
    const std::vector<float> scales{1.0f, 2.0f, 3.0f, 4.0f};
    const int filter =
        m.Tensor("dw", TT::INT8, {1, 3, 3, 4}, {scales, {0, 0, 0, 0}, 3}, Bytes(std::vector<int8_t>(36, 1)));
    const int output = m.Tensor("out", TT::INT8, {1, 2, 2, 4}, PerTensorQuant(1.0f, 0));
    const auto options = tflite::CreateDepthwiseConv2DOptions(m.fbb(), tflite::Padding::SAME, /*stride_w=*/2,
                                                              /*stride_h=*/3, written_multiplier,
                                                              tflite::ActivationFunctionType::RELU, 4, 5);
    m.Op(kDepthwiseConv, {input, filter, -1}, {output}, tflite::BuiltinOptions::DepthwiseConv2DOptions,
         options.Union());
    ConvertResult result;
    const schema::Model* model = ConvertOk(m.Finish({input}, {output}), &result);
    ASSERT_NE(model, nullptr);
    const schema::Operator& op = *model->operators()->Get(0);
    EXPECT_EQ(op.type(), schema::OpType::DEPTHWISE_CONV_2D);
    EXPECT_EQ(Ints(op.inputs()), (std::vector<int>{0, 1, -1}));
    const auto* o = op.options_as_DepthwiseConv2DOptions();
    ASSERT_NE(o, nullptr);
    EXPECT_EQ(o->padding(), schema::Padding::SAME);
    EXPECT_EQ(o->stride_w(), 2);
    EXPECT_EQ(o->stride_h(), 3);
    EXPECT_EQ(o->dilation_w(), 4);
    EXPECT_EQ(o->dilation_h(), 5);
    EXPECT_EQ(o->activation(), schema::Activation::RELU);
    // Filter channels 4 / input channels 2 = 2: a multiplier of 2 is kept, a stale 1 becomes 0.
    EXPECT_EQ(o->depth_multiplier(), written_multiplier == 2 ? 2 : 0);
    const schema::Quantization& fq = *model->tensors()->Get(1)->quantization();
    EXPECT_EQ(fq.axis(), 3);
    EXPECT_EQ(std::vector<float>(fq.scale()->begin(), fq.scale()->end()), scales);
  }
}

TEST(ConvertTest, FullyConnectedWithoutBias) {
  TfliteMaker m;
  const int input = m.Tensor("in", TT::UINT8, {2, 3}, PerTensorQuant(0.5f, 128));
  const int weights = m.Tensor("w", TT::UINT8, {4, 3}, PerTensorQuant(0.25f, 120), Bytes(std::vector<uint8_t>(12, 9)));
  const int output = m.Tensor("out", TT::UINT8, {2, 4}, PerTensorQuant(1.0f, 3));
  const auto options = tflite::CreateFullyConnectedOptions(m.fbb(), tflite::ActivationFunctionType::RELU);
  m.Op(kFullyConnected, {input, weights, -1}, {output}, tflite::BuiltinOptions::FullyConnectedOptions, options.Union());
  ConvertResult result;
  const schema::Model* model = ConvertOk(m.Finish({input}, {output}), &result);
  ASSERT_NE(model, nullptr);
  const schema::Operator& op = *model->operators()->Get(0);
  EXPECT_EQ(op.type(), schema::OpType::FULLY_CONNECTED);
  EXPECT_EQ(Ints(op.inputs()), (std::vector<int>{0, 1, -1}));
  ASSERT_NE(op.options_as_FullyConnectedOptions(), nullptr);
  EXPECT_EQ(op.options_as_FullyConnectedOptions()->activation(), schema::Activation::RELU);
  const schema::Tensor& w = *model->tensors()->Get(1);
  EXPECT_EQ(w.type(), schema::TensorType::UINT8);
  EXPECT_EQ(w.quantization()->zero_point()->Get(0), 120);
}

// An ADD of two int8 tensors with the given fused activation.
std::vector<uint8_t> AddModel(tflite::ActivationFunctionType activation) {
  TfliteMaker m;
  const int a = m.Tensor("a", TT::INT8, {1, 2, 2, 3}, PerTensorQuant(0.1f, 1));
  const int b = m.Tensor("b", TT::INT8, {1, 2, 2, 3}, PerTensorQuant(0.2f, 2));
  const int out = m.Tensor("sum", TT::INT8, {1, 2, 2, 3}, PerTensorQuant(0.3f, 3));
  const auto options = tflite::CreateAddOptions(m.fbb(), activation);
  m.Op(kAdd, {a, b}, {out}, tflite::BuiltinOptions::AddOptions, options.Union());
  return m.Finish({a, b}, {out});
}

TEST(ConvertTest, FusedActivationsMapByName) {
  // TFLite numbers RELU_N1_TO_1 = 2, RELU6 = 3; octet numbers them the other way round.
  const std::pair<tflite::ActivationFunctionType, schema::Activation> cases[] = {
      {tflite::ActivationFunctionType::NONE, schema::Activation::NONE},
      {tflite::ActivationFunctionType::RELU, schema::Activation::RELU},
      {tflite::ActivationFunctionType::RELU_N1_TO_1, schema::Activation::RELU_N1_TO_1},
      {tflite::ActivationFunctionType::RELU6, schema::Activation::RELU6},
  };
  for (const auto& [tflite_activation, octet_activation] : cases) {
    ConvertResult result;
    const schema::Model* model = ConvertOk(AddModel(tflite_activation), &result);
    ASSERT_NE(model, nullptr);
    const schema::Operator& op = *model->operators()->Get(0);
    EXPECT_EQ(op.type(), schema::OpType::ADD);
    EXPECT_EQ(Ints(op.inputs()), (std::vector<int>{0, 1}));
    EXPECT_EQ(Ints(model->inputs()), (std::vector<int>{0, 1}));
    ASSERT_NE(op.options_as_AddOptions(), nullptr);
    EXPECT_EQ(op.options_as_AddOptions()->activation(), octet_activation);
  }
  const ConvertResult tanh = Convert(AddModel(tflite::ActivationFunctionType::TANH));
  EXPECT_FALSE(tanh.ok);
  EXPECT_EQ(tanh.error,
            "m.tflite: operator 0 (ADD): fused_activation_function TANH is not supported (octet fuses NONE, RELU, "
            "RELU6, RELU_N1_TO_1)");
}

TEST(ConvertTest, Pools) {
  TfliteMaker m;
  const int input = m.Tensor("in", TT::UINT8, {1, 6, 6, 2}, PerTensorQuant(0.5f, 10));
  const int mid = m.Tensor("avg", TT::UINT8, {1, 3, 6, 2}, PerTensorQuant(0.5f, 10));
  const int output = m.Tensor("max", TT::UINT8, {1, 2, 5, 2}, PerTensorQuant(0.5f, 10));
  const auto avg =
      tflite::CreatePool2DOptions(m.fbb(), tflite::Padding::SAME, /*stride_w=*/1, /*stride_h=*/2,
                                  /*filter_width=*/2, /*filter_height=*/3, tflite::ActivationFunctionType::NONE);
  m.Op(kAveragePool, {input}, {mid}, tflite::BuiltinOptions::Pool2DOptions, avg.Union());
  const auto max =
      tflite::CreatePool2DOptions(m.fbb(), tflite::Padding::VALID, 1, 1, 2, 2, tflite::ActivationFunctionType::RELU6);
  m.Op(kMaxPool, {mid}, {output}, tflite::BuiltinOptions::Pool2DOptions, max.Union());
  ConvertResult result;
  const schema::Model* model = ConvertOk(m.Finish({input}, {output}), &result);
  ASSERT_NE(model, nullptr);
  ASSERT_EQ(model->operators()->size(), 2u);
  const schema::Operator& a = *model->operators()->Get(0);
  EXPECT_EQ(a.type(), schema::OpType::AVERAGE_POOL_2D);
  const auto* ao = a.options_as_Pool2DOptions();
  ASSERT_NE(ao, nullptr);
  EXPECT_EQ(ao->padding(), schema::Padding::SAME);
  EXPECT_EQ(ao->stride_h(), 2);
  EXPECT_EQ(ao->stride_w(), 1);
  EXPECT_EQ(ao->filter_h(), 3);
  EXPECT_EQ(ao->filter_w(), 2);
  EXPECT_EQ(ao->activation(), schema::Activation::NONE);
  const schema::Operator& b = *model->operators()->Get(1);
  EXPECT_EQ(b.type(), schema::OpType::MAX_POOL_2D);
  EXPECT_EQ(Ints(b.inputs()), std::vector<int>{1});
  EXPECT_EQ(Ints(b.outputs()), std::vector<int>{2});
  EXPECT_EQ(b.options_as_Pool2DOptions()->padding(), schema::Padding::VALID);
  EXPECT_EQ(b.options_as_Pool2DOptions()->activation(), schema::Activation::RELU6);
  ExpectContains(result.notes[0], "AVERAGE_POOL_2D x1, MAX_POOL_2D x1");
}

TEST(ConvertTest, MeanTakesAxesFromTheDroppedAxisTensor) {
  TfliteMaker m;
  const int input = m.Tensor("in", TT::INT8, {1, 7, 7, 16}, PerTensorQuant(0.1f, -5));
  // Stored between the two activations so that dropping it renumbers the output.
  const int axes = m.Tensor("axes", TT::INT32, {2}, {}, Bytes(std::vector<int32_t>{1, -2}));
  const int output = m.Tensor("out", TT::INT8, {1, 1, 1, 16}, PerTensorQuant(0.1f, -5));
  m.Op(kMean, {input, axes}, {output}, tflite::BuiltinOptions::ReducerOptions,
       tflite::CreateReducerOptions(m.fbb(), /*keep_dims=*/true).Union());
  ConvertResult result;
  const schema::Model* model = ConvertOk(m.Finish({input}, {output}), &result);
  ASSERT_NE(model, nullptr);
  ASSERT_EQ(model->tensors()->size(), 2u);
  EXPECT_EQ(model->tensors()->Get(1)->name()->str(), "out");
  EXPECT_EQ(model->buffers()->size(), 0u);
  EXPECT_EQ(Ints(model->outputs()), std::vector<int>{1});
  const schema::Operator& op = *model->operators()->Get(0);
  EXPECT_EQ(op.type(), schema::OpType::MEAN);
  EXPECT_EQ(Ints(op.inputs()), std::vector<int>{0});
  EXPECT_EQ(Ints(op.outputs()), std::vector<int>{1});
  const auto* o = op.options_as_MeanOptions();
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(Ints(o->axes()), (std::vector<int>{1, 2}));  // -2 of rank 4 is axis 2
  EXPECT_TRUE(o->keep_dims());
  bool noted = false;
  for (const auto& note : result.notes) noted |= note.find("dropped 1 tensor") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(ConvertTest, MeanAxisOutOfRangeIsRefused) {
  TfliteMaker m;
  const int input = m.Tensor("in", TT::INT8, {1, 7, 7, 16}, PerTensorQuant(0.1f, -5));
  const int axes = m.Tensor("axes", TT::INT32, {1}, {}, Bytes(std::vector<int32_t>{4}));
  const int output = m.Tensor("out", TT::INT8, {1, 7, 7, 1}, PerTensorQuant(0.1f, -5));
  m.Op(kMean, {input, axes}, {output});
  const ConvertResult result = Convert(m.Finish({input}, {output}));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.error, "m.tflite: operator 0 (MEAN): axis 4 is out of range for an input of rank 4");
}

TEST(ConvertTest, ReshapeDropsItsShapeTensor) {
  TfliteMaker m;
  const int shape = m.Tensor("shape", TT::INT32, {2}, {}, Bytes(std::vector<int32_t>{1, -1}));
  const int input = m.Tensor("in", TT::UINT8, {1, 1, 1, 8}, PerTensorQuant(0.5f, 7));
  const int output = m.Tensor("out", TT::UINT8, {1, 8}, PerTensorQuant(0.5f, 7));
  m.Op(kReshape, {input, shape}, {output}, tflite::BuiltinOptions::ReshapeOptions,
       tflite::CreateReshapeOptionsDirect(m.fbb(), nullptr).Union());
  ConvertResult result;
  const schema::Model* model = ConvertOk(m.Finish({input}, {output}), &result);
  ASSERT_NE(model, nullptr);
  ASSERT_EQ(model->tensors()->size(), 2u);
  EXPECT_EQ(model->tensors()->Get(0)->name()->str(), "in");
  EXPECT_EQ(Ints(model->tensors()->Get(1)->shape()), (std::vector<int>{1, 8}));
  const schema::Operator& op = *model->operators()->Get(0);
  EXPECT_EQ(op.type(), schema::OpType::RESHAPE);
  EXPECT_EQ(Ints(op.inputs()), std::vector<int>{0});
  EXPECT_EQ(Ints(op.outputs()), std::vector<int>{1});
  EXPECT_EQ(Ints(model->inputs()), std::vector<int>{0});
  EXPECT_EQ(Ints(model->outputs()), std::vector<int>{1});
}

TEST(ConvertTest, ParameterTensorUsedElsewhereIsKept) {
  TfliteMaker m;
  const int input = m.Tensor("in", TT::INT8, {1, 2, 4}, PerTensorQuant(0.5f, 7));
  const int shape = m.Tensor("shape", TT::INT32, {2}, {}, Bytes(std::vector<int32_t>{1, 8}));
  const int output = m.Tensor("out", TT::INT8, {1, 8}, PerTensorQuant(0.5f, 7));
  m.Op(kReshape, {input, shape}, {output});
  ConvertResult result;
  // The shape tensor is also a graph output, so it must survive.
  const schema::Model* model = ConvertOk(m.Finish({input}, {output, shape}), &result);
  ASSERT_NE(model, nullptr);
  ASSERT_EQ(model->tensors()->size(), 3u);
  EXPECT_EQ(Ints(model->operators()->Get(0)->inputs()), std::vector<int>{0});
  EXPECT_EQ(Ints(model->outputs()), (std::vector<int>{2, 1}));
  EXPECT_EQ(BufferValues<int32_t>(*model, *model->tensors()->Get(1)), (std::vector<int32_t>{1, 8}));
}

TEST(ConvertTest, SoftmaxBeta) {
  TfliteMaker m;
  const int input = m.Tensor("logits", TT::INT8, {1, 10}, PerTensorQuant(0.2f, 3));
  const int output = m.Tensor("probs", TT::INT8, {1, 10}, PerTensorQuant(1.0f / 256, -128));
  m.Op(kSoftmax, {input}, {output}, tflite::BuiltinOptions::SoftmaxOptions,
       tflite::CreateSoftmaxOptions(m.fbb(), 0.625f).Union());
  ConvertResult result;
  const schema::Model* model = ConvertOk(m.Finish({input}, {output}), &result);
  ASSERT_NE(model, nullptr);
  const schema::Operator& op = *model->operators()->Get(0);
  EXPECT_EQ(op.type(), schema::OpType::SOFTMAX);
  ASSERT_NE(op.options_as_SoftmaxOptions(), nullptr);
  EXPECT_EQ(op.options_as_SoftmaxOptions()->beta(), 0.625f);
  EXPECT_EQ(model->tensors()->Get(1)->quantization()->zero_point()->Get(0), -128);
}

TEST(ConvertTest, Uint8Int8QuantizePair) {
  // An int8 model with uint8 I/O: equal scales, zero points 128 apart (int8-arithmetic.md section 2).
  TfliteMaker m;
  const int in_u8 = m.Tensor("in_u8", TT::UINT8, {1, 4}, PerTensorQuant(0.0078125f, 128));
  const int in_s8 = m.Tensor("in_s8", TT::INT8, {1, 4}, PerTensorQuant(0.0078125f, 0));
  const int out_u8 = m.Tensor("out_u8", TT::UINT8, {1, 4}, PerTensorQuant(0.0078125f, 128));
  m.Op(kQuantize, {in_u8}, {in_s8}, tflite::BuiltinOptions::QuantizeOptions,
       tflite::CreateQuantizeOptions(m.fbb()).Union());
  m.Op(kQuantize, {in_s8}, {out_u8});
  ConvertResult result;
  const schema::Model* model = ConvertOk(m.Finish({in_u8}, {out_u8}), &result);
  ASSERT_NE(model, nullptr);
  ASSERT_EQ(model->operators()->size(), 2u);
  for (const schema::Operator* op : *model->operators()) EXPECT_EQ(op->type(), schema::OpType::QUANTIZE);
  EXPECT_EQ(Ints(model->operators()->Get(0)->inputs()), std::vector<int>{0});
  EXPECT_EQ(Ints(model->operators()->Get(0)->outputs()), std::vector<int>{1});
  EXPECT_EQ(Ints(model->operators()->Get(1)->inputs()), std::vector<int>{1});
  EXPECT_EQ(Ints(model->operators()->Get(1)->outputs()), std::vector<int>{2});
  const schema::TensorType types[] = {schema::TensorType::UINT8, schema::TensorType::INT8, schema::TensorType::UINT8};
  const int64_t zero_points[] = {128, 0, 128};
  for (flatbuffers::uoffset_t t = 0; t < 3; ++t) {
    EXPECT_EQ(model->tensors()->Get(t)->type(), types[t]);
    EXPECT_EQ(model->tensors()->Get(t)->quantization()->scale()->Get(0), 0.0078125f);
    EXPECT_EQ(model->tensors()->Get(t)->quantization()->zero_point()->Get(0), zero_points[t]);
  }
}

TEST(ConvertTest, FloatQuantizeAndDequantize) {
  TfliteMaker m;
  // Float tensors: TFLite may record an empty quantization table; octet gets none.
  const int in = m.Tensor("in_f32", TT::FLOAT32, {1, 3}, TfliteQuant{});
  const int q = m.Tensor("q", TT::INT8, {1, 3}, PerTensorQuant(0.5f, -1));
  const int out = m.Tensor("out_f32", TT::FLOAT32, {1, 3});
  m.Op(kQuantize, {in}, {q});
  m.Op(kDequantize, {q}, {out});
  ConvertResult result;
  const schema::Model* model = ConvertOk(m.Finish({in}, {out}), &result);
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->operators()->Get(0)->type(), schema::OpType::QUANTIZE);
  EXPECT_EQ(model->operators()->Get(1)->type(), schema::OpType::DEQUANTIZE);
  EXPECT_EQ(model->tensors()->Get(0)->type(), schema::TensorType::FLOAT32);
  EXPECT_EQ(model->tensors()->Get(0)->quantization(), nullptr);
  EXPECT_EQ(model->tensors()->Get(2)->quantization(), nullptr);
  EXPECT_NE(model->tensors()->Get(1)->quantization(), nullptr);
}

TEST(ConvertTest, QuantizeFromInt32IsRefused) {
  TfliteMaker m;
  const int in = m.Tensor("in", TT::INT32, {1, 3}, PerTensorQuant(0.5f, 0));
  const int out = m.Tensor("out", TT::INT8, {1, 3}, PerTensorQuant(0.5f, 0));
  m.Op(kQuantize, {in}, {out});
  const ConvertResult result = Convert(m.Finish({in}, {out}));
  EXPECT_FALSE(result.ok);
  ExpectContains(result.error, "m.tflite: operator 0 (QUANTIZE): INT32 to INT8 is not supported");
}

TEST(ConvertTest, ConcatenationNormalizesNegativeAxis) {
  TfliteMaker m;
  const int a = m.Tensor("a", TT::INT8, {1, 2, 2, 3}, PerTensorQuant(0.5f, 1));
  const int b = m.Tensor("b", TT::INT8, {1, 2, 2, 5}, PerTensorQuant(0.5f, 1));
  const int c = m.Tensor("c", TT::INT8, {1, 2, 2, 1}, PerTensorQuant(0.5f, 1));
  const int out = m.Tensor("out", TT::INT8, {1, 2, 2, 9}, PerTensorQuant(0.5f, 1));
  m.Op(kConcatenation, {a, b, c}, {out}, tflite::BuiltinOptions::ConcatenationOptions,
       tflite::CreateConcatenationOptions(m.fbb(), -1, tflite::ActivationFunctionType::RELU).Union());
  ConvertResult result;
  const schema::Model* model = ConvertOk(m.Finish({a, b, c}, {out}), &result);
  ASSERT_NE(model, nullptr);
  const schema::Operator& op = *model->operators()->Get(0);
  EXPECT_EQ(op.type(), schema::OpType::CONCATENATION);
  EXPECT_EQ(Ints(op.inputs()), (std::vector<int>{0, 1, 2}));
  ASSERT_NE(op.options_as_ConcatenationOptions(), nullptr);
  EXPECT_EQ(op.options_as_ConcatenationOptions()->axis(), 3);
  EXPECT_EQ(op.options_as_ConcatenationOptions()->activation(), schema::Activation::RELU);
}

template <typename T>
std::vector<uint8_t> PadModel(const std::vector<T>& paddings, TT paddings_type) {
  TfliteMaker m;
  const int input = m.Tensor("in", TT::INT8, {1, 2, 3, 4}, PerTensorQuant(0.5f, 1));
  const int pads = m.Tensor("paddings", paddings_type, {4, 2}, {}, Bytes(paddings));
  const int output = m.Tensor("out", TT::INT8, {1, 5, 10, 4}, PerTensorQuant(0.5f, 1));
  m.Op(kPad, {input, pads}, {output}, tflite::BuiltinOptions::PadOptions, tflite::CreatePadOptions(m.fbb()).Union());
  return m.Finish({input}, {output});
}

TEST(ConvertTest, PadWithInt32AndInt64Paddings) {
  const std::vector<int> expected{0, 0, 1, 2, 3, 4, 0, 0};
  const std::vector<uint8_t> models[] = {
      PadModel(std::vector<int32_t>{0, 0, 1, 2, 3, 4, 0, 0}, TT::INT32),
      PadModel(std::vector<int64_t>{0, 0, 1, 2, 3, 4, 0, 0}, TT::INT64),
  };
  for (const auto& tflite_model : models) {
    ConvertResult result;
    const schema::Model* model = ConvertOk(tflite_model, &result);
    ASSERT_NE(model, nullptr);
    ASSERT_EQ(model->tensors()->size(), 2u);  // the INT64 paddings tensor is gone, so its type is no problem
    const schema::Operator& op = *model->operators()->Get(0);
    EXPECT_EQ(op.type(), schema::OpType::PAD);
    EXPECT_EQ(Ints(op.inputs()), std::vector<int>{0});
    ASSERT_NE(op.options_as_PadOptions(), nullptr);
    EXPECT_EQ(Ints(op.options_as_PadOptions()->paddings()), expected);
  }
  const ConvertResult negative = Convert(PadModel(std::vector<int32_t>{0, 0, 1, -2, 3, 4, 0, 0}, TT::INT32));
  EXPECT_FALSE(negative.ok);
  EXPECT_EQ(negative.error, "m.tflite: operator 0 (PAD): paddings[1][1] is -2, must be >= 0 and fit in int32");
}

TEST(ConvertTest, UnsupportedOperatorIsNamedWithItsIndex) {
  TfliteMaker m;
  const int a = m.Tensor("a", TT::UINT8, {1, 4}, PerTensorQuant(0.5f, 1));
  const int b = m.Tensor("b", TT::UINT8, {1, 4}, PerTensorQuant(0.5f, 1));
  const int c = m.Tensor("c", TT::UINT8, {1, 4}, PerTensorQuant(1.0f / 256, 0));
  m.Op(kReshape, {a}, {b});
  m.Op(kLogistic, {b}, {c});
  const ConvertResult result = Convert(m.Finish({a}, {c}), "model.tflite");
  EXPECT_FALSE(result.ok);
  EXPECT_TRUE(result.model.empty());
  EXPECT_EQ(result.error, "model.tflite: operator 1 is LOGISTIC, which octet does not support");
}

TEST(ConvertTest, CustomOperatorIsNamed) {
  TfliteMaker m;
  const int a = m.Tensor("a", TT::UINT8, {1, 4}, PerTensorQuant(0.5f, 1));
  const int b = m.Tensor("b", TT::UINT8, {1, 4}, PerTensorQuant(0.5f, 1));
  m.OpWithCode(m.OpCode(kCustom, "TFLite_Detection_PostProcess"), {a}, {b});
  const ConvertResult result = Convert(m.Finish({a}, {b}));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.error,
            "m.tflite: operator 0 is the custom operator \"TFLite_Detection_PostProcess\", which octet does not "
            "support");
}

TEST(ConvertTest, OpCodeIsTheLargerOfBuiltinAndDeprecatedCode) {
  {
    // Newer writers: codes >= 127 only fit builtin_code; deprecated_builtin_code holds the placeholder.
    TfliteMaker m;
    const int a = m.Tensor("a", TT::INT8, {1, 4}, PerTensorQuant(0.5f, 1));
    const int b = m.Tensor("b", TT::INT8, {1, 4}, PerTensorQuant(0.5f, 1));
    m.OpWithCode(m.RawOpCode(kPlaceholderForGreaterOpCodes, kGelu), {a}, {b});
    const ConvertResult result = Convert(m.Finish({a}, {b}));
    EXPECT_EQ(result.error, "m.tflite: operator 0 is GELU, which octet does not support");
  }
  {
    // Older writers fill only deprecated_builtin_code; builtin_code reads as 0 (ADD).
    TfliteMaker m;
    const int in = m.Tensor("in", TT::INT8, {1, 4}, PerTensorQuant(0.5f, 1));
    const int out = m.Tensor("out", TT::INT8, {1, 4}, PerTensorQuant(1.0f / 256, -128));
    m.OpWithCode(m.RawOpCode(kSoftmax, 0), {in}, {out}, tflite::BuiltinOptions::SoftmaxOptions,
                 tflite::CreateSoftmaxOptions(m.fbb(), 1.0f).Union());
    ConvertResult result;
    const schema::Model* model = ConvertOk(m.Finish({in}, {out}), &result);
    ASSERT_NE(model, nullptr);
    EXPECT_EQ(model->operators()->Get(0)->type(), schema::OpType::SOFTMAX);
  }
}

TEST(ConvertTest, UnsupportedTensorTypeNamesTheTensor) {
  TfliteMaker m;
  const int in = m.Tensor("in", TT::INT16, {1, 4}, PerTensorQuant(0.5f, 0));
  const int out = m.Tensor("out", TT::INT16, {1, 2, 2}, PerTensorQuant(0.5f, 0));
  m.Op(kReshape, {in}, {out});
  const ConvertResult result = Convert(m.Finish({in}, {out}));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.error,
            "m.tflite: tensor 0 \"in\": type INT16 is not supported (octet has INT8, UINT8, INT32, FLOAT32)");
}

TEST(ConvertTest, MissingRequiredOptionsAreRefused) {
  TfliteMaker m;
  const int in = m.Tensor("in", TT::INT8, {1, 4, 4, 1}, PerTensorQuant(0.5f, 0));
  const int out = m.Tensor("out", TT::INT8, {1, 2, 2, 1}, PerTensorQuant(0.5f, 0));
  m.Op(kMaxPool, {in}, {out});
  const ConvertResult result = Convert(m.Finish({in}, {out}));
  EXPECT_EQ(result.error, "m.tflite: operator 0 (MAX_POOL_2D): builtin_options is missing, expected Pool2DOptions");
}

TEST(ConvertTest, ZeroStrideIsRefused) {
  const ConvertResult result = Convert(ConvModel(/*stride_w=*/0));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.error, "m.tflite: operator 0 (CONV_2D): stride_w is 0, must be >= 1");
}

TEST(ConvertTest, OutOfRangeIndicesAreRefused) {
  {
    TfliteMaker m;
    const int in = m.Tensor("in", TT::INT8, {1, 4}, PerTensorQuant(0.5f, 0));
    const int out = m.Tensor("out", TT::INT8, {1, 4}, PerTensorQuant(0.5f, 0));
    m.Op(kAdd, {in, 7}, {out});
    const ConvertResult result = Convert(m.Finish({in}, {out}));
    EXPECT_EQ(result.error,
              "m.tflite: operator 0 (ADD): input 1 is tensor index 7, out of range (the graph has 2 tensors)");
  }
  {
    TfliteMaker m;
    const int in = m.Tensor("in", TT::INT8, {1, 4}, PerTensorQuant(0.5f, 0));
    const int out = m.Tensor("out", TT::INT8, {1, 4}, PerTensorQuant(0.5f, 0));
    m.Op(kAdd, {in, -1}, {out});  // ADD has no optional input
    const ConvertResult result = Convert(m.Finish({in}, {out}));
    ExpectContains(result.error, "operator 0 (ADD): input 1 is tensor index -1, out of range");
  }
  {
    TfliteMaker m;
    const int in = m.Tensor("in", TT::INT8, {1, 4}, PerTensorQuant(0.5f, 0));
    const int out = m.Tensor("out", TT::INT8, {1, 4}, PerTensorQuant(0.5f, 0));
    m.Op(kQuantize, {in}, {out});
    const ConvertResult result = Convert(m.Finish({in}, {out, 2}));
    EXPECT_EQ(result.error, "m.tflite: SubGraph.outputs[1] is tensor index 2, out of range (the graph has 2 tensors)");
  }
  {
    TfliteMaker m;
    const int in = m.Tensor("in", TT::INT8, {1, 4}, PerTensorQuant(0.5f, 0));
    const int out = m.Tensor("out", TT::INT8, {1, 4}, PerTensorQuant(0.5f, 0));
    m.OpWithCode(5, {in}, {out});  // no operator codes at all
    const ConvertResult result = Convert(m.Finish({in}, {out}));
    EXPECT_EQ(result.error, "m.tflite: operator 0: opcode_index 5 is out of range (the model has 0 operator codes)");
  }
  {
    TfliteMaker m;
    const int in = m.Tensor("in", TT::INT8, {1, 4}, PerTensorQuant(0.5f, 0));
    const int out = m.TensorWithBuffer("out", TT::INT8, {1, 4}, PerTensorQuant(0.5f, 0), 9);
    m.Op(kQuantize, {in}, {out});
    const ConvertResult result = Convert(m.Finish({in}, {out}));
    EXPECT_EQ(result.error, "m.tflite: tensor 1 \"out\": buffer 9 is out of range (the model has 1 buffers)");
  }
}

TEST(ConvertTest, ConstantBufferSizeMustMatchShape) {
  TfliteMaker m;
  const int in = m.Tensor("in", TT::INT8, {1, 3, 3, 3}, PerTensorQuant(0.5f, 0));
  // 3x3x3 int8 weights need 27 bytes; the buffer holds 10.
  const int filter =
      m.Tensor("filter", TT::INT8, {1, 3, 3, 3}, PerTensorQuant(0.5f, 0), Bytes(std::vector<int8_t>(10, 1)));
  const int out = m.Tensor("out", TT::INT8, {1, 1, 1, 1}, PerTensorQuant(0.5f, 0));
  m.Op(kConv, {in, filter}, {out}, tflite::BuiltinOptions::Conv2DOptions,
       tflite::CreateConv2DOptions(m.fbb(), tflite::Padding::VALID, 1, 1).Union());
  const ConvertResult result = Convert(m.Finish({in}, {out}));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.error,
            "m.tflite: tensor 1 \"filter\": buffer 1 holds 10 bytes, but shape [1, 3, 3, 3] of INT8 needs 27");
}

// A conv whose 4 filter bytes are stored after the FlatBuffer at `offset`, as models over 2 GB do.
std::vector<uint8_t> ExternalWeightsModel(uint64_t offset) {
  TfliteMaker m;
  const int in = m.Tensor("in", TT::INT8, {1, 1, 1, 1}, PerTensorQuant(1.0f, 0));
  const uint32_t buffer = m.ExternalBuffer(offset, 4);
  const int filter = m.TensorWithBuffer("w", TT::INT8, {4, 1, 1, 1}, PerTensorQuant(1.0f, 0), buffer);
  const int out = m.Tensor("out", TT::INT8, {1, 1, 1, 4}, PerTensorQuant(1.0f, 0));
  m.Op(kConv, {in, filter}, {out}, tflite::BuiltinOptions::Conv2DOptions,
       tflite::CreateConv2DOptions(m.fbb(), tflite::Padding::VALID, 1, 1).Union());
  return m.Finish({in}, {out});
}

TEST(ConvertTest, ExternalBufferDataIsReadAndRangeChecked) {
  // The FlatBuffer's size does not depend on the offset's value, so build once to learn it.
  const uint64_t offset = ExternalWeightsModel(1000).size();
  std::vector<uint8_t> model = ExternalWeightsModel(offset);
  ASSERT_EQ(model.size(), offset);
  for (const uint8_t byte : {0x11, 0x22, 0x33, 0x44}) model.push_back(byte);
  ConvertResult result;
  const schema::Model* octet_model = ConvertOk(model, &result);
  ASSERT_NE(octet_model, nullptr);
  EXPECT_EQ(BufferValues<uint8_t>(*octet_model, *octet_model->tensors()->Get(1)),
            (std::vector<uint8_t>{0x11, 0x22, 0x33, 0x44}));

  model.pop_back();  // now the 4 bytes run one past the end of the file
  EXPECT_EQ(Convert(model).error, "m.tflite: tensor 1 \"w\": buffer 1 points at bytes [" + std::to_string(offset) +
                                      ", +4) outside the " + std::to_string(model.size()) + "-byte file");
}

TEST(ConvertTest, InconsistentQuantizationIsRefused) {
  {
    TfliteMaker m;
    const int in = m.Tensor("in", TT::INT8, {1, 4}, {{0.5f, 0.25f}, {0, 0}, 1});  // 2 scales, dimension 1 is 4
    const int out = m.Tensor("out", TT::INT8, {1, 4}, PerTensorQuant(0.5f, 0));
    m.Op(kQuantize, {in}, {out});
    EXPECT_EQ(Convert(m.Finish({in}, {out})).error,
              "m.tflite: tensor 0 \"in\": quantization has 2 scales, but dimension 1 of shape [1, 4] is 4");
  }
  {
    TfliteMaker m;
    const int in = m.Tensor("in", TT::UINT8, {1, 4}, PerTensorQuant(0.5f, 300));
    const int out = m.Tensor("out", TT::INT8, {1, 4}, PerTensorQuant(0.5f, 0));
    m.Op(kQuantize, {in}, {out});
    EXPECT_EQ(Convert(m.Finish({in}, {out})).error,
              "m.tflite: tensor 0 \"in\": quantization.zero_point[0] is 300, outside the range of UINT8");
  }
  {
    TfliteMaker m;
    const int in = m.Tensor("in", TT::UINT8, {1, 4}, {{0.5f}, {}, 0});
    const int out = m.Tensor("out", TT::INT8, {1, 4}, PerTensorQuant(0.5f, 0));
    m.Op(kQuantize, {in}, {out});
    EXPECT_EQ(Convert(m.Finish({in}, {out})).error,
              "m.tflite: tensor 0 \"in\": quantization has 1 scales but 0 zero points");
  }
}

TEST(ConvertTest, NegativeDimensionIsRefused) {
  TfliteMaker m;
  const int in = m.Tensor("in", TT::INT8, {1, -4}, PerTensorQuant(0.5f, 0));
  const int out = m.Tensor("out", TT::INT8, {1, 4}, PerTensorQuant(0.5f, 0));
  m.Op(kQuantize, {in}, {out});
  EXPECT_EQ(Convert(m.Finish({in}, {out})).error,
            "m.tflite: tensor 0 \"in\": shape [1, -4] has dimension 1 = -4; octet needs every dimension >= 1");
}

TEST(ConvertTest, WrongIdentifierAndVersion) {
  std::vector<uint8_t> model = AddModel(tflite::ActivationFunctionType::NONE);
  std::memcpy(model.data() + 4, "XYZW", 4);
  EXPECT_EQ(Convert(model).error, "m.tflite: not a TFLite model: file identifier is \"XYZW\", expected \"TFL3\"");

  TfliteMaker m;
  const int in = m.Tensor("in", TT::INT8, {1, 4}, PerTensorQuant(0.5f, 0));
  EXPECT_EQ(Convert(m.Finish({in}, {in}, /*version=*/2)).error,
            "m.tflite: Model.version is 2, only TFLite schema version 3 is read");

  EXPECT_FALSE(ConvertTfliteToOctet(nullptr, 0, "null").ok);
  const uint8_t tiny[3] = {1, 2, 3};
  EXPECT_EQ(ConvertTfliteToOctet(tiny, sizeof tiny, "tiny").error, "tiny: not a TFLite model: 3 bytes is too short");
}

TEST(ConvertTest, EveryTruncationIsAnError) {
  const std::vector<uint8_t> model = ConvModel();
  ASSERT_TRUE(Convert(model).ok);
  for (size_t length = 0; length < model.size(); ++length) {
    const std::vector<uint8_t> prefix(model.begin(), model.begin() + static_cast<std::ptrdiff_t>(length));
    const ConvertResult result = Convert(prefix);
    EXPECT_FALSE(result.ok) << "length " << length;
    EXPECT_FALSE(result.error.empty());
  }
}

// A graph using every op whose conversion reads parameter tensors or normalizes axes.
std::vector<uint8_t> MultiOpModel() {
  TfliteMaker m;
  const int in = m.Tensor("in", TT::UINT8, {1, 2, 2, 3}, PerTensorQuant(0.5f, 128));
  const int s8 = m.Tensor("s8", TT::INT8, {1, 2, 2, 3}, PerTensorQuant(0.5f, 0));
  const int pads = m.Tensor("pads", TT::INT64, {4, 2}, {}, Bytes(std::vector<int64_t>{0, 0, 1, 1, 1, 1, 0, 0}));
  const int padded = m.Tensor("padded", TT::INT8, {1, 4, 4, 3}, PerTensorQuant(0.5f, 0));
  const int axes = m.Tensor("axes", TT::INT32, {2}, {}, Bytes(std::vector<int32_t>{1, 2}));
  const int mean = m.Tensor("mean", TT::INT8, {1, 1, 1, 3}, PerTensorQuant(0.5f, 0));
  const int shape = m.Tensor("shape", TT::INT32, {2}, {}, Bytes(std::vector<int32_t>{1, 3}));
  const int flat = m.Tensor("flat", TT::INT8, {1, 3}, PerTensorQuant(0.5f, 0));
  const int both = m.Tensor("both", TT::INT8, {1, 6}, PerTensorQuant(0.5f, 0));
  const int out = m.Tensor("out", TT::FLOAT32, {1, 6});
  m.Op(kQuantize, {in}, {s8});
  m.Op(kPad, {s8, pads}, {padded});
  m.Op(kMean, {padded, axes}, {mean}, tflite::BuiltinOptions::ReducerOptions,
       tflite::CreateReducerOptions(m.fbb(), true).Union());
  m.Op(kReshape, {mean, shape}, {flat});
  m.Op(kConcatenation, {flat, flat}, {both}, tflite::BuiltinOptions::ConcatenationOptions,
       tflite::CreateConcatenationOptions(m.fbb(), -1).Union());
  m.Op(kDequantize, {both}, {out});
  return m.Finish({in}, {out});
}

TEST(ConvertTest, RandomByteFlipsNeverCrash) {
  const std::pair<const char*, std::vector<uint8_t>> models[] = {{"conv", ConvModel()}, {"multi-op", MultiOpModel()}};
  testing::ReplicableRandom random(20240611);
  for (const auto& [name, original] : models) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(Convert(original).ok) << Convert(original).error;
    int accepted = 0;
    const int trials = 3000;
    for (int trial = 0; trial < trials; ++trial) {
      std::vector<uint8_t> model = original;
      const int flips = static_cast<int>(random.Int(1, 4));
      for (int k = 0; k < flips; ++k) {
        const size_t at = static_cast<size_t>(random.Int(0, static_cast<int64_t>(model.size()) - 1));
        model[at] ^= static_cast<uint8_t>(random.Int(1, 255));
      }
      const ConvertResult result = Convert(model);
      if (result.ok) {
        // Accepted models must be well-formed octet files.
        flatbuffers::Verifier verifier(result.model.data(), result.model.size());
        EXPECT_TRUE(schema::VerifyModelBuffer(verifier)) << "trial " << trial;
        ++accepted;
      } else {
        EXPECT_EQ(result.error.rfind("m.tflite: ", 0), 0u) << result.error;
        EXPECT_TRUE(result.model.empty());
      }
    }
    // Many flips land in weights or names and leave a valid model; both paths must be exercised.
    EXPECT_GT(accepted, 0);
    EXPECT_LT(accepted, trials);
  }
}

// ---- The shared real models (skipped when ../shared/models is absent) ----

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return {};
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

std::map<schema::OpType, int> CountOps(const schema::Model& model) {
  std::map<schema::OpType, int> counts;
  for (const schema::Operator* op : *model.operators()) ++counts[op->type()];
  return counts;
}

TEST(ConvertSharedModelsTest, MobileNetV1Uint8) {
  const std::string path = std::string(OCTET_SHARED_DIR) + "/models/mobilenet_v1_0.25_128_quant.tflite";
  const std::vector<uint8_t> tflite_model = ReadFile(path);
  if (tflite_model.empty()) GTEST_SKIP() << path << " is absent";
  ConvertResult result = ConvertTfliteToOctet(tflite_model.data(), tflite_model.size(), "mobilenet_v1.tflite");
  ASSERT_TRUE(result.ok) << result.error;
  flatbuffers::Verifier verifier(result.model.data(), result.model.size());
  ASSERT_TRUE(schema::VerifyModelBuffer(verifier));
  const schema::Model& model = *schema::GetModel(result.model.data());
  // MobileNet v1: 1 + 13 pointwise convs, 13 depthwise, then pool, 1x1 conv classifier, reshape, softmax.
  const std::map<schema::OpType, int> expected{
      {schema::OpType::CONV_2D, 15},        {schema::OpType::DEPTHWISE_CONV_2D, 13},
      {schema::OpType::AVERAGE_POOL_2D, 1}, {schema::OpType::RESHAPE, 1},
      {schema::OpType::SOFTMAX, 1},
  };
  EXPECT_EQ(CountOps(model), expected);
  ASSERT_EQ(model.inputs()->size(), 1u);
  const schema::Tensor& input = *model.tensors()->Get(static_cast<flatbuffers::uoffset_t>(model.inputs()->Get(0)));
  EXPECT_EQ(input.type(), schema::TensorType::UINT8);
  EXPECT_EQ(Ints(input.shape()), (std::vector<int>{1, 128, 128, 3}));
  const schema::Tensor& output = *model.tensors()->Get(static_cast<flatbuffers::uoffset_t>(model.outputs()->Get(0)));
  EXPECT_EQ(Ints(output.shape()), (std::vector<int>{1, 1001}));
  EXPECT_EQ(model.operators()->Get(model.operators()->size() - 1)->type(), schema::OpType::SOFTMAX);
  for (const auto& note : result.notes) std::printf("note: %s\n", note.c_str());
}

TEST(ConvertSharedModelsTest, MobileNetV2Int8) {
  const std::string path = std::string(OCTET_SHARED_DIR) + "/models/tf2_mobilenet_v2_1.0_224_ptq.tflite";
  const std::vector<uint8_t> tflite_model = ReadFile(path);
  if (tflite_model.empty()) GTEST_SKIP() << path << " is absent";
  ConvertResult result = ConvertTfliteToOctet(tflite_model.data(), tflite_model.size(), "mobilenet_v2.tflite");
  ASSERT_TRUE(result.ok) << result.error;
  flatbuffers::Verifier verifier(result.model.data(), result.model.size());
  ASSERT_TRUE(schema::VerifyModelBuffer(verifier));
  const schema::Model& model = *schema::GetModel(result.model.data());
  const std::map<schema::OpType, int> counts = CountOps(model);
  // uint8 in -> int8 and int8 -> uint8 out. Convs: the stem, 17 projections, 16 expansions (the first
  // block has none), the final 1x1 to 1280 and the 1x1 classifier = 36. 17 depthwise, 10 residual adds.
  EXPECT_EQ(counts.size(), 7u);
  EXPECT_EQ(counts.at(schema::OpType::QUANTIZE), 2);
  EXPECT_EQ(counts.at(schema::OpType::CONV_2D), 36);
  EXPECT_EQ(counts.at(schema::OpType::DEPTHWISE_CONV_2D), 17);
  EXPECT_EQ(counts.at(schema::OpType::ADD), 10);
  EXPECT_EQ(counts.at(schema::OpType::MEAN), 1);
  EXPECT_EQ(counts.at(schema::OpType::RESHAPE), 1);
  EXPECT_EQ(counts.at(schema::OpType::SOFTMAX), 1);
  EXPECT_EQ(model.operators()->Get(0)->type(), schema::OpType::QUANTIZE);
  const schema::Tensor& input = *model.tensors()->Get(static_cast<flatbuffers::uoffset_t>(model.inputs()->Get(0)));
  EXPECT_EQ(input.type(), schema::TensorType::UINT8);
  // Per-channel conv weights: one scale per output channel along axis 0.
  const schema::Operator& first_conv = *model.operators()->Get(1);
  ASSERT_EQ(first_conv.type(), schema::OpType::CONV_2D);
  const schema::Tensor& weights =
      *model.tensors()->Get(static_cast<flatbuffers::uoffset_t>(first_conv.inputs()->Get(1)));
  ASSERT_NE(weights.quantization(), nullptr);
  EXPECT_EQ(weights.quantization()->axis(), 0);
  EXPECT_EQ(static_cast<int>(weights.quantization()->scale()->size()), weights.shape()->Get(0));
  // The MEAN's axis tensor became options and is gone.
  for (const schema::Operator* op : *model.operators()) {
    if (op->type() != schema::OpType::MEAN) continue;
    EXPECT_EQ(op->inputs()->size(), 1u);
    EXPECT_EQ(Ints(op->options_as_MeanOptions()->axes()), (std::vector<int>{1, 2}));
  }
  for (const auto& note : result.notes) std::printf("note: %s\n", note.c_str());
}

}  // namespace
}  // namespace octet::tools
