// ADD reference kernel (spec section 3, ADD): three separate rescales, never collapsed into one.
#include <algorithm>
#include <cstdint>

#include "kernels/common/fixedpoint.h"
#include "kernels/common/quantize_multiplier.h"
#include "kernels/reference/reference.h"

namespace octet::reference {

void PrepareAdd(float input1_scale, float input2_scale, float output_scale, AddParams* p) {
  p->left_shift = 20;
  // All in double; the factors 2 and 2^20 are exact, so only the divisions round.
  const double twice_max_input_scale = 2.0 * static_cast<double>(std::max(input1_scale, input2_scale));
  const QuantizedMultiplier input1 = QuantizeMultiplier(static_cast<double>(input1_scale) / twice_max_input_scale);
  const QuantizedMultiplier input2 = QuantizeMultiplier(static_cast<double>(input2_scale) / twice_max_input_scale);
  const QuantizedMultiplier output = QuantizeMultiplier(
      twice_max_input_scale / (static_cast<double>(int64_t{1} << p->left_shift) * static_cast<double>(output_scale)));
  p->input1_multiplier = input1.multiplier;
  p->input1_shift = input1.shift;
  p->input2_multiplier = input2.multiplier;
  p->input2_shift = input2.shift;
  p->output_multiplier = output.multiplier;
  p->output_shift = output.shift;
}

namespace {

template <typename T>
void AddImpl(const AddParams& p, const T* input1, const T* input2, T* output) {
  // Element strides of each input, 0 along broadcast dimensions.
  int64_t stride1[kMaxRank] = {};
  int64_t stride2[kMaxRank] = {};
  int64_t step1 = 1, step2 = 1, count = 1;
  for (int d = p.rank - 1; d >= 0; --d) {
    stride1[d] = p.input1_shape[d] == 1 ? 0 : step1;
    stride2[d] = p.input2_shape[d] == 1 ? 0 : step2;
    step1 *= p.input1_shape[d];
    step2 *= p.input2_shape[d];
    count *= p.output_shape[d];
  }
  int index[kMaxRank] = {};
  for (int64_t out = 0; out < count; ++out) {
    int64_t offset1 = 0, offset2 = 0;
    for (int d = 0; d < p.rank; ++d) {
      offset1 += index[d] * stride1[d];
      offset2 += index[d] * stride2[d];
    }
    // Inputs scaled up by 2^left_shift so the two downscales keep precision; |q - z| < 2^9 cannot overflow.
    const int32_t shifted1 = (static_cast<int32_t>(input1[offset1]) - p.input1_zero_point) * (1 << p.left_shift);
    const int32_t shifted2 = (static_cast<int32_t>(input2[offset2]) - p.input2_zero_point) * (1 << p.left_shift);
    const int32_t scaled1 =
        fixedpoint::MultiplyByQuantizedMultiplierSmallerThanOne(shifted1, p.input1_multiplier, p.input1_shift);
    const int32_t scaled2 =
        fixedpoint::MultiplyByQuantizedMultiplierSmallerThanOne(shifted2, p.input2_multiplier, p.input2_shift);
    const int32_t sum =
        fixedpoint::MultiplyByQuantizedMultiplierSmallerThanOne(scaled1 + scaled2, p.output_multiplier, p.output_shift);
    output[out] = static_cast<T>(std::clamp(sum + p.output_zero_point, p.act_min, p.act_max));
    // Advance the output multi-index, last dimension fastest.
    for (int d = p.rank - 1; d >= 0; --d) {
      if (++index[d] < p.output_shape[d]) break;
      index[d] = 0;
    }
  }
}

}  // namespace

void Add(const AddParams& p, const int8_t* input1, const int8_t* input2, int8_t* output) {
  AddImpl(p, input1, input2, output);
}

void Add(const AddParams& p, const uint8_t* input1, const uint8_t* input2, uint8_t* output) {
  AddImpl(p, input1, input2, output);
}

}  // namespace octet::reference
