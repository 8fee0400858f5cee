// ADD of two int8 or uint8 tensors with TFLite's three exact rescales (spec section 3, ADD), vectorised.
//
// Operator: PreparedAdd, built once from reference::AddParams (after PrepareAdd) and shared by sessions.
// Handles the same-shape case and the broadcast of one operand along the innermost dimensions (a
// per-channel [C] operand, a scalar, or any operand whose shape, leading 1s removed, is a suffix of the
// output's); other broadcasts make Create return nullptr (use reference::Add).
//
// Microkernel contract (the q8-vadd-* files): out[i] = f(a[i], b[i]) for i < n (vaddc: f(a[i], b[0])),
// with f the exact ADD arithmetic below on precomputed constants. Kernels read and write exactly n
// elements (masked or scalar tails), never allocate, and are identical for every ISA bit for bit.
//
// Arithmetic (why the kernels can stay in 32-bit lanes). With d = q - z, |d| <= 255 and L = 20:
//   SRDHM(d * 2^20, M) = floor((d * M + 2^10) / 2^11) = d * Mhi + ((d * Mlo + 2^10) >> 11)
// where M = Mhi * 2^11 + Mlo (Mhi < 2^20, Mlo < 2^11): both products fit int32. The second rounding
// (RDBPOT by -shift) and the output rescale (an int32 SRDHM of the sum, then RDBPOT) use the usual
// 32-bit forms. Zero points are folded into the constants: d * Mhi = q * Mhi - z * Mhi, etc.
#ifndef OCTET_KERNELS_VADD_VADD_H_
#define OCTET_KERNELS_VADD_VADD_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "kernels/dispatch/isa.h"
#include "kernels/reference/reference.h"

namespace octet {

// Constants of one ADD, shared by every microkernel.
struct VAddParams {
  // Input rescale x' = RDBPOT(q * mult_hi + bias_hi + ((q * mult_lo + bias_lo) >> 11), shift).
  int32_t a_mult_hi = 0, a_mult_lo = 0, a_bias_hi = 0, a_bias_lo = 0, a_shift = 0;
  int32_t b_mult_hi = 0, b_mult_lo = 0, b_bias_hi = 0, b_bias_lo = 0, b_shift = 0;
  // The inputs' zero points (the AVX-512 kernel's rounding needs the sign of q - z).
  int32_t a_zero_point = 0, b_zero_point = 0;
  // Output: clamp(RDBPOT(SRDHM(a' + b', out_multiplier), out_shift) + out_zero_point, out_min, out_max).
  int32_t out_multiplier = 0, out_shift = 0;
  int32_t out_zero_point = 0, out_min = 0, out_max = 0;
  // Whole input values were swapped (a is input2) when input1 was the broadcast operand: ADD is symmetric.
};

// Builds VAddParams from reference::AddParams. False when the params are outside what the kernels
// handle exactly (left_shift != 20, an input shift above 0 or below -31, an output multiplier >= 1).
// `swap` exchanges the roles of input1 and input2.
bool MakeVAddParams(const reference::AddParams& p, bool swap, VAddParams* out);

namespace kernels {
using QS8VAddFn = void (*)(size_t n, const int8_t* a, const int8_t* b, int8_t* out, const VAddParams* p);
using QU8VAddFn = void (*)(size_t n, const uint8_t* a, const uint8_t* b, uint8_t* out, const VAddParams* p);

// vadd: b has n elements. vaddc: b is one element, broadcast.
#define OCTET_DECLARE_VADD(isa)                                                                          \
  void qs8_vadd__##isa(size_t n, const int8_t* a, const int8_t* b, int8_t* out, const VAddParams* p);    \
  void qs8_vaddc__##isa(size_t n, const int8_t* a, const int8_t* b, int8_t* out, const VAddParams* p);   \
  void qu8_vadd__##isa(size_t n, const uint8_t* a, const uint8_t* b, uint8_t* out, const VAddParams* p); \
  void qu8_vaddc__##isa(size_t n, const uint8_t* a, const uint8_t* b, uint8_t* out, const VAddParams* p);
OCTET_DECLARE_VADD(scalar)
OCTET_DECLARE_VADD(sse41)
OCTET_DECLARE_VADD(avx2)
OCTET_DECLARE_VADD(avx512)
OCTET_DECLARE_VADD(neon)
#undef OCTET_DECLARE_VADD
}  // namespace kernels

// The prepared ADD operator. Immutable after Create; Run is const and thread-safe.
class PreparedAdd {
 public:
  // nullptr when no fast kernel applies (unsupported broadcast or params): use reference::Add.
  static std::unique_ptr<PreparedAdd> Create(const reference::AddParams& p, bool is_uint8, IsaSet usable);

  size_t scratch_size() const { return 0; }
  // Element types must match is_uint8. scratch may be null (scratch_size() is 0).
  void Run(const int8_t* input1, const int8_t* input2, int8_t* output, void* scratch) const;
  void Run(const uint8_t* input1, const uint8_t* input2, uint8_t* output, void* scratch) const;
  void Run(const void* input1, const void* input2, void* output, void* scratch) const;

  // Independent tiles for a thread pool: Run == RunTiles(0, num_tiles()).
  size_t num_tiles() const { return num_tiles_; }
  void RunTiles(size_t begin, size_t end, const void* input1, const void* input2, void* output, void* scratch) const;

  Isa isa() const { return isa_; }
  const char* kernel_name() const { return name_; }

  // Fusion hook, for a same-shape ADD (elementwise()): output[i] = ADD(input1[i], input2[i]) for
  // i < n with the microkernel Run uses, on any n-element slice of the operands (same offset in all three).
  bool elementwise() const { return !broadcast_ && !scalar_b_ && !swapped_; }
  void RunElements(size_t n, const void* input1, const void* input2, void* output) const {
    if (is_uint8_) {
      qu8_(n, static_cast<const uint8_t*>(input1), static_cast<const uint8_t*>(input2), static_cast<uint8_t*>(output),
           &params_);
    } else {
      qs8_(n, static_cast<const int8_t*>(input1), static_cast<const int8_t*>(input2), static_cast<int8_t*>(output),
           &params_);
    }
  }

 private:
  PreparedAdd() = default;

  VAddParams params_;
  bool is_uint8_ = false;
  bool swapped_ = false;    // input2 is the full operand, input1 the broadcast one
  bool scalar_b_ = false;   // the broadcast operand is a single element
  size_t outer_ = 1;        // rows
  size_t inner_ = 0;        // elements per row; the broadcast operand has inner_ elements (or 1)
  bool broadcast_ = false;  // false: one flat run of outer_ * inner_ elements
  size_t num_tiles_ = 0, tile_rows_ = 1, tile_elements_ = 0;
  kernels::QS8VAddFn qs8_ = nullptr, qs8c_ = nullptr;
  kernels::QU8VAddFn qu8_ = nullptr, qu8c_ = nullptr;
  Isa isa_ = Isa::kScalar;
  const char* name_ = "";
};

}  // namespace octet

#endif  // OCTET_KERNELS_VADD_VADD_H_
