// FULLY_CONNECTED reference kernel tests: hand-derived cases, then a sweep against an int64 dot product and
// the independently coded MBQM of independent.h.
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

TEST(FullyConnected, HandDerivedInt8) {
  // 2 rows, depth 3, 2 outputs, z_in = 1, z_out = -1, multiplier 0.5 (2^30, 0), bias (10, -10).
  // Row 0 x - z = (0, 2, -4): o0 = 1*0 + 2*2 + 3*-4 = -8 (+10 = 2 -> 1); o1 = -1*0 + 0 + 5*-4 = -20 (-10 = -30
  // -> -15). Row 1 x - z = (3, -3, 1): o0 = 3 - 6 + 3 = 0 (+10 -> 5); o1 = -3 + 0 + 5 = 2 (-10 = -8 -> -4).
  // Plus z_out -1: (0, -16, 4, -5).
  FullyConnectedParams p;
  p.rows = 2, p.depth = 3, p.output_c = 2;
  p.input_zero_point = 1, p.output_zero_point = -1;
  p.act_min = -128, p.act_max = 127;
  const std::vector<int32_t> multiplier(2, kTwo30), shift(2, 0);
  p.multiplier = multiplier.data();
  p.shift = shift.data();
  const std::vector<int8_t> input = {1, 3, -3, 4, -2, 2};
  const std::vector<int8_t> filter = {1, 2, 3, -1, 0, 5};
  const std::vector<int32_t> bias = {10, -10};
  std::vector<int8_t> output(4);
  FullyConnected(p, input.data(), filter.data(), bias.data(), output.data());
  EXPECT_EQ(output, (std::vector<int8_t>{0, -16, 4, -5}));
}

TEST(FullyConnected, PerChannelTiesAndSaturation) {
  // x = -3, filters (1, 2, 100): accs -3, -6, -300. (2^30, 0) on -3 -> -1.5 -> -1 (ties up in the high
  // multiply); (2^30, -1) on -6 -> -2 (ties away in the shift); 1.0 on -300 saturates to -128.
  FullyConnectedParams p;
  p.rows = 1, p.depth = 1, p.output_c = 3;
  p.act_min = -128, p.act_max = 127;
  const std::vector<int32_t> multiplier(3, kTwo30), shift = {0, -1, 1};
  p.multiplier = multiplier.data();
  p.shift = shift.data();
  const int8_t input = -3;
  const std::vector<int8_t> filter = {1, 2, 100};
  std::vector<int8_t> output(3);
  FullyConnected(p, &input, filter.data(), nullptr, output.data());
  EXPECT_EQ(output, (std::vector<int8_t>{-1, -2, -128}));
}

TEST(FullyConnected, Uint8WithZeroPointsAtTheLimits) {
  // z_in = 0, z_w = 255, z_out = 255, ReLU-like clamp [255, 255] would be trivial, so full range.
  // x = (255, 1), w = (254, 255) -> (w - 255) = (-1, 0): acc = -255; times 0.25 (2^30, -1) = -63.75 -> -64;
  // + 255 = 191.
  FullyConnectedParams p;
  p.rows = 1, p.depth = 2, p.output_c = 1;
  p.filter_zero_point = 255, p.output_zero_point = 255;
  p.act_min = 0, p.act_max = 255;
  const int32_t multiplier = kTwo30, shift = -1;
  p.multiplier = &multiplier;
  p.shift = &shift;
  const std::vector<uint8_t> input = {255, 1};
  const std::vector<uint8_t> filter = {254, 255};
  uint8_t output = 0;
  FullyConnected(p, input.data(), filter.data(), nullptr, &output);
  EXPECT_EQ(output, 191);
}

template <typename T>
void RandomSweep(uint64_t seed) {
  constexpr bool kUint8 = std::is_same_v<T, uint8_t>;
  constexpr int64_t kMin = kUint8 ? 0 : -128, kMax = kUint8 ? 255 : 127;
  testing::ReplicableRandom random(seed);
  for (int trial = 0; trial < 300; ++trial) {
    FullyConnectedParams p;
    p.rows = static_cast<int>(random.Int(1, 4));
    p.depth = static_cast<int>(random.Int(1, 70));
    p.output_c = static_cast<int>(random.Int(1, 9));
    p.input_zero_point = static_cast<int32_t>(random.Int(kMin, kMax));
    p.output_zero_point = static_cast<int32_t>(random.Int(kMin, kMax));
    p.filter_zero_point = kUint8 ? static_cast<int32_t>(random.Int(0, 255)) : 0;
    p.act_min = static_cast<int32_t>(random.Int(kMin, (kMin + kMax) / 2));
    p.act_max = static_cast<int32_t>(random.Int((kMin + kMax) / 2 + 1, kMax));
    std::vector<int32_t> multiplier(p.output_c), shift(p.output_c);
    for (int o = 0; o < p.output_c; ++o) {
      const QuantizedMultiplier q = QuantizeMultiplier(static_cast<double>(random.Float(1e-5f, 0.02f)));
      multiplier[o] = q.multiplier;
      shift[o] = q.shift;
    }
    p.multiplier = multiplier.data();
    p.shift = shift.data();
    const auto input = random.Ints<T>(static_cast<size_t>(p.rows) * p.depth, kMin, kMax);
    const auto filter = random.Ints<T>(static_cast<size_t>(p.output_c) * p.depth, kUint8 ? 0 : -127, kMax);
    const auto bias = random.Ints<int32_t>(p.output_c, -30000, 30000);
    std::vector<T> output(static_cast<size_t>(p.rows) * p.output_c);
    FullyConnected(p, input.data(), filter.data(), bias.data(), output.data());
    for (int r = 0; r < p.rows; ++r) {
      for (int o = 0; o < p.output_c; ++o) {
        int64_t acc = bias[o];
        for (int d = 0; d < p.depth; ++d) {
          acc += (int64_t{filter[o * p.depth + d]} - p.filter_zero_point) *
                 (int64_t{input[r * p.depth + d]} - p.input_zero_point);
        }
        const int32_t v =
            testing::IndependentMbqm(static_cast<int32_t>(acc), multiplier[o], shift[o]) + p.output_zero_point;
        ASSERT_EQ(output[r * p.output_c + o], std::min(std::max(v, p.act_min), p.act_max))
            << "trial " << trial << " row " << r << " output " << o;
      }
    }
  }
}

TEST(FullyConnected, Int8MatchesInt64DotProduct) { RandomSweep<int8_t>(41); }
TEST(FullyConnected, Uint8MatchesInt64DotProduct) { RandomSweep<uint8_t>(42); }

}  // namespace
}  // namespace octet::reference
