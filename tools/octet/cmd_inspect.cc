// octet inspect MODEL [--dot FILE]
#include <cstdio>
#include <map>
#include <string>

#include "tools/octet/cli_common.h"
#include "tools/octet/commands.h"
#include "tools/octet/model_summary.h"

namespace octet::cli {

const char kInspectUsage[] =
    "usage: octet inspect MODEL [--dot FILE]\n"
    "\n"
    "Prints the metadata, the inputs and outputs (shape, type, quantization), every operator (type,\n"
    "input and output shapes, key options, multiply-accumulates for CONV/DEPTHWISE/FC), the total\n"
    "MACs, the weight bytes and the activation arena one session allocates.\n"
    "\n"
    "  --dot FILE   also write the graph for Graphviz ('-': to stdout, instead of the summary):\n"
    "               operators are nodes (type, options, constant inputs), activation tensors are\n"
    "               edges (name, shape, type, quantization). View it with: dot -Tsvg FILE -o graph.svg\n";

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

// DOT text: a double-quoted string's content, with "\\n" line breaks kept as DOT escapes.
std::string DotEscape(const std::string& text) {
  std::string s;
  for (char c : text) {
    if (c == '"' || c == '\\') s += '\\';
    if (c == '\n' || c == '\r') {
      s += ' ';
      continue;
    }
    s += c;
  }
  return s;
}

std::string TensorDescription(const TensorSummary& t) {
  return ShapeText(t.shape) + " " + t.type + (t.quantization.empty() ? "" : ", " + t.quantization);
}

bool ValidTensor(int t, const ModelSummary& summary) {
  return t >= 0 && static_cast<size_t>(t) < summary.tensors.size();
}

// The graph for Graphviz: one box per operator (index, type, options, constant inputs), one oval per
// graph input and output, and an edge per use of an activation tensor, labelled with its name,
// shape, type and quantization.
std::string DotGraph(const std::string& model_name, const ModelSummary& summary) {
  std::string dot = "digraph octet {\n";
  dot += "  label=\"" + DotEscape(model_name) + " (" + std::to_string(summary.ops.size()) + " operators)\";\n";
  dot += "  labelloc=t;\n  rankdir=TB;\n";
  dot += "  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n";

  std::map<int, std::string> producer;  // tensor -> node that makes it
  for (size_t i = 0; i < summary.inputs.size(); ++i) {
    const int t = summary.inputs[i];
    const std::string node = "in" + std::to_string(i);
    const std::string name = ValidTensor(t, summary) ? summary.tensors[t].name : "tensor " + std::to_string(t);
    dot += "  " + node + " [shape=oval, style=filled, fillcolor=\"#dbeafe\", label=\"input " + std::to_string(i) +
           "\\n" + DotEscape(name) + "\"];\n";
    producer[t] = node;
  }
  for (const OpSummary& op : summary.ops) {
    for (int t : op.outputs) producer[t] = "op" + std::to_string(op.index);
  }

  auto edge = [&](const std::string& from, const std::string& to, int t) {
    std::string label = "tensor " + std::to_string(t) + "?";
    if (ValidTensor(t, summary)) {
      const TensorSummary& ts = summary.tensors[t];
      label = DotEscape(ts.name) + "\\n" + DotEscape(TensorDescription(ts));
    }
    dot += "  " + from + " -> " + to + " [label=\"" + label + "\"];\n";
  };
  // A tensor nobody produces (not a graph input, not an op output) gets a node of its own.
  auto source_of = [&](int t) {
    const auto it = producer.find(t);
    if (it != producer.end()) return it->second;
    const std::string node = "t" + std::to_string(t);
    dot += "  " + node + " [shape=note, label=\"tensor " + std::to_string(t) + "\\n(no producer)\"];\n";
    producer[t] = node;
    return node;
  };

  for (const OpSummary& op : summary.ops) {
    const std::string node = "op" + std::to_string(op.index);
    std::string label = "#" + std::to_string(op.index) + " " + op.type;
    if (!op.options.empty()) label += "\\n" + DotEscape(op.options);
    for (size_t i = 0; i < op.inputs.size(); ++i) {
      const int t = op.inputs[i];
      if (ValidTensor(t, summary) && summary.tensors[t].constant) {
        const TensorSummary& ts = summary.tensors[t];
        label += "\\ninput " + std::to_string(i) + " " + DotEscape(ts.name) + ": " + DotEscape(TensorDescription(ts));
      }
    }
    dot += "  " + node + " [shape=box, style=rounded, label=\"" + label + "\"];\n";
    for (int t : op.inputs) {
      if (t < 0 || (ValidTensor(t, summary) && summary.tensors[t].constant)) continue;
      edge(source_of(t), node, t);
    }
  }
  for (size_t i = 0; i < summary.outputs.size(); ++i) {
    const int t = summary.outputs[i];
    const std::string node = "out" + std::to_string(i);
    dot += "  " + node + " [shape=oval, style=filled, fillcolor=\"#dcfce7\", label=\"output " + std::to_string(i) +
           "\"];\n";
    edge(source_of(t), node, t);
  }
  return dot + "}\n";
}

}  // namespace

int InspectCommand(const Args& args) {
  const ParsedArgs parsed = ParseArgs("inspect", args, {"--dot"});
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
  if (parsed.Has("--dot")) {
    const std::string path = parsed.Get("--dot");
    if (path.empty()) UsageError("--dot needs a file name ('-' for stdout)");
    const std::string dot = DotGraph(model_name, summary);
    if (path == "-") {
      std::fputs(dot.c_str(), stdout);
      return kExitOk;
    }
    WriteFile(path, dot.data(), dot.size(), "graph file");
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
  if (parsed.Has("--dot")) {
    std::printf("graph: %s (view: dot -Tsvg %s -o graph.svg)\n", parsed.Get("--dot").c_str(),
                parsed.Get("--dot").c_str());
  }
  return kExitOk;
}

}  // namespace octet::cli
