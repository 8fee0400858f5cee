// aarch64 NEON (Armv8.0, e.g. Cortex-A53/A55 without dot product): 2x8 tile over c8 packed
// weights, SMULL + SADALP (gemm_neon_mull_body.h). 16 accumulators + 2 activation + 2 weight
// registers of the 32.
#include "kernels/gemm/gemm_neon_mull_body.h"

namespace octet::kernels {

void qs8_gemm_2x8c8__neon_mull(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride,
                               const void* w, void* c, size_t c_stride, const int32_t* row_corr,
                               const GemmParams& params) {
  GemmNeonMullC8<2, 8>(mr, nc, kc, ks, a, a_tap_stride, w, c, c_stride, row_corr, params);
}

}  // namespace octet::kernels
