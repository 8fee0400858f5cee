// The AVX-VNNI kernel body (gemm_avx256vnni_body.h) compiled with the EVEX 256-bit VPDPBUSD
// (AVX512-VNNI + VL), so machines with AVX-512 VNNI but without AVX-VNNI run and test that body.
#define OCTET_GEMM_DPBUSD256(acc, a, b) _mm256_dpbusd_epi32(acc, a, b)
#include "kernels/gemm/gemm_avx256vnni_body.h"
#include "tests/kernels/gemm/extra_kernels.h"

namespace octet::testing {
namespace {

void qs8_gemm_4x16c4__avxvnni_evex(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a,
                                   size_t a_tap_stride, const void* w, void* c, size_t c_stride,
                                   const int32_t* row_corr, const kernels::GemmParams& params) {
  kernels::GemmAvx256VnniBody(mr, nc, kc, ks, a, a_tap_stride, w, c, c_stride, row_corr, params);
}

const kernels::GemmUkernel kEvex256 = {"qs8_gemm_4x16c4__avxvnni_evex256", Isa::kAvx512Vnni, 4, 16, 4, true,
                                       qs8_gemm_4x16c4__avxvnni_evex};

}  // namespace

const kernels::GemmUkernel* Evex256Kernel() { return &kEvex256; }

}  // namespace octet::testing
