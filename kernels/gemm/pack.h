// Weight packing for the GEMM family (layout documented in gemm.h).
//
// A packed matrix is a sequence of column blocks, each for one microkernel of NR columns:
//   int32 bias[NR]                                  (bias and zero-point terms folded, see gemm.h)
//   for each tap t < ks: int8 w[round_up(kc, KR) / KR][NR][KR]   (w_s; zeros past kc and past nc)
// Blocks start at 64-byte aligned offsets.
#ifndef OCTET_KERNELS_GEMM_PACK_H_
#define OCTET_KERNELS_GEMM_PACK_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace octet::kernels {

struct GemmPackSource {
  int n = 0;                      // output channels (columns)
  int ks = 1;                     // taps
  int kc = 0;                     // channels per tap
  const void* filter = nullptr;   // [n][ks][kc] raw weight bytes (int8 or uint8)
  bool uint8_weights = false;     // w_s = w ^ 0x80
  const int32_t* bias = nullptr;  // [n] or null
  int32_t input_zero_point = 0;   // xz_s (signed domain)
  int32_t filter_zero_point = 0;  // wz_s (signed domain)
};

// One block of the packing plan: columns [n0, n0 + nc) packed for a kernel of width nr and k-block kr.
struct GemmPackBlock {
  int n0 = 0, nc = 0;
  int nr = 0, kr = 0;
  bool unsigned_activations = false;
  size_t offset = 0;  // filled by PackedGemmSize
};

inline size_t RoundUp(size_t v, size_t m) { return (v + m - 1) / m * m; }

// Bytes of one packed block.
size_t PackedGemmBlockSize(const GemmPackBlock& b, int ks, int kc);
// Assigns each block's offset and returns the total size.
size_t PackedGemmSize(std::vector<GemmPackBlock>* blocks, int ks, int kc);
// Packs every block of the plan into `out` (PackedGemmSize bytes, 64-byte aligned).
void PackGemm(const GemmPackSource& src, const std::vector<GemmPackBlock>& blocks, void* out);

// The folded per-column int32 (wrapping arithmetic), exposed for tests.
int32_t FoldedBias(const GemmPackSource& src, int n, bool unsigned_activations);

}  // namespace octet::kernels

#endif  // OCTET_KERNELS_GEMM_PACK_H_
