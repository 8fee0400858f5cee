// MEAN of int8/uint8 tensors over a contiguous block of axes (the MobileNet v2 case: H,W of NHWC,
// [1,7,7,1280] -> [1,1280]), with TFLite's folded-1/N requantization (spec section 3, MEAN).
//
// Operator: PreparedMean, built once from reference::MeanParams. The input is seen as
// [outer, n, inner]: outer = product of the kept axes before the reduced block, n = product of the
// reduced block, inner = product of the (kept) axes after it. Reduced axes that are not contiguous make
// Create return nullptr (use reference::Mean).
//
// Microkernel contract (the q8-rsum-* files): for `channels` columns of an [n, row_stride] slab,
// S = sum of the n raw values (int32, wrapping like TFLite), v = MBQM(S - z_in * n, M', e') + z_out
// clamped to the type range, where (M', e') has 1/n folded in exactly as reference::Mean does.
#ifndef OCTET_KERNELS_REDUCE_MEAN_H_
#define OCTET_KERNELS_REDUCE_MEAN_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "kernels/dispatch/isa.h"
#include "kernels/reference/reference.h"

namespace octet {

struct MeanKernelParams {
  size_t rows = 0;             // n
  size_t row_stride = 0;       // elements between rows (inner)
  int32_t zero_point_sum = 0;  // wrap32(z_in * n)
  int32_t multiplier = 0;      // M' (1/n folded in)
  int32_t left_shift = 0;      // max(e', 0)
  int32_t right_shift = 0;     // max(-e', 0)
  int32_t output_zero_point = 0;
};

namespace kernels {
#define OCTET_DECLARE_MEAN(isa)                                                                          \
  void qs8_mean__##isa(size_t channels, const int8_t* input, int8_t* output, const MeanKernelParams* p); \
  void qu8_mean__##isa(size_t channels, const uint8_t* input, uint8_t* output, const MeanKernelParams* p);
OCTET_DECLARE_MEAN(scalar)
OCTET_DECLARE_MEAN(sse41)
OCTET_DECLARE_MEAN(avx2)
OCTET_DECLARE_MEAN(avx512)
OCTET_DECLARE_MEAN(neon)
#undef OCTET_DECLARE_MEAN
using QS8MeanFn = void (*)(size_t channels, const int8_t* input, int8_t* output, const MeanKernelParams* p);
using QU8MeanFn = void (*)(size_t channels, const uint8_t* input, uint8_t* output, const MeanKernelParams* p);
}  // namespace kernels

class PreparedMean {
 public:
  static std::unique_ptr<PreparedMean> Create(const reference::MeanParams& p, bool is_uint8, IsaSet usable);

  size_t scratch_size() const { return 0; }
  void Run(const int8_t* input, int8_t* output, void* scratch) const;
  void Run(const uint8_t* input, uint8_t* output, void* scratch) const;
  void Run(const void* input, void* output, void* scratch) const;

  // Independent tiles (outer index x blocks of channels): Run == RunTiles(0, num_tiles()).
  size_t num_tiles() const { return outer_ * channel_blocks_; }
  void RunTiles(size_t begin, size_t end, const void* input, void* output, void* scratch) const;

  Isa isa() const { return isa_; }
  const char* kernel_name() const { return name_; }

 private:
  PreparedMean() = default;
  MeanKernelParams params_;
  bool is_uint8_ = false;
  size_t outer_ = 1, inner_ = 1, channel_blocks_ = 1;
  kernels::QS8MeanFn qs8_ = nullptr;
  kernels::QU8MeanFn qu8_ = nullptr;
  Isa isa_ = Isa::kScalar;
  const char* name_ = "";
};

}  // namespace octet

#endif  // OCTET_KERNELS_REDUCE_MEAN_H_
