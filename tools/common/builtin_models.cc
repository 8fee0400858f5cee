#include "tools/common/builtin_models.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "tools/common/model_builder.h"

namespace octet::tools {
namespace {

using schema::TensorType;

// Seeded random numbers that are the same on every standard library: the engine's output is
// specified exactly, the std distributions are not, so values are mapped by hand.
class SeededRandom {
 public:
  explicit SeededRandom(uint64_t seed) : engine_(seed) {}
  int Int(int lo, int hi) { return lo + static_cast<int>(engine_() % static_cast<uint64_t>(hi - lo + 1)); }
  double Uniform(double lo, double hi) {
    return lo + (hi - lo) * static_cast<double>(engine_() >> 11) / static_cast<double>(uint64_t{1} << 53);
  }

 private:
  std::mt19937_64 engine_;
};

// Standard deviation of a value drawn uniformly from the integers [-127, 127].
const double kWeightIntStd = std::sqrt((255.0 * 255.0 - 1.0) / 12.0);

// Real values of an activation for the calibration image, [h][w][c].
struct Calibration {
  int h = 0, w = 0, c = 0;
  std::vector<float> values;
  float& at(int y, int x, int ch) { return values[(static_cast<size_t>(y) * w + x) * c + ch]; }
  float at(int y, int x, int ch) const { return values[(static_cast<size_t>(y) * w + x) * c + ch]; }
};

// An activation tensor of the model, with its quantization and its values on the calibration
// image (already rounded to that quantization, as the int8 network would see them).
struct Activation {
  int tensor = -1;
  int h = 1, w = 1, c = 1;  // the model tensor's spatial size and channels
  float scale = 1.0f;
  int zero_point = 0;
  Calibration calib;
};

enum class Act { kNone, kRelu6 };

// Output spatial size of a SAME-padded window and the padding before it (TFLite's split: the
// smaller half first).
int SameOut(int in, int stride) { return (in + stride - 1) / stride; }
int SamePadBefore(int in, int kernel, int stride) {
  return std::max((SameOut(in, stride) - 1) * stride + kernel - in, 0) / 2;
}

double Rms(const std::vector<float>& values) {
  double squares = 0;
  for (float v : values) squares += static_cast<double>(v) * v;
  return values.empty() ? 0.0 : std::sqrt(squares / static_cast<double>(values.size()));
}

// Builds a network layer by layer while running it in float on a calibration image (a seeded
// random image, a quarter of the resolution to keep building fast). Each layer's output
// quantization comes from the range its values actually take there, widened by 10%, the way
// post-training quantization calibrates: so no layer saturates or collapses, whatever the random
// weights do to the signal on the way.
class NetBuilder {
 public:
  explicit NetBuilder(uint64_t seed) : random_(seed) {}

  ModelBuilder& model() { return model_; }
  // Outputs of the CONV, DEPTHWISE, ADD and classifier layers, in execution order.
  const std::vector<int>& activations() const { return activations_; }

  // The uint8 image input and the QUANTIZE to int8 that follows it (as converted TF2 models have).
  Activation Input(int height, int width) {
    const float scale = 1.0f / 127.5f;
    const int image = model_.AddTensor("image", TensorType::UINT8, {1, height, width, 3}, PerTensor(scale, 128));
    Activation out;
    out.tensor = model_.AddTensor("image_int8", TensorType::INT8, {1, height, width, 3}, PerTensor(scale, 0));
    out.h = height, out.w = width, out.c = 3;
    out.scale = scale;
    out.zero_point = 0;
    Calibration& calib = out.calib;
    calib.h = height, calib.w = width, calib.c = 3;
    calib.values.resize(static_cast<size_t>(calib.h) * calib.w * 3);
    for (float& v : calib.values) v = static_cast<float>(random_.Int(0, 255) - 128) * scale;
    const auto options = schema::CreateQuantizeOptions(model_.builder());
    model_.AddOperator(schema::OpType::QUANTIZE, {image}, {out.tensor}, schema::OperatorOptions::QuantizeOptions,
                       options.Union());
    model_.SetInputs({image});
    return out;
  }

