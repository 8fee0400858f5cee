// Operator registry and the prepare step every op implements.
//
// Prepare runs once per loaded model. It checks everything about the operator that the model could
// get wrong (types, ranks, shapes, quantization, options), infers the output shape and compares it
// with the declared one, and builds the Kernel that runs it. Errors name the operator, tensor and field.
#ifndef OCTET_RUNTIME_OPS_OP_H_
#define OCTET_RUNTIME_OPS_OP_H_

#include <initializer_list>
#include <string>
#include <vector>

#include "octet/schema/octet_generated.h"
#include "runtime/core/status.h"
#include "runtime/graph/graph.h"

namespace octet {

class PrepareContext {
 public:
  PrepareContext(const std::vector<Tensor>& tensors, const schema::Operator& op, int index, std::string where)
      : tensors_(tensors), op_(op), index_(index), where_(std::move(where)) {}

  const schema::Operator& op() const { return op_; }
  int index() const { return index_; }
  int num_inputs() const { return static_cast<int>(op_.inputs()->size()); }
  // Tensor index of input i, or -1 when absent.
  int input_index(int i) const { return op_.inputs()->Get(static_cast<flatbuffers::uoffset_t>(i)); }
  int output_index(int i) const { return op_.outputs()->Get(static_cast<flatbuffers::uoffset_t>(i)); }
  bool has_input(int i) const { return i < num_inputs() && input_index(i) >= 0; }
  const Tensor& input(int i) const { return tensors_[static_cast<size_t>(input_index(i))]; }
  const Tensor& output(int i) const { return tensors_[static_cast<size_t>(output_index(i))]; }

  // "model.octet: operator 3 (CONV_2D): <message>", the message formatted as by printf.
  Status Errorf(const char* format, ...) const __attribute__((format(printf, 2, 3)));
  Status NotSupportedf(const char* format, ...) const __attribute__((format(printf, 2, 3)));
  // "input 1 (tensor 5 'w')"
  std::string InputLabel(int i) const;
  std::string OutputLabel(int i) const;

  // Common checks; each returns an error naming the role and tensor.
  Status ExpectInputType(int i, std::initializer_list<octet_type> types) const;
  Status ExpectSameType(int input, int output) const;
  Status ExpectInputRank(int i, int rank) const;
  // Quantized with one scale and zero point (per-tensor).
  Status ExpectPerTensorInput(int i) const;
  Status ExpectPerTensorOutput(int i) const;
  Status ExpectSameQuantization(int input, int output) const;
  // Shape inference check: the declared output shape must equal the inferred one.
  Status ExpectOutputShape(int i, const std::vector<int>& inferred) const;
  Status ExpectOptions(schema::OperatorOptions type) const;
  // Enum fields read from the file may hold any value.
  Status ExpectActivation(schema::Activation activation) const;
  Status ExpectPadding(schema::Padding padding) const;

 private:
  const std::vector<Tensor>& tensors_;
  const schema::Operator& op_;
  int index_;
  std::string where_;
};

using PrepareFn = Status (*)(const PrepareContext& ctx, Operator* op);

struct OpRegistration {
  schema::OpType type;
  const char* name;
  int min_inputs, max_inputs;
  int num_outputs;
  PrepareFn prepare;
};

// The registry: a plain table, one entry per supported op. Null for an unknown type.
const OpRegistration* FindOp(int type);

// Spatial output size and leading padding (spec section 1.5). False when the geometry is invalid.
bool ComputeOutputSize(schema::Padding padding, int in, int kernel, int stride, int dilation, int* out,
                       int* pad_before);

// CONV_2D and DEPTHWISE_CONV_2D geometry: reads strides and dilations from `options` (1 when absent),
// checks them, and fills the output size and leading padding of `p` (input_h/w and filter_h/w set).
template <typename Options, typename Params>
Status SetUpConvGeometry(const PrepareContext& ctx, const Options* options, schema::Padding padding,
                         const Tensor& input, Params* p) {
  p->stride_h = options ? options->stride_h() : 1;
  p->stride_w = options ? options->stride_w() : 1;
  p->dilation_h = options ? options->dilation_h() : 1;
  p->dilation_w = options ? options->dilation_w() : 1;
  if (p->stride_h < 1 || p->stride_w < 1) {
    return ctx.Errorf("fields stride_h/stride_w are %d/%d, must be at least 1", p->stride_h, p->stride_w);
  }
  if (p->dilation_h < 1 || p->dilation_w < 1) {
    return ctx.Errorf("fields dilation_h/dilation_w are %d/%d, must be at least 1", p->dilation_h, p->dilation_w);
  }
  if (!ComputeOutputSize(padding, p->input_h, p->filter_h, p->stride_h, p->dilation_h, &p->output_h, &p->pad_top) ||
      !ComputeOutputSize(padding, p->input_w, p->filter_w, p->stride_w, p->dilation_w, &p->output_w, &p->pad_left)) {
    return ctx.Errorf("the %dx%d filter (dilation %dx%d) does not fit the input %s with VALID padding", p->filter_h,
                      p->filter_w, p->dilation_h, p->dilation_w, ShapeString(input.shape).c_str());
  }
  return Status::Ok();
}

// Per-op prepare functions (runtime/ops/<op>.cc).
Status PrepareConv2D(const PrepareContext& ctx, Operator* op);
Status PrepareDepthwiseConv2D(const PrepareContext& ctx, Operator* op);
Status PrepareFullyConnected(const PrepareContext& ctx, Operator* op);
Status PrepareAdd(const PrepareContext& ctx, Operator* op);
Status PrepareAveragePool2D(const PrepareContext& ctx, Operator* op);
Status PrepareMaxPool2D(const PrepareContext& ctx, Operator* op);
Status PrepareMean(const PrepareContext& ctx, Operator* op);
Status PrepareReshape(const PrepareContext& ctx, Operator* op);
Status PrepareSoftmax(const PrepareContext& ctx, Operator* op);
Status PrepareQuantize(const PrepareContext& ctx, Operator* op);
Status PrepareDequantize(const PrepareContext& ctx, Operator* op);
Status PrepareConcatenation(const PrepareContext& ctx, Operator* op);
Status PreparePad(const PrepareContext& ctx, Operator* op);

// Type range of an 8-bit type.
inline int32_t TypeMin(octet_type t) { return t == OCTET_TYPE_INT8 ? -128 : 0; }
inline int32_t TypeMax(octet_type t) { return t == OCTET_TYPE_INT8 ? 127 : 255; }

}  // namespace octet

#endif  // OCTET_RUNTIME_OPS_OP_H_
