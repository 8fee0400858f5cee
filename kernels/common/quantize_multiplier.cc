#include "kernels/common/quantize_multiplier.h"

#include <algorithm>
#include <cmath>

namespace octet {

QuantizedMultiplier QuantizeMultiplier(double real) {
  QuantizedMultiplier result;
  if (real == 0.0) return result;
  int exponent = 0;
  const double fraction = std::frexp(real, &exponent);  // real = fraction * 2^exponent, [0.5, 1)
  // Exact in double: fraction has 53 bits, the product is a power-of-two scaling.
  int64_t q = static_cast<int64_t>(std::round(fraction * static_cast<double>(int64_t{1} << 31)));
  if (q == (int64_t{1} << 31)) {  // the mantissa rounded up to 1.0
    q /= 2;
    ++exponent;
  }
  if (exponent < -31) return QuantizedMultiplier{};  // too small to represent: flush to zero
  result.multiplier = static_cast<int32_t>(q);
  result.shift = exponent;
  return result;
}

namespace {
int32_t QuantizeActivationBound(float value, float scale, int32_t zero_point) {
  // Division and rounding in single precision, as TFLite does.
  // The bound is clamped to the type range by the caller; keep the float-to-int conversion defined
  // even for extreme scales.
  const float rounded = std::round(value / scale);
  const float limit = 1 << 20;
  return zero_point + static_cast<int32_t>(std::clamp(rounded, -limit, limit));
}
}  // namespace

ActivationRange ComputeActivationRange(int activation, float output_scale, int32_t output_zero_point, int32_t qmin,
                                       int32_t qmax) {
  ActivationRange range{qmin, qmax};
  switch (activation) {
    case 1:  // RELU
      range.min = std::max(qmin, QuantizeActivationBound(0.0f, output_scale, output_zero_point));
      break;
    case 2:  // RELU6
      range.min = std::max(qmin, QuantizeActivationBound(0.0f, output_scale, output_zero_point));
      range.max = std::min(qmax, QuantizeActivationBound(6.0f, output_scale, output_zero_point));
      break;
    case 3:  // RELU_N1_TO_1
      range.min = std::max(qmin, QuantizeActivationBound(-1.0f, output_scale, output_zero_point));
      range.max = std::min(qmax, QuantizeActivationBound(1.0f, output_scale, output_zero_point));
      break;
    default:
      break;
  }
  return range;
}

}  // namespace octet
