// Calibration inputs for `octet quantize`: images (BMP, PNG through libpng, JPEG through libjpeg;
// tools only, never the runtime) preprocessed to a model input, or tensors in .npy / raw float32
// files. Everything ends as one NHWC float32 vector per sample.
#ifndef OCTET_TOOLS_QUANTIZE_CALIBRATION_DATA_H_
#define OCTET_TOOLS_QUANTIZE_CALIBRATION_DATA_H_

#include <cstddef>
#include <string>
#include <vector>

#include "tools/common/image.h"

namespace octet::quantize {

struct PreprocessOptions {
  int height = 0, width = 0;  // the model input's when 0
  double crop = 0.875;        // central crop fraction before the resize (1: none)
  bool normalize = true;      // (p - mean) / std per channel; false: raw 0..255 values
  float mean[3] = {127.5f, 127.5f, 127.5f};
  float std[3] = {127.5f, 127.5f, 127.5f};
};

// Decodes a BMP, PNG or JPEG file (recognised by its first bytes) to 8-bit RGB.
bool LoadImageFile(const std::string& path, tools::RgbImage* image, std::string* error);
bool DecodePng(const std::vector<unsigned char>& bytes, tools::RgbImage* image, std::string* error);
bool DecodeJpeg(const std::vector<unsigned char>& bytes, tools::RgbImage* image, std::string* error);

// Central crop, bilinear resize to height x width, then normalization: [1, H, W, 3] float32.
std::vector<float> PreprocessImage(const tools::RgbImage& image, const PreprocessOptions& options);

// A .npy file (float32 little-endian, C order; float64 converted) or a raw float32 file of
// exactly `elements` values.
bool LoadTensorFile(const std::string& path, size_t elements, std::vector<float>* values, std::string* error);

// `path` is a file or a folder: the image/.npy/.raw files in it, sorted by name.
std::vector<std::string> ListCalibrationFiles(const std::string& path, std::string* error);
bool IsImagePath(const std::string& path);

}  // namespace octet::quantize

#endif  // OCTET_TOOLS_QUANTIZE_CALIBRATION_DATA_H_
