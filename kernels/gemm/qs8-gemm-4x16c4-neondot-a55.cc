// aarch64 dot product for in-order cores (Cortex-A55, Cortex-A510): the 4x16c4 kernel of
// gemm_neondot_body.h with the loop over whole 16-byte k blocks written in assembly for dual issue.
// An in-order core issues a 128-bit load alone (LDR Q does not pair with the SDOT beside it), while
// 64-bit loads pair with NEON instructions. So every load here is 64 bits wide or a lane load:
//   - activations: LDR D per row and 8 k (register offset), the SDOTs take lanes 0 and 1 of it;
//   - weights of one 4-k group (64 bytes, 16 columns): 4 LDR D for the low halves of 4 registers
//     (bytes 0-31) and one LD4 {.d}[1] for their high halves (bytes 32-63). Register j then holds
//     columns {2j, 2j+1, 8+2j, 9+2j}; the accumulators are permuted into that order before the loop
//     and back after it (ZIP1/ZIP2 on 64-bit halves), so the packed layout is the ordinary c4 one.
// Software pipelined: the next group's weights load during the current group's 16 SDOTs (two sets of
// 4 weight registers), each row's next 8 bytes load 16 SDOTs before use; the last block runs without
// the loads for a following block (nothing is read past the row or the packed weights).
// Registers: v16-v31 accumulators, v0-v7 activations, v8-v15 weights; benchmarks/arm/llvm_mca.py
// measures this loop on the in-order cores.
#include "kernels/gemm/gemm_neondot_body.h"

