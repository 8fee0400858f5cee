// Reads untrusted TFLite model files: verifies the FlatBuffer, then hands out subgraph 0's tables
// with every cross-reference (opcode, tensor, buffer index, external buffer range) checked before use.
#ifndef OCTET_TOOLS_CONVERT_TFLITE_READER_H_
#define OCTET_TOOLS_CONVERT_TFLITE_READER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "octet/tools/convert/tflite_subset_generated.h"

namespace octet::tools {

// TFLite builtin operator codes the converter refers to by name (values of the public
// BuiltinOperator enum).
enum class TfliteOp : int32_t {
  ADD = 0,
  AVERAGE_POOL_2D = 1,
  CONCATENATION = 2,
  CONV_2D = 3,
  DEPTHWISE_CONV_2D = 4,
  DEQUANTIZE = 6,
  FULLY_CONNECTED = 9,
  MAX_POOL_2D = 17,
  RESHAPE = 22,
  SOFTMAX = 25,
  CUSTOM = 32,
  PAD = 34,
  MEAN = 40,
  QUANTIZE = 114,
  PLACEHOLDER_FOR_GREATER_OP_CODES = 127,
};

// Public name of a builtin operator code ("LOGISTIC"), or "builtin operator <n>" when unknown.
std::string TfliteOpName(int32_t builtin_code);
// Public name of a tensor type ("INT16"), or "type <n>" when unknown.
std::string TfliteTypeName(tflite::TensorType type);
// Bytes per element; 0 for types without a fixed whole-byte size (STRING, INT4, RESOURCE, ...).
size_t TfliteTypeSize(tflite::TensorType type);

struct ByteSpan {
  const uint8_t* data = nullptr;
  size_t size = 0;
};

class TfliteReader {
 public:
  // Verifies `data` as a TFLite model (identifier "TFL3", schema version 3, at least one subgraph).
  // The bytes must outlive the reader. On failure returns false and sets *error.
  bool Open(const uint8_t* data, size_t size, std::string* error);

  const tflite::Model& model() const { return *model_; }
  // Subgraph 0, the model's main graph.
  const tflite::SubGraph& graph() const { return *graph_; }
  size_t subgraph_count() const { return model_->subgraphs()->size(); }

  int tensor_count() const { return tensor_count_; }
  // `index` must be in [0, tensor_count()).
  const tflite::Tensor& tensor(int index) const {
    return *graph_->tensors()->Get(static_cast<flatbuffers::uoffset_t>(index));
  }
  // `tensor 7 "conv/weights"`, for messages.
  std::string DescribeTensor(int index) const;

  int operator_count() const { return graph_->operators() ? static_cast<int>(graph_->operators()->size()) : 0; }
  const tflite::Operator& op(int index) const {
    return *graph_->operators()->Get(static_cast<flatbuffers::uoffset_t>(index));
  }
  // The builtin code of operator `index` (the larger of builtin_code and deprecated_builtin_code).
  // Fails when its opcode index is out of range.
  bool OpCode(int index, int32_t* code, std::string* error) const;
  // The custom_code of a CUSTOM operator (empty when absent); OpCode must have succeeded.
  std::string CustomCode(int index) const;

  // Constant bytes of tensor `index` (size 0 for an activation). Fails when its buffer index is
  // out of range or its external data lies outside the file.
  bool TensorData(int index, ByteSpan* out, std::string* error) const;

  // Shape of tensor `index` (empty for a scalar or an absent shape).
  std::vector<int> Shape(int index) const;

 private:
  const uint8_t* file_ = nullptr;
  size_t file_size_ = 0;
  const tflite::Model* model_ = nullptr;
  const tflite::SubGraph* graph_ = nullptr;
  int tensor_count_ = 0;
};

// Number of elements of `shape`; false when a dimension is negative or the product exceeds 2^40
// (no constant in a real model comes near; the bound keeps byte sizes far from overflow).
bool ElementCount(const std::vector<int>& shape, uint64_t* count);

std::string ShapeToString(const std::vector<int>& shape);

// Element `index` of a verified [long] vector. FlatBuffers 2.0's verifier checks only the 4-byte
// alignment of a vector, so a crafted file can place 8-byte elements misaligned: copy, never cast.
int64_t ReadInt64(const flatbuffers::Vector<int64_t>& vector, size_t index);

}  // namespace octet::tools

#endif  // OCTET_TOOLS_CONVERT_TFLITE_READER_H_
