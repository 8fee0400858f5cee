// Image input for the octet tool: BMP decoding and the preprocessing the reference MobileNets
// were trained with (central crop of 87.5%, bilinear resize, uint8 RGB values as they are).
#ifndef OCTET_TOOLS_COMMON_IMAGE_H_
#define OCTET_TOOLS_COMMON_IMAGE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "octet/octet.h"

namespace octet::tools {

// An 8-bit RGB image, rows top to bottom, pixels interleaved R, G, B.
struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // width * height * 3

  uint8_t at(int y, int x, int c) const { return pixels[(static_cast<size_t>(y) * width + x) * 3 + c]; }
};

// Largest width or height (and pixel count) the decoder accepts: a corrupt or hostile header must
// not make the tool allocate gigabytes.
constexpr int kMaxImageDimension = 16384;
constexpr int64_t kMaxImagePixels = int64_t{1} << 26;

// True when the bytes start with the BMP magic "BM".
bool LooksLikeBmp(const uint8_t* data, size_t size);

// Decodes an uncompressed 24- or 32-bit BMP (BI_RGB, or BI_BITFIELDS with 8-bit masks), bottom-up
// or top-down. Alpha is dropped. On failure returns false and sets *error (never throws).
bool DecodeBmp(const uint8_t* data, size_t size, RgbImage* image, std::string* error);

// Central crop keeping `fraction` of each dimension, with the offsets tf.image.central_crop uses:
// start = floor((n - n * fraction) / 2), size = n - 2 * start.
RgbImage CentralCrop(const RgbImage& image, double fraction);

// Bilinear resize as TF1's resize_bilinear (align_corners=False, half_pixel_centers=False), the
// resize TF-Slim's evaluation of the reference MobileNets used: output pixel x samples source
// position x * in_w / out_w, the upper neighbour clamped to the edge; rounded half up to uint8.
RgbImage ResizeBilinear(const RgbImage& image, int out_height, int out_width);

// The reference MobileNet preprocessing: CentralCrop(0.875) then ResizeBilinear to height x width.
RgbImage PreprocessForClassifier(const RgbImage& image, int height, int width);

// Writes an HxWx3 image into an input tensor of that many elements:
//   uint8:   the pixel value p as is;
//   int8:    p - 128 (the uint8 input shifted by the usual 128 between uint8 and int8 zero points);
//   float32: p / 127.5 - 1 (the [-1, 1] range the float MobileNets take).
// Returns false (and sets *error) for other types or when the sizes disagree.
bool WriteImageToTensor(const RgbImage& image, octet_type type, void* data, size_t byte_size, std::string* error);

}  // namespace octet::tools

#endif  // OCTET_TOOLS_COMMON_IMAGE_H_
