// Every ISA's vector requantization equals the scalar one-step form (itself tested against TFLite's
// two-step MBQM in requantize_test.cc), lane by lane, on edge and random inputs.
#include "tests/kernels/common/requantize_simd.h"

#include <gtest/gtest.h>

#include "kernels/dispatch/isa.h"
#include "tests/testing/replicable_random.h"

namespace octet {
namespace {

using Lanes = void (*)(const RequantView&, const int32_t*, int32_t*, size_t);

void Sweep(Isa isa, Lanes lanes, bool int8_clamp = false) {
  if (!Has(DetectedIsas() & BuiltIsas(), isa)) GTEST_SKIP() << IsaName(isa) << " is not available on this machine";
  testing::ReplicableRandom rng(31);
  constexpr size_t kChannels = 64;
  for (int trial = 0; trial < 3000; ++trial) {
    std::vector<int32_t> m(kChannels), sh(kChannels), acc(kChannels), got(kChannels);
    for (size_t c = 0; c < kChannels; ++c) {
      m[c] = rng.Int(0, 30) == 0 ? 0 : static_cast<int32_t>(rng.Int(int64_t{1} << 30, (int64_t{1} << 31) - 1));
      if (trial % 7 == 0) m[c] = int32_t{1} << 30;  // exact halves: ties everywhere
      sh[c] = static_cast<int32_t>(rng.Int(-31, trial % 3 == 0 ? 10 : 0));
      const int kind = static_cast<int>(rng.Int(0, 9));
      acc[c] = kind == 0   ? static_cast<int32_t>(rng.Int(INT32_MIN, INT32_MAX))
               : kind == 1 ? (rng.Int(0, 1) ? INT32_MIN : INT32_MAX)
                           : static_cast<int32_t>(rng.Int(-70000, 70000));
    }
    const int32_t zp = static_cast<int32_t>(rng.Int(-128, 127));
    const int32_t lo = trial % 5 == 0 && !int8_clamp ? INT32_MIN : static_cast<int32_t>(rng.Int(-128, 0));
    const int32_t hi = trial % 5 == 0 && !int8_clamp ? INT32_MAX : static_cast<int32_t>(rng.Int(0, 127));
    RequantTable table(m.data(), sh.data(), kChannels, zp, lo, hi);
    const RequantView v = table.view();
    lanes(v, acc.data(), got.data(), kChannels);
    for (size_t c = 0; c < kChannels; ++c) {
      ASSERT_EQ(got[c], RequantizeOne(v, c, acc[c]))
          << IsaName(isa) << " channel " << c << " acc " << acc[c] << " multiplier " << m[c] << " shift " << sh[c];
    }
  }
}

#if defined(__x86_64__) || defined(__i386__)
TEST(RequantizeSimd, Sse41) { Sweep(Isa::kSse41, testing::RequantizeSse41Lanes); }
TEST(RequantizeSimd, Avx2) { Sweep(Isa::kAvx2, testing::RequantizeAvx2Lanes); }
TEST(RequantizeSimd, Avx512) { Sweep(Isa::kAvx512Vnni, testing::RequantizeAvx512Lanes); }
#endif
#if defined(__aarch64__) || defined(__arm__)
TEST(RequantizeSimd, Neon) { Sweep(Isa::kNeon, testing::RequantizeNeonLanes); }
TEST(RequantizeSimd, NeonInt8) { Sweep(Isa::kNeon, testing::RequantizeNeonInt8Lanes, /*int8_clamp=*/true); }
#endif

}  // namespace
}  // namespace octet
