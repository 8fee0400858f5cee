// PreparedAdd (every ISA level) against reference::Add, byte for byte: sizes 1..300 (vector tails),
// broadcasts of one operand along the innermost dims (both operand orders), scalars, zero points at the
// type limits, tie-producing scales, fused clamps, and the MobileNet shapes.
#include "kernels/vadd/vadd.h"

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

class AddTester {
 public:
  AddTester(Isa isa, uint64_t seed) : isa_(isa), rng_(seed) {}

  // Shapes are padded to the same rank with leading 1s by the caller.
  template <typename T>
  void Check(std::vector<int> out_shape, std::vector<int> shape1, std::vector<int> shape2, int variant) {
    constexpr int32_t kMin = std::numeric_limits<T>::min(), kMax = std::numeric_limits<T>::max();
    reference::AddParams p;
    p.rank = static_cast<int>(out_shape.size());
    size_t n_out = 1, n1 = 1, n2 = 1;
    for (int d = 0; d < p.rank; ++d) {
      p.output_shape[d] = out_shape[d];
      p.input1_shape[d] = shape1[d];
      p.input2_shape[d] = shape2[d];
      n_out *= out_shape[d], n1 *= shape1[d], n2 *= shape2[d];
    }
    float s1 = rng_.Float(0.002f, 0.5f), s2 = rng_.Float(0.002f, 0.5f), so = rng_.Float(0.004f, 1.0f);
    switch (variant % 5) {
      case 0:  // equal scales: exact halves, ties in every rounding
        s2 = s1, so = s1;
        break;
      case 1:  // power-of-two ratios
        s2 = s1 * 2.0f, so = s1 * 4.0f;
        break;
      case 2:  // very different inputs (tiny multiplier on one side)
        s2 = s1 * 1e-4f;
        break;
      default:
        break;
    }
    reference::PrepareAdd(s1, s2, so, &p);
    auto zp = [&]() -> int32_t {
      const int kind = static_cast<int>(rng_.Int(0, 3));
      return kind == 0 ? kMin : kind == 1 ? kMax : static_cast<int32_t>(rng_.Int(kMin, kMax));
    };
    p.input1_zero_point = zp(), p.input2_zero_point = zp(), p.output_zero_point = zp();
    p.act_min = kMin, p.act_max = kMax;
    if (variant % 3 == 1) {  // a fused-ReLU6-like clamp
      p.act_min = std::max(kMin, p.output_zero_point);
      p.act_max = static_cast<int32_t>(rng_.Int(p.act_min, kMax));
    }
    std::vector<T> a = rng_.Ints<T>(n1, kMin, kMax), b = rng_.Ints<T>(n2, kMin, kMax);
    if (variant % 7 == 3) {  // operands at the limits
      for (auto& v : a) v = static_cast<T>(rng_.Int(0, 1) ? kMin : kMax);
    }
    std::vector<T> expected(n_out), got(n_out, 0x5A);
    reference::Add(p, a.data(), b.data(), expected.data());
    auto op = PreparedAdd::Create(p, std::is_same<T, uint8_t>::value, testing::UsableUpTo(isa_));
    if (!op) {
      ASSERT_GT(p.output_shift, 0) << "Create refused a supported ADD";
      return;
    }
    ASSERT_EQ(op->isa(), isa_) << op->kernel_name();
    std::vector<uint8_t> scratch(op->scratch_size());
    op->Run(a.data(), b.data(), got.data(), scratch.data());
    for (size_t i = 0; i < n_out; ++i) {
      ASSERT_EQ(static_cast<int>(got[i]), static_cast<int>(expected[i]))
          << op->kernel_name() << " element " << i << " of " << n_out << " scales " << s1 << " " << s2 << " " << so
          << " zero points " << p.input1_zero_point << " " << p.input2_zero_point << " " << p.output_zero_point
          << " clamp [" << p.act_min << ", " << p.act_max << "]";
    }
  }

  ReplicableRandom& rng() { return rng_; }

 private:
  Isa isa_;
  ReplicableRandom rng_;
};

class VAddTest : public ::testing::TestWithParam<Isa> {
 protected:
  void SetUp() override { OCTET_SKIP_UNLESS_LEVEL_AVAILABLE(GetParam()); }
};

