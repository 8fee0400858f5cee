// The Kernel of the ops with weights and a per-channel requantization (CONV_2D, DEPTHWISE_CONV_2D,
// FULLY_CONNECTED): runs the reference kernel, and specialises into the family's optimized one.
// Each op supplies a small Traits struct: its Params, its Prepared family class and the reference call.
#ifndef OCTET_RUNTIME_OPS_WEIGHTED_KERNEL_H_
#define OCTET_RUNTIME_OPS_WEIGHTED_KERNEL_H_

#include <memory>
#include <utility>

#include "runtime/ops/fast_kernel.h"
#include "runtime/ops/op.h"
#include "runtime/ops/requant_setup.h"

namespace octet {

template <typename Traits>
class WeightedKernel final : public Kernel {
 public:
  using Params = typename Traits::Params;

  // Inputs 0 (activation), 1 (filter, constant) and 2 (optional constant bias) of the operator.
  WeightedKernel(const PrepareContext& ctx, const Params& params, ChannelRequant requant)
      : params_(params),
        requant_(std::move(requant)),
        type_(ctx.input(0).type),
        input_(ctx.input_index(0)),
        filter_(ctx.input_index(1)),
        bias_(ctx.has_input(2) ? ctx.input_index(2) : -1),
        output_(ctx.output_index(0)),
        filter_data_(ctx.input(1).data),
        bias_data_(ctx.has_input(2) ? reinterpret_cast<const int32_t*>(ctx.input(2).data) : nullptr) {
    params_.multiplier = requant_.multiplier.data();
    params_.shift = requant_.shift.data();
  }

  std::unique_ptr<Kernel> Specialize(IsaSet usable) const override {
    using Prepared = typename Traits::Prepared;
    return WrapFast<FastUnaryKernel<Prepared>>(
        Prepared::Create(params_, filter_data_, bias_data_, type_ == OCTET_TYPE_UINT8, usable), input_, output_);
  }

  void Run(const TensorData& d) const override {
    const int32_t* bias = bias_ >= 0 ? d.get<const int32_t>(bias_) : nullptr;
    if (type_ == OCTET_TYPE_INT8) {
      Traits::Reference(params_, d.get<const int8_t>(input_), d.get<const int8_t>(filter_), bias,
                        d.get<int8_t>(output_));
    } else {
      Traits::Reference(params_, d.get<const uint8_t>(input_), d.get<const uint8_t>(filter_), bias,
                        d.get<uint8_t>(output_));
    }
  }

 private:
  Params params_;
  ChannelRequant requant_;  // owns the arrays params_ points at
  octet_type type_;
  int input_, filter_, bias_, output_;
  const void* filter_data_;   // constant, in the model bytes
  const int32_t* bias_data_;  // constant or null
};

}  // namespace octet

#endif  // OCTET_RUNTIME_OPS_WEIGHTED_KERNEL_H_
