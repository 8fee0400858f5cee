// 4-lane requantization for SSE4.1 translation units (-msse4.1), equal to RequantizeOne lane by
// lane. SSE4.1 has no 64-bit compare or variable 64-bit shift: signs come from the high dwords and
// each lane is shifted by its own count, then blended.
#ifndef OCTET_KERNELS_COMMON_REQUANTIZE_SSE41_H_
#define OCTET_KERNELS_COMMON_REQUANTIZE_SSE41_H_

#include <smmintrin.h>

#include "kernels/common/requantize.h"

namespace octet {
namespace {

// Sign of each 64-bit lane as all-ones / all-zeros.
inline __m128i SignMask64Sse41(__m128i v) { return _mm_shuffle_epi32(_mm_srai_epi32(v, 31), _MM_SHUFFLE(3, 3, 1, 1)); }

// 2 channels in 64-bit lanes -> 2 int32 in the low dword of each lane.
inline __m128i RequantizePairSse41(__m128i acc2, const RequantView& r, size_t c) {
  const __m128i acc = _mm_cvtepi32_epi64(acc2);
  const __m128i mult = _mm_cvtepi32_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(r.multiplier + c)));
  const __m128i p = _mm_mul_epi32(acc, mult);
  // p < -2^30  <=>  p + 2^30 < 0.
  const __m128i negative = SignMask64Sse41(_mm_add_epi64(p, _mm_set1_epi64x(int64_t{1} << 30)));
  __m128i s = _mm_add_epi64(p, _mm_loadu_si128(reinterpret_cast<const __m128i*>(r.rounding + c)));
  s = _mm_sub_epi64(s, _mm_and_si128(negative, _mm_loadu_si128(reinterpret_cast<const __m128i*>(r.correction + c))));
  const __m128i sign = SignMask64Sse41(s);
  const __m128i flipped = _mm_xor_si128(s, sign);
  const __m128i shift = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r.right_shift + c));
  const __m128i shifted0 = _mm_srl_epi64(flipped, shift);
  const __m128i shifted1 = _mm_srl_epi64(flipped, _mm_unpackhi_epi64(shift, shift));
  return _mm_xor_si128(_mm_blend_epi16(shifted0, shifted1, 0xF0), sign);
}

// Channels c..c+3: int32 accumulators -> int32 outputs, zero point added and clamped.
inline __m128i RequantizeSse41(__m128i acc, const RequantView& r, size_t c) {
  if (r.has_left_shift)
    acc = _mm_mullo_epi32(acc, _mm_loadu_si128(reinterpret_cast<const __m128i*>(r.left_multiplier + c)));
  const __m128i lo = RequantizePairSse41(acc, r, c);
  const __m128i hi = RequantizePairSse41(_mm_srli_si128(acc, 8), r, c + 2);
  // Low dwords of lo's two lanes, then hi's.
  __m128i v = _mm_unpacklo_epi64(_mm_shuffle_epi32(lo, _MM_SHUFFLE(3, 3, 2, 0)),
                                 _mm_shuffle_epi32(hi, _MM_SHUFFLE(3, 3, 2, 0)));
  v = _mm_add_epi32(v, _mm_set1_epi32(r.output_zero_point));
  v = _mm_max_epi32(v, _mm_set1_epi32(r.output_min));
  return _mm_min_epi32(v, _mm_set1_epi32(r.output_max));
}

}  // namespace
}  // namespace octet

#endif  // OCTET_KERNELS_COMMON_REQUANTIZE_SSE41_H_
