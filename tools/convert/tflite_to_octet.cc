#include "tools/convert/tflite_to_octet.h"

#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <utility>

#include "tools/common/model_builder.h"
#include "tools/convert/tflite_reader.h"

namespace octet::tools {

namespace {

constexpr const char* kProducer = "octet convert";

// How a supported TFLite operator maps and which of its input slots mean what.
struct OpRule {
  TfliteOp tflite_op;
  schema::OpType octet_op;
  int min_inputs;
  int max_inputs;          // -1: any number (CONCATENATION)
  int param_input;         // slot whose constant tensor becomes an option (and is dropped), or -1
  uint32_t optional_mask;  // slots that may be -1 (absent)
};

constexpr OpRule kRules[] = {
    {TfliteOp::CONV_2D, schema::OpType::CONV_2D, 2, 3, -1, 1u << 2},
    {TfliteOp::DEPTHWISE_CONV_2D, schema::OpType::DEPTHWISE_CONV_2D, 2, 3, -1, 1u << 2},
    {TfliteOp::FULLY_CONNECTED, schema::OpType::FULLY_CONNECTED, 2, 3, -1, 1u << 2},
    {TfliteOp::ADD, schema::OpType::ADD, 2, 2, -1, 0},
    {TfliteOp::AVERAGE_POOL_2D, schema::OpType::AVERAGE_POOL_2D, 1, 1, -1, 0},
    {TfliteOp::MAX_POOL_2D, schema::OpType::MAX_POOL_2D, 1, 1, -1, 0},
    {TfliteOp::MEAN, schema::OpType::MEAN, 2, 2, 1, 0},
    // The shape input is optional in TFLite (ReshapeOptions.new_shape may carry it instead); the
    // output tensor's shape is the target either way.
    {TfliteOp::RESHAPE, schema::OpType::RESHAPE, 1, 2, 1, 1u << 1},
    {TfliteOp::SOFTMAX, schema::OpType::SOFTMAX, 1, 1, -1, 0},
    {TfliteOp::QUANTIZE, schema::OpType::QUANTIZE, 1, 1, -1, 0},
    {TfliteOp::DEQUANTIZE, schema::OpType::DEQUANTIZE, 1, 1, -1, 0},
    {TfliteOp::CONCATENATION, schema::OpType::CONCATENATION, 1, -1, -1, 0},
    {TfliteOp::PAD, schema::OpType::PAD, 2, 2, 1, 0},
};

const OpRule* FindRule(int32_t code) {
  for (const OpRule& rule : kRules) {
    if (static_cast<int32_t>(rule.tflite_op) == code) return &rule;
  }
  return nullptr;
}

bool IsQuantized8(tflite::TensorType type) {
  return type == tflite::TensorType::INT8 || type == tflite::TensorType::UINT8;
}

class Converter {
 public:
  explicit Converter(std::string source_name) : source_(std::move(source_name)) {}

  ConvertResult Run(const uint8_t* data, size_t size) {
    ConvertResult result;
    std::string reader_error;
    if (!reader_.Open(data, size, &reader_error)) {
      result.error = source_ + ": " + reader_error;
      return result;
    }
    if (!ResolveOperators() || !ReadTensorData() || !MarkTensors() || !AddTensors() || !AddOperators() ||
        !SetGraphIo()) {
      result.error = error_;
      return result;
    }
    const std::string description = reader_.model().description()
                                        ? "converted from TFLite: " + reader_.model().description()->str()
                                        : "converted from TFLite";
    builder_.SetMetadata(kProducer, source_, description);
    result.model = builder_.Finish();
    flatbuffers::Verifier verifier(result.model.data(), result.model.size());
    if (!schema::VerifyModelBuffer(verifier)) {
      result.model.clear();
      result.error = source_ + ": internal error: the written octet model fails verification";
      return result;
    }
    result.ok = true;
    result.notes = std::move(notes_);
    return result;
  }

 private:
  bool Fail(const std::string& message) {
    error_ = source_ + ": " + message;
    return false;
  }
  std::string OpContext(int op) const {
    return "operator " + std::to_string(op) + " (" + TfliteOpName(codes_[static_cast<size_t>(op)]) + ")";
  }
  tflite::TensorType TypeOf(int tensor) const { return reader_.tensor(tensor).type(); }
  int Input(int op, int slot) const { return reader_.op(op).inputs()->Get(static_cast<flatbuffers::uoffset_t>(slot)); }
  int Output(int op) const { return reader_.op(op).outputs()->Get(0); }
  int InputCount(int op) const { return static_cast<int>(reader_.op(op).inputs()->size()); }

