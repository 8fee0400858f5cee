// Whole models give the same bytes at every ISA: each layer's output of a MobileNet-shaped model and
// of a small model covering the other ops, with kernels capped at each ISA this machine supports
// (scalar = the portable optimized kernels), against the reference kernels. Then the coverage check: every ISA the
// machine supports and the build compiled must have had kernels run (a dispatch bug cannot hide behind a silent
// fallback to another path).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "kernels/dispatch/coverage.h"
#include "runtime/graph/executor.h"
#include "runtime/model/model.h"
#include "tests/runtime/test_models.h"
#include "tests/testing/session_run.h"
#include "tools/common/builtin_models.h"

namespace octet {
namespace {

void ExpectSameAtEveryIsa(const std::vector<uint8_t>& bytes, const std::string& what) {
  std::shared_ptr<const Model> model;
  const Status s = Model::LoadMemory(bytes.data(), bytes.size(), &model);
  ASSERT_TRUE(s.ok()) << s.message();
  for (uint64_t seed : {1, 2}) {
    const testing::SessionRun reference = testing::RunSession(model, nullptr, 1, seed);
    const IsaSet available = DetectedIsas() & BuiltIsas();
    for (int i = 0; i < static_cast<int>(Isa::kCount); ++i) {
      const Isa isa = static_cast<Isa>(i);
      if (!Has(available, isa)) continue;
      SCOPED_TRACE(what + " at " + IsaName(isa) + ", seed " + std::to_string(seed));
      testing::ExpectSameOutputs(testing::RunSession(model, &isa, 1, seed), reference);
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
