#include "tools/common/image.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace octet::tools {
namespace {

// BMP fields are little-endian regardless of the host.
uint32_t ReadU32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 | static_cast<uint32_t>(p[2]) << 16 |
         static_cast<uint32_t>(p[3]) << 24;
}
uint16_t ReadU16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }
int32_t ReadI32(const uint8_t* p) {
  const uint32_t u = ReadU32(p);
  int32_t v;
  std::memcpy(&v, &u, sizeof(v));
  return v;
}

bool Fail(std::string* error, const std::string& message) {
  if (error != nullptr) *error = message;
  return false;
}

// A BI_BITFIELDS channel mask must select 8 contiguous bits; returns their shift.
bool MaskShift(uint32_t mask, int* shift) {
  if (mask == 0) return false;
  int s = 0;
  while ((mask & 1u) == 0) {
    mask >>= 1;
    ++s;
  }
  if (mask != 0xFFu) return false;
  *shift = s;
  return true;
}

constexpr size_t kFileHeaderSize = 14;
constexpr uint32_t kCompressionRgb = 0;
constexpr uint32_t kCompressionBitfields = 3;

}  // namespace

bool LooksLikeBmp(const uint8_t* data, size_t size) { return size >= 2 && data[0] == 'B' && data[1] == 'M'; }

bool DecodeBmp(const uint8_t* data, size_t size, RgbImage* image, std::string* error) {
  if (!LooksLikeBmp(data, size)) return Fail(error, "not a BMP file (no 'BM' magic)");
  if (size < kFileHeaderSize + 4) return Fail(error, "truncated BMP: file header incomplete");
  const uint32_t pixel_offset = ReadU32(data + 10);
  const uint32_t info_size = ReadU32(data + 14);

  int64_t width = 0, height = 0;
  int bits_per_pixel = 0;
  uint32_t compression = kCompressionRgb;
  if (info_size == 12) {  // BITMAPCOREHEADER: 16-bit unsigned dimensions, always bottom-up
    if (size < kFileHeaderSize + 12) return Fail(error, "truncated BMP: info header incomplete");
    width = ReadU16(data + 18);
    height = ReadU16(data + 20);
    if (ReadU16(data + 22) != 1) return Fail(error, "BMP: planes must be 1");
    bits_per_pixel = ReadU16(data + 24);
  } else if (info_size >= 40 && info_size <= 124) {  // BITMAPINFOHEADER and its V2..V5 extensions
    if (size < kFileHeaderSize + 40) return Fail(error, "truncated BMP: info header incomplete");
    width = ReadI32(data + 18);
    height = ReadI32(data + 22);
    if (ReadU16(data + 26) != 1) return Fail(error, "BMP: planes must be 1");
    bits_per_pixel = ReadU16(data + 28);
    compression = ReadU32(data + 30);
  } else {
    return Fail(error, "BMP: unsupported info header size " + std::to_string(info_size));
  }

  // A negative height marks rows stored top to bottom.
  const bool top_down = height < 0;
  if (top_down) height = -height;
  if (width <= 0 || height <= 0) {
    return Fail(error, "BMP: invalid dimensions " + std::to_string(width) + "x" + std::to_string(height));
  }
  if (width > kMaxImageDimension || height > kMaxImageDimension || width * height > kMaxImagePixels) {
    return Fail(error, "BMP: dimensions " + std::to_string(width) + "x" + std::to_string(height) +
                           " exceed the limit of " + std::to_string(kMaxImageDimension) + " per side");
  }
  if (bits_per_pixel != 24 && bits_per_pixel != 32) {
    return Fail(error, "BMP: " + std::to_string(bits_per_pixel) + "-bit pixels are not supported (24 or 32 only)");
  }

  // Byte position of each colour within a pixel (BI_RGB stores B, G, R[, X]).
  int red_shift = 16, green_shift = 8, blue_shift = 0;
  if (compression == kCompressionBitfields) {
    if (bits_per_pixel != 32) return Fail(error, "BMP: BI_BITFIELDS is only supported for 32-bit pixels");
    if (size < kFileHeaderSize + 40 + 12) return Fail(error, "truncated BMP: colour masks incomplete");
    if (!MaskShift(ReadU32(data + 54), &red_shift) || !MaskShift(ReadU32(data + 58), &green_shift) ||
        !MaskShift(ReadU32(data + 62), &blue_shift)) {
      return Fail(error, "BMP: colour masks other than 8 contiguous bits per channel are not supported");
    }
  } else if (compression != kCompressionRgb) {
    return Fail(error, "BMP: compressed files are not supported (compression " + std::to_string(compression) + ")");
  }

  const int64_t bytes_per_pixel = bits_per_pixel / 8;
  const int64_t row_stride = (width * bits_per_pixel + 31) / 32 * 4;  // rows pad to 4 bytes
  // The last row's padding may be missing in some writers' files; the pixels themselves may not.
  const int64_t needed = static_cast<int64_t>(pixel_offset) + row_stride * (height - 1) + width * bytes_per_pixel;
  if (pixel_offset < kFileHeaderSize + info_size || needed > static_cast<int64_t>(size)) {
    return Fail(error, "truncated BMP: pixel data needs " + std::to_string(needed) + " bytes, file has " +
                           std::to_string(size));
  }

  image->width = static_cast<int>(width);
  image->height = static_cast<int>(height);
  image->pixels.resize(static_cast<size_t>(width * height * 3));
  for (int64_t y = 0; y < height; ++y) {
    const int64_t stored_row = top_down ? y : height - 1 - y;
    const uint8_t* src = data + pixel_offset + stored_row * row_stride;
    uint8_t* dst = image->pixels.data() + y * width * 3;
    for (int64_t x = 0; x < width; ++x, src += bytes_per_pixel, dst += 3) {
      const uint32_t pixel = bytes_per_pixel == 4 ? ReadU32(src)
                                                  : static_cast<uint32_t>(src[0]) | static_cast<uint32_t>(src[1]) << 8 |
                                                        static_cast<uint32_t>(src[2]) << 16;
      dst[0] = static_cast<uint8_t>(pixel >> red_shift);
      dst[1] = static_cast<uint8_t>(pixel >> green_shift);
      dst[2] = static_cast<uint8_t>(pixel >> blue_shift);
    }
  }
  return true;
}