  // Checks op codes, support, arity and every tensor index of every operator.
  bool ResolveOperators() {
    const int op_count = reader_.operator_count();
    const int tensor_count = reader_.tensor_count();
    codes_.resize(static_cast<size_t>(op_count));
    rules_.resize(static_cast<size_t>(op_count));
    // Unsupported operators are reported before anything else: it is the most useful message.
    for (int i = 0; i < op_count; ++i) {
      std::string error;
      if (!reader_.OpCode(i, &codes_[static_cast<size_t>(i)], &error)) return Fail(error);
      const int32_t code = codes_[static_cast<size_t>(i)];
      rules_[static_cast<size_t>(i)] = FindRule(code);
      if (rules_[static_cast<size_t>(i)] != nullptr) continue;
      if (code == static_cast<int32_t>(TfliteOp::CUSTOM)) {
        return Fail("operator " + std::to_string(i) + " is the custom operator \"" + reader_.CustomCode(i) +
                    "\", which octet does not support");
      }
      return Fail("operator " + std::to_string(i) + " is " + TfliteOpName(code) + ", which octet does not support");
    }
    for (int i = 0; i < op_count; ++i) {
      const tflite::Operator& op = reader_.op(i);
      const OpRule& rule = *rules_[static_cast<size_t>(i)];
      const int inputs = op.inputs() ? static_cast<int>(op.inputs()->size()) : 0;
      const int outputs = op.outputs() ? static_cast<int>(op.outputs()->size()) : 0;
      if (inputs < rule.min_inputs || (rule.max_inputs >= 0 && inputs > rule.max_inputs)) {
        const std::string expected = rule.max_inputs < 0 ? "at least " + std::to_string(rule.min_inputs)
                                     : rule.min_inputs == rule.max_inputs
                                         ? std::to_string(rule.min_inputs)
                                         : std::to_string(rule.min_inputs) + " to " + std::to_string(rule.max_inputs);
        return Fail(OpContext(i) + ": has " + std::to_string(inputs) + " inputs, expected " + expected);
      }
      if (outputs != 1) return Fail(OpContext(i) + ": has " + std::to_string(outputs) + " outputs, expected 1");
      for (int slot = 0; slot < inputs; ++slot) {
        const int tensor = Input(i, slot);
        const bool optional = slot < 32 && ((rule.optional_mask >> slot) & 1u);
        if (tensor == -1 && optional) continue;
        if (tensor < 0 || tensor >= tensor_count) {
          return Fail(OpContext(i) + ": input " + std::to_string(slot) + " is tensor index " + std::to_string(tensor) +
                      ", out of range (the graph has " + std::to_string(tensor_count) + " tensors)" +
                      (tensor == -1 ? "; this input is not optional" : ""));
        }
      }
      const int output = Output(i);
      if (output < 0 || output >= tensor_count) {
        return Fail(OpContext(i) + ": output 0 is tensor index " + std::to_string(output) +
                    ", out of range (the graph has " + std::to_string(tensor_count) + " tensors)");
      }
    }
    return true;
  }

  // Buffer indices of every tensor, and constant sizes against shape and type.
  bool ReadTensorData() {
    data_.resize(static_cast<size_t>(reader_.tensor_count()));
    for (int t = 0; t < reader_.tensor_count(); ++t) {
      std::string error;
      if (!reader_.TensorData(t, &data_[static_cast<size_t>(t)], &error)) return Fail(error);
      const ByteSpan& bytes = data_[static_cast<size_t>(t)];
      if (bytes.size == 0) continue;
      const std::vector<int> shape = reader_.Shape(t);
      uint64_t elements = 0;
      if (!ElementCount(shape, &elements)) {
        return Fail(reader_.DescribeTensor(t) + ": shape " + ShapeToString(shape) + " is negative or too large");
      }
      const size_t element_size = TfliteTypeSize(TypeOf(t));
      if (element_size == 0) {
        return Fail(reader_.DescribeTensor(t) + ": constant of type " + TfliteTypeName(TypeOf(t)) +
                    " is not supported");
      }
      const uint64_t expected = elements * element_size;
      if (bytes.size != expected) {
        return Fail(reader_.DescribeTensor(t) + ": buffer " + std::to_string(reader_.tensor(t).buffer()) + " holds " +
                    std::to_string(bytes.size) + " bytes, but shape " + ShapeToString(shape) + " of " +
                    TfliteTypeName(TypeOf(t)) + " needs " + std::to_string(expected));
      }
    }
    return true;
  }