TEST_P(VAddTest, SameShapeEverySize) {
  AddTester t(GetParam(), 1);
  for (int n = 1; n <= 300; ++n) {
    t.Check<int8_t>({n}, {n}, {n}, n);
    t.Check<uint8_t>({n}, {n}, {n}, n + 1);
  }
}

TEST_P(VAddTest, ScalarOperand) {
  AddTester t(GetParam(), 2);
  for (int n = 1; n <= 300; n += (n < 70 ? 1 : 7)) {
    t.Check<int8_t>({1, n}, {1, n}, {1, 1}, n);
    t.Check<int8_t>({1, n}, {1, 1}, {1, n}, n + 1);
    t.Check<uint8_t>({1, n}, {1, n}, {1, 1}, n + 2);
    t.Check<uint8_t>({1, n}, {1, 1}, {1, n}, n + 3);
  }
}

TEST_P(VAddTest, PerChannelBroadcast) {
  AddTester t(GetParam(), 3);
  for (int c = 1; c <= 300; c += (c < 40 ? 1 : 13)) {
    const int h = static_cast<int>(t.rng().Int(1, 4)), w = static_cast<int>(t.rng().Int(1, 4));
    t.Check<int8_t>({1, h, w, c}, {1, h, w, c}, {1, 1, 1, c}, c);
    t.Check<int8_t>({1, h, w, c}, {1, 1, 1, c}, {1, h, w, c}, c + 1);
    t.Check<uint8_t>({1, h, w, c}, {1, h, w, c}, {1, 1, 1, c}, c + 2);
    t.Check<uint8_t>({1, h, w, c}, {1, 1, 1, c}, {1, h, w, c}, c + 3);
  }
}

TEST_P(VAddTest, InnerBlockBroadcasts) {
  AddTester t(GetParam(), 4);
  for (int v = 0; v < 20; ++v) {
    t.Check<int8_t>({2, 3, 4, 5}, {2, 3, 4, 5}, {1, 1, 4, 5}, v);
    t.Check<uint8_t>({2, 3, 4, 5}, {1, 3, 4, 5}, {2, 3, 4, 5}, v);
    t.Check<int8_t>({3, 1, 17}, {3, 1, 17}, {1, 1, 17}, v);
    t.Check<int8_t>({2, 2, 2, 2, 2, 3}, {2, 2, 2, 2, 2, 3}, {1, 1, 1, 1, 2, 3}, v);
  }
}

TEST_P(VAddTest, UnsupportedBroadcastsReturnNull) {
  reference::AddParams p;
  reference::PrepareAdd(0.1f, 0.1f, 0.1f, &p);
  p.rank = 2;
  p.output_shape[0] = 3, p.output_shape[1] = 4;
  p.input1_shape[0] = 3, p.input1_shape[1] = 1;
  p.input2_shape[0] = 1, p.input2_shape[1] = 4;
  EXPECT_EQ(PreparedAdd::Create(p, false, testing::UsableUpTo(GetParam())), nullptr);
  p.input1_shape[0] = 3, p.input1_shape[1] = 4;
  p.input2_shape[0] = 3, p.input2_shape[1] = 1;  // broadcast along an outer dim only
  EXPECT_EQ(PreparedAdd::Create(p, false, testing::UsableUpTo(GetParam())), nullptr);
}

TEST_P(VAddTest, MobileNetShapes) {
  AddTester t(GetParam(), 5);
  const int shapes[][3] = {{56, 56, 24}, {28, 28, 32}, {14, 14, 64}, {14, 14, 96}, {7, 7, 160}};
  for (const auto& s : shapes) {
    t.Check<int8_t>({1, s[0], s[1], s[2]}, {1, s[0], s[1], s[2]}, {1, s[0], s[1], s[2]}, s[2]);
    t.Check<uint8_t>({1, s[0], s[1], s[2]}, {1, s[0], s[1], s[2]}, {1, s[0], s[1], s[2]}, s[2] + 1);
  }
}

