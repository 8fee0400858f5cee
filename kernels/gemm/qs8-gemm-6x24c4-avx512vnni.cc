// 6x24 tile, VPDPBUSD: column remainders of 17-24 and 24-channel layers (16 columns in 512-bit lanes, 8 in 256-bit).
#include "kernels/gemm/gemm_avx512vnni_body.h"

namespace octet::kernels {

void qs8_gemm_6x24c4__avx512vnni(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride,
                                 const void* w, void* c, size_t c_stride, const int32_t* row_corr,
                                 const GemmParams& params) {
  GemmAvx512VnniHalfBody<6, 1>(mr, nc, kc, ks, a, a_tap_stride, w, c, c_stride, row_corr, params);
}

bool qs8_gemm_6x24c4__avx512vnni_direct(size_t m, size_t nc, size_t kc, size_t ks, const void* a, size_t a_stride,
                                        size_t tap_stride, const void* w, void* c, size_t c_stride,
                                        const int32_t* row_corr, const GemmParams& params) {
  return GemmAvx512VnniDirect<6, 1, true>(m, nc, kc, ks, a, a_stride, tap_stride, w, c, c_stride, row_corr, params,
                                          qs8_gemm_6x24c4__avx512vnni);
}

}  // namespace octet::kernels
