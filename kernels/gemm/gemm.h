// The GEMM microkernel family: int8 matrix products with TFLite-exact requantization, used by
// 1x1 / KxK convolutions and FULLY_CONNECTED (conv_gemm.h drives them).
//
// Arithmetic (all mod 2^32, which is exactly TFLite's wrapped int32 sum). Both model types are
// mapped to a signed domain at prepare time: x_s = x ^ 0x80 for uint8 activations (x - 128),
// w_s = w ^ 0x80 for uint8 weights, zero points minus 128. Then
//
//   acc[m][n] = sum_k (w_s - wz_s)(x_s - xz_s) + bias[n]
//             = sum_k w_s x_s + packed_bias[n] + row_corr[m]
//   packed_bias[n] = bias[n] - xz_s * colsum(w_s)[n] + K * xz_s * wz_s   (- 128 * colsum for VNNI)
//   row_corr[m]    = -wz_s * rowsum(x_s)[m]                             (only when wz_s != 0)
//
// VNNI kernels multiply unsigned activations by signed weights (vpdpbusd): they feed
// x_u = x_s ^ 0x80 = x_s + 128 and the packer folds -128 * colsum(w_s) into the bias. The 16-bit
// kernels (scalar, SSE4.1, AVX2) multiply x_s by w_s exactly after sign extension.
//
// Microkernel contract. One call computes an mr x nc tile (mr <= MR, nc <= NR) of one packed
// column block:
// - `a` holds row pointers, tap-major: a[t * a_tap_stride + i] (i < MR) is row i's bytes for tap t,
//   valid for kc bytes. Rows i >= mr must still be valid pointers (they are computed, not stored).
//   Kernels read exactly kc bytes per row and tap (no over-read: tensors are not padded).
// - `w` points at a packed block (pack.h): NR int32 biases, then for each tap kc rounded up to KR
//   bytes of weights laid out [kc/KR][NR][KR] (zeros past kc and past the real columns).
// - `c` is row 0's first output byte, rows c_stride bytes apart; exactly mr x nc bytes are written.
// - `row_corr` is null or mr int32 added to each row's accumulators.
// - Kernels do not allocate, spawn threads or detect CPUs.
#ifndef OCTET_KERNELS_GEMM_GEMM_H_
#define OCTET_KERNELS_GEMM_GEMM_H_

#include <cstddef>
#include <cstdint>

#include "kernels/common/requantize.h"
#include "kernels/dispatch/isa.h"

namespace octet::kernels {

struct GemmParams {
  RequantView requant;  // signed-domain zero point and clamp bounds
  // The same per-channel constants split for 64-bit lane arithmetic (AVX-512 epilogues), starting
  // at the block's first column: per 16 columns, 8 vectors of 8 int64: {multiplier, rounding} x
  // {even columns, odd columns}, then 16 int32 rs - 1 in column order (-1 when rs == 0, 0 past the
  // last channel), a zero vector, then 31 + right shift x {even, odd} (GemmRequantSplit in
  // conv_gemm.h), valid for the kernel's whole NR. Other kernels ignore it.
  const int64_t* requant_split = nullptr;
  // The rounding terms of requant_split include the output zero point (z * 2^(31 + rs)), so the
  // epilogue's results already have it added.
  bool zero_point_in_split = false;
  uint8_t input_xor = 0;   // raw activation byte ^ input_xor = x_s (0x80 for uint8 models)
  uint8_t output_xor = 0;  // signed result ^ output_xor = stored byte (0x80 for uint8 models)
};

using GemmUkernelFn = void (*)(size_t mr, size_t nc, size_t kc, size_t ks, const void* const* a, size_t a_tap_stride,
                               const void* w, void* c, size_t c_stride, const int32_t* row_corr,
                               const GemmParams& params);

// Direct-GEMM entry point of a kernel (optional): m rows (any m >= 1) of ks taps, tap t of row i
// the kc bytes at a + i * a_stride + t * tap_stride, all in one call for one packed column block;
// row_corr: the m rows' corrections (as GemmUkernelFn's) or null. 1x1 convolutions have one tap; a
// first layer's row runs (conv_gemm.h) have a tap per filter row, one input row apart. Returns false,
// having done nothing, when it does not handle `params` (the caller then runs `fn` tile by tile).
using GemmDirectFn = bool (*)(size_t m, size_t nc, size_t kc, size_t ks, const void* a, size_t a_stride,
                              size_t tap_stride, const void* w, void* c, size_t c_stride, const int32_t* row_corr,
                              const GemmParams& params);

// Describes one microkernel of the family list.
struct GemmUkernel {
  const char* name;
  Isa isa;
  int mr, nr, kr;
  bool unsigned_activations;  // VNNI: packer folds -128 * colsum into the bias
  GemmUkernelFn fn;
  GemmDirectFn direct = nullptr;
};

#define OCTET_GEMM_UKERNEL(isa_token, isa_enum, fn_name, mr, nr, kr, u8)                                               \
  void fn_name(size_t, size_t, size_t, size_t, const void* const*, size_t, const void*, void*, size_t, const int32_t*, \
               const GemmParams&);
#define OCTET_GEMM_DIRECT(isa_token, fn_name, direct_name)                                                  \
  bool direct_name(size_t, size_t, size_t, size_t, const void*, size_t, size_t, const void*, void*, size_t, \
                   const int32_t*, const GemmParams&);
#include "kernels/gemm/gemm.inc"
#undef OCTET_GEMM_UKERNEL
#undef OCTET_GEMM_DIRECT

// Row sums for the row corrections of uint8 models with a weight zero point (conv_gemm.cc): for
// i < mr, sums[i] = sum over taps t < taps and k < kc of (rows[t * tile_m + i][k] ^ flip), mod 2^32.
using RowSumsFn = void (*)(const void* const* rows, size_t tile_m, size_t mr, size_t taps, size_t kc, uint8_t flip,
                           uint32_t* sums);
void q8_rowsum__avx512(const void* const* rows, size_t tile_m, size_t mr, size_t taps, size_t kc, uint8_t flip,
                       uint32_t* sums);
// The row-sum kernel for GEMM kernels of `isa`, or nullptr for the portable one (conv_gemm.cc).
RowSumsFn SelectRowSums(Isa isa);

// dst[i] = src[i] ^ 0x80 for i < n (dst may equal src): int8 rows to the u8 operand, once per tile
// (conv_gemm.cc's pre-flipped tiles).
using FlipCopyFn = void (*)(uint8_t* dst, const uint8_t* src, size_t n);
void q8_flipcopy__avx512(uint8_t* dst, const uint8_t* src, size_t n);
// The flip-copy kernel for GEMM kernels of `isa`, or nullptr for the portable one (conv_gemm.cc).
FlipCopyFn SelectFlipCopy(Isa isa);

// Every kernel this build compiled, in list order (weakest ISA first).
const GemmUkernel* GemmUkernels(size_t* count);

}  // namespace octet::kernels

#endif  // OCTET_KERNELS_GEMM_GEMM_H_
