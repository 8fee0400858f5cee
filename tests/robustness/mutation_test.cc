// Hostile models: thousands of mutations of each real conformance model (bit flips, truncations and
// field rewrites located through the schema), each loaded and, when it still verifies, run. The test
// asserts zero crashes implicitly (a crash or sanitizer report fails the process) and that every
// rejection carries a message; it prints how many mutations were rejected and how many ran.
// OCTET_MUTATIONS sets the count per model (default 10000; the sanitizer build uses fewer).
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>

#include "octet/schema/octet_generated.h"
#include "runtime/graph/executor.h"
#include "runtime/model/model.h"
#include "tests/testing/replicable_random.h"
#include "tools/convert/tflite_to_octet.h"

namespace octet {
namespace {

struct Counts {
  int rejected = 0, ran = 0;
};

// Byte offsets of rewritable fields, found through the generated accessors (pointers into the buffer).
struct Field {
  size_t offset;
  size_t size;  // 4 or 8
};

std::vector<Field> FindFields(const std::vector<uint8_t>& bytes) {
  std::vector<Field> fields;
  const uint8_t* base = bytes.data();
  const auto add = [&](const void* p, size_t size) {
    fields.push_back({static_cast<size_t>(static_cast<const uint8_t*>(p) - base), size});
  };
  const schema::Model* model = schema::GetModel(base);
  for (const schema::Tensor* t : *model->tensors()) {
    if (t->shape()) {
      for (flatbuffers::uoffset_t i = 0; i < t->shape()->size(); ++i) add(t->shape()->data() + i, 4);
    }
    if (const schema::Quantization* q = t->quantization()) {
      if (q->scale() && q->scale()->size() > 0) add(q->scale()->data(), 4);
      if (q->zero_point() && q->zero_point()->size() > 0) add(q->zero_point()->data(), 8);
    }
  }
  for (const schema::Operator* op : *model->operators()) {
    for (flatbuffers::uoffset_t i = 0; i < op->inputs()->size(); ++i) add(op->inputs()->data() + i, 4);
    for (flatbuffers::uoffset_t i = 0; i < op->outputs()->size(); ++i) add(op->outputs()->data() + i, 4);
  }
  return fields;
}

void LoadAndMaybeRun(const std::vector<uint8_t>& bytes, Counts* counts) {
  std::shared_ptr<const Model> model;
  const Status s = Model::LoadMemory(bytes.data(), bytes.size(), &model);
  if (!s.ok()) {
    EXPECT_FALSE(s.message().empty());
    ++counts->rejected;
    return;
  }
  std::unique_ptr<Session> session;
  ASSERT_TRUE(Session::Create(model, SessionOptions(), &session).ok());
  for (int t : model->inputs()) {
    const Tensor& tensor = model->tensors()[static_cast<size_t>(t)];
    std::memset(session->tensor_data(t), 0x5a, tensor.byte_size);
  }
  session->Run();
  ++counts->ran;
}

TEST(Mutation, ConformanceModels) {
  const char* env = std::getenv("OCTET_MUTATIONS");
  const int mutations = env ? std::atoi(env) : 10000;
  int models = 0;
  for (const char* name : {"mobilenet_v1_0.25_128_quant.tflite", "tf2_mobilenet_v2_1.0_224_ptq.tflite"}) {
    std::ifstream file(std::string(OCTET_SHARED_DIR) + "/models/" + name, std::ios::binary);
    if (!file) continue;
    const std::vector<uint8_t> tflite((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const tools::ConvertResult converted = tools::ConvertTfliteToOctet(tflite.data(), tflite.size(), name);
    ASSERT_TRUE(converted.ok) << converted.error;
    const std::vector<uint8_t>& original = converted.model;
    const std::vector<Field> fields = FindFields(original);
    ASSERT_FALSE(fields.empty());
    testing::ReplicableRandom rng(2026);
    Counts flips, cuts, rewrites;
    for (int m = 0; m < mutations; ++m) {
      std::vector<uint8_t> bytes = original;
      const int kind = m % 3;
      if (kind == 0) {  // 1-8 random bit flips anywhere
        const int n = static_cast<int>(rng.Int(1, 8));
        for (int i = 0; i < n; ++i) {
          bytes[static_cast<size_t>(rng.Int(0, static_cast<int64_t>(bytes.size()) - 1))] ^=
              static_cast<uint8_t>(1u << rng.Int(0, 7));
        }
        LoadAndMaybeRun(bytes, &flips);
      } else if (kind == 1) {  // truncation
        bytes.resize(static_cast<size_t>(rng.Int(1, static_cast<int64_t>(bytes.size()) - 1)));
        LoadAndMaybeRun(bytes, &cuts);
      } else {  // a schema field rewritten with an adversarial value
        const Field& f = fields[static_cast<size_t>(rng.Int(0, static_cast<int64_t>(fields.size()) - 1))];
        static const int64_t kValues[] = {0,   -1,    1,       2,         3,         127,       128,      255,
                                          256, 65535, 1 << 20, INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN};
        int64_t value = kValues[rng.Int(0, sizeof(kValues) / sizeof(kValues[0]) - 1)];
        if (rng.Int(0, 3) == 0) value = rng.Int(INT32_MIN, INT32_MAX);
        if (f.size == 4 && rng.Int(0, 2) == 0) {  // as a float: NaN, inf, tiny, negative
          static const float kFloats[] = {0.0f, -1.0f, 1e-45f, 1e38f, INFINITY, NAN, 1e-30f, 3.0e9f};
          float fv = kFloats[rng.Int(0, 7)];
          std::memcpy(bytes.data() + f.offset, &fv, 4);
        } else if (f.size == 4) {
          const int32_t v32 = static_cast<int32_t>(value);
          std::memcpy(bytes.data() + f.offset, &v32, 4);
        } else {
          std::memcpy(bytes.data() + f.offset, &value, 8);
        }
        LoadAndMaybeRun(bytes, &rewrites);
      }
    }
    ++models;
    std::printf(
        "%s: %d mutations: bit flips %d rejected / %d ran; truncations %d rejected / %d ran; field rewrites %d "
        "rejected / %d ran; 0 crashes\n",
        name, mutations, flips.rejected, flips.ran, cuts.rejected, cuts.ran, rewrites.rejected, rewrites.ran);
    EXPECT_EQ(cuts.ran, 0) << "a truncated model loaded";
  }
  if (models == 0) GTEST_SKIP() << "no models in " << OCTET_SHARED_DIR << "/models";
}

}  // namespace
}  // namespace octet
