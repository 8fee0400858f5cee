// DEPTHWISE_CONV_2D reference kernel tests. Hand-derived cases carry their derivation; the random sweep
// compares against NaiveDepthwise below (explicit zero-point padding buffer, int64 sums, independently
// coded MBQM from independent.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "kernels/common/quantize_multiplier.h"
#include "kernels/reference/reference.h"
#include "tests/kernels/reference/independent.h"
#include "tests/testing/replicable_random.h"

namespace octet::reference {
namespace {

constexpr int32_t kTwo30 = int32_t{1} << 30;

TEST(DepthwiseConv2D, DepthMultiplierChannelOrder) {
  // 1x1 filter, input channels (3, 5), depth multiplier 2: output channel oc = ic * 2 + m uses filter
  // column oc. oc0 = 3*1, oc1 = 3*2, oc2 = 5*10, oc3 = 5*20 (times 1.0).
  DepthwiseConvParams p;
  p.input_h = p.input_w = 1, p.input_c = 2;
  p.output_h = p.output_w = 1;
  p.depth_multiplier = 2;
  p.filter_h = p.filter_w = 1;
  p.act_min = -128, p.act_max = 127;
  const std::vector<int32_t> multiplier(4, kTwo30), shift(4, 1);
  p.multiplier = multiplier.data();
  p.shift = shift.data();
  const std::vector<int8_t> input = {3, 5};
  const std::vector<int8_t> filter = {1, 2, 10, 20};
  std::vector<int8_t> output(4);
  DepthwiseConv2D(p, input.data(), filter.data(), nullptr, output.data());
  EXPECT_EQ(output, (std::vector<int8_t>{3, 6, 50, 100}));
}

TEST(DepthwiseConv2D, BordersSkipTapsPerChannel) {
  // 2x2 input with 2 channels, 3x3 filter of ones, SAME (pad 1): every output sees all 4 input cells of its
  // channel. Channel 0 holds real values 1, 2, 3, 4 (z_in = -128) -> 10; channel 1 holds 0 -> 0, plus a bias
  // of 7. z_out = 5.
  DepthwiseConvParams p;
  p.input_h = p.input_w = 2, p.input_c = 2;
  p.output_h = p.output_w = 2;
  p.filter_h = p.filter_w = 3;
  p.pad_top = p.pad_left = 1;
  p.input_zero_point = -128;
  p.output_zero_point = 5;
  p.act_min = -128, p.act_max = 127;
  const std::vector<int32_t> multiplier(2, kTwo30), shift(2, 1);
  p.multiplier = multiplier.data();
  p.shift = shift.data();
  const std::vector<int8_t> input = {-127, -128, -126, -128, -125, -128, -124, -128};
  const std::vector<int8_t> filter(9 * 2, 1);
  const std::vector<int32_t> bias = {0, 7};
  std::vector<int8_t> output(8);
  DepthwiseConv2D(p, input.data(), filter.data(), bias.data(), output.data());
  EXPECT_EQ(output, (std::vector<int8_t>{15, 12, 15, 12, 15, 12, 15, 12}));
}

TEST(DepthwiseConv2D, Uint8SubtractsTheFilterZeroPointAndInt8DoesNot) {
  // One tap: uint8 (250 - 255) * (10 - 0) = -50, times 0.5 = -25, + 128 = 103.
  DepthwiseConvParams p;
  p.input_h = p.input_w = 1, p.input_c = 1;
  p.output_h = p.output_w = 1;
  p.filter_h = p.filter_w = 1;
  p.filter_zero_point = 255;
  p.output_zero_point = 128;
  p.act_min = 0, p.act_max = 255;
  const int32_t multiplier = kTwo30, shift = 0;
  p.multiplier = &multiplier;
  p.shift = &shift;
  const uint8_t input = 10, filter = 250;
  uint8_t output = 0;
  DepthwiseConv2D(p, &input, &filter, nullptr, &output);
  EXPECT_EQ(output, 103);
  // int8 with the same (ignored) filter zero point: -6 * 10 = -60, times 0.5 = -30, z_out 0.
  p.output_zero_point = 0;
  p.act_min = -128, p.act_max = 127;
  const int8_t input8 = 10, filter8 = -6;
  int8_t output8 = 0;
  DepthwiseConv2D(p, &input8, &filter8, nullptr, &output8);
  EXPECT_EQ(output8, -30);
}

template <typename T>
std::vector<T> NaiveDepthwise(const DepthwiseConvParams& p, const std::vector<T>& input, const std::vector<T>& filter,
                              const std::vector<int32_t>& bias, bool subtract_filter_zero_point) {
  const int eff_h = (p.filter_h - 1) * p.dilation_h + 1, eff_w = (p.filter_w - 1) * p.dilation_w + 1;
  const int padded_h = std::max(p.input_h + p.pad_top, (p.output_h - 1) * p.stride_h + eff_h);
  const int padded_w = std::max(p.input_w + p.pad_left, (p.output_w - 1) * p.stride_w + eff_w);
  std::vector<int32_t> padded(static_cast<size_t>(p.batch) * padded_h * padded_w * p.input_c, p.input_zero_point);
  for (int b = 0; b < p.batch; ++b)
    for (int y = 0; y < p.input_h; ++y)
      for (int x = 0; x < p.input_w; ++x)
        for (int c = 0; c < p.input_c; ++c)
          padded[((b * padded_h + y + p.pad_top) * padded_w + x + p.pad_left) * p.input_c + c] =
              input[((b * p.input_h + y) * p.input_w + x) * p.input_c + c];
  const int output_c = p.input_c * p.depth_multiplier;
  const int32_t wz = subtract_filter_zero_point ? p.filter_zero_point : 0;
  std::vector<T> output(static_cast<size_t>(p.batch) * p.output_h * p.output_w * output_c);
  size_t out_index = 0;
  for (int b = 0; b < p.batch; ++b)
    for (int oy = 0; oy < p.output_h; ++oy)
      for (int ox = 0; ox < p.output_w; ++ox)
        for (int oc = 0; oc < output_c; ++oc) {
          const int ic = oc / p.depth_multiplier;
          int64_t acc = bias.empty() ? 0 : bias[oc];
          for (int ky = 0; ky < p.filter_h; ++ky)
            for (int kx = 0; kx < p.filter_w; ++kx) {
              const int y = oy * p.stride_h + ky * p.dilation_h, x = ox * p.stride_w + kx * p.dilation_w;
              const int64_t v = padded[((b * padded_h + y) * padded_w + x) * p.input_c + ic];
              const int64_t w = filter[(ky * p.filter_w + kx) * output_c + oc];
              acc += (w - wz) * (v - p.input_zero_point);
            }
          const int32_t scaled = testing::IndependentMbqm(static_cast<int32_t>(acc), p.multiplier[oc], p.shift[oc]);
          output[out_index++] = static_cast<T>(std::min(std::max(scaled + p.output_zero_point, p.act_min), p.act_max));
        }
  return output;
}

void SetSpatial(int in, int k, int stride, int dilation, bool same, int* out, int* pad_before) {
  const int eff = (k - 1) * dilation + 1;
  *out = same ? (in + stride - 1) / stride : (in - eff) / stride + 1;
  *pad_before = std::max(0, (*out - 1) * stride + eff - in) / 2;
}

template <typename T>
void RandomSweep(uint64_t seed) {
  constexpr bool kUint8 = std::is_same_v<T, uint8_t>;
  constexpr int64_t kMin = kUint8 ? 0 : -128, kMax = kUint8 ? 255 : 127;
  testing::ReplicableRandom random(seed);
  for (int trial = 0; trial < 400; ++trial) {
    DepthwiseConvParams p;
    p.batch = static_cast<int>(random.Int(1, 2));
    p.input_h = static_cast<int>(random.Int(1, 8));
    p.input_w = static_cast<int>(random.Int(1, 8));
    p.input_c = static_cast<int>(random.Int(1, 9));
    p.depth_multiplier = static_cast<int>(random.Int(1, 3));
    p.filter_h = static_cast<int>(random.Int(1, 5));
    p.filter_w = static_cast<int>(random.Int(1, 5));
    p.stride_h = static_cast<int>(random.Int(1, 3));
    p.stride_w = static_cast<int>(random.Int(1, 3));
    p.dilation_h = static_cast<int>(random.Int(1, 3));
    p.dilation_w = static_cast<int>(random.Int(1, 3));
    const bool same = random.Int(0, 1) == 1;
    if (!same && (p.input_h < (p.filter_h - 1) * p.dilation_h + 1 || p.input_w < (p.filter_w - 1) * p.dilation_w + 1)) {
      continue;
    }
    SetSpatial(p.input_h, p.filter_h, p.stride_h, p.dilation_h, same, &p.output_h, &p.pad_top);
    SetSpatial(p.input_w, p.filter_w, p.stride_w, p.dilation_w, same, &p.output_w, &p.pad_left);
    const int64_t zero_choices[] = {kMin, kMax, (kMin + kMax) / 2, random.Int(kMin, kMax)};
    p.input_zero_point = static_cast<int32_t>(zero_choices[random.Int(0, 3)]);
    p.output_zero_point = static_cast<int32_t>(zero_choices[random.Int(0, 3)]);
    p.filter_zero_point = kUint8 ? static_cast<int32_t>(random.Int(0, 255)) : 0;
    p.act_min = static_cast<int32_t>(random.Int(kMin, (kMin + kMax) / 2));
    p.act_max = static_cast<int32_t>(random.Int((kMin + kMax) / 2 + 1, kMax));
    const int output_c = p.input_c * p.depth_multiplier;
    std::vector<int32_t> multiplier(output_c), shift(output_c);
    const float in_scale = random.Float(0.001f, 0.1f), out_scale = random.Float(0.002f, 0.2f);
    for (int o = 0; o < output_c; ++o) {
      const QuantizedMultiplier q = QuantizeMultiplier(double{in_scale} * random.Float(0.0005f, 0.05f) / out_scale);
      multiplier[o] = kUint8 && o > 0 ? multiplier[0] : q.multiplier;
      shift[o] = kUint8 && o > 0 ? shift[0] : q.shift;
    }
    p.multiplier = multiplier.data();
    p.shift = shift.data();
    const auto input = random.Ints<T>(static_cast<size_t>(p.batch) * p.input_h * p.input_w * p.input_c, kMin, kMax);
    const auto filter =
        random.Ints<T>(static_cast<size_t>(p.filter_h) * p.filter_w * output_c, kUint8 ? 0 : -127, kMax);
    std::vector<int32_t> bias;
    if (random.Int(0, 1) == 1) bias = random.Ints<int32_t>(output_c, -20000, 20000);
    std::vector<T> output(static_cast<size_t>(p.batch) * p.output_h * p.output_w * output_c);
    DepthwiseConv2D(p, input.data(), filter.data(), bias.empty() ? nullptr : bias.data(), output.data());
    ASSERT_EQ(output, NaiveDepthwise(p, input, filter, bias, kUint8)) << "trial " << trial;
  }
}

TEST(DepthwiseConv2D, Int8MatchesNaiveDepthwise) { RandomSweep<int8_t>(31); }
TEST(DepthwiseConv2D, Uint8MatchesNaiveDepthwise) { RandomSweep<uint8_t>(32); }

}  // namespace
}  // namespace octet::reference
