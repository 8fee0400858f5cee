// Portable 2x8 tile over the c4 packed layout: every CPU has a path, and it pins down the contract
// (gemm.h) the SIMD kernels implement.
#include <cstdint>

#include "kernels/gemm/gemm.h"

namespace octet::kernels {

void qs8_gemm_2x8c4__scalar(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride,
                            const void* w, void* c, size_t c_stride, const int32_t* row_corr,
                            const GemmParams& params) {
  constexpr size_t kMR = 2, kNR = 8, kKR = 4;
  const int32_t* bias = static_cast<const int32_t*>(w);
  const int8_t* wp = reinterpret_cast<const int8_t*>(bias + kNR);
  int32_t acc[kMR][kNR];
  for (size_t i = 0; i < kMR; ++i) {
    for (size_t j = 0; j < kNR; ++j) acc[i][j] = bias[j];
  }
  const size_t kc_padded = (kc + kKR - 1) / kKR * kKR;
  for (size_t t = 0; t < ks; ++t) {
    for (size_t i = 0; i < mr; ++i) {
      const uint8_t* x = static_cast<const uint8_t*>(a[t * a_tap_stride + i]);
      for (size_t k = 0; k < kc; ++k) {
        const int32_t xs = static_cast<int8_t>(x[k] ^ params.input_xor);
        const int8_t* wk = wp + (k / kKR) * kNR * kKR + k % kKR;
        for (size_t j = 0; j < kNR; ++j) {
          acc[i][j] = static_cast<int32_t>(static_cast<uint32_t>(acc[i][j]) +
                                           static_cast<uint32_t>(xs * static_cast<int32_t>(wk[j * kKR])));
        }
      }
    }
    wp += kc_padded * kNR;
  }
  for (size_t i = 0; i < mr; ++i) {
    int8_t* out = static_cast<int8_t*>(c) + i * c_stride;
    const uint32_t corr = row_corr != nullptr ? static_cast<uint32_t>(row_corr[i]) : 0u;
    for (size_t j = 0; j < nc; ++j) {
      const int32_t v = RequantizeOne(params.requant, j, static_cast<int32_t>(static_cast<uint32_t>(acc[i][j]) + corr));
      out[j] = static_cast<int8_t>(static_cast<uint8_t>(v) ^ params.output_xor);
    }
  }
}

}  // namespace octet::kernels
