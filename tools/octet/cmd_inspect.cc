// octet inspect MODEL
#include <cstdio>

#include "tools/octet/cli_common.h"
#include "tools/octet/commands.h"
#include "tools/octet/model_summary.h"

namespace octet::cli {

const char kInspectUsage[] =
    "usage: octet inspect MODEL\n"
    "\n"
    "Prints the metadata, the inputs and outputs (shape, type, quantization), every operator (type,\n"
    "input and output shapes, key options, multiply-accumulates for CONV/DEPTHWISE/FC), the total\n"
    "MACs, the weight bytes and the activation arena one session allocates.\n";

namespace {

const char* KindText(ModelSource::Kind kind) {
  switch (kind) {
    case ModelSource::Kind::kOctetFile:
      return "octet file";
    case ModelSource::Kind::kTfliteFile:
      return "converted from TFLite";
    case ModelSource::Kind::kBuiltin:
      return "built-in";
  }
  return "";
}

std::string TensorShapes(const std::vector<int>& indices, const ModelSummary& summary) {
  std::string s;
  for (int t : indices) {
    if (!s.empty()) s += " ";
    if (t < 0) {
      s += "-";
    } else if (static_cast<size_t>(t) >= summary.tensors.size()) {
      s += "#" + std::to_string(t) + "?";
    } else {
      s += ShapeText(summary.tensors[t].shape);
    }
  }
  return s;
}

void PrintGraphTensors(const char* title, const std::vector<int>& indices, const ModelSummary& summary) {
  std::printf("%s:\n", title);
  for (size_t i = 0; i < indices.size(); ++i) {
    const int t = indices[i];
    if (t < 0 || static_cast<size_t>(t) >= summary.tensors.size()) {
      std::printf("  %zu: tensor %d (out of range)\n", i, t);
      continue;
    }
    const TensorSummary& ts = summary.tensors[t];
    std::printf("  %zu: '%s' %s %s, %s\n", i, ts.name.c_str(), ts.type.c_str(), ShapeText(ts.shape).c_str(),
                ts.quantization.empty() ? "not quantized" : ts.quantization.c_str());
  }
}

}  // namespace

int InspectCommand(const Args& args) {
  const ParsedArgs parsed = ParseArgs("inspect", args, {});
  if (parsed.help) {
    std::fputs(kInspectUsage, stdout);
    return kExitOk;
  }
  if (parsed.positional.size() != 1) UsageError("expected one MODEL (see 'octet inspect --help')");
  const std::string& model_name = parsed.positional[0];
  const ModelSource source = LoadModelSource(model_name);
  for (const auto& note : source.notes) std::fprintf(stderr, "note: %s\n", note.c_str());

  ModelSummary summary;
  std::string error;
  if (!SummarizeModel(source.bytes.data(), source.bytes.size(), &summary, &error)) {
    Failure("model '" + model_name + "': " + error);
  }

  std::printf("model: %s (%s, %zu bytes)\n", model_name.c_str(), KindText(source.kind), source.bytes.size());
  std::printf("format version: %u\n", summary.format_version);
  std::printf("producer: %s\nsource: %s\ndescription: %s\n", summary.producer.c_str(), summary.source_model.c_str(),
              summary.description.c_str());
  PrintGraphTensors("inputs", summary.inputs, summary);
  PrintGraphTensors("outputs", summary.outputs, summary);

  std::printf("operators: %zu\n", summary.ops.size());
  std::printf("  %4s %-18s %-44s %-20s %-40s %10s\n", "#", "type", "inputs", "outputs", "options", "MACs");
  for (const OpSummary& op : summary.ops) {
    char line[1024];
    std::snprintf(line, sizeof(line), "  %4d %-18s %-44s %-20s %-40s %10s", op.index, op.type.c_str(),
                  TensorShapes(op.inputs, summary).c_str(), TensorShapes(op.outputs, summary).c_str(),
                  op.options.c_str(), op.macs ? HumanCount(static_cast<double>(op.macs)).c_str() : "");
    std::string text = line;
    text.erase(text.find_last_not_of(' ') + 1);
    std::printf("%s\n", text.c_str());
  }
  std::printf("total MACs: %s (%lld)\n", HumanCount(static_cast<double>(summary.total_macs)).c_str(),
              static_cast<long long>(summary.total_macs));
  std::printf("weight bytes: %lld\n", static_cast<long long>(summary.weight_bytes));

  // The arena size comes from the runtime's own planner, so the model must load.
  octet_model* model = nullptr;
  const octet_status status = octet_model_load_memory(source.bytes.data(), source.bytes.size(), &model);
  if (status != OCTET_OK) {
    std::printf("arena bytes: unavailable\n");
    std::fflush(stdout);
    CheckStatus(status, "the runtime cannot load '" + model_name + "'");
  }
  const ModelHandle handle(model);
  std::printf("arena bytes: %zu\n", octet_model_arena_size(handle.get()));
  return kExitOk;
}

}  // namespace octet::cli
