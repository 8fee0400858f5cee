// CONV_2D reference kernel tests. Hand-derived cases carry their derivation; the random sweep compares
// against NaiveConv below, which pads the input explicitly with the input zero point (instead of skipping
// taps), accumulates in int64 and requantizes with the independently coded MBQM of independent.h.
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

// Multiplier/shift arrays for ConvParams, with one value repeated (per-tensor) or per channel.
struct Requant {
  std::vector<int32_t> multiplier;
  std::vector<int32_t> shift;
  Requant(int channels, int32_t m, int s) : multiplier(channels, m), shift(channels, s) {}
  void Attach(ConvParams* p) const {
    p->multiplier = multiplier.data();
    p->shift = shift.data();
  }
};

// Real multiplier 1.0 is (2^30, 1); 0.5 is (2^30, 0).
TEST(Conv2D, SamePaddingWithOddTotalPutsTheExtraOnTheRight) {
  // 1x5 input, 1x4 filter, stride 1, SAME: out = 5, total = (5-1)*1 + 4 - 5 = 3, pad_left = 1 (right 2).
  ConvParams p;
  p.input_h = 1, p.input_w = 5, p.input_c = 1;
  p.output_h = 1, p.output_w = 5, p.output_c = 1;
  p.filter_h = 1, p.filter_w = 4, p.filter_c = 1;
  p.pad_left = 1;
  p.act_min = -128, p.act_max = 127;
  Requant rq(1, kTwo30, 1);
  rq.Attach(&p);
  const std::vector<int8_t> input = {1, 2, 3, 4, 5};
  const std::vector<int8_t> filter = {1, 2, 4, 8};
  std::vector<int8_t> output(5);
  Conv2D(p, input.data(), filter.data(), nullptr, output.data());
  // Output x reads input x-1 .. x+2:
  // x=0: 2*1 + 4*2 + 8*3 = 34;  x=1: 1 + 4 + 12 + 32 = 49;  x=2: 2 + 6 + 16 + 40 = 64;
  // x=3: 3 + 8 + 20 = 31 (last tap outside);  x=4: 4 + 10 = 14.
  EXPECT_EQ(output, (std::vector<int8_t>{34, 49, 64, 31, 14}));
}

TEST(Conv2D, TapsOutsideTheInputAreSkippedWithZeroPointsAtTheTypeLimits) {
  // 3x3 input of real value 1 everywhere (q = -127, z_in = -128), 3x3 filter of ones, pad 1: each output is
  // the number of in-bounds taps (corner 4, edge 6, centre 9). Reading padding as raw 0 would add 128 per
  // outside tap. z_out = -128 is added after the requantization.
  ConvParams p;
  p.input_h = 3, p.input_w = 3, p.input_c = 1;
  p.output_h = 3, p.output_w = 3, p.output_c = 1;
  p.filter_h = 3, p.filter_w = 3, p.filter_c = 1;
  p.pad_top = 1, p.pad_left = 1;
  p.input_zero_point = -128;
  p.output_zero_point = -128;
  p.act_min = -128, p.act_max = 127;
  Requant rq(1, kTwo30, 1);
  rq.Attach(&p);
  const std::vector<int8_t> input(9, -127);
  const std::vector<int8_t> filter(9, 1);
  std::vector<int8_t> output(9);
  Conv2D(p, input.data(), filter.data(), nullptr, output.data());
  EXPECT_EQ(output, (std::vector<int8_t>{-124, -122, -124, -122, -119, -122, -124, -122, -124}));

  // The same with z_in = 127 and input 127 (real 0) plus a bias of 5: every output is 5 + z_out.
  p.input_zero_point = 127;
  p.output_zero_point = 127;
  const std::vector<int8_t> input_at_max(9, 127);
  const std::vector<int32_t> bias = {-5};
  Conv2D(p, input_at_max.data(), filter.data(), bias.data(), output.data());
  EXPECT_EQ(output, std::vector<int8_t>(9, 122));
}

