// ADD microkernels (qs8/qu8, vadd and scalar-broadcast vaddc), avx2, 32 elements per step.
//
// vadd uses the one-step rescales of q8-vadd-u64-avx512.cc (the derivation is there) on 8 lanes: per
// input y = q * Mhi + Bh + ((q * Mlo + Bl) >> 11) - [q < z], r = y >> s; per output the high dword of
// 2x * M + 2^31 + (2^(rs-1) + zo * 2^rs) * 2^32, minus [x < 0], shifted right by rs (the zero point
// added after packing when rs > 22); saturating packs narrow 32 results at once. vaddc and the
// parameters the one-step forms do not cover (output shift 0, multipliers at or below 2^10) take the
// generic VAddImpl.
#include "kernels/vcvt/simd-avx2.h"
// (the lane helpers must come first)
#include "kernels/vadd/vadd-impl.h"

namespace octet {
namespace {

struct InputRescale8 {
  __m256i hi, lo, bias_hi, bias_lo, zero_point;
  __m128i shift;
  InputRescale8(int32_t mult_hi, int32_t mult_lo, int32_t bias_hi_in, int32_t bias_lo_in, int32_t shift_in, int32_t zp)
      : hi(_mm256_set1_epi32(mult_hi)),
        lo(_mm256_set1_epi32(mult_lo)),
        bias_hi(_mm256_set1_epi32(bias_hi_in + (shift_in > 0 ? int32_t{1} << (shift_in - 1) : 0))),
        bias_lo(_mm256_set1_epi32(bias_lo_in)),
        // z > q never holds for z = INT32_MIN: shift 0 needs no sign term.
        zero_point(_mm256_set1_epi32(shift_in > 0 ? zp : INT32_MIN)),
        shift(_mm_cvtsi32_si128(shift_in)) {}
  __m256i operator()(__m256i q) const {
    const __m256i low = _mm256_srai_epi32(_mm256_add_epi32(_mm256_mullo_epi32(q, lo), bias_lo), 11);
    __m256i y = _mm256_add_epi32(_mm256_add_epi32(_mm256_mullo_epi32(q, hi), bias_hi), low);
    y = _mm256_add_epi32(y, _mm256_cmpgt_epi32(zero_point, q));  // - [q < z]
    return _mm256_sra_epi32(y, shift);
  }
};

struct OutputRescale8 {
  __m256i mult, round, zp16, lo8, hi8;
  __m128i shift;
  bool add_zp, clamp, u8;
  OutputRescale8(const VAddParams& p, bool is_u8)
      : mult(_mm256_set1_epi64x(p.out_multiplier)),
        zp16(_mm256_set1_epi16(static_cast<int16_t>(p.out_zero_point))),
        lo8(_mm256_set1_epi8(static_cast<char>(p.out_min))),
        hi8(_mm256_set1_epi8(static_cast<char>(p.out_max))),
        shift(_mm_cvtsi32_si128(p.out_shift)),
        add_zp(p.out_shift > 22),
        clamp(is_u8 ? p.out_min > 0 || p.out_max < 255 : p.out_min > -128 || p.out_max < 127),
        u8(is_u8) {
    const int64_t folded = add_zp ? 0 : int64_t{p.out_zero_point} * (int64_t{1} << p.out_shift);
    const int64_t high = (int64_t{1} << (p.out_shift - 1)) + folded;
    round = _mm256_set1_epi64x(high * (int64_t{1} << 32) + (int64_t{1} << 31));
  }
  __m256i operator()(__m256i x) const {
    const __m256i x2 = _mm256_add_epi32(x, x);
    const __m256i pe = _mm256_add_epi64(_mm256_mul_epi32(x2, mult), round);
    const __m256i po = _mm256_add_epi64(_mm256_mul_epi32(_mm256_srli_epi64(x2, 32), mult), round);
    // High dwords: even lanes from pe (moved down), odd lanes in place in po.
    __m256i hi = _mm256_blend_epi32(_mm256_shuffle_epi32(pe, 0xF5), po, 0xAA);
    hi = _mm256_add_epi32(hi, _mm256_srai_epi32(x, 31));  // - [x < 0]
    return _mm256_sra_epi32(hi, shift);
  }
  __m256i Narrow(__m256i v0, __m256i v1, __m256i v2, __m256i v3) const {
    __m256i a = _mm256_packs_epi32(v0, v1), b = _mm256_packs_epi32(v2, v3);
    if (add_zp) {
      a = _mm256_adds_epi16(a, zp16);
      b = _mm256_adds_epi16(b, zp16);
    }
    __m256i r = _mm256_permutevar8x32_epi32(u8 ? _mm256_packus_epi16(a, b) : _mm256_packs_epi16(a, b),
                                            _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
    if (clamp) r = u8 ? _mm256_min_epu8(_mm256_max_epu8(r, lo8), hi8) : _mm256_min_epi8(_mm256_max_epi8(r, lo8), hi8);
    return r;
  }
};

inline __m256i Widen8(const uint8_t* p, bool u8) {
  const __m128i v = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
  return u8 ? _mm256_cvtepu8_epi32(v) : _mm256_cvtepi8_epi32(v);
}

inline __m256i Add32(const uint8_t* a, const uint8_t* b, const InputRescale8& ra, const InputRescale8& rb,
                     const OutputRescale8& out, bool u8) {
  __m256i v[4];
  for (int k = 0; k < 4; ++k) v[k] = out(_mm256_add_epi32(ra(Widen8(a + 8 * k, u8)), rb(Widen8(b + 8 * k, u8))));
  return out.Narrow(v[0], v[1], v[2], v[3]);
}

void VAddOneStep8(size_t n, const void* a, const void* b, void* out, bool u8, const VAddParams* p) {
  if (!OneStepApplies(*p)) {
    VAddImpl<SimdAvx2, false>(n, a, b, out, u8, p);
    return;
  }
  const InputRescale8 ra(p->a_mult_hi, p->a_mult_lo, p->a_bias_hi, p->a_bias_lo, p->a_shift, p->a_zero_point);
  const InputRescale8 rb(p->b_mult_hi, p->b_mult_lo, p->b_bias_hi, p->b_bias_lo, p->b_shift, p->b_zero_point);
  const OutputRescale8 o(*p, u8);
  OneStepLoop<32>(
      n, a, b, out, [&](const uint8_t* x, const uint8_t* y, uint8_t* z) __attribute__((always_inline)) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(z), Add32(x, y, ra, rb, o, u8));
      });
}

}  // namespace

namespace kernels {
void qs8_vadd__avx2(size_t n, const int8_t* a, const int8_t* b, int8_t* out, const VAddParams* p) {
  VAddOneStep8(n, a, b, out, false, p);
}
void qs8_vaddc__avx2(size_t n, const int8_t* a, const int8_t* b, int8_t* out, const VAddParams* p) {
  VAddImpl<SimdAvx2, true>(n, a, b, out, false, p);
}
void qu8_vadd__avx2(size_t n, const uint8_t* a, const uint8_t* b, uint8_t* out, const VAddParams* p) {
  VAddOneStep8(n, a, b, out, true, p);
}
void qu8_vaddc__avx2(size_t n, const uint8_t* a, const uint8_t* b, uint8_t* out, const VAddParams* p) {
  VAddImpl<SimdAvx2, true>(n, a, b, out, true, p);
}
}  // namespace kernels
}  // namespace octet
