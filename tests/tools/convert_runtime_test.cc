// Converted models through the octet runtime: every op the converter maps must load (runtime
// verifier), prepare (shape checks) and run. Where the result follows from the op's definition
// alone (data movement, exact arithmetic), the output is checked against values derived by hand,
// which catches converter mistakes the runtime cannot see (swapped paddings, lost zero points).
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "octet/octet.h"
#include "tests/tools/tflite_maker.h"
#include "tools/convert/tflite_to_octet.h"

namespace octet::tools {
namespace {

using namespace testing_tflite;  // NOLINT(build/namespaces): test-only helpers

struct ModelDeleter {
  void operator()(octet_model* model) const { octet_model_destroy(model); }
};
struct SessionDeleter {
  void operator()(octet_session* session) const { octet_session_destroy(session); }
};

// Converts, loads, creates a session, writes `inputs` (raw bytes per graph input), runs, and returns
// the bytes of every output. Fails the test on any error.
class ConvertAndRun {
 public:
  explicit ConvertAndRun(const std::vector<uint8_t>& tflite, const std::string& name = "m.tflite") {
    result_ = ConvertTfliteToOctet(tflite.data(), tflite.size(), name);
    EXPECT_TRUE(result_.ok) << result_.error;
    if (!result_.ok) return;
    octet_model* model = nullptr;
    const octet_status load = octet_model_load_memory(result_.model.data(), result_.model.size(), &model);
    EXPECT_EQ(load, OCTET_OK) << octet_last_error();
    if (load != OCTET_OK) return;
    model_.reset(model);
    octet_session* session = nullptr;
    const octet_status create = octet_session_create(model_.get(), nullptr, &session);
    EXPECT_EQ(create, OCTET_OK) << octet_last_error();
    if (create == OCTET_OK) session_.reset(session);
  }

  bool ready() const { return session_ != nullptr; }

  std::vector<std::vector<uint8_t>> Run(const std::vector<std::vector<uint8_t>>& inputs) {
    std::vector<std::vector<uint8_t>> outputs;
    if (!ready()) return outputs;
    for (size_t i = 0; i < inputs.size(); ++i) {
      octet_tensor_info info;
      EXPECT_EQ(octet_session_input_info(session_.get(), static_cast<int32_t>(i), &info), OCTET_OK);
      EXPECT_EQ(info.byte_size, inputs[i].size()) << "input " << i;
      if (info.byte_size != inputs[i].size()) return outputs;
      std::memcpy(octet_session_input_data(session_.get(), static_cast<int32_t>(i)), inputs[i].data(),
                  inputs[i].size());
    }
    const octet_status run = octet_session_run(session_.get());
    EXPECT_EQ(run, OCTET_OK) << octet_last_error();
    if (run != OCTET_OK) return outputs;
    for (int32_t o = 0; o < octet_model_num_outputs(model_.get()); ++o) {
      octet_tensor_info info;
      EXPECT_EQ(octet_session_output_info(session_.get(), o, &info), OCTET_OK);
      const auto* data = static_cast<const uint8_t*>(octet_session_output_data(session_.get(), o));
      outputs.emplace_back(data, data + info.byte_size);
    }
    return outputs;
  }

  // Runs with every input filled with `byte`.
  std::vector<std::vector<uint8_t>> RunFilled(uint8_t byte) {
    std::vector<std::vector<uint8_t>> inputs;
    if (!ready()) return inputs;
    for (int32_t i = 0; i < octet_model_num_inputs(model_.get()); ++i) {
      octet_tensor_info info;
      EXPECT_EQ(octet_session_input_info(session_.get(), i, &info), OCTET_OK);
      inputs.emplace_back(info.byte_size, byte);
    }
    return Run(inputs);
  }

