// Bad models must give a clear error naming what is wrong, never a crash. Each case builds a model
// with one defect and checks the status code and that the message names the tensor/op/field.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>

#include "runtime/graph/executor.h"
#include "runtime/model/model.h"
#include "tests/runtime/test_models.h"
#include "tests/testing/replicable_random.h"

namespace octet {
namespace {

using schema::TensorType;

Status Load(const std::vector<uint8_t>& bytes, std::shared_ptr<const Model>* model = nullptr) {
  std::shared_ptr<const Model> m;
  // Copy into 64-byte aligned storage, as a file mapping would be.
  std::vector<uint8_t> aligned(bytes.size() + 64);
  uint8_t* base = aligned.data() + (64 - reinterpret_cast<uintptr_t>(aligned.data()) % 64) % 64;
  std::memcpy(base, bytes.data(), bytes.size());
  Status s = Model::LoadMemory(base, bytes.size(), &m);
  if (s.ok() && model) {
    // Keep the bytes alive with the model for callers that run it.
    static std::vector<std::vector<uint8_t>> keep;
    keep.push_back(std::move(aligned));
    *model = m;
  }
  return s;
}

void ExpectError(const std::vector<uint8_t>& bytes, octet_status code, const std::vector<std::string>& fragments) {
  const Status s = Load(bytes);
  ASSERT_FALSE(s.ok()) << "the model loaded although it is invalid";
  EXPECT_EQ(s.code(), code) << s.message();
  for (const std::string& f : fragments)
    EXPECT_NE(s.message().find(f), std::string::npos) << s.message() << "\nmissing: " << f;
}

// A one-op model: int8 [1,4,4,2] -> AVERAGE_POOL 2x2 -> [1,2,2,2], with knobs to break it.
struct PoolModel {
  std::vector<int> input_shape = {1, 4, 4, 2};
  std::vector<int> output_shape = {1, 2, 2, 2};
  float scale = 0.5f;
  int64_t zero_point = 3;
  int op_input = 0;
  int op_type = static_cast<int>(schema::OpType::AVERAGE_POOL_2D);
  int filter = 2;
  uint32_t version = OCTET_FORMAT_VERSION;

  std::vector<uint8_t> Build() const {
    tools::ModelBuilder b;
    b.SetFormatVersion(version);
    const int in = b.AddTensor("in", TensorType::INT8, input_shape, tools::QuantSpec{{scale}, {zero_point}, 0});
    const int out = b.AddTensor("out", TensorType::INT8, output_shape, tools::QuantSpec{{scale}, {zero_point}, 0});
    (void)in;
    b.AddOperator(static_cast<schema::OpType>(op_type), {op_input}, {out}, schema::OperatorOptions::Pool2DOptions,
                  schema::CreatePool2DOptions(b.builder(), schema::Padding::VALID, 2, 2, filter, filter).Union());
    b.SetInputs({0});
    b.SetOutputs({out});
    return b.Finish();
  }
};

TEST(Verifier, ValidModelsLoad) {
  EXPECT_TRUE(Load(PoolModel().Build()).ok()) << Load(PoolModel().Build()).message();
  const Status s = Load(testing::BuildSmallInt8Model());
  EXPECT_TRUE(s.ok()) << s.message();
}

TEST(Verifier, EmptyAndTinyInputs) {
  std::shared_ptr<const Model> m;
  EXPECT_EQ(Model::LoadMemory(nullptr, 0, &m).code(), OCTET_INVALID_ARGUMENT);
  ExpectError({1, 2, 3}, OCTET_INVALID_MODEL, {"too short"});
}

TEST(Verifier, WrongIdentifier) {
  std::vector<uint8_t> bytes = PoolModel().Build();
  std::memcpy(bytes.data() + 4, "XXXX", 4);
  ExpectError(bytes, OCTET_INVALID_MODEL, {"not an octet model", "OCT1"});
  std::memcpy(bytes.data() + 4, "TFL3", 4);
  ExpectError(bytes, OCTET_UNSUPPORTED, {"TensorFlow Lite", "octet convert"});
}

TEST(Verifier, NewerFormatVersionIsRefused) {
  PoolModel m;
  m.version = OCTET_FORMAT_VERSION + 1;
  ExpectError(m.Build(), OCTET_UNSUPPORTED, {"format_version", std::to_string(OCTET_FORMAT_VERSION + 1)});
  m.version = 0;
  ExpectError(m.Build(), OCTET_UNSUPPORTED, {"format_version is 0"});
}

TEST(Verifier, EveryTruncationFailsCleanly) {
  const std::vector<uint8_t> bytes = testing::BuildSmallInt8Model();
  for (size_t len = 0; len < bytes.size(); len += (len < 256 ? 1 : 7)) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(len));
    if (cut.empty()) continue;
    const Status s = Load(cut);
    EXPECT_FALSE(s.ok()) << "prefix of " << len << " bytes loaded";
  }
}

