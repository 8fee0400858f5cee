#include "tools/convert/tflite_reader.h"

#include <algorithm>
#include <cstring>
#include <iterator>

namespace octet::tools {

namespace {

// Names of the public BuiltinOperator values 0..205, indexed by code.
constexpr const char* kOpNames[] = {
    "ADD",
    "AVERAGE_POOL_2D",
    "CONCATENATION",
    "CONV_2D",
    "DEPTHWISE_CONV_2D",
    "DEPTH_TO_SPACE",
    "DEQUANTIZE",
    "EMBEDDING_LOOKUP",
    "FLOOR",
    "FULLY_CONNECTED",
    "HASHTABLE_LOOKUP",
    "L2_NORMALIZATION",
    "L2_POOL_2D",
    "LOCAL_RESPONSE_NORMALIZATION",
    "LOGISTIC",
    "LSH_PROJECTION",
    "LSTM",
    "MAX_POOL_2D",
    "MUL",
    "RELU",
    "RELU_N1_TO_1",
    "RELU6",
    "RESHAPE",
    "RESIZE_BILINEAR",
    "RNN",
    "SOFTMAX",
    "SPACE_TO_DEPTH",
    "SVDF",
    "TANH",
    "CONCAT_EMBEDDINGS",
    "SKIP_GRAM",
    "CALL",
    "CUSTOM",
    "EMBEDDING_LOOKUP_SPARSE",
    "PAD",
    "UNIDIRECTIONAL_SEQUENCE_RNN",
    "GATHER",
    "BATCH_TO_SPACE_ND",
    "SPACE_TO_BATCH_ND",
    "TRANSPOSE",
    "MEAN",
    "SUB",
    "DIV",
    "SQUEEZE",
    "UNIDIRECTIONAL_SEQUENCE_LSTM",
    "STRIDED_SLICE",
    "BIDIRECTIONAL_SEQUENCE_RNN",
    "EXP",
    "TOPK_V2",
    "SPLIT",
    "LOG_SOFTMAX",
    "DELEGATE",
    "BIDIRECTIONAL_SEQUENCE_LSTM",
    "CAST",
    "PRELU",
    "MAXIMUM",
    "ARG_MAX",
    "MINIMUM",
    "LESS",
    "NEG",
    "PADV2",
    "GREATER",
    "GREATER_EQUAL",
    "LESS_EQUAL",
    "SELECT",
    "SLICE",
    "SIN",
    "TRANSPOSE_CONV",
    "SPARSE_TO_DENSE",
    "TILE",
    "EXPAND_DIMS",
    "EQUAL",
    "NOT_EQUAL",
    "LOG",
    "SUM",
    "SQRT",
    "RSQRT",
    "SHAPE",
    "POW",
    "ARG_MIN",
    "FAKE_QUANT",
    "REDUCE_PROD",
    "REDUCE_MAX",
    "PACK",
    "LOGICAL_OR",
    "ONE_HOT",
    "LOGICAL_AND",
    "LOGICAL_NOT",
    "UNPACK",
    "REDUCE_MIN",
    "FLOOR_DIV",
    "REDUCE_ANY",
    "SQUARE",
    "ZEROS_LIKE",
    "FILL",
    "FLOOR_MOD",
    "RANGE",
    "RESIZE_NEAREST_NEIGHBOR",
    "LEAKY_RELU",
    "SQUARED_DIFFERENCE",
    "MIRROR_PAD",
    "ABS",
    "SPLIT_V",
    "UNIQUE",
    "CEIL",
    "REVERSE_V2",
    "ADD_N",
    "GATHER_ND",
    "COS",
    "WHERE",
    "RANK",
    "ELU",
    "REVERSE_SEQUENCE",
    "MATRIX_DIAG",
    "QUANTIZE",
    "MATRIX_SET_DIAG",
    "ROUND",
    "HARD_SWISH",
    "IF",
    "WHILE",
    "NON_MAX_SUPPRESSION_V4",
    "NON_MAX_SUPPRESSION_V5",
    "SCATTER_ND",
    "SELECT_V2",
    "DENSIFY",
    "SEGMENT_SUM",
    "BATCH_MATMUL",
    "PLACEHOLDER_FOR_GREATER_OP_CODES",
    "CUMSUM",
    "CALL_ONCE",
    "BROADCAST_TO",
    "RFFT2D",
    "CONV_3D",
    "IMAG",
    "REAL",
    "COMPLEX_ABS",
    "HASHTABLE",
    "HASHTABLE_FIND",
    "HASHTABLE_IMPORT",
    "HASHTABLE_SIZE",
    "REDUCE_ALL",
    "CONV_3D_TRANSPOSE",
    "VAR_HANDLE",
    "READ_VARIABLE",
    "ASSIGN_VARIABLE",
    "BROADCAST_ARGS",
    "RANDOM_STANDARD_NORMAL",
    "BUCKETIZE",
    "RANDOM_UNIFORM",
    "MULTINOMIAL",
    "GELU",
    "DYNAMIC_UPDATE_SLICE",
    "RELU_0_TO_1",
    "UNSORTED_SEGMENT_PROD",
    "UNSORTED_SEGMENT_MAX",
    "UNSORTED_SEGMENT_SUM",
    "ATAN2",
    "UNSORTED_SEGMENT_MIN",
    "SIGN",
    "BITCAST",
    "BITWISE_XOR",
    "RIGHT_SHIFT",
    "STABLEHLO_LOGISTIC",
    "STABLEHLO_ADD",
    "STABLEHLO_DIVIDE",
    "STABLEHLO_MULTIPLY",
    "STABLEHLO_MAXIMUM",
    "STABLEHLO_RESHAPE",
    "STABLEHLO_CLAMP",
    "STABLEHLO_CONCATENATE",
    "STABLEHLO_BROADCAST_IN_DIM",
    "STABLEHLO_CONVOLUTION",
    "STABLEHLO_SLICE",
    "STABLEHLO_CUSTOM_CALL",
    "STABLEHLO_REDUCE",
    "STABLEHLO_ABS",
    "STABLEHLO_AND",
    "STABLEHLO_COSINE",
    "STABLEHLO_EXPONENTIAL",
    "STABLEHLO_FLOOR",
    "STABLEHLO_LOG",
    "STABLEHLO_MINIMUM",
    "STABLEHLO_NEGATE",
    "STABLEHLO_OR",
    "STABLEHLO_POWER",
    "STABLEHLO_REMAINDER",
    "STABLEHLO_RSQRT",
    "STABLEHLO_SELECT",
    "STABLEHLO_SUBTRACT",
    "STABLEHLO_TANH",
    "STABLEHLO_SCATTER",
    "STABLEHLO_COMPARE",
    "STABLEHLO_CONVERT",
    "STABLEHLO_DYNAMIC_SLICE",
    "STABLEHLO_DYNAMIC_UPDATE_SLICE",
    "STABLEHLO_PAD",
    "STABLEHLO_IOTA",
    "STABLEHLO_DOT_GENERAL",
    "STABLEHLO_REDUCE_WINDOW",
    "STABLEHLO_SORT",
    "STABLEHLO_WHILE",
    "STABLEHLO_GATHER",
    "STABLEHLO_TRANSPOSE",
    "DILATE",
    "STABLEHLO_RNG_BIT_GENERATOR",
    "REDUCE_WINDOW",
};

constexpr uint64_t kMaxElements = uint64_t{1} << 40;

}  // namespace

std::string TfliteOpName(int32_t builtin_code) {
  if (builtin_code >= 0 && static_cast<size_t>(builtin_code) < std::size(kOpNames)) return kOpNames[builtin_code];
  return "builtin operator " + std::to_string(builtin_code);
}

std::string TfliteTypeName(tflite::TensorType type) {
  const auto value = static_cast<int>(type);
  if (type >= tflite::TensorType::MIN && type <= tflite::TensorType::MAX) return tflite::EnumNameTensorType(type);
  return "type " + std::to_string(value);
}

size_t TfliteTypeSize(tflite::TensorType type) {
  using T = tflite::TensorType;
  switch (type) {
    case T::INT8:
    case T::UINT8:
    case T::BOOL:
      return 1;
    case T::INT16:
    case T::UINT16:
    case T::FLOAT16:
      return 2;
    case T::INT32:
    case T::UINT32:
    case T::FLOAT32:
      return 4;
    case T::INT64:
    case T::UINT64:
    case T::FLOAT64:
    case T::COMPLEX64:
      return 8;
    case T::COMPLEX128:
      return 16;
    default:
      return 0;
  }
}

bool ElementCount(const std::vector<int>& shape, uint64_t* count) {
  uint64_t n = 1;
  for (int dim : shape) {
    if (dim < 0) return false;
    n *= static_cast<uint64_t>(dim);
    if (n > kMaxElements) return false;
  }
  *count = n;
  return true;
}

std::string ShapeToString(const std::vector<int>& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) text += ", ";
    text += std::to_string(shape[i]);
  }
  return text + "]";
}

