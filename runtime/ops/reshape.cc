// RESHAPE: the same bytes under a new shape.
#include <cstring>

#include "runtime/ops/op.h"

namespace octet {
namespace {

class ReshapeKernel final : public Kernel {
 public:
  ReshapeKernel(size_t bytes, int in, int out) : bytes_(bytes), in_(in), out_(out) {}
  void Run(const TensorData& d) const override {
    const uint8_t* src = d.get<const uint8_t>(in_);
    uint8_t* dst = d.get<uint8_t>(out_);
    if (src != dst) std::memmove(dst, src, bytes_);
  }

 private:
  size_t bytes_;
  int in_, out_;
};

}  // namespace

Status PrepareReshape(const PrepareContext& ctx, Operator* op) {
  OCTET_RETURN_IF_ERROR(ctx.ExpectOptions(schema::OperatorOptions::ReshapeOptions));
  const Tensor& in = ctx.input(0);
  const Tensor& out = ctx.output(0);
  OCTET_RETURN_IF_ERROR(ctx.ExpectSameType(0, 0));
  if (in.num_elements != out.num_elements) {
    return ctx.Errorf("%s has shape %s (%zu elements) but %s has shape %s (%zu elements)", ctx.OutputLabel(0).c_str(),
                      ShapeString(out.shape).c_str(), out.num_elements, ctx.InputLabel(0).c_str(),
                      ShapeString(in.shape).c_str(), in.num_elements);
  }
  if (in.is_quantized() || out.is_quantized()) OCTET_RETURN_IF_ERROR(ctx.ExpectSameQuantization(0, 0));
  op->kernel = std::make_unique<ReshapeKernel>(in.byte_size, ctx.input_index(0), ctx.output_index(0));
  return Status::Ok();
}

}  // namespace octet
