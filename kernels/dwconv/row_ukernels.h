// Depthwise ROW microkernels: one output row segment per call, for 3x3 filters with depth multiplier
// 1 (declarations expanded from dwconv_rows.inc; packed layout built by PackRowWeights in dwconv.cc).
//
// Contract: computes outputs ox0 .. ox0 + n - 1 of one output row, all `channels` channels, where
//   every tap of those pixels is inside the input horizontally. r0, r1, r2: the three input rows
//   (a row outside the input is a row of input zero points), each pointing at the input column
//   ox0 * stride - pad_left. The kernel reads at most bytes [0, ((n - 1) * stride + 3) * channels)
//   of each row (masked loads past that) and writes exactly n * channels output bytes.
// Packed layout (64-byte aligned): a 64-byte header (qu8: the filter zero point in bytes 0..2 of
//   every dword, 0 in byte 3), then per 64-lane block: int32 bias'[64] in accumulator order; for
//   each filter column kx and accumulator j: 64 bytes of weight quads {w[0][kx], w[1][kx],
//   w[2][kx], 0} (raw int8/uint8 bytes); then 4 even/odd requantization tables (576 bytes each).
//   Lane l of a block is channel 64 * block + l, or l % channels in the pixel-packed kernels.
#ifndef OCTET_KERNELS_DWCONV_ROW_UKERNELS_H_
#define OCTET_KERNELS_DWCONV_ROW_UKERNELS_H_

#include <cstddef>
#include <cstdint>

#include "kernels/dispatch/isa.h"

namespace octet::kernels::dwconv {

struct RowParams {
  bool has_left_shift = false;
  int32_t output_zero_point = 0;
  int32_t output_min = -128, output_max = 127;
};

using RowUkernel = void (*)(size_t channels, size_t n, const uint8_t* r0, const uint8_t* r1, const uint8_t* r2,
                            const uint8_t* packed, uint8_t* output, const RowParams& p);

constexpr size_t kRowBlockWeightBytes = 256 + 12 * 64;          // bias' + 3 columns x 4 accumulators
constexpr size_t kRowBlockBytes = kRowBlockWeightBytes + 4 * 576;  // + 4 even/odd requant tables

struct RowKernelInfo {
  Isa isa;
  const char* name;
  int stride;            // 1 or 2 (both directions)
  int pixels_per_block;  // 1: 64-channel blocks; P > 1: exactly 64 / P channels, P pixels per vector
  bool is_uint8;
  RowUkernel fn;
};

#define OCTET_DWCONV_ROW_KERNEL(isa, ISA, symbol, name, stride, pixels, u8)                                 \
  void octet_##symbol(size_t channels, size_t n, const uint8_t* r0, const uint8_t* r1, const uint8_t* r2, \
                      const uint8_t* packed, uint8_t* output, const RowParams& p);
#include "kernels/dwconv/dwconv_rows.inc"
#undef OCTET_DWCONV_ROW_KERNEL

}  // namespace octet::kernels::dwconv

#endif  // OCTET_KERNELS_DWCONV_ROW_UKERNELS_H_
