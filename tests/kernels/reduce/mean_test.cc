// PreparedMean (every ISA level) against reference::Mean, byte for byte: H,W means with channels 1..300,
// other contiguous axis blocks, long reductions (the vector kernels' 16-bit partial sums), zero points at
// the type limits, multipliers with left and right shifts.
#include "kernels/reduce/mean.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "kernels/common/quantize_multiplier.h"
#include "kernels/reference/reference.h"
#include "tests/kernels/vcvt/isa_levels.h"
#include "tests/testing/replicable_random.h"

namespace octet {
namespace {

using testing::ReplicableRandom;

class MeanTester {
 public:
  MeanTester(Isa isa, uint64_t seed) : isa_(isa), rng_(seed) {}

  template <typename T>
  void Check(std::vector<int> shape, std::vector<bool> reduce, int variant) {
    constexpr int32_t kMin = std::numeric_limits<T>::min(), kMax = std::numeric_limits<T>::max();
    reference::MeanParams p;
    p.rank = static_cast<int>(shape.size());
    size_t in_size = 1, out_size = 1;
    for (int d = 0; d < p.rank; ++d) {
      p.input_shape[d] = shape[d];
      p.reduce[d] = reduce[d];
      in_size *= shape[d];
      if (!reduce[d]) out_size *= shape[d];
    }
    float s_in = rng_.Float(0.001f, 0.5f), s_out = rng_.Float(0.001f, 0.5f);
    if (variant % 4 == 0) s_out = s_in;          // equal scales
    if (variant % 4 == 1) s_out = s_in * 0.01f;  // real multiplier > 1: left shifts
    if (variant % 4 == 2) s_out = s_in * 64.0f;  // power-of-two ratio
    const QuantizedMultiplier m = QuantizeMultiplier(static_cast<double>(s_in) / static_cast<double>(s_out));
    p.multiplier = m.multiplier;
    p.shift = m.shift;
    auto zp = [&]() -> int32_t {
      const int kind = static_cast<int>(rng_.Int(0, 3));
      return kind == 0 ? kMin : kind == 1 ? kMax : static_cast<int32_t>(rng_.Int(kMin, kMax));
    };
    p.input_zero_point = zp();
    p.output_zero_point = zp();
    std::vector<T> input = rng_.Ints<T>(in_size, kMin, kMax);
    if (variant % 5 == 3) {
      for (auto& v : input) v = static_cast<T>(rng_.Int(0, 1) ? kMin : kMax);
    }
    std::vector<T> expected(out_size), got(out_size, 0x5A);
    reference::Mean(p, input.data(), expected.data());
    auto op = PreparedMean::Create(p, std::is_same<T, uint8_t>::value, testing::UsableUpTo(isa_));
    ASSERT_NE(op, nullptr);
    ASSERT_EQ(op->isa(), isa_) << op->kernel_name();
    op->Run(input.data(), got.data(), nullptr);
    for (size_t i = 0; i < out_size; ++i) {
      ASSERT_EQ(static_cast<int>(got[i]), static_cast<int>(expected[i]))
          << op->kernel_name() << " output " << i << " multiplier " << p.multiplier << " shift " << p.shift
          << " zero points " << p.input_zero_point << " " << p.output_zero_point;
    }
  }

  ReplicableRandom& rng() { return rng_; }

 private:
  Isa isa_;
  ReplicableRandom rng_;
};

class MeanTest : public ::testing::TestWithParam<Isa> {
 protected:
  void SetUp() override { OCTET_SKIP_UNLESS_LEVEL_AVAILABLE(GetParam()); }
};

TEST_P(MeanTest, HeightWidthEveryChannelCount) {
  MeanTester t(GetParam(), 1);
  for (int c = 1; c <= 300; ++c) {
    const int h = static_cast<int>(t.rng().Int(1, 5)), w = static_cast<int>(t.rng().Int(1, 5));
    t.Check<int8_t>({1, h, w, c}, {false, true, true, false}, c);
    t.Check<uint8_t>({1, h, w, c}, {false, true, true, false}, c + 1);
  }
}

TEST_P(MeanTest, MobileNetV2) {
  MeanTester t(GetParam(), 2);
  for (int v = 0; v < 10; ++v) {
    t.Check<int8_t>({1, 7, 7, 1280}, {false, true, true, false}, v);
    t.Check<uint8_t>({1, 7, 7, 1280}, {false, true, true, false}, v);
    t.Check<int8_t>({2, 7, 7, 300}, {false, true, true, false}, v);
  }
}

TEST_P(MeanTest, OtherAxisBlocks) {
  MeanTester t(GetParam(), 3);
  for (int v = 0; v < 8; ++v) {
    t.Check<int8_t>({2, 3, 4, 5}, {false, false, false, true}, v);
    t.Check<uint8_t>({2, 3, 4, 5}, {true, false, false, false}, v);
    t.Check<int8_t>({2, 3, 4, 5}, {false, true, true, true}, v);
    t.Check<uint8_t>({2, 3, 4, 5}, {true, true, true, true}, v);
    t.Check<int8_t>({2, 3, 4, 5}, {false, true, false, false}, v);
    t.Check<int8_t>({6, 35}, {false, false}, v);
    t.Check<uint8_t>({3, 70, 33}, {false, true, false}, v);
  }
}

TEST_P(MeanTest, LongReductions) {
  MeanTester t(GetParam(), 4);
  for (int v = 0; v < 6; ++v) {
    t.Check<int8_t>({1, 40, 37, 19}, {false, true, true, false}, v + 3 * (v % 2));
    t.Check<uint8_t>({1, 40, 37, 19}, {false, true, true, false}, v);
    t.Check<uint8_t>({1, 129, 1, 70}, {false, true, true, false}, 3);
    t.Check<int8_t>({1, 257, 3, 33}, {false, true, true, false}, 3);
  }
}

TEST_P(MeanTest, NonContiguousAxesReturnNull) {
  reference::MeanParams p;
  p.rank = 4;
  for (int d = 0; d < 4; ++d) p.input_shape[d] = 2;
  p.reduce[1] = p.reduce[3] = true;
  p.multiplier = 1 << 30;
  EXPECT_EQ(PreparedMean::Create(p, false, testing::UsableUpTo(GetParam())), nullptr);
}

INSTANTIATE_TEST_SUITE_P(Levels, MeanTest, testing::IsaLevels(), testing::IsaLevelName);

}  // namespace
}  // namespace octet
