// SOFTMAX reference kernel tests. Expected rows come from tests/kernels/golden/make_goldens.py (an exact
// integer Python transcription of the spec), and every row here was also confirmed against TFLite's own
// reference kernel (ai-edge-litert 2.3.0, OpResolverType.BUILTIN_REF) by golden/tflite_ops.py.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "kernels/reference/reference.h"

namespace octet::reference {
namespace {

TEST(PrepareSoftmax, MultiplierShiftAndDiffMin) {
  // beta * s_in * 2^26 in double, QuantizeMultiplier, diff_min = -floor(31 * 2^26 / 2^shift).
  SoftmaxParams p;
  PrepareSoftmax(1.0f, 0.1f, &p);  // 0.1f * 2^26 = 6710886.5 -> 0.8 * 2^23
  EXPECT_EQ(p.input_multiplier, 1717986944);
  EXPECT_EQ(p.input_left_shift, 23);
  EXPECT_EQ(p.diff_min, -248);     // 31 * 2^3
  PrepareSoftmax(1.0f, 1.0f, &p);  // 2^26 = 0.5 * 2^27
  EXPECT_EQ(p.input_multiplier, 1 << 30);
  EXPECT_EQ(p.input_left_shift, 27);
  EXPECT_EQ(p.diff_min, -15);  // floor(31 / 2)
  PrepareSoftmax(2.0f, 1.0f / 16, &p);
  EXPECT_EQ(p.input_multiplier, 1 << 30);
  EXPECT_EQ(p.input_left_shift, 24);
  EXPECT_EQ(p.diff_min, -124);
}

TEST(PrepareSoftmax, CapsTheRealMultiplier) {
  // beta * s_in * 2^26 = 6.7e13 is capped at 2^31 - 1 = (2^31 - 1) * 2^(31 - 31): diff_min = -floor(0.97) = 0.
  SoftmaxParams p;
  PrepareSoftmax(1.0e6f, 1.0f, &p);
  EXPECT_EQ(p.input_multiplier, 2147483647);
  EXPECT_EQ(p.input_left_shift, 31);
  EXPECT_EQ(p.diff_min, 0);
}

template <typename T>
std::vector<T> RunRow(float beta, float input_scale, const std::vector<T>& row) {
  SoftmaxParams p;
  PrepareSoftmax(beta, input_scale, &p);
  p.rows = 1;
  p.depth = static_cast<int>(row.size());
  std::vector<T> out(row.size());
  Softmax(p, row.data(), out.data());
  return out;
}

TEST(Softmax, Int8PythonDerivedRows) {
  // Wide range, s_in = 0.1: the max (127) gets 164/256, -60 and -128 fall to exactly the minimum.
  EXPECT_EQ(RunRow<int8_t>(1.0f, 0.1f, {127, 100, 64, 0, -1, -60, -128, 120}),
            (std::vector<int8_t>{36, -117, -128, -128, -128, -128, -128, -47}));
  // beta 0.5, two equal maxima.
  EXPECT_EQ(RunRow<int8_t>(0.5f, 0.05f, {10, 9, 8, 7, -20, 10, 3, -128}),
            (std::vector<int8_t>{-87, -88, -89, -90, -108, -87, -93, -127}));
  // beta 2, s_in 1/16, maximum at the type limit.
  EXPECT_EQ(RunRow<int8_t>(2.0f, 1.0f / 16, {-5, -3, 0, 2, 2, -128, 127, 126}),
            (std::vector<int8_t>{-128, -128, -128, -128, -128, -128, 8, -8}));
}

TEST(Softmax, Uint8PythonDerivedRows) {
  EXPECT_EQ(RunRow<uint8_t>(1.0f, 0.2f, {0, 255, 250, 240, 128, 254, 253, 1}),
            (std::vector<uint8_t>{0, 88, 32, 4, 0, 72, 59, 0}));
  EXPECT_EQ(RunRow<uint8_t>(1.0f, 1.0f / 32, {100, 101, 102, 103, 104, 105, 106, 107}),
            (std::vector<uint8_t>{29, 30, 30, 31, 32, 33, 35, 36}));
  EXPECT_EQ(RunRow<uint8_t>(1.0f, 0.0235f, {200, 180, 160, 140, 120, 100, 80, 60, 40, 20}),
            (std::vector<uint8_t>{97, 61, 38, 24, 15, 9, 6, 4, 2, 1}));
}

TEST(Softmax, EqualValuesShareEvenly) {
  // Four equal values: 1/4 * 256 = 64 -> -128 + 64 = -64 (the input scale does not matter).
  EXPECT_EQ(RunRow<int8_t>(1.0f, 0.1f, {7, 7, 7, 7}), std::vector<int8_t>(4, -64));
  // 511 equal values: 256 / 511 = 0.501 -> 1 -> -127 (the output shift is exactly 31 here).
  EXPECT_EQ(RunRow<int8_t>(1.0f, 0.1f, std::vector<int8_t>(511, 3)), std::vector<int8_t>(511, -127));
}

TEST(Softmax, OutputShiftAbove31) {
  // 512 or more equal maxima make the output shift exceed 31, where TFLite's reference aborts (checked with
  // ai-edge-litert 2.3.0). octet returns the rounded quotient: 256 / 512 * (1 - 2^-31) -> 0 -> type minimum;
  // 1001 classes: 256 / 1001 -> 0.
  EXPECT_EQ(RunRow<int8_t>(1.0f, 0.1f, std::vector<int8_t>(512, 3)), std::vector<int8_t>(512, -128));
  EXPECT_EQ(RunRow<uint8_t>(1.0f, 0.1f, std::vector<uint8_t>(1001, 200)), std::vector<uint8_t>(1001, 0));
}

TEST(Softmax, DiffMinExcludesFarValues) {
  // s_in = 1, beta = 1: diff_min = -15. -128 - 127 = -255 is excluded (exactly the minimum, and it adds
  // nothing to the sum); 112 and 113 are 15 and 14 below the max: exp(-15), exp(-14) are far below 1/512.
  EXPECT_EQ(RunRow<int8_t>(1.0f, 1.0f, {127, -128, 112, 113}), (std::vector<int8_t>{127, -128, -128, -128}));
  // -32 is below diff_min and must be left out of the sum too: -32 * 2^27 wraps to 0 in int32, so counting it
  // would add exp(0) = 1 as if it were a second maximum. Expected (127, -128) and, with two more values,
  // (59, -128, -128, -59) (Python-derived and confirmed with TFLite BUILTIN_REF).
  EXPECT_EQ(RunRow<int8_t>(1.0f, 1.0f, {127, 95}), (std::vector<int8_t>{127, -128}));
  EXPECT_EQ(RunRow<int8_t>(1.0f, 1.0f, {127, 95, 120, 126}), (std::vector<int8_t>{59, -128, -128, -59}));
  // Capped multiplier (diff_min 0): only the maxima count, 3 of them: 256 / 3 = 85.3 -> 85 -> -43.
  EXPECT_EQ(RunRow<int8_t>(1.0e6f, 1.0f, {5, 4, 5, 5}), (std::vector<int8_t>{-43, -128, -43, -43}));
}

TEST(Softmax, RowsAreIndependentAndCloseToFloatSoftmax) {
  // Two rows in one call equal the rows run separately, and every output is within 1 of the float softmax
  // (a sanity bound, not the bit-exactness check).
  const std::vector<int8_t> row0 = {127, 100, 64, 0, -1, -60, -128, 120};
  const std::vector<int8_t> row1 = {-5, -3, 0, 2, 2, -128, 127, 126};
  SoftmaxParams p;
  PrepareSoftmax(1.0f, 0.1f, &p);
  p.rows = 2;
  p.depth = 8;
  std::vector<int8_t> both(row0);
  both.insert(both.end(), row1.begin(), row1.end());
  std::vector<int8_t> out(16);
  Softmax(p, both.data(), out.data());
  EXPECT_EQ(std::vector<int8_t>(out.begin(), out.begin() + 8), RunRow<int8_t>(1.0f, 0.1f, row0));
  EXPECT_EQ(std::vector<int8_t>(out.begin() + 8, out.end()), RunRow<int8_t>(1.0f, 0.1f, row1));
  for (int r = 0; r < 2; ++r) {
    double total = 0;
    for (int c = 0; c < 8; ++c) total += std::exp(0.1 * both[r * 8 + c]);
    for (int c = 0; c < 8; ++c) {
      const double expected = std::exp(0.1 * both[r * 8 + c]) / total * 256.0 - 128.0;
      EXPECT_NEAR(out[r * 8 + c], std::min(expected, 127.0), 1.0) << "row " << r << " column " << c;
    }
  }
}

}  // namespace
}  // namespace octet::reference
