// aarch64 NEON (no dot product) for in-order cores (Cortex-A53/A55 class): the 2x8c8 SMULL + SADALP
// kernel of gemm_neon_mull_body.h with the loop over whole 8-byte k steps written in assembly. An
// in-order NEON pipe waits for each SMULL's product (latency 4), so each SADALP here adds the product
// of the SMULL three before it (the products start zeroed, so the first SADALPs add nothing and the
// last three are added after the loop). All loads are 64-bit (LDR D, register offset): the next
// step's weights load column by column once the current step has read them, the next step's rows
// into the other pair of row registers (d0/d1 on even steps, d2/d3 on odd ones); the last step runs
// without loads (nothing is read past the rows or the packed weights).
// Registers: v16-v31 accumulators (row r, column j in v(16+8r+j), 4 partial sums each), v8-v15 the
// step's weights, v4-v7 products. uint8 models (activations XOR 0x80) run the intrinsic kernel.
// benchmarks/arm/llvm_mca.py measures this loop on the in-order cores.
#include <arm_neon.h>

#include <cstring>

#include "kernels/gemm/gemm.h"
#include "kernels/gemm/gemm_neon_store.h"

namespace octet::kernels {
namespace {

constexpr size_t kMR = 2, kNR = 8, kKR = 8;

// `steps` (>= 1) whole 8-byte k steps of rows x0, x1 with weights from w; acc: 64 int32 in register
// order (row-major [row][column][4]), read and written back.
void MullStepsInOrder(int32_t* acc, const uint8_t* x0, const uint8_t* x1, size_t steps, const int8_t* w) {
  size_t n = (steps - 1) / 2;  // loop iterations (two steps each, loading the next)
  const size_t odd = steps & 1;
  const int8_t* w64 = w + 64;  // the odd steps' weights (w: the even steps', after the first)
  size_t k = 16, k8 = 8;       // row offsets of the even and odd steps
  __asm__ volatile(
      "ld1 {v16.4s, v17.4s, v18.4s, v19.4s}, [%[acc]], 64\n"
      "ld1 {v20.4s, v21.4s, v22.4s, v23.4s}, [%[acc]], 64\n"
      "ld1 {v24.4s, v25.4s, v26.4s, v27.4s}, [%[acc]], 64\n"
      "ld1 {v28.4s, v29.4s, v30.4s, v31.4s}, [%[acc]]\n"
      "sub %[acc], %[acc], 192\n"
      "ldr d0, [%[a0]]\n"
      "ldr d1, [%[a1]]\n"
      "ld1 {v8.8b, v9.8b, v10.8b, v11.8b}, [%[w]], 32\n"
      "ld1 {v12.8b, v13.8b, v14.8b, v15.8b}, [%[w]], 32\n"
      "add %[w], %[w], 64\n"
      "movi v4.16b, 0\n"
      "movi v5.16b, 0\n"
      "movi v6.16b, 0\n"
      "movi v7.16b, 0\n"
      "cbz %[n], .Lneon_a55_end%=\n"
      ".Lneon_a55_loop%=:\n"
      "smull v4.8h, v0.8b, v8.8b\n"
      "sadalp v30.4s, v5.8h\n"
      "subs %[n], %[n], 1\n"
      "smull v5.8h, v1.8b, v8.8b\n"
      "sadalp v23.4s, v6.8h\n"
      "ldr d8, [%[w64], %[o0]]\n"
      "smull v6.8h, v0.8b, v9.8b\n"
      "sadalp v31.4s, v7.8h\n"
      "ldr d2, [%[a0], %[k8]]\n"
      "smull v7.8h, v1.8b, v9.8b\n"
      "sadalp v16.4s, v4.8h\n"
      "ldr d9, [%[w64], %[o8]]\n"
      "smull v4.8h, v0.8b, v10.8b\n"
      "sadalp v24.4s, v5.8h\n"
      "ldr d3, [%[a1], %[k8]]\n"
      "smull v5.8h, v1.8b, v10.8b\n"
      "sadalp v17.4s, v6.8h\n"
      "ldr d10, [%[w64], %[o16]]\n"
      "smull v6.8h, v0.8b, v11.8b\n"
      "sadalp v25.4s, v7.8h\n"
      "smull v7.8h, v1.8b, v11.8b\n"
      "sadalp v18.4s, v4.8h\n"
      "ldr d11, [%[w64], %[o24]]\n"
      "smull v4.8h, v0.8b, v12.8b\n"
      "sadalp v26.4s, v5.8h\n"
      "smull v5.8h, v1.8b, v12.8b\n"
      "sadalp v19.4s, v6.8h\n"
      "ldr d12, [%[w64], %[o32]]\n"
      "smull v6.8h, v0.8b, v13.8b\n"
      "sadalp v27.4s, v7.8h\n"
      "smull v7.8h, v1.8b, v13.8b\n"
      "sadalp v20.4s, v4.8h\n"
      "ldr d13, [%[w64], %[o40]]\n"
      "smull v4.8h, v0.8b, v14.8b\n"
      "sadalp v28.4s, v5.8h\n"
      "smull v5.8h, v1.8b, v14.8b\n"
      "sadalp v21.4s, v6.8h\n"
      "ldr d14, [%[w64], %[o48]]\n"
      "smull v6.8h, v0.8b, v15.8b\n"
      "sadalp v29.4s, v7.8h\n"
      "smull v7.8h, v1.8b, v15.8b\n"
      "sadalp v22.4s, v4.8h\n"
      "ldr d15, [%[w64], %[o56]]\n"
      "smull v4.8h, v2.8b, v8.8b\n"
      "sadalp v30.4s, v5.8h\n"
      "smull v5.8h, v3.8b, v8.8b\n"
      "sadalp v23.4s, v6.8h\n"
      "ldr d8, [%[w], %[o0]]\n"
      "smull v6.8h, v2.8b, v9.8b\n"
      "sadalp v31.4s, v7.8h\n"
      "ldr d0, [%[a0], %[k]]\n"
      "smull v7.8h, v3.8b, v9.8b\n"
      "sadalp v16.4s, v4.8h\n"
      "ldr d9, [%[w], %[o8]]\n"
      "smull v4.8h, v2.8b, v10.8b\n"
      "sadalp v24.4s, v5.8h\n"
      "ldr d1, [%[a1], %[k]]\n"
      "smull v5.8h, v3.8b, v10.8b\n"
      "sadalp v17.4s, v6.8h\n"
      "ldr d10, [%[w], %[o16]]\n"
      "smull v6.8h, v2.8b, v11.8b\n"
      "sadalp v25.4s, v7.8h\n"
      "smull v7.8h, v3.8b, v11.8b\n"
      "sadalp v18.4s, v4.8h\n"
      "ldr d11, [%[w], %[o24]]\n"
      "smull v4.8h, v2.8b, v12.8b\n"
      "sadalp v26.4s, v5.8h\n"
      "smull v5.8h, v3.8b, v12.8b\n"
      "sadalp v19.4s, v6.8h\n"
      "ldr d12, [%[w], %[o32]]\n"
      "smull v6.8h, v2.8b, v13.8b\n"
      "sadalp v27.4s, v7.8h\n"
      "smull v7.8h, v3.8b, v13.8b\n"
      "sadalp v20.4s, v4.8h\n"
      "ldr d13, [%[w], %[o40]]\n"
      "smull v4.8h, v2.8b, v14.8b\n"
      "sadalp v28.4s, v5.8h\n"
      "smull v5.8h, v3.8b, v14.8b\n"
      "sadalp v21.4s, v6.8h\n"
      "ldr d14, [%[w], %[o48]]\n"
      "smull v6.8h, v2.8b, v15.8b\n"
      "sadalp v29.4s, v7.8h\n"
      "smull v7.8h, v3.8b, v15.8b\n"
      "sadalp v22.4s, v4.8h\n"
      "ldr d15, [%[w], %[o56]]\n"
      "add %[w], %[w], 128\n"
      "add %[w64], %[w64], 128\n"
      "add %[k], %[k], 16\n"
      "add %[k8], %[k8], 16\n"
      "b.ne .Lneon_a55_loop%=\n"
      ".Lneon_a55_end%=:\n"
      "cbnz %[odd], .Lneon_a55_odd%=\n"
      "smull v4.8h, v0.8b, v8.8b\n"
      "sadalp v30.4s, v5.8h\n"
      "smull v5.8h, v1.8b, v8.8b\n"
      "sadalp v23.4s, v6.8h\n"
      "ldr d8, [%[w64], %[o0]]\n"
      "smull v6.8h, v0.8b, v9.8b\n"
      "sadalp v31.4s, v7.8h\n"
      "ldr d2, [%[a0], %[k8]]\n"
      "smull v7.8h, v1.8b, v9.8b\n"
      "sadalp v16.4s, v4.8h\n"
      "ldr d9, [%[w64], %[o8]]\n"
      "smull v4.8h, v0.8b, v10.8b\n"
      "sadalp v24.4s, v5.8h\n"
      "ldr d3, [%[a1], %[k8]]\n"
      "smull v5.8h, v1.8b, v10.8b\n"
      "sadalp v17.4s, v6.8h\n"
      "ldr d10, [%[w64], %[o16]]\n"
      "smull v6.8h, v0.8b, v11.8b\n"
      "sadalp v25.4s, v7.8h\n"
      "smull v7.8h, v1.8b, v11.8b\n"
      "sadalp v18.4s, v4.8h\n"
      "ldr d11, [%[w64], %[o24]]\n"
      "smull v4.8h, v0.8b, v12.8b\n"
      "sadalp v26.4s, v5.8h\n"
      "smull v5.8h, v1.8b, v12.8b\n"
      "sadalp v19.4s, v6.8h\n"
      "ldr d12, [%[w64], %[o32]]\n"
      "smull v6.8h, v0.8b, v13.8b\n"
      "sadalp v27.4s, v7.8h\n"
      "smull v7.8h, v1.8b, v13.8b\n"
      "sadalp v20.4s, v4.8h\n"
      "ldr d13, [%[w64], %[o40]]\n"
      "smull v4.8h, v0.8b, v14.8b\n"
      "sadalp v28.4s, v5.8h\n"
      "smull v5.8h, v1.8b, v14.8b\n"
      "sadalp v21.4s, v6.8h\n"
      "ldr d14, [%[w64], %[o48]]\n"
      "smull v6.8h, v0.8b, v15.8b\n"
      "sadalp v29.4s, v7.8h\n"
      "smull v7.8h, v1.8b, v15.8b\n"
      "sadalp v22.4s, v4.8h\n"
      "ldr d15, [%[w64], %[o56]]\n"
      "smull v4.8h, v2.8b, v8.8b\n"
      "sadalp v30.4s, v5.8h\n"
      "smull v5.8h, v3.8b, v8.8b\n"
      "sadalp v23.4s, v6.8h\n"
      "smull v6.8h, v2.8b, v9.8b\n"
      "sadalp v31.4s, v7.8h\n"
      "smull v7.8h, v3.8b, v9.8b\n"
      "sadalp v16.4s, v4.8h\n"
      "smull v4.8h, v2.8b, v10.8b\n"
      "sadalp v24.4s, v5.8h\n"
      "smull v5.8h, v3.8b, v10.8b\n"
      "sadalp v17.4s, v6.8h\n"
      "smull v6.8h, v2.8b, v11.8b\n"
      "sadalp v25.4s, v7.8h\n"
      "smull v7.8h, v3.8b, v11.8b\n"
      "sadalp v18.4s, v4.8h\n"
      "smull v4.8h, v2.8b, v12.8b\n"
      "sadalp v26.4s, v5.8h\n"
      "smull v5.8h, v3.8b, v12.8b\n"
      "sadalp v19.4s, v6.8h\n"
      "smull v6.8h, v2.8b, v13.8b\n"
      "sadalp v27.4s, v7.8h\n"
      "smull v7.8h, v3.8b, v13.8b\n"
      "sadalp v20.4s, v4.8h\n"
      "smull v4.8h, v2.8b, v14.8b\n"
      "sadalp v28.4s, v5.8h\n"
      "smull v5.8h, v3.8b, v14.8b\n"
      "sadalp v21.4s, v6.8h\n"
      "smull v6.8h, v2.8b, v15.8b\n"
      "sadalp v29.4s, v7.8h\n"
      "smull v7.8h, v3.8b, v15.8b\n"
      "sadalp v22.4s, v4.8h\n"
      "b .Lneon_a55_drain%=\n"
      ".Lneon_a55_odd%=:\n"
      "smull v4.8h, v0.8b, v8.8b\n"
      "sadalp v30.4s, v5.8h\n"
      "smull v5.8h, v1.8b, v8.8b\n"
      "sadalp v23.4s, v6.8h\n"
      "smull v6.8h, v0.8b, v9.8b\n"
      "sadalp v31.4s, v7.8h\n"
      "smull v7.8h, v1.8b, v9.8b\n"
      "sadalp v16.4s, v4.8h\n"
      "smull v4.8h, v0.8b, v10.8b\n"
      "sadalp v24.4s, v5.8h\n"
      "smull v5.8h, v1.8b, v10.8b\n"
      "sadalp v17.4s, v6.8h\n"
      "smull v6.8h, v0.8b, v11.8b\n"
      "sadalp v25.4s, v7.8h\n"
      "smull v7.8h, v1.8b, v11.8b\n"
      "sadalp v18.4s, v4.8h\n"
      "smull v4.8h, v0.8b, v12.8b\n"
      "sadalp v26.4s, v5.8h\n"
      "smull v5.8h, v1.8b, v12.8b\n"
      "sadalp v19.4s, v6.8h\n"
      "smull v6.8h, v0.8b, v13.8b\n"
      "sadalp v27.4s, v7.8h\n"
      "smull v7.8h, v1.8b, v13.8b\n"
      "sadalp v20.4s, v4.8h\n"
      "smull v4.8h, v0.8b, v14.8b\n"
      "sadalp v28.4s, v5.8h\n"
      "smull v5.8h, v1.8b, v14.8b\n"
      "sadalp v21.4s, v6.8h\n"
      "smull v6.8h, v0.8b, v15.8b\n"
      "sadalp v29.4s, v7.8h\n"
      "smull v7.8h, v1.8b, v15.8b\n"
      "sadalp v22.4s, v4.8h\n"
      ".Lneon_a55_drain%=:\n"
      "sadalp v30.4s, v5.8h\n"
      "sadalp v23.4s, v6.8h\n"
      "sadalp v31.4s, v7.8h\n"
      "st1 {v16.4s, v17.4s, v18.4s, v19.4s}, [%[acc]], 64\n"
      "st1 {v20.4s, v21.4s, v22.4s, v23.4s}, [%[acc]], 64\n"
      "st1 {v24.4s, v25.4s, v26.4s, v27.4s}, [%[acc]], 64\n"
      "st1 {v28.4s, v29.4s, v30.4s, v31.4s}, [%[acc]]\n"
      : [acc] "+&r"(acc), [w] "+&r"(w), [w64] "+&r"(w64), [k] "+&r"(k), [k8] "+&r"(k8), [n] "+&r"(n)
      : [a0] "r"(x0), [a1] "r"(x1), [odd] "r"(odd), [o0] "r"(int64_t{0}), [o8] "r"(int64_t{8}), [o16] "r"(int64_t{16}),
        [o24] "r"(int64_t{24}), [o32] "r"(int64_t{32}), [o40] "r"(int64_t{40}), [o48] "r"(int64_t{48}),
        [o56] "r"(int64_t{56})
      : "cc", "memory", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14",
        "v15", "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30",
        "v31");
}

void GemmInt8(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride, const void* w,
              void* c, size_t c_stride, const int32_t* row_corr, const GemmParams& params) {
  const int32_t* bias = static_cast<const int32_t*>(w);
  const int8_t* wp = reinterpret_cast<const int8_t*>(bias + kNR);
  alignas(16) int32_t acc[kMR * kNR * 4] = {};
  const size_t steps = kc / kKR;
  for (size_t t = 0; t < ks; ++t) {
    const uint8_t* x[kMR];
    for (size_t i = 0; i < kMR; ++i) x[i] = static_cast<const uint8_t*>(a[t * a_tap_stride + i]);
    if (steps != 0) {
      MullStepsInOrder(acc, x[0], x[1], steps, wp);
      wp += steps * kNR * kKR;
    }
    if (kc % kKR != 0) {
      for (size_t i = 0; i < kMR; ++i) {
        uint8_t tail[16];
        LoadTailNeon(tail, x[i] + steps * kKR, kc % kKR);
        const int8x8_t xv = vld1_s8(reinterpret_cast<const int8_t*>(tail));
        for (size_t j = 0; j < kNR; ++j) {
          int32_t* p = acc + 4 * (kNR * i + j);
          vst1q_s32(p, vpadalq_s16(vld1q_s32(p), vmull_s8(xv, vld1_s8(wp + kKR * j))));
        }
      }
      wp += kNR * kKR;
    }
  }
  const GemmNeonOutput o = LoadGemmNeonOutput(params);
  const RequantNeon q0 = LoadRequantNeon(params.requant, 0), q1 = LoadRequantNeon(params.requant, 4);
  const int32x4_t b0 = vld1q_s32(bias), b1 = vld1q_s32(bias + 4);
  for (size_t i = 0; i < mr; ++i) {
    const int32_t* p = acc + 4 * kNR * i;
    const int32x4_t corr = vdupq_n_s32(row_corr != nullptr ? row_corr[i] : 0);
    const int32x4_t lo = vaddq_s32(
        vaddq_s32(ReduceQuadNeon(vld1q_s32(p), vld1q_s32(p + 4), vld1q_s32(p + 8), vld1q_s32(p + 12)), b0), corr);
    const int32x4_t hi = vaddq_s32(
        vaddq_s32(ReduceQuadNeon(vld1q_s32(p + 16), vld1q_s32(p + 20), vld1q_s32(p + 24), vld1q_s32(p + 28)), b1),
        corr);
    StoreGemmNeon8(static_cast<int8_t*>(c) + i * c_stride, nc, lo, hi, q0, q1, o);
  }
}

}  // namespace

void qs8_gemm_2x8c8__neon_mull_a55(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a,
                                   size_t a_tap_stride, const void* w, void* c, size_t c_stride,
                                   const int32_t* row_corr, const GemmParams& params) {
  if (params.input_xor != 0) {
    qs8_gemm_2x8c8__neon_mull(mr, nc, kc, ks, a, a_tap_stride, w, c, c_stride, row_corr, params);
    return;
  }
  GemmInt8(mr, nc, kc, ks, a, a_tap_stride, w, c, c_stride, row_corr, params);
}

}  // namespace octet::kernels
