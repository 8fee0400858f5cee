#include "kernels/common/requantize_avx512.h"
#include "tests/kernels/common/requantize_simd.h"

namespace octet::testing {
void RequantizeAvx512Lanes(const RequantView& r, const int32_t* acc, int32_t* out, size_t channels) {
  for (size_t c = 0; c < channels; c += 16) {
    const __m512i v = RequantizeAvx512(_mm512_loadu_si512(acc + c), r, c);
    _mm512_storeu_si512(out + c, v);
  }
}
}  // namespace octet::testing