TEST(Conv2D, Uint8SubtractsTheFilterZeroPoint) {
  // 1x1 conv, 2 input channels. Input (200, 100) - 100 = (100, 0); filter (130, 127) - 128 = (2, -1);
  // acc = 200 + 0 = 200, bias -50 -> 150, times 0.5 -> 75, + z_out 10 -> 85.
  ConvParams p;
  p.input_h = p.input_w = 1, p.input_c = 2;
  p.output_h = p.output_w = 1, p.output_c = 1;
  p.filter_h = p.filter_w = 1, p.filter_c = 2;
  p.input_zero_point = 100, p.filter_zero_point = 128, p.output_zero_point = 10;
  p.act_min = 0, p.act_max = 255;
  Requant rq(1, kTwo30, 0);
  rq.Attach(&p);
  const std::vector<uint8_t> input = {200, 100};
  const std::vector<uint8_t> filter = {130, 127};
  const std::vector<int32_t> bias = {-50};
  std::vector<uint8_t> output(1);
  Conv2D(p, input.data(), filter.data(), bias.data(), output.data());
  EXPECT_EQ(output[0], 85);

  // Zero points at the uint8 limits: input 0 with z_in 255 is -255, filter 255 with z_w 0 is 255:
  // acc = -65025, times 2^-10 (M = 2^30, e = -9) = -63.5 -> -64 (the right shift rounds ties away),
  // + 200 = 136.
  p.input_c = p.filter_c = 1;
  p.input_zero_point = 255, p.filter_zero_point = 0, p.output_zero_point = 200;
  Requant rq2(1, kTwo30, -9);
  rq2.Attach(&p);
  const uint8_t in0 = 0, w255 = 255;
  Conv2D(p, &in0, &w255, nullptr, output.data());
  EXPECT_EQ(output[0], 136);
}

TEST(Conv2D, Int8IgnoresTheFilterZeroPoint) {
  // int8 filters are symmetric; TFLite never reads their zero point. 3 * 4 = 12.
  ConvParams p;
  p.input_h = p.input_w = 1, p.input_c = 1;
  p.output_h = p.output_w = 1, p.output_c = 1;
  p.filter_h = p.filter_w = 1, p.filter_c = 1;
  p.filter_zero_point = 5;
  p.act_min = -128, p.act_max = 127;
  Requant rq(1, kTwo30, 1);
  rq.Attach(&p);
  const int8_t input = 3, filter = 4;
  int8_t output = 0;
  Conv2D(p, &input, &filter, nullptr, &output);
  EXPECT_EQ(output, 12);
}

TEST(Conv2D, PerChannelMultipliersAndDoubleRoundingTies) {
  // 1x1 conv of x = -3 with filters 1 and 2: acc = -3 and -6. Channel 0 uses (2^30, 0) -> -1.5 rounded by
  // the high multiply (ties up) -> -1; channel 1 uses (2^30, -1) -> -1.5 reached through the right shift
  // (ties away) -> -2. Channel 2: acc = 3 * 5 = 15 with (3 * 2^29, 2) = 3.0 -> 45.
  ConvParams p;
  p.input_h = p.input_w = 1, p.input_c = 1;
  p.output_h = p.output_w = 1, p.output_c = 3;
  p.filter_h = p.filter_w = 1, p.filter_c = 1;
  p.act_min = -128, p.act_max = 127;
  const std::vector<int32_t> multiplier = {kTwo30, kTwo30, 3 * (int32_t{1} << 29)};
  const std::vector<int32_t> shift = {0, -1, 2};
  p.multiplier = multiplier.data();
  p.shift = shift.data();
  const int8_t input = -3;
  const std::vector<int8_t> filter = {1, 2, -5};
  std::vector<int8_t> output(3);
  Conv2D(p, &input, filter.data(), nullptr, output.data());
  EXPECT_EQ(output, (std::vector<int8_t>{-1, -2, 45}));
}

TEST(Conv2D, ActivationClampAppliesAfterTheOutputZeroPoint) {
  // accs -5, 3, 15 (x = 1 and filters -5, 3, 15); + z_out 10 -> 5, 13, 25; clamp [10, 20] -> 10, 13, 20.
  // Clamping before adding z_out would give 10 + clamp(...) = 20, 20, 20.
  ConvParams p;
  p.input_h = p.input_w = 1, p.input_c = 1;
  p.output_h = p.output_w = 1, p.output_c = 3;
  p.filter_h = p.filter_w = 1, p.filter_c = 1;
  p.output_zero_point = 10;
  p.act_min = 10, p.act_max = 20;
  Requant rq(3, kTwo30, 1);
  rq.Attach(&p);
  const int8_t input = 1;
  const std::vector<int8_t> filter = {-5, 3, 15};
  std::vector<int8_t> output(3);
  Conv2D(p, &input, filter.data(), nullptr, output.data());
  EXPECT_EQ(output, (std::vector<int8_t>{10, 13, 20}));
}

