#include "tools/octet/cli_common.h"

#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "tools/common/builtin_models.h"
#include "tools/convert/tflite_to_octet.h"

namespace octet::cli {

void UsageError(const std::string& message) { throw CliError(kExitUsage, message); }
void Failure(const std::string& message) { throw CliError(kExitFailure, message); }

std::string ParsedArgs::Get(const std::string& option, const std::string& fallback) const {
  const auto it = values.find(option);
  return it == values.end() || it->second.empty() ? fallback : it->second.back();
}

int64_t ParsedArgs::GetInt(const std::string& option, int64_t fallback, int64_t min, int64_t max) const {
  if (!Has(option)) return fallback;
  const std::string text = Get(option);
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    UsageError(option + ": '" + text + "' is not an integer");
  }
  if (value < min || value > max) {
    UsageError(option + ": " + text + " is out of range [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  }
  return value;
}

ParsedArgs ParseArgs(const std::string& command, const std::vector<std::string>& args,
                     const std::vector<std::string>& value_options, const std::vector<std::string>& flag_options,
                     const std::map<std::string, std::string>& aliases) {
  auto listed = [](const std::vector<std::string>& list, const std::string& name) {
    for (const auto& item : list) {
      if (item == name) return true;
    }
    return false;
  };
  ParsedArgs parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "--help" || arg == "-h") {
      parsed.help = true;
      continue;
    }
    if (arg.size() < 2 || arg[0] != '-' || arg == "--") {
      parsed.positional.push_back(arg);
      continue;
    }
    std::string value;
    bool has_inline_value = false;
    if (const size_t eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_inline_value = true;
    }
    if (const auto alias = aliases.find(arg); alias != aliases.end()) arg = alias->second;
    if (listed(flag_options, arg)) {
      if (has_inline_value) UsageError(arg + " takes no value");
      parsed.values[arg].push_back("");
    } else if (listed(value_options, arg)) {
      if (!has_inline_value) {
        if (i + 1 >= args.size()) UsageError(arg + " needs a value");
        value = args[++i];
      }
      parsed.values[arg].push_back(value);
    } else {
      UsageError("unknown option '" + args[i] + "' (see 'octet " + command + " --help')");
    }
  }
  return parsed;
}

std::vector<uint8_t> ReadFile(const std::string& path, const std::string& what) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) Failure("cannot open " + what + " '" + path + "': " + std::strerror(errno));
  std::vector<uint8_t> bytes;
  uint8_t chunk[1 << 16];
  size_t got;
  while ((got = std::fread(chunk, 1, sizeof(chunk), file)) > 0) bytes.insert(bytes.end(), chunk, chunk + got);
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) Failure("cannot read " + what + " '" + path + "'");
  return bytes;
}

void WriteFile(const std::string& path, const void* data, size_t size, const std::string& what) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) Failure("cannot create " + what + " '" + path + "': " + std::strerror(errno));
  const bool written = std::fwrite(data, 1, size, file) == size;
  if (std::fclose(file) != 0 || !written) Failure("cannot write " + what + " '" + path + "'");
}

