// Requantization in the one-step form SIMD epilogues use.
//
// MultiplyByQuantizedMultiplier (fixedpoint.h) rounds twice: SRDHM (ties toward +inf) and then a
// right shift by rs (ties away from zero). Both roundings fold into one exact 64-bit step, because
// floor(floor(a / 2^31) / 2^rs) = floor(a / 2^(31 + rs)) for integers:
//
//   p      = int64(wrap32(acc << ls)) * M                      (|p| <= 2^62)
//   result = (p + R - (p < -2^30 ? C : 0)) >> (31 + rs)        (arithmetic shift, no overflow)
//   R = 2^30 + (rs > 0 ? 2^(30 + rs) : 0),  C = (rs > 0 ? 2^31 : 0)
//
// The 2^30 is SRDHM's rounding; 2^(30+rs) is the right shift's half-unit; C removes one unit of it
// when the SRDHM result is negative (p < -2^30), which is what makes that second rounding go away
// from zero on ties. Checked against the two-step form exhaustively on ties and on random inputs
// (tests/kernels/common/requantize_test.cc).
#ifndef OCTET_KERNELS_COMMON_REQUANTIZE_H_
#define OCTET_KERNELS_COMMON_REQUANTIZE_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace octet {

// Per-output-channel requantization parameters, structure-of-arrays so a vector loads 8 or 16
// channels at once. Arrays hold `padded_channels` entries (a multiple of 64, the extra entries are
// copies of a harmless channel), so a kernel may read a whole vector past the last channel.
struct RequantView {
  const int32_t* multiplier = nullptr;       // M, in [2^30, 2^31) or 0
  const int32_t* left_multiplier = nullptr;  // 2^ls, ls in [0, 30]
  const int64_t* rounding = nullptr;         // R
  const int64_t* correction = nullptr;       // C
  const int64_t* right_shift = nullptr;      // 31 + rs, in [31, 62]
  bool has_left_shift = false;               // any ls > 0: kernels skip the multiply when false
  int32_t output_zero_point = 0;
  int32_t output_min = -128, output_max = 127;  // clamp applied after adding the zero point
};

// Scalar one-step requantization of channel c (the reference for every SIMD epilogue).
inline int32_t RequantizeOne(const RequantView& r, size_t c, int32_t acc) {
  const int32_t shifted =
      static_cast<int32_t>(static_cast<uint32_t>(acc) * static_cast<uint32_t>(r.left_multiplier[c]));
  const int64_t p = static_cast<int64_t>(shifted) * r.multiplier[c];
  const int64_t s = p + r.rounding[c] - (p < -(int64_t{1} << 30) ? r.correction[c] : 0);
  const int32_t v = static_cast<int32_t>(s >> r.right_shift[c]) + r.output_zero_point;
  return std::min(std::max(v, r.output_min), r.output_max);
}

// Owns the arrays behind a RequantView. Built once at prepare time from (multiplier, shift) pairs
// as produced by QuantizeMultiplier; shift must be in [-31, 30].
class RequantTable {
 public:
  RequantTable() = default;
  RequantTable(const int32_t* multiplier, const int32_t* shift, size_t channels, int32_t output_zero_point,
               int32_t output_min, int32_t output_max);
  RequantView view() const;
  size_t channels() const { return channels_; }

 private:
  size_t channels_ = 0;
  std::vector<int32_t> multiplier_, left_multiplier_;
  std::vector<int64_t> rounding_, correction_, right_shift_;
  bool has_left_shift_ = false;
  int32_t output_zero_point_ = 0, output_min_ = -128, output_max_ = 127;
};

inline RequantTable::RequantTable(const int32_t* multiplier, const int32_t* shift, size_t channels,
                                  int32_t output_zero_point, int32_t output_min, int32_t output_max)
    : channels_(channels), output_zero_point_(output_zero_point), output_min_(output_min), output_max_(output_max) {
  const size_t padded = std::max<size_t>(64, (channels + 63) / 64 * 64);
  multiplier_.assign(padded, 0);
  left_multiplier_.assign(padded, 1);
  rounding_.assign(padded, int64_t{1} << 30);
  correction_.assign(padded, 0);
  right_shift_.assign(padded, 31);
  for (size_t c = 0; c < channels; ++c) {
    const int ls = shift[c] > 0 ? shift[c] : 0;
    const int rs = shift[c] > 0 ? 0 : -shift[c];
    multiplier_[c] = multiplier[c];
    left_multiplier_[c] = int32_t{1} << ls;
    rounding_[c] = (int64_t{1} << 30) + (rs > 0 ? int64_t{1} << (30 + rs) : 0);
    correction_[c] = rs > 0 ? int64_t{1} << 31 : 0;
    right_shift_[c] = 31 + rs;
    has_left_shift_ = has_left_shift_ || ls > 0;
  }
}

inline RequantView RequantTable::view() const {
  RequantView v;
  v.multiplier = multiplier_.data();
  v.left_multiplier = left_multiplier_.data();
  v.rounding = rounding_.data();
  v.correction = correction_.data();
  v.right_shift = right_shift_.data();
  v.has_left_shift = has_left_shift_;
  v.output_zero_point = output_zero_point_;
  v.output_min = output_min_;
  v.output_max = output_max_;
  return v;
}

}  // namespace octet

#endif  // OCTET_KERNELS_COMMON_REQUANTIZE_H_