  // CONV_2D with SAME padding, int8 per-channel weights [out_c, k, k, in.c] and int32 bias.
  Activation Conv(const std::string& name, const Activation& in, int out_c, int kernel, int stride, Act act) {
    const int fan_in = kernel * kernel * in.c;
    const Weights weights = MakeWeights(out_c, fan_in, in);
    const int filter = model_.AddConstant(name + "/weights", TensorType::INT8, {out_c, kernel, kernel, in.c},
                                          weights.values, QuantSpec{weights.scales, Zeros(out_c), 0});
    const int bias = AddBias(name, weights, in.scale);

    Calibration y = SpatialOutput(in.calib, out_c, stride);
    const int pad_top = SamePadBefore(in.calib.h, kernel, stride), pad_left = SamePadBefore(in.calib.w, kernel, stride);
    for (int oy = 0; oy < y.h; ++oy) {
      for (int ox = 0; ox < y.w; ++ox) {
        for (int oc = 0; oc < out_c; ++oc) {
          double acc = weights.RealBias(oc, in.scale);
          for (int ky = 0; ky < kernel; ++ky) {
            const int iy = oy * stride - pad_top + ky;
            if (iy < 0 || iy >= in.calib.h) continue;
            for (int kx = 0; kx < kernel; ++kx) {
              const int ix = ox * stride - pad_left + kx;
              if (ix < 0 || ix >= in.calib.w) continue;
              const float* x = &in.calib.values[(static_cast<size_t>(iy) * in.calib.w + ix) * in.c];
              const int8_t* w = &weights.values[((static_cast<size_t>(oc) * kernel + ky) * kernel + kx) * in.c];
              double dot = 0;
              for (int ic = 0; ic < in.c; ++ic) dot += static_cast<double>(x[ic]) * w[ic];
              acc += dot * weights.scales[oc];
            }
          }
          y.at(oy, ox, oc) = static_cast<float>(acc);
        }
      }
    }
    Activation out = MakeOutput(name, {1, SameOut(in.h, stride), SameOut(in.w, stride), out_c}, std::move(y), act);
    const auto options =
        schema::CreateConv2DOptions(model_.builder(), schema::Padding::SAME, stride, stride, 1, 1, ToSchema(act));
    model_.AddOperator(schema::OpType::CONV_2D, {in.tensor, filter, bias}, {out.tensor},
                       schema::OperatorOptions::Conv2DOptions, options.Union());
    return out;
  }

  // DEPTHWISE_CONV_2D, depth multiplier 1, weights [1, k, k, c] per channel along axis 3.
  Activation Depthwise(const std::string& name, const Activation& in, int kernel, int stride, Act act) {
    const int taps = kernel * kernel;
    // Generated as [c][taps] (one row per channel), stored as [taps][c].
    const Weights weights = MakeWeights(in.c, taps, in);
    std::vector<int8_t> hwc(weights.values.size());
    for (int ch = 0; ch < in.c; ++ch) {
      for (int tap = 0; tap < taps; ++tap) {
        hwc[static_cast<size_t>(tap) * in.c + ch] = weights.values[static_cast<size_t>(ch) * taps + tap];
      }
    }
    const int filter = model_.AddConstant(name + "/weights", TensorType::INT8, {1, kernel, kernel, in.c}, hwc,
                                          QuantSpec{weights.scales, Zeros(in.c), 3});
    const int bias = AddBias(name, weights, in.scale);

    Calibration y = SpatialOutput(in.calib, in.c, stride);
    const int pad_top = SamePadBefore(in.calib.h, kernel, stride), pad_left = SamePadBefore(in.calib.w, kernel, stride);
    for (int oy = 0; oy < y.h; ++oy) {
      for (int ox = 0; ox < y.w; ++ox) {
        for (int ch = 0; ch < in.c; ++ch) {
          double acc = 0;
          for (int ky = 0; ky < kernel; ++ky) {
            const int iy = oy * stride - pad_top + ky;
            if (iy < 0 || iy >= in.calib.h) continue;
            for (int kx = 0; kx < kernel; ++kx) {
              const int ix = ox * stride - pad_left + kx;
              if (ix < 0 || ix >= in.calib.w) continue;
              acc += static_cast<double>(in.calib.at(iy, ix, ch)) *
                     weights.values[static_cast<size_t>(ch) * taps + ky * kernel + kx];
            }
          }
          y.at(oy, ox, ch) = static_cast<float>(acc * weights.scales[ch] + weights.RealBias(ch, in.scale));
        }
      }
    }
    Activation out = MakeOutput(name, {1, SameOut(in.h, stride), SameOut(in.w, stride), in.c}, std::move(y), act);
    const auto options = schema::CreateDepthwiseConv2DOptions(model_.builder(), schema::Padding::SAME, stride, stride,
                                                              1, 1, 1, ToSchema(act));
    model_.AddOperator(schema::OpType::DEPTHWISE_CONV_2D, {in.tensor, filter, bias}, {out.tensor},
                       schema::OperatorOptions::DepthwiseConv2DOptions, options.Union());
    return out;
  }

