// Shared body of the AVX-512 VNNI GEMM microkernels (included by qs8-gemm-<MR>x<NR>c4-avx512vnni.cc,
// compiled with the avx512vnni flags; everything here has internal linkage).
//
// MR x (16 * NG) tile, c4 packed weights (gemm.h): per k-block of 4, NG weight vectors and one
// broadcast activation dword per row (x_u = raw ^ input_xor ^ 0x80), NG VPDPBUSD per row.
//
// Epilogue: the exact one-step requantization (requantize.h) in 64-bit lanes, with the per-channel
// constants pre-split into even/odd columns at prepare time (GemmParams::requant_split, read once
// per tile and column group, EpilogueByGroup512: nothing rebuilt per tile), the two halves' results
// merged back by one masked VPSHUFD (RequantHiInPlace512 when every channel has rs >= 1, else
// RequantSplit512). Cost per 16 columns: 2 VPMULDQ + 1 VPSRAVD and 8 other operations (4 fewer after
// ReLU/ReLU6, when the rounding's sign correction cannot change a clamped result); on this Zen 5 the
// epilogue, not the dot product, bounds the small-K layers (MobileNet v2's expand 1x1 convolutions,
// K = 16..64).
// Then int32 -> int8 through saturating packs: clamp(v + zp, lo, hi) equals
// clamp(sat8(sat16(sat16(v) + zp)), lo, hi) because every saturation is monotone and lo, hi, zp
// fit in int8, so the zero point is added in int16 lanes (or was already added through the
// rounding constant, GemmParams::zero_point_in_split) and the clamp is done on 64 bytes at once.
//
// What bounds a call (units_bench, per cycle at 3.6 GHz): VPDPBUSD and VPMULDQ share one 512-bit
// slot; VPSRAVD, VPACKSSDW and VPERMD issue once, VPSHUFD (merge-masked or not) about 1.35 times,
// VPADDD and VPBLENDMD twice; VPACKSSDW and VPERMD partly take VPDPBUSD's slot, the others run
// beside it. A 64-byte load issues about once, a broadcast dword twice. The dot loop and the
// epilogue barely overlap: at K = 16 a 6x64 call took 8.8 cycles per 16 outputs, a dot-only call
// 4.2 and an epilogue-only call 5.9; splitting the tile into halves or row pairs whose dot loops
// and epilogues alternate in program order gained nothing measurable. The narrow tiles lose more to
// the code around the arithmetic: the same 6x16 K = 32 tile loop written in plain asm (constants in
// registers or not) ran at 10.6 cycles per 16 outputs, this kernel called per tile at 14.0 and
// through the per-tile driver at about 20; the direct entry points below recover part of that (and
// the 6x64 one about 14% on the 112x112 depth-16 layer, where the per-call work was the loss).
#ifndef OCTET_KERNELS_GEMM_GEMM_AVX512VNNI_BODY_H_
#define OCTET_KERNELS_GEMM_GEMM_AVX512VNNI_BODY_H_

#include "kernels/common/immintrin_avx512.h"

#include <cstring>
#include <type_traits>
#include <utility>

#include "kernels/gemm/gemm.h"


