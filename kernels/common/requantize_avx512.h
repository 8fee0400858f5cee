// 16-lane requantization for AVX-512 translation units (-mavx512f/bw/vl/dq). Equal to
// RequantizeOne (requantize.h) lane by lane; the 64-bit one-step form needs a variable arithmetic
// 64-bit shift, which AVX-512 has (vpsravq).
#ifndef OCTET_KERNELS_COMMON_REQUANTIZE_AVX512_H_
#define OCTET_KERNELS_COMMON_REQUANTIZE_AVX512_H_

#include "kernels/common/immintrin_avx512.h"

#include "kernels/common/requantize.h"

namespace octet {
namespace {  // internal linkage: each ISA's copy stays in its own object (no ODR mix-ups)

// Requantizes 8 channels held in 64-bit lanes; returns 8 int32 (not yet offset or clamped).
inline __m256i RequantizeHalfAvx512(__m256i acc8, const RequantView& r, size_t c) {
  const __m512i acc = _mm512_cvtepi32_epi64(acc8);
  const __m512i mult = _mm512_cvtepi32_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(r.multiplier + c)));
  const __m512i p = _mm512_mul_epi32(acc, mult);
  __m512i s = _mm512_add_epi64(p, _mm512_loadu_si512(r.rounding + c));
  const __mmask8 negative = _mm512_cmplt_epi64_mask(p, _mm512_set1_epi64(-(int64_t{1} << 30)));
  s = _mm512_mask_sub_epi64(s, negative, s, _mm512_loadu_si512(r.correction + c));
  s = _mm512_srav_epi64(s, _mm512_loadu_si512(r.right_shift + c));
  return _mm512_cvtepi64_epi32(s);
}

// Channels c..c+15: int32 accumulators -> int32 outputs, zero point added and clamped.
inline __m512i RequantizeAvx512(__m512i acc, const RequantView& r, size_t c) {
  if (r.has_left_shift) acc = _mm512_mullo_epi32(acc, _mm512_loadu_si512(r.left_multiplier + c));
  const __m256i lo = RequantizeHalfAvx512(_mm512_castsi512_si256(acc), r, c);
  const __m256i hi = RequantizeHalfAvx512(_mm512_extracti64x4_epi64(acc, 1), r, c + 8);
  __m512i v = _mm512_inserti64x4(_mm512_castsi256_si512(lo), hi, 1);
  v = _mm512_add_epi32(v, _mm512_set1_epi32(r.output_zero_point));
  v = _mm512_max_epi32(v, _mm512_set1_epi32(r.output_min));
  return _mm512_min_epi32(v, _mm512_set1_epi32(r.output_max));
}

}  // namespace
}  // namespace octet

#endif  // OCTET_KERNELS_COMMON_REQUANTIZE_AVX512_H_
