// Turns a calibrated float Graph into an ordinary octet model: int8 activations (asymmetric,
// per tensor), int8 weights (symmetric in [-127, 127], per channel along axis 0 for CONV_2D and
// FULLY_CONNECTED and axis 3 for DEPTHWISE_CONV_2D, or per tensor), int32 biases with scale
// s_in * s_w and zero point 0, SOFTMAX output fixed at (1/256, -128), pools/RESHAPE/PAD sharing
// their input's parameters, CONCATENATION inputs requantized (QUANTIZE int8->int8) to the output's
// parameters where they differ, and float, int8 or uint8 model I/O through QUANTIZE/DEQUANTIZE ops
// at the edges (the guarantees of int8-arithmetic.md section 2).
#ifndef OCTET_TOOLS_QUANTIZE_QUANTIZER_H_
#define OCTET_TOOLS_QUANTIZE_QUANTIZER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "tools/quantize/calibrators.h"
#include "tools/quantize/float_graph.h"

namespace octet::quantize {

enum class IoType { kFloat, kInt8, kUint8 };
const char* IoTypeName(IoType type);
bool ParseIoType(const std::string& text, IoType* type);

struct QuantParams {
  float scale = 1.0f;
  int32_t zero_point = 0;
};

// Which tensors take a calibrated range: graph inputs and the outputs of CONV_2D,
// DEPTHWISE_CONV_2D, FULLY_CONNECTED, ADD, MEAN and CONCATENATION (the others inherit or are fixed).
std::vector<bool> CalibratedTensors(const Graph& graph);

// Parameters of every activation tensor (constants get defaults) from the calibrated ranges
// (indexed by tensor; only entries CalibratedTensors marks are read).
std::vector<QuantParams> AssignParams(const Graph& graph, const std::vector<Range>& ranges);

// Symmetric int8 weights of a CONV_2D/DEPTHWISE_CONV_2D/FULLY_CONNECTED op and its int32 bias.
// A channel whose bias would overflow int32 at s_in * s_w gets a larger weight scale.
struct QuantizedLayer {
  std::vector<int8_t> weights;
  std::vector<float> weight_scales;  // one per channel, or one
  std::vector<int32_t> bias;
  int axis = 0;
};
QuantizedLayer QuantizeLayer(const Graph& graph, const Op& op, float input_scale, bool per_channel);
// The weights as float after quantization (for simulation and bias correction).
std::vector<float> DequantizedWeights(const Graph& graph, const Op& op, const QuantizedLayer& layer);

struct BuildOptions {
  bool per_channel = true;
  IoType input_type = IoType::kFloat;
  IoType output_type = IoType::kFloat;
  // Also make every int8 activation a model output (after the real outputs), for per-layer errors.
  bool debug_outputs = false;
  std::string producer = "octet quantize";
  std::string description;
};

struct BuildResult {
  std::vector<uint8_t> model;
  std::string error;
  std::vector<int> debug_tensors;  // with debug_outputs: graph tensor of each extra output, in order
};
BuildResult BuildOctetModel(const Graph& graph, const std::vector<QuantParams>& params, const BuildOptions& options);

// Rounds values to the int8 grid of `params` and back (simulated quantization).
void FakeQuantize(const QuantParams& params, std::vector<float>* values);

}  // namespace octet::quantize

#endif  // OCTET_TOOLS_QUANTIZE_QUANTIZER_H_
