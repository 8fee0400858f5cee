// aarch64 i8mm for in-order cores (Cortex-A510): the 4x16c8 SMMLA kernel of qs8-gemm-4x16c8-i8mm.cc
// with the loop over whole 8-byte k blocks written in assembly for dual issue. An in-order core issues
// a 128-bit load alone, while 64-bit loads and lane loads pair with the NEON instruction beside them;
// so every register of the loop is filled by two 64-bit loads, no ZIP builds the row pairs:
//   - activations (SMMLA's 2x8 left operand, rows 2p and 2p+1): LDR D of row 2p, then LD1 {.d}[1] of
//     row 2p+1 (row 2p is addressed from row 2p+1's pointer plus a constant difference);
//   - weights of one block (128 bytes, 16 columns x 8 k) in two groups of 4 registers: LDR D of
//     columns 0-3 (8-11) into the low halves, LD4 {.d}[1] of columns 4-7 (12-15) into the high halves.
//     Weight register 4g+i then holds columns {8g+i, 8g+4+i} and the accumulators are kept in that
//     order here (the packed layout is the ordinary c8 one).
// Software pipelined: during block b the activations and weights of block b+1 load (two sets of
// activation registers, three rotating groups of weight registers, so a group has a whole block to
// load: the high halves wait for the low halves); a loop iteration is 6 blocks, the blocks left after
// the last whole iteration run from a tail without loads past the last block (nothing is read past
// the rows or the packed weights). LLVM's in-order model (Cortex-A55's, used for the A510) issues no
// integer ADD beside an SMMLA, so the four pointer updates per block cost two cycles there:
// benchmarks/arm/llvm_mca.py measures this loop on Cortex-A510.
// Registers: v16-v31 accumulators, v0-v3 activations, v4-v15 weights. uint8 models (activations
// XOR 0x80) run the out-of-order kernel: its EORs would not pair either.
#include <arm_neon.h>

#include <cstring>

#include "kernels/gemm/gemm.h"
#include "kernels/gemm/gemm_neon_store.h"

