// The MEAN microkernel written once over a lane-helper struct S; each q8-mean-<isa>.cc instantiates it
// with its ISA's helpers (internal linkage). Contract: see mean.h. Column sums wrap in int32 lanes like
// TFLite's int32 sum; the requantization is MBQM with a uniform (left or right) shift.
#ifndef OCTET_KERNELS_REDUCE_MEAN_IMPL_H_
#define OCTET_KERNELS_REDUCE_MEAN_IMPL_H_

#include <limits>

#include "kernels/reduce/mean.h"
#include "kernels/vcvt/simd-io.h"

namespace octet {
namespace {

template <class S, typename T, int kBlocks>
void MeanBlock(size_t c, size_t partial, const T* input, T* output, const MeanKernelParams* p) {
  using V = typename S::V;
  using IoT = Io<S>;
  V acc[kBlocks];
  for (int k = 0; k < kBlocks; ++k) acc[k] = S::Set(0);
  for (size_t r = 0; r < p->rows; ++r) {
    const T* row = input + r * p->row_stride + c;
    V v[kBlocks];
    if (kBlocks == 4) {
      IoT::Load4(row, v);
    } else if (partial == 0) {
      v[0] = IoT::Load(row);
    } else {
      v[0] = IoT::LoadPartial(row, partial);
    }
    for (int k = 0; k < kBlocks; ++k) acc[k] = S::Add(acc[k], v[k]);
  }
  const V zero_point_sum = S::Set(p->zero_point_sum), multiplier = S::Set(p->multiplier);
  const auto pot = S::MakePot(p->right_shift);
  const V zero_point = S::Set(p->output_zero_point);
  const V lo = S::Set(std::numeric_limits<T>::min()), hi = S::Set(std::numeric_limits<T>::max());
  for (int k = 0; k < kBlocks; ++k) {
    V x = S::Sub(acc[k], zero_point_sum);
    if (p->left_shift > 0) x = S::Shl(x, p->left_shift);
    x = S::Add(S::Rdbpot(S::Srdhm(x, multiplier), pot), zero_point);
    acc[k] = S::Min(S::Max(x, lo), hi);
  }
  if (kBlocks == 4) {
    IoT::Store4(output + c, acc);
  } else if (partial == 0) {
    IoT::Store(output + c, acc[0]);
  } else {
    IoT::StorePartial(output + c, partial, acc[0]);
  }
}

template <class S, typename T>
void MeanImpl(size_t channels, const T* input, T* output, const MeanKernelParams* p) {
  constexpr size_t N = S::N;
  size_t c = 0;
  for (; c + 4 * N <= channels; c += 4 * N) MeanBlock<S, T, 4>(c, 0, input, output, p);
  for (; c + N <= channels; c += N) MeanBlock<S, T, 1>(c, 0, input, output, p);
  if (c < channels) MeanBlock<S, T, 1>(c, channels - c, input, output, p);
}

}  // namespace
}  // namespace octet

#define OCTET_DEFINE_MEAN(S, isa)                                                                           \
  namespace octet::kernels {                                                                                \
  void qs8_mean__##isa(size_t channels, const int8_t* input, int8_t* output, const MeanKernelParams* p) {   \
    MeanImpl<S, int8_t>(channels, input, output, p);                                                        \
  }                                                                                                         \
  void qu8_mean__##isa(size_t channels, const uint8_t* input, uint8_t* output, const MeanKernelParams* p) { \
    MeanImpl<S, uint8_t>(channels, input, output, p);                                                       \
  }                                                                                                         \
  }

#endif  // OCTET_KERNELS_REDUCE_MEAN_IMPL_H_
