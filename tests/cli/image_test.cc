// BMP decoding, central crop, bilinear resize and tensor filling of tools/common/image.h.
#include "tools/common/image.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include "tests/testing/replicable_random.h"

namespace octet::tools {
namespace {

void PutU16(std::vector<uint8_t>& b, size_t at, uint32_t v) {
  b[at] = static_cast<uint8_t>(v);
  b[at + 1] = static_cast<uint8_t>(v >> 8);
}
void PutU32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}

// Writes a BMP by the format's definition, independently of the decoder: 14-byte file header,
// 40-byte BITMAPINFOHEADER, rows padded to 4 bytes, B G R (X) byte order. `rgb` is top row first.
std::vector<uint8_t> MakeBmp(int width, int height, const std::vector<uint8_t>& rgb, int bits, bool top_down) {
  const size_t stride = (static_cast<size_t>(width) * bits / 8 + 3) / 4 * 4;
  const size_t offset = 54;
  std::vector<uint8_t> b(offset + stride * height, 0);
  b[0] = 'B';
  b[1] = 'M';
  PutU32(b, 2, static_cast<uint32_t>(b.size()));
  PutU32(b, 10, offset);
  PutU32(b, 14, 40);
  PutU32(b, 18, static_cast<uint32_t>(width));
  PutU32(b, 22, static_cast<uint32_t>(top_down ? -height : height));
  PutU16(b, 26, 1);
  PutU16(b, 28, static_cast<uint32_t>(bits));
  for (int y = 0; y < height; ++y) {
    const int stored = top_down ? y : height - 1 - y;
    uint8_t* row = b.data() + offset + stride * stored;
    for (int x = 0; x < width; ++x) {
      const uint8_t* p = &rgb[(static_cast<size_t>(y) * width + x) * 3];
      uint8_t* q = row + static_cast<size_t>(x) * (bits / 8);
      q[0] = p[2];
      q[1] = p[1];
      q[2] = p[0];
      if (bits == 32) q[3] = 0xAB;  // unused byte; must be ignored
    }
  }
  return b;
}

// A 3x2 image (odd width, so 24-bit rows carry padding) with distinct values everywhere.
std::vector<uint8_t> TestPixels() {
  std::vector<uint8_t> rgb(3 * 2 * 3);
  for (size_t i = 0; i < rgb.size(); ++i) rgb[i] = static_cast<uint8_t>(10 * i + 1);
  return rgb;
}

class BmpLayoutTest : public ::testing::TestWithParam<std::tuple<int, bool>> {};

TEST_P(BmpLayoutTest, DecodesEveryPixel) {
  const auto [bits, top_down] = GetParam();
  const std::vector<uint8_t> rgb = TestPixels();
  const std::vector<uint8_t> file = MakeBmp(3, 2, rgb, bits, top_down);
  RgbImage image;
  std::string error;
  ASSERT_TRUE(DecodeBmp(file.data(), file.size(), &image, &error)) << error;
  EXPECT_EQ(image.width, 3);
  EXPECT_EQ(image.height, 2);
  EXPECT_EQ(image.pixels, rgb);
  // Spot-check the orientation by hand: top-left is the first pixel, bottom-right the last.
  EXPECT_EQ(image.at(0, 0, 0), 1);
  EXPECT_EQ(image.at(0, 0, 2), 21);
  EXPECT_EQ(image.at(1, 2, 2), 171);
}

INSTANTIATE_TEST_SUITE_P(AllLayouts, BmpLayoutTest,
                         ::testing::Combine(::testing::Values(24, 32), ::testing::Values(false, true)));

TEST(BmpTest, BitfieldsMasksSelectChannels) {
  // One 32-bit pixel stored as bytes R G B A: masks say red is the lowest byte.
  std::vector<uint8_t> file = MakeBmp(1, 1, {0, 0, 0}, 32, false);
  file.resize(54 + 12 + 4);
  PutU32(file, 10, 66);
  PutU32(file, 30, 3);  // BI_BITFIELDS
  PutU32(file, 54, 0x000000FF);
  PutU32(file, 58, 0x0000FF00);
  PutU32(file, 62, 0x00FF0000);
  file[66] = 200, file[67] = 100, file[68] = 50, file[69] = 255;
  RgbImage image;
  std::string error;
  ASSERT_TRUE(DecodeBmp(file.data(), file.size(), &image, &error)) << error;
  EXPECT_EQ(image.pixels, (std::vector<uint8_t>{200, 100, 50}));
}

TEST(BmpTest, RejectsBadFiles) {
  const std::vector<uint8_t> good = MakeBmp(3, 2, TestPixels(), 24, false);
  RgbImage image;
  std::string error;

  std::vector<uint8_t> not_bmp = good;
  not_bmp[0] = 'P';
  EXPECT_FALSE(DecodeBmp(not_bmp.data(), not_bmp.size(), &image, &error));
  EXPECT_NE(error.find("magic"), std::string::npos) << error;

  // Truncated anywhere: in the file header, the info header, the pixel rows.
  EXPECT_FALSE(DecodeBmp(good.data(), 1, &image, &error));
  for (size_t size : {size_t{10}, size_t{30}, good.size() - 4}) {
    error.clear();
    EXPECT_FALSE(DecodeBmp(good.data(), size, &image, &error)) << "size " << size;
    EXPECT_NE(error.find("truncated"), std::string::npos) << error;
  }

  std::vector<uint8_t> eight_bit = good;
  PutU16(eight_bit, 28, 8);
  EXPECT_FALSE(DecodeBmp(eight_bit.data(), eight_bit.size(), &image, &error));
  EXPECT_NE(error.find("8-bit"), std::string::npos) << error;

  std::vector<uint8_t> compressed = good;
  PutU32(compressed, 30, 1);  // BI_RLE8
  EXPECT_FALSE(DecodeBmp(compressed.data(), compressed.size(), &image, &error));
  EXPECT_NE(error.find("compress"), std::string::npos) << error;

  std::vector<uint8_t> zero_width = good;
  PutU32(zero_width, 18, 0);
  EXPECT_FALSE(DecodeBmp(zero_width.data(), zero_width.size(), &image, &error));
}

TEST(BmpTest, RefusesHugeDeclaredDimensions) {
  // A 60-byte file claiming a billion-pixel image must be refused before anything is allocated.
  for (const auto& [w, h] : {std::pair<int, int>{100000, 10}, {10, -100000}, {16000, 16000}, {INT32_MAX, 1}}) {
    std::vector<uint8_t> file = MakeBmp(1, 1, {1, 2, 3}, 24, false);
    PutU32(file, 18, static_cast<uint32_t>(w));
    PutU32(file, 22, static_cast<uint32_t>(h));
    RgbImage image;
    std::string error;
    EXPECT_FALSE(DecodeBmp(file.data(), file.size(), &image, &error)) << w << "x" << h;
    EXPECT_NE(error.find("exceed"), std::string::npos) << error;
    EXPECT_TRUE(image.pixels.empty());
  }
  // INT32_MIN height cannot be negated safely; it must be refused too.
  std::vector<uint8_t> file = MakeBmp(1, 1, {1, 2, 3}, 24, false);
  PutU32(file, 22, 0x80000000u);
  RgbImage image;
  std::string error;
  EXPECT_FALSE(DecodeBmp(file.data(), file.size(), &image, &error));
}

TEST(BmpTest, EveryTruncationAndRandomCorruptionIsHandled) {
  // Run under the sanitizers, this shows the decoder never reads out of bounds: each prefix of a
  // valid file and each corrupted header either decodes to a consistent image or is refused.
  const std::vector<uint8_t> good = MakeBmp(5, 3, std::vector<uint8_t>(45, 7), 32, true);
  for (size_t size = 0; size < good.size(); ++size) {
    const std::vector<uint8_t> prefix(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(size));
    RgbImage image;
    std::string error;
    EXPECT_FALSE(DecodeBmp(prefix.data(), prefix.size(), &image, &error)) << "prefix of " << size << " bytes";
  }
  testing::ReplicableRandom random(3);
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<uint8_t> file = good;
    for (int k = 0; k < 3; ++k) file[static_cast<size_t>(random.Int(2, 69))] = static_cast<uint8_t>(random.Int(0, 255));
    RgbImage image;
    std::string error;
    if (DecodeBmp(file.data(), file.size(), &image, &error)) {
      EXPECT_EQ(image.pixels.size(), static_cast<size_t>(image.width) * image.height * 3);
    } else {
      EXPECT_FALSE(error.empty());
    }
  }
}

