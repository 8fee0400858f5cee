// Depthwise kernels vs reference::DepthwiseConv2D, bit for bit, at every ISA level this machine
// and build support (others skip and say why).
#include "kernels/dwconv/dwconv.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "kernels/dispatch/isa.h"
#include "tests/kernels/dwconv/dwconv_tester.h"

namespace octet {
namespace {

using testing::DwconvTester;

// An ISA level and, where an ISA has several kernel variants, a name filter selecting one.
struct Variant {
  Isa isa;
  const char* only;  // substring of the kernel names, or null
};

class Dwconv : public ::testing::TestWithParam<Variant> {
 protected:
  void SetUp() override {
    if (!Has(DetectedIsas() & BuiltIsas(), GetParam().isa)) {
      GTEST_SKIP() << IsaName(GetParam().isa)
                   << " is not available on this machine/build: its dwconv kernels are untested";
    }
    bool listed = false;
    for (const auto& k : kernels::dwconv::KernelList()) {
      listed = listed || (k.isa == GetParam().isa && (GetParam().only == nullptr ||
                                                      std::string(k.name).find(GetParam().only) != std::string::npos));
    }
    for (const auto& k : kernels::dwconv::RowKernelList()) {
      listed = listed || (k.isa == GetParam().isa && GetParam().only != nullptr &&
                          std::string(k.name).find(GetParam().only) != std::string::npos);
    }
    if (!listed) GTEST_SKIP() << "no dwconv kernel for " << IsaName(GetParam().isa) << " in this build";
  }
  Isa isa() const { return GetParam().isa; }
  DwconvTester Tester() const { return DwconvTester().only_kernel(GetParam().only); }
};

// Channels 1..300 (every residue of every vector width) on the specialised 3x3 and 5x5 kernels.
TEST_P(Dwconv, K3x3S1ChannelSweep) {
  for (int c = 1; c <= 300; ++c) {
    const std::string k = Tester().channels(c).input_size(4, 5).kernel(3, 3).uint8(c % 2 == 0).seed(c).Test(isa());
    if (::testing::Test::HasFailure()) return;
    EXPECT_TRUE(k.find("9p") != std::string::npos || k.find("3x3s1") != std::string::npos) << k;
  }
}

// The 3x3 row kernels (and the per-pixel kernels on the same shapes): every output width 1..20
// (border pixels on the per-pixel kernel, interior on the row kernel, including widths with no
// interior), heights 1..5 (rows of zero points above/below), channel counts around every block and
// pixel-packing size, SAME and VALID, strides 1 and 2, int8 and uint8 with filter zero points.
TEST_P(Dwconv, RowWidths) {
  const int channel_set[] = {1, 8, 15, 16, 17, 31, 32, 33, 48, 63, 64, 65, 96, 127, 130, 144};
  int n = 0;
  for (int c : channel_set) {
    for (int w = 1; w <= 20; ++w) {
      for (int s = 1; s <= 2; ++s) {
        ++n;
        const bool same = (w + c) % 3 != 0 || w < 3;
        const int h = 1 + (w + c) % 5;
        Tester()
            .channels(c)
            .input_size(same ? h : std::max(h, 3), w)
            .kernel(3, 3)
            .stride(s, s)
            .same_padding(same)
            .uint8(n % 2 == 0)
            .seed(static_cast<uint64_t>(c * 100 + w * 3 + s))
            .Test(isa());
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
}

// Channel tails of 1..32 after whole 64-channel blocks (the row kernels put 4 or 2 pixels in the
// last vector) at every group remainder, both strides, SAME and VALID, int8 and uint8.
TEST_P(Dwconv, RowTails) {
  int n = 0;
  for (int c : {65, 72, 79, 80, 81, 96, 97, 100, 144, 150, 160, 176, 192 + 17}) {
    for (int w : {1, 2, 3, 4, 5, 6, 7, 9, 13}) {
      for (int s = 1; s <= 2; ++s) {
        ++n;
        const bool same = n % 3 != 0 || w < 3;
        Tester()
            .channels(c)
            .input_size(same ? 3 : 4, w)
            .kernel(3, 3)
            .stride(s, s)
            .same_padding(same)
            .uint8(n % 2 == 0)
            .extremes(n % 5 == 0)
            .seed(static_cast<uint64_t>(c * 31 + w * 7 + s))
            .Test(isa());
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
}

// Row kernels at the accumulator and zero-point extremes, requantization ties and left shifts.
TEST_P(Dwconv, RowExtremes) {
  for (int c : {16, 32, 64, 96}) {
    for (int s = 1; s <= 2; ++s) {
      for (bool ext : {false, true}) {
        Tester()
            .channels(c)
            .input_size(5, 11)
            .kernel(3, 3)
            .stride(s, s)
            .input_zero_point(-128)
            .output_zero_point(127)
            .extremes(ext)
            .seed(c + s)
            .Test(isa());
        Tester()
            .channels(c)
            .input_size(5, 11)
            .kernel(3, 3)
            .stride(s, s)
            .input_zero_point(127)
            .output_zero_point(-128)
            .extremes(ext)
            .seed(c + s + 1)
            .Test(isa());
        for (int z_w : {0, 1, 128, 255}) {
          Tester()
              .uint8(true)
              .channels(c)
              .input_size(6, 9)
              .kernel(3, 3)
              .stride(s, s)
              .input_zero_point(255 - z_w)
              .filter_zero_point(z_w)
              .extremes(ext)
              .seed(c + z_w)
              .Test(isa());
        }
      }
      Tester().channels(c).input_size(6, 13).kernel(3, 3).stride(s, s).tie_multipliers(true).seed(c).Test(isa());
      Tester().uint8(true).channels(c).input_size(6, 13).kernel(3, 3).stride(s, s).tie_multipliers(true).seed(c).Test(
          isa());
      Tester().channels(c).input_size(7, 12).kernel(3, 3).stride(s, s).clamp(-20, 40).no_bias(true).seed(c).Test(isa());
      Tester().batch(2).channels(c).input_size(7, 12).kernel(3, 3).stride(s, s).seed(c).Test(isa());
      if (::testing::Test::HasFailure()) return;
    }
  }
}

// Biases at the edge of the row kernels' requantization range (|bias| + 9 * 255^2 < 2^30 - 1) and
// past it (the row kernel then declines and the per-pixel kernels run), with accumulator extremes
// and shifts up to -31 (h = 2^30 in the rounding).
TEST_P(Dwconv, RowBiasRange) {
  const int64_t edge = (int64_t{1} << 30) - 2 - 9 * 255 * 255;
  for (int c : {16, 32, 64}) {
    for (bool u8 : {false, true}) {
      for (bool ext : {false, true}) {
        for (int lo : {-31, -24, -8}) {
          for (int64_t bias_lo : {edge - 3, -edge}) {  // biases at either end of the range
            Tester()
                .channels(c)
                .input_size(5, 8)
                .kernel(3, 3)
                .bias_range(bias_lo, bias_lo + 3)
                .shift_range(lo, lo + 7)
                .uint8(u8)
                .extremes(ext)
                .seed(c)
                .Test(isa());
          }
        }
        Tester()
            .channels(c)
            .input_size(5, 8)
            .kernel(3, 3)
            .stride(2, 2)
            .bias_range(INT32_MIN, INT32_MAX)
            .uint8(u8)
            .extremes(ext)
            .seed(c)
            .Test(isa());
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
}

// Shapes the row kernels must leave to the generic path (dilation, asymmetric stride, depth
// multiplier, stride 3) still match the reference at this ISA.
TEST_P(Dwconv, RowIneligibleShapes) {
  for (int c : {16, 32, 40}) {
    Tester().channels(c).input_size(9, 9).kernel(3, 3).dilation(2, 2).seed(c).Test(isa());
    Tester().channels(c).input_size(9, 9).kernel(3, 3).stride(1, 2).seed(c).Test(isa());
    Tester().channels(c).input_size(9, 9).kernel(3, 3).stride(3, 3).uint8(true).seed(c).Test(isa());
    Tester().channels(c / 2).input_size(9, 9).kernel(3, 3).depth_multiplier(2).seed(c).Test(isa());
  }
}

TEST_P(Dwconv, K3x3S2ChannelSweep) {
  for (int c = 1; c <= 300; c += 3) {
    Tester().channels(c).input_size(7, 6).kernel(3, 3).stride(2, 2).uint8(c % 2 == 1).seed(c).Test(isa());
    if (::testing::Test::HasFailure()) return;
  }
}

TEST_P(Dwconv, K5x5ChannelSweep) {
  for (int c = 1; c <= 300; c += 2) {
    const int s = 1 + c % 2;
    const std::string k =
        Tester().channels(c).input_size(6, 7).kernel(5, 5).stride(s, s).uint8(c % 4 < 2).seed(c).Test(isa());
    if (::testing::Test::HasFailure()) return;
    EXPECT_NE(k.find("25p"), std::string::npos) << k;
  }
}

// Input sizes 1..20 (SAME: padding on every side; VALID where the kernel fits).
TEST_P(Dwconv, InputSizes) {
  for (int h = 1; h <= 20; ++h) {
    for (int w = 1; w <= 20; w += (h % 3) + 1) {
      for (int s = 1; s <= 2; ++s) {
        Tester()
            .channels(17 + h)
            .input_size(h, w)
            .kernel(3, 3)
            .stride(s, s)
            .uint8((h + w) % 2)
            .seed(h * 31 + w)
            .Test(isa());
        if (h >= 5 && w >= 5) {
          Tester().channels(9 + w).input_size(h, w).kernel(5, 5).stride(s, s).same_padding(false).seed(h + w).Test(
              isa());
        }
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
}

// The generic kernel: every kernel size 1..5 x 1..5, strides 1..3, dilation 1..2, SAME/VALID (odd
// padding totals included), depth multipliers 1..3.
TEST_P(Dwconv, GenericShapes) {
  testing::ReplicableRandom rng(7);
  for (int kh = 1; kh <= 5; ++kh) {
    for (int kw = 1; kw <= 5; ++kw) {
      for (int s = 1; s <= 3; ++s) {
        for (int d = 1; d <= 2; ++d) {
          for (int dm = 1; dm <= 3; ++dm) {
            const bool same = (kh + kw + s + d + dm) % 2 == 0;
            int h = static_cast<int>(rng.Int(1, 11)), w = static_cast<int>(rng.Int(1, 11));
            if (!same) h = std::max(h, (kh - 1) * d + 1), w = std::max(w, (kw - 1) * d + 1);
            const int sw = s == 3 ? 1 + (kh % 3) : s;  // some asymmetric strides
            Tester()
                .channels(static_cast<int>(rng.Int(1, dm == 1 ? 40 : 13)))
                .input_size(h, w)
                .kernel(kh, kw)
                .stride(s, sw)
                .dilation(d, d == 2 ? 1 + kw % 2 : 1)
                .same_padding(same)
                .depth_multiplier(dm)
                .uint8((kh * kw + dm) % 2 == 0)
                .seed(static_cast<uint64_t>(kh * 1000 + kw * 100 + s * 10 + d + dm * 10000))
                .Test(isa());
            if (::testing::Test::HasFailure()) return;
          }
        }
      }
    }
  }
}

TEST_P(Dwconv, DepthMultiplierOnSpecialisedSizes) {
  for (int dm = 2; dm <= 3; ++dm) {
    for (int c : {1, 5, 16, 23}) {
      Tester().channels(c).input_size(6, 5).kernel(3, 3).depth_multiplier(dm).seed(c + dm).Test(isa());
      Tester().channels(c).input_size(6, 5).kernel(5, 5).stride(2, 2).depth_multiplier(dm).uint8(true).seed(c).Test(
          isa());
    }
  }
}

TEST_P(Dwconv, Int8ZeroPointsAtLimits) {
  for (int z_in : {-128, 127, 0}) {
    for (int z_out : {-128, 127}) {
      for (bool ext : {false, true}) {
        for (int k : {3, 5, 4}) {
          Tester()
              .channels(37)
              .input_size(6, 6)
              .kernel(k, k)
              .input_zero_point(z_in)
              .output_zero_point(z_out)
              .extremes(ext)
              .seed(z_in + 3 * z_out + k)
              .Test(isa());
        }
      }
    }
  }
}

TEST_P(Dwconv, Uint8ZeroPointsAtLimits) {
  for (int z_in : {0, 255, 128}) {
    for (int z_w : {0, 128, 255, 1, 127, 129, 77}) {
      for (bool ext : {false, true}) {
        for (int k : {3, 5, 2}) {
          Tester()
              .uint8(true)
              .channels(45)
              .input_size(5, 7)
              .kernel(k, k)
              .stride(k == 5 ? 2 : 1, 1)
              .input_zero_point(z_in)
              .filter_zero_point(z_w)
              .output_zero_point(z_in == 128 ? 0 : 255 - z_in)
              .extremes(ext)
              .seed(z_in + z_w + k)
              .Test(isa());
        }
      }
    }
  }
}

TEST_P(Dwconv, Clamps) {
  for (int c : {8, 33, 64}) {
    Tester().channels(c).kernel(3, 3).clamp(-128, -128 + 50).seed(c).Test(isa());
    Tester().channels(c).kernel(3, 3).clamp(-10, 60).output_zero_point(-10).seed(c).Test(isa());
    Tester().channels(c).kernel(5, 5).clamp(5, 5).seed(c).Test(isa());
    Tester().uint8(true).channels(c).kernel(3, 3).clamp(0, 200).output_zero_point(0).seed(c).Test(isa());
    Tester().uint8(true).channels(c).kernel(4, 2).clamp(30, 255).seed(c).Test(isa());
  }
}

TEST_P(Dwconv, BatchAndNoBias) {
  for (int k : {3, 5, 2}) {
    Tester().batch(3).channels(19).input_size(5, 4).kernel(k, k).seed(k).Test(isa());
    Tester().batch(2).channels(40).input_size(6, 5).kernel(k, k).no_bias(true).uint8(true).seed(k).Test(isa());
  }
}

TEST_P(Dwconv, RequantTies) {
  for (int c : {16, 70, 130}) {
    for (bool u8 : {false, true}) {
      Tester().channels(c).input_size(6, 6).kernel(3, 3).tie_multipliers(true).uint8(u8).seed(c).Test(isa());
      Tester().channels(c).input_size(6, 6).kernel(2, 3).tie_multipliers(true).uint8(u8).seed(c).Test(isa());
    }
  }
}

// ReLU/ReLU6-style clamps (output_min >= z_out, min just below, above and at z_out): the row kernels
// then drop the sign term of the rounding (row_ukernels.h), at ties and away from them, stride 1 and 2.
TEST_P(Dwconv, RequantTiesClampedAtZeroPoint) {
  for (int c : {16, 32, 70, 130}) {
    for (int s : {1, 2}) {
      for (int d : {-1, 0, 1}) {
        Tester()
            .channels(c)
            .input_size(7, 6)
            .kernel(3, 3)
            .stride(s, s)
            .tie_multipliers(true)
            .output_zero_point(-7)
            .clamp(-7 + d, 90)
            .seed(c + d)
            .Test(isa());
        Tester()
            .channels(c)
            .input_size(7, 6)
            .kernel(3, 3)
            .stride(s, s)
            .output_zero_point(-128)
            .clamp(-128, 40)
            .seed(c + s)
            .Test(isa());
        Tester()
            .channels(c)
            .input_size(6, 7)
            .kernel(3, 3)
            .stride(s, s)
            .tie_multipliers(true)
            .uint8(true)
            .output_zero_point(9)
            .clamp(9 + d, 255)
            .seed(c - d)
            .Test(isa());
      }
    }
  }
}

// Realistic MobileNet channel counts at a small spatial size.
TEST_P(Dwconv, MobileNetChannels) {
  for (int c : {32, 96, 144, 192, 384, 576, 960}) {
    Tester().channels(c).input_size(9, 9).kernel(3, 3).seed(c).Test(isa());
    Tester().channels(c).input_size(9, 9).kernel(3, 3).stride(2, 2).uint8(true).seed(c).Test(isa());
  }
}

INSTANTIATE_TEST_SUITE_P(Isa, Dwconv,
                         ::testing::Values(Variant{Isa::kScalar, nullptr}, Variant{Isa::kSse41, nullptr},
                                           Variant{Isa::kAvx2, nullptr}, Variant{Isa::kAvx512Vnni, "p32c"},
                                           Variant{Isa::kAvx512Vnni, "p64c"}, Variant{Isa::kAvx512Vnni, "r64c"},
                                           Variant{Isa::kAvx512Vnni, "r2x32c"}, Variant{Isa::kAvx512Vnni, "r4x16c"},
                                           Variant{Isa::kAvx512Vnni, nullptr}, Variant{Isa::kNeon, nullptr},
                                           Variant{Isa::kNeonDot, "neondot"}),
                         [](const ::testing::TestParamInfo<Variant>& param_info) {
                           return std::string(IsaName(param_info.param.isa)) +
                                  (param_info.param.only ? std::string("_") + param_info.param.only : "_default");
                         });

TEST(DwconvCreate, DeclinesBadParams) {
  reference::DepthwiseConvParams p;
  int8_t filter[9] = {};
  EXPECT_EQ(PreparedDepthwiseConv2D::Create(p, filter, nullptr, false, DetectedIsas()), nullptr);
}

// Each row kernel is chosen for the shapes it is meant for (3x3, depth multiplier 1, stride 1 or 2).
TEST(DwconvCreate, RowKernelSelection) {
  if (kernels::dwconv::RowKernelList().empty() || !Has(DetectedIsas(), kernels::dwconv::RowKernelList()[0].isa)) {
    GTEST_SKIP() << "no row kernel usable on this machine/build";
  }
  struct Case {
    int c, s;
    bool u8;
    const char* expect;
  };
  for (const Case& k : {Case{32, 1, false, "qs8-dwconv-3x3s1r2x32c"}, Case{16, 1, true, "qu8-dwconv-3x3s1r4x16c"},
                        Case{144, 1, false, "qs8-dwconv-3x3s1r64c"}, Case{32, 2, false, "qs8-dwconv-3x3s2r64c"},
                        Case{96, 2, true, "qu8-dwconv-3x3s2r64c"}, Case{144, 1, false, "qs8-dwconv-9p64c"}}) {
    // The last case has a bias past the row kernels' requantization range.
    const int64_t big = k.expect[11] == '9' ? int64_t{1} << 30 : 40000;
    const std::string name = testing::DwconvTester()
                                 .channels(k.c)
                                 .input_size(8, 8)
                                 .kernel(3, 3)
                                 .stride(k.s, k.s)
                                 .uint8(k.u8)
                                 .bias_range(big - 80000, big)
                                 .Test(kernels::dwconv::RowKernelList()[0].isa);
    EXPECT_EQ(name.rfind(k.expect, 0), 0u) << name;
  }
}

// Every kernel in the family list belongs to a built ISA and is reachable.
TEST(DwconvCreate, KernelListCoversBuiltIsas) {
  std::set<Isa> isas;
  for (const auto& k : kernels::dwconv::KernelList()) isas.insert(k.isa);
  for (Isa isa : {Isa::kScalar, Isa::kSse41, Isa::kAvx2, Isa::kAvx512Vnni, Isa::kNeon, Isa::kNeonDot}) {
    if (Has(BuiltIsas(), isa)) {
      EXPECT_TRUE(isas.count(isa)) << IsaName(isa) << " built but has no dwconv kernel";
    }
  }
}

}  // namespace
}  // namespace octet
