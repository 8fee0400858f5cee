// Float-graph transforms from data-free quantization (Nagel et al., 2019) and the quantization
// white paper (Krishnamoorthi, 2018; Nagel et al., 2021): cross-layer equalization of consecutive
// weight layers and empirical bias correction. Both keep the graph float; the quantizer runs after.
#ifndef OCTET_TOOLS_QUANTIZE_TRANSFORMS_H_
#define OCTET_TOOLS_QUANTIZE_TRANSFORMS_H_

#include <vector>

#include "tools/quantize/float_graph.h"

namespace octet::quantize {

struct EqualizeStats {
  int pairs = 0;            // layer pairs equalized
  int relu6_replaced = 0;   // RELU6 between a pair replaced by RELU (Relu6Mode::kReplace)
  int relu6_kept = 0;       // pairs across a RELU6 equalized within its bound (Relu6Mode::kBounded)
  int channels_pinned = 0;  // channels of those pairs left unscaled because RELU6 saturates them
};

// What to do with a RELU6 between two layers. RELU6 is not scale-equivariant: scaling a channel by
// 1/s moves its clip point from 6 to 6/s, which a per-tensor activation cannot express.
enum class Relu6Mode {
  kSkip,     // leave such pairs alone
  kBounded,  // equalize keeping RELU6 (needs calibration samples): a channel that saturates on the
             // samples (its output reaches 6) keeps its scale; any other channel may be scaled by
             // 1/s as long as its largest observed output stays <= 6. The float function is unchanged
             // on the samples (and wherever the unsaturated channels stay below 6).
  kReplace,  // replace RELU6 by RELU, as the DFQ paper does for MobileNet v2. This CHANGES the
             // float model wherever RELU6 saturates (EfficientNet-Lite0: 26% of top-1 predictions).
};

struct EqualizeOptions {
  Relu6Mode relu6 = Relu6Mode::kSkip;
  int iterations = 16;  // sweeps (chains converge)
};

// For every pair W1 -> [activation] -> W2 (CONV_2D, DEPTHWISE_CONV_2D with multiplier 1, or
// FULLY_CONNECTED, ungrouped; W1's output read by W2 alone), scales output channel i of W1 (and its
// bias) by 1/s_i and input channel i of W2 by s_i with s_i = sqrt(r1_i / r2_i), r1 the channel's
// max |w| in W1 and r2 in W2, so both become sqrt(r1_i r2_i) (Nagel et al., 2019). ReLU is
// positively homogeneous, so the float function is unchanged; RELU6 as `options.relu6` says.
// `samples` (graph inputs, as for the executor) feed kBounded; without them it behaves as kSkip.
EqualizeStats EqualizeCrossLayer(Graph* graph, const EqualizeOptions& options,
                                 const std::vector<std::vector<std::vector<float>>>& samples = {});
// The data-free form: RELU6 pairs skipped, or replaced by RELU when `replace_relu6`.
EqualizeStats EqualizeCrossLayer(Graph* graph, bool replace_relu6, int iterations = 16);

// Empirical bias correction: for each weight layer, the mean over `samples` (graph inputs) and
// positions of (W_q - W) x per output channel, x the layer's float input, is subtracted from its
// bias, so the quantized layer's expected output matches float. Weight quantization as the
// quantizer does it (per channel or per tensor). Returns the number of layers corrected.
int CorrectBias(Graph* graph, const std::vector<std::vector<std::vector<float>>>& samples, bool per_channel);

}  // namespace octet::quantize

#endif  // OCTET_TOOLS_QUANTIZE_TRANSFORMS_H_
