// armv7 NEON (32-bit, 16 quad registers): 2x4 tile over c8 packed weights, VMULL.S8 + VPADAL.S16
// (8 exact int16 products, pairwise-added into int32 lanes; see gemm_neon_mull_body.h for why not
// VMLAL.S8). Those two are the best exact int8 rate armv7 NEON has: VMULL.S8 is 8 MACs and VPADAL
// issues beside it on the cores with two NEON pipes (Cortex-A57/A72: 8 MACs per cycle, twice
// VMLAL.S16 by lane); on a single NEON pipe (Cortex-A9/A15 class) both give 4 MACs per cycle.
//
// The loop over whole 8-byte k steps is assembly (GCC spilled the accumulators of the intrinsic
// loop to the stack at every step). Registers: q8-q15 accumulators (row r, column j in q(8+4r+j),
// 4 partial sums each), d2-d5 the step's weights (columns 0-3), rows 0/1 in d0/d1 on even steps and
// d14/d15 on odd ones (the next step's activations load while the current step runs), products in
// q3-q6. Software pipelined for in-order NEON: each VPADAL adds the product of the VMULL three
// before it (VMULL latency), the products start zeroed (the first VPADALs add nothing), the next
// step's weights load as pairs once the current step has read them, the last step runs without
// loads (nothing is read past the row or the packed weights) and the last three products are added
// after it. uint8 models (activations XOR 0x80, the only nonzero input_xor) add three instructions
// per step: 0x80 into the product register that is free at that point (its VPADAL done, its VMULL
// next) and two VEORs of the next step's rows. benchmarks/arm/llvm_mca.py measures the int8 loop.
#include <arm_neon.h>

#include <cstring>

#include "kernels/gemm/gemm.h"
#include "kernels/gemm/gemm_neon_store.h"

