#include "runtime/ops/op.h"

#include <algorithm>

namespace octet {

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
  return Error(InputLabel(i) + " has type " + TypeName(input(i).type) + ", expected " + allowed);
}

Status PrepareContext::ExpectSameType(int in, int out) const {
  if (input(in).type == output(out).type) return Status::Ok();
  return Error(OutputLabel(out) + " has type " + TypeName(output(out).type) + " but " + InputLabel(in) + " has type " +
               TypeName(input(in).type));
}

Status PrepareContext::ExpectInputRank(int i, int rank) const {
  if (input(i).rank() == rank) return Status::Ok();
  return Error(InputLabel(i) + " has shape " + ShapeString(input(i).shape) + ", expected " + std::to_string(rank) +
               " dimensions");
}

namespace {
Status ExpectPerTensor(const PrepareContext& ctx, const Tensor& t, const std::string& label) {
  if (t.scales.size() != 1) {
    return ctx.Error(label + " must have per-tensor quantization (one scale), has " + std::to_string(t.scales.size()) +
                     " scales");
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
    return Error(OutputLabel(out) + " quantization (scale " + std::to_string(output(out).scale()) + ", zero point " +
                 std::to_string(output(out).zero_point()) + ") must equal that of " + InputLabel(in) + " (scale " +
                 std::to_string(input(in).scale()) + ", zero point " + std::to_string(input(in).zero_point()) + ")");
  }
  return Status::Ok();
}

Status PrepareContext::ExpectOutputShape(int i, const std::vector<int>& inferred) const {
  if (output(i).shape == inferred) return Status::Ok();
  return Error(OutputLabel(i) + " is declared with shape " + ShapeString(output(i).shape) +
               " but the operator produces " + ShapeString(inferred));
}

Status PrepareContext::ExpectOptions(schema::OperatorOptions type) const {
  if (op_.options_type() == schema::OperatorOptions::NONE || op_.options_type() == type) return Status::Ok();
  return Error(std::string("field options has type ") + schema::EnumNameOperatorOptions(op_.options_type()) +
               ", expected " + schema::EnumNameOperatorOptions(type));
}

Status PrepareContext::ExpectActivation(schema::Activation activation) const {
  const int value = static_cast<int>(activation);
  if (value >= 0 && value <= static_cast<int>(schema::Activation::MAX)) return Status::Ok();
  return Error("field activation has the unknown value " + std::to_string(value));
}

Status PrepareContext::ExpectPadding(schema::Padding padding) const {
  const int value = static_cast<int>(padding);
  if (value >= 0 && value <= static_cast<int>(schema::Padding::MAX)) return Status::Ok();
  return Error("field padding has the unknown value " + std::to_string(value));
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