RgbImage CentralCrop(const RgbImage& image, double fraction) {
  const int top = static_cast<int>((image.height - image.height * fraction) / 2);
  const int left = static_cast<int>((image.width - image.width * fraction) / 2);
  RgbImage cropped;
  cropped.height = image.height - 2 * top;
  cropped.width = image.width - 2 * left;
  cropped.pixels.resize(static_cast<size_t>(cropped.width) * cropped.height * 3);
  for (int y = 0; y < cropped.height; ++y) {
    const uint8_t* src = image.pixels.data() + (static_cast<size_t>(y + top) * image.width + left) * 3;
    std::copy(src, src + static_cast<size_t>(cropped.width) * 3,
              cropped.pixels.data() + static_cast<size_t>(y) * cropped.width * 3);
  }
  return cropped;
}

namespace {
// Source sample positions for one axis: the lower index, the upper index and the upper weight.
struct Tap {
  int lo, hi;
  double frac;
};
// TF1's resize_bilinear (align_corners=False, half_pixel_centers=False), which TF-Slim's evaluation
// preprocessing of these MobileNets used: output i samples source i * in / out. Computed in double,
// as the conformance test's Python preprocessing does, so both produce the same bytes.
std::vector<Tap> BilinearTaps(int in_size, int out_size) {
  std::vector<Tap> taps(static_cast<size_t>(out_size));
  const double scale = static_cast<double>(in_size) / static_cast<double>(out_size);
  for (int i = 0; i < out_size; ++i) {
    const double pos = static_cast<double>(i) * scale;
    const int lo = std::min(static_cast<int>(std::floor(pos)), in_size - 1);
    taps[static_cast<size_t>(i)] = Tap{lo, std::min(lo + 1, in_size - 1), pos - static_cast<double>(lo)};
  }
  return taps;
}
}  // namespace

RgbImage ResizeBilinear(const RgbImage& image, int out_height, int out_width) {
  const std::vector<Tap> ys = BilinearTaps(image.height, out_height);
  const std::vector<Tap> xs = BilinearTaps(image.width, out_width);
  RgbImage resized;
  resized.height = out_height;
  resized.width = out_width;
  resized.pixels.resize(static_cast<size_t>(out_width) * out_height * 3);
  for (int y = 0; y < out_height; ++y) {
    const Tap& ty = ys[static_cast<size_t>(y)];
    for (int x = 0; x < out_width; ++x) {
      const Tap& tx = xs[static_cast<size_t>(x)];
      for (int c = 0; c < 3; ++c) {
        const double top = image.at(ty.lo, tx.lo, c) * (1 - tx.frac) + image.at(ty.lo, tx.hi, c) * tx.frac;
        const double bottom = image.at(ty.hi, tx.lo, c) * (1 - tx.frac) + image.at(ty.hi, tx.hi, c) * tx.frac;
        const double value = top * (1 - ty.frac) + bottom * ty.frac;
        // Round half up, as the conformance goldens do.
        resized.pixels[(static_cast<size_t>(y) * out_width + x) * 3 + c] =
            static_cast<uint8_t>(std::clamp(std::floor(value + 0.5), 0.0, 255.0));
      }
    }
  }
  return resized;
}

RgbImage PreprocessForClassifier(const RgbImage& image, int height, int width) {
  return ResizeBilinear(CentralCrop(image, 0.875), height, width);
}

bool WriteImageToTensor(const RgbImage& image, octet_type type, void* data, size_t byte_size, std::string* error) {
  const size_t count = image.pixels.size();
  switch (type) {
    case OCTET_TYPE_UINT8:
      if (byte_size != count) break;
      std::memcpy(data, image.pixels.data(), count);
      return true;
    case OCTET_TYPE_INT8:
      if (byte_size != count) break;
      for (size_t i = 0; i < count; ++i) static_cast<int8_t*>(data)[i] = static_cast<int8_t>(image.pixels[i] - 128);
      return true;
    case OCTET_TYPE_FLOAT32:
      if (byte_size != count * sizeof(float)) break;
      for (size_t i = 0; i < count; ++i) {
        static_cast<float*>(data)[i] = static_cast<float>(image.pixels[i]) / 127.5f - 1.0f;
      }
      return true;
    default:
      return Fail(error, "image input needs a uint8, int8 or float32 tensor");
  }
  return Fail(error, "image of " + std::to_string(image.height) + "x" + std::to_string(image.width) +
                         "x3 does not fill the " + std::to_string(byte_size) + "-byte input tensor");
}

}  // namespace octet::tools
