// Fixed-point exp and reciprocal used by SOFTMAX (gemmlowp semantics, spec section 3 SOFTMAX).
//
// Values are raw int32 with an implied number of integer bits: Qm.n means m integer bits and n = 31 - m
// fractional bits. Every addition that gemmlowp does in plain int32 wraps here (computed through uint32),
// so the results match bit for bit without relying on signed overflow.
#ifndef OCTET_KERNELS_COMMON_SOFTMAX_FIXEDPOINT_H_
#define OCTET_KERNELS_COMMON_SOFTMAX_FIXEDPOINT_H_

#include <cstdint>
#include <limits>

#include "kernels/common/fixedpoint.h"

namespace octet::fixedpoint {

inline int32_t WrappingAdd(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}

inline int32_t WrappingSub(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b));
}

// exp(a) for a in [-1/4, 0), a and result in Q0.31: Taylor expansion around -1/8 to fourth order.
inline int32_t ExpOnIntervalNegativeQuarterToZero(int32_t a) {
  constexpr int32_t kExpMinusOneEighth = 1895147668;   // exp(-1/8) in Q0.31
  constexpr int32_t kOneThird = 715827883;             // 1/3 in Q0.31
  const int32_t x = WrappingAdd(a, int32_t{1} << 28);  // x = a + 1/8
  const int32_t x2 = SaturatingRoundingDoublingHighMul(x, x);
  const int32_t x3 = SaturatingRoundingDoublingHighMul(x2, x);
  const int32_t x4 = SaturatingRoundingDoublingHighMul(x2, x2);
  const int32_t x4_over_4 = RoundingDivideByPOT(x4, 2);
  // (x^4/4 + x^3) / 3 + x^2, halved: x^4/24 + x^3/6 + x^2/2.
  const int32_t poly =
      RoundingDivideByPOT(WrappingAdd(SaturatingRoundingDoublingHighMul(WrappingAdd(x4_over_4, x3), kOneThird), x2), 1);
  return WrappingAdd(kExpMinusOneEighth, SaturatingRoundingDoublingHighMul(kExpMinusOneEighth, WrappingAdd(x, poly)));
}

// exp(a) for a <= 0 given with `integer_bits` integer bits (1 <= integer_bits <= 30); result in Q0.31.
// The fractional part modulo 1/4 goes through the polynomial, then one multiplication by exp(-2^k) for
// every set bit k of the remaining (whole quarters) part.
inline int32_t ExpOnNegativeValues(int32_t a, int integer_bits) {
  const int fractional_bits = 31 - integer_bits;
  const int32_t one_quarter = int32_t{1} << (fractional_bits - 2);
  const int32_t a_mod_quarter_minus_quarter = WrappingSub(a & (one_quarter - 1), one_quarter);  // in [-1/4, 0)
  int32_t result = ExpOnIntervalNegativeQuarterToZero(SaturatingShiftLeft(a_mod_quarter_minus_quarter, integer_bits));
  const int32_t remainder = WrappingSub(a_mod_quarter_minus_quarter, a);
  struct BarrelStep {
    int exponent;        // this step multiplies by exp(-2^exponent)
    int32_t multiplier;  // exp(-2^exponent) in Q0.31
  };
  constexpr BarrelStep kSteps[] = {{-2, 1672461947}, {-1, 1302514674}, {0, 790015084}, {1, 290630308},
                                   {2, 39332535},    {3, 720401},      {4, 242}};
  for (const BarrelStep& step : kSteps) {
    if (integer_bits > step.exponent && ((remainder >> (fractional_bits + step.exponent)) & 1) != 0) {
      result = SaturatingRoundingDoublingHighMul(result, step.multiplier);
    }
  }
  // Below -32 everything has underflowed; only reachable when there are more than 5 integer bits.
  if (integer_bits > 5) {
    const int64_t clamp_below = -(int64_t{1} << (fractional_bits + 5));
    if (a < clamp_below) result = 0;
  }
  if (a == 0) result = std::numeric_limits<int32_t>::max();
  return result;
}

// 1 / (1 + a) for a in [0, 1), argument and result in Q0.31: three Newton-Raphson steps on the half
// denominator d = (1 + a) / 2, starting from 48/17 - 32/17 * d, iterate kept in Q2.29.
inline int32_t OneOverOnePlusX(int32_t a) {
  const int32_t half_denominator = RoundingHalfSum(a, std::numeric_limits<int32_t>::max());  // Q0.31
  constexpr int32_t k48Over17 = 1515870810;                                                  // Q2.29
  constexpr int32_t kMinus32Over17 = -1010580540;                                            // Q2.29
  int32_t x = WrappingAdd(k48Over17, SaturatingRoundingDoublingHighMul(half_denominator, kMinus32Over17));
  constexpr int32_t kOneQ2 = int32_t{1} << 29;
  for (int i = 0; i < 3; ++i) {
    const int32_t half_denominator_times_x = SaturatingRoundingDoublingHighMul(half_denominator, x);  // Q2.29
    const int32_t one_minus = WrappingSub(kOneQ2, half_denominator_times_x);                          // Q2.29
    // x * one_minus is Q4.27; rescaling back to Q2.29 is a saturating shift left by 2.
    x = WrappingAdd(x, SaturatingShiftLeft(SaturatingRoundingDoublingHighMul(x, one_minus), 2));
  }
  // x / 2 in Q2.29 has the raw bits of x in Q1.30; rescale Q1.30 -> Q0.31.
  return SaturatingShiftLeft(x, 1);
}

}  // namespace octet::fixedpoint

#endif  // OCTET_KERNELS_COMMON_SOFTMAX_FIXEDPOINT_H_
