// AVX-512 VNNI depthwise microkernels, 64 channels per block, taps in quads (9-tap, 25-tap and
// any-tap variants; qs8 and qu8).
//
// Per quad of taps: four 64-byte loads (byte-masked on the channel tail), vpxorq 0x80 (int8 input
// -> x + 128 as u8; uint8 input -> x - 128 as s8), vpunpck{l,h}bw + vpunpck{l,h}wd put each
// channel's four tap bytes in one dword, then vpdpbusd (u8 x s8 -> int32, exact: no intermediate
// saturation):
//   qs8: acc += (x + 128) * w               (the packer folds -128 * sum w and -z_in * sum w)
//   qu8: acc += w * (x - 128), acc2 += z_w * (x - 128); acc -= acc2 at the end
//                                           (the packer folds (128 - z_in) * sum (w - z_w))
// Accumulator j, lane L holds channels 16L + 4j .. 16L + 4j + 3 (the packer orders weights and
// requant parameters to match), so vpackssdw + vpacksswb/vpackuswb restore natural order.
//
// Requantization is the one-step form of kernels/common/requantize.h (RequantizeOne), computed on
// even and odd dwords separately with vpmuldq (no 32->64 widening shuffles): p = acc * M (64-bit),
// s = p + R - (p < -2^30 ? C : 0), r = s >> S (vpsravq); vpshufd with a merge mask interleaves the
// even and odd results. The output zero point is added with saturating int16 adds and the clamp is
// done on bytes (vpmaxsb/vpminsb or vpmaxub/vpminub): equal to clamp(r + z_out) because the
// saturations only ever act on values already outside the clamp range.
#include "kernels/common/immintrin_avx512.h"

#include "kernels/dwconv/requantize_evenodd_avx512.h"
#include "kernels/dwconv/ukernels.h"

