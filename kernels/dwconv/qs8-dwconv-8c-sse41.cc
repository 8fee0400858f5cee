// SSE4.1 depthwise microkernels, 8 channels per block (9-tap, 25-tap and any-tap variants; qs8 and
// qu8). Per tap pair: pmovsxbw/pmovzxbw widen 8 input bytes of each tap to int16, punpck{l,h}wd
// interleave the two taps, pmaddwd multiplies by the packed {w[t], w[t+1]} pairs and sums them into
// int32 (exact: |w'| <= 255, |x| <= 255), paddd accumulates. Epilogue: RequantizeSse41 on both
// accumulators (channels 0-3 and 4-7), packssdw, packsswb/packuswb narrow to bytes. Channel tails are staged
// through scratch so no input byte past the tensor is read.
#include <smmintrin.h>

#include <cstring>

#include "kernels/common/requantize_sse41.h"
#include "kernels/dwconv/ukernels.h"

namespace octet::kernels::dwconv {
namespace {

constexpr size_t kCb = 8;

template <bool kU8>
inline __m128i Widen(const uint8_t* p) {
  const __m128i v = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
  return kU8 ? _mm_cvtepu8_epi16(v) : _mm_cvtepi8_epi16(v);
}

template <bool kU8, typename Addr>
inline __m128i Block(size_t n, Addr addr, const uint8_t* w, const RequantView& rq, size_t c) {
  __m128i acc_lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(w));
  __m128i acc_hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(w + 16));
  const __m128i* wp = reinterpret_cast<const __m128i*>(w + 32);
  size_t t = 0;
  for (; t + 1 < n; t += 2, wp += 2) {
    const __m128i a = Widen<kU8>(addr(t)), b = Widen<kU8>(addr(t + 1));
    acc_lo = _mm_add_epi32(acc_lo, _mm_madd_epi16(_mm_unpacklo_epi16(a, b), _mm_loadu_si128(wp)));
    acc_hi = _mm_add_epi32(acc_hi, _mm_madd_epi16(_mm_unpackhi_epi16(a, b), _mm_loadu_si128(wp + 1)));
  }
  if (t < n) {
    const __m128i a = Widen<kU8>(addr(t)), z = _mm_setzero_si128();
    acc_lo = _mm_add_epi32(acc_lo, _mm_madd_epi16(_mm_unpacklo_epi16(a, z), _mm_loadu_si128(wp)));
    acc_hi = _mm_add_epi32(acc_hi, _mm_madd_epi16(_mm_unpackhi_epi16(a, z), _mm_loadu_si128(wp + 1)));
  }
  const __m128i v16 = _mm_packs_epi32(RequantizeSse41(acc_lo, rq, c), RequantizeSse41(acc_hi, rq, c + 4));
  return kU8 ? _mm_packus_epi16(v16, v16) : _mm_packs_epi16(v16, v16);
}

template <bool kU8, size_t kTaps>
void Kernel(size_t channels, size_t num_taps, const uint8_t* const* taps, const void* packed, uint8_t* output,
            const RequantView& rq, uint8_t* staging) {
  const size_t n = kTaps != 0 ? kTaps : num_taps;
  const size_t block_bytes = 4 * kCb * (1 + (n + 1) / 2);
  const auto* w = static_cast<const uint8_t*>(packed);
  size_t c = 0;
  for (; c + kCb <= channels; c += kCb, w += block_bytes) {
    const __m128i v = Block<kU8>(
        n, [&](size_t t) { return taps[t] + c; }, w, rq, c);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(output + c), v);
  }
  if (c < channels) {
    const size_t rem = channels - c;
    for (size_t t = 0; t < n; ++t) std::memcpy(staging + t * kStagingBytesPerTap, taps[t] + c, rem);
    const __m128i v = Block<kU8>(
        n, [&](size_t t) { return staging + t * kStagingBytesPerTap; }, w, rq, c);
    alignas(16) uint8_t tmp[16];
    _mm_store_si128(reinterpret_cast<__m128i*>(tmp), v);
    std::memcpy(output + c, tmp, rem);
  }
}

}  // namespace

#define OCTET_DWCONV_DEFINE(symbol, u8, taps)                                                                       \
  void octet_##symbol(size_t c, size_t n, const uint8_t* const* t, const void* w, uint8_t* o, const RequantView& r, \
                      uint8_t* s) {                                                                                 \
    Kernel<u8, taps>(c, n, t, w, o, r, s);                                                                          \
  }
OCTET_DWCONV_DEFINE(qs8_dwconv_9p8c__sse41, false, 9)
OCTET_DWCONV_DEFINE(qs8_dwconv_25p8c__sse41, false, 25)
OCTET_DWCONV_DEFINE(qs8_dwconv_anyp8c__sse41, false, 0)
OCTET_DWCONV_DEFINE(qu8_dwconv_9p8c__sse41, true, 9)
OCTET_DWCONV_DEFINE(qu8_dwconv_25p8c__sse41, true, 25)
OCTET_DWCONV_DEFINE(qu8_dwconv_anyp8c__sse41, true, 0)
#undef OCTET_DWCONV_DEFINE

}  // namespace octet::kernels::dwconv
