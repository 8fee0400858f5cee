// The ADD microkernel written once over a lane-helper struct S; each q8-vadd-*-<isa>.cc instantiates
// it with its ISA's helpers (internal linkage). Arithmetic: see vadd.h. The AVX2 and AVX-512 files
// keep it for vaddc and rare parameters; their vadd has a one-step body of its own
// (q8-vadd-u64-avx512.cc derives it).
#ifndef OCTET_KERNELS_VADD_VADD_IMPL_H_
#define OCTET_KERNELS_VADD_VADD_IMPL_H_

#include <cstring>

#include "kernels/common/fixedpoint.h"
#include "kernels/vadd/vadd.h"
#include "kernels/vcvt/simd-io.h"

namespace octet {
namespace {

// `u8`: uint8 rather than int8 elements (IoAny in simd-io.h: one instance for both).
template <class S, bool kScalarB>
void VAddImpl(size_t n, const void* a_bytes, const void* b_bytes, void* out_bytes, bool u8, const VAddParams* p) {
  using V = typename S::V;
  using IoT = IoAny<S>;
  const uint8_t* a = static_cast<const uint8_t*>(a_bytes);
  const uint8_t* b = static_cast<const uint8_t*>(b_bytes);
  uint8_t* out = static_cast<uint8_t*>(out_bytes);
  constexpr size_t N = S::N;
  const V a_hi = S::Set(p->a_mult_hi), a_lo = S::Set(p->a_mult_lo);
  const V a_bias_hi = S::Set(p->a_bias_hi), a_bias_lo = S::Set(p->a_bias_lo);
  const V b_hi = S::Set(p->b_mult_hi), b_lo = S::Set(p->b_mult_lo);
  const V b_bias_hi = S::Set(p->b_bias_hi), b_bias_lo = S::Set(p->b_bias_lo);
  const auto a_pot = S::MakePot(p->a_shift), b_pot = S::MakePot(p->b_shift), out_pot = S::MakePot(p->out_shift);
  const V out_mult = S::Set(p->out_multiplier), zero_point = S::Set(p->out_zero_point);
  const V out_min = S::Set(p->out_min), out_max = S::Set(p->out_max);

  const auto rescale = [](V q, V hi, V bias_hi, V lo, V bias_lo, const auto& pot) {
    const V high = S::Add(S::Add(S::MulLo(q, hi), bias_hi), S::template SraI<11>(S::Add(S::MulLo(q, lo), bias_lo)));
    return S::Rdbpot(high, pot);
  };
  V b_const = S::Set(0);
  if (kScalarB) {
    const int32_t q = u8 ? int32_t{b[0]} : int32_t{static_cast<int8_t>(b[0])};
    b_const = S::Set(fixedpoint::RoundingDivideByPOT(
        q * p->b_mult_hi + p->b_bias_hi + ((q * p->b_mult_lo + p->b_bias_lo) >> 11), p->b_shift));
  }
  const auto one = [&](V qa, V qb) {
    const V ra = rescale(qa, a_hi, a_bias_hi, a_lo, a_bias_lo, a_pot);
    const V rb = kScalarB ? b_const : rescale(qb, b_hi, b_bias_hi, b_lo, b_bias_lo, b_pot);
    const V v = S::Add(S::Rdbpot(S::Srdhm(S::Add(ra, rb), out_mult), out_pot), zero_point);
    return S::Min(S::Max(v, out_min), out_max);
  };

  size_t i = 0;
  for (; i + 4 * N <= n; i += 4 * N) {
    V va[4], vb[4] = {}, vo[4];
    IoT::Load4(a + i, u8, va);
    if (!kScalarB) IoT::Load4(b + i, u8, vb);
    for (int k = 0; k < 4; ++k) vo[k] = one(va[k], vb[k]);
    IoT::Store4(out + i, u8, vo);
  }
  for (; i + N <= n; i += N) {
    IoT::Store(out + i, u8, one(IoT::Load(a + i, u8), kScalarB ? b_const : IoT::Load(b + i, u8)));
  }
  if (i < n) {
    const size_t rest = n - i;
    const V va = IoT::LoadPartial(a + i, u8, rest);
    const V vb = kScalarB ? b_const : IoT::LoadPartial(b + i, u8, rest);
    IoT::StorePartial(out + i, u8, rest, one(va, vb));
  }
}

// The one-step vadd bodies (q8-vadd-u32-avx2.cc, q8-vadd-u64-avx512.cc) cover the parameters where
// the sign of each rounding is the sign of q - z and of the sum (multipliers above 2^10) and the
// output shift is at least 1; the others take VAddImpl.
inline bool OneStepApplies(const VAddParams& p) {
  return p.out_shift >= 1 && p.out_shift <= 31 && p.out_multiplier > 1024 && (p.a_mult_hi > 0 || p.a_mult_lo > 1024) &&
         (p.b_mult_hi > 0 || p.b_mult_lo > 1024);
}

// out[0, n) from a, b through `block(a, b, out)`, which handles kStep elements; the last partial
// block goes through stack copies, so nothing past n is read or written.
template <size_t kStep, class Block>
__attribute__((always_inline)) inline void OneStepLoop(size_t n, const void* a_bytes, const void* b_bytes,
                                                       void* out_bytes, const Block& block) {
  const uint8_t* a = static_cast<const uint8_t*>(a_bytes);
  const uint8_t* b = static_cast<const uint8_t*>(b_bytes);
  uint8_t* out = static_cast<uint8_t*>(out_bytes);
  size_t i = 0;
  for (; i + kStep <= n; i += kStep) block(a + i, b + i, out + i);
  if (i < n) {
    alignas(64) uint8_t ta[kStep] = {}, tb[kStep] = {}, to[kStep];
    const size_t rest = n - i;
    std::memcpy(ta, a + i, rest);
    std::memcpy(tb, b + i, rest);
    block(ta, tb, to);
    std::memcpy(out + i, to, rest);
  }
}

}  // namespace
}  // namespace octet

// Defines the four exported microkernels of one ISA file.
#define OCTET_DEFINE_VADD(S, isa)                                                                          \
  namespace octet::kernels {                                                                               \
  void qs8_vadd__##isa(size_t n, const int8_t* a, const int8_t* b, int8_t* out, const VAddParams* p) {     \
    VAddImpl<S, false>(n, a, b, out, false, p);                                                            \
  }                                                                                                        \
  void qs8_vaddc__##isa(size_t n, const int8_t* a, const int8_t* b, int8_t* out, const VAddParams* p) {    \
    VAddImpl<S, true>(n, a, b, out, false, p);                                                             \
  }                                                                                                        \
  void qu8_vadd__##isa(size_t n, const uint8_t* a, const uint8_t* b, uint8_t* out, const VAddParams* p) {  \
    VAddImpl<S, false>(n, a, b, out, true, p);                                                             \
  }                                                                                                        \
  void qu8_vaddc__##isa(size_t n, const uint8_t* a, const uint8_t* b, uint8_t* out, const VAddParams* p) { \
    VAddImpl<S, true>(n, a, b, out, true, p);                                                              \
  }                                                                                                        \
  }

#endif  // OCTET_KERNELS_VADD_VADD_IMPL_H_
