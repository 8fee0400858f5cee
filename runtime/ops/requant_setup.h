// Prepare-time helpers shared by the ops that requantize an int32 accumulator (CONV_2D,
// DEPTHWISE_CONV_2D, FULLY_CONNECTED): per-channel multipliers in the precision TFLite uses
// (spec section 1.6), the fused-activation clamp, and the checks on filter and bias quantization.
#ifndef OCTET_RUNTIME_OPS_REQUANT_SETUP_H_
#define OCTET_RUNTIME_OPS_REQUANT_SETUP_H_

#include <cstdint>
#include <vector>

#include "runtime/ops/op.h"

namespace octet {

struct ChannelRequant {
  std::vector<int32_t> multiplier;  // one per output channel
  std::vector<int32_t> shift;
  int32_t filter_zero_point = 0;
  int32_t act_min = 0, act_max = 0;
};

// `filter_axis` is the per-channel axis the filter must use when per-channel (int8 only);
// `channels` the number of output channels. Inputs: 0 = activation, 1 = filter, 2 = optional bias.
// `fp64_per_tensor`: whether int8 per-tensor filters use the fp64 product (CONV/DW) or the fp32
// product (FC), spec table 1.6.
Status SetUpChannelRequant(const PrepareContext& ctx, int filter_axis, int channels, bool fp64_per_tensor,
                           schema::Activation activation, ChannelRequant* out);

}  // namespace octet

#endif  // OCTET_RUNTIME_OPS_REQUANT_SETUP_H_
