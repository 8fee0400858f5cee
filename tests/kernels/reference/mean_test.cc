// MEAN reference kernel tests. Hand-derived cases carry their derivation; the sweep restates the folded-1/N
// recipe (spec section 3, MEAN) with int64 sums and the independently coded MBQM of independent.h.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include "kernels/common/quantize_multiplier.h"
#include "kernels/reference/reference.h"
#include "tests/kernels/reference/independent.h"
#include "tests/testing/replicable_random.h"

namespace octet::reference {
namespace {

constexpr int32_t kTwo30 = int32_t{1} << 30;

MeanParams Params(std::vector<int> shape, std::vector<int> axes, int32_t z_in, int32_t z_out, int32_t multiplier,
                  int shift) {
  MeanParams p;
  p.rank = static_cast<int>(shape.size());
  for (int d = 0; d < p.rank; ++d) p.input_shape[d] = shape[d];
  for (int a : axes) p.reduce[a] = true;
  p.input_zero_point = z_in, p.output_zero_point = z_out;
  p.multiplier = multiplier, p.shift = shift;
  return p;
}

TEST(Mean, GlobalPoolingDoubleRounding) {
  // s_in = s_out: (M, e) = (2^30, 1). N = 4: k = 2, M' = 2^30 * 4 / 4 = 2^30, e' = -1, so
  // v = RDBPOT(SRDHM(S, 2^30), 1): first S/2 rounded ties up, then /2 rounded ties away.
  // Input [1, 2, 2, 8], reduced over H, W; channel c holds the 4 values listed (one per cell):
  //   c0 [1,0,0,0]    S=1:   0.5 -> 1, 0.5 -> 1      (a float mean 0.25 would give 0)
  //   c1 [-1,0,0,0]   S=-1: -0.5 -> 0, 0
  //   c2 [4,3,2,1]    S=10:  5, 2.5 -> 3
  //   c3 [-4,-3,-2,-1] S=-10: -5, -2.5 -> -3
  //   c4 [-3,-3,0,0]  S=-6: -3, -1.5 -> -2
  //   c5 [-5,0,0,0]   S=-5: -2.5 -> -2, -1
  //   c6 [-7,0,0,0]   S=-7: -3.5 -> -3, -1.5 -> -2
  //   c7 [3,0,0,0]    S=3:   1.5 -> 2, 1
  const std::vector<std::vector<int8_t>> cells = {{1, 0, 0, 0},   {-1, 0, 0, 0}, {4, 3, 2, 1},  {-4, -3, -2, -1},
                                                  {-3, -3, 0, 0}, {-5, 0, 0, 0}, {-7, 0, 0, 0}, {3, 0, 0, 0}};
  std::vector<int8_t> input(32);
  for (int cell = 0; cell < 4; ++cell)
    for (int c = 0; c < 8; ++c) input[cell * 8 + c] = cells[c][cell];
  const MeanParams p = Params({1, 2, 2, 8}, {1, 2}, 0, 0, kTwo30, 1);
  std::vector<int8_t> output(8);
  Mean(p, input.data(), output.data());
  EXPECT_EQ(output, (std::vector<int8_t>{1, 0, 3, -3, -2, -1, -2, 1}));
}

TEST(Mean, ZeroPointsAtTheTypeLimits) {
  // int8, z_in = z_out = -128: values (-128, -127, -126, -123) are reals (0, 1, 2, 5): S - z N = -504 + 512 = 8,
  // mean 2 -> -126.
  const std::vector<int8_t> input = {-128, -127, -126, -123};
  int8_t out = 0;
  Mean(Params({4}, {0}, -128, -128, kTwo30, 1), input.data(), &out);
  EXPECT_EQ(out, -126);
  // uint8, z_in = 255, z_out = 10: values (255, 255, 251, 250) are (0, 0, -4, -5): -9 / 4 = -2.25:
  // SRDHM(-9, 2^30) = -4, RDBPOT(-4, 1) = -2 -> 8.
  const std::vector<uint8_t> input_u8 = {255, 255, 251, 250};
  uint8_t out_u8 = 0;
  Mean(Params({4}, {0}, 255, 10, kTwo30, 1), input_u8.data(), &out_u8);
  EXPECT_EQ(out_u8, 8);
  // Clamped to the type range: z_in = 0, z_out = 255, values 1..4 -> 3 + 255 -> 255; z_out = 0 and negative
  // mean -> 0.
  const std::vector<uint8_t> one_to_four = {1, 2, 3, 4};
  Mean(Params({4}, {0}, 0, 255, kTwo30, 1), one_to_four.data(), &out_u8);
  EXPECT_EQ(out_u8, 255);
  Mean(Params({4}, {0}, 200, 0, kTwo30, 1), one_to_four.data(), &out_u8);
  EXPECT_EQ(out_u8, 0);
}

TEST(Mean, MiddleAxisWithNonPowerOfTwoCount) {
  // Shape [2, 3, 2] reduced over axis 1 (N = 3): k = 1, M' = trunc(2^30 * 2 / 3) = 715827882, e' = 0.
  // x[i][j][k] = 10 i + k + 5 (j - 1), so S = 3 (10 i + k) and SRDHM(S, M') = round((10 i + k)(1 - 2^-30))
  // = 10 i + k. Output (kept axes in order [i][k]) = (0, 1, 10, 11).
  std::vector<int8_t> input;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 2; ++k) input.push_back(static_cast<int8_t>(10 * i + k + 5 * (j - 1)));
  std::vector<int8_t> output(4);
  Mean(Params({2, 3, 2}, {1}, 0, 0, kTwo30, 1), input.data(), output.data());
  EXPECT_EQ(output, (std::vector<int8_t>{0, 1, 10, 11}));
}

TEST(Mean, OuterAndInnerAxesTogether) {
  // Shape [2, 3, 2] reduced over axes 0 and 2 (N = 4): x[i][j][k] = 20 j + offset(i, k) with offsets
  // (-3, 3, -1, 1) summing to 0 -> means (0, 20, 40) exactly.
  const int offset[2][2] = {{-3, 3}, {-1, 1}};
  std::vector<int8_t> input;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 2; ++k) input.push_back(static_cast<int8_t>(20 * j + offset[i][k]));
  std::vector<int8_t> output(3);
  Mean(Params({2, 3, 2}, {0, 2}, 0, 0, kTwo30, 1), input.data(), output.data());
  EXPECT_EQ(output, (std::vector<int8_t>{0, 20, 40}));
}

