// ADD reference kernel tests. The non-trivial expected values come from tests/kernels/golden/make_goldens.py
// ("== add" section): an exact Python transcription of the spec (Fractions for every rounding), run on the
// float32 scales below. Equal-scale cases are derived by hand.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/reference/reference.h"

namespace octet::reference {
namespace {

constexpr int32_t kTwo30 = int32_t{1} << 30;

TEST(PrepareAdd, EqualScales) {
  // t = 2s: s/t = 0.5 -> (2^30, 0); t / (2^20 s) = 2^-19 = 0.5 * 2^-18 -> (2^30, -18).
  AddParams p;
  PrepareAdd(0.05f, 0.05f, 0.05f, &p);
  EXPECT_EQ(p.left_shift, 20);
  EXPECT_EQ(p.input1_multiplier, kTwo30);
  EXPECT_EQ(p.input1_shift, 0);
  EXPECT_EQ(p.input2_multiplier, kTwo30);
  EXPECT_EQ(p.input2_shift, 0);
  EXPECT_EQ(p.output_multiplier, kTwo30);
  EXPECT_EQ(p.output_shift, -18);
}

TEST(PrepareAdd, PythonDerivedMultipliers) {
  AddParams p;
  PrepareAdd(0.0235f, 0.0171f, 0.0390f, &p);
  EXPECT_EQ(p.input1_multiplier, 1073741824);
  EXPECT_EQ(p.input1_shift, 0);
  EXPECT_EQ(p.input2_multiplier, 1562637160);
  EXPECT_EQ(p.input2_shift, -1);
  EXPECT_EQ(p.output_multiplier, 1293996486);
  EXPECT_EQ(p.output_shift, -19);
  PrepareAdd(0.1f, 0.3f, 0.25f, &p);
  EXPECT_EQ(p.input1_multiplier, 1431655730);
  EXPECT_EQ(p.input1_shift, -2);
  EXPECT_EQ(p.input2_multiplier, 1073741824);
  EXPECT_EQ(p.input2_shift, 0);
  EXPECT_EQ(p.output_multiplier, 1288490240);
  EXPECT_EQ(p.output_shift, -18);
}

struct Row {
  int q1, q2, expected;
};

template <typename T>
void CheckRows(float s1, float s2, float so, int32_t z1, int32_t z2, int32_t zo, int32_t qmin, int32_t qmax,
               const std::vector<Row>& rows) {
  AddParams p;
  PrepareAdd(s1, s2, so, &p);
  p.rank = 1;
  p.output_shape[0] = p.input1_shape[0] = p.input2_shape[0] = static_cast<int>(rows.size());
  p.input1_zero_point = z1, p.input2_zero_point = z2, p.output_zero_point = zo;
  p.act_min = qmin, p.act_max = qmax;
  std::vector<T> a, b, out(rows.size());
  for (const Row& r : rows) {
    a.push_back(static_cast<T>(r.q1));
    b.push_back(static_cast<T>(r.q2));
  }
  Add(p, a.data(), b.data(), out.data());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(out[i], rows[i].expected) << "q1=" << rows[i].q1 << " q2=" << rows[i].q2;
  }
}

TEST(Add, Int8PythonDerivedRows) {
  // Scales (0.0235, 0.0171, 0.0390), zero points (3, -7, -2). The first rows are the type limits and the
  // zero points, the rest seeded random pairs.
  CheckRows<int8_t>(
      0.0235f, 0.0171f, 0.0390f, 3, -7, -2, -128, 127,
      {{-128, -128, -128}, {127, 127, 127}, {-128, 127, -22}, {3, -7, -2},     {47, -10, 23},   {68, 31, 54},
       {-103, -35, -78},   {118, 44, 90},   {-61, -36, -53},  {83, 124, 104},  {23, -57, -12},  {-25, -105, -62},
       {-36, -118, -74},   {57, 105, 80},   {14, -93, -33},   {-105, 64, -36}, {-56, -67, -64}, {-39, 7, -21},
       {-18, 23, -1},      {-86, -36, -68}, {90, 119, 106},   {8, 96, 46},     {39, 21, 32},    {102, -28, 48}});
}

TEST(Add, Int8ThreeRoundingsDifferFromOneExactRescale) {
  // The only 8 of all 65536 int8 pairs (same scales and zero points as above) where the three separate
  // rescales give a different result from RHAZ((s1 d1 + s2 d2) / s_out): the expected value here is the
  // three-rounding one; a collapsed single rescale would give expected + 1 (found by make_goldens.py's
  // exhaustive search).
  CheckRows<int8_t>(0.0235f, 0.0171f, 0.0390f, 3, -7, -2, -128, 127,
                    {{-54, -37, -50},
                     {-51, -32, -46},
                     {-48, -27, -42},
                     {-27, 8, -14},
                     {33, -22, 10},
                     {54, 13, 38},
                     {57, 18, 42},
                     {60, 23, 46}});
}

TEST(Add, Int8IntermediateRescalesRoundTwice) {
  // Pairs (same scales and zero points) where rounding the per-input rescales once (ties up) instead of
  // twice changes the final result (make_goldens.py-style exhaustive search): single rounding would give
  // -10, -6 and 2.
  CheckRows<int8_t>(0.0235f, 0.0171f, 0.0390f, 3, -7, -2, -128, 127, {{-24, 13, -9}, {-21, 18, -5}, {27, -32, 1}});
}

TEST(Add, Uint8PythonDerivedRows) {
  // Scales (0.1, 0.3, 0.25), zero points (128, 100, 120).
  CheckRows<uint8_t>(
      0.1f, 0.3f, 0.25f, 128, 100, 120, 0, 255,
      {{0, 0, 0},       {255, 255, 255}, {0, 255, 255},   {128, 100, 120}, {175, 118, 160}, {196, 159, 218},
       {25, 93, 70},    {246, 172, 254}, {67, 92, 86},    {211, 252, 255}, {151, 71, 94},   {103, 23, 18},
       {92, 10, 0},     {185, 233, 255}, {142, 35, 48},   {23, 192, 188},  {72, 61, 51},    {89, 135, 146},
       {110, 151, 174}, {42, 92, 76},    {218, 247, 255}, {136, 224, 255}, {167, 149, 194}, {230, 100, 161}});
}

TEST(Add, EqualScalesAddExactlyAndClamp) {
  // With equal scales every rescale is exact (see PrepareAdd.EqualScales): out = d1 + d2 + z_out, clamped.
  // Zero points at the int8 limits: z1 = -128, z2 = 127, z_out = 0.
  // (-100, 100): 28 + -27 = 1;  (127, 127): 255 + 0 -> 127;  (-128, -128): 0 - 255 -> -128;
  // (0, 120): 128 - 7 = 121;  with ReLU6-like clamp [0, 100]: 121 -> 100 and 1 stays.
  AddParams p;
  PrepareAdd(0.05f, 0.05f, 0.05f, &p);
  p.rank = 1;
  p.output_shape[0] = p.input1_shape[0] = p.input2_shape[0] = 4;
  p.input1_zero_point = -128, p.input2_zero_point = 127, p.output_zero_point = 0;
  p.act_min = -128, p.act_max = 127;
  const std::vector<int8_t> a = {-100, 127, -128, 0}, b = {100, 127, -128, 120};
  std::vector<int8_t> out(4);
  Add(p, a.data(), b.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{1, 127, -128, 121}));
  p.act_min = 0, p.act_max = 100;
  Add(p, a.data(), b.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{1, 100, 0, 100}));
}

