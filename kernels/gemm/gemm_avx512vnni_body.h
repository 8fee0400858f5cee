// Shared body of the AVX-512 VNNI GEMM microkernels (included by qs8-gemm-<MR>x<NR>c4-avx512vnni.cc,
// compiled with the avx512vnni flags; everything here has internal linkage).
//
// MR x (16 * NG) tile, c4 packed weights (gemm.h): per k-block of 4, NG weight vectors and one
// broadcast activation dword per row (x_u = raw ^ input_xor ^ 0x80), NG VPDPBUSD per row.
// Epilogue: the exact one-step requantization (requantize.h) with the per-channel constants
// loaded once per column group and reused by every row; even and odd lanes are handled in 64-bit
// halves without lane-width conversions.
#ifndef OCTET_KERNELS_GEMM_GEMM_AVX512VNNI_BODY_H_
#define OCTET_KERNELS_GEMM_GEMM_AVX512VNNI_BODY_H_

#include <immintrin.h>

#include <cstring>

#include "kernels/gemm/gemm.h"

// GCC 12 reports the _mm512_undefined_epi32() pass-through operands inside avx512fintrin.h as
// "maybe uninitialized" once these bodies are inlined (a false positive); this header only goes
// into its kernels' own translation units.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace octet::kernels {
namespace {

// Per-channel requantization constants of 16 channels, split into even and odd channels (64-bit lanes).
struct RequantCols512 {
  __m512i left, m_even, m_odd, r_even, r_odd, c_even, c_odd, s_even, s_odd;
  bool has_left_shift;

  RequantCols512(const RequantView& r, size_t c) : has_left_shift(r.has_left_shift) {
    left = _mm512_loadu_si512(r.left_multiplier + c);
    m_even = _mm512_loadu_si512(r.multiplier + c);
    m_odd = _mm512_srli_epi64(m_even, 32);
    const __m512i even_idx = _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14);
    const __m512i odd_idx = _mm512_setr_epi64(1, 3, 5, 7, 9, 11, 13, 15);
    Split(r.rounding + c, even_idx, odd_idx, &r_even, &r_odd);
    Split(r.correction + c, even_idx, odd_idx, &c_even, &c_odd);
    Split(r.right_shift + c, even_idx, odd_idx, &s_even, &s_odd);
  }
  static void Split(const int64_t* p, __m512i even_idx, __m512i odd_idx, __m512i* even, __m512i* odd) {
    const __m512i lo = _mm512_loadu_si512(p), hi = _mm512_loadu_si512(p + 8);
    *even = _mm512_permutex2var_epi64(lo, even_idx, hi);
    *odd = _mm512_permutex2var_epi64(lo, odd_idx, hi);
  }
  // int32 accumulators -> requantized int32 (zero point and clamp not applied yet).
  __m512i Apply(__m512i acc) const {
    if (has_left_shift) acc = _mm512_mullo_epi32(acc, left);
    const __m512i threshold = _mm512_set1_epi64(-(int64_t{1} << 30));
    const __m512i pe = _mm512_mul_epi32(acc, m_even);
    const __m512i po = _mm512_mul_epi32(_mm512_srli_epi64(acc, 32), m_odd);
    __m512i se = _mm512_add_epi64(pe, r_even);
    __m512i so = _mm512_add_epi64(po, r_odd);
    se = _mm512_mask_sub_epi64(se, _mm512_cmplt_epi64_mask(pe, threshold), se, c_even);
    so = _mm512_mask_sub_epi64(so, _mm512_cmplt_epi64_mask(po, threshold), so, c_odd);
    se = _mm512_srav_epi64(se, s_even);
    so = _mm512_srav_epi64(so, s_odd);
    return _mm512_mask_blend_epi32(0xAAAA, se, _mm512_slli_epi64(so, 32));
  }
};

