// PreparedDepthwiseConv2D: kernel choice, weight packing and the tile driver (portable C++).
#include "kernels/dwconv/dwconv.h"

#include <algorithm>
#include <cstring>

#include "kernels/dispatch/coverage.h"
#include "kernels/dwconv/ukernels.h"

namespace octet {
namespace kernels::dwconv {

const std::vector<KernelInfo>& KernelList() {
  static const std::vector<KernelInfo> list = [] {
    std::vector<KernelInfo> l;
#define OCTET_DWCONV_ADD(isa, symbol, name, cb, taps, u8) l.push_back({Isa::isa, name, cb, taps, u8, &octet_##symbol});
#define OCTET_DWCONV_KERNEL(isa, ISA, symbol, name, cb, taps, u8) \
  OCTET_DWCONV_KERNEL_##ISA(isa, symbol, name, cb, taps, u8)
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
#include "kernels/dwconv/dwconv.inc"
#undef OCTET_DWCONV_KERNEL
#undef OCTET_DWCONV_KERNEL_SCALAR
#undef OCTET_DWCONV_KERNEL_SSE41
#undef OCTET_DWCONV_KERNEL_AVX2
#undef OCTET_DWCONV_KERNEL_AVX512VNNI
#undef OCTET_DWCONV_ADD
    return l;
  }();
  return list;
}

}  // namespace kernels::dwconv

namespace {

size_t Align64(size_t n) { return (n + 63) / 64 * 64; }

}  // namespace

std::unique_ptr<PreparedDepthwiseConv2D> PreparedDepthwiseConv2D::Create(const reference::DepthwiseConvParams& p,
                                                                         const void* filter, const int32_t* bias,
                                                                         bool is_uint8, IsaSet usable) {
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

  // Best ISA first; within an ISA a kernel specialised for this tap count beats the generic one.
  const KernelInfo* chosen = nullptr;
  for (const KernelInfo& k : kernels::dwconv::KernelList()) {
    if (k.is_uint8 != is_uint8 || !Has(usable | IsaBit(Isa::kScalar), k.isa)) continue;
    if (k.taps != 0 && static_cast<size_t>(k.taps) != num_taps) continue;
    if (chosen == nullptr || static_cast<int>(k.isa) > static_cast<int>(chosen->isa) ||
        (k.isa == chosen->isa && k.taps != 0)) {
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

  // Packed layout, per block of CB channels (positions in accumulator order, AccumulatorChannel):
  //   int32 bias'[CB], then for each tap pair q: int16 {w'[2q][ch], w'[2q+1][ch]} for each position
  //   (a missing odd last tap and channels past the end have weight 0).
  const int cb = chosen->channel_block;
  const size_t blocks = (channels + cb - 1) / cb;
  const size_t pairs = (num_taps + 1) / 2;
  const size_t block_bytes = 4 * static_cast<size_t>(cb) * (1 + pairs);
  op->packed_.assign(blocks * block_bytes + 64, 0);
  const size_t misalign = reinterpret_cast<uintptr_t>(op->packed_.data()) % 64;
  op->packed_offset_ = misalign == 0 ? 0 : 64 - misalign;
  int8_t* packed = op->packed_.data() + op->packed_offset_;
  const int32_t filter_offset = is_uint8 ? p.filter_zero_point : 0;
  auto weight = [&](size_t t, size_t oc) -> int32_t {
    const int32_t w = is_uint8 ? static_cast<const uint8_t*>(filter)[t * channels + oc]
                               : static_cast<const int8_t*>(filter)[t * channels + oc];
    return w - filter_offset;
  };
  std::vector<int32_t> mult(blocks * cb, 0), shift(blocks * cb, 0);
  for (size_t b = 0; b < blocks; ++b) {
    int8_t* block = packed + b * block_bytes;
    for (int pos = 0; pos < cb; ++pos) {
      const size_t oc = b * cb + kernels::dwconv::AccumulatorChannel(cb, pos);
      if (oc >= channels) continue;
      uint32_t folded = bias != nullptr ? static_cast<uint32_t>(bias[oc]) : 0;
      for (size_t t = 0; t < num_taps; ++t) {
        const int32_t w = weight(t, oc);
        folded -= static_cast<uint32_t>(p.input_zero_point) * static_cast<uint32_t>(w);
        const int16_t w16 = static_cast<int16_t>(w);
        std::memcpy(block + 4 * cb + (t / 2) * 4 * cb + pos * 4 + (t % 2) * 2, &w16, 2);
      }
      const int32_t folded32 = static_cast<int32_t>(folded);
      std::memcpy(block + pos * 4, &folded32, 4);
      mult[b * cb + pos] = p.multiplier[oc];
      shift[b * cb + pos] = p.shift[oc];
    }
  }
  op->requant_ = RequantTable(mult.data(), shift.data(), mult.size(), p.output_zero_point, p.act_min, p.act_max);
  op->requant_view_ = op->requant_.view();
  op->zero_vector_.assign(Align64(channels) + 64, static_cast<uint8_t>(p.input_zero_point));

  size_t scratch = Align64(num_taps * sizeof(void*)) + Align64(num_taps * kernels::dwconv::kStagingBytesPerTap);
  if (p.depth_multiplier > 1) scratch += Align64(num_taps * channels);
  op->scratch_size_ = scratch;
  return op;
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
  const void* packed = packed_.data() + packed_offset_;
  for (size_t tile = tile_begin; tile < tile_end; ++tile) {
    const size_t b = tile / p_.output_h;
    const int oy = static_cast<int>(tile % p_.output_h);
    const uint8_t* in_batch = in + b * p_.input_h * row_stride;
    uint8_t* out_row = out + tile * p_.output_w * channels_;
    for (int ox = 0; ox < p_.output_w; ++ox) {
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

}  // namespace octet
