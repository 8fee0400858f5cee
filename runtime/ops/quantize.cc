// QUANTIZE (float32 -> int8/uint8, or int8/uint8 requantization) and DEQUANTIZE (-> float32).
#include "kernels/common/quantize_multiplier.h"
#include "kernels/reference/reference.h"
#include "kernels/vcvt/vcvt.h"
#include "runtime/ops/fast_kernel.h"
#include "runtime/ops/op.h"

namespace octet {
namespace {

class QuantizeKernel final : public Kernel {
 public:
  QuantizeKernel(const reference::QuantizeParams& p, octet_type out_type, int in, int out)
      : p_(p), out_type_(out_type), in_(in), out_(out) {}
  std::unique_ptr<Kernel> Specialize(IsaSet usable) const override {
    return WrapFast<FastUnaryKernel<PreparedQuantize, float>>(
        PreparedQuantize::Create(p_, out_type_ == OCTET_TYPE_UINT8, usable), in_, out_);
  }
  void Run(const TensorData& d) const override {
    if (out_type_ == OCTET_TYPE_INT8) {
      reference::Quantize(p_, d.get<const float>(in_), d.get<int8_t>(out_));
    } else {
      reference::Quantize(p_, d.get<const float>(in_), d.get<uint8_t>(out_));
    }
  }

 private:
  reference::QuantizeParams p_;
  octet_type out_type_;
  int in_, out_;
};

class RequantizeKernel final : public Kernel {
 public:
  RequantizeKernel(const reference::RequantizeParams& p, octet_type in_type, octet_type out_type, int in, int out)
      : p_(p), in_type_(in_type), out_type_(out_type), in_(in), out_(out) {}
  std::unique_ptr<Kernel> Specialize(IsaSet usable) const override {
    return WrapFast<FastUnaryKernel<PreparedRequantize>>(
        PreparedRequantize::Create(p_, in_type_ == OCTET_TYPE_UINT8, out_type_ == OCTET_TYPE_UINT8, usable), in_, out_);
  }
  void Run(const TensorData& d) const override {
    if (in_type_ == OCTET_TYPE_INT8) {
      if (out_type_ == OCTET_TYPE_INT8) {
        reference::Requantize(p_, d.get<const int8_t>(in_), d.get<int8_t>(out_));
      } else {
        reference::Requantize(p_, d.get<const int8_t>(in_), d.get<uint8_t>(out_));
      }
    } else {
      if (out_type_ == OCTET_TYPE_INT8) {
        reference::Requantize(p_, d.get<const uint8_t>(in_), d.get<int8_t>(out_));
      } else {
        reference::Requantize(p_, d.get<const uint8_t>(in_), d.get<uint8_t>(out_));
      }
    }
  }

 private:
  reference::RequantizeParams p_;
  octet_type in_type_, out_type_;
  int in_, out_;
};

class DequantizeKernel final : public Kernel {
 public:
  DequantizeKernel(const reference::DequantizeParams& p, octet_type in_type, int in, int out)
      : p_(p), in_type_(in_type), in_(in), out_(out) {}
  std::unique_ptr<Kernel> Specialize(IsaSet usable) const override {
    const bool is_uint8 = in_type_ == OCTET_TYPE_UINT8;
    auto prepared = PreparedDequantize::Create(p_, is_uint8, usable);
    if (is_uint8) return WrapFast<FastUnaryKernel<PreparedDequantize, uint8_t, float>>(std::move(prepared), in_, out_);
    return WrapFast<FastUnaryKernel<PreparedDequantize, int8_t, float>>(std::move(prepared), in_, out_);
  }
  void Run(const TensorData& d) const override {
    if (in_type_ == OCTET_TYPE_INT8) {
      reference::Dequantize(p_, d.get<const int8_t>(in_), d.get<float>(out_));
    } else {
      reference::Dequantize(p_, d.get<const uint8_t>(in_), d.get<float>(out_));
    }
  }

 private:
  reference::DequantizeParams p_;
  octet_type in_type_;
  int in_, out_;
};

}  // namespace

Status PrepareQuantize(const PrepareContext& ctx, Operator* op) {
  OCTET_RETURN_IF_ERROR(ctx.ExpectOptions(schema::OperatorOptions::QuantizeOptions));
  OCTET_RETURN_IF_ERROR(ctx.ExpectInputType(0, {OCTET_TYPE_FLOAT32, OCTET_TYPE_INT8, OCTET_TYPE_UINT8}));
  const Tensor& in = ctx.input(0);
  const Tensor& out = ctx.output(0);
  if (out.type != OCTET_TYPE_INT8 && out.type != OCTET_TYPE_UINT8) {
    return ctx.Errorf("%s has type %s, expected int8 or uint8", ctx.OutputLabel(0).c_str(), TypeName(out.type));
  }
  OCTET_RETURN_IF_ERROR(ctx.ExpectPerTensorOutput(0));
  OCTET_RETURN_IF_ERROR(ctx.ExpectOutputShape(0, in.shape));
  if (in.type == OCTET_TYPE_FLOAT32) {
    reference::QuantizeParams p;
    p.count = in.num_elements;
    p.scale = out.scale();
    p.zero_point = out.zero_point();
    op->kernel = std::make_unique<QuantizeKernel>(p, out.type, ctx.input_index(0), ctx.output_index(0));
    return Status::Ok();
  }
  OCTET_RETURN_IF_ERROR(ctx.ExpectPerTensorInput(0));
  const QuantizedMultiplier q = QuantizeMultiplier(static_cast<double>(in.scale()) / static_cast<double>(out.scale()));
  if (q.shift > 30) return ctx.Errorf("the ratio of input to output scale is too large to represent");
  reference::RequantizeParams p;
  p.count = in.num_elements;
  p.input_zero_point = in.zero_point();
  p.output_zero_point = out.zero_point();
  p.multiplier = q.multiplier;
  p.shift = q.shift;
  op->kernel = std::make_unique<RequantizeKernel>(p, in.type, out.type, ctx.input_index(0), ctx.output_index(0));
  return Status::Ok();
}

Status PrepareDequantize(const PrepareContext& ctx, Operator* op) {
  OCTET_RETURN_IF_ERROR(ctx.ExpectOptions(schema::OperatorOptions::DequantizeOptions));
  OCTET_RETURN_IF_ERROR(ctx.ExpectInputType(0, {OCTET_TYPE_INT8, OCTET_TYPE_UINT8}));
  OCTET_RETURN_IF_ERROR(ctx.ExpectPerTensorInput(0));
  const Tensor& in = ctx.input(0);
  const Tensor& out = ctx.output(0);
  if (out.type != OCTET_TYPE_FLOAT32) {
    return ctx.Errorf("%s has type %s, expected float32", ctx.OutputLabel(0).c_str(), TypeName(out.type));
  }
  OCTET_RETURN_IF_ERROR(ctx.ExpectOutputShape(0, in.shape));
  reference::DequantizeParams p;
  p.count = in.num_elements;
  p.scale = in.scale();
  p.zero_point = in.zero_point();
  op->kernel = std::make_unique<DequantizeKernel>(p, in.type, ctx.input_index(0), ctx.output_index(0));
  return Status::Ok();
}

}  // namespace octet