// Every (a, b) pair of both types at output shifts 0..31 (the AVX-512 kernel folds the output zero
// point into its rounding constant up to shift 22 and adds it after packing above; shift 0 takes the
// general form), with equal input scales (input shift 0), unequal ones and a tiny one.
TEST_P(VAddTest, EveryPairAtEveryOutputShift) {
  ReplicableRandom rng(7);
  const float ratios[] = {1.0f, 0.37f, 3e-5f};
  for (int rs = 0; rs <= 31; ++rs) {
    for (int type = 0; type < 2; ++type) {
      const float ratio = ratios[rs % 3];
      const float s1 = rng.Float(0.01f, 0.2f), s2 = s1 * ratio;
      // Output multiplier 0.75 * 2^-rs: output scale = 2 max(s1, s2) / (2^20 * 0.75 * 2^-rs).
      const double so = 2.0 * std::max(s1, s2) / (1048576.0 * 0.75) * static_cast<double>(int64_t{1} << rs);
      reference::AddParams p;
      reference::PrepareAdd(s1, s2, static_cast<float>(so), &p);
      ASSERT_EQ(p.output_shift, -rs);
      const int32_t lo = type == 0 ? -128 : 0, hi = type == 0 ? 127 : 255;
      p.rank = 1;
      p.output_shape[0] = p.input1_shape[0] = p.input2_shape[0] = 65536;
      p.input1_zero_point = static_cast<int32_t>(rng.Int(lo, hi));
      p.input2_zero_point = rs % 4 == 1 ? lo : rs % 4 == 2 ? hi : static_cast<int32_t>(rng.Int(lo, hi));
      p.output_zero_point = rs % 5 == 0 ? hi : static_cast<int32_t>(rng.Int(lo, hi));
      p.act_min = lo, p.act_max = hi;
      if (rs % 2 == 1) p.act_min = p.output_zero_point, p.act_max = static_cast<int32_t>(rng.Int(p.act_min, hi));
      std::vector<uint8_t> a(65536), b(65536), got(65536), expected(65536);
      for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<uint8_t>(i >> 8), b[i] = static_cast<uint8_t>(i);
      auto op = PreparedAdd::Create(p, type == 1, testing::UsableUpTo(GetParam()));
      ASSERT_NE(op, nullptr) << "output shift " << rs;
      op->Run(static_cast<const void*>(a.data()), b.data(), got.data(), nullptr);
      if (type == 0) {
        reference::Add(p, reinterpret_cast<const int8_t*>(a.data()), reinterpret_cast<const int8_t*>(b.data()),
                       reinterpret_cast<int8_t*>(expected.data()));
      } else {
        reference::Add(p, a.data(), b.data(), expected.data());
      }
      for (size_t i = 0; i < got.size(); ++i) {
        ASSERT_EQ(got[i], expected[i]) << op->kernel_name() << " output shift " << rs << " a byte " << (i >> 8)
                                       << " b byte " << (i & 255) << " zero points " << p.input1_zero_point << " "
                                       << p.input2_zero_point << " " << p.output_zero_point;
      }
    }
  }
}

TEST_P(VAddTest, TilesCoverTheOutput) {
  // RunTiles over single tiles equals Run (the tiling a thread pool would use).
  reference::AddParams p;
  reference::PrepareAdd(0.03f, 0.05f, 0.07f, &p);
  p.rank = 1;
  p.output_shape[0] = p.input1_shape[0] = p.input2_shape[0] = 100000;
  p.act_min = -128, p.act_max = 127;
  auto op = PreparedAdd::Create(p, false, testing::UsableUpTo(GetParam()));
  ASSERT_NE(op, nullptr);
  ASSERT_GT(op->num_tiles(), 1u);
  ReplicableRandom rng(6);
  std::vector<int8_t> a = rng.Ints<int8_t>(100000, -128, 127), b = rng.Ints<int8_t>(100000, -128, 127);
  std::vector<int8_t> whole(100000), tiled(100000), expected(100000);
  op->Run(a.data(), b.data(), whole.data(), nullptr);
  for (size_t i = op->num_tiles(); i-- > 0;) op->RunTiles(i, i + 1, a.data(), b.data(), tiled.data(), nullptr);
  reference::Add(p, a.data(), b.data(), expected.data());
  EXPECT_EQ(whole, expected);
  EXPECT_EQ(tiled, expected);
}

INSTANTIATE_TEST_SUITE_P(Levels, VAddTest, testing::IsaLevels(), testing::IsaLevelName);

}  // namespace
}  // namespace octet
