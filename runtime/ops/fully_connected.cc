// FULLY_CONNECTED: input [..., D] read as [rows, D], filter [O, D], optional bias [O]; output holds
// rows x O elements. Requantized with MBQM like convolution (octet's normative choice).
#include "kernels/gemm/conv_gemm.h"
#include "kernels/reference/reference.h"
#include "runtime/ops/op.h"
#include "runtime/ops/requant_setup.h"
#include "runtime/ops/weighted_kernel.h"

namespace octet {
namespace {

struct FullyConnectedTraits {
  using Params = reference::FullyConnectedParams;
  using Prepared = kernels::PreparedFullyConnected;
  template <typename T>
  static void Reference(const Params& p, const T* input, const T* filter, const int32_t* bias, T* output) {
    reference::FullyConnected(p, input, filter, bias, output);
  }
};

}  // namespace

Status PrepareFullyConnected(const PrepareContext& ctx, Operator* op) {
  OCTET_RETURN_IF_ERROR(ctx.ExpectOptions(schema::OperatorOptions::FullyConnectedOptions));
  const schema::FullyConnectedOptions* options = ctx.op().options_as_FullyConnectedOptions();
  const schema::Activation activation = options ? options->activation() : schema::Activation::NONE;
  OCTET_RETURN_IF_ERROR(ctx.ExpectActivation(activation));
  OCTET_RETURN_IF_ERROR(ctx.ExpectInputRank(1, 2));
  const Tensor& input = ctx.input(0);
  const Tensor& filter = ctx.input(1);
  const Tensor& output = ctx.output(0);

  reference::FullyConnectedParams p;
  p.output_c = filter.dim(0);
  p.depth = filter.dim(1);
  if (input.rank() < 1 || input.num_elements % static_cast<size_t>(p.depth) != 0) {
    return ctx.Errorf("%s has shape %s, whose size is not a multiple of the filter depth %d", ctx.InputLabel(0).c_str(),
                      ShapeString(input.shape).c_str(), p.depth);
  }
  p.rows = static_cast<int>(input.num_elements / static_cast<size_t>(p.depth));
  if (output.rank() < 1 || output.shape.back() != p.output_c ||
      output.num_elements != static_cast<size_t>(p.rows) * static_cast<size_t>(p.output_c)) {
    return ctx.Errorf("%s is declared with shape %s but the operator produces %d rows of %d",
                      ctx.OutputLabel(0).c_str(), ShapeString(output.shape).c_str(), p.rows, p.output_c);
  }

  ChannelRequant requant;
  OCTET_RETURN_IF_ERROR(SetUpChannelRequant(ctx, 0, p.output_c, /*fp64_per_tensor=*/false, activation, &requant));
  p.input_zero_point = input.zero_point();
  p.filter_zero_point = requant.filter_zero_point;
  p.output_zero_point = output.zero_point();
  p.act_min = requant.act_min;
  p.act_max = requant.act_max;
  op->macs = int64_t{p.rows} * p.output_c * p.depth;
  op->kernel = std::make_unique<WeightedKernel<FullyConnectedTraits>>(ctx, p, std::move(requant));
  return Status::Ok();
}

}  // namespace octet
