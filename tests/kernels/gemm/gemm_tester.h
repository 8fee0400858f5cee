// GemmTester: runs PreparedConv2D / PreparedFullyConnected with one microkernel pair and compares
// every output byte with kernels/reference (tolerance 0). Fluent setters describe the case; the
// data are seeded (ReplicableRandom), so a failure message names a reproducible case.
#ifndef OCTET_TESTS_KERNELS_GEMM_GEMM_TESTER_H_
#define OCTET_TESTS_KERNELS_GEMM_GEMM_TESTER_H_

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "kernels/common/quantize_multiplier.h"
#include "kernels/gemm/conv_gemm.h"
#include "kernels/reference/reference.h"
#include "tests/testing/replicable_random.h"

namespace octet::testing {

class GemmTester {
 public:
  // FULLY_CONNECTED shape (also used for 1x1 convolutions through conv mode).
  GemmTester& m(int v) {
    m_ = v;
    return *this;
  }
  GemmTester& n(int v) {
    n_ = v;
    return *this;
  }
  GemmTester& k(int v) {
    k_ = v;
    return *this;
  }
  // Convolution shape (conv mode when set).
  GemmTester& conv(int batch, int h, int w, int kh, int kw) {
    conv_ = true;
    batch_ = batch;
    in_h_ = h;
    in_w_ = w;
    kh_ = kh;
    kw_ = kw;
    return *this;
  }
  GemmTester& stride(int sh, int sw) {
    stride_h_ = sh;
    stride_w_ = sw;
    return *this;
  }
  GemmTester& dilation(int dh, int dw) {
    dil_h_ = dh;
    dil_w_ = dw;
    return *this;
  }
  GemmTester& same_padding(bool v) {
    same_ = v;
    return *this;
  }
  GemmTester& uint8(bool v) {
    uint8_ = v;
    return *this;
  }
  GemmTester& input_zero_point(int32_t v) {
    xz_ = v;
    xz_set_ = true;
    return *this;
  }
  GemmTester& filter_zero_point(int32_t v) {
    wz_ = v;
    wz_set_ = true;
    return *this;
  }
  GemmTester& output_zero_point(int32_t v) {
    oz_ = v;
    oz_set_ = true;
    return *this;
  }
  GemmTester& weight_range(int lo, int hi) {
    wlo_ = lo;
    whi_ = hi;
    wrange_set_ = true;
    return *this;
  }
  GemmTester& input_range(int lo, int hi) {
    xlo_ = lo;
    xhi_ = hi;
    xrange_set_ = true;
    return *this;
  }
  GemmTester& clamp(int32_t lo, int32_t hi) {
    act_min_ = lo;
    act_max_ = hi;
    clamp_set_ = true;
    return *this;
  }
  GemmTester& per_channel(bool v) {
    per_channel_ = v;
    return *this;
  }
  GemmTester& positive_shift(bool v) {
    positive_shift_ = v;
    return *this;
  }
  GemmTester& bias(bool v) {
    bias_ = v;
    return *this;
  }
  // Per-channel shifts drawn from [lo, hi] (requantization multipliers 2^shift * [0.5, 1)).
  GemmTester& shift_range(int32_t lo, int32_t hi) {
    shift_lo_ = lo;
    shift_hi_ = hi;
    shift_range_set_ = true;
    return *this;
  }
  GemmTester& bias_range(int64_t lo, int64_t hi) {
    bias_lo_ = lo;
    bias_hi_ = hi;
    return *this;
  }
  GemmTester& seed(uint64_t v) {
    seed_ = v;
    return *this;
  }
  GemmTester& kernels(const kernels::GemmUkernel* main, const kernels::GemmUkernel* tail) {
    main_ = main;
    tail_ = tail;
    return *this;
  }
  // Production selection (Create with an ISA set: shape-dependent kernels) instead of a fixed pair.
  GemmTester& usable(IsaSet isas) {
    main_ = tail_ = nullptr;
    usable_ = isas;
    return *this;
  }

  void Test() const {
    if (uint8_) {
      TestTyped<uint8_t>();
    } else {
      TestTyped<int8_t>();
    }
  }

