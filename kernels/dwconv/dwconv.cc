// PreparedDepthwiseConv2D: kernel choice, weight packing and the tile driver (portable C++).
#include "kernels/dwconv/dwconv.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "kernels/common/prefault.h"
#include "kernels/dispatch/coverage.h"
#include "kernels/dwconv/ukernels.h"

namespace octet {
namespace kernels::dwconv {

const std::vector<KernelInfo>& KernelList() {
  static const std::vector<KernelInfo> list = [] {
    std::vector<KernelInfo> l;
#define OCTET_DWCONV_ADD(isa, symbol, name, cb, taps, u8, format) \
  l.push_back({Isa::isa, name, cb, taps, u8, &octet_##symbol, format});
#define OCTET_DWCONV_KERNEL(isa, ISA, symbol, name, cb, taps, u8, format) \
  OCTET_DWCONV_KERNEL_##ISA(isa, symbol, name, cb, taps, u8, format)
#define OCTET_DWCONV_KERNEL_SCALAR OCTET_DWCONV_ADD
#ifdef OCTET_DWCONV_SSE41
#define OCTET_DWCONV_KERNEL_SSE41 OCTET_DWCONV_ADD
#else
#define OCTET_DWCONV_KERNEL_SSE41(...)
#endif
#ifdef OCTET_DWCONV_AVX2
#define OCTET_DWCONV_KERNEL_AVX2 OCTET_DWCONV_ADD
#else
#define OCTET_DWCONV_KERNEL_AVX2(...)
#endif
#ifdef OCTET_DWCONV_AVX512VNNI
#define OCTET_DWCONV_KERNEL_AVX512VNNI OCTET_DWCONV_ADD
#else
#define OCTET_DWCONV_KERNEL_AVX512VNNI(...)
#endif
#ifdef OCTET_DWCONV_NEON
#define OCTET_DWCONV_KERNEL_NEON OCTET_DWCONV_ADD
#else
#define OCTET_DWCONV_KERNEL_NEON(...)
#endif
#ifdef OCTET_DWCONV_NEONDOT
#define OCTET_DWCONV_KERNEL_NEONDOT OCTET_DWCONV_ADD
#else
#define OCTET_DWCONV_KERNEL_NEONDOT(...)
#endif
#include "kernels/dwconv/dwconv.inc"
#undef OCTET_DWCONV_KERNEL
#undef OCTET_DWCONV_KERNEL_SCALAR
#undef OCTET_DWCONV_KERNEL_SSE41
#undef OCTET_DWCONV_KERNEL_AVX2
#undef OCTET_DWCONV_KERNEL_AVX512VNNI
#undef OCTET_DWCONV_KERNEL_NEON
#undef OCTET_DWCONV_KERNEL_NEONDOT
#undef OCTET_DWCONV_ADD
    return l;
  }();
  return list;
}

const std::vector<RowKernelInfo>& RowKernelList() {
  static const std::vector<RowKernelInfo> list = [] {
    std::vector<RowKernelInfo> l;
#define OCTET_DWCONV_ROW_ADD(isa, symbol, name, stride, pixels, u8) \
  l.push_back({Isa::isa, name, stride, pixels, u8, &octet_##symbol});
#define OCTET_DWCONV_ROW_KERNEL(isa, ISA, symbol, name, stride, pixels, u8) \
  OCTET_DWCONV_ROW_KERNEL_##ISA(isa, symbol, name, stride, pixels, u8)
#ifdef OCTET_DWCONV_AVX512VNNI
#define OCTET_DWCONV_ROW_KERNEL_AVX512VNNI OCTET_DWCONV_ROW_ADD
#else
#define OCTET_DWCONV_ROW_KERNEL_AVX512VNNI(...)
#endif
#include "kernels/dwconv/dwconv_rows.inc"
#undef OCTET_DWCONV_ROW_KERNEL
#undef OCTET_DWCONV_ROW_KERNEL_AVX512VNNI
#undef OCTET_DWCONV_ROW_ADD
    return l;
  }();
  return list;
}

}  // namespace kernels::dwconv

namespace {

size_t Align64(size_t n) { return (n + 63) / 64 * 64; }
constexpr size_t kEvenOddRequantBytes = 576;       // 9 vectors of 64 bytes (requantize_evenodd_avx512.h)
constexpr size_t kArmRequantBytesPerChannel = 12;  // int32 M, ls, -rs (dwconv-neon-common.h)

// The even/odd requantization table of 16 lanes starting at `first` (requantize_evenodd_avx512.h):
// M[16] (int32), M_odd[8], R_even[8], R_odd[8], C_even[8], C_odd[8], S_even[8], S_odd[8] (int64),
// left multiplier[16] (int32).
void WriteEvenOddRequant(const RequantView& v, size_t first, uint8_t* rq) {
  int32_t m32[16], l32[16];
  int64_t t64[56];
  for (int i = 0; i < 16; ++i) {
    const size_t idx = first + i;
    const int odd = i % 2, k = i / 2;
    m32[i] = v.multiplier[idx];
    l32[i] = v.left_multiplier[idx];
    if (odd) t64[k] = v.multiplier[idx];
    t64[8 * (1 + odd) + k] = v.rounding[idx];
    t64[8 * (3 + odd) + k] = v.correction[idx];
    t64[8 * (5 + odd) + k] = v.right_shift[idx];
  }
  std::memcpy(rq, m32, 64);
  std::memcpy(rq + 64, t64, 448);
  std::memcpy(rq + 512, l32, 64);
}

}  // namespace

std::unique_ptr<PreparedDepthwiseConv2D> PreparedDepthwiseConv2D::Create(const reference::DepthwiseConvParams& p,
                                                                         const void* filter, const int32_t* bias,
                                                                         bool is_uint8, IsaSet usable,
                                                                         const char* only_kernel) {
  using kernels::dwconv::KernelInfo;
  if (p.batch < 1 || p.input_h < 1 || p.input_w < 1 || p.input_c < 1 || p.output_h < 1 || p.output_w < 1 ||
      p.depth_multiplier < 1 || p.filter_h < 1 || p.filter_w < 1 || p.stride_h < 1 || p.stride_w < 1 ||
      p.dilation_h < 1 || p.dilation_w < 1 || filter == nullptr || p.multiplier == nullptr || p.shift == nullptr) {
    return nullptr;
  }
  const size_t channels = static_cast<size_t>(p.input_c) * p.depth_multiplier;
  const size_t num_taps = static_cast<size_t>(p.filter_h) * p.filter_w;
  for (size_t c = 0; c < channels; ++c) {
    if (p.shift[c] < -31 || p.shift[c] > 30) return nullptr;  // outside the one-step form's range
  }
  if (p.act_min > p.act_max) return nullptr;

  // A filter naming a row kernel selects that row kernel; the per-pixel (border) kernel is then the
  // default choice.
  const char* pixel_filter = only_kernel;
  if (only_kernel != nullptr) {
    for (const auto& r : kernels::dwconv::RowKernelList()) {
      if (std::strstr(r.name, only_kernel) != nullptr) pixel_filter = nullptr;
    }
  }
  // Best ISA first; within an ISA a kernel specialised for this tap count beats the generic one.
  const KernelInfo* chosen = nullptr;
  for (const KernelInfo& k : kernels::dwconv::KernelList()) {
    if (k.is_uint8 != is_uint8 || !Has(usable | IsaBit(Isa::kScalar), k.isa)) continue;
    if (k.taps != 0 && static_cast<size_t>(k.taps) != num_taps) continue;
    if (pixel_filter != nullptr && std::strstr(k.name, pixel_filter) == nullptr) continue;
    // 64-channel blocks would be at least half empty: the 32-channel kernel of the ISA is faster.
    if (pixel_filter == nullptr && k.format == 1 && channels <= 32) continue;
    // qu8 on SDOT needs a second UDOT (sum x) per tap quad: llvm-mca (benchmarks/arm/dwconv_mca.py)
    // puts it below the SMLAL kernel on Cortex-A55, so it is reachable only by name (tests, benchmarks).
    if (pixel_filter == nullptr && k.format == 3 && is_uint8) continue;
    // Later list entries of the same ISA are preferred (the list orders them by speed), but a
    // kernel specialised for the tap count is never replaced by a generic one.
    if (chosen == nullptr || static_cast<int>(k.isa) > static_cast<int>(chosen->isa) ||
        (k.isa == chosen->isa && (k.taps != 0 || chosen->taps == 0))) {
      chosen = &k;
    }
  }
  if (chosen == nullptr) return nullptr;

  std::unique_ptr<PreparedDepthwiseConv2D> op(new PreparedDepthwiseConv2D());
  op->p_ = p;
  op->p_.multiplier = nullptr;
  op->p_.shift = nullptr;
  op->kernel_ = *chosen;
  op->channels_ = channels;
  op->num_taps_ = num_taps;
  op->zero_vector_.assign(Align64(channels) + 64, static_cast<uint8_t>(p.input_zero_point));
  size_t scratch = Align64(num_taps * sizeof(void*)) + Align64(num_taps * kernels::dwconv::kStagingBytesPerTap);
  if (p.depth_multiplier > 1) scratch += Align64(num_taps * channels);
  op->scratch_size_ = scratch;
  // A row kernel computes every output row, borders included: the per-pixel kernel's weights and
  // requantization table would never be read, so they are not packed (load time and memory).
  if (op->PrepareRows(p, filter, bias, is_uint8, usable, only_kernel)) return op;

  // Packed layouts (positions within a block in accumulator order, AccumulatorChannel):
  //  format 0, per block of CB channels: int32 bias'[CB], then for each tap pair q:
  //    int16 {w'[2q][ch], w'[2q+1][ch]} per position. bias' = bias - z_in * sum_t w'.
  //  format 1 (vpdpbusd, CB = 64): a 64-byte header (the uint8 filter zero point, broadcast), then
  //    per block: int32 bias'[64]; per tap quad g: 4 bytes {w[4g..4g+3][ch]} per position; then the
  //    requantization of the block (FastRequantBytes, see below).
  //    int8:  u8 x s8 = (x + 128) * w             bias' = bias - (z_in + 128) * sum_t w
  //    uint8: u8 x s8 = w * (x - 128), minus z_w * (x - 128)
  //                                                bias' = bias + (128 - z_in) * sum_t (w - z_w)
  //  format 2 (NEON SMLAL, natural order): int32 bias'[CB], int16 w'[t][CB] per tap, then the
  //    requantization int32 M[CB], ls[CB], -rs[CB] (kNeonRequantBytes). bias' as format 0.
  //  format 3 (NEON SDOT/UDOT, natural order): a 64-byte header (int32 filter zero point), then per
  //    block int32 bias'[CB]; per tap quad g: 4 raw weight bytes {w[4g..4g+3][ch]} per channel; then
  //    the requantization as format 2. bias' as format 0 (qu8 kernels subtract z_w * sum x).
  //  Missing taps and channels past the end have weight 0.
  const int cb = chosen->channel_block;
  const int format = chosen->format;
  const size_t blocks = (channels + cb - 1) / cb;
  const size_t pairs = (num_taps + 1) / 2, quads = (num_taps + 3) / 4;
  const size_t header = format == 1 || format == 3 ? 64 : 0;
  // Format 1 appends the block's requantization (kEvenOddRequantBytes per 16 lanes), formats 2 and 3
  // kArmRequantBytes.
  const size_t accumulators16 = format == 1 ? static_cast<size_t>(cb) / 16 : 0;
  const size_t weights_bytes = format == 1   ? 256 + 256 * quads
                               : format == 2 ? 4 * static_cast<size_t>(cb) + 2 * static_cast<size_t>(cb) * num_taps
                               : format == 3 ? 4 * static_cast<size_t>(cb) * (1 + quads)
                                             : 4 * static_cast<size_t>(cb) * (1 + pairs);
  const size_t block_bytes =
      weights_bytes + accumulators16 * kEvenOddRequantBytes + (format >= 2 ? kArmRequantBytesPerChannel * cb : 0);
  op->packed_.assign(header + blocks * block_bytes + 64, 0);
  const size_t misalign = reinterpret_cast<uintptr_t>(op->packed_.data()) % 64;
  op->packed_offset_ = misalign == 0 ? 0 : 64 - misalign;
  int8_t* packed = op->packed_.data() + op->packed_offset_;
  if (format == 1 && is_uint8) std::memset(packed, p.filter_zero_point, 64);
  const int32_t filter_offset = is_uint8 ? p.filter_zero_point : 0;
  if (format == 3) std::memcpy(packed, &filter_offset, 4);
  auto raw_weight = [&](size_t t, size_t oc) -> int32_t {
    return is_uint8 ? static_cast<const uint8_t*>(filter)[t * channels + oc]
                    : static_cast<const int8_t*>(filter)[t * channels + oc];
  };
  std::vector<int32_t> mult(blocks * cb, 0), shift(blocks * cb, 0);
  for (size_t b = 0; b < blocks; ++b) {
    int8_t* block = packed + header + b * block_bytes;
    for (int pos = 0; pos < cb; ++pos) {
      const size_t oc = b * cb + kernels::dwconv::AccumulatorChannel(cb, pos, format);
      if (oc >= channels) continue;
      uint32_t sum = 0;  // sum_t w' (mod 2^32)
      for (size_t t = 0; t < num_taps; ++t) {
        const int32_t w = raw_weight(t, oc) - filter_offset;
        sum += static_cast<uint32_t>(w);
        if (format == 1) {
          block[256 + (t / 4) * 256 + pos * 4 + t % 4] = static_cast<int8_t>(raw_weight(t, oc));
        } else if (format == 2) {
          const int16_t w16 = static_cast<int16_t>(w);
          std::memcpy(block + 4 * cb + (t * cb + pos) * 2, &w16, 2);
        } else if (format == 3) {
          block[4 * cb + (t / 4) * 4 * cb + pos * 4 + t % 4] = static_cast<int8_t>(raw_weight(t, oc));
        } else {
          const int16_t w16 = static_cast<int16_t>(w);
          std::memcpy(block + 4 * cb + (t / 2) * 4 * cb + pos * 4 + (t % 2) * 2, &w16, 2);
        }
      }
      uint32_t folded = bias != nullptr ? static_cast<uint32_t>(bias[oc]) : 0;
      if (format == 1 && !is_uint8) {
        folded -= static_cast<uint32_t>(p.input_zero_point + 128) * sum;
      } else if (format == 1) {
        folded += static_cast<uint32_t>(128 - p.input_zero_point) * sum;
      } else {
        folded -= static_cast<uint32_t>(p.input_zero_point) * sum;
      }
      const int32_t folded32 = static_cast<int32_t>(folded);
      std::memcpy(block + pos * 4, &folded32, 4);
      mult[b * cb + pos] = p.multiplier[oc];
      shift[b * cb + pos] = p.shift[oc];
    }
  }
  op->requant_ = RequantTable(mult.data(), shift.data(), mult.size(), p.output_zero_point, p.act_min, p.act_max);
  op->requant_view_ = op->requant_.view();
  if (format >= 2) {
    // Arm formats: int32 M[CB], ls[CB], -rs[CB] after each block's weights (two-step form, exact in
    // 32-bit lanes; see dwconv-neon-common.h).
    for (size_t b = 0; b < blocks; ++b) {
      auto* rq = reinterpret_cast<int32_t*>(packed + header + b * block_bytes + weights_bytes);
      for (int pos = 0; pos < cb; ++pos) {
        const int32_t sh = shift[b * cb + pos];
        rq[pos] = mult[b * cb + pos];
        rq[cb + pos] = sh > 0 ? sh : 0;
        rq[2 * cb + pos] = sh > 0 ? 0 : sh;
      }
    }
  }
  if (format == 1) {
    // Per 16-lane accumulator: the one-step requant parameters of RequantTable rearranged for
    // even/odd 64-bit lanes (vpmuldq works on even dwords): M[16] (int32), M_odd[8], R_even[8],
    // R_odd[8], C_even[8], C_odd[8], S_even[8], S_odd[8] (int64), left multiplier[16] (int32).
    const RequantView& v = op->requant_view_;
    for (size_t b = 0; b < blocks; ++b) {
      int8_t* rq = packed + header + b * block_bytes + weights_bytes;
      for (size_t j = 0; j < accumulators16; ++j, rq += kEvenOddRequantBytes) {
        WriteEvenOddRequant(v, b * cb + j * 16, reinterpret_cast<uint8_t*>(rq));
      }
    }
  }
  return op;
}

bool PreparedDepthwiseConv2D::PrepareRows(const reference::DepthwiseConvParams& p, const void* filter,
                                          const int32_t* bias, bool is_uint8, IsaSet usable, const char* only_kernel) {
  using kernels::dwconv::RowKernelInfo;
  if (p.depth_multiplier != 1 || p.filter_h != 3 || p.filter_w != 3 || p.dilation_h != 1 || p.dilation_w != 1 ||
      p.stride_h != p.stride_w) {
    return false;
  }
  const size_t channels = channels_;
  const RowKernelInfo* chosen = nullptr;
  for (const RowKernelInfo& k : kernels::dwconv::RowKernelList()) {
    if (k.is_uint8 != is_uint8 || !Has(usable, k.isa) || k.stride != p.stride_h) continue;
    if (k.pixels_per_block > 1 && (channels * k.pixels_per_block != 64 || p.pad_left > 1)) continue;
    if (only_kernel != nullptr && std::strstr(k.name, only_kernel) == nullptr) continue;
    if (chosen == nullptr || k.pixels_per_block > chosen->pixels_per_block) chosen = &k;
  }
  if (chosen == nullptr) return false;
  // The row kernels' requantization (row_ukernels.h) needs |acc| * 2^ls < 2^30 - 1 and
  // |acc| + 1 + h + |z_out| * 2^rs < 2^31, where |acc| <= |bias| + 9 * 255 * 255.
  bool left_shift = false;
  for (size_t c = 0; c < channels; ++c) {
    const int64_t bound = (bias != nullptr ? std::abs(static_cast<int64_t>(bias[c])) : 0) + 9 * 255 * 255;
    const int ls = p.shift[c] > 0 ? p.shift[c] : 0, rs = p.shift[c] > 0 ? 0 : -p.shift[c];
    if ((bound << ls) >= (int64_t{1} << 30) - 1) return false;
    const int64_t h = rs > 0 ? int64_t{1} << (rs - 1) : 0;
    if (bound + 1 + h + (std::abs(static_cast<int64_t>(p.output_zero_point)) << rs) >= (int64_t{1} << 31) - 1) {
      return false;
    }
    left_shift = left_shift || ls > 0;
  }

  // Lane l of block b holds channel 64 b + l, or l % channels when pixels are packed.
  const bool packed_pixels = chosen->pixels_per_block > 1;
  const size_t blocks = packed_pixels ? 1 : (channels + 63) / 64;
  const size_t lanes = blocks * 64;
  const size_t tail = channels % 64;
  const int tail_pixels = packed_pixels || tail == 0 || tail > 32 ? 1 : tail <= 16 ? 4 : 2;
  const size_t row_packed_bytes = 64 + blocks * kernels::dwconv::kRowBlockBytes + 64;
  row_packed_.reserve(row_packed_bytes);
  PrefaultForWrite(row_packed_.data(), row_packed_bytes);
  row_packed_.assign(row_packed_bytes, 0);
  const size_t misalign = reinterpret_cast<uintptr_t>(row_packed_.data()) % 64;
  row_packed_offset_ = misalign == 0 ? 0 : 64 - misalign;
  uint8_t* packed = row_packed_.data() + row_packed_offset_;
  if (is_uint8) {
    for (int i = 0; i < 64; ++i) packed[i] = i % 4 == 3 ? 0 : static_cast<uint8_t>(p.filter_zero_point);
  }
  const int32_t filter_offset = is_uint8 ? p.filter_zero_point : 0;
  std::vector<int32_t> mult(lanes, 0), shift(lanes, 0), bias_folded(lanes, 0);  // in accumulator (position) order
  for (size_t b = 0; b < blocks; ++b) {
    uint8_t* block = packed + 64 + b * kernels::dwconv::kRowBlockBytes;
    for (int pos = 0; pos < 64; ++pos) {
      const size_t lane = static_cast<size_t>(kernels::dwconv::AccumulatorChannel(64, pos, 1));
      const bool gathered = tail_pixels > 1 && b + 1 == blocks;
      const size_t piece = 64 / static_cast<size_t>(tail_pixels);
      if (gathered && lane % piece >= tail) continue;
      const size_t oc = packed_pixels ? lane % channels : b * 64 + (gathered ? lane % piece : lane);
      if (oc >= channels) continue;
      uint32_t sum = 0;
      for (int t = 0; t < 9; ++t) {
        const uint8_t raw = static_cast<const uint8_t*>(filter)[t * channels + oc];
        const int32_t w = is_uint8 ? raw : static_cast<int8_t>(raw);
        sum += static_cast<uint32_t>(w - filter_offset);
        block[256 + (t % 3) * 256 + pos * 4 + t / 3] = raw;  // column kx = t % 3, row ky = t / 3
      }
      uint32_t folded = bias != nullptr ? static_cast<uint32_t>(bias[oc]) : 0;
      if (is_uint8) {
        folded += static_cast<uint32_t>(128 - p.input_zero_point) * sum;
      } else {
        folded -= static_cast<uint32_t>(p.input_zero_point + 128) * sum;
      }
      bias_folded[b * 64 + pos] = static_cast<int32_t>(folded);
      if (!left_shift) folded += uint32_t{1} << 30;  // the unsigned-product offset (row_ukernels.h)
      const int32_t folded32 = static_cast<int32_t>(folded);
      std::memcpy(block + pos * 4, &folded32, 4);
      mult[b * 64 + pos] = p.multiplier[oc];
      shift[b * 64 + pos] = p.shift[oc];
    }
  }
  const int64_t z_out = p.output_zero_point;
  const bool sign_fix = p.act_min < p.output_zero_point;  // else negative results all clamp to act_min
  const bool bias_in_r = kernels::dwconv::RowBiasInRounding(left_shift, sign_fix);
  for (size_t b = 0; b < blocks; ++b) {
    uint8_t* rq = packed + 64 + b * kernels::dwconv::kRowBlockBytes + kernels::dwconv::kRowBlockWeightBytes;
    for (size_t j = 0; j < 4; ++j, rq += kernels::dwconv::kRowRequantBytes) {
      int32_t m32[16], sign_shift[16], rs32[16], lm[16];
      int64_t t64[24];
      for (int i = 0; i < 16; ++i) {
        const size_t idx = b * 64 + j * 16 + i;
        const int ls = shift[idx] > 0 ? shift[idx] : 0, rs = shift[idx] > 0 ? 0 : -shift[idx];
        const int64_t h = rs > 0 ? int64_t{1} << (rs - 1) : 0;
        const int odd = i % 2, k = i / 2;
        // Signed form (any left shift in the op): M; unsigned form: 2M as uint32, and R takes back
        // the 2^30 offset's 2^31 * M. With the bias in R (accumulators starting at 2^30): + 2M *
        // bias (mod 2^64; the true sum fits).
        const uint32_t m = left_shift ? static_cast<uint32_t>(mult[idx]) : 2 * static_cast<uint32_t>(mult[idx]);
        const uint64_t bias_term =
            bias_in_r ? uint64_t{m} * static_cast<uint64_t>(static_cast<int64_t>(bias_folded[idx])) : 0;
        // Without left shifts the sign term is [acc >= 0] - 1: the -1 goes into R when rs >= 1.
        const int64_t minus = sign_fix && !left_shift && rs > 0 ? 1 : 0;
        const int64_t offset = (h + z_out * (int64_t{1} << rs) - minus) * (int64_t{1} << 32);
        m32[i] = static_cast<int32_t>(m);
        if (odd) t64[k] = static_cast<int64_t>(m);
        t64[8 * (1 + odd) + k] =
            static_cast<int64_t>(static_cast<uint64_t>((int64_t{1} << 31) + offset) -
                                 (left_shift ? 0 : static_cast<uint64_t>(mult[idx]) << 31) + bias_term);
        sign_shift[i] = rs == 0 ? 32 : left_shift ? 31 : 30;
        rs32[i] = rs;
        lm[i] = static_cast<int32_t>(uint32_t{2} << ls);  // ls <= 10 here (bound above)
      }
      std::memcpy(rq, m32, 64);
      std::memcpy(rq + 64, t64, 192);
      std::memcpy(rq + 256, sign_shift, 64);
      std::memcpy(rq + 320, rs32, 64);
      std::memcpy(rq + 384, lm, 64);
    }
  }
  row_params_.has_left_shift = left_shift;
  row_params_.sign_fix = sign_fix;
  row_params_.output_zero_point = p.output_zero_point;
  row_params_.output_min = p.act_min;
  row_params_.output_max = p.act_max;
  zero_row_.assign(static_cast<size_t>(p.input_w) * channels + 64, static_cast<uint8_t>(p.input_zero_point));
  row_params_.zero = zero_vector_.data();  // at least 64 bytes
  row_params_.first_column = -static_cast<ptrdiff_t>(p.pad_left);
  row_params_.input_w = static_cast<size_t>(p.input_w);
  row_params_.tail_pixels = tail_pixels;
  row_kernel_ = chosen;
  return true;
}

void PreparedDepthwiseConv2D::RunTiles(const void* input, void* output, void* scratch, size_t tile_begin,
                                       size_t tile_end) const {
  RecordIsaUse(kernel_.isa);
  const auto* in = static_cast<const uint8_t*>(input);
  auto* out = static_cast<uint8_t*>(output);
  auto* s = static_cast<uint8_t*>(scratch);
  const uint8_t** taps = reinterpret_cast<const uint8_t**>(s);
  uint8_t* staging = s + Align64(num_taps_ * sizeof(void*));
  uint8_t* expanded = staging + Align64(num_taps_ * kernels::dwconv::kStagingBytesPerTap);
  const size_t in_c = static_cast<size_t>(p_.input_c);
  const size_t dm = static_cast<size_t>(p_.depth_multiplier);
  const size_t row_stride = static_cast<size_t>(p_.input_w) * in_c;
  const uint8_t* zero = zero_vector_.data();
  const void* packed = row_kernel_ != nullptr ? nullptr : packed_.data() + packed_offset_;  // rows: unused
  for (size_t tile = tile_begin; tile < tile_end; ++tile) {
    const size_t b = tile / p_.output_h;
    const int oy = static_cast<int>(tile % p_.output_h);
    const uint8_t* in_batch = in + b * p_.input_h * row_stride;
    uint8_t* out_row = out + tile * p_.output_w * channels_;
    if (row_kernel_ != nullptr) {
      RunRow(in_batch, oy, out_row);
      continue;
    }
    // Columns whose taps are all inside the input horizontally: after the first of them, each
    // in-bounds tap pointer just advances by stride_w pixels.
    const int ox_lo = (p_.pad_left + p_.stride_w - 1) / p_.stride_w;
    const int last = p_.input_w - 1 - (p_.filter_w - 1) * p_.dilation_w + p_.pad_left;
    const int ox_hi = last < 0 ? 0 : last / p_.stride_w + 1;  // exclusive
    const size_t step = static_cast<size_t>(p_.stride_w) * in_c;
    for (int ox = 0; ox < p_.output_w; ++ox) {
      if (dm == 1 && ox > ox_lo && ox < ox_hi) {
        for (size_t t = 0; t < num_taps_; ++t) {
          if (taps[t] != zero) taps[t] += step;
        }
        kernel_.fn(channels_, num_taps_, taps, packed, out_row + ox * channels_, requant_view_, staging);
        continue;
      }
      size_t t = 0;
      for (int ky = 0; ky < p_.filter_h; ++ky) {
        const int iy = oy * p_.stride_h - p_.pad_top + ky * p_.dilation_h;
        const bool row_in = iy >= 0 && iy < p_.input_h;
        const uint8_t* row = in_batch + (row_in ? iy : 0) * row_stride;
        for (int kx = 0; kx < p_.filter_w; ++kx, ++t) {
          const int ix = ox * p_.stride_w - p_.pad_left + kx * p_.dilation_w;
          if (!row_in || ix < 0 || ix >= p_.input_w) {
            taps[t] = zero;
          } else if (dm == 1) {
            taps[t] = row + ix * in_c;
          } else {
            const uint8_t* src = row + ix * in_c;
            uint8_t* dst = expanded + t * channels_;
            for (size_t ic = 0; ic < in_c; ++ic) {
              std::memset(dst + ic * dm, src[ic], dm);
            }
            taps[t] = dst;
          }
        }
      }
      kernel_.fn(channels_, num_taps_, taps, packed, out_row + ox * channels_, requant_view_, staging);
    }
  }
}

// One output row on the row kernel (borders included); rows outside the input read zero_row_.
void PreparedDepthwiseConv2D::RunRow(const uint8_t* in_batch, int oy, uint8_t* out_row) const {
  const size_t row_stride = static_cast<size_t>(p_.input_w) * channels_;
  const uint8_t* r[3];
  for (int ky = 0; ky < 3; ++ky) {
    const int iy = oy * p_.stride_h - p_.pad_top + ky;
    r[ky] = iy >= 0 && iy < p_.input_h ? in_batch + iy * row_stride : zero_row_.data();
  }
  row_kernel_->fn(channels_, static_cast<size_t>(p_.output_w), r[0], r[1], r[2],
                  row_packed_.data() + row_packed_offset_, out_row, row_params_);
}

}  // namespace octet