  // Decides which tensors the octet model keeps and gives them new indices.
  bool MarkTensors() {
    const size_t tensor_count = static_cast<size_t>(reader_.tensor_count());
    std::vector<bool> kept(tensor_count, false), param(tensor_count, false);
    std::vector<int> writer(tensor_count, -1);
    for (int i = 0; i < reader_.operator_count(); ++i) {
      const OpRule& rule = *rules_[static_cast<size_t>(i)];
      for (int slot = 0; slot < InputCount(i); ++slot) {
        const int tensor = Input(i, slot);
        if (tensor < 0) continue;
        (slot == rule.param_input ? param : kept)[static_cast<size_t>(tensor)] = true;
      }
      const size_t output = static_cast<size_t>(Output(i));
      if (writer[output] >= 0) {
        return Fail(reader_.DescribeTensor(Output(i)) + " is written by both operator " +
                    std::to_string(writer[output]) + " and operator " + std::to_string(i));
      }
      if (data_[output].size != 0) {
        return Fail(OpContext(i) + ": output " + reader_.DescribeTensor(Output(i)) + " is a constant");
      }
      writer[output] = i;
      kept[output] = true;
    }
    for (const auto* list : {reader_.graph().inputs(), reader_.graph().outputs()}) {
      if (list == nullptr) continue;
      const bool is_inputs = list == reader_.graph().inputs();
      for (flatbuffers::uoffset_t k = 0; k < list->size(); ++k) {
        const int tensor = list->Get(k);
        if (tensor < 0 || static_cast<size_t>(tensor) >= tensor_count) {
          return Fail(std::string("SubGraph.") + (is_inputs ? "inputs" : "outputs") + "[" + std::to_string(k) +
                      "] is tensor index " + std::to_string(tensor) + ", out of range (the graph has " +
                      std::to_string(tensor_count) + " tensors)");
        }
        kept[static_cast<size_t>(tensor)] = true;
      }
    }
    new_index_.assign(tensor_count, -1);
    int next = 0, dropped_params = 0, dropped_unused = 0;
    for (size_t t = 0; t < tensor_count; ++t) {
      if (kept[t]) {
        new_index_[t] = next++;
      } else if (param[t]) {
        ++dropped_params;
      } else {
        ++dropped_unused;
      }
    }
    if (dropped_params) {
      notes_.push_back("dropped " + std::to_string(dropped_params) +
                       " tensor(s) that only held operator parameters (now operator options)");
    }
    if (dropped_unused) notes_.push_back("dropped " + std::to_string(dropped_unused) + " unused tensor(s)");
    if (reader_.subgraph_count() > 1) {
      notes_.push_back("converted subgraph 0 only; the model has " + std::to_string(reader_.subgraph_count()));
    }
    return true;
  }

  bool ReadQuantization(int t, const std::vector<int>& shape, QuantSpec* quant) {
    const tflite::QuantizationParameters* params = reader_.tensor(t).quantization();
    // Float tensors are not quantized in octet, whatever TFLite recorded for them.
    if (params == nullptr || TypeOf(t) == tflite::TensorType::FLOAT32) return true;
    const std::string where = reader_.DescribeTensor(t) + ": quantization";
    if (params->details_type() != tflite::QuantizationDetails::NONE) {
      return Fail(where + ".details (custom quantization) is not supported");
    }
    const size_t scales = params->scale() ? params->scale()->size() : 0;
    const size_t zero_points = params->zero_point() ? params->zero_point()->size() : 0;
    if (scales == 0 && zero_points == 0) return true;
    if (scales != zero_points) {
      return Fail(where + " has " + std::to_string(scales) + " scales but " + std::to_string(zero_points) +
                  " zero points");
    }
    int64_t zero_min = std::numeric_limits<int64_t>::min(), zero_max = std::numeric_limits<int64_t>::max();
    if (TypeOf(t) == tflite::TensorType::INT8) zero_min = -128, zero_max = 127;
    if (TypeOf(t) == tflite::TensorType::UINT8) zero_min = 0, zero_max = 255;
    for (flatbuffers::uoffset_t k = 0; k < scales; ++k) {
      const float scale = params->scale()->Get(k);
      if (!std::isfinite(scale) || !(scale > 0.0f)) {
        return Fail(where + ".scale[" + std::to_string(k) + "] is " + std::to_string(scale) +
                    ", scales must be finite and positive");
      }
      const int64_t zero_point = ReadInt64(*params->zero_point(), k);
      if (zero_point < zero_min || zero_point > zero_max) {
        return Fail(where + ".zero_point[" + std::to_string(k) + "] is " + std::to_string(zero_point) +
                    ", outside the range of " + TfliteTypeName(TypeOf(t)));
      }
      quant->scales.push_back(scale);
      quant->zero_points.push_back(zero_point);
    }
    quant->axis = 0;
    if (scales > 1) {
      const int axis = params->quantized_dimension();
      if (axis < 0 || static_cast<size_t>(axis) >= shape.size()) {
        return Fail(where + ".quantized_dimension is " + std::to_string(axis) + ", outside shape " +
                    ShapeToString(shape));
      }
      if (static_cast<size_t>(shape[static_cast<size_t>(axis)]) != scales) {
        return Fail(where + " has " + std::to_string(scales) + " scales, but dimension " + std::to_string(axis) +
                    " of shape " + ShapeToString(shape) + " is " + std::to_string(shape[static_cast<size_t>(axis)]));
      }
      quant->axis = axis;
    }
    return true;
  }

