// One-step requantization (kernels/common/requantize.h, RequantizeOne) of 16 int32 lanes for the
// AVX-512 depthwise kernels, from a packed per-16-lane table: vpmuldq on the even dwords and on the
// odd dwords shifted down (no 32->64 widening shuffles), p = acc * M, s = p + R - (p < -2^30 ? C : 0),
// r = s >> S (vpsravq), and vpshufd with a merge mask interleaves the even and odd results. Zero
// point and clamp are left to the caller. Table layout (kEvenOddRequantBytes, built in dwconv.cc):
//   +0 M[16] int32 | +64 M_odd[8] | +128 R_even[8] | +192 R_odd[8] | +256 C_even[8] | +320 C_odd[8]
//   | +384 S_even[8] | +448 S_odd[8] (int64) | +512 left multiplier[16] int32
// Include only from AVX-512 translation units.
#ifndef OCTET_KERNELS_DWCONV_REQUANTIZE_EVENODD_AVX512_H_
#define OCTET_KERNELS_DWCONV_REQUANTIZE_EVENODD_AVX512_H_

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

namespace octet::kernels::dwconv {
namespace {

constexpr size_t kEvenOddRequantBytes = 576;

inline __m512i Requantize16(__m512i acc, const uint8_t* t, bool left_shift) {
  if (left_shift) acc = _mm512_mullo_epi32(acc, _mm512_loadu_si512(t + 512));
  const __m512i pe = _mm512_mul_epi32(acc, _mm512_loadu_si512(t));
  const __m512i po = _mm512_mul_epi32(_mm512_srli_epi64(acc, 32), _mm512_loadu_si512(t + 64));
  const __m512i limit = _mm512_set1_epi64(-(int64_t{1} << 30));
  __m512i se = _mm512_add_epi64(pe, _mm512_loadu_si512(t + 128));
  __m512i so = _mm512_add_epi64(po, _mm512_loadu_si512(t + 192));
  se = _mm512_mask_sub_epi64(se, _mm512_cmplt_epi64_mask(pe, limit), se, _mm512_loadu_si512(t + 256));
  so = _mm512_mask_sub_epi64(so, _mm512_cmplt_epi64_mask(po, limit), so, _mm512_loadu_si512(t + 320));
  se = _mm512_srav_epi64(se, _mm512_loadu_si512(t + 384));
  so = _mm512_srav_epi64(so, _mm512_loadu_si512(t + 448));
  return _mm512_mask_shuffle_epi32(se, 0xAAAA, so, _MM_PERM_CCAA);
}

}  // namespace
}  // namespace octet::kernels::dwconv

#endif  // OCTET_KERNELS_DWCONV_REQUANTIZE_EVENODD_AVX512_H_