namespace octet::kernels {
namespace {

constexpr size_t kMR = 4, kNR = 16, kKR = 8;

// Accumulator register r = 8p + q (p: row pair, q = 4g + i: weight register) holds rows 2p, 2p+1 x
// columns 8g+i, 8g+4+i as {r0 c_lo, r0 c_hi, r1 c_lo, r1 c_hi}.
constexpr size_t LowColumn(size_t q) { return 8 * (q / 4) + q % 4; }

// `blocks` (>= 1) whole 8-byte k blocks of the rows x with weights from w; acc: 64 int32 in register
// order, read and written back.
void MmlaBlocksInOrder(int32_t* acc, const uint8_t* const* x, size_t blocks, const int8_t* w) {
  const uint8_t* a1 = x[1];
  const uint8_t* a3 = x[3];
  const int64_t d01 = reinterpret_cast<intptr_t>(x[0]) - reinterpret_cast<intptr_t>(x[1]);
  const int64_t d23 = reinterpret_cast<intptr_t>(x[2]) - reinterpret_cast<intptr_t>(x[3]);
  const int8_t* h0 = w + 32;         // the next block's group-0 high halves
  const int8_t* h1a = w + 96;        // group-1 high halves of the even blocks
  const int8_t* h1b = w + 128 + 96;  // and of the odd ones
  size_t n = (blocks - 1) / 6;       // loop iterations (6 blocks each, loading the next)
  size_t r = blocks - 6 * n;         // blocks left for the tail (1..6)
  __asm__ volatile(
      "ld1 {v16.4s, v17.4s, v18.4s, v19.4s}, [%[acc]], 64\n"
      "ld1 {v20.4s, v21.4s, v22.4s, v23.4s}, [%[acc]], 64\n"
      "ld1 {v24.4s, v25.4s, v26.4s, v27.4s}, [%[acc]], 64\n"
      "ld1 {v28.4s, v29.4s, v30.4s, v31.4s}, [%[acc]]\n"
      "sub %[acc], %[acc], 192\n"
      "ldr d0, [%[a1], %[d01]]\n"
      "ldr d1, [%[a3], %[d23]]\n"
      "ldr d8, [%[h0], %[m32]]\n"
      "ldr d9, [%[h0], %[m24]]\n"
      "ldr d10, [%[h0], %[m16]]\n"
      "ldr d11, [%[h0], %[m8]]\n"
      "ld1 {v0.d}[1], [%[a1]]\n"
      "ld1 {v1.d}[1], [%[a3]]\n"
      "ld4 {v8.d, v9.d, v10.d, v11.d}[1], [%[h0]]\n"
      "ldr d12, [%[h1a], %[m32]]\n"
      "ldr d13, [%[h1a], %[m24]]\n"
      "ldr d14, [%[h1a], %[m16]]\n"
      "ldr d15, [%[h1a], %[m8]]\n"
      "add %[a1], %[a1], 8\n"
      "add %[a3], %[a3], 8\n"
      "add %[h0], %[h0], 128\n"
      "cbz %[n], .Li8mm_a510_tail%=\n"
      ".Li8mm_a510_loop%=:\n"
      "smmla v16.4s, v0.16b, v8.16b\n"
      "ld4 {v12.d, v13.d, v14.d, v15.d}[1], [%[h1a]]\n"
      "smmla v24.4s, v1.16b, v8.16b\n"
      "smmla v17.4s, v0.16b, v9.16b\n"
      "ldr d4, [%[h0], %[m32]]\n"
      "smmla v25.4s, v1.16b, v9.16b\n"
      "ldr d5, [%[h0], %[m24]]\n"
      "smmla v18.4s, v0.16b, v10.16b\n"
      "ldr d6, [%[h0], %[m16]]\n"
      "smmla v26.4s, v1.16b, v10.16b\n"
      "ldr d7, [%[h0], %[m8]]\n"
      "smmla v19.4s, v0.16b, v11.16b\n"
      "ldr d2, [%[a1], %[d01]]\n"
      "smmla v27.4s, v1.16b, v11.16b\n"
      "ldr d3, [%[a3], %[d23]]\n"
      "smmla v20.4s, v0.16b, v12.16b\n"
      "ldr d8, [%[h1b], %[m32]]\n"
      "smmla v28.4s, v1.16b, v12.16b\n"
      "ldr d9, [%[h1b], %[m24]]\n"
      "smmla v21.4s, v0.16b, v13.16b\n"
      "ldr d10, [%[h1b], %[m16]]\n"
      "smmla v29.4s, v1.16b, v13.16b\n"
      "ldr d11, [%[h1b], %[m8]]\n"
      "smmla v22.4s, v0.16b, v14.16b\n"
      "ld4 {v4.d, v5.d, v6.d, v7.d}[1], [%[h0]]\n"
      "smmla v30.4s, v1.16b, v14.16b\n"
      "smmla v23.4s, v0.16b, v15.16b\n"
      "ld1 {v2.d}[1], [%[a1]]\n"
      "smmla v31.4s, v1.16b, v15.16b\n"
      "ld1 {v3.d}[1], [%[a3]]\n"
      "add %[a1], %[a1], 8\n"
      "add %[a3], %[a3], 8\n"
      "add %[h0], %[h0], 128\n"
      "add %[h1a], %[h1a], 256\n"
      "subs %[n], %[n], 1\n"
      "smmla v16.4s, v2.16b, v4.16b\n"
      "ld4 {v8.d, v9.d, v10.d, v11.d}[1], [%[h1b]]\n"
      "smmla v24.4s, v3.16b, v4.16b\n"
      "smmla v17.4s, v2.16b, v5.16b\n"
      "ldr d12, [%[h0], %[m32]]\n"
      "smmla v25.4s, v3.16b, v5.16b\n"
      "ldr d13, [%[h0], %[m24]]\n"
      "smmla v18.4s, v2.16b, v6.16b\n"
      "ldr d14, [%[h0], %[m16]]\n"
      "smmla v26.4s, v3.16b, v6.16b\n"
      "ldr d15, [%[h0], %[m8]]\n"
      "smmla v19.4s, v2.16b, v7.16b\n"
      "ldr d0, [%[a1], %[d01]]\n"
      "smmla v27.4s, v3.16b, v7.16b\n"
      "ldr d1, [%[a3], %[d23]]\n"
      "smmla v20.4s, v2.16b, v8.16b\n"
      "ldr d4, [%[h1a], %[m32]]\n"
      "smmla v28.4s, v3.16b, v8.16b\n"
      "ldr d5, [%[h1a], %[m24]]\n"
      "smmla v21.4s, v2.16b, v9.16b\n"
      "ldr d6, [%[h1a], %[m16]]\n"
      "smmla v29.4s, v3.16b, v9.16b\n"
      "ldr d7, [%[h1a], %[m8]]\n"
      "smmla v22.4s, v2.16b, v10.16b\n"
      "ld4 {v12.d, v13.d, v14.d, v15.d}[1], [%[h0]]\n"
      "smmla v30.4s, v3.16b, v10.16b\n"
      "smmla v23.4s, v2.16b, v11.16b\n"
      "ld1 {v0.d}[1], [%[a1]]\n"
      "smmla v31.4s, v3.16b, v11.16b\n"
      "ld1 {v1.d}[1], [%[a3]]\n"
      "add %[a1], %[a1], 8\n"
      "add %[a3], %[a3], 8\n"
      "add %[h0], %[h0], 128\n"
      "add %[h1b], %[h1b], 256\n"
      "smmla v16.4s, v0.16b, v12.16b\n"
      "ld4 {v4.d, v5.d, v6.d, v7.d}[1], [%[h1a]]\n"
      "smmla v24.4s, v1.16b, v12.16b\n"
      "smmla v17.4s, v0.16b, v13.16b\n"
      "ldr d8, [%[h0], %[m32]]\n"
      "smmla v25.4s, v1.16b, v13.16b\n"
      "ldr d9, [%[h0], %[m24]]\n"
      "smmla v18.4s, v0.16b, v14.16b\n"
      "ldr d10, [%[h0], %[m16]]\n"
      "smmla v26.4s, v1.16b, v14.16b\n"
      "ldr d11, [%[h0], %[m8]]\n"
      "smmla v19.4s, v0.16b, v15.16b\n"
      "ldr d2, [%[a1], %[d01]]\n"
      "smmla v27.4s, v1.16b, v15.16b\n"
      "ldr d3, [%[a3], %[d23]]\n"
      "smmla v20.4s, v0.16b, v4.16b\n"
      "ldr d12, [%[h1b], %[m32]]\n"
      "smmla v28.4s, v1.16b, v4.16b\n"
      "ldr d13, [%[h1b], %[m24]]\n"
      "smmla v21.4s, v0.16b, v5.16b\n"
      "ldr d14, [%[h1b], %[m16]]\n"
      "smmla v29.4s, v1.16b, v5.16b\n"
      "ldr d15, [%[h1b], %[m8]]\n"
      "smmla v22.4s, v0.16b, v6.16b\n"
      "ld4 {v8.d, v9.d, v10.d, v11.d}[1], [%[h0]]\n"
      "smmla v30.4s, v1.16b, v6.16b\n"
      "smmla v23.4s, v0.16b, v7.16b\n"
      "ld1 {v2.d}[1], [%[a1]]\n"
      "smmla v31.4s, v1.16b, v7.16b\n"
      "ld1 {v3.d}[1], [%[a3]]\n"
      "add %[a1], %[a1], 8\n"
      "add %[a3], %[a3], 8\n"
      "add %[h0], %[h0], 128\n"
      "add %[h1a], %[h1a], 256\n"
      "smmla v16.4s, v2.16b, v8.16b\n"
      "ld4 {v12.d, v13.d, v14.d, v15.d}[1], [%[h1b]]\n"
      "smmla v24.4s, v3.16b, v8.16b\n"
      "smmla v17.4s, v2.16b, v9.16b\n"
      "ldr d4, [%[h0], %[m32]]\n"
      "smmla v25.4s, v3.16b, v9.16b\n"
      "ldr d5, [%[h0], %[m24]]\n"
      "smmla v18.4s, v2.16b, v10.16b\n"
      "ldr d6, [%[h0], %[m16]]\n"
      "smmla v26.4s, v3.16b, v10.16b\n"
      "ldr d7, [%[h0], %[m8]]\n"
      "smmla v19.4s, v2.16b, v11.16b\n"
      "ldr d0, [%[a1], %[d01]]\n"
      "smmla v27.4s, v3.16b, v11.16b\n"
      "ldr d1, [%[a3], %[d23]]\n"
      "smmla v20.4s, v2.16b, v12.16b\n"
      "ldr d8, [%[h1a], %[m32]]\n"
      "smmla v28.4s, v3.16b, v12.16b\n"
      "ldr d9, [%[h1a], %[m24]]\n"
      "smmla v21.4s, v2.16b, v13.16b\n"
      "ldr d10, [%[h1a], %[m16]]\n"
      "smmla v29.4s, v3.16b, v13.16b\n"
      "ldr d11, [%[h1a], %[m8]]\n"
      "smmla v22.4s, v2.16b, v14.16b\n"
      "ld4 {v4.d, v5.d, v6.d, v7.d}[1], [%[h0]]\n"
      "smmla v30.4s, v3.16b, v14.16b\n"
      "smmla v23.4s, v2.16b, v15.16b\n"
      "ld1 {v0.d}[1], [%[a1]]\n"
      "smmla v31.4s, v3.16b, v15.16b\n"
      "ld1 {v1.d}[1], [%[a3]]\n"
      "add %[a1], %[a1], 8\n"
      "add %[a3], %[a3], 8\n"
      "add %[h0], %[h0], 128\n"
      "add %[h1b], %[h1b], 256\n"
      "smmla v16.4s, v0.16b, v4.16b\n"
      "ld4 {v8.d, v9.d, v10.d, v11.d}[1], [%[h1a]]\n"
      "smmla v24.4s, v1.16b, v4.16b\n"
      "smmla v17.4s, v0.16b, v5.16b\n"
      "ldr d12, [%[h0], %[m32]]\n"
      "smmla v25.4s, v1.16b, v5.16b\n"
      "ldr d13, [%[h0], %[m24]]\n"
      "smmla v18.4s, v0.16b, v6.16b\n"
      "ldr d14, [%[h0], %[m16]]\n"
      "smmla v26.4s, v1.16b, v6.16b\n"
      "ldr d15, [%[h0], %[m8]]\n"
      "smmla v19.4s, v0.16b, v7.16b\n"
      "ldr d2, [%[a1], %[d01]]\n"
      "smmla v27.4s, v1.16b, v7.16b\n"
      "ldr d3, [%[a3], %[d23]]\n"
      "smmla v20.4s, v0.16b, v8.16b\n"
      "ldr d4, [%[h1b], %[m32]]\n"
      "smmla v28.4s, v1.16b, v8.16b\n"
      "ldr d5, [%[h1b], %[m24]]\n"
      "smmla v21.4s, v0.16b, v9.16b\n"
      "ldr d6, [%[h1b], %[m16]]\n"
      "smmla v29.4s, v1.16b, v9.16b\n"
      "ldr d7, [%[h1b], %[m8]]\n"
      "smmla v22.4s, v0.16b, v10.16b\n"
      "ld4 {v12.d, v13.d, v14.d, v15.d}[1], [%[h0]]\n"
      "smmla v30.4s, v1.16b, v10.16b\n"
      "smmla v23.4s, v0.16b, v11.16b\n"
      "ld1 {v2.d}[1], [%[a1]]\n"
      "smmla v31.4s, v1.16b, v11.16b\n"
      "ld1 {v3.d}[1], [%[a3]]\n"
      "add %[a1], %[a1], 8\n"
      "add %[a3], %[a3], 8\n"
      "add %[h0], %[h0], 128\n"
      "add %[h1a], %[h1a], 256\n"
      "smmla v16.4s, v2.16b, v12.16b\n"
      "ld4 {v4.d, v5.d, v6.d, v7.d}[1], [%[h1b]]\n"
      "smmla v24.4s, v3.16b, v12.16b\n"
      "smmla v17.4s, v2.16b, v13.16b\n"
      "ldr d8, [%[h0], %[m32]]\n"
      "smmla v25.4s, v3.16b, v13.16b\n"
      "ldr d9, [%[h0], %[m24]]\n"
      "smmla v18.4s, v2.16b, v14.16b\n"
      "ldr d10, [%[h0], %[m16]]\n"
      "smmla v26.4s, v3.16b, v14.16b\n"
      "ldr d11, [%[h0], %[m8]]\n"
      "smmla v19.4s, v2.16b, v15.16b\n"
      "ldr d0, [%[a1], %[d01]]\n"
      "smmla v27.4s, v3.16b, v15.16b\n"
      "ldr d1, [%[a3], %[d23]]\n"
      "smmla v20.4s, v2.16b, v4.16b\n"
      "ldr d12, [%[h1a], %[m32]]\n"
      "smmla v28.4s, v3.16b, v4.16b\n"
      "ldr d13, [%[h1a], %[m24]]\n"
      "smmla v21.4s, v2.16b, v5.16b\n"
      "ldr d14, [%[h1a], %[m16]]\n"
      "smmla v29.4s, v3.16b, v5.16b\n"
      "ldr d15, [%[h1a], %[m8]]\n"
      "smmla v22.4s, v2.16b, v6.16b\n"
      "ld4 {v8.d, v9.d, v10.d, v11.d}[1], [%[h0]]\n"
      "smmla v30.4s, v3.16b, v6.16b\n"
      "smmla v23.4s, v2.16b, v7.16b\n"
      "ld1 {v0.d}[1], [%[a1]]\n"
      "smmla v31.4s, v3.16b, v7.16b\n"
      "ld1 {v1.d}[1], [%[a3]]\n"
      "add %[a1], %[a1], 8\n"
      "add %[a3], %[a3], 8\n"
      "add %[h0], %[h0], 128\n"
      "add %[h1b], %[h1b], 256\n"
      "b.ne .Li8mm_a510_loop%=\n"
      ".Li8mm_a510_tail%=:\n"
      "cmp %[r], 1\n"
      "b.eq .Li8mm_a510_last0%=\n"
      "smmla v16.4s, v0.16b, v8.16b\n"
      "ld4 {v12.d, v13.d, v14.d, v15.d}[1], [%[h1a]]\n"
      "smmla v24.4s, v1.16b, v8.16b\n"
      "smmla v17.4s, v0.16b, v9.16b\n"
      "ldr d4, [%[h0], %[m32]]\n"
      "smmla v25.4s, v1.16b, v9.16b\n"
      "ldr d5, [%[h0], %[m24]]\n"
      "smmla v18.4s, v0.16b, v10.16b\n"
      "ldr d6, [%[h0], %[m16]]\n"
      "smmla v26.4s, v1.16b, v10.16b\n"
      "ldr d7, [%[h0], %[m8]]\n"
      "smmla v19.4s, v0.16b, v11.16b\n"
      "ldr d2, [%[a1], %[d01]]\n"
      "smmla v27.4s, v1.16b, v11.16b\n"
      "ldr d3, [%[a3], %[d23]]\n"
      "smmla v20.4s, v0.16b, v12.16b\n"
      "ldr d8, [%[h1b], %[m32]]\n"
      "smmla v28.4s, v1.16b, v12.16b\n"
      "ldr d9, [%[h1b], %[m24]]\n"
      "smmla v21.4s, v0.16b, v13.16b\n"
      "ldr d10, [%[h1b], %[m16]]\n"
      "smmla v29.4s, v1.16b, v13.16b\n"
      "ldr d11, [%[h1b], %[m8]]\n"
      "smmla v22.4s, v0.16b, v14.16b\n"
      "ld4 {v4.d, v5.d, v6.d, v7.d}[1], [%[h0]]\n"
      "smmla v30.4s, v1.16b, v14.16b\n"
      "smmla v23.4s, v0.16b, v15.16b\n"
      "ld1 {v2.d}[1], [%[a1]]\n"
      "smmla v31.4s, v1.16b, v15.16b\n"
      "ld1 {v3.d}[1], [%[a3]]\n"
      "add %[a1], %[a1], 8\n"
      "add %[a3], %[a3], 8\n"
      "add %[h0], %[h0], 128\n"
      "add %[h1a], %[h1a], 256\n"
      "sub %[r], %[r], 1\n"
      "cmp %[r], 1\n"
      "b.eq .Li8mm_a510_last1%=\n"
      "smmla v16.4s, v2.16b, v4.16b\n"
      "ld4 {v8.d, v9.d, v10.d, v11.d}[1], [%[h1b]]\n"
      "smmla v24.4s, v3.16b, v4.16b\n"
      "smmla v17.4s, v2.16b, v5.16b\n"
      "ldr d12, [%[h0], %[m32]]\n"
      "smmla v25.4s, v3.16b, v5.16b\n"
      "ldr d13, [%[h0], %[m24]]\n"
      "smmla v18.4s, v2.16b, v6.16b\n"
      "ldr d14, [%[h0], %[m16]]\n"
      "smmla v26.4s, v3.16b, v6.16b\n"
      "ldr d15, [%[h0], %[m8]]\n"
      "smmla v19.4s, v2.16b, v7.16b\n"
      "ldr d0, [%[a1], %[d01]]\n"
      "smmla v27.4s, v3.16b, v7.16b\n"
      "ldr d1, [%[a3], %[d23]]\n"
      "smmla v20.4s, v2.16b, v8.16b\n"
      "ldr d4, [%[h1a], %[m32]]\n"
      "smmla v28.4s, v3.16b, v8.16b\n"
      "ldr d5, [%[h1a], %[m24]]\n"
      "smmla v21.4s, v2.16b, v9.16b\n"
      "ldr d6, [%[h1a], %[m16]]\n"
      "smmla v29.4s, v3.16b, v9.16b\n"
      "ldr d7, [%[h1a], %[m8]]\n"
      "smmla v22.4s, v2.16b, v10.16b\n"
      "ld4 {v12.d, v13.d, v14.d, v15.d}[1], [%[h0]]\n"
      "smmla v30.4s, v3.16b, v10.16b\n"
      "smmla v23.4s, v2.16b, v11.16b\n"
      "ld1 {v0.d}[1], [%[a1]]\n"
      "smmla v31.4s, v3.16b, v11.16b\n"
      "ld1 {v1.d}[1], [%[a3]]\n"
      "add %[a1], %[a1], 8\n"
      "add %[a3], %[a3], 8\n"
      "add %[h0], %[h0], 128\n"
      "add %[h1b], %[h1b], 256\n"
      "sub %[r], %[r], 1\n"
      "cmp %[r], 1\n"
      "b.eq .Li8mm_a510_last2%=\n"
      "smmla v16.4s, v0.16b, v12.16b\n"
      "ld4 {v4.d, v5.d, v6.d, v7.d}[1], [%[h1a]]\n"
      "smmla v24.4s, v1.16b, v12.16b\n"
      "smmla v17.4s, v0.16b, v13.16b\n"
      "ldr d8, [%[h0], %[m32]]\n"
      "smmla v25.4s, v1.16b, v13.16b\n"
      "ldr d9, [%[h0], %[m24]]\n"
      "smmla v18.4s, v0.16b, v14.16b\n"
      "ldr d10, [%[h0], %[m16]]\n"
      "smmla v26.4s, v1.16b, v14.16b\n"
      "ldr d11, [%[h0], %[m8]]\n"
      "smmla v19.4s, v0.16b, v15.16b\n"
      "ldr d2, [%[a1], %[d01]]\n"
      "smmla v27.4s, v1.16b, v15.16b\n"
      "ldr d3, [%[a3], %[d23]]\n"
      "smmla v20.4s, v0.16b, v4.16b\n"
      "ldr d12, [%[h1b], %[m32]]\n"
      "smmla v28.4s, v1.16b, v4.16b\n"
      "ldr d13, [%[h1b], %[m24]]\n"
      "smmla v21.4s, v0.16b, v5.16b\n"
      "ldr d14, [%[h1b], %[m16]]\n"
      "smmla v29.4s, v1.16b, v5.16b\n"
      "ldr d15, [%[h1b], %[m8]]\n"
      "smmla v22.4s, v0.16b, v6.16b\n"
      "ld4 {v8.d, v9.d, v10.d, v11.d}[1], [%[h0]]\n"
      "smmla v30.4s, v1.16b, v6.16b\n"
      "smmla v23.4s, v0.16b, v7.16b\n"
      "ld1 {v2.d}[1], [%[a1]]\n"
      "smmla v31.4s, v1.16b, v7.16b\n"
      "ld1 {v3.d}[1], [%[a3]]\n"
      "add %[a1], %[a1], 8\n"
      "add %[a3], %[a3], 8\n"
      "add %[h0], %[h0], 128\n"
      "add %[h1a], %[h1a], 256\n"
      "sub %[r], %[r], 1\n"
      "cmp %[r], 1\n"
      "b.eq .Li8mm_a510_last3%=\n"
      "smmla v16.4s, v2.16b, v8.16b\n"
      "ld4 {v12.d, v13.d, v14.d, v15.d}[1], [%[h1b]]\n"
      "smmla v24.4s, v3.16b, v8.16b\n"
      "smmla v17.4s, v2.16b, v9.16b\n"
      "ldr d4, [%[h0], %[m32]]\n"
      "smmla v25.4s, v3.16b, v9.16b\n"
      "ldr d5, [%[h0], %[m24]]\n"
      "smmla v18.4s, v2.16b, v10.16b\n"
      "ldr d6, [%[h0], %[m16]]\n"
      "smmla v26.4s, v3.16b, v10.16b\n"
      "ldr d7, [%[h0], %[m8]]\n"
      "smmla v19.4s, v2.16b, v11.16b\n"
      "ldr d0, [%[a1], %[d01]]\n"
      "smmla v27.4s, v3.16b, v11.16b\n"
      "ldr d1, [%[a3], %[d23]]\n"
      "smmla v20.4s, v2.16b, v12.16b\n"
      "ldr d8, [%[h1a], %[m32]]\n"
      "smmla v28.4s, v3.16b, v12.16b\n"
      "ldr d9, [%[h1a], %[m24]]\n"
      "smmla v21.4s, v2.16b, v13.16b\n"
      "ldr d10, [%[h1a], %[m16]]\n"
      "smmla v29.4s, v3.16b, v13.16b\n"
      "ldr d11, [%[h1a], %[m8]]\n"
      "smmla v22.4s, v2.16b, v14.16b\n"
      "ld4 {v4.d, v5.d, v6.d, v7.d}[1], [%[h0]]\n"
      "smmla v30.4s, v3.16b, v14.16b\n"
      "smmla v23.4s, v2.16b, v15.16b\n"
      "ld1 {v0.d}[1], [%[a1]]\n"
      "smmla v31.4s, v3.16b, v15.16b\n"
      "ld1 {v1.d}[1], [%[a3]]\n"
      "add %[a1], %[a1], 8\n"
      "add %[a3], %[a3], 8\n"
      "add %[h0], %[h0], 128\n"
      "add %[h1b], %[h1b], 256\n"
      "sub %[r], %[r], 1\n"
      "cmp %[r], 1\n"
      "b.eq .Li8mm_a510_last4%=\n"
      "smmla v16.4s, v0.16b, v4.16b\n"
      "ld4 {v8.d, v9.d, v10.d, v11.d}[1], [%[h1a]]\n"
      "smmla v24.4s, v1.16b, v4.16b\n"
      "smmla v17.4s, v0.16b, v5.16b\n"
      "ldr d12, [%[h0], %[m32]]\n"
      "smmla v25.4s, v1.16b, v5.16b\n"
      "ldr d13, [%[h0], %[m24]]\n"
      "smmla v18.4s, v0.16b, v6.16b\n"
      "ldr d14, [%[h0], %[m16]]\n"
      "smmla v26.4s, v1.16b, v6.16b\n"
      "ldr d15, [%[h0], %[m8]]\n"
      "smmla v19.4s, v0.16b, v7.16b\n"
      "ldr d2, [%[a1], %[d01]]\n"
      "smmla v27.4s, v1.16b, v7.16b\n"
      "ldr d3, [%[a3], %[d23]]\n"
      "smmla v20.4s, v0.16b, v8.16b\n"
      "ldr d4, [%[h1b], %[m32]]\n"
      "smmla v28.4s, v1.16b, v8.16b\n"
      "ldr d5, [%[h1b], %[m24]]\n"
      "smmla v21.4s, v0.16b, v9.16b\n"
      "ldr d6, [%[h1b], %[m16]]\n"
      "smmla v29.4s, v1.16b, v9.16b\n"
      "ldr d7, [%[h1b], %[m8]]\n"
      "smmla v22.4s, v0.16b, v10.16b\n"
      "ld4 {v12.d, v13.d, v14.d, v15.d}[1], [%[h0]]\n"
      "smmla v30.4s, v1.16b, v10.16b\n"
      "smmla v23.4s, v0.16b, v11.16b\n"
      "ld1 {v2.d}[1], [%[a1]]\n"
      "smmla v31.4s, v1.16b, v11.16b\n"
      "ld1 {v3.d}[1], [%[a3]]\n"
      "add %[a1], %[a1], 8\n"
      "add %[a3], %[a3], 8\n"
      "add %[h0], %[h0], 128\n"
      "add %[h1a], %[h1a], 256\n"
      "sub %[r], %[r], 1\n"
      ".Li8mm_a510_last5%=:\n"
      "smmla v16.4s, v2.16b, v12.16b\n"
      "ld4 {v4.d, v5.d, v6.d, v7.d}[1], [%[h1b]]\n"
      "smmla v24.4s, v3.16b, v12.16b\n"
      "smmla v17.4s, v2.16b, v13.16b\n"
      "smmla v25.4s, v3.16b, v13.16b\n"
      "smmla v18.4s, v2.16b, v14.16b\n"
      "smmla v26.4s, v3.16b, v14.16b\n"
      "smmla v19.4s, v2.16b, v15.16b\n"
      "smmla v27.4s, v3.16b, v15.16b\n"
      "smmla v20.4s, v2.16b, v4.16b\n"
      "smmla v28.4s, v3.16b, v4.16b\n"
      "smmla v21.4s, v2.16b, v5.16b\n"
      "smmla v29.4s, v3.16b, v5.16b\n"
      "smmla v22.4s, v2.16b, v6.16b\n"
      "smmla v30.4s, v3.16b, v6.16b\n"
      "smmla v23.4s, v2.16b, v7.16b\n"
      "smmla v31.4s, v3.16b, v7.16b\n"
      "b .Li8mm_a510_done%=\n"
      ".Li8mm_a510_last0%=:\n"
      "smmla v16.4s, v0.16b, v8.16b\n"
      "ld4 {v12.d, v13.d, v14.d, v15.d}[1], [%[h1a]]\n"
      "smmla v24.4s, v1.16b, v8.16b\n"
      "smmla v17.4s, v0.16b, v9.16b\n"
      "smmla v25.4s, v1.16b, v9.16b\n"
      "smmla v18.4s, v0.16b, v10.16b\n"
      "smmla v26.4s, v1.16b, v10.16b\n"
      "smmla v19.4s, v0.16b, v11.16b\n"
      "smmla v27.4s, v1.16b, v11.16b\n"
      "smmla v20.4s, v0.16b, v12.16b\n"
      "smmla v28.4s, v1.16b, v12.16b\n"
      "smmla v21.4s, v0.16b, v13.16b\n"
      "smmla v29.4s, v1.16b, v13.16b\n"
      "smmla v22.4s, v0.16b, v14.16b\n"
      "smmla v30.4s, v1.16b, v14.16b\n"
      "smmla v23.4s, v0.16b, v15.16b\n"
      "smmla v31.4s, v1.16b, v15.16b\n"
      "b .Li8mm_a510_done%=\n"
      ".Li8mm_a510_last1%=:\n"
      "smmla v16.4s, v2.16b, v4.16b\n"
      "ld4 {v8.d, v9.d, v10.d, v11.d}[1], [%[h1b]]\n"
      "smmla v24.4s, v3.16b, v4.16b\n"
      "smmla v17.4s, v2.16b, v5.16b\n"
      "smmla v25.4s, v3.16b, v5.16b\n"
      "smmla v18.4s, v2.16b, v6.16b\n"
      "smmla v26.4s, v3.16b, v6.16b\n"
      "smmla v19.4s, v2.16b, v7.16b\n"
      "smmla v27.4s, v3.16b, v7.16b\n"
      "smmla v20.4s, v2.16b, v8.16b\n"
      "smmla v28.4s, v3.16b, v8.16b\n"
      "smmla v21.4s, v2.16b, v9.16b\n"
      "smmla v29.4s, v3.16b, v9.16b\n"
      "smmla v22.4s, v2.16b, v10.16b\n"
      "smmla v30.4s, v3.16b, v10.16b\n"
      "smmla v23.4s, v2.16b, v11.16b\n"
      "smmla v31.4s, v3.16b, v11.16b\n"
      "b .Li8mm_a510_done%=\n"
      ".Li8mm_a510_last2%=:\n"
      "smmla v16.4s, v0.16b, v12.16b\n"
      "ld4 {v4.d, v5.d, v6.d, v7.d}[1], [%[h1a]]\n"
      "smmla v24.4s, v1.16b, v12.16b\n"
      "smmla v17.4s, v0.16b, v13.16b\n"
      "smmla v25.4s, v1.16b, v13.16b\n"
      "smmla v18.4s, v0.16b, v14.16b\n"
      "smmla v26.4s, v1.16b, v14.16b\n"
      "smmla v19.4s, v0.16b, v15.16b\n"
      "smmla v27.4s, v1.16b, v15.16b\n"
      "smmla v20.4s, v0.16b, v4.16b\n"
      "smmla v28.4s, v1.16b, v4.16b\n"
      "smmla v21.4s, v0.16b, v5.16b\n"
      "smmla v29.4s, v1.16b, v5.16b\n"
      "smmla v22.4s, v0.16b, v6.16b\n"
      "smmla v30.4s, v1.16b, v6.16b\n"
      "smmla v23.4s, v0.16b, v7.16b\n"
      "smmla v31.4s, v1.16b, v7.16b\n"
      "b .Li8mm_a510_done%=\n"
      ".Li8mm_a510_last3%=:\n"
      "smmla v16.4s, v2.16b, v8.16b\n"
      "ld4 {v12.d, v13.d, v14.d, v15.d}[1], [%[h1b]]\n"
      "smmla v24.4s, v3.16b, v8.16b\n"
      "smmla v17.4s, v2.16b, v9.16b\n"
      "smmla v25.4s, v3.16b, v9.16b\n"
      "smmla v18.4s, v2.16b, v10.16b\n"
      "smmla v26.4s, v3.16b, v10.16b\n"
      "smmla v19.4s, v2.16b, v11.16b\n"
      "smmla v27.4s, v3.16b, v11.16b\n"
      "smmla v20.4s, v2.16b, v12.16b\n"
      "smmla v28.4s, v3.16b, v12.16b\n"
      "smmla v21.4s, v2.16b, v13.16b\n"
      "smmla v29.4s, v3.16b, v13.16b\n"
      "smmla v22.4s, v2.16b, v14.16b\n"
      "smmla v30.4s, v3.16b, v14.16b\n"
      "smmla v23.4s, v2.16b, v15.16b\n"
      "smmla v31.4s, v3.16b, v15.16b\n"
      "b .Li8mm_a510_done%=\n"
      ".Li8mm_a510_last4%=:\n"
      "smmla v16.4s, v0.16b, v4.16b\n"
      "ld4 {v8.d, v9.d, v10.d, v11.d}[1], [%[h1a]]\n"
      "smmla v24.4s, v1.16b, v4.16b\n"
      "smmla v17.4s, v0.16b, v5.16b\n"
      "smmla v25.4s, v1.16b, v5.16b\n"
      "smmla v18.4s, v0.16b, v6.16b\n"
      "smmla v26.4s, v1.16b, v6.16b\n"
      "smmla v19.4s, v0.16b, v7.16b\n"
      "smmla v27.4s, v1.16b, v7.16b\n"
      "smmla v20.4s, v0.16b, v8.16b\n"
      "smmla v28.4s, v1.16b, v8.16b\n"
      "smmla v21.4s, v0.16b, v9.16b\n"
      "smmla v29.4s, v1.16b, v9.16b\n"
      "smmla v22.4s, v0.16b, v10.16b\n"
      "smmla v30.4s, v1.16b, v10.16b\n"
      "smmla v23.4s, v0.16b, v11.16b\n"
      "smmla v31.4s, v1.16b, v11.16b\n"
      ".Li8mm_a510_done%=:\n"
      "st1 {v16.4s, v17.4s, v18.4s, v19.4s}, [%[acc]], 64\n"
      "st1 {v20.4s, v21.4s, v22.4s, v23.4s}, [%[acc]], 64\n"
      "st1 {v24.4s, v25.4s, v26.4s, v27.4s}, [%[acc]], 64\n"
      "st1 {v28.4s, v29.4s, v30.4s, v31.4s}, [%[acc]]\n"
      : [acc] "+&r"(acc), [a1] "+&r"(a1), [a3] "+&r"(a3), [h0] "+&r"(h0), [h1a] "+&r"(h1a), [h1b] "+&r"(h1b),
        [n] "+&r"(n), [r] "+&r"(r)
      : [d01] "r"(d01), [d23] "r"(d23), [m32] "r"(int64_t{-32}), [m24] "r"(int64_t{-24}), [m16] "r"(int64_t{-16}),
        [m8] "r"(int64_t{-8})
      : "cc", "memory", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14",
        "v15", "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30",
        "v31");
}

// One block of fewer than 8 k (zero-padded activations; the packed weights are zero past kc).
void MmlaTailBlock(int32_t* acc, const uint8_t* const* x, size_t k, size_t n, const int8_t* w) {
  int8x16_t xp[kMR / 2];
  for (size_t p = 0; p < kMR / 2; ++p) {
    uint8_t lo[16], hi[16];
    LoadTailNeon(lo, x[2 * p] + k, n);
    LoadTailNeon(hi, x[2 * p + 1] + k, n);
    xp[p] = vcombine_s8(vld1_s8(reinterpret_cast<const int8_t*>(lo)), vld1_s8(reinterpret_cast<const int8_t*>(hi)));
  }
  for (size_t q = 0; q < 8; ++q) {
    const size_t lo = LowColumn(q);
    const int8x16_t wq = vcombine_s8(vld1_s8(w + kKR * lo), vld1_s8(w + kKR * (lo + 4)));
    for (size_t p = 0; p < kMR / 2; ++p) {
      int32_t* reg = acc + 4 * (8 * p + q);
      vst1q_s32(reg, vmmlaq_s32(vld1q_s32(reg), xp[p], wq));
    }
  }
}

void GemmInt8(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride, const void* w,
              void* c, size_t c_stride, const int32_t* row_corr, const GemmParams& params) {
  const int32_t* bias = static_cast<const int32_t*>(w);
  const int8_t* wp = reinterpret_cast<const int8_t*>(bias + kNR);
  alignas(16) int32_t acc[16 * 4];
  for (size_t q = 0; q < 8; ++q) {
    const int32_t lo = bias[LowColumn(q)], hi = bias[LowColumn(q) + 4];
    for (size_t p = 0; p < kMR / 2; ++p) {
      int32_t* reg = acc + 4 * (8 * p + q);
      reg[0] = lo;
      reg[1] = hi;
      reg[2] = lo;
      reg[3] = hi;
    }
  }
  const size_t blocks = kc / kKR;
  for (size_t t = 0; t < ks; ++t) {
    const uint8_t* x[kMR];
    for (size_t i = 0; i < kMR; ++i) x[i] = static_cast<const uint8_t*>(a[t * a_tap_stride + i]);
    if (blocks != 0) {
      MmlaBlocksInOrder(acc, x, blocks, wp);
      wp += blocks * kKR * kNR;
    }
    if (kc % kKR != 0) {
      MmlaTailBlock(acc, x, blocks * kKR, kc % kKR, wp);
      wp += kKR * kNR;
    }
  }
  const GemmNeonOutput o = LoadGemmNeonOutput(params);
  RequantNeon q[4];
  for (size_t j = 0; j < 4; ++j) q[j] = LoadRequantNeon(params.requant, 4 * j);
  for (size_t i = 0; i < mr; ++i) {
    const int32x4_t corr = vdupq_n_s32(row_corr != nullptr ? row_corr[i] : 0);
    const int32_t* regs = acc + 4 * 8 * (i / 2);
    int8_t* out = static_cast<int8_t*>(c) + i * c_stride;
    for (size_t g = 0; g < 2; ++g) {
      // Row i's halves of registers 4g..4g+3: {c_i, c_i+4} for columns 8g + (0..3).
      int64x2_t h[4];
      for (size_t j = 0; j < 4; ++j) h[j] = vreinterpretq_s64_s32(vld1q_s32(regs + 4 * (4 * g + j)));
      const int32x4_t a01 = vreinterpretq_s32_s64(i % 2 == 0 ? vzip1q_s64(h[0], h[1]) : vzip2q_s64(h[0], h[1]));
      const int32x4_t a23 = vreinterpretq_s32_s64(i % 2 == 0 ? vzip1q_s64(h[2], h[3]) : vzip2q_s64(h[2], h[3]));
      const int32x4_t lo = vaddq_s32(vuzp1q_s32(a01, a23), corr);  // columns 8g .. 8g+3
      const int32x4_t hi = vaddq_s32(vuzp2q_s32(a01, a23), corr);  // columns 8g+4 .. 8g+7
      if (8 * g >= nc) break;
      StoreGemmNeon8(out + 8 * g, nc - 8 * g, lo, hi, q[2 * g], q[2 * g + 1], o);
    }
  }
}

}  // namespace

void qs8_gemm_4x16c8__i8mm_a510(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride,
                                const void* w, void* c, size_t c_stride, const int32_t* row_corr,
                                const GemmParams& params) {
  if (params.input_xor != 0) {
    qs8_gemm_4x16c8__i8mm(mr, nc, kc, ks, a, a_tap_stride, w, c, c_stride, row_corr, params);
    return;
  }
  GemmInt8(mr, nc, kc, ks, a, a_tap_stride, w, c, c_stride, row_corr, params);
}

}  // namespace octet::kernels
