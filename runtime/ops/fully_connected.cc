// FULLY_CONNECTED: input [..., D] read as [rows, D], filter [O, D], optional bias [O]; output holds
// rows x O elements. Requantized with MBQM like convolution (octet's normative choice).
#include "kernels/gemm/conv_gemm.h"
#include "kernels/reference/reference.h"
#include "runtime/ops/fast_kernel.h"
#include "runtime/ops/op.h"
#include "runtime/ops/requant_setup.h"

namespace octet {
namespace {

class FullyConnectedKernel final : public Kernel {
 public:
  FullyConnectedKernel(const reference::FullyConnectedParams& params, ChannelRequant requant, octet_type type,
                       int input, int filter, int bias, int output, const void* filter_data, const int32_t* bias_data)
      : params_(params),
        requant_(std::move(requant)),
        type_(type),
        input_(input),
        filter_(filter),
        bias_(bias),
        output_(output),
        filter_data_(filter_data),
        bias_data_(bias_data) {
    params_.multiplier = requant_.multiplier.data();
    params_.shift = requant_.shift.data();
  }

  std::unique_ptr<Kernel> Specialize(IsaSet usable) const override {
    return WrapFast<FastUnaryKernel<kernels::PreparedFullyConnected>>(
        kernels::PreparedFullyConnected::Create(params_, filter_data_, bias_data_, type_ == OCTET_TYPE_UINT8, usable),
        input_, output_);
  }

  void Run(const TensorData& d) const override {
    const int32_t* bias = bias_ >= 0 ? d.get<const int32_t>(bias_) : nullptr;
    if (type_ == OCTET_TYPE_INT8) {
      reference::FullyConnected(params_, d.get<const int8_t>(input_), d.get<const int8_t>(filter_), bias,
                                d.get<int8_t>(output_));
    } else {
      reference::FullyConnected(params_, d.get<const uint8_t>(input_), d.get<const uint8_t>(filter_), bias,
                                d.get<uint8_t>(output_));
    }
  }

 private:
  reference::FullyConnectedParams params_;
  ChannelRequant requant_;
  octet_type type_;
  int input_, filter_, bias_, output_;
  const void* filter_data_;
  const int32_t* bias_data_;
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
    return ctx.Error(ctx.InputLabel(0) + " has shape " + ShapeString(input.shape) +
                     ", whose size is not a multiple of the filter depth " + std::to_string(p.depth));
  }
  p.rows = static_cast<int>(input.num_elements / static_cast<size_t>(p.depth));
  if (output.rank() < 1 || output.shape.back() != p.output_c ||
      output.num_elements != static_cast<size_t>(p.rows) * static_cast<size_t>(p.output_c)) {
    return ctx.Error(ctx.OutputLabel(0) + " is declared with shape " + ShapeString(output.shape) +
                     " but the operator produces " + std::to_string(p.rows) + " rows of " + std::to_string(p.output_c));
  }

  ChannelRequant requant;
  OCTET_RETURN_IF_ERROR(SetUpChannelRequant(ctx, 0, p.output_c, /*fp64_per_tensor=*/false, activation, &requant));
  p.input_zero_point = input.zero_point();
  p.filter_zero_point = requant.filter_zero_point;
  p.output_zero_point = output.zero_point();
  p.act_min = requant.act_min;
  p.act_max = requant.act_max;
  op->macs = int64_t{p.rows} * p.output_c * p.depth;
  op->kernel = std::make_unique<FullyConnectedKernel>(
      p, std::move(requant), input.type, ctx.input_index(0), ctx.input_index(1),
      ctx.has_input(2) ? ctx.input_index(2) : -1, ctx.output_index(0), filter.data,
      ctx.has_input(2) ? reinterpret_cast<const int32_t*>(ctx.input(2).data) : nullptr);
  return Status::Ok();
}

}  // namespace octet