TEST(Conv2D, StrideAndDilation) {
  // 5x5 input x(y, x) = 5y + x, 2x2 filter (1 2; 3 4), dilation 2, stride 2, VALID: effective kernel 3,
  // out = (5 - 3) / 2 + 1 = 2. Output (oy, ox) reads rows 2oy, 2oy + 2 and columns 2ox, 2ox + 2.
  // (0,0): 1*0 + 2*2 + 3*10 + 4*12 = 82;   (0,1): 2 + 2*4 + 3*12 + 4*14 = 102;
  // (1,0): 10 + 2*12 + 3*20 + 4*22 = 182;  (1,1): 12 + 2*14 + 3*22 + 4*24 = 202.
  // Multiplier 0.5 (exact halves here): 41, 51, 91, 101.
  ConvParams p;
  p.input_h = 5, p.input_w = 5, p.input_c = 1;
  p.output_h = 2, p.output_w = 2, p.output_c = 1;
  p.filter_h = 2, p.filter_w = 2, p.filter_c = 1;
  p.stride_h = p.stride_w = 2;
  p.dilation_h = p.dilation_w = 2;
  p.act_min = -128, p.act_max = 127;
  Requant rq(1, kTwo30, 0);
  rq.Attach(&p);
  std::vector<int8_t> input(25);
  for (int i = 0; i < 25; ++i) input[i] = static_cast<int8_t>(i);
  const std::vector<int8_t> filter = {1, 2, 3, 4};
  std::vector<int8_t> output(4);
  Conv2D(p, input.data(), filter.data(), nullptr, output.data());
  EXPECT_EQ(output, (std::vector<int8_t>{41, 51, 91, 101}));
}

TEST(Conv2D, GroupsReadTheirOwnInputChannels) {
  // 4 input channels (1, 2, 3, 4), filter_c 2 -> 2 groups, 4 outputs, 2 per group.
  // o0 = (1,0).(1,2) = 1; o1 = (0,1).(1,2) = 2; o2 = (1,0).(3,4) = 3; o3 = (1,1).(3,4) = 7.
  ConvParams p;
  p.input_h = p.input_w = 1, p.input_c = 4;
  p.output_h = p.output_w = 1, p.output_c = 4;
  p.filter_h = p.filter_w = 1, p.filter_c = 2;
  p.act_min = -128, p.act_max = 127;
  Requant rq(4, kTwo30, 1);
  rq.Attach(&p);
  const std::vector<int8_t> input = {1, 2, 3, 4};
  const std::vector<int8_t> filter = {1, 0, 0, 1, 1, 0, 1, 1};
  std::vector<int8_t> output(4);
  Conv2D(p, input.data(), filter.data(), nullptr, output.data());
  EXPECT_EQ(output, (std::vector<int8_t>{1, 2, 3, 7}));
}

// Independent naive convolution: copy the input into a zero-point-filled padded buffer, then sum every tap.
template <typename T>
std::vector<T> NaiveConv(const ConvParams& p, const std::vector<T>& input, const std::vector<T>& filter,
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
  const int groups = p.input_c / p.filter_c;
  const int32_t wz = subtract_filter_zero_point ? p.filter_zero_point : 0;
  std::vector<T> output(static_cast<size_t>(p.batch) * p.output_h * p.output_w * p.output_c);
  size_t out_index = 0;
  for (int b = 0; b < p.batch; ++b)
    for (int oy = 0; oy < p.output_h; ++oy)
      for (int ox = 0; ox < p.output_w; ++ox)
        for (int o = 0; o < p.output_c; ++o) {
          const int group = o / (p.output_c / groups);
          int64_t acc = bias.empty() ? 0 : bias[o];
          for (int ky = 0; ky < p.filter_h; ++ky)
            for (int kx = 0; kx < p.filter_w; ++kx)
              for (int i = 0; i < p.filter_c; ++i) {
                const int y = oy * p.stride_h + ky * p.dilation_h, x = ox * p.stride_w + kx * p.dilation_w;
                const int64_t v = padded[((b * padded_h + y) * padded_w + x) * p.input_c + group * p.filter_c + i];
                const int64_t w = filter[((o * p.filter_h + ky) * p.filter_w + kx) * p.filter_c + i];
                acc += (w - wz) * (v - p.input_zero_point);
              }
          const int32_t scaled = testing::IndependentMbqm(static_cast<int32_t>(acc), p.multiplier[o], p.shift[o]);
          output[out_index++] = static_cast<T>(std::min(std::max(scaled + p.output_zero_point, p.act_min), p.act_max));
        }
  return output;
}

