// NEON (no dot product) GEMM body over the c8 packed layout, exact for every int8 x int8 product:
// each column's 8 weights of a k-group are multiplied with the row's 8 activations by SMULL
// (8 exact int16 products) and pairwise-added into int32 lanes by SADALP. (SMLAL-pairs in 16 bits,
// as XNNPACK's mlal kernels do, would overflow on (-128) * (-128) + (-128) * (-128), which the
// XOR-0x80 fold of uint8 models produces.) Activations and weights are loaded 8 bytes at a time
// (D registers): no lane shuffles in the loop.
// Accumulators are per (row, column) partial sums in 4 lanes, reduced once in the epilogue.
#ifndef OCTET_KERNELS_GEMM_GEMM_NEON_MULL_BODY_H_
#define OCTET_KERNELS_GEMM_GEMM_NEON_MULL_BODY_H_

#include <arm_neon.h>

#include "kernels/gemm/gemm.h"
#include "kernels/gemm/gemm_neon_store.h"

namespace octet::kernels {
namespace {

// One k-group of 8: every row's 8 activations times every column's 8 weights.
template <size_t kMR, size_t kNR>
inline void GemmNeonMullStep(int32x4_t (&acc)[kMR][kNR], const int8x8_t (&xv)[kMR], const int8_t* wp) {
  for (size_t j = 0; j < kNR; ++j) {
    const int8x8_t wv = vld1_s8(wp + 8 * j);
    for (size_t i = 0; i < kMR; ++i) acc[i][j] = vpadalq_s16(acc[i][j], vmull_s8(xv[i], wv));
  }
}

template <size_t kMR, size_t kNR>
inline void GemmNeonMullC8(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride,
                           const void* w, void* c, size_t c_stride, const int32_t* row_corr, const GemmParams& params) {
  static_assert(kNR % 4 == 0, "columns come in quads");
  constexpr size_t kKR = 8;
  const int32_t* bias = static_cast<const int32_t*>(w);
  const int8_t* wp = reinterpret_cast<const int8_t*>(bias + kNR);
  int32x4_t acc[kMR][kNR];
  for (size_t i = 0; i < kMR; ++i) {
    for (size_t j = 0; j < kNR; ++j) acc[i][j] = vdupq_n_s32(0);
  }
  const int8x8_t vxor = vreinterpret_s8_u8(vdup_n_u8(params.input_xor));
  const size_t kc8 = kc & ~(kKR - 1);
  for (size_t t = 0; t < ks; ++t) {
    const uint8_t* x[kMR];
    for (size_t i = 0; i < kMR; ++i) x[i] = static_cast<const uint8_t*>(a[t * a_tap_stride + i]);
    size_t k = 0;
    for (; k < kc8; k += kKR) {
      int8x8_t xv[kMR];
      for (size_t i = 0; i < kMR; ++i) xv[i] = veor_s8(vld1_s8(reinterpret_cast<const int8_t*>(x[i] + k)), vxor);
      GemmNeonMullStep<kMR, kNR>(acc, xv, wp);
      wp += kNR * kKR;
    }
    if (k < kc) {
      int8x8_t xv[kMR];
      for (size_t i = 0; i < kMR; ++i) {
        uint8_t tail[16];
        LoadTailNeon(tail, x[i] + k, kc - k);
        xv[i] = veor_s8(vld1_s8(reinterpret_cast<const int8_t*>(tail)), vxor);
      }
      GemmNeonMullStep<kMR, kNR>(acc, xv, wp);
      wp += kNR * kKR;
    }
  }
  const GemmNeonOutput o = LoadGemmNeonOutput(params);
  RequantNeon q[kNR / 4];
  int32x4_t b[kNR / 4];
  for (size_t j = 0; j < kNR / 4; ++j) {
    q[j] = LoadRequantNeon(params.requant, 4 * j);
    b[j] = vld1q_s32(bias + 4 * j);
  }
  for (size_t i = 0; i < mr; ++i) {
    const int32x4_t corr = vdupq_n_s32(row_corr != nullptr ? row_corr[i] : 0);
    int32x4_t sum[kNR / 4];
    for (size_t j = 0; j < kNR / 4; ++j) {
      sum[j] = vaddq_s32(
          vaddq_s32(ReduceQuadNeon(acc[i][4 * j], acc[i][4 * j + 1], acc[i][4 * j + 2], acc[i][4 * j + 3]), b[j]),
          corr);
    }
    int8_t* out = static_cast<int8_t*>(c) + i * c_stride;
    for (size_t j = 0; j < kNR / 4; j += 2) {
      if (4 * j >= nc) break;
      const size_t h = j + 1 < kNR / 4 ? j + 1 : j;
      StoreGemmNeon8(out + 4 * j, nc - 4 * j, sum[j], sum[h], q[j], q[h], o);
    }
  }
}

}  // namespace
}  // namespace octet::kernels

#endif  // OCTET_KERNELS_GEMM_GEMM_NEON_MULL_BODY_H_
