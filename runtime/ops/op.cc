#include "runtime/ops/op.h"

#include <algorithm>
#include <cstdarg>

namespace octet {

Status PrepareContext::Errorf(const char* format, ...) const {
  va_list args;
  va_start(args, format);
  Status status = InvalidModel(where_ + ": " + StrFormatV(format, args));
  va_end(args);
  return status;
}

Status PrepareContext::NotSupportedf(const char* format, ...) const {
  va_list args;
  va_start(args, format);
  Status status = Unsupported(where_ + ": " + StrFormatV(format, args));
  va_end(args);
  return status;
}

std::string PrepareContext::InputLabel(int i) const {
  return "input " + std::to_string(i) + " (" + TensorLabel(tensors_, input_index(i)) + ")";
}

std::string PrepareContext::OutputLabel(int i) const {
  return "output " + std::to_string(i) + " (" + TensorLabel(tensors_, output_index(i)) + ")";
}

Status PrepareContext::ExpectInputType(int i, std::initializer_list<octet_type> types) const {
  for (octet_type t : types) {
    if (input(i).type == t) return Status::Ok();
  }
  std::string allowed;
  for (octet_type t : types) allowed += std::string(allowed.empty() ? "" : " or ") + TypeName(t);
  return Errorf("%s has type %s, expected %s", InputLabel(i).c_str(), TypeName(input(i).type), allowed.c_str());
}

Status PrepareContext::ExpectSameType(int in, int out) const {
  if (input(in).type == output(out).type) return Status::Ok();
  return Errorf("%s has type %s but %s has type %s", OutputLabel(out).c_str(), TypeName(output(out).type),
                InputLabel(in).c_str(), TypeName(input(in).type));
}

Status PrepareContext::ExpectInputRank(int i, int rank) const {
  if (input(i).rank() == rank) return Status::Ok();
  return Errorf("%s has shape %s, expected %d dimensions", InputLabel(i).c_str(), ShapeString(input(i).shape).c_str(),
                rank);
}

namespace {
Status ExpectPerTensor(const PrepareContext& ctx, const Tensor& t, const std::string& label) {
  if (t.scales.size() != 1) {
    return ctx.Errorf("%s must have per-tensor quantization (one scale), has %zu scales", label.c_str(),
                      t.scales.size());
  }
  return Status::Ok();
}
}  // namespace

Status PrepareContext::ExpectPerTensorInput(int i) const { return ExpectPerTensor(*this, input(i), InputLabel(i)); }
Status PrepareContext::ExpectPerTensorOutput(int i) const { return ExpectPerTensor(*this, output(i), OutputLabel(i)); }

Status PrepareContext::ExpectSameQuantization(int in, int out) const {
  OCTET_RETURN_IF_ERROR(ExpectPerTensorInput(in));
  OCTET_RETURN_IF_ERROR(ExpectPerTensorOutput(out));
  if (input(in).scale() != output(out).scale() || input(in).zero_point() != output(out).zero_point()) {
    return Errorf("%s quantization (scale %g, zero point %d) must equal that of %s (scale %g, zero point %d)",
                  OutputLabel(out).c_str(), output(out).scale(), output(out).zero_point(), InputLabel(in).c_str(),
                  input(in).scale(), input(in).zero_point());
  }
  return Status::Ok();
}

Status PrepareContext::ExpectOutputShape(int i, const std::vector<int>& inferred) const {
  if (output(i).shape == inferred) return Status::Ok();
  return Errorf("%s is declared with shape %s but the operator produces %s", OutputLabel(i).c_str(),
                ShapeString(output(i).shape).c_str(), ShapeString(inferred).c_str());
}

Status PrepareContext::ExpectOptions(schema::OperatorOptions type) const {
  if (op_.options_type() == schema::OperatorOptions::NONE || op_.options_type() == type) return Status::Ok();
  return Errorf("field options has type %s, expected %s", schema::EnumNameOperatorOptions(op_.options_type()),
                schema::EnumNameOperatorOptions(type));
}

Status PrepareContext::ExpectActivation(schema::Activation activation) const {
  const int value = static_cast<int>(activation);
  if (value >= 0 && value <= static_cast<int>(schema::Activation::MAX)) return Status::Ok();
  return Errorf("field activation has the unknown value %d", value);
}

Status PrepareContext::ExpectPadding(schema::Padding padding) const {
  const int value = static_cast<int>(padding);
  if (value >= 0 && value <= static_cast<int>(schema::Padding::MAX)) return Status::Ok();
  return Errorf("field padding has the unknown value %d", value);
}

bool ComputeOutputSize(schema::Padding padding, int in, int kernel, int stride, int dilation, int* out,
                       int* pad_before) {
  if (in < 1 || kernel < 1 || stride < 1 || dilation < 1) return false;
  const int64_t effective = int64_t{kernel - 1} * dilation + 1;
  if (effective > (int64_t{1} << 30)) return false;
  int64_t size = 0;
  if (padding == schema::Padding::SAME) {
    size = (int64_t{in} + stride - 1) / stride;
  } else {
    if (effective > in) return false;
    size = (in - effective) / stride + 1;
  }
  const int64_t total = std::max<int64_t>(0, (size - 1) * stride + effective - in);
  *out = static_cast<int>(size);
  *pad_before = static_cast<int>(total / 2);
  return true;
}

namespace {
// A build with OCTET_OPS (cmake/OctetInstall.cmake) defines OCTET_OPS_SELECTED and OCTET_OP_<NAME> for
// each operator it keeps; the others are left out of the registry, so a static link drops their code.
const OpRegistration kRegistry[] = {
#if !defined(OCTET_OPS_SELECTED) || defined(OCTET_OP_CONV_2D)
    {schema::OpType::CONV_2D, "CONV_2D", 2, 3, 1, PrepareConv2D},
#endif
#if !defined(OCTET_OPS_SELECTED) || defined(OCTET_OP_DEPTHWISE_CONV_2D)
    {schema::OpType::DEPTHWISE_CONV_2D, "DEPTHWISE_CONV_2D", 2, 3, 1, PrepareDepthwiseConv2D},
#endif
#if !defined(OCTET_OPS_SELECTED) || defined(OCTET_OP_FULLY_CONNECTED)
    {schema::OpType::FULLY_CONNECTED, "FULLY_CONNECTED", 2, 3, 1, PrepareFullyConnected},
#endif
#if !defined(OCTET_OPS_SELECTED) || defined(OCTET_OP_ADD)
    {schema::OpType::ADD, "ADD", 2, 2, 1, PrepareAdd},
#endif
#if !defined(OCTET_OPS_SELECTED) || defined(OCTET_OP_AVERAGE_POOL_2D)
    {schema::OpType::AVERAGE_POOL_2D, "AVERAGE_POOL_2D", 1, 1, 1, PrepareAveragePool2D},
#endif
#if !defined(OCTET_OPS_SELECTED) || defined(OCTET_OP_MAX_POOL_2D)
    {schema::OpType::MAX_POOL_2D, "MAX_POOL_2D", 1, 1, 1, PrepareMaxPool2D},
#endif
#if !defined(OCTET_OPS_SELECTED) || defined(OCTET_OP_MEAN)
    {schema::OpType::MEAN, "MEAN", 1, 1, 1, PrepareMean},
#endif
#if !defined(OCTET_OPS_SELECTED) || defined(OCTET_OP_RESHAPE)
    {schema::OpType::RESHAPE, "RESHAPE", 1, 1, 1, PrepareReshape},
#endif
#if !defined(OCTET_OPS_SELECTED) || defined(OCTET_OP_SOFTMAX)
    {schema::OpType::SOFTMAX, "SOFTMAX", 1, 1, 1, PrepareSoftmax},
#endif
#if !defined(OCTET_OPS_SELECTED) || defined(OCTET_OP_QUANTIZE)
    {schema::OpType::QUANTIZE, "QUANTIZE", 1, 1, 1, PrepareQuantize},
#endif
#if !defined(OCTET_OPS_SELECTED) || defined(OCTET_OP_DEQUANTIZE)
    {schema::OpType::DEQUANTIZE, "DEQUANTIZE", 1, 1, 1, PrepareDequantize},
#endif
#if !defined(OCTET_OPS_SELECTED) || defined(OCTET_OP_CONCATENATION)
    {schema::OpType::CONCATENATION, "CONCATENATION", 1, 64, 1, PrepareConcatenation},
#endif
#if !defined(OCTET_OPS_SELECTED) || defined(OCTET_OP_PAD)
    {schema::OpType::PAD, "PAD", 1, 1, 1, PreparePad},
#endif
};
}  // namespace

const OpRegistration* FindOp(int type) {
  for (const OpRegistration& r : kRegistry) {
    if (static_cast<int>(r.type) == type) return &r;
  }
  return nullptr;
}

const char* OpTypeName(int op_type) {
  const OpRegistration* r = FindOp(op_type);
  return r ? r->name : "unknown op";
}

}  // namespace octet
