// octet quantize MODEL.{tflite,onnx} --calib DIR -o MODEL.octet: post-training quantization of a
// float model, calibrated on sample inputs, with an accuracy report.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "tools/octet/cli_common.h"
#include "tools/octet/commands.h"

#ifdef OCTET_NO_QUANTIZE

namespace octet::cli {
const char kQuantizeUsage[] = "usage: octet quantize (not built: needs libpng-dev and libjpeg-dev)\n";
int QuantizeCommand(const Args&) { Failure("this octet was built without 'quantize' (needs libpng and libjpeg)"); }
}  // namespace octet::cli

#else

#include "tools/quantize/calibration_data.h"
#include "tools/quantize/importers.h"
#include "tools/quantize/pipeline.h"

namespace octet::cli {

const char kQuantizeUsage[] =
    "usage: octet quantize MODEL.{tflite,onnx} --calib PATH -o OUT.octet [options]\n"
    "\n"
    "Quantizes a float TFLite or ONNX model to an int8 octet model, calibrating activation ranges on\n"
    "sample inputs, and reports its error against float.\n"
    "\n"
    "calibration data:\n"
    "  --calib PATH            a folder or file of images (.bmp .png .jpg) or tensors (.npy float32/64,\n"
    "                          .raw float32; NHWC, the model input's size); repeatable\n"
    "  --max-samples N         use at most N samples (default: all)\n"
    "  --size HxW              image size (default: the model input's)\n"
    "  --crop F                central crop fraction before resizing (default 0.875; 1 = none)\n"
    "  --mean A,B,C | none     per-channel mean subtracted from 0..255 pixels (default 127.5)\n"
    "  --std A,B,C             per-channel divisor (default 127.5); with --mean none pixels stay 0..255\n"
    "quantization:\n"
    "  --calibrator NAME       minmax, percentile, entropy or mse (default minmax)\n"
    "  --percentile P          for percentile (default 99.99)\n"
    "  --bins N                histogram bins for percentile/entropy/mse (default 2048)\n"
    "  --per-tensor            per-tensor weights (default: per channel)\n"
    "  --input-type T          float, int8 or uint8 model input (default float)\n"
    "  --output-type T         float, int8 or uint8 model output (default float)\n"
    "  --equalize              cross-layer equalization of consecutive layers; across a RELU6 it keeps\n"
    "                          RELU6 and leaves the channels that saturate on the calibration data unscaled\n"
    "                          (the float function stays the same on that data)\n"
    "  --equalize-relu6        with --equalize: replace RELU6 between two layers by RELU instead, as the DFQ\n"
    "                          paper does; this changes the float model (a quarter of EfficientNet-Lite0's\n"
    "                          top-1 predictions); the report still compares against the original model\n"
    "  --bias-correct          empirical bias correction\n"
    "  --bias-samples N        samples for bias correction (default 16)\n"
    "report:\n"
    "  --labels FILE.csv       labels for accuracy: a CSV with a 'file' column and --label-column\n"
    "  --label-column NAME     (default index_1001)\n"
    "  --label-offset N        added to each label to get the model's class index (default 0)\n"
    "  --sensitivity-samples N samples for the sensitivity ranking (default 8; 0: skip)\n"
    "  --no-eval               skip the report (no int8 run)\n"
    "  --json FILE             the report as JSON\n"
    "  --report FILE.html      the report as one self-contained HTML page\n"
    "  --quiet                 no progress line\n";

namespace {

std::vector<float> ParseFloats(const std::string& text, const std::string& option) {
  std::vector<float> values;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    char* end = nullptr;
    const float v = std::strtof(item.c_str(), &end);
    if (item.empty() || *end != '\0') UsageError(option + ": '" + text + "' is not a comma-separated list of numbers");
    values.push_back(v);
  }
  if (values.size() == 1) values.assign(3, values[0]);
  if (values.size() != 3) UsageError(option + ": expected 1 or 3 values");
  return values;
}

// label per file base name, from a CSV with a header row.
std::map<std::string, int> ReadLabels(const std::string& path, const std::string& column, int offset) {
  std::ifstream in(path);
  if (!in) Failure(path + ": cannot open labels");
  std::string line;
  std::getline(in, line);
  auto split = [](const std::string& l) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (char c : l) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.push_back(field);
        field.clear();
      } else if (c != '\r') {
        field += c;
      }
    }
    fields.push_back(field);
    return fields;
  };
  const std::vector<std::string> header = split(line);
  int file_col = -1, label_col = -1;
  for (size_t k = 0; k < header.size(); ++k) {
    if (header[k] == "file") file_col = static_cast<int>(k);
    if (header[k] == column) label_col = static_cast<int>(k);
  }
  if (file_col < 0 || label_col < 0) Failure(path + ": needs columns 'file' and '" + column + "'");
  std::map<std::string, int> labels;
  while (std::getline(in, line)) {
    const std::vector<std::string> f = split(line);
    if (f.size() <= static_cast<size_t>(std::max(file_col, label_col))) continue;
    labels[f[static_cast<size_t>(file_col)]] = std::atoi(f[static_cast<size_t>(label_col)].c_str()) + offset;
  }
  return labels;
}

}  // namespace