namespace octet::kernels {
namespace {

// f(std::integral_constant<size_t, 0>) ... f(<N - 1>) as straight-line code. Accumulator arrays
// indexed only by these constants are split into registers by the compiler (scalar replacement);
// with `#pragma GCC unroll` loops instead, GCC 12 keeps the 6x64 tile's 24 accumulators in a stack
// array, stored and reloaded around the k loop and read back from the stack by the epilogue.
template <class F, size_t... I>
__attribute__((always_inline)) inline void UnrollImpl(F&& f, std::index_sequence<I...>) {
  (f(std::integral_constant<size_t, I>{}), ...);
}
template <size_t N, class F>
__attribute__((always_inline)) inline void Unroll(F&& f) {
  UnrollImpl(f, std::make_index_sequence<N>{});
}

// acc += per-dword dot(x_u, w) (VPDPBUSD) with the accumulator tied to its register. With 24
// accumulators live across a loop over tiles (the 6x64 direct entry), GCC 12 otherwise stores every
// VPDPBUSD result to the stack inside the k loop (57 stores per k-block) and copies accumulators
// between register sets; the asm operand ("+v") keeps each accumulator in one register.
__attribute__((always_inline)) inline void DotInPlace512(__m512i& acc, __m512i x, __m512i w) {
#if defined(__GNUC__) && !defined(__clang__)
  asm("vpdpbusd %2, %1, %0" : "+v"(acc) : "v"(x), "v"(w));
#else
  acc = _mm512_dpbusd_epi32(acc, x, w);
#endif
}

// The last rem (1-3) bytes of a row at p as one little-endian word, read byte by byte (never past
// the row); the bytes above are 0, and the packed weights past kc are zero.
__attribute__((always_inline)) inline uint32_t TailWord(const uint8_t* p, size_t rem) {
  uint32_t v = p[0];
  if (rem > 1) v |= static_cast<uint32_t>(p[1]) << 8;
  if (rem > 2) v |= static_cast<uint32_t>(p[2]) << 16;
  return v;
}

// The group's five constant vectors, read once per tile by the epilogue by column group.
struct SplitRegs512 {
  __m512i me, mo, re, ro, sh;  // multipliers and rounding terms of the even and odd columns, rs - 1
  explicit SplitRegs512(const int64_t* s)
      : me(_mm512_load_si512(s)),
        mo(_mm512_load_si512(s + 8)),
        re(_mm512_load_si512(s + 16)),
        ro(_mm512_load_si512(s + 24)),
        sh(_mm512_load_si512(s + 32)) {}
};

// 16 int32 accumulators of columns c..c+15 -> requantized int32 (zero point and clamp not applied):
//   result = (p + R - (t < 0 ? C : 0)) >> (31 + rs),  p = acc * M (64-bit), C = (rs > 0 ? 2^31 : 0)
// with t = floor((p + 2^30) / 2^31) the SRDHM result (requantize.h). The correction changes nothing
// when t == 0 (both forms give 0), so the sign of p itself decides it: p < 0 implies t <= 0 and
// p >= 0 implies t >= 0. VPMOVQ2M reads that sign bit.
//
// Fast form, when every channel of the group has rs >= 1 (so C = 2^31): floor(x / 2^(31 + rs)) =
// floor(floor(x / 2^32) / 2^(rs - 1)), and floor(x / 2^32) is the high dword of x (it fits: |x| <
// 2^62 + 2^61). One masked VPSHUFD gathers the even and odd columns' high dwords into column order
// and one 32-bit VPSRAVD finishes: 2 multiplies and 1 shift per 16 columns instead of 2 and 3.
//
// kSignFix false (only when output_min >= output_zero_point, as after ReLU and ReLU6): the correction
// is left out. It only ever lowers a result whose SRDHM value t is negative, and then both results
// are <= 0 (t + 2^(rs-1) < 2^rs), so both clamp to output_min: 7 operations per 16 columns, not 11.
// `r`: the group's constants (GemmParams::requant_split, left shift already applied); in place.

template <bool kSignFix>
__attribute__((always_inline)) inline void RequantHiInPlace512(__m512i& acc, const SplitRegs512& r) {
  const __m512i pe = _mm512_mul_epi32(acc, r.me);
  const __m512i po = _mm512_mul_epi32(_mm512_shuffle_epi32(acc, _MM_PERM_DDBB), r.mo);
  __m512i se = _mm512_add_epi64(pe, r.re);
  __m512i so = _mm512_add_epi64(po, r.ro);
  if constexpr (kSignFix) {
    const __m512i c = _mm512_set1_epi64(int64_t{1} << 31);
    se = _mm512_mask_sub_epi64(se, _mm512_movepi64_mask(pe), se, c);
    so = _mm512_mask_sub_epi64(so, _mm512_movepi64_mask(po), so, c);
  }
  // Even positions take the high dword of `se`'s lane, odd positions keep `so`'s high dword.
  acc = _mm512_srav_epi32(_mm512_mask_shuffle_epi32(so, 0x5555, se, _MM_PERM_DDBB), r.sh);
}

// The same in asm, which fixes the register use: one temporary besides the accumulator, so a 6x64
// tile's 24 accumulators, the 5 constants and the temporaries fit the 32 registers (GCC 12 spills
// accumulators with the intrinsics there). The 16- and 32-column tiles keep the intrinsics: with
// registers to spare, GCC interleaves the rows' operations (the 6x16 projection measured slower
// through the asm).
template <bool kSignFix>
__attribute__((always_inline)) inline void RequantHiInPlaceAsm512(__m512i& acc, const SplitRegs512& r) {
#if defined(__GNUC__) && !defined(__clang__)
  __m512i t;
  const __mmask16 even = 0x5555;
  if constexpr (kSignFix) {
    static constexpr int64_t kC = int64_t{1} << 31;
    __mmask8 ke, ko;
    asm("vpshufd $0xf5, %[a], %[t]\n\t"
        "vpmuldq %[mo], %[t], %[t]\n\t"
        "vpmuldq %[me], %[a], %[a]\n\t"
        "vpmovq2m %[t], %[ko]\n\t"
        "vpmovq2m %[a], %[ke]\n\t"
        "vpaddq %[ro], %[t], %[t]\n\t"
        "vpaddq %[re], %[a], %[a]\n\t"
        "vpsubq %[c]%{1to8%}, %[t], %[t]%{%[ko]%}\n\t"
        "vpsubq %[c]%{1to8%}, %[a], %[a]%{%[ke]%}\n\t"
        "vpshufd $0xf5, %[a], %[t]%{%[k]%}\n\t"
        "vpsravd %[sh], %[t], %[a]"
        : [a] "+v"(acc), [t] "=&v"(t), [ke] "=&Yk"(ke), [ko] "=&Yk"(ko)
        : [me] "v"(r.me), [mo] "v"(r.mo), [re] "v"(r.re), [ro] "v"(r.ro), [sh] "v"(r.sh), [k] "Yk"(even), [c] "m"(kC));
  } else {
    asm("vpshufd $0xf5, %[a], %[t]\n\t"
        "vpmuldq %[mo], %[t], %[t]\n\t"
        "vpmuldq %[me], %[a], %[a]\n\t"
        "vpaddq %[ro], %[t], %[t]\n\t"
        "vpaddq %[re], %[a], %[a]\n\t"
        "vpshufd $0xf5, %[a], %[t]%{%[k]%}\n\t"
        "vpsravd %[sh], %[t], %[a]"
        : [a] "+v"(acc), [t] "=&v"(t)
        : [me] "v"(r.me), [mo] "v"(r.mo), [re] "v"(r.re), [ro] "v"(r.ro), [sh] "v"(r.sh), [k] "Yk"(even));
  }
#else
  RequantHiInPlace512<kSignFix>(acc, r);
#endif
}

// General form (some channel has rs == 0, e.g. a left shift): 64-bit arithmetic shifts by 31 + rs,
// the correction only where rs > 0.
__attribute__((always_inline)) inline __m512i RequantSplit512(__m512i acc, const int64_t* s) {
  const __m512i pe = _mm512_mul_epi32(acc, _mm512_load_si512(s));
  const __m512i po = _mm512_mul_epi32(_mm512_srli_epi64(acc, 32), _mm512_load_si512(s + 8));
  const __m512i c = _mm512_set1_epi64(int64_t{1} << 31), s31 = _mm512_set1_epi64(31);
  const __m512i sh_e = _mm512_load_si512(s + 48), sh_o = _mm512_load_si512(s + 56);
  __m512i se = _mm512_add_epi64(pe, _mm512_load_si512(s + 16));
  __m512i so = _mm512_add_epi64(po, _mm512_load_si512(s + 24));
  se = _mm512_mask_sub_epi64(se, _mm512_mask_cmpgt_epi64_mask(_mm512_movepi64_mask(pe), sh_e, s31), se, c);
  so = _mm512_mask_sub_epi64(so, _mm512_mask_cmpgt_epi64_mask(_mm512_movepi64_mask(po), sh_o, s31), so, c);
  se = _mm512_srav_epi64(se, sh_e);
  so = _mm512_srav_epi64(so, sh_o);
  // Odd columns: the low dword of each 64-bit lane of `so` goes to the odd dword positions.
  return _mm512_mask_shuffle_epi32(se, 0xAAAA, so, _MM_PERM_CCAA);
}

// Requantized int32 vectors of one row (NG groups of 16 columns) -> stored bytes. Always inlined: GCC
// otherwise outlines Store4 from the 6x64 tile kernel, passing the four vectors through memory.
// The zero point is added only when the split constants do not include it, and the byte clamp is
// skipped when it is [-128, 127] (the packs saturate to that already): MobileNet-style int8 models
// have that range after ReLU6 (zero point -128) and on the linear projections. VPADDSW competes
// with VPDPBUSD and VPMULDQ for the multiply pipes on Zen 5. The flags are constant per call
// (predictable branches).
struct RowStore512 {
  __m512i zp16, lo8, hi8, out_xor, perm, zp32;
  bool flip, add_zp, clamp;
  explicit RowStore512(const GemmParams& p)
      : zp16(_mm512_set1_epi16(static_cast<int16_t>(p.requant.output_zero_point))),
        lo8(_mm512_set1_epi8(static_cast<char>(p.requant.output_min))),
        hi8(_mm512_set1_epi8(static_cast<char>(p.requant.output_max))),
        out_xor(_mm512_set1_epi8(static_cast<char>(p.output_xor))),
        // After two in-lane packs, 128-bit lane L holds [v0, v1, v2, v3] x columns 4L..4L+3 (one
        // dword each); dword 4g + L of the result must be dword 4L + g of the packed vector.
        perm(_mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15)),
        zp32(_mm512_set1_epi32(p.requant.output_zero_point)),
        flip(p.output_xor != 0),
        add_zp(!p.zero_point_in_split),
        clamp(p.requant.output_min > -128 || p.requant.output_max < 127) {}