TEST(Add, BroadcastsSizeOneDimensions) {
  // [2,1,3] + [1,2,1] -> [2,2,3] with equal scales and zero points 0: out[i][j][k] = a[i][0][k] + b[0][j][0].
  AddParams p;
  PrepareAdd(0.5f, 0.5f, 0.5f, &p);
  p.rank = 3;
  const int out_shape[] = {2, 2, 3}, a_shape[] = {2, 1, 3}, b_shape[] = {1, 2, 1};
  for (int d = 0; d < 3; ++d) {
    p.output_shape[d] = out_shape[d];
    p.input1_shape[d] = a_shape[d];
    p.input2_shape[d] = b_shape[d];
  }
  p.act_min = -128, p.act_max = 127;
  const std::vector<int8_t> a = {1, 2, 3, 10, 20, 30};
  const std::vector<int8_t> b = {100, -100};
  std::vector<int8_t> out(12);
  Add(p, a.data(), b.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{101, 102, 103, -99, -98, -97, 110, 120, 127, -90, -80, -70}));
}

TEST(Add, BroadcastsAScalarAndHigherRanks) {
  // 6-D [1,2,1,2,1,2] + scalar [1,1,1,1,1,1]: uint8 with z1 = 10, z2 = 250, z_out = 5, equal scales:
  // out = (a - 10) + (b - 250) + 5 with b = 251 -> a - 4.
  AddParams p;
  PrepareAdd(1.0f, 1.0f, 1.0f, &p);
  p.rank = 6;
  const int shape[] = {1, 2, 1, 2, 1, 2};
  for (int d = 0; d < 6; ++d) {
    p.output_shape[d] = p.input1_shape[d] = shape[d];
    p.input2_shape[d] = 1;
  }
  p.input1_zero_point = 10, p.input2_zero_point = 250, p.output_zero_point = 5;
  p.act_min = 0, p.act_max = 255;
  const std::vector<uint8_t> a = {4, 5, 6, 7, 100, 200, 255, 0};
  const uint8_t b = 251;
  std::vector<uint8_t> out(8);
  Add(p, a.data(), &b, out.data());
  EXPECT_EQ(out, (std::vector<uint8_t>{0, 1, 2, 3, 96, 196, 251, 0}));
}

TEST(Add, BroadcastMatchesExplicitlyExpandedInputs) {
  // Broadcasting must equal adding the explicitly tiled input, with arbitrary (non-exact) scales.
  AddParams p;
  PrepareAdd(0.0235f, 0.0171f, 0.0390f, &p);
  p.rank = 2;
  p.output_shape[0] = 3, p.output_shape[1] = 4;
  p.input1_shape[0] = 3, p.input1_shape[1] = 4;
  p.input2_shape[0] = 3, p.input2_shape[1] = 1;
  p.input1_zero_point = 3, p.input2_zero_point = -7, p.output_zero_point = -2;
  p.act_min = -128, p.act_max = 127;
  const std::vector<int8_t> a = {-128, -54, 33, 127, 0, 1, -1, 60, 57, -27, 100, -100};
  const std::vector<int8_t> column = {-37, 13, 8};
  std::vector<int8_t> broadcast(12), expanded(12), tiled(12);
  Add(p, a.data(), column.data(), broadcast.data());
  for (int i = 0; i < 12; ++i) tiled[i] = column[i / 4];
  p.input2_shape[1] = 4;
  Add(p, a.data(), tiled.data(), expanded.data());
  EXPECT_EQ(broadcast, expanded);
}

}  // namespace
}  // namespace octet::reference