namespace octet::kernels {
namespace {

// acc (standard order) <-> the loop's order: register j of row i holds columns {2j, 2j+1, 8+2j, 9+2j}.
inline void ToLoopOrder(const DotAcc& acc, int32_t* out) {
  for (size_t i = 0; i < kDotMR; ++i) {
    const int64x2_t c0 = vreinterpretq_s64_s32(acc[i][0]), c1 = vreinterpretq_s64_s32(acc[i][1]);
    const int64x2_t c2 = vreinterpretq_s64_s32(acc[i][2]), c3 = vreinterpretq_s64_s32(acc[i][3]);
    vst1q_s32(out + 16 * i + 0, vreinterpretq_s32_s64(vzip1q_s64(c0, c2)));
    vst1q_s32(out + 16 * i + 4, vreinterpretq_s32_s64(vzip2q_s64(c0, c2)));
    vst1q_s32(out + 16 * i + 8, vreinterpretq_s32_s64(vzip1q_s64(c1, c3)));
    vst1q_s32(out + 16 * i + 12, vreinterpretq_s32_s64(vzip2q_s64(c1, c3)));
  }
}

inline void FromLoopOrder(const int32_t* in, DotAcc& acc) {
  for (size_t i = 0; i < kDotMR; ++i) {
    const int64x2_t p0 = vreinterpretq_s64_s32(vld1q_s32(in + 16 * i + 0));
    const int64x2_t p1 = vreinterpretq_s64_s32(vld1q_s32(in + 16 * i + 4));
    const int64x2_t p2 = vreinterpretq_s64_s32(vld1q_s32(in + 16 * i + 8));
    const int64x2_t p3 = vreinterpretq_s64_s32(vld1q_s32(in + 16 * i + 12));
    acc[i][0] = vreinterpretq_s32_s64(vzip1q_s64(p0, p1));
    acc[i][1] = vreinterpretq_s32_s64(vzip1q_s64(p2, p3));
    acc[i][2] = vreinterpretq_s32_s64(vzip2q_s64(p0, p1));
    acc[i][3] = vreinterpretq_s32_s64(vzip2q_s64(p2, p3));
  }
}

// `blocks` (>= 1) whole 16-byte k blocks of 4 int8 rows; acc in loop order, 64 int32.
// General registers: x9-x12 weight pointers (4-k group g of the block + 32), x13-x16 the offsets
// -32, -24, -16, -8 (low halves), x17 / x19 the row offsets k / k + 8, x20 the last block's k.
void DotBlocksInOrder(int32_t* acc, const uint8_t* const* x, size_t blocks, const int8_t* wp) {
  __asm__ volatile(
      "mov x9, %[acc]\n"
      "ld1 {v16.4s, v17.4s, v18.4s, v19.4s}, [x9], 64\n"
      "ld1 {v20.4s, v21.4s, v22.4s, v23.4s}, [x9], 64\n"
      "ld1 {v24.4s, v25.4s, v26.4s, v27.4s}, [x9], 64\n"
      "ld1 {v28.4s, v29.4s, v30.4s, v31.4s}, [x9]\n"
      "mov x13, -32\n"
      "mov x14, -24\n"
      "mov x15, -16\n"
      "mov x16, -8\n"
      "add x9, %[w], 32\n"
      "add x10, %[w], 96\n"
      "add x11, %[w], 160\n"
      "add x12, %[w], 224\n"
      "mov x17, 0\n"
      "mov x19, 8\n"
      "lsl x20, %[blocks], 4\n"
      "sub x20, x20, 16\n"
      "ldr d0, [%[a0], x17]\n"
      "ldr d2, [%[a1], x17]\n"
      "ldr d4, [%[a2], x17]\n"
      "ldr d6, [%[a3], x17]\n"
      "ldr d8, [x9, x13]\n"
      "ldr d9, [x9, x14]\n"
      "ldr d10, [x9, x15]\n"
      "ldr d11, [x9, x16]\n"
      "ld4 {v8.d, v9.d, v10.d, v11.d}[1], [x9]\n"
      "cbz x20, .Lneondot_a55_last%=\n"
      ".Lneondot_a55_loop%=:\n"
      "sdot v16.4s, v8.16b, v0.4b[0]\n"
      "ldr d12, [x10, x13]\n"
      "sdot v20.4s, v8.16b, v2.4b[0]\n"
      "ldr d13, [x10, x14]\n"
      "sdot v24.4s, v8.16b, v4.4b[0]\n"
      "ldr d14, [x10, x15]\n"
      "sdot v28.4s, v8.16b, v6.4b[0]\n"
      "ldr d15, [x10, x16]\n"
      "sdot v17.4s, v9.16b, v0.4b[0]\n"
      "ldr d1, [%[a0], x19]\n"
      "sdot v21.4s, v9.16b, v2.4b[0]\n"
      "ldr d3, [%[a1], x19]\n"
      "sdot v25.4s, v9.16b, v4.4b[0]\n"
      "ldr d5, [%[a2], x19]\n"
      "sdot v29.4s, v9.16b, v6.4b[0]\n"
      "ldr d7, [%[a3], x19]\n"
      "sdot v18.4s, v10.16b, v0.4b[0]\n"
      "ld4 {v12.d, v13.d, v14.d, v15.d}[1], [x10]\n"
      "sdot v22.4s, v10.16b, v2.4b[0]\n"
      "sdot v26.4s, v10.16b, v4.4b[0]\n"
      "add x17, x17, 16\n"
      "add x19, x19, 16\n"
      "sdot v30.4s, v10.16b, v6.4b[0]\n"
      "sdot v19.4s, v11.16b, v0.4b[0]\n"
      "sdot v23.4s, v11.16b, v2.4b[0]\n"
      "sdot v27.4s, v11.16b, v4.4b[0]\n"
      "sdot v31.4s, v11.16b, v6.4b[0]\n"
      "sdot v16.4s, v12.16b, v0.4b[1]\n"
      "ldr d8, [x11, x13]\n"
      "sdot v20.4s, v12.16b, v2.4b[1]\n"
      "ldr d9, [x11, x14]\n"
      "sdot v24.4s, v12.16b, v4.4b[1]\n"
      "ldr d10, [x11, x15]\n"
      "sdot v28.4s, v12.16b, v6.4b[1]\n"
      "ldr d11, [x11, x16]\n"
      "sdot v17.4s, v13.16b, v0.4b[1]\n"
      "sdot v21.4s, v13.16b, v2.4b[1]\n"
      "sdot v25.4s, v13.16b, v4.4b[1]\n"
      "sdot v29.4s, v13.16b, v6.4b[1]\n"
      "sdot v18.4s, v14.16b, v0.4b[1]\n"
      "ld4 {v8.d, v9.d, v10.d, v11.d}[1], [x11]\n"
      "sdot v22.4s, v14.16b, v2.4b[1]\n"
      "sdot v26.4s, v14.16b, v4.4b[1]\n"
      "add x10, x10, 256\n"
      "add x11, x11, 256\n"
      "sdot v30.4s, v14.16b, v6.4b[1]\n"
      "cmp x17, x20\n"
      "sdot v19.4s, v15.16b, v0.4b[1]\n"
      "sdot v23.4s, v15.16b, v2.4b[1]\n"
      "sdot v27.4s, v15.16b, v4.4b[1]\n"
      "sdot v31.4s, v15.16b, v6.4b[1]\n"
      "sdot v16.4s, v8.16b, v1.4b[0]\n"
      "ldr d12, [x12, x13]\n"
      "sdot v20.4s, v8.16b, v3.4b[0]\n"
      "ldr d13, [x12, x14]\n"
      "sdot v24.4s, v8.16b, v5.4b[0]\n"
      "ldr d14, [x12, x15]\n"
      "sdot v28.4s, v8.16b, v7.4b[0]\n"
      "ldr d15, [x12, x16]\n"
      "sdot v17.4s, v9.16b, v1.4b[0]\n"
      "ldr d0, [%[a0], x17]\n"
      "sdot v21.4s, v9.16b, v3.4b[0]\n"
      "ldr d2, [%[a1], x17]\n"
      "sdot v25.4s, v9.16b, v5.4b[0]\n"
      "ldr d4, [%[a2], x17]\n"
      "sdot v29.4s, v9.16b, v7.4b[0]\n"
      "ldr d6, [%[a3], x17]\n"
      "sdot v18.4s, v10.16b, v1.4b[0]\n"
      "ld4 {v12.d, v13.d, v14.d, v15.d}[1], [x12]\n"
      "sdot v22.4s, v10.16b, v3.4b[0]\n"
      "sdot v26.4s, v10.16b, v5.4b[0]\n"
      "add x12, x12, 256\n"
      "add x9, x9, 256\n"
      "sdot v30.4s, v10.16b, v7.4b[0]\n"
      "sdot v19.4s, v11.16b, v1.4b[0]\n"
      "sdot v23.4s, v11.16b, v3.4b[0]\n"
      "sdot v27.4s, v11.16b, v5.4b[0]\n"
      "sdot v31.4s, v11.16b, v7.4b[0]\n"
      "sdot v16.4s, v12.16b, v1.4b[1]\n"
      "ldr d8, [x9, x13]\n"
      "sdot v20.4s, v12.16b, v3.4b[1]\n"
      "ldr d9, [x9, x14]\n"
      "sdot v24.4s, v12.16b, v5.4b[1]\n"
      "ldr d10, [x9, x15]\n"
      "sdot v28.4s, v12.16b, v7.4b[1]\n"
      "ldr d11, [x9, x16]\n"
      "sdot v17.4s, v13.16b, v1.4b[1]\n"
      "sdot v21.4s, v13.16b, v3.4b[1]\n"
      "sdot v25.4s, v13.16b, v5.4b[1]\n"
      "sdot v29.4s, v13.16b, v7.4b[1]\n"
      "sdot v18.4s, v14.16b, v1.4b[1]\n"
      "ld4 {v8.d, v9.d, v10.d, v11.d}[1], [x9]\n"
      "sdot v22.4s, v14.16b, v3.4b[1]\n"
      "sdot v26.4s, v14.16b, v5.4b[1]\n"
      "sdot v30.4s, v14.16b, v7.4b[1]\n"
      "sdot v19.4s, v15.16b, v1.4b[1]\n"
      "sdot v23.4s, v15.16b, v3.4b[1]\n"
      "sdot v27.4s, v15.16b, v5.4b[1]\n"
      "sdot v31.4s, v15.16b, v7.4b[1]\n"
      "b.ne .Lneondot_a55_loop%=\n"
      ".Lneondot_a55_last%=:\n"
      "sdot v16.4s, v8.16b, v0.4b[0]\n"
      "ldr d12, [x10, x13]\n"
      "sdot v20.4s, v8.16b, v2.4b[0]\n"
      "ldr d13, [x10, x14]\n"
      "sdot v24.4s, v8.16b, v4.4b[0]\n"
      "ldr d14, [x10, x15]\n"
      "sdot v28.4s, v8.16b, v6.4b[0]\n"
      "ldr d15, [x10, x16]\n"
      "sdot v17.4s, v9.16b, v0.4b[0]\n"
      "ldr d1, [%[a0], x19]\n"
      "sdot v21.4s, v9.16b, v2.4b[0]\n"
      "ldr d3, [%[a1], x19]\n"
      "sdot v25.4s, v9.16b, v4.4b[0]\n"
      "ldr d5, [%[a2], x19]\n"
      "sdot v29.4s, v9.16b, v6.4b[0]\n"
      "ldr d7, [%[a3], x19]\n"
      "sdot v18.4s, v10.16b, v0.4b[0]\n"
      "ld4 {v12.d, v13.d, v14.d, v15.d}[1], [x10]\n"
      "sdot v22.4s, v10.16b, v2.4b[0]\n"
      "sdot v26.4s, v10.16b, v4.4b[0]\n"
      "add x17, x17, 16\n"
      "add x19, x19, 16\n"
      "sdot v30.4s, v10.16b, v6.4b[0]\n"
      "sdot v19.4s, v11.16b, v0.4b[0]\n"
      "sdot v23.4s, v11.16b, v2.4b[0]\n"
      "sdot v27.4s, v11.16b, v4.4b[0]\n"
      "sdot v31.4s, v11.16b, v6.4b[0]\n"
      "sdot v16.4s, v12.16b, v0.4b[1]\n"
      "ldr d8, [x11, x13]\n"
      "sdot v20.4s, v12.16b, v2.4b[1]\n"
      "ldr d9, [x11, x14]\n"
      "sdot v24.4s, v12.16b, v4.4b[1]\n"
      "ldr d10, [x11, x15]\n"
      "sdot v28.4s, v12.16b, v6.4b[1]\n"
      "ldr d11, [x11, x16]\n"
      "sdot v17.4s, v13.16b, v0.4b[1]\n"
      "sdot v21.4s, v13.16b, v2.4b[1]\n"
      "sdot v25.4s, v13.16b, v4.4b[1]\n"
      "sdot v29.4s, v13.16b, v6.4b[1]\n"
      "sdot v18.4s, v14.16b, v0.4b[1]\n"
      "ld4 {v8.d, v9.d, v10.d, v11.d}[1], [x11]\n"
      "sdot v22.4s, v14.16b, v2.4b[1]\n"
      "sdot v26.4s, v14.16b, v4.4b[1]\n"
      "add x10, x10, 256\n"
      "add x11, x11, 256\n"
      "sdot v30.4s, v14.16b, v6.4b[1]\n"
      "sdot v19.4s, v15.16b, v0.4b[1]\n"
      "sdot v23.4s, v15.16b, v2.4b[1]\n"
      "sdot v27.4s, v15.16b, v4.4b[1]\n"
      "sdot v31.4s, v15.16b, v6.4b[1]\n"
      "sdot v16.4s, v8.16b, v1.4b[0]\n"
      "ldr d12, [x12, x13]\n"
      "sdot v20.4s, v8.16b, v3.4b[0]\n"
      "ldr d13, [x12, x14]\n"
      "sdot v24.4s, v8.16b, v5.4b[0]\n"
      "ldr d14, [x12, x15]\n"
      "sdot v28.4s, v8.16b, v7.4b[0]\n"
      "ldr d15, [x12, x16]\n"
      "sdot v17.4s, v9.16b, v1.4b[0]\n"
      "sdot v21.4s, v9.16b, v3.4b[0]\n"
      "sdot v25.4s, v9.16b, v5.4b[0]\n"
      "sdot v29.4s, v9.16b, v7.4b[0]\n"
      "sdot v18.4s, v10.16b, v1.4b[0]\n"
      "ld4 {v12.d, v13.d, v14.d, v15.d}[1], [x12]\n"
      "sdot v22.4s, v10.16b, v3.4b[0]\n"
      "sdot v26.4s, v10.16b, v5.4b[0]\n"
      "add x12, x12, 256\n"
      "add x9, x9, 256\n"
      "sdot v30.4s, v10.16b, v7.4b[0]\n"
      "sdot v19.4s, v11.16b, v1.4b[0]\n"
      "sdot v23.4s, v11.16b, v3.4b[0]\n"
      "sdot v27.4s, v11.16b, v5.4b[0]\n"
      "sdot v31.4s, v11.16b, v7.4b[0]\n"
      "sdot v16.4s, v12.16b, v1.4b[1]\n"
      "sdot v20.4s, v12.16b, v3.4b[1]\n"
      "sdot v24.4s, v12.16b, v5.4b[1]\n"
      "sdot v28.4s, v12.16b, v7.4b[1]\n"
      "sdot v17.4s, v13.16b, v1.4b[1]\n"
      "sdot v21.4s, v13.16b, v3.4b[1]\n"
      "sdot v25.4s, v13.16b, v5.4b[1]\n"
      "sdot v29.4s, v13.16b, v7.4b[1]\n"
      "sdot v18.4s, v14.16b, v1.4b[1]\n"
      "sdot v22.4s, v14.16b, v3.4b[1]\n"
      "sdot v26.4s, v14.16b, v5.4b[1]\n"
      "sdot v30.4s, v14.16b, v7.4b[1]\n"
      "sdot v19.4s, v15.16b, v1.4b[1]\n"
      "sdot v23.4s, v15.16b, v3.4b[1]\n"
      "sdot v27.4s, v15.16b, v5.4b[1]\n"
      "sdot v31.4s, v15.16b, v7.4b[1]\n"
      "mov x9, %[acc]\n"
      "st1 {v16.4s, v17.4s, v18.4s, v19.4s}, [x9], 64\n"
      "st1 {v20.4s, v21.4s, v22.4s, v23.4s}, [x9], 64\n"
      "st1 {v24.4s, v25.4s, v26.4s, v27.4s}, [x9], 64\n"
      "st1 {v28.4s, v29.4s, v30.4s, v31.4s}, [x9]\n"
      :
      :
      [acc] "r"(acc), [a0] "r"(x[0]), [a1] "r"(x[1]), [a2] "r"(x[2]), [a3] "r"(x[3]), [w] "r"(wp), [blocks] "r"(blocks)
      : "cc", "memory", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x19", "x20", "v0", "v1", "v2",
        "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19",
        "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31");
}

template <bool kXor>
void Gemm(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride, const void* w, void* c,
          size_t c_stride, const int32_t* row_corr, const GemmParams& params) {
  GemmNeonDot4x16<kXor>(mr, nc, kc, ks, a, a_tap_stride, w, c, c_stride, row_corr, params,
                        [](DotAcc& acc, const uint8_t* const* x, size_t blocks, int8x16_t vxor, const int8_t*& wp) {
                          if (kXor) {
                            // uint8 models: the EOR of every activation vector would not pair either; the intrinsic
                            // loop.
                            DotBlocks<kXor>(acc, x, 0, blocks, vxor, wp);
                            return;
                          }
                          int32_t ordered[kDotMR * 16];
                          ToLoopOrder(acc, ordered);
                          DotBlocksInOrder(ordered, x, blocks, wp);
                          FromLoopOrder(ordered, acc);
                          wp += blocks * 16 * kDotNR;
                        });
}

}  // namespace

void qs8_gemm_4x16c4__neondot_a55(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride,
                                  const void* w, void* c, size_t c_stride, const int32_t* row_corr,
                                  const GemmParams& params) {
  (params.input_xor != 0 ? Gemm<true> : Gemm<false>)(mr, nc, kc, ks, a, a_tap_stride, w, c, c_stride, row_corr, params);
}

}  // namespace octet::kernels
