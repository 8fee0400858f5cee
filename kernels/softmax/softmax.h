// SOFTMAX with tables (portable C++): an 8-bit row has at most 256 distinct differences q - max, so
// exp(beta * s_in * diff), the costly fixed-point step the reference kernel evaluates twice per value,
// is computed once per difference at prepare time. A row then costs a max, a table-driven sum, one
// reciprocal and a multiply and rounding shift per value, or per distinct difference when the row
// has more values than that (then a byte table per row). Bit-exact with reference::Softmax: both
// call the same steps (reference.h, SoftmaxExp .. SoftmaxOutput).
#ifndef OCTET_KERNELS_SOFTMAX_SOFTMAX_H_
#define OCTET_KERNELS_SOFTMAX_SOFTMAX_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "kernels/dispatch/isa.h"
#include "kernels/reference/reference.h"

namespace octet {

class PreparedSoftmax {
 public:
  static std::unique_ptr<PreparedSoftmax> Create(const reference::SoftmaxParams& p, bool is_uint8);

  // Rows are independent tiles.
  size_t tile_count() const { return static_cast<size_t>(p_.rows); }
  void Run(const void* input, void* output, void* scratch) const { RunTiles(0, tile_count(), input, output, scratch); }
  void RunTiles(size_t begin, size_t end, const void* input, void* output, void* scratch) const;
  size_t scratch_size() const { return 0; }
  Isa isa() const { return Isa::kScalar; }
  const char* kernel_name() const { return "q8_softmax_table__scalar"; }

 private:
  PreparedSoftmax() = default;
  template <typename T>
  void RunRows(size_t begin, size_t end, const T* input, T* output) const;

  reference::SoftmaxParams p_;
  bool is_uint8_ = false;
  // Indexed by max - q (0..255); entries past -diff_min are unused (those values contribute nothing).
  int32_t exp_q31_[256] = {};
  int32_t exp_q19_[256] = {};
  int max_distance_ = 0;  // the largest max - q that still contributes: min(255, -diff_min)
};

}  // namespace octet

#endif  // OCTET_KERNELS_SOFTMAX_SOFTMAX_H_
