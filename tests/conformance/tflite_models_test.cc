// Conformance: octet against TensorFlow Lite's integer reference kernels on the real models in
// ${OCTET_SHARED_DIR}/models (MobileNet v1 0.25/128 uint8, MobileNet v2 1.0/224 int8 with uint8
// I/O), every output byte compared, tolerance 0.
//
// How the expected bytes are made (tests/conformance/make_goldens.py, run by the ctest fixture
// `conformance_goldens`; <golden dir>/manifest.json records versions and top-1 per image):
//   input:    each image (images/*.bmp, calibration/*.JPEG) opened with PIL, converted to RGB,
//             central crop of 87.5% of width and height (tf.image.central_crop margins), bilinear
//             resize to the model's H x W as TF1's resize_bilinear (numpy, float64, no antialias),
//             rounded to uint8 -> <model>/<image>.input.bin (raw NHWC bytes, batch 1).
//   expected: ai-edge-litert's Interpreter with
//             experimental_op_resolver_type=OpResolverType.BUILTIN_REF (TFLite's reference kernels,
//             default double-rounding build, no default delegate; the script checks that no op was
//             delegated, since XNNPACK's fp32 requantization is not our arithmetic), one thread
//             -> <model>/<image>.expected.bin (raw output bytes). Neither model has a
//             FULLY_CONNECTED op, so the fp64 FC requantization of TF >= 2.20's reference kernel
//             (int8-arithmetic.md section 3) does not come into play.
//   <model>/index.txt lists "<image> <top-1 class>" per line; it is what this test iterates.
//
// Environment overrides: OCTET_CONFORMANCE_GOLDEN_DIR, OCTET_SHARED_DIR, and
// OCTET_CONFORMANCE_MAX_IMAGES=N|all to compare only the first N images of each model or every one
// (the default is all, or 20 in Debug builds, where MobileNet v2 takes ~2 s an image). The test skips, with the reason,
// when the goldens could not be made (SKIP marker written by the script) or are absent.
#include <gtest/gtest.h>

#include "tools/common/image.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "octet/octet.h"
#include "tools/convert/tflite_to_octet.h"

#ifndef OCTET_CONFORMANCE_GOLDEN_DIR
#error "CMake defines OCTET_CONFORMANCE_GOLDEN_DIR (where make_goldens.py writes)"
#endif
#ifndef OCTET_CONFORMANCE_DEFAULT_MAX_IMAGES
#define OCTET_CONFORMANCE_DEFAULT_MAX_IMAGES "all"
#endif
#ifndef OCTET_CONFORMANCE_SHARED_DIR
#error "CMake defines OCTET_CONFORMANCE_SHARED_DIR (OCTET_SHARED_DIR)"
#endif

namespace {

std::string EnvOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && value[0] != '\0' ? value : fallback;
}

bool ReadFile(const std::string& path, std::vector<uint8_t>* bytes) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return false;
  bytes->assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  return !file.bad();
}

bool Exists(const std::string& path) { return std::ifstream(path).good(); }

