// Lane helpers for the elementwise families' AVX-512 (F/BW) files (see simd-sse41.h for the contract).
#ifndef OCTET_KERNELS_VCVT_SIMD_AVX512_H_
#define OCTET_KERNELS_VCVT_SIMD_AVX512_H_

#include "kernels/common/immintrin_avx512.h"

#include <cstdint>
#include <cstring>

namespace octet {
namespace {

struct SimdAvx512 {
  using V = __m512i;
  using F = __m512;
  static constexpr size_t N = 16;

  static V Set(int32_t x) { return _mm512_set1_epi32(x); }
  static V Add(V a, V b) { return _mm512_add_epi32(a, b); }
  static V Sub(V a, V b) { return _mm512_sub_epi32(a, b); }
  static V MulLo(V a, V b) { return _mm512_mullo_epi32(a, b); }
  static V Min(V a, V b) { return _mm512_min_epi32(a, b); }
  static V Max(V a, V b) { return _mm512_max_epi32(a, b); }
  template <int kShift>
  static V SraI(V a) {
    return _mm512_srai_epi32(a, kShift);
  }
  static V Shl(V a, int count) { return _mm512_sll_epi32(a, _mm_cvtsi32_si128(count)); }

  static V Srdhm(V x, V m) {
    const __m512i round = _mm512_set1_epi64(int64_t{1} << 30);
    const __m512i even = _mm512_srli_epi64(_mm512_add_epi64(_mm512_mul_epi32(x, m), round), 31);
    const __m512i odd =
        _mm512_slli_epi64(_mm512_add_epi64(_mm512_mul_epi32(_mm512_shuffle_epi32(x, _MM_PERM_DDBB), m), round), 1);
    return _mm512_mask_blend_epi32(0xAAAA, even, odd);
  }
  static V Abs(V a) { return _mm512_abs_epi32(a); }
  // q with the sign of s (q >= 0; s == 0 gives q, which callers only use when q == 0).
  static V ApplySign(V q, V s) {
    return _mm512_mask_sub_epi32(q, _mm512_cmplt_epi32_mask(s, _mm512_setzero_si512()), _mm512_setzero_si512(), q);
  }
  // (u * m) >> 31 for unsigned u, m with a result below 2^32.
  static V MulShr31U(V u, V m) {
    const __m512i even = _mm512_srli_epi64(_mm512_mul_epu32(u, m), 31);
    const __m512i odd = _mm512_slli_epi64(_mm512_mul_epu32(_mm512_shuffle_epi32(u, _MM_PERM_DDBB), m), 1);
    return _mm512_mask_blend_epi32(0xAAAA, even, odd);
  }
  struct Pot {
    V mask, half;
    __m128i count;
  };
  static Pot MakePot(int shift) {
    const int32_t mask = static_cast<int32_t>((int64_t{1} << shift) - 1);
    return Pot{Set(mask), Set(mask >> 1), _mm_cvtsi32_si128(shift)};
  }
  static V Rdbpot(V x, const Pot& p) {
    const V remainder = _mm512_and_si512(x, p.mask);
    const V threshold = _mm512_sub_epi32(p.half, _mm512_srai_epi32(x, 31));
    const V shifted = _mm512_sra_epi32(x, p.count);
    return _mm512_mask_add_epi32(shifted, _mm512_cmpgt_epi32_mask(remainder, threshold), shifted, Set(1));
  }

  static V LoadS8(const int8_t* p) {
    return _mm512_cvtepi8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  }
  static V LoadU8(const uint8_t* p) {
    return _mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  }
  static void LoadS8x4(const int8_t* p, V* v) {
    for (int i = 0; i < 4; ++i) v[i] = LoadS8(p + 16 * i);
  }
  static void LoadU8x4(const uint8_t* p, V* v) {
    for (int i = 0; i < 4; ++i) v[i] = LoadU8(p + 16 * i);
  }
  static void StoreS8(int8_t* p, V v) { _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm512_cvtepi32_epi8(v)); }
  static void StoreU8(uint8_t* p, V v) { _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm512_cvtepi32_epi8(v)); }
  static void StoreS8x4(int8_t* p, const V* v) {
    for (int i = 0; i < 4; ++i) StoreS8(p + 16 * i, v[i]);
  }
  static void StoreU8x4(uint8_t* p, const V* v) {
    for (int i = 0; i < 4; ++i) StoreU8(p + 16 * i, v[i]);
  }
  static void XorBytes80(size_t n, const uint8_t* in, uint8_t* out) {
    const __m512i k = _mm512_set1_epi8(static_cast<char>(0x80));
    size_t i = 0;
    for (; i + 64 <= n; i += 64) _mm512_storeu_si512(out + i, _mm512_xor_si512(_mm512_loadu_si512(in + i), k));
    if (i < n) {
      const __mmask64 m = (uint64_t{1} << (n - i)) - 1;  // n - i < 64
      _mm512_mask_storeu_epi8(out + i, m, _mm512_xor_si512(_mm512_maskz_loadu_epi8(m, in + i), k));
    }
  }

  static F SetF(float x) { return _mm512_set1_ps(x); }
  static F LoadF(const float* p) { return _mm512_loadu_ps(p); }
  static void StoreF(float* p, F v) { _mm512_storeu_ps(p, v); }
  static F ToF(V v) { return _mm512_cvtepi32_ps(v); }
  static F MulF(F a, F b) { return _mm512_mul_ps(a, b); }
  static F DivF(F a, F b) { return _mm512_div_ps(a, b); }
  static V RoundClampToInt(F y, F lo, F hi) {
    const F t = _mm512_roundscale_ps(y, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    const F frac = _mm512_abs_ps(_mm512_sub_ps(y, t));
    const F one_signed = _mm512_castsi512_ps(_mm512_or_si512(
        _mm512_and_si512(_mm512_castps_si512(y), _mm512_set1_epi32(INT32_MIN)), _mm512_castps_si512(SetF(1.0f))));
    F r = _mm512_mask_add_ps(t, _mm512_cmp_ps_mask(frac, SetF(0.5f), _CMP_GE_OQ), t, one_signed);
    r = _mm512_min_ps(_mm512_max_ps(r, lo), hi);  // vmaxps returns its second operand for NaN
    return _mm512_cvttps_epi32(r);
  }
};

}  // namespace
}  // namespace octet

#endif  // OCTET_KERNELS_VCVT_SIMD_AVX512_H_