namespace octet::kernels {
namespace {

constexpr size_t kMR = 2, kNR = 4, kKR = 8;

// `steps` (>= 1) whole 8-byte k steps of rows x0, x1 with weights from w; acc: 32 int32 in
// register order (row-major [row][column][4]), read and written back. kXor: flip the activations
// by 0x80.
template <bool kXor>
void MullSteps(int32_t* acc, const uint8_t* x0, const uint8_t* x1, size_t steps, const int8_t* w) {
  size_t pairs = (steps - 1) / 2;
  const size_t odd = steps & 1;
  if (kXor) {
    __asm__ volatile(
        "vldmia %[acc], {d16-d31}\n"
        "vld1.8 {d0}, [%[a0]]!\n"
        "vld1.8 {d1}, [%[a1]]!\n"
        "vld1.8 {d2, d3}, [%[w]]!\n"
        "vld1.8 {d4, d5}, [%[w]]!\n"
        "vmov.i8 d12, #0x80\n"
        "veor d0, d0, d12\n"
        "veor d1, d1, d12\n"
        "vmov.i8 q3, #0\n"
        "vmov.i8 q4, #0\n"
        "vmov.i8 q5, #0\n"
        "vmov.i8 q6, #0\n"
        "cmp %[pairs], #0\n"
        "beq .Laarch32_mull_end%=\n"
        ".Laarch32_mull_loop%=:\n"
        "vmull.s8 q3, d0, d2\n"
        "vld1.8 {d14}, [%[a0]]!\n"
        "vpadal.s16 q14, q4\n"
        "vmull.s8 q4, d1, d2\n"
        "vld1.8 {d15}, [%[a1]]!\n"
        "vpadal.s16 q11, q5\n"
        "vmull.s8 q5, d0, d3\n"
        "vpadal.s16 q15, q6\n"
        "vmov.i8 d12, #0x80\n"
        "veor d14, d14, d12\n"
        "veor d15, d15, d12\n"
        "vmull.s8 q6, d1, d3\n"
        "vpadal.s16 q8, q3\n"
        "vld1.8 {d2, d3}, [%[w]]!\n"
        "vmull.s8 q3, d0, d4\n"
        "vpadal.s16 q12, q4\n"
        "vmull.s8 q4, d1, d4\n"
        "vpadal.s16 q9, q5\n"
        "vmull.s8 q5, d0, d5\n"
        "vpadal.s16 q13, q6\n"
        "vmull.s8 q6, d1, d5\n"
        "vpadal.s16 q10, q3\n"
        "vld1.8 {d4, d5}, [%[w]]!\n"
        "vmull.s8 q3, d14, d2\n"
        "vld1.8 {d0}, [%[a0]]!\n"
        "vpadal.s16 q14, q4\n"
        "vmull.s8 q4, d15, d2\n"
        "vld1.8 {d1}, [%[a1]]!\n"
        "vpadal.s16 q11, q5\n"
        "vmull.s8 q5, d14, d3\n"
        "vpadal.s16 q15, q6\n"
        "vmov.i8 d12, #0x80\n"
        "veor d0, d0, d12\n"
        "veor d1, d1, d12\n"
        "vmull.s8 q6, d15, d3\n"
        "vpadal.s16 q8, q3\n"
        "vld1.8 {d2, d3}, [%[w]]!\n"
        "vmull.s8 q3, d14, d4\n"
        "vpadal.s16 q12, q4\n"
        "vmull.s8 q4, d15, d4\n"
        "vpadal.s16 q9, q5\n"
        "vmull.s8 q5, d14, d5\n"
        "vpadal.s16 q13, q6\n"
        "vmull.s8 q6, d15, d5\n"
        "vpadal.s16 q10, q3\n"
        "vld1.8 {d4, d5}, [%[w]]!\n"
        "subs %[pairs], %[pairs], #1\n"
        "bne .Laarch32_mull_loop%=\n"
        ".Laarch32_mull_end%=:\n"
        "cmp %[odd], #0\n"
        "bne .Laarch32_mull_odd%=\n"
        "vmull.s8 q3, d0, d2\n"
        "vld1.8 {d14}, [%[a0]]!\n"
        "vpadal.s16 q14, q4\n"
        "vmull.s8 q4, d1, d2\n"
        "vld1.8 {d15}, [%[a1]]!\n"
        "vpadal.s16 q11, q5\n"
        "vmull.s8 q5, d0, d3\n"
        "vpadal.s16 q15, q6\n"
        "vmov.i8 d12, #0x80\n"
        "veor d14, d14, d12\n"
        "veor d15, d15, d12\n"
        "vmull.s8 q6, d1, d3\n"
        "vpadal.s16 q8, q3\n"
        "vld1.8 {d2, d3}, [%[w]]!\n"
        "vmull.s8 q3, d0, d4\n"
        "vpadal.s16 q12, q4\n"
        "vmull.s8 q4, d1, d4\n"
        "vpadal.s16 q9, q5\n"
        "vmull.s8 q5, d0, d5\n"
        "vpadal.s16 q13, q6\n"
        "vmull.s8 q6, d1, d5\n"
        "vpadal.s16 q10, q3\n"
        "vld1.8 {d4, d5}, [%[w]]!\n"
        "vmull.s8 q3, d14, d2\n"
        "vpadal.s16 q14, q4\n"
        "vmull.s8 q4, d15, d2\n"
        "vpadal.s16 q11, q5\n"
        "vmull.s8 q5, d14, d3\n"
        "vpadal.s16 q15, q6\n"
        "vmull.s8 q6, d15, d3\n"
        "vpadal.s16 q8, q3\n"
        "vmull.s8 q3, d14, d4\n"
        "vpadal.s16 q12, q4\n"
        "vmull.s8 q4, d15, d4\n"
        "vpadal.s16 q9, q5\n"
        "vmull.s8 q5, d14, d5\n"
        "vpadal.s16 q13, q6\n"
        "vmull.s8 q6, d15, d5\n"
        "vpadal.s16 q10, q3\n"
        "b .Laarch32_mull_drain%=\n"
        ".Laarch32_mull_odd%=:\n"
        "vmull.s8 q3, d0, d2\n"
        "vpadal.s16 q14, q4\n"
        "vmull.s8 q4, d1, d2\n"
        "vpadal.s16 q11, q5\n"
        "vmull.s8 q5, d0, d3\n"
        "vpadal.s16 q15, q6\n"
        "vmull.s8 q6, d1, d3\n"
        "vpadal.s16 q8, q3\n"
        "vmull.s8 q3, d0, d4\n"
        "vpadal.s16 q12, q4\n"
        "vmull.s8 q4, d1, d4\n"
        "vpadal.s16 q9, q5\n"
        "vmull.s8 q5, d0, d5\n"
        "vpadal.s16 q13, q6\n"
        "vmull.s8 q6, d1, d5\n"
        "vpadal.s16 q10, q3\n"
        ".Laarch32_mull_drain%=:\n"
        "vpadal.s16 q14, q4\n"
        "vpadal.s16 q11, q5\n"
        "vpadal.s16 q15, q6\n"
        "vstmia %[acc], {d16-d31}\n"
        : [a0] "+&r"(x0), [a1] "+&r"(x1), [w] "+&r"(w), [pairs] "+&r"(pairs)
        : [acc] "r"(acc), [odd] "r"(odd)
        : "cc", "memory", "d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10", "d11", "d12", "d13", "d14",
          "d15", "d16", "d17", "d18", "d19", "d20", "d21", "d22", "d23", "d24", "d25", "d26", "d27", "d28", "d29",
          "d30", "d31");
  } else {
    __asm__ volatile(
        "vldmia %[acc], {d16-d31}\n"
        "vld1.8 {d0}, [%[a0]]!\n"
        "vld1.8 {d1}, [%[a1]]!\n"
        "vld1.8 {d2, d3}, [%[w]]!\n"
        "vld1.8 {d4, d5}, [%[w]]!\n"
        "vmov.i8 q3, #0\n"
        "vmov.i8 q4, #0\n"
        "vmov.i8 q5, #0\n"
        "vmov.i8 q6, #0\n"
        "cmp %[pairs], #0\n"
        "beq .Laarch32_mull_end%=\n"
        ".Laarch32_mull_loop%=:\n"
        "vmull.s8 q3, d0, d2\n"
        "vld1.8 {d14}, [%[a0]]!\n"
        "vpadal.s16 q14, q4\n"
        "vmull.s8 q4, d1, d2\n"
        "vld1.8 {d15}, [%[a1]]!\n"
        "vpadal.s16 q11, q5\n"
        "vmull.s8 q5, d0, d3\n"
        "vpadal.s16 q15, q6\n"
        "vmull.s8 q6, d1, d3\n"
        "vpadal.s16 q8, q3\n"
        "vld1.8 {d2, d3}, [%[w]]!\n"
        "vmull.s8 q3, d0, d4\n"
        "vpadal.s16 q12, q4\n"
        "vmull.s8 q4, d1, d4\n"
        "vpadal.s16 q9, q5\n"
        "vmull.s8 q5, d0, d5\n"
        "vpadal.s16 q13, q6\n"
        "vmull.s8 q6, d1, d5\n"
        "vpadal.s16 q10, q3\n"
        "vld1.8 {d4, d5}, [%[w]]!\n"
        "vmull.s8 q3, d14, d2\n"
        "vld1.8 {d0}, [%[a0]]!\n"
        "vpadal.s16 q14, q4\n"
        "vmull.s8 q4, d15, d2\n"
        "vld1.8 {d1}, [%[a1]]!\n"
        "vpadal.s16 q11, q5\n"
        "vmull.s8 q5, d14, d3\n"
        "vpadal.s16 q15, q6\n"
        "vmull.s8 q6, d15, d3\n"
        "vpadal.s16 q8, q3\n"
        "vld1.8 {d2, d3}, [%[w]]!\n"
        "vmull.s8 q3, d14, d4\n"
        "vpadal.s16 q12, q4\n"
        "vmull.s8 q4, d15, d4\n"
        "vpadal.s16 q9, q5\n"
        "vmull.s8 q5, d14, d5\n"
        "vpadal.s16 q13, q6\n"
        "vmull.s8 q6, d15, d5\n"
        "vpadal.s16 q10, q3\n"
        "vld1.8 {d4, d5}, [%[w]]!\n"
        "subs %[pairs], %[pairs], #1\n"
        "bne .Laarch32_mull_loop%=\n"
        ".Laarch32_mull_end%=:\n"
        "cmp %[odd], #0\n"
        "bne .Laarch32_mull_odd%=\n"
        "vmull.s8 q3, d0, d2\n"
        "vld1.8 {d14}, [%[a0]]!\n"
        "vpadal.s16 q14, q4\n"
        "vmull.s8 q4, d1, d2\n"
        "vld1.8 {d15}, [%[a1]]!\n"
        "vpadal.s16 q11, q5\n"
        "vmull.s8 q5, d0, d3\n"
        "vpadal.s16 q15, q6\n"
        "vmull.s8 q6, d1, d3\n"
        "vpadal.s16 q8, q3\n"
        "vld1.8 {d2, d3}, [%[w]]!\n"
        "vmull.s8 q3, d0, d4\n"
        "vpadal.s16 q12, q4\n"
        "vmull.s8 q4, d1, d4\n"
        "vpadal.s16 q9, q5\n"
        "vmull.s8 q5, d0, d5\n"
        "vpadal.s16 q13, q6\n"
        "vmull.s8 q6, d1, d5\n"
        "vpadal.s16 q10, q3\n"
        "vld1.8 {d4, d5}, [%[w]]!\n"
        "vmull.s8 q3, d14, d2\n"
        "vpadal.s16 q14, q4\n"
        "vmull.s8 q4, d15, d2\n"
        "vpadal.s16 q11, q5\n"
        "vmull.s8 q5, d14, d3\n"
        "vpadal.s16 q15, q6\n"
        "vmull.s8 q6, d15, d3\n"
        "vpadal.s16 q8, q3\n"
        "vmull.s8 q3, d14, d4\n"
        "vpadal.s16 q12, q4\n"
        "vmull.s8 q4, d15, d4\n"
        "vpadal.s16 q9, q5\n"
        "vmull.s8 q5, d14, d5\n"
        "vpadal.s16 q13, q6\n"
        "vmull.s8 q6, d15, d5\n"
        "vpadal.s16 q10, q3\n"
        "b .Laarch32_mull_drain%=\n"
        ".Laarch32_mull_odd%=:\n"
        "vmull.s8 q3, d0, d2\n"
        "vpadal.s16 q14, q4\n"
        "vmull.s8 q4, d1, d2\n"
        "vpadal.s16 q11, q5\n"
        "vmull.s8 q5, d0, d3\n"
        "vpadal.s16 q15, q6\n"
        "vmull.s8 q6, d1, d3\n"
        "vpadal.s16 q8, q3\n"
        "vmull.s8 q3, d0, d4\n"
        "vpadal.s16 q12, q4\n"
        "vmull.s8 q4, d1, d4\n"
        "vpadal.s16 q9, q5\n"
        "vmull.s8 q5, d0, d5\n"
        "vpadal.s16 q13, q6\n"
        "vmull.s8 q6, d1, d5\n"
        "vpadal.s16 q10, q3\n"
        ".Laarch32_mull_drain%=:\n"
        "vpadal.s16 q14, q4\n"
        "vpadal.s16 q11, q5\n"
        "vpadal.s16 q15, q6\n"
        "vstmia %[acc], {d16-d31}\n"
        : [a0] "+&r"(x0), [a1] "+&r"(x1), [w] "+&r"(w), [pairs] "+&r"(pairs)
        : [acc] "r"(acc), [odd] "r"(odd)
        : "cc", "memory", "d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10", "d11", "d12", "d13", "d14",
          "d15", "d16", "d17", "d18", "d19", "d20", "d21", "d22", "d23", "d24", "d25", "d26", "d27", "d28", "d29",
          "d30", "d31");
  }
}

template <bool kXor>
void Gemm(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride, const void* w, void* c,
          size_t c_stride, const int32_t* row_corr, const GemmParams& params) {
  const int32_t* bias = static_cast<const int32_t*>(w);
  const int8_t* wp = reinterpret_cast<const int8_t*>(bias + kNR);
  alignas(16) int32_t acc[kMR * kNR * 4] = {};
  const size_t steps = kc / kKR;
  const int8x8_t vxor = vreinterpret_s8_u8(vdup_n_u8(params.input_xor));
  for (size_t t = 0; t < ks; ++t) {
    const uint8_t* x[kMR];
    for (size_t i = 0; i < kMR; ++i) x[i] = static_cast<const uint8_t*>(a[t * a_tap_stride + i]);
    if (steps != 0) {
      MullSteps<kXor>(acc, x[0], x[1], steps, wp);
      wp += steps * kNR * kKR;
    }
    if (kc % kKR != 0) {
      for (size_t i = 0; i < kMR; ++i) {
        uint8_t tail[16];
        LoadTailNeon(tail, x[i] + steps * kKR, kc % kKR);
        const int8x8_t xv = veor_s8(vld1_s8(reinterpret_cast<const int8_t*>(tail)), vxor);
        for (size_t j = 0; j < kNR; ++j) {
          int32_t* p = acc + 4 * (kNR * i + j);
          vst1q_s32(p, vpadalq_s16(vld1q_s32(p), vmull_s8(xv, vld1_s8(wp + kKR * j))));
        }
      }
      wp += kNR * kKR;
    }
  }
  const GemmNeonOutput o = LoadGemmNeonOutput(params);
  const RequantNeon q = LoadRequantNeon(params.requant, 0);
  const int32x4_t b = vld1q_s32(bias);
  for (size_t i = 0; i < mr; ++i) {
    const int32_t* p = acc + 4 * kNR * i;
    const int32x4_t sum =
        vaddq_s32(vaddq_s32(ReduceQuadNeon(vld1q_s32(p), vld1q_s32(p + 4), vld1q_s32(p + 8), vld1q_s32(p + 12)), b),
                  vdupq_n_s32(row_corr != nullptr ? row_corr[i] : 0));
    StoreGemmNeon8(static_cast<int8_t*>(c) + i * c_stride, nc, sum, sum, q, q, o);
  }
}

}  // namespace

void qs8_gemm_2x4c8__aarch32_neon_mull(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a,
                                       size_t a_tap_stride, const void* w, void* c, size_t c_stride,
                                       const int32_t* row_corr, const GemmParams& params) {
  // input_xor is 0 (int8 models) or 0x80 (uint8 models): the assembly has 0x80 built in.
  (params.input_xor != 0 ? Gemm<true> : Gemm<false>)(mr, nc, kc, ks, a, a_tap_stride, w, c, c_stride, row_corr, params);
}

}  // namespace octet::kernels
