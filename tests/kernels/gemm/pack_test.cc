// The packer against a direct reading of the layout in pack.h / gemm.h.
#include "kernels/gemm/pack.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "tests/testing/replicable_random.h"

namespace octet::kernels {
namespace {

TEST(GemmPack, LayoutAndFoldedBias) {
  testing::ReplicableRandom rng(3);
  for (bool u8 : {false, true}) {
    // kc 12 at kr 8 ends on a 4-byte group: the packer's 32-bit path must still place it at j * kr.
    for (auto [kr, kc] :
         {std::pair{1, 7}, std::pair{2, 7}, std::pair{4, 7}, std::pair{4, 12}, std::pair{8, 7}, std::pair{8, 12}}) {
      const int n = 21, ks = 3;
      std::vector<uint8_t> filter = rng.Ints<uint8_t>(static_cast<size_t>(n * ks * kc), 0, 255);
      std::vector<int32_t> bias = rng.Ints<int32_t>(n, -1000, 1000);
      GemmPackSource src;
      src.n = n;
      src.ks = ks;
      src.kc = kc;
      src.filter = filter.data();
      src.uint8_weights = u8;
      src.bias = bias.data();
      src.input_zero_point = -5;
      src.filter_zero_point = u8 ? 3 : 0;
      std::vector<GemmPackBlock> blocks(2);
      blocks[0].n0 = 0;
      blocks[0].nc = 16;
      blocks[0].nr = 16;
      blocks[0].kr = kr;
      blocks[0].unsigned_activations = true;
      blocks[1].n0 = 16;
      blocks[1].nc = 5;
      blocks[1].nr = 8;
      blocks[1].kr = kr;
      const size_t size = PackedGemmSize(&blocks, ks, kc);
      EXPECT_EQ(blocks[1].offset % 64, 0u);
      std::vector<uint8_t> packed(size, 0xCD);
      PackGemm(src, blocks, packed.data());
      const size_t kcp = RoundUp(kc, static_cast<size_t>(kr));
      for (const GemmPackBlock& b : blocks) {
        const uint8_t* base = packed.data() + b.offset;
        const int32_t* pb = reinterpret_cast<const int32_t*>(base);
        const int8_t* pw = reinterpret_cast<const int8_t*>(base + b.nr * 4);
        for (int j = 0; j < b.nr; ++j) {
          int64_t colsum = 0;
          for (int i = 0; i < ks * kc; ++i) {
            colsum += j < b.nc ? static_cast<int8_t>(filter[(b.n0 + j) * ks * kc + i] ^ (u8 ? 0x80 : 0)) : 0;
          }
          const int64_t folded = j < b.nc
                                     ? bias[b.n0 + j] + 5 * colsum + int64_t{ks * kc} * -5 * src.filter_zero_point -
                                           (b.unsigned_activations ? 128 * colsum : 0)
                                     : 0;
          EXPECT_EQ(pb[j], static_cast<int32_t>(folded)) << "column " << b.n0 + j;
          for (int t = 0; t < ks; ++t) {
            for (size_t c = 0; c < kcp; ++c) {
              const int8_t want = (j < b.nc && c < static_cast<size_t>(kc))
                                      ? static_cast<int8_t>(filter[(b.n0 + j) * ks * kc + t * kc + c] ^ (u8 ? 0x80 : 0))
                                      : 0;
              EXPECT_EQ(pw[t * kcp * b.nr + (c / kr) * b.nr * kr + j * kr + c % kr], want);
            }
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace octet::kernels
