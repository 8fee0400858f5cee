// DwconvTester: builds a random depthwise problem, runs PreparedDepthwiseConv2D for one ISA level
// and reference::DepthwiseConv2D, and requires every output byte to be equal (tolerance 0).
#ifndef OCTET_TESTS_KERNELS_DWCONV_DWCONV_TESTER_H_
#define OCTET_TESTS_KERNELS_DWCONV_DWCONV_TESTER_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "kernels/dispatch/isa.h"
#include "kernels/dwconv/dwconv.h"
#include "kernels/reference/reference.h"
#include "tests/testing/replicable_random.h"

namespace octet::testing {

class DwconvTester {
 public:
  DwconvTester& input_size(int h, int w) {
    in_h_ = h, in_w_ = w;
    return *this;
  }
  DwconvTester& channels(int c) {
    channels_ = c;
    return *this;
  }
  DwconvTester& batch(int b) {
    batch_ = b;
    return *this;
  }
  DwconvTester& kernel(int kh, int kw) {
    kh_ = kh, kw_ = kw;
    return *this;
  }
  DwconvTester& stride(int sh, int sw) {
    sh_ = sh, sw_ = sw;
    return *this;
  }
  DwconvTester& dilation(int dh, int dw) {
    dh_ = dh, dw_ = dw;
    return *this;
  }
  DwconvTester& same_padding(bool same) {
    same_ = same;
    return *this;
  }
  DwconvTester& depth_multiplier(int m) {
    dm_ = m;
    return *this;
  }
  DwconvTester& uint8(bool u) {
    uint8_ = u;
    return *this;
  }
  DwconvTester& input_zero_point(int z) {
    z_in_ = z;
    return *this;
  }
  DwconvTester& filter_zero_point(int z) {
    z_w_ = z;
    return *this;
  }
  DwconvTester& output_zero_point(int z) {
    z_out_ = z;
    return *this;
  }
  DwconvTester& clamp(int lo, int hi) {
    act_min_ = lo, act_max_ = hi, clamp_set_ = true;
    return *this;
  }
  // Inputs/weights only at the type limits (accumulator extremes).
  DwconvTester& extremes(bool e) {
    extremes_ = e;
    return *this;
  }
  DwconvTester& no_bias(bool n) {
    no_bias_ = n;
    return *this;
  }
  // Biases drawn from [lo, hi] (default +-40000).
  DwconvTester& bias_range(int64_t lo, int64_t hi) {
    bias_lo_ = lo, bias_hi_ = hi;
    return *this;
  }
  // Per-channel shifts drawn from [lo, hi] (int8; default -14..-5, some +1).
  DwconvTester& shift_range(int lo, int hi) {
    shift_lo_ = lo, shift_hi_ = hi, shift_set_ = true;
    return *this;
  }
  DwconvTester& seed(uint64_t s) {
    seed_ = s;
    return *this;
  }
  // Multipliers of exactly 2^30 and small shifts: requantization ties on many outputs.
  DwconvTester& tie_multipliers(bool t) {
    ties_ = t;
    return *this;
  }
  // Only kernels whose name contains this (e.g. "32c"); null: whichever Create picks.
  DwconvTester& only_kernel(const char* k) {
    only_kernel_ = k;
    return *this;
  }

