// Per-operator facts the C API does not expose (types, shapes, options, multiply-accumulates),
// read straight from the model bytes with the generated schema API after verification.
#ifndef OCTET_TOOLS_OCTET_MODEL_SUMMARY_H_
#define OCTET_TOOLS_OCTET_MODEL_SUMMARY_H_

#include <cstdint>
#include <string>
#include <vector>

namespace octet::cli {

struct TensorSummary {
  std::string name;
  std::string type;  // "int8", ...
  std::vector<int> shape;
  bool constant = false;
  std::string quantization;  // "" when none
};

struct OpSummary {
  int index = 0;
  std::string type;                  // "CONV_2D", ...
  std::vector<int> inputs, outputs;  // tensor indices (-1: absent optional input)
  std::string options;               // key options, e.g. "3x3 stride 2 SAME RELU6"
  int64_t macs = 0;                  // multiply-accumulates (CONV, DEPTHWISE, FC); 0 otherwise
};

struct ModelSummary {
  uint32_t format_version = 0;
  std::string producer, source_model, description;
  std::vector<TensorSummary> tensors;
  std::vector<OpSummary> ops;
  std::vector<int> inputs, outputs;
  int64_t total_macs = 0;
  int64_t weight_bytes = 0;  // bytes of constant tensors' buffers (each buffer counted once)
};

// Verifies and summarizes octet model bytes. Returns false with *error for a malformed model;
// index errors inside an otherwise valid buffer are reported too, never read out of range.
bool SummarizeModel(const uint8_t* data, size_t size, ModelSummary* summary, std::string* error);

std::string ShapeText(const std::vector<int>& shape);

}  // namespace octet::cli

#endif  // OCTET_TOOLS_OCTET_MODEL_SUMMARY_H_
