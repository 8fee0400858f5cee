// SOFTMAX reference kernel: gemmlowp fixed-point algorithm of TFLite's reference kernel (spec section 3,
// SOFTMAX). Output is implicitly quantized with scale 1/256 and zero point at the type minimum.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "kernels/common/fixedpoint.h"
#include "kernels/common/quantize_multiplier.h"
#include "kernels/common/softmax_fixedpoint.h"
#include "kernels/reference/reference.h"

namespace octet::reference {
namespace {

constexpr int kScaledDiffIntegerBits = 5;     // input differences are rescaled to Q5.26
constexpr int kAccumulationIntegerBits = 12;  // the sum of exps is Q12.19

// RHAZ(x / 2^exponent) for exponent >= 0. The softmax output shift exceeds 31 when the sum of exps is at
// least 2^9 (e.g. rows with >= 512 values at the maximum). TFLite's reference kernel aborts there (checked with
// ai-edge-litert 2.3.0); octet returns the rounded quotient the formula describes.
int32_t RoundingDivideByPOTWide(int32_t x, int exponent) {
  if (exponent <= 31) return fixedpoint::RoundingDivideByPOT(x, exponent);
  const int64_t magnitude = x < 0 ? -static_cast<int64_t>(x) : x;
  const int64_t rounded = exponent >= 63 ? 0 : (magnitude + (int64_t{1} << (exponent - 1))) >> exponent;
  return static_cast<int32_t>(x < 0 ? -rounded : rounded);
}

int CountLeadingZeros32(uint32_t x) {
  int n = 0;
  for (uint32_t bit = uint32_t{1} << 31; bit != 0 && (x & bit) == 0; bit >>= 1) ++n;
  return n;
}

template <typename T>
void SoftmaxImpl(const SoftmaxParams& p, const T* input, T* output) {
  constexpr int32_t kTypeMin = std::numeric_limits<T>::min();
  for (int r = 0; r < p.rows; ++r) {
    const T* in = input + static_cast<int64_t>(r) * p.depth;
    T* out = output + static_cast<int64_t>(r) * p.depth;
    int32_t row_max = kTypeMin;
    for (int c = 0; c < p.depth; ++c) row_max = std::max<int32_t>(row_max, in[c]);

    int32_t sum_of_exps = 0;  // Q12.19, wrapping like gemmlowp's int32 addition
    for (int c = 0; c < p.depth; ++c) {
      const int32_t diff = in[c] - row_max;
      if (diff >= p.diff_min) sum_of_exps = fixedpoint::WrappingAdd(sum_of_exps, SoftmaxExpQ19(SoftmaxExp(p, diff)));
    }
    const SoftmaxScale scale = SoftmaxScaleForSum(sum_of_exps);
    for (int c = 0; c < p.depth; ++c) {
      const int32_t diff = in[c] - row_max;
      out[c] = static_cast<T>(diff >= p.diff_min ? SoftmaxOutput(scale, SoftmaxExp(p, diff), kTypeMin) : kTypeMin);
    }
  }
}

}  // namespace

int32_t SoftmaxExp(const SoftmaxParams& p, int32_t diff) {
  const int32_t scaled_diff =
      fixedpoint::MultiplyByQuantizedMultiplierGreaterThanOne(diff, p.input_multiplier, p.input_left_shift);  // Q5.26
  return fixedpoint::ExpOnNegativeValues(scaled_diff, kScaledDiffIntegerBits);
}

int32_t SoftmaxExpQ19(int32_t exp_q31) { return fixedpoint::RoundingDivideByPOT(exp_q31, 31 - 19); }

SoftmaxScale SoftmaxScaleForSum(int32_t sum_of_exps) {
  // Normalise the sum to 1 + u with u in [0, 1), take 1/(1 + u) in Q0.31 and remember the power of
  // two taken out.
  const int headroom_plus_one = CountLeadingZeros32(static_cast<uint32_t>(sum_of_exps));
  const int num_bits_over_unit = kAccumulationIntegerBits - headroom_plus_one;
  const uint32_t normalized = headroom_plus_one >= 32 ? 0 : static_cast<uint32_t>(sum_of_exps) << headroom_plus_one;
  const int32_t shifted_sum_minus_one = static_cast<int32_t>(normalized - (uint32_t{1} << 31));
  SoftmaxScale scale;
  scale.reciprocal = fixedpoint::OneOverOnePlusX(shifted_sum_minus_one);
  // Q0.31 probability -> units of 1/256, also dividing by 2^num_bits_over_unit.
  scale.output_shift = num_bits_over_unit + 31 - 8;
  return scale;
}

int32_t SoftmaxOutput(const SoftmaxScale& scale, int32_t exp_q31, int32_t type_min) {
  const int32_t probability = fixedpoint::SaturatingRoundingDoublingHighMul(scale.reciprocal, exp_q31);
  const int32_t v = RoundingDivideByPOTWide(probability, scale.output_shift) + type_min;
  return std::clamp(v, type_min, type_min + 255);
}

void PrepareSoftmax(float beta, float input_scale, SoftmaxParams* p) {
  // fp64, capped at 2^31 - 1. The runtime rejects beta * input_scale <= 2^-26 (TFLite aborts there), so
  // real > 1 and the shift is >= 1.
  const double real = std::min(static_cast<double>(beta) * static_cast<double>(input_scale) *
                                   static_cast<double>(int64_t{1} << (31 - kScaledDiffIntegerBits)),
                               static_cast<double>((int64_t{1} << 31) - 1));
  const QuantizedMultiplier m = QuantizeMultiplier(real);
  p->input_multiplier = m.multiplier;
  p->input_left_shift = m.shift;
  // Largest difference whose rescaled value still fits Q5.26: 31 * 2^26 / 2^shift, floored.
  const double max_input_rescaled = 31.0 * static_cast<double>(int64_t{1} << (31 - kScaledDiffIntegerBits)) /
                                    static_cast<double>(int64_t{1} << m.shift);
  p->diff_min = -static_cast<int32_t>(std::floor(max_input_rescaled));
}

void Softmax(const SoftmaxParams& p, const int8_t* input, int8_t* output) { SoftmaxImpl(p, input, output); }
void Softmax(const SoftmaxParams& p, const uint8_t* input, uint8_t* output) { SoftmaxImpl(p, input, output); }

}  // namespace octet::reference
