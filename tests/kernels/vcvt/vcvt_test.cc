// PreparedQuantize / PreparedRequantize / PreparedDequantize (every ISA level) against the reference
// kernels, byte for byte: sizes 1..300 (vector tails), NaN / inf / huge / exact-tie floats, zero points
// at the type limits, every type pair of requantize including the identity and XOR 0x80 maps.
#include "kernels/vcvt/vcvt.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "kernels/common/quantize_multiplier.h"
#include "kernels/reference/reference.h"
#include "tests/kernels/vcvt/isa_levels.h"
#include "tests/testing/replicable_random.h"

namespace octet {
namespace {

using testing::ReplicableRandom;

class VcvtTest : public ::testing::TestWithParam<Isa> {
 protected:
  void SetUp() override { OCTET_SKIP_UNLESS_LEVEL_AVAILABLE(GetParam()); }
};

template <typename T>
void CheckQuantize(Isa isa, ReplicableRandom& rng, size_t n, int variant) {
  constexpr int32_t kMin = std::numeric_limits<T>::min(), kMax = std::numeric_limits<T>::max();
  reference::QuantizeParams p;
  p.count = n;
  const float scales[] = {0.5f, 0.25f, 1.0f, 1.0f / 255.0f, 0.0078125f, 0.3f, 1e-30f, 3e30f};
  p.scale = variant % 3 == 0 ? scales[variant % 8] : rng.Float(1e-3f, 2.0f);
  const int kind = static_cast<int>(rng.Int(0, 3));
  p.zero_point = kind == 0 ? kMin : kind == 1 ? kMax : static_cast<int32_t>(rng.Int(kMin, kMax));
  std::vector<float> input(n);
  const float specials[] = {std::numeric_limits<float>::quiet_NaN(),
                            -std::numeric_limits<float>::quiet_NaN(),
                            std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity(),
                            3e38f,
                            -3e38f,
                            0.0f,
                            -0.0f,
                            8388607.5f,
                            -8388608.0f,
                            16777216.0f,
                            std::numeric_limits<float>::denorm_min(),
                            0.49999997f,
                            -0.49999997f};
  for (size_t i = 0; i < n; ++i) {
    const int k = static_cast<int>(rng.Int(0, 9));
    if (k == 0) {
      input[i] = specials[rng.Int(0, 13)];
    } else if (k <= 4) {  // exact ties: (j + 0.5) * scale (exact for power-of-two scales)
      input[i] = (static_cast<float>(rng.Int(-300, 300)) + 0.5f) * p.scale;
    } else if (k == 5) {  // one ulp around ties
      const float tie = (static_cast<float>(rng.Int(-300, 300)) + 0.5f) * p.scale;
      input[i] = std::nextafter(tie, rng.Int(0, 1) ? 1e30f : -1e30f);
    } else {
      input[i] = rng.Float(-300.0f, 300.0f) * p.scale;
    }
  }
  std::vector<T> expected(n), got(n, 0x5A);
  reference::Quantize(p, input.data(), expected.data());
  auto op = PreparedQuantize::Create(p, std::is_same<T, uint8_t>::value, testing::UsableUpTo(isa));
  ASSERT_NE(op, nullptr);
  ASSERT_EQ(op->isa(), isa);
  op->Run(input.data(), got.data(), nullptr);
  for (size_t i = 0; i < n; ++i) {
    ASSERT_EQ(static_cast<int>(got[i]), static_cast<int>(expected[i]))
        << op->kernel_name() << " element " << i << " of " << n << " x=" << input[i] << " scale " << p.scale
        << " zero point " << p.zero_point;
  }
}

TEST_P(VcvtTest, QuantizeEverySize) {
  ReplicableRandom rng(1);
  for (size_t n = 1; n <= 300; ++n) {
    CheckQuantize<int8_t>(GetParam(), rng, n, static_cast<int>(n));
    CheckQuantize<uint8_t>(GetParam(), rng, n, static_cast<int>(n) + 1);
  }
  CheckQuantize<uint8_t>(GetParam(), rng, 224 * 224 * 3, 3);
  CheckQuantize<int8_t>(GetParam(), rng, 224 * 224 * 3 + 5, 4);
}

template <typename In, typename Out>
void CheckRequantize(Isa isa, ReplicableRandom& rng, size_t n, int variant) {
  constexpr int32_t kInMin = std::numeric_limits<In>::min(), kInMax = std::numeric_limits<In>::max();
  constexpr int32_t kOutMin = std::numeric_limits<Out>::min(), kOutMax = std::numeric_limits<Out>::max();
  reference::RequantizeParams p;
  p.count = n;
  float s_in = rng.Float(0.001f, 0.5f), s_out = rng.Float(0.001f, 0.5f);
  const int kind = variant % 6;
  if (kind == 0 || kind == 1) s_out = s_in;
  if (kind == 2) s_out = s_in * 0.01f;  // left shift
  if (kind == 3) s_out = s_in * 0.5f;   // exact doubling: ties in the second rounding
  if (kind == 4) s_out = s_in * 3.0f;
  const QuantizedMultiplier m = QuantizeMultiplier(static_cast<double>(s_in) / static_cast<double>(s_out));
  p.multiplier = m.multiplier;
  p.shift = m.shift;
  auto zp = [&](int32_t lo, int32_t hi) -> int32_t {
    const int k = static_cast<int>(rng.Int(0, 3));
    return k == 0 ? lo : k == 1 ? hi : static_cast<int32_t>(rng.Int(lo, hi));
  };
  p.input_zero_point = zp(kInMin, kInMax);
  p.output_zero_point = zp(kOutMin, kOutMax);
  if (kind == 1) {  // identity / XOR 0x80 map when the types allow it
    const int32_t shifted = p.input_zero_point + (kOutMin - kInMin);
    if (shifted >= kOutMin && shifted <= kOutMax) p.output_zero_point = shifted;
  }
  std::vector<In> input = rng.Ints<In>(n, kInMin, kInMax);
  std::vector<Out> expected(n), got(n, 0x5A);
  reference::Requantize(p, input.data(), expected.data());
  auto op = PreparedRequantize::Create(p, std::is_same<In, uint8_t>::value, std::is_same<Out, uint8_t>::value,
                                       testing::UsableUpTo(isa));
  ASSERT_NE(op, nullptr);
  if (std::strcmp(op->kernel_name(), "memcpy") != 0) {
    ASSERT_EQ(op->isa(), isa) << op->kernel_name();
  }
  op->Run(input.data(), got.data(), nullptr);
  for (size_t i = 0; i < n; ++i) {
    ASSERT_EQ(static_cast<int>(got[i]), static_cast<int>(expected[i]))
        << op->kernel_name() << " element " << i << " q=" << static_cast<int>(input[i]) << " multiplier "
        << p.multiplier << " shift " << p.shift << " zero points " << p.input_zero_point << " " << p.output_zero_point;
  }
}

TEST_P(VcvtTest, RequantizeEverySizeAndTypePair) {
  ReplicableRandom rng(2);
  for (size_t n = 1; n <= 300; ++n) {
    const int v = static_cast<int>(n);
    CheckRequantize<int8_t, int8_t>(GetParam(), rng, n, v);
    CheckRequantize<int8_t, uint8_t>(GetParam(), rng, n, v + 1);
    CheckRequantize<uint8_t, int8_t>(GetParam(), rng, n, v + 2);
    CheckRequantize<uint8_t, uint8_t>(GetParam(), rng, n, v + 3);
  }
}

TEST_P(VcvtTest, RequantizeXor80MobileNetV2) {
  // The uint8 <-> int8 QUANTIZE ops around an int8 model: equal scales, zero points 128 apart.
  ReplicableRandom rng(3);
  for (size_t n : {size_t{1}, size_t{63}, size_t{64}, size_t{65}, size_t{224 * 224 * 3}, size_t{1001}}) {
    std::vector<uint8_t> u = rng.Ints<uint8_t>(n, 0, 255);
    std::vector<int8_t> s(n), s_expected(n);
    std::vector<uint8_t> back(n), back_expected(n);
    reference::RequantizeParams p;
    p.count = n;
    const QuantizedMultiplier m = QuantizeMultiplier(1.0);
    p.multiplier = m.multiplier, p.shift = m.shift;
    p.input_zero_point = 128, p.output_zero_point = 0;
    auto to_s8 = PreparedRequantize::Create(p, true, false, testing::UsableUpTo(GetParam()));
    ASSERT_NE(to_s8, nullptr);
    EXPECT_NE(std::string(to_s8->kernel_name()).find("xor80"), std::string::npos) << to_s8->kernel_name();
    to_s8->Run(u.data(), s.data(), nullptr);
    reference::Requantize(p, u.data(), s_expected.data());
    EXPECT_EQ(s, s_expected);
    p.input_zero_point = 0, p.output_zero_point = 128;
    auto to_u8 = PreparedRequantize::Create(p, false, true, testing::UsableUpTo(GetParam()));
    ASSERT_NE(to_u8, nullptr);
    to_u8->Run(s.data(), back.data(), nullptr);
    reference::Requantize(p, s.data(), back_expected.data());
    EXPECT_EQ(back, back_expected);
    EXPECT_EQ(back, u);
  }
}

template <typename T>
void CheckDequantize(Isa isa, ReplicableRandom& rng, size_t n, int variant) {
  constexpr int32_t kMin = std::numeric_limits<T>::min(), kMax = std::numeric_limits<T>::max();
  reference::DequantizeParams p;
  p.count = n;
  const float scales[] = {1e-45f, 1e-40f, 3e38f, 0.1f};
  p.scale = variant % 4 == 0 ? scales[(variant / 4) % 4] : rng.Float(1e-4f, 3.0f);
  p.zero_point = variant % 3 == 0 ? kMin : variant % 3 == 1 ? kMax : static_cast<int32_t>(rng.Int(kMin, kMax));
  std::vector<T> input = rng.Ints<T>(n, kMin, kMax);
  std::vector<float> expected(n), got(n, -1.0f);
  reference::Dequantize(p, input.data(), expected.data());
  auto op = PreparedDequantize::Create(p, std::is_same<T, uint8_t>::value, testing::UsableUpTo(isa));
  ASSERT_NE(op, nullptr);
  ASSERT_EQ(op->isa(), isa);
  op->Run(input.data(), got.data(), nullptr);
  for (size_t i = 0; i < n; ++i) {
    uint32_t a, b;
    std::memcpy(&a, &got[i], 4);
    std::memcpy(&b, &expected[i], 4);
    ASSERT_EQ(a, b) << op->kernel_name() << " element " << i << " q=" << static_cast<int>(input[i]) << " scale "
                    << p.scale << " zero point " << p.zero_point;
  }
}

TEST_P(VcvtTest, DequantizeEverySize) {
  ReplicableRandom rng(4);
  for (size_t n = 1; n <= 300; ++n) {
    CheckDequantize<int8_t>(GetParam(), rng, n, static_cast<int>(n));
    CheckDequantize<uint8_t>(GetParam(), rng, n, static_cast<int>(n) + 1);
  }
}

INSTANTIATE_TEST_SUITE_P(Levels, VcvtTest, testing::IsaLevels(), testing::IsaLevelName);

}  // namespace
}  // namespace octet
