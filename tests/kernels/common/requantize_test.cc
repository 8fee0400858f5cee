// The one-step requantization (requantize.h) equals TFLite's two-step MBQM (fixedpoint.h) on every
// tie and on random inputs over the whole multiplier and shift range.
#include "kernels/common/requantize.h"

#include <gtest/gtest.h>

#include "kernels/common/fixedpoint.h"
#include "tests/testing/replicable_random.h"

namespace octet {
namespace {

int32_t TwoStep(int32_t acc, int32_t m, int shift, int32_t zp, int32_t lo, int32_t hi) {
  const int32_t v = fixedpoint::MultiplyByQuantizedMultiplier(acc, m, shift) + zp;
  return std::min(std::max(v, lo), hi);
}

TEST(Requantize, TiesAtEveryShift) {
  for (int shift = -31; shift <= 0; ++shift) {
    const int32_t m = int32_t{1} << 30;  // exactly 0.5: every odd accumulator is a tie somewhere
    const int32_t sh = shift;
    RequantTable table(&m, &sh, 1, 0, INT32_MIN, INT32_MAX);
    const RequantView v = table.view();
    for (int32_t acc = -5000; acc <= 5000; ++acc) {
      ASSERT_EQ(RequantizeOne(v, 0, acc), TwoStep(acc, m, shift, 0, INT32_MIN, INT32_MAX)) << acc << " " << shift;
    }
    for (int32_t acc : {INT32_MIN, INT32_MIN + 1, INT32_MAX, INT32_MAX - 1}) {
      ASSERT_EQ(RequantizeOne(v, 0, acc), TwoStep(acc, m, shift, 0, INT32_MIN, INT32_MAX)) << acc << " " << shift;
    }
  }
}

TEST(Requantize, RandomAgainstTwoStep) {
  testing::ReplicableRandom rng(21);
  for (int trial = 0; trial < 2000; ++trial) {
    const size_t channels = static_cast<size_t>(rng.Int(1, 70));
    std::vector<int32_t> m(channels), sh(channels);
    for (size_t c = 0; c < channels; ++c) {
      m[c] = rng.Int(0, 19) == 0 ? 0 : static_cast<int32_t>(rng.Int(int64_t{1} << 30, (int64_t{1} << 31) - 1));
      sh[c] = static_cast<int32_t>(rng.Int(-31, trial % 4 == 0 ? 8 : 0));
    }
    const int32_t zp = static_cast<int32_t>(rng.Int(-128, 127));
    RequantTable table(m.data(), sh.data(), channels, zp, -128, 127);
    const RequantView v = table.view();
    for (int i = 0; i < 50; ++i) {
      const size_t c = static_cast<size_t>(rng.Int(0, static_cast<int64_t>(channels) - 1));
      const int32_t acc = static_cast<int32_t>(i < 10 ? rng.Int(INT32_MIN, INT32_MAX) : rng.Int(-100000, 100000));
      ASSERT_EQ(RequantizeOne(v, c, acc), TwoStep(acc, m[c], sh[c], zp, -128, 127))
          << "acc " << acc << " multiplier " << m[c] << " shift " << sh[c];
    }
  }
}

}  // namespace
}  // namespace octet
