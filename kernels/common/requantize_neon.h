// 4-lane requantization for NEON translation units (aarch64, and armv7 with -mfpu=neon), equal to
// RequantizeOne lane by lane.
//
// This uses TFLite's own two-step form in 32-bit lanes instead of the 64-bit one-step form, because
// NEON has the two instructions that make it exact and cheap (5 instructions per 4 lanes):
//
//   x      = SQRDMULH(acc << ls, M)                       (= SRDHM: (a*M + 2^30) >> 31, floor)
//   result = SRSHL(x + (x < 0 && rs > 0 ? -1 : 0), -rs)   (= RoundingDivideByPOT(x, rs))
//
// Proof of step 1: SQRDMULH computes sat((2*a*M + 2^31) >> 32) = (a*M + 2^30) >> 31 in infinite
// precision; it saturates only for a = M = INT32_MIN, and M is in [0, 2^31). That is gemmlowp's
// SaturatingRoundingDoublingHighMul exactly.
// Proof of step 2: SRSHL by -rs (rs in [1, 31]) is floor((y + 2^(rs-1)) / 2^rs), computed without
// overflow: ties go toward +infinity. RDBPOT rounds ties away from zero. For x >= 0 they agree. For
// x < 0, RDBPOT(x) = floor(x / 2^rs) + (rem > 2^(rs-1)) with rem = x mod 2^rs, which is
// floor((x + 2^(rs-1) - 1) / 2^rs) = SRSHL(x - 1, -rs). The -1 is a saturating add: it only
// saturates for x = INT32_MIN, where both sides agree because INT32_MIN + 2^(rs-1) is not a multiple of
// 2^rs. For rs = 0 the mask (x & -rs) has no sign bit, so no fix-up and SRSHL by 0 is the identity.
// RequantizeOne (the one-step form) equals this two-step form (requantize.h, requantize_test.cc);
// tests/kernels/common/requantize_simd_test.cc checks these lanes against it directly.
#ifndef OCTET_KERNELS_COMMON_REQUANTIZE_NEON_H_
#define OCTET_KERNELS_COMMON_REQUANTIZE_NEON_H_

#include <arm_neon.h>

#include "kernels/common/requantize.h"

namespace octet {
namespace {

// Parameters of 4 channels in 32-bit lanes, loaded once per column block of a tile.
struct RequantNeon {
  int32x4_t left_multiplier;  // 2^ls
  int32x4_t multiplier;       // M
  int32x4_t shift;            // -rs, in [-31, 0]
};

inline RequantNeon LoadRequantNeon(const RequantView& r, size_t c) {
  RequantNeon q;
  q.left_multiplier = vld1q_s32(r.left_multiplier + c);
  q.multiplier = vld1q_s32(r.multiplier + c);
  // right_shift holds 31 + rs as int64.
  const int32x4_t total =
      vcombine_s32(vmovn_s64(vld1q_s64(r.right_shift + c)), vmovn_s64(vld1q_s64(r.right_shift + c + 2)));
  q.shift = vsubq_s32(vdupq_n_s32(31), total);
  return q;
}

// int32 accumulators -> int32 requantized values, before the zero point and clamp.
inline int32x4_t RequantizeNeonNoZeroPoint(int32x4_t acc, const RequantNeon& q, bool has_left_shift) {
  if (has_left_shift) acc = vmulq_s32(acc, q.left_multiplier);  // wraps like RequantizeOne
  const int32x4_t x = vqrdmulhq_s32(acc, q.multiplier);
  const int32x4_t fixup = vshrq_n_s32(vandq_s32(x, q.shift), 31);
  return vrshlq_s32(vqaddq_s32(x, fixup), q.shift);
}

// Channels c..c+3: int32 accumulators -> int32 outputs, zero point added and clamped (any clamp
// range, as RequantizeOne).
inline int32x4_t RequantizeNeon(int32x4_t acc, const RequantView& r, size_t c) {
  const RequantNeon q = LoadRequantNeon(r, c);
  int32x4_t v = vaddq_s32(RequantizeNeonNoZeroPoint(acc, q, r.has_left_shift), vdupq_n_s32(r.output_zero_point));
  v = vmaxq_s32(v, vdupq_n_s32(r.output_min));
  return vminq_s32(v, vdupq_n_s32(r.output_max));
}

// Two vectors of 4 requantized values (before the zero point) -> 8 int8 outputs. Exact when
// output_min/output_max lie in [-128, 127]: the saturating narrows and the saturating zero-point
// add are monotone and only saturate outside that range.
inline int8x8_t NarrowRequantizedNeon(int32x4_t lo, int32x4_t hi, int16x8_t zero_point, int8x8_t out_min,
                                      int8x8_t out_max) {
  const int16x8_t v16 = vqaddq_s16(vcombine_s16(vqmovn_s32(lo), vqmovn_s32(hi)), zero_point);
  return vmin_s8(vmax_s8(vqmovn_s16(v16), out_min), out_max);
}

}  // namespace
}  // namespace octet

#endif  // OCTET_KERNELS_COMMON_REQUANTIZE_NEON_H_