  // Runs the kernel chosen for ISA level `isa` and compares with the reference. Returns the kernel
  // name used (empty when Create declined, which is a failure).
  std::string Test(Isa isa) const {
    ReplicableRandom rng(seed_ ^ (static_cast<uint64_t>(channels_) << 20) ^
                         (static_cast<uint64_t>(kh_ * 7 + kw_) << 40));
    const int eff_h = (kh_ - 1) * dh_ + 1, eff_w = (kw_ - 1) * dw_ + 1;
    reference::DepthwiseConvParams p;
    p.batch = batch_;
    p.input_h = in_h_, p.input_w = in_w_, p.input_c = channels_;
    p.depth_multiplier = dm_;
    p.filter_h = kh_, p.filter_w = kw_;
    p.stride_h = sh_, p.stride_w = sw_;
    p.dilation_h = dh_, p.dilation_w = dw_;
    if (same_) {
      p.output_h = (in_h_ + sh_ - 1) / sh_, p.output_w = (in_w_ + sw_ - 1) / sw_;
      p.pad_top = std::max(0, (p.output_h - 1) * sh_ + eff_h - in_h_) / 2;
      p.pad_left = std::max(0, (p.output_w - 1) * sw_ + eff_w - in_w_) / 2;
    } else {
      if (in_h_ < eff_h || in_w_ < eff_w) {
        ADD_FAILURE() << "VALID padding with a kernel larger than the input";
        return "";
      }
      p.output_h = (in_h_ - eff_h) / sh_ + 1, p.output_w = (in_w_ - eff_w) / sw_ + 1;
    }
    const int oc = channels_ * dm_;
    const int lo = uint8_ ? 0 : -128, hi = uint8_ ? 255 : 127;
    p.input_zero_point = z_in_ != kUnset ? z_in_ : static_cast<int32_t>(rng.Int(lo, hi));
    p.filter_zero_point = uint8_ ? (z_w_ != kUnset ? z_w_ : static_cast<int32_t>(rng.Int(0, 255))) : 0;
    p.output_zero_point = z_out_ != kUnset ? z_out_ : static_cast<int32_t>(rng.Int(lo, hi));
    p.act_min = clamp_set_ ? act_min_ : lo;
    p.act_max = clamp_set_ ? act_max_ : hi;
    std::vector<int32_t> mult(oc), shift(oc), bias(oc);
    const int32_t shared_mult = static_cast<int32_t>(rng.Int(int64_t{1} << 30, (int64_t{1} << 31) - 1));
    const int32_t shared_shift = static_cast<int32_t>(rng.Int(-12, -6));
    for (int c = 0; c < oc; ++c) {
      // uint8 models are per-tensor: one multiplier; int8 per channel, with some left shifts.
      mult[c] = uint8_ ? shared_mult : static_cast<int32_t>(rng.Int(int64_t{1} << 30, (int64_t{1} << 31) - 1));
      shift[c] = uint8_      ? shared_shift
                 : shift_set_ ? static_cast<int32_t>(rng.Int(shift_lo_, shift_hi_))
                              : static_cast<int32_t>(rng.Int(-14, c % 11 == 0 ? 1 : -5));
      bias[c] = static_cast<int32_t>(rng.Int(bias_lo_, bias_hi_));
      if (ties_) mult[c] = int32_t{1} << 30, shift[c] = uint8_ ? -2 : static_cast<int32_t>(rng.Int(-3, 1));
    }
    p.multiplier = mult.data();
    p.shift = shift.data();
    const size_t in_bytes = static_cast<size_t>(batch_) * in_h_ * in_w_ * channels_;
    const size_t out_bytes = static_cast<size_t>(batch_) * p.output_h * p.output_w * oc;
    const size_t w_bytes = static_cast<size_t>(kh_) * kw_ * oc;
    auto draw = [&](size_t n, bool weights) {
      std::vector<uint8_t> v(n);
      for (auto& b : v) {
        int64_t x;
        if (extremes_) {
          x = rng.Int(0, 1) ? lo : hi;
        } else if (weights && !uint8_) {
          x = rng.Int(-127, 127);
        } else {
          x = rng.Int(lo, hi);
        }
        b = static_cast<uint8_t>(x);
      }
      return v;
    };
    // Exact-size heap copies so AddressSanitizer catches any read or write past the tensors.
    const std::vector<uint8_t> input_v = draw(in_bytes, false), filter_v = draw(w_bytes, true);
    std::unique_ptr<uint8_t[]> input(new uint8_t[in_bytes]);
    std::memcpy(input.get(), input_v.data(), in_bytes);
    std::unique_ptr<uint8_t[]> output(new uint8_t[out_bytes]);
    std::memset(output.get(), 0x5A, out_bytes);
    std::vector<uint8_t> expected(out_bytes);
    const int32_t* bias_ptr = no_bias_ ? nullptr : bias.data();
    if (uint8_) {
      reference::DepthwiseConv2D(p, input.get(), filter_v.data(), bias_ptr, expected.data());
    } else {
      reference::DepthwiseConv2D(p, reinterpret_cast<const int8_t*>(input.get()),
                                 reinterpret_cast<const int8_t*>(filter_v.data()), bias_ptr,
                                 reinterpret_cast<int8_t*>(expected.data()));
    }
    const IsaSet usable = IsasUpTo(isa) & DetectedIsas() & BuiltIsas();
    auto op = PreparedDepthwiseConv2D::Create(p, filter_v.data(), bias_ptr, uint8_, usable, only_kernel_);
    if (!op) {
      ADD_FAILURE() << "Create declined " << Describe(p);
      return "";
    }
    EXPECT_EQ(op->isa(), isa) << op->kernel_name();
    // Scratch from the heap, exact size, aligned.
    void* scratch = op->scratch_size() ? std::aligned_alloc(64, (op->scratch_size() + 63) / 64 * 64) : nullptr;
    op->Run(input.get(), output.get(), scratch);
    std::free(scratch);
    for (size_t i = 0; i < out_bytes; ++i) {
      if (output[i] != expected[i]) {
        const size_t c = i % oc, pix = i / oc;
        ADD_FAILURE() << op->kernel_name() << " " << Describe(p) << ": output " << i << " (pixel " << pix
                      << ", channel " << c << ") = " << Value(output[i]) << ", expected " << Value(expected[i])
                      << " (multiplier " << mult[c] << ", shift " << shift[c] << ")";
        break;
      }
    }
    return op->kernel_name();
  }

