// Independent re-statements of the requantization arithmetic for the kernel tests.
//
// Deliberately coded differently from kernels/common/fixedpoint.h (quotient/remainder arithmetic on int64
// instead of bit masks and biased shifts), so a shared mistake would have to be made twice in two styles.
#ifndef OCTET_TESTS_KERNELS_REFERENCE_INDEPENDENT_H_
#define OCTET_TESTS_KERNELS_REFERENCE_INDEPENDENT_H_

#include <algorithm>
#include <cstdint>
#include <limits>

namespace octet::testing {

// Round n / 2^k (k >= 0) to nearest, ties toward +infinity.
inline int64_t DivPow2RoundHalfUp(int64_t n, int k) {
  const int64_t d = int64_t{1} << k;
  int64_t q = n / d;  // truncates toward zero
  int64_t r = n % d;  // same sign as n
  if (r < 0) {        // make it a floor division
    q -= 1;
    r += d;
  }
  return 2 * r >= d ? q + 1 : q;
}

// Round n / 2^k (k >= 0) to nearest, ties away from zero.
inline int64_t DivPow2RoundHalfAway(int64_t n, int k) {
  if (k == 0) return n;
  const int64_t magnitude = n < 0 ? -n : n;
  const int64_t d = int64_t{1} << k;
  const int64_t q = magnitude / d + (2 * (magnitude % d) >= d ? 1 : 0);
  return n < 0 ? -q : q;
}

// TFLite's double-rounding MultiplyByQuantizedMultiplier: x * M * 2^(shift - 31), the left shift of x in
// wrapping int32, then a high multiply rounding ties up, then a right shift rounding ties away from zero.
inline int32_t IndependentMbqm(int32_t x, int32_t multiplier, int shift) {
  const int left = std::max(shift, 0);
  const int right = std::max(-shift, 0);
  const int64_t shifted_wide = static_cast<int64_t>(x) * (int64_t{1} << left);
  const int32_t shifted = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(shifted_wide)));
  int64_t high;
  if (shifted == std::numeric_limits<int32_t>::min() && multiplier == std::numeric_limits<int32_t>::min()) {
    high = std::numeric_limits<int32_t>::max();  // the one product that does not fit: saturates
  } else {
    high = DivPow2RoundHalfUp(static_cast<int64_t>(shifted) * multiplier, 31);
  }
  return static_cast<int32_t>(DivPow2RoundHalfAway(high, right));
}

}  // namespace octet::testing

#endif  // OCTET_TESTS_KERNELS_REFERENCE_INDEPENDENT_H_
