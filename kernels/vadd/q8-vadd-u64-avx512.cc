// ADD microkernels (qs8/qu8, vadd and scalar-broadcast vaddc), avx512, 64 elements per step.
//
// vadd has its own body here with both rescales in one rounding step (the generic VAddImpl, which
// vaddc and the rare parameters below still use, spends 47 operations per 16 elements; this one 34):
//
// Input rescale, s = shift >= 1. RDBPOT(y, s) = (y + 2^(s-1) - [y < 0]) >> s (ties away from zero),
// and with y = SRDHM(d * 2^20, M) = d * Mhi + ((d * Mlo + 2^10) >> 11) (vadd.h) an integer added to y
// passes through the floor, so
//   r = (q * Mhi + Bh + ((q * Mlo + Bl) >> 11) - [q < z]) >> s,  Bh = 2^(s-1) - z * Mhi, Bl = 2^10 - z * Mlo
// where [y < 0] = [d < 0] = [q < z] because M > 2^10 (y <= (2^10 - M) / 2^11 < 0 when d <= -1).
// s = 0 (no rounding): Bh = -z * Mhi and the comparison is made against INT32_MIN (never true).
//
// Output, rs = out_shift >= 1, |x| < 2^29 for x = ra + rb (each |r| < 255 * 2^20 / 2 < 2^28):
//   2x * M + 2^31 + (2^(rs-1) + zo * 2^rs) * 2^32 has SRDHM(x, M) + 2^(rs-1) + zo * 2^rs as its HIGH
// dword (floor((2xM + 2^31) / 2^32) = floor((xM + 2^30) / 2^31)), so RDBPOT(SRDHM(x, M), rs) + zo is
// that high dword minus [x < 0], shifted right by rs. [x < 0] may stand for [SRDHM < 0]: x < 0 gives
// SRDHM <= 0, and at 0 both round to zo. The zero point is folded in while |zo| * 2^rs stays below
// 2^30 (rs <= 22), else it is added after the first saturating pack (in int16, as the GEMM epilogue
// does: every saturation is monotone). Then packs narrow 64 results at once and the byte clamp is
// skipped when it is the type's whole range. rs = 0, or multipliers at or below 2^10, take VAddImpl.
#include "kernels/vcvt/simd-avx512.h"
// (the lane helpers must come first)
#include "kernels/vadd/vadd-impl.h"

