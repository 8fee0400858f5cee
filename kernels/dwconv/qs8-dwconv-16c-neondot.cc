// NEON dot-product depthwise microkernels (aarch64 +dotprod), 16 channels per block, 9-tap, 25-tap and
// any-tap variants, qs8 and qu8 (packed format 3: weights as tap quads, 4 bytes per channel).
// Per quad of taps: four 16-byte input loads, a 16x4 byte transpose (ZIP1/ZIP2 on bytes, then on
// halfwords) so each 32-bit lane holds one channel's 4 taps, and four SDOT (qs8: int8 x int8, exact
// in int32). qu8 uses UDOT on the raw uint8 weights w and inputs x, plus UDOT by ones for sum x, and
// subtracts z_w * sum x at the end: sum (w - z_w) x, exact mod 2^32 like the reference's int32 sum.
// Taps past the last quad read zero bytes with zero weights. Epilogue: dwconv-neon-common.h.
#include "kernels/dwconv/dwconv-neon-common.h"

namespace octet::kernels::dwconv {
namespace {

template <bool kU8, size_t kTaps>
void Kernel(size_t channels, size_t num_taps, const uint8_t* const* taps, const void* packed, uint8_t* output,
            const RequantView& rq, uint8_t* staging) {
  const size_t n = kTaps != 0 ? kTaps : num_taps;
  const size_t quads = (n + 3) / 4;
  const size_t weights_bytes = 64 + 64 * quads;
  const size_t block_bytes = weights_bytes + kNeonRequantBytes;
  const auto* header = static_cast<const uint8_t*>(packed);
  int32_t filter_zero_point;
  std::memcpy(&filter_zero_point, header, 4);
  const uint8x16_t ones = vdupq_n_u8(1);
  ForEachBlock(channels, n, taps, header + 64, block_bytes, output, staging, [&](auto addr, const uint8_t* w) {
    const auto* b = reinterpret_cast<const int32_t*>(w);
    int32x4_t acc[4] = {vld1q_s32(b), vld1q_s32(b + 4), vld1q_s32(b + 8), vld1q_s32(b + 12)};
    uint32x4_t sum[4] = {vdupq_n_u32(0), vdupq_n_u32(0), vdupq_n_u32(0), vdupq_n_u32(0)};
    const uint8_t* wq = w + 64;
    for (size_t t = 0; t < n; t += 4, wq += 64) {
      const uint8x16_t x0 = vld1q_u8(addr(t));
      const uint8x16_t x1 = t + 1 < n ? vld1q_u8(addr(t + 1)) : vdupq_n_u8(0);
      const uint8x16_t x2 = t + 2 < n ? vld1q_u8(addr(t + 2)) : vdupq_n_u8(0);
      const uint8x16_t x3 = t + 3 < n ? vld1q_u8(addr(t + 3)) : vdupq_n_u8(0);
      const uint16x8_t x01l = vreinterpretq_u16_u8(vzip1q_u8(x0, x1)), x01h = vreinterpretq_u16_u8(vzip2q_u8(x0, x1));
      const uint16x8_t x23l = vreinterpretq_u16_u8(vzip1q_u8(x2, x3)), x23h = vreinterpretq_u16_u8(vzip2q_u8(x2, x3));
      const uint8x16_t q[4] = {vreinterpretq_u8_u16(vzip1q_u16(x01l, x23l)), vreinterpretq_u8_u16(vzip2q_u16(x01l, x23l)),
                               vreinterpretq_u8_u16(vzip1q_u16(x01h, x23h)), vreinterpretq_u8_u16(vzip2q_u16(x01h, x23h))};
      for (int k = 0; k < 4; ++k) {
        const uint8x16_t wk = vld1q_u8(wq + 16 * k);
        if (kU8) {
          acc[k] = vreinterpretq_s32_u32(vdotq_u32(vreinterpretq_u32_s32(acc[k]), q[k], wk));
          sum[k] = vdotq_u32(sum[k], q[k], ones);
        } else {
          acc[k] = vdotq_s32(acc[k], vreinterpretq_s8_u8(q[k]), vreinterpretq_s8_u8(wk));
        }
      }
    }
    if (kU8) {
      for (int k = 0; k < 4; ++k) acc[k] = vmlsq_n_s32(acc[k], vreinterpretq_s32_u32(sum[k]), filter_zero_point);
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
OCTET_DWCONV_DEFINE(qs8_dwconv_9p16c__neondot, false, 9)
OCTET_DWCONV_DEFINE(qs8_dwconv_25p16c__neondot, false, 25)
OCTET_DWCONV_DEFINE(qs8_dwconv_anyp16c__neondot, false, 0)
OCTET_DWCONV_DEFINE(qu8_dwconv_9p16c__neondot, true, 9)
OCTET_DWCONV_DEFINE(qu8_dwconv_25p16c__neondot, true, 25)
OCTET_DWCONV_DEFINE(qu8_dwconv_anyp16c__neondot, true, 0)
#undef OCTET_DWCONV_DEFINE

}  // namespace octet::kernels::dwconv
