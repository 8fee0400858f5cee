// Writes small TFLite models in tests, with the builder generated from tools/convert/tflite_subset.fbs
// (whose tables keep the public TFLite field slots), so converter tests need no external files.
#ifndef OCTET_TESTS_TOOLS_TFLITE_MAKER_H_
#define OCTET_TESTS_TOOLS_TFLITE_MAKER_H_

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "octet/tools/convert/tflite_subset_generated.h"

namespace octet::tools::testing_tflite {

using TT = tflite::TensorType;

// Public TFLite BuiltinOperator values used below.
inline constexpr int32_t kAdd = 0, kAveragePool = 1, kConcatenation = 2, kConv = 3, kDepthwiseConv = 4, kDequantize = 6,
                         kFullyConnected = 9, kLogistic = 14, kMaxPool = 17, kReshape = 22, kSoftmax = 25, kCustom = 32,
                         kPad = 34, kMean = 40, kQuantize = 114, kPlaceholderForGreaterOpCodes = 127, kGelu = 150;

struct TfliteQuant {
  std::vector<float> scales;
  std::vector<int64_t> zero_points;
  int quantized_dimension = 0;
};

inline TfliteQuant PerTensorQuant(float scale, int64_t zero_point) { return {{scale}, {zero_point}, 0}; }

template <typename T>
std::vector<uint8_t> Bytes(const std::vector<T>& values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(T));
  if (!bytes.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

// Writes small TFLite models: buffer 0 is the empty sentinel, operator codes are deduplicated and
// written as current converters do (deprecated_builtin_code capped at 127 plus builtin_code).
class TfliteMaker {
 public:
  TfliteMaker() { buffers_.push_back(tflite::CreateBuffer(fbb_)); }

  flatbuffers::FlatBufferBuilder& fbb() { return fbb_; }

  int Tensor(const std::string& name, TT type, const std::vector<int>& shape, const TfliteQuant& quant = {},
             const std::vector<uint8_t>& data = {}) {
    uint32_t buffer = 0;
    if (!data.empty()) {
      buffers_.push_back(tflite::CreateBufferDirect(fbb_, &data));
      buffer = static_cast<uint32_t>(buffers_.size() - 1);
    }
    return TensorWithBuffer(name, type, shape, quant, buffer);
  }

  // A buffer whose bytes lie outside the FlatBuffer (models over 2 GB): `size` bytes at file `offset`.
  uint32_t ExternalBuffer(uint64_t offset, uint64_t size) {
    buffers_.push_back(tflite::CreateBuffer(fbb_, 0, offset, size));
    return static_cast<uint32_t>(buffers_.size() - 1);
  }

  int TensorWithBuffer(const std::string& name, TT type, const std::vector<int>& shape, const TfliteQuant& quant,
                       uint32_t buffer) {
    flatbuffers::Offset<tflite::QuantizationParameters> q = 0;
    if (!quant.scales.empty() || !quant.zero_points.empty()) {
      q = tflite::CreateQuantizationParametersDirect(fbb_, nullptr, nullptr, &quant.scales, &quant.zero_points,
                                                     tflite::QuantizationDetails::NONE, 0, quant.quantized_dimension);
    }
    tensors_.push_back(tflite::CreateTensorDirect(fbb_, &shape, type, buffer, name.c_str(), q));
    return static_cast<int>(tensors_.size() - 1);
  }

  void Op(int32_t code, const std::vector<int>& inputs, const std::vector<int>& outputs,
          tflite::BuiltinOptions options_type = tflite::BuiltinOptions::NONE, flatbuffers::Offset<void> options = 0) {
    OpWithCode(OpCode(code), inputs, outputs, options_type, options);
  }

  void OpWithCode(uint32_t opcode_index, const std::vector<int>& inputs, const std::vector<int>& outputs,
                  tflite::BuiltinOptions options_type = tflite::BuiltinOptions::NONE,
                  flatbuffers::Offset<void> options = 0) {
    operators_.push_back(tflite::CreateOperatorDirect(fbb_, opcode_index, &inputs, &outputs, options_type, options));
  }

  uint32_t OpCode(int32_t code, const std::string& custom_code = "") {
    const auto key = std::make_pair(code, custom_code);
    auto it = opcode_index_.find(key);
    if (it != opcode_index_.end()) return it->second;
    const int8_t deprecated = static_cast<int8_t>(code < kPlaceholderForGreaterOpCodes ? code : 127);
    return RawOpCode(deprecated, code, custom_code);
  }

  // An operator code with both fields given as is (old writers fill only the deprecated one).
  uint32_t RawOpCode(int8_t deprecated_code, int32_t builtin_code, const std::string& custom_code = "") {
    opcodes_.push_back(tflite::CreateOperatorCode(
        fbb_, deprecated_code, custom_code.empty() ? 0 : fbb_.CreateString(custom_code), 1, builtin_code));
    const uint32_t index = static_cast<uint32_t>(opcodes_.size() - 1);
    opcode_index_[std::make_pair(builtin_code, custom_code)] = index;
    return index;
  }

  std::vector<uint8_t> Finish(const std::vector<int>& inputs, const std::vector<int>& outputs, uint32_t version = 3) {
    const auto graph = tflite::CreateSubGraphDirect(fbb_, &tensors_, &inputs, &outputs, &operators_, "main");
    std::vector<flatbuffers::Offset<tflite::SubGraph>> graphs{graph};
    const auto model = tflite::CreateModelDirect(fbb_, version, &opcodes_, &graphs, "test model", &buffers_);
    tflite::FinishModelBuffer(fbb_, model);
    return std::vector<uint8_t>(fbb_.GetBufferPointer(), fbb_.GetBufferPointer() + fbb_.GetSize());
  }

 private:
  flatbuffers::FlatBufferBuilder fbb_;
  std::vector<flatbuffers::Offset<tflite::Buffer>> buffers_;
  std::vector<flatbuffers::Offset<tflite::Tensor>> tensors_;
  std::vector<flatbuffers::Offset<tflite::Operator>> operators_;
  std::vector<flatbuffers::Offset<tflite::OperatorCode>> opcodes_;
  std::map<std::pair<int32_t, std::string>, uint32_t> opcode_index_;
};

}  // namespace octet::tools::testing_tflite

#endif  // OCTET_TESTS_TOOLS_TFLITE_MAKER_H_
