// Shared epilogue of the Arm GEMM kernels (NEON, dotprod, i8mm; aarch64 and armv7): per row, 8
// columns of int32 accumulators -> requantized (kernels/common/requantize_neon.h), zero point,
// clamp, output XOR, stored as nc <= 8 bytes.
#ifndef OCTET_KERNELS_GEMM_GEMM_NEON_STORE_H_
#define OCTET_KERNELS_GEMM_GEMM_NEON_STORE_H_

#include <arm_neon.h>

#include <cstring>

#include "kernels/common/requantize_neon.h"
#include "kernels/gemm/gemm.h"

namespace octet::kernels {
namespace {

struct GemmNeonOutput {
  int16x8_t zero_point;
  int8x8_t out_min, out_max;
  uint8x8_t out_xor;
  bool has_left_shift;
};

inline GemmNeonOutput LoadGemmNeonOutput(const GemmParams& p) {
  GemmNeonOutput o;
  o.zero_point = vdupq_n_s16(static_cast<int16_t>(p.requant.output_zero_point));
  o.out_min = vdup_n_s8(static_cast<int8_t>(p.requant.output_min));
  o.out_max = vdup_n_s8(static_cast<int8_t>(p.requant.output_max));
  o.out_xor = vdup_n_u8(p.output_xor);
  o.has_left_shift = p.requant.has_left_shift;
  return o;
}

// Columns [0, 8) of one row (lo = columns 0-3, hi = 4-7, row correction already added); nc columns
// are stored.
inline void StoreGemmNeon8(int8_t* out, size_t nc, int32x4_t lo, int32x4_t hi, const RequantNeon& qlo,
                           const RequantNeon& qhi, const GemmNeonOutput& o) {
  const int32x4_t rlo = RequantizeNeonNoZeroPoint(lo, qlo, o.has_left_shift);
  const int32x4_t rhi = RequantizeNeonNoZeroPoint(hi, qhi, o.has_left_shift);
  const uint8x8_t bytes =
      veor_u8(vreinterpret_u8_s8(NarrowRequantizedNeon(rlo, rhi, o.zero_point, o.out_min, o.out_max)), o.out_xor);
  if (nc >= 8) {
    vst1_u8(reinterpret_cast<uint8_t*>(out), bytes);
  } else {
    uint8_t tmp[8];
    vst1_u8(tmp, bytes);
    std::memcpy(out, tmp, nc);
  }
}

// Horizontal sums of four int32x4 -> one int32x4 (lane j = sum of v_j).
inline int32x4_t ReduceQuadNeon(int32x4_t v0, int32x4_t v1, int32x4_t v2, int32x4_t v3) {
#if defined(__aarch64__)
  return vpaddq_s32(vpaddq_s32(v0, v1), vpaddq_s32(v2, v3));
#else
  const int32x2_t s0 = vadd_s32(vget_low_s32(v0), vget_high_s32(v0));
  const int32x2_t s1 = vadd_s32(vget_low_s32(v1), vget_high_s32(v1));
  const int32x2_t s2 = vadd_s32(vget_low_s32(v2), vget_high_s32(v2));
  const int32x2_t s3 = vadd_s32(vget_low_s32(v3), vget_high_s32(v3));
  return vcombine_s32(vpadd_s32(s0, s1), vpadd_s32(s2, s3));
#endif
}

// Up to `n` (< 16) bytes of a row into a zeroed 16-byte buffer: the k tail is read without reading
// past the row (the packed weights are zero there).
inline void LoadTailNeon(uint8_t* dst16, const uint8_t* src, size_t n) {
  std::memset(dst16, 0, 16);
  std::memcpy(dst16, src, n);
}

}  // namespace
}  // namespace octet::kernels

#endif  // OCTET_KERNELS_GEMM_GEMM_NEON_STORE_H_
