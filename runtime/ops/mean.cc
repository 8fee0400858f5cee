// MEAN over a set of axes (reference recipe: 1/N folded into the multiplier).
#include "kernels/reduce/mean.h"

#include "kernels/common/quantize_multiplier.h"
#include "kernels/reference/reference.h"
#include "runtime/ops/fast_kernel.h"
#include "runtime/ops/op.h"

namespace octet {
namespace {

class MeanKernel final : public Kernel {
 public:
  MeanKernel(const reference::MeanParams& p, octet_type type, int in, int out)
      : p_(p), type_(type), in_(in), out_(out) {}
  std::unique_ptr<Kernel> Specialize(IsaSet usable) const override {
    return WrapFast<FastUnaryKernel<PreparedMean>>(PreparedMean::Create(p_, type_ == OCTET_TYPE_UINT8, usable), in_,
                                                   out_);
  }

  void Run(const TensorData& d) const override {
    if (type_ == OCTET_TYPE_INT8) {
      reference::Mean(p_, d.get<const int8_t>(in_), d.get<int8_t>(out_));
    } else {
      reference::Mean(p_, d.get<const uint8_t>(in_), d.get<uint8_t>(out_));
    }
  }

 private:
  reference::MeanParams p_;
  octet_type type_;
  int in_, out_;
};

}  // namespace

Status PrepareMean(const PrepareContext& ctx, Operator* op) {
  OCTET_RETURN_IF_ERROR(ctx.ExpectOptions(schema::OperatorOptions::MeanOptions));
  const schema::MeanOptions* options = ctx.op().options_as_MeanOptions();
  if (!options || !options->axes() || options->axes()->size() == 0) {
    return ctx.Errorf("field options.axes is missing or empty");
  }
  OCTET_RETURN_IF_ERROR(ctx.ExpectInputType(0, {OCTET_TYPE_INT8, OCTET_TYPE_UINT8}));
  OCTET_RETURN_IF_ERROR(ctx.ExpectSameType(0, 0));
  OCTET_RETURN_IF_ERROR(ctx.ExpectPerTensorInput(0));
  OCTET_RETURN_IF_ERROR(ctx.ExpectPerTensorOutput(0));
  const Tensor& in = ctx.input(0);
  const Tensor& out = ctx.output(0);
  reference::MeanParams p;
  p.rank = in.rank();
  for (int i = 0; i < p.rank; ++i) p.input_shape[i] = in.dim(i);
  for (const int32_t raw_axis : *options->axes()) {
    const int axis = raw_axis < 0 ? raw_axis + p.rank : raw_axis;
    if (axis < 0 || axis >= p.rank) {
      return ctx.Errorf("field options.axes holds %d, out of range for %s of rank %d", raw_axis,
                        ctx.InputLabel(0).c_str(), p.rank);
    }
    if (p.reduce[axis]) return ctx.Errorf("field options.axes names axis %d twice", axis);
    p.reduce[axis] = true;
  }
  std::vector<int> inferred;
  for (int i = 0; i < p.rank; ++i) {
    if (!p.reduce[i]) {
      inferred.push_back(in.dim(i));
    } else if (options->keep_dims()) {
      inferred.push_back(1);
    }
  }
  OCTET_RETURN_IF_ERROR(ctx.ExpectOutputShape(0, inferred));
  const QuantizedMultiplier q = QuantizeMultiplier(static_cast<double>(in.scale()) / static_cast<double>(out.scale()));
  if (q.shift > 30) return ctx.Errorf("the ratio of input to output scale is too large to represent");
  p.multiplier = q.multiplier;
  p.shift = q.shift;
  p.input_zero_point = in.zero_point();
  p.output_zero_point = out.zero_point();
  op->kernel = std::make_unique<MeanKernel>(p, in.type, ctx.input_index(0), ctx.output_index(0));
  return Status::Ok();
}

}  // namespace octet
