// libFuzzer target: a small fixed-structure model (QUANTIZE, CONV_2D, DEPTHWISE, ADD, AVERAGE_POOL,
// MEAN, FULLY_CONNECTED, SOFTMAX) whose quantization parameters, weights and input bytes all come
// from the fuzzer. Exercises prepare-time arithmetic (multipliers, shifts, clamps) and every kernel
// with adversarial scales and zero points, at every ISA of this machine.
#include <cmath>
#include <cstring>

#include "tests/fuzz/fuzz_common.h"
#include "tools/common/model_builder.h"

namespace {

class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : static_cast<uint8_t>(pos_++ * 37); }
  float Scale() {
    // Anything from denormal-ish to huge, including exact powers of two (ties in rescaling).
    const int exponent = static_cast<int>(Byte() % 80) - 50;
    const float mantissa = 1.0f + static_cast<float>(Byte()) / 256.0f;
    return std::ldexp(Byte() % 4 == 0 ? 1.0f : mantissa, exponent);
  }
  int64_t ZeroPoint(bool is_uint8) { return is_uint8 ? Byte() : static_cast<int8_t>(Byte()); }

 private:
  const uint8_t* data_;
  size_t size_, pos_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using octet::schema::TensorType;
  namespace t = octet::tools;
  Reader r(data, size);
  const bool u8 = r.Byte() & 1;
  const TensorType q = u8 ? TensorType::UINT8 : TensorType::INT8;
  const int h = 1 + r.Byte() % 9, w = 1 + r.Byte() % 9, c = 1 + r.Byte() % 20, oc = 1 + r.Byte() % 40;
  t::ModelBuilder b;
  auto& fbb = b.builder();
  const int in = b.AddTensor("in", q, {1, h, w, c}, t::PerTensor(r.Scale(), r.ZeroPoint(u8)));
  std::vector<int8_t> wbytes(static_cast<size_t>(oc) * 9 * c);
  for (auto& v : wbytes) v = static_cast<int8_t>(r.Byte());
  std::vector<float> scales;
  std::vector<int64_t> zps;
  for (int o = 0; o < (u8 ? 1 : oc); ++o) {
    scales.push_back(r.Scale());
    zps.push_back(u8 ? r.Byte() : 0);
  }
  const int conv_w = b.AddConstant("conv/w", q, {oc, 3, 3, c}, wbytes, t::QuantSpec{scales, zps, 0});
  std::vector<int32_t> bias(static_cast<size_t>(oc));
  for (auto& v : bias) v = static_cast<int32_t>(r.Byte() | (r.Byte() << 8) | (r.Byte() << 16) | (r.Byte() << 24));
  const int conv_b = b.AddConstant("conv/b", TensorType::INT32, {oc}, bias);
  const int conv = b.AddTensor("conv", q, {1, h, w, oc}, t::PerTensor(r.Scale(), r.ZeroPoint(u8)));
  b.AddOperator(octet::schema::OpType::CONV_2D, {in, conv_w, conv_b}, {conv},
                octet::schema::OperatorOptions::Conv2DOptions,
                octet::schema::CreateConv2DOptions(fbb, octet::schema::Padding::SAME, 1, 1, 1, 1,
                                                   static_cast<octet::schema::Activation>(r.Byte() % 4))
                    .Union());
  std::vector<int8_t> dw_bytes(static_cast<size_t>(oc) * 9);
  for (auto& v : dw_bytes) v = static_cast<int8_t>(r.Byte());
  std::vector<float> dw_scales;
  std::vector<int64_t> dw_zps;
  for (int o = 0; o < (u8 ? 1 : oc); ++o) {
    dw_scales.push_back(r.Scale());
    dw_zps.push_back(u8 ? r.Byte() : 0);
  }
  const int dw_w = b.AddConstant("dw/w", q, {1, 3, 3, oc}, dw_bytes, t::QuantSpec{dw_scales, dw_zps, 3});
  const int dw = b.AddTensor("dw", q, {1, h, w, oc}, t::PerTensor(r.Scale(), r.ZeroPoint(u8)));
  b.AddOperator(octet::schema::OpType::DEPTHWISE_CONV_2D, {conv, dw_w, -1}, {dw},
                octet::schema::OperatorOptions::DepthwiseConv2DOptions,
                octet::schema::CreateDepthwiseConv2DOptions(fbb, octet::schema::Padding::SAME, 1, 1, 1, 1, 1).Union());
  const int sum = b.AddTensor("sum", q, {1, h, w, oc}, t::PerTensor(r.Scale(), r.ZeroPoint(u8)));
  b.AddOperator(octet::schema::OpType::ADD, {conv, dw}, {sum});
  const std::vector<int> axes = {1, 2};
  const int mean = b.AddTensor("mean", q, {1, oc}, t::PerTensor(r.Scale(), r.ZeroPoint(u8)));
  b.AddOperator(octet::schema::OpType::MEAN, {sum}, {mean}, octet::schema::OperatorOptions::MeanOptions,
                octet::schema::CreateMeanOptionsDirect(fbb, &axes, false).Union());
  const int classes = 1 + r.Byte() % 16;
  std::vector<int8_t> fc_bytes(static_cast<size_t>(classes) * oc);
  for (auto& v : fc_bytes) v = static_cast<int8_t>(r.Byte());
  const int fc_w = b.AddConstant("fc/w", q, {classes, oc}, fc_bytes, t::PerTensor(r.Scale(), u8 ? r.Byte() : 0));
  const int logits = b.AddTensor("logits", q, {1, classes}, t::PerTensor(r.Scale(), r.ZeroPoint(u8)));
  b.AddOperator(octet::schema::OpType::FULLY_CONNECTED, {mean, fc_w}, {logits});
  const int probs = b.AddTensor("probs", q, {1, classes}, t::PerTensor(1.0f / 256, u8 ? 0 : -128));
  b.AddOperator(octet::schema::OpType::SOFTMAX, {logits}, {probs}, octet::schema::OperatorOptions::SoftmaxOptions,
                octet::schema::CreateSoftmaxOptions(fbb, r.Scale()).Union());
  b.SetInputs({in});
  b.SetOutputs({probs, sum});
  const std::vector<uint8_t> model = b.Finish();
  octet::fuzz::LoadAndRun(model.data(), model.size(), r.Byte());
  return 0;
}
