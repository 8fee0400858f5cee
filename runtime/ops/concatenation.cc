// CONCATENATION along one axis. int8 inputs must share the output's quantization (plain copies);
// uint8 inputs may differ and are rescaled in float (spec section 3).
#include "kernels/reference/reference.h"
#include "runtime/ops/op.h"

namespace octet {
namespace {

class ConcatenationKernel final : public Kernel {
 public:
  ConcatenationKernel(const reference::ConcatParams& p, std::vector<int64_t> inner_sizes, std::vector<float> scales,
                      std::vector<int32_t> zero_points, octet_type type, std::vector<int> inputs, int out)
      : p_(p),
        inner_sizes_(std::move(inner_sizes)),
        scales_(std::move(scales)),
        zero_points_(std::move(zero_points)),
        type_(type),
        inputs_(std::move(inputs)),
        out_(out) {
    p_.inner_sizes = inner_sizes_.data();
    p_.input_scales = scales_.data();
    p_.input_zero_points = zero_points_.data();
  }
  void Run(const TensorData& d) const override {
    // At most 64 inputs (the registry's limit), so a fixed array avoids allocating per run.
    const uint8_t* pointers[64];
    for (size_t i = 0; i < inputs_.size(); ++i) pointers[i] = d.get<const uint8_t>(inputs_[i]);
    if (type_ == OCTET_TYPE_INT8) {
      reference::Concatenation(p_, reinterpret_cast<const int8_t* const*>(pointers), d.get<int8_t>(out_));
    } else {
      reference::Concatenation(p_, pointers, d.get<uint8_t>(out_));
    }
  }

 private:
  reference::ConcatParams p_;
  std::vector<int64_t> inner_sizes_;
  std::vector<float> scales_;
  std::vector<int32_t> zero_points_;
  octet_type type_;
  std::vector<int> inputs_;
  int out_;
};

}  // namespace

Status PrepareConcatenation(const PrepareContext& ctx, Operator* op) {
  OCTET_RETURN_IF_ERROR(ctx.ExpectOptions(schema::OperatorOptions::ConcatenationOptions));
  const schema::ConcatenationOptions* options = ctx.op().options_as_ConcatenationOptions();
  const schema::Activation activation = options ? options->activation() : schema::Activation::NONE;
  OCTET_RETURN_IF_ERROR(ctx.ExpectActivation(activation));
  if (activation != schema::Activation::NONE) {
    return ctx.NotSupportedf("a fused activation on CONCATENATION is not supported");
  }
  const int n = ctx.num_inputs();
  for (int i = 0; i < n; ++i) {
    if (!ctx.has_input(i)) return ctx.Errorf("input %d is absent", i);
  }
  OCTET_RETURN_IF_ERROR(ctx.ExpectInputType(0, {OCTET_TYPE_INT8, OCTET_TYPE_UINT8}));
  OCTET_RETURN_IF_ERROR(ctx.ExpectSameType(0, 0));
  OCTET_RETURN_IF_ERROR(ctx.ExpectPerTensorOutput(0));
  const Tensor& first = ctx.input(0);
  const Tensor& out = ctx.output(0);
  const int rank = first.rank();
  const int raw_axis = options ? options->axis() : 0;
  const int axis = raw_axis < 0 ? raw_axis + rank : raw_axis;
  if (axis < 0 || axis >= rank) {
    return ctx.Errorf("field options.axis is %d, out of range for rank %d", raw_axis, rank);
  }
  std::vector<int> inferred = first.shape;
  inferred[static_cast<size_t>(axis)] = 0;
  std::vector<int64_t> inner_sizes;
  std::vector<float> scales;
  std::vector<int32_t> zero_points;
  std::vector<int> inputs;
  int64_t inner = 1;
  for (int d = axis + 1; d < rank; ++d) inner *= first.dim(d);
  for (int i = 0; i < n; ++i) {
    const Tensor& t = ctx.input(i);
    OCTET_RETURN_IF_ERROR(ctx.ExpectInputType(i, {first.type}));
    OCTET_RETURN_IF_ERROR(ctx.ExpectPerTensorInput(i));
    if (t.rank() != rank) return ctx.Errorf("%s has rank %d, expected %d", ctx.InputLabel(i).c_str(), t.rank(), rank);
    for (int d = 0; d < rank; ++d) {
      if (d != axis && t.dim(d) != first.dim(d)) {
        return ctx.Errorf("%s has shape %s, which differs from %s outside axis %d", ctx.InputLabel(i).c_str(),
                          ShapeString(t.shape).c_str(), ShapeString(first.shape).c_str(), axis);
      }
    }
    if (first.type == OCTET_TYPE_INT8) OCTET_RETURN_IF_ERROR(ctx.ExpectSameQuantization(i, 0));
    inferred[static_cast<size_t>(axis)] += t.dim(axis);
    inner_sizes.push_back(int64_t{t.dim(axis)} * inner);
    scales.push_back(t.scale());
    zero_points.push_back(t.zero_point());
    inputs.push_back(ctx.input_index(i));
  }
  OCTET_RETURN_IF_ERROR(ctx.ExpectOutputShape(0, inferred));
  reference::ConcatParams p;
  p.num_inputs = n;
  p.outer = 1;
  for (int d = 0; d < axis; ++d) p.outer *= first.dim(d);
  p.output_scale = out.scale();
  p.output_zero_point = out.zero_point();
  p.act_min = TypeMin(out.type);
  p.act_max = TypeMax(out.type);
  op->kernel =
      std::make_unique<ConcatenationKernel>(p, std::move(inner_sizes), std::move(scales), std::move(zero_points),
                                            first.type, std::move(inputs), ctx.output_index(0));
  return Status::Ok();
}

}  // namespace octet
