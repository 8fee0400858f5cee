// PreparedQuantize / PreparedRequantize / PreparedDequantize: constants and dispatch (see vcvt.h).
#include "kernels/vcvt/vcvt.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "kernels/common/fixedpoint.h"
#include "kernels/dispatch/coverage.h"
#include "kernels/vcvt/isa_select.h"

namespace octet {

// ---------------------------------------------------------------------------------------------------
// QUANTIZE float -> int8/uint8

std::unique_ptr<PreparedQuantize> PreparedQuantize::Create(const reference::QuantizeParams& p, bool is_uint8,
                                                           IsaSet usable) {
  std::unique_ptr<PreparedQuantize> op(new PreparedQuantize());
  op->count_ = p.count;
  op->is_uint8_ = is_uint8;
  const int32_t qmin = is_uint8 ? 0 : -128, qmax = is_uint8 ? 255 : 127;
  op->params_.scale = p.scale;
  op->params_.zero_point = p.zero_point;
  op->params_.min_less_zero_point = static_cast<float>(qmin - p.zero_point);
  op->params_.max_less_zero_point = static_cast<float>(qmax - p.zero_point);
  op->isa_ = elementwise::SelectIsa(usable);
#define OCTET_ASSIGN(level) op->name_ = is_uint8 ? "qu8_quantize__" #level : "qs8_quantize__" #level;
  OCTET_SELECT_LEVEL(op->isa_, OCTET_ASSIGN)
#undef OCTET_ASSIGN
  return op;
}

void PreparedQuantize::RunTiles(size_t begin, size_t end, const float* input, void* output, void*) const {
  RecordIsaUse(isa_);
  const size_t first = begin * kTile, last = std::min(count_, end * kTile);
  if (first >= last) return;
  const size_t n = last - first;
  if (is_uint8_) {
    uint8_t* out = static_cast<uint8_t*>(output) + first;
#define OCTET_CALL(level) kernels::qu8_quantize__##level(n, input + first, out, &params_);
    OCTET_SELECT_LEVEL(isa_, OCTET_CALL)
#undef OCTET_CALL
  } else {
    int8_t* out = static_cast<int8_t*>(output) + first;
#define OCTET_CALL(level) kernels::qs8_quantize__##level(n, input + first, out, &params_);
    OCTET_SELECT_LEVEL(isa_, OCTET_CALL)
#undef OCTET_CALL
  }
}

void PreparedQuantize::Run(const float* input, void* output, void* scratch) const {
  RunTiles(0, num_tiles(), input, output, scratch);
}
void PreparedQuantize::Run(const float* input, int8_t* output, void* scratch) const {
  Run(input, static_cast<void*>(output), scratch);
}
void PreparedQuantize::Run(const float* input, uint8_t* output, void* scratch) const {
  Run(input, static_cast<void*>(output), scratch);
}

// ---------------------------------------------------------------------------------------------------
// QUANTIZE int8/uint8 -> int8/uint8 (requantize)

std::unique_ptr<PreparedRequantize> PreparedRequantize::Create(const reference::RequantizeParams& p,
                                                               bool input_is_uint8, bool output_is_uint8,
                                                               IsaSet usable) {
  if (p.shift > 30 || p.shift < -31 || p.multiplier < 0) return nullptr;
  std::unique_ptr<PreparedRequantize> op(new PreparedRequantize());
  op->count_ = p.count;
  op->input_is_uint8_ = input_is_uint8;
  op->output_is_uint8_ = output_is_uint8;
  RequantizeKernelParams& kp = op->params_;
  kp.input_zero_point = p.input_zero_point;
  kp.multiplier = p.multiplier;
  kp.left_shift = p.shift > 0 ? p.shift : 0;
  kp.right_shift = p.shift > 0 ? 0 : -p.shift;
  kp.output_zero_point = p.output_zero_point;
  kp.output_min = output_is_uint8 ? 0 : -128;
  kp.output_max = output_is_uint8 ? 255 : 127;
  // The whole function as a table, from the reference formula (used by the scalar level, and to spot
  // identity and XOR 0x80 maps whatever the multiplier's spelling).
  bool identity = true, xor80 = true;
  for (int i = 0; i < 256; ++i) {
    const int32_t q = input_is_uint8 ? i : static_cast<int8_t>(static_cast<uint8_t>(i));
    const int32_t v = std::clamp(
        fixedpoint::MultiplyByQuantizedMultiplier(q - p.input_zero_point, p.multiplier, p.shift) + p.output_zero_point,
        kp.output_min, kp.output_max);
    op->table_[i] = static_cast<uint8_t>(v);
    identity = identity && op->table_[i] == static_cast<uint8_t>(i);
    xor80 = xor80 && op->table_[i] == static_cast<uint8_t>(i ^ 0x80);
  }
  op->isa_ = elementwise::SelectIsa(usable);
  if (identity) {
    op->mode_ = Mode::kCopy;
    op->name_ = "memcpy";
    op->isa_ = Isa::kScalar;
    return op;
  }
  if (xor80) {
    op->mode_ = Mode::kXor80;
#define OCTET_ASSIGN(level) op->name_ = "q8_xor80__" #level;
    OCTET_SELECT_LEVEL(op->isa_, OCTET_ASSIGN)
#undef OCTET_ASSIGN
    return op;
  }
  if (op->isa_ == Isa::kScalar) {
    op->mode_ = Mode::kTable;
    op->name_ = "q8_lut__scalar";
    return op;
  }
  op->mode_ = Mode::kArithmetic;
  static const char* const kNames[4][5] = {
      {"qs8_qs8_requantize__scalar", "qs8_qs8_requantize__sse41", "qs8_qs8_requantize__avx2",
       "qs8_qs8_requantize__avx512", "qs8_qs8_requantize__neon"},
      {"qs8_qu8_requantize__scalar", "qs8_qu8_requantize__sse41", "qs8_qu8_requantize__avx2",
       "qs8_qu8_requantize__avx512", "qs8_qu8_requantize__neon"},
      {"qu8_qs8_requantize__scalar", "qu8_qs8_requantize__sse41", "qu8_qs8_requantize__avx2",
       "qu8_qs8_requantize__avx512", "qu8_qs8_requantize__neon"},
      {"qu8_qu8_requantize__scalar", "qu8_qu8_requantize__sse41", "qu8_qu8_requantize__avx2",
       "qu8_qu8_requantize__avx512", "qu8_qu8_requantize__neon"}};
  const int level = op->isa_ == Isa::kAvx512Vnni ? 3
                    : op->isa_ == Isa::kAvx2     ? 2
                    : op->isa_ == Isa::kSse41    ? 1
                    : op->isa_ == Isa::kNeon     ? 4
                                                 : 0;
  op->name_ = kNames[(input_is_uint8 ? 2 : 0) + (output_is_uint8 ? 1 : 0)][level];
  return op;
}

void PreparedRequantize::RunTiles(size_t begin, size_t end, const void* input, void* output, void*) const {
  RecordIsaUse(isa_);
  const size_t first = begin * kTile, last = std::min(count_, end * kTile);
  if (first >= last) return;
  const size_t n = last - first;
  const uint8_t* in = static_cast<const uint8_t*>(input) + first;
  uint8_t* out = static_cast<uint8_t*>(output) + first;
  switch (mode_) {
    case Mode::kCopy:
      if (in != out) std::memmove(out, in, n);
      return;
    case Mode::kTable:
      kernels::q8_lut__scalar(n, in, out, table_);
      return;
    case Mode::kXor80:
#define OCTET_CALL(level) kernels::q8_xor80__##level(n, in, out);
      OCTET_SELECT_LEVEL(isa_, OCTET_CALL)
#undef OCTET_CALL
      return;
    case Mode::kArithmetic:
      break;
  }
  const int8_t* in_s8 = reinterpret_cast<const int8_t*>(in);
  int8_t* out_s8 = reinterpret_cast<int8_t*>(out);
  const int which = (input_is_uint8_ ? 2 : 0) + (output_is_uint8_ ? 1 : 0);
#define OCTET_CALL(level)                                               \
  switch (which) {                                                      \
    case 0:                                                             \
      kernels::qs8_qs8_requantize__##level(n, in_s8, out_s8, &params_); \
      break;                                                            \
    case 1:                                                             \
      kernels::qs8_qu8_requantize__##level(n, in_s8, out, &params_);    \
      break;                                                            \
    case 2:                                                             \
      kernels::qu8_qs8_requantize__##level(n, in, out_s8, &params_);    \
      break;                                                            \
    default:                                                            \
      kernels::qu8_qu8_requantize__##level(n, in, out, &params_);       \
      break;                                                            \
  }
  OCTET_SELECT_LEVEL(isa_, OCTET_CALL)
#undef OCTET_CALL
}

void PreparedRequantize::Run(const void* input, void* output, void* scratch) const {
  RunTiles(0, num_tiles(), input, output, scratch);
}
void PreparedRequantize::Run(const int8_t* input, int8_t* output, void* scratch) const {
  Run(static_cast<const void*>(input), static_cast<void*>(output), scratch);
}
void PreparedRequantize::Run(const int8_t* input, uint8_t* output, void* scratch) const {
  Run(static_cast<const void*>(input), static_cast<void*>(output), scratch);
}
void PreparedRequantize::Run(const uint8_t* input, int8_t* output, void* scratch) const {
  Run(static_cast<const void*>(input), static_cast<void*>(output), scratch);
}
void PreparedRequantize::Run(const uint8_t* input, uint8_t* output, void* scratch) const {
  Run(static_cast<const void*>(input), static_cast<void*>(output), scratch);
}

// ---------------------------------------------------------------------------------------------------
// DEQUANTIZE

std::unique_ptr<PreparedDequantize> PreparedDequantize::Create(const reference::DequantizeParams& p, bool is_uint8,
                                                               IsaSet usable) {
  std::unique_ptr<PreparedDequantize> op(new PreparedDequantize());
  op->count_ = p.count;
  op->is_uint8_ = is_uint8;
  op->params_.scale = p.scale;
  op->params_.zero_point = p.zero_point;
  op->isa_ = elementwise::SelectIsa(usable);
#define OCTET_ASSIGN(level) op->name_ = is_uint8 ? "qu8_dequantize__" #level : "qs8_dequantize__" #level;
  OCTET_SELECT_LEVEL(op->isa_, OCTET_ASSIGN)
#undef OCTET_ASSIGN
  return op;
}

void PreparedDequantize::RunTiles(size_t begin, size_t end, const void* input, float* output, void*) const {
  RecordIsaUse(isa_);
  const size_t first = begin * kTile, last = std::min(count_, end * kTile);
  if (first >= last) return;
  const size_t n = last - first;
  if (is_uint8_) {
    const uint8_t* in = static_cast<const uint8_t*>(input) + first;
#define OCTET_CALL(level) kernels::qu8_dequantize__##level(n, in, output + first, &params_);
    OCTET_SELECT_LEVEL(isa_, OCTET_CALL)
#undef OCTET_CALL
  } else {
    const int8_t* in = static_cast<const int8_t*>(input) + first;
#define OCTET_CALL(level) kernels::qs8_dequantize__##level(n, in, output + first, &params_);
    OCTET_SELECT_LEVEL(isa_, OCTET_CALL)
#undef OCTET_CALL
  }
}

void PreparedDequantize::Run(const void* input, float* output, void* scratch) const {
  RunTiles(0, num_tiles(), input, output, scratch);
}
void PreparedDequantize::Run(const int8_t* input, float* output, void* scratch) const {
  Run(static_cast<const void*>(input), output, scratch);
}
void PreparedDequantize::Run(const uint8_t* input, float* output, void* scratch) const {
  Run(static_cast<const void*>(input), output, scratch);
}

}  // namespace octet
