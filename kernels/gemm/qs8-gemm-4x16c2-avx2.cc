// 4x16 tile, AVX2, exact 16-bit widening: weights (c2 packed, int8) sign-extended to int16 pairs,
// activations x_s sign-extended and each (x[k], x[k+1]) pair broadcast; VPMADDWD sums the two
// products in int32 (|sum| <= 2 * 128 * 128: no saturation), VPADDD accumulates.
#include <immintrin.h>

#include <cstring>

#include "kernels/gemm/gemm.h"
#include "kernels/gemm/gemm_avx2_store.h"

namespace octet::kernels {

void qs8_gemm_4x16c2__avx2(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride,
                           const void* w, void* c, size_t c_stride, const int32_t* row_corr, const GemmParams& params) {
  constexpr size_t kMR = 4;
  const int32_t* bias = static_cast<const int32_t*>(w);
  __m256i acc[kMR][2];
  const __m256i b0 = _mm256_load_si256(reinterpret_cast<const __m256i*>(bias));
  const __m256i b1 = _mm256_load_si256(reinterpret_cast<const __m256i*>(bias + 8));
  for (size_t i = 0; i < kMR; ++i) {
    acc[i][0] = b0;
    acc[i][1] = b1;
  }
  const int8_t* wp = reinterpret_cast<const int8_t*>(bias + 16);
  const uint8_t in_xor = params.input_xor;
  const __m128i vxor = _mm_set1_epi8(static_cast<char>(in_xor));
  const size_t kc8 = kc & ~size_t{7};
  for (size_t t = 0; t < ks; ++t) {
    const uint8_t* x[kMR];
    for (size_t i = 0; i < kMR; ++i) x[i] = static_cast<const uint8_t*>(a[t * a_tap_stride + i]);
    size_t k = 0;
    for (; k < kc8; k += 8) {
      __m256i xb[kMR];
      for (size_t i = 0; i < kMR; ++i) {
        int64_t raw;
        std::memcpy(&raw, x[i] + k, 8);
        const __m128i x16 = _mm_cvtepi8_epi16(_mm_xor_si128(_mm_cvtsi64_si128(raw), vxor));
        xb[i] = _mm256_broadcastsi128_si256(x16);
      }
#define OCTET_GEMM_PAIR(p)                                                                               \
  {                                                                                                      \
    const __m256i w0 = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(wp)));      \
    const __m256i w1 = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(wp + 16))); \
    wp += 32;                                                                                            \
    for (size_t i = 0; i < kMR; ++i) {                                                                   \
      const __m256i xv = _mm256_shuffle_epi32(xb[i], (p)*0x55);                                          \
      acc[i][0] = _mm256_add_epi32(acc[i][0], _mm256_madd_epi16(xv, w0));                                \
      acc[i][1] = _mm256_add_epi32(acc[i][1], _mm256_madd_epi16(xv, w1));                                \
    }                                                                                                    \
  }
      OCTET_GEMM_PAIR(0)
      OCTET_GEMM_PAIR(1)
      OCTET_GEMM_PAIR(2)
      OCTET_GEMM_PAIR(3)
#undef OCTET_GEMM_PAIR
    }
    for (; k < kc; k += 2) {
      const __m256i w0 = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(wp)));
      const __m256i w1 = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(wp + 16)));
      wp += 32;
      for (size_t i = 0; i < kMR; ++i) {
        const int32_t lo = static_cast<int8_t>(x[i][k] ^ in_xor);
        const int32_t hi = k + 1 < kc ? static_cast<int8_t>(x[i][k + 1] ^ in_xor) : 0;
        const __m256i xv = _mm256_set1_epi32(
            static_cast<int32_t>((static_cast<uint32_t>(hi) << 16) | (static_cast<uint32_t>(lo) & 0xFFFFu)));
        acc[i][0] = _mm256_add_epi32(acc[i][0], _mm256_madd_epi16(xv, w0));
        acc[i][1] = _mm256_add_epi32(acc[i][1], _mm256_madd_epi16(xv, w1));
      }
    }
  }
  for (size_t i = 0; i < mr; ++i) {
    RequantizeStoreRow16Avx2(acc[i][0], acc[i][1], row_corr != nullptr ? row_corr[i] : 0, params, nc,
                             static_cast<int8_t*>(c) + i * c_stride);
  }
}

}  // namespace octet::kernels
