// aarch64 dot product (Armv8.2 DotProd) 4x16 tile over c4 packed weights, shared by the out-of-order
// core kernel (qs8-gemm-4x16c4-neondot.cc) and the in-order one (qs8-gemm-4x16c4-neondot-a55.cc),
// which differ only in the loop over whole 16-byte k blocks (MainLoop). SDOT by element: one 16-byte
// weight register (4 columns x 4 k) times the 4 activations of one row in lane L of that row's
// 16-byte load, 16 exact int8 products into 4 int32 lanes. Per 16 k: 4 activation + 16 weight loads
// feed 64 SDOT (16 accumulators). Signed x signed: no XOR-0x80 correction beyond the packer's (gemm.h).
#ifndef OCTET_KERNELS_GEMM_GEMM_NEONDOT_BODY_H_
#define OCTET_KERNELS_GEMM_GEMM_NEONDOT_BODY_H_

#include <arm_neon.h>

#include "kernels/gemm/gemm.h"
#include "kernels/gemm/gemm_neon_store.h"

namespace octet::kernels {
namespace {

constexpr size_t kDotMR = 4, kDotNR = 16, kDotKR = 4;

// acc[i][q]: row i, columns 4q..4q+3.
using DotAcc = int32x4_t[kDotMR][4];

template <int kLane>
inline void DotStep(DotAcc& acc, const int8x16_t (&xv)[kDotMR], const int8_t* wp) {
  const int8x16_t w0 = vld1q_s8(wp), w1 = vld1q_s8(wp + 16), w2 = vld1q_s8(wp + 32), w3 = vld1q_s8(wp + 48);
  for (size_t i = 0; i < kDotMR; ++i) {
    acc[i][0] = vdotq_laneq_s32(acc[i][0], w0, xv[i], kLane);
    acc[i][1] = vdotq_laneq_s32(acc[i][1], w1, xv[i], kLane);
    acc[i][2] = vdotq_laneq_s32(acc[i][2], w2, xv[i], kLane);
    acc[i][3] = vdotq_laneq_s32(acc[i][3], w3, xv[i], kLane);
  }
}

inline int8x16_t DotActivations(int8x16_t x, int8x16_t vxor, bool flip) { return flip ? veorq_s8(x, vxor) : x; }

// The intrinsic loop over `blocks` whole 16-byte k blocks of the rows x (from byte k0); advances wp.
template <bool kXor>
inline void DotBlocks(DotAcc& acc, const uint8_t* const* x, size_t k0, size_t blocks, int8x16_t vxor,
                      const int8_t*& wp) {
  for (size_t b = 0, k = k0; b < blocks; ++b, k += 16) {
    int8x16_t xv[kDotMR];
    for (size_t i = 0; i < kDotMR; ++i) {
      xv[i] = DotActivations(vld1q_s8(reinterpret_cast<const int8_t*>(x[i] + k)), vxor, kXor);
    }
    DotStep<0>(acc, xv, wp);
    DotStep<1>(acc, xv, wp + 64);
    DotStep<2>(acc, xv, wp + 128);
    DotStep<3>(acc, xv, wp + 192);
    wp += 16 * kDotNR;
  }
}

// kXor: uint8 model (activations flipped to signed in the loop); int8 models skip the EOR.
// MainLoop(acc, x, blocks, vxor, wp) runs the whole 16-byte blocks of one tap and advances wp.
template <bool kXor, typename MainLoop>
void GemmNeonDot4x16(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride,
                     const void* w, void* c, size_t c_stride, const int32_t* row_corr, const GemmParams& params,
                     MainLoop main_loop) {
  const int32_t* bias = static_cast<const int32_t*>(w);
  const int8_t* wp = reinterpret_cast<const int8_t*>(bias + kDotNR);
  DotAcc acc;
  for (size_t q = 0; q < 4; ++q) {
    const int32x4_t b = vld1q_s32(bias + 4 * q);
    for (size_t i = 0; i < kDotMR; ++i) acc[i][q] = b;
  }
  const int8x16_t vxor = vreinterpretq_s8_u8(vdupq_n_u8(params.input_xor));
  const size_t blocks = kc / 16, k16 = blocks * 16;
  for (size_t t = 0; t < ks; ++t) {
    const uint8_t* x[kDotMR];
    for (size_t i = 0; i < kDotMR; ++i) x[i] = static_cast<const uint8_t*>(a[t * a_tap_stride + i]);
    if (blocks != 0) main_loop(acc, x, blocks, vxor, wp);
    if (k16 < kc) {
      // Fewer than 16 left: a zero-padded copy, then only the k-groups the packing holds.
      int8x16_t xv[kDotMR];
      for (size_t i = 0; i < kDotMR; ++i) {
        uint8_t tail[16];
        LoadTailNeon(tail, x[i] + k16, kc - k16);
        xv[i] = DotActivations(vld1q_s8(reinterpret_cast<const int8_t*>(tail)), vxor, kXor);
      }
      const size_t groups = (kc - k16 + kDotKR - 1) / kDotKR;
      DotStep<0>(acc, xv, wp);
      if (groups > 1) DotStep<1>(acc, xv, wp + 64);
      if (groups > 2) DotStep<2>(acc, xv, wp + 128);
      if (groups > 3) DotStep<3>(acc, xv, wp + 192);
      wp += groups * kDotKR * kDotNR;
    }
  }
  const GemmNeonOutput o = LoadGemmNeonOutput(params);
  RequantNeon q[4];
  for (size_t j = 0; j < 4; ++j) q[j] = LoadRequantNeon(params.requant, 4 * j);
  for (size_t i = 0; i < mr; ++i) {
    const int32x4_t corr = vdupq_n_s32(row_corr != nullptr ? row_corr[i] : 0);
    int8_t* out = static_cast<int8_t*>(c) + i * c_stride;
    StoreGemmNeon8(out, nc, vaddq_s32(acc[i][0], corr), vaddq_s32(acc[i][1], corr), q[0], q[1], o);
    if (nc > 8) StoreGemmNeon8(out + 8, nc - 8, vaddq_s32(acc[i][2], corr), vaddq_s32(acc[i][3], corr), q[2], q[3], o);
  }
}

}  // namespace
}  // namespace octet::kernels

#endif  // OCTET_KERNELS_GEMM_GEMM_NEONDOT_BODY_H_