  __attribute__((always_inline)) __m512i Pack(__m512i v0, __m512i v1) const {
    const __m512i a = _mm512_packs_epi32(v0, v1);
    return add_zp ? _mm512_adds_epi16(a, zp16) : a;
  }
  __attribute__((always_inline)) __m512i Finish(__m512i b) const {
    b = _mm512_permutexvar_epi32(perm, b);
    if (clamp) b = _mm512_min_epi8(_mm512_max_epi8(b, lo8), hi8);
    return flip ? _mm512_xor_si512(b, out_xor) : b;
  }
  __attribute__((always_inline)) void Store4(int8_t* dst, size_t nc, __m512i v0, __m512i v1, __m512i v2,
                                             __m512i v3) const {
    const __m512i r = Finish(_mm512_packs_epi16(Pack(v0, v1), Pack(v2, v3)));
    if (nc >= 64) {
      _mm512_storeu_si512(dst, r);
    } else {
      _mm512_mask_storeu_epi8(dst, (uint64_t{1} << nc) - 1, r);
    }
  }
  __attribute__((always_inline)) void Store2(int8_t* dst, size_t nc, __m512i v0, __m512i v1) const {
    const __m512i a = Pack(v0, v1);
    const __m256i r = _mm512_castsi512_si256(Finish(_mm512_packs_epi16(a, a)));
    if (nc >= 32) {
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), r);
    } else {
      _mm256_mask_storeu_epi8(dst, (1u << nc) - 1, r);
    }
  }
  // One row of NG requantized 16-column groups.
  template <size_t NG>
  __attribute__((always_inline)) void Store(int8_t* dst, size_t nc, const __m512i (&v)[NG]) const {
    if constexpr (NG == 4) {
      Store4(dst, nc, v[0], v[1], v[2], v[3]);
    } else if constexpr (NG == 2) {
      Store2(dst, nc, v[0], v[1]);
    } else {
      Store1(dst, nc, v[0]);
    }
  }
  // 16 columns: no second vector to pack with, so narrow with one saturating VPMOVSDB (the same
  // monotone-saturation argument as the packs) and clamp the 16 bytes.
  __attribute__((always_inline)) void Store1(int8_t* dst, size_t nc, __m512i v0) const {
    __m128i r = _mm512_cvtsepi32_epi8(add_zp ? _mm512_add_epi32(v0, zp32) : v0);
    if (clamp) {
      r = _mm_min_epi8(_mm_max_epi8(r, _mm512_castsi512_si128(lo8)), _mm512_castsi512_si128(hi8));
    }
    if (flip) r = _mm_xor_si128(r, _mm512_castsi512_si128(out_xor));
    if (nc >= 16) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), r);
    } else {
      _mm_mask_storeu_epi8(dst, static_cast<__mmask16>((1u << nc) - 1), r);
    }
  }
};

// Adds the uint8 models' row correction and applies the left shift, in place, before the epilogue.
// Separate passes rather than epilogue variants: both are rare (uint8 weights with a zero point, a
// multiplier >= 1), and each would otherwise double the tile's code.
template <size_t MR, size_t NG>
__attribute__((always_inline)) inline void PreRequant512(__m512i (&acc)[MR][NG], size_t mr, const int32_t* row_corr,
                                                         const GemmParams& params) {
  if (row_corr != nullptr) {
    Unroll<MR>([&](auto i) __attribute__((always_inline)) {
      if (i >= mr) return;  // row_corr has mr entries
      const __m512i corr = _mm512_set1_epi32(row_corr[i]);
      Unroll<NG>([&](auto j) __attribute__((always_inline)) { acc[i][j] = _mm512_add_epi32(acc[i][j], corr); });
    });
  }
  if (params.requant.has_left_shift) {
    const int32_t* left = params.requant.left_multiplier;
    Unroll<NG>([&](auto j) __attribute__((always_inline)) {
      const __m512i l = _mm512_loadu_si512(left + 16 * j);
      Unroll<MR>([&](auto i) __attribute__((always_inline)) { acc[i][j] = _mm512_mullo_epi32(acc[i][j], l); });
    });
  }
}

// The general-form epilogue (RequantSplit512: some channel has rs == 0, e.g. a left shift), row by
// row. The constants are read again for every row (memory operands): the empty asm keeps GCC from
// loading them once per tile and spilling them to the stack, twenty vectors for 6x64.
template <size_t MR, size_t NG>
__attribute__((always_inline)) inline void EpilogueSplit512(__m512i (&acc)[MR][NG], size_t mr, size_t nc, void* c,
                                                            size_t c_stride, const GemmParams& params,
                                                            const RowStore512& store) {
  Unroll<MR>([&](auto i) __attribute__((always_inline)) {
    if (i >= mr) return;
    const int64_t* split = params.requant_split;
    asm("" : "+r"(split));
    Unroll<NG>([&](auto j) __attribute__((always_inline)) { acc[i][j] = RequantSplit512(acc[i][j], split + 64 * j); });
    store.Store(static_cast<int8_t*>(c) + i * c_stride, nc, acc[i]);
  });
}

