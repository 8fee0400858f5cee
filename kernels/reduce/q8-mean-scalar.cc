// MEAN microkernels, portable C++: column sums of an [n, row_stride] slab, then one MBQM with 1/n folded
// in (see mean.h). Sums wrap in int32 like TFLite's.
#include <algorithm>
#include <limits>

#include "kernels/common/fixedpoint.h"
#include "kernels/reduce/mean.h"

namespace octet::kernels {
namespace {

template <typename T>
void Mean(size_t channels, const T* input, T* output, const MeanKernelParams* p) {
  const int shift = p->left_shift > 0 ? p->left_shift : -p->right_shift;
  for (size_t c = 0; c < channels; ++c) {
    uint32_t sum = 0;
    for (size_t r = 0; r < p->rows; ++r)
      sum += static_cast<uint32_t>(static_cast<int32_t>(input[r * p->row_stride + c]));
    const int32_t centered = static_cast<int32_t>(sum - static_cast<uint32_t>(p->zero_point_sum));
    const int32_t v = fixedpoint::MultiplyByQuantizedMultiplier(centered, p->multiplier, shift) + p->output_zero_point;
    output[c] = static_cast<T>(std::clamp<int32_t>(v, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
  }
}

}  // namespace

void qs8_mean__scalar(size_t channels, const int8_t* input, int8_t* output, const MeanKernelParams* p) {
  Mean(channels, input, output, p);
}
void qu8_mean__scalar(size_t channels, const uint8_t* input, uint8_t* output, const MeanKernelParams* p) {
  Mean(channels, input, output, p);
}

}  // namespace octet::kernels