int QuantizeCommand(const Args& args) {
  using namespace octet::quantize;  // NOLINT(build/namespaces)
  const ParsedArgs parsed =
      ParseArgs("quantize", args,
                {"--output", "--calib", "--max-samples", "--size", "--crop", "--mean", "--std", "--calibrator",
                 "--percentile", "--bins", "--input-type", "--output-type", "--bias-samples", "--labels",
                 "--label-column", "--label-offset", "--sensitivity-samples", "--json", "--report"},
                {"--per-tensor", "--equalize", "--equalize-relu6", "--bias-correct", "--no-eval", "--quiet"},
                {{"-o", "--output"}});
  if (parsed.help) {
    std::fputs(kQuantizeUsage, stdout);
    return kExitOk;
  }
  if (parsed.positional.size() != 1) UsageError("expected one float model (see 'octet quantize --help')");
  if (!parsed.Has("--output")) UsageError("missing -o OUTPUT.octet");
  if (!parsed.Has("--calib")) UsageError("missing --calib PATH (calibration images or tensors)");
  const std::string model_path = parsed.positional[0];

  PipelineOptions options;
  if (!ParseMethod(parsed.Get("--calibrator", "minmax"), &options.calibrator.method)) {
    UsageError("--calibrator: expected minmax, percentile, entropy or mse");
  }
  if (parsed.Has("--percentile")) {
    options.calibrator.percentile = std::atof(parsed.Get("--percentile").c_str());
    if (!(options.calibrator.percentile > 50 && options.calibrator.percentile <= 100)) {
      UsageError("--percentile: expected a value in (50, 100]");
    }
  }
  options.calibrator.bins = static_cast<int>(parsed.GetInt("--bins", 2048, 256, 1 << 16));
  options.per_channel = !parsed.Has("--per-tensor");
  if (!ParseIoType(parsed.Get("--input-type", "float"), &options.input_type) ||
      !ParseIoType(parsed.Get("--output-type", "float"), &options.output_type)) {
    UsageError("--input-type/--output-type: expected float, int8 or uint8");
  }
  options.equalize = parsed.Has("--equalize");
  options.relu6 = parsed.Has("--equalize-relu6") ? Relu6Mode::kReplace : Relu6Mode::kBounded;
  options.bias_correct = parsed.Has("--bias-correct");
  options.bias_correction_samples = static_cast<int>(parsed.GetInt("--bias-samples", 16, 1, 100000));
  options.sensitivity_samples = static_cast<int>(parsed.GetInt("--sensitivity-samples", 8, 0, 100000));
  options.evaluate = !parsed.Has("--no-eval");
  const bool quiet = parsed.Has("--quiet");

  // The model.
  const std::vector<uint8_t> bytes = ReadFile(model_path, "model");
  const bool is_tflite = bytes.size() >= 8 && std::string(bytes.begin() + 4, bytes.begin() + 8) == "TFL3";
  ImportResult imported = is_tflite ? ImportTflite(bytes.data(), bytes.size(), model_path)
                                    : ImportOnnx(bytes.data(), bytes.size(), model_path);
  if (!imported.ok) Failure(imported.error);
  for (const auto& note : imported.notes) std::fprintf(stderr, "note: %s\n", note.c_str());
  const Graph& graph = imported.graph;
  if (graph.inputs.size() != 1) Failure(model_path + ": only models with one input are supported");
  const Tensor& input = graph.tensors[static_cast<size_t>(graph.inputs[0])];

  // Calibration samples.
  PreprocessOptions pre;
  if (parsed.Has("--size")) {
    const std::string size = parsed.Get("--size");
    if (std::sscanf(size.c_str(), "%dx%d", &pre.height, &pre.width) != 2 || pre.height <= 0 || pre.width <= 0) {
      UsageError("--size: expected HxW");
    }
  } else if (input.shape.size() == 4) {
    pre.height = input.shape[1];
    pre.width = input.shape[2];
  }
  if (parsed.Has("--crop")) {
    pre.crop = std::atof(parsed.Get("--crop").c_str());
    if (!(pre.crop > 0 && pre.crop <= 1)) UsageError("--crop: expected a fraction in (0, 1]");
  }
  if (parsed.Get("--mean") == "none") {
    pre.normalize = false;
  } else {
    if (parsed.Has("--mean")) {
      const auto m = ParseFloats(parsed.Get("--mean"), "--mean");
      for (int c = 0; c < 3; ++c) pre.mean[c] = m[static_cast<size_t>(c)];
    }
    if (parsed.Has("--std")) {
      const auto s = ParseFloats(parsed.Get("--std"), "--std");
      for (int c = 0; c < 3; ++c) pre.std[c] = s[static_cast<size_t>(c)];
    }
  }
  std::vector<std::string> files;
  for (const std::string& path : parsed.values.at("--calib")) {
    std::string error;
    const auto found = ListCalibrationFiles(path, &error);
    if (!error.empty()) Failure(error);
    files.insert(files.end(), found.begin(), found.end());
  }
  const size_t max_samples = static_cast<size_t>(parsed.GetInt("--max-samples", 1 << 30, 1, 1 << 30));
  if (files.size() > max_samples) files.resize(max_samples);
  std::map<std::string, int> labels;
  if (parsed.Has("--labels")) {
    labels = ReadLabels(parsed.Get("--labels"), parsed.Get("--label-column", "index_1001"),
                        static_cast<int>(parsed.GetInt("--label-offset", 0, -100000, 100000)));
  }
  std::vector<Sample> samples;
  for (size_t k = 0; k < files.size(); ++k) {
    const std::string& file = files[k];
    std::vector<float> values;
    std::string error;
    if (IsImagePath(file)) {
      if (input.shape.size() != 4 || input.shape[3] != 3)
        Failure(model_path + ": image calibration needs an NHWC RGB input");
      tools::RgbImage image;
      if (!LoadImageFile(file, &image, &error)) Failure(error);
      if (pre.height != input.shape[1] || pre.width != input.shape[2]) {
        Failure("--size " + std::to_string(pre.height) + "x" + std::to_string(pre.width) +
                " differs from the model input");
      }
      values = PreprocessImage(image, pre);
    } else if (!LoadTensorFile(file, input.elements(), &values, &error)) {
      Failure(error);
    }
    samples.push_back(Sample{std::move(values)});
    auto it = labels.find(std::filesystem::path(file).filename().string());
    options.labels.push_back(it == labels.end() ? -1 : it->second);
    if (!quiet) std::fprintf(stderr, "\rloading calibration data %zu/%zu", k + 1, files.size());
  }
  if (!quiet) std::fputc('\n', stderr);
  if (!quiet) {
    options.progress = [](const std::string& phase, int done, int total) {
      std::fprintf(stderr, "\r%s %d/%d   ", phase.c_str(), done, total);
      if (done == total) std::fputc('\n', stderr);
      std::fflush(stderr);
    };
  }
  options.description = "quantized from " + model_path + " on " + std::to_string(samples.size()) + " sample(s)";

  const PipelineResult result = QuantizeGraph(graph, samples, options);
  if (!result.ok) Failure(model_path + ": " + result.error);
  const std::string output = parsed.Get("--output");
  WriteFile(output, result.model.data(), result.model.size(), "output model");
  std::printf("wrote %s (%zu bytes)\n", output.c_str(), result.model.size());
  std::fputs(ReportText(result.report).c_str(), stdout);
  if (parsed.Has("--json")) {
    const std::string json = ReportJson(result.report);
    WriteFile(parsed.Get("--json"), json.data(), json.size(), "JSON report");
  }
  if (parsed.Has("--report")) {
    const std::string html = ReportHtml(result.report);
    WriteFile(parsed.Get("--report"), html.data(), html.size(), "HTML report");
  }
  return kExitOk;
}

}  // namespace octet::cli

#endif  // OCTET_NO_QUANTIZE
