// octet convert MODEL.tflite -o MODEL.octet
#include <cstdio>

#include "tools/octet/cli_common.h"
#include "tools/octet/commands.h"

namespace octet::cli {

const char kConvertUsage[] =
    "usage: octet convert MODEL.tflite -o MODEL.octet\n"
    "\n"
    "Converts a quantized TFLite model to the octet format. Notes from the converter go to stderr.\n";

int ConvertCommand(const Args& args) {
  const ParsedArgs parsed = ParseArgs("convert", args, {"--output"}, {}, {{"-o", "--output"}});
  if (parsed.help) {
    std::fputs(kConvertUsage, stdout);
    return kExitOk;
  }
  if (parsed.positional.size() != 1) UsageError("expected one input model (see 'octet convert --help')");
  if (!parsed.Has("--output")) UsageError("missing -o OUTPUT.octet");
  const std::string& input = parsed.positional[0];
  const std::string output = parsed.Get("--output");

  std::vector<std::string> notes;
  const std::vector<uint8_t> model = ConvertTflite(ReadFile(input, "model"), input, &notes);
  for (const auto& note : notes) std::fprintf(stderr, "note: %s\n", note.c_str());
  WriteFile(output, model.data(), model.size(), "output model");
  std::printf("wrote %s (%zu bytes)\n", output.c_str(), model.size());
  return kExitOk;
}

}  // namespace octet::cli
