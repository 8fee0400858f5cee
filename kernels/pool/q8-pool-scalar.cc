// Average and max pooling microkernels, portable C++ (one output pixel, all channels; see pool.h).
// The average uses a true division, so it is exact for any window size.
#include <algorithm>
#include <limits>

#include "kernels/pool/pool.h"

namespace octet::kernels {
namespace {

template <typename T>
void AvgPool(const PoolWindow* w, const T* input, T* output) {
  const int32_t n = w->count;
  for (size_t c = 0; c < w->channels; ++c) {
    int32_t sum = 0;
    for (size_t y = 0; y < w->rows; ++y) {
      const T* row = input + y * w->row_stride + c;
      for (size_t x = 0; x < w->cols; ++x) sum += row[x * w->col_stride];
    }
    const int32_t v = sum >= 0 ? (sum + n / 2) / n : (sum - n / 2) / n;
    output[c] = static_cast<T>(std::min(std::max(v, w->out_min), w->out_max));
  }
}

template <typename T>
void MaxPool(const PoolWindow* w, const T* input, T* output) {
  for (size_t c = 0; c < w->channels; ++c) {
    int32_t m = std::numeric_limits<T>::min();
    for (size_t y = 0; y < w->rows; ++y) {
      const T* row = input + y * w->row_stride + c;
      for (size_t x = 0; x < w->cols; ++x) m = std::max<int32_t>(m, row[x * w->col_stride]);
    }
    output[c] = static_cast<T>(std::min(std::max(m, w->out_min), w->out_max));
  }
}

}  // namespace

void qs8_avgpool__scalar(const PoolWindow* w, const int8_t* input, int8_t* output) { AvgPool(w, input, output); }
void qu8_avgpool__scalar(const PoolWindow* w, const uint8_t* input, uint8_t* output) { AvgPool(w, input, output); }
void qs8_maxpool__scalar(const PoolWindow* w, const int8_t* input, int8_t* output) { MaxPool(w, input, output); }
void qu8_maxpool__scalar(const PoolWindow* w, const uint8_t* input, uint8_t* output) { MaxPool(w, input, output); }

}  // namespace octet::kernels