// The fast-form epilogue by column group: each group's five constant vectors are read once per tile
// and requantize all its rows, instead of being read per row as memory operands (five 64-byte loads
// per 16 outputs, and a 64-byte load issues about once per cycle: the loads, not the multiplies,
// bounded the epilogue of the small-K layers). Then the rows are stored. MobileNet v2's 112x112
// 16 -> 96 expansion 188 -> 178 us, the 56x56 24 -> 144 ones 86.5 -> 83.5.
// `hoisted`: the caller's store constants, or nullptr to build them here after the requantization
// (the wide tiles: built earlier, GCC keeps them live through it and spills accumulators).
template <size_t MR, size_t NG, bool kSignFix>
__attribute__((always_inline)) inline void EpilogueByGroup512(__m512i (&acc)[MR][NG], size_t mr, size_t nc, void* c,
                                                              size_t c_stride, const GemmParams& params,
                                                              const RowStore512* hoisted) {
  Unroll<NG>([&](auto j) __attribute__((always_inline)) {
    const int64_t* split = params.requant_split + 64 * j;
    asm volatile("" : "+r"(split));  // read per tile, not hoisted out of the tile loop
    const SplitRegs512 r(split);
    // Every row, stored or not (rows past mr repeat the last row's inputs): no branch per row.
    Unroll<MR>([&](auto i) __attribute__((always_inline)) {
      if constexpr (NG == 4) {
        RequantHiInPlaceAsm512<kSignFix>(acc[i][j], r);
      } else {
        RequantHiInPlace512<kSignFix>(acc[i][j], r);
      }
    });
  });
  const GemmParams* pp = &params;
  if (hoisted == nullptr) asm volatile("" : "+r"(pp));
  const RowStore512 local(*pp);
  const RowStore512& store = hoisted != nullptr ? *hoisted : local;
  Unroll<MR>([&](auto i) __attribute__((always_inline)) {
    if (i < mr) store.Store(static_cast<int8_t*>(c) + i * c_stride, nc, acc[i]);
  });
}

// kFlip: activations are raw bytes, XOR-ed per broadcast into x_u (= raw ^ input_xor ^ 0x80);
// otherwise they are x_u already (uint8 models, or rows the operator flipped once per tile).
template <size_t MR, size_t NG, bool kFlip>
__attribute__((always_inline)) inline void DotLoop512(__m512i (&acc)[MR][NG], size_t kc, size_t ks,
                                                      const void* const* a, size_t a_tap_stride, const int8_t* wp,
                                                      __m512i vflip) {
  const size_t kc4 = kc & ~size_t{3};
  for (size_t t = 0; t < ks; ++t) {
    const uint8_t* x[MR];
    Unroll<MR>([&](auto i)
                   __attribute__((always_inline)) { x[i] = static_cast<const uint8_t*>(a[t * a_tap_stride + i]); });
    size_t k = 0;
    if constexpr (MR == 1) {
      // One row: a second set of accumulators for odd k-blocks hides the VPDPBUSD latency.
      __m512i acc2[NG];
      Unroll<NG>([&](auto j) __attribute__((always_inline)) { acc2[j] = _mm512_setzero_si512(); });
      for (; k + 8 <= kc4; k += 8) {
        int32_t x0, x1;
        std::memcpy(&x0, x[0] + k, 4);
        std::memcpy(&x1, x[0] + k + 4, 4);
        __m512i xv0 = _mm512_set1_epi32(x0), xv1 = _mm512_set1_epi32(x1);
        if constexpr (kFlip) {
          xv0 = _mm512_xor_si512(xv0, vflip);
          xv1 = _mm512_xor_si512(xv1, vflip);
        }
        Unroll<NG>([&](auto j) __attribute__((always_inline)) {
          acc[0][j] = _mm512_dpbusd_epi32(acc[0][j], xv0, _mm512_load_si512(wp + 64 * j));
          acc2[j] = _mm512_dpbusd_epi32(acc2[j], xv1, _mm512_load_si512(wp + 64 * (NG + j)));
        });
        wp += 128 * NG;
      }
      Unroll<NG>([&](auto j) __attribute__((always_inline)) { acc[0][j] = _mm512_add_epi32(acc[0][j], acc2[j]); });
    }
    for (; k < kc4; k += 4) {
      __m512i wv[NG];
      Unroll<NG>([&](auto j) __attribute__((always_inline)) { wv[j] = _mm512_load_si512(wp + 64 * j); });
      wp += 64 * NG;
      Unroll<MR>([&](auto i) __attribute__((always_inline)) {
        int32_t xi;
        std::memcpy(&xi, x[i] + k, 4);
        __m512i xv = _mm512_set1_epi32(xi);
        if constexpr (kFlip) xv = _mm512_xor_si512(xv, vflip);
        Unroll<NG>([&](auto j)
                       __attribute__((always_inline)) { acc[i][j] = _mm512_dpbusd_epi32(acc[i][j], xv, wv[j]); });
      });
    }
    if (k < kc) {
      // The last 1-3 bytes of each row, read byte by byte; the padded weights past kc are zero.
      const size_t rem = kc - k;
      __m512i wv[NG];
      Unroll<NG>([&](auto j) __attribute__((always_inline)) { wv[j] = _mm512_load_si512(wp + 64 * j); });
      wp += 64 * NG;
      Unroll<MR>([&](auto i) __attribute__((always_inline)) {
        // Without kFlip the bytes past kc are 0, not x_u: harmless, their weights are zero.
        __m512i xv = _mm512_set1_epi32(static_cast<int32_t>(TailWord(x[i] + k, rem)));
        if constexpr (kFlip) xv = _mm512_xor_si512(xv, vflip);
        Unroll<NG>([&](auto j)
                       __attribute__((always_inline)) { acc[i][j] = _mm512_dpbusd_epi32(acc[i][j], xv, wv[j]); });
      });
    }
  }
}

// The least rs - 1 over the NG groups of a block (negative: some channel needs the general form).
template <size_t NG>
__attribute__((always_inline)) inline int64_t LeastShift512(const GemmParams& params) {
  int64_t least = 0;
  Unroll<NG>([&](auto j) __attribute__((always_inline)) { least |= params.requant_split[64 * j + 40]; });
  return least;
}

