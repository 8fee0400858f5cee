// Tests for kernels/common/fixedpoint.h and kernels/common/softmax_fixedpoint.h. Expected values are
// worked out by hand in the comments, or come from tests/kernels/golden/make_goldens.py (exact Python
// integers), or from tests/kernels/reference/independent.h (a differently coded restatement).
#include "kernels/common/fixedpoint.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "kernels/common/softmax_fixedpoint.h"
#include "tests/kernels/reference/independent.h"
#include "tests/testing/replicable_random.h"

namespace octet::fixedpoint {
namespace {

constexpr int32_t kMin = std::numeric_limits<int32_t>::min();
constexpr int32_t kMax = std::numeric_limits<int32_t>::max();
constexpr int32_t kHalf = int32_t{1} << 30;  // 0.5 as a Q0.31 multiplier

TEST(SaturatingRoundingDoublingHighMul, TiesRoundTowardPlusInfinity) {
  // a * 2^30 / 2^31 = a / 2.
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(1, kHalf), 1);    // 0.5 -> 1
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(-1, kHalf), 0);   // -0.5 -> 0, not -1
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(3, kHalf), 2);    // 1.5 -> 2
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(-3, kHalf), -1);  // -1.5 -> -1
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(-5, kHalf), -2);  // -2.5 -> -2
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(4, kHalf), 2);    // exact
  // Non-ties: 3 * 2^29 / 2^31 = 0.75 -> 1; -0.75 -> -1; 2^29 / 2^31 = 0.25 -> 0.
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(3, int32_t{1} << 29), 1);
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(-3, int32_t{1} << 29), -1);
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(1, int32_t{1} << 29), 0);
}

TEST(SaturatingRoundingDoublingHighMul, SaturatesOnlyForMinTimesMin) {
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(kMin, kMin), kMax);  // 2^62 / 2^31 = 2^31 does not fit
  // -2^31 * (2^31 - 1) / 2^31 = -(2^31 - 1) exactly.
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(kMin, kMax), -kMax);
  // (2^31 - 1)^2 / 2^31 = 2^31 - 2 + 2^-31 -> 2^31 - 2.
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(kMax, kMax), kMax - 1);
  // -2^31 * -(2^31 - 1) / 2^31 = 2^31 - 1.
  EXPECT_EQ(SaturatingRoundingDoublingHighMul(kMin, -kMax), kMax);
}

TEST(RoundingDivideByPOT, TiesAwayFromZeroBothSigns) {
  EXPECT_EQ(RoundingDivideByPOT(5, 1), 3);    // 2.5
  EXPECT_EQ(RoundingDivideByPOT(-5, 1), -3);  // -2.5
  EXPECT_EQ(RoundingDivideByPOT(6, 2), 2);    // 1.5
  EXPECT_EQ(RoundingDivideByPOT(-6, 2), -2);  // -1.5
  EXPECT_EQ(RoundingDivideByPOT(2, 2), 1);    // 0.5
  EXPECT_EQ(RoundingDivideByPOT(-2, 2), -1);  // -0.5
  // Non-ties on both sides of a tie.
  EXPECT_EQ(RoundingDivideByPOT(-5, 2), -1);  // -1.25
  EXPECT_EQ(RoundingDivideByPOT(-7, 2), -2);  // -1.75
  EXPECT_EQ(RoundingDivideByPOT(5, 2), 1);    // 1.25
  EXPECT_EQ(RoundingDivideByPOT(7, 2), 2);    // 1.75
  EXPECT_EQ(RoundingDivideByPOT(-1, 2), 0);   // -0.25
}

TEST(RoundingDivideByPOT, ExponentLimits) {
  EXPECT_EQ(RoundingDivideByPOT(-17, 0), -17);
  EXPECT_EQ(RoundingDivideByPOT(kMin, 0), kMin);
  EXPECT_EQ(RoundingDivideByPOT(kMin, 31), -1);      // exactly -1
  EXPECT_EQ(RoundingDivideByPOT(kMax, 31), 1);       // 1 - 2^-31
  EXPECT_EQ(RoundingDivideByPOT(kHalf, 31), 1);      // 0.5, tie away
  EXPECT_EQ(RoundingDivideByPOT(-kHalf, 31), -1);    // -0.5, tie away
  EXPECT_EQ(RoundingDivideByPOT(kHalf - 1, 31), 0);  // just below the tie
  EXPECT_EQ(RoundingDivideByPOT(kMin, 30), -2);
  EXPECT_EQ(RoundingDivideByPOT(kMax, 30), 2);  // 2 - 2^-30
}