int64_t ReadInt64(const flatbuffers::Vector<int64_t>& vector, size_t index) {
  int64_t value;
  std::memcpy(&value, reinterpret_cast<const uint8_t*>(vector.Data()) + index * sizeof value, sizeof value);
  return flatbuffers::EndianScalar(value);
}

bool TfliteReader::Open(const uint8_t* data, size_t size, std::string* error) {
  if (data == nullptr || size < 8) {
    *error = "not a TFLite model: " + std::to_string(size) + " bytes is too short";
    return false;
  }
  if (!tflite::ModelBufferHasIdentifier(data)) {
    std::string found;
    for (int i = 4; i < 8; ++i) found += (data[i] >= 32 && data[i] < 127) ? static_cast<char>(data[i]) : '?';
    *error = "not a TFLite model: file identifier is \"" + found + "\", expected \"" + tflite::ModelIdentifier() + "\"";
    return false;
  }
  // Models over 2 GB keep their buffers after the FlatBuffer, which itself stays below the
  // FlatBuffers size limit; only that part is verified (external data is range-checked on use).
  const size_t flatbuffer_size = std::min<size_t>(size, FLATBUFFERS_MAX_BUFFER_SIZE - 1);
  flatbuffers::Verifier verifier(data, flatbuffer_size);
  if (!tflite::VerifyModelBuffer(verifier)) {
    *error = "not a valid TFLite model: the FlatBuffer fails verification (truncated or corrupt)";
    return false;
  }
  file_ = data;
  file_size_ = size;
  model_ = tflite::GetModel(data);
  if (model_->version() != 3) {
    *error = "Model.version is " + std::to_string(model_->version()) + ", only TFLite schema version 3 is read";
    return false;
  }
  if (model_->subgraphs() == nullptr || model_->subgraphs()->size() == 0) {
    *error = "Model.subgraphs is empty";
    return false;
  }
  graph_ = model_->subgraphs()->Get(0);
  tensor_count_ = graph_->tensors() ? static_cast<int>(graph_->tensors()->size()) : 0;
  if (graph_->tensors() && graph_->tensors()->size() > 0x7fffffffu) {
    *error = "subgraph 0 has too many tensors";
    return false;
  }
  if (graph_->operators()) {
    for (flatbuffers::uoffset_t i = 0; i < graph_->operators()->size(); ++i) {
      if (graph_->operators()->Get(i) == nullptr) {
        *error = "operator " + std::to_string(i) + " is missing";
        return false;
      }
    }
  }
  for (int i = 0; i < tensor_count_; ++i) {
    if (graph_->tensors()->Get(static_cast<flatbuffers::uoffset_t>(i)) == nullptr) {
      *error = "tensor " + std::to_string(i) + " is missing";
      return false;
    }
  }
  return true;
}

