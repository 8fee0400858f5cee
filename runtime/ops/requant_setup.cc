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
  if (n == 0) return ctx.Errorf("%s has no quantization", ctx.InputLabel(1).c_str());
  if (filter.type == OCTET_TYPE_UINT8) {
    if (n != 1) {
      return ctx.NotSupportedf("%s is uint8 with per-channel quantization; uint8 filters must be per-tensor",
                               ctx.InputLabel(1).c_str());
    }
    return Status::Ok();
  }
  if (n != 1) {
    if (filter.quantized_axis != filter_axis || n != static_cast<size_t>(channels)) {
      return ctx.Errorf("%s has %zu scales along axis %d, expected %d along axis %d", ctx.InputLabel(1).c_str(), n,
                        filter.quantized_axis, channels, filter_axis);
    }
  }
  // Only the per-tensor FULLY_CONNECTED path reads an int8 filter zero point; everywhere else a
  // non-zero one would be silently ignored, so it is refused.
  for (size_t c = 0; c < filter.zero_points.size(); ++c) {
    if (filter.zero_points[c] != 0 && (n != 1 || ctx.op().type() != schema::OpType::FULLY_CONNECTED)) {
      return ctx.Errorf(
          "%s is int8 with zero point %lld for channel %zu; int8 filters must be symmetric (zero point 0)",
          ctx.InputLabel(1).c_str(), static_cast<long long>(filter.zero_points[c]), c);
    }
  }
  return Status::Ok();
}

Status CheckBias(const PrepareContext& ctx, int channels) {
  if (!ctx.has_input(2)) return Status::Ok();
  const Tensor& bias = ctx.input(2);
  if (bias.type != OCTET_TYPE_INT32) {
    return ctx.Errorf("%s (bias) has type %s, expected int32", ctx.InputLabel(2).c_str(), TypeName(bias.type));
  }
  if (bias.num_elements != static_cast<size_t>(channels)) {
    return ctx.Errorf("%s (bias) has shape %s, expected %d elements, one per output channel", ctx.InputLabel(2).c_str(),
                      ShapeString(bias.shape).c_str(), channels);
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
  if (!filter.is_constant())
    return ctx.NotSupportedf("%s (filter) must be a constant tensor", ctx.InputLabel(1).c_str());
  if (ctx.has_input(2) && !ctx.input(2).is_constant()) {
    return ctx.NotSupportedf("%s (bias) must be a constant tensor", ctx.InputLabel(2).c_str());
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
      return ctx.Errorf(
          "the requantization scale of output channel %d (input scale x filter scale / output scale = %g) is too large "
          "to represent",
          c, real);
    }
    out->multiplier[static_cast<size_t>(c)] = q.multiplier;
    out->shift[static_cast<size_t>(c)] = q.shift;
  }
  // TFLite refuses a per-tensor bias whose scale is far from s_in * s_w (relative to s_out).
  if (!per_channel && ctx.has_input(2) && ctx.input(2).is_quantized()) {
    const double product = static_cast<double>(input_scale * filter.scales[0]);
    const double bias_scale = ctx.input(2).scale();
    if (std::abs(product - bias_scale) / static_cast<double>(output_scale) > 0.02) {
      return ctx.Errorf("%s (bias) scale %g does not match input scale x filter scale %g", ctx.InputLabel(2).c_str(),
                        bias_scale, product);
    }
  }
  const ActivationRange range = ComputeActivationRange(static_cast<int>(activation), output_scale, output.zero_point(),
                                                       TypeMin(output.type), TypeMax(output.type));
  out->act_min = range.min;
  out->act_max = range.max;
  return Status::Ok();
}

}  // namespace octet
