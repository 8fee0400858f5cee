// AVX-512 VNNI depthwise ROW kernels for 3x3, depth multiplier 1, stride 1 or 2 (qs8 and qu8).
//
// One call computes a whole output row, borders included (contract in row_ukernels.h): a column
// outside the input is the transposed zero-point vector, computed once per block, and the driver
// passes a row of zero points for rows above/below the input.
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
// pixels, lane l is channel l % C, so the 32-channel layer fills whole vectors. Pixels past the
// input are merged in from the zero-point vector (masked loads), a left padding column is shifted
// in (valignq), and the last group of a row stores only the bytes of the pixels left.
//
#include "kernels/common/immintrin_avx512.h"

#include "kernels/dwconv/row_ukernels.h"

namespace octet::kernels::dwconv {
namespace {

// Requantization of 16 lanes from a kRowRequantBytes table (layout and range in row_ukernels.h),
// the output zero point included. With a = 2 * acc * 2^ls, a * M + 2^31 + (h + z_out * 2^rs) * 2^32
// (h = 2^(rs - 1), or 0 when rs = 0) has x' = SRDHM(acc * 2^ls, M) + h + z_out * 2^rs as its HIGH
// dword. Without left shifts the packer adds 2^30 to the bias (acc' = acc + 2^30 >= 0) and vpmuludq
// multiplies acc' by 2M (fits uint32), R taking back 2^31 * M; with left shifts, a = acc * 2^(ls+1)
// and vpmuldq by M. One vpshufd with a merge mask collects x' for the even and odd lanes. The
// rounding divide by 2^rs (ties away from zero) plus z_out is (x' - [x < 0]) >> rs. When rs >= 1,
// [x < 0] may be replaced by [acc < 0] (acc < 0 gives x <= 0, and at x = 0 both round to z_out), a
// vpsrlvd of the accumulator: with left shifts [a < 0] = a >> 31 (logical) is subtracted; without,
// [acc >= 0] = acc' >> 30 is added and R's high dword has the -1 (acc' < 2^31). When rs = 0 the
// count is 32 (vpsrlvd gives 0) and nothing is subtracted. The correction is skipped entirely
// (`sign_fix` false, the packer leaves the -1 out of R) when output_min >= z_out, as with ReLU and
// ReLU6: for x < 0 both (x' - 1) >> rs and x' >> rs are <= z_out (x + h < 2^rs), so both clamp to
// output_min. That saves 2 of the 9 operations per 16 lanes; the kernel is bound by vector
// operations (requantization about half of them), not by memory traffic.
// `left_shift` and `sign_fix` are the same for a whole call: predictable branches (one instantiation
// of each row kernel instead of four: their code size counts in small static builds).
__attribute__((always_inline)) inline __m512i Requantize16(__m512i acc, const uint8_t* t, bool left_shift,
                                                           bool sign_fix) {
  __m512i pe, po;
  if (left_shift) {
    acc = _mm512_mullo_epi32(acc, _mm512_load_si512(t + 384));
    pe = _mm512_mul_epi32(acc, _mm512_load_si512(t));
    po = _mm512_mul_epi32(_mm512_srli_epi64(acc, 32), _mm512_load_si512(t + 64));
  } else {
    pe = _mm512_mul_epu32(acc, _mm512_load_si512(t));
    po = _mm512_mul_epu32(_mm512_srli_epi64(acc, 32), _mm512_load_si512(t + 64));
  }
  pe = _mm512_add_epi64(pe, _mm512_load_si512(t + 128));
  po = _mm512_add_epi64(po, _mm512_load_si512(t + 192));
  __m512i x = _mm512_mask_shuffle_epi32(po, 0x5555, pe, _MM_PERM_DDBB);
  if (sign_fix) {
    const __m512i sign = _mm512_srlv_epi32(acc, _mm512_load_si512(t + 256));
    x = left_shift ? _mm512_sub_epi32(x, sign) : _mm512_add_epi32(x, sign);
  }
  return _mm512_srav_epi32(x, _mm512_load_si512(t + 320));
}

struct Column {
  __m512i q0, q1, q2, q3;
};

// Rows a, b, c of one 64-byte column -> dword quads {a, b, c, a} (the 4th byte has weight 0, and
// qu8's z_w vector has 0 there). kMasked: only the bytes in `mask` are read (the others are 0).
__attribute__((always_inline)) inline Column TransposeVectors(__m512i a, __m512i b, __m512i c) {
  const __m512i flip = _mm512_set1_epi8(static_cast<char>(0x80));
  const __m512i x0 = _mm512_xor_si512(a, flip), x1 = _mm512_xor_si512(b, flip), x2 = _mm512_xor_si512(c, flip);
  const __m512i ab_lo = _mm512_unpacklo_epi8(x0, x1), ab_hi = _mm512_unpackhi_epi8(x0, x1);
  const __m512i cd_lo = _mm512_unpacklo_epi8(x2, x0), cd_hi = _mm512_unpackhi_epi8(x2, x0);
  return Column{_mm512_unpacklo_epi16(ab_lo, cd_lo), _mm512_unpackhi_epi16(ab_lo, cd_lo),
                _mm512_unpacklo_epi16(ab_hi, cd_hi), _mm512_unpackhi_epi16(ab_hi, cd_hi)};
}

template <bool kMasked>
__attribute__((always_inline)) inline Column Transpose(const uint8_t* a, const uint8_t* b, const uint8_t* c,
                                                       __mmask64 mask) {
  if (kMasked) {
    return TransposeVectors(_mm512_maskz_loadu_epi8(mask, a), _mm512_maskz_loadu_epi8(mask, b),
                            _mm512_maskz_loadu_epi8(mask, c));
  }
  return TransposeVectors(_mm512_loadu_si512(a), _mm512_loadu_si512(b), _mm512_loadu_si512(c));
}

// The column kQwords 64-bit elements further along: the top of `lo` then the bottom of `hi`
// (transposition is per 128-bit lane, so whole-lane shifts keep it valid).
template <int kQwords>
__attribute__((always_inline)) inline Column Shift(const Column& lo, const Column& hi) {
  return Column{_mm512_alignr_epi64(hi.q0, lo.q0, kQwords), _mm512_alignr_epi64(hi.q1, lo.q1, kQwords),
                _mm512_alignr_epi64(hi.q2, lo.q2, kQwords), _mm512_alignr_epi64(hi.q3, lo.q3, kQwords)};
}

struct Acc {
  __m512i a0, a1, a2, a3, z0, z1, z2, z3;
};

// Accumulators start at the block's bias' (int32, accumulator order), or at 2^30 when the packer put
// the bias into the requantization's R (RowBiasInRounding).
__attribute__((always_inline)) inline Acc Start(const uint8_t* bias, bool bias_in_r) {
  const __m512i z = _mm512_setzero_si512();
  if (bias_in_r) {
    const __m512i s = _mm512_set1_epi32(1 << 30);
    return Acc{s, s, s, s, z, z, z, z};
  }
  return Acc{_mm512_load_si512(bias),
             _mm512_load_si512(bias + 64),
             _mm512_load_si512(bias + 128),
             _mm512_load_si512(bias + 192),
             z,
             z,
             z,
             z};
}

__attribute__((always_inline)) inline void Madd(Acc& acc, const Column& col, const __m512i* w, __m512i zw, bool u8) {
  if (u8) {
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

// Output constants, loaded once per call.
// `clamp` is false when the bounds are the type's whole range (the saturating packs clamp to it):
// after ReLU6 with zero point -128 (0 for qu8), as in MobileNet-style models.
struct Out {
  __m512i lo, hi;
  bool left_shift, sign_fix, bias_in_r, u8, clamp;
  Out(const RowParams& p, bool is_u8)
      : lo(_mm512_set1_epi8(static_cast<char>(p.output_min))),
        hi(_mm512_set1_epi8(static_cast<char>(p.output_max))),
        left_shift(p.has_left_shift),
        sign_fix(p.sign_fix),
        bias_in_r(RowBiasInRounding(p.has_left_shift, p.sign_fix)),
        u8(is_u8),
        clamp(is_u8 ? p.output_min > 0 || p.output_max < 255 : p.output_min > -128 || p.output_max < 127) {}
};

__attribute__((always_inline)) inline __m512i FinishVector(const Acc& acc, const uint8_t* block, const Out& k) {
  __m512i a0 = acc.a0, a1 = acc.a1, a2 = acc.a2, a3 = acc.a3;
  if (k.u8) {
    a0 = _mm512_sub_epi32(a0, acc.z0);
    a1 = _mm512_sub_epi32(a1, acc.z1);
    a2 = _mm512_sub_epi32(a2, acc.z2);
    a3 = _mm512_sub_epi32(a3, acc.z3);
  }
  const uint8_t* rt = block + kRowBlockWeightBytes;  // the block's requant tables follow its weights
  const __m512i r0 = Requantize16(a0, rt, k.left_shift, k.sign_fix);
  const __m512i r1 = Requantize16(a1, rt + kRowRequantBytes, k.left_shift, k.sign_fix);
  const __m512i r2 = Requantize16(a2, rt + 2 * kRowRequantBytes, k.left_shift, k.sign_fix);
  const __m512i r3 = Requantize16(a3, rt + 3 * kRowRequantBytes, k.left_shift, k.sign_fix);
  const __m512i p01 = _mm512_packs_epi32(r0, r1), p23 = _mm512_packs_epi32(r2, r3);
  if (k.u8) {
    const __m512i v = _mm512_packus_epi16(p01, p23);
    return k.clamp ? _mm512_min_epu8(_mm512_max_epu8(v, k.lo), k.hi) : v;
  }
  const __m512i v = _mm512_packs_epi16(p01, p23);
  return k.clamp ? _mm512_min_epi8(_mm512_max_epi8(v, k.lo), k.hi) : v;
}

template <bool kMasked>
__attribute__((always_inline)) inline void Finish(const Acc& acc, const uint8_t* block, uint8_t* out, __mmask64 mask,
                                                  const Out& k) {
  const __m512i v = FinishVector(acc, block, k);
  if (kMasked) {
    _mm512_mask_storeu_epi8(out, mask, v);
  } else {
    _mm512_storeu_si512(out, v);
  }
}

// One 64-channel block (kMasked: the channel tail) of the n output pixels of a row, standard layout.
template <int kStride, bool kMasked>
__attribute__((always_inline)) inline void Block(size_t channels, size_t n, const uint8_t* a, const uint8_t* b,
                                                 const uint8_t* d, const uint8_t* block, uint8_t* o, __mmask64 mask,
                                                 __m512i zw, const Out& k, const RowParams& p) {
  __m512i w[12];
  for (int i = 0; i < 12; ++i) w[i] = _mm512_load_si512(block + 256 + 64 * i);
  const Column pad = Transpose<false>(p.zero, p.zero, p.zero, mask);
  const size_t in_w = p.input_w;
  // Input column ix (as size_t: a negative ix wraps to a huge value, outside like ix >= in_w).
  auto column = [&](size_t ix) -> Column {
    if (ix >= in_w) return pad;
    const size_t off = ix * channels;
    return Transpose<kMasked>(a + off, b + off, d + off, mask);
  };
  size_t ix = static_cast<size_t>(p.first_column);
  Column c0 = column(ix);
  Column c1 = column(ix + 1);
  for (size_t i = 0; i < n; ++i, ix += kStride, o += channels) {
    const Column c2 = column(ix + 2);
    Acc acc = Start(block, k.bias_in_r);
    Madd(acc, c0, w, zw, k.u8);
    Madd(acc, c1, w + 4, zw, k.u8);
    Madd(acc, c2, w + 8, zw, k.u8);
    Finish<kMasked>(acc, block, o, mask, k);
    if (kStride == 1) {
      c0 = c1;
      c1 = c2;
    } else if (i + 1 < n) {
      c0 = c2;
      c1 = column(ix + 3);
    }
  }
}

// The channel tail (tail <= 64 / kP channels) with kP output pixels per vector: pixel j of a group
// in lanes 16 * (4 / kP) * j .. (128-bit pieces for kP = 4, 256-bit for kP = 2; the packer
// replicates the tail's weights and requantization per piece). Each piece is loaded from its own
// input column (zero points outside the input), so any stride works.
template <int kP>
__attribute__((always_inline)) inline __m512i Gather(const uint8_t* row, size_t channels, size_t ix, size_t step,
                                                     size_t count, const RowParams& p, uint64_t piece_mask) {
  const uint8_t* src[kP];
  for (int j = 0; j < kP; ++j, ix += step) {
    src[j] = static_cast<size_t>(j) < count && ix < p.input_w ? row + ix * channels : p.zero;
  }
  if (kP == 4) {
    const __mmask16 m = static_cast<__mmask16>(piece_mask);
    __m512i v = _mm512_castsi128_si512(_mm_maskz_loadu_epi8(m, src[0]));
    v = _mm512_inserti32x4(v, _mm_maskz_loadu_epi8(m, src[1]), 1);
    v = _mm512_inserti32x4(v, _mm_maskz_loadu_epi8(m, src[kP > 2 ? 2 : 0]), 2);
    return _mm512_inserti32x4(v, _mm_maskz_loadu_epi8(m, src[kP > 3 ? 3 : 0]), 3);
  }
  const __mmask32 m = static_cast<__mmask32>(piece_mask);
  return _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_maskz_loadu_epi8(m, src[0])),
                            _mm256_maskz_loadu_epi8(m, src[1]), 1);
}

// Groups of kP output pixels: the kx = 0 columns of a group are gathered and transposed once, and
// the kx = 1 and 2 columns come from it and the next group's by whole-piece shifts where the stride
// allows (stride 1: both; stride 2: kx = 2, while kx = 1 is a second gather). That is 3 (stride 1)
// or 6 (stride 2) piece gathers and 1 or 2 transpositions per group instead of 9 and 3. Pieces of
// columns past the input read the zero-point vector (Gather), so shifted-in columns are exact too.
template <int kStride, int kP>
void TailBlock(size_t channels, size_t n, const uint8_t* a, const uint8_t* b, const uint8_t* d, const uint8_t* block,
               uint8_t* o, size_t tail, __m512i zw, const Out& k, const RowParams& p) {
  constexpr int kPieceQwords = 8 / kP;  // one pixel's piece: 128 bits (kP = 4) or 256 (kP = 2)
  __m512i w[12];
  for (int i = 0; i < 12; ++i) w[i] = _mm512_load_si512(block + 256 + 64 * i);
  const uint64_t piece_mask = (uint64_t{1} << tail) - 1;
  // Input columns ix, ix + kStride, ... of the three rows, one per piece, transposed.
  auto columns = [&](size_t ix) -> Column {
    return TransposeVectors(Gather<kP>(a, channels, ix, kStride, kP, p, piece_mask),
                            Gather<kP>(b, channels, ix, kStride, kP, p, piece_mask),
                            Gather<kP>(d, channels, ix, kStride, kP, p, piece_mask));
  };
  constexpr size_t kGroupStep = static_cast<size_t>(kP) * kStride;  // input columns per group
  size_t ix = static_cast<size_t>(p.first_column);                  // wraps like Block's
  Column e0 = columns(ix);
  for (size_t ox = 0; ox < n; ox += kP, ix += kGroupStep) {
    const size_t count = n - ox < static_cast<size_t>(kP) ? n - ox : kP;
    const Column e1 = columns(ix + kGroupStep);  // the next group's kx = 0 columns
    Acc acc = Start(block, k.bias_in_r);
    Madd(acc, e0, w, zw, k.u8);
    if (kStride == 1) {
      Madd(acc, Shift<kPieceQwords>(e0, e1), w + 4, zw, k.u8);
      if constexpr (kP == 2) {
        Madd(acc, e1, w + 8, zw, k.u8);
      } else {
        Madd(acc, Shift<2 * kPieceQwords>(e0, e1), w + 8, zw, k.u8);
      }
    } else {
      Madd(acc, columns(ix + 1), w + 4, zw, k.u8);
      Madd(acc, Shift<kPieceQwords>(e0, e1), w + 8, zw, k.u8);
    }
    e0 = e1;
    const __m512i v = FinishVector(acc, block, k);
    uint8_t* out = o + ox * channels;
    if (kP == 4) {
      const __mmask16 m = static_cast<__mmask16>(piece_mask);
      _mm_mask_storeu_epi8(out, m, _mm512_castsi512_si128(v));
      if (count > 1) _mm_mask_storeu_epi8(out + channels, m, _mm512_extracti32x4_epi32(v, 1));
      if (count > 2) _mm_mask_storeu_epi8(out + 2 * channels, m, _mm512_extracti32x4_epi32(v, 2));
      if (count > 3) _mm_mask_storeu_epi8(out + 3 * channels, m, _mm512_extracti32x4_epi32(v, 3));
    } else {
      const __mmask32 m = static_cast<__mmask32>(piece_mask);
      _mm256_mask_storeu_epi8(out, m, _mm512_castsi512_si256(v));
      if (count > 1) _mm256_mask_storeu_epi8(out + channels, m, _mm512_extracti64x4_epi64(v, 1));
    }
  }
}

// `u8` (qu8 rather than qs8) is a run-time flag, constant per call like Out's other flags: one
// instance serves both types (their code differs in a few instructions per column; the branches are
// perfectly predicted), which halves this file's share of a small static build.
template <int kStride>
void RowBlocks(size_t channels, size_t n, const uint8_t* r0, const uint8_t* r1, const uint8_t* r2,
               const uint8_t* packed, uint8_t* out, const RowParams& p, bool u8) {
  const __m512i zw = _mm512_load_si512(packed);
  const Out k(p, u8);
  const uint8_t* block = packed + 64;
  size_t c = 0;
  for (; c + 64 <= channels; c += 64, block += kRowBlockBytes) {
    Block<kStride, false>(channels, n, r0 + c, r1 + c, r2 + c, block, out + c, ~__mmask64{0}, zw, k, p);
  }
  if (c < channels) {
    if (p.tail_pixels == 4) {
      TailBlock<kStride, 4>(channels, n, r0 + c, r1 + c, r2 + c, block, out + c, channels - c, zw, k, p);
    } else if (p.tail_pixels == 2) {
      TailBlock<kStride, 2>(channels, n, r0 + c, r1 + c, r2 + c, block, out + c, channels - c, zw, k, p);
    } else {
      const __mmask64 mask = (__mmask64{1} << (channels - c)) - 1;
      Block<kStride, true>(channels, n, r0 + c, r1 + c, r2 + c, block, out + c, mask, zw, k, p);
    }
  }
}

// Pixel-packed layout (stride 1, channels = 64 / kP, first_column 0 or -1): one block, kP output
// pixels per vector. Group u holds input pixels first_column + kP * u + (0 .. kP - 1); the column at
// pixel offset kx of group u is lane-shifted out of the groups u and u + 1 (e0, e1), so each input
// vector is loaded and transposed once.
template <int kP>
void RowPacked(size_t channels, size_t n, const uint8_t* r0, const uint8_t* r1, const uint8_t* r2,
               const uint8_t* packed, uint8_t* out, const RowParams& p, bool u8) {
  constexpr int kC = 64 / kP;  // == channels
  (void)channels;
  const __m512i zw = _mm512_load_si512(packed);
  const Out k(p, u8);
  const uint8_t* block = packed + 64;
  __m512i w[12];
  for (int i = 0; i < 12; ++i) w[i] = _mm512_load_si512(block + 256 + 64 * i);
  const __m512i zero = _mm512_loadu_si512(p.zero);
  const size_t in_w = p.input_w;
  // The group of input pixels first .. first + kP - 1 (first >= 0); pixels >= in_w are zero points.
  auto group = [&](size_t first) -> Column {
    const size_t valid = in_w > first ? in_w - first : 0;
    const __mmask64 mask = valid >= static_cast<size_t>(kP) ? ~__mmask64{0} : (__mmask64{1} << (valid * kC)) - 1;
    const size_t off = first * kC;
    if (valid == 0) return TransposeVectors(zero, zero, zero);
    return TransposeVectors(_mm512_mask_loadu_epi8(zero, mask, r0 + off), _mm512_mask_loadu_epi8(zero, mask, r1 + off),
                            _mm512_mask_loadu_epi8(zero, mask, r2 + off));
  };
  size_t first;
  Column e0;
  if (p.first_column < 0) {  // pixels -1 .. kP - 2: a zero-point pixel shifted in at the bottom
    const size_t valid = in_w >= static_cast<size_t>(kP - 1) ? kP - 1 : in_w;
    const __mmask64 mask = (__mmask64{1} << (valid * kC)) - 1;
    auto shifted = [&](const uint8_t* r) {
      return _mm512_alignr_epi64(_mm512_mask_loadu_epi8(zero, mask, r), zero, 8 - kC / 8);
    };
    e0 = TransposeVectors(shifted(r0), shifted(r1), shifted(r2));
    first = kP - 1;
  } else {
    e0 = group(0);
    first = kP;
  }
  size_t i = 0;
  for (; i < n; i += kP, out += 64, first += kP) {
    const Column e1 = group(first);
    Acc acc = Start(block, k.bias_in_r);
    Madd(acc, e0, w, zw, k.u8);
    Madd(acc, Shift<kC / 8>(e0, e1), w + 4, zw, k.u8);
    Madd(acc, kP == 2 ? e1 : Shift<2 * kC / 8>(e0, e1), w + 8, zw, k.u8);
    if (i + kP <= n) {
      Finish<false>(acc, block, out, ~__mmask64{0}, k);
    } else {
      Finish<true>(acc, block, out, (__mmask64{1} << ((n - i) * kC)) - 1, k);
    }
    e0 = e1;
  }
}

}  // namespace

void octet_qs8_dwconv_3x3s1r64c__avx512vnni(size_t c, size_t n, const uint8_t* r0, const uint8_t* r1, const uint8_t* r2,
                                            const uint8_t* w, uint8_t* o, const RowParams& p) {
  RowBlocks<1>(c, n, r0, r1, r2, w, o, p, false);
}
void octet_qs8_dwconv_3x3s2r64c__avx512vnni(size_t c, size_t n, const uint8_t* r0, const uint8_t* r1, const uint8_t* r2,
                                            const uint8_t* w, uint8_t* o, const RowParams& p) {
  RowBlocks<2>(c, n, r0, r1, r2, w, o, p, false);
}
void octet_qs8_dwconv_3x3s1r2x32c__avx512vnni(size_t c, size_t n, const uint8_t* r0, const uint8_t* r1,
                                              const uint8_t* r2, const uint8_t* w, uint8_t* o, const RowParams& p) {
  RowPacked<2>(c, n, r0, r1, r2, w, o, p, false);
}
void octet_qs8_dwconv_3x3s1r4x16c__avx512vnni(size_t c, size_t n, const uint8_t* r0, const uint8_t* r1,
                                              const uint8_t* r2, const uint8_t* w, uint8_t* o, const RowParams& p) {
  RowPacked<4>(c, n, r0, r1, r2, w, o, p, false);
}
void octet_qu8_dwconv_3x3s1r64c__avx512vnni(size_t c, size_t n, const uint8_t* r0, const uint8_t* r1, const uint8_t* r2,
                                            const uint8_t* w, uint8_t* o, const RowParams& p) {
  RowBlocks<1>(c, n, r0, r1, r2, w, o, p, true);
}
void octet_qu8_dwconv_3x3s2r64c__avx512vnni(size_t c, size_t n, const uint8_t* r0, const uint8_t* r1, const uint8_t* r2,
                                            const uint8_t* w, uint8_t* o, const RowParams& p) {
  RowBlocks<2>(c, n, r0, r1, r2, w, o, p, true);
}
void octet_qu8_dwconv_3x3s1r2x32c__avx512vnni(size_t c, size_t n, const uint8_t* r0, const uint8_t* r1,
                                              const uint8_t* r2, const uint8_t* w, uint8_t* o, const RowParams& p) {
  RowPacked<2>(c, n, r0, r1, r2, w, o, p, true);
}
void octet_qu8_dwconv_3x3s1r4x16c__avx512vnni(size_t c, size_t n, const uint8_t* r0, const uint8_t* r1,
                                              const uint8_t* r2, const uint8_t* w, uint8_t* o, const RowParams& p) {
  RowPacked<4>(c, n, r0, r1, r2, w, o, p, true);
}

}  // namespace octet::kernels::dwconv