TEST(Mean, ScaleRatioAboveOne) {
  // s_in / s_out = 3 -> (3 * 2^29, 2). N = 2: k = 1, M' = 3 * 2^29 * 2 / 2 = 3 * 2^29, e' = 1: a left shift.
  // Values (5, 8): S = 13, mean 6.5 * 3 = 19.5: SRDHM(26, 3 * 2^29) = 19.5 -> 20 (ties up, no right shift).
  const std::vector<int8_t> input = {5, 8};
  int8_t out = 0;
  Mean(Params({2}, {0}, 0, 0, 3 * (int32_t{1} << 29), 2), input.data(), &out);
  EXPECT_EQ(out, 20);
  // (-5, -8): -19.5 -> -19.
  const std::vector<int8_t> negative = {-5, -8};
  Mean(Params({2}, {0}, 0, 0, 3 * (int32_t{1} << 29), 2), negative.data(), &out);
  EXPECT_EQ(out, -19);
}

TEST(Mean, FoldingIsCappedForTinyRatios) {
  // s_in / s_out = 2^-28 -> (2^30, -27). N = 64 gives k = 6, capped at 31 + e = 4: M' = 2^30 * 16 / 64 = 2^28,
  // e' = -31 (without the cap e' = -33 would be an invalid shift). The mean is at most 127 * 2^-28 -> 0.
  const std::vector<int8_t> input(64, 127);
  int8_t out = 0;
  Mean(Params({64}, {0}, 0, 7, kTwo30, -27), input.data(), &out);
  EXPECT_EQ(out, 7);
}

template <typename T>
void RandomSweep(uint64_t seed) {
  constexpr int64_t kMin = std::numeric_limits<T>::min(), kMax = std::numeric_limits<T>::max();
  testing::ReplicableRandom random(seed);
  for (int trial = 0; trial < 300; ++trial) {
    const int rank = static_cast<int>(random.Int(1, 4));
    std::vector<int> shape(rank);
    for (int& d : shape) d = static_cast<int>(random.Int(1, 6));
    std::vector<int> axes;
    for (int d = 0; d < rank; ++d)
      if (random.Int(0, 1) == 1) axes.push_back(d);
    if (axes.empty()) axes.push_back(static_cast<int>(random.Int(0, rank - 1)));
    const QuantizedMultiplier q = QuantizeMultiplier(double{random.Float(0.05f, 4.0f)});
    const MeanParams p = Params(shape, axes, static_cast<int32_t>(random.Int(kMin, kMax)),
                                static_cast<int32_t>(random.Int(kMin, kMax)), q.multiplier, q.shift);
    size_t total = 1;
    for (int d : shape) total *= static_cast<size_t>(d);
    const auto input = random.Ints<T>(total, kMin, kMax);
    // Independent: strides, then for every input element its output position (kept coordinates).
    std::vector<int64_t> sums;
    std::vector<int> kept_dims;
    for (int d = 0; d < rank; ++d)
      if (!p.reduce[d]) kept_dims.push_back(shape[d]);
    size_t outputs = 1;
    for (int d : kept_dims) outputs *= static_cast<size_t>(d);
    sums.assign(outputs, 0);
    int64_t n = 1;
    for (int d = 0; d < rank; ++d)
      if (p.reduce[d]) n *= shape[d];
    for (size_t flat = 0; flat < total; ++flat) {
      size_t rest = flat, out_index = 0, out_stride = 1;
      for (int d = rank - 1; d >= 0; --d) {
        const size_t coordinate = rest % static_cast<size_t>(shape[d]);
        rest /= static_cast<size_t>(shape[d]);
        if (!p.reduce[d]) {
          out_index += coordinate * out_stride;
          out_stride *= static_cast<size_t>(shape[d]);
        }
      }
      sums[out_index] += input[flat];
    }
    int k = 0;
    while ((int64_t{1} << (k + 1)) <= n) ++k;
    k = std::min(k, std::min(32, 31 + q.shift));
    const int32_t folded = static_cast<int32_t>(int64_t{q.multiplier} * (int64_t{1} << k) / n);
    std::vector<T> output(outputs);
    Mean(p, input.data(), output.data());
    for (size_t o = 0; o < outputs; ++o) {
      const int32_t v = testing::IndependentMbqm(static_cast<int32_t>(sums[o] - int64_t{p.input_zero_point} * n),
                                                 folded, q.shift - k) +
                        p.output_zero_point;
      ASSERT_EQ(output[o], std::clamp<int32_t>(v, kMin, kMax)) << "trial " << trial << " output " << o;
    }
  }
}

TEST(Mean, Int8MatchesIndependentFold) { RandomSweep<int8_t>(61); }
TEST(Mean, Uint8MatchesIndependentFold) { RandomSweep<uint8_t>(62); }

}  // namespace
}  // namespace octet::reference
