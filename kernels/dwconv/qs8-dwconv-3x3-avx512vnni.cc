// AVX-512 VNNI depthwise ROW kernels for 3x3, depth multiplier 1, stride 1 or 2 (qs8 and qu8).
//
// One call computes `n` consecutive output pixels of one output row whose taps are all inside the
// input horizontally (the driver in dwconv.cc handles the border pixels with the per-pixel kernel,
// and rows above/below the input with a row of input zero points). r0..r2 point at the input column
// of the first output pixel's left tap in the three input rows.
//
// Per 64-lane block the kernel keeps the 12 weight vectors in registers for the whole row. Taps are
// grouped by input COLUMN: one column of the three rows becomes four vectors of dword quads
// {row0, row1, row2, row0} per lane (vpunpck{l,h}bw + vpunpck{l,h}wd; the 4th byte has weight 0),
// so a column is transposed once and, at stride 1, reused by the three output pixels that read it
// (two at stride 2). Per output pixel: 3 x 4 vpdpbusd (u8 x s8 -> int32, exact):
//   qs8: acc += (x + 128) * w               (the packer folds -(z_in + 128) * sum w into the bias)
//   qu8: acc += w * (x - 128) - z_w * (x - 128)  (the packer folds (128 - z_in) * sum (w - z_w))
// Accumulator j, lane L holds lanes 16L + 4j .. 16L + 4j + 3 (AccumulatorChannel format 1), so
// vpackssdw + vpacksswb/vpackuswb restore natural order. The requantization is a one-step even/odd
// form on 16 dword lanes (Requantize16 below), from a table packed after the block's weights.
//
// kP > 1 ("pixel-packed", stride 1 and C = 64 / kP channels): a 64-byte vector holds kP adjacent
// pixels, lane l is channel l % C, so the 32-channel layer fills whole vectors. The last group of a
// row loads and stores only the bytes of the pixels left (byte masks).
//
// GCC 12's AVX-512 headers trip -Wmaybe-uninitialized on their own _mm512_undefined_* temporaries
// once inlined (a known false positive).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>

#include "kernels/dwconv/row_ukernels.h"

