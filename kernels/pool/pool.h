// AVERAGE_POOL_2D and MAX_POOL_2D over NHWC int8/uint8 tensors (spec section 3; padding section 1.5).
//
// Operators: PreparedAveragePool2D and PreparedMaxPool2D, built once from reference::Pool2DParams.
// Input and output share scale and zero point, so raw values are averaged / compared.
//
// Microkernel contract (the q8-avgpool-* / q8-maxpool-* files): one output pixel, all channels. The
// window is given as its first in-bounds input cell, the in-bounds rows and columns counts and the
// strides between them (taps outside the input are already excluded), so no pointer array is needed.
// Kernels read exactly the window's `channels` bytes per tap and write `channels` bytes.
//
// Average: S = sum of the n = rows * cols raw values (int32), v = RHAZ(S / n) (ties away from zero,
// spec: trunc((S +- n/2) / n)), clamped to [out_min, out_max]. The division is exact through a
// multiplier: with u = |S| + floor(n/2) and m = ceil(2^31 / n), floor(u / n) = (u * m) >> 31 whenever
// u * n < 2^31, which holds for |S| <= 255 n when n <= kMaxExactAveragePoolCount.
#ifndef OCTET_KERNELS_POOL_POOL_H_
#define OCTET_KERNELS_POOL_POOL_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "kernels/dispatch/isa.h"
#include "kernels/reference/reference.h"

namespace octet {

constexpr int kMaxExactAveragePoolCount = 2896;  // n * (256 n) < 2^31

struct PoolWindow {
  size_t rows = 0, cols = 0;  // in-bounds taps
  size_t row_stride = 0;      // elements between input rows (input_w * channels)
  size_t col_stride = 0;      // elements between input columns (channels)
  size_t channels = 0;
  int32_t count = 0;        // rows * cols (average pool)
  uint32_t multiplier = 0;  // ceil(2^31 / count) (average pool)
  int32_t out_min = 0, out_max = 0;
};

namespace kernels {
#define OCTET_DECLARE_POOL(isa)                                                        \
  void qs8_avgpool__##isa(const PoolWindow* w, const int8_t* input, int8_t* output);   \
  void qu8_avgpool__##isa(const PoolWindow* w, const uint8_t* input, uint8_t* output); \
  void qs8_maxpool__##isa(const PoolWindow* w, const int8_t* input, int8_t* output);   \
  void qu8_maxpool__##isa(const PoolWindow* w, const uint8_t* input, uint8_t* output);
OCTET_DECLARE_POOL(scalar)
OCTET_DECLARE_POOL(sse41)
OCTET_DECLARE_POOL(avx2)
OCTET_DECLARE_POOL(avx512)
OCTET_DECLARE_POOL(neon)
#undef OCTET_DECLARE_POOL
using QS8PoolFn = void (*)(const PoolWindow* w, const int8_t* input, int8_t* output);
using QU8PoolFn = void (*)(const PoolWindow* w, const uint8_t* input, uint8_t* output);
}  // namespace kernels

// Shared machinery of the two pooling operators (not used directly).
class PreparedPool2DBase {
 public:
  size_t scratch_size() const { return 0; }
  // Independent tiles (one per output row of one batch): Run == RunTiles(0, num_tiles()).
  size_t num_tiles() const { return static_cast<size_t>(p_.batch) * static_cast<size_t>(p_.output_h); }
  void RunTiles(size_t begin, size_t end, const void* input, void* output, void* scratch) const;
  void Run(const int8_t* input, int8_t* output, void* scratch) const;
  void Run(const uint8_t* input, uint8_t* output, void* scratch) const;
  void Run(const void* input, void* output, void* scratch) const;
  Isa isa() const { return isa_; }
  const char* kernel_name() const { return name_; }

 protected:
  PreparedPool2DBase() = default;
  reference::Pool2DParams p_;
  bool is_uint8_ = false;
  bool average_ = false;
  kernels::QS8PoolFn qs8_ = nullptr;
  kernels::QU8PoolFn qu8_ = nullptr;
  Isa isa_ = Isa::kScalar;
  const char* name_ = "";
};

class PreparedAveragePool2D : public PreparedPool2DBase {
 public:
  // nullptr when no fast kernel applies (never for valid params; an empty window is invalid).
  static std::unique_ptr<PreparedAveragePool2D> Create(const reference::Pool2DParams& p, bool is_uint8, IsaSet usable);

 private:
  PreparedAveragePool2D() = default;
};

class PreparedMaxPool2D : public PreparedPool2DBase {
 public:
  static std::unique_ptr<PreparedMaxPool2D> Create(const reference::Pool2DParams& p, bool is_uint8, IsaSet usable);

 private:
  PreparedMaxPool2D() = default;
};

}  // namespace octet

#endif  // OCTET_KERNELS_POOL_POOL_H_
