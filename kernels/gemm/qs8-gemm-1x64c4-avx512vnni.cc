// 1x64 tile, 512-bit VPDPBUSD: one-row products (GEMV: FULLY_CONNECTED and 1x1 convolutions of a single pixel).
#include "kernels/gemm/gemm_avx512vnni_body.h"

namespace octet::kernels {

void qs8_gemm_1x64c4__avx512vnni(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride,
                                 const void* w, void* c, size_t c_stride, const int32_t* row_corr,
                                 const GemmParams& params) {
  GemmAvx512VnniBody<1, 4>(mr, nc, kc, ks, a, a_tap_stride, w, c, c_stride, row_corr, params);
}

}  // namespace octet::kernels