RgbImage Constant(int width, int height, uint8_t r, uint8_t g, uint8_t b) {
  RgbImage image;
  image.width = width;
  image.height = height;
  image.pixels.resize(static_cast<size_t>(width) * height * 3);
  for (size_t i = 0; i < image.pixels.size(); i += 3) {
    image.pixels[i] = r;
    image.pixels[i + 1] = g;
    image.pixels[i + 2] = b;
  }
  return image;
}

TEST(PreprocessTest, ConstantImageStaysConstant) {
  const RgbImage out = PreprocessForClassifier(Constant(37, 23, 9, 128, 250), 16, 16);
  ASSERT_EQ(out.width, 16);
  ASSERT_EQ(out.height, 16);
  for (size_t i = 0; i < out.pixels.size(); i += 3) {
    ASSERT_EQ(out.pixels[i], 9);
    ASSERT_EQ(out.pixels[i + 1], 128);
    ASSERT_EQ(out.pixels[i + 2], 250);
  }
}

TEST(PreprocessTest, CentralCropOffsets) {
  // 16 wide: start = int((16 - 14) / 2) = 1, size 14. 10 high: start = int((10 - 8.75) / 2) = 0, size 10.
  RgbImage image = Constant(16, 10, 0, 0, 0);
  for (int x = 0; x < 16; ++x) image.pixels[static_cast<size_t>(x) * 3] = static_cast<uint8_t>(x);
  const RgbImage cropped = CentralCrop(image, 0.875);
  EXPECT_EQ(cropped.width, 14);
  EXPECT_EQ(cropped.height, 10);
  EXPECT_EQ(cropped.at(0, 0, 0), 1);
  EXPECT_EQ(cropped.at(0, 13, 0), 14);
  // 32 x 32: start = int((32 - 28) / 2) = 2, size 28.
  const RgbImage square = CentralCrop(Constant(32, 32, 1, 1, 1), 0.875);
  EXPECT_EQ(square.width, 28);
  EXPECT_EQ(square.height, 28);
}

