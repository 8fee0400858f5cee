#include "kernels/gemm/pack.h"

#include <cstring>

namespace octet::kernels {
namespace {

inline int8_t SignedWeight(const GemmPackSource& src, size_t index) {
  const uint8_t raw = static_cast<const uint8_t*>(src.filter)[index];
  return static_cast<int8_t>(src.uint8_weights ? raw ^ 0x80 : raw);
}

}  // namespace

int32_t FoldedBias(const GemmPackSource& src, int n, bool unsigned_activations) {
  const size_t k = static_cast<size_t>(src.ks) * static_cast<size_t>(src.kc);
  int64_t colsum = 0;
  for (size_t i = 0; i < k; ++i) colsum += SignedWeight(src, static_cast<size_t>(n) * k + i);
  // Wrapping int32 arithmetic (the result is only used mod 2^32).
  uint32_t v = src.bias != nullptr ? static_cast<uint32_t>(src.bias[n]) : 0u;
  v -= static_cast<uint32_t>(src.input_zero_point) * static_cast<uint32_t>(colsum);
  v += static_cast<uint32_t>(k) * static_cast<uint32_t>(src.input_zero_point) *
       static_cast<uint32_t>(src.filter_zero_point);
  if (unsigned_activations) v -= 128u * static_cast<uint32_t>(colsum);
  return static_cast<int32_t>(v);
}

size_t PackedGemmBlockSize(const GemmPackBlock& b, int ks, int kc) {
  const size_t bytes =
      static_cast<size_t>(b.nr) * sizeof(int32_t) +
      static_cast<size_t>(ks) * RoundUp(static_cast<size_t>(kc), static_cast<size_t>(b.kr)) * static_cast<size_t>(b.nr);
  return RoundUp(bytes, 64);
}

size_t PackedGemmSize(std::vector<GemmPackBlock>* blocks, int ks, int kc) {
  size_t offset = 0;
  for (GemmPackBlock& b : *blocks) {
    b.offset = offset;
    offset += PackedGemmBlockSize(b, ks, kc);
  }
  return offset;
}

void PackGemm(const GemmPackSource& src, const std::vector<GemmPackBlock>& blocks, void* out) {
  const size_t k = static_cast<size_t>(src.ks) * static_cast<size_t>(src.kc);
  for (const GemmPackBlock& b : blocks) {
    uint8_t* base = static_cast<uint8_t*>(out) + b.offset;
    std::memset(base, 0, PackedGemmBlockSize(b, src.ks, src.kc));
    int32_t* bias = reinterpret_cast<int32_t*>(base);
    for (int j = 0; j < b.nc; ++j) bias[j] = FoldedBias(src, b.n0 + j, b.unsigned_activations);
    int8_t* w = reinterpret_cast<int8_t*>(base + static_cast<size_t>(b.nr) * sizeof(int32_t));
    const size_t kc_padded = RoundUp(static_cast<size_t>(src.kc), static_cast<size_t>(b.kr));
    for (int t = 0; t < src.ks; ++t) {
      int8_t* wt = w + static_cast<size_t>(t) * kc_padded * static_cast<size_t>(b.nr);
      for (int j = 0; j < b.nc; ++j) {
        const size_t row = static_cast<size_t>(b.n0 + j) * k + static_cast<size_t>(t) * static_cast<size_t>(src.kc);
        for (int c = 0; c < src.kc; ++c) {
          const size_t group = static_cast<size_t>(c / b.kr), within = static_cast<size_t>(c % b.kr);
          wt[(group * static_cast<size_t>(b.nr) + static_cast<size_t>(j)) * static_cast<size_t>(b.kr) + within] =
              SignedWeight(src, row + static_cast<size_t>(c));
        }
      }
    }
  }
}

}  // namespace octet::kernels