  bool AddTensors() {
    for (int t = 0; t < reader_.tensor_count(); ++t) {
      if (new_index_[static_cast<size_t>(t)] < 0) continue;
      const tflite::Tensor& tensor = reader_.tensor(t);
      const std::string where = reader_.DescribeTensor(t);
      schema::TensorType type;
      switch (tensor.type()) {
        case tflite::TensorType::INT8:
          type = schema::TensorType::INT8;
          break;
        case tflite::TensorType::UINT8:
          type = schema::TensorType::UINT8;
          break;
        case tflite::TensorType::INT32:
          type = schema::TensorType::INT32;
          break;
        case tflite::TensorType::FLOAT32:
          type = schema::TensorType::FLOAT32;
          break;
        default:
          return Fail(where + ": type " + TfliteTypeName(tensor.type()) +
                      " is not supported (octet has INT8, UINT8, INT32, FLOAT32)");
      }
      if (tensor.sparsity()) return Fail(where + ": sparse tensors are not supported");
      if (tensor.is_variable()) return Fail(where + ": variable tensors are not supported");
      const std::vector<int> shape = reader_.Shape(t);
      for (size_t d = 0; d < shape.size(); ++d) {
        if (shape[d] < 1) {
          return Fail(where + ": shape " + ShapeToString(shape) + " has dimension " + std::to_string(d) + " = " +
                      std::to_string(shape[d]) + "; octet needs every dimension >= 1");
        }
      }
      uint64_t elements = 0;
      if (!ElementCount(shape, &elements)) return Fail(where + ": shape " + ShapeToString(shape) + " is too large");
      QuantSpec quant;
      if (!ReadQuantization(t, shape, &quant)) return false;
      const std::string name = tensor.name() ? tensor.name()->str() : std::string();
      const ByteSpan& bytes = data_[static_cast<size_t>(t)];
      if (bytes.size != 0) {
        builder_.AddConstant(name, type, shape, bytes.data, bytes.size, quant);
      } else {
        builder_.AddTensor(name, type, shape, quant);
      }
    }
    return true;
  }

  bool MapActivation(int op, tflite::ActivationFunctionType in, schema::Activation* out) {
    switch (in) {
      case tflite::ActivationFunctionType::NONE:
        *out = schema::Activation::NONE;
        return true;
      case tflite::ActivationFunctionType::RELU:
        *out = schema::Activation::RELU;
        return true;
      case tflite::ActivationFunctionType::RELU6:
        *out = schema::Activation::RELU6;
        return true;
      case tflite::ActivationFunctionType::RELU_N1_TO_1:
        *out = schema::Activation::RELU_N1_TO_1;
        return true;
      default: {
        const char* name = tflite::EnumNameActivationFunctionType(in);
        return Fail(OpContext(op) + ": fused_activation_function " +
                    (*name ? std::string(name) : std::to_string(static_cast<int>(in))) +
                    " is not supported (octet fuses NONE, RELU, RELU6, RELU_N1_TO_1)");
      }
    }
  }

  bool MapPadding(int op, tflite::Padding in, schema::Padding* out) {
    switch (in) {
      case tflite::Padding::SAME:
        *out = schema::Padding::SAME;
        return true;
      case tflite::Padding::VALID:
        *out = schema::Padding::VALID;
        return true;
    }
    return Fail(OpContext(op) + ": padding " + std::to_string(static_cast<int>(in)) + " is not SAME or VALID");
  }

  bool CheckAtLeastOne(int op, const char* field, int value) {
    if (value >= 1) return true;
    return Fail(OpContext(op) + ": " + field + " is " + std::to_string(value) + ", must be >= 1");
  }

