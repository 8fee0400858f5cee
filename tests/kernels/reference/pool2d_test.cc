// AVERAGE_POOL_2D and MAX_POOL_2D reference kernel tests, hand-derived (derivations inline), plus a sweep
// against a naive pool that builds each window explicitly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "kernels/reference/reference.h"
#include "tests/testing/replicable_random.h"

namespace octet::reference {
namespace {

Pool2DParams SameParams3x3(int h, int w, int channels, int32_t act_min, int32_t act_max) {
  // 3x3 window, stride 1, SAME: pad 1 on every side.
  Pool2DParams p;
  p.input_h = h, p.input_w = w, p.channels = channels;
  p.output_h = h, p.output_w = w;
  p.filter_h = p.filter_w = 3;
  p.pad_top = p.pad_left = 1;
  p.act_min = act_min, p.act_max = act_max;
  return p;
}

TEST(AveragePool2D, DivisorCountsOnlyInBoundsCells) {
  // Input 1 2 3 / 4 5 6 / 7 8 10, 3x3 SAME window:
  // (0,0) (1+2+4+5)/4 = 3          (0,1) 21/6 = 3.5 -> 4       (0,2) (2+3+5+6)/4 = 4
  // (1,0) 27/6 = 4.5 -> 5          (1,1) 46/9 = 5.11 -> 5      (1,2) 34/6 = 5.67 -> 6
  // (2,0) (4+5+7+8)/4 = 6          (2,1) 40/6 = 6.67 -> 7      (2,2) 29/4 = 7.25 -> 7
  // (Dividing by 9 everywhere would give 1, 2, 2, 3, 5, 4, 3, 4, 3.)
  const Pool2DParams p = SameParams3x3(3, 3, 1, -128, 127);
  const std::vector<int8_t> input = {1, 2, 3, 4, 5, 6, 7, 8, 10};
  std::vector<int8_t> output(9);
  AveragePool2D(p, input.data(), output.data());
  EXPECT_EQ(output, (std::vector<int8_t>{3, 4, 4, 5, 5, 6, 6, 7, 7}));
  // uint8, same values: same results.
  const std::vector<uint8_t> input_u8(input.begin(), input.end());
  std::vector<uint8_t> output_u8(9);
  AveragePool2D(p, input_u8.data(), output_u8.data());
  EXPECT_EQ(output_u8, (std::vector<uint8_t>{3, 4, 4, 5, 5, 6, 6, 7, 7}));
}

TEST(AveragePool2D, TiesRoundAwayFromZero) {
  // 1x2 windows over 1x4 input (stride 2, VALID): int8 (-1,-2) -> -1.5 -> -2; (1, 2) -> 2;
  // (-128, -127) -> -127.5 -> -128; (127, 126) -> 126.5 -> 127.
  Pool2DParams p;
  p.input_h = 1, p.input_w = 8, p.channels = 1;
  p.output_h = 1, p.output_w = 4;
  p.filter_h = 1, p.filter_w = 2;
  p.stride_w = 2;
  p.act_min = -128, p.act_max = 127;
  const std::vector<int8_t> input = {-1, -2, 1, 2, -128, -127, 127, 126};
  std::vector<int8_t> output(4);
  AveragePool2D(p, input.data(), output.data());
  EXPECT_EQ(output, (std::vector<int8_t>{-2, 2, -128, 127}));
  // uint8: (1, 2) -> 2; (254, 255) -> 255; (0, 1) -> 1; (0, 0) -> 0.
  p.act_min = 0, p.act_max = 255;
  const std::vector<uint8_t> input_u8 = {1, 2, 254, 255, 0, 1, 0, 0};
  std::vector<uint8_t> output_u8(4);
  AveragePool2D(p, input_u8.data(), output_u8.data());
  EXPECT_EQ(output_u8, (std::vector<uint8_t>{2, 255, 1, 0}));
}

TEST(AveragePool2D, ChannelsAndActivationClamp) {
  // 2x2 input, 2 channels, one 2x2 window: channel 0 (10+20+30+41)/4 = 25.25 -> 25, channel 1
  // (-10-20-30-41)/4 = -25.25 -> -25, then clamped to [-20, 20].
  Pool2DParams p;
  p.input_h = p.input_w = 2, p.channels = 2;
  p.output_h = p.output_w = 1;
  p.filter_h = p.filter_w = 2;
  p.act_min = -20, p.act_max = 20;
  const std::vector<int8_t> input = {10, -10, 20, -20, 30, -30, 41, -41};
  std::vector<int8_t> output(2);
  AveragePool2D(p, input.data(), output.data());
  EXPECT_EQ(output, (std::vector<int8_t>{20, -20}));
  p.act_min = -128, p.act_max = 127;
  AveragePool2D(p, input.data(), output.data());
  EXPECT_EQ(output, (std::vector<int8_t>{25, -25}));
}

TEST(MaxPool2D, PaddingIsIgnoredNotReadAsZero) {
  // All values negative with SAME padding: the max is over in-bounds cells only (reading padding as 0 would
  // give 0). Input -100 -90 / -80 -128.
  const Pool2DParams p = SameParams3x3(2, 2, 1, -128, 127);
  const std::vector<int8_t> input = {-100, -90, -80, -128};
  std::vector<int8_t> output(4);
  MaxPool2D(p, input.data(), output.data());
  EXPECT_EQ(output, std::vector<int8_t>(4, -80));
  const std::vector<int8_t> all_min(4, -128);
  MaxPool2D(p, all_min.data(), output.data());
  EXPECT_EQ(output, std::vector<int8_t>(4, -128));
}

TEST(MaxPool2D, WindowsStridesAndClamp) {
  // 1x5 input, window 1x3 stride 2 SAME: out = 3, total = 2*2 + 3 - 5 = 2, pad_left 1.
  // windows: (-, 3, 9) -> 9; (9, 1, 7) -> 9; (7, 250, -) -> 250 -> clamp 200.
  Pool2DParams p;
  p.input_h = 1, p.input_w = 5, p.channels = 1;
  p.output_h = 1, p.output_w = 3;
  p.filter_h = 1, p.filter_w = 3;
  p.stride_w = 2;
  p.pad_left = 1;
  p.act_min = 5, p.act_max = 200;
  const std::vector<uint8_t> input = {3, 9, 1, 7, 250};
  std::vector<uint8_t> output(3);
  MaxPool2D(p, input.data(), output.data());
  EXPECT_EQ(output, (std::vector<uint8_t>{9, 9, 200}));
  // The lower clamp: all zeros -> 5.
  const std::vector<uint8_t> zeros(5, 0);
  MaxPool2D(p, zeros.data(), output.data());
  EXPECT_EQ(output, std::vector<uint8_t>(3, 5));
}

// Naive pools: gather each window's in-bounds values into a list first, then reduce it.
template <typename T>
void RandomSweep(uint64_t seed) {
  constexpr int64_t kMin = std::is_same_v<T, uint8_t> ? 0 : -128, kMax = std::is_same_v<T, uint8_t> ? 255 : 127;
  testing::ReplicableRandom random(seed);
  for (int trial = 0; trial < 300; ++trial) {
    Pool2DParams p;
    p.batch = static_cast<int>(random.Int(1, 2));
    p.input_h = static_cast<int>(random.Int(1, 9));
    p.input_w = static_cast<int>(random.Int(1, 9));
    p.channels = static_cast<int>(random.Int(1, 5));
    p.filter_h = static_cast<int>(random.Int(1, 4));
    p.filter_w = static_cast<int>(random.Int(1, 4));
    p.stride_h = static_cast<int>(random.Int(1, 3));
    p.stride_w = static_cast<int>(random.Int(1, 3));
    // SAME geometry (so every window has at least one in-bounds cell).
    p.output_h = (p.input_h + p.stride_h - 1) / p.stride_h;
    p.output_w = (p.input_w + p.stride_w - 1) / p.stride_w;
    p.pad_top = std::max(0, (p.output_h - 1) * p.stride_h + p.filter_h - p.input_h) / 2;
    p.pad_left = std::max(0, (p.output_w - 1) * p.stride_w + p.filter_w - p.input_w) / 2;
    p.act_min = static_cast<int32_t>(random.Int(kMin, kMin + 40));
    p.act_max = static_cast<int32_t>(random.Int(kMax - 40, kMax));
    const auto input = random.Ints<T>(static_cast<size_t>(p.batch) * p.input_h * p.input_w * p.channels, kMin, kMax);
    std::vector<T> avg(static_cast<size_t>(p.batch) * p.output_h * p.output_w * p.channels), max(avg.size());
    AveragePool2D(p, input.data(), avg.data());
    MaxPool2D(p, input.data(), max.data());
    size_t o = 0;
    for (int b = 0; b < p.batch; ++b)
      for (int oy = 0; oy < p.output_h; ++oy)
        for (int ox = 0; ox < p.output_w; ++ox)
          for (int c = 0; c < p.channels; ++c, ++o) {
            std::vector<int> window;
            for (int ky = 0; ky < p.filter_h; ++ky)
              for (int kx = 0; kx < p.filter_w; ++kx) {
                const int y = oy * p.stride_h - p.pad_top + ky, x = ox * p.stride_w - p.pad_left + kx;
                if (y >= 0 && y < p.input_h && x >= 0 && x < p.input_w)
                  window.push_back(input[((b * p.input_h + y) * p.input_w + x) * p.channels + c]);
              }
            ASSERT_FALSE(window.empty());
            int sum = 0;
            for (int v : window) sum += v;
            const int n = static_cast<int>(window.size());
            // RHAZ(sum / n) via doubled integers: round(|2 sum| / 2n) ties up in magnitude.
            const int magnitude = (2 * std::abs(sum) + n) / (2 * n);
            const int mean = sum < 0 ? -magnitude : magnitude;
            const int largest = *std::max_element(window.begin(), window.end());
            ASSERT_EQ(avg[o], std::clamp(mean, p.act_min, p.act_max)) << "trial " << trial;
            ASSERT_EQ(max[o], std::clamp(largest, p.act_min, p.act_max)) << "trial " << trial;
          }
  }
}

TEST(Pool2D, Int8MatchesNaiveWindows) { RandomSweep<int8_t>(51); }
TEST(Pool2D, Uint8MatchesNaiveWindows) { RandomSweep<uint8_t>(52); }

}  // namespace
}  // namespace octet::reference
