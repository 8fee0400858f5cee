// CONV_2D reference kernel (spec section 3, CONV_2D; padding section 1.5).
#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "kernels/common/fixedpoint.h"
#include "kernels/reference/reference.h"

namespace octet::reference {
namespace {

template <typename T>
void Conv2DImpl(const ConvParams& p, const T* input, const T* filter, const int32_t* bias, T* output) {
  // int8 filters are symmetric: TFLite never reads their zero point. uint8 filters are asymmetric.
  const int32_t filter_offset = std::is_same_v<T, uint8_t> ? p.filter_zero_point : 0;
  const int groups = p.input_c / p.filter_c;
  const int outputs_per_group = p.output_c / groups;
  for (int b = 0; b < p.batch; ++b) {
    for (int oy = 0; oy < p.output_h; ++oy) {
      for (int ox = 0; ox < p.output_w; ++ox) {
        for (int o = 0; o < p.output_c; ++o) {
          const int first_input_channel = (o / outputs_per_group) * p.filter_c;
          // int64 never overflows here; wrapping to int32 afterwards gives TFLite's int32 sum.
          int64_t acc = 0;
          for (int ky = 0; ky < p.filter_h; ++ky) {
            const int iy = oy * p.stride_h - p.pad_top + ky * p.dilation_h;
            if (iy < 0 || iy >= p.input_h) continue;  // taps outside the input are skipped
            for (int kx = 0; kx < p.filter_w; ++kx) {
              const int ix = ox * p.stride_w - p.pad_left + kx * p.dilation_w;
              if (ix < 0 || ix >= p.input_w) continue;
              const T* in = input + ((static_cast<int64_t>(b) * p.input_h + iy) * p.input_w + ix) * p.input_c +
                            first_input_channel;
              const T* w = filter + ((static_cast<int64_t>(o) * p.filter_h + ky) * p.filter_w + kx) * p.filter_c;
              for (int i = 0; i < p.filter_c; ++i) {
                acc +=
                    (static_cast<int32_t>(w[i]) - filter_offset) * (static_cast<int32_t>(in[i]) - p.input_zero_point);
              }
            }
          }
          if (bias != nullptr) acc += bias[o];
          const int32_t acc32 = static_cast<int32_t>(static_cast<uint32_t>(acc));
          int32_t v = fixedpoint::MultiplyByQuantizedMultiplier(acc32, p.multiplier[o], p.shift[o]);
          v = std::clamp(v + p.output_zero_point, p.act_min, p.act_max);
          output[((static_cast<int64_t>(b) * p.output_h + oy) * p.output_w + ox) * p.output_c + o] = static_cast<T>(v);
        }
      }
    }
  }
}

}  // namespace

void Conv2D(const ConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias, int8_t* output) {
  Conv2DImpl(p, input, filter, bias, output);
}

void Conv2D(const ConvParams& p, const uint8_t* input, const uint8_t* filter, const int32_t* bias, uint8_t* output) {
  Conv2DImpl(p, input, filter, bias, output);
}

}  // namespace octet::reference