  // Options that an op cannot run without must be present; any options present must have the
  // op's own type.
  bool CheckOptionsType(int op, tflite::BuiltinOptions expected, bool required) {
    const tflite::BuiltinOptions actual = reader_.op(op).builtin_options_type();
    const bool present = actual != tflite::BuiltinOptions::NONE && reader_.op(op).builtin_options() != nullptr;
    if (present && actual == expected) return true;
    if (!present && !required) return true;
    const std::string expected_name = tflite::EnumNameBuiltinOptions(expected);
    if (!present) return Fail(OpContext(op) + ": builtin_options is missing, expected " + expected_name);
    return Fail(OpContext(op) + ": builtin_options has type " + std::to_string(static_cast<int>(actual)) +
                ", expected " + expected_name);
  }

  // Input 0 and the output of integer compute ops must be 8-bit quantized.
  bool CheckQuantized8(int op) {
    for (const int tensor : {Input(op, 0), Output(op)}) {
      if (!IsQuantized8(TypeOf(tensor))) {
        return Fail(OpContext(op) + ": " + reader_.DescribeTensor(tensor) + " is " + TfliteTypeName(TypeOf(tensor)) +
                    "; octet runs this operator on INT8 and UINT8 only");
      }
    }
    return true;
  }

  // Reads the constant integer tensor in input `slot` (INT32 or INT64) that carries an op parameter.
  bool ReadIntParam(int op, int slot, const char* what, std::vector<int64_t>* values) {
    const int tensor = Input(op, slot);
    const std::string where = OpContext(op) + ": " + what + " " + reader_.DescribeTensor(tensor);
    const ByteSpan& bytes = data_[static_cast<size_t>(tensor)];
    uint64_t elements = 0;
    const bool empty = ElementCount(reader_.Shape(tensor), &elements) && elements == 0;
    if (bytes.size == 0 && !empty) return Fail(where + " must be a constant");
    const tflite::TensorType type = TypeOf(tensor);
    if (type != tflite::TensorType::INT32 && type != tflite::TensorType::INT64) {
      return Fail(where + " is " + TfliteTypeName(type) + ", expected INT32 or INT64");
    }
    // ReadTensorData already matched the byte count to shape and type.
    const size_t element_size = TfliteTypeSize(type);
    values->clear();
    for (size_t offset = 0; offset + element_size <= bytes.size; offset += element_size) {
      if (type == tflite::TensorType::INT32) {
        int32_t v;
        std::memcpy(&v, bytes.data + offset, sizeof v);
        values->push_back(v);
      } else {
        int64_t v;
        std::memcpy(&v, bytes.data + offset, sizeof v);
        values->push_back(v);
      }
    }
    return true;
  }

  bool AddOperators() {
    std::vector<std::pair<std::string, int>> counts;
    for (int i = 0; i < reader_.operator_count(); ++i) {
      const OpRule& rule = *rules_[static_cast<size_t>(i)];
      schema::OperatorOptions options_type = schema::OperatorOptions::NONE;
      flatbuffers::Offset<void> options = 0;
      if (!BuildOptions(i, rule, &options_type, &options)) return false;
      std::vector<int> inputs;
      for (int slot = 0; slot < InputCount(i); ++slot) {
        if (slot == rule.param_input) continue;
        const int tensor = Input(i, slot);
        inputs.push_back(tensor < 0 ? -1 : new_index_[static_cast<size_t>(tensor)]);
      }
      builder_.AddOperator(rule.octet_op, inputs, {new_index_[static_cast<size_t>(Output(i))]}, options_type, options);
      const std::string name = TfliteOpName(codes_[static_cast<size_t>(i)]);
      auto it = counts.begin();
      while (it != counts.end() && it->first != name) ++it;
      if (it == counts.end()) {
        counts.emplace_back(name, 1);
      } else {
        ++it->second;
      }
    }
    std::string summary = "mapped " + std::to_string(reader_.operator_count()) + " operator(s)";
    for (size_t k = 0; k < counts.size(); ++k) {
      summary += (k ? ", " : ": ") + counts[k].first + " x" + std::to_string(counts[k].second);
    }
    notes_.insert(notes_.begin(), summary);
    return true;
  }

