// DEPTHWISE_CONV_2D: input [N,H,W,C], filter [1,KH,KW,C*M], optional bias [C*M]. The depth
// multiplier M comes from the shapes, as in TFLite (the option field is informative).
#include "kernels/dwconv/dwconv.h"
#include "kernels/reference/reference.h"
#include "runtime/ops/op.h"
#include "runtime/ops/requant_setup.h"
#include "runtime/ops/weighted_kernel.h"

namespace octet {
namespace {

struct DepthwiseConv2DTraits {
  using Params = reference::DepthwiseConvParams;
  using Prepared = PreparedDepthwiseConv2D;
  template <typename T>
  static void Reference(const Params& p, const T* input, const T* filter, const int32_t* bias, T* output) {
    reference::DepthwiseConv2D(p, input, filter, bias, output);
  }
};

}  // namespace

Status PrepareDepthwiseConv2D(const PrepareContext& ctx, Operator* op) {
  OCTET_RETURN_IF_ERROR(ctx.ExpectOptions(schema::OperatorOptions::DepthwiseConv2DOptions));
  const schema::DepthwiseConv2DOptions* options = ctx.op().options_as_DepthwiseConv2DOptions();
  const schema::Padding padding = options ? options->padding() : schema::Padding::SAME;
  const schema::Activation activation = options ? options->activation() : schema::Activation::NONE;
  OCTET_RETURN_IF_ERROR(ctx.ExpectPadding(padding));
  OCTET_RETURN_IF_ERROR(ctx.ExpectActivation(activation));
  OCTET_RETURN_IF_ERROR(ctx.ExpectInputRank(0, 4));
  OCTET_RETURN_IF_ERROR(ctx.ExpectInputRank(1, 4));
  const Tensor& input = ctx.input(0);
  const Tensor& filter = ctx.input(1);
  if (filter.dim(0) != 1) {
    return ctx.Errorf("%s has shape %s, expected [1, KH, KW, C*M]", ctx.InputLabel(1).c_str(),
                      ShapeString(filter.shape).c_str());
  }

  reference::DepthwiseConvParams p;
  p.batch = input.dim(0);
  p.input_h = input.dim(1);
  p.input_w = input.dim(2);
  p.input_c = input.dim(3);
  p.filter_h = filter.dim(1);
  p.filter_w = filter.dim(2);
  const int output_c = filter.dim(3);
  if (output_c % p.input_c != 0) {
    return ctx.Errorf("%s has %d channels, not a multiple of the %d channels of %s", ctx.InputLabel(1).c_str(),
                      output_c, p.input_c, ctx.InputLabel(0).c_str());
  }
  p.depth_multiplier = output_c / p.input_c;
  OCTET_RETURN_IF_ERROR(SetUpConvGeometry(ctx, options, padding, input, &p));
  OCTET_RETURN_IF_ERROR(ctx.ExpectOutputShape(0, {p.batch, p.output_h, p.output_w, output_c}));

  ChannelRequant requant;
  OCTET_RETURN_IF_ERROR(SetUpChannelRequant(ctx, 3, output_c, /*fp64_per_tensor=*/true, activation, &requant));
  p.input_zero_point = input.zero_point();
  p.filter_zero_point = requant.filter_zero_point;
  p.output_zero_point = ctx.output(0).zero_point();
  p.act_min = requant.act_min;
  p.act_max = requant.act_max;
  op->macs = int64_t{p.batch} * p.output_h * p.output_w * output_c * p.filter_h * p.filter_w;
  op->kernel = std::make_unique<WeightedKernel<DepthwiseConv2DTraits>>(ctx, p, std::move(requant));
  return Status::Ok();
}

}  // namespace octet