TEST(Verifier, RandomByteFlipsNeverCrash) {
  // Each mutated model either fails with a message or loads; a loaded one must run (under the
  // sanitizers in CI, any out-of-bounds access fails the test).
  const std::vector<uint8_t> original = testing::BuildSmallInt8Model();
  testing::ReplicableRandom rng(7);
  int rejected = 0, loaded = 0;
  for (int trial = 0; trial < 1500; ++trial) {
    std::vector<uint8_t> bytes = original;
    const int flips = static_cast<int>(rng.Int(1, 4));
    for (int f = 0; f < flips; ++f) {
      bytes[static_cast<size_t>(rng.Int(0, static_cast<int64_t>(bytes.size()) - 1))] ^=
          static_cast<uint8_t>(1u << rng.Int(0, 7));
    }
    std::shared_ptr<const Model> model;
    const Status s = Load(bytes, &model);
    if (!s.ok()) {
      EXPECT_FALSE(s.message().empty());
      ++rejected;
      continue;
    }
    ++loaded;
    std::unique_ptr<Session> session;
    ASSERT_TRUE(Session::Create(model, SessionOptions(), &session).ok());
    session->Run();
  }
  EXPECT_GT(rejected, 0);
  std::printf("byte flips: %d rejected with an error, %d loaded and ran\n", rejected, loaded);
}

TEST(Verifier, OperatorInputIndexOutOfRange) {
  PoolModel m;
  m.op_input = 9;
  ExpectError(m.Build(), OCTET_INVALID_MODEL, {"operator 0 (AVERAGE_POOL_2D)", "inputs[0] is 9", "2 tensors"});
  m.op_input = -1;
  ExpectError(m.Build(), OCTET_INVALID_MODEL, {"operator 0", "inputs[0] is -1"});
}

TEST(Verifier, UnsupportedOperatorType) {
  PoolModel m;
  m.op_type = 999;
  ExpectError(m.Build(), OCTET_UNSUPPORTED, {"operator 0", "999", "not supported"});
}

TEST(Verifier, ShapeMismatchNamesTheOutput) {
  PoolModel m;
  m.output_shape = {1, 3, 2, 2};
  ExpectError(m.Build(), OCTET_INVALID_MODEL,
              {"operator 0 (AVERAGE_POOL_2D)", "tensor 1 'out'", "[1, 3, 2, 2]", "[1, 2, 2, 2]"});
}

TEST(Verifier, WindowLargerThanInputWithValidPadding) {
  PoolModel m;
  m.filter = 5;
  ExpectError(m.Build(), OCTET_INVALID_MODEL, {"operator 0", "does not fit"});
}

TEST(Verifier, BadDimensionsAndOverflow) {
  PoolModel m;
  m.input_shape = {1, 0, 4, 2};
  ExpectError(m.Build(), OCTET_INVALID_MODEL, {"tensor 0 'in'", "field shape", "below 1"});
  m.input_shape = {1, -4, 4, 2};
  ExpectError(m.Build(), OCTET_INVALID_MODEL, {"tensor 0 'in'", "below 1"});
  m.input_shape = {65536, 65536, 65536, 2};
  ExpectError(m.Build(), OCTET_INVALID_MODEL, {"tensor 0 'in'", "more than 2^31 elements"});
  m.input_shape = {1, 1, 1, 1, 1, 1, 1};
  ExpectError(m.Build(), OCTET_INVALID_MODEL, {"tensor 0 'in'", "7 dimensions"});
}

