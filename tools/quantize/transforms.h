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
  int relu6_replaced = 0;   // RELU6 between a pair replaced by RELU (not scale-equivariant)
};

// For every pair W1 -> [activation] -> W2 (CONV_2D, DEPTHWISE_CONV_2D with multiplier 1, or
// FULLY_CONNECTED, ungrouped; W1's output read by W2 alone), scales output channel i of W1 (and its
// bias) by 1/s_i and input channel i of W2 by s_i with s_i = sqrt(r1_i / r2_i), r the channel's
// max |w|, so both ranges become sqrt(r1_i r2_i). ReLU is positively homogeneous, so the float
// function is unchanged; a RELU6 in between is replaced by RELU (as in the paper) only when
// `replace_relu6` is set, else that pair is skipped. Repeats `iterations` sweeps (chains converge).
EqualizeStats EqualizeCrossLayer(Graph* graph, bool replace_relu6, int iterations = 16);

// Empirical bias correction: for each weight layer, the mean over `samples` (graph inputs) and
// positions of (W_q - W) x per output channel, x the layer's float input, is subtracted from its
// bias, so the quantized layer's expected output matches float. Weight quantization as the
// quantizer does it (per channel or per tensor). Returns the number of layers corrected.
int CorrectBias(Graph* graph, const std::vector<std::vector<std::vector<float>>>& samples, bool per_channel);

}  // namespace octet::quantize

#endif  // OCTET_TOOLS_QUANTIZE_TRANSFORMS_H_