  // Residual ADD of two tensors of the same shape.
  Activation Add(const std::string& name, const Activation& a, const Activation& b) {
    Calibration y = a.calib;
    for (size_t i = 0; i < y.values.size(); ++i) y.values[i] += b.calib.values[i];
    Activation out = MakeOutput(name, {1, a.h, a.w, a.c}, std::move(y), Act::kNone);
    const auto options = schema::CreateAddOptions(model_.builder());
    model_.AddOperator(schema::OpType::ADD, {a.tensor, b.tensor}, {out.tensor}, schema::OperatorOptions::AddOptions,
                       options.Union());
    return out;
  }

  // AVERAGE_POOL_2D over the whole map (VALID). Input and output share scale and zero point.
  Activation GlobalAveragePool(const std::string& name, const Activation& in) {
    Activation out = SpatialMean(in);
    out.tensor = model_.AddTensor(name, TensorType::INT8, {1, 1, 1, in.c}, PerTensor(in.scale, in.zero_point));
    const auto options = schema::CreatePool2DOptions(model_.builder(), schema::Padding::VALID, 1, 1, in.h, in.w,
                                                     schema::Activation::NONE);
    model_.AddOperator(schema::OpType::AVERAGE_POOL_2D, {in.tensor}, {out.tensor},
                       schema::OperatorOptions::Pool2DOptions, options.Union());
    return out;
  }

  // MEAN over H and W without keep_dims: [1, H, W, C] -> [1, C]. Same scale as its input.
  Activation GlobalMean(const std::string& name, const Activation& in) {
    Activation out = SpatialMean(in);
    out.tensor = model_.AddTensor(name, TensorType::INT8, {1, in.c}, PerTensor(in.scale, in.zero_point));
    const std::vector<int> axes = {1, 2};
    const auto options = schema::CreateMeanOptionsDirect(model_.builder(), &axes, false);
    model_.AddOperator(schema::OpType::MEAN, {in.tensor}, {out.tensor}, schema::OperatorOptions::MeanOptions,
                       options.Union());
    return out;
  }

  // The classifier layer (CONV 1x1 on [1,1,1,C] or FULLY_CONNECTED on [1,C]). Its weight scale
  // makes the logits' rms about kLogitRms, which keeps the softmax neither uniform nor one-hot.
  Activation Logits(const std::string& name, const Activation& in, int classes, bool fully_connected) {
    const int fan_in = in.c;
    const Weights weights = MakeWeights(classes, fan_in, in, kLogitRms);
    const std::vector<int> filter_shape =
        fully_connected ? std::vector<int>{classes, fan_in} : std::vector<int>{classes, 1, 1, fan_in};
    const int filter = model_.AddConstant(name + "/weights", TensorType::INT8, filter_shape, weights.values,
                                          QuantSpec{weights.scales, Zeros(classes), 0});
    const int bias = AddBias(name, weights, in.scale);
    Calibration y{1, 1, classes, std::vector<float>(static_cast<size_t>(classes))};
    for (int oc = 0; oc < classes; ++oc) {
      double dot = 0;
      for (int ic = 0; ic < fan_in; ++ic) {
        dot += static_cast<double>(in.calib.values[ic]) * weights.values[static_cast<size_t>(oc) * fan_in + ic];
      }
      y.values[oc] = static_cast<float>(dot * weights.scales[oc] + weights.RealBias(oc, in.scale));
    }
    const std::vector<int> out_shape =
        fully_connected ? std::vector<int>{1, classes} : std::vector<int>{1, 1, 1, classes};
    Activation out = MakeOutput(name, out_shape, std::move(y), Act::kNone);
    if (fully_connected) {
      const auto options = schema::CreateFullyConnectedOptions(model_.builder());
      model_.AddOperator(schema::OpType::FULLY_CONNECTED, {in.tensor, filter, bias}, {out.tensor},
                         schema::OperatorOptions::FullyConnectedOptions, options.Union());
    } else {
      const auto options = schema::CreateConv2DOptions(model_.builder(), schema::Padding::SAME, 1, 1, 1, 1);
      model_.AddOperator(schema::OpType::CONV_2D, {in.tensor, filter, bias}, {out.tensor},
                         schema::OperatorOptions::Conv2DOptions, options.Union());
    }
    return out;
  }

