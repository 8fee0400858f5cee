// Declarations of every depthwise microkernel (expanded from dwconv.inc).
#ifndef OCTET_KERNELS_DWCONV_UKERNELS_H_
#define OCTET_KERNELS_DWCONV_UKERNELS_H_

#include <cstddef>
#include <cstdint>

#include "kernels/common/requantize.h"
#include "kernels/dwconv/dwconv.h"

namespace octet::kernels::dwconv {

#define OCTET_DWCONV_KERNEL(isa, ISA, symbol, name, cb, taps, u8, format)                                    \
  void octet_##symbol(size_t channels, size_t num_taps, const uint8_t* const* taps_ptrs, const void* packed, \
                      uint8_t* output, const RequantView& rq, uint8_t* staging);
#include "kernels/dwconv/dwconv.inc"
#undef OCTET_DWCONV_KERNEL

// Position `pos` of a channel block in accumulator order -> channel within the block. Vector kernels
// hold two accumulators (lo, hi) made by unpacklo/unpackhi_epi16, which work per 128-bit lane: lane L
// of `lo` holds channels 8L..8L+3, of `hi` 8L+4..8L+7. packs_epi32(lo, hi) restores natural order.
//
// Format 1 (int8 tap quads for vpdpbusd, 64 channels) holds four accumulators made by
// unpack{lo,hi}_epi8 then unpack{lo,hi}_epi16: accumulator j, lane L holds channels 16L+4j..16L+4j+3.
inline int AccumulatorChannel(int channel_block, int pos, int format = 0) {
  if (format >= 2) return pos;  // Arm formats keep natural channel order
  if (format == 1) {
    const int j = pos / 16, i = pos % 16;
    return (i / 4) * 16 + j * 4 + i % 4;
  }
  if (channel_block < 8) return pos;
  const int half = channel_block / 2;
  const int j = pos / half, i = pos % half;
  return (i / 4) * 8 + j * 4 + i % 4;
}

}  // namespace octet::kernels::dwconv

#endif  // OCTET_KERNELS_DWCONV_UKERNELS_H_
