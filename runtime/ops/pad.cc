// PAD: the output zero point fills the border.
#include "kernels/reference/reference.h"
#include "runtime/ops/op.h"

namespace octet {
namespace {

class PadKernel final : public Kernel {
 public:
  PadKernel(const reference::PadParams& p, octet_type type, int in, int out) : p_(p), type_(type), in_(in), out_(out) {}
  void Run(const TensorData& d) const override {
    if (type_ == OCTET_TYPE_INT8) {
      reference::Pad(p_, d.get<const int8_t>(in_), d.get<int8_t>(out_));
    } else {
      reference::Pad(p_, d.get<const uint8_t>(in_), d.get<uint8_t>(out_));
    }
  }

 private:
  reference::PadParams p_;
  octet_type type_;
  int in_, out_;
};

}  // namespace

Status PreparePad(const PrepareContext& ctx, Operator* op) {
  OCTET_RETURN_IF_ERROR(ctx.ExpectOptions(schema::OperatorOptions::PadOptions));
  const schema::PadOptions* options = ctx.op().options_as_PadOptions();
  OCTET_RETURN_IF_ERROR(ctx.ExpectInputType(0, {OCTET_TYPE_INT8, OCTET_TYPE_UINT8}));
  OCTET_RETURN_IF_ERROR(ctx.ExpectSameType(0, 0));
  OCTET_RETURN_IF_ERROR(ctx.ExpectSameQuantization(0, 0));
  const Tensor& in = ctx.input(0);
  const int rank = in.rank();
  const size_t expected = 2 * static_cast<size_t>(rank);
  if (!options || !options->paddings() || options->paddings()->size() != expected) {
    return ctx.Errorf("field options.paddings must hold %zu values (before, after per dimension)", expected);
  }
  reference::PadParams p;
  p.rank = rank;
  std::vector<int> inferred(static_cast<size_t>(rank));
  for (int d = 0; d < rank; ++d) {
    const int before = options->paddings()->Get(static_cast<flatbuffers::uoffset_t>(2 * d));
    const int after = options->paddings()->Get(static_cast<flatbuffers::uoffset_t>(2 * d + 1));
    if (before < 0 || after < 0 || before > (1 << 24) || after > (1 << 24)) {
      return ctx.Errorf("field options.paddings for dimension %d is (%d, %d); each must be between 0 and 2^24", d,
                        before, after);
    }
    p.input_shape[d] = in.dim(d);
    p.before[d] = before;
    p.after[d] = after;
    inferred[static_cast<size_t>(d)] = in.dim(d) + before + after;
  }
  OCTET_RETURN_IF_ERROR(ctx.ExpectOutputShape(0, inferred));
  p.pad_value = ctx.output(0).zero_point();
  op->kernel = std::make_unique<PadKernel>(p, in.type, ctx.input_index(0), ctx.output_index(0));
  return Status::Ok();
}

}  // namespace octet
