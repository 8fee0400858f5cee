// Row sums of a GEMM tile for the uint8 models' row corrections (RowSumsFn in gemm.h), 64 bytes per
// VPSADBW; the last kc % 64 bytes of each row through a masked load (nothing read past the row).
// Sums wrap mod 2^32 like the reference's int32 sums (the 64-bit partials are truncated).
#include "kernels/common/immintrin_avx512.h"

#include "kernels/gemm/gemm.h"

namespace octet::kernels {

namespace {

// Rows of at most 16 bytes per tap (a first layer's row runs, 1x1 layers of few channels): one
// 128-bit masked load per tap, and no 512-bit reduction per row.
void RowSumsShort(const void* const* rows, size_t tile_m, size_t mr, size_t taps, size_t kc, uint8_t flip,
                  uint32_t* sums) {
  const __mmask16 mask = static_cast<__mmask16>((1u << kc) - 1);
  const __m128i f = _mm_maskz_mov_epi8(mask, _mm_set1_epi8(static_cast<char>(flip))), zero = _mm_setzero_si128();
  for (size_t i = 0; i < mr; ++i) {
    __m128i acc = zero;  // two 64-bit partial sums
    for (size_t t = 0; t < taps; ++t) {
      const __m128i v = _mm_maskz_loadu_epi8(mask, rows[t * tile_m + i]);
      acc = _mm_add_epi64(acc, _mm_sad_epu8(_mm_xor_si128(v, f), zero));
    }
    sums[i] = static_cast<uint32_t>(_mm_cvtsi128_si32(_mm_add_epi64(acc, _mm_unpackhi_epi64(acc, acc))));
  }
}

}  // namespace

void q8_rowsum__avx512(const void* const* rows, size_t tile_m, size_t mr, size_t taps, size_t kc, uint8_t flip,
                       uint32_t* sums) {
  if (kc <= 16) {
    RowSumsShort(rows, tile_m, mr, taps, kc, flip, sums);
    return;
  }
  const __m512i zero = _mm512_setzero_si512();
  const __m512i f = _mm512_set1_epi8(static_cast<char>(flip));
  const size_t tail = kc % 64;
  const __mmask64 tail_mask = tail != 0 ? ~uint64_t{0} >> (64 - tail) : 0;
  const __m512i tail_flip = _mm512_maskz_mov_epi8(tail_mask, f);  // masked-off bytes stay 0
  for (size_t i = 0; i < mr; ++i) {
    __m512i acc = zero;  // eight 64-bit partial sums
    for (size_t t = 0; t < taps; ++t) {
      const uint8_t* p = static_cast<const uint8_t*>(rows[t * tile_m + i]);
      size_t k = 0;
      for (; k + 64 <= kc; k += 64) {
        acc = _mm512_add_epi64(acc, _mm512_sad_epu8(_mm512_xor_si512(_mm512_loadu_si512(p + k), f), zero));
      }
      if (tail != 0) {
        const __m512i v = _mm512_xor_si512(_mm512_maskz_loadu_epi8(tail_mask, p + k), tail_flip);
        acc = _mm512_add_epi64(acc, _mm512_sad_epu8(v, zero));
      }
    }
    sums[i] = static_cast<uint32_t>(_mm512_reduce_add_epi64(acc));  // mod 2^32, as the int32 reference
  }
}

}  // namespace octet::kernels
