#include "kernels/gemm/pack.h"

#include <cstring>

namespace octet::kernels {

int32_t FoldedBias(const GemmPackSource& src, int n, bool unsigned_activations) {
  const size_t k = static_cast<size_t>(src.ks) * static_cast<size_t>(src.kc);
  // The column sum is only used mod 2^32 (wrapping int32 arithmetic, as the reference's), so it is
  // summed in uint32 lanes: vectorizes without widening to 64 bits.
  const uint8_t* w = static_cast<const uint8_t*>(src.filter) + static_cast<size_t>(n) * k;
  uint32_t colsum = 0;
  if (src.uint8_weights) {
    for (size_t i = 0; i < k; ++i) colsum += static_cast<uint32_t>(w[i]) - 128u;
  } else {
    for (size_t i = 0; i < k; ++i) colsum += static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(w[i])));
  }
  uint32_t v = src.bias != nullptr ? static_cast<uint32_t>(src.bias[n]) : 0u;
  v -= static_cast<uint32_t>(src.input_zero_point) * colsum;
  v += static_cast<uint32_t>(k) * static_cast<uint32_t>(src.input_zero_point) *
       static_cast<uint32_t>(src.filter_zero_point);
  if (unsigned_activations) v -= 128u * colsum;
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
    // Output order: for each tap and k-group, the block's columns side by side (kr bytes each), so
    // every destination line is written whole before the next one and the source rows (one per
    // column) are read a group at a time. No division per byte: packing every weight of a model is
    // a visible part of load time.
    const uint8_t* filter = static_cast<const uint8_t*>(src.filter);
    for (int t = 0; t < src.ks; ++t) {
      int8_t* dst = w + static_cast<size_t>(t) * kc_padded * nr;
      const uint8_t* column0 = filter + static_cast<size_t>(b.n0) * k + static_cast<size_t>(t) * kc;
      for (size_t c = 0; c < kc; c += kr, dst += nr * kr) {
        const size_t n = kc - c < kr ? kc - c : kr;
        const uint8_t* in = column0 + c;
        if (n == 4) {  // the common case (c4 layouts), as one 32-bit move per column
          for (int j = 0; j < b.nc; ++j, in += k) {
            uint32_t v;
            std::memcpy(&v, in, 4);
            v ^= flip * 0x01010101u;
            std::memcpy(dst + static_cast<size_t>(j) * kr, &v, 4);
          }
        } else {
          for (int j = 0; j < b.nc; ++j, in += k) {
            for (size_t i = 0; i < n; ++i) dst[static_cast<size_t>(j) * kr + i] = static_cast<int8_t>(in[i] ^ flip);
          }
        }
      }
    }
  }
}

}  // namespace octet::kernels
