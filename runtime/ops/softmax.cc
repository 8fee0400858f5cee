// SOFTMAX over the last dimension, fixed-point (spec section 3). The output is implicitly quantized
// with scale 1/256 and zero point at the type minimum.
#include "kernels/softmax/softmax.h"

#include <cmath>

#include "kernels/reference/reference.h"
#include "runtime/ops/fast_kernel.h"
#include "runtime/ops/op.h"

namespace octet {
namespace {

class SoftmaxKernel final : public Kernel {
 public:
  SoftmaxKernel(const reference::SoftmaxParams& p, octet_type type, int in, int out)
      : p_(p), type_(type), in_(in), out_(out) {}
  // Any ISA: the table kernel is portable C++.
  std::unique_ptr<Kernel> Specialize(IsaSet /*usable*/) const override {
    return WrapFast<FastUnaryKernel<PreparedSoftmax>>(PreparedSoftmax::Create(p_, type_ == OCTET_TYPE_UINT8), in_,
                                                      out_);
  }
  void Run(const TensorData& d) const override {
    if (type_ == OCTET_TYPE_INT8) {
      reference::Softmax(p_, d.get<const int8_t>(in_), d.get<int8_t>(out_));
    } else {
      reference::Softmax(p_, d.get<const uint8_t>(in_), d.get<uint8_t>(out_));
    }
  }

 private:
  reference::SoftmaxParams p_;
  octet_type type_;
  int in_, out_;
};

}  // namespace

Status PrepareSoftmax(const PrepareContext& ctx, Operator* op) {
  OCTET_RETURN_IF_ERROR(ctx.ExpectOptions(schema::OperatorOptions::SoftmaxOptions));
  const schema::SoftmaxOptions* options = ctx.op().options_as_SoftmaxOptions();
  const float beta = options ? options->beta() : 1.0f;
  OCTET_RETURN_IF_ERROR(ctx.ExpectInputType(0, {OCTET_TYPE_INT8, OCTET_TYPE_UINT8}));
  OCTET_RETURN_IF_ERROR(ctx.ExpectSameType(0, 0));
  OCTET_RETURN_IF_ERROR(ctx.ExpectPerTensorInput(0));
  const Tensor& in = ctx.input(0);
  const Tensor& out = ctx.output(0);
  if (in.rank() < 1) return ctx.Errorf("%s must have at least one dimension", ctx.InputLabel(0).c_str());
  OCTET_RETURN_IF_ERROR(ctx.ExpectOutputShape(0, in.shape));
  if (!std::isfinite(beta) || beta <= 0.0f) {
    return ctx.Errorf("field options.beta is %g, must be a positive finite number", beta);
  }
  // The fixed-point algorithm needs beta * s_in * 2^26 > 1 (a multiplier greater than one).
  const double real = static_cast<double>(beta) * static_cast<double>(in.scale()) * double{1 << 26};
  if (real <= 1.0) {
    return ctx.Errorf("beta x input scale (%g) is too small for SOFTMAX", real / double{1 << 26});
  }
  if (out.type == OCTET_TYPE_INT8) {
    // As TFLite: int8 output must be (1/256, -128); the kernel does not read it.
    OCTET_RETURN_IF_ERROR(ctx.ExpectPerTensorOutput(0));
    if (out.zero_point() != -128 || std::abs(out.scale() - 1.0f / 256) > 0.001f / 256) {
      return ctx.Errorf("%s must be quantized with scale 1/256 and zero point -128", ctx.OutputLabel(0).c_str());
    }
  }
  reference::SoftmaxParams p;
  p.depth = in.shape.back();
  p.rows = static_cast<int>(in.num_elements / static_cast<size_t>(p.depth));
  reference::PrepareSoftmax(beta, in.scale(), &p);
  op->kernel = std::make_unique<SoftmaxKernel>(p, in.type, ctx.input_index(0), ctx.output_index(0));
  return Status::Ok();
}

}  // namespace octet
