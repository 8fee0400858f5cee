// CONV_2D: input [N,H,W,C], filter [O,KH,KW,C/groups], optional bias [O].
#include "kernels/gemm/conv_gemm.h"
#include "kernels/reference/reference.h"
#include "runtime/ops/op.h"
#include "runtime/ops/requant_setup.h"
#include "runtime/ops/weighted_kernel.h"

namespace octet {
namespace {

struct Conv2DTraits {
  using Params = reference::ConvParams;
  using Prepared = kernels::PreparedConv2D;
  template <typename T>
  static void Reference(const Params& p, const T* input, const T* filter, const int32_t* bias, T* output) {
    reference::Conv2D(p, input, filter, bias, output);
  }
};

}  // namespace

Status PrepareConv2D(const PrepareContext& ctx, Operator* op) {
  OCTET_RETURN_IF_ERROR(ctx.ExpectOptions(schema::OperatorOptions::Conv2DOptions));
  const schema::Conv2DOptions* options = ctx.op().options_as_Conv2DOptions();
  const schema::Padding padding = options ? options->padding() : schema::Padding::SAME;
  const schema::Activation activation = options ? options->activation() : schema::Activation::NONE;
  OCTET_RETURN_IF_ERROR(ctx.ExpectPadding(padding));
  OCTET_RETURN_IF_ERROR(ctx.ExpectActivation(activation));
  OCTET_RETURN_IF_ERROR(ctx.ExpectInputRank(0, 4));
  OCTET_RETURN_IF_ERROR(ctx.ExpectInputRank(1, 4));
  const Tensor& input = ctx.input(0);
  const Tensor& filter = ctx.input(1);

  reference::ConvParams p;
  p.batch = input.dim(0);
  p.input_h = input.dim(1);
  p.input_w = input.dim(2);
  p.input_c = input.dim(3);
  p.output_c = filter.dim(0);
  p.filter_h = filter.dim(1);
  p.filter_w = filter.dim(2);
  p.filter_c = filter.dim(3);
  OCTET_RETURN_IF_ERROR(SetUpConvGeometry(ctx, options, padding, input, &p));
  if (p.input_c % p.filter_c != 0) {
    return ctx.Errorf("%s has %d input channels, which does not divide the %d channels of %s",
                      ctx.InputLabel(1).c_str(), p.filter_c, p.input_c, ctx.InputLabel(0).c_str());
  }
  const int groups = p.input_c / p.filter_c;
  if (p.output_c % groups != 0) {
    return ctx.Errorf("%s has %d output channels, not a multiple of the %d groups", ctx.InputLabel(1).c_str(),
                      p.output_c, groups);
  }
  OCTET_RETURN_IF_ERROR(ctx.ExpectOutputShape(0, {p.batch, p.output_h, p.output_w, p.output_c}));

  ChannelRequant requant;
  OCTET_RETURN_IF_ERROR(SetUpChannelRequant(ctx, 0, p.output_c, /*fp64_per_tensor=*/true, activation, &requant));
  p.input_zero_point = input.zero_point();
  p.filter_zero_point = requant.filter_zero_point;
  p.output_zero_point = ctx.output(0).zero_point();
  p.act_min = requant.act_min;
  p.act_max = requant.act_max;
  op->macs = int64_t{p.batch} * p.output_h * p.output_w * p.output_c * p.filter_h * p.filter_w * p.filter_c;
  op->kernel = std::make_unique<WeightedKernel<Conv2DTraits>>(ctx, p, std::move(requant));
  return Status::Ok();
}

}  // namespace octet