 private:
  ConvertResult result_;
  std::unique_ptr<octet_model, ModelDeleter> model_;
  std::unique_ptr<octet_session, SessionDeleter> session_;
};

TEST(ConvertRuntimeTest, Uint8Int8QuantizePairIsIdentity) {
  // Equal scales and zero points 128 apart: uint8 -> int8 -> uint8 gives back every value.
  TfliteMaker m;
  const int in = m.Tensor("in", TT::UINT8, {1, 256}, PerTensorQuant(0.0078125f, 128));
  const int mid = m.Tensor("mid", TT::INT8, {1, 256}, PerTensorQuant(0.0078125f, 0));
  const int out = m.Tensor("out", TT::UINT8, {1, 256}, PerTensorQuant(0.0078125f, 128));
  m.Op(kQuantize, {in}, {mid});
  m.Op(kQuantize, {mid}, {out});
  ConvertAndRun run(m.Finish({in}, {out}));
  std::vector<uint8_t> values(256);
  for (int v = 0; v < 256; ++v) values[static_cast<size_t>(v)] = static_cast<uint8_t>(v);
  const auto outputs = run.Run({values});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs[0], values);
}

TEST(ConvertRuntimeTest, PadPlacesBeforeAndAfterAmounts) {
  // [1,2,3,1] padded by (1 before, 0 after) rows and (0 before, 2 after) columns -> [1,3,5,1];
  // padding holds the output zero point (PAD semantics).
  TfliteMaker m;
  const int in = m.Tensor("in", TT::INT8, {1, 2, 3, 1}, PerTensorQuant(0.5f, 5));
  const int pads = m.Tensor("paddings", TT::INT32, {4, 2}, {}, Bytes(std::vector<int32_t>{0, 0, 1, 0, 0, 2, 0, 0}));
  const int out = m.Tensor("out", TT::INT8, {1, 3, 5, 1}, PerTensorQuant(0.5f, 5));
  m.Op(kPad, {in, pads}, {out});
  ConvertAndRun run(m.Finish({in}, {out}));
  const std::vector<int8_t> input{1, 2, 3, 4, 5, 6};
  const std::vector<int8_t> expected{5, 5, 5, 5, 5,  //
                                     1, 2, 3, 5, 5,  //
                                     4, 5, 6, 5, 5};
  const auto outputs = run.Run({Bytes(input)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs[0], Bytes(expected));
}

TEST(ConvertRuntimeTest, OneByOneConvUsesTheConvertedWeights) {
  // Scales 1 everywhere make the requantization exact (multiplier 1): out[c] = x * w[c] + bias[c].
  TfliteMaker m;
  const int in = m.Tensor("in", TT::INT8, {1, 1, 2, 1}, PerTensorQuant(1.0f, 0));
  const int filter =
      m.Tensor("w", TT::INT8, {3, 1, 1, 1}, {{1.0f, 1.0f, 1.0f}, {0, 0, 0}, 0}, Bytes(std::vector<int8_t>{2, -3, 5}));
  const int bias =
      m.Tensor("b", TT::INT32, {3}, {{1.0f, 1.0f, 1.0f}, {0, 0, 0}, 0}, Bytes(std::vector<int32_t>{10, 0, -1}));
  const int out = m.Tensor("out", TT::INT8, {1, 1, 2, 3}, PerTensorQuant(1.0f, 0));
  m.Op(kConv, {in, filter, bias}, {out}, tflite::BuiltinOptions::Conv2DOptions,
       tflite::CreateConv2DOptions(m.fbb(), tflite::Padding::VALID, 1, 1).Union());
  ConvertAndRun run(m.Finish({in}, {out}));
  const auto outputs = run.Run({Bytes(std::vector<int8_t>{3, -4})});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs[0], Bytes(std::vector<int8_t>{3 * 2 + 10, 3 * -3, 3 * 5 - 1, -4 * 2 + 10, -4 * -3, -4 * 5 - 1}));
}

TEST(ConvertRuntimeTest, ReshapeAndMeanOverConvertedAxes) {
  // MEAN over H, W (given as axes {-3, 2}) of a 2x2 map whose channels are constant gives those
  // constants; equal input and output quantization keeps the values. RESHAPE then flattens.
  TfliteMaker m;
  const int in = m.Tensor("in", TT::INT8, {1, 2, 2, 3}, PerTensorQuant(0.25f, -2));
  const int axes = m.Tensor("axes", TT::INT32, {2}, {}, Bytes(std::vector<int32_t>{-3, 2}));
  const int mean = m.Tensor("mean", TT::INT8, {1, 1, 1, 3}, PerTensorQuant(0.25f, -2));
  const int shape = m.Tensor("shape", TT::INT32, {2}, {}, Bytes(std::vector<int32_t>{1, 3}));
  const int out = m.Tensor("out", TT::INT8, {1, 3}, PerTensorQuant(0.25f, -2));
  m.Op(kMean, {in, axes}, {mean}, tflite::BuiltinOptions::ReducerOptions,
       tflite::CreateReducerOptions(m.fbb(), true).Union());
  m.Op(kReshape, {mean, shape}, {out});
  ConvertAndRun run(m.Finish({in}, {out}));
  const std::vector<int8_t> input{7, -9, 100, 7, -9, 100, 7, -9, 100, 7, -9, 100};
  const auto outputs = run.Run({Bytes(input)});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs[0], Bytes(std::vector<int8_t>{7, -9, 100}));
}

