// Shared body of the 256-bit VPDPBUSD GEMM kernel (4x16c4). The including file defines
// OCTET_GEMM_DPBUSD256(acc, u8, s8): the VEX form (AVX-VNNI, qs8-gemm-4x16c4-avxvnni.cc) or the EVEX
// form (AVX512-VNNI+VL, the test-only variant that lets machines without AVX-VNNI run this body).
// 16 ymm registers: 8 accumulators, 2 weight vectors, broadcast activations.
#ifndef OCTET_KERNELS_GEMM_GEMM_AVX256VNNI_BODY_H_
#define OCTET_KERNELS_GEMM_GEMM_AVX256VNNI_BODY_H_

#include <immintrin.h>

#include <cstring>

#include "kernels/gemm/gemm.h"
#include "kernels/gemm/gemm_avx2_store.h"

#ifndef OCTET_GEMM_DPBUSD256
#error "define OCTET_GEMM_DPBUSD256 before including this body"
#endif

namespace octet::kernels {
namespace {

inline void GemmAvx256VnniBody(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride,
                               const void* w, void* c, size_t c_stride, const int32_t* row_corr,
                               const GemmParams& params) {
  constexpr size_t kMR = 4;
  const int32_t* bias = static_cast<const int32_t*>(w);
  __m256i acc[kMR][2];
  const __m256i b0 = _mm256_load_si256(reinterpret_cast<const __m256i*>(bias));
  const __m256i b1 = _mm256_load_si256(reinterpret_cast<const __m256i*>(bias + 8));
  for (size_t i = 0; i < kMR; ++i) {
    acc[i][0] = b0;
    acc[i][1] = b1;
  }
  const int8_t* wp = reinterpret_cast<const int8_t*>(bias + 16);
  const __m256i vflip = _mm256_set1_epi8(static_cast<char>(params.input_xor ^ 0x80));
  const size_t kc4 = kc & ~size_t{3};
  for (size_t t = 0; t < ks; ++t) {
    const uint8_t* x[kMR];
    for (size_t i = 0; i < kMR; ++i) x[i] = static_cast<const uint8_t*>(a[t * a_tap_stride + i]);
    for (size_t k = 0; k < kc; k += 4) {
      const __m256i w0 = _mm256_load_si256(reinterpret_cast<const __m256i*>(wp));
      const __m256i w1 = _mm256_load_si256(reinterpret_cast<const __m256i*>(wp + 32));
      wp += 64;
      for (size_t i = 0; i < kMR; ++i) {
        int32_t xi = 0;
        if (k < kc4) {
          std::memcpy(&xi, x[i] + k, 4);
        } else {
          std::memcpy(&xi, x[i] + k, kc - k);  // padded weights are zero past kc
        }
        const __m256i xv = _mm256_xor_si256(_mm256_set1_epi32(xi), vflip);
        acc[i][0] = OCTET_GEMM_DPBUSD256(acc[i][0], xv, w0);
        acc[i][1] = OCTET_GEMM_DPBUSD256(acc[i][1], xv, w1);
      }
    }
  }
  for (size_t i = 0; i < mr; ++i) {
    RequantizeStoreRow16Avx2(acc[i][0], acc[i][1], row_corr != nullptr ? row_corr[i] : 0, params, nc,
                             static_cast<int8_t*>(c) + i * c_stride);
  }
}

}  // namespace
}  // namespace octet::kernels

#endif  // OCTET_KERNELS_GEMM_GEMM_AVX256VNNI_BODY_H_
