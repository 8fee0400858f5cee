// AVERAGE_POOL_2D and MAX_POOL_2D reference kernels (spec section 3; padding section 1.5). Input and
// output share scale and zero point, so raw values are averaged / compared directly.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "kernels/reference/reference.h"

namespace octet::reference {
namespace {

// Visits the in-bounds input cells of every output position and channel: taps outside the input are
// skipped (and so also left out of the average's divisor). Reducer: Init() -> Add(value) -> Finish().
template <typename T, typename Reducer>
void Pool2D(const Pool2DParams& p, const T* input, T* output) {
  for (int b = 0; b < p.batch; ++b) {
    for (int oy = 0; oy < p.output_h; ++oy) {
      const int origin_y = oy * p.stride_h - p.pad_top;
      const int ky_begin = std::max(0, -origin_y);
      const int ky_end = std::min(p.filter_h, p.input_h - origin_y);
      for (int ox = 0; ox < p.output_w; ++ox) {
        const int origin_x = ox * p.stride_w - p.pad_left;
        const int kx_begin = std::max(0, -origin_x);
        const int kx_end = std::min(p.filter_w, p.input_w - origin_x);
        for (int c = 0; c < p.channels; ++c) {
          Reducer reducer;
          for (int ky = ky_begin; ky < ky_end; ++ky) {
            for (int kx = kx_begin; kx < kx_end; ++kx) {
              const int64_t offset =
                  ((static_cast<int64_t>(b) * p.input_h + origin_y + ky) * p.input_w + origin_x + kx) * p.channels + c;
              reducer.Add(input[offset]);
            }
          }
          const int32_t v = std::clamp(reducer.Finish(), p.act_min, p.act_max);
          output[((static_cast<int64_t>(b) * p.output_h + oy) * p.output_w + ox) * p.channels + c] = static_cast<T>(v);
        }
      }
    }
  }
}

template <typename T>
struct AverageReducer {
  int32_t sum = 0;
  int32_t count = 0;
  void Add(T value) {
    sum += value;
    ++count;
  }
  // RHAZ(sum / count): ties (even counts only) go away from zero. An empty window is rejected at prepare
  // time (TFLite errors out); 0 here only keeps the kernel free of a division by zero.
  int32_t Finish() const {
    if (count == 0) return 0;
    return sum >= 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
  }
};

template <typename T>
struct MaxReducer {
  int32_t max = std::numeric_limits<T>::min();
  void Add(T value) { max = std::max<int32_t>(max, value); }
  int32_t Finish() const { return max; }
};

}  // namespace

void AveragePool2D(const Pool2DParams& p, const int8_t* input, int8_t* output) {
  Pool2D<int8_t, AverageReducer<int8_t>>(p, input, output);
}
void AveragePool2D(const Pool2DParams& p, const uint8_t* input, uint8_t* output) {
  Pool2D<uint8_t, AverageReducer<uint8_t>>(p, input, output);
}
void MaxPool2D(const Pool2DParams& p, const int8_t* input, int8_t* output) {
  Pool2D<int8_t, MaxReducer<int8_t>>(p, input, output);
}
void MaxPool2D(const Pool2DParams& p, const uint8_t* input, uint8_t* output) {
  Pool2D<uint8_t, MaxReducer<uint8_t>>(p, input, output);
}

}  // namespace octet::reference
