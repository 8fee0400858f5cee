// Epilogue shared by the 256-bit GEMM kernels (AVX2 and AVX-VNNI translation units; internal linkage):
// requantizes 16 columns of one row held in two int32 ymm vectors and stores nc <= 16 bytes.
#ifndef OCTET_KERNELS_GEMM_GEMM_AVX2_STORE_H_
#define OCTET_KERNELS_GEMM_GEMM_AVX2_STORE_H_

#include <immintrin.h>

#include <cstring>

#include "kernels/common/requantize_avx2.h"
#include "kernels/gemm/gemm.h"

namespace octet::kernels {
namespace {

inline void RequantizeStoreRow16Avx2(__m256i acc0, __m256i acc1, int32_t row_corr, const GemmParams& params, size_t nc,
                                     int8_t* out) {
  const __m256i corr = _mm256_set1_epi32(row_corr);
  const __m256i v0 = RequantizeAvx2(_mm256_add_epi32(acc0, corr), params.requant, 0);
  const __m256i v1 = nc > 8 ? RequantizeAvx2(_mm256_add_epi32(acc1, corr), params.requant, 8) : v0;
  // Values are already clamped to the int8 range, so the saturating packs are exact.
  const __m256i p16 = _mm256_packs_epi32(v0, v1);  // lane0: v0[0..3] v1[0..3], lane1: v0[4..7] v1[4..7]
  const __m256i p8 = _mm256_packs_epi16(p16, p16);
  const __m256i ordered = _mm256_permutevar8x32_epi32(p8, _mm256_setr_epi32(0, 4, 1, 5, 0, 4, 1, 5));
  const __m128i bytes =
      _mm_xor_si128(_mm256_castsi256_si128(ordered), _mm_set1_epi8(static_cast<char>(params.output_xor)));
  if (nc >= 16) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), bytes);
  } else {
    alignas(16) int8_t tmp[16];
    _mm_store_si128(reinterpret_cast<__m128i*>(tmp), bytes);
    std::memcpy(out, tmp, nc);
  }
}

}  // namespace
}  // namespace octet::kernels

#endif  // OCTET_KERNELS_GEMM_GEMM_AVX2_STORE_H_