  bool BuildOptions(int i, const OpRule& rule, schema::OperatorOptions* type, flatbuffers::Offset<void>* options) {
    flatbuffers::FlatBufferBuilder& fbb = builder_.builder();
    const tflite::Operator& op = reader_.op(i);
    schema::Activation activation = schema::Activation::NONE;
    schema::Padding padding = schema::Padding::SAME;
    switch (rule.tflite_op) {
      case TfliteOp::CONV_2D: {
        if (!CheckOptionsType(i, tflite::BuiltinOptions::Conv2DOptions, true) || !CheckQuantized8(i)) return false;
        const auto& o = *op.builtin_options_as_Conv2DOptions();
        if (!MapPadding(i, o.padding(), &padding) || !MapActivation(i, o.fused_activation_function(), &activation) ||
            !CheckAtLeastOne(i, "stride_h", o.stride_h()) || !CheckAtLeastOne(i, "stride_w", o.stride_w()) ||
            !CheckAtLeastOne(i, "dilation_h_factor", o.dilation_h_factor()) ||
            !CheckAtLeastOne(i, "dilation_w_factor", o.dilation_w_factor())) {
          return false;
        }
        *type = schema::OperatorOptions::Conv2DOptions;
        *options = schema::CreateConv2DOptions(fbb, padding, o.stride_h(), o.stride_w(), o.dilation_h_factor(),
                                               o.dilation_w_factor(), activation)
                       .Union();
        return true;
      }
      case TfliteOp::DEPTHWISE_CONV_2D: {
        if (!CheckOptionsType(i, tflite::BuiltinOptions::DepthwiseConv2DOptions, true) || !CheckQuantized8(i)) {
          return false;
        }
        const auto& o = *op.builtin_options_as_DepthwiseConv2DOptions();
        if (!MapPadding(i, o.padding(), &padding) || !MapActivation(i, o.fused_activation_function(), &activation) ||
            !CheckAtLeastOne(i, "stride_h", o.stride_h()) || !CheckAtLeastOne(i, "stride_w", o.stride_w()) ||
            !CheckAtLeastOne(i, "dilation_h_factor", o.dilation_h_factor()) ||
            !CheckAtLeastOne(i, "dilation_w_factor", o.dilation_w_factor())) {
          return false;
        }
        // TFLite derives the multiplier from the shapes and ignores this field, and some converters
        // wrote stale values; octet checks a non-zero value against the shapes, so a disagreeing one
        // is replaced by 0 ("derive it").
        int depth_multiplier = o.depth_multiplier();
        const std::vector<int> input_shape = reader_.Shape(Input(i, 0));
        const std::vector<int> filter_shape = reader_.Shape(Input(i, 1));
        if (input_shape.size() == 4 && filter_shape.size() == 4 && input_shape[3] > 0 &&
            filter_shape[3] % input_shape[3] == 0) {
          const int derived = filter_shape[3] / input_shape[3];
          if (depth_multiplier != derived) {
            notes_.push_back(OpContext(i) + ": depth_multiplier " + std::to_string(depth_multiplier) +
                             " disagrees with the shapes (" + std::to_string(derived) + "); written as 0");
            depth_multiplier = 0;
          }
        }
        *type = schema::OperatorOptions::DepthwiseConv2DOptions;
        *options = schema::CreateDepthwiseConv2DOptions(fbb, padding, o.stride_h(), o.stride_w(), o.dilation_h_factor(),
                                                        o.dilation_w_factor(), depth_multiplier, activation)
                       .Union();
        return true;
      }
      case TfliteOp::FULLY_CONNECTED: {
        if (!CheckOptionsType(i, tflite::BuiltinOptions::FullyConnectedOptions, false) || !CheckQuantized8(i)) {
          return false;
        }
        if (const auto* o = op.builtin_options_as_FullyConnectedOptions()) {
          if (o->weights_format() != tflite::FullyConnectedOptionsWeightsFormat::DEFAULT) {
            return Fail(OpContext(i) + ": weights_format " + std::to_string(static_cast<int>(o->weights_format())) +
                        " is not supported (only DEFAULT)");
          }
          if (!MapActivation(i, o->fused_activation_function(), &activation)) return false;
        }
        *type = schema::OperatorOptions::FullyConnectedOptions;
        *options = schema::CreateFullyConnectedOptions(fbb, activation).Union();
        return true;
      }
      case TfliteOp::ADD: {
        if (!CheckOptionsType(i, tflite::BuiltinOptions::AddOptions, false) || !CheckQuantized8(i)) return false;
        if (const auto* o = op.builtin_options_as_AddOptions()) {
          if (!MapActivation(i, o->fused_activation_function(), &activation)) return false;
        }
        *type = schema::OperatorOptions::AddOptions;
        *options = schema::CreateAddOptions(fbb, activation).Union();
        return true;
      }
      case TfliteOp::AVERAGE_POOL_2D:
      case TfliteOp::MAX_POOL_2D: {
        if (!CheckOptionsType(i, tflite::BuiltinOptions::Pool2DOptions, true) || !CheckQuantized8(i)) return false;
        const auto& o = *op.builtin_options_as_Pool2DOptions();
        if (!MapPadding(i, o.padding(), &padding) || !MapActivation(i, o.fused_activation_function(), &activation) ||
            !CheckAtLeastOne(i, "stride_h", o.stride_h()) || !CheckAtLeastOne(i, "stride_w", o.stride_w()) ||
            !CheckAtLeastOne(i, "filter_height", o.filter_height()) ||
            !CheckAtLeastOne(i, "filter_width", o.filter_width())) {
          return false;
        }
        *type = schema::OperatorOptions::Pool2DOptions;
        *options = schema::CreatePool2DOptions(fbb, padding, o.stride_h(), o.stride_w(), o.filter_height(),
                                               o.filter_width(), activation)
                       .Union();
        return true;
      }
      case TfliteOp::MEAN: {
        if (!CheckOptionsType(i, tflite::BuiltinOptions::ReducerOptions, false) || !CheckQuantized8(i)) return false;
        std::vector<int64_t> axes;
        if (!ReadIntParam(i, 1, "axis", &axes)) return false;
        const int rank = static_cast<int>(reader_.Shape(Input(i, 0)).size());
        std::vector<int> normalized;
        for (const int64_t axis : axes) {
          const int64_t positive = axis < 0 ? axis + rank : axis;
          if (positive < 0 || positive >= rank) {
            return Fail(OpContext(i) + ": axis " + std::to_string(axis) + " is out of range for an input of rank " +
                        std::to_string(rank));
          }
          normalized.push_back(static_cast<int>(positive));
        }
        const auto* o = op.builtin_options_as_ReducerOptions();
        *type = schema::OperatorOptions::MeanOptions;
        *options = schema::CreateMeanOptionsDirect(fbb, &normalized, o ? o->keep_dims() : false).Union();
        return true;
      }
      case TfliteOp::RESHAPE: {
        if (!CheckOptionsType(i, tflite::BuiltinOptions::ReshapeOptions, false)) return false;
        uint64_t in_elements = 0, out_elements = 0;
        if (ElementCount(reader_.Shape(Input(i, 0)), &in_elements) &&
            ElementCount(reader_.Shape(Output(i)), &out_elements) && in_elements != out_elements) {
          return Fail(OpContext(i) + ": output shape " + ShapeToString(reader_.Shape(Output(i))) + " holds " +
                      std::to_string(out_elements) + " elements, input shape " +
                      ShapeToString(reader_.Shape(Input(i, 0))) + " holds " + std::to_string(in_elements));
        }
        if (TypeOf(Input(i, 0)) != TypeOf(Output(i))) {
          return Fail(OpContext(i) + ": input type " + TfliteTypeName(TypeOf(Input(i, 0))) +
                      " differs from output type " + TfliteTypeName(TypeOf(Output(i))));
        }
        *type = schema::OperatorOptions::ReshapeOptions;
        *options = schema::CreateReshapeOptions(fbb).Union();
        return true;
      }
      case TfliteOp::SOFTMAX: {
        if (!CheckOptionsType(i, tflite::BuiltinOptions::SoftmaxOptions, true) || !CheckQuantized8(i)) return false;
        const float beta = op.builtin_options_as_SoftmaxOptions()->beta();
        if (!std::isfinite(beta) || !(beta > 0.0f)) {
          return Fail(OpContext(i) + ": beta is " + std::to_string(beta) + ", must be finite and positive");
        }
        *type = schema::OperatorOptions::SoftmaxOptions;
        *options = schema::CreateSoftmaxOptions(fbb, beta).Union();
        return true;
      }
      case TfliteOp::QUANTIZE: {
        if (!CheckOptionsType(i, tflite::BuiltinOptions::QuantizeOptions, false)) return false;
        const tflite::TensorType in = TypeOf(Input(i, 0)), out = TypeOf(Output(i));
        if (!(in == tflite::TensorType::FLOAT32 || IsQuantized8(in)) || !IsQuantized8(out)) {
          return Fail(OpContext(i) + ": " + TfliteTypeName(in) + " to " + TfliteTypeName(out) +
                      " is not supported (octet quantizes FLOAT32, INT8 or UINT8 to INT8 or UINT8)");
        }
        *type = schema::OperatorOptions::QuantizeOptions;
        *options = schema::CreateQuantizeOptions(fbb).Union();
        return true;
      }
      case TfliteOp::DEQUANTIZE: {
        if (!CheckOptionsType(i, tflite::BuiltinOptions::DequantizeOptions, false)) return false;
        const tflite::TensorType in = TypeOf(Input(i, 0)), out = TypeOf(Output(i));
        if (!IsQuantized8(in) || out != tflite::TensorType::FLOAT32) {
          return Fail(OpContext(i) + ": " + TfliteTypeName(in) + " to " + TfliteTypeName(out) +
                      " is not supported (octet dequantizes INT8 or UINT8 to FLOAT32)");
        }
        *type = schema::OperatorOptions::DequantizeOptions;
        *options = schema::CreateDequantizeOptions(fbb).Union();
        return true;
      }
      case TfliteOp::CONCATENATION: {
        if (!CheckOptionsType(i, tflite::BuiltinOptions::ConcatenationOptions, true) || !CheckQuantized8(i)) {
          return false;
        }
        const auto& o = *op.builtin_options_as_ConcatenationOptions();
        if (!MapActivation(i, o.fused_activation_function(), &activation)) return false;
        const int rank = static_cast<int>(reader_.Shape(Output(i)).size());
        const int axis = o.axis() < 0 ? o.axis() + rank : o.axis();
        if (axis < 0 || axis >= rank) {
          return Fail(OpContext(i) + ": axis " + std::to_string(o.axis()) + " is out of range for an output of rank " +
                      std::to_string(rank));
        }
        *type = schema::OperatorOptions::ConcatenationOptions;
        *options = schema::CreateConcatenationOptions(fbb, axis, activation).Union();
        return true;
      }
      case TfliteOp::PAD: {
        if (!CheckOptionsType(i, tflite::BuiltinOptions::PadOptions, false) || !CheckQuantized8(i)) return false;
        std::vector<int64_t> values;
        if (!ReadIntParam(i, 1, "paddings", &values)) return false;
        const std::vector<int> input_shape = reader_.Shape(Input(i, 0));
        const std::vector<int> paddings_shape = reader_.Shape(Input(i, 1));
        const int rank = static_cast<int>(input_shape.size());
        if (paddings_shape.size() != 2 || paddings_shape[0] != rank || paddings_shape[1] != 2) {
          return Fail(OpContext(i) + ": paddings shape " + ShapeToString(paddings_shape) + " is not [" +
                      std::to_string(rank) + ", 2] for an input of rank " + std::to_string(rank));
        }
        std::vector<int> paddings;
        for (size_t k = 0; k < values.size(); ++k) {
          if (values[k] < 0 || values[k] > std::numeric_limits<int32_t>::max()) {
            return Fail(OpContext(i) + ": paddings[" + std::to_string(k / 2) + "][" + std::to_string(k % 2) + "] is " +
                        std::to_string(values[k]) + ", must be >= 0 and fit in int32");
          }
          paddings.push_back(static_cast<int>(values[k]));
        }
        *type = schema::OperatorOptions::PadOptions;
        *options = schema::CreatePadOptionsDirect(fbb, &paddings).Union();
        return true;
      }
      default:
        break;
    }
    return Fail(OpContext(i) + ": internal error: no mapping");
  }

