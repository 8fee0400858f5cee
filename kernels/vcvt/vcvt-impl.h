// The conversion microkernels written once over a lane-helper struct S; each q8-vcvt-<isa>.cc
// instantiates them with its ISA's helpers (internal linkage). Arithmetic: see vcvt.h.
#ifndef OCTET_KERNELS_VCVT_VCVT_IMPL_H_
#define OCTET_KERNELS_VCVT_VCVT_IMPL_H_

#include <cstring>

#include "kernels/vcvt/simd-io.h"
#include "kernels/vcvt/vcvt.h"

namespace octet {
namespace {

// `u8`: the byte type of the quantized side (IoAny in simd-io.h).
template <class S>
void QuantizeImpl(size_t n, const float* in, void* out_bytes, bool u8, const QuantizeKernelParams* p) {
  using V = typename S::V;
  using F = typename S::F;
  using IoT = IoAny<S>;
  uint8_t* out = static_cast<uint8_t*>(out_bytes);
  constexpr size_t N = S::N;
  const F scale = S::SetF(p->scale), lo = S::SetF(p->min_less_zero_point), hi = S::SetF(p->max_less_zero_point);
  const V zero_point = S::Set(p->zero_point);
  const auto one = [&](F x) { return S::Add(S::RoundClampToInt(S::DivF(x, scale), lo, hi), zero_point); };
  size_t i = 0;
  for (; i + 4 * N <= n; i += 4 * N) {
    V v[4];
    for (size_t k = 0; k < 4; ++k) v[k] = one(S::LoadF(in + i + k * N));
    IoT::Store4(out + i, u8, v);
  }
  for (; i + N <= n; i += N) IoT::Store(out + i, u8, one(S::LoadF(in + i)));
  if (i < n) {
    float buffer[N] = {};
    std::memcpy(buffer, in + i, (n - i) * sizeof(float));
    IoT::StorePartial(out + i, u8, n - i, one(S::LoadF(buffer)));
  }
}

template <class S>
void RequantizeImpl(size_t n, const void* in_bytes, bool in_u8, void* out_bytes, bool out_u8,
                    const RequantizeKernelParams* p) {
  using V = typename S::V;
  using IoT = IoAny<S>;
  const uint8_t* in = static_cast<const uint8_t*>(in_bytes);
  uint8_t* out = static_cast<uint8_t*>(out_bytes);
  constexpr size_t N = S::N;
  const V input_zero_point = S::Set(p->input_zero_point), multiplier = S::Set(p->multiplier);
  const V output_zero_point = S::Set(p->output_zero_point);
  const V lo = S::Set(p->output_min), hi = S::Set(p->output_max);
  const auto pot = S::MakePot(p->right_shift);
  const int left_shift = p->left_shift;
  const auto one = [&](V q) {
    V x = S::Sub(q, input_zero_point);
    if (left_shift > 0) x = S::Shl(x, left_shift);
    x = S::Add(S::Rdbpot(S::Srdhm(x, multiplier), pot), output_zero_point);
    return S::Min(S::Max(x, lo), hi);
  };
  size_t i = 0;
  for (; i + 4 * N <= n; i += 4 * N) {
    V v[4];
    IoT::Load4(in + i, in_u8, v);
    for (int k = 0; k < 4; ++k) v[k] = one(v[k]);
    IoT::Store4(out + i, out_u8, v);
  }
  for (; i + N <= n; i += N) IoT::Store(out + i, out_u8, one(IoT::Load(in + i, in_u8)));
  if (i < n) IoT::StorePartial(out + i, out_u8, n - i, one(IoT::LoadPartial(in + i, in_u8, n - i)));
}

template <class S>
void DequantizeImpl(size_t n, const void* in_bytes, bool u8, float* out, const DequantizeKernelParams* p) {
  using V = typename S::V;
  using F = typename S::F;
  using IoT = IoAny<S>;
  const uint8_t* in = static_cast<const uint8_t*>(in_bytes);
  constexpr size_t N = S::N;
  const V zero_point = S::Set(p->zero_point);
  const F scale = S::SetF(p->scale);
  const auto one = [&](V q) { return S::MulF(S::ToF(S::Sub(q, zero_point)), scale); };
  size_t i = 0;
  for (; i + 4 * N <= n; i += 4 * N) {
    V v[4];
    IoT::Load4(in + i, u8, v);
    for (size_t k = 0; k < 4; ++k) S::StoreF(out + i + k * N, one(v[k]));
  }
  for (; i + N <= n; i += N) S::StoreF(out + i, one(IoT::Load(in + i, u8)));
  if (i < n) {
    float buffer[N];
    S::StoreF(buffer, one(IoT::LoadPartial(in + i, u8, n - i)));
    std::memcpy(out + i, buffer, (n - i) * sizeof(float));
  }
}

}  // namespace
}  // namespace octet

#define OCTET_DEFINE_VCVT(S, isa)                                                                              \
  namespace octet::kernels {                                                                                   \
  void qs8_quantize__##isa(size_t n, const float* in, int8_t* out, const QuantizeKernelParams* p) {            \
    QuantizeImpl<S>(n, in, out, false, p);                                                                     \
  }                                                                                                            \
  void qu8_quantize__##isa(size_t n, const float* in, uint8_t* out, const QuantizeKernelParams* p) {           \
    QuantizeImpl<S>(n, in, out, true, p);                                                                      \
  }                                                                                                            \
  void qs8_qs8_requantize__##isa(size_t n, const int8_t* in, int8_t* out, const RequantizeKernelParams* p) {   \
    RequantizeImpl<S>(n, in, false, out, false, p);                                                            \
  }                                                                                                            \
  void qs8_qu8_requantize__##isa(size_t n, const int8_t* in, uint8_t* out, const RequantizeKernelParams* p) {  \
    RequantizeImpl<S>(n, in, false, out, true, p);                                                             \
  }                                                                                                            \
  void qu8_qs8_requantize__##isa(size_t n, const uint8_t* in, int8_t* out, const RequantizeKernelParams* p) {  \
    RequantizeImpl<S>(n, in, true, out, false, p);                                                             \
  }                                                                                                            \
  void qu8_qu8_requantize__##isa(size_t n, const uint8_t* in, uint8_t* out, const RequantizeKernelParams* p) { \
    RequantizeImpl<S>(n, in, true, out, true, p);                                                              \
  }                                                                                                            \
  void q8_xor80__##isa(size_t n, const uint8_t* in, uint8_t* out) { S::XorBytes80(n, in, out); }               \
  void qs8_dequantize__##isa(size_t n, const int8_t* in, float* out, const DequantizeKernelParams* p) {        \
    DequantizeImpl<S>(n, in, false, out, p);                                                                   \
  }                                                                                                            \
  void qu8_dequantize__##isa(size_t n, const uint8_t* in, float* out, const DequantizeKernelParams* p) {       \
    DequantizeImpl<S>(n, in, true, out, p);                                                                    \
  }                                                                                                            \
  }

#endif  // OCTET_KERNELS_VCVT_VCVT_IMPL_H_
