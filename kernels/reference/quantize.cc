// QUANTIZE (float -> int and requantize) and DEQUANTIZE reference kernels (spec section 3).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "kernels/common/fixedpoint.h"
#include "kernels/reference/reference.h"

namespace octet::reference {
namespace {

template <typename T>
void QuantizeImpl(const QuantizeParams& p, const float* input, T* output) {
  constexpr int32_t kTypeMin = std::numeric_limits<T>::min();
  constexpr int32_t kTypeMax = std::numeric_limits<T>::max();
  for (size_t i = 0; i < p.count; ++i) {
    // Division (not multiplication by 1/scale) and ties away from zero, both in fp32.
    const float rounded = std::round(input[i] / p.scale);
    int32_t v;
    if (std::isnan(rounded)) {
      // TFLite's float->int conversion is undefined here; on x86 it yields INT32_MIN, hence the type minimum.
      v = kTypeMin;
    } else {
      // Saturate before converting so huge values stay defined (anything beyond 2^20 clamps anyway).
      const float limit = 1 << 20;
      v = std::clamp(static_cast<int32_t>(std::clamp(rounded, -limit, limit)) + p.zero_point, kTypeMin, kTypeMax);
    }
    output[i] = static_cast<T>(v);
  }
}

template <typename In, typename Out>
void RequantizeImpl(const RequantizeParams& p, const In* input, Out* output) {
  for (size_t i = 0; i < p.count; ++i) {
    const int32_t v = fixedpoint::MultiplyByQuantizedMultiplier(static_cast<int32_t>(input[i]) - p.input_zero_point,
                                                                p.multiplier, p.shift) +
                      p.output_zero_point;
    output[i] =
        static_cast<Out>(std::clamp<int32_t>(v, std::numeric_limits<Out>::min(), std::numeric_limits<Out>::max()));
  }
}

template <typename T>
void DequantizeImpl(const DequantizeParams& p, const T* input, float* output) {
  for (size_t i = 0; i < p.count; ++i) {
    // The double product is exact (24-bit scale times a 9-bit integer), so one rounding to float.
    output[i] = static_cast<float>(static_cast<double>(p.scale) * (static_cast<int32_t>(input[i]) - p.zero_point));
  }
}

}  // namespace

void Quantize(const QuantizeParams& p, const float* input, int8_t* output) { QuantizeImpl(p, input, output); }
void Quantize(const QuantizeParams& p, const float* input, uint8_t* output) { QuantizeImpl(p, input, output); }

void Requantize(const RequantizeParams& p, const int8_t* input, int8_t* output) { RequantizeImpl(p, input, output); }
void Requantize(const RequantizeParams& p, const int8_t* input, uint8_t* output) { RequantizeImpl(p, input, output); }
void Requantize(const RequantizeParams& p, const uint8_t* input, int8_t* output) { RequantizeImpl(p, input, output); }
void Requantize(const RequantizeParams& p, const uint8_t* input, uint8_t* output) { RequantizeImpl(p, input, output); }

void Dequantize(const DequantizeParams& p, const int8_t* input, float* output) { DequantizeImpl(p, input, output); }
void Dequantize(const DequantizeParams& p, const uint8_t* input, float* output) { DequantizeImpl(p, input, output); }

}  // namespace octet::reference
