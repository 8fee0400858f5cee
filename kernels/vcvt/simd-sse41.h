// Lane helpers for the elementwise families' SSE4.1 files (vadd, pool, reduce, vcvt): int32 lanes
// holding widened int8/uint8 values, the exact fixed-point steps (SRDHM ties up, RDBPOT ties away) on
// uniform parameters, packing back to bytes, and float helpers. Include only from -msse4.1 files;
// everything has internal linkage.
#ifndef OCTET_KERNELS_VCVT_SIMD_SSE41_H_
#define OCTET_KERNELS_VCVT_SIMD_SSE41_H_

#include <smmintrin.h>

#include <cstdint>
#include <cstring>

namespace octet {
namespace {

struct SimdSse41 {
  using V = __m128i;
  using F = __m128;
  static constexpr size_t N = 4;  // int32 lanes per V; blocks of 4 V = 16 bytes

  static V Set(int32_t x) { return _mm_set1_epi32(x); }
  static V Add(V a, V b) { return _mm_add_epi32(a, b); }
  static V Sub(V a, V b) { return _mm_sub_epi32(a, b); }
  static V MulLo(V a, V b) { return _mm_mullo_epi32(a, b); }
  static V Min(V a, V b) { return _mm_min_epi32(a, b); }
  static V Max(V a, V b) { return _mm_max_epi32(a, b); }
  template <int kShift>
  static V SraI(V a) {
    return _mm_srai_epi32(a, kShift);
  }
  static V Shl(V a, int count) { return _mm_sll_epi32(a, _mm_cvtsi32_si128(count)); }

  // SaturatingRoundingDoublingHighMul(x, M) per lane for M >= 0 (no saturation case).
  static V Srdhm(V x, V m) {
    const __m128i round = _mm_set1_epi64x(int64_t{1} << 30);
    const __m128i even = _mm_srli_epi64(_mm_add_epi64(_mm_mul_epi32(x, m), round), 31);
    const __m128i odd = _mm_slli_epi64(_mm_add_epi64(_mm_mul_epi32(_mm_shuffle_epi32(x, 0xF5), m), round), 1);
    return _mm_blend_epi16(even, odd, 0xCC);
  }
  // RoundingDivideByPOT by a uniform shift in [0, 31].
  static V Abs(V a) { return _mm_abs_epi32(a); }
  // q with the sign of s (q >= 0; s == 0 gives 0, which callers only use when q == 0).
  static V ApplySign(V q, V s) { return _mm_sign_epi32(q, s); }
  // (u * m) >> 31 for unsigned u, m with a result below 2^32.
  static V MulShr31U(V u, V m) {
    const V even = _mm_srli_epi64(_mm_mul_epu32(u, m), 31);
    const V odd = _mm_slli_epi64(_mm_mul_epu32(_mm_shuffle_epi32(u, 0xF5), m), 1);
    return _mm_blend_epi16(even, odd, 0xCC);
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
    const V remainder = _mm_and_si128(x, p.mask);
    const V threshold = _mm_sub_epi32(p.half, _mm_srai_epi32(x, 31));
    return _mm_sub_epi32(_mm_sra_epi32(x, p.count), _mm_cmpgt_epi32(remainder, threshold));
  }

  // N bytes <-> one V; 4N bytes <-> four V. Stores expect values already within the byte type's range.
  static V LoadS8(const int8_t* p) {
    int32_t x;
    std::memcpy(&x, p, 4);
    return _mm_cvtepi8_epi32(_mm_cvtsi32_si128(x));
  }
  static V LoadU8(const uint8_t* p) {
    int32_t x;
    std::memcpy(&x, p, 4);
    return _mm_cvtepu8_epi32(_mm_cvtsi32_si128(x));
  }
  static void LoadS8x4(const int8_t* p, V* v) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    v[0] = _mm_cvtepi8_epi32(b);
    v[1] = _mm_cvtepi8_epi32(_mm_srli_si128(b, 4));
    v[2] = _mm_cvtepi8_epi32(_mm_srli_si128(b, 8));
    v[3] = _mm_cvtepi8_epi32(_mm_srli_si128(b, 12));
  }
  static void LoadU8x4(const uint8_t* p, V* v) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    v[0] = _mm_cvtepu8_epi32(b);
    v[1] = _mm_cvtepu8_epi32(_mm_srli_si128(b, 4));
    v[2] = _mm_cvtepu8_epi32(_mm_srli_si128(b, 8));
    v[3] = _mm_cvtepu8_epi32(_mm_srli_si128(b, 12));
  }
  static void StoreS8(int8_t* p, V v) {
    const int32_t x = _mm_cvtsi128_si32(_mm_packs_epi16(_mm_packs_epi32(v, v), v));
    std::memcpy(p, &x, 4);
  }
  static void StoreU8(uint8_t* p, V v) {
    const int32_t x = _mm_cvtsi128_si32(_mm_packus_epi16(_mm_packs_epi32(v, v), v));
    std::memcpy(p, &x, 4);
  }
  static void StoreS8x4(int8_t* p, const V* v) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p),
                     _mm_packs_epi16(_mm_packs_epi32(v[0], v[1]), _mm_packs_epi32(v[2], v[3])));
  }
  static void StoreU8x4(uint8_t* p, const V* v) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p),
                     _mm_packus_epi16(_mm_packs_epi32(v[0], v[1]), _mm_packs_epi32(v[2], v[3])));
  }
  static void XorBytes80(size_t n, const uint8_t* in, uint8_t* out) {
    const __m128i k = _mm_set1_epi8(static_cast<char>(0x80));
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i),
                       _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i)), k));
    }
    for (; i < n; ++i) out[i] = static_cast<uint8_t>(in[i] ^ 0x80);
  }

  // Floats.
  static F SetF(float x) { return _mm_set1_ps(x); }
  static F LoadF(const float* p) { return _mm_loadu_ps(p); }
  static void StoreF(float* p, F v) { _mm_storeu_ps(p, v); }
  static F ToF(V v) { return _mm_cvtepi32_ps(v); }
  static F MulF(F a, F b) { return _mm_mul_ps(a, b); }
  static F DivF(F a, F b) { return _mm_div_ps(a, b); }
  // clamp(RHAZ(y), lo, hi) as int32; NaN -> lo.
  static V RoundClampToInt(F y, F lo, F hi) {
    const F t = _mm_round_ps(y, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    const F sign_bit = _mm_set1_ps(-0.0f);
    const F frac = _mm_andnot_ps(sign_bit, _mm_sub_ps(y, t));
    const F one_signed = _mm_or_ps(_mm_and_ps(y, sign_bit), _mm_set1_ps(1.0f));
    F r = _mm_add_ps(t, _mm_and_ps(_mm_cmpge_ps(frac, _mm_set1_ps(0.5f)), one_signed));
    r = _mm_min_ps(_mm_max_ps(r, lo), hi);  // maxps returns its second operand for NaN
    return _mm_cvttps_epi32(r);
  }
};

}  // namespace
}  // namespace octet

#endif  // OCTET_KERNELS_VCVT_SIMD_SSE41_H_
