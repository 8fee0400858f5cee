// PreparedAveragePool2D / PreparedMaxPool2D (every ISA level) against the reference pools, byte for byte:
// channels 1..300 (vector tails), windows and strides with SAME/VALID and odd padding, clamps, the global
// 7x7x1024 case, and windows beyond the vector kernels' exact-division bound.
#include "kernels/pool/pool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "kernels/reference/reference.h"
#include "tests/kernels/vcvt/isa_levels.h"
#include "tests/testing/replicable_random.h"

namespace octet {
namespace {

using testing::ReplicableRandom;

// Output size and leading padding per spec section 1.5.
void Padding(bool same, int in, int k, int stride, int* out, int* pad_before) {
  *out = same ? (in + stride - 1) / stride : (in - k) / stride + 1;
  const int total = std::max(0, (*out - 1) * stride + k - in);
  *pad_before = total / 2;
}

class PoolTester {
 public:
  PoolTester(Isa isa, uint64_t seed) : isa_(isa), rng_(seed) {}

  template <typename T>
  void Check(bool average, int batch, int h, int w, int c, int fh, int fw, int sh, int sw, bool same, int variant) {
    constexpr int32_t kMin = std::numeric_limits<T>::min(), kMax = std::numeric_limits<T>::max();
    reference::Pool2DParams p;
    p.batch = batch, p.input_h = h, p.input_w = w, p.channels = c;
    p.filter_h = fh, p.filter_w = fw, p.stride_h = sh, p.stride_w = sw;
    Padding(same, h, fh, sh, &p.output_h, &p.pad_top);
    Padding(same, w, fw, sw, &p.output_w, &p.pad_left);
    if (p.output_h <= 0 || p.output_w <= 0) return;
    p.act_min = kMin, p.act_max = kMax;
    if (variant % 3 == 1) {
      p.act_min = static_cast<int32_t>(rng_.Int(kMin, (kMin + kMax) / 2));
      p.act_max = static_cast<int32_t>(rng_.Int(p.act_min, kMax));
    }
    const size_t in_size = static_cast<size_t>(batch) * h * w * c;
    const size_t out_size = static_cast<size_t>(batch) * p.output_h * p.output_w * c;
    std::vector<T> input = rng_.Ints<T>(in_size, kMin, kMax);
    if (variant % 4 == 2) {  // the type limits only: extreme sums, ties
      for (auto& v : input) v = static_cast<T>(rng_.Int(0, 1) ? kMin : kMax);
    } else if (variant % 4 == 3) {  // small values around 0: many exact halves
      for (auto& v : input) v = static_cast<T>(rng_.Int(std::max<int32_t>(kMin, -2), 2));
    }
    std::vector<T> expected(out_size), got(out_size, 0x5A);
    const bool is_uint8 = std::is_same<T, uint8_t>::value;
    if (average) {
      reference::AveragePool2D(p, input.data(), expected.data());
      auto op = PreparedAveragePool2D::Create(p, is_uint8, testing::UsableUpTo(isa_));
      ASSERT_NE(op, nullptr);
      if (fh * fw <= kMaxExactAveragePoolCount) {
        ASSERT_EQ(op->isa(), isa_) << op->kernel_name();
      }
      op->Run(input.data(), got.data(), nullptr);
      Compare(op->kernel_name(), p, expected, got);
    } else {
      reference::MaxPool2D(p, input.data(), expected.data());
      auto op = PreparedMaxPool2D::Create(p, is_uint8, testing::UsableUpTo(isa_));
      ASSERT_NE(op, nullptr);
      ASSERT_EQ(op->isa(), isa_) << op->kernel_name();
      op->Run(input.data(), got.data(), nullptr);
      Compare(op->kernel_name(), p, expected, got);
    }
  }

  ReplicableRandom& rng() { return rng_; }

