// ADD with broadcasting; three rescales (spec section 3), never collapsed into one.
#include <algorithm>

#include "kernels/common/quantize_multiplier.h"
#include "kernels/reference/reference.h"
#include "kernels/vadd/vadd.h"
#include "runtime/ops/fast_kernel.h"
#include "runtime/ops/op.h"

namespace octet {
namespace {

class AddKernel final : public Kernel {
 public:
  AddKernel(const reference::AddParams& p, octet_type type, int a, int b, int out)
      : p_(p), type_(type), a_(a), b_(b), out_(out) {}
  std::unique_ptr<Kernel> Specialize(IsaSet usable) const override {
    return WrapFast<FastBinaryKernel<PreparedAdd>>(PreparedAdd::Create(p_, type_ == OCTET_TYPE_UINT8, usable), a_, b_,
                                                   out_);
  }

  void Run(const TensorData& d) const override {
    if (type_ == OCTET_TYPE_INT8) {
      reference::Add(p_, d.get<const int8_t>(a_), d.get<const int8_t>(b_), d.get<int8_t>(out_));
    } else {
      reference::Add(p_, d.get<const uint8_t>(a_), d.get<const uint8_t>(b_), d.get<uint8_t>(out_));
    }
  }

 private:
  reference::AddParams p_;
  octet_type type_;
  int a_, b_, out_;
};

}  // namespace

Status PrepareAdd(const PrepareContext& ctx, Operator* op) {
  OCTET_RETURN_IF_ERROR(ctx.ExpectOptions(schema::OperatorOptions::AddOptions));
  const schema::AddOptions* options = ctx.op().options_as_AddOptions();
  const schema::Activation activation = options ? options->activation() : schema::Activation::NONE;
  OCTET_RETURN_IF_ERROR(ctx.ExpectActivation(activation));
  OCTET_RETURN_IF_ERROR(ctx.ExpectInputType(0, {OCTET_TYPE_INT8, OCTET_TYPE_UINT8}));
  OCTET_RETURN_IF_ERROR(ctx.ExpectInputType(1, {ctx.input(0).type}));
  OCTET_RETURN_IF_ERROR(ctx.ExpectSameType(0, 0));
  for (int i = 0; i < 2; ++i) OCTET_RETURN_IF_ERROR(ctx.ExpectPerTensorInput(i));
  OCTET_RETURN_IF_ERROR(ctx.ExpectPerTensorOutput(0));
  const Tensor& a = ctx.input(0);
  const Tensor& b = ctx.input(1);
  const Tensor& out = ctx.output(0);

  // Broadcast: align shapes on the right; each dimension pair is equal or one of them is 1.
  reference::AddParams p;
  p.rank = std::max(a.rank(), b.rank());
  std::vector<int> inferred(static_cast<size_t>(p.rank));
  for (int i = 0; i < p.rank; ++i) {
    const int da = i - (p.rank - a.rank()) >= 0 ? a.dim(i - (p.rank - a.rank())) : 1;
    const int db = i - (p.rank - b.rank()) >= 0 ? b.dim(i - (p.rank - b.rank())) : 1;
    if (da != db && da != 1 && db != 1) {
      return ctx.Errorf("the shapes %s of %s and %s of %s cannot be broadcast together", ShapeString(a.shape).c_str(),
                        ctx.InputLabel(0).c_str(), ShapeString(b.shape).c_str(), ctx.InputLabel(1).c_str());
    }
    p.input1_shape[i] = da;
    p.input2_shape[i] = db;
    p.output_shape[i] = std::max(da, db);
    inferred[static_cast<size_t>(i)] = p.output_shape[i];
  }
  OCTET_RETURN_IF_ERROR(ctx.ExpectOutputShape(0, inferred));

  p.input1_zero_point = a.zero_point();
  p.input2_zero_point = b.zero_point();
  p.output_zero_point = out.zero_point();
  reference::PrepareAdd(a.scale(), b.scale(), out.scale(), &p);
  if (p.output_shift > 0 || p.output_multiplier == 0) {
    return ctx.Errorf("%s scale %g is out of the range ADD can requantize to from input scales %g and %g",
                      ctx.OutputLabel(0).c_str(), out.scale(), a.scale(), b.scale());
  }
  const ActivationRange range = ComputeActivationRange(static_cast<int>(activation), out.scale(), out.zero_point(),
                                                       TypeMin(out.type), TypeMax(out.type));
  p.act_min = range.min;
  p.act_max = range.max;
  op->kernel = std::make_unique<AddKernel>(p, a.type, ctx.input_index(0), ctx.input_index(1), ctx.output_index(0));
  return Status::Ok();
}

}  // namespace octet