TEST(RoundingDivideByPOT, MatchesIndependentRounding) {
  testing::ReplicableRandom random(1);
  for (int i = 0; i < 200000; ++i) {
    const int32_t x = static_cast<int32_t>(i < 1000 ? random.Int(-64, 64) : random.Int(kMin, kMax));
    const int exponent = static_cast<int>(random.Int(0, 31));
    ASSERT_EQ(RoundingDivideByPOT(x, exponent), testing::DivPow2RoundHalfAway(x, exponent))
        << "x=" << x << " exponent=" << exponent;
  }
}

TEST(MultiplyByQuantizedMultiplier, SpecTieExamples) {
  // Spec section 1.3: -1.5 with shift 0 is rounded by the high multiply only (ties up) -> -1; the same
  // -1.5 reached through a right shift is rounded by RoundingDivideByPOT (ties away) -> -2.
  EXPECT_EQ(MultiplyByQuantizedMultiplier(-3, kHalf, 0), -1);
  EXPECT_EQ(MultiplyByQuantizedMultiplier(-6, kHalf, -1), -2);
  // Double rounding: 1 * 0.25 = 0.25 becomes 0.5 -> 1 after the high multiply, then 0.5 -> 1.
  EXPECT_EQ(MultiplyByQuantizedMultiplier(1, kHalf, -1), 1);
  // and -0.25: -0.5 -> 0 after the high multiply, then 0.
  EXPECT_EQ(MultiplyByQuantizedMultiplier(-1, kHalf, -1), 0);
}

TEST(MultiplyByQuantizedMultiplier, LeftShifts) {
  // (M, e) = (2^30, 3) is the real multiplier 4: the left shift is applied to x before the multiply.
  EXPECT_EQ(MultiplyByQuantizedMultiplier(3, kHalf, 3), 12);
  EXPECT_EQ(MultiplyByQuantizedMultiplier(-7, kHalf, 3), -28);
  // 0.75 * 2^2 = 3: 5 * 3 = 15.
  EXPECT_EQ(MultiplyByQuantizedMultiplier(5, 3 * (int32_t{1} << 29), 2), 15);
  // The left shift wraps in int32 like TFLite's: 2^29 << 3 = 2^32 -> 0.
  EXPECT_EQ(MultiplyByQuantizedMultiplier(int32_t{1} << 29, kHalf, 3), 0);
  // 2^28 << 3 = 2^31 wraps to -2^31; times 0.5 -> -2^30.
  EXPECT_EQ(MultiplyByQuantizedMultiplier(int32_t{1} << 28, kHalf, 3), -kHalf);
}

TEST(MultiplyByQuantizedMultiplier, MatchesIndependentImplementation) {
  testing::ReplicableRandom random(2);
  for (int i = 0; i < 200000; ++i) {
    const int32_t x = static_cast<int32_t>(i % 2 == 0 ? random.Int(-100000, 100000) : random.Int(kMin, kMax));
    const int32_t multiplier = static_cast<int32_t>(random.Int(kHalf, kMax));
    const int shift = static_cast<int>(random.Int(-31, 8));
    ASSERT_EQ(MultiplyByQuantizedMultiplier(x, multiplier, shift), testing::IndependentMbqm(x, multiplier, shift))
        << "x=" << x << " M=" << multiplier << " shift=" << shift;
  }
  EXPECT_EQ(MultiplyByQuantizedMultiplier(kMin, kMin, 0), kMax);
  EXPECT_EQ(testing::IndependentMbqm(kMin, kMin, 0), kMax);
}

TEST(MultiplyByQuantizedMultiplier, VariantsAgreeWithGeneralForm) {
  testing::ReplicableRandom random(3);
  for (int i = 0; i < 20000; ++i) {
    const int32_t x = static_cast<int32_t>(random.Int(-(1 << 24), 1 << 24));
    const int32_t multiplier = static_cast<int32_t>(random.Int(kHalf, kMax));
    const int right = static_cast<int>(random.Int(0, 31));
    ASSERT_EQ(MultiplyByQuantizedMultiplierSmallerThanOne(x, multiplier, -right),
              testing::IndependentMbqm(x, multiplier, -right));
    const int left = static_cast<int>(random.Int(0, 6));
    ASSERT_EQ(MultiplyByQuantizedMultiplierGreaterThanOne(x, multiplier, left),
              testing::IndependentMbqm(x, multiplier, left));
  }
}