namespace octet::kernels::dwconv {
namespace {

constexpr size_t kCb = 64;

template <bool kMasked>
inline __m512i Load(const uint8_t* p, __mmask64 mask) {
  return kMasked ? _mm512_maskz_loadu_epi8(mask, p) : _mm512_loadu_si512(p);
}

struct Consts {
  __m512i zw, flip, zero, zp, out_min, out_max;
  bool left_shift;
};

// One block of 64 channels (kMasked: the channel tail, `mask` selects the valid bytes).
template <bool kU8, bool kMasked>
__attribute__((always_inline)) inline void Block(size_t n, const uint8_t* const* taps, size_t c, __mmask64 mask,
                                                 const uint8_t* w, uint8_t* output, const Consts& k) {
  const size_t quads = (n + 3) / 4;
  __m512i acc0 = _mm512_loadu_si512(w), acc1 = _mm512_loadu_si512(w + 64);
  __m512i acc2 = _mm512_loadu_si512(w + 128), acc3 = _mm512_loadu_si512(w + 192);
  __m512i zacc0 = k.zero, zacc1 = k.zero, zacc2 = k.zero, zacc3 = k.zero;
  const uint8_t* wq = w + 256;
  for (size_t q = 0; q < quads; ++q, wq += 256) {
    __m512i x[4];
    for (size_t i = 0; i < 4; ++i) {
      const size_t t = 4 * q + i;
      x[i] = t < n ? _mm512_xor_si512(Load<kMasked>(taps[t] + c, mask), k.flip) : k.zero;
    }
    const __m512i ab_lo = _mm512_unpacklo_epi8(x[0], x[1]), ab_hi = _mm512_unpackhi_epi8(x[0], x[1]);
    const __m512i cd_lo = _mm512_unpacklo_epi8(x[2], x[3]), cd_hi = _mm512_unpackhi_epi8(x[2], x[3]);
    const __m512i q0 = _mm512_unpacklo_epi16(ab_lo, cd_lo), q1 = _mm512_unpackhi_epi16(ab_lo, cd_lo);
    const __m512i q2 = _mm512_unpacklo_epi16(ab_hi, cd_hi), q3 = _mm512_unpackhi_epi16(ab_hi, cd_hi);
    const __m512i w0 = _mm512_loadu_si512(wq), w1 = _mm512_loadu_si512(wq + 64);
    const __m512i w2 = _mm512_loadu_si512(wq + 128), w3 = _mm512_loadu_si512(wq + 192);
    if (kU8) {
      acc0 = _mm512_dpbusd_epi32(acc0, w0, q0);
      acc1 = _mm512_dpbusd_epi32(acc1, w1, q1);
      acc2 = _mm512_dpbusd_epi32(acc2, w2, q2);
      acc3 = _mm512_dpbusd_epi32(acc3, w3, q3);
      zacc0 = _mm512_dpbusd_epi32(zacc0, k.zw, q0);
      zacc1 = _mm512_dpbusd_epi32(zacc1, k.zw, q1);
      zacc2 = _mm512_dpbusd_epi32(zacc2, k.zw, q2);
      zacc3 = _mm512_dpbusd_epi32(zacc3, k.zw, q3);
    } else {
      acc0 = _mm512_dpbusd_epi32(acc0, q0, w0);
      acc1 = _mm512_dpbusd_epi32(acc1, q1, w1);
      acc2 = _mm512_dpbusd_epi32(acc2, q2, w2);
      acc3 = _mm512_dpbusd_epi32(acc3, q3, w3);
    }
  }
  if (kU8) {
    acc0 = _mm512_sub_epi32(acc0, zacc0);
    acc1 = _mm512_sub_epi32(acc1, zacc1);
    acc2 = _mm512_sub_epi32(acc2, zacc2);
    acc3 = _mm512_sub_epi32(acc3, zacc3);
  }
  const uint8_t* rt = wq;  // the block's requantization table follows its weights
  const __m512i r0 = Requantize16(acc0, rt, k.left_shift);
  const __m512i r1 = Requantize16(acc1, rt + kEvenOddRequantBytes, k.left_shift);
  const __m512i r2 = Requantize16(acc2, rt + 2 * kEvenOddRequantBytes, k.left_shift);
  const __m512i r3 = Requantize16(acc3, rt + 3 * kEvenOddRequantBytes, k.left_shift);
  const __m512i p01 = _mm512_adds_epi16(_mm512_packs_epi32(r0, r1), k.zp);
  const __m512i p23 = _mm512_adds_epi16(_mm512_packs_epi32(r2, r3), k.zp);
  __m512i v;
  if (kU8) {
    v = _mm512_min_epu8(_mm512_max_epu8(_mm512_packus_epi16(p01, p23), k.out_min), k.out_max);
  } else {
    v = _mm512_min_epi8(_mm512_max_epi8(_mm512_packs_epi16(p01, p23), k.out_min), k.out_max);
  }
  if (kMasked) {
    _mm512_mask_storeu_epi8(output + c, mask, v);
  } else {
    _mm512_storeu_si512(output + c, v);
  }
}

template <bool kU8, size_t kTaps>
void Kernel(size_t channels, size_t num_taps, const uint8_t* const* taps, const void* packed, uint8_t* output,
            const RequantView& rq, uint8_t* /*staging*/) {
  const size_t n = kTaps != 0 ? kTaps : num_taps;
  const size_t block_bytes = 256 + 256 * ((n + 3) / 4) + 4 * kEvenOddRequantBytes;
  const auto* header = static_cast<const uint8_t*>(packed);
  const uint8_t* w = header + 64;
  Consts consts;
  consts.zw = _mm512_loadu_si512(header);
  consts.flip = _mm512_set1_epi8(static_cast<char>(0x80));
  consts.zero = _mm512_setzero_si512();
  consts.zp = _mm512_set1_epi16(static_cast<int16_t>(rq.output_zero_point));
  consts.out_min = _mm512_set1_epi8(static_cast<char>(rq.output_min));
  consts.out_max = _mm512_set1_epi8(static_cast<char>(rq.output_max));
  consts.left_shift = rq.has_left_shift;
  for (size_t c = 0; c < channels; c += kCb, w += block_bytes) {
    if (channels - c >= kCb) {
      Block<kU8, false>(n, taps, c, ~__mmask64{0}, w, output, consts);
    } else {
      Block<kU8, true>(n, taps, c, (__mmask64{1} << (channels - c)) - 1, w, output, consts);
    }
  }
}

}  // namespace

#define OCTET_DWCONV_DEFINE(symbol, u8, taps)                                                                       \
  void octet_##symbol(size_t c, size_t n, const uint8_t* const* t, const void* w, uint8_t* o, const RequantView& r, \
                      uint8_t* s) {                                                                                 \
    Kernel<u8, taps>(c, n, t, w, o, r, s);                                                                          \
  }
OCTET_DWCONV_DEFINE(qs8_dwconv_9p64c__avx512vnni, false, 9)
OCTET_DWCONV_DEFINE(qs8_dwconv_25p64c__avx512vnni, false, 25)
OCTET_DWCONV_DEFINE(qs8_dwconv_anyp64c__avx512vnni, false, 0)
OCTET_DWCONV_DEFINE(qu8_dwconv_9p64c__avx512vnni, true, 9)
OCTET_DWCONV_DEFINE(qu8_dwconv_25p64c__avx512vnni, true, 25)
OCTET_DWCONV_DEFINE(qu8_dwconv_anyp64c__avx512vnni, true, 0)
#undef OCTET_DWCONV_DEFINE

}  // namespace octet::kernels::dwconv
