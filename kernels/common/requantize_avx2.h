// 8-lane requantization for AVX2 translation units (-mavx2), equal to RequantizeOne lane by lane.
// AVX2 lacks a 64-bit arithmetic shift; floor(v / 2^s) = ~(~v >> s) for negative v gives it from
// the logical one.
#ifndef OCTET_KERNELS_COMMON_REQUANTIZE_AVX2_H_
#define OCTET_KERNELS_COMMON_REQUANTIZE_AVX2_H_

#include <immintrin.h>

#include "kernels/common/requantize.h"

namespace octet {
namespace {

// 4 channels in 64-bit lanes -> 4 int32 in the low dword of each 64-bit lane.
inline __m256i RequantizeQuarterAvx2(__m128i acc4, const RequantView& r, size_t c) {
  const __m256i acc = _mm256_cvtepi32_epi64(acc4);
  const __m256i mult = _mm256_cvtepi32_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(r.multiplier + c)));
  const __m256i p = _mm256_mul_epi32(acc, mult);
  __m256i s = _mm256_add_epi64(p, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(r.rounding + c)));
  const __m256i negative = _mm256_cmpgt_epi64(_mm256_set1_epi64x(-(int64_t{1} << 30)), p);
  s = _mm256_sub_epi64(
      s, _mm256_and_si256(negative, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(r.correction + c))));
  const __m256i sign = _mm256_cmpgt_epi64(_mm256_setzero_si256(), s);
  const __m256i shift = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(r.right_shift + c));
  return _mm256_xor_si256(_mm256_srlv_epi64(_mm256_xor_si256(s, sign), shift), sign);
}

// Channels c..c+7: int32 accumulators -> int32 outputs, zero point added and clamped.
inline __m256i RequantizeAvx2(__m256i acc, const RequantView& r, size_t c) {
  if (r.has_left_shift) {
    acc = _mm256_mullo_epi32(acc, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(r.left_multiplier + c)));
  }
  const __m256i lo = RequantizeQuarterAvx2(_mm256_castsi256_si128(acc), r, c);
  const __m256i hi = RequantizeQuarterAvx2(_mm256_extracti128_si256(acc, 1), r, c + 4);
  // Gather the low dwords: lo lanes {0,2,4,6} then hi lanes {0,2,4,6}.
  const __m256i index = _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6);
  const __m256i lo_packed = _mm256_permutevar8x32_epi32(lo, index);
  const __m256i hi_packed = _mm256_permutevar8x32_epi32(hi, index);
  __m256i v = _mm256_blend_epi32(lo_packed, hi_packed, 0xF0);
  v = _mm256_add_epi32(v, _mm256_set1_epi32(r.output_zero_point));
  v = _mm256_max_epi32(v, _mm256_set1_epi32(r.output_min));
  return _mm256_min_epi32(v, _mm256_set1_epi32(r.output_max));
}

}  // namespace
}  // namespace octet

#endif  // OCTET_KERNELS_COMMON_REQUANTIZE_AVX2_H_