 private:
  template <typename T>
  void TestTyped() const {
    constexpr int kLo = std::is_same_v<T, uint8_t> ? 0 : -128;
    constexpr int kHi = std::is_same_v<T, uint8_t> ? 255 : 127;
    ReplicableRandom rng(seed_);
    const int32_t xz = xz_set_ ? xz_ : static_cast<int32_t>(rng.Int(kLo, kHi));
    const int32_t oz = oz_set_ ? oz_ : static_cast<int32_t>(rng.Int(kLo, kHi));
    const int32_t wz = wz_set_ ? wz_ : (uint8_ ? static_cast<int32_t>(rng.Int(100, 156)) : 0);
    const int wlo = wrange_set_ ? wlo_ : (uint8_ ? 0 : -127), whi = wrange_set_ ? whi_ : (uint8_ ? 255 : 127);
    const int xlo = xrange_set_ ? xlo_ : kLo, xhi = xrange_set_ ? xhi_ : kHi;
    const int32_t act_min = clamp_set_ ? act_min_ : kLo, act_max = clamp_set_ ? act_max_ : kHi;

    int out_h = 1, out_w = 1, pad_top = 0, pad_left = 0;
    if (conv_) {
      const int eff_h = (kh_ - 1) * dil_h_ + 1, eff_w = (kw_ - 1) * dil_w_ + 1;
      if (same_) {
        out_h = (in_h_ + stride_h_ - 1) / stride_h_;
        out_w = (in_w_ + stride_w_ - 1) / stride_w_;
        pad_top = std::max(0, ((out_h - 1) * stride_h_ + eff_h - in_h_) / 2);
        pad_left = std::max(0, ((out_w - 1) * stride_w_ + eff_w - in_w_) / 2);
      } else {
        out_h = (in_h_ - eff_h) / stride_h_ + 1;
        out_w = (in_w_ - eff_w) / stride_w_ + 1;
      }
      ASSERT_GT(out_h, 0);
      ASSERT_GT(out_w, 0);
    }
    const size_t depth = static_cast<size_t>(conv_ ? kh_ * kw_ * k_ : k_);
    const size_t rows = conv_ ? static_cast<size_t>(batch_) * out_h * out_w : static_cast<size_t>(m_);
    const size_t in_count = conv_ ? static_cast<size_t>(batch_) * in_h_ * in_w_ * k_ : rows * depth;

    // Exact-size heap buffers so AddressSanitizer catches any out-of-bounds access.
    std::vector<T> input = rng.Ints<T>(in_count, xlo, xhi);
    std::vector<T> filter = rng.Ints<T>(static_cast<size_t>(n_) * depth, wlo, whi);
    std::vector<int32_t> bias(static_cast<size_t>(n_));
    for (auto& b : bias) b = static_cast<int32_t>(rng.Int(bias_lo_, bias_hi_));
    std::vector<int32_t> mult(static_cast<size_t>(n_)), shift(static_cast<size_t>(n_));
    const int base_shift =
        static_cast<int>(std::lround(-6.6 - 0.5 * std::log2(static_cast<double>(depth)) - (whi - wlo > 200 ? 0 : 0)));
    const int32_t shared_mult = static_cast<int32_t>(rng.Int(int64_t{1} << 30, (int64_t{1} << 31) - 1));
    const int32_t shared_shift = positive_shift_ ? 1 : base_shift;
    for (int o = 0; o < n_; ++o) {
      if (per_channel_) {
        mult[o] = static_cast<int32_t>(rng.Int(int64_t{1} << 30, (int64_t{1} << 31) - 1));
        shift[o] =
            positive_shift_ ? static_cast<int32_t>(rng.Int(0, 2)) : base_shift + static_cast<int32_t>(rng.Int(-1, 1));
        if (shift_range_set_) shift[o] = static_cast<int32_t>(rng.Int(shift_lo_, shift_hi_));
      } else {
        mult[o] = shared_mult;
        shift[o] = shift_range_set_ ? shift_lo_ : shared_shift;
      }
    }
    const int32_t* bias_ptr = bias_ ? bias.data() : nullptr;

    std::vector<T> expected(rows * static_cast<size_t>(n_)), got_out(rows * static_cast<size_t>(n_));
    std::string what;
    size_t scratch_bytes = 0;
    std::unique_ptr<kernels::PreparedConv2D> conv_op;
    std::unique_ptr<kernels::PreparedFullyConnected> fc_op;
    if (conv_) {
      reference::ConvParams p;
      p.batch = batch_;
      p.input_h = in_h_;
      p.input_w = in_w_;
      p.input_c = k_;
      p.output_h = out_h;
      p.output_w = out_w;
      p.output_c = n_;
      p.filter_h = kh_;
      p.filter_w = kw_;
      p.filter_c = k_;
      p.stride_h = stride_h_;
      p.stride_w = stride_w_;
      p.dilation_h = dil_h_;
      p.dilation_w = dil_w_;
      p.pad_top = pad_top;
      p.pad_left = pad_left;
      p.input_zero_point = xz;
      p.filter_zero_point = wz;
      p.output_zero_point = oz;
      p.multiplier = mult.data();
      p.shift = shift.data();
      p.act_min = act_min;
      p.act_max = act_max;
      reference::Conv2D(p, input.data(), filter.data(), bias_ptr, expected.data());
      conv_op = main_ != nullptr
                    ? kernels::PreparedConv2D::CreateWithKernels(p, filter.data(), bias_ptr, uint8_, main_, tail_)
                    : kernels::PreparedConv2D::Create(p, filter.data(), bias_ptr, uint8_, usable_);
      ASSERT_NE(conv_op, nullptr);
      scratch_bytes = conv_op->scratch_size();
      what = "conv " + std::to_string(batch_) + "x" + std::to_string(in_h_) + "x" + std::to_string(in_w_) + "x" +
             std::to_string(k_) + " filter " + std::to_string(kh_) + "x" + std::to_string(kw_) + " stride " +
             std::to_string(stride_h_) + "," + std::to_string(stride_w_) + " dilation " + std::to_string(dil_h_) + "," +
             std::to_string(dil_w_) + (same_ ? " SAME" : " VALID") + " n " + std::to_string(n_);
    } else {
      reference::FullyConnectedParams p;
      p.rows = m_;
      p.depth = k_;
      p.output_c = n_;
      p.input_zero_point = xz;
      p.filter_zero_point = wz;
      p.output_zero_point = oz;
      p.multiplier = mult.data();
      p.shift = shift.data();
      p.act_min = act_min;
      p.act_max = act_max;
      reference::FullyConnected(p, input.data(), filter.data(), bias_ptr, expected.data());
      fc_op = main_ != nullptr
                  ? kernels::PreparedFullyConnected::CreateWithKernels(p, filter.data(), bias_ptr, uint8_, main_, tail_)
                  : kernels::PreparedFullyConnected::Create(p, filter.data(), bias_ptr, uint8_, usable_);
      ASSERT_NE(fc_op, nullptr);
      scratch_bytes = fc_op->scratch_size();
      what = "fc m " + std::to_string(m_) + " n " + std::to_string(n_) + " k " + std::to_string(k_);
    }
    std::vector<uint8_t> scratch(scratch_bytes + 64);
    void* aligned = scratch.data() + (64 - reinterpret_cast<uintptr_t>(scratch.data()) % 64) % 64;
    if (conv_) {
      conv_op->Run(input.data(), got_out.data(), aligned);
    } else {
      fc_op->Run(input.data(), got_out.data(), aligned);
    }
    what += std::string(uint8_ ? " uint8" : " int8") + " xz " + std::to_string(xz) + " wz " + std::to_string(wz) +
            " oz " + std::to_string(oz) + " clamp [" + std::to_string(act_min) + "," + std::to_string(act_max) +
            "] kernel " + (conv_ ? conv_op->kernel_name() : fc_op->kernel_name()) +
            (main_ != nullptr ? std::string("/") + tail_->name : std::string(" (selected)"));
    size_t mismatches = 0;
    for (size_t r = 0; r < rows; ++r) {
      for (int o = 0; o < n_; ++o) {
        const size_t i = r * static_cast<size_t>(n_) + static_cast<size_t>(o);
        if (expected[i] != got_out[i] && mismatches++ < 5) {
          ADD_FAILURE() << what << ": row " << r << " channel " << o << " expected " << int{expected[i]} << " got "
                        << int{got_out[i]} << " (multiplier " << mult[o] << " shift " << shift[o] << ")";
        }
      }
    }
    ASSERT_EQ(mismatches, 0u) << what;
  }

