// AVERAGE_POOL_2D and MAX_POOL_2D: input and output share scale and zero point.
#include "kernels/common/quantize_multiplier.h"
#include "kernels/pool/pool.h"
#include "kernels/reference/reference.h"
#include "runtime/ops/fast_kernel.h"
#include "runtime/ops/op.h"

namespace octet {
namespace {

class Pool2DKernel final : public Kernel {
 public:
  Pool2DKernel(const reference::Pool2DParams& p, bool average, octet_type type, int in, int out)
      : p_(p), average_(average), type_(type), in_(in), out_(out) {}
  std::unique_ptr<Kernel> Specialize(IsaSet usable) const override {
    const bool is_uint8 = type_ == OCTET_TYPE_UINT8;
    if (average_) {
      return WrapFast<FastUnaryKernel<PreparedAveragePool2D>>(PreparedAveragePool2D::Create(p_, is_uint8, usable), in_,
                                                              out_);
    }
    return WrapFast<FastUnaryKernel<PreparedMaxPool2D>>(PreparedMaxPool2D::Create(p_, is_uint8, usable), in_, out_);
  }

  void Run(const TensorData& d) const override {
    if (type_ == OCTET_TYPE_INT8) {
      if (average_) {
        reference::AveragePool2D(p_, d.get<const int8_t>(in_), d.get<int8_t>(out_));
      } else {
        reference::MaxPool2D(p_, d.get<const int8_t>(in_), d.get<int8_t>(out_));
      }
    } else {
      if (average_) {
        reference::AveragePool2D(p_, d.get<const uint8_t>(in_), d.get<uint8_t>(out_));
      } else {
        reference::MaxPool2D(p_, d.get<const uint8_t>(in_), d.get<uint8_t>(out_));
      }
    }
  }

 private:
  reference::Pool2DParams p_;
  bool average_;
  octet_type type_;
  int in_, out_;
};

Status PreparePool2D(const PrepareContext& ctx, Operator* op, bool average) {
  OCTET_RETURN_IF_ERROR(ctx.ExpectOptions(schema::OperatorOptions::Pool2DOptions));
  const schema::Pool2DOptions* options = ctx.op().options_as_Pool2DOptions();
  if (!options) return ctx.Errorf("field options (Pool2DOptions with the filter size) is missing");
  OCTET_RETURN_IF_ERROR(ctx.ExpectPadding(options->padding()));
  OCTET_RETURN_IF_ERROR(ctx.ExpectActivation(options->activation()));
  OCTET_RETURN_IF_ERROR(ctx.ExpectInputType(0, {OCTET_TYPE_INT8, OCTET_TYPE_UINT8}));
  OCTET_RETURN_IF_ERROR(ctx.ExpectSameType(0, 0));
  OCTET_RETURN_IF_ERROR(ctx.ExpectInputRank(0, 4));
  OCTET_RETURN_IF_ERROR(ctx.ExpectSameQuantization(0, 0));
  const Tensor& in = ctx.input(0);
  reference::Pool2DParams p;
  p.batch = in.dim(0);
  p.input_h = in.dim(1);
  p.input_w = in.dim(2);
  p.channels = in.dim(3);
  p.filter_h = options->filter_h();
  p.filter_w = options->filter_w();
  p.stride_h = options->stride_h();
  p.stride_w = options->stride_w();
  if (p.filter_h < 1 || p.filter_w < 1 || p.stride_h < 1 || p.stride_w < 1) {
    return ctx.Errorf("fields filter_h/filter_w/stride_h/stride_w are %d/%d/%d/%d, all must be at least 1", p.filter_h,
                      p.filter_w, p.stride_h, p.stride_w);
  }
  if (!ComputeOutputSize(options->padding(), p.input_h, p.filter_h, p.stride_h, 1, &p.output_h, &p.pad_top) ||
      !ComputeOutputSize(options->padding(), p.input_w, p.filter_w, p.stride_w, 1, &p.output_w, &p.pad_left)) {
    return ctx.Errorf("the %dx%d window does not fit the input %s with VALID padding", p.filter_h, p.filter_w,
                      ShapeString(in.shape).c_str());
  }
  OCTET_RETURN_IF_ERROR(ctx.ExpectOutputShape(0, {p.batch, p.output_h, p.output_w, p.channels}));
  const ActivationRange range = ComputeActivationRange(static_cast<int>(options->activation()), in.scale(),
                                                       in.zero_point(), TypeMin(in.type), TypeMax(in.type));
  p.act_min = range.min;
  p.act_max = range.max;
  op->kernel = std::make_unique<Pool2DKernel>(p, average, in.type, ctx.input_index(0), ctx.output_index(0));
  return Status::Ok();
}

}  // namespace

Status PrepareAveragePool2D(const PrepareContext& ctx, Operator* op) { return PreparePool2D(ctx, op, true); }
Status PrepareMaxPool2D(const PrepareContext& ctx, Operator* op) { return PreparePool2D(ctx, op, false); }

}  // namespace octet