TEST(ConvertRuntimeTest, ConcatenationAlongConvertedAxis) {
  TfliteMaker m;
  const int a = m.Tensor("a", TT::INT8, {1, 2, 1}, PerTensorQuant(0.5f, 1));
  const int b = m.Tensor("b", TT::INT8, {1, 2, 2}, PerTensorQuant(0.5f, 1));
  const int out = m.Tensor("out", TT::INT8, {1, 2, 3}, PerTensorQuant(0.5f, 1));
  m.Op(kConcatenation, {a, b}, {out}, tflite::BuiltinOptions::ConcatenationOptions,
       tflite::CreateConcatenationOptions(m.fbb(), -1).Union());
  ConvertAndRun run(m.Finish({a, b}, {out}));
  const auto outputs = run.Run({Bytes(std::vector<int8_t>{1, 2}), Bytes(std::vector<int8_t>{3, 4, 5, 6})});
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_EQ(outputs[0], Bytes(std::vector<int8_t>{1, 3, 4, 2, 5, 6}));
}

TEST(ConvertRuntimeTest, OtherOpsLoadPrepareAndRun) {
  std::vector<std::pair<std::string, std::vector<uint8_t>>> models;
  {
    TfliteMaker m;
    const int in = m.Tensor("in", TT::INT8, {1, 4, 4, 2}, PerTensorQuant(0.5f, 0));
    const int filter = m.Tensor("dw", TT::INT8, {1, 3, 3, 4}, {{0.1f, 0.2f, 0.3f, 0.4f}, {0, 0, 0, 0}, 3},
                                Bytes(std::vector<int8_t>(36, 3)));
    const int bias = m.Tensor("b", TT::INT32, {4}, {{0.05f, 0.1f, 0.15f, 0.2f}, {0, 0, 0, 0}, 0},
                              Bytes(std::vector<int32_t>{1, 2, 3, 4}));
    const int out = m.Tensor("out", TT::INT8, {1, 2, 2, 4}, PerTensorQuant(1.0f, 3));
    m.Op(kDepthwiseConv, {in, filter, bias}, {out}, tflite::BuiltinOptions::DepthwiseConv2DOptions,
         tflite::CreateDepthwiseConv2DOptions(m.fbb(), tflite::Padding::SAME, 2, 2, 2,
                                              tflite::ActivationFunctionType::RELU6)
             .Union());
    models.emplace_back("DEPTHWISE_CONV_2D", m.Finish({in}, {out}));
  }
  {
    TfliteMaker m;
    const int in = m.Tensor("in", TT::UINT8, {2, 3}, PerTensorQuant(0.5f, 128));
    const int w = m.Tensor("w", TT::UINT8, {4, 3}, PerTensorQuant(0.25f, 120), Bytes(std::vector<uint8_t>(12, 130)));
    const int out = m.Tensor("out", TT::UINT8, {2, 4}, PerTensorQuant(1.0f, 3));
    m.Op(kFullyConnected, {in, w, -1}, {out}, tflite::BuiltinOptions::FullyConnectedOptions,
         tflite::CreateFullyConnectedOptions(m.fbb(), tflite::ActivationFunctionType::RELU).Union());
    models.emplace_back("FULLY_CONNECTED", m.Finish({in}, {out}));
  }
  {
    TfliteMaker m;
    const int a = m.Tensor("a", TT::INT8, {1, 2, 2, 3}, PerTensorQuant(0.1f, 1));
    const int b = m.Tensor("b", TT::INT8, {1, 2, 2, 3}, PerTensorQuant(0.2f, 2));
    const int out = m.Tensor("sum", TT::INT8, {1, 2, 2, 3}, PerTensorQuant(0.3f, 3));
    m.Op(kAdd, {a, b}, {out}, tflite::BuiltinOptions::AddOptions,
         tflite::CreateAddOptions(m.fbb(), tflite::ActivationFunctionType::RELU_N1_TO_1).Union());
    models.emplace_back("ADD", m.Finish({a, b}, {out}));
  }
  {
    TfliteMaker m;
    const int in = m.Tensor("in", TT::UINT8, {1, 6, 6, 2}, PerTensorQuant(0.5f, 10));
    const int mid = m.Tensor("avg", TT::UINT8, {1, 3, 6, 2}, PerTensorQuant(0.5f, 10));
    const int out = m.Tensor("max", TT::UINT8, {1, 2, 5, 2}, PerTensorQuant(0.5f, 10));
    m.Op(kAveragePool, {in}, {mid}, tflite::BuiltinOptions::Pool2DOptions,
         tflite::CreatePool2DOptions(m.fbb(), tflite::Padding::SAME, 1, 2, 2, 3).Union());
    m.Op(kMaxPool, {mid}, {out}, tflite::BuiltinOptions::Pool2DOptions,
         tflite::CreatePool2DOptions(m.fbb(), tflite::Padding::VALID, 1, 1, 2, 2).Union());
    models.emplace_back("POOLS", m.Finish({in}, {out}));
  }
  {
    TfliteMaker m;
    const int in = m.Tensor("logits", TT::INT8, {1, 10}, PerTensorQuant(0.2f, 3));
    const int out = m.Tensor("probs", TT::INT8, {1, 10}, PerTensorQuant(1.0f / 256, -128));
    m.Op(kSoftmax, {in}, {out}, tflite::BuiltinOptions::SoftmaxOptions,
         tflite::CreateSoftmaxOptions(m.fbb(), 1.0f).Union());
    models.emplace_back("SOFTMAX", m.Finish({in}, {out}));
  }
  {
    TfliteMaker m;
    const int in = m.Tensor("in", TT::FLOAT32, {1, 3});
    const int q = m.Tensor("q", TT::INT8, {1, 3}, PerTensorQuant(0.5f, -1));
    const int out = m.Tensor("out", TT::FLOAT32, {1, 3});
    m.Op(kQuantize, {in}, {q});
    m.Op(kDequantize, {q}, {out});
    models.emplace_back("QUANTIZE_DEQUANTIZE", m.Finish({in}, {out}));
  }
  for (const auto& [name, tflite_model] : models) {
    SCOPED_TRACE(name);
    ConvertAndRun run(tflite_model);
    ASSERT_TRUE(run.ready());
    EXPECT_EQ(run.RunFilled(0).size(), 1u);
  }
}

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return {};
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

TEST(ConvertRuntimeTest, SharedModelsLoadAndRun) {
  for (const char* file : {"mobilenet_v1_0.25_128_quant.tflite", "tf2_mobilenet_v2_1.0_224_ptq.tflite"}) {
    const std::string path = std::string(OCTET_SHARED_DIR) + "/models/" + file;
    const std::vector<uint8_t> tflite_model = ReadFile(path);
    if (tflite_model.empty()) GTEST_SKIP() << path << " is absent";
    SCOPED_TRACE(file);
    ConvertAndRun run(tflite_model, file);
    ASSERT_TRUE(run.ready());
    const auto outputs = run.RunFilled(128);
    ASSERT_EQ(outputs.size(), 1u);
    EXPECT_EQ(outputs[0].size(), 1001u);
  }
}

}  // namespace
}  // namespace octet::tools
