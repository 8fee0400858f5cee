// FULLY_CONNECTED reference kernel (spec section 3, FULLY_CONNECTED), requantized with MBQM like
// convolution (octet's normative choice, spec section 6).
#include <algorithm>
#include <cstdint>

#include "kernels/common/fixedpoint.h"
#include "kernels/reference/reference.h"

namespace octet::reference {
namespace {

template <typename T>
void FullyConnectedImpl(const FullyConnectedParams& p, const T* input, const T* filter, const int32_t* bias,
                        T* output) {
  for (int r = 0; r < p.rows; ++r) {
    const T* in = input + static_cast<int64_t>(r) * p.depth;
    for (int o = 0; o < p.output_c; ++o) {
      const T* w = filter + static_cast<int64_t>(o) * p.depth;
      int64_t acc = 0;  // wrapped to int32 below, like TFLite's int32 sum
      for (int d = 0; d < p.depth; ++d) {
        // The filter zero point is subtracted for int8 too: per-tensor int8 FC reads it (0 in practice),
        // per-channel callers pass 0.
        acc += (static_cast<int32_t>(w[d]) - p.filter_zero_point) * (static_cast<int32_t>(in[d]) - p.input_zero_point);
      }
      if (bias != nullptr) acc += bias[o];
      const int32_t acc32 = static_cast<int32_t>(static_cast<uint32_t>(acc));
      int32_t v = fixedpoint::MultiplyByQuantizedMultiplier(acc32, p.multiplier[o], p.shift[o]);
      v = std::clamp(v + p.output_zero_point, p.act_min, p.act_max);
      output[static_cast<int64_t>(r) * p.output_c + o] = static_cast<T>(v);
    }
  }
}

}  // namespace

void FullyConnected(const FullyConnectedParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                    int8_t* output) {
  FullyConnectedImpl(p, input, filter, bias, output);
}

void FullyConnected(const FullyConnectedParams& p, const uint8_t* input, const uint8_t* filter, const int32_t* bias,
                    uint8_t* output) {
  FullyConnectedImpl(p, input, filter, bias, output);
}

}  // namespace octet::reference
