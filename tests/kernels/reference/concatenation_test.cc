// CONCATENATION reference kernel tests. The uint8 rescale expectations were computed with numpy.float32,
// step by step as the spec writes it: k = fp32(s_i * fp32(1 / s_out)), c = fp32(-z_i * k),
// out = clamp(RHAZ(fp32(q * k) + c) + z_out).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/reference/reference.h"

namespace octet::reference {
namespace {

TEST(Concatenation, Int8InterleavesInnerBlocksPerOuterStep) {
  // Two [2, x] tensors concatenated on axis 1: a = [[1, 2], [3, 4]], b = [[5, 6, 7], [8, 9, 10]].
  const std::vector<int8_t> a = {1, 2, 3, 4}, b = {5, 6, 7, 8, 9, 10};
  const int8_t* inputs[] = {a.data(), b.data()};
  const int64_t inner[] = {2, 3};
  ConcatParams p;
  p.num_inputs = 2;
  p.outer = 2;
  p.inner_sizes = inner;
  std::vector<int8_t> out(10);
  Concatenation(p, inputs, out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{1, 2, 5, 6, 7, 3, 4, 8, 9, 10}));
}

TEST(Concatenation, Uint8RescalesInFloatAndCopiesMatchingInputs) {
  // Input 0 (s 0.5, z 10) -> output (s 1, z 0): k = 0.5, c = -5: q = 9 -> -0.5 -> -1 -> 0 (clamp);
  // 11 -> 0.5 -> 1 (ties away); 13 -> 1.5 -> 2; 100 -> 45; 255 -> 122.5 -> 123.
  // Input 1 has the output's parameters: copied unchanged (including 0 and 255).
  const std::vector<uint8_t> a = {9, 11, 13, 100, 255};
  const std::vector<uint8_t> b = {0, 7, 255};
  const uint8_t* inputs[] = {a.data(), b.data()};
  const int64_t inner[] = {5, 3};
  const float scales[] = {0.5f, 1.0f};
  const int32_t zero_points[] = {10, 0};
  ConcatParams p;
  p.num_inputs = 2;
  p.inner_sizes = inner;
  p.input_scales = scales;
  p.input_zero_points = zero_points;
  p.output_scale = 1.0f;
  p.output_zero_point = 0;
  p.act_min = 0, p.act_max = 255;
  std::vector<uint8_t> out(8);
  Concatenation(p, inputs, out.data());
  EXPECT_EQ(out, (std::vector<uint8_t>{0, 1, 2, 45, 123, 0, 7, 255}));
}

TEST(Concatenation, Uint8FloatRescaleIsNotMbqm) {
  // (s 0.1, z 128) -> (s 0.3, z 100): k = 0.33333334f, c = -42.666668f. q = 1: 0.33333334 - 42.666668 =
  // -42.333334 -> -42 -> 58. MBQM with real 1/3 would give 57 (double rounding: -84.67 -> -85 -> -42.5 -> -43).
  // Other values: 0 -> 57, 4 -> 59, 7 -> 60, 10 -> 61, 100 -> 91, 200 -> 124, 255 -> 142.
  const std::vector<uint8_t> a = {1, 0, 4, 7, 10, 100, 200, 255};
  const uint8_t* inputs[] = {a.data()};
  const int64_t inner[] = {8};
  const float scales[] = {0.1f};
  const int32_t zero_points[] = {128};
  ConcatParams p;
  p.num_inputs = 1;
  p.inner_sizes = inner;
  p.input_scales = scales;
  p.input_zero_points = zero_points;
  p.output_scale = 0.3f;
  p.output_zero_point = 100;
  p.act_min = 0, p.act_max = 255;
  std::vector<uint8_t> out(8);
  Concatenation(p, inputs, out.data());
  EXPECT_EQ(out, (std::vector<uint8_t>{58, 57, 59, 60, 61, 91, 124, 142}));
}

TEST(Concatenation, Uint8RoundsTheFloat32ValueNotTheExactOne) {
  // (s 0.25, z 208) -> (s 0.1, z 132): k = 0.25f * fp32(1 / 0.1f) = 2.5 exactly, c = -520. q = 157:
  // 392.5 - 520 = -127.5 -> -128 -> 4, whereas exactly 0.25 * -51 / 0.1f = -127.49999998 -> -127 -> 5.
  const std::vector<uint8_t> a = {157, 208, 0, 255};
  const uint8_t* inputs[] = {a.data()};
  const int64_t inner[] = {4};
  const float scales[] = {0.25f};
  const int32_t zero_points[] = {208};
  ConcatParams p;
  p.num_inputs = 1;
  p.inner_sizes = inner;
  p.input_scales = scales;
  p.input_zero_points = zero_points;
  p.output_scale = 0.1f;
  p.output_zero_point = 132;
  p.act_min = 0, p.act_max = 255;
  std::vector<uint8_t> out(4);
  Concatenation(p, inputs, out.data());
  // 208 -> 0 + 132; 0 -> -520 -> clamp 0; 255 -> 637.5 - 520 = 117.5 -> 118 + 132 = 250.
  EXPECT_EQ(out, (std::vector<uint8_t>{4, 132, 0, 250}));
}

TEST(Concatenation, Uint8ZeroPointOnlyDifference) {
  // Same scale, zero points 0 -> 255: k = 1, c = 0, out = q + 255 clamped: everything but 0 saturates; the
  // input is not copied because its zero point differs.
  const std::vector<uint8_t> a = {0, 1, 200};
  const uint8_t* inputs[] = {a.data()};
  const int64_t inner[] = {3};
  const float scales[] = {0.25f};
  const int32_t zero_points[] = {0};
  ConcatParams p;
  p.num_inputs = 1;
  p.inner_sizes = inner;
  p.input_scales = scales;
  p.input_zero_points = zero_points;
  p.output_scale = 0.25f;
  p.output_zero_point = 255;
  p.act_min = 0, p.act_max = 255;
  std::vector<uint8_t> out(3);
  Concatenation(p, inputs, out.data());
  EXPECT_EQ(out, (std::vector<uint8_t>{255, 255, 255}));
}

}  // namespace
}  // namespace octet::reference