bool FileExists(const std::string& path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

namespace {
double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}
bool HasIdentifier(const std::vector<uint8_t>& bytes, const char* id) {
  return bytes.size() >= 8 && std::memcmp(bytes.data() + 4, id, 4) == 0;
}
bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

std::vector<uint8_t> ConvertTflite(const std::vector<uint8_t>& tflite, const std::string& source_name,
                                   std::vector<std::string>* notes) {
  tools::ConvertResult result = tools::ConvertTfliteToOctet(tflite.data(), tflite.size(), source_name);
  if (!result.ok) Failure("cannot convert '" + source_name + "': " + result.error);
  if (notes != nullptr) *notes = std::move(result.notes);
  return std::move(result.model);
}

ModelSource LoadModelSource(const std::string& model) {
  ModelSource source;
  source.name = model;
  if (FileExists(model)) {
    source.bytes = ReadFile(model, "model");
    // The FlatBuffers file identifier decides; the extension only breaks ties for files without one.
    const bool tflite =
        HasIdentifier(source.bytes, "TFL3") || (!HasIdentifier(source.bytes, "OCT1") && EndsWith(model, ".tflite"));
    if (tflite) {
      source.kind = ModelSource::Kind::kTfliteFile;
      const auto start = std::chrono::steady_clock::now();
      std::vector<uint8_t> converted = ConvertTflite(source.bytes, model, &source.notes);
      source.prepare_ms = MillisecondsSince(start);
      source.bytes = std::move(converted);
    }
    return source;
  }
  if (tools::IsBuiltinModel(model)) {
    source.kind = ModelSource::Kind::kBuiltin;
    const auto start = std::chrono::steady_clock::now();
    std::string error;
    if (!tools::BuildBuiltinModel(model, tools::BuiltinOptions{}, &source.bytes, &error)) Failure(error);
    source.prepare_ms = MillisecondsSince(start);
    return source;
  }
  std::string known;
  for (const auto& info : tools::BuiltinModels()) known += (known.empty() ? "" : ", ") + info.name;
  Failure("model '" + model + "' is neither a readable file nor a built-in model (built-in: " + known + ")");
}

void CheckStatus(octet_status status, const std::string& what) {
  if (status == OCTET_OK) return;
  const std::string detail = octet_last_error();
  Failure(what + ": " + octet_status_string(status) + (detail.empty() ? "" : ": " + detail));
}

ModelHandle LoadModel(const std::vector<uint8_t>& bytes, const std::string& name) {
  octet_model* model = nullptr;
  CheckStatus(octet_model_load_memory(bytes.data(), bytes.size(), &model), "cannot load model '" + name + "'");
  return ModelHandle(model);
}

ModelHandle LoadModelFile(const std::string& path) {
  octet_model* model = nullptr;
  CheckStatus(octet_model_load_file(path.c_str(), &model), "cannot load model '" + path + "'");
  return ModelHandle(model);
}

SessionHandle CreateSession(octet_model* model, int num_threads, const std::string& name, const std::string& isa) {
  octet_session_options options;
  octet_session_options_init(&options);
  options.num_threads = num_threads;
  options.isa = isa.empty() ? nullptr : isa.c_str();
  octet_session* session = nullptr;
  CheckStatus(octet_session_create(model, &options, &session), "cannot create a session for '" + name + "'");
  return SessionHandle(session);
}

const char* TypeName(octet_type type) {
  switch (type) {
    case OCTET_TYPE_INT8:
      return "int8";
    case OCTET_TYPE_UINT8:
      return "uint8";
    case OCTET_TYPE_INT32:
      return "int32";
    case OCTET_TYPE_FLOAT32:
      return "float32";
  }
  return "unknown";
}

size_t TypeSize(octet_type type) { return type == OCTET_TYPE_INT32 || type == OCTET_TYPE_FLOAT32 ? 4 : 1; }

std::string ShapeString(const int32_t* shape, int rank) {
  std::string s = "[";
  for (int i = 0; i < rank; ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string QuantString(const octet_tensor_info& info) {
  if (info.num_scales == 0) return "not quantized";
  char text[96];
  if (info.num_scales == 1) {
    std::snprintf(text, sizeof(text), "scale %.9g zero point %lld", static_cast<double>(info.scales[0]),
                  static_cast<long long>(info.zero_points[0]));
  } else {
    std::snprintf(text, sizeof(text), "per-channel (%d scales, axis %d)", info.num_scales, info.quantized_axis);
  }
  return text;
}

std::string TensorInfoString(const octet_tensor_info& info) {
  return std::string("'") + (info.name ? info.name : "") + "' " + TypeName(info.type) + " " +
         ShapeString(info.shape, info.rank) + " (" + std::to_string(info.byte_size) + " bytes), " + QuantString(info);
}

std::string HumanCount(double value) {
  const char* units[] = {"", " K", " M", " G", " T"};
  int unit = 0;
  while (value >= 1000.0 && unit < 4) {
    value /= 1000.0;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof(text), unit == 0 ? "%.0f%s" : "%.2f%s", value, units[unit]);
  return text;
}

double RawValue(const octet_tensor_info& info, const void* data, size_t index) {
  switch (info.type) {
    case OCTET_TYPE_INT8:
      return static_cast<const int8_t*>(data)[index];
    case OCTET_TYPE_UINT8:
      return static_cast<const uint8_t*>(data)[index];
    case OCTET_TYPE_INT32:
      return static_cast<const int32_t*>(data)[index];
    case OCTET_TYPE_FLOAT32:
      return static_cast<const float*>(data)[index];
  }
  return 0;
}

double DequantizedValue(const octet_tensor_info& info, const void* data, size_t index) {
  const double raw = RawValue(info, data, index);
  if (info.num_scales == 0) return raw;
  size_t channel = 0;
  if (info.num_scales > 1 && info.quantized_axis >= 0 && info.quantized_axis < info.rank) {
    size_t inner = 1;
    for (int d = info.quantized_axis + 1; d < info.rank; ++d) inner *= static_cast<size_t>(info.shape[d]);
    channel = (index / inner) % static_cast<size_t>(info.shape[info.quantized_axis]);
  }
  return static_cast<double>(info.scales[channel]) * (raw - static_cast<double>(info.zero_points[channel]));
}

}  // namespace octet::cli
