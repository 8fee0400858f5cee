#include "runtime/ops/requant_setup.h"

#include <cmath>
#include <string>

#include "kernels/common/quantize_multiplier.h"

namespace octet {

namespace {
constexpr int kMaxShift = 30;  // larger real multipliers cannot be applied exactly in int32

Status CheckFilterQuantization(const PrepareContext& ctx, int filter_axis, int channels) {
  const Tensor& filter = ctx.input(1);
  const size_t n = filter.scales.size();
  if (n == 0) return ctx.Error(ctx.InputLabel(1) + " has no quantization");
  if (filter.type == OCTET_TYPE_UINT8) {
    if (n != 1) {
      return ctx.NotSupported(ctx.InputLabel(1) +
                              " is uint8 with per-channel quantization; uint8 filters must be per-tensor");
    }
    return Status::Ok();
  }
  if (n != 1) {
    if (filter.quantized_axis != filter_axis || n != static_cast<size_t>(channels)) {
      return ctx.Error(ctx.InputLabel(1) + " has " + std::to_string(n) + " scales along axis " +
                       std::to_string(filter.quantized_axis) + ", expected " + std::to_string(channels) +
                       " along axis " + std::to_string(filter_axis));
    }
  }
  // Only the per-tensor FULLY_CONNECTED path reads an int8 filter zero point; everywhere else a
  // non-zero one would be silently ignored, so it is refused.
  for (size_t c = 0; c < filter.zero_points.size(); ++c) {
    if (filter.zero_points[c] != 0 && (n != 1 || ctx.op().type() != schema::OpType::FULLY_CONNECTED)) {
      return ctx.Error(ctx.InputLabel(1) + " is int8 with zero point " + std::to_string(filter.zero_points[c]) +
                       " for channel " + std::to_string(c) + "; int8 filters must be symmetric (zero point 0)");
    }
  }
  return Status::Ok();
}

Status CheckBias(const PrepareContext& ctx, int channels) {
  if (!ctx.has_input(2)) return Status::Ok();
  const Tensor& bias = ctx.input(2);
  if (bias.type != OCTET_TYPE_INT32) {
    return ctx.Error(ctx.InputLabel(2) + " (bias) has type " + TypeName(bias.type) + ", expected int32");
  }
  if (bias.num_elements != static_cast<size_t>(channels)) {
    return ctx.Error(ctx.InputLabel(2) + " (bias) has shape " + ShapeString(bias.shape) + ", expected " +
                     std::to_string(channels) + " elements, one per output channel");
  }
  return Status::Ok();
}
}  // namespace

Status SetUpChannelRequant(const PrepareContext& ctx, int filter_axis, int channels, bool fp64_per_tensor,
                           schema::Activation activation, ChannelRequant* out) {
  const Tensor& input = ctx.input(0);
  const Tensor& filter = ctx.input(1);
  const Tensor& output = ctx.output(0);
  OCTET_RETURN_IF_ERROR(ctx.ExpectInputType(0, {OCTET_TYPE_INT8, OCTET_TYPE_UINT8}));
  OCTET_RETURN_IF_ERROR(ctx.ExpectInputType(1, {input.type}));
  OCTET_RETURN_IF_ERROR(ctx.ExpectSameType(0, 0));
  OCTET_RETURN_IF_ERROR(ctx.ExpectPerTensorInput(0));
  OCTET_RETURN_IF_ERROR(ctx.ExpectPerTensorOutput(0));
  if (!filter.is_constant()) return ctx.NotSupported(ctx.InputLabel(1) + " (filter) must be a constant tensor");
  if (ctx.has_input(2) && !ctx.input(2).is_constant()) {
    return ctx.NotSupported(ctx.InputLabel(2) + " (bias) must be a constant tensor");
  }
  OCTET_RETURN_IF_ERROR(CheckFilterQuantization(ctx, filter_axis, channels));
  OCTET_RETURN_IF_ERROR(CheckBias(ctx, channels));

  const bool per_channel = filter.scales.size() > 1;
  const bool fp64_product = filter.type == OCTET_TYPE_INT8 && (per_channel || fp64_per_tensor);
  const float input_scale = input.scale();
  const float output_scale = output.scale();
  out->multiplier.resize(static_cast<size_t>(channels));
  out->shift.resize(static_cast<size_t>(channels));
  out->filter_zero_point = filter.zero_point();
  for (int c = 0; c < channels; ++c) {
    const float filter_scale = filter.scales[per_channel ? static_cast<size_t>(c) : 0];
    const double real =
        fp64_product
            ? static_cast<double>(input_scale) * static_cast<double>(filter_scale) / static_cast<double>(output_scale)
            : static_cast<double>(input_scale * filter_scale) / static_cast<double>(output_scale);
    const QuantizedMultiplier q = QuantizeMultiplier(real);
    if (q.shift > kMaxShift) {
      return ctx.Error("the requantization scale of output channel " + std::to_string(c) +
                       " (input scale x filter scale / " + "output scale = " + std::to_string(real) +
                       ") is too large to represent");
    }
    out->multiplier[static_cast<size_t>(c)] = q.multiplier;
    out->shift[static_cast<size_t>(c)] = q.shift;
  }
  // TFLite refuses a per-tensor bias whose scale is far from s_in * s_w (relative to s_out).
  if (!per_channel && ctx.has_input(2) && ctx.input(2).is_quantized()) {
    const double product = static_cast<double>(input_scale * filter.scales[0]);
    const double bias_scale = ctx.input(2).scale();
    if (std::abs(product - bias_scale) / static_cast<double>(output_scale) > 0.02) {
      return ctx.Error(ctx.InputLabel(2) + " (bias) scale " + std::to_string(bias_scale) +
                       " does not match input scale x filter scale " + std::to_string(product));
    }
  }
  const ActivationRange range = ComputeActivationRange(static_cast<int>(activation), output_scale, output.zero_point(),
                                                       TypeMin(output.type), TypeMax(output.type));
  out->act_min = range.min;
  out->act_max = range.max;
  return Status::Ok();
}

}  // namespace octet
