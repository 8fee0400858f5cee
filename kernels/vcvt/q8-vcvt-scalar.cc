// Elementwise conversion microkernels, portable C++ (see vcvt.h for the exact arithmetic).
#include <algorithm>
#include <cmath>
#include <cstring>

#include "kernels/common/fixedpoint.h"
#include "kernels/vcvt/vcvt.h"

namespace octet::kernels {
namespace {

template <typename T>
void Quantize(size_t n, const float* in, T* out, const QuantizeKernelParams* p) {
  const float lo = p->min_less_zero_point, hi = p->max_less_zero_point;
  for (size_t i = 0; i < n; ++i) {
    float r = std::round(in[i] / p->scale);  // fp32 division, ties away from zero
    // NaN fails both comparisons' "keep" side and lands on lo (the type minimum).
    r = r > lo ? r : lo;
    r = r < hi ? r : hi;
    out[i] = static_cast<T>(static_cast<int32_t>(r) + p->zero_point);
  }
}

template <typename In, typename Out>
void Requantize(size_t n, const In* in, Out* out, const RequantizeKernelParams* p) {
  const int shift = p->left_shift > 0 ? p->left_shift : -p->right_shift;
  for (size_t i = 0; i < n; ++i) {
    const int32_t v = fixedpoint::MultiplyByQuantizedMultiplier(static_cast<int32_t>(in[i]) - p->input_zero_point,
                                                                p->multiplier, shift) +
                      p->output_zero_point;
    out[i] = static_cast<Out>(std::min(std::max(v, p->output_min), p->output_max));
  }
}

template <typename T>
void Dequantize(size_t n, const T* in, float* out, const DequantizeKernelParams* p) {
  for (size_t i = 0; i < n; ++i) out[i] = p->scale * static_cast<float>(static_cast<int32_t>(in[i]) - p->zero_point);
}

}  // namespace

void qs8_quantize__scalar(size_t n, const float* in, int8_t* out, const QuantizeKernelParams* p) {
  Quantize(n, in, out, p);
}
void qu8_quantize__scalar(size_t n, const float* in, uint8_t* out, const QuantizeKernelParams* p) {
  Quantize(n, in, out, p);
}
void qs8_qs8_requantize__scalar(size_t n, const int8_t* in, int8_t* out, const RequantizeKernelParams* p) {
  Requantize(n, in, out, p);
}
void qs8_qu8_requantize__scalar(size_t n, const int8_t* in, uint8_t* out, const RequantizeKernelParams* p) {
  Requantize(n, in, out, p);
}
void qu8_qs8_requantize__scalar(size_t n, const uint8_t* in, int8_t* out, const RequantizeKernelParams* p) {
  Requantize(n, in, out, p);
}
void qu8_qu8_requantize__scalar(size_t n, const uint8_t* in, uint8_t* out, const RequantizeKernelParams* p) {
  Requantize(n, in, out, p);
}
void q8_xor80__scalar(size_t n, const uint8_t* in, uint8_t* out) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t v;
    std::memcpy(&v, in + i, 8);
    v ^= UINT64_C(0x8080808080808080);
    std::memcpy(out + i, &v, 8);
  }
  for (; i < n; ++i) out[i] = static_cast<uint8_t>(in[i] ^ 0x80);
}
void q8_lut__scalar(size_t n, const uint8_t* in, uint8_t* out, const uint8_t* table) {
  for (size_t i = 0; i < n; ++i) out[i] = table[in[i]];
}
void qs8_dequantize__scalar(size_t n, const int8_t* in, float* out, const DequantizeKernelParams* p) {
  Dequantize(n, in, out, p);
}
void qu8_dequantize__scalar(size_t n, const uint8_t* in, float* out, const DequantizeKernelParams* p) {
  Dequantize(n, in, out, p);
}

}  // namespace octet::kernels
