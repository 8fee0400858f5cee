#include "kernels/common/requantize_sse41.h"
#include "tests/kernels/common/requantize_simd.h"

namespace octet::testing {
void RequantizeSse41Lanes(const RequantView& r, const int32_t* acc, int32_t* out, size_t channels) {
  for (size_t c = 0; c < channels; c += 4) {
    const __m128i v = RequantizeSse41(_mm_loadu_si128(reinterpret_cast<const __m128i*>(acc + c)), r, c);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + c), v);
  }
}
}  // namespace octet::testing