template <size_t MR, size_t NG>
inline void GemmAvx512VnniBody(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride,
                               const void* w, void* c, size_t c_stride, const int32_t* row_corr,
                               const GemmParams& params) {
  const int32_t* bias = static_cast<const int32_t*>(w);
  __m512i acc[MR][NG];
  for (size_t j = 0; j < NG; ++j) {
    const __m512i b = _mm512_load_si512(bias + 16 * j);
    for (size_t i = 0; i < MR; ++i) acc[i][j] = b;
  }
  const int8_t* wp = reinterpret_cast<const int8_t*>(bias + 16 * NG);
  const __m512i vflip = _mm512_set1_epi8(static_cast<char>(params.input_xor ^ 0x80));
  const size_t kc4 = kc & ~size_t{3};
  for (size_t t = 0; t < ks; ++t) {
    const uint8_t* x[MR];
#pragma GCC unroll 16
    for (size_t i = 0; i < MR; ++i) x[i] = static_cast<const uint8_t*>(a[t * a_tap_stride + i]);
    size_t k = 0;
    for (; k < kc4; k += 4) {
      __m512i wv[NG];
#pragma GCC unroll 16
      for (size_t j = 0; j < NG; ++j) wv[j] = _mm512_load_si512(wp + 64 * j);
      wp += 64 * NG;
#pragma GCC unroll 16
      for (size_t i = 0; i < MR; ++i) {
        int32_t xi;
        std::memcpy(&xi, x[i] + k, 4);
        const __m512i xv = _mm512_xor_si512(_mm512_set1_epi32(xi), vflip);
#pragma GCC unroll 16
        for (size_t j = 0; j < NG; ++j) acc[i][j] = _mm512_dpbusd_epi32(acc[i][j], xv, wv[j]);
      }
    }
    if (k < kc) {
      // The last 1-3 bytes of each row, read byte by byte; the padded weights past kc are zero.
      const size_t rem = kc - k;
      __m512i wv[NG];
#pragma GCC unroll 16
      for (size_t j = 0; j < NG; ++j) wv[j] = _mm512_load_si512(wp + 64 * j);
      wp += 64 * NG;
#pragma GCC unroll 16
      for (size_t i = 0; i < MR; ++i) {
        uint32_t xi = x[i][k];
        if (rem > 1) xi |= static_cast<uint32_t>(x[i][k + 1]) << 8;
        if (rem > 2) xi |= static_cast<uint32_t>(x[i][k + 2]) << 16;
        const __m512i xv = _mm512_xor_si512(_mm512_set1_epi32(static_cast<int32_t>(xi)), vflip);
#pragma GCC unroll 16
        for (size_t j = 0; j < NG; ++j) acc[i][j] = _mm512_dpbusd_epi32(acc[i][j], xv, wv[j]);
      }
    }
  }

  const RequantView& rq = params.requant;
  const __m512i zp = _mm512_set1_epi32(rq.output_zero_point);
  const __m512i lo = _mm512_set1_epi32(rq.output_min), hi = _mm512_set1_epi32(rq.output_max);
  const __m128i out_xor = _mm_set1_epi8(static_cast<char>(params.output_xor));
  for (size_t j = 0; j < NG && 16 * j < nc; ++j) {
    const RequantCols512 cols(rq, 16 * j);
    const size_t left = nc - 16 * j;
    const __mmask16 mask = left >= 16 ? __mmask16{0xFFFF} : static_cast<__mmask16>((1u << left) - 1);
    for (size_t i = 0; i < MR; ++i) {
      if (i >= mr) break;
      __m512i v = acc[i][j];
      if (row_corr != nullptr) v = _mm512_add_epi32(v, _mm512_set1_epi32(row_corr[i]));
      v = _mm512_min_epi32(_mm512_max_epi32(_mm512_add_epi32(cols.Apply(v), zp), lo), hi);
      const __m128i bytes = _mm_xor_si128(_mm512_cvtepi32_epi8(v), out_xor);
      _mm_mask_storeu_epi8(static_cast<int8_t*>(c) + i * c_stride + 16 * j, mask, bytes);
    }
  }
}

}  // namespace
}  // namespace octet::kernels

#endif  // OCTET_KERNELS_GEMM_GEMM_AVX512VNNI_BODY_H_