namespace octet {
namespace {

struct InputRescale {
  __m512i hi, lo, bias_hi, bias_lo, zero_point;
  __m128i shift;
  InputRescale(int32_t mult_hi, int32_t mult_lo, int32_t bias_hi_in, int32_t bias_lo_in, int32_t shift_in, int32_t zp)
      : hi(_mm512_set1_epi32(mult_hi)),
        lo(_mm512_set1_epi32(mult_lo)),
        bias_hi(_mm512_set1_epi32(bias_hi_in + (shift_in > 0 ? int32_t{1} << (shift_in - 1) : 0))),
        bias_lo(_mm512_set1_epi32(bias_lo_in)),
        zero_point(_mm512_set1_epi32(shift_in > 0 ? zp : INT32_MIN)),
        shift(_mm_cvtsi32_si128(shift_in)) {}
  __m512i operator()(__m512i q) const {
    const __m512i low = _mm512_srai_epi32(_mm512_add_epi32(_mm512_mullo_epi32(q, lo), bias_lo), 11);
    __m512i y = _mm512_add_epi32(_mm512_add_epi32(_mm512_mullo_epi32(q, hi), bias_hi), low);
    y = _mm512_mask_sub_epi32(y, _mm512_cmplt_epi32_mask(q, zero_point), y, _mm512_set1_epi32(1));
    return _mm512_sra_epi32(y, shift);
  }
};

struct OutputRescale {
  __m512i mult, round, perm, zp16, lo8, hi8;
  __m128i shift;
  bool add_zp, clamp, u8;
  OutputRescale(const VAddParams& p, bool is_u8)
      : mult(_mm512_set1_epi64(p.out_multiplier)),
        perm(_mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15)),
        zp16(_mm512_set1_epi16(static_cast<int16_t>(p.out_zero_point))),
        lo8(_mm512_set1_epi8(static_cast<char>(p.out_min))),
        hi8(_mm512_set1_epi8(static_cast<char>(p.out_max))),
        shift(_mm_cvtsi32_si128(p.out_shift)),
        add_zp(p.out_shift > 22),
        clamp(is_u8 ? p.out_min > 0 || p.out_max < 255 : p.out_min > -128 || p.out_max < 127),
        u8(is_u8) {
    const int64_t folded = add_zp ? 0 : int64_t{p.out_zero_point} * (int64_t{1} << p.out_shift);
    const int64_t high = (int64_t{1} << (p.out_shift - 1)) + folded;
    round = _mm512_set1_epi64(high * (int64_t{1} << 32) + (int64_t{1} << 31));
  }
  // int32 sums -> requantized int32 (zero point included unless add_zp).
  __m512i operator()(__m512i x) const {
    const __m512i x2 = _mm512_add_epi32(x, x);
    const __m512i pe = _mm512_add_epi64(_mm512_mul_epi32(x2, mult), round);
    const __m512i po = _mm512_add_epi64(_mm512_mul_epi32(_mm512_shuffle_epi32(x2, _MM_PERM_DDBB), mult), round);
    // Even positions take the high dword of pe's lane, odd positions keep po's high dword.
    __m512i hi = _mm512_mask_shuffle_epi32(po, 0x5555, pe, _MM_PERM_DDBB);
    hi = _mm512_add_epi32(hi, _mm512_srai_epi32(x, 31));  // - [x < 0]
    return _mm512_sra_epi32(hi, shift);
  }
  __m512i Narrow(__m512i v0, __m512i v1, __m512i v2, __m512i v3) const {
    __m512i a = _mm512_packs_epi32(v0, v1), b = _mm512_packs_epi32(v2, v3);
    if (add_zp) {
      a = _mm512_adds_epi16(a, zp16);
      b = _mm512_adds_epi16(b, zp16);
    }
    __m512i r = _mm512_permutexvar_epi32(perm, u8 ? _mm512_packus_epi16(a, b) : _mm512_packs_epi16(a, b));
    if (clamp) r = u8 ? _mm512_min_epu8(_mm512_max_epu8(r, lo8), hi8) : _mm512_min_epi8(_mm512_max_epi8(r, lo8), hi8);
    return r;
  }
};

__attribute__((always_inline)) inline __m512i Widen(const uint8_t* p, bool u8) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return u8 ? _mm512_cvtepu8_epi32(v) : _mm512_cvtepi8_epi32(v);
}

// 64 elements from a, b to out.
__attribute__((always_inline)) inline __m512i Add64(const uint8_t* a, const uint8_t* b, const InputRescale& ra,
                                                    const InputRescale& rb, const OutputRescale& out, bool u8) {
  __m512i v[4];
  for (int k = 0; k < 4; ++k) v[k] = out(_mm512_add_epi32(ra(Widen(a + 16 * k, u8)), rb(Widen(b + 16 * k, u8))));
  return out.Narrow(v[0], v[1], v[2], v[3]);
}

void VAddOneStep(size_t n, const void* a, const void* b, void* out, bool u8, const VAddParams* p) {
  if (!OneStepApplies(*p)) {
    VAddImpl<SimdAvx512, false>(n, a, b, out, u8, p);
    return;
  }
  const InputRescale ra(p->a_mult_hi, p->a_mult_lo, p->a_bias_hi, p->a_bias_lo, p->a_shift, p->a_zero_point);
  const InputRescale rb(p->b_mult_hi, p->b_mult_lo, p->b_bias_hi, p->b_bias_lo, p->b_shift, p->b_zero_point);
  const OutputRescale o(*p, u8);
  OneStepLoop<64>(
      n, a, b, out, [&](const uint8_t* x, const uint8_t* y, uint8_t* z) __attribute__((always_inline)) {
        _mm512_storeu_si512(z, Add64(x, y, ra, rb, o, u8));
      });
}

}  // namespace

namespace kernels {
void qs8_vadd__avx512(size_t n, const int8_t* a, const int8_t* b, int8_t* out, const VAddParams* p) {
  VAddOneStep(n, a, b, out, false, p);
}
void qs8_vaddc__avx512(size_t n, const int8_t* a, const int8_t* b, int8_t* out, const VAddParams* p) {
  VAddImpl<SimdAvx512, true>(n, a, b, out, false, p);
}
void qu8_vadd__avx512(size_t n, const uint8_t* a, const uint8_t* b, uint8_t* out, const VAddParams* p) {
  VAddOneStep(n, a, b, out, true, p);
}
void qu8_vaddc__avx512(size_t n, const uint8_t* a, const uint8_t* b, uint8_t* out, const VAddParams* p) {
  VAddImpl<SimdAvx512, true>(n, a, b, out, true, p);
}
}  // namespace kernels
}  // namespace octet