std::string ReadText(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  std::string s = text.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

struct GoldenImage {
  std::string stem;
  int top1 = -1;  // TFLite's top-1 class, for the mismatch message
};

struct ModelDeleter {
  void operator()(octet_model* model) const { octet_model_destroy(model); }
};
struct SessionDeleter {
  void operator()(octet_session* session) const { octet_session_destroy(session); }
};

// Index of the largest value, lowest index on ties (numpy's argmax, as in the manifest).
size_t ArgMax(const uint8_t* data, size_t size) {
  return static_cast<size_t>(std::max_element(data, data + size) - data);
}

// Totals over all models, printed once at the end.
struct Totals {
  size_t models = 0;
  size_t images = 0;
  size_t bytes = 0;
  size_t mismatched_images = 0;
};
Totals& GlobalTotals() {
  static Totals totals;
  return totals;
}

class SummaryPrinter : public ::testing::Environment {
 public:
  void TearDown() override {
    const Totals& t = GlobalTotals();
    std::printf("[conformance] total: %zu models, %zu images, %zu output bytes compared, %zu images mismatched\n",
                t.models, t.images, t.bytes, t.mismatched_images);
  }
};
[[maybe_unused]] const ::testing::Environment* const kSummary = ::testing::AddGlobalTestEnvironment(new SummaryPrinter);

class TfliteModelsTest : public ::testing::TestWithParam<const char*> {};

TEST_P(TfliteModelsTest, OutputsMatchTfliteReferenceBitExact) {
  const std::string model_stem = GetParam();
  const std::string golden_dir = EnvOr("OCTET_CONFORMANCE_GOLDEN_DIR", OCTET_CONFORMANCE_GOLDEN_DIR);
  const std::string shared_dir = EnvOr("OCTET_SHARED_DIR", OCTET_CONFORMANCE_SHARED_DIR);

  if (Exists(golden_dir + "/SKIP")) {
    GTEST_SKIP() << "goldens were not made: " << ReadText(golden_dir + "/SKIP");
  }
  if (!Exists(golden_dir + "/manifest.json")) {
    GTEST_SKIP() << "no goldens in " << golden_dir
                 << " (run `ctest -R conformance_goldens` or tests/conformance/make_goldens.py --out-dir " << golden_dir
                 << ")";
  }
  const std::string tflite_path = shared_dir + "/models/" + model_stem + ".tflite";
  std::vector<uint8_t> tflite;
  if (!ReadFile(tflite_path, &tflite)) {
    GTEST_SKIP() << "model absent: " << tflite_path << " (set OCTET_SHARED_DIR)";
  }

  // A complete manifest promises an index per model; its absence is a broken golden set.
  const std::string model_dir = golden_dir + "/" + model_stem;
  std::ifstream index_file(model_dir + "/index.txt");
  ASSERT_TRUE(index_file.good()) << "missing " << model_dir << "/index.txt next to a manifest";
  std::vector<GoldenImage> images;
  for (GoldenImage image; index_file >> image.stem >> image.top1;) images.push_back(image);
  ASSERT_FALSE(images.empty()) << model_dir << "/index.txt lists no images";
  // Unoptimized builds take ~2 s per MobileNet v2 image, so they compare a prefix by default.
  const std::string max_images = EnvOr("OCTET_CONFORMANCE_MAX_IMAGES", OCTET_CONFORMANCE_DEFAULT_MAX_IMAGES);
  const size_t limit = max_images == "all" ? 0 : std::strtoul(max_images.c_str(), nullptr, 10);
  if (limit > 0 && limit < images.size()) {
    std::printf("[conformance] %s: first %zu of %zu images (OCTET_CONFORMANCE_MAX_IMAGES=all for every one)\n",
                model_stem.c_str(), limit, images.size());
    images.resize(limit);
  }

  const octet::tools::ConvertResult converted =
      octet::tools::ConvertTfliteToOctet(tflite.data(), tflite.size(), model_stem + ".tflite");
  ASSERT_TRUE(converted.ok) << converted.error;

  octet_model* raw_model = nullptr;
  ASSERT_EQ(octet_model_load_memory(converted.model.data(), converted.model.size(), &raw_model), OCTET_OK)
      << octet_last_error();
  const std::unique_ptr<octet_model, ModelDeleter> model(raw_model);
  octet_session* raw_session = nullptr;
  ASSERT_EQ(octet_session_create(model.get(), nullptr, &raw_session), OCTET_OK) << octet_last_error();
  const std::unique_ptr<octet_session, SessionDeleter> session(raw_session);

  octet_tensor_info input_info;
  octet_tensor_info output_info;
  ASSERT_EQ(octet_session_input_info(session.get(), 0, &input_info), OCTET_OK) << octet_last_error();
  ASSERT_EQ(octet_session_output_info(session.get(), 0, &output_info), OCTET_OK) << octet_last_error();
  void* input = octet_session_input_data(session.get(), 0);
  ASSERT_NE(input, nullptr);

  size_t bytes_compared = 0;
  size_t mismatched_images = 0;
  size_t top1_agree = 0;
  double run_seconds = 0;
  std::vector<uint8_t> input_bytes;
  std::vector<uint8_t> expected;
  for (const GoldenImage& image : images) {
    const std::string base = model_dir + "/" + image.stem;
    ASSERT_TRUE(ReadFile(base + ".input.bin", &input_bytes)) << "cannot read " << base << ".input.bin";
    ASSERT_TRUE(ReadFile(base + ".expected.bin", &expected)) << "cannot read " << base << ".expected.bin";
    // Both sides must agree on the tensor sizes before bytes can be compared one to one.
    ASSERT_EQ(input_bytes.size(), input_info.byte_size) << base << ".input.bin vs octet input " << input_info.name;
    ASSERT_EQ(expected.size(), output_info.byte_size) << base << ".expected.bin vs octet output " << output_info.name;

    std::memcpy(input, input_bytes.data(), input_bytes.size());
    const auto start = std::chrono::steady_clock::now();
    ASSERT_EQ(octet_session_run(session.get()), OCTET_OK) << image.stem << ": " << octet_last_error();
    run_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto* actual = static_cast<const uint8_t*>(octet_session_output_data(session.get(), 0));
    ASSERT_NE(actual, nullptr);

    // Output types are uint8 or int8; compare as bytes, report differences in the declared type.
    const bool is_signed = output_info.type == OCTET_TYPE_INT8;
    const auto value = [is_signed](uint8_t b) { return is_signed ? static_cast<int>(static_cast<int8_t>(b)) : b; };
    size_t differing = 0;
    int max_abs_diff = 0;
    std::ostringstream first;
    for (size_t i = 0; i < expected.size(); ++i) {
      if (actual[i] == expected[i]) continue;
      const int diff = std::abs(value(actual[i]) - value(expected[i]));
      max_abs_diff = std::max(max_abs_diff, diff);
      if (differing < 8)
        first << " [" << i << "] octet " << value(actual[i]) << " tflite " << value(expected[i]) << ";";
      ++differing;
    }
    bytes_compared += expected.size();
    const size_t octet_top1 = ArgMax(actual, expected.size());
    if (static_cast<int>(octet_top1) == image.top1) ++top1_agree;
    if (differing > 0) {
      ++mismatched_images;
      ADD_FAILURE() << model_stem << " / " << image.stem << ": " << differing << " of " << expected.size()
                    << " bytes differ, max abs diff " << max_abs_diff << "; first:" << first.str() << " top-1 octet "
                    << octet_top1 << " tflite " << image.top1;
    }
  }

  Totals& totals = GlobalTotals();
  ++totals.models;
  totals.images += images.size();
  totals.bytes += bytes_compared;
  totals.mismatched_images += mismatched_images;
  std::printf(
      "[conformance] %s: %zu images, %zu output bytes compared, %zu images mismatched, top-1 agrees on %zu/%zu; "
      "octet run %.1f ms/image\n",
      model_stem.c_str(), images.size(), bytes_compared, mismatched_images, top1_agree, images.size(),
      1000.0 * run_seconds / static_cast<double>(images.size()));
  RecordProperty("images", static_cast<int>(images.size()));
  RecordProperty("bytes_compared", static_cast<int>(bytes_compared));
}

std::string ParamName(const ::testing::TestParamInfo<const char*>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(RealModels, TfliteModelsTest,
                         ::testing::Values("mobilenet_v1_0.25_128_quant", "tf2_mobilenet_v2_1.0_224_ptq"), ParamName);

}  // namespace

namespace octet {
namespace {

// `octet run photo.bmp` must feed the model the same bytes the goldens were made from: the tool's
// preprocessing (tools/common/image.h) against make_goldens.py's, on the two BMP photos.
TEST(ConformancePreprocessing, ToolImagePipelineMatchesGoldenInputs) {
  const std::string golden_dir = EnvOr("OCTET_CONFORMANCE_GOLDEN_DIR", OCTET_CONFORMANCE_GOLDEN_DIR);
  const std::string shared_dir = EnvOr("OCTET_SHARED_DIR", OCTET_CONFORMANCE_SHARED_DIR);
  if (!Exists(golden_dir + "/manifest.json")) GTEST_SKIP() << "no goldens in " << golden_dir;
  int compared = 0;
  for (const char* model : {"mobilenet_v1_0.25_128_quant", "tf2_mobilenet_v2_1.0_224_ptq"}) {
    const int size = std::string(model).find("_128_") != std::string::npos ? 128 : 224;
    for (const char* photo : {"grace_hopper", "cat"}) {
      std::vector<uint8_t> bmp, golden;
      if (!ReadFile(shared_dir + "/models/images/" + photo + ".bmp", &bmp) ||
          !ReadFile(golden_dir + "/" + model + "/" + photo + ".input.bin", &golden)) {
        continue;
      }
      tools::RgbImage image;
      std::string error;
      ASSERT_TRUE(tools::DecodeBmp(bmp.data(), bmp.size(), &image, &error)) << error;
      const tools::RgbImage input = tools::PreprocessForClassifier(image, size, size);
      ASSERT_EQ(input.pixels, golden) << model << " " << photo << ": the tool's preprocessing differs from the goldens'";
      ++compared;
    }
  }
  if (compared == 0) GTEST_SKIP() << "no BMP goldens found";
}

}  // namespace
}  // namespace octet
