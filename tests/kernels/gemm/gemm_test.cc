// Every GEMM microkernel (each main/tail pair of gemm.inc, plus each kernel alone) through
// PreparedFullyConnected / PreparedConv2D against the reference kernels, tolerance 0.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "kernels/dispatch/coverage.h"
#include "kernels/dispatch/isa.h"
#include "kernels/gemm/conv_gemm.h"
#include "tests/kernels/gemm/extra_kernels.h"
#include "tests/kernels/gemm/gemm_tester.h"

namespace octet {
namespace {

using kernels::GemmUkernel;

struct KernelCase {
  const GemmUkernel* main;
  const GemmUkernel* tail;
  Isa run_isa;  // what the CPU must support to run it
};

std::vector<KernelCase> AllCases() {
  std::vector<KernelCase> cases;
  size_t count = 0;
  const GemmUkernel* list = kernels::GemmUkernels(&count);
  for (const auto& [main, tail] : kernels::GemmUkernelChoices()) cases.push_back({main, tail, main->isa});
  for (size_t i = 0; i < count; ++i) {
    bool seen = false;
    for (const KernelCase& c : cases) seen = seen || (c.main == &list[i] && c.tail == &list[i]);
    if (!seen) cases.push_back({&list[i], &list[i], list[i].isa});
  }
  for (const testing::ExtraKernel& e : testing::ExtraGemmKernels()) cases.push_back({e.kernel, e.kernel, e.run_isa});
  return cases;
}

std::string CaseName(const ::testing::TestParamInfo<KernelCase>& info) {
  std::string name = info.param.main->name;
  if (info.param.tail != info.param.main) name += std::string("_with_") + info.param.tail->name;
  return name;
}

class GemmKernelTest : public ::testing::TestWithParam<KernelCase> {
 protected:
  void SetUp() override {
    if (!Has(DetectedIsas(), GetParam().run_isa)) {
      GTEST_SKIP() << GetParam().main->name << " needs " << IsaName(GetParam().run_isa)
                   << ", which this CPU does not support (compiled, not run)";
    }
  }
  testing::GemmTester Tester() const {
    testing::GemmTester t;
    t.kernels(GetParam().main, GetParam().tail);
    return t;
  }
  int mr() const { return GetParam().main->mr; }
  int nr() const { return GetParam().main->nr; }
};

TEST_P(GemmKernelTest, FcSweepM) {
  for (int m = 1; m <= 3 * mr() + 1; ++m) Tester().m(m).n(nr() + 3).k(19).seed(m).Test();
}

TEST_P(GemmKernelTest, FcSweepN) {
  for (int n = 1; n <= 2 * nr() + 17; n += (n < 20 ? 1 : 7)) Tester().m(mr() + 1).n(n).k(13).seed(n).Test();
}

TEST_P(GemmKernelTest, FcSweepK) {
  for (int k = 1; k <= 70; k += (k < 20 ? 1 : 5)) Tester().m(mr() + 2).n(nr() + 1).k(k).seed(k).Test();
  Tester().m(3).n(5).k(1000).Test();
  Tester().m(mr()).n(nr()).k(4096).Test();
}

TEST_P(GemmKernelTest, FcRandomShapes) {
  testing::ReplicableRandom rng(7);
  for (int i = 0; i < 40; ++i) {
    Tester()
        .m(static_cast<int>(rng.Int(1, 40)))
        .n(static_cast<int>(rng.Int(1, 200)))
        .k(static_cast<int>(rng.Int(1, 300)))
        .uint8(i % 2 == 1)
        .per_channel(i % 3 != 0)
        .seed(100 + i)
        .Test();
  }
}

TEST_P(GemmKernelTest, ExtremeValuesInt8) {
  // Activations and zero points at the type limits, weights at +-127 and -128: no 16-bit saturation.
  for (int32_t xz : {-128, 127, 0}) {
    Tester().m(mr() + 1).n(nr() + 5).k(67).input_zero_point(xz).weight_range(-127, -127).input_range(127, 127).Test();
    Tester().m(mr() + 1).n(nr() + 5).k(67).input_zero_point(xz).weight_range(127, 127).input_range(-128, -128).Test();
    Tester().m(mr() + 1).n(nr() + 5).k(67).input_zero_point(xz).weight_range(-128, -128).input_range(-128, -128).Test();
    Tester().m(mr()).n(nr()).k(33).input_zero_point(xz).weight_range(-128, 127).input_range(-128, 127).Test();
  }
  for (int32_t oz : {-128, 127}) Tester().m(5).n(nr() + 1).k(40).output_zero_point(oz).Test();
  Tester().m(mr()).n(nr()).k(2000).input_zero_point(-128).weight_range(127, 127).input_range(127, 127).Test();
}

TEST_P(GemmKernelTest, ExtremeValuesUint8) {
  for (int32_t wz : {0, 128, 255, 1, 77, 200}) {
    for (int32_t xz : {0, 255, 131}) {
      Tester()
          .uint8(true)
          .m(mr() + 1)
          .n(nr() + 3)
          .k(23)
          .filter_zero_point(wz)
          .input_zero_point(xz)
          .seed(wz + xz)
          .Test();
    }
    Tester().uint8(true).m(mr()).n(17).k(45).filter_zero_point(wz).weight_range(0, 0).input_range(255, 255).Test();
    Tester().uint8(true).m(mr()).n(17).k(45).filter_zero_point(wz).weight_range(255, 255).input_range(0, 0).Test();
  }
}

TEST_P(GemmKernelTest, FcInt8FilterZeroPoint) {
  // The FC reference subtracts the filter zero point for int8 too.
  for (int32_t wz : {-128, -3, 5, 127}) Tester().m(mr() + 3).n(nr() + 2).k(29).filter_zero_point(wz).Test();
}

TEST_P(GemmKernelTest, ClampsAndShifts) {
  for (bool u8 : {false, true}) {
    const int32_t lo = u8 ? 0 : -128;
    Tester().uint8(u8).m(7).n(nr() + 9).k(50).clamp(lo + 100, lo + 106).Test();                            // RELU6-like
    Tester().uint8(u8).m(7).n(nr() + 9).k(50).output_zero_point(lo + 10).clamp(lo + 10, lo + 255).Test();  // RELU
    Tester().uint8(u8).m(7).n(nr() + 9).k(50).positive_shift(true).weight_range(u8 ? 120 : -2, u8 ? 136 : 2).Test();
    Tester().uint8(u8).m(7).n(nr() + 9).k(50).bias(false).per_channel(false).Test();
  }
}

TEST_P(GemmKernelTest, RightShiftRanges) {
  // AVX-512: blocks whose channels all have rs >= 1 take the high-dword form, others the 64-bit one
  // (rs = 0 channels mixed in); rs = 1 and rs = 31 are the edges of the first, huge accumulators
  // (bias near the int32 limits, weights and activations at the type limits) its range; rs <= 22
  // in every channel also puts the output zero point into the rounding constant.
  struct Range {
    int32_t lo, hi;
  };
  for (Range r :
       {Range{-1, -1}, Range{-2, -1}, Range{-1, 0}, Range{-3, 0}, Range{-22, -20}, Range{-31, -20}, Range{-31, -1}}) {
    for (bool u8 : {false, true}) {
      Tester()
          .uint8(u8)
          .m(mr() + 2)
          .n(nr() + 7)
          .k(37)
          .shift_range(r.lo, r.hi)
          .weight_range(u8 ? 126 : -2, u8 ? 130 : 2)
          .Test();
      Tester().uint8(u8).m(mr()).n(2 * nr() + 3).k(19).shift_range(r.lo, r.hi).Test();
      Tester()
          .uint8(u8)
          .m(3)
          .n(nr())
          .k(8)
          .shift_range(r.lo, r.hi)
          .bias_range(-(int64_t{1} << 31), (int64_t{1} << 31) - 1)
          .Test();
      Tester()
          .uint8(u8)
          .m(5)
          .n(nr() + 1)
          .k(300)
          .shift_range(r.lo, r.hi)
          .bias_range(int64_t{1} << 30, (int64_t{1} << 31) - 1)
          .weight_range(u8 ? 255 : 127, u8 ? 255 : 127)
          .input_range(u8 ? 255 : 127, u8 ? 255 : 127)
          .Test();
      Tester()
          .uint8(u8)
          .m(5)
          .n(nr() + 1)
          .k(300)
          .shift_range(r.lo, r.hi)
          .bias_range(-(int64_t{1} << 31), -(int64_t{1} << 30))
          .weight_range(u8 ? 0 : -128, u8 ? 0 : -128)
          .input_range(u8 ? 255 : 127, u8 ? 255 : 127)
          .Test();
    }
  }
}

TEST_P(GemmKernelTest, Conv1x1) {
  for (bool u8 : {false, true}) {
    for (int c : {1, 3, 8, 16, 24, 37}) {
      Tester().uint8(u8).conv(1, 5, 7, 1, 1).k(c).n(nr() + c).seed(c).Test();
    }
    Tester().uint8(u8).conv(2, 3, 3, 1, 1).k(32).n(2 * nr()).Test();
    Tester().uint8(u8).conv(1, 9, 8, 1, 1).stride(2, 2).k(12).n(20).Test();  // strided 1x1: indirection
  }
}

TEST_P(GemmKernelTest, ConvKxKSweep) {
  int seed = 0;
  for (int kh = 1; kh <= 5; ++kh) {
    for (int stride = 1; stride <= 3; ++stride) {
      for (int dil = 1; dil <= 2; ++dil) {
        for (bool same : {true, false}) {
          const int kw = kh == 5 ? 3 : kh;  // also a non-square filter
          const int h = 7 + seed % 3, w = 6 + seed % 4;
          if (!same && (kh - 1) * dil + 1 > std::min(h, w)) continue;
          ++seed;
          Tester()
              .uint8(seed % 3 == 0)
              .conv(seed % 4 == 0 ? 2 : 1, h, w, kh, kw)
              .stride(stride, stride == 3 ? 2 : stride)
              .dilation(dil, dil)
              .same_padding(same)
              .k(1 + seed % 11)
              .n(1 + (seed * 7) % (nr() + 9))
              .seed(seed)
              .Test();
        }
      }
    }
  }
}

TEST_P(GemmKernelTest, ConvMobileNetStem) {
  // The first layer of the MobileNets: 3 input channels, 3x3 stride 2 SAME; zero points at the limits.
  for (bool u8 : {false, true}) {
    Tester().uint8(u8).conv(1, 17, 17, 3, 3).stride(2, 2).k(3).n(32).input_zero_point(u8 ? 255 : -128).Test();
    Tester().uint8(u8).conv(1, 16, 15, 3, 3).stride(2, 2).k(3).n(32).input_zero_point(u8 ? 0 : 127).Test();
  }
}

TEST_P(GemmKernelTest, SmallK) {
  // Depths 1..32 (the MobileNet expand layers and the im2col stem): the epilogue dominates.
  int seed = 0;
  for (int k = 1; k <= 32; ++k) {
    for (int m : {1, mr(), 2 * mr() + 1}) {
      const int n = (k % 3 == 0) ? nr() : nr() / 2 + 3 + k % 5;
      ++seed;
      Tester().uint8(seed % 4 == 0).m(m).n(n).k(k).per_channel(seed % 5 != 0).seed(seed).Test();
    }
  }
  for (bool u8 : {false, true}) Tester().uint8(u8).conv(1, 9, 11, 1, 1).k(16).n(96).seed(u8 ? 2 : 1).Test();
}

TEST_P(GemmKernelTest, Gemv) {
  // One row (FULLY_CONNECTED on one vector, 1x1 convolution of one pixel): the GEMV path.
  int seed = 0;
  for (int k : {1, 3, 4, 7, 8, 9, 31, 64, 200, 1280, 1283}) {
    for (int n : {1, 17, nr(), 2 * nr() + 5}) {
      ++seed;
      Tester().m(1).n(n).k(k).uint8(seed % 2 == 0).seed(seed).Test();
    }
  }
  Tester().m(1).n(1001).k(1280).Test();
  for (int32_t wz : {-7, 9}) Tester().m(1).n(nr() + 3).k(130).filter_zero_point(wz).Test();
  Tester().conv(1, 1, 1, 1, 1).k(1280).n(1001).Test();
}

TEST_P(GemmKernelTest, ConvFewChannels) {
  // kc <= 8 with several taps (stem-like), with padding, strides and dilation: row runs read in
  // place (dilation_w 1; runs across the border assembled per tile) and the im2col path
  // (dilation_w 2); uint8 with a filter zero point exercises the row correction on both.
  int seed = 0;
  for (int c : {1, 2, 3, 4, 5, 8}) {
    for (int kh : {2, 3, 5}) {
      for (int stride : {1, 2}) {
        for (bool same : {true, false}) {
          ++seed;
          Tester()
              .uint8(seed % 2 == 0)
              .conv(1 + seed % 2, 9 + seed % 3, 8 + seed % 4, kh, kh == 5 ? 3 : kh)
              .stride(stride, stride)
              .dilation(seed % 5 == 0 ? 2 : 1, seed % 3 == 0 ? 2 : 1)
              .same_padding(same)
              .k(c)
              .n(seed % 3 == 0 ? nr() + 7 : 32)
              .seed(seed)
              .Test();
        }
      }
    }
  }
  for (int32_t wz : {0, 1, 255}) {
    for (int dil : {1, 2}) {
      Tester()
          .uint8(true)
          .conv(1, 15, 17, 3, 3)
          .stride(2, 2)
          .dilation(1, dil)
          .k(3)
          .n(32)
          .filter_zero_point(wz)
          .input_zero_point(7)
          .Test();
    }
  }
}

TEST_P(GemmKernelTest, ConvRowRunSegments) {
  // Wide rows of few channels: each output row's pixels away from the border are one segment of row
  // runs read in whole k-blocks (direct entry points where the kernel has them), with remainders
  // past the last full tile; VALID padding puts the last run at the input's very end, where reading
  // a whole k-block would pass it (a border run instead: ASan builds see any byte read past it).
  int seed = 0;
  for (int c : {1, 3, 5}) {
    for (int stride : {1, 2}) {
      for (bool same : {true, false}) {
        for (int n : {16, 24, 32, 40}) {
          ++seed;
          const bool u8 = seed % 4 == 0;
          Tester()
              .uint8(u8)
              .conv(1 + seed % 2, 5 + seed % 3, 41 + seed % 5, 3, 3)
              .stride(stride, stride)
              .same_padding(same)
              .k(c)
              .n(n)
              .input_zero_point(seed % 3 == 0 ? (u8 ? 255 : 127) : (u8 ? 3 : -3))
              .seed(seed)
              .Test();
        }
      }
    }
  }
  Tester().uint8(true).conv(1, 6, 45, 3, 3).k(3).n(32).filter_zero_point(9).Test();  // row sums: real bytes only
}

TEST_P(GemmKernelTest, Uint8RowCorrectionsInLongRanges) {
  // uint8 weights with a zero point on the direct paths: the row corrections are computed a few
  // dozen tiles at a time (GemmOperator::kCorrTiles), so these ranges span several of those chunks
  // and end inside one: 1x1 convolutions (rows contiguous) and row runs wider than a chunk.
  int seed = 100;
  for (int k : {8, 24, 64}) {
    for (int n : {nr(), nr() + 24, 2 * nr() + 8}) {
      ++seed;
      Tester().uint8(true).conv(1, 23, 29, 1, 1).k(k).n(n).filter_zero_point(37 + seed % 5).seed(seed).Test();
    }
  }
  Tester().uint8(true).conv(1, 4, 231, 3, 3).k(3).n(8).filter_zero_point(200).input_zero_point(255).Test();
  Tester().uint8(true).conv(1, 5, 300, 3, 3).stride(2, 2).k(3).n(32).filter_zero_point(1).Test();
}

INSTANTIATE_TEST_SUITE_P(Gemm, GemmKernelTest, ::testing::ValuesIn(AllCases()), CaseName);

// Each ISA's row-sum kernel (the uint8 models' row corrections) against the definition, over depths
// across and between whole vectors, up to three taps, both flips; every row ends at its buffer's
// end, so a read past it shows under ASan.
TEST(GemmRowSums, MatchDefinition) {
  for (int i = 0; i < static_cast<int>(Isa::kCount); ++i) {
    const Isa isa = static_cast<Isa>(i);
    const kernels::RowSumsFn fn = kernels::SelectRowSums(isa);
    if (fn == nullptr || !Has(DetectedIsas(), isa)) continue;
    uint32_t seed = 7;
    for (size_t kc : {1, 2, 9, 15, 16, 63, 64, 65, 127, 128, 200, 300}) {
      for (size_t taps = 1; taps <= 3; ++taps) {
        for (size_t mr = 1; mr <= 6; ++mr) {
          for (uint8_t flip : {uint8_t{0}, uint8_t{0x80}}) {
            const size_t tile_m = 6;
            std::vector<std::vector<uint8_t>> rows(taps * tile_m);
            std::vector<const void*> ptrs(taps * tile_m);
            for (size_t r = 0; r < rows.size(); ++r) {
              rows[r].resize(kc);
              for (uint8_t& b : rows[r]) b = static_cast<uint8_t>((seed = seed * 1664525u + 1013904223u) >> 24);
              ptrs[r] = rows[r].data();
            }
            std::vector<uint32_t> sums(mr, 0xdeadbeef);
            fn(ptrs.data(), tile_m, mr, taps, kc, flip, sums.data());
            for (size_t row = 0; row < mr; ++row) {
              uint32_t want = 0;
              for (size_t t = 0; t < taps; ++t) {
                for (uint8_t b : rows[t * tile_m + row]) want += static_cast<uint8_t>(b ^ flip);
              }
              EXPECT_EQ(sums[row], want) << IsaName(isa) << " kc " << kc << " taps " << taps << " row " << row;
            }
          }
        }
      }
    }
  }
}

// Each ISA's flip-copy kernel (pre-flipped tiles) against the definition, over lengths across and
// between whole vectors, into another buffer and in place; buffers end where the bytes end, so a
// read or write past them shows under ASan, and the bytes around dst are checked untouched.
TEST(GemmFlipCopy, MatchDefinition) {
  for (int i = 0; i < static_cast<int>(Isa::kCount); ++i) {
    const Isa isa = static_cast<Isa>(i);
    const kernels::FlipCopyFn fn = kernels::SelectFlipCopy(isa);
    if (fn == nullptr || !Has(DetectedIsas(), isa)) continue;
    uint32_t seed = 11;
    for (size_t n : {0, 1, 7, 63, 64, 65, 127, 128, 129, 191, 200, 576, 1000}) {
      std::vector<uint8_t> src(n), want(n);
      for (size_t k = 0; k < n; ++k) {
        src[k] = static_cast<uint8_t>((seed = seed * 1664525u + 1013904223u) >> 24);
        want[k] = static_cast<uint8_t>(src[k] ^ 0x80);
      }
      std::vector<uint8_t> dst(n + 2, 0x5a);  // one guard byte on each side
      fn(dst.data() + 1, src.data(), n);
      EXPECT_EQ(dst.front(), 0x5a) << IsaName(isa) << " n " << n;
      EXPECT_EQ(dst.back(), 0x5a) << IsaName(isa) << " n " << n;
      EXPECT_TRUE(std::equal(want.begin(), want.end(), dst.begin() + 1)) << IsaName(isa) << " n " << n;
      std::vector<uint8_t> same(src);
      fn(same.data(), same.data(), n);
      EXPECT_EQ(same, want) << IsaName(isa) << " in place, n " << n;
    }
  }
}

TEST(GemmDispatch, ShapeSelectionIsExact) {
  // What PreparedConv2D/FullyConnected::Create pick per shape (one-row kernels, narrow tails) at
  // every ISA this CPU runs, on the MobileNet widths.
  for (const auto& [main, tail] : kernels::GemmUkernelChoices()) {
    if (!Has(DetectedIsas(), main->isa)) continue;
    const IsaSet usable = IsaBit(main->isa);
    int seed = 0;
    for (int n : {8, 16, 24, 32, 48, 96, 144, 160, 1001}) {
      for (int m : {1, 2, 7, 13}) {
        ++seed;
        testing::GemmTester().usable(usable).m(m).n(n).k(16 + seed % 40).uint8(seed % 3 == 0).seed(seed).Test();
      }
      testing::GemmTester().usable(usable).conv(1, 5, 6, 1, 1).k(24).n(n).seed(n).Test();
      testing::GemmTester().usable(usable).conv(1, 11, 12, 3, 3).stride(2, 2).k(3).n(n).seed(n + 1).Test();
    }
    const kernels::GemmUkernel *m1 = nullptr, *t1 = nullptr;
    ASSERT_TRUE(kernels::SelectGemmUkernelsForShape(usable, 1, 1001, &m1, &t1));
    EXPECT_EQ(m1->isa, main->isa);
  }
}

TEST(GemmDispatch, CreatePicksBestUsableIsa) {
  const IsaSet usable = UsableIsas(nullptr);
  const kernels::GemmUkernel *main = nullptr, *tail = nullptr;
  ASSERT_TRUE(kernels::SelectGemmUkernelsForShape(usable, 2, 16, &main, &tail));
  std::vector<int8_t> filter(16 * 8, 1);
  std::vector<int32_t> mult(16, 1 << 30), shift(16, -1);
  reference::FullyConnectedParams p;
  p.rows = 2;
  p.depth = 8;
  p.output_c = 16;
  p.multiplier = mult.data();
  p.shift = shift.data();
  p.act_min = -128;
  p.act_max = 127;
  auto op = kernels::PreparedFullyConnected::Create(p, filter.data(), nullptr, false, usable);
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->isa(), main->isa);
  EXPECT_STREQ(op->kernel_name(), main->name);
  // Grouped convolution falls back to the reference.
  reference::ConvParams c;
  c.input_h = c.input_w = c.output_h = c.output_w = 4;
  c.input_c = 8;
  c.filter_c = 4;
  c.output_c = 16;
  c.filter_h = c.filter_w = 1;
  c.multiplier = mult.data();
  c.shift = shift.data();
  EXPECT_EQ(kernels::PreparedConv2D::Create(c, filter.data(), nullptr, false, usable), nullptr);
}

// Random operands of one product for the work-split tests: multipliers in [2^30, 2^31), one right
// shift, biases, and filter and input bytes (read as int8 or uint8 by the caller).
struct RandomOperands {
  std::vector<int32_t> mult, shift, bias;
  std::vector<uint8_t> filter, input;
  RandomOperands(size_t out_c, size_t filter_bytes, size_t input_bytes, int32_t shift_value, uint64_t seed)
      : mult(out_c), shift(out_c, shift_value), bias(out_c), filter(filter_bytes), input(input_bytes) {
    octet::testing::ReplicableRandom rng(seed);
    for (auto& m : mult) m = static_cast<int32_t>(rng.Int(1 << 30, 0x7fffffff));
    for (auto& b : bias) b = static_cast<int32_t>(rng.Int(-20000, 20000));
    for (auto& w : filter) w = static_cast<uint8_t>(rng.Int(0, 255));
    for (auto& x : input) x = static_cast<uint8_t>(rng.Int(0, 255));
  }
};

// A one-row product (GEMV) is split into its column blocks for the thread pool: any split of its
// work items, run in any order with separate scratch, gives the bytes of one Run, which equal the
// reference, at every ISA this machine runs.
TEST(GemmDispatch, OneRowProductSplitsIntoColumnBlocks) {
  for (bool u8 : {false, true}) {
    reference::FullyConnectedParams p;
    p.rows = 1;
    p.depth = 77;
    p.output_c = 301;
    p.input_zero_point = u8 ? 131 : -3;
    p.filter_zero_point = u8 ? 120 : 0;
    p.output_zero_point = u8 ? 127 : 2;
    p.act_min = u8 ? 0 : -128;
    p.act_max = u8 ? 255 : 127;
    const size_t out_c = static_cast<size_t>(p.output_c), depth = static_cast<size_t>(p.depth);
    RandomOperands ops(out_c, out_c * depth, depth, -7, 5);
    const auto &mult = ops.mult, &shift = ops.shift, &bias = ops.bias;
    const auto &filter = ops.filter, &input = ops.input;
    p.multiplier = mult.data();
    p.shift = shift.data();
    std::vector<uint8_t> expected(mult.size());
    if (u8) {
      reference::FullyConnected(p, input.data(), filter.data(), bias.data(), expected.data());
    } else {
      reference::FullyConnected(p, reinterpret_cast<const int8_t*>(input.data()),
                                reinterpret_cast<const int8_t*>(filter.data()), bias.data(),
                                reinterpret_cast<int8_t*>(expected.data()));
    }
    for (int i = 0; i < static_cast<int>(Isa::kCount); ++i) {
      const Isa isa = static_cast<Isa>(i);
      if (!Has(DetectedIsas() & BuiltIsas(), isa)) continue;
      auto op = kernels::PreparedFullyConnected::Create(p, filter.data(), bias.data(), u8,
                                                        IsaBit(isa) | IsaBit(Isa::kScalar));
      ASSERT_NE(op, nullptr);
      std::vector<uint8_t> scratch(op->scratch_size() + 64), whole(mult.size()), split(mult.size(), 0xAA);
      uint8_t* s = scratch.data() + (64 - reinterpret_cast<uintptr_t>(scratch.data()) % 64) % 64;
      op->Run(input.data(), whole.data(), s);
      EXPECT_EQ(whole, expected) << "isa " << IsaName(isa) << (u8 ? " uint8" : " int8");
      const size_t items = op->tile_count();
      EXPECT_GT(items, 1u) << IsaName(isa);
      for (size_t w = items; w-- > 0;) op->RunTiles(w, w + 1, input.data(), split.data(), s);
      EXPECT_EQ(split, expected) << "isa " << IsaName(isa) << (u8 ? " uint8" : " int8") << ", " << items << " items";
    }
  }
}

// A product of few row tiles (a 7x7 layer) is split into tiles x column groups: every way of cutting
// the work items into ranges (single items in reverse order, and ranges that start and end inside a
// tile's groups) gives the reference bytes, for a direct 1x1 and a padded 3x3, at every ISA.
TEST(GemmDispatch, FewTilesSplitIntoColumnGroups) {
  for (int k : {1, 3}) {
    for (bool u8 : {false, true}) {
      reference::ConvParams p;
      p.input_h = p.input_w = p.output_h = p.output_w = 7;
      p.input_c = p.filter_c = 24;
      p.output_c = 300;  // 5 blocks of 64 (a 44-column tail) at AVX-512, more at narrower tiles
      p.filter_h = p.filter_w = k;
      p.pad_top = p.pad_left = k / 2;
      p.input_zero_point = u8 ? 125 : -5;
      p.filter_zero_point = u8 ? 131 : 0;
      p.output_zero_point = u8 ? 120 : -3;
      p.act_min = u8 ? 0 : -128;
      p.act_max = u8 ? 255 : 127;
      const size_t out_c = static_cast<size_t>(p.output_c);
      RandomOperands ops(out_c, out_c * static_cast<size_t>(k * k * p.input_c), 49 * 24, -8,
                         11 + static_cast<uint64_t>(k));
      const auto &mult = ops.mult, &shift = ops.shift, &bias = ops.bias;
      const auto &filter = ops.filter, &input = ops.input;
      p.multiplier = mult.data();
      p.shift = shift.data();
      std::vector<uint8_t> expected(49 * out_c);
      if (u8) {
        reference::Conv2D(p, input.data(), filter.data(), bias.data(), expected.data());
      } else {
        reference::Conv2D(p, reinterpret_cast<const int8_t*>(input.data()),
                          reinterpret_cast<const int8_t*>(filter.data()), bias.data(),
                          reinterpret_cast<int8_t*>(expected.data()));
      }
      for (int i = 0; i < static_cast<int>(Isa::kCount); ++i) {
        const Isa isa = static_cast<Isa>(i);
        if (!Has(DetectedIsas() & BuiltIsas(), isa)) continue;
        SCOPED_TRACE(std::string(IsaName(isa)) + (u8 ? " uint8 " : " int8 ") + std::to_string(k) + "x" +
                     std::to_string(k));
        auto op =
            kernels::PreparedConv2D::Create(p, filter.data(), bias.data(), u8, IsaBit(isa) | IsaBit(Isa::kScalar));
        ASSERT_NE(op, nullptr);
        const kernels::GemmOperator& gemm = op->gemm();
        const size_t items = op->tile_count();
        EXPECT_EQ(items, gemm.tile_count() * gemm.column_groups());
        if (gemm.tile_count() < kernels::GemmOperator::kMinWorkItems) {
          EXPECT_GT(gemm.column_groups(), 1u);
        }
        std::vector<uint8_t> scratch(op->scratch_size() + 64);
        uint8_t* s = scratch.data() + (64 - reinterpret_cast<uintptr_t>(scratch.data()) % 64) % 64;
        std::vector<uint8_t> got(expected.size(), 0xAA);
        for (size_t w = items; w-- > 0;) op->RunTiles(w, w + 1, input.data(), got.data(), s);
        EXPECT_EQ(got, expected) << items << " single items";
        for (size_t cut : {size_t{1}, size_t{3}, size_t{5}}) {
          std::fill(got.begin(), got.end(), 0xAA);
          for (size_t w = 0; w < items; w += cut)
            op->RunTiles(w, std::min(items, w + cut), input.data(), got.data(), s);
          EXPECT_EQ(got, expected) << items << " items in ranges of " << cut;
        }
      }
    }
  }
}

// After all tests: every ISA this machine supports and this build compiled must have had a GEMM
// kernel run (a dispatch bug cannot route every case to one path). Skipped for filtered runs.
class CoverageCheck : public ::testing::Environment {
 public:
  void TearDown() override {
    if (::testing::GTEST_FLAG(filter) != "*") return;
    const IsaSet expected = DetectedIsas() & BuiltIsas();
    for (int i = 0; i < static_cast<int>(Isa::kCount); ++i) {
      const Isa isa = static_cast<Isa>(i);
      if (Has(expected, isa)) {
        EXPECT_TRUE(Has(UsedIsas(), isa)) << IsaName(isa) << " GEMM kernels never ran";
      }
    }
  }
};
::testing::Environment* const coverage_check = ::testing::AddGlobalTestEnvironment(new CoverageCheck);

}  // namespace
}  // namespace octet