std::string TfliteReader::DescribeTensor(int index) const {
  std::string text = "tensor " + std::to_string(index);
  if (index >= 0 && index < tensor_count_ && tensor(index).name()) text += " \"" + tensor(index).name()->str() + "\"";
  return text;
}

bool TfliteReader::OpCode(int index, int32_t* code, std::string* error) const {
  const uint32_t opcode_index = op(index).opcode_index();
  const auto* codes = model_->operator_codes();
  const uint32_t count = codes ? codes->size() : 0;
  if (opcode_index >= count || codes->Get(opcode_index) == nullptr) {
    *error = "operator " + std::to_string(index) + ": opcode_index " + std::to_string(opcode_index) +
             " is out of range (the model has " + std::to_string(count) + " operator codes)";
    return false;
  }
  const tflite::OperatorCode& opcode = *codes->Get(opcode_index);
  *code = std::max<int32_t>(opcode.deprecated_builtin_code(), opcode.builtin_code());
  return true;
}

std::string TfliteReader::CustomCode(int index) const {
  const auto* opcode = model_->operator_codes()->Get(op(index).opcode_index());
  return opcode->custom_code() ? opcode->custom_code()->str() : std::string();
}

bool TfliteReader::TensorData(int index, ByteSpan* out, std::string* error) const {
  *out = ByteSpan{};
  const uint32_t buffer_index = tensor(index).buffer();
  // Buffer 0 is the empty sentinel every activation points at, whatever it holds.
  if (buffer_index == 0) return true;
  const auto* buffers = model_->buffers();
  const uint32_t count = buffers ? buffers->size() : 0;
  if (buffer_index >= count) {
    *error = DescribeTensor(index) + ": buffer " + std::to_string(buffer_index) + " is out of range (the model has " +
             std::to_string(count) + " buffers)";
    return false;
  }
  const tflite::Buffer* buffer = buffers->Get(buffer_index);
  if (buffer == nullptr) return true;
  if (buffer->offset() > 1) {
    const uint64_t offset = buffer->offset();
    const uint64_t length = buffer->size();
    if (offset > file_size_ || length > file_size_ - offset) {
      *error = DescribeTensor(index) + ": buffer " + std::to_string(buffer_index) + " points at bytes [" +
               std::to_string(offset) + ", +" + std::to_string(length) + ") outside the " + std::to_string(file_size_) +
               "-byte file";
      return false;
    }
    *out = ByteSpan{file_ + offset, static_cast<size_t>(length)};
    return true;
  }
  if (buffer->data()) *out = ByteSpan{buffer->data()->data(), buffer->data()->size()};
  return true;
}

std::vector<int> TfliteReader::Shape(int index) const {
  const auto* shape = tensor(index).shape();
  if (shape == nullptr) return {};
  return std::vector<int>(shape->begin(), shape->end());
}

}  // namespace octet::tools