// SAME/VALID output size and leading padding (spec section 1.5), restated for the sweep.
void SetSpatial(int in, int k, int stride, int dilation, bool same, int* out, int* pad_before) {
  const int eff = (k - 1) * dilation + 1;
  *out = same ? (in + stride - 1) / stride : (in - eff) / stride + 1;
  const int total = std::max(0, (*out - 1) * stride + eff - in);
  *pad_before = total / 2;
}

template <typename T>
void RandomSweep(uint64_t seed) {
  constexpr bool kUint8 = std::is_same_v<T, uint8_t>;
  constexpr int64_t kMin = kUint8 ? 0 : -128, kMax = kUint8 ? 255 : 127;
  testing::ReplicableRandom random(seed);
  for (int trial = 0; trial < 300; ++trial) {
    ConvParams p;
    p.batch = static_cast<int>(random.Int(1, 2));
    p.input_h = static_cast<int>(random.Int(1, 7));
    p.input_w = static_cast<int>(random.Int(1, 7));
    const int groups = static_cast<int>(random.Int(1, 3));
    p.filter_c = static_cast<int>(random.Int(1, 5));
    p.input_c = groups * p.filter_c;
    p.output_c = groups * static_cast<int>(random.Int(1, 4));
    p.filter_h = static_cast<int>(random.Int(1, 4));
    p.filter_w = static_cast<int>(random.Int(1, 4));
    p.stride_h = static_cast<int>(random.Int(1, 3));
    p.stride_w = static_cast<int>(random.Int(1, 3));
    p.dilation_h = static_cast<int>(random.Int(1, 2));
    p.dilation_w = static_cast<int>(random.Int(1, 2));
    const bool same = random.Int(0, 1) == 1;
    if (!same && (p.input_h < (p.filter_h - 1) * p.dilation_h + 1 || p.input_w < (p.filter_w - 1) * p.dilation_w + 1)) {
      continue;  // VALID needs the kernel to fit
    }
    SetSpatial(p.input_h, p.filter_h, p.stride_h, p.dilation_h, same, &p.output_h, &p.pad_top);
    SetSpatial(p.input_w, p.filter_w, p.stride_w, p.dilation_w, same, &p.output_w, &p.pad_left);
    // Zero points often at the type limits.
    const int64_t zero_choices[] = {kMin, kMax, (kMin + kMax) / 2, random.Int(kMin, kMax)};
    p.input_zero_point = static_cast<int32_t>(zero_choices[random.Int(0, 3)]);
    p.output_zero_point = static_cast<int32_t>(zero_choices[random.Int(0, 3)]);
    p.filter_zero_point = kUint8 ? static_cast<int32_t>(random.Int(0, 255)) : 0;
    p.act_min = static_cast<int32_t>(random.Int(kMin, (kMin + kMax) / 2));
    p.act_max = static_cast<int32_t>(random.Int((kMin + kMax) / 2 + 1, kMax));
    std::vector<int32_t> multiplier(p.output_c), shift(p.output_c);
    const float in_scale = random.Float(0.001f, 0.1f), out_scale = random.Float(0.005f, 0.5f);
    for (int o = 0; o < p.output_c; ++o) {
      const float w_scale = random.Float(0.0005f, 0.05f);
      const QuantizedMultiplier q = QuantizeMultiplier(double{in_scale} * w_scale / out_scale);
      multiplier[o] = q.multiplier;
      shift[o] = q.shift;
      if (kUint8) {  // one multiplier for the whole tensor
        multiplier[o] = multiplier[0];
        shift[o] = shift[0];
      }
    }
    p.multiplier = multiplier.data();
    p.shift = shift.data();
    const auto input = random.Ints<T>(static_cast<size_t>(p.batch) * p.input_h * p.input_w * p.input_c, kMin, kMax);
    const auto filter =
        random.Ints<T>(static_cast<size_t>(p.output_c) * p.filter_h * p.filter_w * p.filter_c, kUint8 ? 0 : -127, kMax);
    std::vector<int32_t> bias;
    if (random.Int(0, 1) == 1) bias = random.Ints<int32_t>(p.output_c, -20000, 20000);
    std::vector<T> output(static_cast<size_t>(p.batch) * p.output_h * p.output_w * p.output_c);
    Conv2D(p, input.data(), filter.data(), bias.empty() ? nullptr : bias.data(), output.data());
    ASSERT_EQ(output, NaiveConv(p, input, filter, bias, kUint8)) << "trial " << trial;
  }
}

TEST(Conv2D, Int8MatchesNaiveConvolution) { RandomSweep<int8_t>(21); }
TEST(Conv2D, Uint8MatchesNaiveConvolution) { RandomSweep<uint8_t>(22); }

}  // namespace
}  // namespace octet::reference
