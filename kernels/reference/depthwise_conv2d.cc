// DEPTHWISE_CONV_2D reference kernel (spec section 3, DEPTHWISE_CONV_2D; padding section 1.5).
#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "kernels/common/fixedpoint.h"
#include "kernels/reference/reference.h"

namespace octet::reference {
namespace {

template <typename T>
void DepthwiseConv2DImpl(const DepthwiseConvParams& p, const T* input, const T* filter, const int32_t* bias,
                         T* output) {
  // int8 filters are symmetric: TFLite never reads their zero point. uint8 filters are asymmetric.
  const int32_t filter_offset = std::is_same_v<T, uint8_t> ? p.filter_zero_point : 0;
  const int output_c = p.input_c * p.depth_multiplier;
  for (int b = 0; b < p.batch; ++b) {
    for (int oy = 0; oy < p.output_h; ++oy) {
      for (int ox = 0; ox < p.output_w; ++ox) {
        for (int ic = 0; ic < p.input_c; ++ic) {
          for (int m = 0; m < p.depth_multiplier; ++m) {
            const int oc = ic * p.depth_multiplier + m;
            int64_t acc = 0;  // wrapped to int32 below, like TFLite's int32 sum
            for (int ky = 0; ky < p.filter_h; ++ky) {
              const int iy = oy * p.stride_h - p.pad_top + ky * p.dilation_h;
              if (iy < 0 || iy >= p.input_h) continue;  // taps outside the input are skipped
              for (int kx = 0; kx < p.filter_w; ++kx) {
                const int ix = ox * p.stride_w - p.pad_left + kx * p.dilation_w;
                if (ix < 0 || ix >= p.input_w) continue;
                const int32_t x = input[((static_cast<int64_t>(b) * p.input_h + iy) * p.input_w + ix) * p.input_c + ic];
                const int32_t w = filter[(static_cast<int64_t>(ky) * p.filter_w + kx) * output_c + oc];
                acc += (w - filter_offset) * (x - p.input_zero_point);
              }
            }
            if (bias != nullptr) acc += bias[oc];
            const int32_t acc32 = static_cast<int32_t>(static_cast<uint32_t>(acc));
            int32_t v = fixedpoint::MultiplyByQuantizedMultiplier(acc32, p.multiplier[oc], p.shift[oc]);
            v = std::clamp(v + p.output_zero_point, p.act_min, p.act_max);
            output[((static_cast<int64_t>(b) * p.output_h + oy) * p.output_w + ox) * output_c + oc] = static_cast<T>(v);
          }
        }
      }
    }
  }
}

}  // namespace

void DepthwiseConv2D(const DepthwiseConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                     int8_t* output) {
  DepthwiseConv2DImpl(p, input, filter, bias, output);
}

void DepthwiseConv2D(const DepthwiseConvParams& p, const uint8_t* input, const uint8_t* filter, const int32_t* bias,
                     uint8_t* output) {
  DepthwiseConv2DImpl(p, input, filter, bias, output);
}

}  // namespace octet::reference
