#include "kernels/common/requantize_avx2.h"
#include "tests/kernels/common/requantize_simd.h"

namespace octet::testing {
void RequantizeAvx2Lanes(const RequantView& r, const int32_t* acc, int32_t* out, size_t channels) {
  for (size_t c = 0; c < channels; c += 8) {
    const __m256i v = RequantizeAvx2(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(acc + c)), r, c);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + c), v);
  }
}
}  // namespace octet::testing
