#include "kernels/common/requantize_neon.h"
#include "tests/kernels/common/requantize_simd.h"

namespace octet::testing {
void RequantizeNeonLanes(const RequantView& r, const int32_t* acc, int32_t* out, size_t channels) {
  for (size_t c = 0; c < channels; c += 4) vst1q_s32(out + c, RequantizeNeon(vld1q_s32(acc + c), r, c));
}

void RequantizeNeonInt8Lanes(const RequantView& r, const int32_t* acc, int32_t* out, size_t channels) {
  const int16x8_t zp = vdupq_n_s16(static_cast<int16_t>(r.output_zero_point));
  const int8x8_t lo = vdup_n_s8(static_cast<int8_t>(r.output_min)), hi = vdup_n_s8(static_cast<int8_t>(r.output_max));
  for (size_t c = 0; c < channels; c += 8) {
    const int32x4_t a = RequantizeNeonNoZeroPoint(vld1q_s32(acc + c), LoadRequantNeon(r, c), r.has_left_shift);
    const int32x4_t b = RequantizeNeonNoZeroPoint(vld1q_s32(acc + c + 4), LoadRequantNeon(r, c + 4), r.has_left_shift);
    const int16x8_t wide = vmovl_s8(NarrowRequantizedNeon(a, b, zp, lo, hi));
    vst1q_s32(out + c, vmovl_s16(vget_low_s16(wide)));
    vst1q_s32(out + c + 4, vmovl_s16(vget_high_s16(wide)));
  }
}
}  // namespace octet::testing
