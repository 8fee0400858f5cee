// octet run MODEL --input IN [--output OUT.bin] [--top K] [--labels FILE] [--threads N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <numeric>

#include "tools/common/image.h"
#include "tools/octet/cli_common.h"
#include "tools/octet/commands.h"

namespace octet::cli {

const char kRunUsage[] =
    "usage: octet run MODEL --input IN [--input IN2 ...] [--output OUT.bin] [--top K] [--labels FILE]\n"
    "                 [--threads N]\n"
    "\n"
    "MODEL is an .octet file, a .tflite file (converted in memory) or a built-in model name.\n"
    "--input   one per model input, in order. Either a raw tensor file of exactly the input's byte\n"
    "          size (taken as raw even if it starts with 'BM'), or a BMP image (uncompressed 24/32-bit,\n"
    "          recognised by its 'BM' magic) for a [1,H,W,3] input. Images are preprocessed like the\n"
    "          reference MobileNets: RGB, central crop of\n"
    "          87.5%, bilinear resize to HxW; then uint8 inputs get the pixel values as they are,\n"
    "          int8 inputs pixel - 128, float32 inputs pixel / 127.5 - 1.\n"
    "--output  writes the raw bytes of output 0 to OUT.bin.\n"
    "--top K   prints the K highest scores of output 0: index, label (with --labels, one label per\n"
    "          line, line N = class N), raw value and dequantized value.\n"
    "Without --output a one-line summary of output 0 is printed.\n";

namespace {

void FillInput(octet_session* session, int index, const std::string& path) {
  octet_tensor_info info;
  CheckStatus(octet_session_input_info(session, index, &info), "input " + std::to_string(index));
  void* data = octet_session_input_data(session, index);
  if (data == nullptr) Failure("input " + std::to_string(index) + ": the session has no data for it");
  const std::vector<uint8_t> bytes = ReadFile(path, "input");
  const std::string input_name = "input " + std::to_string(index) + " " + TensorInfoString(info);

  if (tools::LooksLikeBmp(bytes.data(), bytes.size()) && bytes.size() != info.byte_size) {
    tools::RgbImage image;
    std::string error;
    if (!tools::DecodeBmp(bytes.data(), bytes.size(), &image, &error)) {
      Failure("input image '" + path + "': " + error);
    }
    if (info.rank != 4 || info.shape[0] != 1 || info.shape[3] != 3) {
      Failure("input image '" + path + "' needs a [1,H,W,3] input tensor, but " + input_name + " is not one");
    }
    const tools::RgbImage resized = tools::PreprocessForClassifier(image, info.shape[1], info.shape[2]);
    if (!tools::WriteImageToTensor(resized, info.type, data, info.byte_size, &error)) {
      Failure("input image '" + path + "' for " + input_name + ": " + error);
    }
    return;
  }
  if (bytes.size() != info.byte_size) {
    Failure("input file '" + path + "' has " + std::to_string(bytes.size()) + " bytes, but " + input_name +
            " needs exactly " + std::to_string(info.byte_size) + " (or a BMP image)");
  }
  std::memcpy(data, bytes.data(), bytes.size());
}

std::vector<std::string> ReadLabels(const std::string& path) {
  const std::vector<uint8_t> bytes = ReadFile(path, "labels file");
  std::vector<std::string> labels;
  std::string line;
  for (uint8_t byte : bytes) {
    if (byte == '\n') {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      labels.push_back(line);
      line.clear();
    } else {
      line.push_back(static_cast<char>(byte));
    }
  }
  if (!line.empty()) labels.push_back(line);
  return labels;
}

}  // namespace

int RunCommand(const Args& args) {
  const ParsedArgs parsed = ParseArgs("run", args, {"--isa", "--input", "--output", "--top", "--labels", "--threads"}, {},
                                      {{"-i", "--input"}, {"-o", "--output"}});
  if (parsed.help) {
    std::fputs(kRunUsage, stdout);
    return kExitOk;
  }
  if (parsed.positional.size() != 1) UsageError("expected one MODEL (see 'octet run --help')");
  if (!parsed.Has("--input")) UsageError("missing --input IN");
  if (parsed.Has("--labels") && !parsed.Has("--top")) UsageError("--labels needs --top K");
  const int64_t top = parsed.GetInt("--top", 0, 1, 1 << 30);
  const int threads = static_cast<int>(parsed.GetInt("--threads", 0, 0, 1024));
  const std::vector<std::string> labels =
      parsed.Has("--labels") ? ReadLabels(parsed.Get("--labels")) : std::vector<std::string>{};

  const std::string& model_name = parsed.positional[0];
  const ModelSource source = LoadModelSource(model_name);
  const ModelHandle model =
      source.kind == ModelSource::Kind::kOctetFile ? LoadModelFile(model_name) : LoadModel(source.bytes, model_name);
  const SessionHandle session = CreateSession(model.get(), threads, model_name, parsed.Get("--isa"));

  const std::vector<std::string>& inputs = parsed.values.at("--input");
  const int num_inputs = octet_model_num_inputs(model.get());
  if (static_cast<int>(inputs.size()) != num_inputs) {
    UsageError("model '" + model_name + "' has " + std::to_string(num_inputs) + " input(s) but " +
               std::to_string(inputs.size()) + " --input given");
  }
  for (int i = 0; i < num_inputs; ++i) FillInput(session.get(), i, inputs[i]);

  const auto start = std::chrono::steady_clock::now();
  CheckStatus(octet_session_run(session.get()), "run of '" + model_name + "' failed");
  const double run_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  octet_tensor_info out;
  CheckStatus(octet_session_output_info(session.get(), 0, &out), "output 0");
  const void* data = octet_session_output_data(session.get(), 0);
  if (data == nullptr) Failure("output 0 of '" + model_name + "' has no data");
  const size_t count = out.byte_size / TypeSize(out.type);

  if (parsed.Has("--output")) {
    const std::string path = parsed.Get("--output");
    WriteFile(path, data, out.byte_size, "output file");
    std::printf("wrote output 0 %s to %s\n", TensorInfoString(out).c_str(), path.c_str());
  }
  if (top > 0) {
    std::vector<size_t> order(count);
    std::iota(order.begin(), order.end(), size_t{0});
    const size_t shown = std::min(static_cast<size_t>(top), count);
    // Highest dequantized score first; equal scores keep the lower index first.
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(shown), order.end(),
                      [&](size_t a, size_t b) {
                        const double va = DequantizedValue(out, data, a), vb = DequantizedValue(out, data, b);
                        return va > vb || (va == vb && a < b);
                      });
    std::printf("top %zu of output 0 '%s':\n", shown, out.name ? out.name : "");
    std::printf("  %6s %12s %12s  %s\n", "index", "raw", "score", "label");
    for (size_t r = 0; r < shown; ++r) {
      const size_t i = order[r];
      std::printf("  %6zu %12.8g %12.6f  %s\n", i, RawValue(out, data, i), DequantizedValue(out, data, i),
                  i < labels.size() ? labels[i].c_str() : "");
    }
  }
  if (!parsed.Has("--output")) {
    size_t best = 0;
    for (size_t i = 1; i < count; ++i) {
      if (DequantizedValue(out, data, i) > DequantizedValue(out, data, best)) best = i;
    }
    std::printf("%s: output 0 %s: max at index %zu (raw %.8g, value %.6f), run %.2f ms\n", model_name.c_str(),
                TensorInfoString(out).c_str(), best, count ? RawValue(out, data, best) : 0.0,
                count ? DequantizedValue(out, data, best) : 0.0, run_ms);
  }
  return kExitOk;
}

}  // namespace octet::cli
