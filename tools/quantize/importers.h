// Float model importers: TFLite (float32 weights, or float16 weights behind DEQUANTIZE) and ONNX
// (NCHW, converted to NHWC), both into the float Graph. Unsupported operators are refused by name.
#ifndef OCTET_TOOLS_QUANTIZE_IMPORTERS_H_
#define OCTET_TOOLS_QUANTIZE_IMPORTERS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tools/quantize/float_graph.h"

namespace octet::quantize {

struct ImportResult {
  bool ok = false;
  std::string error;
  Graph graph;
  std::vector<std::string> notes;  // BN folded, activations fused, paddings made explicit, ...
};

// Maps CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, ADD, AVERAGE_POOL_2D, MAX_POOL_2D, MEAN,
// RESHAPE, SQUEEZE, SOFTMAX, CONCATENATION, PAD, RELU, RELU6 and DEQUANTIZE of float16 constants.
ImportResult ImportTflite(const uint8_t* data, size_t size, const std::string& source_name);

// Maps Conv (+ BatchNormalization folded; grouped and depthwise), Gemm, MatMul, Add, Relu, Clip,
// MaxPool, AveragePool, GlobalAveragePool, Reshape, Flatten, Softmax, Concat, Pad, Identity,
// Dropout; the graph input must be 4-D NCHW (it becomes NHWC) or 2-D.
// Available when octet was built with protobuf (OCTET_QUANTIZE_ONNX); else returns an error.
ImportResult ImportOnnx(const uint8_t* data, size_t size, const std::string& source_name);
bool OnnxSupported();

// Shared by the importers: applies a standalone ReLU-like activation to tensor `in`. When `in` is
// produced by a CONV_2D/DEPTHWISE_CONV_2D/FULLY_CONNECTED/ADD without activation and read only here,
// the activation is fused and `in` is returned; else a 1x1 MAX_POOL_2D carrying it (4-D inputs)
// writes a new tensor, returned. Returns -1 (and sets *error) when neither applies.
int ApplyStandaloneActivation(Graph* graph, int in, Activation act, int other_consumers, const std::string& name,
                              std::string* error);

// The importers' last step: drops unused tensors and infers every shape; on a shape error the result
// carries it (prefixed with the graph's source name) and ok stays false.
ImportResult FinishImport(ImportResult result);

// Folds y = gamma * (x - mean) / sqrt(var + eps) + beta into the filter and bias of a conv/FC op
// whose output channel c is scaled by gamma_c / sqrt(var_c + eps).
void FoldBatchNorm(Graph* graph, int op, const std::vector<float>& gamma, const std::vector<float>& beta,
                   const std::vector<float>& mean, const std::vector<float>& var, float epsilon);

}  // namespace octet::quantize

#endif  // OCTET_TOOLS_QUANTIZE_IMPORTERS_H_
