// NEON depthwise microkernels (aarch64 and armv7), 16 channels per block, 9-tap, 25-tap and any-tap
// variants, qs8 and qu8 (packed format 2). Per tap: one 16-byte load of the input, SXTL/UXTL to int16
// (x in [-128, 255]), two loads of int16 weights w' (in [-255, 255]), four SMLAL/SMLAL2 into int32
// (products below 2^16: exact). Epilogue: dwconv-neon-common.h.
#include "kernels/dwconv/dwconv-neon-common.h"

namespace octet::kernels::dwconv {
namespace {

template <bool kU8>
inline void Widen(uint8x16_t x, int16x8_t* lo, int16x8_t* hi) {
  if (kU8) {
    *lo = vreinterpretq_s16_u16(vmovl_u8(vget_low_u8(x)));
    *hi = vreinterpretq_s16_u16(vmovl_u8(vget_high_u8(x)));
  } else {
    *lo = vmovl_s8(vget_low_s8(vreinterpretq_s8_u8(x)));
    *hi = vmovl_s8(vget_high_s8(vreinterpretq_s8_u8(x)));
  }
}

template <bool kU8, size_t kTaps>
void Kernel(size_t channels, size_t num_taps, const uint8_t* const* taps, const void* packed, uint8_t* output,
            const RequantView& rq, uint8_t* staging) {
  const size_t n = kTaps != 0 ? kTaps : num_taps;
  const size_t weights_bytes = 64 + 32 * n;
  const size_t block_bytes = weights_bytes + kNeonRequantBytes;
  ForEachBlock(channels, n, taps, static_cast<const uint8_t*>(packed), block_bytes, output, staging,
               [&](auto addr, const uint8_t* w) {
                 const auto* b = reinterpret_cast<const int32_t*>(w);
                 int32x4_t acc[4] = {vld1q_s32(b), vld1q_s32(b + 4), vld1q_s32(b + 8), vld1q_s32(b + 12)};
                 const auto* wt = reinterpret_cast<const int16_t*>(w + 64);
                 for (size_t t = 0; t < n; ++t, wt += 16) {
                   int16x8_t xl, xh;
                   Widen<kU8>(vld1q_u8(addr(t)), &xl, &xh);
                   const int16x8_t w0 = vld1q_s16(wt), w1 = vld1q_s16(wt + 8);
                   acc[0] = vmlal_s16(acc[0], vget_low_s16(xl), vget_low_s16(w0));
                   acc[1] = vmlal_s16(acc[1], vget_high_s16(xl), vget_high_s16(w0));
                   acc[2] = vmlal_s16(acc[2], vget_low_s16(xh), vget_low_s16(w1));
                   acc[3] = vmlal_s16(acc[3], vget_high_s16(xh), vget_high_s16(w1));
                 }
                 return Requant16<kU8>(acc, w + weights_bytes, rq);
               });
}

}  // namespace

#define OCTET_DWCONV_DEFINE(symbol, u8, taps)                                                                       \
  void octet_##symbol(size_t c, size_t n, const uint8_t* const* t, const void* w, uint8_t* o, const RequantView& r, \
                      uint8_t* s) {                                                                                 \
    Kernel<u8, taps>(c, n, t, w, o, r, s);                                                                          \
  }
OCTET_DWCONV_DEFINE(qs8_dwconv_9p16c__neon, false, 9)
OCTET_DWCONV_DEFINE(qs8_dwconv_25p16c__neon, false, 25)
OCTET_DWCONV_DEFINE(qs8_dwconv_anyp16c__neon, false, 0)
OCTET_DWCONV_DEFINE(qu8_dwconv_9p16c__neon, true, 9)
OCTET_DWCONV_DEFINE(qu8_dwconv_25p16c__neon, true, 25)
OCTET_DWCONV_DEFINE(qu8_dwconv_anyp16c__neon, true, 0)
#undef OCTET_DWCONV_DEFINE

}  // namespace octet::kernels::dwconv
