// Builds octet models in code: the project's own tests, the built-in models and the converter
// all write models through this one class, so none of them repeats FlatBuffers plumbing.
#ifndef OCTET_TOOLS_COMMON_MODEL_BUILDER_H_
#define OCTET_TOOLS_COMMON_MODEL_BUILDER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "octet/schema/octet_generated.h"

namespace octet::tools {

struct QuantSpec {
  std::vector<float> scales;         // empty: no quantization (float or int32 without scale)
  std::vector<int64_t> zero_points;  // same length as scales
  int axis = 0;
};

// A per-tensor quantization.
inline QuantSpec PerTensor(float scale, int64_t zero_point) { return QuantSpec{{scale}, {zero_point}, 0}; }

class ModelBuilder {
 public:
  ModelBuilder();

  // Adds an activation tensor (no data). Returns its index.
  int AddTensor(const std::string& name, schema::TensorType type, const std::vector<int>& shape,
                const QuantSpec& quant = {});
  // Adds a constant tensor whose bytes are copied into a 64-byte aligned buffer.
  int AddConstant(const std::string& name, schema::TensorType type, const std::vector<int>& shape, const void* data,
                  size_t byte_size, const QuantSpec& quant = {});
  template <typename T>
  int AddConstant(const std::string& name, schema::TensorType type, const std::vector<int>& shape,
                  const std::vector<T>& values, const QuantSpec& quant = {}) {
    return AddConstant(name, type, shape, values.data(), values.size() * sizeof(T), quant);
  }

  // Adds an operator. `options` is a finished offset from one of the Create*Options functions of
  // the generated schema, built on builder(); pass 0 for none.
  void AddOperator(schema::OpType type, const std::vector<int>& inputs, const std::vector<int>& outputs,
                   schema::OperatorOptions options_type = schema::OperatorOptions::NONE,
                   flatbuffers::Offset<void> options = 0);

  void SetInputs(const std::vector<int>& inputs) { inputs_ = inputs; }
  void SetOutputs(const std::vector<int>& outputs) { outputs_ = outputs; }
  void SetMetadata(const std::string& producer, const std::string& source, const std::string& description);
  // Overrides the format version written (tests of the version check use it).
  void SetFormatVersion(uint32_t version) { format_version_ = version; }

  flatbuffers::FlatBufferBuilder& builder() { return fbb_; }

  // Finishes the model and returns its bytes. The builder cannot be reused afterwards.
  std::vector<uint8_t> Finish();

 private:
  flatbuffers::FlatBufferBuilder fbb_;
  std::vector<flatbuffers::Offset<schema::Tensor>> tensors_;
  std::vector<flatbuffers::Offset<schema::Operator>> operators_;
  std::vector<flatbuffers::Offset<schema::Buffer>> buffers_;
  std::vector<int> inputs_, outputs_;
  std::string producer_ = "octet model builder", source_, description_;
  uint32_t format_version_;
};

}  // namespace octet::tools

#endif  // OCTET_TOOLS_COMMON_MODEL_BUILDER_H_
