// Built-in models: MobileNet-shaped int8 networks with seeded pseudo-random weights, written in
// code so benchmarks and tests run real layer shapes without any model file.
#ifndef OCTET_TOOLS_COMMON_BUILTIN_MODELS_H_
#define OCTET_TOOLS_COMMON_BUILTIN_MODELS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace octet::tools {

struct BuiltinModelInfo {
  std::string name;
  std::string description;
};

// The built-in models, in a fixed order.
const std::vector<BuiltinModelInfo>& BuiltinModels();

// True when `name` is one of BuiltinModels().
bool IsBuiltinModel(const std::string& name);

struct BuiltinOptions {
  uint64_t seed = 1;  // the weights are a pure function of (name, seed)
  // Also expose the int8 logits (the tensor SOFTMAX reads) as output 1, for tests.
  bool expose_logits = false;
  // Also expose every int8 activation (each layer's output, in execution order) after the other
  // outputs, so tests can check that none saturates or collapses.
  bool expose_activations = false;
};

// Builds the named model. The networks:
// - mobilenet_v1*: CONV 3x3/2 then 13 depthwise-separable blocks (DW 3x3 + RELU6, CONV 1x1 + RELU6),
//   AVERAGE_POOL over the final map, CONV 1x1 to 1001 classes, RESHAPE [1, 1001], SOFTMAX.
// - mobilenet_v2: CONV 3x3/2, 17 inverted residual blocks (expand CONV 1x1 + RELU6 unless the
//   expansion is 1, DW 3x3 + RELU6, linear project CONV 1x1, ADD when shapes match), CONV 1x1 to
//   1280 + RELU6, MEAN over H and W, FULLY_CONNECTED to 1001, SOFTMAX.
// Both take a uint8 [1, H, W, 3] image (scale 1/127.5, zero point 128, i.e. [-1, 1]) converted by a
// leading QUANTIZE to int8 (same scale, zero point 0: the zero points differ by 128). Weights are
// int8 symmetric per channel in [-127, 127] (axis 0 for CONV/FC, 3 for DW), biases int32. Weight
// scales normalize each layer (like batch normalization: pre-activation rms about 1, from the input
// rms and sqrt(fan_in)); activation scales come from running the network in float on a seeded
// random image while it is built, so no layer saturates or collapses. Softmax output is int8
// (1/256, -128).
// Returns false and sets *error for an unknown name.
bool BuildBuiltinModel(const std::string& name, const BuiltinOptions& options, std::vector<uint8_t>* model,
                       std::string* error);

}  // namespace octet::tools

#endif  // OCTET_TOOLS_COMMON_BUILTIN_MODELS_H_
