// QUANTIZE (float -> int, requantize) and DEQUANTIZE reference kernel tests. float32 facts quoted in comments
// were computed with numpy.float32 (see tests/kernels/golden/make_goldens.py for the helpers).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "kernels/common/quantize_multiplier.h"
#include "kernels/reference/reference.h"
#include "tests/kernels/reference/independent.h"

namespace octet::reference {
namespace {

constexpr int32_t kTwo30 = int32_t{1} << 30;

template <typename T>
std::vector<T> QuantizeAll(float scale, int32_t zero_point, const std::vector<float>& values) {
  QuantizeParams p;
  p.count = values.size();
  p.scale = scale;
  p.zero_point = zero_point;
  std::vector<T> out(values.size());
  Quantize(p, values.data(), out.data());
  return out;
}

TEST(Quantize, DividesInFloat32AndRoundsTiesAway) {
  // 5.95f / 0.1f = 59.499996 in fp32 -> 59; multiplying by fp32(1 / 0.1f) instead gives 59.5 -> 60.
  // 0.25f / 0.1f = 2.5 exactly in fp32 -> 3 (ties-to-even would give 2); -0.05f / 0.1f = -0.5 -> -1.
  EXPECT_EQ(QuantizeAll<int8_t>(0.1f, 0, {5.95f, -5.95f, 0.25f, -0.25f, -0.05f, 0.0f}),
            (std::vector<int8_t>{59, -59, 3, -3, -1, 0}));
  // The zero point is added after rounding: 0.25 / 0.1 -> 3, + 10 = 13.
  EXPECT_EQ(QuantizeAll<uint8_t>(0.1f, 10, {0.25f, -0.25f, -1.0f, -1.05f}), (std::vector<uint8_t>{13, 7, 0, 0}));
}

TEST(Quantize, SaturatesAtTheTypeLimits) {
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(QuantizeAll<int8_t>(0.5f, -128, {63.0f, 127.5f, 1000.0f, 1e30f, inf, -1.0f, -inf}),
            (std::vector<int8_t>{-2, 127, 127, 127, 127, -128, -128}));
  EXPECT_EQ(QuantizeAll<uint8_t>(1.0f, 255, {0.0f, 1.0f, -255.0f, -256.0f, -1e30f}),
            (std::vector<uint8_t>{255, 255, 0, 0, 0}));
  // NaN maps to the type minimum (TFLite's conversion gives INT32_MIN there on x86).
  EXPECT_EQ(QuantizeAll<int8_t>(1.0f, 0, {std::nanf("")}), (std::vector<int8_t>{-128}));
}

template <typename In, typename Out>
std::vector<Out> RequantizeAll(int32_t z_in, int32_t z_out, int32_t multiplier, int shift, const std::vector<In>& in) {
  RequantizeParams p;
  p.count = in.size();
  p.input_zero_point = z_in, p.output_zero_point = z_out;
  p.multiplier = multiplier, p.shift = shift;
  std::vector<Out> out(in.size());
  Requantize(p, in.data(), out.data());
  return out;
}

TEST(Requantize, Int8ToUint8WithEqualScalesIsAShiftBy128) {
  // Equal scales: (M, e) = (2^30, 1) is exactly 1; z_in = -128 -> z_out = 0 maps q to q + 128 (q XOR 0x80).
  std::vector<int8_t> all;
  for (int q = -128; q <= 127; ++q) all.push_back(static_cast<int8_t>(q));
  const auto out = RequantizeAll<int8_t, uint8_t>(-128, 0, kTwo30, 1, all);
  for (int i = 0; i < 256; ++i) EXPECT_EQ(out[i], i) << "q=" << i - 128;
  // And back.
  std::vector<uint8_t> all_u8;
  for (int q = 0; q <= 255; ++q) all_u8.push_back(static_cast<uint8_t>(q));
  const auto back = RequantizeAll<uint8_t, int8_t>(128, 0, kTwo30, 1, all_u8);
  for (int i = 0; i < 256; ++i) EXPECT_EQ(back[i], i - 128) << "q=" << i;
}

TEST(Requantize, DoubleRoundingTies) {
  // Real 0.5 as (2^30, 0): ties rounded once, up: -3 -> -1.5 -> -1, -1 -> 0, 1 -> 1, 3 -> 2.
  EXPECT_EQ((RequantizeAll<int8_t, int8_t>(0, 0, kTwo30, 0, {-3, -1, 1, 3})), (std::vector<int8_t>{-1, 0, 1, 2}));
  // Real 0.25 as (2^30, -1): -6 -> -1.5 -> -2 (ties away in the shift); 1 -> 0.25 -> 0.5 -> 1 (double rounding);
  // -1 -> -0.25 -> 0; 2 -> 0.5 -> 1; -2 -> -1.
  EXPECT_EQ((RequantizeAll<int8_t, int8_t>(0, 0, kTwo30, -1, {-6, 1, -1, 2, -2})),
            (std::vector<int8_t>{-2, 1, 0, 1, -1}));
}

TEST(Requantize, ZeroPointsAndClampAcrossTypes) {
  // uint8 -> uint8, real 2.0 = (2^30, 2): (q - 100) * 2 + 50, clamped: 100 -> 50, 0 -> -150 -> 0, 200 -> 250,
  // 255 -> 360 -> 255, 76 -> 2.
  EXPECT_EQ((RequantizeAll<uint8_t, uint8_t>(100, 50, kTwo30, 2, {100, 0, 200, 255, 76})),
            (std::vector<uint8_t>{50, 0, 250, 255, 2}));
  // uint8 -> int8, real 0.5: (q - 255) / 2 + 127: 255 -> 127, 0 -> -127.5 -> -127 (ties up at shift 0)
  // + 127 = 0, 1 -> -127 + 127 = 0.
  EXPECT_EQ((RequantizeAll<uint8_t, int8_t>(255, 127, kTwo30, 0, {255, 0, 1})), (std::vector<int8_t>{127, 0, 0}));
  // int8 -> uint8, real 3.0 = (3 * 2^29, 2): (q + 128) * 3 + 0 clamped to 255: -128 -> 0, -100 -> 84, 0 -> 255.
  EXPECT_EQ((RequantizeAll<int8_t, uint8_t>(-128, 0, 3 * (int32_t{1} << 29), 2, {-128, -100, 0})),
            (std::vector<uint8_t>{0, 84, 255}));
}

TEST(Requantize, MatchesIndependentMbqmForRealScales) {
  // Every int8 input for a handful of scale ratios, against independent.h's MBQM.
  for (const double ratio : {0.0173, 0.5, 0.99999, 1.0, 1.7, 40.0}) {
    const QuantizedMultiplier q = QuantizeMultiplier(ratio);
    std::vector<int8_t> all;
    for (int v = -128; v <= 127; ++v) all.push_back(static_cast<int8_t>(v));
    const auto out = RequantizeAll<int8_t, int8_t>(-3, 5, q.multiplier, q.shift, all);
    for (int i = 0; i < 256; ++i) {
      const int32_t v = testing::IndependentMbqm(i - 128 + 3, q.multiplier, q.shift) + 5;
      EXPECT_EQ(out[i], std::min(127, std::max(-128, v))) << "ratio " << ratio << " q " << i - 128;
    }
  }
}

TEST(Dequantize, IsTheCorrectlyRoundedProduct) {
  // (q - z) is exact in float, so the correctly rounded product equals one fp32 multiplication, which is an
  // independent way to compute it. Checked for every value with zero points at the limits.
  for (const float scale : {0.1f, 0.0235f, 3.0e-5f, 1.7f}) {
    for (const int32_t z : {-128, 0, 127}) {
      std::vector<int8_t> all;
      for (int v = -128; v <= 127; ++v) all.push_back(static_cast<int8_t>(v));
      DequantizeParams p;
      p.count = all.size();
      p.scale = scale;
      p.zero_point = z;
      std::vector<float> out(all.size());
      Dequantize(p, all.data(), out.data());
      for (int i = 0; i < 256; ++i) EXPECT_EQ(out[i], scale * static_cast<float>(i - 128 - z));
    }
  }
  // uint8 with z = 255: q = 0 -> -255 * 0.5 = -127.5.
  DequantizeParams p;
  p.count = 2;
  p.scale = 0.5f;
  p.zero_point = 255;
  const std::vector<uint8_t> in = {0, 255};
  std::vector<float> out(2);
  Dequantize(p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{-127.5f, 0.0f}));
}

}  // namespace
}  // namespace octet::reference