namespace octet::kernels::dwconv {
namespace {

// Requantization of 16 lanes from a kRowRequantBytes table (layout in row_ukernels.h), exact when
// |acc| * 2^ls < 2^30 - 1 (checked by the packer). With a = 2 * acc * 2^ls (fits int32 then),
// vpmuldq on the even dwords and on the odd dwords shifted down gives a * M, and a * M + 2^31 +
// h * 2^32 (h = 2^(rs - 1), or 0 when rs = 0) has x' = SRDHM(acc * 2^ls, M) + h as its HIGH dword,
// so one vpshufd with a merge mask collects x' for all 16 lanes (no 64-bit shifts). The rounding
// divide by 2^rs (ties away from zero) is then (x' - [x < 0]) >> rs, x < 0 being x' < h (the
// threshold is INT32_MIN when rs = 0: nothing is subtracted). The bound keeps x + h in int32.
__attribute__((always_inline)) inline __m512i Requantize16(__m512i acc, const uint8_t* t, bool left_shift) {
  acc = left_shift ? _mm512_mullo_epi32(acc, _mm512_load_si512(t + 384)) : _mm512_add_epi32(acc, acc);
  const __m512i pe = _mm512_add_epi64(_mm512_mul_epi32(acc, _mm512_load_si512(t)), _mm512_load_si512(t + 128));
  const __m512i po = _mm512_add_epi64(_mm512_mul_epi32(_mm512_srli_epi64(acc, 32), _mm512_load_si512(t + 64)),
                                      _mm512_load_si512(t + 192));
  __m512i x = _mm512_mask_shuffle_epi32(po, 0x5555, pe, _MM_PERM_DDBB);
  const __mmask16 negative = _mm512_cmplt_epi32_mask(x, _mm512_load_si512(t + 256));
  x = _mm512_mask_sub_epi32(x, negative, x, _mm512_set1_epi32(1));
  return _mm512_srav_epi32(x, _mm512_load_si512(t + 320));
}

struct Column {
  __m512i q0, q1, q2, q3;
};

template <bool kU8>
__attribute__((always_inline)) inline Column Transpose(const uint8_t* a, const uint8_t* b, const uint8_t* c,
                                                       __mmask64 mask) {
  const __m512i flip = _mm512_set1_epi8(static_cast<char>(0x80));
  const __m512i x0 = _mm512_xor_si512(_mm512_maskz_loadu_epi8(mask, a), flip);
  const __m512i x1 = _mm512_xor_si512(_mm512_maskz_loadu_epi8(mask, b), flip);
  const __m512i x2 = _mm512_xor_si512(_mm512_maskz_loadu_epi8(mask, c), flip);
  const __m512i ab_lo = _mm512_unpacklo_epi8(x0, x1), ab_hi = _mm512_unpackhi_epi8(x0, x1);
  // The 4th byte of each quad is x0 again: its weight is 0 (and qu8's z_w vector has 0 there).
  const __m512i cd_lo = _mm512_unpacklo_epi8(x2, x0), cd_hi = _mm512_unpackhi_epi8(x2, x0);
  return Column{_mm512_unpacklo_epi16(ab_lo, cd_lo), _mm512_unpackhi_epi16(ab_lo, cd_lo),
                _mm512_unpacklo_epi16(ab_hi, cd_hi), _mm512_unpackhi_epi16(ab_hi, cd_hi)};
}

struct Acc {
  __m512i a0, a1, a2, a3, z0, z1, z2, z3;
};

template <bool kU8>
__attribute__((always_inline)) inline void Madd(Acc& acc, const Column& col, const __m512i* w, __m512i zw) {
  if (kU8) {
    acc.a0 = _mm512_dpbusd_epi32(acc.a0, w[0], col.q0);
    acc.a1 = _mm512_dpbusd_epi32(acc.a1, w[1], col.q1);
    acc.a2 = _mm512_dpbusd_epi32(acc.a2, w[2], col.q2);
    acc.a3 = _mm512_dpbusd_epi32(acc.a3, w[3], col.q3);
    acc.z0 = _mm512_dpbusd_epi32(acc.z0, zw, col.q0);
    acc.z1 = _mm512_dpbusd_epi32(acc.z1, zw, col.q1);
    acc.z2 = _mm512_dpbusd_epi32(acc.z2, zw, col.q2);
    acc.z3 = _mm512_dpbusd_epi32(acc.z3, zw, col.q3);
  } else {
    acc.a0 = _mm512_dpbusd_epi32(acc.a0, col.q0, w[0]);
    acc.a1 = _mm512_dpbusd_epi32(acc.a1, col.q1, w[1]);
    acc.a2 = _mm512_dpbusd_epi32(acc.a2, col.q2, w[2]);
    acc.a3 = _mm512_dpbusd_epi32(acc.a3, col.q3, w[3]);
  }
}

template <bool kU8>
__attribute__((always_inline)) inline void Finish(Acc acc, const uint8_t* bias_rq, uint8_t* out, __mmask64 mask,
                                                  const RowParams& p) {
  // bias_rq: the block's bias'[64] (int32, accumulator order); its requant table follows the weights.
  __m512i a0 = _mm512_add_epi32(acc.a0, _mm512_load_si512(bias_rq));
  __m512i a1 = _mm512_add_epi32(acc.a1, _mm512_load_si512(bias_rq + 64));
  __m512i a2 = _mm512_add_epi32(acc.a2, _mm512_load_si512(bias_rq + 128));
  __m512i a3 = _mm512_add_epi32(acc.a3, _mm512_load_si512(bias_rq + 192));
  if (kU8) {
    a0 = _mm512_sub_epi32(a0, acc.z0);
    a1 = _mm512_sub_epi32(a1, acc.z1);
    a2 = _mm512_sub_epi32(a2, acc.z2);
    a3 = _mm512_sub_epi32(a3, acc.z3);
  }
  const uint8_t* rt = bias_rq + kRowBlockWeightBytes;
  const __m512i r0 = Requantize16(a0, rt, p.has_left_shift);
  const __m512i r1 = Requantize16(a1, rt + kRowRequantBytes, p.has_left_shift);
  const __m512i r2 = Requantize16(a2, rt + 2 * kRowRequantBytes, p.has_left_shift);
  const __m512i r3 = Requantize16(a3, rt + 3 * kRowRequantBytes, p.has_left_shift);
  const __m512i zp = _mm512_set1_epi16(static_cast<int16_t>(p.output_zero_point));
  const __m512i p01 = _mm512_adds_epi16(_mm512_packs_epi32(r0, r1), zp);
  const __m512i p23 = _mm512_adds_epi16(_mm512_packs_epi32(r2, r3), zp);
  const __m512i lo = _mm512_set1_epi8(static_cast<char>(p.output_min));
  const __m512i hi = _mm512_set1_epi8(static_cast<char>(p.output_max));
  __m512i v;
  if (kU8) {
    v = _mm512_min_epu8(_mm512_max_epu8(_mm512_packus_epi16(p01, p23), lo), hi);
  } else {
    v = _mm512_min_epi8(_mm512_max_epi8(_mm512_packs_epi16(p01, p23), lo), hi);
  }
  _mm512_mask_storeu_epi8(out, mask, v);
}

// Standard layout: blocks of 64 channels (the last one masked), pixel step = channels bytes.
template <bool kU8, int kStride>
void RowBlocks(size_t channels, size_t n, const uint8_t* r0, const uint8_t* r1, const uint8_t* r2,
               const uint8_t* packed, uint8_t* out, const RowParams& p) {
  const __m512i zw = _mm512_load_si512(packed);
  const uint8_t* block = packed + 64;
  const size_t step = kStride * channels;
  for (size_t c = 0; c < channels; c += 64, block += kRowBlockBytes) {
    const __mmask64 mask = channels - c >= 64 ? ~__mmask64{0} : (__mmask64{1} << (channels - c)) - 1;
    __m512i w[12];
    for (int i = 0; i < 12; ++i) w[i] = _mm512_load_si512(block + 256 + 64 * i);
    const uint8_t *a = r0 + c, *b = r1 + c, *d = r2 + c;
    uint8_t* o = out + c;
    Column c0 = Transpose<kU8>(a, b, d, mask);
    Column c1 = Transpose<kU8>(a + channels, b + channels, d + channels, mask);
    for (size_t i = 0; i < n; ++i, a += step, b += step, d += step, o += channels) {
      const Column c2 = Transpose<kU8>(a + 2 * channels, b + 2 * channels, d + 2 * channels, mask);
      const __m512i z = _mm512_setzero_si512();
      Acc acc{z, z, z, z, z, z, z, z};
      Madd<kU8>(acc, c0, w, zw);
      Madd<kU8>(acc, c1, w + 4, zw);
      Madd<kU8>(acc, c2, w + 8, zw);
      Finish<kU8>(acc, block, o, mask, p);
      if (kStride == 1) {
        c0 = c1;
        c1 = c2;
      } else if (i + 1 < n) {
        c0 = c2;
        c1 = Transpose<kU8>(a + 3 * channels, b + 3 * channels, d + 3 * channels, mask);
      }
    }
  }
}

// Pixel-packed layout (stride 1, channels = 64 / kP): one block, kP output pixels per vector.
template <bool kU8, int kP>
void RowPacked(size_t channels, size_t n, const uint8_t* r0, const uint8_t* r1, const uint8_t* r2,
               const uint8_t* packed, uint8_t* out, const RowParams& p) {
  const __m512i zw = _mm512_load_si512(packed);
  const uint8_t* block = packed + 64;
  __m512i w[12];
  for (int i = 0; i < 12; ++i) w[i] = _mm512_load_si512(block + 256 + 64 * i);
  const size_t c = channels;
  for (size_t i = 0; i < n; i += kP, r0 += 64, r1 += 64, r2 += 64, out += 64) {
    const __mmask64 mask = n - i >= kP ? ~__mmask64{0} : (__mmask64{1} << ((n - i) * c)) - 1;
    const Column c0 = Transpose<kU8>(r0, r1, r2, mask);
    const Column c1 = Transpose<kU8>(r0 + c, r1 + c, r2 + c, mask);
    const Column c2 = Transpose<kU8>(r0 + 2 * c, r1 + 2 * c, r2 + 2 * c, mask);
    const __m512i z = _mm512_setzero_si512();
    Acc acc{z, z, z, z, z, z, z, z};
    Madd<kU8>(acc, c0, w, zw);
    Madd<kU8>(acc, c1, w + 4, zw);
    Madd<kU8>(acc, c2, w + 8, zw);
    Finish<kU8>(acc, block, out, mask, p);
  }
}

}  // namespace

void octet_qs8_dwconv_3x3s1r64c__avx512vnni(size_t c, size_t n, const uint8_t* r0, const uint8_t* r1,
                                            const uint8_t* r2, const uint8_t* w, uint8_t* o, const RowParams& p) {
  RowBlocks<false, 1>(c, n, r0, r1, r2, w, o, p);
}
void octet_qs8_dwconv_3x3s2r64c__avx512vnni(size_t c, size_t n, const uint8_t* r0, const uint8_t* r1,
                                            const uint8_t* r2, const uint8_t* w, uint8_t* o, const RowParams& p) {
  RowBlocks<false, 2>(c, n, r0, r1, r2, w, o, p);
}
void octet_qs8_dwconv_3x3s1r2x32c__avx512vnni(size_t c, size_t n, const uint8_t* r0, const uint8_t* r1,
                                              const uint8_t* r2, const uint8_t* w, uint8_t* o, const RowParams& p) {
  RowPacked<false, 2>(c, n, r0, r1, r2, w, o, p);
}
void octet_qs8_dwconv_3x3s1r4x16c__avx512vnni(size_t c, size_t n, const uint8_t* r0, const uint8_t* r1,
                                              const uint8_t* r2, const uint8_t* w, uint8_t* o, const RowParams& p) {
  RowPacked<false, 4>(c, n, r0, r1, r2, w, o, p);
}
void octet_qu8_dwconv_3x3s1r64c__avx512vnni(size_t c, size_t n, const uint8_t* r0, const uint8_t* r1,
                                            const uint8_t* r2, const uint8_t* w, uint8_t* o, const RowParams& p) {
  RowBlocks<true, 1>(c, n, r0, r1, r2, w, o, p);
}
void octet_qu8_dwconv_3x3s2r64c__avx512vnni(size_t c, size_t n, const uint8_t* r0, const uint8_t* r1,
                                            const uint8_t* r2, const uint8_t* w, uint8_t* o, const RowParams& p) {
  RowBlocks<true, 2>(c, n, r0, r1, r2, w, o, p);
}
void octet_qu8_dwconv_3x3s1r2x32c__avx512vnni(size_t c, size_t n, const uint8_t* r0, const uint8_t* r1,
                                              const uint8_t* r2, const uint8_t* w, uint8_t* o, const RowParams& p) {
  RowPacked<true, 2>(c, n, r0, r1, r2, w, o, p);
}
void octet_qu8_dwconv_3x3s1r4x16c__avx512vnni(size_t c, size_t n, const uint8_t* r0, const uint8_t* r1,
                                              const uint8_t* r2, const uint8_t* w, uint8_t* o, const RowParams& p) {
  RowPacked<true, 4>(c, n, r0, r1, r2, w, o, p);
}

}  // namespace octet::kernels::dwconv