TEST(Verifier, BadScalesAndZeroPoints) {
  PoolModel m;
  for (float bad : {0.0f, -1.0f, std::nanf(""), INFINITY, 1e-45f}) {
    m.scale = bad;
    ExpectError(m.Build(), OCTET_INVALID_MODEL, {"tensor 0 'in'", "scale[0]", "positive finite"});
  }
  m.scale = 0.5f;
  m.zero_point = 128;
  ExpectError(m.Build(), OCTET_INVALID_MODEL, {"tensor 0 'in'", "zero_point[0] is 128", "[-128, 127]"});
}

TEST(Verifier, ConstantBufferTooSmallOrMissing) {
  tools::ModelBuilder b;
  const int in = b.AddTensor("in", TensorType::INT8, {1, 4}, tools::PerTensor(0.5f, 0));
  const std::vector<int8_t> w(7, 1);  // 2x4 needs 8 bytes
  const int wt = b.AddConstant("fc/w", TensorType::INT8, {2, 4}, w, tools::PerTensor(0.5f, 0));
  const int out = b.AddTensor("out", TensorType::INT8, {1, 2}, tools::PerTensor(1.0f, 0));
  b.AddOperator(schema::OpType::FULLY_CONNECTED, {in, wt}, {out});
  b.SetInputs({in});
  b.SetOutputs({out});
  ExpectError(b.Finish(), OCTET_INVALID_MODEL, {"tensor 1 'fc/w'", "holds 7 bytes", "needs 8"});
}

TEST(Verifier, PerChannelCountMustMatchAxis) {
  tools::ModelBuilder b;
  const int in = b.AddTensor("in", TensorType::INT8, {1, 4, 4, 3}, tools::PerTensor(0.5f, 0));
  const int wt = b.AddConstant("w", TensorType::INT8, {2, 1, 1, 3}, std::vector<int8_t>(6, 1),
                               tools::QuantSpec{{0.1f, 0.2f, 0.3f}, {0, 0, 0}, 0});
  const int out = b.AddTensor("out", TensorType::INT8, {1, 4, 4, 2}, tools::PerTensor(1.0f, 0));
  b.AddOperator(schema::OpType::CONV_2D, {in, wt}, {out});
  b.SetInputs({in});
  b.SetOutputs({out});
  ExpectError(b.Finish(), OCTET_INVALID_MODEL, {"tensor 1 'w'", "3 scales", "dimension 0"});
}

TEST(Verifier, Int8FilterWithZeroPointIsRefused) {
  tools::ModelBuilder b;
  const int in = b.AddTensor("in", TensorType::INT8, {1, 4, 4, 3}, tools::PerTensor(0.5f, 0));
  const int wt = b.AddConstant("w", TensorType::INT8, {2, 1, 1, 3}, std::vector<int8_t>(6, 1),
                               tools::QuantSpec{{0.1f, 0.2f}, {0, 5}, 0});
  const int out = b.AddTensor("out", TensorType::INT8, {1, 4, 4, 2}, tools::PerTensor(1.0f, 0));
  b.AddOperator(schema::OpType::CONV_2D, {in, wt}, {out});
  b.SetInputs({in});
  b.SetOutputs({out});
  ExpectError(b.Finish(), OCTET_INVALID_MODEL, {"operator 0 (CONV_2D)", "input 1 (tensor 1 'w')", "zero point 5"});
}

