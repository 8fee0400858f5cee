// Depthwise ROW microkernels: one output row segment per call, for 3x3 filters with depth multiplier
// 1 (declarations expanded from dwconv_rows.inc; packed layout built by PackRowWeights in dwconv.cc).
//
// Contract: computes the n output pixels of one output row, all `channels` channels, padding
//   included. r0, r1, r2: the three input rows, each pointing at input column 0 (a row outside the
//   input is a row of input zero points, at least input_w * channels bytes). Output pixel ox reads
//   input columns ox * stride + first_column + kx; columns outside [0, input_w) are zero points
//   (RowParams::zero, 64 bytes). The kernel reads only bytes [0, input_w * channels) of each row
//   (masked loads) and writes exactly n * channels output bytes.
// Packed layout (64-byte aligned): a 64-byte header (qu8: the filter zero point in bytes 0..2 of
//   every dword, 0 in byte 3), then per 64-lane block: int32 bias'[64] in accumulator order; for
//   each filter column kx and accumulator j: 64 bytes of weight quads {w[0][kx], w[1][kx],
//   w[2][kx], 0} (raw int8/uint8 bytes); then 4 requantization tables of kRowRequantBytes, one per
//   accumulator: +0 M'[16] (uint32; vpmul{u,}dq read the even ones) | +64 M' of the odd lanes as
//   int64[8] | +128 R_even[8] | +192 R_odd[8] (int64) | +256 sign shift[16] (int32: 32 when rs = 0,
//   else 30 without and 31 with left shifts) | +320 rs[16] | +384 2^(ls + 1)[16], where
//   h = rs > 0 ? 2^(rs - 1) : 0. Ops without left shifts (RowParams::has_left_shift false): M' = 2M,
//   bias' has 2^30 added, and R = 2^31 + (h + z_out * 2^rs - [rs > 0 and sign_fix]) * 2^32 - 2^31 * M;
//   with left shifts: M' = M, R = 2^31 + (h + z_out * 2^rs) * 2^32. The accumulators start at bias',
//   except with RowBiasInRounding (no left shift, no sign correction, as after ReLU and ReLU6): then
//   they start at 2^30 (a register: four fewer 64-byte loads per pixel, the load unit being one of
//   the kernels' limits) and R also has 2M * (bias' - 2^30), the bias (mod 2^64; the true sum fits).
//   Row kernels are used only when every (|bias| + 9 * 255 * 255) * 2^ls < 2^30 - 1 and
//   |bias| + 9 * 255 * 255 + 1 + h + |z_out| * 2^rs < 2^31 - 1 (the requantization's range, see
//   qs8-dwconv-3x3-avx512vnni.cc).
#ifndef OCTET_KERNELS_DWCONV_ROW_UKERNELS_H_
#define OCTET_KERNELS_DWCONV_ROW_UKERNELS_H_

#include <cstddef>
#include <cstdint>

#include "kernels/dispatch/isa.h"

namespace octet::kernels::dwconv {

struct RowParams {
  const uint8_t* zero = nullptr;  // 64 bytes of the input zero point
  ptrdiff_t first_column = 0;     // -pad_left
  size_t input_w = 0;
  int tail_pixels = 1;  // 64-channel-block kernels: pixels per vector in the last block (1, 2 or 4)
  bool has_left_shift = false;
  bool sign_fix = true;  // output_min < output_zero_point: the rounding needs the sign (see the kernel)
  int32_t output_zero_point = 0;
  int32_t output_min = -128, output_max = 127;
};

// Whether the packed R holds the bias (see the layout above); the sign correction reads the sign of
// the whole accumulator, so it needs the bias in the accumulators.
constexpr bool RowBiasInRounding(bool has_left_shift, bool sign_fix) { return !has_left_shift && !sign_fix; }

using RowUkernel = void (*)(size_t channels, size_t n, const uint8_t* r0, const uint8_t* r1, const uint8_t* r2,
                            const uint8_t* packed, uint8_t* output, const RowParams& p);

constexpr size_t kRowBlockWeightBytes = 256 + 12 * 64;  // bias' + 3 columns x 4 accumulators
constexpr size_t kRowRequantBytes = 448;
constexpr size_t kRowBlockBytes = kRowBlockWeightBytes + 4 * kRowRequantBytes;

struct RowKernelInfo {
  Isa isa;
  const char* name;
  int stride;            // 1 or 2 (both directions)
  int pixels_per_block;  // 1: 64-channel blocks; P > 1: exactly 64 / P channels, P pixels per vector
  bool is_uint8;
  RowUkernel fn;
};

#define OCTET_DWCONV_ROW_KERNEL(isa, ISA, symbol, name, stride, pixels, u8)                               \
  void octet_##symbol(size_t channels, size_t n, const uint8_t* r0, const uint8_t* r1, const uint8_t* r2, \
                      const uint8_t* packed, uint8_t* output, const RowParams& p);
#include "kernels/dwconv/dwconv_rows.inc"
#undef OCTET_DWCONV_ROW_KERNEL

}  // namespace octet::kernels::dwconv

#endif  // OCTET_KERNELS_DWCONV_ROW_UKERNELS_H_
