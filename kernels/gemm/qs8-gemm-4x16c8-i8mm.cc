// aarch64 i8mm (Armv8.6 int8 matrix multiply, Cortex-A510/A710/X2, Neoverse V1/N2 and later): 4x16
// tile over c8 packed weights. SMMLA multiplies a 2x8 block of activations (two rows' 8 bytes, one
// register) by an 8x2 block of weights (two columns' 8 bytes, one register of the c8 layout as
// packed) into a 2x2 int32 block: 32 exact products per instruction, twice SDOT's. Per 16 k: 4
// activation loads + 4 ZIP1/ZIP2 pairs (row pairs), 16 weight loads, 32 SMMLA into 16 accumulators.
#include <arm_neon.h>

#include <cstring>

#include "kernels/gemm/gemm.h"
#include "kernels/gemm/gemm_neon_store.h"

namespace octet::kernels {
namespace {

constexpr size_t kMR = 4, kNR = 16, kKR = 8;

// acc[p][q]: rows 2p, 2p+1 x columns 2q, 2q+1 as {r0c0, r0c1, r1c0, r1c1}.
inline void MmlaStep(int32x4_t (&acc)[kMR / 2][kNR / 2], const int8x16_t (&xp)[kMR / 2], const int8_t* wp) {
  for (size_t q = 0; q < kNR / 2; ++q) {
    const int8x16_t wq = vld1q_s8(wp + 16 * q);
    for (size_t p = 0; p < kMR / 2; ++p) acc[p][q] = vmmlaq_s32(acc[p][q], xp[p], wq);
  }
}

inline int8x16_t RowPair(int8x16_t r0, int8x16_t r1, bool high) {
  const int64x2_t a = vreinterpretq_s64_s8(r0), b = vreinterpretq_s64_s8(r1);
  return vreinterpretq_s8_s64(high ? vzip2q_s64(a, b) : vzip1q_s64(a, b));
}

inline int8x16_t Activations(int8x16_t x, int8x16_t vxor, bool flip) { return flip ? veorq_s8(x, vxor) : x; }

// kXor: uint8 model (activations flipped to signed in the loop); int8 models skip the EOR.
template <bool kXor>
void Gemm(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride, const void* w, void* c,
          size_t c_stride, const int32_t* row_corr, const GemmParams& params) {
  const int32_t* bias = static_cast<const int32_t*>(w);
  const int8_t* wp = reinterpret_cast<const int8_t*>(bias + kNR);
  int32x4_t acc[kMR / 2][kNR / 2];
  for (size_t q = 0; q < kNR / 2; ++q) {
    const int32x2_t b = vld1_s32(bias + 2 * q);
    for (size_t p = 0; p < kMR / 2; ++p) acc[p][q] = vcombine_s32(b, b);
  }
  const int8x16_t vxor = vreinterpretq_s8_u8(vdupq_n_u8(params.input_xor));
  const size_t kc16 = kc & ~size_t{15};
  for (size_t t = 0; t < ks; ++t) {
    const uint8_t* x[kMR];
    for (size_t i = 0; i < kMR; ++i) x[i] = static_cast<const uint8_t*>(a[t * a_tap_stride + i]);
    size_t k = 0;
    for (; k < kc16; k += 16) {
      int8x16_t xv[kMR];
      for (size_t i = 0; i < kMR; ++i)
        xv[i] = Activations(vld1q_s8(reinterpret_cast<const int8_t*>(x[i] + k)), vxor, kXor);
      const int8x16_t lo[kMR / 2] = {RowPair(xv[0], xv[1], false), RowPair(xv[2], xv[3], false)};
      MmlaStep(acc, lo, wp);
      const int8x16_t hi[kMR / 2] = {RowPair(xv[0], xv[1], true), RowPair(xv[2], xv[3], true)};
      MmlaStep(acc, hi, wp + 8 * kNR);
      wp += 16 * kNR;
    }
    if (k < kc) {
      int8x16_t xv[kMR];
      for (size_t i = 0; i < kMR; ++i) {
        uint8_t tail[16];
        LoadTailNeon(tail, x[i] + k, kc - k);
        xv[i] = Activations(vld1q_s8(reinterpret_cast<const int8_t*>(tail)), vxor, kXor);
      }
      const int8x16_t lo[kMR / 2] = {RowPair(xv[0], xv[1], false), RowPair(xv[2], xv[3], false)};
      MmlaStep(acc, lo, wp);
      wp += kKR * kNR;
      if (kc - k > kKR) {
        const int8x16_t hi[kMR / 2] = {RowPair(xv[0], xv[1], true), RowPair(xv[2], xv[3], true)};
        MmlaStep(acc, hi, wp);
        wp += kKR * kNR;
      }
    }
  }
  const GemmNeonOutput o = LoadGemmNeonOutput(params);
  RequantNeon q[4];
  for (size_t j = 0; j < 4; ++j) q[j] = LoadRequantNeon(params.requant, 4 * j);
  for (size_t i = 0; i < mr; ++i) {
    const int32x4_t corr = vdupq_n_s32(row_corr != nullptr ? row_corr[i] : 0);
    const size_t p = i / 2;
    int32x4_t row[4];
    for (size_t s = 0; s < 4; ++s) {
      const int64x2_t l = vreinterpretq_s64_s32(acc[p][2 * s]), h = vreinterpretq_s64_s32(acc[p][2 * s + 1]);
      row[s] = vaddq_s32(vreinterpretq_s32_s64(i % 2 == 0 ? vzip1q_s64(l, h) : vzip2q_s64(l, h)), corr);
    }
    int8_t* out = static_cast<int8_t*>(c) + i * c_stride;
    StoreGemmNeon8(out, nc, row[0], row[1], q[0], q[1], o);
    if (nc > 8) StoreGemmNeon8(out + 8, nc - 8, row[2], row[3], q[2], q[3], o);
  }
}

}  // namespace

void qs8_gemm_4x16c8__i8mm(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride,
                           const void* w, void* c, size_t c_stride, const int32_t* row_corr, const GemmParams& params) {
  (params.input_xor != 0 ? Gemm<true> : Gemm<false>)(mr, nc, kc, ks, a, a_tap_stride, w, c, c_stride, row_corr, params);
}

}  // namespace octet::kernels
