// aarch64 dot product (Armv8.2 DotProd) for out-of-order cores (Cortex-A76 and later, Neoverse):
// 4x16 tile over c4 packed weights (gemm_neondot_body.h), 16-byte loads of weights and activations.
// In-order cores (Cortex-A55/A510) get qs8-gemm-4x16c4-neondot-a55.cc instead.
#include "kernels/gemm/gemm_neondot_body.h"

namespace octet::kernels {
namespace {

template <bool kXor>
void Gemm(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride, const void* w, void* c,
          size_t c_stride, const int32_t* row_corr, const GemmParams& params) {
  GemmNeonDot4x16<kXor>(mr, nc, kc, ks, a, a_tap_stride, w, c, c_stride, row_corr, params,
                        [](DotAcc& acc, const uint8_t* const* x, size_t blocks, int8x16_t vxor, const int8_t*& wp) {
                          DotBlocks<kXor>(acc, x, 0, blocks, vxor, wp);
                        });
}

}  // namespace

void qs8_gemm_4x16c4__neondot(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride,
                              const void* w, void* c, size_t c_stride, const int32_t* row_corr,
                              const GemmParams& params) {
  (params.input_xor != 0 ? Gemm<true> : Gemm<false>)(mr, nc, kc, ks, a, a_tap_stride, w, c, c_stride, row_corr, params);
}

}  // namespace octet::kernels