TEST(Verifier, ReadBeforeWrittenAndDoubleProducer) {
  tools::ModelBuilder b;
  const int in = b.AddTensor("in", TensorType::INT8, {1, 4}, tools::PerTensor(0.5f, 0));
  const int mid = b.AddTensor("mid", TensorType::INT8, {1, 4}, tools::PerTensor(0.5f, 0));
  const int out = b.AddTensor("out", TensorType::INT8, {1, 4}, tools::PerTensor(0.5f, 0));
  b.AddOperator(schema::OpType::RESHAPE, {mid}, {out});  // mid is produced only later
  b.AddOperator(schema::OpType::RESHAPE, {in}, {mid});
  b.SetInputs({in});
  b.SetOutputs({out});
  ExpectError(b.Finish(), OCTET_INVALID_MODEL, {"operator 0 (RESHAPE)", "tensor 1 'mid'", "read before"});

  tools::ModelBuilder c;
  const int cin = c.AddTensor("in", TensorType::INT8, {1, 4}, tools::PerTensor(0.5f, 0));
  const int cout = c.AddTensor("out", TensorType::INT8, {1, 4}, tools::PerTensor(0.5f, 0));
  c.AddOperator(schema::OpType::RESHAPE, {cin}, {cout});
  c.AddOperator(schema::OpType::RESHAPE, {cin}, {cout});
  c.SetInputs({cin});
  c.SetOutputs({cout});
  ExpectError(c.Finish(), OCTET_INVALID_MODEL, {"operator 1 (RESHAPE)", "already computed"});
}

TEST(Verifier, GraphOutputNeverComputed) {
  tools::ModelBuilder b;
  const int in = b.AddTensor("in", TensorType::INT8, {1, 4}, tools::PerTensor(0.5f, 0));
  const int out = b.AddTensor("out", TensorType::INT8, {1, 4}, tools::PerTensor(0.5f, 0));
  (void)out;
  b.SetInputs({in});
  b.SetOutputs({1});
  ExpectError(b.Finish(), OCTET_INVALID_MODEL, {"outputs[0]", "tensor 1 'out'", "never computed"});
}

TEST(Verifier, OptionsOfTheWrongType) {
  tools::ModelBuilder b;
  const int in = b.AddTensor("in", TensorType::INT8, {1, 4}, tools::PerTensor(0.5f, 0));
  const int out = b.AddTensor("out", TensorType::INT8, {1, 4}, tools::PerTensor(1.0f / 256, -128));
  b.AddOperator(schema::OpType::SOFTMAX, {in}, {out}, schema::OperatorOptions::AddOptions,
                schema::CreateAddOptions(b.builder()).Union());
  b.SetInputs({in});
  b.SetOutputs({out});
  ExpectError(b.Finish(), OCTET_INVALID_MODEL, {"operator 0 (SOFTMAX)", "field options", "AddOptions"});
}

// A file may hold up to 2^20 operators: load and session set-up must stay close to linear in the
// graph size (the memory planner was quadratic: 32000 operators whose outputs all stay alive took 8 s
// to load). 2^17 operators fanning out of the input, every output a graph output, then run once.
TEST(Verifier, HugeGraphLoadsAndRuns) {
  constexpr int kOps = 1 << 17;
  tools::ModelBuilder b;
  const int in = b.AddTensor("in", TensorType::INT8, {1, 4}, tools::PerTensor(0.5f, 0));
  std::vector<int> outs;
  for (int i = 0; i < kOps; ++i) {
    outs.push_back(b.AddTensor("t" + std::to_string(i), TensorType::INT8, {1, 4}, tools::PerTensor(1.0f, i % 7)));
    b.AddOperator(schema::OpType::QUANTIZE, {in}, {outs.back()});
  }
  b.SetInputs({in});
  b.SetOutputs(outs);
  std::shared_ptr<const Model> model;
  const Status loaded = Load(b.Finish(), &model);
  ASSERT_TRUE(loaded.ok()) << loaded.message();
  std::unique_ptr<Session> session;
  ASSERT_TRUE(Session::Create(model, SessionOptions(), &session).ok());
  const int8_t x[4] = {-128, -2, 0, 126};
  std::memcpy(session->tensor_data(in), x, sizeof(x));
  session->Run();
  // Scale 0.5 -> 1.0 halves (even inputs: no rounding), then adds the zero point i % 7.
  for (int i : {0, 6, kOps - 1}) {
    const auto* y = reinterpret_cast<const int8_t*>(session->tensor_data(outs[static_cast<size_t>(i)]));
    const int z = i % 7;
    EXPECT_EQ(y[0], -64 + z);
    EXPECT_EQ(y[1], -1 + z);
    EXPECT_EQ(y[2], z);
    EXPECT_EQ(y[3], 63 + z);
  }
}

}  // namespace
}  // namespace octet