 private:
  template <typename T>
  static void Compare(const char* name, const reference::Pool2DParams& p, const std::vector<T>& expected,
                      const std::vector<T>& got) {
    for (size_t i = 0; i < expected.size(); ++i) {
      const size_t c = i % static_cast<size_t>(p.channels), pixel = i / static_cast<size_t>(p.channels);
      ASSERT_EQ(static_cast<int>(got[i]), static_cast<int>(expected[i]))
          << name << " pixel " << pixel << " channel " << c << " input " << p.input_h << "x" << p.input_w << "x"
          << p.channels << " filter " << p.filter_h << "x" << p.filter_w << " stride " << p.stride_h << "x"
          << p.stride_w << " pad " << p.pad_top << "," << p.pad_left << " clamp [" << p.act_min << ", " << p.act_max
          << "]";
    }
  }

  Isa isa_;
  ReplicableRandom rng_;
};

class PoolTest : public ::testing::TestWithParam<Isa> {
 protected:
  void SetUp() override { OCTET_SKIP_UNLESS_LEVEL_AVAILABLE(GetParam()); }
};

TEST_P(PoolTest, EveryChannelCount) {
  PoolTester t(GetParam(), 1);
  for (int c = 1; c <= 300; ++c) {
    const bool same = c % 2 == 0;
    t.Check<int8_t>(true, 1, 5, 4, c, 3, 3, 2, 2, same, c);
    t.Check<uint8_t>(true, 1, 4, 5, c, 3, 2, 2, 1, !same, c + 1);
    t.Check<int8_t>(false, 1, 5, 4, c, 3, 3, 2, 2, same, c + 2);
    t.Check<uint8_t>(false, 1, 4, 5, c, 2, 3, 1, 2, !same, c + 3);
  }
}

TEST_P(PoolTest, WindowsStridesAndPadding) {
  PoolTester t(GetParam(), 2);
  int variant = 0;
  for (int fh = 1; fh <= 5; ++fh) {
    for (int fw = 1; fw <= 5; fw += 2) {
      for (int s = 1; s <= 3; ++s) {
        for (int same = 0; same <= 1; ++same) {
          const int h = static_cast<int>(t.rng().Int(1, 11)), w = static_cast<int>(t.rng().Int(1, 11));
          const int c = static_cast<int>(t.rng().Int(1, 40));
          const int b = static_cast<int>(t.rng().Int(1, 2));
          t.Check<int8_t>(true, b, h, w, c, fh, fw, s, s + (fh % 2), same, ++variant);
          t.Check<uint8_t>(true, b, h, w, c, fh, fw, s, s, same, ++variant);
          t.Check<int8_t>(false, b, h, w, c, fh, fw, s, s, same, ++variant);
          t.Check<uint8_t>(false, b, h, w, c, fh, fw, s + (fw % 2), s, same, ++variant);
        }
      }
    }
  }
}

TEST_P(PoolTest, GlobalMobileNet) {
  PoolTester t(GetParam(), 3);
  for (int variant = 0; variant < 4; ++variant) {
    t.Check<int8_t>(true, 1, 7, 7, 1024, 7, 7, 1, 1, false, variant);
    t.Check<uint8_t>(true, 1, 7, 7, 1024, 7, 7, 1, 1, false, variant);
    t.Check<int8_t>(false, 1, 7, 7, 1024, 7, 7, 1, 1, false, variant);
  }
}

TEST_P(PoolTest, LargeWindows) {
  PoolTester t(GetParam(), 4);
  // 53 x 54 = 2862 taps: just inside the vector kernels' exact-division bound; 60 x 60 beyond it.
  t.Check<uint8_t>(true, 1, 53, 54, 19, 53, 54, 1, 1, false, 2);
  t.Check<int8_t>(true, 1, 53, 54, 19, 53, 54, 1, 1, false, 2);
  t.Check<uint8_t>(true, 1, 60, 60, 5, 60, 60, 1, 1, false, 2);
  t.Check<int8_t>(true, 1, 60, 60, 5, 60, 60, 1, 1, false, 3);
  t.Check<int8_t>(false, 1, 60, 60, 5, 60, 60, 1, 1, false, 0);
}

INSTANTIATE_TEST_SUITE_P(Levels, PoolTest, testing::IsaLevels(), testing::IsaLevelName);

}  // namespace
}  // namespace octet
