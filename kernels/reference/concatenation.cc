// CONCATENATION reference kernel (spec section 3, CONCATENATION).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "kernels/reference/reference.h"

namespace octet::reference {

void Concatenation(const ConcatParams& p, const int8_t* const* inputs, int8_t* output) {
  // int8 inputs share the output's scale and zero point (TFLite rejects anything else): plain copies.
  int8_t* out = output;
  for (int64_t outer = 0; outer < p.outer; ++outer) {
    for (int i = 0; i < p.num_inputs; ++i) {
      const int64_t inner = p.inner_sizes[i];
      std::memcpy(out, inputs[i] + outer * inner, static_cast<size_t>(inner));
      out += inner;
    }
  }
}

void Concatenation(const ConcatParams& p, const uint8_t* const* inputs, uint8_t* output) {
  const float inverse_output_scale = 1.0f / p.output_scale;
  uint8_t* out = output;
  for (int64_t outer = 0; outer < p.outer; ++outer) {
    for (int i = 0; i < p.num_inputs; ++i) {
      const int64_t inner = p.inner_sizes[i];
      const uint8_t* in = inputs[i] + outer * inner;
      if (p.input_scales[i] == p.output_scale && p.input_zero_points[i] == p.output_zero_point) {
        std::memcpy(out, in, static_cast<size_t>(inner));
      } else {
        // Float rescale, every operation in fp32 and in this order (not MBQM).
        const float scale = p.input_scales[i] * inverse_output_scale;
        const float bias = static_cast<float>(-p.input_zero_points[i]) * scale;
        for (int64_t j = 0; j < inner; ++j) {
          const float product = static_cast<float>(in[j]) * scale;  // separate statement: no fused multiply-add
          const int32_t v = static_cast<int32_t>(std::round(product + bias)) + p.output_zero_point;
          out[j] = static_cast<uint8_t>(std::clamp(v, p.act_min, p.act_max));
        }
      }
      out += inner;
    }
  }
}

}  // namespace octet::reference
