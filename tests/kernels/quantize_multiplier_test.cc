// Tests for kernels/common/quantize_multiplier.{h,cc}. Expected values are derived in the comments.
#include "kernels/common/quantize_multiplier.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "tests/testing/replicable_random.h"

namespace octet {
namespace {

constexpr int32_t kTwo30 = int32_t{1} << 30;

void ExpectMultiplier(double real, int32_t multiplier, int shift) {
  const QuantizedMultiplier q = QuantizeMultiplier(real);
  EXPECT_EQ(q.multiplier, multiplier) << "real=" << real;
  EXPECT_EQ(q.shift, shift) << "real=" << real;
}

TEST(QuantizeMultiplier, ExactPowersOfTwoAndSimpleFractions) {
  ExpectMultiplier(0.0, 0, 0);
  ExpectMultiplier(0.5, kTwo30, 0);  // 0.5 = 2^30 * 2^(0-31)
  ExpectMultiplier(1.0, kTwo30, 1);  // frexp(1) = 0.5 * 2^1
  ExpectMultiplier(0.75, 3 * (int32_t{1} << 29), 0);
  ExpectMultiplier(6.0, 3 * (int32_t{1} << 29), 3);  // 0.75 * 2^3
  ExpectMultiplier(std::ldexp(1.0, -20), kTwo30, -19);
}

TEST(QuantizeMultiplier, MantissaRoundsHalfAwayFromZero) {
  // f * 2^31 = 2^30 + 0.5 exactly -> 2^30 + 1 (ties away; ties-to-even would give 2^30).
  ExpectMultiplier((std::ldexp(1.0, 30) + 0.5) / std::ldexp(1.0, 31), kTwo30 + 1, 0);
  // f * 2^31 = 2^30 + 2.5 -> 2^30 + 3 (ties-to-even would also give ...2; away gives 3).
  ExpectMultiplier((std::ldexp(1.0, 30) + 2.5) / std::ldexp(1.0, 31), kTwo30 + 3, 0);
  // f * 2^31 = 2^30 + 2.25 -> 2^30 + 2.
  ExpectMultiplier((std::ldexp(1.0, 30) + 2.25) / std::ldexp(1.0, 31), kTwo30 + 2, 0);
}

TEST(QuantizeMultiplier, MantissaCarryTo2Pow31) {
  // real = 1 - 2^-33: f = real, f * 2^31 = 2^31 - 0.25 rounds to 2^31, which does not fit:
  // it becomes (2^30, e + 1) = (2^30, 1), i.e. exactly 1.0.
  ExpectMultiplier(1.0 - std::ldexp(1.0, -33), kTwo30, 1);
  // 2^31 - 0.5 also rounds up (tie away).
  ExpectMultiplier(1.0 - std::ldexp(1.0, -32), kTwo30, 1);
  // 1 - 2^-31: f * 2^31 = 2^31 - 1 fits.
  ExpectMultiplier(1.0 - std::ldexp(1.0, -31), INT32_MAX, 0);
  // Same carry at another exponent: (1 - 2^-40) * 2^-5 -> (2^30, -4).
  ExpectMultiplier((1.0 - std::ldexp(1.0, -40)) * std::ldexp(1.0, -5), kTwo30, -4);
}

TEST(QuantizeMultiplier, FlushesBelow2PowMinus32) {
  // 2^-32 = 0.5 * 2^-31: exponent -31 is still representable (M * 2^-62).
  ExpectMultiplier(std::ldexp(1.0, -32), kTwo30, -31);
  // 2^-33 has exponent -32 < -31: flushed to (0, 0).
  ExpectMultiplier(std::ldexp(1.0, -33), 0, 0);
  ExpectMultiplier(std::ldexp(1.5, -34), 0, 0);
  ExpectMultiplier(1e-30, 0, 0);
  // The carry is applied before the flush test: (1 - 2^-40) * 2^-32 has frexp exponent -32, but the
  // mantissa rounds to 2^31 and the exponent becomes -31, so it survives as 2^-32.
  ExpectMultiplier((1.0 - std::ldexp(1.0, -40)) * std::ldexp(1.0, -32), kTwo30, -31);
}

TEST(QuantizeMultiplier, WithinHalfAnUlpOfTheMultiplier) {
  // M * 2^(e-31) must be the nearest representable value: |real - M * 2^(e-31)| <= 2^(e-32), with M in
  // [2^30, 2^31). All terms are exact in double (M has 31 bits; real is scaled by a power of two).
  testing::ReplicableRandom random(11);
  for (int i = 0; i < 100000; ++i) {
    const double real =
        std::ldexp(1.0 + static_cast<double>(random.Int(0, (int64_t{1} << 52) - 1)) / std::ldexp(1.0, 52),
                   static_cast<int>(random.Int(-30, 20)));
    const QuantizedMultiplier q = QuantizeMultiplier(real);
    ASSERT_GE(q.multiplier, kTwo30);
    ASSERT_LE(q.multiplier, INT32_MAX);
    const double represented = std::ldexp(static_cast<double>(q.multiplier), q.shift - 31);
    ASSERT_LE(std::fabs(real - represented), std::ldexp(1.0, q.shift - 32)) << "real=" << real;
  }
}

TEST(ComputeActivationRange, NoneIsTheTypeRange) {
  const ActivationRange r = ComputeActivationRange(0, 0.05f, 3, -128, 127);
  EXPECT_EQ(r.min, -128);
  EXPECT_EQ(r.max, 127);
  const ActivationRange u = ComputeActivationRange(0, 0.05f, 3, 0, 255);
  EXPECT_EQ(u.min, 0);
  EXPECT_EQ(u.max, 255);
}

TEST(ComputeActivationRange, ReluStartsAtTheZeroPoint) {
  EXPECT_EQ(ComputeActivationRange(1, 0.05f, 3, -128, 127).min, 3);
  EXPECT_EQ(ComputeActivationRange(1, 0.05f, 3, -128, 127).max, 127);
  EXPECT_EQ(ComputeActivationRange(1, 0.05f, -128, -128, 127).min, -128);
  EXPECT_EQ(ComputeActivationRange(1, 0.05f, 255, 0, 255).min, 255);
}

TEST(ComputeActivationRange, Relu6) {
  // 6 / (6/255) = 255 in fp32 -> z + 255 = 127 for z = -128.
  ActivationRange r = ComputeActivationRange(2, 6.0f / 255.0f, -128, -128, 127);
  EXPECT_EQ(r.min, -128);
  EXPECT_EQ(r.max, 127);
  // Scale 0.1 and z = 0: Q(6) = 60.
  r = ComputeActivationRange(2, 0.1f, 0, -128, 127);
  EXPECT_EQ(r.min, 0);
  EXPECT_EQ(r.max, 60);
  // Q(6) beyond the type range is clipped: scale 0.01 -> 600.
  r = ComputeActivationRange(2, 0.01f, 10, 0, 255);
  EXPECT_EQ(r.min, 10);
  EXPECT_EQ(r.max, 255);
}

TEST(ComputeActivationRange, Relu6RoundsInSinglePrecisionTiesAway) {
  // float(0.096) = 0.0960000008...; exactly, 6 / that = 62.49999946, which rounds to 62 in double; but the
  // fp32 division gives exactly 62.5, which rounds away from zero to 63. TFLite divides in fp32.
  EXPECT_EQ(ComputeActivationRange(2, 0.096f, -128, -128, 127).max, -128 + 63);
  // Same with float(0.8): 6 / 0.8f = 7.4999998882 exactly, 7.5 in fp32 -> 8.
  EXPECT_EQ(ComputeActivationRange(2, 0.8f, 0, -128, 127).max, 8);
  // Scale 12: 6 / 12 = 0.5 exactly -> 1 (ties away; banker's rounding would give 0).
  EXPECT_EQ(ComputeActivationRange(2, 12.0f, 5, -128, 127).max, 6);
}

TEST(ComputeActivationRange, ReluN1To1) {
  // Scale 1/128, z = 0: Q(-1) = -128, Q(1) = 128 -> clipped to 127.
  ActivationRange r = ComputeActivationRange(3, 1.0f / 128.0f, 0, -128, 127);
  EXPECT_EQ(r.min, -128);
  EXPECT_EQ(r.max, 127);
  // Scale 0.8: +-1 / 0.8 = +-1.25 -> +-1 around z = 100.
  r = ComputeActivationRange(3, 0.8f, 100, 0, 255);
  EXPECT_EQ(r.min, 99);
  EXPECT_EQ(r.max, 101);
  // Scale 4: +-0.25 -> 0 on both sides.
  r = ComputeActivationRange(3, 4.0f, 7, -128, 127);
  EXPECT_EQ(r.min, 7);
  EXPECT_EQ(r.max, 7);
  // Scale 1/64: -64 + 100 = 36 and 164 -> 164 for uint8.
  r = ComputeActivationRange(3, 1.0f / 64.0f, 100, 0, 255);
  EXPECT_EQ(r.min, 36);
  EXPECT_EQ(r.max, 164);
}

}  // namespace
}  // namespace octet
