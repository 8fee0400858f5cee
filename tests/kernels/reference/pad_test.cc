// PAD reference kernel tests (pure data movement; expectations written out by hand).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "kernels/reference/reference.h"

namespace octet::reference {
namespace {

TEST(Pad, TwoDimensionsAsymmetric) {
  // [2, 3] padded with before (1, 0), after (0, 2), value -128 -> [3, 5].
  PadParams p;
  p.rank = 2;
  p.input_shape[0] = 2, p.input_shape[1] = 3;
  p.before[0] = 1, p.after[1] = 2;
  p.pad_value = -128;
  const std::vector<int8_t> input = {1, 2, 3, 4, 5, 6};
  std::vector<int8_t> out(15);
  Pad(p, input.data(), out.data());
  const int8_t m = -128;
  EXPECT_EQ(out, (std::vector<int8_t>{m, m, m, m, m, 1, 2, 3, m, m, 4, 5, 6, m, m}));
}

TEST(Pad, NhwcSpatialPaddingUint8) {
  // [1, 1, 2, 2] -> pad W by (1, 1) and C by (0, 1) with the zero point 255: [1, 1, 4, 3].
  PadParams p;
  p.rank = 4;
  const int shape[] = {1, 1, 2, 2};
  for (int d = 0; d < 4; ++d) p.input_shape[d] = shape[d];
  p.before[2] = 1, p.after[2] = 1, p.after[3] = 1;
  p.pad_value = 255;
  const std::vector<uint8_t> input = {10, 11, 20, 21};
  std::vector<uint8_t> out(12);
  Pad(p, input.data(), out.data());
  EXPECT_EQ(out, (std::vector<uint8_t>{255, 255, 255, 10, 11, 255, 20, 21, 255, 255, 255, 255}));
}

TEST(Pad, NoPaddingIsACopyAndSixDimensionsWork) {
  PadParams p;
  p.rank = 6;
  for (int d = 0; d < 6; ++d) p.input_shape[d] = 1;
  p.input_shape[5] = 3;
  p.before[0] = 1;  // [2, 1, 1, 1, 1, 3]
  p.pad_value = 7;
  const std::vector<int8_t> input = {-1, 0, 1};
  std::vector<int8_t> out(6);
  Pad(p, input.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{7, 7, 7, -1, 0, 1}));
  p.before[0] = 0;
  std::vector<int8_t> copy(3);
  Pad(p, input.data(), copy.data());
  EXPECT_EQ(copy, input);
}

}  // namespace
}  // namespace octet::reference
