// PreparedSoftmax (the table-driven kernel) against reference::Softmax, byte for byte: int8 and
// uint8, depths 1..1100 (past 512 values at the maximum, where the output shift exceeds 31), scales
// and betas whose diff_min lies inside and outside [-255, 0], rows of random values, of many equal
// maxima and of the type limits, and rows split into tiles in any way.
#include "kernels/softmax/softmax.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "kernels/reference/reference.h"
#include "tests/testing/replicable_random.h"

namespace octet {
namespace {

using testing::ReplicableRandom;

enum class Fill { kRandom, kNarrow, kManyMax, kLimits };

template <typename T>
std::vector<T> MakeRows(ReplicableRandom& rng, size_t count, Fill fill) {
  constexpr int kMin = std::numeric_limits<T>::min(), kMax = std::numeric_limits<T>::max();
  switch (fill) {
    case Fill::kRandom:
      return rng.Ints<T>(count, kMin, kMax);
    case Fill::kNarrow:  // close values: most differences small, every table entry near 0 used
      return rng.Ints<T>(count, kMax - 6, kMax);
    case Fill::kManyMax: {  // mostly the maximum: the sum of exps passes 2^9
      std::vector<T> v = rng.Ints<T>(count, kMin, kMax);
      for (size_t i = 0; i < count; ++i) {
        if (i % 8 != 3) v[i] = static_cast<T>(kMax);
      }
      return v;
    }
    case Fill::kLimits: {
      std::vector<T> v(count);
      for (size_t i = 0; i < count; ++i) v[i] = static_cast<T>(i % 3 == 0 ? kMax : kMin);
      return v;
    }
  }
  return {};
}

template <typename T>
void CheckAgainstReference(float beta, float input_scale, int rows, int depth, Fill fill, uint64_t seed) {
  reference::SoftmaxParams p;
  p.rows = rows;
  p.depth = depth;
  reference::PrepareSoftmax(beta, input_scale, &p);
  ReplicableRandom rng(seed);
  const std::vector<T> input = MakeRows<T>(rng, static_cast<size_t>(rows) * static_cast<size_t>(depth), fill);
  std::vector<T> expected(input.size()), actual(input.size(), T{7}), tiled(input.size(), T{7});
  reference::Softmax(p, input.data(), expected.data());
  const std::unique_ptr<PreparedSoftmax> kernel = PreparedSoftmax::Create(p, std::is_same_v<T, uint8_t>);
  ASSERT_NE(kernel, nullptr);
  kernel->Run(input.data(), actual.data(), nullptr);
  ASSERT_EQ(kernel->tile_count(), static_cast<size_t>(rows));
  for (size_t begin = 0; begin < kernel->tile_count();) {  // uneven tile splits
    const size_t end = std::min(kernel->tile_count(), begin + 1 + begin % 3);
    kernel->RunTiles(begin, end, input.data(), tiled.data(), nullptr);
    begin = end;
  }
  for (size_t i = 0; i < input.size(); ++i) {
    ASSERT_EQ(static_cast<int>(actual[i]), static_cast<int>(expected[i]))
        << "beta " << beta << ", scale " << input_scale << ", depth " << depth << ", element " << i << ", input "
        << static_cast<int>(input[i]);
    ASSERT_EQ(static_cast<int>(tiled[i]), static_cast<int>(expected[i])) << "tiled, element " << i;
  }
}

// (beta, input scale): diff_min from about -8 (large beta * scale) to far below -255 (tiny).
const std::pair<float, float> kScales[] = {{1.0f, 0.5f},   {1.0f, 0.1f},  {1.0f, 0.0625f},     {1.0f, 1.0f / 16},
                                           {1.0f, 0.02f},  {2.0f, 0.05f}, {1.0f, 0.00390625f}, {0.5f, 0.00390625f},
                                           {1.0f, 0.001f}, {3.0f, 4.0f}};
const int kDepths[] = {1, 2, 7, 16, 255, 256, 257, 1001, 1100};
const Fill kFills[] = {Fill::kRandom, Fill::kNarrow, Fill::kManyMax, Fill::kLimits};

TEST(PreparedSoftmax, Int8MatchesReference) {
  uint64_t seed = 1;
  for (const auto& [beta, scale] : kScales) {
    for (int depth : kDepths) {
      for (Fill fill : kFills) CheckAgainstReference<int8_t>(beta, scale, 3, depth, fill, seed++);
    }
  }
}

TEST(PreparedSoftmax, Uint8MatchesReference) {
  uint64_t seed = 1000;
  for (const auto& [beta, scale] : kScales) {
    for (int depth : kDepths) {
      for (Fill fill : kFills) CheckAgainstReference<uint8_t>(beta, scale, 3, depth, fill, seed++);
    }
  }
}

TEST(PreparedSoftmax, ManyRows) {
  CheckAgainstReference<int8_t>(1.0f, 0.1f, 37, 10, Fill::kRandom, 7);
  CheckAgainstReference<uint8_t>(1.0f, 0.05f, 37, 10, Fill::kRandom, 8);
}

TEST(PreparedSoftmax, DiffMinCoversTheTableOrNot) {
  // The table holds max - q up to min(255, -diff_min): both sides of that bound are exercised above;
  // check here that the bound really differs between the scales used.
  reference::SoftmaxParams wide, narrow;
  reference::PrepareSoftmax(1.0f, 0.00390625f, &wide);
  reference::PrepareSoftmax(3.0f, 4.0f, &narrow);
  EXPECT_LT(wide.diff_min, -255);
  EXPECT_GT(narrow.diff_min, -255);
}

}  // namespace
}  // namespace octet
