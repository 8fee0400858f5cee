// octet builtin [NAME -o FILE.octet]
#include <cstdio>

#include "tools/common/builtin_models.h"
#include "tools/octet/cli_common.h"
#include "tools/octet/commands.h"

namespace octet::cli {

const char kBuiltinUsage[] =
    "usage: octet builtin                    list the built-in models\n"
    "       octet builtin NAME -o FILE.octet write one to a file\n"
    "\n"
    "Built-in models are MobileNet-shaped int8 networks with seeded random weights (not trained\n"
    "classifiers). Every command also accepts their names in place of a model file.\n";

int BuiltinCommand(const Args& args) {
  const ParsedArgs parsed = ParseArgs("builtin", args, {"--output"}, {}, {{"-o", "--output"}});
  if (parsed.help) {
    std::fputs(kBuiltinUsage, stdout);
    return kExitOk;
  }
  if (parsed.positional.empty()) {
    if (parsed.Has("--output")) UsageError("-o needs a model NAME (run 'octet builtin' for the list)");
    for (const auto& info : tools::BuiltinModels()) {
      std::printf("%-24s %s\n", info.name.c_str(), info.description.c_str());
    }
    return kExitOk;
  }
  if (parsed.positional.size() != 1) UsageError("expected one model NAME");
  if (!parsed.Has("--output")) UsageError("missing -o FILE.octet");
  const std::string& name = parsed.positional[0];
  std::vector<uint8_t> model;
  std::string error;
  if (!tools::BuildBuiltinModel(name, tools::BuiltinOptions{}, &model, &error)) UsageError(error);
  const std::string output = parsed.Get("--output");
  WriteFile(output, model.data(), model.size(), "output model");
  std::printf("wrote %s (%zu bytes)\n", output.c_str(), model.size());
  return kExitOk;
}

}  // namespace octet::cli
