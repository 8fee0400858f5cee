// The pooling microkernels written once over a lane-helper struct S; each q8-pool-<isa>.cc instantiates
// them with its ISA's helpers (internal linkage). Contract and exact division: see pool.h.
#ifndef OCTET_KERNELS_POOL_POOL_IMPL_H_
#define OCTET_KERNELS_POOL_POOL_IMPL_H_

#include <algorithm>

#include "kernels/pool/pool.h"
#include "kernels/vcvt/simd-io.h"

namespace octet {
namespace {

// Channels [c, c + width) of one pixel: kBlocks vectors (or one partial vector of `partial` lanes).
template <class S, typename T, int kBlocks, bool kAverage>
void PoolBlock(const PoolWindow* w, const T* input, T* output, size_t c, size_t partial) {
  using V = typename S::V;
  using IoT = Io<S>;
  constexpr size_t N = S::N;
  V acc[kBlocks];
  for (int k = 0; k < kBlocks; ++k) acc[k] = kAverage ? S::Set(0) : S::Set(INT32_MIN);
  for (size_t y = 0; y < w->rows; ++y) {
    const T* row = input + y * w->row_stride + c;
    for (size_t x = 0; x < w->cols; ++x) {
      const T* tap = row + x * w->col_stride;
      V v[kBlocks];
      if (kBlocks == 4) {
        IoT::Load4(tap, v);
      } else if (partial == 0) {
        v[0] = IoT::Load(tap);
      } else {
        v[0] = IoT::LoadPartial(tap, partial);
      }
      for (int k = 0; k < kBlocks; ++k) acc[k] = kAverage ? S::Add(acc[k], v[k]) : S::Max(acc[k], v[k]);
    }
  }
  const V out_min = S::Set(w->out_min), out_max = S::Set(w->out_max);
  for (int k = 0; k < kBlocks; ++k) {
    if (kAverage) {
      // RHAZ(S / n) = sign(S) * floor((|S| + n/2) / n), the floor through the exact multiplier.
      const V u = S::Add(S::Abs(acc[k]), S::Set(w->count / 2));
      acc[k] = S::ApplySign(S::MulShr31U(u, S::Set(static_cast<int32_t>(w->multiplier))), acc[k]);
    }
    acc[k] = S::Min(S::Max(acc[k], out_min), out_max);
  }
  if (kBlocks == 4) {
    IoT::Store4(output + c, acc);
  } else if (partial == 0) {
    IoT::Store(output + c, acc[0]);
  } else {
    IoT::StorePartial(output + c, partial, acc[0]);
  }
  (void)N;
}

template <class S, typename T, bool kAverage>
void PoolImpl(const PoolWindow* w, const T* input, T* output) {
  constexpr size_t N = S::N;
  const size_t channels = w->channels;
  size_t c = 0;
  for (; c + 4 * N <= channels; c += 4 * N) PoolBlock<S, T, 4, kAverage>(w, input, output, c, 0);
  for (; c + N <= channels; c += N) PoolBlock<S, T, 1, kAverage>(w, input, output, c, 0);
  if (c < channels) PoolBlock<S, T, 1, kAverage>(w, input, output, c, channels - c);
}

}  // namespace
}  // namespace octet

#define OCTET_DEFINE_POOL(S, isa)                                                       \
  namespace octet::kernels {                                                            \
  void qs8_avgpool__##isa(const PoolWindow* w, const int8_t* input, int8_t* output) {   \
    PoolImpl<S, int8_t, true>(w, input, output);                                        \
  }                                                                                     \
  void qu8_avgpool__##isa(const PoolWindow* w, const uint8_t* input, uint8_t* output) { \
    PoolImpl<S, uint8_t, true>(w, input, output);                                       \
  }                                                                                     \
  void qs8_maxpool__##isa(const PoolWindow* w, const int8_t* input, int8_t* output) {   \
    PoolImpl<S, int8_t, false>(w, input, output);                                       \
  }                                                                                     \
  void qu8_maxpool__##isa(const PoolWindow* w, const uint8_t* input, uint8_t* output) { \
    PoolImpl<S, uint8_t, false>(w, input, output);                                      \
  }                                                                                     \
  }

#endif  // OCTET_KERNELS_POOL_POOL_IMPL_H_
