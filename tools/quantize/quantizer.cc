#include "tools/quantize/quantizer.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tools/common/model_builder.h"

namespace octet::quantize {

namespace sc = octet::schema;
using tools::ModelBuilder;
using tools::PerTensor;
using tools::QuantSpec;

const char* IoTypeName(IoType type) {
  switch (type) {
    case IoType::kFloat: return "float";
    case IoType::kInt8: return "int8";
    case IoType::kUint8: return "uint8";
  }
  return "?";
}

bool ParseIoType(const std::string& text, IoType* type) {
  for (IoType t : {IoType::kFloat, IoType::kInt8, IoType::kUint8}) {
    if (text == IoTypeName(t)) {
      *type = t;
      return true;
    }
  }
  return false;
}

std::vector<bool> CalibratedTensors(const Graph& g) {
  std::vector<bool> result(g.tensors.size(), false);
  for (int t : g.inputs) result[static_cast<size_t>(t)] = true;
  for (const Op& op : g.ops) {
    switch (op.kind) {
      case OpKind::kConv:
      case OpKind::kDepthwiseConv:
      case OpKind::kFullyConnected:
      case OpKind::kAdd:
      case OpKind::kMean:
      case OpKind::kConcat:
        result[static_cast<size_t>(op.output)] = true;
        break;
      default:
        break;
    }
  }
  return result;
}

std::vector<QuantParams> AssignParams(const Graph& g, const std::vector<Range>& ranges) {
  std::vector<QuantParams> params(g.tensors.size());
  const std::vector<bool> calibrated = CalibratedTensors(g);
  for (size_t t = 0; t < g.tensors.size(); ++t) {
    if (calibrated[t]) RangeToParams(ranges[t], &params[t].scale, &params[t].zero_point);
  }
  for (const Op& op : g.ops) {
    const size_t out = static_cast<size_t>(op.output);
    switch (op.kind) {
      case OpKind::kMaxPool:
      case OpKind::kAveragePool:
      case OpKind::kReshape:
      case OpKind::kPad:
        params[out] = params[static_cast<size_t>(op.inputs[0])];
        break;
      case OpKind::kSoftmax:
        params[out] = QuantParams{1.0f / 256.0f, -128};
        break;
      default:
        break;
    }
  }
  return params;
}

namespace {

// Channels along the quantization axis and the stride pattern of a filter.
struct FilterLayout {
  int channels = 1;
  int axis = 0;
  size_t inner = 1;  // consecutive elements of one channel (axis 0) ...
  bool last_axis = false;  // ... or channel = element % channels (axis 3 of [1,KH,KW,C])
};

FilterLayout LayoutOf(const Graph& g, const Op& op) {
  const Tensor& w = g.tensors[static_cast<size_t>(op.inputs[1])];
  FilterLayout layout;
  if (op.kind == OpKind::kDepthwiseConv) {
    layout.channels = w.shape[3];
    layout.axis = 3;
    layout.last_axis = true;
  } else {
    layout.channels = w.shape[0];
    layout.inner = w.elements() / static_cast<size_t>(w.shape[0]);
  }
  return layout;
}

size_t ChannelOf(const FilterLayout& layout, size_t k) {
  return layout.last_axis ? k % static_cast<size_t>(layout.channels) : k / layout.inner;
}

}  // namespace

QuantizedLayer QuantizeLayer(const Graph& g, const Op& op, float input_scale, bool per_channel) {
  const Tensor& w = g.tensors[static_cast<size_t>(op.inputs[1])];
  const Tensor& b = g.tensors[static_cast<size_t>(op.inputs[2])];
  const FilterLayout layout = LayoutOf(g, op);
  const size_t channels = static_cast<size_t>(layout.channels);
  std::vector<double> absmax(channels, 0.0);
  for (size_t k = 0; k < w.data.size(); ++k) {
    double& m = absmax[ChannelOf(layout, k)];
    m = std::max(m, static_cast<double>(std::fabs(w.data[k])));
  }
  if (!per_channel) {
    const double m = *std::max_element(absmax.begin(), absmax.end());
    std::fill(absmax.begin(), absmax.end(), m);
  }
  // The bias must fit int32 at s_in * s_w: |b| / (s_in * s_w) <= 2^31 - 1 (with margin).
  constexpr double kBiasLimit = 2147483647.0 * 0.5;
  std::vector<double> scale(channels);
  for (size_t c = 0; c < channels; ++c) {
    scale[c] = absmax[c] > 0 ? absmax[c] / 127.0 : 1.0 / 127.0;
    const double needed = std::fabs(static_cast<double>(b.data[c])) / (static_cast<double>(input_scale) * kBiasLimit);
    scale[c] = std::max(scale[c], needed);
    scale[c] = std::max(scale[c], 1e-30);
  }
  if (!per_channel) {
    const double s = *std::max_element(scale.begin(), scale.end());
    std::fill(scale.begin(), scale.end(), s);
  }
  QuantizedLayer layer;
  layer.axis = per_channel ? layout.axis : 0;
  layer.weights.resize(w.data.size());
  for (size_t k = 0; k < w.data.size(); ++k) {
    const float s = static_cast<float>(scale[ChannelOf(layout, k)]);
    const double q = std::round(static_cast<double>(w.data[k]) / static_cast<double>(s));
    layer.weights[k] = static_cast<int8_t>(std::clamp(q, -127.0, 127.0));
  }
  for (size_t c = 0; c < (per_channel ? channels : 1); ++c) layer.weight_scales.push_back(static_cast<float>(scale[c]));
  layer.bias.resize(channels);
  for (size_t c = 0; c < channels; ++c) {
    // The bias scale as the runtime forms it: float(s_in) * float(s_w) in double.
    const double bias_scale = static_cast<double>(input_scale) * static_cast<double>(static_cast<float>(scale[c]));
    const double q = std::round(static_cast<double>(b.data[c]) / bias_scale);
    layer.bias[c] = static_cast<int32_t>(std::clamp(q, -2147483647.0, 2147483647.0));
  }
  return layer;
}

std::vector<float> DequantizedWeights(const Graph& g, const Op& op, const QuantizedLayer& layer) {
  const FilterLayout layout = LayoutOf(g, op);
  std::vector<float> w(layer.weights.size());
  for (size_t k = 0; k < w.size(); ++k) {
    const float s = layer.weight_scales.size() == 1 ? layer.weight_scales[0] : layer.weight_scales[ChannelOf(layout, k)];
    w[k] = static_cast<float>(layer.weights[k]) * s;
  }
  return w;
}

void FakeQuantize(const QuantParams& p, std::vector<float>* values) {
  const double inv = 1.0 / static_cast<double>(p.scale);
  for (float& v : *values) {
    const double q = std::clamp(std::round(static_cast<double>(v) * inv) + p.zero_point, -128.0, 127.0);
    v = static_cast<float>((q - p.zero_point) * static_cast<double>(p.scale));
  }
}

namespace {

sc::Activation ToSchema(Activation act) {
  switch (act) {
    case Activation::kRelu: return sc::Activation::RELU;
    case Activation::kRelu6: return sc::Activation::RELU6;
    case Activation::kReluN1To1: return sc::Activation::RELU_N1_TO_1;
    default: return sc::Activation::NONE;
  }
}

sc::Padding Pad(const Op& op) { return op.same_padding ? sc::Padding::SAME : sc::Padding::VALID; }

}  // namespace

BuildResult BuildOctetModel(const Graph& g, const std::vector<QuantParams>& params, const BuildOptions& options) {
  BuildResult result;
  ModelBuilder builder;
  flatbuffers::FlatBufferBuilder& fbb = builder.builder();
  std::vector<int> index(g.tensors.size(), -1);  // graph tensor -> octet int8 tensor
  auto quant = [&](int t) {
    const QuantParams& p = params[static_cast<size_t>(t)];
    return PerTensor(p.scale, p.zero_point);
  };
  auto activation = [&](int t) {
    if (index[static_cast<size_t>(t)] < 0) {
      const Tensor& tensor = g.tensors[static_cast<size_t>(t)];
      index[static_cast<size_t>(t)] = builder.AddTensor(tensor.name, sc::TensorType::INT8, tensor.shape, quant(t));
    }
    return index[static_cast<size_t>(t)];
  };

  // Inputs: the model's input tensor in the requested type, then QUANTIZE to int8 when needed.
  std::vector<int> model_inputs, model_outputs;
  for (int t : g.inputs) {
    const Tensor& tensor = g.tensors[static_cast<size_t>(t)];
    const QuantParams& p = params[static_cast<size_t>(t)];
    if (options.input_type == IoType::kInt8) {
      model_inputs.push_back(activation(t));
      continue;
    }
    const int outside = options.input_type == IoType::kFloat
                            ? builder.AddTensor(tensor.name + "/float", sc::TensorType::FLOAT32, tensor.shape)
                            : builder.AddTensor(tensor.name + "/uint8", sc::TensorType::UINT8, tensor.shape,
                                                PerTensor(p.scale, p.zero_point + 128));
    builder.AddOperator(sc::OpType::QUANTIZE, {outside}, {activation(t)}, sc::OperatorOptions::QuantizeOptions,
                        sc::CreateQuantizeOptions(fbb).Union());
    model_inputs.push_back(outside);
  }

  for (size_t i = 0; i < g.ops.size(); ++i) {
    const Op& op = g.ops[i];
    const int out = activation(op.output);
    switch (op.kind) {
      case OpKind::kConv:
      case OpKind::kDepthwiseConv:
      case OpKind::kFullyConnected: {
        const float s_in = params[static_cast<size_t>(op.inputs[0])].scale;
        const QuantizedLayer layer = QuantizeLayer(g, op, s_in, options.per_channel);
        const Tensor& w = g.tensors[static_cast<size_t>(op.inputs[1])];
        QuantSpec wq{layer.weight_scales, std::vector<int64_t>(layer.weight_scales.size(), 0), layer.axis};
        const int filter = builder.AddConstant(w.name, sc::TensorType::INT8, w.shape, layer.weights, wq);
        QuantSpec bq;
        for (float s : layer.weight_scales) {
          bq.scales.push_back(static_cast<float>(static_cast<double>(s_in) * static_cast<double>(s)));
          bq.zero_points.push_back(0);
        }
        bq.axis = 0;
        const Tensor& b = g.tensors[static_cast<size_t>(op.inputs[2])];
        const int bias = builder.AddConstant(b.name, sc::TensorType::INT32, b.shape, layer.bias, bq);
        const std::vector<int> inputs = {activation(op.inputs[0]), filter, bias};
        if (op.kind == OpKind::kConv) {
          builder.AddOperator(sc::OpType::CONV_2D, inputs, {out}, sc::OperatorOptions::Conv2DOptions,
                              sc::CreateConv2DOptions(fbb, Pad(op), op.stride_h, op.stride_w, op.dilation_h,
                                                      op.dilation_w, ToSchema(op.activation))
                                  .Union());
        } else if (op.kind == OpKind::kDepthwiseConv) {
          const int multiplier = w.shape[3] / g.tensors[static_cast<size_t>(op.inputs[0])].shape[3];
          builder.AddOperator(sc::OpType::DEPTHWISE_CONV_2D, inputs, {out}, sc::OperatorOptions::DepthwiseConv2DOptions,
                              sc::CreateDepthwiseConv2DOptions(fbb, Pad(op), op.stride_h, op.stride_w, op.dilation_h,
                                                               op.dilation_w, multiplier, ToSchema(op.activation))
                                  .Union());
        } else {
          builder.AddOperator(sc::OpType::FULLY_CONNECTED, inputs, {out}, sc::OperatorOptions::FullyConnectedOptions,
                              sc::CreateFullyConnectedOptions(fbb, ToSchema(op.activation)).Union());
        }
        break;
      }
      case OpKind::kAdd:
        builder.AddOperator(sc::OpType::ADD, {activation(op.inputs[0]), activation(op.inputs[1])}, {out},
                            sc::OperatorOptions::AddOptions, sc::CreateAddOptions(fbb, ToSchema(op.activation)).Union());
        break;
      case OpKind::kMaxPool:
      case OpKind::kAveragePool:
        builder.AddOperator(op.kind == OpKind::kMaxPool ? sc::OpType::MAX_POOL_2D : sc::OpType::AVERAGE_POOL_2D,
                            {activation(op.inputs[0])}, {out}, sc::OperatorOptions::Pool2DOptions,
                            sc::CreatePool2DOptions(fbb, Pad(op), op.stride_h, op.stride_w, op.filter_h, op.filter_w,
                                                    ToSchema(op.activation))
                                .Union());
        break;
      case OpKind::kMean:
        builder.AddOperator(sc::OpType::MEAN, {activation(op.inputs[0])}, {out}, sc::OperatorOptions::MeanOptions,
                            sc::CreateMeanOptionsDirect(fbb, &op.axes, op.keep_dims).Union());
        break;
      case OpKind::kReshape:
        builder.AddOperator(sc::OpType::RESHAPE, {activation(op.inputs[0])}, {out}, sc::OperatorOptions::ReshapeOptions,
                            sc::CreateReshapeOptions(fbb).Union());
        break;
      case OpKind::kSoftmax:
        builder.AddOperator(sc::OpType::SOFTMAX, {activation(op.inputs[0])}, {out}, sc::OperatorOptions::SoftmaxOptions,
                            sc::CreateSoftmaxOptions(fbb, op.beta).Union());
        break;
      case OpKind::kPad:
        builder.AddOperator(sc::OpType::PAD, {activation(op.inputs[0])}, {out}, sc::OperatorOptions::PadOptions,
                            sc::CreatePadOptionsDirect(fbb, &op.paddings).Union());
        break;
      case OpKind::kConcat: {
        // int8 CONCATENATION copies bytes: every input must carry the output's parameters.
        const QuantParams& po = params[static_cast<size_t>(op.output)];
        std::vector<int> inputs;
        for (int t : op.inputs) {
          const QuantParams& pi = params[static_cast<size_t>(t)];
          if (pi.scale == po.scale && pi.zero_point == po.zero_point) {
            inputs.push_back(activation(t));
            continue;
          }
          const Tensor& tensor = g.tensors[static_cast<size_t>(t)];
          const int requantized = builder.AddTensor(tensor.name + "/requantized", sc::TensorType::INT8, tensor.shape,
                                                    quant(op.output));
          builder.AddOperator(sc::OpType::QUANTIZE, {activation(t)}, {requantized},
                              sc::OperatorOptions::QuantizeOptions, sc::CreateQuantizeOptions(fbb).Union());
          inputs.push_back(requantized);
        }
        builder.AddOperator(sc::OpType::CONCATENATION, inputs, {out}, sc::OperatorOptions::ConcatenationOptions,
                            sc::CreateConcatenationOptions(fbb, op.axis, ToSchema(op.activation)).Union());
        break;
      }
    }
  }

  for (int t : g.outputs) {
    const Tensor& tensor = g.tensors[static_cast<size_t>(t)];
    const QuantParams& p = params[static_cast<size_t>(t)];
    if (options.output_type == IoType::kInt8) {
      model_outputs.push_back(activation(t));
    } else if (options.output_type == IoType::kFloat) {
      const int outside = builder.AddTensor(tensor.name + "/float", sc::TensorType::FLOAT32, tensor.shape);
      builder.AddOperator(sc::OpType::DEQUANTIZE, {activation(t)}, {outside}, sc::OperatorOptions::DequantizeOptions,
                          sc::CreateDequantizeOptions(fbb).Union());
      model_outputs.push_back(outside);
    } else {
      const int outside = builder.AddTensor(tensor.name + "/uint8", sc::TensorType::UINT8, tensor.shape,
                                            PerTensor(p.scale, p.zero_point + 128));
      builder.AddOperator(sc::OpType::QUANTIZE, {activation(t)}, {outside}, sc::OperatorOptions::QuantizeOptions,
                          sc::CreateQuantizeOptions(fbb).Union());
      model_outputs.push_back(outside);
    }
  }
  if (options.debug_outputs) {
    for (const Op& op : g.ops) {
      if (g.IsGraphOutput(op.output) && options.output_type == IoType::kInt8) continue;
      model_outputs.push_back(index[static_cast<size_t>(op.output)]);
      result.debug_tensors.push_back(op.output);
    }
  }
  builder.SetInputs(model_inputs);
  builder.SetOutputs(model_outputs);
  builder.SetMetadata(options.producer, g.source, options.description);
  result.model = builder.Finish();
  flatbuffers::Verifier verifier(result.model.data(), result.model.size());
  if (!sc::VerifyModelBuffer(verifier)) {
    result.model.clear();
    result.error = "internal error: the written octet model fails verification";
  }
  return result;
}

}  // namespace octet::quantize
