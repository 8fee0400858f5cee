// Lane helpers for the elementwise families' NEON files (vadd, pool, reduce, vcvt) on aarch64 and on
// armv7 (-mfpu=neon): the same contract as simd-sse41.h (int32 lanes holding widened int8/uint8
// values, exact fixed-point steps on uniform parameters, packing back to bytes, float helpers).
// Include only from NEON files; everything has internal linkage.
//
// Exactness of the fixed-point steps:
// - Srdhm: SQRDMULH is gemmlowp's SaturatingRoundingDoublingHighMul (ties toward +infinity, the one
//   overflowing case saturates the same way).
// - Rdbpot (ties away from zero): SRSHL by -e rounds ties toward +infinity, computed without
//   overflow; for x < 0 and e > 0, floor((x + 2^(e-1) - 1) / 2^e) is RDBPOT, so x gets a saturating -1
//   first (saturation only at INT32_MIN, where both agree since INT32_MIN + 2^(e-1) is no multiple of
//   2^e). For e = 0 the mask x & -e is 0 and SRSHL by 0 is the identity.
// - Floats: aarch64 uses FDIV (IEEE), FRINTA (round half away from zero) and FMAXNM/FMINNM (a NaN
//   operand yields the other one, so NaN -> lo as in the reference). armv7 NEON has no divide and
//   flushes denormals, so there the float helpers run lane by lane on VFP, which is IEEE.
#ifndef OCTET_KERNELS_VCVT_SIMD_NEON_H_
#define OCTET_KERNELS_VCVT_SIMD_NEON_H_

#include <arm_neon.h>

#include <cmath>
#include <cstdint>
#include <cstring>

namespace octet {
namespace {

struct SimdNeon {
  using V = int32x4_t;
  using F = float32x4_t;
  static constexpr size_t N = 4;  // int32 lanes per V; blocks of 4 V = 16 bytes

  static V Set(int32_t x) { return vdupq_n_s32(x); }
  static V Add(V a, V b) { return vaddq_s32(a, b); }
  static V Sub(V a, V b) { return vsubq_s32(a, b); }
  static V MulLo(V a, V b) { return vmulq_s32(a, b); }
  static V Min(V a, V b) { return vminq_s32(a, b); }
  static V Max(V a, V b) { return vmaxq_s32(a, b); }
  template <int kShift>
  static V SraI(V a) {
    return vshrq_n_s32(a, kShift);
  }
  static V Shl(V a, int count) { return vshlq_s32(a, vdupq_n_s32(count)); }  // wraps, like the scalar

  static V Srdhm(V x, V m) { return vqrdmulhq_s32(x, m); }
  static V Abs(V a) { return vabsq_s32(a); }
  // q with the sign of s (0 when s == 0), like _mm_sign_epi32.
  static V ApplySign(V q, V s) {
    const V neg = vshrq_n_s32(s, 31);
    const V signed_q = vsubq_s32(veorq_s32(q, neg), neg);
    return vandq_s32(signed_q, vreinterpretq_s32_u32(vtstq_s32(s, s)));
  }
  // (u * m) >> 31 for unsigned u, m with a result below 2^32.
  static V MulShr31U(V u, V m) {
    const uint32x4_t uu = vreinterpretq_u32_s32(u), mm = vreinterpretq_u32_s32(m);
    const uint64x2_t lo = vmull_u32(vget_low_u32(uu), vget_low_u32(mm));
    const uint64x2_t hi = vmull_u32(vget_high_u32(uu), vget_high_u32(mm));
    return vreinterpretq_s32_u32(vcombine_u32(vshrn_n_u64(lo, 31), vshrn_n_u64(hi, 31)));
  }
  struct Pot {
    V neg_shift;  // -e
  };
  static Pot MakePot(int shift) { return Pot{vdupq_n_s32(-shift)}; }
  static V Rdbpot(V x, const Pot& p) {
    const V fixup = vshrq_n_s32(vandq_s32(x, p.neg_shift), 31);
    return vrshlq_s32(vqaddq_s32(x, fixup), p.neg_shift);
  }

