#include "tools/quantize/calibration_data.h"

#include <jpeglib.h>
#include <png.h>

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace octet::quantize {

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool ReadAll(const std::string& path, std::vector<unsigned char>* bytes, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": cannot open";
    return false;
  }
  bytes->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

struct JpegError {
  jpeg_error_mgr mgr;
  jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void JpegErrorExit(j_common_ptr info) {
  JpegError* e = reinterpret_cast<JpegError*>(info->err);
  (*info->err->format_message)(info, e->message);
  longjmp(e->jump, 1);
}

}  // namespace

bool DecodeJpeg(const std::vector<unsigned char>& bytes, tools::RgbImage* image, std::string* error) {
  jpeg_decompress_struct info;
  JpegError err;
  info.err = jpeg_std_error(&err.mgr);
  err.mgr.error_exit = JpegErrorExit;
  // Everything the decoder touches after setjmp lives in `info` or `image`.
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&info);
    *error = std::string("JPEG: ") + err.message;
    return false;
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, bytes.data(), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&info, TRUE);
  info.out_color_space = JCS_RGB;
  jpeg_start_decompress(&info);
  if (info.output_components != 3 || info.output_width > static_cast<unsigned>(tools::kMaxImageDimension) ||
      info.output_height > static_cast<unsigned>(tools::kMaxImageDimension)) {
    jpeg_destroy_decompress(&info);
    *error = "JPEG: unsupported size or components";
    return false;
  }
  image->width = static_cast<int>(info.output_width);
  image->height = static_cast<int>(info.output_height);
  image->pixels.resize(static_cast<size_t>(image->width) * image->height * 3);
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = image->pixels.data() + static_cast<size_t>(info.output_scanline) * image->width * 3;
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  return true;
}

bool DecodePng(const std::vector<unsigned char>& bytes, tools::RgbImage* image, std::string* error) {
  png_image png;
  std::memset(&png, 0, sizeof png);
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&png, bytes.data(), bytes.size())) {
    *error = std::string("PNG: ") + png.message;
    return false;
  }
  if (png.width > static_cast<unsigned>(tools::kMaxImageDimension) ||
      png.height > static_cast<unsigned>(tools::kMaxImageDimension)) {
    png_image_free(&png);
    *error = "PNG: image too large";
    return false;
  }
  png.format = PNG_FORMAT_RGB;
  image->width = static_cast<int>(png.width);
  image->height = static_cast<int>(png.height);
  image->pixels.resize(PNG_IMAGE_SIZE(png));
  if (!png_image_finish_read(&png, nullptr, image->pixels.data(), 0, nullptr)) {
    *error = std::string("PNG: ") + png.message;
    png_image_free(&png);
    return false;
  }
  return true;
}

bool LoadImageFile(const std::string& path, tools::RgbImage* image, std::string* error) {
  std::vector<unsigned char> bytes;
  if (!ReadAll(path, &bytes, error)) return false;
  bool ok;
  if (tools::LooksLikeBmp(bytes.data(), bytes.size())) {
    ok = tools::DecodeBmp(bytes.data(), bytes.size(), image, error);
  } else if (bytes.size() >= 8 && std::memcmp(bytes.data(), "\x89PNG", 4) == 0) {
    ok = DecodePng(bytes, image, error);
  } else if (bytes.size() >= 3 && bytes[0] == 0xff && bytes[1] == 0xd8) {
    ok = DecodeJpeg(bytes, image, error);
  } else {
    *error = "not a BMP, PNG or JPEG image";
    ok = false;
  }
  if (!ok) *error = path + ": " + *error;
  return ok;
}

std::vector<float> PreprocessImage(const tools::RgbImage& image, const PreprocessOptions& options) {
  const tools::RgbImage cropped = options.crop < 1.0 ? tools::CentralCrop(image, options.crop) : image;
  const tools::RgbImage resized = tools::ResizeBilinear(cropped, options.height, options.width);
  std::vector<float> values(resized.pixels.size());
  for (size_t k = 0; k < values.size(); ++k) {
    const float p = resized.pixels[k];
    const size_t c = k % 3;
    values[k] = options.normalize ? (p - options.mean[c]) / options.std[c] : p;
  }
  return values;
}

bool LoadTensorFile(const std::string& path, size_t elements, std::vector<float>* values, std::string* error) {
  std::vector<unsigned char> bytes;
  if (!ReadAll(path, &bytes, error)) return false;
  size_t offset = 0;
  bool is_double = false;
  if (bytes.size() >= 10 && std::memcmp(bytes.data(), "\x93NUMPY", 6) == 0) {
    const int major = bytes[6];
    size_t header_len;
    if (major == 1) {
      header_len = bytes[8] | (static_cast<size_t>(bytes[9]) << 8);
      offset = 10;
    } else {
      if (bytes.size() < 12) return (*error = path + ": truncated .npy header", false);
      header_len = bytes[8] | (static_cast<size_t>(bytes[9]) << 8) | (static_cast<size_t>(bytes[10]) << 16) |
                   (static_cast<size_t>(bytes[11]) << 24);
      offset = 12;
    }
    if (offset + header_len > bytes.size()) return (*error = path + ": truncated .npy header", false);
    const std::string header(reinterpret_cast<const char*>(bytes.data() + offset), header_len);
    offset += header_len;
    if (header.find("'fortran_order': True") != std::string::npos) {
      *error = path + ": Fortran-order arrays are not supported";
      return false;
    }
    if (header.find("'<f4'") != std::string::npos) {
      is_double = false;
    } else if (header.find("'<f8'") != std::string::npos) {
      is_double = true;
    } else {
      *error = path + ": only float32 and float64 .npy arrays are supported";
      return false;
    }
  }
  const size_t esize = is_double ? 8 : 4;
  if (bytes.size() - offset != elements * esize) {
    *error = path + ": holds " + std::to_string((bytes.size() - offset) / esize) + " values, the model input takes " +
             std::to_string(elements);
    return false;
  }
  values->resize(elements);
  for (size_t k = 0; k < elements; ++k) {
    if (is_double) {
      double d;
      std::memcpy(&d, bytes.data() + offset + 8 * k, 8);
      (*values)[k] = static_cast<float>(d);
    } else {
      std::memcpy(&(*values)[k], bytes.data() + offset + 4 * k, 4);
    }
  }
  return true;
}

bool IsImagePath(const std::string& path) {
  const std::string ext = Lower(std::filesystem::path(path).extension().string());
  return ext == ".bmp" || ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

std::vector<std::string> ListCalibrationFiles(const std::string& path, std::string* error) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      if (!entry.is_regular_file()) continue;
      const std::string p = entry.path().string();
      const std::string ext = Lower(entry.path().extension().string());
      if (IsImagePath(p) || ext == ".npy" || ext == ".raw" || ext == ".bin") files.push_back(p);
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) *error = path + ": no .bmp/.png/.jpg/.npy/.raw files in this folder";
  } else if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
  } else {
    *error = path + ": no such file or folder";
  }
  return files;
}

}  // namespace octet::quantize