 private:
  static constexpr int kUnset = 1 << 20;
  int Value(uint8_t b) const { return uint8_ ? b : static_cast<int8_t>(b); }
  std::string Describe(const reference::DepthwiseConvParams& p) const {
    return std::string(uint8_ ? "uint8" : "int8") + " in " + std::to_string(batch_) + "x" + std::to_string(in_h_) +
           "x" + std::to_string(in_w_) + "x" + std::to_string(channels_) + " k " + std::to_string(kh_) + "x" +
           std::to_string(kw_) + " s " + std::to_string(sh_) + "x" + std::to_string(sw_) + " d " + std::to_string(dh_) +
           "x" + std::to_string(dw_) + " dm " + std::to_string(dm_) + (same_ ? " SAME" : " VALID") + " pad " +
           std::to_string(p.pad_top) + "," + std::to_string(p.pad_left) + " z_in " +
           std::to_string(p.input_zero_point) + " z_w " + std::to_string(p.filter_zero_point) + " z_out " +
           std::to_string(p.output_zero_point) + " clamp [" + std::to_string(p.act_min) + "," +
           std::to_string(p.act_max) + "] seed " + std::to_string(seed_);
  }

  int batch_ = 1, in_h_ = 7, in_w_ = 7, channels_ = 16;
  int kh_ = 3, kw_ = 3, sh_ = 1, sw_ = 1, dh_ = 1, dw_ = 1, dm_ = 1;
  bool same_ = true, uint8_ = false, extremes_ = false, no_bias_ = false, clamp_set_ = false;
  int z_in_ = kUnset, z_w_ = kUnset, z_out_ = kUnset;
  int act_min_ = 0, act_max_ = 0;
  uint64_t seed_ = 1;
  int64_t bias_lo_ = -40000, bias_hi_ = 40000;
  int shift_lo_ = 0, shift_hi_ = 0;
  bool shift_set_ = false;
  const char* only_kernel_ = nullptr;
  bool ties_ = false;
};

}  // namespace octet::testing

#endif  // OCTET_TESTS_KERNELS_DWCONV_DWCONV_TESTER_H_
