// DEPTHWISE_CONV_2D, prepared once per model and run by any number of sessions.
//
// Create() picks the fastest kernel among the usable ISAs, packs the weights once (channel blocks,
// taps paired for 16-bit multiply-add, the bias with the input zero-point term folded in) and
// copies the requantization parameters. The object is immutable afterwards: Run is const and
// thread-safe as long as each concurrent caller passes its own scratch.
//
// Outputs equal reference::DepthwiseConv2D bit for bit, int8 (per-channel) and uint8 (per-tensor,
// with a filter zero point), any kernel size, stride, dilation, padding and depth multiplier.
//
// How the arithmetic stays exact:
//   acc[oc] = bias[oc] + sum over in-bounds taps of w'[t][oc] * (x[t][ic] - z_in)
//   w' = w (int8) or w - z_w (uint8, in [-255, 255]); x is sign- (int8) or zero- (uint8) extended.
// The packer folds bias' = bias - z_in * sum_t w'[t][oc] (mod 2^32, like the reference's int32 sum)
// and out-of-bounds taps read a vector filled with z_in, so they add w' * z_in, which the fold
// cancels: acc = bias' + sum over all taps of w' * x. Products fit int16 x int16 -> int32 (vpmaddwd
// pairs two taps), and requantization is the one-step form of kernels/common/requantize.h.
#ifndef OCTET_KERNELS_DWCONV_DWCONV_H_
#define OCTET_KERNELS_DWCONV_DWCONV_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "kernels/common/requantize.h"
#include "kernels/dispatch/isa.h"
#include "kernels/dwconv/row_ukernels.h"
#include "kernels/reference/reference.h"

namespace octet {

namespace kernels::dwconv {

// Microkernel contract: computes ONE output pixel, all `channels` output channels (C * DM).
//   taps:     `num_taps` pointers to input channel vectors of `channels` bytes (for DM > 1 already
//             expanded so that element oc holds input channel oc / DM); out-of-bounds taps point at
//             a vector filled with the input zero point. A kernel never reads past `channels` bytes
//             of any tap (masked loads or `staging`).
//   packed:   weights packed for the kernel's channel block (see PackWeights in dwconv.cc).
//   output:   `channels` bytes; never written past.
//   rq:       requantization table in the kernel's accumulator order (padded to whole blocks).
//   staging:  kStagingBytesPerTap * num_taps bytes of scratch for channel tails.
using Ukernel = void (*)(size_t channels, size_t num_taps, const uint8_t* const* taps, const void* packed,
                         uint8_t* output, const RequantView& rq, uint8_t* staging);

constexpr size_t kStagingBytesPerTap = 64;

struct KernelInfo {
  Isa isa;
  const char* name;
  int channel_block;  // CB: channels per packed block
  int taps;           // 0: any number of taps; else exactly this many
  bool is_uint8;
  Ukernel fn;
  int format;  // packed weight layout: 0 int16 tap pairs, 1 int8 tap quads (see dwconv.cc)
};

// Every kernel this build compiled (the family list), strongest ISA last.
const std::vector<KernelInfo>& KernelList();
// Every row kernel this build compiled (dwconv_rows.inc).
const std::vector<RowKernelInfo>& RowKernelList();

}  // namespace kernels::dwconv

class PreparedDepthwiseConv2D {
 public:
  // filter: [1, KH, KW, C * DM] int8 or uint8; bias: [C * DM] or null. Returns nullptr when no
  // fast kernel applies (the caller then runs reference::DepthwiseConv2D).
  // `only_kernel` (tests, benchmarks): consider only kernels whose name contains this string. A
  // row kernel (3x3, depth multiplier 1, stride 1 or 2) is used when one matches (with no filter:
  // whenever one applies); the per-pixel kernel is then the default choice (unused by Run).
  static std::unique_ptr<PreparedDepthwiseConv2D> Create(const reference::DepthwiseConvParams& p, const void* filter,
                                                         const int32_t* bias, bool is_uint8, IsaSet usable,
                                                         const char* only_kernel = nullptr);

  // Per-call scratch bytes (64-byte aligned pointer expected; may be 0). Concurrent callers of
  // Run/RunTiles each need their own scratch.
  size_t scratch_size() const { return scratch_size_; }
  // Bytes of packed weights and per-channel constants this operator holds.
  size_t packed_bytes() const { return packed_.size() + row_packed_.size() + zero_vector_.size() + zero_row_.size(); }
  // Work splits into batch * output_h independent tiles (one output row each).
  size_t tile_count() const { return static_cast<size_t>(p_.batch) * p_.output_h; }
  void Run(const void* input, void* output, void* scratch) const { RunTiles(input, output, scratch, 0, tile_count()); }
  void RunTiles(const void* input, void* output, void* scratch, size_t tile_begin, size_t tile_end) const;

  Isa isa() const { return row_kernel_ != nullptr ? row_kernel_->isa : kernel_.isa; }
  // The row kernel when one runs (whole rows, borders included), else the per-pixel kernel.
  const char* kernel_name() const { return row_kernel_ != nullptr ? row_kernel_->name : kernel_.name; }

 private:
  PreparedDepthwiseConv2D() = default;

  reference::DepthwiseConvParams p_;  // multiplier/shift pointers cleared (not owned)
  kernels::dwconv::KernelInfo kernel_{};
  size_t channels_ = 0;  // C * DM
  size_t num_taps_ = 0;  // KH * KW
  std::vector<int8_t> packed_;
  size_t packed_offset_ = 0;          // packed_.data() + offset is 64-byte aligned
  std::vector<uint8_t> zero_vector_;  // channels_ bytes of the input zero point (+ padding)
  RequantTable requant_;
  RequantView requant_view_;
  size_t scratch_size_ = 0;
  // 3x3 row path (row_ukernels.h): packed row weights and a row of input zero points.
  const kernels::dwconv::RowKernelInfo* row_kernel_ = nullptr;
  std::vector<uint8_t> row_packed_;
  size_t row_packed_offset_ = 0;
  std::vector<uint8_t> zero_row_;
  kernels::dwconv::RowParams row_params_;
  bool PrepareRows(const reference::DepthwiseConvParams& p, const void* filter, const int32_t* bias, bool is_uint8,
                   IsaSet usable, const char* only_kernel);
  void RunRow(const uint8_t* in_batch, int oy, uint8_t* out_row) const;
};

}  // namespace octet

#endif  // OCTET_KERNELS_DWCONV_DWCONV_H_