  // RESHAPE to [1, C]; the new shape is the output tensor's.
  Activation Flatten(const std::string& name, const Activation& in) {
    Activation out = in;
    out.tensor = model_.AddTensor(name, TensorType::INT8, {1, in.c}, PerTensor(in.scale, in.zero_point));
    const auto options = schema::CreateReshapeOptions(model_.builder());
    model_.AddOperator(schema::OpType::RESHAPE, {in.tensor}, {out.tensor}, schema::OperatorOptions::ReshapeOptions,
                       options.Union());
    return out;
  }

  // SOFTMAX [1, C]; int8 output with the fixed quantization (1/256, -128).
  Activation Softmax(const std::string& name, const Activation& in) {
    Activation out = in;
    out.scale = 1.0f / 256.0f;
    out.zero_point = -128;
    out.calib.values.clear();  // nothing downstream needs it
    out.tensor = model_.AddTensor(name, TensorType::INT8, {1, in.c}, PerTensor(out.scale, out.zero_point));
    const auto options = schema::CreateSoftmaxOptions(model_.builder(), 1.0f);
    model_.AddOperator(schema::OpType::SOFTMAX, {in.tensor}, {out.tensor}, schema::OperatorOptions::SoftmaxOptions,
                       options.Union());
    return out;
  }

 private:
  // Target rms of the logits (real units).
  static constexpr double kLogitRms = 2.5;
  // Headroom over the calibration range, for inputs that reach a little further.
  static constexpr double kRangeMargin = 1.1;

  struct Weights {
    std::vector<int8_t> values;  // [channels][fan_in]
    std::vector<float> scales;   // per channel
    std::vector<int32_t> bias;   // per channel, quantized with input_scale * scale
    double RealBias(int ch, float input_scale) const {
      return static_cast<double>(bias[ch]) * input_scale * scales[ch];
    }
  };

  // Weights for a layer reading `in` with `fan_in` taps per output: int8 in [-127, 127] with one
  // scale per output channel. The scales make the pre-activation rms about `pre_rms` (what batch
  // normalization does in a trained network: without it, random layers shrink or grow the signal
  // until RELU6 clips it), varied by +-25% per channel so per-channel handling matters. The bias
  // is small, within +-10% of `pre_rms`.
  Weights MakeWeights(int channels, int fan_in, const Activation& in, double pre_rms = 1.0) {
    const double real_std = pre_rms / (std::max(Rms(in.calib.values), 1e-6) * std::sqrt(fan_in));
    Weights w;
    w.values.resize(static_cast<size_t>(channels) * fan_in);
    for (auto& v : w.values) v = static_cast<int8_t>(random_.Int(-127, 127));
    w.scales.resize(channels);
    w.bias.resize(channels);
    for (int ch = 0; ch < channels; ++ch) {
      w.scales[ch] = static_cast<float>(real_std / kWeightIntStd * random_.Uniform(0.75, 1.25));
      const double bias_real = pre_rms * random_.Uniform(-0.1, 0.1);
      w.bias[ch] = static_cast<int32_t>(std::lround(bias_real / (static_cast<double>(in.scale) * w.scales[ch])));
    }
    return w;
  }

  int AddBias(const std::string& name, const Weights& weights, float input_scale) {
    std::vector<float> scales(weights.scales.size());
    for (size_t i = 0; i < scales.size(); ++i) scales[i] = input_scale * weights.scales[i];
    const int channels = static_cast<int>(weights.bias.size());
    return model_.AddConstant(name + "/bias", TensorType::INT32, {channels}, weights.bias,
                              QuantSpec{scales, Zeros(channels), 0});
  }

