// MEAN reference kernel (spec section 3, MEAN): sum of raw values, then one MBQM whose multiplier has 1/N
// folded in (TFLite reference / TFLM behaviour).
#include <algorithm>
#include <cstdint>
#include <limits>

#include "kernels/common/fixedpoint.h"
#include "kernels/reference/reference.h"

namespace octet::reference {
namespace {

template <typename T>
void MeanImpl(const MeanParams& p, const T* input, T* output) {
  // Split the axes into kept and reduced ones, each with its input stride.
  int kept_dims[kMaxRank] = {}, reduced_dims[kMaxRank] = {};
  int64_t kept_strides[kMaxRank] = {}, reduced_strides[kMaxRank] = {};
  int num_kept = 0, num_reduced = 0;
  int64_t stride = 1, num_outputs = 1, n = 1;
  for (int d = p.rank - 1; d >= 0; --d) {
    if (p.reduce[d]) {
      reduced_dims[num_reduced] = p.input_shape[d];
      reduced_strides[num_reduced++] = stride;
      n *= p.input_shape[d];
    } else {
      kept_dims[num_kept] = p.input_shape[d];
      kept_strides[num_kept++] = stride;
      num_outputs *= p.input_shape[d];
    }
    stride *= p.input_shape[d];
  }
  // Fold 1/N into the multiplier: k = floor(log2 N), limited so that M * 2^k stays in int64 and the final
  // shift stays >= -31; M' = trunc(M * 2^k / N) < 2^31 since 2^k <= N.
  int k = 0;
  while ((n >> (k + 1)) != 0) ++k;
  k = std::min({k, 32, 31 + p.shift});
  const int32_t multiplier = n == 0 ? 0 : static_cast<int32_t>((static_cast<int64_t>(p.multiplier) << k) / n);
  const int shift = p.shift - k;
  // z_in * N and the sum are int32 in TFLite; compute in int64 and wrap.
  const int32_t zero_point_sum = static_cast<int32_t>(static_cast<uint32_t>(p.input_zero_point * n));

  int kept_index[kMaxRank] = {};  // dims stored innermost first, like the arrays above
  for (int64_t out = 0; out < num_outputs; ++out) {
    int64_t base = 0;
    for (int i = 0; i < num_kept; ++i) base += kept_index[i] * kept_strides[i];
    int64_t sum = 0;
    int reduced_index[kMaxRank] = {};
    for (int64_t j = 0; j < n; ++j) {
      int64_t offset = base;
      for (int i = 0; i < num_reduced; ++i) offset += reduced_index[i] * reduced_strides[i];
      sum += input[offset];
      for (int i = 0; i < num_reduced; ++i) {
        if (++reduced_index[i] < reduced_dims[i]) break;
        reduced_index[i] = 0;
      }
    }
    const int32_t sum32 = static_cast<int32_t>(static_cast<uint32_t>(sum));
    const int32_t centered = static_cast<int32_t>(static_cast<uint32_t>(sum32) - static_cast<uint32_t>(zero_point_sum));
    const int32_t v = fixedpoint::MultiplyByQuantizedMultiplier(centered, multiplier, shift) + p.output_zero_point;
    output[out] = static_cast<T>(std::clamp<int32_t>(v, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
    for (int i = 0; i < num_kept; ++i) {
      if (++kept_index[i] < kept_dims[i]) break;
      kept_index[i] = 0;
    }
  }
}

}  // namespace

void Mean(const MeanParams& p, const int8_t* input, int8_t* output) { MeanImpl(p, input, output); }
void Mean(const MeanParams& p, const uint8_t* input, uint8_t* output) { MeanImpl(p, input, output); }

}  // namespace octet::reference
