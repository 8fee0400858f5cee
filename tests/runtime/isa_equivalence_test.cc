// Whole models give the same bytes at every ISA: each layer's output of a MobileNet-shaped model and
// of a small model covering the other ops, with kernels capped at each ISA this machine supports
// (scalar = the portable optimized kernels), against the reference kernels. Then the coverage check: every ISA the
// machine supports and the build compiled must have had kernels run (a dispatch bug cannot hide behind a silent
// fallback to another path).
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>

#include "kernels/dispatch/coverage.h"
#include "runtime/graph/executor.h"
#include "runtime/model/model.h"
#include "tests/runtime/test_models.h"
#include "tests/testing/replicable_random.h"
#include "tools/common/builtin_models.h"

namespace octet {
namespace {

struct Outputs {
  std::vector<std::vector<uint8_t>> bytes;
  std::string kernels;  // the kernel each op ran, for messages
};

// cap null: the reference kernels only.
Outputs RunAt(const std::shared_ptr<const Model>& model, const Isa* cap, uint64_t seed) {
  SessionOptions options;
  options.reference_only = cap == nullptr;
  options.has_isa_cap = cap != nullptr;
  if (cap) options.isa_cap = *cap;
  std::unique_ptr<Session> session;
  const Status s = Session::Create(model, options, &session);
  EXPECT_TRUE(s.ok()) << s.message();
  Outputs out;
  if (!s.ok()) return out;
  testing::ReplicableRandom rng(seed);
  for (int t : model->inputs()) {
    const Tensor& tensor = model->tensors()[static_cast<size_t>(t)];
    for (size_t i = 0; i < tensor.byte_size; ++i) session->tensor_data(t)[i] = static_cast<uint8_t>(rng.Int(0, 255));
  }
  session->Run();
  for (int t : model->outputs()) {
    const Tensor& tensor = model->tensors()[static_cast<size_t>(t)];
    out.bytes.emplace_back(session->tensor_data(t), session->tensor_data(t) + tensor.byte_size);
  }
  for (const Kernel* k : session->plan().kernels) out.kernels += std::string(k->name()) + " ";
  return out;
}

void ExpectSameAtEveryIsa(const std::vector<uint8_t>& bytes, const std::string& what) {
  std::shared_ptr<const Model> model;
  const Status s = Model::LoadMemory(bytes.data(), bytes.size(), &model);
  ASSERT_TRUE(s.ok()) << s.message();
  for (uint64_t seed : {1, 2}) {
    const Outputs reference = RunAt(model, nullptr, seed);
    const IsaSet available = DetectedIsas() & BuiltIsas();
    for (int i = 0; i < static_cast<int>(Isa::kCount); ++i) {
      const Isa isa = static_cast<Isa>(i);
      if (!Has(available, isa)) continue;
      const Outputs got = RunAt(model, &isa, seed);
      ASSERT_EQ(got.bytes.size(), reference.bytes.size());
      for (size_t o = 0; o < got.bytes.size(); ++o) {
        size_t differ = 0, first = 0;
        for (size_t b = 0; b < got.bytes[o].size(); ++b) {
          if (got.bytes[o][b] != reference.bytes[o][b] && differ++ == 0) first = b;
        }
        EXPECT_EQ(differ, 0u) << what << " at " << IsaName(isa) << ": output " << o
                              << " differs from the reference kernels in " << differ << " bytes, first at " << first
                              << "\nkernels: " << got.kernels;
      }
    }
  }
}

TEST(IsaEquivalence, MobileNetV1EveryLayer) {
  std::vector<uint8_t> bytes;
  std::string error;
  tools::BuiltinOptions options;
  options.expose_activations = true;
  ASSERT_TRUE(tools::BuildBuiltinModel("mobilenet_v1_0.25_128", options, &bytes, &error)) << error;
  ExpectSameAtEveryIsa(bytes, "mobilenet_v1_0.25_128");
}

TEST(IsaEquivalence, SmallModelAllOps) { ExpectSameAtEveryIsa(testing::BuildSmallInt8Model(), "small model"); }

// Runs last in this binary (gtest runs tests in declaration order).
TEST(IsaEquivalence, ZZ_EveryAvailableIsaRan) {
  const IsaSet available = DetectedIsas() & BuiltIsas();
  std::printf("available: %s\nkernels ran: %s\n", IsaSetString(available).c_str(), IsaSetString(UsedIsas()).c_str());
  for (int i = 0; i < static_cast<int>(Isa::kCount); ++i) {
    const Isa isa = static_cast<Isa>(i);
    if (Has(available, isa)) {
      EXPECT_TRUE(Has(UsedIsas(), isa)) << "this machine supports " << IsaName(isa)
                                        << " and the build compiled it, but none of its kernels ran";
    }
  }
}

}  // namespace
}  // namespace octet
