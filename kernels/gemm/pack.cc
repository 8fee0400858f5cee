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
    const size_t kc = static_cast<size_t>(src.kc), kr = static_cast<size_t>(b.kr), nr = static_cast<size_t>(b.nr);
    const size_t kc_padded = RoundUp(kc, kr);
    const uint8_t flip = src.uint8_weights ? 0x80 : 0;
    // Walk each filter row in groups of kr bytes (no division per byte: packing every weight of a
    // model is a visible part of load time).
    for (int t = 0; t < src.ks; ++t) {
      int8_t* wt = w + static_cast<size_t>(t) * kc_padded * nr;
      for (int j = 0; j < b.nc; ++j) {
        const uint8_t* in =
            static_cast<const uint8_t*>(src.filter) + static_cast<size_t>(b.n0 + j) * k + static_cast<size_t>(t) * kc;
        int8_t* dst = wt + static_cast<size_t>(j) * kr;
        for (size_t c = 0; c < kc; c += kr, dst += nr * kr) {
          const size_t n = kc - c < kr ? kc - c : kr;
          if (n == 4) {  // the common case (c4 layouts), as one 32-bit move
            uint32_t v;
            std::memcpy(&v, in + c, 4);
            v ^= flip * 0x01010101u;
            std::memcpy(dst, &v, 4);
          } else {
            for (size_t i = 0; i < n; ++i) dst[i] = static_cast<int8_t>(in[c + i] ^ flip);
          }
        }
      }
    }
  }
}

}  // namespace octet::kernels
