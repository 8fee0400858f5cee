#include "tools/common/model_builder.h"

#include "octet/octet.h"

namespace octet::tools {

ModelBuilder::ModelBuilder() : fbb_(1 << 16), format_version_(OCTET_FORMAT_VERSION) {}

namespace {
flatbuffers::Offset<schema::Quantization> WriteQuant(flatbuffers::FlatBufferBuilder& fbb, const QuantSpec& q) {
  if (q.scales.empty() && q.zero_points.empty()) return 0;
  return schema::CreateQuantizationDirect(fbb, &q.scales, &q.zero_points, q.axis);
}
}  // namespace

int ModelBuilder::AddTensor(const std::string& name, schema::TensorType type, const std::vector<int>& shape,
                            const QuantSpec& quant) {
  const auto q = WriteQuant(fbb_, quant);
  tensors_.push_back(schema::CreateTensorDirect(fbb_, name.c_str(), &shape, type, -1, q));
  return static_cast<int>(tensors_.size()) - 1;
}

int ModelBuilder::AddConstant(const std::string& name, schema::TensorType type, const std::vector<int>& shape,
                              const void* data, size_t byte_size, const QuantSpec& quant) {
  fbb_.ForceVectorAlignment(byte_size, 1, 64);
  const auto bytes = fbb_.CreateVector(static_cast<const uint8_t*>(data), byte_size);
  buffers_.push_back(schema::CreateBuffer(fbb_, bytes));
  const int buffer = static_cast<int>(buffers_.size()) - 1;
  const auto q = WriteQuant(fbb_, quant);
  tensors_.push_back(schema::CreateTensorDirect(fbb_, name.c_str(), &shape, type, buffer, q));
  return static_cast<int>(tensors_.size()) - 1;
}

void ModelBuilder::AddOperator(schema::OpType type, const std::vector<int>& inputs, const std::vector<int>& outputs,
                               schema::OperatorOptions options_type, flatbuffers::Offset<void> options) {
  operators_.push_back(schema::CreateOperatorDirect(fbb_, type, &inputs, &outputs, options_type, options));
}

void ModelBuilder::SetMetadata(const std::string& producer, const std::string& source, const std::string& description) {
  producer_ = producer;
  source_ = source;
  description_ = description;
}

std::vector<uint8_t> ModelBuilder::Finish() {
  const auto metadata = schema::CreateMetadataDirect(fbb_, producer_.c_str(), source_.c_str(), description_.c_str());
  const auto model = schema::CreateModelDirect(fbb_, format_version_, &tensors_, &operators_, &inputs_, &outputs_,
                                               &buffers_, metadata);
  schema::FinishModelBuffer(fbb_, model);
  return std::vector<uint8_t>(fbb_.GetBufferPointer(), fbb_.GetBufferPointer() + fbb_.GetSize());
}

}  // namespace octet::tools