TEST(PreprocessTest, BilinearHalfwayRoundsUp) {
  // 3 -> 2: source x = 0 and 1.5; (10 + 11) / 2 = 10.5 rounds half up to 11.
  RgbImage image = Constant(3, 1, 0, 0, 0);
  image.pixels = {7, 0, 0, 10, 0, 0, 11, 0, 0};
  const RgbImage out = ResizeBilinear(image, 1, 2);
  EXPECT_EQ(out.at(0, 0, 0), 7);
  EXPECT_EQ(out.at(0, 1, 0), 11);
}

TEST(PreprocessTest, BilinearUpscaleByHand) {
  // Row [0, 200] to width 4, TF1 convention: source x = i * 2 / 4 = 0, 0.5, 1, 1.5; the upper
  // neighbour of pixel 1 is itself -> 0, 100, 200, 200 (and 10, 20, 30, 30 in green).
  RgbImage image = Constant(2, 1, 0, 0, 0);
  image.pixels = {0, 10, 255, 200, 30, 255};
  const RgbImage out = ResizeBilinear(image, 1, 4);
  const std::vector<uint8_t> expected = {0, 10, 255, 100, 20, 255, 200, 30, 255, 200, 30, 255};
  EXPECT_EQ(out.pixels, expected);
}

TEST(PreprocessTest, BilinearDownscaleByHand) {
  // 4x4 -> 2x2, TF1 convention: source positions i * 4 / 2 = 0 and 2 land exactly on pixels
  // (0, 0), (0, 2), (2, 0) and (2, 2): no interpolation, no averaging (unlike half-pixel centres).
  RgbImage image = Constant(4, 4, 0, 0, 0);
  const uint8_t red[4][4] = {{0, 10, 20, 30}, {40, 50, 60, 70}, {80, 90, 100, 110}, {120, 130, 140, 151}};
  for (int y = 0; y < 4; ++y) {
    for (int x = 0; x < 4; ++x) image.pixels[(static_cast<size_t>(y) * 4 + x) * 3] = red[y][x];
  }
  const RgbImage out = ResizeBilinear(image, 2, 2);
  EXPECT_EQ(out.at(0, 0, 0), 0);
  EXPECT_EQ(out.at(0, 1, 0), 20);
  EXPECT_EQ(out.at(1, 0, 0), 80);
  EXPECT_EQ(out.at(1, 1, 0), 100);
  EXPECT_EQ(out.at(1, 1, 1), 0);
}

TEST(TensorFillTest, ConvertsPerType) {
  RgbImage image = Constant(1, 1, 0, 128, 255);
  uint8_t u8[3];
  int8_t s8[3];
  float f32[3];
  std::string error;
  ASSERT_TRUE(WriteImageToTensor(image, OCTET_TYPE_UINT8, u8, sizeof(u8), &error));
  EXPECT_EQ(u8[0], 0);
  EXPECT_EQ(u8[2], 255);
  ASSERT_TRUE(WriteImageToTensor(image, OCTET_TYPE_INT8, s8, sizeof(s8), &error));
  EXPECT_EQ(s8[0], -128);
  EXPECT_EQ(s8[1], 0);
  EXPECT_EQ(s8[2], 127);
  ASSERT_TRUE(WriteImageToTensor(image, OCTET_TYPE_FLOAT32, f32, sizeof(f32), &error));
  EXPECT_FLOAT_EQ(f32[0], -1.0f);
  EXPECT_FLOAT_EQ(f32[2], 1.0f);
  EXPECT_FALSE(WriteImageToTensor(image, OCTET_TYPE_UINT8, u8, 2, &error));
  EXPECT_NE(error.find("does not fill"), std::string::npos) << error;
  EXPECT_FALSE(WriteImageToTensor(image, OCTET_TYPE_INT32, u8, 12, &error));
}

TEST(SharedImageTest, DecodesGraceHopper) {
  const std::string path = std::string(OCTET_SHARED_DIR) + "/models/images/grace_hopper.bmp";
  std::ifstream in(path, std::ios::binary);
  if (!in) GTEST_SKIP() << "shared image not found: " << path;
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  RgbImage image;
  std::string error;
  ASSERT_TRUE(DecodeBmp(bytes.data(), bytes.size(), &image, &error)) << error;
  EXPECT_EQ(image.width, 512);
  EXPECT_EQ(image.height, 600);
  const RgbImage input = PreprocessForClassifier(image, 224, 224);
  EXPECT_EQ(input.pixels.size(), size_t{224} * 224 * 3);
}

}  // namespace
}  // namespace octet::tools
