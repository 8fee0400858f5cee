// 4x16 tile, 256-bit VEX VPDPBUSD (AVX-VNNI: Alder Lake and later, Zen 5 client parts).
#define OCTET_GEMM_DPBUSD256(acc, a, b) _mm256_dpbusd_avx_epi32(acc, a, b)
#include "kernels/gemm/gemm_avx256vnni_body.h"

namespace octet::kernels {

void qs8_gemm_4x16c4__avxvnni(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride,
                              const void* w, void* c, size_t c_stride, const int32_t* row_corr,
                              const GemmParams& params) {
  GemmAvx256VnniBody(mr, nc, kc, ks, a, a_tap_stride, w, c, c_stride, row_corr, params);
}

}  // namespace octet::kernels
