// armv7 NEON (32-bit, 16 quad registers): 2x4 tile over c8 packed weights, VMULL.S8 + VPADAL.S16
// (gemm_neon_mull_body.h). 8 accumulators + 2 activation + 1 weight + product registers.
#include "kernels/gemm/gemm_neon_mull_body.h"

namespace octet::kernels {

void qs8_gemm_2x4c8__aarch32_neon_mull(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a,
                                       size_t a_tap_stride, const void* w, void* c, size_t c_stride,
                                       const int32_t* row_corr, const GemmParams& params) {
  GemmNeonMullC8<2, 4>(mr, nc, kc, ks, a, a_tap_stride, w, c, c_stride, row_corr, params);
}

}  // namespace octet::kernels