  int m_ = 1, n_ = 1, k_ = 1;
  bool conv_ = false;
  int batch_ = 1, in_h_ = 1, in_w_ = 1, kh_ = 1, kw_ = 1;
  int stride_h_ = 1, stride_w_ = 1, dil_h_ = 1, dil_w_ = 1;
  bool same_ = true;
  bool uint8_ = false;
  int32_t xz_ = 0, wz_ = 0, oz_ = 0;
  bool xz_set_ = false, wz_set_ = false, oz_set_ = false;
  int wlo_ = 0, whi_ = 0, xlo_ = 0, xhi_ = 0;
  bool wrange_set_ = false, xrange_set_ = false;
  int32_t act_min_ = 0, act_max_ = 0;
  bool clamp_set_ = false;
  bool per_channel_ = true, positive_shift_ = false, bias_ = true;
  bool shift_range_set_ = false;
  int32_t shift_lo_ = 0, shift_hi_ = 0;
  int64_t bias_lo_ = -50000, bias_hi_ = 50000;
  uint64_t seed_ = 1;
  const kernels::GemmUkernel* main_ = nullptr;
  const kernels::GemmUkernel* tail_ = nullptr;
  IsaSet usable_{};
};

}  // namespace octet::testing

#endif  // OCTET_TESTS_KERNELS_GEMM_GEMM_TESTER_H_