  bool SetGraphIo() {
    // MarkTensors has range-checked both lists and kept every tensor in them.
    std::vector<int> lists[2];
    const flatbuffers::Vector<int32_t>* sources[2] = {reader_.graph().inputs(), reader_.graph().outputs()};
    for (int k = 0; k < 2; ++k) {
      if (sources[k] == nullptr) continue;
      for (const int tensor : *sources[k]) lists[k].push_back(new_index_[static_cast<size_t>(tensor)]);
    }
    builder_.SetInputs(lists[0]);
    builder_.SetOutputs(lists[1]);
    return true;
  }

  std::string source_;
  std::string error_;
  std::vector<std::string> notes_;
  TfliteReader reader_;
  ModelBuilder builder_;
  std::vector<int32_t> codes_;        // per operator: its builtin code
  std::vector<const OpRule*> rules_;  // per operator: its mapping
  std::vector<ByteSpan> data_;        // per TFLite tensor: constant bytes (size 0 for activations)
  std::vector<int> new_index_;        // per TFLite tensor: octet index, -1 when dropped
};

}  // namespace

ConvertResult ConvertTfliteToOctet(const uint8_t* data, size_t size, const std::string& source_name) {
  // Nothing below throws on a malformed model; this only keeps resource exhaustion (bad_alloc, a
  // model beyond FlatBuffers' 2 GB) from escaping to C callers.
  try {
    return Converter(source_name).Run(data, size);
  } catch (const std::exception& e) {
    ConvertResult result;
    result.error = source_name + ": conversion failed: " + e.what();
    return result;
  }
}

}  // namespace octet::tools
