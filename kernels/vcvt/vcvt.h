// Elementwise conversions (spec section 3, QUANTIZE / DEQUANTIZE), vectorised and bit-exact:
// - QUANTIZE float32 -> int8/uint8: q = clamp(RHAZ_fp32(x /_fp32 s) + z). A true fp32 division (never a
//   reciprocal multiply), then exact round-half-away-from-zero: t = trunc(y), plus sign(y) when
//   |y - t| >= 0.5 (y - t is exact in fp32). NaN gives the type minimum like reference::Quantize.
// - QUANTIZE int8/uint8 -> int8/uint8 (requantize): clamp(MBQM(q - z_in, M, e) + z_out). When
//   (M, e) = (2^30, 1) the rescale is the identity, so z_out = z_in +- 128 across types is q XOR 0x80
//   (MobileNet v2's uint8 input/output QUANTIZE ops) and equal params within a type are a copy.
// - DEQUANTIZE: float32(s * (q - z)); the fp32 product of s and the small integer q - z is already the
//   correctly rounded exact product, so one vector multiply is exact.
//
// Microkernels read and write exactly n elements (masked or scalar tails) and never allocate.
#ifndef OCTET_KERNELS_VCVT_VCVT_H_
#define OCTET_KERNELS_VCVT_VCVT_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "kernels/dispatch/isa.h"
#include "kernels/reference/reference.h"

namespace octet {

struct QuantizeKernelParams {
  float scale = 1.0f;
  int32_t zero_point = 0;
  float min_less_zero_point = 0.0f;  // type min - z (exact small integer)
  float max_less_zero_point = 0.0f;  // type max - z
};

struct RequantizeKernelParams {
  int32_t input_zero_point = 0;
  int32_t multiplier = 0;
  int32_t left_shift = 0, right_shift = 0;  // max(e, 0), max(-e, 0)
  int32_t output_zero_point = 0;
  int32_t output_min = 0, output_max = 0;  // the output type's range
};

struct DequantizeKernelParams {
  float scale = 1.0f;
  int32_t zero_point = 0;
};

namespace kernels {
#define OCTET_DECLARE_VCVT(isa)                                                                               \
  void qs8_quantize__##isa(size_t n, const float* in, int8_t* out, const QuantizeKernelParams* p);            \
  void qu8_quantize__##isa(size_t n, const float* in, uint8_t* out, const QuantizeKernelParams* p);           \
  void qs8_qs8_requantize__##isa(size_t n, const int8_t* in, int8_t* out, const RequantizeKernelParams* p);   \
  void qs8_qu8_requantize__##isa(size_t n, const int8_t* in, uint8_t* out, const RequantizeKernelParams* p);  \
  void qu8_qs8_requantize__##isa(size_t n, const uint8_t* in, int8_t* out, const RequantizeKernelParams* p);  \
  void qu8_qu8_requantize__##isa(size_t n, const uint8_t* in, uint8_t* out, const RequantizeKernelParams* p); \
  void q8_xor80__##isa(size_t n, const uint8_t* in, uint8_t* out);                                            \
  void qs8_dequantize__##isa(size_t n, const int8_t* in, float* out, const DequantizeKernelParams* p);        \
  void qu8_dequantize__##isa(size_t n, const uint8_t* in, float* out, const DequantizeKernelParams* p);
OCTET_DECLARE_VCVT(scalar)
OCTET_DECLARE_VCVT(sse41)
OCTET_DECLARE_VCVT(avx2)
OCTET_DECLARE_VCVT(avx512)
OCTET_DECLARE_VCVT(neon)
#undef OCTET_DECLARE_VCVT
// Portable 256-entry table lookup (requantize: the table is filled from the scalar formula).
void q8_lut__scalar(size_t n, const uint8_t* in, uint8_t* out, const uint8_t* table);
}  // namespace kernels

class PreparedQuantize {
 public:
  static std::unique_ptr<PreparedQuantize> Create(const reference::QuantizeParams& p, bool is_uint8, IsaSet usable);
  size_t scratch_size() const { return 0; }
  void Run(const float* input, int8_t* output, void* scratch) const;
  void Run(const float* input, uint8_t* output, void* scratch) const;
  void Run(const float* input, void* output, void* scratch) const;
  // Independent tiles of consecutive elements: Run == RunTiles(0, num_tiles()).
  size_t num_tiles() const { return (count_ + kTile - 1) / kTile; }
  void RunTiles(size_t begin, size_t end, const float* input, void* output, void* scratch) const;
  Isa isa() const { return isa_; }
  const char* kernel_name() const { return name_; }

 private:
  static constexpr size_t kTile = 16384;
  PreparedQuantize() = default;
  QuantizeKernelParams params_;
  size_t count_ = 0;
  bool is_uint8_ = false;
  Isa isa_ = Isa::kScalar;
  const char* name_ = "";
};

class PreparedRequantize {
 public:
  static std::unique_ptr<PreparedRequantize> Create(const reference::RequantizeParams& p, bool input_is_uint8,
                                                    bool output_is_uint8, IsaSet usable);
  size_t scratch_size() const { return 0; }
  void Run(const int8_t* input, int8_t* output, void* scratch) const;
  void Run(const int8_t* input, uint8_t* output, void* scratch) const;
  void Run(const uint8_t* input, int8_t* output, void* scratch) const;
  void Run(const uint8_t* input, uint8_t* output, void* scratch) const;
  void Run(const void* input, void* output, void* scratch) const;
  size_t num_tiles() const { return (count_ + kTile - 1) / kTile; }
  void RunTiles(size_t begin, size_t end, const void* input, void* output, void* scratch) const;
  Isa isa() const { return isa_; }
  const char* kernel_name() const { return name_; }
  // Every byte is XOR-ed with 0x80 (uint8 <-> int8 at one scale, zero points 128 apart): a consumer
  // can take the input as it is instead (runtime/ops/flip_gemm.h).
  bool is_xor80() const { return mode_ == Mode::kXor80; }

 private:
  static constexpr size_t kTile = 16384;
  enum class Mode { kCopy, kXor80, kArithmetic, kTable };
  PreparedRequantize() = default;
  RequantizeKernelParams params_;
  size_t count_ = 0;
  bool input_is_uint8_ = false, output_is_uint8_ = false;
  Mode mode_ = Mode::kArithmetic;
  uint8_t table_[256] = {};
  Isa isa_ = Isa::kScalar;
  const char* name_ = "";
};

class PreparedDequantize {
 public:
  static std::unique_ptr<PreparedDequantize> Create(const reference::DequantizeParams& p, bool is_uint8, IsaSet usable);
  size_t scratch_size() const { return 0; }
  void Run(const int8_t* input, float* output, void* scratch) const;
  void Run(const uint8_t* input, float* output, void* scratch) const;
  void Run(const void* input, float* output, void* scratch) const;
  size_t num_tiles() const { return (count_ + kTile - 1) / kTile; }
  void RunTiles(size_t begin, size_t end, const void* input, float* output, void* scratch) const;
  Isa isa() const { return isa_; }
  const char* kernel_name() const { return name_; }

 private:
  static constexpr size_t kTile = 16384;
  PreparedDequantize() = default;
  DequantizeKernelParams params_;
  size_t count_ = 0;
  bool is_uint8_ = false;
  Isa isa_ = Isa::kScalar;
  const char* name_ = "";
};

}  // namespace octet

#endif  // OCTET_KERNELS_VCVT_VCVT_H_
