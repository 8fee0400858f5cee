#include "kernels/dispatch/isa.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace octet {
namespace {

TEST(Isa, NamesRoundTrip) {
  for (int i = 0; i < static_cast<int>(Isa::kCount); ++i) {
    Isa parsed;
    ASSERT_TRUE(ParseIsa(IsaName(static_cast<Isa>(i)), &parsed));
    EXPECT_EQ(static_cast<int>(parsed), i);
  }
  Isa parsed;
  EXPECT_FALSE(ParseIsa("avx9000", &parsed));
}

TEST(Isa, CapsAreOrderedWithinAnArchitecture) {
  EXPECT_EQ(IsasUpTo(Isa::kScalar), IsaBit(Isa::kScalar));
  EXPECT_EQ(IsasUpTo(Isa::kAvx2), IsaBit(Isa::kScalar) | IsaBit(Isa::kSse41) | IsaBit(Isa::kAvx2));
  EXPECT_EQ(IsasUpTo(Isa::kNeonDot), IsaBit(Isa::kScalar) | IsaBit(Isa::kNeon) | IsaBit(Isa::kNeonDot));
  EXPECT_FALSE(Has(IsasUpTo(Isa::kAvx512Vnni), Isa::kNeon));
}

TEST(Isa, UsableRespectsCapAndDetection) {
  const IsaSet all = UsableIsas(nullptr);
  EXPECT_TRUE(Has(all, Isa::kScalar));
  EXPECT_EQ(all & ~(DetectedIsas() & BuiltIsas()), 0u);
  const Isa cap = Isa::kSse41;
  EXPECT_EQ(UsableIsas(&cap) & ~IsasUpTo(Isa::kSse41), 0u);
  EXPECT_EQ(BestIsa(IsaBit(Isa::kScalar) | IsaBit(Isa::kAvx2) | IsaBit(Isa::kSse41)), Isa::kAvx2);
  setenv("OCTET_ISA", "bogus", 1);
  std::string error;
  UsableIsas(nullptr, &error);
  EXPECT_NE(error.find("OCTET_ISA=bogus"), std::string::npos);
  unsetenv("OCTET_ISA");
}

TEST(Isa, ThisMachine) {
  // Zen 5 (the CI machine): every x86 ISA must be detected, including AVX-VNNI, which Debian's
  // cpuinfo cannot report and octet detects itself.
  std::printf("detected: %s\nbuilt: %s\n", IsaSetString(DetectedIsas()).c_str(), IsaSetString(BuiltIsas()).c_str());
#if defined(__x86_64__)
  if (Has(DetectedIsas(), Isa::kAvx512Vnni)) {
    EXPECT_TRUE(Has(DetectedIsas(), Isa::kAvx2));
  }
#endif
}

}  // namespace
}  // namespace octet
