// Pieces every octet subcommand uses: errors with exit codes, argument parsing, file I/O, model
// sources (.octet, .tflite, built-in names) and RAII wrappers over the public C API.
#ifndef OCTET_TOOLS_OCTET_CLI_COMMON_H_
#define OCTET_TOOLS_OCTET_CLI_COMMON_H_

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "octet/octet.h"

namespace octet::cli {

// Exit codes of the tool.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;  // runtime or model errors
constexpr int kExitUsage = 2;    // bad command line

// Thrown by subcommands; main() prints the message and exits with `exit_code`. Using exceptions
// keeps each command a straight line of steps; none crosses the C API (which cannot throw).
class CliError : public std::runtime_error {
 public:
  CliError(int exit_code, const std::string& message) : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};
[[noreturn]] void UsageError(const std::string& message);
[[noreturn]] void Failure(const std::string& message);

// A subcommand's command line: positional arguments and --options. Options listed in
// `value_options` take a value ("--top 5" or "--top=5"); those in `flag_options` take none.
// Short aliases map to long names (e.g. "-o" -> "--output"). Anything else is a usage error.
struct ParsedArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::vector<std::string>> values;  // option -> every value given
  bool help = false;

  bool Has(const std::string& option) const { return values.count(option) != 0; }
  // The last value of `option`, or `fallback`.
  std::string Get(const std::string& option, const std::string& fallback = "") const;
  // Integer value in [min, max]; a malformed or out-of-range value is a usage error naming it.
  int64_t GetInt(const std::string& option, int64_t fallback, int64_t min, int64_t max) const;
};
ParsedArgs ParseArgs(const std::string& command, const std::vector<std::string>& args,
                     const std::vector<std::string>& value_options, const std::vector<std::string>& flag_options = {},
                     const std::map<std::string, std::string>& aliases = {});

// Whole-file I/O; failures name the file and the system's reason.
std::vector<uint8_t> ReadFile(const std::string& path, const std::string& what);
void WriteFile(const std::string& path, const void* data, size_t size, const std::string& what);
bool FileExists(const std::string& path);

// The bytes of a model named on the command line.
struct ModelSource {
  enum class Kind { kOctetFile, kTfliteFile, kBuiltin };
  Kind kind = Kind::kOctetFile;
  std::string name;            // as given on the command line
  std::vector<uint8_t> bytes;  // octet model bytes (converted or built when needed)
  double prepare_ms = 0;       // time spent converting or building, if any
  std::vector<std::string> notes;
};
// MODEL may be an existing .octet or .tflite file (recognised by its FlatBuffers identifier, then
// its extension) or a built-in model name. TFLite files are converted in memory.
ModelSource LoadModelSource(const std::string& model);

// Converts TFLite bytes; a conversion error is a Failure naming `source_name`.
std::vector<uint8_t> ConvertTflite(const std::vector<uint8_t>& tflite, const std::string& source_name,
                                   std::vector<std::string>* notes);

// Owning handles over the C API. Every failure becomes a Failure carrying octet_last_error().
struct ModelDeleter {
  void operator()(octet_model* m) const { octet_model_destroy(m); }
};
struct SessionDeleter {
  void operator()(octet_session* s) const { octet_session_destroy(s); }
};
using ModelHandle = std::unique_ptr<octet_model, ModelDeleter>;
using SessionHandle = std::unique_ptr<octet_session, SessionDeleter>;

// Loads `bytes` (kept alive by the caller until the model is destroyed).
ModelHandle LoadModel(const std::vector<uint8_t>& bytes, const std::string& name);
ModelHandle LoadModelFile(const std::string& path);
// isa: a cap such as "avx2" (empty: OCTET_ISA or the best available).
SessionHandle CreateSession(octet_model* model, int num_threads, const std::string& name, const std::string& isa = "");
void CheckStatus(octet_status status, const std::string& what);

// Text helpers.
const char* TypeName(octet_type type);
size_t TypeSize(octet_type type);
std::string ShapeString(const int32_t* shape, int rank);
std::string QuantString(const octet_tensor_info& info);
std::string TensorInfoString(const octet_tensor_info& info);
// "1.23 M" style counts for humans.
std::string HumanCount(double value);
// Real value of element `index` of a tensor described by `info` (dequantized when quantized).
double DequantizedValue(const octet_tensor_info& info, const void* data, size_t index);
// Raw value of element `index` as a number (int8/uint8/int32 as is, float as is).
double RawValue(const octet_tensor_info& info, const void* data, size_t index);

}  // namespace octet::cli

#endif  // OCTET_TOOLS_OCTET_CLI_COMMON_H_