  static Calibration SpatialOutput(const Calibration& in, int channels, int stride) {
    Calibration y;
    y.h = SameOut(in.h, stride), y.w = SameOut(in.w, stride), y.c = channels;
    y.values.resize(static_cast<size_t>(y.h) * y.w * channels);
    return y;
  }

  static Activation SpatialMean(const Activation& in) {
    Activation out = in;
    out.h = out.w = 1;
    Calibration& y = out.calib;
    y = Calibration{1, 1, in.c, std::vector<float>(static_cast<size_t>(in.c), 0.0f)};
    const double count = static_cast<double>(in.calib.h) * in.calib.w;
    for (int ch = 0; ch < in.c; ++ch) {
      double sum = 0;
      for (int yy = 0; yy < in.calib.h; ++yy) {
        for (int xx = 0; xx < in.calib.w; ++xx) sum += in.calib.at(yy, xx, ch);
      }
      // Rounded to the input's grid, which the output shares.
      const long q = std::clamp(std::lround(sum / count / in.scale) + in.zero_point, -128L, 127L);
      y.values[ch] = static_cast<float>(q - in.zero_point) * in.scale;
    }
    return out;
  }

  // The output tensor of a layer with pre-activation calibration values `y`: applies the
  // activation, picks an asymmetric int8 quantization covering the values' range (always
  // including 0, exactly representable), and rounds the values to it.
  Activation MakeOutput(const std::string& name, const std::vector<int>& shape, Calibration y, Act act) {
    float lo = 0.0f, hi = 0.0f;
    for (float& v : y.values) {
      if (act == Act::kRelu6) v = std::clamp(v, 0.0f, 6.0f);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    lo = static_cast<float>(lo * kRangeMargin);
    hi = static_cast<float>(std::min(hi * kRangeMargin, act == Act::kRelu6 ? 6.0 : 1e30));
    if (hi - lo < 1e-6f) hi = lo + 1e-6f;
    Activation out;
    out.scale = (hi - lo) / 255.0f;
    out.zero_point = static_cast<int>(std::clamp(std::lround(-128.0 - lo / out.scale), -128L, 127L));
    for (float& v : y.values) {
      const long q = std::clamp(std::lround(v / out.scale) + out.zero_point, -128L, 127L);
      v = static_cast<float>(q - out.zero_point) * out.scale;
    }
    out.h = shape.size() == 4 ? shape[1] : 1;
    out.w = shape.size() == 4 ? shape[2] : 1;
    out.c = shape.back();
    out.calib = std::move(y);
    out.tensor = model_.AddTensor(name, TensorType::INT8, shape, PerTensor(out.scale, out.zero_point));
    activations_.push_back(out.tensor);
    return out;
  }

  static std::vector<int64_t> Zeros(int n) { return std::vector<int64_t>(static_cast<size_t>(n), 0); }
  static schema::Activation ToSchema(Act act) {
    return act == Act::kRelu6 ? schema::Activation::RELU6 : schema::Activation::NONE;
  }

  SeededRandom random_;
  ModelBuilder model_;
  std::vector<int> activations_;
};

int Scaled(int channels, double width) { return std::max(1, static_cast<int>(channels * width)); }

std::vector<uint8_t> BuildMobileNetV1(double width, int resolution, const BuiltinOptions& options,
                                      const std::string& name) {
  NetBuilder net(options.seed ^ 0x5631u);
  Activation x = net.Input(resolution, resolution);
  x = net.Conv("conv0", x, Scaled(32, width), 3, 2, Act::kRelu6);
  // (pointwise output channels, depthwise stride) of the 13 depthwise-separable blocks.
  const int blocks[13][2] = {{64, 1},  {128, 2}, {128, 1}, {256, 2}, {256, 1},  {512, 2}, {512, 1},
                             {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1}};
  for (int i = 0; i < 13; ++i) {
    const std::string block = "block" + std::to_string(i + 1);
    x = net.Depthwise(block + "/depthwise", x, 3, blocks[i][1], Act::kRelu6);
    x = net.Conv(block + "/pointwise", x, Scaled(blocks[i][0], width), 1, 1, Act::kRelu6);
  }
  x = net.GlobalAveragePool("avg_pool", x);
  Activation logits = net.Logits("logits", x, 1001, /*fully_connected=*/false);
  logits = net.Flatten("logits_flat", logits);
  const Activation probabilities = net.Softmax("probabilities", logits);
  std::vector<int> outputs = {probabilities.tensor};
  if (options.expose_logits) outputs.push_back(logits.tensor);
  if (options.expose_activations) outputs.insert(outputs.end(), net.activations().begin(), net.activations().end());
  net.model().SetOutputs(outputs);
  net.model().SetMetadata("octet builtin", name,
                          "MobileNet v1 shaped int8 network with seeded random weights (seed " +
                              std::to_string(options.seed) + "); not a trained classifier");
  return net.model().Finish();
}

std::vector<uint8_t> BuildMobileNetV2(int resolution, const BuiltinOptions& options, const std::string& name) {
  NetBuilder net(options.seed ^ 0x5632u);
  Activation x = net.Input(resolution, resolution);
  x = net.Conv("conv0", x, 32, 3, 2, Act::kRelu6);
  // (expansion t, output channels c, repeats n, first stride s) as in the MobileNetV2 paper.
  const int stages[7][4] = {{1, 16, 1, 1}, {6, 24, 2, 2},  {6, 32, 3, 2}, {6, 64, 4, 2},
                            {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
  int block_index = 0;
  for (const auto& stage : stages) {
    for (int repeat = 0; repeat < stage[2]; ++repeat, ++block_index) {
      const std::string block = "block" + std::to_string(block_index);
      const int stride = repeat == 0 ? stage[3] : 1;
      const Activation block_input = x;
      Activation y = x;
      if (stage[0] != 1) y = net.Conv(block + "/expand", y, x.c * stage[0], 1, 1, Act::kRelu6);
      y = net.Depthwise(block + "/depthwise", y, 3, stride, Act::kRelu6);
      y = net.Conv(block + "/project", y, stage[1], 1, 1, Act::kNone);
      if (stride == 1 && block_input.c == stage[1]) y = net.Add(block + "/add", block_input, y);
      x = y;
    }
  }
  x = net.Conv("conv_last", x, 1280, 1, 1, Act::kRelu6);
  x = net.GlobalMean("global_mean", x);
  const Activation logits = net.Logits("logits", x, 1001, /*fully_connected=*/true);
  const Activation probabilities = net.Softmax("probabilities", logits);
  std::vector<int> outputs = {probabilities.tensor};
  if (options.expose_logits) outputs.push_back(logits.tensor);
  if (options.expose_activations) outputs.insert(outputs.end(), net.activations().begin(), net.activations().end());
  net.model().SetOutputs(outputs);
  net.model().SetMetadata("octet builtin", name,
                          "MobileNet v2 shaped int8 network with seeded random weights (seed " +
                              std::to_string(options.seed) + "); not a trained classifier");
  return net.model().Finish();
}

}  // namespace

const std::vector<BuiltinModelInfo>& BuiltinModels() {
  static const std::vector<BuiltinModelInfo> models = {
      {"mobilenet_v1", "MobileNet v1 1.0, 224x224x3 uint8 input, 1001 classes (random weights)"},
      {"mobilenet_v2", "MobileNet v2 1.0, 224x224x3 uint8 input, 1001 classes (random weights)"},
      {"mobilenet_v1_0.25_128", "MobileNet v1 0.25, 128x128x3 uint8 input, 1001 classes (random weights)"},
  };
  return models;
}

bool IsBuiltinModel(const std::string& name) {
  for (const auto& info : BuiltinModels()) {
    if (info.name == name) return true;
  }
  return false;
}

bool BuildBuiltinModel(const std::string& name, const BuiltinOptions& options, std::vector<uint8_t>* model,
                       std::string* error) {
  if (name == "mobilenet_v1") {
    *model = BuildMobileNetV1(1.0, 224, options, name);
  } else if (name == "mobilenet_v2") {
    *model = BuildMobileNetV2(224, options, name);
  } else if (name == "mobilenet_v1_0.25_128") {
    *model = BuildMobileNetV1(0.25, 128, options, name);
  } else {
    std::string known;
    for (const auto& info : BuiltinModels()) known += (known.empty() ? "" : ", ") + info.name;
    if (error != nullptr) *error = "unknown built-in model '" + name + "' (known: " + known + ")";
    return false;
  }
  return true;
}

}  // namespace octet::tools
