// Reference kernels: the executable specification of octet's integer arithmetic.
//
// Plain loops over NHWC tensors, written to be obviously right rather than fast. Each kernel
// reproduces TensorFlow Lite's integer reference kernel bit for bit (default double-rounding
// build; see ../shared/spec/int8-arithmetic.md). Every optimized kernel is tested against these.
//
// Contract shared by all kernels here:
// - Parameters are validated by the caller (the runtime's verifier and prepare step); kernels do no
//   checking, never allocate and cannot fail.
// - Zero points are given as int32 in the range of the element type. Requantization multipliers
//   come from QuantizeMultiplier (kernels/common/quantize_multiplier.h).
// - int8 ("s8") kernels take per-output-channel multipliers; uint8 ("u8") kernels take the same
//   arrays filled with one value, plus a non-zero filter zero point.
#ifndef OCTET_KERNELS_REFERENCE_REFERENCE_H_
#define OCTET_KERNELS_REFERENCE_REFERENCE_H_

#include <cstddef>
#include <cstdint>

namespace octet::reference {

constexpr int kMaxRank = 6;

// CONV_2D. input [batch, input_h, input_w, input_c], filter [output_c, filter_h, filter_w,
// filter_c], bias [output_c] (may be null), output [batch, output_h, output_w, output_c].
// Grouped convolution when input_c is a multiple of filter_c: groups = input_c / filter_c, and
// output channel o reads input channels of group o / (output_c / groups).
struct ConvParams {
  int batch = 1;
  int input_h = 0, input_w = 0, input_c = 0;
  int output_h = 0, output_w = 0, output_c = 0;
  int filter_h = 0, filter_w = 0, filter_c = 0;
  int stride_h = 1, stride_w = 1;
  int dilation_h = 1, dilation_w = 1;
  int pad_top = 0, pad_left = 0;  // taps outside the input are skipped (== padding with z_in)
  int32_t input_zero_point = 0;
  int32_t filter_zero_point = 0;  // uint8 only; int8 filters are symmetric
  int32_t output_zero_point = 0;
  const int32_t* multiplier = nullptr;  // [output_c]
  const int32_t* shift = nullptr;       // [output_c]
  int32_t act_min = 0, act_max = 0;     // clamp applied after adding output_zero_point
};
void Conv2D(const ConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias, int8_t* output);
void Conv2D(const ConvParams& p, const uint8_t* input, const uint8_t* filter, const int32_t* bias, uint8_t* output);

// DEPTHWISE_CONV_2D. filter [1, filter_h, filter_w, output_c] with output_c = input_c *
// depth_multiplier; output channel oc = ic * depth_multiplier + m.
struct DepthwiseConvParams {
  int batch = 1;
  int input_h = 0, input_w = 0, input_c = 0;
  int output_h = 0, output_w = 0;
  int depth_multiplier = 1;
  int filter_h = 0, filter_w = 0;
  int stride_h = 1, stride_w = 1;
  int dilation_h = 1, dilation_w = 1;
  int pad_top = 0, pad_left = 0;
  int32_t input_zero_point = 0;
  int32_t filter_zero_point = 0;
  int32_t output_zero_point = 0;
  const int32_t* multiplier = nullptr;  // [input_c * depth_multiplier]
  const int32_t* shift = nullptr;
  int32_t act_min = 0, act_max = 0;
};
void DepthwiseConv2D(const DepthwiseConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                     int8_t* output);
void DepthwiseConv2D(const DepthwiseConvParams& p, const uint8_t* input, const uint8_t* filter, const int32_t* bias,
                     uint8_t* output);

// FULLY_CONNECTED. input [rows, depth], filter [output_c, depth], output [rows, output_c].
// Requantized with MBQM like convolution (octet's normative choice, spec section 6).
struct FullyConnectedParams {
  int rows = 0, depth = 0, output_c = 0;
  int32_t input_zero_point = 0;
  int32_t filter_zero_point = 0;  // per-tensor filters (int8 or uint8)
  int32_t output_zero_point = 0;
  const int32_t* multiplier = nullptr;  // [output_c]
  const int32_t* shift = nullptr;
  int32_t act_min = 0, act_max = 0;
};
void FullyConnected(const FullyConnectedParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                    int8_t* output);
void FullyConnected(const FullyConnectedParams& p, const uint8_t* input, const uint8_t* filter, const int32_t* bias,
                    uint8_t* output);

// ADD with numpy-style broadcasting. All three shapes have `rank` dimensions (pad with leading
// 1s); an input dimension is either equal to the output's or 1.
struct AddParams {
  int rank = 0;
  int output_shape[kMaxRank] = {};
  int input1_shape[kMaxRank] = {};
  int input2_shape[kMaxRank] = {};
  int32_t input1_zero_point = 0, input2_zero_point = 0, output_zero_point = 0;
  int left_shift = 20;
  int32_t input1_multiplier = 0;
  int input1_shift = 0;
  int32_t input2_multiplier = 0;
  int input2_shift = 0;
  int32_t output_multiplier = 0;
  int output_shift = 0;
  int32_t act_min = 0, act_max = 0;
};
// Fills the multipliers and shifts of `p` from the scales (spec section 3, ADD).
void PrepareAdd(float input1_scale, float input2_scale, float output_scale, AddParams* p);
void Add(const AddParams& p, const int8_t* input1, const int8_t* input2, int8_t* output);
void Add(const AddParams& p, const uint8_t* input1, const uint8_t* input2, uint8_t* output);

// AVERAGE_POOL_2D and MAX_POOL_2D over [batch, input_h, input_w, channels]. Input and output share
// scale and zero point; only in-bounds taps count (also in the average's divisor).
struct Pool2DParams {
  int batch = 1;
  int input_h = 0, input_w = 0, channels = 0;
  int output_h = 0, output_w = 0;
  int filter_h = 1, filter_w = 1;
  int stride_h = 1, stride_w = 1;
  int pad_top = 0, pad_left = 0;
  int32_t act_min = 0, act_max = 0;
};
void AveragePool2D(const Pool2DParams& p, const int8_t* input, int8_t* output);
void AveragePool2D(const Pool2DParams& p, const uint8_t* input, uint8_t* output);
void MaxPool2D(const Pool2DParams& p, const int8_t* input, int8_t* output);
void MaxPool2D(const Pool2DParams& p, const uint8_t* input, uint8_t* output);

// MEAN over the axes marked in `reduce`. The output holds the kept axes in order (with or without
// keep_dims the bytes are the same). Result clamped to the type range.
struct MeanParams {
  int rank = 0;
  int input_shape[kMaxRank] = {};
  bool reduce[kMaxRank] = {};
  int32_t input_zero_point = 0, output_zero_point = 0;
  int32_t multiplier = 0;  // QuantizeMultiplier(double(s_in) / double(s_out)), before folding 1/N
  int shift = 0;
};
void Mean(const MeanParams& p, const int8_t* input, int8_t* output);
void Mean(const MeanParams& p, const uint8_t* input, uint8_t* output);

// SOFTMAX over the last dimension, fixed-point algorithm (spec section 3). Output is implicitly
// quantized with scale 1/256 and zero point at the type minimum.
struct SoftmaxParams {
  int rows = 0, depth = 0;
  int32_t input_multiplier = 0;
  int input_left_shift = 0;
  int32_t diff_min = 0;
};
void PrepareSoftmax(float beta, float input_scale, SoftmaxParams* p);
void Softmax(const SoftmaxParams& p, const int8_t* input, int8_t* output);
void Softmax(const SoftmaxParams& p, const uint8_t* input, uint8_t* output);
// The steps of one row, shared with the table-driven kernel (kernels/softmax) so both compute the
// same bits by construction. Per value: exp(beta * s_in * diff) in Q0.31 for diff = q - row max
// (diff >= diff_min; smaller diffs contribute nothing and output the type minimum), and in Q12.19
// for the row sum (wrapping int32 addition). Per row: 1 / sum and its shift. Per value: the output
// (type_min is -128 or 0), already clamped to the type.
int32_t SoftmaxExp(const SoftmaxParams& p, int32_t diff);
int32_t SoftmaxExpQ19(int32_t exp_q31);
struct SoftmaxScale {
  int32_t reciprocal = 0;
  int output_shift = 0;
};
SoftmaxScale SoftmaxScaleForSum(int32_t sum_of_exps);
int32_t SoftmaxOutput(const SoftmaxScale& scale, int32_t exp_q31, int32_t type_min);

// QUANTIZE float32 -> int8/uint8: clamp(RHAZ_fp32(x / scale) + zero_point).
struct QuantizeParams {
  size_t count = 0;
  float scale = 1.0f;
  int32_t zero_point = 0;
};
void Quantize(const QuantizeParams& p, const float* input, int8_t* output);
void Quantize(const QuantizeParams& p, const float* input, uint8_t* output);

// QUANTIZE int8/uint8 -> int8/uint8 (requantize): clamp(MBQM(q - z_in, M, e) + z_out) with
// (M, e) = QuantizeMultiplier(double(s_in) / double(s_out)).
struct RequantizeParams {
  size_t count = 0;
  int32_t input_zero_point = 0, output_zero_point = 0;
  int32_t multiplier = 0;
  int shift = 0;
};
void Requantize(const RequantizeParams& p, const int8_t* input, int8_t* output);
void Requantize(const RequantizeParams& p, const int8_t* input, uint8_t* output);
void Requantize(const RequantizeParams& p, const uint8_t* input, int8_t* output);
void Requantize(const RequantizeParams& p, const uint8_t* input, uint8_t* output);

// DEQUANTIZE: float32(scale * (q - zero_point)), the correctly rounded product.
struct DequantizeParams {
  size_t count = 0;
  float scale = 1.0f;
  int32_t zero_point = 0;
};
void Dequantize(const DequantizeParams& p, const int8_t* input, float* output);
void Dequantize(const DequantizeParams& p, const uint8_t* input, float* output);

// CONCATENATION along one axis. outer = product of the output dims before the axis; input i
// contributes inner_sizes[i] = (its axis dim) * (product of the dims after the axis) elements per
// outer step. int8: plain copies. uint8: inputs whose (scale, zero point) differ from the output's
// are rescaled in float (spec section 3), then clamped to the activation range.
struct ConcatParams {
  int num_inputs = 0;
  int64_t outer = 1;
  const int64_t* inner_sizes = nullptr;  // [num_inputs]
  const float* input_scales = nullptr;   // [num_inputs]
  const int32_t* input_zero_points = nullptr;
  float output_scale = 1.0f;
  int32_t output_zero_point = 0;
  int32_t act_min = 0, act_max = 0;
};
void Concatenation(const ConcatParams& p, const int8_t* const* inputs, int8_t* output);
void Concatenation(const ConcatParams& p, const uint8_t* const* inputs, uint8_t* output);

// PAD: copies the input into the middle of the output; every other element is pad_value (the
// output zero point).
struct PadParams {
  int rank = 0;
  int input_shape[kMaxRank] = {};
  int before[kMaxRank] = {};
  int after[kMaxRank] = {};
  int32_t pad_value = 0;
};
void Pad(const PadParams& p, const int8_t* input, int8_t* output);
void Pad(const PadParams& p, const uint8_t* input, uint8_t* output);

}  // namespace octet::reference

#endif  // OCTET_KERNELS_REFERENCE_REFERENCE_H_