TEST(SaturatingShiftLeft, SaturatesAtTheSymmetricLimits) {
  // n = 2: limit 2^29 - 1.
  EXPECT_EQ(SaturatingShiftLeft((1 << 29) - 1, 2), ((1 << 29) - 1) * 4);
  EXPECT_EQ(SaturatingShiftLeft(1 << 29, 2), kMax);
  EXPECT_EQ(SaturatingShiftLeft(-((1 << 29) - 1), 2), -((1 << 29) - 1) * 4);
  // -2^29 * 4 = -2^31 would fit, but the gemmlowp rule saturates below -(2^29 - 1): same value anyway.
  EXPECT_EQ(SaturatingShiftLeft(-(1 << 29), 2), kMin);
  EXPECT_EQ(SaturatingShiftLeft(-(1 << 29) - 1, 2), kMin);
  EXPECT_EQ(SaturatingShiftLeft(-3, 1), -6);
  EXPECT_EQ(SaturatingShiftLeft(1, 31), kMax);
  EXPECT_EQ(SaturatingShiftLeft(0, 31), 0);
  EXPECT_EQ(SaturatingShiftLeft(-1, 31), kMin);
}

TEST(RoundingHalfSum, RoundsHalfAwayFromZero) {
  EXPECT_EQ(RoundingHalfSum(1, 2), 2);     // 1.5
  EXPECT_EQ(RoundingHalfSum(-1, -2), -2);  // -1.5
  EXPECT_EQ(RoundingHalfSum(1, 0), 1);     // 0.5
  EXPECT_EQ(RoundingHalfSum(-1, 0), -1);   // -0.5
  EXPECT_EQ(RoundingHalfSum(0, 0), 0);
  EXPECT_EQ(RoundingHalfSum(-1, 2), 1);  // 0.5
  EXPECT_EQ(RoundingHalfSum(kMax, kMax), kMax);
  EXPECT_EQ(RoundingHalfSum(kMin, kMin), kMin);
  EXPECT_EQ(RoundingHalfSum(kMax, 0), kHalf);  // 2^30 - 0.5 -> 2^30
}

// Golden values from tests/kernels/golden/make_goldens.py (section "exp_neg ... samples"), an exact
// integer Python transcription of the spec's ExpNeg / ExpQuarter / OneOverOnePlusX.
TEST(SoftmaxFixedPoint, ExpOnNegativeValuesGoldens) {
  EXPECT_EQ(ExpOnNegativeValues(0, 5), kMax);
  EXPECT_EQ(ExpOnNegativeValues(-1, 5), 2147483124);
  EXPECT_EQ(ExpOnNegativeValues(-(1 << 24), 5), 1672462419);     // exp(-1/4)
  EXPECT_EQ(ExpOnNegativeValues(-(1 << 26), 5), 790015308);      // exp(-1)
  EXPECT_EQ(ExpOnNegativeValues(-3 * (1 << 25), 5), 479168506);  // exp(-1.5)
  EXPECT_EQ(ExpOnNegativeValues(-5 * (1 << 26), 5), 14469635);   // exp(-5)
  EXPECT_EQ(ExpOnNegativeValues(-31 * (1 << 26), 5), 0);         // exp(-31) underflows
  EXPECT_EQ(ExpOnNegativeValues(kMin + (1 << 26), 5), 0);
}

TEST(SoftmaxFixedPoint, ExpOnNegativeValuesApproximatesExp) {
  // Not the bit-exactness check (the goldens above are): a sanity bound against libm over the Q5.26 range.
  // The polynomial + barrel shifter is accurate to about 1.5e-7 (measured with make_goldens.py).
  for (int64_t a = 0; a >= -(int64_t{31} << 26); a -= 1234567) {
    const double expected = std::exp(static_cast<double>(a) / (1 << 26));
    const double got = ExpOnNegativeValues(static_cast<int32_t>(a), 5) / 2147483648.0;
    ASSERT_NEAR(got, expected, 2.5e-7) << "a=" << a;
  }
}

TEST(SoftmaxFixedPoint, OneOverOnePlusXGoldens) {
  EXPECT_EQ(OneOverOnePlusX(0), kMax);
  EXPECT_EQ(OneOverOnePlusX(1), kMax);
  EXPECT_EQ(OneOverOnePlusX(kHalf), 1431655762);  // 2/3
  EXPECT_EQ(OneOverOnePlusX(kMax), 1073741820);   // ~1/2
  EXPECT_EQ(OneOverOnePlusX(123456789), 2030738432);
}

TEST(SoftmaxFixedPoint, OneOverOnePlusXApproximatesReciprocal) {
  for (int64_t a = 0; a <= kMax; a += 9876543) {
    const double x = static_cast<double>(a) / 2147483648.0;
    const double got = OneOverOnePlusX(static_cast<int32_t>(a)) / 2147483648.0;
    ASSERT_NEAR(got, 1.0 / (1.0 + x), 1e-8) << "a=" << a;
  }
}

}  // namespace
}  // namespace octet::fixedpoint
