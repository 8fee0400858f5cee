// Scalar fixed-point primitives (gemmlowp semantics), the arithmetic every octet kernel reduces to.
//
// Each helper documents its rounding, because the rounding is the result: octet is bit-exact with
// TensorFlow Lite's integer reference kernels in its default double-rounding build. SIMD kernels
// implement exactly these functions and are tested against them.
#ifndef OCTET_KERNELS_COMMON_FIXEDPOINT_H_
#define OCTET_KERNELS_COMMON_FIXEDPOINT_H_

#include <cstdint>
#include <limits>

namespace octet::fixedpoint {

// Saturating rounding doubling high multiply (ARM VQRDMULH): round(a*b / 2^31) with ties toward
// +infinity; the single overflowing case (-2^31 * -2^31) saturates to INT32_MAX.
inline int32_t SaturatingRoundingDoublingHighMul(int32_t a, int32_t b) {
  if (a == b && a == std::numeric_limits<int32_t>::min()) return std::numeric_limits<int32_t>::max();
  const int64_t product = static_cast<int64_t>(a) * static_cast<int64_t>(b);
  // floor((p + 2^30) / 2^31): an arithmetic shift is floor division.
  return static_cast<int32_t>((product + (int64_t{1} << 30)) >> 31);
}

// Divide by 2^exponent (0 <= exponent <= 31), rounding to nearest with ties away from zero.
inline int32_t RoundingDivideByPOT(int32_t x, int exponent) {
  const int32_t mask = static_cast<int32_t>((int64_t{1} << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

// x * 2^exponent (exponent > 0) saturated to the int32 range.
inline int32_t SaturatingShiftLeft(int32_t x, int exponent) {
  const int32_t limit = static_cast<int32_t>((int64_t{1} << (31 - exponent)) - 1);
  if (x > limit) return std::numeric_limits<int32_t>::max();
  if (x < -limit) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(static_cast<uint32_t>(x) << exponent);
}

// Requantization step x * M * 2^(shift - 31) with TFLite's double rounding: the high multiply
// rounds ties toward +infinity, then the right shift rounds ties away from zero. A positive shift
// is applied to x first, in wrapping int32 arithmetic (as TFLite does; only absurd scale ratios
// reach it).
inline int32_t MultiplyByQuantizedMultiplier(int32_t x, int32_t multiplier, int shift) {
  const int left_shift = shift > 0 ? shift : 0;
  const int right_shift = shift > 0 ? 0 : -shift;
  const int32_t shifted = static_cast<int32_t>(static_cast<uint32_t>(x) << left_shift);
  return RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(shifted, multiplier), right_shift);
}

// Variant for multipliers below one (shift <= 0), used by ADD: no left shift.
inline int32_t MultiplyByQuantizedMultiplierSmallerThanOne(int32_t x, int32_t multiplier, int shift) {
  return RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x, multiplier), -shift);
}

// Variant for multipliers above one (shift >= 0), used by SOFTMAX: no right shift.
inline int32_t MultiplyByQuantizedMultiplierGreaterThanOne(int32_t x, int32_t multiplier, int shift) {
  return SaturatingRoundingDoublingHighMul(static_cast<int32_t>(static_cast<uint32_t>(x) << shift), multiplier);
}

// (a + b) / 2 rounded to nearest, ties away from zero, computed without overflow.
inline int32_t RoundingHalfSum(int32_t a, int32_t b) {
  const int64_t sum = static_cast<int64_t>(a) + static_cast<int64_t>(b);
  const int64_t sign = sum >= 0 ? 1 : -1;
  return static_cast<int32_t>((sum + sign) / 2);
}

}  // namespace octet::fixedpoint

#endif  // OCTET_KERNELS_COMMON_FIXEDPOINT_H_
