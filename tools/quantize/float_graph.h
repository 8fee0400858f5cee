// The float graph `octet quantize` works on: the operators octet runs, in octet's layouts (NHWC
// activations; CONV_2D filters [O,KH,KW,I/groups], DEPTHWISE_CONV_2D [1,KH,KW,C*M], FULLY_CONNECTED
// [O,I]), with float32 constants. The TFLite and ONNX importers write it, the transforms (BN
// folding, cross-layer equalization, bias correction) rewrite it, the float executor runs it and
// the quantizer turns it into an octet model. It lives in tools/ only: the runtime never sees floats
// beyond QUANTIZE/DEQUANTIZE.
#ifndef OCTET_TOOLS_QUANTIZE_FLOAT_GRAPH_H_
#define OCTET_TOOLS_QUANTIZE_FLOAT_GRAPH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace octet::quantize {

enum class OpKind {
  kConv,
  kDepthwiseConv,
  kFullyConnected,
  kAdd,
  kMaxPool,
  kAveragePool,
  kMean,
  kReshape,
  kSoftmax,
  kConcat,
  kPad,
};

const char* OpKindName(OpKind kind);

// Fused activations, as octet's schema has them.
enum class Activation { kNone, kRelu, kRelu6, kReluN1To1 };
const char* ActivationName(Activation act);
float ActivationMin(Activation act);  // -inf when unbounded
float ActivationMax(Activation act);  // +inf when unbounded
inline float ApplyActivation(Activation act, float v) {
  const float lo = ActivationMin(act), hi = ActivationMax(act);
  return v < lo ? lo : v > hi ? hi : v;
}

struct Tensor {
  std::string name;
  std::vector<int> shape;
  std::vector<float> data;  // constants only (weights, bias); empty for activations
  bool is_constant = false;
  size_t elements() const;
};

struct Op {
  OpKind kind = OpKind::kConv;
  std::string name;          // for reports: the source model's op or output name
  std::vector<int> inputs;   // conv/dw/fc: {input, filter, bias}; bias always present
  int output = -1;
  Activation activation = Activation::kNone;
  // Convolutions and pools.
  bool same_padding = false;  // TF SAME (extra row/column at the end) or VALID
  int stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  int filter_h = 1, filter_w = 1;  // pools
  // MEAN: reduced axes; CONCATENATION: axis; PAD: (before, after) per dimension; SOFTMAX: beta.
  std::vector<int> axes;
  bool keep_dims = false;
  int axis = 0;
  std::vector<int> paddings;
  float beta = 1.0f;
};

struct Graph {
  std::vector<Tensor> tensors;
  std::vector<Op> ops;  // in execution order
  std::vector<int> inputs, outputs;
  std::string source;  // file name, for metadata and messages

  int AddActivation(const std::string& name, const std::vector<int>& shape = {});
  int AddConstant(const std::string& name, const std::vector<int>& shape, std::vector<float> data);
  // Ops reading tensor `t` (by index), in order.
  std::vector<int> Consumers(int t) const;
  int Producer(int t) const;  // -1 for graph inputs and constants
  bool IsGraphOutput(int t) const;
  // Conv/depthwise/FC ops ("layers with weights").
  static bool HasWeights(OpKind kind) {
    return kind == OpKind::kConv || kind == OpKind::kDepthwiseConv || kind == OpKind::kFullyConnected;
  }
};

// Computes every op's output shape from its inputs, checking arities, constant sizes and options.
// Returns an empty string on success, else a message naming the op.
std::string InferShapes(Graph* graph);

// Drops tensors no op or graph I/O refers to and renumbers the rest.
void RemoveUnusedTensors(Graph* graph);

// Output size of a convolution/pool along one dimension, and the padding before it (TF rules).
int ConvOutputSize(int in, int filter, int stride, int dilation, bool same);
int PadBefore(int in, int filter, int stride, int dilation, bool same);

}  // namespace octet::quantize

#endif  // OCTET_TOOLS_QUANTIZE_FLOAT_GRAPH_H_
