// AVX-512 depthwise microkernels, 32 channels per block (9-tap, 25-tap and any-tap variants; qs8
// and qu8). Uses AVX-512F/BW only (no VNNI instruction; the token is the dispatch level). Per tap
// pair: vpmovsxbw/vpmovzxbw widen 32 input bytes of each tap to int16, vpunpck{l,h}wd interleave
// the two taps, vpmaddwd multiplies by the packed {w[t], w[t+1]} pairs (exact: |w'| <= 255,
// |x| <= 255), vpaddd accumulates. Epilogue: RequantizeAvx512 on both accumulators (per-lane
// channel order, matched by the packed requant table), vpackssdw restores natural order,
// vpmovswb/vpmovuswb narrow to bytes. Channel tails use byte-masked loads and stores
// (vmovdqu8 with a k-mask), so nothing outside the tensors is touched.
#include "kernels/common/immintrin_avx512.h"

#include "kernels/common/requantize_avx512.h"
#include "kernels/dwconv/ukernels.h"

namespace octet::kernels::dwconv {
namespace {

constexpr size_t kCb = 32;

template <bool kU8, bool kMasked>
inline __m512i Widen(const uint8_t* p, __mmask32 mask) {
  const __m256i v =
      kMasked ? _mm256_maskz_loadu_epi8(mask, p) : _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  return kU8 ? _mm512_cvtepu8_epi16(v) : _mm512_cvtepi8_epi16(v);
}

template <bool kU8, bool kMasked>
inline __m256i Block(size_t n, const uint8_t* const* taps, size_t c, __mmask32 mask, const uint8_t* w,
                     const RequantView& rq) {
  __m512i acc_lo = _mm512_loadu_si512(w);
  __m512i acc_hi = _mm512_loadu_si512(w + 64);
  const uint8_t* wp = w + 128;
  size_t t = 0;
  for (; t + 1 < n; t += 2, wp += 128) {
    const __m512i a = Widen<kU8, kMasked>(taps[t] + c, mask), b = Widen<kU8, kMasked>(taps[t + 1] + c, mask);
    acc_lo = _mm512_add_epi32(acc_lo, _mm512_madd_epi16(_mm512_unpacklo_epi16(a, b), _mm512_loadu_si512(wp)));
    acc_hi = _mm512_add_epi32(acc_hi, _mm512_madd_epi16(_mm512_unpackhi_epi16(a, b), _mm512_loadu_si512(wp + 64)));
  }
  if (t < n) {
    const __m512i a = Widen<kU8, kMasked>(taps[t] + c, mask), z = _mm512_setzero_si512();
    acc_lo = _mm512_add_epi32(acc_lo, _mm512_madd_epi16(_mm512_unpacklo_epi16(a, z), _mm512_loadu_si512(wp)));
    acc_hi = _mm512_add_epi32(acc_hi, _mm512_madd_epi16(_mm512_unpackhi_epi16(a, z), _mm512_loadu_si512(wp + 64)));
  }
  const __m512i v16 = _mm512_packs_epi32(RequantizeAvx512(acc_lo, rq, c), RequantizeAvx512(acc_hi, rq, c + 16));
  return kU8 ? _mm512_cvtusepi16_epi8(v16) : _mm512_cvtsepi16_epi8(v16);
}

template <bool kU8, size_t kTaps>
void Kernel(size_t channels, size_t num_taps, const uint8_t* const* taps, const void* packed, uint8_t* output,
            const RequantView& rq, uint8_t* /*staging*/) {
  const size_t n = kTaps != 0 ? kTaps : num_taps;
  const size_t block_bytes = 4 * kCb * (1 + (n + 1) / 2);
  const auto* w = static_cast<const uint8_t*>(packed);
  size_t c = 0;
  for (; c + kCb <= channels; c += kCb, w += block_bytes) {
    const __m256i v = Block<kU8, false>(n, taps, c, ~__mmask32{0}, w, rq);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(output + c), v);
  }
  if (c < channels) {
    const __mmask32 mask = static_cast<__mmask32>((uint64_t{1} << (channels - c)) - 1);
    const __m256i v = Block<kU8, true>(n, taps, c, mask, w, rq);
    _mm256_mask_storeu_epi8(output + c, mask, v);
  }
}

}  // namespace

#define OCTET_DWCONV_DEFINE(symbol, u8, taps)                                                                       \
  void octet_##symbol(size_t c, size_t n, const uint8_t* const* t, const void* w, uint8_t* o, const RequantView& r, \
                      uint8_t* s) {                                                                                 \
    Kernel<u8, taps>(c, n, t, w, o, r, s);                                                                          \
  }
OCTET_DWCONV_DEFINE(qs8_dwconv_9p32c__avx512vnni, false, 9)
OCTET_DWCONV_DEFINE(qs8_dwconv_25p32c__avx512vnni, false, 25)
OCTET_DWCONV_DEFINE(qs8_dwconv_anyp32c__avx512vnni, false, 0)
OCTET_DWCONV_DEFINE(qu8_dwconv_9p32c__avx512vnni, true, 9)
OCTET_DWCONV_DEFINE(qu8_dwconv_25p32c__avx512vnni, true, 25)
OCTET_DWCONV_DEFINE(qu8_dwconv_anyp32c__avx512vnni, true, 0)
#undef OCTET_DWCONV_DEFINE

}  // namespace octet::kernels::dwconv
