// PAD reference kernel: pure data movement (spec section 3, PAD / PADV2).
#include <cstdint>

#include "kernels/reference/reference.h"

namespace octet::reference {
namespace {

template <typename T>
void PadImpl(const PadParams& p, const T* input, T* output) {
  int output_shape[kMaxRank] = {};
  int64_t input_strides[kMaxRank] = {};
  int64_t count = 1, stride = 1;
  for (int d = p.rank - 1; d >= 0; --d) {
    output_shape[d] = p.before[d] + p.input_shape[d] + p.after[d];
    input_strides[d] = stride;
    stride *= p.input_shape[d];
    count *= output_shape[d];
  }
  const T pad_value = static_cast<T>(p.pad_value);
  int index[kMaxRank] = {};
  for (int64_t out = 0; out < count; ++out) {
    bool inside = true;
    int64_t offset = 0;
    for (int d = 0; d < p.rank; ++d) {
      const int in = index[d] - p.before[d];
      if (in < 0 || in >= p.input_shape[d]) inside = false;
      offset += in * input_strides[d];
    }
    output[out] = inside ? input[offset] : pad_value;
    for (int d = p.rank - 1; d >= 0; --d) {
      if (++index[d] < output_shape[d]) break;
      index[d] = 0;
    }
  }
}

}  // namespace

void Pad(const PadParams& p, const int8_t* input, int8_t* output) { PadImpl(p, input, output); }
void Pad(const PadParams& p, const uint8_t* input, uint8_t* output) { PadImpl(p, input, output); }

}  // namespace octet::reference