template <size_t MR, size_t NG>
__attribute__((always_inline)) inline void GemmAvx512VnniBody(size_t mr, size_t nc, size_t kc, size_t ks,
                                                              const void* const* a, size_t a_tap_stride, const void* w,
                                                              void* c, size_t c_stride, const int32_t* row_corr,
                                                              const GemmParams& params) {
  static_assert(NG == 1 || NG == 2 || NG == 4, "16, 32 or 64 columns");
  const int32_t* bias = static_cast<const int32_t*>(w);
  __m512i acc[MR][NG];
  Unroll<NG>([&](auto j) __attribute__((always_inline)) {
    const __m512i b = _mm512_load_si512(bias + 16 * j);
    Unroll<MR>([&](auto i) __attribute__((always_inline)) { acc[i][j] = b; });
  });
  const int8_t* wp = reinterpret_cast<const int8_t*>(bias + 16 * NG);
  const uint8_t flip = static_cast<uint8_t>(params.input_xor ^ 0x80);
  if (flip != 0) {
    DotLoop512<MR, NG, true>(acc, kc, ks, a, a_tap_stride, wp, _mm512_set1_epi8(static_cast<char>(flip)));
  } else {
    DotLoop512<MR, NG, false>(acc, kc, ks, a, a_tap_stride, wp, _mm512_setzero_si512());
  }

  PreRequant512(acc, mr, row_corr, params);
  // Three epilogue instances: the fast form needs rs >= 1 in every group of the block: the groups'
  // least rs - 1 (a scalar, not the vector the epilogue reads, so the compiler keeps no vector of it
  // live across rows).
  const int64_t least = LeastShift512<NG>(params);
  const RowStore512 store(params);
  if (least < 0) {
    EpilogueSplit512<MR, NG>(acc, mr, nc, c, c_stride, params, store);
  } else if (params.requant.output_min < params.requant.output_zero_point) {
    EpilogueByGroup512<MR, NG, true>(acc, mr, nc, c, c_stride, params, &store);
  } else {
    EpilogueByGroup512<MR, NG, false>(acc, mr, nc, c, c_stride, params, &store);
  }
}