  // N bytes <-> one V; 4N bytes <-> four V. Stores expect values already within the byte type's range.
  static V LoadS8(const int8_t* p) {
    uint32_t x;
    std::memcpy(&x, p, 4);
    const int16x8_t w = vmovl_s8(vreinterpret_s8_u32(vdup_n_u32(x)));
    return vmovl_s16(vget_low_s16(w));
  }
  static V LoadU8(const uint8_t* p) {
    uint32_t x;
    std::memcpy(&x, p, 4);
    const uint16x8_t w = vmovl_u8(vreinterpret_u8_u32(vdup_n_u32(x)));
    return vreinterpretq_s32_u32(vmovl_u16(vget_low_u16(w)));
  }
  static void LoadS8x4(const int8_t* p, V* v) {
    const int8x16_t b = vld1q_s8(p);
    const int16x8_t lo = vmovl_s8(vget_low_s8(b)), hi = vmovl_s8(vget_high_s8(b));
    v[0] = vmovl_s16(vget_low_s16(lo));
    v[1] = vmovl_s16(vget_high_s16(lo));
    v[2] = vmovl_s16(vget_low_s16(hi));
    v[3] = vmovl_s16(vget_high_s16(hi));
  }
  static void LoadU8x4(const uint8_t* p, V* v) {
    const uint8x16_t b = vld1q_u8(p);
    const uint16x8_t lo = vmovl_u8(vget_low_u8(b)), hi = vmovl_u8(vget_high_u8(b));
    v[0] = vreinterpretq_s32_u32(vmovl_u16(vget_low_u16(lo)));
    v[1] = vreinterpretq_s32_u32(vmovl_u16(vget_high_u16(lo)));
    v[2] = vreinterpretq_s32_u32(vmovl_u16(vget_low_u16(hi)));
    v[3] = vreinterpretq_s32_u32(vmovl_u16(vget_high_u16(hi)));
  }
  static void StoreS8(int8_t* p, V v) {
    const int16x4_t h = vqmovn_s32(v);
    const int8x8_t b = vqmovn_s16(vcombine_s16(h, h));
    const uint32_t x = vget_lane_u32(vreinterpret_u32_s8(b), 0);
    std::memcpy(p, &x, 4);
  }
  static void StoreU8(uint8_t* p, V v) {
    const int16x4_t h = vqmovn_s32(v);
    const uint8x8_t b = vqmovun_s16(vcombine_s16(h, h));
    const uint32_t x = vget_lane_u32(vreinterpret_u32_u8(b), 0);
    std::memcpy(p, &x, 4);
  }
  static void StoreS8x4(int8_t* p, const V* v) {
    const int16x8_t lo = vcombine_s16(vqmovn_s32(v[0]), vqmovn_s32(v[1]));
    const int16x8_t hi = vcombine_s16(vqmovn_s32(v[2]), vqmovn_s32(v[3]));
    vst1q_s8(p, vcombine_s8(vqmovn_s16(lo), vqmovn_s16(hi)));
  }
  static void StoreU8x4(uint8_t* p, const V* v) {
    const int16x8_t lo = vcombine_s16(vqmovn_s32(v[0]), vqmovn_s32(v[1]));
    const int16x8_t hi = vcombine_s16(vqmovn_s32(v[2]), vqmovn_s32(v[3]));
    vst1q_u8(p, vcombine_u8(vqmovun_s16(lo), vqmovun_s16(hi)));
  }
  static void XorBytes80(size_t n, const uint8_t* in, uint8_t* out) {
    const uint8x16_t k = vdupq_n_u8(0x80);
    size_t i = 0;
    for (; i + 64 <= n; i += 64) {
      const uint8x16_t a = vld1q_u8(in + i), b = vld1q_u8(in + i + 16);
      const uint8x16_t c = vld1q_u8(in + i + 32), d = vld1q_u8(in + i + 48);
      vst1q_u8(out + i, veorq_u8(a, k));
      vst1q_u8(out + i + 16, veorq_u8(b, k));
      vst1q_u8(out + i + 32, veorq_u8(c, k));
      vst1q_u8(out + i + 48, veorq_u8(d, k));
    }
    for (; i + 16 <= n; i += 16) vst1q_u8(out + i, veorq_u8(vld1q_u8(in + i), k));
    for (; i < n; ++i) out[i] = static_cast<uint8_t>(in[i] ^ 0x80);
  }

  // Floats.
  static F SetF(float x) { return vdupq_n_f32(x); }
  static F LoadF(const float* p) { return vld1q_f32(p); }
  static void StoreF(float* p, F v) { vst1q_f32(p, v); }
  static F ToF(V v) { return vcvtq_f32_s32(v); }  // exact: |v| < 2^24
#if defined(__aarch64__)
  static F MulF(F a, F b) { return vmulq_f32(a, b); }
  static F DivF(F a, F b) { return vdivq_f32(a, b); }
  // clamp(RHAZ(y), lo, hi) as int32; NaN -> lo.
  static V RoundClampToInt(F y, F lo, F hi) {
    const F r = vminnmq_f32(vmaxnmq_f32(vrndaq_f32(y), lo), hi);
    return vcvtq_s32_f32(r);
  }
#else
  static F MulF(F a, F b) { return Lanes(a, b, [](float x, float y) { return x * y; }); }
  static F DivF(F a, F b) { return Lanes(a, b, [](float x, float y) { return x / y; }); }
  static V RoundClampToInt(F y, F lo, F hi) {
    float in[4], out_lo[4], out_hi[4];
    int32_t out[4];
    vst1q_f32(in, y);
    vst1q_f32(out_lo, lo);
    vst1q_f32(out_hi, hi);
    for (int i = 0; i < 4; ++i) {
      const float t = std::trunc(in[i]);
      float r = t + (std::fabs(in[i] - t) >= 0.5f ? std::copysign(1.0f, in[i]) : 0.0f);
      if (!(r >= out_lo[i])) r = out_lo[i];  // NaN too
      if (r > out_hi[i]) r = out_hi[i];
      out[i] = static_cast<int32_t>(r);
    }
    return vld1q_s32(out);
  }
  template <typename Op>
  static F Lanes(F a, F b, Op op) {
    float x[4], y[4];
    vst1q_f32(x, a);
    vst1q_f32(y, b);
    for (int i = 0; i < 4; ++i) x[i] = op(x[i], y[i]);
    return vld1q_f32(x);
  }
#endif
};

}  // namespace
}  // namespace octet

#endif  // OCTET_KERNELS_VCVT_SIMD_NEON_H_
