// dst[i] = src[i] ^ 0x80 for n bytes (FlipCopyFn in gemm.h): the deep GEMM layers' tiles flip their
// int8 rows to the u8 operand of VPDPBUSD once per tile, 64 bytes per step, the last n % 64 through
// masked loads and stores (nothing read or written past either buffer). dst may equal src.
#include "kernels/common/immintrin_avx512.h"
#include "kernels/gemm/gemm.h"

namespace octet::kernels {

void q8_flipcopy__avx512(uint8_t* dst, const uint8_t* src, size_t n) {
  const __m512i flip = _mm512_set1_epi8(static_cast<char>(0x80));
  size_t i = 0;
  for (; i + 128 <= n; i += 128) {
    const __m512i a = _mm512_loadu_si512(src + i), b = _mm512_loadu_si512(src + i + 64);
    _mm512_storeu_si512(dst + i, _mm512_xor_si512(a, flip));
    _mm512_storeu_si512(dst + i + 64, _mm512_xor_si512(b, flip));
  }
  for (; i + 64 <= n; i += 64) _mm512_storeu_si512(dst + i, _mm512_xor_si512(_mm512_loadu_si512(src + i), flip));
  if (i < n) {
    const __mmask64 mask = ~uint64_t{0} >> (64 - (n - i));  // 1 <= n - i <= 63
    _mm512_mask_storeu_epi8(dst + i, mask, _mm512_xor_si512(_mm512_maskz_loadu_epi8(mask, src + i), flip));
  }
}

}  // namespace octet::kernels
