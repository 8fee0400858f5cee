// Lane helpers for the elementwise families' AVX2 files (see simd-sse41.h for the contract).
#ifndef OCTET_KERNELS_VCVT_SIMD_AVX2_H_
#define OCTET_KERNELS_VCVT_SIMD_AVX2_H_

#include <immintrin.h>

#include <cstdint>
#include <cstring>

namespace octet {
namespace {

struct SimdAvx2 {
  using V = __m256i;
  using F = __m256;
  static constexpr size_t N = 8;

  static V Set(int32_t x) { return _mm256_set1_epi32(x); }
  static V Add(V a, V b) { return _mm256_add_epi32(a, b); }
  static V Sub(V a, V b) { return _mm256_sub_epi32(a, b); }
  static V MulLo(V a, V b) { return _mm256_mullo_epi32(a, b); }
  static V Min(V a, V b) { return _mm256_min_epi32(a, b); }
  static V Max(V a, V b) { return _mm256_max_epi32(a, b); }
  template <int kShift>
  static V SraI(V a) {
    return _mm256_srai_epi32(a, kShift);
  }
  static V Shl(V a, int count) { return _mm256_sll_epi32(a, _mm_cvtsi32_si128(count)); }

  static V Srdhm(V x, V m) {
    const __m256i round = _mm256_set1_epi64x(int64_t{1} << 30);
    const __m256i even = _mm256_srli_epi64(_mm256_add_epi64(_mm256_mul_epi32(x, m), round), 31);
    const __m256i odd =
        _mm256_slli_epi64(_mm256_add_epi64(_mm256_mul_epi32(_mm256_shuffle_epi32(x, 0xF5), m), round), 1);
    return _mm256_blend_epi32(even, odd, 0xAA);
  }
  static V Abs(V a) { return _mm256_abs_epi32(a); }
  // q with the sign of s (q >= 0; s == 0 gives 0, which callers only use when q == 0).
  static V ApplySign(V q, V s) { return _mm256_sign_epi32(q, s); }
  // (u * m) >> 31 for unsigned u, m with a result below 2^32.
  static V MulShr31U(V u, V m) {
    const V even = _mm256_srli_epi64(_mm256_mul_epu32(u, m), 31);
    const V odd = _mm256_slli_epi64(_mm256_mul_epu32(_mm256_shuffle_epi32(u, 0xF5), m), 1);
    return _mm256_blend_epi32(even, odd, 0xAA);
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
    const V remainder = _mm256_and_si256(x, p.mask);
    const V threshold = _mm256_sub_epi32(p.half, _mm256_srai_epi32(x, 31));
    return _mm256_sub_epi32(_mm256_sra_epi32(x, p.count), _mm256_cmpgt_epi32(remainder, threshold));
  }

  static V LoadS8(const int8_t* p) {
    return _mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
  }
  static V LoadU8(const uint8_t* p) {
    return _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
  }
  static void LoadS8x4(const int8_t* p, V* v) {
    const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
    v[0] = _mm256_cvtepi8_epi32(lo);
    v[1] = _mm256_cvtepi8_epi32(_mm_srli_si128(lo, 8));
    v[2] = _mm256_cvtepi8_epi32(hi);
    v[3] = _mm256_cvtepi8_epi32(_mm_srli_si128(hi, 8));
  }
  static void LoadU8x4(const uint8_t* p, V* v) {
    const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
    v[0] = _mm256_cvtepu8_epi32(lo);
    v[1] = _mm256_cvtepu8_epi32(_mm_srli_si128(lo, 8));
    v[2] = _mm256_cvtepu8_epi32(hi);
    v[3] = _mm256_cvtepu8_epi32(_mm_srli_si128(hi, 8));
  }
  static __m128i Pack16(V v) { return _mm_packs_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1)); }
  static void StoreS8(int8_t* p, V v) {
    const __m128i w = Pack16(v);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_packs_epi16(w, w));
  }
  static void StoreU8(uint8_t* p, V v) {
    const __m128i w = Pack16(v);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_packus_epi16(w, w));
  }
  static void StoreS8x4(int8_t* p, const V* v) {
    const __m256i b = _mm256_packs_epi16(_mm256_packs_epi32(v[0], v[1]), _mm256_packs_epi32(v[2], v[3]));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p),
                        _mm256_permutevar8x32_epi32(b, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7)));
  }
  static void StoreU8x4(uint8_t* p, const V* v) {
    const __m256i b = _mm256_packus_epi16(_mm256_packs_epi32(v[0], v[1]), _mm256_packs_epi32(v[2], v[3]));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p),
                        _mm256_permutevar8x32_epi32(b, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7)));
  }
  static void XorBytes80(size_t n, const uint8_t* in, uint8_t* out) {
    const __m256i k = _mm256_set1_epi8(static_cast<char>(0x80));
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i),
                          _mm256_xor_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(in + i)), k));
    }
    for (; i < n; ++i) out[i] = static_cast<uint8_t>(in[i] ^ 0x80);
  }

  static F SetF(float x) { return _mm256_set1_ps(x); }
  static F LoadF(const float* p) { return _mm256_loadu_ps(p); }
  static void StoreF(float* p, F v) { _mm256_storeu_ps(p, v); }
  static F ToF(V v) { return _mm256_cvtepi32_ps(v); }
  static F MulF(F a, F b) { return _mm256_mul_ps(a, b); }
  static F DivF(F a, F b) { return _mm256_div_ps(a, b); }
  static V RoundClampToInt(F y, F lo, F hi) {
    const F t = _mm256_round_ps(y, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    const F sign_bit = _mm256_set1_ps(-0.0f);
    const F frac = _mm256_andnot_ps(sign_bit, _mm256_sub_ps(y, t));
    const F one_signed = _mm256_or_ps(_mm256_and_ps(y, sign_bit), _mm256_set1_ps(1.0f));
    F r = _mm256_add_ps(t, _mm256_and_ps(_mm256_cmp_ps(frac, _mm256_set1_ps(0.5f), _CMP_GE_OQ), one_signed));
    r = _mm256_min_ps(_mm256_max_ps(r, lo), hi);  // vmaxps returns its second operand for NaN
    return _mm256_cvttps_epi32(r);
  }
};

}  // namespace
}  // namespace octet

#endif  // OCTET_KERNELS_VCVT_SIMD_AVX2_H_
