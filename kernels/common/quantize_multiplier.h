// Turning real-valued scale ratios into the integer multipliers the kernels use.
//
// Every function here runs at prepare time, never per element. They follow TFLite's
// QuantizeMultiplier exactly (see ../shared/spec/int8-arithmetic.md, section 1.1), including the
// precision in which each op forms its real multiplier (section 1.6), which is the caller's job.
#ifndef OCTET_KERNELS_COMMON_QUANTIZE_MULTIPLIER_H_
#define OCTET_KERNELS_COMMON_QUANTIZE_MULTIPLIER_H_

#include <cstdint>

namespace octet {

// real ~= multiplier * 2^(shift - 31), multiplier in [2^30, 2^31) for real > 0.
struct QuantizedMultiplier {
  int32_t multiplier = 0;
  int shift = 0;
};

// frexp-based decomposition with round-half-away-from-zero of the mantissa, the 2^31 carry and
// the flush to zero of tiny values (exponent < -31). real must be finite and >= 0.
QuantizedMultiplier QuantizeMultiplier(double real);

// Fused activation clamp bounds: Q(f) = z + RHAZ_fp32(f /_fp32 scale), intersected with the type
// range [qmin, qmax]. `activation` uses the schema's numbering (0 none, 1 relu, 2 relu6,
// 3 relu_n1_to_1).
struct ActivationRange {
  int32_t min = 0;
  int32_t max = 0;
};
ActivationRange ComputeActivationRange(int activation, float output_scale, int32_t output_zero_point, int32_t qmin,
                                       int32_t qmax);

}  // namespace octet

#endif  // OCTET_KERNELS_COMMON_QUANTIZE_MULTIPLIER_H_
