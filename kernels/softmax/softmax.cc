#include "kernels/softmax/softmax.h"

#include <algorithm>
#include <limits>

#include "kernels/common/softmax_fixedpoint.h"

namespace octet {

std::unique_ptr<PreparedSoftmax> PreparedSoftmax::Create(const reference::SoftmaxParams& p, bool is_uint8) {
  std::unique_ptr<PreparedSoftmax> s(new PreparedSoftmax());
  s->p_ = p;
  s->is_uint8_ = is_uint8;
  s->max_distance_ = static_cast<int>(std::min<int64_t>(255, -static_cast<int64_t>(p.diff_min)));
  for (int d = 0; d <= s->max_distance_; ++d) {
    s->exp_q31_[d] = reference::SoftmaxExp(p, -d);
    s->exp_q19_[d] = reference::SoftmaxExpQ19(s->exp_q31_[d]);
  }
  return s;
}

template <typename T>
void PreparedSoftmax::RunRows(size_t begin, size_t end, const T* input, T* output) const {
  constexpr int32_t kTypeMin = std::numeric_limits<T>::min();
  const size_t depth = static_cast<size_t>(p_.depth);
  for (size_t r = begin; r < end; ++r) {
    const T* in = input + r * depth;
    T* out = output + r * depth;
    T row_max = in[0];
    for (size_t c = 1; c < depth; ++c) row_max = std::max(row_max, in[c]);
    int32_t sum_of_exps = 0;
    for (size_t c = 0; c < depth; ++c) {
      const int distance = static_cast<int>(row_max) - static_cast<int>(in[c]);
      if (distance <= max_distance_) sum_of_exps = fixedpoint::WrappingAdd(sum_of_exps, exp_q19_[distance]);
    }
    const reference::SoftmaxScale scale = reference::SoftmaxScaleForSum(sum_of_exps);
    // The output too depends only on the distance: with more values than distinct distances (a
    // classifier's 1001 scores span far fewer than 1001), requantize each distance once.
    T row_min = in[0];
    for (size_t c = 1; c < depth; ++c) row_min = std::min(row_min, in[c]);
    const int span = std::min(static_cast<int>(row_max) - static_cast<int>(row_min), max_distance_);
    if (static_cast<size_t>(span) + 1 < depth) {
      T table[256];
      for (int d = 0; d <= span; ++d) table[d] = static_cast<T>(reference::SoftmaxOutput(scale, exp_q31_[d], kTypeMin));
      for (int d = span + 1; d < 256; ++d) table[d] = static_cast<T>(kTypeMin);
      for (size_t c = 0; c < depth; ++c) out[c] = table[static_cast<int>(row_max) - static_cast<int>(in[c])];
      continue;
    }
    for (size_t c = 0; c < depth; ++c) {
      const int distance = static_cast<int>(row_max) - static_cast<int>(in[c]);
      out[c] = static_cast<T>(distance <= max_distance_ ? reference::SoftmaxOutput(scale, exp_q31_[distance], kTypeMin)
                                                        : kTypeMin);
    }
  }
}

void PreparedSoftmax::RunTiles(size_t begin, size_t end, const void* input, void* output, void* /*scratch*/) const {
  if (is_uint8_) {
    RunRows(begin, end, static_cast<const uint8_t*>(input), static_cast<uint8_t*>(output));
  } else {
    RunRows(begin, end, static_cast<const int8_t*>(input), static_cast<int8_t*>(output));
  }
}

}  // namespace octet
