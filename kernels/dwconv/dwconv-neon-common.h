// Shared by the NEON depthwise kernels (qs8-dwconv-16c-neon.cc, qs8-dwconv-16c-neondot.cc; aarch64
// and armv7): the packed block's requantization epilogue for 16 channels and the channel-tail staging.
// Internal linkage only (each ISA file gets its own copy, compiled with its own flags).
//
// Packed block (formats 2 and 3, 16 channels in natural order, see PackWeights in dwconv.cc):
//   int32 bias'[16] | weights | int32 M[16] | int32 ls[16] | int32 -rs[16]
// Requantization per lane is TFLite's two-step form, exact in 32-bit lanes:
//   x = SQRDMULH(acc << ls, M)                      (= SRDHM, ties toward +infinity)
//   r = SRSHL(x +sat (x < 0 && rs > 0 ? -1 : 0), -rs)  (= RoundingDivideByPOT, ties away from zero)
// (SRSHL rounds ties up without overflow; the -1 turns that into away-from-zero for negative x, and
// saturates only at INT32_MIN, where both agree. See also kernels/vcvt/simd-neon.h.) Then the zero
// point and clamp in saturating 16/8-bit steps: r ->sat16 -> +sat zp -> sat8 -> clamp[min, max]. Every
// step is monotone and the identity on [-32768 + 255, 32767 - 255] ⊃ [min - zp, max - zp], so the
// composition equals clamp(r + zp, min, max).
#ifndef OCTET_KERNELS_DWCONV_DWCONV_NEON_COMMON_H_
#define OCTET_KERNELS_DWCONV_DWCONV_NEON_COMMON_H_

#include <arm_neon.h>

#include <cstring>

#include "kernels/dwconv/ukernels.h"

namespace octet::kernels::dwconv {
namespace {

constexpr size_t kNeonCb = 16;
constexpr size_t kNeonRequantBytes = 192;

inline int32x4_t RequantLanes(int32x4_t acc, const int32_t* rq, bool has_left_shift) {
  if (has_left_shift) acc = vshlq_s32(acc, vld1q_s32(rq + 16));  // wraps like RequantizeOne
  const int32x4_t x = vqrdmulhq_s32(acc, vld1q_s32(rq));
  const int32x4_t neg_rs = vld1q_s32(rq + 32);
  const int32x4_t fixup = vshrq_n_s32(vandq_s32(x, neg_rs), 31);
  return vrshlq_s32(vqaddq_s32(x, fixup), neg_rs);
}

// 16 accumulators (4 vectors, channels 0-3, 4-7, 8-11, 12-15) -> 16 output bytes.
template <bool kU8>
inline uint8x16_t Requant16(const int32x4_t* acc, const uint8_t* rq_bytes, const RequantView& rq) {
  const auto* p = reinterpret_cast<const int32_t*>(rq_bytes);
  const bool ls = rq.has_left_shift;
  const int16x8_t zp = vdupq_n_s16(static_cast<int16_t>(rq.output_zero_point));
  const int16x8_t lo = vqaddq_s16(
      vcombine_s16(vqmovn_s32(RequantLanes(acc[0], p, ls)), vqmovn_s32(RequantLanes(acc[1], p + 4, ls))), zp);
  const int16x8_t hi = vqaddq_s16(
      vcombine_s16(vqmovn_s32(RequantLanes(acc[2], p + 8, ls)), vqmovn_s32(RequantLanes(acc[3], p + 12, ls))), zp);
  if (kU8) {
    const uint8x16_t v = vcombine_u8(vqmovun_s16(lo), vqmovun_s16(hi));
    return vminq_u8(vmaxq_u8(v, vdupq_n_u8(static_cast<uint8_t>(rq.output_min))),
                    vdupq_n_u8(static_cast<uint8_t>(rq.output_max)));
  }
  const int8x16_t v = vcombine_s8(vqmovn_s16(lo), vqmovn_s16(hi));
  return vreinterpretq_u8_s8(vminq_s8(vmaxq_s8(v, vdupq_n_s8(static_cast<int8_t>(rq.output_min))),
                                      vdupq_n_s8(static_cast<int8_t>(rq.output_max))));
}

// Runs `block(addr, w)` over whole 16-channel blocks, then the tail through `staging` (never reading
// or writing past `channels` bytes). block(addr, w) returns the 16 output bytes.
template <typename Block>
inline void ForEachBlock(size_t channels, size_t n, const uint8_t* const* taps, const uint8_t* w, size_t block_bytes,
                         uint8_t* output, uint8_t* staging, Block block) {
  size_t c = 0;
  for (; c + kNeonCb <= channels; c += kNeonCb, w += block_bytes) {
    vst1q_u8(output + c, block([&](size_t t) { return taps[t] + c; }, w));
  }
  if (c < channels) {
    const size_t rem = channels - c;
    for (size_t t = 0; t < n; ++t) std::memcpy(staging + t * kStagingBytesPerTap, taps[t] + c, rem);
    uint8_t tmp[16];
    vst1q_u8(tmp, block([&](size_t t) { return static_cast<const uint8_t*>(staging + t * kStagingBytesPerTap); }, w));
    std::memcpy(output + c, tmp, rem);
  }
}

}  // namespace
}  // namespace octet::kernels::dwconv

#endif  // OCTET_KERNELS_DWCONV_DWCONV_NEON_COMMON_H_