// Direct GEMM (GemmDirectFn in gemm.h): `tiles` full MR-row tiles, row i at a + i * a_stride, one
// call for all of them. Per call, not per tile: the bias vectors, the store constants and the
// choice of epilogue. GCC otherwise re-derives them in every 6x16 call (and the driver rebuilds a
// row-pointer array per tile): one call per tile took about 40% longer on MobileNet v2's 16- and
// 24-column projections. Only depths that are a multiple of 4 and the fast requantization forms
// (every channel rs >= 1, so no left shift); the sign correction is a per-call flag, so each tile
// shape has two instances (flipped activations or not).
template <size_t MR, size_t NG, bool kFlip>
__attribute__((noinline)) void DirectTiles512(size_t tiles, size_t nc, size_t kc, size_t ks, const uint8_t* a,
                                              size_t a_stride, size_t tap_stride, const void* w, int8_t* c,
                                              size_t c_stride, const int32_t* row_corr, const GemmParams& params,
                                              bool sign_fix) {
  const int32_t* bias = static_cast<const int32_t*>(w);
  const int8_t* wp0 = reinterpret_cast<const int8_t*>(bias + 16 * NG);
  const __m512i vflip = _mm512_set1_epi8(static_cast<char>(params.input_xor ^ 0x80));
  // Wide tiles (NG 4: 24 accumulators) keep nothing but the accumulators, the weights and the
  // broadcast in registers across the k loop: the bias and the store constants are read again per
  // tile (the empty asm hides that they do not change, or GCC hoists them and spills accumulators),
  // and the dot products go through DotInPlace512 (kTied).
  constexpr bool kReload = NG >= 4;
  // Accumulators tied in place from 32 columns up (6x32: the RGB stem's row runs 111.8 -> 108.7 us;
  // the 6x16 loop measured slower that way).
  constexpr bool kTied = NG >= 2;
  const RowStore512 hoisted_store(params);  // used without kReload
  __m512i b[NG];
  if constexpr (!kReload) {
    Unroll<NG>([&](auto j) __attribute__((always_inline)) { b[j] = _mm512_load_si512(bias + 16 * j); });
  }
  for (size_t t = 0; t < tiles; ++t, a += MR * a_stride, c += MR * c_stride) {
    __m512i acc[MR][NG];
    const GemmParams* pp = &params;
    const int32_t* bp = bias;
    if constexpr (kReload) {
      asm("" : "+r"(pp), "+r"(bp));
      Unroll<NG>([&](auto j) __attribute__((always_inline)) { b[j] = _mm512_load_si512(bp + 16 * j); });
    }
    Unroll<NG>([&](auto j) __attribute__((always_inline)) {
      Unroll<MR>([&](auto i) __attribute__((always_inline)) { acc[i][j] = b[j]; });
    });
    const int8_t* wp = wp0;
    const uint8_t* x = a;
    for (size_t tap = 0; tap < ks; ++tap, x += tap_stride) {
      for (size_t k = 0; k < kc; k += 4, wp += 64 * NG) {
        __m512i wv[NG];
        Unroll<NG>([&](auto j) __attribute__((always_inline)) { wv[j] = _mm512_load_si512(wp + 64 * j); });
        Unroll<MR>([&](auto i) __attribute__((always_inline)) {
          int32_t xi;
          std::memcpy(&xi, x + i * a_stride + k, 4);
          __m512i xv = _mm512_set1_epi32(xi);
          if constexpr (kFlip) xv = _mm512_xor_si512(xv, vflip);
          Unroll<NG>([&](auto j) __attribute__((always_inline)) {
            if constexpr (kTied) {
              DotInPlace512(acc[i][j], xv, wv[j]);
            } else {
              acc[i][j] = _mm512_dpbusd_epi32(acc[i][j], xv, wv[j]);
            }
          });
        });
      }
    }
    if (row_corr != nullptr) {  // uint8 weights with a zero point: the rows' corrections
      const int32_t* corr = row_corr + t * MR;
      Unroll<MR>([&](auto i) __attribute__((always_inline)) {
        const __m512i v = _mm512_set1_epi32(corr[i]);
        Unroll<NG>([&](auto j) __attribute__((always_inline)) { acc[i][j] = _mm512_add_epi32(acc[i][j], v); });
      });
    }
    const RowStore512* store = kReload ? nullptr : &hoisted_store;
    if (sign_fix) {
      EpilogueByGroup512<MR, NG, true>(acc, MR, nc, c, c_stride, *pp, store);
    } else {
      EpilogueByGroup512<MR, NG, false>(acc, MR, nc, c, c_stride, *pp, store);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Tiles ending in a half group of 8 columns (6x8, 6x24): the last 8 columns run on 256-bit
// VPDPBUSD, VPMULDQ and friends. On this project's Zen 5 (and on double-pumped AVX-512 cores) a
// 256-bit multiply takes half of the multiply unit's 512-bit slot, so layers of 24 or 8 output
// channels stop paying for 32 or 16 (MobileNet v2's 24-channel projections, small first layers).
// The half group reads the low 8 lanes of its 16-column group's split constants (requant_split's
// layout: even and odd lanes in separate 64-bit arrays, so lanes 0..7 are each array's first half).

// RequantHiInPlace512 on 8 columns, with the half group's constants in registers.
struct SplitRegs256 {
  __m256i me, mo, re, ro, sh;
  explicit SplitRegs256(const int64_t* s)
      : me(_mm256_load_si256(reinterpret_cast<const __m256i*>(s))),
        mo(_mm256_load_si256(reinterpret_cast<const __m256i*>(s + 8))),
        re(_mm256_load_si256(reinterpret_cast<const __m256i*>(s + 16))),
        ro(_mm256_load_si256(reinterpret_cast<const __m256i*>(s + 24))),
        sh(_mm256_load_si256(reinterpret_cast<const __m256i*>(s + 32))) {}
};

template <bool kSignFix>
__attribute__((always_inline)) inline void RequantHiInPlace256(__m256i& acc, const SplitRegs256& r) {
  constexpr _MM_PERM_ENUM kDdbb = _MM_PERM_DDBB;  // dwords 1, 1, 3, 3 (odd lanes to even positions)
  const __m256i pe = _mm256_mul_epi32(acc, r.me);
  const __m256i po = _mm256_mul_epi32(_mm256_shuffle_epi32(acc, kDdbb), r.mo);
  __m256i se = _mm256_add_epi64(pe, r.re);
  __m256i so = _mm256_add_epi64(po, r.ro);
  if constexpr (kSignFix) {
    const __m256i c = _mm256_set1_epi64x(int64_t{1} << 31);
    se = _mm256_mask_sub_epi64(se, _mm256_movepi64_mask(pe), se, c);
    so = _mm256_mask_sub_epi64(so, _mm256_movepi64_mask(po), so, c);
  }
  acc = _mm256_srav_epi32(_mm256_mask_shuffle_epi32(so, 0x55, se, kDdbb), r.sh);
}

__attribute__((always_inline)) inline __m256i RequantSplit256(__m256i acc, const int64_t* s) {
  constexpr _MM_PERM_ENUM kCcaa = _MM_PERM_CCAA;  // dwords 0, 0, 2, 2
  const __m256i pe = _mm256_mul_epi32(acc, _mm256_load_si256(reinterpret_cast<const __m256i*>(s)));
  const __m256i po =
      _mm256_mul_epi32(_mm256_srli_epi64(acc, 32), _mm256_load_si256(reinterpret_cast<const __m256i*>(s + 8)));
  const __m256i c = _mm256_set1_epi64x(int64_t{1} << 31), s31 = _mm256_set1_epi64x(31);
  const __m256i sh_e = _mm256_load_si256(reinterpret_cast<const __m256i*>(s + 48));
  const __m256i sh_o = _mm256_load_si256(reinterpret_cast<const __m256i*>(s + 56));
  __m256i se = _mm256_add_epi64(pe, _mm256_load_si256(reinterpret_cast<const __m256i*>(s + 16)));
  __m256i so = _mm256_add_epi64(po, _mm256_load_si256(reinterpret_cast<const __m256i*>(s + 24)));
  se = _mm256_mask_sub_epi64(se, _mm256_mask_cmpgt_epi64_mask(_mm256_movepi64_mask(pe), sh_e, s31), se, c);
  so = _mm256_mask_sub_epi64(so, _mm256_mask_cmpgt_epi64_mask(_mm256_movepi64_mask(po), sh_o, s31), so, c);
  se = _mm256_srav_epi64(se, sh_e);
  so = _mm256_srav_epi64(so, sh_o);
  return _mm256_mask_shuffle_epi32(se, 0xAA, so, kCcaa);
}

// 8 requantized columns -> bytes: zero point, saturating narrowing and byte clamp (as Store1).
__attribute__((always_inline)) inline void Store8(const RowStore512& st, int8_t* dst, size_t nc, __m256i v) {
  if (st.add_zp) v = _mm256_add_epi32(v, _mm512_castsi512_si256(st.zp32));
  __m128i r = _mm256_cvtsepi32_epi8(v);
  if (st.clamp) {
    r = _mm_min_epi8(_mm_max_epi8(r, _mm512_castsi512_si128(st.lo8)), _mm512_castsi512_si128(st.hi8));
  }
  if (st.flip) r = _mm_xor_si128(r, _mm512_castsi512_si128(st.out_xor));
  if (nc >= 8) {
    _mm_storel_epi64(reinterpret_cast<__m128i*>(dst), r);
  } else {
    _mm_mask_storeu_epi8(dst, static_cast<__mmask16>((1u << nc) - 1), r);
  }
}

// One k-block of a half-group tile: NG 512-bit and one 256-bit weight vector at wp, and per row the
// activation dword row_bytes(i). 96-byte steps (NG 1): the 512-bit vector is 64-byte aligned only
// every other step.
template <size_t MR, size_t NG, bool kFlip, class RowBytes>
__attribute__((always_inline)) inline void HalfStep(__m512i (&acc)[MR][NG + 1], __m256i (&half)[MR], const int8_t* wp,
                                                    __m512i vflip, const RowBytes& row_bytes) {
  __m512i wv[NG + 1];
  Unroll<NG>([&](auto j) __attribute__((always_inline)) { wv[j] = _mm512_loadu_si512(wp + 64 * j); });
  const __m256i wh = _mm256_load_si256(reinterpret_cast<const __m256i*>(wp + 64 * NG));
  Unroll<MR>([&](auto i) __attribute__((always_inline)) {
    __m512i xv = _mm512_set1_epi32(static_cast<int32_t>(row_bytes(i)));
    if constexpr (kFlip) xv = _mm512_xor_si512(xv, vflip);
    Unroll<NG>([&](auto j) __attribute__((always_inline)) { acc[i][j] = _mm512_dpbusd_epi32(acc[i][j], xv, wv[j]); });
    half[i] = _mm256_dpbusd_epi32(half[i], _mm512_castsi512_si256(xv), wh);
  });
}

// MR x (16 * NG + 8) tile, NG 0 or 1; packed like any c4 block of nr = 16 * NG + 8 columns.
template <size_t MR, size_t NG, bool kFlip>
__attribute__((always_inline)) inline void DotLoopHalf(__m512i (&acc)[MR][NG + 1], __m256i (&half)[MR], size_t kc,
                                                       size_t ks, const void* const* a, size_t a_tap_stride,
                                                       const int8_t* wp, __m512i vflip) {
  constexpr size_t kStep = 64 * NG + 32;  // packed bytes per k-block
  const size_t kc4 = kc & ~size_t{3};
  for (size_t t = 0; t < ks; ++t) {
    const uint8_t* x[MR];
    Unroll<MR>([&](auto i)
                   __attribute__((always_inline)) { x[i] = static_cast<const uint8_t*>(a[t * a_tap_stride + i]); });
    auto step = [&](auto row_bytes) __attribute__((always_inline)) {
      HalfStep<MR, NG, kFlip>(acc, half, wp, vflip, row_bytes);
      wp += kStep;
    };
    size_t k = 0;
    for (; k < kc4; k += 4) {
      step([&](size_t i) __attribute__((always_inline)) {
        uint32_t v;
        std::memcpy(&v, x[i] + k, 4);
        return v;
      });
    }
    if (k < kc) {
      // The last 1-3 bytes of each row, read byte by byte; the padded weights past kc are zero.
      const size_t rem = kc - k;
      step([&](size_t i) __attribute__((always_inline)) { return TailWord(x[i] + k, rem); });
    }
  }
}

// One row of a half-group tile: the 16-column group (NG 1), then the 8 columns.
template <size_t NG>
__attribute__((always_inline)) inline void StoreHalfRow(const RowStore512& store, int8_t* dst, size_t nc,
                                                        const __m512i (&acc)[NG + 1], __m256i half) {
  if constexpr (NG == 1) {
    store.Store1(dst, nc < 16 ? nc : 16, acc[0]);
    if (nc > 16) Store8(store, dst + 16, nc - 16, half);
  } else {
    Store8(store, dst, nc, half);
  }
}

// The general form (as EpilogueSplit512), row by row.
template <size_t MR, size_t NG>
__attribute__((always_inline)) inline void EpilogueHalfSplit(__m512i (&acc)[MR][NG + 1], __m256i (&half)[MR], size_t mr,
                                                             size_t nc, void* c, size_t c_stride,
                                                             const GemmParams& params, const RowStore512& store) {
  const int64_t* split = params.requant_split;
  Unroll<MR>([&](auto i) __attribute__((always_inline)) {
    if (i >= mr) return;
    half[i] = RequantSplit256(half[i], split + 64 * NG);
    if constexpr (NG == 1) acc[i][0] = RequantSplit512(acc[i][0], split);
    StoreHalfRow<NG>(store, static_cast<int8_t*>(c) + i * c_stride, nc, acc[i], half[i]);
  });
}

// The fast forms by column group (as EpilogueByGroup512): the 16-column group's and the half
// group's constants are read once per tile, then each row is requantized and stored.
template <size_t MR, size_t NG, bool kSignFix>
__attribute__((always_inline)) inline void EpilogueHalfByGroup(__m512i (&acc)[MR][NG + 1], __m256i (&half)[MR],
                                                               size_t mr, size_t nc, void* c, size_t c_stride,
                                                               const GemmParams& params, const RowStore512& store) {
  const int64_t* split = params.requant_split;
  asm volatile("" : "+r"(split));  // read per tile, not hoisted out of the tile loop
  const SplitRegs256 hr(split + 64 * NG);
  Unroll<MR>([&](auto i) __attribute__((always_inline)) {
    RequantHiInPlace256<kSignFix>(half[i], hr);  // every row, as EpilogueByGroup512
  });
  if constexpr (NG == 1) {
    const SplitRegs512 r(split);
    Unroll<MR>([&](auto i) __attribute__((always_inline)) { RequantHiInPlace512<kSignFix>(acc[i][0], r); });
  }
  Unroll<MR>([&](auto i) __attribute__((always_inline)) {
    if (i < mr) StoreHalfRow<NG>(store, static_cast<int8_t*>(c) + i * c_stride, nc, acc[i], half[i]);
  });
}

template <size_t MR, size_t NG>
__attribute__((always_inline)) inline void GemmAvx512VnniHalfBody(size_t mr, size_t nc, size_t kc, size_t ks,
                                                                  const void* const* a, size_t a_tap_stride,
                                                                  const void* w, void* c, size_t c_stride,
                                                                  const int32_t* row_corr, const GemmParams& params) {
  static_assert(NG <= 1, "8 or 24 columns");
  const int32_t* bias = static_cast<const int32_t*>(w);
  __m512i acc[MR][NG + 1];  // [NG] unused: keeps the array non-empty when NG is 0
  __m256i half[MR];
  const __m256i hb = _mm256_load_si256(reinterpret_cast<const __m256i*>(bias + 16 * NG));
  Unroll<MR>([&](auto i) __attribute__((always_inline)) {
    Unroll<NG>([&](auto j) __attribute__((always_inline)) { acc[i][j] = _mm512_load_si512(bias + 16 * j); });
    half[i] = hb;
  });
  const int8_t* wp = reinterpret_cast<const int8_t*>(bias + 16 * NG + 8);
  const uint8_t flip = static_cast<uint8_t>(params.input_xor ^ 0x80);
  if (flip != 0) {
    DotLoopHalf<MR, NG, true>(acc, half, kc, ks, a, a_tap_stride, wp, _mm512_set1_epi8(static_cast<char>(flip)));
  } else {
    DotLoopHalf<MR, NG, false>(acc, half, kc, ks, a, a_tap_stride, wp, _mm512_setzero_si512());
  }
  if (row_corr != nullptr) {
    Unroll<MR>([&](auto i) __attribute__((always_inline)) {
      if (i >= mr) return;
      const __m512i corr = _mm512_set1_epi32(row_corr[i]);
      Unroll<NG>([&](auto j) __attribute__((always_inline)) { acc[i][j] = _mm512_add_epi32(acc[i][j], corr); });
      half[i] = _mm256_add_epi32(half[i], _mm512_castsi512_si256(corr));
    });
  }
  if (params.requant.has_left_shift) {
    const int32_t* left = params.requant.left_multiplier;
    const __m256i lh = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(left + 16 * NG));
    Unroll<MR>([&](auto i) __attribute__((always_inline)) {
      Unroll<NG>([&](auto j) __attribute__((always_inline)) {
        acc[i][j] = _mm512_mullo_epi32(acc[i][j], _mm512_loadu_si512(left + 16 * j));
      });
      half[i] = _mm256_mullo_epi32(half[i], lh);
    });
  }
  const int64_t least = LeastShift512<NG + 1>(params);
  const RowStore512 store(params);
  if (least < 0) {
    EpilogueHalfSplit<MR, NG>(acc, half, mr, nc, c, c_stride, params, store);
  } else if (params.requant.output_min < params.requant.output_zero_point) {
    EpilogueHalfByGroup<MR, NG, true>(acc, half, mr, nc, c, c_stride, params, store);
  } else {
    EpilogueHalfByGroup<MR, NG, false>(acc, half, mr, nc, c, c_stride, params, store);
  }
}

// Direct GEMM for the half-group tiles (as DirectTiles512).
template <size_t MR, size_t NG, bool kFlip>
__attribute__((noinline)) void DirectTilesHalf(size_t tiles, size_t nc, size_t kc, size_t ks, const uint8_t* a,
                                               size_t a_stride, size_t tap_stride, const void* w, int8_t* c,
                                               size_t c_stride, const int32_t* row_corr, const GemmParams& params,
                                               bool sign_fix) {
  constexpr size_t kStep = 64 * NG + 32;  // packed bytes per k-block
  const int32_t* bias = static_cast<const int32_t*>(w);
  const int8_t* wp0 = reinterpret_cast<const int8_t*>(bias + 16 * NG + 8);
  const __m512i vflip = _mm512_set1_epi8(static_cast<char>(params.input_xor ^ 0x80));
  const RowStore512 store(params);
  __m512i b[NG + 1];
  Unroll<NG>([&](auto j) __attribute__((always_inline)) { b[j] = _mm512_load_si512(bias + 16 * j); });
  const __m256i hb = _mm256_load_si256(reinterpret_cast<const __m256i*>(bias + 16 * NG));
  for (size_t t = 0; t < tiles; ++t, a += MR * a_stride, c += MR * c_stride) {
    __m512i acc[MR][NG + 1];
    __m256i half[MR];
    Unroll<MR>([&](auto i) __attribute__((always_inline)) {
      Unroll<NG>([&](auto j) __attribute__((always_inline)) { acc[i][j] = b[j]; });
      half[i] = hb;
    });
    const int8_t* wp = wp0;
    auto step = [&](auto row_bytes) __attribute__((always_inline)) {
      HalfStep<MR, NG, kFlip>(acc, half, wp, vflip, row_bytes);
      wp += kStep;
    };
    const uint8_t* x = a;
    for (size_t tap = 0; tap < ks; ++tap, x += tap_stride) {
      for (size_t k = 0; k < kc; k += 4) {
        step([&](size_t i) __attribute__((always_inline)) {
          uint32_t v;
          std::memcpy(&v, x + i * a_stride + k, 4);
          return v;
        });
      }
    }
    if (row_corr != nullptr) {  // uint8 weights with a zero point: the rows' corrections
      const int32_t* corr = row_corr + t * MR;
      Unroll<MR>([&](auto i) __attribute__((always_inline)) {
        const __m512i v = _mm512_set1_epi32(corr[i]);
        Unroll<NG>([&](auto j) __attribute__((always_inline)) { acc[i][j] = _mm512_add_epi32(acc[i][j], v); });
        half[i] = _mm256_add_epi32(half[i], _mm512_castsi512_si256(v));
      });
    }
    if (sign_fix) {
      EpilogueHalfByGroup<MR, NG, true>(acc, half, MR, nc, c, c_stride, params, store);
    } else {
      EpilogueHalfByGroup<MR, NG, false>(acc, half, MR, nc, c, c_stride, params, store);
    }
  }
}

// The direct entry point of an MR x (16 * NG) tile, or MR x (16 * NG + 8) with kHalf (DirectTiles512,
// DirectTilesHalf); `tile_fn`, the kernel's tile entry point, takes the last m % MR rows.
template <size_t MR, size_t NG, bool kHalf>
__attribute__((always_inline)) inline bool GemmAvx512VnniDirect(size_t m, size_t nc, size_t kc, size_t ks,
                                                                const void* a, size_t a_stride, size_t tap_stride,
                                                                const void* w, void* c, size_t c_stride,
                                                                const int32_t* row_corr, const GemmParams& params,
                                                                GemmUkernelFn tile_fn) {
  constexpr size_t kMaxTaps = 8;  // the remainder rows' pointer array
  if (LeastShift512<NG + (kHalf ? 1 : 0)>(params) < 0 || params.requant.has_left_shift || kc % 4 != 0 ||
      ks > kMaxTaps) {
    return false;
  }
  const bool sign_fix = params.requant.output_min < params.requant.output_zero_point;
  const bool flip = (params.input_xor ^ 0x80) != 0;
  const size_t tiles = m / MR;
  const uint8_t* x = static_cast<const uint8_t*>(a);
  int8_t* out = static_cast<int8_t*>(c);
  if constexpr (kHalf) {
    (flip ? DirectTilesHalf<MR, NG, true> : DirectTilesHalf<MR, NG, false>)(tiles, nc, kc, ks, x, a_stride, tap_stride,
                                                                            w, out, c_stride, row_corr, params,
                                                                            sign_fix);
  } else {
    (flip ? DirectTiles512<MR, NG, true> : DirectTiles512<MR, NG, false>)(tiles, nc, kc, ks, x, a_stride, tap_stride, w,
                                                                          out, c_stride, row_corr, params, sign_fix);
  }
  if (const size_t rest = m - tiles * MR; rest != 0) {
    const void* rows[kMaxTaps * MR];
    for (size_t t = 0; t < ks; ++t) {
      for (size_t i = 0; i < MR; ++i) {
        rows[t * MR + i] = x + (tiles * MR + (i < rest ? i : rest - 1)) * a_stride + t * tap_stride;
      }
    }
    tile_fn(rest, nc, kc, ks, rows, MR, w, out + tiles * MR * c_stride, c_stride,
            row_corr != nullptr ? row_corr + tiles * MR : nullptr, params);
  }
  return true;
}

}  // namespace
}  // namespace octet::kernels

#endif  // OCTET_KERNELS_GEMM_GEMM_AVX512VNNI_BODY_H_
