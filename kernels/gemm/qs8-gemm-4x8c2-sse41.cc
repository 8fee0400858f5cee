// 4x8 tile, SSE4.1, exact 16-bit widening (PMOVSXBW + PMADDWD + PADDD), c2 packed weights: each
// (x[k], x[k+1]) activation pair is broadcast and multiplied with 4 columns' weight pairs.
#include <smmintrin.h>

#include <cstring>

#include "kernels/common/requantize_sse41.h"
#include "kernels/gemm/gemm.h"

namespace octet::kernels {

void qs8_gemm_4x8c2__sse41(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride,
                           const void* w, void* c, size_t c_stride, const int32_t* row_corr, const GemmParams& params) {
  constexpr size_t kMR = 4;
  const int32_t* bias = static_cast<const int32_t*>(w);
  __m128i acc[kMR][2];
  const __m128i b0 = _mm_load_si128(reinterpret_cast<const __m128i*>(bias));
  const __m128i b1 = _mm_load_si128(reinterpret_cast<const __m128i*>(bias + 4));
  for (size_t i = 0; i < kMR; ++i) {
    acc[i][0] = b0;
    acc[i][1] = b1;
  }
  const int8_t* wp = reinterpret_cast<const int8_t*>(bias + 8);
  const uint8_t in_xor = params.input_xor;
  const __m128i vxor = _mm_set1_epi8(static_cast<char>(in_xor));
  const size_t kc8 = kc & ~size_t{7};
  for (size_t t = 0; t < ks; ++t) {
    const uint8_t* x[kMR];
    for (size_t i = 0; i < kMR; ++i) x[i] = static_cast<const uint8_t*>(a[t * a_tap_stride + i]);
    size_t k = 0;
    for (; k < kc8; k += 8) {
      __m128i xb[kMR];
      for (size_t i = 0; i < kMR; ++i) {
        xb[i] = _mm_cvtepi8_epi16(_mm_xor_si128(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(x[i] + k)), vxor));
      }
#define OCTET_GEMM_PAIR(p)                                                                           \
  {                                                                                                  \
    const __m128i w0 = _mm_cvtepi8_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(wp)));     \
    const __m128i w1 = _mm_cvtepi8_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(wp + 8))); \
    wp += 16;                                                                                        \
    for (size_t i = 0; i < kMR; ++i) {                                                               \
      const __m128i xv = _mm_shuffle_epi32(xb[i], (p)*0x55);                                         \
      acc[i][0] = _mm_add_epi32(acc[i][0], _mm_madd_epi16(xv, w0));                                  \
      acc[i][1] = _mm_add_epi32(acc[i][1], _mm_madd_epi16(xv, w1));                                  \
    }                                                                                                \
  }
      OCTET_GEMM_PAIR(0)
      OCTET_GEMM_PAIR(1)
      OCTET_GEMM_PAIR(2)
      OCTET_GEMM_PAIR(3)
#undef OCTET_GEMM_PAIR
    }
    for (; k < kc; k += 2) {
      const __m128i w0 = _mm_cvtepi8_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(wp)));
      const __m128i w1 = _mm_cvtepi8_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(wp + 8)));
      wp += 16;
      for (size_t i = 0; i < kMR; ++i) {
        const int32_t lo = static_cast<int8_t>(x[i][k] ^ in_xor);
        const int32_t hi = k + 1 < kc ? static_cast<int8_t>(x[i][k + 1] ^ in_xor) : 0;
        const __m128i xv = _mm_set1_epi32(
            static_cast<int32_t>((static_cast<uint32_t>(hi) << 16) | (static_cast<uint32_t>(lo) & 0xFFFFu)));
        acc[i][0] = _mm_add_epi32(acc[i][0], _mm_madd_epi16(xv, w0));
        acc[i][1] = _mm_add_epi32(acc[i][1], _mm_madd_epi16(xv, w1));
      }
    }
  }
  const __m128i out_xor = _mm_set1_epi8(static_cast<char>(params.output_xor));
  for (size_t i = 0; i < mr; ++i) {
    const __m128i corr = _mm_set1_epi32(row_corr != nullptr ? row_corr[i] : 0);
    const __m128i v0 = RequantizeSse41(_mm_add_epi32(acc[i][0], corr), params.requant, 0);
    const __m128i v1 = nc > 4 ? RequantizeSse41(_mm_add_epi32(acc[i][1], corr), params.requant, 4) : v0;
    const __m128i p16 = _mm_packs_epi32(v0, v1);  // clamped to int8 already: exact
    const __m128i bytes = _mm_xor_si128(_mm_packs_epi16(p16, p16), out_xor);
    int8_t* out = static_cast<int8_t*>(c) + i * c_stride;
    if (nc >= 8) {
      _mm_storel_epi64(reinterpret_cast<__m128i*>(out), bytes);
    } else {
      alignas(16) int8_t tmp[16];
      _mm_store_si128(reinterpret_cast<__m128i*>(tmp), bytes);
      std::memcpy(out, tmp, nc);
    }
  }
}

}  // namespace octet::kernels
