// ADD microkernels, portable C++: the exact 32-bit arithmetic of vadd.h one element at a time.
#include <algorithm>

#include "kernels/common/fixedpoint.h"
#include "kernels/vadd/vadd.h"

namespace octet::kernels {
namespace {

inline int32_t Rescale(int32_t q, int32_t mult_hi, int32_t bias_hi, int32_t mult_lo, int32_t bias_lo, int shift) {
  const int32_t high = q * mult_hi + bias_hi + ((q * mult_lo + bias_lo) >> 11);  // SRDHM(d * 2^20, M)
  return fixedpoint::RoundingDivideByPOT(high, shift);
}

inline int32_t Output(int32_t sum, const VAddParams& p) {
  const int32_t v = fixedpoint::RoundingDivideByPOT(
                        fixedpoint::SaturatingRoundingDoublingHighMul(sum, p.out_multiplier), p.out_shift) +
                    p.out_zero_point;
  return std::min(std::max(v, p.out_min), p.out_max);
}

template <typename T, bool kScalarB>
void VAdd(size_t n, const T* a, const T* b, T* out, const VAddParams* params) {
  const VAddParams& p = *params;
  const int32_t b_const = kScalarB ? Rescale(b[0], p.b_mult_hi, p.b_bias_hi, p.b_mult_lo, p.b_bias_lo, p.b_shift) : 0;
  for (size_t i = 0; i < n; ++i) {
    const int32_t ra = Rescale(a[i], p.a_mult_hi, p.a_bias_hi, p.a_mult_lo, p.a_bias_lo, p.a_shift);
    const int32_t rb =
        kScalarB ? b_const : Rescale(b[i], p.b_mult_hi, p.b_bias_hi, p.b_mult_lo, p.b_bias_lo, p.b_shift);
    out[i] = static_cast<T>(Output(ra + rb, p));
  }
}

}  // namespace

void qs8_vadd__scalar(size_t n, const int8_t* a, const int8_t* b, int8_t* out, const VAddParams* p) {
  VAdd<int8_t, false>(n, a, b, out, p);
}
void qs8_vaddc__scalar(size_t n, const int8_t* a, const int8_t* b, int8_t* out, const VAddParams* p) {
  VAdd<int8_t, true>(n, a, b, out, p);
}
void qu8_vadd__scalar(size_t n, const uint8_t* a, const uint8_t* b, uint8_t* out, const VAddParams* p) {
  VAdd<uint8_t, false>(n, a, b, out, p);
}
void qu8_vaddc__scalar(size_t n, const uint8_t* a, const uint8_t* b, uint8_t* out, const VAddParams* p) {
  VAdd<uint8_t, true>(n, a, b, out, p);
}

}  // namespace octet::kernels
